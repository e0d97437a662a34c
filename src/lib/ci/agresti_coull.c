/* spotcheck — Agresti-Coull interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Adds z^2/2 successes and z^2/2 failures (z = z_{1-alpha/2}), as SAS
 *      does -- not the fixed "add 2 and 2", which is this rule at 95%
 *      rounded:  n~ = n + z^2,  p~ = (x + z^2/2) / n~,
 *      limits p~ -/+ z sqrt(p~ (1 - p~) / n~), clipped to [0, 1].
 *   3. x = 0 and x = n need no special case: p~ is inside (0, 1); the lower
 *      limit at x = 0 (upper at x = n) falls outside [0, 1] and is clipped.
 *   4. One-sided bounds: ci.h C2, so z (in both the adjustment and the
 *      half-width) is z_L for a one-sided bound at confidence L.
 *   5. Source: A. Agresti and B. A. Coull, Am Stat 52 (1998) 119-126;
 *      SAS/STAT PROC FREQ "Agresti-Coull Confidence Limits"; Brown, Cai and
 *      DasGupta, Stat Sci 16 (2001) 101-133.
 */
#include <math.h>

#include "ci/ci.h"

sc_status sc_ci_agresti_coull(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    double xs = (double)x, ns = (double)n;
    double z = scn_z(alpha), z2 = z * z;
    double n_adj = ns + z2;
    double p_adj = (xs + z2 / 2) / n_adj;
    double q_adj = (ns - xs + z2 / 2) / n_adj;
    double half = z * sqrt(p_adj * q_adj / n_adj);
    *lower = fmax(0.0, p_adj - half);
    *upper = fmin(1.0, p_adj + half);
    return SC_OK;
}
