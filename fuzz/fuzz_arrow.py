"""Coverage-guided fuzzing of ``analyze_many`` on Arrow arrays built from arbitrary buffers.

Each input picks a layout the batch accepts (``string``, ``large_string``, ``string_view``,
dictionary-encoded over each of them, another type), a length, and raw validity, offsets or views,
indices and data buffers (often nearly sound: offsets increasing, views inside their buffers, then
a few bytes changed), and maybe a slice and a second chunk. pyarrow builds such an array without
checking what its buffers say. Then, on both back ends:

- ``analyze_many`` gives a result or a ``ValueError`` (a malformed array), never a crash nor any
  other exception, and both back ends give the same;
- an array Arrow's full validation accepts is never refused (unless a null row's view is out of
  bounds, which Arrow's validation allows and pyarrow's cast reads), and its result is that of the
  same rows given as a list (``to_pylist``).

Run it from a checkout with the extension built in place (atheris is not a test dependency)::

    pip install atheris
    python setup.py build_ext --inplace
    PYTHONPATH=. python fuzz/fuzz_arrow.py -max_total_time=300 -max_len=600

``tests/batch/test_arrow.py`` runs ``one_input`` on a few thousand seeded random inputs in a
child process.
"""

from __future__ import annotations

import sys

import numpy as np
import pyarrow as pa

LAYOUTS = ["string", "large_string", "string_view", "dictionary", "binary"]
INDEX_TYPES = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint32()]


class Draw:
    """Choices taken from the front of the input's bytes (zeros once they run out)."""

    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def byte(self) -> int:
        b = self.data[self.at] if self.at < len(self.data) else 0
        self.at += 1
        return b

    def int(self, low: int, high: int) -> int:
        return low + int.from_bytes(bytes(self.byte() for _ in range(4)), "little") % (high - low + 1)

    def bytes(self, n: int) -> bytes:
        out = self.data[self.at : self.at + n]
        self.at += n
        return out + bytes(n - len(out))

    def spoil(self, raw: bytearray) -> bytearray:
        """A few of ``raw``'s bytes replaced, as often as not none."""
        for _ in range(self.int(0, 3) if self.byte() & 1 else 0):
            if raw:
                raw[self.int(0, len(raw) - 1)] = self.byte()
        return raw


def _validity(draw: Draw, n: int):
    if draw.byte() % 3:
        return None
    return pa.py_buffer(draw.bytes((n + 7) // 8))


def _text(draw: Draw, kind, n: int):
    """An array of ``n`` rows of a text ``kind`` over raw buffers."""
    data = draw.bytes(draw.int(0, 80))
    validity = _validity(draw, n)
    if pa.types.is_string_view(kind):
        views = bytearray()
        for _ in range(n):
            length = draw.int(0, len(data) + 2)
            if length <= 12:
                views += length.to_bytes(4, "little", signed=True) + draw.bytes(12)
            else:
                offset = draw.int(0, max(0, len(data) - length) + 1)
                views += length.to_bytes(4, "little") + data[offset : offset + 4].ljust(4, b"\0")
                views += (draw.byte() % 3 == 0).to_bytes(4, "little") + offset.to_bytes(4, "little")
        buffers = [validity, pa.py_buffer(bytes(draw.spoil(views))), pa.py_buffer(data)]
        if draw.byte() % 4 == 0:
            buffers.append(pa.py_buffer(draw.bytes(draw.int(0, 40))))
        return pa.Array.from_buffers(kind, n, buffers)
    dtype = np.int64 if pa.types.is_large_string(kind) or pa.types.is_large_binary(kind) else np.int32
    offsets = np.sort(np.array([draw.int(0, len(data)) for _ in range(n + 1)], dtype=dtype))
    raw = bytearray(offsets.tobytes())
    return pa.Array.from_buffers(
        kind, n, [validity, pa.py_buffer(bytes(draw.spoil(raw))), pa.py_buffer(data)]
    )


def build(data: bytes):
    """The array (or chunked array) that ``data`` describes; None when pyarrow will not build it
    (it checks the buffers' sizes, not what they hold)."""
    draw = Draw(data)
    layout = LAYOUTS[draw.byte() % len(LAYOUTS)]
    n = draw.int(0, 12)
    try:
        if layout == "dictionary":
            values = [pa.string(), pa.large_string(), pa.string_view()][draw.byte() % 3]
            dictionary = _text(draw, values, draw.int(0, 6))
            index = INDEX_TYPES[draw.byte() % len(INDEX_TYPES)]
            raw = bytearray(draw.bytes(n * index.bit_width // 8))
            indices = pa.Array.from_buffers(index, n, [_validity(draw, n), pa.py_buffer(bytes(raw))])
            array = pa.DictionaryArray.from_arrays(indices, dictionary, safe=False)
        else:
            kind = {"string": pa.string(), "large_string": pa.large_string(), "binary": pa.binary()}.get(
                layout, pa.string_view()
            )
            array = _text(draw, kind, n)
        if draw.byte() & 1:
            start = draw.int(0, n)
            array = array.slice(start, draw.int(0, n - start))
        if draw.byte() & 1:  # after a sound chunk of the same type
            array = pa.chunked_array([pa.array(["ok", None]).cast(array.type), array])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, TypeError):
        return None
    return array


def _outcome(backend, array):
    from nrs_codec.batch.many import analyze_many_on

    try:
        return analyze_many_on(backend, array)
    except ValueError as exc:
        return f"ValueError: {exc}"


def _sound(array) -> bool:
    try:
        array.validate(full=True)
    except pa.ArrowException:
        return False
    return True


def _null_views(array) -> bool:
    """Some null row of a ``string_view`` array (or dictionary) in ``array``."""
    for chunk in array.chunks if isinstance(array, pa.ChunkedArray) else [array]:
        values = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
        if pa.types.is_string_view(values.type) and values.null_count:
            return True
    return False


def one_input(data: bytes) -> None:
    from nrs_codec.batch.many import analyze_many_on
    from nrs_codec.core import engine, reference

    array = build(data)
    if array is None:
        return
    compiled = _outcome(engine.compiled or reference, array)
    if _outcome(reference, array) != compiled:
        raise AssertionError(f"the back ends disagree on {array!r}")
    if _sound(array):
        if isinstance(compiled, str):
            if not _null_views(array):  # Arrow's validation skips a null row's view; pyarrow's cast does not
                raise AssertionError(f"a sound array was refused: {compiled}")
        elif compiled != analyze_many_on(engine.compiled or reference, array.to_pylist()):
            raise AssertionError(f"not the result of the same rows as a list: {array!r}")


def main() -> None:
    import atheris

    with atheris.instrument_imports():  # coverage of the checks and the adaptation, not of pyarrow
        import nrs_codec.batch.arrow  # noqa: F401
        import nrs_codec.batch.inputs  # noqa: F401
        import nrs_codec.batch.many  # noqa: F401
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
