/* spotcheck — turning CSV rows into counted observations.  Contract in
 * spotcheck/records.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spotcheck/records.h"
#include "text.h"

const char *const sc_default_pass_values[] = {
    "合格", "所检项目未发现不合格", "pass", "passed", "qualified", "ok", "yes", "y", "true", "1", "是",
    NULL};
const char *const sc_default_fail_values[] = {
    "不合格", "fail", "failed", "unqualified", "ng", "no", "n", "false", "0", "否", NULL};

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
    out->column = strndup(text, (size_t)(split - text));
    out->value = strdup(split + (out->negate ? 2 : 1));
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

/* What the row callback needs: the spec resolved against one file. */
typedef struct reader {
    const sc_input_spec *spec;
    sc_csv *csv;
    sc_groups *groups;
    sc_read_stats *stats;
    size_t result_col, n_col, count_col; /* count_col: the passed or failed column */
    size_t value_col;
    size_t *key_cols;
    size_t *where_cols;
    const char **key_parts;
    size_t *key_lens;
    /* the period column: the kind of its first period, and the last cell
     * parsed with its canonical text (cells repeat, so most rows hit it) */
    size_t period_col;
    sc_period first_period;
    bool have_first_period;
    char cached_cell[64];
    size_t cached_len; /* 0: nothing cached */
    char period_text[SC_PERIOD_TEXT_MAX];
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
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0')
        return bad_row(r, row, col, err, "is not a count (a whole number, 0 or more)");
    if (errno == ERANGE)
        return bad_row(r, row, col, err, "is too large a count");
    *out = (uint64_t)value;
    return SC_OK;
}

/* The value of a numeric series' row (contract 2a). */
static sc_status parse_value(reader *r, const sc_csv_row *row, double *out, sc_error *err)
{
    const char *s = row->fields[r->value_col];
    char *end;
    errno = 0;
    double value = strtod(s, &end);
    bool decimal = s[strspn(s, " \t+-0123456789.eE")] == '\0';
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end != '\0' || !decimal || !isfinite(value) || errno == ERANGE)
        return bad_row(r, row, r->value_col, err, "is not a number");
    *out = value;
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
    uint64_t count;
    sc_status s = parse_count(r, row, r->n_col, n, err);
    if (s == SC_OK)
        s = parse_count(r, row, r->count_col, &count, err);
    if (s != SC_OK)
        return s;
    if (count > *n) {
        char what[128];
        snprintf(what, sizeof what, "is more than the %llu batches in column \"%s\"",
                 (unsigned long long)*n, spec->n);
        return bad_row(r, row, r->count_col, err, what);
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
    if (r->cached_len && len == r->cached_len && memcmp(cell, r->cached_cell, len) == 0)
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
    r->cached_len = len < sizeof r->cached_cell ? len : 0;
    memcpy(r->cached_cell, cell, r->cached_len);
    return SC_OK;
}

static sc_status on_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    const sc_input_spec *spec = r->spec;
    for (size_t w = 0; w < spec->nwhere && !row->problem; w++) {
        bool equal = strcmp(row->fields[r->where_cols[w]], spec->where[w].value) == 0;
        if (equal == spec->where[w].negate)
            return SC_OK;
    }
    uint64_t n = 0, passed = 0;
    double value = 0;
    sc_error row_error;
    sc_status s = row->problem  ? sc_error_set(&row_error, SC_EDATA, sc_csv_name(r->csv),
                                               row->line, "%s", row->problem)
                  : spec->value ? parse_value(r, row, &value, &row_error)
                                : observe(r, row, &n, &passed, &row_error);
    if (s == SC_OK && spec->period)
        s = parse_period(r, row, &row_error);
    if (s == SC_OK) {
        for (size_t k = 0; k < spec->nkeys; k++) {
            size_t part = key_part(spec, k);
            r->key_parts[part] = row->fields[r->key_cols[k]];
            r->key_lens[part] = row->lengths[r->key_cols[k]];
        }
        if (spec->period) {
            r->key_parts[spec->period_at] = r->period_text;
            r->key_lens[spec->period_at] = strlen(r->period_text);
        }
        s = spec->value ? sc_groups_add_value(r->groups, r->key_parts, r->key_lens, value)
                        : sc_groups_add(r->groups, r->key_parts, r->key_lens, n, passed);
        if (s == SC_EDATA)
            sc_error_set(&row_error, s, sc_csv_name(r->csv), row->line,
                         "a count adds up beyond 2^64");
        else if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    if (s == SC_OK) {
        r->stats->rows_used++;
        return SC_OK;
    }
    if (!spec->skip_bad) {
        *err = row_error;
        return s;
    }
    if (r->stats->rows_skipped++ == 0)
        r->stats->first_skipped = row_error;
    return SC_OK;
}

static sc_status resolve(reader *r, const char *spec, size_t *col, sc_error *err)
{
    sc_status s = sc_csv_find_column(r->csv, spec, col, err);
    if (s == SC_OK)
        sc_csv_want(r->csv, *col);
    return s;
}

static sc_status read_one(reader *r, const char *path, sc_error *err)
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
            s = resolve(r, spec->pass ? spec->pass : spec->fail, &r->count_col, err);
    }
    for (size_t k = 0; s == SC_OK && k < spec->nkeys; k++) {
        s = resolve(r, spec->keys[k], &r->key_cols[k], err);
        const char *name = sc_csv_column_name(r->csv, r->key_cols[k]);
        if (s == SC_OK && !sc_groups_key_name(r->groups, key_part(spec, k))[0])
            s = sc_groups_set_key_name(r->groups, key_part(spec, k), name ? name : spec->keys[k]);
        if (s == SC_ENOMEM)
            sc_error_set(err, s, NULL, 0, "out of memory");
    }
    if (s == SC_OK && spec->period) {
        s = resolve(r, spec->period, &r->period_col, err);
        const char *name = sc_csv_column_name(r->csv, r->period_col);
        if (s == SC_OK && !sc_groups_key_name(r->groups, spec->period_at)[0])
            s = sc_groups_set_key_name(r->groups, spec->period_at, name ? name : spec->period);
        if (s == SC_ENOMEM)
            sc_error_set(err, s, NULL, 0, "out of memory");
    }
    for (size_t w = 0; s == SC_OK && w < spec->nwhere; w++)
        s = resolve(r, spec->where[w].column, &r->where_cols[w], err);
    r->cached_len = 0; /* a new file may spell its periods otherwise */
    if (s == SC_OK)
        s = sc_csv_read(r->csv, on_row, r, err);
    r->stats->rows_read += sc_csv_rows_read(r->csv);
    sc_csv_close(r->csv);
    r->csv = NULL;
    return s;
}

sc_status sc_records_read(const sc_input_spec *spec, const char *const *paths, size_t npaths,
                          sc_groups *groups, sc_read_stats *stats, sc_error *err)
{
    if ((spec->result ? 1 : 0) + (spec->n ? 1 : 0) + (spec->value ? 1 : 0) != 1 ||
        (spec->n && !spec->pass == !spec->fail))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "give one of --result, --n with one of --pass and --fail, or --value");
    if (sc_groups_nkeys(groups) != spec->nkeys + (spec->period ? 1 : 0) ||
        (spec->period && spec->period_at > spec->nkeys))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "group key does not match the table");
    reader r = {.spec = spec, .groups = groups, .stats = stats};
    size_t slots = spec->nkeys + spec->nwhere + 2;
    r.key_cols = calloc(slots, sizeof *r.key_cols);
    r.where_cols = calloc(slots, sizeof *r.where_cols);
    r.key_parts = calloc(slots, sizeof *r.key_parts);
    r.key_lens = calloc(slots, sizeof *r.key_lens);
    sc_status s = SC_OK;
    if (!r.key_cols || !r.where_cols || !r.key_parts || !r.key_lens)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; s == SC_OK && i < npaths; i++)
        s = read_one(&r, paths[i], err);
    free(r.key_cols);
    free(r.where_cols);
    free(r.key_parts);
    free(r.key_lens);
    return s;
}
