"""``analyze_many``'s results: read-only NumPy columns (``Batch``) and their aggregates (``Totals``).

A row with an error has ``encoding == NO_ENCODING`` and zeros in every count column; its ``error``
column holds the provider's code, and ``ROW_REASONS`` says why a row gets it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .._extras import hint
from ..core import codes
from ..core.rules import ENCODINGS

NO_ENCODING = 255
MISSING, TOO_LONG, CODING, INVALID = (
    codes.TEXT_MISSING,
    codes.TEXT_TOO_LONG,
    codes.INVALID_CODING,
    codes.INPUT_VALIDATION,
)
ROW_REASONS = {
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


def _rebuild_batch(columns: dict[str, np.ndarray]) -> Batch:
    return Batch(**columns)


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
            # A read-only view: the caller's own array, when it needs no conversion, stays writable.
            column = np.asarray(columns[name], dtype=dtype).view()
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

    def __reduce__(self):
        # Read-only slots: pickle (multiprocessing, Dask) rebuilds through the constructor.
        return (_rebuild_batch, ({name: getattr(self, name) for name in COLUMNS},))

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
        if ok.all():  # the usual block: no row to leave out, no copy of a column
            encoding, parts, units, codes, counts = self.encoding, self.parts, self.units, (), ()
        else:
            encoding, parts, units = self.encoding[ok], self.parts[ok], self.units[ok]
            codes, counts = np.unique(self.error[~ok], return_counts=True)
        enc = np.bincount(encoding, minlength=len(ENCODINGS))
        hist = np.bincount(parts)
        return Totals(
            rows=len(self),
            encodings={ENCODINGS[i]: int(n) for i, n in enumerate(enc) if n},
            parts_histogram={p: int(n) for p, n in enumerate(hist) if n},
            total_parts=int(hist @ np.arange(len(hist))),  # the histogram's parts: no second pass
            total_units=int(units.sum(dtype=np.int64)),
            errors={int(c): int(n) for c, n in zip(codes, counts, strict=True)},
        )

    def to_pandas(self, index=None):
        """A pandas DataFrame; ``encoding`` is categorical by name, missing on error rows."""
        try:
            import pandas as pd
        except ModuleNotFoundError as exc:  # no extra holds it: a DataFrame is the caller's choice
            said = "Batch.to_pandas needs pandas: pip install pandas"
            raise ModuleNotFoundError(said, name=exc.name) from exc

        data = {c: getattr(self, c) for c in COLUMNS}
        codes = np.where(self.error == 0, self.encoding.astype(np.int16), -1)
        data["encoding"] = pd.Categorical.from_codes(codes, categories=list(ENCODINGS))
        return pd.DataFrame(data, index=index)

    def to_arrow(self):
        """A pyarrow Table; ``encoding`` is dictionary-encoded by name, null on error rows."""
        try:
            import pyarrow as pa
        except ModuleNotFoundError as exc:
            raise hint(exc, "Batch.to_arrow") or exc from exc

        from .._columns import from_numpy, strings

        # From their buffers: pyarrow.array would import pandas.
        columns = {c: from_numpy(getattr(self, c)) for c in COLUMNS}
        indices = from_numpy(self.encoding.astype(np.int8), valid=self.error == 0)
        columns["encoding"] = pa.DictionaryArray.from_arrays(indices, strings(ENCODINGS))
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
