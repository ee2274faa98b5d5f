"""Coverage-guided fuzzing of the HTTP service as a whole, through its ASGI app, with atheris.

Each input becomes one request: a method, a path (every route, a trailing slash, a random one), a
query string, headers (Content-Type, Content-Length, Host, Authorization, Expect, arbitrary
ones), a body cut into chunks as a client would send it (JSON, NDJSON for ``/v1/analyze-many``,
or raw bytes), and sometimes a client that leaves mid-body. The app is the one ``nrs-codec serve``
builds (API key, loopback Host check, small limits) with every middleware.

What must hold: the app never raises; a request whose client stayed gets exactly one answer, never
a 5xx; every 4xx is JSON in the error shape (``{"error": {"code": int, "description": str}}``);
NDJSON that is answered 200 has one row per line.

Run it from a checkout (atheris is not a test dependency)::

    pip install atheris
    PYTHONPATH=. python fuzz/fuzz_service.py -max_total_time=300 -max_len=4000 -dict=fuzz/json.dict

Any other outcome stops the run and leaves the input in ``crash-*`` for a regression test.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys

import atheris

with atheris.instrument_imports():
    from nrs_codec.service.app import create_app
    from nrs_codec.service.settings import build

KEY = "fuzz-key"
AUTH = b"Basic " + base64.b64encode(f"u:{KEY}".encode())
PATHS = [
    "/api/rest/sms",
    "/api/rest/sms/",
    "/v1/analyze",
    "/v1/analyze-many",
    "/v1/encode",
    "/v1/suggest",
    "/v1/config",
    "/healthz",
    "/metrics",
    "/openapi.json",
    "/",
    "/docs",
    "/static/editor.js",
]
METHODS = ["POST", "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"]
TYPES = [
    b"application/json",
    b"application/x-ndjson",
    b"application/json; charset=utf-8",
    b"application/json; charset=latin-1",
    b"application/x-www-form-urlencoded",
    b"text/plain",
    b"application/problem+json",
]
HOSTS = [b"localhost:8000", b"127.0.0.1", b"[::1]:8000", b"localhost:80@evil.com", b"[::1", b"evil.com"]
TOKEN = b"abcdefghijklmnopqrstuvwxyz0123456789-!#$%&'*+.^_`|~"
ANSWERS_WITHOUT_JSON = ("/metrics", "/", "/docs", "/static/editor.js", "/favicon.ico")

APP = create_app(build(api_key=KEY, max_body=4096, max_rows=50, body_timeout=5, linger_seconds=1))
LOOP = asyncio.new_event_loop()


def request_of(data: bytes) -> tuple[dict, list[bytes], bool]:
    """The scope, the body's chunks and whether the client leaves before its end."""
    fdp = atheris.FuzzedDataProvider(data)
    method = fdp.PickValueInList(METHODS)
    path = fdp.PickValueInList(PATHS) if fdp.ConsumeBool() else "/" + fdp.ConsumeUnicodeNoSurrogates(12)
    # What uvicorn's parser lets through: a query string of visible ASCII, header names of token
    # characters, header values of any byte but CR, LF and NUL.
    query = bytes(0x21 + b % 94 for b in fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 40)))
    headers = []
    if fdp.ConsumeProbability() < 0.9:
        headers.append((b"host", fdp.PickValueInList(HOSTS)))
    if fdp.ConsumeProbability() < 0.9:
        headers.append((b"authorization", AUTH if fdp.ConsumeBool() else fdp.ConsumeBytes(20)))
    if fdp.ConsumeBool():
        headers.append((b"content-type", fdp.PickValueInList(TYPES)))
    if fdp.ConsumeProbability() < 0.2:
        headers.append((b"expect", b"100-continue"))
    for _ in range(fdp.ConsumeIntInRange(0, 3)):
        name = bytes(TOKEN[b % len(TOKEN)] for b in fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 12))) or b"x"
        value = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 30)).translate(None, b"\r\n\x00").strip()
        headers.append((name, value))
    gone = fdp.ConsumeProbability() < 0.1
    pieces = fdp.ConsumeIntInRange(1, 4)
    framing = fdp.ConsumeIntInRange(0, 2)  # the true length, chunked, or a length that lies
    lie = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 8))
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    if framing == 0:
        headers.append((b"content-length", str(len(body)).encode()))
    elif framing == 1:
        headers.append((b"transfer-encoding", b"chunked"))
    else:
        headers.append((b"content-length", lie))
    step = max(1, -(-len(body) // pieces))
    chunks = [body[i : i + step] for i in range(0, len(body), step)] or [b""]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8", "surrogateescape"),
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    return scope, chunks, gone


async def run(scope: dict, chunks: list[bytes], gone: bool) -> tuple[list[dict], bool]:
    sent: list[dict] = []
    queue = list(chunks)
    left = False

    async def receive():
        nonlocal left
        if gone and len(queue) <= len(chunks) // 2:
            left = True
        if left or not queue:
            left = True
            return {"type": "http.disconnect"}
        chunk = queue.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    async def send(message):
        if not left:
            sent.append(message)

    await APP(scope, receive, send)
    return sent, left


def test_one_input(data: bytes) -> None:
    scope, chunks, gone = request_of(data)
    sent, left = LOOP.run_until_complete(run(scope, chunks, gone))
    starts = [m for m in sent if m["type"] == "http.response.start"]
    if left and not starts:
        return
    if len(starts) != 1:
        raise AssertionError(f"{len(starts)} answers to {scope['method']} {scope['path']!r}")
    status = starts[0]["status"]
    if status >= 500:
        raise AssertionError(f"{status} for {scope['method']} {scope['path']!r}: {sent!r}"[:2000])
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    if scope["method"] == "HEAD" or scope["path"] in ANSWERS_WITHOUT_JSON and status < 400:
        return
    if status >= 400:
        error = json.loads(body)["error"]
        if type(error["code"]) is not int or type(error["description"]) is not str:
            raise AssertionError(f"not the error shape: {body[:300]!r}")
    content_type = dict(scope["headers"]).get(b"content-type", b"")
    if status == 200 and scope["path"] == "/v1/analyze-many" and content_type == b"application/x-ndjson":
        lines = b"".join(chunks).decode("utf-8").split("\n")
        rows = len(lines) - (lines[-1].strip() == "")
        if len(json.loads(body)["rows"]) != rows:
            raise AssertionError(f"{rows} lines but not as many rows: {body[:300]!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
