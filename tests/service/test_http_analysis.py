"""``/v1`` on the real server: analyze equal to ``nrs_codec.analyze`` over generated corpora,
analyze-many, suggest, encode, config, health and metrics."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from _server import MAX_ROWS, PRICES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nrs_codec

TABLE = nrs_codec.load_prices(PRICES)
ENGINE_KEYS = ("allowed", "keep_graphemes", "ref16", "extra_udh")
WIRE_KEYS = {"keep_graphemes": "keepGraphemes", "extra_udh": "extraUdh"}

# Characters of every kind that decides something: GSM basic and extension, Portuguese tables,
# look-alikes, UTF-16 only, astral (2 units), combining marks and emoji sequences, line breaks.
_alphabet = st.sampled_from(
    [
        *"aZ09 .,!?@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ",
        *"^{}\\[~]|€",
        *"áâãêíóôõúçÁÀ`∞",
        *"“”‘’–—…\u00a0",
        *"жПривет中文ğş",
        *["😀", "👍🏽", "👨\u200d👩\u200d👧", "e\u0301", "\n", "\r\n"],
    ]
)
texts = st.lists(_alphabet, max_size=400).map("".join)
options = st.fixed_dictionaries(
    {},
    optional={
        "encoding": st.sampled_from(["auto", "gsm", "gsm-pt", "utf-16", "ucs2"]),
        "allowed": st.sampled_from(
            [["gsm", "gsm-pt", "utf-16"], ["gsm", "utf-16"], ["gsm"], ["utf-16", "gsm"]]
        ),
        "keep_graphemes": st.booleans(),
        "ref16": st.booleans(),
        "extra_udh": st.integers(0, 12),
    },
)


def wire(opts: dict) -> dict:
    return {WIRE_KEYS.get(k, k): v for k, v in opts.items()}


def post(client, path, body, **params):
    return client.post(path, json=body, params=params or None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=texts,
    opts=options,
    recipients=st.integers(1, 1000),
    country=st.sampled_from([None, "PT", "FR", "DE"]),
)
def test_analyze_is_the_library_over_http(client, text, opts, recipients, country):
    body = {"text": text, **wire(opts), "recipients": recipients}
    if country:
        body["country"] = country
    r = post(client, "/v1/analyze", body)
    encoding = opts.pop("encoding", "auto")
    try:
        a = nrs_codec.analyze(text, encoding, **opts)
    except nrs_codec.EncodingError as exc:
        assert r.status_code == 400 and r.json()["error"]["code"] == 113
        assert r.json()["error"]["count"] == len(exc.chars)
        assert [tuple(c) for c in r.json()["error"]["chars"]] == list(exc.chars[:100])
        return
    except nrs_codec.TooManyPartsError:
        assert r.status_code == 400 and r.json()["error"]["code"] == 105
        return
    assert r.status_code == 200, r.text
    d = r.json()
    assert {k: d[k] for k in a.to_dict()} == json.loads(json.dumps(a.to_dict()))
    assert d["suggestions"] == [s.to_dict() for s in nrs_codec.suggest(text, encoding, **opts)]
    assert set(d["carriers"]) == {c for _, c in a.non_gsm}
    assert d["totalSmsParts"] == a.parts * recipients
    price = TABLE.countries.get(country) if country else None
    assert d["currency"] == "EUR"
    assert (d["cost"] is None) if price is None else Decimal(d["cost"]) == price * a.parts * recipients


def test_carriers_name_every_encoding_that_holds_the_character(client):
    d = post(client, "/v1/analyze", {"text": "ç€жá"}).json()
    # In ENCODINGS order: the provider's three, then the national languages (Turkish and Spanish
    # hold ç, Spanish á; no GSM table holds ж), then Turkey's preset (its single shift table holds ç).
    assert d["carriers"] == {
        "ç": ["gsm-pt", "utf-16", "gsm-tr", "gsm-es", "gsm-tr-single"],
        "ж": ["utf-16"],
        "á": ["gsm-pt", "utf-16", "gsm-es"],
    }
    for char, encodings in d["carriers"].items():
        for encoding in nrs_codec.ENCODINGS:
            try:
                nrs_codec.analyze(char, encoding)
                assert encoding in encodings
            except nrs_codec.EncodingError:
                assert encoding not in encodings


def test_113_lists_the_first_100_characters_and_counts_them_all(client):
    r = post(client, "/v1/analyze", {"text": "ж" * 150, "encoding": "gsm"})
    e = r.json()["error"]
    assert r.status_code == 400 and e["code"] == 113 and e["count"] == 150
    assert e["chars"] == [[i, "ж"] for i in range(100)]


def test_lone_surrogate_is_422_naming_its_index(client):
    r = client.post(
        "/v1/analyze", content=b'{"text": "ab\\ud800"}', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["error"] == {
        "code": 422,
        "description": "lone surrogate U+D800 at index 2: text is not valid Unicode",
        "field": "text",
        "index": 2,
    }


def test_analysis_stops_at_255_parts(client):
    r = post(client, "/v1/analyze", {"text": "a" * (153 * 255 + 1)})
    assert r.status_code == 400 and r.json()["error"]["code"] == 105


def test_suggest(client):
    text = "“Winter sale”: see https://www.example.com/campaigns/winter-2026/coats?utm_source=sms " + "a" * 80
    d = post(client, "/v1/suggest", {"text": text}).json()
    assert d == {"suggestions": [s.to_dict() for s in nrs_codec.suggest(text)]}
    assert [s["kind"] for s in d["suggestions"]] == ["smart-encoding", "shorten-urls", "combined"]
    d = post(client, "/v1/suggest", {"text": "Olá ç", "allowed": ["gsm", "utf-16"]}).json()
    assert [s["kind"] for s in d["suggestions"]] == ["encoding"]


@pytest.mark.parametrize("destination", [None, "351912345678"])
def test_encode_is_the_library_over_http(client, destination):
    text = "Olá! " * 40 + "€"
    body = {"text": text, "reference": 42}
    if destination:
        body["destination"] = destination
    d = post(client, "/v1/encode", body).json()
    segments = nrs_codec.encode(text, reference=42)
    assert len(d["segments"]) == len(segments) == 2
    for got, s in zip(d["segments"], segments, strict=True):
        assert got == {
            "text": s.text,
            "udh": s.udh.hex(),
            "userData": s.user_data.hex(),
            "udl": s.udl,
            "dataCoding": s.data_coding,
            "shortMessage": s.short_message().hex(),
            "pdu": s.to_submit_pdu(destination).hex() if destination else None,
        }
    assert nrs_codec.decode_pdu(
        d["segments"][0]["pdu"] if destination else segments[0].to_submit_pdu("1")
    ).text


def test_encode_refuses_what_encode_refuses(client):
    assert post(client, "/v1/encode", {"text": "x", "reference": 300}).json()["error"]["code"] == 422
    r = post(client, "/v1/encode", {"text": "ж", "encoding": "gsm"})
    assert r.status_code == 400 and r.json()["error"]["code"] == 113
    r = post(client, "/v1/encode", {"text": "x", "extraUdh": 6})
    assert r.status_code == 422 and r.json()["error"]["field"] == "extraUdh"


ROWS = ["Olá", "a" * 200, "ж" * 71, "“x”", "", "€" * 153, "😀" * 40]


def expected_row(text, **options) -> dict:
    try:
        a = nrs_codec.analyze(text, **options)
    except ValueError as exc:
        return {"error": exc.code}
    d = a.to_dict()
    del d["spans"], d["nonGsm"]
    return d


def normalised(rows: list[dict]) -> list[dict]:
    return [{"error": r["error"]["code"]} if "error" in r else r for r in rows]


def test_analyze_many_json_array_is_analyze_row_by_row(client):
    r = client.post("/v1/analyze-many", json=[*ROWS, None, 5])
    assert r.status_code == 200
    rows = normalised(r.json()["rows"])
    assert rows[: len(ROWS)] == [expected_row(t) for t in ROWS]
    assert rows[len(ROWS) :] == [{"error": 104}, {"error": 422}]


def test_analyze_many_ndjson_with_options_in_the_query(client):
    lines = "\n".join(json.dumps(t) for t in ROWS) + '\n{not json\n"ok"\n'
    r = client.post(
        "/v1/analyze-many",
        content=lines.encode(),
        params={"allowed": ["gsm", "utf-16"], "ref16": "true"},
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert r.status_code == 200
    rows = r.json()["rows"]
    assert len(rows) == len(ROWS) + 2
    assert normalised(rows[: len(ROWS)]) == [
        expected_row(t, allowed=("gsm", "utf-16"), ref16=True) for t in ROWS
    ]
    assert rows[-2]["error"]["code"] == 125 and rows[-2]["error"]["description"].startswith(
        f"line {len(ROWS) + 1}:"
    )
    assert rows[-1]["encoding"] == "gsm"


def test_analyze_many_row_limit_is_413(client):
    body = json.dumps(["x"] * (MAX_ROWS + 1))  # '["x", "x", ...': each item 5 bytes after the first
    r = client.post("/v1/analyze-many", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == {
        "code": 413,
        "description": f"more than {MAX_ROWS} items in the array: item {MAX_ROWS + 1} starts at line 1 "
        f"column {5 * MAX_ROWS + 2} (byte {5 * MAX_ROWS + 1})",
        "limit": MAX_ROWS,
    }
    assert client.post("/v1/analyze-many", json=["x"] * MAX_ROWS).status_code == 200
    r = client.post(
        "/v1/analyze-many",
        content=b'"x"\n' * (MAX_ROWS + 1),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert r.status_code == 413 and r.json()["error"]["limit"] == MAX_ROWS


def test_config_for_the_editor(client):
    assert client.get("/v1/config").json() == {
        "version": nrs_codec.__version__,
        "backend": nrs_codec.backend,
        "encodings": list(nrs_codec.ENCODINGS),
        "defaultAllowed": list(nrs_codec.DEFAULT_ALLOWED),
        "prices": {"currency": "EUR", "countries": sorted(TABLE.countries)},
    }


def test_healthz_and_metrics(client):
    assert client.get("/healthz").json() == {
        "status": "ok",
        "version": nrs_codec.__version__,
        "backend": nrs_codec.backend,
    }
    post(client, "/v1/analyze", {"text": "x"})
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert 'nrs_codec_http_requests_total{method="POST",route="/v1/analyze",status="200"}' in r.text
    assert (
        'nrs_codec_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/analyze"}'
        in r.text
    )
    client.get("/no/such/thing/42")
    assert 'route="unmatched",status="404"' in client.get("/metrics").text
