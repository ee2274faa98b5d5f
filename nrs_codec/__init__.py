"""nrs_codec: how an SMS will be encoded, counted, split and priced, exactly as on the wire.

>>> import nrs_codec
>>> a = nrs_codec.analyze("Olá! A sua encomenda foi enviada.")
>>> a.encoding, a.parts, a.units
('gsm-pt', 1, 33)

The analysis (``analyze``, ``split``, ``analyze_many``) is loaded with the package; wire formats,
pre-flight, prices, batch results, smart encoding and suggestions load on first use, so that importing the
package to analyse text stays quick (no NumPy, phonenumbers, holidays, pandas or pyarrow).

Two back ends share one API: the compiled extension and the pure-Python reference
(``nrs_codec.core.engine``). ``NRS_CODEC_PUREPYTHON=1`` selects the reference;
``NRS_CODEC_REQUIRE_COMPILED=1`` makes a compiled engine that cannot load an import error instead
of a silent fall-back. ``backend`` names the one in use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .core.engine import BACKEND as backend
from .core.engine import analyze, analyze_many, split
from .core.results import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from .core.rules import ALIASES, DEFAULT_ALLOWED, ENCODINGS
from .wire import codecs as _codecs  # noqa: F401  (registers the "gsm03.38", "gsm-pt", ... codecs)

if TYPE_CHECKING:
    from .batch.results import NO_ENCODING, Batch, Totals
    from .core.smart import SmartText, smart_encode
    from .core.suggest import Suggestion, suggest
    from .provider.errors import Notice, ProviderError
    from .provider.preflight import preflight
    from .provider.prices import PriceTable, PriceTableError, example_prices, load_prices, parse_prices
    from .provider.profile import Profile
    from .provider.recipients import Recipient
    from .provider.verdict import Verdict
    from .wire.pdu import Address, DecodedPdu, decode_pdu
    from .wire.segments import ReassemblyError, Segment, encode, reassemble
    from .wire.userdata import Concatenation, DecodedUserData, InformationElement, decode_user_data

    __version__: str

# Public name -> the module that defines it, imported on first use (PEP 562).
_LAZY = {
    "NO_ENCODING": "batch.results",
    "Batch": "batch.results",
    "Totals": "batch.results",
    "SmartText": "core.smart",
    "smart_encode": "core.smart",
    "Suggestion": "core.suggest",
    "suggest": "core.suggest",
    "Notice": "provider.errors",
    "ProviderError": "provider.errors",
    "preflight": "provider.preflight",
    "PriceTable": "provider.prices",
    "PriceTableError": "provider.prices",
    "example_prices": "provider.prices",
    "load_prices": "provider.prices",
    "parse_prices": "provider.prices",
    "Profile": "provider.profile",
    "Recipient": "provider.recipients",
    "Verdict": "provider.verdict",
    "Address": "wire.pdu",
    "DecodedPdu": "wire.pdu",
    "decode_pdu": "wire.pdu",
    "ReassemblyError": "wire.segments",
    "Segment": "wire.segments",
    "encode": "wire.segments",
    "reassemble": "wire.segments",
    "Concatenation": "wire.userdata",
    "DecodedUserData": "wire.userdata",
    "InformationElement": "wire.userdata",
    "decode_user_data": "wire.userdata",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        value: object = version(__name__)
    elif name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ALIASES",
    "DEFAULT_ALLOWED",
    "ENCODINGS",
    "MAX_PARTS",
    "NO_ENCODING",
    "Address",
    "Analysis",
    "Batch",
    "Concatenation",
    "DecodedPdu",
    "DecodedUserData",
    "EncodingError",
    "InformationElement",
    "InvalidTextError",
    "Notice",
    "PriceTable",
    "PriceTableError",
    "Profile",
    "ProviderError",
    "ReassemblyError",
    "Recipient",
    "Segment",
    "SmartText",
    "Suggestion",
    "TooManyPartsError",
    "Totals",
    "Verdict",
    "__version__",
    "analyze",
    "analyze_many",
    "backend",
    "decode_pdu",
    "decode_user_data",
    "encode",
    "example_prices",
    "load_prices",
    "parse_prices",
    "preflight",
    "reassemble",
    "smart_encode",
    "split",
    "suggest",
]
