# Text <-> septet values in any locking / single shift table pair, and 7-bit packing
# (TS 23.038 §6.1.2.1): the same four functions as the reference ``nrs_codec.core.septets``, with
# the same results and errors. Character lookups go through the one code-point table (lookup.pxi).


cdef inline void _check_fill(fill_bits) except *:
    if type(fill_bits) is not int or not 0 <= fill_bits <= 6:
        raise ValueError(f"fill_bits must be an int from 0 to 6, not {fill_bits!r}")


cdef inline void _check_start(start, Py_ssize_t length) except *:
    if type(start) is not int or not 0 <= start <= length:
        raise ValueError(f"start must be an int from 0 to {length}, not {start!r}")


cdef inline Py_ssize_t _packed_octets(Py_ssize_t count, int fill_bits) noexcept:
    return (fill_bits + 7 * count + 7) // 8


def pack(const uint8_t[::1] septets, fill_bits=0):
    _check_fill(fill_bits)
    cdef Py_ssize_t n = septets.shape[0], i
    cdef bytes out = PyBytes_FromStringAndSize(NULL, _packed_octets(n, fill_bits))
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
    _check_fill(fill_bits)
    if type(count) is not int or count < 0:
        raise ValueError(f"count must be a non-negative int, not {count!r}")
    need = _packed_octets(count, fill_bits)
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
    _check_start(start, n)
    cdef int basic = _table_of(locking, 0)
    cdef int ext = _table_of(single, 1)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef bytes out = PyBytes_FromStringAndSize(NULL, 2 * (n - start))
    cdef uint8_t *o = <uint8_t *> PyBytes_AS_STRING(out)
    cdef Py_ssize_t i = start, k = 0
    cdef uint32_t cp
    cdef int s
    while i < n:
        cp = _read(kind, data, i)
        s = _septet(basic, cp)
        if s != ABSENT:
            o[k] = s
            k += 1
        else:
            s = _septet(ext, cp)
            if s == ABSENT:
                break
            o[k] = ESC
            o[k + 1] = s
            k += 2
        i += 1
    return out[:k], i


def from_septets(const uint8_t[::1] septets, locking, single, start=0):
    _check_start(start, septets.shape[0])
    cdef int basic = _table_of(locking, 0)
    cdef int ext = _table_of(single, 1)
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
                cp = UNDEFINED if ext < 0 else _decode[ext][septets[i + 1]]
                if cp == UNDEFINED:
                    break
                i += 2
            else:
                if s > 0x7F:
                    break
                cp = UNDEFINED if basic < 0 else _decode[basic][s]
                if cp == UNDEFINED:
                    break
                i += 1
            buf[k] = cp
            k += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k), i
    finally:
        PyMem_Free(buf)
