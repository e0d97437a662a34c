/* spotcheck — Wald interval with continuity correction for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Returns p^ -/+ (z se + 1/(2n)) with p^ = x/n, se = sqrt(p^ (1 - p^)/n),
 *      z = z_{1-alpha/2}, both limits clipped to [0, 1].
 *   3. x = 0 gives [0, 1/(2n)] and x = n gives [1 - 1/(2n), 1]: the
 *      correction alone, clipped.  (Newcombe's Table II prints the unclipped
 *      -0.025 for 0/20; SAS clips.)
 *   4. One-sided bounds: ci.h C2.
 *   5. Source: SAS/STAT PROC FREQ, "Wald Confidence Limits" with
 *      CL=WALD(CORRECT); Fleiss, Levin and Paik (2003); Newcombe (1998)
 *      method 2.
 */
#include <math.h>

#include "ci/ci.h"

sc_status sc_ci_wald_cc(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    double xs = (double)x, ns = (double)n;
    double estimate = xs / ns;
    double se = sqrt(xs * (ns - xs) / ns) / ns;
    double half = scn_z(alpha) * se + 0.5 / ns;
    *lower = fmax(0.0, estimate - half);
    *upper = fmin(1.0, estimate + half);
    return SC_OK;
}
