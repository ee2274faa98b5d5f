"""Links in a message: where each http(s) URL starts and ends, and what the provider's shortener
makes of it (``shorten-urls`` suggestions count a shortened link as ``SHORT_LINK``).

A link runs from ``http://`` or ``https://`` to the first space, quote or angle bracket; trailing
sentence punctuation is not part of it, nor is a closing bracket that the link itself did not
open (``(see https://x.pt/a)`` ends at ``a``, ``https://en.wikipedia.org/wiki/Sines_(Portugal)``
keeps its bracket). The search takes time in proportion to the text, whatever it holds
(``"http://x" + ")" * 100000`` included): the pattern itself stops at the last character that
always stays, and only a link that opens a bracket and is followed by punctuation or closing
brackets counts them.
"""

from __future__ import annotations

import re

SHORTENER = "POST /api/rest/shortener/shorten"
SHORT_LINK = "https://sms.tl/xxxxxx"
"""Where a shortened link goes in a suggestion's text: the provider's links are ``https://sms.tl/``
and 6 letters or digits, one septet each in every locking table of the provider's encodings, so
the placeholder costs what the real link will."""

_CHAR = r"""[^\s<>"'`]"""
_TRAILING = ".,;:!?"
_OPENING = {")": "(", "]": "[", "}": "{"}
_TAIL = _TRAILING + "".join(_OPENING)
# A scheme with something after it, up to the last character that is neither punctuation nor a
# closing bracket (none: the scheme alone); what may follow it up to the end of the run is only those.
_LINK = re.compile(rf"https?://(?={_CHAR})(?:{_CHAR}*[^\s<>\"'`{re.escape(_TAIL)}])?", re.IGNORECASE)
_RUN = re.compile(rf"{_CHAR}*")
_OPENER = re.compile("[" + re.escape("".join(_OPENING.values())) + "]")


def find_urls(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each http(s) link in ``text``, trailing punctuation left out."""
    spans = []
    for m in _LINK.finditer(text):
        start, end = m.span()
        if end < len(text) and text[end] in _TAIL and _OPENER.search(text, start, end):
            end = start + _kept(text[start : _RUN.match(text, end).end()])
        spans.append((start, end))
    return spans


def _kept(link: str) -> int:
    """How much of a link that opens brackets is the link. Read from the end, punctuation goes,
    and so does a closing bracket while the link holds more of its kind than openers; the first
    that stays ends it. When the link closes k more than it opens, the (k + 1)-th last closing
    bracket of that kind is the first to stay: each kind's stop is found by counting."""
    body = link.rstrip(_TAIL)
    tail = link[len(body) :]
    stop = len(body)
    for close, open_ in _OPENING.items():
        excess = max(link.count(close) - link.count(open_), 0)
        if tail.count(close) > excess:
            stop = max(stop, len(body) + len(tail.rsplit(close, excess + 1)[0]) + 1)
    return stop
