/* spotcheck — the report's trend (趋势), attention (需关注) and data notes
 * (数据说明) sections.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "report_internal.h"

static int compare_periods(const void *a, const void *b)
{
    return sc_period_compare(a, b);
}

/* The periods of the data up to the current one, the last `keep` of them,
 * as groups keyed by the period alone; *first and *last the data's span. */
static sc_status last_periods(rp_report *r, size_t keep, sc_groups **out, sc_period *first,
                              sc_period *last)
{
    size_t part = r->period_part;
    sc_groups *all;
    sc_status s = rp_project(r, &part, 1, false, &all);
    if (s != SC_OK)
        return s;
    size_t count = sc_groups_count(all);
    sc_period *periods = sc_calloc(count ? count : 1, sizeof *periods);
    *out = sc_groups_new(1);
    if (!periods || !*out) {
        free(periods);
        sc_groups_free(all);
        sc_groups_free(*out);
        *out = NULL;
        return sc_error_set(r->err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        const char *text = sc_groups_key(all, i, 0);
        if (sc_period_parse(text, strlen(text), &periods[i], NULL) != SC_OK)
            s = sc_error_set(r->err, SC_EINTERNAL, NULL, 0, "period %s does not parse", text);
    }
    qsort(periods, count, sizeof *periods, compare_periods);
    *first = periods[0];
    *last = periods[count - 1];
    size_t end = 0; /* one past the current period */
    while (end < count && sc_period_compare(&periods[end], &r->opts->current) <= 0)
        end++;
    size_t start = end > keep ? end - keep : 0;
    s = s == SC_OK ? sc_groups_set_key_name(*out, 0, sc_groups_key_name(all, 0)) : s;
    for (size_t i = start; s == SC_OK && i < end; i++) {
        char text[SC_PERIOD_TEXT_MAX];
        sc_period_format(&periods[i], SC_LANG_EN, text, sizeof text);
        const char *key = text;
        size_t len = strlen(text), at;
        bool found;
        s = sc_groups_locate(all, &key, &len, &at, &found);
        if (s == SC_OK && found)
            s = sc_groups_add(*out, &key, &len, sc_groups_n(all, at), sc_groups_passed(all, at));
    }
    free(periods);
    sc_groups_free(all);
    if (s != SC_OK) {
        sc_groups_free(*out);
        *out = NULL;
        if (!r->err->message[0])
            sc_error_set(r->err, s, NULL, 0, "%s", sc_strerror(s));
    }
    return s;
}

/* The p′ chart's signals over the same periods, in words. */
static sc_status spc_words(rp_report *r, const sc_groups *g, rp_text *t)
{
    sc_spc_opts o;
    sc_spc_opts_init(&o);
    o.chart = SC_SPC_LANEY;
    o.lang = r->opts->lang;
    o.words = SC_LANG_EN;
    sc_table *table = NULL;
    sc_spc_columns c;
    sc_status s = sc_spc_table(g, 0, &o, &table, &c, r->err);
    if (s != SC_OK)
        return s;
    rp_text low = {{0}}, high = {{0}};
    size_t nlow = 0, nhigh = 0;
    for (size_t i = 0; i < sc_table_rows(table); i++) {
        const char *v = sc_table_get_string(table, i, c.signal);
        const char *cell = sc_table_get_string(table, i, c.period);
        char period[64];
        sc_period p;
        if (cell && sc_period_parse(cell, strlen(cell), &p, NULL) == SC_OK)
            sc_period_format(&p, r->opts->lang, period, sizeof period);
        else
            snprintf(period, sizeof period, "%s", cell ? cell : "");
        if (v && !strcmp(v, "below"))
            rp_text_add(&low, "%s%s", nlow++ ? RP_WORD(r, ", ", "、") : "", period);
        if (v && !strcmp(v, "above"))
            rp_text_add(&high, "%s%s", nhigh++ ? RP_WORD(r, ", ", "、") : "", period);
    }
    if (r->opts->lang == SC_LANG_ZH)
        rp_text_add(t, "Laney p′控制图上，%zu期低于下控制限%s%s%s，%zu期高于上控制限%s%s%s。", nlow,
                    nlow ? "（" : "", low.buf, nlow ? "）" : "", nhigh, nhigh ? "（" : "",
                    high.buf, nhigh ? "）" : "");
    else
        rp_text_add(t, "On Laney's p′ chart, periods below the lower limit: %zu%s%s%s; above "
                       "the upper: %zu%s%s%s. ",
                    nlow, nlow ? " (" : "", low.buf, nlow ? ")" : "", nhigh, nhigh ? " (" : "",
                    high.buf, nhigh ? ")" : "");
    s = r->sink->table(r->sink->ctx, "control_chart", table, r->err);
    sc_table_free(table);
    return s;
}

/* Whether the forecast at the target's by_period reaches the target (the
 * verdict of spotcheck trend --targets), appended to the forecast. */
static void by_period_words(rp_report *r, const sc_trend_result *tr, double target,
                            rp_text *t)
{
    const sc_trend_fit_columns *f = &tr->fit_cols;
    sc_verdict v = sca_interval_verdict(sc_table_get_double(tr->fits, 0, f->forecast_lower),
                                        sc_table_get_double(tr->fits, 0, f->forecast_upper),
                                        target, SC_TARGET_FLOOR);
    char goal[64];
    sc_format_decimal(target, -1, true, goal, sizeof goal);
    if (r->opts->lang == SC_LANG_ZH)
        rp_text_add(t, "，%s%s%%的目标", v == SC_VERDICT_MEETS ? "区间高于目标，预计可达到"
                                         : v == SC_VERDICT_BELOW ? "区间低于目标，预计达不到"
                                                                 : "区间包含目标值，尚不能判定能否达到",
                    goal);
    else
        rp_text_add(t, "; the interval %s the %s%% target",
                    v == SC_VERDICT_MEETS   ? "lies above, so it is expected to reach"
                    : v == SC_VERDICT_BELOW ? "lies below, so it is not expected to reach"
                                            : "holds the target, so it cannot yet be said "
                                              "whether it reaches",
                    goal);
}

sc_status rp_section_trend(rp_report *r)
{
    sc_groups *g;
    sc_period first, last;
    sc_status s = last_periods(r, r->opts->trend_periods, &g, &first, &last);
    if (s != SC_OK)
        return s;
    sc_trend_opts o;
    sc_trend_opts_init(&o);
    o.level = r->opts->level;
    o.lang = r->opts->lang;
    o.words = SC_LANG_EN; /* the csv tables keep the stable words */
    if (r->target.direction == SC_TARGET_FLOOR)
        o.target = r->target.target;
    /* the target's by_period, in periods of the data (2025 on quarters: 2025Q4),
       as spotcheck trend --targets takes it */
    bool has_by = !isnan(o.target) && r->target_row && r->target_row->has_by_period;
    if (has_by && sc_period_last_within(&r->target_row->by_period, r->opts->current.kind,
                                        &o.forecast) != SC_OK)
        s = sc_error_set(r->err, SC_EDATA, sc_targets_name(r->opts->targets),
                         r->target_row->line,
                         "column \"by_period\": no period of the data's kind ends by it");
    o.forecast_given = has_by;
    sc_trend_result tr = {0};
    size_t nperiods = sc_groups_count(g);
    if (s == SC_OK && nperiods >= 2)
        s = sc_trend_tables(g, 0, &o, &tr, r->err);
    if (s == SC_OK && nperiods >= 2)
        s = rp_heading(r, "Trend", "趋势");
    rp_text t = {{0}};
    bool zh = r->opts->lang == SC_LANG_ZH;
    if (s == SC_OK && nperiods >= 2) {
        const sc_trend_fit_columns *f = &tr.fit_cols;
        char p[64];
        rp_p(r, tr.fits, 0, f->p_value, p, sizeof p);
        double slope = sc_table_get_double(tr.fits, 0, f->slope);
        double pv = sc_table_get_double(tr.fits, 0, f->p_value);
        if (isnan(pv))
            rp_text_add(&t, zh ? "近%zu期合格率的趋势无法估计。"
                               : "The trend of the last %zu periods cannot be estimated. ",
                        nperiods);
        else if (pv < 1 - r->opts->level)
            rp_text_add(&t, zh ? "近%zu期合格率呈显著%s趋势（logistic回归，p%s）。"
                               : "Over the last %zu periods the pass rate shows a significant "
                                 "%s trend (logistic regression, p%s). ",
                        nperiods, slope > 0 ? RP_WORD(r, "upward", "上升")
                                            : RP_WORD(r, "downward", "下降"),
                        p);
        else
            rp_text_add(&t, zh ? "近%zu期合格率无显著趋势（logistic回归，p%s）。"
                               : "Over the last %zu periods the pass rate shows no significant "
                                 "trend (logistic regression, p%s). ",
                        nperiods, p);
        if (f->forecast_rate != SC_NO_COLUMN && pv < 1 - r->opts->level &&
            !sc_table_is_missing(tr.fits, 0, f->forecast_rate)) {
            char when[64], rate[64], lo[64], up[64];
            sc_period_format(&o.forecast, r->opts->lang, when, sizeof when);
            rp_cell(r, tr.fits, 0, f->forecast_rate, rate, sizeof rate);
            rp_cell(r, tr.fits, 0, f->forecast_lower, lo, sizeof lo);
            rp_cell(r, tr.fits, 0, f->forecast_upper, up, sizeof up);
            rp_text_add(&t, zh ? "按此趋势，%s合格率预计为%s（%s–%s）"
                               : "On this trend the pass rate in %s is forecast at %s (%s–%s)",
                        when, rate, lo, up);
            if (has_by)
                by_period_words(r, &tr, o.target, &t);
            rp_text_add(&t, "%s", zh ? "。" : ". ");
        } else if (has_by && !isnan(pv)) {
            char when[64];
            sc_period_format(&o.forecast, r->opts->lang, when, sizeof when);
            rp_text_add(&t, zh ? "趋势不显著，尚不能据此判断到%s能否达到目标。"
                               : "With no significant trend, whether the target is reached by "
                                 "%s cannot be judged from it. ",
                        when);
        }
        /* when the target is reached: only on a trend the test supports */
        if (f->target_period != SC_NO_COLUMN && pv < 1 - r->opts->level) {
            /* a period, or (the trend's words) already or never */
            const char *cell = sc_table_get_string(tr.fits, 0, f->target_period);
            char goal[64], when[64];
            sc_period period;
            sc_format_decimal(o.target, -1, true, goal, sizeof goal);
            if (cell && !strcmp(cell, "already"))
                rp_text_add(&t, zh ? "拟合趋势已达到%s%%的目标。"
                                   : "The fitted trend already reaches the %s%% target. ",
                            goal);
            else if (cell && !strcmp(cell, "never"))
                rp_text_add(&t, zh ? "按拟合趋势不会达到%s%%的目标。"
                                   : "On the fitted trend the %s%% target is never reached. ",
                            goal);
            else if (cell && sc_period_parse(cell, strlen(cell), &period, NULL) == SC_OK &&
                     sc_period_format(&period, r->opts->lang, when, sizeof when) == SC_OK)
                rp_text_add(&t, zh ? "拟合趋势达到%s%%目标的时期：%s。"
                                   : "The fitted trend reaches the %s%% target in %s. ",
                            goal, when);
        }
        s = spc_words(r, g, &t);
    }
    if (s == SC_OK && nperiods >= 2)
        s = rp_paragraph(r, &t);
    if (s == SC_OK && nperiods >= 2)
        s = rp_table(r, "trend_periods",
                     RP_WORD(r, "Pass rate by period", "各期合格率"), tr.periods, 0, NULL, 0);
    if (s == SC_OK && nperiods >= 2)
        s = r->sink->table(r->sink->ctx, "trend_fit", tr.fits, r->err);
    if (s == SC_OK && nperiods >= 2) {
        sc_chart *chart;
        s = sc_trend_chart(&tr, &o, &chart, r->err);
        if (s == SC_OK)
            s = rp_figure(r, "trend",
                          RP_WORD(r, "Pass rate by period with the fitted trend",
                                  "各期合格率与拟合趋势"),
                          chart);
    }
    sc_trend_result_free(&tr);
    sc_groups_free(g);
    return s;
}

sc_status rp_section_attention(rp_report *r)
{
    sc_status s = rp_heading(r, "Points for attention", "需关注的问题");
    if (s != SC_OK)
        return s;
    if (r->nattention == 0) {
        rp_text t = {{0}};
        rp_text_add(&t, RP_WORD(r, "No category or region is credibly below its target, worse "
                                   "than the rest beyond chance, or worse than a year before.",
                                "未发现显著低于目标、显著差于总体水平或较去年同期显著下降的类别或地区。"));
        return rp_paragraph(r, &t);
    }
    rp_text t = {{0}};
    char level[32];
    sc_format_decimal(r->opts->level, -1, true, level, sizeof level);
    rp_text_add(&t, RP_WORD(r, "Each point rests on a test at the %s%% confidence level.",
                            "以下各项均有%s%%置信水平的统计检验支持。"),
                level);
    s = rp_paragraph(r, &t);
    return s == SC_OK ? sc_doc_list(r->doc, (const char *const *)r->attention, r->nattention)
                      : s;
}

sc_status rp_section_notes(rp_report *r)
{
    sc_status s = rp_heading(r, "About the data", "数据说明");
    if (s != SC_OK)
        return s;
    const sc_read_stats *st = r->in->stats;
    bool zh = r->opts->lang == SC_LANG_ZH;
    char level[32];
    sc_format_decimal(r->opts->level, -1, true, level, sizeof level);
    const char *items[8];
    rp_text lines[8] = {{{0}}};
    size_t n = 0;
    rp_text_add(&lines[n], zh ? "数据文件：" : "Input files: ");
    for (size_t i = 0; i < r->in->nfiles; i++)
        rp_text_add(&lines[n], "%s%s", i ? ", " : "", r->in->files[i]);
    n++;
    rp_text_add(&lines[n++],
                zh ? "读取%llu行，使用%llu行，跳过%llu行（格式错误），剔除合计行%llu行。"
                   : "Rows read %llu, used %llu, skipped as bad %llu; total rows left out %llu.",
                (unsigned long long)st->rows_read, (unsigned long long)st->rows_used,
                (unsigned long long)st->rows_skipped, (unsigned long long)st->rows_total);
    rp_text_add(&lines[n++],
                zh ? "合格率 = 合格批次 / 抽查批次；不合格率 = 1 − 合格率；企业合格率 = 全部批次合格的企业数 / 抽查企业数。"
                   : "Pass rate = passed batches / inspected batches; unqualified rate = 1 − pass "
                     "rate; enterprise pass rate = enterprises all of whose batches passed / "
                     "enterprises inspected.");
    rp_text_add(&lines[n++],
                zh ? "置信区间：%s法，置信水平%s%%；变化的区间：%s法；变化的检验：Pearson卡方检验（期望频数小于5时用Fisher精确检验）；目标判定：单侧精确二项检验。"
                   : "Intervals: %s at %s%%; intervals of changes: %s; test of a change: "
                     "Pearson's chi-square (Fisher's exact test when an expected count is under "
                     "5); target verdicts: one-sided exact binomial test.",
                sc_ci_method_get(r->opts->method)->entry.name, level,
                sc_diff_method_get(r->opts->diff_method)->entry.name);
    rp_text_add(&lines[n++],
                zh ? "同比、环比的合计按可比口径计算（只含各期均有抽查的组）。数字按四舍五入修约。"
                   : "Totals compared between periods cover the groups inspected in every "
                     "period compared. Numbers are rounded half-up.");
    for (size_t i = 0; i < n; i++)
        items[i] = lines[i].buf;
    return sc_doc_list(r->doc, items, n);
}
