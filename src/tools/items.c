/* spotcheck-items — unqualified test items (不合格项目): per item the batches
 * in which it failed, its share of the unqualified batches, its rate among
 * all batches with an interval, and the cumulative share in Pareto order.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "spotcheck/items.h"
#include "tool.h"

typedef struct items_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    sc_items_opts opts;
    const char *items;     /* --items COL */
    char **separators;     /* --separators, or NULL for the defaults */
    const char *normalise; /* --normalise FILE */
    uint64_t top;
} items_plan;

#define PLAN(member) offsetof(items_plan, member)

static sc_status opt_separators(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    return sc_items_separators_parse(value, &((items_plan *)plan)->separators, err);
}

static sc_status opt_top(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    errno = 0;
    unsigned long long top = strtoull(value, &end, 10);
    if (value[0] < '0' || value[0] > '9' || *end || errno || top == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--top \"%s\": give a whole number of items, 1 or more", value);
    ((items_plan *)plan)->top = top;
    return SC_OK;
}

static const tk_opt items_options[] = {
    {.name = "items", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(items),
     .help = "column holding each batch's unqualified items (不合格项目), required"},
    {.name = "separators", .arg = "CHARS", .kind = TK_OPT_CUSTOM, .apply = opt_separators,
     .help = "characters that separate items in a cell, each one a separator (default ；;、| "
             "and the line break; never the comma by default: 2,4-滴)"},
    {.name = "normalise", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(normalise),
     .help = "alias list: CSV with a header and two columns, alias and name, so that "
             "spellings of one item count together"},
    {.name = "top", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_top,
     .help = "the first N items of each group, the rest as one row \"other\" (default: all)"},
    TK_OPT_METHOD(PLAN(opts.method), &sc_ci_methods,
                  "interval of each item's rate among all batches, as in spotcheck rate "
                  "(default wilson)"),
    TK_OPT_LEVEL(PLAN(opts.level), TK_HELP_LEVEL),
    {0},
};

static const tk_man_section items_sections[] = {
    {"ITEMS",
     "The --items cell of a batch is split at the separators: by default ； ; 、 | and the "
     "line break, or each character given to --separators (--separators '；;，').  The comma is "
     "no default separator, because item names hold it (2,4-滴, 铝的残留量(干样品,以Al计)).  "
     "Each entry is trimmed of spaces, tabs, line breaks, ideographic (full-width) spaces and "
     "no-break spaces; empty entries are dropped; an item named twice in one cell counts once.\n"
     "\n"
     "Only unqualified batches count: a batch that passed failed no item.  Passed batches "
     "whose cell is not empty are counted and said on standard error.  Unqualified batches "
     "whose cell holds no item get a row (items not recorded) after the group's items.\n"
     "\n"
     "--normalise FILE joins spellings: a CSV file (UTF-8 or GB18030, like the data) with a "
     "header row and two columns, the alias and the name it counts as, e.g. 大肠菌群(MPN) and "
     "大肠菌群.  An alias given two different names, and a name that is also an alias (a "
     "chain A -> B -> C), are errors naming both lines (exit 65)."},
    {"STATISTICS",
     "For each group (--by), with n batches of which f unqualified, and an item that failed "
     "in x batches: batches is x, share is x/f (a batch that failed two items counts for "
     "both, so the shares of a group add up to 100% or more), rate is x/n with the interval "
     "of --method at --level, as spotcheck rate gives for x of n.  Items are in Pareto order: "
     "most batches first, ties by the item's name in code point order.  cumulative is the "
     "running sum of batches over the sum for all the group's items, so the last item reads "
     "100%.\n"
     "\n"
     "With --top N the items after the first N become one row \"other (K items)\" "
     "(其他（K 项） with --lang zh) whose batches are the sum of theirs and whose cumulative "
     "is 100%; it has no share, rate or interval, since a batch that failed two of those "
     "items counts twice in the sum.  A "
     "single item left over keeps its own row."},
    {"INPUT",
     "Record-level input only (--result, one row per batch): aggregated counts (--n) have no "
     "items cells, and are refused (exit 64).  Files are read as in spotcheck rate: CSV in "
     "UTF-8 or GB18030, columns by header name or number, --where filters, total rows left "
     "out, bad rows reported with file, line and column (exit 65) unless --skip-bad."},
    {"OUTPUT",
     "Columns: the group columns, item, batches, share, rate, lower, upper, cumulative, n "
     "(the group's batches), failed (its unqualified batches), method, level.  The rows of a "
     "group are its items, then the \"other\" row with --top, then the row (items not "
     "recorded) when it has unqualified batches without items.  A group without unqualified "
     "batches has no rows; standard error names it.  json adds a meta object with the inputs, "
     "rows read, used and skipped, the settings and the counts unrecorded (unqualified "
     "batches without items) and passed_listed (passed batches with items)."},
    {"CHARTS",
     "--render FILE.png (or .svg, .pdf) draws a Pareto chart of one group: a bar per item, "
     "most batches first, the \"other\" row last in grey, and the cumulative percentage on "
     "the right-hand axis; more than 30 bars join into the last.  With --by the data must "
     "hold one group (choose it with --where), else the chart is refused (exit 64).  --plot "
     "FILE.gp writes the same chart as a gnuplot script.  --lang zh gives Chinese titles."},
    {"EXAMPLES",
     "The unqualified items of the third quarter of 2024 in the demo data, the ten most "
     "frequent and the rest as one row, with a Pareto chart in Chinese:\n"
     "\n"
     "  spotcheck items --result 检验结论 --items 不合格项目 --where 季度=2024Q3 \\\n"
     "      --top 10 --lang zh --render items-2024q3.png datasets/demo/records.csv\n"
     "\n"
     "The same quarter per product category, three items each, as a markdown table:\n"
     "\n"
     "  spotcheck items --result 检验结论 --items 不合格项目 --where 季度=2024Q3 \\\n"
     "      --by 产品类别 --top 3 --format md datasets/demo/records.csv"},
    {0},
};

static const tk_tool items_info = {
    .name = "items",
    .summary = "unqualified test items (不合格项目): counts, shares, rates and Pareto order",
    .description =
        "spotcheck items splits the unqualified-items column of record-level data and writes, "
        "per group, each item with the number of unqualified batches in which it failed, its "
        "share of the unqualified batches, its rate among all batches with a confidence "
        "interval, and its cumulative share in Pareto order, as a quality report lists the "
        "main unqualified items (主要不合格项目).\n"
        "\n"
        "Input is streamed: memory grows with the number of groups and items, not of rows.",
    .options = items_options,
    .sections = items_sections,
};

/* What the table cannot say: passed batches that list items, groups without
 * unqualified batches. */
static void notes(const tk_common *common, const sc_items_result *r, const sc_item_counts *c,
                  const char *column)
{
    uint64_t listed = sc_item_counts_passed_listed(c);
    if (listed)
        tk_note(common, "%llu passed batch%s list%s items in column \"%s\": not counted",
                (unsigned long long)listed, listed == 1 ? "" : "es", listed == 1 ? "s" : "",
                column);
    if (r->unrecorded)
        tk_note(common, "%llu of %llu unqualified batches have no items recorded: row \"%s\"",
                (unsigned long long)r->unrecorded, (unsigned long long)r->failed,
                common->output.lang == SC_LANG_ZH ? "（未记录项目）" : "(items not recorded)");
    if (r->groups_clean)
        tk_note(common, "%zu group%s without unqualified batches, so without rows: %s",
                r->groups_clean, r->groups_clean == 1 ? "" : "s", r->clean_names);
}

static sc_status run(items_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_items_opts *o = &p->opts;
    o->top = (size_t)p->top;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    size_t nkeys = common->nkeys + (common->input.period ? 1 : 0);
    sc_item_aliases *aliases = NULL;
    sc_status s = SC_OK;
    if (p->normalise)
        s = sc_item_aliases_read(p->normalise, NULL, &aliases, err);
    if (s != SC_OK)
        return s;
    sc_groups *groups = sc_groups_new(nkeys);
    sc_item_counts *counts =
        sc_item_counts_new(nkeys, (const char *const *)p->separators, aliases);
    if (!groups || !counts)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    common->input.texts[0] = p->items;
    common->input.ntexts = 1;
    common->input.on_text = sc_item_counts_on_record;
    common->input.text_ctx = counts;
    common->input.text_fork = sc_item_counts_fork;
    common->input.text_merge = sc_item_counts_merge;
    common->input.text_free = sc_item_counts_free_ctx;
    sc_read_stats stats;
    sc_items_result r = {0};
    if (s == SC_OK)
        s = tk_read(common, groups, &stats, err);
    if (s == SC_OK)
        s = sc_items_table(groups, counts, o, &r, err);
    /* the chart comes before the table, so that a failed chart leaves
     * standard output empty */
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_items_chart(&r, o, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK)
        notes(common, &r, counts, p->items);
    if (s == SC_OK) {
        char level[32], top[32];
        sc_format_decimal(o->level, -1, false, level, sizeof level);
        snprintf(top, sizeof top, "%llu", (unsigned long long)p->top);
        sc_kv options[5];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"items", p->items};
        options[noptions++] = (sc_kv){"method", sc_ci_method_get(o->method)->entry.name};
        options[noptions++] = (sc_kv){"level", level};
        if (p->top)
            options[noptions++] = (sc_kv){"top", top};
        if (p->normalise)
            options[noptions++] = (sc_kv){"normalise", p->normalise};
        sc_meta meta = tk_meta(common, "items", &stats, options, noptions);
        sc_meta_count meta_counts[] = {{"unrecorded", r.unrecorded},
                                       {"passed_listed", sc_item_counts_passed_listed(counts)}};
        meta.counts = meta_counts;
        meta.n_counts = 2;
        sc_named_table table = {"rows", r.table};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_items_result_free(&r);
    sc_item_counts_free(counts);
    sc_groups_free(groups);
    sc_item_aliases_free(aliases);
    return s;
}

int main(int argc, char **argv)
{
    items_plan plan = {0};
    sc_items_opts_init(&plan.opts);
    tk_parse(&items_info, argc, argv, &plan.common, &plan);
    if (!plan.items)
        tk_usage_error(&plan.common, "give --items COL: the column holding the unqualified items");
    if (!plan.common.input.result)
        tk_usage_error(&plan.common, "--items needs record-level input (--result COL): "
                                     "aggregated counts (--n) have no items to split");
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
    sc_items_separators_free(plan.separators);
    tk_free(&plan.common);
    return code;
}
