/* spotcheck — Wald interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Returns p^ -/+ z se with p^ = x/n, se = sqrt(p^ (1 - p^) / n),
 *      z = z_{1-alpha/2}, both limits clipped to [0, 1].
 *   3. x = 0 gives [0, 0] and x = n gives [1, 1]: se = 0, and SAS PROC FREQ
 *      prints this zero-width interval as computed (no special case is
 *      documented), which is why the method is not recommended near 0 or 1.
 *   4. One-sided bounds: ci.h C2 (the symmetric interval at 2L - 1).
 *   5. Source: SAS/STAT PROC FREQ, "Binomial Proportion: Wald Confidence
 *      Limits"; Newcombe (1998) method 1.  R: x/n + c(-1, 1) * qnorm(1 -
 *      alpha/2) * sqrt(x/n * (1 - x/n) / n).
 */
#include <math.h>

#include "ci/ci.h"

sc_status sc_ci_wald(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    double xs = (double)x, ns = (double)n;
    double estimate = xs / ns;
    double se = sqrt(xs * (ns - xs) / ns) / ns;
    double half = scn_z(alpha) * se;
    *lower = fmax(0.0, estimate - half);
    *upper = fmin(1.0, estimate + half);
    return SC_OK;
}
