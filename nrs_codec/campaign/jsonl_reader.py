"""A JSON Lines campaign file read in blocks of rows: a block's lines parsed at once by pyarrow's
JSON reader where it gives what Python's ``json`` module gives them one by one, else line by line.

The reader's thread only cuts the file's text into pieces of whole lines (about ``BLOCK_BYTES``,
at most ``BLOCK_ROWS`` lines) and counts their rows, the lines that are not blank; each piece is
parsed where it is checked (``Unparsed``), so on a check's every worker thread. Lines end with
\\n, as JSON Lines has it (a \\r before it is whitespace to JSON): a lone CR is no line break. A
first line of objects each ended by one is the file's error, which says so (such a file is one
line); a later line holding two, that row's error.

``json.loads`` of each line is the statement of what a row holds: a line that is not a JSON
object is its row's error, a value of the message column that is not text too (``analyze_many``
says so; a NaN, which it takes as missing, is made so: ``blank``), and a recipient is the text
of its value. pyarrow reads a piece into Arrow columns straight, without a Python object per
row, and refuses what it cannot read as those do: a key twice in an object (``json.loads`` keeps
the last), a lone surrogate, a line that is not an object, a message that is not text or null, a
recipient that is neither text nor an integer (``str`` of a float, ``NaN`` or a boolean is
Python's own). A line it refuses is read alone by ``json.loads``, the rows around it by pyarrow
(``jsonl_columns``); where a line does not open with ``{`` and close with ``}`` (a byte order
mark, which pyarrow skips at the start of a piece; an object over two lines, which pyarrow
reads as one row), or where its rows are not one per line that is not blank (it reads two
objects on one line as two rows), the piece is read line by line. Recipients that
change type within a piece (integers, and one written as text) are read in runs of one type
(``Columns.arrow``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np

from . import blocks, sources
from .blocks import Block, Span, Unparsed, mib, missing_column
from .errors import CheckError
from .filebytes import NEWLINE, json_rows, line_ends
from .jsonl_columns import Columns, lone_cr, parse_line
from .sources import CHUNK_BYTES, Located, Source, TextFile


def jsonl_blocks(
    file: TextFile, message_column, to_column, progress, delimiter=None, span: Span | None = None
) -> Iterator[Block | Unparsed]:
    """The blocks of a JSON Lines file, or of the part of it that ``span`` says, unparsed."""
    try:
        yield from _blocks(file, message_column, to_column, progress, span)
    except Located as exc:
        raise exc.at(*_place(file, exc.offset)) from None


def _blocks(
    file: TextFile, message_column, to_column, progress, span: Span | None
) -> Iterator[Block | Unparsed]:
    path = file.path
    next_row = 1 + (span.first_row if span is not None else 0)
    first = span is None or span.first  # the file's first object names its columns
    columns = Columns(message_column, to_column)
    lone_cr_first = False  # a first line too long to read, of objects ended by lone CRs
    with file.open(span=span and (span.start, span.end)) as source:
        if source.empty and first:
            raise CheckError(f"{path} is empty: expected one JSON object per line")
        for piece in _pieces(source):
            if isinstance(piece, TooLong):  # its row's error, its text unread but for its start
                if piece.blank:
                    continue  # blanks, no row, as a shorter line of them
                if first and next_row == 1:
                    lone_cr_first = _first_line_too_long(file, piece)
                why = f"invalid JSON: a line longer than {mib(blocks.MAX_ROW_BYTES)}"
                rows = np.array([next_row], dtype=np.int64)
                yield Block([b""], [None] if to_column else None, rows, {next_row: why})
                next_row += 1
            else:
                known: list = []
                if first:
                    first, known = _first_object(file, piece, columns, next_row)
                count, odd = json_rows(piece)
                rows = np.arange(next_row, next_row + count, dtype=np.int64)
                yield Unparsed(lambda p=piece, r=rows, o=odd, k=known: columns.parse(p, r, o, k))
                next_row += count
            progress(source.compressed_position)
    # That line the whole file, as a shorter one would be found to be: the file's error.
    if lone_cr_first and next_row == 2 and _blanks_after(file, span):
        raise CheckError(_LONE_CR.format(path=path))
    if span is not None:
        span.check(path, next_row - 1)


class TooLong:
    """A line longer than ``MAX_ROW_BYTES``, skipped unread but for its first ``HEAD`` bytes
    (what it is: an array, objects ended by lone CRs) and whether it holds more than blanks."""

    HEAD = 1 << 16
    _HELD = re.compile(rb"[^ \t\r\x0b\x0c]")  # within a line: what bytes.strip() leaves

    def __init__(self):
        self.head = b""
        self.blank = True

    def take(self, text) -> None:
        """The line's next bytes ``text`` (bytes, or a view of them: searched, not copied)."""
        if len(self.head) < self.HEAD:
            self.head += bytes(text[: self.HEAD - len(self.head)])
        if self.blank:
            self.blank = self._HELD.search(text) is None


def _pieces(source: Source) -> Iterator[bytearray | TooLong]:
    """The file's text in pieces of whole lines, about ``BLOCK_BYTES`` and at most ``BLOCK_ROWS``
    lines each; a line longer than ``MAX_ROW_BYTES`` as ``TooLong``, once its end is read."""
    # A chunk no longer than the limit: a line too long is never within one chunk.
    size = max(1, min(sources.CHUNK_BYTES, blocks.MAX_ROW_BYTES))
    buffer = bytearray()
    ends = 0  # line ends in the buffer
    partial = 0  # bytes of the buffer after its last line end: a line being read
    skipping: TooLong | None = None  # the rest of a line too long
    while chunk := source.read(size):
        if skipping is not None:
            end = chunk.find(b"\n")
            skipping.take(chunk if end < 0 else chunk[:end])
            if end < 0:
                continue
            yield skipping
            chunk, skipping = chunk[end + 1 :], None
        first = chunk.find(b"\n")
        if partial + (first if first >= 0 else len(chunk)) > blocks.MAX_ROW_BYTES:
            long = TooLong()
            with memoryview(buffer) as view, view[len(buffer) - partial :] as start:
                long.take(start)
            del buffer[len(buffer) - partial :]
            yield from _rest(buffer, ends)
            buffer = bytearray()
            ends, partial = 0, 0
            long.take(chunk if first < 0 else chunk[:first])
            if first < 0:
                skipping = long
                continue
            yield long
            chunk = chunk[first + 1 :]
        buffer += chunk
        found = line_ends(chunk)
        ends += found
        partial = len(chunk) - chunk.rfind(b"\n") - 1 if found else partial + len(chunk)
        while (cut := _due(buffer, ends)) is not None:
            piece, buffer = _split(buffer, cut)
            ends -= line_ends(piece)
            yield piece
    if skipping is not None:  # no line break after it (Source ends the text with one)
        yield skipping
    yield from _rest(buffer, ends)  # whole lines: Source ends the text with a line break


def _due(buffer: bytearray, ends: int) -> int | None:
    """Where the next piece ends, if one is due: after ``BLOCK_ROWS`` lines, or after the line
    that reaches ``BLOCK_BYTES``, whichever comes first."""
    cut = _end_of_line(buffer, blocks.BLOCK_ROWS) if ends >= blocks.BLOCK_ROWS else None
    if len(buffer) >= blocks.BLOCK_BYTES:
        at = buffer.find(b"\n", blocks.BLOCK_BYTES - 1)
        if at >= 0 and (cut is None or at < cut):
            cut = at + 1
    return cut


def _rest(buffer: bytearray, ends: int) -> Iterator[bytearray]:
    """All the buffer's lines, in pieces."""
    while buffer:
        piece, buffer = _split(buffer, _due(buffer, ends) or len(buffer))
        ends -= line_ends(piece)
        yield piece


def _end_of_line(buffer: bytearray, n: int) -> int:
    """Where the ``n``-th line of the buffer ends (after its line break)."""
    return int(np.flatnonzero(np.frombuffer(buffer, np.uint8) == NEWLINE)[n - 1]) + 1


def _split(buffer: bytearray, cut: int) -> tuple[bytearray, bytearray]:
    """The buffer's first ``cut`` bytes, and the rest: the first are the buffer itself (a
    piece is not copied), the rest a copy (less than a chunk, unless ``BLOCK_ROWS`` cut)."""
    rest = buffer[cut:]
    del buffer[cut:]
    return buffer, rest


_ARRAY = (
    "{path}: the first line starts a JSON document spread over lines (or an array): JSON Lines "
    "has one JSON object per line (jq -c '.[]' turns an array into that)"
)
_LONE_CR = (
    "{path}: the lines end with a lone CR (\\r): JSON Lines lines end with \\n (or \\r\\n); "
    "tr '\\r' '\\n' converts the file"
)


def _first_object(file: TextFile, piece: bytes, columns: Columns, row: int) -> tuple[bool, list]:
    """Check the file does not open with a JSON document over several lines, and that the columns
    are keys of its objects: of the first (the first line that is one), else of some object in
    the file (``_anywhere``). Says whether the first object is still to be found (False once it
    has been seen), and gives the values of the lines parsed (those that are not blank, in order)
    to the piece's parse, which does not parse them again: in a file whose lines are not objects,
    every line is parsed here, once."""
    lines = piece.split(b"\n")
    values: list = []
    for at, line in enumerate(lines):
        if not line.strip():
            continue
        obj = parse_line(line)
        values.append(obj)
        # A document over several lines, or an array of objects on one (not a row of a file).
        array = isinstance(obj, list) and any(isinstance(item, dict) for item in obj)
        if row == 1 and (array or (isinstance(obj, Exception) and _document_start(line))):
            raise CheckError(_ARRAY.format(path=file.path))
        # The whole file one line of values ended by CRs; with lines after it, that row's error.
        if row == 1 and lone_cr(line, obj) and not any(rest.strip() for rest in lines[at + 1 :]):
            raise CheckError(_LONE_CR.format(path=file.path))
        row += 1
        if isinstance(obj, dict):
            for column in filter(None, (columns.message, columns.to)):
                if column not in obj and not _anywhere(file, column):
                    raise missing_column(file.path, column, list(obj))
            return False, values
    return True, values


def _first_line_too_long(file: TextFile, line: TooLong) -> bool:
    """A first line too long to read may be the whole file: a JSON array on one line is the
    file's error, as a shorter one is. Says whether it holds objects each ended by a lone CR,
    which is the file's error where no line follows it (as for a shorter one), else its row's."""
    head = line.head.decode("utf-8", "ignore")  # its last character may be cut
    if head.strip().startswith("["):
        raise CheckError(_ARRAY.format(path=file.path))
    return lone_cr(head.encode(), parse_line(head.encode()))


def _blanks_after(file: TextFile, span: Span | None) -> bool:
    """Nothing but blanks after the part ``span`` of the file (the whole file for None): a part
    read to its end without another row may still be followed by the file's next part (an
    uncompressed file, as only those are cut)."""
    if span is None or span.end is None:
        return True
    with open(file.path, "rb") as f:
        f.seek(span.end)
        while chunk := f.read(CHUNK_BYTES):
            if chunk.strip():
                return False
    return True


def _anywhere(file: TextFile, column: str) -> bool:
    """Some object of the file has the key ``column``. A row without it has no value there (as
    exporters that leave out empty fields write it); a file where no row has it most likely names
    another column. The whole file is read from its start (whatever part of it this reader
    reads, so that every partitioning says the same) until such an object: only the lines that
    can hold the key are parsed, those holding it as JSON writes it and those with an escape."""
    key = json.dumps(column, ensure_ascii=False).encode("utf-8", "surrogatepass")
    with file.open() as source:
        for piece in _pieces(source):
            if isinstance(piece, TooLong) or (key not in piece and b"\\" not in piece):
                continue
            for line in piece.split(b"\n"):
                if key in line or b"\\" in line:
                    obj = parse_line(line)
                    if isinstance(obj, dict) and column in obj:
                        return True
    return False


def _document_start(line: bytes) -> bool:
    """The line opens a JSON array, or an object that goes on over the next lines."""
    line = line.strip()
    return line.startswith(b"[") or line == b"{"


def _place(file: TextFile, offset: int) -> tuple[int | None, bool]:
    """The row holding byte ``offset`` of the decompressed file (one more than the lines before
    it that are not blank), and whether it starts that row (``Located.at``)."""
    rows = 0
    blank = True  # the line so far
    try:
        with file.open(stop=offset) as source:
            for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
                *ended, rest = chunk.split(b"\n")
                for line in ended:
                    rows += not (blank and not line.strip())
                    blank = True
                blank = blank and not rest.strip()
    except CheckError:
        return None, False
    return rows + 1, blank and rows > 0
