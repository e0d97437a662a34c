/* spotcheck — charts: CONTROL, values over periods with step control limits
 * and the points beyond them marked (contract 1 of include/spotcheck/plot.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "script.h"

static sc_status write_control(plot_script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    bool centre = points->bound & ROLE_BIT(ROLE_CENTER);
    size_t n = points->count;
    char buf[160];
    plot_tic *tics = sc_malloc((n ? n : 1) * sizeof *tics);
    if (!tics)
        return SC_ENOMEM;
    bool any_signal = false;
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        tics[i] = (plot_tic){.label = point->label, .position = (double)(i + 1)};
        any_signal = any_signal || sc_plot_beyond(point->value, point->lower, point->upper);
    }
    bool rotate;
    size_t step;
    sc_plot_category_layout(s, tics, n, false, &rotate, &step);

    sc_plot_write_preamble(s);
    sc_writer_printf(s->w, "set xrange [0.5:%zu.5]\n", n ? n : 1);
    sc_plot_write_category_axis(s, tics, n, rotate, step, false);
    free(tics);
    sc_plot_write_value_axis(s, "y");
    sc_plot_write_empty_ranges(s, "y", false);
    sc_writer_puts(s->w, "set offsets 0, 0, graph 0.03, graph 0.03\n");
    sc_writer_printf(s->w, "set grid ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    sc_writer_puts(s->w, "set key outside bottom center horizontal\n");

    sc_plot_begin_data(s, "sc_points", "x value signal");
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        sc_writer_printf(s->w, "%zu ", i + 1);
        sc_plot_put_number(s->w, point->value, chart->percent);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(
            s->w, sc_plot_beyond(point->value, point->lower, point->upper) ? point->value : NAN,
            chart->percent);
        sc_writer_puts(s->w, "\n");
    }
    sc_plot_end_data(s);
    /* Limits as steps: each holds from half a period before its point to
     * half a period after. */
    sc_plot_begin_data(s, "sc_limits", "x lcl ucl center");
    for (size_t i = 0; i < n; i++) {
        const chart_point *point = &points->items[i];
        for (int side = 0; side < 2; side++) {
            sc_writer_printf(s->w, "%zu.5 ", side ? i + 1 : i);
            sc_plot_put_number(s->w, point->lower, chart->percent);
            sc_writer_puts(s->w, " ");
            sc_plot_put_number(s->w, point->upper, chart->percent);
            sc_writer_puts(s->w, " ");
            sc_plot_put_number(s->w, point->center, chart->percent);
            sc_writer_puts(s->w, "\n");
        }
    }
    sc_plot_end_data(s);

    sc_plot_element(s);
    sc_writer_printf(s->w, "$sc_limits using 1:3 with lines lw 1.5 lc rgb '%s'", COLOR_LIMIT);
    sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
    sc_plot_element(s);
    sc_writer_printf(s->w, "$sc_limits using 1:2 with lines lw 1.5 lc rgb '%s' notitle",
                     COLOR_LIMIT);
    if (centre) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_limits using 1:4 with lines lw 1.5 lc rgb '%s'", COLOR_CENTER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_CENTER, buf, sizeof buf));
    }
    sc_plot_element(s);
    sc_writer_printf(s->w, "$sc_points using 1:2 with linespoints pt 7 ps 0.9 lw 1.5 lc rgb '%s'",
                     COLOR_VALUE);
    sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    if (any_signal) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_points using 1:3 with points pt 7 ps 1.6 lc rgb '%s'",
                         COLOR_SIGNAL);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_SIGNAL, buf, sizeof buf));
    }
    sc_plot_write_target_function(s);
    sc_writer_puts(s->w, "\n");
    return SC_OK;
}

const sc_chart_kind_def sc_plot_kind_control = {
    .name = "control",
    .needs = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE) | ROLE_BITS_INTERVAL,
    .uses =
        ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE) | ROLE_BITS_INTERVAL | ROLE_BIT(ROLE_CENTER),
    .keys = {[SC_CHART_KEY_INTERVAL] = {"control limits", "控制限"},
             [SC_CHART_KEY_CENTER] = {"centre line", "中心线"},
             [SC_CHART_KEY_SIGNAL] = {"beyond limits", "超出控制限"}},
    .write = write_control,
};
