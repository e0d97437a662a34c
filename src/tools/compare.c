/* spotcheck-compare — regions or categories compared: each group's rate
 * against the rest, the homogeneity tests, pairwise comparisons and funnel
 * limits.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

typedef enum { TABLE_GROUPS, TABLE_TESTS, TABLE_PAIRWISE } which_table;
typedef enum { CHART_AUTO, CHART_FUNNEL, CHART_RANKED } which_chart;
static const char *const chart_names[] = {"auto", "funnel", "ranked", NULL};
static const char *const table_names[] = {"groups", "tests", "pairwise", NULL};

/* Pairwise comparisons grow as k²: beyond this many groups they are refused. */
enum { PAIRWISE_MAX_GROUPS = 2000 };
/* Monte-Carlo replicates when the table is sparse and --simulate is not given (R's default). */
enum { DEFAULT_REPLICATES = 2000 };

typedef struct compare_plan {
    sc_common common; /* first, so that common options can be applied to the plan */
    sc_ci_method method;
    sc_diff_method diff_method;
    double level;
    sc_rate_kind rate_kind; /* --rate */
    bool funnel;
    sc_funnel_dispersion dispersion;
    bool pairwise;
    sc_adjust_method adjust;
    uint64_t simulate; /* 0: only when sparse, with DEFAULT_REPLICATES */
    bool simulate_given;
    uint64_t seed;
    which_table table;
    which_chart chart;
    sc_sort_order sort;
    bool reverse;
} compare_plan;

#define PLAN(member) offsetof(compare_plan, member)

static sc_status opt_simulate(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    compare_plan *p = plan;
    p->simulate_given = true;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(value, &end, 10);
    if (value[0] < '0' || value[0] > '9' || *end || errno)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": give a whole number",
                            opt->name, value);
    p->simulate = (uint64_t)n;
    return SC_OK;
}

static const sc_opt compare_options[] = {
    {.name = "method", .arg = "METHOD", .kind = SC_OPT_NAME, .registry = &sc_ci_methods,
     .offset = PLAN(method),
     .help = "interval of each group's rate, as in spotcheck rate (default wilson)"},
    {.name = "diff-method", .arg = "METHOD", .kind = SC_OPT_NAME,
     .registry = &sc_diff_methods, .offset = PLAN(diff_method),
     .help = "interval of each group minus the rest: newcombe (default), newcombe-cc, wald, "
             "wald-cc, agresti-caffo, miettinen-nurminen"},
    {.name = "level", .arg = "P", .kind = SC_OPT_PROBABILITY, .offset = PLAN(level),
     .help = "confidence level of every interval (default 0.95)"},
    {.name = "rate", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(rate_kind),
     .choices = sc_rate_kind_names, .help = "pass (合格率, default) or fail (不合格率)"},
    {.name = "funnel", .kind = SC_OPT_FLAG, .offset = PLAN(funnel),
     .help = "add funnel limits (95% and 99.8%) around the overall rate and classify groups"},
    {.name = "overdispersion", .arg = "MODEL", .kind = SC_OPT_NAME,
     .registry = &sc_funnel_dispersions, .offset = PLAN(dispersion),
     .help = "funnel limits for over-dispersed data: none (default), multiplicative, additive"},
    {.name = "pairwise", .kind = SC_OPT_FLAG, .offset = PLAN(pairwise),
     .help = "compare every pair of groups (at most 2000 groups)"},
    {.name = "adjust", .arg = "METHOD", .kind = SC_OPT_NAME, .registry = &sc_adjust_methods,
     .offset = PLAN(adjust),
     .help = "adjust pairwise p-values as R's p.adjust: holm (default), hochberg, hommel, "
             "bonferroni, BH, BY, none"},
    {.name = "simulate", .arg = "N", .kind = SC_OPT_CUSTOM, .apply = opt_simulate,
     .offset = PLAN(simulate),
     .help = "Monte-Carlo p-value of the chi-square test from N tables (default: 2000, and "
             "only when an expected count is under 5)"},
    {.name = "seed", .arg = "S", .kind = SC_OPT_COUNT, .offset = PLAN(seed),
     .help = "seed of the Monte-Carlo generator, 0 to 4294967295 (default 1; GSL takes 0 as "
             "4357)"},
    {.name = "table", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(table),
     .choices = table_names,
     .help = "which table to write: groups (default), tests or pairwise (json has all)"},
    {.name = "chart", .arg = "KIND", .kind = SC_OPT_CHOICE, .offset = PLAN(chart),
     .choices = chart_names,
     .help = "chart for --plot/--render: funnel (needs --funnel) or ranked (groups by rate "
             "with intervals); default: funnel with --funnel, else ranked"},
    {.name = "sort", .arg = "ORDER", .kind = SC_OPT_CHOICE, .offset = PLAN(sort),
     .choices = sc_sort_names,
     .help = "order groups by key, rate or n, ascending (default none: first appearance)"},
    {.name = "reverse", .kind = SC_OPT_FLAG, .offset = PLAN(reverse),
     .help = "reverse the --sort order"},
    {0},
};

static const sc_man_section compare_sections[] = {
    {"STATISTICS",
     "For each group, x of n batches (x: passed, or failed with --rate fail): the rate x/n "
     "and its interval by --method, as spotcheck rate gives them.  diff is the group's rate "
     "minus the rate of all other groups together, with the interval of --diff-method "
     "(Newcombe's hybrid score by default), and p_value that of the test of the group against "
     "the rest: Pearson's chi-square, or Fisher's exact test when an expected count is "
     "under 5.\n"
     "\n"
     "The tests table holds the homogeneity tests of all groups: Pearson's chi-square and "
     "the G-test (likelihood ratio), each with k - 1 degrees of freedom, and, when an "
     "expected count is under 5 or --simulate is given, a Monte-Carlo p-value of the "
     "chi-square as R's chisq.test(simulate.p.value = TRUE) defines it, from --simulate "
     "tables drawn with GSL's Mersenne Twister seeded with --seed.  Groups with no batches "
     "are left out of the tests.\n"
     "\n"
     "--pairwise compares every pair of groups: the difference of their rates with its "
     "interval, the p-value of the test of the pair, and that p-value adjusted for all the "
     "pairs by --adjust, with the definitions of R's p.adjust.\n"
     "\n"
     "--funnel adds Spiegelhalter's (2005) funnel limits around the overall rate: the "
     "exact binomial limits with interpolation at 95% and 99.8% for each group's n, and "
     "the group's place: above998, above95, within, below95 or below998.  With "
     "--overdispersion multiplicative the limits are widened by the square root of the "
     "winsorised over-dispersion factor phi when phi > 1; with additive a "
     "between-group variance tau^2 is added, Spiegelhalter's (2005) winsorised estimate (the "
     "DerSimonian-Laird moment formula with the winsorised phi in place of the unwinsorised "
     "Q, so not the DerSimonian-Laird estimate itself)."},
    {"OUTPUT",
     "--table groups: the group columns, n, passed, failed, rate, lower, upper, diff, "
     "diff_lower, diff_upper, p_value, and with --funnel also funnel_lower95, "
     "funnel_upper95, funnel_lower998, funnel_upper998, funnel.  --table tests: test "
     "(pearson, g, monte-carlo), statistic, df, p_value.  --table pairwise: group_a, "
     "group_b, diff, lower, upper, p_value, p_adjusted.  json carries the three tables "
     "(pairwise empty without --pairwise).  diff and its limits are differences of rates: "
     "with --percent they are percentage points, printed without a % sign under a header "
     "saying (pp) (百分点 with --lang zh); diff is rounded from its exact value.\n"
     "\n"
     "The chart (--plot, --render) is the funnel plot with --funnel (groups outside the "
     "99.8% limits in red, every group outside the 95% limits named, and all groups when "
     "there are at most 12; n on a logarithmic axis when it spans a factor of 20 or more), "
     "and otherwise the groups ranked by rate with their intervals and "
     "the overall rate; --chart ranked draws the ranked chart with --funnel too.\n"
     "\n"
     "Memory and time grow linearly with the number of groups, so thousands of "
     "enterprises are fine; only --pairwise grows with its square."},
    {"EXAMPLES",
     "The 35 food categories of the 2019 H2 national sampling, unqualified rates, with the "
     "homogeneity tests:\n"
     "\n"
     "  spotcheck compare --n 抽检批次 --fail 不合格批次 --by 食品类别 --rate fail \\\n"
     "      --percent --format table datasets/real/food_2019h2.csv\n"
     "  spotcheck compare --n 抽检批次 --fail 不合格批次 --by 食品类别 --table tests \\\n"
     "      datasets/real/food_2019h2.csv\n"
     "\n"
     "Cities against the funnel limits of the province, as a chart:\n"
     "\n"
     "  spotcheck compare --result 检验结论 --by 地市 --where 省份=浙江省 --funnel \\\n"
     "      --overdispersion multiplicative --render funnel.png datasets/demo/records.csv\n"
     "\n"
     "Every pair of enterprise sizes, Holm-adjusted:\n"
     "\n"
     "  spotcheck compare --result 检验结论 --by 企业规模 --pairwise --table pairwise \\\n"
     "      datasets/demo/records.csv"},
    {0},
};

static const sc_tool_info compare_info = {
    .name = "compare",
    .summary = "regions or categories compared: each against the rest, tests, pairs, funnels",
    .description =
        "spotcheck compare says which groups (regions, categories, enterprise sizes) differ: "
        "each group's rate with its interval and its difference from all the others, the "
        "tests of whether the groups differ at all, optionally every pair of groups with "
        "adjusted p-values, and funnel limits that allow for each group's sample size.",
    .options = compare_options,
    .sections = compare_sections,
};

/* ---- the groups table ---------------------------------------------------------------- */

typedef struct columns {
    size_t nkeys;
    size_t n, passed, failed, rate, lower, upper, diff, diff_lower, diff_upper, p_value;
    size_t funnel_lower95, funnel_upper95, funnel_lower998, funnel_upper998, funnel;
} columns;

static sc_status add_group_columns(const compare_plan *p, const sc_groups *g, sc_table *t,
                                   columns *c)
{
    c->nkeys = sc_groups_nkeys(g);
    sc_column_spec spec[] = {
        {&c->n, "n", "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        {&c->failed, "failed", "不合格", SC_COL_COUNT, true},
        {&c->rate, "rate", sc_rate_kind_get(p->rate_kind)->label_zh, SC_COL_PROPORTION, true},
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
    };
    return sc_columns_add(t, g, c->nkeys, spec, sizeof spec / sizeof spec[0]);
}

/* The counts of the counted outcome, one element per group. */
static sc_multi_group *counted(const compare_plan *p, const sc_groups *g)
{
    size_t k = sc_groups_count(g);
    sc_multi_group *out = calloc(k ? k : 1, sizeof *out);
    for (size_t i = 0; out && i < k; i++) {
        out[i].n = sc_groups_n(g, i);
        out[i].passed = sc_rate_counted(p->rate_kind, out[i].n, sc_groups_passed(g, i));
    }
    return out;
}

static sc_status fill_groups(const compare_plan *p, const sc_groups *g, const sc_multi_group *x,
                             const sc_funnel *funnel, sc_table *t, const columns *c,
                             sc_error *err)
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
                            sc_tool_word(&p->common, sc_funnel_class_name(sc_multi_funnel_classify(
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

static sc_status fill_tests(const compare_plan *p, const sc_multi_group *x, size_t k,
                            sc_table *t, sc_error *err)
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
    s = add_test_row(t, sc_tool_word(&p->common, "pearson"), h.pearson, df, h.pearson_p);
    if (s == SC_OK)
        s = add_test_row(t, sc_tool_word(&p->common, "g"), h.g, df, h.g_p);
    if (s == SC_OK && (h.sparse || p->simulate)) {
        sc_monte_carlo mc;
        s = sc_multi_monte_carlo(x, k, p->simulate ? p->simulate : DEFAULT_REPLICATES,
                                 (unsigned long)p->seed, &mc);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "Monte-Carlo p-value: %s", sc_strerror(s));
        s = add_test_row(t, sc_tool_word(&p->common, "monte-carlo"), mc.statistic, df,
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

static sc_status fill_pairwise(const compare_plan *p, const sc_groups *g, const sc_multi_group *x,
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
    double *pv = malloc(npairs * sizeof *pv);
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
 * log n, with the funnel limits at each: the smooth curves of the plot. */
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
    const char *names[] = {"n", "lower95", "upper95", "lower998", "upper998", "center"};
    for (size_t c = 0; c < 6; c++)
        sc_table_add_column(t, names[c], NULL, c ? SC_COL_PROPORTION : SC_COL_REAL);
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
        if (sc_table_add_row(t, &row) != SC_OK)
            break;
        sc_table_set_double(t, row, 0, (double)n);
        sc_table_set_double(t, row, 1, limits.lower95);
        sc_table_set_double(t, row, 2, limits.upper95);
        sc_table_set_double(t, row, 3, limits.lower998);
        sc_table_set_double(t, row, 4, limits.upper998);
        sc_table_set_double(t, row, 5, funnel->target);
    }
    return t;
}

static sc_status draw(const compare_plan *p, const sc_groups *g, const sc_table *t,
                      const columns *c, const sc_multi_group *x, size_t k, const sc_funnel *funnel, double overall,
                      sc_error *err)
{
    bool zh = p->common.output.lang == SC_LANG_ZH;
    bool funnel_chart = p->chart == CHART_FUNNEL || (p->chart == CHART_AUTO && p->funnel);
    sc_chart *chart = sc_chart_new(funnel_chart ? SC_CHART_FUNNEL : SC_CHART_CATERPILLAR);
    sc_table *grid = NULL;
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t labels[SC_KEY_PARTS_MAX];
    size_t nlabels = c->nkeys < SC_KEY_PARTS_MAX ? c->nkeys : SC_KEY_PARTS_MAX;
    for (size_t i = 0; i < nlabels; i++)
        labels[i] = i;
    sc_chart_data data = sc_chart_data_of(t);
    data.label = labels;
    data.nlabel = nlabels;
    data.value = c->rate;
    const char *which = sc_rate_kind_label(p->rate_kind, zh ? SC_LANG_ZH : SC_LANG_EN);
    char title[256], overall_text[64], percent[32];
    sc_format_decimal_rounded(overall, 2, true, p->common.output.rounding, percent,
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
        if (s == SC_OK && grid && sc_table_rows(grid) > 1) {
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
    if (s == SC_OK)
        s = sc_tool_chart(&p->common, chart, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "chart: %s", sc_strerror(s));
    sc_chart_free(chart);
    sc_table_free(grid);
    return s;
}

/* ---- running ----------------------------------------------------------------------------- */

static sc_status run(compare_plan *p, sc_error *err)
{
    sc_common *common = &p->common;
    size_t nkeys = common->nkeys + (common->input.period ? 1 : 0);
    sc_groups *g = sc_groups_new(nkeys);
    sc_table *groups_table = sc_table_new(), *tests = sc_table_new(), *pairs = sc_table_new();
    sc_multi_group *x = NULL;
    sc_status s = g && groups_table && tests && pairs
                      ? SC_OK
                      : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_read_stats stats;
    if (s == SC_OK)
        s = sc_tool_read(common, g, &stats, err);
    size_t k = g ? sc_groups_count(g) : 0;
    if (s == SC_OK && p->pairwise && k > PAIRWISE_MAX_GROUPS)
        s = sc_error_set(err, SC_EINVAL, NULL, 0,
                         "--pairwise: %zu groups make %zu pairs; it takes at most %d groups",
                         k, k * (k - 1) / 2, PAIRWISE_MAX_GROUPS);
    if (s == SC_OK && !(x = counted(p, g)))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    uint64_t total_n = 0, total_x = 0;
    for (size_t i = 0; s == SC_OK && i < k; i++) {
        total_n += x[i].n, total_x += x[i].passed;
        if (x[i].n > SC_COUNT_MAX || total_n > SC_COUNT_MAX)
            s = sc_error_set(err, SC_EDATA, NULL, 0,
                             "more than 2^53 batches: beyond the counts the statistics carry "
                             "exactly");
    }
    double overall = total_n ? (double)total_x / (double)total_n : NAN;
    sc_funnel funnel = {0};
    if (s == SC_OK && p->funnel &&
        (s = sc_multi_funnel_fit(x, k, total_n ? overall : 0, p->dispersion, &funnel)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "funnel: %s", sc_strerror(s));
    columns c;
    if (s == SC_OK && (s = add_group_columns(p, g, groups_table, &c)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (s == SC_OK)
        s = fill_groups(p, g, x, &funnel, groups_table, &c, err);
    if (s == SC_OK && (s = sc_sort_groups(groups_table, p->sort, c.nkeys, c.rate, c.n, p->reverse)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (s == SC_OK)
        s = fill_tests(p, x, k, tests, err);
    if (s == SC_OK)
        s = fill_pairwise(p, g, x, pairs, err);
    if (s == SC_OK && sc_tool_wants_chart(common))
        s = draw(p, g, groups_table, &c, x, k, &funnel, overall, err);
    if (s == SC_OK) {
        char level[32], phi[32], tau2[32], seed[32];
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_format_decimal(funnel.phi, -1, false, phi, sizeof phi);
        sc_format_decimal(funnel.tau2, -1, false, tau2, sizeof tau2);
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)p->seed);
        sc_kv options[12];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"method", sc_ci_method_get(p->method)->entry.name};
        options[noptions++] = (sc_kv){"diff_method", sc_diff_method_get(p->diff_method)->entry.name};
        options[noptions++] = (sc_kv){"level", level};
        options[noptions++] = (sc_kv){"rate", sc_rate_kind_names[p->rate_kind]};
        options[noptions++] = (sc_kv){"seed", seed};
        if (p->pairwise)
            options[noptions++] = (sc_kv){"adjust", sc_adjust_method_get(p->adjust)->entry.name};
        if (p->funnel) {
            options[noptions++] =
                (sc_kv){"overdispersion", sc_funnel_dispersion_get(p->dispersion)->entry.name};
            options[noptions++] = (sc_kv){"phi", phi};
            options[noptions++] = (sc_kv){"tau2", tau2};
        }
        sc_meta meta = sc_tool_meta(common, "compare", &stats, options, noptions);
        sc_named_table all[] = {{"groups", groups_table}, {"tests", tests}, {"pairwise", pairs}};
        bool json = common->output.format == SC_FORMAT_JSON;
        s = json ? sc_tool_write(common, all, 3, &meta, err)
                 : sc_tool_write(common, &all[p->table], 1, &meta, err);
    }
    free(x);
    sc_groups_free(g);
    sc_table_free(groups_table);
    sc_table_free(tests);
    sc_table_free(pairs);
    return s;
}

int main(int argc, char **argv)
{
    compare_plan plan = {.method = SC_CI_WILSON, .diff_method = SC_DIFF_NEWCOMBE, .level = 0.95,
                         .adjust = SC_ADJUST_HOLM, .seed = 1};
    sc_tool_parse(&compare_info, argc, argv, &plan.common, &plan);
    if (plan.common.nkeys == 0 && !plan.common.input.period)
        sc_tool_usage_error(&plan.common, "give --by COLS: the groups to compare");
    if (plan.dispersion != SC_FUNNEL_DISPERSION_NONE && !plan.funnel)
        sc_tool_usage_error(&plan.common, "--overdispersion goes with --funnel");
    if (plan.adjust != SC_ADJUST_HOLM && !plan.pairwise)
        sc_tool_usage_error(&plan.common, "--adjust goes with --pairwise");
    if (plan.chart != CHART_AUTO && !sc_tool_wants_chart(&plan.common))
        sc_tool_usage_error(&plan.common, "--chart goes with --plot or --render");
    if (plan.seed > UINT32_MAX)
        sc_tool_usage_error(&plan.common, "--seed: the generator takes seeds 0 to 4294967295");
    if (plan.simulate_given && plan.simulate == 0)
        sc_tool_usage_error(&plan.common, "--simulate: give at least 1 table");
    if (plan.chart == CHART_FUNNEL && !plan.funnel)
        sc_tool_usage_error(&plan.common, "--chart funnel needs --funnel");
    if (plan.table == TABLE_PAIRWISE && !plan.pairwise)
        sc_tool_usage_error(&plan.common, "--table pairwise needs --pairwise");
    if (plan.reverse && plan.sort == SC_SORT_NONE)
        sc_tool_usage_error(&plan.common, "--reverse needs --sort key, rate or n");
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : sc_tool_fail(&plan.common, &err);
    sc_tool_free(&plan.common);
    return code;
}
