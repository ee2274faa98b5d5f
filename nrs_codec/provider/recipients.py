"""Recipients: whether an entry of ``to`` is a number the provider can send to, and its country.

The provider wants MSISDNs as digits with the country prefix and no ``+``. Numbers are judged by
the maintained ``phonenumbers`` metadata.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal

import phonenumbers

from .money import format_money

_DIGITS = re.compile(r"[0-9]+")


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
            "price": format_money(self.price),
            "cost": format_money(self.cost),
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages about a request body."""
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "object"}
    return names.get(type(value), type(value).__name__)


def recipient(entry: object) -> Recipient:
    """An entry of ``to`` judged: a valid number of a country, or invalid with the reason."""
    if isinstance(entry, int) and not isinstance(entry, bool):
        entry = str(entry)
    if not isinstance(entry, str):
        return Recipient(json.dumps(entry, default=repr), None, False, f"a {json_type(entry)}, not a number")
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


def country_of(msisdn: str) -> str | None:
    """ISO 3166 alpha-2 country of an MSISDN written as the provider wants it (country code and
    number, digits only, no ``+``); None when it is not one."""
    import phonenumbers

    digits = msisdn.strip().removeprefix("+")
    # E.164: at most 15 digits; no country code starts with 0 (a national trunk prefix does).
    if not digits.isdigit() or not 8 <= len(digits) <= 15 or digits[0] == "0":
        return None
    for size in (1, 2, 3):
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size]))
        if regions:
            break
    else:
        return None
    if len(regions) == 1 and regions[0] != phonenumbers.UNKNOWN_REGION:
        return regions[0]  # one country behind this code: no need to parse the number
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region if region and region != phonenumbers.UNKNOWN_REGION else None
