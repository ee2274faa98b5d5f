"""The bytes of campaign files, a chunk at a time: whether they are UTF-8, how many line feeds
they hold, the rows of a piece of JSON Lines, where CSV records end in a piece of a file,
whether CSV text read in chunks ends inside a quoted field, text in a single-byte encoding
(cp1252...) as UTF-8.

The compiled engine does each in one pass without the GIL (``_native/filebytes.h``); the twins
here, in NumPy and Arrow, are the readable statement and run where the engine is not built.
``tests/campaign/test_filebytes.py`` holds the two to the same answers. Each function takes
``twin=True`` to run the twin.
"""

from __future__ import annotations

import functools

import numpy as np

from ..core.engine import compiled

QUOTE = ord('"')
NEWLINE = ord("\n")
BLANK = b" \t\r\x0b\x0c"  # what bytes.strip() strips within a line: a JSON Lines line of only these is blank


def utf8_valid(data: bytes, end: int, *, twin: bool = False) -> bool:
    """``data[:end]`` is well-formed UTF-8 (a sequence cut by ``end`` is not)."""
    if compiled is not None and not twin:
        return compiled.utf8_upto(data, end) == end
    import pyarrow as pa  # Arrow's validator: several times faster than decoding

    offsets = pa.py_buffer(np.array([0, end], dtype=np.int64))
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def line_ends(data: bytes, *, twin: bool = False) -> int:
    """The line feeds in ``data``."""
    return _count(data, NEWLINE, twin)


def _count(data: bytes, byte: int, twin: bool) -> int:
    if compiled is not None and not twin:
        return compiled.count_byte(data, byte)
    return int(np.count_nonzero(np.frombuffer(data, np.uint8) == byte))  # 3x bytes.count


def json_rows(data: bytes, *, twin: bool = False) -> tuple[int, int]:
    """The rows of a piece of JSON Lines: its lines (split at line feeds, a last one without one
    too) that are not blank, blank being ``bytes.strip``'s whitespace only; and how many of them
    do not open with ``{`` and close with ``}``, that whitespace around them. Where each line does
    (and no JSON string holds a line break), every line break lies between two objects: ``}``
    then ``{`` is found nowhere else in JSON, so a reader of objects (pyarrow) that finds as
    many objects as lines finds one a line, none spread over two to make up for two on one. The
    twin looks only at the lines that do not start with ``{`` and end with ``}``, as nearly all do."""
    if compiled is not None and not twin:
        return compiled.json_rows(data)
    buf = np.frombuffer(data, np.uint8)
    if not len(buf):
        return 0, 0
    breaks = np.flatnonzero(buf == NEWLINE)
    starts, ends = np.append(0, breaks + 1), np.append(breaks, len(buf))  # each line, its end excluded
    held = ends > starts
    plain = held.copy()
    plain[held] = (buf[starts[held]] == ord("{")) & (buf[ends[held] - 1] == ord("}"))
    blank = odd = 0
    for start, end in zip(starts[~plain].tolist(), ends[~plain].tolist(), strict=True):
        line = bytes(data[start:end]).strip(BLANK)
        blank += not line
        odd += bool(line) and not (line.startswith(b"{") and line.endswith(b"}"))
    return len(starts) - blank, odd


def json_row_end(data: bytes, k: int, *, twin: bool = False) -> int:
    """Where the ``k``-th row of a piece of JSON Lines (its ``k``-th line that is not blank) ends:
    after its line feed, or at the end of ``data`` for a last line without one or fewer rows."""
    if compiled is not None and not twin:
        return compiled.json_row_end(data, k)
    at = 0
    for line in bytes(data).split(b"\n"):
        if k <= 0:
            break
        k -= bool(line.strip(BLANK))
        at = min(len(data), at + len(line) + 1)
    return at


@functools.lru_cache(maxsize=16)
def single_byte_table(encoding: str) -> tuple[bytes, bool] | None:
    """For a single-byte encoding (cp1252, latin-1, the ISO 8859 and the DOS, Windows and Mac code
    pages: Python's charmap codecs), the UTF-8 of each byte's character, four bytes a byte (its
    length, 0 for a byte without one, then up to three bytes), and whether ASCII stays as it is;
    None for any other encoding."""
    import codecs
    import sys

    info = codecs.lookup(encoding)
    if info.name == "iso8859-1":
        chars = "".join(map(chr, range(256)))
    else:
        chars = getattr(sys.modules.get(info.incrementaldecoder.__module__), "decoding_table", None)
        if not isinstance(chars, str) or len(chars) != 256:
            return None
    table = bytearray(1024)
    for byte, char in enumerate(chars):
        if char != "\ufffe":  # a charmap codec's mark of a byte without a character
            utf8 = char.encode("utf-8", "surrogatepass")
            table[4 * byte] = len(utf8)
            table[4 * byte + 1 : 4 * byte + 1 + len(utf8)] = utf8
    return bytes(table), chars[:128] == "".join(map(chr, range(128)))


def transcode_bytes(data: bytes, table: bytes, ascii_same: bool, *, twin: bool = False) -> bytes | None:
    """``data``, text in a single-byte encoding, as UTF-8 through ``single_byte_table``'s table;
    None where a byte has no character (then the codec says which and where)."""
    if compiled is not None and not twin:
        return compiled.transcode_bytes(data, table, ascii_same)
    out = bytearray()
    for byte in bytes(data):
        length = table[4 * byte]
        if not length:
            return None
        out += table[4 * byte + 1 : 4 * byte + 1 + length]
    return bytes(out)


def csv_records(
    data: bytes, delimiter: int, at_end: bool, *, twin: bool = False
) -> list[tuple[int, bool, int | None, int | None]]:
    """For each state ``data`` may start in (at a record's start, inside a quoted field): the CSV
    records that end in it (blank lines are none; with ``at_end``, a last line without a line
    break is one), whether it ends inside a quoted field, and where its first and its last line
    break outside quotes end (None: there is none).

    Quotes are followed as pyarrow's parser does. Only a run of quotes of odd length changes the
    state: outside a quoted field, one at a field's start (after a delimiter or line break) opens
    one, one elsewhere is a character; inside, any closes it. So after a closing run the state is
    known, and between two such the opening runs alternate the state: the twin has no loop over
    the quotes. A line feed, a carriage return, or the two together end a record."""
    if compiled is not None and not twin:
        return compiled.csv_records(data, delimiter, at_end)
    data = bytes(data)  # a memoryview too
    buf = np.frombuffer(data, dtype=np.uint8)
    starts, lengths, opens = _quote_runs(buf, delimiter, 0, True)
    odd = lengths % 2 == 1
    run_start, opens = starts[odd], opens[odd]
    k = np.arange(len(run_start))
    last_closing = np.maximum.accumulate(np.where(opens, -1, k)) if len(k) else k
    flips = (k - last_closing) % 2 == 1  # opening runs since the last closing one: odd
    carried = last_closing < 0  # no closing run yet: the state depends on the start's
    if data.find(b"\r") >= 0:
        ends = np.flatnonzero((buf == 10) | (buf == 13))
        crlf = (buf[ends] == 10) & (ends > 0) & (buf[np.maximum(ends - 1, 0)] == 13)
        ends = ends[~crlf]  # "\r\n" is one line break, at its "\r"
    else:
        ends = np.flatnonzero(buf == 10)
    which = np.searchsorted(run_start, ends)  # odd runs before each line break
    found = []
    for inside in (False, True):
        state_after = (flips ^ (carried & inside)) & opens
        states = np.r_[inside, state_after]  # before any odd run, then after each
        out = ends[~states[which]]
        widths = 1 + (
            (buf[out] == 13) & (buf[np.minimum(out + 1, len(buf) - 1)] == 10) & (out + 1 < len(buf))
        )
        line_start = np.r_[-1 if inside else 0, out[:-1] + widths[:-1]]
        records = int(np.count_nonzero(out > line_start))
        last = bool(states[-1])
        tail = int(out[-1] + widths[-1]) if len(out) else (-1 if inside else 0)
        if at_end and not last and len(buf) > tail:
            records += 1  # a last line without a line break (the reader adds one)
        ends_at = (int(out[0] + widths[0]), tail) if len(out) else (None, None)
        found.append((records, last, *ends_at))
    return found


def csv_quote_carry(data: bytes, delimiter: int, carry: int, *, twin: bool = False) -> int:
    """The quote state after ``data``, the next chunk of CSV text after those that left ``carry``
    (0 at the text's start, or at a record's), the quotes followed as ``csv_records`` follows
    them: bit 0, inside a quoted field; bit 1, the chunk ends in a run of quotes whose effect
    waits for the next (bit 2: of odd length, bit 3: begun at a field's start); bit 4, without
    bit 1, its last byte is not a field's start. ``csv_quote_end`` says whether the text ends
    inside a quoted field."""
    if compiled is not None and not twin:
        return compiled.csv_quote_carry(data, delimiter, carry)
    buf = np.frombuffer(data, dtype=np.uint8)
    n = len(buf)
    if not n:
        return carry
    inside = bool(carry & 1)
    i = 0
    if carry & 2:  # the run the chunk before ended in goes on here
        other = np.flatnonzero(buf != QUOTE)
        if not len(other):
            return (carry & 15) ^ ((n & 1) << 2)  # bit 4 says nothing while a run is pending
        i = int(other[0])
        if ((carry >> 2) ^ i) & 1:
            inside = bool(carry & 8) and not inside
    starts, lengths, opens = _quote_runs(buf, delimiter, i, not carry & 16)
    pending = len(starts) and starts[-1] + lengths[-1] == n
    judged = slice(0, -1) if pending else slice(None)
    odd = lengths[judged] % 2 == 1
    flips = opens[judged][odd]
    closing = np.flatnonzero(~flips)
    if len(closing):  # a run that does not open closes: the state is known after the last one
        inside = bool(np.count_nonzero(flips[closing[-1] + 1 :]) % 2)
    else:
        inside ^= bool(np.count_nonzero(flips) % 2)
    if pending:
        return int(inside) | 2 | (int(lengths[-1] % 2) << 2) | (int(opens[-1]) << 3)
    last = buf[-1]
    return int(inside) | (0 if last in (delimiter, NEWLINE, 13) else 16)


def _quote_runs(buf: np.ndarray, delimiter: int, begin: int, first_opens: bool):
    """The runs of quotes in ``buf[begin:]``: where each starts, its length, and whether it starts
    a field (after the delimiter or a line break; one at ``buf``'s start: ``first_opens``)."""
    quotes = np.flatnonzero(buf[begin:] == QUOTE) + begin
    first = np.r_[True, np.diff(quotes) != 1] if len(quotes) else np.zeros(0, dtype=bool)
    starts = quotes[first]
    lengths = np.diff(np.r_[np.flatnonzero(first), len(quotes)])
    before = buf[np.maximum(starts - 1, 0)]
    opens = np.where(starts == 0, first_opens, (before == delimiter) | (before == NEWLINE) | (before == 13))
    return starts, lengths, opens


def csv_quote_end(carry: int) -> bool:
    """Whether CSV text whose chunks left ``carry`` (``csv_quote_carry``) ends inside a quoted field."""
    inside = bool(carry & 1)
    if carry & 2 and carry & 4:  # a last run of odd length
        inside = bool(carry & 8) and not inside
    return inside
