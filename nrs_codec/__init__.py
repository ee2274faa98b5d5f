"""nrs_codec: SMS encoding choice, septet counting and segmentation, exactly as on the wire.

Two back ends share one API: the compiled Cython core and the pure-Python reference.
``NRS_CODEC_PUREPYTHON=1`` selects the reference; ``NRS_CODEC_REQUIRE_COMPILED=1`` makes a missing
or broken compiled core an import error instead of a silent fall-back. ``backend`` names the one in
use.
"""

from __future__ import annotations

import os

from ._model import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ._rules import ALIASES, DEFAULT_ALLOWED, ENCODINGS
from .batch import NO_ENCODING, Batch, Totals

if os.environ.get("NRS_CODEC_PUREPYTHON"):
    from . import _reference as _backend
else:
    try:
        from . import _core as _backend
    except ImportError as exc:
        if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
            raise ImportError(
                f"NRS_CODEC_REQUIRE_COMPILED is set but the compiled core failed to load: {exc}"
            ) from exc
        from . import _reference as _backend

backend: str = _backend.BACKEND
analyze = _backend.analyze
analyze_many = _backend.analyze_many


def split(text: str, encoding: str = "auto", **options) -> list[str]:
    """The texts of the parts ``analyze`` finds; ``"".join(split(text)) == text``."""
    return [text[a:b] for a, b in analyze(text, encoding, **options).spans]


__all__ = [
    "ALIASES",
    "DEFAULT_ALLOWED",
    "ENCODINGS",
    "MAX_PARTS",
    "NO_ENCODING",
    "Analysis",
    "Batch",
    "EncodingError",
    "InvalidTextError",
    "TooManyPartsError",
    "Totals",
    "analyze",
    "analyze_many",
    "backend",
    "split",
]
