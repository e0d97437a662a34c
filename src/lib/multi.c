/* spotcheck — k groups: homogeneity tests (Pearson chi-square, G-test,
 * Monte-Carlo p-value) and each group against the rest.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (tests cite the numbers):
 *   M1. Input: `count` groups (n_i, x_i), x_i <= n_i <= 2^53, total
 *       N = sum n_i <= 2^53; otherwise SC_EINVAL.  Groups with n_i = 0 are
 *       dropped; k is the number of the others.  X = sum x_i, F = N - X.
 *   M2. The k x 2 table has cells O = x_i and n_i - x_i with expected counts
 *       E = n_i X / N and n_i F / N.  Pearson (R: chisq.test(x, correct =
 *       FALSE)): X^2 = sum (O - E)^2 / E, which for two columns is
 *           X^2 = sum_i d_i^2 / (n_i X F),   d_i = x_i N - n_i X,
 *       where d_i is computed exactly (integers below 2^64, else with fma
 *       products), so no cancellation in O - E = +-d_i / N loses digits, however
 *       large the counts.  df = k - 1, p = P(chi^2_df >= X^2) by
 *       gsl_sf_gamma_inc_Q_e(df / 2, X^2 / 2) (within 1e-11 of R's pchisq for
 *       df up to 10^5, measured).
 *   M3. G-test: G = 2 sum O ln(O / E), 0 ln 0 = 0 (Sokal & Rohlf, Biometry;
 *       R has no function: the reference computes it from the definition).
 *       Since sum (O - E) = 0 it is evaluated as 2 sum [O ln(O / E) - (O - E)],
 *       each term by Loader's bd0 series in v = (O - E) / (O + E) when |v| < 0.1
 *       (with the exact O - E of M2), so a table near homogeneity keeps full
 *       precision.  Same df and tail as M2.
 *   M4. Degenerate tables: k < 2 is SC_EDOMAIN.  X = 0 or F = 0 (a zero
 *       column: all groups have the same rate, and the observed table is the
 *       only one with these margins, so the exact conditional p-value is 1):
 *       X^2 = G = 0, p = 1; R returns NaN there.
 *   M5. min_expected = min over the 2k cells of E; sparse = min_expected < 5
 *       (Cochran's rule as R's chisq.test warns).
 *   M6. Monte-Carlo p-value (R: chisq.test(simulate.p.value = TRUE, B)):
 *       B tables with the observed margins are drawn from their exact
 *       conditional distribution, groups in the given order: group i's count
 *       is hypergeometric given the passes and units not yet assigned
 *       (Patefield's algorithm reduces to this for two columns); the last
 *       group takes the rest.  p = (1 + S) / (B + 1) with
 *       S = #{X^2_sim >= (1 - 64 DBL_EPSILON) X^2_obs}, R's definition and
 *       tolerance.  The statistic of each table is computed as in M2.
 *   M7. Hypergeometric draws: inversion by chop-down search from the mode
 *       (Kemp 1986; Kachitvichyanukul & Schmeiser 1985, HIN started at the
 *       mode), so the draw is exact up to rounding and takes O(1 + sd)
 *       steps.  The probability at the mode is Loader's saddle-point form
 *       (R's dhyper: dbinom(x; g, p) dbinom(m - x; b, p) / dbinom(m; g + b, p),
 *       p = m / (g + b)), the others by the ratio recurrence.  Uniforms come
 *       from gsl_rng_mt19937 set by gsl_rng_set(seed).
 *   M8. Group vs rest: for group i the 2 x 2 table (x_i, n_i - x_i; X - x_i,
 *       F - n_i + x_i), X^2_i = N d_i^2 / (n_i (N - n_i) X F) with d_i of M2
 *       (the 2 x 2 determinant equals d_i), df 1 (R: chisq.test(t, correct =
 *       FALSE)).  n_i = 0 or N - n_i = 0: NaN.  X = 0 or F = 0: 0 and p = 1 (M4).
 *   M9. Exact moments of X^2 given the margins (Haldane 1940, Biometrika 31:
 *       346-355; derived again from the factorial moments of the multivariate
 *       hypergeometric, X^(r) / N^(r)): with D = sum_i (N - k n_i) / n_i
 *       = N sum 1/n_i - k^2 (>= 0; 0 when all n_i are equal),
 *           mean = (k - 1) N / (N - 1),
 *           var  = N^2 [2 N (X-1)(F-1)(k-1)(N-k) + (N-1)(N(N+1) - 6 X F) D]
 *                  / (X F (N-1)^2 (N-2)(N-3)),
 *       for N >= 4 (else NaN).  Two-moment p-value: X^2 taken as a chi^2_nu
 *       scaled by a, with a nu = mean and 2 a^2 nu = var:
 *       p = P(chi^2_nu >= X^2 / a), nu = 2 mean^2 / var, a = var / (2 mean);
 *       var = 0 (one possible X^2, e.g. every n_i = 1) gives p = 1.  Zero
 *       column (M4): mean = var = 0, p = 1.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "alloc.h"
#include "spotcheck/groups.h"
#include "spotcheck/multi.h"

#include "numeric/numeric.h"

/* ---- counts (M1) ----------------------------------------------------------- */

typedef struct totals {
    size_t groups; /* k: groups with n > 0 */
    uint64_t n;    /* N */
    uint64_t passed;
    uint64_t max_n;
} totals;

static sc_status sum_groups(const sc_multi_group *groups, size_t count, totals *t)
{
    t->groups = 0;
    t->n = t->passed = t->max_n = 0;
    if (count > 0 && !groups)
        return SC_EINVAL;
    for (size_t i = 0; i < count; i++) {
        uint64_t n = groups[i].n, x = groups[i].passed;
        if (x > n || n > SC_COUNT_MAX || t->n > SC_COUNT_MAX - n)
            return SC_EINVAL;
        t->n += n;
        t->passed += x;
        if (n > 0)
            t->groups++;
        if (n > t->max_n)
            t->max_n = n;
    }
    return SC_OK;
}

/* ---- the exact cross difference d = x N - n X (M2) ------------------------- */

/* a b - c e to ~2 ulp, by the fma error terms of both products. */
static double cross_fma(double a, double b, double c, double e)
{
    double p1 = a * b, p2 = c * e;
    double e1 = fma(a, b, -p1), e2 = fma(c, e, -p2);
    return (p1 - p2) + (e1 - e2);
}

/* d = x N - n X for x <= n <= N, X <= N.  `small` says N < 2^32, so both
 * products fit in 64 bits and the difference is exact before one rounding. */
static double cross_diff(uint64_t x, uint64_t n, const totals *t, int small)
{
    if (small) {
        uint64_t a = x * t->n, b = n * t->passed;
        return a >= b ? (double)(a - b) : -(double)(b - a);
    }
    return cross_fma((double)x, (double)t->n, (double)n, (double)t->passed);
}

static int fits_small(const totals *t) { return t->n < ((uint64_t)1 << 32); }

/* ---- chi-square tail --------------------------------------------------------- */

/* P(chi^2_df >= x), x >= 0, df >= 1 (domains checked here: GSL's handler is
 * never reached).  NaN if GSL reports an error. */
static double chisq_upper(double x, double df)
{
    if (isnan(x) || !(df > 0))
        return NAN;
    if (x <= 0)
        return 1.0;
    if (isinf(x))
        return 0.0;
    gsl_sf_result r;
    if (gsl_sf_gamma_inc_Q_e(df / 2.0, x / 2.0, &r) != 0)
        return NAN;
    return r.val;
}

/* ---- G-test term (M3) ------------------------------------------------------------ */

/* O ln(O / E) - (O - E) given an accurate delta = O - E; E > 0. */
static double deviance_term(double observed, double expected, double delta)
{
    if (observed == 0)
        return expected;
    double v = delta / (observed + expected);
    if (fabs(v) < 0.1) {
        /* Loader's bd0: delta v + 2 O sum_{j>=1} v^(2j+1) / (2j+1). */
        double sum = delta * v, term = 2 * observed * v, v2 = v * v;
        for (int j = 1; j < 200; j++) {
            term *= v2;
            double next = sum + term / (2 * j + 1);
            if (next == sum)
                break;
            sum = next;
        }
        return sum;
    }
    return observed * log(observed / expected) - delta;
}

/* ---- Pearson statistic of a table with the given margins (M2) ----------- */

/* X^2 for counts x[i] of the used groups (used[i] indexes groups). */
static double pearson_of(const sc_multi_group *groups, const size_t *used, const uint64_t *x,
                         size_t k, const totals *t, int small)
{
    double sum = 0;
    for (size_t j = 0; j < k; j++) {
        uint64_t n = groups[used[j]].n;
        double d = cross_diff(x[j], n, t, small);
        sum += d / (double)n * d;
    }
    return sum / ((double)t->passed * (double)(t->n - t->passed));
}

/* Mean, variance and two-moment p-value of X^2 (M9), N >= 4, X, F >= 1;
 * `spread` is D. */
static void exact_moments(sc_homogeneity *out, double N, double X, double F, double k,
                          double spread)
{
    double mean = (k - 1) * (N / (N - 1));
    double common = N / (N - 1) * (N / X) / F / (N - 2) / (N - 3);
    double var = common * (2 * N * (X - 1) * (F - 1) / (N - 1) * (k - 1) * (N - k) +
                           (N * (N + 1) - 6 * X * F) * spread);
    out->mean = mean;
    out->variance = var > 0 ? var : 0;
    out->moments_p = var > 0 ? chisq_upper(2 * mean / var * out->pearson, 2 * mean / var * mean)
                             : 1;
}

static void homogeneity_nan(sc_homogeneity *out)
{
    out->df = out->pearson = out->pearson_p = out->g = out->g_p = out->min_expected = NAN;
    out->mean = out->variance = out->moments_p = NAN;
    out->sparse = 0;
}

sc_status sc_multi_homogeneity(const sc_multi_group *groups, size_t count, sc_homogeneity *out)
{
    if (!out)
        return SC_EINVAL;
    out->groups = 0;
    out->n = out->passed = 0;
    homogeneity_nan(out);
    totals t;
    if (sum_groups(groups, count, &t) != SC_OK)
        return SC_EINVAL;
    out->groups = t.groups;
    out->n = t.n;
    out->passed = t.passed;
    if (t.groups < 2)
        return SC_EDOMAIN;

    double k = (double)t.groups, N = (double)t.n, X = (double)t.passed;
    double F = (double)(t.n - t.passed);
    out->df = k - 1;
    out->min_expected = INFINITY;
    int small = fits_small(&t);
    double pearson = 0, g = 0, spread = 0;
    for (size_t i = 0; i < count; i++) {
        uint64_t n_i = groups[i].n;
        if (n_i == 0)
            continue;
        double n = (double)n_i, x = (double)groups[i].passed;
        spread += fma(-k, n, N) / n; /* D of M9 */
        double e_pass = n * X / N, e_fail = n * F / N;
        out->min_expected = fmin(out->min_expected, fmin(e_pass, e_fail));
        if (X == 0 || F == 0)
            continue; /* M4 */
        double d = cross_diff(groups[i].passed, n_i, &t, small);
        pearson += d / n * d;
        double delta = d / N; /* O - E of the pass cell; the fail cell has -delta */
        g += deviance_term(x, e_pass, delta) + deviance_term(n - x, e_fail, -delta);
    }
    out->sparse = out->min_expected < 5;
    if (X == 0 || F == 0) {
        out->pearson = out->g = out->mean = out->variance = 0;
        out->pearson_p = out->g_p = out->moments_p = 1;
        return SC_OK;
    }
    out->pearson = pearson / (X * F);
    out->g = 2 * g;
    out->pearson_p = chisq_upper(out->pearson, out->df);
    out->g_p = chisq_upper(out->g, out->df);
    if (isnan(out->pearson_p) || isnan(out->g_p))
        return SC_ENOCONV;
    if (N >= 4)
        exact_moments(out, N, X, F, k, spread);
    return SC_OK;
}

/* ---- group vs rest (M8) ---------------------------------------------------------- */

sc_status sc_multi_versus_rest(const sc_multi_group *groups, size_t count, sc_versus_rest *out)
{
    totals t;
    if ((count > 0 && !out) || sum_groups(groups, count, &t) != SC_OK)
        return SC_EINVAL;
    double N = (double)t.n, X = (double)t.passed, F = (double)(t.n - t.passed);
    int small = fits_small(&t);
    for (size_t i = 0; i < count; i++) {
        uint64_t n = groups[i].n;
        out[i].rest_n = t.n - n;
        out[i].rest_passed = t.passed - groups[i].passed;
        if (n == 0 || n == t.n) {
            out[i].statistic = out[i].p_value = NAN;
        } else if (X == 0 || F == 0) {
            out[i].statistic = 0;
            out[i].p_value = 1;
        } else {
            double d = cross_diff(groups[i].passed, n, &t, small);
            double stat = d / (double)n * (d / (double)(t.n - n)) * (N / X) / F;
            out[i].statistic = stat;
            out[i].p_value = chisq_upper(stat, 1.0);
        }
    }
    return SC_OK;
}

/* ---- Monte-Carlo (M6, M7) ---------------------------------------------------------- */

/* Hypergeometric probability of `x` good among `draws` from good + bad (M7). */
static double hyper_pmf(double x, double good, double bad, double draws)
{
    double total = good + bad;
    double p = draws / total, q = (total - draws) / total;
    return scn_dbinom(x, good, p, q) * scn_dbinom(draws - x, bad, p, q) /
           scn_dbinom(draws, total, p, q);
}

/* One draw of the number of good units among `draws` taken without
 * replacement from `good` good and `bad` bad units (M7), into *out.
 * Returns 0, or -1 if the probability at the mode is not a positive number
 * or the search keeps running off the support (neither happens for counts
 * within M1; the check keeps a numerical surprise from looping forever). */
static int hyper_draw(gsl_rng *rng, uint64_t good, uint64_t bad, uint64_t draws, uint64_t *out)
{
    uint64_t lo = draws > bad ? draws - bad : 0;
    uint64_t hi = draws < good ? draws : good;
    if (lo == hi) {
        *out = lo;
        return 0;
    }
    double g = (double)good, b = (double)bad, m = (double)draws;
    if (draws == 1) {
        *out = gsl_rng_uniform(rng) * (g + b) < g ? 1 : 0;
        return 0;
    }
    uint64_t mode = (uint64_t)floor((m + 1) * (g + 1) / (g + b + 2));
    if (mode < lo)
        mode = lo;
    if (mode > hi)
        mode = hi;
    double f_mode = hyper_pmf((double)mode, g, b, m);
    if (!(f_mode > 0 && f_mode <= 1))
        return -1;
    for (int attempt = 0; attempt < 100; attempt++) {
        double u = gsl_rng_uniform(rng);
        if (u < f_mode) {
            *out = mode;
            return 0;
        }
        u -= f_mode;
        uint64_t down = mode, up = mode;
        double f_down = f_mode, f_up = f_mode;
        int more_down = down > lo, more_up = up < hi;
        while (more_down || more_up) {
            if (more_down) {
                double x = (double)down;
                f_down *= x * (b - m + x) / ((g - x + 1) * (m - x + 1));
                down--;
                if (u < f_down) {
                    *out = down;
                    return 0;
                }
                u -= f_down;
                more_down = down > lo && f_down > 0;
            }
            if (more_up) {
                double x = (double)up;
                f_up *= (g - x) * (m - x) / ((x + 1) * (b - m + x + 1));
                up++;
                if (u < f_up) {
                    *out = up;
                    return 0;
                }
                u -= f_up;
                more_up = up < hi && f_up > 0;
            }
        }
        /* u outlived the whole support by rounding (the computed masses sum
         * to 1 - ~1e-13): draw again. */
    }
    return -1;
}

sc_status sc_multi_monte_carlo(const sc_multi_group *groups, size_t count, uint64_t replicates,
                               unsigned long seed, sc_monte_carlo *out)
{
    if (!out)
        return SC_EINVAL;
    out->statistic = out->p_value = NAN;
    out->replicates = replicates;
    out->at_least = 0;
    totals t;
    if (replicates == 0 || sum_groups(groups, count, &t) != SC_OK)
        return SC_EINVAL;
    if (t.groups < 2)
        return SC_EDOMAIN;
    if (t.passed == 0 || t.passed == t.n) { /* M4: one table only */
        out->statistic = 0;
        out->at_least = replicates;
        out->p_value = 1;
        return SC_OK;
    }

    size_t k = t.groups;
    if (k > SIZE_MAX / sizeof(uint64_t))
        return SC_ENOMEM;
    size_t *used = sc_malloc(k * sizeof *used);
    uint64_t *x = sc_malloc(k * sizeof *x);
    /* The generator's state is allocated here rather than by gsl_rng_alloc,
     * whose failure path calls GSL's error handler (abort by default);
     * gsl_rng is a public two-field struct. */
    void *state = sc_calloc(1, gsl_rng_mt19937->size);
    if (!used || !x || !state) {
        free(used);
        free(x);
        free(state);
        return SC_ENOMEM;
    }
    gsl_rng rng = {.type = gsl_rng_mt19937, .state = state};
    gsl_rng_set(&rng, seed);

    size_t j = 0;
    for (size_t i = 0; i < count; i++)
        if (groups[i].n > 0) {
            used[j] = i;
            x[j++] = groups[i].passed;
        }
    int small = fits_small(&t);
    double observed = pearson_of(groups, used, x, k, &t, small);
    double threshold = (1 - 64 * DBL_EPSILON) * observed;
    uint64_t at_least = 0;
    int failed = 0;
    for (uint64_t b = 0; b < replicates && !failed; b++) {
        uint64_t good = t.passed, units = t.n;
        for (j = 0; j + 1 < k && !failed; j++) {
            uint64_t n = groups[used[j]].n;
            failed = hyper_draw(&rng, good, units - good, n, &x[j]) != 0;
            good -= x[j];
            units -= n;
        }
        x[k - 1] = good;
        if (pearson_of(groups, used, x, k, &t, small) >= threshold)
            at_least++;
    }
    free(used);
    free(x);
    free(state);
    if (failed)
        return SC_ENOCONV;
    out->statistic = observed;
    out->at_least = at_least;
    out->p_value = (1.0 + (double)at_least) / ((double)replicates + 1.0);
    return SC_OK;
}
