"""analyze_many on Arrow input: string, large_string, chunked, nulls, empty strings, slices,
and rows whose UTF-8 is ill-formed (error 422), read straight from the buffers."""

from __future__ import annotations

import ctypes
import json
import mmap
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch import ALPHABET, BACKEND_IDS, BACKENDS, child_env, expected, in_portable_child

from nrs_codec.batch import threads

STRING_TYPES = [pa.string(), pa.large_string()]
VALUES = ["Olá 😀", None, "", "[promo] €5", None, "a" * 161, "", "ção" * 60, "x", None, "😀" * 70]


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@pytest.mark.parametrize("type_", STRING_TYPES, ids=str)
def test_nulls_and_empty_strings(backend, type_):
    got = backend.analyze_many(pa.array(VALUES, type_))
    assert got == expected(VALUES)
    assert got.error.tolist() == [0, 104, 0, 0, 104, 0, 0, 0, 0, 104, 0]
    assert got.parts[2] == 1 and got.units[2] == 0  # an empty string is one empty part


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@pytest.mark.parametrize("type_", STRING_TYPES, ids=str)
def test_sliced_arrays_respect_their_offset(backend, type_):
    arr = pa.array(VALUES, type_)
    for start in range(len(VALUES)):
        for stop in (start, start + 1, len(VALUES)):
            assert backend.analyze_many(arr.slice(start, stop - start)) == expected(VALUES[start:stop])
    chunked = pa.chunked_array([arr.slice(1, 4), arr.slice(0, 0), arr.slice(6)])
    assert backend.analyze_many(chunked) == expected(VALUES[1:5] + VALUES[6:])


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_arrays_without_data_or_validity_buffers(backend):
    assert backend.analyze_many(pa.array([None, None], pa.string())).error.tolist() == [104, 104]
    assert backend.analyze_many(pa.array(["", ""], pa.string())).parts.tolist() == [1, 1]
    assert len(backend.analyze_many(pa.array([], pa.large_string()))) == 0
    assert len(backend.analyze_many(pa.chunked_array([], pa.string()))) == 0


# Each is ill-formed UTF-8 (Unicode 15, table 3-7): a stray continuation byte, an overlong form,
# an encoded surrogate, beyond U+10FFFF, a truncated sequence, a byte that never occurs.
ILL_FORMED = [b"\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]
ILL_FORMED.append(b"\xff")
WELL_FORMED = [b"ok", "€".encode(), "😀".encode(), "\U0010ffff".encode(), "\ud7ff\ue000".encode()]


def from_bytes(rows: list[bytes | None], type_):
    """A string array over raw bytes, built from buffers so that Arrow does not validate them."""
    large = pa.types.is_large_string(type_)
    offsets = np.cumsum([0] + [len(r or b"") for r in rows], dtype=np.int64 if large else np.int32)
    validity = pa.array([r is not None for r in rows]).buffers()[1]
    data = pa.py_buffer(b"".join(r or b"" for r in rows))
    return pa.Array.from_buffers(type_, len(rows), [validity, pa.py_buffer(offsets.tobytes()), data])


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@pytest.mark.parametrize("type_", STRING_TYPES, ids=str)
def test_ill_formed_utf8_is_a_row_error(backend, type_):
    rows = []
    for bad in ILL_FORMED:
        rows += [b"ok " + bad + b" ok", bad, None]
    rows += WELL_FORMED
    got = backend.analyze_many(from_bytes(rows, type_))
    assert got.error.tolist() == [422, 422, 104] * len(ILL_FORMED) + [0] * len(WELL_FORMED)
    tail = expected([r.decode("utf-8", "surrogatepass") for r in WELL_FORMED])
    assert got.units[-len(WELL_FORMED) :].tolist() == tail.units.tolist()


# Pieces of a row of raw bytes: well-formed characters of every length, runs of ASCII (so that
# rows cross the scan's sixteen-byte blocks, ill-formed bytes landing anywhere in them), and the
# ill-formed sequences.
PIECES = st.one_of(
    st.sampled_from(["a", " ", "{", "é", "€", "ж", "😀", "\U0010ffff", "a" * 15, "x" * 33]).map(str.encode),
    st.sampled_from(ILL_FORMED),
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(PIECES, max_size=40).map(b"".join), min_size=1, max_size=6))
def test_utf8_rows_of_any_length_are_judged_as_python_decodes_them(rows):
    """A row is analysed when Python's strict UTF-8 decoder accepts it, and is error 422 when not,
    wherever the ill-formed bytes fall."""
    got = BACKENDS[-1].analyze_many(from_bytes(rows, pa.string()))
    for i, raw in enumerate(rows):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            assert got.error[i] == 422, raw
        else:
            assert got.row(i) == expected([text]).row(0), raw


# Every piece at every byte position of rows whose lengths straddle the scan's sixteen-byte blocks
# and its 255-byte lane chunks, over three fillers (plain, not plain, two bytes).
PLACED = [c.encode() for c in ("{", "é", "€", "😀", "\U0010ffff", "\ue000")] + ILL_FORMED
PLACED += [b"\xf0\x9f\x98", b"\xe2\x41\x82", b"\xf0\x8f\xbf\xbf"]
PLACED_LENGTHS = [*range(36), 47, 48, 49, 254, 255, 256, 257]


def placed_rows() -> list[bytes]:
    rows = []
    for length in PLACED_LENGTHS:
        for fill in (b"a", b"{", "é".encode()):
            filler = (fill * length)[:length]
            for piece in PLACED:
                for at in range(max(length - len(piece), 0) + 1):
                    rows.append((filler[:at] + piece + filler[at + len(piece) :])[: max(length, len(piece))])
    return rows


def judged(rows: list[bytes]):
    """What analyze_many must give: Python's strict decoder says which rows are text (a row that
    is not text stands in as bytes, error 422)."""
    texts: list[object] = []
    for raw in rows:
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(b"ill-formed")
    return expected(texts)


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
@pytest.mark.parametrize("type_", STRING_TYPES, ids=str)
def test_a_piece_at_every_byte_position(type_):
    rows = placed_rows()
    assert BACKENDS[-1].analyze_many(from_bytes(rows, type_)) == judged(rows)


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
def test_the_portable_scan_judges_ill_formed_rows_as_the_simd_scan_does():
    rows = placed_rows()[::7]
    code = (
        "import json, sys\n"
        "import pyarrow as pa, nrs_codec\n"
        "from nrs_codec._native import engine\n"
        "from test_arrow import from_bytes\n"
        "rows = [bytes.fromhex(h) for h in json.loads(sys.stdin.read())]\n"
        "b = nrs_codec.analyze_many(from_bytes(rows, pa.string()))\n"
        "print(json.dumps([engine.SIMD] + [b.row(i) for i in range(len(b))]))\n"
    )
    simd, *portable = in_portable_child(code, stdin=[x.hex() for x in rows])
    assert simd is False
    ours = BACKENDS[-1].analyze_many(from_bytes(rows, pa.string()))
    assert portable == [ours.row(i) for i in range(len(rows))]


def read_beside_unreadable_pages() -> None:
    """Arrow pads its buffers to 64 bytes, which would hide a read past a row: put each row's first
    or last byte beside a page that cannot be read, so that a read past it kills the process."""
    import nrs_codec

    page = mmap.PAGESIZE
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    memory = mmap.mmap(-1, 4 * page)
    base = ctypes.addressof(ctypes.c_char.from_buffer(memory))
    for guard in (0, 3):
        assert libc.mprotect(base + guard * page, page, 0) == 0
    rows = placed_rows()[::3]
    want = judged(rows)
    for i, raw in enumerate(rows):
        offsets = pa.py_buffer(np.array([0, len(raw)], np.int32).tobytes())
        for start in (page, 3 * page - len(raw)):
            ctypes.memmove(base + start, raw, len(raw))
            data = pa.foreign_buffer(base + start, len(raw), base=memory)
            array = pa.Array.from_buffers(pa.string(), 1, [None, offsets, data])
            assert nrs_codec.analyze_many(array).row(0) == want.row(i), raw


@pytest.mark.skipif(len(BACKENDS) < 2 or not sys.platform.startswith("linux"), reason="compiled core, Linux")
def test_rows_flush_against_unreadable_pages_are_read_in_bounds():
    # In a child process, so that a read out of bounds fails this test instead of ending the run.
    code = "import test_arrow; test_arrow.read_beside_unreadable_pages()"
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=HERE, env=child_env()
    )
    assert r.returncode == 0, r.stderr[-3000:]


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_pandas_arrow_backed_series(backend):
    values = ["Olá", None, "😀", ""]
    for dtype in ("str", "string[pyarrow]", pd.ArrowDtype(pa.large_string())):
        assert backend.analyze_many(pd.Series(values, dtype=dtype)) == expected(values), dtype


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_other_arrow_string_layouts_and_types(backend):
    values = ["a", None, "€", "a"]
    assert backend.analyze_many(pa.array(values).dictionary_encode()) == expected(values)
    assert backend.analyze_many(pa.array(values, pa.string_view())) == expected(values)
    assert backend.analyze_many(pa.array([1, None, 3])) == expected([1, None, 3])  # not text: 422


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=400), st.text(max_size=30))),
    large=st.booleans(),
    start=st.integers(0, 5),
)
def test_arrow_agrees_with_list_input(values, large, start):
    from test_batch import _core

    values = [v if v is None or not any(0xD800 <= ord(c) <= 0xDFFF for c in v) else None for v in values]
    arr = pa.array(values, pa.large_string() if large else pa.string()).slice(start)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(threads, "MIN_ROWS_PER_THREAD", 1)
        for workers in (1, 2):
            assert _core.analyze_many(arr, workers=workers) == _core.analyze_many(values[start:])
    assert BACKENDS[0].analyze_many(arr) == _core.analyze_many(arr)  # the reference's rows


# Texts each of these encodings carries whole, rich in its 2-unit characters: long enough to need
# a part walk over the UTF-8 (which takes eight bytes at a time where they fit).
WALK_ALPHABETS = {"utf-16": "ab 1😀👍🏽çж€", "gsm": "abc 01@£{}[]€^~|\\\nΔ", "gsm-pt": "abc áêçÕ€{}^|Φ"}


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
@settings(max_examples=200, deadline=None)
@given(data=st.data(), encoding=st.sampled_from(sorted(WALK_ALPHABETS)))
def test_part_walks_over_utf8_agree_with_list_input(data, encoding):
    from test_batch import _core

    text = st.text(alphabet=WALK_ALPHABETS[encoding], min_size=140, max_size=900)
    values = data.draw(st.lists(text, min_size=1, max_size=6))
    got = _core.analyze_many(pa.array(values), encoding)
    assert got == _core.analyze_many(values, encoding)
    assert not got.error.any()  # every row carried: the walks ran


# Child processes run outside the checkout, so that they import the installed package.
HERE = Path(__file__).resolve().parent

MALFORMED_CODE = """
import sys
import numpy as np
import pyarrow as pa
from nrs_codec.batch.many import analyze_many_on
from nrs_codec.core import engine, reference

chosen = engine.compiled if sys.argv[1] == "compiled" else reference
analyze_many = lambda texts: analyze_many_on(chosen, texts)
good = pa.array(["ab", "cde", "f"])
data = good.buffers()[2]
offsets = np.array({offsets}, dtype=np.{dtype})
kind = pa.large_string() if np.{dtype} is np.int64 else pa.string()
bad = pa.Array.from_buffers(kind, len(offsets) - 1, [None, pa.py_buffer(offsets.tobytes()), data])
try:
    analyze_many(pa.chunked_array([good.cast(kind), bad]))
except ValueError as exc:
    print(exc)
"""


@pytest.mark.parametrize("backend", [b.BACKEND for b in BACKENDS])
@pytest.mark.parametrize(
    ("offsets", "dtype", "message"),
    [
        ([0, 2, 100, 6], "int32", "row 4 spans bytes 2 to 100"),  # past the data buffer
        ([0, 4, 2, 6], "int32", "row 4 spans bytes 4 to 2"),  # decreasing
        ([0, -3, 5, 6], "int64", "row 3 spans bytes 0 to -3"),  # before the data buffer
        ([0, 2, 1 << 40, 6], "int64", f"row 4 spans bytes 2 to {1 << 40}"),
    ],
)
def test_malformed_arrow_offsets_are_named_not_read(backend, offsets, dtype, message):
    # pyarrow checks the first and last offsets when it builds the array, not the ones between.
    # In a subprocess: reading such an array out of bounds would kill the interpreter, and a
    # crash must fail this test rather than the whole run.
    code = MALFORMED_CODE.format(offsets=offsets, dtype=dtype)
    r = subprocess.run(
        [sys.executable, "-c", code, backend], capture_output=True, text=True, timeout=60, cwd=HERE
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("malformed Arrow array: " + message), r.stdout
    assert "inside its data buffer of 6 bytes" in r.stdout


LAYOUT_CODE = """
import json
import numpy as np
import pyarrow as pa
from nrs_codec.batch.many import analyze_many_on
from nrs_codec.core import engine, reference

def views(*rows):
    return pa.py_buffer(np.array(rows, np.int32).tobytes())

data = pa.py_buffer(b"0123456789abcdefghijklmnopqrstuvwxyz")

def sv(*rows, buffers=(data,)):
    return pa.Array.from_buffers(pa.string_view(), len(rows), [None, views(*rows), *buffers])

good = pa.array(["a", "bcdefghijklmnopq", None], pa.string_view())
bad_offsets = pa.Array.from_buffers(
    pa.string(), 3, [None, pa.py_buffer(np.array([0, 9, 2, 10], np.int32).tobytes()), data]
)
cases = {
    "view past its buffer": sv([10**8, 0, 0, 0]),
    # pyarrow's cast reads a null row's view too (a negative length ended the process: the fuzzer).
    "null row with a wild view": pa.Array.from_buffers(
        pa.string_view(), 2, [pa.py_buffer(b"\\x01"), views([1, 48, 0, 0], [-2097151998, 0, 9, -4]), data]
    ),
    "view of a buffer that is not there": sv([1, 48, 0, 0], [20, 0, 1, 0]),
    "view at a negative offset": sv([20, 0, 0, -8]),
    "view of a negative length": sv([-5, 0, 0, 0]),
    "views with no data buffer": sv([13, 0, 0, 0], buffers=()),
    "sliced view past its buffer": sv([1, 48, 0, 0], [1, 48, 0, 0], [40, 0, 0, 0]).slice(1),
    "chunked, second chunk bad": pa.chunked_array([good, sv([1, 48, 0, 0], [99, 0, 0, 30])]),
    "dictionary index past its dictionary": pa.DictionaryArray.from_arrays(
        pa.array([0, 7], pa.int8()), pa.array(["a", "b"]), safe=False
    ),
    "list with offsets out of order": pa.Array.from_buffers(
        pa.list_(pa.string()), 2, [None, pa.py_buffer(np.array([0, 3, 1], np.int32).tobytes())],
        children=[pa.array(["a", "b", "c"])],
    ),
    "dictionary of malformed strings": pa.DictionaryArray.from_arrays(pa.array([0, 1]), bad_offsets),
    "dictionary of malformed views": pa.DictionaryArray.from_arrays(pa.array([0]), sv([10**8, 0, 0, 0])),
    # No row uses the dictionary, but decoding casts it whole (found by fuzz/fuzz_arrow.py).
    "empty, over malformed views": pa.DictionaryArray.from_arrays(pa.array([], pa.int8()), sv([99, 0, 0, 0])),
}
sound = {
    "sliced past the bad view": sv([1, 48, 0, 0], [1, 48, 0, 0], [40, 0, 0, 0]).slice(0, 2),
    "view of the buffer's last bytes": sv([16, 0, 0, 20]),
    # pyarrow cannot decode a dictionary of views (no take kernel for them): found by the fuzzer.
    "dictionary of views": pa.DictionaryArray.from_arrays(pa.array([0, None, 0]), sv([16, 0, 0, 20])),
}
out = {}
for backend in {engine.compiled or reference, reference}:
    for name, array in cases.items():
        try:
            analyze_many_on(backend, array)
        except ValueError as exc:
            out[f"{backend.BACKEND} {name}"] = str(exc)
        else:
            out[f"{backend.BACKEND} {name}"] = "accepted"
    for name, array in sound.items():
        out[f"{backend.BACKEND} {name}"] = analyze_many_on(backend, array).error.tolist()
print(json.dumps(out))
"""

LAYOUT_ERRORS = {
    "view past its buffer": "row 0's view of 100000000 bytes at offset 0 of data buffer 0",
    "null row with a wild view": "row 1's view of -2097151998 bytes",
    "view of a buffer that is not there": "row 1's view of 20 bytes at offset 0 of data buffer 1",
    "view at a negative offset": "row 0's view of 20 bytes at offset -8",
    "view of a negative length": "row 0's view of -5 bytes",
    "views with no data buffer": "of data buffer 0 is not inside one of its 0 data buffers (none",
    "sliced view past its buffer": "row 1's view of 40 bytes",
    "chunked, second chunk bad": "row 4's view of 99 bytes at offset 30",
    "dictionary index past its dictionary": "(rows 0 to 1): index 7 is outside its dictionary of 2 values",
    "list with offsets out of order": "(rows 0 to 1): ",
    "dictionary of malformed strings": "its dictionary: malformed Arrow array: row 1 spans bytes 9 to 2",
    "dictionary of malformed views": "its dictionary: malformed Arrow array: row 0's view of 100000000",
    "empty, over malformed views": "its dictionary: malformed Arrow array: row 0's view of 99 bytes",
}


def test_malformed_arrow_layouts_are_named_not_read():
    """Every layout the batch accepts is checked against its buffers before it is cast, decoded
    or read (a view past its buffer used to end the process inside pyarrow's cast)."""
    r = subprocess.run(
        [sys.executable, "-c", LAYOUT_CODE], capture_output=True, text=True, timeout=120, cwd=HERE
    )
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout)
    for backend in {b.BACKEND for b in BACKENDS}:
        for name, message in LAYOUT_ERRORS.items():
            got = out[f"{backend} {name}"]
            assert got.startswith("malformed Arrow array") and message in got, (backend, name, got)
        assert out[f"{backend} sliced past the bad view"] == [0, 0]
        assert out[f"{backend} view of the buffer's last bytes"] == [0]
        assert out[f"{backend} dictionary of views"] == [0, 104, 0]


FUZZ_CODE = """
import importlib.util, random, sys
spec = importlib.util.spec_from_file_location("fuzz_arrow", sys.argv[1])
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)
rng = random.Random(17)
built = 0
for _ in range(int(sys.argv[2])):
    data = rng.randbytes(rng.randrange(300))
    built += fuzz.build(data) is not None
    fuzz.one_input(data)
print(built)
"""


def test_arrays_of_random_buffers_are_analysed_or_refused():
    """``fuzz/fuzz_arrow.py``'s checks on seeded random inputs (the fuzzer runs them for longer,
    coverage-guided): a result or a ValueError, never a crash; the back ends agree; a sound array
    is analysed as its rows are as a list. In a child process, so that a crash fails this test."""
    target = HERE.parent.parent / "fuzz" / "fuzz_arrow.py"
    r = subprocess.run(
        [sys.executable, "-c", FUZZ_CODE, str(target), "1500"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=HERE,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert int(r.stdout) > 1000  # most inputs make an array


def marked_texts() -> list[str]:
    """Multi-part texts whose characters that are not plain ASCII number about as many as the
    part walks take from the scan (256): below it they walk from those places, above it they
    read the text; every kind of string, 2-unit characters at every offset of a part."""
    texts = []
    for piece in ("ab€", "x{", "çã", "a😀", "é", "abcdefgh]", "жa"):
        for n in (1, 60, 250, 255, 256, 257, 300):
            for tail in ("", "z", "€€", "😀"):
                texts.append(piece * n + tail)
                texts.append("q" * (n % 7) + piece * n + tail)
    return texts


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@pytest.mark.parametrize("as_arrow", [False, True], ids=["list", "arrow"])
def test_the_walks_from_the_scans_marks_and_past_them(backend, as_arrow):
    texts = marked_texts()
    assert backend.analyze_many(pa.array(texts, pa.string()) if as_arrow else texts) == expected(texts)


def test_the_portable_scans_mark_the_places_the_simd_scans_mark():
    code = (
        "import json, sys\n"
        "import pyarrow as pa, nrs_codec\n"
        "from nrs_codec._native import engine\n"
        "from test_arrow import marked_texts\n"
        "texts = marked_texts()\n"
        "batches = [nrs_codec.analyze_many(t) for t in (texts, pa.array(texts))]\n"
        "rows = [b.row(i) for b in batches for i in range(len(texts))]\n"
        "print(json.dumps([engine.SIMD, rows]))\n"
    )
    simd, portable = in_portable_child(code)
    assert simd is False
    texts = marked_texts()
    ours = [BACKENDS[-1].analyze_many(t) for t in (texts, pa.array(texts))]
    assert portable == [b.row(i) for b in ours for i in range(len(texts))]
