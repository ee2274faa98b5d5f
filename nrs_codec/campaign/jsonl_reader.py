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
Python's own). Where it refuses, where a line does not open with ``{`` (a byte order mark, which
pyarrow skips at the start of a piece), or where its rows are not one per line that is not blank
(it reads two objects on one line as two rows), the piece is read line by line. Recipients that
change type within a piece (integers, and one written as text) are read in runs of one type
(``Columns.arrow``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np

from . import blocks, sources
from .blocks import Block, Span, Unparsed, mib, missing_column, require_pyarrow
from .errors import CheckError
from .filebytes import NEWLINE, json_row_end, json_rows, line_ends
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
    with file.open(span=span and (span.start, span.end)) as source:
        if source.empty and first:
            raise CheckError(f"{path} is empty: expected one JSON object per line")
        for piece in _pieces(source):
            if piece is None:  # a line longer than the limit: its row's error, its text unread
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
    if span is not None:
        span.check(path, next_row - 1)


def _pieces(source: Source) -> Iterator[bytearray | None]:
    """The file's text in pieces of whole lines, about ``BLOCK_BYTES`` and at most ``BLOCK_ROWS``
    lines each; None for a line longer than ``MAX_ROW_BYTES``, which is skipped unread."""
    # A chunk no longer than the limit: a line too long is never within one chunk.
    size = max(1, min(sources.CHUNK_BYTES, blocks.MAX_ROW_BYTES))
    buffer = bytearray()
    ends = 0  # line ends in the buffer
    partial = 0  # bytes of the buffer after its last line end: a line being read
    skipping = False  # the rest of a line too long
    while chunk := source.read(size):
        if skipping:
            end = chunk.find(b"\n")
            if end < 0:
                continue
            chunk, skipping = chunk[end + 1 :], False
        first = chunk.find(b"\n")
        if partial + (first if first >= 0 else len(chunk)) > blocks.MAX_ROW_BYTES:
            del buffer[len(buffer) - partial :]
            yield from _rest(buffer, ends)
            buffer = bytearray()
            yield None
            ends, partial = 0, 0
            if first < 0:
                skipping = True
                continue
            chunk = chunk[first + 1 :]
        buffer += chunk
        found = line_ends(chunk)
        ends += found
        partial = len(chunk) - chunk.rfind(b"\n") - 1 if found else partial + len(chunk)
        while (cut := _due(buffer, ends)) is not None:
            piece, buffer = _split(buffer, cut)
            ends -= line_ends(piece)
            yield piece
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
        obj = _parse(line)
        values.append(obj)
        if row == 1 and isinstance(obj, Exception) and _document_start(line):
            raise CheckError(
                f"{file.path}: the first line starts a JSON document spread over lines (or an array): JSON "
                "Lines has one JSON object per line (jq -c '.[]' turns an array into that)"
            )
        # The whole file one line of values ended by CRs; with lines after it, that row's error.
        if row == 1 and _lone_cr(line, obj) and not any(rest.strip() for rest in lines[at + 1 :]):
            raise CheckError(
                f"{file.path}: the lines end with a lone CR (\\r): JSON Lines lines end with \\n "
                "(or \\r\\n); tr '\\r' '\\n' converts the file"
            )
        row += 1
        if isinstance(obj, dict):
            for column in filter(None, (columns.message, columns.to)):
                if column not in obj and not _anywhere(file, column):
                    raise missing_column(file.path, column, list(obj))
            return False, values
    return True, values


def _anywhere(file: TextFile, column: str) -> bool:
    """Some object of the file has the key ``column``. A row without it has no value there (as
    exporters that leave out empty fields write it); a file where no row has it most likely names
    another column. The whole file is read from its start (whatever part of it this reader
    reads, so that every partitioning says the same) until such an object: only the lines that
    can hold the key are parsed, those holding it as JSON writes it and those with an escape."""
    key = json.dumps(column, ensure_ascii=False).encode("utf-8", "surrogatepass")
    with file.open() as source:
        for piece in _pieces(source):
            if piece is None or (key not in piece and b"\\" not in piece):
                continue
            for line in piece.split(b"\n"):
                if key in line or b"\\" in line:
                    obj = _parse(line)
                    if isinstance(obj, dict) and column in obj:
                        return True
    return False


# Rows of a run of recipients of one type, on average, below which a piece is cheaper read line by
# line: each run costs two reads by pyarrow, about 130 µs each, and a line by line 2-3 µs.
RUN_ROWS = 200


class Columns:
    """The message and recipient columns of a file's objects, and how its pieces are parsed."""

    def __init__(self, message: str, to: str | None):
        self.message = message
        self.to = to
        # Recipients as pyarrow read the last piece it read: text, or integers (which it takes
        # for another type of column); the next piece is tried that way first.
        self.to_integers = False

    def parse(self, piece: bytes, rows: np.ndarray, odd: int, known: list = ()) -> Block:
        """The block of ``piece``'s rows (numbered ``rows``): pyarrow's, else line by line. With
        ``odd`` lines that do not open with ``{`` (a byte order mark, which pyarrow skips at a
        piece's start, or no object), line by line. ``known``: the values of its first lines
        that are not blank, parsed already."""
        read = None if odd else self.arrow(piece, len(rows))
        if read is None:
            return self.by_line(piece, rows, known)
        return Block(*read, rows)

    def arrow(self, piece: bytes, count: int):
        """``piece``'s messages and recipients as Arrow columns, where pyarrow reads them as
        ``json.loads`` does and finds ``count`` rows; else None.

        Recipients may be text on some rows and integers on others, which pyarrow refuses in one
        column: it says at which row the type changes, and the piece is read in runs of rows of
        one type (one run where there is no change, as nearly always). Where the runs are
        shorter than ``RUN_ROWS`` on average, the piece goes line by line."""
        pa = require_pyarrow()
        both = self.to is not None and self.to != self.message
        view = memoryview(piece)
        integers = self.to_integers
        runs: list = []  # each run's table and whether its recipients are integers
        start = done = 0
        known = False  # the type of the recipients at ``start`` is known, not a guess
        while True:
            try:
                table = self._read(pa, view[start:], integers)
            except pa.ArrowInvalid as exc:
                change = _type_change(str(exc), self.to) if both else None
                if change is None or (change[0] == 0 and known):
                    return None
                row, after = change
                if row:  # the rows before the change, alone
                    end = start + json_row_end(view[start:], row)
                    try:
                        table = self._read(pa, view[start:end], integers)
                    except pa.ArrowInvalid:
                        return None
                    if table.num_rows != row:
                        return None
                    runs.append((table, integers))
                    start, done = end, done + row
                    if done == count:  # the rest is blank lines
                        break
                    if len(runs) * RUN_ROWS > count:  # short runs: each read costs more than their rows
                        return None
                integers, known = after, True
                continue
            runs.append((table, integers))
            done += table.num_rows
            break
        if done != count:  # two objects on a line, say
            return None
        self.to_integers = integers
        messages = _joined(pa, [_array(t.column(self.message)) for t, _ in runs])
        if self.to is None:
            return messages, None
        if not both:
            return messages, messages
        to = [_array(t.column(self.to)) for t, _ in runs]
        # Integers as text, as str() writes them.
        to = [c.cast(pa.string()) if i else c for c, (_, i) in zip(to, runs, strict=True)]
        return messages, _joined(pa, to)

    def _read(self, pa, data, integers: bool):
        """pyarrow's table of the message and recipient columns of ``data``, as one block."""
        import pyarrow.json  # noqa: F401 (a submodule pyarrow does not import itself)

        fields = [(self.message, pa.string())]
        if self.to is not None and self.to != self.message:
            fields.append((self.to, pa.int64() if integers else pa.string()))
        return pa.json.read_json(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pa.json.ReadOptions(use_threads=False, block_size=len(data) + 1),
            parse_options=pa.json.ParseOptions(
                explicit_schema=pa.schema(fields), unexpected_field_behavior="ignore"
            ),
        )

    def by_line(self, piece: bytes, rows: np.ndarray, known: list = ()) -> Block:
        """``piece``'s rows parsed one line at a time by ``json.loads`` (the first ones' values
        ``known`` already)."""
        messages: list = []
        recipients: list = []
        malformed: dict[int, str] = {}
        lines = (line for line in piece.split(b"\n") if line.strip())
        for i, (line, row) in enumerate(zip(lines, rows.tolist(), strict=True)):
            obj = known[i] if i < len(known) else _parse(line)
            if isinstance(obj, RecursionError):  # deeper than Python's parser goes: pyarrow may read it
                read = self.arrow(line, 1)
                if read is not None:
                    messages.append(read[0][0].as_py())
                    recipients.append(None if read[1] is None else read[1][0].as_py())
                    continue
                obj = ValueError("nested too deeply")
            if isinstance(obj, dict):
                messages.append(obj.get(self.message))
                to = obj.get(self.to) if self.to else None
                recipients.append(None if to is None else _text(str(to)))
            else:
                malformed[row] = _malformed(line, obj)
                messages.append(b"")  # not text: error 422
                recipients.append(None)
        return Block(messages, recipients if self.to else None, rows, malformed)


def _type_change(error: str, column: str) -> tuple[int, bool] | None:
    """From pyarrow's error, the row where the recipients ``column`` changes type and whether it
    changes to integers; None for any other error."""
    pattern = rf"Column\(/{re.escape(column)}\) changed from \w+ to (number|string) in row (\d+)"
    found = re.search(pattern, error)
    return (int(found[2]), found[1] == "number") if found else None


def _joined(pa, arrays: list):
    """The runs' columns as one array (the one run's, uncopied)."""
    return arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays)


def _array(column):
    """A column of one chunk (a piece is one block of pyarrow's reader) as that chunk, uncopied."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _text(value: str) -> str:
    """A JSON string as text Arrow can hold: a lone surrogate (``"\\ud800"`` is valid JSON) is
    written as its escape."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _document_start(line: bytes) -> bool:
    """The line opens a JSON array, or an object that goes on over the next lines."""
    line = line.strip()
    return line.startswith(b"[") or line == b"{"


def _malformed(line: bytes, obj: object) -> str:
    """Why a line that is not a JSON object is its row's error."""
    if not isinstance(obj, Exception):
        return "not a JSON object"
    if _lone_cr(line, obj):
        return f"invalid JSON: {obj}: a lone CR (\\r) ends a line here: JSON Lines lines end with \\n"
    return f"invalid JSON: {obj}"


def _lone_cr(line: bytes, error: object) -> bool:
    """The line is JSON values one after another, the first ended by a CR (\\r): lines ended by
    a lone CR, which JSON Lines does not take for a line break (its lines end with \\n, or \\r\\n)."""
    if not isinstance(error, json.JSONDecodeError) or error.msg != "Extra data":
        return False
    before = line.decode("utf-8")[: error.pos]
    return "\r" in before[len(before.rstrip()) :]


def _parse(line: bytes) -> object:
    """One JSON Lines line: its value, or the exception saying why it is not JSON."""
    try:
        # Source has checked the UTF-8; json.loads of bytes would guess UTF-16 from NUL bytes.
        return json.loads(line.decode("utf-8"))
    except (RecursionError, ValueError) as exc:
        exc.__traceback__ = exc.__context__ = None  # kept, not raised: no frames for the collector to walk
        return exc


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
