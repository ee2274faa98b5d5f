"""The checkout is ruff-clean (lint and format), as STYLE.md asks; CI would catch a drift."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command):
    ruff = shutil.which("ruff")
    assert ruff, "ruff is part of the [test] extra"
    # The project's own sources only: never build output, a virtual environment or anything else a
    # checkout without .git (an unpacked archive) may hold beside them.
    sources = [
        p for p in ("nrs_codec", "tests", "benchmarks", "tables", "fuzz", "setup.py") if (ROOT / p).exists()
    ]
    r = subprocess.run([ruff, *command, *sources], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
