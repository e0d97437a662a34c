/* Comparing doubles in the unit tests: one definition of the relative error
 * for every test file.  Include after <cmocka.h>.
 *
 * R1. Non-finite values are compared first, as gsl_test_rel does (GSL
 *     test/results.c): two NaNs, or two infinities of the same sign, agree
 *     (error 0); a NaN or an infinity against anything else is an infinite
 *     error, so it fails every tolerance.
 * R2. Finite values: |got - want| / max(|got|, |want|), 0 when they are equal
 *     (also when both are 0).
 * R3. rel_error_near_zero: a value that is zero up to cancellation (a Wald
 *     limit, a difference of rates, a z-score on the centre line) has no
 *     relative precision; there |want| < 1e-12 and |got - want| <= 1e-15
 *     count as equal.  Otherwise as R1-R2.
 * R4. Tolerances are stated as 1e-9 relative for values from R or published
 *     tables (DESIGN.md section 7: REL_TOL) or in multiples of DBL_EPSILON
 *     for values exact by construction (EPS_TOL(k)).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TEST_RELERR_H
#define SPOTCHECK_TEST_RELERR_H

#include <float.h>
#include <math.h>

#define REL_TOL 1e-9
#define EPS_TOL(k) ((k) * DBL_EPSILON)

/* The relative error of `got` against `want` (R1, R2). */
static inline double rel_error(double got, double want)
{
    if (isnan(got) || isnan(want))
        return isnan(got) && isnan(want) ? 0.0 : INFINITY;
    if (isinf(got) || isinf(want))
        return got == want ? 0.0 : INFINITY;
    double diff = fabs(got - want);
    if (diff == 0.0)
        return 0.0;
    return diff / fmax(fabs(got), fabs(want));
}

/* As rel_error, with the absolute floor of R3 for values zero up to
 * cancellation. */
static inline double rel_error_near_zero(double got, double want)
{
    if (isfinite(got) && isfinite(want) && fabs(want) < 1e-12 && fabs(got - want) <= 1e-15)
        return 0.0;
    return rel_error(got, want);
}

/* Fails the test at the caller's line, printing both values to 17 digits,
 * unless rel_error(got, want) <= tol. */
#define assert_rel(got, want, tol) assert_rel_at((got), (want), (tol), #got, __FILE__, __LINE__)

static inline void assert_rel_at(double got, double want, double tol, const char *what,
                                 const char *file, int line)
{
    double e = rel_error(got, want);
    if (!(e <= tol)) {
        print_error("%s: got %.17g want %.17g (rel %.3g > %.3g)\n", what, got, want, e, tol);
        _fail(file, line);
    }
}

#endif
