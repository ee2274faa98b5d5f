"""What ``nrs-codec decode`` prints for each TPDU type: a JSON-ready row with the provider's
camelCase names, and the same row as aligned text."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from .address import Address
from .pdu import DecodedPdu
from .reports import Command, Report, StatusReport
from .userdata import DecodedUserData
from .validity import EnhancedValidity


def _address(name: str, a: Address) -> dict:
    return {name: a.number, f"{name}Type": f"0x{a.type_of_address:02X}"}


def _time(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


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
        "udh": ud.udh.hex().upper() or None,
        "concatenation": [c.reference, c.total, c.number] if c else None,
        "ref16": c.ref16 if c else None,
        "ports": {"destination": p.destination, "source": p.source} if p else None,
        "waiting": {"active": w.active, "kind": w.kind, "store": w.store} if w else None,
        "text": ud.text,
        "payload": None if ud.text is not None else ud.payload.hex().upper(),
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
            "commandData": d.command_data.hex().upper(),
            "statusReport": d.status_report,
        }
    cause = d.failure_cause
    row |= {
        "error": d.error,
        "failureCause": {"value": cause.value, "description": cause.description} if cause else None,
        "parameterIndicator": d.parameter_indicator,
        "serviceCentreTime": _time(d.service_centre_time),
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
