"""Per-row results of a campaign check written to CSV or Parquet, one block at a time.

The results go to a temporary file beside the output and take its name only when the check has
read the whole file (``commit``): a check that fails or is interrupted never leaves half a file
(a Parquet file without its footer cannot be read at all) and never replaces a previous good one.

In CSV a text cell that a spreadsheet would take for a formula is written with a single quote
before it (``csv_text``); Parquet holds the values exactly. A CSV output may be compressed
(``rows.csv.gz``, ``.zst``, ``.lz4``): each block's text is compressed on its own, by whichever
thread encodes it, and the results appended, since gzip members and Zstandard and LZ4 frames one
after another are one stream to every reader.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import inspect
import os
import queue
import secrets
import signal
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from .._columns import no_rows
from ..batch.threads import usable_cpus
from ..core.engine import compiled
from .blocks import require_pyarrow
from .csv_text import csv_text
from .errors import CheckError, utf8_name
from .parquet_stitch import Stitcher, encode
from .sniff import suffixes

# Rows of a Parquet row group: the blocks of a check are gathered into row groups of this many
# rows (the last one fewer), not written one row group each (thousands of rows): fewer
# dictionaries, pages and statistics to write (a tenth of the writing), and row groups of the
# size readers expect.
ROW_GROUP_ROWS = 1 << 17

# Columns with a value of their own on each row: a dictionary of them would be built for every row
# group and then dropped, a third of the writing's time.
PER_ROW = ("row", "recipient")

# Integer columns written as deltas, bit-packed: the row numbers, which count up (a few bytes per
# row group), and the small counts of each row (parts, units, shifts), where a dictionary would
# hash every value for a file 6 % smaller, at a seventh more of the writing. The error codes keep
# theirs: nearly all one value, and a reader can skip the row groups without the code it seeks.
DELTAS = ("row", "parts", "units", "remaining", "locking_shift", "single_shift")

# Columns whose minimum and maximum in a row group a reader's filter can use (rows, errors,
# parts, countries, costs); the others (an encoding, a count of units, a recipient) would be
# read whole anyway, and their statistics are a seventh of the writing.
STATISTICS = ("file", "row", "error", "parts", "country", "cost")

# Columns with a value on every row, by how the check makes them: declared not nullable, so that
# Parquet stores them as required, without a definition level to encode for each value (a
# fourteenth of the writing). They read back as the same values, in a field marked not null.
REQUIRED = ("file", "row", "parts", "units", "remaining", "locking_shift", "single_shift", "error")


def _required(pa, table):
    """``table`` with its ``REQUIRED`` columns declared not nullable: the same columns, not
    copied (a null in one of them is refused by the writer, never written)."""
    fields = [field.with_nullable(False) if field.name in REQUIRED else field for field in table.schema]
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields))


def _parquet_layout(pa, table) -> dict:
    """How ``ParquetWriter`` lays out the columns: dictionaries for the columns of few values
    (encodings, countries, error codes, costs), none for ``PER_ROW``; ``DELTAS`` as deltas; the
    minimum and maximum of each row group only for the ``STATISTICS`` columns. The check hands
    over the text columns of few values as Arrow dictionaries, which the writer takes as they
    are; the file does not keep the Arrow schema, so that they read back as the text they hold,
    as from any writer."""
    names = table.schema.names
    deltas = {name: "DELTA_BINARY_PACKED" for name in names if name in DELTAS}
    layout = {
        "use_dictionary": [name for name in names if name not in PER_ROW and name not in deltas],
        "column_encoding": deltas or None,
        "write_statistics": [name for name in names if name in STATISTICS],
        "store_schema": False,
    }
    # Decimals of up to 18 digits (the costs) stored as the integers of their units, where the
    # writer can (pyarrow 19): a fixed-length binary value costs a hash of its 16 bytes in the
    # dictionary. Readers read them back as the same decimal type.
    if "store_decimal_as_integer" in inspect.signature(pa.parquet.ParquetWriter.__init__).parameters:
        layout["store_decimal_as_integer"] = True
    return layout


# The compressions a CSV output is written in (by its last suffix, the one readers know it by),
# each block's text compressed alone: streams whose parts one after another are one stream. bzip2
# is left out for its speed (some 10 MB of text a second, a fifth of what one worker checks),
# Brotli because its streams do not concatenate.
CSV_COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".lz4": "lz4"}


def encoders_for(workers: int, parquet: bool, compressed: bool = False) -> int:
    """Threads that encode the output for a check on ``workers`` workers (as many CPUs at most):
    one per four workers, up to four (one encodes about 7 M rows a second into Parquet, 11 M into
    CSV lines with the compiled engine, what four workers check). Without the engine, or with the
    text ``compressed`` (about 0.1-0.2 s a million rows more), CSV costs twice to four times as
    much: one per two workers, up to eight. On two CPUs a second one has no core to run on."""
    workers = min(workers, usable_cpus())
    if parquet or (compiled is not None and not compressed):
        return max(1, min(4, workers // 4))
    return max(1, min(8, workers // 2))


def output_kind(path: str) -> tuple[bool, str | None]:
    """Whether ``--output path`` is Parquet, and the compression of a CSV output (None: plain
    text); a CheckError for any other name."""
    utf8_name(path, "--output ")
    inner, compressed = suffixes(path)
    if compressed is not None:
        if compressed not in CSV_COMPRESSIONS:
            raise CheckError(
                f"--output {path}: a CSV output is compressed as .gz, .zst or .lz4, not {compressed}"
            )
        if inner != ".csv":
            hint = "Parquet compresses its own pages: name it .parquet" if inner == ".parquet" else ""
            raise CheckError(
                f"--output {path}: only a .csv output is compressed by its name{'; ' + hint if hint else ''}"
            )
        return False, CSV_COMPRESSIONS[compressed]
    if inner not in (".csv", ".parquet"):
        raise CheckError(
            f"--output {path}: expected a .csv or .parquet file (a .csv may end in .gz, .zst, .lz4)"
        )
    return inner == ".parquet", None


def named_as_csv(path: str) -> bool:
    """Whether ``path`` names a CSV file, compressed or not (``rows.csv``, ``rows.csv.gz``)."""
    inner, compressed = suffixes(path)
    return inner == ".csv" and compressed in (None, *CSV_COMPRESSIONS)


def compressor(pa, compression: str):
    """A function from a block's text to the whole compressed stream of it (a gzip member, a
    Zstandard or LZ4 frame), at a fast level, that encoder threads call at once: gzip by ISA-L
    where it is installed (level 1, about 300 MB of text a second, four times zlib's), else by
    zlib, with no time in its header (the same bytes from run to run); Zstandard and LZ4 by a
    pyarrow codec made for each call (one codec's stream is not for two threads at once)."""
    if compression == "gzip":
        try:
            from isal import igzip
        except ImportError:
            return functools.partial(gzip.compress, compresslevel=1, mtime=0)
        return functools.partial(igzip.compress, compresslevel=1, mtime=0)
    return functools.partial(_frame, pa, compression)


def _frame(pa, compression: str, text):
    """``text`` as one Zstandard (level 1) or LZ4 frame."""
    codec = pa.Codec(compression) if compression == "lz4" else pa.Codec(compression, compression_level=1)
    return codec.compress(text, asbytes=False)


def _compressed(compress, text, table):
    """A block's CSV text, compressed."""
    return compress(text(table))


class Writer:
    """Per-row results to CSV or Parquet, one block at a time, under their name on ``commit``.

    The encoding and writing (Parquet's dictionaries and compression, CSV's text) run on a thread
    of their own, without the GIL, while the check goes on with the next blocks: at most
    ``QUEUED`` row groups (or CSV blocks) wait for it (with encoders, one per encoder, and those
    being encoded), so memory stays bounded. A failure there (a full disk) is raised by the next
    ``write`` or by ``commit``. For a check on many
    ``workers``, several threads encode at once (``encoders_for``): Parquet row groups each into
    a file of its own in memory (``parquet_stitch``), CSV blocks each into its text; the writing
    thread appends them in order to the output, the same bytes one thread would have written."""

    QUEUED = 2

    def __init__(self, path: str, workers: int = 1):
        pa = require_pyarrow()
        self.pa = pa
        self.path = path
        self.parquet, compression = output_kind(path)
        self.compress = None if compression is None else compressor(pa, compression)
        self.encoders = encoders_for(workers, self.parquet, compression is not None)
        self.pool: ThreadPoolExecutor | None = None  # the encoders, where there are several
        self.encode = None  # a table to the bytes appended: a CSV block's text, a Parquet file
        self.schema = None  # with encoders: the first table's, every other's
        self.writer = None
        self.pending: list = []  # Parquet: the blocks of the next row group
        self.pending_rows = 0
        self.committed = False  # the results are under their name
        self.queue: queue.Queue = queue.Queue(maxsize=max(self.QUEUED, self.encoders))
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None  # raised where the check next writes
        self.stopping = False  # discard: what is queued is dropped, not written
        directory, name = os.path.split(os.path.abspath(path))
        self.temporary = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.partial")
        try:
            # Created here, with the permissions a new file gets (not mkstemp's 0600), so that a
            # directory that cannot be written to is said before the whole input is read.
            os.close(os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as exc:
            raise CheckError(f"cannot write {path}: {exc.strerror}") from None

    def write(self, table) -> None:
        pa = self.pa
        self._raise_failure()
        if self.parquet:
            table = _required(pa, table)
        if self.writer is None:
            try:
                if not self.parquet:  # each block's text, after the header
                    self.writer = _Appender(self.temporary)
                    self.encode = functools.partial(csv_text, pa)
                    header = csv_text(pa, table, header=True)
                    if self.compress is not None:
                        self.encode = functools.partial(_compressed, self.compress, self.encode)
                        header = self.compress(header)
                    self.writer.append(header)
                elif self.encoders > 1:  # each row group a Parquet file, stitched
                    self.writer = Stitcher(self.temporary)
                    self.encode = functools.partial(encode, pa, layout=_parquet_layout(pa, table))
                else:
                    layout = _parquet_layout(pa, table)
                    self.writer = pa.parquet.ParquetWriter(self.temporary, table.schema, **layout)
                if self.encoders > 1:
                    self.pool = ThreadPoolExecutor(self.encoders, thread_name_prefix="nrs-codec encoder")
            except OSError as exc:
                raise CheckError(f"cannot write {self.path}: {exc}") from None
        if self.parquet:
            self.pending.append(table)
            self.pending_rows += len(table)
            while self.pending_rows >= ROW_GROUP_ROWS:
                self._flush(ROW_GROUP_ROWS)
            return
        self._submit(table)

    def _flush(self, rows: int | None = None) -> None:
        """Hand the first ``rows`` rows gathered (all of them: None) to the writing thread, as one
        row group: every row group but the last has ``ROW_GROUP_ROWS`` rows, however the rows
        came in blocks (a file read whole on a worker is one block), so the file's layout is the
        same with any number of workers."""
        if self.pending:
            table = self.pa.concat_tables(self.pending)
            rows = len(table) if rows is None else rows
            rest = table.slice(rows)
            self.pending, self.pending_rows = ([rest] if len(rest) else []), len(rest)
            self._submit(table.slice(0, rows), row_group_size=max(1, rows))

    def _submit(self, table, **options) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="nrs-codec output", daemon=True)
            self.thread.start()
        if self.pool is not None:  # encoded now by a free encoder, appended in order
            if self.schema is None:  # as the one writer does: every table of one schema
                self.schema = table.schema
            elif not table.schema.equals(self.schema):
                raise ValueError(f"a table of schema {table.schema} after one of {self.schema}")
            table = self.pool.submit(self.encode, table)
        self.queue.put((table, options))  # waits while QUEUED tables are waiting

    def _run(self) -> None:
        """The writing thread: each table queued, in order, until None."""
        while (item := self.queue.get()) is not None:
            if self.failure is not None or self.stopping:
                continue  # drained, not written
            table, options = item
            try:
                if isinstance(table, Future):
                    self.writer.append(table.result())
                elif self.encode is not None:  # CSV on this thread
                    self.writer.append(self.encode(table))
                else:
                    self.writer.write_table(table, **options)
            except OSError as exc:  # a full disk, say
                self.failure = CheckError(f"cannot write {self.path}: {exc}")
            except BaseException as exc:  # noqa: BLE001 - raised in the check's thread
                self.failure = exc

    def _finish_writing(self) -> None:
        """Wait until everything queued is written (or dropped) and the threads have ended."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def _raise_failure(self) -> None:
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure

    def commit(self, schema) -> None:
        """Finish the file and give it its name; with no row at all, a file with the schema (a
        header line in CSV)."""
        if self.writer is None:
            self.write(no_rows(self.pa, schema))
        self._flush()
        self._finish_writing()
        self._raise_failure()
        try:
            self.writer.close()
            with signals_held():  # a signal then finds ``committed`` saying what the file holds
                os.replace(self.temporary, self.path)
                self.committed = True
        except OSError as exc:
            raise CheckError(f"cannot write {self.path}: {exc}") from None

    def discard(self) -> None:
        """Drop what was written, unless it is under its name already: the output, if there was
        one, stays as it was."""
        if self.committed:
            return
        self.stopping = True
        self._finish_writing()
        writer, self.writer = self.writer, None
        self.pending, self.pending_rows = [], 0
        with contextlib.suppress(Exception):  # a writer that failed may fail to close; its file goes
            if writer is not None:
                getattr(writer, "abandon", writer.close)()  # a Stitcher writes no footer then
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temporary)


class _Appender:
    """A CSV output's text, a block at a time (``csv_text``, on an encoder or the writing
    thread), appended in order."""

    def __init__(self, path: str):
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close() or abandon()

    def append(self, text) -> None:
        self.file.write(memoryview(text))

    def close(self) -> None:
        self.file.close()

    abandon = close


# The signals a check is stopped by (the command line turns the last two into ``Interrupted``).
_STOPPING = {
    signal.SIGINT,
    *(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)),
}


@contextlib.contextmanager
def signals_held():
    """Hold back the stopping signals (where the platform can): their handlers run after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
