"""Extended grapheme cluster boundaries (Unicode UAX #29), from the maintained ``regex`` module.

Only the ``keep_graphemes`` path needs them, so the import is deferred until then. The boundaries
come one by one, as the walk over the parts reads them: a walk that stops at the 256th part has
found no more clusters than those parts hold.
"""

from __future__ import annotations

from collections.abc import Iterator


def cluster_starts(text: str) -> Iterator[int]:
    """Code-point index where each extended grapheme cluster of ``text`` starts, then ``len(text)``."""
    import regex

    for m in regex.finditer(r"\X", text):
        yield m.start()
    yield len(text)
