/* spotcheck — Agresti-Caffo interval for p1 - p2.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (diff.h D1-D5 apply):
 *   1. Input: x1 of n1 and x2 of n2, 1 <= n1, n2, two-sided miss probability
 *      alpha in (0, 1).  n1 = 0 or n2 = 0 never reaches this function:
 *      sc_twoprop_diff answers it with estimate NaN and [-1, 1] (diff.h D1).
 *   2. Adds one success and one failure to each group, whatever the level
 *      (Agresti and Caffo's rule, not a z-dependent amount):
 *          p~_i = (x_i + 1) / (n_i + 2),
 *          limits p~1 - p~2 -/+ z sqrt(p~1 q~1 / (n1 + 2) + p~2 q~2 / (n2 + 2)),
 *      clipped to [-1, 1].
 *   3. x = 0 and x = n need no special case (p~ is inside (0, 1)).
 *      10/10 vs 0/20 gives [0.6922, 1] (Newcombe's Table II examples as
 *      computed by SAS).
 *   4. The interval is centred on p~1 - p~2, not on d = p1 - p2: it can miss
 *      d at levels below 91.7% (0/1 vs 1/1 needs z^2 >= 3, the worst case
 *      for n <= 40 by search; large n needs less), e.g. 10/10 vs 0/10 at
 *      80% gives [0.69, 0.98] while d = 1.  sc_twoprop_diff reports d as the estimate all the same.
 *   5. Symmetry: as wald.c item 4.  One-sided bounds: diff.h D2.
 *   6. Source: A. Agresti and B. Caffo, "Simple and effective confidence
 *      intervals for proportions and differences of proportions result from
 *      adding two successes and two failures", Am Stat 54 (2000) 280-288;
 *      SAS/STAT PROC FREQ RISKDIFF(CL=AC).
 */
#include <math.h>

#include "numeric/numeric.h"
#include "diff/diff.h"

sc_status sc_diff_agresti_caffo(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                                double *lower, double *upper)
{
    double m1 = (double)n1 + 2, m2 = (double)n2 + 2;
    double p1 = ((double)x1 + 1) / m1, q1 = ((double)(n1 - x1) + 1) / m1;
    double p2 = ((double)x2 + 1) / m2, q2 = ((double)(n2 - x2) + 1) / m2;
    double half = scn_z(alpha) * sqrt(p1 * q1 / m1 + p2 * q2 / m2), d = p1 - p2;
    *lower = fmax(-1.0, d - half);
    *upper = fmin(1.0, d + half);
    return SC_OK;
}
