/* spotcheck — Clopper-Pearson ("exact") interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Inverts the two one-sided exact binomial tests, alpha/2 each:
 *        lower: P(X >= x | p) = alpha/2, i.e. the alpha/2 quantile of
 *               Beta(x, n - x + 1);
 *        upper: P(X <= x | p) = alpha/2, i.e. the 1 - alpha/2 quantile of
 *               Beta(x + 1, n - x).
 *   3. x = 0 gives lower = 0 and upper = 1 - (alpha/2)^(1/n);
 *      x = n gives upper = 1 and lower = (alpha/2)^(1/n).
 *   4. One-sided bounds: ci.h C2, which is exactly the one-sided exact
 *      bound (R: binom.test(x, n, alternative = "greater"/"less")).
 *   5. Numerics: each limit is a root on the logit scale (numeric/numeric.c N4) of the
 *      binomial tail (N3), so limits near 0 keep relative precision (the
 *      lower limit for x = 1 of 10^7, 2.53e-9 at 95%, agrees with R to 1e-14).
 *      gsl_cdf_beta_Pinv is not used: it does not return at n = 10^7
 *      (numeric/numeric.c N2).
 *   6. Source: C. J. Clopper and E. S. Pearson, Biometrika 26 (1934) 404-413;
 *      SAS/STAT PROC FREQ "Exact (Clopper-Pearson) Confidence Limits";
 *      R: binom.test(x, n)$conf.int.
 */
#include <math.h>

#include "ci/ci.h"

struct tail_target {
    double x, n;   /* the tail's cut point and the number of trials */
    double target; /* alpha/2 */
};

/* P(X >= x | p) - target: increasing in p. */
static double upper_tail_minus(double p, double q, void *ctx)
{
    const struct tail_target *t = ctx;
    double ge, lt;
    if (scn_binom_ge(t->x, t->n, p, q, &ge, &lt) != 0)
        return NAN;
    return ge - t->target;
}

/* P(X <= x | p) - target = P(X < x + 1 | p) - target: decreasing in p. */
static double lower_tail_minus(double p, double q, void *ctx)
{
    const struct tail_target *t = ctx;
    double ge, lt;
    if (scn_binom_ge(t->x + 1, t->n, p, q, &ge, &lt) != 0)
        return NAN;
    return lt - t->target;
}

sc_status sc_ci_clopper_pearson(uint64_t x, uint64_t n, double alpha, double *lower,
                                double *upper)
{
    struct tail_target t = {(double)x, (double)n, alpha / 2};
    double q;
    sc_status status = SC_OK;
    *lower = 0.0;
    *upper = 1.0;
    if (x > 0)
        status = scn_logit_root(upper_tail_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, lower, &q);
    if (status == SC_OK && x < n)
        status = scn_logit_root(lower_tail_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, upper, &q);
    return status;
}
