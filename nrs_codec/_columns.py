"""Arrow arrays from NumPy columns and Python values, built from their buffers.

``pyarrow.array`` asks pandas whether its argument is a pandas object, importing pandas (about
0.2 s) the first time it is called, and so does ``Schema.empty_table``; a campaign check with
recipients needs no pandas, so its columns (and its tables of no rows) are made here instead:
NumPy's memory handed to Arrow as is (no copy), strings and decimals laid out as Arrow lays them
out.
"""

from __future__ import annotations

import numpy as np


def validity(pa, present: np.ndarray | None):
    """An Arrow validity bitmap of ``present`` (None where every row is present)."""
    if present is None or present.all():
        return None
    return pa.py_buffer(np.packbits(present, bitorder="little").tobytes())


def no_rows(pa, schema):
    """A table of ``schema`` with no rows."""
    return pa.Table.from_batches([], schema)


def from_numpy(values: np.ndarray, valid: np.ndarray | None = None):
    """A pyarrow array over a 1-d NumPy array of numbers or booleans; ``valid`` false where the
    row is null."""
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    if values.dtype == np.bool_:
        data = pa.py_buffer(np.packbits(values, bitorder="little").tobytes())
        kind = pa.bool_()
    else:
        data, kind = pa.py_buffer(values), pa.from_numpy_dtype(values.dtype)
    return pa.Array.from_buffers(kind, len(values), [validity(pa, valid), data])


def strings(values, errors: str = "strict") -> object:
    """A pyarrow string array of Python ``str`` values (None for null); ``errors`` as
    ``str.encode`` takes it, for a lone surrogate (no UTF-8 holds one): "replace" writes ``?``."""
    import pyarrow as pa

    values = list(values)
    data = [b"" if v is None else v.encode("utf-8", errors) for v in values]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in data], out=offsets[1:])
    present = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    buffers = [validity(pa, present), pa.py_buffer(offsets), pa.py_buffer(b"".join(data))]
    return pa.Array.from_buffers(pa.string(), len(data), buffers)


def decimal_words(units: list[int]) -> np.ndarray:
    """Decimal values as Arrow lays out decimal128, from their ``units`` (each value times ten to
    the type's scale, an exact integer): a row of two little-endian 64-bit words each (an array
    of shape ``(len(units), 2)``)."""
    raw = b"".join(unit.to_bytes(16, "little", signed=True) for unit in units)
    return np.frombuffer(raw, dtype=np.int64).reshape(-1, 2)


def string_buffers(array) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
    """A pyarrow ``string`` array's buffers for the engine's passes over it: the rows' offsets
    (int32, one more than the rows, into the data), the data bytes (at least one), the validity
    bitmap (None without nulls) and the bit of the first row in it."""
    n = len(array)
    validity, offsets, data = array.buffers()
    starts = np.zeros(1, np.int32)
    if n:
        starts = np.frombuffer(offsets, np.int32)[array.offset : array.offset + n + 1]
    data = np.frombuffer(data, np.uint8) if data is not None and data.size else np.zeros(1, np.uint8)
    return starts, data, validity_bits(array), array.offset


def validity_bits(array) -> np.ndarray | None:
    """A pyarrow array's validity bitmap as bytes (its first row at bit ``array.offset``), or None
    where no row is null."""
    validity = array.buffers()[0]
    return np.frombuffer(validity, np.uint8) if validity is not None and array.null_count else None


def _bits(buffer, offset: int, n: int) -> np.ndarray:
    return np.unpackbits(np.frombuffer(buffer, np.uint8), bitorder="little")[offset : offset + n].view(bool)


def to_bool(array) -> np.ndarray:
    """A NumPy bool array of a pyarrow boolean array, null read as false (``fill_null`` would
    make a pyarrow scalar, which imports pandas too)."""
    validity, data = array.buffers()[:2]
    bits = _bits(data, array.offset, len(array)).copy()
    if validity is not None and array.null_count:
        bits &= _bits(validity, array.offset, len(array))
    return bits


def to_ints(array, dtype=np.int64) -> np.ndarray:
    """A NumPy integer array of a pyarrow integer array, null read as 0."""
    validity, data = array.buffers()[:2]
    end = array.offset + len(array)  # the buffer may run on past the rows, by any padding
    out = np.frombuffer(data, array.type.to_pandas_dtype(), count=end)[array.offset :].astype(dtype)
    if validity is not None and array.null_count:
        out[~_bits(validity, array.offset, len(array))] = 0
    return out
