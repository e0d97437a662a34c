/* spotcheck — stratified rates (spotcheck rate --strata) and comparisons
 * adjusted for strata (compare and diff --adjust-for): the tables of
 * sc_strata_rate_table, sc_adjusted_diff_table and sc_adjusted_compare_tables.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/analysis.h; the statistics are those of
 * include/spotcheck/stratify.h):
 *  1. `groups` is keyed by outer parts, then (for the comparisons) the
 *     compared part, then the strata parts last.  Rows follow the first
 *     appearance of the outer (or compared) groups.
 *  2. Rate: one row per outer group, with the stratified rate of its strata
 *     (T1-T3) weighted by the population file (P3).  A stratum of the file
 *     with a population but no batches in the group, a stratum with batches
 *     but no row in the file, a population below the batches sampled, and a
 *     stratum of one batch out of more units are SC_EDATA errors naming the
 *     group and the stratum (and the file's line where there is one; for a
 *     population column (P4), the first record of the stratum).  Both forms
 *     of the population run through this same code.
 *  3. Comparisons: see sc_adjusted_diff_table and sc_adjusted_compare_tables.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "spotcheck/stratify.h"

void sc_strata_rate_opts_init(sc_strata_rate_opts *opts)
{
    *opts = (sc_strata_rate_opts){.level = 0.95, .kind = SC_RATE_PASS, .words = SC_LANG_EN};
}

/* "浙江省/小型": key parts [first, last) of group `index`, joined by '/'. */
static void key_text(const sc_groups *g, size_t index, size_t first, size_t last, char *out,
                     size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = first; k < last && used + 1 < size; k++) {
        int n = snprintf(out + used, size - used, "%s%s", k > first ? "/" : "",
                         sc_groups_key(g, index, k));
        if (n < 0)
            break;
        used += (size_t)n < size - used ? (size_t)n : size - used - 1;
    }
}

/* The groups of `fine` rolled up to their first `nparts` parts, and for
 * each fine group the index of its roll-up in *of (caller frees both). */
static sc_status outer_groups(const sc_groups *fine, size_t nparts, sc_groups **outer,
                              size_t **of, sc_error *err)
{
    size_t parts[SC_KEY_PARTS_MAX];
    for (size_t k = 0; k < nparts; k++)
        parts[k] = k;
    *of = NULL;
    sc_status s = sc_groups_project(fine, parts, nparts, SC_KEY_PARTS_MAX, NULL, outer);
    size_t count = sc_groups_count(fine);
    if (s == SC_OK && !(*of = sc_malloc((count ? count : 1) * sizeof **of)))
        s = SC_ENOMEM;
    for (size_t i = 0; s == SC_OK && i < count; i++) {
        const char *keys[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX];
        for (size_t k = 0; k < nparts; k++) {
            keys[k] = sc_groups_key(fine, i, k);
            lens[k] = strlen(keys[k]);
        }
        bool found;
        s = sc_groups_locate(*outer, keys, lens, &(*of)[i], &found);
        if (s == SC_OK && !found)
            s = SC_EINVAL;
    }
    if (s != SC_OK) {
        sc_groups_free(*outer);
        *outer = NULL;
        free(*of);
        *of = NULL;
        return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    return SC_OK;
}

/* Contract 2: a stratum of the file (for outer group `index` of `outer`)
 * with units but no batches in `fine`. */
static sc_status check_unsampled(const sc_groups *fine, const sc_groups *outer, size_t index,
                                 size_t nouter, const sc_population *pop, sc_error *err)
{
    size_t nparts = sc_groups_nkeys(fine);
    for (size_t row = 0; row < sc_population_rows(pop); row++) {
        const char *keys[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX];
        bool mine = true;
        for (size_t k = 0; k < nparts; k++) {
            const char *cell = sc_population_key(pop, row, k);
            keys[k] = k < nouter ? sc_groups_key(outer, index, k) : cell;
            mine = mine && (!cell || k >= nouter || strcmp(cell, keys[k]) == 0);
            lens[k] = strlen(keys[k]);
        }
        if (!mine || sc_population_value(pop, row) == 0)
            continue;
        size_t at;
        bool found;
        if (sc_groups_locate(fine, keys, lens, &at, &found) != SC_OK)
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        if (found && sc_groups_n(fine, at) > 0)
            continue;
        char group[256], stratum[256];
        key_text(outer, index, 0, nouter, group, sizeof group);
        size_t used = 0;
        stratum[0] = '\0';
        for (size_t k = nouter; k < nparts; k++) {
            int n = snprintf(stratum + used, sizeof stratum - used, "%s%s", k > nouter ? "/" : "",
                             keys[k]);
            if (n < 0 || (size_t)n >= sizeof stratum - used)
                break;
            used += (size_t)n;
        }
        return sc_error_set(err, SC_EDATA, sc_population_file(pop, row),
                            sc_population_line(pop, row),
                            "stratum \"%s\"%s%s%s has a population of %llu but no batches: "
                            "the stratified rate needs a sample in every stratum (merge it "
                            "with another, or leave it out of the file and of the data)",
                            stratum, nouter ? " of group \"" : "", group, nouter ? "\"" : "",
                            (unsigned long long)sc_population_value(pop, row));
    }
    return SC_OK;
}

static sc_status add_rate_columns(const sc_strata_rate_opts *o, const sc_groups *g,
                                  size_t nouter, sc_table *t, sc_strata_rate_columns *c)
{
    c->nkeys = nouter;
    sc_column_spec spec[] = {
        {&c->n, "n", "批次数", SC_COL_COUNT, true},
        {&c->passed, "passed", "合格", SC_COL_COUNT, true},
        {&c->failed, "failed", "不合格", SC_COL_COUNT, true},
        {&c->strata, "strata", "层数", SC_COL_COUNT, true},
        {&c->population, "population", "总体数", SC_COL_COUNT, true},
        {&c->crude_rate, "crude_rate", "未加权率", SC_COL_PROPORTION, true},
        {&c->rate, "rate", sc_rate_kind_label(o->kind, SC_LANG_ZH), SC_COL_PROPORTION, true},
        {&c->se, "se", "标准误", SC_COL_PROPORTION, true},
        {&c->lower, "lower", "下限", SC_COL_PROPORTION, true},
        {&c->upper, "upper", "上限", SC_COL_PROPORTION, true},
        {&c->method, "method", "方法", SC_COL_STRING, true},
        {&c->level, "level", "置信水平", SC_COL_SETTING, true},
        {&c->df, "df", "自由度", SC_COL_COUNT, true},
        {&c->deff, "deff", "设计效应", SC_COL_REAL, true},
    };
    return sc_columns_add(t, g, nouter, spec, sizeof spec / sizeof spec[0]);
}

/* Contract 2: the strata of outer group `index` into s[], checked. */
static sc_status rate_strata(const sc_groups *fine, const size_t *of, const sc_groups *outer,
                             size_t index, size_t nouter, const sc_strata_rate_opts *o,
                             sc_stratum_sample *s, size_t *count, sc_error *err)
{
    size_t nparts = sc_groups_nkeys(fine);
    *count = 0;
    for (size_t i = 0; i < sc_groups_count(fine); i++) {
        if (of[i] != index || sc_groups_n(fine, i) == 0)
            continue;
        size_t at;
        char group[256], stratum[256];
        key_text(fine, i, 0, nouter, group, sizeof group);
        key_text(fine, i, nouter, nparts, stratum, sizeof stratum);
        const char *of_group = nouter ? " of group \"" : "", *end = nouter ? "\"" : "";
        uint64_t n = sc_groups_n(fine, i);
        if (!sc_population_find(o->population, fine, i, &at))
            return sc_error_set(err, SC_EDATA, sc_population_name(o->population), 0,
                                "stratum \"%s\"%s%s%s has %llu batches but no row in the "
                                "population file",
                                stratum, of_group, group, end, (unsigned long long)n);
        uint64_t population = sc_population_value(o->population, at);
        const char *file = sc_population_file(o->population, at);
        unsigned long long line = sc_population_line(o->population, at);
        if (population < n)
            return sc_error_set(err, SC_EDATA, file, line,
                                "column \"%s\": %llu is smaller than the %llu batches "
                                "sampled in stratum \"%s\"%s%s%s",
                                sc_population_column(o->population),
                                (unsigned long long)population, (unsigned long long)n, stratum,
                                of_group, group, end);
        if (n == 1 && population > 1)
            return sc_error_set(err, SC_EDATA, file, line,
                                "stratum \"%s\"%s%s%s has one batch: its variance cannot be "
                                "estimated (merge it with another stratum)",
                                stratum, of_group, group, end);
        s[(*count)++] = (sc_stratum_sample){
            population, n, sc_rate_counted(o->kind, n, sc_groups_passed(fine, i))};
    }
    return check_unsampled(fine, outer, index, nouter, o->population, err);
}

sc_status sc_strata_rate_table(const sc_groups *groups, const sc_strata_rate_opts *opts,
                               sc_table **out, sc_strata_rate_columns *cols, sc_error *err)
{
    *out = NULL;
    size_t nparts = groups ? sc_groups_nkeys(groups) : 0;
    if (!groups || !opts || !cols || !opts->population || opts->nstrata == 0 ||
        opts->nstrata > nparts)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "strata rate table: %s",
                            sc_strerror(SC_EINVAL));
    size_t nouter = nparts - opts->nstrata;
    sc_groups *outer = NULL;
    size_t *of = NULL;
    sc_stratum_sample *strata = NULL;
    sc_table *t = sc_table_new();
    sc_status s = t ? SC_OK : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = outer_groups(groups, nouter, &outer, &of, err);
    if (s == SC_OK &&
        !(strata = sc_malloc((sc_groups_count(groups) + 1) * sizeof *strata)))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK && (s = add_rate_columns(opts, groups, nouter, t, cols)) != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    for (size_t j = 0; s == SC_OK && j < sc_groups_count(outer); j++) {
        size_t count;
        s = rate_strata(groups, of, outer, j, nouter, opts, strata, &count, err);
        if (s != SC_OK)
            break;
        if (count == 0)
            continue; /* a group whose batches were all of empty rows */
        sc_stratified_rate r;
        s = sc_stratified_rate_compute(strata, count, opts->level, &r, err);
        if (s != SC_OK)
            break;
        size_t row;
        s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < nouter; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(outer, j, k));
        if (s != SC_OK) {
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
            break;
        }
        uint64_t passed = sc_rate_counted(opts->kind, r.n, r.x);
        sc_table_set_count(t, row, cols->n, r.n);
        sc_table_set_count(t, row, cols->passed, passed);
        sc_table_set_count(t, row, cols->failed, r.n - passed);
        sc_table_set_count(t, row, cols->strata, count);
        sc_table_set_count(t, row, cols->population, r.population);
        sc_table_set_rate(t, row, cols->crude_rate, r.x, r.n);
        sc_table_set_double(t, row, cols->rate, r.rate);
        sc_table_set_double(t, row, cols->se, r.se);
        if (!isnan(r.lower)) {
            sc_table_set_double(t, row, cols->lower, r.lower);
            sc_table_set_double(t, row, cols->upper, r.upper);
        }
        sc_table_set_string(t, row, cols->method, sc_word(opts->words, "logit"));
        sc_table_set_double(t, row, cols->level, opts->level);
        sc_table_set_count(t, row, cols->df, (uint64_t)r.df);
        if (!isnan(r.deff))
            sc_table_set_double(t, row, cols->deff, r.deff);
    }
    cols->ngroups = t ? sc_table_rows(t) : 0;
    sc_groups_free(outer);
    free(of);
    free(strata);
    if (s != SC_OK) {
        sc_table_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

/* ---- comparisons adjusted for strata ------------------------------------------------ */

void sc_adjust_opts_init(sc_adjust_opts *opts)
{
    *opts = (sc_adjust_opts){.level = 0.95, .kind = SC_RATE_PASS, .lang = SC_LANG_EN,
                             .words = SC_LANG_EN};
}

/* The strata of `fine` (its last nstrata parts) as a groups table, and the
 * standard weight of each (NaN: the pooled mix) from opts->standard, which
 * is keyed by the strata alone; a stratum with batches but no row in it is
 * SC_EDATA. */
static sc_status strata_of(const sc_groups *fine, const sc_adjust_opts *o, sc_groups **strata,
                           size_t **of, double **weight, sc_error *err)
{
    size_t nparts = sc_groups_nkeys(fine), first = nparts - o->nstrata;
    size_t parts[SC_KEY_PARTS_MAX];
    for (size_t k = 0; k < o->nstrata; k++)
        parts[k] = first + k;
    *of = NULL;
    *weight = NULL;
    sc_status s = sc_groups_project(fine, parts, o->nstrata, SC_KEY_PARTS_MAX, NULL, strata);
    size_t count = sc_groups_count(fine), nstrata = s == SC_OK ? sc_groups_count(*strata) : 0;
    if (s == SC_OK && (!(*of = sc_malloc((count ? count : 1) * sizeof **of)) ||
                       !(*weight = sc_malloc((nstrata ? nstrata : 1) * sizeof **weight))))
        s = SC_ENOMEM;
    for (size_t i = 0; s == SC_OK && i < count; i++) {
        const char *keys[SC_KEY_PARTS_MAX];
        size_t lens[SC_KEY_PARTS_MAX];
        for (size_t k = 0; k < o->nstrata; k++) {
            keys[k] = sc_groups_key(fine, i, first + k);
            lens[k] = strlen(keys[k]);
        }
        bool found;
        s = sc_groups_locate(*strata, keys, lens, &(*of)[i], &found);
        if (s == SC_OK && !found)
            s = SC_EINVAL;
    }
    if (s != SC_OK)
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    for (size_t k = 0; s == SC_OK && k < nstrata; k++) {
        (*weight)[k] = NAN;
        if (!o->standard)
            continue;
        size_t row;
        if (!sc_population_find(o->standard, *strata, k, &row)) {
            char name[256];
            key_text(*strata, k, 0, o->nstrata, name, sizeof name);
            s = sc_error_set(err, SC_EDATA, sc_population_name(o->standard), 0,
                             "stratum \"%s\" has batches but no row in the standard population",
                             name);
        } else
            (*weight)[k] = (double)sc_population_value(o->standard, row);
    }
    if (s != SC_OK) {
        sc_groups_free(*strata);
        *strata = NULL;
        free(*of);
        free(*weight);
        *of = NULL;
        *weight = NULL;
    }
    return s;
}

/* The columns the two adjusted tables share, after their own. */
static void adjusted_spec(sc_adjusted_columns *c, sc_column_spec *spec)
{
    sc_column_spec shared[] = {
        {&c->strata, "strata", "层数", SC_COL_COUNT, true},
        {&c->strata_left_out, "strata_left_out", "未用层数", SC_COL_COUNT, true},
        {&c->std_rate, "std_rate", "标化率", SC_COL_PROPORTION, true},
        {&c->std_rate_other, "std_rate_other", "对照标化率", SC_COL_PROPORTION, true},
        {&c->std_diff, "std_diff", "标化率差", SC_COL_POINTS, true},
        {&c->std_lower, "std_lower", "标化率差下限", SC_COL_POINTS, true},
        {&c->std_upper, "std_upper", "标化率差上限", SC_COL_POINTS, true},
        {&c->mh_diff, "mh_diff", "MH率差", SC_COL_POINTS, true},
        {&c->mh_lower, "mh_lower", "MH率差下限", SC_COL_POINTS, true},
        {&c->mh_upper, "mh_upper", "MH率差上限", SC_COL_POINTS, true},
        {&c->mh_odds_ratio, "mh_odds_ratio", "MH比值比", SC_COL_REAL, true},
        {&c->mh_or_lower, "mh_or_lower", "MH比值比下限", SC_COL_REAL, true},
        {&c->mh_or_upper, "mh_or_upper", "MH比值比上限", SC_COL_REAL, true},
        {&c->cmh_statistic, "cmh_statistic", "CMH统计量", SC_COL_REAL, true},
        {&c->cmh_p_value, "cmh_p_value", "CMH p值", SC_COL_PVALUE, true},
        {&c->bd_statistic, "bd_statistic", "BD统计量", SC_COL_REAL, true},
        {&c->bd_df, "bd_df", "BD自由度", SC_COL_COUNT, true},
        {&c->bd_p_value, "bd_p_value", "BD p值", SC_COL_PVALUE, true},
    };
    memcpy(spec, shared, sizeof shared);
}
#define ADJUSTED_SHARED 18

static void set_real(sc_table *t, size_t row, size_t col, double value)
{
    if (!isnan(value))
        sc_table_set_double(t, row, col, value);
}

/* The shared cells of one comparison (group 1 against group 2). */
static void fill_adjusted(sc_table *t, size_t row, const sc_adjusted_columns *c, size_t strata,
                          const sc_mh_result *r)
{
    sc_table_set_count(t, row, c->strata, r->strata_used);
    sc_table_set_count(t, row, c->strata_left_out, strata - r->strata_used);
    set_real(t, row, c->std_rate, r->std_rate1);
    set_real(t, row, c->std_rate_other, r->std_rate2);
    set_real(t, row, c->std_diff, r->std_diff);
    set_real(t, row, c->std_lower, r->std_diff_lower);
    set_real(t, row, c->std_upper, r->std_diff_upper);
    set_real(t, row, c->mh_diff, r->diff);
    set_real(t, row, c->mh_lower, r->diff_lower);
    set_real(t, row, c->mh_upper, r->diff_upper);
    if (!isnan(r->odds_ratio) && !isinf(r->odds_ratio))
        sc_table_set_double(t, row, c->mh_odds_ratio, r->odds_ratio);
    set_real(t, row, c->mh_or_lower, r->or_lower);
    set_real(t, row, c->mh_or_upper, r->or_upper);
    set_real(t, row, c->cmh_statistic, r->cmh_statistic);
    set_real(t, row, c->cmh_p_value, r->cmh_p_value);
    set_real(t, row, c->bd_statistic, r->bd_statistic);
    if (!isnan(r->bd_df))
        sc_table_set_count(t, row, c->bd_df, (uint64_t)r->bd_df);
    set_real(t, row, c->bd_p_value, r->bd_p_value);
}

/* The adjusted verdict (contract of sc_adjusted_diff_table): a change only
 * where the MH interval excludes 0 and the CMH p-value is below 1 - level,
 * so that it contradicts neither. */
static sc_change adjusted_change(const sc_mh_result *r, const sc_adjust_opts *o)
{
    sc_interval ci = {r->diff, r->diff_lower, r->diff_upper};
    sc_change change = sc_twoprop_change(
        &ci, o->kind == SC_RATE_FAIL ? SC_BETTER_LOWER : SC_BETTER_HIGHER);
    if (!(r->cmh_p_value < 1 - o->level))
        change = SC_CHANGE_UNCHANGED;
    return change;
}

sc_status sc_adjusted_diff_table(const sc_groups *g, size_t nby, const sc_adjust_opts *opts,
                                 sc_table **out, sc_adjusted_columns *cols, sc_error *err)
{
    *out = NULL;
    size_t nparts = g ? sc_groups_nkeys(g) : 0;
    if (!g || !opts || !cols || opts->nstrata == 0 || nby + 1 + opts->nstrata != nparts)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "adjusted diff table: %s",
                            sc_strerror(SC_EINVAL));
    char current[SC_PERIOD_TEXT_MAX], baseline[SC_PERIOD_TEXT_MAX];
    sc_period_format(&opts->current, SC_LANG_EN, current, sizeof current);
    sc_period_format(&opts->baseline, SC_LANG_EN, baseline, sizeof baseline);
    sc_groups *outer = NULL, *strata = NULL;
    size_t *of = NULL, *stratum = NULL;
    double *weight = NULL;
    sc_stratum_pair *pairs = NULL;
    sc_table *t = sc_table_new();
    sc_status s = t ? sca_check_period_kind(g, nby, current, err)
                    : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = outer_groups(g, nby, &outer, &of, err);
    if (s == SC_OK)
        s = strata_of(g, opts, &strata, &stratum, &weight, err);
    size_t nouter = s == SC_OK ? sc_groups_count(outer) : 0;
    size_t nstrata = s == SC_OK ? sc_groups_count(strata) : 0;
    if (s == SC_OK && nstrata > 0 && nouter > SIZE_MAX / 64 / nstrata)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "too many groups times strata");
    if (s == SC_OK && !(pairs = sc_calloc(nouter * nstrata + 1, sizeof *pairs)))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    bool seen[2] = {false, false};
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(g); i++) {
        const char *period = sc_groups_key(g, i, nby);
        int which = strcmp(period, current) == 0 ? 0 : strcmp(period, baseline) == 0 ? 1 : -1;
        if (which < 0)
            continue;
        uint64_t n = sc_groups_n(g, i);
        uint64_t x = sc_rate_counted(opts->kind, n, sc_groups_passed(g, i));
        sc_stratum_pair *p = &pairs[of[i] * nstrata + stratum[i]];
        seen[which] = seen[which] || n > 0;
        if (which == 0) {
            p->x1 += x;
            p->n1 += n;
        } else {
            p->x2 += x;
            p->n2 += n;
        }
    }
    for (int w = 0; s == SC_OK && w < 2; w++)
        if (!seen[w])
            s = sca_no_batches(g, nby, w == 0 ? current : baseline, err);
    if (s == SC_OK) {
        cols->nkeys = nby;
        sc_column_spec spec[7 + ADJUSTED_SHARED + 1] = {
            {&cols->period_current, "period_current", "本期", SC_COL_STRING, true},
            {&cols->n, "n_current", "本期批次数", SC_COL_COUNT, true},
            {&cols->rate, "rate_current", "本期率", SC_COL_PROPORTION, true},
            {&cols->period_other, "period_baseline", "基期", SC_COL_STRING, true},
            {&cols->n_other, "n_baseline", "基期批次数", SC_COL_COUNT, true},
            {&cols->rate_other, "rate_baseline", "基期率", SC_COL_PROPORTION, true},
            {&cols->diff, "diff", "粗率差", SC_COL_POINTS, true},
        };
        adjusted_spec(cols, spec + 7);
        spec[7 + ADJUSTED_SHARED] =
            (sc_column_spec){&cols->verdict, "verdict", "结论", SC_COL_STRING, true};
        spec[9].name = "std_rate_current";
        spec[10].name = "std_rate_baseline";
        if ((s = sc_columns_add(t, g, nby, spec, sizeof spec / sizeof spec[0])) != SC_OK)
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    for (size_t j = 0; s == SC_OK && j < nouter; j++) {
        sc_stratum_pair *p = &pairs[j * nstrata];
        uint64_t x1 = 0, n1 = 0, x2 = 0, n2 = 0;
        size_t present = 0;
        for (size_t k = 0; k < nstrata; k++) {
            p[k].standard = weight[k];
            x1 += p[k].x1, n1 += p[k].n1, x2 += p[k].x2, n2 += p[k].n2;
            present += p[k].n1 + p[k].n2 > 0;
        }
        size_t row;
        s = sc_table_add_row(t, &row);
        for (size_t k = 0; s == SC_OK && k < nby; k++)
            s = sc_table_set_string(t, row, k, sc_groups_key(outer, j, k));
        if (s != SC_OK) {
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
            break;
        }
        sc_table_set_string(t, row, cols->period_current, current);
        sc_table_set_count(t, row, cols->n, n1);
        sc_table_set_rate(t, row, cols->rate, x1, n1);
        sc_table_set_string(t, row, cols->period_other, baseline);
        sc_table_set_count(t, row, cols->n_other, n2);
        sc_table_set_rate(t, row, cols->rate_other, x2, n2);
        sc_table_set_count(t, row, cols->strata, 0);
        sc_table_set_count(t, row, cols->strata_left_out, present);
        if (n1 == 0 || n2 == 0)
            continue; /* a group in one period only: counts, no comparison */
        sc_table_set_rate_diff(t, row, cols->diff, x1, n1, x2, n2);
        sc_mh_result r;
        sc_error why;
        sc_error_clear(&why);
        if (sc_mh_compute(p, nstrata, opts->level, opts->correct, &r, &why) != SC_OK) {
            if (why.status == SC_EDATA)
                continue; /* no stratum in both periods: nothing to adjust */
            s = sc_error_set(err, why.status, NULL, 0, "%s", why.message);
            break;
        }
        fill_adjusted(t, row, cols, present, &r);
        sc_table_set_string(t, row, cols->verdict,
                            sc_word(opts->words, sc_change_name(adjusted_change(&r, opts))));
    }
    cols->ngroups = t ? sc_table_rows(t) : 0;
    sc_groups_free(outer);
    sc_groups_free(strata);
    free(of);
    free(stratum);
    free(weight);
    free(pairs);
    if (s != SC_OK) {
        sc_table_free(t);
        return s;
    }
    *out = t;
    return SC_OK;
}

sc_status sc_adjusted_compare_tables(const sc_groups *g, const sc_adjust_opts *opts,
                                     sc_adjusted_compare_result *out, sc_error *err)
{
    *out = (sc_adjusted_compare_result){0};
    size_t nparts = g ? sc_groups_nkeys(g) : 0;
    if (!g || !opts || opts->nstrata == 0 || opts->nstrata >= nparts)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "adjusted compare tables: %s",
                            sc_strerror(SC_EINVAL));
    size_t nkeys = nparts - opts->nstrata;
    sc_adjusted_columns *cols = &out->cols;
    sc_groups *compared = NULL, *strata = NULL;
    size_t *of = NULL, *stratum = NULL;
    double *weight = NULL;
    uint64_t *x = NULL, *n = NULL;
    sc_stratum_pair *pairs = NULL;
    out->groups = sc_table_new();
    out->tests = sc_table_new();
    sc_status s = out->groups && out->tests ? SC_OK
                                            : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = outer_groups(g, nkeys, &compared, &of, err);
    if (s == SC_OK)
        s = strata_of(g, opts, &strata, &stratum, &weight, err);
    size_t ngroups = s == SC_OK ? sc_groups_count(compared) : 0;
    size_t nstrata = s == SC_OK ? sc_groups_count(strata) : 0;
    if (s == SC_OK && nstrata > 0 && ngroups > SIZE_MAX / 64 / nstrata)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "too many groups times strata");
    if (s == SC_OK && (!(x = sc_calloc(ngroups * nstrata + 1, sizeof *x)) ||
                       !(n = sc_calloc(ngroups * nstrata + 1, sizeof *n)) ||
                       !(pairs = sc_calloc(nstrata + 1, sizeof *pairs))))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; s == SC_OK && i < sc_groups_count(g); i++) {
        uint64_t count = sc_groups_n(g, i);
        x[of[i] * nstrata + stratum[i]] += sc_rate_counted(opts->kind, count, sc_groups_passed(g, i));
        n[of[i] * nstrata + stratum[i]] += count;
    }
    if (s == SC_OK) {
        cols->nkeys = nkeys;
        sc_column_spec spec[5 + ADJUSTED_SHARED] = {
            {&cols->n, "n", "批次数", SC_COL_COUNT, true},
            {&cols->passed, "passed", "合格", SC_COL_COUNT, true},
            {&cols->rate, "rate", sc_rate_kind_label(opts->kind, SC_LANG_ZH), SC_COL_PROPORTION,
             true},
            {&cols->rate_other, "rate_rest", "其余组率", SC_COL_PROPORTION, true},
            {&cols->diff, "diff", "粗率差", SC_COL_POINTS, true},
        };
        adjusted_spec(cols, spec + 5);
        spec[8].name = "std_rate_rest";
        spec[8].label_zh = "其余组标化率";
        cols->period_current = cols->period_other = cols->n_other = cols->verdict = SC_NO_COLUMN;
        if ((s = sc_columns_add(out->groups, g, nkeys, spec, sizeof spec / sizeof spec[0])) !=
            SC_OK)
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    uint64_t *total_x = NULL, *total_n = NULL;
    if (s == SC_OK && (!(total_x = sc_calloc(nstrata + 1, sizeof *total_x)) ||
                       !(total_n = sc_calloc(nstrata + 1, sizeof *total_n))))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; s == SC_OK && i < ngroups * nstrata; i++) {
        total_x[i % nstrata] += x[i];
        total_n[i % nstrata] += n[i];
    }
    for (size_t j = 0; s == SC_OK && j < ngroups; j++) {
        uint64_t x1 = 0, n1 = 0, x2 = 0, n2 = 0;
        size_t present = 0;
        for (size_t k = 0; k < nstrata; k++) {
            sc_stratum_pair *p = &pairs[k];
            p->x1 = x[j * nstrata + k];
            p->n1 = n[j * nstrata + k];
            p->x2 = total_x[k] - p->x1;
            p->n2 = total_n[k] - p->n1;
            p->standard = weight[k];
            x1 += p->x1, n1 += p->n1, x2 += p->x2, n2 += p->n2;
            present += p->n1 + p->n2 > 0;
        }
        size_t row;
        s = sc_table_add_row(out->groups, &row);
        for (size_t k = 0; s == SC_OK && k < nkeys; k++)
            s = sc_table_set_string(out->groups, row, k, sc_groups_key(compared, j, k));
        if (s != SC_OK) {
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
            break;
        }
        sc_table *t = out->groups;
        sc_table_set_count(t, row, cols->n, n1);
        sc_table_set_count(t, row, cols->passed, sc_rate_counted(opts->kind, n1, x1));
        sc_table_set_rate(t, row, cols->rate, x1, n1);
        sc_table_set_rate(t, row, cols->rate_other, x2, n2);
        sc_table_set_count(t, row, cols->strata, 0);
        sc_table_set_count(t, row, cols->strata_left_out, present);
        if (n1 == 0 || n2 == 0)
            continue;
        sc_table_set_rate_diff(t, row, cols->diff, x1, n1, x2, n2);
        sc_mh_result r;
        sc_error why;
        sc_error_clear(&why);
        if (sc_mh_compute(pairs, nstrata, opts->level, opts->correct, &r, &why) != SC_OK) {
            if (why.status == SC_EDATA)
                continue;
            s = sc_error_set(err, why.status, NULL, 0, "%s", why.message);
            break;
        }
        fill_adjusted(t, row, cols, present, &r);
        out->strata_left_out += present - r.strata_used > 0;
    }
    /* the tests table: the generalised CMH test of all groups */
    size_t test = 0, statistic = 0, df = 0, p_value = 0;
    if (s == SC_OK) {
        sc_column_spec spec[] = {
            {&test, "test", "检验", SC_COL_STRING, true},
            {&statistic, "statistic", "统计量", SC_COL_REAL, true},
            {&df, "df", "自由度", SC_COL_COUNT, true},
            {&p_value, "p_value", "p值", SC_COL_PVALUE, true},
        };
        if ((s = sc_columns_add(out->tests, g, 0, spec, 4)) != SC_OK)
            sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    if (s == SC_OK && ngroups >= 2) {
        double stat, dof, p;
        sc_error why;
        sc_error_clear(&why);
        /* a group that shares no stratum with another adds nothing to the
         * test and would make its variance singular: leave it out */
        size_t kept = 0;
        for (size_t j = 0; j < ngroups; j++) {
            bool shares = false;
            for (size_t k = 0; k < nstrata && !shares; k++)
                shares = n[j * nstrata + k] > 0 && total_n[k] > n[j * nstrata + k];
            if (!shares)
                continue;
            memmove(&x[kept * nstrata], &x[j * nstrata], nstrata * sizeof *x);
            memmove(&n[kept * nstrata], &n[j * nstrata], nstrata * sizeof *n);
            kept++;
        }
        out->cmh_groups_left_out = ngroups - kept;
        sc_status t = kept >= 2 ? sc_cmh_general(x, n, kept, nstrata, &stat, &dof, &p, &why)
                                : SC_EDOMAIN;
        size_t row;
        if (t == SC_ENOMEM)
            s = sc_error_set(err, t, NULL, 0, "%s", why.message);
        else if ((s = sc_table_add_row(out->tests, &row)) == SC_OK) {
            sc_table_set_string(out->tests, row, test, sc_word(opts->words, "cmh-general"));
            if (t == SC_OK) {
                sc_table_set_double(out->tests, row, statistic, stat);
                sc_table_set_count(out->tests, row, df, (uint64_t)dof);
                sc_table_set_double(out->tests, row, p_value, p);
            }
        }
    }
    cols->ngroups = out->groups ? sc_table_rows(out->groups) : 0;
    free(total_x);
    free(total_n);
    sc_groups_free(compared);
    sc_groups_free(strata);
    free(of);
    free(stratum);
    free(weight);
    free(x);
    free(n);
    free(pairs);
    if (s != SC_OK)
        sc_adjusted_compare_result_free(out);
    return s;
}

void sc_adjusted_compare_result_free(sc_adjusted_compare_result *result)
{
    if (!result)
        return;
    sc_table_free(result->groups);
    sc_table_free(result->tests);
    result->groups = result->tests = NULL;
}
