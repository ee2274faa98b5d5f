"""The browser engine as a package: its generated parts are current, node's own tests pass
(``node --test``), its types compile (``tsc --noEmit``) and ``package.json`` is ready to publish."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess

from _node import ROOT, WEB, node_modules


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "tables" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_tables_classic_script_and_standalone_editor_are_current():
    gen = _generator()
    outputs = gen.outputs()
    for target in (gen.WEB_TARGET, gen.WEB_GLOBAL_TARGET, gen.EDITOR_TARGET):
        assert outputs[target] == target.read_text(encoding="utf-8"), (
            f"{target.name} is stale: run tables/generate.py"
        )


def test_a_table_change_reaches_the_module():
    gen = _generator()
    module = gen.WEB_TARGET.read_text(encoding="utf-8")
    stale = module.replace("0x00A3, 0x0024", "0x00A3, 0x0025", 1)
    assert stale != module and gen.render_web(stale) == module


def test_node_test_runner_passes(node):
    r = subprocess.run([node, "--test", "test/"], cwd=WEB, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_types_compile_with_tsc(node):
    tsc = node_modules() / "typescript" / "bin" / "tsc"
    r = subprocess.run(
        [node, str(tsc), "--noEmit", "-p", "."], cwd=WEB, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_package_json_is_ready_to_publish():
    pkg = json.loads((WEB / "package.json").read_text(encoding="utf-8"))
    version = re.search(
        r'^version = "(.*)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M
    ).group(1)
    assert pkg["version"] == version and pkg["type"] == "module" and pkg["license"] == "MIT"
    assert pkg["exports"]["."] == {
        "types": "./index.d.ts",
        "import": "./nrs-codec.js",
        "default": "./nrs-codec.js",
    }
    assert pkg["types"] == "./index.d.ts" and pkg["engines"] == {"node": ">=18"}
    assert not pkg.get("dependencies"), "the module has no dependencies"
    for name in pkg["files"]:
        assert (WEB / name).is_file(), name
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"] == pkg["devDependencies"]
