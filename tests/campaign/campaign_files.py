"""Helpers for the campaign tests: run the command, write files as users' programs do, compress
them as their tools do, and read the per-row output back."""

from __future__ import annotations

import bz2
import contextlib
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from nrs_codec.campaign import check
from nrs_codec.cli import main

# Messages that exercise every encoding and the parts count; the ones with ç, €, ’ are what a
# spreadsheet's cp1252 export mangles.
MESSAGES = [
    "Olá, a sua encomenda nº 1 já foi enviada!",
    "Hi! 😀",
    "[promo] {VIP} €",
    "a" * 161,
    "Pão",
    "Avançar já: 20 € de desconto’",
]
# Suffix and pyarrow codec name of each compression a campaign file may come in.
CODECS = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd", ".lz4": "lz4", ".br": "brotli"}


def run(capsys, *argv):
    """``nrs-codec check ARGV``: (exit status, stdout, stderr); never a traceback."""
    status = main(["check", *map(str, argv), "--no-progress"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def csv_text(messages=MESSAGES) -> str:
    rows = ["id,to,message"] + [f'{i},3519123456{i % 100:02d},"{m}"' for i, m in enumerate(messages, 1)]
    return "\n".join(rows) + "\n"


def jsonl_text(messages=MESSAGES) -> str:
    # Characters as they are, not as \u escapes: as most writers (and a legacy encoding's) do.
    rows = [
        json.dumps({"to": f"3519123456{i % 100:02d}", "message": m}, ensure_ascii=False)
        for i, m in enumerate(messages, 1)
    ]
    return "\n".join(rows) + "\n"


def compress(data: bytes, suffix: str) -> bytes:
    """``data`` as the usual tool for ``suffix`` writes it (gzip, bz2; pyarrow for the others)."""
    if suffix == ".gz":
        return gzip.compress(data)
    if suffix == ".bz2":
        return bz2.compress(data)
    sink = pa.BufferOutputStream()
    with pa.CompressedOutputStream(sink, CODECS[suffix]) as stream:
        stream.write(data)
    return sink.getvalue().to_pybytes()


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def output_rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def summary(capsys, *argv) -> dict:
    """The JSON summary of a check that reads the file (exit status 0 or 1)."""
    status, out, err = run(capsys, *argv, "--json")
    assert status in (0, 1), err
    return json.loads(out)


@contextlib.contextmanager
def one_reader(monkeypatch):
    """Within it, every CSV file is read by the one reader thread (``csv_reader``), not in pieces
    nor whole from memory: the reference those readings are held to."""
    with monkeypatch.context() as m:
        m.setattr(check, "read_whole", lambda file: False)
        m.setattr(check, "read_on_workers", lambda file, workers: False)
        yield
