/* spotcheck — Wilson (score) interval with continuity correction.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Returns Newcombe's method 4, with z = z_{1-alpha/2}:
 *        L = (2x + z^2 - 1 - z sqrt(z^2 - 2 - 1/n + 4x(n - x + 1)/n)) / (2(n + z^2))
 *        U = (2x + z^2 + 1 + z sqrt(z^2 + 2 - 1/n + 4x(n - x - 1)/n)) / (2(n + z^2))
 *      (the score interval solved with p^ -/+ 1/(2n) in place of p^).
 *   3. x = 0 gives L = 0 and x = n gives U = 1 (Newcombe; SAS); there the
 *      square root's argument can be negative, so these are not formulas
 *      evaluated at the edge but the defined values.
 *   4. Numerics: for 1 <= x, L is rewritten without cancellation, using
 *      (A - B)(A + B) = (2x - 1)^2 (1 + z^2/n) for the numerator A - B:
 *        L = (2x - 1)^2 / (2n (A + B)),  A = 2x + z^2 - 1,
 *        B = z sqrt(z^2 - 2 - 1/n + 4x(n - x + 1)/n)  (>= z sqrt(z^2 + 2 - 1/n)).
 *      U is a sum of non-negative terms.  Both are clipped to [0, 1].
 *   5. One-sided bounds: ci.h C2.
 *   6. Source: R. G. Newcombe, Stat Med 17 (1998) 857-872, method 4; SAS/STAT
 *      PROC FREQ "Wilson (Score) Confidence Limits" with CL=WILSON(CORRECT);
 *      R: prop.test(x, n, correct = TRUE)$conf.int whenever |x - n/2| >= 1/2
 *      (prop.test shrinks the correction toward its p = 0.5).
 */
#include <math.h>

#include "ci/ci.h"

sc_status sc_ci_wilson_cc(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    double xs = (double)x, ns = (double)n;
    double z = scn_z(alpha), z2 = z * z;
    if (x == 0) {
        *lower = 0.0;
    } else {
        double a = 2 * xs + z2 - 1;
        double b = z * sqrt(z2 - 2 - 1 / ns + 4 * xs * (ns - xs + 1) / ns);
        double d = 2 * xs - 1;
        *lower = fmin(1.0, d * d / (2 * ns * (a + b)));
    }
    if (x == n) {
        *upper = 1.0;
    } else {
        double b = z * sqrt(z2 + 2 - 1 / ns + 4 * xs * (ns - xs - 1) / ns);
        *upper = fmin(1.0, (2 * xs + z2 + 1 + b) / (2 * (ns + z2)));
    }
    return SC_OK;
}
