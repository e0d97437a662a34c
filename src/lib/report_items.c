/* spotcheck — what the report counts row by row in the one read (the
 * unqualified items per period and per category and period, the
 * enterprises), and the section on unqualified items (不合格项目) with the
 * Pareto tables and charts (sc_items_table, sc_items_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "report_internal.h"

/* How many of the categories with the lowest pass rates get their own Pareto. */
#define RP_ITEMS_CATEGORIES 3
/* Items shown per table; the rest is one "other" row. */
#define RP_ITEMS_TOP 10

sc_report_rows *sc_report_rows_new(size_t category, size_t period, const sc_period *current,
                                   const char *const dims[SC_REPORT_DIM_COUNT], bool items,
                                   const char *enterprise)
{
    sc_report_rows *rows = sc_calloc(1, sizeof *rows);
    if (!rows)
        return NULL;
    sc_period_format(current, SC_LANG_EN, rows->current, sizeof rows->current);
    rows->current_len = strlen(rows->current);
    rows->category = category;
    rows->period = period;
    bool ok = true;
    size_t text = 0;
    for (size_t d = 0; ok && d < SC_REPORT_DIM_COUNT; d++) {
        if (d == SC_REPORT_CATEGORY || !dims[d])
            continue;
        rows->dim_text[d] = text++;
        ok = (rows->by_dim[d] = sc_groups_new(1)) != NULL &&
             sc_groups_set_key_name(rows->by_dim[d], 0, dims[d]) == SC_OK;
    }
    if (ok && items) {
        rows->items_text = text++;
        ok = (rows->by_period = sc_item_counts_new(1, NULL, NULL)) != NULL;
        if (ok && category != SC_NO_COLUMN)
            ok = (rows->by_category = sc_item_counts_new(2, NULL, NULL)) != NULL;
    }
    if (ok && enterprise) {
        rows->enterprise_text = text;
        ok = (rows->enterprises = sc_groups_new(2)) != NULL &&
             sc_groups_set_key_name(rows->enterprises, 1, enterprise) == SC_OK;
    }
    if (!ok) {
        sc_report_rows_free(rows);
        return NULL;
    }
    return rows;
}

const sc_groups *sc_report_rows_breakdown(const sc_report_rows *rows, sc_report_dim dim)
{
    return rows->by_dim[dim];
}

void sc_report_rows_free(sc_report_rows *rows)
{
    if (!rows)
        return;
    for (size_t d = 0; d < SC_REPORT_DIM_COUNT; d++)
        sc_groups_free(rows->by_dim[d]);
    sc_item_counts_free(rows->by_period);
    sc_item_counts_free(rows->by_category);
    sc_groups_free(rows->enterprises);
    free(rows);
}

void *sc_report_rows_fork(const void *ctx)
{
    const sc_report_rows *rows = ctx;
    sc_report_rows *fork = sc_calloc(1, sizeof *fork);
    if (!fork)
        return NULL;
    *fork = (sc_report_rows){.category = rows->category, .period = rows->period,
                             .current_len = rows->current_len,
                             .items_text = rows->items_text,
                             .enterprise_text = rows->enterprise_text};
    memcpy(fork->current, rows->current, sizeof fork->current);
    memcpy(fork->dim_text, rows->dim_text, sizeof fork->dim_text);
    bool ok = true;
    for (size_t d = 0; ok && d < SC_REPORT_DIM_COUNT; d++)
        if (rows->by_dim[d])
            ok = (fork->by_dim[d] = sc_groups_new(1)) != NULL;
    if (ok && rows->by_period)
        ok = (fork->by_period = sc_item_counts_fork(rows->by_period)) != NULL;
    if (ok && rows->by_category)
        ok = (fork->by_category = sc_item_counts_fork(rows->by_category)) != NULL;
    if (ok && rows->enterprises)
        ok = (fork->enterprises = sc_groups_new(2)) != NULL;
    if (!ok) {
        sc_report_rows_free(fork);
        return NULL;
    }
    return fork;
}

sc_status sc_report_rows_merge(void *into, const void *from)
{
    sc_report_rows *to = into;
    const sc_report_rows *rows = from;
    sc_status s = SC_OK;
    for (size_t d = 0; s == SC_OK && d < SC_REPORT_DIM_COUNT; d++)
        if (rows->by_dim[d])
            s = sc_groups_merge(to->by_dim[d], rows->by_dim[d]);
    if (s == SC_OK && rows->by_period)
        s = sc_item_counts_merge(to->by_period, rows->by_period);
    if (s == SC_OK && rows->by_category)
        s = sc_item_counts_merge(to->by_category, rows->by_category);
    if (s == SC_OK && rows->enterprises)
        s = sc_groups_merge(to->enterprises, rows->enterprises);
    return s;
}

void sc_report_rows_free_ctx(void *ctx)
{
    sc_report_rows_free(ctx);
}

bool sc_report_rows_wanted(const void *ctx, const char *const *keys, const size_t *lens,
                           size_t nkeys)
{
    const sc_report_rows *rows = ctx;
    return rows->period < nkeys && lens[rows->period] == rows->current_len &&
           memcmp(keys[rows->period], rows->current, rows->current_len) == 0;
}

sc_status sc_report_on_record(void *ctx, const char *const *keys, const size_t *lens,
                              size_t nkeys, bool passed, const char *const *texts,
                              const size_t *text_lens, sc_error *err)
{
    sc_report_rows *rows = ctx;
    if (rows->period >= nkeys || (rows->category != SC_NO_COLUMN && rows->category >= nkeys))
        return sc_error_set(err, SC_EINTERNAL, NULL, 0, "report: key parts out of range");
    if (!sc_report_rows_wanted(rows, keys, lens, nkeys))
        return SC_OK; /* another period: these counts are about the current one */
    sc_status s = SC_OK;
    for (size_t d = 0; s == SC_OK && d < SC_REPORT_DIM_COUNT; d++)
        if (rows->by_dim[d])
            s = sc_groups_add(rows->by_dim[d], &texts[rows->dim_text[d]],
                              &text_lens[rows->dim_text[d]], 1, passed ? 1 : 0);
    const char *k[2] = {keys[rows->period]};
    size_t l[2] = {lens[rows->period]};
    const char *items = rows->by_period ? texts[rows->items_text] : NULL;
    size_t items_len = rows->by_period ? text_lens[rows->items_text] : 0;
    if (s == SC_OK && rows->by_period)
        s = sc_item_counts_add(rows->by_period, k, l, passed, items, items_len);
    if (s == SC_OK && rows->by_category) {
        const char *kc[2] = {keys[rows->category], keys[rows->period]};
        size_t lc[2] = {lens[rows->category], lens[rows->period]};
        s = sc_item_counts_add(rows->by_category, kc, lc, passed, items, items_len);
    }
    if (s == SC_OK && rows->enterprises) {
        k[1] = texts[rows->enterprise_text], l[1] = text_lens[rows->enterprise_text];
        s = sc_groups_add(rows->enterprises, k, l, 1, passed ? 1 : 0);
    }
    return s == SC_OK ? SC_OK : sc_error_set(err, s, NULL, 0, "report: %s", sc_strerror(s));
}

static sc_items_opts items_opts(const rp_report *r)
{
    sc_items_opts o;
    sc_items_opts_init(&o);
    o.method = r->opts->method;
    o.level = r->opts->level;
    o.top = RP_ITEMS_TOP;
    o.lang = r->opts->lang;
    o.words = SC_LANG_EN; /* the csv tables keep the stable words */
    return o;
}

/* One Pareto: the table and the chart of the group `groups` holds, which
 * `counts` counted. */
static sc_status pareto(rp_report *r, const sc_groups *groups, const sc_item_counts *counts,
                        const char *name, const char *caption)
{
    sc_items_opts o = items_opts(r);
    sc_items_result res = {0};
    sc_status s = sc_items_table(groups, counts, &o, &res, r->err);
    if (s == SC_OK && res.failed > 0) {
        rp_text t = {{0}};
        char head[64];
        if (res.chart_rows > 0)
            rp_cell(r, res.table, res.chart_first, res.cols.item, head, sizeof head);
        rp_text_add(&t, RP_WORD(r, "%s: %llu unqualified batches, %zu distinct items; the "
                                   "most frequent is %s.",
                                "%s：不合格%llu批次，涉及不合格项目%zu项，最多的是%s。"),
                    caption, (unsigned long long)res.failed, res.items,
                    res.chart_rows > 0 ? head : "—");
        if (res.unrecorded > 0)
            rp_text_add(&t, RP_WORD(r, " %llu unqualified batches have no item recorded.",
                                    "其中%llu批次未记录不合格项目。"),
                        (unsigned long long)res.unrecorded);
        s = rp_paragraph(r, &t);
        size_t cols[] = {res.cols.item, res.cols.batches, res.cols.share, res.cols.rate,
                         res.cols.cumulative};
        if (s == SC_OK)
            s = rp_table(r, name, caption, res.table, res.cols.nkeys, cols,
                         sizeof cols / sizeof cols[0]);
        sc_chart *chart = NULL;
        if (s == SC_OK && res.chart_rows > 0)
            s = sc_items_chart(&res, &o, &chart, r->err);
        if (s == SC_OK && chart)
            s = rp_figure(r, name, caption, chart);
    }
    sc_items_result_free(&res);
    return s;
}

/* The current period's batches of one category, keyed (category, period). */
static sc_status one_category(rp_report *r, const char *category, sc_groups **out)
{
    size_t parts[] = {rp_category_part(r), r->period_part};
    sc_groups *now;
    sc_status s = rp_project(r, parts, 2, true, &now);
    if (s != SC_OK)
        return s;
    *out = sc_groups_new(2);
    s = *out ? SC_OK : SC_ENOMEM;
    for (size_t k = 0; s == SC_OK && k < 2; k++)
        s = sc_groups_set_key_name(*out, k, sc_groups_key_name(now, k));
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(now); i++) {
        if (strcmp(sc_groups_key(now, i, 0), category) != 0)
            continue;
        const char *keys[] = {sc_groups_key(now, i, 0), sc_groups_key(now, i, 1)};
        size_t lens[] = {strlen(keys[0]), strlen(keys[1])};
        s = sc_groups_add(*out, keys, lens, sc_groups_n(now, i), sc_groups_passed(now, i));
    }
    sc_groups_free(now);
    return s == SC_OK ? SC_OK : sc_error_set(r->err, s, NULL, 0, "%s", sc_strerror(s));
}

sc_status rp_section_items(rp_report *r)
{
    const sc_report_rows *items = r->in->rows;
    if (!items || !items->by_period)
        return SC_OK;
    size_t part = r->period_part;
    sc_groups *now;
    sc_status s = rp_project(r, &part, 1, true, &now);
    if (s == SC_OK)
        s = rp_heading(r, "Unqualified test items", "不合格项目");
    if (s == SC_OK)
        s = pareto(r, now, items->by_period, "items",
                   RP_WORD(r, "Unqualified items, all categories", "不合格项目（全部类别）"));
    sc_groups_free(now);
    /* the categories with the lowest pass rates and some unqualified batch */
    const sc_summary_result *cat = r->category.table ? &r->category : NULL;
    size_t chosen[RP_ITEMS_CATEGORIES];
    size_t ncat = cat ? cat->cols.ngroups : 0;
    for (size_t k = 0; s == SC_OK && items->by_category && k < RP_ITEMS_CATEGORIES; k++) {
        size_t worst = ncat;
        for (size_t i = 0; i < ncat; i++) {
            bool taken = false;
            for (size_t j = 0; j < k; j++)
                taken = taken || chosen[j] == i;
            if (taken || sc_table_get_count(cat->table, i, cat->cols.failed) == 0)
                continue;
            if (worst == ncat || sc_table_get_double(cat->table, i, cat->cols.rate) <
                                     sc_table_get_double(cat->table, worst, cat->cols.rate))
                worst = i;
        }
        if (worst == ncat)
            break;
        chosen[k] = worst;
        const char *name = sc_table_get_string(cat->table, worst, 0);
        sc_groups *g = NULL;
        s = one_category(r, name, &g);
        char table_name[64], caption[256];
        snprintf(table_name, sizeof table_name, "items_category_%zu", k + 1);
        snprintf(caption, sizeof caption, "%s%s", RP_WORD(r, "Unqualified items: ", "不合格项目："),
                 name);
        if (s == SC_OK)
            s = pareto(r, g, items->by_category, table_name, caption);
        sc_groups_free(g);
    }
    return s;
}
