"""A plain CSV file read on every worker (``csv_pieces``): the pieces end where records end, and
the check reads the same rows, numbers them alike and says the same errors as the one reader
thread (``csv_reader``), whatever the quotes, line breaks, bad rows and bad bytes."""

from __future__ import annotations

import itertools

import pyarrow.parquet as pq
import pytest
from campaign_files import one_reader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrs_codec.batch.threads import usable_cpus
from nrs_codec.campaign import blocks, csv_pieces, partitions
from nrs_codec.campaign.blocks import Unparsed
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.sources import TextFile

FIELDS = st.one_of(
    st.sampled_from(["351912345678", "Olá", "a,b", "", " ", "x" * 40, "caf\u00e9 €", "😀"]),
    st.text(st.sampled_from('ab,"\n\r é€'), max_size=12),
)
ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])


@st.composite
def csv_bytes(draw) -> bytes:
    """A campaign CSV as senders' tools write it, and as they break it: quoted fields with line
    breaks and quotes, rows of the wrong width, blank lines, a byte order mark, a stray quote in
    an unquoted field, a byte that is not UTF-8."""
    rows = [draw(st.sampled_from(["to,message", '"to","message"', "to,message,extra"]))]
    for _ in range(draw(st.integers(0, 60))):
        width = draw(st.sampled_from([2, 2, 2, 2, 1, 3]))
        cells = []
        for _ in range(width):
            value = draw(FIELDS)
            quoted = draw(st.booleans()) or any(c in value for c in ',"\r\n')
            if quoted and not draw(st.integers(0, 40)) == 0:  # now and then a quote left as is
                value = '"' + value.replace('"', '""') + '"'
            cells.append(value)
        rows.append(",".join(cells))
    text = "".join(row + draw(ENDS) for row in rows)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line break after the last row
    data = (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode()
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
    return data


def outcome(path, workers, **options):
    try:
        report = run_check(str(path), workers=workers, **options)
    except CheckError as exc:
        return "error", str(exc)
    return report.to_dict(), report.lines()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=csv_bytes(),
    piece=st.integers(1, 200),
    longest=st.sampled_from([64, 1 << 20]),
    look=st.sampled_from([1, 7, 1 << 16]),
    block=st.sampled_from([256, 1 << 20]),
)
def test_read_in_pieces_as_by_one_reader(tmp_path, monkeypatch, data, piece, longest, look, block):
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", piece)
    monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 2)  # this machine may have two CPUs
    monkeypatch.setattr(csv_pieces, "WORKERS_PER_SCANNER", 1)  # the plan scanned on two threads
    monkeypatch.setattr(csv_pieces, "MAX_ROW_BYTES", longest)  # the plan gives up past a row this long
    monkeypatch.setattr(partitions, "LOOK_BYTES", look)  # a piece's line break found past what was read
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", block)  # a small file read whole: up to a block
    path = tmp_path / "c.csv"
    path.write_bytes(data)
    out1, out3 = tmp_path / "one.parquet", tmp_path / "three.parquet"
    with one_reader(monkeypatch):
        one = outcome(path, 1, to_column="to")
        if one[0] != "error":
            run_check(str(path), workers=1, to_column="to", output=str(out1))
    assert outcome(path, 3, to_column="to") == one  # in pieces, or a small file read whole
    assert outcome(path, 1, to_column="to") == one  # a small file read whole for the one worker
    if one[0] != "error":
        run_check(str(path), workers=3, to_column="to", output=str(out3))
        assert pq.read_table(out3).equals(pq.read_table(out1))


def test_the_reader_thread_parses_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 100)
    path = tmp_path / "c.csv"
    rows = [f'351912345678,"line {i}\nand ""more"" {i}"' for i in range(200)]
    path.write_text("to,message\n" + "\n".join(rows) + "\n", encoding="utf-8")
    file = TextFile(str(path), "csv")
    assert csv_pieces.read_on_workers(file, 4) == (usable_cpus() >= 4)
    pieces = list(csv_pieces.csv_pieces(file, "message", "to", lambda _: None))
    assert len(pieces) > 20 and all(isinstance(p, Unparsed) for p in pieces)
    parsed = [p.parse() for p in pieces]
    rows_read = [int(r) for block in parsed for r in block.rows]
    assert rows_read == list(range(1, 201))
    messages = [m for block in parsed for m in block.messages.to_pylist()]
    assert messages == [f'line {i}\nand "more" {i}' for i in range(200)]


def test_the_plan_is_the_same_on_any_number_of_threads(tmp_path, monkeypatch):
    """Pieces scanned ahead on several threads chain into the spans one thread finds: a long
    quoted field runs across pieces, rows of a piece's length or more, "\r\n" and blank lines."""
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 64)
    rows = [f'351912345678,"row {i}\r\n{"x" * (i % 150)}\n""quoted"""' for i in range(400)]
    path = tmp_path / "c.csv"
    path.write_bytes(("to,message\r\n" + "\r\n\r\n".join(rows)).encode())
    plans = [list(csv_pieces._plan(str(path), ",", scanners)) for scanners in (1, 2, 5)]
    assert plans[1] == plans[0] and plans[2] == plans[0]
    assert sum(span.records for span in plans[0]) == 400
    assert all(a.end == b.start for a, b in itertools.pairwise(plans[0]))
    assert plans[0][-1].end == path.stat().st_size


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_every_line_break_is_a_place_to_cut(tmp_path, monkeypatch, end):
    """A file whose lines end in carriage returns alone (old Mac exports) is cut into pieces as
    one with line feeds, and read as the one reader reads it."""
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 64)
    monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 2)
    rows = [
        f'351912345678,"row {i}{end}second line"' if i % 3 else f"351912345678,row {i}" for i in range(300)
    ]
    path = tmp_path / "c.csv"
    path.write_bytes(("to,message" + end + end.join(rows) + end).encode())
    plan = list(csv_pieces._plan(str(path), ",", 2))
    assert len(plan) > 50 and sum(span.records for span in plan) == 300
    with one_reader(monkeypatch):
        one = outcome(path, 1, to_column="to")
    assert one[0]["rows"] == 300 and outcome(path, 2, to_column="to") == one


def test_a_file_without_line_breaks_is_not_read_to_its_end_for_every_piece(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 100)
    monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 2)
    monkeypatch.setattr(csv_pieces, "MAX_ROW_BYTES", 1000)
    monkeypatch.setattr(blocks, "MAX_ROW_BYTES", 1000)
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 256)
    path = tmp_path / "c.csv"
    path.write_bytes(b"to,message\n351912345678," + b"x" * 400_000)
    read = 0
    real_open = open

    def counted(*args, **kwargs):  # the bytes the plan reads
        f = real_open(*args, **kwargs)
        real_read, real_readinto = f.read, f.readinto

        def readinto(b):
            nonlocal read
            n = real_readinto(b)
            read += n or 0
            return n

        def read_(*a):
            nonlocal read
            data = real_read(*a)
            read += len(data)
            return data

        f.readinto, f.read = readinto, read_
        return f

    monkeypatch.setattr(partitions, "open", counted, raising=False)
    plan = list(csv_pieces._plan(str(path), ",", 2))
    assert [(span.start, span.records) for span in plan] == [(0, None)]  # the rest, read as a file is
    assert read < 2 * path.stat().st_size  # each piece looked for a line break up to the limit
    with one_reader(monkeypatch):
        one = outcome(path, 1, to_column="to")
    assert one[0] == "error" and "row 1 is longer than" in one[1] and outcome(path, 2, to_column="to") == one


def test_a_row_longer_than_the_limit_in_one_piece_is_the_one_readers_error(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 100)
    monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 2)
    for module in (csv_pieces, blocks):
        monkeypatch.setattr(module, "MAX_ROW_BYTES", 1000)
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 256)
    path = tmp_path / "c.csv"
    short = b"351912345678,hello\n" * 40
    path.write_bytes(b"to,message\n" + short + b"351912345678," + b"z" * 5000 + b"\n" + short)
    with one_reader(monkeypatch):
        one = outcome(path, 1, to_column="to")
    assert one == ("error", f"{path}: row 41 is longer than {1000 / (1 << 20):g} MiB (is a quote left open?)")
    assert outcome(path, 2, to_column="to") == one


@pytest.mark.parametrize("suffix", [".csv.gz", ".tsv"])
def test_compressed_files_and_small_ones_keep_the_one_reader(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 1)
    path = tmp_path / f"c{suffix}"
    path.write_bytes(b"to,message\n1,a\n")
    compression = "gzip" if suffix.endswith(".gz") else None
    assert not csv_pieces.read_on_workers(TextFile(str(path), "csv", compression), 16)


def test_a_few_workers_keep_the_one_reader(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 10)
    path = tmp_path / "c.csv"
    path.write_bytes(b"to,message\n" + b"1,a\n" * 20)
    file = TextFile(str(path), "csv")
    assert not csv_pieces.read_on_workers(file, 1)
    assert not csv_pieces.read_on_workers(file, csv_pieces.FROM_WORKERS - 1)
    assert csv_pieces.read_on_workers(file, 10**6) == (usable_cpus() >= csv_pieces.FROM_WORKERS)
