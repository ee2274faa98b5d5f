"""8-bit binary messages: data split into parts of TP-DCS 8-bit data, with application port
addressing (WAP push, vCard, OTA settings) in every part (3GPP TS 23.040 §9.2.3.24.3 / .4).

One part holds 140 octets of TP-UD less the user data header: 140 with no header, 134 with 8-bit
concatenation, 135 / 133 with 8-bit / 16-bit ports alone, 130 / 128 with 8-bit concatenation and
8-bit / 16-bit ports (one octet less each with a 16-bit reference).
"""

from __future__ import annotations

from ..core.results import MAX_PARTS, TooManyPartsError
from .dcs import OCTETS
from .segments import Segment, check_reference
from .userdata import DCS_8BIT, MAX_OCTETS, Concatenation, Ports, build_udh

DCS_8BIT_CLASS = 0xF4  # data coding / message class group, 8-bit data; the class in bits 1-0


def as_ports(ports: Ports | tuple[int, int] | None) -> Ports | None:
    """``ports`` as a ``Ports``: a ``(destination, source)`` pair is 16-bit ports, as Android sends
    data messages; pass ``Ports(..., wide=False)`` for the 8-bit element."""
    if ports is None or isinstance(ports, Ports):
        return ports
    if isinstance(ports, tuple) and len(ports) == 2:
        return Ports(*ports)
    raise TypeError(f"ports must be a Ports or a (destination, source) pair, not {ports!r}")


def _udh(ports: Ports | None, concatenation: Concatenation | None) -> bytes:
    # Ports first, as WAP push senders lay them out; element order carries no meaning.
    elements = (ports.element if ports else b"") + build_udh(concatenation)[1:]
    return bytes((len(elements),)) + elements if elements else b""


def binary_capacity(
    *, ports: Ports | tuple[int, int] | None = None, ref16: bool = False, concatenated: bool = False
) -> int:
    """Octets of data one part holds: 140 less the user data header that ``ports`` and, when
    ``concatenated``, the concatenation element (16-bit reference with ``ref16``) take.

    Example: ``binary_capacity(ports=(2948, 9200), concatenated=True)`` is 128.
    """
    concatenation = Concatenation(0, 2, 1, bool(ref16)) if concatenated else None
    return MAX_OCTETS - len(_udh(as_ports(ports), concatenation))


def encode_binary(
    data: bytes,
    *,
    ports: Ports | tuple[int, int] | None = None,
    reference: int | None = None,
    ref16: bool = False,
    message_class: int | None = None,
) -> list[Segment]:
    """The parts of 8-bit ``data`` as they go on the wire, one ``Segment`` per part.

    TP-DCS is 0x04 (8-bit data), or 0xF4-0xF7 when ``message_class`` (0-3) is given. ``ports``
    (a ``Ports`` or a ``(destination, source)`` pair of 16-bit ports) go in every part's header.
    Data longer than one part is split at ``binary_capacity`` octets with the concatenation element,
    ``reference`` (random when None; 16-bit with ``ref16``) naming the message. Each segment's
    ``text`` is None, ``encoding`` ``"8bit"``, ``units`` its data octets and ``payload`` its data.

    Raises TypeError for data that is not bytes-like, ValueError for bad ports, class or reference,
    and ``TooManyPartsError`` past 255 parts. Example::

        encode_binary(vcard, ports=(9204, 9204))  # a vCard to a handset's vCard port
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    ports = as_ports(ports)
    if message_class is None:
        dcs = DCS_8BIT
    elif type(message_class) is int and 0 <= message_class <= 3:
        dcs = DCS_8BIT_CLASS | message_class
    else:
        raise ValueError(f"message_class must be None or an int from 0 to 3, not {message_class!r}")
    ref = check_reference(reference, bool(ref16))
    if len(data) <= binary_capacity(ports=ports):
        chunks = [data]
    else:
        size = binary_capacity(ports=ports, ref16=ref16, concatenated=True)
        chunks = [data[i : i + size] for i in range(0, len(data), size)]
        if len(chunks) > MAX_PARTS:
            raise TooManyPartsError(OCTETS, len(chunks))
    segments = []
    for number, chunk in enumerate(chunks, start=1):
        concatenation = Concatenation(ref, len(chunks), number, bool(ref16)) if len(chunks) > 1 else None
        udh = _udh(ports, concatenation)
        user_data = udh + chunk
        segments.append(
            Segment(
                None, OCTETS, udh, user_data, len(user_data), dcs, b"", len(chunk), 0, 0, concatenation,
                ports,
            )
        )  # fmt: skip
    return segments
