# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled back end: the same rules as ``_reference``, read straight from text buffers.

Every code point maps, through a two-level table built once at import from ``_tables``, to a
*character class*: the set of tables that hold it (class 0: none, class 1: a surrogate). One pass
over a text only counts how many characters fall in each class; every candidate's units then
follow from that histogram, and only a candidate that needs a part walk (more than one part and
some 2-unit characters) reads the text again.

The per-text evaluation (``_evaluate``: measure every candidate of a plan, apply the choice rule)
is C code that runs without the GIL over a code-point reader: PEP 393 data (1-, 2- or 4-byte code
points) for ``str``, and UTF-8 decoded on the fly for Arrow buffers. ``analyze`` and the batch
loops of ``analyze_many`` share it, so the two cannot drift apart.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.sequence cimport PySequence_Fast_ITEMS
from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, uintptr_t
from libc.stdlib cimport calloc
from libc.string cimport memcpy, memset

from . import batch as _batch
from ._graphemes import cluster_starts
from ._model import Analysis, EncodingError, InvalidTextError, TooManyPartsError
from ._model import MAX_PARTS as _MAX_PARTS
from ._reference import walk as _reference_walk
from ._rules import ENCODINGS, UTF16, plan
from ._tables import LOCKING, SINGLE

BACKEND = "compiled"


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    # The same on borrowed pointers, for the batch pre-pass over a sequence's items.
    bint _is_str "PyUnicode_Check"(PyObject *o)
    int _str_kind "PyUnicode_KIND"(PyObject *o)
    void *_str_data "PyUnicode_DATA"(PyObject *o)
    Py_ssize_t _str_length "PyUnicode_GET_LENGTH"(PyObject *o)


cdef enum:
    # Every candidate allowing every encoding: gsm, utf-16 and three variants for each of the 15
    # national languages the lookup has bits for (16 language slots); 13 today give 39.
    MAX_CANDS = 48
    MAX_CLASSES = 256
    NPAGES_INDEX = 0x1100
    CLASS_NONE = 0       # in no table
    CLASS_SURROGATE = 1  # U+D800..U+DFFF: no encoding can carry a lone surrogate
    ERR_MISSING = 104    # the error codes of ``batch``, for nogil code
    ERR_TOO_LONG = 105
    ERR_CODING = 113
    ERR_INVALID = 422
    UTF8 = 8             # reader kind beside PEP 393's 1, 2 and 4

cdef int MAX_PARTS = _MAX_PARTS
if (ERR_MISSING, ERR_TOO_LONG, ERR_CODING, ERR_INVALID) != (
    _batch.MISSING, _batch.TOO_LONG, _batch.CODING, _batch.INVALID
):
    raise ImportError("nrs_codec._core and nrs_codec.batch disagree on the error codes")

# Two-level lookup: code point >> 8 selects a page of 256 class ids. Page 0 is all CLASS_NONE,
# page 1 all CLASS_SURROGATE.
cdef uint16_t _page_of[NPAGES_INDEX]
cdef uint8_t *_pages = NULL
cdef uint32_t _class_mask[MAX_CLASSES]  # class -> table bits (2 per language slot: locking, single)
cdef bint _class_gsm[MAX_CLASSES]       # class is in the default alphabet or its extension
cdef int _nclasses = 0
cdef dict _slot_of = {}  # national language id -> bit slot


cdef void _build_lookup() except *:
    global _pages, _nclasses
    cdef dict masks = {}
    cdef int slot = 0
    for lang in sorted(set(LOCKING) | set(SINGLE)):
        if slot >= 16:
            raise RuntimeError("more national languages than the compiled lookup has bits for")
        _slot_of[lang] = slot
        for bit, table in ((1 << (2 * slot), LOCKING.get(lang)), (1 << (2 * slot + 1), SINGLE.get(lang))):
            if table is None:
                continue
            for cp in table.values():
                masks[cp] = masks.get(cp, 0) | bit
        slot += 1
    cdef uint32_t gsm_bits = 3 << (2 * _slot_of[0])
    distinct = sorted(set(masks.values()))
    if len(distinct) + 2 > MAX_CLASSES:
        raise RuntimeError("more character classes than the compiled lookup can hold")
    memset(_class_mask, 0, sizeof(_class_mask))
    memset(_class_gsm, 0, sizeof(_class_gsm))
    class_of = {}
    for i, m in enumerate(distinct):
        class_of[m] = 2 + i
        _class_mask[2 + i] = m
        _class_gsm[2 + i] = (m & gsm_bits) != 0
    _nclasses = 2 + len(distinct)
    page_keys = sorted({cp >> 8 for cp in masks})
    _pages = <uint8_t *> calloc((2 + len(page_keys)) * 256, sizeof(uint8_t))
    if _pages == NULL:
        raise MemoryError()
    memset(_page_of, 0, sizeof(_page_of))
    cdef int j
    for j in range(256):
        _pages[256 + j] = CLASS_SURROGATE
    for j in range(0xD8, 0xE0):
        _page_of[j] = 1
    for j, key in enumerate(page_keys):
        _page_of[key] = 2 + j
    for cp, m in masks.items():
        _pages[(_page_of[cp >> 8] << 8) | (cp & 0xFF)] = class_of[m]


_build_lookup()


cdef inline uint8_t _class(uint32_t cp) noexcept nogil:
    return _pages[(<uint32_t> _page_of[cp >> 8] << 8) | (cp & 0xFF)]


# ---------------------------------------------------------------------------------------------
# Plans: the candidates of ``_rules.plan`` as C structs, with each candidate's cost per class.

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


# ---------------------------------------------------------------------------------------------
# The nogil evaluation over a code-point reader: PEP 393 data of kind 1, 2 or 4.

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


# ---------------------------------------------------------------------------------------------
# analyze(): one text, with the result the reference gives.

cdef Py_ssize_t _first_surrogate(int kind, const void *data, Py_ssize_t n):
    cdef Py_ssize_t i
    for i in range(n):
        if _class(_read(kind, data, i)) == CLASS_SURROGATE:
            return i
    return -1


cdef inline uint32_t _read(int kind, const void *data, Py_ssize_t i) noexcept nogil:
    if kind == 1:
        return (<const uint8_t *> data)[i]
    if kind == 2:
        return (<const uint16_t *> data)[i]
    return (<const uint32_t *> data)[i]


cdef tuple _walk_spans(int kind, const void *data, Py_ssize_t n, const Cand *c, int cap):
    cdef list spans = []
    cdef Py_ssize_t i, start = 0
    cdef int used = 0, cost
    for i in range(n):
        cost = _cost(c, _read(kind, data, i))
        if used + cost > cap:
            spans.append((start, i))
            start = i
            used = 0
        used += cost
    spans.append((start, n))
    return tuple(spans)


cdef tuple _offending(str text, int kind, const void *data, Py_ssize_t n, const Cand *c):
    cdef Py_ssize_t i
    cdef list bad = []
    for i in range(n):
        if _cost(c, _read(kind, data, i)) == 0:
            bad.append((i, text[i]))
    return tuple(bad)


# One-character strings of the BMP, made once each: a message outside GSM (Cyrillic, Greek, CJK)
# lists most of its characters in non_gsm, and CPython caches only Latin-1 ones.
cdef list _bmp_chars = [None] * 0x10000


cdef inline object _char(Py_UCS4 cp):
    if cp > 0xFFFF:
        return chr(cp)
    ch = _bmp_chars[<Py_ssize_t> cp]
    if ch is None:
        ch = chr(cp)
        _bmp_chars[<Py_ssize_t> cp] = ch
    return ch


cdef tuple _non_gsm(int kind, const void *data, Py_ssize_t n, Py_ssize_t count):
    """The ``count`` characters outside the GSM default alphabet and extension, as (index, char)."""
    cdef tuple out = PyTuple_New(count)
    cdef Py_ssize_t i, j = 0
    cdef Py_UCS4 cp
    for i in range(n):
        cp = _read(kind, data, i)
        if not _class_gsm[_class(cp)]:
            item = (i, _char(cp))
            Py_INCREF(item)
            PyTuple_SET_ITEM(out, j, item)
            j += 1
    return out


def analyze(text, encoding="auto", *, allowed=("gsm", "gsm-pt", "utf-16"), keep_graphemes=False,
            ref16=False, extra_udh=0, force_shifts=False):
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    cdef str s = <str> text
    cdef _Plan p = _get_plan(encoding, allowed, ref16, extra_udh, force_shifts)
    cdef int kind = PyUnicode_KIND(s)
    cdef const void *data = PyUnicode_DATA(s)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Scan scan
    cdef Measure ms[MAX_CANDS]
    cdef bint graphemes = bool(keep_graphemes)
    cdef Py_ssize_t i, ngsm = 0
    _scan(kind, data, n, &scan)
    if scan.hist[CLASS_SURROGATE]:
        i = _first_surrogate(kind, data, n)
        raise InvalidTextError(i, s[i])
    _measure(&p.c, kind, data, n, &scan, ms, graphemes)

    cdef int k
    spans_of = {}
    if graphemes:
        for k in range(p.c.n):
            if ms[k].ok and ms[k].multi and p.c.cands[k].utf16:
                costs = [2 if ord(ch) > 0xFFFF else 1 for ch in s]
                spans = tuple(_reference_walk(costs, ms[k].capacity, cluster_starts(s)))
                last = spans[len(spans) - 1]
                ms[k].parts = len(spans)
                ms[k].remaining = ms[k].capacity - sum(costs[last[0]:last[1]])
                spans_of[k] = spans

    cdef int best = _choose(&p.c, ms)
    if best < 0:
        failures = [(p.encodings[k], _offending(s, kind, data, n, &p.c.cands[k])) for k in range(p.c.n)]
        enc, bad = min(failures, key=lambda f: len(f[1]))
        raise EncodingError(p.error_encoding if p.error_encoding is not None else enc, bad)

    cdef const Cand *c = &p.c.cands[best]
    cdef const Measure *m = &ms[best]
    if m.parts > MAX_PARTS:
        raise TooManyPartsError(p.encodings[best], m.parts)
    best_spans = spans_of.get(best)
    if best_spans is None:
        if m.parts == 1:
            best_spans = ((0, n),)
        elif m.twos == 0:
            best_spans = tuple([(j * m.capacity, min((j + 1) * m.capacity, n)) for j in range(m.parts)])
        else:
            best_spans = _walk_spans(kind, data, n, c, m.capacity)

    cdef int cls
    for cls in range(_nclasses):
        if not _class_gsm[cls]:
            ngsm += scan.hist[cls]
    non_gsm = _non_gsm(kind, data, n, ngsm) if ngsm else ()

    return Analysis(
        p.encodings[best],
        m.parts,
        m.total,
        c.locking,
        c.single,
        c.multi_udh if m.multi else c.single_udh,
        m.capacity,
        m.remaining,
        best_spans,
        non_gsm,
    )


# ---------------------------------------------------------------------------------------------
# analyze_many(): the batch loops, without the GIL, over row ranges that threads share out.

cdef struct Columns:
    uint8_t *encoding
    uint16_t *parts
    uint16_t *units
    uint16_t *remaining
    uint8_t *locking_shift
    uint8_t *single_shift
    uint16_t *error


cdef void _evaluate(const PlanC *p, int kind, const void *data, Py_ssize_t n,
                    Columns *out, Py_ssize_t row) noexcept nogil:
    """One row from a reader (``_walk``): the chosen candidate's results, or the provider's
    error code for the text."""
    cdef Scan scan
    cdef Measure ms[MAX_CANDS]
    if kind == UTF8:
        if not _scan_utf8(<const uint8_t *> data, n, &scan):
            out.error[row] = ERR_INVALID
            return
    else:
        _scan(kind, data, n, &scan)
    if scan.hist[CLASS_SURROGATE]:
        out.error[row] = ERR_INVALID
        return
    _measure(p, kind, data, n, &scan, ms, False)
    cdef int best = _choose(p, ms)
    if best < 0:
        out.error[row] = ERR_CODING
        return
    if ms[best].parts > MAX_PARTS:
        out.error[row] = ERR_TOO_LONG
        return
    out.encoding[row] = p.cands[best].encoding_index
    out.parts[row] = ms[best].parts
    out.units[row] = <uint16_t> ms[best].total
    out.remaining[row] = ms[best].remaining
    out.locking_shift[row] = p.cands[best].locking
    out.single_shift[row] = p.cands[best].single
    out.error[row] = 0


cdef class _Job:
    """One analyze_many call: the plan, the output columns, and the rows in one of two forms."""

    cdef PlanC plan
    cdef Columns out
    cdef object keep          # the arrays and objects whose memory the pointers below refer to
    cdef bint arrow
    # str rows: PEP 393 kind (0 when the row already has an error), data and length
    cdef const uint8_t *kinds
    cdef const uintptr_t *datas
    cdef const Py_ssize_t *lengths
    # Arrow rows: validity bitmap (NULL when no nulls), 32- or 64-bit offsets, UTF-8 bytes
    cdef const uint8_t *validity
    cdef const int32_t *offsets32
    cdef const int64_t *offsets64
    cdef const uint8_t *utf8
    cdef Py_ssize_t offset    # the array's slice offset, in rows
    cdef Py_ssize_t first     # first output row of this chunk
    cdef PyObject **items     # str rows: the items of ``keep[0]``, a list or tuple of our own
    cdef uint16_t *error      # str rows: the error column, from this chunk's first row

    def run(self, Py_ssize_t start, Py_ssize_t stop):
        """Analyse rows [start, stop) of this chunk, with the GIL released but for reading the
        str rows' buffers, so that one thread's reading overlaps another's analysis."""
        if not self.arrow:
            self._prepare(start, stop)
        with nogil:
            if self.arrow:
                self._run_arrow(start, stop)
            else:
                self._run_str(start, stop)

    cdef void _prepare(self, Py_ssize_t start, Py_ssize_t stop):
        """Each str row's PEP 393 buffer; the others get their error now."""
        cdef Py_ssize_t i
        cdef PyObject *o
        cdef uint8_t *kinds = <uint8_t *> self.kinds
        cdef uintptr_t *datas = <uintptr_t *> self.datas
        cdef Py_ssize_t *lengths = <Py_ssize_t *> self.lengths
        is_missing = _batch.is_missing
        for i in range(start, stop):
            o = self.items[i]
            if _is_str(o):
                kinds[i] = _str_kind(o)
                datas[i] = <uintptr_t> _str_data(o)
                lengths[i] = _str_length(o)
            else:
                self.error[i] = ERR_MISSING if is_missing(<object> o) else ERR_INVALID

    cdef void _run_str(self, Py_ssize_t start, Py_ssize_t stop) noexcept nogil:
        cdef Py_ssize_t i
        for i in range(start, stop):
            if self.kinds[i]:
                _evaluate(&self.plan, self.kinds[i], <const void *> self.datas[i], self.lengths[i],
                          &self.out, self.first + i)

    cdef void _run_arrow(self, Py_ssize_t start, Py_ssize_t stop) noexcept nogil:
        cdef Py_ssize_t i, j, a, b
        for i in range(start, stop):
            j = self.offset + i
            if self.validity != NULL and not (self.validity[j >> 3] >> (j & 7)) & 1:
                self.out.error[self.first + i] = ERR_MISSING
                continue
            if self.offsets32 != NULL:
                a, b = self.offsets32[j], self.offsets32[j + 1]
            else:
                a, b = self.offsets64[j], self.offsets64[j + 1]
            _evaluate(&self.plan, UTF8, self.utf8 + a, b - a, &self.out, self.first + i)


cdef void _bind_columns(Columns *out, dict cols):
    cdef uint8_t[::1] enc = cols["encoding"]
    cdef uint16_t[::1] parts = cols["parts"]
    cdef uint16_t[::1] units = cols["units"]
    cdef uint16_t[::1] remaining = cols["remaining"]
    cdef uint8_t[::1] locking = cols["locking_shift"]
    cdef uint8_t[::1] single = cols["single_shift"]
    cdef uint16_t[::1] error = cols["error"]
    if enc.shape[0] == 0:
        return
    out.encoding = &enc[0]
    out.parts = &parts[0]
    out.units = &units[0]
    out.remaining = &remaining[0]
    out.locking_shift = &locking[0]
    out.single_shift = &single[0]
    out.error = &error[0]


cdef _Job _str_job(_Plan p, dict cols, object values, Py_ssize_t first):
    """A job over Python objects; ``run`` reads the str rows in place."""
    cdef Py_ssize_t n = len(values)
    # Our own list (or the immutable tuple) holds every row alive, whatever the caller does to
    # the sequence while the GIL is released.
    values = list(values) if type(values) is not tuple else values
    kinds = np.zeros(n, dtype=np.uint8)
    datas = np.zeros(n, dtype=np.uintp)
    lengths = np.zeros(n, dtype=np.intp)
    cdef uint8_t[::1] kv = kinds
    cdef uintptr_t[::1] dv = datas
    cdef Py_ssize_t[::1] lv = lengths
    cdef uint16_t[::1] error = cols["error"]
    cdef _Job job = _Job()
    job.plan = p.c
    _bind_columns(&job.out, cols)
    job.keep = (values, kinds, datas, lengths)
    job.arrow = False
    job.first = first
    if n:
        job.items = PySequence_Fast_ITEMS(values)
        job.kinds = &kv[0]
        job.datas = &dv[0]
        job.lengths = &lv[0]
        job.error = &error[first]
    return job


cdef _Job _arrow_job(_Plan p, dict cols, object array, Py_ssize_t first):
    """A job over one Arrow ``string`` or ``large_string`` array, read from its buffers."""
    validity, offsets, data = array.buffers()[:3]
    cdef _Job job = _Job()
    job.plan = p.c
    _bind_columns(&job.out, cols)
    job.keep = array
    job.arrow = True
    job.first = first
    job.offset = array.offset
    job.validity = NULL if validity is None or array.null_count == 0 else <const uint8_t *> <uintptr_t> validity.address
    if _batch.is_large(array):
        job.offsets64 = <const int64_t *> <uintptr_t> offsets.address
    else:
        job.offsets32 = <const int32_t *> <uintptr_t> offsets.address
    # An array of only empty strings or nulls may have no data buffer at all.
    job.utf8 = NULL if data is None else <const uint8_t *> <uintptr_t> data.address
    return job


def analyze_many(texts, encoding="auto", *, allowed=("gsm", "gsm-pt", "utf-16"), keep_graphemes=False,
                 ref16=False, extra_udh=0, force_shifts=False, workers=1):
    options = dict(allowed=allowed, ref16=ref16, extra_udh=extra_udh, force_shifts=force_shifts)
    plan(encoding, allowed, ref16, extra_udh, force_shifts)  # bad options fail the call, not rows
    threads = _batch.resolve_workers(workers)
    source = _batch.rows(texts)
    cols = _batch.empty_columns(len(source))
    if keep_graphemes:
        _batch.fill_per_row(cols, source.values(), analyze, encoding, keep_graphemes=True, **options)
        return _batch.Batch(**cols)
    cdef _Plan p = _get_plan(encoding, allowed, ref16, extra_udh, force_shifts)
    jobs = []
    first = 0
    for chunk in source.chunks:
        if source.arrow:
            jobs.append((_arrow_job(p, cols, chunk, first), len(chunk)))
        else:
            jobs.append((_str_job(p, cols, chunk, first), len(chunk)))
        first += len(chunk)
    tasks = [(job, a, b) for job, n in jobs for a, b in _batch.ranges(n, threads)]
    if threads == 1 or len(tasks) == 1:
        for job, a, b in tasks:
            job.run(a, b)
    else:
        with ThreadPoolExecutor(threads) as pool:
            for done in [pool.submit(job.run, a, b) for job, a, b in tasks]:
                done.result()
    return _batch.Batch(**cols)
