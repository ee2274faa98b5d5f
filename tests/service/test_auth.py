"""Safe by default: localhost, no CORS, and with an API key every route but /healthz needs it."""

from __future__ import annotations

import base64

import httpx
import pytest
from _server import serve

KEY = "s3cr3t-κλειδί"  # not only ASCII: the key is compared as UTF-8 bytes
ROUTES = [
    ("GET", "/"),
    ("GET", "/static/editor.js"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/v1/config"),
    ("GET", "/v1/prices"),
    ("GET", "/v1/profile"),
    ("GET", "/metrics"),
    ("POST", "/v1/analyze"),
    ("POST", "/api/rest/sms"),
    ("GET", "/no/such/route"),
]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture(scope="module")
def keyed():
    # The key from the environment, as in production; --api-key would show in the process list.
    with serve("--cors", "https://editor.example", env={"NRS_CODEC_API_KEY": KEY}) as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_no_credentials_is_401_with_a_basic_challenge(keyed, method, path):
    r = keyed.request(method, path, json={"text": "x"} if method == "POST" else None)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith('Basic realm="nrs_codec"')
    error = r.json()["error"]
    assert error["code"] == 103 and "no Authorization header" in error["description"]


@pytest.mark.parametrize(
    "authorization",
    [
        basic("user", "wrong"),
        basic("user", KEY + "x"),
        basic(KEY, ""),  # the key is the password, not the user
        "Bearer wrong",
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(KEY.encode()).decode(),  # no colon: no password
        ("Token " + KEY).encode(),
        KEY.encode(),
    ],
)
def test_wrong_credentials_are_401(keyed, authorization):
    r = keyed.get("/v1/config", headers={"Authorization": authorization})
    assert r.status_code == 401 and r.json()["error"]["code"] == 103
    assert "wrong or unreadable credentials" in r.json()["error"]["description"]


@pytest.mark.parametrize(
    "authorization",
    [basic("anyone", KEY), basic("", KEY), ("Bearer " + KEY).encode(), ("bearer  " + KEY).encode()],
)
def test_basic_with_the_key_as_password_or_bearer(keyed, authorization):
    headers = {"Authorization": authorization}
    assert keyed.get("/v1/config", headers=headers).status_code == 200
    r = keyed.post("/v1/analyze", json={"text": "Olá"}, headers=headers)
    assert r.status_code == 200 and r.json()["encoding"] == "gsm-pt"
    assert keyed.get("/", headers=headers).status_code == 200


def test_the_providers_own_client_works_unchanged(keyed):
    body = {"to": ["351912345678"], "from": "NRS", "message": "Ola"}
    assert keyed.post("/api/rest/sms", json=body, auth=("username", KEY)).status_code == 202


def test_healthz_is_open(keyed):
    r = keyed.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_cors_only_for_the_origins_given(keyed):
    # A browser's preflight carries no credentials: it is answered before the key is checked.
    preflight = keyed.options(
        "/v1/analyze",
        headers={
            "Origin": "https://editor.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://editor.example"
    r = keyed.post(
        "/v1/analyze",
        json={"text": "x"},
        headers={"Origin": "https://editor.example", "Authorization": basic("u", KEY)},
    )
    assert r.headers["access-control-allow-origin"] == "https://editor.example"
    other = keyed.post(
        "/v1/analyze",
        json={"text": "x"},
        headers={"Origin": "https://evil.example", "Authorization": basic("u", KEY)},
    )
    assert "access-control-allow-origin" not in other.headers


def test_defaults_no_cors_no_key_localhost(client, base_url):
    assert base_url.startswith("http://127.0.0.1:")
    r = client.post("/v1/analyze", json={"text": "x"}, headers={"Origin": "https://example.com"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    r = client.options(
        "/v1/analyze", headers={"Origin": "https://example.com", "Access-Control-Request-Method": "POST"}
    )
    assert r.status_code == 405 and "access-control-allow-origin" not in r.headers
