"""Bounded work on hostile input: ``python benchmarks/bounded.py``.

Each measurement runs in a fresh interpreter, so that its peak resident memory is its own (the
peak after importing is the baseline, and the figure is what the call adds to it):

- the pre-flight of a request whose message is 2,000,000 Cyrillic letters forced into ``gsm`` with
  ``parts`` 255 (target: 50 ms and 50 MB);
- ``analyze`` of texts of 1 to 10 MB that cannot be sent (too many parts, or a forced encoding
  that cannot carry them): the time must grow with the length, the memory must not.

It refuses to measure the pure-Python reference unless given ``--allow-reference`` (see
``engine_check``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_check import ALLOW_FLAG, child_backend, refusal  # noqa: E402

CHILD = r"""
import json, resource, sys, time
import nrs_codec
from datetime import datetime, timezone

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

what, size = sys.argv[1], int(sys.argv[2])
now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
nrs_codec.preflight({"to": ["351912345678"], "from": "NRS", "message": "warm up"}, now=now)
nrs_codec.analyze("warm up ж")
text = ("ж" if what != "latin" else "a") * size
base = peak()
start = time.perf_counter()
if what == "preflight":
    body = {"to": ["351912345678"], "from": "NRS", "encoding": "gsm", "parts": 255, "message": text}
    codes = [e.code for e in nrs_codec.preflight(body, now=now).errors]
else:
    try:
        nrs_codec.analyze(text, "gsm" if what == "forced" else "auto")
        codes = []
    except ValueError as exc:
        codes = [exc.code]
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "added": peak() - base, "codes": codes}))
"""


def measure(what: str, size: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(size)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(ALLOW_FLAG, action="store_true", help="measure even on the reference back end")
    parser.parse_args()
    # The children are what is measured, and they import what a ``python -c`` started here imports.
    message = refusal(child_backend(), "benchmarks/bounded.py")
    if message:
        sys.exit(message)
    best = min((measure("preflight", 2_000_000) for _ in range(5)), key=lambda m: m["seconds"])
    print("| case | time | memory added | errors |")
    print("|---|---:|---:|---|")
    print(
        f"| pre-flight, 2,000,000 × 'ж' as gsm, parts 255 | {best['seconds'] * 1000:.1f} ms "
        f"| {best['added'] / 2**20:.1f} MiB | {best['codes']} |"
    )
    for what, label in (
        ("forced", "forced gsm, Cyrillic"),
        ("auto", "auto, Cyrillic"),
        ("latin", "auto, Latin"),
    ):
        for mb in (1, 2, 5, 10):
            m = min((measure(what, mb * 1_000_000) for _ in range(3)), key=lambda m: m["seconds"])
            per_char = m["seconds"] * 1e9 / (mb * 1_000_000)
            print(
                f"| analyze, {mb} M characters, {label} | {m['seconds'] * 1000:.2f} ms "
                f"({per_char:.2f} ns/char) | {m['added'] / 2**20:.1f} MiB | {m['codes']} |"
            )


if __name__ == "__main__":
    main()
