/* Fuzz target for each tool's whole path, in process: the tools' own
 * main() (compiled for this target as sc_fuzz_main_TOOL, with exit() as
 * sc_fuzz_exit below) runs as from the command line.
 *
 * Built twice from this file (CMakeLists.txt):
 *  - fuzz_tools: the options are fixed and the input is fuzzed.  The first
 *    byte picks the tool and one of two option sets; the other bytes are
 *    the input file.  Output goes to a file in a scratch directory, charts
 *    as scripts beside it (--plot).  report runs its library path
 *    (sc_report_build, the tables to nowhere, the charts as scripts in
 *    memory) since its charts would start gnuplot for every input.  A tool
 *    that calls exit() here aborts: with valid options only main returns.
 *  - fuzz_tool_args (SC_FUZZ_ARGS): the input is a fixed small file and the
 *    arguments are fuzzed: the first byte picks the tool, the others are the
 *    arguments, separated by NUL or newline (at most 24).  Arguments holding
 *    '/' are skipped (the files a tool writes stay in the scratch directory),
 *    and PATH names no directory, so --render and --docx fail at once rather
 *    than run gnuplot or pandoc.  A usage error ends a tool with exit(64):
 *    here that returns to the fuzzer (longjmp), so what the tool allocated
 *    is not freed; leak detection is off for this target.
 * Each tool must return (or exit) with a status of the contract: never
 * crash, hang or trip a sanitizer.  Status 70 (internal error) aborts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* nftw */
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spotcheck/analysis.h"
#include "spotcheck/doc.h"
#include "spotcheck/plot.h"
#include "spotcheck/records.h"
#include "spotcheck/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
_Noreturn void sc_fuzz_exit(int status);

#define TOOL_MAIN(name) int sc_fuzz_main_##name(int argc, char **argv);
TOOL_MAIN(rate)
TOOL_MAIN(compare)
TOOL_MAIN(trend)
TOOL_MAIN(spc)
TOOL_MAIN(diff)
TOOL_MAIN(summary)
TOOL_MAIN(items)
TOOL_MAIN(check)
TOOL_MAIN(plan)
TOOL_MAIN(report)

static jmp_buf back;
static int exit_status;

_Noreturn void sc_fuzz_exit(int status)
{
    exit_status = status;
    longjmp(back, 1);
}

#define ARGS_MAX 32

typedef struct tool {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *options[2][ARGS_MAX]; /* NULL-terminated; "@OUT", "@GP": scratch files */
} tool;

static const tool tools[] = {
    {"rate", sc_fuzz_main_rate,
     {{"--result", "result", "--by", "region,category", "--sort", "rate", "--total", NULL},
      {"--n", "n", "--pass", "pass", "--by", "region", "--period", "quarter", "--per", "year",
       "--level", "0.9", "--format", "json", "--plot", "@GP", NULL}}},
    {"compare", sc_fuzz_main_compare,
     {{"--result", "result", "--by", "region", "--pairwise", "--funnel", NULL},
      {"--n", "n", "--pass", "pass", "--by", "category", "--chart", "ranked", "--plot", "@GP",
       "--format", "md", NULL}}},
    {"trend", sc_fuzz_main_trend,
     {{"--result", "result", "--period", "quarter", "--forecast", "2026", "--target", "0.95",
       "--plot", "@GP", NULL},
      {"--value", "value", "--period", "quarter", "--by", "region", NULL}}},
    {"spc", sc_fuzz_main_spc,
     {{"--result", "result", "--period", "quarter", "--where", "region=north", "--plot", "@GP",
       NULL},
      {"--n", "n", "--fail", "fail", "--period", "quarter", "--rate", "fail", "--chart", "laney",
       NULL}}},
    {"diff", sc_fuzz_main_diff,
     {{"--result", "result", "--period", "quarter", "--current", "2024Q3", "--baseline",
       "previous", "--by", "region", "--plot", "@GP", NULL},
      {"--n", "n", "--pass", "pass", "--period", "quarter", "--current", "2024Q3", "--baseline",
       "year-ago", "--method", "miettinen-nurminen", NULL}}},
    {"summary", sc_fuzz_main_summary,
     {{"--n", "n", "--pass", "pass", "--period", "quarter", "--current", "2024Q3", "--by",
       "region", NULL},
      {"--result", "result", "--period", "quarter", "--current", "2024Q3", "--by", "category",
       "--all-groups", "--format", "json", NULL}}},
    {"items", sc_fuzz_main_items,
     {{"--result", "result", "--items", "items", NULL},
      {"--result", "result", "--items", "items", "--where", "category=food", "--percent",
       "--plot", "@GP", NULL}}},
    {"check", sc_fuzz_main_check,
     {{"--n", "n", "--pass", "pass", NULL},
      {"--n", "n", "--pass", "pass", "--fail", "fail", "--printed-rate", "rate", "--by", "region",
       NULL}}},
    {"report", sc_fuzz_main_report, {{NULL}, {NULL}}}, /* fuzz_tools: run_report */
    {"plan", sc_fuzz_main_plan, {{NULL}, {NULL}}}, /* no input: only fuzz_tool_args */
};
#define NTOOLS (sizeof tools / sizeof *tools)

static char scratch[] = "/tmp/sc_fuzz_tools_XXXXXX";
static char out_path[sizeof scratch + 16], gp_path[sizeof scratch + 16], in_path[sizeof scratch + 16];

static int remove_one(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_scratch(void)
{
    nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    if (!mkdtemp(scratch))
        abort();
    atexit(remove_scratch);
    snprintf(out_path, sizeof out_path, "%s/out", scratch);
    snprintf(gp_path, sizeof gp_path, "%s/chart.gp", scratch);
    snprintf(in_path, sizeof in_path, "%s/in.csv", scratch);
    /* a tool given no file would read standard input */
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0)
        abort();
    close(null);
#ifdef SC_FUZZ_ARGS
    /* files named by the arguments land in the scratch directory; no
       gnuplot or pandoc can be found */
    if (chdir(scratch) != 0 || setenv("PATH", "/nonexistent", 1) != 0)
        abort();
    static const char input[] =
        "region,category,quarter,result,n,pass,fail,rate,items,value\n"
        "north,food,2024Q2,pass,10,9,1,90%,,1.5\n"
        "north,food,2024Q3,fail,20,17,3,85%,lead;colour,2.5\n"
        "south,toys,2023Q3,pass,5,5,0,100%,,0.5\n"
        "south,toys,2024Q3,fail,8,6,2,75%,lead,3\n";
    FILE *f = fopen(in_path, "w");
    if (!f || fputs(input, f) < 0 || fclose(f) != 0)
        abort();
#endif
}

/* Runs a tool's main; a status of 70 is an internal error: abort. */
static void run_main(const tool *t, int argc, char **argv)
{
    exit_status = -1;
    if (setjmp(back) == 0)
        exit_status = t->run(argc, argv);
#ifndef SC_FUZZ_ARGS
    else { /* the options are fixed and valid: only a run's end returns */
        fprintf(stderr, "fuzz_tools: %s called exit(%d)\n", t->name, exit_status);
        abort();
    }
#endif
    if (exit_status == 70) {
        fprintf(stderr, "fuzz_tools: %s exited with 70 (internal error)\n", t->name);
        abort();
    }
}

#ifndef SC_FUZZ_ARGS
/* ---- report: its library path ------------------------------------------------ */

static sc_status drop_table(void *ctx, const char *name, const sc_table *table, sc_error *err)
{
    (void)ctx, (void)name, (void)table, (void)err;
    return SC_OK;
}

static sc_status script_figure(void *ctx, const char *name, sc_chart *chart, char **png,
                               char **svg, sc_error *err)
{
    (void)ctx, (void)name;
    char *script = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&script, &size);
    if (!f)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = sc_chart_set_output(chart, SC_CHART_TERM_SVG, "chart.svg", err);
    if (s == SC_OK)
        s = sc_chart_write(chart, f, err);
    fclose(f);
    free(script);
    *png = strdup("charts/chart.png");
    *svg = strdup("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
    if (s == SC_OK && (!*png || !*svg))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    return s;
}

static void run_report(bool items, bool zh)
{
    static const char *const keys[] = {"category"};
    sc_input_spec spec = {.result = "result", .keys = keys, .nkeys = 1, .period = "quarter",
                          .period_at = 1, .per = SC_PERIOD_NONE};
    sc_report_opts opts;
    sc_report_opts_init(&opts);
    opts.lang = zh ? SC_LANG_ZH : SC_LANG_EN;
    opts.output.lang = opts.lang;
    if (sc_period_parse("2024Q3", 6, &opts.current, NULL) != SC_OK)
        abort();
    sc_report_input in = {.files = (const char *const[]){in_path}, .nfiles = 1};
    in.has_dim[SC_REPORT_CATEGORY] = in.has_dim[SC_REPORT_REGION] = true;
    sc_groups *g = sc_groups_new(2);
    const char *dims[SC_REPORT_DIM_COUNT] = {[SC_REPORT_REGION] = "region"};
    sc_report_rows *rows = sc_report_rows_new(0, 1, &opts.current, dims, items, NULL);
    if (!g || !rows)
        abort();
    /* the region, a label, then the items */
    spec.texts[0] = "region";
    spec.texts[1] = "items";
    spec.ntexts = items ? 2 : 1;
    spec.text_labels = 1;
    spec.on_text = sc_report_on_record;
    spec.text_wanted = sc_report_rows_wanted;
    spec.text_ctx = rows;
    spec.text_fork = sc_report_rows_fork;
    spec.text_merge = sc_report_rows_merge;
    spec.text_free = sc_report_rows_free_ctx;
    in.rows = rows;
    sc_read_stats stats = {0};
    sc_error err;
    sc_error_clear(&err);
    const char *paths[] = {in_path};
    sc_status s = sc_records_read(&spec, paths, 1, g, &stats, &err);
    in.groups = g;
    in.stats = &stats;
    sc_report_sink sink = {.table = drop_table, .figure = script_figure};
    sc_doc *doc = NULL;
    if (s == SC_OK)
        s = sc_report_build(&in, &opts, &sink, &doc, &err);
    if (s == SC_OK) {
        char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        if (!f || sc_doc_write_md(doc, f, &err) != SC_OK || sc_doc_write_html(doc, f, &err) != SC_OK)
            abort();
        fclose(f);
        free(text);
    }
    if (s == SC_EINTERNAL) {
        fprintf(stderr, "fuzz_tools: report: internal error: %s\n", err.message);
        abort();
    }
    sc_doc_free(doc);
    sc_report_rows_free(rows);
    sc_groups_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    init();
    const tool *t = &tools[(data[0] >> 1) % (NTOOLS - 1)]; /* plan takes no input */
    int set = data[0] & 1;
    FILE *f = fopen(in_path, "wb");
    if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
        abort();
    if (strcmp(t->name, "report") == 0) {
        run_report(set, data[0] & 0x80);
        return 0;
    }
    char *argv[ARGS_MAX + 8];
    int argc = 0;
    static char name[32];
    snprintf(name, sizeof name, "spotcheck-%s", t->name);
    argv[argc++] = name;
    for (const char *const *o = t->options[set]; *o; o++)
        argv[argc++] = (char *)(strcmp(*o, "@GP") == 0 ? gp_path : *o);
    argv[argc++] = (char *)"-o";
    argv[argc++] = out_path;
    argv[argc++] = in_path;
    argv[argc] = NULL;
    run_main(t, argc, argv);
    return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    init();
    const tool *t = &tools[data[0] % NTOOLS];
    static char text[4096];
    size_t len = size - 1 < sizeof text - 1 ? size - 1 : sizeof text - 1;
    memcpy(text, data + 1, len);
    text[len] = '\0';
    char *argv[ARGS_MAX + 4];
    int argc = 0;
    static char name[32];
    snprintf(name, sizeof name, "spotcheck-%s", t->name);
    argv[argc++] = name;
    for (size_t i = 0, start = 0; i <= len && argc < ARGS_MAX; i++)
        if (i == len || text[i] == '\0' || text[i] == '\n') {
            text[i] = '\0';
            if (i > start || i < len) { /* an empty argument between two separators counts */
                if (strchr(text + start, '/'))
                    return 0;
                argv[argc++] = text + start;
            }
            start = i + 1;
        }
    if (t->run != sc_fuzz_main_plan)
        argv[argc++] = in_path;
    argv[argc] = NULL;
    run_main(t, argc, argv);
    return 0;
}
#endif

#include "replay.h"
