/* spotcheck — the analysis layer: one call per tool job, turning grouped
 * counts into the job's result table (and chart model).  The tools, and the
 * quarterly summary and report built on them, call these, so that each number
 * is computed in one place only.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ANALYSIS_H
#define SPOTCHECK_ANALYSIS_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "spotcheck/allocate.h"
#include "spotcheck/check.h"
#include "spotcheck/draw.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/items.h"
#include "spotcheck/multi.h"
#include "spotcheck/period.h"
#include "spotcheck/plot.h"
#include "spotcheck/prop.h"
#include "spotcheck/sampling.h"
#include "spotcheck/spc.h"
#include "spotcheck/stratify.h"
#include "spotcheck/twoprop.h"
#include "spotcheck/table.h"
#include "spotcheck/targets.h"
#include "spotcheck/trend.h"
#include "spotcheck/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- rates per group (spotcheck rate) --------------------------------------- */

typedef struct sc_rate_opts {
    sc_ci_method method;  /* interval method */
    double level;         /* confidence level, in (0, 1); above 0.5 when one-sided */
    sc_sided sided;       /* two-sided interval, or one bound */
    sc_rate_kind kind;    /* pass rate or unqualified rate */
    double target;        /* NaN: no target; else the verdict column (a floor on the
                             pass rate, a ceiling on the unqualified rate) */
    const sc_targets *targets; /* NULL: none; else each group's own target (targets.h),
                             with target NaN; the total row takes the row matching
                             every group */
    bool enterprise_unit; /* the last key part of the groups is the enterprise:
                             count enterprises (one passes when all its batches do) */
    bool total;           /* add a row for all groups together */
    sc_sort_order sort;   /* order of the group rows; the total row stays last */
    bool reverse;
    sc_lang lang;         /* the total row's label: "Total" or "合计" */
    sc_lang words;        /* words in cells (verdicts, methods): SC_LANG_ZH only for
                             tables meant for people (sc_word) */
    size_t threads;       /* 0 or 1: one; more: the rows of many groups are set on up
                             to this many threads (the table is the same) */
} sc_rate_opts;

/* The defaults of spotcheck rate: Wilson at 0.95, two-sided, pass rate, no
 * target, batches, no total, first-appearance order, English. */
SC_API void sc_rate_opts_init(sc_rate_opts *opts);

/* Where sc_rate_table put its columns; SC_NO_COLUMN for those left out. */
typedef struct sc_rate_columns {
    size_t nkeys;   /* the group columns are 0 .. nkeys - 1 */
    size_t ngroups; /* the group rows are 0 .. ngroups - 1; a total row follows */
    size_t n, passed, failed, rate, lower, upper, method, level, target, verdict, p_value;
    size_t target_label; /* with a targets file that has labels */
    size_t no_target; /* with opts->targets: the groups (not the total) without a target */
} sc_rate_columns;

/* The table of spotcheck rate (DESIGN.md §5): for each group of `groups`
 * (every key part a group column, but the enterprise with enterprise_unit),
 * n, passed, failed, the rate x/n (an exact fraction) with its interval,
 * method and level, and with a target the target, verdict (sc_prop_target)
 * and p_value (with targets, each group's own: empty for a group without
 * one); sorted, then the total row.  The total with enterprise_unit
 * counts each enterprise once over all its batches.  Errors: SC_EDATA (a
 * group beyond SC_COUNT_MAX), SC_EINVAL (bad options), SC_ENOMEM, those of
 * the statistics; with the message in err.  On success the caller frees
 * *out with sc_table_free; on error *out is NULL. */
SC_API sc_status sc_rate_table(const sc_groups *groups, const sc_rate_opts *opts, sc_table **out,
                               sc_rate_columns *cols, sc_error *err);

/* The chart of spotcheck rate: the group rows of `table` (not the total)
 * ranked by rate with their intervals, and the target line; titles in
 * opts->lang; the group axis named after the key parts of `groups`.  The
 * caller sets the output and frees *out with sc_chart_free. */
SC_API sc_status sc_rate_chart(const sc_table *table, const sc_rate_columns *cols,
                               const sc_groups *groups, const sc_rate_opts *opts, sc_chart **out,
                               sc_error *err);

/* ---- stratified rates (spotcheck rate --strata) --------------------------------- */

typedef struct sc_strata_rate_opts {
    size_t nstrata;                   /* the last nstrata key parts are the strata */
    const sc_population *population;  /* N_h of each stratum (stratify.h P1-P4: a file or a
                                         column of the records) */
    double level;                     /* of the logit interval */
    sc_rate_kind kind;                /* pass rate or unqualified rate */
    sc_lang words;                    /* words in cells (the method) */
} sc_strata_rate_opts;

/* Level 0.95, pass rate, English; no strata or population yet. */
SC_API void sc_strata_rate_opts_init(sc_strata_rate_opts *opts);

typedef struct sc_strata_rate_columns {
    size_t nkeys;   /* the group columns 0 .. nkeys - 1 */
    size_t ngroups; /* rows */
    size_t n, passed, failed, strata, population, crude_rate, rate, se, lower, upper, method,
        level, df, deff;
} sc_strata_rate_columns;

/* The table of spotcheck rate --strata (analysis_stratify.c contract 2):
 * for each group of the outer key parts (all parts but the last nstrata),
 * n, passed, failed, the number of strata, the population, the crude rate
 * x/n, the stratified rate (stratify.h T1) with its standard error, the
 * logit interval (T2; empty when the rate is 0 or 1), method "logit",
 * level, the design's degrees of freedom and the design effect (T3).
 * Errors: SC_EDATA naming the group, the stratum and the population file's
 * line (a stratum without batches or without a population row, a population
 * below the sample, a stratum of one batch), SC_EINVAL, SC_ENOMEM.  Caller
 * frees *out with sc_table_free. */
SC_API sc_status sc_strata_rate_table(const sc_groups *groups, const sc_strata_rate_opts *opts,
                                      sc_table **out, sc_strata_rate_columns *cols,
                                      sc_error *err);

/* ---- comparisons adjusted for strata (compare and diff --adjust-for) -------------- */

typedef struct sc_adjust_opts {
    size_t nstrata;                /* the last nstrata key parts are the strata */
    const sc_population *standard; /* NULL: the pooled mix of the groups compared; else a
                                      standard population keyed by the strata alone (P1) */
    sc_period current, baseline;   /* diff: from sc_diff_periods */
    double level;
    sc_rate_kind kind;             /* the rate counted: pass or unqualified */
    bool correct;                  /* the CMH test with the continuity correction */
    sc_lang lang;
    sc_lang words;                 /* words in cells (verdicts, tests) */
} sc_adjust_opts;

/* Level 0.95, pass rate, the pooled standard, no correction, English. */
SC_API void sc_adjust_opts_init(sc_adjust_opts *opts);

/* Where the adjusted tables put their columns (SC_NO_COLUMN: left out). */
typedef struct sc_adjusted_columns {
    size_t nkeys;   /* group columns 0 .. nkeys - 1 */
    size_t ngroups; /* rows */
    size_t period_current, period_other, n, n_other, passed, rate, rate_other, diff;
    size_t strata, strata_left_out, std_rate, std_rate_other, std_diff, std_lower, std_upper;
    size_t mh_diff, mh_lower, mh_upper, mh_odds_ratio, mh_or_lower, mh_or_upper;
    size_t cmh_statistic, cmh_p_value, bd_statistic, bd_df, bd_p_value, verdict;
} sc_adjusted_columns;

/* The table of spotcheck diff --adjust-for: `g` keyed by nby --by parts,
 * the period, and opts->nstrata strata parts.  One row per --by group:
 * period_current, n_current, rate_current, period_baseline, n_baseline,
 * rate_baseline, diff (crude, current minus baseline), strata (those with
 * batches in both periods: stratify.h M1), strata_left_out (with batches in
 * one period only), std_rate_current, std_rate_baseline, std_diff with
 * std_lower and std_upper (M6), mh_diff with mh_lower and mh_upper (M3),
 * mh_odds_ratio with mh_or_lower and mh_or_upper (M2, current against
 * baseline), cmh_statistic and cmh_p_value (M4, with opts->correct),
 * bd_statistic, bd_df, bd_p_value (M5), and verdict: improved or worse only
 * when the MH interval excludes 0 and the CMH p-value is below 1 - level,
 * else unchanged (so the verdict contradicts neither).  A group in one period
 * only, or with no stratum in both, has its counts and empty statistics.
 * Errors: SC_EDATA for a period without batches (sca_no_batches) or a
 * stratum missing from the standard, SC_EINVAL, SC_ENOMEM.  Caller frees
 * *out with sc_table_free. */
SC_API sc_status sc_adjusted_diff_table(const sc_groups *g, size_t nby,
                                        const sc_adjust_opts *opts, sc_table **out,
                                        sc_adjusted_columns *cols, sc_error *err);

typedef struct sc_adjusted_compare_result {
    sc_table *groups; /* one row per group against the rest of the groups */
    sc_table *tests;  /* the generalised CMH test of all groups */
    sc_adjusted_columns cols;
    size_t strata_left_out; /* groups with strata left out (a stratum they or the rest lack) */
    size_t cmh_groups_left_out; /* groups sharing no stratum with another: not in the
                                   generalised test, whose df is the others' count - 1 */
} sc_adjusted_compare_result;

/* The tables of spotcheck compare --adjust-for: `g` keyed by the compared
 * group parts and then opts->nstrata strata parts.  groups: per group n,
 * passed, rate, rate_rest (all other groups together), diff (crude, the
 * group minus the rest), and the columns of sc_adjusted_diff_table from
 * strata to bd_p_value with the group as group 1 and the rest as group 2
 * (std_rate, std_rate_rest: each standardised to the pooled mix of all the
 * groups, or opts->standard), no verdict.  tests: one row, test
 * "cmh-general", the generalised CMH test of no association between the
 * groups and the outcome within strata (sc_cmh_general), statistic, df
 * (groups - 1), p_value (empty when its variance is singular); groups that
 * share no stratum with another group are left out of it.  Errors as
 * sc_adjusted_diff_table.  Caller frees with
 * sc_adjusted_compare_result_free, also after an error. */
SC_API sc_status sc_adjusted_compare_tables(const sc_groups *g, const sc_adjust_opts *opts,
                                            sc_adjusted_compare_result *out, sc_error *err);
SC_API void sc_adjusted_compare_result_free(sc_adjusted_compare_result *result);

/* ---- control charts over periods (spotcheck spc) ------------------------------ */

typedef struct sc_spc_opts {
    sc_spc_chart chart;   /* p chart or Laney's p′ chart */
    double width;         /* limits at ± width sigmas (SC_SPC_DEFAULT_WIDTH) */
    sc_rate_kind kind;    /* pass rate or unqualified rate */
    sc_lang lang;         /* chart titles */
    sc_lang words;        /* periods and signals in cells: SC_LANG_ZH only for
                             tables meant for people */
} sc_spc_opts;

/* The defaults of spotcheck spc: p chart at 3 sigmas, pass rate, English. */
SC_API void sc_spc_opts_init(sc_spc_opts *opts);

/* Where sc_spc_table put its columns (SC_NO_COLUMN for those left out), and
 * how many series it holds. */
typedef struct sc_spc_columns {
    size_t nby;     /* the group columns are 0 .. nby - 1 */
    size_t nseries; /* one per --by group */
    size_t period, n, passed, failed, rate, center, lcl, ucl, signal;
} sc_spc_columns;

/* The table of spotcheck spc (DESIGN.md §5): `groups` keyed by nby --by
 * parts and the period, split into series (sc_series_split); for each series
 * its control limits (sc_spc_compute; a series too short for limits keeps
 * its rates with the limits missing), and a row per period in time order:
 * period, n, passed (and failed beside an unqualified rate), rate, center,
 * lcl, ucl, signal.  Errors as sc_rate_table.  Caller frees *out. */
SC_API sc_status sc_spc_table(const sc_groups *groups, size_t nby, const sc_spc_opts *opts,
                              sc_table **out, sc_spc_columns *cols, sc_error *err);

/* The control chart of a table of one series from sc_spc_table: rates,
 * centre line and limits, titled in opts->lang.  SC_EINVAL for a table of
 * several series.  Caller sets the output and frees *out with sc_chart_free. */
SC_API sc_status sc_spc_control_chart(const sc_table *table, const sc_spc_columns *cols,
                                      const sc_spc_opts *opts, sc_chart **out, sc_error *err);

/* ---- lot acceptance sampling plans (spotcheck plan) ---------------------------- */

typedef struct sc_lot_plan_opts {
    bool from_table;            /* the plan of ISO 2859-1 (lot_size, level, aql,
                                   inspection); false: the explicit plan n, ac */
    uint64_t lot_size;          /* N; 0 for none (an explicit plan only) */
    sc_inspection_level level;
    double aql;                 /* percent, of the series (S1); NaN: none (explicit plan) */
    sc_inspection inspection;
    uint64_t n;                 /* explicit plan */
    unsigned ac;
    sc_oc_model model;
    const double *p;            /* qualities of the OC table; NULL: sc_oc_grid's 21 */
    size_t np;
    double consumer_pa;         /* Pa at the consumer's risk quality (0.10) */
    sc_lang lang;               /* chart titles */
    sc_lang words;              /* words in cells (yes/no) */
} sc_lot_plan_opts;

/* The defaults: ISO 2859-1, level II, normal inspection, binomial, Pa 10%. */
SC_API void sc_lot_plan_opts_init(sc_lot_plan_opts *opts);

typedef struct sc_lot_plan_result {
    sc_sampling_plan plan; /* the plan used */
    sc_oc_plan oc;         /* its OC parameters */
    double aoql, aoql_p, lq, producer_risk; /* producer_risk NaN without an AQL */
    sc_table *summary;     /* one row: the plan and its OC summary */
    sc_table *curve;       /* the OC table: p, pa, aoq, ati */
} sc_lot_plan_result;

/* The tables of spotcheck plan for lot acceptance: the plan (from the
 * tables, sampling.h S2-S4, or explicit) with its producer's risk at the
 * AQL, the quality at Pa = consumer_pa, the AOQL and where it is reached;
 * and the OC at each p.  SC_EINVAL with a message for bad options (an AQL
 * outside the series, an AQL above 10 without the Poisson model, a p
 * outside the model's range, an impossible plan).  The caller frees with
 * sc_lot_plan_result_free (also after an error). */
SC_API sc_status sc_lot_plan_tables(const sc_lot_plan_opts *opts, sc_lot_plan_result *out,
                                    sc_error *err);

/* Frees the tables of `result`; NULL is a no-op. */
SC_API void sc_lot_plan_result_free(sc_lot_plan_result *result);

/* The OC curve of the plan (a BAND chart of Pa against p on a fine grid),
 * with the AQL and the limiting quality marked.  Caller sets the output and
 * frees *out with sc_chart_free. */
SC_API sc_status sc_lot_plan_chart(const sc_lot_plan_opts *opts, const sc_lot_plan_result *result,
                                   sc_chart **out, sc_error *err);

/* ---- assessing a declared quality level (spotcheck plan --dql) ----------------- */

typedef struct sc_dql_opts {
    double dql;         /* declared quality level, a proportion in (0, 1) */
    double lq;          /* limiting quality; NaN: dql x lqr */
    double lqr;         /* limiting quality ratio; NaN: from lq (or none with a given plan) */
    bool given_plan;    /* the risks of (n, limit) instead of finding a plan */
    uint64_t n;
    unsigned limit;
    uint64_t lot_size;  /* the population; 0: none (needed by the hypergeometric model) */
    sc_oc_model model;
    double alpha, beta; /* 0.05 and 0.10 (ISO 2859-4) */
    sc_lang lang;       /* chart titles */
    sc_lang words;      /* words in cells (found, given) */
} sc_dql_opts;

/* The defaults: no DQL yet, binomial, alpha 5%, beta 10%, English. */
SC_API void sc_dql_opts_init(sc_dql_opts *opts);

typedef struct sc_dql_result {
    sc_oc_plan plan;    /* n, ac = the limiting number L, model, lot size */
    sc_dql_risks risks;
    double lq;          /* the limiting quality used; NaN: none */
    sc_table *table;    /* one row: dql, lq, lqr, population, model, plan, n, limit,
                           p_not_contradicted, alpha, beta, lq10 */
} sc_dql_result;

/* The table of spotcheck plan --dql (sampling.h S9-S10): the smallest plan
 * for the DQL and the limiting quality, or the risks of a given plan.
 * SC_EINVAL with a message for bad options; SC_EDOMAIN when no plan exists.
 * The caller frees with sc_dql_result_free (also after an error). */
SC_API sc_status sc_dql_table(const sc_dql_opts *opts, sc_dql_result *out, sc_error *err);

/* Frees the table of `result`; NULL is a no-op. */
SC_API void sc_dql_result_free(sc_dql_result *result);

/* The plan's curve of P(d <= L) against the quality, with the DQL and the
 * LQ marked and the line at beta.  Caller sets the output and frees *out. */
SC_API sc_status sc_dql_chart(const sc_dql_opts *opts, const sc_dql_result *result,
                              sc_chart **out, sc_error *err);

/* ---- sample sizes for a pass rate (spotcheck plan --margin, --target) ------------ */

typedef struct sc_size_opts {
    sc_rate_kind kind;     /* the rate the numbers are of: pass or unqualified */
    double expected;       /* the anticipated rate */
    double margin;         /* NaN: no margin question */
    double target;         /* NaN: no power question; a floor on the pass rate, a ceiling
                              on the unqualified rate */
    double change;         /* NaN: no change question; else the change to detect between
                              two periods, current minus baseline (`expected`), as a
                              proportion (0.05 for 5 points) (S14) */
    sc_diff_method diff_method; /* the change's interval, as in diff (newcombe) */
    double power;          /* wanted power (0.80) */
    sc_ci_method method;   /* interval (margin) and verdict (power), as in rate */
    double level;          /* confidence level (0.95) */
    uint64_t population;   /* 0: none; else the margin's n is corrected (S12) */
    sc_lang lang;          /* chart titles */
    sc_lang words;         /* words in cells */
} sc_size_opts;

/* The defaults: pass rate, power 0.80, Wilson at 0.95, no population. */
SC_API void sc_size_opts_init(sc_size_opts *opts);

typedef struct sc_size_result {
    uint64_t n;            /* the sample size (before the population correction) */
    uint64_t n_population; /* with --population, else n */
    sc_interval at;        /* margin: the interval at n */
    double power;          /* power: the power at n */
    uint64_t x_needed;     /* power: the count of passed (at least) or unqualified (at
                              most) batches that meets the target at n */
    double n_normal;       /* change: the normal approximation's real n (S15) */
    double power_normal;   /* change: the exact power at ceil(n_normal) */
    sc_table *table;       /* one row */
} sc_size_result;

/* The table of a sample-size question (sampling.h S11-S15): with a margin,
 * rate, expected, margin, method, level, population, n, n_population, lower,
 * upper, half_width; with a target, rate, expected, target, method, level,
 * power_wanted, n, x_needed, power; with a change, rate, baseline, change,
 * current, method (of the difference), level, power_wanted, n (per period,
 * exact power of diff's verdict, S14), power, n_normal (power.prop.test's n
 * rounded up, S15), power_at_n_normal (the exact power there).  SC_EINVAL
 * with a message for bad options (two questions or none, a margin of 0, a
 * power of 1 or more, an expected rate on the wrong side of the target, a
 * change that leaves (0, 1)); SC_EDOMAIN when no sample is big enough.  The caller frees with
 * sc_size_result_free (also after an error). */
SC_API sc_status sc_size_table(const sc_size_opts *opts, sc_size_result *out, sc_error *err);

/* Frees the table of `result`; NULL is a no-op. */
SC_API void sc_size_result_free(sc_size_result *result);

/* The power question's curve: the power against n (a BAND chart from about
 * n / 4 to 2 n), the wanted power as a line and n marked; for a change the
 * exact power of S14 against n per period.  SC_EINVAL for a margin
 * question.  Caller sets the output and frees *out. */
SC_API sc_status sc_size_chart(const sc_size_opts *opts, const sc_size_result *result,
                               sc_chart **out, sc_error *err);

/* ---- a total sample allocated over strata (spotcheck plan --strata) --------------- */

typedef struct sc_allocation_opts {
    sc_allocation allocation;  /* proportional (the default), equal or neyman */
    uint64_t total;            /* the total sample */
    uint64_t min_per_stratum;  /* 0: none */
} sc_allocation_opts;

/* The table of an allocation (allocate.h A1-A5) over the strata of a strata
 * file (A6): stratum, population, rate (when the file has the column), quota
 * (the exact share), n (rounded, the n sum to the total), fraction (n /
 * population).  SC_EDATA naming the file (and line) when Neyman allocation
 * finds no rate column or an empty rate; SC_EINVAL with a message for a
 * total above the population or minimums above the total.  Caller frees
 * *out with sc_table_free. */
SC_API sc_status sc_allocation_table(const sc_strata *strata, const sc_allocation_opts *opts,
                                     sc_table **out, sc_error *err);

/* ---- a reproducible random selection (spotcheck draw) --------------------------- */

typedef struct sc_draw_opts {
    const char *seed;          /* the seed's text (draw.h D1) */
    const char *const *by;     /* the strata columns (names or 1-based numbers) */
    size_t nby;
    uint64_t total;            /* the number to draw; 0 with a fraction */
    double fraction;           /* NaN, or the fraction of the register to draw */
    sc_allocation allocation;  /* of the total: proportional, equal or neyman */
    const char *rate_column;   /* neyman: the register column of anticipated rates
                                  (names or 1-based number), averaged per stratum */
    const sc_draw_rates *rates; /* neyman: or each stratum's rate from a file (D7) */
    uint64_t min_per_stratum;  /* 0: none */
    const sc_id_list *exclude; /* NULL, or ids left out of the draw */
    const sc_id_list *include; /* NULL, or ids drawn in any case (D4a) */
    const sc_inspectors *inspectors; /* NULL, or inspectors assigned to the drawn units */
    const char *region_column; /* with inspectors: the register's region of each unit */
    size_t per_visit;          /* with inspectors: inspectors per unit (0: 2) */
} sc_draw_opts;

typedef struct sc_draw_result {
    sc_table *selection; /* the drawn rows: every column, stratum, rank (and included) */
    sc_table *strata;    /* stratum, population, excluded, included, quota, n, fraction */
    uint64_t excluded;   /* units of the register left out by the exclude list */
    uint64_t exclude_unknown; /* ids of the exclude list not in the register */
    uint64_t raised;     /* units drawn beyond the total because included units needed them */
    size_t no_variance;  /* neyman: strata with an anticipated rate of 0 or 1 (weight 0) */
    sc_table *loads;     /* with inspectors: inspector, region, load */
    uint64_t load_min, load_max; /* with inspectors: the fewest and most visits */
} sc_draw_result;

/* The draw of spotcheck draw: the register's units grouped into strata by
 * the --by values (strata in the byte order of their values), the units of
 * the exclude list left out first (the strata's population counts the
 * rest), the total (or ceil(fraction x units left)) allocated over them
 * (allocate.h A1-A5; a fraction proportionally), and in each stratum the
 * units of rank 1 .. n_h (draw.h D1-D4a), by stratum and rank; a stratum
 * whose included units outnumber its n_h draws them all (out->raised counts
 * the units beyond the total).  SC_EINVAL with a message for a column the
 * register lacks, a total above its size or both or none of total and
 * fraction; SC_EDATA for a duplicate id, an empty register, an included id
 * not in the register or also excluded (naming the list's file and line).  The caller
 * frees with sc_draw_result_free (also after an error). */
SC_API sc_status sc_draw_tables(const sc_register *reg, const sc_draw_opts *opts,
                                sc_draw_result *out, sc_error *err);

/* Frees the tables of `result`; NULL is a no-op. */
SC_API void sc_draw_result_free(sc_draw_result *result);

/* The audit record of a draw (JSON): the tool's version, the algorithm, the
 * seed, the register's id column, size and SHA-256 (draw.h D8), the options
 * (the id lists and inspectors written out whole, so that the record alone
 * re-derives the draw), and per stratum its population, exclusions,
 * inclusions, rate (Neyman), quota, n and selected ids in rank order (with
 * their inspectors).  `result` is sc_draw_tables's for `reg` and `opts`.
 * SC_EIO from the stream; SC_ENOMEM. */
SC_API sc_status sc_draw_audit_write(FILE *out, const sc_register *reg,
                                     const sc_draw_opts *opts, const sc_draw_result *result,
                                     sc_error *err);

typedef struct sc_draw_check {
    bool match;                  /* the re-derived record equals the recorded one */
    char difference[SC_ERROR_MESSAGE_MAX]; /* the first difference, when not */
    uint64_t drawn, units;       /* of the re-derived draw */
    char sha256[65];             /* of the register given */
} sc_draw_check;

/* Re-derives the draw of the audit record at `audit_path` from the register at
 * `register_path` (read with `csv`) and compares the records, all but the
 * version and the register's file name: out->match, or the first difference
 * as "PATH: recorded X, re-derived Y" (also when the register cannot give the
 * recorded draw: too few units, a --by column missing).  SC_ENOENT; SC_EDATA
 * for a file that is not an audit record (naming its line) or a bad
 * register. */
SC_API sc_status sc_draw_verify(const char *audit_path, const char *register_path,
                                const sc_csv_opts *csv, sc_draw_check *out, sc_error *err);

/* ---- groups compared (spotcheck compare) --------------------------------------- */

/* Pairwise comparisons grow as k²: beyond this many groups they are refused. */
#define SC_PAIRWISE_MAX_GROUPS 2000
/* Monte-Carlo tables for a sparse k×2 table when none are asked for (R's default). */
#define SC_MONTE_CARLO_DEFAULT 2000
/* From this many groups a sparse table's p-value, unless tables are asked
 * for, is X²'s two-moment one (pearson-moments, multi.c M9) instead of
 * Monte-Carlo: X² sums so many groups that its exact mean and variance fix
 * its distribution to within the Monte-Carlo error of 2000 tables (checked
 * against R's chisq.test with 100,000 tables), in O(k) instead of O(2000 k). */
#define SC_MOMENTS_MIN_GROUPS 1000

typedef struct sc_compare_opts {
    sc_ci_method method;           /* interval of each group's rate */
    sc_diff_method diff_method;    /* interval of group minus the rest, and of pairs */
    double level;
    sc_rate_kind kind;
    bool funnel;                   /* funnel limits and places (Spiegelhalter 2005) */
    sc_funnel_dispersion dispersion;
    bool pairwise;                 /* the pairwise table */
    sc_adjust_method adjust;       /* p-value adjustment of the pairs */
    uint64_t replicates;           /* Monte-Carlo tables: 0 for SC_MONTE_CARLO_DEFAULT, and
                                      only when the table is sparse */
    uint64_t seed;                 /* of the Monte-Carlo generator, at most 2^32 - 1 */
    sc_sort_order sort;            /* of the groups table */
    bool reverse;
    sc_lang lang;                  /* chart texts */
    sc_lang words;                 /* words in cells (tests, funnel places) */
    sc_rounding rounding;          /* of the overall rate in chart texts */
    const sc_targets *targets;     /* NULL: none; else each group's own target (targets.h):
                                      target, verdict, target_p_value columns */
} sc_compare_opts;

/* The defaults of spotcheck compare: Wilson and Newcombe at 0.95, pass rate,
 * no funnel, no pairs (Holm when asked), seed 1, first-appearance order. */
SC_API void sc_compare_opts_init(sc_compare_opts *opts);

typedef struct sc_compare_columns {
    size_t nkeys; /* the group columns of the groups table are 0 .. nkeys - 1 */
    size_t n, passed, failed, rate, lower, upper, diff, diff_lower, diff_upper, p_value;
    size_t funnel_lower95, funnel_upper95, funnel_lower998, funnel_upper998, funnel;
    size_t target, verdict, target_p_value; /* with opts->targets */
    size_t target_label;                    /* with a targets file that has labels */
} sc_compare_columns;

/* What sc_compare_tables returns: the three tables of DESIGN.md §5 (the
 * pairwise table has its columns but no rows without opts->pairwise), where
 * the groups table's columns are, the pooled rate, and the fitted funnel
 * (phi and tau2 of its over-dispersion model) with opts->funnel. */
typedef struct sc_compare_result {
    sc_table *groups, *tests, *pairwise;
    sc_compare_columns cols;
    double overall; /* NaN without batches */
    sc_funnel funnel;
    size_t no_target; /* with opts->targets: the groups without a target */
    bool moments;     /* the tests' p-value for small expected counts is pearson-moments,
                         not Monte-Carlo (SC_MOMENTS_MIN_GROUPS) */
} sc_compare_result;

/* Compares the groups of `groups` (every key part a group column): each
 * group's rate and interval, its difference from the rest of the groups with
 * interval and p-value, funnel limits and place, and with targets its own
 * target, verdict and exact p-value (target_p_value; empty for a group
 * without a target, as sc_rate_table); the homogeneity tests
 * (Pearson, G, and when sparse or asked Monte-Carlo, or with many groups the
 * two-moment p-value); the pairwise table with
 * adjusted p-values.  SC_EINVAL (with the message) for pairs of more than
 * SC_PAIRWISE_MAX_GROUPS groups.  Caller frees with sc_compare_result_free,
 * also after an error. */
SC_API sc_status sc_compare_tables(const sc_groups *groups, const sc_compare_opts *opts,
                                   sc_compare_result *out, sc_error *err);
SC_API void sc_compare_result_free(sc_compare_result *result);

/* The chart of spotcheck compare: with `funnel_chart` (needs opts->funnel)
 * the funnel plot of the rates against n with the limit curves, else the
 * groups ranked by rate with their intervals and the overall rate.  Caller
 * sets the output and frees *out with sc_chart_free. */
SC_API sc_status sc_compare_chart(const sc_compare_result *result, const sc_groups *groups,
                                  const sc_compare_opts *opts, bool funnel_chart, sc_chart **out,
                                  sc_error *err);

/* ---- change between two periods (spotcheck diff: 同比, 环比) --------------------- */

/* Resolves --current and --baseline: `current` a period (rolled up to `per`
 * unless SC_PERIOD_NONE), `baseline` a period, or year-ago / 同比 (the same
 * period a year before) or previous / 环比 (the period before).  SC_EINVAL
 * with a message naming the option for a period that does not parse, a
 * baseline equal to the current period or of another kind. */
SC_API sc_status sc_diff_periods(const char *current, const char *baseline, sc_period_kind per,
                                 sc_period *now, sc_period *then, sc_error *err);

/* --sort of spotcheck diff: by the group columns, or by the change. */
typedef enum sc_diff_sort { SC_DIFF_SORT_NONE, SC_DIFF_SORT_KEY, SC_DIFF_SORT_DIFF } sc_diff_sort;

typedef struct sc_diff_opts {
    sc_period current, baseline; /* from sc_diff_periods */
    sc_diff_method method;       /* interval of the difference */
    double level;
    sc_rate_kind kind;
    bool yates;                  /* continuity correction of the chi-square test */
    bool all_groups;             /* the total over every group, not only the comparable */
    sc_diff_sort sort;
    bool reverse;
    sc_lang lang;                /* the total row's label and chart texts */
    sc_lang words;               /* words in cells (tests, verdicts) */
    const sc_targets *targets;   /* NULL: none; else each group's change target (the
                                    targets file's change column, targets.h) */
} sc_diff_opts;

/* The defaults of spotcheck diff: Newcombe at 0.95, pass rate, no Yates,
 * comparable totals, first-appearance order; the periods are unset. */
SC_API void sc_diff_opts_init(sc_diff_opts *opts);

typedef struct sc_diff_columns {
    size_t nby;     /* the group columns are 0 .. nby - 1 */
    size_t ngroups; /* the group rows; with nby > 0 the total row follows */
    size_t period_current, n_current, passed_current, failed_current, rate_current;
    size_t period_baseline, n_baseline, passed_baseline, failed_baseline, rate_baseline;
    size_t diff, lower, upper, ratio, ratio_lower, ratio_upper, odds_ratio, or_lower, or_upper;
    size_t test, p_value, verdict;
    size_t change_target, change_verdict; /* with opts->targets */
    size_t target_label;                  /* with a targets file that has labels */
    size_t no_target; /* with opts->targets: the groups (not the total) without a change
                         target */
} sc_diff_columns;

/* The groups the total row leaves out (DESIGN.md §4, comparable groups): how
 * many, how many it keeps, and the first eight named as
 * "丙 (none in 2023Q3), 丁 (none in 2024Q3)". */
typedef struct sc_diff_left_out {
    size_t count, comparable;
    char names[512];
} sc_diff_left_out;

/* The table of spotcheck diff (DESIGN.md §5): `groups` keyed by nby --by
 * parts and the period (canonical); one row per --by group present in either
 * period, with the counts of both periods and the change (difference with
 * its interval, rate ratio, odds ratio, test, p-value, verdict; empty when a
 * period has no batches), with targets the group's change target in points
 * (change_target, on the scale of opts->kind) and change_verdict: meets when
 * the one-sided --method bound of the change at `level` is beyond the target
 * in its direction, below when the other bound is short of it, else
 * inconclusive (no target: both empty; the total row takes the row
 * matching every group), sorted, then with nby > 0 the total row over the
 * groups present in both periods (every group with all_groups).  Errors:
 * SC_EINVAL when the data's periods are of another kind than `current` (with
 * advice), SC_EDATA when a period has no batches (naming the data's first
 * and last periods), those of the statistics.  Caller frees *out. */
SC_API sc_status sc_diff_table(const sc_groups *groups, size_t nby, const sc_diff_opts *opts,
                               sc_table **out, sc_diff_columns *cols, sc_diff_left_out *left_out,
                               sc_error *err);

/* The chart of spotcheck diff: the change of each group (not the total) in
 * percentage points with its interval, and the line of no change.  Caller
 * sets the output and frees *out with sc_chart_free. */
SC_API sc_status sc_diff_chart(const sc_table *table, const sc_diff_columns *cols,
                               const sc_groups *groups, const sc_diff_opts *opts, sc_chart **out,
                               sc_error *err);

/* ---- trends over periods (spotcheck trend) -------------------------------------- */

typedef struct sc_trend_opts {
    sc_trend_model model;      /* fitted through its registry row (sc_trend_models) */
    sc_dispersion dispersion;  /* of the logistic model */
    double level;              /* of every interval */
    sc_rate_kind kind;         /* pass rate or unqualified rate; for a value series, a
                                  target is a floor with SC_RATE_PASS, else a ceiling */
    bool forecast_given;       /* the forecast columns, at `forecast` */
    sc_period forecast;        /* of the data's kind of period (the caller resolves it) */
    double target;             /* NaN: none; else the target_period column */
    const sc_targets *targets; /* NULL: none; else each series' own target (targets.h,
                                  for rates only), with target NaN: the target,
                                  target_period, and with a by_period the fitted trend
                                  then and its verdict */
    sc_lang lang;              /* chart texts */
    sc_lang words;             /* words and periods in cells: SC_LANG_ZH only for tables
                                  meant for people */
} sc_trend_opts;

/* The defaults of spotcheck trend: logistic, dispersion auto, 0.95, pass
 * rate, no forecast, no target, English. */
SC_API void sc_trend_opts_init(sc_trend_opts *opts);

/* Where the fit table's columns are; SC_NO_COLUMN for those left out. */
typedef struct sc_trend_fit_columns {
    size_t nby; /* the group columns are 0 .. nby - 1 */
    size_t model, condition, periods, slope, slope_lower, slope_upper, profile_lower,
        profile_upper, slope_per_period, odds_ratio, p_value, deviance, dispersion, quasi,
        ca_statistic, ca_p_value, forecast_period, forecast_rate, forecast_lower,
        forecast_upper, target_period;
    size_t target, by_period, by_period_rate, by_period_lower, by_period_upper,
        verdict, target_label; /* with opts->targets (target_label: with labels) */
} sc_trend_fit_columns;

/* Where the periods table's columns are; SC_NO_COLUMN for those left out
 * (rate is named "value" for a value series). */
typedef struct sc_trend_period_columns {
    size_t nby;
    size_t period, n, passed, failed, rate, lower, upper, fitted;
} sc_trend_period_columns;

/* What sc_trend_tables returns: the two tables of DESIGN.md §5, where their
 * columns are, how many series there are, how many fits have each condition
 * (with the first four groups of each by name, "a/b, c/d"; empty without
 * --by parts), for the caller's notes, and the forecast of the last series,
 * for the chart. */
typedef struct sc_trend_result {
    sc_table *fits, *periods;
    sc_trend_fit_columns fit_cols;
    sc_trend_period_columns period_cols;
    size_t nseries;
    size_t conditions[SC_TREND_CONDITION_COUNT];
    char condition_groups[SC_TREND_CONDITION_COUNT][256];
    bool forecast_present; /* the last series has a forecast */
    char forecast_period[SC_PERIOD_TEXT_MAX];
    double forecast, forecast_lower, forecast_upper;
    size_t no_target; /* with opts->targets: the series without a target */
} sc_trend_result;

/* The trend of each series of `groups` (keyed by nby --by parts and the
 * period; split by sc_series_split): the model's fit on the periods'
 * mid-years (a condition without numbers leaves them empty), the
 * Cochran-Armitage test for rates, the forecast at opts->forecast (clipped to
 * [0, 1] for a straight line on rates) and the first period reaching the
 * target (with targets, each series' own, and with its by_period the
 * fitted trend at the last period of the data's kind within it, with its
 * interval, and the verdict: meets when that interval lies wholly beyond
 * the target, below when wholly short of it, else inconclusive); and a row per period with its rate and Wilson interval (trend has
 * no --method) and the fitted value.  Errors: SC_EINVAL (bad options),
 * SC_ENOMEM, those of the statistics; with the message in err.  Caller frees
 * with sc_trend_result_free, also after an error. */
SC_API sc_status sc_trend_tables(const sc_groups *groups, size_t nby, const sc_trend_opts *opts,
                                 sc_trend_result *out, sc_error *err);
SC_API void sc_trend_result_free(sc_trend_result *result);

/* The chart of spotcheck trend: one series' rates with their intervals as a
 * band (broken where periods are missing), the fitted trend, the target and
 * the forecast with its interval; titled in opts->lang.  SC_EINVAL for a
 * result of several series.  Caller sets the output and frees *out with
 * sc_chart_free. */
SC_API sc_status sc_trend_chart(const sc_trend_result *result, const sc_trend_opts *opts,
                                sc_chart **out, sc_error *err);

/* ---- the quarterly table (spotcheck summary) ------------------------------------- */

/* The two changes of spotcheck summary. */
typedef enum sc_summary_change {
    SC_SUMMARY_YEAR_AGO, /* 同比: the same period a year before */
    SC_SUMMARY_PREVIOUS, /* 环比: the period before (for years, the same as 同比: left out) */
    SC_SUMMARY_CHANGE_COUNT
} sc_summary_change;

typedef struct sc_summary_opts {
    sc_period current;           /* of the data's kind of period (the caller resolves it) */
    sc_ci_method method;         /* interval of the current rate */
    sc_diff_method diff_method;  /* interval of each change */
    double level;
    sc_rate_kind kind;
    double target;               /* NaN: none; else a target verdict for every row */
    const sc_targets *targets;   /* NULL: none; else each group's own target (targets.h),
                                    the total row's from the row matching every group */
    bool all_groups;             /* the total over every group (crude), not only the
                                    comparable ones */
    sc_sort_order sort;          /* of the group rows (by the current rate or n) */
    bool reverse;
    sc_lang lang;                /* the total row's label, chart texts */
    sc_lang words;               /* words in cells */
} sc_summary_opts;

/* The defaults of spotcheck summary: Wilson and Newcombe at 0.95, pass rate,
 * no target, comparable totals, first-appearance order; current unset. */
SC_API void sc_summary_opts_init(sc_summary_opts *opts);

/* Where one change's columns are (all SC_NO_COLUMN when the change is left
 * out). */
typedef struct sc_summary_change_columns {
    size_t period, n, rate, diff, lower, upper, p_value, verdict;
    size_t change_target, change_verdict; /* 同比 with a targets file that has a change
                                             column (as sc_diff_table's); else SC_NO_COLUMN */
} sc_summary_change_columns;

typedef struct sc_summary_columns {
    size_t nby;     /* the group columns are 0 .. nby - 1 */
    size_t ngroups; /* the group rows; with nby > 0 the total row follows */
    size_t n, passed, failed, rate, lower, upper, target, verdict, p_value;
    sc_summary_change_columns change[SC_SUMMARY_CHANGE_COUNT];
} sc_summary_columns;

/* What sc_summary_table says besides the table, for the caller's notes: each
 * change's baseline period and whether the data hold it (a change without
 * baseline batches has its columns but empty cells), and the groups the
 * total leaves out. */
typedef struct sc_summary_result {
    sc_table *table;
    sc_summary_columns cols;
    bool has_change[SC_SUMMARY_CHANGE_COUNT]; /* the change is a column block */
    sc_period baseline[SC_SUMMARY_CHANGE_COUNT];
    bool baseline_present[SC_SUMMARY_CHANGE_COUNT]; /* the data have batches then */
    sc_diff_left_out left_out; /* of the total: groups without batches in the current period
                                  or in a present baseline (count 0 with all_groups) */
    size_t missing_now;        /* groups with batches in a baseline but none now; not rows */
    size_t no_target;          /* with opts->targets: the groups (not the total) without one */
} sc_summary_result;

/* The quarterly table: for each --by group with batches in the current
 * period, its n, counts, rate and interval (as sc_rate_table, with the target
 * verdict), and for 同比 and 环比 the baseline period, n and rate, and the
 * change in percentage points with its interval, p-value and verdict (as
 * sc_diff_table; empty for a group without batches in that baseline).  With
 * nby > 0 a last row (Total, 合计) holds the groups together: by default only
 * the groups with batches in the current period and in every baseline the
 * data hold, so that every number of the row is over the same groups and the
 * change is not a change of which groups were inspected (DESIGN.md §4);
 * every group with all_groups.  `groups` is keyed by nby --by parts and the
 * period (canonical).  Errors: SC_EDATA when the current period has no
 * batches (naming the data's first and last periods), SC_EINVAL for periods
 * of another kind, those of sc_rate_table and sc_diff_table.  Caller frees
 * with sc_summary_result_free, also after an error. */
SC_API sc_status sc_summary_table(const sc_groups *groups, size_t nby,
                                  const sc_summary_opts *opts, sc_summary_result *out,
                                  sc_error *err);
SC_API void sc_summary_result_free(sc_summary_result *result);

/* The chart of spotcheck summary: the groups (not the total) ranked by their
 * current rate with intervals, as sc_rate_chart, the target line (with
 * targets, a mark at each group's own), and an arrow from each group's rate
 * a year before (同比) to its rate now.
 * `groups` names the group axis.  Caller sets the output and frees *out
 * with sc_chart_free. */
SC_API sc_status sc_summary_chart(const sc_summary_result *result, const sc_groups *groups,
                                  const sc_summary_opts *opts, sc_chart **out, sc_error *err);

/* ---- unqualified test items (spotcheck items) ------------------------------------ */

typedef struct sc_items_opts {
    sc_ci_method method; /* interval of each item's rate among all batches */
    double level;
    size_t top;          /* 0: every item; else the first `top` items of each group in
                            Pareto order, the rest joined into one "other" row */
    sc_lang lang;        /* labels of the "other" and "items not recorded" rows, chart texts */
    sc_lang words;       /* words in cells (methods): SC_LANG_ZH only for tables meant for
                            people */
} sc_items_opts;

/* The defaults of spotcheck items: Wilson at 0.95, every item, English. */
SC_API void sc_items_opts_init(sc_items_opts *opts);

/* Where sc_items_table put its columns. */
typedef struct sc_items_columns {
    size_t nkeys; /* the group columns are 0 .. nkeys - 1 */
    size_t item, batches, share, rate, lower, upper, cumulative, n, failed, method, level;
} sc_items_columns;

/* What sc_items_table returns: the table, where its columns are, what the
 * caller's notes need, and the rows the chart draws. */
typedef struct sc_items_result {
    sc_table *table;
    sc_items_columns cols;
    size_t groups;            /* groups with rows (groups with unqualified batches) */
    uint64_t failed;          /* unqualified batches, all groups */
    uint64_t unrecorded;      /* of which with no item recorded */
    size_t items;             /* distinct (group, item) pairs */
    size_t groups_clean;      /* groups with batches but none unqualified: no rows */
    char clean_names[512];    /* the first eight of them, "a/b, c/d" */
    /* the first group with rows: its item rows (the "other" row included) and
       how many items the "other" row joins (0: none) */
    size_t chart_first, chart_rows, chart_joined;
} sc_items_result;

/* The table of spotcheck items (docs/decisions.md, "Unqualified items"):
 * `groups` holds the batches of each group (from sc_records_read), `counts`
 * the items of the same groups (sc_item_counts fed by the same read; items
 * of groups that `groups` does not hold are left out, so that a report can
 * tabulate one category of its counts).  For
 * each group with unqualified batches, in the order of `groups`, one row per
 * item in Pareto order (batches in which it failed, most first; ties by the
 * item's name in code-point order): batches, share = batches / the group's
 * unqualified batches, rate = batches / the group's batches with its --method
 * interval at --level, cumulative = the running sum of the batches of the
 * rows so far / the sum over all the group's items (a batch that failed two
 * items counts in both, so the last item's cumulative is 1), and the group's
 * n and failed.  With top, the items after the first `top` become one row
 * "other (N items)" / "其他（N 项）" whose batches are the sum of theirs,
 * with its cumulative but no share, rate or interval (a batch may count more
 * than once in the sum); a single item left over keeps its own row instead.  Then, when the group has
 * unqualified batches without items, a row "(items not recorded)" /
 * "（未记录项目）" with their count, share, rate and interval (no
 * cumulative).  Errors: SC_EINVAL (counts keyed otherwise than groups, bad
 * options), SC_ENOMEM, those of the statistics; with the message in err.
 * Caller frees with sc_items_result_free, also after an error. */
SC_API sc_status sc_items_table(const sc_groups *groups, const sc_item_counts *counts,
                                const sc_items_opts *opts, sc_items_result *out, sc_error *err);
SC_API void sc_items_result_free(sc_items_result *result);

/* The Pareto chart of one group's items: bars of the batches in which each
 * item failed, largest first, the "other" row last, and the cumulative
 * percentage; titled in opts->lang with the group's name, its unqualified
 * batches (and those without items).  SC_EINVAL with a message when the result holds more than
 * one group (a chart draws one: choose it with --where); SC_EDATA when it
 * holds no unqualified batch or no item to draw.  Caller
 * sets the output and frees *out with sc_chart_free. */
SC_API sc_status sc_items_chart(const sc_items_result *result, const sc_items_opts *opts,
                                sc_chart **out, sc_error *err);

/* ---- consistency of a published table (spotcheck check) -------------------- */

/* How printed rates without a percent sign are read: auto (percentages when
 * a cell of the rate or baseline column has a % sign or a value above 1,
 * else fractions), percent, or fraction. */
typedef enum sc_check_scale {
    SC_CHECK_SCALE_AUTO,
    SC_CHECK_SCALE_PERCENT,
    SC_CHECK_SCALE_FRACTION
} sc_check_scale;

/* "auto", "percent", "fraction", NULL: the --scale words, in enum order. */
SC_API extern const char *const sc_check_scale_names[];

typedef struct sc_check_opts {
    sc_rate_kind kind;   /* the printed rate is the pass or the unqualified rate */
    sc_check_scale scale;
    const char *const *total_labels; /* labels of total rows, compared as sc_total_label
                                        compares (spaces removed, ASCII case ignored);
                                        NULL: sc_total_label's list */
    size_t ntotal_labels;
    sc_lang lang;  /* column labels */
    sc_lang words; /* check, severity and note texts in cells: SC_LANG_ZH only for tables
                      meant for people */
} sc_check_opts;

/* The defaults of spotcheck check: pass rate, auto scale, the usual total
 * labels, English. */
SC_API void sc_check_opts_init(sc_check_opts *opts);

/* What sc_check_table found, for the exit status and the json meta. */
typedef struct sc_check_summary {
    size_t rows;        /* data rows checked */
    size_t total_rows;  /* rows labelled as totals */
    size_t blocks;      /* blocks with a total row whose parts were summed */
    size_t errors;      /* findings that no rounding rule explains */
    size_t warnings;    /* printed rates another rounding rule explains */
    size_t infos;       /* ranges of counts of rates-only rows: not findings */
    bool percent;       /* the rates were read as percentages */
    bool guessed_fraction; /* --scale auto read them as fractions */
} sc_check_summary;

/* The findings of spotcheck check on a table read by sc_check_read (check.h),
 * one row each, ordered by file and line: columns file, line, the --within
 * and label columns (named as in the input), check, column, printed,
 * implied, severity, note.  The checks (issue 12; docs/decisions.md):
 *  counts          n is not passed + failed (error)
 *  count           a count that is not a whole number, negative, or above n (error)
 *  rate            a printed rate that is not the half-up rounding (四舍五入) of the
 *                  counts at its printed decimals; the note says whether truncation,
 *                  half-even or the other rate (pass vs unqualified) gives it:
 *                  warning when truncation or half-even does, else error
 *  total           a total row's count that is not the sum of its block's parts (error)
 *  total-rate      a total row's printed rate that is not the pooled parts' rate
 *                  (severity as rate)
 *  change          a printed change farther from the difference of the printed rate
 *                  and the baseline rate (the --baseline-rate cell, or the previous
 *                  row's rate in the block) than their printed digits allow (error)
 *  impossible-rate a rates-only row (n, no counts) whose printed rate no whole count
 *                  gives (error); the implied cell holds the nearest printable rates
 *  range           a rates-only row's counts that give its printed rate (info: not a
 *                  finding)
 * All comparisons are exact decimal arithmetic on the printed text.  Caller
 * frees *out with sc_table_free.  Errors: SC_ENOMEM. */
SC_API sc_status sc_check_table(const sc_check_input *input, const sc_check_opts *opts,
                                sc_table **out, sc_check_summary *summary, sc_error *err);

#ifdef __cplusplus
}
#endif
#endif
