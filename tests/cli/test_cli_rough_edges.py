"""The command line's rough edges, each as a user meets it: a misspelt option, a huge or compressed
or semicolon-separated file, blank lines, a number without its prefix, an option out of range, the
wrong file for a sub-command, JSON errors and hex as the service writes them, money digits, output
piped into a reader that stops early."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nrs_codec.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MESSAGES = EXAMPLES / "messages.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("argv", "typo"),
    [
        (["analyze", "hi", "--josn"], "--josn"),
        (["preflight", str(EXAMPLES / "request.json"), "--prics", "x.csv"], "--prics"),
        (["check", "x.csv", "--to-colunm", "to"], "--to-colunm"),
        (["encode", "hi", "--refrence", "7"], "--refrence"),
    ],
)
def test_a_misspelt_option_shows_the_sub_commands_usage(capsys, argv, typo):
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert err.startswith(f"usage: nrs-codec {argv[0]} ")
    assert f"nrs-codec {argv[0]}: error: unrecognized arguments: {typo}" in err


def test_check_of_a_huge_one_line_file_is_a_short_error(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("a" * 5_000_000 + "\n", encoding="ascii")
    status, out, err = run(capsys, "check", str(big), "--format", "csv", "--no-progress")
    assert status == 2 and out == ""
    assert len(err) < 400 and "no column 'message'" in err and "characters)" in err


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        ("id;to;message\n1;351912345678;hi\n", "--delimiter ';'"),
        ("id\tto\tmessage\n1\t3519\thi\n", "--delimiter tab"),
    ],
)
def test_a_header_with_another_separator_suggests_the_delimiter(capsys, tmp_path, content, hint):
    f = tmp_path / "export.csv"
    f.write_text(content, encoding="utf-8")
    status, _, err = run(capsys, "check", str(f), "--no-progress")
    assert status == 2 and "no column 'message'" in err and hint in err


def test_a_comma_separated_header_without_the_column_gets_no_delimiter_hint(capsys, tmp_path):
    f = tmp_path / "export.csv"
    f.write_text("id,to,text\n1,351912345678,hi\n", encoding="utf-8")
    _, _, err = run(capsys, "check", str(f), "--no-progress")
    assert "no column 'message'" in err and "--delimiter" not in err


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress), (".zst", None)],
)
def test_analyze_file_reads_compressed_files(capsys, tmp_path, suffix, compress):
    data = MESSAGES.read_bytes()
    packed = tmp_path / f"messages.txt{suffix}"
    if compress is None:
        pa = pytest.importorskip("pyarrow", reason="zstd needs pyarrow: pip install '.[check]'")
        with pa.output_stream(str(packed), compression="zstd") as f:
            f.write(data)
    else:
        packed.write_bytes(compress(data))
    expected = run(capsys, "analyze", "--json", "--file", str(MESSAGES))[1]
    status, out, err = run(capsys, "analyze", "--json", "--file", str(packed))
    assert status == 0, err
    assert out == expected and len(out.splitlines()) == len(data.splitlines())


def test_a_gzip_file_without_its_suffix_is_read_too(capsys, tmp_path):
    packed = tmp_path / "messages.txt"
    packed.write_bytes(gzip.compress("Olá\n".encode()))
    status, out, _ = run(capsys, "analyze", "--json", "--file", str(packed))
    assert status == 0 and json.loads(out)["message"] == "Olá"


def test_file_keeps_blank_lines_so_message_n_is_line_n(capsys, tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("first\n\nthird\r\n", encoding="utf-8")
    status, out, _ = run(capsys, "analyze", "--file", str(f))
    assert status == 0
    assert 'message 2: ""' in out and 'message 3: "third"' in out and "message 4" not in out
    _, out, _ = run(capsys, "analyze", "--json", "--file", str(f))
    assert [json.loads(line)["message"] for line in out.splitlines()] == ["first", "", "third"]


def test_a_number_without_its_country_prefix_is_told_so(capsys, tmp_path):
    req = tmp_path / "r.json"
    req.write_text('{"to": ["912345678"], "from": "Shop", "message": "hi"}', encoding="utf-8")
    status, out, _ = run(capsys, "preflight", str(req))
    assert status == 1
    assert (
        "912345678  invalid: not a valid IN number; numbers need their country prefix (e.g. 351912345678)"
        in out
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["encode", "hi", "--reference", "999"],
        ["encode", "hi", "--reference", "-1"],
        ["encode", "hi", "--ref16", "--reference", "65536"],
        ["encode", "hi", "--encoding", "klingon"],
    ],
)
def test_encode_options_out_of_range_are_usage_errors(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and err.startswith("nrs-codec encode: ")


def test_a_campaign_csv_given_to_preflight_is_a_usage_error(capsys, tmp_path):
    status, out, err = run(capsys, "preflight", str(EXAMPLES / "campaign.csv"))
    assert status == 2 and out == ""
    assert "looks like a campaign file" in err and "nrs-codec check" in err
    # By its name too where its bytes are no text: compressed, or a spreadsheet's cp1252. A
    # request compressed is pre-flight's 125, which says it is gzip data.
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(b"to,message\n351912345678,hi\n"))
    (tmp_path / "l.csv").write_bytes(b"351912345678,Caf\xe9\n")
    (tmp_path / "c.jsonl").write_bytes(b'{"message": "a"}\n{"message": "b"}\n')  # JSON, of a campaign
    (tmp_path / "c.csv.lz4").write_bytes(b"\x04\x22\x4d\x18")
    (tmp_path / "x.json.d").mkdir()  # a directory's name is no file's suffix
    (tmp_path / "x.json.d" / "c.csv").write_bytes(b"message\nhello\n")
    for name in ("c.csv.gz", "l.csv", "c.jsonl", "c.csv.lz4", "x.json.d/c.csv"):
        status, _, err = run(capsys, "preflight", str(tmp_path / name))
        assert status == 2 and f"{name} looks like a campaign file" in err
    (tmp_path / "r.json.gz").write_bytes(gzip.compress(b'{"message": "hi"}'))
    status, out, _ = run(capsys, "preflight", str(tmp_path / "r.json.gz"))
    assert status == 1 and "gzip data: send the JSON uncompressed" in out


def test_malformed_json_request_stays_the_providers_125(capsys, tmp_path):
    bad = tmp_path / "req.json"
    bad.write_text('{"to": ["351912345678"] "message": "x"}', encoding="utf-8")
    status, out, _ = run(capsys, "preflight", str(bad))
    assert status == 1 and "error 125" in out


def test_json_errors_have_the_services_shape(capsys):
    status, out, _ = run(capsys, "analyze", "--json", "--encoding", "gsm", "中")
    assert status == 1
    row = json.loads(out)
    assert set(row) == {"message", "error"} and row["error"]["code"] == 113
    assert row["error"]["description"].startswith("cannot encode as gsm")
    status, out, _ = run(capsys, "encode", "--json", "--encoding", "gsm", "中")
    assert status == 1 and json.loads(out)["error"]["code"] == 113
    status, out, _ = run(capsys, "decode", "--json", "0003", "--direction", "ms-to-sc")
    assert status == 1 and set(json.loads(out)["error"]) == {"code", "description"}
    # A command that could not run says so in JSON too (analyze printed nothing on stdout).
    status, out, _ = run(capsys, "analyze", "--json", "--file", str(EXAMPLES / "missing.txt"))
    assert status == 2 and json.loads(out)["error"]["description"].startswith("cannot read input: ")
    status, out, _ = run(capsys, "preflight", "--json", str(EXAMPLES / "campaign.csv"))
    assert status == 2 and "looks like a campaign file" in json.loads(out)["error"]["description"]
    status, out, _ = run(capsys, "check", "--json", str(EXAMPLES / "missing.csv"))
    assert status == 2 and json.loads(out)["error"]["code"] == 422


def test_hex_is_lower_case_as_the_service_writes_it(capsys):
    schemas = pytest.importorskip("nrs_codec.service.schemas", reason="needs the [serve] extra")
    from nrs_codec.service.answers import encode_answer

    text = "Olá! " * 40
    status, out, _ = run(capsys, "encode", "--json", "--reference", "42", "--pdu", "351912345678", text)
    assert status == 0
    cli_rows = [json.loads(line) for line in out.splitlines()]
    request = schemas.EncodeRequest.model_validate(
        {"text": text, "reference": 42, "destination": "351912345678"}
    )
    service_rows = encode_answer(request)["segments"]
    for c, s in zip(cli_rows, service_rows, strict=True):
        assert (c["udh"], c["userData"], c["shortMessage"], c["pdu"]) == (
            s["udh"], s["userData"], s["shortMessage"], s["pdu"],
        )  # fmt: skip
        assert c["pdu"] == c["pdu"].lower()


def test_money_has_one_number_of_digits_in_one_output(capsys):
    status, out, _ = run(
        capsys, "preflight", str(EXAMPLES / "request.json"), "--prices", str(EXAMPLES / "prices.csv")
    )
    assert status == 0
    assert "351211234567  PT  0.0050 x 2 = 0.0100 EUR" in out  # the table says 0.005
    assert "351912345678  PT  0.0045 x 2 = 0.0090 EUR" in out
    assert "  cost         0.0470 EUR" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(EXAMPLES / "campaign.csv")],
        ["check", str(EXAMPLES / "campaign.csv"), "--json"],
        ["analyze", "--file", str(MESSAGES)],
        ["preflight", str(EXAMPLES / "request.json")],
    ],
    ids=["check", "check-json", "analyze", "preflight"],
)
def test_output_piped_into_a_reader_that_stops_early_is_no_error(tmp_path, argv):
    """``nrs-codec check big.csv | head``: the reader closes the pipe before the summary is
    written; the command stops there, says nothing about it (as ``cat`` and ``grep`` do), does
    not report the closed pipe as a file it could not read, and ends as a writer stopped by
    SIGPIPE does: not with 0, which under ``set -o pipefail`` would pass a check with errors for
    one without."""
    command = [sys.executable, "-m", "nrs_codec.cli", *argv]
    # cwd: not the checkout, the installed package is under test
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    process.stdout.close()  # before the command writes a byte: its first write meets EPIPE
    _, err = process.communicate(timeout=120)
    assert err.decode() == ""
    assert process.returncode == -signal.SIGPIPE


def test_a_command_started_with_its_output_closed_keeps_its_status(tmp_path):
    # `nrs-codec check ok.csv >&-`: Python starts without a sys.stdout; the check still ends with
    # its own status (0: every row fine), no traceback.
    ok = tmp_path / "ok.csv"
    ok.write_text("to,message\n351912345678,Olá\n")
    closed = ["bash", "-c", 'exec "$@" >&-', "-", sys.executable, "-m", "nrs_codec.cli"]
    for argv, status in ((["check", str(ok)], 0), (["analyze", "hello"], 0), (["check", "missing.csv"], 2)):
        done = subprocess.run([*closed, *argv], capture_output=True, cwd=tmp_path, timeout=120)
        assert (done.returncode, done.stderr.decode().count("Traceback")) == (status, 0), argv


@pytest.mark.parametrize(("status", "signum"), [(130, signal.SIGINT), (143, signal.SIGTERM), (2, None)])
def test_a_command_stopped_by_a_signal_ends_by_that_signal(tmp_path, status, signum):
    # The shell stops a script's loop when a child ends by SIGINT, not when it exits 130.
    code = f"import nrs_codec.cli as c; c.main = lambda: {status}; c.console()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=120)
    assert done.returncode == (-signum if signum else status)


@pytest.mark.parametrize(
    "option", ["--output", "--prices", "--to-column", "--message-column", "--file-encoding", "--dask"]
)
def test_an_empty_value_is_not_the_option_left_out(capsys, option):
    # `--output "$OUT"` with $OUT unset: a check without its output (or prices, or cluster) that
    # said nothing would pass for a complete one.
    status, out, err = run(capsys, "check", str(EXAMPLES / "campaign.csv"), option, "")
    assert status == 2 and out == ""
    assert f"argument {option}: an empty value" in err


def test_ctrl_c_before_a_check_begins_is_said_without_a_traceback(capsys, monkeypatch):
    # Ctrl-C while the command still imports what it needs (pyarrow, NumPy: a second or so),
    # before the check's own handling of signals begins.
    from nrs_codec.cli import check

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "_prefer_jemalloc", interrupted)
    status, out, err = run(capsys, "check", str(EXAMPLES / "campaign.csv"))
    assert (status, out, err) == (130, "", "nrs-codec check: interrupted\n")


@pytest.mark.parametrize("module", ["nrs_codec", "nrs_codec.cli"])
def test_python_dash_m_runs_the_command(tmp_path, module):
    # 'python -m nrs_codec' was "No module named nrs_codec.__main__".
    (tmp_path / "c.csv").write_text("message\nOlá\n", encoding="utf-8")
    argv = [sys.executable, "-m", module, "check", "c.csv", "--json", "--no-progress"]
    done = subprocess.run(argv, capture_output=True, cwd=tmp_path, timeout=120, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == 1
