/* spotcheck — the strata file of spotcheck plan --strata: stratum,
 * population[,rate] (contract A6 of include/spotcheck/allocate.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "spotcheck/allocate.h"
#include "text.h"

enum { COL_STRATUM, COL_POPULATION, COL_RATE, COL_COUNT };
static const char *const column_names[COL_COUNT] = {"stratum", "population", "rate"};
#define NO_COLUMN ((size_t)-1)

typedef struct reader {
    sc_strata *strata;
    size_t cap;
    size_t column[COL_COUNT];
    const char *header[COL_COUNT];
} reader;

static sc_status no_memory(sc_error *err)
{
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

static sc_status bad_cell(const reader *r, const sc_csv_row *row, int c, sc_error *err,
                          const char *what)
{
    size_t col = r->column[c];
    char value[64];
    sc_text_excerpt(row->fields[col], row->lengths[col], value, sizeof value);
    return sc_error_set(err, SC_EDATA, r->strata->file, row->line, "column \"%s\": \"%s\" %s",
                        r->header[c], value, what);
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

sc_status sc_rate_cell_parse(const char *text, size_t len, double *rate, const char **why)
{
    *rate = NAN;
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    bool ok = len > 0 && strspn(text, "0123456789.eE+-%") == len && end != text && !errno &&
              isfinite(value);
    bool percent = ok && *end == '%';
    if (percent) {
        /* divided by 100 in decimal, so that 96.9% is the double nearest 0.969 */
        char shifted[80];
        int digits = (int)(end - text);
        if (digits > 60 || memchr(text, 'e', len) || memchr(text, 'E', len))
            ok = false;
        else {
            snprintf(shifted, sizeof shifted, "%.*se-2", digits, text);
            value = strtod(shifted, NULL);
        }
        end++;
    }
    if (!ok || end != text + len) {
        *why = "is not a rate: give a proportion (0.95) or a percentage (95%)";
        return SC_EDATA;
    }
    if (!(value >= 0 && value <= 1)) {
        *why = !percent && value > 1 && value <= 100
                   ? "is not between 0 and 1: a percentage is written with % (95%)"
                   : "is not a rate: it lies between 0 and 1 (0% and 100%)";
        return SC_EDATA;
    }
    *rate = value;
    return SC_OK;
}

static sc_status read_rate(const reader *r, const sc_csv_row *row, double *rate, sc_error *err)
{
    *rate = NAN;
    size_t col = r->column[COL_RATE];
    if (col == NO_COLUMN || row->lengths[col] == 0)
        return SC_OK;
    const char *why = NULL;
    if (sc_rate_cell_parse(row->fields[col], row->lengths[col], rate, &why) != SC_OK)
        return bad_cell(r, row, COL_RATE, err, why);
    return SC_OK;
}

static sc_status add_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    sc_strata *t = r->strata;
    size_t col = r->column[COL_STRATUM];
    if (row->lengths[col] == 0)
        return bad_cell(r, row, COL_STRATUM, err, "is empty: every stratum has a name");
    for (size_t h = 0; h < t->count; h++)
        if (strcmp(t->names[h], row->fields[col]) == 0) {
            char what[96];
            snprintf(what, sizeof what, "is given twice (first on line %llu)", t->lines[h]);
            return bad_cell(r, row, COL_STRATUM, err, what);
        }
    col = r->column[COL_POPULATION];
    const char *text = row->fields[col];
    char *end;
    errno = 0;
    unsigned long long population = strtoull(text, &end, 10);
    if (row->lengths[col] == 0 || text[0] < '0' || text[0] > '9' || *end || errno ||
        population > (UINT64_C(1) << 53))
        return bad_cell(r, row, COL_POPULATION, err,
                        "is not a population: give the number of units in the stratum, a "
                        "whole number");
    if (population == 0)
        return bad_cell(r, row, COL_POPULATION, err,
                        "is not a population: a stratum holds at least one unit");
    double rate;
    sc_status s = read_rate(r, row, &rate, err);
    if (s != SC_OK)
        return s;
    if (t->count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        char **names = sc_realloc(t->names, cap * sizeof *names);
        if (names)
            t->names = names;
        unsigned long long *lines = sc_realloc(t->lines, cap * sizeof *lines);
        if (lines)
            t->lines = lines;
        sc_stratum_share *shares = sc_realloc(t->shares, cap * sizeof *shares);
        if (shares)
            t->shares = shares;
        if (!names || !lines || !shares)
            return no_memory(err);
        r->cap = cap;
    }
    col = r->column[COL_STRATUM];
    t->names[t->count] = copy_text(row->fields[col], row->lengths[col]);
    if (!t->names[t->count])
        return no_memory(err);
    t->lines[t->count] = row->line;
    t->shares[t->count] = (sc_stratum_share){.population = population, .rate = rate};
    t->count++;
    return SC_OK;
}

static sc_status read_header(reader *r, sc_csv *csv, sc_error *err)
{
    const char *file = r->strata->file;
    for (int c = 0; c < COL_COUNT; c++)
        r->column[c] = NO_COLUMN;
    for (size_t col = 0; col < sc_csv_columns(csv); col++) {
        const char *name = sc_csv_column_name(csv, col);
        int which = -1;
        for (int c = 0; c < COL_COUNT; c++)
            if (name && strcasecmp(name, column_names[c]) == 0)
                which = c;
        if (which < 0) {
            char shown[64];
            sc_text_excerpt(name ? name : "", name ? strlen(name) : 0, shown, sizeof shown);
            return sc_error_set(err, SC_EDATA, file, 1,
                                "column \"%s\": not a column of a strata file (stratum, "
                                "population and optionally rate)",
                                shown);
        }
        if (r->column[which] != NO_COLUMN)
            return sc_error_set(err, SC_EDATA, file, 1,
                                "column \"%s\": given twice (columns %zu and %zu)", name,
                                r->column[which] + 1, col + 1);
        r->column[which] = col;
        r->header[which] = name;
        sc_csv_want(csv, col);
    }
    for (int c = COL_STRATUM; c <= COL_POPULATION; c++)
        if (r->column[c] == NO_COLUMN)
            return sc_error_set(err, SC_EDATA, file, 1,
                                "no column \"%s\": a strata file has the columns stratum, "
                                "population and optionally rate",
                                column_names[c]);
    r->strata->has_rate = r->column[COL_RATE] != NO_COLUMN;
    return SC_OK;
}

sc_status sc_strata_read(const char *path, const sc_csv_opts *opts, sc_strata **out,
                         sc_error *err)
{
    if (!out || !path)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no strata file");
    *out = NULL;
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_strata *t = sc_calloc(1, sizeof *t);
    if (!t || !(t->file = copy_text(sc_csv_name(csv), strlen(sc_csv_name(csv))))) {
        sc_csv_close(csv);
        sc_strata_free(t);
        return no_memory(err);
    }
    reader r = {.strata = t};
    s = read_header(&r, csv, err);
    if (s == SC_OK)
        s = sc_csv_read(csv, add_row, &r, err);
    if (s == SC_OK && t->count == 0)
        s = sc_error_set(err, SC_EDATA, t->file, 1, "no strata: the file has a header only");
    sc_csv_close(csv);
    if (s != SC_OK) {
        sc_strata_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

void sc_strata_free(sc_strata *strata)
{
    if (!strata)
        return;
    for (size_t h = 0; h < strata->count; h++)
        free(strata->names[h]);
    free(strata->names);
    free(strata->lines);
    free(strata->shares);
    free(strata->file);
    free(strata);
}
