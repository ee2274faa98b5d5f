/* Sixteen characters at a time for the engine's scan: which of them are *plain*, that is ASCII
 * characters that cost every candidate of a plan 1 unit and are in the GSM default alphabet, so
 * that they add nothing to the scan's lanes or fail bits and can be skipped.
 *
 * A plan describes its plain set with two 16-byte tables, one per nibble: bit h of lo[l] is set
 * when byte (h << 4) | l is plain, and hi[h] = 1 << h for h < 8 (0 above: no byte >= 0x80 is
 * plain). With SSSE3 two PSHUFB lookups and an AND classify sixteen bytes; 2- and 4-byte code
 * points are first narrowed to bytes with unsigned saturation, which turns every one above U+007F
 * into a byte that is not plain. The CPU is asked once, at import; machines without SSSE3 (or not
 * x86) get the portable loops, which every SIMD function also uses for its last few characters.
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
} nrs_counts;

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

/* The UTF-16 units of the characters whose first byte is among eight bytes of well-formed UTF-8
 * (read as one little- or big-endian word: only bytes are counted): one for each byte that is
 * not a continuation byte (10xxxxxx), one more for each first byte of four (11110xxx). */
static inline int nrs_utf16_units8(uint64_t x)
{
    const uint64_t top = 0x8080808080808080ULL;
    uint64_t continuation = x & ~(x << 1) & top;
    uint64_t four = x & (x << 1) & (x << 2) & (x << 3) & top;
#if defined(__GNUC__)
    return 8 - __builtin_popcountll(continuation) + __builtin_popcountll(four);
#else
    int n = 8;
    for (; continuation; continuation &= continuation - 1) n--;
    for (; four; four &= four - 1) n++;
    return n;
#endif
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

static void nrs_scan_latin1_portable(const uint8_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c)
{
    for (ptrdiff_t i = 0; i < n; i++) {
        c->word += t->two1[d[i]];
        c->fail |= t->fail1[d[i]];
    }
}

static void nrs_scan_ucs2_portable(const uint16_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c)
{
    for (ptrdiff_t i = 0; i < n; i++)
        nrs_count(t, d[i], c);
}

static void nrs_scan_ucs4_portable(const uint32_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c)
{
    for (ptrdiff_t i = 0; i < n; i++)
        nrs_count(t, d[i], c);
}

/* How many of the first n bytes are plain, up to the first that is not. */
static ptrdiff_t nrs_plain_run_portable(const uint8_t *p, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    ptrdiff_t i = 0;
    while (i < n && (hi[p[i] >> 4] & lo[p[i] & 0x0F]))
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
static ptrdiff_t nrs_plain_run_ssse3(const uint8_t *p, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    const __m128i hi_tab = _mm_loadu_si128((const __m128i *)hi), lo_tab = _mm_loadu_si128((const __m128i *)lo);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        unsigned mask = nrs_not_plain(_mm_loadu_si128((const __m128i *)(p + i)), hi_tab, lo_tab);
        if (mask)
            return i + __builtin_ctz(mask);
    }
    return i + nrs_plain_run_portable(p + i, n - i, hi, lo);
}

__attribute__((target("ssse3")))
static void nrs_scan_latin1_ssse3(const uint8_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c)
{
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        for (unsigned mask = nrs_not_plain(_mm_loadu_si128((const __m128i *)(d + i)), hi, lo); mask;
             mask &= mask - 1) {
            uint8_t b = d[i + __builtin_ctz(mask)];
            c->word += t->two1[b];
            c->fail |= t->fail1[b];
        }
    }
    nrs_scan_latin1_portable(d + i, n - i, t, c);
}

__attribute__((target("ssse3")))
static void nrs_scan_ucs2_ssse3(const uint16_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c)
{
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_packus_epi16(_mm_loadu_si128((const __m128i *)(d + i)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 8)));
        for (unsigned mask = nrs_not_plain(v, hi, lo); mask; mask &= mask - 1)
            nrs_count(t, d[i + __builtin_ctz(mask)], c);
    }
    nrs_scan_ucs2_portable(d + i, n - i, t, c);
}

/* PACKUSDW is SSE4.1. */
__attribute__((target("sse4.1")))
static void nrs_scan_ucs4_sse41(const uint32_t *d, ptrdiff_t n, const nrs_tables *t, nrs_counts *c)
{
    const __m128i hi = _mm_loadu_si128((const __m128i *)t->hi), lo = _mm_loadu_si128((const __m128i *)t->lo);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i a = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(d + i)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 4)));
        __m128i b = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(d + i + 8)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 12)));
        for (unsigned mask = nrs_not_plain(_mm_packus_epi16(a, b), hi, lo); mask; mask &= mask - 1)
            nrs_count(t, d[i + __builtin_ctz(mask)], c);
    }
    nrs_scan_ucs4_portable(d + i, n - i, t, c);
}
#endif

typedef ptrdiff_t (*nrs_plain_run_fn)(const uint8_t *, ptrdiff_t, const uint8_t *, const uint8_t *);
typedef void (*nrs_scan_latin1_fn)(const uint8_t *, ptrdiff_t, const nrs_tables *, nrs_counts *);
typedef void (*nrs_scan_ucs2_fn)(const uint16_t *, ptrdiff_t, const nrs_tables *, nrs_counts *);
typedef void (*nrs_scan_ucs4_fn)(const uint32_t *, ptrdiff_t, const nrs_tables *, nrs_counts *);

static nrs_plain_run_fn nrs_plain_run = nrs_plain_run_portable;
static nrs_scan_latin1_fn nrs_scan_latin1 = nrs_scan_latin1_portable;
static nrs_scan_ucs2_fn nrs_scan_ucs2 = nrs_scan_ucs2_portable;
static nrs_scan_ucs4_fn nrs_scan_ucs4 = nrs_scan_ucs4_portable;

/* Pick the fastest implementations this CPU runs; 1 when they use SIMD. With ``portable`` set
 * (NRS_CODEC_PORTABLE=1), the portable loops, for tests that compare the two. */
static int nrs_simd_init(int portable)
{
    nrs_plain_run = nrs_plain_run_portable;
    nrs_scan_latin1 = nrs_scan_latin1_portable;
    nrs_scan_ucs2 = nrs_scan_ucs2_portable;
    nrs_scan_ucs4 = nrs_scan_ucs4_portable;
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    if (!portable && __builtin_cpu_supports("ssse3")) {
        nrs_plain_run = nrs_plain_run_ssse3;
        nrs_scan_latin1 = nrs_scan_latin1_ssse3;
        nrs_scan_ucs2 = nrs_scan_ucs2_ssse3;
        if (__builtin_cpu_supports("sse4.1"))
            nrs_scan_ucs4 = nrs_scan_ucs4_sse41;
        return 1;
    }
#endif
    (void)portable;
    return 0;
}

#endif
