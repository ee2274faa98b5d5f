"""``nrs-codec encode``: the parts of a message as they go on the wire, in hex."""

from __future__ import annotations

import argparse
import json
import sys

from ..wire.segments import encode
from .options import add_encoding_options, encoding_options


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
            "dataCoding": seg.data_coding,
            "esmClass": seg.esm_class,
            "udh": seg.udh.hex().upper(),
            "udl": seg.udl,
            "userData": seg.user_data.hex().upper(),
            "shortMessage": seg.short_message().hex().upper(),
        }
        if pdu is not None:
            row["pdu"] = pdu.hex().upper()
            row["cmgsLength"] = len(pdu) - 1 - pdu[0]
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        print(f"part {n}/{len(segments)}: {json.dumps(seg.text, ensure_ascii=False)}")
        print(f"  encoding       {seg.encoding} (TP-DCS 0x{seg.data_coding:02X}), TP-UDL {seg.udl}")
        print(f"  udh            {row['udh'] or '-'}")
        print(f"  user data      {row['userData']}")
        print(f"  short_message  {row['shortMessage']} (SMPP, esm_class 0x{seg.esm_class:02X})")
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
