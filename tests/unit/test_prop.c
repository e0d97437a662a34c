/* spotcheck — tests of the one-proportion module (prop.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources of expected values (none is computed with the code under test):
 *   - tests/data/prop_reference.csv, prop_tails.csv, prop_target.csv:
 *     written by scripts/ref-prop.R (base R 4.2.2: prop.test, binom.test,
 *     pbinom, pbeta, uniroot at tol 1e-14, Blaker's acceptability evaluated
 *     over all outcomes).  Tolerance: 1e-9 relative (DESIGN.md section 7);
 *     a difference below 1e-15 counts as equal when the expected value is
 *     below 1e-12 in magnitude (zero up to cancellation, e.g. Wald limits).
 *   - Newcombe RG, Stat Med 1998;17:857-872, Table II, as quoted in
 *     shared/reference/newcombe-1998-single-proportion.csv: 4-decimal
 *     published limits (tolerance 0.5e-4) and the 8-decimal R values listed
 *     there (tolerance 0.5e-8).
 *   - Invariants: containment, nesting in the level, shrinking with n, the
 *     one-sided/two-sided correspondence of ci.h C2, P + Q = 1.
 */
#include <float.h>
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
#include <gsl/gsl_errno.h>

#include "spotcheck/prop.h"

static sc_sided to_sided(const char *s)
{
    if (strcmp(s, "two") == 0)
        return SC_SIDED_TWO;
    if (strcmp(s, "lower") == 0)
        return SC_SIDED_LOWER;
    assert_string_equal(s, "upper");
    return SC_SIDED_UPPER;
}

static sc_ci_method to_method(const char *name)
{
    sc_ci_method m;
    assert_int_equal(sc_ci_method_from_name(name, &m), SC_OK);
    return m;
}

/* ---- R reference rows ------------------------------------------------------- */

static void test_reference_rows(void **state)
{
    (void)state;
    FILE *f = open_data("prop_reference.csv");
    csv_row row;
    double worst[SC_CI_METHOD_COUNT] = {0};
    int rows[SC_CI_METHOD_COUNT] = {0};
    int failures = 0, total = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        sc_ci_method m = to_method(row.field[0]);
        uint64_t x = to_count(row.field[1]), n = to_count(row.field[2]);
        double level = to_double(row.field[3]);
        sc_sided sided = to_sided(row.field[4]);
        double want[3] = {to_double(row.field[5]), to_double(row.field[6]),
                          to_double(row.field[7])};
        sc_interval iv;
        assert_int_equal(sc_prop_interval(x, n, m, level, sided, &iv), SC_OK);
        double got[3] = {iv.estimate, iv.lower, iv.upper};
        for (int i = 0; i < 3; i++) {
            double e = rel_error_near_zero(got[i], want[i]);
            if (e > worst[m])
                worst[m] = e;
            if (!(e <= REL_TOL)) {
                failures++;
                print_error("%s x=%llu n=%llu level=%g %s: %s got %.17g want %.17g (rel %.3g)\n",
                            row.field[0], (unsigned long long)x, (unsigned long long)n, level,
                            row.field[4], i == 0 ? "estimate" : i == 1 ? "lower" : "upper",
                            got[i], want[i], e);
            }
        }
        rows[m]++;
        total++;
    }
    fclose(f);
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++) {
        print_message("  %-17s %4d rows, max relative error %.2e\n",
                      sc_ci_method_get((sc_ci_method)m)->entry.name, rows[m], worst[m]);
        assert_true(rows[m] >= 20);
    }
    print_message("  %d reference rows\n", total);
    assert_true(total >= 255);
    assert_int_equal(failures, 0);
}

/* ---- Newcombe (1998) Table II ---------------------------------------------- */

typedef struct newcombe_row {
    uint64_t x, n;
    sc_ci_method method;
    double lower_r, upper_r;     /* R 4.2.2, 8 decimals (unclipped as printed) */
    double lower_pub, upper_pub; /* published, 4 decimals; NaN where not quoted */
} newcombe_row;

static const newcombe_row newcombe[] = {
    {81, 263, SC_CI_WALD, 0.25219013, 0.36377946, NAN, NAN},
    {81, 263, SC_CI_WALD_CC, 0.25028899, 0.36568060, NAN, NAN},
    {81, 263, SC_CI_WILSON, 0.25528852, 0.36620958, 0.2553, 0.3662},
    {81, 263, SC_CI_WILSON_CC, 0.25350868, 0.36817620, NAN, NAN},
    {81, 263, SC_CI_CLOPPER_PEARSON, 0.25273675, 0.36762192, NAN, NAN},
    {81, 263, SC_CI_MID_P, 0.25440210, 0.36577347, NAN, NAN},
    {81, 263, SC_CI_LIKELIHOOD_RATIO, 0.25423899, 0.36545334, NAN, NAN},
    {15, 148, SC_CI_WALD, 0.05273001, 0.14997270, NAN, NAN},
    {15, 148, SC_CI_WALD_CC, 0.04935163, 0.15335107, NAN, NAN},
    {15, 148, SC_CI_WILSON, 0.06238640, 0.16048724, 0.0624, 0.1605},
    {15, 148, SC_CI_WILSON_CC, 0.05977821, 0.16444978, 0.0598, 0.1644},
    {15, 148, SC_CI_CLOPPER_PEARSON, 0.05784401, 0.16165049, 0.0578, 0.1617},
    {15, 148, SC_CI_MID_P, 0.06006360, 0.15812173, 0.0601, 0.1581},
    {15, 148, SC_CI_LIKELIHOOD_RATIO, 0.05963069, 0.15673391, NAN, NAN},
    {0, 20, SC_CI_WALD, 0.00000000, 0.00000000, NAN, NAN},
    {0, 20, SC_CI_WALD_CC, -0.02500000, 0.02500000, NAN, NAN},
    {0, 20, SC_CI_WILSON, 0.00000000, 0.16112516, 0.0000, 0.1611},
    {0, 20, SC_CI_WILSON_CC, 0.00000000, 0.20045335, 0.0000, 0.2005},
    {0, 20, SC_CI_CLOPPER_PEARSON, 0.00000000, 0.16843347, 0.0000, 0.1684},
    {0, 20, SC_CI_MID_P, 0.00000000, 0.13910834, 0.0000, 0.1391},
    {0, 20, SC_CI_LIKELIHOOD_RATIO, 0.00000000, 0.09156912, NAN, NAN},
    {1, 29, SC_CI_WALD, -0.03192673, 0.10089224, NAN, NAN},
    {1, 29, SC_CI_WALD_CC, -0.04916811, 0.11813362, NAN, NAN},
    {1, 29, SC_CI_WILSON, 0.00611321, 0.17175522, 0.0061, 0.1718},
    {1, 29, SC_CI_WILSON_CC, 0.00180264, 0.19628175, 0.0018, 0.1963},
    {1, 29, SC_CI_CLOPPER_PEARSON, 0.00087265, 0.17764430, 0.0009, 0.1776},
    {1, 29, SC_CI_MID_P, 0.00172477, 0.15853738, 0.0017, 0.1585},
    {1, 29, SC_CI_LIKELIHOOD_RATIO, 0.00200017, 0.14318630, NAN, NAN},
    {29, 29, SC_CI_WALD, 1.00000000, 1.00000000, NAN, NAN},
    {29, 29, SC_CI_WALD_CC, 0.98275862, 1.01724138, NAN, NAN},
    {29, 29, SC_CI_WILSON, 0.88303020, 1.00000000, NAN, NAN},
    {29, 29, SC_CI_WILSON_CC, 0.85438352, 1.00000000, NAN, NAN},
    {29, 29, SC_CI_CLOPPER_PEARSON, 0.88055513, 1.00000000, NAN, NAN},
    {29, 29, SC_CI_MID_P, 0.90185537, 1.00000000, NAN, NAN},
    {29, 29, SC_CI_LIKELIHOOD_RATIO, 0.93591366, 1.00000000, NAN, NAN},
};

static void test_newcombe(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof newcombe / sizeof newcombe[0]; i++) {
        const newcombe_row *r = &newcombe[i];
        sc_interval iv;
        assert_int_equal(sc_prop_interval(r->x, r->n, r->method, 0.95, SC_SIDED_TWO, &iv), SC_OK);
        /* The R column prints Wald limits unclipped; the library clips (DESIGN.md 4). */
        double lower = fmax(0.0, r->lower_r), upper = fmin(1.0, r->upper_r);
        if (fabs(iv.lower - lower) > 0.5e-8 + 1e-12 || fabs(iv.upper - upper) > 0.5e-8 + 1e-12)
            fail_msg("%s %llu/%llu: [%.10f, %.10f], R [%.8f, %.8f]",
                     sc_ci_method_get(r->method)->entry.name, (unsigned long long)r->x,
                     (unsigned long long)r->n, iv.lower, iv.upper, lower, upper);
        if (!isnan(r->lower_pub)) {
            assert_true(fabs(iv.lower - r->lower_pub) <= 0.5e-4 + 1e-12);
            assert_true(fabs(iv.upper - r->upper_pub) <= 0.5e-4 + 1e-12);
        }
    }
}

/* ---- invariants -------------------------------------------------------------- */

static const uint64_t grid_n[] = {1, 2, 3, 5, 10, 29, 100, 1000, 100000, 10000000};
static const double grid_levels[] = {0.8, 0.9, 0.95, 0.99, 0.999};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Calls fn(x, n) for x in {0, 1, n/3, n/2, n-1, n} (within 0..n). */
static void for_grid(void (*fn)(uint64_t x, uint64_t n))
{
    for (size_t i = 0; i < COUNT(grid_n); i++) {
        uint64_t n = grid_n[i];
        uint64_t xs[] = {0, 1, n / 3, n / 2, n - 1, n};
        for (size_t j = 0; j < COUNT(xs); j++)
            if (xs[j] <= n)
                fn(xs[j], n);
    }
}

static sc_interval interval_ok(uint64_t x, uint64_t n, sc_ci_method m, double level,
                               sc_sided sided)
{
    sc_interval iv;
    sc_status s = sc_prop_interval(x, n, m, level, sided, &iv);
    if (s != SC_OK)
        fail_msg("%s %llu/%llu level %g sided %d: status %d", sc_ci_method_get(m)->entry.name,
                 (unsigned long long)x, (unsigned long long)n, level, (int)sided, (int)s);
    return iv;
}

static void check_containment_and_nesting(uint64_t x, uint64_t n)
{
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++) {
        sc_interval previous = {0, 1, 0};
        for (size_t l = 0; l < COUNT(grid_levels); l++) {
            sc_interval iv = interval_ok(x, n, (sc_ci_method)m, grid_levels[l], SC_SIDED_TWO);
            if (!(0 <= iv.lower && iv.lower <= iv.estimate && iv.estimate <= iv.upper &&
                  iv.upper <= 1))
                fail_msg("%s %llu/%llu level %g: %.17g <= %.17g <= %.17g fails",
                         sc_ci_method_get((sc_ci_method)m)->entry.name, (unsigned long long)x,
                         (unsigned long long)n, grid_levels[l], iv.lower, iv.estimate, iv.upper);
            if (l > 0 && !(iv.lower <= previous.lower && iv.upper >= previous.upper))
                fail_msg("%s %llu/%llu: level %g does not contain level %g",
                         sc_ci_method_get((sc_ci_method)m)->entry.name, (unsigned long long)x,
                         (unsigned long long)n, grid_levels[l], grid_levels[l - 1]);
            /* A one-sided bound is at least as tight as the two-sided one at the same
             * level.  Blaker's two-sided limit can equal its (Clopper-Pearson) one-sided
             * bound (blaker.c item 5, k0 = -1), hence the rounding slack. */
            sc_interval lo = interval_ok(x, n, (sc_ci_method)m, grid_levels[l], SC_SIDED_LOWER);
            sc_interval up = interval_ok(x, n, (sc_ci_method)m, grid_levels[l], SC_SIDED_UPPER);
            if (!(lo.lower >= iv.lower * (1 - 1e-12) && up.upper <= iv.upper * (1 + 1e-12)))
                fail_msg("%s %llu/%llu level %g: one-sided %.17g %.17g, two-sided %.17g %.17g",
                         sc_ci_method_get((sc_ci_method)m)->entry.name, (unsigned long long)x,
                         (unsigned long long)n, grid_levels[l], lo.lower, up.upper, iv.lower,
                         iv.upper);
            assert_true(lo.upper == 1.0 && up.lower == 0.0);
            assert_true(lo.lower <= iv.estimate && iv.estimate <= up.upper);
            previous = iv;
        }
    }
}

static void test_containment_and_nesting(void **state)
{
    (void)state;
    for_grid(check_containment_and_nesting);
}

/* One-sided at L is the two-sided bound at 2L - 1 (ci.h C2), except Blaker,
 * whose one-sided bound is Clopper-Pearson's (blaker.c item 4). */
static void check_one_sided(uint64_t x, uint64_t n)
{
    static const double levels[] = {0.9, 0.95, 0.975, 0.995};
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++) {
        sc_ci_method two_sided_method = m == SC_CI_BLAKER ? SC_CI_CLOPPER_PEARSON : (sc_ci_method)m;
        for (size_t l = 0; l < COUNT(levels); l++) {
            sc_interval lo = interval_ok(x, n, (sc_ci_method)m, levels[l], SC_SIDED_LOWER);
            sc_interval up = interval_ok(x, n, (sc_ci_method)m, levels[l], SC_SIDED_UPPER);
            sc_interval two = interval_ok(x, n, two_sided_method, 2 * levels[l] - 1, SC_SIDED_TWO);
            /* 2L - 1 and 2(1 - L) are rounded differently: allow 1e-12. */
            if (!(rel_error_near_zero(lo.lower, two.lower) <= 1e-12 &&
                  rel_error_near_zero(up.upper, two.upper) <= 1e-12))
                fail_msg("%s %llu/%llu level %g: one-sided %.17g %.17g, two-sided %.17g %.17g",
                         sc_ci_method_get((sc_ci_method)m)->entry.name, (unsigned long long)x,
                         (unsigned long long)n, levels[l], lo.lower, up.upper, two.lower,
                         two.upper);
        }
    }
}

static void test_one_sided(void **state)
{
    (void)state;
    for_grid(check_one_sided);
}

/* An interval depends on its arguments only, not on what was asked before
 * (the intervals of recent arguments are kept): thousands of them, every
 * method, level and side, asked in one order and then in the reverse order,
 * come out bit for bit the same. */
static void test_history_free(void **state)
{
    (void)state;
    static const double levels[] = {0.9, 0.95, 0.99};
    enum { NMAX = 24 };
    size_t count = 0, total = (size_t)SC_CI_METHOD_COUNT * 3 * 3 * (NMAX + 1) * (NMAX + 2) / 2;
    sc_interval *first = calloc(total, sizeof *first);
    assert_non_null(first);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < total; k++) {
            size_t i = pass == 0 ? k : total - 1 - k, rest = i;
            int method = (int)(rest % SC_CI_METHOD_COUNT);
            rest /= SC_CI_METHOD_COUNT;
            double level = levels[rest % 3];
            rest /= 3;
            sc_sided sided = (sc_sided)(rest % 3);
            rest /= 3;
            uint64_t n = 0; /* rest indexes the pairs 0 <= x <= n <= NMAX */
            while (rest > n) {
                rest -= n + 1;
                n++;
            }
            sc_interval ci;
            assert_int_equal(sc_prop_interval(rest, n, (sc_ci_method)method, level, sided, &ci),
                             SC_OK);
            if (pass == 0) {
                first[i] = ci;
                count++;
            } else {
                assert_memory_equal(&ci, &first[i], sizeof ci);
            }
        }
    }
    assert_int_equal(count, total);
    free(first);
}

static void test_blaker_one_sided_is_not_two_sided(void **state)
{
    (void)state;
    /* Blaker's two-sided 90% interval is strictly inside Clopper-Pearson's, so
     * its lower limit is above the (Clopper-Pearson) one-sided 95% bound. */
    sc_interval two, one;
    assert_int_equal(sc_prop_interval(15, 148, SC_CI_BLAKER, 0.9, SC_SIDED_TWO, &two), SC_OK);
    assert_int_equal(sc_prop_interval(15, 148, SC_CI_BLAKER, 0.95, SC_SIDED_LOWER, &one), SC_OK);
    assert_true(two.lower > one.lower * (1 + 1e-6));
}

static void test_width_shrinks(void **state)
{
    (void)state;
    static const uint64_t ns[] = {20, 40, 100, 200, 1000, 10000, 100000, 1000000, 10000000};
    static const double rates[] = {0.3, 0.95, 0.0};
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++)
        for (size_t r = 0; r < COUNT(rates); r++) {
            double previous = INFINITY;
            for (size_t i = 0; i < COUNT(ns); i++) {
                uint64_t x = (uint64_t)llround(rates[r] * (double)ns[i]);
                sc_interval iv = interval_ok(x, ns[i], (sc_ci_method)m, 0.95, SC_SIDED_TWO);
                double width = iv.upper - iv.lower;
                /* Wald has zero width at rate 0 for every n (wald.c item 3). */
                if (m == SC_CI_WALD && rates[r] == 0.0) {
                    assert_true(width == 0.0);
                    continue;
                }
                if (!(width < previous))
                    fail_msg("%s rate %g: width %.17g at n=%llu, %.17g before",
                             sc_ci_method_get((sc_ci_method)m)->entry.name, rates[r], width,
                             (unsigned long long)ns[i], previous);
                previous = width;
            }
        }
}

static void test_n_zero(void **state)
{
    (void)state;
    static const sc_sided sides[] = {SC_SIDED_TWO, SC_SIDED_LOWER, SC_SIDED_UPPER};
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++)
        for (size_t s = 0; s < COUNT(sides); s++) {
            sc_interval iv;
            assert_int_equal(sc_prop_interval(0, 0, (sc_ci_method)m, 0.95, sides[s], &iv), SC_OK);
            assert_true(isnan(iv.estimate));
            assert_true(iv.lower == 0.0 && iv.upper == 1.0);
        }
}

/* ---- binomial tails ------------------------------------------------------- */

static void test_tails(void **state)
{
    (void)state;
    FILE *f = open_data("prop_tails.csv");
    csv_row row;
    int count = 0;
    double worst = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 5);
        uint64_t x = to_count(row.field[0]), n = to_count(row.field[1]);
        double p = to_double(row.field[2]);
        double want_upper = to_double(row.field[3]), want_lower = to_double(row.field[4]);
        double upper = sc_binom_upper_tail(x, n, p), lower = sc_binom_lower_tail(x, n, p);
        double e_upper = rel_error_near_zero(upper, want_upper);
        double e_lower = rel_error_near_zero(lower, want_lower);
        worst = fmax(worst, fmax(e_upper, e_lower));
        if (!(e_upper <= REL_TOL && e_lower <= REL_TOL))
            fail_msg("tails x=%llu n=%llu p=%g: P(X>=x) %.17g want %.17g, P(X<=x) %.17g want %.17g",
                     (unsigned long long)x, (unsigned long long)n, p, upper, want_upper, lower,
                     want_lower);
        count++;
    }
    fclose(f);
    print_message("  %d tail rows, max relative error %.2e\n", count, worst);
    assert_true(count >= 25);
}

static void test_tails_complement(void **state)
{
    (void)state;
    /* P(X >= x) + P(X <= x - 1) = 1. */
    static const double ps[] = {1e-9, 0.01, 0.3, 0.5, 0.97, 1 - 1e-9};
    for (size_t i = 0; i < COUNT(grid_n); i++)
        for (size_t j = 0; j < COUNT(ps); j++) {
            uint64_t n = grid_n[i];
            uint64_t xs[] = {1, n / 3 + 1, n / 2 + 1, n};
            for (size_t k = 0; k < COUNT(xs); k++) {
                double sum = sc_binom_upper_tail(xs[k], n, ps[j]) +
                             sc_binom_lower_tail(xs[k] - 1, n, ps[j]);
                assert_true(fabs(sum - 1) <= 8 * DBL_EPSILON);
            }
        }
    /* Edges: x = 0, x > n, p = 0, p = 1, bad p. */
    assert_true(sc_binom_upper_tail(0, 10, 0.3) == 1.0);
    assert_true(sc_binom_upper_tail(11, 10, 0.3) == 0.0);
    assert_true(sc_binom_lower_tail(10, 10, 0.3) == 1.0);
    assert_true(sc_binom_upper_tail(1, 10, 0.0) == 0.0);
    assert_true(sc_binom_lower_tail(0, 10, 0.0) == 1.0);
    assert_true(sc_binom_upper_tail(10, 10, 1.0) == 1.0);
    assert_true(sc_binom_lower_tail(9, 10, 1.0) == 0.0);
    assert_true(sc_binom_upper_tail(0, 0, 0.5) == 1.0);
    assert_true(isnan(sc_binom_upper_tail(1, 10, -0.1)));
    assert_true(isnan(sc_binom_lower_tail(1, 10, 1.5)));
    assert_true(isnan(sc_binom_upper_tail(1, 10, NAN)));
    assert_true(isnan(sc_binom_lower_tail(10, 10, NAN)));
}

/* ---- target verdicts --------------------------------------------------------- */

static sc_verdict to_verdict(const char *s)
{
    if (strcmp(s, "meets") == 0)
        return SC_VERDICT_MEETS;
    if (strcmp(s, "below") == 0)
        return SC_VERDICT_BELOW;
    assert_string_equal(s, "inconclusive");
    return SC_VERDICT_INCONCLUSIVE;
}

static void test_targets(void **state)
{
    (void)state;
    FILE *f = open_data("prop_target.csv");
    csv_row row;
    int count = 0, kinds[3] = {0};
    double worst_p = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        uint64_t x = to_count(row.field[0]), n = to_count(row.field[1]);
        double target = to_double(row.field[2]);
        sc_target_kind kind = strcmp(row.field[3], "floor") == 0 ? SC_TARGET_FLOOR
                                                                  : SC_TARGET_CEILING;
        sc_ci_method m = to_method(row.field[4]);
        double level = to_double(row.field[5]);
        sc_verdict want = to_verdict(row.field[6]);
        double want_p = to_double(row.field[7]);
        sc_target_result r;
        assert_int_equal(sc_prop_target(x, n, target, kind, m, level, &r), SC_OK);
        if (r.verdict != want || !(rel_error_near_zero(r.p_value, want_p) <= REL_TOL))
            fail_msg("target x=%llu n=%llu P=%g %s %s %g: %s p=%.17g, want %s p=%.17g",
                     (unsigned long long)x, (unsigned long long)n, target, row.field[3],
                     row.field[4], level, sc_verdict_name(r.verdict), r.p_value, row.field[6],
                     want_p);
        kinds[want]++;
        count++;
        worst_p = fmax(worst_p, rel_error_near_zero(r.p_value, want_p));
    }
    fclose(f);
    print_message("  %d target rows, max relative error of p-values %.2e\n", count, worst_p);
    assert_true(count >= 100);
    for (int v = 0; v < 3; v++)
        assert_true(kinds[v] >= 10); /* every verdict is exercised */
}

static void test_target_edges(void **state)
{
    (void)state;
    sc_target_result r;
    /* n = 0: no data. */
    assert_int_equal(sc_prop_target(0, 0, 0.95, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &r), SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_INCONCLUSIVE);
    assert_true(r.p_value == 1.0);
    /* x = n = 200 against a floor of 0.98: Clopper-Pearson one-sided 95% lower
     * bound 0.05^(1/200) = 0.98513 >= 0.98 -> meets; p = 0.98^200 (binom.test
     * greater)$p.value = 0.017587946605721501, R 4.2.2). */
    assert_int_equal(sc_prop_target(200, 200, 0.98, SC_TARGET_FLOOR, SC_CI_CLOPPER_PEARSON, 0.95,
                                     &r),
                     SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_MEETS);
    assert_rel(r.p_value, 0.017587946605721501, REL_TOL);
    /* x = 0 unqualified of 200 against a ceiling of 0.02: same numbers mirrored. */
    assert_int_equal(sc_prop_target(0, 200, 0.02, SC_TARGET_CEILING, SC_CI_CLOPPER_PEARSON, 0.95,
                                     &r),
                     SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_MEETS);
    assert_rel(r.p_value, 0.017587946605721501, REL_TOL);
    /* Ties (prop.c P6): 1 unqualified of 1 against a 5% ceiling at level 0.95.
     * The exact one-sided lower bound is 0.05 (computed 0.05000000000000002)
     * and binom.test(1, 1, 0.05, "greater")$p.value = 0.05 (R 4.2.2): not
     * below, inconclusive.  The same for Blaker; mid-p's upper bound for 0 of
     * 1 is 0.9 (computed 0.8999999999999999), p = 0.1: not below 0.9. */
    assert_int_equal(sc_prop_target(1, 1, 0.05, SC_TARGET_CEILING, SC_CI_CLOPPER_PEARSON, 0.95,
                                    &r),
                     SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_INCONCLUSIVE);
    assert_rel(r.p_value, 0.05, REL_TOL);
    assert_int_equal(sc_prop_target(1, 1, 0.05, SC_TARGET_CEILING, SC_CI_BLAKER, 0.95, &r), SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_INCONCLUSIVE);
    assert_int_equal(sc_prop_target(1, 1, 0.05, SC_TARGET_FLOOR, SC_CI_CLOPPER_PEARSON, 0.95, &r),
                     SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_INCONCLUSIVE);
    assert_int_equal(sc_prop_target(0, 1, 0.9, SC_TARGET_FLOOR, SC_CI_MID_P, 0.95, &r), SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_INCONCLUSIVE);
    /* Just beyond the tie the verdict stands: 0.0499 < 0.05 = lower bound,
     * p = 0.0499 < 0.05. */
    assert_int_equal(sc_prop_target(1, 1, 0.0499, SC_TARGET_CEILING, SC_CI_CLOPPER_PEARSON, 0.95,
                                    &r),
                     SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_BELOW);
    /* Wilson alone said meets beside p = 0.0534 (120 of 122 against 95%:
     * one-sided 95% Wilson lower bound 0.95167 > 0.95, but
     * binom.test(120, 122, 0.95, "greater")$p.value = 0.053379023424258 in R
     * 4.2.2): the verdict now needs both. */
    assert_int_equal(sc_prop_target(120, 122, 0.95, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &r),
                     SC_OK);
    assert_int_equal(r.verdict, SC_VERDICT_INCONCLUSIVE);
    assert_rel(r.p_value, 0.053379023424258, 1e-12);
    /* Bad arguments. */
    assert_int_equal(sc_prop_target(1, 10, 0.0, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(1, 10, 1.0, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(1, 10, NAN, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(11, 10, 0.5, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(1, 10, 0.5, (sc_target_kind)7, SC_CI_WILSON, 0.95, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(1, 10, 0.5, SC_TARGET_FLOOR, SC_CI_METHOD_COUNT, 0.95, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(1, 10, 0.5, SC_TARGET_FLOOR, SC_CI_WILSON, 0.5, &r),
                     SC_EINVAL);
    assert_int_equal(sc_prop_target(1, 10, 0.5, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, NULL),
                     SC_EINVAL);
    assert_string_equal(sc_verdict_name(SC_VERDICT_MEETS), "meets");
    assert_string_equal(sc_verdict_name(SC_VERDICT_BELOW), "below");
    assert_string_equal(sc_verdict_name(SC_VERDICT_INCONCLUSIVE), "inconclusive");
}

/* ---- names and registry -------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        sc_ci_method method;
    } names[] = {
        {"wald", SC_CI_WALD},
        {"Wald", SC_CI_WALD},
        {"wald-cc", SC_CI_WALD_CC},
        {"wilson", SC_CI_WILSON},
        {"score", SC_CI_WILSON},
        {"WILSON-CC", SC_CI_WILSON_CC},
        {"agresti-coull", SC_CI_AGRESTI_COULL},
        {"ac", SC_CI_AGRESTI_COULL},
        {"jeffreys", SC_CI_JEFFREYS},
        {"clopper-pearson", SC_CI_CLOPPER_PEARSON},
        {"exact", SC_CI_CLOPPER_PEARSON},
        {"cp", SC_CI_CLOPPER_PEARSON},
        {"mid-p", SC_CI_MID_P},
        {"midp", SC_CI_MID_P},
        {"likelihood-ratio", SC_CI_LIKELIHOOD_RATIO},
        {"lr", SC_CI_LIKELIHOOD_RATIO},
        {"logit", SC_CI_LOGIT},
        {"blaker", SC_CI_BLAKER},
    };
    for (size_t i = 0; i < COUNT(names); i++) {
        sc_ci_method m = SC_CI_METHOD_COUNT;
        assert_int_equal(sc_ci_method_from_name(names[i].name, &m), SC_OK);
        assert_int_equal(m, names[i].method);
    }
    static const char *bad[] = {"", "wils", "wilson-", "wilsonx", "exact,cp", ",", "c", "mid",
                                "clopper pearson", " wilson"};
    for (size_t i = 0; i < COUNT(bad); i++) {
        sc_ci_method m = SC_CI_WALD;
        assert_int_equal(sc_ci_method_from_name(bad[i], &m), SC_EINVAL);
    }
    sc_ci_method m;
    assert_int_equal(sc_ci_method_from_name(NULL, &m), SC_EINVAL);
    assert_int_equal(sc_ci_method_from_name("wilson", NULL), SC_EINVAL);

    /* Every row: its own method, a name that finds it, every alias finds it. */
    for (int i = 0; i < SC_CI_METHOD_COUNT; i++) {
        const sc_ci_method_info *info = sc_ci_method_get((sc_ci_method)i);
        assert_non_null(info);
        assert_int_equal(info->method, i);
        assert_non_null(info->entry.name);
        assert_non_null(info->entry.description);
        assert_non_null(info->entry.reference);
        assert_int_equal(sc_ci_method_from_name(info->entry.name, &m), SC_OK);
        assert_int_equal(m, i);
        char aliases[256];
        snprintf(aliases, sizeof aliases, "%s", info->entry.aliases ? info->entry.aliases : "");
        for (char *save = NULL, *a = strtok_r(aliases, ",", &save); a;
             a = strtok_r(NULL, ",", &save)) {
            assert_int_equal(sc_ci_method_from_name(a, &m), SC_OK);
            assert_int_equal(m, i);
        }
    }
    assert_null(sc_ci_method_get(SC_CI_METHOD_COUNT));
    assert_null(sc_ci_method_get((sc_ci_method)-1));
}

/* ---- bad arguments -------------------------------------------------------------- */

static void test_bad_arguments(void **state)
{
    (void)state;
    sc_interval iv;
    assert_int_equal(sc_prop_interval(11, 10, SC_CI_WILSON, 0.95, SC_SIDED_TWO, &iv), SC_EINVAL);
    assert_true(isnan(iv.estimate) && isnan(iv.lower) && isnan(iv.upper));
    static const double bad_levels[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY};
    for (size_t i = 0; i < COUNT(bad_levels); i++)
        assert_int_equal(sc_prop_interval(1, 10, SC_CI_WILSON, bad_levels[i], SC_SIDED_TWO, &iv),
                         SC_EINVAL);
    /* One-sided bounds need a level above 1/2 (prop.h). */
    assert_int_equal(sc_prop_interval(1, 10, SC_CI_WILSON, 0.5, SC_SIDED_LOWER, &iv), SC_EINVAL);
    assert_int_equal(sc_prop_interval(1, 10, SC_CI_WILSON, 0.3, SC_SIDED_UPPER, &iv), SC_EINVAL);
    assert_int_equal(sc_prop_interval(1, 10, SC_CI_WILSON, 0.3, SC_SIDED_TWO, &iv), SC_OK);
    assert_int_equal(sc_prop_interval(1, 10, SC_CI_METHOD_COUNT, 0.95, SC_SIDED_TWO, &iv),
                     SC_EINVAL);
    assert_int_equal(sc_prop_interval(1, 10, (sc_ci_method)-1, 0.95, SC_SIDED_TWO, &iv),
                     SC_EINVAL);
    assert_int_equal(sc_prop_interval(1, 10, SC_CI_WILSON, 0.95, (sc_sided)3, &iv), SC_EINVAL);
    assert_int_equal(sc_prop_interval(1, 10, SC_CI_WILSON, 0.95, SC_SIDED_TWO, NULL), SC_EINVAL);
    /* Counts beyond 2^53 are not representable as doubles. */
    uint64_t big = ((uint64_t)1 << 53) + 2;
    assert_int_equal(sc_prop_interval(1, big, SC_CI_WILSON, 0.95, SC_SIDED_TWO, &iv), SC_EINVAL);
    assert_true(isnan(sc_binom_upper_tail(1, big, 0.5)));
    /* x > n for every method. */
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++)
        assert_int_equal(sc_prop_interval(5, 4, (sc_ci_method)m, 0.95, SC_SIDED_TWO, &iv),
                         SC_EINVAL);
}

static void test_extreme_levels(void **state)
{
    (void)state;
    /* Levels very close to 0 and 1 still give ordered, finite limits. */
    static const double levels[] = {1e-6, 0.5, 1 - 1e-12};
    static const uint64_t xs[] = {0, 1, 500, 999, 1000};
    for (int m = 0; m < SC_CI_METHOD_COUNT; m++)
        for (size_t l = 0; l < COUNT(levels); l++)
            for (size_t i = 0; i < COUNT(xs); i++) {
                sc_interval iv = interval_ok(xs[i], 1000, (sc_ci_method)m, levels[l], SC_SIDED_TWO);
                assert_true(0 <= iv.lower && iv.lower <= iv.upper && iv.upper <= 1);
            }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_rows),
        cmocka_unit_test(test_newcombe),
        cmocka_unit_test(test_containment_and_nesting),
        cmocka_unit_test(test_one_sided),
        cmocka_unit_test(test_history_free),
        cmocka_unit_test(test_blaker_one_sided_is_not_two_sided),
        cmocka_unit_test(test_width_shrinks),
        cmocka_unit_test(test_n_zero),
        cmocka_unit_test(test_tails),
        cmocka_unit_test(test_tails_complement),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_target_edges),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_extreme_levels),
    };
    return cmocka_run_group_tests_name("prop", tests, NULL, NULL);
}
