/* spotcheck — what the analysis calls share (src/lib/analysis_*.c); internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ANALYSIS_INTERNAL_H
#define SPOTCHECK_ANALYSIS_INTERNAL_H

#include <stddef.h>

#include "spotcheck/analysis.h"

/* The group columns 0 .. nkeys - 1 of a result table as a chart's label
 * columns: fills labels[] and returns how many (at most SC_KEY_PARTS_MAX). */
size_t sca_group_labels(size_t nkeys, size_t labels[SC_KEY_PARTS_MAX]);

/* Ends a chart builder: with s == SC_OK hands `chart` to *out; otherwise frees
 * it, makes sure err says what failed, and returns s. */
sc_status sca_chart_done(sc_status s, sc_chart *chart, sc_chart **out, sc_error *err);

#endif
