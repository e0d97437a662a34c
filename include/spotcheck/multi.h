/* spotcheck — k groups: homogeneity tests (Pearson chi-square, G-test,
 * Monte-Carlo p-value), each group against the rest, p-value adjustment as
 * R's p.adjust, and funnel-plot limits (Spiegelhalter 2005).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts come as an array of sc_multi_group, one element per group, in the
 * caller's order; results that are per group come back in the same order.
 * `passed` is whichever outcome the caller counts (passed batches for a pass
 * rate, unqualified batches for an unqualified rate): the tests do not depend
 * on the choice, the funnel limits do (they are the limits of the rate of
 * the counted outcome).
 *
 * Every count is at most 2^53 and so is the total over the groups (counts are
 * carried as doubles); larger counts, passed > n, and a NULL array with a
 * non-zero count are SC_EINVAL.  Groups with n = 0 carry no information:
 * the tests and the over-dispersion estimates drop them (they are not
 * counted in k), and their per-group results are NaN or "no data".
 *
 * The contracts, numbered, open src/lib/multi.c (tests, group vs rest,
 * Monte-Carlo), src/lib/multi_adjust.c (p.adjust) and src/lib/multi_funnel.c
 * (funnel limits); the tests cite them.
 */
#ifndef SPOTCHECK_MULTI_H
#define SPOTCHECK_MULTI_H

#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The counts of one group. */
typedef struct sc_multi_group {
    uint64_t n;      /* units tested (batches, or enterprises) */
    uint64_t passed; /* units with the counted outcome, passed <= n */
} sc_multi_group;

/* ---- homogeneity of k proportions (the k x 2 table) ------------------------ */

typedef struct sc_homogeneity {
    size_t groups;       /* k: groups with n > 0 */
    uint64_t n;          /* N: total units over all groups */
    uint64_t passed;     /* total counted outcome */
    double df;           /* k - 1 */
    double pearson;      /* Pearson X^2 = sum (O - E)^2 / E over the 2k cells */
    double pearson_p;    /* P(chi^2_df >= X^2), R: chisq.test(x, correct = FALSE) */
    double g;            /* likelihood ratio G = 2 sum O ln(O / E), 0 ln 0 = 0 */
    double g_p;          /* P(chi^2_df >= G) */
    double min_expected; /* smallest expected count E over the 2k cells */
    int sparse;          /* min_expected < 5: the chi-square approximation is doubtful;
                            use sc_multi_monte_carlo for the p-value, or with many
                            groups moments_p */
    double mean;         /* exact mean of X^2 given the margins: (k - 1) N / (N - 1) */
    double variance;     /* its exact variance (Haldane 1940; multi.c M9) */
    double moments_p;    /* P(a chi^2_nu >= X^2), a and nu matching mean and variance
                            (NaN for N < 4) */
} sc_homogeneity;

/* Pearson chi-square and G-test of homogeneity of the `count` groups' rates.
 * Groups with n = 0 are dropped.  When every unit passed, or none did (a
 * zero column in the table), every group has the same rate and only one
 * table has these margins: both statistics are 0 and both p-values 1 (R
 * gives NaN there).  Returns SC_OK; SC_EINVAL for bad counts (see the top of
 * this file) or a NULL out; SC_EDOMAIN when fewer than 2 groups have n > 0
 * (then groups, n and passed are set and the rest is NaN).  On SC_EINVAL
 * *out holds zeros and NaNs.  Agreement with R: ~1e-12 relative.  Also the
 * exact mean and variance of X^2 given the margins and the two-moment
 * p-value (mean, variance, moments_p; multi.c M9), in the same O(k) pass. */
SC_API sc_status sc_multi_homogeneity(const sc_multi_group *groups, size_t count,
                                      sc_homogeneity *out);

typedef struct sc_monte_carlo {
    double statistic;    /* observed Pearson X^2 (as sc_multi_homogeneity) */
    double p_value;      /* (1 + at_least) / (replicates + 1) */
    uint64_t replicates; /* B */
    uint64_t at_least;   /* simulated tables with X^2 >= (1 - 64 DBL_EPSILON) observed X^2 */
} sc_monte_carlo;

/* Monte-Carlo p-value of the Pearson X^2 of homogeneity, with R's definition
 * (chisq.test(simulate.p.value = TRUE, B = replicates)): random tables with
 * the observed margins (each group's n and the total passed), drawn from
 * their exact conditional distribution (multivariate hypergeometric), and
 * p = (1 + #{simulated X^2 >= (1 - 64 eps) observed X^2}) / (B + 1).
 * The generator is GSL's gsl_rng_mt19937 seeded with `seed` by gsl_rng_set
 * (which maps seed 0 to 4357), so one seed gives one p-value on every
 * platform; the stream differs from R's, so the value differs from R's by
 * Monte-Carlo error.  No exact p-value is offered (DESIGN.md allows either).
 * Time: O(B (k + sum_i sd_i)), sd_i the standard deviation of group i's
 * simulated count (at most sqrt(n_i) / 2): linear in k; about 180 ns per
 * group and table (k = 10^5, B = 2000: 36 s; R's chisq.test: 45 s).
 * Edge cases as sc_multi_homogeneity: n = 0 groups dropped; a zero column
 * gives statistic 0, at_least = B and p-value 1 without simulating.
 * Returns SC_OK; SC_EINVAL for bad counts, replicates = 0 or a NULL out;
 * SC_EDOMAIN for fewer than 2 groups with n > 0; SC_ENOMEM; SC_ENOCONV if a
 * draw failed numerically (not expected).  On failure the statistic and
 * p-value are NaN. */
SC_API sc_status sc_multi_monte_carlo(const sc_multi_group *groups, size_t count,
                                      uint64_t replicates, unsigned long seed,
                                      sc_monte_carlo *out);

/* ---- each group against the rest ------------------------------------------ */

typedef struct sc_versus_rest {
    uint64_t rest_n;      /* units of all other groups */
    uint64_t rest_passed; /* counted outcome of all other groups */
    double statistic;     /* Pearson X^2 of the 2 x 2 table group vs rest, no continuity
                             correction (R: chisq.test(t, correct = FALSE)) */
    double p_value;       /* P(chi^2_1 >= statistic) */
} sc_versus_rest;

/* For every group i: the rest counts (totals minus group i) and the 2 x 2
 * Pearson chi-square of group i against the rest; out[i] for groups[i],
 * `out` has room for `count` elements.  A group with n = 0, or one whose
 * rest is empty (rest_n = 0), has statistic and p-value NaN.  A zero column
 * (every unit passed, or none) gives statistic 0 and p-value 1, as in
 * sc_multi_homogeneity.  The difference of rates and its interval are the
 * twoprop module's (call it with the rest counts).  Returns SC_OK, or
 * SC_EINVAL for bad counts or a NULL out (out untouched). */
SC_API sc_status sc_multi_versus_rest(const sc_multi_group *groups, size_t count,
                                      sc_versus_rest *out);

/* ---- p-value adjustment (R's p.adjust) ------------------------------------ */

typedef enum sc_adjust_method {
    SC_ADJUST_HOLM,
    SC_ADJUST_HOCHBERG,
    SC_ADJUST_HOMMEL,
    SC_ADJUST_BONFERRONI,
    SC_ADJUST_BH,
    SC_ADJUST_BY,
    SC_ADJUST_NONE,
    SC_ADJUST_METHOD_COUNT
} sc_adjust_method;

/* One registry row per method (names as R spells them). */
typedef struct sc_adjust_method_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_adjust_method method;
} sc_adjust_method_info;

/* Registry row of a method; NULL for an out-of-range value.  Static, do not free. */
SC_API const sc_adjust_method_info *sc_adjust_method_get(sc_adjust_method method);

/* Looks a method up by name or alias, ASCII case-insensitively ("holm",
 * "BH", "bh", "fdr", "BY", "none", ...).  SC_EINVAL for NULL, empty or
 * unknown names (then *out is unchanged). */
SC_API sc_status sc_adjust_method_from_name(const char *name, sc_adjust_method *out);

/* The registry (rows: sc_adjust_method_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_adjust_methods;

/* Adjusts the `count` p-values p[] by `method` into adjusted[] exactly as R's
 * p.adjust(p, method) with its default n: NaN entries stay NaN and do not
 * count (n = number of non-NaN entries); with n <= 1 the values are returned
 * unchanged; hommel with n = 2 is hochberg (as in R).  adjusted may be p
 * (in place).  Time O(n log n), except hommel: O(n^2) as R's algorithm
 * (n = 2 10^4 takes about 1 s, n = 10^5 about 20 s).  Returns SC_OK; SC_EINVAL for an unknown method,
 * NULL arrays with count > 0, or a non-NaN value outside [0, 1] (R does not
 * check; a p-value there is a caller's bug); SC_ENOMEM.  On failure adjusted[]
 * is unchanged. */
SC_API sc_status sc_multi_adjust(const double *p, size_t count, sc_adjust_method method,
                                 double *adjusted);

/* ---- funnel plot limits (Spiegelhalter 2005) ------------------------------ */

typedef enum sc_funnel_dispersion {
    SC_FUNNEL_DISPERSION_NONE,           /* exact binomial limits */
    SC_FUNNEL_DISPERSION_MULTIPLICATIVE, /* limits widened by sqrt(phi) */
    SC_FUNNEL_DISPERSION_ADDITIVE,       /* random effects: variance + tau^2 */
    SC_FUNNEL_DISPERSION_COUNT
} sc_funnel_dispersion;

typedef struct sc_funnel_dispersion_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_funnel_dispersion dispersion;
} sc_funnel_dispersion_info;

/* Registry row; NULL for an out-of-range value.  Static, do not free. */
SC_API const sc_funnel_dispersion_info *sc_funnel_dispersion_get(sc_funnel_dispersion dispersion);

/* Lookup by name or alias, ASCII case-insensitive; SC_EINVAL for NULL, empty
 * or unknown names (then *out is unchanged). */
SC_API sc_status sc_funnel_dispersion_from_name(const char *name, sc_funnel_dispersion *out);

/* The registry (rows: sc_funnel_dispersion_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_funnel_dispersions;

/* A fitted funnel: the target and, with an over-dispersion model, its estimates. */
typedef struct sc_funnel {
    double target;                   /* theta, in [0, 1] */
    sc_funnel_dispersion dispersion; /* the model asked for */
    size_t groups;                   /* k: groups with n > 0 */
    double phi;                      /* winsorised over-dispersion factor (both models);
                                        NaN with NONE or when not estimable */
    double tau2;                     /* winsorised tau^2 (ADDITIVE, F6), else NaN */
    int adjusted;                    /* 1 when the limits are the over-dispersed normal
                                        limits: phi > 1 (MULTIPLICATIVE), tau2 > 0
                                        (ADDITIVE); 0: the exact binomial limits */
} sc_funnel;

/* Prepares funnel limits around `target` (theta, usually the pooled rate
 * sum passed / sum n of the groups) and estimates over-dispersion from the
 * groups when `dispersion` asks for it (src/lib/multi_funnel.c F4-F6):
 * z_i = (y_i - theta) / sqrt(theta (1 - theta) / n_i), winsorised at their
 * 10% and 90% quantiles (R's quantile type 7), phi = sum z_w^2 / k;
 * tau2 = max(0, (k phi - (k - 1)) / (sum w - sum w^2 / sum w)),
 * w_i = n_i / (theta (1 - theta)).  Over-dispersion is not estimated (phi,
 * tau2 NaN, adjusted 0) with fewer than 2 groups with n > 0, or with
 * theta = 0 or 1.  groups may be NULL when count is 0 (a curve without points).
 * Returns SC_OK; SC_EINVAL for a target outside [0, 1] or NaN, an unknown
 * dispersion, bad counts or a NULL out; SC_ENOMEM. */
SC_API sc_status sc_multi_funnel_fit(const sc_multi_group *groups, size_t count, double target,
                                     sc_funnel_dispersion dispersion, sc_funnel *out);

/* The limits at one sample size (the rate of the counted outcome). */
typedef struct sc_funnel_limits {
    double lower95, upper95;   /* 95% two-sided: probabilities 0.025 and 0.975 */
    double lower998, upper998; /* 99.8% two-sided: probabilities 0.001 and 0.999 */
} sc_funnel_limits;

/* Funnel limits at sample size n: the exact binomial limits
 * (sc_multi_funnel_exact_limit at 0.025, 0.975, 0.001, 0.999), or, when the
 * funnel is adjusted, theta -+ z sqrt(phi theta (1 - theta) / n)
 * (multiplicative) or theta -+ z sqrt(theta (1 - theta) / n + tau2)
 * (additive), z = 1.959964 and 3.090232 (R: qnorm(0.975), qnorm(0.999)).
 * Limits are clipped to [0, 1].  theta = 0 or 1 gives all four limits equal
 * to theta.  n = 0 gives NaN limits (no data, SC_OK).  Returns SC_EINVAL for
 * a NULL argument, a funnel that sc_multi_funnel_fit would not produce, or
 * n > 2^53; SC_ENOCONV if a binomial tail failed (not expected). */
SC_API sc_status sc_multi_funnel_limits(const sc_funnel *funnel, uint64_t n,
                                        sc_funnel_limits *out);

/* Spiegelhalter's (2005, appendix A.1.1) interpolated binomial limit at
 * probability `probability` in (0, 1): r = the probability-quantile of
 * Bin(n, theta) (R: qbinom), a = (P(X <= r) - probability) / P(X = r), and
 * limit = (r - a) / n, clipped to [0, 1] (only r = 0 makes it negative).
 * theta = 0 or 1 gives theta.  Valid for n up to 2^53 (exact tails of
 * src/lib/ci/numeric.c, not GSL's).  Returns SC_OK; SC_EINVAL for n = 0,
 * n > 2^53, theta outside [0, 1], probability outside (0, 1), NULL limit;
 * SC_ENOCONV if a binomial tail failed.  On failure *limit is NaN. */
SC_API sc_status sc_multi_funnel_exact_limit(uint64_t n, double theta, double probability,
                                             double *limit);

typedef enum sc_funnel_class {
    SC_FUNNEL_ABOVE998, /* rate > upper998 */
    SC_FUNNEL_ABOVE95,  /* upper95 < rate <= upper998 */
    SC_FUNNEL_WITHIN,   /* lower95 <= rate <= upper95 */
    SC_FUNNEL_BELOW95,  /* lower998 <= rate < lower95 */
    SC_FUNNEL_BELOW998, /* rate < lower998 */
    SC_FUNNEL_NO_DATA   /* n = 0 or NaN limits */
} sc_funnel_class;

/* Where group's rate passed / n lies against its limits (strict inequalities:
 * a rate on a limit is inside).  SC_FUNNEL_NO_DATA for a NULL argument,
 * n = 0 or NaN limits. */
SC_API sc_funnel_class sc_multi_funnel_classify(const sc_multi_group *group,
                                                const sc_funnel_limits *limits);

/* Static word for a class, the `funnel` column's value (DESIGN.md section 5):
 * "above998", "above95", "within", "below95", "below998"; NULL for
 * SC_FUNNEL_NO_DATA and out-of-range values, so that the caller writes a
 * missing cell (sc_table_set_string takes NULL as missing).  Do not free. */
SC_API const char *sc_funnel_class_name(sc_funnel_class funnel_class);

#ifdef __cplusplus
}
#endif
#endif
