# The bytes of campaign files (``filebytes.h``), for ``nrs_codec.campaign.filebytes``: each a
# pass over a chunk without the GIL, so that a reader's thread checks its next chunk while the
# others work. Their NumPy and Arrow twins are there, held to these by tests.

cdef extern from "filebytes.h":
    ctypedef struct nrs_csv_piece:
        Py_ssize_t records
        int inside
        Py_ssize_t first_end
        Py_ssize_t last_end
    ptrdiff_t nrs_utf8_upto(const uint8_t *d, ptrdiff_t n, int simd) noexcept nogil
    ptrdiff_t nrs_count_byte(const uint8_t *d, ptrdiff_t n, uint8_t b, int simd) noexcept nogil
    ptrdiff_t nrs_json_rows(const uint8_t *d, ptrdiff_t n, ptrdiff_t *odd) noexcept nogil
    ptrdiff_t nrs_json_row_end(const uint8_t *d, ptrdiff_t n, ptrdiff_t k) noexcept nogil
    ptrdiff_t nrs_transcode_bytes(const uint8_t *d, ptrdiff_t n, const uint8_t *table, int ascii_same,
                                  uint8_t *out, int simd) noexcept nogil
    void nrs_csv_records(const uint8_t *d, ptrdiff_t n, uint8_t delimiter, int at_end, int simd,
                         nrs_csv_piece *out) noexcept nogil
    int nrs_csv_quote_carry(const uint8_t *d, ptrdiff_t n, uint8_t delimiter, int carry, int simd) noexcept nogil
    int nrs_csv_quote_end(int carry) noexcept nogil

# The engine's one choice at import (``SIMD``: SSSE3 there, NRS_CODEC_PORTABLE unset).
cdef int _FILE_SIMD = SIMD


def utf8_upto(const uint8_t[::1] data not None, Py_ssize_t end) -> int:
    """How far ``data[:end]`` is well-formed UTF-8: ``end`` when all of it is, else where the
    first ill-formed sequence starts (one cut by ``end`` included)."""
    if end < 0 or end > data.shape[0]:
        raise ValueError(f"end {end} is outside the {data.shape[0]} bytes")
    if end == 0:
        return 0
    cdef Py_ssize_t upto
    with nogil:
        upto = nrs_utf8_upto(&data[0], end, _FILE_SIMD)
    return upto


def count_byte(const uint8_t[::1] data not None, int byte) -> int:
    """How many bytes of ``data`` are ``byte``."""
    if not 0 <= byte <= 255:
        raise ValueError(f"byte {byte} is not 0 to 255")
    if data.shape[0] == 0:
        return 0
    cdef Py_ssize_t count
    with nogil:
        count = nrs_count_byte(&data[0], data.shape[0], <uint8_t> byte, _FILE_SIMD)
    return count


def json_rows(const uint8_t[::1] data not None) -> tuple:
    """The lines of ``data`` that are not blank (``bytes.strip``'s whitespace only), and how many
    of them do not open with ``{`` and close with ``}``."""
    if data.shape[0] == 0:
        return 0, 0
    cdef Py_ssize_t rows
    cdef ptrdiff_t odd
    with nogil:
        rows = nrs_json_rows(&data[0], data.shape[0], &odd)
    return rows, odd


def json_row_end(const uint8_t[::1] data not None, Py_ssize_t k) -> int:
    """Where the ``k``-th line of ``data`` that is not blank ends (after its line feed); the end
    of ``data`` where there are fewer."""
    if data.shape[0] == 0:
        return 0
    cdef Py_ssize_t end
    with nogil:
        end = nrs_json_row_end(&data[0], data.shape[0], k)
    return end


def transcode_bytes(const uint8_t[::1] data not None, const uint8_t[::1] table not None, bint ascii_same):
    """``data``, text in a single-byte encoding, as UTF-8 bytes through ``table`` (four bytes a
    byte: the UTF-8 length of its character, 0 for none, then that UTF-8); None where a byte has
    no character."""
    if table.shape[0] != 1024:
        raise ValueError(f"a table of 1024 bytes, not {table.shape[0]}")
    cdef Py_ssize_t n = data.shape[0]
    if n == 0:
        return b""
    cdef uint8_t *out = <uint8_t *> PyMem_Malloc(3 * n + 3)  # not zeroed: every byte kept is written
    if out == NULL:
        raise MemoryError()
    cdef Py_ssize_t written
    try:
        with nogil:
            written = nrs_transcode_bytes(&data[0], n, &table[0], ascii_same, out, _FILE_SIMD)
        if written < 0:
            return None
        return PyBytes_FromStringAndSize(<char *> out, written)
    finally:
        PyMem_Free(out)


def csv_records(const uint8_t[::1] data not None, int delimiter, bint at_end) -> list:
    """For each state ``data`` may start in (at a record's start, inside a quoted field): the CSV
    records that end in it, whether it ends inside a quoted field, and where its first and its last
    line break outside quotes end (None: none does); see ``filebytes.h``."""
    if not 0 <= delimiter <= 255:
        raise ValueError(f"delimiter {delimiter} is not a byte")
    cdef nrs_csv_piece out[2]
    cdef const uint8_t *d = &data[0] if data.shape[0] else NULL
    with nogil:
        nrs_csv_records(d, data.shape[0], <uint8_t> delimiter, at_end, _FILE_SIMD, out)
    return [
        (out[k].records, bool(out[k].inside), None if out[k].first_end < 0 else out[k].first_end,
         None if out[k].last_end < 0 else out[k].last_end)
        for k in range(2)
    ]


def csv_quote_carry(const uint8_t[::1] data not None, int delimiter, int carry) -> int:
    """The quote state after ``data``, the next chunk of CSV text after those that left ``carry``
    (0 at the text's start); ``csv_quote_end`` says whether the text ends inside a quoted field.
    See ``filebytes.h``."""
    if not 0 <= delimiter <= 255:
        raise ValueError(f"delimiter {delimiter} is not a byte")
    if not 0 <= carry < 32:
        raise ValueError(f"carry {carry} is not a quote state")
    if data.shape[0] == 0:
        return carry
    with nogil:
        carry = nrs_csv_quote_carry(&data[0], data.shape[0], <uint8_t> delimiter, carry, _FILE_SIMD)
    return carry


def csv_quote_end(int carry) -> bool:
    """Whether text whose chunks left ``carry`` ends inside a quoted field."""
    return bool(nrs_csv_quote_end(carry))
