/* spotcheck — trends over periods: the logistic trend (binomial GLM with logit
 * link, fitted by IRLS), linear trends on rates or values, the
 * Cochran-Armitage test for trend, forecasts with intervals, the first x at
 * which a fitted trend reaches a target, and general linear least squares
 * (the engine of the linear trends, tested on the NIST StRD sets).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * x is a plain number, a position in time: the tool passes a period's
 * mid-year (sc_period_mid_year), so that slopes are per year and crossing
 * points map back to periods.  Counts come as an array of sc_trend_point in
 * any order; `passed` is whichever outcome the caller counts (passed batches
 * for a pass rate, unqualified batches for an unqualified rate): counting the
 * other one negates the slope.  Points with n = 0 carry no information and are
 * dropped.  Every count is at most 2^53 and so is the total (counts are
 * carried as doubles); larger counts, passed > n, a non-finite x, and a NULL
 * array with a non-zero count are SC_EINVAL.
 *
 * The numbered contracts open src/lib/trend.c (models, forecasts, targets:
 * T1-T8), src/lib/trend_glm.c (logistic trend: G1-G9), src/lib/trend_lm.c
 * (least squares and linear trends: L1-L9) and src/lib/trend_ca.c
 * (Cochran-Armitage: A1-A5); the tests cite them.  Reference values come from
 * R (scripts/ref-trend.R: glm, confint, predict, lm, prop.trend.test) and
 * the NIST StRD linear regression sets (tests/data/nist/).
 *
 * Nothing here calls GSL outside its domain, so the caller need not have
 * turned the GSL error handler off for these functions; the tools still do.
 */
#ifndef SPOTCHECK_TREND_H
#define SPOTCHECK_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"
#include "spotcheck/prop.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One period's counts at position x. */
typedef struct sc_trend_point {
    double x;        /* position in time, e.g. the period's mid-year */
    uint64_t n;      /* units tested (batches, or enterprises) */
    uint64_t passed; /* units with the counted outcome, passed <= n */
} sc_trend_point;

/* How the logistic trend treats over-dispersion (trend_glm.c G6). */
typedef enum sc_dispersion {
    SC_DISPERSION_AUTO,  /* quasi-binomial when the Pearson dispersion exceeds 1, else binomial */
    SC_DISPERSION_NONE,  /* binomial: R's glm(family = binomial) */
    SC_DISPERSION_QUASI, /* quasi-binomial always: R's glm(family = quasibinomial) */
    SC_DISPERSION_COUNT
} sc_dispersion;

/* Static name of a rule ("auto", "none", "quasi"; "unknown" out of range).  Do not free. */
SC_API const char *sc_dispersion_name(sc_dispersion rule);

/* Looks a rule up by name: "auto", "none" (also "binomial"), "quasi" (also
 * "quasibinomial", "quasi-binomial"), ASCII case-insensitive.  SC_EINVAL for
 * NULL, empty or unknown names (then *out is unchanged). */
SC_API sc_status sc_dispersion_from_name(const char *name, sc_dispersion *out);

/* The registry of the rules (rows: sc_registry_entry). */
SC_API extern const sc_registry sc_dispersions;

/* ---- models ------------------------------------------------------------------ */

typedef enum sc_trend_model {
    SC_TREND_LOGISTIC, /* logit(rate) = a + b x, binomial GLM (the default) */
    SC_TREND_LINEAR,   /* rate = a + b x, least squares weighted by n */
    SC_TREND_VALUE,    /* y = a + b x for a numeric series, ordinary least squares */
    SC_TREND_MODEL_COUNT
} sc_trend_model;

struct sc_trend_fit;

/* One registry row per model. */
typedef struct sc_trend_model_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_trend_model model;
    bool rates; /* fits rates from counts (the Cochran-Armitage test applies), not values */
    bool clip;  /* a straight line on rates: forecasts are clipped to [0, 1] */
    /* The model's fit (T1): sc_trend_logistic, sc_trend_linear (which ignore
     * x, y and dispersion) or sc_trend_value (which reads x and y, the
     * points' positions and the series' values, and ignores the rest). */
    sc_status (*fit)(const sc_trend_point *points, const double *x, const double *y,
                     size_t count, double level, sc_dispersion dispersion,
                     struct sc_trend_fit *out);
} sc_trend_model_info;

/* Registry row of a model; NULL for an out-of-range value.  Static, do not free. */
SC_API const sc_trend_model_info *sc_trend_model_get(sc_trend_model model);

/* Looks a model up by canonical name or alias (ASCII case-insensitive:
 * "logistic", "logit", "glm", "linear", "wls", "value", ...).  SC_EINVAL for
 * NULL, empty or unknown names (then *out is unchanged). */
SC_API sc_status sc_trend_model_from_name(const char *name, sc_trend_model *out);

/* The registry (rows: sc_trend_model_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_trend_models;


/* Why a fit has numbers, or why it has none. */
typedef enum sc_trend_condition {
    SC_TREND_FITTED,          /* the fit exists; the numbers are valid */
    SC_TREND_TOO_FEW_POINTS,  /* fewer than two distinct x among the points used */
    SC_TREND_ALL_ZERO,        /* logistic: no unit has the counted outcome, every rate is 0 */
    SC_TREND_ALL_ONE,         /* logistic: every unit has it, every rate is 1 */
    SC_TREND_SEPARATION_UP,   /* logistic: (quasi-)complete separation, the rate jumps from 0 to
                                 1 as x grows: the slope diverges to +infinity */
    SC_TREND_SEPARATION_DOWN, /* the same, falling from 1 to 0: the slope diverges to -infinity */
    SC_TREND_SATURATED,       /* numbers, but from two periods only: as many parameters as
                                 points, so the spread between periods (over-dispersion,
                                 residual variance) cannot be estimated.  Logistic: the
                                 errors are binomial, which assumes none (T9); linear models:
                                 the line fits exactly and has no standard errors */
    SC_TREND_CONSTANT,        /* linear models: every rate (value) is the same, so the slope
                                 is exactly 0 and there is nothing to test (T10) */
    SC_TREND_CONDITION_COUNT
} sc_trend_condition;

/* Static lowercase word: "fitted", "too-few-points", "all-zero", "all-one",
 * "separation-up", "separation-down", "saturated", "constant" ("unknown" out
 * of range).  Do not free. */
SC_API const char *sc_trend_condition_name(sc_trend_condition condition);

/* Whether a fit with this condition has numbers: SC_TREND_FITTED,
 * SC_TREND_SATURATED and SC_TREND_CONSTANT do (T7). */
SC_API bool sc_trend_condition_has_numbers(sc_trend_condition condition);

/* A fitted straight-line trend, value = a + b x on the model's scale (the
 * logit of the rate for SC_TREND_LOGISTIC, the rate or value itself for the
 * linear models).  Fields a model does not have are NaN.  When the condition
 * has no numbers (sc_trend_condition_has_numbers) every number except the
 * counts is NaN. */
typedef struct sc_trend_fit {
    sc_trend_model model;
    sc_trend_condition condition;
    int complete_separation; /* with SC_TREND_SEPARATION_*: 1 complete, 0 quasi-complete */
    size_t points;           /* k: points used (n > 0; for SC_TREND_VALUE all points) */
    uint64_t n;              /* total units over the points used (0 for SC_TREND_VALUE) */
    uint64_t passed;         /* total counted outcome (0 for SC_TREND_VALUE) */
    double level;            /* confidence level of every interval in this fit */

    double intercept;    /* a: the value at x = 0, as R's (Intercept) */
    double intercept_se; /* its standard error */
    double slope;        /* b: change per unit of x (per year) on the model's scale */
    double slope_se;     /* its standard error (quasi: scaled by sqrt(dispersion)) */
    double statistic;    /* b / se(b): z (binomial) or t (quasi-binomial, linear models) */
    double p_value;      /* two-sided p-value of b = 0 from that z or t */
    double df;           /* residual degrees of freedom k - 2 */
    double quantile;     /* the z or t_df quantile at `level` that the intervals use */
    double slope_lower;  /* Wald interval b -+ quantile se(b) */
    double slope_upper;
    double profile_lower;     /* logistic: profile-likelihood interval of b (G7), as R's */
    double profile_upper;     /* confint(glm); NaN when profile_status is not SC_OK */
    sc_status profile_status; /* SC_OK; SC_ENOCONV when a bound lies beyond 2^60 standard
                                 errors; SC_EDOMAIN for the linear models (which have
                                 none) and for quasi-binomial fits with k = 2 */
    double odds_ratio;        /* logistic: exp(b), the odds ratio per unit of x */

    double deviance; /* logistic: residual deviance; linear: weighted residual sum of squares */
    double null_deviance; /* logistic: deviance of the constant-rate model; linear: the weighted
                             total sum of squares about the weighted mean */
    double pearson;       /* logistic: Pearson X^2; linear: NaN */
    double dispersion;    /* logistic: Pearson X^2 / (k - 2); linear: residual variance
                             RSS / (k - 2) (NaN when k = 2) */
    bool quasi;           /* logistic: the standard errors are quasi-binomial (G6) */
    double scale;         /* the factor applied to the unscaled covariance: 1 (binomial),
                             the dispersion (quasi-binomial), or RSS / (k - 2) (linear) */
    double residual_sd;   /* linear: sqrt(RSS / (k - 2)), R's sigma; logistic: NaN */
    double r_squared;     /* linear: 1 - RSS / TSS, R's summary.lm; logistic: NaN */
    int iterations;       /* logistic: IRLS iterations; linear: 0 */

    /* The fit on the centred scale x - center, which forecasts use: center
     * (the n-weighted mean of x; the plain mean for SC_TREND_VALUE), the
     * fitted value there, its variance, and its covariance with the slope
     * (scaled as slope_se). */
    double center;
    double center_value;
    double center_var;
    double center_slope_cov;
} sc_trend_fit;

/* Logistic trend: binomial GLM with logit link of (passed_i, n_i) on x_i,
 * fitted by IRLS with QR least-squares steps (trend_glm.c G1-G9), as R's
 * glm(cbind(passed, n - passed) ~ x, family = binomial) or, by `dispersion`,
 * quasibinomial.  Intervals at `level` in (0, 1).
 * Returns SC_OK with condition SC_TREND_FITTED; SC_EDOMAIN with the condition
 * that has no estimate: fewer than two distinct x, every rate 0, every rate 1,
 * or separation (the slope diverges) -- reported, never as numbers;
 * SC_EINVAL for bad counts, x or level, or a NULL out; SC_ENOMEM;
 * SC_ENOCONV if IRLS did not converge (not expected once separation is
 * excluded).  On failure the numbers are NaN.  k = 2 gives the saturated fit,
 * SC_OK with condition SC_TREND_SATURATED (deviance 0, dispersion NaN, so
 * `auto` means binomial: the errors assume no over-dispersion).  Wald interval
 * with z (binomial) or t on k - 2 df (quasi-binomial); the profile interval
 * uses z in both cases, as R's confint does (trend_glm.c G7, G8).
 * Agreement with R: ~1e-11 relative on coefficients and standard errors. */
SC_API sc_status sc_trend_logistic(const sc_trend_point *points, size_t count, double level,
                                   sc_dispersion dispersion, sc_trend_fit *out);

/* Linear trend on rates: least squares of rate_i = passed_i / n_i on x_i with
 * weights n_i (trend_lm.c L7), as R's lm(rate ~ x, weights = n): each rate's
 * binomial variance is p (1 - p) / n, so with p similar across periods the
 * weights n are inverse variances.  t-based intervals and p-value with k - 2
 * df.  SC_EDOMAIN (condition SC_TREND_TOO_FEW_POINTS) for fewer than two
 * distinct x; k = 2 fits exactly (condition SC_TREND_SATURATED) and leaves
 * every standard error NaN.  Equal rates (passed_i / n_i the same fraction
 * for every point) give SC_OK with condition SC_TREND_CONSTANT: slope,
 * its standard error and interval exactly 0, intercept the rate, statistic
 * and p-value NaN (T10).  Otherwise as sc_trend_logistic. */
SC_API sc_status sc_trend_linear(const sc_trend_point *points, size_t count, double level,
                                 sc_trend_fit *out);

/* Linear trend of a numeric series y_i on x_i, unweighted, as R's
 * lm(y ~ x) (trend_lm.c L8).  x and y hold `count` finite numbers.
 * Conditions and statuses as sc_trend_linear; the series is constant when
 * every y is within 8 DBL_EPSILON of the largest |y| of the first (so that
 * means of equal values that differ in the last bits count as equal). */
SC_API sc_status sc_trend_value(const double *x, const double *y, size_t count, double level,
                                sc_trend_fit *out);

/* ---- forecasts and targets ------------------------------------------------------ */

typedef struct sc_trend_forecast {
    double x;        /* where */
    double estimate; /* the fitted rate (logistic, linear) or value at x */
    double lower;    /* interval at the fit's level (T4): logistic: link -+ q se, then */
    double upper;    /* back-transformed; linear: the t-interval of the mean */
    double link;     /* the fitted value on the model's scale (logit for logistic) */
    double link_se;  /* its standard error, as R's predict(se.fit = TRUE) */
} sc_trend_forecast;

/* The fitted trend at x with its interval (trend.c T4): R's
 * predict(fit, type = "link", se.fit = TRUE), the interval link -+ q se.fit
 * with the fit's quantile q, then plogis for the logistic model.  Linear
 * models are not clipped to [0, 1] (T5).  Returns SC_OK; SC_EINVAL for a
 * NULL argument or non-finite x; SC_EDOMAIN when the fit has no numbers.
 * On failure *out holds NaNs. */
SC_API sc_status sc_trend_predict(const sc_trend_fit *fit, double x, sc_trend_forecast *out);

typedef enum sc_crossing_kind {
    SC_CROSSING_REACHED, /* the fitted trend already meets the target at from_x */
    SC_CROSSING_AT,      /* it first meets the target at x > from_x */
    SC_CROSSING_NEVER    /* it moves away from the target or is flat: never */
} sc_crossing_kind;

typedef struct sc_trend_crossing {
    sc_crossing_kind kind;
    double x; /* REACHED: from_x; AT: the crossing point; NEVER: NaN */
} sc_trend_crossing;

/* First x >= from_x at which the fitted trend meets `target` (trend.c T6):
 * a floor is met when the fitted value is >= target, a ceiling when it is
 * <= target (sc_target_kind of prop.h).  Logistic: solves logit(target) =
 * a + b x, target in (0, 1); linear models: target = a + b x, any finite
 * target.  The answer is the point estimate of the crossing, without an
 * interval.  Returns SC_OK; SC_EINVAL for NULL arguments, non-finite
 * from_x or a target out of range; SC_EDOMAIN when the fit has no numbers.
 * On failure kind is SC_CROSSING_NEVER and x NaN. */
SC_API sc_status sc_trend_target(const sc_trend_fit *fit, double target, sc_target_kind kind,
                                 double from_x, sc_trend_crossing *out);

/* Static lowercase word: "reached", "at", "never" ("unknown" out of range).  Do not free. */
SC_API const char *sc_crossing_name(sc_crossing_kind kind);

/* ---- Cochran-Armitage test for trend ------------------------------------------------ */

typedef struct sc_trend_ca {
    size_t points;    /* k: points used (n > 0) */
    uint64_t n;       /* N: total units */
    uint64_t passed;  /* total counted outcome */
    double statistic; /* chi-square, 1 df, as R's prop.trend.test(passed, n, score = x) */
    double z;         /* its signed square root: > 0 when the rate rises with x */
    double p_value;   /* P(chi^2_1 >= statistic) */
} sc_trend_ca;

/* Cochran-Armitage test for a linear trend in the rates with scores x
 * (trend_ca.c A1-A5), exactly R's prop.trend.test: the variance has no
 * N / (N - 1) factor (A3).  When every rate is 0 or every rate is 1 there is
 * no trend to find: statistic 0, z 0, p-value 1 (R stops with an error).
 * Returns SC_OK; SC_EINVAL for bad counts or x or a NULL out; SC_EDOMAIN
 * when fewer than two distinct x have n > 0 (numbers NaN). */
SC_API sc_status sc_trend_cochran_armitage(const sc_trend_point *points, size_t count,
                                           sc_trend_ca *out);

/* ---- general linear least squares --------------------------------------------------- */

typedef struct sc_trend_lsq {
    size_t rows;      /* observations used (weight > 0) */
    size_t params;    /* p coefficients, the intercept included */
    bool intercept;   /* coef[0] is an intercept */
    double *coef;     /* p coefficients: the intercept first, then the columns in order */
    double *se;       /* p standard errors sigma sqrt(((X'WX)^-1)_jj); NaN when df = 0 */
    double *cov;      /* p x p covariance sigma^2 (X'WX)^-1, row-major; NaN when df = 0 */
    double df;        /* residual degrees of freedom rows - p */
    double rss;       /* residual sum of squares sum w r^2 */
    double tss;       /* total sum of squares: about the weighted mean with an intercept,
                         about 0 without (as R's summary.lm) */
    double sigma;     /* residual standard deviation sqrt(rss / df); NaN when df = 0 */
    double r_squared; /* 1 - rss / tss; NaN when tss = 0; 0 for the intercept alone */
    double condition; /* |R_11| / |R_pp| of the column-scaled pivoted QR: a lower bound
                         on the condition number of the scaled design (L4) */
} sc_trend_lsq;

/* Least squares fit of y on the columns of `design` (rows x cols, row-major:
 * design[i * cols + j] is column j of observation i), with an intercept
 * column first when `intercept` is true, weighted by `weights` (NULL: all 1;
 * otherwise finite and >= 0, rows of weight 0 dropped as R's lm does).
 * Householder QR with column pivoting on the column-scaled design, then
 * iterative refinement in twice the working precision (trend_lm.c L1-L6);
 * never the normal equations.  Agreement with the NIST StRD certified values:
 * 13-15 digits on all sets but Filip (7-8 digits, the limit of its data held
 * in double precision; tests/unit/test_trend.c lists each set).
 * Returns SC_OK and a new result in *out (caller frees with
 * sc_trend_lsq_free); SC_EINVAL for NULL arguments, cols = 0 without
 * intercept, or non-finite values; SC_EDOMAIN when fewer rows than
 * parameters have weight > 0 or the design is rank-deficient (condition
 * > 1e13); SC_ENOMEM.  On failure *out is NULL. */
SC_API sc_status sc_trend_lsq_fit(const double *design, size_t rows, size_t cols, const double *y,
                                  const double *weights, bool intercept, sc_trend_lsq **out);

/* Frees a result of sc_trend_lsq_fit; NULL is a no-op. */
SC_API void sc_trend_lsq_free(sc_trend_lsq *fit);

#ifdef __cplusplus
}
#endif
#endif
