/* Unit tests: the analysis layer's calls (src/lib/analysis_*.c), called
 * directly as a report would, not through a tool.
 * Expected values: R 4.2 (scripts/ref-analysis.R): prop.test(x, n, correct =
 * FALSE)$conf.int for the Wilson limits, binom.test(x, n, p, alternative =
 * ...)$p.value for the target p-values, the p chart limits of Montgomery 7.2.2;
 * enterprise counts by hand; glm(binomial, quasibinomial), predict and
 * prop.trend.test for the trend tables; scripts/ref-summary.R for the
 * summary table.
 * Tolerance: 1e-9 relative (DESIGN.md §7).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "relerr.h"
#include "spotcheck/analysis.h"

static void add(sc_groups *g, const char *a, const char *b, uint64_t n, uint64_t passed)
{
    const char *keys[] = {a, b};
    size_t lens[] = {strlen(a), b ? strlen(b) : 0};
    assert_int_equal(sc_groups_add(g, keys, lens, n, passed), SC_OK);
}

static sc_groups *three_regions(void)
{
    sc_groups *g = sc_groups_new(1);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "地区"), SC_OK);
    const char *names[] = {"杭州", "宁波", "温州"};
    const uint64_t n[] = {120, 80, 100}, passed[] = {114, 72, 97};
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(names[i]);
        assert_int_equal(sc_groups_add(g, &names[i], &len, n[i], passed[i]), SC_OK);
    }
    return g;
}

static void test_rate_table_wilson_target_total(void **state)
{
    (void)state;
    sc_groups *g = three_regions();
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.target = 0.9;
    o.total = true;
    sc_table *t;
    sc_rate_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_rate_table(g, &o, &t, &c, &err), SC_OK);
    assert_int_equal(c.nkeys, 1);
    assert_int_equal(c.ngroups, 3);
    assert_int_equal(sc_table_rows(t), 4);
    assert_string_equal(sc_table_column_name(t, c.p_value), "p_value");
    /* R: prop.test(x, n, correct = FALSE)$conf.int */
    const double lower[] = {0.89519711463763263, 0.81489311193895930, 0.91548063570947225,
                            0.91113404197752534};
    const double upper[] = {0.97688563558553421, 0.94845238443261937, 0.98974547597596108,
                            0.96432252353671044};
    for (size_t r = 0; r < 4; r++) {
        assert_rel(sc_table_get_double(t, r, c.lower), lower[r], REL_TOL);
        assert_rel(sc_table_get_double(t, r, c.upper), upper[r], REL_TOL);
    }
    /* R: binom.test(x, n, 0.9, alternative = "greater")$p.value; 72/80 is on the
     * target (p >= 1/2) and inconclusive; the others meet it */
    assert_rel(sc_table_get_double(t, 0, c.p_value), 0.038235862602384499, REL_TOL);
    assert_rel(sc_table_get_double(t, 1, c.p_value), 0.59267649784345533, REL_TOL);
    assert_rel(sc_table_get_double(t, 2, c.p_value), 0.0078364871211843989, REL_TOL);
    assert_string_equal(sc_table_get_string(t, 0, c.verdict), "meets");
    assert_string_equal(sc_table_get_string(t, 1, c.verdict), "inconclusive");
    assert_string_equal(sc_table_get_string(t, 2, c.verdict), "meets");
    assert_string_equal(sc_table_get_string(t, 3, 0), "Total");
    assert_int_equal(sc_table_get_count(t, 3, c.n), 300);
    assert_int_equal(sc_table_get_count(t, 3, c.passed), 283);
    assert_string_equal(sc_table_get_string(t, 0, c.method), "wilson");
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_rate_table_unqualified_sorted_zh(void **state)
{
    (void)state;
    sc_groups *g = three_regions();
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.kind = SC_RATE_FAIL;
    o.target = 0.1; /* a ceiling on the unqualified rate */
    o.sort = SC_SORT_RATE;
    o.reverse = true;
    o.total = true;
    o.lang = o.words = SC_LANG_ZH;
    sc_table *t;
    sc_rate_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_rate_table(g, &o, &t, &c, &err), SC_OK);
    assert_string_equal(sc_table_column_label_zh(t, c.rate), "不合格率");
    /* highest unqualified rate first: 宁波 8/80, 杭州 6/120, 温州 3/100; total last */
    assert_string_equal(sc_table_get_string(t, 0, 0), "宁波");
    assert_string_equal(sc_table_get_string(t, 1, 0), "杭州");
    assert_string_equal(sc_table_get_string(t, 2, 0), "温州");
    assert_string_equal(sc_table_get_string(t, 3, 0), "合计");
    assert_rel(sc_table_get_double(t, 1, c.rate), 0.05, REL_TOL);
    /* R: binom.test(6, 120, 0.1, alternative = "less")$p.value */
    assert_rel(sc_table_get_double(t, 1, c.p_value), 0.038235862602384416, REL_TOL);
    assert_string_equal(sc_table_get_string(t, 1, c.verdict), "达标");
    assert_string_equal(sc_table_get_string(t, 1, c.method), "Wilson得分法");
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_rate_table_enterprises(void **state)
{
    (void)state;
    /* (region, enterprise): an enterprise passes when all its batches pass */
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    add(g, "A", "e1", 3, 3);
    add(g, "A", "e2", 2, 1);
    add(g, "B", "e1", 1, 0);
    add(g, "B", "e3", 4, 4);
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.enterprise_unit = true;
    o.total = true;
    sc_table *t;
    sc_rate_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_rate_table(g, &o, &t, &c, &err), SC_OK);
    assert_int_equal(c.nkeys, 1); /* the enterprise is not a group column */
    assert_int_equal(sc_table_columns(t), 9); /* 地区 and n … level */
    /* A: e1 passes, e2 fails; B: e1 fails, e3 passes */
    assert_int_equal(sc_table_get_count(t, 0, c.n), 2);
    assert_int_equal(sc_table_get_count(t, 0, c.passed), 1);
    assert_int_equal(sc_table_get_count(t, 1, c.n), 2);
    assert_int_equal(sc_table_get_count(t, 1, c.passed), 1);
    /* total: e1 once over A and B (fails), e2 fails, e3 passes: 1 of 3 */
    assert_int_equal(sc_table_get_count(t, 2, c.n), 3);
    assert_int_equal(sc_table_get_count(t, 2, c.passed), 1);
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_rate_chart_model(void **state)
{
    (void)state;
    sc_groups *g = three_regions();
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.total = true;
    sc_table *t;
    sc_rate_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_rate_table(g, &o, &t, &c, &err), SC_OK);
    sc_chart *chart;
    assert_int_equal(sc_rate_chart(t, &c, g, &o, &chart, &err), SC_OK);
    assert_non_null(chart);
    sc_chart_free(chart);
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_rate_table_errors(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(0);
    assert_non_null(g);
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.enterprise_unit = true; /* no enterprise key part */
    sc_table *t = (sc_table *)1;
    sc_rate_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_rate_table(g, &o, &t, &c, &err), SC_EINVAL);
    assert_null(t);
    sc_groups_free(g);
}

/* The national annual series (datasets/real/national_annual.csv: batches
 * sampled and passed per year), added out of time order. */
static sc_groups *national_series(void)
{
    sc_groups *g = sc_groups_new(1);
    assert_non_null(g);
    const char *years[] = {"2022", "2018", "2024", "2021", "2023"};
    const uint64_t n[] = {19440, 28771, 25250, 25636, 28265};
    const uint64_t passed[] = {17613, 25819, 21649, 22516, 24789};
    for (size_t i = 0; i < 5; i++) {
        size_t len = strlen(years[i]);
        assert_int_equal(sc_groups_add(g, &years[i], &len, n[i], passed[i]), SC_OK);
    }
    return g;
}

static void test_spc_table_p_chart(void **state)
{
    (void)state;
    sc_groups *g = national_series();
    sc_spc_opts o;
    sc_spc_opts_init(&o);
    o.kind = SC_RATE_FAIL;
    sc_table *t;
    sc_spc_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_spc_table(g, 0, &o, &t, &c, &err), SC_OK);
    assert_int_equal(c.nseries, 1);
    assert_int_equal(sc_table_rows(t), 5);
    assert_true(c.failed != SC_NO_COLUMN); /* beside an unqualified rate */
    /* R (scripts/ref-analysis.R): pbar and pbar -+ 3 sqrt(pbar (1 - pbar) / n) */
    const char *order[] = {"2018", "2021", "2022", "2023", "2024"};
    const double lcl[] = {0.11188893958081916, 0.11155063457556942, 0.11065523078052432,
                          0.11183817057073230, 0.11150467713244540};
    const double ucl[] = {0.12328324678560096, 0.12362155179085070, 0.12451695558589580,
                          0.12333401579568783, 0.12366750923397472};
    const char *signal[] = {"below", "within", "below", "within", "above"};
    for (size_t r = 0; r < 5; r++) {
        assert_string_equal(sc_table_get_string(t, r, c.period), order[r]);
        assert_rel(sc_table_get_double(t, r, c.center), 0.11758609318321006, REL_TOL);
        assert_rel(sc_table_get_double(t, r, c.lcl), lcl[r], REL_TOL);
        assert_rel(sc_table_get_double(t, r, c.ucl), ucl[r], REL_TOL);
        assert_string_equal(sc_table_get_string(t, r, c.signal), signal[r]);
    }
    assert_int_equal(sc_table_get_count(t, 0, c.failed), 28771 - 25819);
    sc_chart *chart;
    assert_int_equal(sc_spc_control_chart(t, &c, &o, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_spc_chart_needs_one_series(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    add(g, "A", "2023", 100, 90);
    add(g, "B", "2023", 100, 95);
    add(g, "A", "2024", 100, 92);
    sc_spc_opts o;
    sc_spc_opts_init(&o);
    sc_table *t;
    sc_spc_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_spc_table(g, 1, &o, &t, &c, &err), SC_OK);
    assert_int_equal(c.nseries, 2);
    /* series A (2023, 2024), then B */
    assert_string_equal(sc_table_get_string(t, 0, 0), "A");
    assert_string_equal(sc_table_get_string(t, 1, c.period), "2024");
    assert_string_equal(sc_table_get_string(t, 2, 0), "B");
    sc_chart *chart = (sc_chart *)1;
    assert_int_equal(sc_spc_control_chart(t, &c, &o, &chart, &err), SC_EINVAL);
    assert_null(chart);
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_compare_tables(void **state)
{
    (void)state;
    sc_groups *g = three_regions();
    sc_compare_opts o;
    sc_compare_opts_init(&o);
    o.pairwise = true;
    sc_compare_result r;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_compare_tables(g, &o, &r, &err), SC_OK);
    const sc_compare_columns *c = &r.cols;
    assert_rel(r.overall, 283.0 / 300.0, REL_TOL);
    /* 杭州 against the rest (169/180): Newcombe's hybrid score interval, as
     * written out in R, and chisq.test(correct = FALSE) */
    assert_rel(sc_table_get_double(r.groups, 0, c->diff), 0.011111111111111072, REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 0, c->diff_lower), -0.049827327789414434, REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 0, c->diff_upper), 0.063522346695292997, REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 0, c->p_value), 0.68343423745484588, REL_TOL);
    /* homogeneity: chisq.test(cbind(x, n - x)) and the G statistic; the table
     * is sparse (an expected count of 4.53), so a Monte-Carlo row follows */
    assert_int_equal(sc_table_rows(r.tests), 3);
    assert_string_equal(sc_table_get_string(r.tests, 0, 0), "pearson");
    assert_rel(sc_table_get_double(r.tests, 0, 1), 4.24028268551236831, REL_TOL);
    assert_int_equal(sc_table_get_count(r.tests, 0, 2), 2);
    assert_rel(sc_table_get_double(r.tests, 0, 3), 0.12001466410917959, REL_TOL);
    assert_rel(sc_table_get_double(r.tests, 1, 1), 4.01191924814232070, REL_TOL);
    assert_rel(sc_table_get_double(r.tests, 1, 3), 0.13453113441737446, REL_TOL);
    assert_string_equal(sc_table_get_string(r.tests, 2, 0), "monte-carlo");
    /* pairs: chisq.test or fisher.test, then p.adjust(, "holm") */
    assert_int_equal(sc_table_rows(r.pairwise), 3);
    assert_string_equal(sc_table_get_string(r.pairwise, 1, 0), "杭州");
    assert_string_equal(sc_table_get_string(r.pairwise, 1, 1), "温州");
    const double p[] = {0.174562557998404005, 0.515458460089109338, 0.063929717167165348};
    const double holm[] = {0.34912511599680801, 0.51545846008910934, 0.19178915150149606};
    for (size_t i = 0; i < 3; i++) {
        assert_rel(sc_table_get_double(r.pairwise, i, 5), p[i], REL_TOL);
        assert_rel(sc_table_get_double(r.pairwise, i, 6), holm[i], REL_TOL);
    }
    sc_chart *chart;
    assert_int_equal(sc_compare_chart(&r, g, &o, false, &chart, &err), SC_OK);
    sc_chart_free(chart);
    /* a funnel chart needs the funnel */
    assert_int_equal(sc_compare_chart(&r, g, &o, true, &chart, &err), SC_EINVAL);
    sc_compare_result_free(&r);
    sc_compare_result_free(&r); /* freed twice: a no-op */
    sc_groups_free(g);
}

static void test_diff_periods_and_table(void **state)
{
    (void)state;
    sc_period now, then;
    sc_error err;
    sc_error_clear(&err);
    /* 同比 of 2024Q3 is 2023Q3, 环比 of 2024Q1 is 2023Q4 */
    assert_int_equal(sc_diff_periods("2024Q3", "同比", SC_PERIOD_NONE, &now, &then, &err), SC_OK);
    char text[SC_PERIOD_TEXT_MAX];
    sc_period_format(&then, SC_LANG_EN, text, sizeof text);
    assert_string_equal(text, "2023Q3");
    assert_int_equal(sc_diff_periods("2024Q1", "previous", SC_PERIOD_NONE, &now, &then, &err),
                     SC_OK);
    sc_period_format(&then, SC_LANG_EN, text, sizeof text);
    assert_string_equal(text, "2023Q4");
    assert_int_equal(sc_diff_periods("2024", "2024", SC_PERIOD_NONE, &now, &then, &err),
                     SC_EINVAL);
    assert_string_equal(err.message, "--baseline is the same period as --current");

    /* 甲 in both years, 乙 in 2024 only: the total is 甲's alone */
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "地区"), SC_OK);
    add(g, "甲", "2023", 200, 180);
    add(g, "甲", "2024", 200, 190);
    add(g, "乙", "2024", 100, 90);
    sc_diff_opts o;
    sc_diff_opts_init(&o);
    assert_int_equal(sc_diff_periods("2024", "year-ago", SC_PERIOD_NONE, &o.current,
                                     &o.baseline, &err), SC_OK);
    sc_table *t;
    sc_diff_columns c;
    sc_diff_left_out lo;
    assert_int_equal(sc_diff_table(g, 1, &o, &t, &c, &lo, &err), SC_OK);
    assert_int_equal(c.ngroups, 2);
    assert_int_equal(sc_table_rows(t), 3);
    assert_int_equal(lo.count, 1);
    assert_int_equal(lo.comparable, 1);
    assert_string_equal(lo.names, "乙 (none in 2023)");
    /* R: Newcombe's hybrid score interval, chisq.test(correct = FALSE) */
    for (size_t r = 0; r < 3; r += 2) { /* 甲, and the total of 甲 alone */
        assert_rel(sc_table_get_double(t, r, c.diff), 0.05, REL_TOL);
        assert_rel(sc_table_get_double(t, r, c.lower), -0.002392250425765130, REL_TOL);
        assert_rel(sc_table_get_double(t, r, c.upper), 0.104336718912329290, REL_TOL);
        assert_rel(sc_table_get_double(t, r, c.p_value), 0.057654468633521125, REL_TOL);
        assert_string_equal(sc_table_get_string(t, r, c.verdict), "unchanged");
    }
    assert_string_equal(sc_table_get_string(t, 2, 0), "Total");
    assert_int_equal(sc_table_get_count(t, 2, c.n_current), 200);
    assert_true(sc_table_is_missing(t, 1, c.diff)); /* 乙 has no baseline */
    sc_chart *chart;
    assert_int_equal(sc_diff_chart(t, &c, g, &o, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_table_free(t);
    /* the crude total over every group */
    o.all_groups = true;
    assert_int_equal(sc_diff_table(g, 1, &o, &t, &c, &lo, &err), SC_OK);
    assert_int_equal(lo.count, 0);
    assert_int_equal(sc_table_get_count(t, 2, c.n_current), 300);
    sc_table_free(t);
    /* a period absent from the data is a data error */
    assert_int_equal(sc_diff_periods("2025", "year-ago", SC_PERIOD_NONE, &o.current,
                                     &o.baseline, &err), SC_OK);
    assert_int_equal(sc_diff_table(g, 1, &o, &t, &c, &lo, &err), SC_EDATA);
    assert_null(t);
    sc_groups_free(g);
}

/* R: scripts/ref-summary.R */
static void test_summary_table(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "地区"), SC_OK);
    assert_int_equal(sc_groups_set_key_name(g, 1, "季度"), SC_OK);
    add(g, "甲", "2024Q3", 200, 190);
    add(g, "乙", "2024Q3", 100, 90);
    add(g, "丙", "2024Q3", 80, 78);
    add(g, "甲", "2023Q3", 200, 180);
    add(g, "丙", "2023Q3", 50, 45);
    add(g, "丁", "2023Q3", 30, 27);
    add(g, "甲", "2024Q2", 150, 140);
    add(g, "乙", "2024Q2", 100, 85);
    add(g, "丙", "2024Q2", 60, 57);
    sc_summary_opts o;
    sc_summary_opts_init(&o);
    sc_period unused;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_diff_periods("2024Q3", "year-ago", SC_PERIOD_NONE, &o.current, &unused,
                                     &err), SC_OK);
    o.target = 0.9;
    sc_summary_result r;
    assert_int_equal(sc_summary_table(g, 1, &o, &r, &err), SC_OK);
    const sc_table *t = r.table;
    const sc_summary_columns *c = &r.cols;
    const sc_summary_change_columns *ya = &c->change[SC_SUMMARY_YEAR_AGO];
    const sc_summary_change_columns *pv = &c->change[SC_SUMMARY_PREVIOUS];
    assert_int_equal(c->ngroups, 3);
    assert_int_equal(sc_table_rows(t), 4);
    assert_string_equal(sc_table_column_name(t, ya->diff), "year_ago_diff");
    assert_string_equal(sc_table_column_name(t, pv->verdict), "previous_verdict");
    /* 甲 (row 0) and the total over 甲 and 丙 (row 3): the same checks */
    const double want[2][11] = {
        {0.91042185186122393, 0.97261735439923602, 0.0080712499551026645, 0.05,
         -0.002392250425765130, 0.104336718912329290, 0.057654468633521125,
         0.016666666666666607, -0.033029625086886109, 0.073093512443098918,
         0.506197594792981209},
        {0.92659533741359779, 0.97531659984754115, 0.00033688521774960403,
         0.0571428571428571619, 0.0133745531051340794, 0.1042420724087514544,
         0.0099644559501202521, 0.019047619047619091, -0.020663663324008444,
         0.063999062362769324, 0.342993233151693777},
    };
    const size_t rows[] = {0, 3};
    const size_t cols[] = {c->lower, c->upper, c->p_value, ya->diff, ya->lower, ya->upper,
                           ya->p_value, pv->diff, pv->lower, pv->upper, pv->p_value};
    for (size_t i = 0; i < 2; i++) {
        for (size_t k = 0; k < 11; k++)
            assert_rel(sc_table_get_double(t, rows[i], cols[k]), want[i][k], REL_TOL);
        assert_string_equal(sc_table_get_string(t, rows[i], c->verdict), "meets");
    }
    assert_string_equal(sc_table_get_string(t, 0, ya->verdict), "unchanged");
    assert_string_equal(sc_table_get_string(t, 3, ya->verdict), "improved");
    assert_string_equal(sc_table_get_string(t, 3, 0), "Total");
    assert_int_equal(sc_table_get_count(t, 3, c->n), 280);
    assert_int_equal(sc_table_get_count(t, 3, ya->n), 250);
    assert_int_equal(sc_table_get_count(t, 3, pv->n), 210);
    assert_string_equal(sc_table_get_string(t, 3, ya->period), "2023Q3");
    assert_string_equal(sc_table_get_string(t, 3, pv->period), "2024Q2");
    /* 乙 has no batches a year before: n 0 and an empty change */
    assert_string_equal(sc_table_get_string(t, 1, 0), "乙");
    assert_int_equal(sc_table_get_count(t, 1, ya->n), 0);
    assert_true(sc_table_is_missing(t, 1, ya->diff));
    assert_true(sc_table_is_missing(t, 1, ya->verdict));
    assert_false(sc_table_is_missing(t, 1, pv->diff));
    assert_int_equal(r.left_out.count, 1);
    assert_int_equal(r.left_out.comparable, 2);
    assert_string_equal(r.left_out.names, "乙 (none in 2023Q3)");
    assert_int_equal(r.missing_now, 1); /* 丁 */
    assert_true(r.baseline_present[SC_SUMMARY_YEAR_AGO] && r.baseline_present[SC_SUMMARY_PREVIOUS]);
    sc_summary_result_free(&r);

    /* the crude total: every group of each period (丁 too, a year before) */
    o.all_groups = true;
    assert_int_equal(sc_summary_table(g, 1, &o, &r, &err), SC_OK);
    assert_int_equal(r.left_out.count, 0);
    assert_int_equal(sc_table_get_count(r.table, 3, r.cols.n), 380);
    assert_int_equal(sc_table_get_count(r.table, 3, r.cols.change[0].n), 280);
    assert_int_equal(sc_table_get_count(r.table, 3, r.cols.change[1].n), 310);
    sc_summary_result_free(&r);

    /* 2024Q2: no batches a year before (2023Q2), and none the quarter before */
    assert_int_equal(sc_diff_periods("2024Q2", "year-ago", SC_PERIOD_NONE, &o.current, &unused,
                                     &err), SC_OK);
    o.all_groups = false;
    assert_int_equal(sc_summary_table(g, 1, &o, &r, &err), SC_OK);
    assert_false(r.baseline_present[SC_SUMMARY_YEAR_AGO]);
    assert_false(r.baseline_present[SC_SUMMARY_PREVIOUS]);
    assert_int_equal(r.left_out.count, 0);
    assert_int_equal(sc_table_get_count(r.table, 0, r.cols.change[0].n), 0);
    assert_true(sc_table_is_missing(r.table, 0, r.cols.change[0].diff));
    sc_summary_result_free(&r);

    /* a current period without batches is a data error naming the data's span */
    assert_int_equal(sc_diff_periods("2025Q1", "year-ago", SC_PERIOD_NONE, &o.current, &unused,
                                     &err), SC_OK);
    assert_int_equal(sc_summary_table(g, 1, &o, &r, &err), SC_EDATA);
    assert_string_equal(err.message, "column \"季度\" has no batches in 2025Q1 (--current); "
                                     "the data run from 2023Q3 to 2024Q3");
    assert_null(r.table);
    sc_summary_result_free(&r);
    sc_groups_free(g);
}

static void test_trend_tables_logistic_quasi(void **state)
{
    (void)state;
    sc_groups *g = national_series(); /* the unqualified rate of it below */
    sc_trend_opts o;
    sc_trend_opts_init(&o);
    o.kind = SC_RATE_FAIL;
    o.target = 0.10;
    o.forecast_given = true;
    assert_int_equal(sc_period_parse("2026", 4, &o.forecast, NULL), SC_OK);
    sc_trend_result r;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_trend_tables(g, 0, &o, &r, &err), SC_OK);
    const sc_trend_fit_columns *fc = &r.fit_cols;
    const sc_trend_period_columns *pc = &r.period_cols;
    assert_int_equal(r.nseries, 1);
    assert_int_equal(r.conditions[SC_TREND_FITTED], 1);
    assert_int_equal(sc_table_rows(r.fits), 1);
    assert_string_equal(sc_table_get_string(r.fits, 0, fc->model), "logistic");
    assert_string_equal(sc_table_get_string(r.fits, 0, fc->condition), "fitted");
    assert_int_equal(sc_table_get_count(r.fits, 0, fc->periods), 5);
    /* R (scripts/ref-analysis.R): glm(cbind(x, n - x) ~ year, quasibinomial),
     * the Wald interval with qt(0.975, 3), prop.trend.test */
    assert_rel(sc_table_get_double(r.fits, 0, fc->slope), 0.051415983208159668, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->slope_lower), -0.048629108906475219, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->slope_upper), 0.151461075322794569, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->p_value), 0.20045050581509932, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->dispersion), 56.571359501517115, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->deviance), 177.25945706576948, REL_TOL);
    assert_string_equal(sc_table_get_string(r.fits, 0, fc->quasi), "yes");
    assert_rel(sc_table_get_double(r.fits, 0, fc->ca_statistic), 151.73051391074438, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->ca_p_value), 7.2564557853225219e-35, REL_TOL);
    /* the forecast at 2026.5: predict(type = "link", se.fit = TRUE), plogis */
    assert_string_equal(sc_table_get_string(r.fits, 0, fc->forecast_period), "2026");
    assert_rel(sc_table_get_double(r.fits, 0, fc->forecast_rate), 0.143145888697021439, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->forecast_lower), 0.093789483982707811, REL_TOL);
    assert_rel(sc_table_get_double(r.fits, 0, fc->forecast_upper), 0.212388496401209714, REL_TOL);
    assert_true(r.forecast_present);
    assert_rel(r.forecast, 0.143145888697021439, REL_TOL);
    /* the unqualified rate rises above its 10% ceiling: never */
    assert_string_equal(sc_table_get_string(r.fits, 0, fc->target_period), "never");
    /* periods in time order; Wilson as prop.test(correct = FALSE); fitted */
    assert_int_equal(sc_table_rows(r.periods), 5);
    assert_true(pc->failed != SC_NO_COLUMN);
    assert_string_equal(sc_table_get_string(r.periods, 0, pc->period), "2018");
    assert_int_equal(sc_table_get_count(r.periods, 0, pc->failed), 28771 - 25819);
    assert_rel(sc_table_get_double(r.periods, 0, pc->rate), 2952.0 / 28771.0, REL_TOL);
    assert_rel(sc_table_get_double(r.periods, 0, pc->lower), 0.09914994587207715, REL_TOL);
    assert_rel(sc_table_get_double(r.periods, 0, pc->upper), 0.10616279120330620, REL_TOL);
    const double fitted[] = {0.099684843907059853, 0.114408209117225698, 0.119721798073691571,
                             0.125247269761418173, 0.130989808818279263};
    for (size_t i = 0; i < 5; i++)
        assert_rel(sc_table_get_double(r.periods, i, pc->fitted), fitted[i], REL_TOL);
    sc_chart *chart;
    assert_int_equal(sc_trend_chart(&r, &o, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_trend_result_free(&r);
    sc_trend_result_free(&r); /* freed twice: a no-op */
    sc_groups_free(g);
}

static void test_trend_tables_conditions(void **state)
{
    (void)state;
    /* series A over three years, B over two (saturated): the conditions are
     * counted for the caller's notes */
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    add(g, "A", "2022", 100, 90);
    add(g, "A", "2023", 100, 93);
    add(g, "A", "2024", 100, 97);
    add(g, "B", "2023", 50, 40);
    add(g, "B", "2024", 50, 45);
    sc_trend_opts o;
    sc_trend_opts_init(&o);
    sc_trend_result r;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_trend_tables(g, 1, &o, &r, &err), SC_OK);
    assert_int_equal(r.nseries, 2);
    assert_int_equal(r.conditions[SC_TREND_FITTED], 1);
    assert_int_equal(r.conditions[SC_TREND_SATURATED], 1);
    assert_string_equal(r.condition_groups[SC_TREND_SATURATED], "B");
    assert_string_equal(sc_table_get_string(r.fits, 1, r.fit_cols.condition), "saturated");
    assert_int_equal(sc_table_rows(r.periods), 5);
    assert_false(r.forecast_present);
    /* a chart draws one series */
    sc_chart *chart = (sc_chart *)1;
    assert_int_equal(sc_trend_chart(&r, &o, &chart, &err), SC_EINVAL);
    assert_null(chart);
    sc_trend_result_free(&r);
    /* the model dispatch goes through the registry: every row has its fit */
    for (int m = 0; m < SC_TREND_MODEL_COUNT; m++)
        assert_non_null(sc_trend_model_get((sc_trend_model)m)->fit);
    o.model = SC_TREND_MODEL_COUNT; /* not a model */
    assert_int_equal(sc_trend_tables(g, 1, &o, &r, &err), SC_EINVAL);
    sc_trend_result_free(&r);
    sc_groups_free(g);
}

/* Many groups on two threads give the table of one (sc_table_fill), each
 * group's own target and the count of groups without one included.  The
 * counts are those added; the targets those of the file. */
static void test_rate_table_many_groups_on_threads(void **state)
{
    (void)state;
    enum { GROUPS = 40000 };
    char path[] = "/tmp/sc_rate_targets_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("企业,target\nE00005,0.5\nE39999,0.8\n", f);
    assert_int_equal(fclose(f), 0);
    sc_targets *targets;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_targets_read(path, NULL, &targets, &err), SC_OK);
    remove(path);

    sc_groups *g = sc_groups_new(1);
    assert_int_equal(sc_groups_set_key_name(g, 0, "企业"), SC_OK);
    for (unsigned i = 0; i < GROUPS; i++) {
        char key[16];
        snprintf(key, sizeof key, "E%05u", i);
        add(g, key, NULL, 10 + i % 5, 5 + i % 5);
    }
    sc_table *t[2];
    sc_rate_columns c[2];
    for (size_t k = 0; k < 2; k++) {
        sc_rate_opts o;
        sc_rate_opts_init(&o);
        o.targets = targets;
        o.total = true;
        o.threads = k + 1;
        assert_int_equal(sc_rate_table(g, &o, &t[k], &c[k], &err), SC_OK);
        assert_int_equal(c[k].no_target, GROUPS - 2);
        assert_int_equal(sc_table_rows(t[k]), GROUPS + 1);
        assert_string_equal(sc_table_get_string(t[k], 39999, 0), "E39999");
        assert_int_equal(sc_table_get_count(t[k], 39999, c[k].n), 14);
        assert_int_equal(sc_table_get_count(t[k], 39999, c[k].passed), 9);
        assert_true(sc_table_get_double(t[k], 5, c[k].target) == 0.5);
        assert_true(sc_table_get_double(t[k], 39999, c[k].target) == 0.8);
        assert_true(sc_table_is_missing(t[k], 6, c[k].target));
        assert_string_equal(sc_table_get_string(t[k], GROUPS, 0), "Total");
    }
    for (size_t row = 0; row < sc_table_rows(t[0]); row++)
        for (size_t col = 0; col < sc_table_columns(t[0]); col++) {
            assert_int_equal(sc_table_is_missing(t[0], row, col),
                             sc_table_is_missing(t[1], row, col));
            if (sc_table_is_missing(t[0], row, col))
                continue;
            sc_col_type type = sc_table_column_type(t[0], col);
            if (type == SC_COL_STRING)
                assert_string_equal(sc_table_get_string(t[0], row, col),
                                    sc_table_get_string(t[1], row, col));
            else if (type == SC_COL_COUNT)
                assert_int_equal(sc_table_get_count(t[0], row, col),
                                 sc_table_get_count(t[1], row, col));
            else
                assert_memory_equal(&(double){sc_table_get_double(t[0], row, col)},
                                    &(double){sc_table_get_double(t[1], row, col)},
                                    sizeof(double));
        }
    sc_table_free(t[0]);
    sc_table_free(t[1]);
    sc_groups_free(g);
    sc_targets_free(targets);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_table_wilson_target_total),
        cmocka_unit_test(test_rate_table_many_groups_on_threads),
        cmocka_unit_test(test_rate_table_unqualified_sorted_zh),
        cmocka_unit_test(test_rate_table_enterprises),
        cmocka_unit_test(test_rate_chart_model),
        cmocka_unit_test(test_rate_table_errors),
        cmocka_unit_test(test_spc_table_p_chart),
        cmocka_unit_test(test_spc_chart_needs_one_series),
        cmocka_unit_test(test_compare_tables),
        cmocka_unit_test(test_diff_periods_and_table),
        cmocka_unit_test(test_summary_table),
        cmocka_unit_test(test_trend_tables_logistic_quasi),
        cmocka_unit_test(test_trend_tables_conditions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
