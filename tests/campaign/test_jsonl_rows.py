"""JSON Lines rows as exporters write them: a key left out of an object where its field is empty
(Go's omitempty), wherever the row is in the file, is that row's missing value; a column no object
has is the file's error. Lines end with \n (or \r\n): a file whose lines end with a lone CR is
said to be so."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from campaign_files import run, write

from nrs_codec.campaign import blocks
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.errors import CheckError

TO = "351912345678"


def lines(*objects) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


def checked(path, tmp_path, workers: int, **options) -> tuple[list, dict]:
    """The rows' errors as the output has them, and each example's reason by row."""
    out = tmp_path / f"o{workers}.parquet"
    report = run_check(str(path), output=str(out), workers=workers, **options)
    reasons = {e["row"]: e["why"] for c in report.to_dict()["errors"].values() for e in c["examples"]}
    return pq.read_table(out).column("error").to_pylist(), reasons


@pytest.mark.parametrize("workers", [1, 2])
def test_a_message_left_out_of_the_first_object_is_its_rows_104(tmp_path, workers):
    first = write(tmp_path / "a.jsonl", lines({"to": TO}, {"message": "ok", "to": TO}))
    last = write(tmp_path / "b.jsonl", lines({"message": "ok", "to": TO}, {"to": TO}))
    assert checked(first, tmp_path, workers, to_column="to") == ([104, 0], {1: "no message"})
    assert checked(last, tmp_path, workers, to_column="to") == ([0, 104], {2: "no message"})


@pytest.mark.parametrize("workers", [1, 2])
def test_an_object_over_two_lines_is_not_made_up_for_by_two_on_one_line(tmp_path, workers):
    # pyarrow reads objects, not lines: one spread over two lines and two on one line made as
    # many rows as lines, taken for one a line, and every row between had the next line's
    # message and recipient. Each such line is its row's error, as json.loads says, and every
    # other row is its own line's.
    good = [json.dumps({"message": "ok" + "!" * i, "to": TO}) for i in range(50)]
    bad = [f'{{"message": "split", "to": "{TO}", "meta":', '{"a": 1}}', good[40] + good[41]]
    text = "\n".join(good[:10] + bad[:2] + good[10:40] + bad[2:] + good[42:]) + "\n"
    path = write(tmp_path / "a.jsonl", text)
    out = tmp_path / f"o{workers}.parquet"
    run_check(str(path), output=str(out), workers=workers, to_column="to")
    table = pq.read_table(out).to_pydict()
    want_units = [len(json.loads(line)["message"]) if line in good else 0 for line in text.splitlines()]
    assert table["units"] == want_units
    assert [row for row, error in zip(table["row"], table["error"], strict=True) if error] == [11, 12, 43]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_recipient_left_out_is_as_an_empty_csv_cell(tmp_path, workers):
    jsonl = write(tmp_path / "a.jsonl", lines({"message": "ok"}, {"message": "ok", "to": TO}))
    csv = write(tmp_path / "a.csv", f'to,message\n,ok\n{TO},"ok"\n')
    got = checked(jsonl, tmp_path, workers, to_column="to")
    assert got == checked(csv, tmp_path, workers, to_column="to")
    assert got == ([102, 0], {1: "no recipient"})
    # A recipient that is no number says why, as pre-flight does.
    plus = write(tmp_path / "p.jsonl", lines({"message": "ok", "to": "+" + TO}))
    assert checked(plus, tmp_path, workers, to_column="to")[1] == {
        1: f"recipient '+{TO}' (no '+': digits with the country prefix)"
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_the_first_object_with_the_key_may_be_pieces_later(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 3)  # pieces of three lines
    rows = [{"to": TO}] * 10 + [{"message": "ok", "to": TO}, {"to": TO}]
    path = write(tmp_path / "a.jsonl", lines(*rows))
    errors, _ = checked(path, tmp_path, workers, to_column="to")
    assert errors == [104] * 10 + [0, 104]
    # The key as an escape writes it is the key.
    escaped = write(tmp_path / "e.jsonl", lines(*rows[:10]) + '{"m\\u0065ssage": "ok"}\n')
    assert checked(escaped, tmp_path, workers)[0] == [104] * 10 + [0]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_column_no_object_has_is_the_files_error(tmp_path, monkeypatch, capsys, workers):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 3)
    # The message and recipient keys only as values, in a nested object, or on a line that is
    # not JSON: no object has them.
    rows = [json.dumps({"to": TO, "note": '"message"'}), json.dumps({"to": TO, "x": {"message": "a"}})]
    path = write(tmp_path / "a.jsonl", "\n".join(rows * 4 + ['{"message": "broken', ""]))
    with pytest.raises(CheckError, match=r"a\.jsonl: no column 'message' \(columns: 'to', 'note'\)"):
        run_check(str(path), to_column="to", workers=workers)
    status, _, err = run(capsys, path, "--to-column", "to", "--workers", workers)
    assert status == 2 and "no column 'message' (columns: 'to', 'note')" in err
    recipients = write(tmp_path / "b.jsonl", lines({"message": "ok"}, {"message": "a", "x": {"to": TO}}))
    with pytest.raises(CheckError, match=r"b\.jsonl: no column 'to' \(columns: 'message'\)"):
        run_check(str(recipients), to_column="to", workers=workers)


@pytest.mark.parametrize("workers", [1, 2])
def test_lines_ended_by_a_lone_cr_are_said_to_be(tmp_path, capsys, workers):
    path = write(tmp_path / "mac.jsonl", lines({"message": "a"}, {"message": "b"}).replace("\n", "\r"))
    with pytest.raises(CheckError, match=r"mac\.jsonl: the lines end with a lone CR \(\\r\)"):
        run_check(str(path), workers=workers)
    status, _, err = run(capsys, path, "--workers", workers)
    assert status == 2 and "JSON Lines lines end with \\n (or \\r\\n)" in err
    # One such line further on is that row's error, and says why; a CR inside a string is not one.
    crlf = lines({"message": "a"}, {"message": "b"}).replace("\n", "\r\n")
    stray = '{"message": "c"}\r{"message": "d"}\n{"message": "e\rf"}\n'
    errors, reasons = checked(write(tmp_path / "s.jsonl", crlf + stray), tmp_path, workers)
    assert errors == [0, 0, 422, 422]
    assert reasons[3].endswith("a lone CR (\\r) ends a line here: JSON Lines lines end with \\n")
    assert reasons[3].startswith("invalid JSON: Extra data") and "CR" not in reasons[4]
    # So on the first line too, where lines ended by \n follow it: not the whole file's.
    errors, reasons = checked(write(tmp_path / "f.jsonl", stray + crlf), tmp_path, workers)
    assert errors == [422, 422, 0, 0] and "a lone CR (\\r) ends a line here" in reasons[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_first_line_too_long_to_read_says_what_the_file_is(tmp_path, monkeypatch, workers):
    # Past MAX_ROW_BYTES a line is skipped unread: a whole file of objects ended by lone CRs, or
    # one JSON array, was one row's "line longer than" error (exit 1, the rest unchecked).
    monkeypatch.setattr(blocks, "MAX_ROW_BYTES", 1000)
    objects = [{"message": f"a {i}", "to": TO} for i in range(100)]
    mac = write(tmp_path / "mac.jsonl", lines(*objects).replace("\n", "\r"))
    with pytest.raises(CheckError, match=r"mac\.jsonl: the lines end with a lone CR"):
        run_check(str(mac), workers=workers)
    # With lines ended by \n after it, it is its row's error, as a shorter such line is.
    mixed = write(tmp_path / "mixed.jsonl", lines(*objects).replace("\n", "\r") + "\n" + lines(*objects[:2]))
    errors, reasons = checked(mixed, tmp_path, workers)
    assert errors == [422, 0, 0] and "a line longer than" in reasons[1]
    for name, text in [("big.jsonl", json.dumps(objects)), ("small.jsonl", json.dumps(objects[:2]))]:
        # An array of objects on one line, however long: a JSON document, not JSON Lines.
        with pytest.raises(CheckError, match=r"\.jsonl: the first line starts a JSON document .*jq -c"):
            run_check(str(write(tmp_path / name, text + "\n")), workers=workers)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_line_of_blanks_too_long_to_read_is_no_row(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(blocks, "MAX_ROW_BYTES", 1000)
    text = lines({"message": "a"}) + " \t" * 3000 + "\n" + lines({"message": "b"}, {"message": 5})
    errors, reasons = checked(write(tmp_path / "a.jsonl", text), tmp_path, workers)
    assert errors == [0, 0, 422] and list(reasons) == [3]
    # A line that is not blanks is its row's error, and the rows after it are numbered on.
    text = lines({"message": "a"}) + " " * 2000 + "x\n" + lines({"message": 5})
    errors, reasons = checked(write(tmp_path / "b.jsonl", text), tmp_path, workers)
    assert errors == [0, 422, 422] and "a line longer than" in reasons[2]
