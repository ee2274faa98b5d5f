"""The running report of a campaign check: totals, costs by country, and examples of each error."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .._text import plural
from ..batch.results import Totals
from ..core.rules import ENCODINGS
from ..provider.money import EXACT, format_money, money_digits
from .errors import CHECK_REASONS

EXAMPLES_PER_ERROR = 5


@dataclass
class Report:
    """What a check found: totals over the rows, costs by country, and examples of each error."""

    path: str
    totals: Totals = field(default_factory=Totals)
    errors: Counter = field(default_factory=Counter)
    # code -> the first rows with it, in file order: (index of the file in ``files``, row, why)
    examples: dict[int, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    parts_by_price: Counter = field(default_factory=Counter)  # (country, currency, price) -> parts
    rows_by_country: Counter = field(default_factory=Counter)
    unpriced: Counter = field(default_factory=Counter)  # country -> rows without a price
    priced: bool = False
    unparsed_rows: int = 0  # malformed CSV rows: counted, but never analysed
    files: tuple[str, ...] = ()  # a check of several files: each one; else only ``path``
    several: bool = False  # rows name their file: several files, or a set of them (``Settings``)

    @property
    def rows(self) -> int:
        return self.totals.rows + self.unparsed_rows

    def note(self, code: int, row: int, why: str, file: int = 0) -> None:
        """An example of error ``code``. The examples kept are the first rows in file order
        whatever order they are noted in, so a check in blocks or in partitions keeps the same."""
        kept = self.examples[code]
        if len(kept) < EXAMPLES_PER_ERROR or (file, row) < kept[-1][:2]:
            bisect.insort(kept, (file, row, why))
            del kept[EXAMPLES_PER_ERROR:]

    def add(self, other: Report) -> None:
        """Add the counts of ``other``, the report of another part of the same check."""
        self.totals += other.totals
        self.errors.update(other.errors)
        for code, examples in other.examples.items():
            for file, row, why in examples:
                self.note(code, row, why, file)
        self.parts_by_price.update(other.parts_by_price)
        self.rows_by_country.update(other.rows_by_country)
        self.unpriced.update(other.unpriced)
        self.unparsed_rows += other.unparsed_rows

    def _where(self, file: int, row: int) -> dict:
        return {"file": self.files[file], "row": row} if self.several else {"row": row}

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
            entry["cost"] = EXACT.add(entry["cost"], EXACT.multiply(price, parts))
        return out

    def to_dict(self) -> dict:
        t = self.totals
        data = {
            **({"files": list(self.files)} if self.several else {"file": self.path}),
            "rows": self.rows,
            "encodings": t.encodings,
            "partsHistogram": {str(k): v for k, v in t.parts_histogram.items()},
            "totalSmsParts": t.total_parts,
            "errors": {
                str(code): {
                    "reason": CHECK_REASONS.get(code, "error"),
                    "rows": n,
                    "examples": [
                        {**self._where(f, r), "why": why} for f, r, why in self.examples.get(code, [])
                    ],
                }
                for code, n in sorted(self.errors.items())
            },
        }
        if self.priced:
            data["costByCountry"] = [
                {**c, "cost": format_money(c["cost"]), "rows": self.rows_by_country[c["country"]]}
                for c in self.costs().values()
            ]
            data["unpriced"] = dict(sorted(self.unpriced.items()))
        return data

    def lines(self) -> list[str]:
        t = self.totals
        rows = self.rows
        out = [f"{self.path}: {plural(rows, 'row')}"]
        if self.several:
            out = [f"{plural(len(self.files), 'file')}: {plural(rows, 'row')}"]
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
                by_currency: Counter = Counter()
                for c in costs.values():
                    by_currency[c["currency"]] += c["cost"]
                # One number of decimals per currency, so that the column of costs lines up.
                digits = {
                    k: money_digits(k, [c["cost"] for c in costs.values() if c["currency"] == k])
                    for k in by_currency
                }
                for c in costs.values():
                    n = self.rows_by_country[c["country"]]
                    amount = format_money(c["cost"], digits[c["currency"]])
                    parts, cost = f"{c['parts']:>10} parts", f"{amount:>14} {c['currency']}"
                    out.append(f"    {c['country']:<3} {plural(n, 'row'):>14} {parts} {cost}")
                totals = ", ".join(
                    f"{format_money(v, digits[k])} {k}" for k, v in sorted(by_currency.items())
                )
                out.append(f"    total  {totals}")
            if self.unpriced:
                shown = ", ".join(f"{c} {n}" for c, n in sorted(self.unpriced.items()))
                out.append(f"  no price for {plural(sum(self.unpriced.values()), 'row')} ({shown})")
        bad = sum(self.errors.values())
        out.append(f"  errors       {plural(bad, 'row')}" if bad else "  errors       none")
        for code, n in sorted(self.errors.items()):
            out.append(f"    {code} {CHECK_REASONS.get(code, 'error')}: {plural(n, 'row')}")
            for file, row, why in self.examples.get(code, []):
                where = f"{self.files[file]} row {row}" if self.several else f"row {row}"
                out.append(f"        {where}: {why}")
        return out
