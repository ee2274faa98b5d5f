"""Links in a message: where each http(s) URL starts and ends, and what the provider's shortener
makes of it (``shorten-urls`` suggestions count a shortened link as ``SHORT_LINK``)."""

from __future__ import annotations

import re

SHORTENER = "POST /api/rest/shortener/shorten"
SHORT_LINK = "https://sms.tl/xxxxxx"
"""Where a shortened link goes in a suggestion's text: the provider's links are ``https://sms.tl/``
and 6 letters or digits, one septet each in every locking table of the provider's encodings, so
the placeholder costs what the real link will."""

# A link runs to the first space or quote; trailing sentence punctuation is not part of it, nor is
# a closing bracket that the link itself did not open.
_URL = re.compile(r"""https?://[^\s<>"'`]+""", re.IGNORECASE)
_TRAILING = ".,;:!?"
_CLOSING = {")": "(", "]": "[", "}": "{"}


def find_urls(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each http(s) link in ``text``, trailing punctuation left out."""
    spans = []
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start():
            last = text[end - 1]
            opened = _CLOSING.get(last)
            if last in _TRAILING or (
                opened and text.count(opened, m.start(), end) < text.count(last, m.start(), end)
            ):
                end -= 1
            else:
                break
        spans.append((m.start(), end))
    return spans
