/* spotcheck — sampling plans by attributes: ISO 2859-1 / GB/T 2828.1 single
 * sampling (code letters, master tables, arrows) and the operating
 * characteristic of any single plan (n, Ac): Pa, AOQ, AOQL, ATI, the
 * producer's risk and the limiting quality.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (the tests cite these numbers):
 *  S1. AQLs are in percent (nonconforming items, or nonconformities per 100
 *      items), one of the 26 values of the standard's series 0.010 .. 1000
 *      (sc_aql_series).  Values above 10 exist only for nonconformities per
 *      100 items: they need the Poisson model.
 *  S2. The code letter comes from ISO 2859-1 Table 1 (15 lot-size ranges x
 *      levels S-1..S-4, I, II, III).  A lot of 1 item falls in the first
 *      range (2 to 8): its plan is 100% inspection anyway (S4).
 *  S3. The plan is the master table's cell for (letter, AQL): normal
 *      (Table 2-A), tightened (2-B) or reduced.  An arrow cell is followed,
 *      down or up, to the first letter whose cell holds a plan; that plan's
 *      n is that letter's sample size (so n changes with the arrow), its Ac
 *      and Re are the cell's.  The reduced table is the one of MIL-STD-105E /
 *      ANSI Z1.4 (Re may exceed Ac + 1; ISO 2859-1:1999 Table 2-C closed that
 *      gap and is not held here).  Tightened has the extra row S (3150).
 *  S4. When the plan's n is at least the lot size, every item is inspected
 *      (100% inspection): n becomes N, Ac and Re stay the plan's.
 *  S5. Pa(p) = P(d <= Ac) for d nonconforming (or nonconformities) in the
 *      sample of n: binomial Bin(n, p), Poisson with mean n p (p is then
 *      nonconformities per item), or hypergeometric with D = round(p N)
 *      nonconforming items in the lot of N (GSL gsl_cdf_binomial_P,
 *      gsl_cdf_poisson_P, gsl_cdf_hypergeometric_P).
 *  S6. Rectifying inspection: rejected lots are screened 100% and
 *      nonconforming items replaced.  With a lot size, AOQ(p) = p Pa (N - n)
 *      / N and ATI(p) = n + (1 - Pa)(N - n); without one, AOQ = p Pa (the
 *      limit N -> infinity) and ATI is undefined (NaN).  Under the
 *      hypergeometric model p is D / N.
 *  S7. AOQL = max over p of AOQ(p), with the p where it is reached: the root
 *      of d/dp [p Pa(p)] = Pa(p) + p Pa'(p) (Brent, numeric/roots.c), where
 *      Pa'(p) = -n dbinom(Ac; n - 1, p) (binomial) or -n dpois(Ac; n p)
 *      (Poisson); under the hypergeometric model the largest AOQ over D = 0..N.
 *  S8. The quality at which Pa = P (consumer's risk quality, limiting quality
 *      for P = 0.10) is the root of Pa(p) = P (hypergeometric: the smallest
 *      D / N with Pa <= P).  The producer's risk at the AQL is 1 - Pa(AQL).
 */
#ifndef SPOTCHECK_SAMPLING_H
#define SPOTCHECK_SAMPLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/prop.h"
#include "spotcheck/registry.h"
#include "spotcheck/twoprop.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The AQL series of ISO 2859-1 (S1), in percent, ascending. */
#define SC_AQL_COUNT 26
SC_API extern const double sc_aql_series[SC_AQL_COUNT];

/* The series' printed spellings ("0.010", "1.0", "1000"), as sc_aql_series.
 * Static strings. */
SC_API extern const char *const sc_aql_names[SC_AQL_COUNT];

/* Index of `aql` (percent) in the series: equal to a member within 1e-9
 * relative.  SC_EINVAL otherwise (with a message naming the nearest members
 * when err is not NULL). */
SC_API sc_status sc_aql_find(double aql, size_t *index, sc_error *err);

typedef enum sc_inspection {
    SC_INSPECTION_NORMAL,
    SC_INSPECTION_TIGHTENED,
    SC_INSPECTION_REDUCED, /* MIL-STD-105E / ANSI Z1.4 (S3) */
    SC_INSPECTION_COUNT
} sc_inspection;

typedef struct sc_inspection_info {
    sc_registry_entry entry; /* registry.h R1 */
    sc_inspection inspection;
    const char *table;       /* "ISO 2859-1 Table 2-A", ... */
} sc_inspection_info;

/* Rows: sc_inspection_info; names normal, tightened, reduced. */
SC_API extern const sc_registry sc_inspections;

/* Inspection levels of Table 1, in its column order. */
typedef enum sc_inspection_level {
    SC_LEVEL_S1,
    SC_LEVEL_S2,
    SC_LEVEL_S3,
    SC_LEVEL_S4,
    SC_LEVEL_I,
    SC_LEVEL_II,
    SC_LEVEL_III,
    SC_LEVEL_COUNT
} sc_inspection_level;

/* Rows: sc_registry_entry; names S-1 .. S-4, I, II, III (aliases S1, 1, 2, 3). */
SC_API extern const sc_registry sc_inspection_levels;

/* Sample-size code letter (S2) of a lot of `lot_size` items at `level`:
 * 'A' .. 'R'.  SC_EINVAL for lot size 0 or a level out of range. */
SC_API sc_status sc_code_letter(uint64_t lot_size, sc_inspection_level level, char *letter);

/* A single sampling plan. */
typedef struct sc_sampling_plan {
    char letter;         /* code letter of the lot size; '\0' for an explicit plan */
    char plan_letter;    /* the letter whose plan the arrows led to (S3) */
    uint64_t table_n;    /* the table's sample size */
    uint64_t n;          /* the sample size used: table_n, or N under S4 */
    unsigned ac, re;     /* acceptance and rejection numbers */
    bool full_inspection; /* S4 */
} sc_sampling_plan;

/* The plan of the master table for code letter `letter` ('A'..'R') and the
 * AQL of index `aql_index`, after the arrows (S3); no lot size, so no S4.
 * SC_EINVAL for an unknown letter or index, or a letter beyond R. */
SC_API sc_status sc_sampling_letter_plan(sc_inspection inspection, char letter, size_t aql_index,
                                         sc_sampling_plan *plan);

/* The plan of ISO 2859-1 for a lot (S2, S3, S4).  SC_EINVAL with a message
 * for lot size 0, an AQL outside the series or a level or inspection out of
 * range. */
SC_API sc_status sc_sampling_plan_find(uint64_t lot_size, sc_inspection_level level, double aql,
                                       sc_inspection inspection, sc_sampling_plan *plan,
                                       sc_error *err);

/* ---- the operating characteristic ------------------------------------------ */

typedef enum sc_oc_model {
    SC_OC_BINOMIAL,
    SC_OC_POISSON,
    SC_OC_HYPERGEOMETRIC,
    SC_OC_MODEL_COUNT
} sc_oc_model;

/* Rows: sc_registry_entry; names binomial, poisson, hypergeometric. */
SC_API extern const sc_registry sc_oc_models;

/* A plan with what its OC depends on. */
typedef struct sc_oc_plan {
    uint64_t n;
    unsigned ac;
    uint64_t lot_size; /* N, or 0 for none (then AOQ = p Pa, ATI NaN) */
    sc_oc_model model;
} sc_oc_plan;

/* Checks a plan: n >= 1, Ac < n, n <= N when N is given; the
 * hypergeometric model needs N (at most UINT_MAX); n at most 2^31 for the
 * binomial model (GSL takes unsigned int).  SC_EINVAL with a message. */
SC_API sc_status sc_oc_check(const sc_oc_plan *plan, sc_error *err);

/* Checks a quality p for the model: 0 <= p <= 1 (binomial,
 * hypergeometric), p >= 0 and finite (Poisson: nonconformities per item).
 * SC_EINVAL with a message naming `option` ("--p"). */
SC_API sc_status sc_oc_check_p(const sc_oc_plan *plan, double p, const char *option,
                               sc_error *err);

/* One point of the OC (S5, S6). */
typedef struct sc_oc_point {
    double p;   /* the quality used (hypergeometric: D / N) */
    double pa;  /* probability of acceptance */
    double aoq; /* average outgoing quality */
    double ati; /* average total inspection; NaN without a lot size */
} sc_oc_point;

/* The OC at quality p (checked by sc_oc_check and sc_oc_check_p). */
SC_API sc_status sc_oc_at(const sc_oc_plan *plan, double p, sc_oc_point *out, sc_error *err);

/* AOQL and the quality where it is reached (S7). */
SC_API sc_status sc_oc_aoql(const sc_oc_plan *plan, double *aoql, double *p_at, sc_error *err);

/* The quality at which Pa = pa (0 < pa < 1) (S8).  SC_EDOMAIN when Pa
 * never falls to pa (Ac >= n under the binomial model). */
SC_API sc_status sc_oc_quality_at(const sc_oc_plan *plan, double pa, double *p, sc_error *err);

/* The default grid of qualities for an OC table and curve: at most `count`
 * (>= 2) points from 0 in a readable step (1, 2, 2.5 or 5 times a power of
 * ten), up to the first at or beyond the quality where Pa = 1%; under the
 * hypergeometric model each point is a whole D / N, once.  Caller frees *out. */
SC_API sc_status sc_oc_grid(const sc_oc_plan *plan, size_t count, double **out, size_t *nout,
                            sc_error *err);

/* ---- assessing a declared quality level (ISO 2859-4 = GB/T 2828.4) -------------
 *
 *  S9.  A declared quality level (DQL, a proportion nonconforming) is not
 *       contradicted when the number d of nonconforming items in a sample of n
 *       is at most the limiting number L.  The risks of a plan (n, L) are
 *       alpha = P(d > L | p = DQL), of contradicting a correct DQL, and
 *       beta = P(d <= L | p = LQ), of not contradicting when the quality is the
 *       limiting quality LQ (= LQR x DQL).  d follows the OC models of S5 (the
 *       hypergeometric one for small populations, GB/T 2828.11).
 *  S10. The plan for (DQL, LQ) is the one with the smallest n for which
 *       alpha <= 5% and beta <= 10% (ISO 2859-4: the producer-side and the
 *       consumer-side risks): for L = 0, 1, 2, ... the smallest n with
 *       beta <= 10% (it grows with L) is taken, and the first L at which that n
 *       also has alpha <= 5% gives the plan.
 */

typedef struct sc_dql_risks {
    double p_dql;  /* P(d <= L | DQL): the DQL is not contradicted */
    double alpha;  /* 1 - p_dql */
    double beta;   /* P(d <= L | LQ); NaN without an LQ */
    double lq10;   /* the quality at which P(d <= L) = 10% (S8) */
} sc_dql_risks;

/* The risks of the plan (n, L = plan->ac) for `dql` and `lq` (NaN: none), S9.
 * SC_EINVAL with a message for a bad plan or qualities outside the model's
 * range. */
SC_API sc_status sc_dql_risks_of(const sc_oc_plan *plan, double dql, double lq,
                                 sc_dql_risks *out, sc_error *err);

/* The smallest plan of S10 with the risks `alpha` and `beta` (0.05 and 0.10
 * in ISO 2859-4): fills plan->n and plan->ac (= L), keeping its model and lot
 * size.  SC_EINVAL for lq <= dql or risks outside (0, 1); SC_EDOMAIN with a
 * message when no plan exists (a population too small to tell DQL from LQ,
 * or n beyond the model's limit). */
SC_API sc_status sc_dql_plan_find(double dql, double lq, double alpha, double beta,
                                  sc_oc_plan *plan, sc_error *err);

/* ---- sample sizes for a pass rate -------------------------------------------------
 *
 *  S11. Margin: the smallest n for which the interval of `method` at `level`
 *       for x = round(n p) of n (half to even), p the anticipated rate, has
 *       half-width (upper - lower) / 2 at most the margin.  When 0 < p < 1,
 *       n with x = 0 or x = n are skipped: there Wald's interval is [0, 0],
 *       a width that says nothing about the margin.  Exact and
 *       score intervals saw-tooth in n, so n + 1 may miss the margin again;
 *       the first n is the answer, as sample-size programs give it.
 *  S12. Finite population: n_N = ceil(n / (1 + (n - 1) / N)) (Cochran 1977,
 *       4.4), at most N.
 *  S13. Power: with the true rate p1, the probability that the target verdict
 *       of sc_prop_target (method, level) at n says "meets" the target p0,
 *       by exact enumeration: "meets" holds for x at or beyond a critical
 *       count (floor: x >= x_crit; ceiling: x <= x_crit), found by bisection
 *       over x, and the power is the binomial tail there.  The sample size is
 *       the smallest n (counting up) whose power is at least the one asked;
 *       power also saw-tooths in n.
 */

/* S11: *n and the interval at it.  SC_EINVAL with a message for a rate
 * outside [0, 1], a margin outside (0, 0.5], a bad level or method;
 * SC_EDOMAIN when no n up to 10^8 reaches the margin. */
SC_API sc_status sc_size_for_margin(double rate, double margin, sc_ci_method method,
                                    double level, uint64_t *n, sc_interval *at, sc_error *err);

/* S12: n for a population of N (N = 0: n itself). */
SC_API uint64_t sc_size_finite(uint64_t n, uint64_t population);

/* S13: the power at n, with the critical count (*x_crit; n + 1 for a floor,
 * or UINT64_MAX for a ceiling, when no count meets the target).  SC_EINVAL
 * for rates outside (0, 1), a bad level or method. */
SC_API sc_status sc_power_meets(uint64_t n, double p1, double p0, sc_target_kind kind,
                                sc_ci_method method, double level, double *power,
                                uint64_t *x_crit, sc_error *err);

/* S13: the smallest n with power >= `power` (0 < power < 1); its power and
 * critical count.  SC_EINVAL when p1 is not on the meeting side of p0 (above
 * a floor, below a ceiling) or power is outside (0, 1); SC_EDOMAIN when no n
 * up to 10^7 is enough. */
SC_API sc_status sc_size_for_power(double p1, double p0, sc_target_kind kind, sc_ci_method method,
                                   double level, double power, uint64_t *n, double *achieved,
                                   uint64_t *x_crit, sc_error *err);

/* ---- sample size per period for a change between two periods ----------------------
 *
 *  S14. Change: two periods of n batches each, x0 ~ Bin(n, p0) in the
 *       baseline and x1 ~ Bin(n, p1) in the current period, independent.
 *       spotcheck diff's verdict (sc_twoprop_summarize) is `improved` or
 *       `worse` when the two-sided interval of `method` at `level` for
 *       x1/n - x0/n lies strictly on one side of 0 (sc_twoprop_change).  The
 *       power is the probability that it lies on the side of the true change
 *       p1 - p0, by enumeration over both counts: the sum over x0 of
 *       dbinom(x0; n, p0) times P(X1 >= b(x0)) for a rise (P(X1 < b(x0)) for
 *       a fall), where b(x0) is the boundary count of the current period (a
 *       rise shows for x1 >= b, a fall for x1 < b).  The interval's bounds
 *       rise with x1 and fall with x0, so b is found by bisection for the
 *       first x0 and then walks up.  Baseline counts with dbinom below 1e-18
 *       are left out (their total weight is far below 1e-12).  The sample
 *       size is the smallest n per period whose power is at least the one
 *       asked, counting up from a quarter of the normal approximation (S15)
 *       or, when that is above 1000, from the largest approx (1 - k/20)
 *       (k = 1 .. 15) whose power is 5 points short of it.  Like S13 the power
 *       saw-tooths in n, much less than for one rate: beyond n = 100 by at
 *       most 2 points in our checks, so no n below that start has the power.
 *  S15. The normal approximation of R's power.prop.test (two-sided,
 *       strict = FALSE): sqrt(n) |p1 - p0| = z_{1-a/2} sqrt(2 pbar (1 - pbar))
 *       + z_power sqrt(p0 (1 - p0) + p1 (1 - p1)), pbar = (p0 + p1) / 2,
 *       a = 1 - level; n is real (round it up for a sample).
 */

/* The largest sample per period of S14 (a change of 1 point needs at most
 * 39,240). */
#define SC_CHANGE_N_MAX UINT64_C(50000)

/* S14: the power at n per period of diff's verdict on the change from
 * `baseline` to `current`.  SC_EINVAL for rates outside (0, 1) or equal, a
 * bad level or method, n = 0 or n above SC_CHANGE_N_MAX. */
SC_API sc_status sc_power_change(uint64_t n, double baseline, double current,
                                 sc_diff_method method, double level, double *power,
                                 sc_error *err);

/* S15: the (real) n per period of the normal approximation.  SC_EINVAL for
 * rates outside (0, 1) or equal, a level outside (0.5, 1), a power outside
 * (0, 1). */
SC_API sc_status sc_size_normal_change(double baseline, double current, double level,
                                       double power, double *n, sc_error *err);

/* S14: the smallest n per period with power >= `power`, and its power.
 * SC_EINVAL as sc_power_change or for a power outside (0, 1); SC_EDOMAIN
 * with a message when the approximation passes SC_CHANGE_N_MAX per period
 * or no n up to it has the power. */
SC_API sc_status sc_size_for_change(double baseline, double current, sc_diff_method method,
                                    double level, double power, uint64_t *n, double *achieved,
                                    sc_error *err);

#ifdef __cplusplus
}
#endif
#endif
