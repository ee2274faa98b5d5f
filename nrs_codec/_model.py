"""Result and error types shared by both back ends."""

from __future__ import annotations

from dataclasses import dataclass


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
        """A JSON-ready mapping with the provider's name ``totalSmsParts`` beside ``parts``."""
        return {
            "encoding": self.encoding,
            "parts": self.parts,
            "totalSmsParts": self.parts,
            "units": self.units,
            "locking_shift": self.locking_shift,
            "single_shift": self.single_shift,
            "udh_octets": self.udh_octets,
            "capacity": self.capacity,
            "remaining": self.remaining,
            "spans": [list(s) for s in self.spans],
            "non_gsm": [[i, c] for i, c in self.non_gsm],
        }


class EncodingError(ValueError):
    """The text cannot be represented in the requested encoding (the provider's error 113).

    ``chars`` holds the offending ``(index, char)`` pairs, indices in code points.
    """

    code = 113

    def __init__(self, encoding: str, chars: tuple[tuple[int, str], ...]):
        self.encoding = encoding
        self.chars = tuple(chars)
        shown = ", ".join(f"{c!r} (U+{ord(c):04X}) at {i}" for i, c in self.chars[:10])
        more = f" and {len(self.chars) - 10} more" if len(self.chars) > 10 else ""
        super().__init__(f"cannot encode as {encoding}: {shown}{more}")


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
