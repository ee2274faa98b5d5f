"""``nrs-codec check FILE...``: whole campaign files checked before they are sent, in bounded memory.

The file (CSV, JSON Lines or Parquet, by suffix or ``--format``; CSV and JSON Lines also
compressed, ``campaign.csv.gz``, and in a legacy encoding, ``file_encoding="cp1252"``) is read in
blocks of rows; each block's message column goes through ``analyze_many`` (Arrow columns straight
from their UTF-8 buffers), its counts are added to a running ``Report``, and ``--output`` receives
its per-row results, so memory depends on the block size, not on the file; the output takes its
name only when the whole file has been checked. The summary gives rows, encodings, the parts
histogram, total parts, the rows with errors and why, and, with ``--to-column`` and ``--prices``,
the cost by country.

Errors per row use the provider's codes (see ``nrs_codec.batch``), plus 102 for a recipient that
is not a valid MSISDN and 422 for a malformed row (a CSV row with the wrong number of fields, a
JSON Lines line that is not a JSON object). What makes the file as a whole unreadable (bytes that
are not in its encoding, a corrupt compressed stream, a file that is not what its suffix says) is a
``CheckError`` naming the file and where. A malformed CSV row cannot be parsed into fields, so it
is counted and listed in the summary but has no line in ``--output``; row numbers there are
1-based data rows (the header is not a row). A message that is missing, empty or only whitespace
is 104, as in pre-flight (``blank``); in CSV an empty field is a missing value (CSV cannot tell
an empty message from an absent one).

Recipients are judged by the one rule of pre-flight (``provider.recipients``), a block at a time
(``provider.recipients_many.judge_many``); prices come from a pre-flight price table
(``nrs_codec.provider.prices``, ``load_price_table``), looked up a column at a time. What each
block adds to the report and to the output is ``account``'s. No Python runs per row.

Several files make one report: their rows are numbered in each file, and the examples and the
``--output`` rows name their file. The files are read on a thread of their own and their blocks
checked on ``workers`` threads at once (``parallel``, one pool for every file; with one worker the
reading thread also parses), added to the report in the order read; on a Dask cluster each
partition of the files goes through ``check_part`` on its worker (``cluster``), in the task's
thread. Either way a block is judged by ``Settings.table`` (``account``).

Reading files needs pyarrow (the ``[check]`` extra: ``pip install '.[check]'``); the progress bar
on a terminal comes from ``tqdm``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..batch.many import analyze_many
from ..batch.threads import resolve_workers
from .account import account
from .blocks import Span, parsed
from .csv_pieces import csv_pieces, read_on_workers, read_whole, small_file
from .errors import CheckError, Interrupted
from .files import named, openable
from .output import Writer
from .parallel import check_blocks
from .readers import READERS, Block, compression_of, file_format, require_pyarrow
from .report import Report
from .sources import TextFile, resolve_encoding

if TYPE_CHECKING:
    from ..provider.prices import PriceTable


def load_price_table(path: str) -> PriceTable:
    """A pre-flight price table (``nrs_codec.load_prices``: CSV ``destination,price,currency`` or
    JSON, a destination being a country or an E.164 prefix, the longest prefix winning over the
    country), its problems as ``CheckError``."""
    from ..provider.prices import PriceTableError, load_prices

    try:
        table = load_prices(path)
    except PriceTableError as exc:  # names the file and line already
        raise CheckError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckError(f"cannot read price table {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return table


@dataclass(frozen=True)
class Settings:
    """How every file of a check is read and judged: the same for one process and for each
    partition on a cluster's workers (it travels to them)."""

    message_column: str = "message"
    to_column: str | None = None
    prices: PriceTable | None = None
    fmt: str | None = None
    delimiter: str = ","
    encoding: str | None = None  # of CSV and JSON Lines files; None: UTF-8
    options: dict = field(default_factory=dict)  # analyze_many's
    workers: int = 1  # threads that check blocks at once (``parallel``), the file read on another
    files: tuple[str, ...] = ()  # every file of the check, as opened: with more than one, rows name theirs
    # How the report, the rows and the errors name the files, where not as opened: on a cluster
    # the workers open them by their absolute paths, the report names them as they were given.
    names: tuple[str, ...] = ()
    # Rows name their file: several files, or a set of them (``files.named_as_set``) that held one.
    several: bool = False
    # On a cluster, each file's size and time of last change when the check began (``stamp``):
    # every partition opens its file again, and must find the same file.
    stamps: tuple[tuple[int, int], ...] = ()

    @property
    def shown(self) -> tuple[str, ...]:
        return self.names or self.files

    def report(self) -> Report:
        path = self.shown[0] if len(self.files) == 1 else f"{len(self.files)} files"
        return Report(path, priced=self.prices is not None, files=self.shown, several=self.several)

    def schema(self):
        """The output's columns, from no rows: a file with none still gets them."""
        no_rows = Block([], [] if self.to_column else None, np.zeros(0, dtype=np.int64))
        return self.table(Report(""), 0, no_rows, analyze_many([], **self.options)).schema

    def table(self, report: Report, file: int, block: Block, batch, table: bool = True):
        out = account(report, block, batch, self.prices, table, file)
        if out is not None and self.several:
            pa = require_pyarrow()
            out = out.add_column(0, "file", pa.repeat(pa.scalar(self.shown[file]), len(out)))
        return out


def settings_of(
    paths: Sequence[str],
    *,
    message_column: str = "message",
    to_column: str | None = None,
    prices: PriceTable | None = None,
    fmt: str | None = None,
    delimiter: str = ",",
    file_encoding: str | None = None,
    workers: int = 1,
    several: bool = False,
    **options,
) -> Settings:
    """The ``Settings`` of a check of ``paths``, every option and file checked before any is read;
    ``several``: the rows name their file even if ``paths`` is one (it was named as a set)."""
    if len(delimiter) != 1 or delimiter in '"\r\n\0' or not delimiter.isascii():  # pyarrow splits bytes
        raise CheckError(
            f"--delimiter must be one ASCII character other than a quote, a newline or NUL, not {delimiter!r}"
        )
    for option, column in (("--message-column", message_column), ("--to-column", to_column)):
        if column is not None and not column:  # as the command refuses it; a reader took "" for none
            raise CheckError(f"{option} is empty: name a column (leave --to-column out for no recipients)")
    encoding = resolve_encoding(file_encoding)
    if prices is not None and not to_column:
        raise CheckError("--prices needs --to-column: the price depends on the recipient's country")
    if not paths:
        raise CheckError("no campaign file to check")
    for path in paths:
        openable(path)
        if file_format(path, fmt) == "parquet" and encoding is not None:
            raise CheckError(f"{path}: --file-encoding is for CSV and JSON Lines; Parquet text is UTF-8")
    analyze_many([], **options)  # a bad option is said before any file is read
    workers = resolve_workers(workers)
    return Settings(
        message_column,
        to_column,
        prices,
        fmt,
        delimiter,
        encoding,
        options,
        workers,
        tuple(paths),
        several=several or len(paths) > 1,
    )


def refuse_to_overwrite_inputs(output: str | None, files: list[str], prices: str | None) -> None:
    """A CheckError where ``output`` names a file the check reads (through a link too): a
    campaign file, or the ``prices`` table."""
    if not output or not os.path.exists(output):
        return
    inputs = [("the campaign file", f) for f in files] + [("the --prices table", prices)]
    for what, path in inputs:
        if path and os.path.exists(path) and os.path.samefile(output, path):
            raise CheckError(f"--output {output} is {what} itself: refusing to overwrite an input")


def reader_of(settings: Settings, file: int, span: Span | None, advance):
    """The blocks of file number ``file`` of the settings, or of the part of it ``span`` says."""
    path = settings.files[file]
    fmt = file_format(path, settings.fmt)
    source = path if fmt == "parquet" else TextFile(path, fmt, compression_of(path), settings.encoding)
    columns = (settings.message_column, settings.to_column)
    if span is None and fmt == "csv" and read_on_workers(source, settings.workers):
        # Parsed on every worker, not by the one reader thread.
        return csv_pieces(source, *columns, advance, settings.delimiter, workers=settings.workers)
    if span is None and fmt == "csv" and read_whole(source):
        return small_file(source, *columns, advance, settings.delimiter)
    return READERS[fmt](source, *columns, advance, settings.delimiter, span=span)


def check_part(
    settings: Settings, file: int, span: Span | None, report: Report, writer: Writer | None, advance
):
    """Check file number ``file`` of the settings, or the part of it ``span`` says, into ``report``
    and ``writer``: a partition of a check on a cluster, whose task is one thread of a worker that
    runs as many tasks as it has threads (with one worker: read, parsed and judged in that thread,
    as Dask counts it; with more, as a check in one process)."""
    reader = reader_of(settings, file, span, advance)
    if settings.workers > 1:
        check_blocks(settings, [(file, reader)], report, writer, settings.workers)
        return
    for block in map(parsed, reader):
        batch = analyze_many(block.messages, **settings.options)
        table = settings.table(report, file, block, batch, table=writer is not None)
        if writer is not None and len(block.rows):
            writer.write(table)


def run_check(
    path: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    message_column: str = "message",
    to_column: str | None = None,
    prices: PriceTable | None = None,
    fmt: str | None = None,
    delimiter: str = ",",
    file_encoding: str | None = None,
    output: str | os.PathLike | None = None,
    workers: int = 1,
    progress: bool = False,
    several: bool | None = None,
    **options,
) -> Report:
    """Check a campaign file, or several one after the other into one report: ``path`` may name
    directories and globs, as on the command line (``files.expand``). Rows name their file where
    there are several, or ``several`` says so (None: where ``path`` names a set of files, a
    directory or a glob, ``files.named_as_set``); ``options`` are ``analyze_many``'s (encoding,
    allowed, ...).
    ``delimiter`` separates CSV fields; ``file_encoding`` is the encoding of a CSV or JSON Lines
    file that is not UTF-8 (a Python codec name: ``cp1252``, ``latin-1``, ``utf-16``)."""
    table = prices.source if prices is not None else None
    paths, several = named(path, several, table)
    output = None if output is None else os.fspath(output)
    settings = settings_of(
        paths,
        message_column=message_column,
        to_column=to_column,
        prices=prices,
        fmt=fmt,
        delimiter=delimiter,
        file_encoding=file_encoding,
        workers=workers,
        several=several,
        **options,
    )
    refuse_to_overwrite_inputs(output, paths, table)
    schema = settings.schema()
    report = settings.report()
    writer = Writer(output, settings.workers) if output else None
    try:
        # Every file through one pipeline, the next read as the last drains: read (and, for one
        # worker, parsed) on a thread of its own, judged by the workers, added here in order.
        check_blocks(settings, _files_read(settings, progress), report, writer, settings.workers)
        if writer is not None:
            writer.commit(schema)
    except KeyboardInterrupt as exc:  # Ctrl-C, or a signal the command line turned into one
        written = writer is not None and writer.committed
        if writer is not None:
            writer.discard()
        raise Interrupted(getattr(exc, "signum", signal.SIGINT), written) from None
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    return report


def _files_read(settings: Settings, progress: bool):
    """Each file's number and reader in turn, its progress bar shown while it is read."""
    for file, path in enumerate(settings.files):
        with _progress_bar(path, settings.fmt, progress) as bar:
            yield file, reader_of(settings, file, None, _advance(bar))


def _advance(bar):
    """The readers' progress callback: the bar moves to the position they report."""
    last = 0

    def advance(position: int) -> None:
        nonlocal last
        # A CSV file read again for a very long row starts over: the bar waits, never goes back.
        if bar is not None and position > last:
            bar.update(position - last)
        last = max(last, position)

    return advance


def _progress_bar(path: str, fmt: str | None, enabled: bool):
    """A file's progress bar, closed at the end of a ``with`` (no bar: None)."""
    if not enabled:
        return contextlib.nullcontext()
    fmt = file_format(path, fmt)
    try:
        from tqdm import tqdm
    except ImportError:
        return contextlib.nullcontext()
    if fmt == "parquet":
        pa = require_pyarrow()
        try:
            with pa.parquet.ParquetFile(path) as pf:
                total = pf.metadata.num_rows
        except (pa.ArrowException, OSError):
            total = None  # not Parquet after all: the reader says so
        return tqdm(total=total, unit=" rows", unit_scale=True, file=sys.stderr, leave=False)
    # Bytes of the file on disk: for a compressed file, compressed bytes read.
    return tqdm(total=os.path.getsize(path), unit="B", unit_scale=True, file=sys.stderr, leave=False)
