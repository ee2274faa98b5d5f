# The nogil scan of one text over a code-point reader (PEP 393 data of kind 1, 2 or 4, or UTF-8
# bytes). One pass gives every candidate's units: the characters it cannot carry (a fail bit each)
# and those that cost it 2 units (its lane, see plans.pxi).

cdef enum:
    MAX_MARKS = 256  # characters that are not plain whose place a scan keeps, for the part walks


ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t


cdef struct Scan:
    Py_ssize_t length                    # code points
    Py_ssize_t astral                    # code points above U+FFFF (2 UTF-16 units)
    uint64_t fail                        # bit k: candidate k cannot carry some character
    Py_ssize_t lane[MAX_WORDS * LANES]   # lane k: characters costing candidate k 2 units;
                                         # lane n: characters outside GSM default + extension
    Py_ssize_t nmarks                    # characters that are not plain (simd.h), where the
    Py_ssize_t marks[MAX_MARKS]          # first MAX_MARKS start


cdef inline void _empty(uint64_t word, Py_ssize_t *lane) noexcept nogil:
    """Add a word's eight 8-bit lanes into their wide counters."""
    cdef int j
    for j in range(LANES):
        lane[j] += (word >> (8 * j)) & 0xFF


cdef inline void _empty_words(const PlanC *p, uint64_t *words, Scan *s) noexcept nogil:
    cdef int w
    for w in range(p.words):
        _empty(words[w], &s.lane[w * LANES])
        words[w] = 0


cdef inline void _count_class(const PlanC *p, uint64_t *words, uint64_t *fail, uint8_t cls) noexcept nogil:
    cdef int w
    words[0] += p.two[0][cls]
    for w in range(1, p.words):
        words[w] += p.two[w][cls]
    fail[0] |= p.fail[cls]


cdef inline void _count_latin1(const PlanC *p, uint64_t *words, uint64_t *fail, uint8_t b) noexcept nogil:
    cdef int w
    words[0] += p.two1[0][b]
    for w in range(1, p.words):
        words[w] += p.two1[w][b]
    fail[0] |= p.fail1[b]


cdef inline void _counting(nrs_counts *counts, uint64_t fail, Scan *s, Py_ssize_t origin) noexcept nogil:
    """``counts`` ready for simd.h's scan of a lane's worth of characters from ``origin``."""
    counts.word, counts.fail, counts.astral = 0, fail, 0
    counts.marks, counts.max_marks = <ptrdiff_t *> &s.marks[0], MAX_MARKS
    counts.nmarks, counts.origin = s.nmarks, origin


cdef void _scan_t(const char_t *data, Py_ssize_t n, const PlanC *p, Scan *s) noexcept nogil:
    cdef Py_ssize_t i = 0, j, stop
    cdef uint64_t fail = 0
    cdef uint64_t words[MAX_WORDS]
    cdef uint32_t cp
    cdef nrs_counts counts
    memset(s.lane, 0, p.words * LANES * sizeof(Py_ssize_t))
    memset(words, 0, sizeof(words))
    s.length = n
    s.astral = 0
    s.nmarks = 0 if p.words == 1 else MAX_MARKS + 1  # the wide plans' scan keeps no marks
    while i < n:
        stop = i + LANE_FULL if n - i > LANE_FULL else n
        if p.words == 1:
            # The common plans (up to 7 candidates): one word, in C (simd.h), the plain ASCII
            # characters skipped sixteen at a time.
            _counting(&counts, fail, s, i)
            if char_t is uint8_t:
                nrs_scan_latin1(data + i, stop - i, &p.tables, &counts)
            elif char_t is uint16_t:
                nrs_scan_ucs2(data + i, stop - i, &p.tables, &counts)
            else:
                nrs_scan_ucs4(data + i, stop - i, &p.tables, &counts)
            fail = counts.fail
            s.astral += counts.astral
            s.nmarks = counts.nmarks
            _empty(counts.word, s.lane)
        else:
            for j in range(i, stop):
                if char_t is uint8_t:
                    _count_latin1(p, words, &fail, data[j])
                else:
                    cp = data[j]
                    _count_class(p, words, &fail, _class(cp))
                    if char_t is uint32_t:
                        s.astral += cp > 0xFFFF
            _empty_words(p, words, s)
        i = stop
    s.fail = fail


cdef inline int _utf8_char(const uint8_t *u, Py_ssize_t size, Py_ssize_t *i, uint32_t *cp) noexcept nogil:
    """Decode the non-ASCII character at ``u[i[0]]`` with simd.h's one UTF-8 decoder (so the
    wide-lane scan and this one judge ill-formed bytes alike): 0 when the bytes there are
    ill-formed, else 1, or 2 for a character above U+FFFF; advances ``i``."""
    cdef int length = nrs_utf8_decode(u + i[0], size - i[0], cp)
    if length == 0:
        return 0
    i[0] += length
    return 2 if length == 4 else 1


cdef bint _scan_utf8(const uint8_t *u, Py_ssize_t size, const PlanC *p, Scan *s) noexcept nogil:
    """The scan of UTF-8 bytes, decoded on the fly; False when they are ill-formed."""
    cdef Py_ssize_t i = 0, n = 0, end, stop
    cdef ptrdiff_t chars = 0
    cdef uint32_t cp
    cdef uint64_t fail = 0
    cdef uint64_t words[MAX_WORDS]
    cdef nrs_counts counts
    cdef int got, since = 0  # characters counted since the lanes were emptied
    memset(s.lane, 0, p.words * LANES * sizeof(Py_ssize_t))
    s.astral = 0
    s.nmarks = 0 if p.words == 1 else MAX_MARKS + 1
    if p.words == 1:
        # As _scan_t: in C (simd.h), a lane's worth of bytes (so of characters) at a time.
        while i < size:
            stop = LANE_FULL if size - i > LANE_FULL else size - i
            _counting(&counts, fail, s, i)
            end = nrs_scan_utf8(u + i, stop, size - i, &p.tables, &counts, &chars)
            if end < 0:
                return False
            fail = counts.fail
            s.astral += counts.astral
            s.nmarks = counts.nmarks
            _empty(counts.word, s.lane)
            i += end
        n = chars
    else:
        memset(words, 0, sizeof(words))
        while i < size:
            if since == LANE_FULL:
                _empty_words(p, words, s)
                since = 0
            if u[i] < 0x80:
                _count_latin1(p, words, &fail, u[i])
                i += 1
            else:
                got = _utf8_char(u, size, &i, &cp)
                if got == 0:
                    return False
                s.astral += got == 2
                if cp < 256:
                    _count_latin1(p, words, &fail, <uint8_t> cp)
                else:
                    _count_class(p, words, &fail, _class(cp))
            n += 1
            since += 1
        _empty_words(p, words, s)
    s.length = n
    s.fail = fail
    return True


cdef inline uint32_t _utf8_next(const uint8_t *u, Py_ssize_t *i) noexcept nogil:
    """The code point at ``u[i[0]]`` of UTF-8 that ``_scan_utf8`` accepted; advances ``i``."""
    cdef uint32_t b0 = u[i[0]]
    if b0 < 0x80:
        i[0] += 1
        return b0
    if b0 < 0xE0:
        i[0] += 2
        return ((b0 & 0x1F) << 6) | (u[i[0] - 1] & 0x3F)
    if b0 < 0xF0:
        i[0] += 3
        return ((b0 & 0x0F) << 12) | ((u[i[0] - 2] & 0x3F) << 6) | (u[i[0] - 1] & 0x3F)
    i[0] += 4
    return (((b0 & 0x07) << 18) | ((u[i[0] - 3] & 0x3F) << 12) | ((u[i[0] - 2] & 0x3F) << 6)
            | (u[i[0] - 1] & 0x3F))


cdef void _scan(int kind, const void *data, Py_ssize_t n, const PlanC *p, Scan *s) noexcept nogil:
    if kind == 1:
        _scan_t(<const uint8_t *> data, n, p, s)
    elif kind == 2:
        _scan_t(<const uint16_t *> data, n, p, s)
    else:
        _scan_t(<const uint32_t *> data, n, p, s)
