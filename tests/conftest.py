"""Shared fixtures: every behavioural test runs on both back ends."""

from __future__ import annotations

import importlib
import os

import pytest

from nrs_codec import _reference


def _compiled():
    try:
        return importlib.import_module("nrs_codec._core")
    except ImportError:
        if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
            raise
        return None


COMPILED = _compiled()
BACKENDS = [_reference] + ([COMPILED] if COMPILED is not None else [])


@pytest.fixture(params=["reference", "compiled"])
def impl(request):
    """The back-end module (``analyze`` is its entry point); compiled is skipped only when the
    core is not built and NRS_CODEC_REQUIRE_COMPILED is unset."""
    if request.param == "reference":
        return _reference
    if COMPILED is None:
        pytest.skip("compiled core not built")
    return COMPILED
