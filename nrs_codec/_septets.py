"""The septet back end in use: the compiled ``_cpacking`` or the reference ``_packing``.

Chosen by the same rules as the analysis back end (see ``nrs_codec/__init__.py``):
``NRS_CODEC_PUREPYTHON=1`` selects the reference, ``NRS_CODEC_REQUIRE_COMPILED=1`` turns a compiled
module that cannot load into an import error.
"""

from __future__ import annotations

import os

from ._packing import ESC

if os.environ.get("NRS_CODEC_PUREPYTHON"):
    from . import _packing as _impl
else:
    try:
        from . import _cpacking as _impl
    except ImportError as exc:
        if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
            raise ImportError(
                f"NRS_CODEC_REQUIRE_COMPILED is set but the compiled packing failed to load: {exc}"
            ) from exc
        from . import _packing as _impl

__all__ = ["BACKEND", "ESC", "from_septets", "pack", "to_septets", "unpack"]

BACKEND: str = _impl.BACKEND
pack = _impl.pack
unpack = _impl.unpack
to_septets = _impl.to_septets
from_septets = _impl.from_septets
