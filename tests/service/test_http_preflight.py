"""``POST /api/rest/sms`` on the real server: every pre-flight error code with the provider's HTTP
status, 202 for a good request, and the verdict equal to ``nrs_codec.preflight``'s."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from _server import BALANCE, PRICES

import nrs_codec
from nrs_codec.provider.errors import ERRORS

GOOD = {
    "to": ["351912345678", "33612345678"],
    "from": "NRSDemo",
    "message": "Olá! A sua encomenda foi enviada e chega amanhã. Até já.",
    "encoding": "gsm-pt",
    "parts": 2,
}
TABLE = nrs_codec.load_prices(PRICES)


def expected(body) -> nrs_codec.Verdict:
    return nrs_codec.preflight(body, prices=TABLE, balance=BALANCE, now=datetime.now(timezone.utc))


def send(client, body, **headers):
    content = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return client.post(
        "/api/rest/sms", content=content, headers={"Content-Type": "application/json", **headers}
    )


def test_a_good_request_is_202_with_the_verdict(client):
    r = send(client, GOOD)
    assert r.status_code == 202 and r.headers["content-type"] == "application/json"
    d = r.json()
    want = expected(GOOD).to_dict()
    assert d["ok"] is True and d["errors"] == []
    for key in (
        "total",
        "totalSmsParts",
        "parts",
        "encoding",
        "cost",
        "currency",
        "recipients",
        "suggestions",
    ):
        assert d[key] == want[key], key
    assert Decimal(d["cost"]) == sum(Decimal(r["cost"]) for r in d["recipients"])
    assert datetime.fromisoformat(d["sendAt"]).tzinfo is not None


def test_query_parameters_no_provider_reads_are_a_warning(client):
    # The drop-in takes what the provider takes (a query is not refused), and says it is ignored:
    # ?encoding=utf-16 does not change the encoding the body asks for.
    r = client.post(
        "/api/rest/sms?encoding=utf-16&parts=9", json=GOOD, headers={"Content-Type": "application/json"}
    )
    d = r.json()
    assert r.status_code == 202 and (d["encoding"], d["parts"]) == ("gsm-pt", expected(GOOD).parts)
    (notice,) = [w for w in d["warnings"] if w["rule"] == "unknown-query"]
    assert notice["message"] == "query parameters the provider does not read are ignored: encoding, parts"
    assert not [w for w in send(client, GOOD).json()["warnings"] if w["rule"] == "unknown-query"]


def test_the_providers_basic_auth_header_is_accepted_without_a_key_configured(client):
    assert send(client, GOOD, Authorization="Basic dXNlcm5hbWU6YXBpUGFzc3dvcmQ=").status_code == 202


CASES = {
    102: {"to": ["12"]},
    104: {"message": ""},
    105: {"message": "a" * 200, "parts": 1, "encoding": "gsm"},
    106: {"from": None},
    107: {"from": "ABCDEFGHIJKL"},
    108: {"scheduleDate": "20261340000000"},
    109: {"notificationUrl": "ftp://example.com/cb"},
    110: {"parts": 0},
    # 50 recipients x 30 parts at 0.0045 EUR is 6.75 EUR, over the server's 5 EUR balance.
    111: {"to": ["351912345678"] * 50, "message": "a" * (153 * 30), "parts": 30, "encoding": "gsm"},
    113: {"message": "Привет", "encoding": "gsm"},
    119: {"expirationDate": "soon"},
    422: {"from": "ACME & SONS"},
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_error_code_with_its_http_status(client, code):
    body = {k: v for k, v in {**GOOD, **CASES[code]}.items() if v is not None}
    r = send(client, body)
    assert r.status_code == ERRORS[code][0]
    d = r.json()
    assert d["ok"] is False and d["errors"][0]["code"] == code
    assert d["errors"][0]["httpStatus"] == r.status_code
    assert [e["code"] for e in d["errors"]] == [e.code for e in expected(body).errors]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"to": ["351912345678"], "to": []}', "duplicate key 'to'"),
        (b'{"parts": NaN}', "NaN is not a JSON number"),
        ('{"message": "ol\u00e1"}'.encode("utf-16"), "not UTF-8"),
        (b"[]", "must be a JSON object"),
        (b"", "the body is empty"),
    ],
)
def test_125_invalid_json_is_400_in_the_verdict(client, body, problem):
    r = send(client, body)
    assert r.status_code == 400
    (e,) = r.json()["errors"]
    assert e["code"] == 125 and problem in e["description"] and "line 1 column" in e["description"]


def test_a_lone_surrogate_escape_in_the_body_comes_back_escaped(client):
    body = json.dumps({**GOOD, "to": ["\ud800", "351912345678"]})  # ensure_ascii: the escape
    r = send(client, body.encode())
    assert r.status_code == 202 and r.json()["recipients"][0]["number"] == "\ud800"
    assert b"\\ud800" in r.content


def test_suggestions_replace_the_smart_encoding_warning(client):
    body = {**GOOD, "message": "“Olá” – até já…"}
    d = send(client, body).json()
    assert [e["code"] for e in d["errors"]] == [113]
    assert not [w for w in d["warnings"] if w["rule"] == "smart-encoding"]
    (s,) = [s for s in d["suggestions"] if s["kind"] == "smart-encoding"]
    assert (s["partsBefore"], s["encodingAfter"], s["text"]) == (None, "gsm-pt", '"Olá" - até já...')


def test_verdicts_and_their_codes_are_counted_in_the_metrics(client):
    send(client, GOOD)
    send(client, {**GOOD, "parts": 0})
    text = client.get("/metrics").text
    counts = {}
    for line in text.splitlines():
        if line.startswith(("nrs_codec_preflight_verdicts_total", "nrs_codec_preflight_errors_total")):
            name, value = line.rsplit(" ", 1)
            counts[name] = float(value)
    assert counts['nrs_codec_preflight_verdicts_total{verdict="accepted"}'] >= 1
    assert counts['nrs_codec_preflight_verdicts_total{verdict="rejected"}'] >= 1
    assert counts['nrs_codec_preflight_errors_total{code="110"}'] >= 1
    assert 'nrs_codec_http_requests_total{method="POST",route="/api/rest/sms",status="202"}' in text


def test_a_schedule_date_past_the_calendar_is_400_with_108_not_500(client):
    # The window search for the French quiet hours overflowed the calendar: a 500 once.
    body = {"to": ["33612345678"], "from": "NRSDemo", "message": "Promo! STOP au 36111"}
    r = send(client, {**body, "scheduleDate": "99991231230000"})
    assert r.status_code == 400
    assert r.json()["ok"] is False and [e["code"] for e in r.json()["errors"]] == [108]
