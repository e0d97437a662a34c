/* spotcheck — streaming CSV input over libcsv.  Contract in spotcheck/csvin.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it works: the file is read in blocks; each block is cut into lines and
 * every line is fed to libcsv on its own, so that the line number is known
 * whenever libcsv calls back.  Bytes go through the encoding step (UTF-8
 * validation, or GB18030 → UTF-8 through iconv) on their way to libcsv.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <csv.h>
#include <fcntl.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <sys/stat.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unistd.h>

#include "alloc.h"
#include "spotcheck/csvin.h"
#include "text.h"

enum { BLOCK_SIZE = 256 * 1024 };
enum { WANT_NO, WANT_CHECKED, WANT_UNCHECKED };

typedef enum { ENC_UNDECIDED, ENC_UTF8, ENC_GB18030 } enc_state;

struct sc_csv {
    FILE *fp;
    char name[256];
    sc_csv_opts opts;
    struct csv_parser parser;
    bool parser_ready;
    int parser_idle;    /* libcsv's state between rows (its state after csv_init) */
    bool fast_path;     /* rows without a quote may skip libcsv (fast_row) */
    unsigned char delim;

    enc_state enc;
    iconv_t cd;
    char *conv;
    size_t conv_cap;

    unsigned char *buf; /* unprocessed input: buf[0, len) */
    size_t len;
    size_t buf_cap;     /* BLOCK_SIZE, or a stream's window (sc_csv_window) */
    bool eof;
    bool done;          /* read to the end (libcsv finished) */
    const unsigned char *mem; /* a chunk in memory: the bytes from offset mem_start */
    uint64_t mem_start;
    size_t window_end;  /* sc_csv_window: buf[0, window_end) is in chunks ... */
    unsigned long long window_lines; /* ... and holds this many line ends */
    bool bom_checked;
    char *path;          /* NULL for standard input (unless reopened_stdin) */
    bool reopened_stdin; /* standard input, a regular file opened again: closing
                            this reader moves standard input to its end */
    uint64_t buf_offset; /* file offset of buf[0] */
    uint64_t limit;      /* read no byte at or after this offset (a chunk's end) */
    bool borrowed;       /* reads a later chunk of a split file (contract 9); the
                            header belongs to the reader of the first chunk */
    bool inexact;        /* decided the encoding where one reader would not have */

    unsigned char eol;           /* the line end: '\n' (LF, CRLF) or '\r' (CR alone);
                                    0 until the first line end is seen */
    char doubt[160]; /* UTF-8 by a close guess: what GB18030 would read there */
    unsigned long long judged_line; /* GB18030 by guess: the line of the first
                                       non-ASCII byte, which the guess read */
    unsigned long long line;     /* line of the bytes being fed */
    unsigned long long row_line; /* line where the current row started */

    /* the row being assembled */
    size_t nfields;
    size_t slots; /* capacity of offsets/lengths/fields/want */
    size_t *offsets;
    size_t *lengths;
    const char **fields;
    unsigned char *want; /* WANT_NO, WANT_CHECKED or WANT_UNCHECKED per column */
    bool in_place; /* fields point into the line (fast_row), not the arena */
    char *arena;
    size_t arena_len, arena_cap;

    /* header */
    size_t ncols;
    char **header;
    bool header_pending;
    bool first_row_pending; /* no_header: the first row waits for sc_csv_read */

    sc_csv_row_fn fn;
    void *ctx;
    sc_error *err;
    sc_status status;

    uint64_t rows_read;
    char problem[128]; /* why the current row is bad */
};

/* ---- small helpers ------------------------------------------------------- */

static sc_status set_error(sc_csv *csv, sc_status status, unsigned long long line, const char *what)
{
    if (csv->status == SC_OK) {
        csv->status = status;
        sc_error_set(csv->err, status, csv->name, line, "%s", what);
    }
    return csv->status;
}

static int grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t next = *cap ? *cap : 16;
    while (next < need)
        next *= 2;
    void *p = sc_realloc(*ptr, next * elem);
    if (!p)
        return -1;
    *ptr = p;
    *cap = next;
    return 0;
}

static sc_status ensure_slots(sc_csv *csv, size_t need)
{
    if (need <= csv->slots)
        return SC_OK;
    size_t next = csv->slots ? csv->slots * 2 : 32;
    while (next < need)
        next *= 2;
    size_t *offsets = sc_realloc(csv->offsets, next * sizeof *offsets);
    if (offsets)
        csv->offsets = offsets;
    size_t *lengths = sc_realloc(csv->lengths, next * sizeof *lengths);
    if (lengths)
        csv->lengths = lengths;
    const char **fields = sc_realloc(csv->fields, next * sizeof *fields);
    if (fields)
        csv->fields = fields;
    unsigned char *want = sc_realloc(csv->want, next * sizeof *want);
    if (want) {
        csv->want = want;
        memset(want + csv->slots, 0, (next - csv->slots) * sizeof *want);
    }
    if (!offsets || !lengths || !fields || !want)
        return SC_ENOMEM;
    csv->slots = next;
    return SC_OK;
}

/* Length of the longest prefix of s[0, len) that is valid UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF), and when
 * `nul_ends` holds, without a NUL byte.  *incomplete is set when the text
 * stops inside a character that could still be valid. */
static inline size_t utf8_prefix(const unsigned char *s, size_t len, bool *incomplete,
                                 bool nul_ends)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    size_t i = 0;
    *incomplete = false;
    /* a short ASCII field (a code, a period, a number) in one pass: c - 1
       wraps for 0, so the loop stops at a NUL or a non-ASCII byte, which the
       loop below then judges */
    while (i < len && i < 16 && (unsigned char)(s[i] - 1) < 0x7F)
        i++;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0 && nul_ends)
                return i;
            i++;
            /* eight ASCII bytes at a time; (word - ones) & ~word & highs is
               not zero exactly when the word has a zero byte */
            for (uint64_t word; i + 8 <= len; i += 8) {
                memcpy(&word, s + i, 8);
                if ((word & highs) || (nul_ends && ((word - ones) & ~word & highs)))
                    break;
            }
            continue;
        }
        /* fast path: three-byte characters led by E1..EC, which hold the CJK
         * ideographs and have no special ranges for their second byte */
        if (c >= 0xE1 && c <= 0xEC && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* Chinese text runs on: two such characters (E1..EF but E0 and
               ED, whose second bytes have special ranges) per 8-byte load */
            const uint64_t mask = UINT64_C(0x0000C0C0F0C0C0F0), want = UINT64_C(0x00008080E08080E0);
            for (uint64_t word; i + 8 <= len; i += 6) {
                memcpy(&word, s + i, 8);
                unsigned lead0 = (unsigned)(word & 0x0F), lead3 = (unsigned)(word >> 24) & 0x0F;
                if ((word & mask) != want || lead0 == 0 || lead0 == 0xD || lead3 == 0 ||
                    lead3 == 0xD)
                    break;
            }
#endif
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else
            return i;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len) {
                *incomplete = true;
                return i;
            }
            unsigned char cc = s[i + k];
            if (cc < (k == 1 ? lo : 0x80) || cc > (k == 1 ? hi : 0xBF))
                return i;
        }
        i += need + 1;
    }
    return len;
}

static size_t utf8_valid_prefix(const unsigned char *s, size_t len, bool *incomplete)
{
    return utf8_prefix(s, len, incomplete, false);
}

/* ---- libcsv callbacks ---------------------------------------------------- */

/* The message for a used field holding a byte it must not hold (invalid
 * UTF-8, or NUL): its column, the byte, and the valid text before it. */
static sc_status bad_field_byte(const sc_csv *csv, size_t index, const char *data, size_t valid,
                                unsigned long long line, sc_error *err)
{
    char before[64], column[300];
    sc_text_excerpt(data, valid, before, sizeof before);
    if (csv->header && index < csv->ncols)
        snprintf(column, sizeof column, "column \"%s\"", csv->header[index]);
    else
        snprintf(column, sizeof column, "%s %zu", csv->header_pending ? "header field" : "field",
                 index + 1);
    char where[96] = " at the start of the field";
    if (valid > 0)
        snprintf(where, sizeof where, " after \"%s\"", before);
    const char *why = data[valid] == '\0'
                          ? "is not allowed in a field (is the file truncated or binary?)"
                      : csv->opts.encoding == SC_ENCODING_AUTO
                          ? "is not valid UTF-8 (the encoding was guessed from the first 256 KiB "
                            "of text; use --encoding to choose one)"
                          : "is not valid UTF-8";
    return sc_error_set(err, SC_EDATA, csv->name, line, "%s: byte 0x%02X%s%s %s", column,
                        (unsigned char)data[valid], data[valid] ? "" : " (NUL)", where, why);
}

/* How much of a field holds neither a NUL byte nor, in UTF-8, invalid
 * UTF-8: a NUL would cut the field short wherever it is read as a C string
 * (a zero-filled tail after a crash, "100\0999"), so it is refused in every
 * encoding; the first bad byte is the one named. */
static size_t field_valid_prefix(const sc_csv *csv, const char *data, size_t len)
{
    if (csv->enc == ENC_UTF8) {
        bool incomplete;
        return utf8_prefix((const unsigned char *)data, len, &incomplete, true);
    }
    const char *nul = memchr(data, '\0', len);
    return nul ? (size_t)(nul - data) : len;
}

/* Whether field `index` of the row being read is kept: a wanted one (every
 * field of the header), which unless wanted unchecked holds no NUL byte and,
 * in UTF-8, is valid UTF-8; such a byte is an error (csv->status). */
static bool field_checks_out(sc_csv *csv, size_t index, const char *data, size_t len)
{
    size_t valid = field_valid_prefix(csv, data, len);
    if (valid == len)
        return true;
    csv->status = bad_field_byte(csv, index, data, valid, csv->line, csv->err);
    return false;
}

/* small, so that the fast path inlines it: most fields are not wanted, or
 * wanted unchecked */
static inline bool take_field(sc_csv *csv, size_t index, const char *data, size_t len)
{
    if (csv->status != SC_OK)
        return false;
    /* whether a field beyond the limit is refused depends on where blocks
     * end (contract 6), which differs in chunks: one reader decides */
    if (len > SC_CSV_FIELD_MAX && csv->limit != UINT64_MAX)
        csv->inexact = true;
    if (csv->header_pending)
        ;
    else if (index >= csv->ncols || csv->want[index] == WANT_NO)
        return false;
    else if (csv->want[index] == WANT_UNCHECKED)
        return true;
    return field_checks_out(csv, index, data, len);
}

/* libcsv's field callback: a kept field is copied into the arena (which
 * may move as it grows: deliver_row makes the pointers). */
static void on_field(void *field, size_t len, void *opaque)
{
    sc_csv *csv = opaque;
    const char *data = field;
    size_t index = csv->nfields++;
    if (!take_field(csv, index, data, len))
        return;
    if (ensure_slots(csv, index + 1) != SC_OK ||
        grow((void **)&csv->arena, &csv->arena_cap, csv->arena_len + len + 1, 1) != 0) {
        set_error(csv, SC_ENOMEM, 0, "out of memory");
        return;
    }
    if (len)
        memcpy(csv->arena + csv->arena_len, data, len);
    csv->arena[csv->arena_len + len] = '\0';
    csv->offsets[index] = csv->arena_len;
    csv->lengths[index] = len;
    csv->arena_len += len + 1;
}

static sc_status take_header(sc_csv *csv)
{
    csv->ncols = csv->nfields;
    csv->header_pending = false;
    if (csv->opts.no_header) {
        csv->first_row_pending = true;
        return SC_OK;
    }
    csv->header = sc_calloc(csv->ncols, sizeof *csv->header);
    if (!csv->header)
        return SC_ENOMEM;
    for (size_t i = 0; i < csv->ncols; i++) {
        csv->header[i] = sc_strdup(csv->arena + csv->offsets[i]);
        if (!csv->header[i])
            return SC_ENOMEM;
    }
    return SC_OK;
}

static sc_status deliver_row(sc_csv *csv)
{
    if (!csv->fn) /* rows end at line ends, and opening stops at the header's */
        return sc_error_set(csv->err, SC_EINTERNAL, csv->name, csv->row_line,
                            "a data row ended while the header was read");
    csv->rows_read++;
    sc_csv_row row = {
        .line = csv->row_line,
        .nfields = csv->ncols,
        .fields = csv->fields,
        .lengths = csv->lengths,
    };
    if (csv->nfields != csv->ncols) {
        snprintf(csv->problem, sizeof csv->problem, "row has %zu field%s, the %s has %zu",
                 csv->nfields, csv->nfields == 1 ? "" : "s",
                 csv->opts.no_header ? "first row" : "header", csv->ncols);
        if (!csv->opts.skip_ragged)
            return sc_error_set(csv->err, SC_EDATA, csv->name, csv->row_line, "%s", csv->problem);
        row.problem = csv->problem;
        for (size_t i = 0; i < csv->ncols; i++)
            csv->fields[i] = NULL;
        return csv->fn(csv->ctx, &row, csv->err);
    }
    if (!csv->in_place)
        for (size_t i = 0; i < csv->ncols; i++)
            csv->fields[i] = csv->want[i] ? csv->arena + csv->offsets[i] : NULL;
    return csv->fn(csv->ctx, &row, csv->err);
}

static void on_row(int term, void *opaque)
{
    (void)term;
    sc_csv *csv = opaque;
    if (csv->status == SC_OK) {
        sc_status s = csv->header_pending ? take_header(csv) : deliver_row(csv);
        if (s == SC_ENOMEM)
            set_error(csv, s, 0, "out of memory");
        else if (s != SC_OK)
            csv->status = s; /* the message is already in csv->err */
    }
    if (!csv->first_row_pending) {
        csv->nfields = 0;
        csv->arena_len = 0;
    }
    csv->in_place = false;
}

/* ---- feeding libcsv -------------------------------------------------------- */

static sc_status parse_error(sc_csv *csv)
{
    size_t index = csv->nfields;
    char value[64];
    sc_text_excerpt((const char *)csv->parser.entry_buf, csv->parser.entry_pos, value, sizeof value);
    if (csv->header && index < csv->ncols)
        return sc_error_set(csv->err, SC_EDATA, csv->name, csv->line,
                            "column \"%s\": malformed quoting after \"%s\" (a quote inside an "
                            "unquoted field, or text after a closing quote)",
                            csv->header[index], value);
    return sc_error_set(csv->err, SC_EDATA, csv->name, csv->line,
                        "field %zu: malformed quoting after \"%s\" (a quote inside an unquoted "
                        "field, or text after a closing quote)",
                        index + 1, value);
}

/* Whether libcsv is between rows (in its state after csv_init). */
static bool between_rows(const sc_csv *csv)
{
    return csv->parser.pstate == csv->parser_idle && csv->parser.entry_pos == 0;
}

/* The fast path: one whole line that holds no quote, met between rows, is
 * split here instead of by libcsv, with libcsv's rules for such a line
 * (csv_parse in strict mode with our term and space functions):
 *  - a line of nothing but spaces (space, tab, and the CR or LF that is not
 *    the line end; never the delimiter) is no row;
 *  - otherwise the fields are the text between delimiters, each trimmed of
 *    those spaces at both ends, handed to on_field in order, then on_row.
 * Only the wanted fields are trimmed and checked (on_field); the others are
 * counted.  tests/fuzz/fuzz_csv_paths.c holds both paths to the same rows
 * and errors. */
static bool is_fast_space(const sc_csv *csv, unsigned char c)
{
    /* most bytes are above the space: one comparison */
    return c <= ' ' && (c == ' ' || c == '\t' || c == (csv->eol == '\n' ? '\r' : '\n')) &&
           c != csv->delim;
}

/* The delimiters of one line, in order: where SSE2 is (every x86-64), the
 * positions of the delimiter in 16 bytes at a time, as a bit mask, taken
 * one by one; elsewhere memchr.  Loads stay inside [start, end). */
typedef struct delim_scan {
    const unsigned char *base, *end; /* the 16 bytes of `mask` start at base */
    unsigned mask;
    unsigned char delim;
} delim_scan;

static void delim_scan_start(delim_scan *d, const unsigned char *start, const unsigned char *end,
                             unsigned char delim)
{
    *d = (delim_scan){.base = start, .end = end, .mask = 0, .delim = delim};
#if defined(__SSE2__)
    if (end - start >= 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)start);
        d->mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8((char)delim)));
    } else
        d->base = NULL; /* a short line: memchr */
#else
    d->base = NULL;
#endif
}

/* The first delimiter at or after `from` (the last one's successor, or
 * the line's start), or the line end. */
static inline const unsigned char *next_delim(delim_scan *d, const unsigned char *from)
{
#if defined(__SSE2__)
    if (d->base) {
        while (d->mask == 0) {
            d->base += 16;
            if (d->end - d->base < 16) { /* the tail, fewer than 16 bytes */
                const unsigned char *p = d->base > from ? d->base : from;
                const unsigned char *hit = memchr(p, d->delim, (size_t)(d->end - p));
                d->base = NULL;
                return hit ? hit : d->end;
            }
            __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)d->base);
            d->mask = (unsigned)_mm_movemask_epi8(
                _mm_cmpeq_epi8(bytes, _mm_set1_epi8((char)d->delim)));
        }
        const unsigned char *hit = d->base + __builtin_ctz(d->mask);
        d->mask &= d->mask - 1;
        return hit;
    }
#endif
    const unsigned char *hit = memchr(from, d->delim, (size_t)(d->end - from));
    return hit ? hit : d->end;
}

static sc_status fast_row(sc_csv *csv, unsigned char *s, size_t len)
{
    unsigned char *end = s + len - 1; /* the line end */
    unsigned char *p = s;
    while (p < end && is_fast_space(csv, *p))
        p++;
    if (p == end)
        return SC_OK; /* a blank line: libcsv skips it */
    unsigned char *field = s;
    size_t index = 0;
    delim_scan scan;
    delim_scan_start(&scan, s, end, (unsigned char)csv->delim);
    for (;;) {
        unsigned char *stop = (unsigned char *)next_delim(&scan, field);
        if (index < csv->ncols && csv->want[index]) {
            unsigned char *a = field, *b = stop;
            while (a < b && is_fast_space(csv, *a))
                a++;
            while (b > a && is_fast_space(csv, b[-1]))
                b--;
            if (take_field(csv, index, (const char *)a, (size_t)(b - a))) {
                *b = '\0'; /* a space, the delimiter or the line end, all passed */
                csv->fields[index] = (const char *)a;
                csv->lengths[index] = (size_t)(b - a);
            }
        } else {
            if (index < csv->ncols)
                csv->fields[index] = NULL;
            if ((size_t)(stop - field) > SC_CSV_FIELD_MAX && csv->limit != UINT64_MAX)
                csv->inexact = true;
        }
        index++;
        if (stop == end)
            break;
        field = stop + 1;
    }
    csv->nfields = index;
    csv->in_place = true;
    on_row(csv->eol, csv);
    return csv->status;
}

/* Parses whole lines or a part of one; `bytes` are the reader's own (its
 * block or its converted text), which the fast path may write into. */
static sc_status feed(sc_csv *csv, unsigned char *bytes, size_t len)
{
    if (csv->fast_path && csv->fn && !csv->header_pending && len > 0 &&
        bytes[len - 1] == csv->eol && between_rows(csv) &&
        !memchr(bytes, '"', len))
        return fast_row(csv, bytes, len);
    size_t used = csv_parse(&csv->parser, bytes, len, on_field, on_row, csv);
    if (csv->status != SC_OK)
        return csv->status;
    if (used != len)
        return csv_error(&csv->parser) == CSV_ENOMEM ? set_error(csv, SC_ENOMEM, 0, "out of memory")
                                                      : parse_error(csv);
    if (csv->parser.entry_pos > SC_CSV_FIELD_MAX) {
        size_t index = csv->nfields;
        if (csv->header && index < csv->ncols)
            return sc_error_set(csv->err, SC_EDATA, csv->name, csv->row_line,
                                "column \"%s\": field longer than %zu bytes", csv->header[index],
                                (size_t)SC_CSV_FIELD_MAX);
        return sc_error_set(csv->err, SC_EDATA, csv->name, csv->row_line,
                            "field %zu: longer than %zu bytes", index + 1,
                            (size_t)SC_CSV_FIELD_MAX);
    }
    return SC_OK;
}

static sc_status bad_byte(sc_csv *csv, const unsigned char *at, const char *encoding)
{
    return sc_error_set(csv->err, SC_EDATA, csv->name, csv->line,
                        "byte 0x%02X is not valid %s%s", *at, encoding,
                        csv->opts.encoding == SC_ENCODING_AUTO
                            ? " (the encoding was guessed from the first 256 KiB of text; "
                              "use --encoding to choose one)"
                            : "");
}

/* Feeds one line segment, converting GB18030 to UTF-8.  Returns in *consumed
 * how many bytes were used: all of them, except that a GB18030 segment ending
 * inside a multi-byte character (only possible when `partial`) leaves that
 * character for the next block. */
/* Whether a line of a file judged GB18030 by guess is UTF-8 text instead
 * (contract 4a): its bytes are valid UTF-8 with at least one multi-byte
 * character, and (unless `failed`: GB18030 could not read it anyway) read as
 * GB18030 they hold a character outside the GB2312 area, that is a two-byte
 * code with a byte below 0xA1 or a four-byte code.  UTF-8 Chinese read as
 * GB18030 gives such characters (浙江 becomes 娴欐睙, of which 欐 and 睙 are
 * GBK extensions), while GB18030 text that is also valid UTF-8 is rare and
 * would need, in addition, one of these rare characters. */
static bool line_is_utf8(const unsigned char *s, size_t len, bool failed)
{
    bool incomplete, multibyte = false;
    if (utf8_valid_prefix(s, len, &incomplete) != len)
        return false;
    for (size_t i = 0; i < len && !multibyte; i++)
        multibyte = s[i] >= 0xC0;
    if (!multibyte)
        return false;
    if (failed)
        return true;
    for (size_t i = 0; i < len;) {
        if (s[i] <= 0x80) {
            i++;
            continue;
        }
        if (i + 1 >= len)
            return false;
        if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39)
            return true; /* a four-byte code */
        if (s[i] < 0xA1 || s[i + 1] < 0xA1)
            return true;
        i += 2;
    }
    return false;
}

static sc_status mixed_encodings(sc_csv *csv, const unsigned char *s, size_t len)
{
    size_t first = 0;
    while (first < len && s[first] < 0x80)
        first++;
    while (len > first && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    char text[64];
    sc_text_excerpt((const char *)s + first, len - first, text, sizeof text);
    return sc_error_set(csv->err, SC_EDATA, csv->name, csv->line,
                        "this line is UTF-8 (\"%s\"), but the file was judged GB18030 from "
                        "line %llu: it mixes two encodings; save it in one (--encoding "
                        "gb18030 reads every line as GB18030)",
                        text, csv->judged_line);
}

/* The two-byte GB18030 codes (lead 0x81-0xFE, trail 0x40-0x7E or
 * 0x80-0xFE) as UTF-8, asked of iconv once per process (23,940 codes in a
 * millisecond).  An entry, indexed by the two bytes (lead << 8 | trail),
 * holds the UTF-8 bytes in order and their count in its last byte; the
 * count is 0 where iconv refuses the code and for every pair of bytes that
 * is not a two-byte code, so that the conversion looks at nothing else.
 * Most Chinese text is these codes; converting them by table instead of
 * through iconv's UCS-4 step makes a GB18030 file nearly as fast to read as
 * UTF-8.  Everything else (four-byte codes, the euro sign, bad bytes) still
 * goes through iconv, so its results and errors are iconv's. */
static unsigned char gb_two_byte[0x10000][4];
static pthread_once_t gb_two_byte_once = PTHREAD_ONCE_INIT;

static void gb_two_byte_build(void)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return; /* an empty table: every code through iconv */
    for (unsigned lead = 0x81; lead <= 0xFE; lead++)
        for (unsigned trail = 0x40; trail <= 0xFE; trail++) {
            if (trail == 0x7F)
                continue;
            char code[2] = {(char)lead, (char)trail}, utf8[8];
            char *in = code, *out = utf8;
            size_t inleft = 2, outleft = sizeof utf8;
            if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
                iconv(cd, NULL, NULL, NULL, NULL);
                continue;
            }
            size_t n = sizeof utf8 - outleft;
            unsigned char *entry = gb_two_byte[lead << 8 | trail];
            if (n > 0 && n <= 3) { /* a two-byte code is in the BMP: 3 bytes at most */
                memcpy(entry, utf8, n);
                entry[3] = (unsigned char)n;
            }
        }
    iconv_close(cd);
}

/* Converts s[0, len) by the table into out as far as it can: ASCII and
 * two-byte codes; returns the bytes of s used (the first byte it cannot
 * convert, or len) and in *written the bytes written.  out has room for 3
 * bytes per byte of s and 4 more: an entry is copied whole. */
static size_t gb_convert_fast(const unsigned char *s, size_t len, char *out, size_t *written)
{
    size_t i = 0, o = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            out[o++] = (char)c;
            i++;
            for (uint64_t word; i + 8 <= len; i += 8, o += 8) { /* an ASCII run */
                memcpy(&word, s + i, 8);
                if (word & UINT64_C(0x8080808080808080))
                    break;
                memcpy(out + o, &word, 8);
            }
            continue;
        }
        if (i + 1 >= len)
            break;
        const unsigned char *entry = gb_two_byte[(unsigned)c << 8 | s[i + 1]];
        if (!entry[3])
            break;
        memcpy(out + o, entry, 4);
        o += entry[3];
        i += 2;
    }
    *written = o;
    return i;
}

static sc_status emit(sc_csv *csv, unsigned char *s, size_t len, bool partial,
                      size_t *consumed)
{
    *consumed = len;
    if (csv->enc != ENC_GB18030)
        return feed(csv, s, len); /* UTF-8 is checked field by field, in on_field */
    bool guessed = csv->opts.encoding == SC_ENCODING_AUTO;
    if (guessed && line_is_utf8(s, len, false))
        return mixed_encodings(csv, s, len);
    /* GB18030 to UTF-8 at most triples the bytes: 0x80 (the euro sign) and
     * two-byte characters become three bytes, four-byte ones stay four */
    size_t need = 3 * len + 8;
    if (grow((void **)&csv->conv, &csv->conv_cap, need, 1) != 0)
        return set_error(csv, SC_ENOMEM, 0, "out of memory");
    pthread_once(&gb_two_byte_once, gb_two_byte_build);
    size_t written;
    size_t fast = gb_convert_fast(s, len, csv->conv, &written);
    char *in = (char *)s + fast;
    size_t inleft = len - fast;
    char *out = csv->conv + written;
    size_t outleft = csv->conv_cap - written;
    while (inleft > 0) {
        if (iconv(csv->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
            break;
        if (errno == EILSEQ && (unsigned char)*in == 0x80 && outleft >= 3) {
            /* code page 936's euro sign, which glibc's GB18030 rejects */
            memcpy(out, "\xE2\x82\xAC", 3);
            out += 3;
            outleft -= 3;
            in++;
            inleft--;
        } else if (errno == EINVAL && partial) {
            break;
        } else if (guessed && line_is_utf8(s, len, true)) {
            return mixed_encodings(csv, s, len);
        } else {
            return bad_byte(csv, (const unsigned char *)in, "GB18030");
        }
    }
    *consumed = len - inleft;
    return feed(csv, (unsigned char *)csv->conv, (size_t)(out - csv->conv));
}

/* A block judged UTF-8 (valid throughout) whose every multi-byte character
 * is a two-byte one of the form GB2312 gives its hanzi (lead 0xB0-0xF7,
 * trail 0xA1-0xFE): 太原 (CC AB D4 AD) and 930 more GB2312 characters are
 * also valid UTF-8 pairs, while Chinese text in UTF-8 has three-byte
 * characters.  Then csv->doubt says what GB18030 reads in the first run of
 * such bytes, for the tool to name --encoding (the guess stays UTF-8: a
 * short Latin-1 or Cyrillic text in UTF-8 looks the same). */
static void doubt_utf8(sc_csv *csv, size_t first, size_t len)
{
    const unsigned char *b = csv->buf;
    size_t pairs = 0;
    for (size_t i = first; i < len; i++) {
        if (b[i] < 0x80)
            continue;
        if (b[i] >= 0xE0 || b[i] < 0xB0 || i + 1 >= len || b[i + 1] < 0xA1)
            return;
        pairs++;
        i++;
    }
    if (pairs < 2) /* one accented letter (Café) is too little to doubt */
        return;
    size_t end = first;
    while (end < len && end - first < 16 && b[end] >= 0x80)
        end += 2;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return;
    char read_as[64];
    char *in = (char *)b + first, *out = read_as;
    size_t in_left = end - first, out_left = sizeof read_as - 1;
    size_t done = iconv(cd, &in, &in_left, &out, &out_left);
    iconv_close(cd);
    if (done == (size_t)-1)
        return;
    *out = '\0';
    snprintf(csv->doubt, sizeof csv->doubt, "%s", read_as);
}

const char *sc_csv_encoding_doubt(const sc_csv *csv)
{
    return csv->doubt[0] && csv->enc == ENC_UTF8 && csv->opts.encoding == SC_ENCODING_AUTO
               ? csv->doubt
               : NULL;
}

/* Decides the encoding from the first non-ASCII byte of buf[0, len) to its
 * end by a vote: read as UTF-8, how many multi-byte characters are valid and
 * how many byte sequences are not.  GB18030 text read as UTF-8 gives about
 * one valid character for three invalid sequences (measured on the bundled
 * datasets converted to GB18030), while a UTF-8 file with a stray byte or
 * two is overwhelmingly valid; so UTF-8 wins when its valid characters are
 * at least twice the invalid sequences.  A stray
 * byte in a UTF-8 file is then reported where it stands, if a used column
 * holds it, instead of turning every label into mojibake. */
static sc_status decide_encoding(sc_csv *csv, size_t len)
{
    size_t i = 0;
    while (i < len && csv->buf[i] < 0x80)
        i++;
    if (i == len)
        return SC_OK;
    size_t first = i;
    size_t valid = 0, invalid = 0;
    while (i < len) {
        bool incomplete;
        size_t ok = utf8_valid_prefix(csv->buf + i, len - i, &incomplete);
        for (size_t k = i; k < i + ok; k++)
            valid += csv->buf[k] >= 0xC0;
        i += ok;
        if (i == len || (incomplete && !csv->eof))
            break;
        invalid++;
        i++;
    }
    bool utf8 = valid > 0 && valid >= 2 * invalid;
    csv->enc = utf8 ? ENC_UTF8 : ENC_GB18030;
    if (utf8 && invalid == 0)
        doubt_utf8(csv, first, len);
    /* contract 9: one reader would have decided on the same block only in
     * the first chunk and on a block not cut short at the chunk's end */
    if (csv->borrowed || (csv->limit != UINT64_MAX && csv->buf_offset + csv->len >= csv->limit))
        csv->inexact = true;
    csv->judged_line = csv->line;
    for (size_t k = 0; k < first; k++)
        csv->judged_line += csv->buf[k] == csv->eol;
    if (!utf8) {
        csv->cd = iconv_open("UTF-8", "GB18030");
        if (csv->cd == (iconv_t)-1)
            return sc_error_set(csv->err, SC_EINTERNAL, csv->name, 0,
                                "iconv cannot convert from GB18030 on this system");
    }
    return SC_OK;
}


static int is_lf(unsigned char c) { return c == '\n'; }
static int is_cr(unsigned char c) { return c == '\r'; }
static int is_space_lf(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }
static int is_space_cr(unsigned char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Decides the line end (contract 3) from the first block of input (or the
 * whole input when shorter): CR when it holds a CR and no LF (old Mac OS
 * exports), otherwise LF (LF or CRLF).  Rows end at that byte only; the
 * other one is trimmed like a space around unquoted fields.  Returns false
 * while the block is not complete. */
static bool decide_line_end(sc_csv *csv)
{
    if (!csv->eof && csv->len < BLOCK_SIZE)
        return false;
    bool cr_only = !memchr(csv->buf, '\n', csv->len) && memchr(csv->buf, '\r', csv->len);
    csv->eol = cr_only ? '\r' : '\n';
    csv_set_term_func(&csv->parser, cr_only ? is_cr : is_lf);
    csv_set_space_func(&csv->parser, cr_only ? is_space_cr : is_space_lf);
    return true;
}

/* Reads until the buffer holds `target` bytes (at most its capacity), or to
 * the end of the input (or of the chunk), from the file or from memory. */
static sc_status fill(sc_csv *csv, size_t target)
{
    if (target < BLOCK_SIZE)
        target = BLOCK_SIZE;
    if (csv->buf_cap < target) {
        unsigned char *buf = sc_realloc(csv->buf, target);
        if (!buf)
            return sc_error_set(csv->err, SC_ENOMEM, NULL, 0, "out of memory");
        csv->buf = buf;
        csv->buf_cap = target;
    }
    if (csv->eof || csv->len >= target)
        return SC_OK;
    size_t want = target - csv->len;
    uint64_t left = csv->limit - (csv->buf_offset + csv->len);
    if (left < want)
        want = (size_t)left;
    size_t got = 0;
    if (want && csv->mem) { /* [mem_start, limit) is in memory */
        memcpy(csv->buf + csv->len, csv->mem + (csv->buf_offset + csv->len - csv->mem_start),
               want);
        got = want;
    } else if (want)
        got = fread(csv->buf + csv->len, 1, want, csv->fp);
    bool failed = got > 0 && sc_read_fails(); /* test builds: alloc.h */
    if (failed)
        got = 0, errno = EIO;
    csv->len += got;
    if (got == 0) {
        if (failed || (csv->fp && ferror(csv->fp)))
            return sc_error_set(csv->err, SC_EIO, csv->name, 0, "read error: %s",
                                strerror(errno));
        csv->eof = true;
    }
    return SC_OK;
}

/* How far pump goes: until the header row has been read, to the end of the
 * input, or through the whole lines it has (at least one block's), to a
 * point between rows (sc_csv_read_some). */
typedef enum { PUMP_HEADER, PUMP_ALL, PUMP_SOME } pump_mode;

/* Reads and feeds input as far as `mode` says. */
static sc_status pump(sc_csv *csv, pump_mode mode)
{
    bool stop_at_header = mode == PUMP_HEADER;
    for (;;) {
        if (stop_at_header && !csv->header_pending)
            return SC_OK;
        sc_status filled = fill(csv, BLOCK_SIZE);
        if (filled != SC_OK)
            return filled;
        if (!csv->bom_checked && (csv->len >= 3 || csv->eof)) {
            csv->bom_checked = true;
            if (csv->len >= 3 && memcmp(csv->buf, "\xEF\xBB\xBF", 3) == 0) {
                memmove(csv->buf, csv->buf + 3, csv->len - 3);
                csv->len -= 3;
                csv->buf_offset += 3;
                if (csv->enc == ENC_UNDECIDED)
                    csv->enc = ENC_UTF8;
            }
        }
        if (!csv->bom_checked)
            continue;
        if (!csv->eol && !decide_line_end(csv))
            continue;

        /* the part to process now: whole lines, or everything at the end of
         * input, or a full block holding part of one long line */
        size_t region = csv->len;
        bool partial_tail = false;
        if (!csv->eof) {
            const unsigned char *last = NULL;
            for (size_t i = csv->len; i > 0; i--)
                if (csv->buf[i - 1] == csv->eol) {
                    last = csv->buf + i - 1;
                    break;
                }
            if (last)
                region = (size_t)(last - csv->buf) + 1;
            else if (csv->len < BLOCK_SIZE)
                continue;
            else
                partial_tail = true;
        }
        if (csv->enc == ENC_UNDECIDED) {
            sc_status s = decide_encoding(csv, csv->len);
            if (s != SC_OK)
                return s;
        }

        size_t pos = 0;
        while (pos < region && !(stop_at_header && !csv->header_pending)) {
            unsigned char *start = csv->buf + pos;
            const unsigned char *nl = memchr(start, csv->eol, region - pos);
            size_t seg = nl ? (size_t)(nl - start) + 1 : region - pos;
            /* a row starts on the first line that begins between rows and is
             * not skipped: a blank line, or one of nothing but spaces, leaves
             * the parser between rows, so the next line is asked again */
            if (between_rows(csv))
                csv->row_line = csv->line;
            size_t used;
            sc_status s = emit(csv, start, seg, !nl && !csv->eof, &used);
            if (s != SC_OK)
                return s;
            pos += used;
            if (used < seg)
                break; /* an incomplete character waits for the next block */
            if (nl)
                csv->line++;
        }
        memmove(csv->buf, csv->buf + pos, csv->len - pos);
        csv->len -= pos;
        csv->buf_offset += pos;
        if (partial_tail && pos == 0 && csv->len >= BLOCK_SIZE)
            return sc_error_set(csv->err, SC_EINTERNAL, csv->name, csv->line,
                                "cannot make progress in a long line");
        if (csv->eof && csv->len == 0)
            break;
        if (csv->eof && pos == 0 && csv->len > 0)
            return bad_byte(csv, csv->buf, csv->enc == ENC_GB18030 ? "GB18030" : "UTF-8");
        if (mode == PUMP_SOME && pos > 0 && between_rows(csv))
            return SC_OK;
    }
    if (stop_at_header && !csv->header_pending)
        return SC_OK;
    csv->done = true;
    if (csv_fini(&csv->parser, on_field, on_row, csv) != 0 && csv->status == SC_OK) {
        if (csv_error(&csv->parser) == CSV_ENOMEM)
            return set_error(csv, SC_ENOMEM, 0, "out of memory");
        return sc_error_set(csv->err, SC_EDATA, csv->name, csv->row_line,
                            "quoted field opened in this row is not closed at end of file");
    }
    return csv->status;
}

/* ---- public API ------------------------------------------------------------ */

/* One registry row per encoding (rows: sc_registry_entry). */
static const sc_registry_entry encodings[] = {
    [SC_ENCODING_AUTO] = {.name = "auto",
                          .description = "UTF-8 when the text reads as UTF-8, else GB18030"},
    [SC_ENCODING_UTF8] = {.name = "utf-8", .aliases = "utf8", .description = "UTF-8",
                          .reference = "RFC 3629"},
    [SC_ENCODING_GB18030] = {.name = "gb18030",
                             .aliases = "gbk,gb2312,cp936",
                             .description = "GB18030, a superset of GBK and GB2312 (Excel and "
                                            "WPS on Chinese Windows)",
                             .reference = "GB 18030-2005"},
};

const sc_registry sc_encodings = {.what = "encoding", .rows = encodings,
                                  .count = sizeof encodings / sizeof encodings[0],
                                  .stride = sizeof encodings[0]};

sc_status sc_encoding_from_name(const char *name, sc_encoding *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_encodings, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_encoding)index;
    return status;
}

sc_status sc_csv_open_table(const char *path, const sc_csv_opts *opts, sc_csv **out,
                            sc_error *err)
{
    sc_csv_opts table = opts ? *opts : (sc_csv_opts){0};
    table.no_header = false;
    table.skip_ragged = false;
    return sc_csv_open(path, &table, out, err);
}

/* Standard input that is a regular file (`< file.csv`) is opened again
 * through /proc/self/fd/0 at the offset it is at: the reader then has a path
 * and can be split into chunks.  Standard input itself stays where it is
 * until the reader is closed, so that a reader opened before then reads the
 * same bytes again (contract 10); closing moves it to its end, as reading it
 * would have.  Anything else (a pipe, a terminal, a system without /proc, a
 * file opened for writing only) is read through stdin itself. */
static FILE *reopen_stdin(sc_csv *csv)
{
    static const char self[] = "/proc/self/fd/0";
    struct stat in, again;
    off_t at = ftello(stdin);
    int mode = fcntl(STDIN_FILENO, F_GETFL);
    if (at < 0 || mode < 0 || (mode & O_ACCMODE) == O_WRONLY ||
        fstat(STDIN_FILENO, &in) != 0 || !S_ISREG(in.st_mode))
        return stdin; /* opened for writing only: its read error, as before */
    FILE *fp = fopen(self, "rb");
    if (fp && fstat(fileno(fp), &again) == 0 && again.st_dev == in.st_dev &&
        again.st_ino == in.st_ino && fseeko(fp, at, SEEK_SET) == 0 &&
        (csv->path = sc_strdup(self))) {
        csv->buf_offset = (uint64_t)at;
        csv->reopened_stdin = true;
        return fp;
    }
    if (fp)
        fclose(fp);
    return stdin;
}

sc_status sc_csv_open(const char *path, const sc_csv_opts *opts, sc_csv **out, sc_error *err)
{
    *out = NULL;
    sc_csv *csv = sc_calloc(1, sizeof *csv);
    if (!csv)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    csv->opts = *opts;
    csv->err = err;
    csv->cd = (iconv_t)-1;
    csv->line = 1;
    csv->header_pending = true;
    bool is_stdin = strcmp(path, "-") == 0;
    snprintf(csv->name, sizeof csv->name, "%s", is_stdin ? "<stdin>" : path);
    csv->limit = UINT64_MAX;
    if (!is_stdin && !(csv->path = sc_strdup(path))) {
        sc_csv_close(csv);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    if (opts->encoding == SC_ENCODING_UTF8)
        csv->enc = ENC_UTF8;
    else if (opts->encoding == SC_ENCODING_GB18030) {
        csv->enc = ENC_GB18030;
        csv->cd = iconv_open("UTF-8", "GB18030");
        if (csv->cd == (iconv_t)-1) {
            sc_csv_close(csv);
            return sc_error_set(err, SC_EINTERNAL, NULL, 0,
                                "iconv cannot convert from GB18030 on this system");
        }
    }
    csv->fp = is_stdin ? reopen_stdin(csv) : fopen(path, "rb");
    if (!csv->fp) {
        sc_status s = sc_error_set(err, SC_ENOENT, csv->name, 0, "cannot open: %s", strerror(errno));
        sc_csv_close(csv);
        return s;
    }
    struct stat info;
    if (fstat(fileno(csv->fp), &info) == 0 && S_ISDIR(info.st_mode)) {
        sc_csv_close(csv);
        return sc_error_set(err, SC_ENOENT, path, 0, "cannot open: it is a directory");
    }
#ifdef F_SETPIPE_SZ
    /* a pipe of 1 MiB rather than 64 KiB: the writer and this reader then
     * take turns 16 times less often (a hint; refused, the pipe stays) */
    if (S_ISFIFO(info.st_mode))
        (void)fcntl(fileno(csv->fp), F_SETPIPE_SZ, 1024 * 1024);
#endif
    if (csv_init(&csv->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        sc_csv_close(csv);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    csv->parser_ready = true;
    csv->parser_idle = csv->parser.pstate;
    csv->delim = opts->delimiter ? opts->delimiter : ',';
    /* a delimiter that is a quote or a line end is libcsv's alone */
    csv->fast_path = !opts->reference_parser && csv->delim != '"' && csv->delim != '\n' &&
                     csv->delim != '\r';
    csv_set_delim(&csv->parser, csv->delim);
    csv_set_realloc_func(&csv->parser, sc_realloc); /* its field buffer: alloc.h */
    /* libcsv grows its field buffer by this much at a time, linearly: with its
     * default of 128 bytes a field of some megabytes takes quadratic time */
    csv_set_blk_size(&csv->parser, 1024 * 1024);
    /* Rows end at one byte only, LF (or CR in a file with CR line ends, see
     * decide_line_end), so that rows and lines are counted alike and a row
     * cannot end in the middle of a line (libcsv would end rows at both).
     * The CR of CRLF is then a trailing space of the last field, trimmed
     * like spaces and tabs around unquoted fields. */
    csv_set_term_func(&csv->parser, is_lf);
    csv_set_space_func(&csv->parser, is_space_lf);
    sc_status s = pump(csv, PUMP_HEADER);
    if (s == SC_OK && csv->header_pending)
        s = sc_error_set(err, SC_EDATA, csv->name, 0, "empty input: no header row");
    if (s != SC_OK) {
        sc_csv_close(csv);
        return s;
    }
    *out = csv;
    return SC_OK;
}

void sc_csv_close(sc_csv *csv)
{
    if (!csv)
        return;
    if (csv->fp && csv->fp != stdin)
        fclose(csv->fp);
    if (csv->reopened_stdin)
        (void)fseeko(stdin, 0, SEEK_END);
    if (csv->parser_ready)
        csv_free(&csv->parser);
    if (csv->cd != (iconv_t)-1)
        iconv_close(csv->cd);
    if (csv->header && !csv->borrowed)
        for (size_t i = 0; i < csv->ncols; i++)
            free(csv->header[i]);
    if (!csv->borrowed)
        free(csv->header);
    free(csv->path);
    free(csv->conv);
    free(csv->buf);
    free(csv->offsets);
    free(csv->lengths);
    free(csv->fields);
    free(csv->want);
    free(csv->arena);
    free(csv);
}

const char *sc_csv_name(const sc_csv *csv) { return csv->name; }
size_t sc_csv_columns(const sc_csv *csv) { return csv->ncols; }
uint64_t sc_csv_rows_read(const sc_csv *csv) { return csv->rows_read; }

const char *sc_csv_column_name(const sc_csv *csv, size_t col)
{
    return csv->header && col < csv->ncols ? csv->header[col] : NULL;
}

const char *sc_csv_encoding_name(const sc_csv *csv)
{
    switch (csv->enc) {
    case ENC_UTF8:
        return "UTF-8";
    case ENC_GB18030:
        return "GB18030";
    default:
        return "ASCII";
    }
}

sc_status sc_csv_find_column(const sc_csv *csv, const char *spec, size_t *col, sc_error *err)
{
    size_t found = SIZE_MAX;
    for (size_t i = 0; csv->header && i < csv->ncols; i++)
        if (strcmp(csv->header[i], spec) == 0) {
            if (found != SIZE_MAX)
                return sc_error_set(err, SC_EINVAL, csv->name, 0,
                                    "column \"%s\" appears more than once in the header; "
                                    "name it by number (%zu or %zu)",
                                    spec, found + 1, i + 1);
            found = i;
        }
    if (found == SIZE_MAX && spec[0] >= '1' && spec[0] <= '9' &&
        strspn(spec, "0123456789") == strlen(spec)) {
        errno = 0;
        unsigned long long number = strtoull(spec, NULL, 10);
        if (errno == 0 && number <= csv->ncols)
            found = (size_t)number - 1;
    }
    if (found != SIZE_MAX) {
        *col = found;
        return SC_OK;
    }
    if (!csv->header)
        return sc_error_set(err, SC_EINVAL, csv->name, 0,
                            "no column %s: without a header columns are numbers 1 to %zu", spec,
                            csv->ncols);
    char names[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < csv->ncols && used + 8 < sizeof names; i++) {
        int w = snprintf(names + used, sizeof names - used, "%s\"%s\"", i ? ", " : "",
                         csv->header[i]);
        if (w < 0 || (size_t)w >= sizeof names - used) {
            snprintf(names + used, sizeof names - used, ", ...");
            break;
        }
        used += (size_t)w;
    }
    /* one column whose name holds a tab or a semicolon: the wrong delimiter */
    const char *hint = "";
    if (csv->ncols == 1 && strchr(csv->header[0], '\t'))
        hint = " (the file looks tab-separated: use --delimiter tab)";
    else if (csv->ncols == 1 && strchr(csv->header[0], ';'))
        hint = " (the file looks semicolon-separated: use --delimiter ';')";
    return sc_error_set(err, SC_EINVAL, csv->name, 0, "no column \"%s\"; the header has %s%s", spec,
                        names, hint);
}

void sc_csv_want(sc_csv *csv, size_t col)
{
    if (col < csv->ncols && ensure_slots(csv, csv->ncols) == SC_OK)
        csv->want[col] = WANT_CHECKED;
}

void sc_csv_want_unchecked(sc_csv *csv, size_t col)
{
    if (col < csv->ncols && ensure_slots(csv, csv->ncols) == SC_OK && csv->want[col] == WANT_NO)
        csv->want[col] = WANT_UNCHECKED;
}

sc_status sc_csv_check_field(const sc_csv *csv, const sc_csv_row *row, size_t col, sc_error *err)
{
    if (col >= row->nfields || !row->fields[col])
        return SC_OK;
    size_t valid = field_valid_prefix(csv, row->fields[col], row->lengths[col]);
    if (valid == row->lengths[col])
        return SC_OK;
    return bad_field_byte(csv, col, row->fields[col], valid, row->line, err);
}

static sc_status read_rows(sc_csv *csv, sc_csv_row_fn fn, void *ctx, pump_mode mode,
                           sc_error *err)
{
    csv->fn = fn;
    csv->ctx = ctx;
    csv->err = err;
    if (ensure_slots(csv, csv->ncols) != SC_OK)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (csv->first_row_pending) {
        csv->first_row_pending = false;
        sc_status s = deliver_row(csv);
        csv->nfields = 0;
        csv->arena_len = 0;
        if (s != SC_OK)
            return s;
    }
    return csv->done ? csv->status : pump(csv, mode);
}

sc_status sc_csv_read(sc_csv *csv, sc_csv_row_fn fn, void *ctx, sc_error *err)
{
    return read_rows(csv, fn, ctx, PUMP_ALL, err);
}

sc_status sc_csv_read_some(sc_csv *csv, sc_csv_row_fn fn, void *ctx, bool *more, sc_error *err)
{
    sc_status s = read_rows(csv, fn, ctx, PUMP_SOME, err);
    *more = s == SC_OK && !csv->done;
    return s;
}

/* ---- parallel reading (contract 9) ----------------------------------------- */

/* How many bytes of w's eight equal c: a byte is zero in w ^ c·0x01…01
 * exactly when its high bit stays clear in ((x & 0x7F…) + 0x7F…) | x.  The
 * high bits, moved to each byte's low bit, are summed into the top byte by
 * one multiplication (at most 8: no carry), since without the POPCNT
 * instruction __builtin_popcountll is a call into libgcc. */
static unsigned bytes_equal(uint64_t w, unsigned char c)
{
    const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F), ones = UINT64_C(0x0101010101010101);
    uint64_t x = w ^ (ones * c);
    uint64_t nonzero = ((x & low7) + low7) | x;
    return (unsigned)((((~nonzero & ~low7) >> 7) * ones) >> 56);
}

enum { SCAN_BLOCK = 1 << 17 };

/* Adds the line ends and quotes of buf[0, n) to *eols and *quotes: where
 * SSE2 is, 16 bytes at a time, each match (-1) subtracted into a byte
 * counter, the counters summed by _mm_sad_epu8 before any can pass 255. */
static void count_eols_quotes(const unsigned char *buf, size_t n, unsigned char eol,
                              uint64_t *eols, uint64_t *quotes)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i want_eol = _mm_set1_epi8((char)eol), want_quote = _mm_set1_epi8('"'),
                  zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i in_eol = zero, in_quote = zero;
        for (int round = 0; round < 255 && i + 16 <= n; round++, i += 16) {
            __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
            in_eol = _mm_sub_epi8(in_eol, _mm_cmpeq_epi8(bytes, want_eol));
            in_quote = _mm_sub_epi8(in_quote, _mm_cmpeq_epi8(bytes, want_quote));
        }
        __m128i e = _mm_sad_epu8(in_eol, zero), q = _mm_sad_epu8(in_quote, zero);
        *eols += (uint64_t)_mm_cvtsi128_si32(e) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(e, 8));
        *quotes +=
            (uint64_t)_mm_cvtsi128_si32(q) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(q, 8));
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, buf + i, 8);
        *eols += bytes_equal(w, eol);
        *quotes += bytes_equal(w, '"');
    }
    for (; i < n; i++) {
        *eols += buf[i] == eol;
        *quotes += buf[i] == '"';
    }
}

/* One region of the file to count, [offset, offset + len). */
typedef struct count_job {
    int fd;
    uint64_t offset, len;
    unsigned char eol;
    uint64_t eols, quotes;
    bool failed;
} count_job;

/* The regions and how many are taken: each counting thread takes the next
 * until none is left. */
typedef struct count_queue {
    count_job *jobs;
    size_t n;
    size_t next;
} count_queue;

/* Counts line ends and quotes of the regions it takes, through a buffer of
 * its own (a mapping of the file would count in the resident memory). */
static void *count_regions(void *arg)
{
    count_queue *q = arg;
    unsigned char *buf = sc_malloc(SCAN_BLOCK);
    for (size_t k; (k = __atomic_fetch_add(&q->next, 1, __ATOMIC_RELAXED)) < q->n;) {
        count_job *job = &q->jobs[k];
        job->failed = !buf;
        for (uint64_t done = 0; !job->failed && done < job->len;) {
            size_t want = job->len - done < SCAN_BLOCK ? (size_t)(job->len - done) : SCAN_BLOCK;
            ssize_t got = pread(job->fd, buf, want, (off_t)(job->offset + done));
            if (got <= 0) {
                job->failed = true;
                break;
            }
            count_eols_quotes(buf, (size_t)got, job->eol, &job->eols, &job->quotes);
            done += (uint64_t)got;
        }
    }
    free(buf);
    return NULL;
}

/* The first line start in b[0, n) (just after a line end) where the quotes
 * before it are even, given their parity *parity at b[0]: its index, or 0
 * when there is none; *parity and *lines (the line ends passed) move on. */
static size_t scan_line_start(const unsigned char *b, size_t n, unsigned *parity,
                              unsigned char eol, uint64_t *lines)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i] == '"')
            *parity ^= 1;
        else if (b[i] == eol) {
            ++*lines;
            if (!*parity)
                return i + 1;
        }
    }
    return 0;
}

/* The first line start at or after `at` and before `stop` where the quotes
 * before it are even, given their parity at `at`; *lines counts the line
 * ends passed.  0 when there is none (or the file cannot be read). */
static uint64_t line_start_outside_quotes(int fd, uint64_t at, uint64_t stop, unsigned parity,
                                          unsigned char eol, uint64_t *lines)
{
    unsigned char buf[16384];
    while (at < stop) {
        size_t want = stop - at < sizeof buf ? (size_t)(stop - at) : sizeof buf;
        ssize_t got = pread(fd, buf, want, (off_t)at);
        if (got <= 0)
            return 0;
        size_t found = scan_line_start(buf, (size_t)got, &parity, eol, lines);
        if (found)
            return at + found;
        at += (uint64_t)got;
    }
    return 0;
}

sc_status sc_csv_split(sc_csv *csv, size_t max, uint64_t min_bytes, size_t threads,
                       sc_csv_chunk *chunks, size_t *count, sc_error *err)
{
    (void)err;
    *count = 1;
    chunks[0] = (sc_csv_chunk){.start = csv->buf_offset, .end = UINT64_MAX, .line = csv->line};
    struct stat info;
    if (max < 2 || !csv->path || csv->opts.as_stream || csv->borrowed || csv->header_pending ||
        csv->status != SC_OK || !between_rows(csv) || csv->delim == '"' ||
        fstat(fileno(csv->fp), &info) != 0 || !S_ISREG(info.st_mode) ||
        (uint64_t)info.st_size <= csv->buf_offset)
        return SC_OK;
    uint64_t size = (uint64_t)info.st_size, start = csv->buf_offset, total = size - start;
    if (max > SC_CSV_CHUNKS_MAX)
        max = SC_CSV_CHUNKS_MAX;
    if (min_bytes == 0)
        min_bytes = 1;
    size_t n = max;
    while (n > 1 && total / n < min_bytes)
        n--;
    if (n < 2)
        return SC_OK;
    int fd = fileno(csv->fp);

    /* the quote-parity pass: lines and quotes of n equal regions, counted
     * by up to `threads` threads */
    count_job jobs[SC_CSV_CHUNKS_MAX];
    uint64_t region[SC_CSV_CHUNKS_MAX + 1];
    for (size_t k = 0; k <= n; k++)
        region[k] = k == n ? size : start + total / n * k;
    for (size_t k = 0; k < n; k++)
        jobs[k] = (count_job){.fd = fd, .offset = region[k], .len = region[k + 1] - region[k],
                              .eol = csv->eol};
    count_queue queue = {.jobs = jobs, .n = n};
    pthread_t helpers[SC_CSV_CHUNKS_MAX];
    size_t started = 0;
    while (started + 1 < threads && started + 1 < n &&
           pthread_create(&helpers[started], NULL, count_regions, &queue) == 0)
        started++;
    count_regions(&queue); /* this thread too, until every region is taken */
    for (size_t t = 0; t < started; t++)
        pthread_join(helpers[t], NULL);
    bool failed = false;
    for (size_t k = 0; k < n; k++)
        failed = failed || jobs[k].failed;
    if (failed)
        return SC_OK; /* one reader, which reports what it meets */

    /* a chunk begins after the first line end at or after its region's
     * start where the quotes before it are even: outside every quoted field
     * (in a file libcsv reads without error, a quote opens or closes a
     * quoted field or is one of a doubled pair) */
    size_t m = 0;
    uint64_t lines = 0, quotes = 0;
    for (size_t k = 1; k < n; k++) {
        lines += jobs[k - 1].eols;
        quotes += jobs[k - 1].quotes;
        uint64_t line = lines;
        uint64_t boundary = line_start_outside_quotes(fd, region[k], region[k + 1],
                                                      (unsigned)(quotes & 1), csv->eol, &line);
        if (!boundary || boundary >= size)
            break; /* a quoted field as long as a region: fewer chunks */
        chunks[m].end = boundary;
        chunks[++m] = (sc_csv_chunk){.start = boundary, .end = UINT64_MAX,
                                     .line = csv->line + line};
    }
    chunks[m].end = size;
    *count = m + 1;
    if (*count > 1) {
        csv->limit = chunks[0].end;
        if (csv->buf_offset + csv->len > csv->limit)
            csv->len = (size_t)(csv->limit - csv->buf_offset);
    }
    return SC_OK;
}

sc_status sc_csv_open_chunk(const sc_csv *first, const sc_csv_chunk *chunk, sc_csv **out,
                            sc_error *err)
{
    *out = NULL;
    sc_csv *csv = sc_calloc(1, sizeof *csv);
    if (!csv)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    csv->borrowed = true;
    csv->opts = first->opts;
    csv->err = err;
    memcpy(csv->name, first->name, sizeof csv->name);
    csv->enc = first->enc;
    csv->cd = (iconv_t)-1;
    csv->judged_line = first->judged_line;
    csv->eol = first->eol;
    csv->bom_checked = true;
    csv->ncols = first->ncols;
    csv->header = first->header;
    csv->line = csv->row_line = chunk->line;
    csv->buf_offset = chunk->start;
    csv->limit = chunk->end;
    csv->delim = first->delim;
    csv->fast_path = first->fast_path;
    sc_status s = SC_OK;
    csv->mem = chunk->bytes;
    csv->mem_start = chunk->start;
    /* its block is made when it is first read (pump), on the thread that
       reads it, which then makes the next chunk's of the same memory */
    if ((!csv->mem && (!first->path || !(csv->path = sc_strdup(first->path)))) ||
        ensure_slots(csv, csv->ncols) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK) {
        for (size_t i = 0; i < csv->ncols; i++)
            csv->want[i] = first->want[i];
        if (csv->enc == ENC_GB18030 && (csv->cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
            s = sc_error_set(err, SC_EINTERNAL, csv->name, 0,
                             "iconv cannot convert from GB18030 on this system");
    }
    if (s == SC_OK && !csv->mem &&
        (!(csv->fp = fopen(csv->path, "rb")) || fseeko(csv->fp, (off_t)chunk->start, SEEK_SET) != 0))
        s = sc_error_set(err, SC_ENOENT, csv->name, 0, "cannot open: %s", strerror(errno));
    if (s == SC_OK && csv_init(&csv->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s != SC_OK) {
        sc_csv_close(csv);
        return s;
    }
    csv->parser_ready = true;
    csv->parser_idle = csv->parser.pstate;
    csv_set_delim(&csv->parser, csv->delim);
    csv_set_realloc_func(&csv->parser, sc_realloc); /* its field buffer: alloc.h */
    csv_set_blk_size(&csv->parser, 1024 * 1024);
    bool cr_only = csv->eol == '\r';
    csv_set_term_func(&csv->parser, cr_only ? is_cr : is_lf);
    csv_set_space_func(&csv->parser, cr_only ? is_space_cr : is_space_lf);
    *out = csv;
    return SC_OK;
}

/* Whether b[0, n) is ASCII throughout. */
static bool all_ascii(const unsigned char *b, size_t n)
{
    uint64_t high = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        high |= w;
    }
    for (; i < n; i++)
        high |= b[i];
    return (high & UINT64_C(0x8080808080808080)) == 0;
}

sc_status sc_csv_window(sc_csv *csv, size_t window, size_t max, size_t min_bytes,
                        sc_csv_chunk *chunks, size_t *count, sc_error *err)
{
    *count = 0;
    csv->err = err;
    csv->window_end = 0;
    if (max > SC_CSV_CHUNKS_MAX)
        max = SC_CSV_CHUNKS_MAX;
    /* only where one reader's rows do not depend on where its blocks begin:
       the header read, between rows, the encoding decided (or see below) */
    if (max < 2 || window == 0 || (csv->path && !csv->opts.as_stream) || csv->borrowed ||
        csv->header_pending || csv->first_row_pending || csv->done || csv->status != SC_OK ||
        !between_rows(csv) || csv->delim == '"' || !csv->eol)
        return SC_OK;
    /* the encoding still to decide (ASCII so far): the window is the block
       one reader reads next, ASCII throughout, so that no reader decides */
    bool undecided = csv->enc == ENC_UNDECIDED;
    sc_status s = fill(csv, undecided ? BLOCK_SIZE : window);
    if (s != SC_OK)
        return s;
    size_t len = undecided || csv->len < window ? csv->len : window;
    if (undecided && (csv->len > BLOCK_SIZE || !all_ascii(csv->buf, len)))
        return SC_OK;

    /* the window ends after its last line end outside quotes: counted back
       from the parity of all its quotes */
    uint64_t quotes = 0, eols = 0;
    count_eols_quotes(csv->buf, len, csv->eol, &eols, &quotes);
    unsigned parity = (unsigned)(quotes & 1);
    size_t end = len;
    for (; end > 0; end--) {
        unsigned char c = csv->buf[end - 1];
        if (c == csv->eol && !parity)
            break;
        if (c == '"')
            parity ^= 1;
    }
    if (end == 0)
        return SC_OK; /* a quoted field as long as the window: one reader */
    if (undecided) { /* cut where one reader's block ends: at its last line end */
        const unsigned char *last = memrchr(csv->buf, csv->eol, len);
        if (!last || (size_t)(last - csv->buf) + 1 != end)
            return SC_OK;
        if (min_bytes > BLOCK_SIZE / 8)
            min_bytes = BLOCK_SIZE / 8;
    }
    if (min_bytes == 0)
        min_bytes = 1;
    while (max > 1 && end / max < min_bytes)
        max--;

    /* `max` regions of about equal size, a chunk beginning at the first
       line start outside quotes at or after each region's start */
    size_t m = 0, at = 0; /* [0, at) counted: its line ends and quotes */
    uint64_t lines = 0;
    quotes = 0;
    chunks[0] = (sc_csv_chunk){.start = csv->buf_offset, .line = csv->line, .bytes = csv->buf};
    for (size_t k = 1; k < max; k++) {
        size_t region = end / max * k;
        if (region <= at)
            continue; /* the last chunk began beyond it */
        count_eols_quotes(csv->buf + at, region - at, csv->eol, &lines, &quotes);
        parity = (unsigned)(quotes & 1);
        uint64_t passed = 0;
        size_t found = scan_line_start(csv->buf + region, end - region, &parity, csv->eol, &passed);
        at = region;
        if (!found || region + found >= end)
            break;
        at += found;
        lines += passed;
        quotes = parity;
        chunks[m].end = csv->buf_offset + at;
        chunks[++m] = (sc_csv_chunk){.start = csv->buf_offset + at, .line = csv->line + lines,
                                     .bytes = csv->buf + at};
    }
    count_eols_quotes(csv->buf + at, end - at, csv->eol, &lines, &quotes);
    chunks[m].end = csv->buf_offset + end;
    *count = m + 1;
    csv->window_end = end;
    csv->window_lines = lines;
    return SC_OK;
}

void sc_csv_window_done(sc_csv *csv)
{
    size_t end = csv->window_end;
    memmove(csv->buf, csv->buf + end, csv->len - end);
    csv->len -= end;
    csv->buf_offset += end;
    csv->line += csv->window_lines;
    csv->row_line = csv->line;
    csv->window_end = 0;
}

bool sc_csv_exact(const sc_csv *csv) { return !csv->inexact; }
