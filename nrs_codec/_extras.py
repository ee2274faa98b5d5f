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
    "ftfy": "check",
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


def source() -> tuple[str, bool]:
    """Where pip installs this project from, and whether editable: the source tree this copy runs
    from (editable: its engine built in place), else what pip installed it from (its
    ``direct_url.json``, PEP 610: a tree, editable or not, or a wheel or archive still there);
    ``.`` for the current directory; the project's name where none of them is known."""
    tree = Path(__file__).resolve().parents[1]
    if (tree / "pyproject.toml").is_file() and (tree / "setup.py").is_file():
        found, editable = tree, True
    else:
        try:
            from importlib.metadata import PackageNotFoundError, distribution

            record = json.loads(distribution("nrs_codec").read_text("direct_url.json") or "{}")
        except (PackageNotFoundError, ValueError, AttributeError, OSError):
            record = {}
        url = record.get("url", "") if isinstance(record, dict) else ""
        found = Path(unquote(urlparse(url).path)) if url.startswith("file:") else None
        if found is None or not found.exists():
            return "nrs_codec", False
        editable = bool((record.get("dir_info") or {}).get("editable"))
    try:
        return ("." if os.path.samefile(found, os.getcwd()) else str(found)), editable
    except OSError:
        return str(found), editable


def install(extra: str) -> str:
    """The command that installs ``extra``: ``pip install '.[check]'`` (``-e`` for a tree worked on
    in place, which a plain install would replace with a copy)."""
    target, editable = source()
    return f"pip install {'-e ' if editable else ''}{shlex.quote(f'{target}[{extra}]')}"


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
