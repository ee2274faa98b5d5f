"""TPDU plumbing shared by every TPDU type: a PDU's octets from bytes or hexadecimal text, and a
reader that takes them front to back and names the field that runs out."""

from __future__ import annotations

# An SMS-SUBMIT with the longest user data is 164 octets (first octet, TP-MR, a 2-octet TP-DA,
# TP-PID, TP-DCS, TP-UDL, 140 octets of TP-UD and 7 of TP-VP less the 7 of the shortest address
# field). The other TPDUs share that bound: a STATUS-REPORT's TP-UD holds at most 143 octets, and
# only with a 2-octet TP-RA and no TP-PID or TP-DCS (TS 23.040 §9.2.2.3).
MAX_TPDU_OCTETS = 164


def pdu_octets(pdu: object) -> bytes:
    """The octets of ``pdu`` given as bytes-like or as hexadecimal text."""
    if isinstance(pdu, str):
        try:
            return bytes.fromhex(pdu)
        except ValueError as exc:
            raise ValueError(f"PDU is not hexadecimal text: {exc}") from None
    if isinstance(pdu, bytes | bytearray | memoryview):
        return bytes(pdu)
    raise TypeError(f"pdu must be bytes or hexadecimal str, not {type(pdu).__name__}")


class Reader:
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

    @property
    def remaining(self) -> int:
        return len(self.data) - self.pos

    def rest(self) -> bytes:
        chunk = self.data[self.pos :]
        self.pos = len(self.data)
        return chunk

    def end(self, what: str) -> None:
        """No octets may follow ``what``, the last field of the TPDU."""
        if self.pos < len(self.data):
            raise ValueError(
                f"{len(self.data) - self.pos} octets follow {what} at offset {self.pos}, "
                "the last field of the TPDU"
            )


def check_octet(value: object, what: str, top: int = 0xFF) -> int:
    """``value`` when it is an int from 0 to ``top``; else a ValueError naming ``what``."""
    if type(value) is not int or not 0 <= value <= top:
        raise ValueError(f"{what} must be an int from 0 to {top}, not {value!r}")
    return value
