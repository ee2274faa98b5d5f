"""``nrs-codec check FILE... --dask``: the check on a real ``LocalCluster`` of two worker processes
gives the summary and the per-row output of the check in one process."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import types
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import run

from nrs_codec.campaign.check import Settings, run_check, settings_of
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.files import expand
from nrs_codec.campaign.part_directory import PartDirectory
from nrs_codec.campaign.partitions import cut, scan, splits

distributed = pytest.importorskip("distributed", reason="pip install '.[dask]'")

from nrs_codec.campaign import cluster  # noqa: E402

pytestmark = pytest.mark.slow

PRICES = Path(__file__).resolve().parents[2] / "nrs_codec" / "provider" / "example_prices.csv"
# Line breaks inside quoted messages (LF, CRLF, blank lines), doubled quotes, every encoding.
MESSAGES = [
    "Olá, a sua encomenda\nnº 1 já foi enviada!",
    "Hi! 😀",
    "[promo] {VIP} €\r\nSTOP",
    "a" * 161,
    "Pão",
    'say ""hi""\n\n\nbye',
    "",
    "linha,com,vírgulas\n",
]
RECIPIENTS = ["351912345678", "34612345678", "4915112345678", "12", "33612345678"]


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        distributed.Client(local) as c,
    ):
        yield c


def campaign_csv(path: Path, rows: int, seed: int, *, bad_every: int = 0) -> Path:
    """A CSV of ``rows`` messages, most with line breaks in their quoted field; with ``bad_every``,
    a row with too many fields that often (counted in the numbering, never analysed)."""
    rng = random.Random(seed)
    lines = ["id,to,message"]
    for i in range(rows):
        lines.append(f'{i},{rng.choice(RECIPIENTS)},"{rng.choice(MESSAGES)}"')
        if bad_every and i % bad_every == bad_every - 1:
            lines.append("x,y,z,too many")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
    return path


def campaign_jsonl(path: Path, rows: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = []
    for i in range(rows):
        lines.append(json.dumps({"to": rng.choice(RECIPIENTS), "message": rng.choice(MESSAGES)}))
        if i % 97 == 50:
            lines += ["{not json", "", json.dumps({"to": "351912345678", "message": 7})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def campaign_parquet(path: Path, rows: int, seed: int, group: int) -> Path:
    rng = random.Random(seed)
    table = pa.table(
        {
            "message": [rng.choice(MESSAGES) if i % 31 else None for i in range(rows)],
            "to": [rng.choice(RECIPIENTS) for _ in range(rows)],
        }
    )
    pq.write_table(table, path, row_group_size=group)
    return path


def both(tmp_path: Path, client, files, *, partition_bytes: int = 4096, **options):
    """The reports and per-row outputs of the check in one process and on the cluster."""
    one = tmp_path / "one.parquet"
    many = tmp_path / "many"
    single = run_check([str(f) for f in files], output=str(one), **options)
    spread = cluster.run_check_dask(
        [str(f) for f in files], client=client, output=str(many), partition_bytes=partition_bytes, **options
    )
    parts = sorted(many.glob("part-*.parquet"))
    got = pa.concat_tables([pq.read_table(p) for p in parts])
    return single, spread, pq.read_table(one), got, parts


def test_csv_cut_inside_quoted_line_breaks(tmp_path, client):
    path = campaign_csv(tmp_path / "night.csv", 3000, seed=1, bad_every=401)
    options = dict(to_column="to")
    data = path.read_bytes()
    line_starts = {data.find(b"\n", offset - 1) + 1 for offset, _ in splits(str(path), None, None, 4096)}
    partitions = cluster.plan(client, cluster.settings_of([str(path)], **options), 4096)
    assert len(partitions) > 10
    # Some cuts fell inside a quoted message: they moved on to the end of its record.
    assert {p.span.start for p in partitions[1:]} - line_starts
    single, spread, want, got, parts = both(tmp_path, client, [path], **options)
    assert len(parts) == len(partitions)
    assert spread.to_dict() == single.to_dict()
    assert spread.lines() == single.lines()
    assert got.equals(want)
    assert single.errors[422] == 7 and single.errors[102] > 0  # the malformed rows, the bad numbers


def test_several_files_and_a_directory(tmp_path, client):
    night = tmp_path / "night"
    night.mkdir()
    campaign_csv(night / "a.csv", 800, seed=2)
    campaign_jsonl(night / "b.jsonl", 900, seed=3)
    campaign_parquet(night / "c.parquet", 1000, seed=4, group=128)
    packed = campaign_jsonl(tmp_path / "d.jsonl", 700, seed=11)
    (night / "d.jsonl.gz").write_bytes(gzip.compress(packed.read_bytes()))  # one partition: read whole
    (night / "notes.txt.bak").write_text("not a campaign file")
    extra = campaign_csv(tmp_path / "extra.csv", 50, seed=5)
    options = dict(to_column="to", prices=_prices())
    files = [str(night / n) for n in ("a.csv", "b.jsonl", "c.parquet", "d.jsonl.gz")] + [str(extra)]
    assert expand([str(night), str(extra)]) == files  # the directory, in name order
    single, spread, want, got, _ = both(tmp_path, client, files, **options)
    assert spread.to_dict() == single.to_dict()
    assert got.equals(want)
    assert got.column_names[0] == "file" and set(got.column("file").to_pylist()) == set(files)
    summary = single.to_dict()
    assert summary["files"] == files and summary["costByCountry"]
    assert {e["file"] for e in summary["errors"]["102"]["examples"]} <= set(files)
    assert 422 in single.errors and 104 in single.errors  # bad JSON lines, missing messages


def test_a_directory_or_glob_of_one_file_still_names_it(tmp_path, client, capsys):
    # A nightly job over a directory keeps the shape of its summary and output on a night of one
    # file: "files", the examples' and rows' file; a file named alone keeps "file" and no column.
    night = tmp_path / "night"
    night.mkdir()
    path = campaign_csv(night / "only.csv", 300, seed=12, bad_every=100)
    for given in (night, night / "*.csv"):
        common = [given, "--to-column", "to", "--json"]
        status, out, _ = run(capsys, *common, "--output", tmp_path / "one.parquet")
        assert status == 1
        summary = json.loads(out)
        assert summary["files"] == [str(path)] and "file" not in summary
        assert {e["file"] for e in summary["errors"]["422"]["examples"]} == {str(path)}
        one = pq.read_table(tmp_path / "one.parquet")
        assert one.column_names[0] == "file" and set(one.column("file").to_pylist()) == {str(path)}
        # As pathlib paths, from Python.
        spread = cluster.run_check_dask(given, client=client, output=tmp_path / "many", to_column="to")
        assert spread.to_dict() == summary
        many = pa.concat_tables([pq.read_table(p) for p in sorted((tmp_path / "many").glob("part-*"))])
        assert many.equals(one)
    status, out, _ = run(capsys, path, "--to-column", "to", "--json", "--output", tmp_path / "alone.parquet")
    assert json.loads(out)["file"] == str(path) and "files" not in json.loads(out)
    assert pq.read_table(tmp_path / "alone.parquet").column_names[0] == "row"


def test_parquet_by_row_groups(tmp_path, client):
    path = campaign_parquet(tmp_path / "c.parquet", 5000, seed=6, group=700)
    settings = cluster.settings_of([str(path)], to_column="to")
    partitions = cluster.plan(client, settings, partition_bytes=1)
    assert [p.span.row_groups for p in partitions] == [(i,) for i in range(8)]
    assert [p.span.first_row for p in partitions] == list(range(0, 5000, 700))
    single, spread, want, got, parts = both(tmp_path, client, [path], partition_bytes=1, to_column="to")
    assert len(parts) == 8
    assert spread.to_dict() == single.to_dict() and got.equals(want)


def test_a_missing_column_names_its_file(tmp_path, client):
    good = campaign_csv(tmp_path / "good.csv", 2000, seed=7)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,text\n1,hello\n" * 1, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(CheckError, match=r"wrong\.csv: no column 'message' \(columns: 'id', 'text'\)"):
        cluster.run_check_dask([str(good), str(wrong)], client=client, output=str(out), partition_bytes=4096)
    assert not out.exists() and not list(tmp_path.glob(".out.*"))  # no half output left


def test_a_column_named_twice_names_its_file(tmp_path, client):
    good = campaign_csv(tmp_path / "good.csv", 2000, seed=7)
    twice = campaign_csv(tmp_path / "twice.csv", 2000, seed=9)
    text = twice.read_text(encoding="utf-8").split("\n", 1)
    twice.write_text(text[0].replace("to", "message") + "\n" + text[1], encoding="utf-8")
    with pytest.raises(CheckError, match=r"twice\.csv: the header names 2 columns 'message'"):
        cluster.run_check_dask([str(good), str(twice)], client=client, partition_bytes=4096)


def test_keys_left_out_of_json_lines_are_the_one_process_answer(tmp_path, client):
    # The message first appears partitions into the file: the rows without it are 104 alike.
    rng = random.Random(12)
    rows = [{"to": rng.choice(RECIPIENTS)} for _ in range(300)]
    rows += [rng.choice([{"to": "351912345678"}, {"message": rng.choice(MESSAGES)}]) for _ in range(300)]
    path = tmp_path / "sparse.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    single, spread, want, got, parts = both(tmp_path, client, [path], partition_bytes=1024, to_column="to")
    assert len(parts) > 4
    assert spread.to_dict() == single.to_dict() and got.equals(want)
    assert single.errors[104] > 300 and single.errors[102] > 0
    # No object has it in any partition: the one process's error.
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:300]), encoding="utf-8")
    with pytest.raises(CheckError) as one:
        run_check(str(path), to_column="to")
    with pytest.raises(CheckError) as many:
        cluster.run_check_dask([str(path)], client=client, partition_bytes=1024, to_column="to")
    assert str(many.value) == str(one.value) and "sparse.jsonl: no column 'message'" in str(one.value)


@pytest.mark.parametrize("stray", ["", '8,351912345678,say "hi\n'])
def test_a_quote_left_open_is_the_one_process_error(tmp_path, client, stray):
    # With a stray quote (a character) before it, the file's quotes are even: named all the same.
    path = campaign_csv(tmp_path / "open.csv", 500, seed=8)
    with path.open("a") as f:
        f.write(stray + '9,351912345678,"never closed\n' + "1,2,3\n" * 300)
    with pytest.raises(CheckError) as one:
        run_check(str(path))
    with pytest.raises(CheckError) as spread:
        cluster.run_check_dask([str(path)], client=client, partition_bytes=2048)
    assert str(spread.value) == str(one.value) and "never closed" in str(one.value)


@pytest.mark.parametrize("name", ["rows.csv", "rows.csv.gz", "ROWS.CSV.ZST"])
def test_a_csv_name_is_refused_for_the_directory_of_parquet_parts(tmp_path, client, name):
    path = campaign_csv(tmp_path / "c.csv", 10, seed=3)
    with pytest.raises(CheckError, match="a directory of Parquet files, not CSV"):
        cluster.run_check_dask([str(path)], client=client, output=str(tmp_path / name))
    assert [p.name for p in tmp_path.iterdir()] == ["c.csv"]


def test_the_command_on_a_local_cluster(tmp_path, capsys):
    path = campaign_csv(tmp_path / "c.csv", 1500, seed=9, bad_every=300)
    common = [path, "--to-column", "to", "--prices", PRICES, "--json"]
    status, out, err = run(capsys, *common, "--output", tmp_path / "o.parquet")
    assert status == 1, err
    argv = [*common, "--dask", "local:2", "--partition-bytes", 8192, "--output", tmp_path / "dir"]
    status, spread, err = run(capsys, *argv)
    assert status == 1, err
    assert json.loads(spread) == json.loads(out)
    got = pa.concat_tables([pq.read_table(p) for p in sorted((tmp_path / "dir").glob("part-*.parquet"))])
    assert got.equals(pq.read_table(tmp_path / "o.parquet"))
    # Run again over the same output directory: replaced; a directory holding other files is refused.
    assert run(capsys, *argv)[0] == 1
    (tmp_path / "dir" / "mine.txt").write_text("keep")
    status, _, err = run(capsys, *argv)
    assert status == 2 and "holds other files" in err


def test_the_progress_bar_draws_on_stderr(tmp_path, client, capsys):
    path = campaign_csv(tmp_path / "c.csv", 500, seed=10)
    report = cluster.run_check_dask([str(path)], client=client, partition_bytes=4096, progress=True)
    out, err = capsys.readouterr()
    assert report.rows == 500
    assert out == "" and "100% Completed" in err  # stdout is the summary's alone


def _prices():
    from nrs_codec.campaign.check import load_price_table

    return load_price_table(str(PRICES))


def test_files_named_relative_to_the_clients_directory(tmp_path, client, monkeypatch):
    # The workers were started in another directory: they opened 'in/a.csv' in theirs (no such
    # file there, or worse, another file of that name).
    assert tmp_path.resolve() not in {Path(d).resolve() for d in client.run(os.getcwd).values()}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    campaign_csv(tmp_path / "in" / "a.csv", 600, seed=12)
    one = run_check(["in/a.csv"], to_column="to")
    spread = cluster.run_check_dask(["in/a.csv"], client=client, to_column="to", partition_bytes=4096)
    assert spread.to_dict() == one.to_dict() and spread.to_dict()["file"] == "in/a.csv"
    (tmp_path / "in" / "b.csv").write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(CheckError) as failed:
        cluster.run_check_dask(["in/a.csv", "in/b.csv"], client=client, to_column="to", partition_bytes=4096)
    assert str(failed.value) == "in/b.csv: no column 'message' (columns: 'id', 'text')"
    # Only the file's path, and a name made from it, are said as given; other text is the file's.
    settings = Settings(files=("/srv/in/b.csv.gz",), names=("in/b.csv.gz",))
    said = "/srv/in/b.csv.gz: not gzip; name it /srv/in/b.csv (columns: '/srv/in/bob')"
    assert str(cluster._as_given(settings, 0, CheckError(said))) == (
        "in/b.csv.gz: not gzip; name it in/b.csv (columns: '/srv/in/bob')"
    )
    # Through a link to a directory and back up: where it leads here, not the name made shorter.
    (tmp_path / "deep" / "er").mkdir(parents=True)
    campaign_csv(tmp_path / "deep" / "a.csv", 40, seed=13)
    (tmp_path / "up").symlink_to(tmp_path / "deep" / "er")
    one = run_check(["up/../a.csv"])
    spread = cluster.run_check_dask(["up/../a.csv"], client=client, partition_bytes=4096)
    assert one.rows == 40 and spread.to_dict() == one.to_dict()
    # A name made from the path (the advice to rename it) is as given too, not the workers' path.
    (tmp_path / "in" / "plain.csv.gz").write_text("message\nhi\n", encoding="utf-8")
    with pytest.raises(CheckError) as one_process:
        run_check(["in/plain.csv.gz"])
    with pytest.raises(CheckError) as failed:
        cluster.run_check_dask(["in/plain.csv.gz"], client=client)
    assert str(failed.value) == str(one_process.value) and "name it in/plain.csv" in str(failed.value)


def test_files_named_from_a_directory_since_removed(tmp_path, client, monkeypatch):
    path = campaign_csv(tmp_path / "c.csv", 50, seed=14)
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert cluster.run_check_dask([str(path)], client=client).rows == run_check([str(path)]).rows == 50
    with pytest.raises(CheckError, match="c.csv: no such file"):  # as in one process
        cluster.run_check_dask(["c.csv"], client=client)
    # Local workers would start there: said, not Dask's traceback of a nanny that failed.
    with pytest.raises(CheckError, match="--dask local:1: the current directory no longer exists"):
        cluster.run_check_dask([str(path)], address="local:1")


def test_the_first_error_in_file_order_even_where_a_later_file_cannot_be_scanned(tmp_path, client):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,text\n1,hello\n", encoding="utf-8")
    gone = campaign_csv(tmp_path / "gone.csv", 2000, seed=13)
    settings = cluster.settings_of([str(wrong), str(gone)])
    gone.unlink()  # after the files were listed: its scan on the workers fails
    planned = cluster.plan(client, settings, 4096)
    assert (
        isinstance(planned[-1], CheckError)
        and str(planned[-1]) == f"cannot read {gone}: No such file or directory"
    )
    with pytest.raises(CheckError, match=r"wrong\.csv: no column 'message'"):
        cluster._run(client, settings, None, 4096, False)


def test_the_settings_outlive_the_worker_that_holds_them(tmp_path, client):
    # Scattered, they were lost with their worker; every partition after it failed.
    path = campaign_csv(tmp_path / "c.csv", 300, seed=14)
    settings = cluster.settings_of([str(path)], to_column="to", prices=_prices())
    shared = cluster.share(client, settings)
    distributed.wait(shared)
    holders = client.who_has(shared)[shared.key]
    client.restart_workers(list(holders))
    report = client.submit(cluster.check_partition, shared, cluster.Partition(0), None, pure=False).result()
    assert report.to_dict() == run_check(str(path), to_column="to", prices=_prices()).to_dict()


def test_an_output_directory_through_a_link_and_without_stray_parts(tmp_path, client):
    path = campaign_csv(tmp_path / "c.csv", 300, seed=15)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    cluster.run_check_dask([str(path)], client=client, output=str(tmp_path / "link"), partition_bytes=4096)
    assert (tmp_path / "link").is_symlink() and sorted(p.name for p in (tmp_path / "real").iterdir())[0] == (
        "part-00000.parquet"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "link", "real"]
    # A part a lost worker had begun is not in the output.
    output = PartDirectory(str(tmp_path / "out"), [str(path)])
    Path(output.temporary, ".part-00003.parquet.1a2b.partial").write_bytes(b"PAR1")
    Path(output.temporary, "part-00000.parquet").write_bytes(b"PAR1")
    output.commit()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["part-00000.parquet"]


def test_a_cluster_that_fails_is_said_as_such():
    from distributed.client import CancelledFuturesGroup, FutureCancelledError, FuturesCancelledError
    from distributed.scheduler import KilledWorker

    lost = KilledWorker("check_partition-1", types.SimpleNamespace(address="tcp://10.0.0.7:4000"), 3)
    assert cluster._cluster_failure(lost).startswith("KilledWorker: ")
    lost = [
        FutureCancelledError(f"check_partition-{i}", reason="scheduler-connection-lost") for i in range(300)
    ]
    cancelled = FuturesCancelledError([CancelledFuturesGroup(lost, "scheduler-connection-lost")])
    said = "FuturesCancelledError: 300 tasks cancelled (scheduler-connection-lost)"
    assert cluster._cluster_failure(cancelled) == said
    # Lost while the files were scanned: a traceback and exit 1, as if rows had errors.
    scan = FutureCancelledError("scan_file-3f2a", reason="scheduler-connection-lost")
    assert cluster._cluster_failure(scan).startswith("FutureCancelledError: scan_file-3f2a cancelled")
    assert len(cluster._cluster_failure(FutureCancelledError("k" * 10_000, reason="lost"))) == 200
    assert cluster._cluster_failure(ValueError("the check's own")) is None
    assert cluster._cluster_failure(CheckError("the file's")) is None


def test_a_server_that_is_no_scheduler_and_a_scheduler_without_workers(monkeypatch):
    monkeypatch.setattr(cluster, "WAIT_SECONDS", 2)
    monkeypatch.setattr(cluster, "GRACE_SECONDS", 1)
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never answers: as a dashboard's port
    try:
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(CheckError, match="no Dask scheduler answered in 3 s"):
            with cluster.connect(address):
                pass
    finally:
        silent.close()
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0") as empty:
        with pytest.raises(CheckError, match="the scheduler has had no worker for 2 s"):
            with cluster.connect(empty.scheduler_address):
                pass


def test_a_file_written_over_during_the_check_is_its_error(tmp_path):
    # Each partition opens its file again: one written over since the check began (the next
    # night's export) would have its rows checked from two files. Said, naming the file as given.
    path = campaign_csv(tmp_path / "c.csv", 600, seed=3)
    given = settings_of([str(path)])
    settings = dataclasses.replace(given, stamps=(cluster.stamp(str(path)),), names=("night/c.csv",))
    (partition,) = cut(0, [scan(str(path), None, ",", 0, path.stat().st_size)], csv=True)
    assert cluster.check_partition(settings, partition, None).rows == 600
    text = path.read_bytes()
    path.write_bytes(text.replace(b"351", b"999"))  # the same size: a second later
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 1))
    with pytest.raises(CheckError, match=r"^night/c\.csv changed while the check ran"):
        cluster.check_partition(settings, partition, None)


def test_a_file_put_in_the_output_directory_during_the_check_is_kept(tmp_path):
    # The directory held only parts when the check began; a job's marker written there while it
    # ran was removed with the previous parts. Now the output is refused, and the directory kept.
    previous = tmp_path / "out"
    previous.mkdir()
    (previous / "part-00000.parquet").write_bytes(b"old")
    output = PartDirectory(str(previous), [])
    Path(output.temporary, "part-00000.parquet").write_bytes(b"new")
    (previous / "_SUCCESS.json").write_text("{}")
    with pytest.raises(CheckError, match=r"other files than a check.s output \(_SUCCESS.json \(put there"):
        output.commit()
    output.discard()
    assert sorted(p.name for p in previous.iterdir()) == ["_SUCCESS.json", "part-00000.parquet"]
    assert (previous / "part-00000.parquet").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_output_that_cannot_take_its_name_leaves_the_previous_one(tmp_path, monkeypatch):
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(CheckError, match="--output .*loop: a symbolic link in a loop of links"):
        PartDirectory(str(tmp_path / "loop"), [])
    previous = tmp_path / "out"
    previous.mkdir()
    (previous / "part-00000.parquet").write_bytes(b"old")
    output = PartDirectory(str(previous), [])
    Path(output.temporary, "part-00000.parquet").write_bytes(b"new")
    renamed = []

    def rename(src, dst):  # the second rename fails, as on a disk that has gone read-only
        renamed.append(dst)
        if len(renamed) == 2:
            raise OSError(30, "Read-only file system")
        os.replace(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(CheckError, match="cannot write .*out: Read-only file system"):
        output.commit()
    assert (previous / "part-00000.parquet").read_bytes() == b"old"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="finds the workers in /proc")
@pytest.mark.parametrize("group", [True, False], ids=["ctrl-c", "kill-int"])
def test_ctrl_c_on_a_local_cluster_is_one_line(tmp_path, group):
    # A terminal sends SIGINT to every process of the command: each worker process printed its
    # traceback of KeyboardInterrupt (some hundred lines) before the command's own line. Sent to
    # the command alone, the workers still at work, the scheduler in it logged a CRITICAL
    # traceback for each message it could not send as it closed.
    path = campaign_csv(tmp_path / "c.csv", 250_000, seed=16)
    argv = [sys.executable, "-m", "nrs_codec.cli", "check", str(path), "--to-column", "to", "--no-progress"]
    argv += ["--dask", "local:2", "--partition-bytes", "50000", "--output", str(tmp_path / "out")]
    command = subprocess.Popen(argv, cwd=tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True)
    started = time.monotonic()
    while not _workers_of(command.pid) and time.monotonic() - started < 60:
        time.sleep(0.1)
    while len(list(tmp_path.glob(".out.*.partial/part-*"))) < 5 and time.monotonic() - started < 60:
        time.sleep(0.05)  # until the workers are at work
    (os.killpg if group else os.kill)(command.pid, signal.SIGINT)
    _, err = command.communicate(timeout=60)
    assert command.returncode in (-signal.SIGINT, 130)
    assert err == f"nrs-codec check: interrupted; {tmp_path / 'out'} was not written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv"]


def _workers_of(pid: int) -> list[str]:
    """The worker processes a process has started (multiprocessing's), from /proc."""
    found = []
    for task in Path("/proc").glob("[0-9]*"):
        try:
            status = (task / "status").read_text()
            line = (task / "cmdline").read_bytes()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in status and b"spawn_main" in line:
            found.append(task.name)
    return found
