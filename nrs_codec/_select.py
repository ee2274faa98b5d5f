"""Choosing between a compiled module and its pure-Python reference twin, as msgpack does.

``NRS_CODEC_PUREPYTHON=1`` selects the reference; ``NRS_CODEC_REQUIRE_COMPILED=1`` turns a compiled
module that cannot load into an import error instead of a silent fall-back (CI sets it, so a broken
build cannot pass as green).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def select(compiled: str, reference: str, what: str) -> ModuleType:
    """The compiled module ``nrs_codec.<compiled>`` unless the environment or a failed build says
    otherwise; ``what`` names it in the error."""
    if os.environ.get("NRS_CODEC_PUREPYTHON"):
        return importlib.import_module(f"nrs_codec.{reference}")
    try:
        return importlib.import_module(f"nrs_codec.{compiled}")
    except ImportError as exc:
        if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
            raise ImportError(
                f"NRS_CODEC_REQUIRE_COMPILED is set but the compiled {what} failed to load: {exc}"
            ) from exc
        return importlib.import_module(f"nrs_codec.{reference}")
