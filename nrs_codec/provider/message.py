"""Pre-flight of the message text: its parts in the requested encoding (105, 113, 422) and the
engine's suggestions (``nrs_codec.suggest``) when a change would make it cheaper or sendable."""

from __future__ import annotations

from .._text import chars, plural
from ..core import codes
from ..core.engine import analyze
from ..core.results import Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ..core.rules import UTF16
from ..core.suggest import Suggestion, suggest
from .errors import Findings
from .profile import Profile


def analysis(
    text: str, encoding: str, parts: int | None, profile: Profile, found: Findings
) -> Analysis | None:
    """The message's analysis in the requested encoding; None (with the error) when it has none.
    More parts than ``parts`` allows is 105."""
    try:
        a = profile.analyze(text, encoding)
    except InvalidTextError as exc:
        found.error(codes.INPUT_VALIDATION, "message", str(exc))
        return None
    except TooManyPartsError as exc:
        found.error(codes.TEXT_TOO_LONG, "message", str(exc))
        return None
    except EncodingError as exc:
        found.error(
            codes.INVALID_CODING,
            "message",
            f"{encoding} cannot represent {chars(exc.chars, total=exc.count)}{_other(text, profile)}",
        )
        return None
    if parts is not None and a.parts > parts:
        unit = "UTF-16 code units" if encoding == UTF16 else "septets"
        found.error(
            codes.TEXT_TOO_LONG,
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
        return f"; even {exc.encoding} needs {'' if exc.exact else 'at least '}{exc.parts} parts"
    return f"; {a.encoding} can, in {plural(a.parts, 'part')}"


def suggestions(text: str, encoding: str, profile: Profile) -> tuple[Suggestion, ...]:
    """The changes that would save parts, avoid ``utf-16`` or make the message sendable in the
    requested encoding, with the profile's gateway options; none for text that is not valid
    Unicode (its error 422 says why)."""
    try:
        return suggest(
            text,
            encoding,
            ref16=profile.ref16,
            force_shifts=profile.force_shifts,
            encodings=profile.encodings,
        )
    except InvalidTextError:
        return ()
