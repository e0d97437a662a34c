/* spotcheck — private interface of the one-proportion interval methods.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here is exported (no SC_API): prop.c reaches the methods through
 * its registry, and the methods share the numerical kernel of numeric.c.
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
 *   C5. Normal quantiles: z = z_{1 - alpha/2} = gsl_cdf_ugaussian_Qinv(alpha/2),
 *       as R's qnorm(1 - alpha/2).
 */
#ifndef SPOTCHECK_CI_CI_H
#define SPOTCHECK_CI_CI_H

#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/groups.h"

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

/* ---- numerical kernel (numeric.c) ------------------------------------------
 * Probabilities travel as pairs (p, q) with q = 1 - p computed separately,
 * so that a probability within 1e-12 of 1 keeps its complement exact. */

/* The largest count accepted: counts are carried as doubles (the one count
 * ceiling, SC_COUNT_MAX of groups.h). */
#define SC_CI_COUNT_MAX SC_COUNT_MAX

/* z_{1 - alpha/2}, the upper alpha/2 point of the standard normal (C5). */
double sc_ci_z(double alpha);

/* p = 1 / (1 + e^-theta) and q = 1 / (1 + e^theta), each to full relative precision. */
void sc_ci_logistic(double theta, double *p, double *q);

/* Loader's deviance term x log(x / np) + np - x, accurate when x is near np;
 * bd0(0, np) = np. */
double sc_ci_bd0(double x, double np);

/* Binomial density m! / (k! (m-k)!) p^k q^(m-k) for real 0 <= k <= m
 * (Loader 2000); relative error ~1e-14. */
double sc_ci_dbinom(double k, double m, double p, double q);

/* Regularised incomplete beta I_x(a, b) and its complement 1 - I_x(a, b),
 * y = 1 - x, a > 0, b > 0, 0 <= x <= 1.  Returns 0, or -1 (results NaN) if
 * the continued fraction did not converge. */
int sc_ci_beta_inc(double a, double b, double x, double y, double *value, double *complement);

/* For X ~ Bin(n, p): *ge = P(X >= x) and *lt = P(X < x), each with full
 * relative precision; x and n are integers held in doubles, 0 <= x, n <= 2^53.
 * Returns 0, or -1 (results NaN) as sc_ci_beta_inc. */
int sc_ci_binom_ge(double x, double n, double p, double q, double *ge, double *lt);

/* A function of the probability (p, q = 1 - p) whose root is sought.  NaN
 * means the value could not be computed. */
typedef double sc_ci_root_fn(double p, double q, void *ctx);

/* Brent's root finder on the logit scale theta = log(p / q), between
 * theta_lo and theta_hi (|theta| <= 700) where f has opposite signs (or is
 * 0).  Converges to |d theta| <= 4 DBL_EPSILON |theta| + 1e-15, so p and q
 * carry ~1e-14 relative error.  Writes the root as (p, q).  SC_ENOCONV if f
 * is NaN, does not change sign, or the iteration limit is reached. */
sc_status sc_ci_root(sc_ci_root_fn *f, void *ctx, double theta_lo, double theta_hi, double *p,
                     double *q);

/* The bracket used when nothing better is known: p in [1e-304, 1 - 1e-304]. */
#define SC_CI_THETA_MAX 700.0

#endif
