/* spotcheck — stratified rates and the Mantel-Haenszel statistics (contract
 * T1-T4, M1-M6 and the generalised CMH test in include/spotcheck/stratify.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "alloc.h"
#include "numeric/numeric.h"
#include "spotcheck/stratify.h"

/* ---- T1-T4: the stratified rate ---------------------------------------------------- */

sc_status sc_stratified_rate_compute(const sc_stratum_sample *strata, size_t count,
                                     double level, sc_stratified_rate *out, sc_error *err)
{
    *out = (sc_stratified_rate){.rate = NAN, .se = NAN, .lower = NAN, .upper = NAN,
                                .df = NAN, .deff = NAN};
    if (count == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no strata");
    if (!(level > 0 && level < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "level %g: give one in (0, 1)", level);
    double population = 0;
    for (size_t h = 0; h < count; h++) {
        const sc_stratum_sample *s = &strata[h];
        if (s->n == 0)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "stratum %zu has no sample", h + 1);
        if (s->x > s->n)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "stratum %zu: %llu counted of %llu",
                                h + 1, (unsigned long long)s->x, (unsigned long long)s->n);
        if (s->population < s->n)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "stratum %zu: a population of %llu is smaller than its "
                                "sample of %llu",
                                h + 1, (unsigned long long)s->population,
                                (unsigned long long)s->n);
        if (s->n == 1 && s->population > 1)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "stratum %zu has a sample of 1: its variance cannot be "
                                "estimated",
                                h + 1);
        out->n += s->n;
        out->x += s->x;
        out->population += s->population;
        population += (double)s->population;
    }
    double rate = 0, variance = 0;
    for (size_t h = 0; h < count; h++) {
        const sc_stratum_sample *s = &strata[h];
        double w = (double)s->population / population, n = (double)s->n;
        double p = (double)s->x / n;
        rate += w * p;
        if (s->n < s->population)
            variance += w * w * (1 - n / (double)s->population) * p * (1 - p) / (n - 1);
    }
    out->rate = rate;
    out->se = sqrt(variance);
    out->df = (double)(out->n - count);
    /* T3: svyvar's variance of y with the weights N_h / n_h is
     * n / (n - 1) sum w (y - p)^2 / sum w = n / (n - 1) p (1 - p) */
    double n = (double)out->n;
    double s2 = n > 1 ? n / (n - 1) * rate * (1 - rate) : 0;
    double srs = (1 - n / population) * s2 / n;
    out->deff = srs > 0 ? variance / srs : NAN;
    /* T2 */
    if (rate > 0 && rate < 1 && variance > 0 && out->df > 0) {
        double t = gsl_cdf_tdist_Pinv((1 + level) / 2, out->df);
        double theta = log(rate / (1 - rate)), half = t * out->se / (rate * (1 - rate));
        double q;
        scn_logistic(theta - half, &out->lower, &q);
        scn_logistic(theta + half, &out->upper, &q);
    }
    return SC_OK;
}

/* ---- M1-M6: two groups over strata -------------------------------------------------- */

/* M5: the expected a_k under a common odds ratio `psi` with the margins of
 * the stratum fixed: the root of E (n2 - m1 + E) = psi (n1 - E) (m1 - E) in
 * (lo, hi), taken from the quadratic in the form that does not cancel. */
static double bd_expected(double n1, double n2, double m1, double psi)
{
    /* (1 - psi) E^2 + (n2 - m1 + psi (n1 + m1)) E - psi n1 m1 = 0 */
    double A = 1 - psi, B = n2 - m1 + psi * (n1 + m1), C = -psi * n1 * m1;
    double lo = fmax(0, m1 - n2), hi = fmin(n1, m1);
    if (fabs(A) < 1e-12 * fmax(1, fabs(B)))
        return -C / B;
    double disc = sqrt(fmax(0, B * B - 4 * A * C));
    /* the two roots, each by the formula free of cancellation */
    double q = -0.5 * (B + copysign(disc, B));
    double r1 = q / A, r2 = C / q;
    return r1 >= lo && r1 <= hi ? r1 : r2;
}

static void breslow_day(const sc_stratum_pair *strata, size_t count, double psi,
                        sc_mh_result *out)
{
    out->bd_statistic = out->bd_df = out->bd_p_value = NAN;
    if (!(psi > 0) || isinf(psi))
        return;
    double sum = 0, sum_a = 0, sum_e = 0, sum_var = 0;
    size_t used = 0;
    for (size_t k = 0; k < count; k++) {
        const sc_stratum_pair *s = &strata[k];
        double n1 = (double)s->n1, n2 = (double)s->n2;
        double a = (double)s->x1, m1 = (double)(s->x1 + s->x2);
        double m0 = n1 + n2 - m1;
        if (s->n1 == 0 || s->n2 == 0 || m1 == 0 || m0 == 0)
            continue; /* a zero margin: the table is fixed, nothing to test */
        double e = bd_expected(n1, n2, m1, psi);
        double var = 1 / (1 / e + 1 / (n1 - e) + 1 / (m1 - e) + 1 / (n2 - m1 + e));
        sum += (a - e) * (a - e) / var;
        sum_a += a;
        sum_e += e;
        sum_var += var;
        used++;
    }
    if (used < 2)
        return;
    out->bd_statistic = sum - (sum_a - sum_e) * (sum_a - sum_e) / sum_var;
    out->bd_df = (double)(used - 1);
    out->bd_p_value = gsl_cdf_chisq_Q(fmax(0, out->bd_statistic), out->bd_df);
}

/* M6: a Wald interval of a rate clipped to [0, 1]. */
static void std_interval(double rate, double variance, double z, double *lower, double *upper)
{
    double half = z * sqrt(variance);
    *lower = fmax(0, rate - half);
    *upper = fmin(1, rate + half);
}

sc_status sc_mh_compute(const sc_stratum_pair *strata, size_t count, double level,
                        bool correct, sc_mh_result *out, sc_error *err)
{
    *out = (sc_mh_result){0};
    if (!(level > 0 && level < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "level %g: give one in (0, 1)", level);
    double z = scn_z(1 - level);
    double sum_r = 0, sum_s = 0, sum_pr = 0, sum_ps_qr = 0, sum_qs = 0;
    double sum_w = 0, sum_wd = 0, sum_p = 0, sum_q = 0;
    double delta = 0, v = 0, standard = 0;
    for (size_t k = 0; k < count; k++) {
        const sc_stratum_pair *s = &strata[k];
        if (s->x1 > s->n1 || s->x2 > s->n2)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "stratum %zu: counted above n",
                                k + 1);
        if (s->n1 == 0 || s->n2 == 0)
            continue; /* M1 */
        if (!isnan(s->standard) && !(s->standard >= 0 && isfinite(s->standard)))
            return sc_error_set(err, SC_EINVAL, NULL, 0, "stratum %zu: standard weight %g",
                                k + 1, s->standard);
        out->strata_used++;
        double n1 = (double)s->n1, n2 = (double)s->n2, N = n1 + n2;
        double a = (double)s->x1, b = n1 - a, c = (double)s->x2, d = n2 - c;
        /* M2 */
        double R = a * d / N, S = b * c / N, P = (a + d) / N, Q = (b + c) / N;
        sum_r += R;
        sum_s += S;
        sum_pr += P * R;
        sum_ps_qr += P * S + Q * R;
        sum_qs += Q * S;
        /* M3 */
        double w = n1 * n2 / N;
        sum_w += w;
        sum_wd += w * (a / n1 - c / n2);
        sum_p += (n1 * n1 * c - n2 * n2 * a + n1 * n2 * (n2 - n1) / 2) / (N * N);
        sum_q += (a * (n2 - c) + c * (n1 - a)) / (2 * N);
        /* M4 */
        double m1 = a + c, m0 = b + d;
        delta += a - n1 * m1 / N;
        if (N >= 2)
            v += n1 * n2 * m1 * m0 / (N * N * (N - 1));
        standard += isnan(s->standard) ? N : s->standard;
    }
    if (out->strata_used == 0)
        return sc_error_set(err, SC_EDATA, NULL, 0, "no stratum has units in both groups");
    if (!(standard > 0))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "the standard population has no units in the strata compared");
    /* M2 */
    out->odds_ratio = sum_r / sum_s; /* +inf or 0 at the edges; NaN when both are 0 */
    out->log_or_se = out->or_lower = out->or_upper = NAN;
    if (sum_r > 0 && sum_s > 0) {
        double var = sum_pr / (2 * sum_r * sum_r) + sum_ps_qr / (2 * sum_r * sum_s) +
                     sum_qs / (2 * sum_s * sum_s);
        out->log_or_se = sqrt(var);
        double log_or = log(out->odds_ratio);
        out->or_lower = exp(log_or - z * out->log_or_se);
        out->or_upper = exp(log_or + z * out->log_or_se);
    }
    /* M3 */
    out->diff = sum_wd / sum_w;
    out->diff_se = sqrt(fmax(0, out->diff * sum_p + sum_q) / (sum_w * sum_w));
    out->diff_lower = out->diff - z * out->diff_se;
    out->diff_upper = out->diff + z * out->diff_se;
    /* M4: R's mantelhaen.test corrects only when |D| >= 1/2 */
    out->cmh_statistic = out->cmh_p_value = NAN;
    if (v > 0) {
        double yates = correct && fabs(delta) >= 0.5 ? 0.5 : 0;
        double dev = fabs(delta) - yates;
        out->cmh_statistic = dev * dev / v;
        out->cmh_p_value = gsl_cdf_chisq_Q(out->cmh_statistic, 1);
    }
    /* M5 */
    breslow_day(strata, count, out->odds_ratio, out);
    /* M6 */
    double r1 = 0, r2 = 0, v1 = 0, v2 = 0;
    for (size_t k = 0; k < count; k++) {
        const sc_stratum_pair *s = &strata[k];
        if (s->n1 == 0 || s->n2 == 0)
            continue;
        double u = (isnan(s->standard) ? (double)(s->n1 + s->n2) : s->standard) / standard;
        double n1 = (double)s->n1, n2 = (double)s->n2;
        double p1 = (double)s->x1 / n1, p2 = (double)s->x2 / n2;
        r1 += u * p1;
        r2 += u * p2;
        v1 += u * u * p1 * (1 - p1) / n1;
        v2 += u * u * p2 * (1 - p2) / n2;
    }
    out->std_rate1 = r1;
    out->std_rate2 = r2;
    std_interval(r1, v1, z, &out->std_lower1, &out->std_upper1);
    std_interval(r2, v2, z, &out->std_lower2, &out->std_upper2);
    out->std_diff = r1 - r2;
    double half = z * sqrt(v1 + v2);
    out->std_diff_lower = out->std_diff - half;
    out->std_diff_upper = out->std_diff + half;
    return SC_OK;
}

/* ---- the generalised CMH test ------------------------------------------------------ */

sc_status sc_cmh_general(const uint64_t *x, const uint64_t *n, size_t groups, size_t count,
                         double *statistic, double *df, double *p_value, sc_error *err)
{
    *statistic = *df = *p_value = NAN;
    if (groups < 2)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the test needs two groups or more");
    size_t m = groups - 1;
    gsl_vector *d = gsl_vector_calloc(m);
    gsl_matrix *v = gsl_matrix_calloc(m, m);
    gsl_vector *solved = gsl_vector_alloc(m);
    if (!d || !v || !solved) {
        gsl_vector_free(d);
        gsl_matrix_free(v);
        gsl_vector_free(solved);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < count; k++) {
        double total = 0, counted = 0;
        for (size_t g = 0; g < groups; g++) {
            total += (double)n[g * count + k];
            counted += (double)x[g * count + k];
        }
        if (total < 2)
            continue;
        double factor = counted * (total - counted) / (total * total * (total - 1));
        for (size_t g = 0; g < m; g++) {
            double ng = (double)n[g * count + k];
            *gsl_vector_ptr(d, g) += (double)x[g * count + k] - ng * counted / total;
            for (size_t h = 0; h < m; h++) {
                double nh = (double)n[h * count + k];
                *gsl_matrix_ptr(v, g, h) += factor * ((g == h ? total * ng : 0) - ng * nh);
            }
        }
    }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int bad = gsl_linalg_cholesky_decomp1(v);
    if (!bad)
        bad = gsl_linalg_cholesky_solve(v, d, solved);
    gsl_set_error_handler(old);
    sc_status s = SC_OK;
    if (bad)
        s = sc_error_set(err, SC_EDOMAIN, NULL, 0,
                         "the generalised CMH test needs variation within the strata in "
                         "every group");
    else {
        gsl_blas_ddot(d, solved, statistic);
        *df = (double)m;
        *p_value = gsl_cdf_chisq_Q(*statistic, *df);
    }
    gsl_vector_free(d);
    gsl_matrix_free(v);
    gsl_vector_free(solved);
    return s;
}
