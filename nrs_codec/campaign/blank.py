"""Messages the provider answers otherwise than ``analyze_many``: text that is empty or only
whitespace (missing to the provider), and a float NaN (no text to the provider).

Pre-flight answers 104 for a message that is missing, empty or "only blanks" (``not
text.strip()``, Python's whitespace: ``provider.fields.message``); ``analyze_many`` answers 104
only for a missing value (None, null), and counts an empty or blank message as text of one part.
The check asks what the provider would answer, so those rows become missing rows (``as_missing``)
before a block is accounted, in every input format alike.

Found a column at a time (``blank_rows``): by the compiled engine in one pass, nearly every row
decided by its first byte; its twin here, NumPy and Arrow: a blank message starts with a
whitespace character, whose UTF-8 starts with one of ``_WHITESPACE_LEADS``, and the few rows that
do (or are empty) are read by Arrow's ``utf8_is_space``, whose whitespace is Python's code point
for code point (a test holds the two to it over every code point).

``analyze_many`` takes a float NaN for a missing value (104), as pandas writes one; in a campaign
file it is a number (``NaN`` in JSON Lines, a value of a Parquet column of floats), which pre-flight
answers 422, "message must be a string, not number", as any other number: such rows are made
422 too (``not_null``), the rows a null leaves missing staying 104.
"""

from __future__ import annotations

import numpy as np

from .._columns import from_numpy, to_bool, to_ints
from ..batch.results import CODING, COLUMNS, MISSING, NO_ENCODING, TOO_LONG, Batch
from ..core.engine import compiled

# The first bytes of the UTF-8 of Python's whitespace: \t \n \v \f \r, \x1c-\x1f and the space;
# U+0085 and U+00A0 (0xC2), U+1680 (0xE1), U+2000-U+205F (0xE2), U+3000 (0xE3).
_WHITESPACE_LEADS = np.zeros(256, dtype=bool)
_WHITESPACE_LEADS[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]] = True

_OFFSETS = {"string": np.int32, "binary": np.int32, "large_string": np.int64, "large_binary": np.int64}


def blank_rows(pa, messages, text: np.ndarray) -> np.ndarray:
    """The rows whose message is empty or only whitespace, of those ``text`` marks (a mask: the
    rows whose message ``analyze_many`` found to be text). ``messages`` as ``analyze_many`` takes
    them: a list, or an Arrow array or chunked array of text (plain, large, view or
    dictionary-encoded, or binary)."""
    if not text.any():
        return np.zeros(0, dtype=np.int64)
    if not isinstance(messages, (pa.Array, pa.ChunkedArray)):
        return np.array([i for i in np.flatnonzero(text).tolist() if _blank(messages[i])], dtype=np.int64)
    if isinstance(messages, pa.ChunkedArray):  # chunk by chunk: the text is not copied
        found, at = [np.zeros(0, dtype=np.int64)], 0
        for chunk in messages.chunks:
            found.append(blank_rows(pa, chunk, text[at : at + len(chunk)]) + at)
            at += len(chunk)
        return np.concatenate(found)
    if pa.types.is_dictionary(messages.type):
        values = messages.dictionary
        blank = np.zeros(len(values), dtype=bool)
        blank[blank_rows(pa, values, np.ones(len(values), dtype=bool))] = True
        indices = to_ints(messages.indices)  # a null's index is never read: it is no text
        return np.flatnonzero(text & blank[np.where(text, indices, 0)])
    if str(messages.type) not in _OFFSETS:  # string_view, binary_view: as large strings
        binary = pa.types.is_binary_view(messages.type)
        messages = messages.cast(pa.large_binary() if binary else pa.large_string())
    return _blank_offsets(pa, messages, text)


def _blank_offsets(pa, messages, text: np.ndarray) -> np.ndarray:
    """``blank_rows`` of an array of offsets into its data: in one pass of the engine (32-bit
    offsets), else the rows that are empty or start with a whitespace byte, then those of them
    that Arrow finds whitespace to their end."""
    import pyarrow.compute as pc

    kind = _OFFSETS[str(messages.type)]
    _, offsets, data = messages.buffers()[:3]
    offsets = np.frombuffer(offsets, kind)[messages.offset : messages.offset + len(messages) + 1]
    data = np.frombuffer(data, np.uint8) if data is not None and data.size else np.zeros(1, np.uint8)
    if compiled is not None and kind is np.int32:
        blank = np.empty(len(messages), dtype=np.uint8)
        compiled.blank_rows_mask(offsets, data, np.ascontiguousarray(text, dtype=bool).view(np.uint8), blank)
        return np.flatnonzero(blank)
    starts = offsets[:-1]
    empty = offsets[1:] == starts
    leads = _WHITESPACE_LEADS[data[np.minimum(starts, len(data) - 1)]]
    maybe = np.flatnonzero(text & leads & ~empty)
    if len(maybe):
        kind = pa.large_string() if kind is np.int64 else pa.string()
        taken = messages.take(from_numpy(maybe)).view(kind)  # text: analyze_many found it so
        maybe = maybe[to_bool(pc.utf8_is_space(taken))]
    return np.union1d(np.flatnonzero(text & empty), maybe)


def _blank(value) -> bool:
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value).decode("utf-8")
    elif not isinstance(value, str):  # a pyarrow scalar
        value = value.as_py()
        value = value.decode("utf-8") if isinstance(value, bytes) else value
    return not value.strip()


def read_as_text(batch: Batch) -> np.ndarray:
    """The rows whose message ``analyze_many`` read as text: those without an error, and those
    whose text it could not send (105: more than 255 parts, 113: not in the encoding asked), which
    pre-flight too answers 104 when the text is blank: the message is checked before its
    encoding. Not the rows missing already (104) nor those that are no text (422)."""
    return np.isin(batch.error, (0, TOO_LONG, CODING))


def not_null(pa, messages, batch: Batch) -> np.ndarray:
    """The rows ``analyze_many`` found missing (104) whose message is not null: a float NaN,
    which it takes for a missing value and pre-flight for a number. A column of text has none."""
    rows = np.flatnonzero(batch.error == MISSING)
    if not len(rows):
        return rows
    if not isinstance(messages, (pa.Array, pa.ChunkedArray)):
        return rows[np.fromiter((messages[i] is not None for i in rows.tolist()), bool, len(rows))]
    kind = messages.type.value_type if pa.types.is_dictionary(messages.type) else messages.type
    if not pa.types.is_floating(kind):  # only floats are NaN: a null is the only missing value
        return np.zeros(0, dtype=np.int64)
    present = messages.take(from_numpy(rows)).is_valid()
    if isinstance(present, pa.ChunkedArray):
        present = present.combine_chunks()
    return rows[to_bool(present)]


def as_missing(batch: Batch, rows: np.ndarray) -> Batch:
    """``batch`` with ``rows`` as ``analyze_many`` gives a missing message: no encoding, no
    parts or units, error 104."""
    return with_error(batch, rows, MISSING)


def with_error(batch: Batch, rows: np.ndarray, code: int) -> Batch:
    """``batch`` with ``rows`` as ``analyze_many`` gives a message it cannot send: no encoding,
    no parts or units, error ``code``."""
    if not len(rows):
        return batch
    columns = {name: getattr(batch, name).copy() for name in COLUMNS}
    for column in columns.values():
        column[rows] = 0
    columns["encoding"][rows] = NO_ENCODING
    columns["error"][rows] = code
    return Batch(**columns)
