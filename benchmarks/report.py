"""Print the benchmark ratios as Markdown tables: ``python benchmarks/report.py``.

Every case runs in this one process, side by side (the cases take turns), best of ``--repeat``
rounds; batch rates are characters per second, and the yardstick is CPython's own UTF-16 encoder
over the same strings. ``--check-rows N`` also generates a campaign CSV of N rows in the
temporary directory (never in the repository) and times ``nrs-codec check`` on it with and
without recipients and prices, with its peak memory. ``--chart PNG`` draws the batch rates.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

# NumPy's BLAS threads are never used by the engine, but once started they spin on the second
# CPU that workers=2 needs.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_check import ALLOW_FLAG, require_compiled  # noqa: E402

if __name__ == "__main__":  # before the cases import the compiled engine
    require_compiled("benchmarks/report.py")

from bench_analyze import MESSAGES  # noqa: E402
from cases import ROWS, SLOW_ROWS, cases  # noqa: E402
from corpus import campaign_csv, corpus, long_corpus, shape  # noqa: E402


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
    path = Path(tempfile.gettempdir()) / f"nrs_codec_campaign_{rows}.csv"
    return campaign_csv(rows, lambda: corpus(50_000, seed=7), path)


# Runs the command given as arguments and prints its peak resident KiB. A child's peak counts the
# pages of its parent at the moment it was forked or spawned, so this small process, not the
# report with its corpus in memory, is the parent.
PEAK_OF = """
import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
print(os.wait4(pid, 0)[2].ru_maxrss)
"""


def check_run(rows: int, *extra: str) -> tuple[float, float]:
    """(peak resident MiB, seconds) of ``nrs-codec check`` on a generated campaign."""
    path = campaign_file(rows)
    command = [sys.executable, "-m", "nrs_codec.cli", "check", str(path), "--no-progress", *extra]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK_OF, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return int(done.stdout.splitlines()[-1]) / 1024, seconds


def single_message_ratios(repeat: int) -> dict[str, float]:
    """analyze() of each benchmark message over str.encode("utf-16-le") of it, best of rounds."""
    import nrs_codec

    out = {}
    for name, text in MESSAGES.items():
        ours = timeit.Timer("analyze(text)", globals={"analyze": nrs_codec.analyze, "text": text})
        theirs = timeit.Timer("text.encode('utf-16-le')", globals={"text": text})
        best = [float("inf"), float("inf")]
        for _ in range(repeat):
            for k, timer in enumerate((ours, theirs)):
                best[k] = min(best[k], timer.timeit(number=20_000) / 20_000)
        out[name] = (best[0], best[1])
    return out


def draw_chart(rate: dict[str, float], path: str) -> None:
    """A horizontal bar chart of the batch rates, nrs_codec's cases beside the yardstick and peers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(rate)
    values = [rate[n] / 1e6 for n in names]
    peers = ("str.", "smpplib", "reference")
    colors = ["#b0b0b0" if any(p in n for p in peers) else "#1f6f8b" for n in names]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(names) + 1.2), dpi=120)
    ax.barh(names, values, color=colors)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("million characters per second (log scale)")
    ax.set_title("analyze_many on 200,000 campaign messages, one process, 2 CPUs")
    for y, v in enumerate(values):
        ax.text(v * 1.05, y, f"{v:,.0f}" if v >= 10 else f"{v:,.2f}", va="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS, help="messages in the corpus")
    parser.add_argument("--slow-rows", type=int, default=SLOW_ROWS, help="messages for the slow baselines")
    parser.add_argument("--repeat", type=int, default=5, help="runs per case; the best counts")
    parser.add_argument("--check-rows", type=int, default=0, help="also measure nrs-codec check on N rows")
    parser.add_argument("--chart", help="draw the batch rates into this PNG file")
    parser.add_argument(ALLOW_FLAG, action="store_true", help="measure even on the reference back end")
    args = parser.parse_args()

    all_cases = cases(args.rows, args.slow_rows)
    calibration = thread_calibration()
    rate = best_rates(all_cases, args.repeat)
    calibration = min(calibration, thread_calibration())
    print(
        f"corpus: {args.rows:,} messages ({args.slow_rows:,} for the slow baselines), best of {args.repeat}"
    )
    print(f"campaign corpus: {shape(corpus(args.rows))}")
    print(f"long corpus ('long: ' cases): {shape(long_corpus(args.rows))}")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f}, ", end="")
    print(f"two-thread calibration {calibration:.2f}× (2.00× when both CPUs are free)\n")
    print("| case | Mchar/s |")
    print("|---|---:|")
    for name, r in rate.items():
        print(f"| {name} | {r / 1e6:,.2f} |")
    encoder = "str.encode('utf-16-le')"
    ratios = [
        ("analyze_many (list) / str.encode('utf-16-le') loop", "list, workers=1", encoder, "≥ 3×"),
        ("long messages: the same", "long: list, workers=1", f"long: {encoder}", "≥ 3×"),
        ("Arrow input / list input", "arrow, workers=1", "list, workers=1", "≥ 1.0×"),
        ("long messages: the same", "long: arrow, workers=1", "long: list, workers=1", "≥ 1.0×"),
        ("workers=2 / workers=1 (list)", "list, workers=2", "list, workers=1", "≥ 1.8×"),
        ("workers=2 / workers=1 (Arrow)", "arrow, workers=2", "arrow, workers=1", "≥ 1.8×"),
        ("analyze_many (list) / reference back end", "list, workers=1", "reference", "≥ 30×"),
        ("analyze_many (gsm/ucs-2) / smpplib", "gsm/ucs-2, workers=1", "smpplib", "≥ 20×"),
        (
            "every encoding allowed / the provider's three (list)",
            "all languages, workers=1",
            "list, workers=1",
            "—",
        ),
    ]
    print("\n| ratio | measured | target |")
    print("|---|---:|---:|")
    for label, a, b, target in ratios:
        print(f"| {label} | {rate[a] / rate[b]:,.2f}× | {target} |")

    print("\n| analyze() of one message | analyze | str.encode('utf-16-le') | ratio (target ≤ 1.5×) |")
    print("|---|---:|---:|---:|")
    for name, (ours, theirs) in single_message_ratios(args.repeat).items():
        print(f"| {name} | {ours * 1e9:,.0f} ns | {theirs * 1e9:,.0f} ns | {ours / theirs:.2f}× |")

    if args.check_rows:
        prices = str(Path(__file__).resolve().parents[1] / "examples" / "prices.csv")
        out = str(Path(tempfile.gettempdir()) / "nrs_codec_check_rows.parquet")
        plain = check_run(args.check_rows)
        priced = check_run(args.check_rows, "--to-column", "to", "--prices", prices)
        full = check_run(args.check_rows, "--to-column", "to", "--prices", prices, "--output", out)
        size = campaign_file(args.check_rows).stat().st_size >> 20
        print(f"\nnrs-codec check on {args.check_rows:,} rows ({size:,} MiB CSV):\n")
        print("| run | seconds | peak RSS |")
        print("|---|---:|---:|")
        print(f"| messages only | {plain[1]:,.1f} | {plain[0]:,.0f} MiB |")
        print(f"| --to-column --prices | {priced[1]:,.1f} | {priced[0]:,.0f} MiB |")
        print(f"| --to-column --prices --output rows.parquet | {full[1]:,.1f} | {full[0]:,.0f} MiB |")
        print(
            f"\nwith recipients and prices / messages only: {priced[1] / plain[1]:.2f}× (target ≤ 1.5×); ",
            end="",
        )
        print(f"peak with --output: {full[0]:,.0f} MiB (target < 500 MiB)")
    if args.chart:
        draw_chart(rate, args.chart)
        print(f"\nchart: {args.chart}")


if __name__ == "__main__":
    main()
