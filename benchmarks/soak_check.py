"""Exit statuses of many ``nrs-codec check`` runs at once: ``python benchmarks/soak_check.py``.

A check must end with its own status (0, 1 or 2), never with the interpreter's: pyarrow reads a
CSV file ahead on threads of its own, and one still reading when the interpreter exits ended the
process with "Fatal Python error: PyGILState_Release" (134) or "terminate called without an active
exception" (-6). This runs each case ``--runs`` times, ``--parallel`` at a time (load makes the
race likelier), and prints every exit status seen with its count, and the end of the stderr of any
run that did not end as expected:

- ``long-field``: a gzip-compressed CSV holding one field of ``--field-mib`` MiB (1024: the
  issue's 1 GiB), longer than a row may be: exit 2;
- ``cp1252``: a one-row CSV read with ``--file-encoding cp1252``: exit 0;
- ``examples``: ``examples/campaign.csv`` with recipients, prices and ``--output``: exit 1;
- ``bad-byte``: a CSV of 200,000 rows with a cp1252 byte in its last row, read as UTF-8: exit 2.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = "import sys\nfrom nrs_codec.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def cases(directory: Path, field_mib: int) -> dict[str, tuple[list[str], int]]:
    """Each case's ``nrs-codec check`` arguments and the exit status it must end with."""
    long_field = directory / "long-field.csv.gz"
    with gzip.open(long_field, "wb", compresslevel=1) as f:
        f.write(b"message\n")
        for _ in range(field_mib):
            f.write(b"a" * (1 << 20))
        f.write(b"\n")
    cp1252 = directory / "one-row.csv"
    cp1252.write_bytes("message\nPreço 5€\n".encode("cp1252"))
    bad_byte = directory / "bad-byte.csv"
    bad_byte.write_bytes(b"message\n" + b"hello world\n" * 200_000 + "Preço\n".encode("cp1252"))
    examples = ROOT / "examples"
    return {
        "long-field": ([str(long_field)], 2),
        "cp1252": ([str(cp1252), "--file-encoding", "cp1252"], 0),
        "examples": (
            [
                str(examples / "campaign.csv"),
                "--to-column",
                "to",
                "--prices",
                str(examples / "prices.csv"),
                "--output",
                str(directory / "out-{run}.csv"),
            ],
            1,
        ),
        "bad-byte": ([str(bad_byte)], 2),
    }


def check(argv: list[str], run: int) -> tuple[int, str]:
    argv = [a.replace("{run}", str(run)) for a in argv]
    r = subprocess.run(
        [sys.executable, "-c", CHECK, "check", *argv, "--no-progress"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return r.returncode, r.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="runs of each case (200)")
    parser.add_argument("--parallel", type=int, default=8, help="runs at a time (8)")
    parser.add_argument("--field-mib", type=int, default=256, help="the long field's size (256 MiB)")
    parser.add_argument("--only", help="one case")
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        for name, (argv, expected) in cases(Path(directory), args.field_mib).items():
            if args.only and name != args.only:
                continue
            with ThreadPoolExecutor(args.parallel) as pool:
                results = list(pool.map(lambda run, argv=argv: check(argv, run), range(args.runs)))
            statuses = collections.Counter(status for status, _ in results)
            shown = ", ".join(f"exit {s}: {n}" for s, n in sorted(statuses.items()))
            print(f"{name:<11} expected {expected}: {shown}", flush=True)
            unexpected = [(status, err) for status, err in results if status != expected]
            failures += len(unexpected)
            for status, err in unexpected[:1]:  # one example per case
                print(f"    exit {status}: ...{err[-400:]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
