# The one code-point table of the compiled engine, built once at import from the generated 3GPP
# tables. A two-level index (code point >> 8 selects a page of 256 entries) is shared by:
#
# - the character class of every code point: the set of tables that hold it (class 0: none,
#   class 1: a surrogate), which is all the analysis needs;
# - the septet value of every code point in each table (``ABSENT`` where the table lacks it), and
#   each table's septet -> code point array, which packing and the codecs need.
#
# Tables are numbered by *slot*: national language ids in ascending order, ``2 * slot`` for its
# locking shift table and ``2 * slot + 1`` for its single shift table.

cdef enum:
    MAX_CLASSES = 256
    MAX_SLOTS = 16       # languages: two table bits each in a class's 32-bit mask
    NPAGES_INDEX = 0x1100
    CLASS_NONE = 0       # in no table
    CLASS_SURROGATE = 1  # U+D800..U+DFFF: no encoding can carry a lone surrogate
    ABSENT = 0xFF        # no septet for this code point in this table
    ESC = 0x1B

cdef uint32_t UNDEFINED = 0xFFFFFFFF

cdef uint16_t _page_of[NPAGES_INDEX]      # page of each code point's high bits; 0 = empty page
cdef uint8_t _bmp_class[0x10000]          # class of each BMP code point, flat: one load, no page
cdef int _npages = 0
cdef uint8_t *_pages = NULL               # class of each code point, page by page
cdef uint8_t *_septet_pages = NULL        # per table: septet of each code point, page by page
cdef uint32_t _decode[2 * MAX_SLOTS][128]  # per table: septet -> code point, UNDEFINED where none
cdef bint _has_table[2 * MAX_SLOTS]
cdef uint32_t _class_mask[MAX_CLASSES]    # class -> table bits (bit t set: table t holds it)
cdef bint _class_gsm[MAX_CLASSES]         # class is in the default alphabet or its extension
cdef int _nclasses = 0
cdef dict _slot_of = {}                   # national language id -> slot


cdef void _build_lookup() except *:
    global _pages, _septet_pages, _nclasses, _npages
    cdef int j, t, k
    tables = {}  # table number -> {septet: code point}
    for slot, lang in enumerate(sorted(set(LOCKING) | set(SINGLE))):
        if slot >= MAX_SLOTS:
            raise RuntimeError("more national languages than the compiled lookup has bits for")
        _slot_of[lang] = slot
        for t, table in ((2 * slot, LOCKING.get(lang)), (2 * slot + 1, SINGLE.get(lang))):
            if table is not None:
                tables[t] = table
    masks = {}
    for t, table in tables.items():
        for cp in table.values():
            masks[cp] = masks.get(cp, 0) | (1 << t)

    page_keys = sorted({cp >> 8 for cp in masks})
    _npages = 2 + len(page_keys)
    memset(_page_of, 0, sizeof(_page_of))
    for j in range(0xD8, 0xE0):
        _page_of[j] = 1
    for j, key in enumerate(page_keys):
        _page_of[key] = 2 + j

    distinct = sorted(set(masks.values()))
    if len(distinct) + 2 > MAX_CLASSES:
        raise RuntimeError("more character classes than the compiled lookup can hold")
    cdef uint32_t gsm_bits = 3 << (2 * _slot_of[0])
    memset(_class_mask, 0, sizeof(_class_mask))
    memset(_class_gsm, 0, sizeof(_class_gsm))
    class_of = {}
    for j, m in enumerate(distinct):
        class_of[m] = 2 + j
        _class_mask[2 + j] = m
        _class_gsm[2 + j] = (m & gsm_bits) != 0
    _nclasses = 2 + len(distinct)
    _pages = <uint8_t *> calloc(_npages * 256, sizeof(uint8_t))
    _septet_pages = <uint8_t *> calloc(2 * MAX_SLOTS * _npages * 256, sizeof(uint8_t))
    if _pages == NULL or _septet_pages == NULL:
        raise MemoryError()
    for j in range(256):
        _pages[256 + j] = CLASS_SURROGATE
    for cp, m in masks.items():
        _pages[(_page_of[cp >> 8] << 8) | (cp & 0xFF)] = class_of[m]
    for j in range(0x10000):
        _bmp_class[j] = _pages[(<uint32_t> _page_of[j >> 8] << 8) | (j & 0xFF)]

    memset(_septet_pages, ABSENT, 2 * MAX_SLOTS * _npages * 256)
    memset(_has_table, 0, sizeof(_has_table))
    for t in range(2 * MAX_SLOTS):
        for k in range(128):
            _decode[t][k] = UNDEFINED
    for t, table in tables.items():
        _has_table[t] = True
        for septet, cp in table.items():
            _septet_pages[(t * _npages + _page_of[cp >> 8]) * 256 + (cp & 0xFF)] = septet
            _decode[t][septet] = cp


_build_lookup()


cdef inline uint8_t _class(uint32_t cp) noexcept nogil:
    return _bmp_class[cp] if cp <= 0xFFFF else CLASS_NONE


cdef inline int _septet(int table, uint32_t cp) noexcept nogil:
    """The septet of ``cp`` in table ``table`` (or -1 for no table), ``ABSENT`` when it has none.
    The tables hold BMP characters only."""
    if table < 0 or cp > 0xFFFF:
        return ABSENT
    return _septet_pages[(table * _npages + _page_of[cp >> 8]) * 256 + (cp & 0xFF)]


cdef int _table_of(object lang, int single):
    """The table number of a language's locking (``single`` 0) or single shift table; -1 when
    the language or that table is not known here."""
    slot = _slot_of.get(lang)
    if slot is None:
        return -1
    cdef int t = 2 * <int> slot + single
    return t if _has_table[t] else -1
