"""One recipient rule: ``nrs-codec check`` and pre-flight judge every number the same way, row by
row, with the same country (global services labelled as non-geographic)."""

from __future__ import annotations

import csv
from datetime import datetime, timezone

import pyarrow.parquet as pq
from _numbers import COUNTRIES, examples, variants

from nrs_codec import preflight
from nrs_codec.campaign.check import run_check
from nrs_codec.provider.recipients import NON_GEOGRAPHIC

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def test_check_and_preflight_agree_on_every_number(tmp_path):
    numbers = examples()
    numbers += variants(numbers, 3000)
    # Found by fuzzing: a digit that is not ASCII ("¹") once aborted the whole check.
    numbers += ["+351912345678", "35191234567x", "0351912345678", "1", "", " 351912345678", "3¹912345"]
    path = tmp_path / "campaign.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["message", "to"])
        w.writerows(["Olá", n] for n in numbers)
    out = tmp_path / "rows.parquet"
    run_check(str(path), to_column="to", output=str(out))
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == len(numbers)

    body = {"from": "NRS", "message": "Olá", "encoding": "gsm-pt", "to": numbers}
    judged = preflight(body, now=NOW).recipients
    assert len(judged) == len(numbers)
    valid = 0
    for number, row, r in zip(numbers, rows, judged, strict=True):
        assert (row["error"] != 102) is r.valid, number
        if r.valid:
            valid += 1
            assert row["country"] == r.country, number
    countries = {r.country for r in judged if r.valid}
    assert len(countries & set(COUNTRIES)) >= 30 and NON_GEOGRAPHIC in countries
    assert 0.2 < valid / len(numbers) < 0.9  # both kinds are well represented
