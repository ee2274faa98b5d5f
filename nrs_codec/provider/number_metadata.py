"""phonenumbers' metadata of each calling code, as the column judges of ``recipients_many`` read it.

- ``region_rules``: one country's patterns for the RE2 path (the general description, the types
  grouped by possible lengths, the leading digits);
- ``known_codes``: the calling codes phonenumbers knows, as lookup tables;
- ``national_prefix``, ``prefix_how`` and ``prefix_strip``: the national prefix
  ``phonenumbers.parse`` may strip after a code, and how the engine reads it (``tried``: what
  ``re.match`` of it tries, in order);
- ``program_of``: a calling code's automata for the engine (``number_programs.Program``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from .digit_machines import START, STARTED, Unsupported, parse
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


def tried(pattern: str, limit: int = 32) -> list[tuple[int, ...]] | None:
    """What ``re.match`` tries of ``pattern``, in the order it tries it: each a fixed string of
    digit sets (masks), so that the first of them that a number starts with is the match ``re``
    finds. For a pattern of digits, classes, groups, alternation and bounded repetition (a
    greedy one tries one more first); None for one with ``$`` or an unbounded repetition, or
    past ``limit`` strings. Raises ``Unsupported`` as ``digit_machines.parse`` does."""
    branches = parse(pattern)
    if any(anchored for _, anchored in branches):
        return None
    out: list[tuple[int, ...]] = []
    try:
        for node, _ in branches:
            out += _tried(node, limit)
            if len(out) > limit:
                return None
    except OverflowError:
        return None
    return out


def _tried(node, limit: int) -> list[tuple[int, ...]]:
    kind = node[0]
    if kind == "set":
        return [(node[1],)]
    if kind == "alt":
        out = [s for branch in node[1] for s in _tried(branch, limit)]
    elif kind == "cat":
        out = [()]
        for item in node[1]:
            out = [a + b for a in out for b in _tried(item, limit)]
            if len(out) > limit:
                raise OverflowError
    else:
        _, item, low, high = node
        if high is None:
            raise OverflowError
        out = []
        if high > 0:  # one more of ``item`` first, each followed by what the rest tries
            rest = _tried(("rep", item, max(low - 1, 0), high - 1), limit)
            out = [a + b for a in _tried(item, limit) for b in rest]
        if low == 0:
            out.append(())
    if len(out) > limit:
        raise OverflowError
    return out


@cache
def prefix_strip(country_code: int) -> Strip | None:
    """How ``phonenumbers.parse`` takes this code's national prefix off a number that keeps it
    after the calling code (``4407700900123``), where the prefix has no rule to transform the rest
    and ``re.match`` of it tries fixed strings of digits (``0``, ``0|180020``, ``(183[12])|0``,
    ``0(1\\d)?``: ``tried``): the first that matches goes, unless the number matched
    its main country's general pattern and the rest does not, or the rest's length is one
    ``_test_number_length`` calls too short, local only or invalid. None for another prefix
    (``$``, a transform rule): those numbers are judged by ``recipient``."""
    pattern = national_prefix(country_code)
    meta = parsing_metadata(country_code)
    if not pattern or meta.national_prefix_transform_rule:
        return None
    try:
        starts = tried(pattern)
    except Unsupported:
        return None
    possible = sorted(meta.general_desc.possible_length)
    local = set(meta.general_desc.possible_length_local_only)
    if starts is None or not possible or possible[0] < 1:
        return None
    starts = [s for s in starts if all(s)]  # a string with a set of no digit never matches
    taken = [n for n in range(MIN_NSN, MAX_NSN + 1) if n not in local and (n in possible or n > possible[-1])]
    texts = tuple("".join(f"[{''.join(str(d) for d in range(10) if m >> d & 1)}]" for m in s) for s in starts)
    return Strip(texts, tuple(len(s) for s in starts), length_mask(taken))


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
