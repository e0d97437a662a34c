/* spotcheck — Wilson (score) interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Returns the two roots p of (p^ - p)^2 = z^2 p (1 - p) / n, i.e.
 *          (x + z^2/2 -/+ z sqrt(x (n - x)/n + z^2/4)) / (n + z^2),
 *      z = z_{1-alpha/2}.
 *   3. Numerics: the upper root is the sum above (no cancellation); the
 *      lower root is taken from the product of the roots,
 *          lower = x^2 / (n (n + z^2) upper),
 *      which keeps full relative precision for small x and large n.
 *   4. x = 0 gives lower = 0 exactly; x = n gives upper = 1 exactly and
 *      lower = n / (n + z^2).  The limits lie in [0, 1] without clipping.
 *   5. One-sided bounds: ci.h C2 (R: prop.test(..., correct = FALSE,
 *      alternative = "greater"/"less") gives the same bounds).
 *   6. Source: E. B. Wilson, JASA 22 (1927) 209-212; SAS/STAT PROC FREQ
 *      "Wilson (Score) Confidence Limits"; Newcombe (1998) method 3; R:
 *      prop.test(x, n, correct = FALSE)$conf.int.
 */
#include <math.h>

#include "ci/ci.h"

sc_status sc_ci_wilson(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    double xs = (double)x, ns = (double)n;
    double z = scn_z(alpha), z2 = z * z;
    double hi = (xs + z2 / 2 + z * sqrt(xs * (ns - xs) / ns + z2 / 4)) / (ns + z2);
    *upper = x == n ? 1.0 : fmin(1.0, hi);
    *lower = x == 0 ? 0.0 : (xs / ns) * (xs / ((ns + z2) * hi));
    return SC_OK;
}
