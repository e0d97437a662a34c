/* spotcheck — the analysis of spotcheck plan --strata: a total sample
 * allocated over the strata of a strata file (allocate.c, contract A1-A6 of
 * include/spotcheck/allocate.h) as a table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"

sc_status sc_allocation_table(const sc_strata *strata, const sc_allocation_opts *opts,
                              sc_table **out, sc_error *err)
{
    if (!out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "nowhere to put the table");
    *out = NULL;
    if (!strata || !opts || strata->count == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no strata or no options");
    if (opts->allocation == SC_ALLOCATION_NEYMAN) {
        if (!strata->has_rate)
            return sc_error_set(err, SC_EDATA, strata->file, 1,
                                "no column \"rate\": Neyman allocation needs the anticipated "
                                "rate of every stratum");
        for (size_t h = 0; h < strata->count; h++)
            if (isnan(strata->shares[h].rate))
                return sc_error_set(err, SC_EDATA, strata->file, strata->lines[h],
                                    "column \"rate\": empty: Neyman allocation needs the "
                                    "anticipated rate of every stratum");
    }
    sc_stratum_share *shares = sc_malloc(strata->count * sizeof *shares);
    if (!shares)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    memcpy(shares, strata->shares, strata->count * sizeof *shares);
    sc_status s = sc_allocate(opts->allocation, opts->total, opts->min_per_stratum, shares,
                              strata->count, err);
    sc_table *t = NULL;
    if (s == SC_OK) {
        t = sc_table_new();
        s = t ? SC_OK : SC_ENOMEM;
    }
    size_t col_rate = strata->has_rate ? 2 : 0, shift = strata->has_rate ? 1 : 0;
    if (s == SC_OK)
        s = sc_table_add_column(t, "stratum", "层", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "population", "总体量", SC_COL_COUNT);
    if (s == SC_OK && strata->has_rate)
        s = sc_table_add_column(t, "rate", "预期率", SC_COL_PROPORTION);
    if (s == SC_OK)
        s = sc_table_add_column(t, "quota", "精确分配", SC_COL_REAL);
    if (s == SC_OK)
        s = sc_table_add_column(t, "n", "样本量", SC_COL_COUNT);
    if (s == SC_OK)
        s = sc_table_add_column(t, "fraction", "抽样比", SC_COL_PROPORTION);
    for (size_t h = 0; s == SC_OK && h < strata->count; h++) {
        size_t row;
        s = sc_table_add_row(t, &row);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, 0, strata->names[h]);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 1, shares[h].population);
        if (s == SC_OK && col_rate && !isnan(shares[h].rate))
            s = sc_table_set_double(t, row, col_rate, shares[h].rate);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 2 + shift, shares[h].quota);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, 3 + shift, shares[h].n);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 4 + shift,
                                    (double)shares[h].n / (double)shares[h].population);
    }
    free(shares);
    if (s != SC_OK) {
        sc_table_free(t);
        if (s == SC_ENOMEM)
            return sc_error_set(err, s, NULL, 0, "out of memory");
        return s; /* sc_allocate's message */
    }
    *out = t;
    return SC_OK;
}
