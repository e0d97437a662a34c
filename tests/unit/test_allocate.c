/* Unit tests: allocation of a total sample over strata (src/lib/allocate.c,
 * contract A1-A5 of include/spotcheck/allocate.h) and the strata file
 * (src/lib/allocate_file.c, A6).
 * Expected values: R (scripts/ref-allocate.R: another algorithm, fixing
 * strata at their bounds and sharing again, with the bounded-share
 * conditions checked) in tests/data/allocate.csv; hand arithmetic below.
 * Tolerance: quotas 1e-9 relative; counts exact.
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

#include "refcsv.h"
#include "relerr.h"
#include "spotcheck/allocate.h"
#include "spotcheck/analysis.h"

#define MAX_STRATA 8

static sc_allocation allocation_of(const char *name)
{
    size_t index;
    assert_int_equal(sc_registry_find(&sc_allocations, name, &index), SC_OK);
    return (sc_allocation)index;
}

typedef struct ref_case {
    char name[64];
    sc_allocation how;
    uint64_t total, minimum;
    size_t count;
    sc_stratum_share strata[MAX_STRATA];
    double quota[MAX_STRATA];
    uint64_t n[MAX_STRATA];
} ref_case;

static void check_case(const ref_case *c)
{
    sc_stratum_share strata[MAX_STRATA];
    memcpy(strata, c->strata, sizeof strata);
    sc_error err;
    assert_int_equal(sc_allocate(c->how, c->total, c->minimum, strata, c->count, &err), SC_OK);
    uint64_t sum = 0;
    for (size_t h = 0; h < c->count; h++) {
        assert_rel(strata[h].quota, c->quota[h], REL_TOL);
        assert_int_equal(strata[h].n, c->n[h]);
        assert_true(strata[h].n <= strata[h].population);
        sum += strata[h].n;
    }
    assert_int_equal(sum, c->total);
}

/* A2-A4 against R (allocate.csv), every case and stratum */
static void test_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("allocate.csv");
    csv_row row;
    ref_case c = {0};
    size_t cases = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        if (strcmp(row.field[0], c.name) != 0) {
            if (c.count)
                check_case(&c);
            cases += c.count > 0;
            memset(&c, 0, sizeof c);
            snprintf(c.name, sizeof c.name, "%s", row.field[0]);
            c.how = allocation_of(row.field[1]);
            c.total = to_count(row.field[2]);
            c.minimum = to_count(row.field[3]);
        }
        assert_true(c.count < MAX_STRATA);
        c.strata[c.count] = (sc_stratum_share){.population = to_count(row.field[5]),
                                               .rate = row.field[6][0] ? to_double(row.field[6])
                                                                       : NAN};
        c.quota[c.count] = to_double(row.field[7]);
        c.n[c.count] = to_count(row.field[8]);
        c.count++;
    }
    fclose(f);
    check_case(&c);
    cases++;
    assert_int_equal(cases, 11);
}

/* hand arithmetic: 33 in proportion to 100, 250, 650 is 3.3, 8.25, 21.45: floors 32, the
 * last unit to the largest remainder (.45); 10 equally over 3: 4, 3, 3 (ties in order) */
static void test_hand(void **state)
{
    (void)state;
    sc_stratum_share s[3] = {{.population = 100}, {.population = 250}, {.population = 650}};
    sc_error err;
    assert_int_equal(sc_allocate(SC_ALLOCATION_PROPORTIONAL, 33, 0, s, 3, &err), SC_OK);
    assert_true(s[0].n == 3 && s[1].n == 8 && s[2].n == 22);
    s[1].population = s[2].population = 100;
    assert_int_equal(sc_allocate(SC_ALLOCATION_EQUAL, 10, 0, s, 3, &err), SC_OK);
    assert_true(s[0].n == 4 && s[1].n == 3 && s[2].n == 3);
    /* the whole population, and nothing */
    assert_int_equal(sc_allocate(SC_ALLOCATION_EQUAL, 300, 0, s, 3, &err), SC_OK);
    assert_true(s[0].n == 100 && s[1].n == 100 && s[2].n == 100);
    assert_int_equal(sc_allocate(SC_ALLOCATION_PROPORTIONAL, 0, 0, s, 3, &err), SC_OK);
    assert_true(s[0].n == 0 && s[1].n == 0 && s[2].n == 0);
    /* the minimums make the total exactly */
    assert_int_equal(sc_allocate(SC_ALLOCATION_PROPORTIONAL, 15, 5, s, 3, &err), SC_OK);
    assert_true(s[0].n == 5 && s[1].n == 5 && s[2].n == 5);
    /* Neyman with the same rate everywhere is proportional */
    sc_stratum_share a[3] = {{.population = 120, .rate = 0.9},
                             {.population = 480, .rate = 0.9},
                             {.population = 400, .rate = 0.9}};
    assert_int_equal(sc_allocate(SC_ALLOCATION_NEYMAN, 50, 0, a, 3, &err), SC_OK);
    assert_true(a[0].n == 6 && a[1].n == 24 && a[2].n == 20);
    assert_rel(a[1].quota, 24, 1e-12);
}

/* invariants over many totals: the sum is exact, bounds hold, more in total never means
 * less in a stratum under proportional allocation with no minimum (Hamilton's method can
 * do that, the Alabama paradox, so only the quotas are monotone) */
static void test_invariants(void **state)
{
    (void)state;
    sc_stratum_share s[5] = {{.population = 412, .rate = 0.97}, {.population = 268, .rate = 0.9},
                             {.population = 175, .rate = 0.8}, {.population = 96, .rate = 0.99},
                             {.population = 49, .rate = 0.5}};
    double before[5] = {0};
    sc_error err;
    for (sc_allocation how = 0; how < SC_ALLOCATION_COUNT; how++)
        for (uint64_t total = 25; total <= 1000; total += 25) {
            assert_int_equal(sc_allocate(how, total, 5, s, 5, &err), SC_OK);
            uint64_t sum = 0;
            for (size_t h = 0; h < 5; h++) {
                assert_true(s[h].n >= 5 && s[h].n <= s[h].population);
                assert_true(fabs((double)s[h].n - s[h].quota) < 1);
                if (total > 25)
                    assert_true(s[h].quota >= before[h] - 1e-9);
                before[h] = s[h].quota;
                sum += s[h].n;
            }
            assert_int_equal(sum, total);
        }
}

/* A5 */
static void test_errors(void **state)
{
    (void)state;
    sc_stratum_share s[2] = {{.population = 10, .rate = 0.5}, {.population = 20, .rate = NAN}};
    sc_error err;
    assert_int_equal(sc_allocate(SC_ALLOCATION_EQUAL, 31, 0, s, 2, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "more than the 30 units"));
    assert_int_equal(sc_allocate(SC_ALLOCATION_EQUAL, 12, 7, s, 2, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "needs 14"));
    assert_int_equal(sc_allocate(SC_ALLOCATION_NEYMAN, 12, 0, s, 2, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "stratum 2"));
    assert_int_equal(sc_allocate(SC_ALLOCATION_EQUAL, 1, 0, s, 0, &err), SC_EINVAL);
    s[0].population = 0;
    assert_int_equal(sc_allocate(SC_ALLOCATION_EQUAL, 1, 0, s, 2, &err), SC_EINVAL);
    assert_int_equal(sc_allocate(SC_ALLOCATION_COUNT, 1, 0, s, 2, &err), SC_EINVAL);
}

static char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/sc-test-strata-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* A6 */
static void test_strata_file(void **state)
{
    (void)state;
    sc_strata *t;
    sc_error err;
    char *path = write_temp("Stratum,Population,Rate\n城区,412,97%\n乡镇,268,0.9\n山区,49,\n");
    assert_int_equal(sc_strata_read(path, NULL, &t, &err), SC_OK);
    assert_int_equal(t->count, 3);
    assert_true(t->has_rate);
    assert_string_equal(t->names[1], "乡镇");
    assert_int_equal(t->shares[0].population, 412);
    assert_rel(t->shares[0].rate, 0.97, 1e-15);
    assert_true(isnan(t->shares[2].rate));
    assert_int_equal(t->lines[2], 4);
    sc_strata_free(t);
    remove(path);
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"stratum,population,weight\na,1,1\n", "column \"weight\": not a column"},
        {"stratum,rate\na,0.5\n", "no column \"population\""},
        {"stratum,population\na,0\n", "column \"population\": \"0\" is not a population"},
        {"stratum,population\na,1.5\n", "is not a population"},
        {"stratum,population\na,10\na,5\n", "given twice (first on line 2)"},
        {"stratum,population\n,10\n", "is empty"},
        {"stratum,population,rate\na,10,95\n", "a percentage is written with %"},
        {"stratum,population\n", "no strata"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        path = write_temp(bad[i].text);
        assert_int_equal(sc_strata_read(path, NULL, &t, &err), SC_EDATA);
        assert_null(t);
        if (!strstr(err.message, bad[i].message))
            fail_msg("%s: %s", bad[i].text, err.message);
        assert_true(err.line >= 1 && strstr(err.file, "sc-test-strata-"));
        remove(path);
    }
    assert_int_equal(sc_strata_read("/nonexistent/strata.csv", NULL, &t, &err), SC_ENOENT);
    sc_strata_free(NULL);
}

/* the analysis call: the table of the demo strata (R: allocate.csv has the same weights by
 * hand: 400 over 318, 918, 5310, 3002 in proportion gives quotas 13.322, 38.458, 222.455,
 * 125.765: floors 398, the two units left to .765 and .458 -> 13, 39, 222, 126) */
static void test_allocation_table(void **state)
{
    (void)state;
    char *path = write_temp("stratum,population,rate\n大型,318,98.8%\n中型,918,96.9%\n"
                            "小型,5310,94.9%\n微型,3002,93.6%\n");
    sc_strata *t;
    sc_error err;
    assert_int_equal(sc_strata_read(path, NULL, &t, &err), SC_OK);
    sc_allocation_opts o = {.allocation = SC_ALLOCATION_PROPORTIONAL, .total = 400};
    sc_table *table;
    assert_int_equal(sc_allocation_table(t, &o, &table, &err), SC_OK);
    assert_int_equal(sc_table_rows(table), 4);
    assert_int_equal(sc_table_columns(table), 6);
    static const uint64_t expected[] = {13, 39, 222, 126};
    for (size_t h = 0; h < 4; h++) {
        assert_int_equal(sc_table_get_count(table, h, 4), expected[h]);
        assert_rel(sc_table_get_double(table, h, 3), 400.0 * (double)t->shares[h].population / 9548,
                   1e-12);
    }
    sc_table_free(table);
    /* Neyman with an empty rate names its line; without a rate column, the file */
    o.allocation = SC_ALLOCATION_NEYMAN;
    t->shares[2].rate = NAN;
    assert_int_equal(sc_allocation_table(t, &o, &table, &err), SC_EDATA);
    assert_int_equal(err.line, 4);
    assert_null(table);
    t->has_rate = false;
    assert_int_equal(sc_allocation_table(t, &o, &table, &err), SC_EDATA);
    assert_non_null(strstr(err.message, "no column \"rate\""));
    /* a total above the population */
    o.allocation = SC_ALLOCATION_EQUAL;
    o.total = 9549;
    assert_int_equal(sc_allocation_table(t, &o, &table, &err), SC_EINVAL);
    sc_strata_free(t);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_r),   cmocka_unit_test(test_hand),
        cmocka_unit_test(test_invariants),  cmocka_unit_test(test_errors),
        cmocka_unit_test(test_strata_file), cmocka_unit_test(test_allocation_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
