/* Sixteen characters at a time for the engine's scan: which of them are *plain*, that is ASCII
 * characters that cost every candidate of a plan 1 unit and are in the GSM default alphabet, so
 * that they add nothing to the scan's lanes or fail bits and can be skipped.
 *
 * A plan describes its plain set with two 16-byte tables, one per nibble: bit h of lo[l] is set
 * when byte (h << 4) | l is plain, and hi[h] = 1 << h for h < 8 (0 above: no byte >= 0x80 is
 * plain). With SSSE3 two PSHUFB lookups and an AND classify sixteen bytes; 2- and 4-byte code
 * points are first narrowed to bytes with unsigned saturation, which turns every one above U+007F
 * into a byte that is not plain; in UTF-8 every byte of such a code point is above 0x7F, so not
 * plain, and only those bytes are decoded. The CPU is asked once, at import; machines without SSSE3 (or not
 * x86) get the portable loops, which the SIMD functions also use for texts under sixteen
 * characters. The scans classify four such blocks before they branch: a text with a character
 * that is not plain in every other block (an accent, a euro sign) then mispredicts one branch
 * per 64 characters rather than one per 16, a sixth of a long text's time. A text's last few
 * characters are read in blocks of sixteen, the last the sixteen that end it, less the ones
 * already read.
 */

#ifndef NRS_CODEC_SIMD_H
#define NRS_CODEC_SIMD_H

#include <stddef.h>
#include <stdint.h>

/* What a scan adds up, and the tables it reads (a plan's, and the engine's BMP classes). */
typedef struct {
    const uint64_t *two1, *fail1;   /* lane increments and fail bits by Latin-1 code point */
    const uint64_t *two, *fail_of;  /* the same by character class */
    const uint8_t *bmp_class;       /* class of each BMP code point; above U+FFFF: class 0 */
    const uint8_t *hi, *lo;         /* the plain set, nibble by nibble */
} nrs_tables;

typedef struct {
    uint64_t word, fail;
    ptrdiff_t astral;  /* code points above U+FFFF */
    /* Where the characters that are not plain start, for the part walks: ``origin`` plus their
     * index in what is scanned (in UTF-8 a byte offset), in order, the first ``max_marks`` of
     * them in ``marks``; ``nmarks`` counts them all. */
    ptrdiff_t *marks;
    ptrdiff_t nmarks, max_marks, origin;
} nrs_counts;

static inline void nrs_mark(nrs_counts *c, ptrdiff_t at)
{
    if (c->nmarks < c->max_marks)
        c->marks[c->nmarks] = c->origin + at;
    c->nmarks++;
}

static inline int nrs_plain(const nrs_tables *t, uint32_t cp)
{
    return cp < 0x80 && (t->lo[cp & 0x0F] & t->hi[cp >> 4]);
}

/* Ask for the first cache lines of a row's str object (header, then its characters) before the
 * batch loop reaches it: the objects of a list lie scattered over the heap, out of the hardware
 * prefetcher's sight, and reading them one miss at a time would bound the loop. */
static inline void nrs_prefetch_row(const void *object)
{
#if defined(__GNUC__)
    const char *p = (const char *)object;
    __builtin_prefetch(p);
    __builtin_prefetch(p + 64);
    __builtin_prefetch(p + 128);
    __builtin_prefetch(p + 192);
#else
    (void)object;
#endif
}

/* Ask for the cache lines of a row's characters, up to 2 KiB of them, once its header (read by
 * then) says where they are and how many: a long row's characters would otherwise come one miss
 * at a time until the hardware prefetcher sees the stream. */
static inline void nrs_prefetch_span(const void *data, ptrdiff_t bytes)
{
#if defined(__GNUC__)
    const char *p = (const char *)data;
    if (bytes > 2048)
        bytes = 2048;
    for (ptrdiff_t at = 0; at < bytes; at += 64)
        __builtin_prefetch(p + at);
#else
    (void)data;
    (void)bytes;
#endif
}

/* The UTF-16 units of the characters whose first byte is among eight bytes of well-formed UTF-8
 * (read as one little- or big-endian word: only bytes are counted): one for each byte that is
 * not a continuation byte (10xxxxxx), one more for each first byte of four (11110xxx). */
static inline int nrs_utf16_units8(uint64_t x)
{
    const uint64_t top = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    uint64_t continuation = (x & ~(x << 1) & top) >> 7;
    uint64_t four = (x & (x << 1) & (x << 2) & (x << 3) & top) >> 7;
    /* A one in the low bit of each byte counted: the multiplication sums the bytes into the top
     * one (at most 8, no carry), without the library call a popcount is on a plain x86-64. */
    return 8 - (int)((continuation * ones) >> 56) + (int)((four * ones) >> 56);
}

static inline void nrs_count(const nrs_tables *t, uint32_t cp, nrs_counts *c)
{
    if (cp < 256) {
        c->word += t->two1[cp];
        c->fail |= t->fail1[cp];
    } else {
        uint8_t cls = cp <= 0xFFFF ? t->bmp_class[cp] : 0;
        c->astral += cp > 0xFFFF;
        c->word += t->two[cls];
        c->fail |= t->fail_of[cls];
    }
}

static void nrs_scan_latin1_portable(const uint8_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *out)
{
    nrs_counts local = *out, *c = &local;  /* a copy the marks' stores cannot alias */
    for (ptrdiff_t i = 0; i < n; i++) {
        c->word += t->two1[d[i]];
        c->fail |= t->fail1[d[i]];
        if (!nrs_plain(t, d[i]))
            nrs_mark(c, i);
    }
    *out = local;
}

static void nrs_scan_ucs2_portable(const uint16_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *out)
{
    nrs_counts local = *out, *c = &local;
    for (ptrdiff_t i = 0; i < n; i++) {
        nrs_count(t, d[i], c);
        if (!nrs_plain(t, d[i]))
            nrs_mark(c, i);
    }
    *out = local;
}

static void nrs_scan_ucs4_portable(const uint32_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *out)
{
    nrs_counts local = *out, *c = &local;
    for (ptrdiff_t i = 0; i < n; i++) {
        nrs_count(t, d[i], c);
        if (!nrs_plain(t, d[i]))
            nrs_mark(c, i);
    }
    *out = local;
}

/* The character of well-formed UTF-8 that starts with d[0] >= 0x80, n >= 1 bytes readable: its
 * length in bytes (2 to 4) and code point, or 0 when the bytes there are ill-formed (a stray or
 * missing continuation byte, an overlong form, an encoded surrogate, or beyond U+10FFFF). */
static inline int nrs_utf8_decode(const uint8_t *d, ptrdiff_t n, uint32_t *cp)
{
    uint32_t b0 = d[0];
    if (b0 < 0xC2)
        return 0;
    if (b0 < 0xE0) {
        if (n < 2 || (d[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((b0 & 0x1F) << 6) | (d[1] & 0x3F);
        return 2;
    }
    if (b0 < 0xF0) {
        if (n < 3 || (d[1] & 0xC0) != 0x80 || (d[2] & 0xC0) != 0x80)
            return 0;
        *cp = ((b0 & 0x0F) << 12) | ((uint32_t)(d[1] & 0x3F) << 6) | (d[2] & 0x3F);
        return *cp >= 0x800 && (*cp < 0xD800 || *cp > 0xDFFF) ? 3 : 0;
    }
    if (b0 < 0xF5) {
        if (n < 4 || (d[1] & 0xC0) != 0x80 || (d[2] & 0xC0) != 0x80 || (d[3] & 0xC0) != 0x80)
            return 0;
        *cp = ((b0 & 0x07) << 18) | ((uint32_t)(d[1] & 0x3F) << 12) | ((uint32_t)(d[2] & 0x3F) << 6)
              | (d[3] & 0x3F);
        return *cp >= 0x10000 && *cp <= 0x10FFFF ? 4 : 0;
    }
    return 0;
}

/* The scan of the UTF-8 characters that start in d[0:stop] (n >= stop bytes are readable: the
 * last may end past stop), counted as the other scans count, the number of characters added to
 * *chars. Returns where the last character ends, or -1 when the bytes are ill-formed. */
static ptrdiff_t nrs_scan_utf8_portable(const uint8_t *d, ptrdiff_t stop, ptrdiff_t n, const nrs_tables *t,
                                        nrs_counts *out, ptrdiff_t *chars)
{
    nrs_counts local = *out, *c = &local;
    ptrdiff_t i = 0, k = 0;
    while (i < stop) {
        if (d[i] < 0x80) {
            c->word += t->two1[d[i]];
            c->fail |= t->fail1[d[i]];
            if (!nrs_plain(t, d[i]))
                nrs_mark(c, i);
            i++;
        } else {
            uint32_t cp;
            int len = nrs_utf8_decode(d + i, n - i, &cp);
            if (!len)
                return -1;
            nrs_count(t, cp, c);
            nrs_mark(c, i);
            i += len;
        }
        k++;
    }
    *chars += k;
    *out = local;
    return i;
}

/* How many of the first n characters are in a set of ASCII characters given nibble by nibble as
 * the plain set is (hi, lo): a candidate's 1-unit characters, for the part walks, which then
 * take such a run whole. */
static ptrdiff_t nrs_ones_latin1_portable(const uint8_t *d, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    ptrdiff_t i = 0;
    while (i < n && (lo[d[i] & 0x0F] & hi[d[i] >> 4]))
        i++;
    return i;
}

static ptrdiff_t nrs_ones_ucs2_portable(const uint16_t *d, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    ptrdiff_t i = 0;
    while (i < n && d[i] < 0x80 && (lo[d[i] & 0x0F] & hi[d[i] >> 4]))
        i++;
    return i;
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <smmintrin.h>
#include <tmmintrin.h>

/* Bit i set: byte i of v is not plain. */
__attribute__((target("ssse3")))
static inline unsigned nrs_not_plain(__m128i v, __m128i hi, __m128i lo)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i plain = _mm_and_si128(_mm_shuffle_epi8(lo, _mm_and_si128(v, nibble)),
                                  _mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(plain, _mm_setzero_si128()));
}

__attribute__((target("ssse3")))
static void nrs_scan_latin1_ssse3(const uint8_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *out)
{
    nrs_counts local = *out, *c = &local;
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    if (n < 16) {
        nrs_scan_latin1_portable(d, n, t, out);
        return;
    }
    ptrdiff_t i = 0;
    for (; i + 64 <= n; i += 64) { /* one branch per 64: where a few in each are not plain, fewer mispredicted */
        uint64_t mask = 0;
        for (int k = 0; k < 4; k++)
            mask |= (uint64_t)nrs_not_plain(_mm_loadu_si128((const __m128i *)(d + i + 16 * k)), hi, lo) << (16 * k);
        for (; mask; mask &= mask - 1) {
            ptrdiff_t at = i + __builtin_ctzll(mask);
            c->word += t->two1[d[at]];
            c->fail |= t->fail1[d[at]];
            nrs_mark(c, at);
        }
    }
    for (; i < n; i += 16) {
        ptrdiff_t base = i + 16 <= n ? i : n - 16;  /* the last sixteen, less those already read */
        unsigned mask = nrs_not_plain(_mm_loadu_si128((const __m128i *)(d + base)), hi, lo) & (0xFFFFu << (i - base));
        for (; mask; mask &= mask - 1) {
            ptrdiff_t at = base + __builtin_ctz(mask);
            c->word += t->two1[d[at]];
            c->fail |= t->fail1[d[at]];
            nrs_mark(c, at);
        }
    }
    *out = local;
}

/* The characters that start at the bytes of d[base:base + 64] flagged in mask (the bytes that are
 * not plain, less the continuation bytes 10xxxxxx) for nrs_scan_utf8_ssse3; false when they are
 * ill-formed. *continuation counts the continuation bytes the characters took. */
static inline int nrs_utf8_block(const uint8_t *d, ptrdiff_t base, uint64_t mask, ptrdiff_t n,
                                 const nrs_tables *t, nrs_counts *c, ptrdiff_t *next, ptrdiff_t *continuation)
{
    for (; mask; mask &= mask - 1) {
        ptrdiff_t at = base + __builtin_ctzll(mask);
        nrs_mark(c, at);
        if (d[at] < 0x80) {
            c->word += t->two1[d[at]];
            c->fail |= t->fail1[d[at]];
            *next = at + 1;
        } else {
            uint32_t cp;
            int len = nrs_utf8_decode(d + at, n - at, &cp);
            if (!len)
                return 0;
            nrs_count(t, cp, c);
            *next = at + len;
            *continuation += len - 1;
        }
    }
    return 1;
}

/* 64 bytes at a time, then sixteen: only the bytes that are not plain are looked at (every byte of a
 * character above U+007F is one of them), and of those only the ones that start a character:
 * continuation bytes are left out by their bit pattern and counted instead. Each character's
 * own continuation bytes are checked as it is decoded, so the bytes are well-formed when the
 * characters took as many continuation bytes as there are (a stray one would be left over). The
 * last few bytes are the end of the sixteen that end at stop, less those already read (as in
 * every scan here), so that nothing past stop is loaded. */
__attribute__((target("ssse3,popcnt")))
static ptrdiff_t nrs_scan_utf8_ssse3(const uint8_t *d, ptrdiff_t stop, ptrdiff_t n, const nrs_tables *t,
                                     nrs_counts *out, ptrdiff_t *chars)
{
    if (stop < 16)
        return nrs_scan_utf8_portable(d, stop, n, t, out, chars);
    nrs_counts local = *out, *c = &local;
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    const __m128i top = _mm_set1_epi8((char)0xC0), follow = _mm_set1_epi8((char)0x80);
    ptrdiff_t next = 0, continuation = 0, seen = 0;  /* next: the first byte not yet read */
    ptrdiff_t i = 0;
    for (; i + 64 <= stop; i += 64) { /* one branch per 64 bytes, as in the other scans */
        __m128i v[4];
        uint64_t mask = 0, follows = 0;
        for (int k = 0; k < 4; k++) {
            v[k] = _mm_loadu_si128((const __m128i *)(d + i + 16 * k));
            mask |= (uint64_t)nrs_not_plain(v[k], hi, lo) << (16 * k);
        }
        if (!mask)
            continue;
        for (int k = 0; k < 4; k++)
            follows |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v[k], top), follow)) << (16 * k);
        seen += __builtin_popcountll(follows);
        if (!nrs_utf8_block(d, i, mask & ~follows, n, t, c, &next, &continuation))
            return -1;
    }
    for (; i < stop; i += 16) {
        ptrdiff_t base = i + 16 <= stop ? i : stop - 16;
        unsigned fresh = 0xFFFFu << (i - base);
        __m128i v = _mm_loadu_si128((const __m128i *)(d + base));
        unsigned mask = nrs_not_plain(v, hi, lo) & fresh;
        if (!mask)
            continue;
        unsigned follows = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, top), follow)) & fresh;
        seen += __builtin_popcount(follows);
        if (!nrs_utf8_block(d, base, mask & ~follows, n, t, c, &next, &continuation))
            return -1;
    }
    /* The last character may end past stop: its continuation bytes there were not seen. */
    if (seen != continuation - (next > stop ? next - stop : 0))
        return -1;
    if (next < stop)
        next = stop;
    *chars += next - continuation;
    *out = local;
    return next;
}

__attribute__((target("ssse3")))
static void nrs_scan_ucs2_ssse3(const uint16_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *out)
{
    nrs_counts local = *out, *c = &local;
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    if (n < 16) {
        nrs_scan_ucs2_portable(d, n, t, out);
        return;
    }
    ptrdiff_t i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t mask = 0;
        for (int k = 0; k < 4; k++) {
            __m128i v = _mm_packus_epi16(_mm_loadu_si128((const __m128i *)(d + i + 16 * k)),
                                         _mm_loadu_si128((const __m128i *)(d + i + 16 * k + 8)));
            mask |= (uint64_t)nrs_not_plain(v, hi, lo) << (16 * k);
        }
        for (; mask; mask &= mask - 1) {
            ptrdiff_t at = i + __builtin_ctzll(mask);
            nrs_count(t, d[at], c);
            nrs_mark(c, at);
        }
    }
    for (; i < n; i += 16) {
        ptrdiff_t base = i + 16 <= n ? i : n - 16;
        __m128i v = _mm_packus_epi16(_mm_loadu_si128((const __m128i *)(d + base)),
                                     _mm_loadu_si128((const __m128i *)(d + base + 8)));
        for (unsigned mask = nrs_not_plain(v, hi, lo) & (0xFFFFu << (i - base)); mask; mask &= mask - 1) {
            ptrdiff_t at = base + __builtin_ctz(mask);
            nrs_count(t, d[at], c);
            nrs_mark(c, at);
        }
    }
    *out = local;
}

__attribute__((target("ssse3")))
static ptrdiff_t nrs_ones_latin1_ssse3(const uint8_t *d, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    const __m128i h = _mm_loadu_si128((const __m128i *)hi), l = _mm_loadu_si128((const __m128i *)lo);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        unsigned mask = nrs_not_plain(_mm_loadu_si128((const __m128i *)(d + i)), h, l);
        if (mask)
            return i + __builtin_ctz(mask);
    }
    return i + nrs_ones_latin1_portable(d + i, n - i, hi, lo);
}

__attribute__((target("ssse3")))
static ptrdiff_t nrs_ones_ucs2_ssse3(const uint16_t *d, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    const __m128i h = _mm_loadu_si128((const __m128i *)hi), l = _mm_loadu_si128((const __m128i *)lo);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_packus_epi16(_mm_loadu_si128((const __m128i *)(d + i)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 8)));
        unsigned mask = nrs_not_plain(v, h, l);
        if (mask)
            return i + __builtin_ctz(mask);
    }
    return i + nrs_ones_ucs2_portable(d + i, n - i, hi, lo);
}

/* PACKUSDW is SSE4.1. */
__attribute__((target("sse4.1")))
static void nrs_scan_ucs4_sse41(const uint32_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *out)
{
    nrs_counts local = *out, *c = &local;
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    if (n < 16) {
        nrs_scan_ucs4_portable(d, n, t, out);
        return;
    }
    ptrdiff_t i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t mask = 0;
        for (int k = 0; k < 4; k++) {
            const uint32_t *q = d + i + 16 * k;
            __m128i a = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)q), _mm_loadu_si128((const __m128i *)(q + 4)));
            __m128i b = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(q + 8)),
                                         _mm_loadu_si128((const __m128i *)(q + 12)));
            mask |= (uint64_t)nrs_not_plain(_mm_packus_epi16(a, b), hi, lo) << (16 * k);
        }
        for (; mask; mask &= mask - 1) {
            ptrdiff_t at = i + __builtin_ctzll(mask);
            nrs_count(t, d[at], c);
            nrs_mark(c, at);
        }
    }
    for (; i < n; i += 16) {
        ptrdiff_t base = i + 16 <= n ? i : n - 16;
        __m128i a = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(d + base)),
                                     _mm_loadu_si128((const __m128i *)(d + base + 4)));
        __m128i b = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(d + base + 8)),
                                     _mm_loadu_si128((const __m128i *)(d + base + 12)));
        for (unsigned mask = nrs_not_plain(_mm_packus_epi16(a, b), hi, lo) & (0xFFFFu << (i - base)); mask;
             mask &= mask - 1) {
            ptrdiff_t at = base + __builtin_ctz(mask);
            nrs_count(t, d[at], c);
            nrs_mark(c, at);
        }
    }
    *out = local;
}
#endif

typedef void (*nrs_scan_latin1_fn)(const uint8_t *, ptrdiff_t, const nrs_tables *, nrs_counts *);
typedef void (*nrs_scan_ucs2_fn)(const uint16_t *, ptrdiff_t, const nrs_tables *, nrs_counts *);
typedef void (*nrs_scan_ucs4_fn)(const uint32_t *, ptrdiff_t, const nrs_tables *, nrs_counts *);
typedef ptrdiff_t (*nrs_ones_latin1_fn)(const uint8_t *, ptrdiff_t, const uint8_t *, const uint8_t *);
typedef ptrdiff_t (*nrs_ones_ucs2_fn)(const uint16_t *, ptrdiff_t, const uint8_t *, const uint8_t *);
typedef ptrdiff_t (*nrs_scan_utf8_fn)(const uint8_t *, ptrdiff_t, ptrdiff_t, const nrs_tables *, nrs_counts *,
                                      ptrdiff_t *);

static nrs_scan_latin1_fn nrs_scan_latin1 = nrs_scan_latin1_portable;
static nrs_scan_ucs2_fn nrs_scan_ucs2 = nrs_scan_ucs2_portable;
static nrs_scan_ucs4_fn nrs_scan_ucs4 = nrs_scan_ucs4_portable;
static nrs_scan_utf8_fn nrs_scan_utf8 = nrs_scan_utf8_portable;
static nrs_ones_latin1_fn nrs_ones_latin1 = nrs_ones_latin1_portable;
static nrs_ones_ucs2_fn nrs_ones_ucs2 = nrs_ones_ucs2_portable;

/* Pick the fastest implementations this CPU runs; 1 when they use SIMD. With ``portable`` set
 * (NRS_CODEC_PORTABLE=1), the portable loops, for tests that compare the two. */
static int nrs_simd_init(int portable)
{
    nrs_scan_latin1 = nrs_scan_latin1_portable;
    nrs_scan_ucs2 = nrs_scan_ucs2_portable;
    nrs_scan_ucs4 = nrs_scan_ucs4_portable;
    nrs_scan_utf8 = nrs_scan_utf8_portable;
    nrs_ones_latin1 = nrs_ones_latin1_portable;
    nrs_ones_ucs2 = nrs_ones_ucs2_portable;
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    if (!portable && __builtin_cpu_supports("ssse3")) {
        nrs_scan_latin1 = nrs_scan_latin1_ssse3;
        nrs_scan_ucs2 = nrs_scan_ucs2_ssse3;
        if (__builtin_cpu_supports("popcnt"))
            nrs_scan_utf8 = nrs_scan_utf8_ssse3;
        nrs_ones_latin1 = nrs_ones_latin1_ssse3;
        nrs_ones_ucs2 = nrs_ones_ucs2_ssse3;
        if (__builtin_cpu_supports("sse4.1"))
            nrs_scan_ucs4 = nrs_scan_ucs4_sse41;
        return 1;
    }
#endif
    (void)portable;
    return 0;
}

#endif
