/* spotcheck — charts: BAND, lines over periods with a filled interval band,
 * one line per series, a fitted line, a forecast and gaps (contract 1 of
 * include/spotcheck/plot.h, sc_chart_set_forecast, sc_chart_set_x_step).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "script.h"

/* Series colours, in order (matplotlib's tab10). */
static const char *const series_colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define NSERIES_COLORS (sizeof series_colors / sizeof series_colors[0])

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
static size_t distinct_texts(const chart_points *points, bool series, size_t *ids, size_t *firsts)
{
    size_t n = points->count;
    keyed_text *sorted = sc_malloc((n ? n : 1) * sizeof *sorted);
    size_t *group_first = sc_malloc((n ? n : 1) * sizeof *group_first);
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

static sc_status write_band(plot_script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    unsigned bound = points->bound;
    bool use_x = bound & ROLE_BIT(ROLE_X), labels = bound & ROLE_BIT(ROLE_LABEL);
    bool multi = bound & ROLE_BIT(ROLE_SERIES), interval = bound & ROLE_BIT(ROLE_LOWER);
    bool fitted = bound & ROLE_BIT(ROLE_CENTER);
    size_t n = points->count, alloc = n ? n : 1;
    char buf[160];
    size_t *label_ids = sc_malloc(alloc * sizeof *label_ids);
    size_t *label_firsts = sc_malloc(alloc * sizeof *label_firsts);
    size_t *series_ids = sc_malloc(alloc * sizeof *series_ids);
    size_t *series_firsts = sc_malloc(alloc * sizeof *series_firsts);
    band_point *rows = sc_malloc(alloc * sizeof *rows);
    plot_tic *tics = sc_malloc(alloc * sizeof *tics);
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
        tics[id] =
            (plot_tic){.label = first->label, .position = use_x ? first->x : (double)(id + 1)};
    }
    bool rotate;
    size_t step;
    sc_plot_category_layout(s, tics, nlabels, false, &rotate, &step);

    sc_plot_write_preamble(s);
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
            sc_writer_puts(s->w, "set xrange [");
            sc_plot_put_number(s->w, low - 0.5, false);
            sc_writer_puts(s->w, ":");
            sc_plot_put_number(s->w, high + 0.5, false);
            sc_writer_puts(s->w, "]\n");
            if (!labels && high - low <= 25)
                sc_writer_puts(s->w, "set xtics 1\n");
            sc_writer_puts(s->w, "set offsets 0, 0, graph 0.03, graph 0.03\n");
        } else {
            sc_writer_puts(s->w, "set offsets graph 0.03, graph 0.03, graph 0.03, graph 0.03\n");
        }
    } else
        sc_writer_printf(s->w, "set xrange [0.5:%zu.5]\n", nlabels ? nlabels : 1);
    sc_plot_write_category_axis(s, tics, nlabels, rotate, step, use_x);
    sc_plot_write_value_axis(s, "y");
    sc_plot_write_empty_ranges(s, "y", use_x);
    if (!use_x) /* room above and below the band */
        sc_writer_puts(s->w, "set offsets 0, 0, graph 0.03, graph 0.03\n");
    sc_writer_printf(s->w, "set grid ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    sc_writer_puts(s->w, multi ? "set key outside right top vertical\n"
                               : "set key outside bottom center horizontal\n");

    /* Gaps (sc_chart_set_x_step): a row of NaN between two observed points
     * too far apart breaks the line and the band; the fitted line goes on
     * through the chord of its neighbours. */
    bool gaps = use_x && isfinite(chart->x_step);
    size_t ngaps = 0, nalone = 0;
    /* clang-format off */
    /* whether rows i - 1 and i are drawn joined (same series, both observed, no gap) */
#define JOINED(i)                                                                                \
    ((i) > 0 && (i) < n && rows[(i)].series == rows[(i) - 1].series &&                          \
     isfinite(rows[(i)].point->value) && isfinite(rows[(i) - 1].point->value) &&                \
     !(gaps && rows[(i)].position - rows[(i) - 1].position > 1.5 * chart->x_step))
    /* clang-format on */
    for (size_t k = 0, first = 0; k < nseries; k++) {
        char name[32];
        snprintf(name, sizeof name, "sc_series%zu", k + 1);
        sc_plot_begin_data(s, name, "x value lower upper fitted alone");
        for (size_t start = first; first < n && rows[first].series == k; first++) {
            const chart_point *point = rows[first].point;
            const chart_point *before = first > start ? rows[first - 1].point : NULL;
            double from = first > start ? rows[first - 1].position : NAN;
            if (gaps && before && isfinite(before->value) && isfinite(point->value) &&
                rows[first].position - from > 1.5 * chart->x_step) {
                double mid = 0.5 * (from + rows[first].position);
                sc_plot_put_number(s->w, mid, false);
                sc_writer_puts(s->w, " NaN NaN NaN ");
                sc_plot_put_number(s->w, 0.5 * (before->center + point->center), chart->percent);
                sc_writer_puts(s->w, " 0\n");
                ngaps++;
            }
            sc_plot_put_number(s->w, rows[first].position, false);
            const double numbers[] = {point->value, point->lower, point->upper, point->center};
            for (size_t j = 0; j < sizeof numbers / sizeof numbers[0]; j++) {
                sc_writer_puts(s->w, " ");
                sc_plot_put_number(s->w, numbers[j], chart->percent);
            }
            /* an observed point joined to neither neighbour has no band of its own */
            bool alone = isfinite(point->value) && !JOINED(first) && !JOINED(first + 1);
            sc_writer_puts(s->w, alone ? " 1\n" : " 0\n");
            nalone += alone;
        }
        sc_plot_end_data(s);
    }
#undef JOINED
    bool forecast = use_x && isfinite(chart->forecast_x);
    if (forecast) {
        sc_plot_begin_data(s, "sc_forecast", "x value lower upper");
        const double numbers[] = {chart->forecast_value, chart->forecast_lower,
                                  chart->forecast_upper};
        sc_plot_put_number(s->w, chart->forecast_x, false);
        for (size_t j = 0; j < sizeof numbers / sizeof numbers[0]; j++) {
            sc_writer_puts(s->w, " ");
            sc_plot_put_number(s->w, numbers[j], chart->percent);
        }
        sc_writer_puts(s->w, "\n");
        sc_plot_end_data(s);
    }
    /* vertical marks (sc_chart_add_x_mark): a dashed line, its text at the top */
    for (size_t i = 0; use_x && i < chart->nmarks; i++) {
        sc_writer_puts(s->w, "set arrow from ");
        sc_plot_put_number(s->w, chart->mark_x[i], false);
        sc_writer_puts(s->w, ", graph 0 to ");
        sc_plot_put_number(s->w, chart->mark_x[i], false);
        sc_writer_printf(s->w, ", graph 1 nohead dt 3 lw 1.5 lc rgb '%s' front\n", COLOR_LIMIT);
        sc_writer_puts(s->w, "set label ");
        sc_plot_put_string(s->w, chart->mark_text[i]);
        sc_writer_puts(s->w, " at ");
        sc_plot_put_number(s->w, chart->mark_x[i], false);
        sc_writer_printf(s->w, ", graph %s left offset 0.5,0 front tc rgb '%s' noenhanced\n",
                         i % 2 ? "0.90" : "0.96", COLOR_LIMIT);
    }
    /* each gap marked at its middle, along the bottom */
    for (size_t i = 1; gaps && ngaps && i < n; i++) {
        const chart_point *a = rows[i - 1].point, *b = rows[i].point;
        if (rows[i].series != rows[i - 1].series || !isfinite(a->value) || !isfinite(b->value) ||
            rows[i].position - rows[i - 1].position <= 1.5 * chart->x_step)
            continue;
        sc_writer_puts(s->w, "set label ");
        sc_plot_put_string(s->w, chart->lang == SC_LANG_ZH ? "无数据" : "no data");
        sc_writer_puts(s->w, " at ");
        sc_plot_put_number(s->w, 0.5 * (rows[i - 1].position + rows[i].position), false);
        sc_writer_printf(s->w, ", graph 0.04 center front tc rgb '%s' noenhanced\n", COLOR_LIMIT);
    }
    for (size_t k = 0; k < nseries; k++) {
        const char *color = multi ? series_colors[k % NSERIES_COLORS] : COLOR_VALUE;
        const char *name = multi ? points->items[series_firsts[k]].series : NULL;
        if (interval) {
            sc_plot_element(s);
            sc_writer_printf(s->w,
                             "$sc_series%zu using 1:3:4 with filledcurves fc rgb '%s' "
                             "fs transparent solid %s noborder",
                             k + 1, multi ? color : COLOR_BAND, multi ? "0.15" : "0.5");
            sc_plot_put_title(
                s->w, multi ? NULL : sc_plot_text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
            /* a point alone (between gaps) has no band: a bar in its colour */
            if (nalone) {
                sc_plot_element(s);
                sc_writer_printf(
                    s->w,
                    "$sc_series%zu using 1:($6 > 0 ? $3 : NaN):(0):($4-$3) with vectors "
                    "nohead lw 8 lc rgb '%s' notitle",
                    k + 1, multi ? color : COLOR_BAND);
            }
        }
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_series%zu using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '%s'",
                         k + 1, color);
        sc_plot_put_title(s->w,
                          multi ? name : sc_plot_text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
        if (fitted) {
            sc_plot_element(s);
            sc_writer_printf(s->w, "$sc_series%zu using 1:5 with lines dt 2 lw 1.5 lc rgb '%s'",
                             k + 1, multi ? color : COLOR_CENTER);
            sc_plot_put_title(
                s->w, multi ? NULL : sc_plot_text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
        }
    }
    if (forecast) {
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_forecast using 1:2:3:4 with yerrorbars pt 9 ps 1.6 lw 2 lc rgb '%s'",
                         COLOR_CENTER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_FORECAST, buf, sizeof buf));
    }
    if (multi && fitted) { /* one legend entry for every series' fitted line */
        sc_plot_element(s);
        sc_writer_printf(s->w, "NaN with lines dt 2 lw 1.5 lc rgb '%s'", COLOR_OUTER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
    }
    sc_plot_write_target_function(s);
    sc_writer_puts(s->w, "\n");
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

/* BAND needs a label or an x column, or both: checked in data.c. */
const sc_chart_kind_def sc_plot_kind_band = {
    .name = "band",
    .needs = ROLE_BIT(ROLE_VALUE),
    .uses = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_X) | ROLE_BIT(ROLE_VALUE) | ROLE_BITS_INTERVAL |
            ROLE_BIT(ROLE_CENTER) | ROLE_BIT(ROLE_SERIES),
    .keys = {[SC_CHART_KEY_INTERVAL] = {"interval", "置信区间"},
             [SC_CHART_KEY_CENTER] = {"fitted", "拟合值"},
             [SC_CHART_KEY_FORECAST] = {"forecast", "预测值"}},
    .write = write_band,
};
