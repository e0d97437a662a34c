/* spotcheck — the population file of spotcheck rate --strata and the
 * standard population of --adjust-for --standard (contract P1-P3 of
 * include/spotcheck/stratify.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "spotcheck/stratify.h"
#include "text.h"

#define NO_COLUMN ((size_t)-1)

struct sc_population {
    char *file;
    size_t nparts;          /* nouter + nstrata */
    bool has[SC_KEY_PARTS_MAX]; /* the file has a column for the part */
    size_t count, cap;
    char **keys;            /* count x nparts cells (NULL where !has) */
    uint64_t *values;
    unsigned long long *lines;
};

typedef struct reader {
    sc_population *pop;
    size_t column[SC_KEY_PARTS_MAX]; /* the file's column of each part */
    const char *header[SC_KEY_PARTS_MAX];
    size_t population_col;
    const char *population_header;
} reader;

static sc_status no_memory(sc_error *err)
{
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

static char *copy_text(const char *text, size_t len)
{
    char *copy = sc_malloc(len + 1);
    if (copy) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

static sc_status bad_cell(const reader *r, const sc_csv_row *row, size_t col, const char *name,
                          const char *what, sc_error *err)
{
    char value[64];
    sc_text_excerpt(row->fields[col], row->lengths[col], value, sizeof value);
    return sc_error_set(err, SC_EDATA, r->pop->file, row->line, "column \"%s\": \"%s\" %s", name,
                        value, what);
}

/* P2 */
static sc_status add_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    sc_population *p = r->pop;
    size_t col = r->population_col;
    const char *text = row->fields[col];
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (row->lengths[col] == 0 || text[0] < '0' || text[0] > '9' || *end || errno ||
        value > SC_COUNT_MAX)
        return bad_cell(r, row, col, r->population_header,
                        "is not a population: give the number of units in the stratum, a "
                        "whole number",
                        err);
    for (size_t i = 0; i < p->count; i++) {
        bool same = true;
        for (size_t k = 0; same && k < p->nparts; k++)
            same = !p->has[k] || strcmp(p->keys[i * p->nparts + k], row->fields[r->column[k]]) == 0;
        if (same)
            return sc_error_set(err, SC_EDATA, p->file, row->line,
                                "the same stratum as line %llu: one row per stratum",
                                p->lines[i]);
    }
    if (p->count == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        char **keys = sc_realloc(p->keys, cap * p->nparts * sizeof *keys);
        if (keys)
            p->keys = keys;
        uint64_t *values = sc_realloc(p->values, cap * sizeof *values);
        if (values)
            p->values = values;
        unsigned long long *lines = sc_realloc(p->lines, cap * sizeof *lines);
        if (lines)
            p->lines = lines;
        if (!keys || !values || !lines)
            return no_memory(err);
        p->cap = cap;
    }
    for (size_t k = 0; k < p->nparts; k++) {
        char **cell = &p->keys[p->count * p->nparts + k];
        *cell = NULL;
        if (p->has[k] &&
            !(*cell = copy_text(row->fields[r->column[k]], row->lengths[r->column[k]]))) {
            for (size_t j = 0; j < k; j++)
                free(p->keys[p->count * p->nparts + j]);
            return no_memory(err);
        }
    }
    p->values[p->count] = (uint64_t)value;
    p->lines[p->count] = row->line;
    p->count++;
    return SC_OK;
}

/* P1 */
static sc_status read_header(reader *r, sc_csv *csv, const char *const *names, size_t nouter,
                             size_t nstrata, sc_error *err)
{
    sc_population *p = r->pop;
    for (size_t k = 0; k < p->nparts; k++)
        r->column[k] = NO_COLUMN;
    r->population_col = NO_COLUMN;
    size_t stratum_col = NO_COLUMN;
    for (size_t col = 0; col < sc_csv_columns(csv); col++) {
        const char *name = sc_csv_column_name(csv, col);
        if (!name)
            name = "";
        size_t part = NO_COLUMN;
        for (size_t k = 0; k < p->nparts && part == NO_COLUMN; k++)
            if (strcmp(name, names[k]) == 0)
                part = k;
        size_t *slot = NULL;
        if (part != NO_COLUMN)
            slot = &r->column[part];
        else if (strcasecmp(name, "population") == 0)
            slot = &r->population_col;
        else if (strcasecmp(name, "stratum") == 0 && nstrata == 1)
            slot = &stratum_col;
        else if (strcasecmp(name, "rate") == 0)
            continue;
        else {
            char shown[64];
            sc_text_excerpt(name, strlen(name), shown, sizeof shown);
            return sc_error_set(err, SC_EDATA, p->file, 1,
                                "column \"%s\": not a column of a population file (population "
                                "and the strata columns, optionally the group columns)",
                                shown);
        }
        if (*slot != NO_COLUMN)
            return sc_error_set(err, SC_EDATA, p->file, 1,
                                "column \"%s\": given twice (columns %zu and %zu)", name,
                                *slot + 1, col + 1);
        *slot = col;
        if (part != NO_COLUMN)
            r->header[part] = name;
        else if (slot == &r->population_col)
            r->population_header = name;
        sc_csv_want(csv, col);
    }
    if (stratum_col != NO_COLUMN) {
        if (r->column[nouter] != NO_COLUMN)
            return sc_error_set(err, SC_EDATA, p->file, 1,
                                "columns \"stratum\" and \"%s\": give one of them",
                                names[nouter]);
        r->column[nouter] = stratum_col;
        r->header[nouter] = "stratum";
    }
    if (r->population_col == NO_COLUMN)
        return sc_error_set(err, SC_EDATA, p->file, 1,
                            "no column \"population\": a population file has the columns "
                            "population and the strata columns");
    for (size_t k = nouter; k < p->nparts; k++)
        if (r->column[k] == NO_COLUMN)
            return sc_error_set(err, SC_EDATA, p->file, 1,
                                "no column \"%s\": a population file names every strata "
                                "column",
                                names[k]);
    for (size_t k = 0; k < p->nparts; k++)
        p->has[k] = r->column[k] != NO_COLUMN;
    return SC_OK;
}

sc_status sc_population_read(const char *path, const sc_csv_opts *opts,
                             const char *const *names, size_t nouter, size_t nstrata,
                             sc_population **out, sc_error *err)
{
    *out = NULL;
    if (!path || nstrata == 0 || nouter + nstrata > SC_KEY_PARTS_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "a population file needs strata columns");
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_population *p = sc_calloc(1, sizeof *p);
    if (!p || !(p->file = copy_text(sc_csv_name(csv), strlen(sc_csv_name(csv))))) {
        sc_csv_close(csv);
        sc_population_free(p);
        return no_memory(err);
    }
    p->nparts = nouter + nstrata;
    reader r = {.pop = p};
    s = read_header(&r, csv, names, nouter, nstrata, err);
    if (s == SC_OK)
        s = sc_csv_read(csv, add_row, &r, err);
    if (s == SC_OK && p->count == 0)
        s = sc_error_set(err, SC_EDATA, p->file, 1, "no strata: the file has a header only");
    sc_csv_close(csv);
    if (s != SC_OK) {
        sc_population_free(p);
        return s;
    }
    *out = p;
    return SC_OK;
}

bool sc_population_find(const sc_population *p, const sc_groups *groups, size_t index,
                        uint64_t *value, unsigned long long *line)
{
    for (size_t i = 0; i < p->count; i++) {
        bool same = true;
        for (size_t k = 0; same && k < p->nparts; k++)
            same = !p->has[k] ||
                   strcmp(p->keys[i * p->nparts + k], sc_groups_key(groups, index, k)) == 0;
        if (same) {
            *value = p->values[i];
            *line = p->lines[i];
            return true;
        }
    }
    return false;
}

size_t sc_population_rows(const sc_population *p)
{
    return p->count;
}

const char *sc_population_key(const sc_population *p, size_t row, size_t part)
{
    return p->has[part] ? p->keys[row * p->nparts + part] : NULL;
}

uint64_t sc_population_value(const sc_population *p, size_t row)
{
    return p->values[row];
}

unsigned long long sc_population_line(const sc_population *p, size_t row)
{
    return p->lines[row];
}

const char *sc_population_name(const sc_population *p)
{
    return p->file;
}

void sc_population_free(sc_population *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count * p->nparts; i++)
        free(p->keys[i]);
    free(p->keys);
    free(p->values);
    free(p->lines);
    free(p->file);
    free(p);
}
