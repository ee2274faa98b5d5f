"""Country sending rules, evaluated for one destination country at the send time.

The rules are data (``tables/country_rules.json``, rendered into
``nrs_codec/_generated/country_rules.py``): quiet hours with their windows in the destination's
time zone and public holidays from the maintained ``holidays`` package, the French opt-out
mention, public URL shorteners in the United States, the sender name or URL the platform may add
in Colombia, and content and opt-in notes. Each finding is a ``Notice``; none
of them stops a send, which the provider would accept and then hold or flag.

Where the reference contradicts itself the stated window wins: for Colombia it says a Sunday 14:00
send goes out "Monday at 08:00" although the weekday window it states opens at 07:00, so a held
Colombian message is given Monday 07:00 (the data file notes this too).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from .._generated.country_rules import COUNTRIES, PUBLIC_SHORTENERS
from .._text import plural
from ..core.results import Analysis
from .errors import Notice

# A host name as written in a message, with or without a scheme; not the domain of an e-mail
# address (the look-behind refuses "@") nor the tail of a longer name.
_HOST = re.compile(
    r"(?<![\w@.-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?![\w-])",
    re.IGNORECASE,
)
# Far enough to cross any run of holidays and closed weekdays the data can describe.
_SEARCH_DAYS = 366
LATEST_SEND_TIME = datetime.combine(date.max, time(), timezone.utc) - timedelta(days=_SEARCH_DAYS + 2)
"""The latest send time whose next sending window the rules can look for: the search runs up to
``_SEARCH_DAYS`` days ahead in the destination's time zone (up to a day ahead of UTC), and the
calendar ends on 9999-12-31."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of one country; which fields matter depends on ``kind``."""

    country: str
    kind: str
    exempt_transactional: bool
    message: str
    time_zone: str | None = None
    windows: tuple[tuple[tuple[int, int], ...], ...] = ()
    holidays: bool = False
    pattern: str | None = None
    prefix: str | None = None


def _rules() -> dict[str, tuple[Rule, ...]]:
    out = {}
    for code, country in COUNTRIES.items():
        rules = []
        for r in country["rules"]:
            windows = tuple(r["windows"][day] for day in range(7)) if "windows" in r else ()
            rules.append(
                Rule(
                    code,
                    r["kind"],
                    r["exempt_transactional"],
                    r["message"],
                    country["time_zone"],
                    windows,
                    r.get("holidays", False),
                    r.get("pattern"),
                    r.get("prefix"),
                )
            )
        out[code] = tuple(rules)
    return out


RULES: dict[str, tuple[Rule, ...]] = _rules()
"""ISO 3166 country -> its rules, in the order of the data."""


@cache
def _holiday_calendar(country: str) -> holidays.HolidayBase:
    # The calendar fills in each year on first use, so one object per country serves any date.
    return holidays.country_holidays(country)


def holiday_name(country: str, day: date) -> str | None:
    """The public holiday on ``day`` in ``country``, or None."""
    return _holiday_calendar(country).get(day)


def _local(day: date, minute: int, tz: ZoneInfo) -> datetime:
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    # A wall time in a daylight-saving gap does not exist; the round trip moves it to the real
    # instant the zone gives it.
    return wall.astimezone(timezone.utc).astimezone(tz)


def _open_day(rule: Rule, day: date) -> bool:
    return bool(rule.windows[day.weekday()]) and not (rule.holidays and holiday_name(rule.country, day))


def next_window(rule: Rule, at: datetime) -> datetime | None:
    """None when ``at`` (an aware datetime) falls inside one of the rule's windows; otherwise the
    start of the next window, as an aware datetime in the destination's time zone."""
    if at.tzinfo is None:
        raise ValueError("the send time must be timezone-aware")
    tz = ZoneInfo(rule.time_zone)
    local = at.astimezone(tz)
    today = local.date()
    second = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    if _open_day(rule, today):
        for start, end in rule.windows[today.weekday()]:
            if second < start * 60:
                return _local(today, start, tz)
            if second < end * 60:
                return None
    for offset in range(1, _SEARCH_DAYS + 1):
        day = today + timedelta(days=offset)
        if _open_day(rule, day):
            return _local(day, rule.windows[day.weekday()][0][0], tz)
    raise ValueError(f"{rule.country}: no sending window within {_SEARCH_DAYS} days of {local.isoformat()}")


def public_shorteners(text: str) -> tuple[str, ...]:
    """Host names in ``text`` that belong to a public URL shortener, in order, each once."""
    found = []
    for m in _HOST.finditer(text):
        host = m.group(1).lower()
        if any(host == d or host.endswith("." + d) for d in PUBLIC_SHORTENERS) and host not in found:
            found.append(host)
    return tuple(found)


def _parts(n: int) -> str:
    return f"{plural(n, 'part')} per recipient"


def _quiet_hours(rule: Rule, send_at: datetime, recipients: int) -> Notice | None:
    held = next_window(rule, send_at)
    if held is None:
        return None
    local = send_at.astimezone(held.tzinfo)
    why = ""
    if rule.holidays and (name := holiday_name(rule.country, local.date())):
        why = f" ({name}, a public holiday)"
    text = (
        f"{rule.message}. A send at {local:%a %Y-%m-%d %H:%M} local time{why} is held until "
        f"{held:%a %Y-%m-%d %H:%M} ({held.isoformat()})"
    )
    return Notice("quiet-hours", rule.country, text, held_until=held, recipients=recipients)


def _sender_prefix(
    rule: Rule,
    sender: str | None,
    base: Analysis,
    measure: Callable[[str], Analysis | None],
    message: str,
    recipients: int,
) -> Notice:
    details: tuple[tuple[str, object], ...] = (("partsBefore", base.parts),)
    if sender:
        prefix = rule.prefix.format(sender=sender)
        grown = measure(prefix + message)
        if grown is None:  # sender names are letters and digits: only the length can fail
            added = f"prepending the sender name ({prefix!r}) would need more parts than an SMS can address"
        else:
            grows = f"makes it {_parts(grown.parts)} instead of {base.parts}"
            if grown.parts == base.parts:
                grows = f"still fits in {_parts(grown.parts)}, with {grown.remaining} units free"
            added = f"prepending the sender name ({prefix!r}, {len(prefix)} characters) {grows}"
            details += (("partsAfter", grown.parts),)
    else:
        added = "the sender name the platform may prepend is not known"
    text = (
        f"{rule.message}: {added}; without it {base.remaining} units are free in the last part for an "
        "appended URL"
    )
    return Notice("sender-prefix", rule.country, text, recipients=recipients, details=details)


def evaluate(
    country: str,
    *,
    message: str,
    sender: str | None,
    send_at: datetime,
    transactional: bool,
    recipients: int,
    analysis: Analysis | None,
    measure: Callable[[str], Analysis | None],
) -> list[Notice]:
    """The notices for ``recipients`` recipients in ``country`` of one request.

    ``analysis`` is the message's analysis in the requested encoding (None when the message
    cannot be sent as requested, which skips the part-count rules) and ``measure`` analyses
    another text the same way, returning None when it cannot be encoded.
    """
    notices = []
    for rule in RULES.get(country, ()):
        if transactional and rule.exempt_transactional:
            continue
        if rule.kind == "quiet-hours":
            notice = _quiet_hours(rule, send_at, recipients)
        elif rule.kind == "stop-mention":
            ok = re.search(rule.pattern, message)
            notice = None if ok else Notice(rule.kind, country, rule.message, recipients=recipients)
        elif rule.kind == "public-shortener":
            hosts = public_shorteners(message)
            text = f"{rule.message}: found {', '.join(hosts)}"
            notice = Notice(rule.kind, country, text, recipients=recipients) if hosts else None
        elif rule.kind == "sender-prefix":
            notice = (
                _sender_prefix(rule, sender, analysis, measure, message, recipients) if analysis else None
            )
        else:
            notice = Notice(rule.kind, country, rule.message, recipients=recipients)
        if notice is not None:
            notices.append(notice)
    return notices
