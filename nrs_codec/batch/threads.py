"""The worker threads of ``analyze_many``: how many, how the rows are cut into tasks, and the
pool that runs them (shared by every call and kept between calls)."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

# Rows are analysed in tasks of about TASK_ROWS rows: a task's str rows are read (with the GIL)
# and analysed (without it) while they are still in cache, and with several threads one task's
# reading overlaps another's analysis. Below MIN_ROWS_PER_THREAD rows a thread costs more than it
# saves.
MIN_ROWS_PER_THREAD = 2048
TASK_ROWS = 16384


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def resolve_workers(workers: object) -> int:
    """Threads to use: a positive count, or -1 for every CPU this process may run on."""
    if type(workers) is not int or (workers < 1 and workers != -1):
        raise ValueError(f"workers must be a positive int or -1 (all CPUs), not {workers!r}")
    if workers == -1:
        return usable_cpus()
    return workers


def ranges(n: int, threads: int) -> list[tuple[int, int]]:
    """``[0, n)`` cut into tasks of about ``TASK_ROWS`` rows, at least one per thread when there
    are rows enough for them, and as many for each thread (so none is left with one more task
    to finish alone)."""
    pieces = -(-max(threads, -(-n // TASK_ROWS)) // threads) * threads
    pieces = max(1, min(pieces, n // MIN_ROWS_PER_THREAD))
    bounds = [n * k // pieces for k in range(pieces + 1)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a] or [(0, 0)]


# Rows one thread reads with the GIL held between two chances for other threads to run: a few
# milliseconds of the longest messages, as long as Python's switch interval.
HELD_ROWS = 8192


def held_ranges(n: int) -> list[tuple[int, int]]:
    """``[0, n)`` cut into tasks of at most ``HELD_ROWS`` rows."""
    return [(a, min(a + HELD_ROWS, n)) for a in range(0, n, HELD_ROWS)] or [(0, 0)]


# The engine's worker threads, shared by every call and kept between calls: starting threads for
# each call costs milliseconds (a new thread waits for the GIL while the caller is still busy
# submitting), as much as a 100,000-row call gains from its second CPU.
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _forget_pool() -> None:
    """In a forked child the parent's threads do not exist: start afresh."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def run_tasks(tasks: list[tuple[Callable[..., object], tuple]], threads: int) -> None:
    """Call each ``(function, args)`` of ``tasks``; with ``threads`` > 1 on that many threads
    of the shared pool, returning when all are done (the first exception raised, if any, is
    raised here). The pool grows to the largest ``threads`` asked for; concurrent calls share
    its threads."""
    global _pool
    if threads == 1 or len(tasks) <= 1:
        for function, args in tasks:
            function(*args)
        return
    with _pool_lock:
        if _pool is None or _pool._max_workers < threads:
            if _pool is not None:
                _pool.shutdown(wait=False)  # what it was given still runs
            _pool = ThreadPoolExecutor(threads, thread_name_prefix="nrs_codec")
        futures: list[Future] = [_pool.submit(function, *args) for function, args in tasks]
    for future in futures:
        future.result()
