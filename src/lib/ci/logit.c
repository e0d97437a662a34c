/* spotcheck — logit interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. For 0 < x < n: the Wald interval on the log-odds scale, mapped back:
 *        lambda = log(x / (n - x)),  se = sqrt(n / (x (n - x))),
 *        limits = logistic(lambda -/+ z se),  z = z_{1-alpha/2}.
 *      The logistic function is evaluated so that both p and 1 - p keep full
 *      relative precision; the limits are inside (0, 1).
 *   3. x = 0 and x = n: lambda is infinite and se undefined, so the formula
 *      has no value, and the SAS/STAT documentation states no special case
 *      for them.  Project decision: return the Clopper-Pearson interval there,
 *        x = 0:  [0, 1 - (alpha/2)^(1/n)],   x = n:  [(alpha/2)^(1/n), 1].
 *      The limit at the observed edge (0 resp. 1) is the only one the data
 *      support; the other is the exact one, so the interval never has zero
 *      width (unlike Wald) and never claims more than the exact method.
 *   4. One-sided bounds: ci.h C2 (also at x = 0 and x = n, where the
 *      Clopper-Pearson bound is the exact one-sided bound).
 *   5. Source: SAS/STAT PROC FREQ "Logit Confidence Limits"; Stokes, Davis and
 *      Koch, Categorical Data Analysis Using SAS (3rd ed., 2012) sec. 15.6;
 *      Brown, Cai and DasGupta (2001) sec. 4.1.
 */
#include <math.h>

#include "ci/ci.h"

sc_status sc_ci_logit(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    if (x == 0 || x == n)
        return sc_ci_clopper_pearson(x, n, alpha, lower, upper);
    double xs = (double)x, ns = (double)n;
    double lambda = log(xs / (ns - xs));
    double half = scn_z(alpha) * sqrt(ns / (xs * (ns - xs)));
    double q;
    scn_logistic(lambda - half, lower, &q);
    scn_logistic(lambda + half, upper, &q);
    return SC_OK;
}
