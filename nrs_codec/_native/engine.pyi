"""Type stub of the compiled engine: the same signatures as the pure-Python reference twins
(``nrs_codec.core.reference`` and ``nrs_codec.wire.septets``)."""

from collections.abc import Iterable

from ..batch.results import Batch
from ..core.results import Analysis

BACKEND: str
ROW_ERRORS: tuple[int, int, int, int]

def analyze(
    text: str,
    encoding: str = "auto",
    *,
    allowed: Iterable[str] = ("gsm", "gsm-pt", "utf-16"),
    keep_graphemes: bool = False,
    ref16: bool = False,
    extra_udh: int = 0,
    force_shifts: bool = False,
) -> Analysis: ...
def analyze_many(
    texts: object,
    encoding: str = "auto",
    *,
    allowed: Iterable[str] = ("gsm", "gsm-pt", "utf-16"),
    keep_graphemes: bool = False,
    ref16: bool = False,
    extra_udh: int = 0,
    force_shifts: bool = False,
    workers: int = 1,
) -> Batch: ...
def pack(septets: bytes, fill_bits: int = 0) -> bytes: ...
def unpack(data: bytes, count: int, fill_bits: int = 0) -> bytes: ...
def to_septets(text: str, locking: int, single: int, start: int = 0) -> tuple[bytes, int]: ...
def from_septets(septets: bytes, locking: int, single: int, start: int = 0) -> tuple[str, int]: ...
