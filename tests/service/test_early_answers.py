"""An answer given before the body was read (413 above all) reaches clients that send their whole
body before reading, as Python's urllib and requests do: the server reads and discards the rest
within its bounds (``--linger-bytes``, ``--linger-seconds``), then closes (issue 21)."""

from __future__ import annotations

import select
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import httpx
import pytest
import requests
from _server import PIDS, serve

MIB = 1 << 20
ROUTES = ["/api/rest/sms", "/v1/analyze", "/v1/analyze-many", "/v1/encode", "/v1/suggest"]
SIZES = [MIB + MIB // 2, 3 * MIB, 8 * MIB, 32 * MIB]
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def default_url():
    """A service with the default body limit (1 MiB) and lingering bounds."""
    with serve() as url:
        yield url


def rss(pid: int) -> int:
    """Resident memory of a process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def post_urllib(url: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers=JSON)
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status, {}
    except urllib.error.HTTPError as exc:
        import json

        return exc.code, json.loads(exc.read())


def post_httpx(url: str, body: bytes) -> tuple[int, dict]:
    r = httpx.post(url, content=body, headers=JSON, timeout=120)
    return r.status_code, r.json()


def post_requests(url: str, body: bytes) -> tuple[int, dict]:
    r = requests.post(url, data=body, headers=JSON, timeout=120)
    return r.status_code, r.json()


CLIENTS = {"urllib": post_urllib, "httpx": post_httpx, "requests": post_requests}


@pytest.mark.parametrize("client", CLIENTS)
def test_every_client_reads_the_413_of_an_oversized_body_on_every_route(default_url, client):
    post = CLIENTS[client]
    before = rss(PIDS[default_url])
    for size in SIZES:
        body = b"x" * size
        for route in ROUTES:
            status, answer = post(default_url + route, body)
            assert status == 413, (client, size, route)
            error = answer["error"]
            assert error["code"] == 413 and error["limit"] == MIB, (client, size, route)
            assert error["description"].startswith(f"the body is {size} bytes")
    # 44 MiB went to each route and was thrown away as it came: the server kept none of it.
    assert rss(PIDS[default_url]) - before < 16 * MIB


def test_a_client_that_asks_to_continue_gets_the_413_without_sending(default_url):
    host, port = default_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 8388608\r\nExpect: 100-continue\r\n\r\n"
        )
        answer = b""
        while chunk := s.recv(65536):  # the server answers and closes without a byte of body
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413 ") and b"connection: close" in answer.lower()
    assert b"100 Continue" not in answer


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (apt-get install curl)")
def test_curl_with_its_expect_header_gets_the_413(default_url, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * (8 * MIB))
    r = subprocess.run(
        ["curl", "-sS", "-H", "Content-Type: application/json", "--data-binary", f"@{big}",
         "-w", "\n%{http_code}", default_url + "/v1/analyze", "-v"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Expect: 100-continue" in r.stderr
    body, status = r.stdout.rsplit("\n", 1)
    assert status == "413" and '"code":413' in body


def test_a_client_that_sends_without_end_is_cut_off_at_the_bound():
    bound = 4 * MIB
    with serve("--linger-bytes", str(bound), "--linger-seconds", "30") as url:
        host, port = url.removeprefix("http://").split(":")
        answer = b""
        sent = 0
        chunk = b"x" * 65536
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(
                b"POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1099511627776\r\n\r\n"
            )
            with pytest.raises(OSError) as closed:  # reset or broken pipe: the server closed on it
                while sent < 1024 * MIB:
                    s.sendall(chunk)
                    sent += len(chunk)
                    if select.select([s], [], [], 0)[0]:  # (a socket with a timeout waits in recv)
                        answer += s.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413 ")
        # Cut off near the bound: what the kernels' buffers held beside it, not the terabyte.
        assert bound <= sent < bound + 64 * MIB, (sent, closed.value)
