/* spotcheck-diff — the change of the pass rate (or unqualified rate) between
 * two periods, per group and overall: 同比 against the same period a year
 * before, 环比 against the period before, or against any period.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "spotcheck/twoprop.h"

typedef enum { SORT_NONE, SORT_KEY, SORT_DIFF } sort_order;
static const char *const sort_names[] = {"none", "key", "diff", NULL};

typedef struct diff_plan {
    sc_common common; /* first, so that common options can be applied to the plan */
    const char *current;
    const char *baseline;
    sc_diff_method method;
    double level;
    sc_rate_kind rate_kind; /* --rate */
    bool yates;
    bool all_groups; /* the total over every group, not only the comparable ones */
    sort_order sort;
    bool reverse;
} diff_plan;

/* ---- options ---------------------------------------------------------------- */

#define PLAN(member) offsetof(diff_plan, member)

static const sc_opt diff_options[] = {
    {.name = "current", .arg = "PERIOD", .kind = SC_OPT_STRING, .offset = PLAN(current),
     .help = "the period to report on, e.g. 2024Q3 or 2024年第三季度 (required)"},
    {.name = "baseline", .arg = "PERIOD", .kind = SC_OPT_STRING, .offset = PLAN(baseline),
     .help = "the period to compare with: year-ago (同比), previous (环比) or a period "
             "(required)"},
    {.name = "method", .arg = "METHOD", .kind = SC_OPT_NAME, .registry = &sc_diff_methods,
     .offset = PLAN(method),
     .help = "interval for the difference: newcombe (default), newcombe-cc, wald, wald-cc, "
             "agresti-caffo, miettinen-nurminen"},
    {.name = "level", .arg = "P", .kind = SC_OPT_PROBABILITY, .offset = PLAN(level),
     .help = "confidence level of every interval (default 0.95)"},
    {.name = "rate", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(rate_kind),
     .choices = sc_rate_kind_names, .help = "pass (合格率, default) or fail (不合格率)"},
    {.name = "yates", .kind = SC_OPT_FLAG, .offset = PLAN(yates),
     .help = "use Yates's continuity correction in the chi-square test"},
    {.name = "all-groups", .kind = SC_OPT_FLAG, .offset = PLAN(all_groups),
     .help = "total over every group, also those with batches in one period only (default: "
             "only the groups present in both periods)"},
    {.name = "sort", .arg = "ORDER", .kind = SC_OPT_CHOICE, .offset = PLAN(sort),
     .choices = sort_names,
     .help = "order groups by key or diff, ascending (default none: first appearance)"},
    {.name = "reverse", .kind = SC_OPT_FLAG, .offset = PLAN(reverse),
     .help = "reverse the --sort order"},
    {0},
};

static const sc_man_section diff_sections[] = {
    {"STATISTICS",
     "For each group, x1 of n1 batches in the current period and x2 of n2 in the baseline "
     "(x: passed, or failed with --rate fail).  diff is p1 - p2 as a proportion (0.012 is "
     "1.2 percentage points), with the interval of --method: newcombe is Newcombe's (1998) "
     "hybrid score interval, method 10; miettinen-nurminen is the score interval of "
     "Miettinen and Nurminen (1985) with the factor N/(N-1), N = n1 + n2, on the variance "
     "as in their paper and in SAS's RISKDIFF(CL=MN) (without the factor it would be Mee's "
     "1984 interval, slightly narrower).  ratio is p1/p2 with the Katz log interval, "
     "odds_ratio the Woolf logit interval (0.5 added to every cell when one is 0).  "
     "p_value is that of Pearson's chi-square test (--yates: with the continuity "
     "correction), or of Fisher's exact test, two-sided as R computes it, when an expected "
     "count is under 5; test says which.\n"
     "\n"
     "verdict is improved when the interval of diff lies wholly above 0 for a pass rate "
     "(below 0 for an unqualified rate), worse in the opposite case, and unchanged when the "
     "interval contains 0.  A group with no batches in one of the two periods is reported "
     "with its counts, and its statistics and verdict are left empty."},
    {"PERIODS",
     "--period names the period column.  Cells may be written 2024, 2024H1, 2024Q3, "
     "2024-Q3, 2024年第三季度, 2024-07 or 2024年7月; different spellings of one period are "
     "one period.  Dates (2024-07-15) need --per year, half, quarter or month, which also "
     "rolls finer periods up.  --current and --baseline are read the same way; "
     "--baseline year-ago (or 同比) is the same period a year earlier and previous (or 环比) "
     "the period before.  Both periods must be in the data: a period with no batches at all is "
     "an error (exit 65) naming the first and last periods the data hold."},
    {"OUTPUT",
     "Columns: the group columns, period_current, n_current, passed_current, rate_current, "
     "period_baseline, n_baseline, passed_baseline, rate_baseline, diff, lower, upper, "
     "ratio, ratio_lower, ratio_upper, odds_ratio, or_lower, or_upper, test, p_value, "
     "verdict; with --rate fail also failed_current and failed_baseline, each before the "
     "unqualified rate it counts.  With --by, a last row (Total, 合计) gives the groups "
     "together: by default only "
     "the comparable groups, those with batches in both periods (可比口径), so that the "
     "change of the total is not a change in which groups were inspected.  The groups left "
     "out are named on stderr and counted as groups_left_out in the json meta object; "
     "--all-groups totals every group (the crude total).\n"
     "\n"
     "diff, lower and upper are differences of rates: with --percent they are percentage "
     "points, printed without a % sign under a header saying (pp) (百分点 with --lang zh).  "
     "diff is rounded from its exact value (x1 n2 - x2 n1) / (n1 n2), as the rates are, so "
     "23/40 - 10/20 = 0.075 shows 0.08 at --digits 2; it can differ in the last digit from "
     "the difference of the two rounded rates.  The chart shows diff with its interval per "
     "group, in percentage points."},
    {"EXAMPLES",
     "同比 by province for the third quarter of 2024:\n"
     "\n"
     "  spotcheck diff --result 检验结论 --period 季度 --current 2024Q3 --baseline year-ago \\\n"
     "      --by 省份 --percent --format table datasets/demo/records.csv\n"
     "\n"
     "环比 of the unqualified rate per category, as a chart:\n"
     "\n"
     "  spotcheck diff --result 检验结论 --period 季度 --current 2024Q4 --baseline previous \\\n"
     "      --by 产品类别 --rate fail --render change.png datasets/demo/records.csv\n"
     "\n"
     "Whole years from a quarter column (--per rolls quarters, months or dates up):\n"
     "\n"
     "  spotcheck diff --result 检验结论 --period 季度 --per year --current 2024 \\\n"
     "      --baseline 2023 --by 抽查级别 --format table datasets/demo/records.csv"},
    {0},
};

static const sc_tool_info diff_info = {
    .name = "diff",
    .summary = "change of the pass rate between two periods (同比, 环比), per group",
    .description =
        "spotcheck diff compares the pass rate (or unqualified rate) of a current period with "
        "a baseline period, per group and overall: both rates, the change in percentage "
        "points with its confidence interval, the relative rate and odds ratio with theirs, "
        "the p-value of the test of no change, and a verdict: improved, worse or unchanged.",
    .options = diff_options,
    .sections = diff_sections,
};

/* ---- periods ---------------------------------------------------------------------- */

/* Reads --current and --baseline into canonical text; usage errors exit. */
static void resolve_periods(const diff_plan *p, char *current, char *baseline)
{
    const sc_common *c = &p->common;
    char message[SC_ERROR_MESSAGE_MAX + 64];
    sc_error why;
    sc_error_clear(&why);
    sc_period now, then;
    if (sc_period_parse_per(p->current, strlen(p->current), c->input.per, &now, &why) != SC_OK) {
        snprintf(message, sizeof message, "--current: %s", why.message);
        sc_tool_usage_error(c, message);
    }
    sc_status s;
    if (strcmp(p->baseline, "year-ago") == 0 || strcmp(p->baseline, "同比") == 0)
        s = sc_period_year_ago(&now, &then);
    else if (strcmp(p->baseline, "previous") == 0 || strcmp(p->baseline, "环比") == 0)
        s = sc_period_previous(&now, &then);
    else
        s = sc_period_parse_per(p->baseline, strlen(p->baseline), c->input.per, &then, &why);
    if (s != SC_OK) {
        snprintf(message, sizeof message, "--baseline: %s",
                 why.message[0] ? why.message : "out of the years 1900 to 2200");
        sc_tool_usage_error(c, message);
    }
    if (sc_period_compare(&now, &then) == 0)
        sc_tool_usage_error(c, "--baseline is the same period as --current");
    if (then.kind != now.kind) {
        snprintf(message, sizeof message, "--current is a %s but --baseline a %s",
                 sc_period_kind_get(now.kind)->noun, sc_period_kind_get(then.kind)->noun);
        sc_tool_usage_error(c, message);
    }
    sc_period_format(&now, SC_LANG_EN, current, SC_PERIOD_TEXT_MAX);
    sc_period_format(&then, SC_LANG_EN, baseline, SC_PERIOD_TEXT_MAX);
}

/* The data's periods must be of the kind of --current, or nothing matches. */
static sc_status check_kind(const sc_groups *g, size_t period_part, const char *current,
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

/* ---- pairing the two periods ------------------------------------------------------ */

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

/* Both periods must be in the data (an absent one is a data error, exit 65),
 * and the message names the first and last periods the data have. */
static sc_status check_present(const sc_groups *g, size_t period_part, const pairs *pr,
                               const char *current, const char *baseline, sc_error *err)
{
    bool has_current = sc_groups_count(pr->current) > 0;
    bool has_baseline = sc_groups_count(pr->baseline) > 0;
    if (has_current && has_baseline)
        return SC_OK;
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
    char missing[128], in_data[160] = "";
    if (!has_current && !has_baseline)
        snprintf(missing, sizeof missing, "%s (--current) or in %s (--baseline)", current,
                 baseline);
    else
        snprintf(missing, sizeof missing, "%s (%s)", has_current ? baseline : current,
                 has_current ? "--baseline" : "--current");
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

/* Counts of group `index` of `order` in `side`, 0 and 0 when absent. */
static void counts_in(const sc_groups *order, size_t index, const sc_groups *side, uint64_t *n,
                      uint64_t *passed)
{
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    size_t nkeys = sc_groups_nkeys(order);
    for (size_t k = 0; k < nkeys; k++) {
        keys[k] = sc_groups_key(order, index, k);
        lens[k] = strlen(keys[k]);
    }
    size_t at;
    *n = *passed = 0;
    if (sc_groups_find(side, keys, lens, &at)) {
        *n = sc_groups_n(side, at);
        *passed = sc_groups_passed(side, at);
    }
}

/* ---- the table ---------------------------------------------------------------------- */

typedef struct columns {
    size_t nby;
    size_t period_current, n_current, passed_current, failed_current, rate_current;
    size_t period_baseline, n_baseline, passed_baseline, failed_baseline, rate_baseline;
    size_t diff, lower, upper, ratio, ratio_lower, ratio_upper, odds_ratio, or_lower, or_upper;
    size_t test, p_value, verdict;
} columns;

static sc_status add_columns(const diff_plan *p, const sc_groups *g, sc_table *t, columns *c)
{
    c->nby = p->common.nby;
    bool fail = p->rate_kind == SC_RATE_FAIL;
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
    };
    return sc_columns_add(t, g, c->nby, spec, sizeof spec / sizeof spec[0]);
}

static const char *verdict_text(const diff_plan *p, sc_change change)
{
    static const char *const zh[] = {[SC_CHANGE_UNCHANGED] = "无显著变化",
                                     [SC_CHANGE_IMPROVED] = "改善",
                                     [SC_CHANGE_WORSE] = "变差"};
    return sc_tool_words_zh(&p->common) ? zh[change] : sc_change_name(change);
}

/* Fills one row with the counts of both periods and the statistics of the
 * change; a period without batches leaves the statistics empty. */
static sc_status fill_row(const diff_plan *p, sc_table *t, const columns *c, size_t row,
                          const char *current, const char *baseline, uint64_t n1, uint64_t passed1,
                          uint64_t n2, uint64_t passed2, sc_error *err)
{
    uint64_t x1 = sc_rate_counted(p->rate_kind, n1, passed1);
    uint64_t x2 = sc_rate_counted(p->rate_kind, n2, passed2);
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
    opts.better = p->rate_kind == SC_RATE_FAIL ? SC_BETTER_LOWER : SC_BETTER_HIGHER;
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
                        sc_tool_word(&p->common, sc_twoprop_test_name(sum.test.test)));
    sc_table_set_double(t, row, c->p_value, sum.test.p_value);
    sc_table_set_string(t, row, c->verdict, verdict_text(p, sum.verdict));
    return SC_OK;
}

/* The groups that the total row leaves out: how many, and the first few
 * named, as "丙 (none in 2023Q3), 丁 (none in 2024Q3)". */
typedef struct left_out {
    size_t count;
    char names[512];
} left_out;

static void left_out_add(left_out *lo, const sc_groups *order, size_t index, const char *empty)
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

static sc_status fill(const diff_plan *p, const pairs *pr, const char *current,
                      const char *baseline, sc_table *t, const columns *c, left_out *lo,
                      sc_error *err)
{
    sc_status s = SC_OK;
    uint64_t totals[4] = {0, 0, 0, 0};
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(pr->order); i++) {
        uint64_t n1, passed1, n2, passed2;
        counts_in(pr->order, i, pr->current, &n1, &passed1);
        counts_in(pr->order, i, pr->baseline, &n2, &passed2);
        /* 可比口径: a group inspected in one period only would change the
         * total by its presence, not by any change of its rate */
        if (p->all_groups || (n1 > 0 && n2 > 0))
            totals[0] += n1, totals[1] += passed1, totals[2] += n2, totals[3] += passed2;
        else
            left_out_add(lo, pr->order, i, n1 == 0 ? current : baseline);
        size_t row;
        s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < c->nby; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(pr->order, i, k));
        if (s == SC_OK)
            s = fill_row(p, t, c, row, current, baseline, n1, passed1, n2, passed2, err);
    }
    if (s == SC_OK && c->nby > 0 && p->sort != SORT_NONE) {
        size_t keys[SC_KEY_PARTS_MAX], nkeys = 0;
        if (p->sort == SORT_KEY)
            for (size_t k = 0; k < c->nby && k < SC_KEY_PARTS_MAX; k++)
                keys[nkeys++] = k;
        else
            keys[nkeys++] = c->diff;
        s = sc_table_sort(t, 0, sc_table_rows(t), keys, nkeys, p->reverse);
    }
    if (s == SC_OK && c->nby > 0) {
        size_t row;
        s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < c->nby; k++)
            s = sc_table_set_string(t, row, k,
                                    k ? "" : p->common.output.lang == SC_LANG_ZH ? "合计" : "Total");
        if (s == SC_OK)
            s = fill_row(p, t, c, row, current, baseline, totals[0], totals[1], totals[2],
                         totals[3], err);
    }
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    return s;
}

/* The chart: the change per group with its interval, and the line of no change. */
static sc_status draw(const diff_plan *p, const sc_groups *g, const sc_table *t, const columns *c,
                      size_t ngroups, const char *current, const char *baseline, sc_error *err)
{
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t labels[SC_KEY_PARTS_MAX];
    size_t nlabels = c->nby < SC_KEY_PARTS_MAX ? c->nby : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < nlabels; k++)
        labels[k] = k;
    sc_chart_data data = sc_chart_data_of(t);
    data.nrows = ngroups;
    data.label = labels;
    data.nlabel = nlabels;
    data.value = c->diff;
    data.lower = c->lower;
    data.upper = c->upper;
    bool zh = p->common.output.lang == SC_LANG_ZH;
    char level[32], title[256];
    sc_format_decimal(p->level, -1, true, level, sizeof level);
    const char *which = sc_rate_kind_label(p->rate_kind, zh ? SC_LANG_ZH : SC_LANG_EN);
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
    if (s == SC_OK)
        s = sc_tool_chart(&p->common, chart, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "chart: %s", sc_strerror(s));
    sc_chart_free(chart);
    return s;
}

static sc_status run(diff_plan *p, sc_error *err)
{
    sc_common *common = &p->common;
    char current[SC_PERIOD_TEXT_MAX], baseline[SC_PERIOD_TEXT_MAX];
    resolve_periods(p, current, baseline);
    sc_groups *g = sc_groups_new(common->nby + 1);
    sc_table *t = sc_table_new();
    pairs pr = {0};
    sc_status s = g && t ? SC_OK : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_read_stats stats;
    common->need_rows = true;
    if (s == SC_OK)
        s = sc_tool_read(common, g, &stats, err);
    if (s == SC_OK)
        s = check_kind(g, common->nby, current, err);
    if (s == SC_OK && pair_up(g, common->nby, current, baseline, &pr) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = check_present(g, common->nby, &pr, current, baseline, err);
    columns c;
    if (s == SC_OK && add_columns(p, g, t, &c) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    left_out lo = {0};
    if (s == SC_OK)
        s = fill(p, &pr, current, baseline, t, &c, &lo, err);
    size_t comparable = s == SC_OK ? sc_groups_count(pr.order) - lo.count : 0;
    if (s == SC_OK && lo.count > 0 && common->nby > 0 && comparable == 0)
        sc_tool_note(common,
                     "no group has batches in both periods, so the total is empty; "
                     "--all-groups totals every group");
    else if (s == SC_OK && lo.count > 0 && common->nby > 0)
        sc_tool_note(common,
                     "the total is over the %zu group%s with batches in both periods; it leaves "
                     "out %zu: %s%s (--all-groups includes them)",
                     comparable, comparable == 1 ? "" : "s", lo.count, lo.names,
                     lo.count > 8 ? ", ..." : "");
    if (s == SC_OK && sc_tool_wants_chart(common))
        s = draw(p, g, t, &c, sc_table_rows(t) - 1, current, baseline, err);
    if (s == SC_OK) {
        char level[32];
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_kv options[] = {
            {"current", current},
            {"baseline", baseline},
            {"method", sc_diff_method_get(p->method)->entry.name},
            {"level", level},
            {"rate", sc_rate_kind_names[p->rate_kind]},
            {"yates", p->yates ? "true" : "false"},
            {"all_groups", p->all_groups ? "true" : "false"},
            {"sort", sort_names[p->sort]},
        };
        sc_meta meta = sc_tool_meta(common, "diff", &stats, options,
                                    sizeof options / sizeof options[0]);
        sc_meta_count counts[] = {{"groups_left_out", lo.count}};
        if (common->nby > 0) {
            meta.counts = counts;
            meta.n_counts = 1;
        }
        sc_named_table table = {"rows", t};
        s = sc_tool_write(common, &table, 1, &meta, err);
    }
    pairs_free(&pr);
    sc_groups_free(g);
    sc_table_free(t);
    return s;
}

int main(int argc, char **argv)
{
    diff_plan plan = {.method = SC_DIFF_NEWCOMBE, .level = 0.95};
    sc_tool_parse(&diff_info, argc, argv, &plan.common, &plan);
    if (!plan.common.input.period)
        sc_tool_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (!plan.current || !plan.baseline)
        sc_tool_usage_error(&plan.common, "give --current PERIOD and --baseline PERIOD, "
                                          "year-ago (同比) or previous (环比)");
    if (plan.reverse && plan.sort == SORT_NONE)
        sc_tool_usage_error(&plan.common, "--reverse needs --sort key or diff");
    if (sc_tool_wants_chart(&plan.common) && plan.common.nby == 0)
        sc_tool_usage_error(&plan.common, "a chart (--plot, --render) needs groups: give --by");
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : sc_tool_fail(&plan.common, &err);
    sc_tool_free(&plan.common);
    return code;
}
