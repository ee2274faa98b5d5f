# The nogil measurement of one text over a code-point reader (PEP 393 data of kind 1, 2 or 4, or
# UTF-8 bytes): a scan counts the characters of each class, every candidate's units follow from
# that histogram, and only a candidate that needs a part walk (more than one part and some 2-unit
# characters) reads the text again. Then the choice rule picks one.

ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t


cdef struct Measure:
    Py_ssize_t total   # units
    Py_ssize_t twos    # characters costing 2 units
    int parts, remaining, capacity
    bint ok, multi


cdef struct Scan:
    Py_ssize_t hist[MAX_CLASSES]
    uint8_t present[MAX_CLASSES]  # the classes with a nonzero count, ``npresent`` of them
    int npresent
    Py_ssize_t length  # code points
    Py_ssize_t astral  # code points above U+FFFF (2 UTF-16 units)


# Four histograms, taken in turn: consecutive characters of one class (most letters share one)
# would otherwise make every increment wait for the store of the previous one.
cdef enum:
    LANES = 4


cdef inline void _sum_lanes(const Py_ssize_t *lanes, Scan *s) noexcept nogil:
    cdef int cls, lane
    s.npresent = 0
    for cls in range(_nclasses):
        s.hist[cls] = 0
        for lane in range(LANES):
            s.hist[cls] += lanes[lane * MAX_CLASSES + cls]
        if s.hist[cls]:
            s.present[s.npresent] = cls
            s.npresent += 1


cdef inline void _clear_lanes(Py_ssize_t *lanes) noexcept nogil:
    cdef int lane
    for lane in range(LANES):
        memset(&lanes[lane * MAX_CLASSES], 0, sizeof(Py_ssize_t) * _nclasses)


cdef void _scan_t(const char_t *data, Py_ssize_t n, Scan *s) noexcept nogil:
    cdef Py_ssize_t i = 0
    cdef uint32_t cp
    cdef Py_ssize_t lanes[LANES * MAX_CLASSES]
    cdef const uint8_t *page0 = _pages + (<uint32_t> _page_of[0] << 8)
    _clear_lanes(lanes)
    s.length = n
    s.astral = 0
    if char_t is uint8_t:
        while i + LANES <= n:
            lanes[page0[data[i]]] += 1
            lanes[MAX_CLASSES + page0[data[i + 1]]] += 1
            lanes[2 * MAX_CLASSES + page0[data[i + 2]]] += 1
            lanes[3 * MAX_CLASSES + page0[data[i + 3]]] += 1
            i += LANES
        while i < n:
            lanes[page0[data[i]]] += 1
            i += 1
    else:
        for i in range(n):
            cp = data[i]
            lanes[(i & (LANES - 1)) * MAX_CLASSES + _class(cp)] += 1
            if char_t is uint32_t:
                s.astral += cp > 0xFFFF
    _sum_lanes(lanes, s)


cdef bint _scan_utf8(const uint8_t *u, Py_ssize_t size, Scan *s) noexcept nogil:
    """The scan of UTF-8 bytes, decoded on the fly; False when they are ill-formed: a stray or
    missing continuation byte, an overlong form, an encoded surrogate, or beyond U+10FFFF."""
    cdef Py_ssize_t i = 0, n = 0
    cdef uint32_t b0, cp
    cdef uint64_t word
    cdef Py_ssize_t lanes[LANES * MAX_CLASSES]
    cdef const uint8_t *page0 = _pages + (<uint32_t> _page_of[0] << 8)
    cdef int lane
    _clear_lanes(lanes)
    s.astral = 0
    while i < size:
        if i + 8 <= size:
            memcpy(&word, u + i, 8)
            if not (word & 0x8080808080808080ULL):  # eight ASCII bytes: eight code points
                for lane in range(8):
                    lanes[(lane & (LANES - 1)) * MAX_CLASSES + page0[u[i + lane]]] += 1
                n += 8
                i += 8
                continue
            while u[i] < 0x80:  # the ASCII bytes before this word's first non-ASCII one
                lanes[(n & (LANES - 1)) * MAX_CLASSES + page0[u[i]]] += 1
                n += 1
                i += 1
        b0 = u[i]
        if b0 < 0x80:
            lanes[(n & (LANES - 1)) * MAX_CLASSES + page0[b0]] += 1
            n += 1
            i += 1
            continue
        if b0 < 0xC2:
            return False
        elif b0 < 0xE0:
            if i + 1 >= size or (u[i + 1] & 0xC0) != 0x80:
                return False
            cp = ((b0 & 0x1F) << 6) | (u[i + 1] & 0x3F)
            i += 2
        elif b0 < 0xF0:
            if i + 2 >= size or (u[i + 1] & 0xC0) != 0x80 or (u[i + 2] & 0xC0) != 0x80:
                return False
            cp = ((b0 & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F)
            if cp < 0x800 or 0xD800 <= cp <= 0xDFFF:
                return False
            i += 3
        elif b0 < 0xF5:
            if (i + 3 >= size or (u[i + 1] & 0xC0) != 0x80 or (u[i + 2] & 0xC0) != 0x80
                    or (u[i + 3] & 0xC0) != 0x80):
                return False
            cp = ((b0 & 0x07) << 18) | ((u[i + 1] & 0x3F) << 12) | ((u[i + 2] & 0x3F) << 6) | (u[i + 3] & 0x3F)
            if cp < 0x10000 or cp > 0x10FFFF:
                return False
            s.astral += 1
            i += 4
        else:
            return False
        lanes[(n & (LANES - 1)) * MAX_CLASSES + _class(cp)] += 1
        n += 1
    s.length = n
    _sum_lanes(lanes, s)
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


cdef void _scan(int kind, const void *data, Py_ssize_t n, Scan *s) noexcept nogil:
    if kind == 1:
        _scan_t(<const uint8_t *> data, n, s)
    elif kind == 2:
        _scan_t(<const uint16_t *> data, n, s)
    else:
        _scan_t(<const uint32_t *> data, n, s)


cdef inline int _cost(const Cand *c, uint32_t cp) noexcept nogil:
    if c.utf16:
        return 2 if cp > 0xFFFF else 1
    return c.cost[_class(cp)]


cdef int _walk_t(const char_t *data, Py_ssize_t n, const Cand *c, int cap, int *used_last) noexcept nogil:
    """Parts of a greedy walk (a 2-unit character never splits); units used in the last part."""
    cdef Py_ssize_t i
    cdef int parts = 1, used = 0, cost
    for i in range(n):
        cost = _cost(c, data[i])
        if used + cost > cap:
            parts += 1
            used = 0
        used += cost
    used_last[0] = used
    return parts


cdef int _walk_utf8(const uint8_t *u, Py_ssize_t size, const Cand *c, int cap, int *used_last) noexcept nogil:
    cdef Py_ssize_t i = 0
    cdef int parts = 1, used = 0, cost
    while i < size:
        cost = _cost(c, _utf8_next(u, &i))
        if used + cost > cap:
            parts += 1
            used = 0
        used += cost
    used_last[0] = used
    return parts


cdef int _walk(int kind, const void *data, Py_ssize_t n, const Cand *c, int cap, int *used_last) noexcept nogil:
    """A part walk over a reader: PEP 393 data of ``kind`` 1, 2 or 4 and ``n`` code points, or
    (``kind`` UTF8) ``n`` bytes of UTF-8."""
    if kind == UTF8:
        return _walk_utf8(<const uint8_t *> data, n, c, cap, used_last)
    if kind == 1:
        return _walk_t(<const uint8_t *> data, n, c, cap, used_last)
    if kind == 2:
        return _walk_t(<const uint16_t *> data, n, c, cap, used_last)
    return _walk_t(<const uint32_t *> data, n, c, cap, used_last)


cdef void _measure(const PlanC *p, int kind, const void *data, Py_ssize_t n, const Scan *s,
                   Measure *ms, bint keep_graphemes) noexcept nogil:
    """Units, parts and free units of every candidate from the scan of a reader (``_walk``).
    With ``keep_graphemes`` a multi-part UTF-16 candidate is left for the caller to walk by
    grapheme cluster.

    Only a multi-part candidate with 2-unit characters needs a walk; it is skipped when even its
    lower bound, ceil(units / capacity) parts, is more than another candidate's exact count:
    it cannot win the choice, and its ``parts`` then hold that bound."""
    cdef int j, k, cls, used_last
    cdef int fewest = 0x7FFFFFFF  # fewest exact parts so far
    cdef bint walk[MAX_CANDS]
    cdef Py_ssize_t bound
    cdef const Cand *c
    cdef Measure *m
    for k in range(p.n):
        c = &p.cands[k]
        m = &ms[k]
        m.ok = True
        m.total = 0
        m.twos = 0
        walk[k] = False
        if c.utf16:
            m.total = s.length + s.astral
            m.twos = s.astral
        else:
            for j in range(s.npresent):
                cls = s.present[j]
                if c.cost[cls] == 0:
                    m.ok = False
                    break
                m.total += c.cost[cls] * s.hist[cls]
                if c.cost[cls] == 2:
                    m.twos += s.hist[cls]
        if not m.ok:
            continue
        if m.total <= c.single_cap:
            m.parts, m.capacity, m.multi = 1, c.single_cap, False
            m.remaining = c.single_cap - <int> m.total
            fewest = 1
            continue
        m.capacity, m.multi = c.multi_cap, True
        bound = (m.total + c.multi_cap - 1) // c.multi_cap
        if bound > 0x7FFFFFFF:
            m.parts, m.remaining = 0x7FFFFFFF, 0
        elif c.utf16 and keep_graphemes:
            m.parts, m.remaining = 0, 0
        elif m.twos == 0:
            m.parts = <int> bound
            m.remaining = <int> (bound * c.multi_cap - m.total)
            if m.parts < fewest:
                fewest = m.parts
        else:
            m.parts, m.remaining = <int> bound, 0
            walk[k] = True
    for k in range(p.n):
        if walk[k] and ms[k].parts <= fewest:
            c = &p.cands[k]
            ms[k].parts = _walk(kind, data, n, c, c.multi_cap, &used_last)
            ms[k].remaining = c.multi_cap - used_last
            if ms[k].parts < fewest:
                fewest = ms[k].parts


cdef int _choose(const PlanC *p, const Measure *ms) noexcept nogil:
    """The choice rule: fewest parts, then the allowed order, then most units free in the last
    part, then fewest header elements, then the variant order. -1 when no candidate can encode."""
    cdef int k, best = -1
    cdef const Cand *c
    cdef const Cand *b
    for k in range(p.n):
        if not ms[k].ok:
            continue
        if best < 0:
            best = k
            continue
        c = &p.cands[k]
        b = &p.cands[best]
        if ms[k].parts != ms[best].parts:
            if ms[k].parts < ms[best].parts:
                best = k
        elif c.group_rank != b.group_rank:
            if c.group_rank < b.group_rank:
                best = k
        elif ms[k].remaining != ms[best].remaining:
            if ms[k].remaining > ms[best].remaining:
                best = k
        elif c.header_elements != b.header_elements:
            if c.header_elements < b.header_elements:
                best = k
        elif c.variant_rank < b.variant_rank:
            best = k
    return best


