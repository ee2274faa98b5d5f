"""``nrs-codec check FILE...``: whole campaign files checked before they are sent, in one process
or on a Dask cluster (see ``nrs_codec.campaign``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys

from ..campaign.formats import FORMAT_NAMES, PARTITION_BYTES
from ..core import codes
from .options import add_encoding_options, encoding_options


def add_parser(commands) -> None:
    """Register ``check`` on the ``nrs-codec`` sub-command parser."""
    p = commands.add_parser(
        "check",
        help="check campaign files (CSV, JSON Lines, Parquet): encodings, parts, cost, errors",
        description="Check whole campaign files before they are sent, in one process or on a Dask "
        "cluster: how each message is encoded, its parts, the rows the provider would reject and "
        "why, and with --to-column and --prices the cost by country. The summary goes to standard "
        "output (--json: one JSON object), the per-row results to --output.",
        epilog="exit status: 0 every row is fine, 1 some rows have errors (the summary says which), "
        "2 the files or options cannot be used (the message says why and where), 128 + N stopped by "
        "signal N (Ctrl-C: 130; the message says what became of --output).",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="campaign file: .csv, .jsonl / .ndjson or .parquet; CSV and JSON Lines may be compressed "
        "(.csv.gz, .jsonl.zst; also .bz2, .lz4, .br); several, a quoted glob ('night/*.csv') or a "
        "directory of them make one report",
    )
    p.add_argument(
        "--message-column", default="message", type=_named, help="column with the message text (message)"
    )
    p.add_argument("--to-column", type=_named, help="column with the recipient MSISDN, one per row")
    p.add_argument(
        "--prices",
        type=_named,
        help="price table (CSV destination,price,currency or JSON) per part; needs --to-column",
    )
    p.add_argument(
        "--output",
        type=_named,
        help="write per-row results to this .csv or .parquet file (a .csv compressed as .csv.gz, .csv.zst "
        "or .csv.lz4; with --dask: a directory of Parquet files, one per partition)",
    )
    p.add_argument("--format", choices=FORMAT_NAMES, help="file format when the suffix does not tell")
    p.add_argument(
        "--delimiter",
        default=",",
        type=_delimiter,
        help="CSV field separator (default ,); '\\t' or tab for a tab",
    )
    p.add_argument(
        "--file-encoding",
        type=_named,
        help="encoding of a CSV or JSON Lines file that is not UTF-8, e.g. cp1252 or latin-1 for a "
        "spreadsheet's export (default: UTF-8, with or without a byte order mark)",
    )
    add_encoding_options(p)
    p.add_argument(
        "--workers",
        type=int,
        help="threads that check blocks of rows at once (default: every CPU; with --dask, 1 in each "
        "partition); -1 for every CPU",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        type=_named,
        help="check on a Dask cluster: its scheduler (tcp://host:8786), or local / local:N for N worker "
        "processes here; the files and --output must be at the same path on every worker",
    )
    p.add_argument(
        "--partition-bytes",
        type=int,
        default=PARTITION_BYTES,
        help=f"with --dask, bytes of CSV or JSON Lines (or Parquet row groups) per partition "
        f"(default {PARTITION_BYTES})",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    p.set_defaults(func=main)


def _named(value: str) -> str:
    # An empty value would read as the option left out: a nightly job whose $OUT or $PRICES is
    # unset would check without its output or prices, and say nothing.
    if not value:
        raise argparse.ArgumentTypeError("an empty value (is the variable that should hold it unset?)")
    return value


def _delimiter(value: str) -> str:
    # A tab is hard to type in a shell; '\t' as typed arrives as two characters.
    return "\t" if value in ("\\t", "tab") else value


def _prefer_jemalloc() -> None:
    """Arrow's buffers from jemalloc, where pyarrow has it and ``ARROW_DEFAULT_MEMORY_POOL`` does
    not choose: with mimalloc, Arrow's default, the check's blocks come back in fresh huge pages
    that the kernel zeroes, a fifth of a 2-worker check's CPU time in some runs."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow

    try:
        pyarrow.set_memory_pool(pyarrow.jemalloc_memory_pool())
    except (NotImplementedError, pyarrow.ArrowException):  # a build without jemalloc
        pass


def main(args: argparse.Namespace) -> int:
    """Exit status: 0 when every row is fine, 1 when some rows have errors, 2 when the file (or
    an option) cannot be used at all; 128 + the signal's number when Ctrl-C (130), SIGTERM (143)
    or SIGHUP (129) stopped it."""
    # NumPy's OpenBLAS starts a thread per CPU that spins when idle; the check never calls BLAS,
    # and the spinning takes CPU time from its workers (7 % on two CPUs). Before NumPy's import.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from ..campaign.check import load_price_table, refuse_to_overwrite_inputs, run_check  # only when checking
    from ..campaign.errors import CheckError, printable
    from ..campaign.files import expand, named_as_set

    _prefer_jemalloc()

    existed = bool(args.output) and os.path.exists(args.output)
    report = None
    try:
        with _signals_interrupt():
            files = expand(args.files, args.prices)  # not the price table kept beside them
            refuse_to_overwrite_inputs(args.output, files, args.prices)
            prices = load_price_table(args.prices) if args.prices else None
            options = dict(
                message_column=args.message_column,
                to_column=args.to_column,
                prices=prices,
                fmt=args.format,
                delimiter=args.delimiter,
                file_encoding=args.file_encoding,
                output=args.output,
                workers=args.workers if args.workers is not None else 1 if args.dask else -1,
                progress=not args.no_progress and sys.stderr.isatty(),
                several=named_as_set(args.files),
                encoding=args.encoding,
                **encoding_options(args),
            )
            if args.dask:
                from ..campaign.cluster import run_check_dask

                report = run_check_dask(
                    files, address=args.dask, partition_bytes=args.partition_bytes, **options
                )
            else:
                report = run_check(files, **options)
            summary = (
                json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
                if args.json
                else "\n".join(report.lines())
            )
    except (CheckError, ValueError, TypeError, OSError) as exc:  # the file, or an option analyze_many refuses
        said = printable(str(exc))  # a name of bytes that are not UTF-8, as the shell gave it
        print(f"nrs-codec check: {said}", file=sys.stderr)
        if args.json:  # the service's error shape
            print(
                json.dumps(
                    {"error": {"code": codes.INPUT_VALIDATION, "description": said}}, ensure_ascii=False
                )
            )
        return 2
    except KeyboardInterrupt as exc:  # what happened, not a traceback
        signum = getattr(exc, "signum", signal.SIGINT)
        written = report is not None or getattr(exc, "written", False)
        _say(f"nrs-codec check: {_stopped(signum)}{_output_state(args.output, existed, written)}")
        return 128 + signum
    # Printed outside the handlers above: a reader that stops early (``| head``) is not a file
    # the check could not read (the command's own handler takes it).
    print(summary)
    return 1 if report.errors else 0


def _stopped(signum: int) -> str:
    return "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"


def _output_state(output: str | None, existed: bool, written: bool) -> str:
    """What the ``--output`` file holds after a check was stopped."""
    if not output:
        return ""
    if written:
        return f" after the check had ended: {output} holds every row's result (the summary was not printed)"
    return f"; {output} is as it was" if existed else f"; {output} was not written"


def _say(message: str) -> None:
    """Print to stderr, which a hang-up may have closed."""
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr)


def _raise_interrupted(signum: int, frame) -> None:
    from ..campaign.errors import Interrupted

    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_interrupt():
    """SIGTERM and SIGHUP stop the check as Ctrl-C does, so that it cleans up after itself (by
    default they end the process on the spot, leaving the temporary output behind)."""
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {}
    try:
        for name in names:
            number = getattr(signal, name)
            if signal.getsignal(number) is signal.SIG_DFL:  # nohup's ignored SIGHUP stays ignored
                previous[number] = signal.signal(number, _raise_interrupted)
    except ValueError:  # not the main thread: signals stay as they are
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
