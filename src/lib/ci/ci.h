/* spotcheck — private interface of the one-proportion interval methods.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here is exported (no SC_API): prop.c reaches the methods through
 * its registry, and the methods share the numerical kernel of
 * numeric/numeric.h (scn_).
 *
 * Conventions shared by every method file (each file's contract cites them
 * as "ci.h C1".."C5"):
 *   C1. A method computes the two-sided interval at confidence 1 - alpha,
 *       0 < alpha < 1, for x successes of n trials, 1 <= n <= 2^53, x <= n.
 *       prop.c has checked these; n = 0 never reaches a method.
 *   C2. A one-sided bound at confidence L is the same bound of the
 *       two-sided interval at alpha = 2 (1 - L); prop.c does that mapping.
 *       A method whose one-sided bound is defined otherwise (Blaker) names
 *       another function in its registry row.
 *   C3. Results are clipped to [0, 1] and satisfy lower <= upper.
 *   C4. Returns SC_OK, or SC_ENOCONV when an iteration did not converge
 *       (not expected for any input within C1; the status exists so that
 *       a numerical surprise is reported rather than printed or aborted).
 *   C5. Normal quantiles: z = z_{1 - alpha/2} = gsl_cdf_ugaussian_Qinv(alpha/2) (scn_z),
 *       as R's qnorm(1 - alpha/2).
 */
#ifndef SPOTCHECK_CI_CI_H
#define SPOTCHECK_CI_CI_H

#include <stdint.h>

#include "spotcheck/error.h"
#include "numeric/numeric.h"

/* The signature of every method (C1-C4). */
typedef sc_status sc_ci_fn(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);

sc_status sc_ci_wald(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_wald_cc(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_wilson(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_wilson_cc(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_agresti_coull(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_jeffreys(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_clopper_pearson(uint64_t x, uint64_t n, double alpha, double *lower,
                                double *upper);
sc_status sc_ci_mid_p(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_likelihood_ratio(uint64_t x, uint64_t n, double alpha, double *lower,
                                 double *upper);
sc_status sc_ci_logit(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);
sc_status sc_ci_blaker(uint64_t x, uint64_t n, double alpha, double *lower, double *upper);

#endif
