"""The provider limits and gateway options that pre-flight assumes (``Profile``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.engine import analyze
from ..core.results import MAX_PARTS, Analysis
from ..core.rules import DEFAULT_ALLOWED, ENCODINGS
from .body import MAX_BODY_BYTES


@dataclass(frozen=True, slots=True)
class Profile:
    """The provider limits and gateway options pre-flight assumes.

    ``max_parts`` is the largest ``parts`` a request may allow (255, what an 8-bit concatenation
    reference addresses, unless the account is limited further); sender limits are the provider's;
    ``ref16`` and ``force_shifts`` describe the gateway's headers as in ``analyze``. ``encodings``
    are the ``encoding`` values the provider accepts, in the order ``auto`` prefers them (the
    provider's ``gsm``, ``gsm-pt`` and ``utf-16`` unless a gateway takes national languages too).
    ``max_body_bytes`` is the largest request body read (error 125 in pre-flight, 413 in the
    service).

    >>> Profile(max_parts=10).analyze("Olá", "gsm-pt").parts
    1
    """

    max_parts: int = MAX_PARTS
    sender_max_alphanumeric: int = 11
    sender_max_numeric: int = 15
    default_encoding: str = "gsm"
    ref16: bool = False
    force_shifts: bool = False
    encodings: tuple[str, ...] = DEFAULT_ALLOWED
    max_body_bytes: int = MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if type(self.max_parts) is not int or not 1 <= self.max_parts <= MAX_PARTS:
            raise ValueError(f"max_parts must be an int from 1 to {MAX_PARTS}, not {self.max_parts!r}")
        for name in ("sender_max_alphanumeric", "sender_max_numeric", "max_body_bytes"):
            if type(getattr(self, name)) is not int or getattr(self, name) < 1:
                raise ValueError(f"{name} must be a positive int, not {getattr(self, name)!r}")
        encodings = self.encodings
        if (
            type(encodings) is not tuple
            or not encodings
            or len(set(encodings)) != len(encodings)
            or not set(encodings) <= set(ENCODINGS)
        ):
            raise ValueError(f"encodings must be a tuple of distinct names of {', '.join(ENCODINGS)}")
        if self.default_encoding not in encodings:
            raise ValueError(
                f"default_encoding must be one of {', '.join(encodings)}, not {self.default_encoding!r}"
            )

    def analyze(self, text: str, encoding: str) -> Analysis:
        """``nrs_codec.analyze`` (the active back end) with this profile's gateway options."""
        return analyze(
            text, encoding, allowed=self.encodings, ref16=self.ref16, force_shifts=self.force_shifts
        )
