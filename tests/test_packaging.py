"""The source distribution is complete: it carries the source data, the generator and the compiled
engine's sources, and it builds and runs on its own, away from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_sdist_builds_installs_and_runs(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (sdist,) = dist.glob("nrs_codec-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        tar.extractall(tmp_path / "src", filter="data")
    for needed in (
        "LICENSE",
        "tables/generate.py",
        "tables/languages.tsv",
        "tables/gsm_default_locking.tsv",
        "tables/country_rules.json",
        "nrs_codec/py.typed",
        "nrs_codec/_native/engine.pyx",
        "nrs_codec/_native/engine.pyi",
        "nrs_codec/_native/lookup.pxi",
        "nrs_codec/provider/example_prices.csv",
        "nrs_codec/service/static/index.html",
        "nrs_codec/service/static/editor.js",
        "nrs_codec/service/static/editor.css",
        "nrs_codec/service/static/docs.html",
        "nrs_codec/service/static/docs.js",
        # The README's commands and links, and the documentation site its test builds.
        "examples/request.json",
        "examples/prices.csv",
        "mkdocs.yml",
        "docs/index.md",
        "docs/sender.md",
        "nrs_codec/web/nrs-codec.js",
        "nrs_codec/web/nrs-codec.global.js",
        "nrs_codec/web/index.d.ts",
        "nrs_codec/web/package.json",
    ):
        assert needed in names, f"{needed} is missing from {sdist.name}"
    assert not [n for n in names if n.endswith((".so", ".c"))], "build output leaked into the sdist"
    assert not [n for n in names if "node_modules" in n], "npm's installs leaked into the sdist"

    (unpacked,) = (tmp_path / "src").iterdir()
    check = subprocess.run(
        [sys.executable, str(unpacked / "tables" / "generate.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(sdist)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NRS_CODEC_")}
    env.update(PYTHONPATH=str(target), NRS_CODEC_REQUIRE_COMPILED="1")
    code = (
        "import json, nrs_codec\n"
        "from importlib import resources\n"
        "a = nrs_codec.analyze('Olá')\n"
        "print(json.dumps([nrs_codec.__file__, nrs_codec.backend, a.encoding, "
        "str(nrs_codec.example_prices().countries['PT']), "
        "(resources.files('nrs_codec') / 'web' / 'nrs-codec.js').read_text()[:40]]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    where, backend, encoding, price, module = json.loads(r.stdout)
    assert module.startswith("// nrs-codec.js"), "the wheel carries the browser engine"
    assert Path(where).is_relative_to(target)
    assert (backend, encoding) == ("compiled", "gsm-pt") and price
