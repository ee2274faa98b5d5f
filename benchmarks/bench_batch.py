"""analyze_many against its baselines: ``pytest benchmarks/ --benchmark-only``.

Rates (characters per second) are in each result's ``extra_info``; ``report.py`` prints the
ratios the README shows.
"""

from __future__ import annotations

import pytest
from cases import cases

CASES = cases()


@pytest.mark.parametrize("name", list(CASES))
def test_analyze_many(benchmark, name):
    case = CASES[name]
    benchmark.group = "analyze_many"
    benchmark.extra_info["chars"] = case.chars
    benchmark.pedantic(case.run, rounds=5, iterations=1, warmup_rounds=1)
    benchmark.extra_info["chars_per_second"] = case.chars / benchmark.stats.stats.min
