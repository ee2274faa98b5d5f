"""The link search (core.links): where each http(s) link starts and ends, in time linear in the text."""

from __future__ import annotations

import re

from _limits import within
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import suggest
from nrs_codec.core.links import find_urls


def trimmed_one_character_at_a_time(text: str) -> list[tuple[int, int]]:
    """The rule as first written: quadratic (each step counts the brackets again), plain to read."""
    spans = []
    for m in re.finditer(r"""https?://[^\s<>"'`]+""", text, re.IGNORECASE):
        end = m.end()
        while end > m.start():
            last = text[end - 1]
            opened = {")": "(", "]": "[", "}": "{"}.get(last)
            if last in ".,;:!?" or (
                opened and text.count(opened, m.start(), end) < text.count(last, m.start(), end)
            ):
                end -= 1
            else:
                break
        spans.append((m.start(), end))
    return spans


def test_sentence_punctuation_and_unopened_brackets_are_left_out():
    text = "See https://x.pt/a. Or (https://x.pt/b), https://en.wikipedia.org/wiki/Sines_(Portugal)!"
    assert [text[a:b] for a, b in find_urls(text)] == [
        "https://x.pt/a",
        "https://x.pt/b",
        "https://en.wikipedia.org/wiki/Sines_(Portugal)",
    ]
    assert find_urls("HTTP://x.pt/(a)]).") == [(0, 15)]
    assert find_urls("http://.), http://") == [(0, 7)]  # a scheme with nothing after it is no link


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*'ab/.,;:!?()[]{} "<', "http://", "https://", "HTTP://"]), max_size=40).map(
        "".join
    )
)
def test_same_spans_as_trimming_one_character_at_a_time(text):
    assert find_urls(text) == trimmed_one_character_at_a_time(text)


def test_a_megabyte_of_closing_brackets_is_searched_in_linear_time():
    # Trimming one bracket at a time and counting again took 9 s at 160,000 characters and would
    # take about half an hour here; the search takes a fraction of a second.
    with within(20):
        assert find_urls("http://x" + ")" * 1_000_000) == [(0, 8)]
        assert find_urls("http://x" + "(" * 300_000 + ")" * 700_000) == [(0, 300_008 + 300_000)]
        assert len(find_urls("http://(x)] " * 90_000)) == 90_000


def test_suggest_on_the_attack_body_is_linear():
    # The body that held /v1/analyze, /v1/suggest and /api/rest/sms for 4.9 s at 39 KB, at 25 times
    # its length.
    text = "“\r" + "http://" + "x" * 30 + ")" * (38_900 * 25)
    with within(20):
        suggest(text, allowed=("gsm", "utf-16"))
        suggest(text[:40_000], allowed=("gsm", "utf-16"))
