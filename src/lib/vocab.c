/* spotcheck — the domain vocabulary of result tables (include/spotcheck/vocab.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *  1. Rate kinds: one row each; the unqualified rate counts n - passed and
 *     its target is a ceiling (DESIGN.md §4).
 *  2. Words: one table of English words and their Chinese; a word not in it
 *     is written as it is.
 *  3. Columns: a group column named like a wanted result column is renamed
 *     NAME_group, so that json rows never have two equal keys.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "spotcheck/vocab.h"

static const sc_rate_kind_info rate_kinds[] = {
    [SC_RATE_PASS] = {.name = "pass", .label_en = "pass rate", .label_zh = "合格率",
                      .target = SC_TARGET_FLOOR},
    [SC_RATE_FAIL] = {.name = "fail", .label_en = "unqualified rate", .label_zh = "不合格率",
                      .target = SC_TARGET_CEILING},
};

const char *const sc_rate_kind_names[] = {"pass", "fail", NULL};

const sc_rate_kind_info *sc_rate_kind_get(sc_rate_kind kind)
{
    return (unsigned)kind < sizeof rate_kinds / sizeof rate_kinds[0] ? &rate_kinds[kind] : NULL;
}

const char *sc_rate_kind_label(sc_rate_kind kind, sc_lang lang)
{
    const sc_rate_kind_info *info = sc_rate_kind_get(kind);
    return !info ? "" : lang == SC_LANG_ZH ? info->label_zh : info->label_en;
}

uint64_t sc_rate_counted(sc_rate_kind kind, uint64_t n, uint64_t passed)
{
    return kind == SC_RATE_FAIL ? n - passed : passed;
}

sc_status sc_columns_add(sc_table *table, const sc_groups *groups, size_t nkeys,
                              const sc_column_spec *spec, size_t count)
{
    sc_status s = SC_OK;
    for (size_t k = 0; s == SC_OK && k < nkeys; k++) {
        /* a group column named like a result column ("n", "rate") would give json
         * rows two equal keys: it is renamed NAME_group */
        const char *name = sc_groups_key_name(groups, k), *label = NULL;
        char renamed[300];
        for (size_t i = 0; i < count; i++)
            if (spec[i].wanted && strcmp(spec[i].name, name) == 0) {
                snprintf(renamed, sizeof renamed, "%s_group", name);
                label = name; /* tables for people (--lang zh) show the user's name */
                name = renamed;
                break;
            }
        s = sc_table_add_column(table, name, label, SC_COL_STRING);
    }
    size_t next = nkeys;
    for (size_t i = 0; s == SC_OK && i < count; i++) {
        *spec[i].index = SC_NO_COLUMN;
        if (!spec[i].wanted)
            continue;
        *spec[i].index = next++;
        s = sc_table_add_column(table, spec[i].name, spec[i].label_zh, spec[i].type);
    }
    return s;
}

const char *const sc_sort_names[] = {"none", "key", "rate", "n", NULL};

sc_status sc_sort_groups(sc_table *table, sc_sort_order order, size_t nkeys, size_t rate_col,
                         size_t n_col, bool reverse)
{
    size_t keys[SC_KEY_PARTS_MAX], count = 0;
    switch (order) {
    case SC_SORT_NONE:
        return SC_OK;
    case SC_SORT_KEY:
        for (size_t k = 0; k < nkeys && k < SC_KEY_PARTS_MAX; k++)
            keys[count++] = k;
        break;
    case SC_SORT_RATE:
        keys[count++] = rate_col;
        break;
    case SC_SORT_N:
        keys[count++] = n_col;
        break;
    }
    return sc_table_sort(table, 0, sc_table_rows(table), keys, count, reverse);
}

/* One row per word, for human formats with --lang zh; csv, tsv and json keep
 * the English word, which scripts rely on. */
static const struct {
    const char *en, *zh;
} words_zh[] = {
    /* funnel places (compare --funnel) */
    {"above998", "高于99.8%限"},
    {"above95", "高于95%限"},
    {"within", "限内"},
    {"below95", "低于95%限"},
    {"below998", "低于99.8%限"},
    /* target verdicts (--target, --targets) and verdicts of a change (diff) */
    {"meets", "达标"},
    {"below", "未达标"},
    {"inconclusive", "不确定"},
    {"improved", "改善"},
    {"worse", "变差"},
    {"unchanged", "无显著变化"},
    {"derived", "推算"},
    /* tests (compare --table tests, diff) */
    {"pearson", "皮尔逊卡方检验"},
    {"g", "G检验"},
    {"exact", "精确检验"},
    {"monte-carlo", "蒙特卡罗检验"},
    {"pearson-moments", "皮尔逊卡方检验（精确矩校正）"},
    {"chisq", "卡方检验"},
    {"fisher", "Fisher精确检验"},
    /* interval methods (rate --method) */
    {"wald", "Wald法"},
    {"wald-cc", "Wald法（连续性校正）"},
    {"wilson", "Wilson得分法"},
    {"wilson-cc", "Wilson得分法（连续性校正）"},
    {"agresti-coull", "Agresti-Coull法"},
    {"jeffreys", "Jeffreys法"},
    {"clopper-pearson", "Clopper-Pearson精确法"},
    {"mid-p", "mid-p精确法"},
    {"likelihood-ratio", "似然比法"},
    {"logit", "logit变换法"},
    {"blaker", "Blaker精确法"},
    /* trend models and conditions */
    {"logistic", "逻辑斯谛回归"},
    {"linear", "线性回归（加权）"},
    {"value", "线性回归（数值）"},
    {"fitted", "已拟合"},
    {"too-few-points", "期数不足"},
    {"all-zero", "全部为0"},
    {"all-one", "全部为1"},
    {"separation-up", "完全分离（上升）"},
    {"separation-down", "完全分离（下降）"},
    {"saturated", "饱和（仅两期）"},
    {"constant", "常数序列"},
    {"yes", "是"},
    {"no", "否"},
    /* sampling plans (spotcheck plan) */
    {"found", "求得"},
    {"given", "给定"},
    {"normal", "正常检验"},
    {"tightened", "加严检验"},
    {"reduced", "放宽检验"},
    {"binomial", "二项分布"},
    {"poisson", "泊松分布"},
    {"hypergeometric", "超几何分布"},
    /* consistency checks of published tables (spotcheck check) */
    {"counts", "批次之和"},
    {"count", "计数"},
    {"rate", "比率"},
    {"total", "合计"},
    {"total-rate", "合计比率"},
    {"change", "变化"},
    {"impossible-rate", "比率无解"},
    {"range", "计数范围"},
    {"error", "错误"},
    {"warning", "警告"},
    {"info", "提示"},
};

const char *sc_word(sc_lang lang, const char *word)
{
    if (!word || lang != SC_LANG_ZH)
        return word;
    for (size_t i = 0; i < sizeof words_zh / sizeof words_zh[0]; i++)
        if (strcmp(words_zh[i].en, word) == 0)
            return words_zh[i].zh;
    return word;
}

sc_status sc_chart_group_axis(const sc_groups *groups, size_t nkeys, sc_chart *chart)
{
    char title[512] = "";
    size_t len = 0;
    for (size_t k = 0; k < nkeys && len < sizeof title; k++) {
        snprintf(title + len, sizeof title - len, "%s%s", k ? " " : "",
                 sc_groups_key_name(groups, k));
        len = strlen(title);
    }
    return nkeys ? sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS, title) : SC_OK;
}

sc_status sc_table_set_rate_diff(sc_table *table, size_t row, size_t col, uint64_t x1,
                                uint64_t n1, uint64_t x2, uint64_t n2)
{
    if (n1 < SC_FRACTION_MAX && n2 < SC_FRACTION_MAX && x1 <= n1 && x2 <= n2)
        return sc_table_set_fraction(table, row, col, &(sc_fraction){x1, n1, x2, n2});
    /* counts the statistics refuse anyway (beyond 2^53): the double only */
    return sc_table_set_double(table, row, col,
                               n1 && n2 ? (double)x1 / (double)n1 - (double)x2 / (double)n2
                                        : NAN);
}

sc_status sc_table_set_rate(sc_table *table, size_t row, size_t col, uint64_t x, uint64_t n)
{
    return sc_table_set_rate_diff(table, row, col, x, n, 0, 1);
}
