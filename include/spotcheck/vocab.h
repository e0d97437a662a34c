/* spotcheck — the domain vocabulary every result table shares: the two
 * framings of a rate (pass / unqualified), the words written into cells and
 * their Chinese, result columns declared by name, label and type, rates set
 * as exact fractions, and the ordering of group rows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_VOCAB_H
#define SPOTCHECK_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/output.h"
#include "spotcheck/plot.h"
#include "spotcheck/prop.h"
#include "spotcheck/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the rate kind (DESIGN.md §1 fact 2) ------------------------------------ */

/* Bulletins print the pass rate (合格率) or the unqualified rate (不合格率):
 * the same counts framed two ways. */
typedef enum sc_rate_kind { SC_RATE_PASS, SC_RATE_FAIL } sc_rate_kind;

typedef struct sc_rate_kind_info {
    const char *name;     /* the --rate word: "pass", "fail" */
    const char *label_en; /* "pass rate", "unqualified rate" */
    const char *label_zh; /* "合格率", "不合格率" */
    sc_target_kind target; /* a target is a floor on the pass rate, a ceiling on
                              the unqualified rate: "better" is up, resp. down */
} sc_rate_kind_info;

/* "pass", "fail", NULL: the --rate words, in enum order. */
SC_API extern const char *const sc_rate_kind_names[];

/* The row of `kind`; NULL for a value outside the enum.  Static, do not free. */
SC_API const sc_rate_kind_info *sc_rate_kind_get(sc_rate_kind kind);

/* The counted batches x of a rate x/n: passed, or n - passed for the
 * unqualified rate.  passed <= n is the caller's invariant. */
SC_API uint64_t sc_rate_counted(sc_rate_kind kind, uint64_t n, uint64_t passed);

/* Its label in `lang`: "pass rate", "不合格率", ...  Static. */
SC_API const char *sc_rate_kind_label(sc_rate_kind kind, sc_lang lang);

/* ---- words in cells --------------------------------------------------------- */

/* The Chinese of one of the stable English words that tools write into
 * cells (funnel places, test, interval method, trend model and condition
 * names, yes/no) when `lang` is SC_LANG_ZH; otherwise, or for a word without
 * a translation, `word` itself.  Machine formats (csv, tsv, json) keep the
 * English words, which scripts rely on: callers pass SC_LANG_ZH only for
 * tables and charts meant for people.  Static strings. */
SC_API const char *sc_word(sc_lang lang, const char *word);

/* ---- result columns --------------------------------------------------------- */

/* One result column: where its index goes, its English name and Chinese
 * label, its type, and whether this run has it (a column left out gets
 * SC_NO_COLUMN). */
typedef struct sc_column_spec {
    size_t *index;
    const char *name;
    const char *label_zh;
    sc_col_type type;
    bool wanted;
} sc_column_spec;

#define SC_NO_COLUMN ((size_t)-1)

/* Adds to `table` the group columns, named as the first `nkeys` key parts of
 * `groups` (one that has the name of a wanted result column gets "_group"
 * appended, and keeps the user's name as its label), then the wanted columns
 * of spec[0, count), writing their indexes.  Errors: those of
 * sc_table_add_column. */
SC_API sc_status sc_columns_add(sc_table *table, const sc_groups *groups, size_t nkeys,
                                const sc_column_spec *spec, size_t count);

/* Sets a rate x/n, or a difference of rates x1/n1 - x2/n2, into a proportion
 * (or points) cell as an exact fraction, so that display rounding rounds the
 * exact value, not the double (sc_table_set_fraction).  Counts beyond
 * SC_FRACTION_MAX (which the statistics refuse anyway) set the double only.
 * n = 0 leaves the cell missing. */
SC_API sc_status sc_table_set_rate(sc_table *table, size_t row, size_t col, uint64_t x,
                                   uint64_t n);
SC_API sc_status sc_table_set_rate_diff(sc_table *table, size_t row, size_t col, uint64_t x1,
                                        uint64_t n1, uint64_t x2, uint64_t n2);

/* ---- ordering of group rows (--sort) ---------------------------------------- */

/* none keeps the order of first appearance; key sorts by the group columns,
 * rate and n by those columns; ascending, or descending with reverse. */
typedef enum sc_sort_order { SC_SORT_NONE, SC_SORT_KEY, SC_SORT_RATE, SC_SORT_N } sc_sort_order;

/* "none", "key", "rate", "n", NULL: the --sort words, in enum order. */
SC_API extern const char *const sc_sort_names[];

/* Sorts every row of `table` (stable; missing values last) by `order`: the
 * first nkeys columns, the column rate_col, or n_col. */
SC_API sc_status sc_sort_groups(sc_table *table, sc_sort_order order, size_t nkeys,
                                size_t rate_col, size_t n_col, bool reverse);

/* ---- charts ------------------------------------------------------------------- */

/* Sets the chart's group axis title to the names of the first `nkeys` key
 * parts of `groups` as the input has them (a table column may carry
 * "_group"), joined by spaces.  nkeys = 0 leaves it unset. */
SC_API sc_status sc_chart_group_axis(const sc_groups *groups, size_t nkeys, sc_chart *chart);

#ifdef __cplusplus
}
#endif
#endif
