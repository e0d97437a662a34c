/* spotcheck — what the report's files share (src/lib/report*.c); internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_REPORT_INTERNAL_H
#define SPOTCHECK_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/report.h"

/* At most this many lines in the attention section. */
#define RP_ATTENTION_MAX 64

/* What the report counts row by row (report.h). */
struct sc_report_rows {
    size_t category, period;          /* key parts of the records' groups */
    char current[SC_PERIOD_TEXT_MAX]; /* only its rows are counted */
    size_t current_len;
    sc_groups *by_dim[SC_REPORT_DIM_COUNT]; /* batches keyed by a breakdown, or NULL */
    size_t dim_text[SC_REPORT_DIM_COUNT];   /* its text column */
    sc_item_counts *by_period;        /* items keyed by the period, or NULL */
    sc_item_counts *by_category;      /* ... by the category and the period, or NULL */
    size_t items_text;                /* the text column of the items */
    sc_groups *enterprises;           /* batches keyed by the period and the enterprise, or NULL */
    size_t enterprise_text;           /* the text column of the enterprise */
};

/* A sentence or paragraph being built (cut at its size). */
typedef struct rp_text {
    char buf[4096];
} rp_text;

typedef struct rp_report {
    const sc_report_input *in;
    const sc_report_opts *opts;
    const sc_report_sink *sink;
    sc_error *err;
    sc_doc *doc;
    size_t period_part;                     /* key part of the period in in->groups */
    char current[SC_PERIOD_TEXT_MAX];       /* canonical: 2024Q3 */
    char current_text[64];                  /* as the report writes it: 2024年第三季度 */
    sc_rate_target target;                  /* of the whole, on the pass rate */
    const sc_target_row *target_row;        /* its row, NULL without one */
    int section;                            /* sections numbered so far */
    sc_summary_result category;             /* the summary by category, once made */
    char *attention[RP_ATTENTION_MAX];      /* lines for 需关注, from the sections */
    size_t nattention;
    bool no_memory; /* a cell's text or an attention line could not be made: the
                       sentences would be short of it, so the report fails */
} rp_report;

/* Appends to the text (printf-style). */
void rp_text_add(rp_text *t, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* A table cell as the report shows it (into buf; returns buf).  Out of
 * memory: "" and r->no_memory set, which fails the report. */
const char *rp_cell(rp_report *r, const sc_table *t, size_t row, size_t col, char *buf,
                    size_t size);

/* A p-value cell as the sentences write it after "p": "=0.38", "<0.01"
 * (zh), " = 0.38", " < 0.01" (en). */
const char *rp_p(rp_report *r, const sc_table *t, size_t row, size_t col, char *buf,
                 size_t size);

/* `en` or `zh` after the report's language; a macro, so that a format
 * string chosen this way is still checked against its arguments. */
#define RP_WORD(r, en, zh) ((r)->opts->lang == SC_LANG_ZH ? (zh) : (en))

/* The key part of the category in in->groups, SC_NO_COLUMN when not given. */
size_t rp_category_part(const rp_report *r);

/* The groups read, rolled up to parts[0, nparts), within the current period
 * only when asked (sc_groups_project). */
sc_status rp_project(rp_report *r, const size_t *parts, size_t nparts, bool current_only,
                     sc_groups **out);

/* The targets file when all its key columns are among the key parts of
 * `groups` (a section by category takes a file keyed by category); NULL
 * otherwise, and without a file. */
const sc_targets *rp_targets_for(const rp_report *r, const sc_groups *groups);

/* A numbered section heading ("一、总体情况" / "1. Overall"). */
sc_status rp_heading(rp_report *r, const char *en, const char *zh);

/* Copies the columns of want[0, nwant) that a table has (not SC_NO_COLUMN)
 * into cols, in order; returns how many. */
size_t rp_columns(const size_t *want, size_t nwant, size_t *cols);

/* A table to the sink as tables/NAME.csv as the tools write it (stable
 * English words), and into the document with the words of its columns
 * after the first nkeys (the group columns) and periods in the report's
 * language (cols as sc_doc_table); a figure (the chart is freed); a
 * paragraph. */
sc_status rp_table(rp_report *r, const char *name, const char *caption, const sc_table *t,
                   size_t nkeys, const size_t *cols, size_t ncols);
sc_status rp_figure(rp_report *r, const char *name, const char *caption, sc_chart *chart);
sc_status rp_paragraph(rp_report *r, const rp_text *t);

/* A line for the attention section (copied; out of memory: r->no_memory). */
void rp_attention(rp_report *r, const rp_text *t);

/* The summary options of the report (method, level, targets, language). */
sc_summary_opts rp_summary_opts(const rp_report *r);

/* One change of a summary row said in words, with its interval and
 * p-value; "no significant change" when the verdict is unchanged. */
void rp_change_words(rp_report *r, const sc_summary_result *s, size_t row,
                     sc_summary_change c, rp_text *t);

/* The sections, in order; each returns SC_OK without adding anything when
 * its breakdown was not given. */
sc_status rp_section_overall(rp_report *r);
sc_status rp_section_changes(rp_report *r);
sc_status rp_section_categories(rp_report *r);
sc_status rp_section_regions(rp_report *r);
sc_status rp_section_size_channel(rp_report *r);
sc_status rp_section_trend(rp_report *r);
sc_status rp_section_items(rp_report *r);
sc_status rp_section_attention(rp_report *r);
sc_status rp_section_notes(rp_report *r);

#endif
