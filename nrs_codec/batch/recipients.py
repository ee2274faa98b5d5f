"""Recipients of many rows at once: the one rule of ``provider.recipients``, vectorised.

``judge_many(numbers)`` gives, for a column of MSISDNs, what ``provider.recipients.recipient``
gives each of them (valid or not, and the country), without a Python call per row: the rows are
grouped by calling code, and each group is matched against the ``phonenumbers`` metadata of its
countries with RE2 through ``pyarrow.compute``, the way ``phonenumbers.is_valid_number`` reads
it (the number's general pattern, then any of its types, each with its possible lengths; for a
calling code shared by several countries, the first whose leading digits or patterns claim the
number).

Rows the metadata cannot decide that way are judged one by one by ``recipient`` itself: anything
but plain digits, a calling code ``phonenumbers`` does not know in one piece, a national number
that may start with a national prefix (which ``phonenumbers.parse`` may strip), or a length out of
range. A differential test holds ``judge_many`` to ``recipient`` on 100,000 numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ..provider.recipients import NON_GEOGRAPHIC, recipient

# The descriptions phonenumbers' _number_type_helper tries; any match makes a number valid.
_TYPES = (
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
_MIN_NSN, _MAX_NSN = 2, 17  # phonenumbers' bounds on a national significant number


@dataclass(frozen=True)
class _Rules:
    """One country's metadata as RE2 patterns: the general description (lengths and pattern),
    the types grouped by possible lengths (one alternation per group), leading digits."""

    general: tuple[frozenset[int] | None, str]
    groups: tuple[tuple[frozenset[int] | None, str], ...]
    leading_digits: str | None


def _lengths(desc) -> frozenset[int] | None:
    """The possible lengths of a description; None when it does not restrict them."""
    return frozenset(desc.possible_length) if desc.possible_length else None


@cache
def _rules(country_code: int, region: str) -> _Rules | None:
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if meta is None or not meta.general_desc or not meta.general_desc.national_number_pattern:
        return None
    by_lengths: dict[frozenset[int] | None, list[str]] = {}
    for name in _TYPES:
        desc = getattr(meta, name)
        if desc is not None and desc.national_number_pattern:
            by_lengths.setdefault(_lengths(desc), []).append(desc.national_number_pattern)
    return _Rules(
        (_lengths(meta.general_desc), meta.general_desc.national_number_pattern),
        tuple((lengths, "|".join(f"(?:{p})" for p in patterns)) for lengths, patterns in by_lengths.items()),
        meta.leading_digits,
    )


@cache
def _national_prefix(country_code: int) -> str | None:
    """The pattern of the national prefix ``phonenumbers.parse`` may strip after this code."""
    import phonenumbers

    region = phonenumbers.region_code_for_country_code(country_code)
    meta = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    return meta.national_prefix_for_parsing if meta is not None else None


def _full(pc, nsn, pattern: str) -> np.ndarray:
    return np.asarray(pc.match_substring_regex(nsn, f"^(?:{pattern})$").fill_null(False))


def _typed(pc, nsn, lengths: np.ndarray, rules: _Rules) -> np.ndarray:
    """Which national numbers are of a known type for the country (not UNKNOWN)."""
    general_lengths, general = rules.general
    known = _full(pc, nsn, general)
    if general_lengths is not None:
        known &= np.isin(lengths, list(general_lengths))
    any_type = np.zeros(len(nsn), dtype=bool)
    for group_lengths, pattern in rules.groups:
        fits = (
            np.ones(len(nsn), dtype=bool) if group_lengths is None else np.isin(lengths, list(group_lengths))
        )
        todo = known & fits & ~any_type
        if todo.any():
            any_type[todo] = _full(pc, nsn.filter(todo), pattern)
    return known & any_type


def judge_many(numbers) -> tuple[np.ndarray, list[str | None]]:
    """``(valid, country)`` for every row of ``numbers`` (a pyarrow string array or a sequence
    of ``str`` / None), as ``provider.recipients.recipient`` judges each: ``valid`` a NumPy bool
    array, ``country`` the ISO code, ``NON_GEOGRAPHIC``, or None."""
    import phonenumbers
    import pyarrow as pa
    import pyarrow.compute as pc

    to = numbers if isinstance(numbers, pa.Array) else pa.array(list(numbers), pa.string())
    if pa.types.is_large_string(to.type):
        to = to.cast(pa.string())
    n = len(to)
    valid = np.zeros(n, dtype=bool)
    country = np.full(n, None, dtype=object)
    plain = np.asarray(pc.match_substring_regex(to, "^[1-9][0-9]{2,19}$").fill_null(False))
    # The calling code: the first of the 1-, 2- and 3-digit prefixes phonenumbers knows.
    code = np.zeros(n, dtype=np.int32)
    known = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    for size in (3, 2, 1):
        prefix = pc.utf8_slice_codeunits(to, 0, size).to_numpy(zero_copy_only=False)
        for value in set(prefix[plain]):
            if int(value) in known:
                code[plain & (prefix == value)] = int(value)
    exact = ~plain | (code == 0)
    lengths_all = np.asarray(pc.utf8_length(to).fill_null(0))
    for cc in np.unique(code[code > 0]).tolist():
        rows = np.flatnonzero((code == cc) & plain)
        nsn = pc.utf8_slice_codeunits(to.take(pa.array(rows)), len(str(cc)))
        lengths = lengths_all[rows] - len(str(cc))
        hard = (lengths < _MIN_NSN) | (lengths > _MAX_NSN)
        prefix = _national_prefix(cc)
        if prefix:
            hard |= np.asarray(pc.match_substring_regex(nsn, f"^(?:{prefix})").fill_null(False))
        regions = known[cc]
        rules = [_rules(cc, r) for r in regions]
        if any(r is None for r in rules):
            hard[:] = True
        exact[rows[hard]] = True
        easy = ~hard
        if not easy.any():
            continue
        rows, nsn, lengths = rows[easy], nsn.filter(easy), lengths[easy]
        if len(regions) == 1:
            country[rows] = (
                NON_GEOGRAPHIC if regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY else regions[0]
            )
            valid[rows] = _typed(pc, nsn, lengths, rules[0])
            continue
        # A shared calling code: the first country whose leading digits, or else whose patterns,
        # claim the number is its country, and the number is valid when it is of a known type
        # there (phonenumbers' region_code_for_number, then is_valid_number_for_region).
        open_ = np.ones(len(rows), dtype=bool)
        for region, rule in zip(regions, rules, strict=True):
            if not open_.any():
                break
            todo = np.flatnonzero(open_)
            part = nsn.take(pa.array(todo))
            typed = _typed(pc, part, lengths[todo], rule)
            if rule.leading_digits is not None:
                claim = np.asarray(
                    pc.match_substring_regex(part, f"^(?:{rule.leading_digits})").fill_null(False)
                )
            else:
                claim = typed
            won = todo[claim]
            country[rows[won]] = region
            valid[rows[won]] = typed[claim]
            open_[won] = False
    for i in np.flatnonzero(exact):
        value = to[int(i)].as_py()
        if value is None:
            continue
        r = recipient(value)
        valid[i], country[i] = r.valid, r.country
    return valid, country.tolist()
