"""Batch checks beyond one machine: ``analyze_many`` over the partitions of a Dask collection.

Each partition is analysed where it lives, on whichever worker of a ``dask.distributed`` cluster
(or the local scheduler) holds it; only results travel. Needs the ``[dask]`` extra;
Dask is imported when a helper is called, never by ``import nrs_codec``.

- ``analyze_column(series, encoding="auto", **options)`` gives a lazy Dask DataFrame with the
  ``Batch`` columns (``encoding`` by name), one row per row of ``series``, on its index.
- ``totals(series, encoding="auto", **options)`` computes the campaign's ``Totals`` (rows,
  encodings, parts histogram, total parts and units, errors): each partition reduces to its own
  totals on its worker, and the small results are added up.

``options`` are ``analyze_many``'s (``allowed``, ``keep_graphemes``, ``ref16``, ``extra_udh``,
``force_shifts``, ``workers`` for threads inside each task).
"""

from __future__ import annotations

import numpy as np

from ..core.rules import ENCODINGS
from .results import COLUMNS, Totals


def _analyze_partition(part, encoding: str, options: dict):
    from .many import analyze_many

    return analyze_many(part, encoding, **options).to_pandas(index=part.index)


def _totals_of(part, encoding: str, options: dict) -> Totals:
    from .many import analyze_many

    return analyze_many(part, encoding, **options).totals()


def _meta():
    import pandas as pd

    meta = {name: np.zeros(0, dtype=dtype) for name, dtype in COLUMNS.items()}
    meta["encoding"] = pd.Categorical.from_codes([], categories=list(ENCODINGS))
    return pd.DataFrame(meta)


def analyze_column(series, encoding: str = "auto", **options):
    """Per-row results of a Dask Series of messages, as a lazy Dask DataFrame."""
    return series.map_partitions(_analyze_partition, encoding, options, meta=_meta())


def totals(series, encoding: str = "auto", **options) -> Totals:
    """The totals over a Dask Series of messages, computed partition by partition."""
    import dask

    tasks = [dask.delayed(_totals_of)(part, encoding, options) for part in series.to_delayed()]
    return sum(dask.compute(*tasks), Totals())
