"""Print speed ratios from a pytest-benchmark JSON file, group by group, against a baseline.

    python benchmarks/ratios.py RESULTS.json [--baseline reference]

Within each benchmark group, every benchmark whose parameters include the baseline's name is the
baseline; the others are reported as (baseline median time) / (their median time): how many times
faster they ran in the same session.
"""

from __future__ import annotations

import argparse
import json
import sys


def ratios(results: dict, baseline: str) -> list[tuple[str, str, float, float]]:
    groups: dict[str, list[dict]] = {}
    for bench in results["benchmarks"]:
        groups.setdefault(bench["group"] or bench["name"], []).append(bench)
    rows = []
    for group, benches in groups.items():
        base = [b for b in benches if baseline in b["name"]]
        if not base:
            continue
        base_median = base[0]["stats"]["median"]
        for b in benches:
            if b is not base[0]:
                rows.append((group, b["name"], b["stats"]["median"], base_median / b["stats"]["median"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="file written by pytest --benchmark-json")
    parser.add_argument("--baseline", default="reference", help="name fragment of the baseline benchmark")
    args = parser.parse_args(argv)
    with open(args.results, encoding="utf-8") as f:
        rows = ratios(json.load(f), args.baseline)
    print(f"| group | benchmark | median | × {args.baseline} |")
    print("|---|---|---|---|")
    for group, name, median, ratio in rows:
        print(f"| {group} | {name} | {median * 1e6:.2f} µs | {ratio:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
