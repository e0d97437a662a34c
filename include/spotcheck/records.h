/* spotcheck — turning CSV rows into counted observations.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §3):
 *  1. Record-level input: one row per batch; the verdict column's value,
 *     trimmed of ASCII spaces and compared ASCII-case-insensitively, must be in
 *     the pass list or the fail list (defaults below); anything else is a bad
 *     row.
 *  2. Aggregated input: one row per group with a count of batches (n) and a
 *     count of passed or of failed batches; counts are unsigned decimal
 *     integers (surrounding spaces allowed); a count that is empty, negative,
 *     fractional, too large for 64 bits, or larger than n is a bad row.
 *  2a. A numeric series (--value): the cell is a decimal number (surrounding
 *     spaces allowed; empty, "NA", infinite or otherwise unreadable is a bad
 *     row); each row adds its value to the group (sc_groups_add_value).
 *  3. Filters (--where) are applied first, all of them (AND): a row that a
 *     filter drops is read but neither used nor checked.
 *  4. A bad row is an error (SC_EDATA: file, line, column, value), or with
 *     skip_bad it is counted and skipped; the first skipped row's message is
 *     kept.  Ragged rows count as bad rows.
 *  5. Each used row adds to the group keyed by the `keys` columns, and
 *     with a `period` column by the row's period, placed at `period_at`.  The
 *     key parts are named after the first input's header (a column given by
 *     number gets its header name), or as given when there is no header.
 *  6. A period cell is parsed as in spotcheck/period.h (sc_period_parse_per
 *     with `per`) and stands in the key in canonical form (2024Q3), so that
 *     "2024年第三季度" and "2024-Q3" are one period.  A cell that is not a
 *     period, or whose kind differs from the column's first period (a year
 *     among quarters), is a bad row.
 */
#ifndef SPOTCHECK_RECORDS_H
#define SPOTCHECK_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/period.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The default verdict values, NULL-terminated static lists. */
SC_API extern const char *const sc_default_pass_values[];
SC_API extern const char *const sc_default_fail_values[];

/* A row filter: column = value, or column != value when `negate`. */
typedef struct sc_where {
    char *column;
    char *value;
    bool negate;
} sc_where;

/* Parses "COL=VALUE" or "COL!=VALUE" (split at the first "!=" or "=");
 * SC_EINVAL when there is neither or the column is empty.  The strings are
 * copied; free them with sc_where_clear. */
SC_API sc_status sc_where_parse(const char *text, sc_where *out, sc_error *err);
SC_API void sc_where_clear(sc_where *where);

typedef struct sc_input_spec {
    sc_csv_opts csv;
    /* record level: the verdict column ... */
    const char *result;
    const char *const *pass_values; /* NULL-terminated; NULL: the defaults */
    const char *const *fail_values;
    /* ... or aggregated: n with passed or failed ... */
    const char *n;
    const char *pass;
    const char *fail;
    /* ... or a numeric series: one value per row, summed per group */
    const char *value;
    /* the group key: these columns, then the period (when `period` is set) */
    const char *const *keys;
    size_t nkeys;
    const char *period;
    sc_period_kind per; /* with `period`: roll up to this; SC_PERIOD_NONE: as written */
    size_t period_at;   /* with `period`: its place in the key (0..nkeys; the key
                           columns from there on follow it) */
    const sc_where *where;
    size_t nwhere;
    bool skip_bad;
} sc_input_spec;

typedef struct sc_read_stats {
    uint64_t rows_read;    /* data rows in all inputs */
    uint64_t rows_used;    /* rows counted */
    uint64_t rows_skipped; /* bad rows skipped (skip_bad) */
    sc_error first_skipped; /* why the first skipped row was skipped */
} sc_read_stats;

/* Reads every input (paths; "-" is standard input) into `groups`, which must
 * have been made with spec->nkeys keys, plus one with a period column.  Stats add up over the inputs.
 * Errors: SC_ENOENT (cannot open), SC_EINVAL (no such column, bad spec),
 * SC_EDATA (bad row), SC_EIO, SC_ENOMEM. */
SC_API sc_status sc_records_read(const sc_input_spec *spec, const char *const *paths,
                                 size_t npaths, sc_groups *groups, sc_read_stats *stats,
                                 sc_error *err);

#ifdef __cplusplus
}
#endif
#endif
