"""``nrs-codec preflight``: readable and JSON verdicts, and exit codes 0 / 1 / 2."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from nrs_codec.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REQUEST = str(EXAMPLES / "request.json")  # no dates: sent now, valid whatever the day
SCHEDULED = str(EXAMPLES / "request_scheduled.json")
PRICES = str(EXAMPLES / "prices.csv")
FRIDAY = "2026-11-27T12:00:00Z"  # before the scheduled example's scheduleDate (Sunday 2026-11-29 13:00 UTC)


def run(capsys, *argv):
    status = main(["preflight", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_bundled_example_is_accepted_with_cost_and_held_times(capsys):
    status, out, err = run(capsys, SCHEDULED, "--prices", PRICES, "--at", FRIDAY)
    assert status == 0 and err == ""
    # The content rules, the same for every message, are one line of notes.
    assert out.splitlines()[0].endswith("request_scheduled.json: accepted (0 errors, 3 warnings, 3 notes)")
    assert "  notes        content rules for FR, CO, ES: " in out and "warning content" not in out
    assert "  message      gsm-pt, 2 parts per recipient" in out
    assert "  totalSmsParts 10" in out and "  cost         0.0470 EUR" in out
    assert "warning quiet-hours [FR]:" in out and "(2026-11-30T08:00:00+01:00)" in out
    assert "351912345678  PT  0.0045 x 2 = 0.0090 EUR" in out


def test_json_output_is_the_verdict(capsys):
    status, out, _ = run(capsys, SCHEDULED, "--prices", PRICES, "--at", FRIDAY, "--json")
    d = json.loads(out)
    assert status == 0 and d["ok"] is True
    assert (d["total"], d["totalSmsParts"], d["cost"], d["currency"]) == (5, 10, "0.0470", "EUR")
    held = {w["country"]: w["heldUntil"] for w in d["warnings"] if w["rule"] == "quiet-hours"}
    assert held == {"FR": "2026-11-30T08:00:00+01:00", "CO": "2026-11-30T07:00:00-05:00"}


def test_transactional_drops_the_marketing_rules(capsys):
    _, out, _ = run(capsys, REQUEST, "--at", FRIDAY, "--transactional", "--json")
    rules = {(w["rule"], w["country"]) for w in json.loads(out)["warnings"]}
    assert ("quiet-hours", "FR") not in rules and ("sender-prefix", "CO") in rules


def test_rejected_request_exits_1_with_the_errors(capsys):
    status, out, _ = run(capsys, str(EXAMPLES / "request_typographic.json"), "--at", FRIDAY)
    assert status == 1
    assert "REJECTED" in out.splitlines()[0]
    assert "error 113 (HTTP 400, Invalid coding) message: gsm-pt cannot represent '–' (U+2013)" in out
    assert "suggestion smart-encoding: Replace 2 typographic look-alikes" in out
    assert "+351912345678  invalid: no '+'" in out


def test_balance_too_low_exits_1_with_111(capsys):
    status, out, _ = run(capsys, REQUEST, "--prices", PRICES, "--at", FRIDAY, "--balance", "0.04 EUR")
    assert status == 1 and "error 111 (HTTP 402, Not enough credits)" in out


def test_invalid_json_request_is_error_125_with_its_line(capsys, tmp_path):
    bad = tmp_path / "req.json"
    bad.write_text('{\n  "to": ["351912345678"]\n  "message": "x"\n}', encoding="utf-8")
    status, out, _ = run(capsys, str(bad))
    assert status == 1 and "error 125 (HTTP 400, Invalid JSON): invalid JSON at line 3 column 3" in out


def test_request_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"to": ["351912345678"], "from": "A", "message": "x"}'))
    status, out, _ = run(capsys, "-", "--json")
    assert status == 0 and json.loads(out)["total"] == 1


def test_unreadable_request_exits_2_naming_the_file(capsys, tmp_path):
    status, out, err = run(capsys, str(tmp_path / "missing.json"))
    assert status == 2 and out == ""
    assert err.startswith("nrs-codec preflight: cannot read ") and "missing.json" in err


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b'{"message": "ol\xe1"}', "the body is not UTF-8: byte 0xE1"),
        (b'\xef\xbb\xbf{"message": "ol\xc3\xa1"}', "a byte order mark (U+FEFF) before the JSON"),
        ('{"message": "olá"}'.encode("utf-16"), "byte 0xFF (a UTF-16 byte order mark)"),
        (gzip.compress(b'{"message": "x"}'), "byte 0x8B (gzip data: send the JSON uncompressed)"),
    ],
)
def test_a_request_file_is_read_as_the_provider_reads_its_bytes(capsys, tmp_path, data, why):
    # The bytes a client would send: the provider's 125 (exit 1, rejected), as POST /api/rest/sms
    # answers them; the command read them as text itself (a mark left out, latin-1 its own error).
    path = tmp_path / "request.json"
    path.write_bytes(data)
    status, out, _ = run(capsys, str(path), "--json")
    (error,) = json.loads(out)["errors"]
    assert status == 1 and error["code"] == 125 and why in error["description"]


def test_malformed_price_file_exits_2_with_file_and_line(capsys, tmp_path):
    prices = tmp_path / "prices.csv"
    prices.write_text("destination,price,currency\nPT,0.005,EUR\nFR,cheap,EUR\n", encoding="utf-8")
    status, out, err = run(capsys, REQUEST, "--prices", str(prices))
    assert status == 2 and out == ""
    assert f"{prices}: line 3: price 'cheap' is not a decimal number" in err
    status, _, err = run(capsys, REQUEST, "--prices", str(tmp_path / "none.csv"))
    assert status == 2 and "none.csv" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/null are POSIX")
def test_price_file_not_a_regular_file_or_badly_written_exits_2(capsys, tmp_path):
    fifo, written = tmp_path / "fifo.csv", tmp_path / "prices.csv"
    os.mkfifo(fifo)  # no writer: reading it waited for ever
    written.write_text("destination,price,currency\nPT,1_000,EUR\n", encoding="utf-8")
    cases = [
        (fifo, "not a regular file: save what it gives to a file and use that"),
        (os.devnull, "not a regular file: save what it gives to a file and use that"),
        (written, "line 2: price '1_000' is not a decimal number in ASCII digits (such as 0.005)"),
    ]
    for prices, message in cases:
        status, out, err = run(capsys, REQUEST, "--prices", str(prices))
        assert status == 2 and out == ""
        assert err == f"nrs-codec preflight: {prices}: {message}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--at", "next week"], "not an ISO 8601 time"),
        (["--balance", "lots"], "not an amount with its currency"),
        (["--balance", "10"], "needs its currency"),
        (["--max-parts", "0"], "max_parts must be"),
        ([], "required: REQUEST.json"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as info:
        main(["preflight", *([REQUEST] if argv else []), *argv])
    assert info.value.code == 2 and message in capsys.readouterr().err


def test_lone_surrogates_echoed_from_the_request_are_escaped(capsys, tmp_path):
    req = tmp_path / "req.json"
    req.write_text('{"to": ["\\ud800", "351912345678"], "from": "A", "message": "x"}', encoding="utf-8")
    status, out, _ = run(capsys, str(req), "--json")
    assert status == 0 and json.loads(out)["recipients"][0]["number"] == "\ud800"
    status, out, _ = run(capsys, str(req))
    assert status == 0 and "\\ud800  invalid: only digits allowed" in out


def test_schedule_date_past_the_calendar_is_error_108_not_a_traceback(capsys, tmp_path):
    body = {
        "to": ["33612345678"],
        "from": "NRSDemo",
        "message": "Promo! STOP au 36111",
        "scheduleDate": "99991231230000",
    }
    path = tmp_path / "late.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    status, out, err = run(capsys, str(path), "--json")
    assert status == 1 and err == ""
    assert [e["code"] for e in json.loads(out)["errors"]] == [108]
