# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled twin of ``_packing``: the same four functions, the same results and errors.

Character lookups go through tables built once at import from ``_tables``: code point -> septet
through a two-level page table (the tables hold BMP characters only), septet -> code point through
a flat array of 128 entries per table.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport uint8_t, uint32_t

from ._packing import check_fill, check_start, packed_octets
from ._tables import LOCKING, SINGLE

BACKEND = "compiled"


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    uint32_t PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    int PyUnicode_4BYTE_KIND


cdef enum:
    ESC = 0x1B
    ABSENT = 0xFF
cdef uint32_t UNDEFINED = 0xFFFFFFFF


cdef class _Table:
    """One character table both ways."""

    cdef bytes index          # page number for each high byte of a BMP code point; 0 = empty page
    cdef bytes pages          # 256 septet values per page, ABSENT where the table has no character
    cdef uint32_t decode[128] # septet value -> code point, UNDEFINED where the table has none

    def __init__(self, table):
        cdef int i
        for i in range(128):
            self.decode[i] = UNDEFINED
        table = table or {}
        high = sorted({cp >> 8 for cp in table.values()})
        index = bytearray(256)
        pages = bytearray([ABSENT]) * (256 * (1 + len(high)))
        for n, h in enumerate(high, start=1):
            index[h] = n
        for septet, cp in table.items():
            pages[(index[cp >> 8] << 8) | (cp & 0xFF)] = septet
            self.decode[septet] = cp
        self.index = bytes(index)
        self.pages = bytes(pages)

    cdef inline int septet_of(self, uint32_t cp) noexcept:
        if cp > 0xFFFF:
            return ABSENT
        cdef const uint8_t *index = <const uint8_t *> PyBytes_AS_STRING(self.index)
        cdef const uint8_t *pages = <const uint8_t *> PyBytes_AS_STRING(self.pages)
        return pages[(<uint32_t> index[cp >> 8] << 8) | (cp & 0xFF)]


cdef _Table _NONE = _Table(None)
cdef dict _LOCKING_TABLES = {lang: _Table(t) for lang, t in LOCKING.items()}
cdef dict _SINGLE_TABLES = {lang: _Table(t) for lang, t in SINGLE.items()}


def pack(const uint8_t[::1] septets, fill_bits=0):
    check_fill(fill_bits)
    cdef Py_ssize_t n = septets.shape[0], i
    cdef bytes out = PyBytes_FromStringAndSize(NULL, packed_octets(n, fill_bits))
    cdef uint8_t *o = <uint8_t *> PyBytes_AS_STRING(out)
    cdef Py_ssize_t size = len(out), nbytes = 0
    cdef uint32_t acc = 0
    cdef int bits = fill_bits
    cdef uint8_t s
    for i in range(n):
        s = septets[i]
        if s > 0x7F:
            raise ValueError(f"septet {i} is 0x{s:02X}: a septet value is below 0x80")
        acc |= (<uint32_t> s) << bits
        bits += 7
        if bits >= 8:
            o[nbytes] = acc & 0xFF
            nbytes += 1
            acc >>= 8
            bits -= 8
    if nbytes < size:
        o[nbytes] = acc & 0xFF
    return out


def unpack(const uint8_t[::1] data, count, fill_bits=0):
    check_fill(fill_bits)
    if type(count) is not int or count < 0:
        raise ValueError(f"count must be a non-negative int, not {count!r}")
    need = packed_octets(count, fill_bits)
    if data.shape[0] < need:
        raise ValueError(
            f"user data truncated: {count} septets after {fill_bits} fill bits need {need} octets, "
            f"got {data.shape[0]}"
        )
    cdef Py_ssize_t n = count, i, pos = 0
    cdef int fill = fill_bits, bits = 0
    cdef bytes out = PyBytes_FromStringAndSize(NULL, n)
    cdef uint8_t *o = <uint8_t *> PyBytes_AS_STRING(out)
    cdef uint32_t acc = 0
    if n:
        acc = data[0] >> fill
        bits = 8 - fill
        pos = 1
    for i in range(n):
        if bits < 7:
            acc |= (<uint32_t> data[pos]) << bits
            pos += 1
            bits += 8
        o[i] = acc & 0x7F
        acc >>= 7
        bits -= 7
    return out


def to_septets(text, locking, single, start=0):
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    check_start(start, n)
    cdef _Table basic = _LOCKING_TABLES.get(locking, _NONE)
    cdef _Table ext = _SINGLE_TABLES.get(single, _NONE)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef bytes out = PyBytes_FromStringAndSize(NULL, 2 * (n - start))
    cdef uint8_t *o = <uint8_t *> PyBytes_AS_STRING(out)
    cdef Py_ssize_t i = start, k = 0
    cdef uint32_t cp
    cdef int s
    while i < n:
        cp = PyUnicode_READ(kind, data, i)
        s = basic.septet_of(cp)
        if s != ABSENT:
            o[k] = s
            k += 1
        else:
            s = ext.septet_of(cp)
            if s == ABSENT:
                break
            o[k] = ESC
            o[k + 1] = s
            k += 2
        i += 1
    return out[:k], i


def from_septets(const uint8_t[::1] septets, locking, single, start=0):
    check_start(start, septets.shape[0])
    cdef _Table basic = _LOCKING_TABLES.get(locking, _NONE)
    cdef _Table ext = _SINGLE_TABLES.get(single, _NONE)
    cdef Py_ssize_t n = septets.shape[0], i = start, k = 0
    cdef Py_UCS4 *buf = <Py_UCS4 *> PyMem_Malloc((n - i + 1) * sizeof(Py_UCS4))
    if buf == NULL:
        raise MemoryError()
    cdef uint8_t s
    cdef uint32_t cp
    try:
        while i < n:
            s = septets[i]
            if s == ESC:
                if i + 1 >= n or septets[i + 1] > 0x7F:
                    break
                cp = ext.decode[septets[i + 1]]
                if cp == UNDEFINED:
                    break
                i += 2
            else:
                if s > 0x7F:
                    break
                cp = basic.decode[s]
                if cp == UNDEFINED:
                    break
                i += 1
            buf[k] = cp
            k += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k), i
    finally:
        PyMem_Free(buf)
