"""The pure-Python reference back end: the readable statement of the counting and splitting rules.

The compiled engine (``nrs_codec/_native``) must give the same result for every input; the differential
tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from .._generated.tables import LOCKING, SINGLE
from .graphemes import cluster_starts
from .results import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from .rules import DEFAULT_ALLOWED, UTF16, Candidate, Variant, choice_key, plan

BACKEND = "reference"

# Code point -> septet value, per national language id.
_LOCKING = {lang: {cp: s for s, cp in t.items()} for lang, t in LOCKING.items() if t is not None}
_SINGLE = {lang: {cp: s for s, cp in t.items()} for lang, t in SINGLE.items() if t is not None}
_EMPTY: dict[int, int] = {}


def check_text(text: object) -> None:
    """TypeError unless ``text`` is a str; InvalidTextError at its first lone surrogate."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    for i, ch in enumerate(text):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            raise InvalidTextError(i, ch)


def char_units(ch: str, variant: Variant) -> int | None:
    """Units one character costs in a variant: 1 from the locking table, 2 through the single
    shift (ESC + code), 1 or 2 UTF-16 code units; None when the variant cannot represent it."""
    cp = ord(ch)
    if variant.encoding == UTF16:
        return 2 if cp > 0xFFFF else 1
    if cp in _LOCKING.get(variant.locking, _EMPTY):
        return 1
    if cp in _SINGLE.get(variant.single, _EMPTY):
        return 2
    return None


def non_gsm(text: str) -> tuple[tuple[int, str], ...]:
    """Characters outside the GSM default alphabet and its extension table."""
    basic, ext = _LOCKING[0], _SINGLE[0]
    return tuple((i, ch) for i, ch in enumerate(text) if ord(ch) not in basic and ord(ch) not in ext)


def walk(
    costs: list[int], capacity: int, atoms: Iterable[int] | None = None, most: int | None = None
) -> list[tuple[int, int]]:
    """Fill parts greedily in text order; an atom (a character, or a grapheme cluster when
    ``atoms`` gives their starts) never splits unless it alone exceeds a part. With ``most``, the
    walk stops when a part after the ``most``-th begins: its last span then runs to the end."""
    if atoms is None:
        atoms = range(len(costs) + 1)
    spans = []
    start = used = 0
    for a, b in pairwise(atoms):
        cost = sum(costs[a:b])
        if used + cost <= capacity:
            used += cost
            continue
        if used:
            spans.append((start, a))
            start, used = a, 0
            if len(spans) == most:
                break
        if cost <= capacity:
            used = cost
            continue
        for i in range(a, b):  # a cluster longer than a part: split it between characters
            if used + costs[i] > capacity:
                spans.append((start, i))
                start, used = i, 0
                if len(spans) == most:
                    break
            used += costs[i]
        if len(spans) == most:
            break
    spans.append((start, len(costs)))
    return spans


def _measure(text: str, cand: Candidate, keep_graphemes: bool):
    """``(bad, None)`` with the characters the candidate cannot represent, or
    ``((), (costs, spans, capacity, udh, exact))``.

    Kept whole, grapheme clusters can only add parts to the walk by characters (which may cut
    anywhere the clusters may, and more), so the clusters are looked for only when that walk fits
    in ``MAX_PARTS``, and only until they need more: past it, ``exact`` is False and the spans
    (of the walk by characters, or up to where the walk stopped) give a lower bound of the parts."""
    costs = [char_units(ch, cand.variant) for ch in text]
    bad = tuple((i, text[i]) for i, c in enumerate(costs) if c is None)
    if bad:
        return bad, None
    if sum(costs) <= cand.single_capacity:
        return (), (costs, [(0, len(text))], cand.single_capacity, cand.single_udh, True)
    cap = cand.multi_capacity
    spans = walk(costs, cap)
    exact = True
    if keep_graphemes and cand.variant.encoding == UTF16:
        exact = False
        if len(spans) <= MAX_PARTS:
            spans = walk(costs, cap, cluster_starts(text), most=MAX_PARTS)
            exact = len(spans) <= MAX_PARTS
    return (), (costs, spans, cap, cand.multi_udh, exact)


def analyze(
    text: str,
    encoding: str = "auto",
    *,
    allowed: Iterable[str] = DEFAULT_ALLOWED,
    keep_graphemes: bool = False,
    ref16: bool = False,
    extra_udh: int = 0,
    force_shifts: bool = False,
) -> Analysis:
    """How ``text`` is encoded and split into SMS parts, for one recipient.

    Arguments:
        text: the message (``str``).
        encoding: ``"auto"`` (choose among ``allowed``), or a provider encoding name
            (``"gsm"``, ``"gsm-pt"``, ``"utf-16"``; aliases ``gsm7``, ``unicode``, ``ucs2``, ...)
            to force it.
        allowed: for ``auto``, the encodings it may choose, in order of preference.
        keep_graphemes: keep extended grapheme clusters (emoji sequences, combining marks) whole
            in ``utf-16`` parts.
        ref16: 16-bit concatenation references (6 header octets instead of 5).
        extra_udh: octets of further header elements in every part (0 to 120).
        force_shifts: ``gsm-pt`` parts always carry both shift elements.

    Returns an ``Analysis``: ``encoding``, ``parts`` (``totalSmsParts`` for one recipient),
    ``units`` (septets, an escaped character counting 2; or UTF-16 code units), the shift tables,
    ``udh_octets``, ``capacity``, ``remaining`` in the last part, the parts' ``spans`` and the
    ``non_gsm`` characters. The choice rule: fewest parts, then the order of ``allowed``, then
    (between variants of one encoding) most units free in the last part, then fewest header
    elements.

    Raises ``TypeError`` when ``text`` is not a ``str``; ``InvalidTextError`` (a ``ValueError``,
    code 422) at a lone surrogate; ``EncodingError`` (a ``ValueError``, code 113) when no allowed
    or forced encoding can represent the text; ``TooManyPartsError`` (code 105) past 255 parts;
    ``ValueError`` / ``TypeError`` for options that are not valid.

    >>> a = analyze("Olá! " * 40)
    >>> a.encoding, a.parts, a.capacity
    ('gsm-pt', 2, 149)
    >>> analyze("ж", "gsm")
    Traceback (most recent call last):
    ...
    nrs_codec.core.results.EncodingError: cannot encode as gsm: 'ж' (U+0436) at 0
    """
    check_text(text)
    groups = plan(encoding, allowed, ref16, extra_udh, force_shifts)
    best = best_key = None
    failures = []
    for group_rank, (enc, candidates) in enumerate(groups):
        for variant_rank, cand in enumerate(candidates):
            bad, measured = _measure(text, cand, keep_graphemes)
            if bad:
                failures.append((enc, bad))
                continue
            costs, spans, cap, udh, exact = measured
            remaining = cap - sum(costs[spans[-1][0] : spans[-1][1]]) if exact else 0
            key = choice_key(len(spans), group_rank, remaining, cand.variant.header_elements, variant_rank)
            if best_key is None or key < best_key:
                best_key = key
                best = (cand.variant, sum(costs), spans, cap, udh, remaining, exact)
    if best is None:
        enc, bad = min(failures, key=lambda f: len(f[1]))
        raise EncodingError(groups[0][0] if len(groups) == 1 else enc, bad)
    variant, units, spans, cap, udh, remaining, exact = best
    if len(spans) > MAX_PARTS:
        raise TooManyPartsError(variant.encoding, len(spans), exact)
    return Analysis(
        encoding=variant.encoding,
        parts=len(spans),
        units=units,
        locking_shift=variant.locking,
        single_shift=variant.single,
        udh_octets=udh,
        capacity=cap,
        remaining=remaining,
        spans=tuple(spans),
        non_gsm=non_gsm(text),
    )
