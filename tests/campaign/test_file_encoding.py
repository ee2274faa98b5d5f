"""``--file-encoding`` for spreadsheet exports, and the error naming row and byte when a file that
is not UTF-8 is read without it."""

from __future__ import annotations

import gzip

import pytest
from campaign_files import MESSAGES, csv_text, jsonl_text, output_rows, run, summary, write

from nrs_codec.campaign import blocks, sources

TYPOGRAPHIC = ["Avançar já: 20 € de desconto’", "Olá ç", "«Promoção» – só hoje…", "Preço: 5 €"]


@pytest.mark.parametrize(("fmt", "make"), [("csv", csv_text), ("jsonl", jsonl_text)])
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_legacy_export_equals_its_utf8_twin(tmp_path, capsys, fmt, make, encoding):
    extra = TYPOGRAPHIC if encoding == "cp1252" else ["Olá ç", "Preço: 5 ¥"]
    messages = [m for m in MESSAGES + extra if m.encode(encoding, "ignore").decode(encoding) == m]
    assert len(messages) >= 5  # all but what the encoding cannot hold (😀, and € in latin-1)
    text = make(messages)
    twin = write(tmp_path / f"utf8.{fmt}", text.encode("utf-8"))
    legacy = write(tmp_path / f"legacy.{fmt}", text.encode(encoding, errors="strict"))
    assert b"\xe7" in legacy.read_bytes()  # ç as one byte: this is not UTF-8
    want = summary(capsys, twin, "--to-column", "to", "--output", tmp_path / "utf8.parquet")
    got = summary(
        capsys,
        legacy,
        "--to-column",
        "to",
        "--file-encoding",
        encoding,
        "--output",
        tmp_path / "legacy.parquet",
    )
    assert want["rows"] == len(messages) and want["encodings"]["gsm-pt"] >= 3
    assert {k: v for k, v in got.items() if k != "file"} == {k: v for k, v in want.items() if k != "file"}
    assert output_rows(tmp_path / "legacy.parquet") == output_rows(tmp_path / "utf8.parquet")


def test_without_the_option_the_error_names_row_and_byte(tmp_path, capsys):
    # Row 3 starts on line 5: a quoted message over two lines and a blank line come before it.
    head = b'id,message\n1,"ok"\n2,"two\nlines"\n\n'
    path = write(tmp_path / "c.csv", head + "3,Pre\u00e7o\n4,fine\n".encode("cp1252"))
    status, out, err = run(capsys, path, "--output", tmp_path / "out.csv")
    offset = len(head) + len("3,Pre")
    assert status == 2 and out == ""
    assert err == (
        f"nrs-codec check: {path}: row 3: byte 0xe7 at offset {offset:,} is not UTF-8 (a file saved by a "
        "spreadsheet program may be cp1252: try --file-encoding cp1252)\n"
    )
    assert not (tmp_path / "out.csv").exists()


def test_the_offset_is_in_the_decompressed_file_and_the_row_in_jsonl(tmp_path, capsys):
    lines = [jsonl_text([f"message {i}"]).strip() for i in range(5000)]
    lines[4321] = lines[4321].replace("message", "mensagem ç")
    text = "\n\n".join(lines).encode("utf-8")
    bad = text.index("ç".encode())
    path = write(tmp_path / "c.jsonl.gz", gzip.compress(text.replace("ç".encode(), b"\xe7")))
    status, _, err = run(capsys, path)
    assert status == 2 and f"c.jsonl.gz: row 4322: byte 0xe7 at offset {bad:,} is not UTF-8" in err, err


def test_a_bad_byte_in_the_header(tmp_path, capsys):
    path = write(tmp_path / "c.csv", "id,descrição,message\n1,a,b\n".encode("latin-1"))
    status, _, err = run(capsys, path)
    assert status == 2 and "c.csv: the header line: byte 0xe7 at offset 9 is not UTF-8" in err


def test_the_row_of_a_bad_byte_in_a_file_read_with_the_wrong_delimiter(tmp_path, capsys):
    # A semicolon export read as comma-separated: one column, none named "message"; the bad
    # byte is still row 150's, not the header's (the missing column is said once it is read).
    rows = [f"Olá {i};35191234{i:04d}" for i in range(1, 301)]
    text = "\r\n".join(["message;to", *rows]).encode("utf-8")
    bad = text.index(b"Ol\xc3\xa1 150;")
    path = write(tmp_path / "c.csv", text[:bad] + b"Ol\xe1" + text[bad + 4 :])
    for options in ((), ("--delimiter", ";"), ("--dask", "local:1", "--output", tmp_path / "out")):
        status, _, err = run(capsys, path, *options)
        assert status == 2 and f"c.csv: row 150: byte 0xe1 at offset {bad + 2:,} is not UTF-8" in err, err


def test_a_character_cut_by_a_chunk_boundary_is_still_one_character(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sources, "CHUNK_BYTES", 7)
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 7)  # a plain CSV file is read a block at a time
    monkeypatch.setattr(sources, "HEAD_BYTES", 5)
    messages = ["😀 ç € 日本", "ççççççç", "€" * 40]
    path = write(tmp_path / "c.csv", csv_text(messages))
    got = summary(capsys, path)
    assert got["rows"] == 3 and got["errors"] == {}


def test_a_byte_the_encoding_does_not_have(tmp_path, capsys):
    # 0x81 is one of the five bytes cp1252 leaves undefined.
    path = write(tmp_path / "c.csv", b"id,message\n1,ok\n2,a\x81b\n")
    status, _, err = run(capsys, path, "--file-encoding", "cp1252")
    assert status == 2 and "c.csv: row 2: byte 0x81 at offset 19 is not cp1252" in err
    # Deep in the file, after megabytes the engine transcoded through cp1252's table.
    head = "".join(f"{i},Olá ação nº {i} – {'x' * (i % 90)}\n" for i in range(60_000)).encode("cp1252")
    path = write(tmp_path / "d.csv", b"id,message\n" + head + b"60000,a\x81b\n")
    status, _, err = run(capsys, path, "--file-encoding", "cp1252")
    offset = len(b"id,message\n" + head) + len(b"60000,a")
    assert len(head) > 3 << 20
    assert status == 2 and f"d.csv: row 60001: byte 0x81 at offset {offset:,} is not cp1252" in err, err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("klingon", "--file-encoding 'klingon': unknown encoding (Python names such as cp1252"),
        ("base64", "--file-encoding 'base64' is not a text encoding"),
    ],
)
def test_an_unknown_encoding(tmp_path, capsys, option, message):
    status, _, err = run(capsys, write(tmp_path / "c.csv", csv_text()), "--file-encoding", option)
    assert status == 2 and message in err


def test_a_byte_order_mark(tmp_path, capsys):
    path = write(tmp_path / "c.csv", b"\xef\xbb\xbf" + csv_text().encode())
    assert summary(capsys, path)["rows"] == len(MESSAGES)
    assert summary(capsys, path, "--file-encoding", "utf-8")["rows"] == len(MESSAGES)
    status, _, err = run(capsys, path, "--file-encoding", "cp1252")
    assert status == 2 and "c.csv starts with a UTF-8 byte order mark and is UTF-8 text" in err
    jsonl = write(tmp_path / "c.jsonl", b"\xef\xbb\xbf" + jsonl_text().encode())
    assert summary(capsys, jsonl)["rows"] == len(MESSAGES)


def test_utf8_text_read_as_cp1252_is_refused(tmp_path, capsys):
    # Every "á" would be "Ã¡": the check answered (UTF-16, more parts) for text nobody wrote.
    utf8 = [
        ("id,message\n1,Olá, até já\n", "'á' in UTF-8 reads 'Ã¡'"),
        ("message\nПривет\n", "'П'"),
        ("message\nMulțumim, te așteptăm\n", "'ț' in UTF-8 reads 'È›'"),  # Romanian
        ("message\nOʻzbekiston\n", "'ʻ'"),  # Uzbek
        ("message\nPromoc\u0327a\u0303o\n", "'\u0327'"),  # decomposed: a letter and its accents
    ]
    for text, letter in utf8:
        path = write(tmp_path / "c.csv", text.encode())
        status, _, err = run(capsys, path, "--file-encoding", "cp1252")
        assert status == 2 and f"c.csv is UTF-8 text ({letter}" in err and "), not cp1252: leave out" in err
    assert summary(capsys, write(tmp_path / "a.csv", b"id,message\n1,ok\n"), "--file-encoding", "cp1252")
    # Text of a single-byte encoding that UTF-8 does not read whole, or reads as one letter of two
    # bytes alone (cp1252's "É…" is UTF-8's "Ʌ"), is the encoding's own.
    legacy = [
        ("mac-roman", "to,message\n351912345678,“Été”\n"),
        ("cp1252", "id,message\n1,OLÉ…\n"),
        ("cp1252", "id,message\n1,NESCAFÉ™ já\n2,NESCAFÉ™ Ü»\n"),  # "é" alone is no UTF-8
        ("cp1252", "id,message\n1,NESCAFÉ™\n2,NESCAFÉ™ e Ü»\n"),  # each one a letter of U+0180-U+07FF, alone
        ("cp1251", "message\nЕё\n"),  # UTF-8's "Ÿ"
        ("koi8-r", "message\nеё\n"),
        ("gbk", "message\n欧元\n"),
        ("shift_jis", "message\nﾅｶﾆｼ\n"),
    ]
    for encoding, text in legacy:
        path = write(tmp_path / "b.csv", text.encode(encoding))
        assert summary(capsys, path, "--file-encoding", encoding)["rows"] == text.count("\n") - 1


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_utf8_mark_on_cp1252_text_is_left_out(tmp_path, capsys, suffix):
    # A spreadsheet's cp1252 export with a UTF-8 mark put before it: without the option the error
    # says which option reads it, and with it the mark is no part of the first column's name.
    text = "id,message\n1,Olá até já\n" if suffix == ".csv" else '{"message": "Olá até já"}\n'
    path = write(tmp_path / f"c{suffix}", b"\xef\xbb\xbf" + text.encode("cp1252"))
    status, _, err = run(capsys, path)
    assert status == 2 and "try --file-encoding cp1252, which leaves the mark out" in err
    got = summary(capsys, path, "--file-encoding", "cp1252")
    assert (got["rows"], got["errors"], got["encodings"]) == (1, {}, {"gsm-pt": 1})


def test_parquet_has_no_file_encoding(tmp_path, capsys):
    status, _, err = run(capsys, write(tmp_path / "c.parquet", b"PAR1"), "--file-encoding", "cp1252")
    assert status == 2 and "--file-encoding is for CSV and JSON Lines" in err


def test_bytes_not_utf8_out_of_a_compressed_file_may_be_damage(tmp_path, capsys):
    # gzip's checksum is read at the end: damage inside the stream first shows as bytes that are
    # not text, and the advice names that as well as a legacy encoding.
    path = write(tmp_path / "c.csv.gz", gzip.compress("id,message\n1,Pre\u00e7o\n".encode("cp1252")))
    status, _, err = run(capsys, path)
    assert status == 2
    assert "byte 0xe7 at offset 16 is not UTF-8 (the gzip data may be damaged, or a file saved" in err
