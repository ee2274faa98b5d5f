"""Coverage-guided fuzzing of the campaign-file readers with atheris: a check ends in a ``Report``
or a ``CheckError``, nothing else, and in the same one whatever the block sizes and compression.

The first byte of each input chooses the format (CSV or JSON Lines), the compression (none or
gzip), ``--file-encoding`` (none, cp1252 or utf-16), ``--to-column`` and the delimiter; the rest is
the file. Each file is checked with the usual block sizes and with tiny ones (so that every block
boundary falls inside a row, a quoted field or a UTF-8 sequence), plain and gzip-compressed: the
outcomes must agree, and a failed check must leave no output file.

Run it from a checkout with the extensions built in place (atheris is not a test dependency)::

    pip install atheris
    python setup.py build_ext --inplace
    mkdir -p corpus-campaign
    PYTHONPATH=. python fuzz/fuzz_campaign.py corpus-campaign -dict=fuzz/campaign.dict \\
        -max_total_time=600 -max_len=4096 -timeout=60

Files go to a temporary directory (``/dev/shm`` where there is one). Any other exception, a hang
or a crash stops the run and leaves the input in ``crash-*`` / ``timeout-*``: replay it with
``python fuzz/fuzz_campaign.py crash-...`` and keep it as a test in ``tests/campaign``.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile

import atheris
import pyarrow.parquet as pq

with atheris.instrument_imports(include=["nrs_codec"]):
    from nrs_codec.campaign import blocks, sources
    from nrs_codec.campaign.check import run_check
    from nrs_codec.campaign.errors import CheckError
    from nrs_codec.campaign.report import Report

DIRECTORY = tempfile.mkdtemp(prefix="fuzz_campaign_", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
ENCODINGS = (None, "cp1252", "utf-16", None)
DELIMITERS = (",", ";")


def _outcome(path: str, *, tiny: bool, **options):
    """The check's summary and per-row output, or ``CheckError``; never anything else."""
    saved = blocks.CSV_BLOCK_BYTES, blocks.BLOCK_BYTES, sources.CHUNK_BYTES, sources.HEAD_BYTES
    if tiny:  # the head stays as long as what sniffing looks at
        blocks.CSV_BLOCK_BYTES, blocks.BLOCK_BYTES, sources.CHUNK_BYTES, sources.HEAD_BYTES = 64, 64, 5, 512
    out = os.path.join(DIRECTORY, "out.parquet")
    try:
        report = run_check(path, output=out, **options)
    except CheckError:
        if os.path.exists(out):
            raise AssertionError("a failed check left its output file") from None
        return CheckError
    finally:
        blocks.CSV_BLOCK_BYTES, blocks.BLOCK_BYTES, sources.CHUNK_BYTES, sources.HEAD_BYTES = saved
    if not isinstance(report, Report):
        raise AssertionError(f"run_check returned {report!r}")
    summary = report.to_dict()
    del summary["file"]
    rows = pq.read_table(out).to_pylist()
    os.unlink(out)
    numbers = [r["row"] for r in rows]
    if numbers != sorted(set(numbers)) or len(rows) + report.unparsed_rows != report.rows:
        raise AssertionError(f"rows out of order or miscounted: {numbers}, {report.rows} rows")
    return summary, rows


def test_one_input(data: bytes) -> None:
    if not data:
        return
    choice, content = data[0], data[1:]
    fmt = "jsonl" if choice & 1 else "csv"
    options = {
        "file_encoding": ENCODINGS[(choice >> 1) & 3],
        "to_column": "to" if choice & 8 else None,
        "delimiter": DELIMITERS[(choice >> 4) & 1],
    }
    plain = os.path.join(DIRECTORY, f"c.{fmt}")
    with open(plain, "wb") as f:
        f.write(content)
    want = _outcome(plain, tiny=False, **options)
    if _outcome(plain, tiny=True, **options) != want:
        raise AssertionError("tiny blocks changed the outcome")
    if choice & 32:
        packed = plain + ".gz"
        with open(packed, "wb") as f:
            f.write(gzip.compress(content, compresslevel=1))
        if _outcome(packed, tiny=False, **options) != want:
            raise AssertionError("gzip changed the outcome")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
