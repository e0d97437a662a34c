/* spotcheck — groups compared: the tables and chart of spotcheck compare
 * (sc_compare_tables, sc_compare_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h):
 *  1. The counted outcome x is passed, or failed with the unqualified rate;
 *     every test, difference and funnel limit is of x.
 *  2. Group against the rest: the group's rate minus the pooled rate of all
 *     other groups (--diff-method interval, the 2×2 test's p-value); missing
 *     when the group or the rest has no batches.
 *  3. Tests: Pearson's X² and G of homogeneity over the groups with batches,
 *     df = k - 1; a Monte-Carlo p-value (sc_multi_monte_carlo) when an
 *     expected count is small or replicates are asked for, except that with
 *     SC_MOMENTS_MIN_GROUPS groups or more and no replicates asked for, the
 *     small expected counts get the two-moment p-value of X² instead
 *     (pearson-moments; multi.c M9).  Fewer than two groups with batches: no
 *     rows.
 *  4. Pairs in key order (i < j), labels the key parts joined by " / ",
 *     p-values adjusted together (sc_multi_adjust); a pair with an empty
 *     group has missing cells.
 *  5. The funnel is fitted around the pooled rate (sc_multi_funnel_fit).
 *  6. With targets, each group's own (sca_group_target), its verdict and
 *     exact p-value as sc_rate_table's (sca_target_cells), the p-value named
 *     target_p_value beside the group-against-the-rest p_value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "spotcheck/output.h"

void sc_compare_opts_init(sc_compare_opts *opts)
{
    *opts = (sc_compare_opts){.method = SC_CI_WILSON,
                              .diff_method = SC_DIFF_NEWCOMBE,
                              .level = 0.95,
                              .kind = SC_RATE_PASS,
                              .dispersion = SC_FUNNEL_DISPERSION_NONE,
                              .adjust = SC_ADJUST_HOLM,
                              .seed = 1,
                              .sort = SC_SORT_NONE,
                              .lang = SC_LANG_EN,
                              .words = SC_LANG_EN,
                              .rounding = SC_ROUND_HALF_UP};
}

static sc_status add_group_columns(const sc_compare_opts *p, const sc_groups *g, sc_table *t,
                                   sc_compare_columns *c)
{
    c->nkeys = sc_groups_nkeys(g);
    sc_column_spec spec[] = {
        {&c->n, "n", "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        {&c->failed, "failed", "不合格", SC_COL_COUNT, true},
        {&c->rate, "rate", sc_rate_kind_get(p->kind)->label_zh, SC_COL_PROPORTION, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, true},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, true},
        {&c->diff, "diff", "与其余之差", SC_COL_POINTS, true},
        {&c->diff_lower, "diff_lower", "差下限", SC_COL_POINTS, true},
        {&c->diff_upper, "diff_upper", "差上限", SC_COL_POINTS, true},
        {&c->p_value, "p_value", "p值", SC_COL_PVALUE, true},
        {&c->funnel_lower95, "funnel_lower95", "漏斗95下限", SC_COL_PROPORTION, p->funnel},
        {&c->funnel_upper95, "funnel_upper95", "漏斗95上限", SC_COL_PROPORTION, p->funnel},
        {&c->funnel_lower998, "funnel_lower998", "漏斗99.8下限", SC_COL_PROPORTION, p->funnel},
        {&c->funnel_upper998, "funnel_upper998", "漏斗99.8上限", SC_COL_PROPORTION, p->funnel},
        {&c->funnel, "funnel", "漏斗位置", SC_COL_STRING, p->funnel},
        {&c->target, "target", "目标", SC_COL_SETTING, p->targets != NULL},
        {&c->verdict, "verdict", "判定", SC_COL_STRING, p->targets != NULL},
        {&c->target_p_value, "target_p_value", "目标p值", SC_COL_PVALUE, p->targets != NULL},
        {&c->target_label, "target_label", "指标", SC_COL_STRING, sca_has_labels(p->targets)},
    };
    return sc_columns_add(t, g, c->nkeys, spec, sizeof spec / sizeof spec[0]);
}

/* The counts of the counted outcome, one element per group. */
static sc_multi_group *counted(const sc_compare_opts *p, const sc_groups *g)
{
    size_t k = sc_groups_count(g);
    sc_multi_group *out = sc_calloc(k ? k : 1, sizeof *out);
    for (size_t i = 0; out && i < k; i++) {
        out[i].n = sc_groups_n(g, i);
        out[i].passed = sc_rate_counted(p->kind, out[i].n, sc_groups_passed(g, i));
    }
    return out;
}

static sc_status fill_groups(const sc_compare_opts *p, const sc_groups *g, const sc_multi_group *x,
                             const sc_funnel *funnel, sc_table *t, const sc_compare_columns *c,
                             size_t *no_target, sc_error *err)
{
    uint64_t total_n = 0, total_x = 0;
    for (size_t i = 0; i < sc_groups_count(g); i++)
        total_n += x[i].n, total_x += x[i].passed;
    sc_twoprop_options opts = sc_twoprop_options_default();
    opts.method = p->diff_method;
    opts.level = p->level;
    for (size_t i = 0; i < sc_groups_count(g); i++) {
        size_t row;
        sc_status s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < c->nkeys; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(g, i, k));
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
        uint64_t n = x[i].n, hits = x[i].passed;
        sc_table_set_count(t, row, c->n, n);
        sc_table_set_count(t, row, c->passed, sc_groups_passed(g, i));
        sc_table_set_count(t, row, c->failed, n - sc_groups_passed(g, i));
        sc_interval ci;
        s = sc_prop_interval(hits, n, p->method, p->level, SC_SIDED_TWO, &ci);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "interval for %llu of %llu: %s",
                                (unsigned long long)hits, (unsigned long long)n, sc_strerror(s));
        sc_table_set_rate(t, row, c->rate, hits, n);
        sc_table_set_double(t, row, c->lower, ci.lower);
        sc_table_set_double(t, row, c->upper, ci.upper);
        if (p->targets) {
            sc_rate_target target;
            s = sca_group_target(p->targets, g, g, c->nkeys, i, p->kind, &target, err);
            if (s == SC_OK)
                s = sca_label_cell(t, row, c->target_label, &target);
            if (s == SC_OK)
                s = sca_target_cells(t, row, c->target, c->verdict, c->target_p_value, hits, n,
                                     &target, p->method, p->level, p->words, err);
            if (s != SC_OK)
                return s;
            *no_target += isnan(target.target) ? 1 : 0;
        }
        uint64_t rest_n = total_n - n, rest_x = total_x - hits;
        if (n > 0 && rest_n > 0) {
            sc_twoprop_summary sum;
            s = sc_twoprop_summarize(hits, n, rest_x, rest_n, &opts, &sum);
            if (s != SC_OK)
                return sc_error_set(err, s, NULL, 0, "group against the rest: %s",
                                    sc_strerror(s));
            sc_table_set_rate_diff(t, row, c->diff, hits, n, rest_x, rest_n);
            sc_table_set_double(t, row, c->diff_lower, sum.diff.lower);
            sc_table_set_double(t, row, c->diff_upper, sum.diff.upper);
            sc_table_set_double(t, row, c->p_value, sum.test.p_value);
        }
        if (!p->funnel)
            continue;
        sc_funnel_limits limits;
        s = sc_multi_funnel_limits(funnel, n, &limits);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "funnel limits at n = %llu: %s",
                                (unsigned long long)n, sc_strerror(s));
        sc_table_set_double(t, row, c->funnel_lower95, limits.lower95);
        sc_table_set_double(t, row, c->funnel_upper95, limits.upper95);
        sc_table_set_double(t, row, c->funnel_lower998, limits.lower998);
        sc_table_set_double(t, row, c->funnel_upper998, limits.upper998);
        sc_table_set_string(t, row, c->funnel,
                            sc_word(p->words, sc_funnel_class_name(sc_multi_funnel_classify(
                                                         &x[i], &limits))));
    }
    return SC_OK;
}

/* ---- the tests table ------------------------------------------------------------------ */

static sc_status add_test_row(sc_table *t, const char *test, double statistic, uint64_t df,
                              double p_value)
{
    size_t row;
    sc_status s = sc_table_add_row(t, &row);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, 0, test);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, 1, statistic);
    if (s == SC_OK)
        s = sc_table_set_count(t, row, 2, df);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, 3, p_value);
    return s;
}

static sc_status fill_tests(const sc_compare_opts *p, const sc_multi_group *x, size_t k,
                            sc_table *t, bool *moments, sc_error *err)
{
    sc_status s = sc_table_add_column(t, "test", "检验", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "statistic", "统计量", SC_COL_REAL);
    if (s == SC_OK)
        s = sc_table_add_column(t, "df", "自由度", SC_COL_COUNT);
    if (s == SC_OK)
        s = sc_table_add_column(t, "p_value", "p值", SC_COL_PVALUE);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    sc_homogeneity h;
    s = sc_multi_homogeneity(x, k, &h);
    if (s == SC_EDOMAIN)
        return SC_OK; /* fewer than two groups with data: nothing to test */
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "homogeneity test: %s", sc_strerror(s));
    uint64_t df = h.groups - 1;
    s = add_test_row(t, sc_word(p->words, "pearson"), h.pearson, df, h.pearson_p);
    if (s == SC_OK)
        s = add_test_row(t, sc_word(p->words, "g"), h.g, df, h.g_p);
    *moments = h.sparse && !p->replicates && h.groups >= SC_MOMENTS_MIN_GROUPS;
    if (s == SC_OK && *moments) {
        s = add_test_row(t, sc_word(p->words, "pearson-moments"), h.pearson, df, h.moments_p);
    } else if (s == SC_OK && (h.sparse || p->replicates)) {
        sc_monte_carlo mc;
        s = sc_multi_monte_carlo(x, k, p->replicates ? p->replicates : SC_MONTE_CARLO_DEFAULT,
                                 (unsigned long)p->seed, &mc);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "Monte-Carlo p-value: %s", sc_strerror(s));
        s = add_test_row(t, sc_word(p->words, "monte-carlo"), mc.statistic, df,
                         mc.p_value);
    }
    return s == SC_OK ? SC_OK : sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
}

/* ---- the pairwise table --------------------------------------------------------------- */

/* The label of group i: its key parts joined by " / ". */
static void group_label(const sc_groups *g, size_t i, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t k = 0; k < sc_groups_nkeys(g); k++) {
        strncat(buf, k ? " / " : "", size - strlen(buf) - 1);
        strncat(buf, sc_groups_key(g, i, k), size - strlen(buf) - 1);
    }
}

static sc_status fill_pairwise(const sc_compare_opts *p, const sc_groups *g, const sc_multi_group *x,
                               sc_table *t, sc_error *err)
{
    static const struct {
        const char *name, *label;
        sc_col_type type;
    } spec[] = {
        {"group_a", "组A", SC_COL_STRING}, {"group_b", "组B", SC_COL_STRING},
        {"diff", "差", SC_COL_POINTS}, {"lower", "下限", SC_COL_POINTS},
        {"upper", "上限", SC_COL_POINTS}, {"p_value", "p值", SC_COL_PVALUE},
        {"p_adjusted", "校正p值", SC_COL_PVALUE},
    };
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < sizeof spec / sizeof spec[0]; i++)
        s = sc_table_add_column(t, spec[i].name, spec[i].label, spec[i].type);
    size_t k = sc_groups_count(g);
    if (s != SC_OK || !p->pairwise || k < 2)
        return s == SC_OK ? SC_OK : sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    size_t npairs = k * (k - 1) / 2;
    double *pv = sc_malloc(npairs * sizeof *pv);
    if (!pv)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_twoprop_options opts = sc_twoprop_options_default();
    opts.method = p->diff_method;
    opts.level = p->level;
    char a[512], b[512];
    size_t pair = 0;
    for (size_t i = 0; s == SC_OK && i < k; i++)
        for (size_t j = i + 1; s == SC_OK && j < k; j++, pair++) {
            size_t row;
            s = sc_table_add_row(t, &row);
            if (s != SC_OK)
                break;
            group_label(g, i, a, sizeof a);
            group_label(g, j, b, sizeof b);
            sc_table_set_string(t, row, 0, a);
            sc_table_set_string(t, row, 1, b);
            pv[pair] = NAN;
            if (x[i].n == 0 || x[j].n == 0)
                continue;
            sc_twoprop_summary sum;
            s = sc_twoprop_summarize(x[i].passed, x[i].n, x[j].passed, x[j].n, &opts, &sum);
            if (s != SC_OK)
                break;
            sc_table_set_rate_diff(t, row, 2, x[i].passed, x[i].n, x[j].passed, x[j].n);
            sc_table_set_double(t, row, 3, sum.diff.lower);
            sc_table_set_double(t, row, 4, sum.diff.upper);
            sc_table_set_double(t, row, 5, sum.test.p_value);
            pv[pair] = sum.test.p_value;
        }
    if (s == SC_OK)
        s = sc_multi_adjust(pv, npairs, p->adjust, pv);
    for (size_t r = 0; s == SC_OK && r < npairs; r++)
        s = sc_table_set_double(t, r, 6, pv[r]);
    free(pv);
    return s == SC_OK ? SC_OK : sc_error_set(err, s, NULL, 0, "pairwise: %s", sc_strerror(s));
}

/* ---- the chart ------------------------------------------------------------------------- */

/* A grid of n from the smallest to the largest group, evenly spaced in
 * log n, with the funnel limits at each: the smooth curves of the plot.
 * When every group has the same n, the grid spans 10% either side (what the
 * chart's n axis shows), so that the limits are drawn, not one point.
 * NULL when out of memory. */
static sc_table *funnel_curves(const sc_multi_group *x, size_t k, const sc_funnel *funnel)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < k; i++)
        if (x[i].n) {
            lo = x[i].n < lo ? x[i].n : lo;
            hi = x[i].n > hi ? x[i].n : hi;
        }
    sc_table *t = sc_table_new();
    if (!t || hi == 0)
        return t;
    if (lo == hi) {
        lo -= lo / 10;
        hi += (hi + 9) / 10;
    }
    const char *names[] = {"n", "lower95", "upper95", "lower998", "upper998", "center"};
    for (size_t c = 0; c < 6; c++)
        if (sc_table_add_column(t, names[c], NULL, c ? SC_COL_PROPORTION : SC_COL_REAL) != SC_OK) {
            sc_table_free(t);
            return NULL; /* out of memory */
        }
    uint64_t previous = 0;
    for (int step = 0; step <= 200; step++) {
        double at = exp(log((double)lo) + (log((double)hi) - log((double)lo)) * step / 200.0);
        uint64_t n = (uint64_t)llround(at);
        if (n == previous || n == 0)
            continue;
        previous = n;
        sc_funnel_limits limits;
        if (sc_multi_funnel_limits(funnel, n, &limits) != SC_OK)
            continue;
        size_t row;
        if (sc_table_add_row(t, &row) != SC_OK) {
            sc_table_free(t);
            return NULL; /* out of memory: no curves cut short */
        }
        sc_table_set_double(t, row, 0, (double)n);
        sc_table_set_double(t, row, 1, limits.lower95);
        sc_table_set_double(t, row, 2, limits.upper95);
        sc_table_set_double(t, row, 3, limits.lower998);
        sc_table_set_double(t, row, 4, limits.upper998);
        sc_table_set_double(t, row, 5, funnel->target);
    }
    return t;
}

sc_status sc_compare_tables(const sc_groups *groups, const sc_compare_opts *opts,
                            sc_compare_result *out, sc_error *err)
{
    *out = (sc_compare_result){.overall = NAN};
    out->groups = sc_table_new();
    out->tests = sc_table_new();
    out->pairwise = sc_table_new();
    if (!out->groups || !out->tests || !out->pairwise)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t k = sc_groups_count(groups);
    if (opts->pairwise && k > SC_PAIRWISE_MAX_GROUPS)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--pairwise: %zu groups make %zu pairs; it takes at most %d groups",
                            k, k * (k - 1) / 2, SC_PAIRWISE_MAX_GROUPS);
    sc_multi_group *x = counted(opts, groups);
    if (!x)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = SC_OK;
    uint64_t total_n = 0, total_x = 0;
    for (size_t i = 0; s == SC_OK && i < k; i++) {
        total_n += x[i].n, total_x += x[i].passed;
        if (x[i].n > SC_COUNT_MAX || total_n > SC_COUNT_MAX)
            s = sc_error_set(err, SC_EDATA, NULL, 0,
                             "more than 2^53 batches: beyond the counts the statistics carry "
                             "exactly");
    }
    out->overall = total_n ? (double)total_x / (double)total_n : NAN;
    if (s == SC_OK && opts->funnel &&
        (s = sc_multi_funnel_fit(x, k, total_n ? out->overall : 0, opts->dispersion,
                                 &out->funnel)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "funnel: %s", sc_strerror(s));
    sc_compare_columns *c = &out->cols;
    if (s == SC_OK && (s = add_group_columns(opts, groups, out->groups, c)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (s == SC_OK)
        s = sca_check_target_keys(opts->targets, groups, c->nkeys, err);
    if (s == SC_OK)
        s = fill_groups(opts, groups, x, &out->funnel, out->groups, c, &out->no_target, err);
    if (s == SC_OK && (s = sc_sort_groups(out->groups, opts->sort, c->nkeys, c->rate, c->n,
                                          opts->reverse)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (s == SC_OK)
        s = fill_tests(opts, x, k, out->tests, &out->moments, err);
    if (s == SC_OK)
        s = fill_pairwise(opts, groups, x, out->pairwise, err);
    free(x);
    return s;
}

void sc_compare_result_free(sc_compare_result *result)
{
    if (!result)
        return;
    sc_table_free(result->groups);
    sc_table_free(result->tests);
    sc_table_free(result->pairwise);
    result->groups = result->tests = result->pairwise = NULL;
}

sc_status sc_compare_chart(const sc_compare_result *result, const sc_groups *g,
                          const sc_compare_opts *p, bool funnel_chart, sc_chart **out,
                          sc_error *err)
{
    *out = NULL;
    const sc_table *t = result->groups;
    const sc_compare_columns *c = &result->cols;
    const sc_funnel *funnel = &result->funnel;
    double overall = result->overall;
    if (funnel_chart && !p->funnel)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "a funnel chart needs the funnel limits");
    size_t k = sc_groups_count(g);
    sc_multi_group *x = counted(p, g);
    bool zh = p->lang == SC_LANG_ZH;
    sc_chart *chart = sc_chart_new(funnel_chart ? SC_CHART_FUNNEL : SC_CHART_CATERPILLAR);
    sc_table *grid = NULL;
    if (!chart || !x) {
        sc_chart_free(chart);
        free(x);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    size_t labels[SC_KEY_PARTS_MAX];
    size_t nlabels = sca_group_labels(c->nkeys, labels);
    sc_chart_data data = sc_chart_data_of(t);
    data.label = labels;
    data.nlabel = nlabels;
    data.value = c->rate;
    const char *which = sc_rate_kind_label(p->kind, zh ? SC_LANG_ZH : SC_LANG_EN);
    char title[256], overall_text[64], percent[32];
    sc_format_decimal_rounded(overall, 2, true, p->rounding, percent,
                              sizeof percent);
    snprintf(overall_text, sizeof overall_text, zh ? "总体 %s%%" : "overall %s%%", percent);
    sc_status s;
    if (funnel_chart) {
        data.x = c->n;
        data.lower = c->funnel_lower95;
        data.upper = c->funnel_upper95;
        data.outer_lower = c->funnel_lower998;
        data.outer_upper = c->funnel_upper998;
        snprintf(title, sizeof title, zh ? "%s漏斗图（95%% 与 99.8%% 控制限）"
                                         : "Funnel plot of the %s (95%% and 99.8%% limits)",
                 which);
        s = sc_chart_set_data(chart, &data, err);
        grid = funnel_curves(x, k, funnel);
        if (s == SC_OK && !grid)
            s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        if (s == SC_OK && sc_table_rows(grid) > 1) {
            sc_chart_data curves = sc_chart_data_of(grid);
            curves.x = 0;
            curves.lower = 1;
            curves.upper = 2;
            curves.outer_lower = 3;
            curves.outer_upper = 4;
            curves.center = 5;
            s = sc_chart_set_curves(chart, &curves, err);
        }
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_KEY_CENTER, overall_text);
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_KEY_INTERVAL, zh ? "95% 控制限" : "95% limits");
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_KEY_OUTER, zh ? "99.8% 控制限" : "99.8% limits");
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS, zh ? "抽检批次" : "batches");
    } else {
        data.lower = c->lower;
        data.upper = c->upper;
        char level[32];
        sc_format_decimal(p->level, -1, true, level, sizeof level);
        snprintf(title, sizeof title, zh ? "%s及其 %s%% 置信区间" : "The %s with %s%% intervals",
                 which, level);
        s = sc_chart_set_data(chart, &data, err);
        if (s == SC_OK)
            s = sc_chart_set_target(chart, overall);
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_KEY_TARGET, overall_text);
    }
    if (s == SC_OK)
        s = sc_chart_set_value_limits(chart, 0, 1);
    if (s == SC_OK)
        s = sc_chart_set_percent(chart, true);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, which);
    if (s == SC_OK && !funnel_chart) /* the funnel's other axis is n */
        s = sc_chart_group_axis(g, nlabels, chart);
    sc_table_free(grid);
    free(x);
    return sca_chart_done(s, chart, out, err);
}
