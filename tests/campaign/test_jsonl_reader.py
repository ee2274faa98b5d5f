"""JSON Lines read a block at a time by pyarrow gives what ``json.loads`` gives line by line, and
every other piece is read line by line: the two ways hold to one answer on arbitrary pieces, and
the pieces pyarrow refuses or misreads (two objects on a line, a key twice, a float recipient...)
are seen to take the slow way."""

from __future__ import annotations

import json
from unittest import mock

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import filebytes, jsonl_columns
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.jsonl_columns import Columns


def values(column) -> list:
    return column.to_pylist() if isinstance(column, pa.Array) else list(column)


def both_ways(piece: bytes, message="message", to="to"):
    """The block pyarrow makes of ``piece`` (None where it declines) and the line-by-line one."""
    count, odd = filebytes.json_rows(piece)
    rows = np.arange(1, count + 1, dtype=np.int64)
    columns = Columns(message, to)
    by_line = columns.by_line(piece, rows)
    read = None if odd else columns.arrow(piece, count)
    return read, by_line


def agree(piece: bytes, message="message", to="to") -> bool:
    """Whether pyarrow read ``piece``; where it did, its values are the line-by-line ones."""
    read, by_line = both_ways(piece, message, to)
    if read is None:
        return False
    assert not by_line.malformed, piece
    assert values(read[0]) == values(by_line.messages), piece
    assert (read[1] is None) == (by_line.recipients is None)
    if read[1] is not None:
        assert values(read[1]) == values(by_line.recipients), piece
    return True


SCALAR = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=2**63, max_value=2**70),
    st.floats(allow_nan=True),
    st.booleans(),
)
VALUE = st.one_of(
    SCALAR, st.lists(SCALAR, max_size=2), st.dictionaries(st.text(max_size=3), SCALAR, max_size=2)
)
OBJECT = st.dictionaries(st.sampled_from(["message", "to", "id", "mess\u0061ge"]), VALUE, max_size=3)


@st.composite
def lines(draw) -> bytes:
    """A line as senders' tools write one, or one of the ways a line goes wrong."""
    obj = draw(OBJECT)
    text = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    kind = draw(
        st.sampled_from(["plain"] * 8 + ["blank", "indented", "two", "twice", "bom", "broken", "raw"])
    )
    if kind == "blank":
        return draw(st.sampled_from([b"", b"  ", b"\t\r", b"\x0b"]))
    if kind == "indented":
        return b"  " + text.encode() + b" \r"
    if kind == "two":
        return (text + " " + text).encode()
    if kind == "twice" and obj:
        key = next(iter(obj))
        return (text[:-1] + (", " if len(obj) else "") + json.dumps(key) + ': "again"}').encode()
    if kind == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if kind == "broken":
        return text.encode()[: draw(st.integers(0, max(0, len(text) - 1)))]
    if kind == "raw":
        return draw(st.sampled_from([b'{"message": "a\tb"}', b'{"message": "\\ud800"}', b"[1]", b"3", b"{"]))
    return text.encode()


@settings(max_examples=400, deadline=None)
@given(st.lists(lines(), max_size=12), st.booleans(), st.booleans())
def test_pyarrow_reads_a_piece_only_as_json_loads_reads_its_lines(rows, integers, short_runs):
    piece = b"\n".join(rows) + b"\n"
    # Runs of recipients of one type as short as one row read by pyarrow, or not (as it is).
    with mock.patch.object(jsonl_columns, "RUN_ROWS", 0 if short_runs else jsonl_columns.RUN_ROWS):
        check_both_ways(piece, integers)


def check_both_ways(piece: bytes, integers: bool) -> None:
    _, by_line = both_ways(piece)
    agree(piece)
    # The recipients tried as integers first reach the same answer, where pyarrow reads them
    # (where the first row's type is guessed wrong, a run may end up too short to read).
    columns = Columns("message", "to")
    columns.to_integers = integers
    count, odd = filebytes.json_rows(piece)
    again = None if odd else columns.arrow(piece, count)
    if again is not None:
        assert values(again[0]) == values(by_line.messages)
        assert values(again[1]) == values(by_line.recipients)


@pytest.mark.parametrize(
    "lines, read",
    [
        (['{"message": "Olá", "to": "351912345678"}', '{"to": "34612345678"}', "", "  "], True),
        (['{"message": "a", "to": 351912345678}', '{"message": "b", "to": null}'], True),
        (['{"message": "a", "to": 351912345678}', '{"message": "b", "to": "351"}'], False),  # runs too short
        (['{"message": "a", "to": 3.5e11}'], False),  # str(3.5e11) is Python's
        (['{"message": "a", "to": true}'], False),
        (['{"message": 42}'], False),  # not text: 422, line by line
        (['{"message": "a"} {"message": "b"}', ""], False),  # two objects, one line
        (['{"message": "a", "message": "b"}'], False),  # json.loads keeps the last
        (['\ufeff{"message": "a"}'], False),  # a byte order mark mid-file is no JSON
        (['{"message": "\\ud83d\\ude00 \\u00e9"}'], True),
        (['{"message": "\\ud800"}'], False),  # a lone surrogate
        (['{"message": "a", "x": NaN}'], True),  # both take NaN where no column needs it
        (['{"message": "a", "x": [[[[1]]]], "y": {"z": null}}'], True),
    ],
)
def test_which_pieces_pyarrow_reads(lines, read):
    piece = "\n".join(lines).encode() + b"\n"
    assert agree(piece) is read


def test_a_line_deeper_than_python_parses_is_read_by_pyarrow():
    deep = '{"message": "a", "to": 351912345678, "x": ' + "[" * 5000 + "]" * 5000 + "}"
    piece = f'{deep}\n{{"message": "b", "to": "x"}}\n{{"message": 1}}\n'.encode()
    read, by_line = both_ways(piece)
    assert read is None  # a message that is not text: line by line, where json.loads cannot go
    assert by_line.messages == ["a", "b", 1] and by_line.recipients == ["351912345678", "x", None]
    assert not by_line.malformed


def test_recipients_of_two_types_are_read_in_runs():
    # Integers with now and then a number written as text: pyarrow reads the piece in runs.
    lines = [{"message": f"m{i}", "to": 351912345000 + i} for i in range(2000)]
    for i in (0, 1, 700, 701, 1999):
        lines[i]["to"] = f"+{lines[i]['to']}"
    piece = "".join(json.dumps(line) + "\n\n" for line in lines).encode()
    columns = Columns("message", "to")
    read = columns.arrow(piece, 2000)
    assert read is not None and read[1].to_pylist() == [str(line["to"]) for line in lines]
    assert read[0].to_pylist() == [f"m{i}" for i in range(2000)]
    assert agree(piece) and not columns.to_integers  # the last run's type, for the next piece
    # A change every few rows: line by line, which costs less than so many reads.
    for line in lines[::3]:
        line["to"] = str(line["to"])
    piece = "".join(json.dumps(line) + "\n" for line in lines).encode()
    assert Columns("message", "to").arrow(piece, 2000) is None


def test_the_message_column_as_the_recipient_column():
    piece = b'{"message": "351912345678"}\n{"message": null}\n'
    assert agree(piece, "message", "message")
    assert not agree(b'{"message": 351912345678}\n', "message", "message")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [b"{}", b"", b" ", b"\t\r", b"\x0b\x0c", b"x", b" {", b"\xc3\xa9", b"\xef\xbb\xbf{", b"{ x"]
            + [b"}", b"{} \r", b"{}{}", b"} {", b"{\x0b}\x0c", b"{ x}"]
        ),
        max_size=20,
    )
)
def test_rows_are_the_lines_that_are_not_blank(parts):
    for end in (b"", b"\n"):
        data = b"\n".join(parts) + end
        rows = [line.strip() for line in data.split(b"\n") if line.strip()]
        want = (len(rows), sum(not (line.startswith(b"{") and line.endswith(b"}")) for line in rows))
        assert filebytes.json_rows(data) == filebytes.json_rows(data, twin=True) == want
        assert filebytes.line_ends(data) == filebytes.line_ends(data, twin=True) == data.count(b"\n")
        # Where each row ends: after the line break of its line (the end of data for the last).
        ends, at = [], 0
        for line in data.split(b"\n"):
            at = min(len(data), at + len(line) + 1)
            if line.strip():
                ends.append(at)
        for k in range(len(ends) + 2):
            want = ends[k - 1] if 0 < k <= len(ends) else (0 if k == 0 else len(data))
            assert filebytes.json_row_end(data, k) == filebytes.json_row_end(data, k, twin=True) == want


def test_numbers_as_recipients_cost_as_text_does(tmp_path):
    # A nightly file of integer recipients goes through pyarrow; the same file with the
    # recipients quoted gives the same per-row output, as does one that mixes the two.
    rows = [(f"Olá {i}", 351912345000 + i if i % 7 else 34612345000 + i) for i in range(3000)]
    prices = tmp_path / "prices.csv"
    prices.write_text("destination,price,currency\nPT,0.04,EUR\nES,0.05,EUR\n")
    tables = []
    for name, quote in (
        ("int", lambda i, to: to),
        ("str", lambda i, to: str(to)),
        ("mix", lambda i, to: str(to) if i == 2500 else to),
    ):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(
            "".join(json.dumps({"message": m, "to": quote(i, to)}) + "\n" for i, (m, to) in enumerate(rows))
        )
        out = tmp_path / f"{name}.parquet"
        from nrs_codec.campaign.check import load_price_table

        report = run_check(
            str(path), to_column="to", prices=load_price_table(str(prices)), output=str(out), workers=2
        )
        summary = report.to_dict()
        del summary["file"]
        tables.append((summary, pq.read_table(out)))
    assert tables[0][0] == tables[1][0] == tables[2][0]
    assert tables[0][1].equals(tables[1][1]) and tables[0][1].equals(tables[2][1])
    assert tables[0][0]["costByCountry"][0]["rows"] + tables[0][0]["costByCountry"][1]["rows"] == 3000


def _same(values_: list) -> list:
    """Values compared as equal where both are NaN (json.loads makes a new one each time)."""
    return ["NaN" if isinstance(v, float) and v != v else v for v in values_]


@settings(max_examples=300, deadline=None)
@given(st.lists(lines(), max_size=30), st.sampled_from([0, 1, 8]))
def test_a_piece_read_around_the_lines_pyarrow_refuses_reads_as_line_by_line(rows, alone):
    piece = b"\n".join(rows) + b"\n"
    count, odd = filebytes.json_rows(piece)
    numbers = np.arange(1, count + 1, dtype=np.int64)
    with mock.patch.object(jsonl_columns, "REFUSED_ALONE", alone):  # lines refused alone, at most
        got = Columns("message", "to").parse(piece, numbers, odd)
    want = Columns("message", "to").by_line(piece, numbers)
    assert _same(values(got.messages)) == _same(values(want.messages)), piece
    assert _same(values(got.recipients)) == _same(values(want.recipients)), piece
    assert got.malformed == want.malformed and list(got.rows) == list(numbers)


def test_a_few_bad_lines_leave_the_rest_of_the_piece_to_pyarrow(monkeypatch):
    # Each line pyarrow refuses went with its whole piece (up to 65,536 lines) line by line.
    good = [json.dumps({"message": f"Olá {i}", "to": "351912345678"}) for i in range(1000)]
    good[300] = '{"message": "a line cut short'
    good[700] = '{"to": 351912345678, "message": 5}'  # a number for a message: 422, as json.loads says
    piece = "\n".join(good).encode() + b"\n"
    by_line = Columns.by_line
    lines_alone = []

    def noted(self, part, rows, known=()):
        lines_alone.append(len(rows))
        return by_line(self, part, rows, known)

    monkeypatch.setattr(Columns, "by_line", noted)
    block = Columns("message", "to").parse(piece, np.arange(1, 1001, dtype=np.int64), 0)
    assert lines_alone == [1, 1]
    assert sorted(block.malformed) == [301]  # the number is the analysis's 422, not a malformed line
    assert values(block.messages)[700] == 5 and values(block.messages)[699] == "Olá 699"
