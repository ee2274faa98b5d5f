"""What ``pip install nrs_codec`` brings, and which extra brings the rest.

The engine (``analyze``, ``split``, ``suggest``, wire formats, codecs) needs only ``regex``. Each
capability beyond it names the extra that installs what it imports, so that a missing package is
an error that says what to install, not a bare ``ModuleNotFoundError``; the command it gives
installs from where this copy came from (a checkout or an unpacked archive, ``.`` when that is the
current directory), since the project is installed from its source.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from urllib.parse import unquote, urlparse

EXTRA_OF = {
    "numpy": "batch",
    "phonenumbers": "preflight",
    "holidays": "preflight",
    "pycountry": "preflight",
    "pyarrow": "check",
    "tqdm": "check",
    "fastapi": "serve",
    "starlette": "serve",
    "uvicorn": "serve",
    "prometheus_client": "serve",
    "orjson": "serve",
    "dask": "dask",
    "distributed": "dask",
}
"""Top-level module -> the extra of ``pyproject.toml`` that installs it."""

WITHIN = {
    "check": ("batch", "preflight"),
    "serve": ("batch", "preflight"),
    "dask": ("batch", "preflight", "check"),
}
"""Extra -> the extras it includes (``pyproject.toml``: ``check = ["nrs_codec[batch,preflight]", ...]``)."""


def source() -> str:
    """Where pip installs this project from: the source tree this copy runs from, or the one pip
    installed it from (its ``direct_url.json``, PEP 610), ``.`` when that is the current
    directory; its name where neither is known."""
    tree = Path(__file__).resolve().parents[1]
    if not ((tree / "pyproject.toml").is_file() and (tree / "setup.py").is_file()):
        tree = None
        try:
            from importlib.metadata import PackageNotFoundError, distribution

            url = json.loads(distribution("nrs_codec").read_text("direct_url.json") or "{}").get("url", "")
        except (PackageNotFoundError, ValueError, AttributeError, OSError):
            url = ""
        if url.startswith("file:") and Path(unquote(urlparse(url).path)).is_dir():
            tree = Path(unquote(urlparse(url).path))
    if tree is None:
        return "nrs_codec"
    try:
        return "." if os.path.samefile(tree, os.getcwd()) else str(tree)
    except OSError:
        return str(tree)


def install(extra: str) -> str:
    """The command that installs ``extra``: ``pip install '.[check]'``."""
    return f"pip install {shlex.quote(f'{source()}[{extra}]')}"


def hint(exc: ModuleNotFoundError, what: str, needs: str | None = None) -> ModuleNotFoundError | None:
    """``exc`` (a package missing while loading ``what``) restated with the extra to install, or
    None when the missing module is not one an extra brings. ``what`` needing the extra ``needs``
    as a whole (``nrs-codec check``: ``check``), that extra is named where it holds the missing
    one, so that one install brings all it needs."""
    missing = (exc.name or "").split(".")[0]
    extra = EXTRA_OF.get(missing)
    if extra is None:
        return None
    if needs is not None and extra in WITHIN.get(needs, ()):
        extra = needs
    error = ModuleNotFoundError(f"{what} needs {missing}: {install(extra)}", name=exc.name)
    error.__cause__ = exc
    return error
