/* spotcheck — Wald interval for p1 - p2 (Newcombe's method 1).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (diff.h D1-D5 apply):
 *   1. Input: x1 of n1 and x2 of n2, 1 <= n1, n2, two-sided miss probability
 *      alpha in (0, 1).  n1 = 0 or n2 = 0 never reaches this function:
 *      sc_twoprop_diff answers it with estimate NaN and [-1, 1] (diff.h D1).
 *   2. Returns d -/+ z se, d = p1 - p2, se = sqrt(p1 q1 / n1 + p2 q2 / n2),
 *      z = z_{1-alpha/2}, both limits clipped to [-1, 1].
 *   3. When both rates are 0 or 1, se = 0 and the interval is the point d:
 *      0/10 vs 0/20 gives [0, 0], 10/10 vs 0/20 gives [1, 1] (Newcombe's
 *      Table II prints the same; this is the method's known failure, kept as
 *      defined).
 *   4. Symmetry: swapping the groups, or counting the other outcome in both,
 *      negates and swaps the limits.
 *   5. One-sided bounds: diff.h D2 (R: prop.test(..., alternative =
 *      "greater"/"less", correct = FALSE) gives the same bounds).
 *   6. Source: Newcombe, Stat Med 17 (1998) 873-890, method 1; SAS/STAT PROC
 *      FREQ RISKDIFF(CL=WALD); R: prop.test(c(x1, x2), c(n1, n2),
 *      correct = FALSE)$conf.int.
 */
#include <math.h>

#include "numeric/numeric.h"
#include "diff/diff.h"

sc_status sc_diff_wald(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                       double *lower, double *upper)
{
    double p1 = (double)x1 / (double)n1, q1 = (double)(n1 - x1) / (double)n1;
    double p2 = (double)x2 / (double)n2, q2 = (double)(n2 - x2) / (double)n2;
    double se = sqrt(p1 * q1 / (double)n1 + p2 * q2 / (double)n2);
    double half = scn_z(alpha) * se, d = p1 - p2;
    *lower = fmax(-1.0, d - half);
    *upper = fmin(1.0, d + half);
    return SC_OK;
}
