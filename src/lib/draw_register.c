/* spotcheck — the register of a draw read whole: every row's fields kept,
 * the id and the stratum (the --by values) of each row (contract D5 of
 * include/spotcheck/draw.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "spotcheck/allocate.h"
#include "spotcheck/draw.h"
#include "text.h"

typedef struct reader {
    sc_register *reg;
    size_t cap;
    size_t id_col;
} reader;

static char *copy_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = sc_malloc(len + 1);
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
        char **cells = sc_realloc(g->cells, cap * g->ncolumns * sizeof *cells);
        if (!cells)
            return no_memory(err);
        g->cells = cells;
        unsigned long long *lines = sc_realloc(g->lines, cap * sizeof *lines);
        if (!lines)
            return no_memory(err);
        g->lines = lines;
        r->cap = cap;
    }
    size_t total = 0;
    for (size_t c = 0; c < g->ncolumns; c++)
        total += row->lengths[c] + 1;
    char *block = sc_malloc(total);
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
    sc_register *g = sc_calloc(1, sizeof *g);
    reader r = {.reg = g};
    if (!g || !(g->file = copy_text(sc_csv_name(csv))))
        s = no_memory(err);
    if (s == SC_OK) {
        g->ncolumns = sc_csv_columns(csv);
        g->columns = sc_calloc(g->ncolumns, sizeof *g->columns);
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
        char **ids = sc_realloc(l->ids, cap * sizeof *ids);
        if (ids)
            l->ids = ids;
        unsigned long long *lines = sc_realloc(l->lines, cap * sizeof *lines);
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
    sc_id_list *l = sc_calloc(1, sizeof *l);
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
        listed *pairs = sc_malloc(l->count * sizeof *pairs);
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

/* ---- stratum labels and the rates file (D7) ------------------------------------ */

char *sc_draw_label(const char *const *values, size_t nvalues)
{
    if (nvalues == 0)
        return copy_text("all");
    size_t len = 0;
    for (size_t k = 0; k < nvalues; k++)
        len += strlen(values[k]) + 3;
    char *label = sc_malloc(len + 1);
    if (!label)
        return NULL;
    char *at = label;
    for (size_t k = 0; k < nvalues; k++) {
        if (k) {
            memcpy(at, " / ", 3);
            at += 3;
        }
        size_t n = strlen(values[k]);
        memcpy(at, values[k], n);
        at += n;
    }
    *at = '\0';
    return label;
}

#define NO_COLUMN ((size_t)-1)

typedef struct rates_reader {
    sc_draw_rates *rates;
    size_t cap;
    size_t nkey;
    size_t *key;    /* the columns naming the stratum */
    size_t rate;    /* the rate column */
    const char *rate_name;
} rates_reader;

static sc_status add_rate(void *ctx, const sc_csv_row *row, sc_error *err)
{
    rates_reader *r = ctx;
    sc_draw_rates *t = r->rates;
    if (row->lengths[r->rate] == 0)
        return SC_OK;
    double rate;
    const char *why = NULL;
    if (sc_rate_cell_parse(row->fields[r->rate], row->lengths[r->rate], &rate, &why) != SC_OK) {
        char value[64];
        sc_text_excerpt(row->fields[r->rate], row->lengths[r->rate], value, sizeof value);
        return sc_error_set(err, SC_EDATA, t->file, row->line, "column \"%s\": \"%s\" %s",
                            r->rate_name, value, why);
    }
    if (t->count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        char **labels = sc_realloc(t->labels, cap * sizeof *labels);
        if (labels)
            t->labels = labels;
        double *rates = sc_realloc(t->rates, cap * sizeof *rates);
        if (rates)
            t->rates = rates;
        unsigned long long *lines = sc_realloc(t->lines, cap * sizeof *lines);
        if (lines)
            t->lines = lines;
        if (!labels || !rates || !lines)
            return no_memory(err);
        r->cap = cap;
    }
    const char *values[64];
    for (size_t k = 0; k < r->nkey; k++)
        values[k] = row->fields[r->key[k]];
    /* nkey 0 (no --by): the one stratum "all" */
    char *label = sc_draw_label(values, r->nkey);
    if (!label)
        return no_memory(err);
    t->labels[t->count] = label;
    t->rates[t->count] = rate;
    t->lines[t->count++] = row->line;
    return SC_OK;
}

typedef struct rate_row {
    char *label;
    double rate;
    unsigned long long line;
} rate_row;

static int by_label_then_line(const void *a, const void *b)
{
    const rate_row *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static size_t find_header(sc_csv *csv, const char *name)
{
    for (size_t c = 0; c < sc_csv_columns(csv); c++)
        if (strcasecmp(sc_csv_column_name(csv, c), name) == 0)
            return c;
    return NO_COLUMN;
}

sc_status sc_draw_rates_read(const char *path, const sc_csv_opts *opts, const char *const *by,
                             size_t nby, sc_draw_rates **out, sc_error *err)
{
    if (!out || !path || (nby && !by))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no rates file");
    if (nby > 64)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--rates: at most 64 --by columns");
    *out = NULL;
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_draw_rates *t = sc_calloc(1, sizeof *t);
    size_t key[64];
    rates_reader r = {.rates = t, .key = key};
    if (!t || !(t->file = copy_text(sc_csv_name(csv))))
        s = no_memory(err);
    if (s == SC_OK) {
        r.rate = find_header(csv, "rate");
        if (r.rate == NO_COLUMN)
            s = sc_error_set(err, SC_EDATA, t->file, 1,
                             "no column \"rate\": a rates file gives each stratum's "
                             "anticipated rate in a column named rate");
        else
            r.rate_name = sc_csv_column_name(csv, r.rate);
    }
    /* the strata by the --by columns, else by a column "stratum" */
    bool by_columns = s == SC_OK && nby > 0;
    for (size_t k = 0; by_columns && k < nby; k++) {
        key[k] = NO_COLUMN;
        for (size_t c = 0; c < sc_csv_columns(csv); c++)
            if (strcmp(sc_csv_column_name(csv, c), by[k]) == 0)
                key[k] = c;
        by_columns = key[k] != NO_COLUMN;
    }
    if (s == SC_OK && by_columns) {
        r.nkey = nby;
    } else if (s == SC_OK && nby > 0) {
        key[0] = find_header(csv, "stratum");
        r.nkey = 1;
        if (key[0] == NO_COLUMN)
            s = sc_error_set(err, SC_EDATA, t->file, 1,
                             "no column \"%s\" nor \"stratum\": a rates file names each "
                             "stratum by the --by columns or by its label",
                             by[0]);
    }
    for (size_t k = 0; s == SC_OK && k < r.nkey; k++)
        sc_csv_want(csv, key[k]);
    if (s == SC_OK) {
        sc_csv_want(csv, r.rate);
        s = sc_csv_read(csv, add_rate, &r, err);
    }
    sc_csv_close(csv);
    if (s == SC_OK && t->count > 0) {
        rate_row *rows = sc_malloc(t->count * sizeof *rows);
        if (!rows)
            s = no_memory(err);
        for (size_t i = 0; rows && i < t->count; i++)
            rows[i] = (rate_row){t->labels[i], t->rates[i], t->lines[i]};
        if (rows)
            qsort(rows, t->count, sizeof *rows, by_label_then_line);
        for (size_t i = 0; rows && i < t->count; i++) {
            t->labels[i] = rows[i].label;
            t->rates[i] = rows[i].rate;
            t->lines[i] = rows[i].line;
        }
        for (size_t i = 1; s == SC_OK && i < t->count; i++)
            if (strcmp(t->labels[i - 1], t->labels[i]) == 0)
                s = sc_error_set(err, SC_EDATA, t->file, t->lines[i],
                                 "stratum \"%.200s\" is given twice (first on line %llu): one "
                                 "rate per stratum",
                                 t->labels[i], t->lines[i - 1]);
        free(rows);
    }
    if (s != SC_OK) {
        sc_draw_rates_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

bool sc_draw_rates_find(const sc_draw_rates *rates, const char *label, double *rate,
                        unsigned long long *line)
{
    size_t lo = 0, hi = rates ? rates->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(rates->labels[mid], label);
        if (c == 0) {
            *rate = rates->rates[mid];
            if (line)
                *line = rates->lines[mid];
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

void sc_draw_rates_free(sc_draw_rates *rates)
{
    if (!rates)
        return;
    for (size_t i = 0; i < rates->count; i++)
        free(rates->labels[i]);
    free(rates->labels);
    free(rates->rates);
    free(rates->lines);
    free(rates->file);
    free(rates);
}
