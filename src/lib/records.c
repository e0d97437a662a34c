/* spotcheck — turning CSV rows into counted observations.  Contract in
 * spotcheck/records.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "decimal.h"
#include "groups_internal.h"
#include "spotcheck/records.h"
#include "text.h"

const char *const sc_default_pass_values[] = {
    "合格", "所检项目未发现不合格", "pass", "passed", "qualified", "ok", "yes", "y", "true", "1", "是",
    NULL};
const char *const sc_default_fail_values[] = {
    "不合格", "fail", "failed", "unqualified", "ng", "no", "n", "false", "0", "否", NULL};

/* Labels of total rows, compared without spaces and ignoring ASCII case
 * (docs/decisions.md, Input). */
static const char *const total_labels[] = {"合计", "总计", "小计", "共计", "全部", "总体",
                                           "total", "subtotal", "grandtotal", "all", NULL};

/* Whether text may be a total label: a quick test, since most cells are
 * not totals.  An ASCII label starts with t, s, g or a in either case; a
 * Chinese one is two characters, the first 合 总 小 共 全 (E5 90 88,
 * E6 80 BB, E5 B0 8F, E5 85 B1, E5 85 A8), the second 计 部 体 (E8 AE A1,
 * E9 83 A8, E4 BD 93), with spaces (and U+3000, E3 80 80) around them. */
static bool may_be_total(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0, chars = 0;
    while (i < len) {
        if (u[i] == ' ' || u[i] == '\t') {
            i++;
            continue;
        }
        if (len - i >= 3 && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
            i += 3;
            continue;
        }
        if (chars == 0 && u[i] < 0x80) {
            unsigned char c = u[i] | 0x20;
            return c == 't' || c == 's' || c == 'g' || c == 'a';
        }
        if (len - i < 3 || chars == 2)
            return false;
        unsigned a = u[i], b = u[i + 1], c = u[i + 2];
        bool ok = chars == 0 ? (a == 0xE5 && ((b == 0x90 && c == 0x88) || (b == 0xB0 && c == 0x8F) ||
                                              (b == 0x85 && (c == 0xB1 || c == 0xA8)))) ||
                                   (a == 0xE6 && b == 0x80 && c == 0xBB)
                             : (a == 0xE8 && b == 0xAE && c == 0xA1) ||
                                   (a == 0xE9 && b == 0x83 && c == 0xA8) ||
                                   (a == 0xE4 && b == 0xBD && c == 0x93);
        if (!ok)
            return false;
        chars++;
        i += 3;
    }
    return chars == 2;
}

const char *sc_total_label(const char *text, size_t len)
{
    if (!may_be_total(text, len))
        return NULL;
    char squeezed[32];
    size_t used = 0;
    for (size_t i = 0; i < len;) {
        if (text[i] == ' ' || text[i] == '\t') {
            i++;
            continue;
        }
        if (len - i >= 3 && memcmp(text + i, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
            i += 3;
            continue;
        }
        if (used + 1 >= sizeof squeezed)
            return NULL; /* longer than any label */
        squeezed[used++] = text[i++];
    }
    squeezed[used] = '\0';
    for (const char *const *label = total_labels; *label; label++)
        if (strlen(*label) == used && strncasecmp(*label, squeezed, used) == 0)
            return *label;
    return NULL;
}

sc_status sc_where_parse(const char *text, sc_where *out, sc_error *err)
{
    *out = (sc_where){0};
    const char *ne = strstr(text, "!=");
    const char *eq = strchr(text, '=');
    const char *split = ne && ne < eq ? ne : eq;
    if (!split || split == text)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--where \"%s\": expected COLUMN=VALUE or COLUMN!=VALUE", text);
    out->negate = split == ne;
    out->column = sc_strndup(text, (size_t)(split - text));
    out->value = sc_strdup(split + (out->negate ? 2 : 1));
    if (!out->column || !out->value) {
        sc_where_clear(out);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    return SC_OK;
}

void sc_where_clear(sc_where *where)
{
    if (!where)
        return;
    free(where->column);
    free(where->value);
    where->column = where->value = NULL;
}

/* Line numbers, one per group (reading in chunks, contract 10). */
typedef struct first_lines {
    unsigned long long *line;
    size_t count, capacity;
} first_lines;

/* Reading in chunks, a thread's rows go to a segment: groups in the order
 * of the lines where they first appeared, merged with the other threads'
 * segments while the threads read (read_parts).  A segment looks its rows'
 * keys up until it has `probe` rows.  When nearly every one of those made a
 * group of its own (a batch number, say), its later rows are appended
 * unlooked (sc_groups_append): a lookup would mostly find nothing, after a
 * cache miss, and the merge adds an entry whose key it has met to that
 * key's group all the same.  Reading a million groups took 25-30 ms less
 * (of about 200, two threads). */
typedef struct segment {
    sc_groups *groups;
    first_lines first;
    size_t rows;  /* rows added, counted up to probe */
    size_t probe;
    bool append;  /* the rows are appended */
} segment;

/* The rows a segment looks up before it may take the rest unlooked: a
 * quarter of the groups it takes (SEGMENT_GROUPS), and a probe's rows are
 * "nearly all" groups of their own when fewer than one in 16 met a key
 * again.  (10,723 enterprises in 4096 rows make some 3,400 groups: 83%.) */
#define PROBE_SHARE 4
#define PROBE_DISTINCT(groups, rows) ((groups) * 16 >= (rows) * 15)

/* What the row callback needs: the spec resolved against one file. */
typedef struct reader {
    const sc_input_spec *spec;
    void *text_ctx; /* spec->text_ctx, or a chunk's fork of it (contract 10) */
    void *cell_ctx; /* spec->cell_ctx, or a chunk's fork of it (contract 11) */
    bool cell_refused; /* on_cell refused a row (contract 10: a chunk is not exact) */
    sc_csv *csv;
    sc_groups *groups;
    struct segment *seg; /* reading in chunks: the segment `groups` is */
    sc_read_stats *stats;
    size_t result_col, n_col, count_col; /* count_col: the passed or failed column */
    size_t fail_col;                     /* with both --pass and --fail: the failed column */
    size_t label_col;                    /* no keys and no period: column 1 (contract 5a) */
    bool check_label_col;
    bool *where_period;                  /* filter w is on the period column */
    sc_period *where_periods;            /* ... and its period */
    size_t value_col;
    size_t text_cols[SC_TEXTS_MAX]; /* contract 9 */
    size_t cell_col;                /* contract 11 */
    size_t *key_cols;
    size_t *where_cols;
    const char **key_parts;
    size_t *key_lens;
    /* the period column: the kind of its first period, and the last cell
     * parsed with its canonical text (cells repeat, so most rows hit it) */
    size_t period_col;
    sc_period first_period;
    bool have_first_period;
    sc_period *where_last; /* per filter on the period column: the latest period seen */
    bool *have_where_last;
    char cached_cell[64];
    size_t cached_len; /* 0: nothing cached */
    bool period_hit;   /* the row's period cell is the cached one */
    char period_text[SC_PERIOD_TEXT_MAX];
    size_t period_len; /* strlen(period_text) */
    /* --value (contract 10): the sum of the magnitudes of the values added,
     * whether one was not a whole number, and, in a chunk, the flag by which
     * the first chunk to meet one stops them all */
    double magnitude;
    bool fractional;
    bool *abandon;
} reader;

static bool in_list(const char *value, size_t len, const char *const *list)
{
    while (len > 0 && (*value == ' ' || *value == '\t'))
        value++, len--;
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
        len--;
    for (; *list; list++)
        if (strlen(*list) == len && strncasecmp(*list, value, len) == 0)
            return true;
    return false;
}

static sc_status bad_row(reader *r, const sc_csv_row *row, size_t col, sc_error *err,
                         const char *what)
{
    const char *name = sc_csv_column_name(r->csv, col);
    char column[300];
    if (name)
        snprintf(column, sizeof column, "column \"%s\"", name);
    else
        snprintf(column, sizeof column, "column %zu", col + 1);
    char value[64];
    sc_text_excerpt(row->fields[col], row->lengths[col], value, sizeof value);
    return sc_error_set(err, SC_EDATA, sc_csv_name(r->csv), row->line, "%s: \"%s\" %s", column,
                        value, what);
}

/* Whether the field has only spaces and tabs from `end` to its length. */
static bool rest_is_space(const sc_csv_row *row, size_t col, const char *end)
{
    const char *stop = row->fields[col] + row->lengths[col];
    while (end < stop && (*end == ' ' || *end == '\t'))
        end++;
    return end == stop;
}

/* A count, read within the field's length (contract 2). */
static sc_status parse_count(reader *r, const sc_csv_row *row, size_t col, uint64_t *out,
                             sc_error *err)
{
    const char *s = row->fields[col];
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s < '0' || *s > '9')
        return bad_row(r, row, col, err, "is not a count (a whole number, 0 or more)");
    errno = 0;
    char *end;
    unsigned long long value = strtoull(s, &end, 10);
    if (!rest_is_space(row, col, end))
        return bad_row(r, row, col, err, "is not a count (a whole number, 0 or more)");
    if (errno == ERANGE)
        return bad_row(r, row, col, err, "is too large a count");
    *out = (uint64_t)value;
    return SC_OK;
}

/* The value of a numeric series' row (contract 2a), read within the field's
 * length. */
static sc_status parse_value(reader *r, const sc_csv_row *row, double *out, sc_error *err)
{
    size_t col = r->value_col;
    const char *s = row->fields[col];
    size_t len = row->lengths[col];
    char *end;
    errno = 0;
    double value = strtod(s, &end);
    bool decimal = strspn(s, " \t+-0123456789.eE") == len;
    if (end == s || !rest_is_space(row, col, end) || !decimal || !isfinite(value) ||
        errno == ERANGE)
        return bad_row(r, row, col, err, "is not a number");
    if (value != 0 && !(fabs(value) >= SC_VALUE_MIN && fabs(value) <= SC_VALUE_MAX))
        return bad_row(r, row, col, err,
                       "is beyond the magnitudes 1e-150 to 1e150 that a trend can fit (its "
                       "sums of squares would overflow or vanish): rescale the column");
    *out = value;
    return SC_OK;
}

/* Contract 2b: the count of the printed rate in column r->count_col. */
static sc_status derive_count(reader *r, const sc_csv_row *row, uint64_t n, uint64_t *passed,
                              sc_error *err)
{
    size_t col = r->count_col;
    sc_printed rate;
    if (!sc_printed_parse(row->fields[col], row->lengths[col], &rate) || rate.negative)
        return bad_row(r, row, col, err, "is not a printed rate (95.3 or 95.3%)");
    const char *counted = r->spec->printed_fail ? "unqualified" : "passed";
    uint64_t first, last;
    char what[300];
    if (n == 0 || n >= SC_FRACTION_MAX) {
        snprintf(what, sizeof what, "gives no count of %llu batches", (unsigned long long)n);
        return bad_row(r, row, col, err, what);
    }
    if (!sc_decimal_ratio_range(n, rate.digits + 2, rate.mantissa, &first, &last)) {
        snprintf(what, sizeof what, "is the rate of no whole number of %s batches of %llu",
                 counted, (unsigned long long)n);
        return bad_row(r, row, col, err, what);
    }
    if (first != last) {
        snprintf(what, sizeof what,
                 "fits %llu to %llu %s batches of %llu, not one: give the count "
                 "(--pass or --fail), or --skip-bad",
                 (unsigned long long)first, (unsigned long long)last, counted,
                 (unsigned long long)n);
        return bad_row(r, row, col, err, what);
    }
    *passed = r->spec->printed_fail ? n - first : first;
    return SC_OK;
}

/* Works out n and passed of one row; SC_EDATA for a bad row. */
static sc_status observe(reader *r, const sc_csv_row *row, uint64_t *n, uint64_t *passed,
                         sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    if (spec->result) {
        size_t col = r->result_col;
        const char *const *pass = spec->pass_values ? spec->pass_values : sc_default_pass_values;
        const char *const *fail = spec->fail_values ? spec->fail_values : sc_default_fail_values;
        *n = 1;
        if (in_list(row->fields[col], row->lengths[col], pass))
            *passed = 1;
        else if (in_list(row->fields[col], row->lengths[col], fail))
            *passed = 0;
        else
            return bad_row(r, row, col, err, "is neither a pass nor a fail value");
        return SC_OK;
    }
    uint64_t count, failed = 0;
    sc_status s = parse_count(r, row, r->n_col, n, err);
    if (spec->printed_rate)
        return s == SC_OK ? derive_count(r, row, *n, passed, err) : s;
    if (s == SC_OK)
        s = parse_count(r, row, r->count_col, &count, err);
    if (s == SC_OK && spec->pass && spec->fail)
        s = parse_count(r, row, r->fail_col, &failed, err);
    if (s != SC_OK)
        return s;
    if (count > *n) {
        char what[128];
        snprintf(what, sizeof what, "is more than the %llu batches in column \"%s\"",
                 (unsigned long long)*n, spec->n);
        return bad_row(r, row, r->count_col, err, what);
    }
    if (spec->pass && spec->fail && failed != *n - count) {
        char what[600], sum[48] = "";
        if (failed <= UINT64_MAX - count)
            snprintf(sum, sizeof sum, " = %llu", (unsigned long long)(count + failed));
        snprintf(what, sizeof what,
                 "is not passed + failed: %llu (column \"%s\") + %llu (column \"%s\")%s",
                 (unsigned long long)count, spec->pass, (unsigned long long)failed, spec->fail,
                 sum);
        return bad_row(r, row, r->n_col, err, what);
    }
    *passed = spec->pass ? count : *n - count;
    return SC_OK;
}

/* Where key column k goes in the group key: after the period when the
 * period comes before it. */
static size_t key_part(const sc_input_spec *spec, size_t k)
{
    return spec->period && k >= spec->period_at ? k + 1 : k;
}

/* Parses the row's period into r->period_text (contract 6). */
static sc_status parse_period(reader *r, const sc_csv_row *row, sc_error *err)
{
    const char *cell = row->fields[r->period_col];
    size_t len = row->lengths[r->period_col];
    if (r->period_hit)
        return SC_OK;
    const char *name = sc_csv_column_name(r->csv, r->period_col);
    char column[300];
    if (name)
        snprintf(column, sizeof column, "column \"%s\"", name);
    else
        snprintf(column, sizeof column, "column %zu", r->period_col + 1);
    sc_period period;
    sc_error why;
    sc_error_clear(&why);
    if (sc_period_parse_per(cell, len, r->spec->per, &period, &why) != SC_OK)
        return sc_error_set(err, SC_EDATA, sc_csv_name(r->csv), row->line, "%s: %s", column,
                            why.message);
    if (!r->have_first_period) {
        r->first_period = period;
        r->have_first_period = true;
    } else if (period.kind != r->first_period.kind) {
        char first[SC_PERIOD_TEXT_MAX], value[64];
        sc_period_format(&r->first_period, SC_LANG_EN, first, sizeof first);
        sc_text_excerpt(cell, len, value, sizeof value);
        return sc_error_set(err, SC_EDATA, sc_csv_name(r->csv), row->line,
                            "%s: \"%s\" is a %s, but the column's first period is a %s (%s)",
                            column, value, sc_period_kind_get(period.kind)->noun,
                            sc_period_kind_get(r->first_period.kind)->noun, first);
    }
    sc_period_format(&period, SC_LANG_EN, r->period_text, sizeof r->period_text);
    r->period_len = strlen(r->period_text);
    r->cached_len = len < sizeof r->cached_cell ? len : 0;
    memcpy(r->cached_cell, cell, r->cached_len);
    return SC_OK;
}

/* Notes what a filter that has held for no row yet saw in this cell
 * (contract 3): a value equal but for ASCII case, the first distinct cells,
 * and on the period column the latest period. */
static void note_cell(reader *r, size_t w, const char *cell, size_t len, const sc_period *period)
{
    sc_where_stats *seen = &r->stats->where[w];
    const sc_where *where = &r->spec->where[w];
    char text[64];
    if (period) {
        if (!r->have_where_last[w] || sc_period_compare(period, &r->where_last[w]) > 0) {
            r->where_last[w] = *period;
            r->have_where_last[w] = true;
            sc_period_format(period, SC_LANG_EN, seen->last_period, sizeof seen->last_period);
        }
        sc_period_format(period, SC_LANG_EN, text, sizeof text);
    } else {
        sc_text_excerpt(cell, len, text, sizeof text);
        if (!seen->other_case[0] && !where->negate && strlen(where->value) == len &&
            strncasecmp(cell, where->value, len) == 0)
            snprintf(seen->other_case, sizeof seen->other_case, "%s", text);
        /* cells are NUL-free (csvin), so strstr sees all of them */
        if (!seen->similar[0] && !where->negate && len > 0 && where->value[0] &&
            (strstr(cell, where->value) || strstr(where->value, cell)))
            snprintf(seen->similar, sizeof seen->similar, "%s", text);
    }
    for (size_t i = 0; i < seen->nvalues; i++)
        if (strcmp(seen->values[i], text) == 0)
            return;
    if (seen->nvalues < SC_WHERE_SAMPLE)
        snprintf(seen->values[seen->nvalues++], sizeof seen->values[0], "%s", text);
    else
        seen->more_values = true;
}

/* Whether filter w holds for the row (contract 3). */
static bool filter_holds(reader *r, const sc_csv_row *row, size_t w)
{
    const sc_where *where = &r->spec->where[w];
    const char *cell = row->fields[r->where_cols[w]];
    size_t len = row->lengths[r->where_cols[w]];
    bool equal, is_period = false;
    sc_period period, rolled;
    if (r->where_period[w]) {
        is_period = sc_period_parse(cell, len, &period, NULL) == SC_OK;
        equal = is_period && sc_period_roll_up(&period, r->where_periods[w].kind, &rolled) == SC_OK &&
                sc_period_compare(&rolled, &r->where_periods[w]) == 0;
    } else
        equal = strlen(where->value) == len && memcmp(cell, where->value, len) == 0;
    bool holds = equal != where->negate;
    if (w < SC_WHERE_TRACKED) {
        if (holds)
            r->stats->where[w].matched++;
        else if (r->stats->where[w].matched == 0)
            note_cell(r, w, cell, len, is_period ? &period : NULL);
    }
    return holds;
}

/* The total label in the row's cell of column col, or NULL.  Most cells
 * fail may_be_total at their first two bytes: that much is asked here,
 * without a call (a space, tab, U+3000, 合 总 小 共 全, or t s g a). */
static inline const char *total_label_of(const sc_csv_row *row, size_t col)
{
    const unsigned char *u = (const unsigned char *)row->fields[col];
    size_t len = row->lengths[col];
    unsigned char c = len ? u[0] : 0, c1 = len > 1 ? u[1] : 0, ascii = c | 0x20;
    bool may = c == ' ' || c == '\t' || ascii == 't' || ascii == 's' || ascii == 'g' ||
               ascii == 'a' || ((c == 0xE3 || c == 0xE6) && c1 == 0x80) ||
               (c == 0xE5 && (c1 == 0x90 || c1 == 0xB0 || c1 == 0x85));
    return may ? sc_total_label(row->fields[col], len) : NULL;
}

/* Whether the row is a total row (contract 5a); counts it when it is.
 * `texts`: whether to look at the text label columns too. */
static bool total_row(reader *r, const sc_csv_row *row, bool texts)
{
    const sc_input_spec *spec = r->spec;
    const char *label = NULL;
    size_t col = 0;
    for (size_t k = 0; k < spec->nkeys && !label; k++)
        label = total_label_of(row, col = r->key_cols[k]);
    if (!label && spec->period)
        label = total_label_of(row, col = r->period_col);
    for (size_t i = 0; texts && i < spec->text_labels && !label; i++)
        label = total_label_of(row, col = r->text_cols[i]);
    if (!label && r->check_label_col)
        label = total_label_of(row, col = r->label_col);
    if (!label)
        return false;
    if (r->stats->rows_total++ == 0) {
        sc_read_stats *st = r->stats;
        sc_text_excerpt(row->fields[col], row->lengths[col], st->total_label,
                        sizeof st->total_label);
        snprintf(st->total_file, sizeof st->total_file, "%s", sc_csv_name(r->csv));
        st->total_line = row->line;
    }
    return true;
}

/* Contract 11: the row's cell of the cell column, with its place. */
static sc_status on_cell(reader *r, const sc_csv_row *row, sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    const char *name = sc_csv_column_name(r->csv, r->cell_col);
    sc_record_cell cell = {
        .keys = r->key_parts,
        .lens = r->key_lens,
        .nkeys = sc_groups_nkeys(r->groups),
        .text = row->fields[r->cell_col],
        .len = row->lengths[r->cell_col],
        .file = sc_csv_name(r->csv),
        .line = row->line,
        .column = name ? name : spec->cell_column,
    };
    sc_error_clear(err);
    sc_status s = spec->on_cell(r->cell_ctx, &cell, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    return s;
}

/* Notes the line of a new group's first row. */
static sc_status note_first_line(first_lines *f, unsigned long long line)
{
    if (f->count == f->capacity) {
        size_t capacity = f->capacity ? 2 * f->capacity : 1024;
        unsigned long long *more = sc_realloc(f->line, capacity * sizeof *more);
        if (!more)
            return SC_ENOMEM;
        f->line = more;
        f->capacity = capacity;
    }
    f->line[f->count++] = line;
    return SC_OK;
}

/* Adds the row (n batches of which `passed` passed, or with --value its
 * value) to r->groups under the key in r->key_parts: in a segment, a row
 * looked up or appended, and the line of each new group noted. */
static sc_status add_row(reader *r, unsigned long long line, uint64_t n, uint64_t passed,
                         double value)
{
    segment *g = r->seg;
    size_t before = sc_groups_count(r->groups);
    sc_status s = r->spec->value ? sc_groups_add_value(r->groups, r->key_parts, r->key_lens, value)
                  : g && g->append
                      ? sc_groups_append(r->groups, r->key_parts, r->key_lens, n, passed)
                      : sc_groups_add(r->groups, r->key_parts, r->key_lens, n, passed);
    if (!g || s != SC_OK)
        return s;
    if (sc_groups_count(r->groups) > before)
        s = note_first_line(&g->first, line);
    /* value sums are looked up: only counts are appended */
    if (!r->spec->value && !g->append && g->rows < g->probe && ++g->rows == g->probe)
        g->append = PROBE_DISTINCT(sc_groups_count(r->groups), g->rows);
    return s;
}

/* Contract 7: the row whose batches take the input beyond the ceiling. */
static sc_status beyond_ceiling(reader *r, const sc_csv_row *row, sc_error *err)
{
    size_t col = r->spec->result ? r->result_col : r->n_col;
    char what[200];
    snprintf(what, sizeof what,
             "takes the batches read beyond 2^53 = %llu, the most the statistics carry exactly",
             (unsigned long long)SC_COUNT_MAX);
    return bad_row(r, row, col, err, what);
}

static sc_status on_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    const sc_input_spec *spec = r->spec;
    if (r->abandon && __atomic_load_n(r->abandon, __ATOMIC_RELAXED))
        return sc_error_set(err, SC_EDATA, NULL, 0, "a value is not a whole number");
    /* the period column is read unchecked: a cell equal to the last one
       parsed was checked then, any other is checked here, first, as csvin
       would have (an error of a used column, not a bad row) */
    if (spec->period && !row->problem) {
        const char *cell = row->fields[r->period_col];
        size_t len = row->lengths[r->period_col];
        r->period_hit = r->cached_len && len == r->cached_len &&
                        memcmp(cell, r->cached_cell, len) == 0;
        sc_status s = r->period_hit ? SC_OK : sc_csv_check_field(r->csv, row, r->period_col, err);
        if (s != SC_OK)
            return s;
    }
    bool keep = true;
    for (size_t w = 0; w < spec->nwhere && !row->problem; w++)
        keep = filter_holds(r, row, w) && keep; /* every filter sees the row: contract 3 */
    if (!keep)
        return SC_OK;
    /* the text label columns are looked at where their texts are used
       (contract 5a): below, once the row's key says whether they are */
    bool totals = !row->problem && !spec->keep_total_rows;
    if (totals && total_row(r, row, !spec->text_wanted))
        return SC_OK;
    uint64_t n = 0, passed = 0;
    double value = 0;
    sc_error row_error;
    sc_status s = row->problem  ? sc_error_set(&row_error, SC_EDATA, sc_csv_name(r->csv),
                                               row->line, "%s", row->problem)
                  : spec->value ? parse_value(r, row, &value, &row_error)
                                : observe(r, row, &n, &passed, &row_error);
    if (s == SC_OK && spec->period)
        s = parse_period(r, row, &row_error);
    if (s == SC_OK && !spec->value && n > SC_COUNT_MAX - r->stats->batches)
        return beyond_ceiling(r, row, err); /* not a bad row: never skipped */
    bool wanted = false;
    if (s == SC_OK) {
        for (size_t k = 0; k < spec->nkeys; k++) {
            size_t part = key_part(spec, k);
            r->key_parts[part] = row->fields[r->key_cols[k]];
            r->key_lens[part] = row->lengths[r->key_cols[k]];
        }
        if (spec->period) {
            r->key_parts[spec->period_at] = r->period_text;
            r->key_lens[spec->period_at] = r->period_len;
        }
        wanted = spec->ntexts > 0 &&
                (!spec->text_wanted || spec->text_wanted(r->text_ctx, r->key_parts, r->key_lens,
                                                         sc_groups_nkeys(r->groups)));
        if (totals && spec->text_wanted && spec->text_labels > 0 && wanted &&
            total_row(r, row, true))
            return SC_OK;
        if (spec->on_cell) {
            s = on_cell(r, row, &row_error);
            r->cell_refused |= s == SC_EDATA;
            if (s != SC_OK && s != SC_EDATA) {
                *err = row_error;
                return s; /* contract 11: not a bad row */
            }
        }
    }
    if (s == SC_OK && spec->value && value != trunc(value)) {
        r->fractional = true;
        if (r->abandon) { /* sums of such values depend on their order: one thread */
            __atomic_store_n(r->abandon, true, __ATOMIC_RELAXED);
            return sc_error_set(err, SC_EDATA, NULL, 0, "a value is not a whole number");
        }
    }
    if (s == SC_OK) {
        s = add_row(r, row->line, n, passed, value);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
        r->magnitude += fabs(value);
        size_t nkeys = sc_groups_nkeys(r->groups);
        if (wanted) {
            const char *texts[SC_TEXTS_MAX];
            size_t lens[SC_TEXTS_MAX];
            for (size_t i = 0; i < spec->ntexts; i++) {
                if (spec->text_wanted && (s = sc_csv_check_field(r->csv, row, r->text_cols[i], err)))
                    return s; /* as a checked column's error: not a bad row */
                texts[i] = row->fields[r->text_cols[i]];
                lens[i] = row->lengths[r->text_cols[i]];
            }
            s = spec->on_text(r->text_ctx, r->key_parts, r->key_lens, nkeys, passed == 1, texts,
                              lens, err);
            if (s != SC_OK)
                return s; /* contract 9: the callback's error, not a bad row */
        }
    }
    if (s == SC_OK) {
        r->stats->rows_used++;
        r->stats->rows_derived += spec->printed_rate != NULL;
        r->stats->batches += n;
        return SC_OK;
    }
    if (totals && spec->text_wanted && total_row(r, row, true))
        return SC_OK; /* a bad row labelled a total in a text column is a total row */
    if (!spec->skip_bad) {
        *err = row_error;
        return s;
    }
    if (r->stats->rows_skipped++ == 0)
        r->stats->first_skipped = row_error;
    return SC_OK;
}

/* Contract 1: no value may be both a pass and a fail value.  Each list is
 * the one given or the default one, compared as rows are (trimmed, ASCII
 * case ignored). */
static sc_status check_verdict_lists(const sc_input_spec *spec, sc_error *err)
{
    const char *const *pass = spec->pass_values ? spec->pass_values : sc_default_pass_values;
    const char *const *fail = spec->fail_values ? spec->fail_values : sc_default_fail_values;
    for (const char *const *v = pass; *v; v++)
        if (in_list(*v, strlen(*v), fail)) {
            const char *where = spec->pass_values && spec->fail_values
                                    ? "--pass-values and --fail-values"
                                : spec->pass_values ? "--pass-values and the default fail values"
                                                    : "--fail-values and the default pass values";
            const char *hint = spec->pass_values && spec->fail_values
                                   ? ""
                               : spec->pass_values ? " (give --fail-values too)"
                                                   : " (give --pass-values too)";
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "\"%s\" is both a pass and a fail value: it is in %s%s", *v,
                                where, hint);
        }
    return SC_OK;
}

static sc_status resolve(reader *r, const char *spec, size_t *col, sc_error *err)
{
    sc_status s = sc_csv_find_column(r->csv, spec, col, err);
    if (s == SC_OK)
        sc_csv_want(r->csv, *col);
    return s;
}

/* ---- reading in chunks (contract 10) --------------------------------------- */

/* One chunk's reader and stats; its groups are its lane's (below). */
typedef struct part {
    reader r;
    sc_csv *csv; /* chunk 0: the file's own reader */
    sc_read_stats stats;
    sc_error err;
    sc_status status;
    bool own;           /* csv is the file's own reader (chunk 0 of a split file) */
    unsigned long long line; /* the line where the chunk begins */
    bool exact;         /* sc_csv_exact of its reader, kept when it is closed */
    uint64_t rows_read; /* sc_csv_rows_read of its reader, likewise */
} part;

/* The chunks, taken in file order: each thread takes the next chunk until
 * none is left, so a thread slowed by its chunk's rows (or by the machine)
 * leaves the rest to the others. */
typedef struct chunk_queue {
    part *parts;
    size_t n;
    size_t next; /* the next chunk to take (atomic) */
} chunk_queue;

/* Segments merged and emptied, kept for the threads' next segments: a
 * segment of a million groups' file grows to some 30,000 groups, and a new
 * one grew to that by doubling, on fresh pages, 60 times over. */
typedef struct segment_pool {
    pthread_mutex_t lock;
    segment spare[SC_CSV_CHUNKS_MAX]; /* a segment begins at a chunk: room for all */
    size_t n;
} segment_pool;

/* An empty segment that probes `probe` rows: a spare one, or a new one
 * (NULL groups when out of memory). */
static segment segment_take(segment_pool *pool, size_t nkeys, size_t probe)
{
    segment g = {0};
    pthread_mutex_lock(&pool->lock);
    if (pool->n > 0)
        g = pool->spare[--pool->n];
    pthread_mutex_unlock(&pool->lock);
    if (g.groups)
        sc_groups_clear(g.groups); /* here: its index is then in this core's cache */
    else
        g.groups = sc_groups_new(nkeys);
    g.first.count = 0;
    g.rows = 0;
    g.probe = probe;
    g.append = false;
    return g;
}

/* Gives merged segment g to the pool. */
static void segment_give(segment_pool *pool, segment *g)
{
    pthread_mutex_lock(&pool->lock);
    pool->spare[pool->n++] = *g;
    pthread_mutex_unlock(&pool->lock);
    *g = (segment){0};
}

/* A segment takes the groups of a thread's next chunk while it has fewer
 * groups than this (or spec->segment_groups): 16384 groups (about 1 MB with
 * their index and keys) stay in a core's cache.  On the 1M-row bench file,
 * two threads, reading and merging: 0.15 s by 10,723 enterprises (0.24 s
 * with a table per chunk), 0.46 s with a million groups (0.55 s); 8192 and
 * 32768 did worse, and one table per thread took 0.71 s with a million
 * groups. */
#define SEGMENT_GROUPS 16384

/* What one thread read, in segments.  A thread takes its chunks in file
 * order, so the lines of its segments, one after the other, ascend; the
 * lanes are merged by those lines, which gives the groups in file order.
 * (A table per chunk, merged in file order, added each group once per chunk
 * it was in: with 10,000 enterprises two threads took as long as one.  One
 * table per thread grew beyond the cache with a million groups, where a row
 * then waited for memory at each lookup.) */
typedef struct lane {
    chunk_queue *queue;
    segment_pool *pool;
    size_t segment_groups; /* a new segment at the next chunk from this many */
    size_t probe;          /* segment_groups / PROBE_SHARE rows, 2 at least */
    segment seg[SC_CSV_CHUNKS_MAX];
    size_t nseg;
    size_t nkeys;
    /* What the merger may take while the lane reads (atomic): segments
     * [0, complete) take no more groups, and the groups still to come have
     * their first lines at `low` or later (ULLONG_MAX: the lane is done). */
    size_t complete;
    unsigned long long low;
    struct merger *merger; /* this thread's, when it merges between its chunks */
} lane;

/* The merge of the lanes' groups in the order of their first lines, at each
 * lane's next group (seg[k], at[k]): into a table of its own, by one thread
 * between its chunks and at the end, or, when the reader's table has groups
 * already, into that table at the end (read_parts). */
typedef struct merger {
    lane *lanes;
    size_t n;
    size_t seg[SC_CSV_CHUNKS_MAX], at[SC_CSV_CHUNKS_MAX];
    sc_groups *into;
    sc_status status;
} merger;

static void merge_ready(merger *m);

static void *read_lane(void *arg)
{
    lane *l = arg;
    chunk_queue *q = l->queue;
    for (size_t k;;) {
        if (l->merger)
            merge_ready(l->merger); /* what the lanes have read so far, before more */
        if ((k = __atomic_fetch_add(&q->next, 1, __ATOMIC_RELAXED)) >= q->n)
            break;
        part *p = &q->parts[k];
        if (l->nseg == 0 || sc_groups_count(l->seg[l->nseg - 1].groups) >= l->segment_groups) {
            if ((l->seg[l->nseg] = segment_take(l->pool, l->nkeys, l->probe)).groups != NULL) {
                /* the others are complete; the new one's groups begin at this
                   chunk (stored in this order, read in the other: lane_next) */
                __atomic_store_n(&l->complete, l->nseg++, __ATOMIC_RELEASE);
                __atomic_store_n(&l->low, p->line, __ATOMIC_RELEASE);
            } else {
                p->status = sc_error_set(&p->err, SC_ENOMEM, NULL, 0, "out of memory");
            }
        }
        if (p->status == SC_OK) {
            p->r.groups = l->seg[l->nseg - 1].groups;
            p->r.seg = &l->seg[l->nseg - 1];
            p->status = sc_csv_read(p->csv, on_row, &p->r, &p->err);
        }
        p->exact = sc_csv_exact(p->csv);
        p->rows_read = sc_csv_rows_read(p->csv);
        if (!p->own) { /* its block and arena go now, not when every chunk is read */
            sc_csv_close(p->csv);
            p->csv = NULL;
        }
    }
    __atomic_store_n(&l->complete, l->nseg, __ATOMIC_RELEASE);
    __atomic_store_n(&l->low, ULLONG_MAX, __ATOMIC_RELEASE);
    return NULL;
}

/* Frees segment g's groups and lines (when merged or not wanted). */
static void segment_free(segment *g)
{
    sc_groups_free(g->groups);
    free(g->first.line);
    *g = (segment){0};
}

/* The first line of lane l's next group that may be merged (at seg, at),
 * moving past the segments it has used up (given to the pool); false when
 * it has none (yet): then *line is the first line its groups to come may have. */
static bool lane_next(lane *l, size_t *seg, size_t *at, unsigned long long *line)
{
    /* low before complete, the reverse of their stores: a low seen is never
       above a group of a segment not seen complete */
    unsigned long long low = __atomic_load_n(&l->low, __ATOMIC_ACQUIRE);
    size_t complete = __atomic_load_n(&l->complete, __ATOMIC_ACQUIRE);
    while (*seg < complete && *at == l->seg[*seg].first.count) {
        segment_give(l->pool, &l->seg[*seg]);
        ++*seg;
        *at = 0;
    }
    if (*seg == complete) {
        *line = low;
        return false;
    }
    *line = l->seg[*seg].first.line[*at];
    return true;
}

/* Adds to m->into the lanes' groups that may be merged now, in the order of
 * their first lines: in runs, each of the groups of one complete segment
 * that come before every other lane's next group or groups to come.  A
 * segment is emptied once merged, so that a million groups are not held
 * twice over, and a lane's next segment reuses it.  The thread that merges
 * reads between its chunks, so that the merge goes on while the other
 * threads read (a million groups took 40 ms to merge after the reading). */
static void merge_ready(merger *m)
{
    while (m->status == SC_OK) {
        size_t best = m->n;
        unsigned long long best_line = ULLONG_MAX, other = ULLONG_MAX, line;
        for (size_t k = 0; k < m->n; k++) {
            bool ready = lane_next(&m->lanes[k], &m->seg[k], &m->at[k], &line);
            if (line < best_line) {
                if (best_line < other)
                    other = best_line;
                best = ready ? k : m->n;
                best_line = line;
            } else if (line < other) {
                other = line;
            }
        }
        if (best == m->n) /* done, or the first group to come is not read yet */
            return;
        const segment *g = &m->lanes[best].seg[m->seg[best]];
        size_t end = m->at[best] + 1;
        while (end < g->first.count && g->first.line[end] < other)
            end++;
        m->status = sc_groups_merge_range(m->into, g->groups, m->at[best], end);
        m->at[best] = end;
    }
}

/* Whether the parts give what one reader would have (contract 10); the
 * period kind of the first part that met a period in *first. */
static bool parts_exact(const reader *r, const part *parts, size_t n, uint64_t *batches)
{
    const sc_period *first = r->have_first_period ? &r->first_period : NULL;
    *batches = r->stats->batches;
    double magnitude = r->magnitude;
    for (size_t k = 0; k < n; k++) {
        if (parts[k].status != SC_OK || !parts[k].exact || parts[k].r.cell_refused)
            return false;
        if (parts[k].r.have_first_period) {
            if (!first)
                first = &parts[k].r.first_period;
            else if (parts[k].r.first_period.kind != first->kind)
                return false;
        }
        if (parts[k].stats.batches > SC_COUNT_MAX - *batches)
            return false;
        *batches += parts[k].stats.batches;
        magnitude += parts[k].r.magnitude;
    }
    /* whole numbers whose magnitudes add up to less than 2^53: every partial
       sum of them is a double exactly, so their sums are the same in any
       order (a sum in doubles of such numbers reaches 2^53 only when the exact
       one does) */
    if (r->spec->value && !(magnitude < 0x1p53))
        return false;
    /* a filter that held for no row is explained by what the column holds
       (contract 3), noted in file order: one reader notes that */
    for (size_t w = 0; w < r->spec->nwhere && w < SC_WHERE_TRACKED; w++) {
        uint64_t matched = r->stats->where[w].matched;
        for (size_t k = 0; k < n; k++)
            matched += parts[k].stats.where[w].matched;
        if (matched == 0)
            return false;
    }
    return true;
}

/* Contract 11: the chunks' cells merged in file order into one fork, and that
 * into the reader's cell context; *agree false (nothing changed: the file is
 * read again by one thread) when they disagree. */
static sc_status merge_cells(reader *r, part *parts, size_t n, bool *agree, sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    *agree = true;
    if (!spec->cell_column)
        return SC_OK;
    void *all = spec->cell_fork(r->cell_ctx);
    sc_status s = all ? SC_OK : SC_ENOMEM;
    for (size_t k = 0; s == SC_OK && k < n; k++)
        s = spec->cell_merge(all, parts[k].r.cell_ctx);
    if (s == SC_OK)
        s = spec->cell_merge(r->cell_ctx, all);
    if (all)
        spec->cell_free(all);
    *agree = s == SC_OK;
    return s == SC_OK || s == SC_EDATA ? SC_OK : sc_error_set(err, s, NULL, 0, "%s",
                                                              sc_strerror(s));
}

/* Adds the merged groups and the parts' stats, in file order, to the
 * reader's. */
static sc_status merge_parts(reader *r, merger *m, part *parts, size_t n, sc_error *err)
{
    sc_read_stats *st = r->stats;
    bool early = m->into != NULL;
    if (!early)
        m->into = r->groups; /* the chunks are exact: into the reader's */
    merge_ready(m);          /* the rest, every lane done */
    if (m->status != SC_OK || (early && sc_groups_absorb(r->groups, m->into) != SC_OK))
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < n; k++) {
        const sc_read_stats *ps = &parts[k].stats;
        r->magnitude += parts[k].r.magnitude;
        if (!r->have_first_period && parts[k].r.have_first_period) {
            r->first_period = parts[k].r.first_period;
            r->have_first_period = true;
        }
        st->rows_used += ps->rows_used;
        st->rows_derived += ps->rows_derived;
        if (st->rows_skipped == 0 && ps->rows_skipped)
            st->first_skipped = ps->first_skipped;
        st->rows_skipped += ps->rows_skipped;
        if (st->rows_total == 0 && ps->rows_total) {
            memcpy(st->total_label, ps->total_label, sizeof st->total_label);
            memcpy(st->total_file, ps->total_file, sizeof st->total_file);
            st->total_line = ps->total_line;
        }
        st->rows_total += ps->rows_total;
        st->batches += ps->batches;
        for (size_t w = 0; w < r->spec->nwhere && w < SC_WHERE_TRACKED; w++)
            st->where[w].matched += ps->where[w].matched;
        if (!parts[k].own)
            st->rows_read += parts[k].rows_read;
    }
    return SC_OK;
}

typedef enum { CHUNKS_NONE, CHUNKS_READ, CHUNKS_AGAIN } chunks_outcome;

/* Reads chunks[0, n) of r->csv on up to spec->threads threads into
 * *outcome: CHUNKS_READ, or CHUNKS_AGAIN when they must be read again by one
 * reader (they may differ from it); nothing has been added then.  With
 * `own`, chunks[0] is read by r->csv itself (a split file). */
static sc_status read_parts(reader *r, const sc_csv_chunk *chunks, size_t n, bool own,
                            chunks_outcome *outcome, sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    sc_status s = SC_OK;
    *outcome = CHUNKS_AGAIN;
    bool abandon = false;
    part *parts = sc_calloc(n, sizeof *parts);
    size_t slots = spec->nkeys + spec->nwhere + 2, made = 0;
    if (!parts)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (; made < n; made++) {
        part *p = &parts[made];
        p->r = *r;
        p->r.stats = &p->stats;
        p->r.magnitude = 0;
        p->r.abandon = spec->value ? &abandon : NULL;
        p->r.groups = NULL; /* its lane's, when the chunk is taken */
        p->r.key_parts = sc_calloc(slots, sizeof *p->r.key_parts);
        p->r.key_lens = sc_calloc(slots, sizeof *p->r.key_lens);
        /* a filter's notes on the period column are the chunk's own */
        p->r.where_last = sc_calloc(slots, sizeof *p->r.where_last);
        p->r.have_where_last = sc_calloc(slots, sizeof *p->r.have_where_last);
        p->r.text_ctx = spec->ntexts > 0 ? spec->text_fork(r->text_ctx) : NULL;
        p->r.cell_ctx = spec->cell_column ? spec->cell_fork(r->cell_ctx) : NULL;
        p->r.cell_refused = false;
        sc_error_clear(&p->err);
        p->own = own && made == 0;
        p->line = chunks[made].line;
        p->csv = p->own ? r->csv : NULL;
        if (!p->r.key_parts || !p->r.key_lens || !p->r.where_last ||
            !p->r.have_where_last ||
            (spec->ntexts > 0 && !p->r.text_ctx) || (spec->cell_column && !p->r.cell_ctx) ||
            (!p->own && sc_csv_open_chunk(r->csv, &chunks[made], &p->csv, &p->err) != SC_OK)) {
            made++;
            break;
        }
        p->r.csv = p->csv;
    }
    chunk_queue queue = {.parts = parts};
    segment_pool pool = {.lock = PTHREAD_MUTEX_INITIALIZER};
    size_t nlanes = spec->threads < n ? spec->threads : n;
    lane *lanes = sc_calloc(nlanes, sizeof *lanes);
    /* merged while the chunks are read, into a table of its own that the
       reader's takes whole, when the reader's has no groups yet; else (a
       later window of a stream, a second file) at the end, into the
       reader's, once the chunks are known to be exact */
    bool early = sc_groups_count(r->groups) == 0;
    size_t segment_groups = spec->segment_groups ? spec->segment_groups : SEGMENT_GROUPS;
    merger m = {.lanes = lanes, .n = nlanes,
                .into = early ? sc_groups_new(sc_groups_nkeys(r->groups)) : NULL};
    bool ready = made == n && parts[n - 1].csv && lanes && (m.into || !early);
    for (size_t t = 0; ready && t < nlanes; t++)
        lanes[t] = (lane){.queue = &queue,
                          .pool = &pool,
                          .segment_groups = segment_groups,
                          .probe = segment_groups / PROBE_SHARE > 2 ? segment_groups / PROBE_SHARE
                                                                    : 2,
                          .nkeys = sc_groups_nkeys(r->groups),
                          .low = parts[0].line, /* nothing read: all to come */
                          .merger = t == 0 && early ? &m : NULL};
    queue.n = ready ? n : 0;
    pthread_t threads[SC_CSV_CHUNKS_MAX];
    size_t started = 0;
    while (ready && started + 1 < nlanes &&
           pthread_create(&threads[started], NULL, read_lane, &lanes[started + 1]) == 0)
        started++;
    for (size_t t = started + 1; ready && t < nlanes; t++)
        lanes[t].low = ULLONG_MAX; /* no thread for it: it reads nothing */
    if (ready)
        read_lane(&lanes[0]); /* this thread too, merging between its chunks */
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    uint64_t batches;
    bool agree = false;
    if (ready && parts_exact(r, parts, n, &batches) &&
        (s = merge_cells(r, parts, n, &agree, err)) == SC_OK && agree) {
        *outcome = CHUNKS_READ;
        s = merge_parts(r, &m, parts, n, err);
        for (size_t k = 0; s == SC_OK && spec->ntexts > 0 && k < n; k++)
            if ((s = spec->text_merge(r->text_ctx, parts[k].r.text_ctx)) != SC_OK)
                sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    for (size_t k = 0; k < made; k++) {
        if (!parts[k].own)
            sc_csv_close(parts[k].csv);
        if (spec->ntexts > 0 && parts[k].r.text_ctx)
            spec->text_free(parts[k].r.text_ctx);
        if (spec->cell_column && parts[k].r.cell_ctx)
            spec->cell_free(parts[k].r.cell_ctx);
        free(parts[k].r.key_parts);
        free(parts[k].r.key_lens);
        free(parts[k].r.where_last);
        free(parts[k].r.have_where_last);
    }
    for (size_t t = 0; lanes && t < nlanes; t++)
        for (size_t g = 0; g < lanes[t].nseg; g++)
            segment_free(&lanes[t].seg[g]);
    while (pool.n > 0)
        segment_free(&pool.spare[--pool.n]);
    pthread_mutex_destroy(&pool.lock);
    free(lanes);
    if (early)
        sc_groups_free(m.into);
    free(parts);
    return s;
}

/* Chunks a thread takes in turn: 16 each of a split file, 4 of a window. */
static size_t chunks_wanted(const sc_input_spec *spec, size_t per_thread)
{
    return spec->threads > SC_CSV_CHUNKS_MAX / per_thread ? SC_CSV_CHUNKS_MAX
                                                          : spec->threads * per_thread;
}

/* Reads r->csv in chunks into *outcome: CHUNKS_NONE when the file is not
 * split (r->csv is as it was), or as read_parts. */
static sc_status read_chunks(reader *r, chunks_outcome *outcome, sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    *outcome = CHUNKS_NONE;
    sc_csv_chunk chunks[SC_CSV_CHUNKS_MAX];
    size_t n = 1;
    sc_status s = sc_csv_split(r->csv, chunks_wanted(spec, 16),
                               spec->min_chunk ? spec->min_chunk : SC_CHUNK_MIN, spec->threads,
                               chunks, &n, err);
    if (s != SC_OK || n < 2)
        return s;
    return read_parts(r, chunks, n, true, outcome, err);
}

/* A window of a stream (contract 10): four chunks a thread of
 * SC_WINDOW_CHUNK bytes (or spec->min_chunk) each, at most SC_WINDOW_MAX. */
#define SC_WINDOW_CHUNK ((uint64_t)512 * 1024)
#define SC_WINDOW_MAX ((uint64_t)16 * 1024 * 1024)

/* Reads a stream window by window (contract 10): a window's chunks on the
 * threads where they give one reader's rows, else r->csv reads them. */
static sc_status read_windows(reader *r, sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    size_t max = chunks_wanted(spec, 4);
    uint64_t chunk = spec->min_chunk ? spec->min_chunk : SC_WINDOW_CHUNK;
    uint64_t window = chunk * max > SC_WINDOW_MAX ? SC_WINDOW_MAX : chunk * max;
    sc_status s = SC_OK;
    for (bool more = true; s == SC_OK && more;) {
        sc_csv_chunk chunks[SC_CSV_CHUNKS_MAX];
        size_t n = 0;
        chunks_outcome outcome = CHUNKS_AGAIN;
        if (!(spec->value && r->fractional))
            s = sc_csv_window(r->csv, (size_t)window, max, (size_t)chunk, chunks, &n, err);
        if (s == SC_OK && n >= 2)
            s = read_parts(r, chunks, n, false, &outcome, err);
        if (s == SC_OK && outcome == CHUNKS_READ)
            sc_csv_window_done(r->csv);
        else if (s == SC_OK)
            s = sc_csv_read_some(r->csv, on_row, r, &more, err);
    }
    return s;
}

static sc_status read_one(reader *r, const char *path, bool chunks, sc_error *err)
{
    const sc_input_spec *spec = r->spec;
    sc_status s = sc_csv_open(path, &spec->csv, &r->csv, err);
    if (s != SC_OK)
        return s;
    if (spec->value)
        s = resolve(r, spec->value, &r->value_col, err);
    else if (spec->result)
        s = resolve(r, spec->result, &r->result_col, err);
    else {
        s = resolve(r, spec->n, &r->n_col, err);
        if (s == SC_OK)
            s = resolve(r, spec->printed_rate ? spec->printed_rate
                           : spec->pass       ? spec->pass
                                              : spec->fail,
                        &r->count_col, err);
        if (s == SC_OK && spec->pass && spec->fail)
            s = resolve(r, spec->fail, &r->fail_col, err);
    }
    for (size_t i = 0; s == SC_OK && spec->result && i < spec->ntexts; i++) {
        s = sc_csv_find_column(r->csv, spec->texts[i], &r->text_cols[i], err);
        if (s == SC_OK && spec->text_wanted) /* checked on the rows used (contract 9) */
            sc_csv_want_unchecked(r->csv, r->text_cols[i]);
        else if (s == SC_OK)
            sc_csv_want(r->csv, r->text_cols[i]);
    }
    if (s == SC_OK && spec->cell_column)
        s = resolve(r, spec->cell_column, &r->cell_col, err);
    for (size_t k = 0; s == SC_OK && k < spec->nkeys; k++) {
        s = resolve(r, spec->keys[k], &r->key_cols[k], err);
        const char *name = sc_csv_column_name(r->csv, r->key_cols[k]);
        if (s == SC_OK && !sc_groups_key_name(r->groups, key_part(spec, k))[0])
            s = sc_groups_set_key_name(r->groups, key_part(spec, k), name ? name : spec->keys[k]);
        if (s == SC_ENOMEM)
            sc_error_set(err, s, NULL, 0, "out of memory");
    }
    if (s == SC_OK && spec->period) {
        /* checked in on_row, once per distinct cell; another use of the
           column (a key, a filter) wants it checked as before */
        s = sc_csv_find_column(r->csv, spec->period, &r->period_col, err);
        if (s == SC_OK)
            sc_csv_want_unchecked(r->csv, r->period_col);
        const char *name = sc_csv_column_name(r->csv, r->period_col);
        if (s == SC_OK && !sc_groups_key_name(r->groups, spec->period_at)[0])
            s = sc_groups_set_key_name(r->groups, spec->period_at, name ? name : spec->period);
        if (s == SC_ENOMEM)
            sc_error_set(err, s, NULL, 0, "out of memory");
    }
    for (size_t w = 0; s == SC_OK && w < spec->nwhere; w++) {
        s = resolve(r, spec->where[w].column, &r->where_cols[w], err);
        r->where_period[w] = s == SC_OK && spec->period && r->where_cols[w] == r->period_col;
        sc_error why;
        sc_error_clear(&why);
        const char *value = spec->where[w].value;
        if (r->where_period[w] &&
            sc_period_parse(value, strlen(value), &r->where_periods[w], &why) != SC_OK)
            s = sc_error_set(err, SC_EINVAL, NULL, 0,
                             "--where %s%s%s: filters on the period column take a period: %s",
                             spec->where[w].column, spec->where[w].negate ? "!=" : "=", value,
                             why.message);
    }
    /* contract 5a: with no key column, total rows are told by the first column */
    r->check_label_col = false;
    if (s == SC_OK && !spec->keep_total_rows && spec->nkeys == 0 && !spec->period &&
        spec->text_labels == 0 && sc_csv_columns(r->csv) > 0) {
        r->label_col = 0;
        r->check_label_col = !(spec->result && r->result_col == 0) &&
                             !(spec->value && r->value_col == 0) &&
                             !(spec->n && (r->n_col == 0 || r->count_col == 0 ||
                                           (spec->pass && spec->fail && r->fail_col == 0)));
        if (r->check_label_col)
            sc_csv_want(r->csv, 0);
    }
    r->cached_len = 0; /* a new file may spell its periods otherwise */
    chunks_outcome outcome = CHUNKS_NONE;
    /* threads where the contexts can fork (a stream checks --value's
       fractions window by window) */
    bool threads = chunks && spec->threads > 1 && (spec->ntexts == 0 || spec->text_fork) &&
                   (!spec->cell_column || spec->cell_fork);
    if (s == SC_OK && threads && !(spec->value && r->fractional))
        s = read_chunks(r, &outcome, err);
    if (outcome == CHUNKS_AGAIN) {
        /* closed once the reader that reads it again is done: closing
           standard input's reader moves standard input to its end */
        sc_csv *used = r->csv;
        r->csv = NULL;
        s = s == SC_OK ? read_one(r, path, false, err) : s;
        sc_csv_close(used);
        return s;
    }
    if (s == SC_OK && outcome == CHUNKS_NONE && threads)
        s = read_windows(r, err);
    else if (s == SC_OK && outcome == CHUNKS_NONE)
        s = sc_csv_read(r->csv, on_row, r, err);
    r->stats->rows_read += sc_csv_rows_read(r->csv);
    const char *doubt = sc_csv_encoding_doubt(r->csv);
    if (doubt && !r->stats->doubt_file[0]) {
        snprintf(r->stats->doubt_file, sizeof r->stats->doubt_file, "%s", sc_csv_name(r->csv));
        snprintf(r->stats->doubt_text, sizeof r->stats->doubt_text, "%s", doubt);
    }
    sc_csv_close(r->csv);
    r->csv = NULL;
    return s;
}

sc_status sc_records_read(const sc_input_spec *spec, const char *const *paths, size_t npaths,
                          sc_groups *groups, sc_read_stats *stats, sc_error *err)
{
    if ((spec->result ? 1 : 0) + (spec->n ? 1 : 0) + (spec->value ? 1 : 0) != 1 ||
        (spec->n && !spec->pass && !spec->fail && !spec->printed_rate) ||
        (spec->printed_rate && (!spec->n || spec->pass || spec->fail)))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "give one of --result, --n with --pass or --fail (or both) or "
                            "--printed-rate, or --value");
    if (spec->ntexts > SC_TEXTS_MAX || spec->text_labels > spec->ntexts)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "at most %d text columns",
                            SC_TEXTS_MAX);
    if (spec->ntexts > 0 && (!spec->result || !spec->on_text))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a text column (%s) needs record-level input (--result)",
                            spec->texts[0]);
    if ((spec->cell_column != NULL) != (spec->on_cell != NULL) ||
        !(spec->cell_fork && spec->cell_merge && spec->cell_free) !=
            !(spec->cell_fork || spec->cell_merge || spec->cell_free))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "a cell column needs its callback");
    if (spec->result) {
        sc_status s = check_verdict_lists(spec, err);
        if (s != SC_OK)
            return s;
    }
    if (sc_groups_nkeys(groups) != spec->nkeys + (spec->period ? 1 : 0) ||
        (spec->period && spec->period_at > spec->nkeys))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "group key does not match the table");
    reader r = {.spec = spec, .groups = groups, .stats = stats, .text_ctx = spec->text_ctx,
                .cell_ctx = spec->cell_ctx};
    r.fractional = sc_groups_count(groups) > 0; /* sums from before: their values unknown */
    size_t slots = spec->nkeys + spec->nwhere + 2;
    r.key_cols = sc_calloc(slots, sizeof *r.key_cols);
    r.where_cols = sc_calloc(slots, sizeof *r.where_cols);
    r.key_parts = sc_calloc(slots, sizeof *r.key_parts);
    r.key_lens = sc_calloc(slots, sizeof *r.key_lens);
    r.where_period = sc_calloc(slots, sizeof *r.where_period);
    r.where_periods = sc_calloc(slots, sizeof *r.where_periods);
    r.where_last = sc_calloc(slots, sizeof *r.where_last);
    r.have_where_last = sc_calloc(slots, sizeof *r.have_where_last);
    sc_status s = SC_OK;
    if (!r.key_cols || !r.where_cols || !r.key_parts || !r.key_lens || !r.where_period ||
        !r.where_periods || !r.where_last || !r.have_where_last)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; s == SC_OK && i < npaths; i++)
        s = read_one(&r, paths[i], true, err);
    /* contract 3: notes only of a filter that held for no row, so that
       chunks (which do not note in file order) give what one reader gives */
    for (size_t w = 0; w < spec->nwhere && w < SC_WHERE_TRACKED; w++)
        if (stats->where[w].matched)
            stats->where[w] = (sc_where_stats){.matched = stats->where[w].matched};
    free(r.key_cols);
    free(r.where_cols);
    free(r.key_parts);
    free(r.key_lens);
    free(r.where_period);
    free(r.where_periods);
    free(r.where_last);
    free(r.have_where_last);
    return s;
}
