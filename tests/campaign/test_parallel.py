"""The check on several threads (``parallel``): the summary and the per-row output of one thread,
row for row, whatever the number of workers; a file's error is the same and leaves no output."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import one_reader

from nrs_codec.campaign import blocks, csv_pieces
from nrs_codec.campaign.check import load_price_table, run_check
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.sources import TextFile

PRICES = Path(__file__).resolve().parents[2] / "nrs_codec" / "provider" / "example_prices.csv"
MESSAGES = ["Olá, encomenda\nnº 1!", "Hi! 😀", "[promo] {VIP} €", "a" * 400, "Pão", "", 'a ""b""']
RECIPIENTS = ["351912345678", "34612345678", "4915112345678", "12", "33612345678"]


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Blocks of a few dozen rows: a file of a few thousand is many blocks in flight at once."""
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 2048)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 37)
    monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 3000)  # a CSV file read in pieces on the workers,
    monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 2)  # on this machine's two CPUs too


def campaign(tmp_path: Path, rows: int = 3000) -> list[Path]:
    rng = random.Random(3)
    lines = ["id,to,message"]
    for i in range(rows):
        lines.append(f'{i},{rng.choice(RECIPIENTS)},"{rng.choice(MESSAGES)}"')
        if i % 211 == 7:
            lines.append("too,many,fields,here")
    csv = tmp_path / "a.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    jsonl = tmp_path / "b.jsonl"
    objects = [
        json.dumps({"to": rng.choice(RECIPIENTS), "message": rng.choice(MESSAGES)}) for _ in range(rows)
    ]
    objects[100:100] = ["{broken", "[1]"]
    jsonl.write_text("\n".join(objects) + "\n", encoding="utf-8")
    parquet = tmp_path / "c.parquet"
    table = pa.table({"message": [rng.choice(MESSAGES) for _ in range(rows)], "to": ["351912345678"] * rows})
    pq.write_table(table, parquet, row_group_size=500)
    return [csv, jsonl, parquet]


@pytest.mark.parametrize("workers", [2, 5])
def test_output_and_summary_are_one_threads_row_for_row(tmp_path, workers):
    files = [str(f) for f in campaign(tmp_path)]
    options = dict(to_column="to", prices=load_price_table(str(PRICES)))
    one = run_check(files, output=str(tmp_path / "one.parquet"), workers=1, **options)
    many = run_check(files, output=str(tmp_path / "many.parquet"), workers=workers, **options)
    assert many.to_dict() == one.to_dict()
    assert many.lines() == one.lines()
    want, got = pq.read_table(tmp_path / "one.parquet"), pq.read_table(tmp_path / "many.parquet")
    assert got.num_rows == want.num_rows > 8000
    assert got.equals(want)
    assert one.errors[422] and one.errors[102] and one.errors[104]


def test_csv_output_too(tmp_path):
    files = [str(f) for f in campaign(tmp_path, 500)]
    run_check(files, output=str(tmp_path / "one.csv"), workers=1, to_column="to")
    run_check(files, output=str(tmp_path / "many.csv"), workers=3, to_column="to")
    assert (tmp_path / "many.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()


def test_an_error_late_in_the_file_is_the_same_and_leaves_no_output(tmp_path):
    path = tmp_path / "late.csv"
    good = "".join(f'{i},"message {i} ç"\n' for i in range(2000))
    path.write_bytes(b"id,message\n" + good.encode() + b'2001,"caf\xe9"\n' + good.encode())
    with pytest.raises(CheckError) as one:
        run_check(str(path), workers=1)
    out = tmp_path / "o.parquet"
    with pytest.raises(CheckError) as many:
        run_check(str(path), workers=4, output=str(out))
    assert str(many.value) == str(one.value) and "row 2001" in str(one.value)
    assert not out.exists() and not list(tmp_path.glob(".o.parquet.*"))


def test_workers_must_be_positive_or_all(tmp_path):
    path = campaign(tmp_path, 10)[0]
    with pytest.raises(ValueError, match="workers"):
        run_check(str(path), workers=0)
    assert run_check(str(path), workers=-1).rows == run_check(str(path), workers=1).rows


@pytest.mark.parametrize(("chosen", "backend"), [(None, "jemalloc"), ("system", "system")])
def test_the_command_line_check_takes_arrow_buffers_from_jemalloc_unless_told(tmp_path, chosen, backend):
    # mimalloc, Arrow's default, hands the check's blocks back in fresh huge pages that the
    # kernel zeroes; ARROW_DEFAULT_MEMORY_POOL still chooses. A child, as the pool is the process's.
    import os
    import subprocess
    import sys

    path = tmp_path / "c.csv"
    path.write_text("to,message\n351912345678,Olá\n")
    if backend == "jemalloc" and "jemalloc" not in pa.supported_memory_backends():
        pytest.skip("this pyarrow has no jemalloc")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    code = (
        "import sys, pyarrow\n"
        "from nrs_codec.cli import main\n"
        "status = main(['check', sys.argv[1], '--no-progress'])\n"
        "print(status, pyarrow.default_memory_pool().backend_name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2:] == ["0", backend]


@pytest.mark.parametrize("workers", [1, 2])
def test_blocks_without_a_priced_row_have_the_cost_type_of_the_others(tmp_path, workers):
    # The cost's decimal type is the price table's: a block whose rows meet no price (bad
    # recipients only) once had a type of its own, and the output could not take it.
    path = tmp_path / "c.csv"
    rows = ["12,Olá"] * 300 + ["351912345678,Olá"] * 300 + ["12,Olá"] * 300
    path.write_text("to,message\n" + "\n".join(rows) + "\n", encoding="utf-8")
    prices = load_price_table(str(PRICES))
    for out in ("o.parquet", "o.csv"):
        report = run_check(
            str(path), output=str(tmp_path / out), to_column="to", prices=prices, workers=workers
        )
        assert report.errors[102] == 600
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.num_rows == 900 and table["cost"].null_count == 600
    assert pa.types.is_decimal(table.schema.field("cost").type)


@pytest.mark.parametrize("workers", [2, 3])
def test_several_files_in_one_pool_say_the_first_files_error(tmp_path, workers):
    """Files go through one pool, the next read while the last one's blocks are checked: the
    error a check reports is still the first file's in file order, wherever it is found (a bad
    byte in a piece parsed on a worker, a missing column when the next file opens)."""
    good = tmp_path / "a.csv"
    good.write_text("to,message\n" + "351912345678,Olá\n" * 500, encoding="utf-8")
    late = tmp_path / "b.csv"
    rows = "".join(f'{i},"message {i} ç"\n' for i in range(2000))
    # The bad byte in the file's last piece: the next file opens while that piece is checked.
    late.write_bytes(b"id,message\n" + rows.encode() + b'2001,"caf\xe9"\n2002,ok\n')
    unnamed = tmp_path / "c.csv"
    unnamed.write_text("id,text\n1,hello\n", encoding="utf-8")
    files = [str(good), str(late), str(unnamed)]
    with pytest.raises(CheckError) as one:
        run_check(files, workers=1)
    out = tmp_path / "o.parquet"
    with pytest.raises(CheckError) as many:
        run_check(files, workers=workers, output=str(out))
    assert str(many.value) == str(one.value) and "b.csv" in str(one.value) and "row 2001" in str(one.value)
    assert not out.exists()
    # Without the bad file, the last one's missing column, after every row of the others.
    with pytest.raises(CheckError, match="c.csv: no column"):
        run_check([str(good), str(unnamed)], workers=workers, output=str(out))
    assert not out.exists()


def test_small_files_read_whole_on_the_workers_are_one_threads_row_for_row(tmp_path, monkeypatch):
    """Files of one piece or less are read whole by the worker that checks them (the reading
    thread only hands them out): summary, output and errors are those of the one reader thread."""
    texts = {
        "bom.csv": '\ufeffto,message\r\n351912345678,"Olá\r\nlinha 2"\r\n12,Hi\r\n',
        "odd.csv": 'to,message\n351912345678,"a ""quoted"" word"\n1,2,3\n34612345678,\n4915112345678,😀\n',
        "many.csv": "to,message\n" + "".join(f"3519{i:08d},m{i} ç\n" for i in range(120)),
        "header.csv": "to,message\n",
    }
    files = []
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode())
        files.append(str(tmp_path / name))
    assert all(os.path.getsize(f) <= csv_pieces.PIECE_BYTES for f in files)
    assert csv_pieces.read_whole(TextFile(files[0], "csv", None, None))
    options = dict(to_column="to", prices=load_price_table(str(PRICES)))
    with one_reader(monkeypatch):
        one = run_check(files, output=str(tmp_path / "one.parquet"), workers=1, **options)
    many = run_check(files, output=str(tmp_path / "many.parquet"), workers=2, **options)
    assert many.to_dict() == one.to_dict() and one.rows == 126 and one.errors[422] == 1
    assert pq.read_table(tmp_path / "many.parquet").equals(pq.read_table(tmp_path / "one.parquet"))
    (tmp_path / "open.csv").write_text('to,message\n351912345678,"never closed\n1,x\n', encoding="utf-8")
    (tmp_path / "empty.csv").write_bytes(b"")
    for bad in ("open.csv", "empty.csv"):
        paths = [files[0], str(tmp_path / bad), files[2]]
        with one_reader(monkeypatch), pytest.raises(CheckError) as one_error:
            run_check(paths, workers=1)
        for workers in (1, 2):
            with pytest.raises(CheckError) as many_error:
                run_check(paths, workers=workers)
            assert str(many_error.value) == str(one_error.value) and bad in str(one_error.value)


def test_a_small_file_is_read_as_it_was_when_handed_out(tmp_path):
    """A file that grows after it was handed out is read to the size it had (never one block of
    any size); one that is gone by then is left to the one-thread reading, which names it."""
    path = tmp_path / "g.csv"
    path.write_text("to,message\n351912345678,a\n", encoding="utf-8")
    file = TextFile(str(path), "csv", None, None)
    sizes: list[int] = []
    (unparsed,) = csv_pieces.small_file(file, "message", "to", sizes.append)
    with open(path, "a", encoding="utf-8") as f:
        f.write("351912345678,b\n" * 1000)
    block = unparsed.parse()
    assert block.rows.tolist() == [1] and block.messages.to_pylist() == ["a"] and sizes == [26]
    gone = TextFile(str(tmp_path / "gone.csv"), "csv", None, None)
    assert not csv_pieces.read_whole(gone) and not csv_pieces.read_on_workers(gone, 8)
