"""The ``nrs-codec analyze`` command, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nrs_codec.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=EXAMPLES.parent / "tests",  # not the checkout: the installed package is under test
    )


def test_analyze_readable():
    r = cli("analyze", "a" * 161)
    assert r.returncode == 0, r.stderr
    assert "encoding   gsm" in r.stdout
    assert "parts      2" in r.stdout
    assert "part 1     [0:153]" in r.stdout and "part 2     [153:161]" in r.stdout
    assert "capacity   153 per part, 145 free in the last" in r.stdout


def test_analyze_json_lines_match_the_library():
    import nrs_codec

    texts = ["Olá, até já!", "€" * 150, "hi 😀"]
    r = cli("analyze", "--json", *texts)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    for text, row in zip(texts, rows, strict=True):
        a = nrs_codec.analyze(text)
        assert row["message"] == text
        assert row["encoding"] == a.encoding and row["parts"] == a.parts
        assert row["spans"] == [list(s) for s in a.spans]


def test_analyze_stdin_and_file(tmp_path):
    r = cli("analyze", "--json", "-", stdin="Señor, ¿cómo está?\n")
    row = json.loads(r.stdout)
    assert (row["encoding"], row["singleShift"], row["message"]) == ("gsm-pt", 3, "Señor, ¿cómo está?")
    r = cli("analyze", "--json", "--file", str(EXAMPLES / "messages.txt"))
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == len((EXAMPLES / "messages.txt").read_text("utf-8").splitlines())


def test_forced_encoding_error_is_reported_not_raised():
    r = cli("analyze", "--encoding", "gsm", "ok", "çà😀")
    assert r.returncode == 1
    assert "error      113: cannot encode as gsm" in r.stdout
    assert "Traceback" not in r.stderr
    assert "message 1" in r.stdout and "encoding   gsm" in r.stdout


def test_usage_errors():
    assert cli("analyze").returncode == 2
    r = cli("analyze", "--file", "/nonexistent/messages.txt")
    assert r.returncode == 2 and "cannot read input" in r.stderr and "Traceback" not in r.stderr
    r = cli("analyze", "--encoding", "latin-1", "x")
    assert r.returncode == 2 and "unknown encoding 'latin-1'" in r.stderr
    r = cli("analyze", "--allowed", "gsm,klingon", "x")
    assert r.returncode == 2 and "unknown encoding 'klingon'" in r.stderr


def test_analyze_prints_the_suggestions_and_json_carries_them():
    import nrs_codec

    text = "“Promoção” — só hoje… 20% em tudo, na loja e online. Até já!"
    r = cli("analyze", text)
    assert r.returncode == 0, r.stderr
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("  suggestion ")]
    assert line.startswith("  suggestion smart-encoding: Replace 4 typographic look-alikes")
    r = cli("analyze", "--json", "--allowed", "gsm,utf-16", text)
    (d,) = [json.loads(x) for x in r.stdout.splitlines()]
    # Only gsm and utf-16: smart encoding alone stays utf-16 (for ã and ç), gsm-pt alone cannot
    # carry the quotes; together they leave utf-16.
    want = nrs_codec.suggest(text, allowed=("gsm", "utf-16"))
    assert d["suggestions"] == [s.to_dict() for s in want]
    assert [(s["kind"], s["kinds"], s["encodingAfter"]) for s in d["suggestions"]] == [
        ("combined", ["smart-encoding", "encoding"], "gsm-pt")
    ]
    assert "(the best of them alone: utf-16 in 1 part)" in d["suggestions"][0]["description"]
