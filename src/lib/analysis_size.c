/* spotcheck — the analysis of spotcheck plan --margin and --target: sample
 * sizes for a pass rate (sampling_size.c, contract S11-S13 of
 * include/spotcheck/sampling.h) as a table, and the power curve against n.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>

#include "analysis_internal.h"

void sc_size_opts_init(sc_size_opts *opts)
{
    *opts = (sc_size_opts){.kind = SC_RATE_PASS,
                           .expected = NAN,
                           .margin = NAN,
                           .target = NAN,
                           .change = NAN,
                           .diff_method = SC_DIFF_NEWCOMBE,
                           .power = 0.80,
                           .method = SC_CI_WILSON,
                           .level = 0.95,
                           .lang = SC_LANG_EN,
                           .words = SC_LANG_EN};
}

void sc_size_result_free(sc_size_result *result)
{
    if (!result)
        return;
    sc_table_free(result->table);
    result->table = NULL;
}

typedef struct size_column {
    const char *name, *zh;
    sc_col_type type;
} size_column;

static const size_column margin_columns[] = {
    {"rate", "率", SC_COL_STRING},           {"expected", "预期率", SC_COL_SETTING},
    {"margin", "允许误差", SC_COL_SETTING},  {"method", "方法", SC_COL_STRING},
    {"level", "置信水平", SC_COL_SETTING},   {"population", "总体量", SC_COL_COUNT},
    {"n", "样本量", SC_COL_COUNT},           {"n_population", "有限总体样本量", SC_COL_COUNT},
    {"lower", "下限", SC_COL_PROPORTION},    {"upper", "上限", SC_COL_PROPORTION},
    {"half_width", "半宽", SC_COL_PROPORTION},
};

static const size_column power_columns[] = {
    {"rate", "率", SC_COL_STRING},             {"expected", "预期率", SC_COL_SETTING},
    {"target", "目标", SC_COL_SETTING},        {"method", "方法", SC_COL_STRING},
    {"level", "置信水平", SC_COL_SETTING},     {"power_wanted", "要求把握度", SC_COL_SETTING},
    {"n", "样本量", SC_COL_COUNT},             {"x_needed", "所需批次数", SC_COL_COUNT},
    {"power", "把握度", SC_COL_PROPORTION},
};

static const size_column change_columns[] = {
    {"rate", "率", SC_COL_STRING},
    {"baseline", "基期预期率", SC_COL_SETTING},
    {"change", "变化", SC_COL_POINTS},
    {"current", "本期预期率", SC_COL_SETTING},
    {"method", "方法", SC_COL_STRING},
    {"level", "置信水平", SC_COL_SETTING},
    {"power_wanted", "要求把握度", SC_COL_SETTING},
    {"n", "每期样本量", SC_COL_COUNT},
    {"power", "把握度", SC_COL_PROPORTION},
    {"n_normal", "正态近似样本量", SC_COL_COUNT},
    {"power_at_n_normal", "正态近似样本量的把握度", SC_COL_PROPORTION},
};

/* The rate after the change, to 12 decimals: 0.90 and 5 points make 0.95,
 * not the double next to it. */
static double rate_after(const sc_size_opts *o)
{
    return nearbyint((o->expected + o->change) * 1e12) / 1e12;
}

/* S14, S15: the change question's row. */
static sc_status change_table(const sc_size_opts *o, sc_size_result *r, sc_error *err)
{
    const sc_rate_kind_info *kind = sc_rate_kind_get(o->kind);
    const sc_diff_method_info *method = sc_diff_method_get(o->diff_method);
    if (!kind || !method)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown rate kind or method");
    double current = rate_after(o);
    if (!(o->expected > 0 && o->expected < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--expected %g: the baseline rate lies strictly between 0 and 1",
                            o->expected);
    if (!(current > 0 && current < 1) || o->change == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--change %g: from %g the rate would be %g; a change to detect "
                            "leaves the rate strictly between 0 and 1 and is not 0",
                            100 * o->change, o->expected, current);
    sc_status s = sc_size_for_change(o->expected, current, o->diff_method, o->level, o->power,
                                     &r->n, &r->power, err);
    if (s == SC_OK)
        s = sc_size_normal_change(o->expected, current, o->level, o->power, &r->n_normal, err);
    uint64_t n_normal = (uint64_t)ceil(r->n_normal - 1e-9);
    if (s == SC_OK)
        s = sc_power_change(n_normal, o->expected, current, o->diff_method, o->level,
                            &r->power_normal, err);
    if (s != SC_OK)
        return s;
    r->n_population = r->n;
    sc_table *t = r->table = sc_table_new();
    if (!t)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t ncols = sizeof change_columns / sizeof change_columns[0];
    for (size_t c = 0; c < ncols && s == SC_OK; c++)
        s = sc_table_add_column(t, change_columns[c].name, change_columns[c].zh,
                                change_columns[c].type);
    size_t row = 0, c = 0;
    if (s == SC_OK)
        s = sc_table_add_row(t, &row);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c++,
                                o->words == SC_LANG_ZH ? kind->label_zh : kind->name);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->expected);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->change);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, current);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c++, sc_word(o->words, method->entry.name));
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->level);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->power);
    if (s == SC_OK)
        s = sc_table_set_count(t, row, c++, r->n);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, r->power);
    if (s == SC_OK)
        s = sc_table_set_count(t, row, c++, n_normal);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, r->power_normal);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    return SC_OK;
}

sc_status sc_size_table(const sc_size_opts *o, sc_size_result *r, sc_error *err)
{
    if (!o || !r)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options or no result");
    *r = (sc_size_result){.power = NAN, .n_normal = NAN, .power_normal = NAN};
    bool by_margin = !isnan(o->margin), by_power = !isnan(o->target);
    bool by_change = !isnan(o->change);
    if (by_margin + by_power + by_change != 1)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "give --margin E (an interval's half-width), --target P with "
                            "--power (a target verdict) or --change D (a change between two "
                            "periods), one of them");
    if (by_change)
        return change_table(o, r, err);
    const sc_rate_kind_info *kind = sc_rate_kind_get(o->kind);
    const char *method = sc_ci_method_get(o->method) ? sc_ci_method_get(o->method)->entry.name : NULL;
    if (!kind || !method)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown rate kind or method");
    sc_status s;
    if (by_margin) {
        s = sc_size_for_margin(o->expected, o->margin, o->method, o->level, &r->n, &r->at, err);
        r->n_population = sc_size_finite(r->n, o->population);
    } else {
        if (!(o->target > 0 && o->target < 1))
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--target: give a rate in (0, 1)");
        s = sc_size_for_power(o->expected, o->target, kind->target, o->method, o->level,
                              o->power, &r->n, &r->power, &r->x_needed, err);
        r->n_population = r->n;
    }
    if (s != SC_OK)
        return s;
    const size_column *cols = by_margin ? margin_columns : power_columns;
    size_t ncols = by_margin ? sizeof margin_columns / sizeof margin_columns[0]
                             : sizeof power_columns / sizeof power_columns[0];
    sc_table *t = r->table = sc_table_new();
    if (!t)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t c = 0; c < ncols && s == SC_OK; c++)
        s = sc_table_add_column(t, cols[c].name, cols[c].zh, cols[c].type);
    size_t row = 0;
    if (s == SC_OK)
        s = sc_table_add_row(t, &row);
    size_t c = 0;
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c++,
                                o->words == SC_LANG_ZH ? kind->label_zh : kind->name);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->expected);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, by_margin ? o->margin : o->target);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c++, sc_word(o->words, method));
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->level);
    if (by_margin) {
        if (s == SC_OK && o->population)
            s = sc_table_set_count(t, row, c, o->population);
        c++;
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->n);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->n_population);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, r->at.lower);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, r->at.upper);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, (r->at.upper - r->at.lower) / 2);
    } else {
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, o->power);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->n);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->x_needed);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, r->power);
    }
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    return SC_OK;
}

sc_status sc_size_chart(const sc_size_opts *o, const sc_size_result *r, sc_chart **out,
                        sc_error *err)
{
    if (!o || !r || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options, result or chart");
    *out = NULL;
    bool by_change = !isnan(o->change);
    if (isnan(o->target) && !by_change)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "the chart is the power curve: it goes with --target or --change");
    const sc_rate_kind_info *kind = sc_rate_kind_get(o->kind);
    bool zh = o->lang == SC_LANG_ZH;
    uint64_t first = r->n / 4 > 0 ? r->n / 4 : 1, last = 2 * r->n;
    if (by_change && last > SC_CHANGE_N_MAX)
        last = SC_CHANGE_N_MAX;
    uint64_t step = (last - first) / 200 + 1;
    sc_table *t = sc_table_new();
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    const char *power_name = zh ? "把握度" : "power";
    sc_status s = t && chart ? SC_OK : SC_ENOMEM;
    if (s == SC_OK)
        s = sc_table_add_column(t, "n", zh ? "每组样本量 n" : "sample size n", SC_COL_REAL);
    if (s == SC_OK)
        s = sc_table_add_column(t, power_name, power_name, SC_COL_PROPORTION);
    for (uint64_t k = first; s == SC_OK && k <= last; k += step) {
        double power;
        uint64_t x;
        size_t row;
        if (by_change)
            s = sc_power_change(k, o->expected, rate_after(o), o->diff_method,
                                o->level, &power, err);
        else
            s = sc_power_meets(k, o->expected, o->target, kind->target, o->method, o->level,
                               &power, &x, err);
        if (s == SC_OK)
            s = sc_table_add_row(t, &row);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 0, (double)k);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 1, power);
    }
    if (s == SC_OK) {
        sc_chart_data data = sc_chart_data_of(t);
        data.x = 0;
        data.value = 1;
        s = sc_chart_set_lang(chart, o->lang);
        if (s == SC_OK)
            s = sc_chart_set_percent(chart, true);
        if (s == SC_OK)
            s = sc_chart_set_value_limits(chart, 0, 1);
        if (s == SC_OK)
            s = sc_chart_set_data(chart, &data, err);
    }
    char title[256], text[128];
    if (s == SC_OK && by_change) {
        snprintf(title, sizeof title,
                 zh ? "%s 由 %g%% 变为 %g%% 时判定有变化的把握度（%s，置信水平 %g%%）"
                    : "Power to show that a %s changed from %g%% to %g%% (%s, level %g%%)",
                 zh ? kind->label_zh : kind->label_en, 100 * o->expected,
                 100 * rate_after(o), sc_diff_method_get(o->diff_method)->entry.name,
                 100 * o->level);
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    } else if (s == SC_OK) {
        snprintf(title, sizeof title,
                 zh ? "%s 真值 %g%% 时判定“达到目标 %g%%”的把握度（%s，置信水平 %g%%）"
                    : "Power to show that a %s of %g%% meets the target %g%% (%s, level %g%%)",
                 zh ? kind->label_zh : kind->label_en, 100 * o->expected, 100 * o->target,
                 sc_ci_method_get(o->method)->entry.name, 100 * o->level);
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    }
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, power_name);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_VALUE, power_name);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS,
                              by_change ? (zh ? "每期样本量 n（批次）"
                                              : "sample size n per period (batches)")
                                        : (zh ? "样本量 n（批次）" : "sample size n (batches)"));
    if (s == SC_OK) {
        snprintf(text, sizeof text, zh ? "要求把握度 %g%%" : "power wanted %g%%", 100 * o->power);
        s = sc_chart_set_target(chart, o->power);
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_KEY_TARGET, text);
    }
    if (s == SC_OK) {
        snprintf(text, sizeof text, "n = %llu", (unsigned long long)r->n);
        s = sc_chart_add_x_mark(chart, (double)r->n, text);
    }
    sc_table_free(t);
    return sca_chart_done(s, chart, out, err);
}
