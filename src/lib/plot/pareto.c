/* spotcheck — charts: PARETO, bars largest first with the cumulative
 * percentage on a right-hand axis (contract 1 of include/spotcheck/plot.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "script.h"

/* Contract 1: at most this many bars. */
#define PARETO_MAX_BARS 30

static int compare_largest(const void *a, const void *b)
{
    const chart_point *p = *(const chart_point *const *)a, *q = *(const chart_point *const *)b;
    if (p->value != q->value)
        return p->value > q->value ? -1 : 1;
    return (p->order > q->order) - (p->order < q->order);
}

static sc_status write_pareto(plot_script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    /* the items, and a last row that joins items already (sc_chart_set_joined) */
    bool joined_row = chart->joined_last > 0 && points->count > 0;
    size_t n = points->count - (joined_row ? 1 : 0);
    char buf[160];
    const chart_point **sorted = sc_plot_sorted_points(points, compare_largest);
    plot_tic *tics = sc_malloc((points->count ? points->count : 1) * sizeof *tics);
    if (!sorted || !tics) {
        free(sorted);
        free(tics);
        return SC_ENOMEM;
    }
    if (joined_row) { /* the items in order, without the joined row */
        size_t at = 0;
        for (size_t i = 0; i < points->count; i++)
            if (sorted[i] != &points->items[points->count - 1])
                sorted[at++] = sorted[i];
    }
    /* Contract 1: at most PARETO_MAX_BARS bars, the smallest items joined
     * into a last one. */
    size_t bars_wanted = n + (joined_row ? 1 : 0);
    size_t shown = bars_wanted <= PARETO_MAX_BARS ? n : PARETO_MAX_BARS - 1;
    size_t nbars = shown + (shown < n || joined_row ? 1 : 0);
    double total = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        total += sorted[i]->value;
        if (i >= shown)
            other += sorted[i]->value;
    }
    size_t joined = n - shown;
    if (joined_row) {
        double last = points->items[points->count - 1].value;
        total += last;
        other += last;
        joined += chart->joined_last;
    }
    char other_label[64];
    snprintf(other_label, sizeof other_label,
             chart->lang == SC_LANG_ZH ? "其他（%zu 项）" : "other (%zu items)", joined);
    for (size_t i = 0; i < nbars; i++)
        tics[i] = (plot_tic){.label = i < shown ? sorted[i]->label : other_label,
                             .position = (double)(i + 1)};
    bool rotate;
    size_t step;
    sc_plot_category_layout(s, tics, nbars, true, &rotate, &step);

    sc_plot_write_preamble(s);
    sc_writer_puts(s->w, "set border 11\nset style fill solid 0.8 noborder\nset boxwidth 0.7\n");
    sc_writer_printf(s->w, "set xrange [0.5:%zu.5]\nset yrange [0:%s]\nset y2range [0:100]\n",
                     nbars ? nbars : 1, total > 0 ? "*" : "1");
    sc_writer_puts(s->w, "set y2tics 0, 20, 100 nomirror\nset format y2 '%g%%'\n");
    sc_plot_write_category_axis(s, tics, nbars, rotate, step, false);
    free(tics);
    sc_plot_write_value_axis(s, "y");
    sc_plot_write_empty_ranges(s, "y", false);
    sc_plot_put_set_text(s->w, "y2label",
                         sc_plot_text_of(s, SC_CHART_KEY_CUMULATIVE, buf, sizeof buf), NULL);
    sc_writer_printf(s->w, "set grid ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    sc_writer_puts(s->w, "set key outside bottom center horizontal\n");

    sc_plot_begin_data(s, "sc_bars", "x value cumulative_percent other");
    double running = 0;
    for (size_t i = 0; i < nbars; i++) {
        double value = i < shown ? sorted[i]->value : other;
        running += value;
        sc_writer_printf(s->w, "%zu ", i + 1);
        sc_plot_put_number(s->w, value, false);
        sc_writer_puts(s->w, " ");
        /* The last bar is exactly 100% whatever the rounding of the sum. */
        sc_plot_put_number(s->w, total > 0 ? (i + 1 == nbars ? 1.0 : running / total) : NAN, true);
        sc_writer_puts(s->w, i < shown ? " 0\n" : " 1\n");
    }
    sc_plot_end_data(s);
    free(sorted);

    sc_plot_element(s);
    sc_writer_printf(s->w, "$sc_bars using 1:($4 > 0 ? NaN : $2) with boxes lc rgb '%s'",
                     COLOR_BAR);
    sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    if (nbars > shown) { /* the joined bar in grey */
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_bars using 1:($4 > 0 ? $2 : NaN) with boxes lc rgb '%s' notitle",
                         COLOR_LIMIT);
    }
    sc_plot_element(s);
    sc_writer_printf(s->w,
                     "$sc_bars using 1:3 axes x1y2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '%s'",
                     COLOR_CUMULATIVE);
    sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_CUMULATIVE, buf, sizeof buf));
    sc_writer_puts(s->w, "\n");
    return SC_OK;
}

const sc_chart_kind_def sc_plot_kind_pareto = {
    .name = "pareto",
    .needs = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE),
    .uses = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE),
    .keys = {[SC_CHART_KEY_CUMULATIVE] = {"cumulative %", "累计百分比"}},
    .write = write_pareto,
};
