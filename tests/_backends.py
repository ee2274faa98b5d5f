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


class Engine:
    """An engine module, with batch's ``analyze_many`` run on it: the differential tests hold
    the compiled row kernel and the reference's row-by-row path to the same results."""

    def __init__(self, module):
        self.module = module

    def __getattr__(self, name):
        return getattr(self.module, name)

    def __reduce__(self):  # a pool's child gets the same engine by name
        return (_engine_named, (self.module.__name__,))

    def analyze_many(self, texts, encoding="auto", **options):
        from nrs_codec.batch.many import analyze_many_on
        from nrs_codec.core.rules import Options

        workers = options.pop("workers", 1)
        return analyze_many_on(self.module, texts, Options.of(encoding, **options), workers)


def _engine_named(name: str) -> Engine:
    return Engine(importlib.import_module(name))
