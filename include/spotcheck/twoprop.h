/* spotcheck — two independent proportions: difference, relative rate and
 * odds ratio with confidence intervals, tests of the 2 x 2 table, and the
 * verdict on a change.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Group 1 is the current period (x1 of n1), group 2 the baseline (x2 of n2);
 * `compare` passes a group as group 1 and the rest as group 2.  The
 * difference is p1 - p2 as a proportion, the relative rate p1/p2, the odds
 * ratio (p1/(1-p1)) / (p2/(1-p2)).  x counts whichever outcome the caller
 * counts (passed or unqualified batches); every function here treats the two
 * outcomes alike, so counting the other one negates the difference and
 * inverts the odds ratio.
 *
 * The six difference methods are Newcombe's (1998) methods 1, 2, 10 and 11,
 * Agresti & Caffo (2000) and Miettinen & Nurminen (1985); each method's
 * source file src/lib/diff/<method>.c states its contract, its edge cases
 * (x = 0, x = n, n = 0) and its reference.  Decisions where the literature
 * leaves a choice are written down in src/lib/twoprop.c (T1-T8).
 */
#ifndef SPOTCHECK_TWOPROP_H
#define SPOTCHECK_TWOPROP_H

#include <stdbool.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"
#include "spotcheck/prop.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- difference p1 - p2 ---------------------------------------------------- */

typedef enum sc_diff_method {
    SC_DIFF_NEWCOMBE,           /* hybrid score, Newcombe 1998 method 10 (the default) */
    SC_DIFF_NEWCOMBE_CC,        /* hybrid score with continuity correction, method 11 */
    SC_DIFF_WALD,               /* method 1 */
    SC_DIFF_WALD_CC,            /* method 2 */
    SC_DIFF_AGRESTI_CAFFO,      /* Wald after adding 1 success and 1 failure per group */
    SC_DIFF_MIETTINEN_NURMINEN, /* score interval with the N/(N-1) variance factor */
    SC_DIFF_METHOD_COUNT
} sc_diff_method;

/* One registry row per method. */
typedef struct sc_diff_method_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_diff_method method;
} sc_diff_method_info;

/* Registry row of a method; NULL for an out-of-range value.  Static, do not
 * free.  Iterate with `for (m = 0; m < SC_DIFF_METHOD_COUNT; m++)`. */
SC_API const sc_diff_method_info *sc_diff_method_get(sc_diff_method method);

/* Looks a method up by canonical name or alias (ASCII case-insensitive, whole
 * word: "newcombe", "score", "mn", ...).  SC_EINVAL for NULL, empty or
 * unknown names (then *out is unchanged). */
SC_API sc_status sc_diff_method_from_name(const char *name, sc_diff_method *out);

/* The registry (rows: sc_diff_method_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_diff_methods;

/* Confidence interval for p1 - p2 = x1/n1 - x2/n2 at confidence `level`:
 * 0 < level < 1 two-sided, 1/2 < level < 1 one-sided (SC_SIDED_LOWER gives
 * [L, 1], SC_SIDED_UPPER gives [-1, U]; the bound is the two-sided bound at
 * 2 level - 1).  Limits are clipped to [-1, 1] and lower <= upper.
 * out->estimate is x1/n1 - x2/n2 for every method.  lower <= estimate <=
 * upper holds for every method but Agresti-Caffo, whose interval is centred
 * on the adjusted rates and can miss the estimate at levels below 91.7%
 * (0/1 vs 1/1 needs z^2 >= 3; 10/10 vs 0/10 at 80% gives [0.69, 0.98]).
 * n1 = 0 or n2 = 0 gives estimate NaN and [-1, 1] (no data, no information).
 * x = 0 and x = n give each method's documented edge values
 * (src/lib/diff/<method>.c); e.g. Wald gives [0, 0] for 0/10 vs 0/20 and
 * [1, 1] for 10/10 vs 0/20, the hybrid score [-0.1611, 0.2775] and
 * [0.6791, 1] (Newcombe 1998, Table II).
 * Returns SC_OK; SC_EINVAL when out is NULL, method or sided is out of range,
 * x1 > n1, x2 > n2, a count exceeds 2^53, or level is out of range;
 * SC_ENOCONV if a root search failed (not expected for valid input).  On
 * failure *out holds NaNs.  Agreement with the R reference
 * (scripts/ref-twoprop.R): better than 1e-12 relative. */
SC_API sc_status sc_twoprop_diff(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                 sc_diff_method method, double level, sc_sided sided,
                                 sc_interval *out);

/* ---- relative rate and odds ratio ------------------------------------------ */

typedef struct sc_ratio_interval {
    double estimate; /* p1/p2 or the odds ratio; NaN when n1 = 0 or n2 = 0 */
    double lower;    /* >= 0 */
    double upper;    /* may be +Inf (one-sided, or n = 0) */
    bool corrected;  /* 0.5 was added to every cell (a cell was 0), see below */
} sc_ratio_interval;

/* Relative rate p1/p2 with the Katz log interval,
 *   exp(log(p1/p2) -/+ z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2))
 * (Katz, Baptista, Azen & Pike 1978).  Zero cells: when any of the four
 * cells x1, n1 - x1, x2, n2 - x2 is 0, 0.5 is added to every cell (so x and
 * n - x each gain 0.5, n gains 1) for the estimate and the interval alike,
 * and `corrected` is set (Haldane 1956; the default of R's
 * metafor::escalc, add = 1/2, to = "only0"; epitools::riskratio does
 * not correct and gives 0, Inf or NaN there).  So 0/50 vs 0/40
 * gives estimate (0.5/51)/(0.5/41) = 0.804 with a wide interval around it,
 * never 0/0.  n1 = 0 or n2 = 0 gives estimate NaN and [0, +Inf].
 * level and sided as for sc_twoprop_diff (one-sided: [L, +Inf] or [0, U]).
 * Returns SC_OK, or SC_EINVAL for bad arguments (then *out holds NaNs). */
SC_API sc_status sc_twoprop_risk_ratio(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                       double level, sc_sided sided, sc_ratio_interval *out);

/* Odds ratio (x1 (n2 - x2)) / ((n1 - x1) x2) with Woolf's logit interval,
 *   exp(log OR -/+ z sqrt(1/a + 1/b + 1/c + 1/d))
 * (Woolf 1955), zero cells and n = 0 as for sc_twoprop_risk_ratio (R:
 * metafor::escalc("OR") agrees; epitools::oddsratio.wald does not correct). */
SC_API sc_status sc_twoprop_odds_ratio(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                       double level, sc_sided sided, sc_ratio_interval *out);

/* ---- tests of the 2 x 2 table ----------------------------------------------- */

typedef enum sc_twoprop_test_kind {
    SC_TEST_PEARSON, /* Pearson chi-square, 1 df, no continuity correction */
    SC_TEST_YATES,   /* Pearson chi-square with Yates's correction, as R applies it */
    SC_TEST_FISHER   /* Fisher's exact test, two-sided as R's fisher.test */
} sc_twoprop_test_kind;

typedef struct sc_twoprop_test_result {
    sc_twoprop_test_kind test;
    double statistic; /* X^2 (1 df); NaN for Fisher's test */
    double p_value;
} sc_twoprop_test_result;

/* Pearson's chi-square test of the table [x1, n1-x1; x2, n2-x2],
 *   X^2 = N (|ad - bc| - c)^2 / (n1 n2 m1 m2),  p = P(chi^2_1 >= X^2),
 * c = 0, or with `yates` c = min(N/2, |ad - bc|): Yates's correction capped
 * at |O - E| as R's chisq.test(correct = TRUE) and prop.test do (below the
 * cap the statistic is 0 exactly, where R shows rounding noise ~1e-17).
 * A zero column (both groups all passed, or all failed) gives statistic 0
 * and p-value 1 (R: NaN with a warning); n1 = 0 or n2 = 0 gives NaN and NaN
 * (as sc_multi_versus_rest).  Returns SC_OK, or SC_EINVAL for bad counts or
 * a NULL out (then *out holds NaNs). */
SC_API sc_status sc_twoprop_chisq(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, bool yates,
                                  sc_twoprop_test_result *out);

/* Fisher's exact test, two-sided as R's fisher.test computes it: the sum of
 * the hypergeometric probabilities of the tables (with the observed margins)
 * whose probability is at most (1 + 1e-7) times the observed one, capped at
 * 1.  A zero column gives p-value 1; n1 = 0 or n2 = 0 gives NaN.  statistic
 * is NaN.  Cost: O(log N) density evaluations plus the terms that count,
 * never more than min(n1, x1 + x2) + 1.  Agreement with R: ~1e-12 relative
 * down to p-values of 1e-300.  Returns as sc_twoprop_chisq. */
SC_API sc_status sc_twoprop_fisher(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                   sc_twoprop_test_result *out);

/* The test DESIGN.md section 5 reports: Fisher's exact test when any expected
 * count n_i m_j / N is below 5 (Cochran's rule; a zero margin included),
 * otherwise the chi-square test, with Yates's correction when `yates`.
 * out->test says which was run.  n1 = 0 or n2 = 0: Fisher, p-value NaN.
 * Returns as sc_twoprop_chisq. */
SC_API sc_status sc_twoprop_test(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2, bool yates,
                                 sc_twoprop_test_result *out);

/* Static word for the `test` column: "chisq" (Pearson and Yates alike),
 * "fisher"; "unknown" for an out-of-range value.  Do not free. */
SC_API const char *sc_twoprop_test_name(sc_twoprop_test_kind test);

/* ---- verdict on a change ------------------------------------------------------ */

typedef enum sc_change { SC_CHANGE_UNCHANGED, SC_CHANGE_IMPROVED, SC_CHANGE_WORSE } sc_change;

/* Which direction of the counted rate is good: a pass rate is better higher,
 * an unqualified rate lower. */
typedef enum sc_better { SC_BETTER_HIGHER, SC_BETTER_LOWER } sc_better;

/* Verdict from an interval for p1 - p2: entirely above 0 (lower > 0) means
 * the rate rose, entirely below 0 (upper < 0) that it fell; a rise is
 * `improved` when higher is better and `worse` otherwise, and the reverse for
 * a fall.  An interval touching or containing 0, or with a NaN limit (e.g.
 * n = 0), is `unchanged`.  The interval's level is the caller's (DESIGN.md
 * section 5 uses the two-sided interval of the `lower`/`upper` columns). */
SC_API sc_change sc_twoprop_change(const sc_interval *diff, sc_better better);

/* Static word for the `verdict` column: "improved", "worse", "unchanged"
 * ("unknown" for an out-of-range value).  Do not free. */
SC_API const char *sc_change_name(sc_change change);

/* ---- everything for one row of `diff` ----------------------------------------- */

typedef struct sc_twoprop_options {
    sc_diff_method method; /* e.g. SC_DIFF_NEWCOMBE */
    double level;          /* two-sided, 0 < level < 1, for every interval */
    bool yates;            /* chi-square with Yates's correction (sc_twoprop_test) */
    sc_better better;      /* which direction is an improvement */
} sc_twoprop_options;

/* Defaults: Newcombe, 95%, no Yates correction, higher is better. */
SC_API sc_twoprop_options sc_twoprop_options_default(void);

typedef struct sc_twoprop_summary {
    sc_interval diff;             /* p1 - p2: `diff`, `lower`, `upper` */
    sc_ratio_interval ratio;      /* `ratio`, `ratio_lower`, `ratio_upper` */
    sc_ratio_interval odds_ratio; /* `odds_ratio`, `or_lower`, `or_upper` */
    sc_twoprop_test_result test;  /* `test`, `p_value` (sc_twoprop_test) */
    sc_change verdict;            /* `verdict`, from `diff` */
} sc_twoprop_summary;

/* Fills every field of a `diff` row (DESIGN.md section 5) with two-sided
 * intervals at opts->level.  n1 = 0 or n2 = 0 fills the NaN/no-information
 * values of the functions above and the verdict `unchanged`.  Returns SC_OK,
 * or the first failing function's status (SC_EINVAL for bad counts, a NULL
 * argument or bad options); on failure *out holds NaNs. */
SC_API sc_status sc_twoprop_summarize(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                                      const sc_twoprop_options *opts, sc_twoprop_summary *out);

#ifdef __cplusplus
}
#endif
#endif
