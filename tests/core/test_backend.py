"""Back-end selection through the environment, as msgpack does it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _backends import COMPILED

HERE = Path(__file__).resolve().parent


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NRS_CODEC_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=HERE,  # not the checkout: the installed package is under test
    )


def test_purepython_selects_the_reference():
    r = run(
        "import nrs_codec; print(nrs_codec.backend, nrs_codec.analyze.__module__)", NRS_CODEC_PUREPYTHON="1"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["reference", "nrs_codec.core.reference"]


@pytest.mark.skipif(COMPILED is None, reason="compiled core not built")
def test_compiled_is_the_default_when_built():
    r = run("import nrs_codec; print(nrs_codec.backend)", NRS_CODEC_REQUIRE_COMPILED="1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "compiled"


def test_require_compiled_fails_loudly_when_the_core_cannot_load():
    # Block the extension module from importing, as a failed build would.
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'nrs_codec._native.engine': raise ImportError('simulated broken build')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import nrs_codec\n"
        "print(nrs_codec.backend)\n"
    )
    loud = run(code, NRS_CODEC_REQUIRE_COMPILED="1")
    assert loud.returncode != 0
    assert "NRS_CODEC_REQUIRE_COMPILED is set but the compiled engine failed to load" in loud.stderr
    quiet = run(code)
    assert quiet.returncode == 0 and quiet.stdout.strip() == "reference"
