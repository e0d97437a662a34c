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
 *   3. The half-widths are differences of the limits of ci/wilson_cc.c,
 *      taken where both are small: for p <= 1/2, p - l and u - p of x of n;
 *      for p > 1/2, by the interval's symmetry l(x) = 1 - u(n - x), the
 *      half-widths u(n - x) - q and q - l(n - x) of the other outcome
 *      (q = (n - x)/n).  Differences of limits near 1 would lose up to
 *      3e-11 relative at n = 10^6.  Edge cases are those of ci/wilson_cc.c: x = 0 gives l = 0, x = n gives
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

/* p - l (`below`) and u - p (`above`) of the Wilson-cc interval (item 3). */
static sc_status half_widths(uint64_t x, uint64_t n, double alpha, double *below, double *above)
{
    int other = 2 * x > n; /* p > 1/2: use the other outcome */
    uint64_t count = other ? n - x : x;
    double p = (double)count / (double)n, l, u;
    sc_status status = sc_ci_wilson_cc(count, n, alpha, &l, &u);
    if (status != SC_OK)
        return status;
    *below = other ? u - p : p - l;
    *above = other ? p - l : u - p;
    return SC_OK;
}

sc_status sc_diff_newcombe_cc(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                              double *lower, double *upper)
{
    double below1, above1, below2, above2;
    sc_status status = half_widths(x1, n1, alpha, &below1, &above1);
    if (status == SC_OK)
        status = half_widths(x2, n2, alpha, &below2, &above2);
    if (status != SC_OK)
        return status;
    double d = (double)x1 / (double)n1 - (double)x2 / (double)n2;
    sc_diff_square_and_add(d, below1, above1, below2, above2, lower, upper);
    return SC_OK;
}
