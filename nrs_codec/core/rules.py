"""Encodings, table variants, header sizes and part capacities (3GPP TS 23.038 / 23.040).

Everything here is shared by both back ends: it turns the caller's options into a *plan*, the
ordered candidates that the choice rule compares. The per-character work lives in the back ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from .._generated.tables import ENCODING_LANGUAGE, LOCKING, RESTRICTED_ENCODINGS, SINGLE

UTF16 = "utf-16"
# The provider's three encodings first: batch results store an encoding as its index here. Then
# every other national language of the tables (3GPP TS 23.038 Annex A), in language id order, then
# the encodings that a country's preset limits to one of its language's tables (``gsm-tr-single``).
DEFAULT_ALLOWED = ("gsm", "gsm-pt", UTF16)
ENCODINGS = (
    DEFAULT_ALLOWED
    + tuple(enc for enc in sorted(ENCODING_LANGUAGE, key=ENCODING_LANGUAGE.get) if enc not in DEFAULT_ALLOWED)
    + tuple(RESTRICTED_ENCODINGS)
)
# Encoding name -> (language id, may use its locking table, may use its single shift table).
_TABLES = {enc: (lang, True, True) for enc, lang in ENCODING_LANGUAGE.items()} | RESTRICTED_ENCODINGS
ALIASES = {
    "gsm7": "gsm",
    "gsm-7": "gsm",
    "gsm03.38": "gsm",
    "unicode": UTF16,
    "ucs2": UTF16,
    "ucs-2": UTF16,
    "utf16": UTF16,
    "utf-16be": UTF16,
}

ESC = 0x1B  # in a basic table: the escape to the single shift table, not a character
USER_DATA_OCTETS = 140
# Octets of each information element, IEI and length octet included (TS 23.040 §9.2.3.24).
CONCAT_8BIT_IE = 5
CONCAT_16BIT_IE = 6
SHIFT_IE = 3
MAX_EXTRA_UDH = 120


@dataclass(frozen=True, slots=True)
class Variant:
    """One way to send an encoding: which locking and single shift tables, by language id."""

    encoding: str
    locking: int
    single: int
    shift_octets: int

    @property
    def header_elements(self) -> int:
        return self.shift_octets // SHIFT_IE

    @property
    def septets(self) -> bool:
        return self.encoding != UTF16


@dataclass(frozen=True, slots=True)
class Candidate:
    """A variant with its header size and capacity alone and as part of a concatenated message."""

    variant: Variant
    single_udh: int
    single_capacity: int
    multi_udh: int
    multi_capacity: int


def udh_octets(shift_octets: int, concatenated: bool, ref16: bool, extra_udh: int) -> int:
    """UDH length in octets, UDHL included; 0 when the header has no element."""
    elements = shift_octets + extra_udh
    if concatenated:
        elements += CONCAT_16BIT_IE if ref16 else CONCAT_8BIT_IE
    return elements + 1 if elements else 0


def capacity(septets: bool, udh: int) -> int:
    """Units in one part: septets left after the header and its fill bits, or UTF-16 code units."""
    free = USER_DATA_OCTETS - udh
    return free * 8 // 7 if septets else free // 2


def _variants_of(encoding: str, force_shifts: bool) -> tuple[Variant, ...]:
    if encoding == UTF16:
        return (Variant(UTF16, 0, 0, 0),)
    lang, uses_locking, uses_single = _TABLES[encoding]
    if lang == 0:
        return (Variant(encoding, 0, 0, 0),)
    has_locking = uses_locking and LOCKING.get(lang) is not None
    has_single = uses_single and SINGLE.get(lang) is not None
    full = Variant(
        encoding,
        lang if has_locking else 0,
        lang if has_single else 0,
        SHIFT_IE * (has_locking + has_single),
    )
    if force_shifts:
        return (full,)
    # Order is the last tie-break: the default locking table first (locking shift is the less
    # widely supported element), then a locking table alone, then both.
    variants = []
    if has_single:
        variants.append(Variant(encoding, 0, lang, SHIFT_IE))
    if has_locking:
        variants.append(Variant(encoding, lang, 0, SHIFT_IE))
    if has_locking and has_single:
        variants.append(full)
    return tuple(variants)


def normalize_encoding(encoding: object, *, allow_auto: bool = True) -> str:
    """The canonical encoding name for a provider value or alias; ValueError for an unknown one."""
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be str, not {type(encoding).__name__}")
    name = encoding.strip().lower()
    name = ALIASES.get(name, name)
    if name in ENCODINGS or (allow_auto and name == "auto"):
        return name
    choices = ", ".join(("auto",) * allow_auto + ENCODINGS)
    raise ValueError(f"unknown encoding {encoding!r}: expected one of {choices}")


@dataclass(frozen=True, slots=True)
class Options:
    """The options of ``analyze`` as one checked, hashable value: every layer that carries them
    (batch, the command line, the service) can hand one on, and both back ends key their plan
    caches by what it holds. ``Options.of`` checks and normalises the caller's values (encoding
    names canonical, ``allowed`` a tuple without repeats); ``keywords()`` gives them back as
    ``analyze``'s keyword arguments."""

    encoding: str = "auto"
    allowed: tuple[str, ...] = DEFAULT_ALLOWED
    keep_graphemes: bool = False
    ref16: bool = False
    extra_udh: int = 0
    force_shifts: bool = False

    @classmethod
    def of(
        cls,
        encoding: object = "auto",
        allowed: object = DEFAULT_ALLOWED,
        keep_graphemes: object = False,
        ref16: object = False,
        extra_udh: object = 0,
        force_shifts: object = False,
    ) -> Options:
        """The options checked: ``ValueError`` or ``TypeError`` naming the first that is not valid."""
        enc = normalize_encoding(encoding)
        if isinstance(allowed, str) or not hasattr(allowed, "__iter__"):
            raise TypeError(f"allowed must be a sequence of encoding names, not {type(allowed).__name__}")
        names: list[str] = []
        for a in allowed:
            name = normalize_encoding(a, allow_auto=False)
            if name not in names:
                names.append(name)
        if not names:
            raise ValueError("allowed must name at least one encoding")
        if type(extra_udh) is not int or not 0 <= extra_udh <= MAX_EXTRA_UDH:
            raise ValueError(f"extra_udh must be an int from 0 to {MAX_EXTRA_UDH} octets, not {extra_udh!r}")
        return cls(enc, tuple(names), bool(keep_graphemes), bool(ref16), extra_udh, bool(force_shifts))

    def keywords(self) -> dict[str, object]:
        """``analyze``'s keyword arguments (everything but ``encoding``)."""
        return {
            "allowed": self.allowed,
            "keep_graphemes": self.keep_graphemes,
            "ref16": self.ref16,
            "extra_udh": self.extra_udh,
            "force_shifts": self.force_shifts,
        }

    @property
    def plan(self) -> tuple[tuple[str, tuple[Candidate, ...]], ...]:
        """The candidate groups of these options (see ``plan``)."""
        return _plan(self if not self.keep_graphemes else replace(self, keep_graphemes=False))


@lru_cache(maxsize=256)
def _plan(options: Options) -> tuple[tuple[str, tuple[Candidate, ...]], ...]:
    groups = []
    for enc in options.allowed if options.encoding == "auto" else (options.encoding,):
        candidates = []
        for v in _variants_of(enc, options.force_shifts):
            single = udh_octets(v.shift_octets, False, options.ref16, options.extra_udh)
            multi = udh_octets(v.shift_octets, True, options.ref16, options.extra_udh)
            candidates.append(
                Candidate(v, single, capacity(v.septets, single), multi, capacity(v.septets, multi))
            )
        groups.append((enc, tuple(candidates)))
    return tuple(groups)


def plan(
    encoding: object = "auto",
    allowed: object = DEFAULT_ALLOWED,
    ref16: object = False,
    extra_udh: object = 0,
    force_shifts: object = False,
) -> tuple[tuple[str, tuple[Candidate, ...]], ...]:
    """Validate the options and give the candidate groups in preference order.

    Each group is one encoding (for ``auto``, in the order of ``allowed``) with its variants in
    tie-break order.
    """
    return Options.of(encoding, allowed, False, ref16, extra_udh, force_shifts).plan


def choice_key(parts: int, group_rank: int, remaining: int, header_elements: int, variant_rank: int) -> tuple:
    """The choice rule as a sort key: fewest parts, then the allowed order, then (between variants
    of one encoding) most units free in the last part, then fewest header elements, then the
    variant order.

    The compiled engine states the same rule as a comparison (``_better`` in
    ``_native/measure.pxi``); ``tests/core/test_differential.py`` holds the two to the same choice
    on every input, with every option."""
    return (parts, group_rank, -remaining, header_elements, variant_rank)
