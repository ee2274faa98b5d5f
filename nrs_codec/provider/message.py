"""Pre-flight of the message text: its parts in the requested encoding (105, 113, 422) and the
smart-encoding suggestion when replacing look-alikes would make it cheaper or sendable."""

from __future__ import annotations

from .._text import chars, listing, plural
from ..core.engine import analyze
from ..core.results import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ..core.rules import UTF16, capacity, udh_octets
from ..core.smart import shortest, smart_encode
from .errors import Findings
from .profile import Profile

# The most characters one concatenated part can carry: 7-bit, 8-bit reference, no other element.
MULTIPART_SEPTETS = capacity(True, udh_octets(0, True, False, 0))


def analysis(
    text: str, encoding: str, parts: int | None, profile: Profile, found: Findings
) -> Analysis | None:
    """The message's analysis in the requested encoding; None (with the error) when it has none.
    More parts than ``parts`` allows is 105."""
    try:
        a = profile.analyze(text, encoding)
    except InvalidTextError as exc:
        found.error(422, "message", str(exc))
        return None
    except TooManyPartsError as exc:
        found.error(105, "message", str(exc))
        return None
    except EncodingError as exc:
        found.error(
            113,
            "message",
            f"{encoding} cannot represent {chars(exc.chars, total=exc.count)}{_other(text, profile)}",
        )
        return None
    if parts is not None and a.parts > parts:
        unit = "UTF-16 code units" if encoding == UTF16 else "septets"
        found.error(
            105,
            "message",
            f"the message needs {plural(a.parts, 'part')} as {encoding} ({a.units} {unit}); "
            f"parts allows {parts}",
        )
    return a


def instead(text: str, name: str, profile: Profile) -> str:
    """What a message in an encoding the profile does not accept would cost in one it does."""
    try:
        a = profile.analyze(text, "auto")
    except ValueError:  # invalid text or too long: the message's own errors say so
        return ""
    accepted = f": send it as {a.encoding!r}, {plural(a.parts, 'part')}"
    try:
        wanted = analyze(text, name, ref16=profile.ref16, force_shifts=profile.force_shifts)
    except ValueError:
        return accepted
    return f"{accepted} ({name} would take {wanted.parts})"


def _other(text: str, profile: Profile) -> str:
    try:
        a = profile.analyze(text, "auto")
    except TooManyPartsError as exc:
        return f"; even {exc.encoding} needs {exc.parts} parts"
    return f"; {a.encoding} can, in {plural(a.parts, 'part')}"


def smart(text: str, encoding: str, requested: Analysis | None, profile: Profile, found: Findings) -> None:
    """Suggest smart encoding when it makes the message sendable as requested, saves parts, or
    lets it leave ``utf-16``; ``requested`` is the message's analysis as requested (None when
    that failed)."""
    if shortest(text) > MAX_PARTS * MULTIPART_SEPTETS:
        return  # even rewritten, every character costs a unit: no encoding can address it
    smart_text = smart_encode(text)
    if not smart_text.changed:
        return
    try:
        before = requested or profile.analyze(text, "auto")
        options = [profile.analyze(smart_text.text, "auto")]
        try:
            options.append(profile.analyze(smart_text.text, encoding))
        except EncodingError:
            pass
    except ValueError:
        return  # too long or invalid either way: the errors already say so
    # Fewest parts; at equal parts out of utf-16, then the encoding the request names.
    after = min(options, key=lambda a: (a.parts, a.encoding == UTF16, a.encoding != encoding))
    fixes = requested is None and after.encoding == encoding
    if not (fixes or after.parts < before.parts or (before.encoding == UTF16 and after.encoding != UTF16)):
        return
    shown = listing([f"{r.before!r}->{r.after!r}" for r in smart_text.replacements])
    switch = f" (with encoding {after.encoding!r})" if after.encoding != encoding else ""
    found.warn(
        "smart-encoding",
        f"smart encoding replaces {plural(len(smart_text.replacements), 'look-alike')} ({shown}): "
        f"{after.encoding} in {plural(after.parts, 'part')}{switch} instead of "
        f"{before.encoding} in {plural(before.parts, 'part')}",
        details=(
            ("encodingBefore", before.encoding),
            ("partsBefore", before.parts),
            ("encodingAfter", after.encoding),
            ("partsAfter", after.parts),
            ("text", smart_text.text),
        ),
    )
