/* spotcheck — the analysis of spotcheck plan for lot acceptance: the plan of
 * ISO 2859-1 / GB/T 2828.1 (or an explicit one) with its OC summary, the OC
 * table and the OC curve (sca_oc_chart, also the curve of analysis_dql.c).
 * The statistics are sampling.c and sampling_oc.c (contract S1-S8 in
 * include/spotcheck/sampling.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis_internal.h"

void sc_lot_plan_opts_init(sc_lot_plan_opts *opts)
{
    *opts = (sc_lot_plan_opts){.from_table = true,
                               .level = SC_LEVEL_II,
                               .aql = NAN,
                               .inspection = SC_INSPECTION_NORMAL,
                               .model = SC_OC_BINOMIAL,
                               .consumer_pa = 0.10,
                               .lang = SC_LANG_EN,
                               .words = SC_LANG_EN};
}

void sc_lot_plan_result_free(sc_lot_plan_result *result)
{
    if (!result)
        return;
    sc_table_free(result->summary);
    sc_table_free(result->curve);
    result->summary = result->curve = NULL;
}

/* The plan and its OC parameters. */
static sc_status choose_plan(const sc_lot_plan_opts *o, sc_lot_plan_result *r, sc_error *err)
{
    bool has_aql = !isnan(o->aql);
    if (has_aql) {
        size_t index;
        sc_status s = sc_aql_find(o->aql, &index, err);
        if (s != SC_OK)
            return s;
        if (o->aql > 10 && o->model != SC_OC_POISSON)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--aql %s: AQLs above 10 are in nonconformities per 100 items; "
                                "give --model poisson",
                                sc_aql_names[index]);
    }
    if (o->from_table) {
        if (!has_aql)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "give --aql A (percent)");
        sc_status s = sc_sampling_plan_find(o->lot_size, o->level, o->aql, o->inspection,
                                            &r->plan, err);
        if (s != SC_OK)
            return s;
    } else {
        r->plan = (sc_sampling_plan){.table_n = o->n, .n = o->n, .ac = o->ac, .re = o->ac + 1};
        if (o->lot_size && o->n > o->lot_size)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--n %llu: the sample cannot be larger than the lot (%llu)",
                                (unsigned long long)o->n, (unsigned long long)o->lot_size);
        r->plan.full_inspection = o->lot_size && o->n == o->lot_size;
    }
    r->oc = (sc_oc_plan){.n = r->plan.n, .ac = r->plan.ac, .lot_size = o->lot_size,
                         .model = o->model};
    return sc_oc_check(&r->oc, err);
}

enum {
    COL_LOT, COL_LEVEL, COL_AQL, COL_INSPECTION, COL_TABLE, COL_LETTER, COL_PLAN_LETTER, COL_N,
    COL_AC, COL_RE, COL_FULL, COL_MODEL, COL_PRODUCER, COL_LQ, COL_AOQL, COL_AOQL_P, COL_COUNT
};

static const struct {
    const char *name, *zh;
    sc_col_type type;
} summary_columns[COL_COUNT] = {
    [COL_LOT] = {"lot_size", "批量", SC_COL_COUNT},
    [COL_LEVEL] = {"inspection_level", "检验水平", SC_COL_STRING},
    [COL_AQL] = {"aql", "接收质量限", SC_COL_SETTING},
    [COL_INSPECTION] = {"inspection", "检验严格度", SC_COL_STRING},
    [COL_TABLE] = {"table", "抽样表", SC_COL_STRING},
    [COL_LETTER] = {"code_letter", "样本量字码", SC_COL_STRING},
    [COL_PLAN_LETTER] = {"plan_letter", "方案字码", SC_COL_STRING},
    [COL_N] = {"n", "样本量", SC_COL_COUNT},
    [COL_AC] = {"ac", "接收数", SC_COL_COUNT},
    [COL_RE] = {"re", "拒收数", SC_COL_COUNT},
    [COL_FULL] = {"full_inspection", "全检", SC_COL_STRING},
    [COL_MODEL] = {"model", "模型", SC_COL_STRING},
    [COL_PRODUCER] = {"producer_risk", "生产方风险", SC_COL_PROPORTION},
    [COL_LQ] = {"lq", "极限质量", SC_COL_PROPORTION},
    [COL_AOQL] = {"aoql", "平均检出质量上限", SC_COL_PROPORTION},
    [COL_AOQL_P] = {"aoql_p", "AOQL处质量", SC_COL_PROPORTION},
};

/* The AQL as a proportion, divided by 100 in decimal: 0.65 -> the double
 * nearest 0.0065 (0.65 / 100 is 0.006500000000000001). */
static double aql_proportion(double aql)
{
    size_t index;
    if (sc_aql_find(aql, &index, NULL) != SC_OK)
        return aql / 100;
    char text[32];
    snprintf(text, sizeof text, "%se-2", sc_aql_names[index]);
    return strtod(text, NULL);
}

static sc_status fill_summary(const sc_lot_plan_opts *o, sc_lot_plan_result *r)
{
    sc_table *t = r->summary = sc_table_new();
    if (!t)
        return SC_ENOMEM;
    sc_status s = SC_OK;
    for (size_t c = 0; c < COL_COUNT && s == SC_OK; c++)
        s = sc_table_add_column(t, summary_columns[c].name, summary_columns[c].zh,
                                summary_columns[c].type);
    size_t row;
    if (s == SC_OK)
        s = sc_table_add_row(t, &row);
    if (s != SC_OK)
        return s;
    const sc_sampling_plan *p = &r->plan;
    if (o->lot_size)
        s = sc_table_set_count(t, row, COL_LOT, o->lot_size);
    if (s == SC_OK && !isnan(o->aql))
        s = sc_table_set_double(t, row, COL_AQL, aql_proportion(o->aql));
    if (s == SC_OK && o->from_table) {
        char letter[2] = {p->letter, 0}, plan_letter[2] = {p->plan_letter, 0};
        s = sc_table_set_string(t, row, COL_LEVEL,
                                sc_registry_entry_at(&sc_inspection_levels, o->level)->name);
        const sc_inspection_info *info =
            (const sc_inspection_info *)sc_registry_entry_at(&sc_inspections, o->inspection);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, COL_INSPECTION, sc_word(o->words, info->entry.name));
        if (s == SC_OK)
            s = sc_table_set_string(t, row, COL_TABLE, info->table);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, COL_LETTER, letter);
        if (s == SC_OK)
            s = sc_table_set_string(t, row, COL_PLAN_LETTER, plan_letter);
    }
    if (s == SC_OK)
        s = sc_table_set_count(t, row, COL_N, p->n);
    if (s == SC_OK)
        s = sc_table_set_count(t, row, COL_AC, p->ac);
    if (s == SC_OK)
        s = sc_table_set_count(t, row, COL_RE, p->re);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, COL_FULL,
                                sc_word(o->words, p->full_inspection ? "yes" : "no"));
    if (s == SC_OK)
        s = sc_table_set_string(t, row, COL_MODEL,
                                sc_word(o->words, sc_registry_entry_at(&sc_oc_models, o->model)->name));
    if (s == SC_OK)
        s = sc_table_set_double(t, row, COL_PRODUCER, r->producer_risk);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, COL_LQ, r->lq);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, COL_AOQL, r->aoql);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, COL_AOQL_P, r->aoql_p);
    return s;
}

/* The OC at each p into a new table with columns p, pa, aoq, ati. */
static sc_status oc_table(const sc_oc_plan *plan, const double *ps, size_t np, sc_table **out,
                          sc_error *err)
{
    sc_table *t = *out = sc_table_new();
    if (!t)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = sc_table_add_column(t, "p", "不合格品率", SC_COL_PROPORTION);
    if (s == SC_OK)
        s = sc_table_add_column(t, "pa", "接收概率", SC_COL_PROPORTION);
    if (s == SC_OK)
        s = sc_table_add_column(t, "aoq", "平均检出质量", SC_COL_PROPORTION);
    if (s == SC_OK)
        s = sc_table_add_column(t, "ati", "平均总检验数", SC_COL_REAL);
    for (size_t i = 0; i < np && s == SC_OK; i++) {
        sc_oc_point pt;
        size_t row;
        s = sc_oc_at(plan, ps[i], &pt, err);
        if (s != SC_OK)
            return s;
        s = sc_table_add_row(t, &row);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 0, pt.p);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 1, pt.pa);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 2, pt.aoq);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 3, pt.ati);
    }
    if (s != SC_OK && err && err->status == SC_OK)
        sc_error_set(err, s, NULL, 0, "out of memory");
    return s;
}

sc_status sc_lot_plan_tables(const sc_lot_plan_opts *o, sc_lot_plan_result *r, sc_error *err)
{
    if (!o || !r)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options or no result");
    *r = (sc_lot_plan_result){.producer_risk = NAN, .lq = NAN, .aoql = NAN, .aoql_p = NAN};
    if (!(o->consumer_pa > 0 && o->consumer_pa < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the consumer's risk lies in (0, 1)");
    sc_status s = choose_plan(o, r, err);
    for (size_t i = 0; i < o->np && s == SC_OK; i++)
        s = sc_oc_check_p(&r->oc, o->p[i], "--p", err);
    if (s != SC_OK)
        return s;
    if (!isnan(o->aql)) {
        sc_oc_point at_aql;
        s = sc_oc_at(&r->oc, aql_proportion(o->aql), &at_aql, err);
        if (s != SC_OK)
            return s;
        r->producer_risk = 1 - at_aql.pa;
    }
    s = sc_oc_aoql(&r->oc, &r->aoql, &r->aoql_p, err);
    if (s == SC_OK) {
        s = sc_oc_quality_at(&r->oc, o->consumer_pa, &r->lq, err);
        if (s == SC_EDOMAIN) { /* Pa never falls that low: no limiting quality */
            sc_error_clear(err);
            s = SC_OK;
        }
    }
    if (s != SC_OK)
        return s;
    if ((s = fill_summary(o, r)) != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    if (o->p)
        return oc_table(&r->oc, o->p, o->np, &r->curve, err);
    double *grid = NULL; /* not set when sc_oc_grid fails */
    size_t ngrid;
    s = sc_oc_grid(&r->oc, 21, &grid, &ngrid, err);
    if (s == SC_OK)
        s = oc_table(&r->oc, grid, ngrid, &r->curve, err);
    free(grid);
    return s;
}

/* See analysis_internal.h. */
sc_status sca_oc_chart(const sc_oc_plan *oc, const char *title, const char *value_name,
                       const sca_oc_mark *marks, size_t nmarks, double target_pa,
                       const char *target_text, sc_lang lang, sc_chart **out, sc_error *err)
{
    double *grid = NULL;
    size_t ngrid;
    sc_table *fine = NULL, *shown = NULL;
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    sc_status s = chart ? sc_oc_grid(oc, 101, &grid, &ngrid, err) : SC_ENOMEM;
    if (s == SC_OK)
        s = oc_table(oc, grid, ngrid, &fine, err);
    if (s == SC_OK && !(shown = sc_table_new()))
        s = SC_ENOMEM;
    bool zh = lang == SC_LANG_ZH;
    const char *x_name = oc->model == SC_OC_POISSON
                             ? (zh ? "每百单位不合格数" : "nonconformities per 100 items")
                             : (zh ? "不合格品百分数 (%)" : "percent nonconforming (%)");
    if (s == SC_OK)
        s = sc_table_add_column(shown, x_name, x_name, SC_COL_REAL);
    if (s == SC_OK)
        s = sc_table_add_column(shown, value_name, value_name, SC_COL_PROPORTION);
    for (size_t i = 0; s == SC_OK && i < sc_table_rows(fine); i++) {
        size_t row;
        s = sc_table_add_row(shown, &row);
        if (s == SC_OK)
            s = sc_table_set_double(shown, row, 0, 100 * sc_table_get_double(fine, i, 0));
        if (s == SC_OK)
            s = sc_table_set_double(shown, row, 1, sc_table_get_double(fine, i, 1));
    }
    if (s == SC_OK) {
        sc_chart_data data = sc_chart_data_of(shown);
        data.x = 0;
        data.value = 1;
        s = sc_chart_set_lang(chart, lang);
        if (s == SC_OK)
            s = sc_chart_set_percent(chart, true);
        if (s == SC_OK)
            s = sc_chart_set_value_limits(chart, 0, 1);
        if (s == SC_OK)
            s = sc_chart_set_data(chart, &data, err);
    }
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, value_name);
    if (s == SC_OK)
        s = sc_chart_set_target(chart, target_pa);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_TARGET, target_text);
    for (size_t i = 0; s == SC_OK && i < nmarks; i++)
        s = sc_chart_add_x_mark(chart, marks[i].x, marks[i].text);
    free(grid);
    sc_table_free(fine);
    sc_table_free(shown);
    return sca_chart_done(s, chart, out, err);
}

sc_status sc_lot_plan_chart(const sc_lot_plan_opts *o, const sc_lot_plan_result *r,
                            sc_chart **out, sc_error *err)
{
    if (!o || !r || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options, result or chart");
    *out = NULL;
    bool zh = o->lang == SC_LANG_ZH;
    char title[256], target[128];
    const sc_sampling_plan *p = &r->plan;
    if (o->from_table)
        snprintf(title, sizeof title,
                 zh ? "OC 曲线：字码 %c，n = %llu，Ac = %u，Re = %u（%s）"
                    : "OC curve: code letter %c, n = %llu, Ac = %u, Re = %u (%s)",
                 p->plan_letter, (unsigned long long)p->n, p->ac, p->re,
                 ((const sc_inspection_info *)sc_registry_entry_at(&sc_inspections,
                                                                   o->inspection))
                     ->table);
    else
        snprintf(title, sizeof title, zh ? "OC 曲线：n = %llu，Ac = %u" : "OC curve: n = %llu, Ac = %u",
                 (unsigned long long)p->n, p->ac);
    snprintf(target, sizeof target, zh ? "Pa = %g%%（极限质量处）" : "Pa = %g%% (limiting quality)",
             100 * o->consumer_pa);
    sca_oc_mark marks[2];
    size_t nmarks = 0;
    size_t index;
    if (!isnan(o->aql) && sc_aql_find(o->aql, &index, NULL) == SC_OK) {
        marks[nmarks].x = o->aql;
        snprintf(marks[nmarks++].text, sizeof marks[0].text, "AQL %s", sc_aql_names[index]);
    }
    if (isfinite(r->lq)) {
        marks[nmarks].x = 100 * r->lq;
        snprintf(marks[nmarks++].text, sizeof marks[0].text, "LQ %.3g", 100 * r->lq);
    }
    return sca_oc_chart(&r->oc, title, zh ? "接收概率 Pa" : "probability of acceptance Pa", marks,
                    nmarks, o->consumer_pa, target, o->lang, out, err);
}
