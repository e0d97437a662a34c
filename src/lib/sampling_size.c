/* spotcheck — sample sizes for a pass rate: the n for an interval's margin
 * (any interval method of prop), with a finite-population correction, and
 * the n for the power of a target verdict by exact enumeration.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract S11-S13 is in include/spotcheck/sampling.h.  The intervals and
 * the verdict are prop's (sc_prop_interval, sc_prop_target), so the sample
 * size is the one that makes `spotcheck rate` print what was planned; the
 * normal approximation only tells where to start counting.
 * tests/unit/test_sampling.c compares with R (scripts/ref-sampling.R:
 * prop.test, binom.test, dbinom), which also shows that n - 1 fails.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "spotcheck/sampling.h"

#define MARGIN_N_MAX UINT64_C(100000000)
#define POWER_N_MAX UINT64_C(10000000)

static sc_status check_method(sc_ci_method method, double level, sc_error *err)
{
    if ((unsigned)method >= SC_CI_METHOD_COUNT)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown interval method");
    if (!(level > 0.5 && level < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--level %g: give a confidence level between 0.5 and 1", level);
    return SC_OK;
}

static sc_status half_width(uint64_t n, double rate, sc_ci_method method, double level,
                            sc_interval *at, double *width)
{
    uint64_t x = (uint64_t)nearbyint(rate * (double)n);
    sc_status s = sc_prop_interval(x > n ? n : x, n, method, level, SC_SIDED_TWO, at);
    *width = (at->upper - at->lower) / 2;
    return s;
}

sc_status sc_size_for_margin(double rate, double margin, sc_ci_method method, double level,
                             uint64_t *n, sc_interval *at, sc_error *err)
{
    sc_status s = check_method(method, level, err);
    if (s != SC_OK)
        return s;
    if (!(rate >= 0 && rate <= 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--expected %g: an anticipated rate lies in [0, 1]", rate);
    if (!(margin > 0 && margin <= 0.5))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--margin %g: give a half-width above 0, at most 0.5", margin);
    if (!n || !at)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "nowhere to put the sample size");
    /* start well below the normal approximation z^2 p q / E^2: no n below a
     * quarter of it has a half-width within the margin */
    double z = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
    double wald = z * z * rate * (1 - rate) / (margin * margin);
    uint64_t start = wald > 8 ? (uint64_t)(wald / 4) : 1;
    for (uint64_t k = start; k <= MARGIN_N_MAX; k++) {
        double width;
        double x = nearbyint(rate * (double)k);
        if (rate > 0 && rate < 1 && (x == 0 || x == (double)k))
            continue; /* S11: no margin is read from x = 0 or x = n (Wald's [0, 0]) */
        s = half_width(k, rate, method, level, at, &width);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "the interval at n = %llu failed",
                                (unsigned long long)k);
        if (width <= margin) {
            *n = k;
            return SC_OK;
        }
    }
    return sc_error_set(err, SC_EDOMAIN, NULL, 0, "no sample up to %llu reaches the margin %g",
                        (unsigned long long)MARGIN_N_MAX, margin);
}

uint64_t sc_size_finite(uint64_t n, uint64_t population)
{
    if (population == 0 || n == 0)
        return n;
    double corrected = ceil((double)n / (1 + ((double)n - 1) / (double)population) - 1e-9);
    return corrected >= (double)population ? population : (uint64_t)corrected;
}

static bool meets(uint64_t x, uint64_t n, double p0, sc_target_kind kind, sc_ci_method method,
                  double level, sc_status *s)
{
    sc_target_result r;
    *s = sc_prop_target(x, n, p0, kind, method, level, &r);
    return *s == SC_OK && r.verdict == SC_VERDICT_MEETS;
}

sc_status sc_power_meets(uint64_t n, double p1, double p0, sc_target_kind kind,
                         sc_ci_method method, double level, double *power, uint64_t *x_crit,
                         sc_error *err)
{
    sc_status s = check_method(method, level, err);
    if (s != SC_OK)
        return s;
    if (!(p1 > 0 && p1 < 1) || !(p0 > 0 && p0 < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the rates lie strictly between 0 and 1");
    if (!power || !x_crit || n == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no sample, or nowhere to put the power");
    /* floor: meets for x >= x_crit; ceiling: for x <= x_crit; bisection over x */
    bool floor_kind = kind == SC_TARGET_FLOOR;
    uint64_t edge = floor_kind ? n : 0;
    if (!meets(edge, n, p0, kind, method, level, &s)) {
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "the target check failed");
        *x_crit = floor_kind ? n + 1 : UINT64_MAX;
        *power = 0;
        return SC_OK;
    }
    uint64_t lo = 0, hi = n; /* floor: smallest meeting x in [lo, hi]; ceiling: largest */
    while (lo < hi) {
        uint64_t mid = floor_kind ? lo + (hi - lo) / 2 : lo + (hi - lo + 1) / 2;
        bool yes = meets(mid, n, p0, kind, method, level, &s);
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "the target check failed");
        if (floor_kind) {
            if (yes)
                hi = mid;
            else
                lo = mid + 1;
        } else {
            if (yes)
                lo = mid;
            else
                hi = mid - 1;
        }
    }
    *x_crit = lo;
    *power = floor_kind ? sc_binom_upper_tail(lo, n, p1) : sc_binom_lower_tail(lo, n, p1);
    return SC_OK;
}

sc_status sc_size_for_power(double p1, double p0, sc_target_kind kind, sc_ci_method method,
                            double level, double power, uint64_t *n, double *achieved,
                            uint64_t *x_crit, sc_error *err)
{
    sc_status s = check_method(method, level, err);
    if (s != SC_OK)
        return s;
    if (!(power > 0 && power < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--power %g: give a probability above 0 and below 1", power);
    if (!(p1 > 0 && p1 < 1) || !(p0 > 0 && p0 < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the rates lie strictly between 0 and 1");
    if (kind == SC_TARGET_FLOOR ? !(p1 > p0) : !(p1 < p0))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--expected %g does not meet the target %g: no sample shows that "
                            "it does",
                            p1, p0);
    if (!n || !achieved || !x_crit)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "nowhere to put the sample size");
    /* the normal approximation (one-sided test at 1 - level, power) tells where
     * to start: no n below a quarter of it has the power */
    double za = gsl_cdf_ugaussian_Qinv(1 - level), zb = gsl_cdf_ugaussian_Pinv(power);
    double root = za * sqrt(p0 * (1 - p0)) + zb * sqrt(p1 * (1 - p1));
    double approx = root * root / ((p1 - p0) * (p1 - p0));
    uint64_t start = approx > 8 ? (uint64_t)(approx / 4) : 1;
    for (uint64_t k = start; k <= POWER_N_MAX; k++) {
        s = sc_power_meets(k, p1, p0, kind, method, level, achieved, x_crit, err);
        if (s != SC_OK)
            return s;
        if (*achieved >= power) {
            *n = k;
            return SC_OK;
        }
    }
    return sc_error_set(err, SC_EDOMAIN, NULL, 0, "no sample up to %llu has the power %g",
                        (unsigned long long)POWER_N_MAX, power);
}
