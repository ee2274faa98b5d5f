"""A campaign file's text as a stream of UTF-8 bytes, whatever was done to the file on its way.

Users' files are compressed (``campaign.csv.gz``: the suffix after the format's says how), exported
by a spreadsheet in a legacy encoding (``--file-encoding cp1252``), start with a byte order mark,
end without a newline. ``Source`` hides that from the readers and turns what cannot be read into an
error that says where: a compressed stream that is corrupt or truncated, or bytes that are not
UTF-8 (not the encoding given). Without ``--file-encoding`` the file must be UTF-8: a cp1252 byte
read as UTF-8 would make a wrong message of every row holding one, so it stops the check instead.

Everything is streamed: memory holds a chunk of the file, never the file.

pyarrow's CSV reader reads a ``Source`` ahead on its own threads: ``arrow_reading`` ends those
reads safely. When a reader stops, ``abandoned`` makes the source answer end-of-file.
"""

from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass

from .blocks import require_pyarrow
from .errors import CheckError
from .filebytes import csv_quote_carry, csv_quote_end, single_byte_table, transcode_bytes, utf8_valid
from .gunzip import compressed_stream
from .sniff import check_compressed, check_not_utf8, check_text, not_utf8

CHUNK_BYTES = 1 << 20
HEAD_BYTES = 1 << 16
# A partition of up to this many bytes (a piece of a file read on every worker, ``csv_pieces``:
# about 4 MiB) is read at once as one view; a larger one (a Dask partition, 64 MiB; the rest of a
# file after a quote left open) a read at a time, as a whole file is.
WHOLE_SPAN_BYTES = 8 << 20
_BOM = codecs.BOM_UTF8


def resolve_encoding(name: str | None) -> str | None:
    """The Python codec name for ``--file-encoding``; None when the file is plain UTF-8."""
    if name is None:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise CheckError(
            f"--file-encoding {name!r}: unknown encoding (Python names such as cp1252, latin-1, utf-16)"
        ) from None
    if not info._is_text_encoding:  # base64, zlib, rot13...: byte transforms, not text encodings
        raise CheckError(f"--file-encoding {name!r} is not a text encoding")
    return None if info.name in ("utf-8", "utf-8-sig") else info.name


class Located(CheckError):
    """A problem at byte ``offset`` of the decompressed file; the reader that knows how to count
    rows there turns it into the final message with ``at(row)``."""

    def __init__(self, path: str, offset: int, problem: str, *, stream: bool = False):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.offset = offset
        self.problem = problem
        self.stream = stream  # the compressed stream fails there, not a byte of the text

    def at(self, row: int | None, starts: bool = False) -> CheckError:
        """The error at data row ``row`` (0: the header line); where the offset ``starts`` that
        row, a stream failing there is said after the row before (a file cut short after its
        last row has no next row to name), a byte there is the row's."""
        if row is None:
            return CheckError(f"{self.path}: {self.problem}")
        after = starts and self.stream and row > 0
        row -= after
        where = "the header line" if row == 0 else f"row {row}"
        return CheckError(f"{self.path}: {'after ' if after else ''}{where}: {self.problem}")


@dataclass(frozen=True)
class TextFile:
    """A CSV or JSON Lines campaign file: where it is, how it is compressed, its encoding."""

    path: str
    fmt: str
    compression: str | None = None
    encoding: str | None = None  # None: UTF-8

    def open(
        self,
        *,
        stop: int | None = None,
        tail: bytes = b"",
        csv_delimiter: str | None = None,
        span: tuple[int, int] | None = None,
        views: bool = False,
    ) -> Source:
        """The file's text. With ``stop``, only its first ``stop`` bytes (decompressed, before
        transcoding), unchecked, then ``tail``: for counting the rows before a problem. With
        ``span`` (start, end), only those bytes of an uncompressed UTF-8 file, checked: one
        partition of a file split at record boundaries (``partitions``). With ``views``, reads
        of an uncompressed UTF-8 file may give memoryviews rather than bytes (see ``Source``)."""
        return Source(self, stop=stop, tail=tail, csv_delimiter=csv_delimiter, span=span, views=views)


class Source(io.RawIOBase):
    """A ``TextFile``'s text as UTF-8 bytes: decompressed, transcoded, checked, its byte order mark
    dropped and a final newline added where the file has none (a header without one is still a
    header). With ``csv_delimiter``, the text's quotes are followed as pyarrow's CSV parser
    follows them (``ends_inside_quotes``), for the CSV readers' check for a quote left open.

    With ``views`` (for pyarrow's CSV reader, which takes any buffer), an uncompressed UTF-8
    file is read into buffers of Arrow's memory pool, each read's bytes at once, and handed out
    as memoryviews of them: memory the pool has had before, where each read as ``bytes``
    (and a block joined from them) took fresh pages from the system, zeroed by the kernel page
    by page (half the page faults of a check, 5-9 % of the CPU of reading and parsing a file)."""

    def __init__(
        self,
        file: TextFile,
        *,
        stop: int | None = None,
        tail: bytes = b"",
        csv_delimiter: str | None = None,
        span: tuple[int, int] | None = None,
        views: bool = False,
    ):
        pa = require_pyarrow()
        self.file = file
        self.views = views and file.compression is None and file.encoding is None
        self.path = file.path
        self.start, self.end = span or (0, None)
        self.stop = stop
        self.checked = stop is None
        self.tail = tail
        self.delimiter = ord(csv_delimiter) if csv_delimiter is not None else None
        self.quote_carry = 0  # the quote state after the text read (a span starts at a record)
        self.offset = self.start  # bytes of the decompressed file read so far (or skipped)
        self.decoder = None
        if file.encoding is not None:
            errors = "strict" if self.checked else "replace"
            self.decoder = codecs.getincrementaldecoder(file.encoding)(errors)
        # A single-byte encoding (cp1252, latin-1...) read through its table by the engine, four
        # times the codec's speed; the codec says where a byte has no character.
        self.single_byte = single_byte_table(file.encoding) if file.encoding and self.checked else None
        self._pending = b""  # an incomplete UTF-8 sequence at the end of the last chunk
        self._out = b""
        self._at = 0
        self._last = b"\n"
        self._done = False
        self.abandoned = False  # reading has ended: a read-ahead still running gets end-of-file
        try:
            if self.checked and file.compression:
                with open(file.path, "rb") as f:
                    check_compressed(self.path, file.compression, f.read(4096))
            self.size = os.path.getsize(file.path)
            self.raw = pa.OSFile(file.path)
            if self.start:
                self.raw.seek(self.start)
        except OSError as exc:  # not readable by this user, say
            raise CheckError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        self.stream = compressed_stream(pa, self.raw, file.compression) if file.compression else self.raw
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        file = self.file
        if self.start:  # a partition after the first: the file's start was checked there
            # As views, a small partition at once: one view, never joined to its head.
            whole = self._want(-1)
            size = max(HEAD_BYTES, whole) if self.views and whole <= WHOLE_SPAN_BYTES else HEAD_BYTES
            data = self._input(size)
            self.head = bytes(data[:HEAD_BYTES])  # a copy: it keeps no view's buffer alive
            self._emit(data, final=len(data) < size)
            return
        data = self.head = bytes(self._input(HEAD_BYTES))
        if self.checked:
            check_text(self.path, file.fmt, data, compression=file.compression, encoding=file.encoding)
            if file.encoding is not None:
                check_not_utf8(self.path, data, file.encoding)
        if data.startswith(_BOM):  # in another encoding, a mark put on it (``check_not_utf8``)
            data = data[len(_BOM) :]
        self._emit(data, final=len(self.head) < HEAD_BYTES)

    def _marked(self) -> bool:
        """The file starts with a UTF-8 byte order mark: this part's head says, or a partition
        after the first reads the file's first bytes (an uncompressed file: only those are cut)."""
        if not self.start:
            return self.head.startswith(_BOM)
        with open(self.path, "rb") as f:
            return f.read(len(_BOM)) == _BOM

    def readable(self) -> bool:
        return True

    @property
    def empty(self) -> bool:
        """Nothing but blank lines, or nothing at all, in the file (its first bytes tell)."""
        return len(self.head) < HEAD_BYTES and not bytes(self._out).strip()

    @property
    def ends_inside_quotes(self) -> bool:
        """The text read so far (all of it, once read to the end) ends inside a quoted field."""
        return csv_quote_end(self.quote_carry)

    @property
    def ends_a_record(self) -> bool:
        """The text read so far ends with a line break outside quotes (or is none): what comes
        next starts a record. (A ``tail`` given to ``open`` is not read as the text.)"""
        return self._last in (b"\n", b"\r") and not self.ends_inside_quotes

    @property
    def compressed_position(self) -> int:
        """Bytes of the file on disk read so far, for the progress bar."""
        return self.raw.tell()

    def read(self, n: int = -1) -> bytes:
        """``n`` bytes (all with -1), fewer only at the end: pyarrow's CSV reader takes what one
        read gives as a block, and a block must be able to hold the longest row."""
        if self.abandoned:
            return b""
        pieces = []
        sliced = False  # the last piece is a slice of the chunk being read
        while n != 0:
            if self._at >= len(self._out):
                if self._done:
                    break
                # Chunks as large as the reads (up to CHUNK_BYTES; any size as views): then a
                # read is one chunk, uncopied.
                self._fill(self._want(n))
                continue
            sliced = not (self._at == 0 and (n < 0 or n >= len(self._out)))
            if not sliced:
                piece, self._out = self._out, b""  # the usual case: a whole chunk, not copied
            else:
                end = len(self._out) if n < 0 else self._at + n
                piece = self._out[self._at : end]
                self._at += len(piece)
            pieces.append(piece)
            n -= len(piece) if n > 0 else 0
        out = pieces[0] if len(pieces) == 1 else b"".join(pieces)
        if len(out) > 1 and out[-1:] == b"\r" and not (self._done and self._at >= len(self._out)):
            # pyarrow's CSV reader takes each read as a block, and drops the "\n" that starts a
            # block after one ending in "\r", even inside a quoted field (pyarrow 26; found by
            # fuzz/fuzz_campaign.py): a block never ends between the two.
            if sliced:  # the "\r" is in the chunk still being read: it is read again, uncopied
                self._at -= 1
            else:  # it ended the chunk before: it goes before the next one
                self._out, self._at = b"\r" + self._out[self._at :], 0
            out = out[:-1]
        return out

    def _want(self, n: int) -> int:
        """The size of the next chunk for a read of ``n`` bytes (all of them: -1)."""
        if not self.views:
            return min(n, CHUNK_BYTES) if n > 0 else CHUNK_BYTES
        if n > 0:
            return n
        limit = self.stop if self.stop is not None else self.end
        return CHUNK_BYTES if limit is None else max(1, limit - self.offset)  # a span: all of it

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.abandoned = True
        if not self.closed and hasattr(self, "raw"):
            self.stream.close()
            self.raw.close()
        super().close()

    def _input(self, n: int) -> bytes:
        """Up to ``n`` more bytes of the decompressed file (fewer only at its end or at ``stop``)."""
        limit = self.stop if self.stop is not None else self.end
        if limit is not None:
            n = min(n, limit - self.offset)
            if n <= 0:
                return b""
        if self.views:  # no more than the file holds now: the pool's buffer is of the size asked
            n = min(n, os.fstat(self.raw.fileno()).st_size - self.offset)
        pieces = []
        try:
            while n > 0 and not self.abandoned:  # a decompressor may return less than asked
                if self.views:
                    piece = memoryview(self.raw.read_buffer(n)).cast("B")
                else:
                    # Compressed data in small pieces: a corrupt stream is then placed within 64 KiB.
                    piece = self.stream.read(min(n, 1 << 16) if self.file.compression else n)
                if not piece:
                    break
                pieces.append(piece)
                n -= len(piece)
                self.offset += len(piece)
        except OSError as exc:  # pyarrow's decompressors say what is wrong as OSError
            raise Located(
                self.path,
                self.offset,
                f"the {self.file.compression} data is corrupt or truncated near byte {self.raw.tell():,} "
                f"of {self.size:,} (compressed), after {self.offset:,} bytes of text: {exc}",
                stream=True,
            ) from None
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def _fill(self, size: int) -> None:
        data = self._input(size)
        self._emit(data, final=len(data) < size)

    def _emit(self, data: bytes, *, final: bool) -> None:
        """Make ``data``, the file's next bytes, the next to be read."""
        self._at = 0
        self._out = self._text(data, final=final)
        if final:
            self._done = True
            if self.stop is not None:
                self._out = bytes(self._out) + self.tail
            elif self._last not in (b"\n", b"\r"):
                self._out = bytes(self._out) + b"\n"

    def _text(self, data: bytes, *, final: bool) -> bytes:
        """``data`` (the file's next bytes) as checked UTF-8."""
        start = self.offset - len(data)
        if self.decoder is not None:
            out = self._transcode(data, start, final)
        else:
            out = data
            if self.checked:
                self._check_utf8(data, start, final)
            elif not utf8_valid(data, len(data)):
                # Unchecked (rows counted before a problem, a damaged stream's garbage among
                # them): pyarrow decodes a malformed row's text to hand it over, and a byte that
                # is not UTF-8 there printed a stray traceback. Never a quote or a line break.
                out = bytes(data).decode("utf-8", "replace").encode("utf-8")
        if out:
            self._last = bytes(out[-1:])
            if self.delimiter is not None:
                self.quote_carry = csv_quote_carry(out, self.delimiter, self.quote_carry)
        return out

    def _transcode(self, data: bytes, start: int, final: bool) -> bytes:
        if self.single_byte is not None:
            out = transcode_bytes(data, *self.single_byte)
            if out is not None:
                return out
        buffered = len(self.decoder.getstate()[0])
        try:
            return self.decoder.decode(data, final).encode("utf-8")
        except UnicodeDecodeError as exc:
            offset = start - buffered + exc.start
            bad = exc.object[exc.start : exc.end]
            what = f"byte 0x{bad.hex()}" if len(bad) == 1 else f"bytes {bad.hex(' ')}"
            raise Located(
                self.path, offset, f"{what} at offset {offset:,} is not {self.file.encoding}"
            ) from None
        except UnicodeError as exc:  # no byte to blame: utf-16 without a byte order mark, say
            raise Located(
                self.path, start, f"the text near offset {start:,} is not {self.file.encoding}: {exc}"
            ) from None

    def _check_utf8(self, data: bytes, start: int, final: bool) -> None:
        if not self._pending and isinstance(data, bytes) and data.isascii():
            return  # a view's ASCII is found by utf8_valid, as fast
        if self._pending:  # a sequence cut by the last chunk's end, completed by this one's start
            data = self._pending + data
            start -= len(self._pending)
        end = len(data) if final else _complete(data)
        self._pending = bytes(data[end:])
        if utf8_valid(data, end):
            return
        try:  # the slow way, only to say where
            bytes(data[:end]).decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = start + exc.start
            said = not_utf8(data[exc.start], offset, self.file.compression, self._marked())
            raise Located(self.path, offset, said) from None


def _complete(data: bytes) -> int:
    """Where the UTF-8 sequences that ``data`` holds whole end: before a last one that the next
    bytes may complete."""
    for back in (1, 2, 3):
        if back > len(data):
            break
        byte = data[-back]
        if byte < 0x80:
            break
        if byte >= 0xC0:  # the lead byte of the last sequence
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) - back if length > back else len(data)
    return len(data)
