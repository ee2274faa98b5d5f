"""Pre-flight of a send request: the provider's answer to ``POST /api/rest/sms`` without sending.

``preflight(request)`` checks every field of the JSON body as the provider does (``fields``,
``message``) and reports every problem with the provider's error code (not only the first),
predicts ``totalSmsParts`` across the valid recipients, the cost from a price table, when the
message really goes out in each destination under its country's rules (``countries``), and the
changes that would make it cheaper (``nrs_codec.suggest``). The
provider limits it assumes are a ``Profile``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from .._text import plural
from ..core import codes
from ..core.results import Analysis
from . import countries, fields, message
from .body import BodyError, parse_body
from .errors import Findings, ProviderError
from .money import EXACT, Money, format_money
from .prices import PriceTable
from .profile import Profile
from .recipients import Recipient, json_type
from .verdict import Verdict


def _rejected_body(description: str, now: datetime) -> Verdict:
    return Verdict(
        errors=(ProviderError(codes.INVALID_JSON, None, description),),
        warnings=(),
        total=0,
        total_sms_parts=None,
        parts=None,
        encoding=None,
        cost=None,
        currency=None,
        recipients=(),
        send_at=now,
    )


def preflight(
    request: Mapping | str | bytes,
    *,
    prices: PriceTable | None = None,
    balance: Money | str | tuple[object, str] | None = None,
    now: datetime | None = None,
    transactional: bool = False,
    profile: Profile | None = None,
) -> Verdict:
    """The provider's predicted answer to ``request`` (the JSON body of ``POST /api/rest/sms``, as
    a mapping or as JSON text or bytes, read strictly: see ``provider.body``).

    ``prices`` gives the cost (None: cost unknown); ``balance`` the credit the cost must not exceed
    (error 111), with its currency (``"10 EUR"``, ``("10", "EUR")`` or a ``Money``; a balance in
    another currency than the price table's is a ValueError); ``now`` (timezone-aware, default
    the current time) the time of the request, used when there is no ``scheduleDate``;
    ``transactional`` exempts the message from the rules that concern marketing; ``profile`` the
    provider limits (default ``Profile()``).
    """
    now, profile, credit = _arguments(now, profile, prices, balance)
    if isinstance(request, (str, bytes, bytearray, memoryview)):
        try:
            request = parse_body(request, max_bytes=profile.max_body_bytes)
        except BodyError as exc:
            return _rejected_body(str(exc), now)
    if not isinstance(request, Mapping):
        return _rejected_body(f"the body must be a JSON object, not a {json_type(request)}", now)

    check = Findings()
    text = fields.message(request, check)
    encoding = fields.encoding(request, text, profile, check)
    parts = fields.parts(request, profile, check)
    analysis = None
    suggestions = ()
    if text is not None and encoding is not None:
        analysis = message.analysis(text, encoding, parts, profile, check)
        suggestions = message.suggestions(text, encoding, profile)
    sender = fields.sender(request, profile, check)
    recipients = fields.recipients(request, check)
    send_at, expiration = fields.times(request, now, check)
    fields.other_fields(request, check)

    valid = [r for r in recipients if r.valid]
    per_message = analysis.parts if analysis is not None else None
    recipients, cost = _costs(check, recipients, per_message, prices)
    _check_balance(check, cost, credit, prices)
    if text is not None:
        send = _Send(text, encoding, sender, send_at, expiration, transactional, analysis, profile)
        _country_rules(check, valid, send)

    return Verdict(
        errors=tuple(check.errors),
        warnings=tuple(check.warnings),
        total=len(valid),
        total_sms_parts=None if per_message is None else per_message * len(valid),
        parts=per_message,
        encoding=encoding,
        cost=cost,
        currency=None if prices is None else prices.currency,
        recipients=tuple(recipients),
        send_at=send_at,
        analysis=analysis,
        suggestions=suggestions,
    )


def _arguments(
    now: datetime | None, profile: Profile | None, prices: PriceTable | None, balance: object
) -> tuple[datetime, Profile, Money | None]:
    """The caller's arguments checked: ``now`` in UTC, the profile, the balance as ``Money``."""
    if now is None:
        now = datetime.now(timezone.utc)
    elif not isinstance(now, datetime) or now.tzinfo is None:
        raise ValueError(f"now must be a timezone-aware datetime, not {now!r}")
    profile = Profile() if profile is None else profile
    if not isinstance(profile, Profile):
        raise TypeError(f"profile must be a Profile, not {type(profile).__name__}")
    if prices is not None and not isinstance(prices, PriceTable):
        raise TypeError(f"prices must be a PriceTable (see load_prices), not {type(prices).__name__}")
    credit = None if balance is None else Money.parse(balance, "balance")
    if credit is not None and prices is not None and credit.currency != prices.currency:
        raise ValueError(
            f"balance {credit} is in {credit.currency} but {prices.source} prices are in {prices.currency}: "
            "a cost cannot be compared with a balance in another currency"
        )
    return now.astimezone(timezone.utc), profile, credit


def _check_balance(check: Findings, cost: Decimal | None, credit: Money | None, prices) -> None:
    """Error 111 when the cost exceeds the balance; a warning when the cost is unknown."""
    if credit is None:
        return
    if cost is None:
        check.warn("balance-unchecked", "the cost is unknown, so the balance could not be checked")
    elif cost > credit.amount:
        check.error(
            codes.NOT_ENOUGH_CREDITS,
            None,
            f"the cost {format_money(cost)} {prices.currency} exceeds the balance {credit}",
        )


@dataclass(frozen=True)
class _Send:
    """What the country rules judge: the message as it would be sent, and when."""

    text: str
    encoding: str | None
    sender: str | None
    send_at: datetime
    expiration: datetime | None
    transactional: bool
    analysis: Analysis | None
    profile: Profile

    def measure(self, text: str) -> Analysis | None:
        """``text`` analysed as the message is (None when it cannot be sent that way)."""
        try:
            return self.profile.analyze(text, self.encoding)
        except ValueError:
            return None


def _country_rules(check: Findings, valid: list[Recipient], send: _Send) -> None:
    """Each destination country's sending rules, once per country with its recipient count; a
    message held past its ``expirationDate`` is a warning of its own."""
    by_country: dict[str, int] = {}
    for r in valid:
        if r.country is not None:
            by_country[r.country] = by_country.get(r.country, 0) + 1
    for country, count in by_country.items():
        found = countries.evaluate(
            country,
            message=send.text,
            sender=send.sender,
            send_at=send.send_at,
            transactional=send.transactional,
            recipients=count,
            analysis=send.analysis,
            measure=send.measure,
        )
        check.warnings.extend(found)
        for n in found:
            if n.held_until is not None and send.expiration is not None and n.held_until >= send.expiration:
                check.warn(
                    "expires-held",
                    f"held until {n.held_until.isoformat()}, at or after expirationDate "
                    f"{send.expiration.isoformat()}: these messages would expire unsent",
                    country=country,
                    recipients=count,
                )


def _costs(
    check: Findings, recipients: list[Recipient], parts: int | None, prices: PriceTable | None
) -> tuple[list[Recipient], Decimal | None]:
    """The recipients with their prices and costs, and the total (None unless every valid
    recipient has a price and the part count is known)."""
    valid = [r for r in recipients if r.valid]
    if prices is None:
        if valid:
            check.warn("no-prices", "no price table given: the cost is unknown")
        return recipients, None
    out = []
    total: Decimal | None = Decimal(0)
    unpriced: dict[str, int] = {}
    for r in recipients:
        if not r.valid:
            out.append(r)
            continue
        price = prices.lookup(r.number, r.country)
        if price is None:
            unpriced[r.country or "unknown country"] = unpriced.get(r.country or "unknown country", 0) + 1
            total = None
            out.append(r)
            continue
        cost = None if parts is None else EXACT.multiply(price.amount, parts)
        total = None if total is None or cost is None else EXACT.add(total, cost)
        out.append(Recipient(r.number, r.country, True, None, price.amount, cost))
    for country, count in unpriced.items():
        check.warn(
            "no-price",
            f"no price for {plural(count, 'recipient')} in {country} in {prices.source}: cost unknown",
            country=None if country == "unknown country" else country,
            recipients=count,
        )
    return out, total if valid else None
