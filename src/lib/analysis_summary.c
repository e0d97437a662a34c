/* spotcheck — the analysis layer: the quarterly table (spotcheck summary).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h): the table is composed, never
 * recomputed: the current rates come from sc_rate_table, each change from
 * sc_diff_table, and the total row from the same two calls on the groups it
 * covers.  This file only chooses the groups and places the cells.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"

void sc_summary_opts_init(sc_summary_opts *opts)
{
    *opts = (sc_summary_opts){.method = SC_CI_WILSON,
                              .diff_method = SC_DIFF_NEWCOMBE,
                              .level = 0.95,
                              .kind = SC_RATE_PASS,
                              .target = NAN,
                              .sort = SC_SORT_NONE,
                              .lang = SC_LANG_EN,
                              .words = SC_LANG_EN};
}

void sc_summary_result_free(sc_summary_result *result)
{
    sc_table_free(result->table);
    result->table = NULL;
}

/* The columns each change adds, and the rate table's columns kept. */
static const char *const change_prefix[] = {"year_ago", "previous"};
static const char *const change_zh[][10] = {
    {"去年同期", "去年同期批次", "去年同期", "同比变化", "同比下限", "同比上限", "同比p值",
     "同比判定", "同比变化目标", "同比变化目标判定"},
    {"上期", "上期批次", "上期", "环比变化", "环比下限", "环比上限", "环比p值", "环比判定",
     "", ""},
};

/* The by-groups of `g` (keyed by nby parts and the period) with batches in
 * `period`, with their counts and key names; restricted to the by-keys of
 * `keep` unless NULL. */
static sc_status period_groups(const sc_groups *g, size_t nby, const char *period,
                               const sc_groups *keep, sc_groups **out)
{
    *out = sc_groups_new(nby);
    if (!*out)
        return SC_ENOMEM;
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(g); i++) {
        if (strcmp(sc_groups_key(g, i, nby), period) != 0 || sc_groups_n(g, i) == 0)
            continue;
        for (size_t k = 0; k < nby; k++) {
            keys[k] = sc_groups_key(g, i, k);
            lens[k] = strlen(keys[k]);
        }
        size_t at;
        bool found = true;
        if (keep && (s = sc_groups_locate(keep, keys, lens, &at, &found)) != SC_OK)
            break;
        if (!found)
            continue;
        s = sc_groups_add(*out, keys, lens, sc_groups_n(g, i), sc_groups_passed(g, i));
    }
    for (size_t k = 0; s == SC_OK && k < nby; k++)
        s = sc_groups_set_key_name(*out, k, sc_groups_key_name(g, k));
    return s;
}

/* The groups of `g` whose by-keys are in `keep`, all periods: what the
 * total row's changes are computed from (diff's total row over them). */
static sc_status kept_groups(const sc_groups *g, size_t nby, const sc_groups *keep,
                             sc_groups **out)
{
    *out = sc_groups_new(nby + 1);
    if (!*out)
        return SC_ENOMEM;
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    sc_status s = SC_OK;
    for (size_t k = 0; s == SC_OK && k <= nby; k++)
        s = sc_groups_set_key_name(*out, k, sc_groups_key_name(g, k));
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(g); i++) {
        for (size_t k = 0; k <= nby; k++) {
            keys[k] = sc_groups_key(g, i, k);
            lens[k] = strlen(keys[k]);
        }
        size_t at;
        bool found = true;
        if (keep && (s = sc_groups_locate(keep, keys, lens, &at, &found)) != SC_OK)
            break;
        if (!found)
            continue;
        s = sc_groups_add(*out, keys, lens, sc_groups_n(g, i), sc_groups_passed(g, i));
    }
    return s;
}

/* Whether group `index` of `of` is in `in`: *has; SC_ENOMEM when it cannot
 * be looked up. */
static sc_status has_key_of(const sc_groups *in, const sc_groups *of, size_t index, bool *has)
{
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    for (size_t k = 0; k < sc_groups_nkeys(of); k++) {
        keys[k] = sc_groups_key(of, index, k);
        lens[k] = strlen(keys[k]);
    }
    size_t at;
    return sc_groups_locate(in, keys, lens, &at, has);
}

/* What one run builds on the way; freed together. */
typedef struct parts {
    sc_groups *now, *then[SC_SUMMARY_CHANGE_COUNT], *comparable, *kept_now, *kept;
    sc_table *rates, *changes[SC_SUMMARY_CHANGE_COUNT], *total_rate,
        *total_changes[SC_SUMMARY_CHANGE_COUNT];
    sc_rate_columns rate_cols, total_rate_cols;
    sc_diff_columns change_cols[SC_SUMMARY_CHANGE_COUNT],
        total_change_cols[SC_SUMMARY_CHANGE_COUNT];
    sc_groups *change_rows[SC_SUMMARY_CHANGE_COUNT]; /* by-key -> row of changes[c] */
} parts;

static void parts_free(parts *p)
{
    sc_groups_free(p->now);
    sc_groups_free(p->comparable);
    sc_groups_free(p->kept_now);
    sc_groups_free(p->kept);
    sc_table_free(p->rates);
    sc_table_free(p->total_rate);
    for (size_t c = 0; c < SC_SUMMARY_CHANGE_COUNT; c++) {
        sc_groups_free(p->then[c]);
        sc_table_free(p->changes[c]);
        sc_table_free(p->total_changes[c]);
        sc_groups_free(p->change_rows[c]);
    }
}

/* The baseline periods, and which of them the data hold. */
static sc_status baselines(const sc_groups *g, size_t nby,
                           const char *current, parts *p, sc_summary_result *r, sc_error *err)
{
    static const char *const words[] = {"year-ago", "previous"};
    for (size_t c = 0; c < SC_SUMMARY_CHANGE_COUNT; c++) {
        sc_period now;
        sc_status s = sc_diff_periods(current, words[c], SC_PERIOD_NONE, &now, &r->baseline[c],
                                      err);
        if (s != SC_OK)
            return s;
        /* for years the period before is the year before: one change, 同比 */
        r->has_change[c] = c == SC_SUMMARY_YEAR_AGO ||
                           sc_period_compare(&r->baseline[c], &r->baseline[0]) != 0;
        if (!r->has_change[c])
            continue;
        char text[SC_PERIOD_TEXT_MAX];
        sc_period_format(&r->baseline[c], SC_LANG_EN, text, sizeof text);
        if (period_groups(g, nby, text, NULL, &p->then[c]) != SC_OK)
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        r->baseline_present[c] = sc_groups_count(p->then[c]) > 0;
    }
    return SC_OK;
}

/* The groups of the total: with batches now and in every baseline the data
 * hold (all of them with all_groups); those left out are counted and named,
 * and the groups of a baseline with no batches now are counted. */
static sc_status comparable(const sc_summary_opts *o, size_t nby, parts *p,
                            sc_summary_result *r)
{
    if (!(p->comparable = sc_groups_new(nby)))
        return SC_ENOMEM;
    sc_status s = SC_OK;
    const char *keys[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(p->now); i++) {
        size_t empty = SC_SUMMARY_CHANGE_COUNT; /* the first baseline it is not in */
        for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT &&
                           empty == SC_SUMMARY_CHANGE_COUNT; c++) {
            bool has = true;
            if (r->has_change[c] && r->baseline_present[c])
                s = has_key_of(p->then[c], p->now, i, &has);
            if (s == SC_OK && !has)
                empty = c;
        }
        if (s != SC_OK)
            break;
        if (empty < SC_SUMMARY_CHANGE_COUNT && !o->all_groups) {
            char period[SC_PERIOD_TEXT_MAX];
            sc_period_format(&r->baseline[empty], SC_LANG_EN, period, sizeof period);
            sca_left_out_add(&r->left_out, p->now, i, period);
            continue;
        }
        for (size_t k = 0; k < nby; k++) {
            keys[k] = sc_groups_key(p->now, i, k);
            lens[k] = strlen(keys[k]);
        }
        s = sc_groups_add(p->comparable, keys, lens, 0, 0);
    }
    r->left_out.comparable = sc_groups_count(p->comparable);
    for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
        for (size_t i = 0; s == SC_OK && r->has_change[c] && i < sc_groups_count(p->then[c]);
             i++) {
            bool has;
            if ((s = has_key_of(p->now, p->then[c], i, &has)) != SC_OK)
                break;
            if (has)
                continue;
            bool counted = false; /* in the other baseline too: once */
            for (size_t e = 0; s == SC_OK && e < c && !counted; e++)
                if (r->has_change[e])
                    s = has_key_of(p->then[e], p->then[c], i, &counted);
            if (s != SC_OK)
                break;
            r->missing_now += !counted;
            if (o->all_groups && s == SC_OK) {
                for (size_t k = 0; k < nby; k++) {
                    keys[k] = sc_groups_key(p->then[c], i, k);
                    lens[k] = strlen(keys[k]);
                }
                s = sc_groups_add(p->comparable, keys, lens, 0, 0);
            }
        }
    }
    return s;
}

static sc_diff_opts diff_opts(const sc_summary_opts *o, const sc_summary_result *r, size_t c)
{
    sc_diff_opts d;
    sc_diff_opts_init(&d);
    d.current = o->current;
    d.baseline = r->baseline[c];
    d.method = o->diff_method;
    d.level = o->level;
    d.kind = o->kind;
    d.all_groups = true; /* the groups are ours: every group given is in the total */
    /* a change target ("提高5个百分点") is against the same period a year before */
    d.targets = c == SC_SUMMARY_YEAR_AGO ? o->targets : NULL;
    d.lang = o->lang;
    d.words = o->words;
    return d;
}

static sc_rate_opts rate_opts(const sc_summary_opts *o)
{
    sc_rate_opts ro;
    sc_rate_opts_init(&ro);
    ro.method = o->method;
    ro.level = o->level;
    ro.kind = o->kind;
    ro.target = o->target;
    ro.targets = o->targets;
    ro.sort = o->sort;
    ro.reverse = o->reverse;
    ro.lang = o->lang;
    ro.words = o->words;
    return ro;
}

/* The parts: rates now, each change per group, and the same for the total. */
static sc_status compute(const sc_groups *g, size_t nby, const sc_summary_opts *o,
                         const char *current, parts *p, sc_summary_result *r, sc_error *err)
{
    sc_rate_opts ro = rate_opts(o);
    sc_status s = sc_rate_table(p->now, &ro, &p->rates, &p->rate_cols, err);
    if (s == SC_OK)
        r->no_target = p->rate_cols.no_target;
    for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
        if (!r->has_change[c] || !r->baseline_present[c])
            continue;
        sc_diff_opts d = diff_opts(o, r, c);
        sc_diff_left_out unused;
        s = sc_diff_table(g, nby, &d, &p->changes[c], &p->change_cols[c], &unused, err);
        if (s == SC_OK && !(p->change_rows[c] = sc_groups_new(nby)))
            s = SC_ENOMEM;
        /* the rows of a diff table are its groups in order of first appearance */
        const char *keys[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX];
        for (size_t row = 0; s == SC_OK && row < p->change_cols[c].ngroups; row++) {
            for (size_t k = 0; k < nby; k++) {
                keys[k] = sc_table_get_string(p->changes[c], row, k);
                lens[k] = strlen(keys[k]);
            }
            s = sc_groups_add(p->change_rows[c], keys, lens, 0, 0);
        }
    }
    if (s != SC_OK || nby == 0)
        return s;
    const sc_groups *keep = o->all_groups ? NULL : p->comparable;
    s = period_groups(g, nby, current, keep, &p->kept_now);
    if (s == SC_OK)
        s = kept_groups(g, nby, keep, &p->kept);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    if (sc_groups_count(p->kept_now) == 0)
        return SC_OK; /* no comparable group: the total row stays empty */
    ro.total = true; /* its last row, with the total's target */
    ro.sort = SC_SORT_NONE;
    s = sc_rate_table(p->kept_now, &ro, &p->total_rate, &p->total_rate_cols, err);
    for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
        if (!r->has_change[c] || !r->baseline_present[c])
            continue;
        sc_diff_opts d = diff_opts(o, r, c);
        sc_diff_left_out unused;
        /* diff's total row over the kept groups; a baseline without comparable
         * batches leaves the change empty */
        s = sc_diff_table(p->kept, nby, &d, &p->total_changes[c], &p->total_change_cols[c],
                          &unused, err);
        if (s == SC_EDATA) {
            sc_error_clear(err);
            s = SC_OK;
        }
    }
    return s;
}

/* The rate table's columns the summary keeps (not method and level, which
 * are the same in every row: they go to the meta). */
static size_t *rate_column(sc_rate_columns *rc, size_t which)
{
    size_t *cols[] = {&rc->n,     &rc->passed, &rc->failed, &rc->rate,    &rc->lower,
                      &rc->upper, &rc->target, &rc->verdict, &rc->p_value};
    return which < sizeof cols / sizeof cols[0] ? cols[which] : NULL;
}

static sc_status add_columns(const sc_summary_opts *o, parts *p, sc_summary_result *r,
                             sc_table *t)
{
    sc_summary_columns *sc = &r->cols;
    sc_rate_columns mine;
    sc_status s = SC_OK;
    for (size_t k = 0; s == SC_OK && k < p->rate_cols.nkeys; k++)
        s = sc_table_add_column(t, sc_table_column_name(p->rates, k),
                                sc_table_column_label_zh(p->rates, k),
                                sc_table_column_type(p->rates, k));
    for (size_t w = 0; s == SC_OK && rate_column(&mine, w); w++) {
        size_t from = *rate_column(&p->rate_cols, w);
        *rate_column(&mine, w) = SC_NO_COLUMN;
        if (from == SC_NO_COLUMN)
            continue;
        *rate_column(&mine, w) = sc_table_columns(t);
        s = sc_table_add_column(t, sc_table_column_name(p->rates, from),
                                sc_table_column_label_zh(p->rates, from),
                                sc_table_column_type(p->rates, from));
    }
    sc->nby = p->rate_cols.nkeys;
    sc->n = mine.n, sc->passed = mine.passed, sc->failed = mine.failed, sc->rate = mine.rate;
    sc->lower = mine.lower, sc->upper = mine.upper, sc->target = mine.target;
    sc->verdict = mine.verdict, sc->p_value = mine.p_value;
    for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
        sc_summary_change_columns *cc = &sc->change[c];
        size_t *slots[] = {&cc->period,  &cc->n,       &cc->rate,          &cc->diff,
                           &cc->lower,   &cc->upper,   &cc->p_value,       &cc->verdict,
                           &cc->change_target, &cc->change_verdict};
        static const char *const names[] = {"period",  "n",       "rate",          "diff",
                                            "lower",   "upper",   "p_value",       "verdict",
                                            "change_target", "change_verdict"};
        static const sc_col_type types[] = {SC_COL_STRING, SC_COL_COUNT,  SC_COL_PROPORTION,
                                            SC_COL_POINTS, SC_COL_POINTS, SC_COL_POINTS,
                                            SC_COL_PVALUE, SC_COL_STRING, SC_COL_POINTS,
                                            SC_COL_STRING};
        /* the change target (diff --targets) is the year-ago change's */
        bool change_target = c == SC_SUMMARY_YEAR_AGO && o->targets &&
                             sc_targets_has_column(o->targets, "change");
        for (size_t i = 0; s == SC_OK && i < 10; i++) {
            *slots[i] = SC_NO_COLUMN;
            if (!r->has_change[c] || (i >= 8 && !change_target))
                continue;
            char name[64], label[96];
            snprintf(name, sizeof name, "%s_%s", change_prefix[c], names[i]);
            snprintf(label, sizeof label, "%s%s", change_zh[c][i],
                     i == 2 ? sc_rate_kind_label(o->kind, SC_LANG_ZH) : "");
            *slots[i] = sc_table_columns(t);
            s = sc_table_add_column(t, name, label, types[i]);
        }
    }
    return s;
}

/* Copies row `from` of the rate table `rates` (columns rc) into row `row`. */
static sc_status put_rate(sc_table *t, size_t row, const sc_summary_columns *sc,
                          const sc_table *rates, const sc_rate_columns *rc, size_t from)
{
    sc_rate_columns mine = {.n = sc->n,       .passed = sc->passed, .failed = sc->failed,
                            .rate = sc->rate, .lower = sc->lower,   .upper = sc->upper,
                            .target = sc->target, .verdict = sc->verdict,
                            .p_value = sc->p_value};
    sc_rate_columns theirs = *rc;
    sc_status s = SC_OK;
    for (size_t w = 0; s == SC_OK && rate_column(&mine, w); w++)
        if (*rate_column(&mine, w) != SC_NO_COLUMN)
            s = sc_table_copy_cell(t, row, *rate_column(&mine, w), rates, from,
                                   *rate_column(&theirs, w));
    return s;
}

/* Copies row `from` of a diff table (columns dc) into change c of row `row`. */
static sc_status put_change(sc_table *t, size_t row, const sc_summary_change_columns *cc,
                            const sc_table *d, const sc_diff_columns *dc, size_t from)
{
    size_t to[] = {cc->period,  cc->n,     cc->rate,    cc->diff,          cc->lower,
                   cc->upper,   cc->p_value, cc->verdict, cc->change_target, cc->change_verdict};
    size_t of[] = {dc->period_baseline, dc->n_baseline, dc->rate_baseline, dc->diff,
                   dc->lower,           dc->upper,      dc->p_value,       dc->verdict,
                   dc->change_target,   dc->change_verdict};
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < sizeof to / sizeof to[0]; i++)
        if (to[i] != SC_NO_COLUMN)
            s = sc_table_copy_cell(t, row, to[i], d, from, of[i]);
    return s;
}

/* A change without a diff row (its baseline has no batches at all, or none
 * of the total's groups): the baseline period and n = 0, the rest empty. */
static sc_status put_absent(sc_table *t, size_t row, const sc_summary_change_columns *cc,
                            const sc_period *baseline)
{
    char text[SC_PERIOD_TEXT_MAX];
    sc_period_format(baseline, SC_LANG_EN, text, sizeof text);
    sc_status s = sc_table_set_string(t, row, cc->period, text);
    return s == SC_OK ? sc_table_set_count(t, row, cc->n, 0) : s;
}

static sc_status fill(const sc_summary_opts *o, parts *p, sc_summary_result *r, sc_table *t)
{
    const sc_summary_columns *sc = &r->cols;
    sc_status s = SC_OK;
    size_t ngroups = p->rate_cols.ngroups;
    for (size_t i = 0; s == SC_OK && i < ngroups; i++) {
        size_t row;
        s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < sc->nby; k++)
            s = sc_table_copy_cell(t, row, k, p->rates, i, k);
        if (s == SC_OK)
            s = put_rate(t, row, sc, p->rates, &p->rate_cols, i);
        const char *keys[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX];
        for (size_t k = 0; k < sc->nby; k++) {
            keys[k] = sc_table_get_string(p->rates, i, k);
            lens[k] = strlen(keys[k]);
        }
        for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
            size_t at;
            bool found = false;
            if (p->changes[c])
                s = sc_groups_locate(p->change_rows[c], keys, lens, &at, &found);
            if (s != SC_OK)
                break;
            if (found)
                s = put_change(t, row, &sc->change[c], p->changes[c], &p->change_cols[c], at);
            else if (r->has_change[c])
                s = put_absent(t, row, &sc->change[c], &r->baseline[c]);
        }
    }
    r->cols.ngroups = ngroups;
    if (s != SC_OK || sc->nby == 0)
        return s;
    size_t row;
    s = sc_table_add_row(t, &row);
    for (size_t k = 0; s == SC_OK && k < sc->nby; k++)
        s = sc_table_set_string(t, row, k, k ? "" : o->lang == SC_LANG_ZH ? "合计" : "Total");
    if (s == SC_OK && p->total_rate)
        s = put_rate(t, row, sc, p->total_rate, &p->total_rate_cols,
                     sc_table_rows(p->total_rate) - 1);
    for (size_t c = 0; s == SC_OK && c < SC_SUMMARY_CHANGE_COUNT; c++) {
        if (p->total_changes[c])
            s = put_change(t, row, &sc->change[c], p->total_changes[c],
                           &p->total_change_cols[c], sc_table_rows(p->total_changes[c]) - 1);
        else if (r->has_change[c]) {
            s = put_absent(t, row, &sc->change[c], &r->baseline[c]);
        }
    }
    return s;
}

sc_status sc_summary_table(const sc_groups *groups, size_t nby, const sc_summary_opts *opts,
                           sc_summary_result *out, sc_error *err)
{
    *out = (sc_summary_result){0};
    char current[SC_PERIOD_TEXT_MAX];
    sc_period_format(&opts->current, SC_LANG_EN, current, sizeof current);
    parts p = {0};
    sc_status s = sca_check_period_kind(groups, nby, current, err);
    if (s == SC_OK && period_groups(groups, nby, current, NULL, &p.now) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK && sc_groups_count(p.now) == 0) {
        char missing[SC_PERIOD_TEXT_MAX + 16];
        snprintf(missing, sizeof missing, "%s (--current)", current);
        s = sca_no_batches(groups, nby, missing, err);
    }
    if (s == SC_OK)
        s = baselines(groups, nby, current, &p, out, err);
    if (s == SC_OK && comparable(opts, nby, &p, out) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = compute(groups, nby, opts, current, &p, out, err);
    if (s == SC_OK && !(out->table = sc_table_new()))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK && add_columns(opts, &p, out, out->table) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK && fill(opts, &p, out, out->table) != SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s != SC_OK && err->status == SC_OK) /* compute's own allocations */
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    parts_free(&p);
    if (s != SC_OK)
        sc_summary_result_free(out);
    return s;
}

sc_status sc_summary_chart(const sc_summary_result *result, const sc_groups *groups,
                           const sc_summary_opts *opts, sc_chart **out, sc_error *err)
{
    const sc_summary_columns *c = &result->cols;
    sc_rate_columns rc = {.nkeys = c->nby, .ngroups = c->ngroups, .rate = c->rate,
                          .lower = c->lower, .upper = c->upper};
    sc_rate_opts ro = rate_opts(opts);
    sc_status s = sc_rate_chart(result->table, &rc, groups, &ro, out, err);
    if (s != SC_OK)
        return s;
    /* the same data, with the arrows from a year before and each group's target */
    size_t labels[SC_KEY_PARTS_MAX];
    sc_chart_data data = sca_ranked_data(result->table, c->nby, c->ngroups, c->rate, c->lower,
                                         c->upper, labels);
    data.baseline = c->change[SC_SUMMARY_YEAR_AGO].rate; /* 同比 is always there */
    data.target = opts->targets ? c->target : SC_CHART_NONE;
    char period[SC_PERIOD_TEXT_MAX], key[96];
    sc_period_format(&result->baseline[SC_SUMMARY_YEAR_AGO], opts->lang, period, sizeof period);
    if (opts->lang == SC_LANG_ZH)
        snprintf(key, sizeof key, "同比：自%s", period);
    else
        snprintf(key, sizeof key, "year on year: from %s", period);
    sc_chart *chart = *out;
    *out = NULL;
    s = sc_chart_set_data(chart, &data, err);
    if (s == SC_OK)
        s = sc_chart_set_text(chart, SC_CHART_KEY_BASELINE, key);
    return sca_chart_done(s, chart, out, err);
}
