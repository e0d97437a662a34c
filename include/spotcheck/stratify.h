/* spotcheck — stratified estimates and comparisons adjusted for strata: the
 * stratified pass rate with population weights, and the Mantel-Haenszel
 * statistics and directly standardised rates of two groups over strata.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (the tests cite these numbers; reference values from R,
 * scripts/ref-strata.R):
 *  T1. Stratified rate (Cochran 1977, 5.3-5.7).  Strata h = 1..H, each
 *      with a population N_h, a sample n_h (1 <= n_h <= N_h) and x_h counted
 *      units.  W_h = N_h / N, p_h = x_h / n_h, f_h = n_h / N_h.  The
 *      estimate is p = sum W_h p_h and its variance
 *        v = sum W_h^2 (1 - f_h) p_h (1 - p_h) / (n_h - 1)
 *      (a stratum taken whole, n_h = N_h, adds 0), which is what R's
 *      survey package gives for svymean(~y, svydesign(ids = ~1, strata =
 *      ~h, fpc = ~N_h)).  se = sqrt(v).
 *  T2. Interval: the logit interval of svyciprop(method = "logit"), the
 *      default of R's survey package and SAS SURVEYFREQ's CL(TYPE=LOGIT):
 *      logit(p) +- t se / (p (1 - p)), t the quantile of Student's t at
 *      (1 + level) / 2 with df = n - H degrees of freedom (the design's
 *      degrees of freedom: sampled units minus strata), transformed back.
 *      p = 0 or 1 (or v = 0) has no logit interval: lower and upper NaN.
 *  T3. Design effect (svymean(deff = TRUE), Kish's deff with the
 *      finite-population correction): v / v_srs, where v_srs = (1 - n/N)
 *      s^2 / n and s^2 = n / (n - 1) p (1 - p) is the variance of y that
 *      svyvar estimates with the weights w = N_h / n_h (its factor is the
 *      sample's n / (n - 1), not N / (N - 1)).  NaN when v_srs is 0.
 *  T4. Errors (SC_EINVAL with a message naming the stratum by its index):
 *      no strata, n_h = 0, n_h = 1 with N_h > 1 (no variance within the
 *      stratum, the error of survey's default lonely.psu = "fail"),
 *      N_h < n_h, x_h > n_h.
 *
 *  M1. Two groups over strata k = 1..K: a_k of n1_k counted in group 1,
 *      c_k of n2_k in group 2; b_k = n1_k - a_k, d_k = n2_k - c_k, N_k =
 *      n1_k + n2_k.  A stratum where a group has no units carries no
 *      comparison and is left out of M2-M6 (the caller counts it).
 *  M2. Mantel-Haenszel common odds ratio (group 1 against group 2) OR =
 *      sum R_k / sum S_k, R = a d / N, S = b c / N; the variance of log OR
 *      of Robins, Breslow and Greenland (1986), with P = (a + d) / N, Q =
 *      (b + c) / N:  sum P R / (2 (sum R)^2) + sum (P S + Q R) / (2 sum R
 *      sum S) + sum Q S / (2 (sum S)^2); the interval exp(log OR +- z se),
 *      as R's mantelhaen.test(exact = FALSE).  sum S = 0 gives OR = +inf,
 *      sum R = 0 gives 0; then the interval is NaN.
 *  M3. Mantel-Haenszel risk difference RD = sum w_k (a_k/n1_k - c_k/n2_k)
 *      / sum w_k, w = n1 n2 / N, with the variance of Sato (1989), also
 *      given by Greenland and Robins (1985) as the "dually consistent"
 *      estimator (consistent in sparse data and in large strata):
 *        (RD sum P'_k + sum Q'_k) / (sum w_k)^2,
 *        P' = (n1^2 c - n2^2 a + n1 n2 (n2 - n1) / 2) / N^2,
 *        Q' = (a (n2 - c) + c (n1 - a)) / (2 N);
 *      the interval RD +- z se (metafor's rma.mh(measure = "RD")).
 *  M4. Cochran-Mantel-Haenszel test: D = sum (a - n1 m1 / N), V = sum n1
 *      n2 m1 m0 / (N^2 (N - 1)), m1 = a + c, m0 = b + d (strata with N < 2
 *      add 0 to V); X^2 = (|D| - c)^2 / V with 1 df, c = 0.5 with the
 *      continuity correction when |D| >= 0.5 and 0 otherwise, as R's
 *      mantelhaen.test(correct = TRUE / FALSE).  V = 0: NaN.
 *  M5. Breslow-Day test of a common odds ratio with Tarone's (1985)
 *      correction (SAS's BDT; R's DescTools::BreslowDayTest(correct =
 *      TRUE)): in each stratum with no zero margin, E_k is the root in
 *      (max(0, m1 - n2), min(n1, m1)) of E (n2 - m1 + E) = OR (n1 - E) (m1
 *      - E), Var_k = 1 / (1/E + 1/(n1 - E) + 1/(m1 - E) + 1/(n2 - m1 + E));
 *      X^2 = sum (a - E)^2 / Var - (sum a - sum E)^2 / sum Var with K' - 1
 *      df, K' the strata used.  K' < 2, or OR 0 or infinite: NaN.
 *  M6. Directly standardised rates: with standard weights u_k >= 0 over the
 *      strata used (the pooled mix N_k, or a standard population; scaled to
 *      sum 1), r_g = sum u_k p_gk, var r_g = sum u_k^2 p_gk (1 - p_gk) /
 *      n_gk; the difference r_1 - r_2 with var r_1 + var r_2; Wald
 *      intervals r +- z se, the rates' clipped to [0, 1].
 */
#ifndef SPOTCHECK_STRATIFY_H
#define SPOTCHECK_STRATIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/records.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One stratum of a stratified sample (T1). */
typedef struct sc_stratum_sample {
    uint64_t population; /* N_h */
    uint64_t n;          /* n_h sampled */
    uint64_t x;          /* x_h counted (passed, or unqualified) */
} sc_stratum_sample;

typedef struct sc_stratified_rate {
    double rate;   /* T1 */
    double se;
    double lower, upper; /* T2; NaN when there is no logit interval */
    double df;     /* n - H */
    double deff;   /* T3 */
    uint64_t n, x, population; /* sums over the strata */
} sc_stratified_rate;

/* The stratified rate of strata[0, count) at `level` (T1-T3).  Errors T4:
 * SC_EINVAL with the message naming the stratum index in err. */
SC_API sc_status sc_stratified_rate_compute(const sc_stratum_sample *strata, size_t count,
                                            double level, sc_stratified_rate *out,
                                            sc_error *err);

/* One stratum of two groups (M1). */
typedef struct sc_stratum_pair {
    uint64_t x1, n1; /* group 1: a of n1 */
    uint64_t x2, n2; /* group 2: c of n2 */
    double standard; /* the standard population's weight of this stratum (M6); NaN: the
                        pooled mix n1 + n2 */
} sc_stratum_pair;

typedef struct sc_mh_result {
    size_t strata_used;                      /* M1 */
    double odds_ratio, or_lower, or_upper;   /* M2 */
    double log_or_se;
    double diff, diff_lower, diff_upper;     /* M3 */
    double diff_se;
    double cmh_statistic, cmh_p_value;       /* M4 */
    double bd_statistic, bd_df, bd_p_value;  /* M5 */
    double std_rate1, std_lower1, std_upper1; /* M6 */
    double std_rate2, std_lower2, std_upper2;
    double std_diff, std_diff_lower, std_diff_upper;
} sc_mh_result;

/* The Mantel-Haenszel statistics and standardised rates of strata[0, count)
 * at `level` (M1-M6), the CMH test with the continuity correction when
 * `correct`.  SC_EINVAL for x above n or a negative or NaN-free standard
 * that sums to 0; SC_EDATA when no stratum has units in both groups.
 * Statistics that do not exist (M2, M4, M5) are NaN. */
SC_API sc_status sc_mh_compute(const sc_stratum_pair *strata, size_t count, double level,
                               bool correct, sc_mh_result *out, sc_error *err);

/* The generalised Cochran-Mantel-Haenszel test of no association between
 * `groups` groups and the outcome over `count` strata (R's mantelhaen.test
 * on a groups x 2 x strata table): x[g * count + k] counted of n[g * count +
 * k]; with N_k, m_k the stratum's totals, D = sum_k (x_gk - n_gk m_k / N_k)
 * for g < groups - 1 and V = sum_k m_k (N_k - m_k) / (N_k^2 (N_k - 1)) (N_k
 * diag(n_k) - n_k n_k'); X^2 = D' V^-1 D with groups - 1 df.  Strata with
 * N_k < 2 add nothing.  SC_EDOMAIN when V is singular (a group without
 * units, or no variation); SC_EINVAL for groups < 2; SC_ENOMEM. */
SC_API sc_status sc_cmh_general(const uint64_t *x, const uint64_t *n, size_t groups,
                                size_t count, double *statistic, double *df, double *p_value,
                                sc_error *err);

/* ---- the population file ----------------------------------------------------------
 *
 *  P1. A CSV file (read through csvin: any encoding the tools read) with a
 *      header: a column `population` and key columns named like the strata
 *      columns (all of them; with one strata column it may also be called
 *      `stratum`, as in the strata file of spotcheck plan) and optionally like
 *      any of the outer group columns (--by, the period).  A column `rate`
 *      (the strata file's anticipated rate) is allowed and ignored; any other
 *      column is SC_EDATA at line 1 naming it, so that a misspelt name is not
 *      ignored.
 *  P2. One row per combination of its key cells (a second is SC_EDATA naming
 *      both lines); the population a whole number >= 0 (0: the stratum holds
 *      no units), at most 2^53.  A bad cell is SC_EDATA naming file, line
 *      and column.  Names and cells are compared byte for byte after csvin's
 *      trimming.
 *  P3. A group key (outer parts, then strata parts) finds the row whose key
 *      cells equal its parts in the columns the file has: an outer column
 *      the file lacks matches every value (a file keyed by the strata alone
 *      gives every group the same populations).
 *  P4. The population column (spotcheck rate --population COL): the records
 *      themselves carry, on each row, the population of the row's stratum.
 *      sc_population_on_cell, the records' cell callback (records.h,
 *      contract 11), builds from them the population that a file with a
 *      column for every key part (the outer parts and the strata) would
 *      give: one row per group key, at the place of the first record that
 *      gave it.  Each cell is a whole number from 1 to 2^53 (P2's number;
 *      0 cannot hold the row's batch); every later record of the key must
 *      give the same number.  Otherwise SC_EDATA at the record's file and
 *      line naming the column and the value, and for a differing value the
 *      stratum, its group, the earlier value and its line.  Records that
 *      the read leaves out (--where, total rows, skipped bad rows) never
 *      reach it.
 */

typedef struct sc_population sc_population;

/* Reads a population file (P1-P2); "-" is standard input.  names[0,
 * nouter) are the outer group columns, names[nouter, nouter + nstrata) the
 * strata columns (nstrata >= 1).  SC_ENOENT when it cannot be opened,
 * SC_EDATA with the place for bad content, an empty file or no rows.
 * Caller frees *out with sc_population_free. */
SC_API sc_status sc_population_read(const char *path, const sc_csv_opts *opts,
                                    const char *const *names, size_t nouter, size_t nstrata,
                                    sc_population **out, sc_error *err);

/* P4: an empty population to be filled by sc_population_on_cell from the
 * records' column `column` (its header name), for groups keyed by nouter
 * outer parts and then nstrata strata parts (nstrata >= 1).  SC_EINVAL for
 * bad arguments, SC_ENOMEM.  Caller frees *out with sc_population_free. */
SC_API sc_status sc_population_new_column(const char *column, size_t nouter, size_t nstrata,
                                          sc_population **out, sc_error *err);

/* P4: adds one record's cell (an sc_record_cell_fn: set the input spec's
 * cell_column, on_cell = sc_population_on_cell and cell_ctx = the population
 * of sc_population_new_column).  SC_EDATA with the place for a bad or
 * differing cell (the population is then as it was), SC_EINVAL for a key of
 * another length, SC_ENOMEM. */
SC_API sc_status sc_population_on_cell(void *population, const sc_record_cell *cell,
                                       sc_error *err);

/* For reading in chunks (records.h, contracts 10 and 11; cell_fork,
 * cell_merge, cell_free) on a population of sc_population_new_column: an
 * empty one for the same column and key (NULL: no memory); the rows of
 * `from` new to `into` added in their order, SC_EDATA when a stratum of
 * both gives another population (then `into` is as it was), SC_EINVAL for
 * another key, SC_ENOMEM; and freeing. */
SC_API void *sc_population_fork(const void *population);
SC_API sc_status sc_population_merge(void *into, const void *from);
SC_API void sc_population_free_ctx(void *population);

/* P3: the row of the population for group `index` of `groups` (keyed by the
 * nouter + nstrata parts the population was made for) in *row; false when
 * no row matches. */
SC_API bool sc_population_find(const sc_population *population, const sc_groups *groups,
                               size_t index, size_t *row);

/* The rows, in file order (in the column form, in order of first record):
 * how many, a row's key cell for part `part` (0 .. nouter + nstrata - 1;
 * NULL for an outer part the file lacks), its population, its line and the
 * file of that line (owned by the population). */
SC_API size_t sc_population_rows(const sc_population *population);
SC_API const char *sc_population_key(const sc_population *population, size_t row, size_t part);
SC_API uint64_t sc_population_value(const sc_population *population, size_t row);
SC_API unsigned long long sc_population_line(const sc_population *population, size_t row);
SC_API const char *sc_population_file(const sc_population *population, size_t row);

/* The file's name as shown in messages; in the column form, the column's
 * name.  Owned by the population. */
SC_API const char *sc_population_name(const sc_population *population);

/* The header name of the population column ("population" in a file, as
 * written there).  Owned by the population. */
SC_API const char *sc_population_column(const sc_population *population);

/* Frees the population; NULL is a no-op. */
SC_API void sc_population_free(sc_population *population);

#ifdef __cplusplus
}
#endif
#endif
