# analyze(): one text, with every field the reference gives.

cdef enum:
    MAX_PARTS_BUFFER = 256  # part starts of a message that can be sent: at most MAX_PARTS

cdef Py_ssize_t _first_surrogate(int kind, const void *data, Py_ssize_t n):
    cdef Py_ssize_t i
    for i in range(n):
        if _class(_read(kind, data, i)) == CLASS_SURROGATE:
            return i
    return -1


cdef tuple _walk_spans(int kind, const void *data, Py_ssize_t n, const Cand *c, int cap, int parts):
    """The spans of the ``parts`` parts of the candidate's walk."""
    cdef Py_ssize_t starts[MAX_PARTS_BUFFER]
    cdef int used_last, j
    _walk(kind, data, n, c, cap, &used_last, starts, parts)
    return tuple([(starts[j], starts[j + 1] if j + 1 < parts else n) for j in range(parts)])


cdef tuple _walk_clusters(int kind, const void *data, Py_ssize_t n, object starts, int cap, int *used_last):
    """UTF-16 parts filled greedily by extended grapheme cluster (``starts``: an iterator of where
    each cluster starts, then ``n``); a cluster longer than a part is split between its characters.
    The walk stops when a part after the ``MAX_PARTS``-th begins, as the reference's does: the
    clusters after it are never looked for."""
    cdef list spans = []
    cdef Py_ssize_t a, b, i, start = 0
    cdef Py_ssize_t cost  # a cluster may be longer than any part
    cdef int used = 0
    it = iter(starts)
    a = next(it)
    for b in it:
        cost = 0
        for i in range(a, b):
            cost += 2 if _read(kind, data, i) > 0xFFFF else 1
        if used + cost <= cap:
            used += <int> cost
            a = b
            continue
        if used:
            spans.append((start, a))
            start = a
            used = 0
            if len(spans) == MAX_PARTS:
                break
        if cost <= cap:
            used = <int> cost
            a = b
            continue
        for i in range(a, b):
            cost = 2 if _read(kind, data, i) > 0xFFFF else 1
            if used + cost > cap:
                spans.append((start, i))
                start = i
                used = 0
                if len(spans) == MAX_PARTS:
                    break
            used += <int> cost
        if len(spans) == MAX_PARTS:
            break
        a = b
    spans.append((start, n))
    used_last[0] = used
    return tuple(spans)


cdef Py_ssize_t _offending_count(int kind, const void *data, Py_ssize_t n, const Cand *c) noexcept nogil:
    """How many characters of the text the candidate cannot represent (a second pass, on the
    way to an EncodingError only)."""
    cdef Py_ssize_t i, count = 0
    for i in range(n):
        count += _cost(c, _read(kind, data, i)) == 0
    return count


cdef tuple _offending(int kind, const void *data, Py_ssize_t n, const Cand *c):
    """The first ``MAX_REPORTED`` characters the candidate cannot represent, as (index, char):
    the walk stops there, so a long text in the wrong alphabet costs no more than the answer."""
    cdef Py_ssize_t i
    cdef list bad = []
    cdef Py_UCS4 cp
    for i in range(n):
        cp = _read(kind, data, i)
        if _cost(c, cp) == 0:
            bad.append((i, _char(cp)))
            if len(bad) == _MAX_REPORTED:
                break
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


cdef class Analysis:
    """``nrs_codec.Analysis`` as the compiled engine makes it: the same fields, immutable, equal
    to the reference's field by field; ``spans`` and ``non_gsm`` are worked out from the text
    when they are first read, so that a caller who wants the counts alone never pays for them."""

    cdef readonly str encoding
    cdef readonly int parts, units, locking_shift, single_shift, udh_octets, capacity, remaining
    cdef object _spans          # None until read
    cdef object _non_gsm        # None until read
    cdef str _text
    cdef _Plan _plan
    cdef int _cand              # the chosen candidate of the plan
    cdef Py_ssize_t _ngsm       # characters outside GSM
    cdef bint _evenly           # no 2-unit character: parts cut every ``capacity`` characters

    @property
    def spans(self):
        """Code-point spans ``(start, end)`` of each part in the analysed text."""
        cdef Py_ssize_t n
        cdef int j
        if self._spans is None:
            n = PyUnicode_GET_LENGTH(self._text)
            if self.parts == 1:
                self._spans = ((0, n),)
            elif self._evenly:
                self._spans = tuple([(j * self.capacity, min((j + 1) * self.capacity, n))
                                     for j in range(self.parts)])
            else:
                self._spans = _walk_spans(PyUnicode_KIND(self._text), PyUnicode_DATA(self._text), n,
                                          &self._plan.c.cands[self._cand], self.capacity, self.parts)
        return self._spans

    @property
    def non_gsm(self):
        """The ``(index, char)`` outside the GSM default alphabet and its extension table."""
        if self._non_gsm is None:
            self._non_gsm = _non_gsm(PyUnicode_KIND(self._text), PyUnicode_DATA(self._text),
                                     PyUnicode_GET_LENGTH(self._text), self._ngsm) if self._ngsm else ()
        return self._non_gsm

    def __eq__(self, other):
        if not isinstance(other, _results.Analysis):
            return NotImplemented
        return _results.fields_of(self) == _results.fields_of(other)

    def __hash__(self):
        return hash(_results.fields_of(self))

    def __repr__(self):
        return _results.describe(self)

    def __reduce__(self):
        return _results.Analysis, _results.fields_of(self)

    def to_dict(self):
        """A JSON-ready mapping in the provider's camelCase (``lockingShift``, ``nonGsm``, ...)."""
        return _results.as_dict(self)


_results.Analysis.register(Analysis)

# The options most calls use: their plan is found without building a key.
_DEFAULT_ALLOWED = DEFAULT_ALLOWED  # the same object: the fast path below tests identity
cdef _Plan _default_plan = _get_plan("auto", _DEFAULT_ALLOWED, False, 0, False)


def analyze(text, encoding="auto", *, allowed=_DEFAULT_ALLOWED, keep_graphemes=False,
            ref16=False, extra_udh=0, force_shifts=False):
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    cdef str s = <str> text
    cdef _Plan p
    if (encoding is "auto" and allowed is _DEFAULT_ALLOWED and ref16 is False and extra_udh is 0
            and force_shifts is False):
        p = _default_plan
    else:
        p = _get_plan(encoding, allowed, ref16, extra_udh, force_shifts)
    cdef int kind = PyUnicode_KIND(s)
    cdef const void *data = PyUnicode_DATA(s)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Scan scan
    cdef Measure ms[MAX_CANDS]
    cdef bint graphemes = keep_graphemes
    cdef Py_ssize_t i
    cdef Py_ssize_t offenders[MAX_CANDS]
    _scan(kind, data, n, &p.c, &scan)
    if (scan.fail >> SURROGATE_BIT) & 1:
        i = _first_surrogate(kind, data, n)
        raise InvalidTextError(i, s[i])
    _measure(&p.c, kind, data, n, &scan, ms, graphemes)

    cdef int k, used_last
    cdef dict spans_of = None
    cdef bint exact[MAX_CANDS]
    for k in range(p.c.n):
        exact[k] = True
    if graphemes:
        # Kept whole, clusters can only add parts to the walk by characters: they are looked
        # for only when that walk fits in MAX_PARTS, and only until they need more (the
        # reference's _measure says why); past it the parts are a lower bound, not exact.
        spans_of = {}
        for k in range(p.c.n):
            if ms[k].ok and ms[k].multi and p.c.cands[k].utf16:
                if ms[k].twos == 0:
                    ms[k].parts = <int> min((ms[k].total + ms[k].capacity - 1) // ms[k].capacity, 0x7FFFFFFF)
                else:
                    ms[k].parts = _walk(kind, data, n, &p.c.cands[k], ms[k].capacity, &used_last, NULL, 0)
                ms[k].remaining = 0
                exact[k] = False
                if ms[k].parts > MAX_PARTS:
                    continue
                spans = _walk_clusters(kind, data, n, cluster_starts(s), ms[k].capacity, &used_last)
                ms[k].parts = len(spans)
                if ms[k].parts > MAX_PARTS:
                    continue
                ms[k].remaining = ms[k].capacity - used_last
                exact[k] = True
                spans_of[k] = spans

    cdef int best = _choose(&p.c, ms)
    if best < 0:
        # The candidate with the fewest offending characters (the first of equals) is reported.
        best = 0
        for k in range(p.c.n):
            offenders[k] = _offending_count(kind, data, n, &p.c.cands[k])
            if offenders[k] < offenders[best]:
                best = k
        enc = p.error_encoding if p.error_encoding is not None else p.encodings[best]
        raise EncodingError(enc, _offending(kind, data, n, &p.c.cands[best]), offenders[best])

    cdef const Cand *c = &p.c.cands[best]
    cdef const Measure *m = &ms[best]
    if m.parts > MAX_PARTS:
        raise TooManyPartsError(p.encodings[best], m.parts, exact[best])
    cdef Analysis a = Analysis.__new__(Analysis)
    a.encoding = p.encodings[best]
    a.parts = m.parts
    a.units = <int> m.total
    a.locking_shift = c.locking
    a.single_shift = c.single
    a.udh_octets = c.multi_udh if m.multi else c.single_udh
    a.capacity = m.capacity
    a.remaining = m.remaining
    a._spans = None if spans_of is None else spans_of.get(best)
    a._text = s
    a._plan = p
    a._cand = best
    a._ngsm = scan.lane[p.c.n]
    a._evenly = m.twos == 0
    return a
