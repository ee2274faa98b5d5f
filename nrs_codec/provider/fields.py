"""Pre-flight checks of a send request, one function per field of the provider's JSON body.

Each check reads its field from the body, records what the provider would answer in ``Findings``
(errors with the provider's codes, warnings) and returns the field's value when it can be used.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from urllib.parse import urlsplit

from .._text import bare, chars, clip, listing, plural, shown
from ..core import codes
from ..core.rules import normalize_encoding
from .countries import LATEST_SEND_TIME
from .errors import Findings
from .message import instead
from .profile import Profile
from .recipients import Recipient, json_type, recipient

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
_SENDER_CHAR = re.compile(r"[A-Za-z0-9 ]")


def message(body: Mapping, found: Findings) -> str | None:
    """``message``: present, not only blanks (104), a string (422)."""
    text = body.get("message")
    if text is None or (isinstance(text, str) and not text.strip()):
        found.error(
            codes.TEXT_MISSING,
            "message",
            "message is missing or empty" if not text else "message is only blanks",
        )
        return None
    if not isinstance(text, str):
        found.error(codes.INPUT_VALIDATION, "message", f"message must be a string, not {json_type(text)}")
        return None
    return text


def encoding(body: Mapping, text: str | None, profile: Profile, found: Findings) -> str | None:
    """``encoding``: one the profile accepts (113, saying what the message would cost in an
    accepted one when the name is another encoding), the profile's default when absent."""
    value = body.get("encoding")
    accepted = profile.encodings
    if value is None:
        return profile.default_encoding
    if isinstance(value, str) and value in accepted:
        return value
    try:
        name = normalize_encoding(value, allow_auto=False)
    except (TypeError, ValueError):
        name = None
    hint = ""
    if name in accepted:
        hint = f" (did you mean {name!r}?)"
    elif name is not None and text is not None:
        hint = instead(text, name, profile)
    found.error(
        codes.INVALID_CODING, "encoding", f"encoding {shown(value)} is not one of {', '.join(accepted)}{hint}"
    )
    return None


def parts(body: Mapping, profile: Profile, found: Findings) -> int | None:
    """``parts``: an integer from 1 to the profile's maximum (110), 1 when absent."""
    value = body.get("parts", 1)
    limit = profile.max_parts
    if type(value) is not int or not 1 <= value <= limit:
        found.error(
            codes.INVALID_PARTS, "parts", f"parts must be an integer from 1 to {limit}, not {shown(value)}"
        )
        return None
    return value


def sender(body: Mapping, profile: Profile, found: Findings) -> str | None:
    """``from``: present (106), letters, digits and spaces only (422), not too long (107)."""
    value = body.get("from")
    if value is None or (isinstance(value, str) and not value.strip()):  # blanks: as the message's
        said = "only blanks" if value else "missing or empty"
        found.error(codes.SENDER_MISSING, "from", f"sender (from) is {said}")
        return None
    if not isinstance(value, str):
        found.error(codes.INPUT_VALIDATION, "from", f"sender must be a string, not {json_type(value)}")
        return None
    bad = [(i, c) for i, c in enumerate(value) if not _SENDER_CHAR.fullmatch(c)]
    if bad:
        found.error(
            codes.INPUT_VALIDATION,
            "from",
            f"sender {clip(value)} has characters other than letters, digits and space: {chars(bad)}",
        )
    if value.isdigit() and value.isascii():
        if len(value) > profile.sender_max_numeric:
            limit = profile.sender_max_numeric
            found.error(
                codes.SENDER_TOO_LONG, "from", f"numeric sender has {len(value)} digits; at most {limit}"
            )
    elif len(value) > profile.sender_max_alphanumeric:
        limit = profile.sender_max_alphanumeric
        found.error(
            codes.SENDER_TOO_LONG, "from", f"alphanumeric sender has {len(value)} characters; at most {limit}"
        )
    return None if bad else value


MANY = 1000
"""From this many recipients on, they are judged a column at a time (``recipients_many``)."""


def judge_all(to: list) -> list[Recipient]:
    """Each entry of ``to`` as ``recipient`` judges it. Many strings are judged at batch speed by
    ``judge_many`` (the same rule, vectorised; it needs pyarrow, of the ``[check]`` extra), and only
    the invalid ones again, one by one, for their reason: 69,000 numbers take a fraction of a
    second instead of seconds."""
    if len(to) >= MANY and all(type(entry) is str for entry in to):
        try:
            from .recipients_many import judge_many

            judged = judge_many(to)
        except ImportError:  # no pyarrow: one by one
            pass
        else:
            rows = zip(to, judged.valid.tolist(), judged.countries(), strict=True)
            return [Recipient(e, country, True) if valid else recipient(e) for e, valid, country in rows]
    return [recipient(entry) for entry in to]


def recipients(body: Mapping, found: Findings) -> list[Recipient]:
    """``to``: a list of MSISDNs; none valid is 102, some invalid or repeated a warning."""
    to = body.get("to")
    if isinstance(to, (str, int)) and not isinstance(to, bool):
        to = [to]
    if not isinstance(to, list) or not to:
        given = "missing" if to is None else ("empty" if to == [] else f"a {json_type(to)}")
        found.error(codes.NO_VALID_RECIPIENTS, "to", f"to must be a list of numbers; it is {given}")
        return []
    out = judge_all(to)
    invalid = [f"{clip(r.number)} ({r.reason})" for r in out if not r.valid]
    if len(invalid) == len(out):
        found.error(codes.NO_VALID_RECIPIENTS, "to", f"no valid recipient: {listing(invalid)}")
    elif invalid:
        found.warn("invalid-recipient", f"{plural(len(invalid), 'recipient')} skipped: {listing(invalid)}")
    seen: dict[str, int] = {}
    for r in out:
        if r.valid:
            seen[r.number] = seen.get(r.number, 0) + 1
    repeated = [f"{n} ({k} times)" for n, k in seen.items() if k > 1]
    if repeated:
        found.warn(
            "duplicate-recipient", f"repeated numbers are sent (and charged) each time: {listing(repeated)}"
        )
    return out


def times(body: Mapping, now: datetime, found: Findings) -> tuple[datetime, datetime | None]:
    """``scheduleDate`` (108) and ``expirationDate`` (119): the send time and the expiry."""
    schedule = _datetime(body.get("scheduleDate"))
    if schedule is False:
        found.error(
            codes.INVALID_SEND_DATETIME,
            "scheduleDate",
            f"scheduleDate {shown(body['scheduleDate'])} is not a real UTC time YYYYmmddHHiiss",
        )
        schedule = None
    if schedule is not None and schedule > LATEST_SEND_TIME:
        found.error(
            codes.INVALID_SEND_DATETIME,
            "scheduleDate",
            f"scheduleDate {schedule.isoformat()} is too close to the end of the calendar (9999-12-31) "
            f"to find its sending window: the latest is {LATEST_SEND_TIME:%Y%m%d%H%M%S}",
        )
        schedule = None
    send_at = now
    if schedule is not None:
        if schedule < now:
            found.warn(
                "past-schedule",
                f"scheduleDate {schedule.isoformat()} has passed: the message goes out at once",
            )
        else:
            send_at = schedule
    expiration = _datetime(body.get("expirationDate"))
    if expiration is False:
        value = body["expirationDate"]
        found.error(
            codes.INVALID_EXPIRATION_DATE,
            "expirationDate",
            f"expirationDate {shown(value)} is not a real UTC time YYYYmmddHHiiss",
        )
        expiration = None
    elif expiration is not None and expiration <= send_at:
        found.error(
            codes.INVALID_EXPIRATION_DATE,
            "expirationDate",
            f"expirationDate {expiration.isoformat()} is not after the send time {send_at.isoformat()}",
        )
        expiration = None
    return send_at, expiration


def other_fields(body: Mapping, found: Findings) -> None:
    """``notificationUrl`` (109), ``campaignName`` (422), and fields the provider does not know."""
    url = body.get("notificationUrl")
    if url not in (None, "") and not _http_url(url):
        found.error(
            codes.INVALID_NOTIFICATION_URL,
            "notificationUrl",
            f"notificationUrl {shown(url)} is not an absolute http(s) URL with a valid host",
        )
    name = body.get("campaignName")
    if name is not None and not isinstance(name, str):
        found.error(
            codes.INPUT_VALIDATION, "campaignName", f"campaignName must be a string, not {json_type(name)}"
        )
    unknown = [bare(k) for k in body if k not in FIELDS]
    if unknown:
        found.warn("unknown-field", f"fields the provider does not know are ignored: {listing(unknown)}")


def _http_url(url: object) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host (and a valid port, if any)."""
    if not isinstance(url, str) or any(c.isspace() for c in url):
        return False
    try:
        parsed = urlsplit(url)
        parsed.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.hostname) and _host(parsed.hostname)


# A label of a host name as URLs and DNS write them (letters, digits, hyphens not at its ends; an
# underscore, which some hosts' names hold, too).
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")


def _host(name: str) -> bool:
    """Whether ``name`` (a URL's host, lower case) is an IP address or a host name: labels of
    ``_LABEL``, a name in another script as IDNA writes it (``bücher.de``); not ``..``, ``%zz``,
    a NUL or half of a surrogate pair."""
    try:
        ipaddress.ip_address(name.split("%")[0] if ":" in name else name)  # an IPv6 literal's zone after %
        return True
    except ValueError:
        pass
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:  # an empty label, one too long, a character IDNA refuses
        return False
    labels = ascii_name.removesuffix(".").split(".")  # a name may end with the root's dot
    return all(_LABEL.fullmatch(label) for label in labels)


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
