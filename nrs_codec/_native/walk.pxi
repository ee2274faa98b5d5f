# The part walks: where a multi-part candidate's parts end, for the candidates with 2-unit
# characters that could still win. A walk takes the text in runs that fit a part rather than a
# character at a time. The rule is the reference's ``walk`` (core/reference.py); one walk per
# reader here (PEP 393 kinds, UTF-8) and by grapheme cluster in analyze.pxi, each held to it by
# tests/core/test_differential.py and tests/batch (str and Arrow rows).

cdef inline uint32_t _read(int kind, const void *data, Py_ssize_t i) noexcept nogil:
    if kind == 1:
        return (<const uint8_t *> data)[i]
    if kind == 2:
        return (<const uint16_t *> data)[i]
    return (<const uint32_t *> data)[i]


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
    2-unit character never splits); units used in the last part. With ``starts``, where the
    first ``max_starts`` parts start. For the GSM tables a run of the candidate's 1-unit ASCII
    characters is taken whole, sixteen at a time, as far as the part's room, and the character
    that ends it on its own. For UTF-16 the text is taken in runs that fit a part: at most
    ``room`` characters can fit in what is left of it, and when a run of that many costs more
    than the room, its first ``room - extra`` characters still fit."""
    cdef Py_ssize_t pos = 0, take, units, run
    cdef int parts = 1, used = 0, room, cost
    if starts != NULL and max_starts > 0:
        starts[0] = 0
    while pos < n:
        room = cap - used
        take = room if n - pos > room else n - pos
        if not c.utf16:
            if take > 0:
                if char_t is uint8_t:
                    run = nrs_ones_latin1(data + pos, take, _ASCII_HI, c.one_lo)
                elif char_t is uint16_t:
                    run = nrs_ones_ucs2(data + pos, take, _ASCII_HI, c.one_lo)
                else:
                    run = 0
                used += <int> run
                pos += run
                if pos == n:
                    break
            # The run ended at a character that is not 1-unit ASCII, or at the part's end.
            if char_t is uint8_t:
                cost = c.cost1[data[pos]]
            else:
                cost = c.cost[_class(data[pos])]
            if used + cost <= cap:
                used += cost
                pos += 1
                continue
        elif take > 0:
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
    """The greedy walk (``_walk_t``) over UTF-8 that ``_scan_utf8`` accepted. For the GSM tables
    a run of the candidate's 1-unit ASCII characters is taken whole, sixteen bytes at a time (as
    far as the part's room); for UTF-16 eight bytes are taken at once when every character that
    starts in them fits, their units counted from the bytes themselves, and bytes that continue
    a character taken that way cost nothing."""
    cdef Py_ssize_t i = 0, run
    cdef int parts = 1, used = 0, cost
    cdef uint32_t cp
    cdef uint64_t x
    while i < size:
        if not c.utf16:
            # A run of 1-unit ASCII characters, sixteen bytes at a time, as far as the part's room.
            run = nrs_ones_latin1(u + i, min(cap - used, size - i), _ASCII_HI, c.one_lo)
            if run:
                used += <int> run
                i += run
                continue
        elif i + 8 <= size:
            memcpy(&x, u + i, 8)
            cost = nrs_utf16_units8(x)
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


cdef inline void _fill(Py_ssize_t ones, int cap, int *used, int *parts) noexcept nogil:
    """``ones`` characters of 1 unit each, after ``used`` units of the current part: they fill
    it, then as many whole parts as they take, and the last part they reach holds the rest."""
    cdef Py_ssize_t over = used[0] + ones - cap, more
    if over <= 0:
        used[0] += <int> ones
        return
    more = (over + cap - 1) // cap
    parts[0] += <int> more
    used[0] = <int> (over - (more - 1) * cap)


cdef int _walk_marked(int kind, const void *data, Py_ssize_t n, const Scan *s, const Cand *c, int cap,
                      int *used_last) noexcept nogil:
    """The greedy walk (``_walk``) from the scan's marks: every character between two that are not
    plain costs any candidate 1 unit, so the walk adds those up at once and looks only at the
    marked ones. Where the scan could not keep every mark, ``_walk`` reads the text; so it does
    for UTF-16 over a PEP 393 string, whose runs it counts without reading them (a character
    costs 2 units only above U+FFFF, in 4-byte strings alone): a text of Cyrillic has a mark on
    nearly every character, which the runs would visit one by one."""
    cdef Py_ssize_t j, at, prev = 0
    cdef int parts = 1, used = 0, cost
    cdef uint32_t cp
    if s.nmarks > MAX_MARKS or (c.utf16 and kind != UTF8):
        return _walk(kind, data, n, c, cap, used_last, NULL, 0)
    for j in range(s.nmarks):
        at = s.marks[j]
        _fill(at - prev, cap, &used, &parts)
        if kind == UTF8:
            prev = at
            cp = _utf8_next(<const uint8_t *> data, &prev)
        else:
            cp = _read(kind, data, at)
            prev = at + 1
        cost = c.cost1[cp] if cp < 256 and not c.utf16 else _cost(c, cp)
        if used + cost > cap:
            parts += 1
            used = 0
        used += cost
    _fill(n - prev, cap, &used, &parts)
    used_last[0] = used
    return parts
