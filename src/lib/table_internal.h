/* spotcheck — filling a table's rows on several threads (not exported).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TABLE_INTERNAL_H
#define SPOTCHECK_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "shared_text.h"
#include "spotcheck/error.h"
#include "spotcheck/table.h"

/* Fills rows [first, last) of the table `part` (the cell setters only); a
 * failure's message in *err. */
typedef sc_status sc_table_fill_fn(sc_table *part, size_t first, size_t last, void *ctx,
                                   sc_error *err);

/* Adds `nrows` rows of missing cells to `table` and has `fill` set them:
 * in one call on this thread, or, with threads > 1 and rows enough
 * (SC_TABLE_FILL_ROWS a thread), in consecutive ranges on up to `threads`
 * threads.  A range's `part` is a table of the same columns that sees only
 * its rows: setting a cell of it sets the cell of `table`; it has strings of
 * its own, given to `table` at the end; adding rows or columns to it, or
 * sorting it, is SC_EINVAL.  The status and message are those of the first
 * range (in row order) that failed, as one call would have given; SC_ENOMEM
 * with "out of memory" when the rows cannot be added (nothing is added). */
sc_status sc_table_fill(sc_table *table, size_t nrows, size_t threads, sc_table_fill_fn *fill,
                        void *ctx, sc_error *err);

/* Has `table` hold `text` (NULL: nothing to hold) until it is freed, so
 * that its cells may point into it (contract 1); not in a part of
 * sc_table_fill (SC_EINVAL), so before the fill.  SC_ENOMEM leaves the
 * table as it was. */
sc_status sc_table_hold_text(sc_table *table, sc_shared_text *text);

/* sc_table_set_string of a text in a block the table holds
 * (sc_table_hold_text): the cell points to it, uncopied. */
sc_status sc_table_set_held_string(sc_table *table, size_t row, size_t col, const char *text);

/* The fewest rows a thread of sc_table_fill gets. */
#define SC_TABLE_FILL_ROWS 16384

/* The state of a cell. */
enum {
    SC_CELL_MISSING = 0,
    SC_CELL_SET,
    SC_CELL_EXACT, /* a double with its fraction beside it */
    SC_CELL_RATIO  /* a fraction a/b alone, its double a/b when read (table.c, contract 4a) */
};

/* A cell's value as stored; its column's type, then its state, say which
 * (table.c, contracts 1 and 4a). */
typedef union sc_cell_value {
    const char *string;
    uint64_t count;
    double real;
    struct {
        uint32_t num, den;
    } ratio; /* SC_CELL_RATIO */
} sc_cell_value;

/* A column's cells as stored, for code that reads every cell of a big table
 * (the delimited writer): cell `row` is state[row & mask] and
 * values[row & mask] (mask 0: a constant column, table.c contract 8); it is
 * missing when its state is SC_CELL_MISSING; a double whose state is
 * SC_CELL_EXACT or SC_CELL_RATIO has an exact fraction, and the value of
 * an SC_CELL_RATIO cell is that fraction, not its double (read both with
 * sc_table_get_fraction and sc_table_get_double).  Valid until the table
 * changes. */
typedef struct sc_column_cells {
    sc_col_type type;
    const uint8_t *state;
    const sc_cell_value *values;
    size_t mask;
} sc_column_cells;

/* The cells of column `col` in *out; SC_EINVAL when there is no such column. */
sc_status sc_table_column_cells(const sc_table *table, size_t col, sc_column_cells *out);

#endif
