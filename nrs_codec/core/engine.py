"""The engine in use: the compiled extension or its pure-Python reference twin, chosen once.

Everything compiled is one extension, ``nrs_codec._native.engine`` (analysis, the row kernel under
``nrs_codec.batch``, septet packing); its twin is two readable leaf modules beside this one,
``core.reference`` (analysis) and ``core.septets`` (septets and 7-bit packing). As msgpack does:

- ``NRS_CODEC_PUREPYTHON=1`` selects the reference;
- ``NRS_CODEC_REQUIRE_COMPILED=1`` turns an extension that cannot load into an import error instead
  of a silent fall-back (CI sets it, so a broken build cannot pass as green).

Type checkers see the reference's signatures; the extension's stub (``engine.pyi``) matches them.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import TYPE_CHECKING


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
