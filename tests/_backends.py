"""The back-end modules under test: the reference always, the compiled core when it is built.

With NRS_CODEC_REQUIRE_COMPILED set (CI), a core that fails to import fails the run instead of
being skipped.
"""

from __future__ import annotations

import importlib
import os

from nrs_codec.core import reference as _reference


def _compiled():
    try:
        return importlib.import_module("nrs_codec._native.engine")
    except ImportError:
        if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
            raise
        return None


COMPILED = _compiled()
BACKENDS = [_reference] + ([COMPILED] if COMPILED is not None else [])
