"""``nrs-codec check FILE... --dask ADDRESS``: the campaign check on a Dask cluster.

The files are cut into partitions (``partitions``: CSV at record boundaries, JSON Lines at line
breaks, Parquet by row groups); each partition is read and checked on the worker that runs it
(``check.check_part``: messages, recipients, prices, each block judged as in one process), its
per-row results written there as one Parquet file, ``part-NNNNN.parquet`` in file and row order,
into the output directory. Only the partitions' small reports travel back; added up in order they
are the report of a check in one process, and the output files read in name order are its
``--output``, row for row.

The workers read the files and write the output at the paths the client names: on a real cluster
both are on storage every host mounts at the same path. ``ADDRESS`` is a scheduler's
(``tcp://host:8786``), or ``local`` / ``local:N`` for a ``LocalCluster`` of N worker processes on
this machine (N: every CPU). Needs ``pip install 'nrs_codec[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Iterator, Sequence

from ..batch.threads import usable_cpus
from .check import Settings, check_part, settings_of
from .errors import CheckError
from .files import expand
from .formats import PARTITION_BYTES
from .output import Writer, named_as_csv
from .partitions import Partition, cut, parquet_partitions, row_groups, scan, splits
from .readers import file_format
from .report import Report

PART_NAME = "part-{:05d}.parquet"
SMALLEST = 4 << 20  # bytes: a smaller partition costs more in scheduling than it gains


def check_partition(settings: Settings, partition: Partition, name: str | None) -> Report:
    """One partition checked where it runs; with ``name``, its per-row results written there."""
    report = settings.report()
    writer = Writer(name) if name else None
    try:
        check_part(settings, partition.file, partition.span, report, writer, lambda position: None)
        if writer is not None:
            writer.commit(settings.schema())
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    return report


@contextlib.contextmanager
def connect(address: str) -> Iterator:
    """A ``distributed.Client`` to the scheduler at ``address``, or to a ``LocalCluster`` for
    ``local`` / ``local:N`` (N worker processes, one thread each, the dashboard on a free port)."""
    try:
        import distributed
    except ImportError:
        raise CheckError("--dask needs Dask: pip install 'nrs_codec[dask]'") from None
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise CheckError(f"--dask {address}: expected local or local:N, N a number of workers")
        workers = int(count) if count else usable_cpus()
        with (
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                # A task's error reaches the client as its exception; what the processes log
                # besides (a heartbeat lost while the cluster shuts down) is noise on a terminal.
                silence_logs=logging.CRITICAL,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(address, timeout="30s")
    except OSError as exc:
        raise CheckError(f"--dask {address}: cannot reach the scheduler: {exc}") from None
    with client:
        yield client


def plan(client, settings: Settings, partition_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """Every file's partitions, in file order; the files are scanned on the workers. Partitions
    are smaller than ``partition_bytes`` where the files would otherwise make fewer than two for
    each worker (never below ``SMALLEST``, unless ``partition_bytes`` is)."""
    workers = len(client.scheduler_info().get("workers", ())) or 1
    total = sum(os.path.getsize(path) for path in settings.files)
    partition_bytes = min(partition_bytes, max(total // (2 * workers), SMALLEST))
    scans = {}
    for file, path in enumerate(settings.files):
        if file_format(path, settings.fmt) == "parquet":
            scans[file] = client.submit(row_groups, path, partition_bytes, pure=False)
            continue
        pieces = []
        for begin, stop in splits(path, settings.fmt, settings.encoding, partition_bytes):
            args = (path, settings.fmt, settings.delimiter, begin, stop)
            pieces.append(client.submit(scan, *args, pure=False))
        scans[file] = pieces
    partitions: list[Partition] = []
    for file, path in enumerate(settings.files):
        found = client.gather(scans[file])
        if file_format(path, settings.fmt) == "parquet":
            partitions += parquet_partitions(file, found)
        elif found:
            partitions += cut(file, found, csv=file_format(path, settings.fmt) == "csv")
        else:
            partitions.append(Partition(file))
    return partitions


def run_check_dask(
    paths: str | Sequence[str],
    *,
    address: str = "local",
    client=None,
    output: str | None = None,
    partition_bytes: int = PARTITION_BYTES,
    progress: bool = False,
    **options,
) -> Report:
    """``run_check`` on a Dask cluster (``client``, else one reached at ``address``), with the
    same ``options``; ``paths`` may name directories and globs as on the command line
    (``files.expand``); ``output`` is a directory of Parquet files, one per partition."""
    paths = expand([paths] if isinstance(paths, str) else list(paths))
    if partition_bytes < 1:
        raise CheckError(f"--partition-bytes must be positive, not {partition_bytes}")
    settings = settings_of(paths, **options)
    directory = _Output(output, paths) if output else None
    try:
        if client is not None:
            reports = _run(client, settings, directory, partition_bytes, progress)
        else:
            with connect(address) as connected:
                reports = _run(connected, settings, directory, partition_bytes, progress)
        if directory is not None:
            directory.commit()
    except BaseException:
        if directory is not None:
            directory.discard()
        raise
    report = settings.report()
    for part in reports:
        report.add(part)
    return report


def _run(client, settings: Settings, directory, partition_bytes: int, progress: bool) -> list[Report]:
    import distributed

    partitions = plan(client, settings, partition_bytes)
    [shared] = client.scatter([settings], broadcast=True)  # the price table travels once per worker
    futures = [
        client.submit(
            check_partition,
            shared,
            partition,
            directory and os.path.join(directory.temporary, PART_NAME.format(i)),
            pure=False,
        )
        for i, partition in enumerate(partitions)
    ]
    if progress:
        # Dask's text bar draws on stdout, where --json prints the summary.
        with contextlib.redirect_stdout(sys.stderr):
            distributed.progress(futures)
    distributed.wait(futures)
    for future in futures:  # the first error in file order: the one a check in one process meets
        if future.status == "error":
            raise future.exception()
    return client.gather(futures)


class _Output:
    """The output directory, written under a temporary name beside it and renamed when every
    partition is done: a failed check leaves the previous output as it was."""

    def __init__(self, path: str, inputs: list[str]):
        self.path = os.path.abspath(path)
        if os.path.exists(path) and not os.path.isdir(path):
            raise CheckError(f"--output {path}: with --dask the output is a directory of Parquet files")
        if named_as_csv(path):
            raise CheckError(
                f"--output {path}: with --dask the output is a directory of Parquet files, not CSV: "
                "name it as a directory (nightly-results)"
            )
        if os.path.isdir(path):
            others = [n for n in os.listdir(path) if not _ours(n)]
            if others:
                raise CheckError(
                    f"--output {path} holds other files than a check's output ({others[0]}): name a new "
                    "directory"
                )
        for p in inputs:
            if os.path.abspath(p).startswith(self.path + os.sep):
                raise CheckError(f"--output {path} holds the campaign file {p}")
        parent, name = os.path.split(self.path)
        self.temporary = os.path.join(parent, f".{name}.{secrets.token_hex(4)}.partial")
        try:
            os.mkdir(self.temporary)
        except OSError as exc:
            raise CheckError(f"cannot write {path}: {exc.strerror}") from None

    def commit(self) -> None:
        old = None
        if os.path.isdir(self.path):
            old = f"{self.temporary}.old"
            os.rename(self.path, old)
        os.rename(self.temporary, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.temporary, ignore_errors=True)


def _ours(name: str) -> bool:
    """A file a check's output directory holds: a part, or a part being written."""
    return name.startswith("part-") and name.endswith(".parquet") or name.startswith(".part-")
