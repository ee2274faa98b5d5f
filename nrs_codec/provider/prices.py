"""Price tables: the price of one SMS part per destination, for cost prediction.

A destination is an ISO 3166-1 alpha-2 country (``PT``) or an E.164 prefix (``+3519``). For a
recipient the longest matching prefix wins, then its country. Prices are ``Decimal`` from the text
of the file, never floats, so that a total is exact to the last digit. A table holds one currency:
totals across currencies would need exchange rates, which a price table does not have.

Files are CSV with the header ``destination,price,currency`` (a line ends at LF, CR LF or CR, as
the csv module reads; blank lines and ``#`` comments are skipped) or JSON: a list of
``{"destination", "price", "currency"}`` objects, or an object with such a list under ``"prices"``.

A price is written in ASCII digits with an optional sign, point and exponent (``0.005``, ``5E-3``),
and has at most ``PRICE_DIGITS`` digits before the point and ``PRICE_DECIMALS`` after it
(0.0000000001 to 999,999,999,999.9999999999 in any currency): every cost of a campaign check
then fits an exact decimal column, a price times up to 65,535 parts.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers

from .._text import code_case
from ..core.engine import compiled
from .money import EXACT, currency_code, decimal_amount

if TYPE_CHECKING:
    import numpy as np

_BUILDING = threading.Lock()  # a table's trie (``PriceTable._walk``) is built by one thread
_PREFIX = re.compile(r"\+[1-9][0-9]{0,14}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_COLUMNS = ("destination", "price", "currency")
_LINE_END = re.compile(r"\r\n|\r|\n")
PRICE_DIGITS = 12
PRICE_DECIMALS = 10
# A price file is read whole before it is parsed. An operator's tariff (every country and a few
# thousand prefixes) is well under a megabyte, and a million prefixes some 30 MB: 64 MiB leaves
# room for any real table while a wrong path (a disk image, a log) is refused before it is read.
MAX_PRICE_FILE_BYTES = 64 * 1024 * 1024


def price_problem(amount: object) -> str | None:
    """What is wrong with ``amount`` as a price (None: nothing): not a finite ``Decimal``, below
    0, or more digits than a price has."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return f"{amount!r} is not a finite Decimal"
    if amount < 0:
        return "must be 0 or more"
    _, digits, exponent = amount.as_tuple()
    decimals, whole = max(0, -exponent), max(0, len(digits) + exponent)  # type: ignore[operator]
    if decimals > PRICE_DECIMALS:
        return f"has {decimals} decimals; a price has at most {PRICE_DECIMALS}"
    if whole > PRICE_DIGITS:
        return f"has {whole} digits before the point; a price has at most {PRICE_DIGITS}"
    return None


def _trie(prefixes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The engine's trie of ``prefixes`` (``+`` and digits): ``next[node, digit]`` (node 1 the
    root, 0 none) and ``ends[node]``, the index of the prefix that ends there (-1: none)."""
    import numpy as np

    rows, ends = [[0] * 10, [0] * 10], [-1, -1]
    for k, prefix in enumerate(prefixes):
        node = 1
        for c in prefix[1:]:
            d = ord(c) - 48
            if not rows[node][d]:
                rows.append([0] * 10)
                ends.append(-1)
                rows[node][d] = len(rows) - 1
            node = rows[node][d]
        ends[node] = k
    return np.array(rows, dtype=np.int32), np.array(ends, dtype=np.int32)


def _longest_prefixes(numbers, trie: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Each row of ``numbers`` (a pyarrow string array) as the index of its longest prefix in
    the prefixes of ``trie`` and ``ends`` (``_trie``; -1: none), by the engine."""
    import numpy as np
    import pyarrow as pa

    from .._columns import string_buffers

    assert compiled is not None
    if not pa.types.is_string(numbers.type):  # large_string, string_view: read from 32-bit offsets
        numbers = numbers.cast(pa.string())
    out = np.empty(len(numbers), dtype=np.int64)
    offsets, data, bits, first = string_buffers(numbers)
    compiled.longest_prefixes(offsets, data, bits, first, trie, ends, out)
    return out


class PriceTableError(ValueError):
    """A price file that cannot be read as a price table; the message names the file and line."""

    def __init__(self, source: str, where: str, problem: str):
        self.source = source
        self.where = where
        self.problem = problem
        super().__init__(f"{source}: {where}: {problem}" if where else f"{source}: {problem}")


@dataclass(frozen=True, slots=True)
class Price:
    """The price of one SMS part for a destination, and the table entry that gave it."""

    destination: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class PriceTable:
    """Prices per part by destination, in one currency; ``lookup`` finds a recipient's price.

    The prices are read when the table is made: a table is not changed afterwards (its
    ``countries`` and ``prefixes`` are what it was made from; make a new table instead)."""

    currency: str
    countries: dict[str, Decimal] = field(default_factory=dict)
    prefixes: dict[str, Decimal] = field(default_factory=dict)
    source: str = "<table>"
    # Worked out once from the prices, not for each block of rows that a check looks up (a
    # provider's tariff has a price for every country and thousands of prefixes):
    # ``scale``, the most decimals of a price, and ``precision``, the digits of the largest
    # price at that scale, make the decimal type of an exact cost (a price times parts).
    scale: int = field(init=False, compare=False)
    precision: int = field(init=False, compare=False)
    _order: tuple[str, ...] = field(init=False, repr=False, compare=False)  # longest prefix first
    _entries: dict[str, Price] = field(init=False, repr=False, compare=False)  # by destination
    _units: dict[str, int] = field(init=False, repr=False, compare=False)  # amounts at ``scale``
    _walk: list = field(init=False, repr=False, compare=False)  # the engine's trie, once built

    def __post_init__(self) -> None:
        entries = [*self.countries.items(), *self.prefixes.items()]
        for destination, amount in entries:
            if (problem := price_problem(amount)) is not None:
                raise ValueError(f"price of {destination}: {problem}")
        shapes = [amount.as_tuple() for _, amount in entries]
        scale = max([max(0, -t.exponent) for t in shapes], default=0)  # type: ignore[operator]
        precision = max([len(t.digits) + max(0, t.exponent) + scale for t in shapes], default=1)  # type: ignore[operator]
        derived = {
            "scale": scale,
            "precision": precision,
            "_order": tuple(sorted(self.prefixes, key=len, reverse=True)),
            "_entries": {d: Price(d, amount, self.currency) for d, amount in entries},
            "_units": {d: int(EXACT.scaleb(amount, scale)) for d, amount in entries},
            "_walk": [],
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def units(self, price: Price) -> int:
        """The amount of ``price``, one of this table's, as a whole number of units of the
        table's ``scale`` (an exact integer)."""
        return self._units[price.destination]

    def lookup(self, number: str, country: str | None = None) -> Price | None:
        """The price for ``number`` (digits with country prefix, no ``+``): the longest prefix
        that matches, else the country's price, else None."""
        e164 = "+" + number
        for end in range(min(len(e164), 16), 1, -1):
            price = self._entries.get(e164[:end])
            if price is not None:
                return price
        return self._of_country(country)

    def _of_country(self, country: str | None) -> Price | None:
        """The price of ``country`` (an ISO code; None: none), never a prefix's."""
        return None if country is None or country.startswith("+") else self._entries.get(country)

    def lookup_many(self, numbers, country, names, *, engine: bool = True) -> tuple[list[Price], np.ndarray]:
        """``lookup`` for a column at once: ``numbers`` a pyarrow string array (digits with the
        country prefix, no ``+``), ``country`` each row's country as an index into ``names``
        (-1: none). Returns the distinct prices that apply and, for each row, the index of its
        price in them (a NumPy array; -1: no price). The compiled engine finds every row's
        longest prefix in one walk down a trie of the table's prefixes, however many; without
        it (or ``engine`` False) each prefix is matched against the whole column, longest first.
        Each country is looked up once."""
        import numpy as np

        order, entries = self._order, self._entries
        prices: list[Price] = []
        if engine and compiled is not None and order:
            if not self._walk:
                with _BUILDING:  # threads that meet the table first build its trie once
                    if not self._walk:
                        self._walk.append(_trie(order))
            hit = _longest_prefixes(numbers, *self._walk[0])
            which = np.full(len(order) + 1, -1, dtype=np.int64)  # the last one: no prefix
            for j in np.flatnonzero(np.bincount(hit + 1, minlength=1)[1:]).tolist():
                which[j] = len(prices)
                prices.append(entries[order[j]])
            which = which[hit]
        else:
            which = self._prefixes_matched(numbers, order, prices)
        by_name = np.full(len(names) + 1, -1, dtype=np.int64)  # the last one: no country
        for j, name in enumerate(names):
            if (price := self._of_country(name)) is not None:
                by_name[j] = len(prices)
                prices.append(price)
        rest = which < 0
        which[rest] = by_name[country[rest]]
        return prices, which

    def _prefixes_matched(self, numbers, order: list[str], prices: list[Price]) -> np.ndarray:
        """Each row's longest prefix of ``order`` (longest first) as an index into ``prices``,
        which gains the prefixes met; a pass over the column per prefix."""
        import numpy as np
        import pyarrow.compute as pc

        from .._columns import to_bool

        which = np.full(len(numbers), -1, dtype=np.int64)
        for prefix in order:
            hit = to_bool(pc.starts_with(numbers, prefix[1:])) & (which < 0)
            if hit.any():
                which[hit] = len(prices)
                prices.append(self._entries[prefix])
        return which

    @classmethod
    def from_rows(cls, rows, source: str = "<table>") -> PriceTable:
        """Build a table from ``(where, destination, price, currency)`` rows; ``where`` (e.g.
        ``"line 4"``) is used in error messages."""
        countries: dict[str, Decimal] = {}
        prefixes: dict[str, Decimal] = {}
        currency = None
        first: dict[str, str] = {}
        for where, destination, price, cur in rows:
            dest, amount, cur = _parse_row(source, where, destination, price, cur)
            if currency is None:
                currency, currency_at = cur, where
            elif cur != currency:
                raise PriceTableError(
                    source,
                    where,
                    f"currency {cur} differs from {currency} ({currency_at}): one table, one currency",
                )
            if dest in first:
                raise PriceTableError(source, where, f"destination {dest} already priced ({first[dest]})")
            first[dest] = where
            (prefixes if dest.startswith("+") else countries)[dest] = amount
        if currency is None:
            raise PriceTableError(source, "", "no prices in the table")
        return cls(currency, countries, prefixes, source)


def _parse_row(source: str, where: str, destination, price, currency) -> tuple[str, Decimal, str]:
    if not isinstance(destination, str) or not destination.strip():
        raise PriceTableError(source, where, f"destination missing or not text: {destination!r}")
    dest = code_case(destination)
    if _PREFIX.fullmatch(dest):
        pass
    elif _COUNTRY.fullmatch(dest):
        if dest not in phonenumbers.SUPPORTED_REGIONS:
            raise PriceTableError(source, where, f"{dest} is not a country with telephone numbers")
    else:
        raise PriceTableError(
            source,
            where,
            f"destination {destination!r} is neither a country (PT) nor an E.164 prefix (+3519)",
        )
    if isinstance(price, float):  # JSON numbers are read as text, never as floats
        raise PriceTableError(source, where, f"price {price!r} must be a decimal number")
    try:
        amount = decimal_amount(price, "price")
        code = currency_code(currency)
    except (TypeError, ValueError) as exc:
        raise PriceTableError(source, where, str(exc)) from None
    if (problem := price_problem(amount)) is not None:
        raise PriceTableError(source, where, f"price {price!r} {problem}")
    return dest, amount, code


def _cells(source: str, n: int, line: str) -> list[str]:
    """The cells of CSV line ``n``; what the csv module cannot split (a cell over its field size
    limit, 128 KiB) is an error naming the line."""
    try:
        return next(csv.reader([line]))
    except csv.Error as exc:
        raise PriceTableError(source, f"line {n}", f"not a CSV row: {exc}") from None


def _csv_rows(text: str, source: str):
    # Lines end as the csv module ends them: str.splitlines() would also end one at U+2028, U+0085,
    # \x0b, \x0c and others inside a cell, and every line number after it would be wrong.
    lines = [(n, line) for n, line in enumerate(_LINE_END.split(text), start=1)]
    content = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        raise PriceTableError(source, "", "empty file: expected the header destination,price,currency")
    header_at, header = content[0]
    names = [c.strip().lower() for c in _cells(source, header_at, header)]
    if tuple(names) != _COLUMNS:
        raise PriceTableError(
            source, f"line {header_at}", f"header {header!r} is not destination,price,currency"
        )
    for n, line in content[1:]:
        cells = _cells(source, n, line)
        if len(cells) != 3:
            raise PriceTableError(source, f"line {n}", f"expected 3 columns, found {len(cells)}: {line!r}")
        yield (f"line {n}", *cells)


def _json_rows(text: str, source: str):
    try:
        data = json.loads(text, parse_float=str, parse_int=str)
    except json.JSONDecodeError as exc:
        raise PriceTableError(
            source, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:  # json.loads recurses per level; a table is a list of flat objects
        raise PriceTableError(
            source, "", "invalid JSON: nested too deeply for a price table (a list of objects)"
        ) from None
    entries = data.get("prices") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise PriceTableError(source, "", 'expected a list of prices, or an object with a "prices" list')
    for n, entry in enumerate(entries, start=1):
        where = f"entry {n}"
        if not isinstance(entry, dict):
            raise PriceTableError(source, where, f"expected an object with {', '.join(_COLUMNS)}")
        missing = [k for k in _COLUMNS if k not in entry]
        if missing:
            raise PriceTableError(source, where, f"missing {', '.join(missing)}")
        yield (where, entry["destination"], entry["price"], entry["currency"])


def parse_prices(text: str, *, format: str = "csv", source: str = "<text>") -> PriceTable:
    """A table from CSV or JSON text (``format`` is ``"csv"`` or ``"json"``)."""
    if format == "csv":
        return PriceTable.from_rows(_csv_rows(text, source), source)
    if format == "json":
        return PriceTable.from_rows(_json_rows(text, source), source)
    raise ValueError(f"format must be 'csv' or 'json', not {format!r}")


def _read_price_file(path: Path) -> str:
    """The text of the price file ``path``: a regular file of at most ``MAX_PRICE_FILE_BYTES``."""
    source = str(path)
    # Opened without blocking: a FIFO with no writer would otherwise wait here for ever.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    too_large = PriceTableError(
        source, "", f"larger than {MAX_PRICE_FILE_BYTES // 2**20} MiB, the most a price table may be"
    )
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), source)
        if not stat.S_ISREG(info.st_mode):  # a pipe (<(...), /dev/stdin) or a device (/dev/zero)
            raise PriceTableError(source, "", "not a regular file: save what it gives to a file and use that")
        if info.st_size > MAX_PRICE_FILE_BYTES:
            raise too_large
        with open(fd, "rb", closefd=False) as file:
            data = file.read(MAX_PRICE_FILE_BYTES + 1)  # it may have grown since: never more than this
    finally:
        os.close(fd)
    if len(data) > MAX_PRICE_FILE_BYTES:
        raise too_large
    return data.decode("utf-8-sig")


def load_prices(path: str | Path) -> PriceTable:
    """A table from a ``.csv`` or ``.json`` file (any other suffix is read as CSV).

    The file must be a regular file (not a pipe or a device) of at most ``MAX_PRICE_FILE_BYTES``
    (64 MiB). Raises ``PriceTableError`` naming the file, and the line for a malformed row,
    ``OSError`` when the file cannot be opened, ``UnicodeDecodeError`` when it is not UTF-8.
    """
    path = Path(path)
    text = _read_price_file(path)
    return parse_prices(text, format="json" if path.suffix.lower() == ".json" else "csv", source=str(path))


def example_prices() -> PriceTable:
    """The bundled EXAMPLE table (0.005 EUR per part, as the provider's sample sending of 4 parts
    for 0.02 EUR): for trying pre-flight out, not the provider's tariff."""
    text = resources.files(__package__).joinpath("example_prices.csv").read_text(encoding="utf-8")
    return parse_prices(text, source="nrs_codec/provider/example_prices.csv")


__all__ = ["Price", "PriceTable", "PriceTableError", "example_prices", "load_prices", "parse_prices"]
