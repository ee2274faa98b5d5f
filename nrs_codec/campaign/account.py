"""What a block of a campaign check adds to the report, and its rows' results for the output.

For each block: its analysis (``analyze_many``'s columns) with the recipients judged
(``provider.recipients_many.judge_many``) and priced (``PriceTable.lookup_many``) a column at a
time, the errors counted with a few examples each, the parts and rows by country and price;
and, for ``--output``, an Arrow table of its rows: the analysis, the row numbers, recipients and
countries, exact costs and the currency. No Python runs per row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._columns import decimal_words, from_numpy, strings, validity
from .._text import clip
from ..core import codes
from ..provider.recipients_many import judge_many
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
        return f"recipient {clip(value) if isinstance(value, str) else repr(value)}"
    if code == codes.TEXT_TOO_LONG:
        value = block.messages[i]
        text = value if isinstance(value, str) else value.as_py()
        return f"message of {len(text)} characters needs more than 255 parts"
    if code == codes.TEXT_MISSING:
        return "no message"
    return CHECK_REASONS[code]


def account(report: Report, block: Block, batch, prices: PriceTable | None, table: bool, file: int):
    """Add a block to the report; with ``table``, its per-row results as an Arrow table (else
    None). Recipients and prices are judged a column at a time."""
    pa = require_pyarrow()
    error = batch.error.copy()
    recipients = block.recipients
    if recipients is not None:
        to = recipients if isinstance(recipients, pa.Array) else strings(recipients)
        judged = judge_many(to)
        error[(error == 0) & ~judged.valid] = NO_RECIPIENT
        country = np.where(judged.valid, judged.country, -1)  # invalid numbers have no country here
        if prices is not None:
            price_list, which = prices.lookup_many(to, country, judged.names)
            ok = (error == 0) & (country >= 0)
            priced = ok & (which >= 0)
            _count(report.unpriced, country, ok & (which < 0), judged.names)
            _count(report.rows_by_country, country, priced, judged.names)
            _add_costs(report, country, which, priced, batch.parts, judged.names, price_list)
    if block.malformed:
        in_block = np.isin(np.fromiter(block.malformed, dtype=np.int64), block.rows)
        report.unparsed_rows += int(np.count_nonzero(~in_block))
    for row, why in block.malformed.items():
        report.errors[MALFORMED] += 1
        report.note(MALFORMED, row, why, file)
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
        names = strings(judged.names)
        ids = from_numpy(np.maximum(country, 0).astype(np.int32), valid=country >= 0)
        out = out.append_column("recipient", to)
        out = out.append_column("country", pa.DictionaryArray.from_arrays(ids, names))
        if prices is not None:
            cost, currency = _cost_columns(pa, prices, price_list, which, priced, batch.parts, len(error))
            out = out.append_column("cost", cost)
            out = out.append_column("currency", currency)
    return out


def _count(counter, country: np.ndarray, rows: np.ndarray, names: tuple[str, ...]) -> None:
    """Add the ``rows`` (a mask) of each country (indices into ``names``) to ``counter``: the
    other rows in one bin after the countries', so that no column is gathered first."""
    counts = np.bincount(np.where(rows, country, len(names)), minlength=len(names) + 1)
    for j in np.flatnonzero(counts[:-1]).tolist():
        counter[names[j]] += int(counts[j])


def _add_costs(
    report: Report,
    country: np.ndarray,
    which: np.ndarray,
    priced: np.ndarray,
    parts: np.ndarray,
    names: tuple[str, ...],
    prices,
) -> None:
    """Parts by country and price of the ``priced`` rows."""
    # One count per (country, price) pair, the rows without a price in one bin after them: the
    # pairs are few (names and prices are the block's), so counting over all of them takes no
    # sort, and no column is gathered first.
    size = len(names) * len(prices)
    keys = np.where(priced, country.astype(np.intp) * len(prices) + which, size)
    part_sums = np.bincount(keys, weights=parts, minlength=size + 1)[:size].astype(np.int64)
    for key in np.flatnonzero(part_sums).tolist():
        name, price = names[key // len(prices)], prices[key % len(prices)]
        report.parts_by_price[(name, price.currency, price.amount)] += int(part_sums[key])


def _cost_columns(
    pa, table: PriceTable, prices, which: np.ndarray, priced: np.ndarray, parts: np.ndarray, n: int
):
    """Each row's cost (an exact decimal: its price, one of ``prices``, times its parts) and
    currency (the table's, as a dictionary), null where it has no price. The decimal
    type is the price table's, whichever of its prices a block meets: every block's the same."""
    # Digits enough for every price in the table's scale (32 at most: ``prices.PRICE_DIGITS``
    # and ``PRICE_DECIMALS``), five more for its product with parts (uint16) and one for the
    # carry: the type Arrow gives a price times a count of parts.
    scale = table.scale
    kind = pa.decimal128(table.precision + 6, scale)
    values = np.zeros((n, 2), dtype=np.int64)  # decimal128: two little-endian 64-bit words
    if priced.any():
        units = [table.units(price) for price in prices]
        most = int(parts.max(initial=0))
        if max(units) * most < 1 << 63:
            # Every cost of the block fits the low word (costs are 0 or more: the high word is
            # 0): each row's price in units times its parts, in NumPy, exactly.
            unit = np.array(units, dtype=np.int64)
            values[:, 0] = np.where(priced, unit[which] * parts, 0)
        else:
            # Costs past 64 bits are few (a price times a count of parts): each is multiplied
            # once as a Python integer, and the rows take theirs from NumPy.
            width = most + 1
            pair = np.where(priced, which * width + parts, 0)  # a null row's value is never read
            pairs = np.flatnonzero(np.bincount(pair[priced]))
            costs = np.zeros((int(pairs[-1]) + 1, 2), dtype=np.int64)
            costs[pairs] = decimal_words([units[k // width] * (k % width) for k in pairs.tolist()])
            values = np.take(costs, pair, axis=0)
    cost = pa.Array.from_buffers(kind, n, [validity(pa, priced), pa.py_buffer(values)])
    # A table has one currency: one dictionary for every block, which the writer keeps (a
    # dictionary that changed from block to block made it write the rest of the column plain).
    currency = pa.DictionaryArray.from_arrays(
        from_numpy(np.zeros(n, dtype=np.int32), valid=priced), strings([table.currency])
    )
    return cost, currency
