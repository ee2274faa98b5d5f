"""Empty and blank messages: text to ``analyze_many``, missing (104) to the provider and so to the
check, in every format and layout, exactly where pre-flight says 104."""

from __future__ import annotations

import contextlib
import json
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from campaign_files import output_rows, summary, write
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import analyze_many, preflight
from nrs_codec.campaign import blank
from nrs_codec.campaign.blank import _WHITESPACE_LEADS, as_missing, blank_rows
from nrs_codec.core.engine import compiled

ENGINES = [compiled, None] if compiled is not None else [None]

WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
NOT_QUITE = ["\u200b", "\ufeff", "\u180e", "a", "€", "😀", "\x00", "\x1b"]  # no whitespace to Python


def test_arrow_whitespace_is_pythons_at_every_code_point():
    # utf8_is_space reads whitespace by code point; blank_rows takes its word for Python's.
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    arrow = pc.utf8_is_space(pa.array(points)).to_pylist()
    assert [p for p, a in zip(points, arrow, strict=True) if a != p.isspace()] == []


@pytest.mark.parametrize("engine", ENGINES, ids=["engine", "twin"][: len(ENGINES)])
def test_whitespace_is_pythons_at_every_code_point(engine, monkeypatch):
    # Each code point alone, and between spaces: blank exactly where Python's strip leaves nothing.
    monkeypatch.setattr(blank, "compiled", engine)
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    texts = points + [f" {p} " for p in points]
    got = blank_rows(pa, pa.array(texts, pa.string()), np.ones(len(texts), dtype=bool))
    assert got.tolist() == [i for i, t in enumerate(texts) if not t.strip()]


def test_every_whitespace_starts_with_a_lead_byte():
    assert all(_WHITESPACE_LEADS[s.encode()[0]] for s in WHITESPACE)
    # ...and the leads are no more than those: the table is the prefilter, not the answer.
    assert set(np.flatnonzero(_WHITESPACE_LEADS)) == {s.encode()[0] for s in WHITESPACE}


@contextlib.contextmanager
def patched(module, name, value):
    """``monkeypatch.setattr`` for one block, inside a Hypothesis test (which takes no fixture)."""
    before = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, before)


def test_the_kernel_refuses_offsets_outside_the_data():
    if compiled is None:
        pytest.skip("the engine is not built")
    data, text, out = np.frombuffer(b"  ", np.uint8), np.ones(2, np.uint8), np.zeros(2, np.uint8)
    for offsets in ([0, 1, 3], [0, 2, 1], [-1, 0, 1], [0, 9, 2]):  # [0, 9, 2]: ends within, row 0 not
        with pytest.raises(ValueError, match="offsets"):
            compiled.blank_rows_mask(np.array(offsets, np.int32), data, text, out)
    with pytest.raises(ValueError, match="one more than the rows"):
        compiled.blank_rows_mask(np.array([0, 1], np.int32), data, text, out)


def layouts(texts: list[str]):
    """The same messages in every layout the check may hand ``analyze_many``."""
    data = pa.array(texts, pa.string())
    yield "list", texts
    yield "bytes", [t.encode() for t in texts]
    for kind in (pa.string(), pa.large_string(), pa.binary(), pa.large_binary(), pa.string_view()):
        yield str(kind), data.cast(kind)
    yield "binary_view", data.cast(pa.binary()).cast(pa.binary_view())
    yield "dictionary", data.dictionary_encode()
    yield "sliced", pa.array(["x", *texts, "y"], pa.string()).slice(1, len(texts))
    half = len(texts) // 2
    yield "chunked", pa.chunked_array([data[:half], data[half:]], pa.string())


text_of_blanks = st.lists(
    st.one_of(
        st.text(st.sampled_from(WHITESPACE + NOT_QUITE), max_size=6),
        st.text(st.sampled_from(WHITESPACE), max_size=4),
        st.text(max_size=5),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(texts=text_of_blanks, seed=st.integers(0, 2**32 - 1))
def test_blank_rows_are_those_python_strips_to_nothing(texts, seed):
    # On the engine (string and binary columns) and on its twin, NumPy and Arrow (every layout).
    texts = [t for t in texts if not any(0xD800 <= ord(c) < 0xE000 for c in t)]
    text = np.random.default_rng(seed).random(len(texts)) < 0.8  # the others: not text, not read
    want = [i for i, t in enumerate(texts) if text[i] and not t.strip()]
    for engine in ENGINES:
        with patched(blank, "compiled", engine):
            for name, messages in layouts(texts):
                assert blank_rows(pa, messages, text).tolist() == want, (name, engine)


@pytest.mark.parametrize("engine", ENGINES, ids=["engine", "twin"])
def test_rows_not_text_are_never_read(engine, monkeypatch):
    # A row analyze_many refused (invalid UTF-8 in a binary column, a number) is not text: the
    # Arrow function that would refuse it is not asked, nor does the engine read past its end.
    monkeypatch.setattr(blank, "compiled", engine)
    messages = pa.array([b" ", b" \xff", b"\xc2", b"\xe3\x80", b"\xe2\x80"], pa.binary())
    assert blank_rows(pa, messages, np.array([True, False, False, False, False])).tolist() == [0]
    if engine is None:
        return
    # Cut short (as text never is), a whitespace character's first bytes are none to the engine,
    # which reads no byte past the row's end.
    for cut in (b" \xc2", b"\xe3\x80", b"\xe2\x80", b"\xe1\x9a"):
        assert blank_rows(pa, pa.array([cut], pa.binary()), np.array([True])).tolist() == [], cut
    assert blank_rows(pa, [1, " "], np.array([False, True])).tolist() == [1]
    assert blank_rows(pa, pa.array([], pa.string()), np.zeros(0, dtype=bool)).tolist() == []


def test_as_missing_is_analyze_many_given_no_message():
    texts = ["Olá", "  ", "", "ж" * 71, "\u3000"]
    batch = analyze_many(texts)
    rows = blank_rows(pa, texts, batch.error == 0)
    assert rows.tolist() == [1, 2, 4]
    assert as_missing(batch, rows) == analyze_many(["Olá", None, None, "ж" * 71, None])
    assert as_missing(batch, rows[:0]) is batch


MESSAGES = ["Olá", "", " ", "   \n", "\t", "\u00a0", "\u3000 ", " a ", "\u200b", "\ufeff", "ok"]


def test_the_check_says_104_where_preflight_does_in_every_format(tmp_path, capsys):
    body = {"to": ["351912345678"], "from": "ACME"}
    want = [104 if 104 in {e.code for e in preflight({**body, "message": m}).errors} else 0 for m in MESSAGES]
    assert want == [0, 104, 104, 104, 104, 104, 104, 0, 0, 0, 0]  # the rule, as pre-flight has it
    rows = [{"to": "351912345678", "message": m} for m in MESSAGES]
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    quoted = "to,message\n" + "".join(f'351912345678,"{m}"\n' for m in MESSAGES)
    files = [write(tmp_path / "c.jsonl", lines), write(tmp_path / "c.csv", quoted)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "c.parquet")
    pq.write_table(pa.table({"message": pa.array(MESSAGES).dictionary_encode()}), tmp_path / "d.parquet")
    files += [tmp_path / "c.parquet", tmp_path / "d.parquet"]
    reports = []
    for path in files:
        out = tmp_path / f"{path.name}.out.parquet"
        reports.append(summary(capsys, path, "--output", out))
        assert [r["error"] for r in output_rows(out)] == want, path.name
        assert [r["parts"] for r in output_rows(out)] == [0 if w else 1 for w in want], path.name
    assert all(r["errors"]["104"]["rows"] == 6 for r in reports)
    assert reports[0]["totalSmsParts"] == 5 and reports[0]["encodings"] == {
        "gsm": 2,
        "gsm-pt": 1,
        "utf-16": 2,
    }
    assert [e["why"] for e in reports[0]["errors"]["104"]["examples"]][:2] == [
        "empty message",
        "message is only blanks",
    ]
    assert reports[1]["errors"]["104"]["examples"][0]["why"] == "no message"  # CSV: "" is no value


@pytest.mark.parametrize("workers", ["1", "2"])
def test_blank_rows_among_many_blocks(tmp_path, capsys, workers, monkeypatch):
    from nrs_codec.campaign import blocks

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 256)  # JSON Lines blocks of a few rows each
    texts = ["hello", " ", "", "\u2003\u2003", "world"] * 40
    lines = "".join(json.dumps({"message": t}) + "\n" for t in texts)
    got = summary(capsys, write(tmp_path / "c.jsonl", lines), "--workers", workers)
    assert got["rows"] == 200 and got["errors"]["104"]["rows"] == 120 and got["totalSmsParts"] == 80


@pytest.mark.parametrize("encoding", ["auto", "gsm"])
def test_a_blank_message_is_104_before_its_length_or_encoding_is(tmp_path, capsys, encoding):
    # Pre-flight reads the message before its encoding and parts: a blank one is 104 even where
    # analyze_many answers 105 (more than 255 parts) or 113 (not in the encoding asked); a message
    # that is no text (a lone surrogate) stays 422.
    messages = [" " * 40000, "\u3000", "\t\n", "\u3000x", "x" * 40000, "\ud800"]
    body = {"to": ["351912345678"], "from": "ACME", "parts": 255, "encoding": "gsm"}
    verdicts = [preflight({**body, "message": m}).errors for m in messages]
    assert [min(e.code for e in errors) for errors in verdicts] == [104, 104, 104, 113, 105, 422]
    lines = "".join(json.dumps({"message": m}) + "\n" for m in messages)
    path = write(tmp_path / "c.jsonl", lines)
    summary(capsys, path, "--encoding", encoding, "--output", tmp_path / "o.parquet")
    got = [r["error"] for r in output_rows(tmp_path / "o.parquet")]
    assert got == [104, 104, 104, 113 if encoding == "gsm" else 0, 105, 422]  # auto: utf-16 takes it
