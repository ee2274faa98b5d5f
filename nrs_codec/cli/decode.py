"""``nrs-codec decode``: any TPDU given in hex, read back. For each TPDU type it prints a JSON-ready
row with the provider's camelCase names (hex in lower case, as the service writes it), or the same
row as aligned text."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta

from ..core import codes
from ..wire.address import Address
from ..wire.pdu import DIRECTIONS, DecodedPdu, decode_pdu
from ..wire.reports import Command, Report, StatusReport
from ..wire.userdata import DecodedUserData
from ..wire.validity import EnhancedValidity


def _address(name: str, a: Address) -> dict:
    return {name: a.number, f"{name}Type": f"0x{a.type_of_address:02x}"}


def _time(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def _odd(key: str, octets: bytes | None) -> dict[str, str]:
    """A time stamp that was not valid, as received (none when it was)."""
    return {} if octets is None else {key: octets.hex().upper()}


def _validity(v: object) -> object:
    if isinstance(v, timedelta):
        return {"relativeSeconds": int(v.total_seconds())}
    if isinstance(v, datetime):
        return {"absolute": v.isoformat()}
    if isinstance(v, EnhancedValidity):
        seconds = None if v.period is None else int(v.period.total_seconds())
        return {"enhancedSeconds": seconds, "format": v.format, "singleShot": v.single_shot}
    return None


def _user_data(ud: DecodedUserData | None) -> dict:
    if ud is None:
        return {}
    c, p, w = ud.concatenation, ud.ports, ud.waiting
    return {
        "alphabet": ud.alphabet,
        "messageClass": ud.message_class,
        "lockingShift": ud.locking_shift or None,
        "singleShift": ud.single_shift or None,
        "udh": ud.udh.hex() or None,
        "concatenation": [c.reference, c.total, c.number] if c else None,
        "ref16": c.ref16 if c else None,
        "ports": {"destination": p.destination, "source": p.source} if p else None,
        "waiting": {"active": w.active, "kind": w.kind, "store": w.store} if w else None,
        "text": ud.text,
        "payload": None if ud.text is not None else ud.payload.hex(),
    }


def pdu_row(d: DecodedPdu | StatusReport | Command | Report) -> dict:
    """The fields of a decoded TPDU, camelCase, None where the TPDU has no such field."""
    row: dict = {"kind": d.kind, "smsc": d.smsc.number if d.smsc else None, "firstOctet": d.first_octet}
    if isinstance(d, DecodedPdu):
        row |= {
            **_address("address", d.address),
            "messageReference": d.message_reference,
            "protocolIdentifier": d.protocol_identifier,
            "dataCoding": d.data_coding,
            "validity": _validity(d.validity),
            "timestamp": _time(d.timestamp),
            **_odd("timestampOctets", d.timestamp_octets),
            "statusReport": d.status_report,
            "rejectDuplicates": d.reject_duplicates if d.kind == "SMS-SUBMIT" else None,
            "moreMessages": d.more_messages if d.kind == "SMS-DELIVER" else None,
            "replyPath": d.reply_path,
        }
        return row | _user_data(d.user_data)
    if isinstance(d, StatusReport):
        s = d.status
        row |= {
            "messageReference": d.message_reference,
            **_address("recipient", d.recipient),
            "serviceCentreTime": _time(d.service_centre_time),
            "dischargeTime": _time(d.discharge_time),
            **_odd("serviceCentreTimeOctets", d.service_centre_time_octets),
            **_odd("dischargeTimeOctets", d.discharge_time_octets),
            "status": {"value": s.value, "description": s.description, "category": s.category},
            "delivered": s.delivered,
            "final": s.final,
            "qualifier": d.qualifier,
            "moreMessages": d.more_messages,
            "protocolIdentifier": d.protocol_identifier,
            "dataCoding": d.data_coding,
        }
        return row | _user_data(d.user_data)
    if isinstance(d, Command):
        return row | {
            "messageReference": d.message_reference,
            "protocolIdentifier": d.protocol_identifier,
            "commandType": d.command_type,
            "commandName": d.command_name,
            "messageNumber": d.message_number,
            **_address("destination", d.destination),
            "commandData": d.command_data.hex(),
            "statusReport": d.status_report,
        }
    cause = d.failure_cause
    row |= {
        "error": d.error,
        "failureCause": {"value": cause.value, "description": cause.description} if cause else None,
        "parameterIndicator": d.parameter_indicator,
        "serviceCentreTime": _time(d.service_centre_time),
        **_odd("serviceCentreTimeOctets", d.service_centre_time_octets),
        "protocolIdentifier": d.protocol_identifier,
        "dataCoding": d.data_coding,
    }
    return row | _user_data(d.user_data)


def _shown(key: str, value: object) -> str:
    if key == "text":
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


def render(row: dict) -> str:
    """The row as one aligned ``key value`` line per field that is present."""
    return "\n".join(f"  {key:<18} {_shown(key, value)}" for key, value in row.items() if value is not None)


def _hex(text: str) -> bool:
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True


def _cmd_decode(args: argparse.Namespace) -> int:
    try:
        d = decode_pdu(args.pdu, smsc=not args.no_smsc, direction=args.direction, report=args.report)
    except ValueError as exc:
        print(f"nrs-codec decode: {exc}", file=sys.stderr)
        if args.json:  # the service's error shape
            print(json.dumps({"error": {"code": codes.INPUT_VALIDATION, "description": str(exc)}}))
        # A PDU with errors is 1; text that is no hex at all is not what the command takes.
        return 1 if _hex(args.pdu) else 2
    row = pdu_row(d)
    out = json.dumps(row, ensure_ascii=False) if args.json else render(row)
    # Half a surrogate pair (a part of a message another sender split mid-pair) cannot be written as
    # UTF-8: "\udXXX" instead, which is also how JSON escapes it.
    print(out.encode("utf-8", "backslashreplace").decode("utf-8"))
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``decode`` on the ``nrs-codec`` sub-command parser."""
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
