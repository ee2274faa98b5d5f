"""The provider's error table (code -> HTTP status, description) and the records of its answer.

Pre-flight reports these codes so that a sender can handle a predicted rejection exactly as it
would handle the real answer of ``POST /api/rest/sms``: ``ProviderError`` is one predicted
rejection, ``Notice`` one warning (a country rule, a held message, a suggestion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..core import codes

# Error code -> (HTTP status, description): the codes of ``core.codes`` that concern an SMS send
# request, with the status the provider answers each with. Pre-flight can reach each of them.
_STATUS = {
    codes.NO_VALID_RECIPIENTS: 400,
    codes.TEXT_MISSING: 400,
    codes.TEXT_TOO_LONG: 400,
    codes.SENDER_MISSING: 400,
    codes.SENDER_TOO_LONG: 400,
    codes.INVALID_SEND_DATETIME: 400,
    codes.INVALID_NOTIFICATION_URL: 400,
    codes.INVALID_PARTS: 400,
    codes.NOT_ENOUGH_CREDITS: 402,
    codes.INVALID_CODING: 400,
    codes.INVALID_EXPIRATION_DATE: 400,
    codes.INVALID_JSON: 400,
    codes.INPUT_VALIDATION: 422,
}
ERRORS: dict[int, tuple[int, str]] = {code: (status, codes.TITLES[code]) for code, status in _STATUS.items()}


@dataclass(frozen=True, slots=True)
class ProviderError:
    """One predicted rejection: the provider's code, the request field at fault, and why."""

    code: int
    field: str | None
    description: str

    def __post_init__(self) -> None:
        if self.code not in ERRORS:
            raise ValueError(f"{self.code} is not an error code of the provider's SMS API")

    @property
    def http_status(self) -> int:
        return ERRORS[self.code][0]

    @property
    def title(self) -> str:
        """The provider's own short description of the code."""
        return ERRORS[self.code][1]

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "httpStatus": self.http_status,
            "field": self.field,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning that does not stop the send: ``rule`` names it, ``country`` is the destination it
    concerns (None for the whole request), ``held_until`` the destination-local time a held message
    goes out, ``recipients`` how many recipients it concerns, ``details`` further JSON-ready pairs."""

    rule: str
    country: str | None
    message: str
    held_until: datetime | None = None
    recipients: int | None = None
    details: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict:
        out = {"rule": self.rule, "country": self.country, "message": self.message}
        if self.held_until is not None:
            out["heldUntil"] = self.held_until.isoformat()
        if self.recipients is not None:
            out["recipients"] = self.recipients
        out.update(self.details)
        return out


@dataclass
class Findings:
    """What one pre-flight has found so far: the provider's errors and the warnings."""

    errors: list[ProviderError] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)

    def error(self, code: int, field: str | None, description: str) -> None:
        self.errors.append(ProviderError(code, field, description))

    def warn(self, rule: str, message: str, country: str | None = None, **details) -> None:
        self.warnings.append(Notice(rule, country, message, **details))
