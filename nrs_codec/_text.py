"""How messages for people are worded, the same everywhere: counts, lists and quoted characters.

Error descriptions, warnings and the command line's summaries all go through these, so that
"1 part" / "2 parts", a long list cut to its first items, and a character with its code point and
index read the same in every place.
"""

from __future__ import annotations

from collections.abc import Iterable

SHOWN = 5  # items quoted in one sentence before "and N more"
CLIP = 60  # characters of one name or value quoted in a message (a 5 MB "column name" stays a line)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 part"``, ``"2 parts"``; ``words`` for an irregular plural."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def listing(items: list[str], shown: int = SHOWN, total: int | None = None) -> str:
    """The first ``shown`` items joined by commas, then "and N more" of ``total`` items in all
    (default ``len(items)``: ``items`` may be the first few of a longer list)."""
    total = len(items) if total is None else total
    more = f" and {total - min(shown, len(items))} more" if total > min(shown, len(items)) else ""
    return ", ".join(items[:shown]) + more


def clip(value: str, width: int = CLIP) -> str:
    """``value`` quoted as ``repr`` quotes it, cut past ``width`` characters and followed by its
    length: ``'aaaa…' (5,000,000 characters)``."""
    if len(value) <= width:
        return repr(value)
    return f"{value[: width - 1] + '…'!r} ({len(value):,} characters)"


def shown(value: object, width: int = CLIP) -> str:
    """Any value as a message quotes it: text as ``clip`` does, anything else its ``repr``, cut
    the same way (a list of 100,000 items stays a line)."""
    if isinstance(value, str):
        return clip(value, width)
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 1]}… ({len(text):,} characters)"


def bare(value: object) -> str:
    """A name in a list of them (an unknown field, a query parameter): short text as it is, else
    as ``shown`` quotes it."""
    return value if isinstance(value, str) and len(value) <= CLIP else shown(value)


def code_case(value: str) -> str:
    """A code as ISO writes it (``pt`` is PT, ``eur`` EUR), blanks around it ignored: ASCII only
    is put in capitals, since ``str.upper`` also makes ``ſ`` an S and ``ı`` an I (``"uſ"`` would
    read as US); other text is left for the code's pattern to refuse."""
    code = value.strip()
    return code.upper() if code.isascii() else code


def char_at(index: int, char: str) -> str:
    """A character as messages name it: ``'ж' (U+0436) at 3``."""
    return f"{char!r} (U+{ord(char):04X}) at {index}"


def chars(pairs: Iterable[tuple[int, str]], shown: int = SHOWN, total: int | None = None) -> str:
    """``(index, char)`` pairs as a listing of ``char_at`` (``total``: see ``listing``)."""
    return listing([char_at(i, c) for i, c in pairs], shown, total)


def quote(text: str, width: int = 40) -> str:
    """``text`` as a JSON string, cut with an ellipsis past ``width`` characters."""
    import json

    shown = text if len(text) <= width else text[: width - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)
