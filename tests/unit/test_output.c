/* Unit tests: the table writers (src/lib/output.c) and display width
 * (src/lib/wcwidth.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected output is golden text written by hand from the contract in
 * include/spotcheck/output.h (layout rules 4-8); widths of Chinese text come
 * from EastAsianWidth.txt (every CJK ideograph is W, two columns).
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "spotcheck/doc.h"
#include "spotcheck/output.h"
#include "spotcheck/table.h"

/* ---- fixtures ------------------------------------------------------------------ */

static size_t add_row(sc_table *table)
{
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    return row;
}

/* region, n, passed, rate: the shape of `spotcheck-rate` output. */
static sc_table *rate_table(void)
{
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "region", "地区", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", "批次数", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "passed", "合格批次", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    static const struct {
        const char *region;
        uint64_t n, passed;
    } rows[] = {{"北京", 120, 118}, {"内蒙古", 80, 76}, {"Shanghai", 5, 5}, {NULL, 0, 0}};
    for (size_t i = 0; i < 4; i++) {
        size_t row = add_row(table);
        assert_int_equal(sc_table_set_string(table, row, 0, rows[i].region), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 1, rows[i].n), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 2, rows[i].passed), SC_OK);
        double rate = rows[i].n ? (double)rows[i].passed / (double)rows[i].n : NAN;
        assert_int_equal(sc_table_set_double(table, row, 3, rate), SC_OK);
    }
    return table;
}

/* Awkward text and every kind of number for the machine formats. */
static sc_table *text_table(void)
{
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "name", "名称", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "p", NULL, SC_COL_PVALUE), SC_OK);
    assert_int_equal(sc_table_add_column(table, "stat", NULL, SC_COL_REAL), SC_OK);
    static const struct {
        const char *name;
        uint64_t n;
        double rate, p, stat;
    } rows[] = {
        {"plain", 10, 0.125, 0.05, 1.5},
        {"a,b", 0, NAN, NAN, NAN},
        {"say \"hi\"", UINT64_MAX, 1.0 / 3.0, 3.2e-12, -2.5},
        {"line1\nline2", 1, 0.95345, 1e-300, INFINITY},
        {" lead", 2, 0.0, 0.0, -0.0},
        {"trail ", 3, NAN, NAN, NAN},
        {"", 4, NAN, NAN, NAN},
        {NULL, 5, NAN, NAN, NAN},
        {"cr\rx", 6, NAN, NAN, NAN},
        {"tab\there", 7, NAN, NAN, NAN},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t row = add_row(table);
        assert_int_equal(sc_table_set_string(table, row, 0, rows[i].name), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 1, rows[i].n), SC_OK);
        assert_int_equal(sc_table_set_double(table, row, 2, rows[i].rate), SC_OK);
        assert_int_equal(sc_table_set_double(table, row, 3, rows[i].p), SC_OK);
        assert_int_equal(sc_table_set_double(table, row, 4, rows[i].stat), SC_OK);
    }
    return table;
}

/* A table of one double column. */
static sc_table *column_table(const char *name, sc_col_type type, const double *values,
                              size_t count)
{
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, name, NULL, type), SC_OK);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(sc_table_set_double(table, add_row(table), 0, values[i]), SC_OK);
    return table;
}

/* ---- rendering to memory ------------------------------------------------------ */

static char *render_many(const sc_named_table *tables, size_t ntables, sc_format format,
                         int digits, bool percent, sc_lang lang, const sc_meta *meta)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    sc_output_opts opts = {format, digits, percent, lang, SC_ROUND_HALF_UP, false, 0};
    sc_error err;
    sc_error_clear(&err);
    sc_status status = sc_output_write_many(out, tables, ntables, &opts, meta, &err);
    if (status != SC_OK)
        fail_msg("sc_output_write_many: %s", err.message);
    assert_int_equal(fclose(out), 0);
    return text;
}

static char *render(const sc_table *table, sc_format format, int digits, bool percent,
                    sc_lang lang, const sc_meta *meta)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    sc_output_opts opts = {format, digits, percent, lang, SC_ROUND_HALF_UP, false, 0};
    sc_error err;
    sc_error_clear(&err);
    sc_status status = sc_output_write(out, table, &opts, meta, &err);
    if (status != SC_OK)
        fail_msg("sc_output_write: %s", err.message);
    assert_int_equal(fclose(out), 0);
    return text;
}

static void expect_output(const sc_table *table, sc_format format, int digits, bool percent,
                          sc_lang lang, const sc_meta *meta, const char *expected)
{
    char *text = render(table, format, digits, percent, lang, meta);
    if (strcmp(text, expected) != 0)
        print_error("got:\n%s\nwant:\n%s\n", text, expected);
    assert_string_equal(text, expected);
    free(text);
}

/* ---- display width ------------------------------------------------------------ */

static void test_display_width(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t width;
    } cases[] = {
        {"合格率", 6},
        {"abc", 3},
        {"", 0},
        {"a合b", 4},
        {"北京 2024Q3", 11},
        {"e\xcc\x81", 1},           /* e + U+0301 COMBINING ACUTE ACCENT (Mn) */
        {"\xe5\x90\x88\xcc\x81", 2}, /* 合 + U+0301 */
        {"\xe2\x83\x9d", 0},         /* U+20DD COMBINING ENCLOSING CIRCLE (Me) */
        {"a\xe2\x80\x8b" "b", 2},    /* U+200B ZERO WIDTH SPACE (Cf) */
        {"\xef\xbb\xbf" "x", 1},     /* U+FEFF (Cf) */
        {"\xc2\xad", 1},             /* U+00AD SOFT HYPHEN: shown, width 1 */
        {"\xef\xbc\xa1\xef\xbc\xa2", 4}, /* ＡＢ U+FF21 U+FF22 fullwidth (F) */
        {"\xe3\x80\x80", 2},         /* U+3000 IDEOGRAPHIC SPACE (F) */
        {"，。", 4},                 /* U+FF0C (F), U+3002 (W) */
        {"\xef\xbd\xb1", 1},         /* U+FF71 halfwidth katakana (H) */
        {"한국", 4},                 /* Hangul syllables (W) */
        {"\xe1\x84\x80\xe1\x85\xa1", 2}, /* U+1100 choseong (W) + U+1161 jungseong (0) */
        {"\xf0\x9f\x98\x80", 2},     /* U+1F600 emoji (W) */
        {"\xf0\xa0\x80\x80", 2},     /* U+20000 CJK Extension B (W) */
        {"\xe4\xb6\xbf", 2},         /* U+4DBF, unassigned in 15.0 but W by default */
        {"Ω—", 2},                   /* Greek, U+2014 EM DASH (A): 1 each */
        {"\t", 1},                   /* controls count 1: writers show them as a space */
        {"\xff", 1},                 /* invalid bytes count 1 each */
        {"\xff\xfe", 2},
        {"\xe5\x90", 2},             /* truncated 3-byte sequence */
        {"ab\xe5\x90", 4},
        {"\xc0\xaf", 2},             /* overlong '/' */
        {"\xed\xa0\x80", 3},         /* UTF-16 surrogate U+D800 */
        {"\xf4\x90\x80\x80", 4},     /* above U+10FFFF */
        {"\x80合", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t width = sc_display_width(cases[i].text);
        if (width != cases[i].width)
            fail_msg("case %zu: width %zu, want %zu", i, width, cases[i].width);
    }
    assert_int_equal(sc_display_width(NULL), 0);
}

static void test_format_from_name(void **state)
{
    (void)state;
    sc_format format = SC_FORMAT_JSON;
    assert_int_equal(sc_format_from_name("table", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_TABLE);
    assert_int_equal(sc_format_from_name("csv", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_CSV);
    assert_int_equal(sc_format_from_name("tsv", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_TSV);
    assert_int_equal(sc_format_from_name("json", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_JSON);
    assert_int_equal(sc_format_from_name("md", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_MD);
    format = SC_FORMAT_CSV;
    assert_int_equal(sc_format_from_name("markdown", &format), SC_OK);
    assert_int_equal(format, SC_FORMAT_MD);
    assert_int_equal(sc_format_from_name("xml", &format), SC_EINVAL);
    assert_int_equal(sc_format_from_name("CSV", &format), SC_EINVAL);
    assert_int_equal(sc_format_from_name("", &format), SC_EINVAL);
    assert_int_equal(sc_format_from_name("csv ", &format), SC_EINVAL);
    assert_int_equal(sc_format_from_name(NULL, &format), SC_EINVAL);
    assert_int_equal(sc_format_from_name("csv", NULL), SC_EINVAL);
    assert_int_equal(format, SC_FORMAT_MD);
}

/* ---- aligned table ------------------------------------------------------------- */

static void test_table_english(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL,
                  "region      n  passed    rate\n"
                  "--------  ---  ------  ------\n"
                  "北京      120     118  0.9833\n"
                  "内蒙古     80      76  0.9500\n"
                  "Shanghai    5       5  1.0000\n"
                  "NA          0       0      NA\n");
    sc_table_free(table);
}

/* Chinese labels and group names: 地区 is 4 columns, 内蒙古 6, 合格批次 8. */
static void test_table_chinese_percent(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    expect_output(table, SC_FORMAT_TABLE, -1, true, SC_LANG_ZH, NULL,
                  "地区      批次数  合格批次   合格率\n"
                  "--------  ------  --------  -------\n"
                  "北京         120       118   98.33%\n"
                  "内蒙古        80        76   95.00%\n"
                  "Shanghai       5         5  100.00%\n"
                  "NA             0         0       NA\n");
    sc_table_free(table);
}

/* A text column last is not padded (no trailing blanks). */
static void test_table_text_last_and_empty(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "verdict", "结论", SC_COL_STRING), SC_OK);
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_ZH, NULL,
                  "n  结论\n"
                  "-  ----\n");
    size_t row = add_row(table);
    assert_int_equal(sc_table_set_count(table, row, 0, 1234), SC_OK);
    assert_int_equal(sc_table_set_string(table, row, 1, "meets"), SC_OK);
    row = add_row(table);
    assert_int_equal(sc_table_set_count(table, row, 0, 7), SC_OK);
    assert_int_equal(sc_table_set_string(table, row, 1, "达标"), SC_OK);
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL,
                  "   n  verdict\n"
                  "----  -------\n"
                  "1234  meets\n"
                  "   7  达标\n");
    sc_table_free(table);

    sc_table *no_columns = sc_table_new();
    expect_output(no_columns, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL, "");
    expect_output(no_columns, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL, "");
    expect_output(no_columns, SC_FORMAT_MD, -1, false, SC_LANG_EN, NULL, "");
    sc_table_free(no_columns);
}

/* Control characters become a space, invalid bytes '?': data cannot move the
 * cursor (ESC, C1 CSI U+009B) or break the layout (tab). */
static void test_table_sanitises_text(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "label", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    const char *labels[] = {"a\tb", "x\x1b[31my", "bad\xff", "e\xcc\x81", "\xc2\x9b"};
    for (size_t i = 0; i < 5; i++) {
        size_t row = add_row(table);
        assert_int_equal(sc_table_set_string(table, row, 0, labels[i]), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 1, i + 1), SC_OK);
    }
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL,
                  "label    n\n"
                  "-------  -\n"
                  "a b      1\n"
                  "x [31my  2\n"
                  "bad?     3\n"
                  "e\xcc\x81        4\n"
                  "         5\n");
    sc_table_free(table);
}

/* ---- numbers in human formats ---------------------------------------------------- */

static void test_human_pvalues(void **state)
{
    (void)state;
    const double p[] = {0.045678, 0.5, 1.0, 3.2e-12, 0.0, 0.0001, 0.00009999, NAN};
    sc_table *table = column_table("p", SC_COL_PVALUE, p, 8);
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL,
                  "        p\n"
                  "---------\n"
                  "  0.04568\n"
                  "   0.5000\n"
                  "    1.000\n"
                  "3.200e-12\n"
                  "  <1e-300\n"
                  "0.0001000\n"
                  "9.999e-05\n"
                  "       NA\n");
    /* --percent does not touch p-values */
    expect_output(table, SC_FORMAT_TABLE, -1, true, SC_LANG_EN, NULL,
                  "        p\n"
                  "---------\n"
                  "  0.04568\n"
                  "   0.5000\n"
                  "    1.000\n"
                  "3.200e-12\n"
                  "  <1e-300\n"
                  "0.0001000\n"
                  "9.999e-05\n"
                  "       NA\n");
    sc_table_free(table);

    const double q[] = {0.045678, 0.001, 0.0, 0.005, 0.00499, 1.0};
    table = column_table("p", SC_COL_PVALUE, q, 6);
    expect_output(table, SC_FORMAT_TABLE, 2, false, SC_LANG_EN, NULL,
                  "    p\n"
                  "-----\n"
                  " 0.05\n"
                  "<0.01\n"
                  "<0.01\n"
                  " 0.01\n"
                  "<0.01\n"
                  " 1.00\n");
    sc_table_free(table);

    const double r[] = {0.3, 0.5};
    table = column_table("p", SC_COL_PVALUE, r, 2);
    expect_output(table, SC_FORMAT_TABLE, 0, false, SC_LANG_EN, NULL,
                  " p\n"
                  "--\n"
                  "<1\n"
                  " 1\n");
    sc_table_free(table);
}

static void test_human_reals(void **state)
{
    (void)state;
    const double x[] = {1.5,  -2.25, 12345.678, 3e-6,     1e20,     0.0,
                        -0.00004, 0.00005, INFINITY, -INFINITY, -0.00005};
    sc_table *table = column_table("x", SC_COL_REAL, x, 11);
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL,
                  "         x\n"
                  "----------\n"
                  "    1.5000\n"
                  "   -2.2500\n"
                  "12345.6780\n"
                  " 3.000e-06\n"
                  " 1.000e+20\n"
                  "    0.0000\n"
                  "-4.000e-05\n"
                  "    0.0001\n"
                  "       Inf\n"
                  "      -Inf\n"
                  "   -0.0001\n");
    sc_table_free(table);

    /* explicit digits: fixed decimals (no percent for reals), but 1e15 and
     * beyond stay scientific */
    const double y[] = {1e20, 3e-6, 2.675, 999999999999999.9, -1e15};
    table = column_table("y", SC_COL_REAL, y, 5);
    expect_output(table, SC_FORMAT_TABLE, 2, true, SC_LANG_EN, NULL,
                  "                 y\n"
                  "------------------\n"
                  "         1.000e+20\n"
                  "              0.00\n"
                  "              2.68\n"
                  "999999999999999.90\n"
                  "        -1.000e+15\n");
    sc_table_free(table);
}

static void test_human_proportions(void **state)
{
    (void)state;
    const double rate[] = {0.95345, 0.99951, 0.0, NAN, -0.0125};
    sc_table *table = column_table("rate", SC_COL_PROPORTION, rate, 5);
    expect_output(table, SC_FORMAT_TABLE, 1, true, SC_LANG_EN, NULL,
                  "  rate\n"
                  "------\n"
                  " 95.3%\n"
                  "100.0%\n"
                  "  0.0%\n"
                  "    NA\n"
                  " -1.3%\n");
    expect_output(table, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL,
                  "   rate\n"
                  "-------\n"
                  " 0.9535\n"
                  " 0.9995\n"
                  " 0.0000\n"
                  "     NA\n"
                  "-0.0125\n");
    expect_output(table, SC_FORMAT_TABLE, -1, true, SC_LANG_EN, NULL,
                  "  rate\n"
                  "------\n"
                  "95.35%\n"
                  "99.95%\n"
                  " 0.00%\n"
                  "    NA\n"
                  "-1.25%\n");
    sc_table_free(table);
}

/* Points, settings and exact fractions (output.h contracts 1a, 3, 3a). */
static void test_points_settings_fractions(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "diff", "变化", SC_COL_POINTS), SC_OK);
    assert_int_equal(sc_table_add_column(table, "level", "置信水平", SC_COL_SETTING), SC_OK);
    size_t row = add_row(table);
    /* 23/40 = 0.575; 23/40 - 10/20 = 0.075 exactly (the double is 0.07499999999999996) */
    assert_int_equal(sc_table_set_fraction(table, row, 0, &(sc_fraction){23, 40, 0, 1}), SC_OK);
    assert_int_equal(sc_table_set_fraction(table, row, 1, &(sc_fraction){23, 40, 10, 20}), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 2, 0.95), SC_OK);
    row = add_row(table);
    /* 1/8 = 0.125: a tie, up or to even */
    assert_int_equal(sc_table_set_fraction(table, row, 0, &(sc_fraction){1, 8, 0, 1}), SC_OK);
    assert_int_equal(sc_table_set_fraction(table, row, 1, &(sc_fraction){0, 1, 1, 8}), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 2, 0.985), SC_OK);
    expect_output(table, SC_FORMAT_TABLE, 2, false, SC_LANG_EN, NULL,
                  "rate   diff  level\n"
                  "----  -----  -----\n"
                  "0.58   0.08   0.95\n"
                  "0.13  -0.13  0.985\n");
    expect_output(table, SC_FORMAT_TABLE, 0, true, SC_LANG_EN, NULL,
                  "rate  diff (pp)  level\n"
                  "----  ---------  -----\n"
                  " 58%          8    95%\n"
                  " 13%        -13  98.5%\n");
    expect_output(table, SC_FORMAT_MD, 1, true, SC_LANG_ZH, NULL,
                  "| 合格率 | 变化（百分点） | 置信水平 |\n"
                  "| -----: | -------------: | -------: |\n"
                  "|  57.5% |            7.5 |      95% |\n"
                  "|  12.5% |          -12.5 |    98.5% |\n");
    expect_output(table, SC_FORMAT_CSV, 2, true, SC_LANG_EN, NULL,
                  "rate,diff,level\n57.50,7.50,95\n12.50,-12.50,98.5\n");
    expect_output(table, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL,
                  "rate,diff,level\n0.575,0.07499999999999996,0.95\n0.125,-0.125,0.985\n");
    /* half-even, in one place for every format */
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    sc_output_opts opts = {SC_FORMAT_CSV, 2, false, SC_LANG_EN, SC_ROUND_HALF_EVEN, false, 0};
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_output_write(out, table, &opts, NULL, &err), SC_OK);
    assert_int_equal(fclose(out), 0);
    assert_string_equal(text, "rate,diff,level\n0.58,0.08,0.95\n0.12,-0.12,0.985\n");
    free(text);
    sc_table_free(table);
}

/* ---- markdown ------------------------------------------------------------------ */

static void test_md(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    expect_output(table, SC_FORMAT_MD, -1, false, SC_LANG_EN, NULL,
                  "| region   |   n | passed |   rate |\n"
                  "| -------- | --: | -----: | -----: |\n"
                  "| 北京     | 120 |    118 | 0.9833 |\n"
                  "| 内蒙古   |  80 |     76 | 0.9500 |\n"
                  "| Shanghai |   5 |      5 | 1.0000 |\n"
                  "| NA       |   0 |      0 |     NA |\n");
    expect_output(table, SC_FORMAT_MD, -1, true, SC_LANG_ZH, NULL,
                  "| 地区     | 批次数 | 合格批次 |  合格率 |\n"
                  "| -------- | -----: | -------: | ------: |\n"
                  "| 北京     |    120 |      118 |  98.33% |\n"
                  "| 内蒙古   |     80 |       76 |  95.00% |\n"
                  "| Shanghai |      5 |        5 | 100.00% |\n"
                  "| NA       |      0 |        0 |      NA |\n");
    sc_table_free(table);
}

static void test_md_escaping(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "label", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    const char *labels[] = {"A|B", "C\\D", "x\ny", "p\r\nq", ""};
    for (size_t i = 0; i < 5; i++) {
        size_t row = add_row(table);
        assert_int_equal(sc_table_set_string(table, row, 0, labels[i]), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 1, i + 1), SC_OK);
    }
    expect_output(table, SC_FORMAT_MD, -1, false, SC_LANG_EN, NULL,
                  "| label |   n |\n"
                  "| ----- | --: |\n"
                  "| A\\|B  |   1 |\n"
                  "| C\\\\D  |   2 |\n"
                  "| x y   |   3 |\n"
                  "| p  q  |   4 |\n"
                  "|       |   5 |\n");
    sc_table_free(table);
}

/* ---- one cell's text (doc.h) ------------------------------------------------- */

/* Field `col` (from 0) of a pipe-table line, without its padding. */
static void md_field(const char *line, size_t col, char *out, size_t size)
{
    const char *start = line + 1; /* after the leading '|' */
    for (size_t i = 0; i < col; i++) {
        start = strchr(start, '|');
        assert_non_null(start);
        start++;
    }
    const char *end = strchr(start, '|');
    assert_non_null(end);
    while (*start == ' ')
        start++;
    while (end > start && end[-1] == ' ')
        end--;
    size_t len = (size_t)(end - start);
    assert_true(len < size);
    memcpy(out, start, len);
    out[len] = '\0';
}

/* Every header and cell text equals what the md writer prints for it. */
static void expect_cells_match_md(const sc_table *table, int digits, bool percent, sc_lang lang)
{
    char *md = render(table, SC_FORMAT_MD, digits, percent, lang, NULL);
    sc_output_opts opts = {SC_FORMAT_TABLE, digits, percent, lang, SC_ROUND_HALF_UP, false, 0};
    char want[128], got[128];
    const char *line = md;
    for (size_t row = 0; row <= sc_table_rows(table); row++) {
        for (size_t col = 0; col < sc_table_columns(table); col++) {
            md_field(line, col, want, sizeof want);
            size_t len = row == 0
                             ? sc_output_header_text(table, col, &opts, got, sizeof got)
                             : sc_output_cell_text(table, row - 1, col, &opts, got, sizeof got);
            assert_string_equal(got, want);
            assert_int_equal(len, strlen(want));
        }
        line = strchr(line, '\n') + 1;
        if (row == 0)
            line = strchr(line, '\n') + 1; /* the delimiter row */
    }
    free(md);
}

static void test_cell_text(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    sc_output_opts percent_zh = {SC_FORMAT_CSV, -1, true, SC_LANG_ZH, SC_ROUND_HALF_UP, false, 0};
    char buf[64];
    assert_int_equal(sc_output_cell_text(table, 0, 3, &percent_zh, buf, sizeof buf), 6);
    assert_string_equal(buf, "98.33%"); /* 118/120, format ignored: human */
    assert_int_equal(sc_output_cell_text(table, 3, 3, &percent_zh, buf, sizeof buf), 2);
    assert_string_equal(buf, "NA");
    assert_int_equal(sc_output_cell_text(table, 9, 0, &percent_zh, buf, sizeof buf), 2);
    assert_string_equal(buf, "NA"); /* out of range */
    assert_int_equal(sc_output_cell_text(table, 0, 3, NULL, buf, sizeof buf), 6);
    assert_string_equal(buf, "0.9833"); /* NULL options: the defaults */
    assert_int_equal(sc_output_header_text(table, 3, &percent_zh, buf, sizeof buf), 9);
    assert_string_equal(buf, "合格率");
    assert_int_equal(sc_output_header_text(table, 9, &percent_zh, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    /* cut like snprintf, but never inside a character: "内蒙古" is 9 bytes */
    assert_int_equal(sc_output_cell_text(table, 1, 0, &percent_zh, buf, 8), 9);
    assert_string_equal(buf, "内蒙");
    assert_int_equal(sc_output_cell_text(table, 1, 0, &percent_zh, buf, 3), 9);
    assert_string_equal(buf, "");
    assert_int_equal(sc_output_cell_text(table, 1, 0, &percent_zh, NULL, 0), 9);
    assert_int_equal(sc_output_cell_text(NULL, 0, 0, &percent_zh, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    expect_cells_match_md(table, -1, false, SC_LANG_EN);
    expect_cells_match_md(table, -1, true, SC_LANG_ZH);
    expect_cells_match_md(table, 1, true, SC_LANG_EN);
    sc_table_free(table);
}

static void test_cell_text_kinds(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "diff", "变化", SC_COL_POINTS), SC_OK);
    assert_int_equal(sc_table_add_column(table, "p", "p值", SC_COL_PVALUE), SC_OK);
    assert_int_equal(sc_table_add_column(table, "level", "置信水平", SC_COL_SETTING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "stat", "统计量", SC_COL_REAL), SC_OK);
    size_t row = add_row(table);
    /* 23/40 - 10/20 = 0.075 exactly: "7.50" points at 2 decimals (the double is below) */
    assert_int_equal(sc_table_set_fraction(table, row, 0, &(sc_fraction){23, 40, 10, 20}), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 1, 0.38091), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 2, 0.95), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 3, 3e-6), SC_OK);
    row = add_row(table);
    assert_int_equal(sc_table_set_double(table, row, 1, 3.2e-12), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 3, -INFINITY), SC_OK);
    sc_output_opts opts = {SC_FORMAT_MD, -1, true, SC_LANG_ZH, SC_ROUND_HALF_UP, false, 0};
    char buf[64];
    sc_output_cell_text(table, 0, 0, &opts, buf, sizeof buf);
    assert_string_equal(buf, "7.50");
    sc_output_cell_text(table, 0, 1, &opts, buf, sizeof buf);
    assert_string_equal(buf, "0.3809");
    sc_output_cell_text(table, 0, 2, &opts, buf, sizeof buf);
    assert_string_equal(buf, "95%");
    sc_output_cell_text(table, 0, 3, &opts, buf, sizeof buf);
    assert_string_equal(buf, "3.000e-06");
    sc_output_header_text(table, 0, &opts, buf, sizeof buf);
    assert_string_equal(buf, "变化（百分点）");
    opts.lang = SC_LANG_EN;
    sc_output_header_text(table, 0, &opts, buf, sizeof buf);
    assert_string_equal(buf, "diff (pp)");
    for (int digits = -1; digits <= 3; digits++) {
        expect_cells_match_md(table, digits, true, SC_LANG_ZH);
        expect_cells_match_md(table, digits, false, SC_LANG_EN);
    }
    sc_table_free(table);
}

/* ---- csv and tsv ----------------------------------------------------------------- */

static void test_csv(void **state)
{
    (void)state;
    sc_table *table = text_table();
    expect_output(table, SC_FORMAT_CSV, -1, false, SC_LANG_ZH, NULL, /* zh: names stay English */
                  "name,n,rate,p,stat\n"
                  "plain,10,0.125,0.05,1.5\n"
                  "\"a,b\",0,,,\n"
                  "\"say \"\"hi\"\"\",18446744073709551615,0.3333333333333333,3.2e-12,-2.5\n"
                  "\"line1\nline2\",1,0.95345,1e-300,Inf\n"
                  "\" lead\",2,0,0,0\n"
                  "\"trail \",3,,,\n"
                  ",4,,,\n"
                  ",5,,,\n"
                  "\"cr\rx\",6,,,\n"
                  "tab\there,7,,,\n");
    sc_table_free(table);
}

/* --digits rounds machine formats half-up too; --percent shifts without "%". */
static void test_csv_digits_percent(void **state)
{
    (void)state;
    sc_table *table = text_table();
    expect_output(table, SC_FORMAT_CSV, 2, true, SC_LANG_EN, NULL,
                  "name,n,rate,p,stat\n"
                  "plain,10,12.50,0.05,1.50\n"
                  "\"a,b\",0,,,\n"
                  "\"say \"\"hi\"\"\",18446744073709551615,33.33,0.00,-2.50\n"
                  "\"line1\nline2\",1,95.35,0.00,Inf\n"
                  "\" lead\",2,0.00,0.00,0.00\n"
                  "\"trail \",3,,,\n"
                  ",4,,,\n"
                  ",5,,,\n"
                  "\"cr\rx\",6,,,\n"
                  "tab\there,7,,,\n");
    expect_output(table, SC_FORMAT_CSV, -1, true, SC_LANG_EN, NULL,
                  "name,n,rate,p,stat\n"
                  "plain,10,12.5,0.05,1.5\n"
                  "\"a,b\",0,,,\n"
                  "\"say \"\"hi\"\"\",18446744073709551615,33.33333333333333,3.2e-12,-2.5\n"
                  "\"line1\nline2\",1,95.345,1e-300,Inf\n"
                  "\" lead\",2,0,0,0\n"
                  "\"trail \",3,,,\n"
                  ",4,,,\n"
                  ",5,,,\n"
                  "\"cr\rx\",6,,,\n"
                  "tab\there,7,,,\n");
    sc_table_free(table);
}

/* A cell equal to the one above is written as that one was, unless its
 * text depends on more than what the two hold: 23/40 - 10/20 is exactly
 * 0.075, a tie that --digits 2 rounds up to 0.08 (output.h, exact
 * fractions), while its double, 0.07499999999999996, rounds down to 0.07,
 * set on its own or as the fraction 7499999999999996/10^17 (the same
 * double); rows alternate between them, repeat, and go missing. */
static void test_csv_repeated_cells(void **state)
{
    (void)state;
    sc_table *t = sc_table_new();
    assert_non_null(t);
    assert_int_equal(sc_table_add_column(t, "name", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(t, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    const sc_fraction tie = {23, 40, 10, 20};
    const sc_fraction under = {7499999999999996, UINT64_C(100000000000000000), 0, 1};
    double below = (double)23 / 40 - (double)10 / 20;
    enum { EXACT, UNDER, PLAIN, MISSING } kinds[] = {EXACT, PLAIN,   EXACT, EXACT, UNDER,
                                                     EXACT, MISSING, PLAIN, PLAIN};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t row = add_row(t);
        assert_int_equal(sc_table_set_string(t, row, 0, "a"), SC_OK);
        if (kinds[i] == MISSING)
            continue;
        assert_int_equal(sc_table_set_count(t, row, 1, 1), SC_OK);
        if (kinds[i] != PLAIN)
            assert_int_equal(
                sc_table_set_fraction(t, row, 2, kinds[i] == EXACT ? &tie : &under), SC_OK);
        else
            assert_int_equal(sc_table_set_double(t, row, 2, below), SC_OK);
    }
    expect_output(t, SC_FORMAT_CSV, 2, false, SC_LANG_EN, NULL,
                  "name,n,rate\n"
                  "a,1,0.08\n"
                  "a,1,0.07\n"
                  "a,1,0.08\n"
                  "a,1,0.08\n"
                  "a,1,0.07\n"
                  "a,1,0.08\n"
                  "a,,\n"
                  "a,1,0.07\n"
                  "a,1,0.07\n");
    expect_output(t, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL,
                  "name,n,rate\n"
                  "a,1,0.07499999999999996\n"
                  "a,1,0.07499999999999996\n"
                  "a,1,0.07499999999999996\n"
                  "a,1,0.07499999999999996\n"
                  "a,1,0.07499999999999996\n"
                  "a,1,0.07499999999999996\n"
                  "a,,\n"
                  "a,1,0.07499999999999996\n"
                  "a,1,0.07499999999999996\n");
    sc_table_free(t);
}

/* Rows whose last columns repeat the row above, from every column on
 * (the whole row), from a middle one, and not at all, with missing cells and
 * a quoted key: the repeated columns' text is copied from the row above in
 * one piece, which must give each row its own text. */
static void test_csv_repeated_tails(void **state)
{
    (void)state;
    sc_table *t = sc_table_new();
    assert_non_null(t);
    assert_int_equal(sc_table_add_column(t, "key", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(t, "note", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    static const struct {
        const char *key;
        long long n; /* -1: missing */
        const char *note;
        double rate; /* NaN: missing */
    } rows[] = {
        {"a", 1, "x", 0.5},   {"b", 1, "x", 0.5},    {"b", 2, "x", 0.5}, {"b", 2, "y", 0.5},
        {"b", 2, "y", 0.5},   {"c", -1, "y", 0.5},   {"c", -1, NULL, NAN}, {"c,d", -1, NULL, NAN},
        {"c,d", 2, "y", 0.5}, {"c,d", 2, "y", 0.25},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t row = add_row(t);
        assert_int_equal(sc_table_set_string(t, row, 0, rows[i].key), SC_OK);
        if (rows[i].n >= 0)
            assert_int_equal(sc_table_set_count(t, row, 1, (uint64_t)rows[i].n), SC_OK);
        assert_int_equal(sc_table_set_string(t, row, 2, rows[i].note), SC_OK);
        assert_int_equal(sc_table_set_double(t, row, 3, rows[i].rate), SC_OK);
    }
    expect_output(t, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL,
                  "key,n,note,rate\n"
                  "a,1,x,0.5\n"
                  "b,1,x,0.5\n"
                  "b,2,x,0.5\n"
                  "b,2,y,0.5\n"
                  "b,2,y,0.5\n"
                  "c,,y,0.5\n"
                  "c,,,\n"
                  "\"c,d\",,,\n"
                  "\"c,d\",2,y,0.5\n"
                  "\"c,d\",2,y,0.25\n");
    expect_output(t, SC_FORMAT_TSV, -1, false, SC_LANG_EN, NULL,
                  "key\tn\tnote\trate\n"
                  "a\t1\tx\t0.5\n"
                  "b\t1\tx\t0.5\n"
                  "b\t2\tx\t0.5\n"
                  "b\t2\ty\t0.5\n"
                  "b\t2\ty\t0.5\n"
                  "c\t\ty\t0.5\n"
                  "c\t\t\t\n"
                  "c,d\t\t\t\n"
                  "c,d\t2\ty\t0.5\n"
                  "c,d\t2\ty\t0.25\n");
    sc_table_free(t);
}

/* Columns set whole (sc_table_set_column_*) are written on every row, rows
 * added before and after, in every format. */
static void test_constant_columns(void **state)
{
    (void)state;
    sc_table *t = sc_table_new();
    assert_non_null(t);
    assert_int_equal(sc_table_add_column(t, "name", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "method", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "level", NULL, SC_COL_SETTING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "note", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_set_string(t, add_row(t), 0, "a"), SC_OK);
    assert_int_equal(sc_table_set_column_string(t, 1, "wilson"), SC_OK);
    assert_int_equal(sc_table_set_column_double(t, 2, 0.95), SC_OK);
    assert_int_equal(sc_table_set_column_string(t, 3, NULL), SC_OK);
    assert_int_equal(sc_table_set_string(t, add_row(t), 0, "b,c"), SC_OK);
    expect_output(t, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL,
                  "name,method,level,note\n"
                  "a,wilson,0.95,\n"
                  "\"b,c\",wilson,0.95,\n");
    expect_output(t, SC_FORMAT_CSV, 1, true, SC_LANG_EN, NULL,
                  "name,method,level,note\n"
                  "a,wilson,95,\n"
                  "\"b,c\",wilson,95,\n");
    expect_output(t, SC_FORMAT_MD, -1, false, SC_LANG_EN, NULL,
                  "| name | method | level | note |\n"
                  "| ---- | ------ | ----: | ---- |\n"
                  "| a    | wilson |  0.95 | NA   |\n"
                  "| b,c  | wilson |  0.95 | NA   |\n");
    sc_table_free(t);
}

/* Header names are quoted by the same rule. */
static void test_csv_header_quoting(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "地区,省", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "a\"b", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "产品类别", NULL, SC_COL_STRING), SC_OK);
    size_t row = add_row(table);
    assert_int_equal(sc_table_set_string(table, row, 0, "广东"), SC_OK);
    assert_int_equal(sc_table_set_string(table, row, 1, "\""), SC_OK);
    assert_int_equal(sc_table_set_string(table, row, 2, "食品"), SC_OK);
    expect_output(table, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL,
                  "\"地区,省\",\"a\"\"b\",产品类别\n"
                  "广东,\"\"\"\",食品\n");
    sc_table_free(table);
}

static void test_tsv(void **state)
{
    (void)state;
    sc_table *table = text_table();
    expect_output(table, SC_FORMAT_TSV, -1, false, SC_LANG_EN, NULL,
                  "name\tn\trate\tp\tstat\n"
                  "plain\t10\t0.125\t0.05\t1.5\n"
                  "a,b\t0\t\t\t\n"
                  "say \"hi\"\t18446744073709551615\t0.3333333333333333\t3.2e-12\t-2.5\n"
                  "line1 line2\t1\t0.95345\t1e-300\tInf\n"
                  " lead\t2\t0\t0\t0\n"
                  "trail \t3\t\t\t\n"
                  "\t4\t\t\t\n"
                  "\t5\t\t\t\n"
                  "cr x\t6\t\t\t\n"
                  "tab here\t7\t\t\t\n");
    sc_table_free(table);
}

/* ---- json ---------------------------------------------------------------------- */

static sc_table *json_table(void)
{
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "name", "名称", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "p", NULL, SC_COL_PVALUE), SC_OK);
    size_t row = add_row(table);
    assert_int_equal(
        sc_table_set_string(table, row, 0, "北京\"q\"\\\x01\x1f\n\t\x7f\xc2\x85/\b\f\r"),
        SC_OK);
    assert_int_equal(sc_table_set_count(table, row, 1, 120), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 2, 118.0 / 120.0), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 3, 1e-300), SC_OK);
    row = add_row(table);
    assert_int_equal(sc_table_set_count(table, row, 1, 0), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 3, INFINITY), SC_OK);
    row = add_row(table);
    assert_int_equal(sc_table_set_string(table, row, 0, "bad\xff\xe5\x90"), SC_OK);
    assert_int_equal(sc_table_set_count(table, row, 1, UINT64_MAX), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 2, 0.5), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, 3, 0.0), SC_OK);
    return table;
}

static void test_json(void **state)
{
    (void)state;
    sc_table *table = json_table();
    const char *inputs[] = {"q3.csv", "-"};
    const sc_kv options[] = {{"method", "wilson"}, {"level", "0.95"}, {"note", NULL}};
    const sc_meta_count counts[] = {{"groups_left_out", 2}};
    sc_meta meta = {"rate", "0.1.0", inputs, 2, 10, 9, 1, 3, options, 3, counts, 1, false, 0};
    expect_output(
        table, SC_FORMAT_JSON, -1, false, SC_LANG_ZH, &meta,
        "{\n"
        "  \"meta\": {\"tool\": \"rate\", \"version\": \"0.1.0\", \"inputs\": [\"q3.csv\", \"-\"], "
        "\"rows_read\": 10, \"rows_used\": 9, \"rows_skipped\": 1, \"total_rows_left_out\": 3, "
        "\"groups_left_out\": 2, "
        "\"options\": "
        "{\"method\": \"wilson\", \"level\": \"0.95\", \"note\": null}},\n"
        "  \"rows\": [\n"
        "    {\"name\": \"北京\\\"q\\\"\\\\\\u0001\\u001f\\n\\t\\u007f\\u0085/\\b\\f\\r\", "
        "\"n\": 120, \"rate\": 0.9833333333333333, \"p\": 1e-300},\n"
        "    {\"name\": null, \"n\": 0, \"rate\": null, \"p\": \"Inf\"},\n"
        "    {\"name\": \"bad\\ufffd\\ufffd\\ufffd\", \"n\": 18446744073709551615, "
        "\"rate\": 0.5, \"p\": 0}\n"
        "  ]\n"
        "}\n");
    /* rounded and in percent; no meta */
    expect_output(
        table, SC_FORMAT_JSON, 2, true, SC_LANG_EN, NULL,
        "{\n"
        "  \"rows\": [\n"
        "    {\"name\": \"北京\\\"q\\\"\\\\\\u0001\\u001f\\n\\t\\u007f\\u0085/\\b\\f\\r\", "
        "\"n\": 120, \"rate\": 98.33, \"p\": 0.00},\n"
        "    {\"name\": null, \"n\": 0, \"rate\": null, \"p\": \"Inf\"},\n"
        "    {\"name\": \"bad\\ufffd\\ufffd\\ufffd\", \"n\": 18446744073709551615, "
        "\"rate\": 50.00, \"p\": 0.00}\n"
        "  ]\n"
        "}\n");
    sc_table_free(table);
}

static void test_json_many_and_empty(void **state)
{
    (void)state;
    sc_table *groups = rate_table();
    sc_table *tests = sc_table_new();
    assert_int_equal(sc_table_add_column(tests, "test", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(tests, "p_value", NULL, SC_COL_PVALUE), SC_OK);
    const sc_named_table tables[] = {{"groups", groups}, {"tests", tests}};
    sc_meta meta = {"compare", NULL, NULL, 0, 0, 0, 0, 0, NULL, 0, NULL, 0, false, 0};
    char *text = render_many(tables, 2, SC_FORMAT_JSON, -1, false, SC_LANG_EN, &meta);
    assert_string_equal(
        text, "{\n"
              "  \"meta\": {\"tool\": \"compare\", \"version\": null, \"inputs\": [], "
              "\"rows_read\": 0, \"rows_used\": 0, \"rows_skipped\": 0, "
              "\"total_rows_left_out\": 0, \"options\": {}},\n"
              "  \"groups\": [\n"
              "    {\"region\": \"北京\", \"n\": 120, \"passed\": 118, \"rate\": 0.9833333333333333},\n"
              "    {\"region\": \"内蒙古\", \"n\": 80, \"passed\": 76, \"rate\": 0.95},\n"
              "    {\"region\": \"Shanghai\", \"n\": 5, \"passed\": 5, \"rate\": 1},\n"
              "    {\"region\": null, \"n\": 0, \"passed\": 0, \"rate\": null}\n"
              "  ],\n"
              "  \"tests\": []\n"
              "}\n");
    free(text);

    text = render_many(tables, 0, SC_FORMAT_JSON, -1, false, SC_LANG_EN, &meta);
    assert_string_equal(
        text, "{\n"
              "  \"meta\": {\"tool\": \"compare\", \"version\": null, \"inputs\": [], "
              "\"rows_read\": 0, \"rows_used\": 0, \"rows_skipped\": 0, "
              "\"total_rows_left_out\": 0, \"options\": {}}\n"
              "}\n");
    free(text);
    text = render_many(tables, 0, SC_FORMAT_JSON, -1, false, SC_LANG_EN, NULL);
    assert_string_equal(text, "{\n}\n");
    free(text);
    sc_table_free(groups);
    sc_table_free(tests);
}

/* Other formats: the tables one after another, a blank line between. */
static void test_many_plain_formats(void **state)
{
    (void)state;
    sc_table *first = sc_table_new();
    assert_int_equal(sc_table_add_column(first, "test", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(first, "df", NULL, SC_COL_COUNT), SC_OK);
    size_t row = add_row(first);
    assert_int_equal(sc_table_set_string(first, row, 0, "pearson"), SC_OK);
    assert_int_equal(sc_table_set_count(first, row, 1, 3), SC_OK);
    sc_table *second = sc_table_new();
    assert_int_equal(sc_table_add_column(second, "diff", "差值", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_set_double(second, add_row(second), 0, -0.012345), SC_OK);
    const sc_named_table tables[] = {{"tests", first}, {"pairwise", second}};

    char *text = render_many(tables, 2, SC_FORMAT_CSV, -1, false, SC_LANG_EN, NULL);
    assert_string_equal(text, "test,df\npearson,3\n\ndiff\n-0.012345\n");
    free(text);
    text = render_many(tables, 2, SC_FORMAT_TABLE, -1, true, SC_LANG_ZH, NULL);
    assert_string_equal(text, "test     df\n"
                              "-------  --\n"
                              "pearson   3\n"
                              "\n"
                              "  差值\n"
                              "------\n"
                              "-1.23%\n");
    free(text);
    text = render_many(tables, 0, SC_FORMAT_TABLE, -1, false, SC_LANG_EN, NULL);
    assert_string_equal(text, "");
    free(text);
    sc_table_free(first);
    sc_table_free(second);
}

/* ---- failures ------------------------------------------------------------------ */

static sc_status write_to(FILE *out, sc_format format, sc_error *err)
{
    sc_table *table = rate_table();
    sc_output_opts opts = {format, -1, false, SC_LANG_EN, SC_ROUND_HALF_UP, false, 0};
    sc_error_clear(err);
    sc_status status = sc_output_write(out, table, &opts, NULL, err);
    sc_table_free(table);
    return status;
}

static void test_dev_full(void **state)
{
    (void)state;
    const sc_format formats[] = {SC_FORMAT_TABLE, SC_FORMAT_CSV, SC_FORMAT_TSV, SC_FORMAT_JSON,
                                 SC_FORMAT_MD};
    for (size_t i = 0; i < 5; i++) {
        for (int buffered = 0; buffered < 2; buffered++) {
            FILE *out = fopen("/dev/full", "w");
            if (!out)
                skip();
            if (!buffered)
                assert_int_equal(setvbuf(out, NULL, _IONBF, 0), 0);
            sc_error err;
            assert_int_equal(write_to(out, formats[i], &err), SC_EIO);
            assert_int_equal(err.status, SC_EIO);
            assert_non_null(strstr(err.message, "cannot write output"));
            assert_non_null(strstr(err.message, strerror(ENOSPC)));
            fclose(out);
        }
    }
}

static void test_closed_pipe(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    void (*previous)(int) = signal(SIGPIPE, SIG_IGN);
    close(fds[0]);
    FILE *out = fdopen(fds[1], "w");
    assert_non_null(out);
    sc_error err;
    assert_int_equal(write_to(out, SC_FORMAT_CSV, &err), SC_EIO);
    assert_non_null(strstr(err.message, strerror(EPIPE)));
    fclose(out);
    signal(SIGPIPE, previous);
}

static void test_read_only_stream(void **state)
{
    (void)state;
    FILE *out = fopen("/dev/null", "r");
    assert_non_null(out);
    sc_error err;
    assert_int_equal(write_to(out, SC_FORMAT_JSON, &err), SC_EIO);
    assert_int_equal(err.status, SC_EIO);
    fclose(out);
}

/* A table of 40,000 rows as csv and tsv on 1 and 3 threads (output.c formats
 * it in rounds of 16,384 rows per thread, and writes a round while the next
 * is formatted): the same bytes, rows in order; and into a full device. */
static void test_rows_on_threads(void **state)
{
    (void)state;
    sc_table *t = sc_table_new();
    assert_non_null(t);
    assert_int_equal(sc_table_add_column(t, "id", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(t, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    for (unsigned i = 0; i < 40000; i++) {
        size_t row;
        char id[32];
        snprintf(id, sizeof id, i % 7 ? "g%u" : "g,%u", i); /* some quoted */
        assert_int_equal(sc_table_add_row(t, &row), SC_OK);
        assert_int_equal(sc_table_set_string(t, row, 0, id), SC_OK);
        assert_int_equal(sc_table_set_count(t, row, 1, i), SC_OK);
        assert_int_equal(sc_table_set_double(t, row, 2, (double)(i % 8) / 8), SC_OK);
    }
    for (int tsv = 0; tsv < 2; tsv++) {
        char *text[2] = {NULL, NULL};
        size_t size[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            FILE *out = open_memstream(&text[k], &size[k]);
            assert_non_null(out);
            sc_output_opts opts = {tsv ? SC_FORMAT_TSV : SC_FORMAT_CSV, -1, false, SC_LANG_EN,
                                   SC_ROUND_HALF_UP, false, k ? 3 : 1};
            sc_error err;
            sc_error_clear(&err);
            assert_int_equal(sc_output_write(out, t, &opts, NULL, &err), SC_OK);
            assert_int_equal(fclose(out), 0);
        }
        assert_int_equal(size[0], size[1]);
        assert_memory_equal(text[0], text[1], size[0]);
        const char *head = tsv ? "id\tn\trate\ng,0\t0\t0\ng1\t1\t0.125\n"
                               : "id,n,rate\n\"g,0\",0,0\ng1,1,0.125\n";
        assert_memory_equal(text[1], head, strlen(head));
        /* the last row, 39999 (7 does not divide it): rate 7/8 */
        const char *tail = tsv ? "g39999\t39999\t0.875\n" : "g39999,39999,0.875\n";
        assert_string_equal(text[1] + size[1] - strlen(tail), tail);
        /* row 16384, the first of the second round */
        assert_non_null(strstr(text[1], tsv ? "\ng16384\t16384\t0\ng16385\t16385\t0.125\n"
                                            : "\ng16384,16384,0\ng16385,16385,0.125\n"));
        free(text[0]);
        free(text[1]);
    }
    /* on 2 threads, two rounds: the first fails on the thread that writes it
       while the second is formatted, and is the failure reported */
    for (int buffered = 0; buffered < 2; buffered++) {
        FILE *out = fopen("/dev/full", "w");
        if (!out)
            break;
        if (!buffered)
            assert_int_equal(setvbuf(out, NULL, _IONBF, 0), 0);
        sc_output_opts opts = {SC_FORMAT_CSV, -1, false, SC_LANG_EN, SC_ROUND_HALF_UP, false, 2};
        sc_error err;
        sc_error_clear(&err);
        assert_int_equal(sc_output_write(out, t, &opts, NULL, &err), SC_EIO);
        assert_non_null(strstr(err.message, strerror(ENOSPC)));
        fclose(out);
    }
    sc_table_free(t);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    sc_output_opts opts = {SC_FORMAT_CSV, -1, false, SC_LANG_EN, SC_ROUND_HALF_UP, false, 0};
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_output_write(NULL, table, &opts, NULL, &err), SC_EINVAL);
    assert_int_equal(err.status, SC_EINVAL);
    assert_int_equal(sc_output_write(stdout, NULL, &opts, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_output_write(stdout, table, NULL, NULL, NULL), SC_EINVAL);
    sc_output_opts bad = {(sc_format)99, -1, false, SC_LANG_EN, SC_ROUND_HALF_UP, false, 0};
    sc_error_clear(&err);
    assert_int_equal(sc_output_write(stdout, table, &bad, NULL, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "format"));
    assert_int_equal(sc_output_write_many(stdout, NULL, 1, &opts, NULL, &err), SC_EINVAL);
    const sc_named_table missing[] = {{"rows", NULL}};
    assert_int_equal(sc_output_write_many(stdout, missing, 1, &opts, NULL, &err), SC_EINVAL);
    sc_table_free(table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_format_from_name),
        cmocka_unit_test(test_table_english),
        cmocka_unit_test(test_table_chinese_percent),
        cmocka_unit_test(test_table_text_last_and_empty),
        cmocka_unit_test(test_table_sanitises_text),
        cmocka_unit_test(test_human_pvalues),
        cmocka_unit_test(test_human_reals),
        cmocka_unit_test(test_human_proportions),
        cmocka_unit_test(test_points_settings_fractions),
        cmocka_unit_test(test_md),
        cmocka_unit_test(test_md_escaping),
        cmocka_unit_test(test_cell_text),
        cmocka_unit_test(test_cell_text_kinds),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_digits_percent),
        cmocka_unit_test(test_csv_header_quoting),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_many_and_empty),
        cmocka_unit_test(test_many_plain_formats),
        cmocka_unit_test(test_dev_full),
        cmocka_unit_test(test_closed_pipe),
        cmocka_unit_test(test_read_only_stream),
        cmocka_unit_test(test_rows_on_threads),
        cmocka_unit_test(test_csv_repeated_cells),
        cmocka_unit_test(test_csv_repeated_tails),
        cmocka_unit_test(test_constant_columns),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
