"""``nrs-codec check FILE``: a whole campaign file checked before it is sent, in bounded memory.

The file (CSV, JSON Lines or Parquet, by suffix or ``--format``; CSV and JSON Lines also
compressed, ``campaign.csv.gz``, and in a legacy encoding, ``file_encoding="cp1252"``) is read in
blocks of rows; each block's message column goes through ``analyze_many`` (Arrow columns straight
from their UTF-8 buffers), its counts are added to a running ``Report``, and ``--output`` receives
its per-row results, so memory depends on the block size, not on the file; the output takes its
name only when the whole file has been checked. The summary gives rows, encodings, the parts
histogram, total parts, the rows with errors and why, and, with ``--to-column`` and ``--prices``,
the cost by country.

Errors per row use the provider's codes (see ``nrs_codec.batch``), plus 102 for a recipient that
is not a valid MSISDN and 422 for a malformed row (a CSV row with the wrong number of fields, a
JSON Lines line that is not a JSON object). What makes the file as a whole unreadable (bytes that
are not in its encoding, a corrupt compressed stream, a file that is not what its suffix says) is a
``CheckError`` naming the file and where. A malformed CSV row cannot be parsed into fields, so it
is counted and listed in the summary but has no line in ``--output``; row numbers there are
1-based data rows (the header is not a row). In CSV an empty field is a missing value (104): CSV
cannot tell an empty message from an absent one.

Prices go through one small interface, ``PriceLookup``: a callable taking a recipient MSISDN and
returning a ``PriceQuote(country, price per part, currency)``, or ``None`` when it has no price
for it. ``load_price_table`` builds one from a pre-flight price table (``nrs_codec.provider.prices``), with
countries found by ``country_of`` (``phonenumbers``); any other price source can be passed to
``run_check`` as a ``PriceLookup``.

Reading files needs pyarrow (``pip install 'nrs_codec[arrow]'``); the progress bar on a terminal
comes from ``tqdm``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from ..core.engine import analyze_many
from ..provider.recipients import country_of
from .errors import MALFORMED, NO_RECIPIENT, ROW_ERRORS, CheckError
from .output import Writer
from .readers import READERS, Block, compression_of, file_format, require_pyarrow
from .report import EXAMPLES_PER_ERROR, Report
from .sources import TextFile, resolve_encoding


class PriceQuote(NamedTuple):
    """The price of one SMS part to one recipient."""

    country: str
    price: Decimal
    currency: str


PriceLookup = Callable[[str], "PriceQuote | None"]


def load_price_table(path: str) -> PriceLookup:
    """A ``PriceLookup`` from a pre-flight price table (``nrs_codec.load_prices``: CSV
    ``destination,price,currency`` or JSON, a destination being a country or an E.164 prefix, the
    longest prefix winning over the country)."""
    from ..provider.prices import PriceTableError, load_prices

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


def run_check(
    path: str,
    *,
    message_column: str = "message",
    to_column: str | None = None,
    prices: PriceLookup | None = None,
    fmt: str | None = None,
    delimiter: str = ",",
    file_encoding: str | None = None,
    output: str | None = None,
    workers: int = 1,
    progress: bool = False,
    **options,
) -> Report:
    """Check a campaign file; ``options`` are ``analyze_many``'s (encoding, allowed, ...).
    ``delimiter`` separates CSV fields; ``file_encoding`` is the encoding of a CSV or JSON Lines
    file that is not UTF-8 (a Python codec name: ``cp1252``, ``latin-1``, ``utf-16``)."""
    fmt = file_format(path, fmt)
    if len(delimiter) != 1 or delimiter in '"\r\n' or not delimiter.isascii():  # pyarrow splits bytes
        raise CheckError(
            f"--delimiter must be one ASCII character other than a quote or newline, not {delimiter!r}"
        )
    encoding = resolve_encoding(file_encoding)
    if fmt == "parquet" and encoding is not None:
        raise CheckError(f"{path}: --file-encoding is for CSV and JSON Lines; Parquet text is UTF-8")
    if prices is not None and not to_column:
        raise CheckError("--prices needs --to-column: the price depends on the recipient's country")
    if not os.path.isfile(path):
        raise CheckError(f"{path}: no such file")
    if output is not None and os.path.exists(output) and os.path.samefile(output, path):
        raise CheckError(f"--output {output} is the campaign file itself")
    source = path if fmt == "parquet" else TextFile(path, fmt, compression_of(path), encoding)
    # The output's columns, from no rows: a file with none still gets them.
    no_rows = Block([], [] if to_column else None, np.zeros(0, dtype=np.int64))
    schema = _account(Report(path), no_rows, analyze_many([], **options), prices).schema
    report = Report(path, priced=prices is not None)
    writer = Writer(output) if output else None
    bar = _progress_bar(path, fmt, progress)
    last = 0

    def advance(position: int) -> None:
        nonlocal last
        # A CSV file read again for a very long row starts over: the bar waits, never goes back.
        if bar is not None and position > last:
            bar.update(position - last)
        last = max(last, position)

    try:
        for block in READERS[fmt](source, message_column, to_column, advance, delimiter):
            batch = analyze_many(block.messages, workers=workers, **options)
            table = _account(report, block, batch, prices)
            if writer is not None and len(block.rows):
                writer.write(table)
        if writer is not None:
            writer.commit(schema)
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    finally:
        if bar is not None:
            bar.close()
    return report


def _progress_bar(path: str, fmt: str, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    if fmt == "parquet":
        pa = require_pyarrow()
        try:
            total = pa.parquet.ParquetFile(path).metadata.num_rows
        except (pa.ArrowException, OSError):
            total = None  # not Parquet after all: the reader says so
        return tqdm(total=total, unit=" rows", unit_scale=True, file=sys.stderr, leave=False)
    # Bytes of the file on disk: for a compressed file, compressed bytes read.
    return tqdm(total=os.path.getsize(path), unit="B", unit_scale=True, file=sys.stderr, leave=False)


def _account(report: Report, block: Block, batch, prices: PriceLookup | None):
    """Add a block to the report; its per-row results as an Arrow table."""
    pa = require_pyarrow()
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
