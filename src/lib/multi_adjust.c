/* spotcheck — p-value adjustment for multiple comparisons, as R's p.adjust.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (R 4.2.2 stats::p.adjust, whose code each method follows step by
 * step, with the same order of floating-point operations):
 *   A1. NaN entries are kept as NaN and not counted: n is the number of
 *       the other entries (p.adjust's default n = length(p) is evaluated
 *       after the NAs are removed).  With n <= 1 the values come back
 *       unchanged.  A non-NaN value outside [0, 1] is SC_EINVAL.
 *   A2. With p_(1) <= ... <= p_(n) sorted ascending and i = 1..n:
 *         bonferroni  min(1, n p)
 *         holm        min(1, cummax_i ((n + 1 - i) p_(i)))          (Holm 1979)
 *       and with the p-values sorted descending, i = n..1:
 *         hochberg    min(1, cummin ((n + 1 - i) p_(i)))            (Hochberg 1988)
 *         BH          min(1, cummin ((n / i) p_(i)))                (Benjamini & Hochberg 1995)
 *         BY          min(1, cummin ((q n / i) p_(i))), q = sum_{j=1}^n 1/j
 *                                                       (Benjamini & Yekutieli 2001)
 *         none        p
 *       each value returned to the position it came from.
 *   A3. hommel (Hommel 1988; Wright 1992): R's loop, O(n^2) time.  With
 *       sorted p, pa = q = min_i (n p_(i) / i); for m = n-1 down to 2:
 *       q1 = min_{t=2..m} (m p_(n-m+t) / t); q_(i) = min(m p_(i), q1) for
 *       i <= n-m+1; q_(i) = q_(n-m+1) for i > n-m+1; pa = max(pa, q).  The
 *       result is max(pa, p).  n = 2 is hochberg (as R).
 *   A4. Ties: the sort is stable (index order among equal values), as R's
 *       order(); every method gives tied p-values the same adjusted value
 *       whatever their order.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "spotcheck/multi.h"

/* ---- registry ------------------------------------------------------------------ */

typedef enum order_kind { ORDER_NONE, ORDER_ASCENDING, ORDER_DESCENDING } order_kind;

/* Adjusts sorted values in place (n = count, sorted as the row's `order`). */
typedef sc_status adjust_fn(double *sorted, size_t n);

typedef struct adjust_row {
    sc_adjust_method_info info;
    order_kind order;
    adjust_fn *adjust;
} adjust_row;

static sc_status adjust_bonferroni(double *p, size_t n);
static sc_status adjust_holm(double *p, size_t n);
static sc_status adjust_hochberg(double *p, size_t n);
static sc_status adjust_hommel(double *p, size_t n);
static sc_status adjust_bh(double *p, size_t n);
static sc_status adjust_by(double *p, size_t n);
static sc_status adjust_none(double *p, size_t n);

static const adjust_row registry[SC_ADJUST_METHOD_COUNT] = {
    [SC_ADJUST_HOLM] = {.info = {.method = SC_ADJUST_HOLM,
                                 .entry.name = "holm",
                                 .entry.aliases = "holm-bonferroni",
                                 .entry.description = "Holm step-down (family-wise error rate)",
                                 .entry.reference =
                                     "Holm 1979, Scand J Statist 6:65-70; R p.adjust"},
                        .order = ORDER_ASCENDING,
                        .adjust = adjust_holm},
    [SC_ADJUST_HOCHBERG] = {.info = {.method = SC_ADJUST_HOCHBERG,
                                     .entry.name = "hochberg",
                                     .entry.aliases = "",
                                     .entry.description =
                                         "Hochberg step-up (family-wise error rate)",
                                     .entry.reference =
                                         "Hochberg 1988, Biometrika 75:800-802; R p.adjust"},
                            .order = ORDER_DESCENDING,
                            .adjust = adjust_hochberg},
    [SC_ADJUST_HOMMEL] = {.info = {.method = SC_ADJUST_HOMMEL,
                                   .entry.name = "hommel",
                                   .entry.aliases = "",
                                   .entry.description = "Hommel (family-wise error rate), O(n^2)",
                                   .entry.reference =
                                       "Hommel 1988, Biometrika 75:383-386; Wright 1992; "
                                       "R p.adjust"},
                          .order = ORDER_ASCENDING,
                          .adjust = adjust_hommel},
    [SC_ADJUST_BONFERRONI] = {.info = {.method = SC_ADJUST_BONFERRONI,
                                       .entry.name = "bonferroni",
                                       .entry.aliases = "bonf",
                                       .entry.description =
                                           "Bonferroni: n p (family-wise error rate)",
                                       .entry.reference = "Bonferroni 1936; R p.adjust"},
                              .order = ORDER_NONE,
                              .adjust = adjust_bonferroni},
    [SC_ADJUST_BH] = {.info = {.method = SC_ADJUST_BH,
                               .entry.name = "BH",
                               .entry.aliases = "fdr,benjamini-hochberg",
                               .entry.description = "Benjamini-Hochberg (false discovery rate)",
                               .entry.reference = "Benjamini & Hochberg 1995, JRSS B 57:289-300; "
                                                  "R p.adjust"},
                      .order = ORDER_DESCENDING,
                      .adjust = adjust_bh},
    [SC_ADJUST_BY] = {.info = {.method = SC_ADJUST_BY,
                               .entry.name = "BY",
                               .entry.aliases = "benjamini-yekutieli",
                               .entry.description =
                                   "Benjamini-Yekutieli (false discovery rate, any "
                                   "dependence)",
                               .entry.reference = "Benjamini & Yekutieli 2001, Ann Statist "
                                                  "29:1165-1188; R p.adjust"},
                      .order = ORDER_DESCENDING,
                      .adjust = adjust_by},
    [SC_ADJUST_NONE] = {.info = {.method = SC_ADJUST_NONE,
                                 .entry.name = "none",
                                 .entry.aliases = "",
                                 .entry.description = "no adjustment",
                                 .entry.reference = "R p.adjust"},
                        .order = ORDER_NONE,
                        .adjust = adjust_none},
};

const sc_adjust_method_info *sc_adjust_method_get(sc_adjust_method method)
{
    if ((unsigned)method >= SC_ADJUST_METHOD_COUNT)
        return NULL;
    return &registry[method].info;
}

const sc_registry sc_adjust_methods = {.what = "p-value adjustment",
                                       .rows = registry,
                                       .count = SC_ADJUST_METHOD_COUNT,
                                       .stride = sizeof registry[0]};

sc_status sc_adjust_method_from_name(const char *name, sc_adjust_method *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_adjust_methods, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_adjust_method)index;
    return status;
}

/* ---- the methods on sorted values (A2, A3) --------------------------------------- */

static sc_status adjust_none(double *p, size_t n)
{
    (void)p;
    (void)n;
    return SC_OK;
}

static sc_status adjust_bonferroni(double *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = fmin(1.0, (double)n * p[i]);
    return SC_OK;
}

/* Ascending; i = s + 1 for sorted position s. */
static sc_status adjust_holm(double *p, size_t n)
{
    double running = -INFINITY;
    for (size_t s = 0; s < n; s++) {
        running = fmax(running, (double)(n - s) * p[s]);
        p[s] = fmin(1.0, running);
    }
    return SC_OK;
}

/* Descending, i = n - s; value(i) = factor(i) * p; cummin; min(1, .). */
static void step_up(double *p, size_t n, double (*factor)(size_t n, size_t i, double q),
                    double q)
{
    double running = INFINITY;
    for (size_t s = 0; s < n; s++) {
        running = fmin(running, factor(n, n - s, q) * p[s]);
        p[s] = fmin(1.0, running);
    }
}

static double factor_hochberg(size_t n, size_t i, double q)
{
    (void)q;
    return (double)(n + 1 - i);
}

static double factor_bh(size_t n, size_t i, double q)
{
    (void)q;
    return (double)n / (double)i;
}

static double factor_by(size_t n, size_t i, double q) { return q * (double)n / (double)i; }

static sc_status adjust_hochberg(double *p, size_t n)
{
    step_up(p, n, factor_hochberg, 0);
    return SC_OK;
}

static sc_status adjust_bh(double *p, size_t n)
{
    step_up(p, n, factor_bh, 0);
    return SC_OK;
}

static sc_status adjust_by(double *p, size_t n)
{
    double q = 0;
    for (size_t j = 1; j <= n; j++)
        q += 1.0 / (double)j;
    step_up(p, n, factor_by, q);
    return SC_OK;
}

/* Ascending (A3).  0-based: R's p[i] is p[i - 1] here. */
static sc_status adjust_hommel(double *p, size_t n)
{
    double *q = sc_malloc(n * sizeof *q), *pa = sc_malloc(n * sizeof *pa);
    if (!q || !pa) {
        free(q);
        free(pa);
        return SC_ENOMEM;
    }
    double start = INFINITY;
    for (size_t i = 0; i < n; i++)
        start = fmin(start, (double)n * p[i] / (double)(i + 1));
    for (size_t i = 0; i < n; i++)
        q[i] = pa[i] = start;
    for (size_t m = n - 1; m >= 2; m--) {
        double dm = (double)m;
        double q1 = INFINITY;
        for (size_t t = 2; t <= m; t++) /* R: i2 = (n-m+2):n, divided by 2:m */
            q1 = fmin(q1, dm * p[n - m + t - 1] / (double)t);
        for (size_t i = 0; i <= n - m; i++) /* R: i1 = 1:(n-m+1) */
            q[i] = fmin(dm * p[i], q1);
        for (size_t i = n - m + 1; i < n; i++)
            q[i] = q[n - m];
        for (size_t i = 0; i < n; i++)
            pa[i] = fmax(pa[i], q[i]);
    }
    for (size_t i = 0; i < n; i++)
        p[i] = fmax(pa[i], p[i]);
    free(q);
    free(pa);
    return SC_OK;
}

/* ---- sorting and dispatch ---------------------------------------------------------- */

typedef struct keyed {
    double value;
    size_t index; /* position in the caller's array */
} keyed;

static int compare_ascending(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index; /* stable (A4) */
}

static int compare_descending(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

sc_status sc_multi_adjust(const double *p, size_t count, sc_adjust_method method,
                          double *adjusted)
{
    if ((unsigned)method >= SC_ADJUST_METHOD_COUNT || (count > 0 && (!p || !adjusted)))
        return SC_EINVAL;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (isnan(p[i]))
            continue;
        if (!(p[i] >= 0.0 && p[i] <= 1.0))
            return SC_EINVAL;
        n++;
    }
    if (n <= 1) { /* A1 */
        if (adjusted != p && count > 0)
            memmove(adjusted, p, count * sizeof *p);
        return SC_OK;
    }
    if (method == SC_ADJUST_HOMMEL && n == 2)
        method = SC_ADJUST_HOCHBERG;
    const adjust_row *row = &registry[method];

    if (n > SIZE_MAX / sizeof(keyed))
        return SC_ENOMEM;
    keyed *work = sc_malloc(n * sizeof *work);
    double *sorted = sc_malloc(n * sizeof *sorted);
    if (!work || !sorted) {
        free(work);
        free(sorted);
        return SC_ENOMEM;
    }
    size_t j = 0;
    for (size_t i = 0; i < count; i++)
        if (!isnan(p[i])) {
            work[j].value = p[i];
            work[j++].index = i;
        }
    if (row->order != ORDER_NONE)
        qsort(work, n, sizeof *work,
              row->order == ORDER_ASCENDING ? compare_ascending : compare_descending);
    for (j = 0; j < n; j++)
        sorted[j] = work[j].value;
    sc_status status = row->adjust(sorted, n);
    if (status == SC_OK) {
        if (adjusted != p)
            for (size_t i = 0; i < count; i++)
                adjusted[i] = NAN; /* the non-NaN positions are overwritten below */
        for (j = 0; j < n; j++)
            adjusted[work[j].index] = sorted[j];
    }
    free(work);
    free(sorted);
    return status;
}
