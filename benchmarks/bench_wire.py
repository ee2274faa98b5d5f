"""Septet hot paths, compiled twin against the reference, and encode/decode of a whole message.

Run: ``pytest benchmarks/bench_wire.py --benchmark-json=/tmp/wire.json`` and
``python benchmarks/ratios.py /tmp/wire.json`` for compiled / reference ratios.
"""

from __future__ import annotations

import pytest

import nrs_codec
from nrs_codec._native import engine as _cpacking
from nrs_codec.core import septets as _packing

TWINS = pytest.mark.parametrize(
    "m", [_packing, _cpacking], ids=lambda m: "reference" if m is _packing else "compiled"
)
TEXT = "Olá! A sua encomenda nº 1234 chega amanhã entre as 9h e as 13h. Dúvidas? Ligue 800 100 200. €5"
PART = (TEXT * 2)[:150]
SEPTETS, _ = _packing.to_septets(PART, 3, 3)
PACKED = _packing.pack(SEPTETS, 1)


@TWINS
def test_to_septets(benchmark, m):
    benchmark.group = f"to_septets ({len(PART)} characters)"
    assert benchmark(m.to_septets, PART, 3, 3)[1] == len(PART)


@TWINS
def test_from_septets(benchmark, m):
    benchmark.group = f"from_septets ({len(PART)} characters)"
    assert benchmark(m.from_septets, SEPTETS, 3, 3)[0] == PART


@TWINS
def test_pack(benchmark, m):
    benchmark.group = f"pack ({len(PART)} characters)"
    assert benchmark(m.pack, SEPTETS, 1) == PACKED


@TWINS
def test_unpack(benchmark, m):
    benchmark.group = f"unpack ({len(PART)} characters)"
    assert benchmark(m.unpack, PACKED, len(SEPTETS), 1) == SEPTETS


def test_encode_three_parts(benchmark):
    segments = benchmark(nrs_codec.encode, TEXT * 4, reference=1)
    assert len(segments) == 3


def test_decode_and_reassemble_three_parts(benchmark):
    segments = nrs_codec.encode(TEXT * 4, reference=1)

    def decode_all():
        return nrs_codec.reassemble(
            [nrs_codec.decode_user_data(s.user_data, s.udl, s.data_coding) for s in segments]
        )

    assert benchmark(decode_all) == TEXT * 4
