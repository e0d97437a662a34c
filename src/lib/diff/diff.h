/* spotcheck — private interface of the difference methods (p1 - p2).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here is exported (no SC_API): twoprop.c reaches the methods through
 * its registry.  The methods use the one-proportion kernel of src/lib/ci
 * (ci/ci.h) read-only.
 *
 * Conventions shared by every method file (each file's contract cites them
 * as "diff.h D1".."D5"):
 *   D1. A method computes the two-sided interval at confidence 1 - alpha,
 *       0 < alpha < 1, for p1 - p2 with p1 = x1/n1 and p2 = x2/n2,
 *       1 <= n1, n2 <= 2^53, x1 <= n1, x2 <= n2.  twoprop.c has checked
 *       these; n = 0 never reaches a method (twoprop.c T2: [-1, 1]).
 *   D2. A one-sided bound at confidence L is the same bound of the
 *       two-sided interval at alpha = 2 (1 - L); twoprop.c does the mapping.
 *   D3. Limits lie in [-1, 1] (clipped where the formula can leave it) and
 *       lower <= upper.
 *   D4. Returns SC_OK, or SC_ENOCONV when an iteration did not converge (not
 *       expected within D1).
 *   D5. z = z_{1 - alpha/2} = scn_z(alpha), as R's qnorm(1 - alpha/2).
 */
#ifndef SPOTCHECK_DIFF_DIFF_H
#define SPOTCHECK_DIFF_DIFF_H

#include <stdint.h>

#include "spotcheck/error.h"

/* The signature of every method (D1-D4). */
typedef sc_status sc_diff_fn(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                             double *lower, double *upper);

sc_status sc_diff_newcombe(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                           double *lower, double *upper);
sc_status sc_diff_newcombe_cc(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                              double *lower, double *upper);
sc_status sc_diff_wald(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                       double *lower, double *upper);
sc_status sc_diff_wald_cc(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                          double *lower, double *upper);
sc_status sc_diff_agresti_caffo(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double alpha,
                                double *lower, double *upper);
sc_status sc_diff_miettinen_nurminen(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                     double alpha, double *lower, double *upper);

/* Newcombe's square-and-add ("MOVER") combination (newcombe.c item 2) of
 * two one-proportion intervals given by their half-widths: p_i - l_i
 * (`below_i`) and u_i - p_i (`above_i`), d = p1 - p2:
 *   lower = d - sqrt(below1^2 + above2^2),
 *   upper = d + sqrt(above1^2 + below2^2),  clipped to [-1, 1]. */
void sc_diff_square_and_add(double d, double below1, double above1, double below2,
                            double above2, double *lower, double *upper);

#endif
