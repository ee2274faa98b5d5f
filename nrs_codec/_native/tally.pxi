# What a block's recipients and prices add to a campaign check (``nrs_codec.campaign.account``):
# one pass over the rows where NumPy takes a dozen (each a pass over the block, the block's rows
# written to memory and read back), without the GIL. ``account._tally_numpy`` is the twin, held
# to the same columns and counts by tests.


def tally_rows(uint16_t[::1] error not None, const uint8_t[::1] valid not None,
               const int32_t[::1] country not None, Py_ssize_t names, const int64_t[::1] which,
               Py_ssize_t prices, const uint16_t[::1] parts not None, const int64_t[::1] units,
               uint16_t no_recipient,
               int32_t[::1] ids not None, uint8_t[::1] priced, int64_t[::1] rows_by_country,
               int64_t[::1] unpriced, int64_t[::1] part_sums, int64_t[:, ::1] cost) -> None:
    """One pass over a block's rows. ``error`` (in and out): a row without error whose recipient
    is not ``valid`` gets ``no_recipient``. ``country`` is each row's country, an index into the
    block's ``names`` (-1: none); ``ids`` gets it with 0 for none (the country column's
    dictionary indices, its nulls where ``country`` is -1).

    With prices (``which`` not None: each row's price, an index into the block's ``prices``,
    -1: none), a row without error and with a country is counted in ``unpriced`` (by country) if it
    has no price, else it is ``priced``: counted in ``rows_by_country``, its parts added to
    ``part_sums[country * prices + price]``, and, with ``units`` (each price in units of the
    table's scale, given only where every price times 65,535 parts fits 63 bits), its cost
    ``units[price] * parts`` in the low word of ``cost`` (decimal128's two words; the high word,
    and a row without a price, left as they are: zeros). A row's country or price outside the
    block's is a ValueError, the rows before it written already."""
    cdef Py_ssize_t n = error.shape[0], i
    cdef int32_t c
    cdef int64_t w
    cdef int bad = 0  # 1: a country outside the block's, 2: a price
    if valid.shape[0] != n or country.shape[0] != n or parts.shape[0] != n or ids.shape[0] != n:
        raise ValueError("every column must hold the block's rows")
    if names < 0 or prices < 0:
        raise ValueError("names and prices are counts")
    if which is not None:
        if priced is None or rows_by_country is None or unpriced is None or part_sums is None:
            raise ValueError("with prices, priced and the three counts are needed")
        if which.shape[0] != n or priced.shape[0] != n or unpriced.shape[0] != names \
                or rows_by_country.shape[0] != names or part_sums.shape[0] != names * prices:
            raise ValueError("priced must hold the block's rows, the counts one per name (and price)")
        if units is not None and (units.shape[0] != prices or cost is None or cost.shape[0] != n
                                  or cost.shape[1] != 2):
            raise ValueError("units must hold one per price, cost two words per row")
        for i in range(prices if units is not None else 0):
            if units[i] < 0 or units[i] > INT64_MAX // 0xFFFF:
                raise ValueError(f"price {i}: {units[i]} units times 65,535 parts would not fit 63 bits")
    with nogil:
        for i in range(n):
            c = country[i]
            if c < -1 or c >= names:
                bad = 1
                break
            if error[i] == 0 and not valid[i]:
                error[i] = no_recipient
            ids[i] = c if c > 0 else 0
            if which is None:
                continue
            w = which[i]
            if w < -1 or w >= prices:
                bad = 2
                break
            priced[i] = 0
            if error[i] != 0 or c < 0:
                continue
            if w < 0:
                unpriced[c] += 1
                continue
            priced[i] = 1
            rows_by_country[c] += 1
            part_sums[c * prices + w] += parts[i]
            if units is not None:
                cost[i, 0] = units[w] * parts[i]
    if bad == 1:
        raise ValueError(f"row {i}: country {country[i]} outside the block's {names}")
    if bad == 2:
        raise ValueError(f"row {i}: price {w} outside the block's {prices}")
