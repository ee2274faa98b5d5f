"""The inputs of ``analyze_many`` (lists, tuples, NumPy, pandas, Arrow), adapted the same way for
both back ends: Python objects in sequences, or Arrow ``string`` / ``large_string`` chunks whose
buffers are checked before the compiled kernel reads them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator

import numpy as np


def is_missing(value: object) -> bool:
    """None, a float NaN (NumPy's included), or pandas' NA / NaT."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


class Rows:
    """The rows of an ``analyze_many`` input, as Arrow ``string``/``large_string`` chunks
    (``arrow`` is true) or as sequences of Python objects."""

    def __init__(self, chunks: list, arrow: bool):
        self.chunks = chunks
        self.arrow = arrow

    def __len__(self) -> int:
        return sum(len(c) for c in self.chunks)

    def values(self) -> Iterator[object]:
        """Every row as a Python object; Arrow rows that are not valid UTF-8 come as ``bytes``."""
        if not self.arrow:
            for chunk in self.chunks:
                yield from chunk
            return
        import pyarrow as pa

        for chunk in self.chunks:
            binary = pa.large_binary() if is_large(chunk) else pa.binary()
            for raw in chunk.view(binary).to_pylist():
                if raw is None:
                    yield None
                    continue
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield raw


def is_large(array) -> bool:
    """True for an Arrow ``large_string`` array (64-bit offsets)."""
    import pyarrow as pa

    return pa.types.is_large_string(array.type) or pa.types.is_large_binary(array.type)


def _from_arrow(texts) -> Rows | None:
    """The rows of ``texts`` when it is (or wraps) an Arrow array, else None. String chunks are
    kept as Arrow; a column of another type gives Python objects (each row then fails as not
    text, or as missing where null)."""
    pa = sys.modules.get("pyarrow")
    if pa is None:
        return None
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        arr = texts
    elif hasattr(texts, "__arrow_array__") and _pandas_arrow_backed(texts):
        arr = texts.__arrow_array__()
    else:
        return None
    chunks = []
    first = 0
    for chunk in arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]:
        if pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_decode()
        if pa.types.is_string_view(chunk.type):
            chunk = chunk.cast(pa.large_string())
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return Rows([arr.to_pylist()], arrow=False)
        check_buffers(chunk, first)
        chunks.append(chunk)
        first += len(chunk)
    return Rows(chunks, arrow=True)


def check_buffers(chunk, first: int) -> None:
    """ValueError naming the row unless the offsets and validity bitmap of an Arrow string array
    are sound: every row's offsets increasing and inside the data buffer. The compiled loops read
    the buffers without the GIL and without bounds checks, and pyarrow's own readers trust them,
    so an array built from raw buffers is checked before anything reads it. ``first`` is the
    number of the array's first row in the whole input."""
    n, start = len(chunk), chunk.offset
    if n == 0:
        return
    validity, offsets, data = chunk.buffers()[:3]
    dtype = np.int64 if is_large(chunk) else np.int32
    where = f"malformed Arrow array (rows {first} to {first + n - 1})"
    if offsets is None or offsets.size < (start + n + 1) * np.dtype(dtype).itemsize:
        have = 0 if offsets is None else offsets.size // np.dtype(dtype).itemsize
        raise ValueError(f"{where}: its offsets buffer holds {have} offsets, {start + n + 1} needed")
    if validity is not None and validity.size * 8 < start + n:
        raise ValueError(f"{where}: its validity bitmap covers {validity.size * 8} rows, {start + n} needed")
    bounds = np.frombuffer(offsets, dtype=dtype, count=start + n + 1)[start:]
    size = 0 if data is None else data.size
    bad = (bounds[:-1] < 0) | (bounds[1:] < bounds[:-1]) | (bounds[1:] > size)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"malformed Arrow array: row {first + i} spans bytes {bounds[i]} to {bounds[i + 1]}, which "
            f"are not an increasing range inside its data buffer of {size} bytes"
        )


def _pandas_arrow_backed(array) -> bool:
    """A pandas extension array that stores its strings in Arrow."""
    dtype = getattr(array, "dtype", None)
    return getattr(dtype, "storage", None) == "pyarrow" or type(dtype).__name__ == "ArrowDtype"


def rows(texts: object) -> Rows:
    """Adapt any accepted input; TypeError for a ``str`` (one text, not a batch) or a non-iterable."""
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"texts must be a sequence of texts, not a single {type(texts).__name__}")
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(texts, (pd.Series, pd.Index)):
        from_arrow = _from_arrow(texts.array)
        if from_arrow is not None:
            return from_arrow
        return Rows([texts.to_numpy(dtype=object)], arrow=False)
    from_arrow = _from_arrow(texts)
    if from_arrow is not None:
        return from_arrow
    if isinstance(texts, np.ndarray):
        if texts.ndim != 1:
            raise TypeError(f"texts must be one-dimensional, not a {texts.ndim}-d array")
        return Rows([texts if texts.dtype == object else texts.astype(object)], arrow=False)
    if isinstance(texts, (list, tuple)):
        return Rows([texts], arrow=False)
    if not hasattr(texts, "__iter__"):
        raise TypeError(f"texts must be a sequence of texts, not {type(texts).__name__}")
    return Rows([list(texts)], arrow=False)
