/* Unit tests: grouped counts as time series (src/lib/series.c,
 * sc_series_split).  Expected orders are written out by hand from the
 * groups each test adds.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/series.h"

/* Adds a group (region, period) with no counts. */
static void add(sc_groups *g, const char *region, const char *period)
{
    const char *keys[] = {region, period};
    size_t lens[] = {strlen(region), strlen(period)};
    assert_int_equal(sc_groups_add(g, keys, lens, 1, 1), SC_OK);
}

/* Series s holds exactly the groups `expected`, in that order. */
static void expect_series(const sc_series_set *set, size_t s, const size_t *expected, size_t count)
{
    assert_true(s < set->count);
    assert_int_equal(set->start[s + 1] - set->start[s], count);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(set->points[set->start[s] + i].group, expected[i]);
}

static sc_groups *five_groups(void)
{
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    add(g, "A", "2024Q2"); /* 0 */
    add(g, "B", "2023Q4"); /* 1 */
    add(g, "A", "2023Q4"); /* 2 */
    add(g, "B", "2024Q1"); /* 3 */
    add(g, "A", "2024Q1"); /* 4 */
    return g;
}

static void test_series_by_group_in_time_order(void **state)
{
    (void)state;
    sc_groups *g = five_groups();
    sc_series_set set;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_series_split(g, 1, &set, &err), SC_OK);
    assert_int_equal(set.count, 2); /* A first: it appears first */
    expect_series(&set, 0, (const size_t[]){2, 4, 0}, 3);
    expect_series(&set, 1, (const size_t[]){1, 3}, 2);
    assert_int_equal(set.points[set.start[0]].period.kind, SC_PERIOD_QUARTER);
    sc_series_free(&set);
    sc_series_free(&set); /* an empty set: a no-op */
    sc_groups_free(g);
}

static void test_one_series_without_by(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(1);
    assert_non_null(g);
    const char *periods[] = {"2022", "2020", "2021"};
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(periods[i]);
        assert_int_equal(sc_groups_add(g, &periods[i], &len, 1, 1), SC_OK);
    }
    sc_series_set set;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_series_split(g, 0, &set, &err), SC_OK);
    assert_int_equal(set.count, 1);
    expect_series(&set, 0, (const size_t[]){1, 2, 0}, 3);
    sc_series_free(&set);
    sc_groups_free(g);
}

static void test_empty_groups(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_non_null(g);
    sc_series_set set;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_series_split(g, 1, &set, &err), SC_OK);
    assert_int_equal(set.count, 0);
    sc_series_free(&set);
    sc_groups_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    sc_groups *g = five_groups();
    sc_series_set set;
    sc_error err;
    sc_error_clear(&err);
    /* no period part after the --by parts */
    assert_int_equal(sc_series_split(g, 2, &set, &err), SC_EINVAL);
    assert_int_equal(set.count, 0);
    assert_null(set.points);
    sc_groups_free(g);
    /* a period key that is not canonical is the caller's bug */
    g = sc_groups_new(2);
    assert_non_null(g);
    add(g, "A", "not a period");
    sc_error_clear(&err);
    assert_int_equal(sc_series_split(g, 1, &set, &err), SC_EINTERNAL);
    assert_null(set.points);
    sc_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series_by_group_in_time_order),
        cmocka_unit_test(test_one_series_without_by),
        cmocka_unit_test(test_empty_groups),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
