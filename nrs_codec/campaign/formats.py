"""The campaign file formats ``check`` reads, and the file suffixes that name them (a module of its
own, importing nothing, so that the command line can list them without loading the readers)."""

from __future__ import annotations

FORMATS = {".csv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""File suffix -> format name."""

FORMAT_NAMES = ("csv", "jsonl", "parquet")
