"""``nrs-codec serve`` itself: where it says it listens, its options, its files, several workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import httpx
import pytest
from _server import PRICES, ROOT, command, free_port, serve


def run_serve(*options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command(), "serve", *options], capture_output=True, text=True, timeout=60, cwd=ROOT / "tests"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--prices", "/nonexistent/prices.csv"], "cannot use the prices /nonexistent/prices.csv"),
        (["--balance", "lots"], "--balance 'lots' is not an amount with its currency"),
        (["--balance", "5"], "--balance '5' needs its currency, such as '5 EUR'"),
        (["--port", "70000"], "a port is 0 to 65535"),
        (["--workers", "0"], "expected a positive integer"),
        (["--max-body", "-5"], "expected a positive integer"),
        (
            ["--allowed-host", "http://sms.example.com/"],
            "--allowed-host 'http://sms.example.com/' is not a host",
        ),
    ],
)
def test_options_it_cannot_start_with_exit_2_naming_them(options, message):
    r = run_serve(*options)
    assert r.returncode == 2 and message in r.stderr


def test_profile_file_errors_name_the_file_and_key(tmp_path):
    profile = tmp_path / "profile.json"
    profile.write_text('{"maxParts": 10, "maxPart": 3}', encoding="utf-8")
    r = run_serve("--profile", str(profile))
    assert r.returncode == 2 and f"{profile}: unknown keys maxPart" in r.stderr
    profile.write_text('{"maxParts": 0}', encoding="utf-8")
    assert "max_parts must be an int from 1 to 255" in run_serve("--profile", str(profile)).stderr
    profile.write_text('{"maxParts": NaN}', encoding="utf-8")
    assert "NaN is not a JSON number" in run_serve("--profile", str(profile)).stderr


def test_it_says_where_it_listens():
    port = free_port()
    proc = subprocess.Popen(
        [*command(), "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT / "tests",
        start_new_session=True,
    )
    try:
        first = proc.stderr.readline()
        assert first.startswith(f"nrs-codec serve: listening on http://127.0.0.1:{port}/ (editor)")
        assert "no API key" in first
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
        proc.stderr.close()


def test_the_profile_sets_the_providers_limits_and_the_body_limit(tmp_path):
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"maxParts": 3, "maxBodyBytes": 2000}), encoding="utf-8")
    body = {"to": ["351912345678"], "from": "NRS", "message": "Ola", "parts": 5}
    with serve("--profile", str(profile)) as url:
        r = httpx.post(url + "/api/rest/sms", json=body)
        assert r.status_code == 400 and r.json()["errors"][0]["code"] == 110
        assert "from 1 to 3" in r.json()["errors"][0]["description"]
        r = httpx.post(url + "/v1/analyze", json={"text": "x" * 2000})
        assert r.status_code == 413 and r.json()["error"]["limit"] == 2000


def test_several_workers_share_nothing_but_their_metrics():
    with serve("--workers", "2", "--prices", str(PRICES)) as url, httpx.Client(base_url=url) as client:
        n = 60
        for i in range(n):
            # A new connection each time, so that both workers get some.
            r = httpx.post(
                url + "/v1/analyze", json={"text": f"message {i}"}, headers={"Connection": "close"}
            )
            assert r.status_code == 200
        # Whichever worker answers, /metrics adds up every worker's counts.
        for _ in range(3):
            text = client.get("/metrics", headers={"Connection": "close"}).text
            (line,) = [
                x
                for x in text.splitlines()
                if x.startswith(
                    'nrs_codec_http_requests_total{method="POST",route="/v1/analyze",status="200"}'
                )
            ]
            assert float(line.rsplit(" ", 1)[1]) == n
