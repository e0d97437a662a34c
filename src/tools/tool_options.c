/* spotcheck — the tool kit's options: the common option rows and their
 * handlers, and the parser of argv into a tool's plan.  See tool.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool_internal.h"

/* ---- option handlers for the common options ------------------------------ */

static char **split_list(const char *text, size_t *count)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    char **items = calloc(n + 1, sizeof *items);
    if (!items)
        return NULL;
    const char *start = text;
    for (size_t i = 0; i < n; i++) {
        const char *end = strchr(start, ',');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        items[i] = strndup(start, len);
        if (!items[i])
            return NULL; /* the process ends on this path: see oom() */
        start += len + 1;
    }
    if (count)
        *count = n;
    return items;
}

static void oom(void)
{
    fputs("spotcheck: out of memory\n", stderr);
    exit(71);
}

static sc_status opt_values(char ***list, const char *option, const char *value, sc_error *err)
{
    if (!*value)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s: the list is empty", option);
    if (!(*list = split_list(value, NULL)))
        oom();
    /* the data values are compared trimmed, so the listed ones are trimmed too;
     * an empty item would make blank cells count, so it is refused */
    for (char **item = *list; *item; item++) {
        char *start = *item + strspn(*item, " \t");
        size_t len = strlen(start);
        while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t'))
            len--;
        memmove(*item, start, len);
        (*item)[len] = '\0';
        if (len == 0)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": empty item", option, value);
    }
    return SC_OK;
}

static sc_status opt_pass_values(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    return opt_values(&((tk_common *)plan)->pass_values, "pass-values", value, err);
}

static sc_status opt_fail_values(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    return opt_values(&((tk_common *)plan)->fail_values, "fail-values", value, err);
}

static sc_status opt_columns(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    tk_common *c = plan;
    c->columns = split_list(value, &c->ncolumns);
    if (!c->columns)
        oom();
    for (size_t i = 0; i < c->ncolumns; i++)
        if (!c->columns[i][0])
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--columns \"%s\": an empty column name", value);
    return SC_OK;
}

static sc_status opt_by(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    tk_common *c = plan;
    size_t n;
    char **keys = split_list(value, &n);
    if (!keys)
        oom();
    for (size_t i = 0; i < n; i++)
        if (!keys[i][0]) {
            for (size_t k = 0; k < n; k++)
                free(keys[k]);
            free(keys);
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--by \"%s\": empty column name", value);
        }
    if (n > SC_BY_MAX) {
        for (size_t k = 0; k < n; k++)
            free(keys[k]);
        free(keys);
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--by: at most %d columns", SC_BY_MAX);
    }
    c->keys = keys;
    c->nkeys = c->nby = n;
    return SC_OK;
}

static sc_status opt_where(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    tk_common *c = plan;
    sc_where *where = realloc(c->where, (c->nwhere + 1) * sizeof *where);
    if (!where)
        oom();
    c->where = where;
    sc_status s = sc_where_parse(value, &where[c->nwhere], err);
    if (s == SC_OK)
        c->nwhere++;
    return s;
}

static sc_status opt_per(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    tk_common *c = plan;
    if (sc_period_kind_from_name(value, &c->input.per) == SC_OK)
        return SC_OK;
    char names[128];
    sc_registry_list(&sc_period_kinds, ", ", " or ", names, sizeof names);
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--per \"%s\": use %s", value, names);
}

static sc_status opt_encoding(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    if (sc_encoding_from_name(value, &((tk_common *)plan)->input.csv.encoding) != SC_OK)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--encoding \"%s\": use auto, utf-8 or gb18030 (also gbk, cp936)",
                            value);
    return SC_OK;
}

static sc_status opt_delimiter(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    unsigned char d;
    if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0)
        d = '\t';
    else if (strlen(value) == 1 && value[0] != '"' && value[0] != '\n' && value[0] != '\r')
        d = (unsigned char)value[0];
    else
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--delimiter \"%s\": give one ASCII character, or \"tab\"", value);
    ((tk_common *)plan)->input.csv.delimiter = d;
    return SC_OK;
}

static sc_status opt_skip_bad(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    (void)value, (void)err;
    tk_common *c = plan;
    c->input.skip_bad = true;
    c->input.csv.skip_ragged = true;
    return SC_OK;
}

static sc_status opt_threads(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    errno = 0;
    long threads = strtol(value, &end, 10);
    if (end == value || *end || errno || threads < 1 || threads > SC_CSV_CHUNKS_MAX)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--threads \"%s\": give a whole number 1 to %d",
                            value, SC_CSV_CHUNKS_MAX);
    ((tk_common *)plan)->input.threads = (unsigned)threads;
    return SC_OK;
}

static sc_status opt_size(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    tk_common *c = plan;
    return sc_chart_parse_size(value, &c->width, &c->height, err);
}

static sc_status opt_format(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    tk_common *c = plan;
    if (sc_format_from_name(value, &c->output.format) != SC_OK) {
        char names[128];
        sc_registry_list(&sc_formats, ", ", " or ", names, sizeof names);
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--format \"%s\": use %s", value, names);
    }
    c->format_given = true;
    return SC_OK;
}

static sc_status opt_digits(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    errno = 0;
    long digits = strtol(value, &end, 10);
    if (end == value || *end || errno || digits < 0 || digits > 15)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--digits \"%s\": give a whole number 0 to 15",
                            value);
    ((tk_common *)plan)->output.digits = (int)digits;
    return SC_OK;
}

#define COMMON(member) offsetof(tk_common, member)

const tk_opt tk_input_options[] = {
    {.name = "result", .arg = "COL", .kind = TK_OPT_STRING, .offset = COMMON(input.result),
     .help = "column holding each batch's verdict (record-level input)"},
    {.name = "pass-values", .arg = "LIST", .kind = TK_OPT_CUSTOM, .apply = opt_pass_values,
     .help = "comma-separated verdicts that count as pass (replaces the default list)"},
    {.name = "fail-values", .arg = "LIST", .kind = TK_OPT_CUSTOM, .apply = opt_fail_values,
     .help = "comma-separated verdicts that count as fail (replaces the default list)"},
    {.name = "n", .arg = "COL", .kind = TK_OPT_STRING, .offset = COMMON(input.n),
     .help = "column holding the number of batches (aggregated input)"},
    {.name = "pass", .arg = "COL", .kind = TK_OPT_STRING, .offset = COMMON(input.pass),
     .help = "column holding the number of passed batches (with --n)"},
    {.name = "fail", .arg = "COL", .kind = TK_OPT_STRING, .offset = COMMON(input.fail),
     .help = "column holding the number of failed batches (with --n; with --pass too, each "
             "row's n must be passed + failed)"},
    {.name = "printed-rate", .arg = "COL", .kind = TK_OPT_STRING,
     .offset = COMMON(input.printed_rate),
     .help = "with --n instead of a count: column holding a printed percentage (95.3 or "
             "95.3%; the pass rate, or with --rate fail the unqualified rate); the count is the "
             "one whole number it fits, else the row is bad"},
    {.name = "by", .arg = "COLS", .kind = TK_OPT_CUSTOM, .apply = opt_by,
     .help = "comma-separated columns to group by"},
    {.name = "period", .arg = "COL", .kind = TK_OPT_STRING, .offset = COMMON(input.period),
     .help = "column holding the period (2024, 2024H1, 2024Q3, 2024-07, 2024年第三季度, dates "
             "with --per); it becomes a group column"},
    {.name = "per", .arg = "KIND", .kind = TK_OPT_CUSTOM, .apply = opt_per,
     .registry = &sc_period_kinds,
     .help = "roll periods and dates up to year, half, quarter, month or day"},
    {.name = "where", .arg = "COL=VALUE", .kind = TK_OPT_CUSTOM, .apply = opt_where,
     .repeatable = true,
     .help = "use only rows where COL equals VALUE (COL!=VALUE: differs); repeatable, all must "
             "hold"},
    {.name = "encoding", .arg = "ENC", .kind = TK_OPT_CUSTOM, .apply = opt_encoding,
     .registry = &sc_encodings,
     .help = "input encoding: auto (default), utf-8 or gb18030"},
    {.name = "delimiter", .arg = "CHAR", .kind = TK_OPT_CUSTOM, .apply = opt_delimiter,
     .help = "field delimiter (default \",\"; \"tab\" for tabs)"},
    {.name = "no-header", .kind = TK_OPT_FLAG, .offset = COMMON(input.csv.no_header),
     .help = "the first row is data; name columns by number"},
    {.name = "skip-bad", .kind = TK_OPT_CUSTOM, .apply = opt_skip_bad,
     .help = "skip bad rows instead of stopping, and report how many"},
    {.name = "threads", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_threads,
     .help = "use N threads: to read a file or a pipe in chunks, and to format a long csv or tsv "
             "table (default: the online CPUs)"},
    {.name = "keep-total-rows", .kind = TK_OPT_FLAG, .offset = COMMON(input.keep_total_rows),
     .help = "count rows labelled 合计, 总计, 小计, 共计, 全部, 总体, Total, Subtotal, Grand total "
             "or All as groups (by default they are left out, with a note)"},
    {0},
};

static const char *const lang_names[] = {[SC_LANG_EN] = "en", [SC_LANG_ZH] = "zh", NULL};
static const char *const rounding_names[] = {[SC_ROUND_HALF_UP] = "half-up",
                                             [SC_ROUND_HALF_EVEN] = "half-even", NULL};

const tk_opt tk_output_options[] = {
    {.name = "format", .arg = "FMT", .kind = TK_OPT_CUSTOM, .apply = opt_format,
     .registry = &sc_formats,
     .help = "table, csv, tsv, json, md or xlsx (default: table on a terminal, else csv; "
             "xlsx needs -o FILE)"},
    {.name = "columns", .arg = "LIST", .kind = TK_OPT_CUSTOM, .apply = opt_columns,
     .help = "write only these columns, in this order (names as csv heads them, or their "
             "Chinese labels), in every format"},
    {.name = "output-encoding", .arg = "ENC", .kind = TK_OPT_NAME,
     .registry = &sc_output_encodings, .offset = COMMON(encoding),
     .help = "utf-8 (default), utf-8-bom (Excel reads such a CSV as UTF-8) or gb18030 (WPS, "
             "older systems); json and xlsx are always UTF-8"},
    {.name = "digits", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_digits,
     .help = "decimals to show (default 4; 2 with --percent), rounded as --rounding says"},
    {.name = "rounding", .arg = "RULE", .kind = TK_OPT_CHOICE, .offset = COMMON(output.rounding),
     .choices = rounding_names,
     .help = "half-up (default: 四舍五入, 0.125 -> 0.13) or half-even (GB/T 8170 数值修约, "
             "四舍六入五成双: an exact half to the even digit, 0.125 -> 0.12)"},
    {.name = "excel-safe", .kind = TK_OPT_FLAG, .offset = COMMON(output.excel_safe),
     .help = "csv, tsv: put a ' before a label starting with =, +, - or @, so that Excel and "
             "WPS show it instead of running it as a formula (numbers are never changed)"},
    {.name = "percent", .kind = TK_OPT_FLAG, .offset = COMMON(output.percent),
     .help = "show rates, levels and targets as percentages, and changes of rates in "
             "percentage points (pp, without %)"},
    {.name = "lang", .arg = "LANG", .kind = TK_OPT_CHOICE, .offset = COMMON(output.lang),
     .choices = lang_names, .help = "labels of table and md output: en (default) or zh"},
    {.name = "output", .arg = "FILE", .kind = TK_OPT_STRING, .offset = COMMON(output_path),
     .help = "write to FILE (whole or not at all) instead of standard output (\"-\": "
             "standard output); a name ending in .xlsx without --format is an Excel workbook"},
    {.name = "plot", .arg = "FILE.gp", .kind = TK_OPT_OUT_FILE, .offset = COMMON(plot_path),
     .help = "write the chart as a self-contained gnuplot script (`gnuplot FILE.gp` draws "
             "FILE.png, or the --render file)"},
    {.name = "render", .arg = "FILE", .kind = TK_OPT_OUT_FILE, .offset = COMMON(render_path),
     .help = "draw the chart with gnuplot into FILE.png, FILE.svg or FILE.pdf"},
    {.name = "size", .arg = "WxH", .kind = TK_OPT_CUSTOM, .apply = opt_size,
     .help = "chart size in pixels (default 1200x800; taller when groups need room)"},
    {.name = "font", .arg = "FONT", .kind = TK_OPT_STRING, .offset = COMMON(font),
     .help = "chart font as FAMILY or FAMILY,SIZE (default \"Noto Sans CJK SC,12\")"},
    {0},
};

/* Stores an option's value in the plan as its row says. */
static sc_status apply_option(const tk_opt *o, void *plan, const char *value, sc_error *err)
{
    char *field = (char *)plan + o->offset;
    switch (o->kind) {
    case TK_OPT_FLAG:
        *(bool *)(void *)field = true;
        return SC_OK;
    case TK_OPT_STRING:
    case TK_OPT_FILE:
    case TK_OPT_OUT_FILE:
        if (!*value)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s: the value is empty", o->name);
        if (o->kind == TK_OPT_OUT_FILE && strcmp(value, "-") == 0)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--%s writes a file, not standard output, which holds the table",
                                o->name);
        *(const char **)(void *)field = value;
        return SC_OK;
    case TK_OPT_CHOICE:
        for (int i = 0; o->choices[i]; i++)
            if (strcmp(value, o->choices[i]) == 0) {
                *(int *)(void *)field = i;
                return SC_OK;
            }
        break;
    case TK_OPT_PROBABILITY:
        return tk_parse_probability(o->name, value, (double *)(void *)field, err);
    case TK_OPT_COUNT: {
        char *end;
        errno = 0;
        unsigned long long count = strtoull(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end || errno)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": give a whole number",
                                o->name, value);
        *(uint64_t *)(void *)field = (uint64_t)count;
        return SC_OK;
    }
    case TK_OPT_NAME: {
        size_t index;
        if (sc_registry_find(o->registry, value, &index) == SC_OK) {
            *(int *)(void *)field = (int)index;
            return SC_OK;
        }
        char names[512];
        sc_registry_list(o->registry, ", ", ", ", names, sizeof names);
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": use one of %s", o->name,
                            value, names);
    }
    case TK_OPT_CUSTOM:
        return o->apply(plan, o, value, err);
    }
    char words[256] = "";
    for (size_t i = 0; o->choices[i]; i++) {
        const char *sep = !i ? "" : o->choices[i + 1] ? ", " : " or ";
        strncat(words, sep, sizeof words - strlen(words) - 1);
        strncat(words, o->choices[i], sizeof words - strlen(words) - 1);
    }
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": use %s", o->name, value, words);
}

/* ---- the parser -------------------------------------------------------------- */

/* Ends after --help, --version or --man: 0, or 74 with a message when
 * standard output could not be written. */
static _Noreturn void finish_stdout(const char *program)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error: %s\n", program, strerror(errno));
        exit(74);
    }
    exit(0);
}

static _Noreturn void usage_error(const char *program, const char *message)
{
    tk_say(program, "%s", message);
    fprintf(stderr, "Try '%s --help' for more information.\n", program);
    exit(64);
}

bool tk_offers(const tk_tool *info, const tk_opt *o)
{
    static const char *const table_input[] = {"n", "pass", "fail", "by", "encoding",
                                              "delimiter", "no-header", NULL};
    static const char *const chart[] = {"plot", "render", "size", "font", NULL};
    bool input = false, table = false, drawn = false;
    for (const tk_opt *row = tk_input_options; row->name; row++)
        input |= row == o;
    for (const char *const *name = table_input; *name; name++)
        table |= strcmp(o->name, *name) == 0;
    for (const char *const *name = chart; *name; name++)
        drawn |= strcmp(o->name, *name) == 0;
    for (const char *const *name = info->not_taken; name && *name; name++)
        if (strcmp(o->name, *name) == 0)
            return false;
    if (input && info->input == TK_INPUT_NONE)
        return false;
    if (input && info->input == TK_INPUT_TABLE && !table)
        return false;
    return !(info->no_chart && drawn && !input);
}

static const tk_opt *find_option(const tk_tool *info, const char *name, size_t len,
                                 bool *tool_option)
{
    const tk_opt *tables[] = {tk_input_options, tk_output_options, info->options};
    for (size_t t = 0; t < 3; t++)
        for (const tk_opt *o = tables[t]; o->name; o++)
            if (strlen(o->name) == len && strncmp(o->name, name, len) == 0 &&
                (t == 2 || tk_offers(info, o))) {
                *tool_option = t == 2;
                return o;
            }
    return NULL;
}

/* Usage error for --name[0, len), which the tool does not have: a common
 * option it does not take says so (and why, when the tool tells). */
static _Noreturn void not_an_option(const char *program, const tk_tool *info,
                                    const char *name, size_t len)
{
    char message[512];
    const tk_opt *tables[] = {tk_input_options, tk_output_options};
    for (size_t t = 0; t < 2; t++)
        for (const tk_opt *o = tables[t]; o->name; o++)
            if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
                snprintf(message, sizeof message, "--%s is not an option of %s%s%s", o->name,
                         program, info->not_taken_why ? ": " : "",
                         info->not_taken_why ? info->not_taken_why : "");
                usage_error(program, message);
            }
    snprintf(message, sizeof message, "unknown option --%.*s", (int)len, name);
    usage_error(program, message);
}

static void need_input(const char *program, tk_common *common);

/* The input options fit together, and there is a FILE (standard input when
 * none is given and it is not a terminal). */
static void check_input_options(const char *program, tk_common *common)
{
    if (common->input.value && (common->input.result || common->input.n))
        usage_error(program, "--value reads a numeric series: give it without --result or --n");
    if (!common->input.value && !common->input.result == !common->input.n)
        usage_error(program, "give either --result COL (one row per batch) or --n COL with "
                             "--pass COL or --fail COL (one row per group)");
    if (common->input.result && (common->input.pass || common->input.fail))
        usage_error(program, "--pass and --fail go with --n, not with --result");
    if (common->input.printed_rate && (!common->input.n || common->input.pass ||
                                       common->input.fail))
        usage_error(program, "--printed-rate goes with --n COL, instead of --pass and --fail");
    if (common->input.n && !common->input.pass && !common->input.fail &&
        !common->input.printed_rate)
        usage_error(program, "--n needs --pass COL, --fail COL or both (or --printed-rate COL)");
    if (common->input.n && (common->pass_values || common->fail_values))
        usage_error(program, "--pass-values and --fail-values go with --result, not with --n");
    need_input(program, common);
    if (common->input.per != SC_PERIOD_NONE && !common->input.period)
        usage_error(program, "--per goes with --period COL");
}

/* FILE, or standard input when none is given and it is not a terminal. */
static void need_input(const char *program, tk_common *common)
{
    if (common->nfiles == 0) {
        if (isatty(STDIN_FILENO))
            usage_error(program, "no input: give FILE, or - to read standard input");
        common->files[common->nfiles++] = "-";
    }
}

/* Standard input can be read once: a file option given "-" is refused when
 * a FILE "-" (or no FILE) or another file option reads it. */
static void check_stdin(const char *program, const tk_tool *info, const void *plan,
                        const char *const *files, size_t nfiles)
{
    char reader[64] = "";
    char message[256];
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(files[i], "-") == 0) /* (twice as FILE: the second finds it empty) */
            snprintf(reader, sizeof reader, "the input FILE");
    for (const tk_opt *o = info->options; o->name; o++) {
        if (o->kind != TK_OPT_FILE)
            continue;
        const char *path = *(const char *const *)(const void *)((const char *)plan + o->offset);
        if (!path || strcmp(path, "-") != 0)
            continue;
        if (reader[0]) {
            snprintf(message, sizeof message, "--%s -: standard input is already %s", o->name,
                     reader);
            usage_error(program, message);
        }
        snprintf(reader, sizeof reader, "--%s", o->name);
    }
}

/* SIGINT, SIGTERM, SIGHUP: the library's temporaries (unfinished outputs,
 * chart scripts and images) are removed and gnuplot stopped, then the
 * signal ends the process as it would have (exit status 128 + signal). */
static void on_signal(int sig)
{
    sc_temp_remove_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action, old;
        /* a signal ignored by the parent (nohup, a background job) stays ignored */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, NULL);
    }
}

void tk_parse(const tk_tool *info, int argc, char **argv, tk_common *common, void *plan)
{
    gsl_set_error_handler_off();
    catch_signals();
    static char program[64];
    snprintf(program, sizeof program, "spotcheck-%s", info->name);
    common->program = program;
    common->output.digits = -1;
    common->input.per = SC_PERIOD_NONE;
    common->files = calloc((size_t)argc + 1, sizeof *common->files);
    const tk_opt **seen = calloc((size_t)argc + 1, sizeof *seen);
    if (!common->files || !seen)
        oom();
    size_t nseen = 0;
    bool only_files = false;
    bool complete_columns = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (info->input == TK_INPUT_NONE) {
                char message[256];
                snprintf(message, sizeof message, "%s takes no input file (\"%s\")",
                         program, arg);
                usage_error(program, message);
            }
            common->files[common->nfiles++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_files = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            tk_print_help(info);
            finish_stdout(program);
        }
        if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
            printf("spotcheck-%s (spotcheck) %s\n", info->name, sc_version());
            finish_stdout(program);
        }
        if (strcmp(arg, "--man") == 0) {
            tk_print_man(info);
            finish_stdout(program);
        }
        if (strcmp(arg, "--complete-options") == 0) {
            tk_print_completion(info);
            finish_stdout(program);
        }
        if (strcmp(arg, "--complete-columns") == 0) {
            complete_columns = true;
            continue;
        }
        const char *name = arg + 2;
        const char *value = NULL;
        size_t len;
        bool tool_option = false;
        const tk_opt *o;
        if (strcmp(arg, "-o") == 0) {
            o = find_option(info, "output", 6, &tool_option);
            name = "output";
            if (!o)
                not_an_option(program, info, name, strlen(name));
        } else {
            if (strncmp(arg, "--", 2) != 0) {
                char message[256];
                snprintf(message, sizeof message, "unknown option %s", arg);
                usage_error(program, message);
            }
            const char *eq = strchr(name, '=');
            len = eq ? (size_t)(eq - name) : strlen(name);
            if (eq)
                value = eq + 1;
            o = find_option(info, name, len, &tool_option);
            if (!o)
                not_an_option(program, info, name, len);
        }
        char message[SC_ERROR_MESSAGE_MAX + 64];
        if (o->arg && !value) {
            if (i + 1 >= argc) {
                snprintf(message, sizeof message, "--%s needs a value (%s)", o->name, o->arg);
                usage_error(program, message);
            }
            value = argv[++i];
        } else if (!o->arg && value) {
            snprintf(message, sizeof message, "--%s takes no value", o->name);
            usage_error(program, message);
        }
        for (size_t k = 0; k < nseen && !o->repeatable; k++)
            if (seen[k] == o) {
                snprintf(message, sizeof message, "--%s given more than once", o->name);
                usage_error(program, message);
            }
        seen[nseen++] = o;
        sc_error err;
        sc_error_clear(&err);
        if (apply_option(o, tool_option ? plan : (void *)common, value, &err) != SC_OK) {
            if (err.status == SC_ENOMEM)
                oom();
            usage_error(program, err.message);
        }
    }
    free(seen);
    if (common->input.threads == 0) { /* --threads not given: the online CPUs */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        common->input.threads = cpus < 1                   ? 1
                                : cpus > SC_CSV_CHUNKS_MAX ? SC_CSV_CHUNKS_MAX
                                                           : (unsigned)cpus;
    }
    common->output.threads = common->input.threads; /* a long table's rows are formatted so */
    if (complete_columns)
        exit(tk_print_columns(common));
    size_t out_len = common->output_path ? strlen(common->output_path) : 0;
    bool xlsx_name = out_len > 5 && !strcmp(common->output_path + out_len - 5, ".xlsx");
    if (!common->format_given)
        common->output.format = xlsx_name                 ? SC_FORMAT_XLSX
                                : isatty(STDOUT_FILENO) ? SC_FORMAT_TABLE
                                                        : SC_FORMAT_CSV;
    if (common->output.format == SC_FORMAT_XLSX && !tk_output_file(common))
        usage_error(program, "--format xlsx writes a file: give -o FILE.xlsx");
    if (common->encoding != SC_OUTPUT_UTF8 &&
        (common->output.format == SC_FORMAT_JSON || common->output.format == SC_FORMAT_XLSX))
        usage_error(program, "--output-encoding goes with table, csv, tsv and md: json and "
                             "xlsx are UTF-8 by their definitions");
    if (info->input == TK_INPUT_RECORDS)
        check_input_options(program, common);
    /* a printed rate is the rate the tool's --rate names */
    for (const tk_opt *o = info->options; o->name; o++)
        if (strcmp(o->name, "rate") == 0 && o->kind == TK_OPT_CHOICE)
            common->input.printed_fail =
                *(const int *)(const void *)((const char *)plan + o->offset) == SC_RATE_FAIL;
    else if (info->input == TK_INPUT_TABLE)
        need_input(program, common);
    check_stdin(program, info, plan, common->files, common->nfiles);
}

void tk_usage_error(const tk_common *common, const char *message)
{
    usage_error(common->program, message);
}

sc_period tk_current(const tk_common *common, const char *text)
{
    sc_period current, unused;
    sc_error why;
    sc_error_clear(&why);
    if (sc_diff_periods(text, "year-ago", common->input.per, &current, &unused, &why) != SC_OK)
        usage_error(common->program, why.message);
    return current;
}

void tk_add_key(tk_common *common, const char *column)
{
    char **keys = realloc(common->keys, (common->nkeys + 1) * sizeof *keys);
    if (!keys || !(keys[common->nkeys] = strdup(column)))
        oom();
    common->keys = keys;
    common->nkeys++;
}

size_t tk_add_key_list(tk_common *common, const char *list)
{
    size_t n;
    char **items = split_list(list, &n);
    if (!items)
        oom();
    for (size_t i = 0; i < n; i++) {
        if (!items[i][0])
            usage_error(common->program, "an empty column name in a list of columns");
        tk_add_key(common, items[i]);
        free(items[i]);
    }
    free(items);
    return n;
}

void tk_free(tk_common *common)
{
    for (size_t k = 0; k < common->nkeys; k++)
        free(common->keys[k]);
    free(common->keys);
    for (size_t k = 0; k < common->ncolumns; k++)
        free(common->columns[k]);
    free(common->columns);
    for (size_t w = 0; w < common->nwhere; w++)
        sc_where_clear(&common->where[w]);
    free(common->where);
    char **lists[] = {common->pass_values, common->fail_values};
    for (size_t l = 0; l < 2; l++) {
        for (char **v = lists[l]; v && *v; v++)
            free(*v);
        free(lists[l]);
    }
    free(common->files);
}

sc_status tk_parse_probability(const char *option, const char *value, double *out, sc_error *err)
{
    char *end;
    errno = 0;
    /* plain decimal only: strtod would also take "0x0.8", "inf" and "nan" */
    bool decimal = value[strspn(value, "0123456789.eE+-%")] == '\0';
    double p = decimal ? strtod(value, &end) : 0;
    if (!decimal)
        end = (char *)value;
    else if (end != value && *end == '%') {
        p /= 100;
        end++;
    }
    if (end == value || *end || errno || !(p > 0 && p < 1)) {
        /* 95 was meant as a percentage: say how to write it (a level under 50% is
         * no level anyone means) */
        double least = strcmp(option, "level") == 0 ? 50 : 1;
        if (end != value && !*end && !errno && p > least && p < 100 && !strchr(value, '%'))
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--%s \"%s\": give a number between 0 and 1 or a percentage: "
                                "did you mean %s%%?",
                                option, value, value);
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--%s \"%s\": give a number between 0 and 1 (or a percentage)",
                            option, value);
    }
    /* a confidence level outside [0.5, 0.999999] is no level anyone means, and
     * at 1e-20 or 1 - 1e-15 the iterative intervals (Miettinen-Nurminen, profile
     * likelihood) no longer converge: refused for every tool as a usage error */
    if (strcmp(option, "level") == 0 && !(p >= SC_LEVEL_MIN && p <= SC_LEVEL_MAX))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--level \"%s\": a confidence level must lie between 0.5 and "
                            "0.999999 (50%% and 99.9999%%)",
                            value);
    *out = p;
    return SC_OK;
}
