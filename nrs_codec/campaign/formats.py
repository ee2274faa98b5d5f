"""The campaign file formats ``check`` reads, the file suffixes that name them, and the size of the
partitions a check on a cluster cuts them into (a module of its own, importing nothing, so that
the command line can list them without loading the readers)."""

from __future__ import annotations

FORMATS = {".csv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""File suffix -> format name."""

FORMAT_NAMES = ("csv", "jsonl", "parquet")

IN_DIRECTORIES = tuple(suffix for suffix in FORMATS if suffix != ".txt")
"""The suffixes of the files a directory given to ``check`` is read for: a ``.txt`` file is read
as CSV when named (a spreadsheet's tab-separated export), but beside a night's campaigns it is a
README or a note, which would stop the check."""

PARTITION_BYTES = 64 << 20
"""Bytes of CSV or JSON Lines (uncompressed Parquet row groups) per partition on a Dask cluster."""
