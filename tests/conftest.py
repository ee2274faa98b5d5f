"""Shared fixtures: every behavioural test runs on both back ends. The digit automata's cache
goes to a directory of the run's own (the servers and checks the tests start inherit it), never
to the user's ``~/.cache``."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from _backends import COMPILED

if "NRS_CODEC_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="nrs_codec_test_cache_")
    os.environ["NRS_CODEC_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)

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
