"""Batch analysis: ``analyze_many`` results as NumPy columns, and the input adapters both back ends share.

``nrs_codec.analyze_many(texts, encoding="auto", *, allowed=..., keep_graphemes=False, ref16=False,
extra_udh=0, force_shifts=False, workers=1) -> Batch`` is the active back end's (``_core`` or
``_reference``). It takes a list or tuple of ``str``, a NumPy array, a pandas Series, or a pyarrow
``string`` / ``large_string`` array or chunked array, and gives one row out per row in, in order.
A bad row never aborts the batch; its ``error`` column holds the provider's code:

- 104 the value is missing (``None``, NaN, pandas ``NA``, an Arrow null);
- 105 the text needs more than 255 parts (the provider's "text message too long": a
  concatenated SMS cannot address more);
- 113 the encoding (forced, or every one ``auto`` may choose) cannot represent the text;
- 422 the value is not text: not a ``str``, invalid UTF-8 in an Arrow buffer, or a lone surrogate.

A row with an error has ``encoding == NO_ENCODING`` and zeros in every count column. Options that
are wrong for the whole call (an unknown encoding, a bad ``extra_udh``) raise as ``analyze`` does.

The compiled back end reads ``str`` rows through their PEP 393 buffers and Arrow rows straight
from their UTF-8 buffers, without the GIL, over ``workers`` threads. ``keep_graphemes=True`` needs
the Unicode grapheme rules of the ``regex`` module, so that path analyses row by row in Python
(through the compiled ``analyze``) and ignores ``workers``.
"""

from __future__ import annotations

import itertools
import math
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from ._model import EncodingError, InvalidTextError, TooManyPartsError
from ._rules import ENCODINGS

NO_ENCODING = 255
MISSING, TOO_LONG, CODING, INVALID = 104, 105, 113, 422
ERRORS = {
    MISSING: "text message missing",
    TOO_LONG: "text message too long (more than 255 parts)",
    CODING: "invalid coding (the encoding cannot represent the text)",
    INVALID: "not text (not a string, invalid UTF-8 or a lone surrogate)",
}
COLUMNS = {
    "encoding": np.uint8,
    "parts": np.uint16,
    "units": np.uint16,
    "remaining": np.uint16,
    "locking_shift": np.uint8,
    "single_shift": np.uint8,
    "error": np.uint16,
}
# Rows are analysed in tasks of about TASK_ROWS rows: a task's str rows are read (with the GIL)
# and analysed (without it) while they are still in cache, and with several threads one task's
# reading overlaps another's analysis. Below MIN_ROWS_PER_THREAD rows a thread costs more than it
# saves.
MIN_ROWS_PER_THREAD = 2048
TASK_ROWS = 16384


class Batch:
    """Per-row results of ``analyze_many``: read-only NumPy columns of one length.

    ``encoding`` indexes ``nrs_codec.ENCODINGS`` (``NO_ENCODING`` on an error row); ``parts``,
    ``units``, ``remaining``, ``locking_shift`` and ``single_shift`` are what ``analyze`` gives
    for the row; ``error`` is 0 or the provider's error code.
    """

    __slots__ = tuple(COLUMNS)

    def __init__(self, **columns: np.ndarray):
        if set(columns) != set(COLUMNS):
            raise TypeError(f"Batch needs exactly the columns {', '.join(COLUMNS)}")
        lengths = {len(c) for c in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"Batch columns differ in length: {sorted(lengths)}")
        for name, dtype in COLUMNS.items():
            column = np.asarray(columns[name], dtype=dtype)
            column.flags.writeable = False
            object.__setattr__(self, name, column)

    def __setattr__(self, name, value):
        raise AttributeError("Batch is read-only")

    def __len__(self) -> int:
        return len(self.error)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Batch):
            return NotImplemented
        return all(np.array_equal(getattr(self, c), getattr(other, c)) for c in COLUMNS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Batch rows={len(self)} errors={int(np.count_nonzero(self.error))}>"

    def row(self, i: int) -> dict:
        """Row ``i`` as a mapping, with the encoding by name (``None`` on an error row)."""
        out = {c: int(getattr(self, c)[i]) for c in COLUMNS}
        out["encoding"] = encoding_name(out["encoding"])
        return out

    def totals(self) -> Totals:
        """Counts over the rows: encodings, parts histogram, total parts and units, errors."""
        ok = self.error == 0
        enc = np.bincount(self.encoding[ok], minlength=len(ENCODINGS))
        hist = np.bincount(self.parts[ok])
        codes, counts = np.unique(self.error[~ok], return_counts=True)
        return Totals(
            rows=len(self),
            encodings={ENCODINGS[i]: int(n) for i, n in enumerate(enc) if n},
            parts_histogram={p: int(n) for p, n in enumerate(hist) if n},
            total_parts=int(self.parts[ok].sum(dtype=np.int64)),
            total_units=int(self.units[ok].sum(dtype=np.int64)),
            errors={int(c): int(n) for c, n in zip(codes, counts, strict=True)},
        )

    def to_pandas(self, index=None):
        """A pandas DataFrame; ``encoding`` is categorical by name, missing on error rows."""
        import pandas as pd

        data = {c: getattr(self, c) for c in COLUMNS}
        codes = np.where(self.error == 0, self.encoding.astype(np.int16), -1)
        data["encoding"] = pd.Categorical.from_codes(codes, categories=list(ENCODINGS))
        return pd.DataFrame(data, index=index)

    def to_arrow(self):
        """A pyarrow Table; ``encoding`` is dictionary-encoded by name, null on error rows."""
        import pyarrow as pa

        columns = {c: pa.array(getattr(self, c)) for c in COLUMNS}
        indices = pa.array(self.encoding.astype(np.int8), mask=self.error != 0)
        columns["encoding"] = pa.DictionaryArray.from_arrays(indices, pa.array(ENCODINGS))
        return pa.table(columns)


@dataclass(frozen=True)
class Totals:
    """Aggregates of a batch; ``a + b`` combines the totals of two disjoint batches."""

    rows: int = 0
    encodings: dict[str, int] = field(default_factory=dict)
    parts_histogram: dict[int, int] = field(default_factory=dict)
    total_parts: int = 0
    total_units: int = 0
    errors: dict[int, int] = field(default_factory=dict)

    def __add__(self, other: Totals) -> Totals:
        if not isinstance(other, Totals):
            return NotImplemented

        def merged(a: dict, b: dict) -> dict:
            return dict(sorted((Counter(a) + Counter(b)).items()))

        return Totals(
            rows=self.rows + other.rows,
            encodings=merged(self.encodings, other.encodings),
            parts_histogram=merged(self.parts_histogram, other.parts_histogram),
            total_parts=self.total_parts + other.total_parts,
            total_units=self.total_units + other.total_units,
            errors=merged(self.errors, other.errors),
        )


def encoding_name(index: int) -> str | None:
    """The name of an ``encoding`` column value; ``None`` for ``NO_ENCODING``."""
    return None if index == NO_ENCODING else ENCODINGS[index]


def empty_columns(n: int) -> dict[str, np.ndarray]:
    """Writable columns for ``n`` rows, every row without an encoding until it is analysed."""
    cols = {name: np.zeros(n, dtype=dtype) for name, dtype in COLUMNS.items()}
    cols["encoding"].fill(NO_ENCODING)
    return cols


def is_missing(value: object) -> bool:
    """None, a float NaN (NumPy's included), or pandas' NA / NaT."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


def resolve_workers(workers: object) -> int:
    """Threads to use: a positive count, or -1 for every CPU this process may run on."""
    if type(workers) is not int or (workers < 1 and workers != -1):
        raise ValueError(f"workers must be a positive int or -1 (all CPUs), not {workers!r}")
    if workers == -1:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return workers


def ranges(n: int, threads: int) -> list[tuple[int, int]]:
    """``[0, n)`` cut into tasks of about ``TASK_ROWS`` rows, at least one per thread when there
    are rows enough for them."""
    pieces = max(1, min(max(threads, -(-n // TASK_ROWS)), n // MIN_ROWS_PER_THREAD))
    bounds = [n * k // pieces for k in range(pieces + 1)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a] or [(0, 0)]


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
    for chunk in arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]:
        if pa.types.is_dictionary(chunk.type):
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


def fill_per_row(
    cols: dict[str, np.ndarray], values: Iterator[object], analyze: Callable, encoding: str, **options
) -> None:
    """Analyse row by row with ``analyze``, turning each row's failure into its error code."""
    error = cols["error"]
    for i, value in enumerate(values):
        if not isinstance(value, str):
            error[i] = MISSING if is_missing(value) else INVALID
            continue
        try:
            a = analyze(value, encoding, **options)
        except (InvalidTextError, EncodingError, TooManyPartsError) as exc:
            error[i] = exc.code
            continue
        cols["encoding"][i] = ENCODINGS.index(a.encoding)
        cols["parts"][i] = a.parts
        cols["units"][i] = a.units
        cols["remaining"][i] = a.remaining
        cols["locking_shift"][i] = a.locking_shift
        cols["single_shift"][i] = a.single_shift
