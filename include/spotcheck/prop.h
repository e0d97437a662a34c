/* spotcheck — one proportion: confidence intervals, target verdicts, exact
 * binomial p-values.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The eleven interval methods are those of SAS PROC FREQ (BINOMIAL option)
 * with SAS's definitions; each method's source file states its contract,
 * its edge cases (x = 0, x = n, n = 0) and its reference.
 */
#ifndef SPOTCHECK_PROP_H
#define SPOTCHECK_PROP_H

#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_ci_method {
    SC_CI_WALD,
    SC_CI_WALD_CC,
    SC_CI_WILSON,
    SC_CI_WILSON_CC,
    SC_CI_AGRESTI_COULL,
    SC_CI_JEFFREYS,
    SC_CI_CLOPPER_PEARSON,
    SC_CI_MID_P,
    SC_CI_LIKELIHOOD_RATIO,
    SC_CI_LOGIT,
    SC_CI_BLAKER,
    SC_CI_METHOD_COUNT
} sc_ci_method;

/* Two-sided interval, or a one-sided bound: SC_SIDED_LOWER gives [L, 1]
 * (the lower bound at `level`), SC_SIDED_UPPER gives [0, U].  For every
 * method but Blaker, the one-sided bound at `level` is the bound of the
 * two-sided interval at 2 level - 1; Blaker's one-sided bound is the exact
 * (Clopper-Pearson) one-sided bound, Blaker's construction being two-sided. */
typedef enum sc_sided { SC_SIDED_TWO, SC_SIDED_LOWER, SC_SIDED_UPPER } sc_sided;

typedef struct sc_interval {
    double estimate; /* x / n; NaN when n = 0 */
    double lower;
    double upper;
} sc_interval;

/* One registry row per method. */
typedef struct sc_ci_method_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_ci_method method;
} sc_ci_method_info;

/* Registry row of a method; NULL for an out-of-range value.  Static, do not free.
 * Iterate with `for (m = 0; m < SC_CI_METHOD_COUNT; m++)`. */
SC_API const sc_ci_method_info *sc_ci_method_get(sc_ci_method method);

/* Looks a method up by canonical name or alias (ASCII case-insensitive, whole
 * word: "wilson", "Score", "exact", "cp", ...).  SC_EINVAL for NULL, empty or
 * unknown names (then *out is unchanged). */
SC_API sc_status sc_ci_method_from_name(const char *name, sc_ci_method *out);

/* The registry (rows: sc_ci_method_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_ci_methods;

/* The confidence levels the tools accept (--level): below one half no
 * interval means anything, and above 1 - 1e-6 the iterative methods
 * (Miettinen-Nurminen, profile likelihood) stop converging before the
 * normal quantile runs out (z = 4.89 at 0.999999). */
#define SC_LEVEL_MIN 0.5
#define SC_LEVEL_MAX 0.999999

/* Confidence interval for x successes out of n trials at confidence `level`:
 * 0 < level < 1 two-sided, 1/2 < level < 1 one-sided.  Limits are clipped to
 * [0, 1] and lower <= upper.  n = 0 gives estimate NaN and [0, 1].  x = 0 and
 * x = n give each method's documented edge values (src/lib/ci/<method>.c):
 * e.g. Wald [0, 0] at x = 0, Jeffreys lower 0 at x = 0, logit the
 * Clopper-Pearson limits at x = 0 and x = n.
 * Returns SC_OK; SC_EINVAL when out is NULL, method or sided is out of range,
 * x > n, n > 2^53 (counts are carried as doubles), or level is out of range;
 * SC_ENOCONV if a numerical iteration failed (not expected for valid input).
 * On failure *out holds NaNs.  Agreement with R: ~1e-13 relative. */
SC_API sc_status sc_prop_interval(uint64_t x, uint64_t n, sc_ci_method method, double level,
                                  sc_sided sided, sc_interval *out);

/* Exact binomial tail probabilities: P(X >= x) and P(X <= x) for X ~ Bin(n, p),
 * each with full relative precision however small (R: pbinom(x - 1, n, p,
 * lower.tail = FALSE) and pbinom(x, n, p)).  x = 0 gives upper 1; x > n gives
 * upper 0 and lower 1.  NaN when p is NaN or outside [0, 1], or n > 2^53. */
SC_API double sc_binom_upper_tail(uint64_t x, uint64_t n, double p);
SC_API double sc_binom_lower_tail(uint64_t x, uint64_t n, double p);

typedef enum sc_verdict { SC_VERDICT_MEETS, SC_VERDICT_BELOW, SC_VERDICT_INCONCLUSIVE } sc_verdict;

/* Whether the target is a floor (a pass rate must be at or above it) or a
 * ceiling (an unqualified rate must be at or under it). */
typedef enum sc_target_kind { SC_TARGET_FLOOR, SC_TARGET_CEILING } sc_target_kind;

typedef struct sc_target_result {
    sc_verdict verdict;
    double p_value; /* exact one-sided binomial p-value, direction of the observed difference */
} sc_target_result;

/* How far apart two probabilities must be for a target verdict to tell them
 * apart: 16 DBL_EPSILON, about 3.6e-15 (an absolute difference).  A one-sided bound within
 * this of the target, or a p-value within this of 1 - level, is a tie. */
#define SC_PROP_TIE_TOLERANCE (16 * 2.220446049250313080847e-16)

/* Target check (DESIGN.md §4) for x of n against `target` in (0, 1) at
 * `level` (1/2 < level < 1).  p_value: exact one-sided binomial p-value at
 * p = target, P(X >= x) when x/n > target, P(X <= x) when x/n < target
 * (binom.test's "greater"/"less"); when x/n == target, the direction in which
 * the target would be met (floor: P(X >= x), ceiling: P(X <= x)).
 * The verdict needs both the one-sided bound of `method` at `level` and the
 * p-value: floor: meets when lower > target and p_value < 1 - level, below
 * when upper < target and p_value < 1 - level; ceiling (x counts the capped
 * outcome, e.g. unqualified batches): meets when upper < target and
 * p_value < 1 - level, below when lower > target and p_value < 1 - level;
 * otherwise inconclusive.  So a verdict never contradicts the p-value
 * beside it; with clopper-pearson (and blaker) the two conditions coincide.
 * Comparisons within SC_PROP_TIE_TOLERANCE are ties (not beyond).
 * n = 0 gives inconclusive with p-value 1.  Returns SC_EINVAL for a bad
 * argument (target outside (0, 1), x > n, ...); on failure the verdict is
 * inconclusive and the p-value NaN. */
SC_API sc_status sc_prop_target(uint64_t x, uint64_t n, double target, sc_target_kind kind,
                                sc_ci_method method, double level, sc_target_result *out);

/* Static lowercase word for a verdict: "meets", "below", "inconclusive"
 * ("unknown" for an out-of-range value).  Do not free. */
SC_API const char *sc_verdict_name(sc_verdict verdict);

#ifdef __cplusplus
}
#endif
#endif
