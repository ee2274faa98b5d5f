"""``nrs-codec check FILE``: a whole campaign file checked before it is sent, in bounded memory.

The file (CSV, JSON Lines or Parquet, by suffix or ``--format``) is read in blocks of rows; each
block's message column goes through ``analyze_many`` (Arrow columns straight from their UTF-8
buffers), its counts are added to a running ``Report``, and ``--output`` receives its per-row
results, so memory depends on the block size, not on the file. The summary gives rows, encodings,
the parts histogram, total parts, the rows with errors and why, and, with ``--to-column`` and
``--prices``, the cost by country.

Errors per row use the provider's codes (see ``nrs_codec.batch``), plus 102 for a recipient that
is not a valid MSISDN and 422 for a malformed row (a CSV row with the wrong number of fields, a
JSON Lines line that is not a JSON object). A malformed CSV row cannot be parsed into fields, so it
is counted and listed in the summary but has no line in ``--output``; row numbers there are
1-based data rows (the header is not a row). In CSV an empty field is a missing value (104): CSV
cannot tell an empty message from an absent one.

Prices go through one small interface, ``PriceLookup``: a callable taking a recipient MSISDN and
returning a ``PriceQuote(country, price per part, currency)``, or ``None`` when it has no price
for it. ``load_price_table`` builds one from a pre-flight price table (``nrs_codec.prices``), with
countries found by ``country_of`` (``phonenumbers``); any other price source can be passed to
``run_check`` as a ``PriceLookup``.

Reading files needs pyarrow (``pip install 'nrs_codec[arrow]'``); the progress bar on a terminal
comes from ``tqdm``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from . import analyze_many
from ._cli_options import add_encoding_options, encoding_options
from ._rules import ENCODINGS
from .batch import ERRORS, Totals

FORMATS = {".csv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
BLOCK_ROWS = 65536
CSV_BLOCK_BYTES = 1 << 20
NO_RECIPIENT = 102
MALFORMED = 422
ROW_ERRORS = {
    **ERRORS,
    NO_RECIPIENT: "no valid recipient (not an MSISDN with country code)",
    MALFORMED: "input validation error (a malformed row, or a message that is not text)",
}
EXAMPLES_PER_ERROR = 5


class CheckError(Exception):
    """The file cannot be checked at all: the command exits with status 2 and this message."""


class PriceQuote(NamedTuple):
    """The price of one SMS part to one recipient."""

    country: str
    price: Decimal
    currency: str


PriceLookup = Callable[[str], "PriceQuote | None"]


# --------------------------------------------------------------------------------------------
# Recipients and prices


def country_of(msisdn: str) -> str | None:
    """ISO 3166 alpha-2 country of an MSISDN written as the provider wants it (country code and
    number, digits only, no ``+``); None when it is not one."""
    import phonenumbers

    digits = msisdn.strip().removeprefix("+")
    # E.164: at most 15 digits; no country code starts with 0 (a national trunk prefix does).
    if not digits.isdigit() or not 8 <= len(digits) <= 15 or digits[0] == "0":
        return None
    for size in (1, 2, 3):
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size]))
        if regions:
            break
    else:
        return None
    if len(regions) == 1 and regions[0] != phonenumbers.UNKNOWN_REGION:
        return regions[0]  # one country behind this code: no need to parse the number
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region if region and region != phonenumbers.UNKNOWN_REGION else None


def load_price_table(path: str) -> PriceLookup:
    """A ``PriceLookup`` from a pre-flight price table (``nrs_codec.load_prices``: CSV
    ``destination,price,currency`` or JSON, a destination being a country or an E.164 prefix, the
    longest prefix winning over the country)."""
    from .prices import PriceTableError, load_prices

    try:
        table = load_prices(path)
    except PriceTableError as exc:  # names the file and line already
        raise CheckError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckError(f"cannot read price table {path}: {exc}") from None

    def lookup(recipient: str) -> PriceQuote | None:
        country = country_of(recipient)
        price = table.lookup(recipient.strip().removeprefix("+"), country)
        return None if price is None or country is None else PriceQuote(country, price.amount, price.currency)

    return lookup


# --------------------------------------------------------------------------------------------
# Reading blocks of rows


@dataclass
class Block:
    """Rows of the file: their messages, recipients (or None), and 1-based data row numbers."""

    messages: object
    recipients: list | None
    rows: np.ndarray
    malformed: dict[int, str] = field(default_factory=dict)  # row -> why, for rows in this block


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.csv
        import pyarrow.parquet
    except ImportError:
        raise CheckError("reading campaign files needs pyarrow: pip install 'nrs_codec[arrow]'") from None
    return pyarrow


def _missing_column(path: str, column: str, names: list[str]) -> CheckError:
    shown = ", ".join(repr(n) for n in names) or "none"
    return CheckError(f"{path}: no column {column!r} (columns: {shown})")


def _decode(values: list) -> list:
    return [None if v is None else v.decode("utf-8", "replace") for v in values]


def _csv_blocks(path, message_column, to_column, progress, delimiter=",") -> Iterator[Block]:
    pa = _pyarrow()
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if not head.strip():
        raise CheckError(f"{path} is empty: expected a header line and rows")
    first_line = head.decode("utf-8-sig", "replace").splitlines()[0]
    header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
    for column in filter(None, (message_column, to_column)):
        if column not in header:
            raise _missing_column(path, column, header)
    skipped: dict[int, str] = {}

    def on_invalid(row) -> str:
        # ``number`` counts the header as record 1; data rows are numbered from 1.
        fields = f"{row.actual_columns} fields, expected {row.expected_columns}"
        skipped[row.number - 1] = f"malformed CSV row: {fields}"
        return "skip"

    columns = [c for c in (message_column, to_column) if c]
    # Binary, not string: an ill-formed UTF-8 message is that row's error (422), not the file's.
    convert = pa.csv.ConvertOptions(
        include_columns=columns, column_types={c: pa.binary() for c in columns}, strings_can_be_null=True
    )
    read = pa.csv.ReadOptions(block_size=CSV_BLOCK_BYTES, use_threads=False)
    parse = pa.csv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid, newlines_in_values=True)
    next_row = 1
    with open(path, "rb") as f:
        try:
            reader = pa.csv.open_csv(f, read_options=read, parse_options=parse, convert_options=convert)
            for record_batch in reader:
                n = record_batch.num_rows
                candidates = np.arange(next_row, next_row + n + len(skipped), dtype=np.int64)
                rows = candidates[~np.isin(candidates, list(skipped))][:n] if skipped else candidates[:n]
                last = int(rows[-1]) if n else next_row - 1
                here = {r: why for r, why in skipped.items() if r <= last}
                for r in here:
                    del skipped[r]
                next_row = last + 1
                messages = record_batch.column(message_column).view(pa.string())
                recipients = _decode(record_batch.column(to_column).to_pylist()) if to_column else None
                yield Block(messages, recipients, rows, here)
                progress(f.tell())
        except (pa.ArrowInvalid, pa.ArrowKeyError) as exc:
            raise CheckError(f"{path}: cannot read CSV near row {next_row}: {exc}") from None
    if skipped:
        yield Block([], [] if to_column else None, np.zeros(0, dtype=np.int64), skipped)


def _jsonl_blocks(path, message_column, to_column, progress, delimiter=None) -> Iterator[Block]:
    messages: list = []
    recipients: list = []
    rows: list[int] = []
    malformed: dict[int, str] = {}
    next_row = 1
    consumed = 0
    first = True

    def block() -> Block:
        return Block(messages, recipients if to_column else None, np.array(rows, dtype=np.int64), malformed)

    with open(path, "rb") as f:
        for line in f:
            consumed += len(line)
            if not line.strip():
                continue
            row, next_row = next_row, next_row + 1
            rows.append(row)
            try:
                obj = json.loads(line)
            except ValueError as exc:
                obj = exc
            if first and isinstance(obj, dict):
                for column in filter(None, (message_column, to_column)):
                    if column not in obj:
                        raise _missing_column(path, column, list(obj))
                first = False
            if isinstance(obj, dict):
                messages.append(obj.get(message_column))
                to = obj.get(to_column) if to_column else None
                recipients.append(None if to is None else str(to))
            else:
                malformed[row] = f"invalid JSON: {obj}" if isinstance(obj, Exception) else "not a JSON object"
                messages.append(obj if isinstance(obj, Exception) else line)  # not text: error 422
                recipients.append(None)
            if len(rows) == BLOCK_ROWS:
                yield block()
                progress(consumed)
                messages, recipients, rows, malformed = [], [], [], {}
    if next_row == 1:
        raise CheckError(f"{path} is empty: expected one JSON object per line")
    yield block()
    progress(consumed)


def _parquet_blocks(path, message_column, to_column, progress, delimiter=None) -> Iterator[Block]:
    pa = _pyarrow()
    try:
        pf = pa.parquet.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise CheckError(f"{path}: not a readable Parquet file: {exc}") from None
    names = pf.schema_arrow.names
    for column in filter(None, (message_column, to_column)):
        if column not in names:
            raise _missing_column(path, column, names)
    columns = [c for c in (message_column, to_column) if c]
    next_row = 1
    for record_batch in pf.iter_batches(batch_size=BLOCK_ROWS, columns=columns):
        n = record_batch.num_rows
        messages = record_batch.column(message_column)
        if pa.types.is_binary(messages.type) or pa.types.is_large_binary(messages.type):
            large = pa.types.is_large_binary(messages.type)
            messages = messages.view(pa.large_string() if large else pa.string())
        recipients = None
        if to_column:
            recipients = [None if v is None else str(v) for v in record_batch.column(to_column).to_pylist()]
        yield Block(messages, recipients, np.arange(next_row, next_row + n, dtype=np.int64))
        next_row += n
        progress(next_row - 1)


READERS = {"csv": _csv_blocks, "jsonl": _jsonl_blocks, "parquet": _parquet_blocks}


def file_format(path: str, given: str | None) -> str:
    """The format named by ``--format``, else by the file's suffix."""
    if given:
        return given
    suffix = os.path.splitext(path.removesuffix(".gz"))[1].lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise CheckError(f"{path}: cannot tell the format from the suffix {suffix!r} ({known}); use --format")
    return FORMATS[suffix]


# --------------------------------------------------------------------------------------------
# Running totals and per-row output


@dataclass
class Report:
    """What a check found: totals over the rows, costs by country, and examples of each error."""

    path: str
    totals: Totals = field(default_factory=Totals)
    errors: Counter = field(default_factory=Counter)
    examples: dict[int, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    parts_by_price: Counter = field(default_factory=Counter)  # (country, currency, price) -> parts
    rows_by_country: Counter = field(default_factory=Counter)
    unpriced: Counter = field(default_factory=Counter)  # country -> rows without a price
    priced: bool = False
    unparsed_rows: int = 0  # malformed CSV rows: counted, but never analysed

    @property
    def rows(self) -> int:
        return self.totals.rows + self.unparsed_rows

    def note(self, code: int, row: int, why: str) -> None:
        if len(self.examples[code]) < EXAMPLES_PER_ERROR:
            self.examples[code].append((row, why))

    def costs(self) -> dict[str, dict]:
        """Country -> rows, parts, cost and currency; a country priced in two currencies is listed
        once per currency."""
        out: dict[str, dict] = {}
        for (country, currency, price), parts in sorted(self.parts_by_price.items()):
            key = f"{country} {currency}".strip()
            entry = out.setdefault(key, {"country": country, "currency": currency})
            entry.setdefault("parts", 0)
            entry.setdefault("cost", Decimal(0))
            entry["parts"] += parts
            entry["cost"] += price * parts
        return out

    def to_dict(self) -> dict:
        t = self.totals
        data = {
            "file": self.path,
            "rows": self.rows,
            "encodings": t.encodings,
            "parts_histogram": {str(k): v for k, v in t.parts_histogram.items()},
            "total_parts": t.total_parts,
            "errors": {
                str(code): {
                    "reason": ROW_ERRORS.get(code, "error"),
                    "rows": n,
                    "examples": [{"row": r, "why": why} for r, why in self.examples.get(code, [])],
                }
                for code, n in sorted(self.errors.items())
            },
        }
        if self.priced:
            data["cost_by_country"] = [
                {**c, "cost": str(c["cost"]), "rows": self.rows_by_country[c["country"]]}
                for c in self.costs().values()
            ]
            data["unpriced"] = dict(sorted(self.unpriced.items()))
        return data

    def lines(self) -> list[str]:
        t = self.totals
        rows = self.rows
        out = [f"{self.path}: {_rows(rows)}"]
        good = sum(t.encodings.values())
        if good:
            shown = ", ".join(f"{e} {t.encodings[e]}" for e in ENCODINGS if e in t.encodings)
            out.append(f"  encodings    {shown}")
            hist = ", ".join(f"{p}: {n}" for p, n in t.parts_histogram.items())
            out.append(f"  parts        {hist}")
        out.append(f"  total parts  {t.total_parts} (totalSmsParts, one recipient per row)")
        if self.priced:
            costs = self.costs()
            if costs:
                out.append("  cost by country")
                for c in costs.values():
                    n = self.rows_by_country[c["country"]]
                    parts, cost = f"{c['parts']:>10} parts", f"{c['cost']:>14} {c['currency']}"
                    out.append(f"    {c['country']:<3} {_rows(n):>14} {parts} {cost}")
                by_currency: Counter = Counter()
                for c in costs.values():
                    by_currency[c["currency"]] += c["cost"]
                out.append("    total  " + ", ".join(f"{v} {k}" for k, v in sorted(by_currency.items())))
            if self.unpriced:
                shown = ", ".join(f"{c} {n}" for c, n in sorted(self.unpriced.items()))
                out.append(f"  no price for {_rows(sum(self.unpriced.values()))} ({shown})")
        bad = sum(self.errors.values())
        out.append(f"  errors       {_rows(bad)}" if bad else "  errors       none")
        for code, n in sorted(self.errors.items()):
            out.append(f"    {code} {ROW_ERRORS.get(code, 'error')}: {_rows(n)}")
            for row, why in self.examples.get(code, []):
                out.append(f"        row {row}: {why}")
        return out


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _why(code: int, block: Block, i: int) -> str:
    """A short reason for row ``i``'s error, for the summary's examples."""
    if code == NO_RECIPIENT:
        return f"recipient {block.recipients[i]!r}"
    if code == 105:
        value = block.messages[i]
        text = value if isinstance(value, str) else value.as_py()
        return f"message of {len(text)} characters needs more than 255 parts"
    if code == 104:
        return "no message"
    return ROW_ERRORS[code]


class _Writer:
    """Per-row results to CSV or Parquet, one block at a time."""

    def __init__(self, path: str):
        pa = _pyarrow()
        self.pa = pa
        self.path = path
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in (".csv", ".parquet"):
            raise CheckError(f"--output {path}: expected a .csv or .parquet file")
        self.parquet = suffix == ".parquet"
        self.writer = None

    def write(self, table) -> None:
        pa = self.pa
        if self.writer is None:
            try:
                if self.parquet:
                    self.writer = pa.parquet.ParquetWriter(self.path, table.schema)
                else:
                    self.writer = pa.csv.CSVWriter(self.path, table.schema)
            except OSError as exc:
                raise CheckError(f"cannot write {self.path}: {exc}") from None
        self.writer.write_table(table)

    def close(self, schema) -> None:
        if self.writer is None:  # no row at all: still leave a file with the header
            self.write(schema.empty_table())
        self.writer.close()


def run_check(
    path: str,
    *,
    message_column: str = "message",
    to_column: str | None = None,
    prices: PriceLookup | None = None,
    fmt: str | None = None,
    delimiter: str = ",",
    output: str | None = None,
    workers: int = 1,
    progress: bool = False,
    **options,
) -> Report:
    """Check a campaign file; ``options`` are ``analyze_many``'s (encoding, allowed, ...).
    ``delimiter`` separates CSV fields."""
    fmt = file_format(path, fmt)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise CheckError(
            f"--delimiter must be one character other than a quote or newline, not {delimiter!r}"
        )
    if prices is not None and not to_column:
        raise CheckError("--prices needs --to-column: the price depends on the recipient's country")
    if not os.path.isfile(path):
        raise CheckError(f"{path}: no such file")
    report = Report(path, priced=prices is not None)
    writer = _Writer(output) if output else None
    bar = _progress_bar(path, fmt, progress)
    last = 0

    def advance(position: int) -> None:
        nonlocal last
        if bar is not None:
            bar.update(position - last)
        last = position

    schema = None
    try:
        for block in READERS[fmt](path, message_column, to_column, advance, delimiter):
            batch = analyze_many(block.messages, workers=workers, **options)
            table = _account(report, block, batch, prices)
            if writer is not None and len(block.rows):
                schema = table.schema
                writer.write(table)
            elif writer is not None and schema is None:
                schema = table.schema
    finally:
        if bar is not None:
            bar.close()
    if writer is not None:
        writer.close(schema)
    return report


def _progress_bar(path: str, fmt: str, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    if fmt == "parquet":
        pa = _pyarrow()
        total = pa.parquet.ParquetFile(path).metadata.num_rows
        return tqdm(total=total, unit=" rows", unit_scale=True, file=sys.stderr, leave=False)
    return tqdm(total=os.path.getsize(path), unit="B", unit_scale=True, file=sys.stderr, leave=False)


def _account(report: Report, block: Block, batch, prices: PriceLookup | None):
    """Add a block to the report; its per-row results as an Arrow table."""
    pa = _pyarrow()
    error = batch.error.copy()
    recipients = block.recipients
    countries: list = []
    costs: list = []
    currencies: list = []
    if recipients is not None:
        for i, to in enumerate(recipients):
            country = None if to is None else country_of(to)
            quote = None
            if country is None:
                if error[i] == 0:
                    error[i] = NO_RECIPIENT
            elif prices is not None and error[i] == 0:
                quote = prices(to)
                if quote is None:
                    report.unpriced[country] += 1
                else:
                    report.parts_by_price[(quote.country, quote.currency, quote.price)] += int(batch.parts[i])
                    report.rows_by_country[quote.country] += 1
            countries.append(country)
            costs.append(None if quote is None else str(quote.price * int(batch.parts[i])))
            currencies.append(None if quote is None else quote.currency)
    in_block = np.isin(np.fromiter(block.malformed, dtype=np.int64), block.rows)
    report.unparsed_rows += int(np.count_nonzero(~in_block))
    for row, why in block.malformed.items():
        report.errors[MALFORMED] += 1
        report.note(MALFORMED, row, why)
    report.totals += batch.totals()
    for i in np.flatnonzero(error):
        code, row = int(error[i]), int(block.rows[i])
        if row in block.malformed:
            continue
        report.errors[code] += 1
        if len(report.examples[code]) < EXAMPLES_PER_ERROR:
            report.note(code, row, _why(code, block, i))
    table = batch.to_arrow()
    table = table.set_column(0, "encoding", table.column("encoding").cast(pa.string()))
    table = table.set_column(table.schema.get_field_index("error"), "error", pa.array(error))
    table = table.add_column(0, "row", pa.array(block.rows, pa.int64()))
    if recipients is not None:
        table = table.append_column("recipient", pa.array(recipients, pa.string()))
        table = table.append_column("country", pa.array(countries, pa.string()))
        if prices is not None:
            table = table.append_column("cost", pa.array(costs, pa.string()))
            table = table.append_column("currency", pa.array(currencies, pa.string()))
    return table


# --------------------------------------------------------------------------------------------
# Command line


def add_parser(commands) -> None:
    """Register ``check`` on the ``nrs-codec`` sub-command parser."""
    p = commands.add_parser(
        "check",
        help="check a campaign file (CSV, JSON Lines, Parquet): encodings, parts, cost, errors",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("file", help="campaign file: .csv, .jsonl / .ndjson or .parquet")
    p.add_argument("--message-column", default="message", help="column with the message text (message)")
    p.add_argument("--to-column", help="column with the recipient MSISDN, one per row")
    p.add_argument(
        "--prices", help="price table (CSV destination,price,currency or JSON) per part; needs --to-column"
    )
    p.add_argument("--output", help="write per-row results to this .csv or .parquet file")
    p.add_argument("--format", choices=sorted(READERS), help="file format when the suffix does not tell")
    p.add_argument("--delimiter", default=",", help="CSV field separator (default ,)")
    add_encoding_options(p)
    p.add_argument("--workers", type=int, default=1, help="threads for the analysis; -1 for all CPUs")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Exit status: 0 when every row is fine, 1 when some rows have errors, 2 when the file (or
    an option) cannot be used at all."""
    try:
        prices = load_price_table(args.prices) if args.prices else None
        report = run_check(
            args.file,
            message_column=args.message_column,
            to_column=args.to_column,
            prices=prices,
            fmt=args.format,
            delimiter=args.delimiter,
            output=args.output,
            workers=args.workers,
            progress=not args.no_progress and sys.stderr.isatty(),
            encoding=args.encoding,
            **encoding_options(args),
        )
    except CheckError as exc:
        print(f"nrs-codec check: {exc}", file=sys.stderr)
        return 2
    except (ValueError, TypeError) as exc:  # a bad option, named by analyze_many
        print(f"nrs-codec check: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"nrs-codec check: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return 1 if report.errors else 0
