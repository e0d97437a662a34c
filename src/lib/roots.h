/* spotcheck — the one root finder of the library (not exported).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ROOTS_H
#define SPOTCHECK_ROOTS_H

#include "spotcheck/error.h"

/* A function whose root is sought; NaN means it could not be evaluated. */
typedef double sc_root_fn(double x, void *ctx);

/* Brent's method (R. P. Brent 1973, Algorithms for Minimization without
 * Derivatives, ch. 4; the zeroin of netlib and R's R_zeroin2) on [a, b],
 * given fa = f(a) and fb = f(b) of opposite signs (or one of them 0).  Stops
 * when the bracket is narrower than 2 DBL_EPSILON |x| + tol / 2 or f is 0
 * there.  SC_OK with the root in *root; SC_ENOCONV when the signs do not
 * bracket a root, f returns NaN, or `maxit` steps are not enough. */
sc_status sc_brent(sc_root_fn *f, void *ctx, double a, double b, double fa, double fb, double tol,
                   int maxit, double *root);

#endif
