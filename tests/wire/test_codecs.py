"""The "gsm03.38" and "gsm-pt" Python codecs: unpacked septets, errors handlers, incremental and
stream use."""

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
from nrs_codec._generated.tables import ENCODING_LANGUAGE, LOCKING, SINGLE
from nrs_codec.wire.codecs import CODEC_NAMES

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


# Every codec the package registers has stream classes as well as incremental ones: codecs.open,
# codecs.getreader / getwriter and io.TextIOWrapper all work, chunk by chunk, with any errors.


def _chars_of(name: str) -> list[str]:
    lang = ENCODING_LANGUAGE.get(name, 0)
    tables = [t for t in (LOCKING.get(lang) or LOCKING[0], SINGLE.get(lang) or SINGLE[0])]
    return sorted({chr(cp) for t in tables for cp in t.values()})


@pytest.mark.parametrize("name", CODEC_NAMES)
def test_every_codec_opens_files_with_codecs_open(name, tmp_path):
    info = codecs.lookup(name)
    assert info.streamreader is not None and info.streamwriter is not None
    assert info.incrementalencoder is not None and info.incrementaldecoder is not None
    text = "".join(_chars_of(name)) * 3
    path = tmp_path / "message.txt"
    with codecs.open(path, "w", encoding=name) as f:
        f.write(text[:100])
        f.write(text[100:])
    assert path.read_bytes() == text.encode(name)
    with codecs.open(path, "r", encoding=name) as f:
        assert f.read() == text
    with codecs.open(path, "r", encoding=name) as f:  # one octet at a time: ESC waits for its code
        assert "".join(iter(lambda: f.read(1), "")) == text


def test_codecs_open_reads_lines_across_escapes(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes("€ one\n{two}\nthree €".encode("gsm03.38"))
    with codecs.open(path, encoding="gsm03.38") as f:
        assert f.readlines() == ["€ one\n", "{two}\n", "three €"]


@pytest.mark.parametrize(
    ("errors", "written", "read_back"),
    [("replace", b"ab?c\x1b\x65", "ab?c€"), ("ignore", b"abc\x1b\x65", "abc€")],
)
def test_stream_writer_honours_errors(errors, written, read_back, tmp_path):
    path = tmp_path / "out.txt"
    with codecs.open(path, "w", encoding="gsm03.38", errors=errors) as f:
        f.write("ab中c€")
    assert path.read_bytes() == written
    with codecs.open(path, encoding="gsm03.38") as f:
        assert f.read() == read_back


def test_stream_writer_strict_raises():
    writer = codecs.getwriter("gsm-pt")(io.BytesIO())
    with pytest.raises(UnicodeEncodeError) as err:
        writer.write("ok 中")
    assert (err.value.start, err.value.encoding) == (3, "gsm-pt")


@pytest.mark.parametrize("size", [-1, 1, 2, 3])
@pytest.mark.parametrize(
    ("data", "errors", "expected"),
    [
        (b"a\x80b\x1b\x65", "replace", "a\ufffdb€"),
        (b"a\x80b\x1b\x65", "ignore", "ab€"),
        (b"ab\x1b", "replace", "ab\ufffd"),  # a lone ESC at the end of the stream
        (b"ab\x1b", "ignore", "ab"),
        (b"a\x1b\x41b", "replace", "a\ufffdb"),
    ],
)
def test_stream_reader_honours_errors_whatever_the_chunks(data, errors, expected, size):
    reader = codecs.getreader("gsm03.38")(io.BytesIO(data), errors)
    got = reader.read() if size < 0 else "".join(iter(lambda: reader.read(size), ""))
    assert got == expected


@pytest.mark.parametrize("size", [-1, 1, 4])
@pytest.mark.parametrize("data", [b"a\x80b", b"ab\x1b", b"a\x1b\x41b"])
def test_stream_reader_strict_raises_whatever_the_chunks(data, size):
    reader = codecs.getreader("gsm03.38")(io.BytesIO(data))
    with pytest.raises(UnicodeDecodeError):
        while reader.read(size):
            pass


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(CODEC_NAMES),
    st.data(),
    st.lists(st.integers(1, 7), min_size=1, max_size=20),
    st.sampled_from(["strict", "replace", "ignore"]),
)
def test_incremental_and_stream_chunks_agree_with_one_call(name, data, cuts, errors):
    raw = data.draw(
        st.binary(max_size=60) | st.text(st.sampled_from(_chars_of(name))).map(lambda t: t.encode(name))
    )
    try:
        whole = raw.decode(name, errors)
    except UnicodeDecodeError:
        whole = None
    chunks, pos = [], 0
    for cut in cuts * 10:
        if pos >= len(raw):
            break
        chunks.append(raw[pos : pos + cut])
        pos += cut
    chunks.append(raw[pos:])
    decoder = codecs.getincrementaldecoder(name)(errors)
    try:
        pieces = "".join(decoder.decode(c) for c in chunks) + decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        pieces = None
    reader = codecs.getreader(name)(io.BytesIO(raw), errors)
    try:
        streamed = "".join(iter(lambda: reader.read(cuts[0]), ""))
    except UnicodeDecodeError:
        streamed = None
    assert pieces == streamed == whole
    if whole is not None:
        encoder = codecs.getincrementalencoder(name)(errors)
        assert b"".join(encoder.encode(whole[i : i + 3]) for i in range(0, len(whole), 3)) == whole.encode(
            name, errors
        )
