"""The nightly check's figures (issue 20's targets): ``python benchmarks/nightly.py``.

On each corpus (the campaign corpus and the longer messages, ``corpus.py``, with Portuguese
recipients; with ``--corpus world``, the campaign corpus with recipients of every country, a
quarter of them invalid; with ``--corpus written``, those recipients written the ways senders
write them, ``+``, ``00``, the national way, the national prefix kept; ``all``: the four) a CSV
campaign of ``--rows`` rows is written to the temporary
directory once, then these runs take turns, each in a fresh process that times itself after its
imports and reports its peak resident memory:

- ``read``: pyarrow reading the whole file (its threads, every CPU): the speed of the disk and parser;
- ``messages``: ``nrs-codec check FILE`` (messages only);
- ``full``: ``nrs-codec check FILE --to-column to --prices examples/prices.csv --output o.parquet``
  (``--output csv``: ``o.csv``, as the README's example writes);

each check with ``--workers 1`` and with every CPU (``--workers 1,2,4,8,16``: at those counts,
and the scaling curve as README reports it). The prices are the example table's (eight
entries) or, with ``--prices tariff``, a table the size of an operator's tariff (a price for
every country and 2,000 prefixes, ``corpus.tariff_csv``). ``--formats csv,jsonl,parquet`` runs them on
the same rows written as JSON Lines and Parquet too (``corpus.campaign_as``), each format's
summary held to the CSV's. ``--dask local:N`` adds the full check on a
``LocalCluster`` (cluster start included), once, and compares its summary with the one-process run.
Ratios are from one run; times move by 10-20 % on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (  # noqa: E402
    campaign_as,
    campaign_csv,
    corpus,
    long_corpus,
    tariff_csv,
    world_numbers,
    written_numbers,
)
from engine_check import ALLOW_FLAG, require_compiled  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PRICES = str(ROOT / "examples" / "prices.csv")

# One run in a child process: the time after its imports, the CPU time its threads took meanwhile
# (user and system), its peak resident bytes (VmHWM, its own), and for a check its exit status
# and --json summary.
CHILD = """
import json, resource, sys, time
import pyarrow.csv, pyarrow.json, pyarrow.parquet
import nrs_codec.campaign.check
from nrs_codec.campaign.blocks import require_pyarrow
from nrs_codec.cli import main
require_pyarrow()  # the modules a check imports when it starts: imports are not timed
import nrs_codec.provider.prices, pycountry  # and those a check with prices imports (its currency's check)
mode, argv = sys.argv[1], sys.argv[2:]
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
start, cpu_start = time.perf_counter(), cpu()
if mode == "read" and argv[0].endswith(".parquet"):
    rows = pyarrow.parquet.read_table(argv[0]).num_rows
    status = 0
elif mode == "read" and argv[0].endswith(".jsonl"):
    rows = pyarrow.json.read_json(argv[0]).num_rows
    status = 0
elif mode == "read":
    # Quoted line breaks, as the check reads them (pyarrow then parses in one thread, as the check does).
    parse = pyarrow.csv.ParseOptions(newlines_in_values=True)
    rows = pyarrow.csv.read_csv(argv[0], parse_options=parse).num_rows
    status = 0
else:
    status = main(["check", *argv, "--no-progress", "--json"])
seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
figures = {"seconds": seconds, "cpu": cpu_seconds, "peak": int(peak.split()[1]) * 1024, "status": status}
print(json.dumps(figures), file=sys.stderr)
"""


def child(mode: str, *argv: str) -> tuple[dict, str]:
    """One run in a fresh process: its figures and what it printed (a check's --json summary)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, *argv], capture_output=True, text=True, cwd=tempfile.gettempdir()
    )
    if done.returncode != 0:
        sys.exit(f"{mode} {' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


def summary(stdout: str) -> dict:
    """A check's --json summary, less what names the run (its files, its time)."""
    out = json.loads(stdout)
    for key in ("file", "files", "seconds", "elapsed", "rows_per_second"):
        out.pop(key, None)
    return out


def measure(path: Path, args, work: Path) -> dict[str, dict]:
    """Best time (and the peak of that run) of each run on ``path``, the runs taking turns."""
    repeat, counts, prices = args.repeat, args.workers, args.prices
    out = str(work / f"rows.{args.output}")
    full = ("--to-column", "to", "--prices", prices, "--output", out)
    runs: dict[str, tuple] = {"read": ("read", str(path))}
    for kind, extra in (("messages", ()), ("full", full)):
        for n in counts:
            runs[f"{kind}, {workers(n)}"] = ("check", str(path), *extra, "--workers", str(n))
    best: dict[str, dict] = {}
    summaries: dict[str, dict] = {}
    for _ in range(repeat):
        for name, (mode, *argv) in runs.items():
            figures, stdout = child(mode, *argv)
            if mode == "check":
                summaries[name] = summary(stdout)
            if name not in best or figures["seconds"] < best[name]["seconds"]:
                best[name] = figures
    fulls = [summaries[f"full, {workers(n)}"] for n in counts]
    best["same summary at every worker count"] = {"equal": all(s == fulls[0] for s in fulls)}
    best["_summary"] = {"full": fulls[0]}
    return best


def workers(n: int) -> str:
    return "1 worker" if n == 1 else f"{n} workers"


def dask_run(path: Path, workers: int, work: Path, expected: dict, prices: str) -> tuple[float, bool]:
    """The full check on ``--dask local:N``, timed from the command's start (the cluster's start
    included), and whether its summary equals the one-process run's."""
    out = work / "dask-rows"
    argv = ["--to-column", "to", "--prices", prices, "--output", str(out), "--dask", f"local:{workers}"]
    start = time.perf_counter()
    figures, stdout = child("check", str(path), *argv)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds, summary(stdout) == expected and figures["status"] in (0, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of each campaign CSV")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case; the best counts")
    parser.add_argument("--dask", type=int, default=0, metavar="N", help="also run --dask local:N")
    parser.add_argument(
        "--corpus",
        choices=("campaign", "long", "world", "written", "both", "all"),
        default="both",
        help="both: campaign and long; all: the world's recipients, and as senders write them, too",
    )
    parser.add_argument(
        "--formats",
        default="csv",
        help="comma-separated: csv, jsonl, parquet (the same rows in each; default: csv)",
    )
    parser.add_argument(
        "--prices",
        choices=("example", "tariff"),
        default="example",
        help="the example table (8 prices) or an operator-sized tariff (every country, 2,000 prefixes)",
    )
    parser.add_argument(
        "--output",
        choices=("parquet", "csv"),
        default="parquet",
        help="the full check's per-row output: rows.parquet or rows.csv",
    )
    parser.add_argument(
        "--workers",
        help="comma-separated worker counts to measure (default: 1 and every CPU); more than two "
        "also print the scaling curve, e.g. 1,2,4,8,16",
    )
    parser.add_argument(ALLOW_FLAG, action="store_true", help="measure even on the reference back end")
    args = parser.parse_args()
    require_compiled("benchmarks/nightly.py")

    cpus = len(os.sched_getaffinity(0))
    counts = [int(n) for n in args.workers.split(",")] if args.workers else [1, cpus]
    if not counts or min(counts) < 1:
        parser.error("--workers: counts of 1 or more")
    args.workers = sorted(set(counts))
    tmp = Path(tempfile.gettempdir())
    args.prices = PRICES if args.prices == "example" else str(tariff_csv(tmp / "nrs_codec_tariff.csv"))
    pools = {
        "campaign": (lambda: corpus(50_000, seed=7), None),
        "long": (lambda: long_corpus(50_000, seed=8), None),
        "world": (lambda: corpus(50_000, seed=7), world_numbers),  # recipients of every country
        "written": (lambda: corpus(50_000, seed=7), written_numbers),  # and as senders write them
    }
    groups = {"both": ["campaign", "long"], "all": list(pools)}
    names = groups.get(args.corpus, [args.corpus])
    print(f"{args.rows:,} rows per corpus, best of {args.repeat}, {cpus} CPUs, ", end="")
    print(
        f"load average {os.getloadavg()[0]:.2f}, prices {Path(args.prices).name}, output rows.{args.output}\n"
    )
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    for name in names:
        pool, recipients = pools[name]
        path = campaign_csv(args.rows, pool, tmp / f"nrs_codec_nightly_{name}_{args.rows}.csv", recipients)
        as_csv = None
        for fmt in formats:
            file = path if fmt == "csv" else campaign_as(path, fmt)
            expected = report(f"{name} corpus", file, args)
            as_csv = expected if as_csv is None else as_csv
            if file is not path or fmt != formats[0]:
                print(f"summary the same as the first format's: {'yes' if expected == as_csv else 'NO'}\n")


def report(title: str, path: Path, args) -> dict:
    """Measure the runs on ``path`` and print their tables; the full check's summary."""
    with tempfile.TemporaryDirectory() as work:
        best = measure(path, args, Path(work))
        expected = best.pop("_summary")["full"]
        equal = best.pop("same summary at every worker count")["equal"]
        kind = path.suffix.lstrip(".").upper().replace("JSONL", "JSON Lines").replace("PARQUET", "Parquet")
        print(f"## {title}: {path.stat().st_size / 2**20:,.0f} MiB {kind}\n")
        print("| run | seconds | CPU seconds | peak RSS |")
        print("|---|---:|---:|---:|")
        for run, f in best.items():
            print(f"| {run} | {f['seconds']:,.2f} | {f['cpu']:,.2f} | {f['peak'] / 2**20:,.0f} MiB |")
        t = {run: f["seconds"] for run, f in best.items()}
        counts = args.workers
        first, most = workers(counts[0]), workers(counts[-1])
        m1, mn = t[f"messages, {first}"], t[f"messages, {most}"]
        f1, fn = t[f"full, {first}"], t[f"full, {most}"]
        print("\n| ratio | measured | target |")
        print("|---|---:|---:|")
        print(f"| full / messages only, {first} | {f1 / m1:.2f}× | ≤ 1.5× |")
        if len(counts) > 1:
            print(f"| full / messages only, {most} | {fn / mn:.2f}× | ≤ 1.5× |")
        print(f"| messages only, {most} / reading the file | {mn / t['read']:.2f}× | ≤ 3× |")
        if len(counts) > 1:
            print(f"| full, {most} / {first} (speed-up) | {f1 / fn:.2f}× | ≥ 1.8× at 2 |")
            print(f"| messages only, {most} / {first} (speed-up) | {m1 / mn:.2f}× | — |")
        if len(counts) > 2:  # the scaling curve, as README reports it
            print("\n| workers | messages only | full | full, speed-up | full / messages only |")
            print("|---:|---:|---:|---:|---:|")
            for n in counts:
                m, f = t[f"messages, {workers(n)}"], t[f"full, {workers(n)}"]
                print(f"| {n} | {m:,.2f} s | {f:,.2f} s | {f1 / f:.2f}× | {f / m:.2f}× |")
        # What transfers to a machine with more cores: the CPU a million rows take. Were every
        # stage spread over them, ``cores / that`` million rows a second would be the ceiling.
        per_million = 1e6 / args.rows
        cpu_full = best[f"full, {most}"]["cpu"] * per_million
        print(f"\nCPU seconds per million rows at {counts[-1]} workers: messages only ", end="")
        print(f"{best[f'messages, {most}']['cpu'] * per_million:.2f}, full {cpu_full:.2f} ", end="")
        print(f"(on 16 cores, at most {16 / cpu_full:,.0f} million rows a second, full)")
        print(f"summary the same at {', '.join(map(str, counts))} workers: {'yes' if equal else 'NO'}")
        if args.dask:
            seconds, same = dask_run(path, args.dask, Path(work), expected, args.prices)
            print(f"--dask local:{args.dask}, full: {seconds:,.2f} s (cluster start included); ", end="")
            print(f"summary the same as one process: {'yes' if same else 'NO'}")
        print()
    return expected


if __name__ == "__main__":
    main()
