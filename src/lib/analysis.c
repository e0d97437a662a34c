/* spotcheck — what the analysis calls share (analysis_internal.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "analysis_internal.h"

size_t sca_group_labels(size_t nkeys, size_t labels[SC_KEY_PARTS_MAX])
{
    size_t count = nkeys < SC_KEY_PARTS_MAX ? nkeys : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < count; k++)
        labels[k] = k;
    return count;
}

sc_status sca_chart_done(sc_status s, sc_chart *chart, sc_chart **out, sc_error *err)
{
    if (s == SC_OK) {
        *out = chart;
        return SC_OK;
    }
    if (!err->message[0])
        sc_error_set(err, s, NULL, 0, "chart: %s", sc_strerror(s));
    sc_chart_free(chart);
    return s;
}
