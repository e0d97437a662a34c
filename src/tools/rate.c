/* spotcheck-rate — pass rates (or unqualified rates) with confidence
 * intervals, per group, with an optional target verdict.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spotcheck/analysis.h"
#include "tool.h"

/* Option words, in the order of the values they stand for. */
static const char *const sided_names[] = {
    [SC_SIDED_TWO] = "two", [SC_SIDED_LOWER] = "lower", [SC_SIDED_UPPER] = "upper", NULL};
static const char *const unit_names[] = {"batch", "enterprise", NULL};

typedef struct rate_plan {
    tk_common common;  /* first, so that common options can be applied to the plan */
    sc_rate_opts opts; /* what the library's sc_rate_table takes */
    int by_enterprise; /* index in unit_names */
    const char *enterprise;
    const char *targets; /* --targets FILE */
    const char *strata;     /* --strata COLS */
    const char *population; /* --population FILE|COL */
    bool population_column; /* ... which names a column of the input */
    bool population_nowhere; /* ... or neither a column nor a file */
} rate_plan;

/* ---- options ---------------------------------------------------------------- */

#define PLAN(member) offsetof(rate_plan, member)

static const tk_opt rate_options[] = {
    TK_OPT_METHOD(PLAN(opts.method), &sc_ci_methods,
                  "interval method: wilson (default), wald, wald-cc, wilson-cc, agresti-coull, "
                  "jeffreys, clopper-pearson, mid-p, likelihood-ratio, logit, blaker"),
    TK_OPT_LEVEL(PLAN(opts.level), "confidence level (default 0.95; 95% also accepted)"),
    {.name = "sided", .arg = "SIDE", .kind = TK_OPT_CHOICE, .offset = PLAN(opts.sided),
     .choices = sided_names, .help = "two (default), lower (bound below the rate) or upper"},
    TK_OPT_RATE(PLAN(opts.kind)),
    TK_OPT_TARGET(PLAN(opts.target),
                  "add a verdict against target P with the exact one-sided binomial p-value; "
                  "meets or below only when the --method bound is beyond P and p < 1 - level"),
    TK_OPT_TARGETS(PLAN(targets)),
    TK_OPT_SORT(PLAN(opts.sort), sc_sort_names, TK_HELP_SORT),
    TK_OPT_REVERSE(PLAN(opts.reverse)),
    {.name = "total", .kind = TK_OPT_FLAG, .offset = PLAN(opts.total),
     .help = "add a row for all groups together"},
    {.name = "unit", .arg = "UNIT", .kind = TK_OPT_CHOICE, .offset = PLAN(by_enterprise),
     .choices = unit_names,
     .help = "batch (default) or enterprise (an enterprise passes when all its batches do)"},
    {.name = "enterprise", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(enterprise),
     .help = "column identifying the enterprise (with --unit enterprise)"},
    {.name = "strata", .arg = "COLS", .kind = TK_OPT_STRING, .offset = PLAN(strata),
     .help = "the stratified rate over these columns (e.g. 企业规模), weighted by the "
             "population of each stratum (needs --population)"},
    {.name = "population", .arg = "FILE|COL", .kind = TK_OPT_FILE, .offset = PLAN(population),
     .help = "populations of the --strata: a column of the input giving on each row the "
             "population of its stratum (when the header has that name), or a CSV file with "
             "the strata columns (one of them may be called stratum), optionally the --by "
             "columns, and population"},
    {0},
};

static const tk_man_section rate_sections[] = {
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
     "means credibly under it.\n"
     "\n"
     "--targets FILE gives each group its own target, verdict and p-value, found the same way.  "
     "FILE is a CSV (UTF-8 or GB18030, like the input) with a header: key columns named like "
     "the group columns (--by, and the --period column), a target column (0.97 or 97%), and "
     "optional direction (floor, the default: the rate must be at least the target, as a pass "
     "rate; ceiling: at most, as an unqualified rate), by_period, change and label (used by "
     "other tools).  A key cell that is empty or * matches every value; of the rows that "
     "match a group the one with the most key cells wins, and two as specific are an error "
     "naming both lines.  Targets are put on the scale of --rate: a floor of 97% on the pass "
     "rate is a ceiling of 3% on the unqualified rate with --rate fail, with the same verdict.  "
     "A group that no row matches gets empty target, verdict and p_value cells, and a note on "
     "standard error says how many there were; the --total row takes the row whose key cells "
     "are all empty or *.  Any other column, a bad cell or an empty file is an error with the "
     "file, line and column (exit 65).  --targets and --target do not go together."},
    {"STRATA",
     "--strata COLS --population FILE|COL estimates each group's rate as a stratified sample "
     "(Cochran 1977, ch. 5): with N_h units in stratum h (enterprises per size class, say) of "
     "which n_h were sampled and x_h counted, the rate is sum W_h x_h/n_h with W_h = N_h/N, and "
     "its variance sum W_h^2 (1 - n_h/N_h) p_h (1 - p_h)/(n_h - 1), the finite-population "
     "correction included; this is R's svymean on svydesign(ids = ~1, strata = ~h, fpc = ~N_h).  "
     "The interval is the logit interval of R's svyciprop (its default) and SAS SURVEYFREQ's "
     "CL(TYPE=LOGIT): logit(p) +- t se/(p(1 - p)), t of Student's t with n - H degrees of "
     "freedom (sampled units minus strata); a rate of 0 or 1 has none, and lower and upper are "
     "empty.  deff is the design effect: the variance over that of a simple random sample of "
     "the same size with the finite-population correction (svymean(deff = TRUE)).  crude_rate "
     "is x/n unweighted, for comparison.  --method, --sided, --target, --targets, --total, "
     "--unit and the charts do not go with --strata.\n"
     "\n"
     "The population file is a CSV (UTF-8 or GB18030) with a header: population, a column "
     "for each strata column named like it (with one strata column it may be called "
     "stratum, so the strata file of spotcheck plan --strata serves; its rate column is "
     "ignored), and optionally the --by columns (and the --period column), one row per "
     "stratum.  A group column the file does not have matches every value, so a file keyed "
     "by the strata alone gives every group the same populations: give the --by columns in "
     "the file when the groups are parts of the population (provinces).  Errors, with the "
     "file, line and column where there is one (exit 65): a population that is not a whole "
     "number, a stratum given twice, an unknown column, a stratum of a group with a "
     "population but no batches, a stratum with batches but no row, a population smaller "
     "than its sample, and a stratum of one batch out of more units (its variance cannot be "
     "estimated: R's survey fails there too, with lonely.psu = \"fail\").\n"
     "\n"
     "--population COL takes the populations from the input itself: when the header of the "
     "(first) input has a column of that name, each row gives in it the population of its "
     "stratum (企业总数, say).  Every row of a stratum of a group (the --by groups and the "
     "period are kept apart, as by a population file with those columns) must give the same "
     "whole number from 1; a row that gives another, or a cell that is empty, 0, negative or "
     "not whole, is a bad row (exit 65, or skipped with --skip-bad) naming the file, line, "
     "column and value, and for a differing value the stratum's earlier value and its line.  "
     "Rows left out by --where and total rows do not count.  The estimate is then the same, "
     "to the last digit, as with a file of those populations.  A name that is both a column "
     "and a file is a usage error (write ./NAME for the file); with standard input, whose "
     "header cannot be looked at first, NAME is a column when no file has that name."},
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
     "--target also target, verdict (meets, below, inconclusive) and p_value; with --targets "
     "also target_label when the file has a label column.  lower and upper "
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
     "Each product category against its own target (97% for food, 99% for 食用农产品, 95% for "
     "餐饮食品, 90% for industrial products) in 2024:\n"
     "\n"
     "  spotcheck rate --result 检验结论 --by 产品类别 --where 年度=2024 \\\n"
     "      --targets datasets/demo/targets.csv datasets/demo/records.csv\n"
     "\n"
     "Enterprise pass rate per province, in percent, with a total row:\n"
     "\n"
     "  spotcheck rate --result 检验结论 --by 省份 --unit enterprise --enterprise 企业名称 \\\n"
     "      --percent --total datasets/demo/records.csv\n"
     "\n"
     "The pass rate of the third quarter of 2024 as a stratified sample by size class, with "
     "the register's counts in datasets/demo/strata.csv (stratum, population):\n"
     "\n"
     "  spotcheck rate --result 检验结论 --where 季度=2024Q3 --strata 企业规模 \\\n"
     "      --population datasets/demo/strata.csv datasets/demo/records.csv"},
    {0},
};

static const tk_tool rate_info = {
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

/* --strata: the stratified rate of each group (sc_strata_rate_table). */
static sc_status run_strata(rate_plan *p, size_t nstrata, sc_error *err)
{
    tk_common *common = &p->common;
    sc_strata_rate_opts o;
    sc_strata_rate_opts_init(&o);
    o.nstrata = nstrata;
    o.level = p->opts.level;
    o.kind = p->opts.kind;
    o.words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_population *population = NULL;
    size_t nparts = common->nkeys + (common->input.period ? 1 : 0);
    sc_groups *groups = sc_groups_new(nparts);
    sc_status s = groups ? SC_OK : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    /* one population either way (stratify.h P4): the column's is filled as
     * the records are read */
    if (s == SC_OK && p->population_nowhere)
        s = sc_error_set(err, SC_ENOENT, NULL, 0,
                         "--population %s: no such file, and no column of that name in %s",
                         p->population, common->files[0]);
    else if (s == SC_OK && p->population_column) {
        s = sc_population_new_column(p->population, nparts - nstrata, nstrata, &population,
                                     err);
        common->input.cell_column = p->population;
        common->input.on_cell = sc_population_on_cell;
        common->input.cell_ctx = population;
        common->input.cell_fork = sc_population_fork;
        common->input.cell_merge = sc_population_merge;
        common->input.cell_free = sc_population_free_ctx;
    } else if (s == SC_OK)
        s = tk_read_population(common, p->population, nstrata, false, &population, err);
    o.population = population;
    sc_read_stats stats;
    sc_table *t = NULL;
    sc_strata_rate_columns c;
    if (s == SC_OK)
        s = tk_read(common, groups, &stats, err);
    if (s == SC_OK)
        s = sc_strata_rate_table(groups, &o, &t, &c, err);
    if (s == SC_OK) {
        char level[32];
        sc_format_decimal(o.level, -1, false, level, sizeof level);
        sc_kv options[] = {{"method", "logit"},
                           {"level", level},
                           {"rate", sc_rate_kind_names[o.kind]},
                           {"strata", p->strata},
                           {p->population_column ? "population_column" : "population",
                            sc_population_name(population)}};
        sc_meta meta = tk_meta(common, "rate", &stats, options, sizeof options / sizeof *options);
        sc_named_table table = {"rows", t};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_groups_free(groups);
    sc_table_free(t);
    sc_population_free(population);
    return s;
}

static sc_status run(rate_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_rate_opts *o = &p->opts;
    if (p->by_enterprise)
        tk_add_key(common, p->enterprise);
    o->enterprise_unit = p->by_enterprise;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    o->threads = common->input.threads;
    /* the key: --by columns, the period, then the enterprise */
    sc_groups *groups = sc_groups_new(common->nkeys + (common->input.period ? 1 : 0));
    if (!groups)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_read_stats stats;
    sc_table *t = NULL;
    sc_rate_columns c;
    sc_targets *targets = NULL;
    sc_status s = tk_read_targets(common, p->targets, &targets, err);
    o->targets = targets;
    if (s == SC_OK)
        s = tk_read(common, groups, &stats, err);
    /* the table and chart look no key up: the index's memory (16 MB at a
       million groups) goes to the table */
    sc_groups_seal(groups);
    if (s == SC_OK)
        s = sc_rate_table(groups, o, &t, &c, err);
    if (s == SC_OK)
        tk_note_no_target(common, targets, c.no_target, c.ngroups, "their target and verdict");
    /* the chart comes before the table, so that a failed chart leaves
     * standard output empty */
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_rate_chart(t, &c, groups, o, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        sc_kv options[8];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"method", sc_ci_method_get(o->method)->entry.name};
        char level[32], target[32];
        sc_format_decimal(o->level, -1, false, level, sizeof level);
        sc_format_decimal(o->target, -1, false, target, sizeof target);
        options[noptions++] = (sc_kv){"level", level};
        options[noptions++] = (sc_kv){"sided", sided_names[o->sided]};
        options[noptions++] = (sc_kv){"rate", sc_rate_kind_names[o->kind]};
        options[noptions++] = (sc_kv){"unit", unit_names[p->by_enterprise]};
        options[noptions++] = (sc_kv){"sort", sc_sort_names[o->sort]};
        if (!isnan(o->target))
            options[noptions++] = (sc_kv){"target", target};
        if (targets)
            options[noptions++] = (sc_kv){"targets", sc_targets_name(targets)};
        sc_meta meta = tk_meta(common, "rate", &stats, options, noptions);
        sc_named_table table = {"rows", t};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_groups_free(groups);
    sc_table_free(t);
    sc_targets_free(targets);
    return s;
}

/* --population X names a column when the input's header has X, else a
 * file; both is a usage error.  Standard input cannot be looked at before
 * it is read: then X is a column when no file X exists. */
static bool population_is_column(rate_plan *p)
{
    const char *x = p->population;
    if (strcmp(x, "-") == 0)
        return false;
    struct stat st;
    bool file = stat(x, &st) == 0;
    int column = tk_input_has_column(&p->common, x);
    p->population_nowhere = column == 0 && !file;
    if (column < 0)
        column = !file;
    if (column && file) {
        char message[SC_ERROR_MESSAGE_MAX];
        snprintf(message, sizeof message,
                 "--population %s: that is both a column of %s and a file; write ./%s for "
                 "the file",
                 x, p->common.files[0], x);
        tk_usage_error(&p->common, message);
    }
    return column;
}

int main(int argc, char **argv)
{
    rate_plan plan = {0};
    sc_rate_opts_init(&plan.opts);
    tk_parse(&rate_info, argc, argv, &plan.common, &plan);
    if (plan.strata || plan.population) {
        if (!plan.strata || !plan.population)
            tk_usage_error(&plan.common, "--strata COLS and --population FILE|COL go together");
        if (plan.by_enterprise || plan.enterprise || plan.targets || !isnan(plan.opts.target) ||
            plan.opts.total || plan.opts.sided != SC_SIDED_TWO || plan.opts.sort != SC_SORT_NONE ||
            tk_wants_chart(&plan.common))
            tk_usage_error(&plan.common, "--strata does not go with --unit, --target, --targets, "
                                         "--total, --sided, --sort or a chart");
        plan.population_column = population_is_column(&plan);
        size_t nstrata = tk_add_key_list(&plan.common, plan.strata);
        sc_error err;
        sc_error_clear(&err);
        int code = run_strata(&plan, nstrata, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
        tk_free(&plan.common);
        return code;
    }
    if ((plan.by_enterprise != 0) != (plan.enterprise != NULL))
        tk_usage_error(&plan.common, "--unit enterprise and --enterprise COL go together");
    if (plan.opts.reverse && plan.opts.sort == SC_SORT_NONE)
        tk_usage_error(&plan.common, "--reverse needs --sort key, rate or n");
    tk_check_targets(&plan.common, plan.targets, plan.opts.target);
    if ((plan.opts.sided != SC_SIDED_TWO || !isnan(plan.opts.target)) && !(plan.opts.level > 0.5))
        tk_usage_error(&plan.common, "a one-sided bound (--sided, --target) needs --level "
                                          "above 0.5");
    if (plan.targets && !(plan.opts.level > 0.5))
        tk_usage_error(&plan.common, "the verdicts of --targets use one-sided bounds: they need "
                                     "--level above 0.5");
    if (tk_wants_chart(&plan.common) && plan.common.nkeys == 0 && !plan.common.input.period)
        tk_usage_error(&plan.common, "a chart (--plot, --render) needs groups: give --by");
    /* with no group columns the only row already is the total */
    plan.opts.total = plan.opts.total && (plan.common.nkeys > 0 || plan.common.input.period);
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
    tk_free(&plan.common);
    return code;
}
