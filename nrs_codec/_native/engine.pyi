"""Type stub of the compiled engine: the same signatures as the pure-Python reference twins
(``nrs_codec.core.reference`` and ``nrs_codec.core.septets``)."""

from collections.abc import Iterable, Sequence

from ..core.results import Analysis
from ..core.rules import Options

BACKEND: str
SIMD: bool

def analyze(
    text: str,
    encoding: str = "auto",
    *,
    allowed: Iterable[str] = ...,
    keep_graphemes: bool = False,
    ref16: bool = False,
    extra_udh: int = 0,
    force_shifts: bool = False,
) -> Analysis: ...

class RowJob:
    def run(self, start: int, stop: int) -> bool: ...

PENDING: int

def row_plan(options: Options) -> object: ...
def str_rows(p: object, cols: dict[str, object], values: Sequence[object], first: int) -> RowJob: ...
def arrow_rows(p: object, cols: dict[str, object], array: object, large: bool, first: int) -> RowJob: ...
def pack(septets: bytes, fill_bits: int = 0) -> bytes: ...
def unpack(data: bytes, count: int, fill_bits: int = 0) -> bytes: ...
def to_septets(text: str, locking: int, single: int, start: int = 0) -> tuple[bytes, int]: ...
def from_septets(septets: bytes, locking: int, single: int, start: int = 0) -> tuple[str, int]: ...

# The bytes of campaign files (filebytes.pxi), for nrs_codec.campaign.filebytes.
def utf8_upto(data: bytes, end: int) -> int: ...
def count_byte(data: bytes, byte: int) -> int: ...
def json_rows(data: bytes) -> tuple[int, int]: ...
def json_row_end(data: bytes, k: int) -> int: ...
def transcode_bytes(data: bytes, table: bytes, ascii_same: bool) -> bytes | None: ...
def csv_records(
    data: bytes, delimiter: int, at_end: bool
) -> list[tuple[int, bool, int | None, int | None]]: ...
def csv_quote_carry(data: bytes, delimiter: int, carry: int) -> int: ...
def csv_quote_end(carry: int) -> bool: ...

# Recipients a column at a time (numbers.pxi), for nrs_codec.provider.recipients_many.
def number_codes(
    offsets: object, data: object, validity: object | None, first_bit: int, known: object, code: object
) -> None: ...
def judge_numbers(
    offsets: object,
    data: object,
    code: object,
    transitions: object,
    accepts: object,
    starts: object,
    program: object,
    region: object,
    group: object,
    code_program: object,
    found: object,
    valid: object,
    alone: object,
) -> None: ...
def longest_prefixes(
    offsets: object,
    data: object,
    validity: object | None,
    first_bit: int,
    trie: object,
    ends: object,
    out: object,
) -> None: ...

# The CSV output's lines (csvlines.pxi), for nrs_codec.campaign.csv_text.
def csv_lines(columns: list[tuple], rows: int, out: object, ends: object | None = None) -> int: ...

# What a block's recipients and prices add to a check (tally.pxi), for nrs_codec.campaign.account.
def tally_rows(
    error: object,
    valid: object,
    country: object,
    names: int,
    which: object | None,
    prices: int,
    parts: object,
    units: object | None,
    no_recipient: int,
    ids: object,
    priced: object | None,
    rows_by_country: object | None,
    unpriced: object | None,
    part_sums: object | None,
    cost: object | None,
) -> None: ...

# The rows whose message is empty or only whitespace (blank.pxi), for nrs_codec.campaign.blank.
def blank_rows_mask(offsets: object, data: object, text: object, blank: object) -> None: ...
