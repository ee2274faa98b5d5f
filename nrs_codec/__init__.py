"""nrs_codec: how an SMS will be encoded, counted, split and priced, exactly as on the wire.

>>> import nrs_codec
>>> a = nrs_codec.analyze("Olá! A sua encomenda foi enviada.")
>>> a.encoding, a.parts, a.units
('gsm-pt', 1, 33)

The analysis (``analyze``, ``split``) is loaded with the package; batch analysis (``analyze_many``),
wire formats, pre-flight, prices, smart encoding and suggestions load on first use, so that importing the
package to analyse text stays quick (no NumPy, phonenumbers, holidays, pandas or pyarrow).

Two back ends share one API: the compiled extension and the pure-Python reference
(``nrs_codec.core.engine``). ``NRS_CODEC_PUREPYTHON=1`` selects the reference;
``NRS_CODEC_REQUIRE_COMPILED=1`` makes a compiled engine that cannot load an import error instead
of a silent fall-back. ``backend`` names the one in use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from . import _extras
from .core.engine import BACKEND as backend
from .core.engine import analyze, split
from .core.results import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from .core.rules import ALIASES, DEFAULT_ALLOWED, ENCODINGS
from .wire import codecs as _codecs  # noqa: F401  (registers the "gsm03.38", "gsm-pt", ... codecs)

if TYPE_CHECKING:
    from .batch.many import analyze_many
    from .batch.results import NO_ENCODING, Batch, Totals
    from .core.national import national_encodings
    from .core.smart import SmartText, smart_encode
    from .core.suggest import Suggestion, suggest
    from .provider.errors import Notice, ProviderError
    from .provider.preflight import preflight
    from .provider.prices import PriceTable, PriceTableError, example_prices, load_prices, parse_prices
    from .provider.profile import Profile
    from .provider.recipients import Recipient
    from .provider.verdict import Verdict
    from .wire.address import Address
    from .wire.binary import binary_capacity, encode_binary
    from .wire.causes import FailureCause, Status
    from .wire.dcs import DataCoding, MessageWaiting, read_data_coding
    from .wire.pdu import DecodedPdu, decode_pdu, deliver_pdu
    from .wire.reassembler import IncompleteMessage, PartConflict, ReassembledMessage, Reassembler
    from .wire.reports import (
        Command,
        Report,
        StatusReport,
        command_pdu,
        deliver_report_pdu,
        status_report_pdu,
        submit_report_pdu,
    )
    from .wire.segments import ReassemblyError, Segment, encode, reassemble
    from .wire.userdata import Concatenation, DecodedUserData, InformationElement, Ports, decode_user_data
    from .wire.validity import EnhancedValidity

    __version__: str

# Public name -> the module that defines it, imported on first use (PEP 562).
_LAZY = {
    "analyze_many": "batch.many",
    "Batch": "batch.results",
    "NO_ENCODING": "batch.results",
    "Totals": "batch.results",
    "national_encodings": "core.national",
    "smart_encode": "core.smart",
    "SmartText": "core.smart",
    "Suggestion": "core.suggest",
    "suggest": "core.suggest",
    "Notice": "provider.errors",
    "ProviderError": "provider.errors",
    "preflight": "provider.preflight",
    "example_prices": "provider.prices",
    "load_prices": "provider.prices",
    "parse_prices": "provider.prices",
    "PriceTable": "provider.prices",
    "PriceTableError": "provider.prices",
    "Profile": "provider.profile",
    "Recipient": "provider.recipients",
    "Verdict": "provider.verdict",
    "Address": "wire.address",
    "binary_capacity": "wire.binary",
    "encode_binary": "wire.binary",
    "FailureCause": "wire.causes",
    "Status": "wire.causes",
    "DataCoding": "wire.dcs",
    "MessageWaiting": "wire.dcs",
    "read_data_coding": "wire.dcs",
    "decode_pdu": "wire.pdu",
    "DecodedPdu": "wire.pdu",
    "deliver_pdu": "wire.pdu",
    "IncompleteMessage": "wire.reassembler",
    "PartConflict": "wire.reassembler",
    "ReassembledMessage": "wire.reassembler",
    "Reassembler": "wire.reassembler",
    "Command": "wire.reports",
    "command_pdu": "wire.reports",
    "deliver_report_pdu": "wire.reports",
    "Report": "wire.reports",
    "status_report_pdu": "wire.reports",
    "StatusReport": "wire.reports",
    "submit_report_pdu": "wire.reports",
    "encode": "wire.segments",
    "reassemble": "wire.segments",
    "ReassemblyError": "wire.segments",
    "Segment": "wire.segments",
    "Concatenation": "wire.userdata",
    "decode_user_data": "wire.userdata",
    "DecodedUserData": "wire.userdata",
    "InformationElement": "wire.userdata",
    "Ports": "wire.userdata",
    "EnhancedValidity": "wire.validity",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        value: object = version(__name__)
    elif name in _LAZY:
        try:
            module = importlib.import_module(f".{_LAZY[name]}", __name__)
        except ModuleNotFoundError as exc:
            error = _extras.hint(exc, f"nrs_codec.{name}")
            if error is None:
                raise
            raise error from exc
        value = getattr(module, name)
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
    "Command",
    "Concatenation",
    "DataCoding",
    "DecodedPdu",
    "DecodedUserData",
    "EncodingError",
    "EnhancedValidity",
    "FailureCause",
    "IncompleteMessage",
    "InformationElement",
    "InvalidTextError",
    "MessageWaiting",
    "Notice",
    "PartConflict",
    "Ports",
    "PriceTable",
    "PriceTableError",
    "Profile",
    "ProviderError",
    "ReassembledMessage",
    "Reassembler",
    "ReassemblyError",
    "Recipient",
    "Report",
    "Segment",
    "SmartText",
    "Status",
    "StatusReport",
    "Suggestion",
    "TooManyPartsError",
    "Totals",
    "Verdict",
    "__version__",
    "analyze",
    "analyze_many",
    "backend",
    "binary_capacity",
    "command_pdu",
    "decode_pdu",
    "decode_user_data",
    "deliver_pdu",
    "deliver_report_pdu",
    "encode",
    "encode_binary",
    "example_prices",
    "load_prices",
    "national_encodings",
    "parse_prices",
    "preflight",
    "read_data_coding",
    "reassemble",
    "smart_encode",
    "split",
    "status_report_pdu",
    "submit_report_pdu",
    "suggest",
]
