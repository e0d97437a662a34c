/* spotcheck — what the analysis calls share (src/lib/analysis_*.c); internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ANALYSIS_INTERNAL_H
#define SPOTCHECK_ANALYSIS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/analysis.h"
#include "spotcheck/targets.h"

/* The group columns 0 .. nkeys - 1 of a result table as a chart's label
 * columns: fills labels[] and returns how many (at most SC_KEY_PARTS_MAX). */
size_t sca_group_labels(size_t nkeys, size_t labels[SC_KEY_PARTS_MAX]);

/* The data of a ranked chart (CATERPILLAR, BARS) from rows 0 .. nrows - 1
 * of `table`: labelled by its first nkeys columns (written into labels),
 * with value, lower and upper columns. */
sc_chart_data sca_ranked_data(const sc_table *table, size_t nkeys, size_t nrows, size_t value,
                              size_t lower, size_t upper, size_t labels[SC_KEY_PARTS_MAX]);

/* Ends a chart builder: with s == SC_OK hands `chart` to *out; otherwise frees
 * it, makes sure err says what failed, and returns s. */
sc_status sca_chart_done(sc_status s, sc_chart *chart, sc_chart **out, sc_error *err);

/* The data's periods (key part `period_part` of `g`) must be of the kind of
 * --current `current` (canonical text), or nothing matches: SC_EINVAL with
 * advice (give --per, or a coarser --current). */
sc_status sca_check_period_kind(const sc_groups *g, size_t period_part, const char *current,
                                sc_error *err);

/* SC_EDATA "column "季度" has no batches in MISSING; the data run from A to
 * B": for a period the job needs and the data lack. */
sc_status sca_no_batches(const sc_groups *g, size_t period_part, const char *missing,
                         sc_error *err);

/* Counts group `index` of `order` as left out of a total, naming it (the
 * first eight) with the period it has no batches in: "丙 (none in 2023Q3)". */
void sca_left_out_add(sc_diff_left_out *lo, const sc_groups *order, size_t index,
                      const char *empty);

/* Where sca_group_target looks: the total row, not a group. */
#define SCA_TOTAL_ROW ((size_t)-1)

/* The target of group `index` of `values`, whose first `nkeys` key parts are
 * named as those of `named` (the groups the tool read; `values` may be a
 * roll-up of them), on the scale of `kind` (sc_target_on_rate).  index
 * SCA_TOTAL_ROW: the row matching every group (sc_targets_match_all).  No
 * matching row: out->target and out->change NaN.  Errors: those of
 * sc_targets_match (a tie, a key column that is no group column). */
sc_status sca_group_target(const sc_targets *targets, const sc_groups *named,
                           const sc_groups *values, size_t nkeys, size_t index, sc_rate_kind kind,
                           sc_rate_target *out, sc_error *err);

/* With `targets`, checks its key columns against the first `nkeys` key
 * parts of `named` (sc_targets_check_keys), so that a bad file is refused
 * even when there are no groups to match.  NULL targets: SC_OK. */
sc_status sca_check_target_keys(const sc_targets *targets, const sc_groups *named, size_t nkeys,
                                sc_error *err);

/* Whether result tables get a target_label column: a targets file with a
 * label column. */
bool sca_has_labels(const sc_targets *targets);

/* Sets the target_label cell of `row` to target->label when it has one. */
sc_status sca_label_cell(sc_table *t, size_t row, size_t col, const sc_rate_target *target);

/* The verdict of an interval [lower, upper] against `target`: meets when it
 * lies wholly on the target's good side (above a floor, below a ceiling),
 * below when wholly on the other, inconclusive when it holds the target; a
 * bound within SC_PROP_TIE_TOLERANCE of the target holds it. */
sc_verdict sca_interval_verdict(double lower, double upper, double target,
                                sc_target_kind direction);

/* The word of a verdict in `words`: meets, below, inconclusive, or 达标,
 * 未达标, 不确定.  Static. */
const char *sca_verdict_word(sc_lang words, sc_verdict verdict);

/* The target cells of row `row` for x of n (x counts the rate shown)
 * against `target`: the target, the verdict of sc_prop_target at `method`
 * and `level` (its word in `words`: meets / 达标 ...) and its p-value, in
 * the columns col_target, col_verdict, col_p.  A NaN target leaves them
 * empty. */
sc_status sca_target_cells(sc_table *t, size_t row, size_t col_target, size_t col_verdict,
                           size_t col_p, uint64_t x, uint64_t n, const sc_rate_target *target,
                           sc_ci_method method, double level, sc_lang words, sc_error *err);

/* A mark on an OC curve: a vertical line at x (percent) with its text. */
typedef struct sca_oc_mark {
    double x;
    char text[64];
} sca_oc_mark;

/* An OC curve (analysis_plan.c): P(accept) of `oc` against p in percent (per
 * 100 items under Poisson), so that its axis reads as the AQL and the DQL do;
 * the marks, and the line at target_pa with its legend text.  Titled `title`,
 * the value axis `value_name`.  Ends with sca_chart_done. */
sc_status sca_oc_chart(const sc_oc_plan *oc, const char *title, const char *value_name,
                       const sca_oc_mark *marks, size_t nmarks, double target_pa,
                       const char *target_text, sc_lang lang, sc_chart **out, sc_error *err);

#endif
