/* spotcheck-spc — control charts of the rate over periods: the p chart with
 * varying n, and Laney's p′ chart for over-dispersed series.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "tool.h"


typedef struct spc_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    sc_spc_opts opts; /* what the library's sc_spc_table takes */
    bool laney;
} spc_plan;

static sc_status opt_sigma(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    double width = strtod(value, &end);
    if (end == value || *end || !(width > 0 && width <= 10))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--sigma \"%s\": give a number of sigmas above 0, at most 10", value);
    ((spc_plan *)plan)->opts.width = width;
    return SC_OK;
}

#define PLAN(member) offsetof(spc_plan, member)

static const tk_opt spc_options[] = {
    {.name = "chart", .arg = "KIND", .kind = TK_OPT_NAME, .registry = &sc_spc_charts,
     .offset = PLAN(opts.chart), .help = "p (default) or laney (Laney's p′ chart)"},
    {.name = "laney", .kind = TK_OPT_FLAG, .offset = PLAN(laney),
     .help = "the same as --chart laney"},
    {.name = "sigma", .arg = "L", .kind = TK_OPT_CUSTOM, .apply = opt_sigma,
     .help = "limits at L sigmas from the centre line (default 3)"},
    TK_OPT_RATE(PLAN(opts.kind)),
    {0},
};

static const tk_man_section spc_sections[] = {
    {"STATISTICS",
     "The p chart (Montgomery, Introduction to Statistical Quality Control, 7.2.2): the "
     "centre line is the pooled rate pbar = sum x / sum n over all periods, and each "
     "period's limits are pbar -+ L sqrt(pbar (1 - pbar) / n_i), clipped to [0, 1]; they "
     "step with n_i.  A period is a signal (above or below) when its rate lies strictly "
     "outside its limits.\n"
     "\n"
     "Laney's p′ chart (Laney 2002, Quality Engineering 14:531-537) widens the p chart's "
     "limits by sigma_z, the variation of the periods beyond the binomial: z_i = (p_i - "
     "pbar) / sqrt(pbar (1 - pbar) / n_i), sigma_z = mean moving range of consecutive z_i "
     "/ 1.128, limits pbar -+ L sigma_z sqrt(pbar (1 - pbar) / n_i).  The periods are taken "
     "in time order; a period without batches draws no point and its neighbours' moving "
     "range bridges it.  sigma_z below 1 makes the p′ limits narrower than the p chart's, "
     "as Laney defines them."},
    {"WHY LANEY",
     "With tens of thousands of batches a period, the binomial limits of the p chart are "
     "very narrow, while real rates move from year to year for reasons that have nothing to "
     "do with sampling error (which products are sampled, how the programme is run).  The "
     "national supervision sampling series shows it: 2018 (2952 unqualified of 28771 "
     "batches), 2021 (3120/25636), 2022 (1827/19440), 2023 (3476/28265) and 2024 "
     "(3601/25250).  The p chart's limits lie about 0.6 percentage points from the "
     "centre line (11.76%), so it flags 2018 and 2022 below and 2024 above, and every year "
     "lies more than 2 binomial sigmas away.  The years' z-scores move by about 11 from one "
     "year to the next, so sigma_z = 9.9 and Laney's limits lie about 6 points from the "
     "centre: no year is a signal.  The p chart says every year is special; the p′ chart "
     "says the series varies as it usually does, which is the useful answer.\n"
     "\n"
     "  spotcheck spc --n 抽查批次 --fail 不合格批次 --period 年度 --rate fail --laney \\\n"
     "      --skip-bad datasets/real/national_annual.csv\n"
     "\n"
     "(--skip-bad leaves out the years whose counts were not published.)"},
    {"OUTPUT",
     "Columns: the group columns, period, n, passed, (with --rate fail) failed, rate, "
     "center, lcl, ucl, signal (above, "
     "below, within; empty where there are no limits: a period without batches, or every "
     "period of a Laney chart with fewer than two periods).  The chart (--plot, --render) "
     "draws one series, with its step limits, the centre line and the signals marked; give "
     "--where to pick one group when --by makes several."},
    {"EXAMPLES",
     "Quarterly p chart of the demo data, and Laney's chart of one province:\n"
     "\n"
     "  spotcheck spc --result 检验结论 --period 季度 --format table datasets/demo/records.csv\n"
     "  spotcheck spc --result 检验结论 --period 季度 --laney --where 省份=甘肃省 \\\n"
     "      --render gansu.png datasets/demo/records.csv"},
    {0},
};

static const tk_tool spc_info = {
    .name = "spc",
    .summary = "control charts of the rate over periods: p chart and Laney's p′ chart",
    .description =
        "spotcheck spc draws the pass rate (or unqualified rate) of each period against "
        "control limits, to tell the periods that stand out from the ordinary variation of "
        "the series: the p chart with limits that follow each period's number of batches, "
        "and Laney's p′ chart, which allows for the variation between periods that large "
        "samples make visible.",
    .options = spc_options,
    .sections = spc_sections,
};

static sc_status run(spc_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_spc_opts *o = &p->opts;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_groups *g = sc_groups_new(common->nby + 1);
    if (!g)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_table *t = NULL;
    sc_spc_columns c;
    sc_read_stats stats;
    sc_status s = tk_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_spc_table(g, common->nby, o, &t, &c, err);
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_spc_control_chart(t, &c, o, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        char width[32];
        sc_format_decimal(o->width, -1, false, width, sizeof width);
        sc_kv options[] = {
            {"chart", sc_spc_chart_get(o->chart)->entry.name},
            {"sigma", width},
            {"rate", sc_rate_kind_names[o->kind]},
        };
        sc_meta meta = tk_meta(common, "spc", &stats, options,
                                    sizeof options / sizeof options[0]);
        sc_named_table table = {"rows", t};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_groups_free(g);
    sc_table_free(t);
    return s;
}

int main(int argc, char **argv)
{
    spc_plan plan = {0};
    sc_spc_opts_init(&plan.opts);
    tk_parse(&spc_info, argc, argv, &plan.common, &plan);
    if (!plan.common.input.period)
        tk_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (plan.laney)
        plan.opts.chart = SC_SPC_LANEY;
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
    tk_free(&plan.common);
    return code;
}
