"""SMS-SUBMIT and SMS-DELIVER TPDUs as a GSM modem exchanges them in PDU mode (3GPP TS 23.040 §9.2.2),
and ``decode_pdu``, which reads every TPDU type (``reports.py`` holds the reports and the command).

A PDU here starts with the SMSC address field, as ``AT+CMGS`` / ``AT+CMGL`` use it; ``00`` there
means the modem's configured SMSC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from .address import (
    Address,
    address_field,
    read_address,
    read_smsc,
    smsc_field,
)
from .reports import Command, Report, StatusReport, read_command, read_report, read_status_report
from .tpdu import Reader, check_octet, pdu_octets
from .userdata import DecodedUserData, decode_user_data
from .validity import (
    Validity,
    read_timestamp_as_sent,
    read_validity,
    timestamp_octets,
    validity_field,
)

MTI_DELIVER = 0x00
MTI_SUBMIT = 0x01
MTI_STATUS_REPORT = 0x02  # SMS-COMMAND from a handset
MTI_RESERVED = 0x03
DIRECTIONS = ("sc-to-ms", "ms-to-sc")
# First-octet bits (§9.2.3): their meaning depends on the TPDU type.
BIT_RD_MMS = 0x04  # TP-RD in a SUBMIT; TP-MMS in a DELIVER or a STATUS-REPORT
BIT_LP = 0x08  # TP-LP in a DELIVER or a STATUS-REPORT
BIT_SRR = 0x20  # TP-SRR in a SUBMIT or a COMMAND, TP-SRI in a DELIVER, TP-SRQ in a STATUS-REPORT
BIT_UDHI = 0x40
BIT_RP = 0x80


@dataclass(frozen=True, slots=True)
class DecodedPdu:
    """An SMS-SUBMIT or SMS-DELIVER TPDU read back.

    ``address`` is TP-DA of a submit or TP-OA of a deliver. ``message_reference`` and ``validity``
    (a timedelta, an aware datetime, or an ``EnhancedValidity``) belong to a submit, ``timestamp``
    (TP-SCTS) to a deliver; a TP-SCTS that is not a valid time stamp is kept as received in
    ``timestamp_octets`` (None when it was valid) and ``timestamp`` is then the local time as
    written without a zone, or None (``validity.read_timestamp_as_sent``). ``status_report`` is
    TP-SRR or TP-SRI. The other flags of the first octet are properties: ``reply_path``,
    ``reject_duplicates`` (submit), ``more_messages`` and ``loop_prevention`` (deliver).
    """

    kind: str
    smsc: Address | None
    first_octet: int
    address: Address
    protocol_identifier: int
    data_coding: int
    user_data: DecodedUserData
    message_reference: int | None = None
    validity: Validity | None = None
    timestamp: datetime | None = None
    status_report: bool = False
    timestamp_octets: bytes | None = None

    @property
    def text(self) -> str | None:
        """The text of the user data; None for 8-bit data (``user_data.payload`` holds it)."""
        return self.user_data.text

    @property
    def reply_path(self) -> bool:
        """TP-RP: the reply goes through the same SC."""
        return bool(self.first_octet & BIT_RP)

    @property
    def reject_duplicates(self) -> bool:
        """TP-RD of a submit: the SC rejects a submit with the TP-MR and TP-DA of one it holds."""
        return self.kind == "SMS-SUBMIT" and bool(self.first_octet & BIT_RD_MMS)

    @property
    def more_messages(self) -> bool:
        """A deliver's TP-MMS: more messages wait in the SC (the bit is 0 then)."""
        return self.kind == "SMS-DELIVER" and not self.first_octet & BIT_RD_MMS

    @property
    def loop_prevention(self) -> bool:
        """A deliver's TP-LP: the message was forwarded, or is a spawned message."""
        return self.kind == "SMS-DELIVER" and bool(self.first_octet & BIT_LP)


def _flag(value: object, what: str) -> int:
    if type(value) is not bool:
        raise TypeError(f"{what} must be True or False, not {value!r}")
    return int(value)


def _check_user_data(user_data: object, udl: object, data_coding: object) -> None:
    if not isinstance(user_data, bytes | bytearray):
        raise TypeError(f"user_data must be bytes, not {type(user_data).__name__}")
    check_octet(udl, "udl")
    check_octet(data_coding, "data_coding")


def submit_pdu(
    user_data: bytes,
    udl: int,
    data_coding: int,
    udhi: bool,
    destination: str | Address,
    *,
    smsc: str | Address | None = None,
    message_reference: int = 0,
    validity: Validity | None = None,
    status_report: bool = False,
    reject_duplicates: bool = False,
    reply_path: bool = False,
    protocol_identifier: int = 0,
    destination_type: str | None = None,
) -> bytes:
    """An SMS-SUBMIT PDU, SMSC address field first, for user data already encoded.

    ``destination`` is read by ``Address.parse`` with ``destination_type`` as its kind; the
    other arguments are ``Segment.to_submit_pdu``'s, which documents them.
    """
    _check_user_data(user_data, udl, data_coding)
    smsc_octets = smsc_field(smsc)
    check_octet(message_reference, "message_reference")
    check_octet(protocol_identifier, "protocol_identifier")
    da = address_field(Address.parse(destination, destination_type, what="destination"))
    vpf, vp = validity_field(validity)
    first = (
        MTI_SUBMIT
        | _flag(reject_duplicates, "reject_duplicates") * BIT_RD_MMS
        | vpf << 3
        | _flag(status_report, "status_report") * BIT_SRR
        | bool(udhi) * BIT_UDHI
        | _flag(reply_path, "reply_path") * BIT_RP
    )
    header = bytes((first, message_reference)) + da + bytes((protocol_identifier, data_coding))
    return smsc_octets + header + vp + bytes((udl,)) + bytes(user_data)


def deliver_pdu(
    user_data: bytes,
    udl: int,
    data_coding: int,
    udhi: bool,
    originator: str | Address,
    *,
    timestamp: datetime | None = None,
    smsc: str | Address | None = None,
    more_messages: bool = False,
    loop_prevention: bool = False,
    status_report: bool = False,
    reply_path: bool = False,
    protocol_identifier: int = 0,
    originator_type: str | None = None,
) -> bytes:
    """An SMS-DELIVER PDU, SMSC address field first, as an SC sends it to a handset (for tests and
    SMSC simulators).

    ``originator`` is read by ``Address.parse`` with ``originator_type`` as its kind (text with a
    letter is an alphanumeric sender). ``timestamp`` is TP-SCTS, an aware datetime (now in UTC when
    None). ``more_messages`` clears TP-MMS, ``status_report`` sets TP-SRI, ``loop_prevention``
    TP-LP, ``reply_path`` TP-RP. Example::

        deliver_pdu(bytes.fromhex("E834"), 2, 0, False, "MMoney", timestamp=when)  # "hi" from MMoney
    """
    _check_user_data(user_data, udl, data_coding)
    smsc_octets = smsc_field(smsc)
    check_octet(protocol_identifier, "protocol_identifier")
    oa = address_field(Address.parse(originator, originator_type, what="originator"))
    when = datetime.now(timezone.utc).replace(microsecond=0) if timestamp is None else timestamp
    scts = timestamp_octets(when, "timestamp")
    first = (
        MTI_DELIVER
        | (1 - _flag(more_messages, "more_messages")) * BIT_RD_MMS
        | _flag(loop_prevention, "loop_prevention") * BIT_LP
        | _flag(status_report, "status_report") * BIT_SRR
        | bool(udhi) * BIT_UDHI
        | _flag(reply_path, "reply_path") * BIT_RP
    )
    fields = bytes((first,)) + oa + bytes((protocol_identifier, data_coding)) + scts
    return smsc_octets + fields + bytes((udl,)) + bytes(user_data)


def _read_submit_or_deliver(r: Reader, first: int, centre: Address | None, submit: bool) -> DecodedPdu:
    extra: dict = {}
    if submit:
        extra["message_reference"] = r.octet("TP-MR")
        address = read_address(r, "TP-DA")
    else:
        address = read_address(r, "TP-OA")
    pid = r.octet("TP-PID")
    dcs = r.octet("TP-DCS")
    if submit:
        extra["validity"] = read_validity(r, first >> 3 & 3)
    else:
        extra["timestamp"], extra["timestamp_octets"] = read_timestamp_as_sent(
            r.take(7, "TP-SCTS"), "TP-SCTS"
        )
    udl = r.octet("TP-UDL")
    user_data = decode_user_data(r.rest(), udl, dcs, udhi=bool(first & BIT_UDHI))
    return DecodedPdu(
        kind="SMS-SUBMIT" if submit else "SMS-DELIVER",
        smsc=centre,
        first_octet=first,
        address=address,
        protocol_identifier=pid,
        data_coding=dcs,
        user_data=user_data,
        status_report=bool(first & BIT_SRR),
        **extra,
    )


def decode_pdu(
    pdu: bytes | str, *, smsc: bool = True, direction: str | None = None, report: str | None = None
) -> DecodedPdu | StatusReport | Command | Report:
    """Read a TPDU of any type, given as bytes or hexadecimal text.

    With ``smsc=False`` the PDU is a bare TPDU, without the SMSC address field in front (as the
    reports come). TP-MTI names the type only together with the direction of transfer:

    ========  ======================  =========================  ==================
    TP-MTI    ``"sc-to-ms"``          ``"ms-to-sc"``             None (default)
    ========  ======================  =========================  ==================
    0         SMS-DELIVER             SMS-DELIVER-REPORT         SMS-DELIVER
    1         SMS-SUBMIT-REPORT       SMS-SUBMIT                 SMS-SUBMIT
    2         SMS-STATUS-REPORT       SMS-COMMAND                SMS-STATUS-REPORT
    3         SMS-DELIVER             (an error)                 SMS-DELIVER
    ========  ======================  =========================  ==================

    The default reads what a modem shows: what it sends and stores (SUBMIT) and what it receives
    (DELIVER, STATUS-REPORT). A reserved TP-MTI from the SC reads as a DELIVER, as TS 23.040
    §9.2.3.1 asks of a handset. ``report`` says which form a SUBMIT-REPORT or DELIVER-REPORT has:
    ``"error"`` (RP-ERROR, with TP-FCS) or ``"ack"`` (RP-ACK); None infers it from the octet after
    the first, a TP-FCS when its bit 7 is set (TP-FCS values below 0x80 are reserved, and a TP-PI
    with bit 7 set would announce extension octets no one defines).

    Returns a ``DecodedPdu`` (SUBMIT, DELIVER), ``StatusReport``, ``Command`` or ``Report`` (the
    SUBMIT-REPORT and DELIVER-REPORT; ``kind`` names each). Raises TypeError for input that is not
    bytes or text, ValueError naming the field that is truncated, inconsistent or invalid. Example::

        decode_pdu("0006D60B911326880736F4111011719551401110117195714000").status.category
        # 'delivered'
    """
    if direction not in (None, *DIRECTIONS):
        raise ValueError(f"direction must be None, 'sc-to-ms' or 'ms-to-sc', not {direction!r}")
    if report not in (None, "ack", "error"):
        raise ValueError(f"report must be None, 'ack' or 'error', not {report!r}")
    r = Reader(pdu_octets(pdu))
    centre = read_smsc(r) if smsc else None
    first = r.octet("first octet")
    mti = first & 0x03
    to_sc = direction == "ms-to-sc"
    if mti == MTI_SUBMIT and direction != "sc-to-ms":
        return _read_submit_or_deliver(r, first, centre, submit=True)
    if mti in (MTI_DELIVER, MTI_RESERVED) and not to_sc:
        return _read_submit_or_deliver(r, first, centre, submit=False)
    if mti == MTI_STATUS_REPORT:
        return read_command(r, first, centre) if to_sc else read_status_report(r, first, centre)
    if mti == MTI_RESERVED:
        raise ValueError("TP-MTI 3 is reserved: no TPDU from a handset has it")
    return read_report(r, first, centre, deliver=mti == MTI_DELIVER, report=report)
