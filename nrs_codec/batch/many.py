"""``analyze_many``: ``analyze`` on every row of a batch, one row out per row in, in order.

Batch owns the threads and the input adapters; the engine below owns the rules. With the compiled
engine, rows go through its row kernel (``row_plan``, ``str_rows``, ``arrow_rows``) over the
shared worker threads; with the reference (or ``keep_graphemes``, whose grapheme rules come from
the ``regex`` module) each row goes through the engine's ``analyze``. Either way a row's failure
becomes its provider error code and never aborts the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from types import ModuleType

import numpy as np

from ..core import engine as _engine
from ..core import reference as _reference
from ..core.results import EncodingError, InvalidTextError, TooManyPartsError
from ..core.rules import DEFAULT_ALLOWED, ENCODINGS, Options
from . import threads
from .inputs import Rows, is_large, is_missing, rows
from .results import INVALID, MISSING, Batch, empty_columns


def analyze_many(
    texts: object,
    encoding: str = "auto",
    *,
    allowed: Iterable[str] = DEFAULT_ALLOWED,
    keep_graphemes: bool = False,
    ref16: bool = False,
    extra_udh: int = 0,
    force_shifts: bool = False,
    workers: int = 1,
) -> Batch:
    """``analyze`` on every row of ``texts``, one row out per row in, in order.

    ``texts`` is a list or tuple of ``str``, a NumPy array, a pandas Series, or a pyarrow
    ``string`` / ``large_string`` / ``string_view`` / dictionary (chunked) array. The options are
    ``analyze``'s; ``workers`` threads share the rows (``-1``: every CPU). Returns a ``Batch`` of
    NumPy columns (``encoding`` as an index into ``ENCODINGS``, ``parts``, ``units``,
    ``remaining``, ``locking_shift``, ``single_shift``, ``error``).

    A bad row never aborts the batch: its ``error`` is the provider's code, 104 (missing), 105
    (more than 255 parts), 113 (no encoding can carry it) or 422 (not text). Options that are
    wrong for the whole call raise as ``analyze`` does.

    >>> b = analyze_many(["Olá", None, "ж" * 71])
    >>> b.parts.tolist(), b.error.tolist()
    ([1, 0, 2], [0, 104, 0])
    """
    engine = _engine.compiled if _engine.compiled is not None else _reference
    # Bad options fail the call, not rows.
    options = Options.of(encoding, allowed, keep_graphemes, ref16, extra_udh, force_shifts)
    return analyze_many_on(engine, texts, options, workers)


_DEFAULTS = Options()


def analyze_many_on(
    engine: ModuleType, texts: object, options: Options = _DEFAULTS, workers: int = 1
) -> Batch:
    """``analyze_many`` with checked ``options`` on a given engine module (the compiled one or
    the reference): for callers that carry an ``Options``, and for the differential tests and
    benchmarks that hold the two engines together."""
    count = threads.resolve_workers(workers)
    source = rows(texts)
    cols = empty_columns(len(source))
    if options.keep_graphemes or not hasattr(engine, "row_plan"):
        fill_per_row(cols, source.values(), engine.analyze, options)
    else:
        _run_kernel(engine, cols, source, options, count)
    return Batch(**cols)


def _run_kernel(engine: ModuleType, cols: dict, source: Rows, options: Options, count: int) -> None:
    """The compiled row kernel over every chunk, in tasks shared by ``count`` threads; then the
    rows it left (values that are not ready ``str`` objects) settled here."""
    p = engine.row_plan(options)
    tasks = []
    first = 0
    for chunk in source.chunks:
        if source.arrow:
            job = engine.arrow_rows(p, cols, chunk, is_large(chunk), first)
        else:
            job = engine.str_rows(p, cols, chunk, first)
        if count == 1 and not source.arrow:  # one thread: rows read in place, the GIL held
            tasks += [(job.run, (a, b, True)) for a, b in threads.held_ranges(len(chunk))]
        else:
            tasks += [(job.run, (a, b)) for a, b in threads.ranges(len(chunk), count)]
        first += len(chunk)
    threads.run_tasks(tasks, count)
    if source.arrow:
        return
    pending = np.flatnonzero(cols["error"] == engine.PENDING)
    if len(pending):
        cols["error"][pending] = 0
        values = source.chunks[0] if len(source.chunks) == 1 else [v for c in source.chunks for v in c]
        for i in pending:
            _fill_row(cols, int(i), values[i], engine.analyze, options)


def fill_per_row(
    cols: dict[str, np.ndarray], values: Iterator[object], analyze: Callable, options: Options
) -> None:
    """Analyse row by row with ``analyze``, turning each row's failure into its error code."""
    for i, value in enumerate(values):
        _fill_row(cols, i, value, analyze, options)


def _fill_row(cols: dict, i: int, value: object, analyze: Callable, options: Options) -> None:
    if not isinstance(value, str):
        cols["error"][i] = MISSING if is_missing(value) else INVALID
        return
    try:
        a = analyze(value, options.encoding, **options.keywords())
    except (InvalidTextError, EncodingError, TooManyPartsError) as exc:
        cols["error"][i] = exc.code
        return
    cols["encoding"][i] = ENCODINGS.index(a.encoding)
    cols["parts"][i] = a.parts
    cols["units"][i] = a.units
    cols["remaining"][i] = a.remaining
    cols["locking_shift"][i] = a.locking_shift
    cols["single_shift"][i] = a.single_shift
