"""The pure-Python reference for the septet hot paths: text <-> septet values, and 7-bit packing.

It sits beside ``reference`` (the analysis) as the other half of the pure-Python back end;
``nrs_codec/_native/packing.pxi`` is the compiled twin with the same four functions and the same
results on every input (including the errors); the differential tests hold the two together.

Packing follows 3GPP TS 23.038 §6.1.2.1: septets are laid out least significant bit first, each
starting 7 bits after the previous one. ``fill_bits`` zero bits come first, which is how TS 23.040
§9.2.3.24 aligns the first septet of the text to a septet boundary after the user data header.
"""

from __future__ import annotations

from .._generated.tables import LOCKING, SINGLE
from .rules import ESC

_EMPTY: dict[int, int] = {}
# Code point -> septet value, per national language id.
_LOCKING = {lang: {cp: s for s, cp in t.items()} for lang, t in LOCKING.items() if t is not None}
_SINGLE = {lang: {cp: s for s, cp in t.items()} for lang, t in SINGLE.items() if t is not None}


def check_fill(fill_bits: int) -> None:
    if type(fill_bits) is not int or not 0 <= fill_bits <= 6:
        raise ValueError(f"fill_bits must be an int from 0 to 6, not {fill_bits!r}")


def check_start(start: int, length: int) -> None:
    if type(start) is not int or not 0 <= start <= length:
        raise ValueError(f"start must be an int from 0 to {length}, not {start!r}")


def packed_octets(count: int, fill_bits: int = 0) -> int:
    """Octets that ``count`` septets take after ``fill_bits`` fill bits."""
    return (fill_bits + 7 * count + 7) // 8


def pack(septets: bytes, fill_bits: int = 0) -> bytes:
    """Pack septet values (one per octet, each below 0x80) after ``fill_bits`` zero bits."""
    check_fill(fill_bits)
    out = bytearray(packed_octets(len(septets), fill_bits))
    bit = fill_bits
    for i, s in enumerate(septets):
        if s > 0x7F:
            raise ValueError(f"septet {i} is 0x{s:02X}: a septet value is below 0x80")
        out[bit >> 3] |= (s << (bit & 7)) & 0xFF
        if (bit & 7) > 1:  # the septet runs into the next octet
            out[(bit >> 3) + 1] |= s >> (8 - (bit & 7))
        bit += 7
    return bytes(out)


def unpack(data: bytes, count: int, fill_bits: int = 0) -> bytes:
    """The first ``count`` septet values packed in ``data`` after ``fill_bits`` fill bits."""
    check_fill(fill_bits)
    if type(count) is not int or count < 0:
        raise ValueError(f"count must be a non-negative int, not {count!r}")
    need = packed_octets(count, fill_bits)
    if len(data) < need:
        raise ValueError(
            f"user data truncated: {count} septets after {fill_bits} fill bits need {need} octets, "
            f"got {len(data)}"
        )
    out = bytearray(count)
    bit = fill_bits
    for i in range(count):
        byte, shift = bit >> 3, bit & 7
        value = data[byte] >> shift
        if shift > 1:
            value |= data[byte + 1] << (8 - shift)
        out[i] = value & 0x7F
        bit += 7
    return bytes(out)


def to_septets(text: str, locking: int, single: int, start: int = 0) -> tuple[bytes, int]:
    """Septet values of ``text[start:]`` in the given locking and single shift tables.

    A character of the locking table is one septet; one found only in the single shift table is
    ESC followed by its code. Returns the septets and the index where conversion stopped: the first
    character neither table holds, or ``len(text)``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    check_start(start, len(text))
    basic = _LOCKING.get(locking, _EMPTY)
    ext = _SINGLE.get(single, _EMPTY)
    out = bytearray()
    for i in range(start, len(text)):
        cp = ord(text[i])
        s = basic.get(cp)
        if s is not None:
            out.append(s)
            continue
        s = ext.get(cp)
        if s is None:
            return bytes(out), i
        out += bytes((ESC, s))
    return bytes(out), len(text)


def from_septets(septets: bytes, locking: int, single: int, start: int = 0) -> tuple[str, int]:
    """Text of the septet values ``septets[start:]`` (one per octet) in the given tables.

    Returns the text and the index where decoding stopped: the first value above 0x7F, a value the
    locking table does not define, an ESC at the end, or an ESC followed by a code the single shift
    table does not define; ``len(septets)`` when all decode.
    """
    check_start(start, len(septets))
    basic = LOCKING.get(locking) or _EMPTY
    ext = SINGLE.get(single) or _EMPTY
    out = []
    i, n = start, len(septets)
    while i < n:
        s = septets[i]
        if s == ESC:
            cp = ext.get(septets[i + 1]) if i + 1 < n else None
            if cp is None:
                break
            i += 2
        else:
            cp = basic.get(s)
            if cp is None:
                break
            i += 1
        out.append(chr(cp))
    return "".join(out), i
