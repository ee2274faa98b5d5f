"""Python codecs for unpacked GSM 7-bit text, registered when ``nrs_codec`` is imported.

``"gsm03.38"`` (also ``"gsm0338"``, ``"gsm"``) uses the default alphabet and its extension table;
``"gsm-pt"`` the Portuguese locking and single shift tables, and so on for every encoding name in
``ENCODING_LANGUAGE`` of the generated tables; a name a preset limits to one table
(``"gsm-tr-single"``) uses that table and the default one. One character is one octet holding its septet
value, or ESC and a code for a single shift character: the form SMPP binds carry. ``errors``
works as the ``codecs`` module defines it (``strict``, ``replace``, ``ignore`` and any registered
handler), in one call, chunk by chunk (incremental encoder and decoder, ``io.TextIOWrapper``)
and through ``codecs.open`` (stream reader and writer).

A name that another package registered first (say its own ``"gsm03.38"``) is left to it: it
never overrides a codec registered before it; ``nrs_codec.wire.codecs.lookup(name)`` still gives
this package's codec.
"""

from __future__ import annotations

import codecs

from .._generated.tables import ENCODING_LANGUAGE, LOCKING, RESTRICTED_ENCODINGS, SINGLE
from ..core.engine import from_septets, to_septets
from ..core.rules import ESC


def _tables_of(lang: int, uses_locking: bool = True, uses_single: bool = True) -> tuple[int, int]:
    """(locking, single shift) language ids of a codec: the language's own tables where it has
    them and may use them, else the default ones."""
    return (lang if uses_locking and LOCKING.get(lang) else 0), (
        lang if uses_single and SINGLE.get(lang) else 0
    )


def _make_encode(name: str, locking: int, single: int):
    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        out = bytearray()
        pos = 0
        while True:
            septets, stop = to_septets(text, locking, single, pos)
            out += septets
            if stop == len(text):
                return bytes(out), len(text)
            exc = UnicodeEncodeError(name, text, stop, stop + 1, "character not in the GSM 7-bit tables")
            replacement, pos = codecs.lookup_error(errors)(exc)
            pos = pos + len(text) if pos < 0 else pos
            if isinstance(replacement, bytes):
                out += replacement
                continue
            septets, rstop = to_septets(replacement, locking, single)
            if rstop != len(replacement):
                raise exc
            out += septets

    return encode


def _make_decode(name: str, locking: int, single: int):
    def decode(data: bytes, errors: str = "strict", final: bool = True) -> tuple[str, int]:
        data = bytes(data)
        out = []
        pos = 0
        while True:
            text, stop = from_septets(data, locking, single, pos)
            out.append(text)
            if stop == len(data):
                return "".join(out), len(data)
            s = data[stop]
            if s == ESC and stop + 1 == len(data):
                if not final:  # the code may arrive with the next chunk
                    return "".join(out), stop
                end, reason = stop + 1, "lone ESC at the end of the input"
            elif s == ESC and data[stop + 1] <= 0x7F:
                end, reason = stop + 2, f"ESC 0x{data[stop + 1]:02X} is not in the single shift table"
            elif s == ESC:
                end, reason = stop + 1, "ESC followed by an octet that is not a septet value"
            elif s > 0x7F:
                end, reason = stop + 1, f"0x{s:02X} is not a septet value"
            else:
                end, reason = stop + 1, f"septet 0x{s:02X} is not in the locking table"
            exc = UnicodeDecodeError(name, data, stop, end, reason)
            replacement, pos = codecs.lookup_error(errors)(exc)
            pos = pos + len(data) if pos < 0 else pos
            out.append(replacement)

    return decode


def _codec_info(name: str, tables: tuple[int, int]) -> codecs.CodecInfo:
    encode = _make_encode(name, *tables)
    decode = _make_decode(name, *tables)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, input: str, final: bool = False) -> bytes:
            return encode(input, self.errors)[0]

    class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
        def _buffer_decode(self, input: bytes, errors: str, final: bool) -> tuple[str, int]:
            return decode(input, errors, final)

    class StreamWriter(codecs.StreamWriter):
        def encode(self, input: str, errors: str = "strict") -> tuple[bytes, int]:
            return encode(input, errors)

    class StreamReader(codecs.StreamReader):
        def decode(self, input: bytes, errors: str = "strict") -> tuple[str, int]:
            # An ESC that ends a chunk waits for its code in the next one.
            return decode(input, errors, False)

        def read(self, size: int = -1, chars: int = -1, firstline: bool = False) -> str:
            text = super().read(size, chars, firstline)
            # codecs.StreamReader keeps what its decode left undecoded when the stream ends, and
            # says nothing: an ESC left at the end (the whole stream was read, or nothing more
            # came) is decoded as final, so that ``errors`` decides what becomes of it.
            if self.bytebuffer and (not text or (size < 0 and chars < 0)):
                pending, self.bytebuffer = self.bytebuffer, b""
                text += decode(pending, self.errors, True)[0]
            return text

    return codecs.CodecInfo(
        encode=encode,
        decode=lambda data, errors="strict": decode(data, errors),
        incrementalencoder=IncrementalEncoder,
        incrementaldecoder=IncrementalDecoder,
        streamwriter=StreamWriter,
        streamreader=StreamReader,
        name=name,
    )


# Names as codecs.lookup hands them to a search function: lower case, "-" and " " as "_".
# The value is the codec's (locking, single shift) language ids.
_TABLES_OF = {"gsm03.38": (0, 0), "gsm0338": (0, 0), "gsm_03.38": (0, 0)}
_TABLES_OF.update({enc.replace("-", "_"): _tables_of(lang) for enc, lang in ENCODING_LANGUAGE.items()})
_TABLES_OF.update({enc.replace("-", "_"): _tables_of(*t) for enc, t in RESTRICTED_ENCODINGS.items()})
_CODECS: dict[str, codecs.CodecInfo] = {}


def lookup(name: str) -> codecs.CodecInfo:
    """This package's codec for ``name`` (``"gsm03.38"``, ``"gsm-pt"``, ``"gsm-hi"``, ...),
    whatever else is registered under the same name; LookupError for a name it does not know."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    tables = _TABLES_OF.get(key)
    if tables is None:
        raise LookupError(f"nrs_codec has no codec named {name!r}")
    if key not in _CODECS:
        _CODECS[key] = _codec_info("gsm03.38" if tables == (0, 0) else key.replace("_", "-"), tables)
    return _CODECS[key]


def _taken(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


# A name some other package registered before us stays theirs: codecs.lookup asks search
# functions in the order they were registered, so answering it here would override theirs.
# Ours stay reachable through ``lookup`` above.
FOREIGN = frozenset(name for name in _TABLES_OF if _taken(name))


def _search(name: str) -> codecs.CodecInfo | None:
    if name not in _TABLES_OF or name in FOREIGN:
        return None
    return lookup(name)


codecs.register(_search)
CODEC_NAMES = tuple(sorted({"gsm03.38", *ENCODING_LANGUAGE, *RESTRICTED_ENCODINGS}))
