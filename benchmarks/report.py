"""Print the batch benchmark ratios as a Markdown table: ``python benchmarks/report.py``.

Every case runs in this one process, side by side (the cases take turns), best of ``--repeat``
rounds; rates are characters per second. ``--check-rows N`` also generates a campaign CSV of N
rows in the temporary directory (never in the repository) and reports the peak memory of
``nrs-codec check`` on it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import ROWS, SLOW_ROWS, cases  # noqa: E402
from corpus import corpus  # noqa: E402


def best_rates(all_cases: dict, repeat: int) -> dict[str, float]:
    """Characters per second of each case, best of ``repeat`` rounds. The cases take turns
    within each round, so a passing disturbance on a shared machine hits them alike."""
    best = dict.fromkeys(all_cases, float("inf"))
    for case in all_cases.values():
        case.run()  # warm up
    for _ in range(repeat):
        for name, case in all_cases.items():
            start = time.perf_counter()
            case.run()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: all_cases[name].chars / t for name, t in best.items()}


def thread_calibration() -> float:
    """Speed-up of hashing in two threads over one: how much of a second CPU is free right now
    (2.0 on an idle two-CPU machine); it qualifies the workers=2 ratios."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    data = b"x" * (32 << 20)

    def digest(_=None) -> bytes:
        return hashlib.sha256(data).digest()

    def best(run) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    one = best(lambda: [digest(), digest()])
    with ThreadPoolExecutor(2) as pool:
        two = best(lambda: list(pool.map(digest, range(2))))
    return one / two


def campaign_file(rows: int) -> Path:
    """A CSV campaign of ``rows`` rows cycling 50,000 generated messages, made once per size."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    path = Path(tempfile.gettempdir()) / f"nrs_codec_campaign_{rows}.csv"
    if path.exists():
        return path
    pool = pa.array(corpus(50_000, seed=7))
    rng = np.random.default_rng(7)
    partial = path.with_suffix(".partial")
    with pacsv.CSVWriter(partial, pa.schema([("to", pa.string()), ("message", pa.string())])) as w:
        for start in range(0, rows, 1_000_000):
            n = min(1_000_000, rows - start)
            to = pa.array((351_910_000_000 + rng.integers(0, 9_999_999, n)).astype(str))
            w.write_table(pa.table({"to": to, "message": pool.take(rng.integers(0, len(pool), n))}))
    partial.rename(path)
    return path


# Runs the command given as arguments and prints its peak resident KiB. A child's peak counts the
# pages of its parent at the moment it was forked or spawned, so this small process, not the
# report with its corpus in memory, is the parent.
PEAK_OF = """
import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
print(os.wait4(pid, 0)[2].ru_maxrss)
"""


def check_memory(rows: int) -> tuple[float, float, int]:
    """(peak resident MiB, seconds, file MiB) of ``nrs-codec check`` on a generated campaign."""
    path = campaign_file(rows)
    command = [sys.executable, "-m", "nrs_codec.cli", "check", str(path), "--no-progress"]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_OF, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    return int(done.stdout.splitlines()[-1]) / 1024, seconds, os.path.getsize(path) >> 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS, help="messages in the corpus")
    parser.add_argument("--slow-rows", type=int, default=SLOW_ROWS, help="messages for the slow baselines")
    parser.add_argument("--repeat", type=int, default=5, help="runs per case; the best counts")
    parser.add_argument("--check-rows", type=int, default=0, help="also measure nrs-codec check on N rows")
    args = parser.parse_args()

    all_cases = cases(args.rows, args.slow_rows)
    calibration = thread_calibration()
    rate = best_rates(all_cases, args.repeat)
    calibration = min(calibration, thread_calibration())
    print(
        f"corpus: {args.rows:,} messages ({args.slow_rows:,} for the slow baselines), best of {args.repeat}"
    )
    print(f"CPUs available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f}, ", end="")
    print(f"two-thread calibration {calibration:.2f}× (2.00× when both CPUs are free)\n")
    print("| case | Mchar/s |")
    print("|---|---:|")
    for name, r in rate.items():
        print(f"| {name} | {r / 1e6:,.2f} |")
    ratios = [
        ("analyze_many (list) / reference back end", "list, workers=1", "reference", 30),
        ("analyze_many (gsm/ucs-2) / smpplib", "gsm/ucs-2, workers=1", "smpplib", 20),
        ("Arrow input / list input", "arrow, workers=1", "list, workers=1", 1.5),
        ("workers=2 / workers=1 (list)", "list, workers=2", "list, workers=1", 1.6),
        ("workers=2 / workers=1 (Arrow)", "arrow, workers=2", "arrow, workers=1", 1.6),
        (
            "every encoding allowed / the provider's three (list)",
            "all languages, workers=1",
            "list, workers=1",
            None,
        ),
    ]
    print("\n| ratio | measured | target |")
    print("|---|---:|---:|")
    for label, a, b, target in ratios:
        print(f"| {label} | {rate[a] / rate[b]:,.2f}× | {'—' if target is None else f'≥ {target}×'} |")
    if args.check_rows:
        peak, seconds, size = check_memory(args.check_rows)
        print(f"\nnrs-codec check on {args.check_rows:,} rows ({size:,} MiB CSV): ", end="")
        print(f"peak RSS {peak:,.0f} MiB (target < 500 MiB), {seconds:,.1f} s")


if __name__ == "__main__":
    main()
