/* Tests of turning rows into counts (spotcheck/records.h).  Expected counts
 * are worked out by hand from the small inputs written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "relerr.h"

#include "spotcheck/records.h"

static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/sc_records_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Reads `text` with `spec`, grouping by the spec's keys. */
static sc_status read_text(const char *text, const sc_input_spec *spec, sc_groups **groups,
                           sc_read_stats *stats, sc_error *err)
{
    char *path = write_temp(text);
    *groups = sc_groups_new(spec->nkeys + (spec->period ? 1 : 0));
    *stats = (sc_read_stats){0};
    sc_error_clear(err);
    const char *paths[] = {path};
    sc_status s = sc_records_read(spec, paths, 1, *groups, stats, err);
    unlink(path);
    free(path);
    return s;
}

static const char *const by_province[] = {"省份"};

static void default_verdict_values(void **state)
{
    (void)state;
    sc_input_spec spec = {.result = "结论", .keys = by_province, .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("省份,结论\n浙江,合格\n浙江, 不合格 \n江苏,PASS\n江苏,ng\n"
                               "江苏,所检项目未发现不合格\n浙江,是\n浙江,0\n",
                               &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_count(g), 2);
    assert_int_equal(sc_groups_n(g, 0), 4);
    assert_int_equal(sc_groups_passed(g, 0), 2);
    assert_int_equal(sc_groups_n(g, 1), 3);
    assert_int_equal(sc_groups_passed(g, 1), 2);
    assert_int_equal(st.rows_read, 7);
    assert_int_equal(st.rows_used, 7);
    assert_string_equal(sc_groups_key_name(g, 0), "省份");
    sc_groups_free(g);
    /* a key column given by number is named after its header */
    const char *const by_number[] = {"1"};
    sc_input_spec numbered = {.result = "2", .keys = by_number, .nkeys = 1};
    assert_int_equal(read_text("省份,结论\n浙江,合格\n", &numbered, &g, &st, &e), SC_OK);
    assert_string_equal(sc_groups_key_name(g, 0), "省份");
    sc_groups_free(g);
}

static void bad_verdict_names_place_and_value(void **state)
{
    (void)state;
    sc_input_spec spec = {.result = "结论", .keys = by_province, .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("省份,结论\n浙江,合格\n\n浙江,合 格\n", &spec, &g, &st, &e), SC_EDATA);
    assert_int_equal(e.line, 4);
    assert_string_equal(e.message, "column \"结论\": \"合 格\" is neither a pass nor a fail value");
    sc_groups_free(g);
}

static void custom_values_replace_the_lists(void **state)
{
    (void)state;
    const char *const pass[] = {"A", NULL};
    const char *const fail[] = {"B", "C", NULL};
    sc_input_spec spec = {.result = "grade", .pass_values = pass, .fail_values = fail};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("grade\nA\nb\nC\na\n", &spec, &g, &st, &e), SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 4);
    assert_int_equal(sc_groups_passed(g, 0), 2);
    sc_groups_free(g);
    assert_int_equal(read_text("grade\nA\n合格\n", &spec, &g, &st, &e), SC_EDATA);
    sc_groups_free(g);
}

static void aggregated_counts(void **state)
{
    (void)state;
    const char *const keys[] = {"类别"};
    sc_input_spec fail_spec = {.n = "批次", .fail = "不合格", .keys = keys, .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("类别,批次,不合格\n乳制品,49667,132\n饮料, 119279 ,2278\n乳制品,1,1\n",
                               &fail_spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 49668);
    assert_int_equal(sc_groups_passed(g, 0), 49535);
    assert_int_equal(sc_groups_passed(g, 1), 117001);
    sc_groups_free(g);
    sc_input_spec pass_spec = {.n = "批次", .pass = "合格", .keys = keys, .nkeys = 1};
    assert_int_equal(read_text("类别,批次,合格\n乳制品,10,7\n", &pass_spec, &g, &st, &e), SC_OK);
    assert_int_equal(sc_groups_passed(g, 0), 7);
    sc_groups_free(g);
}

/* Contract 2b, hand arithmetic: 3/34 = 8.82% is the only count giving 8.8
 * (2/34 = 5.88, 4/34 = 11.76); 31/34 = 91.18% gives 91.2 as a pass rate;
 * 7.7% of 25672 fits 1964 to 1989 (the 2014 national bulletin). */
static void printed_rates_give_counts(void **state)
{
    (void)state;
    const char *const keys[] = {"地区"};
    sc_input_spec spec = {.n = "批次", .printed_rate = "率", .printed_fail = true, .keys = keys,
                          .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("地区,批次,率\n甲,34,8.8\n乙,120,5.0%\n", &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_passed(g, 0), 31);
    assert_int_equal(sc_groups_passed(g, 1), 114);
    assert_int_equal(st.rows_derived, 2);
    sc_groups_free(g);
    spec.printed_fail = false;
    assert_int_equal(read_text("地区,批次,率\n甲,34,91.2\n", &spec, &g, &st, &e), SC_OK);
    assert_int_equal(sc_groups_passed(g, 0), 31);
    sc_groups_free(g);
    spec.printed_fail = true;
    assert_int_equal(read_text("地区,批次,率\n甲,25672,7.7\n", &spec, &g, &st, &e), SC_EDATA);
    assert_non_null(strstr(e.message, "fits 1964 to 1989 unqualified batches of 25672"));
    assert_int_equal(e.line, 2);
    sc_groups_free(g);
    assert_int_equal(read_text("地区,批次,率\n甲,7,50.0\n", &spec, &g, &st, &e), SC_EDATA);
    assert_non_null(strstr(e.message, "no whole number"));
    sc_groups_free(g);
    assert_int_equal(read_text("地区,批次,率\n甲,7,x\n", &spec, &g, &st, &e), SC_EDATA);
    sc_groups_free(g);
    /* not beside a count column */
    spec.fail = "率";
    assert_int_equal(read_text("地区,批次,率\n甲,7,1\n", &spec, &g, &st, &e), SC_EINVAL);
    sc_groups_free(g);
}

static void bad_counts_are_bad_rows(void **state)
{
    (void)state;
    sc_input_spec spec = {.n = "n", .pass = "p"};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    const char *cases[][2] = {
        {"n,p\n10,11\n", "column \"p\": \"11\" is more than the 10 batches in column \"n\""},
        {"n,p\n-1,0\n", "column \"n\": \"-1\" is not a count (a whole number, 0 or more)"},
        {"n,p\n10,2.5\n", "column \"p\": \"2.5\" is not a count (a whole number, 0 or more)"},
        {"n,p\n,0\n", "column \"n\": \"\" is not a count (a whole number, 0 or more)"},
        {"n,p\n1e3,0\n", "column \"n\": \"1e3\" is not a count (a whole number, 0 or more)"},
        {"n,p\n18446744073709551616,0\n",
         "column \"n\": \"18446744073709551616\" is too large a count"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(read_text(cases[i][0], &spec, &g, &st, &e), SC_EDATA);
        assert_int_equal(e.line, 2);
        assert_string_equal(e.message, cases[i][1]);
        sc_groups_free(g);
    }
    /* counts beyond the ceiling of 2^53, in one row or added up (contract 7),
     * even with skip_bad */
    assert_int_equal(read_text("n,p\n18446744073709551615,0\n1,0\n", &spec, &g, &st, &e), SC_EDATA);
    assert_int_equal(e.line, 2);
    sc_groups_free(g);
    spec.skip_bad = true;
    assert_int_equal(read_text("n,p\n9007199254740000,0\n992,1\n1,0\n", &spec, &g, &st, &e),
                     SC_EDATA);
    assert_int_equal(e.line, 4);
    assert_string_equal(e.message, "column \"n\": \"1\" takes the batches read beyond 2^53 = "
                                   "9007199254740992, the most the statistics carry exactly");
    assert_int_equal(st.batches, SC_COUNT_MAX);
    sc_groups_free(g);
}

static void pass_and_fail_together(void **state)
{
    (void)state;
    sc_input_spec spec = {.n = "n", .pass = "p", .fail = "f", .keys = by_province, .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("省份,n,p,f\n浙江,10,7,3\n江苏,5,5,0\n", &spec, &g, &st, &e), SC_OK);
    assert_int_equal(sc_groups_passed(g, 0), 7);
    assert_int_equal(sc_groups_n(g, 1), 5);
    sc_groups_free(g);
    /* 788 batches, 469 passed and 19 unqualified: the bulletin row of the issue */
    assert_int_equal(read_text("省份,n,p,f\n浙江,788,469,19\n", &spec, &g, &st, &e), SC_EDATA);
    assert_int_equal(e.line, 2);
    assert_string_equal(e.message, "column \"n\": \"788\" is not passed + failed: 469 (column "
                                   "\"p\") + 19 (column \"f\") = 488");
    sc_groups_free(g);
    spec.skip_bad = true;
    assert_int_equal(read_text("省份,n,p,f\n浙江,788,469,19\n江苏,5,5,0\n", &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(st.rows_skipped, 1);
    assert_int_equal(sc_groups_count(g), 1);
    sc_groups_free(g);
}

static void total_rows_left_out(void **state)
{
    (void)state;
    assert_string_equal(sc_total_label("合计", strlen("合计")), "合计");
    assert_string_equal(sc_total_label(" 总 计 ", strlen(" 总 计 ")), "总计");
    assert_string_equal(sc_total_label("合\xE3\x80\x80计", 9), "合计");
    assert_string_equal(sc_total_label("TOTAL", 5), "total");
    assert_string_equal(sc_total_label("Grand Total", 11), "grandtotal");
    assert_null(sc_total_label("合计数", strlen("合计数")));
    assert_null(sc_total_label("浙江", strlen("浙江")));
    assert_null(sc_total_label("", 0));
    /* every label, after spaces and in either case; cells sharing a first
       character are not labels */
    static const char *const labels[][2] = {
        {"小计", "小计"}, {"\xE3\x80\x80共计", "共计"}, {"全 部", "全部"}, {"总体", "总体"},
        {"SubTotal", "subtotal"}, {"\tAll ", "all"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        assert_string_equal(sc_total_label(labels[i][0], strlen(labels[i][0])), labels[i][1]);
    static const char *const others[] = {"小型", "全国", "共青", "总局", "合格", "\xE3\x80\x81",
                                         "tot", "a", "小"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_null(sc_total_label(others[i], strlen(others[i])));
    sc_input_spec spec = {.n = "n", .pass = "p", .keys = by_province, .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    /* the total row's counts are not even checked */
    assert_int_equal(read_text("省份,n,p\n浙江,10,7\n合 计,15,x\n江苏,5,5\nTotal,15,12\n", &spec,
                               &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_count(g), 2);
    assert_int_equal(st.rows_used, 2);
    assert_int_equal(st.rows_total, 2);
    assert_string_equal(st.total_label, "合 计");
    assert_int_equal(st.total_line, 3);
    sc_groups_free(g);
    /* no key: the first column tells */
    spec.nkeys = 0;
    assert_int_equal(read_text("省份,n,p\n浙江,10,7\n合计,10,7\n", &spec, &g, &st, &e), SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 10);
    sc_groups_free(g);
    spec.keep_total_rows = true;
    assert_int_equal(read_text("省份,n,p\n浙江,10,7\n合计,10,7\n", &spec, &g, &st, &e), SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 20);
    assert_int_equal(st.rows_total, 0);
    sc_groups_free(g);
}

static void overlapping_verdict_lists(void **state)
{
    (void)state;
    const char *const both[] = {"pass", "FAIL", NULL};
    const char *const fail[] = {"fail", NULL};
    sc_input_spec spec = {.result = "r", .pass_values = both};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("r\npass\n", &spec, &g, &st, &e), SC_EINVAL);
    assert_string_equal(e.message, "\"FAIL\" is both a pass and a fail value: it is in "
                                   "--pass-values and the default fail values (give --fail-values "
                                   "too)");
    sc_groups_free(g);
    spec.fail_values = fail;
    assert_int_equal(read_text("r\npass\n", &spec, &g, &st, &e), SC_EINVAL);
    assert_string_equal(e.message, "\"FAIL\" is both a pass and a fail value: it is in "
                                   "--pass-values and --fail-values");
    sc_groups_free(g);
    const char *const pass_only[] = {"pass", NULL};
    spec = (sc_input_spec){.result = "r", .fail_values = pass_only};
    assert_int_equal(read_text("r\npass\n", &spec, &g, &st, &e), SC_EINVAL);
    assert_string_equal(e.message, "\"pass\" is both a pass and a fail value: it is in "
                                   "--fail-values and the default pass values (give --pass-values "
                                   "too)");
    sc_groups_free(g);
}

static void where_on_periods_and_empty_filters(void **state)
{
    (void)state;
    sc_where where[] = {{.column = "q", .value = "2024Q3"}};
    sc_input_spec spec = {.result = "r", .period = "q", .per = SC_PERIOD_NONE, .where = where,
                          .nwhere = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("q,r\n2024年第三季度,pass\n2024-Q2,fail\n2024Q3,fail\n", &spec, &g,
                               &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_count(g), 1);
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_int_equal(st.where[0].matched, 2);
    sc_groups_free(g);
    /* a year filter on quarters takes the quarters of the year */
    where[0].value = "2024";
    assert_int_equal(read_text("q,r\n2024Q3,pass\n2023Q2,fail\n2024Q1,fail\n", &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(st.rows_used, 2);
    sc_groups_free(g);
    /* nothing matched: the last period */
    where[0].value = "2025Q1";
    assert_int_equal(read_text("q,r\n2024Q3,pass\n2024年第四季度,fail\n2024Q1,fail\n", &spec, &g,
                               &st, &e),
                     SC_OK);
    assert_int_equal(st.where[0].matched, 0);
    assert_string_equal(st.where[0].last_period, "2024Q4");
    sc_groups_free(g);
    where[0].value = "soon";
    assert_int_equal(read_text("q,r\n2024Q3,pass\n", &spec, &g, &st, &e), SC_EINVAL);
    sc_groups_free(g);
    /* text filters: the value in another case, and the first values */
    sc_where region[] = {{.column = "g", .value = "zhejiang"}};
    spec = (sc_input_spec){.result = "r", .where = region, .nwhere = 1};
    assert_int_equal(read_text("g,r\n浙江,pass\nJiangsu,pass\nZhejiang,fail\n浙江,pass\n", &spec,
                               &g, &st, &e),
                     SC_OK);
    assert_int_equal(st.rows_used, 0);
    assert_string_equal(st.where[0].other_case, "Zhejiang");
    assert_int_equal(st.where[0].nvalues, 3);
    assert_string_equal(st.where[0].values[0], "浙江");
    assert_string_equal(st.where[0].values[2], "Zhejiang");
    sc_groups_free(g);
}

static void filters_come_first(void **state)
{
    (void)state;
    sc_where where[2];
    sc_error e;
    assert_int_equal(sc_where_parse("省份=浙江", &where[0], &e), SC_OK);
    assert_int_equal(sc_where_parse("级别!=国家", &where[1], &e), SC_OK);
    assert_false(where[0].negate);
    assert_true(where[1].negate);
    assert_string_equal(where[1].column, "级别");
    assert_string_equal(where[1].value, "国家");
    sc_input_spec spec = {.result = "结论", .where = where, .nwhere = 2};
    sc_groups *g;
    sc_read_stats st;
    /* the bad verdict is on a row that the filter drops */
    assert_int_equal(read_text("省份,级别,结论\n浙江,省级,合格\n江苏,省级,??\n浙江,国家,不合格\n"
                               "浙江,市级,不合格\n",
                               &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_int_equal(sc_groups_passed(g, 0), 1);
    assert_int_equal(st.rows_read, 4);
    assert_int_equal(st.rows_used, 2);
    assert_int_equal(st.rows_skipped, 0);
    sc_groups_free(g);
    sc_where_clear(&where[0]);
    sc_where_clear(&where[1]);
    sc_where bad;
    assert_int_equal(sc_where_parse("省份", &bad, &e), SC_EINVAL);
    assert_int_equal(sc_where_parse("=x", &bad, &e), SC_EINVAL);
    assert_int_equal(sc_where_parse("a=b!=c", &bad, &e), SC_OK); /* split at the first '=' */
    assert_string_equal(bad.column, "a");
    assert_string_equal(bad.value, "b!=c");
    sc_where_clear(&bad);
}

static void skip_bad_counts_and_keeps_the_first_reason(void **state)
{
    (void)state;
    sc_input_spec spec = {.result = "r", .skip_bad = true, .csv = {.skip_ragged = true}};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("r,x\n合格,1\nmaybe,2\n不合格\n合格,3\n?,4\n", &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_int_equal(st.rows_read, 5);
    assert_int_equal(st.rows_used, 2);
    assert_int_equal(st.rows_skipped, 3);
    assert_int_equal(st.first_skipped.line, 3);
    assert_string_equal(st.first_skipped.message,
                        "column \"r\": \"maybe\" is neither a pass nor a fail value");
    sc_groups_free(g);
}

static void missing_column_and_bad_spec(void **state)
{
    (void)state;
    sc_input_spec spec = {.result = "结果"};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("结论\n合格\n", &spec, &g, &st, &e), SC_EINVAL);
    assert_non_null(strstr(e.message, "no column \"结果\""));
    sc_groups_free(g);
    sc_input_spec both = {.result = "a", .n = "b", .pass = "c"};
    assert_int_equal(read_text("a,b,c\n", &both, &g, &st, &e), SC_EINVAL);
    sc_groups_free(g);
}

static void periods_in_the_key(void **state)
{
    (void)state;
    /* three spellings of one quarter are one group, keyed 2024Q3 */
    sc_input_spec spec = {.result = "r", .keys = by_province, .nkeys = 1, .period = "季度",
                          .per = SC_PERIOD_NONE, .period_at = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("省份,季度,r\n浙江,2024Q3,合格\n浙江,2024年第三季度,不合格\n"
                               "浙江, 2024-Q3 ,合格\n浙江,2024Q4,合格\n",
                               &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_count(g), 2);
    assert_string_equal(sc_groups_key(g, 0, 1), "2024Q3");
    assert_int_equal(sc_groups_n(g, 0), 3);
    assert_int_equal(sc_groups_passed(g, 0), 2);
    assert_string_equal(sc_groups_key(g, 1, 1), "2024Q4");
    assert_string_equal(sc_groups_key_name(g, 1), "季度");
    sc_groups_free(g);
    /* the period may come first in the key */
    spec.period_at = 0;
    assert_int_equal(read_text("省份,季度,r\n浙江,2024Q3,合格\n", &spec, &g, &st, &e), SC_OK);
    assert_string_equal(sc_groups_key(g, 0, 0), "2024Q3");
    assert_string_equal(sc_groups_key(g, 0, 1), "浙江");
    assert_string_equal(sc_groups_key_name(g, 0), "季度");
    assert_string_equal(sc_groups_key_name(g, 1), "省份");
    sc_groups_free(g);
    spec.period_at = 1;
    /* dates roll up to the --per granularity */
    spec.per = SC_PERIOD_QUARTER;
    assert_int_equal(read_text("省份,季度,r\n浙江,2024-07-15,合格\n浙江,2024/9/30,不合格\n"
                               "浙江,2024-10-01,合格\n",
                               &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_count(g), 2);
    assert_string_equal(sc_groups_key(g, 0, 1), "2024Q3");
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_string_equal(sc_groups_key(g, 1, 1), "2024Q4");
    sc_groups_free(g);
    /* a date without --per, a bad quarter, and a year among quarters are bad rows */
    spec.per = SC_PERIOD_NONE;
    assert_int_equal(read_text("省份,季度,r\n浙江,2024-07-15,合格\n", &spec, &g, &st, &e), SC_EDATA);
    assert_int_equal(e.line, 2);
    assert_string_equal(e.message, "column \"季度\": \"2024-07-15\" is a date: give --per year, "
                                   "half, quarter or month");
    sc_groups_free(g);
    assert_int_equal(read_text("省份,季度,r\n浙江,2024Q5,合格\n", &spec, &g, &st, &e), SC_EDATA);
    assert_string_equal(e.message, "column \"季度\": \"2024Q5\": quarter must be 1 to 4");
    sc_groups_free(g);
    assert_int_equal(read_text("省份,季度,r\n浙江,2024Q1,合格\n浙江,2024,合格\n", &spec, &g, &st, &e),
                     SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message, "column \"季度\": \"2024\" is a year, but the column's first "
                                   "period is a quarter (2024Q1)");
    sc_groups_free(g);
}

static void numeric_series(void **state)
{
    (void)state;
    sc_input_spec spec = {.value = "指数", .keys = by_province, .nkeys = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text("省份,指数\n浙江,85.21\n浙江, 85.6 \n江苏,-1e-3\n", &spec, &g, &st, &e),
                     SC_OK);
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_rel(sc_groups_value_sum(g, 0), 170.81, EPS_TOL(4));
    assert_true(sc_groups_value_sum(g, 1) == -1e-3);
    sc_groups_free(g);
    const char *bad[] = {"省份,指数\n浙江,\n", "省份,指数\n浙江,NA\n", "省份,指数\n浙江,inf\n",
                         "省份,指数\n浙江,1e999\n", "省份,指数\n浙江,0x10\n", "省份,指数\n浙江,8%\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(read_text(bad[i], &spec, &g, &st, &e), SC_EDATA);
        assert_non_null(strstr(e.message, "is not a number"));
        sc_groups_free(g);
    }
}

/* Contract 11: what the cell callback saw, and a cell it refuses. */
typedef struct cells_seen {
    size_t calls;
    char last[4][64]; /* key, cell, column, file:line of the last call */
} cells_seen;

static sc_status see_cell(void *ctx, const sc_record_cell *cell, sc_error *err)
{
    cells_seen *seen = ctx;
    if (cell->len == 1 && cell->text[0] == 'x')
        return sc_error_set(err, SC_EDATA, cell->file, cell->line, "column \"%s\": refused",
                            cell->column);
    if (cell->len == 1 && cell->text[0] == 'm')
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    seen->calls++;
    snprintf(seen->last[0], sizeof seen->last[0], "%.*s/%.*s", (int)cell->lens[0],
             cell->keys[0], (int)cell->lens[1], cell->keys[1]);
    snprintf(seen->last[1], sizeof seen->last[1], "%.*s", (int)cell->len, cell->text);
    snprintf(seen->last[2], sizeof seen->last[2], "%s", cell->column);
    snprintf(seen->last[3], sizeof seen->last[3], "%llu", cell->line);
    return SC_OK;
}

/* The same groups, keys, counts and order. */
static void assert_same_groups(const sc_groups *a, const sc_groups *b)
{
    assert_int_equal(sc_groups_count(a), sc_groups_count(b));
    for (size_t i = 0; i < sc_groups_count(a); i++) {
        assert_string_equal(sc_groups_key(a, i, 0), sc_groups_key(b, i, 0));
        assert_int_equal(sc_groups_n(a, i), sc_groups_n(b, i));
        assert_int_equal(sc_groups_passed(a, i), sc_groups_passed(b, i));
    }
}

/* Contract 10 with many groups: 50,000 groups over 80,000 rows in 32 chunks,
 * so that each thread's groups fill more than one segment (records.c), and
 * the groups of the two threads interleave: the groups, their order and
 * counts are those of one thread.  Read as a stream, in windows, alike. */
static void many_groups_in_chunks(void **state)
{
    (void)state;
    size_t cap = 80000 * 24 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "id,结论\n");
    for (unsigned i = 0; i < 80000; i++) {
        if (i < 40000) /* each of g00000..g19999 twice, in a shuffled order */
            len += (size_t)snprintf(text + len, cap - len, "g%05u,%s\n", i * 7 % 20000,
                                    i % 3 ? "合格" : "不合格");
        else if (i < 70000) /* 30,000 new groups, once each */
            len += (size_t)snprintf(text + len, cap - len, "u%05u,%s\n", i,
                                    i % 5 ? "合格" : "不合格");
        else /* old groups again, of both kinds */
            len += (size_t)snprintf(text + len, cap - len, "%c%05u,合格\n", i % 2 ? 'g' : 'u',
                                    i % 2 ? i % 20000 : i - 30000);
    }
    static const char *const by_id[] = {"id"};
    sc_input_spec spec = {.result = "结论", .keys = by_id, .nkeys = 1, .threads = 1};
    sc_groups *one, *two;
    sc_read_stats st;
    sc_error e;
    assert_int_equal(read_text(text, &spec, &one, &st, &e), SC_OK);
    spec.threads = 2;
    spec.min_chunk = 1;
    assert_int_equal(read_text(text, &spec, &two, &st, &e), SC_OK);
    /* and as a pipe is read: some sixty windows of 32 KiB, in chunks of 4 KiB */
    sc_groups *stream;
    spec.csv.as_stream = true;
    spec.min_chunk = 4096;
    assert_int_equal(read_text(text, &spec, &stream, &st, &e), SC_OK);
    assert_int_equal(st.rows_read, 80000);
    assert_same_groups(one, stream);
    sc_groups_free(stream);
    /* on more threads too: more lanes for the merge to wait for */
    for (unsigned threads = 3; threads <= 5; threads += 2) {
        sc_groups *more;
        sc_input_spec on_more = spec;
        on_more.threads = threads;
        on_more.min_chunk = 1;
        on_more.csv.as_stream = false;
        assert_int_equal(read_text(text, &on_more, &more, &st, &e), SC_OK);
        assert_same_groups(one, more);
        sc_groups_free(more);
    }
    free(text);
    assert_int_equal(sc_groups_count(one), 50000);
    assert_int_equal(sc_groups_count(two), 50000);
    assert_string_equal(sc_groups_key(two, 0, 0), "g00000");
    assert_string_equal(sc_groups_key(two, 1, 0), "g00007");
    assert_string_equal(sc_groups_key(two, 20000, 0), "u40000");
    assert_int_equal(sc_groups_n(two, 0), 2); /* rows 0 and 20000 */
    assert_int_equal(sc_groups_passed(two, 0), 1); /* row 0 failed, row 20000 passed */
    assert_same_groups(one, two);
    sc_groups_free(one);
    sc_groups_free(two);
}

static void cell_column_hands_each_used_row(void **state)
{
    (void)state;
    static const char *const keys[] = {"省份", "规模"};
    static const sc_where where = {"省份", "合计", true};
    cells_seen seen = {0};
    sc_input_spec spec = {.result = "结论", .keys = keys, .nkeys = 2, .cell_column = "总数",
                          .on_cell = see_cell, .cell_ctx = &seen, .where = &where,
                          .nwhere = 1, .threads = 2, .min_chunk = 1};
    sc_groups *g;
    sc_read_stats st;
    sc_error e;
    /* the filtered row (line 3), the bad row (line 4) and the total row
     * (line 6) reach it not */
    const char *text = "省份,规模,结论,总数\n浙江,大,合格,10\n合计,大,合格,x\n"
                       "浙江,小,合 格,x\n浙江,小,不合格,20\n总计,大,合格,x\n";
    assert_int_equal(read_text(text, &spec, &g, &st, &e), SC_EDATA);
    assert_int_equal(e.line, 4);
    assert_non_null(strstr(e.message, "结论"));
    sc_groups_free(g);
    seen = (cells_seen){0};
    spec.skip_bad = true;
    assert_int_equal(read_text(text, &spec, &g, &st, &e), SC_OK);
    assert_int_equal(seen.calls, 2);
    assert_string_equal(seen.last[0], "浙江/小");
    assert_string_equal(seen.last[1], "20");
    assert_string_equal(seen.last[2], "总数");
    assert_string_equal(seen.last[3], "5");
    assert_int_equal(st.rows_used, 2);
    assert_int_equal(st.rows_skipped, 1);
    sc_groups_free(g);
    /* SC_EDATA from the callback is a bad row: an error at its place, or
     * skipped (the batch not counted) */
    spec.skip_bad = false;
    seen = (cells_seen){0};
    text = "省份,规模,结论,总数\n浙江,大,合格,10\n浙江,大,不合格,x\n浙江,小,合格,3\n";
    assert_int_equal(read_text(text, &spec, &g, &st, &e), SC_EDATA);
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.message, "column \"总数\": refused"));
    sc_groups_free(g);
    spec.skip_bad = true;
    assert_int_equal(read_text(text, &spec, &g, &st, &e), SC_OK);
    assert_int_equal(st.rows_skipped, 1);
    assert_int_equal(sc_groups_n(g, 0), 1);
    assert_int_equal(sc_groups_passed(g, 0), 1);
    assert_non_null(strstr(st.first_skipped.message, "refused"));
    sc_groups_free(g);
    /* another status stops the read, skip_bad or not */
    text = "省份,规模,结论,总数\n浙江,大,合格,m\n浙江,小,合格,3\n";
    assert_int_equal(read_text(text, &spec, &g, &st, &e), SC_ENOMEM);
    sc_groups_free(g);
    /* aggregated input too; a missing column is SC_EINVAL; a column without
     * its callback is a bad spec */
    seen = (cells_seen){0};
    sc_input_spec counts = {.n = "n", .pass = "passed", .keys = keys, .nkeys = 2,
                            .cell_column = "总数", .on_cell = see_cell, .cell_ctx = &seen};
    assert_int_equal(read_text("省份,规模,n,passed,总数\n浙江,大,5,4,10\n", &counts, &g, &st, &e),
                     SC_OK);
    assert_int_equal(seen.calls, 1);
    sc_groups_free(g);
    counts.cell_column = "人数";
    assert_int_equal(read_text("省份,规模,n,passed,总数\n浙江,大,5,4,10\n", &counts, &g, &st, &e),
                     SC_EINVAL);
    sc_groups_free(g);
    counts.on_cell = NULL;
    assert_int_equal(read_text("省份,规模,n,passed,总数\n浙江,大,5,4,10\n", &counts, &g, &st, &e),
                     SC_EINVAL);
    sc_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_verdict_values),
        cmocka_unit_test(bad_verdict_names_place_and_value),
        cmocka_unit_test(custom_values_replace_the_lists),
        cmocka_unit_test(aggregated_counts),
        cmocka_unit_test(printed_rates_give_counts),
        cmocka_unit_test(bad_counts_are_bad_rows),
        cmocka_unit_test(filters_come_first),
        cmocka_unit_test(skip_bad_counts_and_keeps_the_first_reason),
        cmocka_unit_test(missing_column_and_bad_spec),
        cmocka_unit_test(periods_in_the_key),
        cmocka_unit_test(numeric_series),
        cmocka_unit_test(cell_column_hands_each_used_row),
        cmocka_unit_test(pass_and_fail_together),
        cmocka_unit_test(total_rows_left_out),
        cmocka_unit_test(overlapping_verdict_lists),
        cmocka_unit_test(where_on_periods_and_empty_filters),
        cmocka_unit_test(many_groups_in_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
