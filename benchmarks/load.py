"""Load benchmark of ``nrs-codec serve``: requests per second, latency and memory under 64
concurrent connections, beside the in-process ``analyze`` rate measured in the same run.

    python benchmarks/load.py                       # 2 workers, 64 connections, 20 s per scenario
    python benchmarks/load.py --json /tmp/load.json

It starts ``nrs-codec serve --workers 2`` (example prices) and drives it with wrk (Debian package
``wrk``; ``apt-get install -y wrk``), a C client, run at a lower priority (``nice``) with one
thread so that on a small machine it leaves the cores to the server. Scenarios, each after a
warm-up:

- ``analyze``: ``POST /v1/analyze`` of 2,000 campaign messages from ``corpus.py`` in turn;
- ``mix``: four analyses to one pre-flight (``POST /api/rest/sms``) of the requests in
  ``examples/`` (one accepted, 202; one rejected, 400 with its verdict: both expected answers).

``analyze`` runs again last, so that resident memory after it shows whether the server keeps
growing. Errors are socket errors and any status other than those expected (200 for an analysis,
202 or 400 for a pre-flight). Resident memory is the sum over the server's processes (the
supervisor and its workers), before the first scenario and after each. Not a test: nothing here
asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import corpus  # noqa: E402
from engine_check import ALLOW_FLAG, require_compiled  # noqa: E402

import nrs_codec  # noqa: E402
from nrs_codec.service.answers import analyze_answer  # noqa: E402
from nrs_codec.service.schemas import AnalyzeRequest  # noqa: E402

EXPECTED = {"analyze": {"200"}, "mix": {"200", "202", "400"}, "analyze-2": {"200"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_rss_mib(session: int) -> float:
    """Resident memory of every process in the server's session (supervisor and workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[3]) != session:  # field 6 of stat, the session id
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


def write_requests(path: Path, messages: list[str], preflight_every: int) -> None:
    bodies = [
        json.loads((ROOT / "examples" / n).read_text(encoding="utf-8"))
        for n in ("request.json", "request_typographic.json")
    ]
    lines = []
    for i, text in enumerate(messages):
        lines.append("/v1/analyze\t" + json.dumps({"text": text}))
        if preflight_every and i % preflight_every == preflight_every - 1:
            lines.append("/api/rest/sms\t" + json.dumps(bodies[(i // preflight_every) % 2]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def in_process_rates(messages: list[str], seconds: float = 2.0) -> dict[str, float]:
    """Calls per second in this process: ``analyze`` alone, and the whole ``/v1/analyze`` answer
    (analysis, suggestions, carriers) without HTTP."""
    requests = [AnalyzeRequest(text=t) for t in messages]
    rates = {}
    for name, call in (
        ("analyze", lambda i: nrs_codec.analyze(messages[i])),
        ("answer", lambda i: analyze_answer(requests[i], None)),
    ):
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            for i in range(len(messages)):
                call(i)
            n += len(messages)
        rates[name] = n / (time.perf_counter() - started)
    return rates


def wrk(url: str, requests: Path, connections: int, seconds: float) -> dict:
    command = [
        "nice", "-n", "10", "wrk", "-t1", f"-c{connections}", f"-d{round(seconds)}s", "--timeout", "10s",
        "-s", str(HERE / "load.lua"), url, "--", str(requests),
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    p.add_argument("--json", type=Path, help="write the figures here too")
    p.add_argument(ALLOW_FLAG, action="store_true", help="measure even on the reference back end")
    args = p.parse_args()
    require_compiled("benchmarks/load.py")
    if not shutil.which("wrk"):
        print("load.py needs wrk: apt-get install -y wrk", file=sys.stderr)
        return 2

    messages = corpus(2000)
    rates = in_process_rates(messages)
    work = Path(tempfile.mkdtemp(prefix="nrs-codec-load-"))
    # analyze twice: the second run shows whether memory keeps growing or has settled.
    scenarios = {"analyze": work / "analyze.txt", "mix": work / "mix.txt", "analyze-2": work / "analyze.txt"}
    write_requests(scenarios["analyze"], messages, 0)
    write_requests(scenarios["mix"], messages, 4)

    port = free_port()
    script = Path(sys.executable).with_name("nrs-codec")
    server = subprocess.Popen(
        [str(script), "serve", "--workers", str(args.workers), "--port", str(port), "--log-level", "warning",
         "--prices", str(ROOT / "examples" / "prices.csv")],
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    results: dict = {"workers": args.workers, "connections": args.connections, "in_process": rates}
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)  # every worker up
        results["rss_mib_before"] = server_rss_mib(server.pid)
        load = os.getloadavg()[0]
        for name, requests in scenarios.items():
            wrk(url, requests, args.connections, 3)  # warm-up
            r = wrk(url, requests, args.connections, args.duration)
            unexpected = sum(n for status, n in r["statuses"].items() if status not in EXPECTED[name])
            r["errors"] = unexpected + sum(r["socket_errors"].values())
            r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
            r["rss_mib_after"] = server_rss_mib(server.pid)
            results[name] = r
        results["load_average_before"] = load
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)

    setup = f"wrk -t1 -c{args.connections} -d{args.duration:g}s (nice 10)"
    print(f"nrs-codec serve --workers {args.workers}, {setup}")
    print(f"load average before: {results['load_average_before']:.2f} on {os.cpu_count()} CPUs")
    header = f"{'scenario':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}"
    print(f"{header} {'RSS MiB after':>13}  statuses")
    for name in scenarios:
        r = results[name]
        print(
            f"{name:<10} {r['requests']:>9} {r['rps']:>8.0f} {r['p50_us'] / 1000:>7.2f} "
            f"{r['p99_us'] / 1000:>7.2f} {r['errors']:>6} {r['rss_mib_after']:>13.0f}  {r['statuses']}"
        )
    print(f"server resident memory before the first scenario: {results['rss_mib_before']:.0f} MiB")
    ratio = results["analyze"]["rps"] / rates["analyze"]
    print(
        f"in-process, one core: analyze {rates['analyze']:.0f}/s, the whole /v1/analyze answer "
        f"{rates['answer']:.0f}/s; HTTP analyze over {args.workers} workers = {ratio:.3f}x analyze"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
