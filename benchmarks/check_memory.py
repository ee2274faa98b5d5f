"""Peak memory of ``nrs-codec check`` on files whose rows are large: ``python benchmarks/check_memory.py``.

A check holds a block of rows at a time; a block must be bounded by bytes, not only by rows, or a
file of few long rows fills memory however small it is on disk. Each case runs ``nrs-codec check``
in its own process and reports that process's peak resident memory (``os.wait4``):

- a ``.jsonl.gz`` of ``--lines`` lines of 1 MiB each (3 MB on disk for 3,000 lines);
- a Parquet file whose message column is dictionary-encoded: one 1 MiB string over ``--lines``
  rows (529 bytes on disk for 1,500 rows);
- a Parquet file of ``--lines`` plain (not dictionary-encoded) 1 MiB messages;
- a CSV of ``--lines`` lines of 1 MiB, for comparison (CSV was bounded by bytes already).

Options: ``--lines N`` (default 3000), ``--only jsonl|parquet-dict|parquet-plain|csv``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1 << 20


def write_case(kind: str, lines: int, directory: Path) -> Path:
    """The campaign file of one case."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = "a" * MIB
    if kind == "jsonl":
        path = directory / "long.jsonl.gz"
        line = (json.dumps({"message": row}) + "\n").encode()
        with gzip.open(path, "wb", compresslevel=1) as f:
            for _ in range(lines):
                f.write(line)
    elif kind == "csv":
        path = directory / "long.csv"
        with open(path, "w") as f:
            f.write("message\n")
            for _ in range(lines):
                f.write(row + "\n")
    elif kind == "parquet-dict":
        path = directory / "dictionary.parquet"
        column = pa.DictionaryArray.from_arrays(pa.array([0] * lines, pa.int32()), pa.array([row]))
        pq.write_table(pa.table({"message": column}), path, compression="zstd")
    else:
        path = directory / "plain.parquet"
        schema = pa.schema([("message", pa.string())])
        with pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=False) as writer:
            for start in range(0, lines, 16):
                column = pa.array([row] * min(16, lines - start))
                writer.write_table(pa.table({"message": column}), row_group_size=1 << 20)
    return path


def write_in_child(kind: str, lines: int, directory: Path) -> Path:
    """``write_case`` in a child process: a parent's memory counts in its children's peaks (Linux
    keeps the high-water mark across ``exec``), so this process never holds a file's rows."""
    out = subprocess.run(
        [sys.executable, __file__, "--write", kind, "--lines", str(lines), "--directory", str(directory)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


def peak_of_check(path: Path) -> tuple[int, float, int]:
    """``nrs-codec check PATH`` in a child process: its peak resident bytes, seconds, exit status."""
    code = "import sys\nfrom nrs_codec.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, "check", str(path), "--no-progress", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, time.perf_counter() - start, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--only", choices=["jsonl", "parquet-dict", "parquet-plain", "csv"])
    parser.add_argument("--write", help=argparse.SUPPRESS)
    parser.add_argument("--directory", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        print(write_case(args.write, args.lines, Path(args.directory)))
        return
    kinds = [args.only] if args.only else ["jsonl", "parquet-dict", "parquet-plain", "csv"]
    print(f"| file ({args.lines:,} rows of 1 MiB) | on disk | peak RSS | time | exit |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as directory:
        for kind in kinds:
            path = write_in_child(kind, args.lines, Path(directory))
            peak, seconds, status = peak_of_check(path)
            size = path.stat().st_size
            print(f"| {kind} | {size:,} B | {peak / MIB:,.0f} MiB | {seconds:.1f} s | {status} |")
            path.unlink()


if __name__ == "__main__":
    main()
