"""One Parquet file from row groups encoded apart, so that several threads can encode them.

pyarrow's ``ParquetWriter`` encodes a file's row groups one after another on one thread: the
last serial stage of a check on many cores. Here each row group is encoded on its own into a
Parquet file in memory (``encode``), on whichever thread has the table, and ``Stitcher``
appends the row group's bytes to the output in order. A Parquet file is ``PAR1``, its row
groups' pages, a footer (a Thrift ``FileMetaData``), the footer's length and ``PAR1``; a row
group's pages do not depend on where they lie, only the footer says where. So the footer of the
stitched file is the first part's, with every part's row groups in order, their offsets moved
by where their bytes now lie (and their ordinals renumbered, where the writer wrote them), and
the rows summed: for pyarrow's files, the very bytes its writer would have written for those
row groups in one file.

The footer is read and written with Thrift's compact protocol, field by field, whatever the
fields (``_read_struct`` and ``_write_struct``: a field this module does not know of is kept as
it was), and only the fields that hold a byte offset of the file are changed
(https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift). Parts
with a page index are refused: its offset index holds each page's offset outside the footer;
so are bloom filters (a file of one writer holds them after its last row group, not after each),
column chunks in other files, encrypted ones, and a part whose schema is not the first's. The
check's output has none of them.
"""

from __future__ import annotations

import struct

MAGIC = b"PAR1"

# Thrift compact types.
_STOP, _TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(13)
_INTEGERS = (_BYTE, _I16, _I32, _I64)

# Field ids of parquet.thrift's structs that the stitching reads or changes.
_FILE_SCHEMA, _FILE_NUM_ROWS, _FILE_ROW_GROUPS = 2, 3, 4
_GROUP_COLUMNS, _GROUP_FILE_OFFSET, _GROUP_ORDINAL = 1, 5, 7
_CHUNK_FILE_OFFSET, _CHUNK_META, _CHUNK_OFFSET_INDEX, _CHUNK_COLUMN_INDEX = 2, 3, 4, 6
_CHUNK_PATH, _CHUNK_CRYPTO, _CHUNK_ENCRYPTED_META = 1, 8, 9
# ColumnMetaData: data_page_offset, index_page_offset, dictionary_page_offset; bloom_filter_offset.
_META_OFFSETS = (9, 10, 11)
_META_BLOOM_FILTER = 14


class FooterError(ValueError):
    """A footer this module cannot stitch: not Thrift's compact protocol, or not as expected."""


def encode(pa, table, layout: dict):
    """``table`` as a Parquet file in memory holding it as one row group (``layout``: the
    keyword arguments of ``ParquetWriter``); pyarrow encodes it without the GIL."""
    sink = pa.BufferOutputStream()
    writer = pa.parquet.ParquetWriter(sink, table.schema, **layout)
    try:
        writer.write_table(table, row_group_size=max(1, len(table)))
    finally:
        writer.close()
    return sink.getvalue()


class Stitcher:
    """The row groups of Parquet files encoded apart (``encode``), appended in order to a new
    file at ``path``; ``close`` writes the footer, ``abandon`` leaves the file without one."""

    def __init__(self, path: str):
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close() or abandon()
        self.file.write(MAGIC)
        self.position = len(MAGIC)
        self.footer: list | None = None  # the first part's FileMetaData fields
        self.groups: list = []  # every part's RowGroup structs, moved to where they now lie
        self.rows = 0

    def append(self, part) -> None:
        """Append the row groups of ``part``, the bytes of a whole Parquet file."""
        data = memoryview(part).cast("B")  # a pyarrow Buffer's bytes are signed chars
        if len(data) < 12 or data[:4] != MAGIC or data[-4:] != MAGIC:
            raise FooterError("not a Parquet file")
        (size,) = struct.unpack("<I", data[-8:-4])
        start = len(data) - 8 - size
        if start < 4:
            raise FooterError("the footer's length is larger than the file")
        fields, end = _read_struct(data[start:-8], 0)
        if end != size:
            raise FooterError("the footer does not end where its length says")
        if self.footer is not None and _value(fields, _FILE_SCHEMA, None) != _value(
            self.footer, _FILE_SCHEMA, None
        ):
            raise FooterError("a part whose schema is not the first part's")
        shift = self.position - len(MAGIC)  # the part's pages start after its own PAR1
        groups = _value(fields, _FILE_ROW_GROUPS, (_STRUCT, []))[1]
        for group in groups:
            _move_group(group, shift)
        self.file.write(data[4:start])
        self.position += start - 4
        self.rows += _value(fields, _FILE_NUM_ROWS, 0)
        self.groups.extend(groups)
        if self.footer is None:
            self.footer = fields

    def close(self) -> None:
        """Write the footer: the first part's, with every row group appended and the rows summed."""
        if self.footer is None:
            raise FooterError("no row group was appended")
        for ordinal, group in enumerate(self.groups):
            if any(f[0] == _GROUP_ORDINAL for f in group):  # a writer that numbers them (an i16)
                if ordinal < 1 << 15:
                    _set(group, _GROUP_ORDINAL, _I16, ordinal)
                else:
                    group[:] = [f for f in group if f[0] != _GROUP_ORDINAL]
        fields = [list(f) for f in self.footer]
        _set(fields, _FILE_NUM_ROWS, _I64, self.rows)
        _set(fields, _FILE_ROW_GROUPS, _LIST, (_STRUCT, self.groups))
        out = _write_struct_bytes(fields)
        try:
            self.file.write(out + struct.pack("<I", len(out)) + MAGIC)
        finally:
            self.file.close()

    def abandon(self) -> None:
        self.file.close()


def _move_group(group: list, shift: int) -> None:
    """Move a RowGroup's byte offsets (its own, its columns', their metadata's) by ``shift``."""
    _shift(group, _GROUP_FILE_OFFSET, shift)
    for chunk in _value(group, _GROUP_COLUMNS, (_STRUCT, []))[1]:
        if any(f[0] in (_CHUNK_PATH, _CHUNK_CRYPTO, _CHUNK_ENCRYPTED_META) for f in chunk):
            raise FooterError("a column chunk in another file, or encrypted")
        if any(f[0] in (_CHUNK_OFFSET_INDEX, _CHUNK_COLUMN_INDEX) for f in chunk):
            # An offset index holds the file offset of each page, outside the footer.
            raise FooterError("a page index, whose pages' offsets are not in the footer")
        _shift(chunk, _CHUNK_FILE_OFFSET, shift)
        meta = _value(chunk, _CHUNK_META, None)
        if meta is None:
            raise FooterError("a column chunk without its metadata")
        if any(f[0] == _META_BLOOM_FILTER for f in meta):
            # One writer puts every bloom filter after the last row group: not the same bytes.
            raise FooterError("a bloom filter, which one writer puts after every row group")
        for fid in _META_OFFSETS:
            _shift(meta, fid, shift)


def _value(fields: list, fid: int, default):
    for field in fields:
        if field[0] == fid:
            return field[2]
    return default


def _set(fields: list, fid: int, kind: int, value) -> None:
    """Set field ``fid`` of a struct, added in the order of the field ids where it is missing."""
    for field in fields:
        if field[0] == fid:
            field[1], field[2] = kind, value
            return
    fields.append([fid, kind, value])
    fields.sort(key=lambda f: f[0])


def _shift(fields: list, fid: int, shift: int) -> None:
    """Move an offset; 0 is none (the file's first bytes are its magic): pyarrow writes the
    deprecated ``ColumnChunk.file_offset`` as 0."""
    for field in fields:
        if field[0] == fid:
            if field[1] not in _INTEGERS:
                raise FooterError(f"field {fid} holds no offset")
            if field[2]:
                field[2] += shift


# Thrift's compact protocol, read and written as it is: a struct is a list of [field id, type,
# value]; a list or set is (element type, values); a map is (key type, value type, pairs).


def _varint(data, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if pos >= len(data):
            raise FooterError("the footer ends inside a number")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise FooterError("a number of more than ten bytes")


def _zigzag(data, pos: int) -> tuple[int, int]:
    n, pos = _varint(data, pos)
    return (n >> 1) ^ -(n & 1), pos


def _read_value(data, pos: int, kind: int):
    if kind in (_TRUE, _FALSE):  # in a collection: a byte each
        if pos >= len(data):
            raise FooterError("the footer ends inside a value")
        return data[pos] == _TRUE, pos + 1
    if kind == _BYTE:
        if pos >= len(data):
            raise FooterError("the footer ends inside a value")
        return struct.unpack_from("<b", data, pos)[0], pos + 1
    if kind in (_I16, _I32, _I64):
        return _zigzag(data, pos)
    if kind == _DOUBLE:
        if pos + 8 > len(data):
            raise FooterError("the footer ends inside a value")
        return struct.unpack_from("<d", data, pos)[0], pos + 8
    if kind == _BINARY:
        size, pos = _varint(data, pos)
        if pos + size > len(data):
            raise FooterError("the footer ends inside a string")
        return bytes(data[pos : pos + size]), pos + size
    if kind in (_LIST, _SET):
        if pos >= len(data):
            raise FooterError("the footer ends inside a list")
        head = data[pos]
        pos += 1
        size, element = head >> 4, head & 0x0F
        if size == 15:
            size, pos = _varint(data, pos)
        values = []
        for _ in range(size):
            value, pos = _read_value(data, pos, element)
            values.append(value)
        return (element, values), pos
    if kind == _MAP:
        size, pos = _varint(data, pos)
        if not size:
            return (0, 0, []), pos
        if pos >= len(data):
            raise FooterError("the footer ends inside a map")
        key_kind, value_kind = data[pos] >> 4, data[pos] & 0x0F
        pos += 1
        pairs = []
        for _ in range(size):
            key, pos = _read_value(data, pos, key_kind)
            value, pos = _read_value(data, pos, value_kind)
            pairs.append((key, value))
        return (key_kind, value_kind, pairs), pos
    if kind == _STRUCT:
        return _read_struct(data, pos)
    raise FooterError(f"unknown Thrift compact type {kind}")


def _read_struct(data, pos: int) -> tuple[list, int]:
    fields: list = []
    last = 0
    while True:
        if pos >= len(data):
            raise FooterError("the footer ends inside a struct")
        head = data[pos]
        pos += 1
        kind = head & 0x0F
        if kind == _STOP:
            return fields, pos
        if head >> 4:
            fid = last + (head >> 4)
        else:
            fid, pos = _zigzag(data, pos)
        if kind in (_TRUE, _FALSE):  # a field's boolean is its type
            value = kind == _TRUE
        else:
            value, pos = _read_value(data, pos, kind)
        fields.append([fid, kind, value])
        last = fid


def _write_varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _write_zigzag(out: bytearray, n: int) -> None:
    _write_varint(out, n << 1 if n >= 0 else (-n << 1) - 1)


def _write_value(out: bytearray, kind: int, value) -> None:
    if kind in (_TRUE, _FALSE):
        out.append(_TRUE if value else _FALSE)
    elif kind == _BYTE:
        out += struct.pack("<b", value)
    elif kind in (_I16, _I32, _I64):
        _write_zigzag(out, value)
    elif kind == _DOUBLE:
        out += struct.pack("<d", value)
    elif kind == _BINARY:
        _write_varint(out, len(value))
        out += value
    elif kind in (_LIST, _SET):
        element, values = value
        if len(values) < 15:
            out.append(len(values) << 4 | element)
        else:
            out.append(0xF0 | element)
            _write_varint(out, len(values))
        for v in values:
            _write_value(out, element, v)
    elif kind == _MAP:
        key_kind, value_kind, pairs = value
        _write_varint(out, len(pairs))
        if pairs:
            out.append(key_kind << 4 | value_kind)
        for k, v in pairs:
            _write_value(out, key_kind, k)
            _write_value(out, value_kind, v)
    elif kind == _STRUCT:
        _write_struct(out, value)
    else:
        raise FooterError(f"unknown Thrift compact type {kind}")


def _write_struct_bytes(fields: list) -> bytes:
    out = bytearray()
    _write_struct(out, fields)
    return bytes(out)


def _write_struct(out: bytearray, fields: list) -> None:
    last = 0
    for fid, kind, value in fields:
        head_kind = (_TRUE if value else _FALSE) if kind in (_TRUE, _FALSE) else kind
        if 0 < fid - last <= 15:
            out.append((fid - last) << 4 | head_kind)
        else:
            out.append(head_kind)
            _write_zigzag(out, fid)
        if kind not in (_TRUE, _FALSE):
            _write_value(out, kind, value)
        last = fid
    out.append(_STOP)
