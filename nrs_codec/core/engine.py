"""The engine in use: the compiled extension or its pure-Python reference twin, chosen once.

Everything compiled is one extension, ``nrs_codec._native.engine`` (analysis, the row kernel under
``nrs_codec.batch``, septet packing); its twin is two readable leaf modules beside this one,
``core.reference`` (analysis) and ``core.septets`` (septets and 7-bit packing). As msgpack does:

- ``NRS_CODEC_PUREPYTHON=1`` selects the reference;
- ``NRS_CODEC_REQUIRE_COMPILED=1`` turns an extension that cannot load into an import error instead
  of a silent fall-back (CI sets it, so a broken build cannot pass as green);
- a source tree (a clone or an unpacked archive) whose extension is not built falls back with one
  ``RuntimeWarning`` that names the command that builds it: Python started in the tree's root
  imports the tree, not the installed package, and would otherwise run hundreds of times slower
  without a word.

Type checkers see the reference's signatures; the extension's stub (``engine.pyi``) matches them.
"""

from __future__ import annotations

import os
import warnings
from types import ModuleType
from typing import TYPE_CHECKING


class UnbuiltSourceTreeWarning(RuntimeWarning):
    """The package was imported from a source tree whose compiled engine is not built."""


def _source_tree() -> str | None:
    """The checkout or unpacked archive this package is imported from, or None when installed."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    found = all(os.path.isfile(os.path.join(root, name)) for name in ("setup.py", "pyproject.toml"))
    return root if found else None


def _load_compiled() -> ModuleType | None:
    if os.environ.get("NRS_CODEC_PUREPYTHON"):
        return None
    try:
        from .._native import engine
    except ImportError as exc:
        if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
            raise ImportError(
                f"NRS_CODEC_REQUIRE_COMPILED is set but the compiled engine failed to load: {exc}"
            ) from exc
        tree = _source_tree()
        if tree is not None:
            warnings.warn(
                f"nrs_codec is imported from the source tree {tree}, whose compiled engine is not built: "
                "the pure-Python reference runs instead, hundreds of times slower. Build it with "
                "`pip install -e .` in that directory (or `python setup.py build_ext --inplace`, once "
                "`pip install 'setuptools>=77' cython` has installed what it needs), or set "
                "NRS_CODEC_PUREPYTHON=1 to use the reference on purpose.",
                UnbuiltSourceTreeWarning,
                stacklevel=2,
            )
        return None
    return engine


compiled = _load_compiled()
"""The compiled extension module, or None when the reference is in use."""

if TYPE_CHECKING or compiled is None:
    from .reference import BACKEND, analyze
    from .septets import from_septets, pack, to_septets, unpack
else:
    from .reference import analyze as _reference_analyze

    BACKEND: str = compiled.BACKEND
    analyze = compiled.analyze
    pack = compiled.pack
    unpack = compiled.unpack
    to_septets = compiled.to_septets
    from_septets = compiled.from_septets
    # One statement of the contract: the compiled functions carry the reference's docstrings.
    analyze.__doc__ = _reference_analyze.__doc__


def split(text: str, encoding: str = "auto", **options: object) -> list[str]:
    """The texts of the parts ``analyze`` finds, in order; ``"".join(split(text)) == text``.

    Takes ``analyze``'s arguments and raises its errors.

    >>> split("a" * 200)[1]
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
    """
    return [text[a:b] for a, b in analyze(text, encoding, **options).spans]  # type: ignore[arg-type]


__all__ = [
    "BACKEND",
    "analyze",
    "compiled",
    "from_septets",
    "pack",
    "split",
    "to_septets",
    "unpack",
]
