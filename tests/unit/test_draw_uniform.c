/* Unit test (labelled slow): the selection of spotcheck draw is uniform.  Over 10,000
 * seeds ("uniform-1" .. "uniform-10000") a register of 20 ids in two strata (a: 12, b:
 * 8) draws 5 in proportion (3 and 2), so every id is drawn with probability 1/4.  The
 * counts O_i are tested against E = 2500 by the chi-square statistic for draws without
 * replacement: within a stratum of k ids drawing m per seed over N seeds the counts
 * have covariance N p (1 - p) k / (k - 1) (I - J / k), p = m / k, so
 *   X = sum_h sum_{i in h} (O_i - E)^2 / (N p (1 - p) k_h / (k_h - 1))
 * is chi-square with (12 - 1) + (8 - 1) = 18 degrees of freedom; the test fails when
 * P(chi2_18 > X) < 0.01.  The statistic and p are printed (R: pchisq(X, 18,
 * lower.tail = FALSE) gives the same p).
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
#include <gsl/gsl_cdf.h>

#include "spotcheck/analysis.h"
#include "spotcheck/draw.h"

#define SEEDS 10000
#define IDS 20

static void test_uniform(void **state)
{
    (void)state;
    char path[] = "/tmp/sc-test-uniform-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("id,side\n", f);
    for (int i = 1; i <= IDS; i++)
        fprintf(f, "U%02d,%s\n", i, i <= 12 ? "a" : "b");
    fclose(f);
    sc_register *reg;
    sc_error err;
    assert_int_equal(sc_register_read(path, NULL, "id", &reg, &err), SC_OK);
    remove(path);
    uint64_t count[IDS] = {0};
    const char *by[1] = {"side"};
    for (int k = 1; k <= SEEDS; k++) {
        char seed[32];
        snprintf(seed, sizeof seed, "uniform-%d", k);
        sc_draw_opts o = {.seed = seed, .by = by, .nby = 1, .total = 5, .fraction = NAN,
                          .allocation = SC_ALLOCATION_PROPORTIONAL};
        sc_draw_result r;
        assert_int_equal(sc_draw_tables(reg, &o, &r, &err), SC_OK);
        assert_int_equal(sc_table_rows(r.selection), 5);
        for (size_t row = 0; row < 5; row++) {
            int id = atoi(sc_table_get_string(r.selection, row, 0) + 1);
            assert_true(id >= 1 && id <= IDS);
            count[id - 1]++;
        }
        sc_draw_result_free(&r);
    }
    sc_register_free(reg);
    double x = 0, p = 0.25, expected = SEEDS * p;
    for (int i = 0; i < IDS; i++) {
        double k = i < 12 ? 12 : 8;
        x += pow((double)count[i] - expected, 2) / (SEEDS * p * (1 - p) * k / (k - 1));
    }
    double pvalue = gsl_cdf_chisq_Q(x, 18);
    printf("uniformity over %d seeds: X = %.4f on 18 df, p = %.4f; counts", SEEDS, x, pvalue);
    for (int i = 0; i < IDS; i++)
        printf(" %llu", (unsigned long long)count[i]);
    printf("\n");
    assert_true(pvalue >= 0.01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
