"""Smart encoding: typographic look-alikes replaced by the GSM characters they stand for.

Word processors and phones put curly quotes, dashes, ellipses and special spaces into text; each
of them is outside the GSM alphabet and alone forces a message into UTF-16, with 70 characters a
part instead of 160. ``smart_encode`` swaps them for their plain GSM counterparts and says what it
changed. It touches nothing else: letters (``ç``, ``á``) and emoji are the sender's words, and
whether ``gsm-pt`` or ``utf-16`` carries them is the encoder's choice, not a substitution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_FIND = re.compile("|".join(map(re.escape, sorted(LOOKALIKES, key=len, reverse=True))))


@dataclass(frozen=True, slots=True)
class Replacement:
    """One substitution: the code-point ``index`` in the original text, the character there and
    what replaced it (empty for a removed invisible character)."""

    index: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class SmartText:
    """The text after smart encoding and the replacements made, in text order."""

    text: str
    replacements: tuple[Replacement, ...]

    @property
    def changed(self) -> bool:
        return bool(self.replacements)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "replacements": [
                {"index": r.index, "before": r.before, "after": r.after} for r in self.replacements
            ],
        }


def smart_encode(text: str) -> SmartText:
    """Replace typographic look-alikes in ``text`` with GSM characters (see ``LOOKALIKES``)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    replacements = tuple(
        Replacement(m.start(), m.group(), LOOKALIKES[m.group()]) for m in _FIND.finditer(text)
    )
    if not replacements:
        return SmartText(text, ())
    return SmartText(_FIND.sub(lambda m: LOOKALIKES[m.group()], text), replacements)
