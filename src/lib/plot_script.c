/* spotcheck — charts: writing the gnuplot 5 script.
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
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot_internal.h"
#include "wcwidth.h"

/* Contract 3: the line that ends every data block.  Data lines start with a
 * digit, a sign, '.' or "NaN"; gnuplot ends a block at the first line that
 * starts with the terminator, so a word starting with "SC_" is safe. */
#define END_OF_DATA "SC_END_OF_DATA"

/* Contract 2: labels turned 45 degrees are cut to this many display
 * columns, so that they leave room for the plot. */
#define TURNED_LABEL_COLUMNS 20

/* CATERPILLAR and BARS with more rows repeat the value scale at the top. */
#define TALL_ROWS 30

/* Contract 1: PARETO draws at most this many bars. */
#define PARETO_MAX_BARS 30

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

/* Series colours of BAND, in order (matplotlib's tab10). */
static const char *const series_colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                            "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                            "#bcbd22", "#17becf"};
#define NSERIES_COLORS (sizeof series_colors / sizeof series_colors[0])

/* ---- checked writing -------------------------------------------------------- */

typedef struct writer {
    FILE *out;
    bool failed;
    int error_number;
} writer;

static void put(writer *w, const char *text)
{
    if (w->failed)
        return;
    size_t len = strlen(text);
    if (len && fwrite(text, 1, len, w->out) != len) {
        w->failed = true;
        w->error_number = errno;
    }
}

static void putf(writer *w, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void putf(writer *w, const char *format, ...)
{
    if (w->failed)
        return;
    va_list ap;
    va_start(ap, format);
    if (vfprintf(w->out, format, ap) < 0) {
        w->failed = true;
        w->error_number = errno;
    }
    va_end(ap);
}

/* Byte length of the longest prefix of `text` that is at most `columns`
 * display columns wide (invalid bytes count one column). */
static size_t prefix_fitting(const char *text, size_t columns)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), used_columns = 0, prefix = 0;
    while (prefix < len) {
        uint32_t codepoint = 0;
        size_t used = sc_utf8_decode(s + prefix, len - prefix, &codepoint);
        size_t width = used ? (size_t)sc_codepoint_width(codepoint) : 1;
        if (used_columns + width > columns)
            break;
        used_columns += width;
        prefix += used ? used : 1;
    }
    return prefix;
}

/* How put_text treats a string. */
typedef enum text_kind {
    TEXT_PLAIN, /* titles, labels, legend entries, the font */
    TEXT_TIC,   /* explicit tic labels: gprintf formats in gnuplot */
    TEXT_PATH   /* the output file name, checked by sc_chart_path_ok */
} text_kind;

/* Contract 3: the one function through which any text enters the script,
 * as a single-quoted string: inside single quotes gnuplot expands neither
 * backquotes nor @macros nor backslash escapes.
 *  - Control characters (a newline would end the command) become a space,
 *    invalid UTF-8 bytes U+FFFD.
 *  - A quote in text becomes U+2019 (’).  Doubling it is not enough:
 *    gnuplot 5.4's scanner (scanner.c) only takes '' as a quote when it
 *    follows another character of the string, so a doubled quote at the
 *    start of a string or two in a row would end the string early and let
 *    the rest of the label run as commands.
 *  - File names must stay as they are, so there the quote is doubled; names
 *    with a quote first or two in a row are refused by sc_chart_path_ok.
 *  - Explicit tic labels are gprintf formats in gnuplot, so '%' is doubled
 *    there ("%s" would read a missing argument).
 * `max_columns` > 0 cuts the text to that display width, ending in "…". */
static void put_text(writer *w, const char *text, text_kind kind, size_t max_columns)
{
    put(w, "'");
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    bool cut = false;
    if (max_columns > 0 && sc_display_width(text) > max_columns) {
        len = prefix_fitting(text, max_columns - 1);
        cut = true;
    }
    char chunk[8];
    while (len > 0) {
        uint32_t codepoint;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        if (used == 0) {
            put(w, "\xEF\xBF\xBD");
            used = 1;
        } else if (sc_codepoint_is_control(codepoint)) {
            put(w, " ");
        } else if (codepoint == '\'') {
            put(w, kind == TEXT_PATH ? "''" : "\xE2\x80\x99"); /* ’ */
        } else if (codepoint == '%' && kind == TEXT_TIC) {
            put(w, "%%");
        } else {
            memcpy(chunk, s, used);
            chunk[used] = '\0';
            put(w, chunk);
        }
        s += used;
        len -= used;
    }
    if (cut)
        put(w, "\xE2\x80\xA6"); /* … */
    put(w, "'");
}

static void put_string(writer *w, const char *text)
{
    put_text(w, text, TEXT_PLAIN, 0);
}

/* Contract 4: shortest round-trip decimal; the percent shift in decimal. */
static void put_number(writer *w, double value, bool percent)
{
    if (!isfinite(value)) {
        put(w, "NaN");
        return;
    }
    char buf[64];
    sc_format_decimal(value, -1, percent, buf, sizeof buf);
    put(w, buf);
}

/* A plot element's legend entry: title '…', or notitle. */
static void put_title(writer *w, const char *text)
{
    if (text) {
        put(w, " title ");
        put_string(w, text);
    } else {
        put(w, " notitle");
    }
}

/* `set <what> '<text>' noenhanced`, or nothing for a NULL text. */
static void put_set_text(writer *w, const char *what, const char *text, const char *extra)
{
    if (!text)
        return;
    putf(w, "set %s ", what);
    put_string(w, text);
    putf(w, "%s noenhanced\n", extra ? extra : "");
}

/* ---- the script's parts ------------------------------------------------------- */

typedef struct script {
    writer *w;
    const sc_chart *chart;
    const char *output;
    double width, height; /* pixels, after growing (contract 2) */
    double font;          /* points */
    bool first_element;   /* of the plot command */
} script;

static const char *text_of(const script *s, sc_chart_text which, char *buf, size_t size)
{
    return sc_chart_text_get(s->chart, which, buf, size);
}

static void begin_data(script *s, const char *name, const char *columns)
{
    putf(s->w, "$%s << %s\n# %s\n", name, END_OF_DATA, columns);
}

static void end_data(script *s) { putf(s->w, "%s\n", END_OF_DATA); }

/* Starts one element of the plot command. */
static void element(script *s)
{
    put(s->w, s->first_element ? "plot " : ", \\\n     ");
    s->first_element = false;
}

static void write_preamble(script *s)
{
    writer *w = s->w;
    const sc_chart *chart = s->chart;
    char buf[160];
    putf(w, "# spotcheck %s chart: a gnuplot 5 script with its data inline.\n",
         sc_chart_kind_get(chart->kind)->name);
    put(w, "# Every text is a single-quoted string, in which gnuplot expands nothing;\n"
           "# data blocks hold only numbers and end with the line " END_OF_DATA ",\n"
           "# which no number starts with.\n");
    put(w, "reset\nset encoding utf8\n");
    char font[256];
    snprintf(font, sizeof font, "%s,", chart->font_family);
    size_t len = strlen(font);
    sc_format_decimal(chart->font_size, -1, false, font + len, sizeof font - len);
    switch (chart->term) {
    case SC_CHART_TERM_NONE:
        put(w, "# No terminal is set: choose one first, e.g.\n"
               "#   gnuplot -e \"set terminal pngcairo size 1200,800; set output 'chart.png'\" "
               "THIS.gp\n");
        break;
    case SC_CHART_TERM_PNG:
        putf(w, "set terminal pngcairo size %.0f,%.0f noenhanced font ", s->width, s->height);
        put_string(w, font);
        put(w, "\n");
        break;
    case SC_CHART_TERM_SVG:
        putf(w, "set terminal svg size %.0f,%.0f noenhanced background '#ffffff' font ",
             s->width, s->height);
        put_string(w, font);
        put(w, "\n");
        break;
    case SC_CHART_TERM_PDF: {
        char inches[2][32];
        sc_format_decimal(s->width / 72.0, 3, false, inches[0], sizeof inches[0]);
        sc_format_decimal(s->height / 72.0, 3, false, inches[1], sizeof inches[1]);
        putf(w, "set terminal pdfcairo size %sin,%sin noenhanced font ", inches[0], inches[1]);
        put_string(w, font);
        put(w, "\n");
        break;
    }
    }
    if (chart->term != SC_CHART_TERM_NONE && s->output) {
        put(w, "set output ");
        put_text(w, s->output, TEXT_PATH, 0);
        put(w, "\n");
    }
    char title_font[32];
    snprintf(title_font, sizeof title_font, " font ',%.0f'", s->font * 1.3);
    put_set_text(w, "title", text_of(s, SC_CHART_TITLE, buf, sizeof buf), title_font);
    putf(w, "set key noenhanced nobox samplen 3 spacing 1.6\n");
    putf(w, "set border 3 lc rgb '%s'\n", COLOR_OUTER);
    put(w, "set xtics nomirror noenhanced\nset ytics nomirror noenhanced\n");
}

/* Explicit tic labels `set <axis>tics (...)`, 20 per command so that no
 * line gets long.  `step` > 1 names every step-th position only. */
typedef struct tic {
    const char *label;
    double position;
} tic;

static void write_tics(script *s, const char *axis, const tic *tics, size_t ntics, size_t step,
                       size_t max_columns)
{
    if (ntics == 0) { /* no rows: no numbered axis either */
        putf(s->w, "unset %stics\n", axis);
        return;
    }
    size_t written = 0;
    for (size_t i = 0; i < ntics; i += step) {
        if (!tics[i].label)
            continue;
        if (written % 20 == 0)
            putf(s->w, "%sset %stics %s(", written ? ")\n" : "", axis, written ? "add " : "");
        else
            put(s->w, ", ");
        put_text(s->w, tics[i].label, TEXT_TIC, max_columns);
        put(s->w, " ");
        put_number(s->w, tics[i].position, false);
        written++;
    }
    if (written)
        put(s->w, ")\n");
}

static void write_value_axis(script *s, const char *axis)
{
    char buf[160];
    if (s->chart->percent && !s->chart->percent_points && s->chart->kind != SC_CHART_PARETO)
        putf(s->w, "set format %s '%%g%%%%'\n", axis);
    char what[16];
    snprintf(what, sizeof what, "%slabel", axis);
    put_set_text(s->w, what, text_of(s, SC_CHART_VALUE_AXIS, buf, sizeof buf), NULL);
    /* autoscale, but never beyond the limits (e.g. a rate axis stops at 100%) */
    if (!isnan(s->chart->limit_low) || !isnan(s->chart->limit_high)) {
        putf(s->w, "set %srange [", axis);
        if (!isnan(s->chart->limit_low)) {
            put_number(s->w, s->chart->limit_low, s->chart->percent);
            put(s->w, " < ");
        }
        put(s->w, "* : *");
        if (!isnan(s->chart->limit_high)) {
            put(s->w, " < ");
            put_number(s->w, s->chart->limit_high, s->chart->percent);
        }
        put(s->w, "]\n");
    }
}

static void write_target_function(script *s)
{
    char buf[160];
    if (!s->chart->has_target)
        return;
    element(s);
    put_number(s->w, s->chart->target, s->chart->percent);
    putf(s->w, " with lines dt 2 lw 2 lc rgb '%s'", COLOR_TARGET);
    put_title(s->w, text_of(s, SC_CHART_KEY_TARGET, buf, sizeof buf));
}

/* gnuplot refuses to plot when no point is valid ("x range is invalid"), so
 * a chart without a single finite value gets fixed ranges and draws empty
 * axes.  `value_axis` is "x" or "y"; `x_too` also fixes the x axis to [0:1]. */
static void write_empty_ranges(script *s, const char *value_axis, bool x_too)
{
    const chart_points *points = &s->chart->points;
    for (size_t i = 0; i < points->count; i++)
        if (isfinite(points->items[i].value) && (!x_too || isfinite(points->items[i].x)))
            return;
    bool percent = s->chart->percent && s->chart->kind != SC_CHART_PARETO;
    putf(s->w, "set %srange [0:%s]\n", value_axis, percent ? "100" : "1");
    if (x_too)
        put(s->w, "set xrange [0:1]\n");
    put(s->w, "set label ");
    put_string(s->w, s->chart->lang == SC_LANG_ZH ? "无数据" : "no data");
    put(s->w, " at graph 0.5, graph 0.5 center front noenhanced\n");
}

/* Display columns of the widest label. */
static size_t widest_label(const tic *tics, size_t ntics)
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
static void category_layout(script *s, const tic *tics, size_t ntics, bool grow, bool *rotate,
                            size_t *step)
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
    *step = (size_t)ceil(turned * (double)ntics / available);
}

/* The horizontal category axis; `numeric`: without labels it keeps
 * gnuplot's numbered tics (BAND with x only). */
static void write_category_axis(script *s, const tic *tics, size_t ntics, bool rotate,
                                size_t step, bool numeric)
{
    char buf[160];
    if (rotate)
        put(s->w, "set xtics rotate by 45 right\n");
    if (ntics > 0 || !numeric)
        write_tics(s, "x", tics, ntics, step, rotate ? TURNED_LABEL_COLUMNS : 0);
    put_set_text(s->w, "xlabel", text_of(s, SC_CHART_CATEGORY_AXIS, buf, sizeof buf), NULL);
}

/* ---- CATERPILLAR and BARS ------------------------------------------------------- */

/* Highest value first, missing values last, ties in table order. */
static int compare_ranked(const void *a, const void *b)
{
    const chart_point *p = *(const chart_point *const *)a, *q = *(const chart_point *const *)b;
    bool p_missing = isnan(p->value), q_missing = isnan(q->value);
    if (p_missing != q_missing)
        return p_missing ? 1 : -1;
    if (!p_missing && p->value != q->value)
        return p->value > q->value ? -1 : 1;
    return (p->order > q->order) - (p->order < q->order);
}

static const chart_point **sorted_points(const chart_points *points,
                                         int (*compare)(const void *, const void *))
{
    const chart_point **sorted = malloc((points->count ? points->count : 1) * sizeof *sorted);
    if (!sorted)
        return NULL;
    for (size_t i = 0; i < points->count; i++)
        sorted[i] = &points->items[i];
    if (compare)
        qsort(sorted, points->count, sizeof *sorted, compare);
    return sorted;
}

static sc_status write_ranked(script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    bool interval = points->bound & ROLE_BIT(ROLE_LOWER);
    bool bars = chart->kind == SC_CHART_BARS;
    size_t count = points->count;
    char buf[160];
    const chart_point **ranked = sorted_points(points, compare_ranked);
    tic *tics = malloc((count ? count : 1) * sizeof *tics);
    if (!ranked || !tics) {
        free(ranked);
        free(tics);
        return SC_ENOMEM;
    }
    /* Contract 2: one row per group, at least 2 font heights apart. */
    double row_px = 2.0 * s->font, fixed_px = 12.0 * s->font;
    s->height = fmax(s->height, fmin(MAX_GROWN_PIXELS, fixed_px + row_px * (double)count));
    size_t step = 1;
    if (count > 0 && (s->height - fixed_px) / (double)count < row_px)
        step = (size_t)ceil(row_px * (double)count / (s->height - fixed_px));
    /* Rows from the top: the first ranked group at y = count. */
    for (size_t i = 0; i < count; i++)
        tics[i] = (tic){.label = ranked[i]->label, .position = (double)(count - i)};

    write_preamble(s);
    putf(s->w, "set yrange [0.5:%zu.5]\n", count ? count : 1);
    put(s->w, "set ytics scale 0\n");
    write_tics(s, "y", tics, count, step, 0);
    putf(s->w, "set grid xtics ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    put(s->w, "set key outside bottom center horizontal\n");
    if (bars)
        put(s->w, "set style fill solid 0.8 noborder\n");
    write_value_axis(s, "x");
    write_empty_ranges(s, "x", false);
    /* Room beyond the outermost whisker (bars start at zero: right only). */
    put(s->w, bars ? "set offsets 0, graph 0.02, 0, 0\n" : "set offsets graph 0.02, graph 0.02, 0, 0\n");
    if (count > TALL_ROWS) { /* the scale at the top too, for tall charts */
        put(s->w, "set link x2\nset x2tics scale 0 noenhanced\n");
        if (chart->percent && !chart->percent_points)
            put(s->w, "set format x2 '%g%%'\n");
    }
    put_set_text(s->w, "ylabel", text_of(s, SC_CHART_CATEGORY_AXIS, buf, sizeof buf), NULL);

    begin_data(s, "sc_points", "row value lower upper");
    for (size_t i = 0; i < count; i++) {
        put_number(s->w, tics[i].position, false);
        put(s->w, " ");
        put_number(s->w, ranked[i]->value, chart->percent);
        put(s->w, " ");
        put_number(s->w, ranked[i]->lower, chart->percent);
        put(s->w, " ");
        put_number(s->w, ranked[i]->upper, chart->percent);
        put(s->w, "\n");
    }
    end_data(s);
    if (chart->has_target) {
        begin_data(s, "sc_target", "value row");
        put_number(s->w, chart->target, chart->percent);
        put(s->w, " 0.5\n");
        put_number(s->w, chart->target, chart->percent);
        putf(s->w, " %zu.5\n", count ? count : 1);
        end_data(s);
    }
    free(ranked);
    free(tics);

    if (bars) {
        element(s);
        putf(s->w, "$sc_points using 2:1:(0):2:($1-0.35):($1+0.35) with boxxyerror "
                   "lc rgb '%s'",
             COLOR_BAR);
        put_title(s->w, text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    }
    if (interval) {
        element(s);
        putf(s->w, "$sc_points using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 1.5 lc rgb '%s'",
             bars ? COLOR_VALUE : COLOR_INTERVAL);
        put_title(s->w, text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
    }
    if (!bars) {
        element(s);
        putf(s->w, "$sc_points using 2:1 with points pt 7 ps 1.2 lc rgb '%s'", COLOR_VALUE);
        put_title(s->w, text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    }
    if (chart->has_target) {
        element(s);
        putf(s->w, "$sc_target using 1:2 with lines dt 2 lw 2 lc rgb '%s'", COLOR_TARGET);
        put_title(s->w, text_of(s, SC_CHART_KEY_TARGET, buf, sizeof buf));
    }
    put(s->w, "\n");
    return SC_OK;
}

/* ---- BAND ------------------------------------------------------------------------- */

static const char *point_text(const chart_point *point, bool series)
{
    const char *text = series ? point->series : point->label;
    return text ? text : "";
}

typedef struct keyed_text {
    const char *text;
    size_t index;
} keyed_text;

static int compare_keyed_text(const void *a, const void *b)
{
    const keyed_text *p = a, *q = b;
    int order = strcmp(p->text, q->text);
    return order ? order : (p->index > q->index) - (p->index < q->index);
}

static int compare_size(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    return (i > j) - (i < j);
}

/* Numbers the distinct labels (or series) of the points 0, 1, … in order of
 * first appearance: ids[i] for point i, firsts[id] the first point with that
 * text.  Returns the number of distinct texts, or SIZE_MAX when out of
 * memory.  O(n log n), so that many rows stay fast. */
static size_t distinct_texts(const chart_points *points, bool series, size_t *ids,
                             size_t *firsts)
{
    size_t n = points->count;
    keyed_text *sorted = malloc((n ? n : 1) * sizeof *sorted);
    size_t *group_first = malloc((n ? n : 1) * sizeof *group_first);
    if (!sorted || !group_first) {
        free(sorted);
        free(group_first);
        return SIZE_MAX;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = (keyed_text){.text = point_text(&points->items[i], series), .index = i};
    qsort(sorted, n, sizeof *sorted, compare_keyed_text);
    /* Equal texts are adjacent, the first appearance first; ids[] holds the
     * group's first index for now. */
    size_t ngroups = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || strcmp(sorted[k].text, sorted[k - 1].text) != 0)
            group_first[ngroups++] = sorted[k].index;
        ids[sorted[k].index] = group_first[ngroups - 1];
    }
    /* Rank the groups by first appearance. */
    qsort(group_first, ngroups, sizeof *group_first, compare_size);
    for (size_t i = 0; i < n; i++) {
        size_t *rank = bsearch(&ids[i], group_first, ngroups, sizeof *group_first, compare_size);
        ids[i] = (size_t)(rank - group_first);
    }
    memcpy(firsts, group_first, ngroups * sizeof *firsts);
    free(sorted);
    free(group_first);
    return ngroups;
}

typedef struct band_point {
    const chart_point *point;
    size_t series;
    double position;
} band_point;

static int compare_band(const void *a, const void *b)
{
    const band_point *p = a, *q = b;
    if (p->series != q->series)
        return (p->series > q->series) - (p->series < q->series);
    if (p->position != q->position && !isnan(p->position) && !isnan(q->position))
        return (p->position > q->position) - (p->position < q->position);
    return (p->point->order > q->point->order) - (p->point->order < q->point->order);
}

static sc_status write_band(script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    unsigned bound = points->bound;
    bool use_x = bound & ROLE_BIT(ROLE_X), labels = bound & ROLE_BIT(ROLE_LABEL);
    bool multi = bound & ROLE_BIT(ROLE_SERIES), interval = bound & ROLE_BIT(ROLE_LOWER);
    bool fitted = bound & ROLE_BIT(ROLE_CENTER);
    size_t n = points->count, alloc = n ? n : 1;
    char buf[160];
    size_t *label_ids = malloc(alloc * sizeof *label_ids);
    size_t *label_firsts = malloc(alloc * sizeof *label_firsts);
    size_t *series_ids = malloc(alloc * sizeof *series_ids);
    size_t *series_firsts = malloc(alloc * sizeof *series_firsts);
    band_point *rows = malloc(alloc * sizeof *rows);
    tic *tics = malloc(alloc * sizeof *tics);
    sc_status status = SC_ENOMEM;
    if (!label_ids || !label_firsts || !series_ids || !series_firsts || !rows || !tics)
        goto done;
    size_t nlabels = 0, nseries = 1;
    if (labels && (nlabels = distinct_texts(points, false, label_ids, label_firsts)) == SIZE_MAX)
        goto done;
    if (multi && (nseries = distinct_texts(points, true, series_ids, series_firsts)) == SIZE_MAX)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        rows[i] = (band_point){.point = point,
                               .series = multi ? series_ids[i] : 0,
                               .position = use_x ? point->x : (double)(label_ids[i] + 1)};
    }
    qsort(rows, n, sizeof *rows, compare_band);
    for (size_t id = 0; id < nlabels; id++) {
        const chart_point *first = &points->items[label_firsts[id]];
        tics[id] = (tic){.label = first->label,
                         .position = use_x ? first->x : (double)(id + 1)};
    }
    bool rotate;
    size_t step;
    category_layout(s, tics, nlabels, false, &rotate, &step);

    write_preamble(s);
    if (use_x) {
        /* Whole numbers such as years: half a step on each side and no
         * 2019.5 on the axis; other numbers: 3% on each side. */
        bool whole = true, any = false;
        double low = INFINITY, high = -INFINITY;
        for (size_t i = 0; i <= n; i++) {
            double x = i < n ? points->items[i].x : chart->forecast_x;
            if (!isfinite(x))
                continue;
            any = true;
            whole = whole && x == floor(x);
            low = fmin(low, x);
            high = fmax(high, x);
        }
        if (any && whole) {
            put(s->w, "set xrange [");
            put_number(s->w, low - 0.5, false);
            put(s->w, ":");
            put_number(s->w, high + 0.5, false);
            put(s->w, "]\n");
            if (!labels && high - low <= 25)
                put(s->w, "set xtics 1\n");
            put(s->w, "set offsets 0, 0, graph 0.03, graph 0.03\n");
        } else {
            put(s->w, "set offsets graph 0.03, graph 0.03, graph 0.03, graph 0.03\n");
        }
    } else
        putf(s->w, "set xrange [0.5:%zu.5]\n", nlabels ? nlabels : 1);
    write_category_axis(s, tics, nlabels, rotate, step, use_x);
    write_value_axis(s, "y");
    write_empty_ranges(s, "y", use_x);
    if (!use_x) /* room above and below the band */
        put(s->w, "set offsets 0, 0, graph 0.03, graph 0.03\n");
    putf(s->w, "set grid ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    put(s->w, multi ? "set key outside right top vertical\n"
                    : "set key outside bottom center horizontal\n");

    /* Gaps (sc_chart_set_x_step): a row of NaN between two observed points
     * too far apart breaks the line and the band; the fitted line goes on
     * through the chord of its neighbours. */
    bool gaps = use_x && isfinite(chart->x_step);
    size_t ngaps = 0, nalone = 0;
    /* whether rows i - 1 and i are drawn joined (same series, both observed, no gap) */
#define JOINED(i)                                                                                \
    ((i) > 0 && (i) < n && rows[(i)].series == rows[(i) - 1].series &&                          \
     isfinite(rows[(i)].point->value) && isfinite(rows[(i) - 1].point->value) &&                \
     !(gaps && rows[(i)].position - rows[(i) - 1].position > 1.5 * chart->x_step))
    for (size_t k = 0, first = 0; k < nseries; k++) {
        char name[32];
        snprintf(name, sizeof name, "sc_series%zu", k + 1);
        begin_data(s, name, "x value lower upper fitted alone");
        for (size_t start = first; first < n && rows[first].series == k; first++) {
            const chart_point *point = rows[first].point;
            const chart_point *before = first > start ? rows[first - 1].point : NULL;
            double from = first > start ? rows[first - 1].position : NAN;
            if (gaps && before && isfinite(before->value) && isfinite(point->value) &&
                rows[first].position - from > 1.5 * chart->x_step) {
                double mid = 0.5 * (from + rows[first].position);
                put_number(s->w, mid, false);
                put(s->w, " NaN NaN NaN ");
                put_number(s->w, 0.5 * (before->center + point->center), chart->percent);
                put(s->w, " 0\n");
                ngaps++;
            }
            put_number(s->w, rows[first].position, false);
            const double numbers[] = {point->value, point->lower, point->upper, point->center};
            for (size_t j = 0; j < sizeof numbers / sizeof numbers[0]; j++) {
                put(s->w, " ");
                put_number(s->w, numbers[j], chart->percent);
            }
            /* an observed point joined to neither neighbour has no band of its own */
            bool alone = isfinite(point->value) && !JOINED(first) && !JOINED(first + 1);
            put(s->w, alone ? " 1\n" : " 0\n");
            nalone += alone;
        }
        end_data(s);
    }
#undef JOINED
    bool forecast = use_x && isfinite(chart->forecast_x);
    if (forecast) {
        begin_data(s, "sc_forecast", "x value lower upper");
        const double numbers[] = {chart->forecast_value, chart->forecast_lower,
                                  chart->forecast_upper};
        put_number(s->w, chart->forecast_x, false);
        for (size_t j = 0; j < sizeof numbers / sizeof numbers[0]; j++) {
            put(s->w, " ");
            put_number(s->w, numbers[j], chart->percent);
        }
        put(s->w, "\n");
        end_data(s);
    }
    /* each gap marked at its middle, along the bottom */
    for (size_t i = 1; gaps && ngaps && i < n; i++) {
        const chart_point *a = rows[i - 1].point, *b = rows[i].point;
        if (rows[i].series != rows[i - 1].series || !isfinite(a->value) ||
            !isfinite(b->value) || rows[i].position - rows[i - 1].position <= 1.5 * chart->x_step)
            continue;
        put(s->w, "set label ");
        put_string(s->w, chart->lang == SC_LANG_ZH ? "无数据" : "no data");
        put(s->w, " at ");
        put_number(s->w, 0.5 * (rows[i - 1].position + rows[i].position), false);
        putf(s->w, ", graph 0.04 center front tc rgb '%s' noenhanced\n", COLOR_LIMIT);
    }
    for (size_t k = 0; k < nseries; k++) {
        const char *color = multi ? series_colors[k % NSERIES_COLORS] : COLOR_VALUE;
        const char *name = multi ? points->items[series_firsts[k]].series : NULL;
        if (interval) {
            element(s);
            putf(s->w, "$sc_series%zu using 1:3:4 with filledcurves fc rgb '%s' "
                       "fs transparent solid %s noborder",
                 k + 1, multi ? color : COLOR_BAND, multi ? "0.15" : "0.5");
            put_title(s->w, multi ? NULL : text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
            /* a point alone (between gaps) has no band: a bar in its colour */
            if (nalone) {
                element(s);
                putf(s->w,
                     "$sc_series%zu using 1:($6 > 0 ? $3 : NaN):(0):($4-$3) with vectors "
                     "nohead lw 8 lc rgb '%s' notitle",
                     k + 1, multi ? color : COLOR_BAND);
            }
        }
        element(s);
        putf(s->w, "$sc_series%zu using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '%s'", k + 1,
             color);
        put_title(s->w, multi ? name : text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
        if (fitted) {
            element(s);
            putf(s->w, "$sc_series%zu using 1:5 with lines dt 2 lw 1.5 lc rgb '%s'", k + 1,
                 multi ? color : COLOR_CENTER);
            put_title(s->w, multi ? NULL : text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
        }
    }
    if (forecast) {
        element(s);
        putf(s->w, "$sc_forecast using 1:2:3:4 with yerrorbars pt 9 ps 1.6 lw 2 lc rgb '%s'",
             COLOR_CENTER);
        put_title(s->w, text_of(s, SC_CHART_KEY_FORECAST, buf, sizeof buf));
    }
    if (multi && fitted) { /* one legend entry for every series' fitted line */
        element(s);
        putf(s->w, "NaN with lines dt 2 lw 1.5 lc rgb '%s'", COLOR_OUTER);
        put_title(s->w, text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
    }
    write_target_function(s);
    put(s->w, "\n");
    status = SC_OK;
done:
    free(label_ids);
    free(label_firsts);
    free(series_ids);
    free(series_firsts);
    free(rows);
    free(tics);
    return status;
}

/* ---- CONTROL ---------------------------------------------------------------------- */

static bool beyond(double value, double lower, double upper)
{
    return value < lower || value > upper; /* false for NaN */
}

static sc_status write_control(script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    bool centre = points->bound & ROLE_BIT(ROLE_CENTER);
    size_t n = points->count;
    char buf[160];
    tic *tics = malloc((n ? n : 1) * sizeof *tics);
    if (!tics)
        return SC_ENOMEM;
    bool any_signal = false;
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        tics[i] = (tic){.label = point->label, .position = (double)(i + 1)};
        any_signal = any_signal || beyond(point->value, point->lower, point->upper);
    }
    bool rotate;
    size_t step;
    category_layout(s, tics, n, false, &rotate, &step);

    write_preamble(s);
    putf(s->w, "set xrange [0.5:%zu.5]\n", n ? n : 1);
    write_category_axis(s, tics, n, rotate, step, false);
    free(tics);
    write_value_axis(s, "y");
    write_empty_ranges(s, "y", false);
    put(s->w, "set offsets 0, 0, graph 0.03, graph 0.03\n");
    putf(s->w, "set grid ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    put(s->w, "set key outside bottom center horizontal\n");

    begin_data(s, "sc_points", "x value signal");
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        putf(s->w, "%zu ", i + 1);
        put_number(s->w, point->value, chart->percent);
        put(s->w, " ");
        put_number(s->w, beyond(point->value, point->lower, point->upper) ? point->value : NAN,
                   chart->percent);
        put(s->w, "\n");
    }
    end_data(s);
    /* Limits as steps: each holds from half a period before its point to
     * half a period after. */
    begin_data(s, "sc_limits", "x lcl ucl center");
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        for (int side = 0; side < 2; side++) {
            putf(s->w, "%zu.5 ", side ? i + 1 : i);
            put_number(s->w, point->lower, chart->percent);
            put(s->w, " ");
            put_number(s->w, point->upper, chart->percent);
            put(s->w, " ");
            put_number(s->w, point->center, chart->percent);
            put(s->w, "\n");
        }
    }
    end_data(s);

    element(s);
    putf(s->w, "$sc_limits using 1:3 with lines lw 1.5 lc rgb '%s'", COLOR_LIMIT);
    put_title(s->w, text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
    element(s);
    putf(s->w, "$sc_limits using 1:2 with lines lw 1.5 lc rgb '%s' notitle", COLOR_LIMIT);
    if (centre) {
        element(s);
        putf(s->w, "$sc_limits using 1:4 with lines lw 1.5 lc rgb '%s'", COLOR_CENTER);
        put_title(s->w, text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
    }
    element(s);
    putf(s->w, "$sc_points using 1:2 with linespoints pt 7 ps 0.9 lw 1.5 lc rgb '%s'",
         COLOR_VALUE);
    put_title(s->w, text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    if (any_signal) {
        element(s);
        putf(s->w, "$sc_points using 1:3 with points pt 7 ps 1.6 lc rgb '%s'", COLOR_SIGNAL);
        put_title(s->w, text_of(s, SC_CHART_KEY_SIGNAL, buf, sizeof buf));
    }
    write_target_function(s);
    put(s->w, "\n");
    return SC_OK;
}

/* ---- FUNNEL ----------------------------------------------------------------------- */

static int compare_x(const void *a, const void *b)
{
    const chart_point *p = *(const chart_point *const *)a, *q = *(const chart_point *const *)b;
    if (p->x != q->x && !isnan(p->x) && !isnan(q->x))
        return p->x < q->x ? -1 : 1;
    if (isnan(p->x) != isnan(q->x))
        return isnan(p->x) ? 1 : -1;
    return (p->order > q->order) - (p->order < q->order);
}

/* Contract 1: all points are named up to this many. */
#define FUNNEL_LABEL_ALL 12

/* Contract 1: a point is drawn in red when it lies outside the outer limits, or
 * the inner ones when there are no outer limits. */
static bool funnel_flagged(const chart_point *point, unsigned bound)
{
    if (bound & ROLE_BIT(ROLE_OUTER_LOWER))
        return beyond(point->value, point->outer_lower, point->outer_upper);
    if (bound & ROLE_BIT(ROLE_LOWER))
        return beyond(point->value, point->lower, point->upper);
    return false;
}

/* Contract 1: how much a point asks for its name: 2 outside the outer
 * limits, 1 outside the inner ones, 0 otherwise. */
static int funnel_priority(const chart_point *point)
{
    if (beyond(point->value, point->outer_lower, point->outer_upper))
        return 2;
    return beyond(point->value, point->lower, point->upper) ? 1 : 0;
}

/* A name's box on the canvas, in pixels. */
typedef struct label_box {
    double left, right, bottom, top;
} label_box;

static bool boxes_overlap(const label_box *a, const label_box *b)
{
    return a->left < b->right && b->left < a->right && a->bottom < b->top && b->bottom < a->top;
}

typedef struct funnel_axes {
    bool log_x;
    double x_low, x_high, y_low, y_high;
} funnel_axes;

/* Contract 1: the n axis spans the points' n (logarithmic over a wide range);
 * the value axis as gnuplot will autoscale it, near enough for placing names. */
static funnel_axes funnel_layout(const chart_points *points, const chart_points *curves)
{
    funnel_axes a = {.x_low = INFINITY, .x_high = -INFINITY, .y_low = INFINITY,
                     .y_high = -INFINITY};
    for (size_t i = 0; i < points->count; i++) {
        double x = points->items[i].x;
        if (isfinite(x) && x > 0) {
            a.x_low = fmin(a.x_low, x);
            a.x_high = fmax(a.x_high, x);
        }
    }
    if (!isfinite(a.x_low))
        return a;
    a.log_x = a.x_high >= 20 * a.x_low;
    if (a.log_x) {
        a.x_low /= 1.3;
        a.x_high *= 1.3;
    } else {
        double pad = a.x_high > a.x_low ? 0.06 * (a.x_high - a.x_low) : 0.1 * a.x_high;
        a.x_low = fmax(0, a.x_low - pad);
        a.x_high += pad;
    }
    for (int pass = 0; pass < 2; pass++) {
        const chart_points *set = pass ? curves : points;
        for (size_t i = 0; i < set->count; i++) {
            const chart_point *p = &set->items[i];
            if (!(p->x >= a.x_low && p->x <= a.x_high))
                continue;
            const double values[] = {p->value, p->lower, p->upper, p->outer_lower,
                                     p->outer_upper};
            for (size_t j = 0; j < sizeof values / sizeof values[0]; j++)
                if (isfinite(values[j])) {
                    a.y_low = fmin(a.y_low, values[j]);
                    a.y_high = fmax(a.y_high, values[j]);
                }
        }
    }
    return a;
}

/* Contract 1: names placed greedily, most urgent first, where they overlap
 * no name already placed; writes one `set label` per name. */
static sc_status write_funnel_labels(script *s, const funnel_axes *axes, bool *any_flagged)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    size_t n = points->count;
    bool all = n <= FUNNEL_LABEL_ALL;
    const chart_point **order = malloc((n ? n : 1) * sizeof *order);
    label_box *placed = malloc((n ? n : 1) * sizeof *placed);
    if (!order || !placed) {
        free(order);
        free(placed);
        return SC_ENOMEM;
    }
    size_t count = 0, nplaced = 0;
    for (int want = 2; want >= 0; want--)
        for (size_t i = 0; i < n; i++) {
            const chart_point *point = &points->items[i];
            if (funnel_flagged(point, points->bound) && isfinite(point->x))
                *any_flagged = true;
            if (funnel_priority(point) == want && point->label && isfinite(point->x) &&
                isfinite(point->value) && (want > 0 || all))
                order[count++] = point;
        }
    /* the plot area, roughly: margins for the axes, the title and the key */
    double left = 6.5 * s->font, right = s->width - 2.5 * s->font;
    double bottom = 9.5 * s->font, top = s->height - 6.5 * s->font;
    double column = 0.7 * s->font, line = 1.5 * s->font; /* generous: overlap is worse */
    double y_span = axes->y_high > axes->y_low ? axes->y_high - axes->y_low : 1;
    char label_font[32];
    snprintf(label_font, sizeof label_font, ",%.0f", s->font * 0.9);
    /* beside (right, left), above, below, and the four corners; in characters */
    static const struct {
        double dx, dy;
        const char *align;
    } spots[] = {{0.8, 0, "left"},     {-0.8, 0, "right"},     {0, 1.0, "center"},
                 {0, -1.0, "center"},  {0.8, 0.9, "left"},     {0.8, -0.9, "left"},
                 {-0.8, 0.9, "right"}, {-0.8, -0.9, "right"},  {0, 2.0, "center"},
                 {0, -2.0, "center"},  {0.8, 1.8, "left"},     {0.8, -1.8, "left"},
                 {-0.8, 1.8, "right"}, {-0.8, -1.8, "right"}};
    for (size_t k = 0; k < count; k++) {
        const chart_point *point = order[k];
        double fx = axes->log_x ? (log(point->x) - log(axes->x_low)) /
                                      (log(axes->x_high) - log(axes->x_low))
                                : (point->x - axes->x_low) / (axes->x_high - axes->x_low);
        double px = left + fx * (right - left);
        double py = bottom + (point->value - axes->y_low) / y_span * (top - bottom);
        double width = (double)sc_display_width(point->label) * column;
        size_t chosen = SIZE_MAX;
        label_box box = {0};
        for (size_t c = 0; c < sizeof spots / sizeof spots[0] && chosen == SIZE_MAX; c++) {
            double x0 = px + spots[c].dx * column * 1.4;
            double y0 = py + spots[c].dy * line;
            label_box b = {.bottom = y0 - 0.5 * line, .top = y0 + 0.5 * line};
            b.left = spots[c].align[0] == 'l'   ? x0
                     : spots[c].align[0] == 'r' ? x0 - width
                                                : x0 - width / 2;
            b.right = b.left + width;
            bool fits = b.left >= left - 2 * s->font && b.right <= s->width - 0.5 * s->font;
            for (size_t j = 0; fits && j < nplaced; j++)
                fits = !boxes_overlap(&b, &placed[j]);
            if (fits) {
                chosen = c;
                box = b;
            }
        }
        if (chosen == SIZE_MAX) {
            if (funnel_priority(point) == 0)
                continue; /* a name only for completeness: better none than a smudge */
            chosen = px > 0.7 * s->width ? 1 : 0;
            box = (label_box){0};
        }
        placed[nplaced++] = box;
        put(s->w, "set label ");
        put_string(s->w, point->label);
        put(s->w, " at first ");
        put_number(s->w, point->x, false);
        put(s->w, ", first ");
        put_number(s->w, point->value, chart->percent);
        put(s->w, " offset character ");
        put_number(s->w, spots[chosen].dx, false);
        put(s->w, ", ");
        put_number(s->w, spots[chosen].dy, false);
        putf(s->w, " %s front font ", spots[chosen].align);
        put_string(s->w, label_font);
        put(s->w, " noenhanced\n");
    }
    free(order);
    free(placed);
    return SC_OK;
}

static sc_status write_funnel(script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    const chart_points *curves = chart->curves.count ? &chart->curves : points;
    unsigned curve_bound = curves->bound;
    char buf[160];
    const chart_point **by_x = sorted_points(curves, compare_x);
    if (!by_x)
        return SC_ENOMEM;

    write_preamble(s);
    funnel_axes axes = funnel_layout(points, curves);
    if (isfinite(axes.x_low)) {
        if (axes.log_x)
            put(s->w, "set logscale x 10\n");
        put(s->w, "set xrange [");
        put_number(s->w, axes.x_low, false);
        put(s->w, ":");
        put_number(s->w, axes.x_high, false);
        put(s->w, "]\nset format x '%.0f'\n");
    } else
        put(s->w, "set offsets graph 0.02, graph 0.02, graph 0.02, graph 0.02\n");
    write_value_axis(s, "y");
    if (isfinite(axes.x_low) && isfinite(axes.y_low)) {
        /* the value range fixed here, so that the names are placed where
         * they will be drawn (autoscaling would stretch it to a tic) */
        double span = axes.y_high > axes.y_low ? axes.y_high - axes.y_low
                                               : fmax(fabs(axes.y_high), 0.01);
        axes.y_low -= 0.04 * span;
        axes.y_high += 0.04 * span;
        if (!isnan(chart->limit_low))
            axes.y_low = fmax(axes.y_low, chart->limit_low);
        if (!isnan(chart->limit_high))
            axes.y_high = fmin(axes.y_high, chart->limit_high);
        put(s->w, "set yrange [");
        put_number(s->w, axes.y_low, chart->percent);
        put(s->w, ":");
        put_number(s->w, axes.y_high, chart->percent);
        put(s->w, "]\n");
    }
    write_empty_ranges(s, "y", true);
    put_set_text(s->w, "xlabel", text_of(s, SC_CHART_CATEGORY_AXIS, buf, sizeof buf), NULL);
    putf(s->w, "set grid xtics ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    put(s->w, "set key outside bottom center horizontal\n");
    bool any_flagged = false;
    if (write_funnel_labels(s, &axes, &any_flagged) != SC_OK) {
        free(by_x);
        return SC_ENOMEM;
    }

    begin_data(s, "sc_curves", "x lower upper outer_lower outer_upper center");
    for (size_t i = 0; i < curves->count; i++) {
        const chart_point *point = by_x[i];
        if (isnan(point->x))
            continue;
        put_number(s->w, point->x, false);
        const double numbers[] = {point->lower, point->upper, point->outer_lower,
                                  point->outer_upper, point->center};
        for (size_t j = 0; j < sizeof numbers / sizeof numbers[0]; j++) {
            put(s->w, " ");
            put_number(s->w, numbers[j], chart->percent);
        }
        put(s->w, "\n");
    }
    end_data(s);
    free(by_x);
    begin_data(s, "sc_points", "x value flagged");
    for (size_t i = 0; i < points->count; i++) {
        const chart_point *point = &points->items[i];
        put_number(s->w, point->x, false);
        put(s->w, " ");
        put_number(s->w, point->value, chart->percent);
        put(s->w, " ");
        put_number(s->w, funnel_flagged(point, points->bound) ? point->value : NAN,
                   chart->percent);
        put(s->w, "\n");
    }
    end_data(s);

    if (curve_bound & ROLE_BIT(ROLE_OUTER_LOWER)) {
        element(s);
        putf(s->w, "$sc_curves using 1:5 with lines dt 2 lw 1.5 lc rgb '%s'", COLOR_OUTER);
        put_title(s->w, text_of(s, SC_CHART_KEY_OUTER, buf, sizeof buf));
        element(s);
        putf(s->w, "$sc_curves using 1:4 with lines dt 2 lw 1.5 lc rgb '%s' notitle",
             COLOR_OUTER);
    }
    if (curve_bound & ROLE_BIT(ROLE_LOWER)) {
        element(s);
        putf(s->w, "$sc_curves using 1:3 with lines dt 3 lw 1.5 lc rgb '%s'", COLOR_INNER);
        put_title(s->w, text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
        element(s);
        putf(s->w, "$sc_curves using 1:2 with lines dt 3 lw 1.5 lc rgb '%s' notitle",
             COLOR_INNER);
    }
    if (curve_bound & ROLE_BIT(ROLE_CENTER)) {
        element(s);
        putf(s->w, "$sc_curves using 1:6 with lines lw 1.5 lc rgb '%s'", COLOR_CENTER);
        put_title(s->w, text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
    }
    element(s);
    putf(s->w, "$sc_points using 1:2 with points pt 7 ps 1.1 lc rgb '%s'", COLOR_VALUE);
    put_title(s->w, text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    if (any_flagged) {
        element(s);
        putf(s->w, "$sc_points using 1:3 with points pt 7 ps 1.1 lc rgb '%s' notitle",
             COLOR_SIGNAL);
    }
    write_target_function(s);
    put(s->w, "\n");
    return SC_OK;
}

/* ---- PARETO ----------------------------------------------------------------------- */

static int compare_largest(const void *a, const void *b)
{
    const chart_point *p = *(const chart_point *const *)a, *q = *(const chart_point *const *)b;
    if (p->value != q->value)
        return p->value > q->value ? -1 : 1;
    return (p->order > q->order) - (p->order < q->order);
}

static sc_status write_pareto(script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    size_t n = points->count;
    char buf[160];
    const chart_point **sorted = sorted_points(points, compare_largest);
    tic *tics = malloc((n ? n : 1) * sizeof *tics);
    if (!sorted || !tics) {
        free(sorted);
        free(tics);
        return SC_ENOMEM;
    }
    /* Contract 1: at most PARETO_MAX_BARS bars, the smallest items joined
     * into a last one. */
    size_t shown = n <= PARETO_MAX_BARS ? n : PARETO_MAX_BARS - 1;
    size_t nbars = n <= PARETO_MAX_BARS ? n : PARETO_MAX_BARS;
    double total = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        total += sorted[i]->value;
        if (i >= shown)
            other += sorted[i]->value;
    }
    char other_label[64];
    snprintf(other_label, sizeof other_label,
             chart->lang == SC_LANG_ZH ? "其他（%zu 项）" : "other (%zu items)", n - shown);
    for (size_t i = 0; i < nbars; i++)
        tics[i] = (tic){.label = i < shown ? sorted[i]->label : other_label,
                        .position = (double)(i + 1)};
    bool rotate;
    size_t step;
    category_layout(s, tics, nbars, true, &rotate, &step);

    write_preamble(s);
    put(s->w, "set border 11\nset style fill solid 0.8 noborder\nset boxwidth 0.7\n");
    putf(s->w, "set xrange [0.5:%zu.5]\nset yrange [0:%s]\nset y2range [0:100]\n",
         nbars ? nbars : 1, total > 0 ? "*" : "1");
    put(s->w, "set y2tics 0, 20, 100 nomirror\nset format y2 '%g%%'\n");
    write_category_axis(s, tics, nbars, rotate, step, false);
    free(tics);
    write_value_axis(s, "y");
    write_empty_ranges(s, "y", false);
    put_set_text(s->w, "y2label", text_of(s, SC_CHART_KEY_CUMULATIVE, buf, sizeof buf), NULL);
    putf(s->w, "set grid ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    put(s->w, "set key outside bottom center horizontal\n");

    begin_data(s, "sc_bars", "x value cumulative_percent other");
    double running = 0;
    for (size_t i = 0; i < nbars; i++) {
        double value = i < shown ? sorted[i]->value : other;
        running += value;
        putf(s->w, "%zu ", i + 1);
        put_number(s->w, value, false);
        put(s->w, " ");
        /* The last bar is exactly 100% whatever the rounding of the sum. */
        put_number(s->w, total > 0 ? (i + 1 == nbars ? 1.0 : running / total) : NAN, true);
        put(s->w, i < shown ? " 0\n" : " 1\n");
    }
    end_data(s);
    free(sorted);

    element(s);
    putf(s->w, "$sc_bars using 1:($4 > 0 ? NaN : $2) with boxes lc rgb '%s'", COLOR_BAR);
    put_title(s->w, text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    if (nbars > shown) { /* the joined bar in grey */
        element(s);
        putf(s->w, "$sc_bars using 1:($4 > 0 ? $2 : NaN) with boxes lc rgb '%s' notitle",
             COLOR_LIMIT);
    }
    element(s);
    putf(s->w, "$sc_bars using 1:3 axes x1y2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '%s'",
         COLOR_CUMULATIVE);
    put_title(s->w, text_of(s, SC_CHART_KEY_CUMULATIVE, buf, sizeof buf));
    put(s->w, "\n");
    return SC_OK;
}

/* ---- writing ------------------------------------------------------------------------- */

typedef sc_status (*kind_writer)(script *s);

static sc_status write_band(script *s);
static sc_status write_funnel(script *s);
static sc_status write_pareto(script *s);
static sc_status write_control(script *s);

static const kind_writer kind_writers[SC_CHART_KIND_COUNT] = {
    [SC_CHART_CATERPILLAR] = write_ranked, [SC_CHART_BARS] = write_ranked,
    [SC_CHART_BAND] = write_band,          [SC_CHART_FUNNEL] = write_funnel,
    [SC_CHART_PARETO] = write_pareto,      [SC_CHART_CONTROL] = write_control,
};

sc_status sc_chart_write_script(const sc_chart *chart, FILE *out, const char *output,
                                sc_error *err)
{
    if (!chart || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart or no stream");
    if (!chart->has_data)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no data were set",
                            sc_chart_kind_get(chart->kind)->name);
    writer w = {.out = out};
    script s = {.w = &w,
                .chart = chart,
                .output = output,
                .width = chart->width,
                .height = chart->height,
                .font = chart->font_size,
                .first_element = true};
    sc_status status = kind_writers[chart->kind](&s);
    if (status == SC_ENOMEM)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (!w.failed && fflush(out) != 0) {
        w.failed = true;
        w.error_number = errno;
    }
    if (w.failed || ferror(out))
        return sc_error_set(err, SC_EIO, NULL, 0, "cannot write the chart script: %s",
                            strerror(w.error_number ? w.error_number : EIO));
    return status;
}

sc_status sc_chart_write(const sc_chart *chart, FILE *out, sc_error *err)
{
    return sc_chart_write_script(chart, out, chart ? chart->output : NULL, err);
}
