/* spotcheck — the numerical kernel shared by the whole library (not
 * exported): binomial density and tails, the incomplete beta, normal
 * quantiles, logistic pairs (numeric.c) and the one root finder (roots.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal prefix scn_ (no SC_API): the interval methods (ci/, diff/), prop,
 * twoprop, multi, trend and the funnel limits call these; nothing outside
 * libspotcheck can.  numeric.c opens with the contract N1..N6 that the
 * comments of the callers cite.
 */
#ifndef SPOTCHECK_NUMERIC_H
#define SPOTCHECK_NUMERIC_H

#include "spotcheck/error.h"

/* ---- the root finder (roots.c) ---------------------------------------------- */

/* A function whose root is sought; NaN means it could not be evaluated. */
typedef double scn_fn(double x, void *ctx);

/* Brent's method (R. P. Brent 1973, Algorithms for Minimization without
 * Derivatives, ch. 4; the zeroin of netlib and R's R_zeroin2) on [a, b],
 * given fa = f(a) and fb = f(b) of opposite signs (or one of them 0).  Stops
 * when the bracket is narrower than 2 DBL_EPSILON |x| + tol / 2 or f is 0
 * there.  SC_OK with the root in *root; SC_ENOCONV when the signs do not
 * bracket a root, f returns NaN, or `maxit` steps are not enough. */
sc_status scn_brent(scn_fn *f, void *ctx, double a, double b, double fa, double fb, double tol,
                    int maxit, double *root);

/* ---- probabilities (numeric.c) ---------------------------------------------
 * Probabilities travel as pairs (p, q) with q = 1 - p computed separately,
 * so that a probability within 1e-12 of 1 keeps its complement exact. */

/* z_{1 - alpha/2}, the upper alpha/2 point of the standard normal, as R's
 * qnorm(1 - alpha/2) (gsl_cdf_ugaussian_Qinv). */
double scn_z(double alpha);

/* p = 1 / (1 + e^-theta) and q = 1 / (1 + e^theta), each to full relative precision. */
void scn_logistic(double theta, double *p, double *q);

/* Loader's deviance term x log(x / np) + np - x, accurate when x is near np;
 * bd0(0, np) = np. */
double scn_bd0(double x, double np);

/* Binomial density m! / (k! (m-k)!) p^k q^(m-k) for real 0 <= k <= m
 * (Loader 2000); relative error ~1e-14. */
double scn_dbinom(double k, double m, double p, double q);

/* Regularised incomplete beta I_x(a, b) and its complement 1 - I_x(a, b),
 * y = 1 - x, a > 0, b > 0, 0 <= x <= 1.  Returns 0, or -1 (results NaN) if
 * the continued fraction did not converge. */
int scn_beta_inc(double a, double b, double x, double y, double *value, double *complement);

/* For X ~ Bin(n, p): *ge = P(X >= x) and *lt = P(X < x), each with full
 * relative precision; x and n are integers held in doubles, 0 <= x, n <= 2^53.
 * Returns 0, or -1 (results NaN) as scn_beta_inc. */
int scn_binom_ge(double x, double n, double p, double q, double *ge, double *lt);

/* A function of the probability (p, q = 1 - p) whose root is sought.  NaN
 * means the value could not be computed. */
typedef double scn_prob_fn(double p, double q, void *ctx);

/* Brent's root finder on the logit scale theta = log(p / q), between
 * theta_lo and theta_hi (|theta| <= 700) where f has opposite signs (or is
 * 0).  Converges to |d theta| <= 4 DBL_EPSILON |theta| + 1e-15, so p and q
 * carry ~1e-14 relative error.  Writes the root as (p, q).  SC_ENOCONV if f
 * is NaN, does not change sign, or the iteration limit is reached. */
sc_status scn_logit_root(scn_prob_fn *f, void *ctx, double theta_lo, double theta_hi,
                         double *p, double *q);

/* The bracket used when nothing better is known: p in [1e-304, 1 - 1e-304]. */
#define SCN_THETA_MAX 700.0

#endif
