/* spotcheck — the logistic trend: binomial GLM with logit link of the
 * counted outcome on x, fitted by IRLS, with Wald and profile-likelihood
 * intervals of the slope and quasi-binomial standard errors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   G1. Input as trend.c T3: points with n = 0 dropped, k the points kept.
 *       The model is logit P(outcome | x_i) = a + b x_i with y_i = passed_i of
 *       n_i, R's glm(cbind(passed, n - passed) ~ x, family = binomial).
 *   G2. The fit is computed on (x_i - c) / u, c the n-weighted mean of x and
 *       u a power of two (T3), so that the intercept column and the slope
 *       column are nearly orthogonal in the IRLS metric and years near 2020
 *       cost no digits.  The slope is the fitted one over u; the intercept
 *       at x = 0 (R's coefficient) is a_c - b c with variance
 *       V_aa - 2 c V_ab + c^2 V_bb.  Forecasts use the centred
 *       quantities (center, center_value, center_var, center_slope_cov).
 *   G3. Before fitting, the cases where the maximum-likelihood estimate does
 *       not exist are recognised exactly, from the data, not from a
 *       diverging iteration (Albert & Anderson 1984, Biometrika 71:1-10;
 *       with one covariate and an intercept the MLE fails to exist iff some
 *       line a + b x = 0 separates the successes from the failures):
 *         - fewer than two distinct x: SC_TREND_TOO_FEW_POINTS;
 *         - no success (every rate 0): SC_TREND_ALL_ZERO;
 *           no failure (every rate 1): SC_TREND_ALL_ONE;
 *         - with S the x of points with passed > 0 and F those with
 *           passed < n: max F <= min S: SC_TREND_SEPARATION_UP (slope
 *           -> +infinity); max S <= min F: SC_TREND_SEPARATION_DOWN;
 *           complete_separation = 1 when the inequality is strict, 0 when
 *           one x holds both outcomes (quasi-complete separation).
 *       All return SC_EDOMAIN with NaN numbers: R would print huge
 *       coefficients and standard errors with a warning; we print none.
 *   G4. IRLS = Newton's method for the canonical link.  Start as R's
 *       binomial()$initialize: mu_i = (y_i + 1/2) / (n_i + 1), first step the
 *       weighted regression of the working response eta + (y - n mu) /
 *       (n mu (1 - mu)) on (1, xs) with weights n mu (1 - mu), xs = (x - c)/u.
 *       Then each step regresses (y_i - n_i p_i) / sqrt(n_i p_i q_i) on
 *       sqrt(n_i p_i q_i) (1, xs_i) for the correction.  Every least
 *       squares problem is solved through Householder QR
 *       (gsl_linalg_QR_decomp, gsl_linalg_QR_lssolve), never the normal
 *       equations.  Damped Newton: a step is first shortened so that no
 *       linear predictor moves by more than 10 (near separation the weights
 *       underflow and the raw step can be 1e25 long), then halved while it
 *       raises the deviance (at most 40 times).  R takes full steps and
 *       halves only on a non-finite deviance; where R converges the optimum
 *       is the same (the log-likelihood is strictly concave when the MLE
 *       exists), and damping converges where R's iteration runs off to a
 *       spurious "fitted probabilities numerically 0 or 1" answer.
 *       Converged when a full Newton step is below 1e-10 standard errors in
 *       both coefficients -- tighter than R's test (relative deviance
 *       change < 1e-8), which can stop ~1e-9 short in the coefficients --
 *       or when full steps below 1e-6 standard errors stop shrinking (to
 *       more than half the previous one): Newton's steps shrink
 *       quadratically, so such steps are the rounding floor of the working
 *       residuals.  That floor is ~1e-14 for ordinary series, and ~1e-8 when
 *       a point's fitted probability is ~1e-16 while its count is not 0
 *       (its working residual (y - n p) / sqrt(n p q) is then ~1e8).  At
 *       most 100 iterations (R: 25, for its looser test; the damped phase
 *       far from the optimum needs more); then the fit is accepted if R's
 *       own test is met and is otherwise SC_ENOCONV.
 *       Probabilities are p = plogis(eta) and q = plogis(-eta), each with
 *       full relative precision (numeric/numeric.c scn_logistic).
 *   G5. Deviance 2 sum [bd0(y_i, n_i p_i) + bd0(n_i - y_i, n_i q_i)] with
 *       Loader's bd0(x, np) = x log(x / np) + np - x (numeric/numeric.c), the same
 *       quantity as R's binomial()$dev.resids without its cancellation near a
 *       perfect fit; null deviance at p = Y / N; Pearson
 *       X^2 = sum (y_i - n_i p_i)^2 / (n_i p_i q_i).  The covariance comes
 *       from the QR factor of the final weighted design at the converged
 *       coefficients (R takes the weights of its last iteration).
 *   G6. Dispersion phi = X^2 / (k - 2) (NaN for k = 2).  Rule NONE: binomial
 *       standard errors, normal z; QUASI: standard errors times sqrt(phi),
 *       t with k - 2 df (R's quasibinomial summary); AUTO: QUASI when
 *       phi > 1, else NONE.  `quasi` and `scale` report what was used.  QUASI
 *       with k = 2 leaves the standard errors NaN (as R).
 *   G7. Profile-likelihood interval of the slope, as R's confint on a glm
 *       (MASS::profile.glm with confint.profile.glm): the b where
 *           sign(b - bhat) sqrt((D_p(b) - D(bhat)) / scale) = -+ z_{(1+level)/2},
 *       D_p(b) the deviance minimised over the intercept with the slope held
 *       at b, scale 1 (binomial) or phi (quasi), and the normal quantile in
 *       both cases (MASS uses qnorm also for quasi families).  MASS
 *       interpolates a spline through profile points; here each bound is
 *       solved for directly: the intercept by safeguarded Newton on the score
 *       sum (y_i - n_i p_i) = 0, the bound by Brent's method after doubling
 *       a bracket from bhat -+ z se (at most 60 doublings; beyond that,
 *       profile_status SC_ENOCONV and NaN bounds).  Accuracy ~1e-12 se;
 *       MASS's spline differs from the exact bound by 1e-6 to 1e-3 se, and
 *       by up to 1e-2 se where the profile is far from quadratic (a few
 *       units per period).
 *       Note: with quasi-binomial errors the Wald interval uses t (G8) and
 *       this one z, so for few periods the profile interval is the
 *       narrower of the two.
 *   G8. Wald quantities as trend.c T8, with z (binomial) or t on k - 2 df
 *       (quasi): statistic, p-value (R's summary.glm) and b -+ q se(b)
 *       (R's confint.default uses z even for quasi fits; we use the
 *       quantile of the p-value so that the interval excludes 0 exactly
 *       when p < 1 - level).  odds_ratio = exp(b).
 *   G9. Failure (SC_EINVAL, SC_ENOMEM, SC_ENOCONV) leaves the numbers NaN
 *       (T7); the counts and the condition stay filled where known.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>

#include "alloc.h"
#include "spotcheck/trend.h"

#include "trend_internal.h"
#include "numeric/numeric.h"

#define IRLS_MAXIT 100
#define IRLS_STEP_TOL 1e-10 /* G4: Newton step in standard errors */
#define IRLS_NOISE_TOL 1e-6 /* G4: below this, steps that stop shrinking are rounding noise */
#define R_DEVIANCE_TOL 1e-8 /* G4: R's glm.control(epsilon) */
#define HALVINGS 40
#define ETA_STEP_MAX 10.0 /* G4: largest change of a linear predictor in one step */
#define BRACKET_DOUBLINGS 60

typedef struct glm_work {
    size_t k;
    const double *xc; /* x_i - c */
    const double *n;
    const double *y;
    double *design;   /* k x 2, sqrt(w) (1, x - c), then the QR factors */
    double *response; /* k */
    double *residual; /* k */
    double *weight;   /* k */
} glm_work;

/* ---- G5: deviance, score ---------------------------------------------------------------- */

static double deviance_at(const glm_work *g, double a, double b)
{
    double sum = 0;
    for (size_t i = 0; i < g->k; i++) {
        double p, q;
        scn_logistic(a + b * g->xc[i], &p, &q);
        sum += scn_bd0(g->y[i], g->n[i] * p) + scn_bd0(g->n[i] - g->y[i], g->n[i] * q);
    }
    return 2.0 * sum;
}

/* y - n p, computed from q when p > 1/2 so that it keeps its precision. */
static double raw_residual(double y, double n, double p, double q)
{
    return p <= 0.5 ? y - n * p : n * q - (n - y);
}

/* ---- G4: one weighted least-squares problem by QR ----------------------------------------- */

/* Solves min sum (response_i - sqrt(w_i) (s0 + s1 (x_i - c)))^2 where `response`
 * already carries its sqrt(w_i) factor, by Householder QR of the k x 2 design;
 * writes the solution and the unscaled covariance (R'R)^-1 as v[0] = V_aa,
 * v[1] = V_ab, v[2] = V_bb.  SC_EDOMAIN when R is singular or not finite. */
static sc_status wls_solve(glm_work *g, double solution[2], double v[3])
{
    for (size_t i = 0; i < g->k; i++) {
        double sw = sqrt(g->weight[i]);
        g->design[2 * i] = sw;
        g->design[2 * i + 1] = sw * g->xc[i];
    }
    gsl_matrix_view a = gsl_matrix_view_array(g->design, g->k, 2);
    double tau_data[2], sol_data[2];
    gsl_vector_view tau = gsl_vector_view_array(tau_data, 2);
    gsl_linalg_QR_decomp(&a.matrix, &tau.vector);
    double r11 = g->design[0], r12 = g->design[1], r22 = g->design[3];
    if (!(fabs(r11) > 0) || !(fabs(r22) > 0) || !isfinite(r11) || !isfinite(r12) || !isfinite(r22))
        return SC_EDOMAIN;
    gsl_vector_const_view rhs = gsl_vector_const_view_array(g->response, g->k);
    gsl_vector_view sol = gsl_vector_view_array(sol_data, 2);
    gsl_vector_view res = gsl_vector_view_array(g->residual, g->k);
    gsl_linalg_QR_lssolve(&a.matrix, &tau.vector, &rhs.vector, &sol.vector, &res.vector);
    solution[0] = sol_data[0];
    solution[1] = sol_data[1];
    /* (R'R)^-1 = R^-1 R^-T with R^-1 = [1/r11, -r12/(r11 r22); 0, 1/r22] */
    double i11 = 1.0 / r11, i12 = -r12 / (r11 * r22), i22 = 1.0 / r22;
    v[0] = i11 * i11 + i12 * i12;
    v[1] = i12 * i22;
    v[2] = i22 * i22;
    return SC_OK;
}

/* Weights n p q and scaled working residuals (y - n p) / sqrt(n p q) at
 * (a, b); SC_EDOMAIN if a weight underflows (|eta| beyond ~700). */
static sc_status newton_system(glm_work *g, double a, double b)
{
    for (size_t i = 0; i < g->k; i++) {
        double p, q;
        scn_logistic(a + b * g->xc[i], &p, &q);
        double w = g->n[i] * p * q;
        if (!(w > 0) || !isfinite(w))
            return SC_EDOMAIN;
        g->weight[i] = w;
        g->response[i] = raw_residual(g->y[i], g->n[i], p, q) / sqrt(w);
    }
    return SC_OK;
}

/* G4: IRLS from R's start.  On SC_OK beta holds (a_c, b), *dev the deviance,
 * v the unscaled covariance at beta. */
static sc_status irls(glm_work *g, double beta[2], double *dev, double v[3], int *iterations)
{
    /* R's start: mu = (y + 1/2) / (n + 1), one regression of the working response */
    for (size_t i = 0; i < g->k; i++) {
        double n = g->n[i], y = g->y[i];
        double mu = (y + 0.5) / (n + 1.0), nu = (n - y + 0.5) / (n + 1.0);
        double eta = log((y + 0.5) / (n - y + 0.5));
        double w = n * mu * nu;
        g->weight[i] = w;
        g->response[i] = sqrt(w) * (eta + (y - n * mu) / w);
    }
    sc_status status = wls_solve(g, beta, v);
    if (status != SC_OK)
        return status;
    *iterations = 1;
    *dev = deviance_at(g, beta[0], beta[1]);
    if (!isfinite(*dev))
        return SC_ENOCONV;

    bool converged = false, r_test = false;
    double last_size = INFINITY;
    while (*iterations < IRLS_MAXIT) {
        double step[2];
        status = newton_system(g, beta[0], beta[1]);
        if (status == SC_OK)
            status = wls_solve(g, step, v);
        if (status != SC_OK)
            return SC_ENOCONV;
        (*iterations)++;
        double size = fmax(fabs(step[0]) / sqrt(v[0]), fabs(step[1]) / sqrt(v[2]));
        /* converged: a negligible step, or steps that stopped shrinking at the
         * rounding floor (Newton's steps shrink quadratically).  The step is
         * taken whole: its effect on the deviance, ~size^2, is below the
         * deviance's own rounding, so a line search would only see noise. */
        if (size <= IRLS_STEP_TOL || (size <= IRLS_NOISE_TOL && size > 0.5 * last_size)) {
            beta[0] += step[0];
            beta[1] += step[1];
            *dev = deviance_at(g, beta[0], beta[1]);
            converged = true;
            break;
        }
        /* cap the change of any linear predictor at ETA_STEP_MAX: near
         * separation the weights n p q underflow toward 0 and the Newton
         * step can be 1e25 long */
        double reach = 0;
        for (size_t i = 0; i < g->k; i++)
            reach = fmax(reach, fabs(step[0] + step[1] * g->xc[i]));
        double lambda = reach > ETA_STEP_MAX ? ETA_STEP_MAX / reach : 1.0, trial = NAN;
        int halving;
        for (halving = 0; halving <= HALVINGS; halving++) {
            trial = deviance_at(g, beta[0] + lambda * step[0], beta[1] + lambda * step[1]);
            /* allow rounding-level increases (each bd0 term carries ~200 eps
             * relative error away from x = np) */
            if (isfinite(trial) && trial <= *dev + 1024 * DBL_EPSILON * (*dev + 1.0))
                break;
            lambda /= 2;
        }
        if (halving > HALVINGS) {
            /* no descent along the Newton direction: at the optimum to rounding? */
            converged = size <= IRLS_NOISE_TOL;
            break;
        }
        r_test = fabs(trial - *dev) / (fabs(trial) + 0.1) < R_DEVIANCE_TOL;
        beta[0] += lambda * step[0];
        beta[1] += lambda * step[1];
        *dev = trial;
        last_size = lambda == 1.0 ? size : INFINITY;
    }
    if (!converged && !r_test)
        return SC_ENOCONV;
    /* G5: covariance at the converged coefficients */
    status = newton_system(g, beta[0], beta[1]);
    double unused[2];
    if (status == SC_OK)
        status = wls_solve(g, unused, v);
    return status == SC_OK ? SC_OK : SC_ENOCONV;
}

/* ---- G7: profile likelihood ---------------------------------------------------------------- */

typedef struct profile_ctx {
    const glm_work *g;
    double slope;     /* bhat */
    double deviance;  /* D(bhat) */
    double scale;     /* 1 or phi */
    double intercept; /* warm start: the last profiled a_c */
    double target;    /* +-z */
    bool failed;
} profile_ctx;

/* sum (y_i - n_i p_i) and sum n_i p_i q_i at (a, b). */
static void score_at(const glm_work *g, double a, double b, double *score, double *info)
{
    double s = 0, h = 0;
    for (size_t i = 0; i < g->k; i++) {
        double p, q;
        scn_logistic(a + b * g->xc[i], &p, &q);
        s += raw_residual(g->y[i], g->n[i], p, q);
        h += g->n[i] * p * q;
    }
    *score = s;
    *info = h;
}

/* The intercept maximising the likelihood at slope b: the root of the score,
 * which decreases in a; bracketed, then Newton with bisection as safeguard.
 * The root exists because 0 < Y < N (G3). */
static bool profile_intercept(const glm_work *g, double b, double *a_io)
{
    double a = *a_io, s, h;
    score_at(g, a, b, &s, &h);
    if (s == 0)
        return true;
    /* a bracket lo < hi with score(lo) > 0 > score(hi), by doubling steps
     * away from a in the direction of the root */
    double lo = a, hi = a, step = 1.0;
    bool found = false;
    for (int i = 0; i < 80 && !found; i++, step *= 2) {
        double t = s > 0 ? a + step : a - step, st, ht;
        score_at(g, t, b, &st, &ht);
        if (st == 0) {
            *a_io = t;
            return true;
        }
        found = (st > 0) != (s > 0);
        if (st > 0)
            lo = t; /* the score decreases: positive means below the root */
        else
            hi = t;
    }
    if (!found)
        return false;
    /* safeguarded Newton: a + score / information, bisection when outside */
    for (int i = 0; i < 200; i++) {
        score_at(g, a, b, &s, &h);
        if (s == 0)
            break;
        if (s > 0)
            lo = a;
        else
            hi = a;
        double next = h > 0 ? a + s / h : NAN;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        double change = fabs(next - a);
        a = next;
        if (change <= 4 * DBL_EPSILON * fmax(1.0, fabs(a)))
            break;
    }
    *a_io = a;
    return isfinite(a);
}

/* sign(b - bhat) sqrt((D_p(b) - D(bhat)) / scale) - target */
static double profile_gap(double b, profile_ctx *ctx)
{
    if (!profile_intercept(ctx->g, b, &ctx->intercept)) {
        ctx->failed = true;
        return NAN;
    }
    double d = deviance_at(ctx->g, ctx->intercept, b) - ctx->deviance;
    double r = sqrt(fmax(0.0, d / ctx->scale));
    return (b < ctx->slope ? -r : r) - ctx->target;
}

static double gap_eval(double slope, void *ctx)
{
    return profile_gap(slope, ctx);
}

/* One bound: direction +1 (upper) or -1 (lower). */
static sc_status profile_bound(profile_ctx *ctx, double center_value, double se, double z,
                               int direction, double *bound)
{
    ctx->target = direction * z;
    ctx->intercept = center_value;
    ctx->failed = false;
    double inner = ctx->slope, f_inner = -ctx->target; /* the gap at bhat */
    double width = z * se;
    double outer = ctx->slope + direction * width;
    double f_outer = profile_gap(outer, ctx);
    int doublings = 0;
    while (!isnan(f_outer) && (direction > 0 ? f_outer < 0 : f_outer > 0)) {
        if (++doublings > BRACKET_DOUBLINGS)
            return SC_ENOCONV;
        inner = outer;
        f_inner = f_outer;
        width *= 2;
        outer = ctx->slope + direction * width;
        f_outer = profile_gap(outer, ctx);
    }
    if (isnan(f_outer))
        return SC_ENOCONV;
    if (scn_brent(gap_eval, ctx, inner, outer, f_inner, f_outer, 1e-12 * se, 200, bound) != SC_OK ||
        ctx->failed)
        return SC_ENOCONV;
    return SC_OK;
}

/* ---- the fit ------------------------------------------------------------------------------ */

/* G3: the conditions without an estimate. */
static sc_trend_condition classify(const sc_trend_data *d, int *complete)
{
    *complete = 0;
    if (!d->distinct)
        return SC_TREND_TOO_FEW_POINTS;
    if (d->total_passed == 0)
        return SC_TREND_ALL_ZERO;
    if (d->total_passed == d->total_n)
        return SC_TREND_ALL_ONE;
    double min_s = INFINITY, max_s = -INFINITY, min_f = INFINITY, max_f = -INFINITY;
    for (size_t i = 0; i < d->k; i++) {
        if (d->passed[i] > 0) {
            min_s = fmin(min_s, d->x[i]);
            max_s = fmax(max_s, d->x[i]);
        }
        if (d->passed[i] < d->n[i]) {
            min_f = fmin(min_f, d->x[i]);
            max_f = fmax(max_f, d->x[i]);
        }
    }
    if (max_f <= min_s) {
        *complete = max_f < min_s;
        return SC_TREND_SEPARATION_UP;
    }
    if (max_s <= min_f) {
        *complete = max_s < min_f;
        return SC_TREND_SEPARATION_DOWN;
    }
    return SC_TREND_FITTED;
}

static sc_status fit_logistic(const sc_trend_data *d, sc_dispersion rule, sc_trend_fit *out)
{
    size_t k = d->k;
    /* the fit runs on xs = (x - c) / u (T3); slope and covariances are
     * scaled back by 1/u at the end */
    glm_work g = {.k = k, .xc = d->xs, .n = d->n, .y = d->passed};
    g.design = sc_malloc(2 * k * sizeof *g.design);
    g.response = sc_malloc(k * sizeof *g.response);
    g.residual = sc_malloc(k * sizeof *g.residual);
    g.weight = sc_malloc(k * sizeof *g.weight);
    sc_status status = SC_ENOMEM;
    if (!g.design || !g.response || !g.residual || !g.weight)
        goto done;

    double beta[2], dev, v[3];
    status = irls(&g, beta, &dev, v, &out->iterations);
    if (status != SC_OK)
        goto done;

    /* G5 */
    double pearson = 0;
    for (size_t i = 0; i < k; i++) {
        double p, q;
        scn_logistic(beta[0] + beta[1] * d->xs[i], &p, &q);
        double r = raw_residual(d->passed[i], d->n[i], p, q);
        pearson += r * r / (d->n[i] * p * q);
    }
    double big_n = (double)d->total_n, big_y = (double)d->total_passed;
    double pbar = big_y / big_n, qbar = (big_n - big_y) / big_n;
    double null_dev = 0;
    for (size_t i = 0; i < k; i++)
        null_dev += scn_bd0(d->passed[i], d->n[i] * pbar) +
                    scn_bd0(d->n[i] - d->passed[i], d->n[i] * qbar);

    /* G6 */
    double df = (double)k - 2.0;
    double phi = k > 2 ? pearson / df : NAN;
    bool quasi = rule == SC_DISPERSION_QUASI || (rule == SC_DISPERSION_AUTO && phi > 1);
    double scale = quasi ? phi : 1.0;

    double c = d->center, u = d->unit;
    double vaa = scale * v[0], vab = scale * v[1] / u, vbb = scale * v[2] / u / u;
    out->center = c;
    out->center_value = beta[0];
    out->slope = beta[1] / u;
    out->center_var = vaa;
    out->center_slope_cov = vab;
    out->slope_se = sqrt(scale * v[2]) / u;    /* not sqrt(vbb): u^2 may overflow */
    out->intercept = beta[0] - out->slope * c; /* G2 */
    double var_a = vaa - 2.0 * c * vab + c * c * vbb;
    out->intercept_se = var_a >= 0 ? sqrt(var_a) : NAN;
    out->df = df;
    out->deviance = dev;
    out->null_deviance = 2.0 * null_dev;
    out->pearson = pearson;
    out->dispersion = phi;
    out->quasi = quasi;
    out->scale = scale;
    out->odds_ratio = exp(out->slope);
    sc_trend_fill_wald(out, quasi ? df : NAN); /* G8 */

    /* G7, on the scaled slope */
    double se_scaled = sqrt(scale * v[2]);
    if (isfinite(scale) && scale > 0 && isfinite(se_scaled)) {
        double z = gsl_cdf_ugaussian_Qinv((1.0 - out->level) / 2.0);
        profile_ctx ctx = {.g = &g, .slope = beta[1], .deviance = dev, .scale = scale};
        double lower, upper = NAN;
        sc_status lo = profile_bound(&ctx, beta[0], se_scaled, z, -1, &lower);
        sc_status hi = SC_OK;
        if (lo == SC_OK)
            hi = profile_bound(&ctx, beta[0], se_scaled, z, +1, &upper);
        out->profile_status = lo != SC_OK ? lo : hi;
        if (out->profile_status == SC_OK) {
            out->profile_lower = lower / u;
            out->profile_upper = upper / u;
        }
    }
    status = SC_OK;

done:
    free(g.design);
    free(g.response);
    free(g.residual);
    free(g.weight);
    return status;
}

sc_status sc_trend_logistic(const sc_trend_point *points, size_t count, double level,
                            sc_dispersion dispersion, sc_trend_fit *out)
{
    if (!out)
        return SC_EINVAL;
    sc_trend_fit_clear(out, SC_TREND_LOGISTIC, level);
    if (!sc_trend_level_ok(level) || (unsigned)dispersion >= SC_DISPERSION_COUNT)
        return SC_EINVAL;
    sc_trend_data data;
    sc_status status = sc_trend_data_load(points, count, &data);
    if (status != SC_OK)
        return status;
    out->points = data.k;
    out->n = data.total_n;
    out->passed = data.total_passed;
    int complete;
    sc_trend_condition condition = classify(&data, &complete);
    if (condition != SC_TREND_FITTED) {
        out->condition = condition;
        out->complete_separation = complete;
        sc_trend_data_free(&data);
        return SC_EDOMAIN;
    }
    status = fit_logistic(&data, dispersion, out);
    if (status == SC_OK && data.k == 2)
        out->condition = SC_TREND_SATURATED; /* T9 */
    sc_trend_data_free(&data);
    if (status != SC_OK) {
        sc_trend_fit keep = *out;
        sc_trend_fit_clear(out, SC_TREND_LOGISTIC, level);
        out->points = keep.points;
        out->n = keep.n;
        out->passed = keep.passed;
    }
    return status;
}
