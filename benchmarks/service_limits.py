"""What clients can cost ``nrs-codec serve`` (issues 17 and 21): memory kept after recipients a
megabyte long, the event loop while tens of thousands of recipients are judged, and whether a
413 reaches a client that sends its whole body before reading.

    python benchmarks/service_limits.py                      # this checkout
    python benchmarks/service_limits.py --source /work/main  # another checkout, for a baseline

It starts ``nrs-codec serve`` (one worker, a 4 MiB body limit) from the checkout, and measures:

- ``recipients_mb``: resident memory of the server before and after N ``POST /api/rest/sms``, each
  with one distinct recipient of 1,000,000 digits;
- ``many_recipients``: one request with 69,000 distinct valid numbers: its time, the health checks
  answered meanwhile and the slowest of them;
- ``oversized``: urllib posting 8, 16 and 32 MiB to ``/v1/analyze``: the answers it read.

Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start(source: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nrs_codec.cli",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--max-body",
            str(4 << 20),
        ],
        env={**os.environ, "PYTHONPATH": str(source)},
        cwd=source / "tests",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def long_recipients(url: str, pid: int, count: int) -> dict:
    before = rss_mb(pid)
    with httpx.Client(timeout=60) as client:
        for n in range(count):
            number = str(n).rjust(10, "7") + "1" * 999_990
            body = {"to": [number], "from": "NRSDemo", "message": "Ola"}
            client.post(url + "/api/rest/sms", json=body)
    return {"requests": count, "rssBeforeMb": round(before), "rssAfterMb": round(rss_mb(pid))}


def many_recipients(url: str) -> dict:
    numbers = [f"35191{n:07d}" for n in range(20_000, 89_000)]
    body = json.dumps({"to": numbers, "from": "NRSDemo", "message": "Ola"})
    done = {}

    def send():
        started = time.perf_counter()
        r = httpx.post(
            url + "/api/rest/sms", content=body, headers={"Content-Type": "application/json"}, timeout=600
        )
        done["status"], done["seconds"] = r.status_code, time.perf_counter() - started

    sender = threading.Thread(target=send)
    sender.start()
    answered, slowest = 0, 0.0
    with httpx.Client(timeout=600) as client:
        while sender.is_alive():
            started = time.perf_counter()
            client.get(url + "/healthz")
            slowest = max(slowest, time.perf_counter() - started)
            answered += 1
    sender.join()
    return {
        "status": done["status"],
        "seconds": round(done["seconds"], 2),
        "healthAnswered": answered,
        "slowestHealthSeconds": round(slowest, 3),
    }


def oversized(url: str) -> dict:
    out = {}
    for mib in (8, 16, 32):
        request = urllib.request.Request(
            url + "/v1/analyze", data=b"x" * (mib << 20), headers={"Content-Type": "application/json"}
        )
        try:
            urllib.request.urlopen(request, timeout=120)
            out[f"{mib}MiB"] = "no error"
        except urllib.error.HTTPError as exc:
            out[f"{mib}MiB"] = exc.code
        except OSError as exc:
            out[f"{mib}MiB"] = type(getattr(exc, "reason", exc)).__name__
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to serve from")
    parser.add_argument("--requests", type=int, default=500, help="requests with a 1 MB recipient")
    args = parser.parse_args()
    proc, url = start(args.source.resolve())
    try:
        result = {
            "source": str(args.source),
            "recipientsMb": long_recipients(url, proc.pid, args.requests),
            "manyRecipients": many_recipients(url),
            "oversized": oversized(url),
        }
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
