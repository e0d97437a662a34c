/* spotcheck-summary — the quarterly table: per group the current pass rate
 * with its interval and target verdict, and its change 同比 (against the same
 * period a year before) and 环比 (against the period before).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "tool.h"

typedef struct summary_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    const char *current;
    const char *targets; /* --targets FILE */
    sc_summary_opts opts;
} summary_plan;

#define PLAN(member) offsetof(summary_plan, member)

static const tk_opt summary_options[] = {
    TK_OPT_CURRENT(PLAN(current)),
    TK_OPT_METHOD(PLAN(opts.method), &sc_ci_methods,
                  "interval of the current rate, as in spotcheck rate (default wilson)"),
    {.name = "diff-method", .arg = "METHOD", .kind = TK_OPT_NAME, .registry = &sc_diff_methods,
     .offset = PLAN(opts.diff_method),
     .help = "interval of each change, as in spotcheck diff (default newcombe)"},
    TK_OPT_LEVEL(PLAN(opts.level), TK_HELP_LEVEL),
    TK_OPT_RATE(PLAN(opts.kind)),
    TK_OPT_TARGET(PLAN(opts.target),
                  "add a verdict against target P to every row, as spotcheck rate --target"),
    TK_OPT_TARGETS(PLAN(targets)),
    {.name = "all-groups", .kind = TK_OPT_FLAG, .offset = PLAN(opts.all_groups),
     .help = "total over every group (the crude total; default: only the groups with batches "
             "now and in both baseline periods)"},
    TK_OPT_SORT(PLAN(opts.sort), sc_sort_names, TK_HELP_SORT),
    TK_OPT_REVERSE(PLAN(opts.reverse)),
    {0},
};

static const tk_man_section summary_sections[] = {
    {"STATISTICS",
     "Every number is the one spotcheck rate and spotcheck diff give for the same data and "
     "options: the current rate and its interval as spotcheck rate --method (with --target, "
     "the verdict and exact one-sided binomial p-value of rate --target; with --targets FILE, "
     "each group's own target as rate --targets finds it, the total row taking the row whose "
     "key cells are all empty or *), and each change as "
     "spotcheck diff --baseline year-ago or previous: the difference in percentage points with "
     "its --diff-method interval, the p-value of Pearson's chi-square test (Fisher's exact "
     "test when an expected count is under 5) and the verdict improved, worse or unchanged."},
    {"PERIODS",
     "--period names the period column and --current the period reported on, read as in "
     "spotcheck diff (2024Q3, 2024年第三季度; with --per, dates and finer periods roll up).  "
     "同比 compares with the same period a year before (2023Q3), 环比 with the period before "
     "(2024Q2).  For years the period before is the year before, so yearly data get 同比 "
     "only.  A current period without batches is an error (exit 65) naming the periods the "
     "data hold.  A baseline period without any batches leaves that change's cells empty "
     "(its n is 0) and is said on standard error; so is a group that has batches in a "
     "baseline period but none now (it has no row)."},
    {"OUTPUT",
     "Columns: the group columns, n, passed (and failed with --rate fail), rate, lower, upper; "
     "with --target also target, verdict and p_value; then for 同比 year_ago_period, "
     "year_ago_n, year_ago_rate, year_ago_diff, year_ago_lower, year_ago_upper, "
     "year_ago_p_value, year_ago_verdict, and the same for 环比 with previous_.  With a "
     "--targets file that has a change column, year_ago_change_target and "
     "year_ago_change_verdict judge the 同比 change against it as spotcheck diff --targets "
     "does (a plan's \"提高3个百分点\" is against the year before).  A group "
     "without batches in a baseline period has that n 0 and the change empty.\n"
     "\n"
     "With --by, a last row (Total, 合计) gives the groups together.  By default it holds only "
     "the groups with batches now and in each baseline period the data hold (可比口径), so "
     "that its rate, both baseline rates and both changes are over the same groups and a "
     "change is not a change in which groups were inspected.  The groups left out are named "
     "on standard error and counted as groups_left_out in the json meta object; --all-groups "
     "totals every group of each period (the crude total, where rate minus baseline rate can "
     "differ from a change over the same groups).  The method and level are in the json meta "
     "object."},
    {"CHARTS",
     "--render FILE.png (or .svg, .pdf) draws the groups (not the total) ranked by their "
     "current rate with intervals, as spotcheck rate does, the --target line, and for each "
     "group an arrow from its rate a year before to its rate now (同比; none for a group "
     "without batches then).  --plot FILE.gp writes the gnuplot script.  It needs --by."},
    {"EXAMPLES",
     "The third quarter of 2024 by product category, in percent, against a 95% target:\n"
     "\n"
     "  spotcheck summary --result 检验结论 --period 季度 --current 2024Q3 --by 产品类别 \\\n"
     "      --target 0.95 --percent --format table datasets/demo/records.csv\n"
     "\n"
     "The same as a chart, in Chinese:\n"
     "\n"
     "  spotcheck summary --result 检验结论 --period 季度 --current 2024Q3 --by 产品类别 \\\n"
     "      --target 0.95 --lang zh --render summary.png datasets/demo/records.csv\n"
     "\n"
     "The year 2024 by province from the quarter column (同比 only):\n"
     "\n"
     "  spotcheck summary --result 检验结论 --period 季度 --per year --current 2024 \\\n"
     "      --by 省份 --format table datasets/demo/records.csv"},
    {0},
};

static const tk_tool summary_info = {
    .name = "summary",
    .summary = "the quarterly table: pass rate, target verdict, 同比 and 环比 per group",
    .description =
        "spotcheck summary writes the table of a quarterly quality report in one run: for each "
        "group, the batches and pass rate (or unqualified rate) of the current period with its "
        "confidence interval and, with a target, a verdict; and its change against the same "
        "period a year before (同比) and against the period before (环比), each in percentage "
        "points with interval, p-value and verdict; then a total row over the comparable "
        "groups.",
    .options = summary_options,
    .sections = summary_sections,
};

/* What the table cannot say: empty baselines, groups gone, the total's groups. */
static void notes(const tk_common *common, const sc_summary_result *r)
{
    static const char *const names[] = {"同比 (year-ago)", "环比 (previous)"};
    for (size_t c = 0; c < SC_SUMMARY_CHANGE_COUNT; c++)
        if (r->has_change[c] && !r->baseline_present[c]) {
            char period[SC_PERIOD_TEXT_MAX];
            sc_period_format(&r->baseline[c], SC_LANG_EN, period, sizeof period);
            tk_note(common, "no batches in %s: the %s columns are empty", period, names[c]);
        }
    if (r->missing_now > 0)
        tk_note(common, "%zu group%s with batches in a baseline period %s none now and no row",
                r->missing_now, r->missing_now == 1 ? "" : "s",
                r->missing_now == 1 ? "has" : "have");
    const sc_diff_left_out *lo = &r->left_out;
    if (common->nby == 0 || lo->count == 0)
        return;
    if (lo->comparable == 0)
        tk_note(common, "no group has batches now and in every baseline period, so the total "
                        "is empty; --all-groups totals every group");
    else
        tk_note(common,
                "the total is over the %zu group%s with batches now and in every baseline "
                "period; it leaves out %zu: %s%s (--all-groups includes them)",
                lo->comparable, lo->comparable == 1 ? "" : "s", lo->count, lo->names,
                lo->count > 8 ? ", ..." : "");
}

static sc_status run(summary_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_summary_opts *o = &p->opts;
    o->current = tk_current(common, p->current);
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_groups *g = sc_groups_new(common->nby + 1);
    if (!g)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_summary_result r = {0};
    sc_read_stats stats;
    common->need_rows = true;
    sc_targets *targets = NULL;
    sc_status s = tk_read_targets(common, p->targets, &targets, err);
    o->targets = targets;
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_summary_table(g, common->nby, o, &r, err);
    if (s == SC_OK) {
        tk_note_no_target(common, targets, r.no_target, r.cols.ngroups,
                          "their target and verdict");
        notes(common, &r);
    }
    /* the chart comes before the table, so that a failed chart leaves
     * standard output empty */
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_summary_chart(&r, g, o, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        char current[SC_PERIOD_TEXT_MAX], level[32], target[32];
        sc_period_format(&o->current, SC_LANG_EN, current, sizeof current);
        sc_format_decimal(o->level, -1, false, level, sizeof level);
        sc_format_decimal(o->target, -1, false, target, sizeof target);
        sc_kv options[9];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"current", current};
        options[noptions++] = (sc_kv){"method", sc_ci_method_get(o->method)->entry.name};
        options[noptions++] =
            (sc_kv){"diff_method", sc_diff_method_get(o->diff_method)->entry.name};
        options[noptions++] = (sc_kv){"level", level};
        options[noptions++] = (sc_kv){"rate", sc_rate_kind_names[o->kind]};
        options[noptions++] = (sc_kv){"all_groups", o->all_groups ? "true" : "false"};
        options[noptions++] = (sc_kv){"sort", sc_sort_names[o->sort]};
        if (!isnan(o->target))
            options[noptions++] = (sc_kv){"target", target};
        sc_meta meta = tk_meta(common, "summary", &stats, options, noptions);
        sc_meta_count counts[] = {{"groups_left_out", r.left_out.count}};
        if (common->nby > 0) {
            meta.counts = counts;
            meta.n_counts = 1;
        }
        sc_named_table table = {"rows", r.table};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_summary_result_free(&r);
    sc_targets_free(targets);
    sc_groups_free(g);
    return s;
}

int main(int argc, char **argv)
{
    summary_plan plan = {0};
    sc_summary_opts_init(&plan.opts);
    tk_parse(&summary_info, argc, argv, &plan.common, &plan);
    tk_check_targets(&plan.common, plan.targets, plan.opts.target);
    if (!plan.common.input.period)
        tk_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (!plan.current)
        tk_usage_error(&plan.common, "give --current PERIOD, e.g. 2024Q3");
    if (plan.opts.reverse && plan.opts.sort == SC_SORT_NONE)
        tk_usage_error(&plan.common, "--reverse needs --sort key, rate or n");
    if (tk_wants_chart(&plan.common) && plan.common.nby == 0)
        tk_usage_error(&plan.common, "a chart (--plot, --render) needs groups: give --by");
    if (!isnan(plan.opts.target) && !(plan.opts.level > 0.5))
        tk_usage_error(&plan.common, "a target verdict (--target) needs --level above 0.5");
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
    tk_free(&plan.common);
    return code;
}
