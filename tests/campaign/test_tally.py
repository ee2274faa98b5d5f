"""What a block's recipients and prices add to a check (``account._tally``): the compiled pass
(``_native/tally.pxi``) gives the columns and counts of its NumPy twin on every block Hypothesis
draws (errors, invalid recipients, rows without a country or a price, prices whose costs pass
63 bits) and refuses what is outside the block's countries and prices; a check's summary and
output are the same on either (small and huge prices, rows priced or none, every recipient
invalid)."""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import write
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import account
from nrs_codec.campaign.check import load_price_table, run_check
from nrs_codec.campaign.errors import NO_RECIPIENT
from nrs_codec.core.engine import compiled

pytestmark = pytest.mark.skipif(
    compiled is None and not os.environ.get("NRS_CODEC_REQUIRE_COMPILED"),
    reason="the compiled engine is not built",
)

FIELDS = ("ids", "priced", "unpriced", "rows_by_country", "part_sums", "cost")
BIG = (1 << 63) // 0xFFFF + 1  # the fewest units whose cost at 65,535 parts passes 63 bits


@st.composite
def blocks(draw):
    n = draw(st.integers(0, 60))
    names = draw(st.integers(0, 4))
    priced = draw(st.booleans())
    prices = draw(st.integers(0, 3)) if priced else 0
    error = draw(st.lists(st.sampled_from([0, 0, 0, 103, 104, 105]), min_size=n, max_size=n))
    valid = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    country = draw(st.lists(st.integers(-1, names - 1), min_size=n, max_size=n))
    which = draw(st.lists(st.integers(-1, prices - 1), min_size=n, max_size=n)) if priced else None
    parts = draw(st.lists(st.sampled_from([0, 1, 2, 7, 255, 0xFFFF]), min_size=n, max_size=n))
    unit = st.one_of(st.integers(0, 10**6), st.sampled_from([0, BIG - 1, BIG, 10**30]))
    units = draw(st.lists(unit, min_size=prices, max_size=prices)) if priced else None
    return (
        np.array(error, dtype=np.uint16),
        np.array(valid, dtype=bool),
        np.array(country, dtype=np.int32),
        None if which is None else np.array(which, dtype=np.int64),
        np.array(parts, dtype=np.uint16),
        names,
        units,
    )


def tallied(block, engine: bool):
    error, valid, country, which, parts, names, units = block
    error = error.copy()
    out = account._tally(error, valid, country, which, parts, names, units, engine=engine)
    return error, out


@settings(max_examples=400, deadline=None)
@given(blocks())
def test_the_engine_tallies_as_numpy_does(block):
    error, out = tallied(block, engine=True)
    twin_error, twin = tallied(block, engine=False)
    assert error.tolist() == twin_error.tolist()
    for name in FIELDS:
        got, want = getattr(out, name), getattr(twin, name)
        assert (got is None) == (want is None), name
        if want is not None:
            assert got.dtype == want.dtype and got.tolist() == want.tolist(), name


def test_what_a_tally_says():
    # Rows: priced (PT at price 0), invalid recipient, unpriced (ES), error 104, no country.
    error = np.array([0, 0, 0, 104, 0], dtype=np.uint16)
    valid = np.array([True, False, True, True, True])
    country = np.array([0, -1, 1, 0, -1], dtype=np.int32)
    which = np.array([0, 1, -1, 0, 1], dtype=np.int64)
    parts = np.array([3, 1, 2, 5, 1], dtype=np.uint16)
    for engine in (True, False):
        got = error.copy()
        out = account._tally(got, valid, country, which, parts, 2, [45, BIG], engine=engine)
        assert got.tolist() == [0, NO_RECIPIENT, 0, 104, 0]
        assert out.ids.tolist() == [0, 0, 1, 0, 0]
        assert out.priced.tolist() == [True, False, False, False, False]
        assert out.unpriced.tolist() == [0, 1] and out.rows_by_country.tolist() == [1, 0]
        assert out.part_sums.tolist() == [3, 0, 0, 0]  # (PT, 0), (PT, 1), (ES, 0), (ES, 1)
        assert out.cost is None  # BIG units: the costs are multiplied in Python
        small = account._tally(error.copy(), valid, country, which, parts, 2, [45, 7], engine=engine)
        assert small.cost[:, 0].tolist() == [135, 0, 0, 0, 0] and not small.cost[:, 1].any()


def test_the_kernel_refuses_what_is_outside_the_block():
    def call(country=(0,), which=(0,), names=1, prices=1, units=(5,), rows=0, sums=1, counts=True, cost=True):
        n = len(country)
        compiled.tally_rows(
            np.zeros(n, np.uint16),
            np.ones(n, np.uint8),
            np.array(country, np.int32),
            names,
            None if which is None else np.array(which, np.int64),
            prices,
            np.ones(n, np.uint16),
            None if units is None else np.array(units, np.int64),
            NO_RECIPIENT,
            np.zeros(rows or n, np.int32),
            np.zeros(n, np.uint8),
            np.zeros(names, np.int64) if counts else None,
            np.zeros(names, np.int64),
            np.zeros(sums, np.int64),
            np.zeros((n, 2), np.int64) if cost else None,
        )

    call()  # the well-formed call
    call(which=None, units=None)  # recipients without prices
    for country in (1, -2):
        with pytest.raises(ValueError, match=f"row 0: country {country} outside the block's 1"):
            call(country=(country,))
    for price in (1, -2):
        with pytest.raises(ValueError, match=f"row 0: price {price} outside the block's 1"):
            call(which=(price,))
    with pytest.raises(ValueError, match="row 1: price 3"):
        call(country=(-1, -1), which=(0, 3))  # on any row, with a country or not
    with pytest.raises(ValueError, match="row 0: country 1"):
        call(country=(1,), which=None, units=None)  # without prices too
    with pytest.raises(ValueError, match="every column"):
        call(rows=2)
    with pytest.raises(ValueError, match="counts"):
        call(prices=-1)
    with pytest.raises(ValueError, match="one per name"):
        call(sums=2)  # parts by (country, price): one name and one price
    with pytest.raises(ValueError, match="three counts are needed"):
        call(counts=False)
    with pytest.raises(ValueError, match="one per price"):
        call(units=(5, 5))
    with pytest.raises(ValueError, match="cost two words"):
        call(cost=False)
    with pytest.raises(ValueError, match="63 bits"):
        call(units=(BIG,))
    with pytest.raises(ValueError, match="63 bits"):
        call(units=(-1,))


ROWS = [
    ("351912345678", "Olá"),  # PT, priced
    ("34612345678", "x" * 200),  # ES: priced in the small table only
    ("12", "y"),  # no valid recipient
    ("351912345679", ""),  # no message (104)
    ("447700900123", "😀" * 100),  # GB: no price
]


@pytest.mark.parametrize(
    "table",
    [
        "PT,0.0450,EUR\nES,0.07,EUR\n",
        "PT,999999999999.9999999999,EUR\n",  # costs past 63 bits: multiplied in Python
        "FR,999999999999.9999999999,EUR\n",  # the same, and no row priced
    ],
)
@pytest.mark.parametrize("rows", [ROWS, [("12", "a"), ("+351912345678", "b")] * 3], ids=["mixed", "invalid"])
def test_a_check_on_the_engine_is_the_check_on_its_twin(tmp_path, monkeypatch, table, rows):
    path = tmp_path / "c.csv"
    path.write_text("to,message\n" + "".join(f"{to},{message}\n" for to, message in rows), encoding="utf-8")
    prices = load_price_table(str(write(tmp_path / "p.csv", "destination,price,currency\n" + table)))
    checks = {}
    for engine in (True, False):
        if not engine:
            monkeypatch.setattr(account, "compiled", None)
        out = tmp_path / f"{engine}.parquet"
        report = run_check(str(path), to_column="to", prices=prices, output=str(out))
        checks[engine] = (report.to_dict(), pq.read_table(out))
    (summary, table_out), (twin_summary, twin_table) = checks[True], checks[False]
    summary.pop("seconds", None), twin_summary.pop("seconds", None)
    assert summary == twin_summary
    assert table_out.equals(twin_table)
    assert pa.types.is_decimal(table_out.schema.field("cost").type)
