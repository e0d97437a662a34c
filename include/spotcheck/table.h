/* spotcheck — the typed result table that every tool fills and every writer reads.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table has named, typed columns and rows of cells.  A cell may be missing
 * (NA): writers show it as empty (csv/tsv), null (json) or "NA" (table, md).
 * Column names are stable English identifiers (DESIGN.md §5); each column may
 * carry a Chinese label used by human formats with --lang zh.
 */
#ifndef SPOTCHECK_TABLE_H
#define SPOTCHECK_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_col_type {
    SC_COL_STRING,     /* text (UTF-8) */
    SC_COL_COUNT,      /* unsigned 64-bit integer */
    SC_COL_PROPORTION, /* double in [0, 1] or beyond (differences); shown as percent with --percent */
    SC_COL_REAL,       /* any other double: statistics, levels */
    SC_COL_PVALUE,     /* double in [0, 1]; human formats show significant digits */
    SC_COL_POINTS,     /* a difference of two proportions: as SC_COL_PROPORTION, but with
                          --percent in percentage points (x 100, no "%"; human headers say
                          "pp" / "百分点") */
    SC_COL_SETTING     /* a probability the user set (confidence level, target): never
                          rounded (shortest decimal); in percent, with "%", under --percent */
} sc_col_type;

/* An exact value a/b - c/d of counts: a rate x/n is {x, n, 0, 1}, the
 * difference of two rates x1/n1 - x2/n2 is {x1, n1, x2, n2}. */
typedef struct sc_fraction {
    uint64_t a, b, c, d;
} sc_fraction;

/* Counts of an sc_fraction must be below this (2^62), so that the exact
 * arithmetic fits in 128 bits. */
#define SC_FRACTION_MAX (UINT64_C(1) << 62)

typedef struct sc_table sc_table;

/* New empty table; NULL when out of memory.  Caller frees with sc_table_free. */
SC_API sc_table *sc_table_new(void);

/* Frees the table and every string in it.  NULL is a no-op. */
SC_API void sc_table_free(sc_table *table);

/* Appends a column.  `name` is the machine name (csv/json), `label_zh` the
 * Chinese label for human formats (NULL or "": use `name`).  Both are copied.
 * Columns may only be added while the table has no rows (SC_EINVAL otherwise;
 * also for a NULL name or an unknown type).  Names are not checked for
 * uniqueness; json keys and csv headers are only unambiguous when the
 * caller keeps them distinct. */
SC_API sc_status sc_table_add_column(sc_table *table, const char *name, const char *label_zh,
                                     sc_col_type type);

/* Appends a row of missing cells; its index is written to *row (row may be
 * NULL).  SC_ENOMEM leaves the table unchanged. */
SC_API sc_status sc_table_add_row(sc_table *table, size_t *row);

/* Makes room for `rows` rows in all, so that a table that knows its size is
 * not grown (and copied) on the way: a hint, rows are still added one by
 * one.  SC_ENOMEM leaves the table unchanged; SC_EINVAL for a NULL table. */
SC_API sc_status sc_table_reserve(sc_table *table, size_t rows);

/* Cell setters.  The column's type must match (SC_EINVAL otherwise): strings
 * into SC_COL_STRING, counts into SC_COL_COUNT, doubles into the three double
 * types.  Strings are copied; a NULL string makes the cell missing.  A NaN
 * double is stored as missing; infinities are kept.  SC_EINVAL for a row or
 * column out of range.  On any error the cell is unchanged. */
SC_API sc_status sc_table_set_string(sc_table *table, size_t row, size_t col, const char *value);
SC_API sc_status sc_table_set_count(sc_table *table, size_t row, size_t col, uint64_t value);
SC_API sc_status sc_table_set_double(sc_table *table, size_t row, size_t col, double value);

/* Sets every cell of a column, in the rows there are and in those added
 * later, to one value, stored once (a setting such as the method or the
 * level of a table of intervals: a million rows take no more than one).
 * The column is then constant: setting one of its cells is SC_EINVAL, and
 * so is a column of another type (strings into SC_COL_STRING, doubles into
 * the three double types) or out of range.  A NULL string or a NaN makes
 * every cell missing.  SC_ENOMEM leaves the column as it was. */
SC_API sc_status sc_table_set_column_string(sc_table *table, size_t col, const char *value);
SC_API sc_status sc_table_set_column_double(sc_table *table, size_t col, double value);

/* Sets a double cell (SC_COL_PROPORTION or SC_COL_POINTS) to the exact value
 * a/b - c/d.  The cell's double is (double)a / b - (double)c / d, what
 * machine formats write at full precision and what sorting and
 * sc_table_get_double see; rounding (human formats, --digits) uses the exact
 * value (output.h), so a tie such as 23/40 - 10/20 = 0.075 is a tie.
 * b = 0 or d = 0 (no batches) makes the cell missing.  SC_EINVAL for a value
 * NULL, a count >= SC_FRACTION_MAX, or a column of another type. */
SC_API sc_status sc_table_set_fraction(sc_table *table, size_t row, size_t col,
                                       const sc_fraction *value);

/* True (1) when the cell was set by sc_table_set_fraction; then *out (which
 * may be NULL) receives the fraction.  0 otherwise. */
SC_API int sc_table_get_fraction(const sc_table *table, size_t row, size_t col,
                                 sc_fraction *out);

/* Copies cell (srow, scol) of `src` into cell (row, col) of `table`, with
 * its exact fraction when it has one; a missing cell stays missing.  The two
 * columns must be of one kind (string, count, or any of the double types),
 * SC_EINVAL otherwise or out of range; SC_ENOMEM for a string, or when `src`
 * is incomplete (sc_table_complete), which marks `table` incomplete too. */
SC_API sc_status sc_table_copy_cell(sc_table *table, size_t row, size_t col,
                                    const sc_table *src, size_t srow, size_t scol);

/* False when a string or fraction setter of the table failed for want of memory (the
 * cell is missing where a value belongs), or table is NULL: the writers,
 * sc_doc_table, sc_table_select, sc_table_with_constant and sc_chart_set_data
 * refuse such a table
 * with SC_ENOMEM. */
SC_API bool sc_table_complete(const sc_table *table);

SC_API size_t sc_table_rows(const sc_table *table);
SC_API size_t sc_table_columns(const sc_table *table);
SC_API const char *sc_table_column_name(const sc_table *table, size_t col);
/* Chinese label, or the name when none was given.  Owned by the table. */
SC_API const char *sc_table_column_label_zh(const sc_table *table, size_t col);
SC_API sc_col_type sc_table_column_type(const sc_table *table, size_t col);
/* Index of the first column named `name`, or -1. */
SC_API long sc_table_find_column(const sc_table *table, const char *name);

/* A new table of the columns of `table` named names[0, n), in that order: a
 * name is a column's name or its Chinese label; a column may be named
 * twice.  SC_EINVAL with a message listing the table's columns for a name
 * it has not; SC_ENOMEM.  Caller frees *out (NULL on error). */
SC_API sc_status sc_table_select(const sc_table *table, const char *const *names, size_t n,
                                 sc_table **out, sc_error *err);

/* A string column with one value on every row (a mark such as "derived"). */
typedef struct sc_constant_column {
    const char *name, *label_zh, *value;
} sc_constant_column;

/* A new table: every column of `table`, then `extra`.  SC_ENOMEM.  Caller
 * frees *out (NULL on error). */
SC_API sc_status sc_table_with_constant(const sc_table *table, const sc_constant_column *extra,
                                        sc_table **out, sc_error *err);

/* Getters.  sc_table_is_missing is true for cells never set (or set to NaN)
 * and for cells out of range.  sc_table_get_string returns NULL for a missing
 * cell; owned by the table.  A missing, out-of-range or wrongly typed cell
 * reads as NULL, 0 or NaN.  sc_table_column_name/_label_zh return NULL and
 * sc_table_column_type SC_COL_STRING for a column out of range. */
SC_API int sc_table_is_missing(const sc_table *table, size_t row, size_t col);
SC_API const char *sc_table_get_string(const sc_table *table, size_t row, size_t col);
SC_API uint64_t sc_table_get_count(const sc_table *table, size_t row, size_t col);
SC_API double sc_table_get_double(const sc_table *table, size_t row, size_t col);

/* Stable sort of rows [first, last) by the given columns, in order of
 * precedence.  Strings compare by bytes (Unicode code point order for
 * UTF-8), numbers numerically; missing cells sort last whatever the direction.
 * `descending` applies to every key.  SC_EINVAL when first > last, last >
 * rows or a column is out of range; SC_ENOMEM leaves the order unchanged. */
SC_API sc_status sc_table_sort(sc_table *table, size_t first, size_t last, const size_t *cols,
                               size_t ncols, int descending);

#ifdef __cplusplus
}
#endif
#endif
