/* Unit tests: targets files (src/lib/targets.c; contract in
 * include/spotcheck/targets.h).  Expected rows, matches and messages are
 * written out by hand from the files each test writes.
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
#include <unistd.h>

#include <cmocka.h>

#include "relerr.h"
#include "spotcheck/analysis.h"
#include "spotcheck/targets.h"

static char *write_temp(const void *bytes, size_t len)
{
    char *path = strdup("/tmp/sc_targets_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Reads `text` as a targets file; on error the message (with file:line)
 * goes to `message`. */
static sc_status read_text(const char *text, sc_targets **out, char *message, size_t size)
{
    char *path = write_temp(text, strlen(text));
    sc_error err;
    sc_error_clear(&err);
    sc_status s = sc_targets_read(path, NULL, out, &err);
    message[0] = '\0';
    if (s != SC_OK) {
        char full[2 * SC_ERROR_MESSAGE_MAX];
        sc_error_format(&err, full, sizeof full);
        /* drop the temporary file's name */
        const char *colon = strchr(full, ':');
        snprintf(message, size, "%s", colon ? colon + 1 : full);
        assert_null(*out);
    }
    unlink(path);
    free(path);
    return s;
}

static sc_targets *read_ok(const char *text)
{
    sc_targets *t = NULL;
    char message[2048];
    sc_status s = read_text(text, &t, message, sizeof message);
    if (s != SC_OK)
        fail_msg("%s", message);
    return t;
}

static void expect_error(const char *text, const char *expected)
{
    sc_targets *t = NULL;
    char message[2048];
    assert_int_equal(read_text(text, &t, message, sizeof message), SC_EDATA);
    assert_string_equal(message, expected);
}

static const char *const names2[] = {"产品类别", "省份"};

/* The row matched for (category, province), or NULL. */
static const sc_target_row *match(const sc_targets *t, const char *category, const char *province)
{
    const char *values[] = {category, province};
    const sc_target_row *row = (const sc_target_row *)1;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_targets_match(t, names2, values, 2, &row, &err), SC_OK);
    return row;
}

static void test_read_columns_and_rows(void **state)
{
    (void)state;
    sc_targets *t = read_ok("产品类别,Target,direction,by_period,change,label\n"
                            "食品,97%,,2025,+5,食品合格率\n"
                            "工业产品,0.1,Ceiling,2025Q4,-0.5,\n"
                            "*,0.95,floor,,,\n");
    assert_int_equal(sc_targets_count(t), 3);
    assert_int_equal(sc_targets_key_count(t), 1);
    assert_string_equal(sc_targets_key_name(t, 0), "产品类别");
    assert_true(sc_targets_has_column(t, "target"));
    assert_true(sc_targets_has_column(t, "label"));

    const sc_target_row *r = sc_targets_row(t, 0);
    assert_int_equal(r->line, 2);
    assert_true(r->target == 0.97); /* 97 / 100 rounds to the double of 0.97 */
    assert_int_equal(r->direction, SC_TARGET_FLOOR);
    assert_true(r->has_by_period);
    assert_int_equal(r->by_period.kind, SC_PERIOD_YEAR);
    assert_int_equal(r->by_period.year, 2025);
    assert_true(r->change == 5);
    assert_string_equal(r->label, "食品合格率");
    assert_int_equal(r->specificity, 1);
    assert_string_equal(sc_targets_key_cell(t, 0, 0), "食品");

    r = sc_targets_row(t, 1);
    assert_int_equal(r->line, 3);
    assert_true(r->target == 0.1);
    assert_int_equal(r->direction, SC_TARGET_CEILING);
    assert_int_equal(r->by_period.kind, SC_PERIOD_QUARTER);
    assert_int_equal(r->by_period.part, 4);
    assert_true(r->change == -0.5);
    assert_string_equal(r->label, "");

    r = sc_targets_row(t, 2);
    assert_false(r->has_by_period);
    assert_true(isnan(r->change));
    assert_int_equal(r->specificity, 0);
    assert_null(sc_targets_key_cell(t, 2, 0)); /* "*" matches every value */
    assert_null(sc_targets_row(t, 3));
    sc_targets_free(t);
    sc_targets_free(NULL);
}

static void test_change_only_row(void **state)
{
    (void)state;
    sc_targets *t = read_ok("省份,target,change\n浙江省,,5\n");
    assert_true(isnan(sc_targets_row(t, 0)->target));
    assert_true(sc_targets_row(t, 0)->change == 5);
    sc_targets_free(t);
    t = read_ok("change\n-1\n"); /* a change column without a target column */
    assert_false(sc_targets_has_column(t, "target"));
    sc_targets_free(t);
}

static void test_most_specific_wins(void **state)
{
    (void)state;
    sc_targets *t = read_ok("产品类别,省份,target\n"
                            ",,0.9\n"          /* line 2: everything */
                            "食品,*,0.97\n"    /* line 3 */
                            "*,浙江省,0.96\n"  /* line 4 */
                            "食品,浙江省,0.98\n" /* line 5 */
                            "药品,,0.98\n");   /* line 6 */
    assert_int_equal(match(t, "食品", "浙江省")->line, 5);
    assert_int_equal(match(t, "食品", "江苏省")->line, 3);
    assert_int_equal(match(t, "工业产品", "浙江省")->line, 4);
    assert_int_equal(match(t, "工业产品", "江苏省")->line, 2);
    assert_int_equal(match(t, "药品", "江苏省")->line, 6);
    /* 药品/浙江省: lines 4 and 6 are both one key cell: a tie */
    const char *values[] = {"药品", "浙江省"};
    const sc_target_row *row = (const sc_target_row *)1;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_targets_match(t, names2, values, 2, &row, &err), SC_EDATA);
    assert_null(row);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.message, "this row and line 4 both match the group 药品/浙江省, "
                                     "each with 1 key cell: make one more specific or "
                                     "remove one");
    sc_targets_free(t);
}

static void test_no_match(void **state)
{
    (void)state;
    sc_targets *t = read_ok("产品类别,target\n食品,0.97\n");
    assert_null(match(t, "药品", "浙江省"));
    assert_non_null(match(t, "食品", "浙江省")); /* a group column the file leaves out */
    sc_targets_free(t);
}

static void test_match_all(void **state)
{
    (void)state;
    sc_targets *t = read_ok("省份,target\n浙江省,0.96\n*,0.9\n");
    const sc_target_row *row = NULL;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_targets_match_all(t, &row, &err), SC_OK);
    assert_int_equal(row->line, 3);
    sc_targets_free(t);
    t = read_ok("省份,target\n浙江省,0.96\n");
    assert_int_equal(sc_targets_match_all(t, &row, &err), SC_OK);
    assert_null(row);
    sc_targets_free(t);
    t = read_ok("省份,target\n,0.96\n*,0.9\n");
    assert_int_equal(sc_targets_match_all(t, &row, &err), SC_EDATA);
    assert_null(row);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "this row and line 2 both match every group: remove one");
    sc_targets_free(t);
}

static void test_match_group(void **state)
{
    (void)state;
    sc_targets *t = read_ok("省份,target\n浙江省,0.96\n");
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "省份"), SC_OK);
    assert_int_equal(sc_groups_set_key_name(g, 1, "季度"), SC_OK);
    const char *keys[] = {"浙江省", "2024Q3"};
    size_t lens[] = {strlen(keys[0]), strlen(keys[1])};
    assert_int_equal(sc_groups_add(g, keys, lens, 10, 9), SC_OK);
    const sc_target_row *row = NULL;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_targets_match_group(t, g, 1, 0, &row, &err), SC_OK);
    assert_non_null(row);
    assert_int_equal(row->line, 2);
    /* keyed by the province only, the file's key must be among the group's */
    sc_targets_free(t);
    t = read_ok("季度,target\n2024Q3,0.96\n");
    assert_int_equal(sc_targets_match_group(t, g, 1, 0, &row, &err), SC_EDATA);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.message,
                        "column \"季度\": not a group column (the group columns are 省份; the "
                        "other columns of a targets file are target, direction, by_period, "
                        "change and label)");
    sc_groups_free(g);
    sc_targets_free(t);
}

static void test_check_keys(void **state)
{
    (void)state;
    sc_targets *t = read_ok("产品类别,diretion,target\n食品,ceiling,0.97\n");
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_targets_check_keys(t, names2, 2, &err), SC_EDATA);
    assert_string_equal(err.message,
                        "column \"diretion\": not a group column (the group columns are "
                        "产品类别, 省份; the other columns of a targets file are target, "
                        "direction, by_period, change and label)");
    assert_int_equal(sc_targets_check_keys(t, NULL, 0, &err), SC_EDATA);
    assert_non_null(strstr(err.message, "\"产品类别\": not a group column (the group columns "
                                        "are none: give --by;"));
    sc_targets_free(t);
}

static void test_bad_cells(void **state)
{
    (void)state;
    expect_error("target\n0.95\n0.95x\n",
                 "3: column \"target\": \"0.95x\" is not a target: give a proportion between 0 "
                 "and 1 or a percentage (0.95 or 95%)");
    expect_error("target\n95\n",
                 "2: column \"target\": \"95\" is not between 0 and 1: a percentage is "
                 "written with % (95%)");
    expect_error("target\n100%\n",
                 "2: column \"target\": \"100%\" is not a target: it lies strictly between 0 "
                 "and 1 (0% and 100%)");
    expect_error("target\n0\n", "2: column \"target\": \"0\" is not a target: it lies strictly "
                                "between 0 and 1 (0% and 100%)");
    expect_error("target\ninf\n", "2: column \"target\": \"inf\" is not a target: give a "
                                  "proportion between 0 and 1 or a percentage (0.95 or 95%)");
    expect_error("target\n0x1p-1\n", "2: column \"target\": \"0x1p-1\" is not a target: give a "
                                     "proportion between 0 and 1 or a percentage (0.95 or 95%)");
    expect_error("target\n\"0.9 \"\n", "2: column \"target\": \"0.9 \" is not a target: give a "
                                       "proportion between 0 and 1 or a percentage (0.95 or 95%)");
    expect_error("target,direction\n0.9,up\n",
                 "2: column \"direction\": \"up\" is not a direction: give floor (at least, the "
                 "default) or ceiling (at most)");
    expect_error("target,change\n0.9,5pp\n",
                 "2: column \"change\": \"5pp\" is not a change: give percentage points between "
                 "-100 and 100 (5, +5, -0.5)");
    expect_error("target,change\n0.9,100\n",
                 "2: column \"change\": \"100\" is not a change: give percentage points between "
                 "-100 and 100 (5, +5, -0.5)");
    expect_error("target,change\n,\n",
                 "2: column \"target\": \"\" is empty: a row needs a target or a change");
    sc_targets *t = NULL;
    char message[2048];
    assert_int_equal(read_text("target,by_period\n0.9,2025Q5\n", &t, message, sizeof message),
                     SC_EDATA);
    assert_non_null(strstr(message, "2: column \"by_period\": \"2025Q5\" is not a period ("));
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_error("", " empty input: no header row");
    expect_error("产品类别,target\n", "1: no targets: the file has a header only");
    expect_error("产品类别,goal\n食品,0.9\n",
                 "1: no column \"target\": a targets file has a target column (or a change "
                 "column), and key columns named like the --by columns");
    expect_error("target,Target\n0.9,0.8\n",
                 "1: column \"Target\": given twice (columns 1 and 2)");
    expect_error("省份,target,省份\n浙江省,0.9,浙江省\n",
                 "1: column \"省份\": given twice (columns 1 and 3)");
    expect_error("target\n0.9\n0.8,1\n", "3: row has 2 fields, the header has 1");
}

static void test_gb18030(void **state)
{
    (void)state;
    /* 产品类别,target / 食品,0.97 in GB18030 (iconv -t GB18030) */
    static const char gb[] = "\xb2\xfa\xc6\xb7\xc0\xe0\xb1\xf0,target\n\xca\xb3\xc6\xb7,0.97\n";
    sc_targets *t = read_ok(gb);
    assert_string_equal(sc_targets_key_name(t, 0), "产品类别");
    assert_string_equal(sc_targets_key_cell(t, 0, 0), "食品");
    sc_targets_free(t);
}

static void test_on_rate(void **state)
{
    (void)state;
    sc_target_row floor = {.target = 0.97, .direction = SC_TARGET_FLOOR, .change = 5};
    sc_rate_target r = sc_target_on_rate(&floor, SC_RATE_PASS);
    assert_true(r.target == 0.97 && r.direction == SC_TARGET_FLOOR && r.change == 5);
    r = sc_target_on_rate(&floor, SC_RATE_FAIL);
    assert_true(r.target == 0.03); /* not 1 - 0.97 = 0.030000000000000027 */
    assert_int_equal(r.direction, SC_TARGET_CEILING);
    assert_true(r.change == -5);
    sc_target_row ceiling = {.target = 0.1, .direction = SC_TARGET_CEILING, .change = NAN};
    r = sc_target_on_rate(&ceiling, SC_RATE_FAIL);
    assert_true(r.target == 0.1 && r.direction == SC_TARGET_CEILING && isnan(r.change));
    r = sc_target_on_rate(&ceiling, SC_RATE_PASS);
    assert_true(r.target == 0.9 && r.direction == SC_TARGET_FLOOR && isnan(r.change));
    sc_target_row change_only = {.target = NAN, .direction = SC_TARGET_FLOOR, .change = 1};
    r = sc_target_on_rate(&change_only, SC_RATE_FAIL);
    assert_true(isnan(r.target) && r.change == -1);
    assert_string_equal(sc_target_direction_name(SC_TARGET_CEILING), "ceiling");
    assert_string_equal(sc_target_direction_name(SC_TARGET_FLOOR), "floor");
}

/* Groups by 类别: 食品 681/700, 工业 311/350, 药品 99/100. */
static sc_groups *three_categories(void)
{
    sc_groups *g = sc_groups_new(1);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "类别"), SC_OK);
    const char *names[] = {"食品", "工业", "药品"};
    const uint64_t n[] = {700, 350, 100}, passed[] = {681, 311, 99};
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(names[i]);
        assert_int_equal(sc_groups_add(g, &names[i], &len, n[i], passed[i]), SC_OK);
    }
    return g;
}

/* sc_rate_table with a targets file: each group's own target and verdict,
 * the total row the row matching every group.  p-values: binom.test
 * (scripts/ref-targets.R, rate-targets-total). */
static void test_rate_table_targets(void **state)
{
    (void)state;
    sc_targets *t = read_ok("类别,target\n*,95%\n工业,0.9\n");
    sc_groups *g = three_categories();
    sc_rate_opts o;
    sc_rate_opts_init(&o);
    o.method = SC_CI_CLOPPER_PEARSON;
    o.targets = t;
    o.total = true;
    sc_table *table = NULL;
    sc_rate_columns c;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_rate_table(g, &o, &table, &c, &err), SC_OK);
    assert_int_equal(c.no_target, 0);
    assert_true(sc_table_get_double(table, 0, c.target) == 0.95);
    assert_string_equal(sc_table_get_string(table, 0, c.verdict), "meets");
    assert_rel(sc_table_get_double(table, 0, c.p_value), 0.00189897842, 1e-8);
    assert_true(sc_table_get_double(table, 1, c.target) == 0.9);
    assert_string_equal(sc_table_get_string(table, 1, c.verdict), "inconclusive");
    assert_rel(sc_table_get_double(table, 1, c.p_value), 0.2617034394, 1e-8);
    assert_string_equal(sc_table_get_string(table, 2, c.verdict), "meets");
    assert_rel(sc_table_get_double(table, 2, c.p_value), 0.03708120933, 1e-8);
    assert_true(sc_table_get_double(table, 3, c.target) == 0.95); /* the total: row * */
    assert_rel(sc_table_get_double(table, 3, c.p_value), 0.4383294717, 1e-8);
    sc_table_free(table);
    sc_targets_free(t);

    /* pass-rate floors with the unqualified rate: ceilings 1 - T, same p-values; a group
     * without a row has empty cells and is counted */
    t = read_ok("类别,target\n食品,97%\n工业,0.9\n");
    o.targets = t;
    o.kind = SC_RATE_FAIL;
    o.total = false;
    assert_int_equal(sc_rate_table(g, &o, &table, &c, &err), SC_OK);
    assert_int_equal(c.no_target, 1);
    assert_true(sc_table_get_double(table, 0, c.target) == 0.03);
    assert_rel(sc_table_get_double(table, 0, c.p_value), 0.3817382174, 1e-8);
    assert_true(sc_table_get_double(table, 1, c.target) == 0.1);
    assert_rel(sc_table_get_double(table, 1, c.p_value), 0.2617034394, 1e-8);
    assert_true(sc_table_is_missing(table, 2, c.target));
    assert_true(sc_table_is_missing(table, 2, c.verdict));
    assert_true(sc_table_is_missing(table, 2, c.p_value));
    sc_table_free(table);
    sc_targets_free(t);

    /* labels: a target_label column only for a file with a label column */
    assert_int_equal(c.target_label, SC_NO_COLUMN);
    t = read_ok("类别,target,label\n*,95%,食品监督抽查合格率\n工业,0.9,\n");
    o.targets = t;
    assert_int_equal(sc_rate_table(g, &o, &table, &c, &err), SC_OK);
    assert_string_equal(sc_table_get_string(table, 0, c.target_label), "食品监督抽查合格率");
    assert_true(sc_table_is_missing(table, 1, c.target_label));
    sc_table_free(table);
    sc_targets_free(t);

    /* a key column that is no group column */
    t = read_ok("省份,target\n浙江省,97%\n");
    o.targets = t;
    assert_int_equal(sc_rate_table(g, &o, &table, &c, &err), SC_EDATA);
    assert_null(table);
    assert_non_null(strstr(err.message, "column \"省份\": not a group column"));
    sc_targets_free(t);
    sc_groups_free(g);
}

/* sc_compare_tables with a targets file: the same verdicts and p-values as
 * sc_rate_table, in target_p_value beside the group-against-the-rest p_value. */
static void test_compare_tables_targets(void **state)
{
    (void)state;
    sc_targets *t = read_ok("类别,target\n食品,0.95\n工业,0.9\n");
    sc_groups *g = three_categories();
    sc_compare_opts o;
    sc_compare_opts_init(&o);
    o.method = SC_CI_CLOPPER_PEARSON;
    o.targets = t;
    sc_compare_result r;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_compare_tables(g, &o, &r, &err), SC_OK);
    assert_int_equal(r.no_target, 1);
    const sc_compare_columns *c = &r.cols;
    assert_true(c->target_p_value != c->p_value);
    assert_string_equal(sc_table_get_string(r.groups, 0, c->verdict), "meets");
    assert_rel(sc_table_get_double(r.groups, 0, c->target_p_value), 0.00189897842, 1e-8);
    assert_string_equal(sc_table_get_string(r.groups, 1, c->verdict), "inconclusive");
    assert_rel(sc_table_get_double(r.groups, 1, c->target_p_value), 0.2617034394, 1e-8);
    assert_true(sc_table_is_missing(r.groups, 2, c->target));
    sc_compare_result_free(&r);
    sc_targets_free(t);
    sc_groups_free(g);
}

/* sc_diff_table with change targets: the verdict from the one-sided
 * Newcombe bounds at 0.95 (the two-sided 0.90 bounds; scripts/ref-targets.R,
 * diff-targets-change): 浙江省 meets a rise of 5 points, 江苏省 inconclusive,
 * 山东省 below; the total meets the * row (no fall). */
static void test_diff_table_targets(void **state)
{
    (void)state;
    sc_targets *t = read_ok("省份,change\n浙江省,5\n江苏省,+5\n山东省,5\n*,0\n");
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "省份"), SC_OK);
    assert_int_equal(sc_groups_set_key_name(g, 1, "q"), SC_OK);
    const char *rows[][2] = {{"浙江省", "2023Q3"}, {"浙江省", "2024Q3"}, {"江苏省", "2023Q3"},
                             {"江苏省", "2024Q3"}, {"山东省", "2023Q3"}, {"山东省", "2024Q3"}};
    const uint64_t n[] = {400, 400, 300, 300, 2000, 2000};
    const uint64_t passed[] = {360, 396, 270, 279, 1800, 1820};
    for (size_t i = 0; i < 6; i++) {
        size_t lens[] = {strlen(rows[i][0]), strlen(rows[i][1])};
        assert_int_equal(sc_groups_add(g, rows[i], lens, n[i], passed[i]), SC_OK);
    }
    sc_diff_opts o;
    sc_diff_opts_init(&o);
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_diff_periods("2024Q3", "year-ago", SC_PERIOD_NONE, &o.current,
                                     &o.baseline, &err),
                     SC_OK);
    o.targets = t;
    sc_table *table = NULL;
    sc_diff_columns c;
    sc_diff_left_out lo;
    assert_int_equal(sc_diff_table(g, 1, &o, &table, &c, &lo, &err), SC_OK);
    assert_int_equal(c.no_target, 0);
    const char *expected[] = {"meets", "inconclusive", "below", "meets"};
    for (size_t row = 0; row < 4; row++)
        assert_string_equal(sc_table_get_string(table, row, c.change_verdict), expected[row]);
    assert_true(sc_table_get_double(table, 0, c.change_target) == 0.05);
    assert_true(sc_table_get_double(table, 3, c.change_target) == 0);
    sc_table_free(table);

    /* the unqualified rate: the same verdicts against falls of 5 points */
    o.kind = SC_RATE_FAIL;
    assert_int_equal(sc_diff_table(g, 1, &o, &table, &c, &lo, &err), SC_OK);
    for (size_t row = 0; row < 4; row++)
        assert_string_equal(sc_table_get_string(table, row, c.change_verdict), expected[row]);
    assert_true(sc_table_get_double(table, 0, c.change_target) == -0.05);
    sc_table_free(table);
    sc_targets_free(t);
    sc_groups_free(g);
}

/* sc_trend_tables with a target by a period: the logistic trend of one
 * province at 2026 with its 95% interval, from R's glm (scripts/ref-targets.R,
 * trend-targets-by-period): 0.9695861339 [0.9531054969, 0.9803939491],
 * which meets 95%; a target of 97% by then is inconclusive. */
static void test_trend_tables_targets(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "省份"), SC_OK);
    assert_int_equal(sc_groups_set_key_name(g, 1, "年度"), SC_OK);
    const uint64_t n[] = {500, 520, 510, 530, 540, 550}, passed[] = {460, 482, 478, 501, 515, 528};
    for (size_t i = 0; i < 6; i++) {
        char year[8];
        snprintf(year, sizeof year, "%zu", 2019 + i);
        const char *keys[] = {"浙江省", year};
        size_t lens[] = {strlen(keys[0]), strlen(year)};
        assert_int_equal(sc_groups_add(g, keys, lens, n[i], passed[i]), SC_OK);
    }
    const char *files[] = {"省份,target,by_period\n浙江省,95%,2026\n",
                           "省份,target,by_period\n*,97%,2026\n"};
    const char *verdicts[] = {"meets", "inconclusive"};
    for (size_t f = 0; f < 2; f++) {
        sc_targets *t = read_ok(files[f]);
        sc_trend_opts o;
        sc_trend_opts_init(&o);
        o.targets = t;
        sc_trend_result r;
        sc_error err;
        sc_error_clear(&err);
        assert_int_equal(sc_trend_tables(g, 1, &o, &r, &err), SC_OK);
        const sc_trend_fit_columns *c = &r.fit_cols;
        assert_int_equal(r.no_target, 0);
        assert_string_equal(sc_table_get_string(r.fits, 0, c->by_period), "2026");
        assert_rel(sc_table_get_double(r.fits, 0, c->by_period_rate), 0.9695861339, 1e-8);
        assert_rel(sc_table_get_double(r.fits, 0, c->by_period_lower), 0.9531054969, 1e-8);
        assert_rel(sc_table_get_double(r.fits, 0, c->by_period_upper), 0.9803939491, 1e-8);
        assert_string_equal(sc_table_get_string(r.fits, 0, c->verdict), verdicts[f]);
        sc_trend_result_free(&r);
        sc_targets_free(t);
    }
    sc_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_columns_and_rows),
        cmocka_unit_test(test_change_only_row),
        cmocka_unit_test(test_most_specific_wins),
        cmocka_unit_test(test_no_match),
        cmocka_unit_test(test_match_group),
        cmocka_unit_test(test_match_all),
        cmocka_unit_test(test_check_keys),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_on_rate),
        cmocka_unit_test(test_rate_table_targets),
        cmocka_unit_test(test_compare_tables_targets),
        cmocka_unit_test(test_diff_table_targets),
        cmocka_unit_test(test_trend_tables_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
