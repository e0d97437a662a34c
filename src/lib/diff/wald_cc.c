/* spotcheck — Wald interval for p1 - p2 with continuity correction
 * (Newcombe's method 2).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (diff.h D1-D5 apply):
 *   1. Input: x1 of n1 and x2 of n2, 1 <= n1, n2, two-sided miss probability
 *      alpha in (0, 1).  n1 = 0 or n2 = 0 never reaches this function:
 *      sc_twoprop_diff answers it with estimate NaN and [-1, 1] (diff.h D1).
 *   2. Returns d -/+ (z se + (1/n1 + 1/n2)/2), d and se as in wald.c, both
 *      limits clipped to [-1, 1].
 *   3. When both rates are 0 or 1 the interval is d -/+ the correction:
 *      0/10 vs 0/20 gives [-0.075, 0.075], 10/10 vs 0/20 gives [0.925, 1]
 *      (Newcombe's Table II and SAS).
 *   4. R: prop.test(c(x1, x2), c(n1, n2), correct = TRUE)$conf.int is this
 *      interval whenever |d| >= (1/n1 + 1/n2)/2; below that prop.test
 *      shrinks the correction to |d| (equal rates, e.g. 3/10 vs 6/20, get
 *      the uncorrected Wald interval there).
 *      We keep Newcombe's and SAS's constant correction, as the one-sample
 *      wilson-cc does (ci/wilson_cc.c item 6).
 *   5. Symmetry: as wald.c item 4.  One-sided bounds: diff.h D2.
 *   6. Source: Newcombe, Stat Med 17 (1998) 873-890, method 2; Fleiss,
 *      Levin and Paik (2003) section 3.2; SAS/STAT PROC FREQ
 *      RISKDIFF(CORRECT CL=WALD).
 */
#include <math.h>

#include "numeric/numeric.h"
#include "diff/diff.h"

sc_status sc_diff_wald_cc(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                          double *lower, double *upper)
{
    double p1 = (double)x1 / (double)n1, q1 = (double)(n1 - x1) / (double)n1;
    double p2 = (double)x2 / (double)n2, q2 = (double)(n2 - x2) / (double)n2;
    double se = sqrt(p1 * q1 / (double)n1 + p2 * q2 / (double)n2);
    double correction = 0.5 / (double)n1 + 0.5 / (double)n2;
    double half = scn_z(alpha) * se + correction, d = p1 - p2;
    *lower = fmax(-1.0, d - half);
    *upper = fmin(1.0, d + half);
    return SC_OK;
}
