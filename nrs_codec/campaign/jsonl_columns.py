"""The rows of a piece of JSON Lines as Arrow columns, read by pyarrow where it reads them as
``json.loads`` reads each line, else by ``json.loads`` (``jsonl_reader`` cuts the pieces and says
what pyarrow refuses). A piece pyarrow refuses at a row it names is read in runs: the rows before
it by pyarrow, that line by ``json.loads``, and the rest again, so a few bad lines among thousands
do not send the whole piece line by line."""

from __future__ import annotations

import json
import re

import numpy as np

from .blocks import Block, require_pyarrow
from .filebytes import json_row_end

# Rows of a run of recipients of one type, on average, below which a piece is cheaper read line by
# line: each run costs two reads by pyarrow, about 130 µs each, and a line by line 2-3 µs.
RUN_ROWS = 200

# Lines of a piece refused alone, each between runs read by pyarrow, before the rest of the piece
# goes line by line: each costs up to two reads of the rest (a piece of 65,536 rows: about 10 ms
# each), where the whole piece line by line costs about 470 ms.
REFUSED_ALONE = 8


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
        ``odd`` lines that do not open with ``{`` and close with ``}`` (a byte order mark, which
        pyarrow skips at a piece's start; no object; an object over two lines, which pyarrow
        reads as one row, as it reads two on one line as two: ``filebytes.json_rows``), line by
        line. ``known``: the values of its first lines
        that are not blank, parsed already. Where pyarrow refuses a row it names, the rows before
        it are read by pyarrow alone, that line by ``json.loads``, and the rest as a piece again,
        for up to ``REFUSED_ALONE`` lines; then the rest line by line."""
        if odd:
            return self.by_line(piece, rows, known)
        view, count = memoryview(piece), len(rows)
        parts: list[Block] = []
        start = done = alone = 0
        while done < count:
            read = self._columns(view[start:], count - done)
            if isinstance(read, tuple):
                parts.append(Block(*read, rows[done:]))
                break
            if read and not known:  # the rows before the one refused
                end = start + json_row_end(view[start:], read)
                head = self._columns(view[start:end], read)
                if isinstance(head, tuple):
                    parts.append(Block(*head, rows[done : done + read]))
                    start, done = end, done + read
                else:
                    read = None
            if read is None or known or alone == REFUSED_ALONE:
                parts.append(self.by_line(bytes(view[start:]), rows[done:], known))
                break
            end = start + json_row_end(view[start:], 1)  # the line refused, alone
            parts.append(self.by_line(bytes(view[start:end]), rows[done : done + 1]))
            start, done, alone = end, done + 1, alone + 1
        return _blocks_joined(parts, rows, bool(self.to))  # as by_line says

    def arrow(self, piece: bytes, count: int):
        """``piece``'s messages and recipients as Arrow columns, where pyarrow reads them as
        ``json.loads`` does and finds ``count`` rows; else None."""
        read = self._columns(piece, count)
        return read if isinstance(read, tuple) else None

    def _columns(self, piece: bytes, count: int):
        """``piece``'s messages and recipients as Arrow columns, where pyarrow reads them as
        ``json.loads`` does and finds ``count`` rows; else the row pyarrow refused (its index
        among the piece's rows), or None where it says none.

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
                    refused = _refused_row(str(exc)) if change is None else 0
                    return None if refused is None else done + refused
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
            obj = known[i] if i < len(known) else parse_line(line)
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


def _refused_row(error: str) -> int | None:
    """The row (from 0) at which pyarrow's error says it stopped, or None."""
    found = re.search(r" in row (\d+)$", error)
    return int(found[1]) if found else None


def _blocks_joined(parts: list[Block], rows: np.ndarray, recipients: bool) -> Block:
    """One block of a piece's parts, in order: as Python values where one was read line by line."""
    if len(parts) == 1:
        return parts[0]
    pa = require_pyarrow()

    def listed(column) -> list:
        return column.to_pylist() if isinstance(column, pa.Array) else column

    messages = [value for part in parts for value in listed(part.messages)]
    to = [value for part in parts for value in listed(part.recipients)] if recipients else None
    return Block(messages, to, rows, {row: why for part in parts for row, why in part.malformed.items()})


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


def _malformed(line: bytes, obj: object) -> str:
    """Why a line that is not a JSON object is its row's error."""
    if not isinstance(obj, Exception):
        return "not a JSON object"
    if lone_cr(line, obj):
        return f"invalid JSON: {obj}: a lone CR (\\r) ends a line here: JSON Lines lines end with \\n"
    return f"invalid JSON: {obj}"


def lone_cr(line: bytes, error: object) -> bool:
    """The line is JSON values one after another, the first ended by a CR (\\r): lines ended by
    a lone CR, which JSON Lines does not take for a line break (its lines end with \\n, or \\r\\n)."""
    if not isinstance(error, json.JSONDecodeError) or error.msg != "Extra data":
        return False
    before = line.decode("utf-8")[: error.pos]
    return "\r" in before[len(before.rstrip()) :]


def parse_line(line: bytes) -> object:
    """One JSON Lines line: its value, or the exception saying why it is not JSON."""
    try:
        # Source has checked the UTF-8; json.loads of bytes would guess UTF-16 from NUL bytes.
        return json.loads(line.decode("utf-8"))
    except (RecursionError, ValueError) as exc:
        exc.__traceback__ = exc.__context__ = None  # kept, not raised: no frames for the collector to walk
        return exc
