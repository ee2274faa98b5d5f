"""A generous wall-clock limit for the tests that prove work is linear or bounded.

The limit is set where the quadratic (or unbounded) code took minutes and the fixed code takes a
fraction of a second, so that no machine load can turn one into the other; the figures themselves
are measured in ``benchmarks/``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TookTooLong(AssertionError):
    """The work under ``within`` ran past its limit."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail (``TookTooLong``) if the block runs longer than ``seconds``; main thread, POSIX only."""
    assert threading.current_thread() is threading.main_thread(), "signals reach the main thread only"

    def stop(signum, frame):
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
