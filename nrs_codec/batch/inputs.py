"""The inputs of ``analyze_many`` (lists, tuples, NumPy, pandas, Arrow), adapted the same way for
both back ends: Python objects in sequences, or Arrow ``string`` / ``large_string`` chunks whose
buffers are checked (``arrow.validate_arrow``) before anything reads them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator

import numpy as np

from .arrow import validate_arrow


def _imported(name: str, *attributes: str) -> tuple | None:
    """``attributes`` of the module ``name`` where it is imported already, else None, pandas and
    pyarrow not imported for inputs that cannot be theirs. None too while another thread is still
    importing it (some attributes not there yet): no input can be of its types then."""
    module = sys.modules.get(name)
    if module is None:
        return None
    try:
        return tuple(getattr(module, attribute) for attribute in attributes)
    except AttributeError:
        return None


def is_missing(value: object) -> bool:
    """None, a float NaN (NumPy's included), or pandas' NA / NaT."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    missing = _imported("pandas", "NA", "NaT")
    return missing is not None and any(value is m for m in missing)


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
    arrays = _imported("pyarrow", "Array", "ChunkedArray")
    if arrays is None:
        return None
    pa = sys.modules["pyarrow"]
    if isinstance(texts, arrays):
        arr = texts
    elif hasattr(texts, "__arrow_array__") and _pandas_arrow_backed(texts):
        arr = texts.__arrow_array__()
    else:
        return None
    validate_arrow(arr)  # before anything reads it: casting a malformed view ends the process
    chunks = []
    for chunk in arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]:
        if pa.types.is_dictionary(chunk.type):
            if pa.types.is_string_view(chunk.type.value_type):  # pyarrow cannot take from views
                values = chunk.dictionary.cast(pa.large_string())
                chunk = pa.DictionaryArray.from_arrays(chunk.indices, values)
            chunk = chunk.dictionary_decode()
        if pa.types.is_string_view(chunk.type):
            chunk = chunk.cast(pa.large_string())
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return Rows([arr.to_pylist()], arrow=False)
        chunks.append(chunk)
    return Rows(chunks, arrow=True)


def _pandas_arrow_backed(array) -> bool:
    """A pandas extension array that stores its strings in Arrow."""
    dtype = getattr(array, "dtype", None)
    return getattr(dtype, "storage", None) == "pyarrow" or type(dtype).__name__ == "ArrowDtype"


def rows(texts: object) -> Rows:
    """Adapt any accepted input; TypeError for a ``str`` (one text, not a batch) or a non-iterable."""
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"texts must be a sequence of texts, not a single {type(texts).__name__}")
    pandas = _imported("pandas", "Series", "Index")
    if pandas is not None and isinstance(texts, pandas):
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
