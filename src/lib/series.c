/* spotcheck — grouped counts as time series (sc_series_split).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/series.h):
 *  1. Series come in order of the first appearance of their --by key in the
 *     groups table; a series' points are sorted by sc_period_compare (qsort:
 *     the records layer never gives two groups the same key and period).
 *  2. The period is the last key part, in canonical form; one that does not
 *     parse is a bug of the caller (SC_EINTERNAL), not bad input.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "spotcheck/series.h"

static int by_period(const void *a, const void *b)
{
    return sc_period_compare(&((const sc_series_point *)a)->period,
                             &((const sc_series_point *)b)->period);
}

sc_status sc_series_split(const sc_groups *groups, size_t nby, sc_series_set *out, sc_error *err)
{
    *out = (sc_series_set){0};
    size_t n = sc_groups_count(groups);
    sc_groups *order = sc_groups_new(nby);
    size_t *series_of = sc_calloc(n ? n : 1, sizeof *series_of);
    out->points = sc_calloc(n ? n : 1, sizeof *out->points);
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    sc_status s = order && series_of && out->points ? SC_OK : SC_ENOMEM;
    if (nby > SC_KEY_PARTS_MAX || nby >= sc_groups_nkeys(groups))
        s = SC_EINVAL;
    for (size_t i = 0; s == SC_OK && i < n; i++) {
        for (size_t k = 0; k < nby; k++) {
            keys[k] = sc_groups_key(groups, i, k);
            lens[k] = strlen(keys[k]);
        }
        s = sc_groups_add(order, keys, lens, 0, 0);
        bool found = false;
        if (s == SC_OK)
            s = sc_groups_locate(order, keys, lens, &series_of[i], &found);
        if (s == SC_OK && !found) /* it was just added */
            s = SC_EINVAL;
    }
    if (s == SC_OK) {
        out->count = sc_groups_count(order);
        out->start = sc_calloc(out->count + 1, sizeof *out->start);
        s = out->start ? SC_OK : SC_ENOMEM;
    }
    for (size_t i = 0; s == SC_OK && i < n; i++)
        out->start[series_of[i] + 1]++;
    for (size_t j = 0; s == SC_OK && j < out->count; j++)
        out->start[j + 1] += out->start[j];
    size_t *fill = s == SC_OK ? sc_calloc(out->count + 1, sizeof *fill) : NULL;
    if (s == SC_OK && !fill)
        s = SC_ENOMEM;
    for (size_t i = 0; s == SC_OK && i < n; i++) {
        const char *text = sc_groups_key(groups, i, nby);
        sc_series_point *point = &out->points[out->start[series_of[i]] + fill[series_of[i]]++];
        point->group = i;
        if (sc_period_parse(text, strlen(text), &point->period, NULL) != SC_OK)
            s = SC_EINTERNAL; /* the records layer wrote it in canonical form */
    }
    for (size_t j = 0; s == SC_OK && j < out->count; j++)
        qsort(out->points + out->start[j], out->start[j + 1] - out->start[j],
              sizeof *out->points, by_period);
    free(fill);
    free(series_of);
    sc_groups_free(order);
    if (s != SC_OK) {
        sc_series_free(out);
        return sc_error_set(err, s, NULL, 0, "splitting into series: %s", sc_strerror(s));
    }
    return SC_OK;
}

void sc_series_free(sc_series_set *set)
{
    free(set->start);
    free(set->points);
    *set = (sc_series_set){0};
}
