/* spotcheck — Miettinen-Nurminen score interval for p1 - p2.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (diff.h D1-D5 apply):
 *   1. Input: x1 of n1 and x2 of n2, 1 <= n1, n2, two-sided miss probability
 *      alpha in (0, 1).  n1 = 0 or n2 = 0 never reaches this function:
 *      sc_twoprop_diff answers it with estimate NaN and [-1, 1] (diff.h D1).
 *   2. The limits are the two solutions delta of
 *          (d - delta)^2 = z^2 V(delta),  d = p1 - p2,
 *          V(delta) = (p1~ q1~ / n1 + p2~ q2~ / n2) N / (N - 1),  N = n1 + n2,
 *      one in [-1, d] and one in [d, 1], where (p1~, p2~ = p1~ - delta) is
 *      the maximum-likelihood estimate of (p1, p2) under p1 - p2 = delta.
 *      N / (N - 1) is Miettinen and Nurminen's correction; without it this
 *      is Mee's (1984) interval.
 *   3. The constrained estimate is the root of the score along the
 *      constraint,
 *          s = x1/p1 - (n1 - x1)/q1 + x2/p2 - (n2 - x2)/q2,  p1 - p2 = delta,
 *      (a term with a zero count is 0), strictly decreasing as the pair
 *      moves up.  It is sought as the smaller of p1 and p2, t in
 *      [0, 1 - |delta|], the larger being t + |delta|: a probability near 0
 *      is then never the difference of two larger ones (p1 = p2 + delta
 *      cancels, and 3 ulps of p2 at 1e-5 are 2e-11 of V when n1 is small
 *      beside n2).  When s keeps one sign the root is t = 0 (e.g. x1 = x2 =
 *      0, delta > 0: p2~ = 0, p1~ = delta).
 *      It starts from Miettinen and Nurminen's closed-form root of the cubic
 *      (their Appendix; Farrington and Manning 1990 eq. 9, theta = n2/n1)
 *      and is finished by Newton steps kept inside a bisection bracket: the
 *      closed form alone loses up to 5e-3 relative in a limit at n = 10^6
 *      when a rate is near 0 or 1 (measured; its terms cancel).
 *   4. The limit equation is solved as (d - delta) - z sqrt(V(delta)) = 0
 *      by Brent's method on the delta scale, to ~4 DBL_EPSILON relative.
 *      At delta = -1, V = 0 so the left side is d + 1 > 0.  Near d it is
 *      negative, also where V(d) = 0 (both rates 0 or 1: V grows like
 *      |d - delta| there, so z sqrt(V) dominates |d - delta|); the bracket's
 *      inner end is then found by halving the step from d.  d = -1 gives
 *      lower = -1, d = 1 gives upper = 1.
 *   5. Only the lower limit is searched.  The upper limit is minus the lower
 *      limit with the groups swapped; and the lower limit is computed from
 *      whichever of (x1, n1; x2, n2) and (n2 - x2, n2; n1 - x1, n1) has
 *      p1 + p2 <= 1 (the same limit: counting the other outcome and swapping
 *      the groups leaves the interval unchanged), so that rates near 0 are
 *      carried directly and keep their relative precision.  With one rate
 *      near 0 and the other near 1 the rate near 1 carries ~1e-16 absolute,
 *      i.e. ~1e-10 relative error in 1 - p at n = 10^6.
 *   6. Examples (Newcombe 1998, Table II): 56/70 vs 48/80 gives
 *      [0.0528, 0.3382]; 0/10 vs 0/20 [-0.1658, 0.2844]; 10/10 vs 0/20
 *      [0.7156, 1].  L <= d <= U always; symmetry as newcombe.c item 5.
 *   7. One-sided bounds: diff.h D2 (the one-sided score bound at level L is
 *      the two-sided bound at 2L - 1).
 *   8. Source: O. Miettinen and M. Nurminen, "Comparative analysis of two
 *      rates", Stat Med 4 (1985) 213-226; Newcombe, Stat Med 17 (1998)
 *      873-890, method 6 (Table II); SAS/STAT PROC FREQ RISKDIFF(CL=MN).
 *      Reference values: scripts/ref-twoprop.R (the same definition solved
 *      with R's uniroot, checked against a constrained MLE by bisection);
 *      seven hard tables (n = 10^6, rates near 0 and 1) also agree to
 *      1e-15 with a 50-digit evaluation (mpmath).
 */
#include <float.h>
#include <math.h>

#include "diff/diff.h"
#include "numeric/numeric.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* One lower-limit problem (item 5): counts as doubles, d = p1 - p2, z, and
 * the factor N / (N - 1). */
typedef struct mn_problem {
    double x1, n1, x2, n2;
    double d, z, factor;
} mn_problem;

/* k / p for a count k, 0 when k = 0 (item 3). */
static double ratio_or_zero(double k, double p) { return k == 0 ? 0.0 : k / p; }

/* (p1, p2) on the constraint p1 - p2 = delta from the smaller of the two,
 * t: the larger is t + |delta|, a sum, so that a probability near 0 is never
 * the difference of two larger ones (item 3). */
static void split(double delta, double t, double *p1, double *p2)
{
    if (delta >= 0) {
        *p2 = t;
        *p1 = t + delta;
    } else {
        *p1 = t;
        *p2 = t - delta;
    }
}

/* The constrained score along the constraint, s(t), and s'(t) (item 3). */
static void constrained_score(const mn_problem *m, double delta, double t, double *s,
                              double *slope)
{
    double p1, p2;
    split(delta, t, &p1, &p2);
    double q1 = 1 - p1, q2 = 1 - p2;
    double y1 = m->n1 - m->x1, y2 = m->n2 - m->x2;
    *s = ratio_or_zero(m->x1, p1) - ratio_or_zero(y1, q1) + ratio_or_zero(m->x2, p2) -
         ratio_or_zero(y2, q2);
    *slope = -ratio_or_zero(m->x1, p1 * p1) - ratio_or_zero(y1, q1 * q1) -
             ratio_or_zero(m->x2, p2 * p2) - ratio_or_zero(y2, q2 * q2);
}

/* Miettinen and Nurminen's closed-form p1~ (item 3's starting point). */
static double closed_form_p1(const mn_problem *m, double delta)
{
    double p1 = m->x1 / m->n1, p2 = m->x2 / m->n2, theta = m->n2 / m->n1;
    double a = 1 + theta;
    double b = -(1 + theta + p1 + theta * p2 + delta * (theta + 2));
    double c = delta * delta + delta * (2 * p1 + theta + 1) + p1 + theta * p2;
    double d = -p1 * delta * (1 + delta);
    double v = b * b * b / (27 * a * a * a) - b * c / (6 * a * a) + d / (2 * a);
    double s = b * b / (9 * a * a) - c / (3 * a);
    double u = (v < 0 ? -1.0 : 1.0) * sqrt(fmax(0.0, s));
    if (u == 0)
        return -b / (3 * a);
    double cosine = fmax(-1.0, fmin(1.0, v / (u * u * u)));
    return 2 * u * cos((M_PI + acos(cosine)) / 3) - b / (3 * a);
}

/* (p1~, p2~) at delta (item 3), found as the smaller of the two, t in
 * [0, 1 - |delta|]. */
static void constrained_estimate(const mn_problem *m, double delta, double *p1, double *p2)
{
    double lo = 0, hi = 1 - fabs(delta);
    if (!(hi > lo)) { /* delta = -1 or 1: (p1, p2) = (0, 1) or (1, 0) */
        split(delta, 0, p1, p2);
        return;
    }
    double p1_closed = closed_form_p1(m, delta);
    double t = fmin(hi, fmax(lo, delta >= 0 ? p1_closed - delta : p1_closed));
    for (int iter = 0; iter < 200; iter++) {
        double s, slope;
        constrained_score(m, delta, t, &s, &slope);
        if (s == 0 || isnan(s))
            break;
        if (s > 0)
            lo = t;
        else
            hi = t;
        if (!(hi > lo))
            break;
        double next = isfinite(s) && isfinite(slope) && slope < 0 ? t - s / slope : NAN;
        if (!(next > lo && next < hi))
            next = lo + (hi - lo) / 2;
        if (fabs(next - t) <= 2 * DBL_EPSILON * fabs(t)) {
            t = next;
            break;
        }
        t = next;
    }
    split(delta, t, p1, p2);
}

/* (d - delta) - z sqrt(V(delta)) (item 4). */
static double lower_equation(const mn_problem *m, double delta)
{
    double p1, p2;
    constrained_estimate(m, delta, &p1, &p2);
    double variance = (p1 * (1 - p1) / m->n1 + p2 * (1 - p2) / m->n2) * m->factor;
    return (m->d - delta) - m->z * sqrt(fmax(0.0, variance));
}

static double lower_eval(double d, void *ctx)
{
    return lower_equation(ctx, d);
}

/* The lower limit (items 4 and 5); `may_turn` stops a second turn where
 * both orientations round to p1 + p2 > 1. */
static sc_status lower_limit(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double z,
                             int may_turn, double *lower)
{
    double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
    if (p1 + p2 > 1 && may_turn) /* count the other outcome, swap the groups (item 5) */
        return lower_limit(n2 - x2, n2, n1 - x1, n1, z, 0, lower);
    double total = (double)n1 + (double)n2;
    mn_problem m = {.x1 = (double)x1, .n1 = (double)n1, .x2 = (double)x2, .n2 = (double)n2,
                    .d = p1 - p2, .z = z, .factor = total / (total - 1)};
    if (m.d <= -1) {
        *lower = -1;
        return SC_OK;
    }
    double top = m.d, f_top = lower_equation(&m, top);
    for (double step = (m.d + 1) / 2; !(f_top < 0); step /= 2) {
        if (!(step > 0) || isnan(f_top))
            return SC_ENOCONV;
        top = m.d - step;
        f_top = lower_equation(&m, top);
    }
    double f_bottom = lower_equation(&m, -1.0);
    if (!(f_bottom > 0))
        return SC_ENOCONV;
    return scn_brent(lower_eval, &m, -1.0, top, f_bottom, f_top, 1e-300, 2000, lower);
}

sc_status sc_diff_miettinen_nurminen(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                     double alpha, double *lower, double *upper)
{
    double z = scn_z(alpha), swapped_lower;
    sc_status status = lower_limit(x1, n1, x2, n2, z, 1, lower);
    if (status == SC_OK)
        status = lower_limit(x2, n2, x1, n1, z, 1, &swapped_lower);
    if (status != SC_OK)
        return status;
    *upper = -swapped_lower;
    *lower = fmax(-1.0, *lower);
    *upper = fmin(1.0, *upper);
    return SC_OK;
}
