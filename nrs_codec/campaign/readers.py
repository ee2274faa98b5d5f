"""Reading a campaign file in blocks of rows: CSV, JSON Lines and Parquet, in bounded memory.

Each reader yields ``Block``s: the block's messages (an Arrow column where the format gives one,
read straight from its UTF-8 buffers), its recipients, the 1-based data row numbers, and the rows
that could not be parsed at all, with why. Reading needs pyarrow (``pip install 'nrs_codec[arrow]'``).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .errors import CheckError

FORMATS = {".csv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
BLOCK_ROWS = 65536
CSV_BLOCK_BYTES = 1 << 20


@dataclass
class Block:
    """Rows of the file: their messages, recipients (or None), and 1-based data row numbers."""

    messages: object
    recipients: list | None
    rows: np.ndarray
    malformed: dict[int, str] = field(default_factory=dict)  # row -> why, for rows in this block


def require_pyarrow():
    try:
        import pyarrow
        import pyarrow.csv
        import pyarrow.parquet
    except ImportError:
        raise CheckError("reading campaign files needs pyarrow: pip install 'nrs_codec[arrow]'") from None
    return pyarrow


def _missing_column(path: str, column: str, names: list[str]) -> CheckError:
    shown = ", ".join(repr(n) for n in names) or "none"
    return CheckError(f"{path}: no column {column!r} (columns: {shown})")


def _decode(values: list) -> list:
    return [None if v is None else v.decode("utf-8", "replace") for v in values]


def _csv_blocks(path, message_column, to_column, progress, delimiter=",") -> Iterator[Block]:
    pa = require_pyarrow()
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if not head.strip():
        raise CheckError(f"{path} is empty: expected a header line and rows")
    first_line = head.decode("utf-8-sig", "replace").splitlines()[0]
    header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
    for column in filter(None, (message_column, to_column)):
        if column not in header:
            raise _missing_column(path, column, header)
    skipped: dict[int, str] = {}

    def on_invalid(row) -> str:
        # ``number`` counts the header as record 1; data rows are numbered from 1.
        fields = f"{row.actual_columns} fields, expected {row.expected_columns}"
        skipped[row.number - 1] = f"malformed CSV row: {fields}"
        return "skip"

    columns = [c for c in (message_column, to_column) if c]
    # Binary, not string: an ill-formed UTF-8 message is that row's error (422), not the file's.
    convert = pa.csv.ConvertOptions(
        include_columns=columns, column_types={c: pa.binary() for c in columns}, strings_can_be_null=True
    )
    read = pa.csv.ReadOptions(block_size=CSV_BLOCK_BYTES, use_threads=False)
    parse = pa.csv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid, newlines_in_values=True)
    next_row = 1
    with open(path, "rb") as f:
        try:
            reader = pa.csv.open_csv(f, read_options=read, parse_options=parse, convert_options=convert)
            for record_batch in reader:
                n = record_batch.num_rows
                candidates = np.arange(next_row, next_row + n + len(skipped), dtype=np.int64)
                rows = candidates[~np.isin(candidates, list(skipped))][:n] if skipped else candidates[:n]
                last = int(rows[-1]) if n else next_row - 1
                here = {r: why for r, why in skipped.items() if r <= last}
                for r in here:
                    del skipped[r]
                next_row = last + 1
                messages = record_batch.column(message_column).view(pa.string())
                recipients = _decode(record_batch.column(to_column).to_pylist()) if to_column else None
                yield Block(messages, recipients, rows, here)
                progress(f.tell())
        except (pa.ArrowInvalid, pa.ArrowKeyError) as exc:
            raise CheckError(f"{path}: cannot read CSV near row {next_row}: {exc}") from None
    if skipped:
        yield Block([], [] if to_column else None, np.zeros(0, dtype=np.int64), skipped)


def _jsonl_blocks(path, message_column, to_column, progress, delimiter=None) -> Iterator[Block]:
    messages: list = []
    recipients: list = []
    rows: list[int] = []
    malformed: dict[int, str] = {}
    next_row = 1
    consumed = 0
    first = True

    def block() -> Block:
        return Block(messages, recipients if to_column else None, np.array(rows, dtype=np.int64), malformed)

    with open(path, "rb") as f:
        for line in f:
            consumed += len(line)
            if not line.strip():
                continue
            row, next_row = next_row, next_row + 1
            rows.append(row)
            try:
                obj = json.loads(line)
            except ValueError as exc:
                obj = exc
            if first and isinstance(obj, dict):
                for column in filter(None, (message_column, to_column)):
                    if column not in obj:
                        raise _missing_column(path, column, list(obj))
                first = False
            if isinstance(obj, dict):
                messages.append(obj.get(message_column))
                to = obj.get(to_column) if to_column else None
                recipients.append(None if to is None else str(to))
            else:
                malformed[row] = f"invalid JSON: {obj}" if isinstance(obj, Exception) else "not a JSON object"
                messages.append(obj if isinstance(obj, Exception) else line)  # not text: error 422
                recipients.append(None)
            if len(rows) == BLOCK_ROWS:
                yield block()
                progress(consumed)
                messages, recipients, rows, malformed = [], [], [], {}
    if next_row == 1:
        raise CheckError(f"{path} is empty: expected one JSON object per line")
    yield block()
    progress(consumed)


def _parquet_blocks(path, message_column, to_column, progress, delimiter=None) -> Iterator[Block]:
    pa = require_pyarrow()
    try:
        pf = pa.parquet.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise CheckError(f"{path}: not a readable Parquet file: {exc}") from None
    names = pf.schema_arrow.names
    for column in filter(None, (message_column, to_column)):
        if column not in names:
            raise _missing_column(path, column, names)
    columns = [c for c in (message_column, to_column) if c]
    next_row = 1
    for record_batch in pf.iter_batches(batch_size=BLOCK_ROWS, columns=columns):
        n = record_batch.num_rows
        messages = record_batch.column(message_column)
        if pa.types.is_binary(messages.type) or pa.types.is_large_binary(messages.type):
            large = pa.types.is_large_binary(messages.type)
            messages = messages.view(pa.large_string() if large else pa.string())
        recipients = None
        if to_column:
            recipients = [None if v is None else str(v) for v in record_batch.column(to_column).to_pylist()]
        yield Block(messages, recipients, np.arange(next_row, next_row + n, dtype=np.int64))
        next_row += n
        progress(next_row - 1)


READERS = {"csv": _csv_blocks, "jsonl": _jsonl_blocks, "parquet": _parquet_blocks}


def file_format(path: str, given: str | None) -> str:
    """The format named by ``--format``, else by the file's suffix."""
    if given:
        return given
    suffix = os.path.splitext(path.removesuffix(".gz"))[1].lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise CheckError(f"{path}: cannot tell the format from the suffix {suffix!r} ({known}); use --format")
    return FORMATS[suffix]
