/* spotcheck — the register of a draw read whole: every row's fields kept,
 * the id and the stratum (the --by values) of each row (contract D5 of
 * include/spotcheck/draw.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "spotcheck/draw.h"

typedef struct reader {
    sc_register *reg;
    size_t cap;
    size_t id_col;
} reader;

static char *copy_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, text, len + 1);
    return copy;
}

static sc_status no_memory(sc_error *err)
{
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

static sc_status add_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    sc_register *g = r->reg;
    if (row->lengths[r->id_col] == 0)
        return sc_error_set(err, SC_EDATA, g->file, row->line,
                            "column \"%s\": the id is empty: every unit of a register has one",
                            g->columns[r->id_col]);
    if (g->nrows == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        char **cells = realloc(g->cells, cap * g->ncolumns * sizeof *cells);
        if (!cells)
            return no_memory(err);
        g->cells = cells;
        unsigned long long *lines = realloc(g->lines, cap * sizeof *lines);
        if (!lines)
            return no_memory(err);
        g->lines = lines;
        r->cap = cap;
    }
    size_t total = 0;
    for (size_t c = 0; c < g->ncolumns; c++)
        total += row->lengths[c] + 1;
    char *block = malloc(total);
    if (!block)
        return no_memory(err);
    char **cells = &g->cells[g->nrows * g->ncolumns];
    for (size_t c = 0; c < g->ncolumns; c++) {
        memcpy(block, row->fields[c], row->lengths[c] + 1);
        cells[c] = block;
        block += row->lengths[c] + 1;
    }
    g->lines[g->nrows++] = row->line;
    return SC_OK;
}

sc_status sc_register_read(const char *path, const sc_csv_opts *opts, const char *id,
                           sc_register **out, sc_error *err)
{
    if (!out || !path || !id)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no register or no id column");
    *out = NULL;
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_register *g = calloc(1, sizeof *g);
    reader r = {.reg = g};
    if (!g || !(g->file = copy_text(sc_csv_name(csv))))
        s = no_memory(err);
    if (s == SC_OK) {
        g->ncolumns = sc_csv_columns(csv);
        g->columns = calloc(g->ncolumns, sizeof *g->columns);
        if (!g->columns)
            s = no_memory(err);
    }
    for (size_t c = 0; s == SC_OK && c < g->ncolumns; c++) {
        g->columns[c] = copy_text(sc_csv_column_name(csv, c));
        if (!g->columns[c])
            s = no_memory(err);
        sc_csv_want(csv, c);
    }
    if (s == SC_OK) {
        sc_error why;
        sc_error_clear(&why);
        if (sc_csv_find_column(csv, id, &r.id_col, &why) != SC_OK)
            s = sc_error_set(err, SC_EINVAL, NULL, 0, "--id: %s", why.message);
        g->id_column = r.id_col;
    }
    if (s == SC_OK)
        s = sc_csv_read(csv, add_row, &r, err);
    sc_csv_close(csv);
    if (s != SC_OK) {
        sc_register_free(g);
        return s;
    }
    *out = g;
    return SC_OK;
}

sc_status sc_register_column(const sc_register *reg, const char *spec, size_t *col,
                             sc_error *err)
{
    for (size_t c = 0; c < reg->ncolumns; c++)
        if (strcmp(reg->columns[c], spec) == 0) {
            *col = c;
            return SC_OK;
        }
    char *end;
    unsigned long number = strtoul(spec, &end, 10);
    if (spec[0] >= '1' && spec[0] <= '9' && !*end && number <= reg->ncolumns) {
        *col = number - 1;
        return SC_OK;
    }
    return sc_error_set(err, SC_EINVAL, NULL, 0, "no column \"%s\" in %s", spec, reg->file);
}

void sc_register_free(sc_register *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->nrows; i++)
        free(reg->cells[i * reg->ncolumns]);
    for (size_t c = 0; reg->columns && c < reg->ncolumns; c++)
        free(reg->columns[c]);
    free(reg->columns);
    free(reg->cells);
    free(reg->lines);
    free(reg->file);
    free(reg);
}

/* ---- id lists (D6) ------------------------------------------------------------ */

typedef struct list_reader {
    sc_id_list *list;
    size_t cap;
    size_t col;
} list_reader;

static sc_status add_id(void *ctx, const sc_csv_row *row, sc_error *err)
{
    list_reader *r = ctx;
    sc_id_list *l = r->list;
    if (row->lengths[r->col] == 0)
        return SC_OK;
    if (l->count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        char **ids = realloc(l->ids, cap * sizeof *ids);
        if (ids)
            l->ids = ids;
        unsigned long long *lines = realloc(l->lines, cap * sizeof *lines);
        if (lines)
            l->lines = lines;
        if (!ids || !lines)
            return no_memory(err);
        r->cap = cap;
    }
    l->ids[l->count] = copy_text(row->fields[r->col]);
    if (!l->ids[l->count])
        return no_memory(err);
    l->lines[l->count++] = row->line;
    return SC_OK;
}

typedef struct listed {
    char *id;
    unsigned long long line;
} listed;

static int by_id_then_line(const void *a, const void *b)
{
    const listed *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

sc_status sc_id_list_read(const char *path, const sc_csv_opts *opts, const char *id,
                          sc_id_list **out, sc_error *err)
{
    if (!out || !path || !id)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no id list or no id column");
    *out = NULL;
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_id_list *l = calloc(1, sizeof *l);
    list_reader r = {.list = l, .col = (size_t)-1};
    if (!l || !(l->file = copy_text(sc_csv_name(csv))))
        s = no_memory(err);
    for (size_t c = 0; s == SC_OK && c < sc_csv_columns(csv); c++)
        if (strcmp(sc_csv_column_name(csv, c), id) == 0)
            r.col = c;
    if (s == SC_OK && r.col == (size_t)-1) {
        if (sc_csv_columns(csv) == 1)
            r.col = 0;
        else
            s = sc_error_set(err, SC_EDATA, l->file, 1,
                             "no column \"%s\": an id list has the ids in a column named like "
                             "the register's id column, or in its only column",
                             id);
    }
    if (s == SC_OK) {
        sc_csv_want(csv, r.col);
        s = sc_csv_read(csv, add_id, &r, err);
    }
    sc_csv_close(csv);
    if (s == SC_OK && l->count > 0) {
        /* sorted, each id once with its first line */
        listed *pairs = malloc(l->count * sizeof *pairs);
        if (!pairs) {
            s = no_memory(err);
        } else {
            for (size_t i = 0; i < l->count; i++)
                pairs[i] = (listed){.id = l->ids[i], .line = l->lines[i]};
            qsort(pairs, l->count, sizeof *pairs, by_id_then_line);
            size_t kept = 0;
            for (size_t i = 0; i < l->count; i++) {
                if (kept > 0 && strcmp(pairs[i].id, l->ids[kept - 1]) == 0) {
                    free(pairs[i].id);
                    continue;
                }
                l->ids[kept] = pairs[i].id;
                l->lines[kept++] = pairs[i].line;
            }
            l->count = kept;
            free(pairs);
        }
    }
    if (s != SC_OK) {
        sc_id_list_free(l);
        return s;
    }
    *out = l;
    return SC_OK;
}

bool sc_id_list_has(const sc_id_list *list, const char *id, unsigned long long *line)
{
    size_t lo = 0, hi = list ? list->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(list->ids[mid], id);
        if (c == 0) {
            if (line)
                *line = list->lines[mid];
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

void sc_id_list_free(sc_id_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        free(list->ids[i]);
    free(list->ids);
    free(list->lines);
    free(list->file);
    free(list);
}
