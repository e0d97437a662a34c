/* spotcheck — Blaker's exact interval for one proportion.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (ci.h C1-C5 apply):
 *   1. Input: x successes of n trials, 1 <= n, x <= n, two-sided miss
 *      probability alpha in (0, 1).  n = 0 never reaches this function:
 *      sc_prop_interval answers it with estimate NaN and [0, 1] (ci.h C1).
 *   2. Definition (Blaker 2000): with the tail statistic
 *        gamma_p(j) = min(P_p(X >= j), P_p(X <= j)),
 *      the acceptability of p is a(p) = P_p(gamma_p(X) <= gamma_p(x)), and
 *      the interval is the convex hull of C = {p : a(p) > alpha}: its limits
 *      are inf C and sup C.  (C need not be an interval; taking the hull is
 *      Blaker's and Klaschka's reading, R package BlakerCI.)
 *   3. x = 0 gives lower = 0, x = n gives upper = 1.  The interval is inside
 *      the Clopper-Pearson interval and contains p^ = x/n.
 *   4. One-sided bounds: Blaker's construction is inherently two-sided (it
 *      inverts a two-sided test), so a one-sided bound at confidence L is the
 *      exact one-sided bound, i.e. Clopper-Pearson's one-sided bound (the
 *      registry routes SC_SIDED_LOWER/UPPER there, prop.c).  This is what R's
 *      exactci::binom.exact(..., tsmethod = "blaker", alternative = "less" or
 *      "greater") returns as well.  Consequently the one-sided Blaker bound at
 *      L is NOT the two-sided Blaker bound at 2L - 1.
 *   5. Algorithm for the lower limit, exact up to root-finding precision
 *      (the upper limit is the lower limit of n - x failures, reflected):
 *      below the median region a(p) = U(p) + L_k(p) with U(p) = P(X >= x),
 *      L_k(p) = P(X <= k) and k = k(p) the largest j with L_j(p) <= U(p).
 *      a(p) <= 2 U(p), so inf C >= p_cp, the Clopper-Pearson limit
 *      (U(p_cp) = alpha/2).  Let k0 = k(p_cp) (-1 if none).  Every k < k0
 *      gives points of C only where k0 does, and every k > k0 only above the
 *      jump point b, where L_{k0+1}(b) = U(b) and a(b) = 2 U(b) > alpha.  On
 *      [p_cp, b] the function U + L_{k0} = 1 - P(k0 < X < x) is valley-shaped
 *      (P of a fixed range is unimodal in p) and starts <= alpha, so it
 *      crosses alpha at most once there.  Hence
 *        lower = the crossing of U + L_{k0} = alpha in (p_cp, b) if
 *                U(b) + L_{k0}(b) > alpha, else b.
 *      This finds inf C even where C is not an interval, which the
 *      original stepping search (Blaker 2000, appendix) can miss.
 *   6. Numerics: every root on the logit scale (numeric/numeric.c N4); k0 by
 *      bisection over j on the tail (N3).
 *   7. Source: H. Blaker, Can J Stat 28 (2000) 783-798; J. Klaschka, COMPSTAT
 *      2010 (BlakerCI); SAS/STAT PROC FREQ "Blaker Confidence Limits".
 *      R reference: a direct evaluation of a(p) over all outcomes with a
 *      scan and bisection (scripts/ref-prop.R), independent of item 5.
 */
#include <math.h>

#include "ci/ci.h"

struct blaker_problem {
    double x, n;
    double alpha;
    double k; /* k0 or k0 + 1, as the function in use needs */
};

/* P(X >= x) - alpha/2: its root is the Clopper-Pearson lower limit. */
static double cp_minus(double p, double q, void *ctx)
{
    const struct blaker_problem *b = ctx;
    double ge, lt;
    if (scn_binom_ge(b->x, b->n, p, q, &ge, &lt) != 0)
        return NAN;
    return ge - b->alpha / 2;
}

/* P(X <= k) at (p, q). */
static double cdf_at(const struct blaker_problem *b, double k, double p, double q)
{
    double ge, lt;
    if (k < 0)
        return 0.0;
    if (scn_binom_ge(k + 1, b->n, p, q, &ge, &lt) != 0)
        return NAN;
    return lt;
}

/* L_{k}(p) - U(p), decreasing in p; its root is the jump point b. */
static double jump_minus(double p, double q, void *ctx)
{
    const struct blaker_problem *b = ctx;
    double ge, lt;
    if (scn_binom_ge(b->x, b->n, p, q, &ge, &lt) != 0)
        return NAN;
    return cdf_at(b, b->k, p, q) - ge;
}

/* U(p) + L_{k}(p) - alpha. */
static double acceptability_minus(double p, double q, void *ctx)
{
    const struct blaker_problem *b = ctx;
    double ge, lt;
    if (scn_binom_ge(b->x, b->n, p, q, &ge, &lt) != 0)
        return NAN;
    return ge + cdf_at(b, b->k, p, q) - b->alpha;
}

static double logit_of(double p, double q) { return log(p / q); }

/* Lower limit for 1 <= x <= n, as (p, q) (item 5). */
static sc_status blaker_lower(double x, double n, double alpha, double *p, double *q)
{
    struct blaker_problem b = {x, n, alpha, 0};
    double p_cp, q_cp;
    sc_status status = scn_logit_root(cp_minus, &b, -SCN_THETA_MAX, SCN_THETA_MAX, &p_cp, &q_cp);
    if (status != SC_OK)
        return status;
    double theta_cp = logit_of(p_cp, q_cp);

    /* k0: the largest j in [-1, x-1] with P(X <= j | p_cp) <= alpha/2.
     * P(X <= -1) = 0 qualifies; P(X <= x-1) = 1 - alpha/2 does not. */
    double good = -1, bad = x - 1;
    while (bad - good > 1) {
        double mid = floor((good + bad) / 2);
        double cdf = cdf_at(&b, mid, p_cp, q_cp);
        if (isnan(cdf))
            return SC_ENOCONV;
        if (cdf <= alpha / 2)
            good = mid;
        else
            bad = mid;
    }
    double k0 = good;

    /* The jump point b of k0 + 1 (k0 + 1 <= x - 1). */
    double p_jump, q_jump;
    b.k = k0 + 1;
    status = scn_logit_root(jump_minus, &b, theta_cp, SCN_THETA_MAX, &p_jump, &q_jump);
    if (status != SC_OK)
        return status;

    b.k = k0;
    double at_jump = acceptability_minus(p_jump, q_jump, &b);
    double at_cp = acceptability_minus(p_cp, q_cp, &b);
    if (isnan(at_jump) || isnan(at_cp))
        return SC_ENOCONV;
    if (at_jump <= 0) {
        *p = p_jump;
        *q = q_jump;
        return SC_OK;
    }
    if (at_cp >= 0) { /* only by rounding: the crossing is at p_cp itself */
        *p = p_cp;
        *q = q_cp;
        return SC_OK;
    }
    return scn_logit_root(acceptability_minus, &b, theta_cp, logit_of(p_jump, q_jump), p, q);
}

sc_status sc_ci_blaker(uint64_t x, uint64_t n, double alpha, double *lower, double *upper)
{
    double ns = (double)n, p, q;
    sc_status status;
    *lower = 0.0;
    *upper = 1.0;
    if (x > 0) {
        status = blaker_lower((double)x, ns, alpha, &p, &q);
        if (status != SC_OK)
            return status;
        *lower = p;
    }
    if (x < n) {
        /* The upper limit of p is 1 - (lower limit of the failure rate). */
        status = blaker_lower((double)(n - x), ns, alpha, &p, &q);
        if (status != SC_OK)
            return status;
        *upper = q;
    }
    return SC_OK;
}
