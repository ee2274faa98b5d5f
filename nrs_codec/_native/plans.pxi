# Plans: the candidates of ``core.rules.plan`` as C structs, made once per set of options and
# kept, with the tables the scan reads.
#
# The scan learns everything the choice rule needs from one pass: which candidates cannot carry
# some character (a bit per candidate, OR-ed) and how many characters cost 2 units in each
# candidate (a count per candidate). The counts are kept in *lanes*: 8-bit counters packed eight
# to a 64-bit word, so that one addition per character (and word) counts for eight candidates;
# the words are emptied into wide counters before a lane can overflow. The lane after the last
# candidate counts the characters outside the GSM default alphabet and its extension.

cdef enum:
    # Every candidate allowing every encoding: gsm, utf-16 and three variants for each of the 15
    # national languages the lookup has bits for (16 language slots), and one for each encoding a
    # preset limits to one table; 13 languages and gsm-tr-single today give 40.
    MAX_CANDS = 48
    LANES = 8                                 # 8-bit lanes in a 64-bit word
    MAX_WORDS = (MAX_CANDS + 1 + LANES - 1) // LANES
    LANE_FULL = 255                           # characters a lane can count before it is emptied
    SURROGATE_BIT = 63                        # the fail bit of a lone surrogate


cdef struct Cand:
    bint utf16
    uint8_t cost[MAX_CLASSES]  # units per character class; 0 when the candidate cannot encode it
    uint8_t cost1[256]         # the same by Latin-1 code point
    uint8_t one_lo[16]         # the ASCII characters that cost it 1 unit, by low nibble as the
                               # plan's plain set (simd.h): the part walks take their runs whole
    int single_udh, single_cap, multi_udh, multi_cap
    int header_elements, group_rank, variant_rank, locking, single, encoding_index


cdef struct PlanC:
    Cand cands[MAX_CANDS]
    int n                                     # candidates
    int words                                 # lane words: candidates and the non-GSM lane
    uint64_t fail[MAX_CLASSES]                # by class: a bit per candidate that cannot carry it
    uint64_t two[MAX_WORDS][MAX_CLASSES]      # by class: 1 in the lane of each candidate where it costs 2
    uint64_t fail1[256]                       # the same two tables by Latin-1 code point
    uint64_t two1[MAX_WORDS][256]
    uint8_t plain_lo[16]                      # the plain ASCII characters by low nibble (simd.h,
                                              # with _ASCII_HI): they add nothing to lanes or fail bits
    nrs_tables tables                         # the tables above, for simd.h's one-word scans


# The high-nibble half of every set of ASCII characters given to simd.h (bit h for nibble h < 8,
# none above): the same for the plain set and for each candidate's 1-unit set.
cdef uint8_t _ASCII_HI[16]
for _h in range(16):
    _ASCII_HI[_h] = (1 << _h) if _h < 8 else 0


cdef class _Plan:
    cdef PlanC c
    cdef list encodings   # encoding name of each candidate
    cdef object error_encoding


cdef void _lane_tables(PlanC *p) noexcept:
    """The fail and lane tables of a plan whose candidates' costs are set."""
    cdef int cls, k, b
    cdef const Cand *c
    p.words = (p.n + 1 + LANES - 1) // LANES
    memset(p.fail, 0, sizeof(p.fail))
    memset(p.two, 0, sizeof(p.two))
    for cls in range(MAX_CLASSES):
        for k in range(p.n):
            c = &p.cands[k]
            if c.cost[cls] == 0:
                p.fail[cls] |= (<uint64_t> 1) << k
            elif c.cost[cls] == 2:
                p.two[k // LANES][cls] += (<uint64_t> 1) << (8 * (k % LANES))
        if cls >= _nclasses or not _class_gsm[cls]:
            p.two[p.n // LANES][cls] += (<uint64_t> 1) << (8 * (p.n % LANES))
    p.fail[CLASS_SURROGATE] |= (<uint64_t> 1) << SURROGATE_BIT
    cdef bint plain
    memset(p.plain_lo, 0, sizeof(p.plain_lo))
    for k in range(p.n):
        memset(p.cands[k].one_lo, 0, sizeof(p.cands[k].one_lo))
    for b in range(256):
        cls = _class(b)
        p.fail1[b] = p.fail[cls]
        plain = b < 128 and p.fail1[b] == 0
        for k in range(MAX_WORDS):
            p.two1[k][b] = p.two[k][cls]
            plain = plain and p.two1[k][b] == 0
        for k in range(p.n):
            p.cands[k].cost1[b] = p.cands[k].cost[cls]
            if b < 128 and p.cands[k].cost1[b] == 1:
                p.cands[k].one_lo[b & 0x0F] |= 1 << (b >> 4)
        if plain:
            p.plain_lo[b & 0x0F] |= 1 << (b >> 4)
    p.tables.two1 = p.two1[0]
    p.tables.fail1 = p.fail1
    p.tables.two = p.two[0]
    p.tables.fail_of = p.fail
    p.tables.bmp_class = _bmp_class
    p.tables.hi = _ASCII_HI
    p.tables.lo = p.plain_lo


cdef _Plan _make_plan(tuple key):
    groups = plan(*key)
    cdef _Plan p = _Plan()
    p.c.n = 0
    p.encodings = []
    p.error_encoding = groups[0][0] if len(groups) == 1 else None
    cdef Cand *c
    cdef uint32_t lock_bit, single_bit
    cdef int cls
    for group_rank, (enc, candidates) in enumerate(groups):
        for variant_rank, cand in enumerate(candidates):
            if p.c.n == MAX_CANDS:
                raise RuntimeError(f"more than {MAX_CANDS} candidates in one plan")
            v = cand.variant
            c = &p.c.cands[p.c.n]
            c.utf16 = v.encoding == UTF16
            memset(c.cost, 0, sizeof(c.cost))
            if c.utf16:
                # The 2 units of a character outside the BMP are added from the code point.
                for cls in range(CLASS_SURROGATE + 1, MAX_CLASSES):
                    c.cost[cls] = 1
                c.cost[CLASS_NONE] = 1
            else:
                lock_bit = 1 << (2 * _slot_of[v.locking])
                single_bit = 1 << (2 * _slot_of[v.single] + 1)
                for cls in range(CLASS_SURROGATE + 1, _nclasses):
                    if _class_mask[cls] & lock_bit:
                        c.cost[cls] = 1
                    elif _class_mask[cls] & single_bit:
                        c.cost[cls] = 2
            c.single_udh = cand.single_udh
            c.single_cap = cand.single_capacity
            c.multi_udh = cand.multi_udh
            c.multi_cap = cand.multi_capacity
            c.header_elements = v.header_elements
            c.group_rank = group_rank
            c.variant_rank = variant_rank
            c.locking = v.locking
            c.single = v.single
            c.encoding_index = ENCODINGS.index(v.encoding)
            p.encodings.append(enc)
            p.c.n += 1
    _lane_tables(&p.c)
    return p


cdef dict _plans = {}


cdef _Plan _get_plan(encoding, allowed, ref16, extra_udh, force_shifts):
    if type(extra_udh) is not int or isinstance(allowed, str):
        return _make_plan((encoding, allowed, ref16, extra_udh, force_shifts))
    if type(allowed) is not tuple:
        try:
            allowed = tuple(allowed)
        except TypeError:
            return _make_plan((encoding, allowed, ref16, extra_udh, force_shifts))
    key = (encoding, allowed, bool(ref16), extra_udh, bool(force_shifts))
    try:
        return _plans[key]
    except (KeyError, TypeError):
        pass
    p = _make_plan(key)
    if len(_plans) < 1024:
        _plans[key] = p
    return p
