/* spotcheck-check — consistency checks of published tables: counts that do
 * not add up, rates that the counts do not round to, totals that are not
 * the sum of their parts, changes that do not match the rates.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "spotcheck/check.h"
#include "tool.h"

typedef struct check_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    sc_check_opts opts;
    const char *rate_column, *change_column, *baseline_column;
    char **within;
    size_t nwithin;
    const char **total_labels;
    size_t ntotal_labels;
} check_plan;

static sc_status opt_within(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    check_plan *p = plan;
    for (const char *start = value;; start++) {
        const char *end = strchr(start, ',');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        if (len == 0)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--within \"%s\": empty column name",
                                value);
        char **within = realloc(p->within, (p->nwithin + 1) * sizeof *within);
        if (!within || !(within[p->nwithin] = strndup(start, len)))
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        p->within = within;
        p->nwithin++;
        if (!end)
            return SC_OK;
        start = end;
    }
}

static sc_status opt_total_row(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    check_plan *p = plan;
    if (!value[strspn(value, " \t")])
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--total-row: the label is empty");
    const char **labels = realloc(p->total_labels, (p->ntotal_labels + 1) * sizeof *labels);
    if (!labels)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    labels[p->ntotal_labels++] = value;
    p->total_labels = labels;
    return SC_OK;
}

#define PLAN(member) offsetof(check_plan, member)

static const tk_opt check_options[] = {
    {.name = "printed-rate", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(rate_column),
     .help = "column holding the printed rate (95.3, 95.3% or 0.953; its decimals are read from "
             "the text): the pass rate, or with --rate fail the unqualified rate"},
    TK_OPT_RATE(PLAN(opts.kind)),
    {.name = "printed-change", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(change_column),
     .help = "column holding a printed change of the rate (percentage points for percentages), "
             "checked against --baseline-rate, or without it against the previous row's rate"},
    {.name = "baseline-rate", .arg = "COL", .kind = TK_OPT_STRING,
     .offset = PLAN(baseline_column),
     .help = "column holding the printed rate of the period the change is against"},
    {.name = "total-row", .arg = "LABEL", .kind = TK_OPT_CUSTOM, .apply = opt_total_row,
     .repeatable = true,
     .help = "a row whose label (--by cell, or first column) is LABEL is a total row; "
             "repeatable; replaces the default labels 合计, 总计, 小计, 共计, 全部, 总体, Total, "
             "Subtotal, Grand total, All"},
    {.name = "within", .arg = "COLS", .kind = TK_OPT_CUSTOM, .apply = opt_within,
     .help = "comma-separated columns naming blocks: each block's rows are summed against its "
             "own total row"},
    {.name = "scale", .arg = "SCALE", .kind = TK_OPT_CHOICE, .offset = PLAN(opts.scale),
     .choices = sc_check_scale_names,
     .help = "printed rates without a % sign are percent, fraction, or auto (default: "
             "percentages when a value is above 1, else fractions)"},
    {0},
};

static const tk_man_section check_sections[] = {
    {"CHECKS",
     "Each finding is one row: where it is (file, line, the row's labels), the check, the "
     "column, what is printed, what the other numbers imply, a severity and a note.\n"
     "\n"
     "counts: n is not passed + failed (all three columns given).  count: a count that is not "
     "a whole number, is negative, or is above n.  rate: the printed rate is not the counts' "
     "rate rounded half-up (四舍五入) to the printed decimals; the note says whether "
     "truncation, round-half-even or the other rate (unqualified for pass, pass for "
     "unqualified) gives the printed value, the usual causes.  A rate that a rounding rule "
     "explains is a warning, every other finding an error.  total: a count of a total row "
     "that is not the sum of the other rows of its block.  total-rate: a total row's rate "
     "that is not the pooled rate of its parts (checked when the total row's own counts are "
     "missing or differ from the sums).  change: a printed change farther from the "
     "difference of the two printed rates than their printed decimals allow (each printed "
     "number may be off by half a unit of its last digit).  impossible-rate: a row with n and "
     "a rate but no counts whose rate no whole count gives; the implied cell shows the two "
     "nearest rates that can be printed.  range: for such a row with a possible rate, the "
     "counts that give it (info, not a finding).\n"
     "\n"
     "Every comparison is exact decimal arithmetic on the printed text: 31 of 34 is "
     "91.176...%, printed 91.18 when rounded and 91.17 when truncated; 3.0 has one decimal "
     "and 3 none.  The counted batches of a rate are its own column (--pass for the pass "
     "rate, --fail for the unqualified rate), else n minus the other count."},
    {"TOTAL ROWS AND BLOCKS",
     "A row is a total row when a --by cell (without --by, the first column, unless it holds "
     "a count or rate) is a total label: 合计, 总计, 小计, 共计, 全部, 总体, Total, Subtotal, "
     "Grand total or All (spaces and ASCII case ignored), or one given with --total-row.  "
     "Without --within the rows of each file are one block; with --within each set of rows "
     "with equal --within cells is a block with its own total row (a table of regions with a "
     "合计 per province: --within 省份).  A column is summed only when every part prints a "
     "count in it."},
    {"OUTPUT",
     "Columns: file, line, the --within and label columns (named as in the input), check, "
     "column, printed, implied, severity (error, warning, info), note.  With --lang zh and "
     "a human format (table, md) the check, severity and note are Chinese.  A consistent "
     "table gives the header only.  JSON meta counts errors, warnings and infos."},
    {"EXAMPLES",
     "The 2019 H2 food table (35 categories): consistent, exit status 0:\n"
     "\n"
     "  spotcheck check --n 抽检批次 --pass 合格批次 --fail 不合格批次 \\\n"
     "      --printed-rate 公布不合格率 --rate fail datasets/real/food_2019h2.csv\n"
     "\n"
     "National pass rates printed without counts: the range of unqualified batches each "
     "printed rate allows, and the printed changes against the previous year:\n"
     "\n"
     "  spotcheck check --n 抽查批次 --printed-rate 合格率 --printed-change 合格率较上年_公布 \\\n"
     "      --by 年度 --format table datasets/real/national_annual.csv"},
    {0},
};

/* every cell is text as printed or implied: nothing to round or scale */
static const char *const check_not_taken[] = {"digits", "rounding", "percent", NULL};

static const tk_tool check_info = {
    .name = "check",
    .summary = "consistency checks of published tables: counts, rates, totals, changes",
    .description =
        "spotcheck check reads a table as a bulletin prints it and reports where its numbers "
        "do not agree with each other: counts that do not add up, rates that are not the "
        "counts rounded to the printed digits (truncated, rounded half-even, or the other "
        "rate), parts that do not sum to their total row, changes that are not the "
        "difference of the rates; for rows that print only n and a rate, the counts that "
        "rate allows.  Like cmp(1) its exit status says whether the table is consistent.",
    .options = check_options,
    .sections = check_sections,
    .input = TK_INPUT_TABLE,
    .no_chart = true,
    .not_taken = check_not_taken,
    .exit_one = "findings: the table is not consistent (errors or warnings; info rows alone "
                "give 0)",
};

static sc_status run(check_plan *p, int *findings, sc_error *err)
{
    tk_common *common = &p->common;
    sc_check_spec spec = {
        .csv = common->input.csv,
        .columns = {[SC_CHECK_N] = common->input.n,
                    [SC_CHECK_PASSED] = common->input.pass,
                    [SC_CHECK_FAILED] = common->input.fail,
                    [SC_CHECK_RATE] = p->rate_column,
                    [SC_CHECK_CHANGE] = p->change_column,
                    [SC_CHECK_BASELINE] = p->baseline_column},
        .by = (const char *const *)common->keys,
        .nby = common->nby,
        .within = (const char *const *)p->within,
        .nwithin = p->nwithin,
    };
    p->opts.total_labels = p->total_labels;
    p->opts.ntotal_labels = p->ntotal_labels;
    p->opts.lang = common->output.lang;
    p->opts.words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_check_input *input = NULL;
    sc_table *t = NULL;
    sc_check_summary summary;
    sc_status s = sc_check_read(&spec, common->files, common->nfiles, &input, err);
    if (s == SC_OK)
        s = sc_check_table(input, &p->opts, &t, &summary, err);
    if (s == SC_OK && summary.guessed_fraction)
        tk_note(common, "read the rates of %s as fractions (none is above 1): give --scale "
                        "percent if they are percentages",
                input->column_names[SC_CHECK_RATE] ? input->column_names[SC_CHECK_RATE]
                                                   : input->column_names[SC_CHECK_BASELINE]);
    if (s == SC_OK) {
        sc_read_stats stats = {.rows_read = summary.rows, .rows_used = summary.rows};
        sc_kv options[] = {
            {"rate", sc_rate_kind_names[p->opts.kind]},
            {"scale", summary.percent ? "percent" : "fraction"},
        };
        sc_meta_count counts[] = {
            {"total_rows", summary.total_rows}, {"blocks_summed", summary.blocks},
            {"errors", summary.errors},         {"warnings", summary.warnings},
            {"infos", summary.infos},
        };
        sc_meta meta = tk_meta(common, "check", &stats, options,
                               sizeof options / sizeof options[0]);
        meta.counts = counts;
        meta.n_counts = sizeof counts / sizeof counts[0];
        sc_named_table table = {"findings", t};
        s = tk_write(common, &table, 1, &meta, err);
        *findings = summary.errors + summary.warnings > 0;
    }
    sc_check_input_free(input);
    sc_table_free(t);
    return s;
}

int main(int argc, char **argv)
{
    check_plan plan = {0};
    sc_check_opts_init(&plan.opts);
    tk_parse(&check_info, argc, argv, &plan.common, &plan);
    tk_common *common = &plan.common;
    if (!common->input.n && !common->input.pass && !common->input.fail && !plan.rate_column)
        tk_usage_error(common, "nothing to check: give --n, --pass, --fail or --printed-rate");
    if (plan.change_column && !plan.rate_column)
        tk_usage_error(common, "--printed-change needs --printed-rate COL: the rate it is a "
                               "change of");
    if (plan.baseline_column && !plan.change_column)
        tk_usage_error(common, "--baseline-rate goes with --printed-change");
    sc_error err;
    sc_error_clear(&err);
    int findings = 0;
    int code = run(&plan, &findings, &err) == SC_OK ? findings : tk_fail(common, &err);
    for (size_t i = 0; i < plan.nwithin; i++)
        free(plan.within[i]);
    free(plan.within);
    free(plan.total_labels);
    tk_free(common);
    return code;
}
