/* spotcheck — tests of the k-group module (multi.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources of expected values (none is computed with the code under test):
 *   - tests/data/multi_*.csv, written by scripts/ref-multi.R (base R 4.2.2):
 *     Pearson X^2 from the exact d_i = x_i N - n_i X (limb arithmetic) and
 *     checked there against chisq.test(correct = FALSE); G from its
 *     definition (checked against the naive 2 sum O log(O/E)); pchisq;
 *     p.adjust itself; funnel limits from qbinom/pbinom with Spiegelhalter's
 *     interpolation, winsorised z by quantile(type = 7), DerSimonian-Laird
 *     tau^2; Monte-Carlo oracle: the exact conditional p-value by full
 *     enumeration of the tables with the observed margins, which also gives
 *     the exact mean and variance of X^2 (multi_moments.csv); for many sparse
 *     groups, R's chisq.test(simulate.p.value = TRUE, B = 100000)
 *     (multi_many.csv).
 *     Tolerance: 1e-9 relative (DESIGN.md section 7); a difference below
 *     1e-15 counts as equal when the expected value is below 1e-12 in
 *     magnitude (zero up to cancellation).
 *   - Monte-Carlo p-values: within 4.5 binomial standard errors plus
 *     1/(B + 1) of the exact value, B = 20000 (a fixed seed makes the test
 *     deterministic; 4.5 sd makes a false failure of a correct sampler
 *     unlikely, ~7e-6 per case, for any seed).
 *   - SAMR 2019 H2 food sampling by category (35 categories, 3,673,579
 *     batches): a real table, via the R script.
 *   - Invariants: nesting of the funnel limits, the mirror identity
 *     L_{1-theta}(P) + L_theta(1 - P) = 1 - 1/n of Spiegelhalter's
 *     interpolation (multi_funnel.c F2), zero statistics for equal rates.
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

#include "spotcheck/multi.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- comparison ------------------------------------------------------------ */

/* Worst error per quantity, for the report lines. */
typedef struct tally {
    double worst;
    int count;
    int failures;
} tally;

static void tally_check(tally *t, double got, double want, const char *what, const char *where)
{
    double e = rel_error_near_zero(got, want);
    t->count++;
    if (e > t->worst)
        t->worst = e;
    if (!(e <= REL_TOL)) {
        t->failures++;
        print_error("%s %s: got %.17g want %.17g (rel %.3g)\n", where, what, got, want, e);
    }
}

/* Parses "n:x|n:x|..." into a new array; *count receives its length. */
static sc_multi_group *parse_groups(const char *text, size_t *count)
{
    size_t cap = 1;
    for (const char *s = text; *s; s++)
        cap += *s == '|';
    sc_multi_group *g = malloc(cap * sizeof *g);
    assert_non_null(g);
    size_t k = 0;
    const char *s = text;
    while (*s) {
        char *end;
        double n = strtod(s, &end);
        assert_true(*end == ':');
        double x = strtod(end + 1, &end);
        assert_true(*end == '|' || *end == '\0');
        assert_true(k < cap);
        g[k].n = (uint64_t)n;
        g[k].passed = (uint64_t)x;
        k++;
        s = *end ? end + 1 : end;
    }
    *count = k;
    return g;
}

/* ---- homogeneity: R reference (multi.c M2-M5) ----------------------------------- */

typedef struct table_case {
    char name[64];
    sc_multi_group *groups;
    size_t count;
} table_case;

static size_t load_tables(table_case *cases, size_t max)
{
    csv_row row;
    FILE *f = open_data("multi_homogeneity.csv");
    size_t k = 0;
    while (csv_next(f, &row)) {
        assert_true(k < max);
        snprintf(cases[k].name, sizeof cases[k].name, "%s", row.field[0]);
        cases[k].groups = parse_groups(row.field[1], &cases[k].count);
        k++;
    }
    fclose(f);
    return k;
}

static void free_tables(table_case *cases, size_t k)
{
    for (size_t i = 0; i < k; i++)
        free(cases[i].groups);
}

static const table_case *find_table(const table_case *cases, size_t k, const char *name)
{
    for (size_t i = 0; i < k; i++)
        if (strcmp(cases[i].name, name) == 0)
            return &cases[i];
    fail_msg("no table %s", name);
    return NULL;
}

/* The homogeneity tests of the groups written "n:x|n:x|..." (must succeed). */
static sc_homogeneity homogeneity_of(const char *groups)
{
    size_t count;
    sc_multi_group *g = parse_groups(groups, &count);
    sc_homogeneity h;
    assert_int_equal(sc_multi_homogeneity(g, count, &h), SC_OK);
    free(g);
    return h;
}

static void test_homogeneity_reference(void **state)
{
    (void)state;
    csv_row row;
    FILE *f = open_data("multi_homogeneity.csv");
    tally stat = {0}, pval = {0}, other = {0};
    int rows = 0, sparse = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 10);
        size_t count;
        sc_multi_group *g = parse_groups(row.field[1], &count);
        sc_homogeneity h;
        assert_int_equal(sc_multi_homogeneity(g, count, &h), SC_OK);
        const char *where = row.field[0];
        assert_int_equal(h.groups, to_count(row.field[2]));
        tally_check(&other, h.df, to_double(row.field[3]), "df", where);
        tally_check(&stat, h.pearson, to_double(row.field[4]), "pearson", where);
        tally_check(&pval, h.pearson_p, to_double(row.field[5]), "pearson_p", where);
        tally_check(&stat, h.g, to_double(row.field[6]), "g", where);
        tally_check(&pval, h.g_p, to_double(row.field[7]), "g_p", where);
        double min_expected = to_double(row.field[8]);
        tally_check(&other, h.min_expected, min_expected, "min_expected", where);
        assert_int_equal(h.sparse, min_expected < 5); /* M5 */
        sparse += h.sparse;
        uint64_t n = 0, passed = 0;
        for (size_t i = 0; i < count; i++) {
            n += g[i].n;
            passed += g[i].passed;
        }
        assert_true(h.n == n && h.passed == passed);
        free(g);
        rows++;
    }
    fclose(f);
    print_message("  %d tables: statistics max rel %.2e, p-values %.2e, df/E %.2e\n", rows,
                  stat.worst, pval.worst, other.worst);
    assert_true(rows >= 16);
    assert_true(sparse >= 3);
    assert_int_equal(stat.failures + pval.failures + other.failures, 0);
}

static void test_homogeneity_edges(void **state)
{
    (void)state;
    sc_homogeneity h;
    /* M4: fewer than 2 non-empty groups. */
    sc_multi_group one[] = {{0, 0}, {10, 7}, {0, 0}};
    assert_int_equal(sc_multi_homogeneity(one, COUNT(one), &h), SC_EDOMAIN);
    assert_int_equal(h.groups, 1);
    assert_true(h.n == 10 && h.passed == 7);
    assert_true(isnan(h.pearson) && isnan(h.pearson_p) && isnan(h.g) && isnan(h.g_p));
    assert_int_equal(sc_multi_homogeneity(NULL, 0, &h), SC_EDOMAIN);
    assert_int_equal(h.groups, 0);
    /* Equal rates: both statistics exactly 0, p = 1. */
    sc_multi_group equal[] = {{10, 9}, {20, 18}, {1000, 900}};
    assert_int_equal(sc_multi_homogeneity(equal, COUNT(equal), &h), SC_OK);
    assert_true(h.pearson == 0 && h.g == 0 && h.pearson_p == 1 && h.g_p == 1);
    /* M1: bad counts. */
    sc_multi_group bad[] = {{10, 11}};
    assert_int_equal(sc_multi_homogeneity(bad, 1, &h), SC_EINVAL);
    sc_multi_group big[] = {{(uint64_t)1 << 53, 1}, {1, 1}}; /* total > 2^53 */
    assert_int_equal(sc_multi_homogeneity(big, 2, &h), SC_EINVAL);
    sc_multi_group huge[] = {{((uint64_t)1 << 53) + 1, 1}, {1, 1}};
    assert_int_equal(sc_multi_homogeneity(huge, 2, &h), SC_EINVAL);
    sc_multi_group wrap[] = {{UINT64_MAX, 0}, {2, 1}}; /* the sum would wrap */
    assert_int_equal(sc_multi_homogeneity(wrap, 2, &h), SC_EINVAL);
    assert_int_equal(sc_multi_homogeneity(NULL, 3, &h), SC_EINVAL);
    assert_int_equal(sc_multi_homogeneity(equal, COUNT(equal), NULL), SC_EINVAL);
}

/* ---- group vs rest (M8) ------------------------------------------------------------- */

static void test_rest_reference(void **state)
{
    (void)state;
    table_case cases[32];
    size_t ncases = load_tables(cases, COUNT(cases));
    csv_row row;
    FILE *f = open_data("multi_rest.csv");
    tally stat = {0}, pval = {0};
    const table_case *current = NULL;
    sc_versus_rest *out = NULL;
    int rows = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 8);
        const table_case *tc = find_table(cases, ncases, row.field[0]);
        if (tc != current) {
            current = tc;
            free(out);
            out = malloc(tc->count * sizeof *out);
            assert_non_null(out);
            assert_int_equal(sc_multi_versus_rest(tc->groups, tc->count, out), SC_OK);
        }
        size_t i = (size_t)to_count(row.field[1]);
        assert_true(i < tc->count);
        assert_true(tc->groups[i].n == to_count(row.field[2]));
        assert_true(out[i].rest_n == to_count(row.field[4]));
        assert_true(out[i].rest_passed == to_count(row.field[5]));
        char where[96];
        snprintf(where, sizeof where, "%.63s[%zu]", tc->name, i);
        tally_check(&stat, out[i].statistic, to_double(row.field[6]), "statistic", where);
        tally_check(&pval, out[i].p_value, to_double(row.field[7]), "p_value", where);
        rows++;
    }
    fclose(f);
    free(out);
    free_tables(cases, ncases);
    print_message("  %d group-vs-rest rows: statistic max rel %.2e, p-value %.2e\n", rows,
                  stat.worst, pval.worst);
    assert_true(rows >= 150);
    assert_int_equal(stat.failures + pval.failures, 0);

    /* Edge cases: bad counts leave out untouched; count 0 is fine. */
    sc_versus_rest r[2] = {{7, 7, 7, 7}, {7, 7, 7, 7}};
    sc_multi_group bad[] = {{10, 3}, {5, 6}};
    assert_int_equal(sc_multi_versus_rest(bad, 2, r), SC_EINVAL);
    assert_true(r[0].rest_n == 7 && r[0].statistic == 7);
    assert_int_equal(sc_multi_versus_rest(bad, 2, NULL), SC_EINVAL);
    assert_int_equal(sc_multi_versus_rest(NULL, 0, NULL), SC_OK);
}

/* ---- exact moments and the two-moment p-value (M9) ------------------------------- */

static void test_moments_reference(void **state)
{
    (void)state;
    csv_row row;
    FILE *f = open_data("multi_moments.csv");
    tally mean = {0}, var = {0};
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 5);
        sc_homogeneity h = homogeneity_of(row.field[1]);
        tally_check(&mean, h.mean, to_double(row.field[2]), "mean", row.field[0]);
        tally_check(&var, h.variance, to_double(row.field[3]), "variance", row.field[0]);
    }
    fclose(f);
    print_message("  %d cases: mean worst %.2g, variance worst %.2g\n", mean.count, mean.worst,
                  var.worst);
    assert_true(mean.count >= 10);
    assert_int_equal(mean.failures + var.failures, 0);

    /* Every n_i = 1: X^2 = N for every table, so the variance is 0 and p = 1. */
    sc_multi_group ones[] = {{1, 1}, {1, 0}, {1, 1}, {1, 1}, {1, 0}};
    sc_homogeneity h;
    assert_int_equal(sc_multi_homogeneity(ones, COUNT(ones), &h), SC_OK);
    assert_true(h.variance == 0 && h.moments_p == 1);
    /* A zero column: one table. */
    sc_multi_group all[] = {{4, 4}, {6, 6}};
    assert_int_equal(sc_multi_homogeneity(all, COUNT(all), &h), SC_OK);
    assert_true(h.mean == 0 && h.variance == 0 && h.moments_p == 1);
    /* Fewer than 4 units: no moments. */
    sc_multi_group three[] = {{1, 1}, {2, 1}};
    assert_int_equal(sc_multi_homogeneity(three, COUNT(three), &h), SC_OK);
    assert_true(isnan(h.mean) && isnan(h.variance) && isnan(h.moments_p));
}

/* Many sparse groups (1000 and 3000 groups of 3 to 60 batches, 5% failed):
 * the two-moment p-value against R's chisq.test with 100,000 simulated
 * tables.  Tolerance: one standard error of a 2000-table Monte-Carlo p-value
 * (what compare gives below SC_MOMENTS_MIN_GROUPS groups), plus 3 standard
 * errors of R's own estimate.  The plain chi-square p-value misses this
 * tolerance in at least one case, so the test tells the two apart. */
static void test_moments_many_groups(void **state)
{
    (void)state;
    csv_row row;
    FILE *f = open_data("multi_many.csv");
    int rows = 0, plain_misses = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 6);
        sc_homogeneity h = homogeneity_of(row.field[1]);
        assert_true(h.sparse);
        assert_true(rel_error_near_zero(h.pearson, to_double(row.field[2])) <= REL_TOL);
        double simulated = to_double(row.field[3]), tables = to_double(row.field[4]);
        double spread = simulated * (1 - simulated);
        double tolerance = sqrt(spread / 2000) + 3 * sqrt(spread / tables);
        print_message("  %-14s R simulated %.5f, two-moment %.5f, chi-square %.5f "
                      "(tolerance %.5f)\n",
                      row.field[0], simulated, h.moments_p, h.pearson_p, tolerance);
        if (!(fabs(h.moments_p - simulated) <= tolerance))
            fail_msg("%s: two-moment p %.6f, R simulated %.6f", row.field[0], h.moments_p,
                     simulated);
        plain_misses += !(fabs(h.pearson_p - simulated) <= tolerance);
        rows++;
    }
    fclose(f);
    assert_true(rows >= 4);
    assert_true(plain_misses >= 1);
}

/* ---- Monte-Carlo (M6, M7) --------------------------------------------------------- */

static void test_monte_carlo_reference(void **state)
{
    (void)state;
    const uint64_t replicates = 20000;
    csv_row row;
    FILE *f = open_data("multi_mc.csv");
    int rows = 0;
    double worst_sd = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 6);
        size_t count;
        sc_multi_group *g = parse_groups(row.field[1], &count);
        double want_stat = to_double(row.field[2]), exact = to_double(row.field[3]);
        sc_monte_carlo mc;
        assert_int_equal(sc_multi_monte_carlo(g, count, replicates, 20240501, &mc), SC_OK);
        assert_true(rel_error_near_zero(mc.statistic, want_stat) <= REL_TOL);
        assert_true(mc.replicates == replicates);
        assert_true(mc.p_value == (1.0 + (double)mc.at_least) / (double)(replicates + 1));
        double sd = sqrt(exact * (1 - exact) / (double)replicates);
        double off = fabs(mc.p_value - exact);
        double tolerance = 4.5 * sd + 1.0 / (double)(replicates + 1);
        print_message("  %-12s exact p %.6f, Monte-Carlo %.6f (%+.2f sd)\n", row.field[0], exact,
                      mc.p_value, sd > 0 ? (mc.p_value - exact) / sd : 0.0);
        if (sd > 0)
            worst_sd = fmax(worst_sd, off / sd);
        if (!(off <= tolerance))
            fail_msg("%s: Monte-Carlo p %.6f, exact %.6f, tolerance %.6f", row.field[0],
                     mc.p_value, exact, tolerance);
        /* Determinism: the same seed gives the same count. */
        sc_monte_carlo again;
        assert_int_equal(sc_multi_monte_carlo(g, count, replicates, 20240501, &again), SC_OK);
        assert_true(again.at_least == mc.at_least && again.p_value == mc.p_value);
        free(g);
        rows++;
    }
    fclose(f);
    print_message("  %d Monte-Carlo cases, largest deviation %.2f sd\n", rows, worst_sd);
    assert_true(rows >= 7);
}

static void test_monte_carlo_edges(void **state)
{
    (void)state;
    sc_monte_carlo mc;
    sc_multi_group sparse[] = {{8, 8}, {10, 9}, {6, 4}, {12, 12}, {9, 7}};
    /* Other seeds give other streams (at least one of four differs). */
    uint64_t counts[4];
    int differ = 0;
    for (unsigned long s = 0; s < 4; s++) {
        assert_int_equal(sc_multi_monte_carlo(sparse, COUNT(sparse), 2000, s + 1, &mc), SC_OK);
        counts[s] = mc.at_least;
        differ |= s > 0 && counts[s] != counts[0];
    }
    assert_true(differ);
    /* gsl_rng_set maps seed 0 to 4357 (documented in multi.h). */
    sc_monte_carlo zero, default_seed;
    assert_int_equal(sc_multi_monte_carlo(sparse, COUNT(sparse), 500, 0, &zero), SC_OK);
    assert_int_equal(sc_multi_monte_carlo(sparse, COUNT(sparse), 500, 4357, &default_seed),
                     SC_OK);
    assert_true(zero.at_least == default_seed.at_least);
    /* M4: a zero column gives p = 1 without simulating. */
    sc_multi_group all_pass[] = {{3, 3}, {0, 0}, {5, 5}};
    assert_int_equal(sc_multi_monte_carlo(all_pass, COUNT(all_pass), 99, 1, &mc), SC_OK);
    assert_true(mc.statistic == 0 && mc.p_value == 1 && mc.at_least == 99);
    /* A strongly heterogeneous table: no simulated table reaches it. */
    sc_multi_group apart[] = {{1000, 990}, {1000, 700}, {3, 1}};
    assert_int_equal(sc_multi_monte_carlo(apart, COUNT(apart), 200, 7, &mc), SC_OK);
    assert_true(mc.at_least == 0 && mc.p_value == 1.0 / 201);
    /* Equal rates: every table reaches X^2 = 0. */
    sc_multi_group equal[] = {{4, 2}, {6, 3}, {10, 5}};
    assert_int_equal(sc_multi_monte_carlo(equal, COUNT(equal), 50, 7, &mc), SC_OK);
    assert_true(mc.statistic == 0 && mc.at_least == 50 && mc.p_value == 1);
    /* Errors. */
    assert_int_equal(sc_multi_monte_carlo(sparse, COUNT(sparse), 0, 1, &mc), SC_EINVAL);
    assert_true(isnan(mc.p_value));
    assert_int_equal(sc_multi_monte_carlo(sparse, COUNT(sparse), 10, 1, NULL), SC_EINVAL);
    sc_multi_group one[] = {{5, 2}, {0, 0}};
    assert_int_equal(sc_multi_monte_carlo(one, COUNT(one), 10, 1, &mc), SC_EDOMAIN);
    sc_multi_group bad[] = {{5, 6}, {3, 1}};
    assert_int_equal(sc_multi_monte_carlo(bad, COUNT(bad), 10, 1, &mc), SC_EINVAL);
}

/* Unbiasedness of the sampler: the mean of 20 Monte-Carlo p-values (20
 * seeds, B = 20000 each) is within 4.5 of its standard errors of the exact
 * value (one stream would share its deviation across cases, as the
 * reference test above uses one seed for all). */
static void test_monte_carlo_unbiased(void **state)
{
    (void)state;
    sc_multi_group sparse[] = {{8, 8}, {10, 9}, {6, 4}, {12, 12}, {9, 7}};
    const double exact = 0.13842337154872636; /* multi_mc.csv, case sparse5 */
    const uint64_t replicates = 20000;
    const int seeds = 20;
    double sum = 0;
    for (int s = 1; s <= seeds; s++) {
        sc_monte_carlo mc;
        assert_int_equal(
            sc_multi_monte_carlo(sparse, COUNT(sparse), replicates, (unsigned long)s * 7919, &mc),
            SC_OK);
        sum += mc.p_value;
    }
    double mean = sum / seeds;
    double se = sqrt(exact * (1 - exact) / (double)replicates / seeds);
    print_message("  mean of %d Monte-Carlo p-values %.5f, exact %.5f (%+.2f se)\n", seeds, mean,
                  exact, (mean - exact) / se);
    assert_true(fabs(mean - exact) <= 4.5 * se + 1.0 / (double)(replicates + 1));
}

/* Large counts reach the chop-down search far from the mode (sd ~ 2e4) and
 * the fma path of d_i (N = 10^10 >= 2^32).  With expected counts ~10^9 the
 * chi-square approximation is exact for practical purposes, so the
 * Monte-Carlo p-value must agree with the asymptotic one within binomial
 * error. */
static void test_monte_carlo_large_counts(void **state)
{
    (void)state;
    sc_multi_group moderate[] = {{5000000000u, 4000000000u},
                                 {3000000000u, 2400000000u},
                                 {2000000000u, 1600000000u}};
    /* Equal rates, then 40000 passes moved: X^2 = 2 + 10/3 (p ~ 0.07). */
    moderate[0].passed += 40000;
    moderate[1].passed -= 40000;
    sc_homogeneity h;
    assert_int_equal(sc_multi_homogeneity(moderate, 3, &h), SC_OK);
    sc_monte_carlo mc;
    const uint64_t replicates = 4000;
    assert_int_equal(sc_multi_monte_carlo(moderate, 3, replicates, 11, &mc), SC_OK);
    assert_true(rel_error_near_zero(mc.statistic, h.pearson) <= 1e-15);
    double p = h.pearson_p, sd = sqrt(p * (1 - p) / (double)replicates);
    print_message("  N = 10^10: X^2 %.4f, asymptotic p %.4f, Monte-Carlo %.4f\n", h.pearson, p,
                  mc.p_value);
    assert_true(fabs(mc.p_value - p) <= 4.5 * sd + 1.0 / (double)(replicates + 1));
}

/* ---- p.adjust (A1-A4) -------------------------------------------------------------- */

static void test_adjust_reference(void **state)
{
    (void)state;
    csv_row row;
    FILE *f = open_data("multi_adjust.csv");
    enum { MAX_P = 2000 };
    double *p = malloc(MAX_P * sizeof *p), *want = malloc(MAX_P * sizeof *want);
    double *got = malloc(MAX_P * sizeof *got);
    assert_true(p && want && got);
    tally per_method[SC_ADJUST_METHOD_COUNT] = {{0}};
    char key[128] = "";
    size_t count = 0;
    int vectors = 0, more = 1;
    sc_adjust_method method = SC_ADJUST_NONE;
    while (more) {
        more = csv_next(f, &row);
        char next_key[128] = "";
        if (more) {
            assert_int_equal(row.count, 5);
            snprintf(next_key, sizeof next_key, "%s/%s", row.field[0], row.field[1]);
        }
        if (count > 0 && (!more || strcmp(next_key, key) != 0)) {
            /* A whole vector is read: adjust it, also in place. */
            assert_int_equal(sc_multi_adjust(p, count, method, got), SC_OK);
            for (size_t i = 0; i < count; i++)
                tally_check(&per_method[method], got[i], want[i], "adjusted", key);
            assert_int_equal(sc_multi_adjust(p, count, method, p), SC_OK);
            for (size_t i = 0; i < count; i++)
                assert_true(rel_error_near_zero(p[i], got[i]) == 0);
            vectors++;
            count = 0;
        }
        if (!more)
            break;
        if (count == 0) {
            snprintf(key, sizeof key, "%s", next_key);
            assert_int_equal(sc_adjust_method_from_name(row.field[1], &method), SC_OK);
        }
        assert_true(count < MAX_P && to_count(row.field[2]) == count);
        p[count] = to_double(row.field[3]);
        want[count] = to_double(row.field[4]);
        count++;
    }
    fclose(f);
    int failures = 0, total = 0;
    for (int m = 0; m < SC_ADJUST_METHOD_COUNT; m++) {
        print_message("  %-10s %4d values, max relative error %.2e\n",
                      sc_adjust_method_get((sc_adjust_method)m)->entry.name, per_method[m].count,
                      per_method[m].worst);
        assert_true(per_method[m].count >= 100);
        failures += per_method[m].failures;
        total += per_method[m].count;
    }
    print_message("  %d vectors, %d values\n", vectors, total);
    assert_true(vectors >= 100);
    assert_int_equal(failures, 0);
    free(p);
    free(want);
    free(got);
}

static void test_adjust_edges(void **state)
{
    (void)state;
    double p[] = {0.01, NAN, 0.5}, out[3] = {9, 9, 9};
    /* Values outside [0, 1] are rejected and out is unchanged. */
    double bad[] = {0.2, 1.5};
    assert_int_equal(sc_multi_adjust(bad, 2, SC_ADJUST_HOLM, out), SC_EINVAL);
    assert_true(out[0] == 9 && out[1] == 9);
    double negative[] = {-0.1, 0.2}, infinite[] = {INFINITY, 0.2};
    assert_int_equal(sc_multi_adjust(negative, 2, SC_ADJUST_BH, out), SC_EINVAL);
    assert_int_equal(sc_multi_adjust(infinite, 2, SC_ADJUST_BH, out), SC_EINVAL);
    assert_int_equal(sc_multi_adjust(p, 3, SC_ADJUST_METHOD_COUNT, out), SC_EINVAL);
    assert_int_equal(sc_multi_adjust(NULL, 3, SC_ADJUST_HOLM, out), SC_EINVAL);
    assert_int_equal(sc_multi_adjust(p, 3, SC_ADJUST_HOLM, NULL), SC_EINVAL);
    assert_int_equal(sc_multi_adjust(NULL, 0, SC_ADJUST_HOLM, NULL), SC_OK);
    /* NaN keeps its place and does not count: n = 2. */
    assert_int_equal(sc_multi_adjust(p, 3, SC_ADJUST_BONFERRONI, out), SC_OK);
    assert_true(out[0] == 0.02 && isnan(out[1]) && out[2] == 1);
}

static void test_adjust_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        sc_adjust_method method;
    } names[] = {
        {"holm", SC_ADJUST_HOLM},         {"Holm", SC_ADJUST_HOLM},
        {"hochberg", SC_ADJUST_HOCHBERG}, {"hommel", SC_ADJUST_HOMMEL},
        {"bonferroni", SC_ADJUST_BONFERRONI}, {"BH", SC_ADJUST_BH},
        {"bh", SC_ADJUST_BH},             {"fdr", SC_ADJUST_BH},
        {"FDR", SC_ADJUST_BH},            {"BY", SC_ADJUST_BY},
        {"none", SC_ADJUST_NONE},
    };
    for (size_t i = 0; i < COUNT(names); i++) {
        sc_adjust_method m = SC_ADJUST_METHOD_COUNT;
        assert_int_equal(sc_adjust_method_from_name(names[i].name, &m), SC_OK);
        assert_int_equal(m, names[i].method);
    }
    static const char *bad[] = {"", "hol", "holm,", "B", "fdr,BH", " BH", "bonferroni-"};
    for (size_t i = 0; i < COUNT(bad); i++) {
        sc_adjust_method m = SC_ADJUST_HOLM;
        assert_int_equal(sc_adjust_method_from_name(bad[i], &m), SC_EINVAL);
        assert_int_equal(m, SC_ADJUST_HOLM);
    }
    sc_adjust_method m;
    assert_int_equal(sc_adjust_method_from_name(NULL, &m), SC_EINVAL);
    assert_int_equal(sc_adjust_method_from_name("holm", NULL), SC_EINVAL);
    /* R's spelling of p.adjust.methods, in R's order. */
    static const char *r_names[] = {"holm", "hochberg", "hommel", "bonferroni", "BH", "BY",
                                    "none"};
    for (int i = 0; i < SC_ADJUST_METHOD_COUNT; i++) {
        const sc_adjust_method_info *info = sc_adjust_method_get((sc_adjust_method)i);
        assert_non_null(info);
        assert_int_equal(info->method, i);
        assert_string_equal(info->entry.name, r_names[i]);
        assert_non_null(info->entry.description);
        assert_non_null(info->entry.reference);
    }
    assert_null(sc_adjust_method_get(SC_ADJUST_METHOD_COUNT));
}

/* ---- funnel limits (F1-F8) ---------------------------------------------------------- */

static void test_funnel_exact_reference(void **state)
{
    (void)state;
    csv_row row;
    FILE *f = open_data("multi_funnel_exact.csv");
    tally t = {0};
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 5);
        uint64_t n = to_count(row.field[0]);
        double theta = to_double(row.field[1]), prob = to_double(row.field[2]);
        double limit;
        assert_int_equal(sc_multi_funnel_exact_limit(n, theta, prob, &limit), SC_OK);
        /* Error relative to max(|limit|, 1/n): the limit is (r - a) / n with
         * r - a carrying ~1e-16 r absolute, so a limit near 0 (P(X <= 0)
         * within rounding of P, e.g. n = 3, theta = 0.9, P = 0.001) is
         * judged on the scale 1/n. */
        double want = to_double(row.field[4]);
        double e = fabs(limit - want) / fmax(fmax(fabs(limit), fabs(want)), 1.0 / (double)n);
        t.count++;
        t.worst = fmax(t.worst, e);
        if (!(e <= REL_TOL)) {
            t.failures++;
            print_error("n=%llu theta=%g P=%g: limit %.17g, want %.17g (rel %.3g)\n",
                        (unsigned long long)n, theta, prob, limit, want, e);
        }
    }
    fclose(f);
    print_message("  %d exact limits, max relative error %.2e\n", t.count, t.worst);
    assert_true(t.count >= 800);
    assert_int_equal(t.failures, 0);
}

static sc_funnel_class class_from_name(const char *name)
{
    for (int c = SC_FUNNEL_ABOVE998; c <= SC_FUNNEL_BELOW998; c++)
        if (strcmp(sc_funnel_class_name((sc_funnel_class)c), name) == 0)
            return (sc_funnel_class)c;
    assert_string_equal(name, "NA");
    return SC_FUNNEL_NO_DATA;
}

/* Checks one (case, dispersion, theta) block of multi_funnel.csv. */
static void check_funnel_block(const char *key, sc_multi_group *g, size_t count,
                               sc_funnel_dispersion dispersion, double theta,
                               const double (*want)[7], const sc_funnel_class *classes,
                               tally *fit_tally, tally *limit_tally, int *adjusted_blocks)
{
    sc_funnel funnel;
    assert_int_equal(sc_multi_funnel_fit(g, count, theta, dispersion, &funnel), SC_OK);
    tally_check(fit_tally, funnel.phi, want[0][0], "phi", key);
    tally_check(fit_tally, funnel.tau2, want[0][1], "tau2", key);
    assert_int_equal(funnel.adjusted, (int)want[0][2]);
    *adjusted_blocks += funnel.adjusted;
    for (size_t i = 0; i < count; i++) {
        sc_funnel_limits lim;
        assert_int_equal(sc_multi_funnel_limits(&funnel, g[i].n, &lim), SC_OK);
        char where[160];
        snprintf(where, sizeof where, "%s[%zu]", key, i);
        tally_check(limit_tally, lim.lower95, want[i][3], "lower95", where);
        tally_check(limit_tally, lim.upper95, want[i][4], "upper95", where);
        tally_check(limit_tally, lim.lower998, want[i][5], "lower998", where);
        tally_check(limit_tally, lim.upper998, want[i][6], "upper998", where);
        sc_funnel_class c = sc_multi_funnel_classify(&g[i], &lim);
        if (c != classes[i])
            fail_msg("%s: class %s, want %s", where, sc_funnel_class_name(c),
                     sc_funnel_class_name(classes[i]));
    }
}

static void test_funnel_reference(void **state)
{
    (void)state;
    csv_row row;
    FILE *f = open_data("multi_funnel.csv");
    enum { MAX_G = 400 };
    sc_multi_group g[MAX_G];
    double want[MAX_G][7];
    sc_funnel_class classes[MAX_G];
    int class_seen[SC_FUNNEL_NO_DATA + 1] = {0};
    tally fit_tally = {0}, limit_tally = {0};
    char key[160] = "";
    size_t count = 0;
    int blocks = 0, adjusted = 0, more = 1;
    sc_funnel_dispersion dispersion = SC_FUNNEL_DISPERSION_NONE;
    double theta = NAN;
    while (more) {
        more = csv_next(f, &row);
        char next_key[160] = "";
        if (more) {
            assert_int_equal(row.count, 14);
            snprintf(next_key, sizeof next_key, "%s/%s/%s", row.field[0], row.field[1],
                     row.field[2]);
        }
        if (count > 0 && (!more || strcmp(next_key, key) != 0)) {
            check_funnel_block(key, g, count, dispersion, theta, (const double(*)[7])want,
                               classes, &fit_tally, &limit_tally, &adjusted);
            blocks++;
            count = 0;
        }
        if (!more)
            break;
        if (count == 0) {
            snprintf(key, sizeof key, "%s", next_key);
            assert_int_equal(sc_funnel_dispersion_from_name(row.field[1], &dispersion), SC_OK);
            theta = to_double(row.field[2]);
        }
        assert_true(count < MAX_G && to_count(row.field[3]) == count);
        g[count].n = to_count(row.field[4]);
        g[count].passed = to_count(row.field[5]);
        for (int j = 0; j < 7; j++)
            want[count][j] = to_double(row.field[6 + j]);
        classes[count] = class_from_name(row.field[13]);
        class_seen[classes[count]]++;
        count++;
    }
    fclose(f);
    print_message("  %d funnels (%d adjusted): phi/tau2 max rel %.2e (%d values), "
                  "limits %.2e (%d values)\n",
                  blocks, adjusted, fit_tally.worst, fit_tally.count, limit_tally.worst,
                  limit_tally.count);
    for (int c = 0; c <= SC_FUNNEL_NO_DATA; c++)
        assert_true(class_seen[c] > 0); /* every class is exercised */
    assert_true(blocks >= 30 && adjusted >= 6);
    assert_int_equal(fit_tally.failures + limit_tally.failures, 0);
}

static void test_funnel_invariants(void **state)
{
    (void)state;
    static const uint64_t sizes[] = {1, 3, 10, 57, 100, 1000, 25000, 1000000, 3673579};
    static const double thetas[] = {0.004, 0.05, 0.5, 0.93, 0.978};
    static const double probs[] = {0.001, 0.025, 0.975, 0.999};
    int mirrored = 0;
    for (size_t i = 0; i < COUNT(sizes); i++)
        for (size_t j = 0; j < COUNT(thetas); j++) {
            double lim[4];
            for (size_t k = 0; k < 4; k++)
                assert_int_equal(
                    sc_multi_funnel_exact_limit(sizes[i], thetas[j], probs[k], &lim[k]), SC_OK);
            /* Nesting: 99.8% outside 95%, all within [0, 1]. */
            assert_true(0 <= lim[0] && lim[0] <= lim[1] && lim[1] <= lim[2] && lim[2] <= lim[3] &&
                        lim[3] <= 1);
            /* Mirror identity (F2): L_{1-theta}(P) + L_theta(1 - P) = 1 - 1/n when
             * neither is clipped. */
            for (size_t k = 0; k < 4; k++) {
                double mirror;
                assert_int_equal(
                    sc_multi_funnel_exact_limit(sizes[i], 1 - thetas[j], probs[3 - k], &mirror),
                    SC_OK);
                if (lim[k] > 0 && mirror > 0) {
                    double want = 1 - 1.0 / (double)sizes[i];
                    assert_true(fabs(lim[k] + mirror - want) <= 1e-12);
                    mirrored++;
                }
            }
        }
    assert_true(mirrored >= 100);
    /* The funnel narrows as n grows (theta = 0.95, 95% limits). */
    double previous = INFINITY;
    for (uint64_t n = 100; n <= 100000000; n *= 10) {
        double lower, upper;
        assert_int_equal(sc_multi_funnel_exact_limit(n, 0.95, 0.025, &lower), SC_OK);
        assert_int_equal(sc_multi_funnel_exact_limit(n, 0.95, 0.975, &upper), SC_OK);
        assert_true(upper - lower < previous && lower < 0.95 && 0.95 < upper);
        previous = upper - lower;
    }
}

static void test_funnel_edges(void **state)
{
    (void)state;
    double limit = 0;
    /* F3 and argument checks. */
    assert_int_equal(sc_multi_funnel_exact_limit(10, 0.0, 0.975, &limit), SC_OK);
    assert_true(limit == 0);
    assert_int_equal(sc_multi_funnel_exact_limit(10, 1.0, 0.025, &limit), SC_OK);
    assert_true(limit == 1);
    assert_int_equal(sc_multi_funnel_exact_limit(0, 0.5, 0.975, &limit), SC_EINVAL);
    assert_true(isnan(limit));
    assert_int_equal(sc_multi_funnel_exact_limit(((uint64_t)1 << 53) + 1, 0.5, 0.975, &limit),
                     SC_EINVAL);
    assert_int_equal(sc_multi_funnel_exact_limit(10, 1.5, 0.975, &limit), SC_EINVAL);
    assert_int_equal(sc_multi_funnel_exact_limit(10, NAN, 0.975, &limit), SC_EINVAL);
    assert_int_equal(sc_multi_funnel_exact_limit(10, 0.5, 1.0, &limit), SC_EINVAL);
    assert_int_equal(sc_multi_funnel_exact_limit(10, 0.5, 0.0, &limit), SC_EINVAL);
    assert_int_equal(sc_multi_funnel_exact_limit(10, 0.5, 0.5, NULL), SC_EINVAL);
    /* n = 2^53 works (exact tails at any n). */
    assert_int_equal(sc_multi_funnel_exact_limit((uint64_t)1 << 53, 0.95, 0.999, &limit), SC_OK);
    assert_true(limit > 0.95 && limit < 0.95 + 1e-6);

    sc_funnel funnel;
    sc_multi_group g[] = {{100, 90}, {0, 0}, {50, 50}};
    assert_int_equal(sc_multi_funnel_fit(g, 3, 0.9, SC_FUNNEL_DISPERSION_COUNT, &funnel),
                     SC_EINVAL);
    assert_int_equal(sc_multi_funnel_fit(g, 3, -0.1, SC_FUNNEL_DISPERSION_NONE, &funnel),
                     SC_EINVAL);
    assert_int_equal(sc_multi_funnel_fit(g, 3, NAN, SC_FUNNEL_DISPERSION_NONE, &funnel),
                     SC_EINVAL);
    assert_int_equal(sc_multi_funnel_fit(g, 3, 0.9, SC_FUNNEL_DISPERSION_NONE, NULL), SC_EINVAL);
    sc_multi_group bad[] = {{10, 11}};
    assert_int_equal(sc_multi_funnel_fit(bad, 1, 0.9, SC_FUNNEL_DISPERSION_ADDITIVE, &funnel),
                     SC_EINVAL);
    assert_int_equal(sc_multi_funnel_fit(NULL, 3, 0.9, SC_FUNNEL_DISPERSION_ADDITIVE, &funnel),
                     SC_EINVAL);
    /* A curve needs no groups. */
    assert_int_equal(sc_multi_funnel_fit(NULL, 0, 0.9, SC_FUNNEL_DISPERSION_ADDITIVE, &funnel),
                     SC_OK);
    assert_true(isnan(funnel.phi) && !funnel.adjusted);
    sc_funnel_limits lim;
    /* n = 0: NaN limits, no data. */
    assert_int_equal(sc_multi_funnel_fit(g, 3, 0.9, SC_FUNNEL_DISPERSION_NONE, &funnel), SC_OK);
    assert_int_equal(funnel.groups, 2);
    assert_int_equal(sc_multi_funnel_limits(&funnel, 0, &lim), SC_OK);
    assert_true(isnan(lim.lower95) && isnan(lim.upper998));
    assert_int_equal(sc_multi_funnel_classify(&g[1], &lim), SC_FUNNEL_NO_DATA);
    assert_null(sc_funnel_class_name(SC_FUNNEL_NO_DATA));
    assert_null(sc_funnel_class_name((sc_funnel_class)42));
    assert_int_equal(sc_multi_funnel_classify(NULL, &lim), SC_FUNNEL_NO_DATA);
    assert_int_equal(sc_multi_funnel_limits(&funnel, ((uint64_t)1 << 53) + 1, &lim), SC_EINVAL);
    assert_int_equal(sc_multi_funnel_limits(NULL, 10, &lim), SC_EINVAL);
    assert_int_equal(sc_multi_funnel_limits(&funnel, 10, NULL), SC_EINVAL);
    /* A funnel marked adjusted without a model is not one fit would make. */
    sc_funnel forged = funnel;
    forged.adjusted = 1;
    assert_int_equal(sc_multi_funnel_limits(&forged, 10, &lim), SC_EINVAL);
    /* A rate on a limit is within (strict inequalities, F8). */
    sc_funnel_limits edges = {0.5, 0.9, 0.4, 0.95};
    sc_multi_group on_upper = {10, 9}, on_lower = {10, 5}, above = {20, 19}, top = {1, 1};
    assert_int_equal(sc_multi_funnel_classify(&on_upper, &edges), SC_FUNNEL_WITHIN);
    assert_int_equal(sc_multi_funnel_classify(&on_lower, &edges), SC_FUNNEL_WITHIN);
    assert_int_equal(sc_multi_funnel_classify(&above, &edges), SC_FUNNEL_ABOVE95);
    assert_int_equal(sc_multi_funnel_classify(&top, &edges), SC_FUNNEL_ABOVE998);

    /* Names. */
    static const char *names[] = {"none", "multiplicative", "additive"};
    for (int d = 0; d < SC_FUNNEL_DISPERSION_COUNT; d++) {
        const sc_funnel_dispersion_info *info = sc_funnel_dispersion_get((sc_funnel_dispersion)d);
        assert_non_null(info);
        assert_string_equal(info->entry.name, names[d]);
        sc_funnel_dispersion got;
        assert_int_equal(sc_funnel_dispersion_from_name(names[d], &got), SC_OK);
        assert_int_equal(got, d);
    }
    sc_funnel_dispersion got = SC_FUNNEL_DISPERSION_NONE;
    assert_int_equal(sc_funnel_dispersion_from_name("Additive", &got), SC_OK);
    assert_int_equal(got, SC_FUNNEL_DISPERSION_ADDITIVE);
    assert_int_equal(sc_funnel_dispersion_from_name("random-effects", &got), SC_OK);
    assert_int_equal(sc_funnel_dispersion_from_name("mult", &got), SC_EINVAL);
    assert_int_equal(sc_funnel_dispersion_from_name("", &got), SC_EINVAL);
    assert_null(sc_funnel_dispersion_get(SC_FUNNEL_DISPERSION_COUNT));
}

/* ---- many groups: every path is linear in k (no timing asserted) ----------------- */

static void test_many_groups(void **state)
{
    (void)state;
    const size_t k = 100000;
    sc_multi_group *g = malloc(k * sizeof *g);
    sc_versus_rest *rest = malloc(k * sizeof *rest);
    double *p = malloc(k * sizeof *p);
    assert_true(g && rest && p);
    for (size_t i = 0; i < k; i++) {
        g[i].n = 10 + i % 7;
        g[i].passed = g[i].n - (i % 3 == 0);
    }
    sc_homogeneity h;
    assert_int_equal(sc_multi_homogeneity(g, k, &h), SC_OK);
    assert_true(h.groups == k && h.df == (double)(k - 1) && h.sparse);
    assert_int_equal(sc_multi_versus_rest(g, k, rest), SC_OK);
    sc_monte_carlo mc;
    assert_int_equal(sc_multi_monte_carlo(g, k, 20, 3, &mc), SC_OK);
    assert_true(rel_error_near_zero(mc.statistic, h.pearson) <= 1e-15);
    sc_funnel funnel;
    assert_int_equal(sc_multi_funnel_fit(g, k, (double)h.passed / (double)h.n,
                                         SC_FUNNEL_DISPERSION_ADDITIVE, &funnel),
                     SC_OK);
    assert_true(funnel.groups == k && funnel.phi > 0);
    for (size_t i = 0; i < k; i++)
        p[i] = rest[i].p_value;
    for (int m = 0; m < SC_ADJUST_METHOD_COUNT; m++)
        if (m != SC_ADJUST_HOMMEL) /* O(n^2): 10^10 steps */
            assert_int_equal(sc_multi_adjust(p, k, (sc_adjust_method)m, p), SC_OK);
    free(g);
    free(rest);
    free(p);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_homogeneity_reference),
        cmocka_unit_test(test_homogeneity_edges),
        cmocka_unit_test(test_rest_reference),
        cmocka_unit_test(test_moments_reference),
        cmocka_unit_test(test_moments_many_groups),
        cmocka_unit_test(test_monte_carlo_reference),
        cmocka_unit_test(test_monte_carlo_edges),
        cmocka_unit_test(test_monte_carlo_unbiased),
        cmocka_unit_test(test_monte_carlo_large_counts),
        cmocka_unit_test(test_adjust_reference),
        cmocka_unit_test(test_adjust_edges),
        cmocka_unit_test(test_adjust_names),
        cmocka_unit_test(test_funnel_exact_reference),
        cmocka_unit_test(test_funnel_reference),
        cmocka_unit_test(test_funnel_invariants),
        cmocka_unit_test(test_funnel_edges),
        cmocka_unit_test(test_many_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
