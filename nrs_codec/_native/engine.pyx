# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
# cython: embedsignature=True
"""The compiled back end: the rules of ``nrs_codec.core.reference``, read straight from text buffers.

One extension, split in files by job:

- ``lookup.pxi``: the one code-point table, built at import from the generated 3GPP tables: every
  code point's *character class* (the set of tables that hold it) and its septet in each table.
- ``plans.pxi``: the candidates of ``core.rules.plan`` as C structs, cached per option set.
- ``scan.pxi``: the scan of a text (what each candidate cannot carry, and its 2-unit characters),
  C code without the GIL over PEP 393 buffers and UTF-8 bytes;
- ``walk.pxi``: the greedy part walks, where a multi-part candidate's parts end;
- ``measure.pxi``: every candidate's units, parts and free units from the scan, and the choice rule.
- ``analyze.pxi``: ``analyze()``, one text with every field of ``Analysis``.
- ``rows.pxi``: the row kernel under ``nrs_codec.batch``: many ``str`` or Arrow rows of one plan
  into NumPy columns, one range of rows per call, without the GIL (batch keeps the threads).
- ``packing.pxi``: text <-> septet values and 7-bit packing;
- ``simd.h``: sixteen bytes at a time (SSSE3, chosen at import), four blocks before a branch,
  for the plain ASCII of a scan.
- ``filebytes.pxi`` and ``filebytes.h``: the bytes of campaign files for the readers above
  (UTF-8 validity, a chunk's quote state, where CSV records end), in one pass without the GIL.
- ``numbers.pxi``: a column of recipients judged by phonenumbers' patterns compiled to automata
  over the digits (``provider.digit_machines`` builds them), in two passes without the GIL.
- ``csvlines.pxi``: a block of the check's per-row results as the lines of its CSV output.
- ``tally.pxi``: what a block's recipients and prices add to the check (errors, countries, counts
  by country and price, exact costs), in one pass over its rows.
- ``blank.pxi``: the rows of a block whose message is empty or only whitespace (missing to the
  provider), in one pass over its string column.

Nothing here imports the reference twin (the differential tests compare two implementations), nor
anything above ``core``: batch, wire and the rest call in, never the other way.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.sequence cimport PySequence_Fast_ITEMS
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.stdint cimport INT64_MAX, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, uintptr_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcpy, memset

from ..core.graphemes import cluster_starts
from ..core.results import MAX_PARTS as _MAX_PARTS
from ..core.results import MAX_REPORTED as _MAX_REPORTED
from ..core import codes as _codes
from ..core import results as _results
from ..core.results import EncodingError, InvalidTextError, TooManyPartsError
from ..core.rules import DEFAULT_ALLOWED, ENCODINGS, UTF16, plan
from .._generated.tables import LOCKING, SINGLE

BACKEND = "compiled"

import os as _os

_PORTABLE = _os.environ.get("NRS_CODEC_PORTABLE", "").strip().lower() not in ("", "0", "false", "no")
SIMD = bool(nrs_simd_init(_PORTABLE))
"""Whether the scan classifies sixteen bytes at a time (SSSE3); ``NRS_CODEC_PORTABLE=1`` turns it
off (``0`` or empty leaves it on), for tests that hold the portable loop to the same results."""


cdef extern from "simd.h":
    ctypedef Py_ssize_t ptrdiff_t
    ctypedef struct nrs_tables:
        const uint64_t *two1
        const uint64_t *fail1
        const uint64_t *two
        const uint64_t *fail_of
        const uint8_t *bmp_class
        const uint8_t *hi
        const uint8_t *lo
    void nrs_prefetch_row(const void *o) nogil
    void nrs_prefetch_span(const void *data, ptrdiff_t bytes) nogil
    int nrs_utf16_units8(uint64_t x) nogil
    ctypedef struct nrs_counts:
        uint64_t word
        uint64_t fail
        ptrdiff_t astral
        ptrdiff_t *marks
        ptrdiff_t nmarks
        ptrdiff_t max_marks
        ptrdiff_t origin
    void nrs_scan_latin1(const uint8_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c) noexcept nogil
    void nrs_scan_ucs2(const uint16_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c) noexcept nogil
    void nrs_scan_ucs4(const uint32_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c) noexcept nogil
    ptrdiff_t nrs_scan_utf8(const uint8_t *d, ptrdiff_t stop, ptrdiff_t n, const nrs_tables *t, nrs_counts *c,
                            ptrdiff_t *chars) noexcept nogil
    ptrdiff_t nrs_ones_latin1(const uint8_t *d, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo) noexcept nogil
    ptrdiff_t nrs_ones_ucs2(const uint16_t *d, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo) noexcept nogil
    int nrs_utf8_decode(const uint8_t *d, ptrdiff_t n, uint32_t *cp) noexcept nogil
    int nrs_simd_init(int portable)


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    int PyUnicode_4BYTE_KIND
    int PyUnicode_READY(object) except -1
    # The same on borrowed pointers, for the batch loop over a sequence's items without the GIL.
    bint _is_str "PyUnicode_Check"(PyObject *o) nogil
    int _str_kind "PyUnicode_KIND"(PyObject *o) nogil
    void *_str_data "PyUnicode_DATA"(PyObject *o) nogil
    Py_ssize_t _str_length "PyUnicode_GET_LENGTH"(PyObject *o) nogil


cdef enum:
    ERR_PENDING = 0xFFFF # a row the kernel leaves to its caller (not a ready str)
    UTF8 = 8             # reader kind beside PEP 393's 1, 2 and 4

# The provider's codes a row can get, read from the one table (``core.codes``).
cdef uint16_t ERR_MISSING = _codes.TEXT_MISSING
cdef uint16_t ERR_TOO_LONG = _codes.TEXT_TOO_LONG
cdef uint16_t ERR_CODING = _codes.INVALID_CODING
cdef uint16_t ERR_INVALID = _codes.INPUT_VALIDATION

cdef int MAX_PARTS = _MAX_PARTS


include "lookup.pxi"
include "plans.pxi"
include "scan.pxi"
include "walk.pxi"
include "measure.pxi"
include "analyze.pxi"
include "rows.pxi"
include "packing.pxi"
include "filebytes.pxi"
include "numbers.pxi"
include "csvlines.pxi"
include "tally.pxi"
include "blank.pxi"
