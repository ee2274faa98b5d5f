"""The real service for the tests: ``nrs-codec serve`` in a subprocess on a free port.

``serve(*options)`` starts one and waits for ``/healthz``; the process is killed at the end. The
module-scoped ``base_url`` is the service most tests talk to: the example prices, a balance of 5
EUR (so that error 111 is reachable), and limits small enough to reach quickly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason="the service tests need the [test] extra")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PRICES = EXAMPLES / "prices.csv"
MAX_BODY = 256 * 1024
MAX_ROWS = 1000
BALANCE = "5 EUR"
PIDS: dict[str, int] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command() -> list[str]:
    """``nrs-codec`` beside the interpreter (the installed console script), else the module."""
    script = Path(sys.executable).with_name("nrs-codec")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nrs_codec.cli"]


@contextlib.contextmanager
def serve(*options: str, env: dict | None = None, timeout: float = 30.0):
    """Run ``nrs-codec serve OPTIONS`` and yield its base URL once ``/healthz`` answers (https
    with ``--ssl-certfile``); ``PIDS[url]`` is the server's process id."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "NRS_CODEC_API_KEY"}
    environment.update(env or {})
    proc = subprocess.Popen(
        [*command(), "serve", "--port", str(port), "--log-level", "warning", *options],
        env=environment,
        cwd=ROOT / "tests",  # not the checkout's root: the installed package is the one served
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its workers too are ended with it
    )
    scheme = "https" if "--ssl-certfile" in options else "http"
    url = f"{scheme}://127.0.0.1:{port}"
    PIDS[url] = proc.pid
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace")
                pytest.fail(f"nrs-codec serve exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(url + "/healthz", timeout=1, verify=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"nrs-codec serve did not answer /healthz within {timeout} s")
            time.sleep(0.05)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        proc.stdout.close()
        PIDS.pop(url, None)


@pytest.fixture(scope="module")
def base_url():
    with serve(
        "--prices",
        str(PRICES),
        "--balance",
        BALANCE,
        "--max-body",
        str(MAX_BODY),
        "--max-rows",
        str(MAX_ROWS),
    ) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture
def start_service():
    """``serve`` for a test that needs its own service (to stop it midway, say), without importing
    this conftest by name, which another test folder's conftest may shadow."""
    return serve
