/* spotcheck-diff — the change of the pass rate (or unqualified rate) between
 * two periods, per group and overall: 同比 against the same period a year
 * before, 环比 against the period before, or against any period.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "tool.h"
#include "spotcheck/twoprop.h"

static const char *const sort_names[] = {"none", "key", "diff", NULL};

typedef struct diff_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    const char *current;
    const char *baseline;
    sc_diff_method method;
    double level;
    sc_rate_kind rate_kind; /* --rate */
    bool yates;
    bool all_groups; /* the total over every group, not only the comparable ones */
    sc_diff_sort sort;
    bool reverse;
    const char *targets; /* --targets FILE */
    const char *adjust_for; /* --adjust-for COLS */
    const char *standard;   /* --standard FILE */
} diff_plan;

/* ---- options ---------------------------------------------------------------- */

#define PLAN(member) offsetof(diff_plan, member)

static const tk_opt diff_options[] = {
    TK_OPT_CURRENT(PLAN(current)),
    {.name = "baseline", .arg = "PERIOD", .kind = TK_OPT_STRING, .offset = PLAN(baseline),
     .help = "the period to compare with: year-ago (同比), previous (环比) or a period "
             "(required)"},
    TK_OPT_METHOD(PLAN(method), &sc_diff_methods,
                  "interval for the difference: newcombe (default), newcombe-cc, wald, wald-cc, "
                  "agresti-caffo, miettinen-nurminen"),
    TK_OPT_LEVEL(PLAN(level), TK_HELP_LEVEL),
    TK_OPT_RATE(PLAN(rate_kind)),
    TK_OPT_TARGETS(PLAN(targets)),
    {.name = "yates", .kind = TK_OPT_FLAG, .offset = PLAN(yates),
     .help = "use Yates's continuity correction in the chi-square test"},
    {.name = "all-groups", .kind = TK_OPT_FLAG, .offset = PLAN(all_groups),
     .help = "total over every group, also those with batches in one period only (default: "
             "only the groups present in both periods)"},
    TK_OPT_SORT(PLAN(sort), sort_names,
                "order groups by key or diff, ascending (default none: first appearance)"),
    TK_OPT_REVERSE(PLAN(reverse)),
    TK_OPT_ADJUST_FOR(PLAN(adjust_for)),
    TK_OPT_STANDARD(PLAN(standard)),
    {0},
};

static const tk_man_section diff_sections[] = {
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
     "with its counts, and its statistics and verdict are left empty.\n"
     "\n"
     "--targets FILE gives each group a change target from the change column of a targets "
     "file (see spotcheck-rate(1) for the file: key columns named like the --by columns, "
     "the most specific matching row wins), in percentage points: 5 or +5 for a rise of at "
     "least 5 points (direction floor, the default), -1 with direction ceiling for a change "
     "of at most -1 point (an unqualified rate falling by at least 1 point).  Targets are put "
     "on the scale of --rate: a rise of 5 points of the pass rate is a fall of 5 points of "
     "the unqualified rate.  change_verdict is meets when the one-sided --method bound of "
     "diff at --level (the two-sided bound at 2 level - 1) is beyond the target in its "
     "direction, below when the other one-sided bound falls short of it, and inconclusive "
     "otherwise; there is no p-value beside it.  The total row takes the row whose key "
     "cells are all empty or *.  Groups without a change target get empty cells and a "
     "note on standard error."},
    {"ADJUSTED FOR STRATA",
     "--adjust-for COLS compares the two periods within the strata of COLS (product "
     "categories, say), so that a change in the mix of what was sampled is not taken for a "
     "change of the rate.  Per --by group, beside the crude rates and diff: strata (those "
     "with batches in both periods) and strata_left_out (in one period only: left out of "
     "every adjusted figure); std_rate_current and std_rate_baseline, the rates directly "
     "standardised to the pooled mix of both periods' batches over the strata (or to "
     "--standard FILE: a CSV with the --adjust-for columns and population), with std_diff and "
     "its Wald interval std_lower, std_upper (variance sum u^2 p(1-p)/n of each period); "
     "mh_diff, the Mantel-Haenszel risk difference with weights n1 n2/N and the variance "
     "of Sato (1989), dually consistent (Greenland and Robins 1985), as metafor's "
     "rma.mh(measure = \"RD\"), interval mh_lower, mh_upper; mh_odds_ratio, the "
     "Mantel-Haenszel odds ratio (current against baseline, of the rate shown) with the "
     "Robins-Breslow-Greenland interval mh_or_lower, mh_or_upper, as R's mantelhaen.test; "
     "cmh_statistic and cmh_p_value, the Cochran-Mantel-Haenszel test with 1 df (with "
     "--yates the continuity correction, as mantelhaen.test(correct = TRUE)); bd_statistic, "
     "bd_df and bd_p_value, the Breslow-Day test of a common odds ratio with Tarone's "
     "correction (SAS's BDT), over the strata without a zero margin.  verdict is improved "
     "or worse only when the MH interval excludes 0 in that direction and the CMH p-value "
     "is below 1 - level; otherwise unchanged, so it contradicts neither.  There is no "
     "total row, and --method, --targets, --all-groups, --sort and the chart do not go with "
     "--adjust-for."},
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
     "verdict, with --targets change_target (in points, like diff), change_verdict and, when "
     "the file has a label column, target_label; "
     "with --rate fail also failed_current and failed_baseline, each before the "
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

static const tk_tool diff_info = {
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

/* --adjust-for: the comparison within strata (sc_adjusted_diff_table). */
static sc_status run_adjusted(diff_plan *p, size_t nstrata, sc_error *err)
{
    tk_common *common = &p->common;
    sc_adjust_opts o;
    sc_adjust_opts_init(&o);
    sc_error why;
    sc_error_clear(&why);
    if (sc_diff_periods(p->current, p->baseline, common->input.per, &o.current, &o.baseline,
                        &why) != SC_OK)
        tk_usage_error(common, why.message);
    o.nstrata = nstrata;
    o.level = p->level;
    o.kind = p->rate_kind;
    o.correct = p->yates;
    o.lang = common->output.lang;
    o.words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_population *standard = NULL;
    sc_status s = tk_read_population(common, p->standard, nstrata, true, &standard, err);
    o.standard = standard;
    sc_groups *g = sc_groups_new(common->nkeys + 1);
    if (s == SC_OK && !g)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_table *t = NULL;
    sc_adjusted_columns c;
    sc_read_stats stats;
    common->need_rows = true;
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_adjusted_diff_table(g, common->nby, &o, &t, &c, err);
    if (s == SC_OK) {
        char current[SC_PERIOD_TEXT_MAX], baseline[SC_PERIOD_TEXT_MAX], level[32];
        sc_period_format(&o.current, SC_LANG_EN, current, sizeof current);
        sc_period_format(&o.baseline, SC_LANG_EN, baseline, sizeof baseline);
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_kv options[] = {
            {"current", current},
            {"baseline", baseline},
            {"level", level},
            {"rate", sc_rate_kind_names[p->rate_kind]},
            {"yates", p->yates ? "true" : "false"},
            {"adjust_for", p->adjust_for},
            {"standard", standard ? sc_population_name(standard) : "pooled"},
        };
        sc_meta meta = tk_meta(common, "diff", &stats, options, sizeof options / sizeof *options);
        sc_named_table table = {"rows", t};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_groups_free(g);
    sc_table_free(t);
    sc_population_free(standard);
    return s;
}

static sc_status run(diff_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_diff_opts o;
    sc_diff_opts_init(&o);
    sc_error why;
    sc_error_clear(&why);
    if (sc_diff_periods(p->current, p->baseline, common->input.per, &o.current, &o.baseline,
                        &why) != SC_OK)
        tk_usage_error(common, why.message);
    o.method = p->method;
    o.level = p->level;
    o.kind = p->rate_kind;
    o.yates = p->yates;
    o.all_groups = p->all_groups;
    o.sort = p->sort;
    o.reverse = p->reverse;
    o.lang = common->output.lang;
    o.words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    char current[SC_PERIOD_TEXT_MAX], baseline[SC_PERIOD_TEXT_MAX];
    sc_period_format(&o.current, SC_LANG_EN, current, sizeof current);
    sc_period_format(&o.baseline, SC_LANG_EN, baseline, sizeof baseline);
    sc_targets *targets = NULL;
    sc_status s = tk_read_targets(common, p->targets, &targets, err);
    o.targets = targets;
    sc_groups *g = sc_groups_new(common->nby + 1);
    if (s == SC_OK && !g)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_table *t = NULL;
    sc_diff_columns c;
    sc_diff_left_out lo = {0};
    sc_read_stats stats;
    common->need_rows = true;
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_diff_table(g, common->nby, &o, &t, &c, &lo, err);
    if (s == SC_OK)
        tk_note_no_target(common, targets, c.no_target, c.ngroups,
                          "their change_target and change_verdict");
    if (s == SC_OK && lo.count > 0 && common->nby > 0 && lo.comparable == 0)
        tk_note(common,
                     "no group has batches in both periods, so the total is empty; "
                     "--all-groups totals every group");
    else if (s == SC_OK && lo.count > 0 && common->nby > 0)
        tk_note(common,
                     "the total is over the %zu group%s with batches in both periods; it leaves "
                     "out %zu: %s%s (--all-groups includes them)",
                     lo.comparable, lo.comparable == 1 ? "" : "s", lo.count, lo.names,
                     lo.count > 8 ? ", ..." : "");
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_diff_chart(t, &c, g, &o, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
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
            {"targets", targets ? sc_targets_name(targets) : ""},
        };
        sc_meta meta = tk_meta(common, "diff", &stats, options,
                               sizeof options / sizeof options[0] - (targets ? 0 : 1));
        sc_meta_count counts[] = {{"groups_left_out", lo.count}};
        if (common->nby > 0) {
            meta.counts = counts;
            meta.n_counts = 1;
        }
        sc_named_table table = {"rows", t};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_groups_free(g);
    sc_table_free(t);
    sc_targets_free(targets);
    return s;
}

int main(int argc, char **argv)
{
    diff_plan plan = {.method = SC_DIFF_NEWCOMBE, .level = 0.95};
    tk_parse(&diff_info, argc, argv, &plan.common, &plan);
    if (!plan.common.input.period)
        tk_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (!plan.current || !plan.baseline)
        tk_usage_error(&plan.common, "give --current PERIOD and --baseline PERIOD, "
                                          "year-ago (同比) or previous (环比)");
    if (plan.reverse && plan.sort == SC_DIFF_SORT_NONE)
        tk_usage_error(&plan.common, "--reverse needs --sort key or diff");
    if (plan.targets && !(plan.level > 0.5))
        tk_usage_error(&plan.common, "the verdicts of --targets use one-sided bounds: they need "
                                     "--level above 0.5");
    if (tk_wants_chart(&plan.common) && plan.common.nby == 0)
        tk_usage_error(&plan.common, "a chart (--plot, --render) needs groups: give --by");
    if (plan.standard && !plan.adjust_for)
        tk_usage_error(&plan.common, "--standard goes with --adjust-for");
    size_t nstrata = 0;
    if (plan.adjust_for) {
        if (plan.targets || plan.all_groups || plan.sort != SC_DIFF_SORT_NONE ||
            plan.method != SC_DIFF_NEWCOMBE || tk_wants_chart(&plan.common))
            tk_usage_error(&plan.common, "--adjust-for does not go with --method, --targets, "
                                         "--all-groups, --sort or a chart");
        nstrata = tk_add_key_list(&plan.common, plan.adjust_for);
    }
    sc_error err;
    sc_error_clear(&err);
    int code = (nstrata ? run_adjusted(&plan, nstrata, &err) : run(&plan, &err)) == SC_OK
                   ? 0
                   : tk_fail(&plan.common, &err);
    tk_free(&plan.common);
    return code;
}
