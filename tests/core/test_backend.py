"""Back-end selection through the environment, as msgpack does it."""

from __future__ import annotations

import os
import shutil
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


ROOT = HERE.parents[1]


@pytest.fixture(scope="module")
def unbuilt_tree(tmp_path_factory) -> Path:
    """A copy of the source tree as a fresh clone has it: no compiled engine."""
    tree = tmp_path_factory.mktemp("clone")
    skip = shutil.ignore_patterns("*.so", "*.pyd", "*.c", "*.html", "__pycache__")
    shutil.copytree(ROOT / "nrs_codec", tree / "nrs_codec", ignore=skip)
    shutil.copytree(ROOT / "benchmarks", tree / "benchmarks", ignore=skip)
    for name in ("setup.py", "pyproject.toml"):
        shutil.copy(ROOT / name, tree / name)
    return tree


def _in(tree: Path, argv: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NRS_CODEC_") and k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, *argv], env={**clean, **env}, capture_output=True, text=True, timeout=120, cwd=tree
    )


def test_an_unbuilt_source_tree_says_so_once_with_the_command_that_builds_it(unbuilt_tree):
    r = _in(unbuilt_tree, ["-c", "import nrs_codec, nrs_codec.core.engine; print(nrs_codec.backend)"])
    assert r.returncode == 0 and r.stdout.strip() == "reference", r.stderr
    assert r.stderr.count("UnbuiltSourceTreeWarning") == 1
    assert "python setup.py build_ext --inplace" in r.stderr and "pip install -e ." in r.stderr


def test_no_warning_when_the_reference_is_asked_for(unbuilt_tree):
    r = _in(unbuilt_tree, ["-c", "import nrs_codec; print(nrs_codec.backend)"], NRS_CODEC_PUREPYTHON="1")
    assert r.returncode == 0 and r.stdout.strip() == "reference" and r.stderr == ""


def test_no_warning_for_an_installed_package_without_the_engine(tmp_path, unbuilt_tree):
    # An installed package has no setup.py beside it: the fall-back stays quiet there.
    shutil.copytree(unbuilt_tree / "nrs_codec", tmp_path / "nrs_codec")
    r = _in(tmp_path, ["-c", "import nrs_codec; print(nrs_codec.backend)"])
    assert r.returncode == 0 and r.stdout.strip() == "reference" and r.stderr == ""


@pytest.mark.parametrize("script", ["bounded.py", "report.py"])
def test_benchmarks_refuse_the_reference_unless_asked(unbuilt_tree, script):
    r = _in(unbuilt_tree, [f"benchmarks/{script}"], PYTHONPATH=str(unbuilt_tree))
    assert r.returncode != 0
    assert "reference back end" in r.stderr and "python setup.py build_ext --inplace" in r.stderr
    assert "--allow-reference" in r.stderr and "Traceback" not in r.stderr
