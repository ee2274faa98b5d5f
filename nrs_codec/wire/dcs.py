"""TP-DCS, the data coding scheme (3GPP TS 23.038 §4): alphabet, message class, compression,
automatic deletion, and the message waiting indication groups."""

from __future__ import annotations

from dataclasses import dataclass

GSM7, OCTETS, UCS2 = "gsm7", "8bit", "ucs2"
WAITING_KINDS = ("voicemail", "fax", "email", "other")


@dataclass(frozen=True, slots=True)
class MessageWaiting:
    """A message waiting indication (TP-DCS groups 0xC0-0xEF): ``active`` turns the handset's
    indicator of ``kind`` (``"voicemail"``, ``"fax"``, ``"email"``, ``"other"``) on or, when False,
    off; ``store`` says whether the handset keeps the message (groups 0xD0, 0xE0) or may discard
    it once the indicator is updated (group 0xC0)."""

    active: bool
    kind: str
    store: bool


@dataclass(frozen=True, slots=True)
class DataCoding:
    """What a TP-DCS value says: the alphabet (``"gsm7"``, ``"8bit"``, ``"ucs2"``), the message
    class (0-3, None when it has none), ``compressed`` text, ``auto_delete`` (group 0x40-0x7F: the
    handset deletes the message once read), and ``waiting`` for the message waiting groups.

    Example: ``read_data_coding(0xD8)`` is voicemail waiting, set, stored, in GSM 7-bit.
    """

    value: int
    alphabet: str
    message_class: int | None
    compressed: bool = False
    auto_delete: bool = False
    waiting: MessageWaiting | None = None


def read_data_coding(value: int) -> DataCoding:
    """Read a TP-DCS value. Reserved codings read as the GSM 7-bit default alphabet, as TS 23.038
    §4 requires of a receiving entity; a value outside 0-255 is a ValueError."""
    if type(value) is not int or not 0 <= value <= 0xFF:
        raise ValueError(f"TP-DCS must be an int from 0 to 255, not {value!r}")
    group = value >> 4
    if group <= 0x7:  # general data coding, and the automatic deletion group
        alphabet = (GSM7, OCTETS, UCS2, GSM7)[(value >> 2) & 3]
        cls = value & 3 if value & 0x10 else None
        return DataCoding(value, alphabet, cls, bool(value & 0x20), bool(value & 0x40))
    if group in (0xC, 0xD, 0xE):  # message waiting indication: discard, store, store in UCS-2
        waiting = MessageWaiting(bool(value & 0x08), WAITING_KINDS[value & 3], group != 0xC)
        return DataCoding(value, UCS2 if group == 0xE else GSM7, None, waiting=waiting)
    if group == 0xF:  # data coding / message class
        return DataCoding(value, OCTETS if value & 0x04 else GSM7, value & 3)
    return DataCoding(value, GSM7, None)
