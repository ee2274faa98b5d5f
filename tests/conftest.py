"""Shared fixtures: every behavioural test runs on both back ends."""

from __future__ import annotations

import pytest
from _backends import COMPILED

from nrs_codec.core import reference as _reference


@pytest.fixture(params=["reference", "compiled"])
def impl(request):
    """The back-end module (``analyze`` is its entry point); compiled is skipped only when the
    core is not built and NRS_CODEC_REQUIRE_COMPILED is unset."""
    if request.param == "reference":
        return _reference
    if COMPILED is None:
        pytest.skip("compiled core not built")
    return COMPILED
