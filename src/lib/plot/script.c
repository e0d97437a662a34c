/* spotcheck — charts: writing the gnuplot 5 script, the parts every kind
 * uses (script.h); each kind's own layout is in its file (plot_internal.h
 * lists them).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is the numbered list in include/spotcheck/plot.h; "contract N"
 * below cites it.  The script has four parts: a preamble (terminal, output,
 * texts), the layout of the kind (axes, tics), numeric data blocks, and one
 * plot command.  Layout sizes are estimated in pixels from the font size:
 * gnuplot's cairo terminals draw a font of s points about s pixels high at
 * their default 72 pixels per inch, and PDF pages are sized at that
 * resolution too (sc_chart_set_size), so one estimate serves every terminal.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "script.h"
#include "spotcheck/output.h"

/* Contract 3: the line that ends every data block.  Data lines start with a
 * digit, a sign, '.' or "NaN"; gnuplot ends a block at the first line that
 * starts with the terminator, so a word starting with "SC_" is safe. */
#define END_OF_DATA "SC_END_OF_DATA"

/* Contract 2: labels turned 45 degrees are cut to this many display
 * columns, so that they leave room for the plot. */
#define TURNED_LABEL_COLUMNS 20

/* ---- numbers and legend entries ------------------------------------------------ */

/* Contract 4: shortest round-trip decimal; the percent shift in decimal. */
void sc_plot_put_number(sc_writer *w, double value, bool percent)
{
    if (!isfinite(value)) {
        sc_writer_puts(w, "NaN");
        return;
    }
    char buf[64];
    sc_format_decimal(value, -1, percent, buf, sizeof buf);
    sc_writer_puts(w, buf);
}

/* A plot element's legend entry: title '…', or notitle. */
void sc_plot_put_title(sc_writer *w, const char *text)
{
    if (text) {
        sc_writer_puts(w, " title ");
        sc_plot_put_string(w, text);
    } else {
        sc_writer_puts(w, " notitle");
    }
}

/* ---- the script's parts ------------------------------------------------------- */

const char *sc_plot_text_of(const plot_script *s, sc_chart_text which, char *buf, size_t size)
{
    return sc_chart_text_get(s->chart, which, buf, size);
}

void sc_plot_begin_data(plot_script *s, const char *name, const char *columns)
{
    sc_writer_printf(s->w, "$%s << %s\n# %s\n", name, END_OF_DATA, columns);
}

void sc_plot_end_data(plot_script *s)
{
    sc_writer_printf(s->w, "%s\n", END_OF_DATA);
}

/* Starts one element of the plot command. */
void sc_plot_element(plot_script *s)
{
    sc_writer_puts(s->w, s->first_element ? "plot " : ", \\\n     ");
    s->first_element = false;
}

void sc_plot_write_preamble(plot_script *s)
{
    sc_writer *w = s->w;
    const sc_chart *chart = s->chart;
    char buf[160];
    sc_writer_printf(w, "# spotcheck %s chart: a gnuplot 5 script with its data inline.\n",
                     sc_chart_kind_get(chart->kind)->name);
    sc_writer_puts(w, "# Every text is a single-quoted string, in which gnuplot expands nothing;\n"
                      "# data blocks hold only numbers and end with the line " END_OF_DATA ",\n"
                      "# which no number starts with.\n");
    sc_writer_puts(w, "reset\nset encoding utf8\n");
    char font[256];
    snprintf(font, sizeof font, "%s,", chart->font_family);
    size_t len = strlen(font);
    sc_format_decimal(chart->font_size, -1, false, font + len, sizeof font - len);
    switch (chart->term) {
    case SC_CHART_TERM_NONE:
        sc_writer_puts(
            w, "# No terminal is set: choose one first, e.g.\n"
               "#   gnuplot -e \"set terminal pngcairo size 1200,800; set output 'chart.png'\" "
               "THIS.gp\n");
        break;
    case SC_CHART_TERM_PNG:
        sc_writer_printf(w, "set terminal pngcairo size %.0f,%.0f noenhanced font ", s->width,
                         s->height);
        sc_plot_put_string(w, font);
        sc_writer_puts(w, "\n");
        break;
    case SC_CHART_TERM_SVG:
        sc_writer_printf(w, "set terminal svg size %.0f,%.0f noenhanced background '#ffffff' font ",
                         s->width, s->height);
        sc_plot_put_string(w, font);
        sc_writer_puts(w, "\n");
        break;
    case SC_CHART_TERM_PDF: {
        char inches[2][32];
        sc_format_decimal(s->width / 72.0, 3, false, inches[0], sizeof inches[0]);
        sc_format_decimal(s->height / 72.0, 3, false, inches[1], sizeof inches[1]);
        sc_writer_printf(w, "set terminal pdfcairo size %sin,%sin noenhanced font ", inches[0],
                         inches[1]);
        sc_plot_put_string(w, font);
        sc_writer_puts(w, "\n");
        break;
    }
    }
    if (chart->term != SC_CHART_TERM_NONE && s->output) {
        sc_writer_puts(w, "set output ");
        sc_plot_put_text(w, s->output, PLOT_TEXT_PATH, 0);
        sc_writer_puts(w, "\n");
    }
    char title_font[32];
    snprintf(title_font, sizeof title_font, " font ',%.0f'", s->font * 1.3);
    sc_plot_put_set_text(w, "title", sc_plot_text_of(s, SC_CHART_TITLE, buf, sizeof buf),
                         title_font);
    sc_writer_printf(w, "set key noenhanced nobox samplen 3 spacing 1.6\n");
    sc_writer_printf(w, "set border 3 lc rgb '%s'\n", COLOR_OUTER);
    sc_writer_puts(w, "set xtics nomirror noenhanced\nset ytics nomirror noenhanced\n");
}

/* Explicit tic labels, 20 per command so that no line gets long. */
void sc_plot_write_tics(plot_script *s, const char *axis, const plot_tic *tics, size_t ntics,
                        size_t step, size_t max_columns)
{
    if (ntics == 0) { /* no rows: no numbered axis either */
        sc_writer_printf(s->w, "unset %stics\n", axis);
        return;
    }
    size_t written = 0;
    for (size_t i = 0; i < ntics; i += step) {
        if (!tics[i].label)
            continue;
        if (written % 20 == 0)
            sc_writer_printf(s->w, "%sset %stics %s(", written ? ")\n" : "", axis,
                             written ? "add " : "");
        else
            sc_writer_puts(s->w, ", ");
        sc_plot_put_text(s->w, tics[i].label, PLOT_TEXT_TIC, max_columns);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(s->w, tics[i].position, false);
        written++;
    }
    if (written)
        sc_writer_puts(s->w, ")\n");
}

void sc_plot_write_value_axis(plot_script *s, const char *axis)
{
    char buf[160];
    if (s->chart->percent && !s->chart->percent_points && s->chart->kind != SC_CHART_PARETO)
        sc_writer_printf(s->w, "set format %s '%%g%%%%'\n", axis);
    char what[16];
    snprintf(what, sizeof what, "%slabel", axis);
    sc_plot_put_set_text(s->w, what, sc_plot_text_of(s, SC_CHART_VALUE_AXIS, buf, sizeof buf),
                         NULL);
    /* autoscale, but never beyond the limits (e.g. a rate axis stops at 100%) */
    if (!isnan(s->chart->limit_low) || !isnan(s->chart->limit_high)) {
        sc_writer_printf(s->w, "set %srange [", axis);
        if (!isnan(s->chart->limit_low)) {
            sc_plot_put_number(s->w, s->chart->limit_low, s->chart->percent);
            sc_writer_puts(s->w, " < ");
        }
        sc_writer_puts(s->w, "* : *");
        if (!isnan(s->chart->limit_high)) {
            sc_writer_puts(s->w, " < ");
            sc_plot_put_number(s->w, s->chart->limit_high, s->chart->percent);
        }
        sc_writer_puts(s->w, "]\n");
    }
}

void sc_plot_write_target_function(plot_script *s)
{
    char buf[160];
    if (!s->chart->has_target)
        return;
    sc_plot_element(s);
    sc_plot_put_number(s->w, s->chart->target, s->chart->percent);
    sc_writer_printf(s->w, " with lines dt 2 lw 2 lc rgb '%s'", COLOR_TARGET);
    sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_TARGET, buf, sizeof buf));
}

/* gnuplot refuses to plot when no point is valid ("x range is invalid"), so
 * a chart without a single finite value gets fixed ranges and draws empty
 * axes.  `value_axis` is "x" or "y"; `x_too` also fixes the x axis to [0:1]. */
void sc_plot_write_empty_ranges(plot_script *s, const char *value_axis, bool x_too)
{
    const chart_points *points = &s->chart->points;
    for (size_t i = 0; i < points->count; i++)
        if (isfinite(points->items[i].value) && (!x_too || isfinite(points->items[i].x)))
            return;
    bool percent = s->chart->percent && s->chart->kind != SC_CHART_PARETO;
    sc_writer_printf(s->w, "set %srange [0:%s]\n", value_axis, percent ? "100" : "1");
    if (x_too)
        sc_writer_puts(s->w, "set xrange [0:1]\n");
    sc_writer_puts(s->w, "set label ");
    sc_plot_put_string(s->w, s->chart->lang == SC_LANG_ZH ? "无数据" : "no data");
    sc_writer_puts(s->w, " at graph 0.5, graph 0.5 center front noenhanced\n");
}

/* Display columns of the widest label. */
static size_t widest_label(const plot_tic *tics, size_t ntics)
{
    size_t widest = 0;
    for (size_t i = 0; i < ntics; i++) {
        size_t width = tics[i].label ? sc_display_width(tics[i].label) : 0;
        if (width > widest)
            widest = width;
    }
    return widest;
}

/* Contract 2 for a horizontal category axis: labels side by side when they
 * fit, else turned 45 degrees; *step > 1 when even turned labels overlap.
 * `grow`: make the image wider instead of leaving labels out. */
void sc_plot_category_layout(plot_script *s, const plot_tic *tics, size_t ntics, bool grow,
                             bool *rotate, size_t *step)
{
    double column_px = 0.62 * s->font; /* one display column (half a CJK glyph) */
    double margins = 16 * s->font;
    double upright = (double)widest_label(tics, ntics) * column_px + 1.5 * s->font;
    /* Turned labels are parallel lines; neighbours must be a line height
     * (1.5 font sizes) apart across them: spacing × sin 45° ≥ 1.5 × font. */
    double turned = 2.2 * s->font;
    double available = s->width - margins;
    *rotate = false;
    *step = 1;
    if (ntics == 0 || upright * (double)ntics <= available)
        return;
    *rotate = true;
    if (turned * (double)ntics <= available)
        return;
    if (grow) {
        s->width = fmin(MAX_GROWN_PIXELS, margins + turned * (double)ntics);
        available = s->width - margins;
        if (turned * (double)ntics <= available)
            return;
    }
    /* A huge font can leave no room at all (available ≤ 0): then one label.
     * The step stays within [1, ntics], never 0 (the tic loop must advance). */
    double wanted = available > 0 ? ceil(turned * (double)ntics / available) : (double)ntics;
    *step = wanted >= (double)ntics ? ntics : wanted > 1 ? (size_t)wanted : 1;
}

/* The horizontal category axis; `numeric`: without labels it keeps
 * gnuplot's numbered tics (BAND with x only). */
void sc_plot_write_category_axis(plot_script *s, const plot_tic *tics, size_t ntics, bool rotate,
                                 size_t step, bool numeric)
{
    char buf[160];
    if (rotate)
        sc_writer_puts(s->w, "set xtics rotate by 45 right\n");
    if (ntics > 0 || !numeric)
        sc_plot_write_tics(s, "x", tics, ntics, step, rotate ? TURNED_LABEL_COLUMNS : 0);
    sc_plot_put_set_text(s->w, "xlabel",
                         sc_plot_text_of(s, SC_CHART_CATEGORY_AXIS, buf, sizeof buf), NULL);
}
const chart_point **sc_plot_sorted_points(const chart_points *points,
                                          int (*compare)(const void *, const void *))
{
    const chart_point **sorted = sc_malloc((points->count ? points->count : 1) * sizeof *sorted);
    if (!sorted)
        return NULL;
    for (size_t i = 0; i < points->count; i++)
        sorted[i] = &points->items[i];
    if (compare)
        qsort(sorted, points->count, sizeof *sorted, compare);
    return sorted;
}

bool sc_plot_beyond(double value, double lower, double upper)
{
    return value < lower || value > upper; /* false for NaN */
}

/* ---- writing ------------------------------------------------------------------------- */

sc_status sc_chart_write_script(const sc_chart *chart, FILE *out, const char *output, sc_error *err)
{
    if (!chart || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart or no stream");
    if (!chart->has_data)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no data were set",
                            sc_chart_kind_get(chart->kind)->name);
    sc_writer w;
    sc_writer_init(&w, out, err, "cannot write the chart script");
    plot_script s = {.w = &w,
                     .chart = chart,
                     .output = output,
                     .width = chart->width,
                     .height = chart->height,
                     .font = chart->font_size,
                     .first_element = true};
    if (sc_chart_kind_get(chart->kind)->write(&s) == SC_ENOMEM)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    return sc_writer_finish(&w);
}

sc_status sc_chart_write(const sc_chart *chart, FILE *out, sc_error *err)
{
    return sc_chart_write_script(chart, out, chart ? chart->output : NULL, err);
}
