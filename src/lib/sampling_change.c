/* spotcheck — the sample size per period to detect a change between two
 * periods: the exact power of spotcheck diff's verdict by enumeration over
 * both binomials, and the normal approximation of R's power.prop.test beside
 * it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract S14-S15 is in include/spotcheck/sampling.h.  The verdict is
 * twoprop's (sc_twoprop_diff, sc_twoprop_change): the one spotcheck diff
 * prints, so a change planned with this n comes out `improved` or `worse`
 * with the stated probability.  tests/unit/test_sampling.c compares with R
 * (scripts/ref-sampling.R: a full enumeration over both counts with the
 * hybrid score interval written out, which also shows that n - 1 fails, and
 * power.prop.test for the approximation).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "spotcheck/sampling.h"

#define CHANGE_N_MAX SC_CHANGE_N_MAX
/* above this normal approximation, counting starts near it (S14) */
#define START_STEP_FROM 1000.0
/* baseline counts whose probability is below this are left out of the sum
 * (S14): together they weigh far less than 1e-12 */
#define NEGLIGIBLE 1e-18

static sc_status check_change(double baseline, double current, sc_diff_method method,
                              double level, sc_error *err)
{
    if (!sc_diff_method_get(method))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown difference method");
    if (!(level > 0.5 && level < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--level %g: give a confidence level between 0.5 and 1", level);
    if (!(baseline > 0 && baseline < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--expected %g: the baseline rate lies strictly between 0 and 1",
                            baseline);
    if (!(current > 0 && current < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--change: the rate after the change (%g) must lie strictly between "
                            "0 and 1",
                            current);
    if (current == baseline)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--change 0: give a change of the rate to detect");
    return SC_OK;
}

/* Whether diff's verdict shows the change in the direction of `rise` for x1
 * current and x0 baseline counts of n each (S14). */
static sc_status shows(uint64_t x1, uint64_t x0, uint64_t n, bool rise, sc_diff_method method,
                       double level, bool *yes)
{
    sc_interval ci;
    sc_status s = sc_twoprop_diff(x1, n, x0, n, method, level, SC_SIDED_TWO, &ci);
    if (s != SC_OK)
        return s;
    sc_change change = sc_twoprop_change(&ci, SC_BETTER_HIGHER);
    *yes = change == (rise ? SC_CHANGE_IMPROVED : SC_CHANGE_WORSE);
    return SC_OK;
}

/* Rise: the smallest x1 that shows it (n + 1: none).  Fall: one above the
 * largest x1 that shows it (0: none), so that both are a boundary b with
 * "shows" on one side: x1 >= b for a rise, x1 < b for a fall. */
static sc_status boundary_search(uint64_t x0, uint64_t n, bool rise, sc_diff_method method,
                                 double level, uint64_t *b)
{
    uint64_t lo = 0, hi = n + 1; /* the boundary lies in [lo, hi] */
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        bool yes;
        sc_status s = shows(mid, x0, n, rise, method, level, &yes);
        if (s != SC_OK)
            return s;
        if (rise == yes)
            hi = mid; /* rise: mid shows it, b <= mid; fall: mid does not, b <= mid */
        else
            lo = mid + 1;
    }
    *b = lo;
    return SC_OK;
}

/* The baseline counts worth summing: where dbinom(x; n, p) >= NEGLIGIBLE,
 * an interval around the mode (the probabilities fall away from it). */
static void baseline_range(uint64_t n, double p, uint64_t *first, uint64_t *last)
{
    uint64_t mode = (uint64_t)floor((double)(n + 1) * p);
    if (mode > n)
        mode = n;
    unsigned nn = (unsigned)n;
    uint64_t lo = mode, hi = mode;
    /* step out in strides, then back by bisection */
    uint64_t stride = 1 + (uint64_t)sqrt((double)n * p * (1 - p));
    while (lo > 0 && gsl_ran_binomial_pdf((unsigned)(lo > stride ? lo - stride : 0), p, nn) >=
                         NEGLIGIBLE)
        lo = lo > stride ? lo - stride : 0;
    while (lo > 0 && gsl_ran_binomial_pdf((unsigned)(lo - 1), p, nn) >= NEGLIGIBLE)
        lo--;
    while (hi < n &&
           gsl_ran_binomial_pdf((unsigned)(hi + stride < n ? hi + stride : n), p, nn) >= NEGLIGIBLE)
        hi = hi + stride < n ? hi + stride : n;
    while (hi < n && gsl_ran_binomial_pdf((unsigned)(hi + 1), p, nn) >= NEGLIGIBLE)
        hi++;
    *first = lo;
    *last = hi;
}

sc_status sc_power_change(uint64_t n, double baseline, double current, sc_diff_method method,
                          double level, double *power, sc_error *err)
{
    sc_status s = check_change(baseline, current, method, level, err);
    if (s != SC_OK)
        return s;
    if (!power || n == 0 || n > CHANGE_N_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a sample of 1 to %llu per period, and somewhere to put the power",
                            (unsigned long long)CHANGE_N_MAX);
    bool rise = current > baseline;
    uint64_t first, last;
    baseline_range(n, baseline, &first, &last);
    uint64_t b = 0;
    double sum = 0;
    for (uint64_t x0 = first; x0 <= last; x0++) {
        /* the boundary does not fall as x0 rises (S14): search once, then walk up
         * while b is on the wrong side (rise: b does not show it; fall: b does) */
        if (x0 == first) {
            s = boundary_search(x0, n, rise, method, level, &b);
        } else {
            bool yes = !rise;
            while (b <= n) {
                s = shows(b, x0, n, rise, method, level, &yes);
                if (s != SC_OK || yes == rise)
                    break;
                b++;
            }
        }
        if (s != SC_OK)
            return sc_error_set(err, s, NULL, 0, "the interval of the change failed");
        double tail = rise ? sc_binom_upper_tail(b, n, current)
                           : (b == 0 ? 0 : sc_binom_lower_tail(b - 1, n, current));
        sum += gsl_ran_binomial_pdf((unsigned)x0, baseline, (unsigned)n) * tail;
    }
    *power = sum > 1 ? 1 : sum;
    return SC_OK;
}

sc_status sc_size_normal_change(double baseline, double current, double level, double power,
                                double *n, sc_error *err)
{
    if (!(level > 0.5 && level < 1) || !(power > 0 && power < 1) || !(baseline > 0 &&
        baseline < 1) || !(current > 0 && current < 1) || baseline == current || !n)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "rates in (0, 1) that differ, a level in (0.5, 1), a power in (0, 1)");
    double za = gsl_cdf_ugaussian_Qinv((1 - level) / 2), zb = gsl_cdf_ugaussian_Pinv(power);
    double pbar = (baseline + current) / 2;
    double root = za * sqrt(2 * pbar * (1 - pbar)) +
                  zb * sqrt(baseline * (1 - baseline) + current * (1 - current));
    double d = current - baseline;
    *n = root * root / (d * d);
    return SC_OK;
}

sc_status sc_size_for_change(double baseline, double current, sc_diff_method method,
                             double level, double power, uint64_t *n, double *achieved,
                             sc_error *err)
{
    sc_status s = check_change(baseline, current, method, level, err);
    if (s != SC_OK)
        return s;
    if (!(power > 0 && power < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--power %g: give a probability above 0 and below 1", power);
    if (!n || !achieved)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "nowhere to put the sample size");
    double approx;
    s = sc_size_normal_change(baseline, current, level, power, &approx, err);
    if (s != SC_OK)
        return s;
    if (approx > (double)CHANGE_N_MAX)
        return sc_error_set(err, SC_EDOMAIN, NULL, 0,
                            "a change of %g points from %g needs about %.0f batches per period: "
                            "more than %llu, which is not a sample",
                            100 * (current - baseline), baseline, ceil(approx),
                            (unsigned long long)CHANGE_N_MAX);
    /* where to start counting (S14): a quarter of the normal approximation;
     * for a large one, the largest of approx (1 - k/20) (k = 1 .. 15) whose
     * power is at least 5 points short of the power asked */
    uint64_t start = approx > 8 ? (uint64_t)(approx / 4) : 1;
    for (int k = 1; approx > START_STEP_FROM && k <= 15; k++) {
        uint64_t at = (uint64_t)(approx * (1 - k / 20.0));
        double p;
        s = sc_power_change(at, baseline, current, method, level, &p, err);
        if (s != SC_OK)
            return s;
        if (p < power - 0.05) {
            start = at;
            break;
        }
    }
    for (uint64_t k = start; k <= CHANGE_N_MAX; k++) {
        s = sc_power_change(k, baseline, current, method, level, achieved, err);
        if (s != SC_OK)
            return s;
        if (*achieved >= power) {
            *n = k;
            return SC_OK;
        }
    }
    return sc_error_set(err, SC_EDOMAIN, NULL, 0, "no sample up to %llu per period has the power %g",
                        (unsigned long long)CHANGE_N_MAX, power);
}
