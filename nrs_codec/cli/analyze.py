"""``nrs-codec analyze``: encoding, units, parts and part boundaries of messages, and the changes
that would save parts (``nrs_codec.suggest``)."""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import lzma
import os
import sys
import zlib

from .. import _extras
from .._generated.tables import LANGUAGES
from .._text import quote
from ..core import codes
from ..core.engine import analyze
from ..core.results import Analysis
from ..core.rules import plan
from ..core.suggest import Suggestion, suggest
from .options import add_encoding_options, encoding_options


def _describe(text: str, a: Analysis, suggestions: tuple[Suggestion, ...]) -> list[str]:
    unit = "UTF-16 code units" if a.encoding == "utf-16" else "septets"
    lines = [f"  encoding   {a.encoding}"]
    if a.encoding != "utf-16" and (a.locking_shift or a.single_shift):
        lines[0] += (
            f" (locking shift {a.locking_shift} {LANGUAGES[a.locking_shift]},"
            f" single shift {a.single_shift} {LANGUAGES[a.single_shift]})"
        )
    lines += [
        f"  units      {a.units} {unit}",
        f"  parts      {a.parts} (totalSmsParts per recipient)",
        f"  capacity   {a.capacity} per part, {a.remaining} free in the last",
        f"  header     {a.udh_octets} UDH octets per part",
    ]
    for n, (start, end) in enumerate(a.spans, start=1):
        lines.append(f"  part {n:<5} [{start}:{end}] {quote(text[start:end])}")
    if a.non_gsm:
        shown = ", ".join(f"{c!r} at {i}" for i, c in a.non_gsm[:12])
        more = f" and {len(a.non_gsm) - 12} more" if len(a.non_gsm) > 12 else ""
        lines.append(f"  non-GSM    {shown}{more}")
    for s in suggestions:
        lines.append(f"  suggestion {s.kind}: {s.description}")
    return lines


# Compressed --file inputs, as nrs-codec check reads them: by suffix, or by magic number for a file
# named otherwise. gzip, bzip2 and xz come with Python; the others need pyarrow (the [check] extra).
_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd", ".zstd": "zstd"}
_SUFFIXES |= {".lz4": "lz4", ".br": "brotli"}
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"))
_MAGIC += ((b"\x04\x22\x4d\x18", "lz4"),)


def _compression(path: str, head: bytes) -> str | None:
    by_name = _SUFFIXES.get(os.path.splitext(path)[1].lower())
    return by_name or next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        data = f.read()
    compression = _compression(path, data[:8])
    if compression == "gzip":
        return gzip.decompress(data)
    if compression == "bz2":
        return bz2.decompress(data)
    if compression == "xz":
        return lzma.decompress(data)
    if compression is not None:
        try:
            import pyarrow as pa
        except ImportError:
            raise OSError(f"{path}: {compression} needs pyarrow: {_extras.install('check')}") from None
        with pa.input_stream(path, compression=compression) as stream:
            return stream.read()
    return data


def _lines(data: bytes) -> list[str]:
    """One message per line, blank lines kept, so that message N is line N (a final newline ends
    the last line; it does not start another)."""
    text = data.decode("utf-8-sig")
    if not text:
        return []
    return [line.removesuffix("\r") for line in text.removesuffix("\n").split("\n")]


def _read_messages(args: argparse.Namespace) -> list[str]:
    messages = []
    for text in args.text:
        messages.append(sys.stdin.read().removesuffix("\n") if text == "-" else text)
    for path in args.file or ():
        messages.extend(_lines(_file_bytes(path)))
    return messages


def _fail(args: argparse.Namespace, message: str) -> int:
    """The command could not run: said on stderr, and with ``--json`` on stdout in the service's
    shape, as every sub-command says it."""
    print(f"nrs-codec analyze: {message}", file=sys.stderr)
    if args.json:
        error = {"code": codes.INPUT_VALIDATION, "description": message}
        print(json.dumps({"error": error}, ensure_ascii=False))
    return 2


def _cmd_analyze(args: argparse.Namespace) -> int:
    try:
        messages = _read_messages(args)
    except UnicodeDecodeError as exc:
        return _fail(args, f"not UTF-8 text (byte at offset {exc.start}): {exc.reason}")
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
        return _fail(args, f"cannot read input: {exc}")
    if not messages:
        return _fail(args, "no message given (TEXT, - for stdin, or --file)")
    options = encoding_options(args)
    try:
        plan(args.encoding, options["allowed"], args.ref16, args.extra_udh, args.force_shifts)
    except ValueError as exc:
        return _fail(args, str(exc))
    status = 0
    results = []
    for n, text in enumerate(messages, start=1):
        try:
            a = analyze(text, args.encoding, **options)
        except ValueError as exc:
            status = 1
            # The service's error shape: {"error": {"code", "description"}}.
            error = {"code": getattr(exc, "code", codes.INPUT_VALIDATION), "description": str(exc)}
            results.append({"message": text, "error": error})
            if not args.json:
                print(f"message {n}: {quote(text)}\n  error      {error['code']}: {exc}")
            continue
        found = suggest(text, args.encoding, **options)
        results.append({"message": text, **a.to_dict(), "suggestions": [s.to_dict() for s in found]})
        if not args.json:
            print(f"message {n}: {quote(text)}")
            print("\n".join(_describe(text, a, found)))
    if args.json:
        for r in results:
            print(json.dumps(r, ensure_ascii=False))
    return status


def add_parser(commands) -> None:
    """Register ``analyze`` on the ``nrs-codec`` sub-command parser."""
    p = commands.add_parser("analyze", help="encoding, units and parts of messages")
    p.add_argument("text", nargs="*", help="message text; - reads one message from stdin")
    p.add_argument(
        "--file",
        action="append",
        help="read one message per line from FILE (blank lines kept: message N is line N; "
        ".gz, .bz2, .xz, .zst, .lz4 and .br are decompressed)",
    )
    add_encoding_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object per message and line")
    p.set_defaults(func=_cmd_analyze)
