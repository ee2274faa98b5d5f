"""A plain CSV file read on every worker: one thread cuts it into pieces of whole records, and
each piece is read, checked as UTF-8 and parsed by the worker that checks its rows.

One reader thread parsing the whole file (``csv_reader``) caps a check at the speed of one core's
parser, however many workers judge the rows. For an uncompressed UTF-8 file the reader thread
here only plans: it reads about ``PIECE_BYTES`` of the file at a time and finds, with the
compiled scan that follows quotes as pyarrow does (``filebytes.csv_records``), where the last
record in them ends and how many records they hold. Each piece is then a ``Span``, as a
partition of a Dask check is (``partitions``), handed out as a ``blocks.Unparsed``: the worker
that takes it reads those bytes with ``csv_reader`` (the header's names given, its rows numbered
from the records before it, its count checked), so every rule of the one-thread reading holds:
malformed rows, a byte that is not UTF-8 named by its row, a row longer than a block, a quote
left open. A row with no record boundary in the ``MAX_ROW_BYTES`` after it (a quote left open)
ends the plan: the rest of the file is one piece, whose reading says what is wrong, as it does
for the whole file.

Compressed and transcoded files and checks on fewer than ``FROM_WORKERS`` workers are read by
``csv_reader`` alone. A file of one piece or less is read whole by a worker (``small_file``)
from two workers on: there is nothing to plan, and the reading thread is left only handing out
the files.
"""

from __future__ import annotations

import codecs
import dataclasses
import itertools
import os
from collections.abc import Iterator

import numpy as np

from ..batch.threads import usable_cpus
from .blocks import MAX_ROW_BYTES, Block, Span, Unparsed, require_pyarrow
from .csv_reader import _Reading, csv_blocks
from .filebytes import csv_records
from .partitions import header_names
from .sources import TextFile

PIECE_BYTES = 4 << 20

# Below this many workers (on as many CPUs) one reader thread keeps up with the workers, and costs
# less: the plan reads the file once more (0.06 CPU-seconds per 153 MiB). Measured on two CPUs,
# 1,000,000 rows, messages only: 0.21-0.26 s with one reader, 0.28-0.31 s in pieces.
FROM_WORKERS = 4

_BOM = codecs.BOM_UTF8


def read_on_workers(file: TextFile, workers: int) -> bool:
    """Whether ``csv_pieces`` reads this file: uncompressed UTF-8 CSV of more than one piece, with
    at least ``FROM_WORKERS`` workers on as many CPUs."""
    return min(workers, usable_cpus()) >= FROM_WORKERS and _plain_csv(file) and _size(file.path) > PIECE_BYTES


def _plain_csv(file: TextFile) -> bool:
    """A CSV file whose bytes are its text: neither compressed nor in another encoding."""
    return file.fmt == "csv" and file.compression is None and file.encoding is None


def _size(path: str) -> int:
    """The file's size; -1 for one that cannot be read, which the one-thread reading names."""
    try:
        return os.path.getsize(path)
    except OSError:
        return -1


def whole_on_a_worker(file: TextFile, workers: int) -> bool:
    """Whether ``small_file`` reads this file: uncompressed UTF-8 CSV of one piece or less, with
    more than one worker on as many CPUs (a night of small files is then parsed on every worker,
    the reading thread only handing the files out)."""
    return min(workers, usable_cpus()) > 1 and _plain_csv(file) and 0 <= _size(file.path) <= PIECE_BYTES


def small_file(
    file: TextFile, message_column: str, to_column: str | None, progress, delimiter: str = ","
) -> Iterator[Unparsed]:
    """The file's rows in one block, read whole by the worker that checks them, as the reading
    thread would read them (its errors raised there, in the order of the files). The bytes read
    are those the file held when it was handed out: a file that grows meanwhile is not read
    into one block of any size."""
    size = os.path.getsize(file.path)
    yield Unparsed(_parser(file, message_column, to_column, delimiter, Span(0, None, 0, size)))
    progress(size)


def csv_pieces(
    file: TextFile, message_column: str, to_column: str | None, progress, delimiter: str = ","
) -> Iterator[Unparsed | Block]:
    """The file's rows, piece by piece, each parsed where it is checked (see the module)."""
    spans = _plan(file.path, delimiter)
    first = next(spans)
    names = header_names(file.path, delimiter, first.end)
    if names is None:  # a header pyarrow cannot read: the one-thread reading says why
        yield from csv_blocks(file, message_column, to_column, progress, delimiter)
        return
    for span in itertools.chain([first], spans):
        if not span.first:
            span = dataclasses.replace(span, names=names)
        yield Unparsed(_parser(file, message_column, to_column, delimiter, span))
        progress(span.end)


def _parser(file: TextFile, message_column: str, to_column: str | None, delimiter: str, span: Span):
    def parse() -> Block:
        block = _Reading(file, message_column, to_column, _ignore, delimiter, span).whole()
        if block is None:  # read again as a whole file is, which says what is wrong
            parts = list(csv_blocks(file, message_column, to_column, _ignore, delimiter, span=span))
            block = _joined(parts, to_column is not None)
        return block

    return parse


def _ignore(_position) -> None:
    """A piece's reading reports no progress: the plan has, piece by piece."""


def _joined(parts: list[Block], recipients: bool) -> Block:
    """One block of a piece's blocks, in order."""
    if len(parts) == 1:
        return parts[0]
    pa = require_pyarrow()
    filled = [p for p in parts if len(p.rows)]
    malformed = {row: why for p in parts for row, why in p.malformed.items()}
    if not filled:
        return Block([], [] if recipients else None, np.zeros(0, dtype=np.int64), malformed)
    messages = pa.concat_arrays([p.messages for p in filled])
    to = pa.concat_arrays([p.recipients for p in filled]) if recipients else None
    return Block(messages, to, np.concatenate([p.rows for p in filled]), malformed)


def _plan(path: str, delimiter: str) -> Iterator[Span]:
    """The file's pieces in order, each ending where a record does; the first holds the header."""
    size = os.path.getsize(path)
    start, before = 0, -1  # ``before``: data rows before the piece (the header is a record)
    buffer = bytearray(PIECE_BYTES)  # reused: the plan keeps nothing of what it reads
    with open(path, "rb", buffering=0) as f:
        while start < size:
            piece = _piece(f, buffer, start, size, delimiter)
            first_row = max(before, 0)
            if piece is None:  # the rest is one piece, its rows not counted ahead
                yield Span(first_row, None, start, size)
                return
            end, records = piece
            yield Span(first_row, records - (first_row - before), start, end)
            before += records
            start = end


def _piece(f, buffer: bytearray, start: int, size: int, delimiter: str) -> tuple[int, int] | None:
    """Where the piece from ``start`` ends and its records: about ``PIECE_BYTES``, to
    the end of the last record in them (the first piece: at least the header). None when no record
    ends in the ``MAX_ROW_BYTES`` after ``start``, or the file ends inside a quoted field."""
    want = PIECE_BYTES
    while True:
        if len(buffer) < want:  # a row longer than a piece: a larger buffer for this one
            buffer = bytearray(want)
        f.seek(start)
        got = f.readinto(memoryview(buffer)[:want])
        at_end = start + got >= size
        skip = len(_BOM) if start == 0 and buffer.startswith(_BOM) else 0
        data = memoryview(buffer)[skip:got]
        records, inside, _first, last = csv_records(data, ord(delimiter), at_end)[0]
        if at_end:
            return None if inside else (size, records)
        if last is not None and (records or start):
            return start + skip + last, records
        if want >= MAX_ROW_BYTES:
            return None
        want *= 4
