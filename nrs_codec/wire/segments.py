"""Encoding text into the parts an SMSC or a handset sees, and reassembling parts into a message.

``encode`` makes the same choice and split as ``analyze`` (it calls it), then builds each part's
user data header and TP-UD: packed septets after the header's fill bits, or UTF-16-BE.
``binary.encode_binary`` makes segments of 8-bit data; ``reassemble`` joins either kind.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ..core.engine import analyze, pack, to_septets
from ..core.rules import DEFAULT_ALLOWED, UTF16
from .address import Address
from .dcs import OCTETS
from .pdu import DecodedPdu, deliver_pdu, submit_pdu
from .userdata import (
    DCS_CLASS_0,
    DCS_GSM7,
    DCS_UCS2,
    IEI_CONCAT_8BIT,
    IEI_CONCAT_16BIT,
    IEI_LOCKING_SHIFT,
    IEI_PORTS_8BIT,
    IEI_PORTS_16BIT,
    IEI_SINGLE_SHIFT,
    Concatenation,
    DecodedUserData,
    InformationElement,
    Ports,
    build_udh,
    fill_bits,
    header_septets,
    join_surrogates,
)
from .validity import Validity

ESM_CLASS_UDHI = 0x40  # SMPP esm_class bit: short_message starts with a UDH


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of an encoded message, ready for the wire.

    ``user_data`` is TP-UD exactly (the UDH, then for 7-bit the fill bits and packed septets, or
    UTF-16-BE text) and ``udl`` is TP-UDL (septets including the header's for 7-bit, octets for
    UCS-2). ``septets`` holds the part's text as septet values one per octet (ESC-prefixed
    extension characters; empty for UCS-2); ``units`` counts them, or the UTF-16 code units.
    A part of 8-bit data (``binary.encode_binary``) has ``text`` None, ``encoding`` ``"8bit"``,
    ``units`` counting its data octets, and ``ports`` when it carries application ports.
    """

    text: str | None
    encoding: str
    udh: bytes
    user_data: bytes
    udl: int
    data_coding: int
    septets: bytes
    units: int
    locking_shift: int
    single_shift: int
    concatenation: Concatenation | None
    ports: Ports | None = None

    @property
    def payload(self) -> bytes:
        """The part's content as ``DecodedUserData.payload`` holds it: septet values for 7-bit
        text, UTF-16-BE octets, or the 8-bit data."""
        if self.encoding in (UTF16, OCTETS):
            return self.user_data[len(self.udh) :]
        return self.septets

    @property
    def esm_class(self) -> int:
        """SMPP ``esm_class`` for ``short_message``: UDHI (0x40) when the part has a header."""
        return ESM_CLASS_UDHI if self.udh else 0x00

    def short_message(self, packing: str = "unpacked") -> bytes:
        """The SMPP ``short_message`` of this part (submit_sm with ``esm_class`` = ``self.esm_class``).

        ``"unpacked"`` (the default, what most binds expect) gives 7-bit text one septet per octet
        after the UDH, with ``data_coding`` 0x00 (the SMSC default alphabet, GSM 03.38) and the
        SMSC doing the packing; ``"packed"`` gives TP-UD as is, for binds configured for packed
        7-bit. UCS-2 parts are the same either way (``data_coding`` 0x08). For the national
        encodings (``gsm-pt``, ``gsm-tr``, ...) the shift elements in the UDH tell the handset which
        tables to use.
        """
        if packing not in ("unpacked", "packed"):
            raise ValueError(f"packing must be 'unpacked' or 'packed', not {packing!r}")
        if self.encoding in (UTF16, OCTETS) or packing == "packed":
            return self.user_data
        return self.udh + self.septets

    def to_submit_pdu(
        self,
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
        """This part as an SMS-SUBMIT PDU for ``AT+CMGS`` in PDU mode.

        The PDU starts with the SMSC address field (``00``: the modem's own SMSC, or ``smsc`` as
        international digits); ``AT+CMGS=<n>`` takes the length without that field,
        ``len(pdu) - 1 - pdu[0]``. ``destination`` is digits with the country prefix, as the
        provider's ``to`` (``+`` allowed), or with ``destination_type`` ``"national"`` (0xA1),
        ``"unknown"`` (0x81, short codes), ``"alphanumeric"`` (0xD0), or an ``Address``.
        ``validity`` is a timedelta (relative format, rounded up to the next period the format
        holds), an aware datetime (absolute format) or an ``EnhancedValidity``. The flags set
        TP-SRR (``status_report``), TP-RD (``reject_duplicates``) and TP-RP (``reply_path``);
        ``protocol_identifier`` is TP-PID. Raises ValueError / TypeError naming a bad argument.
        Example: ``encode("hi")[0].to_submit_pdu("+351912345678", status_report=True)``.
        """
        return submit_pdu(
            self.user_data,
            self.udl,
            self.data_coding,
            bool(self.udh),
            destination,
            smsc=smsc,
            message_reference=message_reference,
            validity=validity,
            status_report=status_report,
            reject_duplicates=reject_duplicates,
            reply_path=reply_path,
            protocol_identifier=protocol_identifier,
            destination_type=destination_type,
        )

    def to_deliver_pdu(
        self,
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
        """This part as the SMS-DELIVER PDU a handset would receive, for tests and SMSC simulators.

        ``originator`` is read as ``to_submit_pdu`` reads a destination (text with a letter is an
        alphanumeric sender); ``timestamp`` is TP-SCTS, an aware datetime (now in UTC when None).
        ``more_messages`` (TP-MMS), ``loop_prevention`` (TP-LP), ``status_report`` (TP-SRI) and
        ``reply_path`` (TP-RP) set the flags. Raises ValueError / TypeError naming a bad argument.
        Example: ``encode("hi")[0].to_deliver_pdu("MyShop", timestamp=when)``.
        """
        return deliver_pdu(
            self.user_data,
            self.udl,
            self.data_coding,
            bool(self.udh),
            originator,
            timestamp=timestamp,
            smsc=smsc,
            more_messages=more_messages,
            loop_prevention=loop_prevention,
            status_report=status_report,
            reply_path=reply_path,
            protocol_identifier=protocol_identifier,
            originator_type=originator_type,
        )


def check_reference(reference: object, ref16: bool) -> int:
    """The concatenation reference to use: ``reference`` checked, the value of ``reference()``
    when it is callable, or a random one when None."""
    top = 0xFFFF if ref16 else 0xFF
    if reference is None:
        return random.randint(0, top)
    if callable(reference):
        reference = reference()
    if type(reference) is not int or not 0 <= reference <= top:
        raise ValueError(f"reference must be an int from 0 to {top}, not {reference!r}")
    return reference


# Elements encode() writes itself from the analysis: concatenation and the shift elements.
_MANAGED = {IEI_CONCAT_8BIT: "concatenation", IEI_CONCAT_16BIT: "concatenation",
            IEI_SINGLE_SHIFT: "single shift", IEI_LOCKING_SHIFT: "locking shift"}  # fmt: skip


# Elements whose length TS 23.040 fixes and decoding checks: 8-bit and 16-bit ports.
_FIXED = {IEI_PORTS_8BIT: 2, IEI_PORTS_16BIT: 4}


def check_elements(elements: object) -> tuple[InformationElement, ...]:
    """``extra_elements`` as ``InformationElement``s: ``(iei, data)`` pairs or elements, none of
    the ones ``encode`` writes itself."""
    if isinstance(elements, (str, bytes)) or not hasattr(elements, "__iter__"):
        raise TypeError(
            f"extra_elements must be a sequence of (iei, data) pairs, not {type(elements).__name__}"
        )
    out = []
    for i, e in enumerate(elements):
        iei, data = (e.iei, e.data) if isinstance(e, InformationElement) else (tuple(e) + (None, None))[:2]
        if type(iei) is not int or not 0 <= iei <= 0xFF or not isinstance(data, (bytes, bytearray)):
            raise ValueError(f"extra element {i} must be an (iei, data) pair: an int from 0 to 255 and bytes")
        if iei in _MANAGED:
            raise ValueError(
                f"extra element {i} has IEI 0x{iei:02X} ({_MANAGED[iei]}), which encode() writes itself"
            )
        if iei in _FIXED and len(data) != _FIXED[iei]:
            raise ValueError(
                f"extra element {i} (IEI 0x{iei:02X}, application port addressing) has {len(data)} "
                f"data octets, not {_FIXED[iei]}"
            )
        out.append(InformationElement(iei, bytes(data)))
    return tuple(out)


def encode(
    text: str,
    encoding: str = "auto",
    *,
    reference: int | Callable[[], int] | None = None,
    ref16: bool = False,
    keep_graphemes: bool = False,
    allowed: Iterable[str] = DEFAULT_ALLOWED,
    flash: bool = False,
    force_shifts: bool = False,
    extra_elements: Iterable[tuple[int, bytes] | InformationElement] = (),
) -> list[Segment]:
    """The parts of ``text`` as they go on the wire, one ``Segment`` per part of ``analyze``.

    ``reference`` is the concatenation reference (8-bit, or 16-bit with ``ref16``), random when
    None, or a callable that gives it: a sender at volume keeps one counter per destination
    (``reference=lambda: next(counters[msisdn]) & 0xFF``) so that two messages in flight to one
    handset never share a reference; it is called only when there is more than one part.
    ``extra_elements`` are further header elements, ``(iei, data)`` pairs, carried in every part
    (application port addressing: ``(0x05, bytes.fromhex("23F40000"))``); the parts are those of
    ``analyze(text, extra_udh=...)`` for their octets. ``flash`` sends message class 0 (TP-DCS
    0x10 / 0x18). The other options are ``analyze``'s.
    """
    extra = check_elements(extra_elements)
    a = analyze(
        text,
        encoding,
        allowed=allowed,
        keep_graphemes=keep_graphemes,
        ref16=ref16,
        extra_udh=sum(2 + len(e.data) for e in extra),
        force_shifts=force_shifts,
    )
    # A counter is drawn from only when the message is concatenated; a value is always checked.
    ref = check_reference(reference, bool(ref16)) if a.parts > 1 or not callable(reference) else 0
    utf16 = a.encoding == UTF16
    dcs = (DCS_UCS2 if utf16 else DCS_GSM7) | (DCS_CLASS_0 if flash else 0)
    segments = []
    for number, (start, end) in enumerate(a.spans, start=1):
        part = text[start:end]
        concatenation = Concatenation(ref, a.parts, number, bool(ref16)) if a.parts > 1 else None
        udh = build_udh(concatenation, a.single_shift, a.locking_shift, extra)
        if utf16:
            septets = b""
            user_data = udh + part.encode("utf-16-be")
            udl = len(user_data)
            units = (udl - len(udh)) // 2
        else:
            septets, stop = to_septets(part, a.locking_shift, a.single_shift)
            if stop != len(part):
                raise AssertionError(f"analyze accepted {part[stop]!r} but its tables do not hold it")
            user_data = udh + pack(septets, fill_bits(len(udh)))
            udl = header_septets(len(udh)) + len(septets)
            units = len(septets)
        segments.append(
            Segment(
                part, a.encoding, udh, user_data, udl, dcs, septets, units,
                a.locking_shift, a.single_shift, concatenation,
            )
        )  # fmt: skip
    return segments


class ReassemblyError(ValueError):
    """The parts do not make one whole message: ``missing`` part numbers, or the conflicting
    concatenation ``references``."""

    def __init__(self, message: str, *, missing: tuple[int, ...] = (), references: tuple[int, ...] = ()):
        self.missing = missing
        self.references = references
        super().__init__(message)


def part_content(part: object, position: int) -> tuple[str | bytes, Concatenation | None]:
    """The content of a part (its text, or its 8-bit data) and its concatenation element."""
    if isinstance(part, DecodedPdu):
        part = part.user_data
    if not isinstance(part, Segment | DecodedUserData):
        raise TypeError(f"part {position} is a {type(part).__name__}, not a Segment or a decoded part")
    return (part.payload if part.text is None else part.text), part.concatenation


def join_contents(contents: list[str | bytes]) -> str | bytes:
    """The message of its parts' contents in order: text, or 8-bit data; a mix is a ReassemblyError."""
    kinds = {type(c) for c in contents}
    if kinds == {bytes}:
        return b"".join(contents)
    if kinds == {str}:
        return join_surrogates("".join(contents))
    first_bytes = 1 + [type(c) for c in contents].index(bytes)
    raise ReassemblyError(f"parts mix text and 8-bit data (part {first_bytes} is 8-bit data)")


def reassemble(parts: Iterable[Segment | DecodedUserData | DecodedPdu]) -> str | bytes:
    """The message of its parts in any order: its text, or its bytes for 8-bit data.

    A part received twice with the same content is taken once. Raises ``ReassemblyError`` (a
    ValueError) naming the missing part numbers, the conflicting references or part counts, or a
    mix of text and 8-bit parts. ``Reassembler`` does the same for parts that arrive one by one.
    Example: ``reassemble(encode("x" * 200)[::-1]) == "x" * 200``.
    """
    found = [part_content(p, i) for i, p in enumerate(parts, start=1)]
    if not found:
        raise ReassemblyError("no parts to reassemble")
    if len(found) == 1 and found[0][1] is None:
        return found[0][0]
    for i, (_, c) in enumerate(found, start=1):
        if c is None:
            raise ReassemblyError(f"part {i} of {len(found)} has no concatenation element")
    references = sorted({(c.ref16, c.reference) for _, c in found})
    if len(references) > 1:
        shown = ", ".join(f"{r}{' (16-bit)' if r16 else ''}" for r16, r in references)
        raise ReassemblyError(
            f"parts belong to different messages: concatenation references {shown}",
            references=tuple(r for _, r in references),
        )
    ref = references[0][1]
    totals = sorted({c.total for _, c in found})
    if len(totals) > 1:
        raise ReassemblyError(f"parts of reference {ref} disagree on the part count: {totals}")
    total = totals[0]
    texts: dict[int, str | bytes] = {}
    for text, c in found:
        if texts.setdefault(c.number, text) != text:
            raise ReassemblyError(f"part {c.number} of reference {ref} appears twice with different texts")
    missing = tuple(n for n in range(1, total + 1) if n not in texts)
    if missing:
        raise ReassemblyError(
            f"missing part{'s' * (len(missing) > 1)} {', '.join(map(str, missing))} of {total} "
            f"(reference {ref})",
            missing=missing,
            references=(ref,),
        )
    return join_contents([texts[n] for n in range(1, total + 1)])
