"""Pre-flight throughput: one request of the bundled example, a 1 000-recipient request, and
smart encoding. Run with ``python -m pytest benchmarks/bench_preflight.py``."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from nrs_codec import load_prices, preflight, smart_encode

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REQUEST = json.loads((EXAMPLES / "request_scheduled.json").read_text(encoding="utf-8"))
PRICES = load_prices(EXAMPLES / "prices.csv")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def test_example_request(benchmark):
    verdict = benchmark(preflight, REQUEST, prices=PRICES, now=NOW)
    assert verdict.ok


def test_thousand_recipients(benchmark):
    body = {**REQUEST, "to": [f"3519123{n:05d}" for n in range(1000)]}
    verdict = benchmark(preflight, body, prices=PRICES, now=NOW)
    assert verdict.total == 1000


def test_smart_encode_long_text(benchmark):
    text = "“Olá” – até já… " * 60
    assert benchmark(smart_encode, text).changed
