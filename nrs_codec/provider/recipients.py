"""Recipients: whether an entry of ``to`` is a number the provider can send to, and its country.

The provider wants MSISDNs as digits with the country prefix and no ``+``. Numbers are judged by
the maintained ``phonenumbers`` metadata.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import phonenumbers

from .money import format_money

_DIGITS = re.compile(r"[0-9]+")
# Said of an invalid number short enough, or with a trunk 0, to be one written without its country
# prefix: 912345678 (a Portuguese mobile) reads as India's +91 and is "not a valid IN number".
_PREFIX_HINT = "numbers need their country prefix (e.g. 351912345678)"
_NATIONAL_LENGTH = 10
NON_GEOGRAPHIC = "non-geographic"
"""The ``country`` of a number that belongs to a global service, not a country (+800, +882, ...)."""


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
    names = {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "list",
        dict: "object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def recipient(entry: object) -> Recipient:
    """An entry of ``to`` judged by the one rule pre-flight, ``nrs-codec check`` and the service
    share: digits with the country prefix and no ``+``, a number ``phonenumbers`` holds valid.

    ``country`` is the ISO 3166 code of the number's country, ``NON_GEOGRAPHIC`` for a number of
    a global service (+800 freephone, +882 / +883 international networks, ...), or None when the
    number says no country. An invalid entry has the ``reason``.
    """
    if isinstance(entry, int) and not isinstance(entry, bool):
        entry = str(entry)
    if not isinstance(entry, str):
        # A float (351912345678.0) is a number JSON writes with a point or an exponent: no MSISDN.
        what = {"number": "a decimal number", "null": "null"}.get(json_type(entry), f"a {json_type(entry)}")
        return Recipient(json.dumps(entry, default=repr), None, False, f"{what}, not the digits of a number")
    # Only entries as short as a number can be are remembered, so that the cache stays a few
    # megabytes whatever clients send (a megabyte-long "number" is judged and forgotten).
    return _judge_cached(entry) if len(entry) <= MAX_DIGITS else _judge(entry)


MAX_DIGITS = 15
"""The longest MSISDN (E.164): longer entries are never valid."""


def _judge(entry: str) -> Recipient:
    if not _DIGITS.fullmatch(entry):
        why = "no '+': digits with the country prefix" if entry.startswith("+") else "only digits allowed"
        return Recipient(entry, None, False, why)
    national = entry.startswith("0") or len(entry) <= _NATIONAL_LENGTH
    try:
        number = phonenumbers.parse("+" + entry)
    except phonenumbers.NumberParseException:
        return Recipient(entry, None, False, "not a phone number" + f"; {_PREFIX_HINT}" * national)
    region = phonenumbers.region_code_for_number(number)
    if region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
        country: str | None = NON_GEOGRAPHIC
    else:
        country = region if region and region != phonenumbers.UNKNOWN_REGION else None
    if not phonenumbers.is_valid_number(number):
        where = f"a valid {country} number" if country else "a number of any country"
        return Recipient(entry, country, False, f"not {where}" + f"; {_PREFIX_HINT}" * national)
    return Recipient(entry, country, True)


_judge_cached = lru_cache(maxsize=1 << 16)(_judge)
