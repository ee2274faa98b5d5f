"""A CSV file whose rows are often malformed, read on in blocks cut by ``csv_cut``: the same
report, output and errors as pyarrow's streaming reader gives, and its malformed rows handed out
block by block, not kept to the end of the file."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_readers import FIELD, outcome

from nrs_codec.campaign import blocks, csv_cut, csv_reader
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.csv_reader import _Reading, csv_blocks
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.sources import TextFile

# Rows of one to four fields under a header of three: most of them malformed.
ROW = st.lists(FIELD, min_size=1, max_size=4).map(b",".join)
MOSTLY_MALFORMED = st.builds(
    lambda lead, header, rows, newline: lead + newline.join([header, *rows]),
    st.sampled_from([b"", b"\n", b"\r\n\n"]),
    st.sampled_from([b"id,message,to", b"message,to,id", b'"message",to,"i\nd"']),
    st.lists(ROW, max_size=40),
    st.sampled_from([b"\n", b"\r\n"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=MOSTLY_MALFORMED,
    tiny=st.booleans(),
    packed=st.booleans(),
    file_encoding=st.sampled_from([None, None, "cp1252"]),
)
def test_read_on_in_cut_blocks_as_the_streaming_reader_reads(content, tiny, packed, file_encoding):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("c.csv.gz" if packed else "c.csv")
        path.write_bytes(gzip.compress(content) if packed else content)
        options = {"to_column": "to", "file_encoding": file_encoding}
        assert outcome(path, tiny=tiny, cut=True, **options) == outcome(path, tiny=tiny, **options)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=MOSTLY_MALFORMED, data=st.data())
def test_the_rows_before_a_byte_are_counted_as_the_streaming_reader_counts(content, data):
    # Where a problem is found at a byte (not UTF-8, a damaged stream), its row is counted.
    offset = data.draw(st.integers(0, len(content)))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "c.csv"
        path.write_bytes(content)
        reading = _Reading(TextFile(str(path), "csv"), "message", "to", lambda position: None, ",")
        assert reading.place(offset) == reading.place(offset, by_cut=False)


def _many_malformed(path: Path, rows: int, every: int = 100) -> None:
    """A campaign of ``rows`` rows, all but every ``every``-th with a comma left unquoted."""
    lines = ["message,to"]
    for i in range(rows):
        comma = "," if i % every else ""
        lines.append(f"Hello{comma} friend {i},+351912345678")
    path.write_text("\n".join(lines) + "\n")


def test_malformed_rows_go_out_with_their_block(tmp_path, monkeypatch):
    # Memory follows the block, not the file: pyarrow's streaming reader tells a skipped row to
    # no batch until a row after it parses, and kept a file of malformed rows to its end.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 16)
    path = tmp_path / "c.csv"
    _many_malformed(path, 100_000, every=20_000)
    seen = []
    rows = []
    for block in csv_blocks(TextFile(str(path), "csv"), "message", "to", lambda position: None):
        seen.append(len(block.malformed))
        rows += block.rows.tolist()
    assert rows == [1, 20_001, 40_001, 60_001, 80_001]
    assert sum(seen) == 99_995
    assert max(seen) < 5_000  # a block of 64 KiB holds about 1,800 rows


def test_a_cut_block_of_short_malformed_rows_holds_about_a_blocks_rows(tmp_path, monkeypatch):
    # Each malformed row is an entry of its block's: 4 MiB of rows "x,y" would be a million.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 20)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 2_000)
    path = tmp_path / "c.csv"
    path.write_text("message\n" + "x,y\n" * 300_000)
    reading = csv_blocks(TextFile(str(path), "csv"), "message", None, lambda position: None)
    seen = [len(block.malformed) for block in reading]
    assert sum(seen) == 300_000
    assert max(seen) < 10_000  # the first cut block's 16 KiB; then about 2,000 a block


def test_a_problem_after_many_malformed_rows_names_its_row(tmp_path, monkeypatch):
    path = tmp_path / "c.csv"
    _many_malformed(path, 5_000)
    text = path.read_bytes()
    at = text.index(b"friend 4321,")
    bad = tmp_path / "bad.csv"  # a byte that is not UTF-8 in row 4322
    bad.write_bytes(text[:at] + b"\xe7" + text[at:])
    open_quote = tmp_path / "quote.csv"  # a quote that opens in row 4322 and never closes
    line = text.rindex(b"\n", 0, at) + 1
    open_quote.write_bytes(text[:line] + b'"' + text[line:])
    long_row = tmp_path / "long.csv"
    long_row.write_bytes(text[:at] + b"x" * 600_000 + text[at:])
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 14)
    monkeypatch.setattr(blocks, "MAX_ROW_BYTES", 1 << 18)
    for file in (bad, open_quote, long_row):
        said = []
        for cut_after in (10**9, csv_cut.CUT_AFTER):
            monkeypatch.setattr(csv_cut, "CUT_AFTER", cut_after)
            with pytest.raises(CheckError) as exc:
                run_check(str(file), to_column="to")
            said.append(str(exc.value))
        assert said[0] == said[1]
        assert "row 4322" in said[0]


def test_a_few_malformed_rows_among_many_are_not_worth_reading_the_file_again(tmp_path, monkeypatch):
    # Reading on in cut blocks reads the file again from its start: worth it where malformed rows
    # are many among the rows read (each costs pyarrow's reader 12 µs), not for a few in millions.
    cuts = []
    cut_blocks = csv_reader.cut_blocks

    def noted(reading):
        cuts.append(reading.delivered)
        return cut_blocks(reading)

    monkeypatch.setattr(csv_reader, "cut_blocks", noted)
    monkeypatch.setattr(csv_cut, "CUT_AFTER", 100)
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 14)  # read in blocks, not whole
    files = {
        "sparse.csv": lambda i: i % 100 == 0,  # 1 row in 100 malformed: 300 in all
        "dense.csv": lambda i: i >= 20_000,  # the last 1,000 rows
    }
    found = {}
    for name, malformed in files.items():
        path = tmp_path / name
        rows = [
            f"Hello{',' if malformed(i) else ''} friend {i},+351912345678"
            for i in range(21_000 if name == "dense.csv" else 30_000)
        ]
        path.write_text("\n".join(["message,to", *rows]) + "\n")
        report = run_check(str(path), to_column="to")
        found[name] = (report.errors[422], len(cuts))
        cuts.clear()
    assert found == {"sparse.csv": (300, 0), "dense.csv": (1000, 1)}


def test_a_row_longer_than_the_limit_is_refused_wherever_it_lies(tmp_path, monkeypatch):
    # Read on in cut blocks, whose reads double while a row goes on: a row of 1.2 times the limit
    # was taken or refused as its start fell in them.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1024)
    monkeypatch.setattr(blocks, "MAX_ROW_BYTES", 16384)
    monkeypatch.setattr(csv_cut, "CUT_AFTER", 0)  # from the first malformed row, row 1
    path = tmp_path / "c.csv"
    for pad in range(0, 1024, 64):
        long_row = b"m" + b"y" * 20_000 + b",351912345678"
        path.write_bytes(b"\n".join([b"message,to", b"a,b,c", b"p" * pad + b",1", long_row, b"ok,1", b""]))
        with pytest.raises(CheckError, match="row 3 is longer than 0.015625 MiB"):
            run_check(str(path), to_column="to")
    # A header as long, after a blank line (which the carried text measured as its first record).
    path.write_bytes(b"\n" + b"h" * 20_000 + b",message,to\nhello,1\n")
    with pytest.raises(CheckError, match="is longer than 0.015625 MiB"):
        run_check(str(path), to_column="to")
