/* spotcheck — funnel plot limits for proportions (Spiegelhalter 2005).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources: D. J. Spiegelhalter, "Funnel plots for comparing institutional
 * performance", Stat Med 2005;24:1185-1202 (section 3, appendix A.1.1), and
 * "Handling over-dispersion of performance indicators", Qual Saf Health Care
 * 2005;14:347-351 (winsorising, the multiplicative and additive models).
 *
 * Contract (tests cite the numbers):
 *   F1. Target theta in [0, 1]; y = x / n is the rate of the counted outcome.
 *       Limits at probability P (0.025, 0.975 for 95%; 0.001, 0.999 for
 *       99.8%) are computed per sample size n >= 1.
 *   F2. Exact limits (Stat Med appendix A.1.1): r = the smallest integer with
 *       P(X <= r) >= P, X ~ Bin(n, theta) (R: qbinom(P, n, theta));
 *       a = (P(X <= r) - P) / (P(X <= r) - P(X <= r - 1)); limit = (r - a) / n.
 *       The numerator is taken from the smaller tail (P(X <= r) - P for
 *       P <= 1/2, (1 - P) - P(X > r) otherwise) and the denominator is the
 *       density P(X = r) (Loader), so both keep full precision at any n up to
 *       2^53.  Tails are those of numeric/numeric.c N3, not GSL's (inaccurate at
 *       large n).  The interpolated limit is continuous in P, so it does not
 *       depend on how a quantile is rounded when P(X <= r) is within
 *       rounding of P.  The limit lies in (-1/n, 1]; it is clipped to
 *       [0, 1] (negative only when r = 0).
 *   F3. theta = 0 or 1: every limit is theta (no variation is possible).
 *   F4. Over-dispersion (QSHC 2005): over the k groups with n_i > 0,
 *       z_i = (y_i - theta) / sqrt(theta (1 - theta) / n_i), computed as
 *       (x_i - n_i theta) / sqrt(n_i theta (1 - theta)).  The z_i are
 *       winsorised at their 10% and 90% quantiles, R's quantile(z, c(0.1,
 *       0.9), type = 7): z_w = min(max(z, q10), q90).  phi = sum z_w^2 / k.
 *   F5. Multiplicative: when phi > 1 the limits are
 *       theta -+ z_P sqrt(phi theta (1 - theta) / n), z_P = qnorm(P) for
 *       P = 0.975, 0.999; when phi <= 1 the exact limits (F2).
 *   F6. Additive (QSHC 2005): Spiegelhalter's winsorised estimate, the
 *       DerSimonian-Laird moment formula with the winsorised phi in place of
 *       DL's unwinsorised Q / k (so not DL's estimate itself):
 *       w_i = n_i / (theta (1 - theta)),
 *       tau2 = (k phi - (k - 1)) / (sum w - sum w^2 / sum w) when
 *       k phi > k - 1, else 0.  When tau2 > 0 the limits are
 *       theta -+ z_P sqrt(theta (1 - theta) / n + tau2); else exact (F2).
 *   F7. Over-dispersion is not estimated (phi, tau2 NaN; exact limits) when
 *       k < 2 or theta is 0 or 1.  Normal limits are clipped to [0, 1].
 *   F8. Classification: above998 if y > upper998, above95 if y > upper95,
 *       below998 if y < lower998, below95 if y < lower95, else within.
 *   F9. Time: O(k) for the fit (quickselect for the two quantiles), O(log)
 *       tail evaluations per exact limit.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_cdf.h>

#include "alloc.h"
#include "spotcheck/groups.h"
#include "spotcheck/multi.h"

#include "numeric/numeric.h"

/* ---- registry -------------------------------------------------------------------- */

static const sc_funnel_dispersion_info dispersions[SC_FUNNEL_DISPERSION_COUNT] = {
    [SC_FUNNEL_DISPERSION_NONE] = {.dispersion = SC_FUNNEL_DISPERSION_NONE,
                                   .entry.name = "none",
                                   .entry.aliases = "exact,binomial",
                                   .entry.description = "exact binomial limits with interpolation",
                                   .entry.reference =
                                       "Spiegelhalter 2005, Stat Med 24:1185, A.1.1"},
    [SC_FUNNEL_DISPERSION_MULTIPLICATIVE] =
        {.dispersion = SC_FUNNEL_DISPERSION_MULTIPLICATIVE,
         .entry.name = "multiplicative",
         .entry.aliases = "phi,scale",
         .entry.description =
             "variance times the winsorised over-dispersion factor phi when phi > 1",
         .entry.reference = "Spiegelhalter 2005, Qual Saf Health Care 14:347"},
    [SC_FUNNEL_DISPERSION_ADDITIVE] =
        {.dispersion = SC_FUNNEL_DISPERSION_ADDITIVE,
         .entry.name = "additive",
         .entry.aliases = "random,random-effects,dl",
         .entry.description =
             "variance plus Spiegelhalter's winsorised tau^2 (random effects) when tau^2 > 0",
         .entry.reference = "Spiegelhalter 2005, Qual Saf Health Care 14:347 (winsorised "
                            "DerSimonian & Laird 1986)"},
};

const sc_funnel_dispersion_info *sc_funnel_dispersion_get(sc_funnel_dispersion dispersion)
{
    if ((unsigned)dispersion >= SC_FUNNEL_DISPERSION_COUNT)
        return NULL;
    return &dispersions[dispersion];
}

const sc_registry sc_funnel_dispersions = {.what = "funnel over-dispersion model",
                                           .rows = dispersions,
                                           .count = SC_FUNNEL_DISPERSION_COUNT,
                                           .stride = sizeof dispersions[0]};

sc_status sc_funnel_dispersion_from_name(const char *name, sc_funnel_dispersion *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_funnel_dispersions, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_funnel_dispersion)index;
    return status;
}

/* ---- exact limits (F2, F3) ----------------------------------------------------- */

/* Whether P(X <= r) >= prob for X ~ Bin(n, theta), from the smaller tail.
 * -1 if a tail failed. */
static int reaches(double r, double n, double theta, double prob)
{
    double ge, lt; /* P(X >= r + 1), P(X <= r) */
    if (scn_binom_ge(r + 1, n, theta, 1 - theta, &ge, &lt) != 0)
        return -1;
    return prob <= 0.5 ? lt >= prob : ge <= 1 - prob;
}

/* The prob-quantile of Bin(n, theta): a Cornish-Fisher guess, then a
 * galloping search and bisection on exact tails. */
static sc_status binom_quantile(double n, double theta, double prob, double *r_out)
{
    double mu = n * theta, sigma = sqrt(n * theta * (1 - theta));
    double z = gsl_cdf_ugaussian_Pinv(prob);
    double gamma = (1 - 2 * theta) / sigma;
    double guess = floor(mu + sigma * (z + gamma * (z * z - 1) / 6) + 0.5);
    guess = fmin(n, fmax(0, guess));
    /* Find lo < hi with !reaches(lo) (or lo = -1) and reaches(hi). */
    double lo, hi;
    int at = reaches(guess, n, theta, prob);
    if (at < 0)
        return SC_ENOCONV;
    if (at) {
        hi = guess;
        for (double step = 1;; step *= 2) {
            lo = hi - step;
            if (lo < 0) {
                lo = -1;
                break;
            }
            int v = reaches(lo, n, theta, prob);
            if (v < 0)
                return SC_ENOCONV;
            if (!v)
                break;
            hi = lo;
        }
    } else {
        lo = guess;
        for (double step = 1;; step *= 2) {
            hi = lo + step;
            if (hi >= n) {
                hi = n; /* P(X <= n) = 1 >= prob */
                break;
            }
            int v = reaches(hi, n, theta, prob);
            if (v < 0)
                return SC_ENOCONV;
            if (v)
                break;
            lo = hi;
        }
    }
    while (hi - lo > 1) {
        double mid = floor(lo + (hi - lo) / 2);
        int v = reaches(mid, n, theta, prob);
        if (v < 0)
            return SC_ENOCONV;
        if (v)
            hi = mid;
        else
            lo = mid;
    }
    *r_out = hi;
    return SC_OK;
}

sc_status sc_multi_funnel_exact_limit(uint64_t n, double theta, double probability,
                                      double *limit)
{
    if (!limit)
        return SC_EINVAL;
    *limit = NAN;
    if (n == 0 || n > SC_COUNT_MAX || !(theta >= 0 && theta <= 1) ||
        !(probability > 0 && probability < 1))
        return SC_EINVAL;
    if (theta == 0 || theta == 1) { /* F3 */
        *limit = theta;
        return SC_OK;
    }
    double dn = (double)n, r;
    sc_status status = binom_quantile(dn, theta, probability, &r);
    if (status != SC_OK)
        return status;
    double ge, lt;
    if (scn_binom_ge(r + 1, dn, theta, 1 - theta, &ge, &lt) != 0)
        return SC_ENOCONV;
    double excess = probability <= 0.5 ? lt - probability : (1 - probability) - ge;
    double density = scn_dbinom(r, dn, theta, 1 - theta);
    if (!(density > 0))
        return SC_ENOCONV;
    double a = excess / density;
    *limit = fmin(1.0, fmax(0.0, (r - a) / dn));
    return SC_OK;
}

/* ---- over-dispersion (F4-F7) --------------------------------------------------- */

/* Rearranges a[0..n) so that a[k] is the k-th smallest, smaller or equal
 * values before it and greater or equal after (Hoare's quickselect with a
 * pseudo-random pivot: expected O(n) for any input). */
static void select_kth(double *a, size_t n, size_t k)
{
    size_t left = 0, right = n - 1;
    uint64_t state = 0x9E3779B97F4A7C15u;
    while (left < right) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double pivot = a[left + (size_t)(state % (right - left + 1))];
        size_t i = left, j = right;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                double tmp = a[i];
                a[i] = a[j];
                a[j] = tmp;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        /* Now a[left..j] <= pivot <= a[i..right], and j < i. */
        if (k <= j)
            right = j;
        else if (k >= i)
            left = i;
        else
            return; /* a[j+1..i-1] all equal the pivot */
    }
}

/* R's quantile(z, prob, type = 7) of z[0..k), k >= 1; z is reordered. */
static double quantile7(double *z, size_t k, double prob)
{
    double index = 1 + (double)(k - 1) * prob; /* 1-based, as R */
    double lo = floor(index);
    size_t at = (size_t)lo - 1;
    select_kth(z, k, at);
    double q = z[at];
    if (index > lo) {
        double next = z[at + 1]; /* the smallest value after position `at` */
        for (size_t i = at + 2; i < k; i++)
            next = fmin(next, z[i]);
        if (next != q) {
            double h = index - lo;
            q = (1 - h) * q + h * next;
        }
    }
    return q;
}

static sc_status estimate_dispersion(const sc_multi_group *groups, size_t count, size_t k,
                                     double theta, sc_funnel *out)
{
    if (k > SIZE_MAX / sizeof(double))
        return SC_ENOMEM;
    double *z = sc_malloc(k * sizeof *z), *zw = sc_malloc(k * sizeof *zw);
    if (!z || !zw) {
        free(z);
        free(zw);
        return SC_ENOMEM;
    }
    double v = theta * (1 - theta);
    size_t j = 0;
    for (size_t i = 0; i < count; i++) {
        double n = (double)groups[i].n;
        if (n == 0)
            continue;
        z[j++] = fma(-n, theta, (double)groups[i].passed) / sqrt(n * v);
    }
    memcpy(zw, z, k * sizeof *z);
    double q10 = quantile7(zw, k, 0.1), q90 = quantile7(zw, k, 0.9);
    double sum_sq = 0;
    for (j = 0; j < k; j++) {
        double w = fmin(fmax(z[j], q10), q90);
        sum_sq += w * w;
    }
    free(z);
    free(zw);
    double dk = (double)k;
    out->phi = sum_sq / dk;
    if (out->dispersion == SC_FUNNEL_DISPERSION_MULTIPLICATIVE) {
        out->adjusted = out->phi > 1;
        return SC_OK;
    }
    double sum_w = 0, sum_w2 = 0;
    for (size_t i = 0; i < count; i++) {
        double w = (double)groups[i].n / v;
        sum_w += w;
        sum_w2 += w * w;
    }
    double excess = dk * out->phi - (dk - 1);
    out->tau2 = excess > 0 ? excess / (sum_w - sum_w2 / sum_w) : 0;
    out->adjusted = out->tau2 > 0;
    return SC_OK;
}

sc_status sc_multi_funnel_fit(const sc_multi_group *groups, size_t count, double target,
                              sc_funnel_dispersion dispersion, sc_funnel *out)
{
    if (!out)
        return SC_EINVAL;
    out->target = target;
    out->dispersion = dispersion;
    out->groups = 0;
    out->phi = out->tau2 = NAN;
    out->adjusted = 0;
    if (!(target >= 0 && target <= 1) || (unsigned)dispersion >= SC_FUNNEL_DISPERSION_COUNT)
        return SC_EINVAL;
    if (count > 0 && !groups)
        return SC_EINVAL;
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++) {
        uint64_t n = groups[i].n;
        if (groups[i].passed > n || n > SC_COUNT_MAX || total > SC_COUNT_MAX - n)
            return SC_EINVAL;
        total += n;
        out->groups += n > 0;
    }
    if (dispersion == SC_FUNNEL_DISPERSION_NONE || out->groups < 2 || target == 0 ||
        target == 1)
        return SC_OK; /* F7 */
    return estimate_dispersion(groups, count, out->groups, target, out);
}

/* ---- limits and classes (F5, F6, F8) --------------------------------------------- */

sc_status sc_multi_funnel_limits(const sc_funnel *funnel, uint64_t n, sc_funnel_limits *out)
{
    if (!out)
        return SC_EINVAL;
    out->lower95 = out->upper95 = out->lower998 = out->upper998 = NAN;
    if (!funnel || n > SC_COUNT_MAX || !(funnel->target >= 0 && funnel->target <= 1) ||
        (unsigned)funnel->dispersion >= SC_FUNNEL_DISPERSION_COUNT)
        return SC_EINVAL;
    if (n == 0)
        return SC_OK;
    double theta = funnel->target;
    static const double probs[4] = {0.025, 0.975, 0.001, 0.999};
    double *limits[4] = {&out->lower95, &out->upper95, &out->lower998, &out->upper998};
    if (!funnel->adjusted || theta == 0 || theta == 1) {
        for (int i = 0; i < 4; i++) {
            sc_status status = sc_multi_funnel_exact_limit(n, theta, probs[i], limits[i]);
            if (status != SC_OK) {
                out->lower95 = out->upper95 = out->lower998 = out->upper998 = NAN;
                return status;
            }
        }
        return SC_OK;
    }
    double variance = theta * (1 - theta) / (double)n;
    if (funnel->dispersion == SC_FUNNEL_DISPERSION_MULTIPLICATIVE)
        variance *= funnel->phi;
    else if (funnel->dispersion == SC_FUNNEL_DISPERSION_ADDITIVE)
        variance += funnel->tau2;
    else
        return SC_EINVAL; /* adjusted without a model */
    if (!(variance >= 0))
        return SC_EINVAL;
    double se = sqrt(variance);
    for (int i = 0; i < 4; i++)
        *limits[i] = fmin(1.0, fmax(0.0, theta + gsl_cdf_ugaussian_Pinv(probs[i]) * se));
    return SC_OK;
}

sc_funnel_class sc_multi_funnel_classify(const sc_multi_group *group,
                                         const sc_funnel_limits *limits)
{
    if (!group || !limits || group->n == 0 || isnan(limits->lower95) ||
        isnan(limits->upper95) || isnan(limits->lower998) || isnan(limits->upper998))
        return SC_FUNNEL_NO_DATA;
    double y = (double)group->passed / (double)group->n;
    if (y > limits->upper998)
        return SC_FUNNEL_ABOVE998;
    if (y > limits->upper95)
        return SC_FUNNEL_ABOVE95;
    if (y < limits->lower998)
        return SC_FUNNEL_BELOW998;
    if (y < limits->lower95)
        return SC_FUNNEL_BELOW95;
    return SC_FUNNEL_WITHIN;
}

const char *sc_funnel_class_name(sc_funnel_class funnel_class)
{
    switch (funnel_class) {
    case SC_FUNNEL_ABOVE998:
        return "above998";
    case SC_FUNNEL_ABOVE95:
        return "above95";
    case SC_FUNNEL_WITHIN:
        return "within";
    case SC_FUNNEL_BELOW95:
        return "below95";
    case SC_FUNNEL_BELOW998:
        return "below998";
    case SC_FUNNEL_NO_DATA:
        break;
    }
    return NULL;
}
