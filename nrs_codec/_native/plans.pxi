# Plans: the candidates of ``core.rules.plan`` as C structs, with each candidate's cost per class,
# made once per set of options and kept.

cdef enum:
    # Every candidate allowing every encoding: gsm, utf-16 and three variants for each of the 15
    # national languages the lookup has bits for (16 language slots); 13 today give 39.
    MAX_CANDS = 48

cdef struct Cand:
    bint utf16
    uint8_t cost[MAX_CLASSES]  # units per character class; 0 when the candidate cannot encode it
    int single_udh, single_cap, multi_udh, multi_cap
    int header_elements, group_rank, variant_rank, locking, single, encoding_index


cdef struct PlanC:
    Cand cands[MAX_CANDS]
    int n


cdef class _Plan:
    cdef PlanC c
    cdef list encodings   # encoding name of each candidate
    cdef object error_encoding


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


