"""pyarrow's reader of a campaign ``Source``, ended without ending the process.

pyarrow's CSV reader reads a ``Source`` ahead on its own I/O threads, calling back into Python.
``ArrowReading`` gives it the source and, when reading ends (at the end, on an error, on Ctrl-C),
makes the source answer end-of-file, drops the reader and waits until Arrow has let go of the
source: a read-ahead still running when the interpreter exits ended the process ("Fatal Python
error: PyGILState_Release", or "terminate called without an active exception").
"""

from __future__ import annotations

import threading
import traceback
import weakref
from collections.abc import Callable, Iterator

from .blocks import require_pyarrow
from .sources import Source


class _Handed:
    """What pyarrow holds of ours (the ``Source``, a callback): the object's methods and calls,
    and a life of its own that says when Arrow has dropped it."""

    def __init__(self, target, reading: ArrowReading):
        self.target = target
        self.reading = reading

    def __getattr__(self, name: str):
        return getattr(self.target, name)

    def __call__(self, *args):
        return self.target(*args)

    def read(self, n: int = -1) -> memoryview:
        """The source's next bytes, as a view that says when Arrow frees it: Arrow keeps what it
        reads ahead in a queue that may outlive the reader. A view, not a copy (a ``bytes``
        subclass would copy every block, holding the GIL, a tenth of a check's time)."""
        piece = memoryview(self.target.read(n))
        self.reading.hold()
        weakref.finalize(piece, self.reading.dropped)
        return piece


class ArrowReading:
    """A pyarrow reader of ``source`` (``open_reader(pyarrow_file, *callbacks)``), which Arrow
    may read ahead on its own threads. ``batches()`` yields its record batches; ``close()`` (also
    when the batches are left unfinished) ends its reads: the source answers end-of-file to a
    read-ahead still running, the reader is dropped, and ``close`` returns when Arrow has let go
    of everything of ours it held: the source, what it read from it, and the ``callbacks`` it was
    given (such as the CSV reader's handler of invalid rows). An Arrow thread that frees one of
    them must call into Python, which at the interpreter's exit ends the process."""

    # Bound on the wait for a read in progress: a decompressor's piece, a transcoded chunk.
    RELEASE_SECONDS = 60

    def __init__(self, source: Source, open_reader: Callable, *callbacks: Callable):
        pa = require_pyarrow()
        self.source = source
        self._held = 0
        self._released = threading.Condition()
        file = pa.PythonFile(self._hand(source), mode="r")
        handed = [self._hand(callback) for callback in callbacks]
        try:
            self.reader = open_reader(file, *handed)
        except BaseException as exc:  # it may have started reading ahead: the same end
            del file, handed
            traceback.clear_frames(exc.__traceback__)  # the frames that held what it was given
            self.close()
            raise

    def _hand(self, target) -> _Handed:
        handed = _Handed(target, self)
        self.hold()
        weakref.finalize(handed, self.dropped)
        return handed

    def hold(self) -> None:
        with self._released:
            self._held += 1

    def dropped(self) -> None:
        with self._released:
            self._held -= 1
            if not self._held:
                self._released.notify_all()

    def batches(self) -> Iterator:
        try:
            while self.reader is not None:
                try:
                    batch = self.reader.read_next_batch()
                except StopIteration:
                    return
                except BaseException as exc:
                    # An error of the source's (a byte that is not UTF-8) raised on Arrow's
                    # read-ahead thread comes back with that thread's frames, which hold what we
                    # handed Arrow: let go of them, or ``close`` waits for them in vain.
                    traceback.clear_frames(exc.__traceback__)
                    raise
                yield batch
        finally:
            self.close()

    def close(self) -> None:
        self.source.abandoned = True
        self.reader = None
        with self._released:
            self._released.wait_for(lambda: not self._held, self.RELEASE_SECONDS)

    def __enter__(self) -> ArrowReading:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
