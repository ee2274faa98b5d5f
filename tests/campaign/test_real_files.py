"""Campaign files as users have them: line endings, a last line without newline, quoted newlines,
empty and header-only files, very long rows, NUL bytes, quotes left open, JSON that is not JSON
Lines. Every row is kept and numbered right; what cannot be read is named with where."""

from __future__ import annotations

import gzip
import io
import json
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import MESSAGES, csv_text, jsonl_text, output_rows, run, summary, write

from nrs_codec.campaign import blocks, check, csv_reader


def same_check(capsys, tmp_path, a, b):
    """Two files give the same summary and the same per-row results."""
    want = summary(capsys, a, "--to-column", "to", "--output", tmp_path / "a.parquet")
    got = summary(capsys, b, "--to-column", "to", "--output", tmp_path / "b.parquet")
    assert {k: v for k, v in got.items() if k != "file"} == {k: v for k, v in want.items() if k != "file"}
    assert output_rows(tmp_path / "a.parquet") == output_rows(tmp_path / "b.parquet")
    return want


@pytest.mark.parametrize(("fmt", "make"), [("csv", csv_text), ("jsonl", jsonl_text)])
def test_crlf_and_no_final_newline(tmp_path, capsys, fmt, make):
    text = make()
    unix = write(tmp_path / f"unix.{fmt}", text)
    assert (
        same_check(capsys, tmp_path, unix, write(tmp_path / f"dos.{fmt}", text.replace("\n", "\r\n")))["rows"]
        == 6
    )
    same_check(capsys, tmp_path, unix, write(tmp_path / f"cut.{fmt}", text.rstrip("\n")))
    same_check(
        capsys, tmp_path, unix, write(tmp_path / f"dos-cut.{fmt}", text.replace("\n", "\r\n").rstrip())
    )


def test_quoted_newlines_keep_row_numbers(tmp_path, capsys):
    path = write(
        tmp_path / "c.csv",
        'id,message\r\n1,"first\r\nline"\r\n\r\n2,"a ""quoted"" word, and\nmore"\r\n3,x,too many\r\n4,"Pão"',
    )
    out = tmp_path / "out.parquet"
    status, text, _ = run(capsys, path, "--output", out)
    assert status == 1 and "4 rows" in text and "row 3: malformed CSV row: 3 fields, expected 2" in text
    assert pq.read_table(out).column("row").to_pylist() == [1, 2, 4]
    assert pq.read_table(out).column("units").to_pylist() == [11, 25, 3]  # "first\r\nline" is 11


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "empty.csv is empty: expected a header line and rows"),
        ("bom.csv", b"\xef\xbb\xbf", "bom.csv is empty"),
        ("blank.csv", b"\r\n\n  \n", "blank.csv is empty"),
        ("empty.csv.gz", gzip.compress(b""), "empty.csv.gz is empty"),
        ("empty.jsonl", b"", "empty.jsonl is empty: expected one JSON object per line"),
        ("bom.jsonl", b"\xef\xbb\xbf\n", "bom.jsonl is empty"),
    ],
)
def test_empty_files(tmp_path, capsys, name, data, message):
    status, out, err = run(capsys, write(tmp_path / name, data))
    assert status == 2 and out == "" and message in err, err


@pytest.mark.parametrize(
    "content", ["id,message\n", "id,message", "\ufeffid,message\r\n", "\n\nid,message\n\n"]
)
def test_header_only_is_zero_rows(tmp_path, capsys, content):
    status, out, _ = run(capsys, write(tmp_path / "h.csv", content.encode()))
    assert status == 0 and "0 rows" in out and "errors       none" in out


def test_a_missing_column_of_a_compressed_file_lists_the_real_ones(tmp_path, capsys):
    status, _, err = run(capsys, write(tmp_path / "c.csv.gz", gzip.compress(b'id,"te\nxt"\n1,hi\n')))
    assert status == 2 and "no column 'message' (columns: 'id', 'te\\nxt')" in err


def test_a_missing_column_beside_a_huge_header_field(tmp_path, capsys):
    status, _, err = run(capsys, write(tmp_path / "c.csv", "id," + "x" * 200_000 + ",text\n1,2,3\n"))
    assert status == 2 and "no column 'message' (columns: 'id', 'xxxx" in err and "'text')" in err


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_10_mb_message_is_one_row_with_error_105(tmp_path, capsys, fmt):
    messages = ["before", "x" * (10 << 20), "after ç", "last"]
    path = write(tmp_path / f"c.{fmt}", csv_text(messages) if fmt == "csv" else jsonl_text(messages))
    out = tmp_path / "out.parquet"
    got = summary(capsys, path, "--output", out)
    assert got["rows"] == 4 and got["errors"]["105"]["rows"] == 1
    assert got["errors"]["105"]["examples"] == [
        {"row": 2, "why": "message of 10485760 characters needs more than 255 parts"}
    ]
    table = pq.read_table(out)
    assert table.column("row").to_pylist() == [1, 2, 3, 4]
    assert table.column("error").to_pylist() == [0, 105, 0, 0]


def test_long_rows_between_block_boundaries(tmp_path, capsys, monkeypatch):
    # Small blocks: the long rows force reading again with larger ones; rows already handed out
    # (malformed ones too) are neither lost nor counted twice.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 512)
    messages = [f"{m} {i}" for i in range(40) for m in MESSAGES]
    messages[50] = "y" * 5000
    messages[200] = "z" * 100_000
    lines = csv_text(messages).split("\n")
    lines[30] = "bad,row"
    lines[150] = "another,bad,row,here"
    path = write(tmp_path / "c.csv", "\n".join(lines))
    out = tmp_path / "out.parquet"
    got = summary(capsys, path, "--output", out)
    assert got["rows"] == 240
    assert [e["row"] for e in got["errors"]["422"]["examples"]] == [30, 150]
    table = pq.read_table(out)
    assert table.column("row").to_pylist() == [r for r in range(1, 241) if r not in (30, 150)]
    assert table.column("units").to_pylist()[49] == 5000
    assert table.column("error").to_pylist()[198] == 105  # row 201: 100,000 characters


def test_crlf_in_quoted_fields_whatever_the_block_boundaries(tmp_path, capsys, monkeypatch):
    # A Windows export with messages over several lines: pyarrow drops the "\n" of a "\r\n" that
    # a block boundary splits, even inside quotes, unless blocks never end on "\r".
    messages = [f"Linha {i}\r\ncontinua\r\n\r\nfim {'x' * (i % 7)}" for i in range(12)]
    path = write(tmp_path / "c.csv", csv_text(messages).replace("\n", "\r\n").replace("\r\r", "\r"))
    out = tmp_path / "out.parquet"
    summary(capsys, path, "--output", out)
    want = output_rows(out)
    assert [r["units"] for r in want] == [len(m) for m in messages]
    for size in range(40, 100):
        monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", size)
        summary(capsys, path, "--output", out)
        assert output_rows(out) == want, size


def test_where_pyarrow_loses_its_way_the_blocks_move(tmp_path, capsys, monkeypatch):
    # Found by fuzz/fuzz_campaign.py: NUL bytes and a blank line in a quoted field, cut by a block
    # boundary there, make pyarrow's parser disagree with its chunker ("got out of sync").
    content = b"message\no" + bytes(8) + b',"ge\n\n12345678a) """"\n34261345678a) b,y,",345678"}\nz\n\n'
    path = write(tmp_path / "c.csv", content)
    want = summary(capsys, path)
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 32)
    assert summary(capsys, path) == want
    assert want["rows"] == 2 and want["errors"]["422"]["rows"] == 1


def test_a_row_longer_than_the_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1024)
    monkeypatch.setattr(blocks, "MAX_ROW_BYTES", 1 << 16)
    messages = ["ok", "x" * (1 << 17), "ok too"]
    status, _, err = run(capsys, write(tmp_path / "c.csv", csv_text(messages)))
    assert status == 2 and "c.csv: row 2 is longer than 0.0625 MiB (is a quote left open?)" in err
    got = summary(capsys, write(tmp_path / "c.jsonl", jsonl_text(messages)))
    assert got["rows"] == 3 and got["errors"]["422"]["rows"] == 1
    assert got["errors"]["422"]["examples"] == [
        {"row": 2, "why": "invalid JSON: a line longer than 0.0625 MiB"}
    ]


@pytest.mark.parametrize("reading", ["as the check chooses", "one reader", "whole", "on workers"])
def test_words_a_spreadsheet_writes_for_nothing_are_text_in_csv(tmp_path, capsys, monkeypatch, reading):
    # pyarrow reads "N/A", "NULL", "nan"... as null by default; to the provider they are text, as
    # they are in JSON Lines. Only an empty CSV field is no value.
    words = ["N/A", "NULL", "nan", "#N/A", "NA", "null", "-NaN", "1.#QNAN"]
    lines = "to,message\n" + "".join(f"{w},{w}\n" for w in words) + ",\n"
    if reading == "one reader":
        monkeypatch.setattr(check, "read_whole", lambda file: False)
        monkeypatch.setattr(check, "read_on_workers", lambda file, workers: False)
    elif reading == "whole":
        monkeypatch.setattr(check, "read_whole", lambda file: True)
    elif reading == "on workers":
        monkeypatch.setattr(check, "read_whole", lambda file: False)
        monkeypatch.setattr(check, "read_on_workers", lambda file, workers: True)
    path = write(tmp_path / "c.csv", lines)
    got = summary(capsys, path, "--to-column", "to", "--workers", "4", "--output", tmp_path / "o.parquet")
    rows = output_rows(tmp_path / "o.parquet")
    assert [r["recipient"] for r in rows] == [*words, None]
    assert [(r["encoding"], r["error"]) for r in rows] == [("gsm", 102)] * len(words) + [(None, 104)]
    assert got["errors"]["104"]["rows"] == 1
    jsonl = "".join(json.dumps({"to": w, "message": w}) + "\n" for w in words)
    summary(
        capsys, write(tmp_path / "c.jsonl", jsonl), "--to-column", "to", "--output", tmp_path / "j.parquet"
    )
    assert output_rows(tmp_path / "j.parquet") == rows[: len(words)]


def test_nul_bytes(tmp_path, capsys):
    got = summary(capsys, write(tmp_path / "c.csv", b"id,message\n1,a\x00b\n2,\x00\n3,ok\n"))
    assert got["rows"] == 3 and got["errors"] == {} and got["encodings"] == {"gsm": 1, "utf-16": 2}
    lines = b'{"message": "a\x00b"}\n{"message": "a\\u0000b"}\n{"message": "ok"}\n'
    got = summary(capsys, write(tmp_path / "c.jsonl", lines))
    assert got["rows"] == 3 and got["errors"]["422"]["examples"][0]["row"] == 1  # a raw NUL is not JSON
    assert got["encodings"] == {"gsm": 1, "utf-16": 1}


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_a_quote_left_open_is_named(tmp_path, capsys, eol):
    # Its line as an editor counts lines, whichever line breaks the file has: lone CRs were no
    # line break, and it was said to be on line 1.
    text = 'id,message,name\n1,hi,Ann\n2,hello,"Jo\n3,hey,Bea\n4,yo,Cy\n'.replace("\n", eol)
    path = write(tmp_path / "c.csv", text)
    status, _, err = run(capsys, path, "--output", tmp_path / "out.csv")
    assert status == 2 and not (tmp_path / "out.csv").exists()
    assert "c.csv: row 2 (line 3 of the file) opens a quoted field that is never closed" in err


@pytest.mark.parametrize("chunk", [1, 2, 3, 1 << 20])
def test_lines_are_counted_in_chunks_that_cut_a_cr_lf(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(csv_reader, "CHUNK_BYTES", chunk)
    text = b'id,m\r\n1,a\r2,b\n3,"c\r\n4,d\r\n'
    path = write(tmp_path / "c.csv", text)
    for offset in range(len(text) + 1):  # a partition's first line is counted after those before
        assert csv_reader._lines_before(str(path), offset) == len(re.findall(rb"\r\n|\r|\n", text[:offset]))
    assert csv_reader._unclosed_quote(io.BytesIO(text), b",") == 4


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz"])
def test_a_quote_left_open_after_a_quote_that_is_a_character(tmp_path, capsys, suffix):
    # The quote inside row 1's unquoted field is a character, so the file's quotes are even, yet
    # the one that opens row 3's field is never closed: named all the same, compressed too.
    text = b'id,message,name\n1,say "hi,Ann\n2,hello,Bo\n3,hey,"Bea\n4,yo,Cy\n'
    path = tmp_path / f"c{suffix}"
    pack = gzip.compress if suffix.endswith(".gz") else bytes
    path.write_bytes(pack(text))
    status, _, err = run(capsys, path)
    assert status == 2
    assert f"c{suffix}: row 3 (line 4 of the file) opens a quoted field that is never closed" in err
    # The same stray quote with every field closed is a character and no error.
    path.write_bytes(pack(text.replace(b'"Bea', b'"Bea"')))
    got = summary(capsys, path)
    assert got["rows"] == 4 and got["errors"] == {}


@pytest.mark.parametrize(
    "content",
    [
        'id,message\n1,a 5" screen\n2,ok\n3,x\n',  # inside an unquoted field a quote is a character
        'id,message\n1,"a ""b"" c"\n2,"d"x"\n3,ok\n',  # after a closing quote too
        'id,message\n"1","x"\n2,"say ""hi"""\n3, "spaced\n',  # a space before the quote: a character
    ],
)
def test_quotes_that_close_or_need_not(tmp_path, capsys, content):
    got = summary(capsys, write(tmp_path / "c.csv", content))
    assert got["rows"] == 3


def test_json_that_is_not_json_lines(tmp_path, capsys):
    array = json.dumps([{"message": m} for m in MESSAGES], indent=2)
    status, _, err = run(capsys, write(tmp_path / "a.jsonl", array))
    assert (
        status == 2
        and "a.jsonl: the first line starts a JSON document spread over lines (or an array)" in err
    )
    status, _, err = run(capsys, write(tmp_path / "o.jsonl", json.dumps({"message": "hi"}, indent=2)))
    assert status == 2 and "o.jsonl: the first line starts a JSON document" in err
    deep = b'{"message": "ok"}\n' + b"[" * 100_000 + b"\n" + b'{"message": "ok"}\n'
    got = summary(capsys, write(tmp_path / "d.jsonl", deep))
    assert got["rows"] == 3 and got["errors"]["422"]["examples"] == [
        {"row": 2, "why": "invalid JSON: nested too deeply"}
    ]


def test_text_arrow_cannot_hold(tmp_path, capsys):
    # "\ud800" is valid JSON but a lone surrogate: a row error, not a crash writing the output.
    lines = b'{"message": "\\ud800", "to": "351912345678"}\n{"message": "ok", "to": "\\udc00"}\n'
    out = tmp_path / "out.parquet"
    got = summary(capsys, write(tmp_path / "c.jsonl", lines), "--to-column", "to", "--output", out)
    assert got["rows"] == 2 and got["errors"]["422"]["rows"] == 1 and got["errors"]["102"]["rows"] == 1
    assert pq.read_table(out).column("recipient").to_pylist() == ["351912345678", "\\udc00"]


def test_a_damaged_parquet_file(tmp_path, capsys):
    path = tmp_path / "c.parquet"
    messages = [f"message {i} " * 5 for i in range(50_000)]
    pq.write_table(pa.table({"message": messages}), path, row_group_size=5000, compression="none")
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4000] = b"A" * 4000
    status, _, err = run(capsys, write(path, bytes(data)))
    assert status == 2 and "c.parquet: cannot read the Parquet data (" in err


def test_a_damaged_row_group_among_many_small_ones_counts_the_rows_before_it(tmp_path, capsys):
    path = tmp_path / "c.parquet"
    with pq.ParquetWriter(path, pa.schema([("message", pa.string())])) as writer:
        for group in range(300):  # read a run of groups at a time, the damaged one found alone
            writer.write_table(pa.table({"message": [f"message {group} {i}" for i in range(100)]}))
    column = pq.ParquetFile(path).metadata.row_group(117).column(0)
    data = bytearray(path.read_bytes())
    at = (column.dictionary_page_offset or column.data_page_offset) + 20
    for j in range(8):
        data[at + j] ^= 0x5A
    status, _, err = run(capsys, write(path, bytes(data)))
    assert status == 2 and "c.parquet: cannot read the Parquet data (11,700 rows read)" in err, err


def test_a_parquet_value_past_its_dictionary(tmp_path, capsys):
    """A damaged page whose dictionary index points past the dictionary: said, not a traceback
    (a small row group is read as dictionaries, which Arrow does not check)."""
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"message": ["a", "b", "c", "a", "b", "c", "a", "b"]}), path, compression="none")
    data = bytearray(path.read_bytes())
    data[71] = 0xFF  # in the data page's indices, after the dictionary page of "a", "b", "c"
    status, _, err = run(capsys, write(path, bytes(data)))
    assert status == 2 and "c.parquet: cannot read the Parquet data (0 rows read)" in err, err


def test_a_file_this_user_may_not_read(tmp_path, capsys, monkeypatch):
    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(pa, "OSFile", refuse)  # root may read anything: a chmod cannot test this
    status, _, err = run(capsys, write(tmp_path / "c.csv", csv_text()))
    assert status == 2 and f"cannot read {tmp_path / 'c.csv'}: Permission denied" in err
