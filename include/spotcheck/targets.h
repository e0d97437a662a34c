/* spotcheck — targets files: a target per group (--targets FILE).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Policy plans set different targets per product category and programme
 * level ("食品、药品和农产品监督抽查合格率分别达到97%、98%、99%以上").  A
 * targets file says so in a CSV that the analysis calls (analysis.h) and
 * `spotcheck summary` match against their groups.
 *
 * Contract:
 *  1. The file is read by csvin (csvin.h): the same encodings (UTF-8, GB18030
 *     guessed), line numbers and located messages as a data file; it always
 *     has a header row.  Errors in it are SC_EDATA with the file and line,
 *     the column and the value: `t.csv:3: column "target": "0.95x" ...`.
 *  2. Columns, by header name (the reserved names ASCII case-insensitive):
 *       target     the target rate: a proportion in (0, 1) or a percentage
 *                  in (0%, 100%) ("95%"); plain decimal only (no "inf",
 *                  "0x1p-1", no text after the number).  The cell may be
 *                  empty when the row sets a change (a change target only).
 *       direction  floor (the default, also an empty cell): the rate must
 *                  be at least the target, a pass rate; ceiling: at most,
 *                  an unqualified rate.  ASCII case-insensitive.
 *       by_period  the period by which the target is to be met (2025,
 *                  2025Q4; sc_period_parse), or empty.
 *       change     a target change in percentage points, in (-100, 100):
 *                  "5", "+5", "-0.5"; floor: the rate rises by at least
 *                  that much, ceiling: it changes by at most that much.
 *       label      the indicator's name as the plan writes it (any text).
 *     Every other column is a key column, named like a group column (--by)
 *     of the tool that uses the file (sc_targets_check_keys).  The file
 *     needs a target or a change column; no column may appear twice; a file
 *     without data rows is an error.
 *  3. A key cell that is empty or `*` matches every value of its column;
 *     any other cell matches that value exactly (after csvin's trimming of
 *     unquoted cells).  A row matches a group when all its key cells do.
 *  4. Of the rows matching a group, the most specific wins: the one with
 *     the most key cells that are not `*` or empty.  Two matching rows
 *     equally specific are an error (SC_EDATA) naming both lines, also
 *     when they say the same.  No matching row: no target (not an error).
 *  5. A row's target is stated for the kind of rate its direction implies
 *     (floor: a rate whose better direction is up, the pass rate; ceiling:
 *     down, the unqualified rate).  sc_target_on_rate puts it on the scale
 *     of the rate a tool shows: a floor of 97% on the pass rate is a
 *     ceiling of 3% on the unqualified rate, a rise of 5 points a fall of
 *     5; so one file serves --rate pass and --rate fail alike.
 */
#ifndef SPOTCHECK_TARGETS_H
#define SPOTCHECK_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/period.h"
#include "spotcheck/prop.h"
#include "spotcheck/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_targets sc_targets;

/* One row of a targets file (contract 2).  Owned by its sc_targets. */
typedef struct sc_target_row {
    unsigned long long line;   /* the line of the file where the row starts */
    double target;             /* in (0, 1); NaN when the cell is empty */
    sc_target_kind direction;  /* SC_TARGET_FLOOR (the default) or SC_TARGET_CEILING */
    bool has_by_period;        /* by_period is set */
    sc_period by_period;       /* as written: 2025 is a year, 2025Q4 a quarter */
    double change;             /* percentage points; NaN when not given */
    const char *label;         /* "" when not given */
    size_t specificity;        /* key cells that are not `*` or empty */
} sc_target_row;

/* Reads the targets file `path` ("-" is standard input) with the delimiter
 * and encoding of `opts` (NULL: the defaults; no_header and skip_ragged are
 * ignored: a targets file has a header and no bad rows).  Errors: SC_ENOENT
 * when it cannot be opened, SC_EDATA for a bad file (contract 1, 2),
 * SC_ENOMEM.  On success the caller frees *out with sc_targets_free; on
 * error *out is NULL. */
SC_API sc_status sc_targets_read(const char *path, const sc_csv_opts *opts, sc_targets **out,
                                 sc_error *err);

/* Frees the targets.  NULL is a no-op. */
SC_API void sc_targets_free(sc_targets *targets);

/* The file's name as messages give it (the path, or "<stdin>").  Owned by
 * the targets. */
SC_API const char *sc_targets_name(const sc_targets *targets);

/* The data rows, in file order: row i of sc_targets_count.  Owned by the
 * targets; NULL for i out of range. */
SC_API size_t sc_targets_count(const sc_targets *targets);
SC_API const sc_target_row *sc_targets_row(const sc_targets *targets, size_t i);

/* The key columns (contract 2), in file order, and row `row`'s cell of key
 * column `key`: NULL when it is `*` or empty (matches every value).  Owned
 * by the targets. */
SC_API size_t sc_targets_key_count(const sc_targets *targets);
SC_API const char *sc_targets_key_name(const sc_targets *targets, size_t key);
SC_API const char *sc_targets_key_cell(const sc_targets *targets, size_t row, size_t key);

/* Whether the file has a column `name` ("target", "change", "by_period",
 * "label", "direction"). */
SC_API bool sc_targets_has_column(const sc_targets *targets, const char *name);

/* Checks that every key column of the file is one of the group columns
 * names[0, nnames) (e.g. the --by columns): SC_EDATA at the header line
 * naming the first that is not, with the group columns (or "none: give
 * --by") and the reserved column names, so that a misspelt "direction" is
 * not taken for a key. */
SC_API sc_status sc_targets_check_keys(const sc_targets *targets, const char *const *names,
                                       size_t nnames, sc_error *err);

/* The row for one group (contract 3, 4): the group's columns are
 * names[0, nkeys) with values values[0, nkeys) (NUL-terminated).  *row is
 * the most specific matching row, or NULL when none matches.  Errors:
 * those of sc_targets_check_keys, and SC_EDATA naming both lines when two
 * matching rows are equally specific (then *row is NULL). */
SC_API sc_status sc_targets_match(const sc_targets *targets, const char *const *names,
                                  const char *const *values, size_t nkeys,
                                  const sc_target_row **row, sc_error *err);

/* The same for group `index` of `groups`, keyed by its first `nkeys` key
 * parts, named by sc_groups_key_name (the tools name them after the input's
 * columns). */
SC_API sc_status sc_targets_match_group(const sc_targets *targets, const sc_groups *groups,
                                        size_t nkeys, size_t index, const sc_target_row **row,
                                        sc_error *err);

/* The row for a total over all groups (a tool's total row): the row whose
 * key cells are all `*` or empty, or NULL when none is.  SC_EDATA naming
 * both lines when two are. */
SC_API sc_status sc_targets_match_all(const sc_targets *targets, const sc_target_row **row,
                                      sc_error *err);

/* A row's targets on the scale of a rate of kind `kind` (contract 5). */
typedef struct sc_rate_target {
    double target;            /* NaN when the row has none */
    sc_target_kind direction; /* floor or ceiling on this rate */
    double change;            /* percentage points; NaN when the row has none */
    const char *label;        /* the row's label ("" or NULL: none); owned by the targets */
} sc_rate_target;

/* Puts `row` on the scale of `kind`: as written when its direction is the
 * kind's own (sc_rate_kind_get(kind)->target: floor for pass, ceiling for
 * fail), else the complement 1 - target, the change negated and the
 * direction turned round.  Same verdicts either way, as x of n against T is
 * n - x of n against 1 - T. */
SC_API sc_rate_target sc_target_on_rate(const sc_target_row *row, sc_rate_kind kind);

/* Static lowercase word for a direction: "floor", "ceiling". */
SC_API const char *sc_target_direction_name(sc_target_kind direction);

#ifdef __cplusplus
}
#endif
#endif
