/* spotcheck — rates per group: the table and chart of spotcheck rate
 * (sc_rate_table, sc_rate_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h):
 *  1. One row per group in the order of `groups` (first appearance), then
 *     --sort, then the total row.  With enterprise_unit the groups are rolled
 *     up first (sc_groups_rollup_units): an enterprise passes when all its
 *     batches in the group pass (DESIGN.md §1 fact 3).
 *  2. x is passed, or failed with the unqualified rate; the rate is x/n as an
 *     exact fraction; lower and upper are the --method bounds at --level
 *     (sc_prop_interval); n = 0 gives rate NA and [0, 1].
 *  3. With a target: target, verdict and p_value from sc_prop_target, the
 *     target being a floor or a ceiling after the rate kind.  With a
 *     targets file, each group's own (sca_group_target; the total row's is
 *     the row matching every group): a group without one has the three
 *     cells empty, and is counted in no_target.
 *  4. The total row: all groups together (its first group cell "Total" or
 *     "合计", the others empty); with enterprise_unit each enterprise once
 *     over all its batches.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis_internal.h"
#include "groups_internal.h"
#include "spotcheck/output.h"
#include "table_internal.h"

void sc_rate_opts_init(sc_rate_opts *opts)
{
    *opts = (sc_rate_opts){.method = SC_CI_WILSON,
                           .level = 0.95,
                           .sided = SC_SIDED_TWO,
                           .kind = SC_RATE_PASS,
                           .target = NAN,
                           .sort = SC_SORT_NONE,
                           .lang = SC_LANG_EN,
                           .words = SC_LANG_EN};
}

static bool has_target(const sc_rate_opts *o)
{
    return !isnan(o->target) || o->targets;
}

static sc_status add_columns(const sc_rate_opts *o, const sc_groups *groups, sc_table *t,
                             sc_rate_columns *c)
{
    c->nkeys = sc_groups_nkeys(groups) - (o->enterprise_unit ? 1 : 0);
    sc_column_spec spec[] = {
        {&c->n, "n", o->enterprise_unit ? "企业数" : "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        {&c->failed, "failed", "不合格", SC_COL_COUNT, true},
        {&c->rate, "rate", sc_rate_kind_label(o->kind, SC_LANG_ZH), SC_COL_PROPORTION, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, true},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, true},
        {&c->method, "method", "方法", SC_COL_STRING, true},
        {&c->level, "level", "置信水平", SC_COL_SETTING, true},
        {&c->target, "target", "目标", SC_COL_SETTING, has_target(o)},
        {&c->verdict, "verdict", "判定", SC_COL_STRING, has_target(o)},
        {&c->p_value, "p_value", "p值", SC_COL_PVALUE, has_target(o)},
        {&c->target_label, "target_label", "指标", SC_COL_STRING, sca_has_labels(o->targets)},
    };
    sc_status s = sc_columns_add(t, groups, c->nkeys, spec, sizeof spec / sizeof spec[0]);
    /* settings: one value for every row, stored once */
    if (s == SC_OK)
        s = sc_table_set_column_string(t, c->method,
                                       sc_word(o->words, sc_ci_method_get(o->method)->entry.name));
    return s == SC_OK ? sc_table_set_column_double(t, c->level, o->level) : s;
}

/* The interval of the last row filled, for the next row of the same counts
 * (many small groups share them: a million groups of one batch ask for two
 * intervals). */
typedef struct last_interval {
    uint64_t x, n;
    sc_interval ci;
    bool set;
} last_interval;

/* Fills row `row` with the counts and statistics of a group of n batches (or
 * enterprises) of which `passed` passed, and the verdict against `target`
 * (a floor or ceiling on the rate shown; NaN: none); `last` (or NULL) the
 * interval of the row filled before. */
static sc_status fill_stats(const sc_rate_opts *o, sc_table *t, const sc_rate_columns *c,
                            size_t row, uint64_t n, uint64_t passed, sc_rate_target target,
                            last_interval *last, sc_error *err)
{
    uint64_t x = sc_rate_counted(o->kind, n, passed);
    if (n > SC_COUNT_MAX)
        return sc_error_set(err, SC_EDATA, NULL, 0,
                            "%llu batches in one group: beyond 2^53, the largest count the "
                            "statistics carry exactly",
                            (unsigned long long)n);
    sc_interval ci;
    if (last && last->set && last->x == x && last->n == n) {
        ci = last->ci;
    } else {
        sc_status s = sc_prop_interval(x, n, o->method, o->level, o->sided, &ci);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "interval for %llu of %llu: %s",
                                (unsigned long long)x, (unsigned long long)n, sc_strerror(s));
        if (last)
            *last = (last_interval){x, n, ci, true};
    }
    sc_table_set_count(t, row, c->n, n);
    sc_table_set_count(t, row, c->passed, passed);
    sc_table_set_count(t, row, c->failed, n - passed);
    sc_table_set_rate(t, row, c->rate, x, n);
    sc_table_set_double(t, row, c->lower, ci.lower);
    sc_table_set_double(t, row, c->upper, ci.upper);
    if (!has_target(o))
        return SC_OK;
    sc_status s = sca_label_cell(t, row, c->target_label, &target);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    return sca_target_cells(t, row, c->target, c->verdict, c->p_value, x, n, &target, o->method,
                            o->level, o->words, err);
}

/* --target (NaN: none), a floor or a ceiling after the rate kind. */
static sc_rate_target fixed_target(const sc_rate_opts *o)
{
    return (sc_rate_target){o->target, sc_rate_kind_get(o->kind)->target, NAN, ""};
}

/* The target of group `index` of `g` (SCA_TOTAL_ROW: the total row): --target,
 * or the group's own from the targets file, or none. */
static sc_status group_target(const sc_rate_opts *o, const sc_groups *named, const sc_groups *g,
                              const sc_rate_columns *c, size_t index, sc_rate_target *target,
                              sc_error *err)
{
    *target = fixed_target(o);
    if (!o->targets)
        return SC_OK;
    return sca_group_target(o->targets, named, g, c->nkeys, index, o->kind, target, err);
}

/* What the ranges of group rows are filled from (sc_table_fill). */
typedef struct rate_fill {
    const sc_rate_opts *o;
    const sc_groups *named, *g;
    sc_rate_columns *c;
    size_t first_row; /* the row of group 0 */
} rate_fill;

static sc_status fill_range(sc_table *t, size_t first, size_t last, void *ctx, sc_error *err)
{
    const rate_fill *f = ctx;
    size_t no_target = 0;
    last_interval above = {0};
    sc_rate_target target = fixed_target(f->o); /* or, with a targets file, each group's */
    sc_status s = SC_OK;
    for (size_t row = first; s == SC_OK && row < last; row++) {
        size_t i = row - f->first_row;
        if (f->o->targets)
            s = group_target(f->o, f->named, f->g, f->c, i, &target, err);
        if (s != SC_OK)
            break;
        no_target += f->o->targets && isnan(target.target);
        for (size_t k = 0; s == SC_OK && k < f->c->nkeys; k++) /* held: fill_groups */
            s = sc_table_set_held_string(t, row, k, sc_groups_key(f->g, i, k));
        if (s == SC_OK)
            s = fill_stats(f->o, t, f->c, row, sc_groups_n(f->g, i), sc_groups_passed(f->g, i),
                           target, &above, err);
        if (s != SC_OK && err->status == SC_OK)
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    __atomic_fetch_add(&f->c->no_target, no_target, __ATOMIC_RELAXED);
    return s;
}

/* A row per group, on opts->threads threads when there are many. */
static sc_status fill_groups(const sc_rate_opts *o, const sc_groups *named, const sc_groups *g,
                             sc_table *t, sc_rate_columns *c, sc_error *err)
{
    c->no_target = 0;
    /* the key cells point into the groups' keys, which the table holds */
    sc_status reserved = sc_table_reserve(t, sc_table_rows(t) + sc_groups_count(g) + o->total);
    if (reserved == SC_OK)
        reserved = sc_table_hold_text(t, sc_groups_key_text(g));
    if (reserved != SC_OK)
        return sc_error_set(err, reserved, NULL, 0, "%s", sc_strerror(reserved));
    rate_fill f = {o, named, g, c, sc_table_rows(t)};
    return sc_table_fill(t, sc_groups_count(g), o->threads, fill_range, &f, err);
}

/* Contract 4: all groups together; with enterprise units, every enterprise
 * once over all its batches. */
static sc_status add_total(const sc_rate_opts *o, const sc_groups *fine, sc_table *t,
                           const sc_rate_columns *c, sc_error *err)
{
    sc_groups *all = NULL;
    sc_status s;
    if (o->enterprise_unit) {
        /* re-key (by…, enterprise) as (enterprise) then roll up */
        sc_groups *per_enterprise = sc_groups_new(1);
        s = per_enterprise ? SC_OK : SC_ENOMEM;
        size_t last = sc_groups_nkeys(fine) - 1;
        for (size_t i = 0; s == SC_OK && i < sc_groups_count(fine); i++) {
            const char *key = sc_groups_key(fine, i, last);
            size_t len = strlen(key);
            s = sc_groups_add(per_enterprise, &key, &len, sc_groups_n(fine, i),
                              sc_groups_passed(fine, i));
        }
        if (s == SC_OK)
            s = sc_groups_rollup_units(per_enterprise, 0, &all);
        sc_groups_free(per_enterprise);
    } else {
        all = sc_groups_new(0);
        s = all ? SC_OK : SC_ENOMEM;
        for (size_t i = 0; s == SC_OK && i < sc_groups_count(fine); i++)
            s = sc_groups_add(all, NULL, NULL, sc_groups_n(fine, i), sc_groups_passed(fine, i));
    }
    size_t row;
    if (s == SC_OK)
        s = sc_table_add_row(t, &row);
    for (size_t k = 0; s == SC_OK && k < c->nkeys; k++)
        s = sc_table_set_string(t, row, k, k ? "" : o->lang == SC_LANG_ZH ? "合计" : "Total");
    uint64_t n = all && sc_groups_count(all) ? sc_groups_n(all, 0) : 0;
    uint64_t passed = all && sc_groups_count(all) ? sc_groups_passed(all, 0) : 0;
    sc_rate_target target;
    if (s == SC_OK && (s = group_target(o, fine, fine, c, SCA_TOTAL_ROW, &target, err)) != SC_OK) {
        sc_groups_free(all);
        return s;
    }
    if (s == SC_OK)
        s = fill_stats(o, t, c, row, n, passed, target, NULL, err);
    else
        sc_error_set(err, s, NULL, 0, "%s",
                     s == SC_EDATA ? "total count beyond 2^64" : sc_strerror(s));
    sc_groups_free(all);
    return s;
}

sc_status sc_rate_table(const sc_groups *groups, const sc_rate_opts *opts, sc_table **out,
                        sc_rate_columns *cols, sc_error *err)
{
    *out = NULL;
    if (!groups || !opts || !cols || (opts->enterprise_unit && sc_groups_nkeys(groups) == 0))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "rate table: %s", sc_strerror(SC_EINVAL));
    sc_groups *rolled = NULL;
    sc_table *t = sc_table_new();
    sc_status s = t ? SC_OK : SC_ENOMEM;
    if (s == SC_OK && opts->enterprise_unit)
        s = sc_groups_rollup_units(groups, sc_groups_nkeys(groups) - 1, &rolled);
    if (s == SC_OK)
        s = add_columns(opts, groups, t, cols);
    if (s != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (s == SC_OK)
        s = sca_check_target_keys(opts->targets, groups, cols->nkeys, err);
    if (s == SC_OK)
        s = fill_groups(opts, groups, rolled ? rolled : groups, t, cols, err);
    if (s == SC_OK && (s = sc_sort_groups(t, opts->sort, cols->nkeys, cols->rate, cols->n,
                                          opts->reverse)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    cols->ngroups = t ? sc_table_rows(t) : 0;
    if (s == SC_OK && opts->total)
        s = add_total(opts, groups, t, cols, err);
    sc_groups_free(rolled);
    if (s != SC_OK) {
        sc_table_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

sc_status sc_rate_chart(const sc_table *table, const sc_rate_columns *cols,
                        const sc_groups *groups, const sc_rate_opts *opts, sc_chart **out,
                        sc_error *err)
{
    *out = NULL;
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t labels[SC_KEY_PARTS_MAX];
    sc_chart_data data = sca_ranked_data(table, cols->nkeys, cols->ngroups, cols->rate,
                                         cols->lower, cols->upper, labels);
    size_t nlabels = data.nlabel;
    bool zh = opts->lang == SC_LANG_ZH;
    char level[32], title[256];
    sc_format_decimal(opts->level, -1, true, level, sizeof level);
    const char *method = sc_ci_method_get(opts->method)->entry.name;
    if (zh)
        snprintf(title, sizeof title, "%s及其 %s%% 置信区间（%s）",
                 sc_rate_kind_label(opts->kind, SC_LANG_ZH), level, sc_word(SC_LANG_ZH, method));
    else
        snprintf(title, sizeof title, "%s rate with %s%% confidence intervals (method: %s)",
                 opts->kind == SC_RATE_FAIL ? "Unqualified" : "Pass", level, method);
    sc_status s = sc_chart_set_data(chart, &data, err);
    if (s == SC_OK)
        s = sc_chart_set_percent(chart, true);
    if (s == SC_OK)
        s = sc_chart_set_value_limits(chart, 0, 1);
    if (s == SC_OK && !isnan(opts->target)) /* one line: not one per group */
        s = sc_chart_set_target(chart, opts->target);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK && !zh)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS,
                              sc_rate_kind_label(opts->kind, SC_LANG_EN));
    if (s == SC_OK)
        s = sc_chart_group_axis(groups, nlabels, chart);
    return sca_chart_done(s, chart, out, err);
}
