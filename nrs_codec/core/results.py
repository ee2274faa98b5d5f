"""What ``analyze`` answers (``Analysis``) and the errors it raises, shared by both back ends."""

from __future__ import annotations

from abc import ABCMeta

from .. import _text
from . import codes

FIELDS = (
    "encoding",
    "parts",
    "units",
    "locking_shift",
    "single_shift",
    "udh_octets",
    "capacity",
    "remaining",
    "spans",
    "non_gsm",
)


class Analysis(metaclass=ABCMeta):
    """How one message is encoded and split, for one recipient.

    ``units`` are septets for ``gsm``, ``gsm-pt`` and the other national encodings (a single-shift
    character counts 2) and UTF-16 code units for ``utf-16``. ``spans`` are the code-point spans
    ``(start, end)`` of each part in the analysed text; ``non_gsm`` lists the ``(index, char)``
    outside the GSM default alphabet and its extension table, whatever encoding was chosen.

    Immutable, compared and hashed by its fields. The compiled engine answers with its own type,
    registered as an ``Analysis`` (``isinstance`` holds, and the two compare equal field by field),
    which works out ``spans`` and ``non_gsm`` when they are first read.
    """

    __slots__ = FIELDS

    encoding: str
    parts: int
    units: int
    locking_shift: int
    single_shift: int
    udh_octets: int
    capacity: int
    remaining: int
    spans: tuple[tuple[int, int], ...]
    non_gsm: tuple[tuple[int, str], ...]

    def __init__(
        self,
        encoding: str,
        parts: int,
        units: int,
        locking_shift: int,
        single_shift: int,
        udh_octets: int,
        capacity: int,
        remaining: int,
        spans: tuple[tuple[int, int], ...],
        non_gsm: tuple[tuple[int, str], ...],
    ) -> None:
        values = (encoding, parts, units, locking_shift, single_shift, udh_octets, capacity, remaining)
        for name, value in zip(FIELDS, (*values, spans, non_gsm), strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Analysis is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Analysis is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Analysis):
            return NotImplemented
        return fields_of(self) == fields_of(other)

    def __hash__(self) -> int:
        return hash(fields_of(self))

    def __repr__(self) -> str:
        return describe(self)

    def __reduce__(self) -> tuple[type, tuple]:
        return Analysis, fields_of(self)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping in the provider's camelCase (``lockingShift``, ``nonGsm``, ...)."""
        return as_dict(self)


def fields_of(a: Analysis) -> tuple:
    """The fields of an analysis, in order."""
    return tuple(getattr(a, name) for name in FIELDS)


def describe(a: Analysis) -> str:
    """``Analysis(encoding='gsm', parts=1, ...)``, for either back end's analysis."""
    return "Analysis(" + ", ".join(f"{name}={getattr(a, name)!r}" for name in FIELDS) + ")"


def as_dict(a: Analysis) -> dict[str, object]:
    """``to_dict`` of either back end's analysis."""
    return {
        "encoding": a.encoding,
        "parts": a.parts,
        "units": a.units,
        "lockingShift": a.locking_shift,
        "singleShift": a.single_shift,
        "udhOctets": a.udh_octets,
        "capacity": a.capacity,
        "remaining": a.remaining,
        "spans": [list(s) for s in a.spans],
        "nonGsm": [[i, c] for i, c in a.non_gsm],
    }


class EncodingError(ValueError):
    """The text cannot be represented in the requested encoding (the provider's error 113).

    ``chars`` holds the first ``MAX_REPORTED`` offending ``(index, char)`` pairs (indices in code
    points) and ``count`` how many there are in all, so that a long text in the wrong alphabet
    costs no more than the answer needs.
    """

    code = codes.INVALID_CODING

    def __init__(self, encoding: str, chars: tuple[tuple[int, str], ...], count: int | None = None):
        self.encoding = encoding
        self.chars = tuple(chars[:MAX_REPORTED])
        self.count = len(chars) if count is None else count
        super().__init__(
            f"cannot encode as {encoding}: {_text.chars(self.chars, shown=10, total=self.count)}"
        )


class InvalidTextError(ValueError):
    """The text holds a lone surrogate, which no SMS encoding can carry."""

    code = codes.INPUT_VALIDATION

    def __init__(self, index: int, char: str):
        self.index = index
        self.char = char
        super().__init__(f"lone surrogate U+{ord(char):04X} at index {index}: text is not valid Unicode")


class TooManyPartsError(ValueError):
    """The message needs more parts than a concatenated SMS can address (255).

    ``parts`` is what the encoding needs; when ``exact`` is False it is a lower bound: with grapheme
    clusters kept whole the walk stops once the answer is known (see ``analyze``)."""

    code = codes.TEXT_TOO_LONG

    def __init__(self, encoding: str, parts: int, exact: bool = True):
        self.encoding = encoding
        self.parts = parts
        self.exact = exact
        super().__init__(
            f"message needs {'' if exact else 'at least '}{parts} parts as {encoding}; more than "
            f"{MAX_PARTS} parts cannot be addressed by a concatenated SMS"
        )


MAX_PARTS = 255
MAX_REPORTED = 100  # offending characters an EncodingError keeps
