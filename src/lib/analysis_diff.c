/* spotcheck — the change between two periods: the table and chart of
 * spotcheck diff (sc_diff_periods, sc_diff_table, sc_diff_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h):
 *  1. 同比 is the same period a year before, 环比 the period before
 *     (sc_period_year_ago, sc_period_previous; docs/decisions.md, Periods).
 *  2. Groups are the --by parts, in order of first appearance in either
 *     period; a group absent from one period has zero counts there and no
 *     statistics.
 *  3. The change is current minus baseline of the counted outcome
 *     (sc_twoprop_summarize: --method interval, ratio, odds ratio, Pearson
 *     or Fisher test, verdict with the direction of "better" of the rate
 *     kind).
 *  4. The total row sums the groups with batches in both periods (可比口径),
 *     or every group with all_groups, and counts those it leaves out.
 *  5. With targets, a group's change target C (percentage points, on the
 *     scale of the rate kind: sca_group_target) is shown as C/100 in a
 *     points column; its verdict compares the one-sided bounds of the
 *     change at `level` (sc_twoprop_diff, the two-sided bounds at
 *     2 level - 1) with C/100: a floor is met when the lower bound is above
 *     it and missed when the upper bound is under it, a ceiling the other
 *     way round; a bound within SC_PROP_TIE_TOLERANCE of it is a tie.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis_internal.h"
#include "spotcheck/output.h"

sc_status sc_diff_periods(const char *current, const char *baseline, sc_period_kind per,
                          sc_period *now, sc_period *then, sc_error *err)
{
    sc_error why;
    sc_error_clear(&why);
    if (sc_period_parse_per(current, strlen(current), per, now, &why) != SC_OK)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--current: %s", why.message);
    sc_status s;
    if (strcmp(baseline, "year-ago") == 0 || strcmp(baseline, "同比") == 0)
        s = sc_period_year_ago(now, then);
    else if (strcmp(baseline, "previous") == 0 || strcmp(baseline, "环比") == 0)
        s = sc_period_previous(now, then);
    else
        s = sc_period_parse_per(baseline, strlen(baseline), per, then, &why);
    if (s != SC_OK)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--baseline: %s",
                            why.message[0] ? why.message : "out of the years 1900 to 2200");
    if (sc_period_compare(now, then) == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--baseline is the same period as --current");
    if (then->kind != now->kind)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--current is a %s but --baseline a %s",
                            sc_period_kind_get(now->kind)->noun,
                            sc_period_kind_get(then->kind)->noun);
    return SC_OK;
}

void sc_diff_opts_init(sc_diff_opts *opts)
{
    *opts = (sc_diff_opts){.method = SC_DIFF_NEWCOMBE,
                           .level = 0.95,
                           .kind = SC_RATE_PASS,
                           .sort = SC_DIFF_SORT_NONE,
                           .lang = SC_LANG_EN,
                           .words = SC_LANG_EN};
}

sc_status sca_check_period_kind(const sc_groups *g, size_t period_part, const char *current,
                                sc_error *err)
{
    if (sc_groups_count(g) == 0)
        return SC_OK;
    sc_period in_data, asked;
    const char *text = sc_groups_key(g, 0, period_part);
    if (sc_period_parse(text, strlen(text), &in_data, NULL) != SC_OK ||
        sc_period_parse(current, strlen(current), &asked, NULL) != SC_OK)
        return sc_error_set(err, SC_EINTERNAL, NULL, 0, "period %s does not parse", text);
    if (in_data.kind == asked.kind)
        return SC_OK;
    char advice[96];
    if (asked.kind > in_data.kind) /* finer than the data: no roll-up can make it */
        snprintf(advice, sizeof advice, "give --current as a %s, like %s",
                 sc_period_kind_get(in_data.kind)->noun, text);
    else
        snprintf(advice, sizeof advice, "give --per %s", sc_period_kind_get(asked.kind)->entry.name);
    return sc_error_set(err, SC_EINVAL, NULL, 0,
                        "--current %s is a %s, but column \"%s\" holds %s (e.g. %s): %s", current,
                        sc_period_kind_get(asked.kind)->noun, sc_groups_key_name(g, period_part),
                        sc_period_kind_get(in_data.kind)->plural, text, advice);
}

/* Counts per group (the --by part of the key) in the current and the
 * baseline period; `order` lists the groups in order of first appearance. */
typedef struct pairs {
    sc_groups *order, *current, *baseline;
} pairs;

static void pairs_free(pairs *p)
{
    sc_groups_free(p->order);
    sc_groups_free(p->current);
    sc_groups_free(p->baseline);
}

static sc_status pair_up(const sc_groups *g, size_t nby, const char *current,
                         const char *baseline, pairs *out)
{
    out->order = sc_groups_new(nby);
    out->current = sc_groups_new(nby);
    out->baseline = sc_groups_new(nby);
    if (!out->order || !out->current || !out->baseline)
        return SC_ENOMEM;
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(g); i++) {
        const char *period = sc_groups_key(g, i, nby);
        sc_groups *side = strcmp(period, current) == 0    ? out->current
                          : strcmp(period, baseline) == 0 ? out->baseline
                                                          : NULL;
        if (!side)
            continue;
        for (size_t k = 0; k < nby; k++) {
            keys[k] = sc_groups_key(g, i, k);
            lens[k] = strlen(keys[k]);
        }
        s = sc_groups_add(out->order, keys, lens, 0, 0);
        if (s == SC_OK)
            s = sc_groups_add(side, keys, lens, sc_groups_n(g, i), sc_groups_passed(g, i));
    }
    return s;
}

sc_status sca_no_batches(const sc_groups *g, size_t period_part, const char *missing,
                         sc_error *err)
{
    sc_period first = {0}, last = {0}, period;
    bool any = false;
    for (size_t i = 0; i < sc_groups_count(g); i++) {
        const char *text = sc_groups_key(g, i, period_part);
        if (sc_period_parse(text, strlen(text), &period, NULL) != SC_OK)
            continue;
        if (!any || sc_period_compare(&period, &first) < 0)
            first = period;
        if (!any || sc_period_compare(&period, &last) > 0)
            last = period;
        any = true;
    }
    char in_data[160] = "";
    if (any) {
        char from[SC_PERIOD_TEXT_MAX], to[SC_PERIOD_TEXT_MAX];
        sc_period_format(&first, SC_LANG_EN, from, sizeof from);
        sc_period_format(&last, SC_LANG_EN, to, sizeof to);
        snprintf(in_data, sizeof in_data, "; the data run from %s to %s",
                 from, to);
    }
    return sc_error_set(err, SC_EDATA, NULL, 0, "column \"%s\" has no batches in %s%s",
                        sc_groups_key_name(g, period_part), missing, in_data);
}

/* Both periods must be in the data (an absent one is a data error, exit 65). */
static sc_status check_present(const sc_groups *g, size_t period_part, const pairs *pr,
                               const char *current, const char *baseline, sc_error *err)
{
    bool has_current = sc_groups_count(pr->current) > 0;
    bool has_baseline = sc_groups_count(pr->baseline) > 0;
    if (has_current && has_baseline)
        return SC_OK;
    char missing[128];
    if (!has_current && !has_baseline)
        snprintf(missing, sizeof missing, "%s (--current) or in %s (--baseline)", current,
                 baseline);
    else
        snprintf(missing, sizeof missing, "%s (%s)", has_current ? baseline : current,
                 has_current ? "--baseline" : "--current");
    return sca_no_batches(g, period_part, missing, err);
}

/* Counts of group `index` of `order` in `side`, 0 and 0 when absent. */
static sc_status counts_in(const sc_groups *order, size_t index, const sc_groups *side,
                           uint64_t *n, uint64_t *passed)
{
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    size_t nkeys = sc_groups_nkeys(order);
    for (size_t k = 0; k < nkeys; k++) {
        keys[k] = sc_groups_key(order, index, k);
        lens[k] = strlen(keys[k]);
    }
    size_t at;
    bool found;
    *n = *passed = 0;
    sc_status s = sc_groups_locate(side, keys, lens, &at, &found);
    if (s == SC_OK && found) {
        *n = sc_groups_n(side, at);
        *passed = sc_groups_passed(side, at);
    }
    return s;
}

static sc_status add_columns(const sc_diff_opts *p, const sc_groups *g, size_t nby, sc_table *t,
                             sc_diff_columns *c)
{
    c->nby = nby;
    bool fail = p->kind == SC_RATE_FAIL;
    sc_column_spec spec[] = {
        {&c->period_current, "period_current", "本期", SC_COL_STRING, true},
        {&c->n_current, "n_current", "本期批次", SC_COL_COUNT, true},
        {&c->passed_current, "passed_current", "本期合格", SC_COL_COUNT, true},
        /* the count beside an unqualified rate is the unqualified count */
        {&c->failed_current, "failed_current", "本期不合格", SC_COL_COUNT, fail},
        {&c->rate_current, "rate_current", fail ? "本期不合格率" : "本期合格率", SC_COL_PROPORTION, true},
        {&c->period_baseline, "period_baseline", "基期", SC_COL_STRING, true},
        {&c->n_baseline, "n_baseline", "基期批次", SC_COL_COUNT, true},
        {&c->passed_baseline, "passed_baseline", "基期合格", SC_COL_COUNT, true},
        {&c->failed_baseline, "failed_baseline", "基期不合格", SC_COL_COUNT, fail},
        {&c->rate_baseline, "rate_baseline", fail ? "基期不合格率" : "基期合格率",
         SC_COL_PROPORTION, true},
        {&c->diff, "diff", "变化", SC_COL_POINTS, true},
        {&c->lower, "lower", "下限", SC_COL_POINTS, true},
        {&c->upper, "upper", "上限", SC_COL_POINTS, true},
        {&c->ratio, "ratio", "率比", SC_COL_REAL, true},
        {&c->ratio_lower, "ratio_lower", "率比下限", SC_COL_REAL, true},
        {&c->ratio_upper, "ratio_upper", "率比上限", SC_COL_REAL, true},
        {&c->odds_ratio, "odds_ratio", "比值比", SC_COL_REAL, true},
        {&c->or_lower, "or_lower", "比值比下限", SC_COL_REAL, true},
        {&c->or_upper, "or_upper", "比值比上限", SC_COL_REAL, true},
        {&c->test, "test", "检验", SC_COL_STRING, true},
        {&c->p_value, "p_value", "p值", SC_COL_PVALUE, true},
        {&c->verdict, "verdict", "判定", SC_COL_STRING, true},
        {&c->change_target, "change_target", "变化目标", SC_COL_POINTS, p->targets != NULL},
        {&c->change_verdict, "change_verdict", "变化目标判定", SC_COL_STRING,
         p->targets != NULL},
        {&c->target_label, "target_label", "指标", SC_COL_STRING, sca_has_labels(p->targets)},
    };
    return sc_columns_add(t, g, c->nby, spec, sizeof spec / sizeof spec[0]);
}

static const char *verdict_text(const sc_diff_opts *p, sc_change change)
{
    return sc_word(p->words, sc_change_name(change));
}

/* Contract 5: the verdict of the change x1/n1 - x2/n2 against `target`. */
static sc_status change_verdict(const sc_diff_opts *p, uint64_t x1, uint64_t n1, uint64_t x2,
                                uint64_t n2, const sc_rate_target *target, sc_verdict *verdict,
                                sc_error *err)
{
    sc_interval lower, upper;
    sc_status s = sc_twoprop_diff(x1, n1, x2, n2, p->method, p->level, SC_SIDED_LOWER, &lower);
    if (s == SC_OK)
        s = sc_twoprop_diff(x1, n1, x2, n2, p->method, p->level, SC_SIDED_UPPER, &upper);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "change target: %s", sc_strerror(s));
    *verdict = sca_interval_verdict(lower.lower, upper.upper, target->change / 100,
                                    target->direction);
    return SC_OK;
}

/* Fills one row with the counts of both periods and the statistics of the
 * change, and its verdict against `target` (change NaN: none); a period
 * without batches leaves the statistics and the verdict empty. */
static sc_status fill_row(const sc_diff_opts *p, sc_table *t, const sc_diff_columns *c, size_t row,
                          const char *current, const char *baseline, uint64_t n1, uint64_t passed1,
                          uint64_t n2, uint64_t passed2, const sc_rate_target *target,
                          sc_error *err)
{
    uint64_t x1 = sc_rate_counted(p->kind, n1, passed1);
    uint64_t x2 = sc_rate_counted(p->kind, n2, passed2);
    sc_table_set_string(t, row, c->period_current, current);
    sc_table_set_count(t, row, c->n_current, n1);
    sc_table_set_count(t, row, c->passed_current, passed1);
    if (c->failed_current != SC_NO_COLUMN)
        sc_table_set_count(t, row, c->failed_current, n1 - passed1);
    sc_table_set_rate(t, row, c->rate_current, x1, n1);
    sc_table_set_string(t, row, c->period_baseline, baseline);
    sc_table_set_count(t, row, c->n_baseline, n2);
    sc_table_set_count(t, row, c->passed_baseline, passed2);
    if (c->failed_baseline != SC_NO_COLUMN)
        sc_table_set_count(t, row, c->failed_baseline, n2 - passed2);
    sc_table_set_rate(t, row, c->rate_baseline, x2, n2);
    if (p->targets)
        sca_label_cell(t, row, c->target_label, target);
    bool has_target = p->targets && !isnan(target->change);
    if (has_target)
        sc_table_set_double(t, row, c->change_target, target->change / 100);
    if (n1 == 0 || n2 == 0)
        return SC_OK;
    if (n1 > SC_COUNT_MAX || n2 > SC_COUNT_MAX)
        return sc_error_set(err, SC_EDATA, NULL, 0,
                            "more than 2^53 batches in one group: beyond the counts the "
                            "statistics carry exactly");
    sc_twoprop_options opts = sc_twoprop_options_default();
    opts.method = p->method;
    opts.level = p->level;
    opts.yates = p->yates;
    opts.better = p->kind == SC_RATE_FAIL ? SC_BETTER_LOWER : SC_BETTER_HIGHER;
    sc_twoprop_summary sum;
    sc_status s = sc_twoprop_summarize(x1, n1, x2, n2, &opts, &sum);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "change of %llu/%llu against %llu/%llu: %s",
                            (unsigned long long)x1, (unsigned long long)n1,
                            (unsigned long long)x2, (unsigned long long)n2, sc_strerror(s));
    sc_table_set_rate_diff(t, row, c->diff, x1, n1, x2, n2);
    sc_table_set_double(t, row, c->lower, sum.diff.lower);
    sc_table_set_double(t, row, c->upper, sum.diff.upper);
    sc_table_set_double(t, row, c->ratio, sum.ratio.estimate);
    sc_table_set_double(t, row, c->ratio_lower, sum.ratio.lower);
    sc_table_set_double(t, row, c->ratio_upper, sum.ratio.upper);
    sc_table_set_double(t, row, c->odds_ratio, sum.odds_ratio.estimate);
    sc_table_set_double(t, row, c->or_lower, sum.odds_ratio.lower);
    sc_table_set_double(t, row, c->or_upper, sum.odds_ratio.upper);
    sc_table_set_string(t, row, c->test,
                        sc_word(p->words, sc_twoprop_test_name(sum.test.test)));
    sc_table_set_double(t, row, c->p_value, sum.test.p_value);
    sc_table_set_string(t, row, c->verdict, verdict_text(p, sum.verdict));
    if (!has_target)
        return SC_OK;
    sc_verdict verdict = SC_VERDICT_INCONCLUSIVE;
    s = change_verdict(p, x1, n1, x2, n2, target, &verdict, err);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c->change_verdict, sca_verdict_word(p->words, verdict));
    return s;
}

void sca_left_out_add(sc_diff_left_out *lo, const sc_groups *order, size_t index,
                      const char *empty)
{
    if (lo->count++ >= 8) {
        return; /* the count says how many more */
    }
    size_t len = strlen(lo->names);
    for (size_t k = 0; k < sc_groups_nkeys(order) && len < sizeof lo->names; k++) {
        snprintf(lo->names + len, sizeof lo->names - len, "%s%s", k ? "/" : len ? ", " : "",
                 sc_groups_key(order, index, k));
        len = strlen(lo->names);
    }
    if (len < sizeof lo->names)
        snprintf(lo->names + len, sizeof lo->names - len, " (none in %s)", empty);
}

/* The change target of group `index` of pr->order (SCA_TOTAL_ROW: the total). */
static sc_status group_target(const sc_diff_opts *p, const sc_groups *g, const pairs *pr,
                              size_t nby, size_t index, sc_rate_target *target, sc_error *err)
{
    *target = (sc_rate_target){NAN, SC_TARGET_FLOOR, NAN, ""};
    if (!p->targets)
        return SC_OK;
    return sca_group_target(p->targets, g, pr->order, nby, index, p->kind, target, err);
}

static sc_status fill(const sc_diff_opts *p, const sc_groups *g, const pairs *pr,
                      const char *current, const char *baseline, sc_table *t, sc_diff_columns *c,
                      sc_diff_left_out *lo, sc_error *err)
{
    sc_status s = SC_OK;
    uint64_t totals[4] = {0, 0, 0, 0};
    c->no_target = 0;
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(pr->order); i++) {
        sc_rate_target target;
        s = group_target(p, g, pr, c->nby, i, &target, err);
        if (s != SC_OK)
            break;
        c->no_target += p->targets && isnan(target.change) ? 1 : 0;
        uint64_t n1, passed1, n2, passed2;
        s = counts_in(pr->order, i, pr->current, &n1, &passed1);
        if (s == SC_OK)
            s = counts_in(pr->order, i, pr->baseline, &n2, &passed2);
        if (s != SC_OK)
            break;
        /* 可比口径: a group inspected in one period only would change the
         * total by its presence, not by any change of its rate */
        if (p->all_groups || (n1 > 0 && n2 > 0))
            totals[0] += n1, totals[1] += passed1, totals[2] += n2, totals[3] += passed2;
        else
            sca_left_out_add(lo, pr->order, i, n1 == 0 ? current : baseline);
        size_t row;
        s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < c->nby; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(pr->order, i, k));
        if (s == SC_OK)
            s = fill_row(p, t, c, row, current, baseline, n1, passed1, n2, passed2, &target,
                         err);
    }
    if (s == SC_OK && c->nby > 0 && p->sort != SC_DIFF_SORT_NONE) {
        size_t keys[SC_KEY_PARTS_MAX], nkeys = 0;
        if (p->sort == SC_DIFF_SORT_KEY)
            for (size_t k = 0; k < c->nby && k < SC_KEY_PARTS_MAX; k++)
                keys[nkeys++] = k;
        else
            keys[nkeys++] = c->diff;
        s = sc_table_sort(t, 0, sc_table_rows(t), keys, nkeys, p->reverse);
    }
    if (s == SC_OK && c->nby > 0) {
        sc_rate_target target;
        s = group_target(p, g, pr, c->nby, SCA_TOTAL_ROW, &target, err);
        size_t row;
        if (s == SC_OK)
            s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < c->nby; k++)
            s = sc_table_set_string(t, row, k,
                                    k ? "" : p->lang == SC_LANG_ZH ? "合计" : "Total");
        if (s == SC_OK)
            s = fill_row(p, t, c, row, current, baseline, totals[0], totals[1], totals[2],
                         totals[3], &target, err);
    }
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    return s;
}

sc_status sc_diff_table(const sc_groups *g, size_t nby, const sc_diff_opts *opts,
                        sc_table **out, sc_diff_columns *cols, sc_diff_left_out *lo,
                        sc_error *err)
{
    *out = NULL;
    *lo = (sc_diff_left_out){0};
    char current[SC_PERIOD_TEXT_MAX], baseline[SC_PERIOD_TEXT_MAX];
    sc_period_format(&opts->current, SC_LANG_EN, current, sizeof current);
    sc_period_format(&opts->baseline, SC_LANG_EN, baseline, sizeof baseline);
    sc_table *t = sc_table_new();
    pairs pr = {0};
    sc_status s = t ? sca_check_period_kind(g, nby, current, err)
                    : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK && pair_up(g, nby, current, baseline, &pr) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = check_present(g, nby, &pr, current, baseline, err);
    if (s == SC_OK && add_columns(opts, g, nby, t, cols) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = sca_check_target_keys(opts->targets, g, nby, err);
    if (s == SC_OK)
        s = fill(opts, g, &pr, current, baseline, t, cols, lo, err);
    if (s == SC_OK) {
        lo->comparable = sc_groups_count(pr.order) - lo->count;
        cols->ngroups = sc_table_rows(t) - (nby > 0 ? 1 : 0);
    }
    pairs_free(&pr);
    if (s != SC_OK) {
        sc_table_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

/* The chart: the change per group with its interval, and the line of no change. */
sc_status sc_diff_chart(const sc_table *t, const sc_diff_columns *c, const sc_groups *g,
                        const sc_diff_opts *p, sc_chart **out, sc_error *err)
{
    *out = NULL;
    size_t ngroups = c->ngroups;
    char current[SC_PERIOD_TEXT_MAX], baseline[SC_PERIOD_TEXT_MAX];
    sc_period_format(&p->current, SC_LANG_EN, current, sizeof current);
    sc_period_format(&p->baseline, SC_LANG_EN, baseline, sizeof baseline);
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t labels[SC_KEY_PARTS_MAX];
    sc_chart_data data = sca_ranked_data(t, c->nby, ngroups, c->diff, c->lower, c->upper,
                                         labels);
    size_t nlabels = data.nlabel;
    bool zh = p->lang == SC_LANG_ZH;
    char level[32], title[256];
    sc_format_decimal(p->level, -1, true, level, sizeof level);
    const char *which = sc_rate_kind_label(p->kind, zh ? SC_LANG_ZH : SC_LANG_EN);
    if (zh)
        snprintf(title, sizeof title, "%s变化：%s 对比 %s（%s%% 置信区间）", which, current,
                 baseline, level);
    else
        snprintf(title, sizeof title, "Change in %s, %s against %s (%s%% intervals)", which,
                 current, baseline, level);
    sc_status s = sc_chart_set_data(chart, &data, err);
    if (s == SC_OK)
        s = sc_chart_set_points(chart, true);
    if (s == SC_OK)
        s = sc_chart_set_target(chart, 0);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_TARGET, zh ? "无变化" : "no change");
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS,
                              zh ? "变化（百分点）" : "change (percentage points)");
    if (s == SC_OK)
        s = sc_chart_group_axis(g, nlabels, chart);
    return sca_chart_done(s, chart, out, err);
}
