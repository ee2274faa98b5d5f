"""Smart encoding: text rewritten into the GSM characters it stands for, before it is sent.

Two rewrites, and nothing else:

1. **Composition** (Unicode NFC): decomposed letters, as text pasted from macOS or iOS often has
   (``"O"`` + ``"a"`` + COMBINING ACUTE ACCENT), become the precomposed letters that the GSM
   tables hold (``"á"``), and canonical singletons become their canonical twins (U+2000 EN QUAD is
   U+2002 EN SPACE). The visible text does not change.
2. **Look-alikes** (``LOOKALIKES``): typographic characters that word processors and phones put
   into text, each outside the GSM alphabet and alone forcing a message into UTF-16 (70 characters
   a part instead of 160): curly single and double quotes, primes, guillemets and accents used as
   apostrophes (including the backtick `````, which the GSM default alphabet lacks) become ``'`` or
   ``"``; hyphens, dashes, the minus sign and bullets become ``-``; the ellipsis ``...``;
   no-break, fixed-width and ideographic spaces and the TAB character a plain space; line and
   paragraph separators a line feed; a few modifier letters (``ˆ``, ``˜``, ``⁄``, ``∖``, ``¦``)
   their ASCII twins; invisible characters (zero-width space, word joiner, byte order mark, soft
   hyphen) are removed.

Letters (``ç``, ``á``, ``ж``) and emoji are the sender's words: whether ``gsm-pt`` or ``utf-16``
carries them is the encoder's choice, not a substitution.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

# Look-alike -> GSM replacement (default alphabet or its extension table; "" removes an invisible
# character). Grouped by what the characters are.
LOOKALIKES: dict[str, str] = {
    # single quotes, apostrophes, primes and accents used as apostrophes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2035": "'",
    "\u2039": "'", "\u203a": "'", "\u00b4": "'", "\u0060": "'", "\u02bc": "'", "\u02b9": "'",
    "\uff07": "'",
    # double quotes, guillemets and double primes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u2036": '"',
    "\u00ab": '"', "\u00bb": '"', "\u02ba": '"', "\uff02": '"',
    # hyphens, dashes and the minus sign
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2043": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # ellipsis and two-dot leader
    "\u2026": "...", "\u2025": "..",
    # spaces: no-break, fixed-width, narrow, ideographic, tab
    "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
    # invisible characters: zero-width space, word joiner, byte order mark, soft hyphen
    "\u200b": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    # line and paragraph separators
    "\u2028": "\n", "\u2029": "\n",
    # bullets
    "\u2022": "-", "\u2023": "-", "\u25e6": "-", "\u2219": "-", "\u25aa": "-", "\u25cf": "-",
    # modifier letters and symbols with a GSM twin
    "\u02c6": "^", "\u02dc": "~", "\u2044": "/", "\u2215": "/", "\u00a6": "|", "\u2223": "|",
    "\u2216": "\\", "\uff5e": "~",
}  # fmt: skip

_TRANSLATE = str.maketrans(LOOKALIKES)
_DROP = str.maketrans(dict.fromkeys(LOOKALIKES, ""))
# Every look-alike is one character, so one character class finds them all.
_FIND = re.compile("[" + "".join(map(re.escape, LOOKALIKES)) + "]")
COMPOSITION, LOOKALIKE = "composition", "look-alike"


@dataclass(frozen=True, slots=True)
class Replacement:
    """One rewrite: the code-point ``index`` in the original text, the characters there
    (``before``: one look-alike, or a letter with its combining marks), what replaced them
    (``after``, empty for a removed invisible character) and which rewrite it was (``kind``:
    ``"composition"`` or ``"look-alike"``)."""

    index: int
    before: str
    after: str
    kind: str = LOOKALIKE


class Replacements(Sequence[Replacement]):
    """The replacements of one smart encoding, in text order: a sequence that compares equal to a
    tuple (or list) of the same ``Replacement`` objects.

    A text with nothing to compose has its look-alike replacements made as they are read, from
    the text itself: ``smart_encode("“" * 10**7)`` costs the rewritten text, not ten million
    objects, and ``len`` counts them without making them. Indexing finds where each is, once.
    """

    __slots__ = ("_source", "_items", "_count", "_starts")

    def __init__(self, items: Sequence[Replacement] = (), *, lookalikes_of: str | None = None):
        self._source = lookalikes_of
        self._items: tuple[Replacement, ...] | None = None if lookalikes_of is not None else tuple(items)
        self._count: int | None = None if lookalikes_of is not None else len(self._items)
        self._starts: array | None = None

    def __iter__(self) -> Iterator[Replacement]:
        if self._items is not None:
            return iter(self._items)
        return (
            Replacement(m.start(), m.group(), LOOKALIKES[m.group()]) for m in _FIND.finditer(self._source)
        )

    def __len__(self) -> int:
        if self._count is None:  # what is left when the look-alikes go: no object per look-alike
            self._count = len(self._source) - len(self._source.translate(_DROP))
        return self._count

    def __bool__(self) -> bool:
        if self._count is None:
            return _FIND.search(self._source) is not None
        return self._count > 0

    def __getitem__(self, index):
        if self._items is not None:
            return self._items[index]
        if self._starts is None:
            self._starts = array("q", [m.start() for m in _FIND.finditer(self._source)])
            self._count = len(self._starts)
        if isinstance(index, slice):
            return tuple(self._at(i) for i in self._starts[index])
        return self._at(self._starts[index])

    def _at(self, i: int) -> Replacement:
        before = self._source[i]
        return Replacement(i, before, LOOKALIKES[before])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Replacements | tuple | list):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        shown = [repr(r) for _, r in zip(range(3), self, strict=False)]
        more = f", ... {len(self) - 3} more" if len(self) > 3 else ""
        return f"Replacements([{', '.join(shown)}{more}])"

    def __reduce__(self) -> tuple:
        return Replacements, (tuple(self),)


@dataclass(frozen=True, slots=True)
class SmartText:
    """The text after smart encoding and the replacements made, in text order (``Replacements``,
    a sequence equal to the tuple of them)."""

    text: str
    replacements: Replacements

    @property
    def changed(self) -> bool:
        """True when anything was rewritten."""
        return bool(self.replacements)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the text and each replacement's index, before, after and kind."""
        return {
            "text": self.text,
            "replacements": [
                {"index": r.index, "before": r.before, "after": r.after, "kind": r.kind}
                for r in self.replacements
            ],
        }


def smart_encode(text: str) -> SmartText:
    """``text`` with decomposed letters composed (NFC) and look-alikes replaced by GSM characters.

    Returns a ``SmartText``: the new text and every ``Replacement`` with its index in ``text``.
    Raises ``TypeError`` when ``text`` is not a ``str``.

    >>> smart_encode("“Ola\u0301” – ate\u0301 ja\u0301…").text
    '"Olá" - até já...'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not unicodedata.is_normalized("NFC", text):
        return _by_cluster(text)
    if not _FIND.search(text):
        return SmartText(text, Replacements())
    return SmartText(text.translate(_TRANSLATE), Replacements(lookalikes_of=text))


def _by_cluster(text: str) -> SmartText:
    """Composition never crosses an extended grapheme cluster, so each cluster is composed and
    rid of look-alikes on its own, and reported where it changed. A run of characters that
    neither composition nor the look-alikes change, and that are each a cluster of their own
    (``_STABLE``), is taken whole but for its last character, which marks may follow."""
    out = []
    replacements = []
    for m in _clusters().finditer(text):
        cluster = m.group()
        if m.lastindex == 1:
            out.append(cluster)
            continue
        composed = unicodedata.normalize("NFC", cluster)
        after = composed.translate(_TRANSLATE)
        if after != cluster:
            kind = LOOKALIKE if after != composed else COMPOSITION
            replacements.append(Replacement(m.start(), cluster, after, kind))
        out.append(after)
    return SmartText("".join(out), Replacements(replacements))


@cache
def _clusters():
    """A run of stable characters but its last (group 1), else one extended grapheme cluster.
    Stable: a grapheme cluster break of ``Other`` (two of them always have a cluster boundary
    between them), unchanged by NFC in any context but before marks (quick check Yes, combining
    class 0), and not a look-alike."""
    import regex

    stable = (
        r"[[\p{Grapheme_Cluster_Break=Other}&&\p{NFC_Quick_Check=Yes}&&\p{Canonical_Combining_Class=0}]"
        "--[" + "".join(map(re.escape, LOOKALIKES)) + "]]"
    )
    return regex.compile(rf"(?V1)({stable}+(?={stable}))|\X")


def shortest(text: str) -> int:
    """A lower bound of ``len(smart_encode(text).text)``, in one quick pass: a caller can tell
    that even the rewritten text cannot fit, without rewriting it."""
    return len(unicodedata.normalize("NFC", text)) - sum(
        text.count(c) for c, r in LOOKALIKES.items() if not r
    )
