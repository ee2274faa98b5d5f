"""Compressed campaign files (``campaign.csv.gz``...) read as they are, streamed, and corrupt or
truncated ones named with where they break."""

from __future__ import annotations

import gzip
import os
import random
import tracemalloc

import pytest
from campaign_files import CODECS, compress, csv_text, jsonl_text, output_rows, run, summary, write

from nrs_codec.campaign import blocks, gunzip, sources
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.readers import READERS, file_format
from nrs_codec.campaign.sources import TextFile

MANY = [f"Mensagem nº {i}: olá {'€' * (i % 7)} {'x' * (i % 170)}" for i in range(3000)]


@pytest.mark.parametrize("suffix", sorted(CODECS))
@pytest.mark.parametrize(("fmt", "text"), [("csv", csv_text(MANY)), ("jsonl", jsonl_text(MANY))])
def test_compressed_equals_plain(tmp_path, capsys, suffix, fmt, text):
    plain = write(tmp_path / f"c.{fmt}", text)
    packed = write(tmp_path / f"c.{fmt}{suffix}", compress(text.encode(), suffix))
    assert packed.read_bytes() != plain.read_bytes()
    want = summary(capsys, plain, "--to-column", "to", "--output", tmp_path / "plain.parquet")
    got = summary(capsys, packed, "--to-column", "to", "--output", tmp_path / "packed.parquet")
    assert want["rows"] == 3000 and want["totalSmsParts"] > 3000
    assert {k: v for k, v in got.items() if k != "file"} == {k: v for k, v in want.items() if k != "file"}
    assert output_rows(tmp_path / "packed.parquet") == output_rows(tmp_path / "plain.parquet")


def test_format_is_the_suffix_before_the_compression():
    assert file_format("campaign.csv.gz", None) == "csv"
    assert file_format("Campaign.JSONL.ZST", None) == "jsonl"
    assert file_format("campaign.gz", "csv") == "csv"
    with pytest.raises(CheckError, match="cannot tell the format from the suffix ''"):
        file_format("campaign.gz", None)
    with pytest.raises(CheckError, match="c.parquet.gz: .*Parquet compresses its columns itself"):
        file_format("c.parquet.gz", None)
    with pytest.raises(CheckError, match="Parquet compresses its columns itself"):
        file_format("c.gz", "parquet")


def test_the_progress_bar_counts_compressed_bytes(tmp_path, monkeypatch):
    # Blocks small beside the file, so that pyarrow's read-ahead cannot have read it all at once.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 16)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 1 << 16)
    text = csv_text(MANY * 20).encode()
    path = write(tmp_path / "c.csv.gz", gzip.compress(text))
    positions: list[int] = []
    rows = sum(
        len(b.rows)
        for b in READERS["csv"](TextFile(str(path), "csv", "gzip"), "message", None, positions.append)
    )
    assert rows == 60000
    assert positions == sorted(positions) and positions[-1] == os.path.getsize(path) < len(text)
    assert len(set(positions)) > 1  # it moves as the file is read, not only at the end


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_memory_stays_bounded_while_decompressing(tmp_path, monkeypatch, fmt):
    # Small blocks, so that a block of rows, and pyarrow's read-ahead of some 30 blocks, are small
    # beside the text.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 16)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 1024)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 1 << 16)
    rng = random.Random(7)
    messages = [f"{rng.getrandbits(64):x} olá {'y' * rng.randrange(2400)}" for i in range(30_000)]
    text = (csv_text(messages) if fmt == "csv" else jsonl_text(messages)).encode()
    path = write(tmp_path / f"big.{fmt}.gz", gzip.compress(text, compresslevel=1))
    head = text[: text.index(b"\n", 1000) + 1]
    run_check(str(write(tmp_path / f"small.{fmt}.gz", gzip.compress(head))))  # imports done, not measured
    tracemalloc.start()
    try:
        report = run_check(str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.rows == 30_000
    assert len(text) > 30 << 20 and peak < 10 << 20, peak  # the text is never held whole


def corrupt(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(64) + data[middle + 64 :]


# Corrupt bytes are found by a checksum: gzip and bzip2 always have one; pyarrow writes Zstandard
# and LZ4 frames without, so there only a cut is certain to show.
@pytest.mark.parametrize(
    ("suffix", "damage", "fmt"),
    [
        (".gz", "truncated", "csv"),
        (".gz", "corrupt", "csv"),
        (".gz", "truncated", "jsonl"),
        (".bz2", "corrupt", "csv"),
        (".bz2", "truncated", "jsonl"),
        (".zst", "truncated", "csv"),
        (".zst", "truncated", "jsonl"),
    ],
)
def test_a_damaged_stream_is_named_with_its_place(tmp_path, capsys, suffix, damage, fmt):
    rng = random.Random(3)
    messages = [f"{rng.getrandbits(128):x}" for _ in range(40000)]  # incompressible enough
    text = (csv_text(messages) if fmt == "csv" else jsonl_text(messages)).encode()
    data = compress(text, suffix)
    data = data[: len(data) * 2 // 3] if damage == "truncated" else corrupt(data)
    path = write(tmp_path / f"c.{fmt}{suffix}", data)
    out_csv = tmp_path / "out.csv"
    status, out, err = run(capsys, path, "--output", out_csv)
    assert status == 2 and out == ""
    assert f"{path}: row " in err and "is corrupt or truncated near byte" in err, err
    assert f"of {len(data):,} (compressed)" in err
    row = int(err.split(": row ")[1].split(":")[0])
    assert 0 < row < 40000
    assert not out_csv.exists()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("cut", [1, 4, 8])
def test_a_gzip_file_cut_in_its_trailer_is_said_after_its_last_row(tmp_path, capsys, fmt, cut):
    # Every row is there, the member's checksum and length are not: it was "row 3001", a row the
    # file does not have.
    text = (csv_text(MANY) if fmt == "csv" else jsonl_text(MANY)).encode()
    path = write(tmp_path / f"c.{fmt}.gz", gzip.compress(text)[:-cut])
    status, _, err = run(capsys, path)
    assert status == 2 and err.startswith(f"nrs-codec check: {path}: after row 3000: the gzip data is"), err


def test_a_lz4_stream_cut_short(tmp_path, capsys):
    data = compress(csv_text(MANY).encode(), ".lz4")
    status, _, err = run(capsys, write(tmp_path / "c.csv.lz4", data[:-100]))
    assert status == 2 and "lz4 data is corrupt or truncated" in err


def test_concatenated_gzip_members_are_one_file(tmp_path, capsys):
    # cat a.gz b.gz > c.gz, as log rotation and parallel compressors (pigz, bgzip) make them.
    text = csv_text(MANY).encode()
    cut = text.index(b"\n", len(text) // 2) + 1
    path = write(tmp_path / "c.csv.gz", gzip.compress(text[:cut]) + gzip.compress(text[cut:]))
    assert summary(capsys, path)["rows"] == 3000


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "c.csv.gz",
            b"id,message\n1,hi\n",
            "c.csv.gz is named .gz but is not gzip-compressed: it is plain text; ",
        ),
        ("c.csv.gz", compress(b"id,message\n", ".bz2"), "is bzip2-compressed data; name it"),
        ("c.jsonl.zst", gzip.compress(b"{}\n"), "not zstd-compressed: it is gzip-compressed data; name it"),
        (
            "c.csv.gz",
            gzip.compress(gzip.compress(b"id,message\n")),
            "its gzip content is gzip-compressed data",
        ),
        ("c.csv.gz", b"", "is empty"),
        ("c.csv.gz", gzip.compress(b""), "is empty"),
        # lz4 -l: it was "not lz4-compressed: it is plain text; name it c.csv", then not UTF-8.
        (
            "c.csv.lz4",
            b"\x02\x21\x4c\x18\x0c\x00\x00\x00\xb0message\nhi\n",
            "c.csv.lz4 is LZ4-compressed data in the legacy frame (lz4 -l), which is not read: compress it",
        ),
        ("c.csv", b"\x02\x21\x4c\x18\x0c\x00\x00\x00\xb0message\nhi\n", "in the legacy frame (lz4 -l)"),
    ],
)
def test_compressed_files_that_are_not_what_they_say(tmp_path, capsys, name, data, message):
    status, _, err = run(capsys, write(tmp_path / name, data))
    assert status == 2 and message in err, err


def test_a_compressed_parquet_file_is_an_error(tmp_path, capsys):
    status, _, err = run(capsys, write(tmp_path / "c.parquet.gz", gzip.compress(b"PAR1")))
    assert status == 2 and "c.parquet.gz: a Parquet file is not read compressed as a whole (.gz)" in err


GZIP_CASES = {
    "one member": gzip.compress(b"a,b\n" * 5000),
    "two members": gzip.compress(b"a\n" * 3000) + gzip.compress(b"b\n" * 7),
    "an empty file": b"",
    "a member of nothing": gzip.compress(b""),
    "zeros after the member": gzip.compress(b"a\n") + bytes(10),
    "cut short": gzip.compress(random.Random(1).randbytes(50000))[:-20],
    "a header alone": gzip.compress(b"a\n")[:10],
    "a wrong checksum": (lambda g: g[:-8] + bytes(4) + g[-4:])(gzip.compress(b"a\n" * 100)),
}


@pytest.mark.parametrize("case", sorted(GZIP_CASES))
def test_isal_reads_gzip_as_zlib_and_pyarrow_do(tmp_path, case):
    # ISA-L (the [check] extra installs it) decompresses gzip for the check; the same text, or an
    # error, as zlib through the same reader and as pyarrow's stream.
    import zlib

    import pyarrow as pa
    from isal import isal_zlib

    path = write(tmp_path / "c.gz", GZIP_CASES[case])
    assert isinstance(gunzip.compressed_stream(pa, pa.OSFile(str(path)), "gzip"), gunzip.Gunzip)

    def text(stream) -> bytes | type:
        out = []
        try:
            while piece := stream.read(4096):
                out.append(piece)
        except OSError:
            return OSError
        return b"".join(out)

    got = text(gunzip.Gunzip(pa.OSFile(str(path)), isal_zlib))
    assert got == text(gunzip.Gunzip(pa.OSFile(str(path)), zlib))
    assert got == text(pa.CompressedInputStream(pa.OSFile(str(path)), "gzip"))
    assert (got is OSError) == (
        case in ("zeros after the member", "cut short", "a header alone", "a wrong checksum")
    )
