"""A CSV file read in blocks cut here after their last record, each parsed on the reading thread:
how ``csv_reader`` reads on in a file whose rows are often malformed (a row of the wrong width).

pyarrow's streaming reader parses on threads of its own and calls the handler of a malformed row
from there, a thread without Python's state, so each such row costs a thread state made and
dropped (about 12 µs, 25 times the row's parse). Nor can a row it skips be told to a batch until
a row after it parses: a file of nothing but malformed rows kept every one in memory to its end.
Here the ``Source``'s text is cut after the last record of each block (``filebytes.csv_records``,
which follows quotes as pyarrow does) and the block parsed whole by ``pyarrow.csv.read_csv`` on
this thread, which calls the handler without a thread of its own (about 1 µs a row); a block's
malformed rows go out with it. A block after the header's is parsed with the header's bytes
before it, so its columns are found by name and its records numbered as the file's.

The text is read again from the start of the file (or span), the rows already handed out
(``_Reading.delivered``) skipped without parsing; the streaming reader, which reads ahead on
threads of its own, stays the way of every other file. Where the parse and the scan disagree on a
block's records (a guard: no such block is known, the scan following pyarrow's parser), or
pyarrow refuses a block, ``Doubt`` is raised and the streaming reader reads on: it is the
statement of the rows' numbers. A record longer than ``MAX_ROW_BYTES`` is refused wherever it
lies (pyarrow's streaming reader takes some up to about twice as long, as they fall across
its blocks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import numpy as np

from . import blocks
from .blocks import Block, mib
from .errors import CheckError
from .filebytes import csv_records

# When a streaming pass has met more than ``CUT_AFTER`` malformed rows, and one in ``CUT_SHARE`` of
# the records it has read, the file is read on here. A malformed row costs the streaming reader
# about 12 µs, and a record read again here (read, decompressed, scanned, not parsed) 0.1-0.3 µs:
# switching then costs no more than those rows have cost, and a file of a few malformed rows among
# millions is not read twice. Also once ``CUT_HELD`` malformed rows wait for a row after them to
# parse (a block's worth of rows), whatever reading again costs: memory follows the block, not
# the file.
CUT_AFTER = 1000
CUT_SHARE = 50
CUT_HELD = blocks.BLOCK_ROWS

_BLANK = re.compile(rb"[\r\n]*")


def malformed_into(
    skipped: dict[int, str],
    before: int,
    stop: Callable[[int | None, int], bool] | None = None,
    last: int | None = None,
) -> Callable:
    """pyarrow's handler of a row of the wrong width: skipped, and said in ``skipped`` under its
    row (pyarrow's record number less the ``before`` records of the file before it; ``last``
    for a record it gives no number, as it gives none to a last one left inside quotes); where
    ``stop(number, held)`` says so (pyarrow's record number, and the rows in ``skipped``), an
    error that ends the reading instead."""

    said: dict[tuple[int, int], str] = {}  # one text for each width met: none made a row

    def on_invalid(row) -> str:
        if stop is not None and stop(row.number, len(skipped)):
            return "error"
        widths = (row.actual_columns, row.expected_columns)
        if (why := said.get(widths)) is None:
            why = said[widths] = f"malformed CSV row: {widths[0]} fields, expected {widths[1]}"
        skipped[(last if row.number is None else row.number) + before] = why
        return "skip"

    return on_invalid


def row_too_long(path: str, row: int) -> CheckError:
    return CheckError(f"{path}: row {row} is longer than {mib(blocks.MAX_ROW_BYTES)} (is a quote left open?)")


class Counted:
    """pyarrow's handler of rows of the wrong width that skips them and counts them (``rows``)."""

    def __init__(self):
        self.rows = 0

    def __call__(self, row) -> str:
        self.rows += 1
        return "skip"


class Doubt(Exception):
    """The parse of a block and the scan that cut it disagree: read it with the streaming reader."""


def cut_blocks(reading) -> Iterator[Block]:
    """The rows of ``reading`` (a ``csv_reader._Reading``) after those it has delivered, read
    again in blocks cut here and parsed on this thread."""
    span = reading.span
    rows_before = span.first_row if span is not None else 0  # the data rows before the block
    header = b"" if reading.names is not None else None
    with reading.file.open(csv_delimiter=reading.delimiter, span=span and (span.start, span.end)) as source:
        too_long = lambda: row_too_long(reading.path, reading.delivered + 1)  # noqa: E731
        for text, records in record_blocks(source, ord(reading.delimiter), header, too_long):
            out = _block(reading, text, rows_before, records)
            rows_before += records
            reading.delivered = max(reading.delivered, rows_before)
            if out is not None:
                yield out
            reading.progress(source.compressed_position)
        if source.ends_inside_quotes:
            reading._open_quote()
    if span is not None:
        span.check(reading.path, reading.delivered)


def counted(reading, source, column: str) -> int:
    """The data records of ``source`` (a file's text from its start) as pyarrow counts them,
    rows of the wrong width among them, read in blocks cut here (``_Reading.place``)."""
    pa = reading.pa
    invalid = Counted()
    rows = 0
    too_long = lambda: CheckError("a row too long to count")  # noqa: E731
    for text, _ in record_blocks(source, ord(reading.delimiter), None, too_long):
        options = reading.options(len(text) + 1, invalid, [column])
        rows += pa.csv.read_csv(pa.BufferReader(text), **options).num_rows
    return rows + invalid.rows


def record_blocks(
    source, delimiter: int, header: bytes | None, too_long: Callable[[], CheckError]
) -> Iterator[tuple[bytes, int]]:
    """``source``'s text in blocks that end after a record (the last at the text's end), each
    with the header's bytes before it, and the data records it holds. ``header``: the text's
    first record (None), or none in the text (b"": a span's). Raises ``too_long()`` for a record
    longer than ``MAX_ROW_BYTES``. A block is at most ``CSV_BLOCK_BYTES``, and sized from the
    last to hold about ``BLOCK_ROWS`` records: each malformed row is an entry of its block's
    (4 MiB of two-byte rows would be two million)."""
    carry = b""  # a record begun at the end of the text read so far
    size = smallest = max(1, blocks.CSV_BLOCK_BYTES // 64)
    while True:
        data = source.read(max(size, len(carry)))  # doubling for a long row: linear
        at_end = not data
        text = carry + data if carry else data
        if not text:
            return
        records, inside, first, tail = csv_records(text, delimiter, at_end)[0]
        records += at_end and inside  # a last record left inside quotes: pyarrow reads it as one
        # The record carried on (the only one that can be): where it ends, or the text it has so far.
        if carry and (first or len(text)) > blocks.MAX_ROW_BYTES:
            raise too_long()
        # No record ends in it yet (a row longer than a block), or only blank lines before the header.
        if not at_end and (not tail or (header is None and not records)):
            # Blank lines before the header are not carried: the header's length is measured.
            carry = text[_BLANK.match(text).end() :] if header is None else text
            continue
        if header is None and not records:  # blank lines to the end (the first pass said so)
            return
        cut = len(text) if at_end else tail
        block, carry = text[:cut], text[cut:]
        if header is None:  # the header is this block's first record
            lead = _BLANK.match(block).end()
            header = block[: lead + (csv_records(block[lead:], delimiter, True)[0][2] or cut - lead)]
            yield block, records - 1
        else:
            yield header + block, records
        if at_end:
            return
        size = min(blocks.CSV_BLOCK_BYTES, max(smallest, len(block) * blocks.BLOCK_ROWS // max(records, 1)))


def _block(reading, text: bytes, rows_before: int, records: int) -> Block | None:
    """The block of ``records`` data rows after ``rows_before`` that ``text`` holds, less those
    delivered; None where all are."""
    delivered = reading.delivered
    if rows_before + records <= delivered:
        return None  # read before the switch: not parsed again
    pa = reading.pa
    skipped: dict[int, str] = {}
    # pyarrow numbers the header as record 1 where there is one (as ``_Reading._pass``).
    header = reading.names is None
    handler = malformed_into(skipped, rows_before - header, last=records + header)
    try:
        table = pa.csv.read_csv(
            pa.BufferReader(text), **reading.options(len(text) + 1, handler, reading.columns, reading.names)
        )
    except pa.ArrowException as exc:
        raise Doubt(str(exc)) from None
    n = table.num_rows
    if n + len(skipped) != records:
        raise Doubt(f"{n + len(skipped)} records parsed, {records} scanned")
    rows = np.arange(rows_before + 1, rows_before + records + 1, dtype=np.int64)
    if skipped:
        rows = rows[~np.isin(rows, list(skipped))]
    start = int(np.searchsorted(rows, delivered, side="right"))
    malformed = {r: why for r, why in skipped.items() if r > delivered}
    if start >= n:
        if not malformed:
            return None
        return Block([], [] if reading.to_column else None, np.zeros(0, dtype=np.int64), malformed)
    batch = table.combine_chunks().to_batches()[0]
    return reading._block(batch.slice(start), rows[start:], malformed)
