"""The benchmarks measure the compiled engine: they refuse the pure-Python reference unless asked.

Python started in a checkout's root imports the source tree, which has no compiled engine until it
is built; the reference is hundreds of times slower and a hostile case can take gigabytes, so a
benchmark run on it by accident would report nonsense. ``--allow-reference`` (or
``NRS_CODEC_ALLOW_REFERENCE=1``) measures the reference on purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys

ALLOW_FLAG = "--allow-reference"
ALLOW_ENV = "NRS_CODEC_ALLOW_REFERENCE"
BUILD = "pip install -e .  (or, with setuptools>=77 and cython: python setup.py build_ext --inplace)"


def allowed(argv: list[str] | None = None) -> bool:
    """Whether the reference back end was asked for, on the command line or in the environment."""
    return ALLOW_FLAG in (sys.argv if argv is None else argv) or bool(os.environ.get(ALLOW_ENV))


def refusal(backend: str, who: str) -> str | None:
    """Why ``who`` will not run on ``backend``, or None when it may."""
    if backend == "compiled" or allowed():
        return None
    why = (
        "NRS_CODEC_PUREPYTHON is set"
        if os.environ.get("NRS_CODEC_PUREPYTHON")
        else "the compiled engine is not built"
    )
    return (
        f"{who}: nrs_codec is running on its {backend} back end ({why}), "
        f"so the figures would not be the engine's.\n  Build it: {BUILD}\n"
        f"  Or measure the reference on purpose: {ALLOW_FLAG} or {ALLOW_ENV}=1"
    )


def require_compiled(who: str) -> None:
    """Exit with status 2 and the command that builds the engine unless it is in use here (or
    the reference was asked for)."""
    import nrs_codec

    message = refusal(nrs_codec.backend, who)
    if message:
        sys.exit(message)


def child_backend() -> str:
    """The back end a ``python -c`` child started here imports (the current directory comes first
    on its path, so from a checkout's root it is the source tree's)."""
    out = subprocess.run(
        [sys.executable, "-c", "import nrs_codec; print(nrs_codec.backend)"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return out.stdout.strip()
