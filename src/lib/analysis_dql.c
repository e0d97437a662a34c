/* spotcheck — the analysis of spotcheck plan --dql: assessing a declared
 * quality level by ISO 2859-4 = GB/T 2828.4, the plan or the risks of a given
 * one (sampling_dql.c, contract S9-S10 of include/spotcheck/sampling.h) as a
 * table, and its curve of P(d <= L).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>

#include "analysis_internal.h"

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
    sca_oc_mark marks[2];
    size_t nmarks = 0;
    marks[nmarks].x = 100 * o->dql;
    snprintf(marks[nmarks++].text, sizeof marks[0].text, "DQL %.3g", 100 * o->dql);
    if (isfinite(r->lq)) {
        marks[nmarks].x = 100 * r->lq;
        snprintf(marks[nmarks++].text, sizeof marks[0].text, "LQ %.3g", 100 * r->lq);
    }
    return sca_oc_chart(&r->plan, title,
                    zh ? "不否定概率 P(d ≤ L)" : "probability of not contradicting P(d <= L)",
                    marks, nmarks, o->beta, target, o->lang, out, err);
}
