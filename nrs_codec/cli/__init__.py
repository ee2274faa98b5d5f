"""The ``nrs-codec`` command line: one module per sub-command, shared options in ``options``.

Each sub-command module has ``add_parser(commands)``; ``main`` parses and runs one. Sub-commands
import what they need when they run, so ``nrs-codec analyze`` does not pay for pyarrow or
phonenumbers.
"""

from __future__ import annotations

import argparse
import os
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


class _ReaderMayLeave:
    """``sys.stdout`` while a command runs: once the reader of the output has gone (``| head``),
    what the command still prints goes nowhere, and the command ends with its own exit status
    (a check with errors: 1) instead of a closed pipe's error."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._to_nowhere()
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._to_nowhere()

    def _to_nowhere(self) -> None:
        # The descriptor now writes to /dev/null: what is buffered, and any later print, goes there.
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, self.stream.fileno())
        os.close(nowhere)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nrs-codec`` with ``argv`` (default: the process's arguments); the exit status."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # argparse would blame the top level; the misspelt option belongs to the sub-command, whose
        # usage is the one that helps.
        args.sub_parsers[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    stdout = sys.stdout
    if hasattr(stdout, "fileno"):
        sys.stdout = _ReaderMayLeave(stdout)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a reader gone is met here, not at exit
        return status
    except ModuleNotFoundError as exc:  # a capability whose extra is not installed
        error = _extras.hint(exc, f"nrs-codec {args.command}")
        if error is None:
            raise
        print(error, file=sys.stderr)
        return 2
    except BrokenPipeError:  # output closed early (written past sys.stdout): not an error of ours
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C outside a command's own handling (while it imports): no traceback
        print(f"nrs-codec {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        sys.stdout = stdout
