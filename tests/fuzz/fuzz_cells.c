/* Fuzz target for the cells and values the input layer parses, each with an
 * oracle of its own (a model written here, not the library's code):
 *
 *   knob % 6 = 0  a count in --n (records.h contract 2): accepted exactly
 *                 when, between spaces and tabs, it is decimal digits of a
 *                 value up to SC_COUNT_MAX, and then counted as that value;
 *              1  a count in --pass with n = 1000: accepted exactly when it
 *                 is such a number up to 1000;
 *              2  a verdict in --result: pass when, between spaces and tabs,
 *                 it is one of sc_default_pass_values (ASCII case aside),
 *                 fail when one of sc_default_fail_values, else refused;
 *              3  a period (period.h): when it parses, it is valid, and its
 *                 English and Chinese forms parse back to it; every
 *                 granularity, roll-up, step and ordinal keeps it valid or
 *                 is refused;
 *              4  --where (sc_where_parse): when it parses, COLUMN, the
 *                 operator and VALUE written again are the text;
 *              5  a value of --value and a printed rate with --n: whatever
 *                 the result, no crash, and a derived count is at most n.
 *
 * The cell is written into a small CSV file as one quoted field (quotes
 * doubled), read as UTF-8; the oracle applies when the cell holds valid
 * UTF-8 with no control byte but the tab (what a quoted field carries
 * unchanged).  A difference aborts.  Built like fuzz_records.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "spotcheck/groups.h"
#include "spotcheck/period.h"
#include "spotcheck/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CELL_MAX 256

static void failed(const char *what, const char *cell)
{
    fprintf(stderr, "fuzz_cells: %s\n  cell: \"%s\"\n", what, cell);
    abort();
}

/* Valid UTF-8 (RFC 3629) with no control character but the tab. */
static bool plain_text(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char b = s[i];
        if (b < 0x80) {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
                return false;
            i++;
            continue;
        }
        size_t n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
                                            : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > len)
            return false;
        uint32_t cp = b & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F))
            return false;
        i += n;
    }
    return true;
}

/* The cell between spaces and tabs. */
static void trim(const char *cell, const char **start, size_t *len)
{
    const char *s = cell;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *start = s;
    *len = n;
}

/* The model of a count: true with *value when the cell is one. */
static bool model_count(const char *cell, uint64_t *value)
{
    const char *s;
    size_t len;
    trim(cell, &s, &len);
    if (len == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned digit = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - digit) / 10)
            v = UINT64_MAX; /* too large for any count: refused below */
        else
            v = v * 10 + digit;
    }
    *value = v;
    return true;
}

static bool listed(const char *s, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == len && strncasecmp(*list, s, len) == 0)
            return true;
    return false;
}

/* A CSV file of a header and one row: `before`, the cell quoted, `after`. */
static bool write_file(char *path, const char *header, const char *before, const char *cell,
                       const char *after)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return false;
    }
    fprintf(f, "%s\n%s\"", header, before);
    for (const char *c = cell; *c; c++)
        fputs(*c == '"' ? "\"\"" : (char[]){*c, '\0'}, f);
    fprintf(f, "\"%s\n", after);
    if (fclose(f) != 0) {
        unlink(path);
        return false;
    }
    return true;
}

typedef struct outcome {
    sc_status status;
    size_t groups;
    uint64_t n, passed;
} outcome;

static outcome read_one(const char *path, const sc_input_spec *spec)
{
    outcome o = {SC_ENOMEM, 0, 0, 0};
    sc_groups *groups = sc_groups_new(spec->nkeys);
    if (!groups)
        return o;
    sc_read_stats stats = {0};
    sc_error err;
    sc_error_clear(&err);
    const char *paths[] = {path};
    o.status = sc_records_read(spec, paths, 1, groups, &stats, &err);
    o.groups = sc_groups_count(groups);
    if (o.status == SC_OK && o.groups == 1) {
        o.n = sc_groups_n(groups, 0);
        o.passed = sc_groups_passed(groups, 0);
    }
    sc_groups_free(groups);
    return o;
}

static void check_count(const char *cell, bool in_n, bool oracle)
{
    char path[] = "/tmp/sc_fuzz_cells_XXXXXX";
    static const char *const keys[] = {"id"};
    sc_input_spec spec = {.csv = {.encoding = SC_ENCODING_UTF8}, .n = "n", .pass = "pass",
                          .keys = keys, .nkeys = 1};
    if (!write_file(path, "id,n,pass", in_n ? "a," : "a,1000,", cell, in_n ? ",0" : ""))
        return;
    outcome o = read_one(path, &spec);
    unlink(path);
    if (!oracle || o.status == SC_ENOMEM)
        return;
    uint64_t value;
    bool count = model_count(cell, &value);
    uint64_t most = in_n ? SC_COUNT_MAX : 1000;
    if (count && value <= most) {
        if (o.status != SC_OK || o.groups != 1)
            failed("a count is refused", cell);
        if ((in_n ? o.n : o.passed) != value)
            failed("a count is read as another number", cell);
    } else if (o.status == SC_OK) {
        failed("what is no count (or too large a one) is accepted", cell);
    }
}

static void check_verdict(const char *cell, bool oracle)
{
    char path[] = "/tmp/sc_fuzz_cells_XXXXXX";
    static const char *const keys[] = {"id"};
    sc_input_spec spec = {.csv = {.encoding = SC_ENCODING_UTF8}, .result = "result",
                          .keys = keys, .nkeys = 1};
    if (!write_file(path, "id,result", "a,", cell, ""))
        return;
    outcome o = read_one(path, &spec);
    unlink(path);
    if (!oracle || o.status == SC_ENOMEM)
        return;
    const char *s;
    size_t len;
    trim(cell, &s, &len);
    bool pass = listed(s, len, sc_default_pass_values);
    bool fail = listed(s, len, sc_default_fail_values);
    if (pass || fail) {
        if (o.status != SC_OK || o.n != 1 || o.passed != (pass ? 1u : 0u))
            failed("a verdict is refused or read as the other one", cell);
    } else if (o.status == SC_OK) {
        failed("what is no verdict is accepted", cell);
    }
}

static void same_period(const sc_period *a, const sc_period *b, const char *cell,
                        const char *what)
{
    if (sc_period_compare(a, b) != 0 || a->kind != b->kind)
        failed(what, cell);
}

static void check_period(const char *text, size_t len)
{
    sc_period p;
    sc_error err;
    if (sc_period_parse(text, len, &p, &err) == SC_OK) {
        if (!sc_period_valid(&p))
            failed("an invalid period is accepted", text);
        for (int lang = SC_LANG_EN; lang <= SC_LANG_ZH; lang++) {
            char buf[SC_PERIOD_TEXT_MAX];
            sc_period again;
            if (sc_period_format(&p, (sc_lang)lang, buf, sizeof buf) != SC_OK)
                failed("a parsed period cannot be written", text);
            if (sc_period_parse(buf, strlen(buf), &again, &err) != SC_OK)
                failed("a period written does not parse back", text);
            same_period(&p, &again, text, "a period written parses back to another");
        }
        int64_t ordinal = sc_period_ordinal(&p);
        sc_period back;
        if (sc_period_from_ordinal(p.kind, ordinal, &back) != SC_OK)
            failed("a period's ordinal has no period", text);
        same_period(&p, &back, text, "a period's ordinal gives another period");
        static const int64_t steps[] = {-1, 1, -400, 400, INT64_MIN / 2, INT64_MAX / 2};
        for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
            sc_period moved;
            if (sc_period_add(&p, steps[i], &moved) == SC_OK && !sc_period_valid(&moved))
                failed("a period moved is invalid", text);
        }
        sc_period before;
        if (sc_period_previous(&p, &before) == SC_OK && !sc_period_valid(&before))
            failed("the previous period is invalid", text);
        if (sc_period_year_ago(&p, &before) == SC_OK && !sc_period_valid(&before))
            failed("the period a year ago is invalid", text);
        for (int kind = SC_PERIOD_YEAR; kind < SC_PERIOD_KIND_COUNT; kind++) {
            sc_period up;
            if (sc_period_roll_up(&p, (sc_period_kind)kind, &up) == SC_OK &&
                (!sc_period_valid(&up) || sc_period_compare(&up, &p) > 0))
                failed("a period rolled up is invalid or later", text);
            if (sc_period_last_within(&p, (sc_period_kind)kind, &up) == SC_OK &&
                !sc_period_valid(&up))
                failed("the last period within is invalid", text);
        }
        (void)sc_period_mid_year(&p);
    }
    for (int per = SC_PERIOD_NONE; per < SC_PERIOD_KIND_COUNT; per++) {
        sc_period q;
        if (sc_period_parse_per(text, len, (sc_period_kind)per, &q, &err) == SC_OK &&
            (!sc_period_valid(&q) || (per != SC_PERIOD_NONE && q.kind != per)))
            failed("a period read for a granularity is invalid or of another one", text);
    }
}

static void check_where(const char *text)
{
    sc_where where;
    sc_error err;
    if (sc_where_parse(text, &where, &err) != SC_OK)
        return;
    size_t len = strlen(where.column) + strlen(where.value) + 3;
    char *again = malloc(len);
    if (!again)
        abort();
    snprintf(again, len, "%s%s%s", where.column, where.negate ? "!=" : "=", where.value);
    if (strcmp(again, text) != 0 || !where.column[0])
        failed("--where written again is not the text", text);
    free(again);
    sc_where_clear(&where);
}

static void check_value_and_printed(const char *cell)
{
    char path[] = "/tmp/sc_fuzz_cells_XXXXXX";
    static const char *const keys[] = {"id"};
    sc_input_spec value = {.value = "v", .keys = keys, .nkeys = 1};
    if (write_file(path, "id,v", "a,", cell, "")) {
        (void)read_one(path, &value);
        unlink(path);
    }
    char path2[] = "/tmp/sc_fuzz_cells_XXXXXX";
    sc_input_spec printed = {.n = "n", .printed_rate = "rate", .keys = keys, .nkeys = 1};
    if (write_file(path2, "id,n,rate", "a,1000,", cell, "")) {
        outcome o = read_one(path2, &printed);
        unlink(path2);
        if (o.status == SC_OK && (o.n != 1000 || o.passed > 1000))
            failed("a printed rate gives a count beyond n", cell);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static char cell[CELL_MAX + 1];
    size_t len = size - 1 < CELL_MAX ? size - 1 : CELL_MAX;
    memcpy(cell, data + 1, len);
    cell[len] = '\0';
    size_t text_len = strlen(cell); /* up to a NUL: what a C string carries */
    bool oracle = plain_text((const unsigned char *)cell, text_len);
    switch (data[0] % 6) {
    case 0:
        check_count(cell, true, oracle);
        break;
    case 1:
        check_count(cell, false, oracle);
        break;
    case 2:
        check_verdict(cell, oracle);
        break;
    case 3:
        check_period(cell, len); /* NULs included: the length is given */
        break;
    case 4:
        check_where(cell);
        break;
    default:
        check_value_and_printed(cell);
        break;
    }
    return 0;
}

#include "replay.h"
