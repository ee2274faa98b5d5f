"""Price tables and cost prediction: exact decimals, longest prefix first, unknown prices."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from _backends import COMPILED

from nrs_codec import PriceTable, PriceTableError, example_prices, load_prices, parse_prices, preflight

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
TABLE = """\
# test prices
destination,price,currency
PT,0.005,EUR
+3519,0.0045,EUR
+35196,0.0041,EUR
FR,0.0062,EUR
ES,0.0051,EUR
US,0.1,EUR
"""


def send(to, message="Hello", parts=1, prices=None):
    body = {"to": to, "from": "ACME", "message": message, "parts": parts}
    return preflight(body, prices=prices or parse_prices(TABLE), now=NOW)


def test_longest_prefix_wins_over_a_shorter_one_and_the_country():
    table = parse_prices(TABLE)
    assert table.lookup("351961234567", "PT").destination == "+35196"
    assert table.lookup("351912345678", "PT").destination == "+3519"
    assert table.lookup("351212345678", "PT").destination == "PT"
    assert table.lookup("33612345678", "FR").amount == Decimal("0.0062")
    assert table.lookup("573001234567", "CO") is None


def test_cost_across_countries_and_prefixes_is_exact():
    to = ["351961234567", "351912345678", "351212345678", "33612345678", "34612345678"]
    v = send(to, message="x" * 200, parts=2)
    assert v.parts == 2 and v.total_sms_parts == 10
    assert [r.cost for r in v.recipients] == [
        Decimal("0.0082"),
        Decimal("0.0090"),
        Decimal("0.010"),
        Decimal("0.0124"),
        Decimal("0.0102"),
    ]
    assert v.cost == Decimal("0.0498")
    assert v.to_dict()["cost"] == "0.0498"


def test_no_binary_float_drift():
    v = send(["12025550123"] * 3)  # 0.1 three times: 0.30000000000000004 in binary floats
    assert v.to_dict()["cost"] == "0.3"


def test_unknown_price_leaves_the_cost_unknown_with_a_warning():
    v = send(["351912345678", "573001234567", "573001234568"])
    assert v.ok and v.cost is None and v.to_dict()["cost"] is None
    (w,) = [w for w in v.warnings if w.rule == "no-price"]
    assert (w.country, w.recipients) == ("CO", 2)
    assert [r.to_dict()["cost"] for r in v.recipients] == ["0.0045", None, None]


def test_without_a_table_the_cost_is_unknown_and_said_so():
    v = preflight({"to": ["351912345678"], "from": "A", "message": "x"}, now=NOW)
    assert v.cost is None and v.currency is None
    assert [w.rule for w in v.warnings] == ["no-prices"]


def test_example_table_reproduces_the_providers_sample_sending():
    # The provider's sample: total 2, totalSmsParts 4, cost 0.02 EUR.
    v = send(["351912345678", "351912345679"], message="x" * 300, parts=2, prices=example_prices())
    assert (v.total, v.total_sms_parts, v.cost, v.currency) == (2, 4, Decimal("0.020"), "EUR")


def test_load_csv_and_json_files(tmp_path):
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("\ufeffdestination,price,currency\r\npt,0.005,eur\r\n", encoding="utf-8")
    json_file = tmp_path / "p.json"
    json_file.write_text(
        '{"prices": [{"destination": "PT", "price": 0.005, "currency": "EUR"},'
        ' {"destination": "+3519", "price": "0.0045", "currency": "EUR"}]}',
        encoding="utf-8",
    )
    assert load_prices(csv_file).countries == {"PT": Decimal("0.005")}
    table = load_prices(json_file)
    assert table.countries == {"PT": Decimal("0.005")} and table.prefixes == {"+3519": Decimal("0.0045")}
    assert str(table.countries["PT"]) == "0.005"  # read from the text, not through a float


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("destination,price\nPT,1\n", "line 1", "header"),
        ("destination,price,currency\nPT,abc,EUR\n", "line 2", "not a decimal"),
        ("destination,price,currency\nPT,-1,EUR\n", "line 2", "0 or more"),
        ("destination,price,currency\nPT,NaN,EUR\n", "line 2", "finite"),
        ("destination,price,currency\nPT,0.00000000001,EUR\n", "line 2", "11 decimals; .* at most 10"),
        ("destination,price,currency\nPT,1E12,EUR\n", "line 2", "13 digits before the point; .* at most 12"),
        ("destination,price,currency\nPT,1_000,EUR\n", "line 2", "'1_000' is not a decimal number in ASCII"),
        ("destination,price,currency\nPT,\u0660.\u0665,EUR\n", "line 2", "'\u0660.\u0665' is not a decimal"),
        ("destination,price,currency\nPT,\uff11,EUR\n", "line 2", "'\uff11' is not a decimal number"),
        ("destination,price,currency\nPortugal,1,EUR\n", "line 2", "neither a country"),
        ("destination,price,currency\nZZ,1,EUR\n", "line 2", "not a country"),
        ("destination,price,currency\n+0351,1,EUR\n", "line 2", "neither a country"),
        ("destination,price,currency\nPT,1,EURO\n", "line 2", "ISO 4217"),
        # "ſ".upper() is "S": neither is ES, nor USD (only ASCII is put in capitals).
        ("destination,price,currency\neſ,1,EUR\n", "line 2", "neither a country"),
        ("destination,price,currency\nPT,1,uſd\n", "line 2", "ISO 4217"),
        ("destination,price,currency\nPT,1,EUR,x\n", "line 2", "3 columns"),
        ("destination,price,currency\n\n# c\nPT,1,EUR\npt,2,EUR\n", "line 5", r"already priced \(line 4\)"),
        ("destination,price,currency\nPT,1,EUR\nES,1,USD\n", "line 3", "differs from EUR"),
    ],
)
def test_malformed_csv_names_file_and_line(text, where, problem):
    with pytest.raises(PriceTableError, match=problem) as info:
        parse_prices(text, source="prices.csv")
    assert str(info.value).startswith(f"prices.csv: {where}: ")


def test_prices_in_ascii_decimal_notation_with_sign_exponent_and_spaces_around():
    cells = {"PT": " 0.005 ", "ES": "+0.0051", "FR": "62E-4", "US": ".1", "DE": "7.", "IT": "1e+1"}
    rows = "".join(f"{d},{p},EUR\n" for d, p in cells.items())
    table = parse_prices("destination,price,currency\n" + rows)
    want = {"PT": "0.005", "ES": "0.0051", "FR": "0.0062", "US": "0.1", "DE": "7", "IT": "1E+1"}
    assert table.countries == {d: Decimal(p) for d, p in want.items()}
    json_table = parse_prices('[{"destination": "PT", "price": 5e-3, "currency": "EUR"}]', format="json")
    assert json_table.countries == {"PT": Decimal("0.005")}


@pytest.mark.parametrize("inside", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_only_newlines_end_a_csv_line(inside):
    # As the csv module reads a file: str.splitlines() also broke lines at these, so the rows
    # after one were numbered wrong and a row holding one was split in two.
    text = f"destination,price,currency\nPT,0.005,EUR{inside}\nFR,x,EUR\n"
    with pytest.raises(PriceTableError) as info:
        parse_prices(text, source="p.csv")
    assert str(info.value) == "p.csv: line 3: price 'x' is not a decimal number"
    with pytest.raises(PriceTableError) as info:
        parse_prices(f"destination,price,currency\nPT,0.0{inside}05,EUR\n", source="p.csv")
    assert str(info.value) == f"p.csv: line 2: price {'0.0' + inside + '05'!r} is not a decimal number"


def test_crlf_and_cr_each_end_one_csv_line():
    text = "destination,price,currency\rPT,0.005,EUR\r\n\r\nES,1,EUR\nFR,x,EUR\r"
    with pytest.raises(PriceTableError) as info:
        parse_prices(text, source="p.csv")
    assert str(info.value) == "p.csv: line 5: price 'x' is not a decimal number"


def test_a_csv_cell_past_the_csv_modules_limit_names_its_line():
    # The csv module raised its own csv.Error, which no caller took for a price table's error.
    for text, where in [
        ("destination,price,currency\nPT,0.005,EUR\nES," + "1" * 200_000 + ",EUR\n", "line 3"),
        ("# prices\n" + "d" * 200_000 + ",price,currency\n", "line 2"),
    ]:
        with pytest.raises(PriceTableError) as info:
            parse_prices(text, source="p.csv")
        assert str(info.value) == f"p.csv: {where}: not a CSV row: field larger than field limit (131072)"


def test_malformed_json_names_file_and_place(tmp_path):
    bad = tmp_path / "p.json"
    bad.write_text('[\n{"destination": "PT", "price": 1 "currency": "EUR"}]', encoding="utf-8")
    with pytest.raises(PriceTableError, match=r"p\.json: line 2 column 34: invalid JSON"):
        load_prices(bad)
    with pytest.raises(PriceTableError, match="entry 2: missing currency"):
        parse_prices(
            '[{"destination": "PT", "price": 1, "currency": "EUR"}, {"destination": "ES", "price": 1}]',
            format="json",
        )
    with pytest.raises(
        PriceTableError, match="entry 1: price '1_000' is not a decimal number in ASCII digits"
    ):
        parse_prices('[{"destination": "PT", "price": "1_000", "currency": "EUR"}]', format="json")
    with pytest.raises(PriceTableError, match="entry 1: price '\u0661' is not a decimal number in ASCII"):
        parse_prices('[{"destination": "PT", "price": "\\u0661", "currency": "EUR"}]', format="json")
    with pytest.raises(PriceTableError, match="entry 1: price True"):
        parse_prices('[{"destination": "PT", "price": true, "currency": "EUR"}]', format="json")


def test_json_nested_too_deeply_is_a_price_table_error(tmp_path):
    # json.loads recurses once per level: without a bound of its own, a RecursionError.
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(PriceTableError) as info:
        load_prices(deep)
    assert str(info.value) == f"{deep}: invalid JSON: nested too deeply for a price table (a list of objects)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/null are POSIX")
def test_a_price_file_must_be_a_regular_file(tmp_path):
    # A pipe with no writer made the read wait for ever; /dev/zero was read until memory ran out.
    fifo = tmp_path / "prices.csv"
    os.mkfifo(fifo)
    for path in (fifo, os.devnull):
        with pytest.raises(PriceTableError) as info:
            load_prices(path)
        assert str(info.value) == f"{path}: not a regular file: save what it gives to a file and use that"


def test_a_price_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    from nrs_codec.provider import prices as module

    assert module.MAX_PRICE_FILE_BYTES == 64 * 1024 * 1024
    big = tmp_path / "prices.csv"
    with big.open("wb") as f:
        f.truncate(module.MAX_PRICE_FILE_BYTES + 1)  # sparse: no disk, and never read
    with pytest.raises(PriceTableError) as info:
        load_prices(big)
    assert str(info.value) == f"{big}: larger than 64 MiB, the most a price table may be"
    exact = "destination,price,currency\nPT,0.005,EUR\n"
    big.write_text(exact, encoding="utf-8")
    monkeypatch.setattr(module, "MAX_PRICE_FILE_BYTES", len(exact))
    assert load_prices(big).countries == {"PT": Decimal("0.005")}  # at the limit: read
    big.write_text(exact + "\n", encoding="utf-8")
    with pytest.raises(PriceTableError, match="larger than"):
        load_prices(big)


def test_prices_at_their_bounds_are_exact_and_a_table_made_in_code_is_held_to_them():
    # The bounds (12 digits before the point, 10 after) keep every cost of a check within an
    # exact decimal column; at them, the costs are exact to the last digit, past the 28 digits the
    # default decimal context keeps.
    table = parse_prices("destination,price,currency\nPT,999999999999.9999999999,EUR\nES,1E11,EUR\n")
    price = table.lookup("351912345678", "PT")
    assert price is not None and str(price.amount) == "999999999999.9999999999"
    v = send(["351912345678"] * 3, message="x" * 500, parts=4, prices=table)
    assert v.to_dict()["cost"] == "11999999999999.9999999988"  # 4 parts to each of 3: 26 digits
    assert v.cost == Decimal("11999999999999.9999999988")
    with pytest.raises(ValueError, match="price of PT: has 11 decimals"):
        PriceTable("EUR", countries={"PT": Decimal("0.00000000001")})
    with pytest.raises(ValueError, match=r"price of \+3519: 0\.5 is not a finite Decimal"):
        PriceTable("EUR", prefixes={"+3519": 0.5})


def test_a_tables_decimal_shape_and_units_are_its_prices_and_travel_with_it():
    # The cost column's decimal type and each price in whole units are worked out once, when the
    # table is made (a check looks prices up a block at a time), and travel with it to a cluster.
    import pickle

    table = parse_prices("destination,price,currency\nPT,0.005,EUR\n+3519,12.5,EUR\nES,7,EUR\n")
    # Three decimals (0.005); 12.5 counts its three digits and the table's three decimals: at
    # least the digits of 12.500, whatever its own decimals.
    assert (table.scale, table.precision) == (3, 6)
    units = {
        p.destination: table.units(p) for p in (table.lookup("351912345678", "PT"), table.lookup("1", "ES"))
    }
    assert units == {"+3519": 12_500, "ES": 7_000}
    again = pickle.loads(pickle.dumps(table))
    assert again == table and (again.scale, again.precision) == (3, 6)
    assert again.lookup("351912345678", "PT") == table.lookup("351912345678", "PT")
    assert again.units(again.lookup("351212345678", "PT")) == 5
    assert PriceTable("EUR", countries={"PT": Decimal("999999999999.9999999999")}).precision == 32
    assert PriceTable("EUR", countries={"PT": Decimal("1E11")}).precision == 12


def test_empty_table_is_an_error():
    with pytest.raises(PriceTableError, match="empty file"):
        parse_prices("# nothing\n", source="x.csv")
    with pytest.raises(PriceTableError, match="no prices"):
        parse_prices("destination,price,currency\n", source="x.csv")


def _paths():
    return [pytest.param(False, id="per-prefix")] + ([pytest.param(True, id="engine")] if COMPILED else [])


@pytest.mark.parametrize("engine", _paths())
def test_lookup_many_equals_lookup_row_by_row(engine):
    import numpy as np
    import pyarrow as pa

    table = parse_prices(
        "destination,price,currency\nPT,0.005,EUR\n+3519,0.004,EUR\n+35196,0.0035,EUR\nFR,0.006,EUR\n+800,0.1,EUR\n"
    )
    numbers = ["351912345678", "351961234567", "351212345678", "33612345678", "80012345678", "4915112345678"]
    countries = ["PT", "PT", "PT", "FR", "non-geographic", "DE"]
    numbers, countries = numbers + [None], countries + [None]
    names = sorted({c for c in countries if c})
    ids = np.array([names.index(c) if c else -1 for c in countries])
    prices, which = table.lookup_many(pa.array(numbers), ids, names, engine=engine)
    for n, c, w in zip(numbers, countries, which, strict=True):
        want = None if n is None else table.lookup(n, c)
        assert (prices[w] if w >= 0 else None) == want, n


@pytest.mark.parametrize("kind", ["string", "large_string"])
@pytest.mark.parametrize("engine", _paths())
def test_lookup_many_with_hundreds_of_nested_prefixes(engine, kind):
    """An operator tariff: 400 prefixes of 1 to 15 digits, many inside others, against numbers
    that share their starts, run past them, stop short, or hold other characters."""
    import random

    import numpy as np
    import pyarrow as pa

    rnd = random.Random(4)
    prefixes = {
        "+" + "".join(rnd.choice("123") + rnd.choice("0123456789") * rnd.randint(0, 14))[:15]
        for _ in range(400)
    }
    rows = ["destination,price,currency", "PT,0.01,EUR"]
    rows += [f"{p},0.{i + 1:04d},EUR" for i, p in enumerate(sorted(prefixes))]
    table = parse_prices("\n".join(rows) + "\n")
    numbers: list = []
    for _ in range(5_000):
        p = rnd.choice(sorted(prefixes))[1:]
        numbers.append(rnd.choice([p, p[:-1], p + "".join(rnd.choices("0123456789", k=rnd.randint(1, 9)))]))
    numbers += ["", "+3519", "35a19", None, "9" * 40, "1" * 15, "١٢٣"]
    column = pa.array(["x", *numbers], getattr(pa, kind)()).slice(1)
    # Every row PT (the country's price when no prefix matches), but the null one: no country.
    ids = np.array([-1 if n is None else 0 for n in numbers], dtype=np.int64)
    prices, which = table.lookup_many(column, ids, ("PT",), engine=engine)
    got = [prices[w] if w >= 0 else None for w in which.tolist()]
    assert got == [None if n is None else table.lookup(n, "PT") for n in numbers]
    assert sum(p is not None and p.destination != "PT" for p in got) > 3_000


@pytest.mark.skipif(not COMPILED, reason="the trie is the compiled engine's")
def test_threads_meeting_a_table_at_once_build_its_trie_once(monkeypatch):
    # A cluster's worker starts several partitions at once: each thread's first lookup finds no
    # trie, and without a lock each built its own (the same, kept side by side).
    import threading
    import time

    import numpy as np
    import pyarrow as pa

    from nrs_codec.provider import prices as module

    built = []

    def slow_trie(order):
        built.append(order)
        time.sleep(0.05)  # long enough for every thread to look for the trie meanwhile
        return real(order)

    real = module._trie
    monkeypatch.setattr(module, "_trie", slow_trie)
    table = parse_prices(TABLE)
    numbers = pa.array(["351961234567", "351912345678", "33612345678"])
    got, start = [], threading.Barrier(6)

    def look():
        start.wait()
        got.append(table.lookup_many(numbers, np.array([0, 0, 1]), ("PT", "FR")))

    threads = [threading.Thread(target=look) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    for prices, which in got:
        assert [prices[w].destination for w in which] == ["+35196", "+3519", "FR"]
