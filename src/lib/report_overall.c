/* spotcheck — the report's first sections: overall (总体情况), changes by
 * category (同比/环比) and categories (分类别).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* The verdict of a target in words, with its p-value. */
static void target_words(rp_report *r, const sc_table *t, size_t row, size_t target,
                         size_t verdict, size_t p_value, rp_text *out)
{
    if (target == SC_NO_COLUMN || sc_table_is_missing(t, row, target))
        return;
    char goal[64], p[64];
    rp_cell(r, t, row, target, goal, sizeof goal);
    rp_p(r, t, row, p_value, p, sizeof p);
    const char *v = sc_table_get_string(t, row, verdict);
    bool zh = r->opts->lang == SC_LANG_ZH;
    bool meets = v && !strcmp(v, "meets");
    bool below = v && !strcmp(v, "below");
    if (zh)
        rp_text_add(out, "对照%s的目标，%s（%s单侧精确二项检验p%s）。", goal,
                    meets ? "显著达到目标" : below ? "显著低于目标" : "尚不能判定是否达到目标",
                    meets || below ? "" : "置信区间包含目标值；", p);
    else
        rp_text_add(out, "Against the target of %s it %s (%sone-sided exact binomial p%s). ",
                    goal,
                    meets   ? "credibly meets the target"
                    : below ? "is credibly below the target"
                            : "cannot yet be judged",
                    meets || below ? "" : "the interval contains the target; ", p);
}

/* The enterprises inspected now and their pass rate (企业合格率: all of an
 * enterprise's batches passed), as spotcheck rate --unit enterprise. */
static sc_status enterprise_words(rp_report *r, rp_text *t)
{
    const sc_report_rows *rows = r->in->rows;
    if (!rows || !rows->enterprises)
        return SC_OK;
    /* a copy, its period part named as the groups' */
    size_t parts[] = {0, 1};
    sc_groups *fine;
    sc_status s = sc_groups_project(rows->enterprises, parts, 2, SC_KEY_PARTS_MAX, NULL, &fine);
    if (s == SC_OK)
        s = sc_groups_set_key_name(fine, 0, sc_groups_key_name(r->in->groups, r->period_part));
    if (s != SC_OK) {
        sc_groups_free(fine);
        return sc_error_set(r->err, s, NULL, 0, "%s", sc_strerror(s));
    }
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.method = r->opts->method;
    o.level = r->opts->level;
    o.enterprise_unit = true;
    sc_table *table = NULL;
    sc_rate_columns c;
    s = sc_rate_table(fine, &o, &table, &c, r->err);
    if (s == SC_OK && c.ngroups == 1) {
        char n[32], rate[64], lo[64], up[64];
        rp_cell(r, table, 0, c.n, n, sizeof n);
        rp_cell(r, table, 0, c.rate, rate, sizeof rate);
        rp_cell(r, table, 0, c.lower, lo, sizeof lo);
        rp_cell(r, table, 0, c.upper, up, sizeof up);
        if (r->opts->lang == SC_LANG_ZH)
            rp_text_add(t, "涉及企业%s家，企业合格率（全部批次合格的企业所占比例）%s（%s–%s）。",
                        n, rate, lo, up);
        else
            rp_text_add(t, "They came from %s enterprises; the enterprise pass rate (enterprises "
                           "all of whose batches passed) was %s (%s–%s). ",
                        n, rate, lo, up);
        s = r->sink->table(r->sink->ctx, "enterprises", table, r->err);
    }
    sc_table_free(table);
    sc_groups_free(fine);
    return s;
}

sc_status rp_section_overall(rp_report *r)
{
    size_t parts[] = {r->period_part};
    sc_groups *g;
    sc_status s = rp_project(r, parts, 1, false, &g);
    if (s != SC_OK)
        return s;
    sc_summary_opts o = rp_summary_opts(r);
    o.targets = NULL; /* no group columns: the target of the whole */
    o.target = r->target.direction == SC_TARGET_FLOOR ? r->target.target : NAN;
    sc_summary_result res = {0};
    s = sc_summary_table(g, 0, &o, &res, r->err);
    if (s == SC_OK)
        s = rp_heading(r, "Overall", "总体情况");
    rp_text t = {{0}};
    if (s == SC_OK) {
        const sc_table *tab = res.table;
        const sc_summary_columns *c = &res.cols;
        char n[32], passed[32], failed[32], rate[64], lo[64], up[64], level[32];
        rp_cell(r, tab, 0, c->n, n, sizeof n);
        rp_cell(r, tab, 0, c->passed, passed, sizeof passed);
        rp_cell(r, tab, 0, c->failed, failed, sizeof failed);
        rp_cell(r, tab, 0, c->rate, rate, sizeof rate);
        rp_cell(r, tab, 0, c->lower, lo, sizeof lo);
        rp_cell(r, tab, 0, c->upper, up, sizeof up);
        sc_format_decimal(r->opts->level, -1, true, level, sizeof level);
        if (r->opts->lang == SC_LANG_ZH)
            rp_text_add(&t, "%s共抽查产品%s批次，其中合格%s批次、不合格%s批次，合格率%s"
                            "（%s%%置信区间%s–%s）。",
                        r->current_text, n, passed, failed, rate, level, lo, up);
        else
            rp_text_add(&t, "In %s, %s batches were inspected: %s passed and %s failed, a pass "
                            "rate of %s (%s%% confidence interval %s–%s). ",
                        r->current_text, n, passed, failed, rate, level, lo, up);
        s = enterprise_words(r, &t);
        rp_change_words(r, &res, 0, SC_SUMMARY_YEAR_AGO, &t);
        rp_change_words(r, &res, 0, SC_SUMMARY_PREVIOUS, &t);
        target_words(r, tab, 0, c->target, c->verdict, c->p_value, &t);
        if (s == SC_OK && c->verdict != SC_NO_COLUMN) {
            const char *v = sc_table_get_string(tab, 0, c->verdict);
            if (v && !strcmp(v, "below")) {
                rp_text line = {{0}};
                rp_text_add(&line, RP_WORD(r, "The overall pass rate is credibly below its "
                                              "target.",
                                           "总体合格率显著低于目标。"));
                rp_attention(r, &line);
            }
        }
    }
    if (s == SC_OK)
        s = rp_paragraph(r, &t);
    if (s == SC_OK) {
        const sc_summary_columns *c = &res.cols;
        size_t want[] = {c->n, c->passed, c->failed, c->rate, c->lower, c->upper, c->target,
                         c->verdict, c->p_value};
        size_t cols[sizeof want / sizeof want[0]];
        size_t n = rp_columns(want, sizeof want / sizeof want[0], cols);
        s = rp_table(r, "overall", RP_WORD(r, "Overall", "总体情况"), res.table, 0, cols, n);
    }
    sc_summary_result_free(&res);
    sc_groups_free(g);
    return s;
}

/* The summary by category, made once for the two sections that show it. */
static sc_status by_category(rp_report *r, const sc_summary_result **out)
{
    *out = &r->category;
    if (r->category.table)
        return SC_OK;
    sc_summary_result *res = &r->category;
    size_t cat = rp_category_part(r);
    size_t parts[] = {cat, r->period_part};
    sc_groups *g;
    sc_status s = rp_project(r, parts, 2, false, &g);
    if (s != SC_OK)
        return s;
    sc_summary_opts o = rp_summary_opts(r);
    o.targets = rp_targets_for(r, g);
    s = sc_summary_table(g, 1, &o, res, r->err);
    sc_groups_free(g);
    return s;
}

/* Names the groups whose change c has the verdict `word` (English or Chinese). */
static size_t groups_with(rp_report *r, const sc_summary_result *res, size_t col,
                          const char *word, rp_text *names)
{
    size_t count = 0;
    for (size_t i = 0; i < res->cols.ngroups; i++) {
        const char *v = sc_table_get_string(res->table, i, col);
        if (!v || strcmp(v, word))
            continue;
        rp_text_add(names, "%s%s", count ? RP_WORD(r, ", ", "、") : "",
                    sc_table_get_string(res->table, i, 0));
        count++;
    }
    return count;
}

sc_status rp_section_changes(rp_report *r)
{
    if (rp_category_part(r) == SC_NO_COLUMN)
        return SC_OK;
    const sc_summary_result *res;
    sc_status s = by_category(r, &res);
    if (s == SC_OK)
        s = rp_heading(r, "Changes by category", "同比、环比变化");
    rp_text t = {{0}};
    bool zh = r->opts->lang == SC_LANG_ZH;
    for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
        if (!res->has_change[c])
            continue;
        const char *name = c == SC_SUMMARY_YEAR_AGO ? RP_WORD(r, "Year on year", "同比")
                                                    : RP_WORD(r, "Against the previous period",
                                                              "环比");
        if (!res->baseline_present[c]) {
            rp_text_add(&t, zh ? "%s：基期无抽查数据。" : "%s: no data in the baseline period. ",
                        name);
            continue;
        }
        rp_text up = {{0}}, down = {{0}};
        size_t nup = groups_with(r, res, res->cols.change[c].verdict, "improved", &up);
        size_t ndown = groups_with(r, res, res->cols.change[c].verdict, "worse", &down);
        if (zh)
            rp_text_add(&t, "%s：%zu个类别合格率显著提高%s%s%s，%zu个显著下降%s%s%s，其余%zu个变化不显著。",
                        name, nup, nup ? "（" : "", up.buf, nup ? "）" : "", ndown,
                        ndown ? "（" : "", down.buf, ndown ? "）" : "",
                        res->cols.ngroups - nup - ndown);
        else
            rp_text_add(&t, "%s, categories whose pass rate rose significantly: %zu%s%s%s; "
                            "fell significantly: %zu%s%s%s; changed not significantly: %zu. ",
                        name, nup, nup ? " (" : "", up.buf, nup ? ")" : "", ndown,
                        ndown ? " (" : "", down.buf, ndown ? ")" : "",
                        res->cols.ngroups - nup - ndown);
        if (c == SC_SUMMARY_YEAR_AGO && ndown > 0) {
            rp_text line = {{0}};
            rp_text_add(&line, zh ? "与去年同期相比合格率显著下降的类别：%s。"
                                  : "Categories whose pass rate fell significantly year on "
                                    "year: %s.",
                        down.buf);
            rp_attention(r, &line);
        }
    }
    if (s == SC_OK && res->left_out.count > 0)
        rp_text_add(&t, zh ? "合计行只含各期均有抽查的%zu个类别（可比口径），未含%zu个。"
                           : "The total covers only the categories inspected in every period "
                             "compared (comparable groups): %zu; left out: %zu. ",
                    res->left_out.comparable, res->left_out.count);
    if (s == SC_OK)
        s = rp_paragraph(r, &t);
    if (s == SC_OK) {
        const sc_summary_columns *c = &res->cols;
        const sc_summary_change_columns *ya = &c->change[SC_SUMMARY_YEAR_AGO],
                                        *pv = &c->change[SC_SUMMARY_PREVIOUS];
        /* the intervals are in tables/changes_by_category.csv: a page holds 11 columns */
        size_t want[] = {0,           c->n,     c->rate,        ya->rate,   ya->diff,
                         ya->p_value, ya->verdict, pv->rate,    pv->diff,   pv->p_value,
                         pv->verdict};
        size_t cols[sizeof want / sizeof want[0]];
        size_t n = rp_columns(want, sizeof want / sizeof want[0], cols);
        s = rp_table(r, "changes_by_category",
                     RP_WORD(r, "Changes by category", "各类别同比、环比变化"), res->table, 1,
                     cols, n);
    }
    return s;
}

/* The unqualified-rate bands of national bulletins: 0, under 10%, 10% to
 * 20%, over 20%; a band's count and its categories, said in `t` and as a
 * table in *out. */
static sc_status bands(rp_report *r, const sc_summary_result *res, rp_text *t, sc_table **out)
{
    static const char *const en[] = {"0%", "under 10%", "10% to 20%", "over 20%"};
    static const char *const zh[] = {"为0", "10%以下", "10%—20%", "20%以上"};
    rp_text names[4] = {{{0}}};
    size_t count[4] = {0};
    for (size_t i = 0; i < res->cols.ngroups; i++) {
        uint64_t n = sc_table_get_count(res->table, i, res->cols.n);
        uint64_t failed = sc_table_get_count(res->table, i, res->cols.failed);
        /* exact comparisons of failed / n with 10% and 20% */
        size_t band = failed == 0 ? 0 : failed * 10 < n ? 1 : failed * 5 <= n ? 2 : 3;
        rp_text_add(&names[band], "%s%s", count[band] ? RP_WORD(r, ", ", "、") : "",
                    sc_table_get_string(res->table, i, 0));
        count[band]++;
    }
    sc_table *tab = sc_table_new();
    if (!tab)
        return SC_ENOMEM;
    sc_status s = sc_table_add_column(tab, "unqualified_rate", "不合格率", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(tab, "categories", "类别数", SC_COL_COUNT);
    if (s == SC_OK)
        s = sc_table_add_column(tab, "names", "类别", SC_COL_STRING);
    bool lang_zh = r->opts->lang == SC_LANG_ZH;
    for (size_t b = 0; s == SC_OK && b < 4; b++) {
        size_t row;
        s = sc_table_add_row(tab, &row);
        if (s == SC_OK)
            s = sc_table_set_string(tab, row, 0, lang_zh ? zh[b] : en[b]);
        if (s == SC_OK)
            s = sc_table_set_count(tab, row, 1, count[b]);
        if (s == SC_OK)
            s = sc_table_set_string(tab, row, 2, names[b].buf);
    }
    if (lang_zh)
        rp_text_add(t, "按不合格率分档：不合格率为0的类别%zu个，10%%以下的%zu个，10%%—20%%的%zu个，"
                       "20%%以上的%zu个。",
                    count[0], count[1], count[2], count[3]);
    else
        rp_text_add(t, "Categories by unqualified rate: 0%%: %zu; under 10%%: %zu; 10%% to "
                       "20%%: %zu; over 20%%: %zu. ",
                    count[0], count[1], count[2], count[3]);
    if (s != SC_OK) {
        sc_table_free(tab);
        return s;
    }
    *out = tab;
    return SC_OK;
}

sc_status rp_section_categories(rp_report *r)
{
    if (rp_category_part(r) == SC_NO_COLUMN)
        return SC_OK;
    const sc_summary_result *res;
    sc_status s = by_category(r, &res);
    if (s == SC_OK)
        s = rp_heading(r, "Product categories", "分类别情况");
    rp_text t = {{0}};
    const sc_summary_columns *c = &res->cols;
    if (s == SC_OK && res->cols.ngroups > 0) {
        /* the highest and lowest rate among the categories */
        size_t hi = 0, lo = 0;
        for (size_t i = 1; i < c->ngroups; i++) {
            double v = sc_table_get_double(res->table, i, c->rate);
            if (v > sc_table_get_double(res->table, hi, c->rate))
                hi = i;
            if (v < sc_table_get_double(res->table, lo, c->rate))
                lo = i;
        }
        char a[64], b[64];
        rp_cell(r, res->table, hi, c->rate, a, sizeof a);
        rp_cell(r, res->table, lo, c->rate, b, sizeof b);
        rp_text_add(&t, r->opts->lang == SC_LANG_ZH
                            ? "共抽查%zu个产品类别，合格率最高的是%s（%s），最低的是%s（%s）。"
                            : "%zu product categories were inspected; the highest pass rate was "
                              "%s (%s), the lowest %s (%s). ",
                    c->ngroups, sc_table_get_string(res->table, hi, 0), a,
                    sc_table_get_string(res->table, lo, 0), b);
    }
    if (s == SC_OK && c->verdict != SC_NO_COLUMN) {
        rp_text below = {{0}}, meets = {{0}};
        size_t nbelow = groups_with(r, res, c->verdict, "below", &below);
        size_t nmeets = groups_with(r, res, c->verdict, "meets", &meets);
        rp_text_add(&t, r->opts->lang == SC_LANG_ZH
                            ? "对照各自目标，%zu个类别显著达标，%zu个显著低于目标%s%s%s，其余尚不能判定。"
                            : "Against their own targets, categories credibly meeting them: "
                              "%zu; credibly below: %zu%s%s%s; the others cannot yet be "
                              "judged. ",
                    nmeets, nbelow, nbelow ? RP_WORD(r, " (", "（") : "", below.buf,
                    nbelow ? RP_WORD(r, ")", "）") : "");
        if (nbelow) {
            rp_text line = {{0}};
            rp_text_add(&line, RP_WORD(r, "Categories credibly below their targets: %s.",
                                       "合格率显著低于目标的类别：%s。"),
                        below.buf);
            rp_attention(r, &line);
        }
    }
    sc_table *band_table = NULL;
    if (s == SC_OK)
        s = bands(r, res, &t, &band_table);
    if (s == SC_OK)
        s = rp_paragraph(r, &t);
    if (s == SC_OK) {
        size_t want[] = {0,        c->n,      c->passed, c->failed, c->rate,
                         c->lower, c->upper,  c->target, c->verdict, c->p_value};
        size_t cols[sizeof want / sizeof want[0]];
        size_t n = rp_columns(want, sizeof want / sizeof want[0], cols);
        s = rp_table(r, "categories", RP_WORD(r, "Pass rate by category", "各类别合格率"),
                     res->table, 1, cols, n);
    }
    if (s == SC_OK) {
        sc_summary_opts o = rp_summary_opts(r);
        sc_chart *chart;
        s = sc_summary_chart(res, r->in->groups, &o, &chart, r->err);
        if (s == SC_OK)
            s = rp_figure(r, "categories",
                          RP_WORD(r, "Pass rate by category, with intervals and year-on-year "
                                     "change",
                                  "各类别合格率及其置信区间与同比变化"),
                          chart);
    }
    if (s == SC_OK)
        s = rp_table(r, "unqualified_rate_bands",
                     RP_WORD(r, "Categories by unqualified rate", "各类别不合格率分档"),
                     band_table, 0, NULL, 0);
    sc_table_free(band_table);
    return s;
}
