"""What TP-Status (3GPP TS 23.040 §9.2.3.15) and TP-Failure-Cause (§9.2.3.22) values mean."""

from __future__ import annotations

from dataclasses import dataclass

DELIVERED = "delivered"
STILL_TRYING = "temporary-error-still-trying"
PERMANENT = "permanent-error"
NO_LONGER_TRYING = "temporary-error-no-longer-trying"
# Bits 6-5 of TP-ST: the four classes of §9.2.3.15.
CATEGORIES = (DELIVERED, STILL_TRYING, PERMANENT, NO_LONGER_TRYING)

_STATUS = {
    0x00: "short message received by the SME",
    0x01: "short message forwarded by the SC to the SME but the SC is unable to confirm delivery",
    0x02: "short message replaced by the SC",
    0x20: "congestion",
    0x21: "SME busy",
    0x22: "no response from SME",
    0x23: "service rejected",
    0x24: "quality of service not available",
    0x25: "error in SME",
    0x40: "remote procedure error",
    0x41: "incompatible destination",
    0x42: "connection rejected by SME",
    0x43: "not obtainable",
    0x44: "quality of service not available",
    0x45: "no interworking available",
    0x46: "SM validity period expired",
    0x47: "SM deleted by originating SME",
    0x48: "SM deleted by SC administration",
    0x49: "SM does not exist",
    0x60: "congestion",
    0x61: "SME busy",
    0x62: "no response from SME",
    0x63: "service rejected",
    0x64: "quality of service not available",
    0x65: "error in SME",
}

_FAILURE = {
    0x80: "telematic interworking not supported",
    0x81: "short message Type 0 not supported",
    0x82: "cannot replace short message",
    0x8F: "unspecified TP-PID error",
    0x90: "data coding scheme (alphabet) not supported",
    0x91: "message class not supported",
    0x9F: "unspecified TP-DCS error",
    0xA0: "command cannot be actioned",
    0xA1: "command unsupported",
    0xAF: "unspecified TP-Command error",
    0xB0: "TPDU not supported",
    0xC0: "SC busy",
    0xC1: "no SC subscription",
    0xC2: "SC system failure",
    0xC3: "invalid SME address",
    0xC4: "destination SME barred",
    0xC5: "SM rejected - duplicate SM",
    0xC6: "TP-VPF not supported",
    0xC7: "TP-VP not supported",
    0xD0: "(U)SIM SMS storage full",
    0xD1: "no SMS storage capability in (U)SIM",
    0xD2: "error in MS",
    0xD3: "memory capacity exceeded",
    0xD4: "(U)SIM Application Toolkit busy",
    0xD5: "(U)SIM data download error",
    0xFF: "unspecified error cause",
}

COMMAND_TYPES = {
    0x00: "enquiry relating to previously submitted short message",
    0x01: "cancel status report request relating to previously submitted short message",
    0x02: "delete previously submitted short message",
    0x03: "enable status report request relating to previously submitted short message",
}


@dataclass(frozen=True, slots=True)
class Status:
    """TP-ST of a status report: the value as received, what it means, and its class.

    ``category`` is ``"delivered"``, ``"temporary-error-still-trying"``, ``"permanent-error"`` or
    ``"temporary-error-no-longer-trying"``. A reserved value reads as "service rejected" (0x63), as
    TS 23.040 asks of a handset, and says so in ``description``; ``value`` keeps it as received.
    Example: ``tp_status(0x46)`` is ``Status(0x46, "SM validity period expired", "permanent-error")``.
    """

    value: int
    description: str
    category: str

    @property
    def delivered(self) -> bool:
        """The short message reached the recipient (or the SC forwarded or replaced it)."""
        return self.category == DELIVERED

    @property
    def final(self) -> bool:
        """The SC makes no more attempts: no further status report follows for this message."""
        return self.category != STILL_TRYING


@dataclass(frozen=True, slots=True)
class FailureCause:
    """TP-FCS of an RP-ERROR report: the value as received and what it means."""

    value: int
    description: str


def tp_status(value: int) -> Status:
    """The meaning and class of a TP-ST value (0-255); ValueError for anything else."""
    if type(value) is not int or not 0 <= value <= 0xFF:
        raise ValueError(f"TP-ST must be an int from 0 to 255, not {value!r}")
    known = _STATUS.get(value)
    if known is not None:
        return Status(value, known, CATEGORIES[value >> 5])
    if value < 0x80 and value & 0x10:
        return Status(value, f"value specific to the SC (0x{value:02X})", CATEGORIES[value >> 5])
    return Status(value, f"reserved value 0x{value:02X}, read as service rejected", NO_LONGER_TRYING)


def failure_cause(value: int) -> FailureCause:
    """The meaning of a TP-FCS value (0-255); ValueError for anything else."""
    if type(value) is not int or not 0 <= value <= 0xFF:
        raise ValueError(f"TP-FCS must be an int from 0 to 255, not {value!r}")
    if value in _FAILURE:
        return FailureCause(value, _FAILURE[value])
    if 0xE0 <= value <= 0xFE:
        return FailureCause(value, f"error specific to an application (0x{value:02X})")
    return FailureCause(value, f"reserved value 0x{value:02X}")


def command_type_name(value: int) -> str:
    """What a TP-CT value asks of the SC."""
    if value in COMMAND_TYPES:
        return COMMAND_TYPES[value]
    if value >= 0xE0:
        return f"command specific to the SC (0x{value:02X})"
    return f"reserved command type 0x{value:02X}"
