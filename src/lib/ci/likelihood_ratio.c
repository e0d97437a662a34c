/* spotcheck — likelihood-ratio interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. All p whose likelihood-ratio statistic is within the chi-square
 *      critical value: 2 (l(p^) - l(p)) <= chi2_{1, 1-alpha} = z^2 with
 *      z = z_{1-alpha/2}, where l(p) = x log p + (n - x) log(1 - p) and
 *      0 log 0 = 0.  The limits are the two roots, one each side of p^.
 *   3. x = 0 gives lower = 0 and upper = 1 - exp(-z^2 / (2n)); x = n gives
 *      upper = 1 and lower = exp(-z^2 / (2n)) (the statistic is
 *      -2 n log(1 - p) resp. -2 n log p there).
 *   4. One-sided bounds: ci.h C2, i.e. the root of the signed root statistic
 *      at z_L, as chi2_{1, 2L-1} = z_L^2.
 *   5. Numerics: the half statistic is bd0(x, n p) + bd0(n - x, n q)
 *      (numeric/numeric.c), which has no cancellation near p^ even at n = 10^7; roots
 *      on the logit scale (N4).
 *   6. Source: SAS/STAT PROC FREQ "Likelihood Ratio Confidence Limits";
 *      Newcombe (1998) method 7.  R: uniroot() on the statistic
 *      (scripts/ref-prop.R).
 */
#include <math.h>

#include "ci/ci.h"

struct lr_target {
    double x, n;
    double half_crit; /* z^2 / 2 */
};

/* (l(p^) - l(p)) - z^2/2: positive far from p^, negative at p^. */
static double half_statistic_minus(double p, double q, void *ctx)
{
    const struct lr_target *t = ctx;
    return scn_bd0(t->x, t->n * p) + scn_bd0(t->n - t->x, t->n * q) - t->half_crit;
}

sc_status sc_ci_likelihood_ratio(uint64_t x, uint64_t n, double alpha, double *lower,
                                 double *upper)
{
    double z = scn_z(alpha);
    struct lr_target t = {(double)x, (double)n, z * z / 2};
    double theta_hat = x == 0   ? -SCN_THETA_MAX
                       : x == n ? SCN_THETA_MAX
                                : log(t.x / (t.n - t.x));
    double q;
    sc_status status = SC_OK;
    *lower = 0.0;
    *upper = 1.0;
    if (x > 0)
        status = scn_logit_root(half_statistic_minus, &t, -SCN_THETA_MAX, theta_hat, lower, &q);
    if (status == SC_OK && x < n)
        status = scn_logit_root(half_statistic_minus, &t, theta_hat, SCN_THETA_MAX, upper, &q);
    return status;
}
