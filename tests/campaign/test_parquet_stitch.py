"""Row groups encoded apart and stitched into one Parquet file (``parquet_stitch``): the footer's
Thrift read and written back to the same bytes, whatever its fields; the stitched file the very
bytes pyarrow's one writer gives for the same row groups, read back and filtered alike; what
cannot be stitched (a page index, a chunk in another file, a broken footer) refused."""

from __future__ import annotations

import struct

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import parquet_stitch as ps
from nrs_codec.campaign.output import _parquet_layout


def footer(data: bytes) -> bytes:
    (size,) = struct.unpack("<I", data[-8:-4])
    return data[len(data) - 8 - size : -8]


def written(table, sizes, **layout) -> bytes:
    """One ParquetWriter's file of ``table`` in row groups of ``sizes`` rows."""
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, table.schema, **layout) as writer:
        at = 0
        for size in sizes:
            writer.write_table(table.slice(at, size), row_group_size=max(1, size))
            at += size
    return sink.getvalue().to_pybytes()


def stitched(tmp_path, table, sizes, **layout) -> bytes:
    stitcher = ps.Stitcher(str(tmp_path / "s.parquet"))
    at = 0
    for size in sizes:
        stitcher.append(ps.encode(pa, table.slice(at, size), layout))
        at += size
    stitcher.close()
    return (tmp_path / "s.parquet").read_bytes()


def sample(rows: int) -> pa.Table:
    """The columns of a check's output, and a few kinds it does not have."""
    ids = pa.array([i % 3 for i in range(rows)], pa.int32())
    return pa.table(
        {
            "row": pa.array(range(1, rows + 1), pa.int64()),
            "encoding": pa.DictionaryArray.from_arrays(ids, pa.array(["gsm", "gsm-pt", "utf-16"])),
            "parts": pa.array([i % 7 for i in range(rows)], pa.uint16()),
            "recipient": pa.array([f"3519{i:08d}" if i % 5 else None for i in range(rows)]),
            "cost": pa.array([i % 4 for i in range(rows)], pa.decimal128(12, 4)),
            "score": pa.array([i / 3 for i in range(rows)], pa.float64()),
            "tags": pa.array([["a", "b"][: i % 3] for i in range(rows)], pa.list_(pa.string())),
            "sent": pa.array(range(rows), pa.timestamp("ms")),
            "ok": pa.array([i % 2 == 0 for i in range(rows)]),
        }
    )


SPLITS = [[0], [1], [10, 0, 7], [500, 500, 1], [1000]]
LAYOUTS = [
    {},  # pyarrow's defaults: the Arrow schema in the key-value metadata, statistics everywhere
    {"compression": "zstd", "use_dictionary": False, "write_statistics": False},
    {"compression": "none", "data_page_size": 64, "version": "1.0"},
]


@pytest.mark.parametrize("sizes", SPLITS, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS, ids=["defaults", "zstd", "small-pages"])
def test_stitched_row_groups_are_the_bytes_of_one_writer(tmp_path, sizes, layout):
    table = sample(sum(sizes))
    one = written(table, sizes, **layout)
    assert stitched(tmp_path, table, sizes, **layout) == one
    assert ps._write_struct_bytes(ps._read_struct(footer(one), 0)[0]) == footer(one)


def test_the_checks_own_layout(tmp_path):
    table = sample(3000).select(["row", "encoding", "parts", "recipient", "cost"])
    layout = _parquet_layout(pa, table)
    sizes = [1200, 1200, 600]
    assert stitched(tmp_path, table, sizes, **layout) == written(table, sizes, **layout)


@pytest.mark.parametrize(
    ("layout", "says"),
    [
        # Its offset index holds each page's offset in the file, outside the footer: not moved here.
        ({"write_page_index": True}, "page index"),
        # One writer puts them all after the last row group: the bytes would not be one writer's.
        ({"bloom_filter_options": {"recipient": True}}, "bloom filter"),
    ],
)
def test_what_lies_outside_the_row_groups_is_refused(tmp_path, layout, says):
    part = written(sample(50), [50], **layout)
    with pytest.raises(ps.FooterError, match=says):
        ps.Stitcher(str(tmp_path / "s.parquet")).append(part)


def test_a_part_of_another_schema_is_refused(tmp_path):
    # One writer refuses a table of another schema; stitched, its row group would be misread.
    stitcher = ps.Stitcher(str(tmp_path / "s.parquet"))
    stitcher.append(written(pa.table({"n": pa.array([1, 2], pa.int32())}), [2]))
    with pytest.raises(ps.FooterError, match="schema"):
        stitcher.append(written(pa.table({"n": pa.array([3, 4], pa.int64())}), [2]))


def test_stitched_row_groups_are_read_and_filtered_as_written(tmp_path):
    sizes = [700, 700, 600]
    table = sample(sum(sizes))
    stitched(tmp_path, table, sizes, data_page_size=512)
    path = tmp_path / "s.parquet"
    assert pq.read_table(path).equals(table)
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == sizes
    for g in range(meta.num_row_groups):
        assert pq.ParquetFile(path).read_row_group(g).equals(table.slice(sum(sizes[:g]), sizes[g]))
    # A filter skips row groups by their statistics, and reads the rest at their offsets.
    got = pq.read_table(path, filters=[("row", ">", 1500)])
    assert got.column("row").to_pylist() == list(range(1501, 2001))


# Thrift compact structs of every type: ids far apart (the long field header), negative numbers,
# lists of 15 and more (the long list header), booleans as fields and in lists, maps, nesting.
SCALARS = {
    ps._BYTE: st.integers(-128, 127),
    ps._I16: st.integers(-(2**15), 2**15 - 1),
    ps._I32: st.integers(-(2**31), 2**31 - 1),
    ps._I64: st.integers(-(2**63), 2**63 - 1),
    ps._DOUBLE: st.floats(allow_nan=False),
    ps._BINARY: st.binary(max_size=40),
    ps._TRUE: st.just(True),
}


def values(kind: int, depth: int):
    if kind in SCALARS:
        return SCALARS[kind]
    if kind in (ps._LIST, ps._SET):
        elements = [*SCALARS, ps._FALSE, ps._STRUCT] if depth else [*SCALARS, ps._FALSE]
        return st.sampled_from(elements).flatmap(
            lambda element: st.tuples(
                st.just(element),
                st.lists(  # booleans in a list are a byte each, true or false, whatever its type says
                    st.booleans() if element in (ps._TRUE, ps._FALSE) else values(element, depth - 1),
                    max_size=20,
                ),
            )
        )
    if kind == ps._MAP:
        return st.tuples(st.sampled_from([ps._I32, ps._BINARY]), st.sampled_from(list(SCALARS))).flatmap(
            lambda kv: st.lists(st.tuples(values(kv[0], 0), values(kv[1], 0)), max_size=4).map(
                lambda pairs: (*kv, pairs) if pairs else (0, 0, [])  # an empty map has no types
            )
        )
    return structs(depth - 1)


def structs(depth: int):
    kinds = [*SCALARS, ps._FALSE, ps._LIST, ps._SET, ps._MAP] + ([ps._STRUCT] if depth > 0 else [])

    def field(fid_kind):
        fid, kind = fid_kind
        if kind == ps._FALSE:
            return st.just([fid, ps._FALSE, False])
        return values(kind, depth).map(lambda v: [fid, kind, v])

    # Ids in any order, repeated, negative: the long header where the short one cannot say them.
    ids = st.lists(st.integers(-50, 400), max_size=8)
    return ids.flatmap(
        lambda fids: st.tuples(*[st.sampled_from(kinds).map(lambda k, f=f: (f, k)) for f in fids])
    ).flatmap(lambda pairs: st.tuples(*[field(p) for p in pairs]).map(list))


@settings(max_examples=300, deadline=None)
@given(structs(2))
def test_thrift_structs_are_read_back_as_written(fields):
    data = ps._write_struct_bytes(fields)
    got, end = ps._read_struct(data, 0)
    assert end == len(data) and got == fields


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"PAR1" + b"\x00" * 4 + struct.pack("<I", 100) + b"PAR1", "larger than the file"),
        (b"not a parquet file at all", "not a Parquet file"),
        (b"PAR1" + b"\x15" + struct.pack("<I", 1) + b"PAR1", "ends inside"),
    ],
)
def test_what_cannot_be_stitched_is_refused(tmp_path, data, says):
    with pytest.raises(ps.FooterError, match=says):
        ps.Stitcher(str(tmp_path / "s.parquet")).append(data)


def test_a_column_chunk_in_another_file_is_refused(tmp_path):
    part = written(sample(5), [5])
    fields = ps._read_struct(footer(part), 0)[0]
    group = ps._value(fields, ps._FILE_ROW_GROUPS, None)[1][0]
    chunk = ps._value(group, ps._GROUP_COLUMNS, None)[1][0]
    chunk.insert(0, [ps._CHUNK_PATH, ps._BINARY, b"elsewhere.parquet"])
    new = ps._write_struct_bytes(fields)
    start = len(part) - 8 - len(footer(part))
    with pytest.raises(ps.FooterError, match="another file"):
        moved = part[:start] + new + struct.pack("<I", len(new)) + b"PAR1"
        ps.Stitcher(str(tmp_path / "s.parquet")).append(moved)
