/* spotcheck — the report's breakdowns: regions (分地区, with the funnel plot)
 * and enterprise size and sampling channel (each with its test).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static sc_compare_opts compare_opts(const rp_report *r, bool funnel)
{
    sc_compare_opts o;
    sc_compare_opts_init(&o);
    o.method = r->opts->method;
    o.diff_method = r->opts->diff_method;
    o.level = r->opts->level;
    o.funnel = funnel;
    o.lang = r->opts->lang;
    o.words = SC_LANG_EN; /* the csv tables keep the stable words */
    return o;
}

/* The homogeneity test of a compare result in words: Pearson's chi-square
 * (the first row of the tests table). */
static void test_words(rp_report *r, const sc_compare_result *c, const char *what,
                       rp_text *t)
{
    if (sc_table_rows(c->tests) == 0) {
        rp_text_add(t, RP_WORD(r, "Fewer than two %s groups have batches: nothing to compare. ",
                               "有抽查数据的%s不足两组，无法比较。"),
                    what);
        return;
    }
    char stat[64], p[64];
    rp_cell(r, c->tests, 0, 1, stat, sizeof stat);
    rp_p(r, c->tests, 0, 3, p, sizeof p);
    bool differ = sc_table_get_double(c->tests, 0, 3) < 1 - r->opts->level;
    if (r->opts->lang == SC_LANG_ZH)
        rp_text_add(t, "不同%s之间合格率差异%s（Pearson卡方检验 χ²=%s，自由度%llu，p%s）。", what,
                    differ ? "显著" : "不显著", stat,
                    (unsigned long long)sc_table_get_count(c->tests, 0, 2), p);
    else
        rp_text_add(t, "The pass rates of the %s groups %s (Pearson's chi-square %s, %llu df, "
                       "p%s). ",
                    what, differ ? "differ significantly" : "do not differ significantly", stat,
                    (unsigned long long)sc_table_get_count(c->tests, 0, 2), p);
}

/* Names the groups of a compare table whose funnel place is `en` / `zh`. */
static size_t funnel_groups(rp_report *r, const sc_compare_result *c, const char *word,
                            rp_text *names)
{
    size_t count = 0;
    for (size_t i = 0; i < sc_table_rows(c->groups); i++) {
        const char *v = sc_table_get_string(c->groups, i, c->cols.funnel);
        if (!v || strcmp(v, word))
            continue;
        rp_text_add(names, "%s%s", count ? RP_WORD(r, ", ", "、") : "",
                    sc_table_get_string(c->groups, i, 0));
        count++;
    }
    return count;
}

sc_status rp_section_regions(rp_report *r)
{
    const sc_groups *now = sc_report_rows_breakdown(r->in->rows, SC_REPORT_REGION);
    if (!now)
        return SC_OK;
    sc_status s;
    sc_compare_opts o = compare_opts(r, true);
    o.targets = rp_targets_for(r, now);
    sc_compare_result c = {0};
    s = sc_compare_tables(now, &o, &c, r->err);
    if (s == SC_OK)
        s = rp_heading(r, "Regions", "分地区情况");
    rp_text t = {{0}};
    if (s == SC_OK) {
        test_words(r, &c, RP_WORD(r, "region", "地区"), &t);
        rp_text low = {{0}}, high = {{0}};
        size_t nlow = funnel_groups(r, &c, "below998", &low);
        size_t nhigh = funnel_groups(r, &c, "above998", &high);
        if (r->opts->lang == SC_LANG_ZH)
            rp_text_add(&t, "漏斗图中，%zu个地区低于99.8%%控制限%s%s%s，%zu个高于99.8%%控制限%s%s%s。",
                        nlow, nlow ? "（" : "", low.buf, nlow ? "）" : "", nhigh,
                        nhigh ? "（" : "", high.buf, nhigh ? "）" : "");
        else
            rp_text_add(&t, "In the funnel plot, regions below the 99.8%% limits: %zu%s%s%s; "
                            "above them: %zu%s%s%s. ",
                        nlow, nlow ? " (" : "", low.buf, nlow ? ")" : "", nhigh,
                        nhigh ? " (" : "", high.buf, nhigh ? ")" : "");
        if (nlow) {
            rp_text line = {{0}};
            rp_text_add(&line, RP_WORD(r, "Regions below the 99.8%% funnel limits (worse than "
                                          "the rest beyond chance): %s.",
                                       "低于漏斗图99.8%%控制限的地区（显著差于总体水平）：%s。"),
                        low.buf);
            rp_attention(r, &line);
        }
        if (c.cols.verdict != SC_NO_COLUMN) {
            rp_text below = {{0}};
            size_t nbelow = 0;
            for (size_t i = 0; i < sc_table_rows(c.groups); i++) {
                const char *v = sc_table_get_string(c.groups, i, c.cols.verdict);
                if (v && !strcmp(v, "below")) {
                    rp_text_add(&below, "%s%s", nbelow ? RP_WORD(r, ", ", "、") : "",
                                sc_table_get_string(c.groups, i, 0));
                    nbelow++;
                }
            }
            if (nbelow) {
                rp_text line = {{0}};
                rp_text_add(&line, RP_WORD(r, "Regions credibly below their targets: %s.",
                                           "合格率显著低于目标的地区：%s。"),
                            below.buf);
                rp_attention(r, &line);
            }
        }
    }
    if (s == SC_OK)
        s = rp_paragraph(r, &t);
    if (s == SC_OK) {
        const sc_compare_columns *k = &c.cols;
        size_t want[] = {0, k->n, k->rate, k->lower, k->upper, k->funnel, k->target,
                         k->verdict};
        size_t cols[sizeof want / sizeof want[0]];
        size_t n = rp_columns(want, sizeof want / sizeof want[0], cols);
        s = rp_table(r, "regions", RP_WORD(r, "Pass rate by region", "各地区合格率"), c.groups, 1,
                     cols, n);
    }
    if (s == SC_OK)
        s = r->sink->table(r->sink->ctx, "regions_tests", c.tests, r->err);
    if (s == SC_OK) {
        sc_chart *chart;
        s = sc_compare_chart(&c, now, &o, true, &chart, r->err);
        if (s == SC_OK)
            s = rp_figure(r, "regions_funnel",
                          RP_WORD(r, "Funnel plot of the regions' pass rates",
                                  "各地区合格率漏斗图"),
                          chart);
    }
    sc_compare_result_free(&c);
    return s;
}

/* One breakdown without targets: the table of its groups and the test. */
static sc_status breakdown(rp_report *r, sc_report_dim dim, const char *name, const char *en,
                           const char *zh)
{
    const sc_groups *now = sc_report_rows_breakdown(r->in->rows, dim);
    if (!now)
        return SC_OK;
    sc_compare_opts o = compare_opts(r, false);
    sc_compare_result c = {0};
    sc_status s = sc_compare_tables(now, &o, &c, r->err);
    char heading[128];
    snprintf(heading, sizeof heading, "%s", RP_WORD(r, en, zh));
    if (s == SC_OK)
        s = rp_heading(r, en, zh);
    rp_text t = {{0}};
    if (s == SC_OK)
        test_words(r, &c, sc_groups_key_name(now, 0), &t);
    if (s == SC_OK)
        s = rp_paragraph(r, &t);
    if (s == SC_OK) {
        const sc_compare_columns *k = &c.cols;
        size_t cols[] = {0, k->n, k->passed, k->rate, k->lower, k->upper};
        s = rp_table(r, name, heading, c.groups, 1, cols, sizeof cols / sizeof cols[0]);
    }
    if (s == SC_OK) {
        char test_name[64];
        snprintf(test_name, sizeof test_name, "%s_tests", name);
        s = r->sink->table(r->sink->ctx, test_name, c.tests, r->err);
    }
    sc_compare_result_free(&c);
    return s;
}

sc_status rp_section_size_channel(rp_report *r)
{
    sc_status s = breakdown(r, SC_REPORT_SIZE, "enterprise_size", "By enterprise size",
                            "分企业规模情况");
    if (s == SC_OK)
        s = breakdown(r, SC_REPORT_CHANNEL, "channel", "By sampling channel", "分抽样环节情况");
    return s;
}
