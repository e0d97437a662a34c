/* spotcheck-compare — regions or categories compared: each group's rate
 * against the rest, the homogeneity tests, pairwise comparisons and funnel
 * limits.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "tool.h"

typedef enum { TABLE_GROUPS, TABLE_TESTS, TABLE_PAIRWISE } which_table;
typedef enum { CHART_AUTO, CHART_FUNNEL, CHART_RANKED } which_chart;
static const char *const chart_names[] = {"auto", "funnel", "ranked", NULL};
static const char *const table_names[] = {"groups", "tests", "pairwise", NULL};


typedef struct compare_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    sc_ci_method method;
    sc_diff_method diff_method;
    double level;
    sc_rate_kind rate_kind; /* --rate */
    bool funnel;
    sc_funnel_dispersion dispersion;
    bool pairwise;
    sc_adjust_method adjust;
    uint64_t simulate; /* 0: only when sparse, with SC_MONTE_CARLO_DEFAULT */
    bool simulate_given;
    uint64_t seed;
    which_table table;
    which_chart chart;
    sc_sort_order sort;
    bool reverse;
    const char *targets; /* --targets FILE */
    const char *adjust_for; /* --adjust-for COLS */
    const char *standard;   /* --standard FILE */
    bool yates;             /* the CMH test with the continuity correction */
} compare_plan;

#define PLAN(member) offsetof(compare_plan, member)

#define SIMULATE_MAX 10000000ULL

static sc_status opt_simulate(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    compare_plan *p = plan;
    p->simulate_given = true;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(value, &end, 10);
    /* bounded, so that a slip of the finger cannot run for hours (each
     * table costs a draw per group) */
    if (value[0] < '0' || value[0] > '9' || *end || errno || n > SIMULATE_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": give a whole number 0 to %llu",
                            opt->name, value, (unsigned long long)SIMULATE_MAX);
    p->simulate = (uint64_t)n;
    return SC_OK;
}

static const tk_opt compare_options[] = {
    TK_OPT_METHOD(PLAN(method), &sc_ci_methods,
                  "interval of each group's rate, as in spotcheck rate (default wilson)"),
    {.name = "diff-method", .arg = "METHOD", .kind = TK_OPT_NAME,
     .registry = &sc_diff_methods, .offset = PLAN(diff_method),
     .help = "interval of each group minus the rest: newcombe (default), newcombe-cc, wald, "
             "wald-cc, agresti-caffo, miettinen-nurminen"},
    TK_OPT_LEVEL(PLAN(level), TK_HELP_LEVEL),
    TK_OPT_RATE(PLAN(rate_kind)),
    TK_OPT_TARGETS(PLAN(targets)),
    {.name = "funnel", .kind = TK_OPT_FLAG, .offset = PLAN(funnel),
     .help = "add funnel limits (95% and 99.8%) around the overall rate and classify groups"},
    {.name = "overdispersion", .arg = "MODEL", .kind = TK_OPT_NAME,
     .registry = &sc_funnel_dispersions, .offset = PLAN(dispersion),
     .help = "funnel limits for over-dispersed data: none (default), multiplicative, additive"},
    {.name = "pairwise", .kind = TK_OPT_FLAG, .offset = PLAN(pairwise),
     .help = "compare every pair of groups (at most 2000 groups)"},
    {.name = "adjust", .arg = "METHOD", .kind = TK_OPT_NAME, .registry = &sc_adjust_methods,
     .offset = PLAN(adjust),
     .help = "adjust pairwise p-values as R's p.adjust: holm (default), hochberg, hommel, "
             "bonferroni, BH, BY, none"},
    {.name = "simulate", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_simulate,
     .offset = PLAN(simulate),
     .help = "Monte-Carlo p-value of the chi-square test from N tables, at most 10000000 "
             "(default: 2000, and only when an expected count is under 5 and there are fewer "
             "than 1000 groups)"},
    {.name = "seed", .arg = "S", .kind = TK_OPT_COUNT, .offset = PLAN(seed),
     .help = "seed of the Monte-Carlo generator, 0 to 4294967295 (default 1; GSL takes 0 as "
             "4357)"},
    {.name = "table", .arg = "WHICH", .kind = TK_OPT_CHOICE, .offset = PLAN(table),
     .choices = table_names,
     .help = "which table to write: groups (default), tests or pairwise (json and xlsx have all)"},
    {.name = "chart", .arg = "KIND", .kind = TK_OPT_CHOICE, .offset = PLAN(chart),
     .choices = chart_names,
     .help = "chart for --plot/--render: funnel (needs --funnel) or ranked (groups by rate "
             "with intervals); default: funnel with --funnel, else ranked"},
    TK_OPT_SORT(PLAN(sort), sc_sort_names, TK_HELP_SORT),
    TK_OPT_REVERSE(PLAN(reverse)),
    TK_OPT_ADJUST_FOR(PLAN(adjust_for)),
    TK_OPT_STANDARD(PLAN(standard)),
    {.name = "yates", .kind = TK_OPT_FLAG, .offset = PLAN(yates),
     .help = "the CMH tests of --adjust-for with the continuity correction"},
    {0},
};

static const tk_man_section compare_sections[] = {
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
     "tables drawn with GSL's Mersenne Twister seeded with --seed.  From 1000 groups on, "
     "unless --simulate is given, small expected counts get instead the pearson-moments "
     "row: the chi-square's p-value from a scaled chi-square with the exact mean and "
     "variance of the statistic given the margins (Haldane 1940), which over so many "
     "groups is within the Monte-Carlo error of 2000 tables and takes no simulation.  "
     "Groups with no batches are left out of the tests.\n"
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
     "Q, so not the DerSimonian-Laird estimate itself).\n"
     "\n"
     "--targets FILE gives each group its own target and a verdict with the exact one-sided "
     "binomial p-value, as spotcheck rate --targets does (see spotcheck-rate(1) for the "
     "file): meets or below only when the one-sided --method bound at --level is beyond the "
     "target and that p-value is below 1 - level.  A group that no row of the file matches "
     "gets empty cells, and a note on standard error says how many there were."},
    {"ADJUSTED FOR STRATA",
     "--adjust-for COLS compares the groups within the strata of COLS (product categories, "
     "say), so that groups that sampled a different mix are compared like with like.  Each "
     "group is compared with the rest of the groups together, as in the crude table.  --table "
     "groups then has: the group columns, n, passed, rate, rate_rest, diff (crude: the group "
     "minus the rest), strata (with batches in the group and in the rest) and "
     "strata_left_out (left out of every adjusted figure); std_rate and std_rate_rest, "
     "directly standardised to the pooled mix of all groups' batches over the strata (or to "
     "--standard FILE: a CSV with the --adjust-for columns and population), std_diff with "
     "its Wald interval std_lower, std_upper; mh_diff, the Mantel-Haenszel risk difference "
     "with Sato's (1989) variance and interval mh_lower, mh_upper; mh_odds_ratio, the "
     "Mantel-Haenszel odds ratio of the group against the rest with the "
     "Robins-Breslow-Greenland interval mh_or_lower, mh_or_upper (R's mantelhaen.test); "
     "cmh_statistic, cmh_p_value (1 df; --yates: with the continuity correction); "
     "bd_statistic, bd_df, bd_p_value, the Breslow-Day test of a common odds ratio with "
     "Tarone's correction.  --table tests has one row, cmh-general: the generalised "
     "Cochran-Mantel-Haenszel test of no association between the groups and the outcome "
     "within strata, with groups - 1 df (R's mantelhaen.test on the groups x 2 x strata "
     "table; with two groups it is the cmh test of either row without correction).  "
     "--funnel, --pairwise, --targets, --sort and the chart do not go with --adjust-for.  "
     "See spotcheck-diff(1) for the formulas."},
    {"OUTPUT",
     "--table groups: the group columns, n, passed, failed, rate, lower, upper, diff, "
     "diff_lower, diff_upper, p_value, with --funnel also funnel_lower95, "
     "funnel_upper95, funnel_lower998, funnel_upper998, funnel, and with --targets target, "
     "verdict and target_p_value (p_value being that of the group against the rest), and "
     "target_label when the file has a label column.  --table tests: test "
     "(pearson, g, monte-carlo or pearson-moments), statistic, df, p_value.  --table pairwise: group_a, "
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

static const tk_tool compare_info = {
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

/* ---- running ----------------------------------------------------------------------------- */

/* --adjust-for: each group against the rest within strata
 * (sc_adjusted_compare_tables). */
static sc_status run_adjusted(compare_plan *p, size_t nstrata, sc_error *err)
{
    tk_common *common = &p->common;
    sc_adjust_opts o;
    sc_adjust_opts_init(&o);
    o.nstrata = nstrata;
    o.level = p->level;
    o.kind = p->rate_kind;
    o.correct = p->yates;
    o.lang = common->output.lang;
    o.words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_population *standard = NULL;
    sc_status s = tk_read_population(common, p->standard, nstrata, true, &standard, err);
    o.standard = standard;
    sc_groups *g = sc_groups_new(common->nkeys + (common->input.period ? 1 : 0));
    if (s == SC_OK && !g)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_adjusted_compare_result r = {0};
    sc_read_stats stats;
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_adjusted_compare_tables(g, &o, &r, err);
    if (s == SC_OK && r.strata_left_out)
        tk_note(common, "%zu group%s strata that %s or the rest lack: those strata are left "
                        "out of %s adjusted figures (strata_left_out)",
                r.strata_left_out, r.strata_left_out == 1 ? " has" : "s have",
                r.strata_left_out == 1 ? "it" : "they", r.strata_left_out == 1 ? "its" : "their");
    if (s == SC_OK && r.cmh_groups_left_out)
        tk_note(common, "%zu group%s no stratum with another group: left out of the "
                        "generalised CMH test",
                r.cmh_groups_left_out, r.cmh_groups_left_out == 1 ? " shares" : "s share");
    if (s == SC_OK) {
        char level[32];
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_kv options[] = {
            {"level", level},
            {"rate", sc_rate_kind_names[p->rate_kind]},
            {"yates", p->yates ? "true" : "false"},
            {"adjust_for", p->adjust_for},
            {"standard", standard ? sc_population_name(standard) : "pooled"},
        };
        sc_meta meta =
            tk_meta(common, "compare", &stats, options, sizeof options / sizeof *options);
        sc_named_table all[] = {{"groups", r.groups}, {"tests", r.tests}};
        s = tk_write_tables(common, all, 2, p->table, &meta, err);
    }
    sc_adjusted_compare_result_free(&r);
    sc_groups_free(g);
    sc_population_free(standard);
    return s;
}

static sc_status run(compare_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_compare_opts o;
    sc_compare_opts_init(&o);
    o.method = p->method;
    o.diff_method = p->diff_method;
    o.level = p->level;
    o.kind = p->rate_kind;
    o.funnel = p->funnel;
    o.dispersion = p->dispersion;
    o.pairwise = p->pairwise;
    o.adjust = p->adjust;
    o.replicates = p->simulate;
    o.seed = p->seed;
    o.sort = p->sort;
    o.reverse = p->reverse;
    o.lang = common->output.lang;
    o.words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    o.rounding = common->output.rounding;
    sc_targets *targets = NULL;
    sc_status s = tk_read_targets(common, p->targets, &targets, err);
    o.targets = targets;
    sc_groups *g = sc_groups_new(common->nkeys + (common->input.period ? 1 : 0));
    if (s == SC_OK && !g)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_compare_result r = {0};
    sc_read_stats stats;
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_compare_tables(g, &o, &r, err);
    if (s == SC_OK)
        tk_note_no_target(common, targets, r.no_target, sc_groups_count(g),
                          "their target and verdict");
    if (s == SC_OK && r.moments)
        tk_note(common, "%zu groups, some expected counts under 5: the chi-square's p-value is "
                        "taken from its exact mean and variance (pearson-moments) instead of "
                        "%d simulated tables; --simulate N simulates",
                sc_groups_count(g), SC_MONTE_CARLO_DEFAULT);
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        bool funnel_chart = p->chart == CHART_FUNNEL || (p->chart == CHART_AUTO && p->funnel);
        s = sc_compare_chart(&r, g, &o, funnel_chart, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        char level[32], phi[32], tau2[32], seed[32];
        sc_format_decimal(p->level, -1, false, level, sizeof level);
        sc_format_decimal(r.funnel.phi, -1, false, phi, sizeof phi);
        sc_format_decimal(r.funnel.tau2, -1, false, tau2, sizeof tau2);
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
        if (targets)
            options[noptions++] = (sc_kv){"targets", sc_targets_name(targets)};
        sc_meta meta = tk_meta(common, "compare", &stats, options, noptions);
        sc_named_table all[] = {{"groups", r.groups}, {"tests", r.tests}, {"pairwise", r.pairwise}};
        s = tk_write_tables(common, all, 3, p->table, &meta, err);
    }
    sc_compare_result_free(&r);
    sc_groups_free(g);
    sc_targets_free(targets);
    return s;
}

int main(int argc, char **argv)
{
    compare_plan plan = {.method = SC_CI_WILSON, .diff_method = SC_DIFF_NEWCOMBE, .level = 0.95,
                         .adjust = SC_ADJUST_HOLM, .seed = 1};
    tk_parse(&compare_info, argc, argv, &plan.common, &plan);
    if (plan.common.nkeys == 0 && !plan.common.input.period)
        tk_usage_error(&plan.common, "give --by COLS: the groups to compare");
    if (plan.dispersion != SC_FUNNEL_DISPERSION_NONE && !plan.funnel)
        tk_usage_error(&plan.common, "--overdispersion goes with --funnel");
    if (plan.adjust != SC_ADJUST_HOLM && !plan.pairwise)
        tk_usage_error(&plan.common, "--adjust goes with --pairwise");
    if (plan.chart != CHART_AUTO && !tk_wants_chart(&plan.common))
        tk_usage_error(&plan.common, "--chart goes with --plot or --render");
    if (plan.seed > UINT32_MAX)
        tk_usage_error(&plan.common, "--seed: the generator takes seeds 0 to 4294967295");
    if (plan.simulate_given && plan.simulate == 0)
        tk_usage_error(&plan.common, "--simulate: give at least 1 table");
    if (plan.chart == CHART_FUNNEL && !plan.funnel)
        tk_usage_error(&plan.common, "--chart funnel needs --funnel");
    if (plan.table == TABLE_PAIRWISE && !plan.pairwise)
        tk_usage_error(&plan.common, "--table pairwise needs --pairwise");
    if (plan.reverse && plan.sort == SC_SORT_NONE)
        tk_usage_error(&plan.common, "--reverse needs --sort key, rate or n");
    if (plan.targets && !(plan.level > 0.5))
        tk_usage_error(&plan.common, "the verdicts of --targets use one-sided bounds: they need "
                                     "--level above 0.5");
    if ((plan.standard || plan.yates) && !plan.adjust_for)
        tk_usage_error(&plan.common, "--standard and --yates go with --adjust-for");
    size_t nstrata = 0;
    if (plan.adjust_for) {
        if (plan.funnel || plan.pairwise || plan.targets || plan.sort != SC_SORT_NONE ||
            plan.simulate_given || tk_wants_chart(&plan.common))
            tk_usage_error(&plan.common, "--adjust-for does not go with --funnel, --pairwise, "
                                         "--targets, --simulate, --sort or a chart");
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
