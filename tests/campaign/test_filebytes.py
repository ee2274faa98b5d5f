"""The compiled passes over a campaign file's bytes (``_native/filebytes.h``) give what their NumPy
and Arrow twins (``campaign.filebytes``) and Python's own decoder give: on every input Hypothesis
draws from the bytes that matter (quotes, delimiters, line breaks, UTF-8 lead and continuation
bytes), with the SIMD loops and with the portable ones."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import filebytes
from nrs_codec.core.engine import compiled

pytestmark = pytest.mark.skipif(
    compiled is None and not os.environ.get("NRS_CODEC_REQUIRE_COMPILED"),
    reason="the compiled engine is not built",
)

# Runs of the bytes a CSV scan turns on, and of plain text, long enough to cross 16-byte blocks.
CSV_PIECES = [
    b'"',
    b'""',
    b'"""',
    b",",
    b";",
    b"\n",
    b"\r",
    b"\r\n",
    b"a",
    b"hello world, ok",
    b"x" * 40,
    b"\xc3\xa9",
]
UTF8_PIECES = [
    b"a",
    b"plain ascii text of some length",
    "é".encode(),
    "€".encode(),
    "😀".encode(),
    b"\x80",  # stray continuation
    b"\xc0\xaf",  # overlong
    b"\xed\xa0\x80",  # surrogate
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xe2\x82",  # cut
    b"\xff",
]

csv_bytes = st.lists(st.sampled_from(CSV_PIECES), max_size=60).map(b"".join)
utf8_bytes = st.lists(st.sampled_from(UTF8_PIECES), max_size=40).map(b"".join)


def python_says_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=1500, deadline=None)
@given(csv_bytes, st.sampled_from([",", ";"]), st.booleans())
def test_csv_records_agree_with_the_twin(data, delimiter, at_end):
    want = filebytes.csv_records(data, ord(delimiter), at_end, twin=True)
    assert filebytes.csv_records(data, ord(delimiter), at_end) == want


@settings(max_examples=1500, deadline=None)
@given(csv_bytes, st.sampled_from([",", ";"]), st.lists(st.integers(0, 400), max_size=6))
def test_the_quote_state_read_in_chunks_is_the_whole_texts(data, delimiter, cuts):
    # Cut anywhere (inside a run of quotes, between "\r" and "\n", after a delimiter), the
    # chunks' carried state ends where csv_records, over the whole text at once, says it does.
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    carries = {False: 0, True: 0}
    for a, b in zip(bounds, bounds[1:], strict=False):
        for twin in carries:
            carries[twin] = filebytes.csv_quote_carry(data[a:b], ord(delimiter), carries[twin], twin=twin)
        assert carries[False] == carries[True], (data, a, b)
    inside = filebytes.csv_records(data, ord(delimiter), True)[0][1]
    assert filebytes.csv_quote_end(carries[False]) is inside
    assert compiled.csv_quote_end(carries[False]) is inside


@settings(max_examples=1500, deadline=None)
@given(utf8_bytes, st.data())
def test_utf8_validity_is_pythons(data, draw):
    end = draw.draw(st.integers(0, len(data)))
    want = python_says_utf8(data[:end])
    assert filebytes.utf8_valid(data, end) is want
    assert filebytes.utf8_valid(data, end, twin=True) is want


@settings(max_examples=500, deadline=None)
@given(csv_bytes)
def test_line_feeds_are_counted(data):
    assert filebytes.line_ends(data) == filebytes.line_ends(data, twin=True) == data.count(b"\n")


# Sequences at the edges of well-formed UTF-8 (Unicode's table 3-7): overlong, surrogate, beyond
# U+10FFFF, cut, and their well-formed neighbours.
EDGES = [
    bytes.fromhex(h)
    for h in (
        "c280 c1bf dfbf e0a080 e09f80 ed9fbf eda080 edbfbf ee8080 efbfbf f0908080 f08fbfbf f48fbfbf "
        "f4908080 f5808080 ff fe 80 bf c2 e0a0 f09080 c2c2 e080 f0 c3a9 e282ac f09f9880"
    ).split()
]


def test_every_edge_sequence_at_every_offset_in_a_block():
    # Each sequence at each position of a 16-byte block and across the next, then text or the end.
    for edge in EDGES:
        for before in range(0, 34):
            for after in (b"", b"b", b"b" * 20, "é".encode() * 9, b"\x80"):
                data = b"a" * before + edge + after
                for end in {len(data), before + len(edge), before + 1}:
                    want = python_says_utf8(data[:end])
                    assert filebytes.utf8_valid(data, end) is want, (data, end)
                    if not want:
                        with pytest.raises(UnicodeDecodeError) as python:
                            data[:end].decode("utf-8")
                        assert compiled.utf8_upto(data, end) == python.value.start, (data, end)


def test_csv_events_at_every_offset_of_a_block():
    # The compiled scan takes quotes and line breaks 64 bytes at a time: each sequence it turns on
    # at each position of a block and across the next, after text or a field's start, then more.
    for edge in (b'"', b'""', b'"""', b"\r", b"\n", b"\r\n", b'"\r\n', b'\n"', b'"a"', b'"""\n'):
        for before in range(0, 140):
            for lead in (b"", b",", b"\n"):
                for after in (b"", b"a", b'b"\n', b"x" * 70 + b"\r\n"):
                    data = b"y" * before + lead + edge + after
                    for at_end in (False, True):
                        want = filebytes.csv_records(data, 44, at_end, twin=True)
                        assert filebytes.csv_records(data, 44, at_end) == want, (data, at_end)


def test_random_bytes_are_judged_as_python_judges_them():
    rnd = random.Random(17)
    for _ in range(20_000):
        data = bytes(
            rnd.choice((rnd.randrange(256), rnd.randrange(128), 0xC3, 0x80, 0xE2))
            for _ in range(rnd.randrange(70))
        )
        assert filebytes.utf8_valid(data, len(data)) is python_says_utf8(data), data


def test_a_chunk_of_megabytes():
    # The sizes the readers hand over: past the 255 blocks of the quote counters, and a bad byte
    # placed deep in a long chunk (a compiled pass reports where).
    rnd = random.Random(3)
    data = b"".join(rnd.choice(CSV_PIECES) for _ in range(200_000))
    assert filebytes.line_ends(data) == data.count(b"\n")
    inside = filebytes.csv_records(data, 44, True)[0][1]
    for size in (len(data), 1 << 20, 65_537, 4096, 63):  # the readers' chunks, and cuts everywhere
        carries = [0, 0]
        for at in range(0, len(data), size):
            for twin in (0, 1):
                carries[twin] = filebytes.csv_quote_carry(data[at : at + size], 44, carries[twin], twin=twin)
            assert carries[0] == carries[1], (size, at)
        assert filebytes.csv_quote_end(carries[0]) is inside
    assert filebytes.csv_records(data, 44, True) == filebytes.csv_records(data, 44, True, twin=True)
    text = "".join(rnd.choice("aé€😀 ,\n") for _ in range(300_000)).encode()
    assert filebytes.utf8_valid(text, len(text))
    bad = text + b"\xff" + text
    assert not filebytes.utf8_valid(bad, len(bad))
    with pytest.raises(UnicodeDecodeError) as python:
        bad.decode("utf-8")
    assert compiled.utf8_upto(bad, len(bad)) == python.value.start == len(text)


def test_arguments_out_of_range_are_refused():
    with pytest.raises(ValueError, match="outside"):
        compiled.utf8_upto(b"abc", 4)
    with pytest.raises(ValueError, match="byte"):
        compiled.count_byte(b"abc", 256)
    assert compiled.csv_records(b"", 44, True) == [(0, False, None, None), (0, True, None, None)]
    with pytest.raises(ValueError, match="quote state"):
        compiled.csv_quote_carry(b'"', 44, 32)
    with pytest.raises(ValueError, match="byte"):
        compiled.csv_quote_carry(b'"', 300, 0)
    assert compiled.csv_quote_carry(b"", 44, 7) == 7


def test_the_portable_loops_give_what_the_simd_loops_give():
    # NRS_CODEC_PORTABLE=1: a child process runs the portable loops over the same bytes.
    rnd = random.Random(11)
    csvs = [b"".join(rnd.choice(CSV_PIECES) for _ in range(rnd.choice((3, 30, 300)))) for _ in range(400)]
    texts = [b"".join(rnd.choice(UTF8_PIECES) for _ in range(rnd.choice((3, 30, 300)))) for _ in range(400)]

    table = filebytes.single_byte_table("cp1252")[0]  # the texts read as cp1252 (some bytes it lacks)

    def answers(module):
        return [
            [module.csv_records(c, 44, True) for c in csvs],
            [module.count_byte(c, 34) for c in csvs],
            [module.csv_quote_carry(c, 44, k) for c in csvs for k in (0, 1, 14, 16, 17)],
            [module.utf8_upto(t, len(t)) for t in texts],
            [(lambda u: u and u.hex())(module.transcode_bytes(t, table, True)) for t in texts],
        ]

    code = (
        "import json, sys\n"
        "from nrs_codec._native import engine\n"
        "assert not engine.SIMD\n"
        "from nrs_codec._native import engine\n"
        "csvs, texts = [[bytes.fromhex(x) for x in xs] for xs in json.loads(sys.stdin.read())]\n"
        "from nrs_codec.campaign.filebytes import single_byte_table\n"
        "table = single_byte_table('cp1252')[0]\n"
        "out = [[engine.csv_records(c, 44, True) for c in csvs], [engine.count_byte(c, 34) for c in csvs],\n"
        "       [engine.csv_quote_carry(c, 44, k) for c in csvs for k in (0, 1, 14, 16, 17)],\n"
        "       [engine.utf8_upto(t, len(t)) for t in texts],\n"
        "       [(lambda u: u and u.hex())(engine.transcode_bytes(t, table, True)) for t in texts]]\n"
        "print(json.dumps(out))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps([[c.hex() for c in csvs], [t.hex() for t in texts]]),
        env={**os.environ, "NRS_CODEC_PORTABLE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent,
    )
    assert r.returncode == 0, r.stderr
    ours = json.loads(json.dumps(answers(compiled)))  # tuples as the child's lists
    assert json.loads(r.stdout) == ours
    # Python's decoder has the last word on the texts.
    assert [u == len(t) for u, t in zip(ours[3], texts, strict=True)] == [python_says_utf8(t) for t in texts]


# Text in single-byte encodings: runs of ASCII across 16-byte blocks, and bytes above it (some of
# them without a character: cp1252's 0x81, cp1251's 0x98).
SINGLE_BYTE = st.lists(
    st.one_of(
        st.binary(max_size=3), st.sampled_from([b"a" * 15, b"b" * 17, b"Ol\xe1 \x80\x81\x98\xff", b"\n"])
    ),
    max_size=30,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(
    SINGLE_BYTE,
    st.sampled_from(["cp1252", "latin-1", "iso-8859-15", "cp1251", "cp850", "mac-roman", "cp037"]),
)
def test_single_byte_text_is_transcoded_as_the_codec_does(data, encoding):
    table, ascii_same = filebytes.single_byte_table(encoding)
    try:
        want = data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError:
        want = None  # a byte without a character: the codec then says which and where
    assert filebytes.transcode_bytes(data, table, ascii_same) == want
    assert filebytes.transcode_bytes(data, table, ascii_same, twin=True) == want


def test_only_single_byte_encodings_have_a_table():
    for encoding in ("utf-8", "utf-16", "shift_jis", "iso2022_jp", "gb18030", "utf-7"):
        assert filebytes.single_byte_table(encoding) is None, encoding
    assert filebytes.single_byte_table("cp1252")[1] and not filebytes.single_byte_table("cp037")[1]  # EBCDIC
