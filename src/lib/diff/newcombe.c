/* spotcheck — Newcombe's hybrid score interval for p1 - p2 (method 10).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (diff.h D1-D5 apply):
 *   1. Input: x1 of n1 and x2 of n2, 1 <= n1, n2, two-sided miss probability
 *      alpha in (0, 1).  n1 = 0 or n2 = 0 never reaches this function:
 *      sc_twoprop_diff answers it with estimate NaN and [-1, 1] (diff.h D1).
 *   2. With [l_i, u_i] the Wilson score interval for x_i of n_i at the same
 *      alpha (ci/wilson.c) and d = p1 - p2,
 *          L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),
 *          U = d + sqrt((u1 - p1)^2 + (p2 - l2)^2):
 *      each limit combines the two half-widths on the side it moves towards
 *      ("square and add", later called MOVER).
 *   3. Numerics: the half-widths are not taken as differences of limits
 *      (near 1 a limit carries ~1e-16 absolute error, 3e-11 relative of a
 *      half-width at n = 10^6) but directly, with S = sqrt(n p q + z^2/4):
 *          p - l = (z S + z^2 (p - 1/2)) / (n + z^2)  for p >= 1/2,
 *                = z p q / (S + z (1/2 - p))          for p < 1/2,
 *          u - p = the same with p and q exchanged,
 *      each a sum of non-negative terms (the second form is the first
 *      divided through by its conjugate: (zS)^2 - z^4 (1/2 - p)^2 =
 *      z^2 p q (n + z^2)).
 *   4. Edge cases need no special code: x = 0 gives p - l = 0 (l = 0),
 *      x = n gives u - p = 0 (u = 1).  Newcombe's Table II: 0/10 vs 0/20 gives
 *      [-0.1611, 0.2775] (the Wilson upper limits of 0/20 and 0/10),
 *      10/10 vs 0/20 gives [0.6791, 1].  Since p_i - l_i <= p_i and
 *      u_i - p_i <= 1 - p_i, sqrt(a^2 + b^2) <= a + b keeps L >= -1 and
 *      U <= 1; the clipping only guards rounding.  L <= d <= U always.
 *   5. Symmetry: swapping the groups, or counting the other outcome in both,
 *      negates and swaps the limits (Wilson's interval is symmetric).
 *   6. One-sided bounds: diff.h D2.
 *   7. Source: R. G. Newcombe, "Interval estimation for the difference
 *      between independent proportions: comparison of eleven methods",
 *      Stat Med 17 (1998) 873-890, method 10 and Table II; SAS/STAT PROC FREQ
 *      RISKDIFF(CL=NEWCOMBE); R DescTools::BinomDiffCI(method = "score").
 *      Reference values: scripts/ref-twoprop.R.
 */
#include <math.h>

#include "numeric/numeric.h"
#include "diff/diff.h"

void sc_diff_square_and_add(double d, double below1, double above1, double below2,
                            double above2, double *lower, double *upper)
{
    *lower = fmax(-1.0, d - hypot(below1, above2));
    *upper = fmin(1.0, d + hypot(above1, below2));
}

/* Wilson's p - l (`below`) and u - p (`above`) for x of n (item 3). */
static void wilson_half_widths(uint64_t x, uint64_t n, double z, double *below, double *above)
{
    double xs = (double)x, ns = (double)n;
    double p = xs / ns, q = (double)(n - x) / ns, z2 = z * z;
    double s = sqrt(xs * ((double)(n - x) / ns) + z2 / 4);
    double sum_form_below = (z * s + z2 * (p - 0.5)) / (ns + z2);
    double sum_form_above = (z * s + z2 * (q - 0.5)) / (ns + z2);
    *below = p >= 0.5 ? sum_form_below : z * p * q / (s + z * (0.5 - p));
    *above = q >= 0.5 ? sum_form_above : z * p * q / (s + z * (0.5 - q));
}

sc_status sc_diff_newcombe(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                           double *lower, double *upper)
{
    double z = scn_z(alpha), below1, above1, below2, above2;
    wilson_half_widths(x1, n1, z, &below1, &above1);
    wilson_half_widths(x2, n2, z, &below2, &above2);
    double d = (double)x1 / (double)n1 - (double)x2 / (double)n2;
    sc_diff_square_and_add(d, below1, above1, below2, above2, lower, upper);
    return SC_OK;
}
