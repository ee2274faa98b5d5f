"""nrs_codec: SMS encoding choice, septet counting and segmentation, exactly as on the wire.

Two back ends share one API: the compiled Cython core and the pure-Python reference.
``NRS_CODEC_PUREPYTHON=1`` selects the reference; ``NRS_CODEC_REQUIRE_COMPILED=1`` makes a missing
or broken compiled core an import error instead of a silent fall-back. ``backend`` names the one in
use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from . import _codec_registry  # noqa: F401  (registers the "gsm03.38" and "gsm-pt" codecs)
from ._model import MAX_PARTS, Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ._rules import ALIASES, DEFAULT_ALLOWED, ENCODINGS
from ._select import select
from .address import Address
from .batch import NO_ENCODING, Batch, Totals
from .binary import binary_capacity, encode_binary
from .causes import FailureCause, Status
from .dcs import DataCoding, MessageWaiting, read_data_coding
from .pdu import DecodedPdu, decode_pdu, deliver_pdu
from .provider import Notice, ProviderError
from .reassembler import IncompleteMessage, PartConflict, ReassembledMessage, Reassembler
from .reports import (
    Command,
    Report,
    StatusReport,
    command_pdu,
    deliver_report_pdu,
    status_report_pdu,
    submit_report_pdu,
)
from .smart import SmartText, smart_encode
from .userdata import Concatenation, DecodedUserData, InformationElement, Ports, decode_user_data
from .validity import EnhancedValidity
from .wire import ReassemblyError, Segment, encode, reassemble

if TYPE_CHECKING:
    from ._preflight import Profile, Recipient, Verdict, preflight
    from .prices import PriceTable, PriceTableError, example_prices, load_prices, parse_prices

_backend = select("_core", "_reference", "core")

backend: str = _backend.BACKEND
analyze = _backend.analyze
analyze_many = _backend.analyze_many


def split(text: str, encoding: str = "auto", **options) -> list[str]:
    """The texts of the parts ``analyze`` finds; ``"".join(split(text)) == text``."""
    return [text[a:b] for a, b in analyze(text, encoding, **options).spans]


# Pre-flight needs phonenumbers and holidays, about 0.1 s to import: it is loaded on first use so
# that importing nrs_codec to analyse text stays quick.
_LAZY = {
    "preflight": "_preflight",
    "Profile": "_preflight",
    "Recipient": "_preflight",
    "Verdict": "_preflight",
    "PriceTable": "prices",
    "PriceTableError": "prices",
    "example_prices": "prices",
    "load_prices": "prices",
    "parse_prices": "prices",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "TooManyPartsError",
    "Totals",
    "Verdict",
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
    "parse_prices",
    "preflight",
    "read_data_coding",
    "reassemble",
    "smart_encode",
    "split",
    "status_report_pdu",
    "submit_report_pdu",
]
