/* spotcheck — the chart model shared by plot.c (building), plot_script.c
 * (writing the gnuplot script) and plot_render.c (running gnuplot).  Private
 * to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_PLOT_INTERNAL_H
#define SPOTCHECK_PLOT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "spotcheck/plot.h"

/* The roles of contract 1, as bits of sc_chart_kind_def.needs/.uses. */
typedef enum chart_role {
    ROLE_LABEL,
    ROLE_SERIES,
    ROLE_X,
    ROLE_VALUE,
    ROLE_LOWER,
    ROLE_UPPER,
    ROLE_OUTER_LOWER,
    ROLE_OUTER_UPPER,
    ROLE_CENTER,
    ROLE_COUNT
} chart_role;

#define ROLE_BIT(role) (1u << (role))

/* One row of chart data, copied from the table.  Numbers are on the table's
 * scale (the percent shift happens when the script is written); a missing
 * cell or a role not bound is NaN; texts are already cleaned (clean_label). */
typedef struct chart_point {
    char *label;  /* NULL when no label role is bound */
    char *series; /* NULL when no series role is bound */
    double x, value, lower, upper, outer_lower, outer_upper, center;
    size_t order; /* position in the table, for stable sorting */
} chart_point;

typedef struct chart_points {
    chart_point *items;
    size_t count;
    unsigned bound; /* ROLE_BIT()s of the roles that had a column */
} chart_points;

struct sc_chart {
    sc_chart_kind kind;
    sc_lang lang;
    char *text[SC_CHART_TEXT_COUNT]; /* NULL: default; "": removed */
    /* Default texts taken from the table's columns, by sc_lang. */
    char *column_value[2];
    char *column_category[2];
    bool percent;
    bool percent_points; /* with percent: percentage points, ticks without "%" */
    bool has_target;
    double target;
    double forecast_x, forecast_value, forecast_lower, forecast_upper; /* BAND; x NaN: none */
    double x_step; /* BAND: gaps wider than 1.5 steps break the line; NaN: none */
    double limit_low, limit_high; /* autoscale bounds of the value axis; NaN: none */
    char *font_family;
    double font_size;
    unsigned width, height;
    sc_chart_term term;
    char *output;
    bool has_data;
    chart_points points;
    chart_points curves; /* FUNNEL grid, count 0 when not given */
};

/* One row per kind (plot.c). */
typedef struct sc_chart_kind_def {
    const char *name;
    unsigned needs; /* roles that must be bound */
    unsigned uses;  /* roles that are read (needs included) */
} sc_chart_kind_def;

const sc_chart_kind_def *sc_chart_kind_get(sc_chart_kind kind);

/* The text shown for `which`: given, or the default; NULL when removed
 * (given as "") or when there is none.  `buf` holds built defaults. */
const char *sc_chart_text_get(const sc_chart *chart, sc_chart_text which, char *buf,
                              size_t size);

/* Writes the script with `output` as the output file name (NULL: no `set
 * output`), so that rendering can write a temporary file.  plot_script.c. */
sc_status sc_chart_write_script(const sc_chart *chart, FILE *out, const char *output,
                                sc_error *err);

/* True when `path` may be an output name (contract 3); otherwise explains
 * why in err and returns false.  plot.c. */
bool sc_chart_path_ok(const char *path, sc_error *err);

#endif
