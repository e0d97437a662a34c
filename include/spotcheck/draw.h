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

/*  D8. The register's SHA-256 (FIPS 180-4, nettle) is taken over its
 *      normal form, so that a reordered or re-encoded file gives the same:
 *      the bytes "spotcheck-register-1\n", then the number of columns and
 *      each header name, then the number of rows and each row's cells, the
 *      rows sorted by the bytes of their ids (then by line); every number
 *      is 8 bytes big-endian and every text (UTF-8, as read) is its length
 *      so written followed by its bytes.  64 hex digits, lower case. */
SC_API void sc_register_sha256(const sc_register *reg, char hex[65]);

/*  D9. An inspectors file (--inspectors) is a CSV file with a header: the
 *      inspector's id in a column "inspector" (or "id", or the first
 *      column), unique and non-empty; optionally a column "region" (or
 *      "unit"): the inspector is never sent to an enterprise of that region;
 *      optionally a column "conflicts": enterprise ids the inspector must
 *      not inspect, separated by ";", ",", "、", "，", "；" or spaces.  Names
 *      are ASCII case-insensitive; other columns are ignored. */
typedef struct sc_inspectors {
    char *file;                /* the name shown in messages */
    size_t count;
    char **ids;                /* in file order */
    char **regions;            /* "" when none */
    size_t *nconflicts;
    char ***conflicts;         /* each inspector's conflicting ids, sorted, unique */
    unsigned long long *lines;
    bool has_region;           /* the file has a region column */
} sc_inspectors;

/* Reads an inspectors file (D9).  SC_ENOENT; SC_EDATA with the place.
 * Caller frees *out with sc_inspectors_free. */
SC_API sc_status sc_inspectors_read(const char *path, const sc_csv_opts *opts,
                                    sc_inspectors **out, sc_error *err);

/* Frees the inspectors; NULL is a no-op. */
SC_API void sc_inspectors_free(sc_inspectors *inspectors);

/*  D10. Inspectors for the drawn units.  Inspector i may visit unit u when
 *      u's region differs from i's (an empty region matches nothing) and u's
 *      id is not among i's conflicts.  Each unit gets `per_visit` different
 *      inspectors:
 *      a. the units are taken in the order of their number of eligible
 *         inspectors (fewest first), then of the key HMAC(seed, "visit" 0x1f
 *         id) (D1); each takes the eligible inspectors of least load, ties
 *         going to the smallest key HMAC(seed, "inspector" 0x1f unit id 0x1f
 *         inspector id);
 *      b. then loads are evened: while some inspector s can hand a visit
 *         down a chain of eligible moves (s to j1, j1 to j2, ... to t, each
 *         move one unit to an inspector it may have and does not have yet)
 *         ending at an inspector t with load(t) <= load(s) - 2, the chain is
 *         made (the first such s by load then id, shortest chain by
 *         breadth-first search in inspector order).  Each chain lowers the
 *         sum of squared loads, so it ends, with no such chain left.
 *      Everything depends on the seed and the sets of units and inspectors,
 *      not on their order in the files.  A unit with fewer eligible
 *      inspectors than per_visit is SC_EDATA naming it (its id, the `file`
 *      and its line, with how many may visit it). */
typedef struct sc_visit_unit {
    const char *id;
    const char *region;        /* "" or NULL: none */
    unsigned long long line;   /* for messages */
} sc_visit_unit;

/* Assigns inspectors to `count` units (D10): assigned[u * per_visit + k] is
 * the index (in `in`) of unit u's k-th inspector, in the byte order of their ids;
 * load[i] (in->count of them) the visits of inspector i.  SC_EDATA as D10,
 * SC_EINVAL for per_visit 0, SC_ENOMEM. */
SC_API sc_status sc_draw_assign(const char *seed, size_t seed_len, const sc_inspectors *in,
                                const sc_visit_unit *units, size_t count, size_t per_visit,
                                const char *file, size_t *assigned, uint64_t *load,
                                sc_error *err);

#ifdef __cplusplus
}
#endif
#endif
