"""The public API as a user and a type checker meet it: names, docstrings, version, what an import
loads, and real signatures."""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import nrs_codec
from nrs_codec import _extras
from nrs_codec.cli import main

HERE = Path(__file__).resolve().parent
HEAVY = ("numpy", "phonenumbers", "holidays", "pandas", "pyarrow", "dask", "regex")
SERVICE = ("fastapi", "starlette", "pydantic", "uvicorn", "prometheus_client", "orjson")


def run_python(code: str) -> subprocess.CompletedProcess:
    # Outside the checkout, so that the installed package is the one imported.
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=HERE, check=True
    )


def test_every_public_name_exists_and_dir_shows_only_them():
    for name in nrs_codec.__all__:
        assert getattr(nrs_codec, name) is not None, name
    assert dir(nrs_codec) == sorted(nrs_codec.__all__)
    for private in ("TYPE_CHECKING", "annotations", "importlib"):
        assert private not in dir(nrs_codec)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        nrs_codec.nope  # noqa: B018


@pytest.mark.parametrize("name", nrs_codec.__all__)
def test_every_public_function_and_class_has_a_docstring(name):
    value = getattr(nrs_codec, name)
    if callable(value) or inspect.isclass(value):
        doc = inspect.getdoc(value)
        assert doc and len(doc) > 40, f"nrs_codec.{name} needs a docstring"


def test_compiled_and_reference_analyze_share_the_contract_docstring():
    from nrs_codec.core import reference

    assert nrs_codec.analyze.__doc__ == reference.analyze.__doc__
    assert "Raises" in nrs_codec.analyze.__doc__ and ">>> " in nrs_codec.analyze.__doc__


@pytest.mark.parametrize(
    "module",
    [
        "nrs_codec",
        "nrs_codec.core.reference",
        "nrs_codec.core.engine",
        "nrs_codec.core.suggest",
        "nrs_codec.provider.profile",
        "nrs_codec.provider.body",
    ],
)
def test_docstring_examples_hold(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed


def test_version_is_the_package_metadata_and_the_cli_prints_it(capsys):
    assert nrs_codec.__version__ == version("nrs_codec")
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"nrs-codec {nrs_codec.__version__} (") and nrs_codec.backend in out


def test_a_command_looks_the_version_up_only_when_asked():
    """``importlib.metadata`` (10-15 ms to import) is for ``--version`` alone."""
    r = run_python(
        "import sys\n"
        "from nrs_codec.cli import main\n"
        "main(['analyze', 'hi', '--json'])\n"
        "print('importlib.metadata' in sys.modules, file=sys.stderr)\n"
    )
    assert r.stderr.split() == ["False"] and json.loads(r.stdout)


def test_import_and_analyze_load_none_of_the_heavy_dependencies():
    r = run_python(
        "import sys, json, nrs_codec\n"
        "a = nrs_codec.analyze('Olá ж 😀' * 30)\n"
        f"print(json.dumps([a.parts, sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})]))\n"
    )
    parts, loaded = json.loads(r.stdout)
    assert parts == nrs_codec.analyze("Olá ж 😀" * 30).parts and loaded == []


def test_suggestions_and_nrs_codec_analyze_load_nothing_heavy():
    r = run_python(
        "import sys, json, contextlib, io, nrs_codec\n"
        "nrs_codec.suggest('“x” https://example.com/a/long/path/to/somewhere')\n"
        "after_suggest = sorted({m.split('.')[0] for m in sys.modules})\n"
        "from nrs_codec.cli import main\n"
        "after_import = sorted({m.split('.')[0] for m in sys.modules})\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    status = main(['analyze', '“Olá” https://example.com/a/long/path/to/somewhere'])\n"
        "after_cli = sorted({m.split('.')[0] for m in sys.modules})\n"
        "print(json.dumps([after_suggest, after_import, after_cli, status, out.getvalue()]))\n"
    )
    after_suggest, after_import, after_cli, status, printed = json.loads(r.stdout)
    assert status == 0 and "gsm-pt" in printed
    assert set(after_suggest) & set(HEAVY + SERVICE) == set()
    # Every sub-command imports what it needs when it runs (nrs-codec serve its web framework).
    assert set(after_import) & set(HEAVY + SERVICE) == set()
    assert set(after_cli) & set(HEAVY + SERVICE) == set()


def test_the_rest_loads_on_first_use():
    r = run_python(
        "import sys, nrs_codec\n"
        "assert 'phonenumbers' not in sys.modules\n"
        "v = nrs_codec.preflight({'to': ['351912345678'], 'from': 'NRS', 'message': 'Ola'})\n"
        "assert 'phonenumbers' in sys.modules and v.ok\n"
        "assert 'numpy' not in sys.modules\n"
        "assert nrs_codec.analyze_many(['a']).parts[0] == 1 and 'numpy' in sys.modules\n"
        "print('ok')\n"
    )
    assert r.stdout.strip() == "ok"


SNIPPET = """
import nrs_codec

a = nrs_codec.analyze("Olá", allowed=("gsm", "gsm-pt"))
parts: int = a.parts
spans: tuple[tuple[int, int], ...] = a.spans
texts: list[str] = nrs_codec.split("x" * 200)
segments = nrs_codec.encode("Olá", reference=1)
data: bytes = segments[0].user_data
"""


def test_type_checkers_see_real_signatures(tmp_path):
    mypy = shutil.which("mypy")
    assert mypy, "mypy is part of the [test] extra"
    good = tmp_path / "good.py"
    good.write_text(SNIPPET, encoding="utf-8")
    # If analyze were Any to mypy, these would pass too: they must not.
    bad = tmp_path / "bad.py"
    bad.write_text(
        SNIPPET
        + 'wrong: str = a.parts\nnrs_codec.analyze(b"bytes")\nnrs_codec.analyze("x", ref16=1, nope=2)\n',
        encoding="utf-8",
    )
    # The package's own modules are read for their types, their errors are not this test's.
    config = tmp_path / "mypy.ini"
    config.write_text(
        "[mypy]\nstrict = True\n[mypy-nrs_codec.*]\nfollow_imports = silent\n", encoding="utf-8"
    )
    options = ["--config-file", str(config), "--no-incremental", "--cache-dir", str(tmp_path / "cache")]
    # An editable install's import hook is not followed by mypy: point it at the checkout. An
    # installed package (CI) is found in site-packages, which must not be on MYPYPATH.
    home = Path(nrs_codec.__file__).parents[1]
    env = dict(os.environ)
    if home.name != "site-packages":
        env["MYPYPATH"] = str(home)

    def mypy_on(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [mypy, *options, str(path)], capture_output=True, text=True, cwd=tmp_path, timeout=300, env=env
        )

    ok = mypy_on(good)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    ko = mypy_on(bad)
    assert ko.returncode == 1
    assert (
        'Incompatible types in assignment (expression has type "int", variable has type "str")' in ko.stdout
    )
    assert 'Argument 1 to "analyze" has incompatible type "bytes"' in ko.stdout
    assert 'Unexpected keyword argument "nope"' in ko.stdout


BLOCK = (
    "import sys, importlib.abc\n"
    "class Block(importlib.abc.MetaPathFinder):\n"
    "    def find_spec(self, name, path, target=None):\n"
    "        if name.split('.')[0] in {missing!r}:\n"
    "            raise ModuleNotFoundError(f'No module named {{name!r}}', name=name)\n"
    "sys.meta_path.insert(0, Block())\n"
)


def test_a_light_install_analyses_and_names_the_extra_for_the_rest(tmp_path):
    # As `pip install .` without extras: the packages of every extra cannot be imported.
    (tmp_path / "c.csv").write_text("message\nhi\n", encoding="utf-8")
    r = run_python(
        BLOCK.format(missing=("numpy", "phonenumbers", "holidays", "pycountry", "pyarrow", "fastapi"))
        + "import json, nrs_codec\n"
        "out = [nrs_codec.analyze('Olá ж').parts, nrs_codec.suggest('“Olá”')[0].kind]\n"
        "for name, call in [('preflight', lambda: nrs_codec.preflight({})),\n"
        "                   ('analyze_many', lambda: nrs_codec.analyze_many(['a']))]:\n"
        "    try:\n"
        "        call()\n"
        "    except ModuleNotFoundError as exc:\n"
        "        out.append(str(exc))\n"
        "from nrs_codec.cli import main\n"
        "out.append(main(['preflight', '-']))\n"
        f"out.append(main(['check', {str(tmp_path / 'c.csv')!r}]))\n"
        f"out.append(main(['check', {str(tmp_path / 'c.csv')!r}, '--dask', 'local:1']))\n"
        "print(json.dumps(out))\n"
    )
    parts, kind, preflight, many, status, check_status, dask_status = json.loads(r.stdout.splitlines()[-1])
    assert (parts, kind) == (1, "smart-encoding")
    # The project is installed from its source, not an index: the command installs from the
    # checkout this copy came from (pip's record of it; the tree itself for an editable install).
    source = "(?:-e )?'" + re.escape(str(HERE.parent))  # -e where the tree is worked on in place
    assert re.fullmatch(
        rf"nrs_codec.preflight needs (phonenumbers|holidays|pycountry): pip install {source}\[preflight\]'",
        preflight,
    )
    assert re.fullmatch(rf"nrs_codec.analyze_many needs numpy: pip install {source}\[batch\]'", many)
    lines = r.stderr.splitlines()
    assert status == 2 and re.fullmatch(
        rf"nrs-codec preflight needs \w+: pip install {source}\[preflight\]'", lines[0]
    )
    # A command names the extra it needs whole, not numpy's [batch] and then [preflight] in turn.
    assert check_status == 2 and re.fullmatch(
        rf"nrs-codec check needs \w+: pip install {source}\[check\]'", lines[1]
    )
    # With --dask, dask's extra, which holds check's: not [check] and then [dask].
    assert dask_status == 2 and re.fullmatch(
        rf"nrs-codec check needs \w+: pip install {source}\[dask\]'", lines[2]
    )


def test_a_batch_without_pandas_or_pyarrow_names_what_to_install(tmp_path):
    # The [batch] extra (numpy) analyses; a DataFrame or a Table needs a package it does not
    # bring, which the error names (it was a bare ModuleNotFoundError from inside the method).
    r = run_python(
        BLOCK.format(missing=("pandas", "pyarrow")) + "import json, nrs_codec\n"
        "batch = nrs_codec.analyze_many(['Olá', 'ж'])\n"
        "out = [batch.parts.tolist()]\n"
        "for call in (batch.to_pandas, batch.to_arrow):\n"
        "    try:\n"
        "        call()\n"
        "    except ModuleNotFoundError as exc:\n"
        "        out.append(str(exc))\n"
        "print(json.dumps(out))\n"
    )
    parts, pandas, arrow = json.loads(r.stdout.splitlines()[-1])
    assert parts == [1, 1] and pandas == "Batch.to_pandas needs pandas: pip install pandas"
    source = "(?:-e )?'" + re.escape(str(HERE.parent))
    assert re.fullmatch(rf"Batch.to_arrow needs pyarrow: pip install {source}\[check\]'", arrow)


def test_the_extras_within_an_extra_are_pyprojects():
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((HERE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = extras["optional-dependencies"]

    def within(extra: str) -> set[str]:
        found = set()
        for requirement in extras[extra]:
            if m := re.fullmatch(r"nrs_codec\[([\w,]+)\]", requirement):
                for inner in m.group(1).split(","):
                    found |= {inner} | within(inner)
        return found

    assert {name: set(inner) for name, inner in _extras.WITHIN.items()} == {
        name: within(name) for name in _extras.WITHIN
    }
    assert set(_extras.EXTRA_OF.values()) <= set(extras)
    for name in extras:
        assert within(name) <= set(_extras.WITHIN.get(name, ())) or name in ("all", "arrow", "test")


def test_the_install_command_follows_where_this_copy_came_from(tmp_path, monkeypatch):
    import importlib.metadata

    # An installed copy (not a source tree), and what pip recorded of where it came from.
    site = tmp_path / "site-packages" / "nrs_codec"
    site.mkdir(parents=True)
    monkeypatch.setattr(_extras, "__file__", str(site / "_extras.py"))
    wheel = tmp_path / "dist" / "nrs_codec-1.0-cp311-cp311-linux_x86_64.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK")
    tree = tmp_path / "my checkout"  # a space: the command quotes it
    tree.mkdir()
    record: dict | None = None

    class Distribution:
        def read_text(self, name):
            return None if record is None else json.dumps(record)

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Distribution())
    cases = [
        ({"url": wheel.as_uri(), "archive_info": {}}, f"pip install '{wheel}[check]'"),
        ({"url": tree.as_uri(), "dir_info": {}}, f"pip install '{tree}[check]'"),
        ({"url": tree.as_uri(), "dir_info": {"editable": True}}, f"pip install -e '{tree}[check]'"),
        ({"url": (tmp_path / "gone.whl").as_uri(), "archive_info": {}}, "pip install 'nrs_codec[check]'"),
        (
            {"url": "https://example.org/nrs_codec-1.0.tar.gz", "archive_info": {}},
            "pip install 'nrs_codec[check]'",
        ),
        (None, "pip install 'nrs_codec[check]'"),  # from an index, or by a tool that records nothing
    ]
    for record, command in cases:
        assert _extras.install("check") == command, record
    record = {"url": tree.as_uri(), "dir_info": {"editable": True}}
    monkeypatch.chdir(tree)
    assert _extras.install("dask") == "pip install -e '.[dask]'"
