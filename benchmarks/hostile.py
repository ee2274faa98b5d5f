"""Hostile inputs of issue 17, each in a fresh interpreter: ``python benchmarks/hostile.py [CASE ...]``.

Each case prints its time and the peak resident memory it adds to the interpreter after imports
and a warm-up (so that the figure is the call's own). The cases:

- ``urls``: ``analyze`` and ``suggest`` of ``"http://x" + ")" * 100000`` and of the 1 MiB twin,
  what ``/v1/analyze`` does with such a body (9.3 s at 100,000 before the link search was linear);
- ``attack39k``: the 39 KB body of the issue (``"“\\r" + "http://" + "x" * 30 + ")" * 38900``,
  allowed gsm and utf-16) through ``preflight`` (4.9 s before);
- ``hostile``: ``"“\\r" + "e\\u0301" * 38000 + " http://" + "a" * 880000`` (994 KB) through
  ``suggest``, ``analyze(keep_graphemes=True)`` and ``preflight`` (2.4 to 4.4 s before);
- ``graphemes``: ``analyze("a" * 10**7, keep_graphemes=True)`` (3.8 s, +405 MB before);
- ``smart``: ``smart_encode("“" * 10**7)`` and the length of its replacements (19.4 s, +1.77 GB);
- ``reassembler``: 10,000 references × 254 empty 8-bit parts, each a distinct decoded object, into
  a ``Reassembler`` with its default caps (1.1 GB at ``buffered_bytes == 0`` before).

The figures are in docs/hardening.md. It refuses to measure the pure-Python reference unless given
``--allow-reference`` (see ``engine_check``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_check import ALLOW_FLAG, child_backend, refusal  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from datetime import datetime, timezone
import nrs_codec
from nrs_codec import analyze, preflight, smart_encode, suggest

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)

def request(message, **fields):
    return {"to": ["351912345678"], "from": "NRS", "message": message, **fields}

def tried(call):
    try:
        return call()
    except ValueError as exc:
        return exc

HOSTILE = "“\r" + "e\u0301" * 38000 + " http://" + "a" * 880000

def urls():
    for text in ("http://x" + ")" * 100_000, "http://x" + ")" * (2**20 - 8)):
        tried(lambda: analyze(text))
        suggest(text)

def attack39k():
    text = "“\r" + "http://" + "x" * 30 + ")" * 38900
    preflight(request(text, encoding="utf-16", parts=255), now=NOW)
    suggest(text, allowed=("gsm", "utf-16"))

def reassembler():
    from nrs_codec import Reassembler, decode_user_data
    r = Reassembler(clock=lambda: 0.0)
    for ref in range(10_000):
        originator = f"3519{ref:08d}"
        for number in range(1, 255):
            r.add(decode_user_data(bytes((5, 0, 3, ref & 0xFF, 255, number)), 6, 0x04, True), originator)
    return r.buffered_bytes

CASES = {
    "urls": urls,
    "attack39k": attack39k,
    "hostile-suggest": lambda: suggest(HOSTILE),
    "hostile-analyze": lambda: tried(lambda: analyze(HOSTILE, keep_graphemes=True)),
    "hostile-preflight": lambda: preflight(request(HOSTILE, parts=255), now=NOW),
    "graphemes": lambda: tried(lambda: analyze("a" * 10**7, keep_graphemes=True)),
    "smart": lambda: len(smart_encode("“" * 10**7).replacements),
    "reassembler": reassembler,
}
preflight(request("warm up", scheduleDate="20261224183000"), now=NOW)
suggest("“warm” up http://x.pt/" + "a" * 40 + " " + "e\u0301", keep_graphemes=True)
analyze("warm up ж", keep_graphemes=True)
base = peak()
start = time.perf_counter()
result = CASES[sys.argv[1]]()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "added": peak() - base, "result": repr(result)[:80]}))
"""

CASES = (
    "urls",
    "attack39k",
    "hostile-suggest",
    "hostile-analyze",
    "hostile-preflight",
    "graphemes",
    "smart",
    "reassembler",
)


def measure(case: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, case], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(cases: list[str]) -> None:
    message = refusal(child_backend(), "benchmarks/hostile.py")
    if message:
        sys.exit(message)
    print("| case | time | memory added | result |")
    print("|---|---:|---:|---|")
    for case in cases or CASES:
        m = measure(case)
        print(
            f"| {case} | {m['seconds']:.2f} s | {m['added'] / 2**20:.0f} MiB | `{m['result']}` |", flush=True
        )


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if a != ALLOW_FLAG])
