"""``nrs-codec check``: campaign files in CSV, JSON Lines and Parquet, their bad rows and bad files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import nrs_codec
from nrs_codec.campaign import blocks, check, csv_pieces
from nrs_codec.campaign.errors import CheckError
from nrs_codec.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MESSAGES = ["Olá, a sua encomenda nº 1 já foi enviada!", "Hi! 😀", "[promo] {VIP} €", "a" * 161, "Pão"]


def run(capsys, *argv):
    status = main(["check", *map(str, argv), "--no-progress"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def campaign_csv(tmp_path: Path, messages=MESSAGES) -> Path:
    rows = ["id,to,message"] + [f'{i},3519123456{i:02d},"{m}"' for i, m in enumerate(messages, start=1)]
    return write_csv(tmp_path / "c.csv", "\n".join(rows) + "\n")


def test_summary_matches_analyze_many(tmp_path, capsys):
    status, out, _ = run(capsys, campaign_csv(tmp_path), "--json")
    assert status == 0
    summary = json.loads(out)
    totals = nrs_codec.analyze_many(MESSAGES).totals()
    assert summary["rows"] == 5 and summary["errors"] == {}
    assert summary["encodings"] == totals.encodings
    assert summary["totalSmsParts"] == totals.total_parts == 6
    assert summary["partsHistogram"] == {"1": 4, "2": 1}


def test_output_rows_equal_analyze(tmp_path, capsys):
    out_csv = tmp_path / "out.csv"
    status, _, _ = run(capsys, campaign_csv(tmp_path), "--output", out_csv)
    assert status == 0
    table = pacsv.read_csv(out_csv)
    assert table.column("row").to_pylist() == [1, 2, 3, 4, 5]
    for row, text in zip(table.to_pylist(), MESSAGES, strict=True):
        a = nrs_codec.analyze(text)
        assert (row["encoding"], row["parts"], row["units"], row["remaining"]) == (
            a.encoding,
            a.parts,
            a.units,
            a.remaining,
        )
        assert row["error"] == 0


def test_malformed_row_is_a_row_error_and_numbering_goes_on(tmp_path, capsys):
    path = write_csv(
        tmp_path / "bad.csv",
        'id,message\n1,"ok"\n2,"one",too many\n3,"multi\nline ç"\n4,\n5,"ok"\n',
    )
    out_parquet = tmp_path / "out.parquet"
    status, out, _ = run(capsys, path, "--output", out_parquet)
    assert status == 1
    assert "5 rows" in out
    assert "row 2: malformed CSV row: 3 fields, expected 2" in out
    assert "104 text message missing: 1 row" in out and "row 4: no message" in out
    table = pq.read_table(out_parquet)
    assert table.column("row").to_pylist() == [1, 3, 4, 5]
    assert table.column("error").to_pylist() == [0, 0, 104, 0]
    assert table.column("encoding").to_pylist() == ["gsm", "gsm-pt", None, "gsm"]


def test_block_boundaries_do_not_change_results(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 256)
    messages = [f"{m} {i}" for i in range(60) for m in MESSAGES]
    path = campaign_csv(tmp_path, messages)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(100, "x,y")  # a malformed row in the middle of the file
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    status, out, _ = run(capsys, path, "--output", out_csv)
    assert status == 1 and "row 100: malformed CSV row: 2 fields, expected 3" in out
    table = pacsv.read_csv(out_csv)
    assert table.column("row").to_pylist() == [r for r in range(1, 302) if r != 100]
    want = nrs_codec.analyze_many(messages)
    assert table.column("parts").to_pylist() == want.parts.tolist()


def test_semicolons_and_a_byte_order_mark(tmp_path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes('\ufeffmessage;to\n"Olá; tudo bem?";351912345678\n'.encode())
    status, out, _ = run(capsys, path, "--delimiter", ";", "--to-column", "to", "--json")
    assert status == 0
    assert json.loads(out)["encodings"] == {"gsm-pt": 1}
    for bad in ("ab", "§"):  # pyarrow splits on one byte
        status, _, err = run(capsys, path, "--delimiter", bad)
        assert status == 2 and "--delimiter must be one ASCII character" in err
    with pytest.raises(CheckError, match="other than a quote, a newline or NUL"):  # from Python only
        check.run_check(str(path), delimiter="\0")
    for column in ("message_column", "to_column"):  # the command refuses an empty name too
        with pytest.raises(CheckError, match="is empty: name a column"):
            check.run_check(str(path), **{column: ""})
    tabs = tmp_path / "tabs.txt"
    tabs.write_text("message\tto\nOlá\t351912345678\n", encoding="utf-8")
    for tab in ("\\t", "tab", "\t"):  # as typed in a shell, by name, or a real tab
        status, out, _ = run(capsys, tabs, "--delimiter", tab, "--to-column", "to")
        assert status == 0 and "1 row" in out


def test_a_file_that_is_not_utf8_is_not_checked_row_by_row(tmp_path, capsys):
    # A cp1252 byte read as UTF-8 would make every row holding one a wrong message or an error
    # (test_file_encoding has the rest).
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,message\n1,ok\n2,Olá\n".encode() + "3,Olá\n".encode("latin-1"))
    status, out, err = run(capsys, path)
    assert status == 2 and out == ""
    assert "latin1.csv: row 3: byte 0xe1 at offset 27 is not UTF-8" in err and "--file-encoding cp1252" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("\n\n", "is empty"),
        ("id,text\n1,hello\n", "no column 'message' (columns: 'id', 'text')\n"),
        # A column it may mean: in another case, or a letter apart.
        ("Id,Message\n1,hello\n", "(columns: 'Id', 'Message'); did you mean 'Message'? (--message-column"),
        ("id,mesage\n1,hello\n", "(columns: 'id', 'mesage'); did you mean 'mesage'? (--message-column"),
    ],
)
def test_unusable_csv_exits_2_with_a_message(tmp_path, capsys, content, message):
    status, out, err = run(capsys, write_csv(tmp_path / "f.csv", content))
    assert status == 2 and out == ""
    assert message in err and err.startswith("nrs-codec check: ")


@pytest.mark.parametrize("reading", ["one reader", "in pieces", "whole on a worker", "parquet"])
def test_a_column_named_twice_is_an_error(tmp_path, capsys, monkeypatch, reading):
    """Which of two columns named "message" holds the messages is not for the check to guess
    (pyarrow's CSV reader read the first, and a Parquet schema's was a traceback)."""
    rows = "".join(f"351912345678,first {i},second {i}\n" for i in range(300))
    path = write_csv(tmp_path / "c.csv", "to,message,message\n" + rows)
    workers = 1
    if reading == "in pieces":
        monkeypatch.setattr(csv_pieces, "PIECE_BYTES", 1000)
        monkeypatch.setattr(csv_pieces, "FROM_WORKERS", 2)
        workers = 2
    elif reading == "whole on a worker":
        workers = 2
    elif reading == "parquet":
        path = tmp_path / "c.parquet"
        columns = [pa.array(["351912345678"]), pa.array(["first"]), pa.array(["second"])]
        pq.write_table(pa.Table.from_arrays(columns, names=["to", "message", "message"]), path)
    status, out, err = run(capsys, path, "--to-column", "to", "--workers", str(workers))
    where = "schema" if reading == "parquet" else "header"
    assert status == 2 and out == ""
    assert f"c.{path.suffix[1:]}: the {where} names 2 columns 'message' (columns 2, 3)" in err
    unrelated = write_csv(tmp_path / "u.csv", "to,message,x,x\n1,a,b,c\n")  # not a column checked
    assert run(capsys, unrelated)[0] == 0


@pytest.mark.parametrize(
    ("header", "names"),
    [
        ("\r\n\nid,text\r\n", "'id', 'text'"),  # blank lines before it, CRLF
        ('"id","te\nxt"\n', "'id', 'te\\nxt'"),  # a quoted name with a line break
        ('"id","text, ""quoted"""\n', "'id', 'text, \"quoted\"'"),
    ],
)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_missing_column_lists_the_headers_names(tmp_path, capsys, header, names, workers):
    path = write_csv(tmp_path / "f.csv", header + "1,hello\n")
    status, _, err = run(capsys, path, "--workers", str(workers))
    assert status == 2 and f"no column 'message' (columns: {names})" in err


def test_header_only_is_zero_rows(tmp_path, capsys):
    status, out, _ = run(capsys, write_csv(tmp_path / "h.csv", "id,message\n"))
    assert status == 0 and "0 rows" in out and "errors       none" in out


def test_other_unusable_inputs(tmp_path, capsys):
    good = campaign_csv(tmp_path)
    cases = [
        ((tmp_path / "nope.csv",), "no such file"),
        ((write_csv(tmp_path / "c.json", "x"),), "cannot tell the format from the suffix '.json'"),
        ((write_csv(tmp_path / "c.xlsx", "x"),), "c.xlsx: an Excel workbook is not read: save the sheet as"),
        ((write_csv(tmp_path / "c.csv.xz", "x"),), "c.csv.xz: xz-compressed files are not read"),
        ((write_csv(tmp_path / "c.csv.zip", "x"),), "c.csv.zip: a zip archive is not read: unzip it"),
        ((good, "--to-column", "recipient"), "no column 'recipient'"),
        ((good, "--prices", EXAMPLES / "prices.csv"), "--prices needs --to-column"),
        ((good, "--encoding", "latin-1"), "unknown encoding 'latin-1'"),
        ((good, "--output", tmp_path / "out.xlsx"), "expected a .csv or .parquet file"),
        ((good, "--to-column", "to", "--prices", tmp_path / "none.csv"), "cannot read price table"),
        (
            (write_csv(tmp_path / "p.parquet", "not parquet"),),
            "p.parquet is not a Parquet file: it is plain text",
        ),
        ((write_csv(tmp_path / "t.parquet", "PAR1 but no more"),), "not a readable Parquet file"),
    ]
    for argv, message in cases:
        status, _, err = run(capsys, *argv)
        assert status == 2 and message in err, (argv, err)


def test_names_that_cannot_be_a_campaign_file(tmp_path, capsys):
    good = campaign_csv(tmp_path)
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (tmp_path / "chain.csv").symlink_to("gone.csv")  # relative to its directory
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")  # a night's directory, its link broken
    bad = os.fsdecode(bytes(tmp_path / "caf") + b"\xe9.csv")  # Latin-1 bytes, as the shell gives them
    os.link(good, bad)
    link = tmp_path / "link.csv"
    link.symlink_to(good)
    hard = tmp_path / "hard.csv"  # the same file under a name of its own
    os.link(good, hard)
    cases = [
        # A night's directory not made yet is missing, not a file without a suffix to read.
        ((f"{tmp_path / 'night'}{os.sep}",), f"{tmp_path / 'night'}{os.sep}: no such directory"),
        ((tmp_path / "gone.csv",), f"gone.csv: a link to {tmp_path / 'nowhere.csv'}, which does not exist"),
        # A chain of links is said by where it ends; a loop, as one.
        ((tmp_path / "chain.csv",), f"chain.csv: a link to {tmp_path / 'nowhere.csv'}, which does not exist"),
        ((tmp_path / "loop.csv",), "loop.csv: a symbolic link in a loop of links"),
        # A directory on the way is said: missing, broken, or a file.
        ((tmp_path / "night" / "c.csv",), f"c.csv: no such directory {tmp_path / 'night'}"),
        ((tmp_path / "gone" / "c.csv",), f"{tmp_path / 'gone'} is a link to {tmp_path / 'nowhere'}, which"),
        ((tmp_path / "loop.csv" / "c.csv",), f"{tmp_path / 'loop.csv'} is a symbolic link in a loop"),
        ((good / "c.csv",), f"c.csv: {good} is not a directory"),
        ((f"{good}{os.sep}",), f"{good} is not a directory"),
        # A price table's name too, its bytes escaped once, not also as Python's repr.
        (
            (good, "--to-column", "to", "--prices", bad[:-4]),
            f"cannot read price table {tmp_path}{os.sep}caf\\xe9: No such file or directory",
        ),
        ((bad,), "caf\\xe9.csv: a path that is not UTF-8 cannot be used: rename it"),
        ((good, "--output", bad[:-4] + ".parquet"), "caf\\xe9.parquet: a path that is not UTF-8"),
        # An output that is the input, through a name of such bytes: said, its bytes as escapes.
        ((good, "--json", "--output", bad), f"--output {tmp_path}{os.sep}caf\\xe9.csv is the campaign"),
        ((good, link), f"{link} is the file {good} again: each file is checked once"),
        ((good, hard), f"{hard} is the file {good} again: each file is checked once"),
    ]
    for argv, message in cases:
        status, _, err = run(capsys, *argv)
        assert status == 2 and message in err and "\\udc" not in err, (argv, err)


def test_run_check_takes_what_the_command_takes(tmp_path, capsys):
    # From Python as on the command line: a directory (its rows naming their file), a path.
    good = campaign_csv(tmp_path)
    _, out, _ = run(capsys, tmp_path, "--json")
    report = check.run_check(tmp_path)
    assert report.to_dict() == json.loads(out) and report.to_dict()["files"] == [str(good)]
    assert check.run_check(good).to_dict()["file"] == str(good)
    with pytest.raises(CheckError, match="named twice"):
        check.run_check([str(good), str(good)])


def test_jsonl(tmp_path, capsys):
    lines = [
        json.dumps({"message": "Olá", "to": "351912345678"}),
        "{not json",
        json.dumps({"to": "351912345679"}),
        "",
        json.dumps({"message": 42, "to": "351912345670"}),
        json.dumps(["a list"]),
        json.dumps({"message": "😀", "to": 34612345678}),
    ]
    path = write_csv(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    out_parquet = tmp_path / "o.parquet"
    status, out, _ = run(capsys, path, "--to-column", "to", "--output", out_parquet, "--json")
    assert status == 1
    summary = json.loads(out)
    assert summary["rows"] == 6
    assert summary["errors"]["104"]["rows"] == 1
    assert summary["errors"]["422"]["rows"] == 3
    # The examples in file order, however each row was found wrong.
    examples = summary["errors"]["422"]["examples"]
    assert [e["row"] for e in examples] == [2, 4, 5]
    assert examples[0]["why"].startswith("invalid JSON") and examples[2]["why"] == "not a JSON object"
    table = pq.read_table(out_parquet)
    assert table.column("error").to_pylist() == [0, 422, 104, 422, 422, 0]
    assert table.column("country").to_pylist() == ["PT", None, "PT", "PT", None, "ES"]


def test_jsonl_unusable(tmp_path, capsys):
    status, _, err = run(capsys, write_csv(tmp_path / "e.jsonl", "\n"))
    assert status == 2 and "is empty" in err
    status, _, err = run(capsys, write_csv(tmp_path / "m.jsonl", '{"text": "a"}\n'))
    assert status == 2 and "no column 'message' (columns: 'text')" in err


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "empty"])
@pytest.mark.parametrize("output", ["o.parquet", "o.csv"])
def test_a_check_does_not_import_pandas(tmp_path, fmt, output):
    # pyarrow imports pandas (a fifth of a second, where it is installed) on some calls: making a
    # scalar, to_numpy of an array that may hold nulls, a table of no rows from a schema (the CSV
    # output's header, the output of a file of no rows). The check makes none of them.
    table = pa.table({"to": ["351912345678", None], "message": ["Olá", None]})
    path = tmp_path / f"c.{fmt}"
    if fmt == "empty":
        path = write_csv(tmp_path / "e.csv", "to,message\n")
    elif fmt == "parquet":
        pq.write_table(
            pa.table(
                {
                    "to": pa.array(["351912345678", "x"] * 50).dictionary_encode(),
                    "message": ["Olá", None] * 50,
                }
            ),
            path,
        )
    elif fmt == "csv":
        pacsv.write_csv(table, path)
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in table.to_pylist()))
    argv = [str(path), "--to-column", "to", "--prices", str(EXAMPLES / "prices.csv"), "--output", output]
    code = (
        "import sys\n"
        "from nrs_codec.cli import main\n"
        f"status = main(['check', *{argv!r}, '--no-progress', '--json'])\n"
        "print(status, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.stdout.split()[-2:] == ["0" if fmt == "empty" else "1", "False"], done.stderr
    assert (tmp_path / output).stat().st_size > 0


def test_parquet(tmp_path, capsys):
    path = tmp_path / "c.parquet"
    values = MESSAGES + [None, ""]
    pq.write_table(pa.table({"msg": values, "n": list(range(7))}), path, row_group_size=3)
    status, out, _ = run(capsys, path, "--message-column", "msg", "--json")
    assert status == 1
    summary = json.loads(out)
    # The null and the empty message are both missing (104), as the provider takes them.
    assert summary["rows"] == 7 and summary["errors"]["104"]["rows"] == 2
    assert summary["totalSmsParts"] == nrs_codec.analyze_many(MESSAGES).totals().total_parts


def test_prices_and_countries(tmp_path, capsys):
    status, out, _ = run(
        capsys, EXAMPLES / "campaign.csv", "--to-column", "to", "--prices", EXAMPLES / "prices.csv"
    )
    assert status == 1  # the bundled campaign has a bad row of each kind
    assert "301 rows" in out
    assert "row 42: no message" in out and "row 118: recipient '0912345678'" in out
    assert "row 201: malformed CSV row" in out
    with open(EXAMPLES / "campaign.csv", encoding="utf-8", newline="") as f:
        unpriced = sum(1 for r in csv.DictReader(f) if r["to"].startswith("55") and r["message"])
    assert unpriced and f"no price for {unpriced} rows (BR {unpriced})" in out  # the example table has no BR
    out_csv = tmp_path / "rows.csv"
    report = check.run_check(
        str(EXAMPLES / "campaign.csv"),
        to_column="to",
        prices=check.load_price_table(str(EXAMPLES / "prices.csv")),
        output=str(out_csv),
    )
    rows = [r for r in pacsv.read_csv(out_csv).to_pylist() if r["country"] == "PT" and r["error"] == 0]
    table = nrs_codec.load_prices(EXAMPLES / "prices.csv")
    prices = {table.lookup(str(r["recipient"]), "PT").amount for r in rows}
    assert prices == {Decimal("0.0045")}  # PT mobiles: the +3519 prefix wins over PT's 0.005
    pt = report.costs()["PT EUR"]
    assert report.rows_by_country["PT"] == len(rows)
    assert pt["parts"] == sum(r["parts"] for r in rows)
    expected = sum(table.lookup(str(r["recipient"]), "PT").amount * r["parts"] for r in rows)
    assert pt["cost"] == expected == sum(Decimal(str(r["cost"])) for r in rows)
    # Row by row, every country: the cost is the recipient's price times the row's parts.
    every = pacsv.read_csv(out_csv).to_pylist()
    priced = [r for r in every if r["cost"] is not None]
    assert len({r["country"] for r in priced}) >= 3 and len({r["parts"] for r in priced}) >= 2
    for r in every:
        price = table.lookup(str(r["recipient"]), r["country"]) if r["error"] == 0 and r["country"] else None
        want = None if price is None else price.amount * r["parts"]
        assert (None if r["cost"] is None else Decimal(str(r["cost"]))) == want, r


def test_a_price_table_made_in_code_prices_the_rows(tmp_path):
    flat = nrs_codec.parse_prices("destination,price,currency\nPT,0.01,EUR\nES,0.02,EUR\n")
    report = check.run_check(str(campaign_csv(tmp_path)), to_column="to", prices=flat)
    costs = report.costs()
    assert costs and set(costs) <= {"PT EUR", "ES EUR"}
    for c in costs.values():
        assert c["parts"] > 0 and c["cost"] == flat.countries[c["country"]] * c["parts"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("country,price,currency\nPT,1,EUR\n", "line 1: header 'country,price,currency' is not destination"),
        ("destination,price,currency\nPT,abc,EUR\n", "p.csv: line 2: .*'abc'"),
        ("destination,price,currency\nPortugal,1,EUR\n", "p.csv: line 2: .*'Portugal'"),
    ],
)
def test_bad_price_table(tmp_path, table, message):
    with pytest.raises(CheckError, match=message):
        check.load_price_table(str(write_csv(tmp_path / "p.csv", table)))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "deep.json",
            "[" * 100_000 + "]" * 100_000,
            "invalid JSON: nested too deeply for a price table (a list of objects)",
            id="nested-json",
        ),
        pytest.param(
            "p.csv",
            "destination,price,currency\nPT,0.005,EUR\nES,1_000,EUR\n",
            "line 3: price '1_000' is not a decimal number in ASCII digits (such as 0.005)",
            id="underscore",
        ),
        pytest.param(
            "p.csv",
            "destination,price,currency\nPT,\u0660.\u0665,EUR\n",
            "line 2: price '\u0660.\u0665' is not a decimal number in ASCII digits (such as 0.005)",
            id="arabic-indic-digits",
        ),
        pytest.param(
            "p.csv",
            "destination,price,currency\nPT,0.005,EUR\u2028\nES,x,EUR\n",
            "line 3: price 'x' is not a decimal number",
            id="line-separator-in-a-line",
        ),
        pytest.param(
            "p.csv",
            "destination,price,currency\nPT," + "1" * 200_000 + ",EUR\n",
            "line 2: not a CSV row: field larger than field limit (131072)",
            id="cell-too-large",
        ),
    ],
)
def test_unusable_price_table_exits_2_naming_it(tmp_path, capsys, name, content, message):
    prices = write_csv(tmp_path / name, content)
    status, out, err = run(capsys, campaign_csv(tmp_path), "--to-column", "to", "--prices", prices)
    assert status == 2 and out == ""
    assert err == f"nrs-codec check: {prices}: {message}\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/null are POSIX")
def test_price_table_not_a_regular_file_or_too_large_exits_2(tmp_path, capsys):
    fifo, big = tmp_path / "fifo.csv", tmp_path / "big.csv"
    os.mkfifo(fifo)  # no writer: reading it waited for ever
    with big.open("wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)  # sparse
    cases = [
        (fifo, "not a regular file: save what it gives to a file and use that"),
        (os.devnull, "not a regular file: save what it gives to a file and use that"),
        (big, "larger than 64 MiB, the most a price table may be"),
    ]
    for prices, message in cases:
        status, out, err = run(capsys, campaign_csv(tmp_path), "--to-column", "to", "--prices", prices)
        assert status == 2 and out == ""
        assert err == f"nrs-codec check: {prices}: {message}\n"


def test_a_directory_that_may_not_be_entered_is_said_so(tmp_path):
    # Not "no such directory": it is there, and what lies past it is not known to this user. As
    # root, who enters any directory, the check runs without the capabilities that allow it.
    closed = tmp_path / "closed"
    (closed / "sub").mkdir(parents=True)
    campaign_csv(closed / "sub")
    closed.chmod(0)
    as_user = []
    if os.geteuid() == 0:
        os.chown(closed, 65534, 65534)  # nobody's
        as_user = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    env = {**os.environ, "PYTHONPATH": str(Path(nrs_codec.__file__).resolve().parent.parent)}
    try:
        for name in ("closed/sub/c.csv", "closed/c.csv"):
            result = subprocess.run(
                [*as_user, sys.executable, "-m", "nrs_codec.cli", "check", name],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 2
            assert result.stderr == f"nrs-codec check: {name}: permission denied: closed cannot be entered\n"
    finally:
        closed.chmod(0o700)  # for the clean-up


def test_entry_point_never_shows_a_traceback(tmp_path):
    # The package under test, wherever it is imported from; the working directory is not the
    # source tree, which -m would put first on sys.path.
    env = {**os.environ, "PYTHONPATH": str(Path(nrs_codec.__file__).resolve().parent.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "nrs_codec.cli", "check", str(tmp_path / "missing.csv")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no such file" in result.stderr


@pytest.mark.parametrize(
    "message", [pa.array([["Olá mundo"]] * 3), pa.array([{"text": "Olá"}] * 3)], ids=["list", "struct"]
)
def test_a_parquet_message_column_of_lists_or_structs_is_an_error_per_row(tmp_path, capsys, message):
    # Nested, the column has no dictionary of its own: it was named to pyarrow's read_dictionary
    # with the recipients', a KeyError and a traceback (exit 1, as if rows had errors).
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"to": ["351912345678"] * 3, "message": message}), path)
    status = main(["check", str(path), "--to-column", "to", "--no-progress", "--json"])
    out, err = capsys.readouterr()
    assert status == 1 and err == "" and json.loads(out)["rows"] == 3


def test_a_parquet_recipient_column_of_lists_is_said(tmp_path, capsys):
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"to": [["351912345678"]] * 3, "message": ["Olá"] * 3}), path)
    status = main(["check", str(path), "--to-column", "to", "--no-progress"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err == (
        f"nrs-codec check: {path}: column 'to' holds list<element: string>, "
        "not recipients (text or integers)\n"
    )


@pytest.mark.parametrize(
    "to",
    [
        pa.array([351912345678, None, 447700900123], pa.int64()),
        pa.array([351912345678, None, 18446744073709551615], pa.uint64()),
        # pandas writes a column of numbers with a gap among them as floats: pyarrow's own text for
        # them was '3.51912345678e+11'.
        pa.array([351912345678.0, None, 4.5], pa.float64()),
        pa.array([True, None, False]),
        pa.array([Decimal("351912345678"), None, Decimal("447700900123.50")], pa.decimal128(14, 2)),
        pa.array(["351912345678", None, "+447700900123"], pa.large_string()),
        # Text without its UTF-8 mark, as some Spark and Hive writers leave it.
        pa.array([b"351912345678", None, b"+447700900123"], pa.binary()),
        pa.array([b"351912345678", None, b"+447700900123"], pa.large_binary()).dictionary_encode(),
        pa.array([b"351912345678", None, b"447700900123"], pa.binary(12)),
        pa.array([b"351912345678", None, b"+447700900123"], pa.binary_view()),
        pa.array([-0.0, 1e16, float("nan"), 2.5e-7, None, 123456789012345.0], pa.float64()),
        pa.array([351912345678.0, None, 0.5], pa.float32()),
    ],
    ids=[
        *("int64", "uint64", "float64", "bool", "decimal", "large_string", "binary", "binary-dictionary"),
        *("fixed-size-binary", "binary-view", "float64-odd", "float32"),
    ],
)
def test_a_parquet_recipient_is_the_text_python_writes_its_value_in(tmp_path, to):
    # As in JSON Lines (str() of the value), so the same rows judge alike in either format.
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"message": ["Olá"] * len(to), "to": to}), path)
    out = tmp_path / "rows.parquet"
    check.run_check(str(path), to_column="to", output=str(out))
    written = pq.read_table(out).column("recipient").to_pylist()
    plain = to.dictionary_decode() if pa.types.is_dictionary(to.type) else to
    values = [v.decode() if isinstance(v, bytes) else v for v in plain.to_pylist()]
    assert written == [None if v is None else str(v) for v in values]
    if not pa.types.is_decimal(to.type):
        lines = tmp_path / "c.jsonl"
        lines.write_text("".join(json.dumps({"message": "Olá", "to": v}) + "\n" for v in values))
        # (JSON has no float32: its values are the float64 they widen to, as Python holds them)
        from_lines = tmp_path / "lines.parquet"
        check.run_check(str(lines), to_column="to", output=str(from_lines))
        assert pq.read_table(from_lines).to_pylist() == pq.read_table(out).to_pylist()


def test_a_parquet_recipient_of_bytes_not_utf8_is_an_invalid_recipient(tmp_path):
    # It stopped the check with pyarrow's "Invalid UTF8 payload", naming neither file nor row.
    path = tmp_path / "c.parquet"
    pq.write_table(
        pa.table({"message": ["Olá"] * 2, "to": pa.array([b"35191234567\xff", b"351912345678"])}), path
    )
    out = tmp_path / "rows.parquet"
    check.run_check(str(path), to_column="to", output=str(out))
    rows = pq.read_table(out).to_pylist()
    assert [(r["recipient"], r["error"]) for r in rows] == [("35191234567\ufffd", 102), ("351912345678", 0)]


def test_a_parquet_recipient_of_another_type_is_an_invalid_recipient(tmp_path):
    # Nanosecond times need pandas to become Python objects: the check stopped where it was absent.
    path = tmp_path / "c.parquet"
    to = pa.array([1, None], pa.timestamp("ns"))
    pq.write_table(pa.table({"message": ["Olá"] * 2, "to": to}), path)
    out = tmp_path / "rows.parquet"
    check.run_check(str(path), to_column="to", output=str(out))
    rows = pq.read_table(out).to_pylist()
    assert [(r["recipient"], r["error"]) for r in rows] == [
        ("1970-01-01 00:00:00.000000001", 102),
        (None, 102),
    ]
