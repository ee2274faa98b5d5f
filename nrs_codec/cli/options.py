"""Command-line options shared by the sub-commands that choose and split an encoding, with the
same names and meanings as ``nrs_codec.analyze``'s keyword arguments."""

from __future__ import annotations

import argparse

from ..core.rules import DEFAULT_ALLOWED, ENCODINGS

_OPTIONS = ("allowed", "keep_graphemes", "ref16", "extra_udh", "force_shifts")


def add_encoding_options(p: argparse.ArgumentParser, *, extra_udh: bool = True) -> None:
    p.add_argument("--encoding", default="auto", help="auto (default), " + ", ".join(ENCODINGS))
    p.add_argument(
        "--allowed",
        default=",".join(DEFAULT_ALLOWED),
        help=f"encodings auto may choose, in order (default {','.join(DEFAULT_ALLOWED)}; any of the above)",
    )
    p.add_argument("--keep-graphemes", action="store_true", help="keep grapheme clusters whole in utf-16")
    p.add_argument("--ref16", action="store_true", help="16-bit concatenation reference")
    if extra_udh:
        p.add_argument("--extra-udh", type=int, default=0, help="octets of further UDH elements")
    p.add_argument(
        "--force-shifts", action="store_true", help="national encodings always carry both shift elements"
    )


def encoding_options(args: argparse.Namespace) -> dict:
    """The keyword arguments for ``analyze`` (and its relatives) that ``args`` holds, but
    ``encoding`` itself."""
    options = {name: getattr(args, name) for name in _OPTIONS if hasattr(args, name)}
    options["allowed"] = tuple(args.allowed.split(","))
    return options
