/* spotcheck — grouped counts as time series: the groups of a (--by…, period)
 * table split into one series per --by group, each in time order.  trend and
 * spc fit and chart these; a report calls the same function.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_SERIES_H
#define SPOTCHECK_SERIES_H

#include <stddef.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/period.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One period of one series. */
typedef struct sc_series_point {
    size_t group;     /* index in the groups table */
    sc_period period; /* its period */
} sc_series_point;

/* Every series of a groups table. */
typedef struct sc_series_set {
    size_t count;            /* number of series */
    size_t *start;           /* series i is points[start[i]] .. points[start[i + 1] - 1] */
    sc_series_point *points; /* all points, series after series */
} sc_series_set;

/* Splits `groups`, keyed by `nby` --by parts and then the period (in the
 * canonical form the records layer writes), into series: one per distinct
 * --by key, in order of first appearance, each with its periods in time
 * order.  nby = 0 gives one series of all groups.  Errors: SC_ENOMEM;
 * SC_EINTERNAL when a period key does not parse.  On error *out is empty.
 * Caller frees with sc_series_free. */
SC_API sc_status sc_series_split(const sc_groups *groups, size_t nby, sc_series_set *out,
                                 sc_error *err);

/* Frees what sc_series_split allocated and empties the set; an empty set is
 * a no-op. */
SC_API void sc_series_free(sc_series_set *set);

#ifdef __cplusplus
}
#endif
#endif
