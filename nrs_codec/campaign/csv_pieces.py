"""A plain CSV file read on every worker: one thread cuts it into pieces of whole records, and
each piece is read, checked as UTF-8 and parsed by the worker that checks its rows.

One reader thread parsing the whole file (``csv_reader``) caps a check at the speed of one core's
parser, however many workers judge the rows. For an uncompressed UTF-8 file the reader thread
here only plans, and the plan is scanned on threads of its own, as a Dask check's is on its
workers (``partitions``): the file is cut every ``PIECE_BYTES`` just after a line break, and each
piece is read once and its records found from both states it may start in (at a record's start,
inside a quoted field) with the compiled scan that follows quotes as pyarrow does
(``filebytes.csv_records``), a few pieces ahead of the check, on one thread per
``WORKERS_PER_SCANNER`` workers. The reader thread chains them in order (``partitions.Chain``):
the state each piece starts in, so where its first record starts, and the rows before it. Each
span of whole records is handed out as a ``blocks.Unparsed``: the worker that takes it reads
those bytes with ``csv_reader`` (the header's names given, its rows numbered from the records
before it, its count checked), so every rule of the one-thread reading holds: malformed rows, a
byte that is not UTF-8 named by its row, a row longer than a block, a quote left open. A record
running on for more than ``MAX_ROW_BYTES`` (a quote left open) ends the plan: the rest of the
file is one piece, whose reading says what is wrong, as it does for the whole file.

Compressed and transcoded files and checks on fewer than ``FROM_WORKERS`` workers are read by
``csv_reader`` alone. A plain CSV file of one piece or less is read whole where it is checked
(``small_file``): there is nothing to plan, and the reading thread is left only handing out the
files (with one worker, it parses them for it).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..batch.threads import usable_cpus
from . import blocks
from .blocks import MAX_ROW_BYTES, Block, Span, Unparsed, require_pyarrow
from .csv_reader import _Reading, csv_blocks
from .partitions import LOOK_BYTES, Chain, Piece, csv_piece, header_names
from .sources import TextFile

PIECE_BYTES = 4 << 20

# Below this many workers (on as many CPUs) one reader thread keeps up with the workers, and costs
# less: the plan reads the file once more (0.06 CPU-seconds per 153 MiB). Measured on two CPUs,
# 1,000,000 rows, messages only: 0.21-0.26 s with one reader, 0.28-0.31 s in pieces.
FROM_WORKERS = 4

# Workers per thread scanning the plan: one reads and scans 3-4 GB of CSV a second here, and a
# worker checks 0.2-0.4 GB a second (full check, messages only), so one would keep about eight
# busy; one per four leaves room for faster cores. The scan's CPU is the same on any number.
WORKERS_PER_SCANNER = 4


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


def read_whole(file: TextFile) -> bool:
    """Whether ``small_file`` reads this file: uncompressed UTF-8 CSV of one piece or block or
    less. It is then read at once and parsed from memory where it is checked: on a worker, or with
    one worker on the reading thread, which parses for it (a night of small files is parsed on
    every worker, the reading thread only handing the files out, and no file gets a streaming
    reader of its own)."""
    return _plain_csv(file) and 0 <= _size(file.path) <= min(PIECE_BYTES, blocks.CSV_BLOCK_BYTES)


def small_file(
    file: TextFile, message_column: str, to_column: str | None, progress, delimiter: str = ","
) -> Iterator[Unparsed]:
    """The file's rows in one block, read whole by the worker that checks them, as the reading
    thread would read them (its errors raised there, in the order of the files). The bytes read
    are those the file held when it was handed out: a file that grows meanwhile is not read
    into one block of any size."""
    size = os.path.getsize(file.path)
    yield Unparsed(_parser(file, message_column, to_column, delimiter, Span(0, None, 0, size), small=True))
    progress(size)


def csv_pieces(
    file: TextFile,
    message_column: str,
    to_column: str | None,
    progress,
    delimiter: str = ",",
    *,
    workers: int = 1,
) -> Iterator[Unparsed | Block]:
    """The file's rows, piece by piece, each parsed where it is checked (see the module), planned
    for a check on ``workers`` workers."""
    spans = _plan(file.path, delimiter, scanners_for(workers))
    try:
        first = next(spans, None)
        names = None if first is None else header_names(file.path, delimiter, first.end)
        if names is None:  # a header pyarrow cannot read (or the file emptied): the one-thread
            yield from csv_blocks(file, message_column, to_column, progress, delimiter)  # reading says why
            return
        for span in itertools.chain([first], spans):
            if not span.first:
                span = dataclasses.replace(span, names=names)
            yield Unparsed(_parser(file, message_column, to_column, delimiter, span))
            progress(span.end)
    finally:
        spans.close()  # its scanning threads stop here, not when it is collected


def scanners_for(workers: int) -> int:
    """Threads that scan the plan's pieces for a check on ``workers`` workers: one per
    ``WORKERS_PER_SCANNER`` of them (as many CPUs at most)."""
    return max(1, -(-min(workers, usable_cpus()) // WORKERS_PER_SCANNER))


def _parser(
    file: TextFile,
    message_column: str,
    to_column: str | None,
    delimiter: str,
    span: Span,
    small: bool = False,
):
    def parse() -> Block:
        block = _Reading(file, message_column, to_column, _ignore, delimiter, span).whole(small_file=small)
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


def _plan(path: str, delimiter: str, scanners: int) -> Iterator[Span]:
    """The file's pieces in order, each ending where a record does; the first holds the header.
    The file is cut every ``PIECE_BYTES`` (moved on to the next line break), and each piece's
    records are found from both states it may start in (``partitions.csv_piece``) on ``scanners``
    threads, a few pieces ahead of the check; the chain follows the state from piece to piece."""
    size = os.path.getsize(path)
    chain = Chain(size, header=True, longest=MAX_ROW_BYTES)
    begins = iter(range(0, size, PIECE_BYTES))
    buffers = threading.local()  # each scanning thread reuses its buffer: no fresh pages a piece

    def scan(begin: int) -> Piece:
        if getattr(buffers, "buffer", None) is None:
            buffers.buffer = bytearray(PIECE_BYTES + LOOK_BYTES + 1)  # from the byte before the piece
        stop = min(begin + PIECE_BYTES, size)
        return csv_piece(path, delimiter, begin, stop, size, buffers.buffer, MAX_ROW_BYTES)

    pool = ThreadPoolExecutor(scanners, thread_name_prefix="nrs-codec plan")
    ahead: deque = deque()
    try:
        while True:
            while len(ahead) < 2 * scanners and (begin := next(begins, None)) is not None:
                ahead.append(pool.submit(scan, begin))
            if not ahead:
                break
            yield from chain.add(ahead.popleft().result())
            if chain.gave_up:
                return
        yield from chain.end()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
