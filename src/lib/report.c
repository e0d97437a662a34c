/* spotcheck — the quarterly quality analysis report: the sections, each from
 * analysis calls on roll-ups of the one groups table read (report.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "report_internal.h"

void sc_report_opts_init(sc_report_opts *opts)
{
    *opts = (sc_report_opts){.method = SC_CI_WILSON,
                             .diff_method = SC_DIFF_NEWCOMBE,
                             .level = 0.95,
                             .trend_periods = 8,
                             .lang = SC_LANG_ZH,
                             .output = {.format = SC_FORMAT_MD,
                                        .digits = 2,
                                        .percent = true,
                                        .lang = SC_LANG_ZH}};
}

/* ---- text ----------------------------------------------------------------------- */

void rp_text_add(rp_text *t, const char *format, ...)
{
    size_t len = strlen(t->buf);
    if (len + 1 >= sizeof t->buf)
        return;
    va_list ap;
    va_start(ap, format);
    vsnprintf(t->buf + len, sizeof t->buf - len, format, ap);
    va_end(ap);
}

const char *rp_p(rp_report *r, const sc_table *t, size_t row, size_t col, char *buf,
                 size_t size)
{
    char cell[48]; /* a p-value: short, and with " < " it fits a 64-byte buffer */
    rp_cell(r, t, row, col, cell, sizeof cell);
    bool less = cell[0] == '<';
    bool zh = r->opts->lang == SC_LANG_ZH;
    snprintf(buf, size, "%s%s", less ? (zh ? "<" : " < ") : (zh ? "=" : " = "),
             less ? cell + 1 : cell);
    return buf;
}

const char *rp_cell(rp_report *r, const sc_table *t, size_t row, size_t col, char *buf,
                    size_t size)
{
    if (sc_output_cell_text(t, row, col, &r->opts->output, buf, size) == SC_TEXT_NO_MEMORY)
        r->no_memory = true;
    return buf;
}

/* ---- roll-ups ------------------------------------------------------------------------ */

/* The key part of the category in the groups read, SC_NO_COLUMN when absent. */
size_t rp_category_part(const rp_report *r)
{
    return r->in->has_dim[SC_REPORT_CATEGORY] ? 0 : SC_NO_COLUMN;
}

sc_status rp_project(rp_report *r, const size_t *parts, size_t nparts, bool current_only,
                     sc_groups **out)
{
    sc_status s = sc_groups_project(r->in->groups, parts, nparts,
                                    current_only ? r->period_part : SC_KEY_PARTS_MAX,
                                    current_only ? r->current : NULL, out);
    if (s != SC_OK)
        return sc_error_set(r->err, s, NULL, 0, "roll-up: %s", sc_strerror(s));
    return SC_OK;
}

/* ---- sinks ------------------------------------------------------------------------------ */

size_t rp_columns(const size_t *want, size_t nwant, size_t *cols)
{
    size_t n = 0;
    for (size_t i = 0; i < nwant; i++)
        if (want[i] != SC_NO_COLUMN)
            cols[n++] = want[i];
    return n;
}

/* A copy of `t` for people: words (sc_word) and periods of the string
 * columns after the first nkeys in the report's language. */
static sc_status human_copy(const rp_report *r, const sc_table *t, size_t nkeys, sc_table **out)
{
    sc_table *h = sc_table_new();
    sc_status s = h ? SC_OK : SC_ENOMEM;
    size_t ncols = sc_table_columns(t);
    for (size_t c = 0; s == SC_OK && c < ncols; c++)
        s = sc_table_add_column(h, sc_table_column_name(t, c), sc_table_column_label_zh(t, c),
                                sc_table_column_type(t, c));
    for (size_t row = 0; s == SC_OK && row < sc_table_rows(t); row++) {
        s = sc_table_add_row(h, NULL);
        for (size_t c = 0; s == SC_OK && c < ncols; c++) {
            const char *text = sc_table_get_string(t, row, c);
            sc_period period;
            char when[64];
            if (c < nkeys || sc_table_column_type(t, c) != SC_COL_STRING || !text)
                s = sc_table_copy_cell(h, row, c, t, row, c);
            else if (sc_word(r->opts->lang, text) != text)
                s = sc_table_set_string(h, row, c, sc_word(r->opts->lang, text));
            else if (sc_period_parse(text, strlen(text), &period, NULL) == SC_OK) {
                sc_period_format(&period, r->opts->lang, when, sizeof when);
                s = sc_table_set_string(h, row, c, when);
            } else
                s = sc_table_set_string(h, row, c, text);
        }
    }
    if (s != SC_OK) {
        sc_table_free(h);
        return s;
    }
    *out = h;
    return SC_OK;
}

sc_status rp_table(rp_report *r, const char *name, const char *caption, const sc_table *t,
                   size_t nkeys, const size_t *cols, size_t ncols)
{
    sc_status s = r->sink->table(r->sink->ctx, name, t, r->err);
    sc_table *h = NULL;
    if (s == SC_OK && (s = human_copy(r, t, nkeys, &h)) != SC_OK)
        sc_error_set(r->err, s, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = sc_doc_table(r->doc, caption, h, cols, ncols, &r->opts->output);
    sc_table_free(h);
    return s;
}

sc_status rp_figure(rp_report *r, const char *name, const char *caption, sc_chart *chart)
{
    char *png = NULL, *svg = NULL;
    sc_status s = r->sink->figure(r->sink->ctx, name, chart, &png, &svg, r->err);
    if (s == SC_OK)
        s = sc_doc_figure(r->doc, caption, png, svg);
    free(png);
    free(svg);
    sc_chart_free(chart);
    return s;
}

sc_status rp_paragraph(rp_report *r, const rp_text *t)
{
    return sc_doc_paragraph(r->doc, t->buf);
}

sc_status rp_heading(rp_report *r, const char *en, const char *zh)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六",
                                           "七", "八", "九", "十", "十一", "十二"};
    char text[256];
    int n = ++r->section;
    if (r->opts->lang == SC_LANG_ZH && n <= 12)
        snprintf(text, sizeof text, "%s、%s", numerals[n - 1], zh);
    else
        snprintf(text, sizeof text, "%d. %s", n, r->opts->lang == SC_LANG_ZH ? zh : en);
    return sc_doc_heading(r->doc, 2, text);
}

void rp_attention(rp_report *r, const rp_text *t)
{
    if (r->nattention >= RP_ATTENTION_MAX)
        return;
    if ((r->attention[r->nattention] = sc_strdup(t->buf)))
        r->nattention++;
    else
        r->no_memory = true;
}

const sc_targets *rp_targets_for(const rp_report *r, const sc_groups *groups)
{
    const sc_targets *t = r->opts->targets;
    for (size_t k = 0; t && k < sc_targets_key_count(t); k++) {
        bool found = false;
        for (size_t part = 0; part < sc_groups_nkeys(groups) && !found; part++)
            found = strcmp(sc_targets_key_name(t, k), sc_groups_key_name(groups, part)) == 0;
        if (!found)
            return NULL;
    }
    return t;
}

sc_summary_opts rp_summary_opts(const rp_report *r)
{
    sc_summary_opts o;
    sc_summary_opts_init(&o);
    o.current = r->opts->current;
    o.method = r->opts->method;
    o.diff_method = r->opts->diff_method;
    o.level = r->opts->level;
    o.targets = r->opts->targets;
    o.lang = r->opts->lang;
    o.words = SC_LANG_EN; /* the csv tables keep the stable words */
    return o;
}

void rp_change_words(rp_report *r, const sc_summary_result *s, size_t row,
                     sc_summary_change c, rp_text *t)
{
    const sc_summary_change_columns *cc = &s->cols.change[c];
    const sc_table *tab = s->table;
    bool zh = r->opts->lang == SC_LANG_ZH;
    const char *name = c == SC_SUMMARY_YEAR_AGO ? (zh ? "同比" : "year on year")
                                                : (zh ? "环比" : "against the previous period");
    if (!s->has_change[c])
        return;
    if (sc_table_is_missing(tab, row, cc->diff)) {
        rp_text_add(t, zh ? "%s无可比数据。" : "No comparable data %s. ", name);
        return;
    }
    char diff[64], lo[64], up[64], p[64], level[32];
    rp_cell(r, tab, row, cc->diff, diff, sizeof diff);
    rp_cell(r, tab, row, cc->lower, lo, sizeof lo);
    rp_cell(r, tab, row, cc->upper, up, sizeof up);
    rp_p(r, tab, row, cc->p_value, p, sizeof p);
    sc_format_decimal(r->opts->level, -1, true, level, sizeof level);
    const char *verdict = sc_table_get_string(tab, row, cc->verdict);
    bool improved = verdict && !strcmp(verdict, "improved");
    bool worse = verdict && !strcmp(verdict, "worse");
    const char *sign = diff[0] == '-' ? diff + 1 : diff;
    if (zh) {
        if (improved || worse)
            rp_text_add(t, "%s%s%s个百分点（%s%%置信区间%s至%s，p%s），变化显著。", name,
                        diff[0] == '-' ? "下降" : "提高", sign, level, lo, up, p);
        else
            rp_text_add(t, "%s变化不显著（%s个百分点，%s%%置信区间%s至%s，p%s）。", name, diff,
                        level, lo, up, p);
    } else {
        if (improved || worse)
            rp_text_add(t, "The rate %s by %s percentage points %s (%s%% CI %s to %s, p%s). ",
                        diff[0] == '-' ? "fell" : "rose", sign, name, level, lo, up, p);
        else
            rp_text_add(t, "No significant change %s (%s percentage points, %s%% CI %s to %s, "
                           "p%s). ",
                        name, diff, level, lo, up, p);
    }
}

/* ---- the report ---------------------------------------------------------------------------- */

/* The target of the whole (the targets row matching every group), on the
 * pass-rate scale; NaN without one. */
static sc_status overall_target(rp_report *r)
{
    r->target = (sc_rate_target){NAN, SC_TARGET_FLOOR, NAN, ""};
    if (!r->opts->targets)
        return SC_OK;
    const sc_target_row *row;
    sc_status s = sc_targets_match_all(r->opts->targets, &row, r->err);
    if (s == SC_OK && row) {
        r->target = sc_target_on_rate(row, SC_RATE_PASS);
        r->target_row = row;
    }
    return s;
}

sc_status sc_report_build(const sc_report_input *in, const sc_report_opts *opts,
                          const sc_report_sink *sink, sc_doc **out, sc_error *err)
{
    *out = NULL;
    rp_report r = {.in = in, .opts = opts, .sink = sink, .err = err};
    r.period_part = in->has_dim[SC_REPORT_CATEGORY] ? 1 : 0;
    sc_period_format(&opts->current, SC_LANG_EN, r.current, sizeof r.current);
    sc_period_format(&opts->current, opts->lang, r.current_text, sizeof r.current_text);
    char title[160];
    snprintf(title, sizeof title, "%s%s", r.current_text,
             RP_WORD(&r, " supervision sampling quality report", "监督抽查质量分析报告"));
    r.doc = sc_doc_new(title, opts->lang);
    if (!r.doc)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = overall_target(&r);
    sc_status (*const sections[])(rp_report *) = {
        rp_section_overall, rp_section_changes, rp_section_categories, rp_section_regions,
        rp_section_size_channel, rp_section_trend, rp_section_items, rp_section_attention,
        rp_section_notes,
    };
    for (size_t i = 0; s == SC_OK && i < sizeof sections / sizeof sections[0]; i++) {
        s = sections[i](&r);
        if (s == SC_OK && r.no_memory)
            s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < r.nattention; i++)
        free(r.attention[i]);
    sc_summary_result_free(&r.category);
    if (s != SC_OK) {
        if (!err->message[0])
            sc_error_set(err, s, NULL, 0, "report: %s", sc_strerror(s));
        sc_doc_free(r.doc);
        return s;
    }
    *out = r.doc;
    return SC_OK;
}
