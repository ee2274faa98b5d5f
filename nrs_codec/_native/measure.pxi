# The measurement of one text: from its scan (scan.pxi), each candidate's units, parts and free
# units, with a part walk (walk.pxi) only where it can change the answer; then the choice rule
# picks one.

cdef struct Measure:
    Py_ssize_t total   # units
    Py_ssize_t twos    # characters costing 2 units
    int parts, remaining, capacity
    bint ok, multi


cdef inline bint _better(const PlanC *p, const Measure *ms, int k, int best) noexcept nogil:
    """Whether candidate ``k`` beats ``best`` by the choice rule: fewest parts, then the allowed
    order, then most units free in the last part, then fewest header elements, then the variant
    order: ``core.rules.choice_key`` as a comparison, held to it by the differential tests."""
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
        ms[k].parts = _walk_marked(kind, data, n, s, c, c.multi_cap, &used_last)
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
