/* spotcheck — the typed result table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/table.h):
 *  1. Cells are stored by column: a column holds an 8-byte value (string
 *     pointer, count or double) and a state byte (missing, set, exact) per
 *     row; the kind of value is the column's type.  Every string is copied
 *     into the table's own blocks (freed with the table, never one by one:
 *     a million rows of "wilson" take 7 MB, not the 32 MB of a million
 *     mallocs), and a string equal to the one just above it in its column
 *     is shared, not copied again (a method or level column of a million
 *     rows takes no string bytes).  A table may also hold text of another
 *     owner (sc_table_hold_text: a group table's keys) and point cells into
 *     it uncopied (sc_table_set_held_string), until the table is freed.  An
 *     exact fraction is kept in an array of the column beside its values,
 *     made at its first exact cell (4a); its c/d half only when a cell is
 *     not a rate (c/d = 0/1).  A rate a/b of counts below 2^32 is kept in
 *     the cell's value itself (4a).  A million-row `rate` table takes 63
 *     bytes a row, its keys held, not copied (79 with its rates' fractions
 *     in an array, 97 before its method and level were constant columns,
 *     contract 8; 180 row-major).
 *  2. A NaN double is stored as missing; infinities are stored as given.
 *  3. Columns are added before the first row.  Setters check row, column and
 *     the column's type, and return SC_EINVAL on a mismatch without changing
 *     the cell.  Setting a NULL string makes the cell missing.
 *  4. Sorting is stable (a merge sort of row indices) and puts missing cells
 *     last in either direction.
 *  4a. A double cell may carry the exact fraction it was computed from
 *     (sc_table_set_fraction); the double is what everything but rounding
 *     sees.  A rate a/b (c/d = 0/1) with a and b below 2^32 is kept as the
 *     two 32-bit halves of the cell's value (state SC_CELL_RATIO), and its
 *     double, a/b as set_fraction computes it, is made when it is read
 *     (cell_real): a million rates took 16 MB of fractions beside their
 *     doubles.
 *  5. Allocation failure returns SC_ENOMEM and leaves the table as it was.
 *  5a. A string or fraction setter that fails for want of memory also marks the table
 *     incomplete (sc_table_complete): the writers, sc_doc_table and
 *     sc_chart_set_data refuse it with SC_ENOMEM, so that a cell whose
 *     setter's status went unchecked cannot come out empty in a run that
 *     succeeds (found by failing each allocation in turn, tests/oom-check.sh).
 *     Copying a cell out of an incomplete table (sc_table_copy_cell) marks
 *     the copy incomplete too, and returns SC_ENOMEM.
 *     Nothing here prints, exits or aborts; sc_table_free(NULL) is a no-op.
 *  7. sc_table_fill (table_internal.h) sets rows on several threads through
 *     parts: a part is a copy of the table's struct whose rows are one range
 *     (made missing on the part's thread, then filled), with its own string
 *     blocks (given to the table at the end) and incomplete flag; a string
 *     is shared with the row above only within the part.  The parts write
 *     disjoint rows of the shared column arrays; the fraction arrays a part
 *     makes on the way are made under a lock and published atomically.  A
 *     part refuses what would move the arrays (rows, columns, reserving,
 *     sorting, holding text).  A million rows of `rate` took 92 ms to
 *     set on one thread.
 *  8. A constant column (sc_table_set_column_string, _double) holds one
 *     value and one state for every row: its arrays have one item and its
 *     mask is 0, so that row r reads item r & mask whatever the column; it
 *     is not grown, sorted or set cell by cell.  The method and level of a
 *     million-row `rate` table took 18 MB as ordinary columns.
 */
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "shared_text.h"
#include "spotcheck/table.h"
#include "table_internal.h"


/* Half of an exact fraction (a, b or c, d). */
typedef struct pair {
    uint64_t num, den;
} pair;

typedef sc_cell_value value;

/* Strings are copied into blocks of at least STRING_BLOCK bytes, each new
 * block twice the last up to STRING_BLOCK_MAX: the keys of a million rows
 * then take a few blocks big enough for huge pages (alloc.h), where 250
 * blocks of 64 KiB took 4,000 page faults. */
#define STRING_BLOCK 65536
#define STRING_BLOCK_MAX ((size_t)16 << 20)

typedef struct string_block {
    struct string_block *next;
    size_t used, size;
    char text[];
} string_block;

typedef struct column {
    char *name;
    char *label_zh; /* NULL: the name serves */
    sc_col_type type;
    value *values;         /* row_capacity values ... */
    uint8_t *state;        /* ... and states (CELL_*) */
    pair *ab; /* NULL until the column's first exact cell; then row_capacity a/b ... */
    pair *cd; /* ... and c/d, NULL while every one is 0/1 (a rate) */
    size_t mask; /* SIZE_MAX; 0 in a constant column (contract 8): row r is cell r & mask */
} column;

struct sc_table {
    column *columns;
    size_t ncolumns;
    size_t column_capacity;
    size_t nrows;
    size_t row_capacity; /* of every column's arrays */
    string_block *strings; /* the newest first */
    sc_shared_text **held; /* other owners' text the cells may point into */
    size_t nheld;
    bool incomplete;       /* contract 5a */
    /* A part (sc_table_fill, contract 7): its rows are [first_row, nrows) of
       the table whose columns it shares, and `lock` guards the fraction
       arrays made on the way.  0 and NULL in a table. */
    size_t first_row;
    pthread_mutex_t *lock;
};

/* A copy of `text` in the table's blocks; NULL when out of memory. */
static char *table_string(sc_table *table, const char *text)
{
    size_t len = strlen(text) + 1;
    string_block *b = table->strings;
    if (!b || b->size - b->used < len) {
        size_t size = b && b->size < STRING_BLOCK_MAX / 2 ? 2 * b->size
                      : b                                 ? STRING_BLOCK_MAX
                                                          : STRING_BLOCK;
        if (size < len)
            size = len;
        b = sc_malloc(sizeof *b + size);
        if (!b)
            return NULL;
        *b = (string_block){.next = table->strings, .size = size};
        table->strings = b;
    }
    char *copy = b->text + b->used;
    memcpy(copy, text, len);
    b->used += len;
    return copy;
}

static char *copy_string(const char *text)
{
    size_t len = strlen(text) + 1;
    char *copy = sc_malloc(len);
    if (copy)
        memcpy(copy, text, len);
    return copy;
}

/* Grows an array to hold at least `needed` items; SC_ENOMEM on overflow or failure. */
static sc_status grow(void **items, size_t *capacity, size_t needed, size_t item_size)
{
    if (needed <= *capacity)
        return SC_OK;
    size_t wanted = *capacity ? *capacity : 8;
    while (wanted < needed) {
        if (wanted > SIZE_MAX / 2)
            return SC_ENOMEM;
        wanted *= 2;
    }
    if (wanted > SIZE_MAX / item_size)
        return SC_ENOMEM;
    void *bigger = sc_realloc(*items, wanted * item_size);
    if (!bigger)
        return SC_ENOMEM;
    *items = bigger;
    *capacity = wanted;
    return SC_OK;
}

/* Reallocates *items to `capacity` items; SC_ENOMEM leaves it as it was. */
static sc_status resize(void **items, size_t capacity, size_t item_size)
{
    void *bigger = sc_realloc(*items, capacity * item_size);
    if (!bigger)
        return SC_ENOMEM;
    *items = bigger;
    return SC_OK;
}

static bool is_double_type(sc_col_type type)
{
    return type != SC_COL_STRING && type != SC_COL_COUNT;
}

/* The column of cell (row, col); NULL out of range. */
static column *column_at(const sc_table *table, size_t row, size_t col)
{
    if (!table || row >= table->nrows || row < table->first_row || col >= table->ncolumns)
        return NULL;
    return &table->columns[col];
}

static uint8_t state_at(const sc_table *table, size_t row, size_t col)
{
    const column *c = column_at(table, row, col);
    return c ? c->state[row & c->mask] : SC_CELL_MISSING;
}

sc_table *sc_table_new(void)
{
    return sc_calloc(1, sizeof(sc_table));
}

void sc_table_free(sc_table *table)
{
    if (!table)
        return;
    for (string_block *b = table->strings, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    for (size_t i = 0; i < table->nheld; i++)
        sc_shared_text_release(table->held[i]);
    free(table->held);
    for (size_t i = 0; i < table->ncolumns; i++) {
        column *c = &table->columns[i];
        free(c->name);
        free(c->label_zh);
        free(c->values);
        free(c->state);
        free(c->ab);
        free(c->cd);
    }
    free(table->columns);
    free(table);
}

sc_status sc_table_add_column(sc_table *table, const char *name, const char *label_zh,
                              sc_col_type type)
{
    if (!table || !name || table->nrows > 0 || table->lock ||
        (unsigned)type > (unsigned)SC_COL_SETTING)
        return SC_EINVAL;
    void *columns = table->columns;
    if (grow(&columns, &table->column_capacity, table->ncolumns + 1, sizeof(column)) != SC_OK)
        return SC_ENOMEM;
    table->columns = columns;

    column added = {.name = copy_string(name), .type = type, .mask = SIZE_MAX};
    if (label_zh && label_zh[0])
        added.label_zh = copy_string(label_zh);
    if (!added.name || (label_zh && label_zh[0] && !added.label_zh)) {
        free(added.name);
        free(added.label_zh);
        return SC_ENOMEM;
    }
    table->columns[table->ncolumns++] = added;
    return SC_OK;
}

/* Room for `capacity` rows in every column (contract 5: a failure leaves
 * the rows as they were; a column already grown keeps its larger arrays). */
static sc_status reserve_rows(sc_table *table, size_t capacity)
{
    for (size_t i = 0; i < table->ncolumns; i++) {
        column *c = &table->columns[i];
        if (c->mask == 0)
            continue; /* constant: one cell for every row */
        void *values = c->values, *state = c->state, *ab = c->ab, *cd = c->cd;
        if (resize(&values, capacity, sizeof *c->values) != SC_OK)
            return SC_ENOMEM;
        c->values = values;
        if (resize(&state, capacity, sizeof *c->state) != SC_OK)
            return SC_ENOMEM;
        c->state = state;
        if (ab && resize(&ab, capacity, sizeof *c->ab) != SC_OK)
            return SC_ENOMEM;
        c->ab = ab;
        if (cd && resize(&cd, capacity, sizeof *c->cd) != SC_OK)
            return SC_ENOMEM;
        c->cd = cd;
    }
    table->row_capacity = capacity;
    return SC_OK;
}

sc_status sc_table_reserve(sc_table *table, size_t rows)
{
    if (!table || table->lock)
        return SC_EINVAL;
    if (rows > SIZE_MAX / sizeof(pair))
        return SC_ENOMEM;
    return rows > table->row_capacity ? reserve_rows(table, rows) : SC_OK;
}

sc_status sc_table_add_row(sc_table *table, size_t *row)
{
    if (!table || table->lock)
        return SC_EINVAL;
    if (table->nrows == table->row_capacity) {
        size_t capacity = table->row_capacity ? table->row_capacity : 8;
        if (capacity > SIZE_MAX / 2 / sizeof(pair))
            return SC_ENOMEM;
        if (reserve_rows(table, 2 * capacity) != SC_OK)
            return SC_ENOMEM;
    }
    for (size_t i = 0; i < table->ncolumns; i++)
        if (table->columns[i].mask != 0)
            table->columns[i].state[table->nrows] = SC_CELL_MISSING;
    if (row)
        *row = table->nrows;
    table->nrows++;
    return SC_OK;
}

/* The column of cell (row, col) when it has one of the accepted types:
 * any double type when want_double, else `exact`. */
static column *settable(sc_table *table, size_t row, size_t col, bool want_double,
                        sc_col_type exact)
{
    column *c = column_at(table, row, col);
    if (!c || c->mask == 0 || (want_double ? !is_double_type(c->type) : c->type != exact))
        return NULL; /* a constant column's cells are set all at once */
    return c;
}

sc_status sc_table_set_string(sc_table *table, size_t row, size_t col, const char *text)
{
    column *c = settable(table, row, col, false, SC_COL_STRING);
    if (!c)
        return SC_EINVAL;
    const char *copy = NULL;
    const char *above = row > table->first_row && c->state[row - 1] == SC_CELL_SET
                            ? c->values[row - 1].string
                            : NULL;
    if (text && above && !strcmp(above, text))
        copy = above; /* contract 1: shared with the row above */
    else if (text && !(copy = table_string(table, text))) {
        table->incomplete = true;
        return SC_ENOMEM;
    }
    c->state[row] = copy ? SC_CELL_SET : SC_CELL_MISSING;
    c->values[row].string = copy;
    return SC_OK;
}

sc_status sc_table_hold_text(sc_table *table, sc_shared_text *text)
{
    if (!table || table->lock)
        return SC_EINVAL;
    for (size_t i = 0; i < table->nheld; i++)
        if (table->held[i] == text)
            return SC_OK;
    if (!text)
        return SC_OK;
    sc_shared_text **held = sc_realloc(table->held, (table->nheld + 1) * sizeof *held);
    if (!held)
        return SC_ENOMEM;
    table->held = held;
    table->held[table->nheld++] = sc_shared_text_hold(text);
    return SC_OK;
}

sc_status sc_table_set_held_string(sc_table *table, size_t row, size_t col, const char *text)
{
    column *c = settable(table, row, col, false, SC_COL_STRING);
    if (!c)
        return SC_EINVAL;
    c->state[row] = text ? SC_CELL_SET : SC_CELL_MISSING;
    c->values[row].string = text;
    return SC_OK;
}

sc_status sc_table_set_count(sc_table *table, size_t row, size_t col, uint64_t count)
{
    column *c = settable(table, row, col, false, SC_COL_COUNT);
    if (!c)
        return SC_EINVAL;
    c->state[row] = SC_CELL_SET;
    c->values[row].count = count;
    return SC_OK;
}

sc_status sc_table_set_double(sc_table *table, size_t row, size_t col, double real)
{
    column *c = settable(table, row, col, true, SC_COL_REAL);
    if (!c)
        return SC_EINVAL;
    c->state[row] = (uint8_t)(isnan(real) ? SC_CELL_MISSING : SC_CELL_SET);
    c->values[row].real = real;
    return SC_OK;
}

/* Makes column col constant (contract 8): every row reads the one cell
 * `cell` in state `state` (a string in the table's blocks).  SC_ENOMEM
 * leaves the column as it was. */
static sc_status make_constant(sc_table *table, size_t col, value cell, uint8_t state)
{
    column *c = &table->columns[col];
    value *values = sc_malloc(sizeof *values);
    uint8_t *states = sc_malloc(sizeof *states);
    const char *text = c->type == SC_COL_STRING && state != SC_CELL_MISSING
                           ? table_string(table, cell.string)
                           : "";
    if (!values || !states || !text) {
        free(values);
        free(states);
        return SC_ENOMEM;
    }
    if (c->type == SC_COL_STRING)
        cell.string = state != SC_CELL_MISSING ? text : NULL;
    values[0] = cell;
    states[0] = state == SC_CELL_MISSING ? SC_CELL_MISSING : SC_CELL_SET;
    free(c->values);
    free(c->state);
    free(c->ab);
    free(c->cd);
    *c = (column){c->name, c->label_zh, c->type, values, states, NULL, NULL, 0};
    return SC_OK;
}

/* The column of a whole-column setter: in range, of a type it takes, and
 * not in a part (sc_table_fill), which shares the columns. */
static column *whole_column(sc_table *table, size_t col, bool want_double)
{
    if (!table || table->lock || col >= table->ncolumns)
        return NULL;
    column *c = &table->columns[col];
    return (want_double ? is_double_type(c->type) : c->type == SC_COL_STRING) ? c : NULL;
}

sc_status sc_table_set_column_string(sc_table *table, size_t col, const char *text)
{
    if (!whole_column(table, col, false))
        return SC_EINVAL;
    return make_constant(table, col, (value){.string = text},
                         (uint8_t)(text ? SC_CELL_SET : SC_CELL_MISSING));
}

sc_status sc_table_set_column_double(sc_table *table, size_t col, double real)
{
    if (!whole_column(table, col, true))
        return SC_EINVAL;
    return make_constant(table, col, (value){.real = real},
                         (uint8_t)(isnan(real) ? SC_CELL_MISSING : SC_CELL_SET));
}

/* Makes the column's a/b array, and its c/d array (every cell 0/1) when
 * need_cd, where missing; the arrays in *ab and *cd.  In a part, under the
 * lock: the parts share the columns, and another may be making them too
 * (what a part reads of them without the lock it reads atomically). */
static bool make_exact_arrays(const sc_table *table, column *c, bool need_cd, pair **ab, pair **cd)
{
    if (table->lock)
        pthread_mutex_lock(table->lock);
    *ab = c->ab;
    *cd = c->cd;
    if (!*ab && (*ab = sc_malloc(table->row_capacity * sizeof **ab)) != NULL)
        __atomic_store_n(&c->ab, *ab, __ATOMIC_RELEASE);
    if (*ab && need_cd && !*cd && (*cd = sc_malloc(table->row_capacity * sizeof **cd)) != NULL) {
        for (size_t i = 0; i < table->row_capacity; i++)
            (*cd)[i] = (pair){0, 1};
        __atomic_store_n(&c->cd, *cd, __ATOMIC_RELEASE);
    }
    if (table->lock)
        pthread_mutex_unlock(table->lock);
    return *ab && (!need_cd || *cd);
}

/* The double of an exact fraction (contract 4a). */
static double fraction_real(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    return (double)a / (double)b - (double)c / (double)d;
}

/* The double of cell i (masked) of double column c, set or not. */
static double cell_real(const column *c, size_t i)
{
    return c->state[i] == SC_CELL_RATIO
               ? fraction_real(c->values[i].ratio.num, c->values[i].ratio.den, 0, 1)
               : c->values[i].real;
}

/* Contract 5a: an exact cell lost for want of memory. */
static sc_status lost_exact(sc_table *table)
{
    table->incomplete = true;
    return SC_ENOMEM;
}

sc_status sc_table_set_fraction(sc_table *table, size_t row, size_t col, const sc_fraction *exact)
{
    column *c = settable(table, row, col, true, SC_COL_REAL);
    if (!c || !exact)
        return SC_EINVAL;
    if (c->type != SC_COL_PROPORTION && c->type != SC_COL_POINTS)
        return SC_EINVAL;
    if (exact->a >= SC_FRACTION_MAX || exact->b >= SC_FRACTION_MAX ||
        exact->c >= SC_FRACTION_MAX || exact->d >= SC_FRACTION_MAX)
        return SC_EINVAL;
    if (exact->b == 0 || exact->d == 0) {
        c->state[row] = SC_CELL_MISSING;
        return SC_OK;
    }
    bool need_cd = exact->c != 0 || exact->d != 1;
    if (!need_cd && exact->a <= UINT32_MAX && exact->b <= UINT32_MAX) {
        c->state[row] = SC_CELL_RATIO;
        c->values[row].ratio.num = (uint32_t)exact->a;
        c->values[row].ratio.den = (uint32_t)exact->b;
        return SC_OK;
    }
    pair *ab = __atomic_load_n(&c->ab, __ATOMIC_ACQUIRE);
    pair *cd = __atomic_load_n(&c->cd, __ATOMIC_ACQUIRE);
    if ((!ab || (need_cd && !cd)) && !make_exact_arrays(table, c, need_cd, &ab, &cd))
        return lost_exact(table);
    c->state[row] = SC_CELL_EXACT;
    c->values[row].real = fraction_real(exact->a, exact->b, exact->c, exact->d);
    ab[row] = (pair){exact->a, exact->b};
    if (cd)
        cd[row] = (pair){exact->c, exact->d};
    return SC_OK;
}

int sc_table_get_fraction(const sc_table *table, size_t row, size_t col, sc_fraction *out)
{
    uint8_t state = state_at(table, row, col);
    if (state != SC_CELL_EXACT && state != SC_CELL_RATIO)
        return 0;
    column *c = &table->columns[col];
    if (state == SC_CELL_RATIO) {
        if (out)
            *out = (sc_fraction){c->values[row].ratio.num, c->values[row].ratio.den, 0, 1};
        return 1;
    }
    const pair *ab = __atomic_load_n(&c->ab, __ATOMIC_ACQUIRE); /* a part's too (contract 7) */
    const pair *cds = __atomic_load_n(&c->cd, __ATOMIC_ACQUIRE);
    pair cd = cds ? cds[row] : (pair){0, 1};
    if (out)
        *out = (sc_fraction){ab[row].num, ab[row].den, cd.num, cd.den};
    return 1;
}

sc_status sc_table_copy_cell(sc_table *table, size_t row, size_t col, const sc_table *src,
                             size_t srow, size_t scol)
{
    const column *from = column_at(src, srow, scol);
    if (!from || !column_at(table, row, col))
        return SC_EINVAL;
    column *to = settable(table, row, col, is_double_type(from->type), from->type);
    if (!to)
        return SC_EINVAL;
    if (src->incomplete) { /* contract 5a: a cell lost there is lost here too */
        table->incomplete = true;
        return SC_ENOMEM;
    }
    uint8_t state = from->state[srow & from->mask];
    value cell = from->values[srow & from->mask];
    if (state == SC_CELL_SET && from->type == SC_COL_STRING)
        return sc_table_set_string(table, row, col, cell.string);
    sc_fraction exact;
    if (sc_table_get_fraction(src, srow, scol, &exact))
        return sc_table_set_fraction(table, row, col, &exact);
    to->state[row] = state; /* a count, a double, or missing */
    to->values[row] = cell;
    return SC_OK;
}

/* A new table of the columns cols[0, n) of `table`, then, when extra is
 * given, one string column holding extra->value on every row. */
static sc_status copy_columns(const sc_table *table, const size_t *cols, size_t n,
                              const sc_constant_column *extra, sc_table **out)
{
    sc_table *t = sc_table_new();
    sc_status s = t ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; s == SC_OK && i < n; i++)
        s = sc_table_add_column(t, sc_table_column_name(table, cols[i]),
                                sc_table_column_label_zh(table, cols[i]),
                                sc_table_column_type(table, cols[i]));
    if (s == SC_OK && extra)
        s = sc_table_add_column(t, extra->name, extra->label_zh, SC_COL_STRING);
    for (size_t i = 0; s == SC_OK && i < n; i++) {
        const column *c = &table->columns[cols[i]];
        if (c->mask == 0)
            s = make_constant(t, i, c->values[0], c->state[0]);
    }
    if (s == SC_OK && extra)
        s = sc_table_set_column_string(t, n, extra->value);
    for (size_t row = 0; s == SC_OK && row < sc_table_rows(table); row++) {
        s = sc_table_add_row(t, NULL);
        for (size_t i = 0; s == SC_OK && i < n; i++)
            if (t->columns[i].mask != 0)
                s = sc_table_copy_cell(t, row, i, table, row, cols[i]);
    }
    if (s != SC_OK) {
        sc_table_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

bool sc_table_complete(const sc_table *table)
{
    return table && !table->incomplete;
}

sc_status sc_table_select(const sc_table *table, const char *const *names, size_t n,
                          sc_table **out, sc_error *err)
{
    *out = NULL;
    if (!sc_table_complete(table))
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t *cols = sc_calloc(n ? n : 1, sizeof *cols);
    if (!cols)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        long found = sc_table_find_column(table, names[i]);
        for (size_t c = 0; found < 0 && c < sc_table_columns(table); c++) {
            const char *label = sc_table_column_label_zh(table, c);
            if (label && !strcmp(label, names[i]))
                found = (long)c;
        }
        if (found < 0) {
            char list[1024] = "";
            size_t len = 0;
            for (size_t c = 0; c < sc_table_columns(table) && len + 1 < sizeof list; c++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", c ? ", " : "",
                                        sc_table_column_name(table, c));
            free(cols);
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "no column \"%s\"; the columns are: %s", names[i], list);
        }
        cols[i] = (size_t)found;
    }
    sc_status s = copy_columns(table, cols, n, NULL, out);
    free(cols);
    return s == SC_OK ? s : sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
}

sc_status sc_table_with_constant(const sc_table *table, const sc_constant_column *extra,
                                 sc_table **out, sc_error *err)
{
    *out = NULL;
    if (!sc_table_complete(table))
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t n = sc_table_columns(table);
    size_t *cols = sc_calloc(n ? n : 1, sizeof *cols);
    sc_status s = cols ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; i < n && cols; i++)
        cols[i] = i;
    if (s == SC_OK)
        s = copy_columns(table, cols, n, extra, out);
    free(cols);
    return s == SC_OK ? s : sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
}

size_t sc_table_rows(const sc_table *table) { return table ? table->nrows : 0; }

size_t sc_table_columns(const sc_table *table) { return table ? table->ncolumns : 0; }

const char *sc_table_column_name(const sc_table *table, size_t col)
{
    return table && col < table->ncolumns ? table->columns[col].name : NULL;
}

const char *sc_table_column_label_zh(const sc_table *table, size_t col)
{
    if (!table || col >= table->ncolumns)
        return NULL;
    const column *c = &table->columns[col];
    return c->label_zh ? c->label_zh : c->name;
}

sc_col_type sc_table_column_type(const sc_table *table, size_t col)
{
    return table && col < table->ncolumns ? table->columns[col].type : SC_COL_STRING;
}

long sc_table_find_column(const sc_table *table, const char *name)
{
    if (!table || !name)
        return -1;
    for (size_t i = 0; i < table->ncolumns && i <= (size_t)LONG_MAX; i++) {
        if (strcmp(table->columns[i].name, name) == 0)
            return (long)i;
    }
    return -1;
}

int sc_table_is_missing(const sc_table *table, size_t row, size_t col)
{
    return state_at(table, row, col) == SC_CELL_MISSING;
}

const char *sc_table_get_string(const sc_table *table, size_t row, size_t col)
{
    const column *c = column_at(table, row, col);
    return c && c->type == SC_COL_STRING && c->state[row & c->mask] ? c->values[row & c->mask].string
                                                                     : NULL;
}

uint64_t sc_table_get_count(const sc_table *table, size_t row, size_t col)
{
    const column *c = column_at(table, row, col);
    return c && c->type == SC_COL_COUNT && c->state[row & c->mask] ? c->values[row & c->mask].count
                                                                    : 0;
}

double sc_table_get_double(const sc_table *table, size_t row, size_t col)
{
    const column *c = column_at(table, row, col);
    return c && is_double_type(c->type) && c->state[row & c->mask] ? cell_real(c, row & c->mask)
                                                                    : NAN;
}

sc_status sc_table_column_cells(const sc_table *table, size_t col, sc_column_cells *out)
{
    if (!table || col >= table->ncolumns)
        return SC_EINVAL;
    const column *c = &table->columns[col];
    *out = (sc_column_cells){c->type, c->state, c->values, c->mask};
    return SC_OK;
}

/* ---- sorting ------------------------------------------------------------ */

typedef struct sort_keys {
    const sc_table *table;
    const size_t *cols;
    size_t ncols;
    int descending;
} sort_keys;

/* The order of rows a and b of column c. */
static int compare_cells(const column *c, size_t a, size_t b, int descending)
{
    a &= c->mask;
    b &= c->mask;
    bool a_missing = c->state[a] == SC_CELL_MISSING, b_missing = c->state[b] == SC_CELL_MISSING;
    if (a_missing || b_missing) /* missing last, either direction */
        return a_missing - b_missing;
    const value *x = &c->values[a], *y = &c->values[b];
    int order;
    if (c->type == SC_COL_STRING) {
        int byte_order = strcmp(x->string, y->string); /* as unsigned char */
        order = (byte_order > 0) - (byte_order < 0);
    } else if (c->type == SC_COL_COUNT) {
        order = (x->count > y->count) - (x->count < y->count);
    } else {
        double u = cell_real(c, a), v = cell_real(c, b);
        order = (u > v) - (u < v);
    }
    return descending ? -order : order;
}

static int compare_rows(const sort_keys *keys, size_t row_a, size_t row_b)
{
    for (size_t k = 0; k < keys->ncols; k++) {
        int order = compare_cells(&keys->table->columns[keys->cols[k]], row_a, row_b,
                                  keys->descending);
        if (order != 0)
            return order;
    }
    return 0;
}

/* Bottom-up merge sort of row indices; stable because ties take the left run. */
static void merge_sort(const sort_keys *keys, size_t *rows, size_t *scratch, size_t count)
{
    for (size_t run = 1; run < count; run *= 2) {
        for (size_t left = 0; left < count; left += 2 * run) {
            size_t middle = left + run < count ? left + run : count;
            size_t right = middle + run < count ? middle + run : count;
            size_t i = left, j = middle, out = left;
            while (i < middle && j < right)
                scratch[out++] = compare_rows(keys, rows[j], rows[i]) < 0 ? rows[j++] : rows[i++];
            while (i < middle)
                scratch[out++] = rows[i++];
            while (j < right)
                scratch[out++] = rows[j++];
        }
        memcpy(rows, scratch, count * sizeof *rows);
    }
}

sc_status sc_table_sort(sc_table *table, size_t first, size_t last, const size_t *cols,
                        size_t ncols, int descending)
{
    if (!table || table->lock || first > last || last > table->nrows || (ncols > 0 && !cols))
        return SC_EINVAL;
    for (size_t k = 0; k < ncols; k++) {
        if (cols[k] >= table->ncolumns)
            return SC_EINVAL;
    }
    size_t count = last - first;
    if (count < 2 || ncols == 0 || table->ncolumns == 0)
        return SC_OK;

    size_t *rows = sc_malloc(count * sizeof *rows);
    size_t *scratch = sc_malloc(count * sizeof *scratch);
    pair *moved = sc_malloc(count * sizeof *moved); /* the largest item of a column */
    if (!rows || !scratch || !moved) {
        free(rows);
        free(scratch);
        free(moved);
        return SC_ENOMEM;
    }
    for (size_t i = 0; i < count; i++)
        rows[i] = first + i;
    sort_keys keys = {table, cols, ncols, descending};
    merge_sort(&keys, rows, scratch, count);

    for (size_t k = 0; k < table->ncolumns; k++) {
        column *c = &table->columns[k];
        if (c->mask == 0)
            continue; /* constant: every row the same */
        value *values = (value *)moved;
        for (size_t i = 0; i < count; i++)
            values[i] = c->values[rows[i]];
        memcpy(&c->values[first], values, count * sizeof *values);
        uint8_t *state = (uint8_t *)moved;
        for (size_t i = 0; i < count; i++)
            state[i] = c->state[rows[i]];
        memcpy(&c->state[first], state, count);
        pair *halves[] = {c->ab, c->cd};
        for (size_t h = 0; h < 2; h++) {
            pair *half = halves[h];
            if (!half)
                continue;
            for (size_t i = 0; i < count; i++)
                moved[i] = half[rows[i]];
            memcpy(&half[first], moved, count * sizeof *moved);
        }
    }
    free(rows);
    free(scratch);
    free(moved);
    return SC_OK;
}

/* ---- filling rows on several threads (contract 7) ------------------------------ */

/* The most threads sc_table_fill starts. */
#define FILL_THREADS_MAX 16

typedef struct fill_part {
    sc_table part;
    sc_table_fill_fn *fill;
    void *ctx;
    sc_status status;
    sc_error err;
} fill_part;

/* Rows [first, last) of every column but the constant ones made missing. */
static void rows_missing(sc_table *table, size_t first, size_t last)
{
    for (size_t i = 0; i < table->ncolumns && last > first; i++)
        if (table->columns[i].mask != 0)
            memset(&table->columns[i].state[first], SC_CELL_MISSING, last - first);
}

static void *fill_range(void *arg)
{
    fill_part *p = arg;
    sc_error_clear(&p->err);
    /* each part's rows on its own thread: a million rows' states are 7 MB of
       fresh pages */
    rows_missing(&p->part, p->part.first_row, p->part.nrows);
    p->status = p->fill(&p->part, p->part.first_row, p->part.nrows, p->ctx, &p->err);
    return NULL;
}

sc_status sc_table_fill(sc_table *table, size_t nrows, size_t threads, sc_table_fill_fn *fill,
                        void *ctx, sc_error *err)
{
    if (!table || table->lock || !fill)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s", sc_strerror(SC_EINVAL));
    size_t first = table->nrows;
    if (nrows > SIZE_MAX / 2 / sizeof(pair) - first ||
        (first + nrows > table->row_capacity && reserve_rows(table, first + nrows) != SC_OK))
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    table->nrows += nrows;

    size_t nparts = threads < FILL_THREADS_MAX ? threads : FILL_THREADS_MAX;
    if (nparts > nrows / SC_TABLE_FILL_ROWS)
        nparts = nrows / SC_TABLE_FILL_ROWS;
    if (nparts < 2) {
        rows_missing(table, first, table->nrows);
        return fill(table, first, table->nrows, ctx, err);
    }

    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    fill_part parts[FILL_THREADS_MAX];
    pthread_t ids[FILL_THREADS_MAX];
    bool started[FILL_THREADS_MAX] = {false};
    for (size_t k = 0; k < nparts; k++) {
        parts[k] = (fill_part){.part = *table, .fill = fill, .ctx = ctx};
        parts[k].part.strings = NULL;
        parts[k].part.incomplete = false;
        parts[k].part.first_row = first + nrows * k / nparts;
        parts[k].part.nrows = first + nrows * (k + 1) / nparts;
        parts[k].part.lock = &lock;
    }
    for (size_t k = 1; k < nparts; k++)
        started[k] = pthread_create(&ids[k], NULL, fill_range, &parts[k]) == 0;
    fill_range(&parts[0]);
    for (size_t k = 1; k < nparts; k++) {
        if (started[k])
            pthread_join(ids[k], NULL);
        else
            fill_range(&parts[k]); /* no thread to be had: here, in its turn */
    }
    pthread_mutex_destroy(&lock);
    sc_status s = SC_OK;
    for (size_t k = 0; k < nparts; k++) {
        string_block *last = parts[k].part.strings;
        while (last && last->next)
            last = last->next;
        if (last) {
            last->next = table->strings;
            table->strings = parts[k].part.strings;
        }
        table->incomplete |= parts[k].part.incomplete;
        if (s == SC_OK && parts[k].status != SC_OK) {
            s = parts[k].status;
            if (err)
                *err = parts[k].err;
        }
    }
    return s;
}
