/* spotcheck — the analysis of spotcheck draw: the register's units grouped
 * into strata (in the byte order of their --by values, so that nothing
 * depends on the order of the rows), the total allocated over them
 * (allocate.h A1-A5), and each stratum's first units by keyed-hash rank
 * (draw.h D1-D4).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"

void sc_draw_result_free(sc_draw_result *result)
{
    if (!result)
        return;
    sc_table_free(result->selection);
    sc_table_free(result->strata);
    sc_table_free(result->loads);
    result->selection = result->strata = result->loads = NULL;
}

/* A row with what its stratum is compared by: each element carries its own
 * context, so that qsort needs no global state. */
typedef struct keyed_row {
    const sc_register *reg;
    const size_t *by;
    size_t nby;
    size_t row;
} keyed_row;

static int compare_strata(const keyed_row *x, const keyed_row *y)
{
    const sc_register *reg = x->reg;
    for (size_t k = 0; k < x->nby; k++) {
        int c = strcmp(reg->cells[x->row * reg->ncolumns + x->by[k]],
                       reg->cells[y->row * reg->ncolumns + x->by[k]]);
        if (c)
            return c;
    }
    return 0;
}

static int by_stratum(const void *a, const void *b)
{
    const keyed_row *x = a, *y = b;
    int c = compare_strata(x, y);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* The stratum's label (sc_draw_label) of a register row. */
static char *stratum_label(const sc_register *reg, const size_t *by, size_t nby, size_t row)
{
    const char *values[64];
    for (size_t k = 0; k < nby; k++)
        values[k] = reg->cells[row * reg->ncolumns + by[k]];
    return sc_draw_label(values, nby);
}

static sc_status strata_table(char **labels, const sc_stratum_share *shares,
                              const uint64_t *excluded, const uint64_t *included,
                              size_t nstrata, bool with_rate, sc_table **out)
{
    sc_table *t = *out = sc_table_new();
    sc_status s = t ? SC_OK : SC_ENOMEM;
    if (s == SC_OK)
        s = sc_table_add_column(t, "stratum", "层", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "population", "总体量", SC_COL_COUNT);
    if (s == SC_OK)
        s = sc_table_add_column(t, "excluded", "排除数", SC_COL_COUNT);
    if (s == SC_OK)
        s = sc_table_add_column(t, "included", "必查数", SC_COL_COUNT);
    if (s == SC_OK && with_rate)
        s = sc_table_add_column(t, "rate", "预期率", SC_COL_PROPORTION);
    size_t shift = with_rate ? 1 : 0;
    if (s == SC_OK)
        s = sc_table_add_column(t, "quota", "精确分配", SC_COL_REAL);
    if (s == SC_OK)
        s = sc_table_add_column(t, "n", "抽取数", SC_COL_COUNT);
    if (s == SC_OK)
        s = sc_table_add_column(t, "fraction", "抽样比", SC_COL_PROPORTION);
    for (size_t h = 0; s == SC_OK && h < nstrata; h++) {
        size_t row;
        s = sc_table_add_row(t, &row);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, 0, labels[h]);
        uint64_t drawn = shares[h].n > included[h] ? shares[h].n : included[h];
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 1, shares[h].population);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 2, excluded[h]);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 3, included[h]);
        if (s == SC_OK && with_rate && !isnan(shares[h].rate))
            s = sc_table_set_double(t, row, 4, shares[h].rate);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 4 + shift, shares[h].quota);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 5 + shift, drawn);
        if (s == SC_OK && shares[h].population > 0)
            s = sc_table_set_double(t, row, 6 + shift,
                                    (double)drawn / (double)shares[h].population);
    }
    return s;
}

typedef struct ranked_row {
    size_t stratum;
    uint64_t rank;
    size_t row;
    bool selected, included;
} ranked_row;

static int by_rank(const void *a, const void *b)
{
    const ranked_row *x = a, *y = b;
    if (x->stratum != y->stratum)
        return x->stratum < y->stratum ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The inspectors' columns of the selection: inspector_1 .. inspector_k. */
typedef struct visits {
    const sc_inspectors *in;
    size_t per_visit;
    const size_t *assigned; /* per selected row, in the selection's order */
} visits;

static sc_status selection_table(const sc_register *reg, char **labels, const ranked_row *order,
                                 size_t count, bool with_included, const visits *v,
                                 sc_table **out)
{
    sc_table *t = *out = sc_table_new();
    sc_status s = t ? SC_OK : SC_ENOMEM;
    for (size_t c = 0; s == SC_OK && c < reg->ncolumns; c++)
        s = sc_table_add_column(t, reg->columns[c], reg->columns[c], SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "stratum", "层", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "rank", "名次", SC_COL_COUNT);
    if (s == SC_OK && with_included)
        s = sc_table_add_column(t, "included", "必查", SC_COL_STRING);
    size_t first_inspector = reg->ncolumns + 2 + (with_included ? 1 : 0), drawn = 0;
    for (size_t k = 0; s == SC_OK && v->in && k < v->per_visit; k++) {
        char name[40], label[48];
        snprintf(name, sizeof name, "inspector_%zu", k + 1);
        snprintf(label, sizeof label, "检查人员%zu", k + 1);
        s = sc_table_add_column(t, name, label, SC_COL_STRING);
    }
    /* `order` lists the units by stratum; within a stratum, by rank */
    for (size_t i = 0; s == SC_OK && i < count; i++) {
        if (!order[i].selected)
            continue;

        size_t at = order[i].row, row;
        s = sc_table_add_row(t, &row);
        for (size_t c = 0; s == SC_OK && c < reg->ncolumns; c++)
            s = sc_table_set_string(t, row, c, reg->cells[at * reg->ncolumns + c]);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, reg->ncolumns, labels[order[i].stratum]);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, reg->ncolumns + 1, order[i].rank);
        if (s == SC_OK && with_included)
            s = sc_table_set_string(t, row, reg->ncolumns + 2,
                                    order[i].included ? "yes" : "no");
        for (size_t k = 0; s == SC_OK && v->in && k < v->per_visit; k++)
            s = sc_table_set_string(t, row, first_inspector + k,
                                    v->in->ids[v->assigned[drawn * v->per_visit + k]]);
        drawn++;
    }
    return s;
}

typedef struct id_at {
    const char *id;
    unsigned long long line;
} id_at;

static int by_id(const void *a, const void *b)
{
    const id_at *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Every id once in the whole register, excluded units too (D3); every included
 * id in it and not excluded (D6).  SC_EDATA with the place otherwise. */
static sc_status check_ids(const sc_register *reg, const sc_draw_opts *o, sc_error *err)
{
    id_at *ids = sc_malloc((reg->nrows ? reg->nrows : 1) * sizeof *ids);
    if (!ids)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < reg->nrows; i++)
        ids[i] = (id_at){reg->cells[i * reg->ncolumns + reg->id_column], reg->lines[i]};
    qsort(ids, reg->nrows, sizeof *ids, by_id);
    sc_status s = SC_OK;
    for (size_t i = 1; i < reg->nrows && s == SC_OK; i++)
        if (strcmp(ids[i - 1].id, ids[i].id) == 0)
            s = sc_error_set(err, SC_EDATA, reg->file, ids[i].line,
                             "id \"%.200s\" is given twice (first on line %llu): every unit of "
                             "a register has its own id",
                             ids[i].id, ids[i - 1].line);
    for (size_t k = 0; o->include && k < o->include->count && s == SC_OK; k++) {
        id_at key = {o->include->ids[k], 0};
        unsigned long long line = o->include->lines[k], excluded_line;
        size_t lo = 0, hi = reg->nrows;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(ids[mid].id, key.id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == reg->nrows || strcmp(ids[lo].id, key.id) != 0)
            s = sc_error_set(err, SC_EDATA, o->include->file, line,
                             "id \"%.200s\" is not in the register %s: an included unit must "
                             "be one of it",
                             key.id, reg->file);
        else if (sc_id_list_has(o->exclude, key.id, &excluded_line))
            s = sc_error_set(err, SC_EDATA, o->include->file, line,
                             "id \"%.200s\" is also excluded (%s:%llu): include it or exclude "
                             "it",
                             key.id, o->exclude->file, excluded_line);
    }
    free(ids);
    return s;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The anticipated rate of each stratum for Neyman allocation (D7): from the
 * rates file by label, or the mean of the rate column over the stratum's rows
 * (excluded units too: their last results are known).  `order` holds the rows
 * by stratum. */
static sc_status anticipated_rates(const sc_register *reg, const sc_draw_opts *o,
                                   const keyed_row *order, char **labels,
                                   sc_stratum_share *shares, size_t nstrata, sc_error *err)
{
    if (o->rates) {
        for (size_t h = 0; h < nstrata; h++)
            if (shares[h].population > 0 &&
                !sc_draw_rates_find(o->rates, labels[h], &shares[h].rate, NULL))
                return sc_error_set(err, SC_EDATA, o->rates->file, 0,
                                    "no rate for the stratum \"%.200s\": Neyman allocation "
                                    "needs the anticipated rate of every stratum",
                                    labels[h]);
        return SC_OK;
    }
    size_t col;
    sc_status s = sc_register_column(reg, o->rate_column, &col, err);
    if (s != SC_OK)
        return s;
    /* each stratum's values summed in ascending order, so that the mean does not
     * depend on the order of the rows down to the last bit */
    double *values = sc_malloc((reg->nrows ? reg->nrows : 1) * sizeof *values);
    if (!values)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t count = 0, h = 0, first = 0;
    for (size_t i = 0; i <= reg->nrows && s == SC_OK; i++) {
        if (i > 0 && (i == reg->nrows || compare_strata(&order[i - 1], &order[i]) != 0)) {
            if (count == 0) {
                s = sc_error_set(err, SC_EDATA, reg->file, reg->lines[order[first].row],
                                 "column \"%s\": empty in every row of the stratum "
                                 "\"%.200s\": Neyman allocation needs its anticipated rate",
                                 reg->columns[col], labels[h]);
                break;
            }
            qsort(values, count, sizeof *values, compare_doubles);
            double sum = 0;
            for (size_t k = 0; k < count; k++)
                sum += values[k];
            shares[h++].rate = sum / (double)count;
            count = 0;
            first = i;
        }
        if (i == reg->nrows)
            break;
        size_t row = order[i].row;
        const char *cell = reg->cells[row * reg->ncolumns + col], *why = NULL;
        double rate;
        if (!*cell)
            continue;
        if (sc_rate_cell_parse(cell, strlen(cell), &rate, &why) != SC_OK)
            s = sc_error_set(err, SC_EDATA, reg->file, reg->lines[row],
                             "column \"%s\": \"%.60s\" %s", reg->columns[col], cell, why);
        values[count++] = rate;
    }
    free(values);
    return s;
}

/* Inspectors for the selected rows of `ranked` (D10), in their order; the
 * loads table and the range of loads into r. */
static sc_status assign_inspectors(const sc_register *reg, const sc_draw_opts *o,
                                   const ranked_row *ranked, size_t count, size_t per_visit,
                                   size_t **assigned, sc_draw_result *r, sc_error *err)
{
    const sc_inspectors *in = o->inspectors;
    size_t region = 0;
    sc_status s = SC_OK;
    if (o->region_column)
        s = sc_register_column(reg, o->region_column, &region, err);
    if (s != SC_OK)
        return s;
    size_t drawn = 0;
    for (size_t i = 0; i < count; i++)
        drawn += ranked[i].selected;
    sc_visit_unit *units = sc_calloc(drawn ? drawn : 1, sizeof *units);
    *assigned = sc_calloc(drawn * per_visit + 1, sizeof **assigned);
    uint64_t *load = sc_calloc(in->count, sizeof *load);
    if (!units || !*assigned || !load)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0, u = 0; s == SC_OK && i < count; i++) {
        if (!ranked[i].selected)
            continue;
        char *const *cells = reg->cells + ranked[i].row * reg->ncolumns;
        units[u++] = (sc_visit_unit){.id = cells[reg->id_column],
                                     .region = o->region_column ? cells[region] : NULL,
                                     .line = reg->lines[ranked[i].row]};
    }
    if (s == SC_OK)
        s = sc_draw_assign(o->seed, strlen(o->seed), in, units, drawn, per_visit, reg->file,
                           *assigned, load, err);
    sc_table *t = NULL;
    if (s == SC_OK) {
        t = r->loads = sc_table_new();
        s = t ? SC_OK : SC_ENOMEM;
    }
    if (s == SC_OK)
        s = sc_table_add_column(t, "inspector", "检查人员", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "region", "所属区域", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "load", "检查次数", SC_COL_COUNT);
    r->load_min = UINT64_MAX;
    for (size_t i = 0; s == SC_OK && i < in->count; i++) {
        size_t row;
        s = sc_table_add_row(t, &row);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, 0, in->ids[i]);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, 1, in->regions[i]);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 2, load[i]);
        r->load_min = load[i] < r->load_min ? load[i] : r->load_min;
        r->load_max = load[i] > r->load_max ? load[i] : r->load_max;
    }
    if (s == SC_ENOMEM)
        sc_error_set(err, s, NULL, 0, "out of memory");
    free(units);
    free(load);
    return s;
}

sc_status sc_draw_tables(const sc_register *reg, const sc_draw_opts *o, sc_draw_result *r,
                         sc_error *err)
{
    if (!reg || !o || !r)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no register, options or result");
    *r = (sc_draw_result){0};
    if (!o->seed || !*o->seed)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--seed: give the seed of the draw");
    bool by_fraction = !isnan(o->fraction);
    if (by_fraction == (o->total > 0))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "give --n N (a total) or --fraction F (a sampling fraction), one");
    if (by_fraction && !(o->fraction > 0 && o->fraction <= 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--fraction %g: give a fraction above 0, at most 1", o->fraction);
    for (size_t c = 0; c < reg->ncolumns; c++)
        if (strcmp(reg->columns[c], "stratum") == 0 || strcmp(reg->columns[c], "rank") == 0 ||
            (o->include && strcmp(reg->columns[c], "included") == 0))
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "%s has a column \"%s\": the draw adds the columns %s; "
                                "rename it in the register",
                                reg->file, reg->columns[c],
                                o->include ? "stratum, rank and included" : "stratum and rank");
    for (size_t c = 0; o->inspectors && c < reg->ncolumns; c++)
        if (strncmp(reg->columns[c], "inspector_", 10) == 0)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "%s has a column \"%s\": with --inspectors the draw adds the "
                                "columns inspector_1 ..; rename it in the register",
                                reg->file, reg->columns[c]);
    size_t per_visit = o->per_visit ? o->per_visit : 2;
    if (o->inspectors && (per_visit > 64 || per_visit > o->inspectors->count))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--per-visit %zu: more than the %zu inspectors of %s (or above 64)",
                            per_visit, o->inspectors->count, o->inspectors->file);
    if (reg->nrows == 0)
        return sc_error_set(err, SC_EDATA, reg->file, 1, "the register has no units");
    if (o->nby > 64)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--by: at most 64 columns");
    bool neyman = !by_fraction && o->allocation == SC_ALLOCATION_NEYMAN;
    if (neyman && !o->rates == !o->rate_column)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--allocation neyman needs each stratum's anticipated rate: give "
                            "--rates FILE or --rate-column COL, one of them");
    size_t *by = sc_calloc(o->nby ? o->nby : 1, sizeof *by);
    keyed_row *order = sc_malloc(reg->nrows * sizeof *order);
    ranked_row *ranked = sc_malloc(reg->nrows * sizeof *ranked);
    sc_draw_unit *pool = sc_calloc(reg->nrows, sizeof *pool);
    size_t *pool_row = sc_calloc(reg->nrows, sizeof *pool_row); /* the register row of pool[i] */
    char **labels = sc_calloc(reg->nrows, sizeof *labels);
    sc_stratum_share *shares = sc_calloc(reg->nrows, sizeof *shares);
    sc_stratum_share *alloc = sc_calloc(reg->nrows, sizeof *alloc);
    uint64_t *take = sc_calloc(reg->nrows, sizeof *take);
    uint64_t *excluded = sc_calloc(reg->nrows, sizeof *excluded);
    uint64_t *included = sc_calloc(reg->nrows, sizeof *included);
    sc_status s = by && order && ranked && pool && pool_row && labels && shares && alloc &&
                          take && excluded && included
                      ? SC_OK
                      : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; s == SC_OK && k < o->nby; k++)
        s = sc_register_column(reg, o->by[k], &by[k], err);
    if (s == SC_OK)
        s = check_ids(reg, o, err);
    size_t nstrata = 0, npool = 0;
    if (s == SC_OK) {
        for (size_t i = 0; i < reg->nrows; i++)
            order[i] = (keyed_row){.reg = reg, .by = by, .nby = o->nby, .row = i};
        qsort(order, reg->nrows, sizeof *order, by_stratum);
        for (size_t i = 0; s == SC_OK && i < reg->nrows; i++) {
            size_t row = order[i].row;
            if (i == 0 || compare_strata(&order[i - 1], &order[i]) != 0) {
                labels[nstrata] = stratum_label(reg, by, o->nby, row);
                if (!labels[nstrata])
                    s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
                shares[nstrata++] = (sc_stratum_share){.rate = NAN};
            }
            size_t h = nstrata - 1;
            const char *id = reg->cells[row * reg->ncolumns + reg->id_column];
            if (sc_id_list_has(o->exclude, id, NULL)) {
                excluded[h]++;
                r->excluded++;
                continue;
            }
            bool in = sc_id_list_has(o->include, id, NULL);
            included[h] += in;
            shares[h].population++;
            pool_row[npool] = row;
            pool[npool++] = (sc_draw_unit){
                .id = id, .id_len = strlen(id), .stratum = h, .line = reg->lines[row],
                .included = in};
        }
        if (o->exclude)
            r->exclude_unknown = o->exclude->count - r->excluded;
    }
    if (s == SC_OK && npool == 0)
        s = sc_error_set(err, SC_EINVAL, NULL, 0, "the exclusions leave no unit to draw");
    if (s == SC_OK && neyman)
        s = anticipated_rates(reg, o, order, labels, shares, nstrata, err);
    for (size_t h = 0; s == SC_OK && neyman && h < nstrata; h++)
        if (shares[h].population > 0 && (shares[h].rate == 0 || shares[h].rate == 1))
            r->no_variance++;
    uint64_t total = o->total;
    if (s == SC_OK && by_fraction) /* at least the fraction of the units (6.2 -> 7) */
        total = (uint64_t)ceil(o->fraction * (double)npool - 1e-9);
    /* the strata left with units share the total */
    size_t nalloc = 0;
    for (size_t h = 0; s == SC_OK && h < nstrata; h++)
        if (shares[h].population > 0)
            alloc[nalloc++] = shares[h];
    if (s == SC_OK)
        s = sc_allocate(by_fraction ? SC_ALLOCATION_PROPORTIONAL : o->allocation, total,
                        o->min_per_stratum, alloc, nalloc, err);
    for (size_t h = 0, k = 0; s == SC_OK && h < nstrata; h++) {
        if (shares[h].population > 0)
            shares[h] = alloc[k++];
        take[h] = shares[h].n > included[h] ? shares[h].n : included[h];
        r->raised += take[h] - shares[h].n;
    }
    if (s == SC_OK)
        s = sc_draw_rank(o->seed, strlen(o->seed), pool, npool, nstrata, take, reg->file, err);
    if (s == SC_OK) {
        for (size_t i = 0; i < npool; i++)
            ranked[i] = (ranked_row){.stratum = pool[i].stratum,
                                     .rank = pool[i].rank,
                                     .row = pool_row[i],
                                     .selected = pool[i].selected,
                                     .included = pool[i].included};
        qsort(ranked, npool, sizeof *ranked, by_rank);
        visits v = {.in = o->inspectors, .per_visit = o->per_visit ? o->per_visit : 2};
        size_t *assigned = NULL;
        if (o->inspectors)
            s = assign_inspectors(reg, o, ranked, npool, v.per_visit, &assigned, r, err);
        v.assigned = assigned;
        if (s == SC_OK)
            s = selection_table(reg, labels, ranked, npool, o->include != NULL, &v,
                                &r->selection);
        free(assigned);
        if (s == SC_OK)
            s = strata_table(labels, shares, excluded, included, nstrata, neyman, &r->strata);
        if (s == SC_ENOMEM)
            sc_error_set(err, s, NULL, 0, "out of memory");
    }
    for (size_t h = 0; labels && h < nstrata; h++)
        free(labels[h]);
    free(labels);
    free(by);
    free(order);
    free(ranked);
    free(pool);
    free(pool_row);
    free(shares);
    free(alloc);
    free(take);
    free(excluded);
    free(included);
    return s;
}
