"""What a file is by its first bytes, so that a file named for one thing but holding another gets
an error that says what it holds and what to do, instead of a confusing one from a parser.

Users rename files, forget to decompress them, or save a spreadsheet with a ``.csv`` name: a gzip
file named ``.csv`` would otherwise be "read" as one garbled header, and an Excel workbook as a
zip archive's bytes.
"""

from __future__ import annotations

import codecs
import os

from .errors import CheckError

# Compression by file suffix: the codecs pyarrow's streams decompress (brotli has no magic number,
# so only its suffix says so).
COMPRESSIONS = {
    ".gz": "gzip",
    ".gzip": "gzip",
    ".bz2": "bz2",
    ".zst": "zstd",
    ".zstd": "zstd",
    ".lz4": "lz4",
    ".br": "brotli",
}
FORMAT_NAMES = {"csv": "CSV", "jsonl": "JSON Lines", "parquet": "Parquet"}


def suffixes(path: str) -> tuple[str, str | None]:
    """The suffix that names ``path``'s format, and the compression suffix after it (None
    without one), in lower case: ``rows.csv.gz`` is ``(".csv", ".gz")``."""
    stem, suffix = os.path.splitext(path.lower())
    if suffix in COMPRESSIONS:
        return os.path.splitext(stem)[1], suffix
    return suffix, None


_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x04\x22\x4d\x18", "lz4"),
    (b"\x02\x21\x4c\x18", "lz4-legacy"),  # lz4 -l, and the Linux kernel's
    (b"\xfd7zXZ\x00", "xz"),
    (b"PAR1", "parquet"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"%PDF-", "pdf"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
SNIFF_BYTES = 512  # what tells text from UTF-16 or binary data
_SUFFIX_OF = {"gzip": ".gz", "bz2": ".bz2", "zstd": ".zst", "lz4": ".lz4"}
_WHAT = {
    "gzip": "gzip-compressed data",
    "bz2": "bzip2-compressed data",
    "zstd": "Zstandard-compressed data",
    "lz4": "LZ4-compressed data",
    "lz4-legacy": "LZ4-compressed data in the legacy frame (lz4 -l), which is not read",
    "xz": "xz-compressed data",
    "parquet": "a Parquet file (it starts with PAR1)",
    "zip": "a zip archive",
    "xlsx": "an Excel workbook (.xlsx, a zip archive)",
    "ods": "an OpenDocument spreadsheet (.ods, a zip archive)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "pdf": "a PDF document",
    "utf-16": "UTF-16 text (it starts with a UTF-16 byte order mark)",
    "utf-32": "UTF-32 text (it starts with a UTF-32 byte order mark)",
    "utf-16-le": "UTF-16 text without a byte order mark (every other byte is NUL)",
    "utf-16-be": "UTF-16 text without a byte order mark (every other byte is NUL)",
    "text": "plain text",
    "binary": "binary data, not text",
}
_SPREADSHEET = "save the sheet as 'CSV UTF-8' from the spreadsheet program and check that file"
# Suffixes of files that are not read, with what to do instead: asked by name before any byte.
UNREAD_SUFFIXES = {
    ".xlsx": f"an Excel workbook is not read: {_SPREADSHEET}",
    ".xls": f"an Excel workbook is not read: {_SPREADSHEET}",
    ".ods": f"an OpenDocument spreadsheet is not read: {_SPREADSHEET}",
    ".zip": "a zip archive is not read: unzip it and check the file inside",
    ".xz": "xz-compressed files are not read: decompress it (xz -d) or compress it with gzip or zstd",
}


def kind_of(head: bytes) -> str:
    """What the bytes ``head`` (a file's first bytes) look like: a key of ``_WHAT``."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                # The first entries of an Office or OpenDocument file name what it is.
                if b"xl/" in head[:4096]:
                    return "xlsx"
                if b"opendocument.spreadsheet" in head[:4096]:
                    return "ods"
            return kind
    sample = head[:SNIFF_BYTES]
    if sample and sample.count(0) * 4 >= len(sample):
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd * 4 >= len(sample) * 3 // 2 and even * 8 < len(sample):
            return "utf-16-le"
        if even * 4 >= len(sample) * 3 // 2 and odd * 8 < len(sample):
            return "utf-16-be"
        return "binary"
    return "text"


def what(head: bytes) -> str:
    """A phrase naming what ``head`` looks like: "gzip-compressed data", "an Excel workbook"..."""
    return _WHAT[kind_of(head)]


def _advice(path: str, kind: str, compressed: bool) -> str:
    if kind in _SUFFIX_OF and not compressed:
        return f"name it {path}{_SUFFIX_OF[kind]} and it is read as it is"
    if kind == "lz4-legacy":
        if suffixes(path)[1] == ".lz4":
            return "compress it again with lz4 without -l (lz4 -d, then lz4)"
        return "decompress it first (lz4 -d)"
    if kind in ("gzip", "bz2", "zstd", "lz4", "xz"):
        return "decompress it first"
    if kind == "parquet":
        return "name it .parquet, or use --format parquet" if not compressed else "decompress it first"
    if kind in ("xlsx", "ods", "xls"):
        return _SPREADSHEET
    if kind == "zip":
        return "unzip it and check the file inside"
    if kind == "utf-32":
        return "use --file-encoding utf-32"
    if kind in ("utf-16", "utf-16-le", "utf-16-be"):
        return f"use --file-encoding {kind}"
    return "it is not a campaign file"


def check_compressed(path: str, compression: str, raw_head: bytes) -> None:
    """The file named for ``compression`` starts with that compression's magic number."""
    if compression == "brotli" or not raw_head:
        return
    kind = kind_of(raw_head)
    if kind == compression:
        return
    if kind == "lz4-legacy" and compression == "lz4":
        raise CheckError(f"{path} is {_WHAT[kind]}: {_advice(path, kind, compressed=True)}")
    suffix = os.path.splitext(path)[1]
    if kind in _SUFFIX_OF:
        fix = f"name it {path[: -len(suffix)]}{_SUFFIX_OF[kind]}"
    elif kind == "text":
        fix = f"if it is not compressed, name it {path[: -len(suffix)]}"
    else:
        fix = _advice(path, kind, compressed=True)
    raise CheckError(
        f"{path} is named {suffix} but is not {compression}-compressed: it is {_WHAT[kind]}; {fix}"
    )


def check_text(path: str, fmt: str, head: bytes, *, compression: str | None, encoding: str | None) -> None:
    """The (decompressed) content ``head`` of a CSV or JSON Lines file looks like text."""
    kind = kind_of(head)
    if kind == "text" or (encoding is not None and kind in ("utf-16", "utf-32", "utf-16-le", "utf-16-be")):
        return
    if kind == "binary" and encoding is not None:
        return  # a legacy encoding's text may look like anything; transcoding will tell
    holder = f"{path}: its {compression} content" if compression else path
    advice = _advice(path, kind, compressed=compression is not None)
    raise CheckError(f"{holder} is {_WHAT[kind]}, not {FORMAT_NAMES[fmt]}: {advice}")


def check_not_utf8(path: str, head: bytes, encoding: str) -> None:
    """A CheckError where text read in ``encoding`` (``--file-encoding``, a legacy one) is UTF-8
    by its first bytes: every byte beyond ASCII in UTF-8's sequences, and the text read in
    ``encoding`` the garble UTF-8 read so makes ("OlÃ¡", "MulÈ›umim"), as ftfy's test of
    mojibake finds it. Read so, the check would answer for text nobody wrote: UTF-16, more parts.
    A legacy text whose few letters happen to be UTF-8 ("NESCAFÉ™" is UTF-8's "NESCAFə",
    cp1251's "Её" its "Ÿ") reads as no garble, and is the encoding's. A UTF-8 byte order mark
    before text that is not UTF-8 is a mark put on the wrong text, left out."""
    text = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    if text.isascii() or not _utf8(text):
        return
    from ftfy.badness import is_bad  # only where an encoding is given

    if not is_bad(text.decode(encoding, "replace")):
        return
    letter = next(c for c in text.decode("utf-8", "ignore") if not c.isascii())
    as_given = letter.encode("utf-8").decode(encoding, "replace")
    mark = "starts with a UTF-8 byte order mark and " if text is not head else ""
    raise CheckError(
        f"{path} {mark}is UTF-8 text ({letter!r} in UTF-8 reads {as_given!r} in {encoding}), not "
        f"{encoding}: leave out --file-encoding"
    )


def not_utf8(byte: int, offset: int, compression: str | None, marked: bool) -> str:
    """What is said of ``byte`` at ``offset`` of the text, which is not UTF-8: maybe damage of a
    ``compression`` (gzip's checksum is read only at its end), maybe a legacy encoding, and where
    the file is ``marked`` with a UTF-8 byte order mark, a mark put on text of another encoding."""
    damaged = f"the {compression} data may be damaged, or " if compression else ""
    hint = "a file saved by a spreadsheet program may be cp1252: try --file-encoding cp1252"
    if marked:
        hint = (
            "yet the file starts with a UTF-8 byte order mark: its text after the mark is in "
            "another encoding, cp1252 maybe: try --file-encoding cp1252, which leaves the mark out"
        )
    return f"byte 0x{byte:02x} at offset {offset:,} is not UTF-8 ({damaged}{hint})"


def _utf8(head: bytes) -> bool:
    """``head`` is UTF-8, but for a last sequence its end cuts (a chunk of a longer text): a byte
    that no UTF-8 sequence holds, wherever it is, is no UTF-8."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True


def check_parquet(path: str, raw_head: bytes) -> None:
    """A file read as Parquet starts with Parquet's magic number."""
    if not raw_head:
        raise CheckError(f"{path} is empty: expected a Parquet file")
    kind = kind_of(raw_head)
    if kind == "parquet":
        return
    if kind in ("gzip", "bz2", "zstd", "lz4", "xz"):
        fix = "Parquet compresses its columns itself: decompress the file first"
    elif kind == "text":
        fix = "if it is CSV or JSON Lines, name it so or use --format"
    else:
        fix = _advice(path, kind, compressed=False)
    raise CheckError(f"{path} is not a Parquet file: it is {_WHAT[kind]}; {fix}")
