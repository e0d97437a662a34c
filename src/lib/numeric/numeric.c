/* spotcheck — numerical kernel of the library (numeric.h): binomial
 * density, incomplete beta, binomial tails, root finding on the logit scale.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   N1. scn_dbinom(k, m, p, q) is Loader's saddle-point form of the binomial
 *       density (C. Loader, "Fast and accurate computation of binomial
 *       probabilities", 2000; the form R's dbinom uses):
 *           f = exp(stirlerr(m) - stirlerr(k) - stirlerr(m-k)
 *                   - bd0(k, m p) - bd0(m-k, m q)) / sqrt(2 pi k (m-k) / m)
 *       valid for real k, m, so it also serves non-integer beta parameters.
 *       No large logarithms are subtracted, so the relative error stays
 *       ~1e-14 up to m = 2^53.  (One change: log(1 - k/m) is taken as
 *       log((m - k)/m) when k > m/2, see log_dbinom.)
 *   N2. scn_beta_inc(a, b, x, y) evaluates I_x(a, b) by the continued
 *       fraction of Numerical Recipes (betacf, modified Lentz) on the side
 *       x < (a+1)/(a+b+2) where it converges, and by I_x(a,b) = 1 - I_y(b,a)
 *       otherwise.  The prefactor x^a y^b / (a B(a, b)) is computed as
 *       b/(a+b) * dbinom(a; a+b, x, y) (N1), not as exp of a difference of
 *       log-gammas.  It returns the value and its complement, so that
 *       whichever is small keeps its relative precision.
 *       Why not gsl_sf_beta_inc_e: at a = 5e6, b = 5e6+1, x = 0.4997 it is off
 *       by 3e-8 relative (its prefactor is exp(-lnbeta + a ln x + b ln(1-x)),
 *       terms of size 1e7 that cancel), its continued fraction gives up after
 *       512 iterations, it takes no separate 1 - x, and gsl_cdf_beta_Pinv did
 *       not return within minutes at a = 9876543, b = 123458 (measured with
 *       GSL 2.7 against R 4.2.2's pbeta and qbeta).
 *       The continued fraction loses precision when its variable is within
 *       1e-3 of 1 (its steps 1 + aa/c cancel, ~eps/(1 - variable)); there,
 *       if (a+b) times the small variable is below 1e5, the power series
 *       (Abramowitz and Stegun 26.5.4) is summed instead.
 *   N3. scn_binom_ge: P(X >= x) = I_p(x, n-x+1) for 1 <= x <= n (N2), with
 *       its complement P(X < x); x = 0 gives (1, 0), x > n gives (0, 1).
 *       In the regime of N2's exception the small tail, if it has at most
 *       5000 terms, is summed term by term from Loader's density, so it keeps
 *       full relative precision however small it is.  Checked against R's
 *       pbinom and, where pbinom itself rounds 1 - p, against mpmath.
 *   N4. scn_logit_root: Brent's method (R. P. Brent, Algorithms for Minimization
 *       without Derivatives, 1973, ch. 4) on theta = log(p/q).  Searching the
 *       logit scale gives relative, not absolute, precision for bounds near
 *       0 (e.g. 2.5e-9 for x = 1 of 10^7) and near 1 alike.
 *   N5. Nothing here prints, aborts, or calls a GSL function that can invoke
 *       the GSL error handler with arguments out of its domain.
 *   N6. Cost: the continued fraction takes O(sqrt(a + b)) steps at worst,
 *       about 10^3 at n = 10^7; a root takes 10 to 60 evaluations.
 */
#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "numeric/numeric.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* log(sqrt(2 pi)) */
#define LN_2PI 1.837877066409345483560659472811      /* log(2 pi) */

/* A table's every row asks for the same level: the last quantile is kept
 * (per thread), since GSL's took a few percent of a million-group `rate`. */
double scn_z(double alpha)
{
    static _Thread_local double last_alpha = NAN, last_z;
    if (alpha != last_alpha) {
        last_z = gsl_cdf_ugaussian_Qinv(alpha / 2.0);
        last_alpha = alpha;
    }
    return last_z;
}

void scn_logistic(double theta, double *p, double *q)
{
    if (theta >= 0) {
        double e = exp(-theta);
        *p = 1.0 / (1.0 + e);
        *q = e / (1.0 + e);
    } else {
        double e = exp(theta);
        *p = e / (1.0 + e);
        *q = 1.0 / (1.0 + e);
    }
}

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), the error of Stirling's formula. */
static double stirlerr(double n)
{
    static const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                        s4 = 1.0 / 1188;
    if (n <= 15.0) {
        gsl_sf_result lg;
        if (gsl_sf_lngamma_e(n + 1.0, &lg) != 0)
            return NAN;
        return lg.val - (n + 0.5) * log(n) + n - LN_SQRT_2PI;
    }
    double nn = n * n;
    if (n > 500)
        return (s0 - s1 / nn) / n;
    if (n > 80)
        return (s0 - (s1 - s2 / nn) / nn) / n;
    if (n > 35)
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

double scn_bd0(double x, double np)
{
    if (x == 0)
        return np;
    if (fabs(x - np) < 0.1 * (x + np)) {
        /* Series in v = (x - np)/(x + np): no cancellation near x = np. */
        double v = (x - np) / (x + np);
        double s = (x - np) * v;
        double ej = 2 * x * v;
        double v2 = v * v;
        for (int j = 1; j < 1000; j++) {
            ej *= v2;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * log(x / np) + np - x;
}

/* log of scn_dbinom; -INFINITY for a zero density. */
static double log_dbinom(double k, double m, double p, double q)
{
    if (p == 0)
        return k == 0 ? 0.0 : -INFINITY;
    if (q == 0)
        return k == m ? 0.0 : -INFINITY;
    if (k < 0 || k > m)
        return -INFINITY;
    if (k == 0)
        return p < 0.1 ? -scn_bd0(m, m * q) - m * p : m * log(q);
    if (k == m)
        return q < 0.1 ? -scn_bd0(m, m * p) - m * q : m * log(p);
    double lc = stirlerr(m) - stirlerr(k) - stirlerr(m - k) - scn_bd0(k, m * p) -
                scn_bd0(m - k, m * q);
    /* log(2 pi k (m-k) / m).  log1p(-k/m) (Loader's form) rounds k/m and so
     * loses ~1e-9 when m - k is a few units at m = 10^7; (m - k)/m is exact
     * to one rounding there, as m - k is. */
    double lf = LN_2PI + log(k) + (2 * k < m ? log1p(-k / m) : log((m - k) / m));
    return lc - 0.5 * lf;
}

double scn_dbinom(double k, double m, double p, double q) { return exp(log_dbinom(k, m, p, q)); }

/* Continued fraction for I_x(a, b) / prefactor (Numerical Recipes betacf,
 * modified Lentz), y = 1 - x.  NaN when it does not converge.  The first
 * denominator 1 - (a+b) x / (a+1) is written ((a+1) y - (b-1) x) / (a+1):
 * on the reflected branch x is close to 1 (e.g. x = 1 - 2.3e-7 for a = 10^7,
 * b = 1) and the first form loses all but three digits there. */
static double beta_cf(double a, double b, double x, double y)
{
    const double tiny = 1e-300;
    /* O(sqrt(a + b)) steps suffice (N6); the limit only stops a runaway. */
    const double limit = 1000.0 + 20.0 * sqrt(a + b);
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = (qap * y - (b - 1) * x) / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1 / d;
    double h = d;
    for (double m = 1; m <= limit; m++) {
        double m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-15)
            return h;
    }
    return NAN;
}

/* x^a y^b / (a B(a, b)) = b/(a+b) * dbinom(a; a+b, x, y)  (N2). */
static double beta_prefactor(double a, double b, double x, double y)
{
    return b / (a + b) * scn_dbinom(a, a + b, x, y);
}

/* I_x(a, b) by its power series (Abramowitz and Stegun 26.5.4 with 15.1.1),
 *   I_x(a, b) = x^a y^b / (a B(a, b)) * sum_k (a+b)_k / (a+1)_k x^k,
 * summed with a running scale (the terms rise to a peak near k = (a+b) x - a
 * before they fall).  For small x beyond the mean (N2).  NaN if it needs more
 * than `limit` terms. */
static double beta_series(double a, double b, double x, double y, double limit)
{
    double log_front = log(b / (a + b)) + log_dbinom(a, a + b, x, y);
    double log_term = 0, log_max = 0, sum = 1;
    for (double k = 0; k < limit; k++) {
        double ratio = (a + b + k) * x / (a + 1 + k);
        log_term += log(ratio);
        if (log_term > log_max) {
            sum = sum * exp(log_max - log_term) + 1;
            log_max = log_term;
        } else {
            double term = exp(log_term - log_max);
            sum += term;
            if (ratio < 1 && term < 1e-17 * sum)
                return exp(log_front + log_max + log(sum));
        }
    }
    return NAN;
}

int scn_beta_inc(double a, double b, double x, double y, double *value, double *complement)
{
    if (x <= 0) {
        *value = 0;
        *complement = 1;
        return 0;
    }
    if (y <= 0) {
        *value = 1;
        *complement = 0;
        return 0;
    }
    int reflect = !(x < (a + 1) / (a + b + 2));
    /* The continued fraction runs on x (or y when reflected).  When that
     * variable is within 1e-3 of 1, its Lentz steps 1 + aa/c cancel to about
     * eps / (1 - variable) relative: 1e-10 at x = 2.3e-7, b = 10^7.  There the
     * power series on the small variable is used instead (its terms are all
     * positive); it yields the larger of I and 1 - I, the other by difference,
     * which is exact enough for quantiles at alpha/2 >= 1e-12. */
    const double series_limit = 1e5;
    if (reflect && x < 1e-3 && (a + b) * x < series_limit) {
        double v = beta_series(a, b, x, y, 2 * series_limit);
        if (!isnan(v)) {
            *value = v;
            *complement = 1 - v;
            return 0;
        }
    } else if (!reflect && y < 1e-3 && (a + b) * y < series_limit) {
        double v = beta_series(b, a, y, x, 2 * series_limit);
        if (!isnan(v)) {
            *complement = v;
            *value = 1 - v;
            return 0;
        }
    }
    if (!reflect) {
        double cf = beta_cf(a, b, x, y);
        if (isnan(cf)) {
            *value = *complement = NAN;
            return -1;
        }
        *value = beta_prefactor(a, b, x, y) * cf;
        *complement = 1 - *value;
    } else {
        double cf = beta_cf(b, a, y, x);
        if (isnan(cf)) {
            *value = *complement = NAN;
            return -1;
        }
        *complement = beta_prefactor(b, a, y, x) * cf;
        *value = 1 - *complement;
    }
    return 0;
}

/* Sum of P(X = j) for j = from, from + step, ... (step = +-1) within [0, n],
 * starting at the largest term: it stops when the terms no longer count, or
 * after `limit` terms (then NaN).  Terms by recurrence: error ~ terms * eps. */
static double binom_sum(double from, double step, double n, double p, double q, double limit)
{
    double term = scn_dbinom(from, n, p, q), sum = 0;
    double j = from;
    for (double count = 0; count < limit; count++) {
        sum += term;
        if (term <= 1e-17 * sum || (step < 0 ? j <= 0 : j >= n))
            return sum;
        term *= step < 0 ? j / (n - j + 1) * (q / p) : (n - j) / (j + 1) * (p / q);
        j += step;
    }
    return NAN;
}

int scn_binom_ge(double x, double n, double p, double q, double *ge, double *lt)
{
    if (x <= 0) {
        *ge = 1;
        *lt = 0;
        return 0;
    }
    if (x > n) {
        *ge = 0;
        *lt = 1;
        return 0;
    }
    /* Where the incomplete beta would run its continued fraction on a variable
     * within 1e-3 of 1 (N2), and the small tail has few terms, sum that tail
     * directly: P(X < x) when p is small and beyond x/n's side, P(X >= x) when
     * q is.  This keeps e.g. P(X <= 1 | n = 10^7, p = 3.9e-7) exact. */
    const double sum_limit = 5000;
    double a = x, b = n - x + 1;
    int reflect = !(p < (a + 1) / (a + b + 2));
    if (reflect && p < 1e-3 && x <= sum_limit) {
        double s = binom_sum(x - 1, -1, n, p, q, sum_limit + 1);
        if (!isnan(s)) {
            *lt = s;
            *ge = 1 - s;
            return 0;
        }
    } else if (!reflect && q < 1e-3 && n - x + 1 <= sum_limit) {
        double s = binom_sum(x, +1, n, p, q, sum_limit + 1);
        if (!isnan(s)) {
            *ge = s;
            *lt = 1 - s;
            return 0;
        }
    }
    return scn_beta_inc(a, b, p, q, ge, lt);
}

/* scn_logit_root's function of theta = logit(p). */
typedef struct logit_root {
    scn_prob_fn *f;
    void *ctx;
} logit_root;

static double root_eval(double theta, void *ctx)
{
    const logit_root *r = ctx;
    double p, q;
    scn_logistic(theta, &p, &q);
    return r->f(p, q, r->ctx);
}

sc_status scn_logit_root(scn_prob_fn *f, void *ctx, double theta_lo, double theta_hi,
                         double *p, double *q)
{
    logit_root r = {f, ctx};
    double theta;
    sc_status s = scn_brent(root_eval, &r, theta_lo, theta_hi, root_eval(theta_lo, &r),
                            root_eval(theta_hi, &r), 1e-15, 400, &theta);
    if (s == SC_OK)
        scn_logistic(theta, p, q);
    return s;
}
