/* The bytes of campaign files, a chunk at a time, for the readers above the engine
 * (``nrs_codec.campaign.filebytes`` holds the NumPy and Arrow twins these must agree with):
 *
 * - nrs_utf8_upto: where well-formed UTF-8 stops (Python's strict decoder's rules);
 * - nrs_count_byte: how many times one byte occurs (a piece's line feeds);
 * - nrs_json_rows: the lines of a JSON Lines piece that are not blank (its rows), and those of
 *   them that do not open with "{" and close with "}"; nrs_json_row_end: where the k-th ends;
 * - nrs_transcode_bytes: text in a single-byte encoding (cp1252, latin-1...) as UTF-8, through
 *   the table of each byte's character;
 * - nrs_csv_records: the CSV records that end in a piece of a file, from both states its start
 *   may be in (at a record's start, inside a quoted field), quotes followed as pyarrow's parser
 *   follows them;
 * - nrs_csv_quote_carry: whether CSV text read a chunk at a time ends inside a quoted field,
 *   its quotes followed the same way, the state carried from chunk to chunk.
 *
 * Each is one pass over sixteen bytes at a time where the engine chose SSSE3 at import (the
 * ``simd`` argument): UTF-8 checked whole with SSSE3, bytes counted with SSE2 (every x86-64
 * CPU), runs of bytes that are neither a quote nor a line break skipped with SSE2, and quotes
 * found 64 bytes at a time; only the bytes sought are visited one by one. The portable loops
 * (other CPUs, and NRS_CODEC_PORTABLE=1 for the tests that hold the two to the same results)
 * decode UTF-8 a character at a time, skipping eight ASCII bytes at a time, and visit every byte
 * of a CSV piece.
 */

#ifndef NRS_CODEC_FILEBYTES_H
#define NRS_CODEC_FILEBYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define NRS_FILEBYTES_SSE2 1
#else
#define NRS_FILEBYTES_SSE2 0
#endif

#include "simd.h" /* nrs_utf8_decode: the one statement of well-formed UTF-8 */

/* The first index >= i of a byte >= 0x80 in d[0:n], or n. */
static inline ptrdiff_t nrs_skip_ascii(const uint8_t *d, ptrdiff_t i, ptrdiff_t n, int simd)
{
#if NRS_FILEBYTES_SSE2
    if (simd) {
        for (; i + 16 <= n; i += 16) {
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(d + i)));
            if (m)
                return i + __builtin_ctz(m);
        }
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, d + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
    }
    while (i < n && d[i] < 0x80)
        i++;
    return i;
}

/* How far d[0:n] is well-formed UTF-8, one character at a time from ``i`` (a character's start):
 * n when all of it is, else where the first ill-formed sequence starts (a sequence cut by the
 * end of d counts as ill-formed). */
static ptrdiff_t nrs_utf8_upto_from(const uint8_t *d, ptrdiff_t i, ptrdiff_t n, int simd)
{
    uint32_t cp;
    for (;;) {
        i = nrs_skip_ascii(d, i, n, simd);
        if (i >= n)
            return n;
        int len = nrs_utf8_decode(d + i, n - i, &cp);
        if (!len)
            return i;
        i += len;
    }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <tmmintrin.h>
#define NRS_UTF8_SSSE3 1

/* Sixteen bytes at a time, by the lookup algorithm of Keiser and Lemire ("Validating UTF-8 in
 * less than one instruction per byte", 2021), as simdjson and simdutf run it: three 16-entry
 * tables, indexed by the high nibble of each byte's predecessor, its low nibble, and the byte's
 * own high nibble, give bits for each error those two bytes can show (too short, too long,
 * overlong, surrogate, too large, two continuations); their AND is non-zero where one is there.
 * A third or fourth byte is checked by where the lead two or three back is. Every block is
 * checked, ASCII or not: a branch on it costs more, on text where the two alternate, than it saves.
 * The last bytes are checked in a block padded with zeros (ASCII: a sequence that the end cuts
 * is too short). On an error the bytes from the block before are decoded one by one, to say where. */
enum {
    NRS_TOO_SHORT = 1 << 0, NRS_TOO_LONG = 1 << 1, NRS_OVERLONG_3 = 1 << 2, NRS_TOO_LARGE = 1 << 3,
    NRS_SURROGATE = 1 << 4, NRS_OVERLONG_2 = 1 << 5, NRS_TOO_LARGE_1000 = 1 << 6, NRS_OVERLONG_4 = 1 << 6,
    NRS_TWO_CONTS = 1 << 7, NRS_CARRY = NRS_TOO_SHORT | NRS_TOO_LONG | NRS_TWO_CONTS,
};

__attribute__((target("ssse3")))
static inline __m128i nrs_utf8_block_errors(__m128i input, __m128i prev_input)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i byte_1_high_table = _mm_setr_epi8(
        NRS_TOO_LONG, NRS_TOO_LONG, NRS_TOO_LONG, NRS_TOO_LONG, NRS_TOO_LONG, NRS_TOO_LONG, NRS_TOO_LONG,
        NRS_TOO_LONG, NRS_TWO_CONTS, NRS_TWO_CONTS, NRS_TWO_CONTS, NRS_TWO_CONTS,
        NRS_TOO_SHORT | NRS_OVERLONG_2, NRS_TOO_SHORT, NRS_TOO_SHORT | NRS_OVERLONG_3 | NRS_SURROGATE,
        (char)(NRS_TOO_SHORT | NRS_TOO_LARGE | NRS_TOO_LARGE_1000 | NRS_OVERLONG_4));
    const __m128i byte_1_low_table = _mm_setr_epi8(
        (char)(NRS_CARRY | NRS_OVERLONG_3 | NRS_OVERLONG_2 | NRS_OVERLONG_4), (char)(NRS_CARRY | NRS_OVERLONG_2),
        (char)NRS_CARRY, (char)NRS_CARRY, (char)(NRS_CARRY | NRS_TOO_LARGE),
        (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000), (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000),
        (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000), (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000),
        (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000), (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000),
        (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000), (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000),
        (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000 | NRS_SURROGATE),
        (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000), (char)(NRS_CARRY | NRS_TOO_LARGE | NRS_TOO_LARGE_1000));
    const __m128i byte_2_high_table = _mm_setr_epi8(
        NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT,
        NRS_TOO_SHORT,
        (char)(NRS_TOO_LONG | NRS_OVERLONG_2 | NRS_TWO_CONTS | NRS_OVERLONG_3 | NRS_TOO_LARGE_1000 | NRS_OVERLONG_4),
        (char)(NRS_TOO_LONG | NRS_OVERLONG_2 | NRS_TWO_CONTS | NRS_OVERLONG_3 | NRS_TOO_LARGE),
        (char)(NRS_TOO_LONG | NRS_OVERLONG_2 | NRS_TWO_CONTS | NRS_SURROGATE | NRS_TOO_LARGE),
        (char)(NRS_TOO_LONG | NRS_OVERLONG_2 | NRS_TWO_CONTS | NRS_SURROGATE | NRS_TOO_LARGE),
        NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT, NRS_TOO_SHORT);
    __m128i prev1 = _mm_alignr_epi8(input, prev_input, 15);
    __m128i byte_1_high = _mm_shuffle_epi8(byte_1_high_table, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
    __m128i byte_1_low = _mm_shuffle_epi8(byte_1_low_table, _mm_and_si128(prev1, nibble));
    __m128i byte_2_high = _mm_shuffle_epi8(byte_2_high_table, _mm_and_si128(_mm_srli_epi16(input, 4), nibble));
    __m128i special = _mm_and_si128(_mm_and_si128(byte_1_high, byte_1_low), byte_2_high);
    /* A third byte of a 3- or 4-byte sequence, or a fourth of a 4-byte one, must be a continuation. */
    __m128i prev2 = _mm_alignr_epi8(input, prev_input, 14), prev3 = _mm_alignr_epi8(input, prev_input, 13);
    __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must23, special);
}

__attribute__((target("ssse3")))
static ptrdiff_t nrs_utf8_upto_ssse3(const uint8_t *d, ptrdiff_t n)
{
    __m128i prev = _mm_setzero_si128(), error = _mm_setzero_si128();
    ptrdiff_t i = 0;
    for (;; i += 16) {
        __m128i input;
        int last = i + 16 > n;
        if (!last) {
            input = _mm_loadu_si128((const __m128i *)(d + i));
        } else {
            uint8_t tail[16] = {0};
            memcpy(tail, d + i, (size_t)(n - i));
            input = _mm_loadu_si128((const __m128i *)tail);
        }
        error = _mm_or_si128(error, nrs_utf8_block_errors(input, prev));
        prev = input;
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) != 0xFFFF) {
            /* An error in this block or the end of the one before: decode from a character's
             * start in the block before (every byte before that one is well-formed). */
            ptrdiff_t from = i >= 16 ? i - 16 : 0;
            while (from > 0 && (d[from] & 0xC0) == 0x80)
                from--;
            return nrs_utf8_upto_from(d, from, n, 0);
        }
        if (last)
            return n;
    }
}
#else
#define NRS_UTF8_SSSE3 0
#endif

/* How far d[0:n] is well-formed UTF-8 (see nrs_utf8_upto_from), sixteen bytes at a time where
 * ``simd`` says the engine chose SSSE3 at import (nrs_simd_init). */
static ptrdiff_t nrs_utf8_upto(const uint8_t *d, ptrdiff_t n, int simd)
{
#if NRS_UTF8_SSSE3
    if (simd)
        return nrs_utf8_upto_ssse3(d, n);
#endif
    return nrs_utf8_upto_from(d, 0, n, simd);
}

/* How many bytes of d[0:n] are ``b``. */
static ptrdiff_t nrs_count_byte(const uint8_t *d, ptrdiff_t n, uint8_t b, int simd)
{
    ptrdiff_t i = 0, count = 0;
#if NRS_FILEBYTES_SSE2
    if (simd) {
        const __m128i want = _mm_set1_epi8((char)b), zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            /* Up to 255 blocks into byte counters (a match is -1: subtracted), then summed. */
            __m128i counters = zero;
            ptrdiff_t stop = i + 16 * 255 < n ? i + 16 * 255 : n;
            for (; i + 16 <= stop; i += 16)
                counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(d + i)), want));
            __m128i sums = _mm_sad_epu8(counters, zero);
            count += _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums));
        }
    }
#endif
    for (; i < n; i++)
        count += d[i] == b;
    return count;
}

/* The lines of d[0:n] (split at line feeds; a last one without a line feed too) that hold a byte
 * other than the whitespace Python's bytes.strip removes (space, tab, CR, VT, FF): the rows of a
 * piece of JSON Lines; and in *odd, how many of those do not open with "{" and close with "}",
 * that whitespace around them. (Where every line does, and no string holds a line break, which
 * JSON's strings may not, each line break lies between two objects: "}" then "{" is found
 * nowhere else in JSON; so a reader of objects finds one object a line where it finds as many
 * objects as lines.) After the "{" only the line feed that ends the line is sought (memchr), and
 * the bytes before it, the rest unvisited. */
static int nrs_json_blank(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static ptrdiff_t nrs_json_rows(const uint8_t *d, ptrdiff_t n, ptrdiff_t *odd)
{
    ptrdiff_t rows = 0, i = 0;
    *odd = 0;
    while (i < n) {
        while (i < n && nrs_json_blank(d[i]))
            i++;
        if (i == n)
            break;
        if (d[i] == '\n') { /* a blank line */
            i++;
            continue;
        }
        rows++;
        const uint8_t *end = memchr(d + i, '\n', (size_t)(n - i));
        ptrdiff_t last = (end == NULL ? n : end - d) - 1;
        while (nrs_json_blank(d[last])) /* stops at the line's first byte, not blank */
            last--;
        *odd += d[i] != '{' || d[last] != '}';
        if (end == NULL)
            break;
        i = end - d + 1;
    }
    return rows;
}

/* Where the k-th line of d[0:n] that is not blank (as nrs_json_rows counts them) ends: after its
 * line feed, or n for a last line without one; n too where there are fewer. */
static ptrdiff_t nrs_json_row_end(const uint8_t *d, ptrdiff_t n, ptrdiff_t k)
{
    ptrdiff_t rows = 0, i = 0;
    while (i < n && rows < k) {
        while (i < n && nrs_json_blank(d[i]))
            i++;
        if (i == n)
            break;
        if (d[i] != '\n')
            rows++;
        const uint8_t *end = memchr(d + i, '\n', (size_t)(n - i));
        i = end == NULL ? n : end - d + 1;
    }
    return i;
}

/* d[0:n], text in a single-byte encoding, as UTF-8 in out (which holds 3n + 3 bytes): ``table``
 * gives each byte's character as four bytes, its UTF-8 length (0: the byte has none) and up to
 * three bytes of UTF-8. Where the encoding keeps ASCII as it is (``ascii_same``), runs of ASCII
 * are copied as they are. The bytes written, or -(i + 1) for the first byte i without a
 * character. */
static ptrdiff_t nrs_transcode_bytes(const uint8_t *d, ptrdiff_t n, const uint8_t *table, int ascii_same,
                                     uint8_t *out, int simd)
{
    ptrdiff_t i = 0, o = 0;
    while (i < n) {
        if (ascii_same) {
            ptrdiff_t j = nrs_skip_ascii(d, i, n, simd);
            memcpy(out + o, d + i, (size_t)(j - i));
            o += j - i;
            i = j;
            if (i == n)
                break;
        }
        const uint8_t *e = table + 4 * d[i];
        if (e[0] == 0)
            return -(i + 1);
        out[o] = e[1];
        out[o + 1] = e[2];
        out[o + 2] = e[3];
        o += e[0];
        i++;
    }
    return o;
}

/* The first index >= i of a quote, line feed or carriage return in d[0:n], or n. */
static inline ptrdiff_t nrs_skip_plain_csv(const uint8_t *d, ptrdiff_t i, ptrdiff_t n, int simd)
{
#if NRS_FILEBYTES_SSE2
    if (simd) {
        const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
        for (; i + 16 <= n; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(d + i));
            __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m)
                return i + __builtin_ctz(m);
        }
    }
#endif
    while (i < n && d[i] != '"' && d[i] != '\n' && d[i] != '\r')
        i++;
    return i;
}

/* What a piece holds, from one state at its start. */
typedef struct {
    ptrdiff_t records;   /* records that end in it (blank lines are none) */
    int inside;          /* it ends inside a quoted field */
    ptrdiff_t first_end; /* where its first line break outside quotes ends; -1: none */
    ptrdiff_t last_end;  /* where its last one ends (the end of its last record); -1: none */
} nrs_csv_piece;

/* The records of a piece being read, from each start state (see nrs_csv_records). */
typedef struct {
    int state[2];
    ptrdiff_t line_start[2], records[2], first_end[2];
} nrs_csv_walk;

/* One event of a CSV piece at d[i] (a quote, line feed or carriage return) taken into ``w``;
 * the index after what it consumed (a run of quotes is consumed whole). Only a run of quotes of
 * odd length changes the state: outside a quoted field, one at a field's start (d's start, or
 * after the delimiter or a line break) opens one, one elsewhere is a character; inside, any
 * closes it; so a run at a field's start turns the state over, and one elsewhere leaves it
 * outside. A line feed, a carriage return, or the two together end a record outside quotes. */
static inline ptrdiff_t nrs_csv_event(nrs_csv_walk *w, const uint8_t *d, ptrdiff_t i, ptrdiff_t n, uint8_t delimiter)
{
    if (d[i] == '"') {
        ptrdiff_t start = i;
        while (i < n && d[i] == '"')
            i++;
        if ((i - start) & 1) {
            uint8_t before = start ? d[start - 1] : 0;
            int opens = start == 0 || before == delimiter || before == '\n' || before == '\r';
            for (int k = 0; k < 2; k++)
                w->state[k] = opens ? !w->state[k] : 0;
        }
        return i;
    }
    if (d[i] == '\n' && i > 0 && d[i - 1] == '\r') /* the second byte of one "\r\n" */
        return i + 1;
    ptrdiff_t next = i + ((d[i] == '\r' && i + 1 < n && d[i + 1] == '\n') ? 2 : 1);
    for (int k = 0; k < 2; k++) {
        if (w->state[k])
            continue;
        w->records[k] += i > w->line_start[k];
        if (w->first_end[k] < 0)
            w->first_end[k] = next;
        w->line_start[k] = next;
    }
    return i + 1;
}

/* The CSV records of d[0:n] from each start state (out[0]: at a record's start, out[1]: inside
 * a quoted field), as nrs_csv_event takes them; ``at_end`` (the piece ends the file): a last
 * line without a line break is a record too. With SSE2, the quotes and line breaks of each 64
 * bytes are found at once as the bits of a mask and taken in order from it: a file read on
 * every worker is planned by this one pass on one thread (csv_pieces), so its speed bounds
 * theirs. The bytes after the last whole 64 (and every byte, without SSE2) are visited one by one. */
static void nrs_csv_records(const uint8_t *d, ptrdiff_t n, uint8_t delimiter, int at_end, int simd,
                            nrs_csv_piece out[2])
{
    nrs_csv_walk w = {{0, 1}, {0, -1}, {0, 0}, {-1, -1}};
    ptrdiff_t i = 0;
#if NRS_FILEBYTES_SSE2
    if (simd) {
        const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
        ptrdiff_t b = 0;
        for (; b + 64 <= n; b += 64) {
            if (i >= b + 64) /* a run of quotes went past this block */
                continue;
            uint64_t e = 0;
            for (int j = 0; j < 4; j++) {
                __m128i x = _mm_loadu_si128((const __m128i *)(d + b + 16 * j));
                __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
                e |= (uint64_t)(unsigned)_mm_movemask_epi8(hit) << (16 * j);
            }
            if (i > b) /* what the last event consumed of this block */
                e &= ~0ULL << (i - b);
            while (e) {
                i = nrs_csv_event(&w, d, b + __builtin_ctzll(e), n, delimiter);
                e = i >= b + 64 ? 0 : e & (~0ULL << (i - b));
            }
        }
        if (i < b)
            i = b;
    }
#endif
    for (;;) {
        i = nrs_skip_plain_csv(d, i, n, simd);
        if (i >= n)
            break;
        i = nrs_csv_event(&w, d, i, n, delimiter);
    }
    for (int k = 0; k < 2; k++) {
        /* line_start: after the last record's line break (its initial value when none ended). */
        if (at_end && !w.state[k] && n > w.line_start[k])
            w.records[k]++;
        out[k].records = w.records[k];
        out[k].inside = w.state[k];
        out[k].first_end = w.first_end[k];
        out[k].last_end = w.first_end[k] < 0 ? -1 : w.line_start[k];
    }
}

/* The quote state of CSV text read a chunk at a time, followed as nrs_csv_records follows it, for
 * a reader to tell a file that ends inside a quoted field (a quote left open) from one whose odd
 * quote is a character. ``carry`` is what the chunks before d[0:n] left, 0 at a file's start (or
 * at a record's): bit 0, inside a quoted field; bit 1, they ended in a run of quotes not yet
 * judged, of odd length (bit 2), that started at a field's start (bit 3); bit 4, their last byte
 * was not a field's start (neither the delimiter nor a line break; set only without bit 1).
 * Returns the carry after d; nrs_csv_quote_end judges a last pending run. Each quote is visited
 * once, found 64 bytes at a time; a run is judged where the next begins, or at the end. */
typedef struct {
    int inside, in_run, run_odd, run_opens;
    ptrdiff_t run_end;    /* where the run being read would go on */
    uint8_t starts[256];  /* the bytes after which a field starts: the delimiter, line breaks */
} nrs_quote_walk;

static inline void nrs_quote_step(nrs_quote_walk *w, const uint8_t *d, ptrdiff_t p, int carry)
{
    if (w->in_run && p == w->run_end) { /* the run goes on */
        w->run_odd ^= 1;
        w->run_end = p + 1;
        return;
    }
    /* Judge the run before (without a branch on the text): an odd one flips the state where it
     * opened a field, else leaves it outside. */
    int judged = w->in_run & w->run_odd;
    w->inside = judged ? (w->run_opens & !w->inside) : w->inside;
    w->in_run = 1;
    w->run_odd = 1;
    w->run_end = p + 1;
    w->run_opens = p ? w->starts[d[p - 1]] : !(carry & 16);
}

static int nrs_csv_quote_carry(const uint8_t *d, ptrdiff_t n, uint8_t delimiter, int carry, int simd)
{
    if (n <= 0)
        return carry;
    nrs_quote_walk w = {carry & 1, (carry >> 1) & 1, (carry >> 2) & 1, (carry >> 3) & 1, 0, {0}};
    w.starts[delimiter] = w.starts['\n'] = w.starts['\r'] = 1;
    ptrdiff_t i = 0;
#if NRS_FILEBYTES_SSE2
    if (simd) {
        const __m128i quote = _mm_set1_epi8('"');
        for (; i + 64 <= n; i += 64) {
            __m128i a = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(d + i)), quote);
            __m128i b = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(d + i + 16)), quote);
            __m128i c = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(d + i + 32)), quote);
            __m128i e = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(d + i + 48)), quote);
            if (!_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, e))))
                continue;
            uint64_t q = (uint64_t)(unsigned)_mm_movemask_epi8(a) | (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
                         (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 | (uint64_t)(unsigned)_mm_movemask_epi8(e) << 48;
            for (; q; q &= q - 1)
                nrs_quote_step(&w, d, i + __builtin_ctzll(q), carry);
        }
    }
#endif
    for (; i < n; i++)
        if (d[i] == '"')
            nrs_quote_step(&w, d, i, carry);
    if (w.in_run && w.run_end == n) /* the run may go on in the next chunk */
        return w.inside | 2 | (w.run_odd << 2) | (w.run_opens << 3);
    if (w.in_run && w.run_odd)
        w.inside = w.run_opens & !w.inside;
    return w.inside | (w.starts[d[n - 1]] ? 0 : 16);
}

/* Whether text whose chunks left ``carry`` ends inside a quoted field. */
static int nrs_csv_quote_end(int carry)
{
    int inside = carry & 1;
    if ((carry & 2) && (carry & 4))
        inside = (carry & 8) ? !inside : 0;
    return inside;
}

#endif
