/* spotcheck — control charts over periods: the table and chart of
 * spotcheck spc (sc_spc_table, sc_spc_control_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h):
 *  1. Series in order of first appearance, periods in time order
 *     (sc_series_split); the limits of each series are its own
 *     (sc_spc_compute: centre p̄ = Σx/Σn over the series).
 *  2. A series too short for limits (SC_EDOMAIN) keeps its rates; its
 *     limits and signals are missing.  A period without batches has no
 *     signal.
 *  3. x is passed, or failed with the unqualified rate; the failed column is
 *     there only beside an unqualified rate.
 */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "spotcheck/output.h"
#include "spotcheck/series.h"

void sc_spc_opts_init(sc_spc_opts *opts)
{
    *opts = (sc_spc_opts){.chart = SC_SPC_P,
                          .width = SC_SPC_DEFAULT_WIDTH,
                          .kind = SC_RATE_PASS,
                          .lang = SC_LANG_EN,
                          .words = SC_LANG_EN};
}

static sc_status add_columns(const sc_spc_opts *o, const sc_groups *g, size_t nby, sc_table *t,
                             sc_spc_columns *c)
{
    c->nby = nby;
    sc_column_spec spec[] = {
        {&c->period, "period", "期间", SC_COL_STRING, true},
        {&c->n, "n", "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        /* the count beside an unqualified rate is the unqualified count */
        {&c->failed, "failed", "不合格", SC_COL_COUNT, o->kind == SC_RATE_FAIL},
        {&c->rate, "rate", sc_rate_kind_label(o->kind, SC_LANG_ZH), SC_COL_PROPORTION, true},
        {&c->center, "center", "中心线", SC_COL_PROPORTION, true},
        {&c->lcl, "lcl", "下控制限", SC_COL_PROPORTION, true},
        {&c->ucl, "ucl", "上控制限", SC_COL_PROPORTION, true},
        {&c->signal, "signal", "信号", SC_COL_STRING, true},
    };
    return sc_columns_add(t, g, nby, spec, sizeof spec / sizeof spec[0]);
}

static const char *signal_text(const sc_spc_opts *o, sc_spc_signal signal)
{
    static const char *const zh[] = {[SC_SPC_WITHIN] = "正常", [SC_SPC_ABOVE] = "偏高",
                                     [SC_SPC_BELOW] = "偏低"};
    if (signal == SC_SPC_NO_DATA)
        return NULL;
    return o->words == SC_LANG_ZH ? zh[signal] : sc_spc_signal_name(signal);
}

/* One series: its samples in time order, the limits, and a row per period. */
static sc_status fill_series(const sc_spc_opts *o, const sc_groups *g,
                             const sc_series_point *points, size_t count, sc_table *t,
                             const sc_spc_columns *c, sc_error *err)
{
    sc_spc_sample *samples = sc_calloc(count ? count : 1, sizeof *samples);
    sc_spc_point *limits = sc_calloc(count ? count : 1, sizeof *limits);
    if (!samples || !limits) {
        free(samples);
        free(limits);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t n = sc_groups_n(g, points[i].group), passed = sc_groups_passed(g, points[i].group);
        samples[i] = (sc_spc_sample){.n = n, .counted = sc_rate_counted(o->kind, n, passed)};
    }
    sc_spc_summary summary;
    sc_status s = sc_spc_compute(samples, count, o->chart, o->width, &summary, limits);
    if (s == SC_EDOMAIN)
        s = SC_OK; /* contract 2 */
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
        sc_period_format(&points[i].period, o->words, period, sizeof period);
        sc_table_set_string(t, row, c->period, period);
        sc_table_set_count(t, row, c->n, samples[i].n);
        sc_table_set_count(t, row, c->passed, sc_groups_passed(g, group));
        if (c->failed != SC_NO_COLUMN)
            sc_table_set_count(t, row, c->failed, samples[i].counted);
        sc_table_set_rate(t, row, c->rate, samples[i].counted, samples[i].n);
        sc_table_set_double(t, row, c->center, summary.center);
        sc_table_set_double(t, row, c->lcl, limits[i].lower);
        sc_table_set_double(t, row, c->ucl, limits[i].upper);
        sc_table_set_string(t, row, c->signal, signal_text(o, limits[i].signal));
    }
    free(samples);
    free(limits);
    return s == SC_OK || err->message[0] ? s : sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
}

sc_status sc_spc_table(const sc_groups *groups, size_t nby, const sc_spc_opts *opts,
                       sc_table **out, sc_spc_columns *cols, sc_error *err)
{
    *out = NULL;
    if (!groups || !opts || !cols)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "spc table: %s", sc_strerror(SC_EINVAL));
    sc_series_set series = {0};
    sc_table *t = sc_table_new();
    sc_status s = t ? sc_series_split(groups, nby, &series, err)
                    : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    cols->nseries = series.count;
    if (s == SC_OK && add_columns(opts, groups, nby, t, cols) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; s == SC_OK && i < series.count; i++)
        s = fill_series(opts, groups, series.points + series.start[i],
                        series.start[i + 1] - series.start[i], t, cols, err);
    sc_series_free(&series);
    if (s != SC_OK) {
        sc_table_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

sc_status sc_spc_control_chart(const sc_table *table, const sc_spc_columns *cols,
                               const sc_spc_opts *opts, sc_chart **out, sc_error *err)
{
    *out = NULL;
    if (cols->nseries > 1)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a control chart draws one series, and --by makes %zu: pick one "
                            "with --where",
                            cols->nseries);
    bool zh = opts->lang == SC_LANG_ZH;
    sc_chart *chart = sc_chart_new(SC_CHART_CONTROL);
    if (!chart)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t label = cols->period;
    sc_chart_data data = sc_chart_data_of(table);
    data.label = &label;
    data.nlabel = 1;
    data.value = cols->rate;
    data.lower = cols->lcl;
    data.upper = cols->ucl;
    data.center = cols->center;
    const char *which = sc_rate_kind_label(opts->kind, opts->lang);
    char title[256], width[32];
    sc_format_decimal(opts->width, -1, false, width, sizeof width);
    if (opts->chart == SC_SPC_LANEY)
        snprintf(title, sizeof title,
                 zh ? "%s Laney p′ 控制图（±%sσ）" : "Laney p′ chart of the %s (±%s sigma)", which,
                 width);
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
    return sca_chart_done(s, chart, out, err);
}
