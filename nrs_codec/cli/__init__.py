"""The ``nrs-codec`` command line: one module per sub-command, shared options in ``options``.

Each sub-command module has ``add_parser(commands)``; ``main`` parses and runs one. Sub-commands
import what they need when they run, so ``nrs-codec analyze`` does not pay for pyarrow or
phonenumbers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import _extras
from . import analyze, check, decode, encode, preflight, serve


def _version() -> str:
    from importlib.metadata import version

    from ..core.engine import BACKEND

    return f"%(prog)s {version('nrs_codec')} ({BACKEND} back end)"


def build_parser() -> argparse.ArgumentParser:
    """The ``nrs-codec`` argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="nrs-codec", description="SMS encoding, septet counting, segmentation and pre-flight."
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (analyze, preflight, encode, decode, check, serve):
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nrs-codec`` with ``argv`` (default: the process's arguments); the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ModuleNotFoundError as exc:  # a capability whose extra is not installed
        error = _extras.hint(exc, f"nrs-codec {args.command}")
        if error is None:
            raise
        print(error, file=sys.stderr)
        return 2
    except BrokenPipeError:  # output closed early (e.g. piped into head): not an error of ours
        sys.stderr.close()
        return 0
