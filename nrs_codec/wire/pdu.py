"""SMS-SUBMIT and SMS-DELIVER TPDUs as a GSM modem exchanges them in PDU mode (3GPP TS 23.040 §9.2.2).

A PDU here starts with the SMSC address field, as ``AT+CMGS`` / ``AT+CMGL`` use it; ``00`` there
means the modem's configured SMSC.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ..core.engine import unpack
from .userdata import DecodedUserData, decode_user_data, septets_to_text

MTI_DELIVER = 0x00
MTI_SUBMIT = 0x01
TOA_INTERNATIONAL = 0x91  # type of number international, numbering plan E.164
TON_ALPHANUMERIC = 5
MAX_ADDRESS_DIGITS = 20
# Semi-octet digits of an address beyond 0-9 (TS 23.040 §9.1.2.5); 0xF fills an odd count.
_NIBBLE = "0123456789*#abc"
# Two-digit years of time stamps read from 1990 (GSM's first networks) to 2089.
FIRST_YEAR = 1990
_VPF_NONE, _VPF_ENHANCED, _VPF_RELATIVE, _VPF_ABSOLUTE = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Address:
    """An address field: the number (or alphanumeric sender), type of number and numbering plan."""

    number: str
    ton: int
    npi: int

    @property
    def international(self) -> bool:
        return self.ton == 1


@dataclass(frozen=True, slots=True)
class DecodedPdu:
    """An SMS-SUBMIT or SMS-DELIVER TPDU read back.

    ``address`` is TP-DA of a submit or TP-OA of a deliver. ``message_reference`` and ``validity``
    (a timedelta, an aware datetime, or the 7 raw octets of the enhanced format) belong to a submit,
    ``timestamp`` (TP-SCTS) to a deliver. ``status_report`` is TP-SRR or TP-SRI.
    """

    kind: str
    smsc: Address | None
    first_octet: int
    address: Address
    protocol_identifier: int
    data_coding: int
    user_data: DecodedUserData
    message_reference: int | None = None
    validity: timedelta | datetime | bytes | None = None
    timestamp: datetime | None = None
    status_report: bool = False

    @property
    def text(self) -> str | None:
        return self.user_data.text


def _digits(number: object, what: str) -> str:
    if not isinstance(number, str):
        raise TypeError(f"{what} must be str, not {type(number).__name__}")
    digits = number.removeprefix("+")
    if not digits.isascii() or not digits.isdigit() or len(digits) > MAX_ADDRESS_DIGITS:
        raise ValueError(
            f"{what} must be 1 to {MAX_ADDRESS_DIGITS} digits with the country prefix, not {number!r}"
        )
    return digits


def _bcd(digits: str) -> bytes:
    """Digits as swapped semi-octets, 0xF filling an odd count."""
    padded = digits + "F" * (len(digits) % 2)
    return bytes(int(padded[i + 1] + padded[i], 16) for i in range(0, len(padded), 2))


def _swapped(value: int) -> int:
    return (value % 10) << 4 | value // 10


def relative_validity(period: timedelta) -> int:
    """TP-VP in the relative format: the shortest period the format holds that is not shorter
    than ``period`` (TS 23.040 §9.2.3.12.1)."""
    seconds = period.total_seconds()
    if seconds <= 0:
        raise ValueError(f"validity must be a positive period, not {period}")
    minutes = math.ceil(seconds / 60)
    if minutes <= 12 * 60:
        return max(0, math.ceil(minutes / 5) - 1)
    if minutes <= 24 * 60:
        return 143 + math.ceil((minutes - 12 * 60) / 30)
    days = math.ceil(minutes / (24 * 60))
    if days <= 30:
        return 166 + days
    weeks = math.ceil(days / 7)
    if weeks <= 63:
        return 192 + weeks
    raise ValueError(f"validity {period} is longer than the 63 weeks the relative format holds")


def relative_period(vp: int) -> timedelta:
    """The period a relative TP-VP octet stands for."""
    if vp <= 143:
        return timedelta(minutes=(vp + 1) * 5)
    if vp <= 167:
        return timedelta(hours=12, minutes=(vp - 143) * 30)
    if vp <= 196:
        return timedelta(days=vp - 166)
    return timedelta(weeks=vp - 192)


def timestamp_octets(when: datetime) -> bytes:
    """A time in the 7-octet semi-octet format of TP-SCTS and absolute TP-VP (§9.2.3.11)."""
    offset = when.utcoffset()
    if offset is None:
        raise ValueError(f"validity {when} needs a time zone: the absolute format carries one")
    quarters, rest = divmod(abs(offset), timedelta(minutes=15))
    if rest or quarters > 79:
        raise ValueError(f"time zone offset {offset} is not a whole number of quarter hours within ±19:45")
    if not FIRST_YEAR <= when.year < FIRST_YEAR + 100:
        last = FIRST_YEAR + 99
        raise ValueError(f"year {when.year} cannot be written: two digits hold {FIRST_YEAR} to {last}")
    fields = (when.year % 100, when.month, when.day, when.hour, when.minute, when.second)
    tz = _swapped(quarters) | (0x08 if offset < timedelta(0) else 0)
    return bytes(_swapped(v) for v in fields) + bytes((tz,))


def read_timestamp(octets: bytes, what: str) -> datetime:
    """The aware datetime of a 7-octet semi-octet time stamp."""
    values = []
    for i, o in enumerate(octets):
        low = o & 0x07 if i == 6 else o & 0x0F
        if low > 9 or o >> 4 > 9:
            raise ValueError(f"{what} {octets.hex().upper()} holds a semi-octet that is not a digit")
        values.append(low * 10 + (o >> 4))
    sign = -1 if octets[6] & 0x08 else 1
    try:
        zone = timezone(timedelta(minutes=sign * 15 * values[6]))
        year = values[0] + (1900 if values[0] >= FIRST_YEAR % 100 else 2000)
        return datetime(year, *values[1:6], tzinfo=zone)
    except ValueError as exc:
        raise ValueError(f"{what} {octets.hex().upper()} is not a valid time: {exc}") from None


def submit_pdu(
    user_data: bytes,
    udl: int,
    data_coding: int,
    udhi: bool,
    destination: str,
    *,
    smsc: str | None = None,
    message_reference: int = 0,
    validity: timedelta | datetime | None = None,
    status_report: bool = False,
) -> bytes:
    """An SMS-SUBMIT PDU, SMSC address field first, for user data already encoded."""
    if smsc is None:
        smsc_field = b"\x00"
    else:
        number = _bcd(_digits(smsc, "smsc"))
        smsc_field = bytes((1 + len(number), TOA_INTERNATIONAL)) + number
    if type(message_reference) is not int or not 0 <= message_reference <= 0xFF:
        raise ValueError(f"message_reference must be an int from 0 to 255, not {message_reference!r}")
    da = _digits(destination, "destination")
    if validity is None:
        vpf, vp = _VPF_NONE, b""
    elif isinstance(validity, datetime):
        vpf, vp = _VPF_ABSOLUTE, timestamp_octets(validity)
    elif isinstance(validity, timedelta):
        vpf, vp = _VPF_RELATIVE, bytes((relative_validity(validity),))
    else:
        raise TypeError(f"validity must be a timedelta or an aware datetime, not {type(validity).__name__}")
    first = MTI_SUBMIT | vpf << 3 | (0x20 if status_report else 0) | (0x40 if udhi else 0)
    header = bytes((first, message_reference, len(da), TOA_INTERNATIONAL)) + _bcd(da)
    return smsc_field + header + bytes((0x00, data_coding)) + vp + bytes((udl,)) + user_data


class _Reader:
    """Reads a PDU front to back; running out is a ValueError naming the field."""

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int, what: str) -> bytes:
        if self.pos + n > len(self.data):
            raise ValueError(
                f"PDU truncated: {what} needs {n} octets at offset {self.pos}, "
                f"{len(self.data) - self.pos} remain"
            )
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def octet(self, what: str) -> int:
        return self.take(1, what)[0]


def _read_digits(octets: bytes, count: int, what: str) -> str:
    nibbles = []
    for o in octets:
        nibbles += (o & 0x0F, o >> 4)
    digits = nibbles[:count]
    if 0xF in digits:
        raise ValueError(f"{what} holds a filler semi-octet inside its digits")
    return "".join(_NIBBLE[d] for d in digits)


def _read_address(r: _Reader, what: str) -> Address:
    """TP-DA / TP-OA: a length in semi-octets, the type of address, the digits."""
    count = r.octet(f"{what} length")
    if count > MAX_ADDRESS_DIGITS:
        raise ValueError(f"{what} length {count} exceeds the {MAX_ADDRESS_DIGITS} digits an address holds")
    toa = r.octet(f"{what} type")
    raw = r.take((count + 1) // 2, what)
    ton, npi = toa >> 4 & 7, toa & 0x0F
    if ton == TON_ALPHANUMERIC:
        number = septets_to_text(unpack(raw, count * 4 // 7), 0, 0)
    else:
        number = _read_digits(raw, count, what)
    return Address(number, ton, npi)


def _read_smsc(r: _Reader) -> Address | None:
    length = r.octet("SMSC address length")
    if length == 0:
        return None
    toa = r.octet("SMSC address type")
    raw = r.take(length - 1, "SMSC address")
    count = 2 * len(raw) - (1 if raw and raw[-1] >> 4 == 0xF else 0)
    return Address(_read_digits(raw, count, "SMSC address"), toa >> 4 & 7, toa & 0x0F)


def decode_pdu(pdu: bytes | str, *, smsc: bool = True) -> DecodedPdu:
    """Read an SMS-SUBMIT or SMS-DELIVER PDU, given as bytes or hexadecimal text.

    With ``smsc=False`` the PDU is a bare TPDU, without the SMSC address field in front.
    """
    if isinstance(pdu, str):
        try:
            data = bytes.fromhex(pdu)
        except ValueError as exc:
            raise ValueError(f"PDU is not hexadecimal text: {exc}") from None
    elif isinstance(pdu, bytes | bytearray | memoryview):
        data = bytes(pdu)
    else:
        raise TypeError(f"pdu must be bytes or hexadecimal str, not {type(pdu).__name__}")
    r = _Reader(data)
    centre = _read_smsc(r) if smsc else None
    first = r.octet("first octet")
    mti = first & 0x03
    if mti not in (MTI_DELIVER, MTI_SUBMIT):
        raise ValueError(
            f"TP-MTI {mti} is not SMS-DELIVER (0) or SMS-SUBMIT (1): status reports and commands "
            "are not read here"
        )
    extra: dict = {}
    if mti == MTI_SUBMIT:
        extra["message_reference"] = r.octet("TP-MR")
        address = _read_address(r, "TP-DA")
    else:
        address = _read_address(r, "TP-OA")
    pid = r.octet("TP-PID")
    dcs = r.octet("TP-DCS")
    if mti == MTI_SUBMIT:
        vpf = first >> 3 & 3
        if vpf == _VPF_RELATIVE:
            extra["validity"] = relative_period(r.octet("TP-VP"))
        elif vpf == _VPF_ABSOLUTE:
            extra["validity"] = read_timestamp(r.take(7, "TP-VP"), "TP-VP")
        elif vpf == _VPF_ENHANCED:
            extra["validity"] = r.take(7, "TP-VP")
    else:
        extra["timestamp"] = read_timestamp(r.take(7, "TP-SCTS"), "TP-SCTS")
    udl = r.octet("TP-UDL")
    user_data = decode_user_data(data[r.pos :], udl, dcs, udhi=bool(first & 0x40))
    return DecodedPdu(
        kind="SMS-SUBMIT" if mti == MTI_SUBMIT else "SMS-DELIVER",
        smsc=centre,
        first_octet=first,
        address=address,
        protocol_identifier=pid,
        data_coding=dcs,
        user_data=user_data,
        status_report=bool(first & 0x20),
        **extra,
    )
