"""Time fields of TPDUs: TP-VP in its three formats and the 7-octet time stamps (TP-SCTS, TP-DT,
absolute TP-VP), 3GPP TS 23.040 §9.2.3.11, §9.2.3.12.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from .tpdu import Reader

# Two-digit years of time stamps read from 1990 (GSM's first networks) to 2089.
FIRST_YEAR = 1990
VPF_NONE, VPF_ENHANCED, VPF_RELATIVE, VPF_ABSOLUTE = 0, 1, 2, 3
# Enhanced format, bits 2-0 of its first octet (§9.2.3.12.3).
_EVPF = {0: "none", 1: "relative", 2: "seconds", 3: "hhmmss"}
_EVPF_CODE = {name: code for code, name in _EVPF.items()}


@dataclass(frozen=True, slots=True)
class EnhancedValidity:
    """TP-VP in the enhanced format (§9.2.3.12.3): a period, and whether the SC makes a single
    delivery attempt (``single_shot``).

    ``format`` is how the period is written: ``"seconds"`` (0-255 s), ``"hhmmss"`` (up to
    99:59:59), ``"relative"`` (the relative format's octet, rounded up), ``"none"``, or on reading
    ``"reserved"``; None when encoding picks the most exact that holds the period. ``octets`` holds
    the 7 octets as read. Neither takes part in comparisons. Example:
    ``EnhancedValidity(timedelta(seconds=30)).to_octets() == bytes.fromhex("421E0000000000")``.
    """

    period: timedelta | None
    single_shot: bool = False
    format: str | None = field(default=None, compare=False)
    octets: bytes = field(default=b"", compare=False)

    def to_octets(self) -> bytes:
        """The 7 octets of TP-VP. Raises ValueError when the period does not fit the format."""
        fmt = self.format or _pick_format(self.period)
        if fmt not in _EVPF_CODE:
            raise ValueError(f"enhanced validity format must be one of {', '.join(_EVPF_CODE)}, not {fmt!r}")
        if (fmt == "none") != (self.period is None):
            raise ValueError(f"enhanced validity format {fmt!r} does not fit the period {self.period}")
        body = b""
        if self.period is not None:
            seconds = self.period.total_seconds()
            if fmt == "relative":
                body = bytes((relative_validity(self.period),))
            elif seconds != int(seconds) or seconds < 0 or seconds > (255 if fmt == "seconds" else 359999):
                top = "255 s" if fmt == "seconds" else "99:59:59"
                raise ValueError(f"enhanced validity {self.period} is not whole seconds from 0 to {top}")
            elif fmt == "seconds":
                body = bytes((int(seconds),))
            else:
                h, rest = divmod(int(seconds), 3600)
                body = bytes(_swapped(v) for v in (h, *divmod(rest, 60)))
        first = (0x40 if self.single_shot else 0) | _EVPF_CODE[fmt]
        return (bytes((first,)) + body).ljust(7, b"\x00")


def _pick_format(period: timedelta | None) -> str:
    if period is None:
        return "none"
    seconds = period.total_seconds()
    if seconds == int(seconds) and 0 <= seconds <= 255:
        return "seconds"
    if seconds == int(seconds) and 0 <= seconds <= 359999:
        return "hhmmss"
    return "relative"


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


def timestamp_octets(when: datetime, what: str = "validity") -> bytes:
    """A time in the 7-octet semi-octet format of TP-SCTS, TP-DT and absolute TP-VP (§9.2.3.11),
    which holds whole seconds: a fraction is dropped."""
    if not isinstance(when, datetime):
        raise TypeError(f"{what} must be an aware datetime, not {type(when).__name__}")
    offset = when.utcoffset()
    if offset is None:
        raise ValueError(f"{what} {when} needs a time zone: the time stamp format carries one")
    quarters, rest = divmod(abs(offset), timedelta(minutes=15))
    if rest or quarters > 79:
        raise ValueError(f"time zone offset {offset} is not a whole number of quarter hours within ±19:45")
    if not FIRST_YEAR <= when.year < FIRST_YEAR + 100:
        last = FIRST_YEAR + 99
        raise ValueError(f"year {when.year} cannot be written: two digits hold {FIRST_YEAR} to {last}")
    fields = (when.year % 100, when.month, when.day, when.hour, when.minute, when.second)
    tz = _swapped(quarters) | (0x08 if offset < timedelta(0) else 0)
    return bytes(_swapped(v) for v in fields) + bytes((tz,))


def _semi_octet_values(octets: bytes, what: str, sign_octet: int | None = None) -> list[int]:
    """Two-digit values of swapped semi-octets; the octet at ``sign_octet`` keeps a sign in bit 3."""
    values = []
    for i, o in enumerate(octets):
        low = o & 0x07 if i == sign_octet else o & 0x0F
        if low > 9 or o >> 4 > 9:
            raise ValueError(f"{what} {octets.hex().upper()} holds a semi-octet that is not a digit")
        values.append(low * 10 + (o >> 4))
    return values


def read_timestamp(octets: bytes, what: str) -> datetime:
    """The aware datetime of a 7-octet semi-octet time stamp."""
    values = _semi_octet_values(octets, what, sign_octet=6)
    sign = -1 if octets[6] & 0x08 else 1
    try:
        zone = timezone(timedelta(minutes=sign * 15 * values[6]))
        year = values[0] + (1900 if values[0] >= FIRST_YEAR % 100 else 2000)
        return datetime(year, *values[1:6], tzinfo=zone)
    except ValueError as exc:
        raise ValueError(f"{what} {octets.hex().upper()} is not a valid time: {exc}") from None


def read_timestamp_as_sent(octets: bytes, what: str) -> tuple[datetime | None, bytes | None]:
    """A TP-SCTS or TP-DT as real service centres send it: ``(time, None)`` for a valid time stamp
    (``read_timestamp``); otherwise ``(what could be read, the 7 octets)``. Some centres write the
    time-zone octet with a semi-octet that is not a digit (``C2``, ``E1``, ``A0``), and readers
    disagree on what it means (Android reads such a semi-octet as 0, others as hexadecimal), so
    the time is then the local time as written, without a zone (``tzinfo`` None); it is None when
    the date or the time itself is not valid. A report's reference and status do not depend on it."""
    try:
        return read_timestamp(octets, what), None
    except ValueError:
        pass
    try:
        values = _semi_octet_values(octets[:6], what)
        year = values[0] + (1900 if values[0] >= FIRST_YEAR % 100 else 2000)
        return datetime(year, *values[1:6]), bytes(octets)
    except ValueError:
        return None, bytes(octets)


def read_enhanced(octets: bytes) -> EnhancedValidity:
    """The enhanced-format TP-VP of its 7 octets; a reserved format keeps no period."""
    start = 1
    while octets[start - 1] & 0x80:  # extension octets: none is defined, they are skipped
        start += 1
        if start == 7:
            raise ValueError(f"TP-VP {octets.hex().upper()}: its extension octets fill the field")
    fmt = _EVPF.get(octets[0] & 0x07, "reserved")
    body = octets[start:]
    period = None
    if fmt == "relative":
        period = relative_period(body[0])
    elif fmt == "seconds":
        period = timedelta(seconds=body[0])
    elif fmt == "hhmmss":
        if len(body) < 3:
            raise ValueError(f"TP-VP {octets.hex().upper()}: no room for hours, minutes and seconds")
        h, m, s = _semi_octet_values(body[:3], "TP-VP")
        if m > 59 or s > 59:
            raise ValueError(f"TP-VP {octets.hex().upper()}: {h:02}:{m:02}:{s:02} is not a valid period")
        period = timedelta(hours=h, minutes=m, seconds=s)
    return EnhancedValidity(period, bool(octets[0] & 0x40), fmt, bytes(octets))


Validity = timedelta | datetime | EnhancedValidity


def validity_field(validity: Validity | None) -> tuple[int, bytes]:
    """TP-VPF and TP-VP for a validity: None (no TP-VP), a timedelta (relative), an aware datetime
    (absolute) or an ``EnhancedValidity``."""
    if validity is None:
        return VPF_NONE, b""
    if isinstance(validity, datetime):
        return VPF_ABSOLUTE, timestamp_octets(validity)
    if isinstance(validity, timedelta):
        return VPF_RELATIVE, bytes((relative_validity(validity),))
    if isinstance(validity, EnhancedValidity):
        return VPF_ENHANCED, validity.to_octets()
    raise TypeError(
        "validity must be a timedelta or an aware datetime (or an EnhancedValidity), "
        f"not {type(validity).__name__}"
    )


def read_validity(r: Reader, vpf: int) -> Validity | None:
    """TP-VP of the format ``vpf`` at the reader's position."""
    if vpf == VPF_RELATIVE:
        return relative_period(r.octet("TP-VP"))
    if vpf == VPF_ABSOLUTE:
        return read_timestamp(r.take(7, "TP-VP"), "TP-VP")
    if vpf == VPF_ENHANCED:
        return read_enhanced(r.take(7, "TP-VP"))
    return None
