# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled back end: the same rules as ``_reference``, read straight from the ``str`` buffer.

The text is read through its PEP 393 representation (1-, 2- or 4-byte code points) without
encoding it or creating per-character objects. Every code point maps, through a two-level table
built once at import from ``_tables``, to a bit mask of the tables that hold it; a variant's cost
for a character is then two bit tests.
"""

from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.stdlib cimport calloc, free
from libc.string cimport memset

from ._graphemes import cluster_starts
from ._model import Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ._model import MAX_PARTS as _MAX_PARTS
from ._reference import walk as _reference_walk
from ._rules import UTF16, plan
from ._tables import LOCKING, SINGLE

BACKEND = "compiled"


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    uint32_t PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


cdef enum:
    MAX_CANDS = 16
    NPAGES_INDEX = 0x1100
cdef uint32_t SURROGATE = 0x80000000

cdef int MAX_PARTS = _MAX_PARTS

# Two-level lookup: code point >> 8 selects a page of 256 masks. Page 0 is all zeros (no table
# holds the character), page 1 marks surrogates.
cdef uint16_t _page_of[NPAGES_INDEX]
cdef uint32_t *_pages = NULL
cdef dict _slot_of = {}  # national language id -> bit slot (2 bits each: locking, single)
cdef uint32_t _gsm_bits = 0  # default alphabet and default extension


cdef void _build_lookup() except *:
    global _pages, _gsm_bits
    cdef dict masks = {}
    cdef int slot = 0
    for lang in sorted(set(LOCKING) | set(SINGLE)):
        if slot >= 15:
            raise RuntimeError("more national languages than the compiled lookup has bits for")
        _slot_of[lang] = slot
        for bit, table in ((1 << (2 * slot), LOCKING.get(lang)), (1 << (2 * slot + 1), SINGLE.get(lang))):
            if table is None:
                continue
            for cp in table.values():
                masks[cp] = masks.get(cp, 0) | bit
        slot += 1
    _gsm_bits = 3 << (2 * _slot_of[0])
    page_keys = sorted({cp >> 8 for cp in masks})
    _pages = <uint32_t *> calloc((2 + len(page_keys)) * 256, sizeof(uint32_t))
    if _pages == NULL:
        raise MemoryError()
    memset(_page_of, 0, sizeof(_page_of))
    cdef int i
    for i in range(256):
        _pages[256 + i] = SURROGATE
    for i in range(0xD8, 0xE0):
        _page_of[i] = 1
    for i, key in enumerate(page_keys):
        _page_of[key] = 2 + i
    for cp, m in masks.items():
        _pages[(_page_of[cp >> 8] << 8) | (cp & 0xFF)] = m


_build_lookup()


cdef inline uint32_t _mask(uint32_t cp) noexcept nogil:
    return _pages[(<uint32_t> _page_of[cp >> 8] << 8) | (cp & 0xFF)]


cdef struct Cand:
    bint utf16
    uint32_t lock_bit
    uint32_t single_bit
    int single_udh, single_cap, multi_udh, multi_cap
    int header_elements, group_rank, variant_rank, locking, single


cdef inline int _cost(const Cand *c, uint32_t cp, uint32_t m) noexcept nogil:
    """Units of one character in a candidate; 0 when it cannot represent it."""
    if c.utf16:
        return 2 if cp > 0xFFFF else 1
    if m & c.lock_bit:
        return 1
    if m & c.single_bit:
        return 2
    return 0


cdef class _Plan:
    cdef Cand cands[MAX_CANDS]
    cdef int n
    cdef list encodings   # encoding name of each candidate
    cdef object groups    # the plan as the reference sees it
    cdef object error_encoding


cdef _Plan _make_plan(tuple key):
    groups = plan(*key)
    cdef _Plan p = _Plan()
    p.n = 0
    p.encodings = []
    p.groups = groups
    p.error_encoding = groups[0][0] if len(groups) == 1 else None
    cdef Cand *c
    for group_rank, (enc, candidates) in enumerate(groups):
        for variant_rank, cand in enumerate(candidates):
            v = cand.variant
            c = &p.cands[p.n]
            c.utf16 = v.encoding == UTF16
            c.lock_bit = 0 if c.utf16 else 1 << (2 * _slot_of[v.locking])
            c.single_bit = 0 if c.utf16 else 1 << (2 * _slot_of[v.single] + 1)
            c.single_udh = cand.single_udh
            c.single_cap = cand.single_capacity
            c.multi_udh = cand.multi_udh
            c.multi_cap = cand.multi_capacity
            c.header_elements = v.header_elements
            c.group_rank = group_rank
            c.variant_rank = variant_rank
            c.locking = v.locking
            c.single = v.single
            p.encodings.append(enc)
            p.n += 1
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


cdef int _walk_count(int kind, void *data, Py_ssize_t n, const Cand *c, int cap, int *used_last) noexcept nogil:
    cdef Py_ssize_t i
    cdef int parts = 1, used = 0, cost
    cdef uint32_t cp
    for i in range(n):
        cp = PyUnicode_READ(kind, data, i)
        cost = _cost(c, cp, _mask(cp))
        if used + cost > cap:
            parts += 1
            used = 0
        used += cost
    used_last[0] = used
    return parts


cdef tuple _walk_spans(int kind, void *data, Py_ssize_t n, const Cand *c, int cap):
    cdef list spans = []
    cdef Py_ssize_t i, start = 0
    cdef int used = 0, cost
    cdef uint32_t cp
    for i in range(n):
        cp = PyUnicode_READ(kind, data, i)
        cost = _cost(c, cp, _mask(cp))
        if used + cost > cap:
            spans.append((start, i))
            start = i
            used = 0
        used += cost
    spans.append((start, n))
    return tuple(spans)


cdef tuple _offending(str text, int kind, void *data, Py_ssize_t n, const Cand *c):
    cdef Py_ssize_t i
    cdef uint32_t cp
    cdef list bad = []
    for i in range(n):
        cp = PyUnicode_READ(kind, data, i)
        if _cost(c, cp, _mask(cp)) == 0:
            bad.append((i, text[i]))
    return tuple(bad)


def analyze(text, encoding="auto", *, allowed=("gsm", "gsm-pt", "utf-16"), keep_graphemes=False,
            ref16=False, extra_udh=0, force_shifts=False):
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    cdef str s = <str> text
    cdef _Plan p = _get_plan(encoding, allowed, ref16, extra_udh, force_shifts)
    cdef int kind = PyUnicode_KIND(s)
    cdef void *data = PyUnicode_DATA(s)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t i, ngsm_missing = 0
    cdef uint32_t cp
    cdef uint32_t m
    cdef int k, cost
    cdef Py_ssize_t total[MAX_CANDS]
    cdef Py_ssize_t twos[MAX_CANDS]
    cdef bint ok[MAX_CANDS]
    for k in range(p.n):
        total[k] = 0
        twos[k] = 0
        ok[k] = True

    for i in range(n):
        cp = PyUnicode_READ(kind, data, i)
        m = _mask(cp)
        if m & SURROGATE:
            raise InvalidTextError(i, s[i])
        if not (m & _gsm_bits):
            ngsm_missing += 1
        for k in range(p.n):
            cost = _cost(&p.cands[k], cp, m)
            if cost == 0:
                ok[k] = False
            else:
                total[k] += cost
                twos[k] += cost - 1

    cdef int best = -1, parts, cap, used_last, rem
    cdef int best_parts = 0, best_rem = 0, best_cap = 0
    cdef bint best_multi = False
    cdef bint multi
    cdef object best_spans = None, spans
    cdef const Cand *c
    for k in range(p.n):
        if not ok[k]:
            continue
        c = &p.cands[k]
        spans = None
        if total[k] <= c.single_cap:
            parts, cap, multi = 1, c.single_cap, False
            rem = cap - <int> total[k]
        else:
            cap, multi = c.multi_cap, True
            if c.utf16 and keep_graphemes:
                costs = [2 if ord(ch) > 0xFFFF else 1 for ch in s]
                spans = tuple(_reference_walk(costs, cap, cluster_starts(s)))
                parts = len(spans)
                last = spans[len(spans) - 1]
                rem = cap - sum(costs[last[0]:last[1]])
            elif twos[k] == 0:
                parts = <int> ((total[k] + cap - 1) // cap) if total[k] // cap < 0x7FFFFFFF else 0x7FFFFFFF
                rem = <int> (parts * <Py_ssize_t> cap - total[k])
            else:
                parts = _walk_count(kind, data, n, c, cap, &used_last)
                rem = cap - used_last
        if best < 0 or (parts, c.group_rank, -rem, c.header_elements, c.variant_rank) < (
            best_parts, p.cands[best].group_rank, -best_rem, p.cands[best].header_elements,
            p.cands[best].variant_rank
        ):
            best, best_parts, best_rem, best_cap, best_multi, best_spans = k, parts, rem, cap, multi, spans

    if best < 0:
        failures = [(p.encodings[k], _offending(s, kind, data, n, &p.cands[k])) for k in range(p.n)]
        enc, bad = min(failures, key=lambda f: len(f[1]))
        raise EncodingError(p.error_encoding if p.error_encoding is not None else enc, bad)

    c = &p.cands[best]
    if best_parts > MAX_PARTS:
        raise TooManyPartsError(p.encodings[best], best_parts)
    if best_spans is None:
        if best_parts == 1:
            best_spans = ((0, n),)
        elif twos[best] == 0:
            best_spans = tuple([(j * best_cap, min((j + 1) * best_cap, n)) for j in range(best_parts)])
        else:
            best_spans = _walk_spans(kind, data, n, c, best_cap)

    non_gsm = ()
    if ngsm_missing:
        found = []
        for i in range(n):
            cp = PyUnicode_READ(kind, data, i)
            if not (_mask(cp) & _gsm_bits):
                found.append((i, s[i]))
        non_gsm = tuple(found)

    return Analysis(
        p.encodings[best],
        best_parts,
        <Py_ssize_t> total[best],
        c.locking,
        c.single,
        c.multi_udh if best_multi else c.single_udh,
        best_cap,
        best_rem,
        best_spans,
        non_gsm,
    )
