"""The compressed stream of a campaign file (``campaign.csv.gz``...), as ``Source`` reads it.

One thread reads a file ahead of the check's workers, and for a gzip file decompressing is most of
its work: zlib's inflate takes about 0.3 s per 150 MiB of text, more than parsing it. Where ISA-L
is installed (``isal``, Intel's Intelligent Storage Acceleration Library: the ``[check]`` extra
brings it) gzip is decompressed by its inflate, two to three times faster, through the same
interface as zlib's (``isal_zlib``); the other formats (bzip2, Zstandard, LZ4, Brotli), and gzip
without ISA-L, by pyarrow's streams.

``Gunzip`` reads a gzip file as ``gzip`` does: members one after another are one text (``cat a.gz
b.gz``, pigz, bgzip), each checked against its CRC and length; a stream that is cut short or
damaged, or bytes after a member that start no other, raise ``OSError`` as pyarrow's streams do,
which ``Source`` turns into an error naming the place.
"""

from __future__ import annotations

# Compressed bytes read at once: a damaged stream is then placed within this much of the file.
READ_BYTES = 1 << 16

GZIP = 16 + 15  # zlib's window bits for a gzip member, its header and trailer checked


def compressed_stream(pa, raw, compression: str):
    """The decompressed stream of ``raw`` (a pyarrow file), read with ``read(n)``."""
    if compression == "gzip":
        try:
            from isal import isal_zlib
        except ImportError:
            pass
        else:
            return Gunzip(raw, isal_zlib)
    return pa.CompressedInputStream(raw, compression)


class Gunzip:
    """A gzip file's members decompressed one after another by ``zlib`` (a module with zlib's
    interface: ``isal.isal_zlib``, or ``zlib`` itself)."""

    def __init__(self, raw, zlib):
        self.raw = raw
        self.zlib = zlib
        self.member = zlib.decompressobj(GZIP)
        self.started = False  # a member has begun: the file is not empty

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes of text, fewer only where a read of the file ended; empty at its end."""
        while True:
            member = self.member
            if member.eof:  # the member is whole: another may follow
                data = member.unused_data or self.raw.read(READ_BYTES)
                if not data:
                    return b""
                self.member = member = self.zlib.decompressobj(GZIP)
            else:
                data = member.unconsumed_tail or self.raw.read(READ_BYTES)
            try:
                out = member.decompress(data, n)
            except self.zlib.error as exc:
                raise OSError(f"gzip: {exc}") from None
            if data:
                self.started = True
            if out:
                return out
            if not data:
                if member.eof or not self.started:
                    return b""  # an empty file has no member to end
                raise OSError("gzip: the stream ends inside a member")

    def close(self) -> None:
        """Nothing to release: ``Source`` closes the file."""
