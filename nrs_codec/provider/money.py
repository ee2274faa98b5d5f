"""Money as the project reads and writes it: exact decimals in a currency, never floats, never
exponent notation.

``Decimal("1E-7")`` prints as ``1E-7``; a price table's ``0.0050`` must stay ``0.0050`` and a
cost of 3 parts at that price ``0.0150``. Every amount the project shows or writes goes through
``format_money``. Currency codes are ISO 4217, checked against the maintained ``pycountry`` data;
an amount that stands alone (a balance) carries its currency, so that it is never compared with
costs in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import MAX_PREC, Context, Decimal, InvalidOperation
from functools import cache

from .._text import code_case

# Money is added and multiplied in this context: exact to the last digit, where the default one
# rounds to 28 (a campaign's cost is a price times millions of parts).
EXACT = Context(prec=MAX_PREC)

_AMOUNT_AND_CODE = re.compile(r"\s*(?:([A-Za-z]{3})\s+(\S+)|(\S+)\s+([A-Za-z]{3}))\s*")


# ISO 4217 minor units where they are not 2 (the currencies in use; funds and metals left out).
_MINOR_UNITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF"), 0),
    **dict.fromkeys(("UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    "CLF": 4,
    "UYW": 4,
}


def format_money(amount: Decimal | None, digits: int | None = None) -> str | None:
    """``amount`` in fixed-point notation with the digits it has, or with ``digits`` decimals
    (``money_digits``; never fewer than it needs: nothing is rounded). None stays None."""
    if amount is None:
        return None
    if digits is not None and -amount.as_tuple().exponent < digits:  # type: ignore[operator]
        amount = EXACT.quantize(amount, Decimal(1).scaleb(-digits))
    return format(amount, "f")


def money_digits(currency: str | None, amounts: Iterable[Decimal | None]) -> int:
    """The decimals that show every one of ``amounts`` exactly and at least the currency's minor
    units: one number of digits for all the money of one output (``0.0050 x 2 = 0.0100`` beside
    ``0.0045 x 2 = 0.0090``, not ``0.005 x 2 = 0.010``)."""
    digits = _MINOR_UNITS.get(currency or "", 2)
    for amount in amounts:
        if amount is not None and amount.is_finite():
            digits = max(digits, -min(0, amount.normalize().as_tuple().exponent))  # type: ignore[arg-type]
    return digits


@cache
def currency_code(code: object) -> str:
    """The ISO 4217 code ``code`` names (any case, blanks around it ignored); ValueError for a
    code that is not one."""
    import pycountry

    if not isinstance(code, str):
        raise TypeError(f"a currency must be an ISO 4217 code such as EUR, not {type(code).__name__}")
    name = code_case(code)
    if not re.fullmatch(r"[A-Z]{3}", name) or pycountry.currencies.get(alpha_3=name) is None:
        raise ValueError(f"currency {code!r} is not an ISO 4217 code such as EUR")
    return name


# How an amount is written: ASCII digits with an optional sign, point and exponent (``0.005``,
# ``5E-3``). Decimal also takes ``1_000`` and digits of other scripts (``٠.٠٠٥``): no amount.
_NOTATION = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def decimal_amount(value: object, what: str) -> Decimal:
    """A finite ``Decimal`` from a decimal, an int or decimal text (a float goes through its
    shortest text, so ``0.1`` is ``Decimal("0.1")``)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        raise TypeError(f"{what} {value!r} must be a decimal number, not a {type(value).__name__}")
    try:
        amount = Decimal(
            str(value) if isinstance(value, float) else value.strip() if isinstance(value, str) else value
        )
    except InvalidOperation:
        raise ValueError(f"{what} {value!r} is not a decimal number") from None
    if not amount.is_finite():
        raise ValueError(f"{what} {value!r} is not a finite number")
    if isinstance(value, str) and not _NOTATION.fullmatch(value.strip()):
        raise ValueError(f"{what} {value!r} is not a decimal number in ASCII digits (such as 0.005)")
    return amount


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in an ISO 4217 currency.

    >>> Money.parse("10.50 EUR"), Money.parse(("3", "usd")).currency
    (Money(amount=Decimal('10.50'), currency='EUR'), 'USD')
    """

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{format_money(self.amount)} {self.currency}"

    @classmethod
    def parse(cls, value: object, what: str = "amount") -> Money:
        """A ``Money`` from ``"10 EUR"`` / ``"EUR 10"``, a pair ``(amount, currency)``, or a
        ``Money``. A bare number is a ValueError: it does not say its currency."""
        if isinstance(value, Money):
            return value
        if isinstance(value, tuple) and len(value) == 2:
            return cls(decimal_amount(value[0], what), currency_code(value[1]))
        if isinstance(value, str):
            m = _AMOUNT_AND_CODE.fullmatch(value)
            if m:
                code, amount = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
                return cls(decimal_amount(amount, what), currency_code(code))
        if isinstance(value, (str, int, float, Decimal)) and not isinstance(value, bool):
            try:
                decimal_amount(value, what)
            except ValueError:
                raise ValueError(
                    f"{what} {value!r} is not an amount with its currency such as '10 EUR'"
                ) from None
            raise ValueError(f"{what} {value!r} needs its currency, such as '{value} EUR'")
        raise TypeError(
            f"{what} must be an amount with its currency such as '10 EUR', not {type(value).__name__}"
        )
