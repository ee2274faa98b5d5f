"""The septet back end in use: the compiled ``_cpacking`` or the reference ``_packing``.

Chosen by the same rules as the analysis back end (see ``nrs_codec/__init__.py``):
``NRS_CODEC_PUREPYTHON=1`` selects the reference, ``NRS_CODEC_REQUIRE_COMPILED=1`` turns a compiled
module that cannot load into an import error.
"""

from __future__ import annotations

from ._packing import ESC
from ._select import select

_impl = select("_cpacking", "_packing", "packing")

__all__ = ["BACKEND", "ESC", "from_septets", "pack", "to_septets", "unpack"]

BACKEND: str = _impl.BACKEND
pack = _impl.pack
unpack = _impl.unpack
to_septets = _impl.to_septets
from_septets = _impl.from_septets
