# The lines of the CSV output (``nrs_codec.campaign.csv_text``): a block of per-row results as the
# text pyarrow's CSV writer gives it (its default options: a comma between cells, a line feed
# after each row, text always quoted and its quotes doubled, a null cell empty, a decimal as
# Arrow's ``Decimal128::ToString``), a cell that a spreadsheet would evaluate as a formula led by
# a single quote. One pass over the columns' buffers without the GIL; the writer itself is the
# twin, held to these bytes by tests.

DEF CELL_INTEGER = 0  # int64 values
DEF CELL_TEXT = 1  # the bytes of each row, from offsets into data
DEF CELL_DICTIONARY = 2  # int64 indices of cells already written (offsets into data)
DEF CELL_DECIMAL = 3  # int64 unscaled values and their scale (0 to 18)
DEF MAX_NUMBER = 26  # bytes of an int64 or a decimal of it: sign, 19 digits, point, E-18


ctypedef struct _Column:
    int kind
    const int64_t *values
    const uint8_t *bits
    Py_ssize_t first_bit
    const int64_t *offsets
    Py_ssize_t cells  # a dictionary's
    const uint8_t *data
    Py_ssize_t size  # of data
    int scale


cdef inline Py_ssize_t _digits(uint8_t *out, uint64_t u) noexcept nogil:
    """``u`` in decimal at ``out``; returns how many digits."""
    cdef uint8_t tmp[20]
    cdef Py_ssize_t k = 0, j
    while True:
        tmp[k] = 48 + <uint8_t> (u % 10)
        k += 1
        u //= 10
        if u == 0:
            break
    for j in range(k):
        out[j] = tmp[k - 1 - j]
    return k


cdef inline Py_ssize_t _decimal(uint8_t *out, int64_t v, int scale) noexcept nogil:
    """``v`` times ten to the minus ``scale`` as Arrow writes a decimal: plain, or in scientific
    notation where its adjusted exponent is below -6 (``0E-10``, ``1.5E-9``)."""
    cdef uint8_t digits[20]
    cdef uint64_t u = (<uint64_t> 0) - (<uint64_t> v) if v < 0 else <uint64_t> v
    cdef Py_ssize_t n = _digits(digits, u), o = 0, j
    cdef int exponent = <int> n - 1 - scale
    if v < 0:
        out[0] = 45  # '-'
        o = 1
    if exponent < -6:
        out[o] = digits[0]
        o += 1
        if n > 1:
            out[o] = 46  # '.'
            memcpy(out + o + 1, digits + 1, n - 1)
            o += n
        out[o] = 69  # 'E'
        out[o + 1] = 45
        return o + 2 + _digits(out + o + 2, <uint64_t> (-exponent))
    if scale == 0:
        memcpy(out + o, digits, n)
        return o + n
    if n > scale:
        memcpy(out + o, digits, n - scale)
        o += n - scale
        out[o] = 46
        memcpy(out + o + 1, digits + n - scale, scale)
        return o + 1 + scale
    out[o] = 48  # '0'
    out[o + 1] = 46
    o += 2
    for j in range(scale - n):
        out[o + j] = 48
    o += scale - n
    memcpy(out + o, digits, n)
    return o + n


cdef inline bint _formula(const uint8_t *s, Py_ssize_t n) noexcept nogil:
    """Whether a spreadsheet would evaluate ``s`` as a formula: it starts with ``= + - @``, a tab
    or a carriage return and is not a number (``[+-]?[0-9]+(\\.[0-9]+)?``)."""
    cdef Py_ssize_t j = 0, k
    if n == 0 or not (s[0] == 61 or s[0] == 43 or s[0] == 45 or s[0] == 64 or s[0] == 9 or s[0] == 13):
        return False
    if s[0] == 43 or s[0] == 45:
        j = 1
    k = j
    while k < n and 48 <= s[k] <= 57:
        k += 1
    if k == j:
        return True
    if k == n:
        return False
    if s[k] != 46:
        return True
    k += 1
    j = k
    while k < n and 48 <= s[k] <= 57:
        k += 1
    return k == j or k != n


cdef inline Py_ssize_t _text(uint8_t *out, const uint8_t *s, Py_ssize_t n) noexcept nogil:
    """``s`` as a quoted cell, its quotes doubled, led by a single quote where it is a formula."""
    cdef Py_ssize_t o = 1, j = 0, k
    out[0] = 34
    if _formula(s, n):
        out[1] = 39  # "'"
        o = 2
    while j < n:
        k = j
        while k < n and s[k] != 34:
            k += 1
        memcpy(out + o, s + j, k - j)
        o += k - j
        if k < n:  # a quote: doubled
            out[o] = 34
            out[o + 1] = 34
            o += 2
            k += 1
        j = k
    out[o] = 34
    return o + 1


cdef inline bint _present(const _Column *c, Py_ssize_t i) noexcept nogil:
    return c.bits == NULL or (c.bits[(c.first_bit + i) >> 3] >> ((c.first_bit + i) & 7)) & 1


def csv_lines(list columns, Py_ssize_t rows, uint8_t[::1] out not None, int64_t[::1] ends=None) -> int:
    """Write ``rows`` rows of ``columns`` as CSV lines into ``out``; returns the bytes written.
    Each column is ``(kind, values, bits, first_bit, offsets, data, scale)``: its cells' kind
    (0 integer, 1 text, 2 dictionary, 3 decimal), its int64 ``values`` (integers, a dictionary's
    indices, a decimal's unscaled values), its validity bitmap from bit ``first_bit`` (None: no
    nulls), the int64 ``offsets`` into ``data`` of its text (one more than the rows) or of a
    dictionary's cells, each written already, and a decimal's ``scale``. With ``ends``, each
    row's end is written there and no line feed after it (a dictionary's cells, written once)."""
    cdef Py_ssize_t ncols = len(columns), o
    cdef _Column *cols
    cdef int64_t *row_ends = NULL
    cdef list held = []  # every column's buffers, held until the lines are written
    if rows < 0 or (ends is not None and ends.shape[0] < rows):
        raise ValueError("ends must hold a position for each row")
    if ncols == 0 or rows == 0:
        return 0
    if ends is not None:
        row_ends = &ends[0]
    cols = <_Column *> calloc(ncols, sizeof(_Column))
    if cols == NULL:
        raise MemoryError()
    try:
        _take(columns, ncols, rows, cols, held)
        with nogil:
            o = _lines(cols, ncols, rows, &out[0], out.shape[0], row_ends)
    finally:
        free(cols)
    if o == -1:
        raise ValueError("the output buffer is too small for the rows")
    if o == -2:
        raise ValueError("a dictionary index or text offset points outside its column")
    return o


cdef int _take(list columns, Py_ssize_t ncols, Py_ssize_t rows, _Column *cols, list held) except -1:
    """``cols`` from the first ``ncols`` of ``columns``, each checked against ``rows``; their
    buffers go to ``held``, so that none is freed or resized while the lines are written."""
    cdef Py_ssize_t j
    cdef _Column *c
    cdef const int64_t[::1] values
    cdef const int64_t[::1] offsets
    cdef const uint8_t[::1] bits
    cdef const uint8_t[::1] data
    for j in range(ncols):
        c = &cols[j]
        kind, v, bt, first, offs, d, scale = columns[j]
        c.kind = kind
        if not 0 <= kind <= 3:
            raise ValueError(f"column {j}: no cell kind {kind}")
        if kind != CELL_TEXT:
            values = v
            held.append(values)
            if values.shape[0] < rows:
                raise ValueError(f"column {j}: fewer values than rows")
            c.values = &values[0]
        if bt is not None:
            bits = bt
            held.append(bits)
            if first < 0 or (first + rows + 7) // 8 > bits.shape[0]:
                raise ValueError(f"column {j}: the validity bitmap is shorter than the rows")
            c.bits = &bits[0]
            c.first_bit = first
        if kind == CELL_TEXT or kind == CELL_DICTIONARY:
            offsets = offs
            data = d
            held += (offsets, data)
            c.cells = offsets.shape[0] - 1
            if c.cells < (rows if kind == CELL_TEXT else 0) or data.shape[0] < 1:
                raise ValueError(f"column {j}: fewer offsets than rows, or no data buffer")
            c.offsets = &offsets[0]
            c.data = &data[0]
            c.size = data.shape[0]
        if kind == CELL_DECIMAL:
            if not 0 <= scale <= 18:
                raise ValueError(f"column {j}: a decimal's scale must be 0 to 18, not {scale}")
            c.scale = scale
    return 0


cdef Py_ssize_t _lines(const _Column *cols, Py_ssize_t ncols, Py_ssize_t rows, uint8_t *dst,
                       Py_ssize_t cap, int64_t *ends) noexcept nogil:
    """The lines of ``rows`` rows at ``dst`` (``cap`` bytes); the bytes written, or -1 where they
    do not fit, -2 where a dictionary index or text offset points outside its column."""
    cdef Py_ssize_t i, j, k, a, b, need, o = 0
    cdef const _Column *c
    for i in range(rows):
        for j in range(ncols):
            c = &cols[j]
            k, a, b, need = 0, 0, 0, 1  # a cell's most bytes, with the comma or line feed after it
            if not _present(c, i):
                pass
            elif c.kind == CELL_INTEGER or c.kind == CELL_DECIMAL:
                need += MAX_NUMBER
            else:
                k = i if c.kind == CELL_TEXT else c.values[i]
                if k < 0 or k >= c.cells:
                    return -2
                a, b = c.offsets[k], c.offsets[k + 1]
                if a < 0 or b < a or b > c.size:
                    return -2
                need += 2 * (b - a) + 3 if c.kind == CELL_TEXT else b - a
            if o + need > cap:
                return -1
            if need == 1:  # null (or an empty dictionary cell): nothing
                pass
            elif c.kind == CELL_DECIMAL:
                o += _decimal(dst + o, c.values[i], c.scale)
            elif c.kind == CELL_INTEGER and c.values[i] < 0:
                dst[o] = 45
                o += 1 + _digits(dst + o + 1, (<uint64_t> 0) - (<uint64_t> c.values[i]))
            elif c.kind == CELL_INTEGER:
                o += _digits(dst + o, <uint64_t> c.values[i])
            elif c.kind == CELL_TEXT:
                o += _text(dst + o, c.data + a, b - a)
            else:
                memcpy(dst + o, c.data + a, b - a)
                o += b - a
            if j + 1 < ncols:
                dst[o] = 44  # ','
                o += 1
        if ends != NULL:
            ends[i] = o
        else:
            dst[o] = 10
            o += 1
    return o
