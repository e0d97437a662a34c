/* spotcheck — allocation of a total sample over strata (equal, proportional,
 * Neyman) with a minimum and a cap per stratum and rounding that keeps the
 * total exact; and the strata file of spotcheck plan --strata.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (the tests cite these numbers):
 *  A1. Strata h = 1..k, each with a population N_h >= 1 (the units it can
 *      give: enterprises, batches) and, for Neyman, an anticipated rate p_h in
 *      [0, 1] (pass or unqualified: p (1 - p) is the same).
 *  A2. Weights w_h: equal 1; proportional N_h; Neyman N_h sqrt(p_h (1 - p_h))
 *      (Neyman 1934; Cochran 1977, 5.5), the allocation that minimises the
 *      variance of the stratified rate for a total n.
 *  A3. Bounds: stratum h gets at least m_h = min(min_per_stratum, N_h) (a
 *      stratum smaller than the minimum is taken whole) and at most N_h.  The
 *      exact allocation is q_h = clamp(lambda w_h, m_h, N_h) with the lambda
 *      at which the q_h sum to n: a stratum the share would push past its
 *      population is taken whole and the rest shared again among the others
 *      (Cochran 1977, 5.8, over-allocation), and the minimum is met first.
 *      When every stratum of positive weight is taken whole and n is not yet
 *      reached (Neyman with rates of 0 or 1, whose strata have no variance),
 *      the rest goes to those strata in proportion to N_h, within the same
 *      bounds.
 *  A4. Rounding, largest remainder (Hamilton): each stratum gets floor(q_h),
 *      then the units still missing go one each to the strata with the
 *      largest remainders q_h - floor(q_h); remainders equal to 1e-9 are tied
 *      and go in stratum order (the caller's order).  Bounds stay met (m_h
 *      and N_h are whole) and the n_h sum to n exactly.
 *  A5. Errors (SC_EINVAL with a message): no strata, N_h = 0, n above the
 *      sum of the N_h, the minimums above n, a Neyman rate NaN or outside
 *      [0, 1].
 */
#ifndef SPOTCHECK_ALLOCATE_H
#define SPOTCHECK_ALLOCATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_allocation {
    SC_ALLOCATION_PROPORTIONAL,
    SC_ALLOCATION_EQUAL,
    SC_ALLOCATION_NEYMAN,
    SC_ALLOCATION_COUNT
} sc_allocation;

/* Rows: sc_registry_entry; names proportional, equal, neyman (A2). */
SC_API extern const sc_registry sc_allocations;

/* One stratum: population and rate in, quota and n out. */
typedef struct sc_stratum_share {
    uint64_t population; /* N_h >= 1 */
    double rate;         /* p_h (Neyman); NaN: none */
    double quota;        /* out: the exact allocation q_h (A3) */
    uint64_t n;          /* out: the rounded allocation n_h (A4) */
} sc_stratum_share;

/* Allocates `total` units over `count` strata (A1-A5), filling quota and n
 * of each.  SC_EINVAL with a message for the errors of A5; the strata's
 * outputs are then unspecified. */
SC_API sc_status sc_allocate(sc_allocation how, uint64_t total, uint64_t min_per_stratum,
                             sc_stratum_share *strata, size_t count, sc_error *err);

/* ---- the strata file ------------------------------------------------------------
 *
 *  A6. A CSV file (read through csvin: any encoding the tools read) with a
 *      header naming the columns stratum, population and optionally rate
 *      (case-insensitive; other columns are an error, so that a misspelt
 *      name is not ignored).  One row per stratum: a non-empty name, unique;
 *      the population a whole number >= 1; the rate a proportion in [0, 1] or
 *      a percentage (95%), or empty.  A bad cell is SC_EDATA naming file,
 *      line and column.
 */

typedef struct sc_strata {
    char *file;                /* the name shown in messages */
    size_t count;
    char **names;              /* stratum names, in file order */
    unsigned long long *lines; /* line of each stratum */
    sc_stratum_share *shares;  /* population and rate (NaN when empty) */
    bool has_rate;             /* the file has a rate column */
} sc_strata;

/* Reads a strata file (A6); "-" is standard input.  SC_ENOENT when it
 * cannot be opened, SC_EDATA with the place for bad content, an empty file
 * or no rows.  Caller frees *out with sc_strata_free. */
SC_API sc_status sc_strata_read(const char *path, const sc_csv_opts *opts, sc_strata **out,
                                sc_error *err);

/* A rate cell of A6 (also of draw's --rates and --rate-column): a proportion
 * in [0, 1] or a percentage (95%, divided by 100 in decimal), `len` bytes of
 * `text` (NUL-terminated after them).  SC_EDATA with *why the end of a
 * message ("is not a rate: ...") otherwise. */
SC_API sc_status sc_rate_cell_parse(const char *text, size_t len, double *rate,
                                    const char **why);

/* Frees the strata; NULL is a no-op. */
SC_API void sc_strata_free(sc_strata *strata);

#ifdef __cplusplus
}
#endif
#endif
