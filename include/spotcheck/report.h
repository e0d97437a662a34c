/* spotcheck — the quarterly quality analysis report (质量分析报告): one
 * document composed from the analysis calls, with the tables behind every
 * number it states and its charts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *  1. Composed, never recomputed: every number comes from an analysis call
 *     (sc_summary_table, sc_compare_tables, sc_trend_tables, sc_spc_table,
 *     sc_rate_table) on what the one read counted: a roll-up of the groups
 *     (category, period) (sc_groups_project), or the current period's
 *     groups by region, size or channel counted beside them
 *     (sc_report_rows), so it equals what the tool of that call prints for
 *     the same data and options.  Sentences show numbers as the
 *     tables do (sc_output_cell_text).
 *  2. Sections, each left out cleanly when its column is not given:
 *     overall (总体情况), changes by category (同比/环比), categories
 *     (分类别, with unqualified-rate bands), regions (分地区, funnel),
 *     enterprise size and channel (each with its homogeneity test), trend
 *     (趋势, with the p′ chart's signals), unqualified items (不合格项目,
 *     overall and for the categories with the lowest pass rates), attention
 *     (需关注) and data notes (数据说明).
 *  3. No sentence states a rise, fall, difference or shortfall without a
 *     test at the report's level behind it; "no significant change" is said
 *     as such.
 *  4. Every table the document shows is also handed to sink->table under a
 *     stable English name (tables/NAME.csv), and every chart to
 *     sink->figure, which renders it (now or later) and returns the path
 *     the document links and the SVG it inlines.  The library itself
 *     writes no file.
 */
#ifndef SPOTCHECK_REPORT_H
#define SPOTCHECK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/analysis.h"
#include "spotcheck/items.h"
#include "spotcheck/doc.h"
#include "spotcheck/records.h"
#include "spotcheck/targets.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The breakdowns a report can have, in the order of the groups' key parts. */
typedef enum sc_report_dim {
    SC_REPORT_CATEGORY, /* 产品类别 */
    SC_REPORT_REGION,   /* 地区 */
    SC_REPORT_SIZE,     /* 企业规模 */
    SC_REPORT_CHANNEL,  /* 抽样环节 */
    SC_REPORT_DIM_COUNT
} sc_report_dim;

/* What the report counts row by row in the same read, besides the groups,
 * for the current period: the unqualified items (per period, and per
 * category and period) and the enterprises (keyed by the period and the
 * enterprise, for the enterprise pass rate).  Counting the enterprises here
 * keeps them out of the groups' key, which would otherwise grow towards one
 * group per batch. */
typedef struct sc_report_rows sc_report_rows;

/* What was read: `groups` is keyed by the category (when has_dim says it
 * was given), then the period (canonical); `rows` counted the current
 * period by the other breakdowns, the items and the enterprises. */
typedef struct sc_report_input {
    const sc_groups *groups;
    bool has_dim[SC_REPORT_DIM_COUNT];
    const char *const *files; /* the input files, for the data notes */
    size_t nfiles;
    const sc_read_stats *stats;
    const sc_report_rows *rows; /* of the same read (sc_report_on_record) */
} sc_report_input;

/* Counts for rows of period `current` of groups keyed like
 * sc_report_input.groups: `category` (the category's key part, or
 * SC_NO_COLUMN) and `period` say where those parts are.  The text columns
 * are, in this order: the columns of the breakdowns other than the
 * category (dims[d], the column's name for the tables, NULL when not
 * given), then with `items` the unqualified items, then with `enterprise`
 * (its column name) the enterprise.  Each breakdown's batches are counted
 * in groups of one key part, as a roll-up of the groups to it within the
 * current period would give (sc_report_rows_breakdown).  NULL when out of
 * memory.  Free with sc_report_rows_free. */
SC_API sc_report_rows *sc_report_rows_new(size_t category, size_t period,
                                          const sc_period *current,
                                          const char *const dims[SC_REPORT_DIM_COUNT],
                                          bool items, const char *enterprise);
/* The current period's groups of breakdown `dim`, NULL when not counted. */
SC_API const sc_groups *sc_report_rows_breakdown(const sc_report_rows *rows,
                                                 sc_report_dim dim);
SC_API void sc_report_rows_free(sc_report_rows *rows);

/* For reading in chunks (records.h, contract 10), on a ctx that is an
 * sc_report_rows: an empty one counting the same (NULL: no memory), adding
 * `from` into `into`, freeing. */
SC_API void *sc_report_rows_fork(const void *ctx);
SC_API sc_status sc_report_rows_merge(void *into, const void *from);
SC_API void sc_report_rows_free_ctx(void *ctx);

/* The records' text callback (records.h, contract 9) that counts a row for
 * the report; ctx is the sc_report_rows. */
SC_API sc_status sc_report_on_record(void *ctx, const char *const *keys, const size_t *lens,
                                     size_t nkeys, bool passed, const char *const *texts,
                                     const size_t *text_lens, sc_error *err);
/* Its text_wanted (records.h, contract 9): whether the row is of the
 * current period, the only one whose texts the report counts. */
SC_API bool sc_report_rows_wanted(const void *ctx, const char *const *keys, const size_t *lens,
                                  size_t nkeys);

typedef struct sc_report_opts {
    sc_period current;
    const sc_targets *targets;  /* NULL: no targets */
    sc_ci_method method;
    sc_diff_method diff_method;
    double level;
    size_t trend_periods;       /* the periods of the trend section, up to the current */
    sc_lang lang;
    sc_output_opts output;      /* how tables and sentences show numbers */
} sc_report_opts;

/* The defaults: Wilson and Newcombe at 0.95, 8 trend periods, Chinese,
 * rates in percent with 2 decimals half-up; current unset. */
SC_API void sc_report_opts_init(sc_report_opts *opts);

/* Where tables and charts go (contract 4).  figure renders `chart` under
 * `name` and returns in *png the path the Markdown links and in *svg the
 * SVG text, both malloc'ed (the report frees them); *svg may be NULL when
 * the sink renders later: it then gives the SVG to the document's figures,
 * numbered in the order of the calls, with sc_doc_figure_svg before the
 * HTML is written. */
typedef struct sc_report_sink {
    void *ctx;
    sc_status (*table)(void *ctx, const char *name, const sc_table *table, sc_error *err);
    sc_status (*figure)(void *ctx, const char *name, sc_chart *chart, char **png, char **svg,
                        sc_error *err);
} sc_report_sink;

/* Builds the report of `in` for opts->current into *out (caller frees with
 * sc_doc_free).  Errors: those of the analysis calls and of the sink; SC_EDATA
 * when the current period has no batches. */
SC_API sc_status sc_report_build(const sc_report_input *in, const sc_report_opts *opts,
                                 const sc_report_sink *sink, sc_doc **out, sc_error *err);

#ifdef __cplusplus
}
#endif
#endif
