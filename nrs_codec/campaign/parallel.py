"""The check of files on every core: blocks read by one thread, checked by a pool of threads,
their results added and written in file order.

A block's check (its parsing where the reader leaves that to the check, ``analyze_many``,
recipients through ``pyarrow.compute``, prices, the Arrow table of its rows) runs mostly in C
without the GIL, so threads share the work without copying a block to another process. The reader
runs ahead on its own thread (pyarrow parses without the GIL too); each block is judged into a
report of its own and the reports are added in order, so the summary and the output are those of a
check in one thread, row for row. Several files go through one pipeline: the reading thread
opens the next file while the workers check the last blocks of the one before, so a night of
small campaign files does not start and drain the pool for each. Memory is bounded by the blocks
in flight: at most ``3 * workers + 1`` blocks are read and not yet written (``workers`` waiting to
be taken, ``2 * workers`` being checked or waiting for their turn to be written, and the one the
reader holds). With one worker, the reading thread also parses what the reader left unparsed (a
JSON Lines piece), as pyarrow's own thread parses a CSV file: the one worker only judges.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from ..batch.many import analyze_many
from .blocks import parsed
from .report import Report

_DONE = object()


def check_blocks(settings, parts, report: Report, writer, workers: int) -> None:
    """Check the blocks of ``parts`` (``(file number, reader)`` pairs, each reader read to its
    end in turn on the reading thread, then closed) on ``workers`` threads, into ``report`` and
    ``writer`` in the order read."""
    limit = 2 * workers
    blocks: queue.Queue = queue.Queue(maxsize=workers)
    stop = threading.Event()

    def offer(item) -> bool:
        """Hand ``item`` to the check, waiting for room; False once the check has stopped."""
        while not stop.is_set():
            try:
                blocks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for file, reader in parts:
                try:
                    for block in reader:
                        if workers == 1:  # parsed here: the one worker judges the last meanwhile
                            block = parsed(block)
                        if not offer((file, block)):
                            return
                finally:
                    reader.close()
            offer(_DONE)
        except BaseException as exc:  # a file's error, raised where the check waits for blocks
            offer(exc)
        finally:
            getattr(parts, "close", lambda: None)()  # a generator of parts: its files' bars

    def judge(file: int, block):
        block = parsed(block)  # a JSON Lines block's parsing, here on a worker
        batch = analyze_many(block.messages, workers=1, **settings.options)
        part = Report("")
        return part, settings.table(part, file, block, batch, table=writer is not None), len(block.rows)

    def finish(future) -> None:
        part, table, rows = future.result()
        report.add(part)
        if writer is not None and rows:
            writer.write(table)

    thread = threading.Thread(target=read, name="nrs-codec check reader", daemon=True)
    pending: deque = deque()
    with ThreadPoolExecutor(workers, thread_name_prefix="nrs-codec check") as pool:
        try:
            thread.start()
            while (block := blocks.get()) is not _DONE:
                if isinstance(block, BaseException):
                    while pending:  # the blocks read before it, of this file or an earlier one,
                        finish(pending.popleft())  # fail first: errors come in file order
                    error, block = block, None
                    try:
                        raise error
                    finally:  # this frame, which the error's traceback holds, lets go of it:
                        del error  # no cycle keeps the reader's frames and files until a collection
                pending.append(pool.submit(judge, *block))
                while pending and (len(pending) >= limit or pending[0].done()):
                    finish(pending.popleft())
            while pending:
                finish(pending.popleft())
        finally:
            stop.set()
            for future in pending:
                future.cancel()
            thread.join()
