"""``nrs-codec encode``: the parts of a message as they go on the wire, in lower-case hex as the
service writes it."""

from __future__ import annotations

import argparse
import json
import sys

from ..core import codes
from ..core.rules import plan
from ..wire.segments import encode
from .options import add_encoding_options, encoding_options


def _fail(args: argparse.Namespace, status: int, code: int, message: str) -> int:
    """An error on stderr, and with ``--json`` also on stdout in the service's shape."""
    print(f"nrs-codec encode: {message}", file=sys.stderr)
    if args.json:
        print(json.dumps({"error": {"code": code, "description": message}}, ensure_ascii=False))
    return status


def _warn_of_destination(number: str) -> None:
    """A warning on stderr where ``--pdu``'s number is no valid number with its country prefix
    (``912345678`` would go to +91, India): said, not refused, since the PDU is what was asked
    for. Judged as pre-flight judges a recipient, where its [preflight] extra is installed."""
    try:
        from ..provider.recipients import recipient
    except ModuleNotFoundError:
        return
    digits = number.removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        return  # an alphanumeric destination ("Shop"): written as such, no number to judge
    judged = recipient(digits)
    if not judged.valid:
        print(
            f"nrs-codec encode: warning: --pdu {number}: {judged.reason}; the PDU is addressed to "
            f"+{number.removeprefix('+')} all the same",
            file=sys.stderr,
        )


def _cmd_encode(args: argparse.Namespace) -> int:
    options = encoding_options(args)
    limit = 0xFFFF if args.ref16 else 0xFF
    if args.reference is not None and not 0 <= args.reference <= limit:
        bits = "16" if args.ref16 else "8"
        message = (
            f"--reference must be 0 to {limit} (a {bits}-bit concatenation reference), not {args.reference}"
        )
        return _fail(args, 2, codes.INPUT_VALIDATION, message)
    try:  # the options themselves (an unknown encoding, say) are a usage error
        plan(args.encoding, options["allowed"], args.ref16, 0, args.force_shifts)
    except ValueError as exc:
        return _fail(args, 2, codes.INPUT_VALIDATION, str(exc))
    try:
        text = sys.stdin.read().removesuffix("\n") if args.text == "-" else args.text
        segments = encode(
            text,
            args.encoding,
            reference=args.reference,
            flash=args.flash,
            **options,
        )
    except OSError as exc:
        return _fail(args, 2, codes.INPUT_VALIDATION, f"cannot read input: {exc}")
    except ValueError as exc:  # the message: 113, 105, a lone surrogate
        return _fail(args, 1, getattr(exc, "code", codes.INPUT_VALIDATION), str(exc))
    if args.pdu is not None and not args.pdu.strip():
        return _fail(args, 2, codes.INPUT_VALIDATION, "--pdu needs the destination number (351912345678)")
    if args.smsc is not None and args.pdu is None:
        return _fail(args, 2, codes.INPUT_VALIDATION, "--smsc is the SMSC of the PDUs: give --pdu DEST too")
    try:
        pdus = [s.to_submit_pdu(args.pdu, smsc=args.smsc) if args.pdu else None for s in segments]
    except ValueError as exc:  # --pdu or --smsc: a usage error
        return _fail(args, 2, codes.INPUT_VALIDATION, str(exc))
    if args.pdu:
        _warn_of_destination(args.pdu)
    for n, (seg, pdu) in enumerate(zip(segments, pdus, strict=True), start=1):
        row = {
            "part": n,
            "parts": len(segments),
            "text": seg.text,
            "encoding": seg.encoding,
            "dataCoding": seg.data_coding,
            "esmClass": seg.esm_class,
            "udh": seg.udh.hex(),
            "udl": seg.udl,
            "userData": seg.user_data.hex(),
            "shortMessage": seg.short_message().hex(),
        }
        if pdu is not None:
            row["pdu"] = pdu.hex()
            row["cmgsLength"] = len(pdu) - 1 - pdu[0]
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        print(f"part {n}/{len(segments)}: {json.dumps(seg.text, ensure_ascii=False)}")
        print(f"  encoding       {seg.encoding} (TP-DCS 0x{seg.data_coding:02x}), TP-UDL {seg.udl}")
        print(f"  udh            {row['udh'] or '-'}")
        print(f"  user data      {row['userData']}")
        print(f"  short_message  {row['shortMessage']} (SMPP, esm_class 0x{seg.esm_class:02x})")
        if pdu is not None:
            print(f"  pdu            {row['pdu']} (AT+CMGS={row['cmgsLength']})")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``encode`` on the ``nrs-codec`` sub-command parser."""
    p = commands.add_parser("encode", help="the parts of a message as they go on the wire (hex)")
    p.add_argument("text", help="message text; - reads it from stdin")
    add_encoding_options(p, extra_udh=False)
    p.add_argument(
        "--pdu", metavar="DEST", help="also print SMS-SUBMIT PDUs to DEST (digits with country prefix)"
    )
    p.add_argument("--smsc", help="SMSC number for the PDUs (default: the modem's own)")
    p.add_argument("--reference", type=int, help="concatenation reference (default: random)")
    p.add_argument("--flash", action="store_true", help="message class 0")
    p.add_argument("--json", action="store_true", help="one JSON object per part and line")
    p.set_defaults(func=_cmd_encode)
