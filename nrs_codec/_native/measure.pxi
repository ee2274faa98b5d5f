# The nogil measurement of one text over a code-point reader (PEP 393 data of kind 1, 2 or 4, or
# UTF-8 bytes). One scan gives every candidate's units: the characters it cannot carry (a fail
# bit each) and those that cost it 2 units (its lane, see plans.pxi); only a multi-part candidate
# with 2-unit characters that could still win needs a part walk, which takes the text in runs
# that fit a part rather than a character at a time. Then the choice rule picks one.

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
    Py_ssize_t length                    # code points
    Py_ssize_t astral                    # code points above U+FFFF (2 UTF-16 units)
    uint64_t fail                        # bit k: candidate k cannot carry some character
    Py_ssize_t lane[MAX_WORDS * LANES]   # lane k: characters costing candidate k 2 units;
                                         # lane n: characters outside GSM default + extension


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
    while i < n:
        stop = i + LANE_FULL if n - i > LANE_FULL else n
        if p.words == 1:
            # The common plans (up to 7 candidates): one word, in C (simd.h), the plain ASCII
            # characters skipped sixteen at a time.
            counts.word, counts.fail, counts.astral = 0, fail, 0
            if char_t is uint8_t:
                nrs_scan_latin1(data + i, stop - i, &p.tables, &counts)
            elif char_t is uint16_t:
                nrs_scan_ucs2(data + i, stop - i, &p.tables, &counts)
            else:
                nrs_scan_ucs4(data + i, stop - i, &p.tables, &counts)
            fail = counts.fail
            s.astral += counts.astral
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
    """Decode the non-ASCII character at ``u[i[0]]``: 0 when the bytes there are ill-formed (a
    stray or missing continuation byte, an overlong form, an encoded surrogate, or beyond
    U+10FFFF), else 1, or 2 for a character above U+FFFF; advances ``i``."""
    cdef uint32_t b0 = u[i[0]]
    cdef Py_ssize_t k = i[0]
    if b0 < 0xC2:
        return 0
    elif b0 < 0xE0:
        if k + 1 >= size or (u[k + 1] & 0xC0) != 0x80:
            return 0
        cp[0] = ((b0 & 0x1F) << 6) | (u[k + 1] & 0x3F)
        i[0] = k + 2
        return 1
    elif b0 < 0xF0:
        if k + 2 >= size or (u[k + 1] & 0xC0) != 0x80 or (u[k + 2] & 0xC0) != 0x80:
            return 0
        cp[0] = ((b0 & 0x0F) << 12) | ((u[k + 1] & 0x3F) << 6) | (u[k + 2] & 0x3F)
        if cp[0] < 0x800 or 0xD800 <= cp[0] <= 0xDFFF:
            return 0
        i[0] = k + 3
        return 1
    elif b0 < 0xF5:
        if (k + 3 >= size or (u[k + 1] & 0xC0) != 0x80 or (u[k + 2] & 0xC0) != 0x80
                or (u[k + 3] & 0xC0) != 0x80):
            return 0
        cp[0] = ((b0 & 0x07) << 18) | ((u[k + 1] & 0x3F) << 12) | ((u[k + 2] & 0x3F) << 6) | (u[k + 3] & 0x3F)
        if cp[0] < 0x10000 or cp[0] > 0x10FFFF:
            return 0
        i[0] = k + 4
        return 2
    return 0


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
    if p.words == 1:
        # As _scan_t: in C (simd.h), a lane's worth of bytes (so of characters) at a time.
        while i < size:
            stop = LANE_FULL if size - i > LANE_FULL else size - i
            counts.word, counts.fail, counts.astral = 0, fail, 0
            end = nrs_scan_utf8(u + i, stop, size - i, &p.tables, &counts, &chars)
            if end < 0:
                return False
            fail = counts.fail
            s.astral += counts.astral
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


cdef inline int _cost(const Cand *c, uint32_t cp) noexcept nogil:
    if c.utf16:
        return 2 if cp > 0xFFFF else 1
    return c.cost[_class(cp)]


cdef inline Py_ssize_t _units_t(const char_t *data, Py_ssize_t a, Py_ssize_t b, const Cand *c) noexcept nogil:
    """Units of ``data[a:b]`` in the candidate, which can carry every character of it."""
    cdef Py_ssize_t i, units = 0
    if c.utf16:
        units = b - a
        if char_t is uint32_t:
            for i in range(a, b):
                units += data[i] > 0xFFFF
        return units
    if char_t is uint8_t:
        for i in range(a, b):
            units += c.cost1[data[i]]
    else:
        for i in range(a, b):
            units += c.cost[_class(data[i])]
    return units


cdef int _walk_t(const char_t *data, Py_ssize_t n, const Cand *c, int cap, int *used_last,
                 Py_ssize_t *starts, int max_starts) noexcept nogil:
    """Parts of the greedy walk (a character that does not fit starts the next part, so a
    2-unit character never splits); units used in the last part. The text is taken in runs: at
    most ``room`` characters can fit in what is left of a part, and when a run of that many
    costs more than the room, its first ``room - extra`` characters still fit. With ``starts``,
    where the first ``max_starts`` parts start."""
    cdef Py_ssize_t pos = 0, take, units
    cdef int parts = 1, used = 0, room
    if starts != NULL and max_starts > 0:
        starts[0] = 0
    while pos < n:
        room = cap - used
        take = room if n - pos > room else n - pos
        if take > 0:
            units = _units_t(data, pos, pos + take, c)
            if units > room:
                take -= units - room
                units = _units_t(data, pos, pos + take, c) if take > 0 else 0
            if take > 0:
                used += <int> units
                pos += take
                continue
            # Every character of the run costs 2 and the run is as long as the room: half fits.
            while pos < n and used + _cost(c, data[pos]) <= cap:
                used += _cost(c, data[pos])
                pos += 1
            if pos == n:
                break
        parts += 1
        if starts != NULL and parts <= max_starts:
            starts[parts - 1] = pos
        used = 0
    used_last[0] = used
    return parts


cdef int _walk_utf8(const uint8_t *u, Py_ssize_t size, const Cand *c, int cap, int *used_last) noexcept nogil:
    """The greedy walk (``_walk_t``) over UTF-8 that ``_scan_utf8`` accepted. Eight bytes are
    taken at once when every character that starts in them fits whole: for UTF-16 their units
    are counted from the bytes themselves, for the GSM tables when all eight are ASCII. Bytes
    that continue a character taken that way cost nothing."""
    cdef Py_ssize_t i = 0
    cdef int parts = 1, used = 0, cost, k
    cdef uint32_t cp
    cdef uint64_t x
    while i < size:
        if i + 8 <= size:
            memcpy(&x, u + i, 8)
            if c.utf16:
                cost = nrs_utf16_units8(x)
            elif not (x & 0x8080808080808080ULL):
                cost = 0
                for k in range(i, i + 8):
                    cost += c.cost1[u[k]]
            else:
                cost = cap + 1  # not ASCII: one character at a time
            if used + cost <= cap:
                used += cost
                i += 8
                continue
        if (u[i] & 0xC0) == 0x80:
            i += 1
            continue
        cp = _utf8_next(u, &i)
        cost = c.cost1[cp] if cp < 256 and not c.utf16 else _cost(c, cp)
        if used + cost > cap:
            parts += 1
            used = 0
        used += cost
    used_last[0] = used
    return parts


cdef int _walk(int kind, const void *data, Py_ssize_t n, const Cand *c, int cap, int *used_last,
               Py_ssize_t *starts, int max_starts) noexcept nogil:
    """A part walk over a reader: PEP 393 data of ``kind`` 1, 2 or 4 and ``n`` code points, or
    (``kind`` UTF8) ``n`` bytes of UTF-8 (which records no ``starts``)."""
    if kind == UTF8:
        return _walk_utf8(<const uint8_t *> data, n, c, cap, used_last)
    if kind == 1:
        return _walk_t(<const uint8_t *> data, n, c, cap, used_last, starts, max_starts)
    if kind == 2:
        return _walk_t(<const uint16_t *> data, n, c, cap, used_last, starts, max_starts)
    return _walk_t(<const uint32_t *> data, n, c, cap, used_last, starts, max_starts)


cdef inline bint _better(const PlanC *p, const Measure *ms, int k, int best) noexcept nogil:
    """Whether candidate ``k`` beats ``best`` by the choice rule: fewest parts, then the allowed
    order, then most units free in the last part, then fewest header elements, then the variant
    order."""
    cdef const Cand *c = &p.cands[k]
    cdef const Cand *b = &p.cands[best]
    if ms[k].parts != ms[best].parts:
        return ms[k].parts < ms[best].parts
    if c.group_rank != b.group_rank:
        return c.group_rank < b.group_rank
    if ms[k].remaining != ms[best].remaining:
        return ms[k].remaining > ms[best].remaining
    if c.header_elements != b.header_elements:
        return c.header_elements < b.header_elements
    return c.variant_rank < b.variant_rank


cdef int _measure(const PlanC *p, int kind, const void *data, Py_ssize_t n, const Scan *s,
                  Measure *ms, bint keep_graphemes) noexcept nogil:
    """Units, parts and free units of every candidate from the scan of a reader (``_walk``).
    With ``keep_graphemes`` a multi-part UTF-16 candidate is left for the caller to walk by
    grapheme cluster.

    Only a multi-part candidate with 2-unit characters needs a walk. It is skipped when it
    cannot win even at its best, ceil(units / capacity) parts with the rest of that room free in
    the last part, against the best candidate known exactly; its ``parts`` then hold that bound
    and its ``remaining`` 0, so the choice cannot pick it either. Returns the choice (``_choose``)
    among the candidates measured, -1 when none can encode; with ``keep_graphemes`` the caller
    chooses again once it has measured the UTF-16 candidate."""
    cdef int j, k, used_last, best = -1  # the best candidate known exactly
    cdef bint walk[MAX_CANDS]
    cdef Py_ssize_t bound
    cdef const Cand *c
    cdef Measure *m
    for k in range(p.n):
        c = &p.cands[k]
        m = &ms[k]
        walk[k] = False
        if (best >= 0 and ms[best].parts == 1 and c.group_rank > p.cands[best].group_rank
                and not keep_graphemes):
            # One part in an earlier encoding of the allowed order: no later one can do better.
            for j in range(k, p.n):
                ms[j].ok = False
                walk[j] = False
            break
        m.ok = not (s.fail >> k) & 1
        m.twos = s.astral if c.utf16 else s.lane[k]
        m.total = s.length + m.twos
        if not m.ok:
            continue
        if m.total <= c.single_cap:
            m.parts, m.capacity, m.multi = 1, c.single_cap, False
            m.remaining = c.single_cap - <int> m.total
        else:
            m.capacity, m.multi = c.multi_cap, True
            bound = (m.total + c.multi_cap - 1) // c.multi_cap
            if bound > 0x7FFFFFFF:
                m.parts, m.remaining = 0x7FFFFFFF, 0
            elif c.utf16 and keep_graphemes:
                m.parts, m.remaining = 0, 0
                continue  # the caller's to measure
            elif m.twos == 0:
                m.parts = <int> bound
                m.remaining = <int> (bound * c.multi_cap - m.total)
            else:
                m.parts = <int> bound
                m.remaining = <int> (bound * c.multi_cap - m.total)  # at best
                walk[k] = True
                continue
        if best < 0 or _better(p, ms, k, best):
            best = k
    for k in range(p.n):
        if not walk[k]:
            continue
        if best >= 0 and not _better(p, ms, k, best):
            ms[k].remaining = 0
            continue
        c = &p.cands[k]
        ms[k].parts = _walk(kind, data, n, c, c.multi_cap, &used_last, NULL, 0)
        ms[k].remaining = c.multi_cap - used_last
        if best < 0 or _better(p, ms, k, best):
            best = k
    return best


cdef int _choose(const PlanC *p, const Measure *ms) noexcept nogil:
    """The choice rule (``_better``) over the candidates that can encode; -1 when none can."""
    cdef int k, best = -1
    for k in range(p.n):
        if ms[k].ok and (best < 0 or _better(p, ms, k, best)):
            best = k
    return best
