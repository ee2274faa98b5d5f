"""The server's limits and protocol edges (issue 17, items 2, 6, 10 and 14): slow clients are cut
off while others are served, headers are bounded, a client gone mid-body is no 500, ``HEAD`` is
``GET``, Host is read strictly, and what the server cannot parse is answered in the error shape."""

from __future__ import annotations

import asyncio
import json
import socket
import threading

import httpx
import pytest
from _server import serve

from nrs_codec.provider import recipients
from nrs_codec.service.app import create_app
from nrs_codec.service.hosts import host_name
from nrs_codec.service.settings import build


@pytest.fixture(scope="module")
def strict_url():
    """Short header and body deadlines and a small header limit, to reach them quickly."""
    with serve("--header-timeout", "1", "--body-timeout", "1", "--max-header-bytes", "8192") as url:
        yield url


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=60)


def read_all(s: socket.socket) -> bytes:
    out = b""
    try:
        while chunk := s.recv(65536):
            out += chunk
    except ConnectionResetError:
        pass
    return out


def answer(raw: bytes) -> tuple[int, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_slow_clients_are_cut_off_while_others_are_served(strict_url):
    slow_header = [connect(strict_url) for _ in range(20)]
    for s in slow_header:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")  # and nothing more
    slow_body = connect(strict_url)
    slow_body.sendall(
        b"POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"text": '
    )
    silent = connect(strict_url)  # connects and sends nothing
    with httpx.Client(base_url=strict_url) as client:
        assert client.get("/healthz").status_code == 200  # served while they wait
    for s in slow_header:
        status, body = answer(read_all(s))
        assert status == 408 and body["error"]["code"] == 408
        s.close()
    status, body = answer(read_all(slow_body))
    assert status == 408 and body["error"] == {
        "code": 408,
        "description": "the body did not arrive within 1 seconds",
    }
    status, _ = answer(read_all(silent))
    assert status == 408
    slow_body.close()
    silent.close()


def test_headers_over_the_limit_are_431_in_the_error_shape(strict_url):
    with connect(strict_url) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
        status, body = answer(read_all(s))
    assert status == 431 and "over 8192 bytes" in body["error"]["description"]


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: local\x00host\r\n\r\n",
        b"BREW /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
    ],
    ids=["bad chunk size", "NUL in a header", "unknown method"],
)
def test_what_the_server_cannot_parse_is_answered_in_the_error_shape(strict_url, request_bytes):
    with connect(strict_url) as s:
        s.sendall(request_bytes)
        status, body = answer(read_all(s))
    assert status == 400 and body["error"]["code"] == 400
    assert body["error"]["description"].startswith("not an HTTP request this server can read")


def metrics_of(url: str) -> str:
    return httpx.get(url + "/metrics").text


@pytest.mark.parametrize("path", ["/v1/analyze", "/api/rest/sms", "/v1/encode"])
def test_a_client_gone_mid_body_is_no_server_error(path):
    with serve() as url:
        for _ in range(3):
            with connect(url) as s:
                s.sendall(
                    f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    'Content-Length: 1000\r\n\r\n{"text": "hal'.encode()
                )
        with connect(url) as s:  # a request after them shows they were all handled
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            assert read_all(s).startswith(b"HTTP/1.1 200")
        text = metrics_of(url)
    assert 'status="500"' not in text
    assert f'nrs_codec_http_requests_total{{method="POST",route="{path}",status="499"}} 3.0' in text


@pytest.mark.parametrize("path", ["/healthz", "/", "/v1/config", "/metrics", "/openapi.json"])
def test_head_is_answered_as_get(path):
    with serve() as url:
        get = httpx.get(url + path)
        head = httpx.head(url + path)
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


@pytest.mark.parametrize(
    "header", [b"localhost:80@evil.com", b"[::1]evil.com", b"[::1", b"localhost:x", b"a b"]
)
def test_host_headers_that_are_not_host_and_port_are_refused(header):
    assert host_name(header) is None


def test_a_loopback_service_refuses_a_host_that_only_starts_as_loopback():
    with serve() as url:
        for host in ("localhost:80@evil.com", "[::1]evil.com", "[::1"):
            r = httpx.get(url + "/v1/config", headers={"Host": host})
            assert r.status_code == 400 and r.json()["error"]["code"] == 400, host


def test_the_recipient_cache_keeps_only_what_is_as_short_as_a_number():
    before = recipients._judge_cached.cache_info().currsize
    for n in range(200):
        assert not recipients.recipient(str(n) * 5000).valid
    assert recipients._judge_cached.cache_info().currsize == before
    assert recipients.recipient("351912345678").valid


def test_many_recipients_do_not_hold_the_other_requests():
    numbers = [f"35191{n:07d}" for n in range(20_000, 89_000)]  # 69,000 distinct valid numbers
    body = json.dumps({"to": numbers, "from": "NRSDemo", "message": "Ola"}).encode()
    with serve("--max-body", str(4 << 20)) as url:
        result = {}

        def send():
            result["r"] = httpx.post(
                url + "/api/rest/sms", content=body, headers={"Content-Type": "application/json"}, timeout=300
            )

        sender = threading.Thread(target=send)
        sender.start()
        # While the recipients are judged (seconds), /healthz is answered again and again: the
        # judging is off the event loop. On it, one health check would wait for the whole request.
        answered = 0
        with httpx.Client(base_url=url, timeout=60) as client:
            while sender.is_alive():
                assert client.get("/healthz").status_code == 200
                answered += sender.is_alive()
        sender.join()
    r = result["r"]
    assert r.status_code == 202 and r.json()["total"] == 69_000
    assert answered >= 3  # blocked, at most the check before and the one held behind it


@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/encode", "/api/rest/sms"])
def test_a_content_length_of_other_digits_is_400(path):
    """Found by fuzz/fuzz_service.py: '¹¹' (latin-1 superscripts) passed str.isdigit, then int()."""
    app = create_app(build())
    scope = {
        "type": "http", "http_version": "1.1", "method": "POST", "scheme": "http", "path": path,
        "raw_path": path.encode(), "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000), "state": {},
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/json"),
                    (b"content-length", b"\xb9\xb9")],
    }  # fmt: skip
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert (
        json.loads(sent[1]["body"])["error"]["description"] == "Content-Length '¹¹' is not a number of bytes"
    )
