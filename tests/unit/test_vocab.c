/* Unit tests: the domain vocabulary (src/lib/vocab.c): rate kinds, words in
 * cells, result columns, rates as exact fractions, ordering of group rows.
 * Expected values are written out by hand: DESIGN.md §1 fact 2 and §4 for the
 * rate kinds, §5 for the column names, arithmetic for the fractions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/vocab.h"

static void test_rate_kinds(void **state)
{
    (void)state;
    const sc_rate_kind_info *pass = sc_rate_kind_get(SC_RATE_PASS);
    const sc_rate_kind_info *fail = sc_rate_kind_get(SC_RATE_FAIL);
    assert_string_equal(pass->name, "pass");
    assert_string_equal(fail->name, "fail");
    assert_string_equal(sc_rate_kind_names[SC_RATE_PASS], "pass");
    assert_string_equal(sc_rate_kind_names[SC_RATE_FAIL], "fail");
    assert_null(sc_rate_kind_names[2]);
    assert_string_equal(sc_rate_kind_label(SC_RATE_PASS, SC_LANG_ZH), "合格率");
    assert_string_equal(sc_rate_kind_label(SC_RATE_FAIL, SC_LANG_ZH), "不合格率");
    assert_string_equal(sc_rate_kind_label(SC_RATE_FAIL, SC_LANG_EN), "unqualified rate");
    /* a pass-rate target is a floor, an unqualified-rate target a ceiling */
    assert_int_equal(pass->target, SC_TARGET_FLOOR);
    assert_int_equal(fail->target, SC_TARGET_CEILING);
    /* 788 batches, 769 passed: 769 counted for the pass rate, 19 for the other */
    assert_int_equal(sc_rate_counted(SC_RATE_PASS, 788, 769), 769);
    assert_int_equal(sc_rate_counted(SC_RATE_FAIL, 788, 769), 19);
    assert_null(sc_rate_kind_get((sc_rate_kind)2));
}

static void test_words(void **state)
{
    (void)state;
    assert_string_equal(sc_word(SC_LANG_ZH, "within"), "限内");
    assert_string_equal(sc_word(SC_LANG_ZH, "yes"), "是");
    assert_string_equal(sc_word(SC_LANG_EN, "within"), "within"); /* machine formats */
    assert_string_equal(sc_word(SC_LANG_ZH, "no-such-word"), "no-such-word");
    assert_null(sc_word(SC_LANG_ZH, NULL));
}

static void test_columns_and_renamed_groups(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "地区"), SC_OK);
    assert_int_equal(sc_groups_set_key_name(g, 1, "n"), SC_OK); /* a user column named n */
    sc_table *t = sc_table_new();
    size_t n, rate, target;
    sc_column_spec spec[] = {
        {&n, "n", "批次数", SC_COL_COUNT, true},
        {&target, "target", "目标", SC_COL_SETTING, false},
        {&rate, "rate", "合格率", SC_COL_PROPORTION, true},
    };
    assert_int_equal(sc_columns_add(t, g, 2, spec, 3), SC_OK);
    assert_int_equal(sc_table_columns(t), 4);
    assert_string_equal(sc_table_column_name(t, 0), "地区");
    assert_string_equal(sc_table_column_name(t, 1), "n_group");
    assert_string_equal(sc_table_column_label_zh(t, 1), "n");
    assert_int_equal(n, 2);
    assert_int_equal(target, SC_NO_COLUMN);
    assert_int_equal(rate, 3);
    assert_string_equal(sc_table_column_label_zh(t, 3), "合格率");
    sc_table_free(t);
    sc_groups_free(g);
}

static void test_rates_as_fractions_and_sorting(void **state)
{
    (void)state;
    sc_table *t = sc_table_new();
    assert_int_equal(sc_table_add_column(t, "g", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(t, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    const struct {
        const char *g;
        uint64_t x, n;
    } rows[] = {{"b", 23, 40}, {"a", 0, 0}, {"c", 1, 2}};
    for (size_t i = 0; i < 3; i++) {
        size_t r;
        assert_int_equal(sc_table_add_row(t, &r), SC_OK);
        sc_table_set_string(t, r, 0, rows[i].g);
        sc_table_set_count(t, r, 1, rows[i].n);
        assert_int_equal(sc_table_set_rate(t, r, 2, rows[i].x, rows[i].n), SC_OK);
    }
    sc_fraction f;
    assert_true(sc_table_get_fraction(t, 0, 2, &f));
    assert_int_equal(f.a, 23);
    assert_int_equal(f.b, 40);
    assert_true(sc_table_get_double(t, 0, 2) == 0.575);
    assert_true(sc_table_is_missing(t, 1, 2)); /* n = 0 */
    /* 23/40 - 1/2 = 0.075 exactly as a fraction */
    size_t r;
    assert_int_equal(sc_table_add_row(t, &r), SC_OK);
    assert_int_equal(sc_table_set_rate_diff(t, r, 2, 23, 40, 1, 2), SC_OK);
    assert_true(sc_table_get_fraction(t, r, 2, &f));
    assert_int_equal(f.c, 1);
    assert_int_equal(f.d, 2);
    sc_table_set_string(t, r, 0, "d");
    sc_table_set_count(t, r, 1, 0);
    /* by rate, descending: 0.575 (b), 0.5 (c), 0.075 (d), missing (a) last */
    assert_int_equal(sc_sort_groups(t, SC_SORT_RATE, 1, 2, 1, true), SC_OK);
    assert_string_equal(sc_table_get_string(t, 0, 0), "b");
    assert_string_equal(sc_table_get_string(t, 1, 0), "c");
    assert_string_equal(sc_table_get_string(t, 2, 0), "d");
    assert_string_equal(sc_table_get_string(t, 3, 0), "a");
    assert_int_equal(sc_sort_groups(t, SC_SORT_KEY, 1, 2, 1, false), SC_OK);
    assert_string_equal(sc_table_get_string(t, 0, 0), "a");
    assert_string_equal(sc_table_get_string(t, 3, 0), "d");
    assert_string_equal(sc_sort_names[SC_SORT_N], "n");
    sc_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_kinds),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_columns_and_renamed_groups),
        cmocka_unit_test(test_rates_as_fractions_and_sorting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
