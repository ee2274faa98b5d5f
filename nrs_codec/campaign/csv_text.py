"""The text of the CSV output: a block of per-row results as CSV lines.

The lines are those pyarrow's CSV writer gives with its default options (a comma between cells,
text always quoted, a null cell empty), a dictionary column written as the values it holds. A
text cell that a spreadsheet would take for a formula (one that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: a recipient ``=cmd|' /C calc'!A0``) is written with a single
quote before it, as OWASP advises against CSV injection; a plain number (``+33612345678``,
``-5``) is no formula and stays as it is.

The compiled engine writes a block's lines in one pass over its columns' buffers
(``_native/csvlines.pxi``), about six times faster than the writer, which formats each column to
text first; pyarrow's writer is the twin (``twin=True``), the readable statement of the format and
what runs where the engine is not built or a column is of a type the engine does not write (a
decimal beyond 64 bits). ``tests/campaign/test_csv_text.py`` holds the two to the same bytes.
"""

from __future__ import annotations

import numpy as np

from .._columns import no_rows, string_buffers, to_ints, validity_bits
from ..core.engine import compiled

# The kinds of cell the engine writes (``csvlines.pxi``).
_INTEGER, _TEXT, _DICTIONARY, _DECIMAL = range(4)
_NUMBER_BYTES = 27  # the most an integer or decimal cell takes (MAX_NUMBER there), with the comma after it


def csv_text(pa, table, header: bool = False, *, twin: bool = False):
    """A block of the CSV output (an Arrow buffer); with ``header``, the header line of its
    columns alone."""
    if not header and not twin and compiled is not None:
        lines = _compiled_lines(pa, table)
        if lines is not None:
            return lines
    if header:
        table = no_rows(pa, _decoded_schema(pa, table.schema))
    else:
        # Without empty chunks: pyarrow's writer (26) writes uninitialised bytes for a first one.
        batches = [batch for batch in table.to_batches() if batch.num_rows]
        table = inert(pa, _decoded(pa, pa.Table.from_batches(batches, table.schema)))
    sink = pa.BufferOutputStream()
    pa.csv.write_csv(table, sink, pa.csv.WriteOptions(include_header=header))
    return sink.getvalue()


def _compiled_lines(pa, table):
    """The engine's lines of ``table``, or None where a column is of a type it does not write."""
    rows = table.num_rows
    if not rows or not table.num_columns:
        return None
    columns = []
    for column in table.columns:
        try:
            array = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
        except pa.ArrowInvalid:  # dictionaries that do not unify (with nulls, or too many values)
            return None
        cells = _cells(pa, array)
        if cells is None:
            return None
        columns.append(cells)
    out = np.empty(rows + sum(_bound(cells, rows) for cells in columns), dtype=np.uint8)
    return pa.py_buffer(out[: compiled.csv_lines(columns, rows, out)])


def _bound(cells, rows: int) -> int:
    """The most bytes ``rows`` cells of a column take, with the comma or line feed after each."""
    kind, offsets = cells[0], cells[4]
    if kind == _TEXT:  # every byte a quote, doubled; two quotes and a single one around them
        return 2 * int(offsets[-1] - offsets[0]) + 4 * rows
    if kind == _DICTIONARY:
        return (int(np.diff(offsets).max(initial=0)) + 1) * rows
    return _NUMBER_BYTES * rows


def _cells(pa, array):
    """A column as the engine takes it, ``(kind, values, bits, first_bit, offsets, data,
    scale)``, or None."""
    kind = array.type
    n, first, bits = len(array), array.offset, validity_bits(array)
    if pa.types.is_integer(kind) and kind != pa.uint64():
        return _INTEGER, to_ints(array), bits, first, None, None, 0
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if pa.types.is_large_string(kind):
            array = array.cast(pa.string())  # a block's text is far below 2 GiB
        offsets, data, bits, first = string_buffers(array)
        return _TEXT, None, bits, first, offsets.astype(np.int64), data, 0
    if pa.types.is_decimal128(kind) and 0 <= kind.scale <= 18:
        words = np.frombuffer(array.buffers()[1], np.int64, count=2 * (first + n)).reshape(-1, 2)[first:]
        low = np.ascontiguousarray(words[:, 0])
        if not np.array_equal(words[:, 1], low >> 63):  # a value beyond 64 bits
            return None
        return _DECIMAL, low, bits, first, None, None, kind.scale
    if pa.types.is_dictionary(kind) and pa.types.is_integer(kind.index_type):
        dictionary = array.dictionary
        cells = _cells(pa, dictionary)
        if cells is None or cells[0] == _DICTIONARY:
            return None
        ends = np.zeros(len(dictionary) + 1, dtype=np.int64)  # the cells, each written once
        data = np.empty(max(_bound(cells, len(dictionary)), 1), dtype=np.uint8)
        compiled.csv_lines([cells], len(dictionary), data, ends[1:])
        return _DICTIONARY, to_ints(array.indices), bits, first, ends, data, 0
    return None


def _decoded_schema(pa, schema):
    """``schema`` with its dictionary columns as the values they hold: the CSV writer's."""
    return pa.schema(
        [f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in schema]
    )


def _decoded(pa, table):
    """``table`` with its dictionary columns as the values they hold (a CSV cell is text)."""
    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(field.type.value_type))
    return table


# A cell a spreadsheet evaluates: what starts like a formula and is not just a number.
_FORMULA = r"^[=+\-@\t\r]"
_NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?$"


def inert(pa, table):
    """``table`` with each text cell that a spreadsheet would evaluate as a formula prefixed by a
    single quote, which makes it text there. Bytes, not text, are matched: whatever they hold."""
    for i, field in enumerate(table.schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        raw = _view(
            pa, table.column(i), pa.large_binary() if pa.types.is_large_string(field.type) else pa.binary()
        )
        risky = pa.compute.and_(
            pa.compute.match_substring_regex(raw, _FORMULA),
            pa.compute.invert(pa.compute.match_substring_regex(raw, _NUMBER)),
        )
        if not pa.compute.any(risky).as_py():
            continue
        # A quote before each cell by a pattern, not by a scalar made of Python bytes: that
        # imports pandas.
        quoted = pa.compute.replace_substring_regex(raw, pattern="^", replacement="'", max_replacements=1)
        table = table.set_column(i, field, _view(pa, pa.compute.if_else(risky, quoted, raw), field.type))
    return table


def _view(pa, column, kind):
    """A chunked column's buffers seen as another type of the same layout (no copy)."""
    return pa.chunked_array([chunk.view(kind) for chunk in column.chunks], kind)
