/* spotcheck — charts: the gnuplot script emitter that every tool uses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is built in three steps: sc_chart_new(kind), setters for texts and
 * appearance, sc_chart_set_data() with a result table and the columns that
 * play each role.  sc_chart_write() then writes one self-contained gnuplot 5
 * script (data inline); sc_chart_render() also runs gnuplot on it.
 *
 * Contract (DESIGN.md §6):
 *  1. Kinds and the roles they read from the table (R required, o optional,
 *     - ignored); "label" may be several columns, joined by a space (text as
 *     it is, numbers as shortest decimals, missing cells "NA"):
 *
 *       kind         label       x    value  lower/upper     outer     center   series
 *       CATERPILLAR  group   R   -    R      interval  o     -         -        -
 *       BARS         group   R   -    R      interval  o     -         -        -
 *       BAND         period  R*  o*   R      band      o     -         fitted o o
 *       FUNNEL       point   o   n R  R      inner     o     outer o   centre o -
 *       PARETO       item    R   -    R      -               -         -        -
 *       CONTROL      period  R   -    R      lcl/ucl   R     -         centre o -
 *
 *     (* BAND: label or x, or both: x places the points, label names them.)
 *     Two more optional numeric roles: baseline (CATERPILLAR: each group's
 *     earlier value, drawn as an arrow from it to the value, e.g. 同比) and
 *     target (CATERPILLAR and BARS: each group's own target, a short upright
 *     mark on its row, for per-group targets; sc_chart_set_target draws one
 *     line for all).
 *     CATERPILLAR and BARS rank the groups by value, highest at the top, one
 *     row per group; rows whose value is missing come last, without a dot.
 *     PARETO sorts items by value, largest first, and adds the cumulative
 *     percentage on a right-hand axis (values must be >= 0); it draws at most
 *     30 bars, the items after the 29th joined into a last, grey bar
 *     "other (N items)" / "其他（N 项）"; a last row that already joins items
 *     (sc_chart_set_joined, a table's "other" row) is that bar, drawn last
 *     whatever its value.  FUNNEL draws its limit curves
 *     through the rows' own limits in order of n, or through the finer grid
 *     given to sc_chart_set_curves(); it draws in red the points outside
 *     their own outer limits (inner ones when there are no outer limits) and
 *     names every point outside its inner limits, and all points when there
 *     are at most FUNNEL_LABEL_ALL (12).  Names are placed beside, above or
 *     below their point, wherever they overlap no name placed before (those
 *     outside the outer limits first); a name outside the limits that finds
 *     no free place is still drawn, others are left out.  Its n axis is
 *     logarithmic when the largest n is at least 20 times the smallest, and
 *     spans the points' n with a margin (never below 0) otherwise.  CONTROL draws lcl/ucl as steps around each point and marks the
 *     points beyond them.  BAND draws one line per distinct series value, in
 *     order of first appearance.
 *  2. Layout: groups of CATERPILLAR and BARS are on the vertical axis, one
 *     row each, and the image grows taller than the requested size when rows
 *     would be closer than twice the font size, so labels never overlap
 *     (beyond 16000 pixels only every k-th group is named); with more than 30
 *     rows the value scale is repeated at the top.  Period labels of BAND and
 *     CONTROL and item labels of PARETO are turned 45 degrees (and cut to 20
 *     display columns) when they do not fit side by side; PARETO then grows
 *     wider, BAND and CONTROL name every k-th period when even turned labels
 *     would overlap.  Labels from data are cut to 40 display columns ("…"
 *     appended).  A chart without a single finite value draws empty axes
 *     with "no data" / "无数据" (gnuplot refuses an empty plot).
 *  3. Safety: every string in the script — labels from data, titles, legend
 *     entries, the font, the output file name — is written by one function as
 *     a gnuplot single-quoted string, inside which gnuplot expands no
 *     backquote, @macro or backslash escape.  Control characters (C0, DEL,
 *     C1; CR and LF included) become a space and each byte of invalid UTF-8
 *     becomes U+FFFD, so no text can end a command.  A single quote in text
 *     becomes U+2019 (’): gnuplot 5.4 reads a doubled quote '' only after
 *     another character of the string, so doubling would let a label that
 *     starts with a quote, or holds two in a row, end its string early.
 *     Output file names keep their quotes, doubled; names that start with a
 *     quote or hold two in a row are refused, as are names that gnuplot would
 *     open as a pipe (first non-blank character '|') and names with control
 *     characters or invalid UTF-8.  Explicit tic labels are gnuplot format
 *     strings, so there '%' is doubled too.  Every text element is
 *     `noenhanced`.  Data blocks hold numbers only (NaN for a missing value)
 *     and end with the line SC_END_OF_DATA, which no number can start with.
 *  4. Numbers are written as the shortest decimal that reads back to the same
 *     double; with a percent axis, values (not x) are multiplied by 100 in
 *     decimal and ticks read "95%".  Infinities are written as NaN (missing).
 *  5. The script depends only on the chart: no date, version or path other
 *     than the output name, so it can be compared byte for byte.
 */
#ifndef SPOTCHECK_PLOT_H
#define SPOTCHECK_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/output.h"
#include "spotcheck/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_chart_kind {
    SC_CHART_CATERPILLAR, /* ranked dots with interval whiskers */
    SC_CHART_BARS,        /* ranked bars from zero with interval whiskers */
    SC_CHART_BAND,        /* lines over periods with a filled interval band */
    SC_CHART_FUNNEL,      /* value against n with limit curves (funnel plot) */
    SC_CHART_PARETO,      /* bars, largest first, with the cumulative percentage */
    SC_CHART_CONTROL,     /* values over periods with step control limits */
    SC_CHART_KIND_COUNT
} sc_chart_kind;

typedef enum sc_chart_term {
    SC_CHART_TERM_NONE, /* the script sets no terminal and no output */
    SC_CHART_TERM_PNG,  /* pngcairo */
    SC_CHART_TERM_SVG,  /* svg */
    SC_CHART_TERM_PDF   /* pdfcairo */
} sc_chart_term;

/* The texts of a chart.  Each has a default, in English or Chinese after
 * sc_chart_set_lang; "" removes the element (no title, no legend entry). */
typedef enum sc_chart_text {
    SC_CHART_TITLE,          /* default: none */
    SC_CHART_VALUE_AXIS,     /* axis of the values (horizontal for CATERPILLAR and BARS);
                                default: the value column's name or Chinese label */
    SC_CHART_CATEGORY_AXIS,  /* axis of groups, periods, items or n; default: the label
                                (FUNNEL: x) column's name or label */
    SC_CHART_KEY_VALUE,      /* legend of the values; default: as SC_CHART_VALUE_AXIS */
    SC_CHART_KEY_INTERVAL,   /* interval, band, inner funnel limits or control limits */
    SC_CHART_KEY_OUTER,      /* outer funnel limits */
    SC_CHART_KEY_CENTER,     /* centre line (FUNNEL, CONTROL) or fitted line (BAND) */
    SC_CHART_KEY_TARGET,     /* target line; default "target 95%" / "目标 95%" */
    SC_CHART_KEY_CUMULATIVE, /* PARETO's cumulative line and right-hand axis */
    SC_CHART_KEY_SIGNAL,     /* CONTROL's points beyond the limits */
    SC_CHART_KEY_FORECAST,   /* BAND's forecast point with its interval (sc_chart_set_forecast);
                                default "forecast" / "预测值" */
    SC_CHART_KEY_BASELINE,   /* CATERPILLAR's arrows from the baseline role; default
                                "change from baseline" / "较基期变化" */
    SC_CHART_TEXT_COUNT
} sc_chart_text;

/* "No column" in sc_chart_data. */
#define SC_CHART_NONE ((size_t)-1)

/* Where a chart's data come from: a table, a range of its rows and the
 * column (0-based index) for each role of contract 1.  Start from
 * sc_chart_data_of(), which sets every role to SC_CHART_NONE. */
typedef struct sc_chart_data {
    const sc_table *table;
    size_t first_row;    /* rows first_row .. first_row + nrows - 1 */
    size_t nrows;        /* SC_CHART_NONE: to the last row */
    const size_t *label; /* label columns (any type; numbers shown as decimals) */
    size_t nlabel;
    size_t series;       /* BAND: one line per distinct value (any type) */
    size_t x;            /* numeric columns from here on */
    size_t value;
    size_t lower, upper;
    size_t outer_lower, outer_upper;
    size_t center;
    size_t baseline;     /* CATERPILLAR: where each value came from */
    size_t target;       /* CATERPILLAR, BARS: each row's own target */
} sc_chart_data;

/* A data description of `table` with all rows and no roles bound. */
SC_API sc_chart_data sc_chart_data_of(const sc_table *table);

typedef struct sc_chart sc_chart;

/* New chart of `kind` with the defaults: English texts, no percent axis, no
 * target, font "Noto Sans CJK SC,12", 1200x800 pixels, SC_CHART_TERM_NONE.
 * NULL for an unknown kind or when out of memory.  Caller frees with
 * sc_chart_free. */
SC_API sc_chart *sc_chart_new(sc_chart_kind kind);

/* Frees the chart and everything it copied.  NULL is a no-op. */
SC_API void sc_chart_free(sc_chart *chart);

/* Sets one text (copied; NULL restores the default, "" removes it).
 * SC_EINVAL for a NULL chart or an unknown text; SC_ENOMEM. */
SC_API sc_status sc_chart_set_text(sc_chart *chart, sc_chart_text which, const char *text);

/* Language of the default texts (SC_LANG_EN or SC_LANG_ZH). */
SC_API sc_status sc_chart_set_lang(sc_chart *chart, sc_lang lang);

/* Shows the value axis in percent: values are proportions, ticks read "95%"
 * (contract 4).  PARETO's value axis holds counts and ignores it. */
SC_API sc_status sc_chart_set_percent(sc_chart *chart, bool percent);

/* Shows the value axis in percentage points: values are differences of
 * proportions, multiplied by 100 like a percent axis, but the ticks read
 * "2", "-1.5" without "%" (the axis title names the unit).  Sets the percent
 * scale too; false goes back to plain values. */
SC_API sc_status sc_chart_set_points(sc_chart *chart, bool points);

/* Keeps the autoscaled value axis within [low, high] (same scale as the
 * value column; NaN: no bound on that side), e.g. 0 and 1 for rates so that
 * the axis never reads 102%.  Values outside are still drawn (and clipped by
 * gnuplot).  SC_EINVAL for an infinite bound or low >= high. */
SC_API sc_status sc_chart_set_value_limits(sc_chart *chart, double low, double high);

/* BAND with an x role: a forecast at x, drawn as a point with its own
 * interval bar in the fitted line's colour and with its own legend entry
 * (SC_CHART_KEY_FORECAST), apart from the band of the observed intervals.
 * Same scale as the value column; NaN bounds draw the point alone; x NaN
 * removes it.  SC_EINVAL for an infinite argument.  Other kinds ignore it. */
SC_API sc_status sc_chart_set_forecast(sc_chart *chart, double x, double estimate, double lower,
                                       double upper);

/* BAND with an x role: the usual distance between consecutive x (a period's
 * length in years).  Two observed points of a series (finite values) more
 * than 1.5 steps apart are not joined: the line and the band break there,
 * the fitted line goes on, and the gap is marked "no data" (无数据).  0 or
 * NaN (the default) joins every point.  SC_EINVAL for a negative or
 * infinite step. */
SC_API sc_status sc_chart_set_x_step(sc_chart *chart, double step);

/* PARETO: the last data row stands for `items` items joined into one (the
 * "other" row of a table cut to its top items): it is drawn as the last,
 * grey bar "other (N items)" / "其他（N 项）" whatever its value, and the
 * items beyond the 29th join it (contract 1).  0 (the default): no such
 * row.  Other kinds ignore it. */
SC_API sc_status sc_chart_set_joined(sc_chart *chart, size_t items);

/* BAND with an x role: a vertical dashed line at x with `text` (copied) at
 * its top, e.g. the AQL and the limiting quality on an OC curve.  At most
 * SC_CHART_MARKS_MAX marks, drawn in the order added.  SC_EINVAL for a
 * non-finite x, a NULL text or one mark too many; SC_ENOMEM.  Other kinds
 * ignore them. */
#define SC_CHART_MARKS_MAX 4
SC_API sc_status sc_chart_add_x_mark(sc_chart *chart, double x, const char *text);

/* Draws a target line at `value` (same scale as the value column: a
 * proportion when the axis is in percent); NaN removes it.  Vertical for
 * CATERPILLAR and BARS, horizontal otherwise; PARETO ignores it.  SC_EINVAL
 * for an infinite value. */
SC_API sc_status sc_chart_set_target(sc_chart *chart, double value);

/* Font as "FAMILY" or "FAMILY,SIZE" (points, > 0 and <= 100), as --font
 * takes it; NULL or "" restores "Noto Sans CJK SC,12".  SC_EINVAL with a
 * message for a bad size or an empty family. */
SC_API sc_status sc_chart_set_font(sc_chart *chart, const char *spec, sc_error *err);

/* Image size in pixels (16..20000 each); PDF pages get the same proportions
 * at 72 pixels per inch.  Contract 2 may make the image larger. */
SC_API sc_status sc_chart_set_size(sc_chart *chart, unsigned width, unsigned height,
                                   sc_error *err);

/* Parses --size "WIDTHxHEIGHT" (e.g. "1200x800"; 'X' and '*' also accepted)
 * into *width and *height, with the same limits.  SC_EINVAL with a message. */
SC_API sc_status sc_chart_parse_size(const char *text, unsigned *width, unsigned *height,
                                     sc_error *err);

/* The terminal named by a file's extension: .png, .svg, .pdf (any case).
 * SC_EINVAL with a message otherwise. */
SC_API sc_status sc_chart_term_from_path(const char *path, sc_chart_term *term, sc_error *err);

/* Sets the terminal and the output file the script writes (copied).  With
 * SC_CHART_TERM_NONE `path` must be NULL; with another terminal a NULL path
 * makes gnuplot write to its standard output.  SC_EINVAL with a message for
 * a name that gnuplot would treat as a pipe (leading '|'), that starts with
 * a single quote or holds two in a row, that holds a control character or
 * invalid UTF-8, or is empty (contract 3). */
SC_API sc_status sc_chart_set_output(sc_chart *chart, sc_chart_term term, const char *path,
                                     sc_error *err);

/* Copies the data of `data` into the chart (the table may be freed
 * afterwards), replacing earlier data.  SC_EINVAL with a message naming the
 * role for a NULL table, rows out of range, a required role not bound, a
 * column out of range, a text column in a numeric role, a lower without an
 * upper (or the reverse), or (PARETO) a negative or missing value.
 * SC_ENOMEM.  On error the chart keeps its earlier data. */
SC_API sc_status sc_chart_set_data(sc_chart *chart, const sc_chart_data *data, sc_error *err);

/* FUNNEL only: limit curves on a grid of n, from the roles x (required),
 * lower/upper, outer_lower/outer_upper and center of `curves`; they replace
 * the curves through the points' own limits.  Copied.  SC_EINVAL as for
 * sc_chart_set_data, or when the chart is not a funnel. */
SC_API sc_status sc_chart_set_curves(sc_chart *chart, const sc_chart_data *curves, sc_error *err);

/* Writes the gnuplot script to `out` (flushed, not closed).  SC_EINVAL when
 * no data were set; SC_EIO when a write fails.  On failure part of the
 * script may have been written. */
SC_API sc_status sc_chart_write(const sc_chart *chart, FILE *out, sc_error *err);

/* Renders the chart to its output file: writes the script to a temporary
 * file beside the output, runs `gnuplot` (NULL: "gnuplot" found on PATH) on
 * it with standard input and output on /dev/null, and renames the image it
 * wrote into place, so that a failed render leaves the output untouched.
 * Never prints; gnuplot's error messages go into err.  Needs a terminal
 * other than NONE and an output path (SC_EINVAL).  SC_EUNAVAILABLE when
 * gnuplot cannot be found or started; SC_EIO when gnuplot fails, writes an
 * empty image, or a file cannot be written or renamed. */
SC_API sc_status sc_chart_render(const sc_chart *chart, const char *gnuplot, sc_error *err);

/* sc_chart_render in two steps, so that several charts render side by side:
 * _start writes the script and starts gnuplot (errors as sc_chart_render's
 * before gnuplot runs; *job NULL on error), _finish waits for it, puts the
 * image into place and frees the job (errors as sc_chart_render's after
 * gnuplot ran).  Every started job must be finished. */
typedef struct sc_chart_render_job sc_chart_render_job;
SC_API sc_status sc_chart_render_start(const sc_chart *chart, const char *gnuplot,
                                       sc_chart_render_job **job, sc_error *err);
SC_API sc_status sc_chart_render_finish(sc_chart_render_job *job, sc_error *err);

/* Several charts rendered by one gnuplot, which starts up once (a start-up
 * takes longer than most charts): _new makes an empty job; _add writes the
 * chart's script, to its terminal and output as set now, into the job's
 * script (the chart may be changed or freed afterwards); _start starts
 * gnuplot on them all; sc_chart_render_finish then puts every image into
 * place, or fails for all.  Errors as sc_chart_render's; after an error
 * from _add or _start the job can only be cancelled.  _cancel stops the
 * job's gnuplot if it runs and frees the job, leaving no file (NULL:
 * nothing). */
SC_API sc_status sc_chart_batch_new(const char *gnuplot, sc_chart_render_job **job,
                                    sc_error *err);
SC_API sc_status sc_chart_batch_add(sc_chart_render_job *job, const sc_chart *chart,
                                    sc_error *err);
SC_API sc_status sc_chart_batch_start(sc_chart_render_job *job, sc_error *err);
SC_API void sc_chart_render_cancel(sc_chart_render_job *job);

#ifdef __cplusplus
}
#endif
#endif
