/* spotcheck — two independent proportions: difference method registry and
 * dispatch, relative rate and odds ratio, tests of the 2 x 2 table, verdict.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   T1. Each difference method is one registry row (name, aliases,
 *       description, reference, function) and one file
 *       src/lib/diff/<method>.c whose opening comment states its formula,
 *       edge cases and source.
 *   T2. sc_twoprop_diff checks its arguments (SC_EINVAL: out NULL, unknown
 *       method or sidedness, x > n, a count > 2^53, level not in (0, 1), or
 *       a one-sided level not in (1/2, 1)).  n1 = 0 or n2 = 0: estimate NaN,
 *       [-1, 1] -- nothing is known about the difference.  Otherwise it calls
 *       the method with alpha = 1 - level (two-sided) or alpha = 2 (1 - level)
 *       (one-sided, diff.h D2); SC_SIDED_LOWER keeps the lower limit and sets
 *       upper = 1, SC_SIDED_UPPER keeps the upper limit and sets lower = -1.
 *       Limits are clipped to [-1, 1].  On failure *out holds NaNs.
 *   T3. Ratios (Katz log interval for p1/p2, Woolf logit interval for the
 *       odds ratio): with cells a = x1, b = n1 - x1, c = x2, d = n2 - x2,
 *           RR = (a / (a + b)) / (c / (c + d)),  se^2 = b / (a (a + b)) + d / (c (c + d))
 *              (= 1/a - 1/n1 + 1/c - 1/n2, written without cancellation),
 *           OR = a d / (b c),                    se^2 = 1/a + 1/b + 1/c + 1/d,
 *       limits exp(log(ratio) -/+ z se), z = scn_z(alpha), alpha as T2.
 *       Zero cells (a decision; R's functions differ): when any of a, b, c, d
 *       is 0, 0.5 is added to all four before the estimate and the interval
 *       are computed, and `corrected` is set.  This is Haldane's (1956) and
 *       Anscombe's (1956) correction as R's metafor::escalc applies it by
 *       default (add = 1/2, to = "only0", also for RR, where a zero b or d
 *       alone would not make the formula fail: the rule is per table, not per
 *       formula, so RR and OR of one table are corrected together).
 *       epitools::riskratio/oddsratio apply no correction and give
 *       0, Inf or NaN; a `diff` table with 0 unqualified batches in a period
 *       (common) would then show no usable ratio, hence the correction.
 *       Both groups without events (0/50 vs 0/40) are corrected like any
 *       other table: (0.5/51)/(0.5/41) = 0.80 with an interval that spans 1
 *       widely, as metafor::escalc(drop00 = FALSE) gives.
 *       n1 = 0 or n2 = 0: estimate NaN, [0, +Inf], not corrected.
 *       One-sided: [L, +Inf] or [0, U].
 *   T4. Chi-square: D = ad - bc is formed exactly from the counts (fma
 *       products, exact for counts up to 2^53), X^2 = N (|D| - c)^2 /
 *       (n1 n2 m1 m2) with m1 = a + c, m2 = b + d, c = 0 (Pearson) or
 *       c = min(N/2, |D|) (Yates, capped at |O - E| = |D|/N as R's
 *       chisq.test and prop.test cap it), p = erfc(sqrt(X^2 / 2)) =
 *       P(chi^2_1 >= X^2) (C99 erfc: full relative precision in the tail).
 *       A zero column (m1 = 0 or m2 = 0: both groups all passed, or none
 *       did) has no evidence of a difference: statistic 0, p-value 1 (R
 *       returns NaN with a warning).  n1 = 0 or n2 = 0: no comparison,
 *       statistic and p-value NaN (as sc_multi_versus_rest).
 *   T5. Fisher: X = x1 given the margins is hypergeometric,
 *           P(X = y) = C(n1, y) C(n2, m1 - y) / C(N, m1),  y in [lo, hi],
 *       evaluated as dbinom(y; n1, r) dbinom(m1 - y; n2, r) / dbinom(m1; N, r)
 *       with r = m1 / N (R's dhyper does the same) by Loader's saddle-point
 *       density (numeric/numeric.c N1), which has ~1e-14 relative error at any N;
 *       a density below DBL_MIN is taken from lgamma (~1e-8 relative, which
 *       only reaches p-values below ~1e-290).  The two-sided p-value is, as
 *       R's fisher.test, the sum of P(X = y) over the y with P(X = y) <=
 *       (1 + 1e-7) P(X = x1), capped at 1.  The density is unimodal, so those
 *       y are the two tails beyond cut-offs found by bisection on each side
 *       of the mode; each tail is summed from its cut-off outwards by the
 *       ratio of successive terms, refreshed from the density every 512
 *       terms, until the rest (bounded geometrically) is below 1e-17 of the
 *       sum.  Zero column: p = 1 (as R).  n1 = 0 or n2 = 0: NaN (T4).
 *   T6. sc_twoprop_test: Fisher when min(n1, n2) min(m1, m2) < 5 N, i.e. the
 *       smallest expected count n_i m_j / N is below 5 (a zero margin
 *       included), else chi-square (Yates if asked).
 *   T7. sc_twoprop_change: lower > 0 rose, upper < 0 fell, otherwise (0
 *       inside or on the boundary, or a NaN limit) unchanged; rose/fell map
 *       to improved/worse by `better`.
 *   T8. sc_twoprop_summarize calls T2 (two-sided), T3, T6 and T7 with the
 *       options; DESIGN.md section 5's `diff` columns map one to one.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "spotcheck/groups.h"
#include "spotcheck/twoprop.h"

#include "numeric/numeric.h"
#include "diff/diff.h"

/* ---- registry (T1) ---------------------------------------------------------- */

typedef struct method_row {
    sc_diff_method_info info;
    sc_diff_fn *interval;
} method_row;

static const method_row registry[SC_DIFF_METHOD_COUNT] = {
    [SC_DIFF_NEWCOMBE] =
        {
            .info = {.method = SC_DIFF_NEWCOMBE,
                     .entry.name = "newcombe",
                     .entry.aliases = "score,hybrid-score,wilson,newcombe-wilson",
                     .entry.description = "Newcombe hybrid score: square-and-add of Wilson limits",
                     .entry.reference = "Newcombe 1998 (Stat Med 17:873) method 10; SAS "
                                        "RISKDIFF(CL=NEWCOMBE)"},
            .interval = sc_diff_newcombe,
        },
    [SC_DIFF_NEWCOMBE_CC] =
        {
            .info = {.method = SC_DIFF_NEWCOMBE_CC,
                     .entry.name = "newcombe-cc",
                     .entry.aliases = "score-cc,hybrid-score-cc,wilson-cc,newcombe-corrected",
                     .entry.description = "Newcombe hybrid score with continuity correction",
                     .entry.reference = "Newcombe 1998 (Stat Med 17:873) method 11; SAS "
                                        "RISKDIFF(CORRECT CL=NEWCOMBE)"},
            .interval = sc_diff_newcombe_cc,
        },
    [SC_DIFF_WALD] =
        {
            .info = {.method = SC_DIFF_WALD,
                     .entry.name = "wald",
                     .entry.aliases = "asymptotic,normal",
                     .entry.description = "Wald (normal approximation), d +- z se",
                     .entry.reference = "Newcombe 1998 method 1; R prop.test(correct=FALSE)"},
            .interval = sc_diff_wald,
        },
    [SC_DIFF_WALD_CC] =
        {
            .info = {.method = SC_DIFF_WALD_CC,
                     .entry.name = "wald-cc",
                     .entry.aliases = "asymptotic-cc,wald-corrected,waldcc",
                     .entry.description = "Wald with continuity correction (1/n1 + 1/n2)/2",
                     .entry.reference = "Newcombe 1998 method 2; R prop.test(correct=TRUE) when "
                                        "|d| >= (1/n1+1/n2)/2"},
            .interval = sc_diff_wald_cc,
        },
    [SC_DIFF_AGRESTI_CAFFO] =
        {
            .info = {.method = SC_DIFF_AGRESTI_CAFFO,
                     .entry.name = "agresti-caffo",
                     .entry.aliases = "ac,agresti",
                     .entry.description =
                         "Agresti-Caffo: Wald after adding 1 success and 1 failure "
                         "per group",
                     .entry.reference =
                         "Agresti & Caffo 2000 (Am Stat 54:280); SAS RISKDIFF(CL=AC)"},
            .interval = sc_diff_agresti_caffo,
        },
    [SC_DIFF_MIETTINEN_NURMINEN] =
        {
            .info = {.method = SC_DIFF_MIETTINEN_NURMINEN,
                     .entry.name = "miettinen-nurminen",
                     .entry.aliases = "mn,score-mn,miettinen",
                     .entry.description = "Miettinen-Nurminen score interval (variance times "
                                          "N/(N-1))",
                     .entry.reference = "Miettinen & Nurminen 1985 (Stat Med 4:213); SAS "
                                        "RISKDIFF(CL=MN)"},
            .interval = sc_diff_miettinen_nurminen,
        },
};

const sc_diff_method_info *sc_diff_method_get(sc_diff_method method)
{
    if ((unsigned)method >= SC_DIFF_METHOD_COUNT)
        return NULL;
    return &registry[method].info;
}

const sc_registry sc_diff_methods = {.what = "difference method",
                                     .rows = registry,
                                     .count = SC_DIFF_METHOD_COUNT,
                                     .stride = sizeof registry[0]};

sc_status sc_diff_method_from_name(const char *name, sc_diff_method *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_diff_methods, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_diff_method)index;
    return status;
}

/* ---- argument checks shared by T2 and T3 ---------------------------------------- */

static int counts_ok(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2)
{
    return x1 <= n1 && x2 <= n2 && n1 <= SC_COUNT_MAX && n2 <= SC_COUNT_MAX;
}

static int sided_ok(sc_sided sided)
{
    return sided == SC_SIDED_TWO || sided == SC_SIDED_LOWER || sided == SC_SIDED_UPPER;
}

static int level_ok(double level, sc_sided sided)
{
    if (sided == SC_SIDED_TWO)
        return level > 0.0 && level < 1.0;
    return level > 0.5 && level < 1.0;
}

/* alpha of the two-sided interval whose bound is wanted (T2, diff.h D2). */
static double alpha_of(double level, sc_sided sided)
{
    return sided == SC_SIDED_TWO ? 1.0 - level : 2.0 * (1.0 - level);
}

/* ---- difference (T2) ----------------------------------------------------------- */

sc_status sc_twoprop_diff(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                          sc_diff_method method, double level, sc_sided sided, sc_interval *out)
{
    if (!out)
        return SC_EINVAL;
    out->estimate = out->lower = out->upper = NAN;
    if ((unsigned)method >= SC_DIFF_METHOD_COUNT || !counts_ok(x1, n1, x2, n2) ||
        !sided_ok(sided) || !level_ok(level, sided))
        return SC_EINVAL;
    if (n1 == 0 || n2 == 0) {
        out->lower = -1.0;
        out->upper = 1.0;
        return SC_OK;
    }
    double lower, upper;
    sc_status status = registry[method].interval(x1, n1, x2, n2, alpha_of(level, sided), &lower,
                                                 &upper);
    if (status != SC_OK)
        return status;
    if (sided == SC_SIDED_LOWER)
        upper = 1.0;
    else if (sided == SC_SIDED_UPPER)
        lower = -1.0;
    out->estimate = (double)x1 / (double)n1 - (double)x2 / (double)n2;
    out->lower = fmin(1.0, fmax(-1.0, lower));
    out->upper = fmin(1.0, fmax(-1.0, upper));
    return SC_OK;
}

/* ---- relative rate and odds ratio (T3) ------------------------------------------- */

typedef enum ratio_kind { RATIO_RISK, RATIO_ODDS } ratio_kind;

static sc_status ratio_interval(ratio_kind kind, uint64_t x1, uint64_t n1, uint64_t x2,
                                uint64_t n2, double level, sc_sided sided,
                                sc_ratio_interval *out)
{
    if (!out)
        return SC_EINVAL;
    out->estimate = out->lower = out->upper = NAN;
    out->corrected = false;
    if (!counts_ok(x1, n1, x2, n2) || !sided_ok(sided) || !level_ok(level, sided))
        return SC_EINVAL;
    if (n1 == 0 || n2 == 0) {
        out->lower = 0.0;
        out->upper = INFINITY;
        return SC_OK;
    }
    double a = (double)x1, b = (double)(n1 - x1), c = (double)x2, d = (double)(n2 - x2);
    if (a == 0 || b == 0 || c == 0 || d == 0) {
        a += 0.5;
        b += 0.5;
        c += 0.5;
        d += 0.5;
        out->corrected = true;
    }
    double estimate, se;
    if (kind == RATIO_RISK) {
        estimate = (a * (c + d)) / (c * (a + b));
        se = sqrt(b / (a * (a + b)) + d / (c * (c + d)));
    } else {
        estimate = (a * d) / (b * c);
        se = sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    }
    double half = scn_z(alpha_of(level, sided)) * se, log_estimate = log(estimate);
    out->estimate = estimate;
    out->lower = sided == SC_SIDED_UPPER ? 0.0 : exp(log_estimate - half);
    out->upper = sided == SC_SIDED_LOWER ? INFINITY : exp(log_estimate + half);
    return SC_OK;
}

sc_status sc_twoprop_risk_ratio(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double level,
                                sc_sided sided, sc_ratio_interval *out)
{
    return ratio_interval(RATIO_RISK, x1, n1, x2, n2, level, sided, out);
}

sc_status sc_twoprop_odds_ratio(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, double level,
                                sc_sided sided, sc_ratio_interval *out)
{
    return ratio_interval(RATIO_ODDS, x1, n1, x2, n2, level, sided, out);
}

/* ---- the 2 x 2 table (T4-T6) ------------------------------------------------------- */

/* The table [a, b; c, d] = [x1, n1 - x1; x2, n2 - x2] with its margins. */
typedef struct table2 {
    double a, b, c, d;
    double n1, n2, m1, m2, total;
} table2;

static table2 table_of(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2)
{
    table2 t = {.a = (double)x1, .b = (double)(n1 - x1), .c = (double)x2,
                .d = (double)(n2 - x2), .n1 = (double)n1, .n2 = (double)n2};
    t.m1 = (double)(x1 + x2);
    t.m2 = (double)((n1 - x1) + (n2 - x2));
    t.total = (double)(n1 + n2);
    return t;
}

/* Common start of every test: argument checks, *out set to NaNs, and the
 * answers for an empty group (NaN) and a zero column (T4, T5). */
static sc_status test_start(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                            sc_twoprop_test_kind test, sc_twoprop_test_result *out, int *done)
{
    *done = 1;
    if (!out)
        return SC_EINVAL;
    out->test = test;
    out->statistic = out->p_value = NAN;
    if (!counts_ok(x1, n1, x2, n2))
        return SC_EINVAL;
    if (n1 == 0 || n2 == 0)
        return SC_OK;
    if (x1 + x2 == 0 || x1 + x2 == n1 + n2) {
        out->statistic = test == SC_TEST_FISHER ? NAN : 0.0;
        out->p_value = 1.0;
        return SC_OK;
    }
    *done = 0;
    return SC_OK;
}

/* |ad - bc| from exact products: each product is its rounded value plus the
 * rounding error that fma recovers, exact while the counts are below 2^53. */
static double abs_cross_difference(const table2 *t)
{
    double ad = t->a * t->d, bc = t->b * t->c;
    double ad_error = fma(t->a, t->d, -ad), bc_error = fma(t->b, t->c, -bc);
    return fabs((ad - bc) + (ad_error - bc_error));
}

sc_status sc_twoprop_chisq(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, bool yates,
                           sc_twoprop_test_result *out)
{
    int done;
    sc_status status =
        test_start(x1, n1, x2, n2, yates ? SC_TEST_YATES : SC_TEST_PEARSON, out, &done);
    if (done)
        return status;
    table2 t = table_of(x1, n1, x2, n2);
    double cross = abs_cross_difference(&t);
    double excess = yates ? cross - fmin(t.total / 2, cross) : cross;
    double statistic = t.total * (excess / t.n1) * (excess / t.n2) / (t.m1 * t.m2);
    out->statistic = statistic;
    out->p_value = erfc(sqrt(statistic / 2));
    return SC_OK;
}

/* ---- Fisher's exact test (T5) ---------------------------------------------------------- */

typedef struct hypergeometric {
    double n1, n2, m1; /* X = x1 of n1 given m1 events in n1 + n2 */
    double r, s;       /* r = m1 / N and s = 1 - r */
    double log_norm;   /* log dbinom(m1; N, r) */
    double lo, hi;     /* support */
} hypergeometric;

/* log dbinom(k; m, p) (T5): Loader's density, lgamma below DBL_MIN. */
static double log_dbinom(double k, double m, double p, double q)
{
    double density = scn_dbinom(k, m, p, q);
    if (density >= DBL_MIN)
        return log(density);
    return lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1) + k * log(p) + (m - k) * log(q);
}

static double log_pmf(const hypergeometric *h, double y)
{
    return log_dbinom(y, h->n1, h->r, h->s) + log_dbinom(h->m1 - y, h->n2, h->r, h->s) -
           h->log_norm;
}

/* P(X = y - 1) / P(X = y) and P(X = y + 1) / P(X = y). */
static double ratio_down(const hypergeometric *h, double y)
{
    return y * (h->n2 - h->m1 + y) / ((h->n1 - y + 1) * (h->m1 - y + 1));
}
static double ratio_up(const hypergeometric *h, double y)
{
    return (h->n1 - y) * (h->m1 - y) / ((y + 1) * (h->n2 - h->m1 + y + 1));
}

/* Sum of exp(log_pmf(y) - log_obs) for y = from, from + step, ... within the
 * support, the terms falling (from is past the mode).  T5. */
static double tail_sum(const hypergeometric *h, double from, int step, double log_obs)
{
    double term = exp(log_pmf(h, from) - log_obs), sum = 0;
    double y = from;
    for (long count = 1;; count++) {
        sum += term;
        if (step < 0 ? y <= h->lo : y >= h->hi)
            return sum;
        double ratio = step < 0 ? ratio_down(h, y) : ratio_up(h, y);
        y += step;
        term = count % 512 == 0 ? exp(log_pmf(h, y) - log_obs) : term * ratio;
        /* The remaining terms fall at least geometrically by `ratio`. */
        if (ratio < 1 && term <= 1e-17 * sum * (1 - ratio))
            return sum + term;
    }
}

/* The y in [from, to] at the boundary of {log_pmf(y) <= cut}: the largest
 * such y when the density rises on [from, to] (rising = 1), the smallest when
 * it falls.  Returns NaN when no y qualifies. */
static double cut_point(const hypergeometric *h, double from, double to, double cut, int rising)
{
    if (rising) {
        if (!(log_pmf(h, from) <= cut))
            return NAN;
        while (to - from > 0) { /* invariant: from qualifies; the answer is in [from, to] */
            double mid = from + ceil((to - from) / 2);
            if (log_pmf(h, mid) <= cut)
                from = mid;
            else
                to = mid - 1;
        }
        return from;
    }
    if (!(log_pmf(h, to) <= cut))
        return NAN;
    while (to - from > 0) { /* invariant: to qualifies; the answer is in [from, to] */
        double mid = from + floor((to - from) / 2);
        if (log_pmf(h, mid) <= cut)
            to = mid;
        else
            from = mid + 1;
    }
    return to;
}

sc_status sc_twoprop_fisher(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                            sc_twoprop_test_result *out)
{
    int done;
    sc_status status = test_start(x1, n1, x2, n2, SC_TEST_FISHER, out, &done);
    if (done)
        return status;
    table2 t = table_of(x1, n1, x2, n2);
    hypergeometric h = {.n1 = t.n1, .n2 = t.n2, .m1 = t.m1, .r = t.m1 / t.total,
                        .s = t.m2 / t.total};
    h.log_norm = log_dbinom(h.m1, t.total, h.r, h.s);
    h.lo = fmax(0.0, h.m1 - h.n2);
    h.hi = fmin(h.n1, h.m1);
    double x = t.a;
    if (h.lo == h.hi) {
        out->p_value = 1.0;
        return SC_OK;
    }

    /* The mode: floor((n1 + 1)(m1 + 1)/(N + 2)), then checked against its
     * neighbours (rounding). */
    double mode = fmin(h.hi, fmax(h.lo, floor((h.n1 + 1) * (h.m1 + 1) / (t.total + 2))));
    while (mode < h.hi && log_pmf(&h, mode + 1) > log_pmf(&h, mode))
        mode++;
    while (mode > h.lo && log_pmf(&h, mode - 1) > log_pmf(&h, mode))
        mode--;

    double log_obs = log_pmf(&h, x);
    double cut = log_obs + log1p(1e-7); /* R: d <= d[x] * (1 + 10^-7) */
    if (log_pmf(&h, mode) <= cut) {
        out->p_value = 1.0;
        return SC_OK;
    }
    double sum = 0;
    double left = mode > h.lo ? cut_point(&h, h.lo, mode - 1, cut, 1) : NAN;
    double right = mode < h.hi ? cut_point(&h, mode + 1, h.hi, cut, 0) : NAN;
    if (!isnan(left))
        sum += tail_sum(&h, left, -1, log_obs);
    if (!isnan(right))
        sum += tail_sum(&h, right, +1, log_obs);
    out->p_value = fmin(1.0, exp(log_obs + log(sum)));
    return SC_OK;
}

/* ---- the test for the `test` column (T6) --------------------------------------------- */

sc_status sc_twoprop_test(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, bool yates,
                          sc_twoprop_test_result *out)
{
    if (!out || !counts_ok(x1, n1, x2, n2) || n1 == 0 || n2 == 0)
        return sc_twoprop_fisher(x1, n1, x2, n2, out); /* SC_EINVAL, or NaN for n = 0 */
    table2 t = table_of(x1, n1, x2, n2);
    if (fmin(t.n1, t.n2) * fmin(t.m1, t.m2) < 5 * t.total)
        return sc_twoprop_fisher(x1, n1, x2, n2, out);
    return sc_twoprop_chisq(x1, n1, x2, n2, yates, out);
}

const char *sc_twoprop_test_name(sc_twoprop_test_kind test)
{
    switch (test) {
    case SC_TEST_PEARSON:
    case SC_TEST_YATES:
        return "chisq";
    case SC_TEST_FISHER:
        return "fisher";
    }
    return "unknown";
}

/* ---- verdict (T7) ---------------------------------------------------------------------- */

sc_change sc_twoprop_change(const sc_interval *diff, sc_better better)
{
    if (!diff || (better != SC_BETTER_HIGHER && better != SC_BETTER_LOWER))
        return SC_CHANGE_UNCHANGED;
    int rose = diff->lower > 0, fell = diff->upper < 0; /* false for NaN */
    if (rose == fell)
        return SC_CHANGE_UNCHANGED;
    return rose == (better == SC_BETTER_HIGHER) ? SC_CHANGE_IMPROVED : SC_CHANGE_WORSE;
}

const char *sc_change_name(sc_change change)
{
    switch (change) {
    case SC_CHANGE_UNCHANGED:
        return "unchanged";
    case SC_CHANGE_IMPROVED:
        return "improved";
    case SC_CHANGE_WORSE:
        return "worse";
    }
    return "unknown";
}

/* ---- one `diff` row (T8) ------------------------------------------------------------------ */

sc_twoprop_options sc_twoprop_options_default(void)
{
    sc_twoprop_options opts = {.method = SC_DIFF_NEWCOMBE,
                               .level = 0.95,
                               .yates = false,
                               .better = SC_BETTER_HIGHER};
    return opts;
}

/* Every field NaN / no information: the state on failure (sc_twoprop.h). */
static void summary_clear(sc_twoprop_summary *out)
{
    out->diff = (sc_interval){.estimate = NAN, .lower = NAN, .upper = NAN};
    out->ratio = out->odds_ratio =
        (sc_ratio_interval){.estimate = NAN, .lower = NAN, .upper = NAN, .corrected = false};
    out->test = (sc_twoprop_test_result){.test = SC_TEST_PEARSON, .statistic = NAN,
                                         .p_value = NAN};
    out->verdict = SC_CHANGE_UNCHANGED;
}

sc_status sc_twoprop_summarize(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                               const sc_twoprop_options *opts, sc_twoprop_summary *out)
{
    if (!out)
        return SC_EINVAL;
    summary_clear(out);
    if (!opts || (opts->better != SC_BETTER_HIGHER && opts->better != SC_BETTER_LOWER))
        return SC_EINVAL;
    sc_status status =
        sc_twoprop_diff(x1, n1, x2, n2, opts->method, opts->level, SC_SIDED_TWO, &out->diff);
    if (status == SC_OK)
        status = sc_twoprop_risk_ratio(x1, n1, x2, n2, opts->level, SC_SIDED_TWO, &out->ratio);
    if (status == SC_OK)
        status =
            sc_twoprop_odds_ratio(x1, n1, x2, n2, opts->level, SC_SIDED_TWO, &out->odds_ratio);
    if (status == SC_OK)
        status = sc_twoprop_test(x1, n1, x2, n2, opts->yates, &out->test);
    if (status != SC_OK) {
        summary_clear(out);
        return status;
    }
    out->verdict = sc_twoprop_change(&out->diff, opts->better);
    return SC_OK;
}
