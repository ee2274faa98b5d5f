"""What ``pip install nrs_codec`` brings, and which extra brings the rest.

The engine (``analyze``, ``split``, ``suggest``, wire formats, codecs) needs only ``regex``. Each
capability beyond it names the extra that installs what it imports, so that a missing package is
an error that says what to install, not a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

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


def hint(exc: ModuleNotFoundError, what: str) -> ModuleNotFoundError | None:
    """``exc`` (a package missing while loading ``what``) restated with the extra to install, or
    None when the missing module is not one an extra brings."""
    missing = (exc.name or "").split(".")[0]
    extra = EXTRA_OF.get(missing)
    if extra is None:
        return None
    error = ModuleNotFoundError(f"{what} needs {missing}: pip install 'nrs_codec[{extra}]'", name=exc.name)
    error.__cause__ = exc
    return error
