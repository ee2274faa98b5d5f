"""Recipients of many rows at once: the one rule of ``provider.recipients``, vectorised.

``judge_many(numbers)`` gives, for a column of MSISDNs, what ``provider.recipients.recipient``
gives each of them (valid or not, and the country), without a Python call per row: the rows are
grouped by calling code, and each group is matched against the ``phonenumbers`` metadata of its
countries with RE2 through ``pyarrow.compute``, the way ``phonenumbers.is_valid_number`` reads
it (the number's general pattern, then any of its types, each with its possible lengths; for a
calling code shared by several countries, the first whose leading digits or patterns claim the
number).

With the compiled engine the same patterns run as automata over the digits instead
(``digit_machines``), every calling code of the column in one pass without the GIL; the RE2 path
here is its readable twin, and where the engine is not built, the one that runs.

Rows the metadata cannot decide that way are judged one by one by ``recipient`` itself: a calling
code ``phonenumbers`` does not know in one piece, a national number that may start with a national
prefix (which ``phonenumbers.parse`` may strip) of another shape than digits, or a length out of
range. The engine takes a national prefix of digits off as parse does
(``number_metadata.prefix_strip``), and judges Argentina's numbers, whose prefix may match no
digits and then changes nothing, itself (``number_metadata.prefix_how``); the RE2 path, which
cannot tell an empty match from another nor strip, leaves both to ``recipient``. Entries that are
no number of any country (anything but ASCII digits, or digits that start with no known calling
code) get its verdict without it (``_numbers_to_parse`` on the RE2 path; the engine's pass over
the calling codes tells them apart itself). A differential test holds
``judge_many`` to ``recipient`` on 100,000 numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from .._columns import from_numpy, string_buffers, strings, to_bool
from ..core.engine import compiled
from .number_metadata import Rules, known_codes, national_prefix, region_rules
from .number_programs import MAX_NSN, MIN_NSN, Bank
from .program_cache import program
from .recipients import NON_GEOGRAPHIC, recipient

_MAX_LENGTH = 20  # of a number judged a column at a time: longer ones go to ``recipient``


def _matches(pc, numbers, cc: int, pattern: str, *, whole: bool = True) -> np.ndarray:
    """Which ``numbers`` (all of calling code ``cc``) have a national number that ``pattern``
    matches whole (or, not ``whole``, at its start): matched with the code before it, so no
    column of national numbers is cut."""
    return to_bool(pc.match_substring_regex(numbers, f"^{cc}(?:{pattern})" + ("$" if whole else "")))


@cache
def _length_table(allowed: frozenset[int]) -> np.ndarray:
    table = np.zeros(_MAX_LENGTH + 1, dtype=bool)
    table[[n for n in allowed if 0 <= n <= _MAX_LENGTH]] = True
    table.flags.writeable = False  # shared by every call
    return table


def _of_length(lengths: np.ndarray, allowed: frozenset[int]) -> np.ndarray:
    """Which ``lengths`` (of national numbers: 0 to 20 digits) are ``allowed``: a table lookup."""
    return _length_table(allowed)[np.clip(lengths, 0, _MAX_LENGTH)]


def _typed(pc, numbers, cc: int, lengths: np.ndarray, rules: Rules) -> np.ndarray:
    """Which numbers of calling code ``cc`` (national numbers of ``lengths`` digits) are of a
    known type for the country (not UNKNOWN)."""
    general_lengths, general = rules.general
    known = _matches(pc, numbers, cc, general)
    if general_lengths is not None:
        known &= _of_length(lengths, general_lengths)
    any_type = np.zeros(len(numbers), dtype=bool)
    for group_lengths, pattern in rules.groups:
        todo = known & ~any_type
        if group_lengths is not None:
            todo &= _of_length(lengths, group_lengths)
        if todo.all():
            any_type = _matches(pc, numbers, cc, pattern)
        elif todo.any():
            any_type[todo] = _matches(pc, numbers.filter(from_numpy(todo)), cc, pattern)
    return known & any_type


@dataclass(frozen=True)
class Judged:
    """Recipients judged a column at a time: ``valid`` (a NumPy bool array) and each row's
    country as an index into ``names`` (``country``, an int32 array; -1 for none), the ISO
    codes and ``NON_GEOGRAPHIC``, so that rows are counted and priced by country without a
    Python object per row."""

    valid: np.ndarray
    country: np.ndarray
    names: tuple[str, ...]

    def countries(self) -> list[str | None]:
        """Each row's country, as ``provider.recipients.recipient`` gives it."""
        names = np.array((*self.names, None), dtype=object)
        return names[self.country].tolist()


class _Verdicts:
    """The columns being filled: each row's validity and country id, and the countries met."""

    def __init__(self, n: int):
        self.valid = np.zeros(n, dtype=bool)
        self.country = np.full(n, -1, dtype=np.int32)
        self.ids: dict[str | None, int] = {None: -1}

    def id_of(self, name: str | None) -> int:
        return self.ids.setdefault(name, len(self.ids) - 1)

    def judged(self) -> Judged:
        return Judged(self.valid, self.country, tuple(name for name in self.ids if name is not None))


def judge_many(numbers, *, engine: bool = True) -> Judged:
    """Every row of ``numbers`` (a pyarrow string array or a sequence of ``str`` / None) judged
    as ``provider.recipients.recipient`` judges each: valid or not, and its country. ``engine``
    False takes the RE2 path even where the compiled engine is built (tests compare the two)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # A lone surrogate (from JSON's "\ud800") is read as "?": no digit, invalid, as recipient() says.
    to = numbers if isinstance(numbers, pa.Array) else strings(numbers, errors="replace")
    if not pa.types.is_string(to.type):  # large_string, string_view: read from 32-bit offsets
        to = to.cast(pa.string())
    out = _Verdicts(len(to))
    if engine and compiled is not None:
        rows = _judge_compiled(out, to)
    else:
        rows = _numbers_to_parse(pc, to, np.flatnonzero(_judge_re2(pc, out, to)))
    if not len(rows):  # the usual block: nothing for phonenumbers to parse
        return out.judged()
    for i, value in zip(rows.tolist(), to.take(from_numpy(rows)).to_pylist(), strict=True):
        if value is not None:
            r = recipient(value)
            out.valid[i], out.country[i] = r.valid, out.id_of(r.country)
    return out.judged()


def _numbers_to_parse(pc, to, rows: np.ndarray) -> np.ndarray:
    """Of ``rows`` (left to ``recipient`` by RE2; the engine marks its own), those it must parse. The others
    are no number of any country, as it would say, and keep the verdict they have (invalid, no
    country): an entry that is not ASCII digits (``+351...``, with spaces), which ``recipient``
    refuses unread, and digits of 3 to 20 that start with no calling code phonenumbers knows
    (``00351...``, ``0912...``: a number written the national way), whose country code
    ``phonenumbers.parse`` cannot find. A file of such entries then costs no call per row (25 µs
    each)."""
    if not len(rows):
        return rows
    lengths, code, digits = _screen(pc, to.take(from_numpy(rows)))
    return rows[digits & ((code > 0) | (lengths < 3) | (lengths > _MAX_LENGTH))]


def _judge_re2(pc, out: _Verdicts, to) -> np.ndarray:
    """Judge the rows of ``to`` into ``out`` with RE2, a calling code at a time; returns which
    rows are left to ``recipient``."""
    lengths, code, _ = _screen(pc, to)
    exact = code == 0
    for cc in (np.flatnonzero(np.bincount(code)[1:]) + 1).tolist():  # each code met
        rows = np.flatnonzero(code == cc)
        exact[_judge_calling_code(out, to, cc, rows, lengths[rows] - len(str(cc)))] = True
    return exact


_BANK = Bank()  # the automata of the calling codes met so far, shared by every thread


def _judge_compiled(out: _Verdicts, to) -> np.ndarray:
    """Judge the rows of ``to`` into ``out`` with the engine: their calling codes in one pass,
    then each by its code's automata in another; returns the rows ``recipient`` must parse (as
    ``_numbers_to_parse`` finds them on the RE2 path)."""
    engine = compiled
    assert engine is not None
    n = len(to)
    offsets, data, bits, first = string_buffers(to)
    code = np.empty(n, dtype=np.int32)
    engine.number_codes(offsets, data, bits, first, known_codes()[2].view(np.uint8), code)
    met = (np.flatnonzero(np.bincount(code.clip(0), minlength=1)[1:]) + 1).tolist()
    t = _BANK.ensure(met, program)
    found = np.empty(n, dtype=np.int32)
    valid = np.empty(n, dtype=np.uint8)
    alone = np.empty(n, dtype=np.uint8)
    engine.judge_numbers(
        offsets,
        data,
        code,
        t.transitions,
        t.accepts,
        t.starts,
        t.program,
        t.region,
        t.group,
        t.strip,
        t.code_program,
        found,
        valid,
        alone,
    )
    # Country ids in the order of the RE2 path: by calling code, then the code's countries.
    claimed = np.flatnonzero(np.bincount(found + 1, minlength=1)[1:]).tolist()
    ids = np.full(len(_BANK.names) + 1, -1, dtype=np.int32)  # the last: no region (-1)
    for r in sorted(claimed, key=_BANK.order.__getitem__):
        ids[r] = out.id_of(_BANK.names[r])
    out.country[:] = ids[found]
    out.valid[:] = valid.view(bool)
    # Left alone: digits of a length out of range (-1), or of a code the automata do not decide.
    return np.flatnonzero(alone.view(bool) & (code != 0))


def _screen(pc, to) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's length, its calling code, 0 for none (not plain: other than 3 to 20 ASCII
    digits, the first not 0; or no known code): the first of the 1-, 2- and 3-digit prefixes
    phonenumbers knows, and whether it is ASCII digits at all (null rows: not). Read from the
    column's buffers (a plain row's length in bytes is its length in characters)."""
    digits = to_bool(pc.ascii_is_decimal(to))
    code = np.zeros(len(to), dtype=np.int32)
    offsets, data, _, _ = string_buffers(to)
    lengths = np.diff(offsets).astype(np.int64)
    plain = digits & (lengths >= 3) & (lengths <= _MAX_LENGTH)
    if plain.any():
        # The first three digits of each plain row, one gather.
        first = np.lib.stride_tricks.sliding_window_view(data, 3)
        d0, d1, d2 = (first[offsets[:-1][plain]].astype(np.int32) - ord("0")).T
        one, two, three = known_codes()
        c2 = d0 * 10 + d1
        c3 = c2 * 10 + d2
        found = np.where(one[d0], d0, np.where(two[c2], c2, c3))
        code[plain] = np.where(three[found] & (d0 > 0), found, 0)
    return lengths, code, digits


def _judge_calling_code(out: _Verdicts, to, cc: int, rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Judge the plain ``rows`` of calling code ``cc`` (national numbers of ``lengths`` digits)
    against the metadata of its countries; returns the rows left to ``recipient`` itself."""
    import phonenumbers
    import pyarrow.compute as pc

    numbers = to if len(rows) == len(to) else to.take(from_numpy(rows))  # one code, often all rows
    hard = (lengths < MIN_NSN) | (lengths > MAX_NSN)
    prefix = national_prefix(cc)
    if prefix:
        hard |= _matches(pc, numbers, cc, prefix, whole=False)
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]
    rules = [region_rules(cc, r) for r in regions]
    if any(r is None for r in rules):
        hard[:] = True
    easy, left = ~hard, rows[hard]
    if easy.any():
        if not easy.all():
            numbers, rows, lengths = numbers.filter(from_numpy(easy)), rows[easy], lengths[easy]
        if len(regions) == 1:
            global_service = regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY
            out.country[rows] = out.id_of(NON_GEOGRAPHIC if global_service else regions[0])
            out.valid[rows] = _typed(pc, numbers, cc, lengths, rules[0])
        else:
            _judge_shared_code(out, numbers, cc, rows, lengths, regions, rules)
    return left


def _judge_shared_code(
    out: _Verdicts, numbers, cc: int, rows: np.ndarray, lengths: np.ndarray, regions, rules
) -> None:
    """A calling code shared by several countries: the first country whose leading digits, or
    else whose patterns, claim the number is its country, and the number is valid when it is of
    a known type there (phonenumbers' region_code_for_number, then is_valid_number_for_region)."""
    import pyarrow.compute as pc

    open_ = np.ones(len(rows), dtype=bool)
    for region, rule in zip(regions, rules, strict=True):
        if not open_.any():
            break
        todo = np.flatnonzero(open_)
        part = numbers.take(from_numpy(todo))
        typed = _typed(pc, part, cc, lengths[todo], rule)
        if rule.leading_digits is not None:
            claim = _matches(pc, part, cc, rule.leading_digits, whole=False)
        else:
            claim = typed
        won = todo[claim]
        out.country[rows[won]] = out.id_of(region)
        out.valid[rows[won]] = typed[claim]
        open_[won] = False
