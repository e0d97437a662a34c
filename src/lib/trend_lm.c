/* spotcheck — linear least squares (general, NIST-grade) and the linear
 * trends on rates and values.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   L1. sc_trend_lsq_fit minimises sum_i w_i (y_i - z_i' beta)^2, z_i = (1, X_i)
 *       with an intercept or X_i without, over the rows with w_i > 0 (R's
 *       lm drops zero weights from the fit and from the degrees of freedom).
 *       Inputs: design row-major rows x cols, y, weights (NULL = 1), every
 *       value finite, weights >= 0; otherwise SC_EINVAL.  Fewer used rows
 *       than parameters p is SC_EDOMAIN.
 *   L2. The problem solved is  min || b - A x ||  with A = diag(sqrt w) Z S^-1
 *       and b = sqrt(w) y, where S scales each column by the power of two
 *       at or above its largest element (equilibration within a factor
 *       sqrt(rows) of the 2-norm, without squares that could overflow).
 *       Powers of two make the scaling exact, unless an element falls
 *       below 2^-1022 (then subnormal), so
 *       the only rounding in forming the problem is sqrt(w_i) (a relative
 *       change of the weights below 2^-52; none for unit weights).
 *   L3. A is factorised by Householder QR with column pivoting
 *       (gsl_linalg_QRPT_decomp: A P = Q R).  The normal equations Z'WZ are
 *       never formed: their condition number is the square of A's.
 *   L4. condition = |R_11| / |R_pp|, a lower bound on the 2-norm condition
 *       number of A.  Above 1e13 the design is treated as rank-deficient
 *       (SC_EDOMAIN): iterative refinement (L5) needs condition * 2^-53 well
 *       below 1, and R's lm would have dropped a column long before (its
 *       tolerance is 1e-7 on the pivoted R diagonal).
 *   L5. The solution comes from the augmented system
 *           r + A x = b,   A' r = c        (c = 0 for the fit)
 *       solved with the QR factors and refined (Bjorck 1967, "Iterative
 *       refinement of linear least squares solutions I", BIT 7:257-278):
 *       the residuals f = b - r - A x and g = c - A' r are computed in twice
 *       the working precision (compensated dot products, Ogita, Rump and
 *       Oishi 2005, "Accurate sum and dot product", SIAM J Sci Comput
 *       26:1955-1988, with fma for the exact product), and the correction
 *       solves the same system with the same factors.  At most 10 steps; it
 *       stops when the correction to x is below 2^-60 ||x|| or stops
 *       shrinking.  This turns the QR solution, accurate to condition * eps,
 *       into one accurate to about eps whenever condition * eps < 1/10.
 *   L6. The covariance sigma^2 (A'A)^-1 comes column by column from the same
 *       refined solver: x = (A'A)^-1 e_j solves r + A x = 0, A' r = -e_j.
 *       sigma^2 = RSS / (rows - p), RSS = sum (b_i - A_i x)^2 accumulated in
 *       twice the working precision; rows = p gives sigma, standard errors
 *       and covariance NaN (as R).  Coefficients and covariance are then
 *       unscaled by S.  TSS = sum w (y - ybar_w)^2 with an intercept, sum w y^2
 *       without (R's summary.lm); r_squared = 1 - RSS / TSS (NaN if TSS = 0;
 *       0 for the intercept-only model, as R).
 *       NIST StRD: see tests/unit/test_trend.c for the digits reached per set.
 *   L7. sc_trend_linear: rate_i = passed_i / n_i on (x_i - center) / u with
 *       weights n_i and an intercept (L1-L6); center the n-weighted mean of x
 *       and u a power of two (trend.c T3), which makes the two columns
 *       orthogonal in the weighted metric.  The slope is the fitted one over
 *       u; the raw intercept is a_c - b center with variance
 *       V_aa - 2 center V_ab + center^2 V_bb.
 *       R: lm(rate ~ x, weights = n).
 *   L8. sc_trend_value: the same with y_i, unit weights and center the plain
 *       mean of x.  R: lm(y ~ x).
 *   L9. For both: df = k - 2, t-based Wald quantities (trend.c T8) with df,
 *       deviance = RSS, null_deviance = TSS, dispersion = scale = RSS / df,
 *       residual_sd = sigma, r_squared as L6.  Fewer than two distinct x:
 *       SC_EDOMAIN, condition SC_TREND_TOO_FEW_POINTS.  Two points:
 *       condition SC_TREND_SATURATED (trend.c T9).  A constant series is
 *       not fitted (trend.c T10): condition SC_TREND_CONSTANT, slope and
 *       standard errors exactly 0, statistic and p-value NaN.
 *  L10. sc_trend_value fits y / 2^e, 2^e near the largest |y|, and scales
 *       the results back (exact): the sums of squares stay finite and normal
 *       for any finite y whose squares are (records.h SC_VALUE_MAX).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_permute_vector.h>

#include "alloc.h"
#include "spotcheck/trend.h"

#include "trend_internal.h"

#define CONDITION_MAX 1e13
#define REFINE_STEPS 10

/* ---- twice the working precision (L5) --------------------------------------------- */

/* A sum s + e carried as two doubles (Ogita, Rump & Oishi's Dot2). */
typedef struct dsum {
    double hi;
    double lo;
} dsum;

static void dsum_add(dsum *s, double a)
{
    double t = s->hi + a;
    double z = t - s->hi;
    s->lo += (s->hi - (t - z)) + (a - z); /* TwoSum error term */
    s->hi = t;
}

static void dsum_add_product(dsum *s, double a, double b)
{
    double p = a * b;
    double e = fma(a, b, -p); /* TwoProduct error term, exact */
    dsum_add(s, p);
    s->lo += e;
}

static double dsum_value(dsum s) { return s.hi + s.lo; }

/* ---- the factorised problem (L2-L6) -------------------------------------------------- */

typedef struct lsq_problem {
    size_t m, p;
    double *a;       /* m x p, A of L2 (kept for the residuals) */
    double *qr;      /* m x p, QR factors (gsl_linalg_QRPT_decomp) */
    double *tau;     /* p */
    size_t *perm;    /* p */
    double *norm;    /* p, workspace of the decomposition */
    double *work_m;  /* m */
    double *work_m2; /* m */
    double *work_p;  /* p */
    double *work_p2; /* p */
    double *work_p3; /* p */
} lsq_problem;

static void problem_free(lsq_problem *pb)
{
    free(pb->a);
    free(pb->qr);
    free(pb->tau);
    free(pb->perm);
    free(pb->norm);
    free(pb->work_m);
    free(pb->work_m2);
    free(pb->work_p);
    free(pb->work_p2);
    free(pb->work_p3);
}

static sc_status problem_alloc(lsq_problem *pb, size_t m, size_t p)
{
    *pb = (lsq_problem){.m = m, .p = p};
    pb->a = sc_malloc(m * p * sizeof *pb->a);
    pb->qr = sc_malloc(m * p * sizeof *pb->qr);
    pb->tau = sc_malloc(p * sizeof *pb->tau);
    pb->perm = sc_malloc(p * sizeof *pb->perm);
    pb->norm = sc_malloc(p * sizeof *pb->norm);
    pb->work_m = sc_malloc(m * sizeof *pb->work_m);
    pb->work_m2 = sc_malloc(m * sizeof *pb->work_m2);
    pb->work_p = sc_malloc(p * sizeof *pb->work_p);
    pb->work_p2 = sc_malloc(p * sizeof *pb->work_p2);
    pb->work_p3 = sc_malloc(p * sizeof *pb->work_p3);
    if (!pb->a || !pb->qr || !pb->tau || !pb->perm || !pb->norm || !pb->work_m || !pb->work_m2 ||
        !pb->work_p || !pb->work_p2 || !pb->work_p3) {
        problem_free(pb);
        return SC_ENOMEM;
    }
    return SC_OK;
}

/* Solves r + A x = b, A' r = c with the QR factors of A P (L5): with
 * Q'b = (b1, b2) and P'c: d1 = R^-T P'c, z = R^-1 (b1 - d1), x = P z,
 * r = Q (d1, b2).  b and r have m elements, c and x p; b may alias r. */
static void augmented_solve(lsq_problem *pb, const double *b, const double *c, double *x, double *r)
{
    size_t m = pb->m, p = pb->p;
    gsl_matrix_view qr = gsl_matrix_view_array(pb->qr, m, p);
    gsl_matrix_const_view rfac = gsl_matrix_const_submatrix(&qr.matrix, 0, 0, p, p);
    gsl_vector_view tau = gsl_vector_view_array(pb->tau, p);
    gsl_permutation perm = {.size = p, .data = pb->perm};

    gsl_vector_view qb = gsl_vector_view_array(pb->work_m, m);
    memcpy(pb->work_m, b, m * sizeof *b);
    gsl_linalg_QR_QTvec(&qr.matrix, &tau.vector, &qb.vector);

    gsl_vector_view d1 = gsl_vector_view_array(pb->work_p, p);
    memcpy(pb->work_p, c, p * sizeof *c);
    gsl_permute_vector(&perm, &d1.vector); /* P'c */
    gsl_blas_dtrsv(CblasUpper, CblasTrans, CblasNonUnit, &rfac.matrix, &d1.vector);

    gsl_vector_view z = gsl_vector_view_array(x, p);
    for (size_t j = 0; j < p; j++)
        x[j] = pb->work_m[j] - pb->work_p[j];
    gsl_blas_dtrsv(CblasUpper, CblasNoTrans, CblasNonUnit, &rfac.matrix, &z.vector);
    gsl_permute_vector_inverse(&perm, &z.vector); /* x = P z */

    for (size_t j = 0; j < p; j++)
        pb->work_m[j] = pb->work_p[j];
    gsl_linalg_QR_Qvec(&qr.matrix, &tau.vector, &qb.vector);
    memcpy(r, pb->work_m, m * sizeof *r);
}

static double max_abs(const double *v, size_t len)
{
    double m = 0;
    for (size_t i = 0; i < len; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

/* Refined solution of the augmented system (L5).  x has p elements, r m. */
static void refined_solve(lsq_problem *pb, const double *b, const double *c, double *x, double *r)
{
    size_t m = pb->m, p = pb->p;
    double *f = pb->work_m2, *g = pb->work_p2, *dx = pb->work_p3;
    augmented_solve(pb, b, c, x, r);
    double last = INFINITY;
    for (int step = 0; step < REFINE_STEPS; step++) {
        for (size_t i = 0; i < m; i++) {
            dsum s = {b[i], 0};
            dsum_add(&s, -r[i]);
            for (size_t j = 0; j < p; j++)
                dsum_add_product(&s, -pb->a[i * p + j], x[j]);
            f[i] = dsum_value(s);
        }
        for (size_t j = 0; j < p; j++) {
            dsum s = {c[j], 0};
            for (size_t i = 0; i < m; i++)
                dsum_add_product(&s, -pb->a[i * p + j], r[i]);
            g[j] = dsum_value(s);
        }
        /* the correction (dx, dr): dr overwrites f, which is read first */
        augmented_solve(pb, f, g, dx, f);
        double size = max_abs(dx, p);
        if (!(size < last))
            break; /* not contracting: keep the last iterate */
        for (size_t j = 0; j < p; j++)
            x[j] += dx[j];
        for (size_t i = 0; i < m; i++)
            r[i] += f[i];
        if (size <= 0x1p-60 * max_abs(x, p))
            break;
        last = size;
    }
}

void sc_trend_lsq_free(sc_trend_lsq *fit) { free(fit); }

static bool all_finite(const double *v, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

sc_status sc_trend_lsq_fit(const double *design, size_t rows, size_t cols, const double *y,
                           const double *weights, bool intercept, sc_trend_lsq **out)
{
    if (!out)
        return SC_EINVAL;
    *out = NULL;
    if ((!design && cols > 0) || (!y && rows > 0) || (cols == 0 && !intercept))
        return SC_EINVAL;
    if (cols > 0 && rows > SIZE_MAX / cols / sizeof(double))
        return SC_ENOMEM;
    size_t p = cols + (intercept ? 1 : 0);
    if (p > SIZE_MAX / p / sizeof(double) || rows > SIZE_MAX / p / sizeof(double))
        return SC_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < rows; i++) {
        double w = weights ? weights[i] : 1.0;
        if (!isfinite(w) || w < 0 || !isfinite(y[i]) || !all_finite(design + i * cols, cols))
            return SC_EINVAL;
        if (w > 0)
            m++;
    }
    if (m < p)
        return SC_EDOMAIN;

    lsq_problem pb;
    sc_status status = problem_alloc(&pb, m, p);
    if (status != SC_OK)
        return status;
    double *b = sc_malloc(m * sizeof *b), *r = sc_malloc(m * sizeof *r), *x = sc_malloc(p * sizeof *x),
           *c = sc_malloc(p * sizeof *c), *inv = sc_malloc(p * p * sizeof *inv),
           *scale = sc_malloc(p * sizeof *scale);
    size_t result_size = sizeof(sc_trend_lsq) + (2 * p + p * p) * sizeof(double);
    sc_trend_lsq *fit = sc_malloc(result_size);
    if (!b || !r || !x || !c || !inv || !scale || !fit) {
        status = SC_ENOMEM;
        goto done;
    }

    /* L2: A = diag(sqrt w) Z S^-1, b = sqrt(w) y */
    for (size_t i = 0, row = 0; i < rows; i++) {
        double w = weights ? weights[i] : 1.0;
        if (!(w > 0))
            continue;
        double sw = weights ? sqrt(w) : 1.0;
        size_t j = 0;
        if (intercept)
            pb.a[row * p + j++] = sw;
        for (size_t col = 0; col < cols; col++)
            pb.a[row * p + j++] = sw * design[i * cols + col];
        b[row] = sw * y[i];
        row++;
    }
    for (size_t j = 0; j < p; j++) {
        double size = 0;
        for (size_t i = 0; i < m; i++)
            size = fmax(size, fabs(pb.a[i * p + j]));
        if (!(size > 0) || !isfinite(size)) {
            status = SC_EDOMAIN; /* a zero column, or sqrt(w) x overflowed */
            goto done;
        }
        int e;
        frexp(size, &e);
        scale[j] = ldexp(1.0, e);
        for (size_t i = 0; i < m; i++)
            pb.a[i * p + j] /= scale[j]; /* exact: a power of two */
    }

    /* L3, L4 */
    memcpy(pb.qr, pb.a, m * p * sizeof *pb.a);
    {
        gsl_matrix_view qr = gsl_matrix_view_array(pb.qr, m, p);
        gsl_vector_view tau = gsl_vector_view_array(pb.tau, p);
        gsl_vector_view norm = gsl_vector_view_array(pb.norm, p);
        gsl_permutation perm = {.size = p, .data = pb.perm};
        int signum;
        gsl_linalg_QRPT_decomp(&qr.matrix, &tau.vector, &perm, &signum, &norm.vector);
    }
    double r11 = fabs(pb.qr[0]), rpp = fabs(pb.qr[(p - 1) * p + (p - 1)]);
    double condition = r11 / rpp;
    if (!(rpp > 0) || !(condition <= CONDITION_MAX)) {
        status = SC_EDOMAIN;
        goto done;
    }

    /* L5: the fit */
    memset(c, 0, p * sizeof *c);
    refined_solve(&pb, b, c, x, r);

    /* L6: RSS from the refined coefficients */
    dsum rss_sum = {0, 0};
    for (size_t i = 0; i < m; i++) {
        dsum s = {b[i], 0};
        for (size_t j = 0; j < p; j++)
            dsum_add_product(&s, -pb.a[i * p + j], x[j]);
        double ri = dsum_value(s);
        dsum_add_product(&rss_sum, ri, ri);
    }
    double rss = dsum_value(rss_sum);
    double df = (double)(m - p);
    double sigma2 = m > p ? rss / df : NAN;

    /* L6: (A'A)^-1 column by column; b = 0 */
    memset(b, 0, m * sizeof *b);
    for (size_t j = 0; j < p; j++) {
        memset(c, 0, p * sizeof *c);
        c[j] = -1.0;
        refined_solve(&pb, b, c, inv + j * p, r);
    }

    fit->rows = m;
    fit->params = p;
    fit->intercept = intercept;
    fit->coef = (double *)(fit + 1);
    fit->se = fit->coef + p;
    fit->cov = fit->se + p;
    for (size_t j = 0; j < p; j++) {
        fit->coef[j] = x[j] / scale[j];
        for (size_t l = 0; l < p; l++) {
            /* symmetrise: the two refined halves agree to rounding */
            double v = 0.5 * (inv[j * p + l] + inv[l * p + j]);
            fit->cov[j * p + l] = sigma2 * v / scale[j] / scale[l];
        }
        fit->se[j] = sqrt(sigma2 * inv[j * p + j]) / scale[j];
    }
    fit->df = df;
    fit->rss = rss;
    fit->sigma = sqrt(sigma2);
    fit->condition = condition;

    /* L6: TSS and R^2 in the caller's units */
    dsum sw = {0, 0}, swy = {0, 0};
    for (size_t i = 0; i < rows; i++) {
        double w = weights ? weights[i] : 1.0;
        if (!(w > 0))
            continue;
        dsum_add(&sw, w);
        dsum_add_product(&swy, w, y[i]);
    }
    double mean = intercept ? dsum_value(swy) / dsum_value(sw) : 0.0;
    dsum tss_sum = {0, 0};
    for (size_t i = 0; i < rows; i++) {
        double w = weights ? weights[i] : 1.0;
        if (!(w > 0))
            continue;
        double d = y[i] - mean;
        dsum_add_product(&tss_sum, w * d, d);
    }
    fit->tss = dsum_value(tss_sum);
    if (intercept && p == 1)
        fit->r_squared = 0.0; /* the mean explains nothing (R's summary.lm) */
    else
        fit->r_squared = fit->tss > 0 ? 1.0 - rss / fit->tss : NAN;
    *out = fit;
    fit = NULL;
    status = SC_OK;

done:
    free(fit);
    free(b);
    free(r);
    free(x);
    free(c);
    free(inv);
    free(scale);
    problem_free(&pb);
    return status;
}

/* ---- L7-L9: linear trends --------------------------------------------------------------- */

/* Fits value = a_c + b_s xs by L1-L6, xs = (x - center) / unit (T3), and
 * fills the fit (L9) with b = b_s / unit. */
static sc_status fit_line(const double *xs, const double *y, const double *w, size_t k,
                          double center, double unit, sc_trend_fit *out)
{
    sc_trend_lsq *lsq = NULL;
    sc_status status = sc_trend_lsq_fit(xs, k, 1, y, w, true, &lsq);
    if (status != SC_OK)
        return status;
    double vaa = lsq->cov[0], vab = lsq->cov[1] / unit, vbb = lsq->cov[3] / unit / unit;
    out->center = center;
    out->center_value = lsq->coef[0];
    out->slope = lsq->coef[1] / unit;
    out->center_var = vaa;
    out->center_slope_cov = vab;
    out->slope_se = lsq->se[1] / unit;
    out->intercept = lsq->coef[0] - out->slope * center;
    double var = vaa - 2.0 * center * vab + center * center * vbb;
    out->intercept_se = var >= 0 ? sqrt(var) : NAN;
    out->df = lsq->df;
    out->deviance = lsq->rss;
    out->null_deviance = lsq->tss;
    out->dispersion = lsq->sigma * lsq->sigma;
    out->scale = out->dispersion;
    out->residual_sd = lsq->sigma;
    out->r_squared = lsq->r_squared;
    sc_trend_fill_wald(out, lsq->df);
    sc_trend_lsq_free(lsq);
    return SC_OK;
}

/* T10: the fit of a constant series `value` with k points about `center`. */
static void constant_fit(sc_trend_fit *out, double value, size_t k, double center)
{
    out->condition = SC_TREND_CONSTANT;
    out->center = center;
    out->center_value = value;
    out->center_var = 0.0;
    out->center_slope_cov = 0.0;
    out->intercept = value;
    out->intercept_se = 0.0;
    out->slope = 0.0;
    out->slope_se = 0.0;
    out->df = (double)k - 2.0;
    out->deviance = 0.0;
    out->null_deviance = 0.0;
    out->dispersion = k > 2 ? 0.0 : NAN;
    out->scale = out->dispersion;
    out->residual_sd = out->dispersion;
    out->r_squared = NAN;
    sc_trend_fill_wald(out, out->df); /* statistic and p-value NaN, interval [0, 0] */
    out->slope_lower = out->slope_upper = 0.0;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

/* T10: whether every passed_i / n_i is the same fraction (exact: the counts
 * are integers up to 2^53, held exactly in doubles). */
static bool constant_rates(const sc_trend_data *d)
{
    uint64_t p0 = (uint64_t)d->passed[0], n0 = (uint64_t)d->n[0], g0 = gcd(p0, n0);
    for (size_t i = 1; i < d->k; i++) {
        uint64_t p = (uint64_t)d->passed[i], n = (uint64_t)d->n[i], g = gcd(p, n);
        if (p / g != p0 / g0 || n / g != n0 / g0)
            return false;
    }
    return true;
}

/* Leaves *out with NaN numbers after a failure (T7). */
static sc_status fail(sc_trend_fit *out, sc_status status)
{
    sc_trend_fit keep = *out;
    sc_trend_fit_clear(out, keep.model, keep.level);
    out->condition = keep.condition;
    out->points = keep.points;
    out->n = keep.n;
    out->passed = keep.passed;
    return status;
}

sc_status sc_trend_linear(const sc_trend_point *points, size_t count, double level,
                          sc_trend_fit *out)
{
    if (!out)
        return SC_EINVAL;
    sc_trend_fit_clear(out, SC_TREND_LINEAR, level);
    if (!sc_trend_level_ok(level))
        return SC_EINVAL;
    sc_trend_data data;
    sc_status status = sc_trend_data_load(points, count, &data);
    if (status != SC_OK)
        return status;
    out->points = data.k;
    out->n = data.total_n;
    out->passed = data.total_passed;
    if (!data.distinct) {
        out->condition = SC_TREND_TOO_FEW_POINTS;
        sc_trend_data_free(&data);
        return SC_EDOMAIN;
    }
    if (constant_rates(&data)) {
        constant_fit(out, data.passed[0] / data.n[0], data.k, data.center);
        sc_trend_data_free(&data);
        return SC_OK;
    }
    /* rate_i into the passed array: it is ours */
    for (size_t i = 0; i < data.k; i++)
        data.passed[i] /= data.n[i];
    status = fit_line(data.xs, data.passed, data.n, data.k, data.center, data.unit, out);
    if (status == SC_OK && data.k == 2)
        out->condition = SC_TREND_SATURATED; /* T9 */
    sc_trend_data_free(&data);
    return status == SC_OK ? SC_OK : fail(out, status);
}

sc_status sc_trend_value(const double *x, const double *y, size_t count, double level,
                         sc_trend_fit *out)
{
    if (!out)
        return SC_EINVAL;
    sc_trend_fit_clear(out, SC_TREND_VALUE, level);
    if (!sc_trend_level_ok(level) || (count > 0 && (!x || !y)))
        return SC_EINVAL;
    if (!all_finite(x, count) || !all_finite(y, count))
        return SC_EINVAL;
    out->points = count;
    bool distinct = false;
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        if (x[i] != x[0])
            distinct = true;
        sum += (x[i] - x[0]) / (double)count;
    }
    if (!distinct) {
        out->condition = SC_TREND_TOO_FEW_POINTS;
        return SC_EDOMAIN;
    }
    double center = x[0] + sum;
    double largest = 0;
    for (size_t i = 0; i < count; i++)
        largest = fmax(largest, fabs(y[i]));
    bool constant = true;
    for (size_t i = 1; i < count && constant; i++)
        constant = fabs(y[i] - y[0]) <= 8 * DBL_EPSILON * largest;
    if (constant) {
        constant_fit(out, y[0], count, center);
        return SC_OK;
    }
    /* L10: the values are fitted divided by a power of two near the largest
     * (exact), and the results scaled back, so that sums of squares neither
     * overflow (values near 1e155) nor underflow (near 1e-300) */
    double factor = ldexp(1.0, ilogb(largest));
    double *xs = sc_malloc(2 * count * sizeof *xs);
    if (!xs)
        return fail(out, SC_ENOMEM);
    double *scaled = xs + count;
    for (size_t i = 0; i < count; i++)
        scaled[i] = y[i] / factor;
    double unit = sc_trend_scale_positions(x, count, center, xs);
    sc_status status = isfinite(center) && isfinite(unit)
                           ? fit_line(xs, scaled, NULL, count, center, unit, out)
                           : SC_EINVAL;
    if (status == SC_OK) {
        double *linear[] = {&out->intercept,   &out->intercept_se, &out->slope,
                            &out->slope_se,    &out->slope_lower,  &out->slope_upper,
                            &out->residual_sd, &out->center_value};
        double *squared[] = {&out->deviance, &out->null_deviance,  &out->dispersion,
                             &out->scale,    &out->center_var,     &out->center_slope_cov};
        for (size_t i = 0; i < sizeof linear / sizeof linear[0]; i++)
            *linear[i] *= factor;
        for (size_t i = 0; i < sizeof squared / sizeof squared[0]; i++)
            *squared[i] = *squared[i] * factor * factor;
    }
    if (status == SC_OK && count == 2)
        out->condition = SC_TREND_SATURATED; /* T9 */
    free(xs);
    return status == SC_OK ? SC_OK : fail(out, status);
}
