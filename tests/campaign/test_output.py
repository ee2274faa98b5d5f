"""``--output``: written under its name only when the whole file is checked, never half a file,
never a previous good one clobbered; a file with no row still gets the columns."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal, localcontext

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from campaign_files import csv_text, jsonl_text, run, write

from nrs_codec.campaign import blocks, check, output, parallel
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.report import Report

COLUMNS = ["row", "encoding", "parts", "units", "remaining", "locking_shift", "single_shift", "error"]
WITH_RECIPIENTS = [*COLUMNS, "recipient", "country"]


def full_schema(tmp_path, *argv) -> pa.Schema:
    """The output schema of a check of a file with rows, to compare an empty one with."""
    check.run_check(
        str(write(tmp_path / "full.csv", csv_text())), output=str(tmp_path / "full.parquet"), **dict(argv)
    )
    return pq.read_schema(tmp_path / "full.parquet")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("header.csv", "id,to,message\n"),
        ("header-no-newline.csv", "id,to,message"),
        ("all-malformed.csv", "id,to,message\n1,2\n3\n4,5,6,7\n"),  # such rows are only in the summary
    ],
)
def test_no_rows_still_give_a_file_with_the_columns(tmp_path, capsys, name, content):
    path = write(tmp_path / name, content)
    out_parquet, out_csv = tmp_path / "out.parquet", tmp_path / "out.csv"
    status, _, err = run(capsys, path, "--output", out_parquet, "--to-column", "to")
    assert status in (0, 1), err
    table = pq.read_table(out_parquet)
    assert table.num_rows == 0
    assert table.schema == full_schema(tmp_path, ("to_column", "to"))
    assert table.column_names == WITH_RECIPIENTS
    status, _, _ = run(capsys, path, "--output", out_csv)
    assert out_csv.read_text() == ",".join(f'"{c}"' for c in COLUMNS) + "\n"
    assert pacsv.read_csv(out_csv).column_names == COLUMNS


def test_prices_add_their_columns_to_an_empty_file(tmp_path, capsys):
    prices = write(tmp_path / "prices.csv", "destination,price,currency\nPT,0.05,EUR\n")
    out = tmp_path / "out.parquet"
    status, _, _ = run(
        capsys,
        write(tmp_path / "h.csv", "to,message\n"),
        "--to-column",
        "to",
        "--prices",
        prices,
        "--output",
        out,
    )
    assert status == 0
    assert pq.read_schema(out).names == [*WITH_RECIPIENTS, "cost", "currency"]


@pytest.mark.parametrize(("suffix", "encoders"), [(".csv", 1), (".parquet", 1), (".parquet", 3), (".csv", 3)])
def test_an_interrupted_check_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch, suffix, encoders):
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1024)
    monkeypatch.setattr(output, "ROW_GROUP_ROWS", 20)  # row groups encoded before the interruption
    monkeypatch.setattr(output, "encoders_for", lambda *_: encoders)
    path = write(tmp_path / "c.csv", csv_text(["olá"] * 2000))
    out = tmp_path / f"out{suffix}"
    check.run_check(str(path), output=str(out))
    before = out.read_bytes()
    calls = 0
    analyze_many = parallel.analyze_many

    def second_block_fails(texts, **options):
        nonlocal calls
        calls += 1
        if calls >= 2:  # the first block is written; the worker may have taken a third meanwhile
            raise KeyboardInterrupt
        return analyze_many(texts, **options)

    monkeypatch.setattr(parallel, "analyze_many", second_block_fails)
    with pytest.raises(KeyboardInterrupt):
        check.run_check(str(write(tmp_path / "c.csv", csv_text(["other"] * 2000))), output=str(out))
    assert calls >= 2
    assert out.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["c.csv", f"out{suffix}"]  # no temporary file left
    os.unlink(out)
    calls = 0
    with pytest.raises(KeyboardInterrupt):
        check.run_check(str(path), output=str(out))
    assert sorted(os.listdir(tmp_path)) == ["c.csv"]


def test_a_file_error_midway_leaves_no_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1024)
    good = csv_text(["olá"] * 3000).encode()
    path = write(tmp_path / "c.csv", good + "9999,35191234567,Preço\n".encode("cp1252"))
    status, _, err = run(capsys, path, "--output", tmp_path / "out.parquet")
    assert status == 2 and "row 3001: byte 0xe7" in err
    assert sorted(os.listdir(tmp_path)) == ["c.csv"]


def test_the_currency_stays_one_dictionary_across_blocks(tmp_path, capsys):
    # Every block hands over the same one-entry dictionary: the writer keeps it for the whole
    # row group (a dictionary that changed between blocks made it write the rest plain).
    # The first block meets two prices, the next only one, a row without a price among them.
    first = "351912345678,Olá\n34612345678,x\n" * (blocks.BLOCK_ROWS // 2)
    path = write(tmp_path / "c.csv", "to,message\n" + first + "351912345678,Olá\n12,x\n" * blocks.BLOCK_ROWS)
    prices = write(tmp_path / "prices.csv", "destination,price,currency\nPT,0.05,EUR\nES,0.07,EUR\n")
    run(capsys, path, "--to-column", "to", "--prices", prices, "--output", tmp_path / "a.parquet")
    meta = pq.ParquetFile(tmp_path / "a.parquet").metadata
    column = meta.schema.names.index("currency")
    chunk = meta.row_group(0).column(column)
    assert meta.row_group(0).num_rows > blocks.BLOCK_ROWS
    assert chunk.encodings == ("PLAIN", "RLE", "RLE_DICTIONARY")
    assert chunk.total_uncompressed_size < 50_000  # plain, it would be 460 kB
    table = pq.read_table(tmp_path / "a.parquet", columns=["currency", "cost"])
    assert table.column("currency").to_pylist()[-3:] == [None, "EUR", None]
    assert [str(c) for c in table.column("cost")[:2].to_pylist()] == ["0.05", "0.07"]


@pytest.mark.parametrize(
    ("price", "physical"),
    [
        ("0.0450", "INT64"),  # up to 18 digits: stored as the integer of its units
        ("999999999999.9999999999", "FIXED_LEN_BYTE_ARRAY"),  # the largest price: past int64
    ],
)
def test_costs_are_exact_whatever_their_digits(tmp_path, capsys, price, physical):
    # Each cost is the price times the row's parts, to the last digit: no rounding by a decimal
    # context (28 digits) nor by a 64-bit integer, in Parquet and in CSV alike.
    messages = ["Olá", "x" * 200, "😀" * 100, "y" * 1000]
    path = write(tmp_path / "c.csv", "to,message\n" + "".join(f"351912345678,{m}\n" for m in messages))
    prices = write(tmp_path / "prices.csv", f"destination,price,currency\nPT,{price},EUR\n")
    for name in ("a.parquet", "a.csv"):
        run(capsys, path, "--to-column", "to", "--prices", prices, "--output", tmp_path / name)
    file = pq.ParquetFile(tmp_path / "a.parquet")
    assert file.schema.column(file.schema.names.index("cost")).physical_type == physical
    table = file.read()
    assert pa.types.is_decimal(table.schema.field("cost").type)
    with localcontext(prec=100):
        want = [Decimal(price) * parts for parts in table.column("parts").to_pylist()]
    assert sorted(set(table.column("parts").to_pylist())) == [1, 2, 4, 7]
    assert table.column("cost").to_pylist() == want
    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as f:
        assert [Decimal(r["cost"]) for r in csv.DictReader(f)] == want
    _, out, _ = run(capsys, path, "--to-column", "to", "--prices", prices, "--json")
    with localcontext(prec=100):
        assert Decimal(json.loads(out)["costByCountry"][0]["cost"]) == sum(want)
    # A night's campaigns: a billion parts at the largest price, 31 digits, summed exactly.
    report = Report("c.csv", priced=True)
    report.parts_by_price[("PT", "EUR", Decimal(price))] += 10**9 + 7
    cost = report.costs()["PT EUR"]["cost"]
    with localcontext(prec=100):
        assert cost == Decimal(price) * (10**9 + 7)


def test_output_the_same_rows_whatever_the_input(tmp_path, capsys):
    plain = write(tmp_path / "c.csv", csv_text())
    lines = write(tmp_path / "c.jsonl", jsonl_text())
    run(capsys, plain, "--output", tmp_path / "a.parquet", "--to-column", "to")
    run(capsys, lines, "--output", tmp_path / "b.parquet", "--to-column", "to")
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))


def test_parquet_output_keeps_dictionaries_for_columns_of_few_values(tmp_path, capsys):
    # A dictionary of a column with a value per row is built for each row group and then dropped:
    # the row numbers and the small counts are deltas, recipients plain, the rest dictionary-encoded
    # (the error codes among them); the values the same.
    path = write(tmp_path / "c.csv", csv_text(["Olá", "Preço 5€", "😀"] * 300))
    run(capsys, path, "--output", tmp_path / "a.parquet", "--to-column", "to")
    run(capsys, path, "--output", tmp_path / "a.csv", "--to-column", "to")
    group = pq.ParquetFile(tmp_path / "a.parquet").metadata.row_group(0)
    names = [group.column(i).path_in_schema for i in range(group.num_columns)]
    encodings = {name: group.column(i).encodings for i, name in enumerate(names)}
    for name in ("row", "parts", "units", "remaining", "locking_shift", "single_shift"):
        assert "DELTA_BINARY_PACKED" in encodings[name] and "RLE_DICTIONARY" not in encodings[name]
    assert "RLE_DICTIONARY" not in encodings["recipient"]
    assert all("RLE_DICTIONARY" in encodings[name] for name in ("encoding", "error", "country"))
    assert group.column(names.index("recipient")).statistics is None
    assert group.column(names.index("units")).statistics is None  # no filter's bounds
    assert group.column(names.index("row")).statistics.min == 1
    assert group.column(names.index("error")).statistics.max == 0  # no row of it has an error
    table = pq.read_table(tmp_path / "a.parquet")
    # Written from Arrow dictionaries, read back as the text they hold (as the CSV's cells).
    assert {table.schema.field(name).type for name in ("encoding", "country")} == {pa.string()}
    assert table.column("row").to_pylist() == list(range(1, 901))
    assert table.cast(pacsv.read_csv(tmp_path / "a.csv").schema).equals(pacsv.read_csv(tmp_path / "a.csv"))


@pytest.mark.parametrize("encoders", [1, 3])
def test_columns_with_a_value_on_every_row_are_required_in_parquet(tmp_path, capsys, monkeypatch, encoders):
    # Declared not nullable, they are written without a definition level per value; the columns
    # that may be empty (a message's encoding, a country, a cost) stay optional.
    monkeypatch.setattr(output, "encoders_for", lambda *_: encoders)
    texts = ["Olá", "", "Preço 5€", "😀"] * 50
    first = write(tmp_path / "a.csv", csv_text(texts) + '9,1,"a","b"\n')  # a malformed row too
    second = write(tmp_path / "b.csv", csv_text(texts))
    run(capsys, first, second, "--output", tmp_path / "o.parquet", "--to-column", "to")
    run(capsys, first, second, "--output", tmp_path / "o.csv", "--to-column", "to")
    schema = pq.ParquetFile(tmp_path / "o.parquet").schema
    required = {
        schema.column(i).name for i in range(len(schema)) if schema.column(i).max_definition_level == 0
    }
    assert required == {"file", *COLUMNS} - {"encoding"}
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column("encoding").null_count == 100  # the empty messages
    text = pacsv.read_csv(tmp_path / "o.csv", convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
    assert table.cast(text.schema).equals(text)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parquet_row_groups_gather_blocks(tmp_path, capsys, monkeypatch, workers):
    # Blocks of a few rows each are written as row groups of ROW_GROUP_ROWS rows (the last one
    # less), in order, nothing lost: the same table as one row group per block would give.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 256)
    monkeypatch.setattr(output, "ROW_GROUP_ROWS", 100)
    path = write(tmp_path / "c.csv", csv_text(["Olá", "Preço 5€", "😀", "x" * 170] * 130))
    run(capsys, path, "--output", tmp_path / "a.parquet", "--to-column", "to", "--workers", workers)
    metadata = pq.ParquetFile(tmp_path / "a.parquet").metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes == [100] * 5 + [20]  # however the rows came in blocks
    monkeypatch.setattr(output, "ROW_GROUP_ROWS", 1)
    run(capsys, path, "--output", tmp_path / "b.parquet", "--to-column", "to", "--workers", workers)
    assert pq.ParquetFile(tmp_path / "b.parquet").metadata.num_row_groups > len(sizes)
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.column("row").to_pylist() == list(range(1, 521))
    assert table.equals(pq.read_table(tmp_path / "b.parquet"))


@pytest.mark.parametrize(("workers", "suffix"), [("1", ".parquet"), ("2", ".parquet"), ("2", ".csv")])
def test_row_groups_encoded_on_several_threads_are_the_bytes_of_one(
    tmp_path, capsys, monkeypatch, workers, suffix
):
    # Row groups (CSV blocks) encoded apart and stitched in order (from eight workers on): the very
    # file one encoding thread writes, with recipients, countries and exact costs; and with no
    # row at all.
    # One thread encodes for up to four workers, whatever the CPUs.
    assert output.encoders_for(4, True) == output.encoders_for(1, True) == output.encoders_for(1, False) == 1
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 256)
    monkeypatch.setattr(output, "ROW_GROUP_ROWS", 100)
    prices = write(tmp_path / "prices.csv", "destination,price,currency\nPT,0.0123,EUR\n")
    for name, texts in (("c.csv", ["Olá", "Preço 5€", "😀", "x" * 170, "ok"] * 130), ("e.csv", [])):
        path = write(tmp_path / name, csv_text(texts))
        argv = [path, "--to-column", "to", "--prices", prices, "--workers", workers]
        one, three = tmp_path / f"one{suffix}", tmp_path / f"three{suffix}"
        monkeypatch.setattr(output, "encoders_for", lambda *_: 1)
        run(capsys, *argv, "--output", one)
        monkeypatch.setattr(output, "encoders_for", lambda *_: 3)
        run(capsys, *argv, "--output", three)
        assert three.read_bytes() == one.read_bytes()
        got = pq.read_table(three) if suffix == ".parquet" else pacsv.read_csv(three)
        assert got.num_rows == len(texts) and got.column_names[0] == "row"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["c.csv", "e.csv", f"one{suffix}", "prices.csv", f"three{suffix}"]  # no part files


@pytest.mark.parametrize(("suffix", "encoders"), [(".parquet", 1), (".parquet", 3), (".csv", 3)])
def test_a_table_of_another_schema_is_refused(tmp_path, monkeypatch, suffix, encoders):
    # As pyarrow's one Parquet writer refuses it, so do the encoders, before it reaches the file
    # (a CSV block of other columns under the first one's header too).
    monkeypatch.setattr(output, "ROW_GROUP_ROWS", 2)
    monkeypatch.setattr(output, "encoders_for", lambda *_: encoders)
    writer = output.Writer(str(tmp_path / f"o{suffix}"), workers=8)
    writer.write(pa.table({"n": pa.array([1, 2], pa.int32())}))
    with pytest.raises((ValueError, pa.ArrowInvalid), match="[Ss]chema"):
        writer.write(pa.table({"n": pa.array([3, 4], pa.int64())}))
        writer.commit(pa.schema([("n", pa.int32())]))
    writer.discard()
    assert list(tmp_path.iterdir()) == []


def test_where_the_output_cannot_go(tmp_path, capsys):
    path = write(tmp_path / "c.csv", csv_text())
    status, _, err = run(capsys, path, "--output", tmp_path / "no" / "such" / "dir" / "out.csv")
    assert status == 2 and "cannot write" in err and "No such file or directory" in err
    status, _, err = run(capsys, path, "--output", path)
    assert status == 2 and "is the campaign file itself" in err
    assert path.read_text() == csv_text()
    with pytest.raises(CheckError, match="expected a .csv or .parquet file"):
        check.run_check(str(path), output=str(tmp_path / "out.json"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("out.csv.bz2", "a CSV output is compressed as .gz, .zst or .lz4, not .bz2"),
        ("out.csv.br", "not .br"),
        ("out.csv.gzip", "not .gzip"),  # a name no reader takes for gzip
        ("out.csv.zstd", "not .zstd"),
        ("out.parquet.gz", "Parquet compresses its own pages: name it .parquet"),
        ("out.jsonl.zst", "only a .csv output is compressed by its name"),
        ("out.gz", "only a .csv output is compressed by its name"),
        ("out.txt", "expected a .csv or .parquet file (a .csv may end in .gz, .zst, .lz4)"),
    ],
)
def test_output_names_of_no_format_are_refused_before_reading(tmp_path, capsys, name, message):
    path = write(tmp_path / "c.csv", csv_text())
    status, out, err = run(capsys, path, "--output", tmp_path / name)
    assert status == 2 and out == "" and message in err
    assert sorted(os.listdir(tmp_path)) == ["c.csv"]


@pytest.mark.parametrize("encoders", [1, 3])
@pytest.mark.parametrize(
    ("suffix", "isal"), [(".csv.gz", True), (".csv.gz", False), (".csv.zst", True), (".csv.lz4", True)]
)
def test_a_compressed_csv_output_is_the_csv_output_compressed(
    tmp_path, capsys, monkeypatch, suffix, isal, encoders
):
    # Each block's text is compressed alone, by the writing thread or by encoders at once, and
    # appended: one stream to pyarrow, to Python's gzip and to the format's own tool, which all
    # read back the bytes of the plain output; a file with no row too (its header alone). The
    # same bytes from run to run (no time in a gzip header). Without ISA-L, gzip is zlib's.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 256)
    monkeypatch.setattr(output, "encoders_for", lambda *_: encoders)
    if not isal:
        monkeypatch.setitem(sys.modules, "isal", None)  # ``import isal`` raises ImportError
    codec = output.CSV_COMPRESSIONS[suffix[len(".csv") :]]
    prices = write(tmp_path / "prices.csv", "destination,price,currency\nPT,0.0123,EUR\n")
    for name, texts in (("c.csv", ["Olá", "=1+1", "😀", "x" * 170, "ok"] * 130), ("e.csv", [])):
        path = write(tmp_path / name, csv_text(texts))
        argv = [path, "--to-column", "to", "--prices", prices, "--workers", 8]
        run(capsys, *argv, "--output", tmp_path / "plain.csv")
        run(capsys, *argv, "--output", tmp_path / f"out{suffix}")
        plain, packed = (tmp_path / "plain.csv").read_bytes(), (tmp_path / f"out{suffix}").read_bytes()
        run(capsys, *argv, "--output", tmp_path / f"out{suffix}")
        assert (tmp_path / f"out{suffix}").read_bytes() == packed
        assert pa.CompressedInputStream(pa.BufferReader(packed), codec).read() == plain
        assert pacsv.read_csv(tmp_path / f"out{suffix}").num_rows == len(texts)  # by its suffix
        if codec == "gzip":
            assert gzip.decompress(packed) == plain
        tool = {"gzip": "gzip", "zstd": "zstd", "lz4": "lz4"}[codec]
        if shutil.which(tool):
            assert (
                subprocess.run([tool, "-dc"], input=packed, capture_output=True, check=True).stdout == plain
            )
        if texts:
            assert len(packed) < len(plain)  # blocks of a few rows here: LZ4 gains least
            if codec == "gzip":  # a member per block: the header's and each block's
                assert packed.count(b"\x1f\x8b\x08") > 10
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["c.csv", "e.csv", f"out{suffix}", "plain.csv", "prices.csv"]  # no temporary file


def test_ctrl_c_says_so_and_leaves_the_output_as_it_was(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "c.csv", csv_text())
    out = write(tmp_path / "out.csv", "previous\n")

    def interrupted(texts, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "analyze_many", interrupted)
    status, stdout, err = run(capsys, path, "--output", out)
    assert status == 130 and stdout == ""
    assert err == f"nrs-codec check: interrupted; {out} is as it was\n"
    assert out.read_text() == "previous\n" and sorted(os.listdir(tmp_path)) == ["c.csv", "out.csv"]


FORMULAS = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("encoders", [1, 3])
def test_csv_output_neutralises_cells_a_spreadsheet_would_evaluate(tmp_path, capsys, monkeypatch, encoders):
    """OWASP's advice against CSV injection: a text cell that starts like a formula is written
    with a single quote before it; a plain number stays a number; Parquet keeps the values.
    So on the encoder threads too."""
    monkeypatch.setattr(output, "encoders_for", lambda *_: encoders)
    recipients = [*FORMULAS, "+351912345678", "-5", "351912345678", "a=b"]
    lines = [json.dumps({"to": to, "message": "hi"}) for to in recipients]
    path = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    run(capsys, path, "--to-column", "to", "--output", tmp_path / "o.csv")
    run(capsys, path, "--to-column", "to", "--output", tmp_path / "o.parquet")
    written = [row["recipient"] for row in csv.DictReader(open(tmp_path / "o.csv", newline=""))]
    assert written == ["'" + f for f in FORMULAS] + recipients[len(FORMULAS) :]
    assert pq.read_table(tmp_path / "o.parquet").column("recipient").to_pylist() == recipients


# A real check in a child process, paused (so that the signal's moment is certain) either while it
# adds its first block to the report, or after the output has taken its name, while the summary is
# printed.
PAUSED_CHECK = """
import sys, time
from nrs_codec.campaign import report
from nrs_codec.cli import main

ready, where = sys.argv[1], sys.argv[2]


def pause():
    open(ready, "w").close()
    time.sleep(120)


if where == "block":
    add = report.Report.add

    def paused(self, other):
        if other.totals.rows:
            pause()
        return add(self, other)

    report.Report.add = paused
else:
    lines = report.Report.lines

    def paused_lines(self):
        pause()
        return lines(self)

    report.Report.lines = paused_lines
sys.exit(main(["check", *sys.argv[3:], "--no-progress", "--workers", "1"]))  # blocks added here
"""


def stopped_check(tmp_path, signum, where, *argv):
    """Exit status and stderr of a check given ``signum`` at its pause."""
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSED_CHECK, str(ready), where, *map(str, argv)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not ready.exists() and child.poll() is None:
            time.sleep(0.01)
        child.send_signal(signum)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    ready.unlink(missing_ok=True)
    return child.returncode, err


@pytest.mark.parametrize(
    ("signum", "said"),
    [
        (signal.SIGINT, "interrupted"),
        (signal.SIGTERM, "stopped by SIGTERM"),
        (signal.SIGHUP, "stopped by SIGHUP"),
    ],
)
def test_a_signal_during_the_check_leaves_nothing_and_says_so(tmp_path, signum, said):
    path = write(tmp_path / "c.csv", csv_text())
    out = write(tmp_path / "out.csv", "previous\n")
    status, err = stopped_check(tmp_path, signum, "block", path, "--output", out)
    assert (status, err) == (128 + signum, f"nrs-codec check: {said}; {out} is as it was\n")
    assert out.read_text() == "previous\n" and sorted(os.listdir(tmp_path)) == ["c.csv", "out.csv"]
    os.unlink(out)
    status, err = stopped_check(tmp_path, signum, "block", path, "--output", out)
    assert (status, err) == (128 + signum, f"nrs-codec check: {said}; {out} was not written\n")
    assert sorted(os.listdir(tmp_path)) == ["c.csv"]  # no temporary file left


@pytest.mark.parametrize(
    ("signum", "said"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "stopped by SIGTERM")]
)
def test_a_signal_after_the_output_is_written_says_it_is(tmp_path, signum, said):
    path = write(tmp_path / "c.csv", csv_text())
    check.run_check(str(path), output=str(tmp_path / "expected.csv"))
    out = write(tmp_path / "out.csv", "previous\n")
    status, err = stopped_check(tmp_path, signum, "summary", path, "--output", out)
    assert status == 128 + signum
    assert err == (
        f"nrs-codec check: {said} after the check had ended: {out} holds every row's result "
        "(the summary was not printed)\n"
    )
    assert out.read_bytes() == (tmp_path / "expected.csv").read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["c.csv", "expected.csv", "out.csv"]


REFUSED = "refusing to overwrite an input"


def test_the_output_is_never_an_input(tmp_path, capsys):
    path = write(tmp_path / "c.csv", csv_text())
    prices = write(tmp_path / "prices.csv", "destination,price,currency\nPT,0.05,EUR\n")
    os.symlink(prices, tmp_path / "link.csv")
    for target in (prices, tmp_path / "link.csv"):
        status, _, err = run(capsys, path, "--to-column", "to", "--prices", prices, "--output", target)
        assert status == 2
        assert err == f"nrs-codec check: --output {target} is the --prices table itself: {REFUSED}\n"
    assert prices.read_text() == "destination,price,currency\nPT,0.05,EUR\n"
    assert sorted(os.listdir(tmp_path)) == ["c.csv", "link.csv", "prices.csv"]


@pytest.mark.parametrize(("suffix", "encoders"), [(".parquet", 1), (".csv", 1), (".parquet", 3), (".csv", 3)])
def test_a_full_disk_midway_is_said_and_leaves_no_file(tmp_path, suffix, encoders):
    """The output is written on a thread of its own: a write that fails there (here the file
    size limit, as a full disk would) stops the check with the file's name, exit status 2, and
    neither a partial file nor an output under its name."""
    rows = 3 * blocks.BLOCK_ROWS
    numbers = "".join(f"3519{i * 7919 % 10**8:08d},Olá mundo {i}\n" for i in range(rows))
    path = write(tmp_path / "c.csv", "to,message\n" + numbers)
    out = tmp_path / f"rows{suffix}"
    # The limit is set once everything is imported, in the test's directory (not a source tree).
    code = (
        "import resource; from nrs_codec.cli import main; import nrs_codec.campaign.output as output; "
        f"output.encoders_for = lambda *_: {encoders}; "
        "output.ROW_GROUP_ROWS = 20_000; "  # several row groups, some encoded while others are written
        "resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000)); raise SystemExit(main())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code]
        + ["check", str(path), "--to-column", "to", "--output", str(out), "--no-progress", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert f"cannot write {out}" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv"]
