/* spotcheck — Jeffreys interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. The equal-tailed interval of the posterior under the Jeffreys prior
 *      Beta(1/2, 1/2): the alpha/2 and 1 - alpha/2 quantiles of
 *      Beta(x + 1/2, n - x + 1/2).
 *   3. x = 0 gives lower = 0 and x = n gives upper = 1: SAS's definition
 *      (after Brown, Cai and DasGupta 2001, sec. 4.1.2), which fixes the
 *      poor coverage of the plain quantile next to the edge.  The other
 *      limit is the plain quantile.
 *   4. One-sided bounds: ci.h C2, with the same edge rule (a one-sided lower
 *      bound at x = 0 is 0).
 *   5. Numerics: quantiles are roots on the logit scale (numeric/numeric.c N4) of the
 *      regularised incomplete beta (N2); the upper quantile is solved on the
 *      complement so that it keeps precision near 1.
 *   6. Source: SAS/STAT PROC FREQ "Jeffreys Confidence Limits"; Brown, Cai
 *      and DasGupta, Stat Sci 16 (2001) 101-133.  R: qbeta(c(alpha/2,
 *      1 - alpha/2), x + 0.5, n - x + 0.5) with the edge rule.
 */
#include <math.h>

#include "ci/ci.h"

struct beta_target {
    double a, b;
    double target; /* alpha/2 */
};

/* I_p(a, b) - target: increasing in p. */
static double cdf_minus(double p, double q, void *ctx)
{
    const struct beta_target *t = ctx;
    double value, complement;
    if (scn_beta_inc(t->a, t->b, p, q, &value, &complement) != 0)
        return NAN;
    return value - t->target;
}

/* 1 - I_p(a, b) - target: decreasing in p. */
static double survival_minus(double p, double q, void *ctx)
{
    const struct beta_target *t = ctx;
    double value, complement;
    if (scn_beta_inc(t->a, t->b, p, q, &value, &complement) != 0)
        return NAN;
    return complement - t->target;
}

sc_status sc_ci_jeffreys(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    struct beta_target t = {(double)x + 0.5, (double)(n - x) + 0.5, alpha / 2};
    double q;
    sc_status status = SC_OK;
    *lower = 0.0;
    *upper = 1.0;
    if (x > 0)
        status = scn_logit_root(cdf_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, lower, &q);
    if (status == SC_OK && x < n)
        status = scn_logit_root(survival_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, upper, &q);
    return status;
}
