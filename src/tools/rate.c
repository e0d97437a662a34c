/* spotcheck-rate — pass rates (or unqualified rates) with confidence
 * intervals, per group, with an optional target verdict.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* Option words, in the order of the values they stand for. */
static const char *const sided_names[] = {
    [SC_SIDED_TWO] = "two", [SC_SIDED_LOWER] = "lower", [SC_SIDED_UPPER] = "upper", NULL};
static const char *const unit_names[] = {"batch", "enterprise", NULL};

typedef struct rate_plan {
    sc_common common; /* first, so that common options can be applied to the plan */
    sc_ci_method method;
    double level;
    sc_sided sided;
    sc_rate_kind rate_kind;     /* --rate */
    double target; /* NaN: no target */
    sc_sort_order sort;
    bool reverse;
    bool total;
    int by_enterprise; /* index in unit_names */
    const char *enterprise;
} rate_plan;

/* ---- options ---------------------------------------------------------------- */

#define PLAN(member) offsetof(rate_plan, member)

static const sc_opt rate_options[] = {
    {.name = "method", .arg = "METHOD", .kind = SC_OPT_CUSTOM, .apply = sc_tool_opt_ci_method,
     .offset = PLAN(method),
     .help = "interval method: wilson (default), wald, wald-cc, wilson-cc, agresti-coull, "
             "jeffreys, clopper-pearson, mid-p, likelihood-ratio, logit, blaker"},
    {.name = "level", .arg = "P", .kind = SC_OPT_PROBABILITY, .offset = PLAN(level),
     .help = "confidence level (default 0.95; 95% also accepted)"},
    {.name = "sided", .arg = "SIDE", .kind = SC_OPT_CHOICE, .offset = PLAN(sided),
     .choices = sided_names, .help = "two (default), lower (bound below the rate) or upper"},
    {.name = "rate", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(rate_kind),
     .choices = sc_rate_kind_names, .help = "pass (合格率, default) or fail (不合格率)"},
    {.name = "target", .arg = "P", .kind = SC_OPT_PROBABILITY, .offset = PLAN(target),
     .help = "add a verdict against target P with the exact one-sided binomial p-value; "
             "meets or below only when the --method bound is beyond P and p < 1 - level"},
    {.name = "sort", .arg = "ORDER", .kind = SC_OPT_CHOICE, .offset = PLAN(sort),
     .choices = sc_sort_names,
     .help = "order groups by key, rate or n, ascending (default none: first appearance)"},
    {.name = "reverse", .kind = SC_OPT_FLAG, .offset = PLAN(reverse),
     .help = "reverse the --sort order"},
    {.name = "total", .kind = SC_OPT_FLAG, .offset = PLAN(total),
     .help = "add a row for all groups together"},
    {.name = "unit", .arg = "UNIT", .kind = SC_OPT_CHOICE, .offset = PLAN(by_enterprise),
     .choices = unit_names,
     .help = "batch (default) or enterprise (an enterprise passes when all its batches do)"},
    {.name = "enterprise", .arg = "COL", .kind = SC_OPT_STRING, .offset = PLAN(enterprise),
     .help = "column identifying the enterprise (with --unit enterprise)"},
    {0},
};

static const sc_man_section rate_sections[] = {
    {"STATISTICS",
     "For x passed (or, with --rate fail, failed) out of n, the rate is x/n and the interval is "
     "that of --method at --level, with the definitions of SAS PROC FREQ (Agresti-Coull adds "
     "z^2/2 successes and failures); limits are clipped to [0, 1].  n = 0 gives rate NA and the "
     "interval [0, 1].  With --sided lower the interval is [L, 1] where L is the one-sided lower "
     "bound at --level; --sided upper gives [0, U].\n"
     "\n"
     "With --target P, p_value is the exact one-sided binomial p-value in the direction of the "
     "observed difference (R: binom.test(x, n, P, alternative = \"greater\" or \"less\")).  "
     "The verdict is meets when the one-sided lower bound of --method at --level is above P and "
     "that p-value is below 1 - level, below when the one-sided upper bound is under P and the "
     "p-value is below 1 - level, and inconclusive otherwise.  So a verdict never contradicts the "
     "p-value printed beside it.  With --method clopper-pearson (or blaker, whose one-sided bound "
     "is Clopper-Pearson's) the two conditions are the same exact test; with the other methods "
     "the verdict is that of the more cautious of the two.  A bound within 16 DBL_EPSILON "
     "(3.6e-15) of P, or a p-value that close to 1 - level, is a tie and gives inconclusive: 1 "
     "unqualified of 1 has the exact one-sided 95% lower bound 0.05 and the p-value 0.05 "
     "against a 5% ceiling.  With --rate fail, P is a ceiling on the unqualified rate and meets "
     "means credibly under it."},
    {"INPUT",
     "Record-level input has one row per batch: --result names the verdict column.  Pass values "
     "(trimmed, case-insensitive): 合格, 所检项目未发现不合格, pass, passed, qualified, ok, yes, "
     "y, true, 1, 是.  Fail values: 不合格, fail, failed, unqualified, ng, no, n, false, 0, 否.  "
     "A value in both lists (the default one counts when only one list is given) is a usage "
     "error.  Aggregated input has one row per group: --n with --pass or --fail, or both, and "
     "then a row whose n is not passed + failed is a bad row.\n"
     "\n"
     "Files are CSV (RFC 4180) in UTF-8 or GB18030 (guessed from the first 256 KiB of text; a "
     "UTF-8 byte order mark is skipped), with LF, CRLF or CR line ends.  A file guessed GB18030 "
     "with UTF-8 lines, and a NUL byte in a used column or the header, are errors.  Columns are "
     "named by header name or 1-based number.  A bad row stops the tool with its file, line, "
     "column and value (exit 65, nothing on standard output) unless --skip-bad is given.  "
     "--where filters (all must hold) are applied before rows are checked; on the --period "
     "column they compare periods (2024Q3 matches 2024年第三季度).  A filter that matches no "
     "row is reported on standard error with the values the column holds.\n"
     "\n"
     "Rows whose group cell (a --by column, the period, or without them the first column) is "
     "合计, 总计, 小计, 共计, 全部, 总体, Total, Subtotal, Grand total or All (spaces and case "
     "ignored) are total rows: they are left out, with a note on standard error, so that "
     "--total and the groups do not count them twice.  --keep-total-rows keeps them.  The "
     "batches of all rows together may not exceed 2^53 (exit 65 at the row that passes it).\n"
     "\n"
     "With --unit enterprise --enterprise COL the counts are enterprises, not batches: an "
     "enterprise passes when all its batches in the group pass (企业合格率)."},
    {"OUTPUT",
     "Columns: the group columns, n, passed, failed, rate, lower, upper, method, level, and with "
     "--target also target, verdict (meets, below, inconclusive) and p_value.  lower and upper "
     "are always the bounds of the rate shown.  Human formats round half-up in decimal "
     "(0.95345 at --percent --digits 2 is 95.35), or with --rounding half-even by GB/T 8170 "
     "(四舍六入五成双: 95.34); the rate is rounded from the exact fraction x/n.  csv, tsv "
     "and json carry full precision unless --digits is given.  level and target are "
     "settings, shown as given and never rounded (0.95, or 95% with --percent).  json adds a meta object with the inputs, rows read, used and "
     "skipped, and the settings."},
    {"CHARTS",
     "--render FILE.png (or .svg, .pdf) draws the groups ranked by rate, one row each, with "
     "their intervals, and the target line when --target is given; the chart grows taller "
     "with many groups so that labels never overlap.  --plot FILE.gp writes the same chart "
     "as a self-contained gnuplot script with the data inline (it draws the --render file, "
     "or FILE.png, when run with gnuplot).  Labels from the data are written so that they "
     "can never run a command in gnuplot.  Without gnuplot installed, --render fails with "
     "exit status 69 and --plot still works."},
    {"EXAMPLES",
     "Pass rate by province and product category of the demo data:\n"
     "\n"
     "  spotcheck rate --result 检验结论 --by 省份,产品类别 datasets/demo/records.csv\n"
     "\n"
     "Unqualified rate per food category of the 2019 H2 national table, exact 99% intervals:\n"
     "\n"
     "  spotcheck rate --n 抽检批次 --fail 不合格批次 --by 食品类别 --rate fail \\\n"
     "      --method clopper-pearson --level 0.99 datasets/real/food_2019h2.csv\n"
     "\n"
     "Which cities of one province were credibly at or above the 95% target in the third "
     "quarter of 2024, as a markdown table:\n"
     "\n"
     "  spotcheck rate --result 检验结论 --by 地市 --where 省份=浙江省 --where 季度=2024Q3 \\\n"
     "      --target 0.95 --format md datasets/demo/records.csv\n"
     "\n"
     "Product categories ranked by pass rate with their intervals and the 95% target line, "
     "drawn as a PNG (also .svg or .pdf), with the gnuplot script kept beside it:\n"
     "\n"
     "  spotcheck rate --result 检验结论 --by 产品类别 --target 0.95 \\\n"
     "      --plot rate.gp --render rate.png datasets/demo/records.csv\n"
     "\n"
     "Enterprise pass rate per province, in percent, with a total row:\n"
     "\n"
     "  spotcheck rate --result 检验结论 --by 省份 --unit enterprise --enterprise 企业名称 \\\n"
     "      --percent --total datasets/demo/records.csv"},
    {0},
};

static const sc_tool_info rate_info = {
    .name = "rate",
    .summary = "pass rates (合格率) or unqualified rates with confidence intervals, per group",
    .description =
        "spotcheck rate counts batches (or enterprises) per group of the input, and writes for "
        "each group the number sampled, passed and failed, the pass rate or unqualified rate, "
        "its confidence interval by any of eleven methods, and optionally a verdict against a "
        "policy target such as 监督抽查合格率稳定在95%以上.\n"
        "\n"
        "Input is streamed: memory grows with the number of groups, not of rows.",
    .options = rate_options,
    .sections = rate_sections,
};

static bool has_target(const rate_plan *p)
{
    return !isnan(p->target);
}

/* ---- the table -------------------------------------------------------------------- */

typedef struct columns {
    size_t first_count; /* index of n; key columns come before it */
    size_t n, passed, failed, rate, lower, upper, method, level, target, verdict, p_value;
} columns;

static sc_status add_columns(const rate_plan *p, const sc_groups *fine, sc_table *t, columns *c)
{
    size_t nkeys = sc_groups_nkeys(fine) - (p->by_enterprise ? 1 : 0);
    c->first_count = nkeys;
    sc_column_spec spec[] = {
        {&c->n, "n", p->by_enterprise ? "企业数" : "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        {&c->failed, "failed", "不合格", SC_COL_COUNT, true},
        {&c->rate, "rate", sc_rate_kind_get(p->rate_kind)->label_zh, SC_COL_PROPORTION, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, true},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, true},
        {&c->method, "method", "方法", SC_COL_STRING, true},
        {&c->level, "level", "置信水平", SC_COL_SETTING, true},
        {&c->target, "target", "目标", SC_COL_SETTING, has_target(p)},
        {&c->verdict, "verdict", "判定", SC_COL_STRING, has_target(p)},
        {&c->p_value, "p_value", "p值", SC_COL_PVALUE, has_target(p)},
    };
    return sc_columns_add(t, fine, nkeys, spec, sizeof spec / sizeof spec[0]);
}

static const char *verdict_text(const rate_plan *p, sc_verdict v)
{
    static const char *const zh[] = {[SC_VERDICT_MEETS] = "达标", [SC_VERDICT_BELOW] = "未达标",
                                     [SC_VERDICT_INCONCLUSIVE] = "不确定"};
    return sc_tool_words_zh(&p->common) ? zh[v] : sc_verdict_name(v);
}

/* Fills row `row` with the counts and statistics of x of n. */
static sc_status fill_stats(const rate_plan *p, sc_table *t, const columns *c, size_t row,
                            uint64_t n, uint64_t passed, sc_error *err)
{
    uint64_t x = sc_rate_counted(p->rate_kind, n, passed);
    if (n > SC_COUNT_MAX)
        return sc_error_set(err, SC_EDATA, NULL, 0,
                            "%llu batches in one group: beyond 2^53, the largest count the "
                            "statistics carry exactly",
                            (unsigned long long)n);
    sc_interval ci;
    sc_status s = sc_prop_interval(x, n, p->method, p->level, p->sided, &ci);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "interval for %llu of %llu: %s",
                            (unsigned long long)x, (unsigned long long)n, sc_strerror(s));
    sc_table_set_count(t, row, c->n, n);
    sc_table_set_count(t, row, c->passed, passed);
    sc_table_set_count(t, row, c->failed, n - passed);
    sc_table_set_rate(t, row, c->rate, x, n);
    sc_table_set_double(t, row, c->lower, ci.lower);
    sc_table_set_double(t, row, c->upper, ci.upper);
    sc_table_set_string(t, row, c->method, sc_tool_word(&p->common, sc_ci_method_get(p->method)->name));
    sc_table_set_double(t, row, c->level, p->level);
    if (!has_target(p))
        return SC_OK;
    sc_target_result verdict;
    s = sc_prop_target(x, n, p->target, sc_rate_kind_get(p->rate_kind)->target,
                       p->method, p->level, &verdict);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "target verdict: %s", sc_strerror(s));
    sc_table_set_double(t, row, c->target, p->target);
    sc_table_set_string(t, row, c->verdict, verdict_text(p, verdict.verdict));
    return sc_table_set_double(t, row, c->p_value, verdict.p_value);
}

static sc_status fill_groups(const rate_plan *p, const sc_groups *g, sc_table *t, const columns *c,
                             sc_error *err)
{
    for (size_t i = 0; i < sc_groups_count(g); i++) {
        size_t row;
        sc_status s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < c->first_count; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(g, i, k));
        if (s == SC_OK)
            s = fill_stats(p, t, c, row, sc_groups_n(g, i), sc_groups_passed(g, i), err);
        if (s != SC_OK)
            return err->status == SC_OK ? sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s)) : s;
    }
    return SC_OK;
}

/* The overall row: all groups together; with enterprise units, every
 * enterprise once over all its batches. */
static sc_status add_total(const rate_plan *p, const sc_groups *fine, sc_table *t,
                           const columns *c, sc_error *err)
{
    sc_groups *all = NULL;
    sc_status s;
    if (p->by_enterprise) {
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
    for (size_t k = 0; s == SC_OK && k < c->first_count; k++)
        s = sc_table_set_string(t, row, k,
                                k ? "" : p->common.output.lang == SC_LANG_ZH ? "合计" : "Total");
    uint64_t n = all && sc_groups_count(all) ? sc_groups_n(all, 0) : 0;
    uint64_t passed = all && sc_groups_count(all) ? sc_groups_passed(all, 0) : 0;
    if (s == SC_OK)
        s = fill_stats(p, t, c, row, n, passed, err);
    else
        sc_error_set(err, s, NULL, 0, "%s", s == SC_EDATA ? "total count beyond 2^64"
                                                          : sc_strerror(s));
    sc_groups_free(all);
    return s;
}

/* The chart: groups ranked by rate with their intervals, and the target. */
static sc_status draw(const rate_plan *p, const sc_groups *g, const sc_table *t, const columns *c,
                      size_t ngroups, sc_error *err)
{
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t labels[SC_KEY_PARTS_MAX];
    size_t nlabels = c->first_count < SC_KEY_PARTS_MAX ? c->first_count : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < nlabels; k++)
        labels[k] = k;
    sc_chart_data data = sc_chart_data_of(t);
    data.nrows = ngroups;
    data.label = labels;
    data.nlabel = nlabels;
    data.value = c->rate;
    data.lower = c->lower;
    data.upper = c->upper;
    bool zh = p->common.output.lang == SC_LANG_ZH;
    char level[32], title[256];
    sc_format_decimal(p->level, -1, true, level, sizeof level);
    const char *method = sc_ci_method_get(p->method)->name;
    if (zh)
        snprintf(title, sizeof title, "%s及其 %s%% 置信区间（%s）", sc_rate_kind_get(p->rate_kind)->label_zh,
                 level, method);
    else
        snprintf(title, sizeof title, "%s rate with %s%% %s intervals",
                 p->rate_kind == SC_RATE_FAIL ? "Unqualified" : "Pass", level, method);
    sc_status s = sc_chart_set_data(chart, &data, err);
    if (s == SC_OK)
        s = sc_chart_set_percent(chart, true);
    if (s == SC_OK)
        s = sc_chart_set_value_limits(chart, 0, 1);
    if (s == SC_OK && has_target(p))
        s = sc_chart_set_target(chart, p->target);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK && !zh)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS,
                              sc_rate_kind_get(p->rate_kind)->label_en);
    if (s == SC_OK)
        s = sc_chart_group_axis(g, nlabels, chart);
    if (s == SC_OK)
        s = sc_tool_chart(&p->common, chart, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "chart: %s", sc_strerror(s));
    sc_chart_free(chart);
    return s;
}

static sc_status run(rate_plan *p, sc_error *err)
{
    sc_common *common = &p->common;
    if (p->by_enterprise)
        sc_tool_add_key(common, p->enterprise);
    /* the key: --by columns, the period, then the enterprise */
    size_t nkeys = common->nkeys + (common->input.period ? 1 : 0);
    sc_groups *fine = sc_groups_new(nkeys);
    sc_groups *groups = NULL;
    sc_table *t = sc_table_new();
    if (!fine || !t) {
        sc_groups_free(fine);
        sc_table_free(t);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    sc_read_stats stats;
    sc_status s = sc_tool_read(common, fine, &stats, err);
    if (s == SC_OK && p->by_enterprise) {
        s = sc_groups_rollup_units(fine, nkeys - 1, &groups);
        if (s != SC_OK)
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    columns c;
    if (s == SC_OK && (s = add_columns(p, fine, t, &c)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (s == SC_OK)
        s = fill_groups(p, groups ? groups : fine, t, &c, err);
    if (s == SC_OK && (s = sc_sort_groups(t, p->sort, c.first_count, c.rate, c.n, p->reverse)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    /* the chart comes before the table, so that a failed chart leaves
     * standard output empty */
    if (s == SC_OK && sc_tool_wants_chart(common))
        s = draw(p, fine, t, &c, sc_table_rows(t), err);
    if (s == SC_OK && p->total)
        s = add_total(p, fine, t, &c, err);
    if (s == SC_OK) {
        sc_kv options[8];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"method", sc_ci_method_get(p->method)->name};
        char level[32], target[32];
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_format_decimal(p->target, -1, false, target, sizeof target);
        options[noptions++] = (sc_kv){"level", level};
        options[noptions++] = (sc_kv){"sided", sided_names[p->sided]};
        options[noptions++] = (sc_kv){"rate", sc_rate_kind_names[p->rate_kind]};
        options[noptions++] = (sc_kv){"unit", unit_names[p->by_enterprise]};
        options[noptions++] = (sc_kv){"sort", sc_sort_names[p->sort]};
        if (has_target(p))
            options[noptions++] = (sc_kv){"target", target};
        sc_meta meta = sc_tool_meta(common, "rate", &stats, options, noptions);
        sc_named_table table = {"rows", t};
        s = sc_tool_write(common, &table, 1, &meta, err);
    }
    sc_groups_free(groups);
    sc_groups_free(fine);
    sc_table_free(t);
    return s;
}

int main(int argc, char **argv)
{
    rate_plan plan = {.method = SC_CI_WILSON, .level = 0.95, .sided = SC_SIDED_TWO, .target = NAN};
    sc_tool_parse(&rate_info, argc, argv, &plan.common, &plan);
    if ((plan.by_enterprise != 0) != (plan.enterprise != NULL))
        sc_tool_usage_error(&plan.common, "--unit enterprise and --enterprise COL go together");
    if (plan.reverse && plan.sort == SC_SORT_NONE)
        sc_tool_usage_error(&plan.common, "--reverse needs --sort key, rate or n");
    if ((plan.sided != SC_SIDED_TWO || has_target(&plan)) && !(plan.level > 0.5))
        sc_tool_usage_error(&plan.common, "a one-sided bound (--sided, --target) needs --level "
                                          "above 0.5");
    if (sc_tool_wants_chart(&plan.common) && plan.common.nkeys == 0 && !plan.common.input.period)
        sc_tool_usage_error(&plan.common, "a chart (--plot, --render) needs groups: give --by");
    /* with no group columns the only row already is the total */
    plan.total = plan.total && (plan.common.nkeys > 0 || plan.common.input.period);
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : sc_tool_fail(&plan.common, &err);
    sc_tool_free(&plan.common);
    return code;
}
