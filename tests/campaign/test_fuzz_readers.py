"""Arbitrary bytes as campaign files (CSV and JSON Lines, plain and gzip-compressed): a check
gives a report or a ``CheckError``, nothing else, and the same one whatever the block sizes and
the compression. ``fuzz/fuzz_campaign.py`` does the same, coverage-guided, for longer."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import blocks, csv_cut, sources
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.report import Report

# Pieces that matter to the readers, so that arbitrary files are often nearly valid ones.
PIECES = [
    b"message",
    b'"',
    b'""',
    b"\n",
    b"\r\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xe7",
    b"\xf0\x9f",
    b"[",
    b"{",
    b"351912345678",
    b"x" * 300,
]
TEXT = st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass"))
FIELD = st.one_of(TEXT, TEXT.map(lambda t: b'"' + t.replace(b'"', b'""') + b'"'), st.sampled_from(PIECES))
HEADERS = [b"id,message,to", b"message", b"\xef\xbb\xbfmessage,to", b"to,message", b"id,text"]
CSV = st.builds(
    lambda header, rows, newline: newline.join([header, *rows]),
    st.sampled_from(HEADERS),
    st.lists(st.lists(FIELD, min_size=1, max_size=4).map(b",".join), max_size=30),
    st.sampled_from([b"\n", b"\r\n"]),
)
VALUE = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.lists(st.integers(), max_size=2))
JSON_LINE = st.one_of(
    st.builds(
        lambda m, to, a: json.dumps({"message": m, "to": to}, ensure_ascii=a).encode(),
        VALUE,
        VALUE,
        st.booleans(),
    ),
    FIELD,
)
JSONL = st.lists(JSON_LINE, max_size=30).map(b"\n".join)
ANY = st.one_of(
    st.binary(max_size=400), st.lists(st.one_of(st.sampled_from(PIECES), FIELD), max_size=40).map(b"".join)
)


def outcome(path: Path, *, tiny: bool, cut: bool = False, **options):
    """The check's report as a dict (and its per-row output), or the ``CheckError`` type. With
    ``cut``, a CSV file is read in blocks cut by ``csv_cut`` from its first malformed row on."""
    saved = blocks.CSV_BLOCK_BYTES, blocks.BLOCK_BYTES, sources.CHUNK_BYTES, sources.HEAD_BYTES
    cut_after = csv_cut.CUT_AFTER
    csv_cut.CUT_AFTER = 0 if cut else cut_after
    if tiny:  # every boundary falls inside something: a row, a quoted field, a UTF-8 sequence
        # (the head stays as long as what sniffing looks at: 512 bytes)
        blocks.CSV_BLOCK_BYTES, blocks.BLOCK_BYTES, sources.CHUNK_BYTES, sources.HEAD_BYTES = 64, 64, 5, 512
    out = path.with_name("out.parquet")
    try:
        report = run_check(str(path), output=str(out), **options)
    except CheckError:
        assert not out.exists()
        return CheckError
    finally:
        blocks.CSV_BLOCK_BYTES, blocks.BLOCK_BYTES, sources.CHUNK_BYTES, sources.HEAD_BYTES = saved
        csv_cut.CUT_AFTER = cut_after
    assert isinstance(report, Report)
    summary = report.to_dict()
    del summary["file"]
    rows = pq.read_table(out).to_pylist()
    out.unlink()
    assert [r["row"] for r in rows] == sorted({r["row"] for r in rows})
    assert len(rows) + report.unparsed_rows == report.rows
    return summary, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.one_of(
        st.tuples(st.just("csv"), st.one_of(CSV, ANY)), st.tuples(st.just("jsonl"), st.one_of(JSONL, ANY))
    ),
    to_column=st.sampled_from([None, "to"]),
    file_encoding=st.sampled_from([None, None, "cp1252"]),
)
def test_any_bytes_give_a_report_or_a_check_error(file, to_column, file_encoding):
    fmt, content = file
    options = {"to_column": to_column, "file_encoding": file_encoding}
    with tempfile.TemporaryDirectory() as directory:
        plain = Path(directory) / f"c.{fmt}"
        plain.write_bytes(content)
        packed = Path(directory) / f"c.{fmt}.gz"
        packed.write_bytes(gzip.compress(content))
        want = outcome(plain, tiny=False, **options)
        assert outcome(plain, tiny=True, **options) == want
        assert outcome(plain, tiny=False, cut=True, **options) == want
        assert outcome(plain, tiny=True, cut=True, **options) == want
        assert outcome(packed, tiny=False, **options) == want
