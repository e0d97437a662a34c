/* spotcheck — filling a table's rows on several threads (not exported).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TABLE_INTERNAL_H
#define SPOTCHECK_TABLE_INTERNAL_H

#include <stddef.h>

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

/* The fewest rows a thread of sc_table_fill gets. */
#define SC_TABLE_FILL_ROWS 16384

#endif
