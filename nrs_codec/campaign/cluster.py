"""``nrs-codec check FILE... --dask ADDRESS``: the campaign check on a Dask cluster.

The files are cut into partitions (``partitions``: CSV at record boundaries, JSON Lines at line
breaks, Parquet by row groups); each partition is read and checked on the worker that runs it
(``check.check_part``: messages, recipients, prices, each block judged as in one process), its
per-row results written there as one Parquet file, ``part-NNNNN.parquet`` in file and row order
(more digits past 99,999 partitions), into the output directory. Only the partitions' small
reports travel back; added up in order they are the report of a check in one process, and the
output files read in name order are its ``--output``, row for row.

The workers read the files and write the output at the absolute paths the client names (a file
named relative to the client's directory included): on a real cluster both are on storage every
host mounts at the same path. ``ADDRESS`` is a scheduler's (``tcp://host:8786``), or ``local`` /
``local:N`` for a ``LocalCluster`` of N worker processes on this machine (N: every CPU). Needs
the ``[dask]`` extra (``pip install '.[dask]'``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import logging
import os
import sys
import threading
from collections.abc import Iterator, Sequence

from .._extras import install
from ..batch.threads import usable_cpus
from .check import Settings, check_part, settings_of
from .errors import CheckError
from .files import named
from .formats import PARTITION_BYTES
from .output import Writer
from .part_directory import PartDirectory
from .partitions import Partition, cut, parquet_partitions, row_groups, scan, splits
from .readers import file_format
from .report import Report

# Seconds to reach a scheduler, and for it to have a worker: a cluster starting up has its
# workers within seconds; one that has none after this is not going to run the check.
WAIT_SECONDS = 30
GRACE_SECONDS = 5  # beyond it, for Client's own timeout to say why first
SMALLEST = 4 << 20  # bytes: a smaller partition costs more in scheduling than it gains


def check_partition(settings: Settings, partition: Partition, name: str | None) -> Report:
    """One partition checked where it runs; with ``name``, its per-row results written there."""
    report = settings.report()
    writer = Writer(name) if name else None
    try:
        _unchanged(settings, partition.file)
        check_part(settings, partition.file, partition.span, report, writer, lambda position: None)
        _unchanged(settings, partition.file)  # nor while it was read
        if writer is not None:
            writer.commit(settings.schema())
    except BaseException as exc:
        if writer is not None:
            writer.discard()
        raise _as_given(settings, partition.file, exc) from None
    return report


def stamp(path: str) -> tuple[int, int]:
    """A file's size and the second of its last change (a file system shared by several hosts
    may keep no finer time for all of them); (-1, -1) for one that is not there."""
    try:
        found = os.stat(path)
    except OSError:
        return (-1, -1)
    return found.st_size, int(found.st_mtime)


def _unchanged(settings: Settings, file: int) -> None:
    """A CheckError where file number ``file`` is not the file it was when the check began (the
    next night's export written over it, say): its partitions would be of two files."""
    if settings.stamps and stamp(settings.files[file]) != settings.stamps[file]:
        raise CheckError(
            f"{settings.files[file]} changed while the check ran: check it again once it is written"
        )


def scan_file(settings: Settings, file: int, work, *args):
    """``work(path, *args)`` (a scan of file number ``file`` for its partitions) where it runs,
    its errors said as a check in one process says them."""
    try:
        return work(settings.files[file], *args)
    except (CheckError, OSError) as exc:
        raise _as_given(settings, file, exc) from None


def _as_given(settings: Settings, file: int, exc: BaseException) -> BaseException:
    """``exc`` naming file number ``file`` as it was given, not by the absolute path the workers
    open, nor a name made from it (the advice to name it ``d/plain.csv``) by its directory; a file
    that cannot be opened is said as in one process."""
    opened, given = settings.files[file], settings.shown[file]
    if isinstance(exc, OSError):
        return CheckError(f"cannot read {given}: {exc.strerror or exc}")
    if isinstance(exc, CheckError) and opened != given:
        # The advice to rename it, made from the path: name it /abs/d/plain.csv for plain.csv.gz.
        made, as_given = (os.path.join(os.path.dirname(p), "") for p in (opened, given))
        return CheckError(str(exc).replace(opened, given).replace(f"name it {made}", f"name it {as_given}"))
    return exc


@contextlib.contextmanager
def connect(address: str) -> Iterator:
    """A ``distributed.Client`` to the scheduler at ``address``, or to a ``LocalCluster`` for
    ``local`` / ``local:N`` (N worker processes, one thread each, the dashboard on a free port)."""
    try:
        import distributed
    except ImportError:
        raise CheckError(f"--dask needs Dask: {install('dask')}") from None
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise CheckError(f"--dask {address}: expected local or local:N, N a number of workers")
        workers = int(count) if count else usable_cpus()
        try:
            os.getcwd()  # where the worker processes start
        except FileNotFoundError:
            raise CheckError(
                f"--dask {address}: the current directory no longer exists, and the local workers "
                "start in it: change to one that does"
            ) from None
        with _workers_stderr_to_nowhere():
            local = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                # A task's error reaches the client as its exception; what the processes log
                # besides (a heartbeat lost while the cluster shuts down) is noise on a terminal.
                silence_logs=logging.CRITICAL,
            )
        # The scheduler and the workers' nannies run in this process: closed while the workers
        # still talk (the check stopped by a signal to this process alone), the scheduler logs a
        # CRITICAL traceback for each message it can no longer send, as the cluster closes.
        with _quiet("asyncio", "distributed"), local as cluster, distributed.Client(cluster) as client:
            yield client
        return
    client = _reach(distributed, address)
    with _quiet("distributed.client"), client:  # quiet while it closes, too
        try:
            client.wait_for_workers(1, timeout=WAIT_SECONDS)
        except (TimeoutError, asyncio.TimeoutError):
            raise CheckError(
                f"--dask {address}: the scheduler has had no worker for {WAIT_SECONDS} s: start some "
                f"(dask worker {address})"
            ) from None
        yield client


@contextlib.contextmanager
def _workers_stderr_to_nowhere() -> Iterator[None]:
    """Worker processes started meanwhile write their standard error nowhere: Ctrl-C, which a
    terminal sends to every process of the command, makes each print its traceback of
    KeyboardInterrupt there while the command stops them. What a worker would say besides
    (its logs are silenced) reaches the client as its task's error."""
    sys.stderr.flush()
    saved = os.dup(2)
    nowhere = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(nowhere, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(nowhere)


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """The loggers ``names`` (and those below them that have no level of their own) silent for a
    while, CRITICAL included: the client logs the tracebacks of a cluster's failure (a connection
    lost) before the check says what failed, once, in a line."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _reach(distributed, address: str):
    """A client of the scheduler at ``address``, within ``WAIT_SECONDS``: ``Client``'s own
    timeout does not bound the handshake with a server that is not a scheduler (the dashboard's
    port, say), which can wait for ever; nor does it say what answered."""
    reached: dict = {}

    def attempt():
        try:
            reached["client"] = distributed.Client(address, timeout=f"{WAIT_SECONDS}s")
        except BaseException as exc:  # said below, in the caller's thread
            reached["error"] = exc

    thread = threading.Thread(target=attempt, name="nrs-codec-dask-connect", daemon=True)
    thread.start()
    thread.join(WAIT_SECONDS + GRACE_SECONDS)
    if thread.is_alive():
        raise CheckError(
            f"--dask {address}: no Dask scheduler answered in {WAIT_SECONDS + GRACE_SECONDS} s (a scheduler "
            "listens on port 8786 unless told otherwise; 8787 is its dashboard's)"
        )
    if "error" in reached:
        exc = reached["error"]
        if isinstance(exc, OSError):  # refused, unresolved, timed out
            raise CheckError(f"--dask {address}: cannot reach the scheduler: {exc}") from None
        raise CheckError(f"--dask {address}: no Dask scheduler answers there ({type(exc).__name__}: {exc})")
    return reached["client"]


def plan(
    client, settings: Settings, partition_bytes: int = PARTITION_BYTES, shared=None
) -> list[Partition | CheckError]:
    """Every file's partitions, in file order; the files are scanned on the workers, and a file
    that cannot be scanned is its error in its place (the check meets the files before it
    first). Partitions are smaller than ``partition_bytes`` where the files would otherwise make
    fewer than two for each worker (never below ``SMALLEST``, unless ``partition_bytes`` is).
    ``shared``: the settings already on the cluster (``share``)."""
    shared = settings if shared is None else shared
    workers = len(client.scheduler_info().get("workers", ())) or 1
    total = sum(_size(path) for path in settings.files)
    partition_bytes = min(partition_bytes, max(total // (2 * workers), SMALLEST))
    scans: dict = {}
    for file, path in enumerate(settings.files):
        if file_format(path, settings.fmt) == "parquet":
            scans[file] = client.submit(scan_file, shared, file, row_groups, partition_bytes, pure=False)
            continue
        try:
            cuts = splits(path, settings.fmt, settings.encoding, partition_bytes)
        except OSError as exc:  # gone since the files were listed, say
            scans[file] = _as_given(settings, file, exc)
            continue
        args = (settings.fmt, settings.delimiter)
        scans[file] = [client.submit(scan_file, shared, file, scan, *args, *cut, pure=False) for cut in cuts]
    partitions: list[Partition | CheckError] = []
    for file, path in enumerate(settings.files):
        try:
            if isinstance(scans[file], CheckError):
                raise scans[file]
            found = client.gather(scans[file])
        except CheckError as exc:
            partitions.append(exc)
            continue
        if file_format(path, settings.fmt) == "parquet":
            partitions += parquet_partitions(file, found)
        elif found:
            partitions += cut(file, found, csv=file_format(path, settings.fmt) == "csv")
        else:
            partitions.append(Partition(file))
    return partitions


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # its scan says why
        return 0


def run_check_dask(
    paths: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    address: str = "local",
    client=None,
    output: str | os.PathLike | None = None,
    partition_bytes: int = PARTITION_BYTES,
    progress: bool = False,
    several: bool | None = None,
    **options,
) -> Report:
    """``run_check`` on a Dask cluster (``client``, else one reached at ``address``), with the
    same ``options``; ``paths`` may name directories and globs as on the command line
    (``files.expand``); ``output`` is a directory of Parquet files, one per partition. The
    workers open the files by their absolute paths (a worker's own directory is not the
    client's); the report names them as given. The rows name their file where ``paths`` name a
    set of files (None: as ``files.named_as_set`` says of them)."""
    prices = options.get("prices")
    paths, several = named(paths, several, prices.source if prices is not None else None)
    output = None if output is None else os.fspath(output)
    if partition_bytes < 1:
        raise CheckError(f"--partition-bytes must be positive, not {partition_bytes}")
    given = settings_of(paths, several=several, **options)
    opened = tuple(map(_opened, paths))
    stamps = tuple(stamp(path) for path in opened)
    settings = dataclasses.replace(given, files=opened, names=given.files, stamps=stamps)
    directory = PartDirectory(output, paths) if output else None
    try:
        if client is not None:
            reports = _run(client, settings, directory, partition_bytes, progress)
        else:
            with connect(address) as connected:
                reports = _run(connected, settings, directory, partition_bytes, progress)
        if directory is not None:
            directory.commit()
    except BaseException as exc:
        if directory is not None:
            directory.discard()
        failure = _cluster_failure(exc)
        if failure is None:
            raise
        kept = f"; {output} is as it was" if output else ""
        raise CheckError(f"the Dask cluster failed: {failure}{kept}") from exc
    report = settings.report()
    for part in reports:
        report.add(part)
    return report


def _opened(path: str) -> str:
    """The absolute path the workers open for ``path``: joined to this directory, not normalised
    (``d/link/../a.csv`` is where the link leads, as it is here); an absolute path as it is,
    whether or not this directory still exists."""
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def _cluster_failure(exc: BaseException) -> str | None:
    """What went wrong, where ``exc`` is the cluster's failure (a worker or the scheduler lost, a
    task cancelled, a connection closed: Dask's and its network's exceptions) rather than the
    check's: None for the check's own. Its first line only: Dask lists every task cancelled."""
    if isinstance(exc, (CheckError, KeyboardInterrupt)) or "distributed" not in sys.modules:
        return None
    ours = type(exc).__module__.startswith(("distributed.", "tornado."))
    if not ours and not isinstance(exc, (asyncio.CancelledError, concurrent.futures.CancelledError)):
        return None
    groups = getattr(exc, "error_groups", None)  # FuturesCancelledError: tasks by why they were
    if groups:
        count = sum(len(group.errors) for group in groups)
        why = ", ".join(dict.fromkeys(str(group.reason) for group in groups))
        text = f"{type(exc).__name__}: {count} tasks cancelled ({why})"
    else:
        said = str(exc).strip().splitlines()
        text = f"{type(exc).__name__}: {said[0]}" if said else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def share(client, settings: Settings):
    """``settings`` on the cluster, the price table sent once and fetched by each worker that
    needs it: a task's result, which the scheduler computes again should its worker be lost
    (data scattered to the workers is lost with them)."""
    return client.submit(_same, settings, pure=False)


def _same(value):
    return value


def _run(client, settings: Settings, directory, partition_bytes: int, progress: bool) -> list[Report]:
    import distributed

    shared = share(client, settings)
    planned = plan(client, settings, partition_bytes, shared)
    width = max(5, len(str(len(planned) - 1)))  # part files in name order are in row order
    futures = [
        step
        if isinstance(step, CheckError)
        else client.submit(
            check_partition,
            shared,
            step,
            directory and directory.part(i, width),
            pure=False,
        )
        for i, step in enumerate(planned)
    ]
    tasks = [f for f in futures if not isinstance(f, CheckError)]
    try:
        if progress:
            # Dask's text bar draws on stdout, where --json prints the summary.
            with contextlib.redirect_stdout(sys.stderr):
                distributed.progress(tasks)
        distributed.wait(tasks)
        for future in futures:  # the first error in file order: the one a check in one process meets
            if isinstance(future, CheckError):
                raise future
            if future.status == "error":
                raise future.exception()
        return client.gather(tasks)
    except BaseException:
        client.cancel(tasks)  # the workers stop what they had not started
        raise
