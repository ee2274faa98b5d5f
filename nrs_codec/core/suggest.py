"""Savings suggestions: changes to a message that save parts or take it out of ``utf-16``.

Each kind is one change, judged by ``analyze`` on the changed text:

- ``smart-encoding``: typographic look-alikes replaced by GSM characters (``smart_encode``);
- ``line-endings``: CR LF and lone CR line breaks written as LF (one septet instead of two);
- ``shorten-urls``: every http(s) link longer than the provider's short links replaced by one
  (``https://sms.tl/`` and 6 letters or digits, from ``POST /api/rest/shortener/shorten``);
- ``encoding``: the cheapest of the provider's encodings (``encodings``), when the caller forced
  another or allowed fewer.

Only a change that saves parts, or leaves ``utf-16`` at no more parts, is suggested. When changes
compound (together they do better than the best of them alone) one more suggestion, ``combined``,
applies them together and ``kinds`` names them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, islice

from .._text import SHOWN, listing, plural
from .engine import analyze
from .links import SHORT_LINK, SHORTENER, find_urls
from .results import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from .rules import DEFAULT_ALLOWED, UTF16, capacity, normalize_encoding, plan, udh_octets
from .smart import LOOKALIKES, shortest, smart_encode

# Whether smart encoding has anything to do: one character class, much quicker than its alternation.
_ANY_LOOKALIKE = re.compile("[" + "".join(map(re.escape, LOOKALIKES)) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
KINDS = ("smart-encoding", "line-endings", "shorten-urls", "encoding")
_NAMES = {
    "smart-encoding": "smart encoding",
    "line-endings": "LF line breaks",
    "shorten-urls": "shortened links",
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One change that saves parts or avoids ``utf-16``: the message before and after it.

    ``kind`` is one of ``KINDS`` or ``"combined"`` (then ``kinds`` lists the changes applied
    together); ``text`` is the message with the change made (placeholders ``SHORT_LINK`` for
    shortened links); ``parts_before`` and ``encoding_before`` are None when the message cannot be
    sent as asked (error 113 or more than 255 parts) and the change makes it sendable.
    """

    kind: str
    description: str
    parts_before: int | None
    parts_after: int
    encoding_before: str | None
    encoding_after: str
    text: str
    kinds: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready, in the provider's camelCase."""
        return {
            "kind": self.kind,
            "kinds": list(self.kinds),
            "description": self.description,
            "partsBefore": self.parts_before,
            "partsAfter": self.parts_after,
            "encodingBefore": self.encoding_before,
            "encodingAfter": self.encoding_after,
            "text": self.text,
        }


# The last text smart-encoded and its result: one suggest asks for the same text once alone and
# once more in each combination.
_last_smart: tuple[str, object] = ("", None)


def _smart(text: str) -> tuple[str, str] | None:
    global _last_smart
    last, found = _last_smart
    if last is text or last == text:
        return found
    found = _smart_encoded(text)
    _last_smart = (text, found)
    return found


def _smart_encoded(text: str) -> tuple[str, str] | None:
    if not _ANY_LOOKALIKE.search(text):
        return None
    s = smart_encode(text)
    if not s.changed:
        return None
    count = len(s.replacements)
    shown = listing([f"{r.before!r}->{r.after!r}" for r in islice(s.replacements, SHOWN)], total=count)
    return s.text, f"replace {plural(count, 'typographic look-alike')} with GSM characters ({shown})"


def _line_endings(text: str) -> tuple[str, str] | None:
    if "\r" not in text:
        return None
    crlf = text.count("\r\n")
    lone = text.count("\r") - crlf
    what = " and ".join(w for w in (f"{crlf} CR LF" * bool(crlf), f"{lone} lone CR" * bool(lone)) if w)
    return text.replace("\r\n", "\n").replace("\r", "\n"), f"write the line breaks as LF ({what})"


def _shorten(text: str) -> tuple[str, str] | None:
    if "://" not in text:
        return None
    spans = [(a, b) for a, b in find_urls(text) if b - a > len(SHORT_LINK)]
    if not spans:
        return None
    out, last = [], 0
    for a, b in spans:
        out += [text[last:a], SHORT_LINK]
        last = b
    out.append(text[last:])
    return "".join(out), (
        f"shorten {plural(len(spans), 'link')} with the provider's shortener ({SHORTENER}); its links "
        f"are https://sms.tl/ and 6 characters, shown as {SHORT_LINK} until you put the real ones in"
    )


_TEXT_CHANGES: dict[str, Callable[[str], tuple[str, str] | None]] = {
    "smart-encoding": _smart,
    "line-endings": _line_endings,
    "shorten-urls": _shorten,
}


def _better(after: Analysis | None, before: Analysis | None) -> bool:
    """Whether ``after`` saves parts over ``before``, or leaves utf-16 at no more parts; any
    sendable result is better than none."""
    if after is None:
        return False
    if before is None:
        return True
    if after.parts != before.parts:
        return after.parts < before.parts
    return before.encoding == UTF16 and after.encoding != UTF16


def _rank(a: Analysis) -> tuple[int, bool]:
    return (a.parts, a.encoding == UTF16)


def _was(before: Analysis | None, failure: str) -> str:
    if before is None:
        return failure
    return f"{before.encoding} in {plural(before.parts, 'part')}"


@lru_cache(maxsize=256)
def _cached_choices(encoding, allowed, ref16, extra_udh, force_shifts, encodings):
    plan(encoding, allowed, ref16, extra_udh, force_shifts)  # the caller's mistakes raise, as analyze's
    plan("auto", encodings, ref16, extra_udh, force_shifts)
    forced = normalize_encoding(encoding)
    names = tuple(normalize_encoding(e, allow_auto=False) for e in allowed)
    offered = tuple(normalize_encoding(e, allow_auto=False) for e in encodings)
    first = names if forced == "auto" else (forced,)
    # The caller's order first, the other encodings on offer after, utf-16 last: at equal parts
    # the suggestion is the one that avoids utf-16.
    ordered = [e for e in dict.fromkeys([*first, *offered]) if e != UTF16]
    widest = (*ordered, UTF16) if UTF16 in (*first, *offered) else tuple(ordered)
    narrower = forced != "auto" or set(widest) > set(names)
    return forced, names, widest, narrower


def _choices(*options) -> tuple[str, tuple, tuple, bool]:
    """The requested encoding, the allowed names, the widest set of encodings to suggest from (in
    preference order), and whether it is wider than what was asked; validated and cached."""
    try:
        return _cached_choices(*options)
    except TypeError as exc:
        if "unhashable" not in str(exc):
            raise
        # An option of the wrong type, which cannot be a cache key: plan() says what is wrong.
        return _cached_choices.__wrapped__(*options)


# The most characters a message can have and still be sent: 255 parts of 153 one-unit characters.
_MOST_CHARACTERS = MAX_PARTS * capacity(True, udh_octets(0, True, False, 0))


def _hopeless(text: str) -> bool:
    """Whether no change could bring ``text`` under 255 parts: every character costs a unit, and
    even with decomposed letters composed, invisible characters removed and every URL shortened
    it keeps more characters than the most a message can have. One quick pass over a text that
    is too long to be analysed again and again."""
    if len(text) <= _MOST_CHARACTERS:
        return False
    urls = sum(max(0, b - a - len(SHORT_LINK)) for a, b in find_urls(text)) if "://" in text else 0
    return shortest(text) - urls > _MOST_CHARACTERS


def suggest(
    text: str,
    encoding: str = "auto",
    *,
    allowed: Iterable[str] = DEFAULT_ALLOWED,
    keep_graphemes: bool = False,
    ref16: bool = False,
    extra_udh: int = 0,
    force_shifts: bool = False,
    encodings: Iterable[str] = DEFAULT_ALLOWED,
) -> tuple[Suggestion, ...]:
    """The changes to ``text`` that save parts or avoid ``utf-16``, analysed with ``analyze``'s
    options; the ``combined`` one last when changes compound. ``encodings`` are those an
    ``encoding`` suggestion may move to (default the provider's three; pre-flight passes its
    profile's).

    Raises what ``analyze`` raises for text that is not a ``str``, a lone surrogate or options that
    are not valid. A text that cannot be sent as asked (error 113, more than 255 parts) is not an
    error here: a change that makes it sendable is a suggestion with ``parts_before`` None.

        >>> [(s.kind, s.parts_before, s.parts_after, s.encoding_after) for s in suggest("“Olá” – até já…")]
        [('smart-encoding', 1, 1, 'gsm-pt')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    lone = _SURROGATE.search(text)
    if lone:
        raise InvalidTextError(lone.start(), lone.group())
    if _hopeless(text):
        return ()
    options = dict(keep_graphemes=keep_graphemes, ref16=ref16, extra_udh=extra_udh, force_shifts=force_shifts)
    # Tuples, to be cache keys; a str stays one, for plan() to say why it is not a sequence.
    allowed = allowed if isinstance(allowed, str) else tuple(allowed)
    encodings = encodings if isinstance(encodings, str) else tuple(encodings)
    forced, names, widest, narrower = _choices(encoding, allowed, ref16, extra_udh, force_shifts, encodings)
    changes: dict[str, tuple[str, str]] = {}
    for kind, change in _TEXT_CHANGES.items():
        found = change(text)
        if found is not None:
            changes[kind] = found
    applicable = [*changes, *(["encoding"] if narrower else [])]
    if not applicable:
        return ()
    trial = _Trial(text, encoding, forced, names, widest, options)
    out, singles = _each_alone(trial, applicable, changes)
    combined = _best_combination(trial, applicable, singles)
    return tuple(out + ([combined] if combined is not None else []))


class _Trial:
    """One text's analysis before any change, and the analysis of any set of changes to it."""

    def __init__(self, text: str, encoding: str, forced: str, names: tuple, widest: tuple, options: dict):
        self.text, self.encoding, self.forced = text, encoding, forced
        self.names, self.widest, self.options = names, widest, options
        self.failure = ""
        try:
            self.before: Analysis | None = analyze(text, encoding, allowed=names, **options)
        except EncodingError as exc:
            self.before = None
            self.failure = f"error 113 ({exc.encoding} cannot carry {plural(exc.count, 'character')})"
        except TooManyPartsError as exc:
            at_least = "" if exc.exact else "at least "
            self.before, self.failure = None, f"more than 255 parts ({at_least}{exc.parts} as {exc.encoding})"

    def outcome(self, text: str, widen: bool) -> Analysis | None:
        """``text`` analysed as the message is, or with every encoding allowed (``widen``)."""
        try:
            if widen:
                return analyze(text, "auto", allowed=self.widest, **self.options)
            return analyze(text, self.encoding, allowed=self.names, **self.options)
        except (EncodingError, TooManyPartsError):
            return None

    def apply(self, kinds: tuple[str, ...]) -> tuple[str, Analysis | None]:
        """The text with the changes ``kinds`` made in order, and its analysis."""
        changed = self.text
        for kind in kinds:
            found = _TEXT_CHANGES[kind](changed) if kind in _TEXT_CHANGES else None
            if found is not None:  # an earlier change may have left nothing for this one
                changed = found[0]
        return changed, self.outcome(changed, "encoding" in kinds)

    def suggestion(self, kind: str, kinds: tuple[str, ...], what: str, after: Analysis, text: str, note=""):
        return _suggestion(kind, kinds, what, self.before, self.failure, after, text, note)


def _each_alone(
    trial: _Trial, applicable: list[str], changes: dict[str, tuple[str, str]]
) -> tuple[list[Suggestion], list[Analysis]]:
    """Each applicable change alone: the suggestions that do better than the text as it is, and
    the analysis of every change that can be sent."""
    out: list[Suggestion] = []
    singles: list[Analysis] = []
    for kind in applicable:
        changed, after = trial.apply((kind,))
        if after is not None:
            singles.append(after)
        if not _better(after, trial.before):
            continue
        if kind == "encoding":
            what = (
                f"send as {after.encoding} instead of the requested {trial.forced}"
                if trial.forced != "auto"
                else f"allow {after.encoding} (allowed: {', '.join(trial.names)})"
            )
        else:
            what = changes[kind][1]
        out.append(trial.suggestion(kind, (kind,), what, after, changed))
    return out, singles


def _best_combination(trial: _Trial, applicable: list[str], singles: list[Analysis]) -> Suggestion | None:
    """The best combination of two or more changes, when it does better than the text as it is
    and than the best change alone."""
    best: tuple[tuple[str, ...], str, Analysis] | None = None
    for size in range(2, len(applicable) + 1):
        for kinds in combinations(applicable, size):
            changed, after = trial.apply(kinds)
            if after is not None and (best is None or _rank(after) < _rank(best[2])):
                best = (kinds, changed, after)
    if best is None:
        return None
    kinds, changed, after = best
    alone = min(singles, key=_rank, default=None)
    if not _better(after, trial.before) or (alone is not None and _rank(after) >= _rank(alone)):
        return None
    together = [_NAMES.get(k, f"encoding {after.encoding}") for k in kinds]
    what = f"{', '.join(together[:-1])} and {together[-1]} together"
    note = (
        ""
        if alone is None
        else f" (the best of them alone: {alone.encoding} in {plural(alone.parts, 'part')})"
    )
    return trial.suggestion("combined", kinds, what, after, changed, note)


def _suggestion(
    kind: str,
    kinds: tuple[str, ...],
    what: str,
    before: Analysis | None,
    failure: str,
    after: Analysis,
    text: str,
    note: str = "",
) -> Suggestion:
    description = (
        f"{what[:1].upper()}{what[1:]}: {after.encoding} in {plural(after.parts, 'part')} "
        f"instead of {_was(before, failure)}{note}."
    )
    return Suggestion(
        kind=kind,
        description=description,
        parts_before=None if before is None else before.parts,
        parts_after=after.parts,
        encoding_before=None if before is None else before.encoding,
        encoding_after=after.encoding,
        text=text,
        kinds=kinds,
    )


__all__ = ["KINDS", "SHORTENER", "SHORT_LINK", "Suggestion", "find_urls", "suggest"]
