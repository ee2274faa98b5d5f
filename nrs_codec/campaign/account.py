"""What a block of a campaign check adds to the report, and its rows' results for the output.

For each block: its analysis (``analyze_many``'s columns) with the recipients judged
(``provider.recipients_many.judge_many``) and priced (``PriceTable.lookup_many``) a column at a
time, the errors counted with a few examples each, the parts and rows by country and price;
and, for ``--output``, an Arrow table of its rows: the analysis, the row numbers, recipients and
countries, exact costs and the currency. No Python runs per row: the compiled engine takes a
block's recipients and prices in one pass (``_tally``), NumPy a column at a time without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .._columns import decimal_words, from_numpy, strings, validity
from .._text import clip
from ..core import codes
from ..core.engine import compiled
from ..provider.recipients import json_type, recipient
from ..provider.recipients_many import judge_many
from .blank import as_missing, blank_rows, not_null, read_as_text, with_error
from .blocks import require_pyarrow
from .errors import CHECK_REASONS, MALFORMED, NO_RECIPIENT
from .readers import Block
from .report import EXAMPLES_PER_ERROR, Report

if TYPE_CHECKING:
    from ..provider.prices import PriceTable


def _why(code: int, block: Block, i: int) -> str:
    """A short reason for row ``i``'s error, for the summary's examples."""
    if code == NO_RECIPIENT:
        to = block.recipients[i]
        value = to if isinstance(to, str) or to is None else to.as_py()
        if value is None:
            return "no recipient"
        written = clip(value) if isinstance(value, str) else repr(value)
        return f"recipient {written} ({recipient(value).reason})"  # an example: judged again
    if code == codes.TEXT_TOO_LONG:
        value = block.messages[i]
        text = value if isinstance(value, str) else value.as_py()
        return f"message of {len(text)} characters needs more than 255 parts"
    if code == codes.TEXT_MISSING:  # a null, or text the provider takes as none (``blank``)
        value = _value(block.messages[i])
        return "no message" if value is None else "empty message" if not value else "message is only blanks"
    if code == MALFORMED and (kind := _not_text(block.messages[i])) is not None:
        return f"message must be a string, not {kind}"  # as pre-flight says
    return CHECK_REASONS[code]


def _value(value):
    """A message of a block as Python holds it: a list's item as it is, an Arrow scalar's value."""
    return value.as_py() if hasattr(value, "as_py") else value


def _not_text(value) -> str | None:
    """The JSON name of the type of a message that is a value of another type than text (a
    number, a boolean...); None for text (422 where it is not UTF-8 or holds a lone surrogate)."""
    if hasattr(value, "as_py"):  # an Arrow scalar: its value read only where it is not text
        t = require_pyarrow().types
        text = (t.is_string, t.is_large_string, t.is_string_view)
        if any(f(value.type) for f in (*text, t.is_binary, t.is_large_binary, t.is_binary_view)):
            return None
        value = value.as_py()
    return None if value is None or isinstance(value, (str, bytes)) else json_type(value)


def account(report: Report, block: Block, batch, prices: PriceTable | None, table: bool, file: int):
    """Add a block to the report; with ``table``, its per-row results as an Arrow table (else
    None). Recipients and prices are judged a column at a time."""
    pa = require_pyarrow()
    # An empty or blank message is text to analyze_many, missing to the provider (104); a float
    # NaN is missing to analyze_many, a number to the provider (422).
    batch = with_error(batch, not_null(pa, block.messages, batch), MALFORMED)
    batch = as_missing(batch, blank_rows(pa, block.messages, read_as_text(batch)))
    error = batch.error.copy()
    recipients = block.recipients
    if recipients is not None:
        to = recipients if isinstance(recipients, pa.Array) else strings(recipients)
        judged = judge_many(to)
        country = np.where(judged.valid, judged.country, -1)  # invalid numbers have no country here
        price_list, which, units = [], None, None
        if prices is not None:
            price_list, which = prices.lookup_many(to, country, judged.names)
            units = [prices.units(price) for price in price_list]
        tally = _tally(error, judged.valid, country, which, batch.parts, len(judged.names), units)
        if prices is not None:
            _add_counts(report, tally, judged.names, price_list)
    if block.malformed:
        malformed = np.fromiter(block.malformed, dtype=np.int64, count=len(block.malformed))
        report.unparsed_rows += int(np.count_nonzero(~np.isin(malformed, block.rows)))
        report.errors[MALFORMED] += len(malformed)
        for row in np.sort(malformed)[:EXAMPLES_PER_ERROR].tolist():  # the only ones kept
            report.note(MALFORMED, row, block.malformed[row], file)
    report.totals += batch.totals()
    for code in (np.flatnonzero(np.bincount(error, minlength=1)[1:]) + 1).tolist():  # each code met
        rows = np.flatnonzero(error == code)
        if len(block.malformed):
            rows = rows[~np.isin(block.rows[rows], np.fromiter(block.malformed, dtype=np.int64))]
        report.errors[code] += len(rows)
        for i in rows[:EXAMPLES_PER_ERROR].tolist():
            report.note(code, int(block.rows[i]), _why(code, block, i), file)
    if not table:
        return None
    # Columns of few values (encoding, country, currency) stay dictionaries: the writer takes
    # them as they are, where it would hash every row's text to build them again.
    out = batch.to_arrow()
    out = out.set_column(out.schema.get_field_index("error"), "error", from_numpy(error))
    out = out.add_column(0, "row", from_numpy(block.rows.astype(np.int64)))
    if recipients is not None:
        ids = from_numpy(tally.ids, valid=country >= 0)
        out = out.append_column("recipient", to)
        out = out.append_column("country", pa.DictionaryArray.from_arrays(ids, strings(judged.names)))
        if prices is not None:
            cost, currency = _cost_columns(pa, prices, tally, which, units, batch.parts)
            out = out.append_column("cost", cost)
            out = out.append_column("currency", currency)
    return out


@dataclass
class _Tally:
    """What ``_tally`` found in a block: the country column's dictionary indices (0 where the
    row has none) and, with prices, which rows are priced, the rows of each country without a
    price and with one, the parts of each (country, price) pair (``country * prices + price``),
    and each row's cost as decimal128 words (None without prices, and where a price times
    65,535 parts could pass 63 bits: ``_cost_columns`` multiplies those then)."""

    ids: np.ndarray
    priced: np.ndarray | None = None
    unpriced: np.ndarray | None = None
    rows_by_country: np.ndarray | None = None
    part_sums: np.ndarray | None = None
    cost: np.ndarray | None = None


def _tally(error, valid, country, which, parts, names: int, units: list[int] | None, *, engine: bool = True):
    """A block's rows in one pass of the compiled engine (``_native/tally.pxi``; NumPy, its
    twin, without it or with ``engine`` False): ``error`` gains ``NO_RECIPIENT`` where a row
    without error has no ``valid`` recipient; ``country`` (an index into the block's ``names``
    countries, -1: none) and, with prices, ``which`` (each row's price, an index into ``units``,
    -1: none) make the ``_Tally``."""
    if not engine or compiled is None:
        return _tally_numpy(error, valid, country, which, parts, names, units)
    n = len(error)
    out = _Tally(np.empty(n, dtype=np.int32))
    exact = None
    if which is not None:
        out.priced = np.empty(n, dtype=bool)
        out.unpriced, out.rows_by_country = np.zeros(names, np.int64), np.zeros(names, np.int64)
        out.part_sums = np.zeros(names * len(units), np.int64)
        if _fits(units):
            exact = np.array(units, dtype=np.int64)
            out.cost = np.zeros((n, 2), dtype=np.int64)
    compiled.tally_rows(
        error,
        np.ascontiguousarray(valid, dtype=bool).view(np.uint8),
        np.ascontiguousarray(country, dtype=np.int32),
        names,
        None if which is None else np.ascontiguousarray(which, dtype=np.int64),
        0 if units is None else len(units),
        np.ascontiguousarray(parts),
        exact,
        NO_RECIPIENT,
        out.ids,
        None if out.priced is None else out.priced.view(np.uint8),
        out.rows_by_country,
        out.unpriced,
        out.part_sums,
        out.cost,
    )
    return out


def _fits(units: list[int]) -> bool:
    """Every cost at these prices (in units) fits 63 bits: a price times the most parts a row
    can have (uint16). Not so only for prices of some 1.4e14 units (14,000,000,000 at four
    decimals), whose costs are then multiplied as Python integers whatever the parts."""
    return max(units, default=0) * 0xFFFF < 1 << 63


def _tally_numpy(error, valid, country, which, parts, names: int, units: list[int] | None) -> _Tally:
    """``_tally`` in NumPy, a pass over the block for each column and count."""
    error[(error == 0) & ~valid] = NO_RECIPIENT
    out = _Tally(np.maximum(country, 0).astype(np.int32))
    if which is None:
        return out
    ok = (error == 0) & (country >= 0)
    out.priced = priced = ok & (which >= 0)
    out.unpriced = _by_country(country, ok & (which < 0), names)
    out.rows_by_country = _by_country(country, priced, names)
    # One count per (country, price) pair, the rows without a price in one bin after them: the
    # pairs are few (names and prices are the block's), so counting over all of them takes no
    # sort, and no column is gathered first.
    size = names * len(units)
    keys = np.where(priced, country.astype(np.intp) * len(units) + which, size)
    out.part_sums = np.bincount(keys, weights=parts, minlength=size + 1)[:size].astype(np.int64)
    if _fits(units):
        out.cost = np.zeros((len(error), 2), dtype=np.int64)  # decimal128: two little-endian words
        if priced.any():  # else there may be no price at all to index
            out.cost[:, 0] = np.where(priced, np.array(units, dtype=np.int64)[which] * parts, 0)
    return out


def _by_country(country: np.ndarray, rows: np.ndarray, names: int) -> np.ndarray:
    """The ``rows`` (a mask) of each country (indices below ``names``): the other rows in one
    bin after the countries', so that no column is gathered first."""
    return np.bincount(np.where(rows, country, names), minlength=names + 1)[:names].astype(np.int64)


def _add_counts(report: Report, tally: _Tally, names: tuple[str, ...], prices) -> None:
    """The block's rows by country, without a price and with one, and its parts by country and
    price, into the report."""
    for counter, counts in (
        (report.unpriced, tally.unpriced),
        (report.rows_by_country, tally.rows_by_country),
    ):
        for j in np.flatnonzero(counts).tolist():
            counter[names[j]] += int(counts[j])
    for key in np.flatnonzero(tally.part_sums).tolist():
        name, price = names[key // len(prices)], prices[key % len(prices)]
        report.parts_by_price[(name, price.currency, price.amount)] += int(tally.part_sums[key])


def _cost_columns(
    pa, table: PriceTable, tally: _Tally, which: np.ndarray, units: list[int], parts: np.ndarray
):
    """Each row's cost (an exact decimal: its price, one of the block's ``units``, times its
    parts) and currency (the table's, as a dictionary), null where it has no price. The decimal
    type is the price table's, whichever of its prices a block meets: every block's the same."""
    # Digits enough for every price in the table's scale (32 at most: ``prices.PRICE_DIGITS``
    # and ``PRICE_DECIMALS``), five more for its product with parts (uint16) and one for the
    # carry: the type Arrow gives a price times a count of parts.
    kind = pa.decimal128(table.precision + 6, table.scale)
    priced, values, n = tally.priced, tally.cost, len(parts)
    if values is None:
        # Prices whose costs may pass 63 bits (``_fits``): each cost, a price times a count of
        # parts (few pairs), is multiplied once as a Python integer, and the rows take theirs
        # from NumPy.
        width = int(parts.max(initial=0)) + 1
        pair = np.where(priced, which * width + parts, 0)  # a null row's value is never read
        pairs = np.flatnonzero(np.bincount(pair[priced], minlength=1))
        costs = np.zeros((int(pairs[-1]) + 1 if len(pairs) else 1, 2), dtype=np.int64)
        costs[pairs] = decimal_words([units[k // width] * (k % width) for k in pairs.tolist()])
        values = np.take(costs, pair, axis=0)
    cost = pa.Array.from_buffers(kind, n, [validity(pa, priced), pa.py_buffer(values)])
    # A table has one currency: one dictionary for every block, which the writer keeps (a
    # dictionary that changed from block to block made it write the rest of the column plain).
    currency = pa.DictionaryArray.from_arrays(
        from_numpy(np.zeros(n, dtype=np.int32), valid=priced), strings([table.currency])
    )
    return cost, currency
