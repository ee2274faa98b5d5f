"""pytest-benchmark runs of ``benchmarks/`` measure the compiled engine, or the reference only when
asked (``--allow-reference`` or ``NRS_CODEC_ALLOW_REFERENCE=1``; see ``engine_check``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_check import ALLOW_ENV, ALLOW_FLAG, refusal  # noqa: E402


def pytest_addoption(parser):
    parser.addoption(ALLOW_FLAG, action="store_true", help=f"measure the reference too ({ALLOW_ENV}=1)")


def pytest_configure(config):
    import nrs_codec

    if config.getoption(ALLOW_FLAG.lstrip("-").replace("-", "_")):
        return
    message = refusal(nrs_codec.backend, "benchmarks")
    if message:
        pytest.exit(message, returncode=2)
