"""``nrs-codec check FILE...``: whole campaign files checked before they are sent, in one process
or on a Dask cluster (see ``nrs_codec.campaign``)."""

from __future__ import annotations

import argparse
import json
import sys

from ..campaign.formats import FORMAT_NAMES, PARTITION_BYTES
from ..core import codes
from .options import add_encoding_options, encoding_options


def add_parser(commands) -> None:
    """Register ``check`` on the ``nrs-codec`` sub-command parser."""
    p = commands.add_parser(
        "check",
        help="check campaign files (CSV, JSON Lines, Parquet): encodings, parts, cost, errors",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="campaign file: .csv, .jsonl / .ndjson or .parquet; CSV and JSON Lines may be compressed "
        "(.csv.gz, .jsonl.zst; also .bz2, .lz4, .br); several, a quoted glob ('night/*.csv') or a "
        "directory of them make one report",
    )
    p.add_argument("--message-column", default="message", help="column with the message text (message)")
    p.add_argument("--to-column", help="column with the recipient MSISDN, one per row")
    p.add_argument(
        "--prices", help="price table (CSV destination,price,currency or JSON) per part; needs --to-column"
    )
    p.add_argument(
        "--output",
        help="write per-row results to this .csv or .parquet file (with --dask: a directory of Parquet "
        "files, one per partition)",
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


def _delimiter(value: str) -> str:
    # A tab is hard to type in a shell; '\t' as typed arrives as two characters.
    return "\t" if value in ("\\t", "tab") else value


def main(args: argparse.Namespace) -> int:
    """Exit status: 0 when every row is fine, 1 when some rows have errors, 2 when the file (or
    an option) cannot be used at all."""
    from ..campaign.check import load_price_table, run_check  # NumPy, pyarrow: only when checking
    from ..campaign.errors import CheckError
    from ..campaign.files import expand

    try:
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
            encoding=args.encoding,
            **encoding_options(args),
        )
        files = expand(args.files)
        if args.dask:
            from ..campaign.cluster import run_check_dask

            report = run_check_dask(files, address=args.dask, partition_bytes=args.partition_bytes, **options)
        else:
            report = run_check(files, **options)
    except (CheckError, ValueError, TypeError, OSError) as exc:  # the file, or an option analyze_many refuses
        print(f"nrs-codec check: {exc}", file=sys.stderr)
        if args.json:  # the service's error shape
            print(
                json.dumps(
                    {"error": {"code": codes.INPUT_VALIDATION, "description": str(exc)}}, ensure_ascii=False
                )
            )
        return 2
    except KeyboardInterrupt:  # Ctrl-C on a long check: what happened, not a traceback
        kept = f"; {args.output} is as it was" if args.output else ""
        print(f"nrs-codec check: interrupted{kept}", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return 1 if report.errors else 0
