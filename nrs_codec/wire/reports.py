"""The TPDUs besides SUBMIT and DELIVER (3GPP TS 23.040 §9.2.2.1a-§9.2.2.4): SMS-STATUS-REPORT,
SMS-COMMAND, SMS-SUBMIT-REPORT and SMS-DELIVER-REPORT, read (``decode_pdu`` dispatches here) and
written (for tests and SMSC simulators).

The writers put the SMSC address field in front as ``submit_pdu`` does (``00`` by default), so
``decode_pdu`` reads their output as it is; a report travels without it (``AT+CNMA``, the
``<ackpdu>`` of ``+CMGS``), which is ``pdu[1:]`` with the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from .address import Address, address_field, read_address, smsc_field
from .causes import FailureCause, Status, command_type_name, failure_cause, tp_status
from .tpdu import MAX_TPDU_OCTETS, Reader, check_octet
from .userdata import DecodedUserData, decode_user_data
from .validity import read_timestamp_as_sent, timestamp_octets


class Content(Protocol):
    """What a report's optional user data is taken from: a ``Segment`` of ``encode`` or
    ``encode_binary`` (its TP-DCS, TP-UDL, TP-UD and header)."""

    @property
    def data_coding(self) -> int: ...
    @property
    def udl(self) -> int: ...
    @property
    def user_data(self) -> bytes: ...
    @property
    def udh(self) -> bytes: ...


_PI_PID, _PI_DCS, _PI_UDL, _PI_EXTENSION = 0x01, 0x02, 0x04, 0x80
_UDHI = 0x40


@dataclass(frozen=True, slots=True)
class StatusReport:
    """An SMS-STATUS-REPORT: what became of the message the handset submitted with TP-MR
    ``message_reference`` to ``recipient`` (TP-RA).

    ``service_centre_time`` (TP-SCTS) is when the SC received that message, ``discharge_time``
    (TP-DT) when it was delivered or the attempt the status is about was made. A time stamp that
    is not valid does not lose the report: its ``*_octets`` field holds the 7 octets as received
    (None when the time stamp was valid) and the time is the local time as written without a zone
    (``tzinfo`` None) when only the time-zone octet is odd, None when the date or time is not
    valid (see ``validity.read_timestamp_as_sent``). ``status`` is TP-ST
    with its meaning and class (``status.delivered``, ``status.final``). The optional parameters
    (TP-PI) are None when absent: ``protocol_identifier``, ``data_coding``, ``user_data``.
    """

    smsc: Address | None
    first_octet: int
    message_reference: int
    recipient: Address
    service_centre_time: datetime | None
    discharge_time: datetime | None
    status: Status
    parameter_indicator: int | None = None
    protocol_identifier: int | None = None
    data_coding: int | None = None
    user_data: DecodedUserData | None = None
    kind: str = "SMS-STATUS-REPORT"
    service_centre_time_octets: bytes | None = None
    discharge_time_octets: bytes | None = None

    @property
    def more_messages(self) -> bool:
        """TP-MMS: more messages wait in the SC (the bit is 0 then)."""
        return not self.first_octet & 0x04

    @property
    def loop_prevention(self) -> bool:
        """TP-LP: the report was forwarded, or is a spawned message."""
        return bool(self.first_octet & 0x08)

    @property
    def qualifier(self) -> str:
        """TP-SRQ: the report answers an SMS-SUBMIT (``"submit"``) or an SMS-COMMAND (``"command"``)."""
        return "command" if self.first_octet & 0x20 else "submit"

    @property
    def text(self) -> str | None:
        """The text of the optional user data, None when it has none."""
        return self.user_data.text if self.user_data else None


@dataclass(frozen=True, slots=True)
class Command:
    """An SMS-COMMAND: an operation (TP-CT ``command_type``, described by ``command_name``) on the
    message the handset submitted with TP-MR ``message_number`` (TP-MN) to ``destination`` (TP-DA).
    ``message_reference`` is the command's own TP-MR; ``command_data`` is TP-CD, which starts with
    a header when ``udhi`` (TP-UDHI) is set. ``status_report`` is TP-SRR."""

    smsc: Address | None
    first_octet: int
    message_reference: int
    protocol_identifier: int
    command_type: int
    message_number: int
    destination: Address
    command_data: bytes
    kind: str = "SMS-COMMAND"

    @property
    def command_name(self) -> str:
        """What TP-CT asks of the SC (enquiry, cancel or enable a status report, delete)."""
        return command_type_name(self.command_type)

    @property
    def status_report(self) -> bool:
        """TP-SRR: a status report on the command's result is requested."""
        return bool(self.first_octet & 0x20)

    @property
    def udhi(self) -> bool:
        """TP-UDHI: TP-CD starts with a user data header."""
        return bool(self.first_octet & _UDHI)


@dataclass(frozen=True, slots=True)
class Report:
    """An SMS-SUBMIT-REPORT (SC to handset, answering a SUBMIT) or SMS-DELIVER-REPORT (handset to
    SC, answering a DELIVER), in ``kind``.

    ``failure_cause`` (TP-FCS) is set in the RP-ERROR form and None in the RP-ACK form (``error``
    says which). ``service_centre_time`` (TP-SCTS) belongs to a SUBMIT-REPORT; when it is not a
    valid time stamp, ``service_centre_time_octets`` holds it as received (as ``StatusReport``
    says). The optional
    parameters are None when TP-PI (``parameter_indicator``) does not announce them.
    """

    kind: str
    smsc: Address | None
    first_octet: int
    failure_cause: FailureCause | None
    parameter_indicator: int
    service_centre_time: datetime | None = None
    protocol_identifier: int | None = None
    data_coding: int | None = None
    user_data: DecodedUserData | None = None
    service_centre_time_octets: bytes | None = None

    @property
    def error(self) -> bool:
        """The RP-ERROR form: the SUBMIT or DELIVER it answers failed."""
        return self.failure_cause is not None


def _read_pi(r: Reader) -> int:
    pi = extension = r.octet("TP-PI")
    while extension & _PI_EXTENSION:  # further TP-PI octets: none is defined, they are skipped
        extension = r.octet("TP-PI extension")
    return pi


def _read_parameters(
    r: Reader, start: int, first: int, pi: int
) -> tuple[int | None, int | None, DecodedUserData | None]:
    """The parameters TP-PI announces: TP-PID, TP-DCS, TP-UDL and TP-UD; nothing may follow."""
    pid = r.octet("TP-PID") if pi & _PI_PID else None
    dcs = r.octet("TP-DCS") if pi & _PI_DCS else None
    user_data = None
    if pi & _PI_UDL:
        udl = r.octet("TP-UDL")
        room = MAX_TPDU_OCTETS - (r.pos - start)
        # Without TP-DCS the user data is in the GSM 7-bit default alphabet (§9.2.3.27).
        user_data = decode_user_data(r.rest(), udl, dcs or 0, bool(first & _UDHI), max_octets=room)
    r.end("the parameters TP-PI announces")
    return pid, dcs, user_data


def read_status_report(r: Reader, first: int, centre: Address | None) -> StatusReport:
    """An SMS-STATUS-REPORT after its first octet."""
    start = r.pos - 1
    mr = r.octet("TP-MR")
    recipient = read_address(r, "TP-RA")
    scts, scts_octets = read_timestamp_as_sent(r.take(7, "TP-SCTS"), "TP-SCTS")
    dt, dt_octets = read_timestamp_as_sent(r.take(7, "TP-DT"), "TP-DT")
    status = tp_status(r.octet("TP-ST"))
    odd = {"service_centre_time_octets": scts_octets, "discharge_time_octets": dt_octets}
    if not r.remaining:  # TP-PI is there only when a parameter after it is
        return StatusReport(centre, first, mr, recipient, scts, dt, status, **odd)
    pi = _read_pi(r)
    parameters = _read_parameters(r, start, first, pi)
    return StatusReport(centre, first, mr, recipient, scts, dt, status, pi, *parameters, **odd)


def read_command(r: Reader, first: int, centre: Address | None) -> Command:
    """An SMS-COMMAND after its first octet."""
    start = r.pos - 1
    mr = r.octet("TP-MR")
    pid = r.octet("TP-PID")
    ct = r.octet("TP-CT")
    mn = r.octet("TP-MN")
    destination = read_address(r, "TP-DA")
    cdl = r.octet("TP-CDL")
    room = MAX_TPDU_OCTETS - (r.pos - start)
    if cdl > room:
        raise ValueError(f"TP-CDL {cdl} exceeds the {room} octets of TP-CD this TPDU can hold")
    data = r.take(cdl, "TP-CD")
    r.end("TP-CD")
    return Command(centre, first, mr, pid, ct, mn, destination, data)


def read_report(
    r: Reader, first: int, centre: Address | None, *, deliver: bool, report: str | None
) -> Report:
    """An SMS-DELIVER-REPORT (``deliver``) or SMS-SUBMIT-REPORT after its first octet; ``report``
    is ``"ack"``, ``"error"`` or None to infer it (see ``decode_pdu``)."""
    start = r.pos - 1
    if report is None:
        report = "error" if r.remaining and r.data[r.pos] & 0x80 else "ack"
    cause = failure_cause(r.octet("TP-FCS")) if report == "error" else None
    pi = _read_pi(r)
    scts, odd = (None, None) if deliver else read_timestamp_as_sent(r.take(7, "TP-SCTS"), "TP-SCTS")
    kind = "SMS-DELIVER-REPORT" if deliver else "SMS-SUBMIT-REPORT"
    parameters = _read_parameters(r, start, first, pi)
    return Report(kind, centre, first, cause, pi, scts, *parameters, service_centre_time_octets=odd)


def _parameters(protocol_identifier: int | None, content: Content | None) -> tuple[int, bytes]:
    """TP-PI and the parameters it announces, for the writers."""
    pi, octets = 0, b""
    if protocol_identifier is not None:
        pi, octets = _PI_PID, bytes((check_octet(protocol_identifier, "protocol_identifier"),))
    if content is not None:
        pi |= _PI_DCS | _PI_UDL
        octets += bytes((content.data_coding, content.udl)) + content.user_data
    return pi, octets


def _udhi(content: Content | None) -> int:
    return _UDHI if content is not None and content.udh else 0


def status_report_pdu(
    message_reference: int,
    recipient: str | Address,
    *,
    status: int,
    service_centre_time: datetime,
    discharge_time: datetime,
    smsc: str | Address | None = None,
    more_messages: bool = False,
    loop_prevention: bool = False,
    qualifier: str = "submit",
    protocol_identifier: int | None = None,
    content: Content | None = None,
    recipient_type: str | None = None,
) -> bytes:
    """An SMS-STATUS-REPORT PDU (SMSC address field first), for tests and SMSC simulators.

    ``status`` is TP-ST (0x00 delivered; see ``causes.tp_status``), ``recipient`` TP-RA as
    ``Address.parse`` reads it with ``recipient_type``. ``qualifier`` is ``"submit"`` or
    ``"command"`` (TP-SRQ). ``protocol_identifier`` and ``content`` (a ``Segment`` from ``encode``
    or ``encode_binary``) are the optional parameters, announced in TP-PI; without them the report
    ends at TP-ST. Raises ValueError or TypeError naming a bad argument. Example::

        status_report_pdu(7, "351912345678", status=0, service_centre_time=t, discharge_time=t)
    """
    if qualifier not in ("submit", "command"):
        raise ValueError(f"qualifier must be 'submit' or 'command', not {qualifier!r}")
    head = smsc_field(smsc)
    check_octet(message_reference, "message_reference")
    check_octet(status, "status")
    ra = address_field(Address.parse(recipient, recipient_type, what="recipient"))
    first = (
        0x02 | (0 if more_messages else 0x04) | (0x08 if loop_prevention else 0)
        | (0x20 if qualifier == "command" else 0) | _udhi(content)
    )  # fmt: skip
    times = timestamp_octets(service_centre_time, "service_centre_time") + timestamp_octets(
        discharge_time, "discharge_time"
    )
    pi, parameters = _parameters(protocol_identifier, content)
    tail = bytes((pi,)) + parameters if pi else b""
    tpdu = bytes((first, message_reference)) + ra + times + bytes((status,)) + tail
    return head + _fitting(tpdu, content)


def command_pdu(
    message_reference: int,
    destination: str | Address,
    *,
    command_type: int,
    message_number: int,
    command_data: bytes = b"",
    status_report: bool = False,
    protocol_identifier: int = 0,
    smsc: str | Address | None = None,
    udhi: bool = False,
    destination_type: str | None = None,
) -> bytes:
    """An SMS-COMMAND PDU (SMSC address field first), for tests and SMSC simulators.

    ``command_type`` is TP-CT (0 enquiry, 1 cancel status report request, 2 delete, 3 enable status
    report request), ``message_number`` the TP-MR of the message it acts on, ``destination`` that
    message's TP-DA. ``udhi`` says ``command_data`` starts with a header. Raises ValueError or
    TypeError naming a bad argument. Example::

        command_pdu(8, "351912345678", command_type=2, message_number=7)  # delete message 7
    """
    head = smsc_field(smsc)
    for value, what in (
        (message_reference, "message_reference"),
        (command_type, "command_type"),
        (message_number, "message_number"),
        (protocol_identifier, "protocol_identifier"),
    ):
        check_octet(value, what)  # fmt: skip
    if not isinstance(command_data, bytes | bytearray):
        raise TypeError(f"command_data must be bytes, not {type(command_data).__name__}")
    da = address_field(Address.parse(destination, destination_type, what="destination"))
    room = MAX_TPDU_OCTETS - 6 - len(da)
    if len(command_data) > room:
        raise ValueError(f"command_data has {len(command_data)} octets; this TPDU holds {room}")
    first = 0x02 | (0x20 if status_report else 0) | (_UDHI if udhi else 0)
    fields = bytes((first, message_reference, protocol_identifier, command_type, message_number))
    return head + fields + da + bytes((len(command_data),)) + bytes(command_data)


def submit_report_pdu(
    *,
    service_centre_time: datetime,
    failure_cause: int | None = None,
    protocol_identifier: int | None = None,
    content: Content | None = None,
    smsc: str | Address | None = None,
) -> bytes:
    """An SMS-SUBMIT-REPORT PDU (SMSC address field first; the TPDU alone is ``pdu[1:]``), for
    tests and SMSC simulators: RP-ERROR with TP-FCS ``failure_cause``, or RP-ACK when None.
    Example: ``submit_report_pdu(service_centre_time=t, failure_cause=0xC5)`` (duplicate SM)."""
    return _report(0x01, failure_cause, protocol_identifier, content, smsc, service_centre_time)


def deliver_report_pdu(
    *,
    failure_cause: int | None = None,
    protocol_identifier: int | None = None,
    content: Content | None = None,
    smsc: str | Address | None = None,
) -> bytes:
    """An SMS-DELIVER-REPORT PDU (SMSC address field first; ``AT+CNMA`` takes ``pdu[1:]``), for
    tests and SMSC simulators: RP-ERROR with TP-FCS ``failure_cause``, or RP-ACK when None.
    Example: ``deliver_report_pdu(failure_cause=0xD3)`` (memory capacity exceeded)."""
    return _report(0x00, failure_cause, protocol_identifier, content, smsc, None)


def _report(mti, cause, protocol_identifier, content, smsc, scts) -> bytes:
    head = smsc_field(smsc)
    fcs = b""
    if cause is not None:
        # TP-FCS values below 0x80 are reserved; a reader could not tell one from TP-PI.
        if type(cause) is not int or not 0x80 <= cause <= 0xFF:
            raise ValueError(f"failure_cause must be an int from 0x80 to 0xFF, not {cause!r}")
        fcs = bytes((cause,))
    pi, parameters = _parameters(protocol_identifier, content)
    time = b"" if scts is None else timestamp_octets(scts, "service_centre_time")
    return head + _fitting(bytes((mti | _udhi(content),)) + fcs + bytes((pi,)) + time + parameters, content)


def _fitting(tpdu: bytes, content: Content | None) -> bytes:
    """``tpdu`` where it fits the 164 octets every TPDU has (what a reader takes, ``decode_pdu``
    too); else a ValueError naming ``content``, whose user data has less room here than in a
    SUBMIT (a STATUS-REPORT's recipient and two time stamps)."""
    if len(tpdu) > MAX_TPDU_OCTETS:
        room = MAX_TPDU_OCTETS - (len(tpdu) - len(content.user_data))
        raise ValueError(f"content has {len(content.user_data)} octets of user data; this TPDU holds {room}")
    return tpdu
