"""Blocks are bounded by bytes as well as rows, for every format: a file of few long rows (a
3 MB ``.jsonl.gz`` of 3,000 lines of 1 MiB, a 529-byte Parquet file whose dictionary holds one
1 MiB value for 1,500 rows) is checked in the memory of a few blocks, and how the rows are cut
into blocks never changes the results. ``benchmarks/check_memory.py`` gives the figures."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import MESSAGES, write

from nrs_codec.campaign import blocks, check, parallel

MIB = 1 << 20
ROWS = 600  # of 1 MiB: 600 MiB held at once by a reader that counts only rows

# nrs-codec check in a child, which prints its peak resident memory (VmHWM: its own, whereas a
# child's ru_maxrss starts from its parent's, which fork and exec carry over).
PEAK_OF_CHECK = """
import sys
from nrs_codec.cli import main
status = main(["check", *sys.argv[1:], "--no-progress", "--json"])
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
print(status, int(peak.split()[1]) * 1024, file=sys.stderr)
"""


def peak_of_check(path: Path, *argv: str) -> tuple[int, int]:
    """Exit status and peak resident bytes of ``nrs-codec check PATH`` in a child process."""
    import subprocess

    r = subprocess.run(
        [sys.executable, "-c", PEAK_OF_CHECK, str(path), *argv],
        cwd=path.parent,  # not the checkout: the installed package is under test
        capture_output=True,
        text=True,
        timeout=600,
    )
    status, peak = r.stderr.split()[-2:]
    return int(status), int(peak)


def long_jsonl(path: Path, rows: int) -> Path:
    line = (json.dumps({"message": "a" * MIB, "to": "351912345678"}) + "\n").encode()
    with gzip.open(path, "wb", compresslevel=1) as f:
        for _ in range(rows):
            f.write(line)
    return path


def dictionary_parquet(
    path: Path, rows: int, values: list[str], row_group_size: int | None = None, store_schema: bool = True
) -> Path:
    """Rows of ``values`` in turn, stored with a dictionary; without ``store_schema`` (as other
    writers than pyarrow write them) they read back as plain text, not as an Arrow dictionary."""
    indices = pa.array([i % len(values) for i in range(rows)], pa.int32())
    table = pa.table({"message": pa.DictionaryArray.from_arrays(indices, pa.array(values))})
    pq.write_table(table, path, compression="zstd", row_group_size=row_group_size, store_schema=store_schema)
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_few_long_rows_are_checked_in_the_memory_of_a_few_blocks(tmp_path):
    jsonl = long_jsonl(tmp_path / "long.jsonl.gz", ROWS)
    parquet = dictionary_parquet(tmp_path / "dictionary.parquet", ROWS, ["a" * MIB])
    plain = dictionary_parquet(tmp_path / "plain.parquet", ROWS, ["a" * MIB], store_schema=False)
    # A row group larger than a block (its dictionary of eight values): read decoded, in batches
    # as long as its longest value allows, not with the small groups' dictionaries.
    eight = dictionary_parquet(
        tmp_path / "eight.parquet", ROWS, [c * MIB for c in "abcdefgh"], store_schema=False
    )
    assert pq.ParquetFile(eight).metadata.row_group(0).total_byte_size > blocks.BLOCK_BYTES
    # Row groups of one 1 MiB value each (small, read together): in batches of a block's bytes.
    groups = tmp_path / "groups.parquet"
    with pq.ParquetWriter(groups, pa.schema([("message", pa.string())]), compression="zstd") as writer:
        for i in range(ROWS // 3):
            writer.write_table(pa.table({"message": [str(i % 10) * MIB]}))
    # One row group of 300 MiB, uncompressed, in pages of one value: read page by page, not
    # the whole column chunk before the first batch (pyarrow's defaults).
    pages = tmp_path / "pages.parquet"
    table = pa.table({"message": [f"{i}{'a' * MIB}" for i in range(ROWS // 2)]})
    pq.write_table(table, pages, compression="none", use_dictionary=False, write_batch_size=1)
    assert jsonl.stat().st_size < 4 * MIB and parquet.stat().st_size < 1024 and plain.stat().st_size < 1024
    _, baseline = peak_of_check(write(tmp_path / "short.jsonl", '{"message": "a"}\n'))
    for path in (jsonl, parquet, plain, eight, groups, pages):
        status, peak = peak_of_check(path)
        assert status == 1  # each row needs more than 255 parts
        # Held at once, the rows would take 600 MiB; a few blocks of 4 MiB take a few tens.
        assert peak - baseline < 150 * MIB, (path.name, peak - baseline)


def outcome(path: Path, out: Path, monkeypatch, **options):
    """The summary, the per-row output and the number of blocks of a check."""
    calls = 0
    analyze_many = check.analyze_many

    def counted(texts, **options):
        nonlocal calls
        calls += 1
        return analyze_many(texts, **options)

    monkeypatch.setattr(check, "analyze_many", counted)  # the output's columns
    monkeypatch.setattr(parallel, "analyze_many", counted)  # each block's
    report = check.run_check(str(path), output=str(out), **options)
    summary = report.to_dict()
    del summary["file"]
    return summary, pq.read_table(out), calls - 1  # the first call gives the output's columns


@pytest.mark.parametrize(
    "fmt",
    [
        "jsonl",
        "parquet-dictionary",
        "parquet-dictionary-unstored",
        "parquet-dictionary-full",
        "parquet-plain",
    ],
)
def test_how_rows_are_cut_into_blocks_does_not_change_the_results(tmp_path, monkeypatch, fmt):
    messages = [f"{m} {'x' * (i % 7 * 40)}" for i in range(100) for m in MESSAGES[:3]] + [None, "a" * 40000]
    if fmt == "jsonl":
        lines = [json.dumps({"message": m, "to": f"35191234{i:04d}"}) for i, m in enumerate(messages)]
        path = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
        options = {"to_column": "to"}
    elif fmt in ("parquet-dictionary", "parquet-dictionary-unstored"):
        values = [m for m in messages if m][:50]
        stored = fmt == "parquet-dictionary"  # else read back as text, not as an Arrow dictionary
        path = dictionary_parquet(tmp_path / "c.parquet", 1000, values, 300, store_schema=stored)
        options = {}
    elif fmt == "parquet-dictionary-full":  # the dictionary fills up and the chunk goes on plain
        path = tmp_path / "c.parquet"
        pq.write_table(
            pa.table({"message": messages * 3}), path, dictionary_pagesize_limit=4000, store_schema=False
        )
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).has_dictionary_page
        options = {}
    else:
        path = tmp_path / "c.parquet"
        pq.write_table(pa.table({"message": messages}), path, use_dictionary=False, row_group_size=100)
        options = {}
    summary, table, count = outcome(path, tmp_path / "a.parquet", monkeypatch, **options)
    for size in (1000, 20000):  # a few rows, a hundred
        monkeypatch.setattr(blocks, "BLOCK_BYTES", size)
        got = outcome(path, tmp_path / "b.parquet", monkeypatch, **options)
        assert got[0] == summary and got[1].equals(table), size
        assert got[2] > count, size  # the rows were cut into more blocks


def test_small_row_groups_are_checked_in_blocks_of_the_usual_size(tmp_path, monkeypatch):
    """A Parquet file of many small row groups (streaming writers write them) is read a run of
    groups at a time and checked in full blocks, not in a block per group, and one row group whose
    dictionary holds a long value is not checked a row at a time; the results are those of the
    same rows in one row group, groups larger than a block among them too."""
    messages = [f"{m} {'x' * (i % 7 * 40)}" for i in range(400) for m in MESSAGES[:3]] + [None, "a" * 40000]
    table = pa.table({"message": messages, "to": [f"35191234{i:04d}" for i in range(len(messages))]})
    one, small = tmp_path / "one.parquet", tmp_path / "small.parquet"
    pq.write_table(table, one, store_schema=False)
    sizes = [7, 1, 3, 9] * 25 + [150] + [5] * 20  # then the rest: the 150 and the rest are large
    with pq.ParquetWriter(small, table.schema, store_schema=False) as writer:
        start = 0
        for size in [*sizes, len(messages) - sum(sizes)]:
            writer.write_table(table.slice(start, size), row_group_size=size)
            start += size
    assert pq.ParquetFile(small).metadata.num_row_groups == len(sizes) + 1
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 16 << 10)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 500)
    expected = outcome(one, tmp_path / "a.parquet", monkeypatch, to_column="to")
    got = outcome(small, tmp_path / "b.parquet", monkeypatch, to_column="to")
    assert got[0] == expected[0] and got[1].equals(expected[1])
    values = sum(len(m.encode()) for m in messages if m) + 12 * len(messages)
    full = values // blocks.BLOCK_BYTES + 1  # blocks, were each filled to its bytes
    assert expected[2] <= 2 * full and got[2] <= 2 * full, (expected[2], got[2], full)  # not one a group
