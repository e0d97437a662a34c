/* Unit tests: published tables read as printed (check.h, sc_check_read) and
 * their findings (sc_check_table, analysis.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value is hand arithmetic, written beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "spotcheck/analysis.h"
#include "spotcheck/check.h"

/* A table of rows "label,n,passed,failed,rate" ("" for not printed) as
 * sc_check_read would give it, one label column, optional block cells. */
typedef struct fixture_row {
    const char *block, *label, *n, *passed, *failed, *rate, *change;
} fixture_row;

static char *dup_or_null(const char *text)
{
    return text && *text ? strdup(text) : NULL;
}

static sc_check_input *make_input(const fixture_row *rows, size_t nrows, bool blocks,
                                  bool change)
{
    sc_check_input *in = calloc(1, sizeof *in);
    assert_non_null(in);
    in->nfiles = 1;
    in->files = calloc(1, sizeof *in->files);
    in->files[0] = strdup("t.csv");
    in->nlabels = 1;
    in->label_names = calloc(1, sizeof *in->label_names);
    in->label_names[0] = strdup("地区");
    if (blocks) {
        in->nwithin = 1;
        in->within_names = calloc(1, sizeof *in->within_names);
        in->within_names[0] = strdup("省份");
    }
    const char *names[SC_CHECK_FIELDS] = {"n", "passed", "failed", "rate", "change", NULL};
    for (int f = 0; f < SC_CHECK_FIELDS; f++)
        in->column_names[f] = names[f] && (f != SC_CHECK_CHANGE || change) ? strdup(names[f]) : NULL;
    in->rows = calloc(nrows, sizeof *in->rows);
    in->nrows = nrows;
    for (size_t r = 0; r < nrows; r++) {
        sc_check_row *row = &in->rows[r];
        row->line = r + 2;
        row->labels = calloc(1, sizeof *row->labels);
        row->labels[0] = strdup(rows[r].label);
        if (blocks) {
            row->within = calloc(1, sizeof *row->within);
            row->within[0] = strdup(rows[r].block);
        }
        row->cells[SC_CHECK_N] = dup_or_null(rows[r].n);
        row->cells[SC_CHECK_PASSED] = dup_or_null(rows[r].passed);
        row->cells[SC_CHECK_FAILED] = dup_or_null(rows[r].failed);
        row->cells[SC_CHECK_RATE] = dup_or_null(rows[r].rate);
        row->cells[SC_CHECK_CHANGE] = dup_or_null(rows[r].change);
    }
    return in;
}

static const char *cell(const sc_table *t, size_t row, const char *column)
{
    long col = sc_table_find_column(t, column);
    assert_true(col >= 0);
    return sc_table_get_string(t, row, (size_t)col);
}

static sc_table *run(const sc_check_input *in, sc_rate_kind kind, sc_check_summary *summary)
{
    sc_check_opts opts;
    sc_check_opts_init(&opts);
    opts.kind = kind;
    sc_table *t = NULL;
    sc_error err;
    assert_int_equal(sc_check_table(in, &opts, &t, summary, &err), SC_OK);
    return t;
}

/* A consistent table gives no finding. */
static void test_consistent(void **state)
{
    (void)state;
    static const fixture_row rows[] = {
        {NULL, "甲", "34", "31", "3", "91.18", NULL},  /* 31/34 = 91.176% */
        {NULL, "乙", "8", "7", "1", "87.5", NULL},     /* 87.5% */
        {NULL, "合计", "42", "38", "4", "90.48", NULL}, /* 38/42 = 90.476% */
    };
    sc_check_input *in = make_input(rows, 3, false, false);
    sc_check_summary summary;
    sc_table *t = run(in, SC_RATE_PASS, &summary);
    assert_int_equal(sc_table_rows(t), 0);
    assert_int_equal(summary.errors + summary.warnings + summary.infos, 0);
    assert_int_equal(summary.total_rows, 1);
    assert_int_equal(summary.blocks, 1);
    assert_true(summary.percent);
    sc_table_free(t);
    sc_check_input_free(in);
}

/* One finding of each kind, in line order. */
static void test_each_finding(void **state)
{
    (void)state;
    static const fixture_row rows[] = {
        {"A", "甲", "34", "31", "3", "91.17", NULL},  /* truncated: warning */
        {"A", "乙", "34", "31", "3", "8.82", NULL},   /* 3/34 = 8.82%: the other rate */
        {"A", "丙", "788", "469", "19", "59.5", NULL}, /* 469 + 19 = 488 */
        {"A", "合计", "857", "531", "25", "", NULL},  /* 34+34+788 = 856; 31+31+469 = 531 */
        {"B", "丁", "7", "", "", "50.0", NULL},       /* 3/7 = 42.9, 4/7 = 57.1 */
        {"B", "戊", "40", "", "", "97.5", NULL},      /* 39/40 */
    };
    sc_check_input *in = make_input(rows, 6, true, false);
    sc_check_summary summary;
    sc_table *t = run(in, SC_RATE_PASS, &summary);
    assert_int_equal(sc_table_rows(t), 7);
    static const struct {
        const char *check, *printed, *implied, *severity;
    } want[] = {
        {"rate", "91.17", "91.18", "warning"},
        {"rate", "8.82", "91.18", "error"},
        {"counts", "788", "488", "error"},
        /* the 合计 row: 531 + 25 = 556, not 857 */
        {"counts", "857", "556", "error"},
        {"total", "857", "856", "error"},
        {"impossible-rate", "50.0", "42.9 or 57.1", "error"},
        {"range", "97.5", "39", "info"}, /* 39/40 = 97.5% exactly, 38/40 = 95.0, 40/40 = 100.0 */
    };
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(cell(t, i, "check"), want[i].check);
        assert_string_equal(cell(t, i, "printed"), want[i].printed);
        assert_string_equal(cell(t, i, "implied"), want[i].implied);
        assert_string_equal(cell(t, i, "severity"), want[i].severity);
    }
    assert_string_equal(cell(t, 0, "note"), "31/34; truncated, not rounded");
    assert_string_equal(cell(t, 1, "note"), "31/34; the unqualified rate of the counts");
    assert_string_equal(cell(t, 4, "省份"), "A");
    assert_int_equal(summary.errors, 5);
    assert_int_equal(summary.warnings, 1);
    assert_int_equal(summary.infos, 1); /* 戊: 39 of 40 */
    sc_table_free(t);
    sc_check_input_free(in);
}

/* A printed change against the previous row's rate, within rounding or not. */
static void test_change(void **state)
{
    (void)state;
    static const fixture_row rows[] = {
        {NULL, "2021", "", "", "", "12.2", NULL},
        {NULL, "2022", "", "", "", "9.4", "-2.8"},   /* 9.4 - 12.2 */
        {NULL, "2023", "", "", "", "12.3", "+3.0"},  /* 2.9: off by 0.1, within (0.1 + 0.1 + 0.1) / 2 */
        {NULL, "2024", "", "", "", "14.3", "+2.9"},  /* 2.0, off by 0.9 */
    };
    sc_check_input *in = make_input(rows, 4, false, true);
    sc_check_summary summary;
    sc_table *t = run(in, SC_RATE_FAIL, &summary);
    assert_int_equal(sc_table_rows(t), 1);
    assert_string_equal(cell(t, 0, "check"), "change");
    assert_string_equal(cell(t, 0, "地区"), "2024");
    assert_string_equal(cell(t, 0, "implied"), "+2.0");
    sc_table_free(t);
    sc_check_input_free(in);
}

/* sc_check_read: labels from the first column, not-printed cells, lines. */
static void test_read(void **state)
{
    (void)state;
    char path[] = "/tmp/spotcheck-test-check-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "地区,批次,合格,合格率\n甲,34,31,91.17\n\n乙,10,-,NA\n合计,44,31, \n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    sc_check_spec spec = {.columns = {[SC_CHECK_N] = "批次", [SC_CHECK_PASSED] = "合格",
                                      [SC_CHECK_RATE] = "合格率"}};
    const char *paths[] = {path};
    sc_check_input *in = NULL;
    sc_error err;
    assert_int_equal(sc_check_read(&spec, paths, 1, &in, &err), SC_OK);
    unlink(path);
    assert_int_equal(in->nrows, 3);
    assert_int_equal(in->nlabels, 1);
    assert_string_equal(in->label_names[0], "地区");
    assert_int_equal(in->rows[1].line, 4); /* the blank line counts */
    assert_null(in->rows[1].cells[SC_CHECK_PASSED]); /* "-" */
    assert_null(in->rows[1].cells[SC_CHECK_RATE]);   /* "NA" */
    assert_null(in->rows[2].cells[SC_CHECK_RATE]);   /* " " */
    assert_string_equal(in->rows[0].cells[SC_CHECK_RATE], "91.17");
    assert_null(in->column_names[SC_CHECK_FAILED]);
    sc_check_input_free(in);
    sc_check_input_free(NULL);
}

/* A ragged row handed over by skip_ragged (it has no fields) is a data
 * error at its line, not a read of fields that are not there (found by
 * tests/fuzz/fuzz_records.c). */
static void test_read_ragged(void **state)
{
    (void)state;
    char path[] = "/tmp/spotcheck-test-check-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "地区,批次,合格\n甲,34,31\n乙,10\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    sc_check_spec spec = {.csv = {.skip_ragged = true},
                          .columns = {[SC_CHECK_N] = "批次", [SC_CHECK_PASSED] = "合格"}};
    const char *paths[] = {path};
    sc_check_input *in = NULL;
    sc_error err;
    assert_int_equal(sc_check_read(&spec, paths, 1, &in, &err), SC_EDATA);
    unlink(path);
    assert_null(in);
    assert_int_equal(err.line, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consistent),
        cmocka_unit_test(test_each_finding),
        cmocka_unit_test(test_change),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_read_ragged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
