/* spotcheck — unqualified test items per group: the table and Pareto chart of
 * spotcheck items (sc_items_table, sc_items_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h; docs/decisions.md, "Unqualified
 * items"):
 *  1. Groups in the order of `groups`; a group without unqualified batches
 *     has no rows and is counted (and named) in groups_clean.
 *  2. Item rows in Pareto order: batches descending, ties by the item's name
 *     in byte (code point) order, so that the order does not depend on the
 *     order of the rows read.
 *  3. share = batches / failed, rate = batches / n with the --method
 *     interval (sc_prop_interval, two-sided), cumulative = running batches /
 *     all item batches of the group; each set as an exact fraction.
 *  4. --top: the items after the first `top` are one "other" row: batches
 *     summed, cumulative 1, no share, rate or interval (a batch may have
 *     failed two of its items, so the sum is no count of batches).  Only two or more items are joined: a
 *     single one left over keeps its row.
 *  5. Unqualified batches without items: one row after the items, with
 *     share, rate and interval, no cumulative.
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "spotcheck/output.h"

void sc_items_opts_init(sc_items_opts *opts)
{
    *opts = (sc_items_opts){.method = SC_CI_WILSON, .level = 0.95, .lang = SC_LANG_EN,
                            .words = SC_LANG_EN};
}

void sc_items_result_free(sc_items_result *result)
{
    if (!result)
        return;
    sc_table_free(result->table);
    result->table = NULL;
}

/* One item of a group: its name and batches. */
typedef struct item_row {
    const char *name;
    uint64_t batches;
} item_row;

static int pareto_order(const void *a, const void *b)
{
    const item_row *p = a, *q = b;
    if (p->batches != q->batches)
        return p->batches > q->batches ? -1 : 1;
    return strcmp(p->name, q->name);
}

static sc_status add_columns(const sc_groups *groups, sc_table *t, sc_items_columns *c)
{
    c->nkeys = sc_groups_nkeys(groups);
    sc_column_spec spec[] = {
        {&c->item, "item", "不合格项目", SC_COL_STRING, true},
        {&c->batches, "batches", "项目不合格批次", SC_COL_COUNT, true},
        {&c->share, "share", "占不合格批次", SC_COL_PROPORTION, true},
        {&c->rate, "rate", "项目不合格率", SC_COL_PROPORTION, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, true},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, true},
        {&c->cumulative, "cumulative", "累计占比", SC_COL_PROPORTION, true},
        {&c->n, "n", "批次数", SC_COL_COUNT, true},
        {&c->failed, "failed", "不合格批次", SC_COL_COUNT, true},
        {&c->method, "method", "方法", SC_COL_STRING, true},
        {&c->level, "level", "置信水平", SC_COL_SETTING, true},
    };
    return sc_columns_add(t, groups, c->nkeys, spec, sizeof spec / sizeof spec[0]);
}

/* A new row of group g: its group cells, item name, batches, share, n and
 * failed. */
static sc_status begin_row(sc_table *t, const sc_items_columns *c, const sc_groups *groups,
                           size_t g, const char *name, uint64_t batches, size_t *row)
{
    uint64_t n = sc_groups_n(groups, g), failed = n - sc_groups_passed(groups, g);
    sc_status s = sc_table_add_row(t, row);
    for (size_t k = 0; s == SC_OK && k < c->nkeys; k++)
        s = sc_table_set_string(t, *row, k, sc_groups_key(groups, g, k));
    if (s == SC_OK)
        s = sc_table_set_string(t, *row, c->item, name);
    if (s == SC_OK)
        s = sc_table_set_count(t, *row, c->batches, batches);
    if (s == SC_OK)
        s = sc_table_set_rate(t, *row, c->share, batches, failed);
    if (s == SC_OK)
        s = sc_table_set_count(t, *row, c->n, n);
    if (s == SC_OK)
        s = sc_table_set_count(t, *row, c->failed, failed);
    return s;
}

/* Contract 3: the rate among all batches of the group, with its interval. */
static sc_status set_rate(sc_table *t, const sc_items_columns *c, const sc_items_opts *o,
                          size_t row, uint64_t batches, uint64_t n, sc_error *err)
{
    sc_interval ci;
    sc_status s = sc_prop_interval(batches, n, o->method, o->level, SC_SIDED_TWO, &ci);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "interval for %llu of %llu: %s",
                            (unsigned long long)batches, (unsigned long long)n, sc_strerror(s));
    sc_table_set_rate(t, row, c->rate, batches, n);
    sc_table_set_double(t, row, c->lower, ci.lower);
    sc_table_set_double(t, row, c->upper, ci.upper);
    sc_table_set_string(t, row, c->method,
                        sc_word(o->words, sc_ci_method_get(o->method)->entry.name));
    return sc_table_set_double(t, row, c->level, o->level);
}

/* The rows of group g: its items[0, count) and its batches without items. */
static sc_status group_rows(sc_items_result *r, const sc_groups *groups, size_t g,
                            item_row *items, size_t count, uint64_t unrecorded,
                            const sc_items_opts *o, sc_error *err)
{
    sc_table *t = r->table;
    const sc_items_columns *c = &r->cols;
    uint64_t n = sc_groups_n(groups, g);
    qsort(items, count, sizeof *items, pareto_order);
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += items[i].batches;
    /* contract 4: a single item left over keeps its own row ("other (1 item)"
     * would hide its name and save no row) */
    size_t shown = o->top && o->top + 1 < count ? o->top : count;
    size_t first = sc_table_rows(t);
    uint64_t running = 0;
    sc_status s = SC_OK;
    size_t row;
    for (size_t i = 0; s == SC_OK && i < shown; i++) {
        running += items[i].batches;
        s = begin_row(t, c, groups, g, items[i].name, items[i].batches, &row);
        if (s == SC_OK)
            s = sc_table_set_rate(t, row, c->cumulative, running, total);
        if (s == SC_OK)
            s = set_rate(t, c, o, row, items[i].batches, n, err);
    }
    if (s == SC_OK && shown < count) { /* contract 4 */
        uint64_t rest = total - running;
        char name[64];
        snprintf(name, sizeof name,
                 o->lang == SC_LANG_ZH ? "其他（%zu 项）" : "other (%zu items)", count - shown);
        s = begin_row(t, c, groups, g, name, rest, &row);
        if (s == SC_OK) /* contract 4: batches summed are no share of batches */
            s = sc_table_set_double(t, row, c->share, NAN);
        if (s == SC_OK)
            s = sc_table_set_rate(t, row, c->cumulative, total, total);
    }
    if (r->groups == 0) {
        r->chart_first = first;
        r->chart_rows = sc_table_rows(t) - first;
        r->chart_joined = count - shown;
    }
    if (s == SC_OK && unrecorded > 0) { /* contract 5 */
        s = begin_row(t, c, groups, g,
                      o->lang == SC_LANG_ZH ? "（未记录项目）" : "(items not recorded)",
                      unrecorded, &row);
        if (s == SC_OK)
            s = set_rate(t, c, o, row, unrecorded, n, err);
    }
    r->groups++;
    return s;
}

/* Names a group in clean_names: "a/b", at most eight, then ", ...". */
static void name_clean(sc_items_result *r, const sc_groups *groups, size_t g)
{
    size_t used = strlen(r->clean_names), size = sizeof r->clean_names;
    if (r->groups_clean > 8 || used + 8 >= size)
        return;
    if (r->groups_clean == 8) {
        snprintf(r->clean_names + used, size - used, ", ...");
        return;
    }
    for (size_t k = 0; k < sc_groups_nkeys(groups) && used + 1 < size; k++) {
        int wrote = snprintf(r->clean_names + used, size - used, "%s%s",
                             k ? "/" : used ? ", " : "", sc_groups_key(groups, g, k));
        used = wrote < 0 ? used : used + (size_t)wrote < size ? used + (size_t)wrote : size - 1;
    }
}

sc_status sc_items_table(const sc_groups *groups, const sc_item_counts *counts,
                         const sc_items_opts *opts, sc_items_result *out, sc_error *err)
{
    *out = (sc_items_result){0};
    const sc_groups *items = counts ? sc_item_counts_items(counts) : NULL;
    const sc_groups *unrecorded = counts ? sc_item_counts_unrecorded(counts) : NULL;
    size_t nkeys = groups ? sc_groups_nkeys(groups) : 0;
    if (!groups || !items || !opts || sc_groups_nkeys(items) != nkeys + 1 ||
        !(opts->level > 0 && opts->level < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "items table: %s", sc_strerror(SC_EINVAL));
    size_t ngroups = sc_groups_count(groups), nitems = sc_groups_count(items);
    /* bucket the (group, item) pairs by group: first[g] .. first[g + 1] */
    size_t *first = sc_calloc(ngroups + 2, sizeof *first);
    size_t *group_of = sc_malloc((nitems ? nitems : 1) * sizeof *group_of);
    item_row *rows = sc_malloc((nitems ? nitems : 1) * sizeof *rows);
    out->table = sc_table_new();
    sc_status s = first && group_of && rows && out->table ? SC_OK : SC_ENOMEM;
    const char *parts[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    for (size_t j = 0; s == SC_OK && j < nitems; j++) {
        for (size_t k = 0; k < nkeys; k++) {
            parts[k] = sc_groups_key(items, j, k);
            lens[k] = strlen(parts[k]);
        }
        /* items of groups not asked for are left out (a report's one category) */
        bool found;
        s = sc_groups_locate(groups, parts, lens, &group_of[j], &found);
        if (s != SC_OK || !found)
            group_of[j] = SIZE_MAX;
        else
            first[group_of[j] + 2]++, out->items++;
    }
    for (size_t g = 0; s == SC_OK && g < ngroups; g++)
        first[g + 2] += first[g + 1];
    for (size_t j = 0; s == SC_OK && j < nitems; j++) /* stable: first appearance */
        if (group_of[j] != SIZE_MAX)
            rows[first[group_of[j] + 1]++] =
                (item_row){sc_groups_key(items, j, nkeys), sc_groups_n(items, j)};
    if (s == SC_OK)
        s = add_columns(groups, out->table, &out->cols);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    for (size_t g = 0; s == SC_OK && g < ngroups; g++) {
        uint64_t failed = sc_groups_n(groups, g) - sc_groups_passed(groups, g);
        out->failed += failed;
        if (failed == 0) {
            if (sc_groups_n(groups, g) > 0)
                name_clean(out, groups, g), out->groups_clean++;
            continue;
        }
        for (size_t k = 0; k < nkeys; k++) {
            parts[k] = sc_groups_key(groups, g, k);
            lens[k] = strlen(parts[k]);
        }
        size_t u;
        bool found;
        s = sc_groups_locate(unrecorded, parts, lens, &u, &found);
        if (s != SC_OK) {
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
            break;
        }
        uint64_t none = found ? sc_groups_n(unrecorded, u) : 0;
        out->unrecorded += none;
        s = group_rows(out, groups, g, rows + first[g], first[g + 1] - first[g], none, opts, err);
        if (s != SC_OK && !err->message[0])
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    free(first);
    free(group_of);
    free(rows);
    return s;
}

sc_status sc_items_chart(const sc_items_result *r, const sc_items_opts *opts, sc_chart **out,
                         sc_error *err)
{
    *out = NULL;
    if (r->groups > 1)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a Pareto chart draws the items of one group; there are %zu: choose "
                            "one with --where",
                            r->groups);
    if (r->groups == 0 || r->chart_rows == 0)
        return sc_error_set(err, SC_EDATA, NULL, 0,
                            r->groups ? "no chart: no items recorded for the unqualified batches"
                                      : "no chart: no unqualified batches");
    sc_chart *chart = sc_chart_new(SC_CHART_PARETO);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    bool zh = opts->lang == SC_LANG_ZH;
    sc_chart_data data = sc_chart_data_of(r->table);
    data.first_row = r->chart_first;
    data.nrows = r->chart_rows;
    data.label = &r->cols.item;
    data.nlabel = 1;
    data.value = r->cols.batches;
    /* the group drawn, named in the title: "化肥 不合格项目（14 批不合格）" */
    char group[160] = "";
    for (size_t k = 0, at = 0; k < r->cols.nkeys && at + 1 < sizeof group; k++) {
        const char *part = sc_table_get_string(r->table, r->chart_first, k);
        int wrote = snprintf(group + at, sizeof group - at, "%s%s", part ? part : "",
                             zh ? " " : k + 1 < r->cols.nkeys ? " " : ": ");
        at = wrote < 0 ? at : at + (size_t)wrote < sizeof group ? at + (size_t)wrote : sizeof group - 1;
    }
    char title[256];
    int used = snprintf(title, sizeof title,
                        zh ? "%s不合格项目（%llu 批不合格" : "%sunqualified items (%llu unqualified batches",
                        group, (unsigned long long)r->failed);
    if (!zh && !group[0])
        title[0] = 'U';
    size_t at = used > 0 && (size_t)used < sizeof title ? (size_t)used : sizeof title - 1;
    if (r->unrecorded)
        snprintf(title + at, sizeof title - at,
                 zh ? "，其中 %llu 批未记录项目）" : ", %llu without items recorded)",
                 (unsigned long long)r->unrecorded);
    else
        snprintf(title + at, sizeof title - at, zh ? "）" : ")");
    sc_status s = sc_chart_set_data(chart, &data, err);
    if (s == SC_OK)
        s = sc_chart_set_joined(chart, r->chart_joined);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS,
                              zh ? "不合格批次" : "batches in which the item failed");
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_VALUE, zh ? "不合格批次" : "batches");
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS, zh ? "不合格项目" : "item");
    return sca_chart_done(s, chart, out, err);
}
