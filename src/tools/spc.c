/* spotcheck-spc — control charts of the rate over periods: the p chart with
 * varying n, and Laney's p′ chart for over-dispersed series.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"


typedef struct spc_plan {
    sc_common common; /* first, so that common options can be applied to the plan */
    sc_spc_chart chart;
    bool laney;
    double width;
    sc_rate_kind rate_kind; /* --rate */
} spc_plan;

static sc_status opt_sigma(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    double width = strtod(value, &end);
    if (end == value || *end || !(width > 0 && width <= 10))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--sigma \"%s\": give a number of sigmas above 0, at most 10", value);
    ((spc_plan *)plan)->width = width;
    return SC_OK;
}

#define PLAN(member) offsetof(spc_plan, member)

static const sc_opt spc_options[] = {
    {.name = "chart", .arg = "KIND", .kind = SC_OPT_CUSTOM, .apply = sc_tool_opt_spc_chart,
     .offset = PLAN(chart), .help = "p (default) or laney (Laney's p′ chart)"},
    {.name = "laney", .kind = SC_OPT_FLAG, .offset = PLAN(laney),
     .help = "the same as --chart laney"},
    {.name = "sigma", .arg = "L", .kind = SC_OPT_CUSTOM, .apply = opt_sigma,
     .help = "limits at L sigmas from the centre line (default 3)"},
    {.name = "rate", .arg = "WHICH", .kind = SC_OPT_CHOICE, .offset = PLAN(rate_kind),
     .choices = sc_rate_kind_names, .help = "pass (合格率, default) or fail (不合格率)"},
    {0},
};

static const sc_man_section spc_sections[] = {
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

static const sc_tool_info spc_info = {
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

typedef struct columns {
    size_t nby, period, n, passed, failed, rate, center, lcl, ucl, signal;
} columns;

static sc_status add_columns(const spc_plan *p, const sc_groups *g, sc_table *t, columns *c)
{
    c->nby = p->common.nby;
    sc_column_spec spec[] = {
        {&c->period, "period", "期间", SC_COL_STRING, true},
        {&c->n, "n", "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        /* the count beside an unqualified rate is the unqualified count */
        {&c->failed, "failed", "不合格", SC_COL_COUNT, p->rate_kind == SC_RATE_FAIL},
        {&c->rate, "rate", sc_rate_kind_get(p->rate_kind)->label_zh, SC_COL_PROPORTION, true},
        {&c->center, "center", "中心线", SC_COL_PROPORTION, true},
        {&c->lcl, "lcl", "下控制限", SC_COL_PROPORTION, true},
        {&c->ucl, "ucl", "上控制限", SC_COL_PROPORTION, true},
        {&c->signal, "signal", "信号", SC_COL_STRING, true},
    };
    return sc_columns_add(t, g, c->nby, spec, sizeof spec / sizeof spec[0]);
}

static const char *signal_text(const spc_plan *p, sc_spc_signal signal)
{
    static const char *const zh[] = {[SC_SPC_WITHIN] = "正常", [SC_SPC_ABOVE] = "偏高",
                                     [SC_SPC_BELOW] = "偏低"};
    if (signal == SC_SPC_NO_DATA)
        return NULL;
    return sc_tool_words_zh(&p->common) ? zh[signal] : sc_spc_signal_name(signal);
}

/* One series: its samples in time order, the chart, and a row per period. */
static sc_status fill_series(const spc_plan *p, const sc_groups *g, const sc_series_point *points,
                             size_t count, sc_table *t, const columns *c, sc_error *err)
{
    sc_spc_sample *samples = calloc(count ? count : 1, sizeof *samples);
    sc_spc_point *chart = calloc(count ? count : 1, sizeof *chart);
    if (!samples || !chart) {
        free(samples);
        free(chart);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t n = sc_groups_n(g, points[i].group), passed = sc_groups_passed(g, points[i].group);
        samples[i] = (sc_spc_sample){.n = n, .counted = sc_rate_counted(p->rate_kind, n, passed)};
    }
    sc_spc_summary summary;
    sc_status s = sc_spc_compute(samples, count, p->chart, p->width, &summary, chart);
    if (s == SC_EDOMAIN)
        s = SC_OK; /* too few points for limits: rates are shown, limits left empty */
    if (s != SC_OK)
        sc_error_set(err, s, NULL, 0, "control limits: %s", sc_strerror(s));
    for (size_t i = 0; s == SC_OK && i < count; i++) {
        size_t row;
        s = sc_table_add_row(t, &row);
        size_t group = points[i].group;
        for (size_t k = 0; s == SC_OK && k < c->nby; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(g, group, k));
        if (s != SC_OK)
            break;
        char period[SC_PERIOD_TEXT_MAX];
        sc_period_format(&points[i].period, sc_tool_words_zh(&p->common) ? SC_LANG_ZH : SC_LANG_EN,
                         period, sizeof period);
        sc_table_set_string(t, row, c->period, period);
        sc_table_set_count(t, row, c->n, samples[i].n);
        sc_table_set_count(t, row, c->passed, sc_groups_passed(g, group));
        if (c->failed != SC_NO_COLUMN)
            sc_table_set_count(t, row, c->failed, samples[i].counted);
        sc_table_set_rate(t, row, c->rate, samples[i].counted, samples[i].n);
        sc_table_set_double(t, row, c->center, summary.center);
        sc_table_set_double(t, row, c->lcl, chart[i].lower);
        sc_table_set_double(t, row, c->ucl, chart[i].upper);
        sc_table_set_string(t, row, c->signal, signal_text(p, chart[i].signal));
    }
    free(samples);
    free(chart);
    return s == SC_OK || err->message[0] ? s : sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
}

static sc_status draw(const spc_plan *p, const sc_table *t, const columns *c, sc_error *err)
{
    bool zh = p->common.output.lang == SC_LANG_ZH;
    sc_chart *chart = sc_chart_new(SC_CHART_CONTROL);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t label = c->period;
    sc_chart_data data = sc_chart_data_of(t);
    data.label = &label;
    data.nlabel = 1;
    data.value = c->rate;
    data.lower = c->lcl;
    data.upper = c->ucl;
    data.center = c->center;
    const char *which = sc_rate_kind_label(p->rate_kind, zh ? SC_LANG_ZH : SC_LANG_EN);
    char title[256], width[32];
    sc_format_decimal(p->width, -1, false, width, sizeof width);
    if (p->chart == SC_SPC_LANEY)
        snprintf(title, sizeof title, zh ? "%s Laney p′ 控制图（±%sσ）" : "Laney p′ chart of the %s (±%s sigma)",
                 which, width);
    else
        snprintf(title, sizeof title, zh ? "%s p 控制图（±%sσ）" : "p chart of the %s (±%s sigma)",
                 which, width);
    sc_status s = sc_chart_set_data(chart, &data, err);
    if (s == SC_OK)
        s = sc_chart_set_percent(chart, true);
    if (s == SC_OK)
        s = sc_chart_set_value_limits(chart, 0, 1);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, which);
    if (s == SC_OK)
        s = sc_tool_chart(&p->common, chart, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "chart: %s", sc_strerror(s));
    sc_chart_free(chart);
    return s;
}

static sc_status run(spc_plan *p, sc_error *err)
{
    sc_common *common = &p->common;
    sc_groups *g = sc_groups_new(common->nby + 1);
    sc_table *t = sc_table_new();
    sc_series_set series = {0};
    sc_status s = g && t ? SC_OK : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_read_stats stats;
    if (s == SC_OK)
        s = sc_tool_read(common, g, &stats, err);
    if (s == SC_OK)
        s = sc_series_split(g, common->nby, &series, err);
    if (s == SC_OK && sc_tool_wants_chart(common) && series.count > 1)
        s = sc_error_set(err, SC_EINVAL, NULL, 0,
                         "a control chart draws one series, and --by makes %zu: pick one with "
                         "--where",
                         series.count);
    columns c;
    if (s == SC_OK && add_columns(p, g, t, &c) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; s == SC_OK && i < series.count; i++)
        s = fill_series(p, g, series.points + series.start[i], series.start[i + 1] - series.start[i],
                        t, &c, err);
    if (s == SC_OK && sc_tool_wants_chart(common))
        s = draw(p, t, &c, err);
    if (s == SC_OK) {
        char width[32];
        sc_format_decimal(p->width, -1, false, width, sizeof width);
        sc_kv options[] = {
            {"chart", sc_spc_chart_get(p->chart)->name},
            {"sigma", width},
            {"rate", sc_rate_kind_names[p->rate_kind]},
        };
        sc_meta meta = sc_tool_meta(common, "spc", &stats, options,
                                    sizeof options / sizeof options[0]);
        sc_named_table table = {"rows", t};
        s = sc_tool_write(common, &table, 1, &meta, err);
    }
    sc_series_free(&series);
    sc_groups_free(g);
    sc_table_free(t);
    return s;
}

int main(int argc, char **argv)
{
    spc_plan plan = {.chart = SC_SPC_P, .width = SC_SPC_DEFAULT_WIDTH};
    sc_tool_parse(&spc_info, argc, argv, &plan.common, &plan);
    if (!plan.common.input.period)
        sc_tool_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (plan.laney)
        plan.chart = SC_SPC_LANEY;
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : sc_tool_fail(&plan.common, &err);
    sc_tool_free(&plan.common);
    return code;
}
