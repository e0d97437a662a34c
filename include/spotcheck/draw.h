/* spotcheck — reproducible random selection (双随机): each unit of a register
 * ranked by a keyed hash of its id within its stratum, and the first units of
 * each stratum taken.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (the tests cite these numbers):
 *  D1. The key of a unit is HMAC-SHA-256 (RFC 2104, FIPS 180-4; computed by
 *      nettle, never by hand) with the seed's bytes as the key and the id's
 *      bytes as the message: 32 bytes.  It depends on the seed and the id
 *      only, so the draw does not depend on the order of the register's rows.
 *  D2. Within a stratum, units are ranked by their key compared as a
 *      big-endian number (memcmp), smallest first; rank 1 is the first drawn.
 *      Two keys cannot be equal for different ids in practice; if they were,
 *      the ids' bytes decide.
 *  D3. The same id twice in the register (anywhere, in any strata) is an
 *      error: SC_EDATA naming the id and both places.
 *  D4. A stratum allocated n_h units selects its units of rank 1 .. n_h
 *      (n_h at most its size).
 *  D4a. Units marked `included` (must be inspected) rank before the others of
 *      their stratum (by key among themselves), so a stratum drawing n_h at
 *      least as large as its included units takes them all.
 *  D5. The register is a CSV file (read through csvin: any encoding the tools
 *      read) with a header; every row is kept whole, in memory.  An empty id
 *      is SC_EDATA naming the line.
 */
#ifndef SPOTCHECK_DRAW_H
#define SPOTCHECK_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SC_DRAW_KEY_SIZE 32

/* D1: the key of `id` under `seed`. */
SC_API void sc_draw_key(const char *seed, size_t seed_len, const char *id, size_t id_len,
                        unsigned char key[SC_DRAW_KEY_SIZE]);

/* One unit of the register. */
typedef struct sc_draw_unit {
    const char *id;      /* not owned */
    size_t id_len;
    size_t stratum;      /* 0 .. nstrata - 1 */
    unsigned long long line; /* where it was read, for messages (0: unknown) */
    unsigned char key[SC_DRAW_KEY_SIZE]; /* out: D1 */
    bool included;       /* D4a: must be drawn; ranks first */
    uint64_t rank;       /* out: D2, 1-based within the stratum */
    bool selected;       /* out: D4 */
} sc_draw_unit;

/* Ranks the units (D1-D3) and selects n_h = take[h] of each stratum h (D4;
 * `take` NULL: select none, rank only).  `source` names the register in
 * messages.  SC_EDATA for a duplicate id; SC_EINVAL for a stratum index out
 * of range or a take above its stratum's size; SC_ENOMEM. */
SC_API sc_status sc_draw_rank(const char *seed, size_t seed_len, sc_draw_unit *units,
                              size_t count, size_t nstrata, const uint64_t *take,
                              const char *source, sc_error *err);

/* D5: a register read whole. */
typedef struct sc_register {
    char *file;                /* the name shown in messages */
    size_t ncolumns;
    char **columns;            /* header names */
    size_t id_column;
    size_t nrows;
    char **cells;              /* nrows x ncolumns, row-major, NUL-terminated */
    unsigned long long *lines; /* line of each row */
} sc_register;

/* Reads the register at `path` ("-": standard input) with the id column
 * `id` (a header name or a 1-based number).  SC_EINVAL with a message for an
 * unknown id column; SC_ENOENT, SC_EDATA as csvin, and for an empty id.
 * Caller frees *out with sc_register_free. */
SC_API sc_status sc_register_read(const char *path, const sc_csv_opts *opts, const char *id,
                                  sc_register **out, sc_error *err);

/* The column `spec` (a header name, or a 1-based number) of the register.
 * SC_EINVAL with a message naming it when there is none. */
SC_API sc_status sc_register_column(const sc_register *reg, const char *spec, size_t *col,
                                    sc_error *err);

/* Frees the register; NULL is a no-op. */
SC_API void sc_register_free(sc_register *reg);

/*  D6. An id list (--exclude, --include) is a CSV file with a header; the ids
 *      are in the column named like the register's id column, or in its only
 *      column.  Empty cells are skipped; an id listed twice counts once. */
typedef struct sc_id_list {
    char *file;                /* the name shown in messages */
    size_t count;
    char **ids;                /* sorted by bytes, unique */
    unsigned long long *lines; /* the line of each id's first listing */
} sc_id_list;

/* Reads an id list (D6) whose ids are in the column `id` (or its only
 * column).  SC_ENOENT; SC_EDATA naming the file for a list without such a
 * column.  Caller frees *out with sc_id_list_free. */
SC_API sc_status sc_id_list_read(const char *path, const sc_csv_opts *opts, const char *id,
                                 sc_id_list **out, sc_error *err);

/* Whether `id` is in the list; *line (if not NULL) gets its line. */
SC_API bool sc_id_list_has(const sc_id_list *list, const char *id, unsigned long long *line);

/* Frees the list; NULL is a no-op. */
SC_API void sc_id_list_free(sc_id_list *list);

/* The label of a stratum: its `nvalues` --by values joined by " / ", or
 * "all" with none.  NULL when out of memory; the caller frees it. */
SC_API char *sc_draw_label(const char *const *values, size_t nvalues);

/*  D7. A rates file (--rates, for Neyman allocation) is a CSV file with a
 *      header, one row per stratum: the stratum named by columns named like
 *      every --by column (the output of spotcheck rate --by, for one), or else
 *      by a column "stratum" holding the label (the --by values joined by
 *      " / ", as the strata tables of plan and draw print it); and its
 *      anticipated rate in a column "rate" (a proportion or a percentage,
 *      allocate.h A6; case-insensitive names; other columns are ignored).
 *      A stratum given twice is SC_EDATA naming both lines; an empty rate
 *      is skipped (as if the row were not there). */
typedef struct sc_draw_rates {
    char *file;                /* the name shown in messages */
    size_t count;
    char **labels;             /* stratum labels, sorted by bytes, unique */
    double *rates;
    unsigned long long *lines; /* the line of each */
} sc_draw_rates;

/* Reads a rates file (D7) for the strata of `by` (nby names; 0: the one
 * stratum "all").  SC_ENOENT; SC_EDATA with the place for bad content.
 * Caller frees *out with sc_draw_rates_free. */
SC_API sc_status sc_draw_rates_read(const char *path, const sc_csv_opts *opts,
                                    const char *const *by, size_t nby, sc_draw_rates **out,
                                    sc_error *err);

/* The rate of the stratum `label`; false when the file has none. */
SC_API bool sc_draw_rates_find(const sc_draw_rates *rates, const char *label, double *rate,
                               unsigned long long *line);

/* Frees the rates; NULL is a no-op. */
SC_API void sc_draw_rates_free(sc_draw_rates *rates);

#ifdef __cplusplus
}
#endif
#endif
