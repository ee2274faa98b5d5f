"""Command-line options shared by the sub-commands that choose and split an encoding, with the
same names and meanings as ``nrs_codec.analyze``'s keyword arguments."""

from __future__ import annotations

import argparse

from ..core.national import national_encodings
from ..core.rules import DEFAULT_ALLOWED, ENCODINGS

_OPTIONS = ("allowed", "keep_graphemes", "ref16", "extra_udh", "force_shifts")


def add_encoding_options(p: argparse.ArgumentParser, *, extra_udh: bool = True) -> None:
    p.add_argument("--encoding", default="auto", help="auto (default), " + ", ".join(ENCODINGS))
    allowed = p.add_mutually_exclusive_group()
    allowed.add_argument(
        "--allowed",
        default=",".join(DEFAULT_ALLOWED),
        help=f"encodings auto may choose, in order (default {','.join(DEFAULT_ALLOWED)}; any of the above)",
    )
    allowed.add_argument(
        "--national",
        metavar="COUNTRY",
        type=_national,
        help="instead of --allowed: gsm, the national tables handsets of COUNTRY send with, utf-16"
        " (nrs_codec.national_encodings: TR gives gsm,gsm-tr-single,utf-16; IN the ten Indian languages)",
    )
    p.add_argument("--keep-graphemes", action="store_true", help="keep grapheme clusters whole in utf-16")
    p.add_argument("--ref16", action="store_true", help="16-bit concatenation reference")
    if extra_udh:
        p.add_argument("--extra-udh", type=int, default=0, help="octets of further UDH elements")
    p.add_argument(
        "--force-shifts", action="store_true", help="national encodings always carry both shift elements"
    )


def _national(country: str) -> tuple[str, ...]:
    try:
        return national_encodings(country)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def encoding_options(args: argparse.Namespace) -> dict:
    """The keyword arguments for ``analyze`` (and its relatives) that ``args`` holds, but
    ``encoding`` itself."""
    options = {name: getattr(args, name) for name in _OPTIONS if hasattr(args, name)}
    options["allowed"] = args.national or tuple(args.allowed.split(","))
    return options
