/* spotcheck-report — the quarterly quality analysis report (质量分析报告):
 * report.md, report.html (self-contained), tables/NAME.csv, charts/ and with
 * --docx report.docx, written into a directory whole or not at all.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spotcheck/report.h"
#include "tool.h"

typedef struct report_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    const char *current;
    const char *targets;
    const char *dims[SC_REPORT_DIM_COUNT]; /* --category, --region, --size, --channel */
    const char *enterprise;
    const char *items; /* --items COL */
    const char *out;
    bool force, docx;
    uint64_t trend_periods;
    sc_report_opts opts;
} report_plan;

#define PLAN(member) offsetof(report_plan, member)

static const tk_opt report_options[] = {
    TK_OPT_CURRENT(PLAN(current)),
    {.name = "out", .arg = "DIR", .kind = TK_OPT_STRING, .offset = PLAN(out),
     .help = "the directory to write the report into (required; made whole or not at all)"},
    {.name = "force", .kind = TK_OPT_FLAG, .offset = PLAN(force),
     .help = "replace DIR when it exists and is not empty"},
    {.name = "category", .arg = "COL", .kind = TK_OPT_STRING,
     .offset = PLAN(dims[SC_REPORT_CATEGORY]),
     .help = "column of the product category: the sections on categories and their changes"},
    {.name = "region", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(dims[SC_REPORT_REGION]),
     .help = "column of the region: the section on regions with its funnel plot"},
    {.name = "enterprise-size", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(dims[SC_REPORT_SIZE]),
     .help = "column of the enterprise size (大型, 中型 ...): its section and test"},
    {.name = "channel", .arg = "COL", .kind = TK_OPT_STRING,
     .offset = PLAN(dims[SC_REPORT_CHANNEL]),
     .help = "column of the sampling channel (生产, 流通 ...): its section and test"},
    {.name = "enterprise", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(enterprise),
     .help = "column of the enterprise: enterprises inspected and the enterprise pass rate"},
    {.name = "items", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(items),
     .help = "column of the unqualified test items (split at ；;、| as spotcheck items does): "
             "the section on unqualified items"},
    TK_OPT_TARGETS(PLAN(targets)),
    TK_OPT_METHOD(PLAN(opts.method), &sc_ci_methods,
                  "interval of each rate, as in spotcheck rate (default wilson)"),
    {.name = "diff-method", .arg = "METHOD", .kind = TK_OPT_NAME, .registry = &sc_diff_methods,
     .offset = PLAN(opts.diff_method),
     .help = "interval of each change, as in spotcheck diff (default newcombe)"},
    TK_OPT_LEVEL(PLAN(opts.level), TK_HELP_LEVEL),
    {.name = "trend-periods", .arg = "N", .kind = TK_OPT_COUNT, .offset = PLAN(trend_periods),
     .help = "periods in the trend section, up to the current one (default 8)"},
    {.name = "docx", .kind = TK_OPT_FLAG, .offset = PLAN(docx),
     .help = "also write report.docx, made from report.md by pandoc"},
    {0},
};

static const tk_man_section report_sections[] = {
    {"SECTIONS",
     "Each section opens with sentences generated from the statistics, in Chinese (the "
     "default) or with --lang en in English, and shows its table and chart.  A section whose "
     "column is not given is left out.\n"
     "\n"
     "总体情况 (overall): batches, passed, failed and the pass rate with its interval for the "
     "current period; with --enterprise the enterprises and the enterprise pass rate; 同比 and "
     "环比 changes; the verdict against the target of the --targets row whose key cells are "
     "all empty or *.  同比、环比变化 (--category): per category, the changes with their "
     "intervals, p-values and verdicts, and which rose or fell significantly.  分类别情况 "
     "(--category): per category the rate, interval and target verdict, the unqualified-rate "
     "bands of national bulletins (0, under 10%, 10% to 20%, over 20%), and the chart of "
     "spotcheck summary.  分地区情况 (--region): the regions' rates, the homogeneity test and "
     "the funnel plot, naming the regions beyond the 99.8% limits.  分企业规模, 分抽样环节 "
     "(--enterprise-size, --channel): rates and the test of difference.  趋势: the last --trend-periods "
     "periods with the fitted logistic trend, the forecast at the target row's by_period "
     "(a year on quarterly data: its last quarter, as spotcheck trend --targets takes it) "
     "and whether its interval lies above the target, the period the target is reached, and the signals of Laney's p′ chart.  需关注的问题: "
     "what is credibly below its target, below the 99.8% funnel limits, or significantly "
     "worse than a year before.  数据说明: files, rows, definitions and methods.\n"
     "\n"
     "No sentence states a rise, fall or difference without a test at --level behind it; a "
     "change that is not significant is said to be so.  Every number equals what spotcheck "
     "summary, compare and trend print for the same data and options."},
    {"OUTPUT",
     "DIR holds report.md, report.html (one file: CSS inline, charts inlined as SVG, no script "
     "and nothing fetched; each section starts a new page when printed), tables/NAME.csv with "
     "every table behind the report's numbers (full precision), charts/NAME.gp, NAME.png and "
     "NAME.svg, and with --docx report.docx.  The report is built in a new directory beside "
     "DIR and renamed into place, so DIR holds a whole report or is left as it was.  An "
     "existing DIR that is not empty is refused unless --force is given.  Charts need gnuplot "
     "(exit 69 without it); --docx needs pandoc: without it the rest is written and the exit "
     "status is 69."},
    {"EXAMPLES",
     "The third quarter of 2024 of the demo data, with targets:\n"
     "\n"
     "  spotcheck report --result 检验结论 --period 季度 --current 2024Q3 \\\n"
     "      --category 产品类别 --region 省份 --enterprise-size 企业规模 --channel 抽样环节 \\\n"
     "      --enterprise 企业名称 --items 不合格项目 --targets datasets/demo/targets.csv \\\n"
     "      --out report-2024Q3 \\\n"
     "      datasets/demo/records.csv"},
    {0},
};

/* The report's files are its own (--out DIR): these would be ignored. */
static const char *const report_not_taken[] = {
    "format", "columns", "output-encoding", "excel-safe", "percent", "output", "plot", "render",
    NULL};

static const tk_tool report_info = {
    .name = "report",
    .summary = "the quarterly quality analysis report (质量分析报告): md, html, docx",
    .description =
        "spotcheck report writes the quarterly quality analysis report of a record file: the "
        "overall pass rate, its changes 同比 and 环比, categories, regions, enterprise size and "
        "channel, the trend, what needs attention and notes on the data, each section with "
        "generated sentences, tables and charts, as Markdown and as one self-contained HTML "
        "file, with the tables as CSV.",
    .options = report_options,
    .sections = report_sections,
    .not_taken = report_not_taken,
    .not_taken_why = "the report writes its document, tables and charts into --out DIR, "
                     "in formats of its own",
};

/* ---- the directory ------------------------------------------------------------------ */

/* dir/part/part... (the parts joined by "/", the last followed by `ext`)
 * into buf: SC_EINVAL when too long. */
static sc_status path_of(char *buf, size_t size, const char *dir, const char *sub,
                         const char *name, const char *ext, sc_error *err)
{
    const char *parts[] = {dir, sub ? "/" : "", sub ? sub : "", name ? "/" : "",
                           name ? name : "", ext ? ext : ""};
    size_t len = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        size_t n = strlen(parts[i]);
        if (len + n + 1 > size)
            return sc_error_set(err, SC_EINVAL, dir, 0, "the path is too long");
        memcpy(buf + len, parts[i], n);
        len += n;
    }
    buf[len] = '\0';
    return SC_OK;
}

/* Whether DIR may be written: absent, an empty directory, or --force. */
static sc_status check_out(const report_plan *p, sc_error *err)
{
    struct stat st;
    if (stat(p->out, &st) != 0)
        return SC_OK;
    if (!S_ISDIR(st.st_mode))
        return sc_error_set(err, SC_EINVAL, p->out, 0, "exists and is not a directory");
    DIR *d = opendir(p->out);
    bool empty = true;
    for (struct dirent *e; d && (e = readdir(d));)
        empty = empty && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."));
    if (d)
        closedir(d);
    if (!empty && !p->force)
        return sc_error_set(err, SC_EINVAL, p->out, 0,
                            "the directory is not empty: give --force to replace it");
    return SC_OK;
}

typedef struct sink_ctx {
    const tk_common *common;
    char dir[PATH_MAX]; /* the temporary directory being filled */
    /* every chart as PNG and as SVG, each batch rendered by one gnuplot
       once the document is made (a gnuplot start-up takes longer than most
       charts), the two side by side */
    sc_chart_render_job *batch[2];
    char **names; /* the figures' names, in order */
    size_t nfigures;
} sink_ctx;

static void sink_free(sink_ctx *c)
{
    for (size_t i = 0; i < 2; i++)
        sc_chart_render_cancel(c->batch[i]);
    for (size_t i = 0; i < c->nfigures; i++)
        free(c->names[i]);
    free(c->names);
}

static sc_status write_table(void *ctx, const char *name, const sc_table *table, sc_error *err)
{
    sink_ctx *c = ctx;
    char path[PATH_MAX];
    sc_status s = path_of(path, sizeof path, c->dir, "tables", name, ".csv", err);
    if (s != SC_OK)
        return s;
    FILE *f = fopen(path, "w");
    if (!f)
        return sc_error_set(err, SC_EIO, path, 0, "cannot write: %s", strerror(errno));
    sc_output_opts o = {.format = SC_FORMAT_CSV, .digits = -1};
    s = sc_output_write(f, table, &o, NULL, err);
    if (fclose(f) != 0 && s == SC_OK)
        s = sc_error_set(err, SC_EIO, path, 0, "write error: %s", strerror(errno));
    return s;
}

/* The whole file as a string; NULL with errno set when it cannot be read
 * (ENOMEM when out of memory). */
static char *read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *bigger = realloc(text, cap);
            if (!bigger) {
                free(text);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            text = bigger;
        }
        got = fread(text + len, 1, 4096, f);
        len += got;
    } while (got > 0);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        errno = EIO;
        return NULL;
    }
    text[len] = '\0';
    return text;
}

/* Adds the chart to the batches of charts/NAME.png and NAME.svg and writes
 * its script NAME.gp; the SVG follows (render_figures). */
static sc_status write_figure(void *ctx, const char *name, sc_chart *chart, char **png,
                              char **svg, sc_error *err)
{
    sink_ctx *c = ctx;
    const tk_common *common = c->common;
    *png = *svg = NULL;
    sc_status s = sc_chart_set_lang(chart, common->output.lang);
    if (s == SC_OK && common->font)
        s = sc_chart_set_font(chart, common->font, err);
    /* a page is about 900 pixels wide: charts drawn that size keep their type
       readable when printed (--size overrides) */
    if (s == SC_OK)
        s = sc_chart_set_size(chart, common->width ? common->width : 900,
                              common->width ? common->height : 600, err);
    char **names = s == SC_OK ? realloc(c->names, (c->nfigures + 1) * sizeof *names) : NULL;
    if (names)
        c->names = names;
    if (s == SC_OK && (!names || !(names[c->nfigures] = strdup(name))))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        c->nfigures++;
    /* a PNG takes gnuplot longer than an SVG (zlib): each gnuplot gets the
       PNGs of every other figure and the SVGs of the rest */
    static const sc_chart_term terms[2] = {SC_CHART_TERM_PNG, SC_CHART_TERM_SVG};
    char path[PATH_MAX];
    for (size_t i = 0; s == SC_OK && i < 2; i++) {
        size_t b = (i + c->nfigures) % 2;
        if (!c->batch[b])
            s = sc_chart_batch_new(NULL, &c->batch[b], err);
        if (s == SC_OK)
            s = path_of(path, sizeof path, c->dir, "charts", name, i ? ".svg" : ".png", err);
        if (s == SC_OK)
            s = sc_chart_set_output(chart, terms[i], path, err);
        if (s == SC_OK)
            s = sc_chart_batch_add(c->batch[b], chart, err);
    }
    if (s == SC_OK) {
        /* the kept script names the PNG beside it, not the temporary directory */
        char rel[PATH_MAX];
        snprintf(rel, sizeof rel, "%s.png", name);
        s = sc_chart_set_output(chart, SC_CHART_TERM_PNG, rel, err);
        if (s == SC_OK)
            s = path_of(path, sizeof path, c->dir, "charts", name, ".gp", err);
        FILE *f = s == SC_OK ? fopen(path, "w") : NULL;
        if (s == SC_OK && !f)
            s = sc_error_set(err, SC_EIO, path, 0, "cannot write: %s", strerror(errno));
        if (f) {
            s = sc_chart_write(chart, f, err);
            if (fclose(f) != 0 && s == SC_OK)
                s = sc_error_set(err, SC_EIO, path, 0, "write error: %s", strerror(errno));
        }
    }
    if (s != SC_OK)
        return s;
    *png = malloc(strlen(name) + sizeof "charts/.png");
    if (!*png)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sprintf(*png, "charts/%s.png", name);
    return SC_OK;
}

/* Renders the batches, both gnuplots side by side, and gives the document
 * its figures' SVG. */
static sc_status render_figures(sink_ctx *c, sc_doc *doc, sc_error *err)
{
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < 2; i++)
        if (c->batch[i])
            s = sc_chart_batch_start(c->batch[i], err);
    for (size_t i = 0; s == SC_OK && i < 2; i++) {
        s = sc_chart_render_finish(c->batch[i], err);
        c->batch[i] = NULL;
    }
    char path[PATH_MAX];
    for (size_t i = 0; s == SC_OK && i < c->nfigures; i++) {
        s = path_of(path, sizeof path, c->dir, "charts", c->names[i], ".svg", err);
        char *svg = s == SC_OK ? read_whole(path) : NULL;
        if (s == SC_OK && !svg)
            s = errno == ENOMEM ? sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory")
                                : sc_error_set(err, SC_EIO, path, 0,
                                               "cannot read the rendered chart: %s",
                                               strerror(errno));
        sc_status given = s == SC_OK ? sc_doc_figure_svg(doc, i + 1, svg) : SC_OK;
        if (given == SC_ENOMEM)
            s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        else if (given != SC_OK)
            s = sc_error_set(err, SC_EIO, path, 0, "the rendered chart is not an SVG");
        free(svg);
    }
    return s;
}

static sc_status write_doc(const char *dir, const char *name, const sc_doc *doc,
                           sc_status (*writer)(const sc_doc *, FILE *, sc_error *), sc_error *err)
{
    char path[PATH_MAX];
    sc_status s = path_of(path, sizeof path, dir, NULL, name, NULL, err);
    FILE *f = s == SC_OK ? fopen(path, "w") : NULL;
    if (!f)
        return s != SC_OK ? s : sc_error_set(err, SC_EIO, path, 0, "cannot write: %s", strerror(errno));
    s = writer(doc, f, err);
    if (fclose(f) != 0 && s == SC_OK)
        s = sc_error_set(err, SC_EIO, path, 0, "write error: %s", strerror(errno));
    return s;
}

/* report.docx from report.md by pandoc, in the directory (the PNGs are
 * found beside the Markdown).  SC_EUNAVAILABLE when pandoc cannot be run. */
static sc_status pandoc(const char *dir, sc_error *err)
{
    pid_t pid = fork();
    if (pid < 0)
        return sc_error_set(err, SC_EIO, NULL, 0, "cannot start pandoc: %s", strerror(errno));
    if (pid == 0) {
        if (chdir(dir) == 0)
            execlp("pandoc", "pandoc", "report.md", "--from", "gfm", "--to", "docx", "--output",
                   "report.docx", (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return sc_error_set(err, SC_EIO, NULL, 0, "pandoc: %s", strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return sc_error_set(err, SC_EUNAVAILABLE, NULL, 0,
                            "--docx needs pandoc, which cannot be run: install it (Debian: "
                            "apt-get install pandoc); the rest of the report was written");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return sc_error_set(err, SC_EIO, NULL, 0, "pandoc failed to make report.docx");
    return SC_OK;
}

/* Moves the finished temporary directory to DIR, replacing an old one. */
static sc_status put_in_place(const char *tmp, const char *out, sc_error *err)
{
    struct stat st;
    if (stat(out, &st) == 0) {
        char old[PATH_MAX];
        snprintf(old, sizeof old, "%s.old.%ld", out, (long)getpid());
        if (rename(out, old) != 0)
            return sc_error_set(err, SC_EIO, out, 0, "cannot replace: %s", strerror(errno));
        if (rename(tmp, out) != 0) {
            int e = errno;
            rename(old, out);
            return sc_error_set(err, SC_EIO, out, 0, "cannot write: %s", strerror(e));
        }
        sc_temp_dir_remove(old);
        return SC_OK;
    }
    if (rename(tmp, out) != 0)
        return sc_error_set(err, SC_EIO, out, 0, "cannot write: %s", strerror(errno));
    return SC_OK;
}

static sc_status run(report_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_report_opts *o = &p->opts;
    o->current = tk_current(common, p->current);
    o->lang = common->output.lang;
    o->output.lang = common->output.lang;
    o->output.rounding = common->output.rounding;
    if (common->output.digits >= 0)
        o->output.digits = common->output.digits;
    if (p->trend_periods)
        o->trend_periods = (size_t)p->trend_periods;
    sc_status s = check_out(p, err);
    if (s != SC_OK)
        return s;

    /* the groups are keyed by the category, then the period; the other
       breakdowns (labels: their total rows are left out too), the items and
       the enterprise are text columns counted for the current period */
    sc_report_input in = {.files = common->files, .nfiles = common->nfiles};
    for (size_t d = 0; d < SC_REPORT_DIM_COUNT; d++)
        in.has_dim[d] = p->dims[d] != NULL;
    if (p->dims[SC_REPORT_CATEGORY])
        tk_add_key(common, p->dims[SC_REPORT_CATEGORY]);
    common->nby = common->nkeys;
    sc_input_spec *spec = &common->input;
    for (size_t d = 0; d < SC_REPORT_DIM_COUNT; d++)
        if (d != SC_REPORT_CATEGORY && p->dims[d])
            spec->texts[spec->ntexts++] = p->dims[d];
    spec->text_labels = spec->ntexts;
    if (p->items)
        spec->texts[spec->ntexts++] = p->items;
    if (p->enterprise)
        spec->texts[spec->ntexts++] = p->enterprise;
    sc_groups *g = sc_groups_new(common->nkeys + 1);
    sc_report_rows *rows = sc_report_rows_new(in.has_dim[SC_REPORT_CATEGORY] ? 0 : SC_NO_COLUMN,
                                              common->nby, &o->current, p->dims,
                                              p->items != NULL, p->enterprise);
    if (!g || !rows) {
        sc_groups_free(g);
        sc_report_rows_free(rows);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    if (spec->ntexts > 0) {
        spec->on_text = sc_report_on_record;
        spec->text_wanted = sc_report_rows_wanted;
        spec->text_ctx = rows;
        spec->text_fork = sc_report_rows_fork;
        spec->text_merge = sc_report_rows_merge;
        spec->text_free = sc_report_rows_free_ctx;
    }
    in.rows = rows;
    sc_read_stats stats;
    common->need_rows = true;
    sc_targets *targets = NULL;
    s = tk_read_targets(common, p->targets, &targets, err);
    o->targets = targets;
    if (s == SC_OK)
        s = tk_read(common, g, &stats, err);
    in.groups = g;
    in.stats = &stats;

    /* the temporary directory beside DIR, renamed into place at the end */
    sink_ctx ctx = {.common = common};
    snprintf(ctx.dir, sizeof ctx.dir, "%s.tmp.XXXXXX", p->out);
    bool made = false;
    if (s == SC_OK && !(made = mkdtemp(ctx.dir) != NULL))
        s = sc_error_set(err, SC_EIO, p->out, 0, "cannot make a directory beside it: %s",
                         strerror(errno));
    if (made)
        sc_temp_dir_hold(ctx.dir); /* removed by a SIGINT or SIGTERM */
    char sub[PATH_MAX];
    for (size_t i = 0; s == SC_OK && i < 2; i++) {
        s = path_of(sub, sizeof sub, ctx.dir, NULL, i ? "charts" : "tables", NULL, err);
        if (s == SC_OK && mkdir(sub, 0777) != 0)
            s = sc_error_set(err, SC_EIO, sub, 0, "cannot make: %s", strerror(errno));
    }
    sc_report_sink sink = {.ctx = &ctx, .table = write_table, .figure = write_figure};
    sc_doc *doc = NULL;
    if (s == SC_OK)
        s = sc_report_build(&in, o, &sink, &doc, err);
    if (s == SC_OK)
        s = render_figures(&ctx, doc, err);
    sink_free(&ctx);
    if (s == SC_OK)
        s = write_doc(ctx.dir, "report.md", doc, sc_doc_write_md, err);
    if (s == SC_OK)
        s = write_doc(ctx.dir, "report.html", doc, sc_doc_write_html, err);
    sc_status docx = SC_OK;
    sc_error docx_err;
    sc_error_clear(&docx_err);
    if (s == SC_OK && p->docx)
        docx = pandoc(ctx.dir, &docx_err);
    if (s == SC_OK && docx != SC_OK && docx != SC_EUNAVAILABLE)
        s = sc_error_set(err, docx, NULL, 0, "%s", docx_err.message);
    if (s == SC_OK)
        s = put_in_place(ctx.dir, p->out, err);
    if (s != SC_OK && made)
        sc_temp_dir_remove(ctx.dir);
    sc_temp_dir_release(ctx.dir); /* gone: renamed into place or removed */
    if (s == SC_OK && docx == SC_EUNAVAILABLE) {
        *err = docx_err;
        s = docx;
    }
    sc_doc_free(doc);
    sc_report_rows_free(rows);
    sc_targets_free(targets);
    sc_groups_free(g);
    return s;
}

int main(int argc, char **argv)
{
    report_plan plan = {0};
    sc_report_opts_init(&plan.opts);
    plan.common.output.lang = SC_LANG_ZH; /* a Chinese report unless --lang en */
    tk_parse(&report_info, argc, argv, &plan.common, &plan);
    tk_check_targets(&plan.common, plan.targets, NAN);
    if (!plan.common.input.period)
        tk_usage_error(&plan.common, "give --period COL: the column holding the periods");
    if (!plan.current)
        tk_usage_error(&plan.common, "give --current PERIOD, e.g. 2024Q3");
    if (!plan.out)
        tk_usage_error(&plan.common, "give --out DIR: the directory to write the report into");
    if (plan.common.nby > 0)
        tk_usage_error(&plan.common, "the report's breakdowns are --category, --region, --enterprise-size "
                                     "and --channel, not --by");
    sc_error err;
    sc_error_clear(&err);
    int code = run(&plan, &err) == SC_OK ? 0 : tk_fail(&plan.common, &err);
    tk_free(&plan.common);
    return code;
}
