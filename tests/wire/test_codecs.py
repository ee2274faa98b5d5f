"""The "gsm03.38" and "gsm-pt" Python codecs: unpacked septets, errors handlers, incremental use."""

from __future__ import annotations

import codecs
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nrs_codec  # noqa: F401  (importing registers the codecs)
from nrs_codec._generated.tables import LOCKING, SINGLE

PT_CHARS = sorted({chr(cp) for t in (LOCKING[3], SINGLE[3]) for cp in t.values()})
GSM_CHARS = sorted({chr(cp) for t in (LOCKING[0], SINGLE[0]) for cp in t.values()})


def test_gsm0338_known_values():
    assert "Hello @£$".encode("gsm03.38") == b"Hello \x00\x01\x02"
    assert "€[]".encode("gsm03.38") == b"\x1b\x65\x1b\x3c\x1b\x3e"
    assert b"Hello \x00\x01\x02\x1b\x65".decode("gsm03.38") == "Hello @£$€"
    assert codecs.lookup("GSM 03.38").name == codecs.lookup("gsm0338").name == "gsm03.38"


def test_gsm_pt_uses_the_portuguese_locking_and_single_shift_tables():
    assert "ê".encode("gsm-pt") == b"\x04"  # 0x04 is è in the default table
    assert "Φ".encode("gsm-pt") == b"\x1b\x12"  # reached through the Portuguese single shift
    assert b"\x04\x1b\x12".decode("gsm-pt") == "êΦ"
    assert codecs.lookup("GSM_PT").name == "gsm-pt"


def test_encode_errors():
    with pytest.raises(UnicodeEncodeError) as err:
        "ab中c".encode("gsm03.38")
    assert (err.value.start, err.value.end, err.value.encoding) == (2, 3, "gsm03.38")
    assert "ab中c".encode("gsm03.38", "replace") == b"ab?c"
    assert "ab中c".encode("gsm03.38", "ignore") == b"abc"
    assert "a\udc80".encode("gsm03.38", "surrogateescape") == b"a\x80"
    assert "中".encode("gsm03.38", "namereplace") == "\\N{CJK UNIFIED IDEOGRAPH-4E2D}".encode("gsm03.38")
    codecs.register_error("test.unencodable", lambda exc: ("文", exc.end))
    with pytest.raises(UnicodeEncodeError):  # a replacement the tables cannot hold either
        "中".encode("gsm03.38", "test.unencodable")


def test_decode_errors():
    for data, start, end in [
        (b"a\x80b", 1, 2),
        (b"ab\x1b", 2, 3),
        (b"a\x1b\x41b", 1, 3),
        (b"a\x1b\x1bb", 1, 3),
    ]:
        with pytest.raises(UnicodeDecodeError) as err:
            data.decode("gsm03.38")
        assert (err.value.start, err.value.end) == (start, end)
    assert b"a\x80b".decode("gsm03.38", "replace") == "a\ufffdb"
    assert b"a\x1b\x41b".decode("gsm03.38", "ignore") == "ab"
    assert b"ab\x1b".decode("gsm03.38", "replace") == "ab\ufffd"
    assert b"a\x1b\x80".decode("gsm03.38", "replace") == "a\ufffd\ufffd"


def test_incremental_decoder_waits_for_the_code_after_an_escape():
    decoder = codecs.getincrementaldecoder("gsm03.38")()
    assert decoder.decode(b"a\x1b") == "a"
    assert decoder.decode(b"\x65b") == "€b"
    assert decoder.decode(b"\x1b") == ""
    with pytest.raises(UnicodeDecodeError):
        decoder.decode(b"", final=True)


def test_text_files_in_gsm_pt():
    raw = io.BytesIO()
    with io.TextIOWrapper(raw, encoding="gsm-pt", newline="") as f:
        f.write("Olá, ação €")
        f.flush()
        data = raw.getvalue()
        assert data == "Olá, ação €".encode("gsm-pt")
    assert io.TextIOWrapper(io.BytesIO(data), encoding="gsm-pt").read() == "Olá, ação €"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(GSM_CHARS)), st.text(st.sampled_from(PT_CHARS)))
def test_round_trip(gsm, pt):
    assert gsm.encode("gsm03.38").decode("gsm03.38") == gsm
    assert pt.encode("gsm-pt").decode("gsm-pt") == pt


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80), st.sampled_from(["gsm03.38", "gsm-pt"]))
def test_any_bytes_decode_with_replace_and_agree_with_strict(data, name):
    text = data.decode(name, "replace")
    try:
        assert data.decode(name) == text
    except UnicodeDecodeError:
        assert "\ufffd" in text


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(GSM_CHARS)), st.text(st.sampled_from(PT_CHARS)))
def test_agrees_with_the_independent_gsmcodecs_tables(gsm, pt):
    import gsmcodecs  # noqa: F401  (registers "gsm23.038-<locking>-<single>")

    assert gsm.encode("gsm03.38") == gsm.encode("gsm23.038-0-0")
    assert pt.encode("gsm-pt") == pt.encode("gsm23.038-3-3")
    assert pt.encode("gsm-pt").decode("gsm23.038-3-3") == pt


def test_a_codec_another_package_registered_first_is_not_overridden():
    code = (
        "import codecs, json\n"
        "theirs = codecs.lookup('utf-8')\n"
        "codecs.register(lambda name: theirs if name == 'gsm_pt' else None)\n"
        "import nrs_codec\n"
        "from nrs_codec.wire import codecs as ours\n"
        "print(json.dumps([codecs.lookup('gsm-pt').name, ours.lookup('gsm-pt').name,\n"
        "                  'Olá'.encode('gsm-tr', 'replace').hex(), sorted(ours.FOREIGN)]))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).parent,
    )
    assert json.loads(r.stdout) == ["utf-8", "gsm-pt", "4f6c3f", ["gsm_pt"]]
