"""The predicted answer of the provider to one send request (``Verdict``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..core.results import Analysis
from ..core.suggest import Suggestion
from .errors import Notice, ProviderError
from .money import format_money
from .recipients import Recipient


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The predicted answer: errors (the provider would reject), warnings (it would accept), and
    what it would send: ``parts`` per message, ``total_sms_parts`` over the ``total`` valid
    recipients, ``cost`` (None when unknown) and the UTC ``send_at``. ``analysis`` is the
    message's analysis in the requested encoding, when it has one; ``suggestions`` the changes
    that would save parts or avoid ``utf-16`` (``nrs_codec.suggest``)."""

    errors: tuple[ProviderError, ...]
    warnings: tuple[Notice, ...]
    total: int
    total_sms_parts: int | None
    parts: int | None
    encoding: str | None
    cost: Decimal | None
    currency: str | None
    recipients: tuple[Recipient, ...]
    send_at: datetime
    analysis: Analysis | None = None
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the provider would accept the request (no error)."""
        return not self.errors

    def to_dict(self) -> dict:
        """JSON-ready, in the provider's style (camelCase, cost as an exact decimal string)."""
        return {
            "ok": self.ok,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
            "total": self.total,
            "totalSmsParts": self.total_sms_parts,
            "parts": self.parts,
            "encoding": self.encoding,
            "cost": format_money(self.cost),
            "currency": self.currency,
            "recipients": [r.to_dict() for r in self.recipients],
            "sendAt": self.send_at.isoformat(),
            "suggestions": [s.to_dict() for s in self.suggestions],
        }
