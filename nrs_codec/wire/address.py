"""Addresses in TPDUs: TP-DA, TP-OA, TP-RA and the SMSC address field (3GPP TS 23.040 §9.1.2.5).

An address field is a length, a type-of-address octet (type of number, numbering plan) and the
value: semi-octet digits, or for the alphanumeric type GSM 7-bit default alphabet characters packed
into septets, the length then counting the semi-octets the septets fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.engine import pack, to_septets, unpack
from .tpdu import Reader
from .userdata import septets_to_text

TON_UNKNOWN, TON_INTERNATIONAL, TON_NATIONAL, TON_ALPHANUMERIC = 0, 1, 2, 5
NPI_UNKNOWN, NPI_ISDN = 0, 1
MAX_ADDRESS_DIGITS = 20
# 10 value octets hold 80 bits: 11 septets.
MAX_ALPHANUMERIC_SEPTETS = 11
# Type name -> (type of number, numbering plan): what a handset writes for each kind of number.
ADDRESS_TYPES = {
    "international": (TON_INTERNATIONAL, NPI_ISDN),  # 0x91
    "national": (TON_NATIONAL, NPI_ISDN),  # 0xA1
    "unknown": (TON_UNKNOWN, NPI_ISDN),  # 0x81: a number as dialled, or a short code
    "alphanumeric": (TON_ALPHANUMERIC, NPI_UNKNOWN),  # 0xD0
}
# Semi-octet digits beyond 0-9 (TS 23.040 §9.1.2.5); 0xF fills an odd count.
_NIBBLE = "0123456789*#abc"
_DIGITS = frozenset("0123456789")
_DIALLED = _DIGITS | {"*", "#"}


@dataclass(frozen=True, slots=True)
class Address:
    """An address: the number (or alphanumeric text), type of number and numbering plan.

    ``Address.parse("+351912345678")`` makes one from what a user types; ``Address("4479", 1, 1)``
    states every field. ``type_of_address`` is the octet on the wire (0x91 international).
    """

    number: str
    ton: int
    npi: int

    @property
    def international(self) -> bool:
        """The type of number is international (the number carries its country prefix)."""
        return self.ton == TON_INTERNATIONAL

    @property
    def alphanumeric(self) -> bool:
        """The address is GSM 7-bit text (a sender name), not digits."""
        return self.ton == TON_ALPHANUMERIC

    @property
    def type_of_address(self) -> int:
        """The type-of-address octet: bit 7 set, type of number, numbering plan."""
        return 0x80 | self.ton << 4 | self.npi

    @classmethod
    def parse(cls, value: str | Address, kind: str | None = None, *, what: str = "address") -> Address:
        """An address from text: digits with the country prefix (as the provider's ``to``, with or
        without ``+``: international), or with ``kind`` ``"national"`` or ``"unknown"`` (0x81, for
        short codes and numbers as dialled; ``*`` and ``#`` allowed), or ``"alphanumeric"`` (up to 11
        GSM characters; chosen by itself when the text holds a letter). An ``Address`` is checked
        and returned as is.

        Raises TypeError for a value that is neither, ValueError naming ``what`` when the value
        does not fit the type. Example: ``Address.parse("Shop")`` is ``Address("Shop", 5, 0)``.
        """
        if isinstance(value, Address):
            check_address(value, what)
            return value
        if not isinstance(value, str):
            raise TypeError(f"{what} must be str or Address, not {type(value).__name__}")
        if kind is None:
            digits = value.removeprefix("+")
            if digits.isascii() and digits.isdigit():
                kind = "international"
            elif any(c.isalpha() for c in value):
                kind = "alphanumeric"
            else:
                raise ValueError(
                    f"{what} must be 1 to {MAX_ADDRESS_DIGITS} digits with the country prefix, or "
                    f"alphanumeric text with a letter, not {value!r}"
                )
        if kind not in ADDRESS_TYPES:
            raise ValueError(f"{what} type must be one of {', '.join(ADDRESS_TYPES)}, not {kind!r}")
        number = value.removeprefix("+") if kind == "international" else value
        address = cls(number, *ADDRESS_TYPES[kind])
        check_address(address, what)
        return address


def check_address(address: Address, what: str) -> None:
    """Raise ValueError naming ``what`` when ``address`` cannot be written in an address field."""
    if not isinstance(address.number, str) or not all(type(v) is int for v in (address.ton, address.npi)):
        raise TypeError(f"{what} must hold a str number and int type of number and numbering plan")
    if not (0 <= address.ton <= 7 and 0 <= address.npi <= 15):
        raise ValueError(f"{what} type of number {address.ton} or numbering plan {address.npi} out of range")
    if address.alphanumeric:
        septets, stop = to_septets(address.number, 0, 0)
        if stop != len(address.number):
            bad = address.number[stop]
            raise ValueError(f"{what} {address.number!r}: {bad!r} is not in the GSM 7-bit default alphabet")
        if not 1 <= len(septets) <= MAX_ALPHANUMERIC_SEPTETS:
            raise ValueError(
                f"{what} {address.number!r} takes {len(septets)} septets; an alphanumeric address "
                f"holds 1 to {MAX_ALPHANUMERIC_SEPTETS}"
            )
        return
    allowed = _DIGITS if address.international else _DIALLED
    if not 1 <= len(address.number) <= MAX_ADDRESS_DIGITS or not set(address.number) <= allowed:
        kind = "digits" if address.international else "digits, * or #"
        raise ValueError(f"{what} must be 1 to {MAX_ADDRESS_DIGITS} {kind}, not {address.number!r}")


def _semi_octets(digits: str) -> bytes:
    """Digits as swapped semi-octets, 0xF filling an odd count."""
    nibbles = [_NIBBLE.index(d) for d in digits] + [0xF] * (len(digits) % 2)
    return bytes(nibbles[i] | nibbles[i + 1] << 4 for i in range(0, len(nibbles), 2))


def address_field(address: Address) -> bytes:
    """TP-DA / TP-OA / TP-RA: the length in semi-octets, the type of address, the value."""
    if address.alphanumeric:
        septets, _ = to_septets(address.number, 0, 0)
        return bytes(((len(septets) * 7 + 3) // 4, address.type_of_address)) + pack(septets)
    return bytes((len(address.number), address.type_of_address)) + _semi_octets(address.number)


def smsc_field(smsc: str | Address | None) -> bytes:
    """The SMSC address field in front of a PDU: ``00`` (the modem's own SMSC) for None, else its
    length in octets, the type of address and the digits (international unless an Address says)."""
    if smsc is None:
        return b"\x00"
    address = Address.parse(smsc, what="smsc")
    if address.alphanumeric:
        raise ValueError(f"smsc must be a number, not the alphanumeric {address.number!r}")
    value = _semi_octets(address.number)
    return bytes((1 + len(value), address.type_of_address)) + value


def _read_digits(octets: bytes, count: int, what: str) -> str:
    nibbles = []
    for o in octets:
        nibbles += (o & 0x0F, o >> 4)
    digits = nibbles[:count]
    if 0xF in digits:
        raise ValueError(f"{what} holds a filler semi-octet inside its digits")
    return "".join(_NIBBLE[d] for d in digits)


def read_address(r: Reader, what: str) -> Address:
    """Read TP-DA / TP-OA / TP-RA at the reader's position."""
    count = r.octet(f"{what} length")
    if count > MAX_ADDRESS_DIGITS:
        raise ValueError(f"{what} length {count} exceeds the {MAX_ADDRESS_DIGITS} digits an address holds")
    toa = r.octet(f"{what} type")
    raw = r.take((count + 1) // 2, what)
    ton, npi = toa >> 4 & 7, toa & 0x0F
    if ton == TON_ALPHANUMERIC:
        # The length counts semi-octets: count * 4 bits hold count * 4 // 7 whole septets, as
        # Android's GsmSmsAddress reads them.
        try:
            number = septets_to_text(unpack(raw, count * 4 // 7), 0, 0)
        except ValueError as exc:  # a lone ESC at its end: the address's error, not the message's
            raise ValueError(f"{what} (alphanumeric): {exc}") from None
    else:
        number = _read_digits(raw, count, what)
    return Address(number, ton, npi)


def read_smsc(r: Reader) -> Address | None:
    """Read the SMSC address field; None when it is ``00`` (the modem's own SMSC)."""
    length = r.octet("SMSC address length")
    if length == 0:
        return None
    toa = r.octet("SMSC address type")
    raw = r.take(length - 1, "SMSC address")
    count = 2 * len(raw) - (1 if raw and raw[-1] >> 4 == 0xF else 0)
    return Address(_read_digits(raw, count, "SMSC address"), toa >> 4 & 7, toa & 0x0F)
