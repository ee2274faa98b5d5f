"""Extended grapheme cluster boundaries (Unicode UAX #29), from the maintained ``regex`` module.

Only the ``keep_graphemes`` path needs them, so the import is deferred until then.
"""

from __future__ import annotations


def cluster_starts(text: str) -> list[int]:
    """Code-point index where each extended grapheme cluster of ``text`` starts, then ``len(text)``."""
    import regex

    starts = [m.start() for m in regex.finditer(r"\X", text)]
    starts.append(len(text))
    return starts
