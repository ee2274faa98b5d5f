"""Pre-flight of a send request: the provider's answer to ``POST /api/rest/sms`` without sending.

``preflight(request)`` checks every field of the JSON body as the provider does and reports every
problem with the provider's error code (not only the first), predicts ``totalSmsParts`` across the
valid recipients, the cost from a price table, and when the message really goes out in each
destination under its country's rules. The provider limits it assumes are a ``Profile``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import phonenumbers

import nrs_codec

from . import countries
from ._model import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ._rules import DEFAULT_ALLOWED, ENCODINGS, UTF16, normalize_encoding
from .prices import PriceTable
from .provider import Notice, ProviderError
from .smart import smart_encode

FIELDS = (
    "to",
    "from",
    "message",
    "encoding",
    "parts",
    "scheduleDate",
    "expirationDate",
    "notificationUrl",
    "campaignName",
)
_DATETIME = re.compile(r"[0-9]{14}")
_DIGITS = re.compile(r"[0-9]+")
_SENDER_CHAR = re.compile(r"[A-Za-z0-9 ]")
_SHOWN = 5  # offending items quoted in one description before "and N more"


@dataclass(frozen=True, slots=True)
class Profile:
    """The provider limits and gateway options pre-flight assumes.

    ``max_parts`` is the largest ``parts`` a request may allow (255, what an 8-bit concatenation
    reference addresses, unless the account is limited further); sender limits are the provider's;
    ``ref16`` and ``force_shifts`` describe the gateway's headers as in ``analyze``. ``encodings``
    are the ``encoding`` values the provider accepts, in the order ``auto`` prefers them (the
    provider's ``gsm``, ``gsm-pt`` and ``utf-16`` unless a gateway takes national languages too).
    """

    max_parts: int = MAX_PARTS
    sender_max_alphanumeric: int = 11
    sender_max_numeric: int = 15
    default_encoding: str = "gsm"
    ref16: bool = False
    force_shifts: bool = False
    encodings: tuple[str, ...] = DEFAULT_ALLOWED

    def __post_init__(self) -> None:
        if type(self.max_parts) is not int or not 1 <= self.max_parts <= MAX_PARTS:
            raise ValueError(f"max_parts must be an int from 1 to {MAX_PARTS}, not {self.max_parts!r}")
        for name in ("sender_max_alphanumeric", "sender_max_numeric"):
            if type(getattr(self, name)) is not int or getattr(self, name) < 1:
                raise ValueError(f"{name} must be a positive int, not {getattr(self, name)!r}")
        encodings = self.encodings
        if (
            type(encodings) is not tuple
            or not encodings
            or len(set(encodings)) != len(encodings)
            or not set(encodings) <= set(ENCODINGS)
        ):
            raise ValueError(f"encodings must be a tuple of distinct names of {', '.join(ENCODINGS)}")
        if self.default_encoding not in encodings:
            raise ValueError(
                f"default_encoding must be one of {', '.join(encodings)}, not {self.default_encoding!r}"
            )

    def analyze(self, text: str, encoding: str) -> Analysis:
        """``nrs_codec.analyze`` (the active back end) with this profile's gateway options."""
        return nrs_codec.analyze(
            text, encoding, allowed=self.encodings, ref16=self.ref16, force_shifts=self.force_shifts
        )


@dataclass(frozen=True, slots=True)
class Recipient:
    """One entry of ``to``: its country from the number, whether it is valid (``reason`` says why
    not), and its price per part and cost when a price table knows it."""

    number: str
    country: str | None
    valid: bool
    reason: str | None = None
    price: Decimal | None = None
    cost: Decimal | None = None

    def to_dict(self) -> dict:
        out = {
            "number": self.number,
            "country": self.country,
            "valid": self.valid,
            "price": _money(self.price),
            "cost": _money(self.cost),
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class Verdict:
    """The predicted answer: errors (the provider would reject), warnings (it would accept), and
    what it would send: ``parts`` per message, ``total_sms_parts`` over the ``total`` valid
    recipients, ``cost`` (None when unknown) and the UTC ``send_at``. ``analysis`` is the
    message's analysis in the requested encoding, when it has one."""

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

    @property
    def ok(self) -> bool:
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
            "cost": _money(self.cost),
            "currency": self.currency,
            "recipients": [r.to_dict() for r in self.recipients],
            "sendAt": self.send_at.isoformat(),
        }


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")


def _listing(items: list[str]) -> str:
    more = f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return ", ".join(items[:_SHOWN]) + more


def _chars(pairs) -> str:
    return _listing([f"{c!r} (U+{ord(c):04X}) at {i}" for i, c in pairs])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


class _Check:
    """The state of one pre-flight: what has been found so far."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.errors: list[ProviderError] = []
        self.warnings: list[Notice] = []

    def error(self, code: int, field: str | None, description: str) -> None:
        self.errors.append(ProviderError(code, field, description))

    def warn(self, rule: str, message: str, country: str | None = None, **details) -> None:
        self.warnings.append(Notice(rule, country, message, **details))

    def message(self, body: Mapping) -> str | None:
        message = body.get("message")
        if message is None or (isinstance(message, str) and not message.strip()):
            self.error(
                104, "message", "message is missing or empty" if not message else "message is only blanks"
            )
            return None
        if not isinstance(message, str):
            self.error(422, "message", f"message must be a string, not {_json_type(message)}")
            return None
        return message

    def encoding(self, body: Mapping, message: str | None) -> str | None:
        encoding = body.get("encoding")
        accepted = self.profile.encodings
        if encoding is None:
            return self.profile.default_encoding
        if isinstance(encoding, str) and encoding in accepted:
            return encoding
        try:
            name = normalize_encoding(encoding, allow_auto=False)
        except (TypeError, ValueError):
            name = None
        hint = ""
        if name in accepted:
            hint = f" (did you mean {name!r}?)"
        elif name is not None and message is not None:
            hint = self._instead(message, name)
        self.error(113, "encoding", f"encoding {encoding!r} is not one of {', '.join(accepted)}{hint}")
        return None

    def _instead(self, message: str, name: str) -> str:
        """What a message in an encoding the provider does not accept costs in those it does."""
        try:
            a = self.profile.analyze(message, "auto")
        except ValueError:  # invalid text or too long: the message's own errors say so
            return ""
        instead = f": send it as {a.encoding!r}, {_plural(a.parts, 'part')}"
        try:
            wanted = nrs_codec.analyze(
                message, name, ref16=self.profile.ref16, force_shifts=self.profile.force_shifts
            )
        except ValueError:
            return instead
        return f"{instead} ({name} would take {wanted.parts})"

    def parts(self, body: Mapping) -> int | None:
        parts = body.get("parts", 1)
        limit = self.profile.max_parts
        if type(parts) is not int or not 1 <= parts <= limit:
            self.error(110, "parts", f"parts must be an integer from 1 to {limit}, not {parts!r}")
            return None
        return parts

    def analysis(self, message: str, encoding: str, parts: int | None) -> Analysis | None:
        try:
            a = self.profile.analyze(message, encoding)
        except InvalidTextError as exc:
            self.error(422, "message", str(exc))
            return None
        except TooManyPartsError as exc:
            self.error(105, "message", str(exc))
            return None
        except EncodingError as exc:
            self.error(
                113, "message", f"{encoding} cannot represent {_chars(exc.chars)}{self._other(message)}"
            )
            return None
        if parts is not None and a.parts > parts:
            self.error(
                105,
                "message",
                f"the message needs {_plural(a.parts, 'part')} as {encoding} ({a.units} "
                f"{'UTF-16 code units' if encoding == UTF16 else 'septets'}); parts allows {parts}",
            )
        return a

    def _other(self, message: str) -> str:
        try:
            a = self.profile.analyze(message, "auto")
        except TooManyPartsError as exc:
            return f"; even {exc.encoding} needs {exc.parts} parts"
        return f"; {a.encoding} can, in {_plural(a.parts, 'part')}"

    def smart(self, message: str, encoding: str, requested: Analysis | None) -> None:
        """Suggest smart encoding when it makes the message sendable as requested, saves parts,
        or lets it leave ``utf-16``; ``requested`` is the message's analysis as requested (None
        when that failed)."""
        smart = smart_encode(message)
        if not smart.changed:
            return
        try:
            before = requested or self.profile.analyze(message, "auto")
            options = [self.profile.analyze(smart.text, "auto")]
            try:
                options.append(self.profile.analyze(smart.text, encoding))
            except EncodingError:
                pass
        except ValueError:
            return  # too long or invalid either way: the errors already say so
        # Fewest parts; at equal parts out of utf-16, then the encoding the request names.
        after = min(options, key=lambda a: (a.parts, a.encoding == UTF16, a.encoding != encoding))
        fixes = requested is None and after.encoding == encoding
        if not (
            fixes or after.parts < before.parts or (before.encoding == UTF16 and after.encoding != UTF16)
        ):
            return
        shown = _listing([f"{r.before!r}->{r.after!r}" for r in smart.replacements])
        switch = f" (with encoding {after.encoding!r})" if after.encoding != encoding else ""
        self.warn(
            "smart-encoding",
            f"smart encoding replaces {_plural(len(smart.replacements), 'look-alike')} ({shown}): "
            f"{after.encoding} in {_plural(after.parts, 'part')}{switch} instead of "
            f"{before.encoding} in {_plural(before.parts, 'part')}",
            details=(
                ("encodingBefore", before.encoding),
                ("partsBefore", before.parts),
                ("encodingAfter", after.encoding),
                ("partsAfter", after.parts),
                ("text", smart.text),
            ),
        )

    def sender(self, body: Mapping) -> str | None:
        sender = body.get("from")
        if sender is None or sender == "":
            self.error(106, "from", "sender (from) is missing or empty")
            return None
        if not isinstance(sender, str):
            self.error(422, "from", f"sender must be a string, not {_json_type(sender)}")
            return None
        bad = [(i, c) for i, c in enumerate(sender) if not _SENDER_CHAR.fullmatch(c)]
        if bad:
            self.error(
                422,
                "from",
                f"sender {sender!r} has characters other than letters, digits and space: {_chars(bad)}",
            )
        if sender.isdigit() and sender.isascii():
            if len(sender) > self.profile.sender_max_numeric:
                limit = self.profile.sender_max_numeric
                self.error(107, "from", f"numeric sender has {len(sender)} digits; at most {limit}")
        elif len(sender) > self.profile.sender_max_alphanumeric:
            limit = self.profile.sender_max_alphanumeric
            self.error(107, "from", f"alphanumeric sender has {len(sender)} characters; at most {limit}")
        return None if bad else sender

    def recipients(self, body: Mapping) -> list[Recipient]:
        to = body.get("to")
        if isinstance(to, (str, int)) and not isinstance(to, bool):
            to = [to]
        if not isinstance(to, list) or not to:
            given = "missing" if to is None else ("empty" if to == [] else f"a {_json_type(to)}")
            self.error(102, "to", f"to must be a list of numbers; it is {given}")
            return []
        out = [_recipient(entry) for entry in to]
        invalid = [f"{r.number!r} ({r.reason})" for r in out if not r.valid]
        if len(invalid) == len(out):
            self.error(102, "to", f"no valid recipient: {_listing(invalid)}")
        elif invalid:
            self.warn(
                "invalid-recipient", f"{_plural(len(invalid), 'recipient')} skipped: {_listing(invalid)}"
            )
        seen: dict[str, int] = {}
        for r in out:
            if r.valid:
                seen[r.number] = seen.get(r.number, 0) + 1
        repeated = [f"{n} ({k} times)" for n, k in seen.items() if k > 1]
        if repeated:
            self.warn(
                "duplicate-recipient",
                f"repeated numbers are sent (and charged) each time: {_listing(repeated)}",
            )
        return out

    def times(self, body: Mapping, now: datetime) -> tuple[datetime, datetime | None]:
        schedule = _datetime(body.get("scheduleDate"))
        if schedule is False:
            self.error(
                108,
                "scheduleDate",
                f"scheduleDate {body['scheduleDate']!r} is not a real UTC time YYYYmmddHHiiss",
            )
            schedule = None
        send_at = now
        if schedule is not None:
            if schedule < now:
                self.warn(
                    "past-schedule",
                    f"scheduleDate {schedule.isoformat()} has passed: the message goes out at once",
                )
            else:
                send_at = schedule
        expiration = _datetime(body.get("expirationDate"))
        if expiration is False:
            value = body["expirationDate"]
            self.error(
                119, "expirationDate", f"expirationDate {value!r} is not a real UTC time YYYYmmddHHiiss"
            )
            expiration = None
        elif expiration is not None and expiration <= send_at:
            self.error(
                119,
                "expirationDate",
                f"expirationDate {expiration.isoformat()} is not after the send time {send_at.isoformat()}",
            )
            expiration = None
        return send_at, expiration

    def other_fields(self, body: Mapping) -> None:
        url = body.get("notificationUrl")
        if url not in (None, "") and not _http_url(url):
            self.error(109, "notificationUrl", f"notificationUrl {url!r} is not an absolute http(s) URL")
        name = body.get("campaignName")
        if name is not None and not isinstance(name, str):
            self.error(422, "campaignName", f"campaignName must be a string, not {_json_type(name)}")
        unknown = [k for k in body if k not in FIELDS]
        if unknown:
            self.warn("unknown-field", f"fields the provider does not know are ignored: {_listing(unknown)}")


def _http_url(url: object) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host (and a valid port, if any)."""
    if not isinstance(url, str) or any(c.isspace() for c in url):
        return False
    try:
        parsed = urlsplit(url)
        parsed.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.hostname)


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _datetime(value: object) -> datetime | None | bool:
    """A ``YYYYmmddHHiiss`` UTC time; None when absent, False when not a real time."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATETIME.fullmatch(value):
        return False
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return False


def _recipient(entry: object) -> Recipient:
    if isinstance(entry, int) and not isinstance(entry, bool):
        entry = str(entry)
    if not isinstance(entry, str):
        return Recipient(json.dumps(entry, default=repr), None, False, f"a {_json_type(entry)}, not a number")
    if not _DIGITS.fullmatch(entry):
        why = "no '+': digits with the country prefix" if entry.startswith("+") else "only digits allowed"
        return Recipient(entry, None, False, why)
    try:
        number = phonenumbers.parse("+" + entry)
    except phonenumbers.NumberParseException:
        return Recipient(entry, None, False, "not a phone number")
    region = phonenumbers.region_code_for_number(number)
    country = region if region and region != phonenumbers.UNKNOWN_REGION else None
    if not phonenumbers.is_valid_number(number):
        where = f"a {country} number" if country else "a number of any country"
        return Recipient(entry, country, False, f"not {where}")
    return Recipient(entry, country, True)


def _balance(balance: object) -> Decimal | None:
    if balance is None:
        return None
    if isinstance(balance, bool) or not isinstance(balance, (Decimal, int, float, str)):
        raise TypeError(f"balance must be a decimal number, not {type(balance).__name__}")
    try:
        value = Decimal(str(balance) if isinstance(balance, float) else balance)
    except InvalidOperation:
        raise ValueError(f"balance {balance!r} is not a decimal number") from None
    if not value.is_finite():
        raise ValueError(f"balance {balance!r} is not a finite number")
    return value


def _rejected_body(description: str, now: datetime) -> Verdict:
    return Verdict((ProviderError(125, None, description),), (), 0, None, None, None, None, None, (), now)


def preflight(
    request: Mapping | str | bytes,
    *,
    prices: PriceTable | None = None,
    balance: Decimal | int | str | None = None,
    now: datetime | None = None,
    transactional: bool = False,
    profile: Profile | None = None,
) -> Verdict:
    """The provider's predicted answer to ``request`` (the JSON body of ``POST /api/rest/sms``, as
    a mapping or as JSON text).

    ``prices`` gives the cost (None: cost unknown); ``balance`` the credit the cost must not exceed
    (error 111); ``now`` (timezone-aware, default the current time) the time of the request, used
    when there is no ``scheduleDate``; ``transactional`` exempts the message from the rules that
    concern marketing; ``profile`` the provider limits (default ``Profile()``).
    """
    if now is None:
        now = datetime.now(timezone.utc)
    elif not isinstance(now, datetime) or now.tzinfo is None:
        raise ValueError(f"now must be a timezone-aware datetime, not {now!r}")
    now = now.astimezone(timezone.utc)
    profile = Profile() if profile is None else profile
    if not isinstance(profile, Profile):
        raise TypeError(f"profile must be a Profile, not {type(profile).__name__}")
    if prices is not None and not isinstance(prices, PriceTable):
        raise TypeError(f"prices must be a PriceTable (see load_prices), not {type(prices).__name__}")
    credit = _balance(balance)

    if isinstance(request, (str, bytes, bytearray)):
        try:
            request = json.loads(request)
        except json.JSONDecodeError as exc:
            return _rejected_body(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", now)
        except UnicodeDecodeError as exc:
            return _rejected_body(f"the body is not UTF-8: {exc}", now)
    if not isinstance(request, Mapping):
        return _rejected_body(f"the body must be a JSON object, not a {_json_type(request)}", now)

    check = _Check(profile)
    message = check.message(request)
    encoding = check.encoding(request, message)
    parts = check.parts(request)
    analysis = None
    if message is not None and encoding is not None:
        analysis = check.analysis(message, encoding, parts)
        check.smart(message, encoding, analysis)
    sender = check.sender(request)
    recipients = check.recipients(request)
    send_at, expiration = check.times(request, now)
    check.other_fields(request)

    valid = [r for r in recipients if r.valid]
    per_message = analysis.parts if analysis is not None else None
    recipients, cost = _costs(check, recipients, per_message, prices)
    if credit is not None:
        if cost is None:
            check.warn("balance-unchecked", "the cost is unknown, so the balance could not be checked")
        elif cost > credit:
            check.error(
                111, None, f"the cost {_money(cost)} {prices.currency} exceeds the balance {_money(credit)}"
            )

    if message is not None:
        by_country: dict[str, int] = {}
        for r in valid:
            if r.country is not None:
                by_country[r.country] = by_country.get(r.country, 0) + 1

        def measure(text: str) -> Analysis | None:
            try:
                return profile.analyze(text, encoding)
            except ValueError:
                return None

        for country, count in by_country.items():
            found = countries.evaluate(
                country,
                message=message,
                sender=sender,
                send_at=send_at,
                transactional=transactional,
                recipients=count,
                analysis=analysis,
                measure=measure,
            )
            check.warnings.extend(found)
            for n in found:
                if n.held_until is not None and expiration is not None and n.held_until >= expiration:
                    check.warn(
                        "expires-held",
                        f"held until {n.held_until.isoformat()}, at or after expirationDate "
                        f"{expiration.isoformat()}: these messages would expire unsent",
                        country=country,
                        recipients=count,
                    )

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
    )


def _costs(
    check: _Check, recipients: list[Recipient], parts: int | None, prices: PriceTable | None
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
        cost = None if parts is None else price.amount * parts
        total = None if total is None or cost is None else total + cost
        out.append(Recipient(r.number, r.country, True, None, price.amount, cost))
    for country, count in unpriced.items():
        check.warn(
            "no-price",
            f"no price for {_plural(count, 'recipient')} in {country} in {prices.source}: cost unknown",
            country=None if country == "unknown country" else country,
            recipients=count,
        )
    return out, total if valid else None
