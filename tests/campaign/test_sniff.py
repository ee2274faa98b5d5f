"""A file whose content is not what its name says gets an error saying what it is."""

from __future__ import annotations

import gzip
import io
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import compress, run, write

from nrs_codec.campaign.sniff import kind_of


def parquet_bytes() -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table({"message": ["olá"]}), sink)
    return sink.getvalue()


def zipped(*names: str) -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as z:
        for name in names:
            z.writestr(name, "id,message\n1,hi\n")
    return sink.getvalue()


XLSX = zipped("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "c.csv",
            gzip.compress(b"id,message\n"),
            "c.csv is gzip-compressed data, not CSV: name it {d}/c.csv.gz",
        ),
        (
            "c.jsonl",
            compress(b"{}\n", ".zst"),
            "c.jsonl is Zstandard-compressed data, not JSON Lines: name it",
        ),
        (
            "c.csv",
            parquet_bytes(),
            "c.csv is a Parquet file (it starts with PAR1), not CSV: name it .parquet",
        ),
        (
            "c.csv",
            XLSX,
            "c.csv is an Excel workbook (.xlsx, a zip archive), not CSV: save the sheet as 'CSV UTF-8'",
        ),
        ("c.csv", zipped("campaign.csv"), "c.csv is a zip archive, not CSV: unzip it"),
        ("c.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an Excel 97-2003 workbook (.xls)"),
        ("c.csv", b"%PDF-1.7\n" + bytes(10), "c.csv is a PDF document, not CSV"),
        (
            "c.txt",
            "id\tmessage\n1\tolá\n".encode("utf-16"),
            "UTF-16 text (it starts with a UTF-16 byte order mark)",
        ),
        ("c.csv", "id,message\n1,olá\n".encode("utf-16-le"), "use --file-encoding utf-16-le"),
        ("c.jsonl", '{"message": "a"}\n'.encode("utf-16-be"), "use --file-encoding utf-16-be"),
        ("c.csv", bytes(300), "c.csv is binary data, not text, not CSV"),
        (
            "c.parquet",
            b"id,message\n1,hi\n",
            "c.parquet is not a Parquet file: it is plain text; if it is CSV",
        ),
        ("c.parquet", gzip.compress(parquet_bytes()), "Parquet compresses its columns itself"),
        ("c.parquet", XLSX, "c.parquet is not a Parquet file: it is an Excel workbook"),
        ("c.parquet", b"", "c.parquet is empty: expected a Parquet file"),
    ],
)
def test_content_that_does_not_match_its_name(tmp_path, capsys, name, data, message):
    status, out, err = run(capsys, write(tmp_path / name, data))
    assert status == 2 and out == ""
    assert message.format(d=tmp_path) in err, err


def test_a_utf16_export_reads_with_its_encoding(tmp_path, capsys):
    # Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated.
    path = write(tmp_path / "c.txt", "id\tmessage\n1\tOlá\n2\tPão €\n".encode("utf-16"))
    status, out, _ = run(capsys, path, "--file-encoding", "utf-16", "--delimiter", "\t")
    assert status == 0 and "2 rows" in out and "gsm-pt 2" in out


def test_nul_bytes_in_a_text_file_are_text(tmp_path, capsys):
    # A few NULs are a row's content (analysed as such), not a reason to call the file binary.
    path = write(tmp_path / "c.csv", b"id,message\n1,a\x00b\n2,ok\n")
    status, out, _ = run(capsys, path)
    assert status == 0 and "2 rows" in out and "utf-16 1" in out


def test_kinds():
    assert kind_of(b"") == "text"
    assert kind_of(b"id,message\n") == "text"
    assert kind_of(b"\x1f\x8b\x08") == "gzip"
    assert (
        kind_of(b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
        == "ods"
    )
    assert kind_of("message\n".encode("utf-16-le")) == "utf-16-le"
