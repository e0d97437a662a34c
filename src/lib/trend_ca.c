/* spotcheck — the Cochran-Armitage test for trend in proportions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   A1. Input as trend.c T3 (points with n = 0 dropped); the scores are the
 *       x of the points.  The statistic is invariant under s -> u + v s
 *       (v != 0), so years, mid-years or period numbers give the same test.
 *   A2. With y_i counted of n_i, N = sum n_i, pbar = Y / N,
 *       sbar = sum n_i s_i / N (trend.c T3):
 *           T = sum (y_i - n_i pbar)(s_i - sbar)
 *           V = pbar (1 - pbar) sum n_i (s_i - sbar)^2
 *           statistic = T^2 / V,  z = T / sqrt(V),
 *       and the p-value is P(chi^2_1 >= statistic) = 2 Q(|z|).  This is R's
 *       prop.trend.test(x, n, score): there the statistic is the regression
 *       sum of squares of lm(x/n ~ score, weights = n / (pbar (1 - pbar))),
 *       which is T^2 / V (checked in scripts/ref-trend.R).  Centred terms
 *       (y_i - n_i pbar) and (s_i - sbar) avoid the cancellation of the
 *       textbook sum y_i s_i - Y sbar.
 *   A3. No N / (N - 1) factor.  The permutation (hypergeometric) variance of
 *       T given the margins is V N / (N - 1) (Armitage 1955; coin's
 *       independence_test), which would give statistic (N - 1) / N.  R's
 *       prop.trend.test and SAS PROC FREQ's TREND test use V as above, and
 *       so do we: the difference is 1/N relative, 4e-5 at N = 25,000.
 *   A4. Every rate 0 or every rate 1 (pbar = 0 or 1): the table has a zero
 *       column, no trend can be seen, statistic 0, z 0, p-value 1 (as
 *       sc_multi_homogeneity does; R's prop.trend.test stops with an error).
 *       Fewer than two distinct x: SC_EDOMAIN, numbers NaN.
 *   A5. z > 0 means the counted rate rises with x (the sign of the
 *       weighted least-squares slope of the rates on x).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "spotcheck/trend.h"

#include "trend_internal.h"

sc_status sc_trend_cochran_armitage(const sc_trend_point *points, size_t count, sc_trend_ca *out)
{
    if (!out)
        return SC_EINVAL;
    *out = (sc_trend_ca){.statistic = NAN, .z = NAN, .p_value = NAN};
    sc_trend_data d;
    sc_status status = sc_trend_data_load(points, count, &d);
    if (status != SC_OK)
        return status;
    out->points = d.k;
    out->n = d.total_n;
    out->passed = d.total_passed;
    if (!d.distinct) {
        sc_trend_data_free(&d);
        return SC_EDOMAIN; /* A4 */
    }
    if (d.total_passed == 0 || d.total_passed == d.total_n) {
        out->statistic = 0;
        out->z = 0;
        out->p_value = 1;
        sc_trend_data_free(&d);
        return SC_OK; /* A4 */
    }
    double big_n = (double)d.total_n, big_y = (double)d.total_passed;
    double pbar = big_y / big_n, qbar = (big_n - big_y) / big_n;
    double t = 0, spread = 0;
    for (size_t i = 0; i < d.k; i++) {
        double ds = d.xs[i]; /* (x_i - sbar) / u: the statistic is scale-free (A1) */
        t += (d.passed[i] - d.n[i] * pbar) * ds;
        spread += d.n[i] * ds * ds;
    }
    double v = pbar * qbar * spread;
    out->z = t / sqrt(v);
    out->statistic = t * t / v;
    out->p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(out->z));
    sc_trend_data_free(&d);
    return SC_OK;
}
