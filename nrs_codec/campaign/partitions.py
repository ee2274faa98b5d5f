"""Campaign files cut into partitions that workers check on their own, with the rows numbered as a
check of the whole file numbers them.

- Parquet: by row groups, consecutive groups together up to ``partition_bytes`` (uncompressed).
- CSV and JSON Lines, uncompressed UTF-8 and larger than ``partition_bytes``: at byte offsets
  that cut it in pieces of one size up to ``partition_bytes``, each moved on to just after the
  next line break. A JSON Lines line
  break always ends a row. A CSV line break inside a quoted field (a message with a line break)
  does not, so each piece's quotes are followed (``scan``), from both states its start may be
  in: at a record's start, or inside a quoted field. Chained from the file's start
  (``cut``), that tells which cuts fall between records; the others are dropped, the pieces on
  both sides making one partition. The same scan counts each piece's records, so every partition
  knows the number of its first row before any is read; its reader checks that count
  (``Span.check``), and a file that ends inside a quote (a quote left open) is not split, so its
  error is the one-process check's.
- Compressed or transcoded files, and small ones, are one partition each.

``scan`` runs on the workers, next to the data: the process that plans reads no file.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

import numpy as np

from .blocks import CSV_BLOCK_BYTES, Span, require_pyarrow
from .errors import CheckError
from .filebytes import BLANK, csv_records
from .readers import compression_of, file_format
from .sources import TextFile

_BOM = codecs.BOM_UTF8
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(BLANK + b"\n")] = True  # what bytes.strip() strips: a JSON Lines line of only these is blank


@dataclass(frozen=True)
class Partition:
    """File number ``file`` of the check, or the part of it ``span`` says (None: all of it)."""

    file: int
    span: Span | None = None


@dataclass(frozen=True)
class Piece:
    """What ``scan`` found in the bytes ``start`` to ``end`` of a file, for each state the piece
    may start in (at a record's start, inside a quoted field): the records that end in it, whether
    it ends inside a quoted field, and where its first record ends (None: none ends in it).
    ``names``: the header's columns, in the first piece."""

    start: int
    end: int
    records: tuple[int, int]
    inside: tuple[bool, bool]
    first_end: tuple[int | None, int | None] = (None, None)
    names: tuple[str, ...] | None = None


def splits(path: str, fmt: str | None, encoding: str | None, partition_bytes: int) -> list[tuple[int, int]]:
    """The offsets where the pieces of a CSV or JSON Lines file to ``scan`` start and stop, or []
    when the file is read whole (compressed, transcoded, small, or Parquet)."""
    if file_format(path, fmt) == "parquet" or compression_of(path) or encoding is not None:
        return []
    size = os.path.getsize(path)
    if size <= partition_bytes:
        return []
    count = -(-size // partition_bytes)
    starts = list(range(0, size, -(-size // count)))  # pieces of one size, not a short last one
    return list(zip(starts, [*starts[1:], size], strict=True))


def _record_start(f, offset: int, size: int) -> int:
    """The first offset at or after ``offset`` that follows a line break (``size`` if none)."""
    if offset <= 0:
        return 0
    f.seek(offset - 1)
    at = offset - 1
    while piece := f.read(1 << 16):
        i = piece.find(b"\n")
        if i >= 0:
            return at + i + 1
        at += len(piece)
    return size


def scan(path: str, fmt: str | None, delimiter: str, begin: int, stop: int) -> Piece:
    """The piece of the file from the first line start at or after ``begin`` to the first at or
    after ``stop``: its records and quote state (see ``Piece``)."""
    fmt = file_format(path, fmt)
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        start, end = _record_start(f, begin, size), _record_start(f, stop, size)
        f.seek(start)
        data = f.read(max(0, end - start))
    skip = len(_BOM) if start == 0 and data.startswith(_BOM) else 0
    at_end = end == size
    if fmt == "jsonl":
        n = _lines(np.frombuffer(data, dtype=np.uint8)[skip:], at_end)
        return Piece(start, end, (n, n), (False, False))
    out, quoted = csv_records(data[skip:] if skip else data, ord(delimiter), at_end)
    first_end = tuple(None if r[2] is None else start + skip + r[2] for r in (out, quoted))
    names = header_names(path, delimiter, end) if start == 0 else None
    return Piece(start, end, (out[0], quoted[0]), (out[1], quoted[1]), first_end, names)


def _lines(buf: np.ndarray, at_end: bool) -> int:
    """JSON Lines rows: the lines that are not blank (a last line without a line break included)."""
    if not len(buf):
        return 0
    breaks = np.flatnonzero(buf == 10)
    starts = np.r_[0, breaks + 1]
    starts = starts[starts < len(buf)]
    filled = np.logical_or.reduceat(~_SPACE[buf], starts)
    if not at_end and (not len(breaks) or breaks[-1] != len(buf) - 1):
        filled = filled[:-1]  # a line the next piece ends (never: pieces end after a line break)
    return int(np.count_nonzero(filled))


def header_names(path: str, delimiter: str, end: int) -> tuple[str, ...] | None:
    """The header's column names as pyarrow reads them; None when it cannot (the check of the
    first partition then says why)."""
    pa = require_pyarrow()
    try:
        with TextFile(path, "csv").open(span=(0, end)) as source:
            reader = pa.csv.open_csv(
                pa.PythonFile(source, mode="r"),
                read_options=pa.csv.ReadOptions(block_size=CSV_BLOCK_BYTES, use_threads=False),
                parse_options=pa.csv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, invalid_row_handler=lambda row: "skip"
                ),
            )
            return tuple(reader.schema.names)
    except (pa.ArrowException, CheckError, OSError):
        return None


def cut(file: int, pieces: list[Piece], csv: bool) -> list[Partition]:
    """A file's partitions from its pieces in order: where a piece starts inside a quoted field,
    the cut moves on to the end of the record (the piece joins the partition before when no record
    ends in it); the first partition holds the header."""
    spans: list[list[int]] = []  # start, end, records
    inside = False
    for piece in pieces:
        if piece.start >= piece.end:
            continue
        moved = piece.first_end[True] if inside else None
        if not spans or not inside and (len(spans) > 1 or spans[0][2] > 0):
            spans.append([piece.start, piece.end, piece.records[inside]])
        elif moved is not None and moved < piece.end:
            spans[-1][1:] = [moved, spans[-1][2] + 1]  # the record open at the cut ends the partition
            spans.append([moved, piece.end, piece.records[inside] - 1])
        else:
            spans[-1][1:] = [piece.end, spans[-1][2] + piece.records[inside]]
        inside = piece.inside[inside]
    names = pieces[0].names if pieces else None
    if inside or len(spans) < 2 or (csv and names is None):
        return [Partition(file)]  # a quote left open, no boundary to cut at, or a header unread
    before = -1 if csv else 0  # the header is the first record
    partitions = []
    for start, end, records in spans:
        first = max(before, 0)
        partitions.append(Partition(file, Span(first, records - (first - before), start, end, None, names)))
        before += records
    return partitions


def row_groups(path: str, partition_bytes: int) -> list[tuple[tuple[int, ...], int]]:
    """A Parquet file's row groups, consecutive ones together up to ``partition_bytes``: each
    group's indices and rows; [] when the file's footer cannot be read (its check says why)."""
    pa = require_pyarrow()
    try:
        meta = pa.parquet.ParquetFile(path).metadata
    except (pa.ArrowException, OSError):
        return []
    groups: list[tuple[tuple[int, ...], int]] = []
    size = 0
    for i in range(meta.num_row_groups):
        group = meta.row_group(i)
        if groups and size + group.total_byte_size <= partition_bytes:
            indices, rows = groups[-1]
            groups[-1] = ((*indices, i), rows + group.num_rows)
            size += group.total_byte_size
        else:
            groups.append(((i,), group.num_rows))
            size = group.total_byte_size
    return groups


def parquet_partitions(file: int, groups: list[tuple[tuple[int, ...], int]]) -> list[Partition]:
    if len(groups) < 2:
        return [Partition(file)]
    partitions, before = [], 0
    for indices, rows in groups:
        partitions.append(Partition(file, Span(before, rows, row_groups=indices)))
        before += rows
    return partitions
