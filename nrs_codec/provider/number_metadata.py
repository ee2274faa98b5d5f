"""phonenumbers' metadata of each calling code, as the column judges of ``recipients_many`` read it.

- ``region_rules``: one country's patterns for the RE2 path (the general description, the types
  grouped by possible lengths, the leading digits);
- ``known_codes``: the calling codes phonenumbers knows, as lookup tables;
- ``national_prefix``, ``prefix_how`` and ``prefix_strip``: the national prefix
  ``phonenumbers.parse`` may strip after a code, and how the engine reads it;
- ``program_of``: a calling code's automata for the engine (``number_programs.Program``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from .digit_machines import START, STARTED, Unsupported
from .number_programs import MAX_NSN, MIN_NSN, Program, Region, Strip, length_mask
from .recipients import NON_GEOGRAPHIC

# The descriptions phonenumbers' _number_type_helper tries; any match makes a number valid.
TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


@dataclass(frozen=True)
class Rules:
    """One country's metadata as RE2 patterns: the general description (lengths and pattern),
    the types grouped by possible lengths (one alternation per group), leading digits."""

    general: tuple[frozenset[int] | None, str]
    groups: tuple[tuple[frozenset[int] | None, str], ...]
    leading_digits: str | None


def lengths_of(desc) -> frozenset[int] | None:
    """The possible lengths of a description; None when it does not restrict them."""
    return frozenset(desc.possible_length) if desc.possible_length else None


@cache
def region_rules(country_code: int, region: str) -> Rules | None:
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if meta is None or not meta.general_desc or not meta.general_desc.national_number_pattern:
        return None
    by_lengths: dict[frozenset[int] | None, list[str]] = {}
    for name in TYPES:
        desc = getattr(meta, name)
        if desc is not None and desc.national_number_pattern:
            by_lengths.setdefault(lengths_of(desc), []).append(desc.national_number_pattern)
    return Rules(
        (lengths_of(meta.general_desc), meta.general_desc.national_number_pattern),
        tuple((lengths, "|".join(f"(?:{p})" for p in patterns)) for lengths, patterns in by_lengths.items()),
        meta.leading_digits,
    )


@cache
def known_codes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The calling codes phonenumbers knows, as lookup tables by value: 1-digit codes at 0-9,
    2-digit at 10-99, and the third table true for every known code of any length."""
    import phonenumbers

    known = np.zeros(1000, dtype=bool)
    known[list(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)] = True
    one, two = known[:10].copy(), known[:100].copy()
    one[0] = two[:10] = False  # no code starts with 0, and a 2-digit code has two digits
    return one, two, known


def parsing_metadata(country_code: int):
    """The metadata ``phonenumbers.parse`` reads a number of this code with (its main country's)."""
    import phonenumbers

    region = phonenumbers.region_code_for_country_code(country_code)
    return phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)


@cache
def national_prefix(country_code: int) -> str | None:
    """The pattern of the national prefix ``phonenumbers.parse`` may strip after this code."""
    meta = parsing_metadata(country_code)
    return meta.national_prefix_for_parsing if meta is not None else None


@cache
def prefix_how(country_code: int) -> str:
    """How the engine reads this code's national prefix: ``STARTED`` where the prefix may match
    no digits and such a match leaves the number as it is, so that only a match of some digits
    sends a number to ``recipient``; else ``START``, any match. (Argentina's prefix matches no
    digits at the start of every number: ``phonenumbers.parse`` then strips nothing, and
    transforms nothing, the group its rule reads having taken no part. Without a ``$``, a match
    of no digits takes the same path through the pattern whatever the digits, so the match of
    the empty string says which groups take part.)"""
    pattern = national_prefix(country_code)
    empty = re.match(pattern, "") if pattern else None
    if pattern is None or empty is None or "$" in pattern:
        return START
    groups = empty.groups()
    if parsing_metadata(country_code).national_prefix_transform_rule and groups and groups[-1] is not None:
        return START
    return STARTED


@cache
def prefix_strip(country_code: int) -> Strip | None:
    """How ``phonenumbers.parse`` takes this code's national prefix off a number that keeps it
    after the calling code (``4407700900123``), where the prefix is digits or a choice of digits
    (``0``, ``8``, ``0|180020``) with no rule to transform the rest: the first that matches goes,
    unless the number matched its main country's general pattern and the rest does not, or the
    rest's length is one ``_test_number_length`` calls too short, local only or invalid. None for
    a prefix of another shape: those numbers are judged by ``recipient``."""
    pattern = national_prefix(country_code)
    meta = parsing_metadata(country_code)
    if not pattern or meta.national_prefix_transform_rule or not re.fullmatch(r"\d+(?:\|\d+)*", pattern):
        return None
    possible = sorted(meta.general_desc.possible_length)
    local = set(meta.general_desc.possible_length_local_only)
    if not possible or possible[0] < 1:
        return None
    lengths = [
        n for n in range(MIN_NSN, MAX_NSN + 1) if n not in local and (n in possible or n > possible[-1])
    ]
    return Strip(tuple(pattern.split("|")), length_mask(lengths))


def program_of(cc: int) -> Program | None:
    """The automata of calling code ``cc``'s countries; None when its numbers are judged one
    by one (a country without metadata, a pattern the automata cannot read)."""
    import phonenumbers

    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]
    rules = [rule for r in regions if (rule := region_rules(cc, r)) is not None]
    if len(rules) < len(regions):
        return None
    alone = len(regions) == 1
    described = []
    for region, rule in zip(regions, rules, strict=True):
        name = NON_GEOGRAPHIC if alone and region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY else region
        lengths, general = rule.general
        groups = tuple((pattern, length_mask(of)) for of, pattern in rule.groups)
        leading = None if alone else rule.leading_digits
        described.append(Region(name, general, length_mask(lengths), groups, leading))
    try:
        return Program.build(cc, national_prefix(cc), described, prefix_how(cc), prefix_strip(cc))
    except Unsupported:
        return None
