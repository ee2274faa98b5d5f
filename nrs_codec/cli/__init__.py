"""The ``nrs-codec`` command line: one module per sub-command, shared options in ``options``.

Each sub-command module has ``add_parser(commands)``; ``main`` parses and runs one. Sub-commands
import what they need when they run, so ``nrs-codec analyze`` does not pay for pyarrow or
phonenumbers.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from .. import _extras
from . import analyze, check, decode, encode, preflight, serve


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (``importlib.metadata``
    costs every other command 10-15 ms to import)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version().replace("%(prog)s", parser.prog))  # on stdout, as argparse's own
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from ..core.engine import BACKEND

    try:
        number = version("nrs_codec")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = "(source tree, not installed)"
    return f"%(prog)s {number} ({BACKEND} back end)"


def build_parser() -> argparse.ArgumentParser:
    """The ``nrs-codec`` argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="nrs-codec", description="SMS encoding, septet counting, segmentation and pre-flight."
    )
    parser.add_argument("--version", action=_Version, help="show the version and back end, and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (analyze, preflight, encode, decode, check, serve):
        module.add_parser(commands)
    # The sub-command parsers, for errors that belong to one of them (see main).
    parser.set_defaults(sub_parsers=commands.choices)
    return parser


# Exit statuses a command returns when a signal stopped it: 128 + the signal's number (SIGPIPE: the
# reader of the output left, as of ``| head``). ``console`` then ends the process by that signal.
_STOPPED = {
    128 + int(getattr(signal, name))
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE")
    if hasattr(signal, name)
}
_PIPE_GONE = 128 + int(getattr(signal, "SIGPIPE", 13))


def _needs(args: argparse.Namespace) -> str | None:
    """The extra the command needs as a whole (``check --dask``: dask's, which holds check's): a
    package missing from it names that extra, not the smaller one that holds the package, so
    that one install brings all the command needs."""
    if args.command == "check" and getattr(args, "dask", None):
        return "dask"
    return args.command if args.command in ("check", "serve") else None


def _to_nowhere() -> None:
    """Point standard output and error at /dev/null: what is still buffered, and anything printed
    later (at exit too), goes nowhere instead of failing again."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(nowhere, fd)
    os.close(nowhere)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nrs-codec`` with ``argv`` (default: the process's arguments); the exit status."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # argparse would blame the top level; the misspelt option belongs to the sub-command, whose
        # usage is the one that helps.
        args.sub_parsers[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        status = args.func(args)
        if sys.stdout is not None:  # None: the process was started with its output closed
            sys.stdout.flush()  # a reader gone is met here, not at exit
        return status
    except ModuleNotFoundError as exc:  # a capability whose extra is not installed
        error = _extras.hint(exc, f"nrs-codec {args.command}", _needs(args))
        if error is None:
            raise
        print(error, file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of the output left (``| head``): stop here, quietly, as a writer stopped by
        # SIGPIPE does. Not 0: the command did not finish (under ``set -o pipefail`` a check
        # with errors must not pass for one without).
        _to_nowhere()
        return _PIPE_GONE
    except KeyboardInterrupt:  # Ctrl-C outside a command's own handling (while it imports): no traceback
        print(f"nrs-codec {args.command}: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT


def console() -> None:
    """The ``nrs-codec`` command: ``main``, and a process stopped by a signal ends by that signal
    (after saying so), so that the shell running it sees a child stopped, and stops a script's
    loop on Ctrl-C as it does for any command."""
    status = main()
    if status in _STOPPED:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                try:
                    stream.flush()
                except OSError:
                    pass
        signal.signal(status - 128, signal.SIG_DFL)
        signal.raise_signal(status - 128)
    sys.exit(status)
