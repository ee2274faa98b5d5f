"""Every malformed request gets a 4xx with a code and a description that names the problem, never
a 5xx or a traceback; bodies over the limit are refused without being read."""

from __future__ import annotations

import json
import socket

import pytest
from _server import MAX_BODY

JSON_TYPE = {"Content-Type": "application/json"}
GOOD = {"text": "Olá"}

# (what, path, raw body, headers, status, code, words of the description)
CASES = [
    (
        "wrong content type",
        "/v1/analyze",
        b'{"text": "x"}',
        {"Content-Type": "text/plain"},
        415,
        415,
        "text/plain",
    ),
    (
        "form content type",
        "/v1/encode",
        b"text=1",
        {"Content-Type": "application/x-www-form-urlencoded"},
        415,
        415,
        "is not application/json",
    ),
    # The send endpoint reads its body as JSON whatever the type (the provider's Java template).
    (
        "form body to the send endpoint",
        "/api/rest/sms",
        b"to=1",
        {"Content-Type": "application/x-www-form-urlencoded"},
        400,
        125,
        "invalid JSON at line 1 column 1",
    ),
    ("no content type", "/v1/analyze", b'{"text": "x"}', {}, 415, 415, "Content-Type missing"),
    (
        "charset not UTF-8",
        "/v1/analyze",
        b'{"text": "x"}',
        {"Content-Type": "application/json; charset=utf-16"},
        415,
        415,
        "must be UTF-8",
    ),
    ("empty body", "/v1/analyze", b"", JSON_TYPE, 400, 125, "the body is empty"),
    ("invalid JSON", "/v1/analyze", b'{"text": "x"', JSON_TYPE, 400, 125, "line 1 column 13"),
    (
        "single quotes",
        "/v1/suggest",
        b"{'text': 'x'}",
        JSON_TYPE,
        400,
        125,
        "expected a key in double quotes",
    ),
    (
        "NaN",
        "/v1/analyze",
        b'{"text": "x", "extraUdh": NaN}',
        JSON_TYPE,
        400,
        125,
        "NaN is not a JSON number",
    ),
    ("Infinity", "/v1/analyze", b'{"text": "x", "recipients": -Infinity}', JSON_TYPE, 400, 125, "-Infinity"),
    (
        "number beyond a double",
        "/v1/analyze",
        b'{"text": "x", "recipients": 1e999}',
        JSON_TYPE,
        400,
        125,
        "too large for a double",
    ),
    (
        "duplicate keys",
        "/v1/analyze",
        b'{"text": "a", "text": "b"}',
        JSON_TYPE,
        400,
        125,
        "duplicate key 'text'",
    ),
    ("UTF-16 body", "/v1/analyze", '{"text": "x"}'.encode("utf-16"), JSON_TYPE, 400, 125, "not UTF-8"),
    ("UTF-16 without BOM", "/v1/encode", '{"text": "x"}'.encode("utf-16-le"), JSON_TYPE, 400, 125, "UTF-16"),
    ("Latin-1 body", "/v1/analyze", '{"text": "olá"}'.encode("latin-1"), JSON_TYPE, 400, 125, "byte 0xE1"),
    (
        "UTF-8 byte order mark",
        "/v1/analyze",
        b'\xef\xbb\xbf{"text": "x"}',
        JSON_TYPE,
        400,
        125,
        "byte order mark",
    ),
    ("array top level", "/v1/analyze", b'["x"]', JSON_TYPE, 400, 125, "must be a JSON object, not an array"),
    ("string top level", "/v1/suggest", b'"x"', JSON_TYPE, 400, 125, "must be a JSON object, not a string"),
    (
        "deep nesting",
        "/v1/analyze",
        b'{"text": "x", "allowed": ' + b"[" * 100_000,
        JSON_TYPE,
        400,
        125,
        "nesting deeper than 2 levels",
    ),
    (
        "trailing data",
        "/v1/analyze",
        b'{"text": "x"} {"text": "y"}',
        JSON_TYPE,
        400,
        125,
        "data after the JSON",
    ),
    (
        "text not a string",
        "/v1/analyze",
        b'{"text": 5}',
        JSON_TYPE,
        422,
        422,
        "text: Input should be a valid string",
    ),
    ("boolean as a string", "/v1/analyze", b'{"text": "x", "ref16": "yes"}', JSON_TYPE, 422, 422, "ref16"),
    (
        "number as a string",
        "/v1/analyze",
        b'{"text": "x", "recipients": "3"}',
        JSON_TYPE,
        422,
        422,
        "recipients",
    ),
    (
        "fractional recipients",
        "/v1/analyze",
        b'{"text": "x", "recipients": 1.5}',
        JSON_TYPE,
        422,
        422,
        "recipients",
    ),
    (
        "negative recipients",
        "/v1/analyze",
        b'{"text": "x", "recipients": -1}',
        JSON_TYPE,
        422,
        422,
        "recipients: Input should be greater than or equal to 1",
    ),
    (
        "unknown encoding",
        "/v1/analyze",
        b'{"text": "x", "encoding": "latin-1"}',
        JSON_TYPE,
        422,
        422,
        "encoding: Input should be 'auto', 'gsm', 'gsm-pt', 'utf-16'",
    ),
    (
        "unknown allowed encoding",
        "/v1/suggest",
        b'{"text": "x", "allowed": ["gsm", "ebcdic"]}',
        JSON_TYPE,
        422,
        422,
        "allowed[1]: Input should be 'gsm', 'gsm-pt', 'utf-16'",
    ),
    ("empty allowed", "/v1/analyze", b'{"text": "x", "allowed": []}', JSON_TYPE, 422, 422, "allowed"),
    (
        "huge extraUdh",
        "/v1/analyze",
        b'{"text": "x", "extraUdh": 100000}',
        JSON_TYPE,
        422,
        422,
        "extraUdh: Input should be less than or equal to 120",
    ),
    (
        "lone surrogate",
        "/v1/analyze",
        b'{"text": "a\\udc00b"}',
        JSON_TYPE,
        422,
        422,
        "lone surrogate U+DC00 at index 1",
    ),
    ("missing text", "/v1/analyze", b'{"encoding": "gsm"}', JSON_TYPE, 422, 422, "text: Field required"),
    (
        "unknown field",
        "/v1/analyze",
        b'{"text": "x", "recipient": 3}',
        JSON_TYPE,
        422,
        422,
        "recipient: Extra inputs are not permitted",
    ),
    (
        "snake_case option",
        "/v1/analyze",
        b'{"text": "x", "keep_graphemes": true}',
        JSON_TYPE,
        422,
        422,
        "keep_graphemes: Extra inputs are not permitted",
    ),
    ("country not ISO", "/v1/analyze", b'{"text": "x", "country": "PRT"}', JSON_TYPE, 422, 422, "country"),
    (
        "destination not digits",
        "/v1/encode",
        b'{"text": "x", "destination": "+351 91"}',
        JSON_TYPE,
        422,
        422,
        "destination",
    ),
    (
        "analyze-many object",
        "/v1/analyze-many",
        b'{"texts": []}',
        JSON_TYPE,
        400,
        125,
        "must be a JSON array",
    ),
    (
        "analyze-many nested rows",
        "/v1/analyze-many",
        b'[["x"]]',
        JSON_TYPE,
        400,
        125,
        "nesting deeper than 1",
    ),
    ("analyze-many bad query", "/v1/analyze-many?extraUdh=lots", b'["x"]', JSON_TYPE, 422, 422, "extraUdh"),
    ("analyze-many bad encoding", "/v1/analyze-many?encoding=morse", b'["x"]', JSON_TYPE, 422, 422, "morse"),
]


@pytest.mark.parametrize(
    ("path", "body", "headers", "status", "code", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_request_is_a_4xx_with_a_code(client, path, body, headers, status, code, words):
    r = client.post(path, content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    error = r.json()["error"]
    assert error["code"] == code and words in error["description"], error
    assert "Traceback" not in r.text


def test_routing_errors_have_the_same_shape(client):
    r = client.get("/v2/analyze")
    assert (r.status_code, r.json()["error"]["code"]) == (404, 404)
    r = client.put("/v1/analyze", json=GOOD)
    assert (r.status_code, r.json()["error"]["code"]) == (405, 405)
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/static/secret.py").json()["error"]["code"] == 404


def test_body_over_the_limit_by_content_length_is_413(client):
    body = json.dumps({"text": "a" * MAX_BODY}).encode()
    r = client.post("/v1/analyze", content=body, headers=JSON_TYPE)
    assert r.status_code == 413
    assert r.json()["error"] == {
        "code": 413,
        "description": f"the body is {len(body)} bytes or more; the limit is {MAX_BODY} bytes",
        "limit": MAX_BODY,
    }
    r = client.post("/api/rest/sms", content=body, headers=JSON_TYPE)
    assert r.status_code == 413 and r.json()["error"]["code"] == 413


def test_chunked_body_over_the_limit_is_counted_and_refused(client):
    chunks = [b'{"text": "'] + [b"a" * 65536] * 8 + [b'"}']  # no Content-Length: chunked
    r = client.post("/v1/analyze", content=iter(chunks), headers=JSON_TYPE)
    assert r.status_code == 413 and r.json()["error"]["code"] == 413
    small = [b'{"text": "', b"a" * 1000, b'"}']
    r = client.post("/v1/analyze", content=iter(small), headers=JSON_TYPE)
    assert r.status_code == 200 and r.json()["units"] == 1000


def test_a_lying_content_length_is_refused_before_the_body(base_url):
    # A claim of 10 GB is refused at once: nothing waits for the bytes.
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
            % (host.encode(), port.encode())
            + b"Content-Length: 10000000000\r\n\r\n{"
        )
        answer = b""
        while b'"limit"' not in answer:  # the headers and the body may come in separate segments
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413") and b'"code":413' in answer
