"""Reading a campaign file in blocks of rows: CSV, JSON Lines and Parquet, in bounded memory.

Each reader yields ``Block``s: the block's messages (an Arrow column where the format gives one,
read straight from its UTF-8 buffers), its recipients, the 1-based data row numbers, and the rows
that could not be parsed at all, with why. CSV and JSON Lines may be compressed (``.gz``, ``.bz2``,
``.zst``, ``.lz4``, ``.br`` after the format's suffix) and in another encoding than UTF-8
(``sources``); CSV is read by ``csv_reader``, JSON Lines by ``jsonl_reader``. Reading needs pyarrow
(the ``[check]`` extra).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .._columns import to_ints
from . import blocks
from .blocks import Block, Span, missing_column, named_twice, require_pyarrow
from .csv_reader import csv_blocks
from .errors import CheckError
from .formats import FORMAT_NAMES, FORMATS
from .jsonl_reader import jsonl_blocks
from .sniff import COMPRESSIONS, UNREAD_SUFFIXES, check_parquet, suffixes

__all__ = ["READERS", "Block", "compression_of", "file_format", "require_pyarrow"]


def _parquet_blocks(
    path, message_column, to_column, progress, delimiter=None, span: Span | None = None
) -> Iterator[Block]:
    pa = require_pyarrow()
    with open(path, "rb") as f:
        check_parquet(path, f.read(4096))
    try:
        pf = pa.parquet.ParquetFile(path, **PAGE_BY_PAGE)
    except (pa.ArrowException, OSError) as exc:
        raise CheckError(f"{path}: not a readable Parquet file: {exc}") from None
    names = pf.schema_arrow.names
    for column in filter(None, (message_column, to_column)):
        if column not in names:
            raise missing_column(path, column, names)
    named_twice(path, [c for c in (message_column, to_column) if c], names, "schema")
    if to_column and pa.types.is_nested(kind := pf.schema_arrow.field(to_column).type):
        # No row of it is a number to judge (a list of them is not one).
        raise CheckError(f"{path}: column {to_column!r} holds {kind}, not recipients (text or integers)")
    columns = list(dict.fromkeys(c for c in (message_column, to_column) if c))
    next_row = 1 + (span.first_row if span is not None else 0)
    groups = span.row_groups if span is not None else None
    with pf:
        for batch in _gathered(pa, _parquet_batches(pa, pf, path, columns, groups)):
            n = batch.num_rows
            messages = _plain(pa, batch.column(message_column))
            if pa.types.is_binary(messages.type) or pa.types.is_large_binary(messages.type):
                large = pa.types.is_large_binary(messages.type)
                messages = messages.view(pa.large_string() if large else pa.string())
            recipients = None
            if to_column:
                recipients = _recipient_text(pa, _plain(pa, batch.column(to_column)))
            yield Block(messages, recipients, np.arange(next_row, next_row + n, dtype=np.int64))
            next_row += n
            progress(next_row - 1)


def _recipient_text(pa, to):
    """A Parquet column of recipients as text: integers in their digits, bytes as the UTF-8 they
    hold (some writers do not mark text as such), floats and booleans as Python's ``str`` writes
    them, as in JSON Lines (a float column is how pandas writes numbers with a gap among them;
    pyarrow writes 447700900123.0 as '4.47700900123e+11'), any other value as Arrow writes it."""
    t = pa.types
    kind = to.type
    if t.is_floating(kind):
        return _float_text(pa, to)
    if t.is_boolean(kind):
        return pa.compute.if_else(to, "True", "False")
    if t.is_binary(kind) or t.is_large_binary(kind) or t.is_fixed_size_binary(kind) or t.is_binary_view(kind):
        try:
            return pa.compute.cast(to, pa.string())
        except pa.ArrowInvalid:  # a value that is not UTF-8 is no number: said as Python reads it
            text = [None if v is None else v.decode("utf-8", "replace") for v in to.to_pylist()]
            return pa.array(text, pa.string())
    try:
        return pa.compute.cast(to, pa.string())
    except pa.ArrowException:  # a type Arrow writes no text for: none of its values is a number
        return pa.nulls(len(to), pa.string())


def _float_text(pa, to):
    """Floats as Python's ``str`` writes them: a whole number below 10**16 (every float a
    recipient would be) as its digits and ``.0``, at once; the others one by one."""
    values = to.cast(pa.float64()).to_numpy(zero_copy_only=False)  # a null is NaN here
    with np.errstate(invalid="ignore"):
        whole = (np.floor(values) == values) & (np.abs(values) < 1e16) & (values != 0)
    digits = pa.compute.cast(pa.array(np.where(whole, values, 0).astype(np.int64)), pa.string())
    text = pa.compute.binary_join_element_wise(digits, ".0", "")
    rest = np.flatnonzero(~whole)
    if len(rest):
        others = to.take(pa.array(rest)).to_pylist()
        filled = np.full(len(values), None, dtype=object)
        filled[rest] = [None if v is None else str(v) for v in others]
        text = pa.compute.if_else(pa.array(whole), text, pa.array(filled, pa.string()))
    return text


def _parquet_batches(pa, pf, path: str, columns: list[str], groups) -> Iterator:
    """The file's record batches, each of at most ``BLOCK_ROWS`` rows and about ``BLOCK_BYTES`` of
    values (a longer row alone), some of their text columns still dictionaries. ``groups``: the
    row groups to read (None: all).

    A large row group is read in batches of as many rows as its average row fits in a block, and
    of no more than ``AMPLIFIED`` blocks were every row the longest value of a column's
    dictionary: stored once, a value may stand for every row (1,500 rows of one 1 MiB value take
    529 bytes on disk and 1.5 GB decoded at once). Its columns are read decoded, not as
    dictionaries: a column chunk whose dictionary filled up goes on plain, and reading it as a
    dictionary hashes each of those values to build one. Consecutive row groups of at most a
    block's bytes (as the footer says: streaming writers write thousands of them) are read
    together, their text columns as dictionaries: no value is decoded twice to learn the longest,
    and a writer's dictionary of up to 1 MiB leaves little of such a chunk plain to hash. The
    batches are then cut by the size of their values once decoded, whatever the footer said."""
    order = range(pf.metadata.num_row_groups) if groups is None else groups
    reading = _RowGroups(pa, pf, path, columns)
    with reading.dictionaries:
        for small, run in reading.runs(order):
            yield from reading.batches(small, run)


class _RowGroups:
    """A Parquet file's row groups read in runs (see ``_parquet_batches``); ``read``: the rows
    read so far, which an error about a damaged page counts."""

    def __init__(self, pa, pf, path: str, columns: list[str]):
        self.pa, self.pf, self.path, self.columns = pa, pf, path, columns
        metadata = self.metadata = pf.metadata
        self.index = {metadata.schema.column(j).path: j for j in range(metadata.num_columns)}
        # Only columns that are one leaf of the file's schema have dictionaries: a nested one (a
        # list of messages) has none, and naming it to ``read_dictionary`` is a KeyError.
        self.dictionaries = _Dictionaries(pa, path, [c for c in columns if c in self.index])
        self.read = 0

    def size(self, group: int) -> int:
        """The bytes of the columns read in ``group``, uncompressed, as the footer says."""
        stored = self.metadata.row_group(group)
        return sum(
            stored.column(self.index[c]).total_uncompressed_size for c in self.columns if c in self.index
        )

    def fitting(self, run: list[int]) -> int:
        """Rows of a batch of ``run`` whose average row, as the footer says, fills a block."""
        rows = sum(self.metadata.row_group(g).num_rows for g in run)
        held = max(1, sum(self.size(g) for g in run))
        return max(1, min(blocks.BLOCK_ROWS, blocks.BLOCK_BYTES * rows // held))

    def runs(self, order) -> Iterator[tuple[bool, list[int]]]:
        """Large groups alone (False); consecutive small ones together up to a block's bytes."""
        run: list[int] = []
        held = 0
        for group in order:
            size = self.size(group)
            if size > blocks.BLOCK_BYTES or (run and held + size > blocks.BLOCK_BYTES):
                if run:
                    yield True, run
                run, held = [], 0
            if size > blocks.BLOCK_BYTES:
                yield False, [group]
            else:
                run.append(group)
                held += size
        if run:
            yield True, run

    def batches(self, small: bool, run: list[int]) -> Iterator:
        """The batches of ``run``: a small run's as dictionaries, a large group's decoded."""
        pa = self.pa
        source, rows = (
            (self.dictionaries.file(), self.fitting(run)) if small else (self.pf, self.bounded(run[0]))
        )
        batches = source.iter_batches(
            batch_size=rows, row_groups=run, columns=self.columns, use_threads=False
        )
        before = self.read
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as exc:  # a damaged page or column chunk
                raise self.failed(source, run, before, exc) from None
            if batch is None:
                return
            if not _in_bounds(pa, batch):  # read as dictionaries, nothing checked them
                raise self.failed(source, run, before, OUT_OF_BOUNDS) from None
            self.read += batch.num_rows
            yield from _cut(pa, batch)

    def bounded(self, group: int) -> int:
        """A large group's batch rows: those that fit a block, and no more than ``AMPLIFIED``
        blocks were every row the longest value of a column's dictionary."""
        rows, stored = self.fitting([group]), self.metadata.row_group(group)
        try:
            for c in self.columns:
                if c in self.index and stored.column(self.index[c]).has_dictionary_page:
                    longest = max(1, self.dictionaries.longest(group, c))
                    rows = max(1, min(rows, AMPLIFIED * blocks.BLOCK_BYTES // longest))
        except (self.pa.ArrowException, OSError) as exc:  # a damaged dictionary page
            raise _damaged(self.path, self.read, exc) from None
        return rows

    def failed(self, source, run: list[int], before: int, exc) -> CheckError:
        """The error of the group of ``run`` that fails read alone, its rows before it counted."""
        for group in run if len(run) > 1 else ():
            try:
                for batch in source.iter_batches(row_groups=[group], columns=self.columns, use_threads=False):
                    if not _in_bounds(self.pa, batch):
                        return _damaged(self.path, before, OUT_OF_BOUNDS)
            except (self.pa.ArrowException, OSError) as alone:
                return _damaged(self.path, before, alone)
            before += self.metadata.row_group(group).num_rows
        return _damaged(self.path, self.read, exc)


OUT_OF_BOUNDS = "a value refers past its column's dictionary"


def _in_bounds(pa, batch) -> bool:
    """Every index of the batch's dictionary columns points into its dictionary (those of a
    damaged page may not; decoding would have said so)."""
    for column in batch.columns:
        if pa.types.is_dictionary(column.type) and column.null_count < len(column):
            indices, size = to_ints(column.indices, np.intp), len(column.dictionary)  # nulls read as 0
            if not size or indices.min() < 0 or indices.max() >= size:
                return False
    return True


def _gathered(pa, batches) -> Iterator:
    """``batches`` decoded (no dictionaries), the small ones gathered in order into batches of up
    to ``BLOCK_ROWS`` rows and ``BLOCK_BYTES`` of values: a file of row groups of a thousand rows
    is checked in blocks of the usual size, not in a thousand blocks with the costs of each."""
    pending: list = []
    rows = size = 0
    for batch in batches:
        batch = pa.RecordBatch.from_arrays([_plain(pa, c) for c in batch.columns], names=batch.schema.names)
        n, values = batch.num_rows, _value_bytes(pa, batch)
        full = rows + n > blocks.BLOCK_ROWS or size + values > blocks.BLOCK_BYTES
        if pending and (full or batch.schema != pending[0].schema):
            yield _joined(pa, pending)
            pending, rows, size = [], 0, 0
        pending.append(batch)
        rows, size = rows + n, size + values
    if pending:
        yield _joined(pa, pending)


def _joined(pa, batches: list):
    if len(batches) == 1:
        return batches[0]
    return pa.Table.from_batches(batches).combine_chunks().to_batches()[0]


def _value_bytes(pa, batch) -> int:
    """The bytes of the values of the text columns of ``batch`` (decoded)."""
    return sum(int(_sizes(pa, column).sum()) for column in batch.columns if _is_text(pa, column.type))


def _damaged(path: str, read: int, exc: Exception) -> CheckError:
    return CheckError(f"{path}: cannot read the Parquet data ({read:,} rows read): {exc}")


# A Parquet file read through a buffer of a page's usual size, each column chunk page by page:
# pyarrow's defaults read a row group's column chunks whole before the first batch (a row group
# of 1,000 values of 1 MiB in pages of one value: 2.2 GB where 119 MB do).
PAGE_BY_PAGE = {"buffer_size": 1 << 20, "pre_buffer": False}

# How many blocks' worth of values a batch may decode to at most, were each of its rows the
# longest value of a dictionary: the batch is then cut into blocks.
AMPLIFIED = 4


class _Dictionaries:
    """The dictionaries of a Parquet file's column chunks (a column in a row group): each read
    alone, with the first row that refers to it, from the file opened a second time to read its
    columns as dictionaries."""

    def __init__(self, pa, path: str, columns: list[str]):
        self.pa = pa
        self.path = path
        self.columns = columns
        self.dictionaries = None

    def __enter__(self) -> _Dictionaries:
        return self

    def __exit__(self, *exc) -> None:
        if self.dictionaries is not None:
            self.dictionaries.close()

    def file(self):
        """The file opened to read its columns as dictionaries."""
        if self.dictionaries is None:
            self.dictionaries = self.pa.parquet.ParquetFile(
                self.path, read_dictionary=self.columns, **PAGE_BY_PAGE
            )
        return self.dictionaries

    def longest(self, group: int, column: str) -> int:
        """The longest value in the dictionary of ``column`` in row group ``group``, in bytes."""
        pa = self.pa
        batches = self.file().iter_batches(
            batch_size=1, row_groups=[group], columns=[column], use_threads=False
        )
        first = next(batches, None)
        if first is None or not pa.types.is_dictionary(first.column(0).type):
            return 0
        values = first.column(0).dictionary
        if not _is_text(pa, values.type):
            return 0  # numbers: as long decoded as in the dictionary
        return int(_sizes(pa, values).max(initial=0))


def _is_text(pa, kind) -> bool:
    """Values of ``kind`` are text or bytes, of any length."""
    t = pa.types
    return t.is_string(kind) or t.is_large_string(kind) or t.is_binary(kind) or t.is_large_binary(kind)


def _cut(pa, batch) -> Iterator:
    """``batch`` in slices of about ``BLOCK_BYTES`` of values once decoded (one row at least)."""
    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for column in batch.columns:  # the other columns are bounded by the batch's number of rows
        if pa.types.is_dictionary(column.type) and _is_text(pa, column.type.value_type):
            values = _sizes(pa, column.dictionary)
            # A null's index may be anything: its size is taken as the first value's.
            sizes += values[to_ints(column.indices, np.intp)] if len(values) else 0
        elif _is_text(pa, column.type):
            sizes += _sizes(pa, column)
    if sizes.sum() <= blocks.BLOCK_BYTES:
        yield batch
        return
    start, ends = 0, np.cumsum(sizes)
    while start < batch.num_rows:
        before = ends[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, before + blocks.BLOCK_BYTES, side="right")))
        yield batch.slice(start, stop - start)
        start = stop


def _sizes(pa, column) -> np.ndarray:
    """The bytes of each value of a text or binary column, from its offsets (without a compute
    kernel, whose first call imports pandas where it is installed: a fifth of a second). A null
    counts what its offsets say, nothing as Arrow writes them."""
    large = pa.types.is_large_string(column.type) or pa.types.is_large_binary(column.type)
    offsets = np.frombuffer(column.buffers()[1], np.int64 if large else np.int32)
    return np.diff(offsets[column.offset : column.offset + len(column) + 1]).astype(np.int64)


def _plain(pa, column):
    """A column read dictionary-encoded, decoded (a block's worth of it)."""
    return column.dictionary_decode() if pa.types.is_dictionary(column.type) else column


READERS = dict(zip(FORMAT_NAMES, (csv_blocks, jsonl_blocks, _parquet_blocks), strict=True))


def compression_of(path: str) -> str | None:
    """The compression named by the file's last suffix (``.gz``...), or None."""
    packed = suffixes(path)[1]
    return None if packed is None else COMPRESSIONS[packed]


def file_format(path: str, given: str | None) -> str:
    """The format named by ``--format``, else by the file's suffix before any compression suffix
    (``campaign.csv.gz`` is CSV)."""
    suffix, packed = suffixes(path)
    fmt = given
    if not fmt:
        if suffix in UNREAD_SUFFIXES and packed is None:
            raise CheckError(f"{path}: {UNREAD_SUFFIXES[suffix]}")
        if suffix not in FORMATS:
            known = ", ".join(sorted(FORMATS))
            listed = ", ".join(sorted(COMPRESSIONS))
            raise CheckError(
                f"{path}: cannot tell the format from the suffix {suffix!r} ({known}, each maybe followed by "
                f"{listed}); use --format"
            )
        fmt = FORMATS[suffix]
    if fmt == "parquet" and packed is not None:
        raise CheckError(
            f"{path}: a Parquet file is not read compressed as a whole ({packed}): "
            "Parquet compresses its columns itself; decompress the file first"
        )
    return fmt
