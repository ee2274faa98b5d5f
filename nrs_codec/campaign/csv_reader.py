"""A CSV campaign file read in blocks of rows by pyarrow's streaming reader, from a ``Source``.

pyarrow parses the file's text (decompressed, transcoded and checked by ``Source``) in blocks of
``CSV_BLOCK_BYTES``; what it cannot do alone is done here:

- a row longer than about two blocks (a 10 MB message) stops its streaming reader, so the file is
  read again with blocks 16 times larger, up to ``MAX_ROW_BYTES``, and the rows already handed out
  are skipped: memory grows with the longest row, not with the file; past that, the file is read
  on in blocks cut here (``csv_cut``), which name the row that is too long (pyarrow stops at the
  start of the block that holds it);
- each malformed row (of the wrong width) costs a call from pyarrow's own thread, and is held
  until a row after it parses: where they are many (``csv_cut.CUT_AFTER``), the file is read on
  by ``csv_cut``;
- a problem found at a byte offset (a byte that is not UTF-8, a corrupt compressed stream) is
  named by its row: the file's text up to the offset is parsed again and its rows counted;
- a quote that opens a field and is never closed makes the rest of the file one value, silently:
  ``Source`` follows the quotes as pyarrow's parser does, in the engine as it reads, and a file
  that ends inside a quoted field is named at the line where that field opens.

Rows are numbered as pyarrow counts records: from 1 after the header, blank lines not counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import numpy as np

from . import blocks, csv_cut
from .arrow_reading import ArrowReading
from .blocks import Block, Span, missing_column, named_twice, require_pyarrow
from .csv_cut import Counted, Doubt, counted, cut_blocks, malformed_into, row_too_long
from .errors import CheckError
from .sources import CHUNK_BYTES, Located, TextFile


def csv_blocks(
    file: TextFile, message_column, to_column, progress, delimiter=",", span: Span | None = None
) -> Iterator[Block]:
    """The blocks of a CSV file, or of the part of it that ``span`` says."""
    reading = _Reading(file, message_column, to_column, progress, delimiter, span)
    try:
        yield from reading.blocks()
    except Located as exc:
        raise exc.at(*reading.place(exc.offset)) from None


def _too_long(exc: Exception) -> bool:
    """pyarrow's ways of saying that a row (or the header) does not fit in a block, or that a
    block ends where its chunker and its parser disagree (seen with NUL bytes and blank lines in
    a quoted field): with larger blocks, boundaries fall elsewhere."""
    return any(s in str(exc) for s in ("straddl", "cannot infer number of columns", "out of sync"))


class _Reading:
    """One CSV file being read; ``delivered`` (every row up to it handed out) survives a new pass."""

    def __init__(
        self,
        file: TextFile,
        message_column: str,
        to_column: str | None,
        progress,
        delimiter: str,
        span: Span | None = None,
    ):
        self.pa = require_pyarrow()
        self.file = file
        self.path = file.path
        self.message_column = message_column
        self.to_column = to_column
        self.columns = list(dict.fromkeys(c for c in (message_column, to_column) if c))
        self.progress = progress
        self.delimiter = delimiter
        self.span = span
        # A partition after the file's first has no header: the first one's names, and no header record.
        self.names = span.names if span is not None and not span.first else None
        self.delivered = span.first_row if span is not None else 0
        self.malformed_seen = 0  # by this streaming pass
        self.tripped = False  # the handler of malformed rows stopped the streaming reader
        self.cut = False  # read on in blocks cut here (``csv_cut``)
        self.may_cut = True  # False once pyarrow refused a cut block, or disagreed with the scan

    def blocks(self) -> Iterator[Block]:
        block_bytes = blocks.CSV_BLOCK_BYTES
        while True:
            try:
                if not self.cut:
                    yield from self._pass(block_bytes)
                    return
                try:
                    yield from cut_blocks(self)
                    return
                except self.pa.ArrowException as exc:  # refused there: as where it disagrees
                    raise Doubt(str(exc)) from None
            except Doubt:  # the streaming reader reads on, as it would have
                self.cut = self.may_cut = False
                continue
            except self.pa.ArrowKeyError as exc:  # a column asked for is not in the header
                names = self._header()
                for column in self.columns:
                    if column not in names:
                        raise missing_column(self.path, column, names, self.delimiter) from None
                raise CheckError(f"{self.path}: cannot read the CSV header: {exc}") from None
            except self.pa.ArrowException as exc:
                if self.tripped:  # the handler of malformed rows stopped the streaming reader
                    self.tripped, self.cut = False, True
                    continue
                if not _too_long(exc):
                    raise CheckError(
                        f"{self.path}: cannot read CSV near row {self.delivered + 1}: {exc}"
                    ) from None
                if block_bytes >= blocks.MAX_ROW_BYTES:
                    if "out of sync" in str(exc):
                        raise CheckError(
                            f"{self.path}: cannot read CSV near row {self.delivered + 1}: {exc}"
                        ) from None
                    if self.may_cut:  # read on in blocks cut here, which name the row that is too
                        self.cut = True  # long: pyarrow stops at the start of the block that holds it
                        continue
                    raise row_too_long(self.path, self.delivered + 1) from None
                block_bytes = min(block_bytes * 16, blocks.MAX_ROW_BYTES)

    def _many_malformed(self, number: int | None, held: int) -> bool:
        """Counts a malformed row met by a streaming pass, pyarrow's record ``number`` with
        ``held`` others not yet handed out; True where the file is to be read on in blocks cut
        here (``csv_cut``), which reads it again from its start: see ``csv_cut.CUT_AFTER``."""
        self.malformed_seen += 1
        seen = self.malformed_seen
        many = seen > csv_cut.CUT_AFTER and (number is None or seen * csv_cut.CUT_SHARE >= number)
        self.tripped = many or held >= csv_cut.CUT_HELD
        return self.tripped

    def _reader(
        self, source, block_bytes: int, on_invalid: Callable, columns: list[str], names=None
    ) -> ArrowReading:
        """pyarrow's streaming reader of ``source``, which it reads ahead on its own threads."""
        return ArrowReading(
            source,
            lambda file, handler: self._open_csv(file, block_bytes, handler, columns, names),
            on_invalid,
        )

    def _open_csv(self, file, block_bytes: int, on_invalid: Callable, columns: list[str], names=None):
        return self.pa.csv.open_csv(file, **self.options(block_bytes, on_invalid, columns, names))

    def options(self, block_bytes: int, on_invalid: Callable, columns: list[str], names=None) -> dict:
        """pyarrow's options for reading ``columns`` of this file in blocks of ``block_bytes``,
        the header's ``names`` given (a span's) or, with None, read from the text."""
        pa = self.pa
        return dict(
            read_options=pa.csv.ReadOptions(
                block_size=block_bytes, use_threads=False, column_names=list(names) if names else None
            ),
            parse_options=pa.csv.ParseOptions(
                delimiter=self.delimiter, invalid_row_handler=on_invalid, newlines_in_values=True
            ),
            # Binary, not string: Source has checked the text already; no second pass over it.
            # Only an empty field is no value (CSV cannot tell it from an empty text): a message or
            # recipient that reads "N/A", "NULL" or "nan" is that text, not pyarrow's null words.
            convert_options=pa.csv.ConvertOptions(
                include_columns=columns,
                column_types={c: pa.binary() for c in columns},
                null_values=[""],
                strings_can_be_null=True,
            ),
        )

    def _pass(self, block_bytes: int) -> Iterator[Block]:
        """Read the file from its start, handing out the rows after ``delivered``."""
        skipped: dict[int, str] = {}
        self.malformed_seen = 0
        span = self.span
        # ``number`` counts the header as record 1 (where there is one); data rows are numbered from 1.
        before = (span.first_row if span is not None else 0) - (self.names is None)
        on_invalid = malformed_into(skipped, before, self._many_malformed if self.may_cut else None)

        with self.file.open(
            csv_delimiter=self.delimiter, span=span and (span.start, span.end), views=True
        ) as source:
            if source.empty and self.names is None:
                raise CheckError(f"{self.path} is empty: expected a header line and rows")
            if self.names is None:
                named_twice(self.path, self.columns, self._header())
            next_row = 1 + (span.first_row if span is not None else 0)
            with self._reader(source, block_bytes, on_invalid, self.columns, self.names) as reading:
                for batch in reading.batches():
                    n = batch.num_rows
                    candidates = np.arange(next_row, next_row + n + len(skipped), dtype=np.int64)
                    rows = candidates[~np.isin(candidates, list(skipped))][:n] if skipped else candidates[:n]
                    last = int(rows[-1]) if n else next_row - 1
                    here = {r: why for r, why in skipped.items() if r <= last}
                    for r in here:
                        del skipped[r]
                    next_row = last + 1
                    start = int(np.searchsorted(rows, self.delivered, side="right"))
                    here = {r: why for r, why in here.items() if r > self.delivered}
                    if start < n or here:
                        yield self._block(batch.slice(start), rows[start:], here)
                    self.delivered = max(self.delivered, last)
                    self.progress(source.compressed_position)
            left = {r: why for r, why in skipped.items() if r > self.delivered}
            if left:
                yield Block([], [] if self.to_column else None, np.zeros(0, dtype=np.int64), left)
            self.delivered = max(self.delivered, *skipped, 0)
            self.progress(source.compressed_position)
            if source.ends_inside_quotes:
                self._open_quote()
            if span is not None:
                span.check(self.path, self.delivered)

    def whole(self, *, small_file: bool = False) -> Block | None:
        """The rows of ``span`` in one block, its text read at once and parsed from memory (a
        piece of ``csv_pieces``, no longer than a few blocks, or with ``small_file`` a file of no
        more, its records not counted ahead): no Python called from Arrow's threads. None where
        this reading cannot vouch for them (a byte that is not UTF-8, a quote left open, rows
        other than those planned, a column named twice, any error of pyarrow's): ``blocks()``
        reads the span then, and says what is wrong as a whole file's reading does."""
        pa, span = self.pa, self.span
        if span.records is None and not small_file:
            return None  # the rest of a file, no count to hold the parse to: read as a file is
        if small_file and span.end - span.start > blocks.MAX_ROW_BYTES:
            return None  # it may hold a row too long, which the reading in blocks names
        skipped: dict[int, str] = {}
        on_invalid = malformed_into(skipped, span.first_row - (self.names is None))  # as in ``_pass``

        try:
            whole = (span.start, span.end)
            with self.file.open(csv_delimiter=self.delimiter, span=whole, views=True) as source:
                text = source.read()
                left_open = source.ends_inside_quotes
            if left_open or not text:
                return None
            if self.names is None:
                named_twice(self.path, self.columns, self._header(text))
            # Parsed on this thread, which calls the handler of malformed rows as any Python call
            # (pyarrow's streaming reader calls it from a thread of its own: 12 µs a row).
            options = self.options(len(text) + 1, on_invalid, self.columns, self.names)
            batches = pa.csv.read_csv(pa.BufferReader(text), **options).combine_chunks().to_batches()
        except (CheckError, pa.ArrowException):
            return None
        n = sum(b.num_rows for b in batches)
        records = n + len(skipped)  # a whole file's, as its reading in blocks numbers them
        if span.records is not None and records != span.records:
            return None
        rows = np.arange(span.first_row + 1, span.first_row + 1 + records, dtype=np.int64)
        if skipped:
            rows = rows[~np.isin(rows, list(skipped))]
        if not n:
            return Block([], [] if self.to_column else None, rows, skipped)
        return self._block(batches[0], rows, skipped)

    def _block(self, batch, rows: np.ndarray, malformed: dict[int, str]) -> Block:
        pa = self.pa
        messages = batch.column(self.message_column).view(pa.string())
        recipients = None
        if self.to_column:
            recipients = batch.column(self.to_column).view(pa.string())
        return Block(messages, recipients, rows, malformed)

    def _header(self, read=None) -> list[str]:
        """The header's column names, for the messages about them: from the file's text ``read``
        already, or read again."""
        if read is not None:
            head = bytes(memoryview(read)[:CHUNK_BYTES])
        else:
            with self.file.open() as source:
                head = source.read(CHUNK_BYTES)
        start = len(head) - len(head.lstrip(b"\r\n"))  # blank lines before it
        line = head.find(b"\n", start)
        if line >= 0 and head.count(b'"', start, line) % 2 == 0:  # no line break inside quotes:
            head = head[: line + 1]  # the header is that line, not the rows' text after it
        text = head.decode("utf-8", "replace")
        try:
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter):
                if record:
                    return record
        except csv.Error:  # a field longer than the csv module takes: name the columns roughly
            return text.lstrip("\r\n").splitlines()[0].split(self.delimiter)
        return []

    def _open_quote(self) -> None:
        """The file ends inside a quoted field: a quote opened it and none closed it, taking every
        row after it into that field, the file's last row. Says where it opens."""
        span = self.span and (self.span.start, self.span.end)
        with self.file.open(span=span) as source:  # a partition starts at a record boundary
            line = _unclosed_quote(source, self.delimiter.encode())
        if line is not None and span:
            line += _lines_before(self.path, span[0])
        where = f" (line {line:,} of the file)" if line is not None else ""
        raise CheckError(
            f"{self.path}: row {self.delivered}{where} opens a quoted field that is "
            "never closed, so every line after it would be part of that one value: close the quote "
            '(a quote inside a quoted field is written twice: "")'
        )

    def place(self, offset: int, by_cut: bool = True) -> tuple[int | None, bool]:
        """Where byte ``offset`` of the decompressed file is: the data row (0: the header) that
        holds it, and whether it starts that row (``Located.at``). The text before it is parsed
        again, cut there and closed by ``x"`` (which makes a row of what follows the last line
        break): in blocks cut by ``csv_cut`` (a malformed row costs 1 µs there, not pyarrow's
        12 µs from its own thread), else (``by_cut`` False, or where pyarrow refuses a block) by
        the streaming reader."""
        pa = self.pa
        block_bytes = blocks.CSV_BLOCK_BYTES
        column = self.message_column
        while True:
            invalid = Counted()
            try:
                cut = self.file.open(stop=offset, tail=b'x"\n', csv_delimiter=self.delimiter)
                with cut as source:
                    if by_cut:
                        row = counted(self, source, column)
                    else:
                        with self._reader(source, block_bytes, invalid, [column]) as reading:
                            row = sum(batch.num_rows for batch in reading.batches()) + invalid.rows
                    starts = source.ends_a_record
                return row, starts
            except pa.ArrowKeyError:
                # No such column in the header: a file without one (read with the wrong
                # delimiter, say) counts its rows by its first column; else the header is cut.
                with self.file.open(stop=offset) as source:
                    names = self._header(source.read(CHUNK_BYTES))
                if column != self.message_column or not names or self.message_column in names:
                    return 0, False
                column = names[0]
            except pa.ArrowException as exc:
                if by_cut:
                    by_cut = False
                    continue
                if not _too_long(exc) or block_bytes >= blocks.MAX_ROW_BYTES:
                    return None, False
                block_bytes = min(block_bytes * 16, blocks.MAX_ROW_BYTES)
            except CheckError:
                return None, False


def _lines_before(path: str, offset: int) -> int:
    """The line breaks (``_breaks``) in the first ``offset`` bytes of an uncompressed file."""
    count = 0
    previous = 0
    with open(path, "rb") as f:
        while offset > 0 and (chunk := f.read(min(offset, CHUNK_BYTES))):
            count += _breaks(chunk, previous)
            offset -= len(chunk)
            previous = chunk[-1]
    return count


def _breaks(chunk: bytes, previous: int, start: int = 0, end: int | None = None) -> int:
    """The line breaks in ``chunk[start:end]`` as an editor counts lines: a CR LF, a lone LF or a
    lone CR each (a file's lines may end in CRs alone). ``previous``: the byte before ``chunk``,
    whose CR and a first LF are one break, counted there."""
    crlf = chunk.count(b"\r\n", start, end) + (start == 0 and previous == ord("\r") and chunk[:1] == b"\n")
    return chunk.count(b"\n", start, end) + chunk.count(b"\r", start, end) - crlf


def _unclosed_quote(source, delimiter: bytes) -> int | None:
    """The line (1-based) where a quote opens a field that the file never closes, or None.

    As pyarrow parses: a quote opens a quoted field only at a field's start (after a delimiter or a
    line break); inside one, two quotes are a quote and one closes it; elsewhere a quote is a
    character. Only the quotes are visited, so this is fast unless the file quotes every field.
    """
    quote, starts = ord('"'), (delimiter[0], ord("\n"), ord("\r"))
    inside = closing = False  # closing: a quote inside a field ended the last chunk
    line = opened = 0
    previous = ord("\n")
    for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
        i = chunk.find(b'"')
        if closing:
            closing = False
            if chunk[0] == quote:  # the pair "" split by the chunks: still inside
                i = chunk.find(b'"', 1)
            else:
                inside = False
        counted = 0
        while i != -1:
            if inside:
                if i + 1 == len(chunk):
                    closing = True
                    break
                if chunk[i + 1] == quote:
                    i = chunk.find(b'"', i + 2)
                    continue
                inside = False
            elif (chunk[i - 1] if i else previous) in starts:
                inside = True
                line += _breaks(chunk, previous, counted, i)
                counted = i
                opened = line + 1
            i = chunk.find(b'"', i + 1)
        line += _breaks(chunk, previous, counted)
        previous = chunk[-1]
    return opened if inside and not closing else None
