/* spotcheck — Newcombe's hybrid score interval for p1 - p2 with continuity
 * correction (method 11).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (diff.h D1-D5 apply):
 *   1. Input: x1 of n1 and x2 of n2, 1 <= n1, n2, two-sided miss probability
 *      alpha in (0, 1).  n1 = 0 or n2 = 0 never reaches this function:
 *      sc_twoprop_diff answers it with estimate NaN and [-1, 1] (diff.h D1).
 *   2. Newcombe's square-and-add (newcombe.c item 2) of the Wilson intervals
 *      with continuity correction (Newcombe 1998a method 4, ci/wilson_cc.c)
 *      of both groups at the same alpha.
 *   3. The half-widths are differences of the limits of ci/wilson_cc.c;
 *      near 1 that costs up to ~2e-11 relative in a limit at n = 10^6 (the
 *      hybrid score without correction avoids it, newcombe.c item 3).
 *      Edge cases are those of ci/wilson_cc.c: x = 0 gives l = 0, x = n gives
 *      u = 1.  Newcombe's Table II: 56/70 vs 48/80 gives [0.0428, 0.3422],
 *      9/10 vs 3/10 [0.1013, 0.8387], 10/10 vs 0/20 [0.6014, 1].  L <= d <= U
 *      always; limits are clipped to [-1, 1] against rounding.
 *   4. Symmetry: as newcombe.c item 5.
 *   5. One-sided bounds: diff.h D2.
 *   6. Source: R. G. Newcombe, Stat Med 17 (1998) 873-890, method 11 and
 *      Table II; SAS/STAT PROC FREQ RISKDIFF(CORRECT CL=NEWCOMBE).
 *      Reference values: scripts/ref-twoprop.R.
 */
#include "ci/ci.h"
#include "diff/diff.h"

sc_status sc_diff_newcombe_cc(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                              double *lower, double *upper)
{
    double l1, u1, l2, u2;
    sc_status status = sc_ci_wilson_cc(x1, n1, alpha, &l1, &u1);
    if (status == SC_OK)
        status = sc_ci_wilson_cc(x2, n2, alpha, &l2, &u2);
    if (status != SC_OK)
        return status;
    double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
    sc_diff_square_and_add(p1 - p2, p1 - l1, u1 - p1, p2 - l2, u2 - p2, lower, upper);
    return SC_OK;
}
