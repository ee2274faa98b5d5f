"""``ArrowReading``: when pyarrow's CSV reader stops reading a ``Source`` (at the end, on an error),
none of its read-ahead threads reads the source afterwards. One still reading when the interpreter
exits ended ``nrs-codec check`` with "Fatal Python error: PyGILState_Release" (exit 134) after its
error message; ``benchmarks/soak_check.py`` runs such checks by the hundred."""

from __future__ import annotations

import gzip
import subprocess
import sys
import weakref

import pytest
from campaign_files import csv_text, write

from nrs_codec.campaign import blocks, sources
from nrs_codec.campaign.arrow_reading import ArrowReading
from nrs_codec.campaign.check import run_check
from nrs_codec.campaign.errors import CheckError

MIB = 1 << 20


class Sources:
    """Every ``Source`` opened from now on, without keeping it alive."""

    def __init__(self, monkeypatch):
        self.opened: list[weakref.ref] = []
        init = sources.Source.__init__

        def noted(source, *args, **kwargs):
            init(source, *args, **kwargs)
            self.opened.append(weakref.ref(source))

        monkeypatch.setattr(sources.Source, "__init__", noted)

    def held(self) -> int:
        """How many are still held by something (Arrow's reader, its read-ahead)."""
        return sum(ref() is not None for ref in self.opened)


def long_field(path, mib: int):
    """A gzip-compressed CSV file whose one field is longer than a row may be."""
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(b"message\n")
        for _ in range(mib):
            f.write(b"a" * MIB)
        f.write(b"\n")
    return path


def test_arrow_lets_go_of_the_file_when_a_check_fails(tmp_path, monkeypatch):
    # The reader fails while its read-ahead is decompressing the field.
    path = long_field(tmp_path / "long.csv.gz", 160)
    opened = Sources(monkeypatch)
    try:
        run_check(str(path))
    except CheckError as exc:
        assert "row 1 is longer than 64 MiB" in str(exc)
    assert len(opened.opened) >= 2 and opened.held() == 0


@pytest.mark.parametrize("encoding", [None, "cp1252"])
def test_arrow_lets_go_of_the_file_when_a_check_ends(tmp_path, monkeypatch, encoding):
    path = write(tmp_path / "c.csv", csv_text(["Preço 5€"] * 3).encode("cp1252" if encoding else "utf-8"))
    opened = Sources(monkeypatch)
    assert run_check(str(path), file_encoding=encoding).rows == 3
    # The rows' source, and where the file is read in blocks, one for the header's names.
    assert len(opened.opened) == (2 if encoding else 1) and opened.held() == 0


EXIT_CHECK = """
import sys
from nrs_codec.cli import main
sys.exit(main(["check", sys.argv[1], "--no-progress"]))
"""


def test_a_failed_check_exits_with_its_own_status(tmp_path):
    path = long_field(tmp_path / "long.csv.gz", 256)
    for _ in range(2):  # it crashed in 4 runs of 5
        r = subprocess.run(
            [sys.executable, "-c", EXIT_CHECK, str(path)],
            cwd=tmp_path,  # not the checkout: the installed package is under test
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 2, r.stderr[-2000:]
        assert r.stderr == f"nrs-codec check: {path}: row 1 is longer than 64 MiB (is a quote left open?)\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_byte_deep_in_the_file_lets_go_of_the_source_at_once(tmp_path, monkeypatch, workers):
    # Raised on Arrow's read-ahead thread, the source's error came back with that thread's
    # frames, which held what the reading had handed Arrow: each close waited its whole bound
    # for them (a minute), twice, before the check said what was wrong.
    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1024)
    monkeypatch.setattr(ArrowReading, "RELEASE_SECONDS", 5)  # a regression fails in seconds
    held = []
    close = ArrowReading.close

    def noted(reading):
        close(reading)
        held.append(reading._held)

    monkeypatch.setattr(ArrowReading, "close", noted)
    # After the first MiB, which the header's reading checks: met by Arrow's read-ahead.
    good = csv_text(["olá"] * 50_000).encode()
    assert len(good) > sources.CHUNK_BYTES
    path = write(tmp_path / "c.csv", good + "9999,35191234567,Preço\n".encode("cp1252"))
    with pytest.raises(CheckError, match="row 50001: byte 0xe7"):
        run_check(str(path), workers=workers)
    assert held and held == [0] * len(held)
