/* Unit tests: the typed result table (src/lib/table.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/output.h"
#include "spotcheck/table.h"
#include "table_internal.h"

enum { COL_REGION, COL_N, COL_RATE, COL_P, COL_STAT };

static sc_table *new_rate_table(void)
{
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "region", "地区", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", "批次数", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "p_value", NULL, SC_COL_PVALUE), SC_OK);
    assert_int_equal(sc_table_add_column(table, "statistic", "", SC_COL_REAL), SC_OK);
    return table;
}

static void test_free_null(void **state)
{
    (void)state;
    sc_table_free(NULL);
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_rows(table), 0);
    assert_int_equal(sc_table_columns(table), 0);
    sc_table_free(table);
}

static void test_columns(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    assert_int_equal(sc_table_columns(table), 5);
    assert_string_equal(sc_table_column_name(table, COL_REGION), "region");
    assert_string_equal(sc_table_column_label_zh(table, COL_REGION), "地区");
    assert_string_equal(sc_table_column_label_zh(table, COL_P), "p_value"); /* NULL label */
    assert_string_equal(sc_table_column_label_zh(table, COL_STAT), "statistic"); /* "" label */
    assert_int_equal(sc_table_column_type(table, COL_N), SC_COL_COUNT);
    assert_int_equal(sc_table_column_type(table, COL_RATE), SC_COL_PROPORTION);
    assert_int_equal(sc_table_column_type(table, COL_P), SC_COL_PVALUE);
    assert_int_equal(sc_table_column_type(table, COL_STAT), SC_COL_REAL);
    assert_int_equal(sc_table_find_column(table, "rate"), COL_RATE);
    assert_int_equal(sc_table_find_column(table, "statistic"), COL_STAT);
    assert_int_equal(sc_table_find_column(table, "Rate"), -1);
    assert_int_equal(sc_table_find_column(table, NULL), -1);
    assert_null(sc_table_column_name(table, 5));
    assert_null(sc_table_column_label_zh(table, 99));

    assert_int_equal(sc_table_add_column(table, NULL, NULL, SC_COL_STRING), SC_EINVAL);
    assert_int_equal(sc_table_add_column(NULL, "x", NULL, SC_COL_STRING), SC_EINVAL);
    assert_int_equal(sc_table_add_column(table, "x", NULL, (sc_col_type)42), SC_EINVAL);
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    /* no columns once rows exist */
    assert_int_equal(sc_table_add_column(table, "late", NULL, SC_COL_REAL), SC_EINVAL);
    assert_int_equal(sc_table_columns(table), 5);
    sc_table_free(table);
}

/* Names are copied: changing the caller's buffer changes nothing. */
static void test_names_copied(void **state)
{
    (void)state;
    char name[] = "region", label[] = "地区";
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, name, label, SC_COL_STRING), SC_OK);
    name[0] = 'X';
    label[0] = 'X';
    assert_string_equal(sc_table_column_name(table, 0), "region");
    assert_string_equal(sc_table_column_label_zh(table, 0), "地区");
    sc_table_free(table);
}

static void test_rows_start_missing(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    for (size_t i = 0; i < 100; i++) {
        size_t row = 999;
        assert_int_equal(sc_table_add_row(table, &row), SC_OK);
        assert_int_equal(row, i);
    }
    assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    assert_int_equal(sc_table_rows(table), 101);
    for (size_t row = 0; row < 101; row++) {
        for (size_t col = 0; col < 5; col++)
            assert_true(sc_table_is_missing(table, row, col));
    }
    assert_null(sc_table_get_string(table, 3, COL_REGION));
    assert_int_equal(sc_table_get_count(table, 3, COL_N), 0);
    assert_true(isnan(sc_table_get_double(table, 3, COL_RATE)));
    sc_table_free(table);
}

static void test_set_and_get(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    char region[] = "内蒙古";
    assert_int_equal(sc_table_set_string(table, row, COL_REGION, region), SC_OK);
    region[0] = 'X'; /* the table holds its own copy */
    assert_string_equal(sc_table_get_string(table, row, COL_REGION), "内蒙古");
    assert_int_equal(sc_table_set_count(table, row, COL_N, UINT64_MAX), SC_OK);
    assert_true(sc_table_get_count(table, row, COL_N) == UINT64_MAX);
    assert_int_equal(sc_table_set_double(table, row, COL_RATE, 0.95), SC_OK);
    assert_true(sc_table_get_double(table, row, COL_RATE) == 0.95);
    assert_int_equal(sc_table_set_double(table, row, COL_P, 1e-300), SC_OK);
    assert_true(sc_table_get_double(table, row, COL_P) == 1e-300);
    assert_int_equal(sc_table_set_double(table, row, COL_STAT, -INFINITY), SC_OK);
    assert_true(isinf(sc_table_get_double(table, row, COL_STAT)));
    assert_false(sc_table_is_missing(table, row, COL_STAT));
    for (size_t col = 0; col < 5; col++)
        assert_false(sc_table_is_missing(table, row, col));

    /* overwriting a string frees the old one (checked by ASan) */
    assert_int_equal(sc_table_set_string(table, row, COL_REGION, "北京"), SC_OK);
    assert_string_equal(sc_table_get_string(table, row, COL_REGION), "北京");
    assert_int_equal(sc_table_set_string(table, row, COL_REGION, ""), SC_OK);
    assert_string_equal(sc_table_get_string(table, row, COL_REGION), "");
    assert_false(sc_table_is_missing(table, row, COL_REGION));
    /* NULL string: missing */
    assert_int_equal(sc_table_set_string(table, row, COL_REGION, NULL), SC_OK);
    assert_true(sc_table_is_missing(table, row, COL_REGION));
    assert_null(sc_table_get_string(table, row, COL_REGION));
    sc_table_free(table);
}

static void test_nan_is_missing(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, COL_RATE, 0.5), SC_OK);
    assert_int_equal(sc_table_set_double(table, row, COL_RATE, NAN), SC_OK);
    assert_true(sc_table_is_missing(table, row, COL_RATE));
    assert_true(isnan(sc_table_get_double(table, row, COL_RATE)));
    assert_int_equal(sc_table_set_double(table, row, COL_P, -NAN), SC_OK);
    assert_true(sc_table_is_missing(table, row, COL_P));
    sc_table_free(table);
}

static void test_type_and_range_errors(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    assert_int_equal(sc_table_set_count(table, row, COL_N, 7), SC_OK);
    assert_int_equal(sc_table_set_string(table, row, COL_N, "7"), SC_EINVAL);
    assert_int_equal(sc_table_set_double(table, row, COL_N, 7.0), SC_EINVAL);
    assert_int_equal(sc_table_get_count(table, row, COL_N), 7); /* unchanged */
    assert_int_equal(sc_table_set_count(table, row, COL_RATE, 1), SC_EINVAL);
    assert_int_equal(sc_table_set_count(table, row, COL_REGION, 1), SC_EINVAL);
    assert_int_equal(sc_table_set_double(table, row, COL_REGION, 1.0), SC_EINVAL);
    assert_int_equal(sc_table_set_string(table, row, COL_RATE, "x"), SC_EINVAL);
    assert_true(sc_table_is_missing(table, row, COL_REGION));
    assert_true(sc_table_is_missing(table, row, COL_RATE));
    /* out of range */
    assert_int_equal(sc_table_set_count(table, 1, COL_N, 1), SC_EINVAL);
    assert_int_equal(sc_table_set_count(table, row, 5, 1), SC_EINVAL);
    assert_int_equal(sc_table_set_string(NULL, 0, 0, "x"), SC_EINVAL);
    assert_true(sc_table_is_missing(table, 1, COL_N));
    assert_true(sc_table_is_missing(NULL, 0, 0));
    assert_null(sc_table_get_string(table, 0, 17));
    assert_int_equal(sc_table_get_count(table, 5, COL_N), 0);
    assert_true(isnan(sc_table_get_double(table, 0, COL_N))); /* wrong type */
    assert_int_equal(sc_table_rows(NULL), 0);
    assert_int_equal(sc_table_columns(NULL), 0);
    assert_int_equal(sc_table_add_row(NULL, &row), SC_EINVAL);
    sc_table_free(table);
}

/* ---- sorting ---------------------------------------------------------------- */

/* A table (key string, key number, original position) for sort tests. */
static sc_table *sort_table(const char *const *strings, const double *numbers, size_t count)
{
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "name", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "value", NULL, SC_COL_REAL), SC_OK);
    assert_int_equal(sc_table_add_column(table, "position", NULL, SC_COL_COUNT), SC_OK);
    for (size_t i = 0; i < count; i++) {
        size_t row;
        assert_int_equal(sc_table_add_row(table, &row), SC_OK);
        if (strings)
            assert_int_equal(sc_table_set_string(table, row, 0, strings[i]), SC_OK);
        if (numbers)
            assert_int_equal(sc_table_set_double(table, row, 1, numbers[i]), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 2, i), SC_OK);
    }
    return table;
}

static void assert_positions(const sc_table *table, const uint64_t *expected, size_t count)
{
    assert_int_equal(sc_table_rows(table), count);
    for (size_t row = 0; row < count; row++) {
        if (sc_table_get_count(table, row, 2) != expected[row])
            fail_msg("row %zu holds original row %llu, want %llu", row,
                     (unsigned long long)sc_table_get_count(table, row, 2),
                     (unsigned long long)expected[row]);
    }
}

/* Byte order is code point order: 上 U+4E0A < 北 U+5317 < 广 U+5E7F; "Z" < "a" < "é". */
static void test_sort_strings_missing_last(void **state)
{
    (void)state;
    const char *names[] = {"北京", NULL, "上海", "a", "广东", "Z", NULL, "é", "北京"};
    sc_table *table = sort_table(names, NULL, 9);
    size_t key = 0;
    assert_int_equal(sc_table_sort(table, 0, 9, &key, 1, 0), SC_OK);
    const uint64_t ascending[] = {5, 3, 7, 2, 0, 8, 4, 1, 6};
    assert_positions(table, ascending, 9);
    sc_table_free(table);

    table = sort_table(names, NULL, 9);
    assert_int_equal(sc_table_sort(table, 0, 9, &key, 1, 1), SC_OK);
    const uint64_t descending[] = {4, 0, 8, 2, 7, 3, 5, 1, 6}; /* ties keep order, NA last */
    assert_positions(table, descending, 9);
    assert_string_equal(sc_table_get_string(table, 0, 0), "广东");
    assert_true(sc_table_is_missing(table, 8, 0));
    sc_table_free(table);
}

static void test_sort_numbers(void **state)
{
    (void)state;
    const double values[] = {0.5, NAN, -INFINITY, 0.25, INFINITY, 0.5, -1.0, NAN, 0.25, 0.0};
    sc_table *table = sort_table(NULL, values, 10);
    size_t key = 1;
    assert_int_equal(sc_table_sort(table, 0, 10, &key, 1, 0), SC_OK);
    const uint64_t ascending[] = {2, 6, 9, 3, 8, 0, 5, 4, 1, 7};
    assert_positions(table, ascending, 10);
    sc_table_free(table);

    table = sort_table(NULL, values, 10);
    assert_int_equal(sc_table_sort(table, 0, 10, &key, 1, 1), SC_OK);
    const uint64_t descending[] = {4, 0, 5, 3, 8, 9, 6, 2, 1, 7};
    assert_positions(table, descending, 10);
    sc_table_free(table);
}

/* Counts sort numerically, not as text (10 after 9), and a sub-range leaves
 * the other rows alone. */
static void test_sort_counts_and_range(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    const uint64_t values[] = {100, 9, 10, UINT64_MAX, 0, 9, 1};
    for (size_t i = 0; i < 7; i++) {
        size_t row;
        assert_int_equal(sc_table_add_row(table, &row), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 0, values[i]), SC_OK);
    }
    size_t key = 0;
    assert_int_equal(sc_table_sort(table, 1, 5, &key, 1, 0), SC_OK);
    const uint64_t expected[] = {100, 0, 9, 10, UINT64_MAX, 9, 1};
    for (size_t row = 0; row < 7; row++)
        assert_true(sc_table_get_count(table, row, 0) == expected[row]);
    assert_int_equal(sc_table_sort(table, 0, 7, &key, 1, 0), SC_OK);
    const uint64_t all[] = {0, 1, 9, 9, 10, 100, UINT64_MAX};
    for (size_t row = 0; row < 7; row++)
        assert_true(sc_table_get_count(table, row, 0) == all[row]);
    sc_table_free(table);
}

/* Keys in order of precedence; strings move with their rows. */
static void test_sort_multiple_keys(void **state)
{
    (void)state;
    const char *names[] = {"b", "a", "b", "a", NULL, "a"};
    const double values[] = {2.0, 3.0, 1.0, NAN, 0.0, 3.0};
    sc_table *table = sort_table(names, values, 6);
    const size_t keys[] = {0, 1};
    assert_int_equal(sc_table_sort(table, 0, 6, keys, 2, 0), SC_OK);
    const uint64_t expected[] = {1, 5, 3, 2, 0, 4};
    assert_positions(table, expected, 6);
    assert_string_equal(sc_table_get_string(table, 3, 0), "b");
    assert_true(sc_table_get_double(table, 3, 1) == 1.0);
    sc_table_free(table);
}

/* Stability on a larger table: equal keys keep their original order. */
static void test_sort_stable_large(void **state)
{
    (void)state;
    enum { COUNT = 2000 };
    double values[COUNT];
    uint32_t seed = 12345;
    for (size_t i = 0; i < COUNT; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned bucket = (seed >> 16) % 8;
        values[i] = bucket == 7 ? NAN : (double)bucket;
    }
    sc_table *table = sort_table(NULL, values, COUNT);
    size_t key = 1;
    assert_int_equal(sc_table_sort(table, 0, COUNT, &key, 1, 1), SC_OK);
    for (size_t row = 1; row < COUNT; row++) {
        int missing_before = sc_table_is_missing(table, row - 1, 1);
        int missing_here = sc_table_is_missing(table, row, 1);
        assert_false(missing_before && !missing_here); /* missing last */
        double before = sc_table_get_double(table, row - 1, 1);
        double here = sc_table_get_double(table, row, 1);
        if (!missing_here)
            assert_true(before >= here);
        if ((missing_before && missing_here) || before == here)
            assert_true(sc_table_get_count(table, row - 1, 2) < sc_table_get_count(table, row, 2));
    }
    sc_table_free(table);
}

static void test_sort_arguments(void **state)
{
    (void)state;
    const char *names[] = {"b", "a"};
    sc_table *table = sort_table(names, NULL, 2);
    size_t key = 0, bad_key = 3;
    assert_int_equal(sc_table_sort(table, 1, 0, &key, 1, 0), SC_EINVAL);
    assert_int_equal(sc_table_sort(table, 0, 3, &key, 1, 0), SC_EINVAL);
    assert_int_equal(sc_table_sort(table, 0, 2, &bad_key, 1, 0), SC_EINVAL);
    assert_int_equal(sc_table_sort(table, 0, 2, NULL, 1, 0), SC_EINVAL);
    assert_int_equal(sc_table_sort(NULL, 0, 0, &key, 1, 0), SC_EINVAL);
    /* no keys, empty and one-row ranges: nothing moves */
    assert_int_equal(sc_table_sort(table, 0, 2, NULL, 0, 0), SC_OK);
    assert_int_equal(sc_table_sort(table, 1, 1, &key, 1, 0), SC_OK);
    assert_int_equal(sc_table_sort(table, 1, 2, &key, 1, 0), SC_OK);
    const uint64_t unchanged[] = {0, 1};
    assert_positions(table, unchanged, 2);
    sc_table_free(table);
}

/* Exact fractions (sc_table_set_fraction): the double beside them, missing
 * for n = 0, and the type and range checks. */
static void test_fractions(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "diff", NULL, SC_COL_POINTS), SC_OK);
    assert_int_equal(sc_table_add_column(table, "x", NULL, SC_COL_REAL), SC_OK);
    assert_int_equal(sc_table_add_column(table, "level", NULL, SC_COL_SETTING), SC_OK);
    assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    sc_fraction f = {23, 40, 10, 20}, back;
    assert_int_equal(sc_table_set_fraction(table, 0, 1, &f), SC_OK);
    assert_true(sc_table_get_fraction(table, 0, 1, &back));
    assert_true(back.a == 23 && back.b == 40 && back.c == 10 && back.d == 20);
    assert_true(sc_table_get_double(table, 0, 1) == 23.0 / 40.0 - 10.0 / 20.0);
    assert_int_equal(sc_table_set_fraction(table, 0, 0, &(sc_fraction){0, 0, 0, 1}), SC_OK);
    assert_true(sc_table_is_missing(table, 0, 0));
    assert_false(sc_table_get_fraction(table, 0, 0, NULL));
    /* only proportions and points hold fractions; counts below 2^62 */
    assert_int_equal(sc_table_set_fraction(table, 0, 2, &f), SC_EINVAL);
    assert_int_equal(sc_table_set_fraction(table, 0, 3, &f), SC_EINVAL);
    assert_int_equal(sc_table_set_fraction(table, 0, 0, &(sc_fraction){1, SC_FRACTION_MAX, 0, 1}),
                     SC_EINVAL);
    assert_int_equal(sc_table_set_fraction(table, 0, 0, NULL), SC_EINVAL);
    /* a plain double replaces the fraction */
    assert_int_equal(sc_table_set_double(table, 0, 1, 0.5), SC_OK);
    assert_false(sc_table_get_fraction(table, 0, 1, NULL));
    assert_int_equal(sc_table_set_double(table, 0, 3, 0.95), SC_OK);
    assert_true(sc_table_get_double(table, 0, 3) == 0.95);
    sc_table_free(table);
}

/* A rate of counts below 2^32 is held in its cell, a wider one beside it
 * (contract 4a): both give back the fraction as set, unreduced, and the
 * double a/b; the writer gives both the same digits; sorting and copying
 * mix them. */
static void test_fractions_in_cell_and_beside(void **state)
{
    (void)state;
    const uint64_t wide = UINT64_C(1) << 32; /* 2^32: the first count held beside */
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    const sc_fraction set[] = {{2, 4, 0, 1},                         /* in the cell */
                               {wide - 1, wide - 1, 0, 1},           /* the largest there */
                               {wide / 2, wide, 0, 1},               /* beside: b = 2^32 */
                               {1, 3, 0, 1},                         /* in the cell */
                               {3 * (wide / 2), 3 * wide, 0, 1}};    /* beside: both wide */
    const double doubles[] = {0.5, 1.0, 0.5, 1.0 / 3.0, 0.5};
    for (size_t row = 0; row < 5; row++) {
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
        assert_int_equal(sc_table_set_fraction(table, row, 0, &set[row]), SC_OK);
    }
    for (size_t row = 0; row < 5; row++) {
        sc_fraction back;
        assert_true(sc_table_get_fraction(table, row, 0, &back));
        assert_true(back.a == set[row].a && back.b == set[row].b && back.c == 0 && back.d == 1);
        assert_true(sc_table_get_double(table, row, 0) == doubles[row]);
    }
    /* the same text whichever way a half is held: 2/4 and 2^31/2^32 */
    sc_output_opts opts = {SC_FORMAT_CSV, 3, false, SC_LANG_EN, SC_ROUND_HALF_UP, false, 0};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_output_write(out, table, &opts, NULL, &err), SC_OK);
    fclose(out);
    assert_string_equal(text, "rate\n0.500\n1.000\n0.500\n0.333\n0.500\n");
    free(text);
    /* ascending, stable: 1/3, then the three halves in row order, then 1 */
    size_t key = 0;
    assert_int_equal(sc_table_sort(table, 0, 5, &key, 1, 0), SC_OK);
    const size_t order[] = {3, 0, 2, 4, 1};
    for (size_t row = 0; row < 5; row++) {
        sc_fraction back;
        assert_true(sc_table_get_fraction(table, row, 0, &back));
        assert_true(back.a == set[order[row]].a && back.b == set[order[row]].b);
    }
    /* copied, each keeps its fraction */
    sc_table *copy = sc_table_new();
    assert_int_equal(sc_table_add_column(copy, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    for (size_t row = 0; row < 5; row++) {
        sc_fraction back;
        assert_int_equal(sc_table_add_row(copy, NULL), SC_OK);
        assert_int_equal(sc_table_copy_cell(copy, row, 0, table, row, 0), SC_OK);
        assert_true(sc_table_get_fraction(copy, row, 0, &back));
        assert_true(back.a == set[order[row]].a && back.b == set[order[row]].b);
    }
    /* a double set over a held fraction replaces it */
    assert_int_equal(sc_table_set_double(table, 0, 0, 0.25), SC_OK);
    assert_false(sc_table_get_fraction(table, 0, 0, NULL));
    assert_true(sc_table_get_double(table, 0, 0) == 0.25);
    sc_table_free(copy);
    sc_table_free(table);
}

/* Columns grow with their rows: a fraction array made early keeps its cells
 * as rows are added past it, sorting moves fractions with their rows, a
 * string shared with the row above stays when that row changes, and
 * sc_table_reserve adds room, not rows. */
static void test_growth_sharing_reserve(void **state)
{
    (void)state;
    assert_int_equal(sc_table_reserve(NULL, 10), SC_EINVAL);
    sc_table *table = new_rate_table();
    assert_int_equal(sc_table_reserve(table, 1000), SC_OK);
    assert_int_equal(sc_table_rows(table), 0);
    assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    assert_int_equal(sc_table_set_fraction(table, 1, COL_RATE, &(sc_fraction){3, 4, 0, 1}), SC_OK);
    for (size_t row = 2; row < 1500; row++) { /* past the reserve: grown twice */
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
        assert_true(sc_table_is_missing(table, row, COL_RATE));
        assert_true(sc_table_is_missing(table, row, COL_REGION));
    }
    assert_int_equal(sc_table_set_fraction(table, 1499, COL_RATE, &(sc_fraction){1, 8, 0, 1}),
                     SC_OK);
    sc_fraction back;
    assert_true(sc_table_get_fraction(table, 1, COL_RATE, &back));
    assert_true(back.a == 3 && back.b == 4 && back.c == 0 && back.d == 1);
    /* sorting by rate, descending: 3/4, 1/8, then the missing ones */
    size_t key = COL_RATE;
    assert_int_equal(sc_table_set_string(table, 1, COL_REGION, "甲"), SC_OK);
    assert_int_equal(sc_table_set_string(table, 1499, COL_REGION, "乙"), SC_OK);
    assert_int_equal(sc_table_sort(table, 0, 1500, &key, 1, 1), SC_OK);
    assert_true(sc_table_get_fraction(table, 0, COL_RATE, &back) && back.a == 3 && back.b == 4);
    assert_true(sc_table_get_fraction(table, 1, COL_RATE, &back) && back.a == 1 && back.b == 8);
    assert_string_equal(sc_table_get_string(table, 0, COL_REGION), "甲");
    assert_string_equal(sc_table_get_string(table, 1, COL_REGION), "乙");
    assert_false(sc_table_get_fraction(table, 2, COL_RATE, NULL));
    /* the first difference in a column of rates keeps the rates whole */
    assert_int_equal(sc_table_set_fraction(table, 2, COL_RATE, &(sc_fraction){1, 2, 1, 4}), SC_OK);
    assert_true(sc_table_get_fraction(table, 0, COL_RATE, &back));
    assert_true(back.a == 3 && back.b == 4 && back.c == 0 && back.d == 1);
    assert_true(sc_table_get_fraction(table, 2, COL_RATE, &back));
    assert_true(back.a == 1 && back.b == 2 && back.c == 1 && back.d == 4);
    for (size_t row = 1500; row < 5000; row++)
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    assert_int_equal(sc_table_set_fraction(table, 4999, COL_RATE, &(sc_fraction){5, 6, 0, 1}),
                     SC_OK);
    assert_true(sc_table_get_fraction(table, 4999, COL_RATE, &back));
    assert_true(back.a == 5 && back.b == 6 && back.c == 0 && back.d == 1);
    assert_true(sc_table_get_fraction(table, 2, COL_RATE, &back) && back.c == 1 && back.d == 4);
    /* equal strings in adjacent rows, then one of them changed */
    assert_int_equal(sc_table_set_string(table, 2, COL_REGION, "wilson"), SC_OK);
    assert_int_equal(sc_table_set_string(table, 3, COL_REGION, "wilson"), SC_OK);
    assert_int_equal(sc_table_set_string(table, 3, COL_REGION, "jeffreys"), SC_OK);
    assert_string_equal(sc_table_get_string(table, 2, COL_REGION), "wilson");
    assert_string_equal(sc_table_get_string(table, 3, COL_REGION), "jeffreys");
    sc_table_free(table);
}

/* sc_table_with_constant: every column and cell kept, one string column added */
static void test_with_constant(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    for (int i = 0; i < 2; i++)
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    assert_int_equal(sc_table_set_string(table, 0, COL_REGION, "甲市"), SC_OK);
    assert_int_equal(sc_table_set_count(table, 1, COL_N, 34), SC_OK);
    assert_int_equal(sc_table_set_double(table, 0, COL_RATE, 0.25), SC_OK);
    sc_constant_column mark = {"counts", "计数", "derived"};
    sc_table *marked;
    sc_error err = {0};
    assert_int_equal(sc_table_with_constant(table, &mark, &marked, &err), SC_OK);
    assert_int_equal(sc_table_columns(marked), 6);
    assert_int_equal(sc_table_rows(marked), 2);
    assert_string_equal(sc_table_column_name(marked, 5), "counts");
    assert_string_equal(sc_table_column_label_zh(marked, 5), "计数");
    assert_string_equal(sc_table_column_label_zh(marked, COL_N), "批次数");
    assert_string_equal(sc_table_get_string(marked, 0, COL_REGION), "甲市");
    assert_true(sc_table_is_missing(marked, 1, COL_REGION));
    assert_int_equal(sc_table_get_count(marked, 1, COL_N), 34);
    assert_true(sc_table_get_double(marked, 0, COL_RATE) == 0.25);
    assert_true(sc_table_is_missing(marked, 0, COL_P));
    assert_string_equal(sc_table_get_string(marked, 0, 5), "derived");
    assert_string_equal(sc_table_get_string(marked, 1, 5), "derived");
    sc_table_free(marked);
    sc_table_free(table);
}

/* A column set whole (contract 8): every row, those before and those after,
 * reads its one value; its cells cannot be set one by one; it sorts, copies,
 * selects and takes rows as any other column does. */
static void test_constant_columns(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    assert_int_equal(sc_table_add_row(table, NULL), SC_OK); /* a row before */
    assert_int_equal(sc_table_set_column_string(table, COL_REGION, "甲市"), SC_OK);
    assert_int_equal(sc_table_set_column_double(table, COL_P, 0.05), SC_OK);
    assert_int_equal(sc_table_set_column_double(table, COL_STAT, NAN), SC_OK);
    assert_int_equal(sc_table_reserve(table, 100), SC_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
    static const uint64_t ns[] = {10, 3, 2, 1};
    for (size_t row = 0; row < 4; row++)
        assert_int_equal(sc_table_set_count(table, row, COL_N, ns[row]), SC_OK);
    for (size_t row = 0; row < 4; row++) {
        assert_string_equal(sc_table_get_string(table, row, COL_REGION), "甲市");
        assert_true(sc_table_get_double(table, row, COL_P) == 0.05);
        assert_true(sc_table_is_missing(table, row, COL_STAT));
        assert_false(sc_table_is_missing(table, row, COL_REGION));
    }
    assert_true(sc_table_is_missing(table, 4, COL_REGION)); /* out of range */
    /* refused, and nothing changes */
    assert_int_equal(sc_table_set_string(table, 1, COL_REGION, "乙市"), SC_EINVAL);
    assert_int_equal(sc_table_set_string(table, 1, COL_REGION, NULL), SC_EINVAL);
    assert_int_equal(sc_table_set_double(table, 1, COL_P, 0.5), SC_EINVAL);
    assert_int_equal(sc_table_set_column_string(table, COL_N, "x"), SC_EINVAL);
    assert_int_equal(sc_table_set_column_double(table, COL_REGION, 1.0), SC_EINVAL);
    assert_int_equal(sc_table_set_column_double(table, COL_N, 1.0), SC_EINVAL);
    assert_int_equal(sc_table_set_column_string(table, 5, "x"), SC_EINVAL);
    assert_int_equal(sc_table_set_column_string(NULL, 0, "x"), SC_EINVAL);
    assert_string_equal(sc_table_get_string(table, 1, COL_REGION), "甲市");
    assert_true(sc_table_get_double(table, 1, COL_P) == 0.05);
    /* set whole again: the new value everywhere */
    assert_int_equal(sc_table_set_column_double(table, COL_P, 0.01), SC_OK);
    assert_true(sc_table_get_double(table, 3, COL_P) == 0.01);
    /* sorted by the constant column, then n: the order of n */
    size_t keys[] = {COL_REGION, COL_N};
    assert_int_equal(sc_table_sort(table, 0, 4, keys, 2, 0), SC_OK);
    for (size_t row = 0; row < 4; row++) {
        assert_int_equal(sc_table_get_count(table, row, COL_N), ns[3 - row]);
        assert_string_equal(sc_table_get_string(table, row, COL_REGION), "甲市");
    }
    /* copied out of it, and not into it */
    sc_table *other = new_rate_table();
    assert_int_equal(sc_table_add_row(other, NULL), SC_OK);
    assert_int_equal(sc_table_copy_cell(other, 0, COL_REGION, table, 2, COL_REGION), SC_OK);
    assert_int_equal(sc_table_copy_cell(other, 0, COL_P, table, 2, COL_P), SC_OK);
    assert_string_equal(sc_table_get_string(other, 0, COL_REGION), "甲市");
    assert_true(sc_table_get_double(other, 0, COL_P) == 0.01);
    assert_int_equal(sc_table_copy_cell(table, 0, COL_REGION, other, 0, COL_REGION), SC_EINVAL);
    sc_table_free(other);
    /* a selection keeps it, and the copy owns its string */
    const char *names[] = {"p_value", "地区", "n"};
    sc_table *picked;
    sc_error err = {0};
    assert_int_equal(sc_table_select(table, names, 3, &picked, &err), SC_OK);
    sc_table_free(table);
    assert_int_equal(sc_table_rows(picked), 4);
    for (size_t row = 0; row < 4; row++) {
        assert_true(sc_table_get_double(picked, row, 0) == 0.01);
        assert_string_equal(sc_table_get_string(picked, row, 1), "甲市");
        assert_int_equal(sc_table_get_count(picked, row, 2), ns[3 - row]);
    }
    assert_int_equal(sc_table_set_string(picked, 0, 1, "乙市"), SC_EINVAL);
    assert_int_equal(sc_table_add_row(picked, NULL), SC_OK);
    assert_string_equal(sc_table_get_string(picked, 4, 1), "甲市");
    assert_true(sc_table_is_missing(picked, 4, 2));
    sc_table_free(picked);
}

/* sc_table_fill: the rows of a table filled on 1 and 3 threads.  Row r has
 * region "R<r/3>" (a string shared with the row above, across the parts'
 * bounds too), n = r, rate (r mod 10)/10 (missing when r mod 10 = 0; at
 * row FILL_LATE, in the last part, 3/4 - 1/4, the first cell needing the c/d
 * half), p_value 1/(r+1) on even rows. */
enum { FILL_ROWS = 3 * SC_TABLE_FILL_ROWS + 5, FILL_LATE = 3 * SC_TABLE_FILL_ROWS + 1 };

typedef struct fill_check {
    size_t fail_at[2]; /* rows whose fill fails (SIZE_MAX: none) */
    bool parts;        /* the fill is given parts (not the table): try what they refuse */
    int refused;       /* parts that refused rows, columns, whole columns, reserving and sorting */
} fill_check;

static sc_status fill_rows(sc_table *part, size_t first, size_t last, void *ctx, sc_error *err)
{
    fill_check *check = ctx;
    size_t col = COL_N;
    if (check->parts && sc_table_add_row(part, NULL) == SC_EINVAL && sc_table_reserve(part, 1) == SC_EINVAL &&
        sc_table_sort(part, first, last, &col, 1, 0) == SC_EINVAL &&
        sc_table_add_column(part, "x", NULL, SC_COL_REAL) == SC_EINVAL &&
        sc_table_set_column_double(part, COL_STAT, 1.0) == SC_EINVAL)
        __atomic_fetch_add(&check->refused, 1, __ATOMIC_RELAXED);
    for (size_t row = first; row < last; row++) {
        if (row == check->fail_at[0] || row == check->fail_at[1])
            return sc_error_set(err, SC_EDATA, NULL, 0, "bad row %zu", row);
        char region[32];
        snprintf(region, sizeof region, "R%zu", row / 3);
        sc_fraction rate = {row % 10, row % 10 ? 10 : 0, 0, 1};
        if (row == FILL_LATE)
            rate = (sc_fraction){3, 4, 1, 4};
        if (sc_table_set_string(part, row, COL_REGION, region) != SC_OK ||
            sc_table_set_count(part, row, COL_N, row) != SC_OK ||
            sc_table_set_fraction(part, row, COL_RATE, &rate) != SC_OK ||
            sc_table_set_double(part, row, COL_P, row % 2 ? NAN : 1.0 / (double)(row + 1)) !=
                SC_OK)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "setter failed at row %zu", row);
    }
    return SC_OK;
}

static void test_fill_on_threads(void **state)
{
    (void)state;
    for (size_t threads = 1; threads <= 3; threads += 2) {
        sc_table *table = new_rate_table();
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK); /* a row before the filled ones */
        assert_int_equal(sc_table_set_string(table, 0, COL_REGION, "R0"), SC_OK);
        fill_check check = {{SIZE_MAX, SIZE_MAX}, threads > 1, 0};
        sc_error err = {0};
        assert_int_equal(sc_table_fill(table, FILL_ROWS - 1, threads, fill_rows, &check, &err),
                         SC_OK);
        assert_int_equal(sc_table_rows(table), FILL_ROWS);
        assert_int_equal(check.refused, threads == 1 ? 0 : 3);
        assert_true(sc_table_complete(table));
        for (size_t row = 1; row < FILL_ROWS; row++) {
            char region[32];
            snprintf(region, sizeof region, "R%zu", row / 3);
            assert_string_equal(sc_table_get_string(table, row, COL_REGION), region);
            assert_int_equal(sc_table_get_count(table, row, COL_N), row);
            sc_fraction f;
            if (row == FILL_LATE) {
                assert_true(sc_table_get_fraction(table, row, COL_RATE, &f));
                assert_true(f.a == 3 && f.b == 4 && f.c == 1 && f.d == 4);
                assert_true(sc_table_get_double(table, row, COL_RATE) == 0.5);
            } else if (row % 10 == 0) {
                assert_true(sc_table_is_missing(table, row, COL_RATE));
            } else {
                assert_true(sc_table_get_fraction(table, row, COL_RATE, &f));
                assert_true(f.a == row % 10 && f.b == 10 && f.c == 0 && f.d == 1);
            }
            assert_int_equal(sc_table_is_missing(table, row, COL_P), row % 2);
            assert_true(sc_table_is_missing(table, row, COL_STAT));
        }
        assert_true(sc_table_get_double(table, 4, COL_P) == 0.2);
        /* the table takes rows again after the fill */
        assert_int_equal(sc_table_add_row(table, NULL), SC_OK);
        sc_table_free(table);
    }
}

/* Filling no rows of a table that has none yet (a --where that matched nothing) is no work. */
static void test_fill_no_rows(void **state)
{
    (void)state;
    sc_table *table = new_rate_table();
    fill_check check = {{SIZE_MAX, SIZE_MAX}, false, 0};
    sc_error err = {0};
    assert_int_equal(sc_table_fill(table, 0, 2, fill_rows, &check, &err), SC_OK);
    assert_int_equal(sc_table_rows(table), 0);
    assert_true(sc_table_complete(table));
    sc_table_free(table);
}

/* The failure reported is the first in row order, whatever part meets it. */
static void test_fill_first_failure(void **state)
{
    (void)state;
    for (size_t threads = 1; threads <= 3; threads += 2) {
        sc_table *table = new_rate_table();
        fill_check check = {{2 * SC_TABLE_FILL_ROWS + 7, SC_TABLE_FILL_ROWS + 3}, false, 0};
        sc_error err = {0};
        assert_int_equal(sc_table_fill(table, FILL_ROWS, threads, fill_rows, &check, &err),
                         SC_EDATA);
        char expected[64];
        snprintf(expected, sizeof expected, "bad row %d", SC_TABLE_FILL_ROWS + 3);
        assert_string_equal(err.message, expected);
        sc_table_free(table);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_names_copied),
        cmocka_unit_test(test_rows_start_missing),
        cmocka_unit_test(test_set_and_get),
        cmocka_unit_test(test_nan_is_missing),
        cmocka_unit_test(test_type_and_range_errors),
        cmocka_unit_test(test_sort_strings_missing_last),
        cmocka_unit_test(test_sort_numbers),
        cmocka_unit_test(test_sort_counts_and_range),
        cmocka_unit_test(test_sort_multiple_keys),
        cmocka_unit_test(test_sort_stable_large),
        cmocka_unit_test(test_sort_arguments),
        cmocka_unit_test(test_fractions),
        cmocka_unit_test(test_fractions_in_cell_and_beside),
        cmocka_unit_test(test_with_constant),
        cmocka_unit_test(test_constant_columns),
        cmocka_unit_test(test_growth_sharing_reserve),
        cmocka_unit_test(test_fill_on_threads),
        cmocka_unit_test(test_fill_first_failure),
        cmocka_unit_test(test_fill_no_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
