"""What ``analyze`` answers (``Analysis``) and the errors it raises, shared by both back ends."""

from __future__ import annotations

from dataclasses import dataclass

from .. import _text


@dataclass(frozen=True, slots=True)
class Analysis:
    """How one message is encoded and split, for one recipient.

    ``units`` are septets for ``gsm``, ``gsm-pt`` and the other national encodings (a single-shift
    character counts 2) and UTF-16 code units for ``utf-16``. ``spans`` are the code-point spans
    ``(start, end)`` of each part in the analysed text; ``non_gsm`` lists the ``(index, char)``
    outside the GSM default alphabet and its extension table, whatever encoding was chosen.
    """

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

    def to_dict(self) -> dict:
        """A JSON-ready mapping in the provider's camelCase (``lockingShift``, ``nonGsm``, ...)."""
        return {
            "encoding": self.encoding,
            "parts": self.parts,
            "units": self.units,
            "lockingShift": self.locking_shift,
            "singleShift": self.single_shift,
            "udhOctets": self.udh_octets,
            "capacity": self.capacity,
            "remaining": self.remaining,
            "spans": [list(s) for s in self.spans],
            "nonGsm": [[i, c] for i, c in self.non_gsm],
        }


class EncodingError(ValueError):
    """The text cannot be represented in the requested encoding (the provider's error 113).

    ``chars`` holds the first ``MAX_REPORTED`` offending ``(index, char)`` pairs (indices in code
    points) and ``count`` how many there are in all, so that a long text in the wrong alphabet
    costs no more than the answer needs.
    """

    code = 113

    def __init__(self, encoding: str, chars: tuple[tuple[int, str], ...], count: int | None = None):
        self.encoding = encoding
        self.chars = tuple(chars[:MAX_REPORTED])
        self.count = len(chars) if count is None else count
        super().__init__(
            f"cannot encode as {encoding}: {_text.chars(self.chars, shown=10, total=self.count)}"
        )


class InvalidTextError(ValueError):
    """The text holds a lone surrogate, which no SMS encoding can carry."""

    code = 422

    def __init__(self, index: int, char: str):
        self.index = index
        self.char = char
        super().__init__(f"lone surrogate U+{ord(char):04X} at index {index}: text is not valid Unicode")


class TooManyPartsError(ValueError):
    """The message needs more parts than a concatenated SMS can address (255)."""

    code = 105

    def __init__(self, encoding: str, parts: int):
        self.encoding = encoding
        self.parts = parts
        super().__init__(
            f"message needs {parts} parts as {encoding}; more than {MAX_PARTS} parts cannot be "
            "addressed by a concatenated SMS"
        )


MAX_PARTS = 255
MAX_REPORTED = 100  # offending characters an EncodingError keeps
