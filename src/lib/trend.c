/* spotcheck — trends: model registry, input checks, forecasts, target
 * crossing.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   T1. One registry row per model (name, aliases, description, the R call
 *       that fits the same model); names are looked up ASCII
 *       case-insensitively, whole word.  The fits themselves are in
 *       trend_glm.c (logistic) and trend_lm.c (linear, value); each row
 *       carries its fit behind one signature, so callers dispatch through
 *       the registry, and says whether the model fits rates and whether its
 *       forecasts are clipped to [0, 1].
 *   T2. Dispersion rules "auto", "none" (alias "binomial") and "quasi"
 *       (aliases "quasibinomial", "quasi-binomial"); see trend_glm.c G6.
 *   T3. Count input (every model on counts and the Cochran-Armitage test):
 *       points non-NULL when count > 0; each x finite; passed <= n;
 *       n <= 2^53 and the total N <= 2^53 (counts are carried as doubles,
 *       exact up to 2^53); otherwise SC_EINVAL.  Points with n = 0 are
 *       dropped, the others kept in the caller's order; duplicate x are
 *       separate observations (as rows of R's data frame).  The centre is
 *       the n-weighted mean of x, computed as x_1 + sum (n_i / N)(x_i - x_1)
 *       so that years near 2000 lose no digits to their common part.  The
 *       fits work on xs_i = (x_i - c) / u, u the power of two at or above
 *       max |x_i - c|, so that no x scale (1e-300 or 1e300) overflows or
 *       underflows inside them; dividing by a power of two is exact, and
 *       slopes and covariances are scaled back by 1/u.  A spread of x that
 *       is itself not finite (beyond ~1.8e308) is SC_EINVAL.
 *   T4. sc_trend_predict: link = center_value + slope (x - center), its
 *       variance center_var + 2 (x - center) center_slope_cov
 *       + (x - center)^2 slope_se^2 (the covariance is already scaled by
 *       the dispersion, as R's predict.glm(se.fit = TRUE) and predict.lm);
 *       the interval is link -+ q link_se with the fit's quantile q (z for
 *       the binomial fit, t with k - 2 df for quasi-binomial and linear
 *       fits), mapped through plogis (computed as p = 1/(1 + e^-eta) with
 *       full relative precision) for the logistic model.  R: predict(fit,
 *       newdata, type = "link", se.fit = TRUE); predict.lm(interval =
 *       "confidence").  k = 2 linear fits have NaN standard errors and so NaN
 *       bounds.
 *   T5. Linear forecasts of a rate are not clipped to [0, 1]: they are the
 *       model's values; a tool that prints them as rates clips them and says
 *       so.
 *   T6. sc_trend_target: with f(x) the fitted trend (plogis(a + b x) or
 *       a + b x), a floor is met where f(x) >= target, a ceiling where
 *       f(x) <= target.  REACHED when f(from_x) meets it; otherwise AT x* =
 *       center + (g(target) - center_value) / slope (g = logit or identity)
 *       when the slope moves f toward the target (floor: b > 0; ceiling:
 *       b < 0), x* > from_x by construction; NEVER when b = 0 or b has the
 *       other sign.  Logistic targets must be in (0, 1) (0 and 1 are never
 *       reached by a finite trend), others finite.
 *   T7. A fit without numbers (a condition other than SC_TREND_FITTED,
 *       SC_TREND_SATURATED and SC_TREND_CONSTANT, or a failure) has every
 *       double NaN; forecasts and targets of it are SC_EDOMAIN.
 *   T8. Wald quantities: statistic = b / se(b); se = 0 gives statistic
 *       +-infinity (p-value 0) when b != 0 and NaN when b = 0; p-value two
 *       sided, 2 Q(|z|) (normal) or 2 Q_t(|t|; df); quantile z_{(1+level)/2}
 *       or t_{df,(1+level)/2} (GSL gsl_cdf_ugaussian_Qinv, gsl_cdf_tdist_Qinv,
 *       as R's qnorm and qt); interval b -+ quantile se(b).
 *   T9. Two points (k = 2) with distinct x: every model fits them exactly,
 *       so nothing is left to estimate the spread between periods from.
 *       The fit has numbers (the logistic one binomial standard errors,
 *       which assume no over-dispersion; the linear ones none) and the
 *       condition SC_TREND_SATURATED, so that a caller can say so: yearly
 *       inspection series are nearly always over-dispersed, and binomial
 *       errors from two years look falsely precise.
 *   T10. Linear models on a constant series (every rate the same fraction,
 *       compared exactly as reduced fractions; every value within 8 eps of
 *       the largest |y|): the least-squares slope is 0 in exact arithmetic,
 *       but rounding leaves ~1e-17 (rates) or ~1e-47 (values) with a
 *       residual variance of the same noise and a meaningless p-value.  So
 *       no fit is run: condition SC_TREND_CONSTANT, slope, slope_se,
 *       interval, deviance and the centre's variance and covariance 0,
 *       intercept and center_value the constant, statistic and p-value NaN,
 *       dispersion 0 (NaN when k = 2), r_squared NaN; forecasts are the
 *       constant with a zero-width interval.  This takes precedence over T9.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "alloc.h"
#include "spotcheck/groups.h"
#include "spotcheck/trend.h"

#include "numeric/numeric.h"
#include "trend_internal.h"

/* ---- T1: the registry ------------------------------------------------------------ */

/* The fits behind the registry's one signature. */
static sc_status fit_logistic(const sc_trend_point *points, const double *x, const double *y,
                              size_t count, double level, sc_dispersion dispersion,
                              sc_trend_fit *out)
{
    (void)x, (void)y;
    return sc_trend_logistic(points, count, level, dispersion, out);
}

static sc_status fit_linear(const sc_trend_point *points, const double *x, const double *y,
                            size_t count, double level, sc_dispersion dispersion,
                            sc_trend_fit *out)
{
    (void)x, (void)y, (void)dispersion;
    return sc_trend_linear(points, count, level, out);
}

static sc_status fit_value(const sc_trend_point *points, const double *x, const double *y,
                           size_t count, double level, sc_dispersion dispersion,
                           sc_trend_fit *out)
{
    (void)points, (void)dispersion;
    return sc_trend_value(x, y, count, level, out);
}

static const sc_trend_model_info models[SC_TREND_MODEL_COUNT] = {
    [SC_TREND_LOGISTIC] = {.model = SC_TREND_LOGISTIC,
                           .rates = true,
                           .fit = fit_logistic,
                           .entry.name = "logistic",
                           .entry.aliases = "logit,glm,binomial",
                           .entry.description =
                               "logit(rate) = a + b x, binomial GLM fitted by IRLS",
                           .entry.reference =
                               "R glm(cbind(passed, n - passed) ~ x, family = binomial)"},
    [SC_TREND_LINEAR] = {.model = SC_TREND_LINEAR,
                         .rates = true,
                         .clip = true,
                         .fit = fit_linear,
                         .entry.name = "linear",
                         .entry.aliases = "weighted-linear,wls,rate",
                         .entry.description = "rate = a + b x, least squares weighted by n",
                         .entry.reference = "R lm(passed / n ~ x, weights = n)"},
    [SC_TREND_VALUE] = {.model = SC_TREND_VALUE,
                        .fit = fit_value,
                        .entry.name = "value",
                        .entry.aliases = "numeric,ols",
                        .entry.description =
                            "y = a + b x for a numeric series, ordinary least squares",
                        .entry.reference = "R lm(y ~ x)"},
};

const sc_trend_model_info *sc_trend_model_get(sc_trend_model model)
{
    if ((unsigned)model >= SC_TREND_MODEL_COUNT)
        return NULL;
    return &models[model];
}

const sc_registry sc_trend_models = {.what = "trend model",
                                     .rows = models,
                                     .count = SC_TREND_MODEL_COUNT,
                                     .stride = sizeof models[0]};

sc_status sc_trend_model_from_name(const char *name, sc_trend_model *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_trend_models, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_trend_model)index;
    return status;
}

/* ---- T2: dispersion rules ---------------------------------------------------------- */

static const sc_registry_entry dispersions[SC_DISPERSION_COUNT] = {
    [SC_DISPERSION_AUTO] = {.name = "auto",
                            .description = "quasi-binomial when the Pearson dispersion exceeds "
                                           "1, else binomial (trend_glm.c G6)"},
    [SC_DISPERSION_NONE] = {.name = "none",
                            .aliases = "binomial",
                            .description = "binomial standard errors",
                            .reference = "R glm(family = binomial)"},
    [SC_DISPERSION_QUASI] = {.name = "quasi",
                             .aliases = "quasibinomial,quasi-binomial",
                             .description = "quasi-binomial standard errors, always",
                             .reference = "R glm(family = quasibinomial)"},
};

const sc_registry sc_dispersions = {.what = "dispersion rule",
                                    .rows = dispersions,
                                    .count = SC_DISPERSION_COUNT,
                                    .stride = sizeof dispersions[0]};

const char *sc_dispersion_name(sc_dispersion rule)
{
    if ((unsigned)rule >= SC_DISPERSION_COUNT)
        return "unknown";
    return dispersions[rule].name;
}

sc_status sc_dispersion_from_name(const char *name, sc_dispersion *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_dispersions, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_dispersion)index;
    return status;
}

const char *sc_trend_condition_name(sc_trend_condition condition)
{
    static const char *const names[SC_TREND_CONDITION_COUNT] = {
        [SC_TREND_FITTED] = "fitted",
        [SC_TREND_TOO_FEW_POINTS] = "too-few-points",
        [SC_TREND_ALL_ZERO] = "all-zero",
        [SC_TREND_ALL_ONE] = "all-one",
        [SC_TREND_SEPARATION_UP] = "separation-up",
        [SC_TREND_SEPARATION_DOWN] = "separation-down",
        [SC_TREND_SATURATED] = "saturated",
        [SC_TREND_CONSTANT] = "constant",
    };
    if ((unsigned)condition >= SC_TREND_CONDITION_COUNT)
        return "unknown";
    return names[condition];
}

bool sc_trend_condition_has_numbers(sc_trend_condition condition)
{
    return condition == SC_TREND_FITTED || condition == SC_TREND_SATURATED ||
           condition == SC_TREND_CONSTANT;
}

const char *sc_crossing_name(sc_crossing_kind kind)
{
    switch (kind) {
    case SC_CROSSING_REACHED:
        return "reached";
    case SC_CROSSING_AT:
        return "at";
    case SC_CROSSING_NEVER:
        return "never";
    }
    return "unknown";
}

/* ---- T3: count input ------------------------------------------------------------- */

void sc_trend_data_free(sc_trend_data *data)
{
    if (!data)
        return;
    free(data->x);
    free(data->n);
    free(data->passed);
    free(data->xs);
    *data = (sc_trend_data){.x = NULL};
}

double sc_trend_scale_positions(const double *x, size_t k, double center, double *xs)
{
    double spread = 0;
    for (size_t i = 0; i < k; i++)
        spread = fmax(spread, fabs(x[i] - center));
    if (!isfinite(spread))
        return spread;
    double unit = 1.0;
    if (spread > 0) {
        int e;
        frexp(spread, &e); /* spread in [2^(e-1), 2^e) */
        unit = ldexp(1.0, e);
    }
    for (size_t i = 0; i < k; i++)
        xs[i] = (x[i] - center) / unit;
    return unit;
}

sc_status sc_trend_data_load(const sc_trend_point *points, size_t count, sc_trend_data *data)
{
    *data = (sc_trend_data){.center = NAN};
    if (count > 0 && !points)
        return SC_EINVAL;
    uint64_t total = 0, total_passed = 0;
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        const sc_trend_point *pt = &points[i];
        if (!isfinite(pt->x) || pt->passed > pt->n || pt->n > SC_COUNT_MAX)
            return SC_EINVAL;
        if (pt->n == 0)
            continue;
        total += pt->n; /* no overflow: each term and the running total <= 2^53 */
        total_passed += pt->passed;
        if (total > SC_COUNT_MAX)
            return SC_EINVAL;
        k++;
    }
    data->total_n = total;
    data->total_passed = total_passed;
    if (k == 0)
        return SC_OK;
    data->x = sc_malloc(k * sizeof *data->x);
    data->n = sc_malloc(k * sizeof *data->n);
    data->passed = sc_malloc(k * sizeof *data->passed);
    data->xs = sc_malloc(k * sizeof *data->xs);
    if (!data->x || !data->n || !data->passed || !data->xs) {
        sc_trend_data_free(data);
        return SC_ENOMEM;
    }
    double first = NAN, sum = 0, big_n = (double)total;
    for (size_t i = 0, j = 0; i < count; i++) {
        const sc_trend_point *pt = &points[i];
        if (pt->n == 0)
            continue;
        if (j == 0)
            first = pt->x;
        else if (pt->x != first)
            data->distinct = true;
        data->x[j] = pt->x;
        data->n[j] = (double)pt->n;
        data->passed[j] = (double)pt->passed;
        sum += data->n[j] / big_n * (pt->x - first);
        j++;
    }
    data->k = k;
    data->center = first + sum;
    data->unit = sc_trend_scale_positions(data->x, k, data->center, data->xs);
    if (!isfinite(data->center) || !isfinite(data->unit)) {
        sc_trend_data_free(data);
        return SC_EINVAL;
    }
    return SC_OK;
}

/* ---- T7, T8: shared pieces of every fit ------------------------------------------- */

bool sc_trend_level_ok(double level) { return level > 0 && level < 1; }

void sc_trend_fit_clear(sc_trend_fit *fit, sc_trend_model model, double level)
{
    *fit = (sc_trend_fit){
        .model = model,
        .condition = SC_TREND_FITTED,
        .level = level,
        .intercept = NAN,
        .intercept_se = NAN,
        .slope = NAN,
        .slope_se = NAN,
        .statistic = NAN,
        .p_value = NAN,
        .df = NAN,
        .quantile = NAN,
        .slope_lower = NAN,
        .slope_upper = NAN,
        .profile_lower = NAN,
        .profile_upper = NAN,
        .profile_status = SC_EDOMAIN,
        .odds_ratio = NAN,
        .deviance = NAN,
        .null_deviance = NAN,
        .pearson = NAN,
        .dispersion = NAN,
        .quasi = false,
        .scale = NAN,
        .residual_sd = NAN,
        .r_squared = NAN,
        .iterations = 0,
        .center = NAN,
        .center_value = NAN,
        .center_var = NAN,
        .center_slope_cov = NAN,
    };
}

double sc_trend_p_value(double statistic, double df)
{
    if (isnan(statistic))
        return NAN;
    if (isinf(statistic))
        return 0.0;
    double a = fabs(statistic);
    if (isnan(df))
        return 2.0 * gsl_cdf_ugaussian_Q(a);
    if (!(df > 0))
        return NAN;
    return 2.0 * gsl_cdf_tdist_Q(a, df);
}

double sc_trend_quantile(double level, double df)
{
    double alpha = 1.0 - level;
    if (isnan(df))
        return gsl_cdf_ugaussian_Qinv(alpha / 2.0);
    if (!(df > 0))
        return NAN;
    return gsl_cdf_tdist_Qinv(alpha / 2.0, df);
}

void sc_trend_fill_wald(sc_trend_fit *fit, double df)
{
    double b = fit->slope, se = fit->slope_se;
    if (isnan(se) || isnan(b))
        fit->statistic = NAN;
    else if (se == 0)
        fit->statistic = b == 0 ? NAN : copysign(INFINITY, b);
    else
        fit->statistic = b / se;
    fit->p_value = sc_trend_p_value(fit->statistic, df);
    fit->quantile = sc_trend_quantile(fit->level, df);
    fit->slope_lower = b - fit->quantile * se;
    fit->slope_upper = b + fit->quantile * se;
}

/* ---- T4, T5: forecasts -------------------------------------------------------------- */

sc_status sc_trend_predict(const sc_trend_fit *fit, double x, sc_trend_forecast *out)
{
    if (!out)
        return SC_EINVAL;
    *out = (sc_trend_forecast){
        .x = x, .estimate = NAN, .lower = NAN, .upper = NAN, .link = NAN, .link_se = NAN};
    if (!fit || !isfinite(x) || (unsigned)fit->model >= SC_TREND_MODEL_COUNT)
        return SC_EINVAL;
    if (!sc_trend_condition_has_numbers(fit->condition) || !isfinite(fit->slope))
        return SC_EDOMAIN;
    double d = x - fit->center;
    double link = fit->center_value + fit->slope * d;
    double var =
        fit->center_var + 2.0 * d * fit->center_slope_cov + d * d * fit->slope_se * fit->slope_se;
    double se = var > 0 ? sqrt(var) : (var == 0 ? 0.0 : NAN);
    /* se = 0 (a constant series, T10) has no width even where the quantile is NaN */
    double lo = se == 0 ? link : link - fit->quantile * se;
    double hi = se == 0 ? link : link + fit->quantile * se;
    out->link = link;
    out->link_se = se;
    if (fit->model == SC_TREND_LOGISTIC) {
        double q;
        scn_logistic(link, &out->estimate, &q);
        scn_logistic(lo, &out->lower, &q);
        scn_logistic(hi, &out->upper, &q);
    } else {
        out->estimate = link;
        out->lower = lo;
        out->upper = hi;
    }
    return SC_OK;
}

/* ---- T6: target crossing ------------------------------------------------------------ */

sc_status sc_trend_target(const sc_trend_fit *fit, double target, sc_target_kind kind,
                          double from_x, sc_trend_crossing *out)
{
    if (!out)
        return SC_EINVAL;
    *out = (sc_trend_crossing){.kind = SC_CROSSING_NEVER, .x = NAN};
    if (!fit || !isfinite(from_x) || !isfinite(target) ||
        (kind != SC_TARGET_FLOOR && kind != SC_TARGET_CEILING) ||
        (unsigned)fit->model >= SC_TREND_MODEL_COUNT)
        return SC_EINVAL;
    bool logistic = fit->model == SC_TREND_LOGISTIC;
    if (logistic && !(target > 0 && target < 1))
        return SC_EINVAL;
    if (!sc_trend_condition_has_numbers(fit->condition) || !isfinite(fit->slope))
        return SC_EDOMAIN;
    /* Compare on the model's scale: plogis is increasing, so f(x) >= T is
     * a + b x >= logit(T), without rounding through plogis. */
    double goal = logistic ? log(target / (1.0 - target)) : target;
    double now = fit->center_value + fit->slope * (from_x - fit->center);
    bool met = kind == SC_TARGET_FLOOR ? now >= goal : now <= goal;
    if (met) {
        out->kind = SC_CROSSING_REACHED;
        out->x = from_x;
        return SC_OK;
    }
    bool toward = kind == SC_TARGET_FLOOR ? fit->slope > 0 : fit->slope < 0;
    if (!toward)
        return SC_OK; /* NEVER */
    out->kind = SC_CROSSING_AT;
    out->x = fit->center + (goal - fit->center_value) / fit->slope;
    return SC_OK;
}
