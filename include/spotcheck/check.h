/* spotcheck — published tables read as printed, for consistency checks
 * (spotcheck check).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §3; issue 12):
 *  1. A published table is read through csvin (encodings, BOM, line ends,
 *     strict quoting, ragged rows as in csvin.h) and kept row by row as text:
 *     the check needs every row's place (file, line) and the digits each
 *     number was printed with, not grouped counts.  Tables are small (a
 *     bulletin); memory grows with the rows.
 *  2. The fields read are the columns given in `columns` (counts, printed
 *     rates, a printed change, a baseline rate); each cell is kept with its
 *     surrounding spaces removed, and a column that was not given is NULL in
 *     every row.  A cell is "not printed" when it is empty or one of
 *     NA, N/A, -, --, —, /, － (what tables print for a missing figure).
 *  3. The row label: the `by` columns; with none, the first column of the
 *     file when no field uses it (so that a 合计 row is found in a table
 *     like "地区,批次,合格"), else no label.  The `within` columns name the
 *     block a row belongs to (each block is checked against its own total
 *     row); rows of different files are always in different blocks.
 *  4. A column that does not exist is SC_EINVAL naming it (csvin's message);
 *     a file that cannot be opened SC_ENOENT; bad CSV SC_EDATA with its line.
 *     Several files must agree on the columns by name (numbers resolve in
 *     each file).
 */
#ifndef SPOTCHECK_CHECK_H
#define SPOTCHECK_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The fields of a published table that the check reads. */
typedef enum sc_check_field {
    SC_CHECK_N,        /* batches (n) */
    SC_CHECK_PASSED,   /* passed batches */
    SC_CHECK_FAILED,   /* unqualified batches */
    SC_CHECK_RATE,     /* the printed rate (pass or unqualified, per sc_check_opts.kind) */
    SC_CHECK_CHANGE,   /* a printed change of that rate, in its unit (pp for percentages) */
    SC_CHECK_BASELINE, /* the printed rate of the period the change is against */
    SC_CHECK_FIELDS
} sc_check_field;

typedef struct sc_check_spec {
    sc_csv_opts csv;
    const char *columns[SC_CHECK_FIELDS]; /* by name or 1-based number; NULL: not given */
    const char *const *by;                /* row label columns */
    size_t nby;
    const char *const *within; /* block columns */
    size_t nwithin;
} sc_check_spec;

/* One data row as printed (contract 2). */
typedef struct sc_check_row {
    size_t file;              /* index into sc_check_input.files */
    unsigned long long line;  /* where the row starts */
    char **labels;            /* nlabels cells (contract 3) */
    char **within;            /* nwithin cells */
    char *cells[SC_CHECK_FIELDS]; /* NULL: no such column, or not printed */
} sc_check_row;

typedef struct sc_check_input {
    char **files; /* names as messages show them */
    size_t nfiles;
    char **label_names; /* header names of the label columns (of the first file) */
    size_t nlabels;
    char **within_names;
    size_t nwithin;
    char *column_names[SC_CHECK_FIELDS]; /* NULL for a field not given */
    sc_check_row *rows;
    size_t nrows;
} sc_check_input;

/* Reads the tables `paths` ("-" is standard input).  Caller frees *out with
 * sc_check_input_free.  Errors: contract 4, SC_ENOMEM. */
SC_API sc_status sc_check_read(const sc_check_spec *spec, const char *const *paths,
                               size_t npaths, sc_check_input **out, sc_error *err);

/* Frees the input.  NULL is a no-op. */
SC_API void sc_check_input_free(sc_check_input *input);

#ifdef __cplusplus
}
#endif
#endif
