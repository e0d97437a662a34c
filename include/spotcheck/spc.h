/* spotcheck — control charts for proportions: the p chart with varying
 * sample sizes and Laney's p' chart.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is drawn over a series of samples in time order (periods: years,
 * quarters, months), one sc_spc_sample per period; results per point come
 * back in the same order.  `counted` is whichever outcome the caller counts
 * (unqualified batches for an unqualified rate, passed batches for a pass
 * rate); counting the other outcome mirrors the chart (centre 1 - pbar,
 * limits 1 - UCL and 1 - LCL, above and below swapped, the same sigma_z).
 *
 * p chart (Montgomery, Introduction to Statistical Quality Control, section
 * 7.2.2): centre pbar = sum counted / sum n, sigma_i = sqrt(pbar (1 - pbar)
 * / n_i), limits pbar -+ L sigma_i.  Only binomial (within-period) variation
 * is allowed for, so with the large samples of national bulletins (n of
 * 20,000-29,000 batches a year) the limits are a fraction of a percentage
 * point apart and ordinary year-to-year variation (a different mix of
 * products each year) is flagged: of the SAMR years 2018, 2021-2024 the
 * p chart flags 2018, 2022 and 2024.
 * Laney p' chart (Laney 2002, Quality Engineering 14(4):531-537): the
 * between-period variation is measured by the moving ranges of the z-scores
 * z_i = (p_i - pbar) / sigma_i, sigma_z = mean |z_i - z_{i-1}| / 1.128, and
 * the limits are pbar -+ L sigma_i sigma_z.  For the national series
 * sigma_z = 9.92 and no year is flagged.
 *
 * The numbered contract with its decisions (n = 0 points, pbar = 0 or 1,
 * fewer than 2 points, sigma_z < 1) opens src/lib/spc.c; the tests cite it.
 */
#ifndef SPOTCHECK_SPC_H
#define SPOTCHECK_SPC_H

#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default limit width L, in sigmas (Shewhart's 3-sigma limits). */
#define SC_SPC_DEFAULT_WIDTH 3.0

/* d2 for subgroups of 2 (the expected range of two standard normals,
 * 2 / sqrt(pi) = 1.12838 to 5 decimals), rounded to 1.128 as tabulated and as
 * Laney (2002) and Minitab use it. */
#define SC_SPC_D2 1.128

typedef enum sc_spc_chart {
    SC_SPC_P,     /* p chart, limits pbar -+ L sigma_i */
    SC_SPC_LANEY, /* Laney p' chart, limits pbar -+ L sigma_i sigma_z */
    SC_SPC_CHART_COUNT
} sc_spc_chart;

/* One registry row per chart. */
typedef struct sc_spc_chart_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_spc_chart chart;
} sc_spc_chart_info;

/* Registry row of a chart; NULL for an out-of-range value.  Static, do not
 * free.  Iterate with `for (c = 0; c < SC_SPC_CHART_COUNT; c++)`. */
SC_API const sc_spc_chart_info *sc_spc_chart_get(sc_spc_chart chart);

/* Looks a chart up by canonical name or alias, ASCII case-insensitively
 * ("p", "laney", "p'", "p-prime", ...).  SC_EINVAL for NULL, empty or
 * unknown names (then *out is unchanged). */
SC_API sc_status sc_spc_chart_from_name(const char *name, sc_spc_chart *out);

/* The registry (rows: sc_spc_chart_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_spc_charts;

/* The counts of one period. */
typedef struct sc_spc_sample {
    uint64_t n;       /* units tested (batches); 0: no sample this period */
    uint64_t counted; /* units with the counted outcome, counted <= n */
} sc_spc_sample;

/* Where a point lies against its limits (strict: a rate on a limit is within). */
typedef enum sc_spc_signal {
    SC_SPC_WITHIN,  /* LCL <= rate <= UCL */
    SC_SPC_ABOVE,   /* rate > UCL */
    SC_SPC_BELOW,   /* rate < LCL */
    SC_SPC_NO_DATA  /* n = 0, or the chart is undefined (no limits) */
} sc_spc_signal;

/* One plotted point.  Missing values are NaN. */
typedef struct sc_spc_point {
    double rate;          /* counted / n; NaN when n = 0 */
    double z;             /* (rate - center) / sqrt(center (1 - center) / n), Laney's z_i
                             (the same on both charts); 0 when center is 0 or 1;
                             NaN when n = 0 or sum n = 0 */
    double sigma;         /* the sigma of the limits: sqrt(center (1 - center) / n) on the
                             p chart, that times sigma_z on the p' chart; NaN when n = 0
                             or the chart is undefined */
    double lower;         /* LCL = max(0, center - L sigma); NaN as sigma */
    double upper;         /* UCL = min(1, center + L sigma); NaN as sigma */
    sc_spc_signal signal; /* SC_SPC_NO_DATA where the limits are NaN */
} sc_spc_point;

/* What the chart is as a whole. */
typedef struct sc_spc_summary {
    sc_spc_chart chart;
    double width;             /* L, as asked */
    uint64_t n;               /* sum of n */
    uint64_t counted;         /* sum of counted */
    double center;            /* pbar = counted / n; NaN when n = 0 */
    size_t plotted;           /* points with n > 0 */
    size_t moving_ranges;     /* plotted - 1 (0 when plotted < 2) */
    double mean_moving_range; /* mean |z_i - z_{i-1}| over consecutive plotted points;
                                 NaN with fewer than 2 plotted points */
    double sigma_z;           /* mean_moving_range / SC_SPC_D2, on both charts (on the
                                 p chart a diagnostic: well above 1, the p chart's limits
                                 are too narrow for the series); NaN as above */
    size_t above;             /* points with SC_SPC_ABOVE */
    size_t below;             /* points with SC_SPC_BELOW */
} sc_spc_summary;

/* Computes a `chart` with limit width `width` (L > 0, finite; usually
 * SC_SPC_DEFAULT_WIDTH) over `count` samples in time order: the summary
 * into *summary and one point per sample into points[0 .. count - 1]
 * (points may be NULL to get the summary only).
 * Edge cases (src/lib/spc.c S5-S8): a sample with n = 0 is no point (rate,
 * z, limits NaN, SC_SPC_NO_DATA) and the moving range joins the plotted
 * points on either side of it; centre 0 or 1 gives limits equal to the centre,
 * z = 0, sigma_z = 0 and no signal (every rate equals the centre then).
 * Returns SC_OK;
 *   SC_EDOMAIN when sum n = 0 (no centre; count = 0 included), or for the
 *     Laney chart when fewer than 2 points are plotted (sigma_z undefined):
 *     the summary and the rates and z-scores are filled in, limits are NaN
 *     and every signal is SC_SPC_NO_DATA;
 *   SC_EINVAL for a NULL summary, NULL samples with count > 0, an unknown
 *     chart, a width that is not finite and > 0, counted > n, or a count or
 *     the sum of the counts above 2^53 (counts are carried as doubles);
 *     then the summary holds zeros and NaNs (chart and width as given) and
 *     points[] is untouched.
 * Time O(count); no allocation.  Agreement with R: ~1e-15 relative, ~1e-12
 * for a lower limit close to 0 (cancellation in centre - L sigma). */
SC_API sc_status sc_spc_compute(const sc_spc_sample *samples, size_t count, sc_spc_chart chart,
                                double width, sc_spc_summary *summary, sc_spc_point *points);

/* Static lowercase word for a signal, the `signal` column's value
 * (DESIGN.md section 5): "above", "below", "within"; NULL for
 * SC_SPC_NO_DATA and out-of-range values, so that the caller writes a
 * missing cell.  Do not free. */
SC_API const char *sc_spc_signal_name(sc_spc_signal signal);

#ifdef __cplusplus
}
#endif
#endif
