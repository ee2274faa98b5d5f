"""The CSV output's text (``campaign.csv_text``): the compiled lines (``_native/csvlines.pxi``) are
the bytes pyarrow's CSV writer gives, cells made inert included, on every table Hypothesis draws
(integers of each width, text of any kind, dictionaries, decimals of every scale, nulls, slices
and chunks) and on a real check's output; where the engine does not write a column's type, the
writer does."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from campaign_files import csv_text as campaign_csv
from campaign_files import run, write
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec.campaign import csv_text as module
from nrs_codec.campaign.csv_text import csv_text
from nrs_codec.core.engine import compiled

pytestmark = pytest.mark.skipif(
    compiled is None and not os.environ.get("NRS_CODEC_REQUIRE_COMPILED"),
    reason="the compiled engine is not built",
)

INTEGERS = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32()]

# Text that turns on the rules: quotes, delimiters, line breaks, what starts a formula, numbers,
# which are none (``+351912345678``, ``-5``, ``+2.50``), and what only looks like one (``-1.``,
# ``-.5``, ``+1.5\n``, ``+1e5``).
TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet='=+-@\t\r\n0123456789.",aé€😀', max_size=8),
    st.sampled_from(
        ["+351912345678", "-5", "1.5", "-1.", "+2.50", "-.5", "+1.5\n", "-1.5.2", "+1e5", "\t7", "=1", ""]
    ),
)


@st.composite
def integers(draw, n):
    kind = draw(st.sampled_from(INTEGERS))
    info = np.iinfo(kind.to_pandas_dtype())
    least, most = int(info.min), int(info.max)
    value = st.one_of(st.integers(least, most), st.sampled_from([least, most, 0]))
    return pa.array(draw(st.lists(st.none() | value, min_size=n, max_size=n)), kind)


@st.composite
def texts(draw, n):
    kind = draw(st.sampled_from([pa.string(), pa.large_string()]))
    return pa.array(draw(st.lists(st.none() | TEXT, min_size=n, max_size=n)), kind)


@st.composite
def dictionaries(draw, n):
    values = draw(st.lists(st.none() | TEXT, max_size=5))
    indices = st.none() | st.integers(0, len(values) - 1) if values else st.none()
    kind = draw(st.sampled_from([pa.int8(), pa.int32()]))
    ids = pa.array(draw(st.lists(indices, min_size=n, max_size=n)), kind)
    return pa.DictionaryArray.from_arrays(ids, pa.array(values, pa.string()))


@st.composite
def decimals(draw, n):
    # Scales beyond 18 and values beyond 64 bits are the writer's; the rest the engine's.
    scale = draw(st.integers(0, 20))
    precision = draw(st.integers(max(scale, 1), 38))
    top = 10 ** min(precision, 38) - 1
    unscaled = st.one_of(
        st.integers(-top, top), st.integers(-(10**19), 10**19).map(lambda v: max(-top, min(top, v)))
    )
    values = draw(st.lists(st.none() | unscaled, min_size=n, max_size=n))
    # From the 16-byte words themselves: pyarrow infers a precision from Python decimals.
    data = b"".join((v or 0).to_bytes(16, "little", signed=True) for v in values)
    valid = np.packbits(np.array([v is not None for v in values], dtype=bool), bitorder="little")
    buffers = [pa.py_buffer(valid.tobytes()), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.decimal128(precision, scale), n, buffers)


@st.composite
def tables(draw):
    n = draw(st.integers(0, 24))
    kinds = st.sampled_from([integers, texts, dictionaries, decimals])
    columns = [draw(kind(n)) for kind in draw(st.lists(kinds, min_size=1, max_size=5))]
    table = pa.table({f"c{i}": column for i, column in enumerate(columns)})
    if draw(st.booleans()):  # two chunks, as a block gathered from two
        table = pa.concat_tables([table, table.slice(n // 2)])
    start = draw(st.integers(0, table.num_rows))
    return table.slice(start, draw(st.integers(0, table.num_rows - start)))


def engine_writes(table) -> bool:
    """Whether the engine writes ``table``: rows, and no decimal beyond 64 bits or of scale 19."""
    for column in table.columns:
        if pa.types.is_decimal(column.type):
            limit = Decimal(2**63).scaleb(-column.type.scale)
            values = column.drop_null().to_pylist()
            if column.type.scale > 18 or any(-limit > v or v >= limit for v in values):
                return False
    return table.num_rows > 0


@settings(max_examples=400, deadline=None)
@given(tables())
def test_the_compiled_lines_are_the_writers_bytes(table):
    ours = csv_text(pa, table).to_pybytes()
    assert ours == csv_text(pa, table, twin=True).to_pybytes()
    assert (module._compiled_lines(pa, table) is not None) == engine_writes(table)


def test_blocks_with_a_header_are_the_text_of_pyarrows_csv_writer():
    # Written a block at a time (on the writing thread or an encoder): the bytes pyarrow's
    # CSVWriter gives for the same blocks; a file of no rows is its header alone.
    ids = pa.array([0, 1, None, 2], pa.int32())
    table = pa.table(
        {
            "row": pa.array([1, 2, 3, 4], pa.int64()),
            "encoding": pa.DictionaryArray.from_arrays(ids, pa.array(["gsm", 'say "hi"', "a,b\nc"])),
            "recipient": pa.array(["=cmd|' /C calc'!A0", None, "+351912345678", "-5"]),
            "cost": pa.array([Decimal("0.0123"), None, Decimal("1"), Decimal("0")], pa.decimal128(12, 4)),
        }
    )
    blocks = [table.slice(0, 1), table.slice(1, 3), table.slice(4, 0)]
    assert module._compiled_lines(pa, table) is not None
    theirs = pa.BufferOutputStream()
    with pacsv.CSVWriter(theirs, module._decoded_schema(pa, table.schema)) as writer:
        for block in blocks:
            writer.write_table(module.inert(pa, module._decoded(pa, block)))
    ours = csv_text(pa, table, header=True).to_pybytes()
    ours += b"".join(csv_text(pa, block).to_pybytes() for block in blocks)
    assert ours == theirs.getvalue().to_pybytes()
    assert b"\"'=cmd" in ours and b'"a,b\nc"' in ours and b',"+351912345678",' in ours


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (Decimal("0E-10"), b"0E-10"),
        (Decimal("1.5E-9"), b"1.5E-9"),
        (Decimal("-0.000001"), b"-0.000001"),
        (Decimal("-0.0000001"), b"-1E-7"),
        (Decimal("-92233720368.54775808"), b"-92233720368.54775808"),
        (Decimal("12.30"), b"12.30"),
    ],
)
def test_decimals_are_written_as_arrow_writes_them(cell, text):
    exponent = -cell.as_tuple().exponent
    table = pa.table({"d": pa.array([cell], pa.decimal128(20, exponent))})
    assert module._compiled_lines(pa, table) is not None
    assert csv_text(pa, table).to_pybytes() == text + b"\n"


def test_what_the_engine_does_not_write_is_the_writers():
    # uint64 and floats, a decimal beyond 64 bits or of scale 19 and over: pyarrow's writer.
    for column in (
        pa.array([2**64 - 1], pa.uint64()),
        pa.array([1.5]),
        pa.array([Decimal(2**70)], pa.decimal128(38, 0)),
        pa.array([Decimal("1E-19")], pa.decimal128(20, 19)),
    ):
        table = pa.table({"x": column, "y": ["=1+1"]})
        assert module._compiled_lines(pa, table) is None
        assert csv_text(pa, table).to_pybytes().endswith(b',"\'=1+1"\n')


def test_the_kernel_refuses_what_points_outside_its_buffers():
    out = np.empty(64, dtype=np.uint8)
    index = np.array([0, 3], dtype=np.int64)  # the dictionary has two cells
    cells = (2, index, None, 0, np.array([0, 1, 2], dtype=np.int64), np.frombuffer(b"ab", np.uint8), 0)
    with pytest.raises(ValueError, match="outside its column"):
        compiled.csv_lines([cells], 2, out)
    text = (1, None, None, 0, np.array([0, 40], dtype=np.int64), np.frombuffer(b"x" * 40, np.uint8), 0)
    with pytest.raises(ValueError, match="too small"):
        compiled.csv_lines([text], 1, out)
    with pytest.raises(ValueError, match="scale"):
        compiled.csv_lines([(3, index, None, 0, None, None, 19)], 2, out)


def test_the_kernel_holds_every_columns_buffers_while_it_writes():
    # A column's memory cannot be freed or resized under the kernel (which writes without the
    # GIL) once it has been taken: here by Python code run while a later column is read.
    data = bytearray(b"x" * (1 << 20))

    class Resizing:
        def __iter__(self):
            data.clear()
            return iter((0, np.zeros(1, np.int64), None, 0, None, None, 0))

    text = (1, None, None, 0, np.array([0, len(data)], np.int64), data, 0)
    short = (1, None, None, 0, np.array([0, 1], np.int64), np.frombuffer(b"y", np.uint8), 0)
    with pytest.raises(BufferError):
        compiled.csv_lines([text, short, Resizing()], 1, np.empty(2 * len(data) + 64, np.uint8))
    assert len(data) == 1 << 20


def test_chunks_whose_dictionaries_do_not_unify_are_the_writers():
    # Dictionaries with nulls, or more values together than their index type holds, cannot be
    # combined into one: such a column is the writer's, not an error.
    nulls = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()), pa.array(["a", None]))
    other = pa.DictionaryArray.from_arrays(pa.array([0], pa.int32()), pa.array(["=b"]))
    many = [
        pa.DictionaryArray.from_arrays(
            pa.array([0, 127], pa.int8()), pa.array([f"{k}{i}" for i in range(128)])
        )
        for k in "pq"
    ]
    for chunks, text in (([nulls, other], b'"a"\n\n"\'=b"\n'), (many, b'"p0"\n"p127"\n"q0"\n"q127"\n')):
        table = pa.table({"d": pa.chunked_array(chunks)})
        assert csv_text(pa, table).to_pybytes() == csv_text(pa, table, twin=True).to_pybytes() == text


def test_an_empty_first_chunk_writes_nothing():
    # pyarrow's writer writes uninitialised bytes for a table whose first chunk has no rows; the
    # writer is given none.
    column = pa.chunked_array([pa.array([], pa.string()), pa.array(["x"])])
    assert csv_text(pa, pa.table({"s": column}), twin=True).to_pybytes() == b'"x"\n'
    with_uint64 = pa.table({"s": column, "u": pa.chunked_array([pa.array([], pa.uint64()), [1]])})
    assert module._compiled_lines(pa, with_uint64) is None
    assert csv_text(pa, with_uint64).to_pybytes() == b'"x",1\n'


def test_a_checks_csv_output_is_written_by_the_engine_and_is_the_writers(tmp_path, capsys, monkeypatch):
    # The real output (recipients, countries, exact costs, errors) takes the compiled path on
    # every block, and its file is the one pyarrow's writer gives.
    taken = []

    compiled_lines = module._compiled_lines

    def lines(pa, table):
        got = compiled_lines(pa, table)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(module, "_compiled_lines", lines)
    messages = ["Olá", 'Preço "5€"', "😀", "x" * 170, "=SUM(A1)", "ok", "{}" * 90] * 40
    text = campaign_csv(messages) + "41,=cmd,hi\n42,33612345678,-5\n43,+351912345678,x\n44,,\n"
    path = write(tmp_path / "c.csv", text)
    prices = write(tmp_path / "prices.csv", "destination,price,currency\nPT,0.0123,EUR\nFR,0.05,EUR\n")
    argv = [path, "--to-column", "to", "--prices", prices]
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    run(capsys, *argv, "--output", ours)
    assert taken and all(taken)
    monkeypatch.setattr(module, "compiled", None)
    run(capsys, *argv, "--output", theirs)
    assert ours.read_bytes() == theirs.read_bytes()
    got = pacsv.read_csv(ours)
    assert got.num_rows == len(messages) + 4 and "cost" in got.column_names
    assert b'"\'=cmd",,,\n' in ours.read_bytes() and b'"33612345678","FR",0.0500,"EUR"' in ours.read_bytes()
    assert b'"+351912345678",,,\n' in ours.read_bytes()  # a number, no formula; yet not a recipient


def test_the_writer_makes_cells_inert_without_importing_pandas(tmp_path):
    # Without the engine (or for a column it does not write) the writer runs: a quote put before
    # a formula by a pattern, not by a scalar made from Python bytes, which imports pandas.
    code = (
        "import sys, pyarrow as pa, pyarrow.csv, pyarrow.compute\n"
        "from nrs_codec._columns import strings\n"
        "from nrs_codec.campaign.csv_text import csv_text\n"
        "for kind in (pa.string(), pa.large_string()):\n"
        "    table = pa.table({'r': strings(['=cmd', '+351912345678', None, '@x']).cast(kind)})\n"
        "    print(csv_text(pa, table, twin=True).to_pybytes())\n"
        "print('pandas' in sys.modules)\n"
    )
    # Run outside the checkout, so that the package installed is the one imported.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    lines = done.stdout.splitlines()
    assert lines == [repr(b'"\'=cmd"\n"+351912345678"\n\n"\'@x"\n')] * 2 + ["False"], done.stderr
