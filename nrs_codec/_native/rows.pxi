# The row kernel: ``analyze`` over many rows at once, without the GIL, for ``nrs_codec.batch``.
#
# ``row_plan`` makes the plan of one set of options; ``str_rows`` and ``arrow_rows`` bind a plan to
# the output columns (writable NumPy arrays, read through the buffer protocol) and to one chunk of
# rows, and ``RowJob.run`` analyses a range of them. Threads, input adapters and the ``Batch`` are
# batch's: nothing here imports it. A row that is not a ready ``str`` is left with ``PENDING`` in
# its error column for the caller to settle.

PENDING = ERR_PENDING
"""The error column's value of a row the kernel left to its caller (not a ready ``str``)."""

cdef enum:
    ROWS_AHEAD = 8   # how many rows ahead the str loop asks for a row's header (nrs_prefetch_row)
    DATA_AHEAD = 4   # and for its characters, the header having come (nrs_prefetch_span)


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
        if not _scan_utf8(<const uint8_t *> data, n, p, &scan):
            out.error[row] = ERR_INVALID
            return
    else:
        _scan(kind, data, n, p, &scan)
    if (scan.fail >> SURROGATE_BIT) & 1:
        out.error[row] = ERR_INVALID
        return
    cdef int best = _measure(p, kind, data, n, &scan, ms, False)
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


cdef class RowJob:
    """One chunk of rows bound to a plan and to the output columns, in one of two forms."""

    cdef const PlanC *plan
    cdef _Plan owner         # holds the plan ``plan`` points into
    cdef Columns out
    cdef object keep          # the arrays and objects whose memory the pointers below refer to
    cdef bint arrow
    # Arrow rows: validity bitmap (NULL when no nulls), 32- or 64-bit offsets, UTF-8 bytes
    cdef const uint8_t *validity
    cdef const int32_t *offsets32
    cdef const int64_t *offsets64
    cdef const uint8_t *utf8
    cdef Py_ssize_t offset    # the array's slice offset, in rows
    cdef Py_ssize_t first     # first output row of this chunk
    cdef object source        # str rows: the sequence they come from
    cdef uint16_t *error      # str rows: the error column, from this chunk's first row

    def run(self, Py_ssize_t start, Py_ssize_t stop, bint held=False):
        """Analyse rows [start, stop) of this chunk with the GIL released. Returns True when some
        rows are not ready ``str`` objects: their error is ``PENDING``, for the caller to settle
        (a value that is not text, or a ``str`` in a legacy form the kernel does not read).

        With ``held``, a list or tuple's rows are read in place with the GIL held: no other
        thread can change the sequence or free a row meanwhile, so no reference to each row is
        taken and dropped (a tenth of the time of long rows). For one thread, in tasks of
        ``batch.threads.HELD_ROWS`` rows: a few milliseconds of campaign messages each, about
        Python's switch interval, between which other threads run."""
        cdef bint others = False
        cdef object rows = None
        cdef PyObject **items
        if self.arrow:
            with nogil:
                self._run_arrow(start, stop)
            return False
        if held and (type(self.source) is list or type(self.source) is tuple):
            if len(self.source) < stop:
                raise RuntimeError("texts changed length while analyze_many was reading them")
            if stop == start:
                return False
            items = PySequence_Fast_ITEMS(self.source)
            return self._run_str(items + start, start, stop)
        # Our own list of this task's rows holds each of them alive, whatever the caller does to
        # its sequence while the GIL is released; taken per task, the rows are still in cache
        # when they are analysed.
        rows = self.source[start:stop]
        if type(rows) is not list and type(rows) is not tuple:
            rows = list(rows)
        if len(rows) != stop - start:
            raise RuntimeError("texts changed length while analyze_many was reading them")
        if stop == start:
            return False
        items = PySequence_Fast_ITEMS(rows)
        with nogil:
            others = self._run_str(items, start, stop)
        return others

    cdef bint _run_str(self, PyObject **items, Py_ssize_t start, Py_ssize_t stop) noexcept nogil:
        """The str rows (``items`` from row ``start``), read in place: a ``str`` is immutable and
        held alive, so its PEP 393 buffer can be read without the GIL. True when some rows are
        not ready ``str`` objects (their error is ``PENDING``, left to the caller)."""
        cdef Py_ssize_t i
        cdef PyObject *o
        cdef int kind
        cdef bint others = False
        for i in range(start, stop):
            if i + ROWS_AHEAD < stop:
                nrs_prefetch_row(items[i + ROWS_AHEAD - start])
            if i + DATA_AHEAD < stop:
                o = items[i + DATA_AHEAD - start]
                if _is_str(o):
                    kind = _str_kind(o)
                    if kind:
                        nrs_prefetch_span(_str_data(o), _str_length(o) * kind)
            o = items[i - start]
            kind = _str_kind(o) if _is_str(o) else 0
            if kind:
                _evaluate(self.plan, kind, _str_data(o), _str_length(o), &self.out, self.first + i)
            else:
                self.error[i] = ERR_PENDING
                others = True
        return others

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
            _evaluate(self.plan, UTF8, self.utf8 + a, b - a, &self.out, self.first + i)


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


def row_plan(options):
    """The plan of a ``core.rules.Options`` (checked already), kept by it: the same options
    give the same plan."""
    cdef _Plan p = _plans.get(options)
    if p is None:
        p = _make_plan((options.encoding, options.allowed, options.ref16, options.extra_udh, options.force_shifts))
        if len(_plans) < 1024:
            _plans[options] = p
    return p


def str_rows(_Plan p, dict cols, object values, Py_ssize_t first):
    """A job over a list or tuple of Python objects whose results go to ``cols`` from row
    ``first``; ``run`` reads the ``str`` rows in place."""
    cdef Py_ssize_t n = len(values)
    cdef uint16_t[::1] error = cols["error"]
    cdef RowJob job = RowJob()
    job.owner = p
    job.plan = &p.c
    _bind_columns(&job.out, cols)
    job.source = values
    job.arrow = False
    job.first = first
    if n:
        job.error = &error[first]
    return job


def arrow_rows(_Plan p, dict cols, object array, bint large, Py_ssize_t first):
    """A job over one Arrow ``string`` (``large`` false) or ``large_string`` array, read from its
    buffers, which the caller has checked (offsets increasing and inside the data buffer)."""
    validity, offsets, data = array.buffers()[:3]
    cdef RowJob job = RowJob()
    job.owner = p
    job.plan = &p.c
    _bind_columns(&job.out, cols)
    job.keep = array
    job.arrow = True
    job.first = first
    job.offset = array.offset
    job.validity = NULL if validity is None or array.null_count == 0 else <const uint8_t *> <uintptr_t> validity.address
    if large:
        job.offsets64 = <const int64_t *> <uintptr_t> offsets.address
    else:
        job.offsets32 = <const int32_t *> <uintptr_t> offsets.address
    # An array of only empty strings or nulls may have no data buffer at all.
    job.utf8 = NULL if data is None else <const uint8_t *> <uintptr_t> data.address
    return job

