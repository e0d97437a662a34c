/* spotcheck — charts: the parts of a gnuplot script that every kind uses
 * (script.c), for the kind files ranked.c, band.c, funnel.c, pareto.c and
 * control.c.  Private to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kind's writer (sc_chart_kind_def.write) writes the whole script: it lays
 * out its axes (which may grow the image, contract 2), calls
 * sc_plot_write_preamble, sets its axes and tics, writes its data blocks
 * (numbers only, sc_plot_begin_data/sc_plot_end_data) and then one plot
 * command, element by element.  Every text goes through quote.h.  It
 * returns SC_OK or SC_ENOMEM; write failures stick in the writer.
 */
#ifndef SPOTCHECK_PLOT_SCRIPT_H
#define SPOTCHECK_PLOT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "plot_internal.h"
#include "quote.h"
#include "writer.h"

/* Images grow up to this size (contract 2): cairo refuses 32768, and a
 * 1200 x 16000 image already takes 77 MB while it is drawn. */
#define MAX_GROWN_PIXELS 16000.0

/* Colours: a dark blue for values, a red for targets and signals, greys for
 * limits and grids (readable in print and by the colour-blind). */
#define COLOR_VALUE "#1f4e79"
#define COLOR_INTERVAL "#5b8db8"
#define COLOR_BAND "#9ecae1"
#define COLOR_TARGET "#c0392b"
#define COLOR_SIGNAL "#d62728"
#define COLOR_INNER "#606060"
#define COLOR_LIMIT "#7f7f7f"
#define COLOR_OUTER "#404040"
#define COLOR_CENTER "#2ca02c"
#define COLOR_GRID "#e0e0e0"
#define COLOR_BAR "#6baed6"
#define COLOR_CUMULATIVE "#e6550d"

typedef struct plot_script {
    sc_writer *w;
    const sc_chart *chart;
    const char *output;
    double width, height; /* pixels, after growing (contract 2) */
    double font;          /* points */
    bool first_element;   /* of the plot command */
} plot_script;

/* An explicit tic label at a position. */
typedef struct plot_tic {
    const char *label;
    double position;
} plot_tic;

/* Contract 4: the shortest round-trip decimal, the percent shift in
 * decimal; NaN for a missing or infinite value. */
void sc_plot_put_number(sc_writer *w, double value, bool percent);

/* A plot element's legend entry: title '…', or notitle for NULL. */
void sc_plot_put_title(sc_writer *w, const char *text);

/* sc_chart_text_get for the script's chart. */
const char *sc_plot_text_of(const plot_script *s, sc_chart_text which, char *buf, size_t size);

/* `$name << SC_END_OF_DATA` with a comment naming the columns, and the
 * terminator line (contract 3). */
void sc_plot_begin_data(plot_script *s, const char *name, const char *columns);
void sc_plot_end_data(plot_script *s);

/* Starts one element of the plot command ("plot " or a continuation). */
void sc_plot_element(plot_script *s);

/* The comment, terminal, output, title, key and border of every script. */
void sc_plot_write_preamble(plot_script *s);

/* Explicit tic labels `set <axis>tics (...)`; `step` > 1 names every
 * step-th position only; `max_columns` as for sc_plot_put_text. */
void sc_plot_write_tics(plot_script *s, const char *axis, const plot_tic *tics, size_t ntics,
                        size_t step, size_t max_columns);

/* The value axis ("x" or "y"): percent format, title, limits. */
void sc_plot_write_value_axis(plot_script *s, const char *axis);

/* The target as a horizontal line function, when the chart has one. */
void sc_plot_write_target_function(plot_script *s);

/* Fixed ranges and "no data" for a chart without a finite value
 * (`value_axis` "x" or "y"; `x_too`: the x axis too). */
void sc_plot_write_empty_ranges(plot_script *s, const char *value_axis, bool x_too);

/* Contract 2 for a horizontal category axis: labels side by side when they
 * fit, else turned 45 degrees; *step > 1 when even turned labels overlap.
 * `grow`: make the image wider instead of leaving labels out. */
void sc_plot_category_layout(plot_script *s, const plot_tic *tics, size_t ntics, bool grow,
                             bool *rotate, size_t *step);

/* The horizontal category axis; `numeric`: without labels it keeps
 * gnuplot's numbered tics (BAND with x only). */
void sc_plot_write_category_axis(plot_script *s, const plot_tic *tics, size_t ntics,
                                 bool rotate, size_t step, bool numeric);

/* The points in table order, sorted by `compare` when not NULL (on
 * const chart_point * elements).  Caller frees; NULL when out of memory. */
const chart_point **sc_plot_sorted_points(const chart_points *points,
                                          int (*compare)(const void *, const void *));

/* Whether value lies outside [lower, upper]; false for NaN. */
bool sc_plot_beyond(double value, double lower, double upper);

#endif
