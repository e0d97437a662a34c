/* spotcheck — charts: FUNNEL, values against n with limit curves, the
 * points outside them red and named where their names overlap no other
 * (contract 1 of include/spotcheck/plot.h, sc_chart_set_curves).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "script.h"

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
        return sc_plot_beyond(point->value, point->outer_lower, point->outer_upper);
    if (bound & ROLE_BIT(ROLE_LOWER))
        return sc_plot_beyond(point->value, point->lower, point->upper);
    return false;
}

/* Contract 1: how much a point asks for its name: 2 outside the outer
 * limits, 1 outside the inner ones, 0 otherwise. */
static int funnel_priority(const chart_point *point)
{
    if (sc_plot_beyond(point->value, point->outer_lower, point->outer_upper))
        return 2;
    return sc_plot_beyond(point->value, point->lower, point->upper) ? 1 : 0;
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
    funnel_axes a = {
        .x_low = INFINITY, .x_high = -INFINITY, .y_low = INFINITY, .y_high = -INFINITY};
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
            const double values[] = {p->value, p->lower, p->upper, p->outer_lower, p->outer_upper};
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
static sc_status write_funnel_labels(plot_script *s, const funnel_axes *axes, bool *any_flagged)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    size_t n = points->count;
    bool all = n <= FUNNEL_LABEL_ALL;
    const chart_point **order = sc_malloc((n ? n : 1) * sizeof *order);
    label_box *placed = sc_malloc((n ? n : 1) * sizeof *placed);
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
    } spots[] = {{0.8, 0, "left"},     {-0.8, 0, "right"},    {0, 1.0, "center"},
                 {0, -1.0, "center"},  {0.8, 0.9, "left"},    {0.8, -0.9, "left"},
                 {-0.8, 0.9, "right"}, {-0.8, -0.9, "right"}, {0, 2.0, "center"},
                 {0, -2.0, "center"},  {0.8, 1.8, "left"},    {0.8, -1.8, "left"},
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
        sc_writer_puts(s->w, "set label ");
        sc_plot_put_string(s->w, point->label);
        sc_writer_puts(s->w, " at first ");
        sc_plot_put_number(s->w, point->x, false);
        sc_writer_puts(s->w, ", first ");
        sc_plot_put_number(s->w, point->value, chart->percent);
        sc_writer_puts(s->w, " offset character ");
        sc_plot_put_number(s->w, spots[chosen].dx, false);
        sc_writer_puts(s->w, ", ");
        sc_plot_put_number(s->w, spots[chosen].dy, false);
        sc_writer_printf(s->w, " %s front font ", spots[chosen].align);
        sc_plot_put_string(s->w, label_font);
        sc_writer_puts(s->w, " noenhanced\n");
    }
    free(order);
    free(placed);
    return SC_OK;
}

static sc_status write_funnel(plot_script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    const chart_points *curves = chart->curves.count ? &chart->curves : points;
    unsigned curve_bound = curves->bound;
    char buf[160];
    const chart_point **by_x = sc_plot_sorted_points(curves, compare_x);
    if (!by_x)
        return SC_ENOMEM;

    sc_plot_write_preamble(s);
    funnel_axes axes = funnel_layout(points, curves);
    if (isfinite(axes.x_low)) {
        if (axes.log_x)
            sc_writer_puts(s->w, "set logscale x 10\n");
        sc_writer_puts(s->w, "set xrange [");
        sc_plot_put_number(s->w, axes.x_low, false);
        sc_writer_puts(s->w, ":");
        sc_plot_put_number(s->w, axes.x_high, false);
        sc_writer_puts(s->w, "]\nset format x '%.0f'\n");
        if (!axes.log_x && axes.x_high - axes.x_low <= 10)
            sc_writer_puts(s->w, "set xtics 1\n"); /* n is whole: no tics between */
    } else
        sc_writer_puts(s->w, "set offsets graph 0.02, graph 0.02, graph 0.02, graph 0.02\n");
    sc_plot_write_value_axis(s, "y");
    if (isfinite(axes.x_low) && isfinite(axes.y_low)) {
        /* the value range fixed here, so that the names are placed where
         * they will be drawn (autoscaling would stretch it to a tic) */
        double span =
            axes.y_high > axes.y_low ? axes.y_high - axes.y_low : fmax(fabs(axes.y_high), 0.01);
        axes.y_low -= 0.04 * span;
        axes.y_high += 0.04 * span;
        if (!isnan(chart->limit_low))
            axes.y_low = fmax(axes.y_low, chart->limit_low);
        if (!isnan(chart->limit_high))
            axes.y_high = fmin(axes.y_high, chart->limit_high);
        sc_writer_puts(s->w, "set yrange [");
        sc_plot_put_number(s->w, axes.y_low, chart->percent);
        sc_writer_puts(s->w, ":");
        sc_plot_put_number(s->w, axes.y_high, chart->percent);
        sc_writer_puts(s->w, "]\n");
    }
    sc_plot_write_empty_ranges(s, "y", true);
    sc_plot_put_set_text(s->w, "xlabel",
                         sc_plot_text_of(s, SC_CHART_CATEGORY_AXIS, buf, sizeof buf), NULL);
    sc_writer_printf(s->w, "set grid xtics ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    sc_writer_puts(s->w, "set key outside bottom center horizontal\n");
    bool any_flagged = false;
    if (write_funnel_labels(s, &axes, &any_flagged) != SC_OK) {
        free(by_x);
        return SC_ENOMEM;
    }

    sc_plot_begin_data(s, "sc_curves", "x lower upper outer_lower outer_upper center");
    for (size_t i = 0; i < curves->count; i++) {
        const chart_point *point = by_x[i];
        if (isnan(point->x))
            continue;
        sc_plot_put_number(s->w, point->x, false);
        const double numbers[] = {point->lower, point->upper, point->outer_lower,
                                  point->outer_upper, point->center};
        for (size_t j = 0; j < sizeof numbers / sizeof numbers[0]; j++) {
            sc_writer_puts(s->w, " ");
            sc_plot_put_number(s->w, numbers[j], chart->percent);
        }
        sc_writer_puts(s->w, "\n");
    }
    sc_plot_end_data(s);
    free(by_x);
    sc_plot_begin_data(s, "sc_points", "x value flagged");
    for (size_t i = 0; i < points->count; i++) {
        const chart_point *point = &points->items[i];
        sc_plot_put_number(s->w, point->x, false);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(s->w, point->value, chart->percent);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(s->w, funnel_flagged(point, points->bound) ? point->value : NAN,
                           chart->percent);
        sc_writer_puts(s->w, "\n");
    }
    sc_plot_end_data(s);

    if (curve_bound & ROLE_BIT(ROLE_OUTER_LOWER)) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_curves using 1:5 with lines dt 2 lw 1.5 lc rgb '%s'",
                         COLOR_OUTER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_OUTER, buf, sizeof buf));
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_curves using 1:4 with lines dt 2 lw 1.5 lc rgb '%s' notitle",
                         COLOR_OUTER);
    }
    if (curve_bound & ROLE_BIT(ROLE_LOWER)) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_curves using 1:3 with lines dt 3 lw 1.5 lc rgb '%s'",
                         COLOR_INNER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_curves using 1:2 with lines dt 3 lw 1.5 lc rgb '%s' notitle",
                         COLOR_INNER);
    }
    if (curve_bound & ROLE_BIT(ROLE_CENTER)) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_curves using 1:6 with lines lw 1.5 lc rgb '%s'", COLOR_CENTER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
    }
    sc_plot_element(s);
    sc_writer_printf(s->w, "$sc_points using 1:2 with points pt 7 ps 1.1 lc rgb '%s'", COLOR_VALUE);
    sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    if (any_flagged) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_points using 1:3 with points pt 7 ps 1.1 lc rgb '%s' notitle",
                         COLOR_SIGNAL);
    }
    sc_plot_write_target_function(s);
    sc_writer_puts(s->w, "\n");
    return SC_OK;
}

const sc_chart_kind_def sc_plot_kind_funnel = {
    .name = "funnel",
    .needs = ROLE_BIT(ROLE_X) | ROLE_BIT(ROLE_VALUE),
    .uses = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_X) | ROLE_BIT(ROLE_VALUE) | ROLE_BITS_INTERVAL |
            ROLE_BITS_OUTER | ROLE_BIT(ROLE_CENTER),
    .keys = {[SC_CHART_KEY_INTERVAL] = {"inner limits", "内控制限"},
             [SC_CHART_KEY_OUTER] = {"outer limits", "外控制限"},
             [SC_CHART_KEY_CENTER] = {"centre line", "中心线"}},
    .write = write_funnel,
};
