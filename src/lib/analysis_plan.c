/* spotcheck — the analysis of spotcheck plan for lot acceptance: the plan of
 * ISO 2859-1 / GB/T 2828.1 (or an explicit one) with its OC summary, the OC
 * table and the OC curve.  The statistics are sampling.c and sampling_oc.c
 * (contract S1-S8 in include/spotcheck/sampling.h).
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
    double *grid;
    size_t ngrid;
    s = sc_oc_grid(&r->oc, 21, &grid, &ngrid, err);
    if (s == SC_OK)
        s = oc_table(&r->oc, grid, ngrid, &r->curve, err);
    free(grid);
    return s;
}

/* An OC curve: P(accept) against p in percent (per 100 items under Poisson), so
 * that its axis reads as the AQL and the DQL do; vertical marks at the given
 * qualities (percent), the line Pa = target_pa.  Frees nothing of its inputs. */
typedef struct oc_mark {
    double x; /* percent */
    char text[64];
} oc_mark;

static sc_status oc_chart(const sc_oc_plan *oc, const char *title, const char *value_name,
                          const oc_mark *marks, size_t nmarks, double target_pa,
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
    oc_mark marks[2];
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
    return oc_chart(&r->oc, title, zh ? "接收概率 Pa" : "probability of acceptance Pa", marks,
                    nmarks, o->consumer_pa, target, o->lang, out, err);
}

/* ---- assessing a declared quality level (ISO 2859-4) ------------------------------ */

void sc_dql_opts_init(sc_dql_opts *opts)
{
    *opts = (sc_dql_opts){.dql = NAN,
                          .lq = NAN,
                          .lqr = NAN,
                          .model = SC_OC_BINOMIAL,
                          .alpha = 0.05,
                          .beta = 0.10,
                          .lang = SC_LANG_EN,
                          .words = SC_LANG_EN};
}

void sc_dql_result_free(sc_dql_result *result)
{
    if (!result)
        return;
    sc_table_free(result->table);
    result->table = NULL;
}

enum {
    DQL_DQL, DQL_LQ, DQL_LQR, DQL_LOT, DQL_MODEL, DQL_PLAN, DQL_N, DQL_LIMIT, DQL_P, DQL_ALPHA,
    DQL_BETA, DQL_LQ10, DQL_COUNT
};

static const struct {
    const char *name, *zh;
    sc_col_type type;
} dql_columns[DQL_COUNT] = {
    [DQL_DQL] = {"dql", "声称质量水平", SC_COL_SETTING},
    [DQL_LQ] = {"lq", "极限质量", SC_COL_PROPORTION}, /* often DQL x LQR: computed */
    [DQL_LQR] = {"lqr", "极限质量比", SC_COL_REAL},
    [DQL_LOT] = {"population", "总体量", SC_COL_COUNT},
    [DQL_MODEL] = {"model", "模型", SC_COL_STRING},
    [DQL_PLAN] = {"plan", "方案", SC_COL_STRING},
    [DQL_N] = {"n", "样本量", SC_COL_COUNT},
    [DQL_LIMIT] = {"limit", "不合格品限定数", SC_COL_COUNT},
    [DQL_P] = {"p_not_contradicted", "DQL正确时不否定概率", SC_COL_PROPORTION},
    [DQL_ALPHA] = {"alpha", "错判风险", SC_COL_PROPORTION},
    [DQL_BETA] = {"beta", "漏判风险", SC_COL_PROPORTION},
    [DQL_LQ10] = {"lq10", "漏判风险10%处质量", SC_COL_PROPORTION},
};

sc_status sc_dql_table(const sc_dql_opts *o, sc_dql_result *r, sc_error *err)
{
    if (!o || !r)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options or no result");
    *r = (sc_dql_result){.lq = NAN};
    if (!(o->dql > 0 && o->dql < 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--dql: give a quality above 0 and below 100%%");
    if (!isnan(o->lq) && !isnan(o->lqr))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "give --lq or --lqr, not both");
    r->lq = !isnan(o->lq) ? o->lq : o->dql * o->lqr;
    if (!isnan(r->lq) && !(r->lq > o->dql))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "the limiting quality (%g%%) must lie above the DQL (%g%%): a "
                            "ratio above 1",
                            100 * r->lq, 100 * o->dql);
    r->plan = (sc_oc_plan){.n = o->n, .ac = o->limit, .lot_size = o->lot_size, .model = o->model};
    sc_status s;
    if (o->given_plan) {
        if (o->lot_size && o->n > o->lot_size)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--n %llu: the sample cannot be larger than the population (%llu)",
                                (unsigned long long)o->n, (unsigned long long)o->lot_size);
        s = sc_oc_check(&r->plan, err);
    } else if (isnan(r->lq)) {
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "give --lqr R or --lq P to find a plan, or --n N and --limit L for "
                            "the risks of a plan");
    } else {
        s = sc_dql_plan_find(o->dql, r->lq, o->alpha, o->beta, &r->plan, err);
    }
    if (s == SC_OK)
        s = sc_dql_risks_of(&r->plan, o->dql, r->lq, &r->risks, err);
    if (s != SC_OK)
        return s;
    sc_table *t = r->table = sc_table_new();
    if (!t)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t c = 0; c < DQL_COUNT && s == SC_OK; c++)
        s = sc_table_add_column(t, dql_columns[c].name, dql_columns[c].zh, dql_columns[c].type);
    size_t row = 0;
    if (s == SC_OK)
        s = sc_table_add_row(t, &row);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_DQL, o->dql);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_LQ, r->lq);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_LQR, r->lq / o->dql);
    if (s == SC_OK && o->lot_size)
        s = sc_table_set_count(t, row, DQL_LOT, o->lot_size);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, DQL_MODEL,
                                sc_word(o->words, sc_registry_entry_at(&sc_oc_models, o->model)->name));
    if (s == SC_OK)
        s = sc_table_set_string(t, row, DQL_PLAN, sc_word(o->words, o->given_plan ? "given" : "found"));
    if (s == SC_OK)
        s = sc_table_set_count(t, row, DQL_N, r->plan.n);
    if (s == SC_OK)
        s = sc_table_set_count(t, row, DQL_LIMIT, r->plan.ac);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_P, r->risks.p_dql);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_ALPHA, r->risks.alpha);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_BETA, r->risks.beta);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, DQL_LQ10, r->risks.lq10);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    return SC_OK;
}

sc_status sc_dql_chart(const sc_dql_opts *o, const sc_dql_result *r, sc_chart **out,
                       sc_error *err)
{
    if (!o || !r || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options, result or chart");
    *out = NULL;
    bool zh = o->lang == SC_LANG_ZH;
    char title[256], target[128];
    snprintf(title, sizeof title,
             zh ? "声称质量水平的评定（GB/T 2828.4）：n = %llu，L = %u"
                : "Assessing a declared quality level (ISO 2859-4): n = %llu, L = %u",
             (unsigned long long)r->plan.n, r->plan.ac);
    snprintf(target, sizeof target, zh ? "%g%%（漏判风险）" : "%g%% (risk at the LQ)",
             100 * o->beta);
    oc_mark marks[2];
    size_t nmarks = 0;
    marks[nmarks].x = 100 * o->dql;
    snprintf(marks[nmarks++].text, sizeof marks[0].text, "DQL %.3g", 100 * o->dql);
    if (isfinite(r->lq)) {
        marks[nmarks].x = 100 * r->lq;
        snprintf(marks[nmarks++].text, sizeof marks[0].text, "LQ %.3g", 100 * r->lq);
    }
    return oc_chart(&r->plan, title,
                    zh ? "不否定概率 P(d ≤ L)" : "probability of not contradicting P(d <= L)",
                    marks, nmarks, o->beta, target, o->lang, out, err);
}

/* ---- sample sizes for a pass rate ----------------------------------------------- */

void sc_size_opts_init(sc_size_opts *opts)
{
    *opts = (sc_size_opts){.kind = SC_RATE_PASS,
                           .expected = NAN,
                           .margin = NAN,
                           .target = NAN,
                           .power = 0.80,
                           .method = SC_CI_WILSON,
                           .level = 0.95,
                           .lang = SC_LANG_EN,
                           .words = SC_LANG_EN};
}

void sc_size_result_free(sc_size_result *result)
{
    if (!result)
        return;
    sc_table_free(result->table);
    result->table = NULL;
}

typedef struct size_column {
    const char *name, *zh;
    sc_col_type type;
} size_column;

static const size_column margin_columns[] = {
    {"rate", "率", SC_COL_STRING},           {"expected", "预期率", SC_COL_SETTING},
    {"margin", "允许误差", SC_COL_SETTING},  {"method", "方法", SC_COL_STRING},
    {"level", "置信水平", SC_COL_SETTING},   {"population", "总体量", SC_COL_COUNT},
    {"n", "样本量", SC_COL_COUNT},           {"n_population", "有限总体样本量", SC_COL_COUNT},
    {"lower", "下限", SC_COL_PROPORTION},    {"upper", "上限", SC_COL_PROPORTION},
    {"half_width", "半宽", SC_COL_PROPORTION},
};

static const size_column power_columns[] = {
    {"rate", "率", SC_COL_STRING},             {"expected", "预期率", SC_COL_SETTING},
    {"target", "目标", SC_COL_SETTING},        {"method", "方法", SC_COL_STRING},
    {"level", "置信水平", SC_COL_SETTING},     {"power_wanted", "要求把握度", SC_COL_SETTING},
    {"n", "样本量", SC_COL_COUNT},             {"x_needed", "所需批次数", SC_COL_COUNT},
    {"power", "把握度", SC_COL_PROPORTION},
};

sc_status sc_size_table(const sc_size_opts *o, sc_size_result *r, sc_error *err)
{
    if (!o || !r)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options or no result");
    *r = (sc_size_result){.power = NAN};
    bool by_margin = !isnan(o->margin), by_power = !isnan(o->target);
    if (by_margin == by_power)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "give --margin E (an interval's half-width) or --target P with "
                            "--power (a target verdict), one of them");
    const sc_rate_kind_info *kind = sc_rate_kind_get(o->kind);
    const char *method = sc_ci_method_get(o->method) ? sc_ci_method_get(o->method)->entry.name : NULL;
    if (!kind || !method)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown rate kind or method");
    sc_status s;
    if (by_margin) {
        s = sc_size_for_margin(o->expected, o->margin, o->method, o->level, &r->n, &r->at, err);
        r->n_population = sc_size_finite(r->n, o->population);
    } else {
        if (!(o->target > 0 && o->target < 1))
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--target: give a rate in (0, 1)");
        s = sc_size_for_power(o->expected, o->target, kind->target, o->method, o->level,
                              o->power, &r->n, &r->power, &r->x_needed, err);
        r->n_population = r->n;
    }
    if (s != SC_OK)
        return s;
    const size_column *cols = by_margin ? margin_columns : power_columns;
    size_t ncols = by_margin ? sizeof margin_columns / sizeof margin_columns[0]
                             : sizeof power_columns / sizeof power_columns[0];
    sc_table *t = r->table = sc_table_new();
    if (!t)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t c = 0; c < ncols && s == SC_OK; c++)
        s = sc_table_add_column(t, cols[c].name, cols[c].zh, cols[c].type);
    size_t row = 0;
    if (s == SC_OK)
        s = sc_table_add_row(t, &row);
    size_t c = 0;
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c++, kind->name);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->expected);
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, by_margin ? o->margin : o->target);
    if (s == SC_OK)
        s = sc_table_set_string(t, row, c++, sc_word(o->words, method));
    if (s == SC_OK)
        s = sc_table_set_double(t, row, c++, o->level);
    if (by_margin) {
        if (s == SC_OK && o->population)
            s = sc_table_set_count(t, row, c, o->population);
        c++;
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->n);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->n_population);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, r->at.lower);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, r->at.upper);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, (r->at.upper - r->at.lower) / 2);
    } else {
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, o->power);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->n);
        if (s == SC_OK)
            s = sc_table_set_count(t, row, c++, r->x_needed);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, c++, r->power);
    }
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "out of memory");
    return SC_OK;
}

sc_status sc_size_chart(const sc_size_opts *o, const sc_size_result *r, sc_chart **out,
                        sc_error *err)
{
    if (!o || !r || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no options, result or chart");
    *out = NULL;
    if (isnan(o->target))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "the chart is the power curve: it goes with --target");
    const sc_rate_kind_info *kind = sc_rate_kind_get(o->kind);
    bool zh = o->lang == SC_LANG_ZH;
    uint64_t first = r->n / 4 > 0 ? r->n / 4 : 1, last = 2 * r->n;
    uint64_t step = (last - first) / 200 + 1;
    sc_table *t = sc_table_new();
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    const char *power_name = zh ? "把握度" : "power";
    sc_status s = t && chart ? SC_OK : SC_ENOMEM;
    if (s == SC_OK)
        s = sc_table_add_column(t, "n", zh ? "每组样本量 n" : "sample size n", SC_COL_REAL);
    if (s == SC_OK)
        s = sc_table_add_column(t, power_name, power_name, SC_COL_PROPORTION);
    for (uint64_t k = first; s == SC_OK && k <= last; k += step) {
        double power;
        uint64_t x;
        size_t row;
        s = sc_power_meets(k, o->expected, o->target, kind->target, o->method, o->level, &power,
                           &x, err);
        if (s == SC_OK)
            s = sc_table_add_row(t, &row);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 0, (double)k);
        if (s == SC_OK)
            s = sc_table_set_double(t, row, 1, power);
    }
    if (s == SC_OK) {
        sc_chart_data data = sc_chart_data_of(t);
        data.x = 0;
        data.value = 1;
        s = sc_chart_set_lang(chart, o->lang);
        if (s == SC_OK)
            s = sc_chart_set_percent(chart, true);
        if (s == SC_OK)
            s = sc_chart_set_value_limits(chart, 0, 1);
        if (s == SC_OK)
            s = sc_chart_set_data(chart, &data, err);
    }
    char title[256], text[128];
    if (s == SC_OK) {
        snprintf(title, sizeof title,
                 zh ? "%s 真值 %g%% 时判定“达到目标 %g%%”的把握度（%s，置信水平 %g%%）"
                    : "Power to show that a %s of %g%% meets the target %g%% (%s, level %g%%)",
                 zh ? kind->label_zh : kind->label_en, 100 * o->expected, 100 * o->target,
                 sc_ci_method_get(o->method)->entry.name, 100 * o->level);
        s = sc_chart_set_text(chart, SC_CHART_TITLE, title);
    }
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_VALUE_AXIS, power_name);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_VALUE, power_name);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS,
                              zh ? "样本量 n（批次）" : "sample size n (batches)");
    if (s == SC_OK) {
        snprintf(text, sizeof text, zh ? "要求把握度 %g%%" : "power wanted %g%%", 100 * o->power);
        s = sc_chart_set_target(chart, o->power);
        if (s == SC_OK)
            s = sc_chart_set_text(chart, SC_CHART_KEY_TARGET, text);
    }
    if (s == SC_OK) {
        snprintf(text, sizeof text, "n = %llu", (unsigned long long)r->n);
        s = sc_chart_add_x_mark(chart, (double)r->n, text);
    }
    sc_table_free(t);
    return sca_chart_done(s, chart, out, err);
}
