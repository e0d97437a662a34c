/* spotcheck — the population file of spotcheck rate --strata and the
 * standard population of --adjust-for --standard, and the population column
 * of the records (rate --population COL): contract P1-P4 of
 * include/spotcheck/stratify.h.  Both forms make the same sc_population, so
 * that one estimation reads either.
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
    char *file;             /* the file's name; the column's in the column form */
    char *column;           /* the population column's header name */
    size_t nouter, nparts;  /* nouter + nstrata */
    bool has[SC_KEY_PARTS_MAX]; /* the file has a column for the part */
    size_t count, cap;
    char **keys;            /* count x nparts cells (NULL where !has) */
    uint64_t *values;
    unsigned long long *lines;
    size_t *file_of;        /* each row's file in files[] */
    char **files;           /* the files the rows came from (one for a population file) */
    size_t nfiles;
    sc_groups *index;       /* P4: the row of each key (row i is group i) */
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

/* P2: a whole number of at most SC_COUNT_MAX, digits only (csvin has
 * trimmed an unquoted cell). */
static bool parse_population(const char *text, size_t len, uint64_t *value)
{
    if (len == 0 || len > 20 || strspn(text, "0123456789") != len)
        return false;
    char *end;
    errno = 0;
    unsigned long long number = strtoull(text, &end, 10);
    if (errno || (size_t)(end - text) != len || number > SC_COUNT_MAX)
        return false;
    *value = (uint64_t)number;
    return true;
}

/* Appends a row keyed by cells[k] (lens[k] bytes; NULL where !has[k]) with
 * its value and place (file `file_index`). */
static sc_status append_row(sc_population *p, const char *const *cells, const size_t *lens,
                            uint64_t value, unsigned long long line, size_t file_index,
                            sc_error *err)
{
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
        size_t *file_of = sc_realloc(p->file_of, cap * sizeof *file_of);
        if (file_of)
            p->file_of = file_of;
        if (!keys || !values || !lines || !file_of)
            return no_memory(err);
        p->cap = cap;
    }
    for (size_t k = 0; k < p->nparts; k++) {
        char **cell = &p->keys[p->count * p->nparts + k];
        *cell = NULL;
        if (p->has[k] && !(*cell = copy_text(cells[k], lens[k]))) {
            for (size_t j = 0; j < k; j++)
                free(p->keys[p->count * p->nparts + j]);
            return no_memory(err);
        }
    }
    p->values[p->count] = value;
    p->lines[p->count] = line;
    p->file_of[p->count] = file_index;
    p->count++;
    return SC_OK;
}

/* P2 */
static sc_status add_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    sc_population *p = r->pop;
    size_t col = r->population_col;
    uint64_t value;
    if (!parse_population(row->fields[col], row->lengths[col], &value))
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
    const char *cells[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    for (size_t k = 0; k < p->nparts; k++) {
        cells[k] = p->has[k] ? row->fields[r->column[k]] : NULL;
        lens[k] = p->has[k] ? row->lengths[r->column[k]] : 0;
    }
    return append_row(p, cells, lens, value, row->line, 0, err);
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
        if (slot == &r->population_col && !(p->column = copy_text(name, strlen(name))))
            return no_memory(err);
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
    if (!p || !(p->file = copy_text(sc_csv_name(csv), strlen(sc_csv_name(csv)))) ||
        !(p->files = sc_malloc(sizeof *p->files)) ||
        !(p->files[0] = copy_text(p->file, strlen(p->file)))) {
        sc_csv_close(csv);
        sc_population_free(p);
        return no_memory(err);
    }
    p->nfiles = 1;
    p->nouter = nouter;
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

/* ---- the population column (P4) ----------------------------------------------------- */

sc_status sc_population_new_column(const char *column, size_t nouter, size_t nstrata,
                                   sc_population **out, sc_error *err)
{
    *out = NULL;
    if (!column || nstrata == 0 || nouter + nstrata > SC_KEY_PARTS_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "a population column needs strata columns");
    sc_population *p = sc_calloc(1, sizeof *p);
    if (!p || !(p->file = copy_text(column, strlen(column))) ||
        !(p->column = copy_text(column, strlen(column))) ||
        !(p->index = sc_groups_new(nouter + nstrata))) {
        sc_population_free(p);
        return no_memory(err);
    }
    p->nouter = nouter;
    p->nparts = nouter + nstrata;
    for (size_t k = 0; k < p->nparts; k++)
        p->has[k] = true;
    *out = p;
    return SC_OK;
}

/* "浙江省/大型": key parts [first, last) of `cell`, joined by '/'. */
static void cell_key_text(const sc_record_cell *cell, size_t first, size_t last, char *out,
                          size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = first; k < last && used + 1 < size; k++) {
        int n = snprintf(out + used, size - used, "%s%.*s", k > first ? "/" : "",
                         (int)cell->lens[k], cell->keys[k]);
        if (n < 0)
            break;
        used += (size_t)n < size - used ? (size_t)n : size - used - 1;
    }
}

/* The index of `name` in p->files, added when new; SIZE_MAX when out of memory. */
static size_t file_index(sc_population *p, const char *name)
{
    for (size_t i = 0; i < p->nfiles; i++)
        if (strcmp(p->files[i], name) == 0)
            return i;
    char **files = sc_realloc(p->files, (p->nfiles + 1) * sizeof *files);
    if (!files)
        return SIZE_MAX;
    p->files = files;
    if (!(files[p->nfiles] = copy_text(name, strlen(name))))
        return SIZE_MAX;
    return p->nfiles++;
}

/* P4: a new row of the column form, at the place (line of file) of its first
 * record, and in the index; as it was when it fails. */
static sc_status add_keyed_row(sc_population *p, const char *const *keys, const size_t *lens,
                               uint64_t value, unsigned long long line, const char *file,
                               sc_error *err)
{
    size_t at = file_index(p, file);
    if (at == SIZE_MAX)
        return no_memory(err);
    sc_status s = append_row(p, keys, lens, value, line, at, err);
    if (s == SC_OK && (sc_groups_add(p->index, keys, lens, 0, 0) != SC_OK ||
                       sc_groups_count(p->index) != p->count)) {
        p->count--; /* the index lost it: leave the population as it was */
        for (size_t k = 0; k < p->nparts; k++)
            free(p->keys[p->count * p->nparts + k]);
        s = no_memory(err);
    }
    return s;
}

/* The key of row i of the column form (every part is there). */
static void row_key(const sc_population *p, size_t i, const char **cells, size_t *lens)
{
    for (size_t k = 0; k < p->nparts; k++) {
        cells[k] = p->keys[i * p->nparts + k];
        lens[k] = strlen(cells[k]);
    }
}

sc_status sc_population_on_cell(void *population, const sc_record_cell *cell, sc_error *err)
{
    sc_population *p = population;
    if (cell->nkeys != p->nparts)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "population column: the key has %zu parts, "
                                                     "not %zu", cell->nkeys, p->nparts);
    char value_text[64];
    uint64_t value;
    if (!parse_population(cell->text, cell->len, &value) || value == 0) {
        sc_text_excerpt(cell->text, cell->len, value_text, sizeof value_text);
        return sc_error_set(err, SC_EDATA, cell->file, cell->line,
                            "column \"%s\": \"%s\" is not a population: give the number of "
                            "units in the row's stratum, a whole number from 1",
                            cell->column, value_text);
    }
    size_t row;
    if (sc_groups_find(p->index, cell->keys, cell->lens, &row)) {
        if (p->values[row] == value)
            return SC_OK;
        char group[256], stratum[256], earlier[300];
        cell_key_text(cell, 0, p->nouter, group, sizeof group);
        cell_key_text(cell, p->nouter, p->nparts, stratum, sizeof stratum);
        const char *file = p->files[p->file_of[row]];
        if (strcmp(file, cell->file) == 0)
            snprintf(earlier, sizeof earlier, "line %llu", p->lines[row]);
        else
            snprintf(earlier, sizeof earlier, "%s:%llu", file, p->lines[row]);
        sc_text_excerpt(cell->text, cell->len, value_text, sizeof value_text);
        return sc_error_set(err, SC_EDATA, cell->file, cell->line,
                            "column \"%s\": \"%s\" differs from the population %llu given for "
                            "stratum \"%s\"%s%s%s on %s: every row of a stratum gives the "
                            "same population",
                            cell->column, value_text, (unsigned long long)p->values[row],
                            stratum, p->nouter ? " of group \"" : "", group,
                            p->nouter ? "\"" : "", earlier);
    }
    return add_keyed_row(p, cell->keys, cell->lens, value, cell->line, cell->file, err);
}

void *sc_population_fork(const void *population)
{
    const sc_population *p = population;
    sc_population *fork;
    sc_error err;
    if (sc_population_new_column(p->column, p->nouter, p->nparts - p->nouter, &fork, &err) !=
        SC_OK)
        return NULL;
    return fork;
}

sc_status sc_population_merge(void *into, const void *from)
{
    sc_population *p = into;
    const sc_population *f = from;
    if (f->nparts != p->nparts)
        return SC_EINVAL;
    /* first whether every row agrees, so that a disagreement changes nothing */
    for (size_t i = 0; i < f->count; i++) {
        const char *cells[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX], row;
        row_key(f, i, cells, lens);
        if (sc_groups_find(p->index, cells, lens, &row) && p->values[row] != f->values[i])
            return SC_EDATA;
    }
    sc_error err;
    for (size_t i = 0; i < f->count; i++) {
        const char *cells[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX], row;
        row_key(f, i, cells, lens);
        if (sc_groups_find(p->index, cells, lens, &row))
            continue;
        sc_status s = add_keyed_row(p, cells, lens, f->values[i], f->lines[i],
                                    f->files[f->file_of[i]], &err);
        if (s != SC_OK)
            return s;
    }
    return SC_OK;
}

void sc_population_free_ctx(void *population)
{
    sc_population_free(population);
}

/* ---- reading a population -------------------------------------------------------------- */

bool sc_population_find(const sc_population *p, const sc_groups *groups, size_t index,
                        size_t *row)
{
    for (size_t i = 0; i < p->count; i++) {
        bool same = true;
        for (size_t k = 0; same && k < p->nparts; k++)
            same = !p->has[k] ||
                   strcmp(p->keys[i * p->nparts + k], sc_groups_key(groups, index, k)) == 0;
        if (same) {
            *row = i;
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

const char *sc_population_file(const sc_population *p, size_t row)
{
    return p->files[p->file_of[row]];
}

const char *sc_population_name(const sc_population *p)
{
    return p->file;
}

const char *sc_population_column(const sc_population *p)
{
    return p->column ? p->column : "population";
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
    free(p->file_of);
    for (size_t i = 0; i < p->nfiles; i++)
        free(p->files[i]);
    free(p->files);
    sc_groups_free(p->index);
    free(p->column);
    free(p->file);
    free(p);
}
