"""A message that is a number is not text: a float NaN too, which ``analyze_many`` takes for a
missing value (as pandas writes one) and pre-flight for a number. The check answers as pre-flight
does, with its words, in JSON Lines and Parquet alike, and goes on with the other rows."""

from __future__ import annotations

import json
import math

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import run, write

import nrs_codec
from nrs_codec.batch.results import INVALID, MISSING
from nrs_codec.campaign.blank import not_null
from nrs_codec.campaign.check import run_check

NAN = float("nan")
# A message of each kind, the answer pre-flight gives it, and its reason in the summary.
ROWS = [
    ("ok", 0, None),
    (NAN, 422, "message must be a string, not number"),
    (1.5, 422, "message must be a string, not number"),
    (None, 104, "no message"),
    (-math.inf, 422, "message must be a string, not number"),
]


def preflight_code(message) -> int:
    verdict = nrs_codec.preflight({"message": message, "to": "351912345678", "from": "x"})
    return verdict.errors[0].code if verdict.errors else 0


def test_the_answers_are_pre_flights():
    assert [preflight_code(m) for m, _, _ in ROWS] == [code for _, code, _ in ROWS]
    verdict = nrs_codec.preflight({"message": NAN, "to": "351912345678", "from": "x"})
    assert verdict.errors[0].description == ROWS[1][2]
    # What the check corrects: analyze_many takes a NaN for a missing value.
    assert nrs_codec.analyze_many(["ok", NAN]).error.tolist() == [0, MISSING]


def jsonl(path, messages) -> str:
    # json.dumps writes NaN and -Infinity as Python's json module reads them.
    write(path, "".join(json.dumps({"message": m, "to": "351912345678"}) + "\n" for m in messages))
    return str(path)


def parquet(path, messages) -> str:
    table = pa.table({"message": pa.array(messages, pa.float64()), "to": ["351912345678"] * len(messages)})
    pq.write_table(table, path)
    return str(path)


def errors_and_reasons(path: str, workers: int, tmp_path) -> tuple[list, dict]:
    out = tmp_path / f"o{workers}.parquet"
    report = run_check(path, to_column="to", output=str(out), workers=workers)
    reasons = {e["row"]: e["why"] for c in report.to_dict()["errors"].values() for e in c["examples"]}
    return pq.read_table(out).column("error").to_pylist(), reasons


@pytest.mark.parametrize("workers", [1, 2])
def test_a_nan_message_in_json_lines_is_its_rows_422(tmp_path, workers):
    path = jsonl(tmp_path / "n.jsonl", [m for m, _, _ in ROWS])
    errors, reasons = errors_and_reasons(path, workers, tmp_path)
    assert errors == [code for _, code, _ in ROWS]
    assert reasons == {i: why for i, (_, code, why) in enumerate(ROWS, 1) if code}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_parquet_column_of_floats_is_answered_as_in_json_lines(tmp_path, workers):
    floats = [(m, code, why) for m, code, why in ROWS if not isinstance(m, str)]
    messages = [m for m, _, _ in floats]
    got = errors_and_reasons(parquet(tmp_path / "f.parquet", messages), workers, tmp_path)
    assert got == errors_and_reasons(jsonl(tmp_path / "f.jsonl", messages), workers, tmp_path)
    assert got[0] == [422, 422, 104, 422]
    assert got[1][1] == "message must be a string, not number"  # not "message is only blanks"


def test_the_command_goes_on_past_a_nan_message(tmp_path, capsys):
    path = write(tmp_path / "n.jsonl", '{"message":"ok"}\n{"message":NaN}\n{"message":"fine"}\n')
    status, out, err = run(capsys, path, "--output", tmp_path / "o.csv")
    assert status == 1 and err == ""
    assert "row 2: message must be a string, not number" in out
    lines = (tmp_path / "o.csv").read_text().splitlines()
    assert [line.split(",")[-1] for line in lines[1:]] == ["0", "422", "0"]


def test_not_null_finds_the_nans_among_the_missing_rows():
    batch = nrs_codec.analyze_many([NAN, None, "a", 2.0])
    assert not_null(pa, [NAN, None, "a", 2.0], batch).tolist() == [0]
    floats = pa.array([NAN, None, 1.0, NAN], pa.float64())
    batch = nrs_codec.analyze_many(floats)
    assert batch.error.tolist() == [MISSING, MISSING, INVALID, MISSING]
    assert not_null(pa, floats, batch).tolist() == [0, 3]
    chunked = pa.chunked_array([floats[:2], floats[2:]])
    assert not_null(pa, chunked, nrs_codec.analyze_many(chunked)).tolist() == [0, 3]
    text = pa.array(["a", None, ""])
    assert not_null(pa, text, nrs_codec.analyze_many(text)).tolist() == []
