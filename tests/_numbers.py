"""Recipient numbers for the tests: valid examples of many countries from phonenumbers' own
metadata, numbers of global services, and invalid twins of each (one digit short or long, a
changed leading digit), written as the provider wants them (digits with the country prefix)."""

from __future__ import annotations

import random

import phonenumbers

# Countries of every continent and numbering plan shape, +1 and +44 sharers included.
COUNTRIES = (
    "PT ES FR DE IT GB IE NL BE CH AT PL SE NO DK FI GR TR RU UA US CA MX BR AR CO CL PE VE IN PK BD "
    "LK CN JP KR TW HK SG MY ID PH TH VN AU NZ ZA NG KE EG MA DZ SA AE IL IR JE GG IM PR DO JM"
).split()
TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
GLOBAL_SERVICES = (800, 808, 870, 878, 881, 882, 883, 888, 979)


def _digits(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def examples() -> list[str]:
    """Valid example numbers: two types for each country, one for each global service."""
    out = []
    for country in COUNTRIES:
        for kind in TYPES:
            n = phonenumbers.example_number_for_type(country, kind)
            if n is not None:
                out.append(_digits(n))
    out += [_digits(phonenumbers.example_number_for_non_geo_entity(code)) for code in GLOBAL_SERVICES]
    return out


def variants(numbers: list[str], count: int, seed: int = 7) -> list[str]:
    """``count`` numbers around the given ones: the same, last digits redrawn (most stay valid),
    one digit added or removed (most become invalid), or a changed digit after the prefix."""
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        n = rnd.choice(numbers)
        move = rnd.randrange(5)
        if move == 1:
            n = n[:-4] + "".join(rnd.choice("0123456789") for _ in range(4))
        elif move == 2:
            n = n + rnd.choice("0123456789")
        elif move == 3:
            n = n[:-1]
        elif move == 4:
            i = rnd.randrange(1, len(n))
            n = n[:i] + rnd.choice("0123456789") + n[i + 1 :]
        out.append(n)
    return out
