"""The ``nrs-codec preflight`` sub-command: a send request checked from a file, as the provider would.

Exit status: 0 the provider would accept the request, 1 it would reject it, 2 the command could
not run (usage, or an unreadable request or price file, named with its line).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from .._text import clip, plural
from ..core import codes
from ..core.results import MAX_PARTS
from ..provider.money import Money, format_money, money_digits

if TYPE_CHECKING:
    from ..provider.preflight import Verdict


def _money(text: str) -> Money:
    try:
        return Money.parse(text, "balance")
    except (TypeError, ValueError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _instant(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 time such as 2026-11-29T14:00:00+01:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _max_parts(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_PARTS:
        raise argparse.ArgumentTypeError(f"max_parts must be an integer from 1 to {MAX_PARTS}, not {text!r}")
    return int(text)


def _fail(args: argparse.Namespace, message: str) -> int:
    """Exit status 2 with ``message`` on stderr, and with ``--json`` on stdout in the service's
    error shape."""
    print(f"nrs-codec preflight: {message}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {"error": {"code": codes.INPUT_VALIDATION, "description": message}}, ensure_ascii=False
            )
        )
    return 2


def _read(path: str) -> bytes:
    """The request's bytes, as a client would send them: pre-flight reads them as the provider
    does (a byte order mark or text that is not UTF-8 is its error 125, not this command's)."""
    if path == "-":
        stdin = getattr(sys.stdin, "buffer", None)  # a text stream without one: a test's, an IDE's
        return stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8", "surrogatepass")
    with open(path, "rb") as f:
        return f.read()


# Files that are campaigns, not a send request: what nrs-codec check reads.
_CAMPAIGN_SUFFIXES = (
    *(".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".xls"),
    *(".gz", ".zst", ".bz2", ".lz4", ".br", ".xz"),
)
# A campaign file of JSON objects, one per line: by its name, whatever its first line.
_LINES_OF_JSON = (".jsonl", ".ndjson")


def _not_a_request(path: str, data: bytes) -> str | None:
    """Why ``data`` is clearly not a send request at all (a campaign file given by mistake: by its
    suffix, or a first line of separated values), or None. A request that is merely malformed
    JSON is the provider's error 125, not this; so is one whose first line is no UTF-8 and whose
    name is no campaign's (UTF-16, gzip: pre-flight says which)."""
    line = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").split(b"\n", 1)[0].rstrip(b"\r")
    try:  # its first line that is not blank, after a byte order mark
        first = line.decode("utf-8")
    except UnicodeDecodeError:
        first = None  # compressed, Parquet, a spreadsheet, or text in another encoding
    name = os.path.basename(path).lower()
    lines_of_json = any(f"{suffix}." in name or name.endswith(suffix) for suffix in _LINES_OF_JSON)
    if first is not None and first[:1] in ("{", "[", "") and not lines_of_json:
        return None  # JSON, or nothing: pre-flight's to judge
    if name.endswith(_CAMPAIGN_SUFFIXES) and not (name.endswith(".json") or ".json." in name):
        rows = f" (rows of {clip(first)})" if first else ""
    elif first and any(sep in first for sep in (",", ";", "\t")):
        rows = f" (rows of {clip(first)})"
    else:
        return None
    return (
        f"{path} looks like a campaign file{rows}, not a send request (a JSON object with to, from and "
        f"message): check a campaign with nrs-codec check {path}"
    )


# Notices about what marketing may say or need in a country, the same for every message: shown once,
# as one line naming the countries (each in full in --json).
_GENERIC = ("content", "opt-in")


def _describe(source: str, v: Verdict) -> list[str]:
    status = "accepted" if v.ok else "REJECTED"
    warnings = [w for w in v.warnings if w.rule not in _GENERIC]
    notes = [w for w in v.warnings if w.rule in _GENERIC]
    counts = [plural(len(v.errors), "error"), plural(len(warnings), "warning")]
    counts += [plural(len(notes), "note")] if notes else []
    lines = [f"{source}: {status} ({', '.join(counts)})"]
    if v.parts is not None:
        lines.append(f"  message      {v.encoding}, {plural(v.parts, 'part')} per recipient")
    countries: dict[str, int] = {}
    for r in v.recipients:
        if r.valid:
            countries[r.country or "?"] = countries.get(r.country or "?", 0) + 1
    by_country = ", ".join(f"{c} {n}" for c, n in countries.items())
    lines.append(
        f"  recipients   {v.total} valid of {len(v.recipients)}" + (f": {by_country}" if by_country else "")
    )
    if v.total_sms_parts is not None:
        lines.append(f"  totalSmsParts {v.total_sms_parts}")
    # One number of decimals for all the money shown: the currency's, or more where a price has more.
    digits = money_digits(v.currency, [v.cost, *(r.price for r in v.recipients)])
    cost = "unknown" if v.cost is None else f"{format_money(v.cost, digits)} {v.currency}"
    lines.append(f"  cost         {cost}")
    lines.append(f"  send at      {v.send_at.isoformat()}")
    for e in v.errors:
        where = f" {e.field}" if e.field else ""
        lines.append(f"  error {e.code} (HTTP {e.http_status}, {e.title}){where}: {e.description}")
    for w in warnings:
        where = f" [{w.country}]" if w.country else ""
        lines.append(f"  warning {w.rule}{where}: {w.message}")
    if notes:
        kinds = {rule: [n.country for n in notes if n.rule == rule] for rule in _GENERIC}
        about = "; ".join(
            f"{rule} rules for {', '.join(c or '?' for c in cs)}" for rule, cs in kinds.items() if cs
        )
        lines.append(f"  notes        {about}: what marketing may say or needs there (--json has each)")
    for s in v.suggestions:
        lines.append(f"  suggestion {s.kind}: {s.description}")
    for r in v.recipients:
        if not r.valid:
            lines.append(f"  recipient    {r.number}  invalid: {r.reason}")
        elif r.cost is not None:
            lines.append(
                f"  recipient    {r.number}  {r.country}  {format_money(r.price, digits)} x {v.parts} = "
                f"{format_money(r.cost, digits)} {v.currency}"
            )
        else:
            price = (
                "no price" if r.price is None else f"{format_money(r.price, digits)} {v.currency} per part"
            )
            lines.append(f"  recipient    {r.number}  {r.country}  {price}")
    return lines


def run(args: argparse.Namespace) -> int:
    # Imported here: the other sub-commands need not pay for phonenumbers and holidays.
    from ..provider.preflight import Profile, preflight
    from ..provider.prices import PriceTableError, load_prices

    source = "<stdin>" if args.request == "-" else args.request
    try:
        text = _read(args.request)
    except OSError as exc:
        return _fail(args, f"cannot read {source}: {exc.strerror or exc}")
    wrong = _not_a_request(source, text)
    if wrong:
        return _fail(args, wrong)
    prices = None
    if args.prices:
        try:
            prices = load_prices(args.prices)
        except PriceTableError as exc:
            return _fail(args, str(exc))
        except OSError as exc:
            return _fail(args, f"cannot read {args.prices}: {exc.strerror or exc}")
        except UnicodeDecodeError as exc:
            return _fail(args, f"{args.prices}: not UTF-8 text (byte at offset {exc.start})")
    try:
        verdict = preflight(
            text,
            prices=prices,
            balance=args.balance,
            now=args.at,
            transactional=args.transactional,
            profile=Profile(max_parts=args.max_parts),
        )
    except ValueError as exc:  # a balance in another currency than the prices
        return _fail(args, str(exc))
    out = (
        json.dumps(verdict.to_dict(), ensure_ascii=False, indent=2)
        if args.json
        else "\n".join(_describe(source, verdict))
    )
    # A lone surrogate echoed from the request cannot be written as UTF-8: "\udXXX" instead, which
    # is also how JSON escapes it.
    print(out.encode("utf-8", "backslashreplace").decode("utf-8"))
    return 0 if verdict.ok else 1


def add_parser(commands) -> None:
    """Register ``preflight`` on the sub-parsers of ``nrs-codec``."""
    p = commands.add_parser(
        "preflight",
        help="check a POST /api/rest/sms request: errors, parts, cost, country rules",
        description="Check a send request as the provider would, without sending: errors with the provider's "
        "codes, totalSmsParts, cost, country rules. Exit 0 accepted, 1 rejected, 2 usage or unreadable file.",
    )
    p.add_argument("request", metavar="REQUEST.json", help="the request body as JSON; - reads stdin")
    p.add_argument("--prices", metavar="FILE", help="price table, CSV (destination,price,currency) or JSON")
    p.add_argument(
        "--balance",
        type=_money,
        metavar="AMOUNT",
        help="account credit with its currency, e.g. '10 EUR'; a higher cost is error 111",
    )
    p.add_argument(
        "--at", type=_instant, metavar="ISO8601", help="time of the request (default now; no offset: UTC)"
    )
    p.add_argument("--transactional", action="store_true", help="exempt from the marketing rules")
    p.add_argument(
        "--max-parts",
        type=_max_parts,
        default=MAX_PARTS,
        metavar="N",
        help="largest parts the account allows",
    )
    p.add_argument("--json", action="store_true", help="the verdict as JSON")
    p.set_defaults(func=run)
