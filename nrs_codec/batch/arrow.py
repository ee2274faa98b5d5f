"""The soundness of an Arrow array given to ``analyze_many``, proved before anything reads it.

An array built from raw buffers (``pa.Array.from_buffers``, a foreign producer through the C data
interface) is not validated by pyarrow, and neither pyarrow's kernels (``cast``,
``dictionary_decode``) nor the compiled loops (without the GIL, without bounds checks) check what
they read: a view that points past its buffer ends the process. ``validate_arrow`` checks each
layout the batch accepts (``string``, ``large_string``, ``string_view``, dictionary-encoded,
chunked, sliced) with vectorised checks of offsets, views, indices and validity bitmaps against
the buffers' sizes, and any other type with Arrow's own full validation. It does not check UTF-8:
a row that is not UTF-8 is that row's error (422), found by the engine as it reads the row.
"""

from __future__ import annotations

import numpy as np

VIEW_BYTES = 16  # a string_view row: length, prefix, buffer index, offset (int32 each)
INLINE_BYTES = 12  # a view this long or shorter holds its bytes itself


def validate_arrow(array, first: int = 0) -> None:
    """ValueError naming the rows unless ``array`` (an Arrow array or chunked array) is sound, so
    that casting, decoding and reading it stay inside its buffers. ``first`` is the number of its
    first row in the whole input."""
    import pyarrow as pa
    import pyarrow.compute  # noqa: F401  (min_max, for dictionary indices)

    if isinstance(array, pa.ChunkedArray):
        for chunk in array.chunks:
            validate_arrow(chunk, first)
            first += len(chunk)
        return
    n = len(array)
    kind = array.type
    if n == 0 and not pa.types.is_dictionary(kind):  # a dictionary is cast even when no row uses it
        return
    where = f"malformed Arrow array (rows {first} to {first + n - 1})" if n else "malformed Arrow array"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        _check_validity(array, where)
        check_offsets(array, first)
    elif pa.types.is_string_view(kind):
        _check_views(array, first, where)
    elif pa.types.is_dictionary(kind):
        _check_indices(pa, array, where)
        try:
            validate_arrow(array.dictionary)
        except ValueError as exc:
            raise ValueError(f"{where}: its dictionary: {exc}") from None
    else:  # not text: its rows become Python objects, a cost beside which a full check is small
        try:
            array.validate(full=True)
        except pa.ArrowException as exc:
            raise ValueError(f"{where}: {exc}") from None


def _check_validity(array, where: str) -> None:
    """The validity bitmap (read by pyarrow as soon as anything counts the nulls) covers every row."""
    bitmap, needed = array.buffers()[0], array.offset + len(array)
    if bitmap is not None and bitmap.size * 8 < needed:
        raise ValueError(f"{where}: its validity bitmap covers {bitmap.size * 8} rows, {needed} needed")


def check_offsets(chunk, first: int) -> None:
    """ValueError naming the row unless the offsets of a ``string``/``large_string`` array are
    sound: every row's offsets increasing and inside the data buffer (pyarrow checks the first and
    last offsets when it builds the array, not the ones between)."""
    import pyarrow as pa

    n, start = len(chunk), chunk.offset
    if n == 0:
        return
    _, offsets, data = chunk.buffers()[:3]
    dtype = np.dtype(np.int64 if pa.types.is_large_string(chunk.type) else np.int32)
    if offsets is None or offsets.size < (start + n + 1) * dtype.itemsize:
        have = 0 if offsets is None else offsets.size // dtype.itemsize
        raise ValueError(
            f"malformed Arrow array (rows {first} to {first + n - 1}): its offsets buffer holds {have} "
            f"offsets, {start + n + 1} needed"
        )
    bounds = np.frombuffer(offsets, dtype=dtype, count=start + n + 1)[start:]
    size = 0 if data is None else data.size
    bad = (bounds[:-1] < 0) | (bounds[1:] < bounds[:-1]) | (bounds[1:] > size)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"malformed Arrow array: row {first + i} spans bytes {bounds[i]} to {bounds[i + 1]}, which "
            f"are not an increasing range inside its data buffer of {size} bytes"
        )


def _check_views(array, first: int, where: str) -> None:
    """Every row of a ``string_view`` array has a length that is not negative and, when its bytes
    are not inline, names a data buffer that holds them. A null row's view too, unlike in Arrow's
    own validation: ``cast`` reads it (a negative length there ended the process; found by
    ``fuzz/fuzz_arrow.py``)."""
    _check_validity(array, where)
    n, start = len(array), array.offset
    views, *data = array.buffers()[1:]
    if views is None or views.size < (start + n) * VIEW_BYTES:
        have = 0 if views is None else views.size // VIEW_BYTES
        raise ValueError(f"{where}: its views buffer holds {have} views, {start + n} needed")
    fields = np.frombuffer(views, np.int32, count=(start + n) * 4).reshape(-1, 4)[start:].astype(np.int64)
    length, index, offset = fields[:, 0], fields[:, 2], fields[:, 3]
    sizes = np.array([0 if b is None else b.size for b in data] + [0], dtype=np.int64)
    outside = (index < 0) | (index >= len(data))
    size = sizes[np.where(outside, len(data), index)]
    bad = (length < 0) | ((length > INLINE_BYTES) & (outside | (offset < 0) | (offset + length > size)))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"malformed Arrow array: row {first + i}'s view of {length[i]} bytes at offset {offset[i]} "
            f"of data buffer {index[i]} is not inside one of its {len(data)} data buffers "
            f"({', '.join(str(s) for s in sizes[:-1]) or 'none'} bytes)"
        )


def _check_indices(pa, array, where: str) -> None:
    """A dictionary array's indices are a sound integer array, each one not null inside the
    dictionary."""
    indices = array.indices
    try:
        indices.validate(full=True)
    except pa.ArrowException as exc:
        raise ValueError(f"{where}: its indices: {exc}") from None
    extremes = pa.compute.min_max(indices)
    low, high = extremes["min"].as_py(), extremes["max"].as_py()
    size = len(array.dictionary)
    if low is not None and (low < 0 or high >= size):
        bad = low if low < 0 else high
        raise ValueError(f"{where}: index {bad} is outside its dictionary of {size} values")
