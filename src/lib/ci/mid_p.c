/* spotcheck — mid-p exact interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Clopper-Pearson with half the probability of the observed count:
 *        lower: P(X > x | p) + P(X = x | p)/2 = alpha/2,
 *        upper: P(X < x | p) + P(X = x | p)/2 = alpha/2.
 *      Both sides are strictly monotone in p, so each limit is unique.
 *   3. x = 0 gives lower = 0 and upper = 1 - alpha^(1/n) (from
 *      (1 - p)^n / 2 = alpha/2); x = n gives upper = 1, lower = alpha^(1/n).
 *   4. One-sided bounds: ci.h C2.
 *   5. Numerics: roots on the logit scale (numeric/numeric.c N4) of tails (N3) and
 *      the density (N1).
 *   6. Source: SAS/STAT PROC FREQ "Exact Mid-p Confidence Limits"; Newcombe
 *      (1998) method 6; Agresti and Gottard, Stat Sci 20 (2005) 367-371.
 *      R: uniroot() on pbinom(x, n, p, lower.tail = FALSE) +
 *      dbinom(x, n, p)/2 - alpha/2 (scripts/ref-prop.R).
 */
#include <math.h>

#include "ci/ci.h"

struct mid_target {
    double x, n;
    double target; /* alpha/2 */
};

/* P(X > x) + P(X = x)/2 - target = P(X >= x) - P(X = x)/2 - target: increasing in p. */
static double upper_mid_minus(double p, double q, void *ctx)
{
    const struct mid_target *t = ctx;
    double ge, lt;
    if (scn_binom_ge(t->x, t->n, p, q, &ge, &lt) != 0)
        return NAN;
    return ge - 0.5 * scn_dbinom(t->x, t->n, p, q) - t->target;
}

/* P(X < x) + P(X = x)/2 - target: decreasing in p. */
static double lower_mid_minus(double p, double q, void *ctx)
{
    const struct mid_target *t = ctx;
    double ge, lt;
    if (scn_binom_ge(t->x, t->n, p, q, &ge, &lt) != 0)
        return NAN;
    return lt + 0.5 * scn_dbinom(t->x, t->n, p, q) - t->target;
}

sc_status sc_ci_mid_p(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    struct mid_target t = {(double)x, (double)n, alpha / 2};
    double q;
    sc_status status = SC_OK;
    *lower = 0.0;
    *upper = 1.0;
    if (x > 0)
        status = scn_logit_root(upper_mid_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, lower, &q);
    if (status == SC_OK && x < n)
        status = scn_logit_root(lower_mid_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, upper, &q);
    return status;
}
