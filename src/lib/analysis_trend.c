/* spotcheck — trends over periods: the tables and chart of spotcheck trend
 * (sc_trend_tables, sc_trend_chart).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h):
 *  1. Series in order of first appearance, periods in time order
 *     (sc_series_split); each period stands at its mid-year, so slopes are
 *     per year; slope_per_period scales by the periods' step.
 *  2. The fit goes through the model's registry row (sc_trend_models: its
 *     fit, whether it fits rates, whether its forecasts are clipped); a fit
 *     without numbers (its condition says why) leaves its cells empty.
 *  3. x is passed, or failed with the unqualified rate; the failed column is
 *     there only beside an unqualified rate.
 *  4. Each period's interval is Wilson's: spotcheck trend has no --method,
 *     and its output is fixed by the golden cases (docs/decisions.md).
 *  5. Nothing is printed: the conditions a reader must be told about are
 *     counted in the result, for the caller's notes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "spotcheck/output.h"
#include "spotcheck/series.h"

void sc_trend_opts_init(sc_trend_opts *opts)
{
    *opts = (sc_trend_opts){.model = SC_TREND_LOGISTIC,
                            .dispersion = SC_DISPERSION_AUTO,
                            .level = 0.95,
                            .kind = SC_RATE_PASS,
                            .target = NAN,
                            .lang = SC_LANG_EN,
                            .words = SC_LANG_EN};
}

void sc_trend_result_free(sc_trend_result *result)
{
    if (!result)
        return;
    sc_table_free(result->fits);
    sc_table_free(result->periods);
    result->fits = result->periods = NULL;
}

/* ---- tables ------------------------------------------------------------------------- */

static sc_status add_fit_columns(const sc_trend_opts *o, const sc_groups *g, size_t nby,
                                 sc_table *t, sc_trend_fit_columns *c)
{
    c->nby = nby;
    const sc_trend_model_info *info = sc_trend_model_get(o->model);
    bool rates = info->rates, logistic = o->model == SC_TREND_LOGISTIC;
    bool forecast = o->forecast_given;
    sc_col_type type = rates ? SC_COL_PROPORTION : SC_COL_REAL;
    sc_column_spec spec[] = {
        {&c->model, "model", "模型", SC_COL_STRING, true},
        {&c->condition, "condition", "拟合状态", SC_COL_STRING, true},
        {&c->periods, "periods", "期数", SC_COL_COUNT, true},
        {&c->slope, "slope", "年斜率", SC_COL_REAL, true},
        {&c->slope_lower, "slope_lower", "斜率下限", SC_COL_REAL, true},
        {&c->slope_upper, "slope_upper", "斜率上限", SC_COL_REAL, true},
        {&c->profile_lower, "profile_lower", "轮廓下限", SC_COL_REAL, logistic},
        {&c->profile_upper, "profile_upper", "轮廓上限", SC_COL_REAL, logistic},
        {&c->slope_per_period, "slope_per_period", "每期斜率", SC_COL_REAL, true},
        {&c->odds_ratio, "odds_ratio_per_year", "年比值比", SC_COL_REAL, logistic},
        {&c->p_value, "p_value", "p值", SC_COL_PVALUE, true},
        {&c->deviance, "deviance", "偏差", SC_COL_REAL, true},
        {&c->dispersion, "dispersion", "离散度", SC_COL_REAL, true},
        {&c->quasi, "quasi", "准二项", SC_COL_STRING, logistic},
        {&c->ca_statistic, "ca_statistic", "CA统计量", SC_COL_REAL, rates},
        {&c->ca_p_value, "ca_p_value", "CA p值", SC_COL_PVALUE, rates},
        {&c->forecast_period, "forecast_period", "预测期", SC_COL_STRING, forecast},
        {&c->forecast_rate, "forecast_rate", "预测值", type, forecast},
        {&c->forecast_lower, "forecast_lower", "预测下限", type, forecast},
        {&c->forecast_upper, "forecast_upper", "预测上限", type, forecast},
        {&c->target, "target", "目标", SC_COL_SETTING, o->targets != NULL},
        {&c->target_period, "target_period", "达标期", SC_COL_STRING,
         !isnan(o->target) || o->targets},
        {&c->by_period, "by_period", "目标期", SC_COL_STRING, o->targets != NULL},
        {&c->by_period_rate, "by_period_rate", "目标期拟合值", type, o->targets != NULL},
        {&c->by_period_lower, "by_period_lower", "目标期下限", type, o->targets != NULL},
        {&c->by_period_upper, "by_period_upper", "目标期上限", type, o->targets != NULL},
        {&c->verdict, "verdict", "判定", SC_COL_STRING, o->targets != NULL},
        {&c->target_label, "target_label", "指标", SC_COL_STRING, sca_has_labels(o->targets)},
    };
    return sc_columns_add(t, g, nby, spec, sizeof spec / sizeof spec[0]);
}

static sc_status add_period_columns(const sc_trend_opts *o, const sc_groups *g, size_t nby,
                                    sc_table *t, sc_trend_period_columns *c)
{
    c->nby = nby;
    bool rates = sc_trend_model_get(o->model)->rates;
    sc_column_spec spec[] = {
        {&c->period, "period", "期间", SC_COL_STRING, true},
        {&c->n, "n", rates ? "批次数" : "行数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, rates},
        /* contract 3 */
        {&c->failed, "failed", "不合格", SC_COL_COUNT, rates && o->kind == SC_RATE_FAIL},
        {&c->rate, rates ? "rate" : "value", rates ? sc_rate_kind_get(o->kind)->label_zh : "值",
         rates ? SC_COL_PROPORTION : SC_COL_REAL, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, rates},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, rates},
        {&c->fitted, "fitted", "拟合值", rates ? SC_COL_PROPORTION : SC_COL_REAL, true},
    };
    return sc_columns_add(t, g, nby, spec, sizeof spec / sizeof spec[0]);
}

static void set_double(sc_table *t, size_t row, size_t col, double value)
{
    if (col != SC_NO_COLUMN)
        sc_table_set_double(t, row, col, value);
}

static void set_string(sc_table *t, size_t row, size_t col, const char *value)
{
    if (col != SC_NO_COLUMN)
        sc_table_set_string(t, row, col, value);
}

/* ---- one series ------------------------------------------------------------------------ */

/* Contract 5: the count of a condition, and the first four groups by name. */
static void condition_add(sc_trend_result *r, sc_trend_condition condition, const sc_groups *g,
                          size_t group, size_t nby)
{
    char *names = r->condition_groups[condition];
    size_t size = sizeof r->condition_groups[condition], len = strlen(names);
    if (r->conditions[condition]++ >= 4 || nby == 0)
        return;
    for (size_t k = 0; k < nby && len < size; k++) {
        snprintf(names + len, size - len, "%s%s", k ? "/" : len ? ", " : "",
                 sc_groups_key(g, group, k));
        len = strlen(names);
    }
}

/* The fit of one series (contract 2); `fit` is left with condition and NaNs
 * when there is none. */
static sc_status fit_series(const sc_trend_opts *o, const sc_groups *g,
                            const sc_series_point *pts, size_t count, sc_trend_fit *fit,
                            sc_trend_ca *ca, sc_error *err)
{
    const sc_trend_model_info *info = sc_trend_model_get(o->model);
    sc_trend_point *points = sc_calloc(count ? count : 1, sizeof *points);
    double *x = sc_calloc(count ? count : 1, sizeof *x), *y = sc_calloc(count ? count : 1, sizeof *y);
    if (!points || !x || !y) {
        free(points), free(x), free(y);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        size_t group = pts[i].group;
        uint64_t n = sc_groups_n(g, group), passed = sc_groups_passed(g, group);
        points[i] = (sc_trend_point){.x = sc_period_mid_year(&pts[i].period),
                                     .n = n,
                                     .passed = sc_rate_counted(o->kind, n, passed)};
        x[i] = points[i].x;
        y[i] = n ? sc_groups_value_sum(g, group) / (double)n : NAN;
    }
    sc_status s = info->fit(points, x, y, count, o->level, o->dispersion, fit);
    if (s == SC_EDOMAIN)
        s = SC_OK; /* the condition says why there are no numbers */
    *ca = (sc_trend_ca){.statistic = NAN, .p_value = NAN};
    if (s == SC_OK && info->rates) {
        sc_status t = sc_trend_cochran_armitage(points, count, ca);
        if (t != SC_OK && t != SC_EDOMAIN)
            s = t;
    }
    free(points), free(x), free(y);
    return s == SC_OK ? SC_OK : sc_error_set(err, s, NULL, 0, "trend: %s", sc_strerror(s));
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* The period of `kind` whose mid-point first reaches x (x after `last`). */
static bool period_at(const sc_period *last, double x, sc_period *out)
{
    double step = sc_period_years_per_step(last->kind);
    double ahead = ceil((x - sc_period_mid_year(last)) / step - 1e-9);
    if (!(ahead >= 0) || ahead > 1e6)
        return false;
    return sc_period_add(last, (int64_t)ahead, out) == SC_OK;
}

/* The series' own target from the targets file (*own: target NaN when
 * none), its by_period columns and verdict. */
static sc_status series_target(const sc_trend_opts *o, const sc_groups *g, size_t group,
                               const sc_trend_fit *fit, bool fitted, const sc_period *last,
                               size_t row, sc_trend_result *r, sc_rate_target *own,
                               sc_error *err)
{
    const sc_trend_fit_columns *fc = &r->fit_cols;
    const sc_trend_model_info *info = sc_trend_model_get(o->model);
    sc_status s = sca_group_target(o->targets, g, g, fc->nby, group, o->kind, own, err);
    if (s != SC_OK)
        return s;
    if (isnan(own->target)) {
        r->no_target++;
        return SC_OK;
    }
    set_double(r->fits, row, fc->target, own->target);
    sca_label_cell(r->fits, row, fc->target_label, own);
    const sc_target_row *file_row = NULL;
    s = sc_targets_match_group(o->targets, g, fc->nby, group, &file_row, err);
    if (s != SC_OK || !file_row || !file_row->has_by_period)
        return s;
    sc_period when;
    char text[SC_PERIOD_TEXT_MAX];
    if (sc_period_last_within(&file_row->by_period, last->kind, &when) != SC_OK)
        return sc_error_set(err, SC_EDATA, sc_targets_name(o->targets), file_row->line,
                            "column \"by_period\": no period of the data's kind ends by it");
    sc_period_format(&when, o->words, text, sizeof text);
    set_string(r->fits, row, fc->by_period, text);
    sc_trend_forecast f;
    if (!fitted || sc_trend_predict(fit, sc_period_mid_year(&when), &f) != SC_OK)
        return SC_OK;
    bool clip = info->clip;
    double estimate = clip ? clamp01(f.estimate) : f.estimate;
    double lower = clip ? clamp01(f.lower) : f.lower, upper = clip ? clamp01(f.upper) : f.upper;
    set_double(r->fits, row, fc->by_period_rate, estimate);
    set_double(r->fits, row, fc->by_period_lower, lower);
    set_double(r->fits, row, fc->by_period_upper, upper);
    sc_verdict verdict = sca_interval_verdict(lower, upper, own->target, own->direction);
    set_string(r->fits, row, fc->verdict, sca_verdict_word(o->words, verdict));
    return SC_OK;
}

static sc_status fill_series(const sc_trend_opts *o, const sc_groups *g,
                             const sc_series_point *pts, size_t count, sc_trend_result *r,
                             sc_error *err)
{
    const sc_trend_model_info *info = sc_trend_model_get(o->model);
    const sc_trend_fit_columns *fc = &r->fit_cols;
    const sc_trend_period_columns *pc = &r->period_cols;
    sc_table *fits = r->fits, *periods = r->periods;
    sc_trend_fit fit;
    sc_trend_ca ca;
    sc_status s = fit_series(o, g, pts, count, &fit, &ca, err);
    if (s != SC_OK)
        return s;
    condition_add(r, fit.condition, g, pts[0].group, fc->nby);
    bool fitted = sc_trend_condition_has_numbers(fit.condition);
    size_t row;
    if ((s = sc_table_add_row(fits, &row)) != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    size_t group = pts[0].group;
    for (size_t k = 0; k < fc->nby; k++)
        sc_table_set_string(fits, row, k, sc_groups_key(g, group, k));
    sc_table_set_string(fits, row, fc->model, sc_word(o->words, info->entry.name));
    sc_table_set_string(fits, row, fc->condition,
                        sc_word(o->words, sc_trend_condition_name(fit.condition)));
    sc_table_set_count(fits, row, fc->periods, fit.points);
    set_double(fits, row, fc->slope, fit.slope);
    set_double(fits, row, fc->slope_lower, fit.slope_lower);
    set_double(fits, row, fc->slope_upper, fit.slope_upper);
    set_double(fits, row, fc->profile_lower, fit.profile_lower);
    set_double(fits, row, fc->profile_upper, fit.profile_upper);
    set_double(fits, row, fc->slope_per_period,
               fit.slope * sc_period_years_per_step(pts[count - 1].period.kind));
    set_double(fits, row, fc->odds_ratio, fit.odds_ratio);
    set_double(fits, row, fc->p_value, fit.p_value);
    set_double(fits, row, fc->deviance, fit.deviance);
    set_double(fits, row, fc->dispersion, fit.dispersion);
    if (fitted)
        set_string(fits, row, fc->quasi, sc_word(o->words, fit.quasi ? "yes" : "no"));
    set_double(fits, row, fc->ca_statistic, ca.statistic);
    set_double(fits, row, fc->ca_p_value, ca.p_value);
    const sc_period *last = &pts[count - 1].period;
    if (o->forecast_given) {
        char text[SC_PERIOD_TEXT_MAX];
        sc_period_format(&o->forecast, o->words, text, sizeof text);
        set_string(fits, row, fc->forecast_period, text);
        sc_trend_forecast f;
        if (fitted && sc_trend_predict(&fit, sc_period_mid_year(&o->forecast), &f) == SC_OK) {
            /* a straight line on rates leaves [0, 1] sooner or later: a rate cannot */
            bool clip = info->clip;
            r->forecast_present = true;
            r->forecast = clip ? clamp01(f.estimate) : f.estimate;
            r->forecast_lower = clip ? clamp01(f.lower) : f.lower;
            r->forecast_upper = clip ? clamp01(f.upper) : f.upper;
            snprintf(r->forecast_period, sizeof r->forecast_period, "%s", text);
            set_double(fits, row, fc->forecast_rate, r->forecast);
            set_double(fits, row, fc->forecast_lower, r->forecast_lower);
            set_double(fits, row, fc->forecast_upper, r->forecast_upper);
        }
    }
    double target = o->target;
    sc_target_kind kind = sc_rate_kind_get(o->kind)->target;
    if (o->targets) {
        sc_rate_target own;
        s = series_target(o, g, group, &fit, fitted, last, row, r, &own, err);
        if (s != SC_OK)
            return s;
        target = own.target;
        kind = own.direction;
    }
    if (!isnan(target) && fitted) {
        sc_trend_crossing crossing;
        s = sc_trend_target(&fit, target, kind, sc_period_mid_year(last), &crossing);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "--target %g: %s", target,
                                s == SC_EINVAL ? "a rate target must lie between 0 and 1"
                                               : sc_strerror(s));
        bool zh = o->words == SC_LANG_ZH;
        char text[SC_PERIOD_TEXT_MAX] = "";
        sc_period when;
        if (crossing.kind == SC_CROSSING_REACHED)
            snprintf(text, sizeof text, "%s", zh ? "已达到" : "already");
        else if (crossing.kind == SC_CROSSING_AT && period_at(last, crossing.x, &when))
            sc_period_format(&when, o->words, text, sizeof text);
        else
            snprintf(text, sizeof text, "%s", zh ? "不会达到" : "never");
        set_string(fits, row, fc->target_period, text);
    }
    for (size_t i = 0; i < count; i++) {
        size_t rr;
        if ((s = sc_table_add_row(periods, &rr)) != SC_OK)
            return sc_error_set(err, s, NULL, 0, "out of memory");
        size_t gi = pts[i].group;
        for (size_t k = 0; k < pc->nby; k++)
            sc_table_set_string(periods, rr, k, sc_groups_key(g, gi, k));
        char text[SC_PERIOD_TEXT_MAX];
        sc_period_format(&pts[i].period, o->words, text, sizeof text);
        sc_table_set_string(periods, rr, pc->period, text);
        uint64_t n = sc_groups_n(g, gi), passed = sc_groups_passed(g, gi);
        sc_table_set_count(periods, rr, pc->n, n);
        if (!info->rates)
            set_double(periods, rr, pc->rate, n ? sc_groups_value_sum(g, gi) / (double)n : NAN);
        else {
            sc_table_set_count(periods, rr, pc->passed, passed);
            if (pc->failed != SC_NO_COLUMN)
                sc_table_set_count(periods, rr, pc->failed, n - passed);
            /* contract 4: Wilson, as trend always wrote */
            uint64_t counted = sc_rate_counted(o->kind, n, passed);
            sc_interval ci;
            if (sc_prop_interval(counted, n, SC_CI_WILSON, o->level, SC_SIDED_TWO, &ci) ==
                SC_OK) {
                sc_table_set_rate(periods, rr, pc->rate, counted, n);
                set_double(periods, rr, pc->lower, ci.lower);
                set_double(periods, rr, pc->upper, ci.upper);
            }
        }
        sc_trend_forecast f;
        if (fitted && sc_trend_predict(&fit, sc_period_mid_year(&pts[i].period), &f) == SC_OK)
            set_double(periods, rr, pc->fitted, f.estimate);
    }
    return SC_OK;
}

sc_status sc_trend_tables(const sc_groups *groups, size_t nby, const sc_trend_opts *opts,
                          sc_trend_result *out, sc_error *err)
{
    if (out)
        *out = (sc_trend_result){.forecast = NAN, .forecast_lower = NAN, .forecast_upper = NAN};
    if (!groups || !opts || !out || !sc_trend_model_get(opts->model) ||
        !(opts->level > 0 && opts->level < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "trend tables: %s",
                            sc_strerror(SC_EINVAL));
    sc_series_set series = {0};
    out->fits = sc_table_new();
    out->periods = sc_table_new();
    sc_status s = out->fits && out->periods
                      ? sc_series_split(groups, nby, &series, err)
                      : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    out->nseries = series.count;
    if (s == SC_OK &&
        (add_fit_columns(opts, groups, nby, out->fits, &out->fit_cols) != SC_OK ||
         add_period_columns(opts, groups, nby, out->periods, &out->period_cols) != SC_OK))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = sca_check_target_keys(opts->targets, groups, nby, err);
    for (size_t i = 0; s == SC_OK && i < series.count; i++)
        s = fill_series(opts, groups, series.points + series.start[i],
                        series.start[i + 1] - series.start[i], out, err);
    sc_series_free(&series);
    return s;
}

/* ---- the chart ------------------------------------------------------------------------ */

/* The chart's table: the periods, and the forecast period with the fitted
 * value and its interval but no observed rate. */
static sc_table *chart_table(const sc_trend_result *r, bool rates)
{
    const sc_table *periods = r->periods;
    const sc_trend_period_columns *c = &r->period_cols;
    sc_col_type type = rates ? SC_COL_PROPORTION : SC_COL_REAL;
    if (!sc_table_complete(periods))
        return NULL; /* a period's text was lost for want of memory (table.c 5a) */
    sc_table *t = sc_table_new();
    if (!t || sc_table_add_column(t, "period", "期间", SC_COL_STRING) != SC_OK ||
        sc_table_add_column(t, sc_table_column_name(periods, c->rate),
                            sc_table_column_label_zh(periods, c->rate), type) != SC_OK ||
        sc_table_add_column(t, "lower", "下限", type) != SC_OK ||
        sc_table_add_column(t, "upper", "上限", type) != SC_OK ||
        sc_table_add_column(t, "fitted", "拟合值", type) != SC_OK ||
        sc_table_add_column(t, "x", NULL, SC_COL_REAL) != SC_OK) {
        sc_table_free(t);
        return NULL;
    }
    size_t rows = sc_table_rows(periods);
    for (size_t i = 0; i <= rows; i++) {
        if (i == rows && !r->forecast_present)
            break;
        size_t row;
        if (sc_table_add_row(t, &row) != SC_OK) {
            sc_table_free(t);
            return NULL;
        }
        /* the period's place in time, so that a forecast beyond a gap stands apart */
        const char *text =
            i == rows ? r->forecast_period : sc_table_get_string(periods, i, c->period);
        sc_period period;
        if (sc_period_parse(text, strlen(text), &period, NULL) == SC_OK)
            sc_table_set_double(t, row, 5, sc_period_mid_year(&period));
        if (i == rows) { /* the fitted line reaches it; its interval is drawn apart */
            sc_table_set_string(t, row, 0, r->forecast_period);
            sc_table_set_double(t, row, 4, r->forecast);
            continue;
        }
        sc_table_set_string(t, row, 0, sc_table_get_string(periods, i, c->period));
        sc_table_set_double(t, row, 1, sc_table_get_double(periods, i, c->rate));
        if (c->lower != SC_NO_COLUMN) {
            sc_table_set_double(t, row, 2, sc_table_get_double(periods, i, c->lower));
            sc_table_set_double(t, row, 3, sc_table_get_double(periods, i, c->upper));
        }
        sc_table_set_double(t, row, 4, sc_table_get_double(periods, i, c->fitted));
    }
    return t;
}

sc_status sc_trend_chart(const sc_trend_result *result, const sc_trend_opts *opts,
                         sc_chart **out, sc_error *err)
{
    *out = NULL;
    if (!result || !opts || !result->periods || !sc_trend_model_get(opts->model))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "trend chart: %s", sc_strerror(SC_EINVAL));
    if (result->nseries > 1)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a trend chart draws one series, and --by makes %zu: pick one with "
                            "--where",
                            result->nseries);
    const sc_table *periods = result->periods;
    const sc_trend_period_columns *c = &result->period_cols;
    bool zh = opts->lang == SC_LANG_ZH;
    bool rates = sc_trend_model_get(opts->model)->rates;
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    sc_table *t = chart_table(result, rates);
    if (!chart || !t) {
        sc_chart_free(chart);
        sc_table_free(t);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    size_t label = 0;
    sc_chart_data data = sc_chart_data_of(t);
    data.label = &label;
    data.nlabel = 1;
    data.value = 1;
    data.center = 4;
    data.x = 5;
    if (rates) { /* each period's own interval; the forecast's is drawn apart */
        data.lower = 2;
        data.upper = 3;
    }
    const char *which = !rates ? (zh ? "数值" : "value") : sc_rate_kind_label(opts->kind, opts->lang);
    char title[256];
    const char *model = sc_word(opts->lang, sc_trend_model_get(opts->model)->entry.name);
    if (result->conditions[SC_TREND_SATURATED] > 0) /* T9: the reader of the chart must see it */
        snprintf(title, sizeof title,
                 zh ? "%s的趋势（%s；仅两期，无法估计超离散）"
                    : "Trend of the %s (%s model; two periods: over-dispersion not estimable)",
                 which, model);
    else
        snprintf(title, sizeof title, zh ? "%s的趋势（%s）" : "Trend of the %s (%s model)", which,
                 model);
    sc_status s = sc_chart_set_data(chart, &data, err);
    /* missing periods (2019 and 2020 of the national series) break the line */
    size_t nperiods = sc_table_rows(periods);
    if (s == SC_OK && nperiods > 0) {
        const char *text = sc_table_get_string(periods, 0, c->period);
        sc_period first;
        if (sc_period_parse(text, strlen(text), &first, NULL) == SC_OK)
            s = sc_chart_set_x_step(chart, sc_period_years_per_step(first.kind));
    }
    if (s == SC_OK && result->forecast_present) {
        sc_period when;
        if (sc_period_parse(result->forecast_period, strlen(result->forecast_period), &when,
                            NULL) == SC_OK)
            s = sc_chart_set_forecast(chart, sc_period_mid_year(&when), result->forecast,
                                      result->forecast_lower, result->forecast_upper);
    }
    char level[32], key_interval[128], key_forecast[160];
    sc_format_decimal(opts->level, -1, true, level, sizeof level);
    snprintf(key_interval, sizeof key_interval,
             zh ? "各期%s%s%%置信区间" : "%s%% interval of each period", zh ? which : level,
             zh ? level : "");
    snprintf(key_forecast, sizeof key_forecast,
             zh ? "%s预测值及%s%%区间" : "forecast for %s with its %s%% interval",
             result->forecast_period, level);
    if (s == SC_OK && rates)
        s = sc_chart_set_percent(chart, true);
    if (s == SC_OK && rates)
        s = sc_chart_set_value_limits(chart, 0, 1);
    if (s == SC_OK && !isnan(opts->target))
        s = sc_chart_set_target(chart, opts->target);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, which);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_CENTER, zh ? "拟合趋势" : "fitted trend");
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_INTERVAL, key_interval);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_FORECAST, key_forecast);
    sc_table_free(t); /* the chart holds a copy */
    return sca_chart_done(s, chart, out, err);
}
