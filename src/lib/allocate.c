/* spotcheck — allocation of a total sample over strata: equal, proportional
 * or Neyman weights, a minimum and a cap per stratum, largest-leftover
 * rounding (contract A1-A5 of include/spotcheck/allocate.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by spotcheck plan --strata; written for the per-stratum allocation of
 * a draw as well.  tests/unit/test_allocate.c checks hand-worked cases and
 * R's (scripts/ref-allocate.R) bounded Neyman allocation.
 */
#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "spotcheck/allocate.h"

static const sc_registry_entry allocations[] = {
    [SC_ALLOCATION_PROPORTIONAL] = {.name = "proportional",
                                    .aliases = "prop",
                                    .description = "in proportion to the stratum populations",
                                    .reference = "Cochran 1977, 5.3"},
    [SC_ALLOCATION_EQUAL] = {.name = "equal",
                             .description = "the same number in every stratum",
                             .reference = NULL},
    [SC_ALLOCATION_NEYMAN] = {.name = "neyman",
                              .aliases = "optimal",
                              .description = "in proportion to N_h sqrt(p_h (1 - p_h))",
                              .reference = "Neyman 1934; Cochran 1977, 5.5"},
};

const sc_registry sc_allocations = {.what = "allocation",
                                    .rows = allocations,
                                    .count = SC_ALLOCATION_COUNT,
                                    .stride = sizeof allocations[0]};

/* The bounded share of A3: clamp(lambda w_h, low_h, high_h). */
static double share(double lambda, double weight, double low, double high)
{
    double q = lambda * weight;
    return q < low ? low : q > high ? high : q;
}

static double share_sum(double lambda, const double *weight, const double *low,
                        const double *high, size_t count)
{
    double sum = 0;
    for (size_t h = 0; h < count; h++)
        sum += share(lambda, weight[h], low[h], high[h]);
    return sum;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The lambda of A3 for a sum `total` between the sum of `low` and the sum of
 * the bounds reached at infinity; quota[h] filled.  The sum is piecewise
 * linear in lambda with breakpoints low/w and high/w: bisection over the
 * sorted breakpoints finds the piece, and lambda is solved on it from the
 * strata strictly inside their bounds there. */
static sc_status solve(double total, const double *weight, const double *low,
                       const double *high, size_t count, double *quota)
{
    double *points = sc_malloc(2 * count * sizeof *points + 1);
    if (!points)
        return SC_ENOMEM;
    size_t np = 0;
    for (size_t h = 0; h < count; h++)
        if (weight[h] > 0) {
            points[np++] = low[h] / weight[h];
            points[np++] = high[h] / weight[h];
        }
    qsort(points, np, sizeof *points, compare_double);
    /* the first breakpoint at which the sum reaches the total */
    size_t lo = 0, hi = np;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (share_sum(points[mid], weight, low, high, count) >= total)
            hi = mid;
        else
            lo = mid + 1;
    }
    double lambda;
    if (lo == 0) {
        lambda = np ? points[0] : 0; /* the minimums already make the total */
    } else {
        /* on (points[lo - 1], points[lo]) the free strata are those strictly inside */
        double left = points[lo - 1], right = lo < np ? points[lo] : points[lo - 1] * 2 + 1;
        double mid = (left + right) / 2, fixed = 0, free_weight = 0;
        for (size_t h = 0; h < count; h++) {
            double q = mid * weight[h];
            if (weight[h] > 0 && q > low[h] && q < high[h])
                free_weight += weight[h];
            else
                fixed += share(mid, weight[h], low[h], high[h]);
        }
        lambda = free_weight > 0 ? (total - fixed) / free_weight : left;
        if (lambda < left)
            lambda = left;
        if (lo < np && lambda > right)
            lambda = right;
    }
    for (size_t h = 0; h < count; h++)
        quota[h] = share(lambda, weight[h], low[h], high[h]);
    free(points);
    return SC_OK;
}

typedef struct leftover {
    long long key; /* the leftover in units of 1e-9 (A4: closer ones tie) */
    size_t index;
} leftover;

static int compare_remainder(const void *a, const void *b)
{
    const leftover *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* A4: floors, then one more to the largest remainders. */
static sc_status round_shares(uint64_t total, sc_stratum_share *strata, size_t count)
{
    leftover *order = sc_malloc(count * sizeof *order);
    if (!order)
        return SC_ENOMEM;
    uint64_t given = 0;
    size_t candidates = 0;
    for (size_t h = 0; h < count; h++) {
        double whole = floor(strata[h].quota);
        strata[h].n = (uint64_t)whole;
        if (strata[h].n > strata[h].population)
            strata[h].n = strata[h].population;
        given += strata[h].n;
        if (strata[h].n < strata[h].population)
            order[candidates++] =
                (leftover){.key = llround((strata[h].quota - whole) * 1e9), .index = h};
    }
    qsort(order, candidates, sizeof *order, compare_remainder);
    for (size_t i = 0; i < candidates && given < total; i++, given++)
        strata[order[i].index].n++;
    free(order);
    return given == total ? SC_OK : SC_EINTERNAL;
}

sc_status sc_allocate(sc_allocation how, uint64_t total, uint64_t min_per_stratum,
                      sc_stratum_share *strata, size_t count, sc_error *err)
{
    if ((unsigned)how >= SC_ALLOCATION_COUNT)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown allocation");
    if (!strata || count == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no strata to allocate over");
    uint64_t population = 0, minimum = 0;
    for (size_t h = 0; h < count; h++) {
        if (strata[h].population == 0)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "stratum %zu has a population of 0: nothing to draw from", h + 1);
        if (strata[h].population > (UINT64_C(1) << 53) ||
            population > (UINT64_C(1) << 53) - strata[h].population)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "populations beyond 2^53 in all");
        population += strata[h].population;
        minimum += min_per_stratum < strata[h].population ? min_per_stratum
                                                          : strata[h].population;
        double p = strata[h].rate;
        if (how == SC_ALLOCATION_NEYMAN && !(p >= 0 && p <= 1))
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "stratum %zu has no anticipated rate in [0, 1]: Neyman "
                                "allocation needs one per stratum",
                                h + 1);
    }
    if (total > population)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a total of %llu is more than the %llu units of the %zu %s",
                            (unsigned long long)total, (unsigned long long)population, count,
                            count == 1 ? "stratum" : "strata");
    if (minimum > total)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "a minimum of %llu per stratum needs %llu units over the %zu strata, "
                            "more than the total of %llu",
                            (unsigned long long)min_per_stratum, (unsigned long long)minimum,
                            count, (unsigned long long)total);
    double *weight = sc_malloc(4 * count * sizeof *weight);
    if (!weight)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    double *low = weight + count, *high = low + count, *quota = high + count;
    double reach = 0; /* the sum at lambda -> infinity */
    for (size_t h = 0; h < count; h++) {
        double pop = (double)strata[h].population, p = strata[h].rate;
        weight[h] = how == SC_ALLOCATION_EQUAL          ? 1
                    : how == SC_ALLOCATION_PROPORTIONAL ? pop
                                                        : pop * sqrt(p * (1 - p));
        low[h] = (double)(min_per_stratum < strata[h].population ? min_per_stratum
                                                                 : strata[h].population);
        high[h] = pop;
        reach += weight[h] > 0 ? high[h] : low[h];
    }
    sc_status s;
    if ((double)total <= reach) {
        s = solve((double)total, weight, low, high, count, quota);
    } else {
        /* A3: the strata of positive weight are taken whole; the rest in
         * proportion to N_h over the strata of no weight */
        for (size_t h = 0; h < count; h++) {
            if (weight[h] > 0)
                low[h] = high[h];
            weight[h] = weight[h] > 0 ? 0 : high[h];
        }
        s = solve((double)total, weight, low, high, count, quota);
    }
    if (s == SC_OK) {
        for (size_t h = 0; h < count; h++)
            strata[h].quota = quota[h];
        s = round_shares(total, strata, count);
    }
    free(weight);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0,
                            s == SC_ENOMEM ? "out of memory" : "the allocation did not add up");
    return SC_OK;
}
