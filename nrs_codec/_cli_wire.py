"""The ``encode`` and ``decode`` sub-commands of ``nrs-codec``: parts as hex, and PDUs read back."""

from __future__ import annotations

import argparse
import json
import sys

from ._cli_decode import pdu_row, render
from ._cli_options import add_encoding_options, encoding_options
from .pdu import DIRECTIONS, decode_pdu
from .wire import encode


def _cmd_encode(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read().removesuffix("\n") if args.text == "-" else args.text
        segments = encode(
            text,
            args.encoding,
            reference=args.reference,
            flash=args.flash,
            **encoding_options(args),
        )
        pdus = [s.to_submit_pdu(args.pdu, smsc=args.smsc) if args.pdu else None for s in segments]
    except (OSError, ValueError) as exc:
        print(f"nrs-codec encode: {exc}", file=sys.stderr)
        return 1
    for n, (seg, pdu) in enumerate(zip(segments, pdus, strict=True), start=1):
        row = {
            "part": n,
            "parts": len(segments),
            "text": seg.text,
            "encoding": seg.encoding,
            "data_coding": seg.data_coding,
            "esm_class": seg.esm_class,
            "udh": seg.udh.hex().upper(),
            "udl": seg.udl,
            "user_data": seg.user_data.hex().upper(),
            "short_message": seg.short_message().hex().upper(),
        }
        if pdu is not None:
            row["pdu"] = pdu.hex().upper()
            row["cmgs_length"] = len(pdu) - 1 - pdu[0]
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        print(f"part {n}/{len(segments)}: {json.dumps(seg.text, ensure_ascii=False)}")
        print(f"  encoding       {seg.encoding} (TP-DCS 0x{seg.data_coding:02X}), TP-UDL {seg.udl}")
        print(f"  udh            {row['udh'] or '-'}")
        print(f"  user data      {row['user_data']}")
        print(f"  short_message  {row['short_message']} (SMPP, esm_class 0x{seg.esm_class:02X})")
        if pdu is not None:
            print(f"  pdu            {row['pdu']} (AT+CMGS={row['cmgs_length']})")
    return 0


def _cmd_decode(args: argparse.Namespace) -> int:
    try:
        d = decode_pdu(args.pdu, smsc=not args.no_smsc, direction=args.direction, report=args.report)
    except ValueError as exc:
        print(f"nrs-codec decode: {exc}", file=sys.stderr)
        return 1
    row = pdu_row(d)
    out = json.dumps(row, ensure_ascii=False) if args.json else render(row)
    # Half a surrogate pair (a part of a message another sender split mid-pair) cannot be written as
    # UTF-8: "\udXXX" instead, which is also how JSON escapes it.
    print(out.encode("utf-8", "backslashreplace").decode("utf-8"))
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``encode`` and ``decode`` to the ``nrs-codec`` sub-commands."""
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

    p = commands.add_parser("decode", help="read a PDU given in hex (any TPDU type)")
    p.add_argument("pdu", help="the PDU in hexadecimal, SMSC address field first")
    p.add_argument("--no-smsc", action="store_true", help="the PDU has no SMSC address field")
    p.add_argument(
        "--direction",
        choices=DIRECTIONS,
        help="sc-to-ms: DELIVER, SUBMIT-REPORT, STATUS-REPORT; ms-to-sc: DELIVER-REPORT, SUBMIT, COMMAND "
        "(default: DELIVER, SUBMIT, STATUS-REPORT)",
    )
    p.add_argument(
        "--report",
        choices=("ack", "error"),
        help="the RP-ACK or RP-ERROR form of a report (default: inferred)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=_cmd_decode)
