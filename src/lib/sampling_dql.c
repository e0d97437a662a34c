/* spotcheck — assessing a declared quality level, ISO 2859-4 = GB/T 2828.4:
 * the risks of a plan (n, L) and the smallest plan for a DQL and an LQ.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract S9-S10 is in include/spotcheck/sampling.h; the probabilities
 * are those of the OC (scs_accept, sampling_oc.c).  tests/unit/test_sampling.c
 * checks the ISO 2859-4:2002 example (DQL 0.65%, n = 125, L = 2: P(d <= 2) =
 * 0.95133) and the plans of scripts/ref-sampling.R, whose brute-force search
 * in R also shows that n - 1 fails.
 */
#include <limits.h>
#include <math.h>

#include "sampling_internal.h"

sc_status sc_dql_risks_of(const sc_oc_plan *plan, double dql, double lq, sc_dql_risks *out,
                          sc_error *err)
{
    sc_status s = sc_oc_check(plan, err);
    if (s == SC_OK)
        s = sc_oc_check_p(plan, dql, "--dql", err);
    if (s == SC_OK && !isnan(lq))
        s = sc_oc_check_p(plan, lq, "--lq", err);
    if (s != SC_OK)
        return s;
    if (!out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "nowhere to put the risks");
    out->p_dql = scs_accept(plan, dql);
    out->alpha = 1 - out->p_dql;
    out->beta = isnan(lq) ? NAN : scs_accept(plan, lq);
    s = sc_oc_quality_at(plan, 0.10, &out->lq10, err);
    if (s == SC_EDOMAIN) { /* P(d <= L) never falls to 10% */
        out->lq10 = NAN;
        return SC_OK;
    }
    return s;
}

/* the largest sample a model takes (sc_oc_check) */
static uint64_t largest_n(const sc_oc_plan *plan)
{
    return plan->lot_size ? plan->lot_size : (uint64_t)INT_MAX;
}

/* The smallest n > L with P(d <= L | lq) <= beta, or 0 when even the largest n
 * does not get there.  P falls as n grows. */
static uint64_t smallest_n(sc_oc_plan *plan, double lq, double beta)
{
    uint64_t top = largest_n(plan), lo = (uint64_t)plan->ac + 1, hi = lo;
    if (lo > top)
        return 0;
    for (;;) { /* double until it is enough */
        plan->n = hi;
        if (scs_accept(plan, lq) <= beta)
            break;
        if (hi == top)
            return 0;
        lo = hi + 1;
        hi = hi > top / 2 ? top : 2 * hi;
    }
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        plan->n = mid;
        if (scs_accept(plan, lq) <= beta)
            hi = mid;
        else
            lo = mid + 1;
    }
    return hi;
}

sc_status sc_dql_plan_find(double dql, double lq, double alpha, double beta, sc_oc_plan *plan,
                           sc_error *err)
{
    if (!plan)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no plan to fill");
    if (!(alpha > 0 && alpha < 1 && beta > 0 && beta < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the risks lie strictly between 0 and 1");
    sc_oc_plan probe = *plan;
    probe.n = 1;
    probe.ac = 0;
    sc_status s = sc_oc_check(&probe, err);
    if (s == SC_OK)
        s = sc_oc_check_p(&probe, dql, "--dql", err);
    if (s == SC_OK)
        s = sc_oc_check_p(&probe, lq, "--lq", err);
    if (s != SC_OK)
        return s;
    if (!(dql > 0) || !(lq > dql))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "the limiting quality must lie above the DQL (a ratio above 1)");
    for (unsigned limit = 0; limit < 100000; limit++) {
        probe.ac = limit;
        uint64_t n = smallest_n(&probe, lq, beta);
        if (n == 0)
            break; /* a larger L needs a larger n still */
        probe.n = n;
        if (scs_accept(&probe, dql) >= 1 - alpha) {
            plan->n = n;
            plan->ac = limit;
            return SC_OK;
        }
    }
    return sc_error_set(err, SC_EDOMAIN, NULL, 0,
                        "no plan tells a DQL of %g from %g with these risks%s", dql, lq,
                        plan->lot_size ? " in a population this small" : "");
}
