/* spotcheck — private interface shared by the trend files (trend.c,
 * trend_glm.c, trend_lm.c, trend_ca.c).  Nothing here is exported.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SPOTCHECK_TREND_INTERNAL_H
#define SPOTCHECK_TREND_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/trend.h"

/* The points with n > 0 (trend.c T3), as doubles, in the caller's order. */
typedef struct sc_trend_data {
    size_t k;              /* points used */
    double *x;             /* k positions */
    double *n;             /* k counts n_i >= 1 */
    double *passed;        /* k counted outcomes */
    uint64_t total_n;      /* N */
    uint64_t total_passed; /* Y */
    double center;         /* c = sum n_i x_i / N, computed about the first x (T3) */
    double unit;           /* a power of two >= max |x_i - c| (1 when all x are equal) */
    double *xs;            /* k scaled positions (x_i - c) / unit, in [-1, 1] (T3) */
    bool distinct;         /* at least two distinct x */
} sc_trend_data;

/* Checks `count` points (T3: passed <= n, n and the total at most 2^53,
 * finite x with a finite spread, points non-NULL when count > 0) and gathers
 * those with n > 0.
 * Returns SC_OK, SC_EINVAL or SC_ENOMEM; on failure *data is empty (safe to
 * free).  k = 0 is not an error here. */
sc_status sc_trend_data_load(const sc_trend_point *points, size_t count, sc_trend_data *data);

/* Frees the arrays of *data; NULL or an empty record is a no-op. */
void sc_trend_data_free(sc_trend_data *data);

/* The unit and scaled positions of T3 for x[0..k-1] about `center`:
 * returns the unit and writes xs (k elements). */
double sc_trend_scale_positions(const double *x, size_t k, double center, double *xs);

/* Resets *fit to "no numbers": every double NaN, counts 0, condition
 * SC_TREND_FITTED, profile_status SC_EDOMAIN (T7). */
void sc_trend_fit_clear(sc_trend_fit *fit, sc_trend_model model, double level);

/* true when 0 < level < 1. */
bool sc_trend_level_ok(double level);

/* Two-sided p-value and interval quantile: standard normal when df is NaN,
 * Student t with df degrees of freedom otherwise (T8). */
double sc_trend_p_value(double statistic, double df);
double sc_trend_quantile(double level, double df);

/* Fills statistic, p_value, quantile, slope_lower and slope_upper from
 * slope, slope_se and level; df NaN means normal (T8). */
void sc_trend_fill_wald(sc_trend_fit *fit, double df);

#endif
