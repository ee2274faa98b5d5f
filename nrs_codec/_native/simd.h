/* Sixteen bytes at a time for the engine's scan: which of them are *plain*, that is ASCII
 * characters that cost every candidate of a plan 1 unit and are in the GSM default alphabet, so
 * that they add nothing to the scan's lanes or fail bits and can be skipped.
 *
 * A plan describes its plain set with two 16-byte tables, one per nibble: bit h of lo[l] is set
 * when byte (h << 4) | l is plain, and hi[h] = 1 << h for h < 8 (0 above: no byte >= 0x80 is
 * plain). With SSSE3 two PSHUFB lookups and an AND classify sixteen bytes; the CPU is asked once,
 * at import, and machines without SSSE3 (or not x86) get the portable loop over the bytes.
 */

#ifndef NRS_CODEC_SIMD_H
#define NRS_CODEC_SIMD_H

#include <stdint.h>
#include <stddef.h>

/* Bit i set: byte i of p[0..15] is not plain. */
static unsigned nrs_nonplain16_portable(const uint8_t *p, const uint8_t *hi, const uint8_t *lo)
{
    unsigned mask = 0;
    for (int i = 0; i < 16; i++) {
        uint8_t b = p[i];
        if (!(hi[b >> 4] & lo[b & 0x0F]))
            mask |= 1u << i;
    }
    return mask;
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <tmmintrin.h>
#include <smmintrin.h>

__attribute__((target("ssse3")))
static unsigned nrs_nonplain16_ssse3(const uint8_t *p, const uint8_t *hi, const uint8_t *lo)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i low = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)lo), _mm_and_si128(v, nibble));
    __m128i high = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)hi),
                                    _mm_and_si128(_mm_srli_epi16(v, 4), nibble));
    __m128i plain = _mm_and_si128(low, high);
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(plain, _mm_setzero_si128()));
}

/* The scan of up to 255 Latin-1 characters for a plan of one lane word: the plain ones are
 * skipped sixteen at a time, the others add their lane increments and fail bits. */
__attribute__((target("ssse3")))
static void nrs_scan_latin1_ssse3(const uint8_t *d, ptrdiff_t n, const uint64_t *two1,
                                  const uint64_t *fail1, const uint8_t *hi, const uint8_t *lo,
                                  uint64_t *word, uint64_t *fail)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i lo_tab = _mm_loadu_si128((const __m128i *)lo);
    const __m128i hi_tab = _mm_loadu_si128((const __m128i *)hi);
    uint64_t w = *word, f = *fail;
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(d + i));
        __m128i plain = _mm_and_si128(_mm_shuffle_epi8(lo_tab, _mm_and_si128(v, nibble)),
                                      _mm_shuffle_epi8(hi_tab, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(plain, _mm_setzero_si128()));
        while (mask) {
            uint8_t b = d[i + __builtin_ctz(mask)];
            w += two1[b];
            f |= fail1[b];
            mask &= mask - 1;
        }
    }
    for (; i < n; i++) {
        w += two1[d[i]];
        f |= fail1[d[i]];
    }
    *word = w;
    *fail = f;
}

/* The same for up to 255 UCS-2 characters (PEP 393 kind 2): sixteen at a time, narrowed to bytes
 * with unsigned saturation, which makes every character above U+00FF a byte that is not plain
 * (0xFF, or 0x00 from U+8000 up); those go through the class tables. */
__attribute__((target("ssse3")))
static void nrs_scan_ucs2_ssse3(const uint16_t *d, ptrdiff_t n, const uint64_t *two1, const uint64_t *fail1,
                                const uint64_t *two, const uint64_t *fail_of, const uint8_t *bmp_class,
                                const uint8_t *hi, const uint8_t *lo, uint64_t *word, uint64_t *fail)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i lo_tab = _mm_loadu_si128((const __m128i *)lo);
    const __m128i hi_tab = _mm_loadu_si128((const __m128i *)hi);
    uint64_t w = *word, f = *fail;
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_packus_epi16(_mm_loadu_si128((const __m128i *)(d + i)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 8)));
        __m128i plain = _mm_and_si128(_mm_shuffle_epi8(lo_tab, _mm_and_si128(v, nibble)),
                                      _mm_shuffle_epi8(hi_tab, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(plain, _mm_setzero_si128()));
        while (mask) {
            uint16_t cp = d[i + __builtin_ctz(mask)];
            if (cp < 256) {
                w += two1[cp];
                f |= fail1[cp];
            } else {
                w += two[bmp_class[cp]];
                f |= fail_of[bmp_class[cp]];
            }
            mask &= mask - 1;
        }
    }
    for (; i < n; i++) {
        uint16_t cp = d[i];
        if (cp < 256) {
            w += two1[cp];
            f |= fail1[cp];
        } else {
            w += two[bmp_class[cp]];
            f |= fail_of[bmp_class[cp]];
        }
    }
    *word = w;
    *fail = f;
}

/* And for UCS-4 strings (PEP 393 kind 4, text with emoji): narrowed twice with saturation
 * (SSE4.1's PACKUSDW, then PACKUSWB); the characters above U+FFFF are counted in ``astral``. */
__attribute__((target("sse4.1")))
static void nrs_scan_ucs4_sse41(const uint32_t *d, ptrdiff_t n, const uint64_t *two1, const uint64_t *fail1,
                                const uint64_t *two, const uint64_t *fail_of, const uint8_t *bmp_class,
                                const uint8_t *hi, const uint8_t *lo, uint64_t *word, uint64_t *fail,
                                ptrdiff_t *astral)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i lo_tab = _mm_loadu_si128((const __m128i *)lo);
    const __m128i hi_tab = _mm_loadu_si128((const __m128i *)hi);
    uint64_t w = *word, f = *fail;
    ptrdiff_t i = 0, wide = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i a = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(d + i)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 4)));
        __m128i b = _mm_packus_epi32(_mm_loadu_si128((const __m128i *)(d + i + 8)),
                                     _mm_loadu_si128((const __m128i *)(d + i + 12)));
        __m128i v = _mm_packus_epi16(a, b);
        __m128i plain = _mm_and_si128(_mm_shuffle_epi8(lo_tab, _mm_and_si128(v, nibble)),
                                      _mm_shuffle_epi8(hi_tab, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(plain, _mm_setzero_si128()));
        while (mask) {
            uint32_t cp = d[i + __builtin_ctz(mask)];
            if (cp < 256) {
                w += two1[cp];
                f |= fail1[cp];
            } else {
                uint8_t cls = cp <= 0xFFFF ? bmp_class[cp] : 0;
                wide += cp > 0xFFFF;
                w += two[cls];
                f |= fail_of[cls];
            }
            mask &= mask - 1;
        }
    }
    for (; i < n; i++) {
        uint32_t cp = d[i];
        uint8_t cls = cp <= 0xFFFF ? bmp_class[cp] : 0;
        wide += cp > 0xFFFF;
        w += two[cls];
        f |= fail_of[cls];
    }
    *word = w;
    *fail = f;
    *astral += wide;
}
#endif

/* Class 0 (in no table) for every character above U+FFFF, as the engine's lookup has it. */
static void nrs_scan_ucs4_portable(const uint32_t *d, ptrdiff_t n, const uint64_t *two1, const uint64_t *fail1,
                                   const uint64_t *two, const uint64_t *fail_of, const uint8_t *bmp_class,
                                   const uint8_t *hi, const uint8_t *lo, uint64_t *word, uint64_t *fail,
                                   ptrdiff_t *astral)
{
    uint64_t w = *word, f = *fail;
    ptrdiff_t wide = 0;
    (void)hi;
    (void)lo;
    (void)two1;
    (void)fail1;
    for (ptrdiff_t i = 0; i < n; i++) {
        uint32_t cp = d[i];
        uint8_t cls = cp <= 0xFFFF ? bmp_class[cp] : 0;
        wide += cp > 0xFFFF;
        w += two[cls];
        f |= fail_of[cls];
    }
    *word = w;
    *fail = f;
    *astral += wide;
}

static void nrs_scan_ucs2_portable(const uint16_t *d, ptrdiff_t n, const uint64_t *two1, const uint64_t *fail1,
                                   const uint64_t *two, const uint64_t *fail_of, const uint8_t *bmp_class,
                                   const uint8_t *hi, const uint8_t *lo, uint64_t *word, uint64_t *fail)
{
    uint64_t w = *word, f = *fail;
    (void)hi;
    (void)lo;
    for (ptrdiff_t i = 0; i < n; i++) {
        uint16_t cp = d[i];
        if (cp < 256) {
            w += two1[cp];
            f |= fail1[cp];
        } else {
            w += two[bmp_class[cp]];
            f |= fail_of[bmp_class[cp]];
        }
    }
    *word = w;
    *fail = f;
}

static void nrs_scan_latin1_portable(const uint8_t *d, ptrdiff_t n, const uint64_t *two1,
                                     const uint64_t *fail1, const uint8_t *hi, const uint8_t *lo,
                                     uint64_t *word, uint64_t *fail)
{
    uint64_t w = *word, f = *fail;
    (void)hi;
    (void)lo;
    for (ptrdiff_t i = 0; i < n; i++) {
        w += two1[d[i]];
        f |= fail1[d[i]];
    }
    *word = w;
    *fail = f;
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
__attribute__((target("ssse3")))
static ptrdiff_t nrs_plain_run_ssse3(const uint8_t *p, ptrdiff_t n, const uint8_t *hi, const uint8_t *lo)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i lo_tab = _mm_loadu_si128((const __m128i *)lo);
    const __m128i hi_tab = _mm_loadu_si128((const __m128i *)hi);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i plain = _mm_and_si128(_mm_shuffle_epi8(lo_tab, _mm_and_si128(v, nibble)),
                                      _mm_shuffle_epi8(hi_tab, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(plain, _mm_setzero_si128()));
        if (mask)
            return i + __builtin_ctz(mask);
    }
    return i + nrs_plain_run_portable(p + i, n - i, hi, lo);
}
#endif

typedef void (*nrs_scan_ucs2_fn)(const uint16_t *, ptrdiff_t, const uint64_t *, const uint64_t *,
                                 const uint64_t *, const uint64_t *, const uint8_t *, const uint8_t *,
                                 const uint8_t *, uint64_t *, uint64_t *);
typedef void (*nrs_scan_ucs4_fn)(const uint32_t *, ptrdiff_t, const uint64_t *, const uint64_t *,
                                 const uint64_t *, const uint64_t *, const uint8_t *, const uint8_t *,
                                 const uint8_t *, uint64_t *, uint64_t *, ptrdiff_t *);
typedef ptrdiff_t (*nrs_plain_run_fn)(const uint8_t *, ptrdiff_t, const uint8_t *, const uint8_t *);
typedef unsigned (*nrs_nonplain16_fn)(const uint8_t *, const uint8_t *, const uint8_t *);
typedef void (*nrs_scan_latin1_fn)(const uint8_t *, ptrdiff_t, const uint64_t *, const uint64_t *,
                                   const uint8_t *, const uint8_t *, uint64_t *, uint64_t *);

static nrs_nonplain16_fn nrs_nonplain16 = nrs_nonplain16_portable;
static nrs_plain_run_fn nrs_plain_run = nrs_plain_run_portable;
static nrs_scan_ucs2_fn nrs_scan_ucs2 = nrs_scan_ucs2_portable;
static nrs_scan_ucs4_fn nrs_scan_ucs4 = nrs_scan_ucs4_portable;
static nrs_scan_latin1_fn nrs_scan_latin1 = nrs_scan_latin1_portable;

/* Pick the fastest implementations this CPU runs; 1 when they use SIMD. With ``portable`` set
 * (NRS_CODEC_PORTABLE=1), the portable loops, for tests that compare the two. */
static int nrs_simd_init(int portable)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    if (!portable && __builtin_cpu_supports("ssse3")) {
        nrs_nonplain16 = nrs_nonplain16_ssse3;
        nrs_plain_run = nrs_plain_run_ssse3;
        nrs_scan_latin1 = nrs_scan_latin1_ssse3;
        nrs_scan_ucs2 = nrs_scan_ucs2_ssse3;
        nrs_scan_ucs4 = __builtin_cpu_supports("sse4.1") ? nrs_scan_ucs4_sse41 : nrs_scan_ucs4_portable;
        return 1;
    }
#endif
    (void)portable;
    nrs_nonplain16 = nrs_nonplain16_portable;
    nrs_plain_run = nrs_plain_run_portable;
    nrs_scan_latin1 = nrs_scan_latin1_portable;
    nrs_scan_ucs2 = nrs_scan_ucs2_portable;
    nrs_scan_ucs4 = nrs_scan_ucs4_portable;
    return 0;
}

#endif
