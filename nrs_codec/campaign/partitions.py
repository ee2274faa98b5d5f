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

``scan`` runs on the workers, next to the data: the process that plans reads no file. The
pieces are chained as they come (``Chain``), so a check in one process plans a CSV file read on
every worker the same way, its pieces scanned on threads ahead of the check (``csv_pieces``).
"""

from __future__ import annotations

import codecs
import dataclasses
import os
from dataclasses import dataclass

import numpy as np

from . import blocks
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
    it ends inside a quoted field, and where its first and last records end (None: none ends in
    it). ``names``: the header's columns, in the first piece."""

    start: int
    end: int
    records: tuple[int, int]
    inside: tuple[bool, bool]
    first_end: tuple[int | None, int | None] = (None, None)
    names: tuple[str, ...] | None = None
    last_end: tuple[int | None, int | None] = (None, None)
    unbounded: bool = False  # no line break in the ``limit`` bytes after one of its ends: no cut


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


# Bytes read past a piece's end to find the line break the piece ends after, in the same read.
LOOK_BYTES = 1 << 16


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


def csv_piece(
    path: str,
    delimiter: str,
    begin: int,
    stop: int,
    size: int,
    buffer: bytearray | None = None,
    limit: int | None = None,
) -> Piece:
    """The piece of a CSV file from the first line start at or after ``begin`` to the first at or
    after ``stop`` (of ``size`` bytes): its records and quote state from both states it may start
    in, found by ``csv_records``. A line start (after a line feed, a carriage return, or the two)
    is a record's or inside a quoted field, never inside a field outside quotes, so the quotes at
    the piece's start are followed as in the whole file. The piece is read once with what follows
    it up to the line break it ends after, into ``buffer`` where it is large enough (one a thread
    reuses: no fresh pages for every piece). With no line break in the ``limit`` bytes after
    ``begin`` or ``stop``, the piece is ``unbounded``: the file is not cut there, and no scan
    reads on to its end for one."""
    limit = blocks.MAX_ROW_BYTES if limit is None else limit
    at = max(begin - 1, 0)
    want = min(stop + LOOK_BYTES, size) - at
    if buffer is None or len(buffer) < want:
        buffer = bytearray(want)
    with open(path, "rb", buffering=0) as f:
        f.seek(at)
        got = _read_into(f, memoryview(buffer)[:want])
        start = 0 if begin <= 0 else _line_start(f, buffer, 0, got, at, size, limit)
        end = size if stop >= size else _line_start(f, buffer, stop - 1 - at, got, at, size, limit)
        if start is None or end is None:
            return Piece(begin, stop, (0, 0), (False, True), unbounded=True)
        if start >= end:  # a line longer than the piece, which the piece before takes
            return Piece(start, start, (0, 0), (False, True))
        if end - at > got:  # the line break is further on: the piece read again whole
            buffer = bytearray(end - start)
            f.seek(start)
            got, at = _read_into(f, memoryview(buffer)), start
    data = memoryview(buffer)[start - at : min(end - at, got)]  # a file cut short since: what it holds
    skip = len(_BOM) if start == 0 and data[: len(_BOM)] == _BOM else 0
    out, quoted = csv_records(data[skip:], ord(delimiter), end == size)
    first_end = tuple(None if r[2] is None else start + skip + r[2] for r in (out, quoted))
    last_end = tuple(None if r[3] is None else start + skip + r[3] for r in (out, quoted))
    return Piece(start, end, (out[0], quoted[0]), (out[1], quoted[1]), first_end, None, last_end)


def _read_into(f, view: memoryview) -> int:
    """Read into ``view`` until it is full or the file ends (one read of over 2 GiB stops short)."""
    got = 0
    while got < len(view) and (n := f.readinto(view[got:])):
        got += n
    return got


def _line_start(f, data: bytearray, i: int, got: int, at: int, size: int, limit: int) -> int | None:
    """The file's offset after the first line break at or after ``data[i]`` (the file's byte
    ``at + i``; ``data[:got]`` read): a line feed, a carriage return, or the two together, never
    between those two. ``size`` where the file ends first; None where ``limit`` bytes hold none."""
    found = _break_end(data, i, got)
    if found is not None:
        return at + found
    pos = at + max(min(i, got), got - 1)  # read on, the last byte again (a carriage return)
    while pos < at + i + limit:
        if pos >= size:
            return size
        f.seek(pos)
        chunk = f.read(max(LOOK_BYTES, 2))  # two bytes at least: a carriage return and the next
        found = _break_end(chunk, 0, len(chunk))
        if found is not None:
            return pos + found
        if pos + len(chunk) >= size or not chunk:
            return size  # none, or a carriage return the file ends with
        pos += max(len(chunk) - 1, 1)
    return None


def _break_end(data, i: int, n: int) -> int | None:
    """Where the first line break in ``data[i:n]`` ends; None for none, or for a carriage return
    last, whose next byte may be a line feed."""
    lf = data.find(b"\n", i, n)
    cr = data.find(b"\r", i, lf if lf >= 0 else n)
    if cr < 0:
        return None if lf < 0 else lf + 1
    if cr + 1 >= n:
        return None
    return cr + 2 if data[cr + 1] == 10 else cr + 1


def scan(path: str, fmt: str | None, delimiter: str, begin: int, stop: int) -> Piece:
    """The piece of the file from the first line start at or after ``begin`` to the first at or
    after ``stop``: its records and quote state (see ``Piece``)."""
    size = os.path.getsize(path)
    if file_format(path, fmt) == "csv":
        piece = csv_piece(path, delimiter, begin, stop, size)
        if piece.start == 0:
            return dataclasses.replace(piece, names=header_names(path, delimiter, piece.end))
        return piece
    with open(path, "rb") as f:
        start, end = _record_start(f, begin, size), _record_start(f, stop, size)
        f.seek(start)
        data = f.read(max(0, end - start))
    skip = len(_BOM) if start == 0 and data.startswith(_BOM) else 0
    n = _lines(np.frombuffer(data, dtype=np.uint8)[skip:], end == size)
    return Piece(start, end, (n, n), (False, False))


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


class Chain:
    """A file's pieces, in order, chained into spans of whole records as they come: where a piece
    starts inside a quoted field, the cut moves on to the end of the record (the piece joins the
    span before when no record ends in it); the first span holds the header (``header``, CSV) and
    at least one record. ``add`` gives the spans a piece closes, ``end`` the last one (its records
    not counted where the file ends inside a quoted field, a quote left open). With ``longest``,
    a record that may run on for more bytes than that (across pieces, or in a piece that long)
    ends the chain (``gave_up``), as does a piece with no line break to cut at (``unbounded``):
    the rest of the file is one span from where the record's span starts, its records not
    counted, read as a whole file is, which says what is wrong."""

    def __init__(self, size: int, header: bool, longest: int | None = None):
        self.size, self.longest = size, longest
        self.inside = self.gave_up = False
        self.spans = 0  # spans closed
        self.before = -1 if header else 0  # data rows before the open span (a header is a record)
        self.open: list[int] | None = None  # the open span's start, end and records
        self.record_end = 0  # where the last record in it ends (its start: none yet)

    def add(self, piece: Piece) -> list[Span]:
        if self.gave_up:
            return []
        if piece.unbounded:  # no line break to cut at: the rest of the file is one span
            self.gave_up = True
            return [Span(max(self.before, 0), None, self.open[0] if self.open else 0, self.size)]
        if piece.start >= piece.end:
            return []
        inside, span, closed = self.inside, self.open, []
        records = piece.records[inside]
        moved = piece.first_end[True] if inside else None
        if span is None or not inside and (self.spans or span[2] > 0):
            if span is not None:
                closed.append(self._close())
            self.open, self.record_end = [piece.start, piece.end, records], piece.start
        elif moved is not None and moved < piece.end:
            span[1:] = [moved, span[2] + 1]  # the record open at the cut ends the span
            closed.append(self._close())
            self.open, self.record_end = [moved, piece.end, records - 1], moved
        else:
            span[1:] = [piece.end, span[2] + records]
        if records:  # the last ends at its last line break, or at the file's end without one
            self.record_end = piece.last_end[inside] or piece.end
        self.inside = piece.inside[inside]
        run_on = max(piece.end - self.record_end, piece.end - piece.start)  # a record at most this long
        if self.longest is not None and run_on > self.longest:
            self.gave_up = True
            closed.append(Span(max(self.before, 0), None, self.open[0], self.size))
        return closed

    def end(self) -> list[Span]:
        if self.open is None or self.gave_up:
            return []
        if self.inside:  # a quote left open: the last span's records are not known
            return [Span(max(self.before, 0), None, self.open[0], self.size)]
        return [self._close()]

    def _close(self) -> Span:
        start, end, records = self.open
        first = max(self.before, 0)
        span = Span(first, records - (first - self.before), start, end)
        self.before += records
        self.spans += 1
        return span


def cut(file: int, pieces: list[Piece], csv: bool) -> list[Partition]:
    """A file's partitions from its pieces in order (``Chain``); the whole file where it ends
    inside a quoted field (a quote left open), so that its error is the one-process check's, or
    where there is no record boundary to cut at, or its header cannot be read."""
    size = max((piece.end for piece in pieces), default=0)
    chain = Chain(size, header=csv)
    spans = [span for piece in pieces for span in chain.add(piece)]
    names = pieces[0].names if pieces else None
    if chain.inside or chain.gave_up or (csv and names is None):
        return [Partition(file)]
    spans += chain.end()
    if len(spans) < 2:
        return [Partition(file)]
    return [Partition(file, dataclasses.replace(span, names=names)) for span in spans]


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
