# Messages the provider takes as missing although they are text (``nrs_codec.campaign.blank``):
# empty, or nothing but Python's whitespace (``str.isspace``). One pass over a block's string
# column without the GIL; nearly every row is decided by its first byte, still in the cache from
# the analysis. ``blank.py``'s NumPy and Arrow passes are the twin, held to the same rows by tests.

cdef extern from *:
    void __builtin_prefetch(const void *address) nogil


cdef inline int _space_at(const uint8_t *d, Py_ssize_t at, Py_ssize_t end) noexcept nogil:
    """The bytes of the whitespace character at ``d[at]`` (0: none there). Python's whitespace:
    \\t-\\r, \\x1c-\\x20, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
    U+3000."""
    cdef uint8_t b = d[at], b1, b2
    if b < 0x80:
        return 1 if (0x09 <= b <= 0x0D or 0x1C <= b <= 0x20) else 0
    if b == 0xC2:
        return 2 if at + 1 < end and (d[at + 1] == 0x85 or d[at + 1] == 0xA0) else 0
    if b < 0xE1 or b > 0xE3 or at + 2 >= end:
        return 0
    b1, b2 = d[at + 1], d[at + 2]
    if b == 0xE1:
        return 3 if b1 == 0x9A and b2 == 0x80 else 0
    if b == 0xE3:
        return 3 if b1 == 0x80 and b2 == 0x80 else 0
    if b1 == 0x80:  # U+2000-U+203F
        return 3 if (b2 <= 0x8A or b2 == 0xA8 or b2 == 0xA9 or b2 == 0xAF) else 0
    return 3 if b1 == 0x81 and b2 == 0x9F else 0


def blank_rows_mask(const int32_t[::1] offsets not None, const uint8_t[::1] data not None,
                    const uint8_t[::1] text not None, uint8_t[::1] blank not None) -> None:
    """``blank[i]`` 1 where row ``i`` is ``text`` (its bytes are UTF-8: the analysis found so)
    and empty or only whitespace, else 0. ``offsets`` are the rows' (one more than the rows),
    into ``data``."""
    cdef Py_ssize_t n = text.shape[0], size = data.shape[0], i, at, end, step
    cdef const uint8_t *d = &data[0] if data.shape[0] else NULL
    cdef bint bad = False
    if offsets.shape[0] != n + 1 or blank.shape[0] != n:
        raise ValueError("offsets must hold one more than the rows, blank one per row")
    if n and offsets[0] < 0:
        raise ValueError("offsets point outside the data")
    with nogil:
        for i in range(n):
            blank[i] = 0
            at, end = offsets[i], offsets[i + 1]
            if end < at or end > size:  # at is the row before's end, from offsets[0] >= 0 on
                bad = True
                break
            if i + 16 < n:  # the first byte 16 rows on, which the prefetcher cannot foresee
                __builtin_prefetch(d + offsets[i + 16])
            if not text[i]:
                continue
            while at < end:
                step = _space_at(d, at, end)
                if not step:
                    break
                at += step
            blank[i] = at >= end
    if bad:
        raise ValueError("offsets point outside the data, or decrease")
