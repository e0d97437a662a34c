/* spotcheck — charts: CATERPILLAR (ranked dots with interval whiskers) and
 * BARS (ranked bars from zero), one layout for both: groups on the vertical
 * axis, highest value at the top (contracts 1 and 2 of
 * include/spotcheck/plot.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "script.h"

/* With more rows the value scale is repeated at the top. */
#define TALL_ROWS 30

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

static sc_status write_ranked(plot_script *s)
{
    const sc_chart *chart = s->chart;
    const chart_points *points = &chart->points;
    bool interval = points->bound & ROLE_BIT(ROLE_LOWER);
    bool bars = chart->kind == SC_CHART_BARS;
    size_t count = points->count;
    char buf[160];
    const chart_point **ranked = sc_plot_sorted_points(points, compare_ranked);
    plot_tic *tics = sc_malloc((count ? count : 1) * sizeof *tics);
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
        tics[i] = (plot_tic){.label = ranked[i]->label, .position = (double)(count - i)};

    sc_plot_write_preamble(s);
    sc_writer_printf(s->w, "set yrange [0.5:%zu.5]\n", count ? count : 1);
    sc_writer_puts(s->w, "set ytics scale 0\n");
    sc_plot_write_tics(s, "y", tics, count, step, 0);
    sc_writer_printf(s->w, "set grid xtics ytics back lt 1 lw 1 lc rgb '%s'\n", COLOR_GRID);
    sc_writer_puts(s->w, "set key outside bottom center horizontal\n");
    if (bars)
        sc_writer_puts(s->w, "set style fill solid 0.8 noborder\n");
    sc_plot_write_value_axis(s, "x");
    sc_plot_write_empty_ranges(s, "x", false);
    /* Room beyond the outermost whisker (bars start at zero: right only). */
    sc_writer_puts(s->w, bars ? "set offsets 0, graph 0.02, 0, 0\n"
                              : "set offsets graph 0.02, graph 0.02, 0, 0\n");
    if (count > TALL_ROWS) { /* the scale at the top too, for tall charts */
        sc_writer_puts(s->w, "set link x2\nset x2tics scale 0 noenhanced\n");
        if (chart->percent && !chart->percent_points)
            sc_writer_puts(s->w, "set format x2 '%g%%'\n");
    }
    sc_plot_put_set_text(s->w, "ylabel",
                         sc_plot_text_of(s, SC_CHART_CATEGORY_AXIS, buf, sizeof buf), NULL);

    /* baseline and target columns only when bound: column 5, then 5 or 6 */
    bool baseline = points->bound & ROLE_BIT(ROLE_BASELINE);
    bool target = points->bound & ROLE_BIT(ROLE_TARGET);
    sc_plot_begin_data(s, "sc_points",
                       baseline && target ? "row value lower upper baseline target"
                       : baseline         ? "row value lower upper baseline"
                       : target           ? "row value lower upper target"
                                          : "row value lower upper");
    for (size_t i = 0; i < count; i++) {
        sc_plot_put_number(s->w, tics[i].position, false);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(s->w, ranked[i]->value, chart->percent);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(s->w, ranked[i]->lower, chart->percent);
        sc_writer_puts(s->w, " ");
        sc_plot_put_number(s->w, ranked[i]->upper, chart->percent);
        if (baseline) {
            sc_writer_puts(s->w, " ");
            sc_plot_put_number(s->w, ranked[i]->baseline, chart->percent);
        }
        if (target) {
            sc_writer_puts(s->w, " ");
            sc_plot_put_number(s->w, ranked[i]->target, chart->percent);
        }
        sc_writer_puts(s->w, "\n");
    }
    sc_plot_end_data(s);
    if (chart->has_target) {
        sc_plot_begin_data(s, "sc_target", "value row");
        sc_plot_put_number(s->w, chart->target, chart->percent);
        sc_writer_puts(s->w, " 0.5\n");
        sc_plot_put_number(s->w, chart->target, chart->percent);
        sc_writer_printf(s->w, " %zu.5\n", count ? count : 1);
        sc_plot_end_data(s);
    }
    free(ranked);
    free(tics);

    if (bars) {
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_points using 2:1:(0):2:($1-0.35):($1+0.35) with boxxyerror "
                         "lc rgb '%s'",
                         COLOR_BAR);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    }
    if (interval) {
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_points using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 1.5 lc rgb '%s'",
                         bars ? COLOR_VALUE : COLOR_INTERVAL);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_INTERVAL, buf, sizeof buf));
    }
    if (baseline) { /* above the dots' row, drawn first */
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_points using 5:($1+0.25):($2-$5):(0) with vectors head filled "
                         "size screen 0.008,25 lw 1.5 lc rgb '%s'",
                         COLOR_CENTER);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_BASELINE, buf, sizeof buf));
    }
    if (target) {
        sc_plot_element(s);
        sc_writer_printf(s->w,
                         "$sc_points using %d:($1-0.3):(0):(0.6) with vectors nohead lw 2.5 "
                         "lc rgb '%s'",
                         baseline ? 6 : 5, COLOR_TARGET);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_TARGET, buf, sizeof buf));
    }
    if (!bars) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_points using 2:1 with points pt 7 ps 1.2 lc rgb '%s'",
                         COLOR_VALUE);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_VALUE, buf, sizeof buf));
    }
    if (chart->has_target) {
        sc_plot_element(s);
        sc_writer_printf(s->w, "$sc_target using 1:2 with lines dt 2 lw 2 lc rgb '%s'",
                         COLOR_TARGET);
        sc_plot_put_title(s->w, sc_plot_text_of(s, SC_CHART_KEY_TARGET, buf, sizeof buf));
    }
    sc_writer_puts(s->w, "\n");
    return SC_OK;
}

const sc_chart_kind_def sc_plot_kind_caterpillar = {
    .name = "caterpillar",
    .needs = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE),
    .uses = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE) | ROLE_BITS_INTERVAL |
            ROLE_BIT(ROLE_BASELINE) | ROLE_BIT(ROLE_TARGET),
    .keys = {[SC_CHART_KEY_INTERVAL] = {"interval", "置信区间"},
             [SC_CHART_KEY_BASELINE] = {"change from baseline", "较基期变化"}},
    .write = write_ranked,
};

const sc_chart_kind_def sc_plot_kind_bars = {
    .name = "bars",
    .needs = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE),
    .uses = ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_VALUE) | ROLE_BITS_INTERVAL |
            ROLE_BIT(ROLE_TARGET),
    .keys = {[SC_CHART_KEY_INTERVAL] = {"interval", "置信区间"}},
    .write = write_ranked,
};
