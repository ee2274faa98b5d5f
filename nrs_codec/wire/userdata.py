"""TP-User-Data: the user data header, fill bits, the data coding scheme, and decoding user data.

Facts from 3GPP TS 23.040 §9.2.3.24 (TP-UD, UDH, fill bits), §9.2.3.16 (TP-UDL), the information
elements of §9.2.3.24.1 / .3 / .4 / .8 / .15 / .16, and TS 23.038 §4 (TP-DCS, read in ``dcs.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._generated.tables import LOCKING, SINGLE
from ..core.engine import from_septets, unpack
from ..core.rules import ESC
from .dcs import GSM7, UCS2, MessageWaiting, read_data_coding

IEI_CONCAT_8BIT = 0x00
IEI_PORTS_8BIT = 0x04
IEI_PORTS_16BIT = 0x05
IEI_CONCAT_16BIT = 0x08
IEI_SINGLE_SHIFT = 0x24
IEI_LOCKING_SHIFT = 0x25

DCS_GSM7 = 0x00
DCS_8BIT = 0x04
DCS_UCS2 = 0x08
DCS_CLASS_0 = 0x10  # general data coding with message class 0: a "flash" message

MAX_OCTETS = 140

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class InformationElement:
    """One element of a user data header: its identifier (IEI) and its data octets."""

    iei: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Concatenation:
    """The concatenation element: which message (``reference``) and which part of how many."""

    reference: int
    total: int
    number: int
    ref16: bool = False


@dataclass(frozen=True, slots=True)
class Ports:
    """Application port addressing (IEI 0x05, or 0x04 with ``wide=False`` for 8-bit ports): the
    ``destination`` port the message is for and the ``source`` port it came from. WAP push goes to
    2948 from 9200, a vCard to 9204. Ports outside 0-65535 (0-255 when not wide) are a ValueError.
    """

    destination: int
    source: int = 0
    wide: bool = True

    def __post_init__(self):
        top = 0xFFFF if self.wide else 0xFF
        for name in ("destination", "source"):
            port = getattr(self, name)
            if type(port) is not int or not 0 <= port <= top:
                raise ValueError(f"{name} port must be an int from 0 to {top}, not {port!r}")

    @property
    def element(self) -> bytes:
        """The information element: IEI, length, destination port, source port."""
        if self.wide:
            d, s = self.destination, self.source
            return bytes((IEI_PORTS_16BIT, 4, d >> 8, d & 0xFF, s >> 8, s & 0xFF))
        return bytes((IEI_PORTS_8BIT, 2, self.destination, self.source))


@dataclass(frozen=True, slots=True)
class DecodedUserData:
    """TP-UD read back: the header elements, the tables they select, and the text.

    ``text`` is None for 8-bit data (``payload`` holds it). For 7-bit data ``payload`` holds the
    septet values of the text, one per octet; for UCS-2 its UTF-16-BE octets. ``locking_shift`` and
    ``single_shift`` are the national language tables applied (0 = default). ``ports`` is the
    application port addressing element, ``waiting`` the message waiting indication of TP-DCS.
    """

    text: str | None
    alphabet: str
    udh: bytes
    elements: tuple[InformationElement, ...]
    concatenation: Concatenation | None
    locking_shift: int
    single_shift: int
    message_class: int | None
    payload: bytes
    ports: Ports | None = None
    waiting: MessageWaiting | None = None


def fill_bits(udh_octets: int) -> int:
    """Fill bits after a header of ``udh_octets`` octets so 7-bit text starts on a septet boundary."""
    return (7 - udh_octets * 8 % 7) % 7


def header_septets(udh_octets: int) -> int:
    """Septets a header of ``udh_octets`` octets and its fill bits occupy in TP-UDL."""
    return (udh_octets * 8 + fill_bits(udh_octets)) // 7


def build_udh(
    concatenation: Concatenation | None,
    single_shift: int = 0,
    locking_shift: int = 0,
    extra: tuple[InformationElement, ...] = (),
) -> bytes:
    """The UDH, UDHL included: the ``extra`` elements as given (application port addressing
    first, as handsets send it), then concatenation and the shift elements; empty when there is
    none."""
    ies = bytearray()
    for e in extra:
        ies += bytes((e.iei, len(e.data))) + e.data
    if concatenation is not None:
        c = concatenation
        if c.ref16:
            ies += bytes((IEI_CONCAT_16BIT, 4, c.reference >> 8, c.reference & 0xFF, c.total, c.number))
        else:
            ies += bytes((IEI_CONCAT_8BIT, 3, c.reference, c.total, c.number))
    if single_shift:
        ies += bytes((IEI_SINGLE_SHIFT, 1, single_shift))
    if locking_shift:
        ies += bytes((IEI_LOCKING_SHIFT, 1, locking_shift))
    return bytes((len(ies),)) + ies if ies else b""


def read_dcs(data_coding: int) -> tuple[str, int | None]:
    """The alphabet (``"gsm7"``, ``"8bit"``, ``"ucs2"``) and message class a TP-DCS value selects.

    Reserved codings read as the GSM 7-bit default alphabet, as TS 23.038 §4 requires of a
    receiving entity. Compressed text is refused: no handset or gateway in use sends it.
    ``dcs.read_data_coding`` tells everything else the value says.
    """
    d = read_data_coding(data_coding)
    if d.compressed:
        raise ValueError(f"TP-DCS 0x{data_coding:02X} marks compressed text, which is not supported")
    return d.alphabet, d.message_class


def parse_udh(header: bytes) -> tuple[InformationElement, ...]:
    """The information elements of a header given without its UDHL octet."""
    elements = []
    i = 0
    while i < len(header):
        if i + 2 > len(header):
            raise ValueError(f"UDH element at header octet {i + 1} is cut off: it needs an IEI and a length")
        iei, length = header[i], header[i + 1]
        if i + 2 + length > len(header):
            raise ValueError(
                f"UDH element 0x{iei:02X} at header octet {i + 1} claims {length} octets, "
                f"only {len(header) - i - 2} remain in the header"
            )
        elements.append(InformationElement(iei, bytes(header[i + 2 : i + 2 + length])))
        i += 2 + length
    return tuple(elements)


def _expect_length(e: InformationElement, length: int, name: str) -> None:
    if len(e.data) != length:
        raise ValueError(f"{name} element 0x{e.iei:02X} has {len(e.data)} data octets, not {length}")


def _interpret(
    elements: tuple[InformationElement, ...],
) -> tuple[Concatenation | None, int, int, Ports | None]:
    """Concatenation, the shift tables and the ports the elements select; a repeated element's last
    one wins (TS 23.040 §9.2.3.24)."""
    concatenation, locking, single, ports = None, 0, 0, None
    for e in elements:
        if e.iei in (IEI_CONCAT_8BIT, IEI_CONCAT_16BIT):
            ref16 = e.iei == IEI_CONCAT_16BIT
            _expect_length(e, 4 if ref16 else 3, "concatenation")
            ref = e.data[0] << 8 | e.data[1] if ref16 else e.data[0]
            total, number = e.data[-2], e.data[-1]
            # §9.2.3.24.1: a part number of 0 or above the total means the element is ignored.
            concatenation = Concatenation(ref, total, number, ref16) if 1 <= number <= total else None
        elif e.iei in (IEI_SINGLE_SHIFT, IEI_LOCKING_SHIFT):
            _expect_length(e, 1, "national language shift")
            lang = e.data[0]
            # A language whose table is not known here reads with the default table, as a
            # receiving entity that does not support the language does (§9.2.3.24.15/.16).
            if e.iei == IEI_SINGLE_SHIFT:
                single = lang if SINGLE.get(lang) else 0
            else:
                locking = lang if LOCKING.get(lang) else 0
        elif e.iei in (IEI_PORTS_8BIT, IEI_PORTS_16BIT):
            wide = e.iei == IEI_PORTS_16BIT
            _expect_length(e, 4 if wide else 2, "application port")
            d = e.data
            ports = Ports(d[0] << 8 | d[1], d[2] << 8 | d[3]) if wide else Ports(d[0], d[1], False)
    return concatenation, locking, single, ports


def septets_to_text(septets: bytes, locking: int, single: int) -> str:
    """Text of septet values as a receiving entity reads them (TS 23.038 §6.2.1.1).

    An ESC followed by a code the single shift table does not define reads as that code in the
    locking table, and ESC ESC reads as a space; an ESC with nothing after it is an error.
    """
    out = []
    pos = 0
    while True:
        text, stop = from_septets(septets, locking, single, pos)
        out.append(text)
        if stop == len(septets):
            return "".join(out)
        s = septets[stop]
        if s != ESC:
            raise ValueError(f"septet 0x{s:02X} at text septet {stop} is not in locking table {locking}")
        if stop + 1 == len(septets):
            raise ValueError(f"lone ESC at the end of the text (septet {stop}): no code follows the escape")
        code = septets[stop + 1]
        out.append(" " if code == ESC else chr(LOCKING[locking].get(code, 0xFFFD)))
        pos = stop + 2


def decode_user_data(
    user_data: bytes, udl: int, data_coding: int, udhi: bool = True, *, max_octets: int = MAX_OCTETS
) -> DecodedUserData:
    """Read TP-UD: its header when ``udhi`` (TP-UDHI) is set, then the text in the alphabet of
    ``data_coding`` (TP-DCS) with the shift tables the header selects.

    ``udl`` is TP-UDL: septets (header and fill bits included) for 7-bit data, octets otherwise.
    Any inconsistency between the two and the bytes is a ValueError naming it. Unknown header
    elements are kept in ``elements`` and otherwise ignored. ``max_octets`` is the most TP-UD the
    TPDU holds: 140 in a SUBMIT or DELIVER, up to 143 in a STATUS-REPORT.
    """
    if not isinstance(user_data, bytes | bytearray | memoryview):
        raise TypeError(f"user_data must be bytes, not {type(user_data).__name__}")
    ud = bytes(user_data)
    if type(udl) is not int or udl < 0:
        raise ValueError(f"TP-UDL must be a non-negative int, not {udl!r}")
    if type(max_octets) is not int or max_octets < 0:
        raise ValueError(f"max_octets must be a non-negative int, not {max_octets!r}")
    alphabet, message_class = read_dcs(data_coding)
    septets = alphabet == GSM7
    limit = max_octets * 8 // 7 if septets else max_octets
    if udl > limit:
        raise ValueError(f"TP-UDL {udl} exceeds the {limit} {'septets' if septets else 'octets'} of one SMS")
    need = (udl * 7 + 7) // 8 if septets else udl
    unit = f"{udl} septets need" if septets else f"{udl} octets need"
    if len(ud) < need:
        raise ValueError(f"user data truncated: TP-UDL {unit} {need} octets, got {len(ud)}")
    if len(ud) > need:
        raise ValueError(f"TP-UDL disagrees with the user data: {unit} {need} octets, got {len(ud)}")

    udh = b""
    elements: tuple[InformationElement, ...] = ()
    if udhi:
        if not ud:
            raise ValueError("TP-UDHI is set but the user data is empty: no UDHL octet")
        udh = ud[: 1 + ud[0]]
        if len(udh) < 1 + ud[0]:
            raise ValueError(f"UDHL {ud[0]} is longer than the user data after it ({len(ud) - 1} octets)")
        if septets and header_septets(len(udh)) > udl:
            raise ValueError(f"UDHL {ud[0]} takes {header_septets(len(udh))} septets, more than TP-UDL {udl}")
        elements = parse_udh(udh[1:])
    concatenation, locking, single, ports = _interpret(elements)

    if septets:
        payload = unpack(ud[len(udh) :], udl - header_septets(len(udh)), fill_bits(len(udh)))
        text = septets_to_text(payload, locking, single)
    else:
        payload = ud[len(udh) :]
        text = None
        if alphabet == UCS2:
            if len(payload) % 2:
                raise ValueError(f"UCS-2 text has an odd number of octets ({len(payload)})")
            # A lone surrogate is kept: a sender may have cut a pair between two parts, and
            # reassemble() joins the halves again.
            text = payload.decode("utf-16-be", "surrogatepass")
    waiting = read_data_coding(data_coding).waiting
    return DecodedUserData(
        text, alphabet, udh, elements, concatenation, locking, single, message_class, payload, ports, waiting
    )


def join_surrogates(text: str) -> str:
    """Merge surrogate halves that parts of a UCS-2 message split between them."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "surrogatepass")
