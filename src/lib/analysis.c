/* spotcheck — what the analysis calls share (analysis_internal.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "analysis_internal.h"

size_t sca_group_labels(size_t nkeys, size_t labels[SC_KEY_PARTS_MAX])
{
    size_t count = nkeys < SC_KEY_PARTS_MAX ? nkeys : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < count; k++)
        labels[k] = k;
    return count;
}

sc_chart_data sca_ranked_data(const sc_table *table, size_t nkeys, size_t nrows, size_t value,
                              size_t lower, size_t upper, size_t labels[SC_KEY_PARTS_MAX])
{
    sc_chart_data data = sc_chart_data_of(table);
    data.nrows = nrows;
    data.label = labels;
    data.nlabel = sca_group_labels(nkeys, labels);
    data.value = value;
    data.lower = lower;
    data.upper = upper;
    return data;
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

sc_status sca_group_target(const sc_targets *targets, const sc_groups *named,
                           const sc_groups *values, size_t nkeys, size_t index, sc_rate_kind kind,
                           sc_rate_target *out, sc_error *err)
{
    *out = (sc_rate_target){.target = NAN, .direction = SC_TARGET_FLOOR, .change = NAN,
                            .label = ""};
    const char *names[SC_KEY_PARTS_MAX], *keys[SC_KEY_PARTS_MAX];
    size_t count = nkeys < SC_KEY_PARTS_MAX ? nkeys : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < count; k++)
        names[k] = sc_groups_key_name(named, k);
    const sc_target_row *row = NULL;
    sc_status s = sc_targets_check_keys(targets, names, count, err);
    if (s == SC_OK && index == SCA_TOTAL_ROW)
        s = sc_targets_match_all(targets, &row, err);
    else if (s == SC_OK) {
        for (size_t k = 0; k < count; k++)
            keys[k] = sc_groups_key(values, index, k);
        s = sc_targets_match(targets, names, keys, count, &row, err);
    }
    if (s == SC_OK && row)
        *out = sc_target_on_rate(row, kind);
    return s;
}

sc_status sca_check_target_keys(const sc_targets *targets, const sc_groups *named, size_t nkeys,
                                sc_error *err)
{
    if (!targets)
        return SC_OK;
    const char *names[SC_KEY_PARTS_MAX];
    size_t count = nkeys < SC_KEY_PARTS_MAX ? nkeys : SC_KEY_PARTS_MAX;
    for (size_t k = 0; k < count; k++)
        names[k] = sc_groups_key_name(named, k);
    return sc_targets_check_keys(targets, names, count, err);
}

bool sca_has_labels(const sc_targets *targets)
{
    return targets && sc_targets_has_column(targets, "label");
}

sc_status sca_label_cell(sc_table *t, size_t row, size_t col, const sc_rate_target *target)
{
    if (col == SC_NO_COLUMN || !target->label || !*target->label)
        return SC_OK;
    return sc_table_set_string(t, row, col, target->label);
}

sc_verdict sca_interval_verdict(double lower, double upper, double target,
                                sc_target_kind direction)
{
    bool above = lower > target + SC_PROP_TIE_TOLERANCE;
    bool under = upper < target - SC_PROP_TIE_TOLERANCE;
    bool floor = direction == SC_TARGET_FLOOR;
    return (floor ? above : under)   ? SC_VERDICT_MEETS
           : (floor ? under : above) ? SC_VERDICT_BELOW
                                     : SC_VERDICT_INCONCLUSIVE;
}

const char *sca_verdict_word(sc_lang words, sc_verdict verdict)
{
    return sc_word(words, sc_verdict_name(verdict));
}

sc_status sca_target_cells(sc_table *t, size_t row, size_t col_target, size_t col_verdict,
                           size_t col_p, uint64_t x, uint64_t n, const sc_rate_target *target,
                           sc_ci_method method, double level, sc_lang words, sc_error *err)
{
    if (isnan(target->target))
        return SC_OK;
    sc_target_result verdict;
    sc_status s = sc_prop_target(x, n, target->target, target->direction, method, level, &verdict);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "target verdict: %s", sc_strerror(s));
    sc_table_set_double(t, row, col_target, target->target);
    sc_table_set_string(t, row, col_verdict, sca_verdict_word(words, verdict.verdict));
    return sc_table_set_double(t, row, col_p, verdict.p_value);
}
