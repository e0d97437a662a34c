/* spotcheck — targets files (include/spotcheck/targets.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is in the header.  The file is small (a row per category or
 * programme level), so it is held whole and matched by a scan of its rows. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "spotcheck/targets.h"
#include "text.h"

/* The reserved columns (contract 2), in this order in `column`. */
enum { COL_TARGET, COL_DIRECTION, COL_BY_PERIOD, COL_CHANGE, COL_LABEL, COL_RESERVED };
static const char *const reserved_names[COL_RESERVED] = {"target", "direction", "by_period",
                                                         "change", "label"};
#define NO_COLUMN ((size_t)-1)

struct sc_targets {
    char *name;
    size_t column[COL_RESERVED]; /* file column of each reserved name, or NO_COLUMN */
    char *header[COL_RESERVED];  /* its name as the header writes it ("Target") */
    char **key_names;            /* the key columns, in file order */
    size_t *key_column;          /* their file columns */
    size_t nkeys;
    sc_target_row *rows;
    char **cells; /* nrows × nkeys: the key cells, NULL for a wildcard */
    size_t nrows, cap;
};

static sc_status no_memory(sc_error *err)
{
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

static char *copy_text(const char *text, size_t len)
{
    char *out = sc_malloc(len + 1);
    if (out) {
        memcpy(out, text, len);
        out[len] = '\0';
    }
    return out;
}

/* An error at reserved column `c` of `row`: column "target": "0.95x" ... */
static sc_status bad_cell(const sc_targets *t, const sc_csv_row *row, int c, sc_error *err,
                          const char *what)
{
    size_t col = t->column[c];
    char value[64];
    sc_text_excerpt(row->fields[col], row->lengths[col], value, sizeof value);
    return sc_error_set(err, SC_EDATA, t->name, row->line, "column \"%s\": \"%s\" %s",
                        t->header[c], value, what);
}

/* A plain decimal number filling the whole cell, with an optional sign and,
 * with `percent`, an optional trailing "%": false for anything else ("inf",
 * "0x1p-1", "95 %", "1e999"). */
static bool parse_decimal(const char *text, size_t len, bool percent, double *out,
                          bool *was_percent)
{
    *was_percent = false;
    if (len == 0 || strspn(text, "0123456789.eE+-%") != len)
        return false;
    errno = 0;
    char *end;
    double value = strtod(text, &end);
    if (end == text || errno || !isfinite(value))
        return false;
    if (percent && *end == '%') {
        value /= 100;
        end++;
        *was_percent = true;
    }
    if (end != text + len)
        return false;
    *out = value;
    return true;
}

static sc_status read_target(const sc_targets *t, const sc_csv_row *row, sc_target_row *r,
                             sc_error *err)
{
    size_t col = t->column[COL_TARGET];
    r->target = NAN;
    if (col == NO_COLUMN || row->lengths[col] == 0)
        return SC_OK;
    bool percent;
    double p;
    if (!parse_decimal(row->fields[col], row->lengths[col], true, &p, &percent))
        return bad_cell(t, row, COL_TARGET, err,
                        "is not a target: give a proportion between 0 and 1 or a "
                        "percentage (0.95 or 95%)");
    if (!(p > 0 && p < 1)) {
        if (!percent && p > 1 && p < 100)
            return bad_cell(t, row, COL_TARGET, err,
                            "is not between 0 and 1: a percentage is written with % (95%)");
        return bad_cell(t, row, COL_TARGET, err,
                        "is not a target: it lies strictly between 0 and 1 (0% and 100%)");
    }
    r->target = p;
    return SC_OK;
}

static sc_status read_row_fields(const sc_targets *t, const sc_csv_row *row, sc_target_row *r,
                                 sc_error *err)
{
    sc_status s = read_target(t, row, r, err);
    if (s != SC_OK)
        return s;
    size_t col = t->column[COL_DIRECTION];
    r->direction = SC_TARGET_FLOOR;
    if (col != NO_COLUMN && row->lengths[col] > 0) {
        if (strcasecmp(row->fields[col], "ceiling") == 0)
            r->direction = SC_TARGET_CEILING;
        else if (strcasecmp(row->fields[col], "floor") != 0)
            return bad_cell(t, row, COL_DIRECTION, err,
                            "is not a direction: give floor (at least, the default) or "
                            "ceiling (at most)");
    }
    col = t->column[COL_BY_PERIOD];
    r->has_by_period = false;
    if (col != NO_COLUMN && row->lengths[col] > 0) {
        sc_error period_err;
        sc_error_clear(&period_err);
        if (sc_period_parse(row->fields[col], row->lengths[col], &r->by_period, &period_err) !=
            SC_OK) {
            char what[SC_ERROR_MESSAGE_MAX];
            snprintf(what, sizeof what, "is not a period (%.300s)", period_err.message);
            return bad_cell(t, row, COL_BY_PERIOD, err, what);
        }
        r->has_by_period = true;
    }
    col = t->column[COL_CHANGE];
    r->change = NAN;
    if (col != NO_COLUMN && row->lengths[col] > 0) {
        bool percent;
        double change;
        if (!parse_decimal(row->fields[col], row->lengths[col], false, &change, &percent) ||
            !(change > -100 && change < 100))
            return bad_cell(t, row, COL_CHANGE, err,
                            "is not a change: give percentage points between -100 and 100 "
                            "(5, +5, -0.5)");
        r->change = change;
    }
    if (isnan(r->target) && isnan(r->change)) {
        return bad_cell(t, row, t->column[COL_TARGET] != NO_COLUMN ? COL_TARGET : COL_CHANGE,
                        err, "is empty: a row needs a target or a change");
    }
    col = t->column[COL_LABEL];
    r->label = col != NO_COLUMN ? row->fields[col] : ""; /* copied by the caller */
    return SC_OK;
}

static sc_status add_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    sc_targets *t = ctx;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        sc_target_row *rows = sc_realloc(t->rows, cap * sizeof *rows);
        if (!rows)
            return no_memory(err);
        t->rows = rows;
        char **cells = sc_realloc(t->cells, cap * (t->nkeys ? t->nkeys : 1) * sizeof *cells);
        if (!cells)
            return no_memory(err);
        t->cells = cells;
        t->cap = cap;
    }
    sc_target_row *r = &t->rows[t->nrows];
    *r = (sc_target_row){.line = row->line, .label = ""};
    sc_status s = read_row_fields(t, row, r, err);
    if (s != SC_OK)
        return s;
    char **cells = &t->cells[t->nrows * t->nkeys];
    for (size_t k = 0; k < t->nkeys; k++) {
        size_t col = t->key_column[k];
        bool any = row->lengths[col] == 0 || strcmp(row->fields[col], "*") == 0;
        cells[k] = any ? NULL : copy_text(row->fields[col], row->lengths[col]);
        if (!any && !cells[k]) {
            while (k-- > 0)
                free(cells[k]);
            return no_memory(err);
        }
        r->specificity += any ? 0 : 1;
    }
    r->label = *r->label ? copy_text(r->label, strlen(r->label)) : "";
    if (!r->label) {
        for (size_t k = 0; k < t->nkeys; k++)
            free(cells[k]);
        return no_memory(err);
    }
    t->nrows++;
    return SC_OK;
}

/* Sorts the header into reserved and key columns (contract 2). */
static sc_status read_header(sc_targets *t, sc_csv *csv, sc_error *err)
{
    size_t ncols = sc_csv_columns(csv);
    for (int c = 0; c < COL_RESERVED; c++)
        t->column[c] = NO_COLUMN;
    t->key_names = sc_calloc(ncols, sizeof *t->key_names);
    t->key_column = sc_calloc(ncols, sizeof *t->key_column);
    if (!t->key_names || !t->key_column)
        return no_memory(err);
    for (size_t col = 0; col < ncols; col++) {
        const char *name = sc_csv_column_name(csv, col);
        if (!name || !*name)
            return sc_error_set(err, SC_EDATA, t->name, 1,
                                "column %zu has no name: a targets file names its columns "
                                "(key columns like --by, target, direction, by_period, change, "
                                "label)",
                                col + 1);
        for (size_t before = 0; before < col; before++)
            if (strcmp(sc_csv_column_name(csv, before), name) == 0)
                return sc_error_set(err, SC_EDATA, t->name, 1,
                                    "column \"%s\": given twice (columns %zu and %zu)", name,
                                    before + 1, col + 1);
        int reserved = -1;
        for (int c = 0; c < COL_RESERVED; c++)
            if (strcasecmp(name, reserved_names[c]) == 0)
                reserved = c;
        if (reserved >= 0) {
            if (t->column[reserved] != NO_COLUMN)
                return sc_error_set(err, SC_EDATA, t->name, 1,
                                    "column \"%s\": given twice (columns %zu and %zu)", name,
                                    t->column[reserved] + 1, col + 1);
            t->column[reserved] = col;
            t->header[reserved] = copy_text(name, strlen(name));
            if (!t->header[reserved])
                return no_memory(err);
        } else {
            t->key_names[t->nkeys] = copy_text(name, strlen(name));
            if (!t->key_names[t->nkeys])
                return no_memory(err);
            t->key_column[t->nkeys++] = col;
        }
        sc_csv_want(csv, col);
    }
    if (t->column[COL_TARGET] == NO_COLUMN && t->column[COL_CHANGE] == NO_COLUMN)
        return sc_error_set(err, SC_EDATA, t->name, 1,
                            "no column \"target\": a targets file has a target column (or a "
                            "change column), and key columns named like the --by columns");
    return SC_OK;
}

sc_status sc_targets_read(const char *path, const sc_csv_opts *opts, sc_targets **out,
                          sc_error *err)
{
    *out = NULL;
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_targets *t = sc_calloc(1, sizeof *t);
    if (!t || !(t->name = copy_text(sc_csv_name(csv), strlen(sc_csv_name(csv))))) {
        sc_csv_close(csv);
        sc_targets_free(t);
        return no_memory(err);
    }
    s = read_header(t, csv, err);
    if (s == SC_OK)
        s = sc_csv_read(csv, add_row, t, err);
    if (s == SC_OK && t->nrows == 0)
        s = sc_error_set(err, SC_EDATA, t->name, 1, "no targets: the file has a header only");
    sc_csv_close(csv);
    if (s != SC_OK) {
        sc_targets_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

void sc_targets_free(sc_targets *targets)
{
    if (!targets)
        return;
    for (size_t i = 0; i < targets->nrows; i++) {
        for (size_t k = 0; k < targets->nkeys; k++)
            free(targets->cells[i * targets->nkeys + k]);
        if (*targets->rows[i].label)
            free((char *)targets->rows[i].label);
    }
    for (size_t k = 0; k < targets->nkeys; k++)
        free(targets->key_names[k]);
    free(targets->key_names);
    for (int c = 0; c < COL_RESERVED; c++)
        free(targets->header[c]);
    free(targets->key_column);
    free(targets->cells);
    free(targets->rows);
    free(targets->name);
    free(targets);
}

const char *sc_targets_name(const sc_targets *targets)
{
    return targets->name;
}

size_t sc_targets_count(const sc_targets *targets)
{
    return targets->nrows;
}

const sc_target_row *sc_targets_row(const sc_targets *targets, size_t i)
{
    return i < targets->nrows ? &targets->rows[i] : NULL;
}

size_t sc_targets_key_count(const sc_targets *targets)
{
    return targets->nkeys;
}

const char *sc_targets_key_name(const sc_targets *targets, size_t key)
{
    return key < targets->nkeys ? targets->key_names[key] : NULL;
}

const char *sc_targets_key_cell(const sc_targets *targets, size_t row, size_t key)
{
    return row < targets->nrows && key < targets->nkeys ? targets->cells[row * targets->nkeys + key]
                                                        : NULL;
}

bool sc_targets_has_column(const sc_targets *targets, const char *name)
{
    for (int c = 0; c < COL_RESERVED; c++)
        if (strcmp(name, reserved_names[c]) == 0)
            return targets->column[c] != NO_COLUMN;
    return false;
}

/* Which of names[0, nnames) key column k is; NO_COLUMN when none. */
static size_t group_column(const sc_targets *t, size_t k, const char *const *names, size_t nnames)
{
    for (size_t i = 0; i < nnames; i++)
        if (names[i] && strcmp(names[i], t->key_names[k]) == 0)
            return i;
    return NO_COLUMN;
}

sc_status sc_targets_check_keys(const sc_targets *targets, const char *const *names,
                                size_t nnames, sc_error *err)
{
    for (size_t k = 0; k < targets->nkeys; k++) {
        if (group_column(targets, k, names, nnames) != NO_COLUMN)
            continue;
        char groups[512] = "";
        for (size_t i = 0; i < nnames; i++) {
            size_t used = strlen(groups);
            snprintf(groups + used, sizeof groups - used, "%s%s", i ? ", " : "", names[i]);
        }
        return sc_error_set(err, SC_EDATA, targets->name, 1,
                            "column \"%s\": not a group column (the group columns are %s; the "
                            "other columns of a targets file are target, direction, by_period, "
                            "change and label)",
                            targets->key_names[k], nnames ? groups : "none: give --by");
    }
    return SC_OK;
}

sc_status sc_targets_match(const sc_targets *targets, const char *const *names,
                           const char *const *values, size_t nkeys, const sc_target_row **row,
                           sc_error *err)
{
    *row = NULL;
    sc_status s = sc_targets_check_keys(targets, names, nkeys, err);
    if (s != SC_OK)
        return s;
    size_t where[SC_KEY_PARTS_MAX]; /* group column of each key column */
    size_t nk = targets->nkeys < SC_KEY_PARTS_MAX ? targets->nkeys : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < nk; k++)
        where[k] = group_column(targets, k, names, nkeys);
    /* the most specific matching row, then any other as specific */
    const sc_target_row *best = NULL, *tie = NULL;
    for (size_t i = 0; i < targets->nrows; i++) {
        const sc_target_row *r = &targets->rows[i];
        char *const *cells = &targets->cells[i * targets->nkeys];
        bool matches = true;
        for (size_t k = 0; matches && k < targets->nkeys; k++) {
            size_t g = k < nk ? where[k] : group_column(targets, k, names, nkeys);
            matches = !cells[k] || strcmp(cells[k], values[g]) == 0;
        }
        if (!matches || (best && r->specificity < best->specificity))
            continue;
        if (best && r->specificity == best->specificity) {
            if (!tie)
                tie = r;
            continue;
        }
        best = r;
        tie = NULL;
    }
    if (tie) {
        char group[256] = "";
        for (size_t g = 0; g < nkeys; g++) {
            size_t used = strlen(group);
            snprintf(group + used, sizeof group - used, "%s%s", g ? "/" : "", values[g]);
        }
        return sc_error_set(err, SC_EDATA, targets->name, tie->line,
                            "this row and line %llu both match the group %s, each with %zu key "
                            "cell%s: make one more specific or remove one",
                            best->line, nkeys ? group : "(all rows)", tie->specificity,
                            tie->specificity == 1 ? "" : "s");
    }
    *row = best;
    return SC_OK;
}

sc_status sc_targets_match_group(const sc_targets *targets, const sc_groups *groups,
                                 size_t nkeys, size_t index, const sc_target_row **row,
                                 sc_error *err)
{
    *row = NULL;
    if (nkeys > sc_groups_nkeys(groups) || index >= sc_groups_count(groups))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "targets: no such group");
    const char *names[SC_KEY_PARTS_MAX], *values[SC_KEY_PARTS_MAX];
    for (size_t k = 0; k < nkeys; k++) {
        names[k] = sc_groups_key_name(groups, k);
        values[k] = sc_groups_key(groups, index, k);
    }
    return sc_targets_match(targets, names, values, nkeys, row, err);
}

sc_status sc_targets_match_all(const sc_targets *targets, const sc_target_row **row,
                               sc_error *err)
{
    *row = NULL;
    for (size_t i = 0; i < targets->nrows; i++) {
        const sc_target_row *r = &targets->rows[i];
        if (r->specificity > 0)
            continue;
        if (*row) {
            const sc_target_row *first = *row;
            *row = NULL;
            return sc_error_set(err, SC_EDATA, targets->name, r->line,
                                "this row and line %llu both match every group: remove one",
                                first->line);
        }
        *row = r;
    }
    return SC_OK;
}

/* 1 - p to 15 decimals: the complement of a target written with at most 15
 * decimals is then the one written (1 - 0.97 is 0.03, not 0.030000000000000027). */
static double complement(double p)
{
    return nearbyint((1 - p) * 1e15) / 1e15;
}

sc_rate_target sc_target_on_rate(const sc_target_row *row, sc_rate_kind kind)
{
    const sc_rate_kind_info *info = sc_rate_kind_get(kind);
    if (!info || info->target == row->direction)
        return (sc_rate_target){row->target, row->direction, row->change, row->label};
    return (sc_rate_target){
        .label = row->label,
        .target = isnan(row->target) ? NAN : complement(row->target),
        .direction = row->direction == SC_TARGET_FLOOR ? SC_TARGET_CEILING : SC_TARGET_FLOOR,
        .change = isnan(row->change) ? NAN : -row->change,
    };
}

const char *sc_target_direction_name(sc_target_kind direction)
{
    return direction == SC_TARGET_CEILING ? "ceiling" : "floor";
}
