"""What a sender reads from the service when something is off: why a cost is missing, a country in
lower case, a misspelt query parameter, NDJSON sent with the JSON type (a real server, real HTTP)."""

from __future__ import annotations

import pytest
from _server import serve

JSON = {"Content-Type": "application/json"}


def test_a_country_in_lower_case_is_the_country(client):
    r = client.post("/v1/analyze", json={"text": "Olá", "country": "pt", "recipients": 2})
    # "ſ".upper() is "S": "eſ" is no country, not Spain's price.
    assert client.post("/v1/analyze", json={"text": "Olá", "country": "eſ"}).status_code == 422
    assert r.status_code == 200, r.text
    assert (r.json()["cost"], r.json()["costNote"]) == ("0.010", None)


@pytest.mark.parametrize(
    ("country", "why"),
    [
        ("XX", "XX is not an ISO 3166 country code"),
        ("BR", "the price table has no price for BR"),
        (None, "no country: give country"),
    ],
)
def test_a_null_cost_says_why(client, country, why):
    body = {"text": "hello"} | ({"country": country} if country else {})
    d = client.post("/v1/analyze", json=body).json()
    assert d["cost"] is None and d["costNote"].startswith(why)


def test_a_null_cost_without_prices_names_the_option(tmp_path):
    import httpx

    with serve() as url:
        d = httpx.post(url + "/v1/analyze", json={"text": "hello", "country": "PT"}).json()
    assert d["cost"] is None and "--prices" in d["costNote"]


@pytest.mark.parametrize(
    ("path", "body", "query"),
    [
        ("/v1/analyze-many", b'["hello"]', "encodng=gsm"),
        ("/v1/analyze", b'{"text": "hello"}', "encoding=gsm"),  # the fast path: no query at all
        ("/v1/suggest", b'{"text": "hello"}', "x=1"),
        ("/v1/encode", b'{"text": "hello"}', "reference=7"),
    ],
)
def test_an_unknown_query_parameter_is_422_like_an_unknown_body_field(client, path, body, query):
    r = client.post(f"{path}?{query}", content=body, headers=JSON)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    name = query.split("=")[0]
    assert error["code"] == 422 and error["field"] == name and "invalid query" in error["description"]


def test_known_query_parameters_still_work(client):
    r = client.post(
        "/v1/analyze-many?encoding=utf-16&allowed=gsm&allowed=utf-16", content=b'["hi"]', headers=JSON
    )
    assert r.status_code == 200 and r.json()["rows"][0]["encoding"] == "utf-16"


@pytest.mark.parametrize("body", [b'"hello"\n"world"\n', b'"hello"\n'])
def test_ndjson_sent_as_json_gets_a_hint(client, body):
    r = client.post("/v1/analyze-many", content=body, headers=JSON)
    assert r.status_code in (400, 422), r.text
    assert "send it as application/x-ndjson" in r.json()["error"]["description"]


def test_a_json_array_error_gets_no_ndjson_hint(client):
    r = client.post("/v1/analyze-many", content=b'["hello", ', headers=JSON)
    assert r.status_code == 400 and "ndjson" not in r.json()["error"]["description"].lower()
