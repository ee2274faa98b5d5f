"""The septet hot paths: worked vectors, and the compiled twin against the reference on any input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec._generated.tables import LOCKING, SINGLE
from nrs_codec.core import septets as _packing

try:
    from nrs_codec._native import engine as _cpacking
except ImportError:  # the reference alone still gets its vectors checked, unless CI requires both
    if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
        raise
    _cpacking = None

TWINS = [_packing] + ([_cpacking] if _cpacking is not None else [])
twins = pytest.mark.parametrize("m", TWINS, ids=lambda m: "reference" if m is _packing else "compiled")
both = pytest.mark.skipif(_cpacking is None, reason="compiled packing not built")

septet_values = st.binary(max_size=200).map(lambda b: bytes(x & 0x7F for x in b))
fills = st.integers(0, 6)
# Characters of every table, a few outside them, and the escape's neighbours.
table_chars = sorted({chr(cp) for t in (*LOCKING.values(), *SINGLE.values()) if t for cp in t.values()})
texts = st.text(st.sampled_from(table_chars) | st.characters(), max_size=120)
languages = st.sampled_from(sorted(LOCKING))


@twins
def test_hellohello_packs_to_the_classic_vector(m):
    septets, stop = m.to_septets("hellohello", 0, 0)
    assert stop == 10
    assert m.pack(septets).hex().upper() == "E8329BFD4697D9EC37"
    assert m.from_septets(m.unpack(bytes.fromhex("E8329BFD4697D9EC37"), 10), 0, 0) == ("hellohello", 10)


@twins
def test_extension_characters_are_escape_and_code(m):
    # TS 23.038 §6.2.1.1: € is 0x65 of the extension table; { is 0x28.
    assert m.to_septets("€{", 0, 0) == (b"\x1b\x65\x1b\x28", 2)
    assert m.from_septets(b"\x1b\x65\x1b\x28", 0, 0) == ("€{", 4)


@twins
def test_fill_bits_shift_the_first_septet(m):
    # After a 6-octet UDH one fill bit aligns the text: 'x' (0x78) starts at bit 1.
    assert m.pack(b"x", 1) == bytes([0x78 << 1])
    # Fill bits take room even before no text: TP-UDL counts them, so TP-UD has an octet for them.
    assert m.pack(b"", 3) == b"\x00"
    assert m.pack(b"", 0) == b""
    assert m.unpack(bytes([0x78 << 1]), 1, 1) == b"x"


@twins
def test_to_septets_stops_at_the_first_character_no_table_holds(m):
    assert m.to_septets("ab中cd", 0, 0) == (b"ab", 2)
    assert m.to_septets("ab中cd", 0, 0, 3) == (b"cd", 5)
    assert m.to_septets("\ud800", 0, 0) == (b"", 0)


@twins
def test_from_septets_stops_at_what_does_not_decode(m):
    assert m.from_septets(b"ab\x1b", 0, 0) == ("ab", 2)  # ESC at the end
    assert m.from_septets(b"a\x1b\x41", 0, 0) == ("a", 1)  # 0x41 is not in the extension table
    assert m.from_septets(b"a\x80", 0, 0) == ("a", 1)
    assert m.from_septets(b"a\x1b\x80", 0, 0) == ("a", 1)


@twins
def test_bad_arguments_are_value_errors(m):
    with pytest.raises(ValueError, match="fill_bits"):
        m.pack(b"a", 7)
    with pytest.raises(ValueError, match="septet 1 is 0x80"):
        m.pack(b"a\x80")
    with pytest.raises(ValueError, match="truncated: 9 septets after 0 fill bits need 8 octets, got 7"):
        m.unpack(b"\x00" * 7, 9)
    with pytest.raises(ValueError, match="start"):
        m.to_septets("ab", 0, 0, 3)
    with pytest.raises(TypeError, match="bytes"):
        m.to_septets(b"ab", 0, 0)


@both
@settings(max_examples=300, deadline=None)
@given(septet_values, fills)
def test_pack_unpack_round_trip_and_twins_agree(septets, fill):
    packed = _packing.pack(septets, fill)
    assert _cpacking.pack(septets, fill) == packed
    assert len(packed) == (fill + 7 * len(septets) + 7) // 8
    for m in TWINS:
        assert m.unpack(packed, len(septets), fill) == septets


@both
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=150), fills, st.integers(0, 200))
def test_unpack_twins_agree_on_any_bytes(data, fill, count):
    results = []
    for m in TWINS:
        try:
            results.append(m.unpack(data, count, fill))
        except ValueError as exc:
            results.append(str(exc))
    assert results[0] == results[1]


@both
@settings(max_examples=300, deadline=None)
@given(texts, languages, languages)
def test_text_to_septets_and_back_twins_agree(text, locking, single):
    septets, stop = _packing.to_septets(text, locking, single)
    assert _cpacking.to_septets(text, locking, single) == (septets, stop)
    decoded = _packing.from_septets(septets, locking, single)
    assert _cpacking.from_septets(septets, locking, single) == decoded
    assert decoded == (text[:stop], len(septets))


@both
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=100), languages, languages)
def test_from_septets_twins_agree_on_any_bytes(data, locking, single):
    assert _cpacking.from_septets(data, locking, single) == _packing.from_septets(data, locking, single)


def _import_without_compiled_packing(require: bool) -> subprocess.CompletedProcess:
    code = (
        "import sys\n"
        "sys.modules['nrs_codec._native.engine'] = None  # as if the extension failed to build\n"
        "import nrs_codec.core.engine as e\n"
        "print('reference' if e.pack.__module__ == 'nrs_codec.core.septets' else 'compiled')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NRS_CODEC_")}
    if require:
        env["NRS_CODEC_REQUIRE_COMPILED"] = "1"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,  # not the checkout: the installed package is under test
    )


def test_missing_compiled_packing_falls_back_unless_required():
    assert _import_without_compiled_packing(False).stdout.strip() == "reference"
    required = _import_without_compiled_packing(True)
    assert required.returncode != 0
    assert "NRS_CODEC_REQUIRE_COMPILED is set but the compiled engine failed to load" in required.stderr
