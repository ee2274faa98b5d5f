"""The benchmark cases, shared by the pytest-benchmark suite and ``report.py``.

Every case analyses the same generated corpus (``corpus.py``) and counts characters per second,
so that cases of different sizes compare as rates. The slow baselines (the pure-Python reference,
the smpplib peer) run on the corpus' first ``SLOW_ROWS`` messages. The cases named ``long: ...``
run on the corpus of longer messages (``long_corpus``), against the same yardstick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import smpplib.consts
import smpplib.gsm
from corpus import corpus, long_corpus

from nrs_codec import ENCODINGS, analyze_many
from nrs_codec.batch.many import analyze_many_on
from nrs_codec.core import reference as _reference

ROWS = 200_000
SLOW_ROWS = 5_000


@dataclass(frozen=True)
class Case:
    name: str
    run: Callable[[], object]
    chars: int


def smpplib_parts(texts: list[str]) -> list[int]:
    """Parts per message by smpplib's splitter: GSM default alphabet, else UCS-2."""
    return [len(smpplib.gsm.make_parts(t, smpplib.consts.SMPP_ENCODING_DEFAULT)[0]) for t in texts]


def cases(rows: int = ROWS, slow_rows: int = SLOW_ROWS) -> dict[str, Case]:
    texts = corpus(rows)
    arrow = pa.array(texts, pa.string())
    slow = texts[:slow_rows]
    chars, slow_chars = sum(map(len, texts)), sum(map(len, slow))
    # smpplib knows only the GSM default alphabet and UCS-2: compare on the same choice.
    peer_allowed = ("gsm", "utf-16")
    return {
        c.name: c
        for c in [
            Case("list, workers=1", lambda: analyze_many(texts, workers=1), chars),
            Case("list, workers=2", lambda: analyze_many(texts, workers=2), chars),
            Case("arrow, workers=1", lambda: analyze_many(arrow, workers=1), chars),
            Case("arrow, workers=2", lambda: analyze_many(arrow, workers=2), chars),
            Case("reference", lambda: analyze_many_on(_reference, slow), slow_chars),
            Case("gsm/ucs-2, workers=1", lambda: analyze_many(texts, allowed=peer_allowed), chars),
            Case("all languages, workers=1", lambda: analyze_many(texts, allowed=ENCODINGS), chars),
            Case("smpplib", lambda: smpplib_parts(slow), slow_chars),
            # The yardstick: CPython's own UTF-16 encoder over the same strings, in a loop.
            Case("str.encode('utf-16-le')", lambda: [t.encode("utf-16-le") for t in texts], chars),
            *long_cases(rows),
        ]
    }


def long_cases(rows: int = ROWS) -> list[Case]:
    """List and Arrow input and the yardstick on the corpus of longer messages."""
    texts = long_corpus(rows)
    arrow = pa.array(texts, pa.string())
    chars = sum(map(len, texts))
    return [
        Case("long: list, workers=1", lambda: analyze_many(texts, workers=1), chars),
        Case("long: arrow, workers=1", lambda: analyze_many(arrow, workers=1), chars),
        Case("long: list, workers=2", lambda: analyze_many(texts, workers=2), chars),
        Case("long: str.encode('utf-16-le')", lambda: [t.encode("utf-16-le") for t in texts], chars),
    ]
