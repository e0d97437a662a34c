/* spotcheck — tests of the trend module (trend.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources of expected values (none is computed with the code under test):
 *   - tests/data/trend_*.csv, written by scripts/ref-trend.R (R 4.2.2,
 *     MASS 7.3-58.2): glm(binomial / quasibinomial) at epsilon 1e-14,
 *     summary.glm, the exact profile bounds (uniroot, tol 1e-15) and MASS's
 *     confint, predict.glm(type = "link", se.fit = TRUE), lm(weights = n),
 *     predict.lm(interval = "confidence"), prop.trend.test.  Tolerance
 *     1e-9 relative (DESIGN.md section 7); p-values 1e-9 (1 + z^2) relative,
 *     since d log p / d log z is about z^2 in the tail (a 1e-11 difference in
 *     z = 12.3 moves p = 9e-35 by 1.7e-9); quantities that are zero up to
 *     rounding (the deviance of a saturated fit) 1e-9 of the null deviance
 *     absolute, interval bounds 1e-9 relative or 1e-9 standard errors
 *     absolute (a bound near 0 has no relative precision: R's own bounds for
 *     the two framings of the national series differ by 3.5e-11 se).
 *     MASS's spline-interpolated confint: 2e-2 standard errors (its spline
 *     is that far from the exact bound where the profile is far from
 *     quadratic).
 *   - tests/data/nist/<set>.dat: NIST StRD certified values (trend_lm.c L1-L6).
 *     Accuracy is reported as LRE = -log10(relative error), capped at 15,
 *     and each set must reach the minimum listed in nist_sets[].
 *   - Conditions without numbers (trend_glm.c G3, trend_ca.c A4) come from
 *     their definitions: the data sets are built to have them.
 *   - Invariants: outcome swap negates the slope, merging duplicate x leaves
 *     a binomial GLM's coefficients unchanged, shifting x leaves the slope
 *     unchanged, intervals contain the estimate and nest in the level.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "refcsv.h"
#include "relerr.h"
#include <gsl/gsl_errno.h>

#include "spotcheck/trend.h"

/* ---- comparison ------------------------------------------------------------ */

/* Relative error, or absolute error over `unit` when that is smaller: for
 * values that are zero up to rounding of quantities of size `unit`, and for
 * interval bounds near 0, whose accuracy is a fraction of the standard
 * error. */
static double rel_or_abs(double got, double want, double unit)
{
    double rel = rel_error(got, want);
    if (isfinite(rel) && isfinite(got) && isfinite(want))
        rel = fmin(rel, fabs(got - want) / unit);
    return rel;
}

typedef struct worst {
    const char *name;
    double error;
    char where[96];
} worst;

static void track(worst *w, double error, const char *where)
{
    if (error > w->error || isnan(error)) {
        w->error = isnan(error) ? INFINITY : error;
        snprintf(w->where, sizeof w->where, "%s", where);
    }
}

static void check_worst(const worst *w, size_t count, double tol)
{
    int bad = 0;
    for (size_t i = 0; i < count; i++) {
        print_message("    %-16s max error %.2e%s %s\n", w[i].name, w[i].error,
                      w[i].error > tol ? "  FAIL at" : "  at", w[i].where);
        bad += w[i].error > tol;
    }
    assert_int_equal(bad, 0);
}

/* The relative error of a p-value from a statistic z, divided by 1 + z^2
 * (see the top of this file). */
static double p_error(double got, double want, double z)
{
    double e = rel_error(got, want);
    return isfinite(z) ? e / (1 + z * z) : e;
}

/* ---- the series (trend_series.csv, trend_values.csv) -------------------------- */

#define MAX_SERIES 24
#define MAX_POINTS 16

typedef struct series {
    char name[48];
    sc_trend_point point[MAX_POINTS];
    double x[MAX_POINTS], y[MAX_POINTS]; /* value series */
    size_t count;
} series;

static series all_series[MAX_SERIES];
static size_t series_count;

static series *find_series(const char *name, bool create)
{
    for (size_t i = 0; i < series_count; i++)
        if (strcmp(all_series[i].name, name) == 0)
            return &all_series[i];
    if (!create)
        fail_msg("no series %s", name);
    assert_true(series_count < MAX_SERIES);
    series *s = &all_series[series_count++];
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
}

static int load_series(void **state)
{
    (void)state;
    series_count = 0;
    FILE *f = fopen(SC_TEST_DATA_DIR "/trend_series.csv", "r");
    if (!f)
        return -1;
    csv_row row;
    csv_next(f, &row);
    while (csv_next(f, &row)) {
        series *s = find_series(row.field[0], true);
        if (s->count >= MAX_POINTS)
            return -1;
        s->point[s->count++] = (sc_trend_point){.x = strtod(row.field[1], NULL),
                                                .n = (uint64_t)strtod(row.field[2], NULL),
                                                .passed = (uint64_t)strtod(row.field[3], NULL)};
    }
    fclose(f);
    f = fopen(SC_TEST_DATA_DIR "/trend_values.csv", "r");
    if (!f)
        return -1;
    csv_next(f, &row);
    while (csv_next(f, &row)) {
        series *s = find_series(row.field[0], true);
        if (s->count >= MAX_POINTS)
            return -1;
        s->x[s->count] = strtod(row.field[1], NULL);
        s->y[s->count] = strtod(row.field[2], NULL);
        s->count++;
    }
    fclose(f);
    return 0;
}

/* Fits a series by model name as in the CSV files. */
static sc_status fit_by_name(const char *dataset, const char *model, double level,
                             sc_trend_fit *fit)
{
    series *s = find_series(dataset, false);
    if (strcmp(model, "binomial") == 0 || strcmp(model, "logistic") == 0)
        return sc_trend_logistic(s->point, s->count, level, SC_DISPERSION_NONE, fit);
    if (strcmp(model, "quasibinomial") == 0)
        return sc_trend_logistic(s->point, s->count, level, SC_DISPERSION_QUASI, fit);
    if (strcmp(model, "linear") == 0)
        return sc_trend_linear(s->point, s->count, level, fit);
    assert_string_equal(model, "value");
    return sc_trend_value(s->x, s->y, s->count, level, fit);
}

/* ---- G1-G8: logistic fits against R ------------------------------------------- */

enum { W_COEF, W_SE, W_STAT, W_P, W_DEV, W_PHI, W_WALD, W_PROFILE, W_MASS, W_COUNT };

static void test_logistic_reference(void **state)
{
    (void)state;
    worst w[W_COUNT] = {
        [W_COEF] = {.name = "coefficients"},    [W_SE] = {.name = "standard errors"},
        [W_STAT] = {.name = "z / t"},           [W_P] = {.name = "p-values"},
        [W_DEV] = {.name = "deviances, X^2"},   [W_PHI] = {.name = "dispersion"},
        [W_WALD] = {.name = "Wald bounds"},     [W_PROFILE] = {.name = "profile bounds"},
        [W_MASS] = {.name = "MASS confint/se"},
    };
    FILE *f = open_data("trend_glm.csv");
    csv_row row;
    int rows = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 21);
        const char *name = row.field[0], *family = row.field[1];
        double level = to_double(row.field[2]);
        char where[96];
        snprintf(where, sizeof where, "%s/%s/%.2f", name, family, level);
        sc_trend_fit fit;
        assert_int_equal(fit_by_name(name, family, level, &fit), SC_OK);
        /* T9: two points are a saturated fit, with numbers */
        assert_int_equal(fit.condition, fit.points == 2 ? SC_TREND_SATURATED : SC_TREND_FITTED);
        assert_true(sc_trend_condition_has_numbers(fit.condition));
        assert_int_equal(fit.points, to_count(row.field[3]));
        assert_int_equal(fit.quasi, strcmp(family, "quasibinomial") == 0);
        double z = to_double(row.field[8]);
        track(&w[W_COEF], rel_error(fit.intercept, to_double(row.field[4])), where);
        track(&w[W_SE], rel_error(fit.intercept_se, to_double(row.field[5])), where);
        track(&w[W_COEF], rel_error(fit.slope, to_double(row.field[6])), where);
        track(&w[W_SE], rel_error(fit.slope_se, to_double(row.field[7])), where);
        track(&w[W_STAT], rel_error(fit.statistic, z), where);
        track(&w[W_P], p_error(fit.p_value, to_double(row.field[9]), z), where);
        assert_true(fit.df == to_double(row.field[10]));
        double null_dev = to_double(row.field[12]);
        track(&w[W_DEV], rel_or_abs(fit.deviance, to_double(row.field[11]), null_dev), where);
        track(&w[W_DEV], rel_error(fit.null_deviance, null_dev), where);
        track(&w[W_DEV], rel_or_abs(fit.pearson, to_double(row.field[13]), null_dev), where);
        track(&w[W_PHI], rel_error(fit.dispersion, to_double(row.field[14])), where);
        track(&w[W_WALD], rel_or_abs(fit.slope_lower, to_double(row.field[15]), fit.slope_se),
              where);
        track(&w[W_WALD], rel_or_abs(fit.slope_upper, to_double(row.field[16]), fit.slope_se),
              where);
        assert_int_equal(fit.profile_status, SC_OK);
        track(&w[W_PROFILE], rel_or_abs(fit.profile_lower, to_double(row.field[17]), fit.slope_se),
              where);
        track(&w[W_PROFILE], rel_or_abs(fit.profile_upper, to_double(row.field[18]), fit.slope_se),
              where);
        /* MASS's spline: absolute, in standard errors (G7) */
        track(&w[W_MASS], fabs(fit.profile_lower - to_double(row.field[19])) / fit.slope_se, where);
        track(&w[W_MASS], fabs(fit.profile_upper - to_double(row.field[20])) / fit.slope_se, where);
        assert_true(fabs(fit.odds_ratio / exp(fit.slope) - 1) < 4 * DBL_EPSILON);
        rows++;
    }
    fclose(f);
    print_message("  %d logistic fits against R\n", rows);
    check_worst(w, W_MASS, REL_TOL);
    check_worst(&w[W_MASS], 1, 2e-2);
}

/* G6: auto takes the quasi-binomial errors exactly when phi > 1. */
static void test_dispersion_auto(void **state)
{
    (void)state;
    const char *names[] = {
        "national_unqualified", "overdispersed", "underdispersed", "small_n", "food_like",
        "two_points",           "duplicates"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        series *s = find_series(names[i], false);
        sc_trend_fit fit_auto, fit_none, fit_quasi;
        assert_int_equal(sc_trend_logistic(s->point, s->count, 0.95, SC_DISPERSION_AUTO, &fit_auto),
                         SC_OK);
        assert_int_equal(sc_trend_logistic(s->point, s->count, 0.95, SC_DISPERSION_NONE, &fit_none),
                         SC_OK);
        sc_status qs = sc_trend_logistic(s->point, s->count, 0.95, SC_DISPERSION_QUASI, &fit_quasi);
        assert_int_equal(qs, SC_OK);
        bool over = fit_none.dispersion > 1;
        assert_int_equal(fit_auto.quasi, over);
        const sc_trend_fit *same = over ? &fit_quasi : &fit_none;
        assert_true(fit_auto.slope_se == same->slope_se);
        assert_true(fit_auto.scale == same->scale);
        assert_true(fit_none.scale == 1.0 && !fit_none.quasi);
        if (fit_none.points == 2) {
            /* saturated: no dispersion, quasi has NaN errors (as R) */
            assert_int_equal(fit_none.condition, SC_TREND_SATURATED);
            assert_int_equal(fit_auto.condition, SC_TREND_SATURATED);
            assert_true(isnan(fit_none.dispersion));
            assert_true(isnan(fit_quasi.slope_se) && isnan(fit_quasi.p_value));
            assert_int_equal(fit_quasi.profile_status, SC_EDOMAIN);
        }
    }
}

/* ---- T4, T6: forecasts and targets ---------------------------------------------- */

static void check_predictions(const char *file, worst *w)
{
    FILE *f = open_data(file);
    csv_row row;
    int rows = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        double level = to_double(row.field[2]), x = to_double(row.field[3]);
        char where[96];
        snprintf(where, sizeof where, "%s/%s/%.2f/x=%g", row.field[0], row.field[1], level, x);
        sc_trend_fit fit;
        assert_int_equal(fit_by_name(row.field[0], row.field[1], level, &fit), SC_OK);
        sc_trend_forecast fc;
        assert_int_equal(sc_trend_predict(&fit, x, &fc), SC_OK);
        /* a link near 0 (a rate near 1/2) has no relative precision */
        track(&w[0], rel_or_abs(fc.link, to_double(row.field[4]), fc.link_se), where);
        track(&w[1], rel_error(fc.link_se, to_double(row.field[5])), where);
        track(&w[2], rel_error(fc.estimate, to_double(row.field[6])), where);
        track(&w[2], rel_error(fc.lower, to_double(row.field[7])), where);
        track(&w[2], rel_error(fc.upper, to_double(row.field[8])), where);
        if (!isnan(fc.lower))
            assert_true(fc.lower <= fc.estimate && fc.estimate <= fc.upper);
        rows++;
    }
    fclose(f);
    print_message("  %d forecasts from %s\n", rows, file);
}

static void test_forecasts(void **state)
{
    (void)state;
    worst w[3] = {{.name = "link"}, {.name = "link se"}, {.name = "rate, bounds"}};
    check_predictions("trend_predict.csv", w);
    check_predictions("trend_lm_predict.csv", w);
    check_worst(w, 3, REL_TOL);
}

static void test_targets(void **state)
{
    (void)state;
    FILE *f = open_data("trend_target.csv");
    csv_row row;
    worst w = {.name = "crossing x"};
    int rows = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 7);
        sc_trend_fit fit;
        assert_int_equal(fit_by_name(row.field[0], row.field[1], 0.95, &fit), SC_OK);
        sc_target_kind kind =
            strcmp(row.field[3], "floor") == 0 ? SC_TARGET_FLOOR : SC_TARGET_CEILING;
        sc_trend_crossing cross;
        assert_int_equal(
            sc_trend_target(&fit, to_double(row.field[2]), kind, to_double(row.field[4]), &cross),
            SC_OK);
        char where[96];
        snprintf(where, sizeof where, "%s/%s/%s %s", row.field[0], row.field[1], row.field[3],
                 row.field[2]);
        assert_string_equal(sc_crossing_name(cross.kind), row.field[5]);
        track(&w, rel_error(cross.x, to_double(row.field[6])), where);
        rows++;
    }
    fclose(f);
    print_message("  %d target crossings\n", rows);
    check_worst(&w, 1, REL_TOL);
}

static void test_target_edges(void **state)
{
    (void)state;
    series *s = find_series("overdispersed", false);
    sc_trend_fit fit;
    assert_int_equal(sc_trend_logistic(s->point, s->count, 0.95, SC_DISPERSION_AUTO, &fit), SC_OK);
    sc_trend_crossing c;
    assert_int_equal(sc_trend_target(&fit, 0, SC_TARGET_FLOOR, 2023, &c), SC_EINVAL);
    assert_int_equal(c.kind, SC_CROSSING_NEVER);
    assert_true(isnan(c.x));
    assert_int_equal(sc_trend_target(&fit, 1, SC_TARGET_FLOOR, 2023, &c), SC_EINVAL);
    assert_int_equal(sc_trend_target(&fit, 0.9, SC_TARGET_FLOOR, NAN, &c), SC_EINVAL);
    assert_int_equal(sc_trend_target(NULL, 0.9, SC_TARGET_FLOOR, 2023, &c), SC_EINVAL);
    assert_int_equal(sc_trend_target(&fit, 0.9, SC_TARGET_FLOOR, 2023, NULL), SC_EINVAL);
    /* the crossing point is where the fitted rate equals the target */
    assert_int_equal(sc_trend_target(&fit, 0.97, SC_TARGET_FLOOR, 2022.875, &c), SC_OK);
    assert_int_equal(c.kind, SC_CROSSING_AT);
    sc_trend_forecast fc;
    assert_int_equal(sc_trend_predict(&fit, c.x, &fc), SC_OK);
    assert_true(fabs(fc.estimate - 0.97) < 1e-12);
    /* a flat linear trend never reaches anything it does not already meet */
    double x[] = {1, 2, 3}, y[] = {5, 5, 5};
    sc_trend_fit flat;
    assert_int_equal(sc_trend_value(x, y, 3, 0.95, &flat), SC_OK);
    assert_true(flat.slope == 0 && flat.slope_se == 0 && isnan(flat.statistic)); /* L9 */
    assert_int_equal(sc_trend_target(&flat, 6, SC_TARGET_FLOOR, 3, &c), SC_OK);
    assert_int_equal(c.kind, SC_CROSSING_NEVER);
    assert_int_equal(sc_trend_target(&flat, 5, SC_TARGET_FLOOR, 3, &c), SC_OK);
    assert_int_equal(c.kind, SC_CROSSING_REACHED);
    assert_true(c.x == 3);
    /* a fit without numbers */
    series *sep = find_series("sep_complete", false);
    sc_trend_fit none;
    assert_int_equal(sc_trend_logistic(sep->point, sep->count, 0.95, SC_DISPERSION_AUTO, &none),
                     SC_EDOMAIN);
    assert_int_equal(sc_trend_target(&none, 0.5, SC_TARGET_FLOOR, 4, &c), SC_EDOMAIN);
    assert_int_equal(sc_trend_predict(&none, 5, &fc), SC_EDOMAIN);
    assert_true(isnan(fc.estimate) && isnan(fc.lower) && isnan(fc.upper));
}

/* ---- L7-L9: linear trends against R ------------------------------------------------ */

static void test_linear_reference(void **state)
{
    (void)state;
    worst w[6] = {{.name = "coefficients"}, {.name = "standard errors"}, {.name = "t, p"},
                  {.name = "RSS, TSS"},     {.name = "sigma, R^2"},      {.name = "t bounds"}};
    FILE *f = open_data("trend_lm.csv");
    csv_row row;
    int rows = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 17);
        double level = to_double(row.field[2]);
        char where[96];
        snprintf(where, sizeof where, "%s/%s/%.2f", row.field[0], row.field[1], level);
        sc_trend_fit fit;
        assert_int_equal(fit_by_name(row.field[0], row.field[1], level, &fit), SC_OK);
        assert_int_equal(fit.points, to_count(row.field[3]));
        double t = to_double(row.field[8]);
        track(&w[0], rel_error(fit.intercept, to_double(row.field[4])), where);
        track(&w[1], rel_error(fit.intercept_se, to_double(row.field[5])), where);
        track(&w[0], rel_error(fit.slope, to_double(row.field[6])), where);
        track(&w[1], rel_error(fit.slope_se, to_double(row.field[7])), where);
        track(&w[2], rel_error(fit.statistic, t), where);
        track(&w[2], p_error(fit.p_value, to_double(row.field[9]), t), where);
        assert_true(fit.df == to_double(row.field[10]));
        double tss = to_double(row.field[12]);
        track(&w[3], rel_or_abs(fit.deviance, to_double(row.field[11]), tss), where);
        track(&w[3], rel_error(fit.null_deviance, tss), where);
        track(&w[4], rel_error(fit.residual_sd, to_double(row.field[13])), where);
        track(&w[4], rel_error(fit.r_squared, to_double(row.field[14])), where);
        track(&w[5], rel_or_abs(fit.slope_lower, to_double(row.field[15]), fit.slope_se), where);
        track(&w[5], rel_or_abs(fit.slope_upper, to_double(row.field[16]), fit.slope_se), where);
        assert_true(isnan(fit.pearson) && isnan(fit.odds_ratio) && !fit.quasi);
        rows++;
    }
    fclose(f);
    print_message("  %d linear fits against R\n", rows);
    check_worst(w, 6, REL_TOL);
}

/* ---- A1-A5: Cochran-Armitage against R ------------------------------------------------ */

static void test_cochran_armitage(void **state)
{
    (void)state;
    FILE *f = open_data("trend_ca.csv");
    csv_row row;
    worst w[2] = {{.name = "statistic"}, {.name = "p-value"}};
    int rows = 0;
    while (csv_next(f, &row)) {
        series *s = find_series(row.field[0], false);
        sc_trend_ca ca;
        assert_int_equal(sc_trend_cochran_armitage(s->point, s->count, &ca), SC_OK);
        double stat = to_double(row.field[1]);
        track(&w[0], rel_error(ca.statistic, stat), row.field[0]);
        track(&w[1], p_error(ca.p_value, to_double(row.field[2]), sqrt(stat)), row.field[0]);
        assert_true(fabs(ca.z * ca.z / ca.statistic - 1) < 1e-14);
        /* the sign of z is the direction of the trend (the logistic slope's) */
        sc_trend_fit fit;
        if (sc_trend_linear(s->point, s->count, 0.95, &fit) == SC_OK)
            assert_true((ca.z > 0) == (fit.slope > 0));
        rows++;
    }
    fclose(f);
    print_message("  %d Cochran-Armitage tests\n", rows);
    check_worst(w, 2, REL_TOL);

    /* A4: every rate 0 or every rate 1: no trend (R stops); one x: no test */
    sc_trend_ca ca;
    assert_int_equal(sc_trend_cochran_armitage(find_series("all_zero", false)->point, 3, &ca),
                     SC_OK);
    assert_true(ca.statistic == 0 && ca.z == 0 && ca.p_value == 1);
    assert_int_equal(sc_trend_cochran_armitage(find_series("all_one", false)->point, 3, &ca),
                     SC_OK);
    assert_true(ca.statistic == 0 && ca.p_value == 1);
    assert_int_equal(sc_trend_cochran_armitage(find_series("one_x", false)->point, 3, &ca),
                     SC_EDOMAIN);
    assert_true(isnan(ca.statistic) && isnan(ca.p_value));
    assert_int_equal(ca.points, 3);
    assert_int_equal(sc_trend_cochran_armitage(NULL, 2, &ca), SC_EINVAL);
    assert_int_equal(sc_trend_cochran_armitage(NULL, 0, NULL), SC_EINVAL);
}

/* ---- G3: conditions without numbers ------------------------------------------------------ */

static void expect_condition(const char *name, sc_trend_condition condition, int complete)
{
    series *s = find_series(name, false);
    for (int rule = 0; rule < SC_DISPERSION_COUNT; rule++) {
        sc_trend_fit fit;
        assert_int_equal(sc_trend_logistic(s->point, s->count, 0.95, (sc_dispersion)rule, &fit),
                         SC_EDOMAIN);
        assert_int_equal(fit.condition, condition);
        assert_int_equal(fit.complete_separation, complete);
        assert_true(isnan(fit.slope) && isnan(fit.slope_se) && isnan(fit.intercept));
        assert_true(isnan(fit.p_value) && isnan(fit.profile_lower) && isnan(fit.deviance));
        assert_int_equal(fit.points, s->count);
    }
}

static void test_conditions(void **state)
{
    (void)state;
    expect_condition("sep_complete", SC_TREND_SEPARATION_UP, 1);
    expect_condition("sep_quasi", SC_TREND_SEPARATION_UP, 0);
    expect_condition("sep_down", SC_TREND_SEPARATION_DOWN, 1);
    expect_condition("all_zero", SC_TREND_ALL_ZERO, 0);
    expect_condition("all_one", SC_TREND_ALL_ONE, 0);
    expect_condition("one_x", SC_TREND_TOO_FEW_POINTS, 0);
    /* a down-step with one mixed group is quasi-complete */
    sc_trend_point down[] = {{1, 5, 5}, {2, 6, 2}, {3, 7, 0}, {4, 0, 0}};
    sc_trend_fit fit;
    assert_int_equal(sc_trend_logistic(down, 4, 0.95, SC_DISPERSION_AUTO, &fit), SC_EDOMAIN);
    assert_int_equal(fit.condition, SC_TREND_SEPARATION_DOWN);
    assert_int_equal(fit.complete_separation, 0);
    assert_int_equal(fit.points, 3);
    /* two mixed groups: the MLE exists (a saturated fit) */
    sc_trend_point mixed[] = {{1, 5, 1}, {2, 5, 3}};
    assert_int_equal(sc_trend_logistic(mixed, 2, 0.95, SC_DISPERSION_AUTO, &fit), SC_OK);
    assert_true(fabs(fit.deviance) < 1e-12);
    assert_int_equal(fit.condition, SC_TREND_SATURATED); /* T9 */
    assert_int_equal(sc_trend_linear(mixed, 2, 0.95, &fit), SC_OK);
    assert_int_equal(fit.condition, SC_TREND_SATURATED);
    assert_true(fit.slope == 0.4 / 1.0 || fabs(fit.slope - 0.4) < 1e-15);
    assert_true(isnan(fit.slope_se) && isnan(fit.p_value));
    /* n = 0 everywhere, or nothing at all */
    sc_trend_point empty[] = {{1, 0, 0}, {2, 0, 0}};
    assert_int_equal(sc_trend_logistic(empty, 2, 0.95, SC_DISPERSION_AUTO, &fit), SC_EDOMAIN);
    assert_int_equal(fit.condition, SC_TREND_TOO_FEW_POINTS);
    assert_int_equal(sc_trend_logistic(NULL, 0, 0.95, SC_DISPERSION_AUTO, &fit), SC_EDOMAIN);
    assert_int_equal(sc_trend_linear(empty, 2, 0.95, &fit), SC_EDOMAIN);
    assert_int_equal(fit.condition, SC_TREND_TOO_FEW_POINTS);
    /* linear trends have no separation: a step from 0 to 1 is a line */
    series *s = find_series("sep_complete", false);
    assert_int_equal(sc_trend_linear(s->point, s->count, 0.95, &fit), SC_OK);
    assert_true(fit.slope > 0 && isfinite(fit.slope_se));
}

/* T10: constant series under the linear models.  The expected values are
 * exact arithmetic: least squares on equal y has slope 0, zero residuals. */
static void expect_constant(const sc_trend_fit *fit, double value, size_t k)
{
    assert_int_equal(fit->condition, SC_TREND_CONSTANT);
    assert_true(sc_trend_condition_has_numbers(fit->condition));
    assert_true(fit->slope == 0 && fit->slope_se == 0);
    assert_true(fit->slope_lower == 0 && fit->slope_upper == 0);
    assert_true(isnan(fit->statistic) && isnan(fit->p_value));
    assert_true(fit->intercept == value && fit->deviance == 0);
    assert_true(k > 2 ? fit->dispersion == 0 : isnan(fit->dispersion));
    assert_int_equal(fit->points, k);
    sc_trend_forecast f;
    assert_int_equal(sc_trend_predict(fit, 2030.5, &f), SC_OK);
    assert_true(f.estimate == value && f.lower == value && f.upper == value);
    sc_trend_crossing c;
    assert_int_equal(sc_trend_target(fit, value + 0.01, SC_TARGET_FLOOR, 2024.5, &c), SC_OK);
    assert_int_equal(c.kind, SC_CROSSING_NEVER);
    assert_int_equal(sc_trend_target(fit, value - 0.01, SC_TARGET_FLOOR, 2024.5, &c), SC_OK);
    assert_int_equal(c.kind, SC_CROSSING_REACHED);
}

static void test_constant(void **state)
{
    (void)state;
    /* 95% every year, as different fractions; a k = 2 constant is constant, not saturated */
    sc_trend_point rates[] = {{2019.5, 100, 95}, {2020.5, 200, 190}, {2021.5, 300, 285},
                              {2022.5, 60, 57},  {2023.5, 140, 133}, {2024.5, 0, 0}};
    sc_trend_fit fit;
    assert_int_equal(sc_trend_linear(rates, 6, 0.95, &fit), SC_OK);
    expect_constant(&fit, 0.95, 5);
    assert_int_equal(sc_trend_linear(rates, 2, 0.95, &fit), SC_OK);
    expect_constant(&fit, 0.95, 2);
    /* one batch more: a trend, fitted */
    rates[4].passed = 134;
    assert_int_equal(sc_trend_linear(rates, 6, 0.95, &fit), SC_OK);
    assert_int_equal(fit.condition, SC_TREND_FITTED);
    assert_true(fit.slope > 0);
    /* the logistic model keeps its binomial fit of a constant rate */
    rates[4].passed = 133;
    assert_int_equal(sc_trend_logistic(rates, 6, 0.95, SC_DISPERSION_AUTO, &fit), SC_OK);
    assert_int_equal(fit.condition, SC_TREND_FITTED);
    /* values: equal, and means of equal values that differ in the last bits */
    double x[] = {2019.5, 2020.5, 2021.5, 2022.5};
    double y[] = {3.3, 3.3, 3.3, 3.3};
    assert_int_equal(sc_trend_value(x, y, 4, 0.95, &fit), SC_OK);
    expect_constant(&fit, 3.3, 4);
    double means[] = {0.1, (0.1 + 0.1 + 0.1) / 3, 0.1, (0.1 + 0.1) / 2};
    assert_true(means[1] != 0.1); /* the case this guards */
    assert_int_equal(sc_trend_value(x, means, 4, 0.95, &fit), SC_OK);
    assert_int_equal(fit.condition, SC_TREND_CONSTANT);
    double moving[] = {3.3, 3.3, 3.3, 3.3 + 1e-12};
    assert_int_equal(sc_trend_value(x, moving, 4, 0.95, &fit), SC_OK);
    assert_int_equal(fit.condition, SC_TREND_FITTED);
    assert_true(fit.slope > 0);
    assert_string_equal(sc_trend_condition_name(SC_TREND_CONSTANT), "constant");
    assert_string_equal(sc_trend_condition_name(SC_TREND_SATURATED), "saturated");
    assert_false(sc_trend_condition_has_numbers(SC_TREND_ALL_ZERO));
}

/* L10: a value series far from 1 in magnitude fits as the same series near 1
 * (R: lm(y ~ x), x = 2020.5..2023.5, y = 1, 2, 3.5, 4: slope 1.05, se
 * 0.13228756555323, p 0.0155048150291596, deviance 0.175).  Before the
 * scaling, 1e155 overflowed the sums of squares (empty statistics) and
 * 1e-300 underflowed them (interval of width 0, p-value 0). */
static void test_value_scaling(void **state)
{
    (void)state;
    const double x[] = {2020.5, 2021.5, 2022.5, 2023.5};
    const double scales[] = {1e-300, 1e-140, 1.0, 1e140, 1e155, 1e300};
    for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
        double s = scales[k], y[] = {1 * s, 2 * s, 3.5 * s, 4 * s};
        sc_trend_fit fit;
        assert_int_equal(sc_trend_value(x, y, 4, 0.95, &fit), SC_OK);
        assert_int_equal(fit.condition, SC_TREND_FITTED);
        assert_rel(fit.slope, 1.05 * s, 1e-9);
        assert_rel(fit.slope_se, 0.13228756555323 * s, 1e-9);
        assert_rel(fit.p_value, 0.0155048150291596, 1e-9);
        assert_true(fit.slope_lower < fit.slope && fit.slope < fit.slope_upper);
        if (s >= 1e-140 && s <= 1e140)
            assert_rel(fit.deviance, 0.175 * s * s, 1e-9);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    sc_trend_point ok[] = {{1, 10, 3}, {2, 10, 5}, {3, 10, 6}};
    sc_trend_fit fit;
    assert_int_equal(sc_trend_logistic(ok, 3, 0.95, SC_DISPERSION_AUTO, NULL), SC_EINVAL);
    assert_int_equal(sc_trend_logistic(ok, 3, 0, SC_DISPERSION_AUTO, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_logistic(ok, 3, 1, SC_DISPERSION_AUTO, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_logistic(ok, 3, NAN, SC_DISPERSION_AUTO, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_logistic(ok, 3, 0.95, SC_DISPERSION_COUNT, &fit), SC_EINVAL);
    assert_true(isnan(fit.slope));
    assert_int_equal(sc_trend_logistic(NULL, 3, 0.95, SC_DISPERSION_AUTO, &fit), SC_EINVAL);
    sc_trend_point bad_passed[] = {{1, 10, 11}, {2, 10, 5}};
    assert_int_equal(sc_trend_logistic(bad_passed, 2, 0.95, SC_DISPERSION_AUTO, &fit), SC_EINVAL);
    sc_trend_point bad_x[] = {{NAN, 10, 1}, {2, 10, 5}};
    assert_int_equal(sc_trend_linear(bad_x, 2, 0.95, &fit), SC_EINVAL);
    sc_trend_point inf_x[] = {{INFINITY, 10, 1}, {2, 10, 5}};
    assert_int_equal(sc_trend_cochran_armitage(inf_x, 2, &(sc_trend_ca){0}), SC_EINVAL);
    uint64_t big = ((uint64_t)1 << 53);
    sc_trend_point too_big[] = {{1, big + 1, 1}, {2, 10, 5}};
    assert_int_equal(sc_trend_logistic(too_big, 2, 0.95, SC_DISPERSION_AUTO, &fit), SC_EINVAL);
    sc_trend_point total_too_big[] = {{1, big, 1}, {2, 10, 5}};
    assert_int_equal(sc_trend_logistic(total_too_big, 2, 0.95, SC_DISPERSION_AUTO, &fit),
                     SC_EINVAL);
    double x[] = {1, 2, NAN}, y[] = {1, 2, 3};
    assert_int_equal(sc_trend_value(x, y, 3, 0.95, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_value(NULL, y, 3, 0.95, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_value(x, y, 1, 0.95, &fit), SC_EDOMAIN);
    assert_int_equal(fit.condition, SC_TREND_TOO_FEW_POINTS);
    sc_trend_forecast fc;
    assert_int_equal(sc_trend_predict(NULL, 1, &fc), SC_EINVAL);
    assert_int_equal(sc_trend_logistic(ok, 3, 0.95, SC_DISPERSION_AUTO, &fit), SC_OK);
    assert_int_equal(sc_trend_predict(&fit, INFINITY, &fc), SC_EINVAL);
    assert_int_equal(sc_trend_predict(&fit, 1, NULL), SC_EINVAL);
}

/* ---- invariants ------------------------------------------------------------------------------ */

static void test_invariants(void **state)
{
    (void)state;
    sc_trend_fit unq, pass;
    series *u = find_series("national_unqualified", false),
           *p = find_series("national_passed", false);
    for (int rule = SC_DISPERSION_NONE; rule <= SC_DISPERSION_QUASI; rule++) {
        /* counting the other outcome negates the slope and keeps its error */
        assert_int_equal(sc_trend_logistic(u->point, u->count, 0.95, (sc_dispersion)rule, &unq),
                         SC_OK);
        assert_int_equal(sc_trend_logistic(p->point, p->count, 0.95, (sc_dispersion)rule, &pass),
                         SC_OK);
        assert_true(rel_error(unq.slope, -pass.slope) < 1e-12);
        assert_true(rel_error(unq.slope_se, pass.slope_se) < 1e-12);
        assert_true(rel_error(unq.profile_upper, -pass.profile_lower) < 1e-11);
        assert_true(rel_error(unq.deviance, pass.deviance) < 1e-12);
        /* containment */
        assert_true(unq.slope_lower < unq.slope && unq.slope < unq.slope_upper);
        assert_true(unq.profile_lower < unq.slope && unq.slope < unq.profile_upper);
    }
    /* merging rows with the same x leaves a binomial GLM's estimates unchanged */
    series *d = find_series("duplicates", false);
    sc_trend_point merged[] = {{1, 50, 41}, {2, 100, 85}, {3, 55, 49}, {4, 45, 43}};
    sc_trend_fit a, b;
    assert_int_equal(sc_trend_logistic(d->point, d->count, 0.95, SC_DISPERSION_NONE, &a), SC_OK);
    assert_int_equal(sc_trend_logistic(merged, 4, 0.95, SC_DISPERSION_NONE, &b), SC_OK);
    assert_true(rel_error(a.slope, b.slope) < 1e-12);
    assert_true(rel_error(a.slope_se, b.slope_se) < 1e-12);
    assert_true(rel_error(a.profile_lower, b.profile_lower) < 1e-10);
    assert_int_equal(a.points, 5);
    assert_int_equal(b.points, 4);
    /* shifting x changes the intercept only */
    sc_trend_point shifted[8];
    series *o = find_series("overdispersed", false);
    for (size_t i = 0; i < o->count; i++) {
        shifted[i] = o->point[i];
        shifted[i].x -= 2021;
    }
    assert_int_equal(sc_trend_logistic(o->point, o->count, 0.95, SC_DISPERSION_AUTO, &a), SC_OK);
    assert_int_equal(sc_trend_logistic(shifted, o->count, 0.95, SC_DISPERSION_AUTO, &b), SC_OK);
    assert_true(rel_error(a.slope, b.slope) < 1e-12);
    assert_true(rel_error(a.slope_se, b.slope_se) < 1e-11);
    assert_true(rel_error(a.intercept + a.slope * 2021, b.intercept) < 1e-11);
    /* intervals nest as the level rises */
    sc_trend_fit lo, hi;
    assert_int_equal(sc_trend_logistic(o->point, o->count, 0.80, SC_DISPERSION_NONE, &lo), SC_OK);
    assert_int_equal(sc_trend_logistic(o->point, o->count, 0.99, SC_DISPERSION_NONE, &hi), SC_OK);
    assert_true(hi.profile_lower < lo.profile_lower && lo.profile_upper < hi.profile_upper);
    assert_true(hi.slope_lower < lo.slope_lower && lo.slope_upper < hi.slope_upper);
    assert_true(lo.iterations >= 2 && lo.iterations <= 25);
}

/* ---- G4: damped IRLS near separation ------------------------------------------------------ */

/* Series whose MLE exists (G3: no separating line) but where R's glm runs off
 * (default and tight control alike, "fitted probabilities numerically 0 or 1",
 * its eta clamped at -+30): found by a random search, 200000 series, all of
 * which now converge.  The check is the definition of the MLE: the score
 * sum (y_i - n_i p_i) (1, x_i - c) vanishes, measured in units of its
 * standard deviation sqrt(information). */
static void check_score(const sc_trend_point *pts, size_t count)
{
    sc_trend_fit fit;
    assert_int_equal(sc_trend_logistic(pts, count, 0.95, SC_DISPERSION_NONE, &fit), SC_OK);
    assert_true(fit.iterations < 100);
    double s0 = 0, s1 = 0, i00 = 0, i11 = 0;
    for (size_t i = 0; i < count; i++) {
        double d = pts[i].x - fit.center;
        double eta = fit.center_value + fit.slope * d;
        double p = 1 / (1 + exp(-eta)), q = 1 / (1 + exp(eta));
        double n = (double)pts[i].n, r = (double)pts[i].passed - n * p;
        s0 += r;
        s1 += r * d;
        i00 += n * p * q;
        i11 += n * p * q * d * d;
    }
    assert_true(fabs(s0) <= 1e-6 * sqrt(i00));
    assert_true(fabs(s1) <= 1e-6 * sqrt(i11));
    assert_int_equal(fit.profile_status, SC_OK);
    assert_true(fit.profile_lower < fit.slope && fit.slope < fit.profile_upper);
}

static void test_near_separation(void **state)
{
    (void)state;
    /* the Newton step from R's start is 1e25 long (weights underflow) */
    sc_trend_point a[] = {{2014, 266, 261}, {2009, 50699, 50575}, {2001.5, 110, 0}};
    sc_trend_point b[] = {{2014, 5, 4}, {2012.5, 144767, 144767}, {2006.5, 1, 0}};
    /* the optimum has p ~ 1e-16 at a point with 4 of 6: rounding floor ~1e-8 se */
    sc_trend_point c[] = {
        {2011.5, 6, 4}, {2007.5, 7, 2}, {2002, 7, 0}, {2002.5, 194376, 285}, {2003, 458712, 0}};
    sc_trend_point d[] = {{2013, 11, 10},      {2011.5, 12, 12},        {2014.5, 22, 20},
                          {2001.5, 795082, 0}, {2011.5, 3, 3},          {2013.5, 24, 23},
                          {2013.5, 3, 3},      {2009.5, 209338, 208741}};
    check_score(a, 3);
    check_score(b, 3);
    check_score(c, 5);
    check_score(d, 8);
    /* near_separated (R agrees there) was checked against R above */
}

/* ---- names ----------------------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    sc_trend_model m;
    for (int i = 0; i < SC_TREND_MODEL_COUNT; i++) {
        const sc_trend_model_info *info = sc_trend_model_get((sc_trend_model)i);
        assert_non_null(info);
        assert_int_equal(info->model, i);
        assert_int_equal(sc_trend_model_from_name(info->entry.name, &m), SC_OK);
        assert_int_equal(m, i);
    }
    assert_null(sc_trend_model_get(SC_TREND_MODEL_COUNT));
    assert_int_equal(sc_trend_model_from_name("GLM", &m), SC_OK);
    assert_int_equal(m, SC_TREND_LOGISTIC);
    assert_int_equal(sc_trend_model_from_name("wls", &m), SC_OK);
    assert_int_equal(m, SC_TREND_LINEAR);
    assert_int_equal(sc_trend_model_from_name("lin", &m), SC_EINVAL);
    assert_int_equal(sc_trend_model_from_name("", &m), SC_EINVAL);
    assert_int_equal(sc_trend_model_from_name(NULL, &m), SC_EINVAL);
    sc_dispersion d;
    assert_int_equal(sc_dispersion_from_name("Quasibinomial", &d), SC_OK);
    assert_int_equal(d, SC_DISPERSION_QUASI);
    assert_int_equal(sc_dispersion_from_name("binomial", &d), SC_OK);
    assert_int_equal(d, SC_DISPERSION_NONE);
    assert_int_equal(sc_dispersion_from_name("auto", &d), SC_OK);
    assert_int_equal(d, SC_DISPERSION_AUTO);
    assert_int_equal(sc_dispersion_from_name("quasi-", &d), SC_EINVAL);
    assert_string_equal(sc_dispersion_name(SC_DISPERSION_QUASI), "quasi");
    assert_string_equal(sc_dispersion_name(SC_DISPERSION_COUNT), "unknown");
    assert_string_equal(sc_trend_condition_name(SC_TREND_SEPARATION_UP), "separation-up");
    assert_string_equal(sc_trend_condition_name(SC_TREND_CONDITION_COUNT), "unknown");
    assert_string_equal(sc_crossing_name(SC_CROSSING_AT), "at");
}

/* ---- L1-L6: NIST StRD ---------------------------------------------------------------------- */

typedef struct nist_set {
    const char *name;
    int predictors; /* columns of data after y */
    int degree;     /* polynomial degree in the one predictor, 0 for plain columns */
    bool intercept;
    double min_coef_lre; /* minimum LRE required of every coefficient */
    double min_se_lre;   /* and of every standard error */
} nist_set;

/* Required digits: a margin of ~1 below what the implementation reaches
 * (printed by the test), so that a change in the QR or BLAS rounding does not
 * flip the result; Filip's 7 is the limit of its data in double precision:
 * perturbing each design element by one ulp moves its coefficients by ~1e-8
 * relative. */
static const nist_set nist_sets[] = {
    {"Norris", 1, 1, true, 12, 12},   {"Pontius", 1, 2, true, 12, 12},
    {"NoInt1", 1, 1, false, 13, 13},  {"NoInt2", 1, 1, false, 13, 13},
    {"Longley", 6, 0, true, 13, 13},  {"Filip", 1, 10, true, 6.5, 6.5},
    {"Wampler1", 1, 5, true, 13, 13}, {"Wampler2", 1, 5, true, 12, 13},
    {"Wampler3", 1, 5, true, 13, 13}, {"Wampler4", 1, 5, true, 13, 13},
    {"Wampler5", 1, 5, true, 13, 13},
};

#define NIST_MAX_ROWS 100
#define NIST_MAX_PARAMS 11

typedef struct nist_data {
    double y[NIST_MAX_ROWS];
    double x[NIST_MAX_ROWS][6];
    size_t rows;
    double coef[NIST_MAX_PARAMS], se[NIST_MAX_PARAMS];
    size_t params;
    double residual_sd, r_squared;
} nist_data;

/* Reads a StRD file: the certified block (lines "B<j> estimate sd",
 * "Standard Deviation", "R-Squared") and the data lines named in the
 * header ("Data (lines 61 to 142)"). */
static void read_nist(const char *name, int predictors, nist_data *d)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/nist/%s.dat", SC_TEST_DATA_DIR, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    memset(d, 0, sizeof *d);
    char line[512];
    int lineno = 0, first = 0, last = 0;
    d->residual_sd = d->r_squared = NAN;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p;
        double est, sd;
        if (!first && strstr(line, "Data ") && (p = strstr(line, "(lines")))
            assert_int_equal(sscanf(p, "(lines %d to %d", &first, &last), 2);
        else if (lineno < first || !first) {
            int j;
            if (sscanf(line, " B%d %lf %lf", &j, &est, &sd) == 3) {
                assert_true(j >= 0 && j < NIST_MAX_PARAMS);
                d->coef[d->params] = est;
                d->se[d->params] = sd;
                d->params++;
            } else if ((p = strstr(line, "Standard Deviation")) && isnan(d->residual_sd) &&
                       strstr(line, "Residual") == NULL && sscanf(p + 18, "%lf", &est) == 1) {
                d->residual_sd = est;
            } else if ((p = strstr(line, "R-Squared")) && sscanf(p + 9, "%lf", &est) == 1) {
                d->r_squared = est;
            }
        }
        if (first && lineno >= first && lineno <= last) {
            char *s = line, *end;
            assert_true(d->rows < NIST_MAX_ROWS);
            d->y[d->rows] = strtod(s, &end);
            assert_true(end != s);
            for (int j = 0; j < predictors; j++) {
                s = end;
                d->x[d->rows][j] = strtod(s, &end);
                assert_true(end != s);
            }
            d->rows++;
        }
    }
    fclose(f);
    assert_true(d->rows > 0 && d->params > 0);
    assert_false(isnan(d->residual_sd) || isnan(d->r_squared));
}

/* log relative error, capped at 15 digits; a certified 0 is compared absolutely. */
static double lre(double got, double want)
{
    double err = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
    if (isnan(err))
        return 0;
    if (err == 0)
        return 15;
    return fmin(15, -log10(err));
}

static void test_nist(void **state)
{
    (void)state;
    print_message("    %-9s %5s %5s %5s %5s  %s\n", "set", "coef", "se", "sd", "R^2", "condition");
    for (size_t s = 0; s < sizeof nist_sets / sizeof nist_sets[0]; s++) {
        const nist_set *set = &nist_sets[s];
        nist_data d;
        read_nist(set->name, set->predictors, &d);
        size_t cols = set->degree ? (size_t)set->degree : (size_t)set->predictors;
        assert_int_equal(cols + set->intercept, d.params);
        double *design = malloc(d.rows * cols * sizeof *design);
        assert_non_null(design);
        for (size_t i = 0; i < d.rows; i++) {
            for (size_t j = 0; j < cols; j++) {
                if (set->degree) {
                    /* x^(j+1) by repeated multiplication, one rounding per factor */
                    double v = d.x[i][0];
                    for (size_t e = 0; e < j; e++)
                        v *= d.x[i][0];
                    design[i * cols + j] = v;
                } else {
                    design[i * cols + j] = d.x[i][j];
                }
            }
        }
        sc_trend_lsq *fit = NULL;
        assert_int_equal(sc_trend_lsq_fit(design, d.rows, cols, d.y, NULL, set->intercept, &fit),
                         SC_OK);
        free(design);
        assert_non_null(fit);
        assert_int_equal(fit->params, d.params);
        double coef = 15, se = 15;
        for (size_t j = 0; j < d.params; j++) {
            coef = fmin(coef, lre(fit->coef[j], d.coef[j]));
            se = fmin(se, lre(fit->se[j], d.se[j]));
        }
        double sd = lre(fit->sigma, d.residual_sd), r2 = lre(fit->r_squared, d.r_squared);
        print_message("    %-9s %5.1f %5.1f %5.1f %5.1f  %.2e\n", set->name, coef, se, sd, r2,
                      fit->condition);
        assert_true(coef >= set->min_coef_lre);
        assert_true(se >= set->min_se_lre);
        assert_true(sd >= set->min_se_lre && r2 >= set->min_se_lre);
        sc_trend_lsq_free(fit);
    }
}

static void test_lsq_edges(void **state)
{
    (void)state;
    sc_trend_lsq *fit = (sc_trend_lsq *)&fit;   /* must be reset to NULL on failure */
    double design[] = {1, 2, 2, 4, 3, 6, 4, 8}; /* the second column is twice the first */
    double y[] = {1, 2, 2, 5};
    assert_int_equal(sc_trend_lsq_fit(design, 4, 2, y, NULL, true, &fit), SC_EDOMAIN);
    assert_null(fit);
    assert_int_equal(sc_trend_lsq_fit(design, 2, 2, y, NULL, true, &fit), SC_EDOMAIN);
    assert_int_equal(sc_trend_lsq_fit(design, 4, 0, y, NULL, false, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_lsq_fit(NULL, 4, 1, y, NULL, true, &fit), SC_EINVAL);
    assert_int_equal(sc_trend_lsq_fit(design, 4, 2, y, NULL, true, NULL), SC_EINVAL);
    double neg[] = {1, -1, 1, 1};
    assert_int_equal(sc_trend_lsq_fit(design, 4, 1, y, neg, true, &fit), SC_EINVAL);
    double nan_y[] = {1, NAN, 2, 5};
    assert_int_equal(sc_trend_lsq_fit(design, 4, 1, nan_y, NULL, true, &fit), SC_EINVAL);
    sc_trend_lsq_free(NULL);

    /* zero weights drop rows: the fit equals the fit without them */
    double x5[] = {1, 2, 3, 4, 100}, y5[] = {1.5, 1.9, 3.2, 3.9, -50}, w5[] = {1, 2, 1, 3, 0};
    double x4[] = {1, 2, 3, 4}, w4[] = {1, 2, 1, 3};
    sc_trend_lsq *a = NULL, *b = NULL;
    assert_int_equal(sc_trend_lsq_fit(x5, 5, 1, y5, w5, true, &a), SC_OK);
    assert_int_equal(sc_trend_lsq_fit(x4, 4, 1, y5, w4, true, &b), SC_OK);
    assert_int_equal(a->rows, 4);
    assert_true(a->df == 2);
    for (int j = 0; j < 2; j++) {
        assert_true(rel_error(a->coef[j], b->coef[j]) < 1e-14);
        assert_true(rel_error(a->se[j], b->se[j]) < 1e-14);
    }
    /* an intercept-only model is the weighted mean */
    sc_trend_lsq *mean = NULL;
    assert_int_equal(sc_trend_lsq_fit(NULL, 4, 0, y5, w4, true, &mean), SC_OK);
    assert_rel(mean->coef[0], (1.5 + 2 * 1.9 + 3.2 + 3 * 3.9) / 7, 1e-15);
    assert_true(mean->r_squared == 0); /* as R's summary.lm */
    /* as many rows as parameters: exact fit, no standard errors (as R) */
    sc_trend_lsq *exact = NULL;
    assert_int_equal(sc_trend_lsq_fit(x4, 2, 1, y5, NULL, true, &exact), SC_OK);
    assert_true(exact->df == 0 && isnan(exact->sigma) && isnan(exact->se[1]));
    assert_rel(exact->coef[1], 0.4, 1e-14);
    sc_trend_lsq_free(a);
    sc_trend_lsq_free(b);
    sc_trend_lsq_free(mean);
    sc_trend_lsq_free(exact);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logistic_reference),
        cmocka_unit_test(test_dispersion_auto),
        cmocka_unit_test(test_forecasts),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_target_edges),
        cmocka_unit_test(test_linear_reference),
        cmocka_unit_test(test_cochran_armitage),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_constant),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_invariants),
        cmocka_unit_test(test_near_separation),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_nist),
        cmocka_unit_test(test_lsq_edges),
        cmocka_unit_test(test_value_scaling),
    };
    return cmocka_run_group_tests(tests, load_series, NULL);
}
