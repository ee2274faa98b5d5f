"""Money as the project writes it: exact decimals, never floats, never exponent notation.

``Decimal("1E-7")`` prints as ``1E-7``; a price table's ``0.0050`` must stay ``0.0050`` and a
cost of 3 parts at that price ``0.0150``. Every amount the project shows or writes goes through
``format_money``.
"""

from __future__ import annotations

from decimal import Decimal


def format_money(amount: Decimal | None) -> str | None:
    """``amount`` in fixed-point notation with the digits it has (None stays None)."""
    return None if amount is None else format(amount, "f")
