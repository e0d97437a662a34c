/* spotcheck — control charts for proportions: p chart with varying n and
 * Laney's p' chart.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources: D. C. Montgomery, Introduction to Statistical Quality Control
 * (6th ed., Wiley 2009), section 7.2.2, the p chart with variable sample
 * size (limits per point); D. B. Laney, "Improved control charts for
 * attributes", Quality Engineering 14(4):531-537 (2002), the p' chart.
 * Reference values: scripts/ref-spc.R (base R, the same formulas written
 * independently) -> tests/data/spc_points.csv, spc_summary.csv.
 *
 * Contract (tests cite the numbers):
 *   S1. Input: `count` samples (n_i, x_i) in time order, x_i <= n_i; every
 *       n_i and N = sum n_i at most 2^53, so that every count and sum is an
 *       exact double.  L (width) finite and > 0.  Anything else is
 *       SC_EINVAL with the summary zeroed (NaN for the reals), points
 *       untouched.
 *   S2. Centre (both charts): pbar = X / N, X = sum x_i, over all samples.
 *       No point is left out of the centre line (no phase I / phase II
 *       split; a caller who wants one passes the base period's samples).
 *   S3. For a plotted point (n_i > 0): p_i = x_i / n_i,
 *       sigma_i = sqrt(pbar (1 - pbar) / n_i), z_i = (p_i - pbar) / sigma_i.
 *       p_i and pbar are each one correctly rounded division of exact
 *       integers, so a rate equal to pbar as a fraction is equal as a double
 *       and its z is exactly 0.
 *   S4. p chart: LCL_i = max(0, pbar - L sigma_i), UCL_i = min(1, pbar +
 *       L sigma_i) (Montgomery eq. 7.8 with the n_i of each point).
 *   S5. Laney p' chart: MR_j = |z_j - z_{j-1}| over consecutive plotted
 *       points j; sigma_z = mean(MR) / d2, d2 = 1.128 (SC_SPC_D2);
 *       LCL_i = max(0, pbar - L sigma_i sigma_z), UCL_i = min(1, pbar +
 *       L sigma_i sigma_z) (Laney 2002, eqs. for p').  The moving ranges
 *       assume the samples are in time order: the library does not know
 *       the periods, so a gap (a missing year) is bridged by the range
 *       between the points on either side.  sigma_z is reported on the p
 *       chart too, as a diagnostic.
 *   S6. sigma_z < 1 (less variation between periods than the binomial
 *       allows; e.g. counts smoothed by allocation, or a series much of
 *       which sits on the centre): Laney's p' limits are then narrower
 *       than the p chart's, and a point inside the p chart's limits can be
 *       a p' signal.  We keep Laney's definition (Laney 2002 does not floor
 *       sigma_z at 1; some authors and software do) and say so in the docs.
 *   S7. n_i = 0: no point.  rate, z, sigma and limits NaN, signal
 *       SC_SPC_NO_DATA; it adds nothing to the centre and is no term of a
 *       moving range (the range joins the plotted points either side, as
 *       Laney's "consecutive plotted points").
 *   S8. pbar = 0 or 1 (every plotted rate is then pbar): sigma_i = 0,
 *       z_i = 0 (the point is on the centre whatever the scale), hence
 *       sigma_z = 0, every limit equals pbar and nothing is a signal.
 *   S9. Undefined charts return SC_EDOMAIN with the summary, rates and z
 *       filled in, sigma and limits NaN, every signal SC_SPC_NO_DATA:
 *       N = 0 (both charts; centre NaN, z NaN), and the Laney chart with
 *       fewer than 2 plotted points (no moving range, sigma_z NaN).  The
 *       p chart with one plotted point is defined (sigma_z NaN).
 *   S10. Signal: SC_SPC_ABOVE when p_i > UCL_i, SC_SPC_BELOW when p_i < LCL_i
 *       (strict, so a point on a clipped limit of 0 or 1 is within),
 *       SC_SPC_WITHIN otherwise.
 *   S11. Time O(count), two passes, no allocation.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/groups.h"
#include "spotcheck/spc.h"

#define COUNT_MAX SC_COUNT_MAX /* S1; compared as integers: 2^53 + 1 rounds to 2^53 */

/* ---- registry ------------------------------------------------------------ */

static const sc_spc_chart_info charts[SC_SPC_CHART_COUNT] = {
    [SC_SPC_P] = {.chart = SC_SPC_P,
                  .entry.name = "p",
                  .entry.aliases = "p-chart,pchart,shewhart",
                  .entry.description = "p chart, limits pbar -+ L sqrt(pbar (1 - pbar) / n_i)",
                  .entry.reference =
                      "Montgomery, Introduction to Statistical Quality Control, 7.2.2"},
    [SC_SPC_LANEY] = {.chart = SC_SPC_LANEY,
                      .entry.name = "laney",
                      .entry.aliases = "p',p-prime,pprime,laney-p,laney-p'",
                      .entry.description = "Laney p' chart, p chart limits times sigma_z of the "
                                           "moving ranges of z",
                      .entry.reference = "Laney 2002, Quality Engineering 14(4):531-537"},
};

const sc_spc_chart_info *sc_spc_chart_get(sc_spc_chart chart)
{
    if ((unsigned)chart >= SC_SPC_CHART_COUNT)
        return NULL;
    return &charts[chart];
}

const sc_registry sc_spc_charts = {.what = "control chart",
                                   .rows = charts,
                                   .count = SC_SPC_CHART_COUNT,
                                   .stride = sizeof charts[0]};

sc_status sc_spc_chart_from_name(const char *name, sc_spc_chart *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_spc_charts, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_spc_chart)index;
    return status;
}

const char *sc_spc_signal_name(sc_spc_signal signal)
{
    switch (signal) {
    case SC_SPC_WITHIN:
        return "within";
    case SC_SPC_ABOVE:
        return "above";
    case SC_SPC_BELOW:
        return "below";
    case SC_SPC_NO_DATA:
        break;
    }
    return NULL;
}

/* ---- the chart ----------------------------------------------------------- */

static void summary_clear(sc_spc_summary *summary, sc_spc_chart chart, double width)
{
    *summary = (sc_spc_summary){.chart = chart,
                                .width = width,
                                .center = NAN,
                                .mean_moving_range = NAN,
                                .sigma_z = NAN};
}

/* The binomial sigma and z of a plotted point (S3, S8). */
static void point_scale(const sc_spc_sample *sample, double center, double *rate,
                        double *sigma, double *z)
{
    *rate = (double)sample->counted / (double)sample->n;
    *sigma = sqrt(center * (1 - center) / (double)sample->n);
    *z = *sigma > 0 ? (*rate - center) / *sigma : 0.0;
}

sc_status sc_spc_compute(const sc_spc_sample *samples, size_t count, sc_spc_chart chart,
                         double width, sc_spc_summary *summary, sc_spc_point *points)
{
    if (!summary)
        return SC_EINVAL;
    summary_clear(summary, chart, width);
    if ((!samples && count > 0) || (unsigned)chart >= SC_SPC_CHART_COUNT ||
        !(isfinite(width) && width > 0))
        return SC_EINVAL;

    /* S1, S2: check and sum; each n <= 2^53, so the running sum cannot wrap. */
    uint64_t total_n = 0, total_counted = 0;
    size_t plotted = 0;
    for (size_t i = 0; i < count; i++) {
        if (samples[i].counted > samples[i].n || samples[i].n > COUNT_MAX)
            return SC_EINVAL;
        total_n += samples[i].n;
        total_counted += samples[i].counted;
        if (total_n > COUNT_MAX)
            return SC_EINVAL;
        plotted += samples[i].n > 0;
    }
    summary->n = total_n;
    summary->counted = total_counted;
    summary->plotted = plotted;
    double center = total_n > 0 ? (double)total_counted / (double)total_n : NAN;
    summary->center = center;

    /* S5: moving ranges of z over consecutive plotted points (S7). */
    if (total_n > 0 && plotted >= 2) {
        double sum_range = 0, previous_z = NAN; /* NaN: no plotted point yet (a plotted
                                                     point's z is never NaN, S3, S8) */
        for (size_t i = 0; i < count; i++) {
            if (samples[i].n == 0)
                continue;
            double rate, sigma, z;
            point_scale(&samples[i], center, &rate, &sigma, &z);
            if (!isnan(previous_z))
                sum_range += fabs(z - previous_z);
            previous_z = z;
        }
        summary->moving_ranges = plotted - 1;
        summary->mean_moving_range = sum_range / (double)(plotted - 1);
        summary->sigma_z = summary->mean_moving_range / SC_SPC_D2;
    }

    /* S9: is the chart defined? */
    int defined = total_n > 0 && (chart == SC_SPC_P || plotted >= 2);
    double scale = chart == SC_SPC_LANEY ? summary->sigma_z : 1.0;

    for (size_t i = 0; i < count; i++) {
        sc_spc_point point = {.rate = NAN,
                              .z = NAN,
                              .sigma = NAN,
                              .lower = NAN,
                              .upper = NAN,
                              .signal = SC_SPC_NO_DATA};
        if (samples[i].n > 0) { /* then total_n > 0 and center is a number */
            double sigma;
            point_scale(&samples[i], center, &point.rate, &sigma, &point.z);
            if (defined) {
                /* S4, S5 */
                point.sigma = sigma * scale;
                point.lower = fmax(0.0, center - width * point.sigma);
                point.upper = fmin(1.0, center + width * point.sigma);
                /* S10 */
                if (point.rate > point.upper) {
                    point.signal = SC_SPC_ABOVE;
                    summary->above++;
                } else if (point.rate < point.lower) {
                    point.signal = SC_SPC_BELOW;
                    summary->below++;
                } else {
                    point.signal = SC_SPC_WITHIN;
                }
            }
        }
        if (points)
            points[i] = point;
    }
    return defined ? SC_OK : SC_EDOMAIN;
}
