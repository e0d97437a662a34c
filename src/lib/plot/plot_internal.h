/* spotcheck — the chart model shared by the files of src/lib/plot/.
 * Private to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plot subsystem (contract: include/spotcheck/plot.h):
 *   chart.c     the model: sc_chart_new/free, setters, the kind registry and
 *               the default texts
 *   data.c      copying a table's columns into the model by role (contract 1)
 *   quote.c     the security contract (contract 3, DESIGN.md §6): every text
 *               of a script, labels cleaned, output names checked
 *   script.c    the script writer: preamble, axes, tics, data blocks, and
 *               sc_chart_write
 *   ranked.c    CATERPILLAR and BARS       band.c     BAND
 *   funnel.c    FUNNEL                     pareto.c   PARETO
 *   control.c   CONTROL
 *   render.c    running gnuplot (sc_chart_render)
 * Adding a kind: an enum value in plot.h, a file with its registry row
 * (sc_chart_kind_def) and its writer, and one line in chart.c's list.
 */
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
    ROLE_BASELINE,
    ROLE_TARGET,
    ROLE_COUNT
} chart_role;

#define ROLE_BIT(role) (1u << (role))
#define ROLE_BITS_INTERVAL (ROLE_BIT(ROLE_LOWER) | ROLE_BIT(ROLE_UPPER))
#define ROLE_BITS_OUTER (ROLE_BIT(ROLE_OUTER_LOWER) | ROLE_BIT(ROLE_OUTER_UPPER))

/* One row of chart data, copied from the table.  Numbers are on the table's
 * scale (the percent shift happens when the script is written); a missing
 * cell or a role not bound is NaN; texts are already cleaned
 * (sc_plot_clean_label). */
typedef struct chart_point {
    char *label;  /* NULL when no label role is bound */
    char *series; /* NULL when no series role is bound */
    double x, value, lower, upper, outer_lower, outer_upper, center, baseline, target;
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
    size_t joined_last; /* PARETO: the last row stands for this many joined items; 0: none */
    double mark_x[SC_CHART_MARKS_MAX]; /* BAND: vertical marks (sc_chart_add_x_mark) */
    char *mark_text[SC_CHART_MARKS_MAX];
    size_t nmarks;
    char *font_family;
    double font_size;
    unsigned width, height;
    sc_chart_term term;
    char *output;
    bool has_data;
    chart_points points;
    chart_points curves; /* FUNNEL grid, count 0 when not given */
};

/* A default text in both languages. */
typedef struct plot_text_pair {
    const char *en, *zh;
} plot_text_pair;

struct plot_script; /* script.h */

/* One registry row per kind, defined in the kind's own file. */
typedef struct sc_chart_kind_def {
    const char *name;
    unsigned needs; /* roles that must be bound */
    unsigned uses;  /* roles that are read (needs included) */
    /* Default legend entries of this kind; the others come from the
     * columns (value axis, category axis, value key) or are built (target). */
    plot_text_pair keys[SC_CHART_TEXT_COUNT];
    /* Writes the whole script (script.h); SC_OK or SC_ENOMEM. */
    sc_status (*write)(struct plot_script *s);
} sc_chart_kind_def;

extern const sc_chart_kind_def sc_plot_kind_caterpillar, sc_plot_kind_bars; /* ranked.c */
extern const sc_chart_kind_def sc_plot_kind_band;                           /* band.c */
extern const sc_chart_kind_def sc_plot_kind_funnel;                         /* funnel.c */
extern const sc_chart_kind_def sc_plot_kind_pareto;                         /* pareto.c */
extern const sc_chart_kind_def sc_plot_kind_control;                        /* control.c */

/* The row of `kind`, or NULL for an unknown kind.  chart.c. */
const sc_chart_kind_def *sc_chart_kind_get(sc_chart_kind kind);

/* The text shown for `which`: given, or the default; NULL when removed
 * (given as "") or when there is none.  `buf` holds built defaults.
 * chart.c. */
const char *sc_chart_text_get(const sc_chart *chart, sc_chart_text which, char *buf,
                              size_t size);

/* Frees the points' texts and array and empties *points.  data.c. */
void sc_plot_points_free(chart_points *points);

/* Writes the script with `output` as the output file name (NULL: no `set
 * output`), so that rendering can write a temporary file.  script.c. */
sc_status sc_chart_write_script(const sc_chart *chart, FILE *out, const char *output,
                                sc_error *err);

#endif
