/* spotcheck — the operating characteristic of a single sampling plan (n, Ac):
 * Pa, AOQ, ATI, AOQL, the quality at a given Pa, the default grid.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract S5-S8 is in include/spotcheck/sampling.h.  Probabilities are
 * GSL's (gsl_cdf_poisson_P, gsl_cdf_hypergeometric_P and the densities),
 * but the binomial's are the numeric kernel's (scn_binom_ge, scn_dbinom):
 * GSL's binomial tail fails for samples of millions with a large Ac.  The
 * quality at a given Pa inverts the same tails (binomial: the root of the
 * kernel's tail on the logit scale; Poisson: Pa = Q_gamma(n p; Ac + 1), so n p =
 * gsl_cdf_gamma_Qinv); the
 * AOQL's p is the root of the derivative of p Pa(p) by Brent's method
 * (numeric/roots.c).  tests/unit/test_sampling.c compares with R
 * (scripts/ref-sampling.R): pbinom, ppois, phyper, qbeta, qgamma, optimize.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "alloc.h"
#include "numeric/numeric.h"
#include "sampling_internal.h"

static const sc_registry_entry models[SC_OC_MODEL_COUNT] = {
    [SC_OC_BINOMIAL] = {.name = "binomial",
                        .description = "nonconforming items in the sample ~ Bin(n, p): a lot "
                                       "much larger than the sample (type B)",
                        .reference = "ISO 2859-1 clause 12; R pbinom"},
    [SC_OC_POISSON] = {.name = "poisson",
                       .description = "nonconformities in the sample ~ Poisson(n p), p per "
                                      "item (AQL in nonconformities per 100 items)",
                       .reference = "ISO 2859-1 clause 12; R ppois"},
    [SC_OC_HYPERGEOMETRIC] = {.name = "hypergeometric",
                              .aliases = "hyper",
                              .description = "nonconforming items in a sample drawn without "
                                             "replacement from a lot of N (type A)",
                              .reference = "GB/T 2828.11; R phyper"},
};

const sc_registry sc_oc_models = {.what = "OC model",
                                  .rows = models,
                                  .count = SC_OC_MODEL_COUNT,
                                  .stride = sizeof models[0]};

sc_status sc_oc_check(const sc_oc_plan *plan, sc_error *err)
{
    if (!plan || (unsigned)plan->model >= SC_OC_MODEL_COUNT)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no plan or an unknown model");
    if (plan->n == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--n 0: a sample holds at least one item");
    if (plan->n > (uint64_t)INT_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--n %llu: at most %d items",
                            (unsigned long long)plan->n, INT_MAX);
    if (plan->ac >= plan->n && plan->model != SC_OC_POISSON)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--ac %u: the acceptance number must be below the sample size %llu",
                            plan->ac, (unsigned long long)plan->n);
    if (plan->lot_size && plan->n > plan->lot_size)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--n %llu: the sample cannot be larger than the lot (%llu)",
                            (unsigned long long)plan->n, (unsigned long long)plan->lot_size);
    if (plan->model == SC_OC_HYPERGEOMETRIC && plan->lot_size == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--model hypergeometric needs the lot size: give --lot-size N");
    if (plan->model == SC_OC_HYPERGEOMETRIC && plan->lot_size > UINT_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--model hypergeometric: a lot of at most %u items", UINT_MAX);
    return SC_OK;
}

sc_status sc_oc_check_p(const sc_oc_plan *plan, double p, const char *option, sc_error *err)
{
    if (plan && plan->model == SC_OC_POISSON) {
        if (!(p >= 0) || !isfinite(p))
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "%s %g: give nonconformities per item, 0 or more", option, p);
        return SC_OK;
    }
    if (!(p >= 0 && p <= 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "%s %g: a proportion nonconforming lies in [0, 1]", option, p);
    return SC_OK;
}

/* D = round(p N) (S5) */
static unsigned lot_defectives(const sc_oc_plan *plan, double p)
{
    double d = nearbyint(p * (double)plan->lot_size);
    return d < 0 ? 0 : d > (double)plan->lot_size ? (unsigned)plan->lot_size : (unsigned)d;
}

/* P(X <= ac) for X ~ Bin(n, p): NaN if the kernel's tail fails. */
static double binomial_accept(double ac, double n, double p)
{
    double ge, lt;
    if (p <= 0)
        return 1;
    return scn_binom_ge(ac + 1, n, p, 1 - p, &ge, &lt) == 0 ? lt : NAN;
}

/* Pa at p (S5); for the hypergeometric model p is taken as D / N. */
double scs_accept(const sc_oc_plan *plan, double p)
{
    unsigned n = (unsigned)plan->n;
    switch (plan->model) {
    case SC_OC_BINOMIAL:
        return binomial_accept(plan->ac, (double)plan->n, p);
    case SC_OC_POISSON: /* GSL refuses a mean of 0 */
        return p > 0 ? gsl_cdf_poisson_P(plan->ac, (double)n * p) : 1;
    case SC_OC_HYPERGEOMETRIC: {
        unsigned lot = (unsigned)plan->lot_size, d = lot_defectives(plan, p);
        return gsl_cdf_hypergeometric_P(plan->ac, d, lot - d, n);
    }
    case SC_OC_MODEL_COUNT:
        break;
    }
    return NAN;
}

/* The fraction of a lot that leaves uninspected (S6): (N - n) / N, or 1. */
static double outgoing_share(const sc_oc_plan *plan)
{
    if (plan->lot_size == 0)
        return 1;
    return (double)(plan->lot_size - plan->n) / (double)plan->lot_size;
}

static void point_at(const sc_oc_plan *plan, double p, sc_oc_point *out)
{
    if (plan->model == SC_OC_HYPERGEOMETRIC)
        p = (double)lot_defectives(plan, p) / (double)plan->lot_size;
    double pa = scs_accept(plan, p);
    out->p = p;
    out->pa = pa;
    out->aoq = p * pa * outgoing_share(plan);
    out->ati = plan->lot_size == 0
                   ? NAN
                   : (double)plan->n + (1 - pa) * (double)(plan->lot_size - plan->n);
}

sc_status sc_oc_at(const sc_oc_plan *plan, double p, sc_oc_point *out, sc_error *err)
{
    sc_status s = sc_oc_check(plan, err);
    if (s == SC_OK)
        s = sc_oc_check_p(plan, p, "p", err);
    if (s != SC_OK)
        return s;
    if (!out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no point to fill");
    point_at(plan, p, out);
    return SC_OK;
}

/* d/dp [p Pa(p)] (S7) at p = lambda / n. */
static double aoq_slope(double lambda, void *ctx)
{
    const sc_oc_plan *plan = ctx;
    double n = (double)plan->n;
    if (plan->model == SC_OC_POISSON)
        return gsl_cdf_poisson_P(plan->ac, lambda) - lambda * gsl_ran_poisson_pdf(plan->ac, lambda);
    double p = lambda / n;
    if (p >= 1)
        p = 1;
    return binomial_accept(plan->ac, n, p) - lambda * scn_dbinom(plan->ac, n - 1, p, 1 - p);
}

sc_status sc_oc_aoql(const sc_oc_plan *plan, double *aoql, double *p_at, sc_error *err)
{
    sc_status s = sc_oc_check(plan, err);
    if (s != SC_OK)
        return s;
    if (!aoql || !p_at)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "nowhere to put the AOQL");
    if (plan->lot_size && plan->n == plan->lot_size) { /* 100% inspection: nothing bad leaves */
        *aoql = 0;
        *p_at = NAN;
        return SC_OK;
    }
    if (plan->model == SC_OC_HYPERGEOMETRIC) {
        /* the largest AOQ over D = 0..N; AOQ rises to one peak and falls */
        double best = 0, best_p = 0, lot = (double)plan->lot_size;
        for (uint64_t d = 1; d <= plan->lot_size; d++) {
            sc_oc_point pt;
            point_at(plan, (double)d / lot, &pt);
            if (pt.aoq > best) {
                best = pt.aoq;
                best_p = pt.p;
            } else if (pt.aoq < best * 1e-3 || pt.pa == 0) {
                break;
            }
        }
        *aoql = best;
        *p_at = best_p;
        return SC_OK;
    }
    /* bracket the root of the slope in lambda = n p: positive from 0 up to the
     * peak, negative after it; the peak lies below lambda = Ac + 1 for the Poisson
     * model and near it for the binomial, so steps of (Ac + 1) / 64 find it */
    double step = (plan->ac + 1.0) / 64, lo = 0, f_lo = 1, hi = 0, f_hi = 1;
    double top = plan->model == SC_OC_POISSON ? 64.0 * (plan->ac + 1.0) + 64 : (double)plan->n;
    while (f_hi > 0 && hi < top) {
        lo = hi;
        f_lo = f_hi;
        hi = fmin(hi + step, top);
        f_hi = aoq_slope(hi, (void *)plan);
    }
    if (!(f_hi <= 0))
        return sc_error_set(err, SC_ENOCONV, NULL, 0, "the AOQL could not be bracketed");
    double lambda;
    s = scn_brent(aoq_slope, (void *)plan, lo, hi, f_lo, f_hi, 0, 400, &lambda);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "the AOQL did not converge");
    sc_oc_point pt;
    point_at(plan, fmin(lambda / (double)plan->n, plan->model == SC_OC_POISSON ? INFINITY : 1),
             &pt);
    *aoql = pt.aoq;
    *p_at = pt.p;
    return SC_OK;
}

/* P(X <= Ac) - pa for X ~ Bin(n, p): the binomial quality at a given Pa. */
typedef struct accept_target {
    double pa, ac, n;
} accept_target;

static double accept_minus(double p, double q, void *ctx)
{
    (void)q;
    const accept_target *t = ctx;
    return binomial_accept(t->ac, t->n, p) - t->pa;
}

sc_status sc_oc_quality_at(const sc_oc_plan *plan, double pa, double *p, sc_error *err)
{
    sc_status s = sc_oc_check(plan, err);
    if (s != SC_OK)
        return s;
    if (!p || !(pa > 0 && pa < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "Pa must lie strictly between 0 and 1");
    double n = (double)plan->n, ac = plan->ac;
    switch (plan->model) {
    case SC_OC_BINOMIAL: { /* Pa = Q_beta(p; Ac + 1, n - Ac) = P(X <= Ac) */
        /* solved on the kernel's binomial tail: GSL's gsl_cdf_beta_Qinv gives
           NaN from n of some 80000 on and runs for minutes at some millions */
        accept_target t = {.pa = pa, .ac = ac, .n = n};
        double q;
        if (scn_logit_root(accept_minus, &t, -SCN_THETA_MAX, SCN_THETA_MAX, p, &q) != SC_OK)
            *p = NAN;
        break;
    }
    case SC_OC_POISSON: /* Pa = Q_gamma(n p; Ac + 1, 1) */
        *p = gsl_cdf_gamma_Qinv(pa, ac + 1, 1) / n;
        break;
    case SC_OC_HYPERGEOMETRIC: {
        /* the smallest D with Pa(D) <= pa; Pa falls as D grows */
        uint64_t lo = 0, hi = plan->lot_size;
        double lot = (double)plan->lot_size;
        if (scs_accept(plan, 1) > pa) /* not even a lot all bad: Ac >= n */
            return sc_error_set(err, SC_EDOMAIN, NULL, 0, "Pa never falls to %g", pa);
        while (lo < hi) {
            uint64_t mid = lo + (hi - lo) / 2;
            if (scs_accept(plan, (double)mid / lot) <= pa)
                hi = mid;
            else
                lo = mid + 1;
        }
        *p = (double)lo / lot;
        break;
    }
    case SC_OC_MODEL_COUNT:
        return SC_EINVAL;
    }
    if (!isfinite(*p))
        return sc_error_set(err, SC_ENOCONV, NULL, 0, "the quality at Pa = %g was not found", pa);
    return SC_OK;
}

/* 1, 2, 2.5 or 5 times a power of ten, at least x */
static double readable_step(double x)
{
    double power = pow(10, floor(log10(x)));
    static const double mantissa[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof mantissa / sizeof mantissa[0]; i++)
        if (mantissa[i] * power >= x * (1 - 1e-12))
            return mantissa[i] * power;
    return 10 * power;
}

sc_status sc_oc_grid(const sc_oc_plan *plan, size_t count, double **out, size_t *nout,
                     sc_error *err)
{
    sc_status s = sc_oc_check(plan, err);
    if (s != SC_OK)
        return s;
    if (count < 2 || !out || !nout)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "a grid needs at least two points");
    double end;
    s = sc_oc_quality_at(plan, 0.01, &end, err);
    if (s != SC_OK)
        return s;
    if (plan->model == SC_OC_HYPERGEOMETRIC)
        end = fmax(end, 1 / (double)plan->lot_size);
    double step = readable_step(end * 1.05 / (double)(count - 1));
    double *grid = sc_malloc(count * sizeof *grid);
    if (!grid)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        double p = (double)i * step;
        if ((plan->model != SC_OC_POISSON && p > 1) || (i > 0 && grid[used - 1] >= end))
            break; /* one point at or beyond the end is enough */
        if (plan->model == SC_OC_HYPERGEOMETRIC) {
            /* a lot holds whole items: the grid's p are D / N, each once */
            p = nearbyint(p * (double)plan->lot_size) / (double)plan->lot_size;
            if (used > 0 && p == grid[used - 1])
                continue;
        }
        grid[used++] = p;
    }
    *out = grid;
    *nout = used;
    return SC_OK;
}
