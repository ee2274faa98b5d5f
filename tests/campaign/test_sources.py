"""``Source`` read as views (an uncompressed UTF-8 file read into Arrow's memory pool, for
pyarrow's CSV reader) gives the same text and the same errors as read as bytes, whatever the sizes
of the reads: a character or a "\\r\\n" cut by a read, a byte order mark, a last line without
its newline, a byte that is not UTF-8 anywhere."""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from campaign_files import csv_text, output_rows, run, summary, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import blocks, sources
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.sources import TextFile

PIECES = ["é", "€", "😀", "\r\n", "\n", '"', ",", "a", "\u00a0"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=1500).map("".join)


def read_all(path: Path, sizes: list[int], *, views: bool, **options) -> tuple[list[bytes], str | None]:
    """What each read gives (reads of ``sizes`` in turn, then -1, then one more that must give
    nothing), and the error raised, if any."""
    out: list[bytes] = []
    try:
        with TextFile(str(path), "csv").open(csv_delimiter=",", views=views, **options) as source:
            for n in [*sizes, -1]:
                out.append(bytes(source.read(n)))
            assert source.read(10) == b""
    except CheckError as exc:
        return out, str(exc)
    return out, None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=TEXT,
    bom=st.booleans(),
    bad=st.one_of(st.none(), st.integers(min_value=0, max_value=4000)),
    sizes=st.lists(st.integers(min_value=1, max_value=300), max_size=12),
    cut=st.one_of(st.none(), st.tuples(st.integers(0, 4000), st.integers(0, 4000))),
)
def test_views_read_what_bytes_read(text, bom, bad, sizes, cut):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    if bad is not None:
        data = data[: bad % (len(data) + 1)] + b"\xe7" + data[bad % (len(data) + 1) :]
    # A span (a partition of the file) from its start or after it; the first bytes read apart
    # (the head, which sniffing looks at) short beside the file, so that reads after it are views.
    span = None if cut is None else tuple(sorted(c % (len(data) + 1) for c in cut))
    saved, sources.HEAD_BYTES = sources.HEAD_BYTES, 64
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "c.csv"
            path.write_bytes(data)
            want = read_all(path, sizes, views=False, span=span)
            assert read_all(path, sizes, views=True, span=span) == want
    finally:
        sources.HEAD_BYTES = saved
    if want[1] is None and span is None:
        body = data[3:] if bom else data
        assert b"".join(want[0]) == body + (b"" if body.endswith((b"\n", b"\r")) or not body else b"\n")


def test_a_span_is_read_whole_as_one_view(tmp_path):
    data = csv_text(["Olá", "€" * 50, "😀"]).encode()
    path = write(tmp_path / "c.csv", data)
    start = data.index(b"\n") + 1
    with TextFile(str(path), "csv").open(csv_delimiter=",", span=(start, len(data)), views=True) as source:
        text = source.read()
        assert isinstance(text, memoryview) and bytes(text) == data[start:]
        assert source.read() == b""


def test_a_larger_span_is_read_a_read_at_a_time(tmp_path, monkeypatch):
    # A Dask partition (64 MiB), or the rest of a file after a quote left open, is not read into
    # memory at once: only its head, then what each read asks.
    monkeypatch.setattr(sources, "WHOLE_SPAN_BYTES", 50_000)
    monkeypatch.setattr(sources, "HEAD_BYTES", 4096)
    data = csv_text(["a" * 100] * 2000).encode()
    path = write(tmp_path / "c.csv", data)
    pool = pa.default_memory_pool()
    before = pool.bytes_allocated()
    with TextFile(str(path), "csv").open(csv_delimiter=",", span=(1000, len(data)), views=True) as source:
        assert pool.bytes_allocated() - before <= 4096
        first = bytes(source.read(30_000))  # the head and a view joined
        second = source.read(30_000)
        assert isinstance(second, memoryview) and pool.bytes_allocated() - before <= 4096 + 60_000
        rest = bytes(source.read())
    assert first + bytes(second) + rest == data[1000:]


def test_a_read_that_ends_on_a_carriage_return_leaves_it_in_the_view(tmp_path):
    # The "\r" of a "\r\n" that a read would end on is read again with the next read, from the
    # same view: no copy of the rest of the partition.
    data = b"message\r\n" + b"abcdefghij\r\n" * 100
    path = write(tmp_path / "c.csv", data)
    with TextFile(str(path), "csv").open(csv_delimiter=",", span=(9, len(data)), views=True) as source:
        reads = [source.read(11)] + [source.read(13) for _ in range(4)]  # each ending on a "\r"
    assert all(isinstance(r, memoryview) for r in reads)
    assert [bytes(r) for r in reads] == [b"abcdefghij"] + [b"\r\nabcdefghij"] * 4


def test_a_file_cut_short_or_grown_while_read(tmp_path):
    # A file truncated under the check ends the text where it now ends: the pool's buffer is
    # never asked for more than the file holds. One that grows is read on, as bytes are.
    for views in (False, True):
        path = write(tmp_path / "c.csv", csv_text(["a" * 100] * 2000))  # more than the head
        with TextFile(str(path), "csv").open(csv_delimiter=",", views=views) as source:
            first = bytes(source.read(200))
            with open(path, "r+b") as f:
                f.truncate(100_000)
            rest = b"".join(bytes(p) for p in iter(lambda: source.read(1 << 20), b""))
        assert first + rest == path.read_bytes() + b"\n"
        path = write(tmp_path / "g.csv", csv_text(["a" * 100] * 2000))
        with TextFile(str(path), "csv").open(csv_delimiter=",", views=views) as source:
            first = bytes(source.read(200))
            with open(path, "ab") as f:
                f.write(b"9,351912345678,more\n")
            rest = b"".join(bytes(p) for p in iter(lambda: source.read(1 << 20), b""))
        assert first + rest == path.read_bytes(), views


@pytest.mark.parametrize("block", [16, 61, 256, 4096])
def test_plain_files_read_in_blocks_equal_their_gzip_twin(tmp_path, capsys, monkeypatch, block):
    # Blocks of any size (every read of the plain file one view) cut characters, "\r\n" and
    # quoted line breaks; the gzip twin is read as bytes. Both give the same rows.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", block)
    messages = [f"Linha {i} ç€😀\r\n{'é' * (i % 9)} fim" for i in range(300)]
    text = csv_text(messages).replace("\n", "\r\n").encode()
    plain = write(tmp_path / "c.csv", text)
    packed = write(tmp_path / "c.csv.gz", gzip.compress(text))
    want = summary(capsys, packed, "--to-column", "to", "--output", tmp_path / "packed.parquet")
    got = summary(capsys, plain, "--to-column", "to", "--output", tmp_path / "plain.parquet")
    assert want["rows"] == 300 and want["errors"] == {}
    assert {k: v for k, v in got.items() if k != "file"} == {k: v for k, v in want.items() if k != "file"}
    assert output_rows(tmp_path / "plain.parquet") == output_rows(tmp_path / "packed.parquet")


def test_a_source_of_views_needs_a_plain_utf8_file(tmp_path):
    path = write(tmp_path / "c.csv.gz", gzip.compress(b"message\nola\n"))
    with TextFile(str(path), "csv", "gzip").open(views=True) as source:
        assert not source.views and source.read() == b"message\nola\n"
    latin = write(tmp_path / "l.csv", "message\nolá\n".encode("latin-1"))
    with TextFile(str(latin), "csv", None, "latin-1").open(views=True) as source:
        assert not source.views and source.read() == "message\nolá\n".encode()


def test_text_read_unchecked_has_no_byte_that_is_not_utf8(tmp_path):
    # Rows counted before a problem (``stop``) are parsed by pyarrow unchecked, and it decodes a
    # malformed row's text to hand it over: garbage from a damaged stream printed a traceback.
    data = b'id,message\n1,"a\xff\xfe b"\n2,c,extra\n3,\xe7\n'
    path = write(tmp_path / "c.csv", data)
    with TextFile(str(path), "csv").open(stop=len(data)) as source:
        text = source.read()
    assert text == data.decode("utf-8", "replace").encode("utf-8")
    assert text.count(b"\n") == data.count(b"\n") and text.count(b'"') == data.count(b'"')


def test_a_pipe_is_not_a_file_to_check(tmp_path, capsys):
    fifo = tmp_path / "c.csv"
    os.mkfifo(fifo)
    status, out, err = run(capsys, fifo)
    assert status == 2 and out == ""
    said = "not a regular file: save what it gives to a file and check that"
    assert err == f"nrs-codec check: {fifo}: {said}\n"
