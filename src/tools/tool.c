/* spotcheck — what every tool shares.  See tool.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

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

static sc_status opt_pass_values(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    return opt_values(&((sc_common *)plan)->pass_values, "pass-values", value, err);
}

static sc_status opt_fail_values(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    return opt_values(&((sc_common *)plan)->fail_values, "fail-values", value, err);
}

static sc_status opt_by(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    sc_common *c = plan;
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

static sc_status opt_where(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    sc_common *c = plan;
    sc_where *where = realloc(c->where, (c->nwhere + 1) * sizeof *where);
    if (!where)
        oom();
    c->where = where;
    sc_status s = sc_where_parse(value, &where[c->nwhere], err);
    if (s == SC_OK)
        c->nwhere++;
    return s;
}

static sc_status opt_per(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    sc_common *c = plan;
    if (sc_period_kind_from_name(value, &c->input.per) == SC_OK)
        return SC_OK;
    char names[128];
    sc_registry_list(&sc_period_kinds, ", ", " or ", names, sizeof names);
    return sc_error_set(err, SC_EINVAL, NULL, 0, "--per \"%s\": use %s", value, names);
}

static sc_status opt_encoding(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    if (sc_encoding_from_name(value, &((sc_common *)plan)->input.csv.encoding) != SC_OK)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--encoding \"%s\": use auto, utf-8 or gb18030 (also gbk, cp936)",
                            value);
    return SC_OK;
}

static sc_status opt_delimiter(void *plan, const sc_opt *opt, const char *value, sc_error *err)
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
    ((sc_common *)plan)->input.csv.delimiter = d;
    return SC_OK;
}

static sc_status opt_skip_bad(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    (void)value, (void)err;
    sc_common *c = plan;
    c->input.skip_bad = true;
    c->input.csv.skip_ragged = true;
    return SC_OK;
}

static sc_status opt_size(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    sc_common *c = plan;
    return sc_chart_parse_size(value, &c->width, &c->height, err);
}

static sc_status opt_format(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    sc_common *c = plan;
    if (sc_format_from_name(value, &c->output.format) != SC_OK) {
        char names[128];
        sc_registry_list(&sc_formats, ", ", " or ", names, sizeof names);
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--format \"%s\": use %s", value, names);
    }
    c->format_given = true;
    return SC_OK;
}

static sc_status opt_digits(void *plan, const sc_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    char *end;
    errno = 0;
    long digits = strtol(value, &end, 10);
    if (end == value || *end || errno || digits < 0 || digits > 15)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--digits \"%s\": give a whole number 0 to 15",
                            value);
    ((sc_common *)plan)->output.digits = (int)digits;
    return SC_OK;
}

#define COMMON(member) offsetof(sc_common, member)

static const sc_opt input_options[] = {
    {.name = "result", .arg = "COL", .kind = SC_OPT_STRING, .offset = COMMON(input.result),
     .help = "column holding each batch's verdict (record-level input)"},
    {.name = "pass-values", .arg = "LIST", .kind = SC_OPT_CUSTOM, .apply = opt_pass_values,
     .help = "comma-separated verdicts that count as pass (replaces the default list)"},
    {.name = "fail-values", .arg = "LIST", .kind = SC_OPT_CUSTOM, .apply = opt_fail_values,
     .help = "comma-separated verdicts that count as fail (replaces the default list)"},
    {.name = "n", .arg = "COL", .kind = SC_OPT_STRING, .offset = COMMON(input.n),
     .help = "column holding the number of batches (aggregated input)"},
    {.name = "pass", .arg = "COL", .kind = SC_OPT_STRING, .offset = COMMON(input.pass),
     .help = "column holding the number of passed batches (with --n)"},
    {.name = "fail", .arg = "COL", .kind = SC_OPT_STRING, .offset = COMMON(input.fail),
     .help = "column holding the number of failed batches (with --n; with --pass too, each "
             "row's n must be passed + failed)"},
    {.name = "by", .arg = "COLS", .kind = SC_OPT_CUSTOM, .apply = opt_by,
     .help = "comma-separated columns to group by"},
    {.name = "period", .arg = "COL", .kind = SC_OPT_STRING, .offset = COMMON(input.period),
     .help = "column holding the period (2024, 2024H1, 2024Q3, 2024-07, 2024年第三季度, dates "
             "with --per); it becomes a group column"},
    {.name = "per", .arg = "KIND", .kind = SC_OPT_CUSTOM, .apply = opt_per,
     .help = "roll periods and dates up to year, half, quarter, month or day"},
    {.name = "where", .arg = "COL=VALUE", .kind = SC_OPT_CUSTOM, .apply = opt_where,
     .repeatable = true,
     .help = "use only rows where COL equals VALUE (COL!=VALUE: differs); repeatable, all must "
             "hold"},
    {.name = "encoding", .arg = "ENC", .kind = SC_OPT_CUSTOM, .apply = opt_encoding,
     .help = "input encoding: auto (default), utf-8 or gb18030"},
    {.name = "delimiter", .arg = "CHAR", .kind = SC_OPT_CUSTOM, .apply = opt_delimiter,
     .help = "field delimiter (default \",\"; \"tab\" for tabs)"},
    {.name = "no-header", .kind = SC_OPT_FLAG, .offset = COMMON(input.csv.no_header),
     .help = "the first row is data; name columns by number"},
    {.name = "skip-bad", .kind = SC_OPT_CUSTOM, .apply = opt_skip_bad,
     .help = "skip bad rows instead of stopping, and report how many"},
    {.name = "keep-total-rows", .kind = SC_OPT_FLAG, .offset = COMMON(input.keep_total_rows),
     .help = "count rows labelled 合计, 总计, 小计, 共计, 全部, 总体, Total, Subtotal, Grand total "
             "or All as groups (by default they are left out, with a note)"},
    {0},
};

static const char *const lang_names[] = {[SC_LANG_EN] = "en", [SC_LANG_ZH] = "zh", NULL};
static const char *const rounding_names[] = {[SC_ROUND_HALF_UP] = "half-up",
                                             [SC_ROUND_HALF_EVEN] = "half-even", NULL};

static const sc_opt output_options[] = {
    {.name = "format", .arg = "FMT", .kind = SC_OPT_CUSTOM, .apply = opt_format,
     .help = "table, csv, tsv, json or md (default: table on a terminal, else csv)"},
    {.name = "digits", .arg = "N", .kind = SC_OPT_CUSTOM, .apply = opt_digits,
     .help = "decimals to show (default 4; 2 with --percent), rounded as --rounding says"},
    {.name = "rounding", .arg = "RULE", .kind = SC_OPT_CHOICE, .offset = COMMON(output.rounding),
     .choices = rounding_names,
     .help = "half-up (default: 四舍五入, 0.125 -> 0.13) or half-even (GB/T 8170 数值修约, "
             "四舍六入五成双: an exact half to the even digit, 0.125 -> 0.12)"},
    {.name = "percent", .kind = SC_OPT_FLAG, .offset = COMMON(output.percent),
     .help = "show rates, levels and targets as percentages, and changes of rates in "
             "percentage points (pp, without %)"},
    {.name = "lang", .arg = "LANG", .kind = SC_OPT_CHOICE, .offset = COMMON(output.lang),
     .choices = lang_names, .help = "labels of table and md output: en (default) or zh"},
    {.name = "output", .arg = "FILE", .kind = SC_OPT_STRING, .offset = COMMON(output_path),
     .help = "write to FILE (whole or not at all) instead of standard output"},
    {.name = "plot", .arg = "FILE.gp", .kind = SC_OPT_STRING, .offset = COMMON(plot_path),
     .help = "write the chart as a self-contained gnuplot script (`gnuplot FILE.gp` draws "
             "FILE.png, or the --render file)"},
    {.name = "render", .arg = "FILE", .kind = SC_OPT_STRING, .offset = COMMON(render_path),
     .help = "draw the chart with gnuplot into FILE.png, FILE.svg or FILE.pdf"},
    {.name = "size", .arg = "WxH", .kind = SC_OPT_CUSTOM, .apply = opt_size,
     .help = "chart size in pixels (default 1200x800; taller when groups need room)"},
    {.name = "font", .arg = "FONT", .kind = SC_OPT_STRING, .offset = COMMON(font),
     .help = "chart font as FAMILY or FAMILY,SIZE (default \"Noto Sans CJK SC,12\")"},
    {0},
};

/* Stores an option's value in the plan as its row says. */
static sc_status apply_option(const sc_opt *o, void *plan, const char *value, sc_error *err)
{
    char *field = (char *)plan + o->offset;
    switch (o->kind) {
    case SC_OPT_FLAG:
        *(bool *)(void *)field = true;
        return SC_OK;
    case SC_OPT_STRING:
        if (!*value)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s: the value is empty", o->name);
        *(const char **)(void *)field = value;
        return SC_OK;
    case SC_OPT_CHOICE:
        for (int i = 0; o->choices[i]; i++)
            if (strcmp(value, o->choices[i]) == 0) {
                *(int *)(void *)field = i;
                return SC_OK;
            }
        break;
    case SC_OPT_PROBABILITY:
        return sc_parse_probability(o->name, value, (double *)(void *)field, err);
    case SC_OPT_COUNT: {
        char *end;
        errno = 0;
        unsigned long long count = strtoull(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end || errno)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "--%s \"%s\": give a whole number",
                                o->name, value);
        *(uint64_t *)(void *)field = (uint64_t)count;
        return SC_OK;
    }
    case SC_OPT_NAME: {
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
    case SC_OPT_CUSTOM:
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

/* ---- help and man page ----------------------------------------------------- */

static void help_options(FILE *out, const char *title, const sc_opt *options)
{
    fprintf(out, "\n%s:\n", title);
    for (const sc_opt *o = options; o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        if (strcmp(o->name, "output") == 0)
            snprintf(left, sizeof left, "-o, --output FILE");
        size_t width = strlen(left);
        fprintf(out, "  %s%*s%s\n", left, width < 24 ? (int)(24 - width) : 1, "", o->help);
    }
}

/* The heading of a tool's own options: its name, capitalised ("Rate"). */
static const char *tool_title(const sc_tool_info *info, char *buf, size_t size)
{
    snprintf(buf, size, "%s", info->name);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

static void print_help(const sc_tool_info *info)
{
    printf("Usage: spotcheck %s [OPTION]... [FILE]...\n%s\n", info->name, info->summary);
    printf("FILE may be - for standard input; with no FILE, standard input is read.\n");
    help_options(stdout, "Input", input_options);
    char title[64];
    help_options(stdout, tool_title(info, title, sizeof title), info->options);
    help_options(stdout, "Output", output_options);
    printf("\n  -h, --help              show this help and exit\n"
           "  -V, --version           show the version and exit\n"
           "\nExit status: 0 ok, 64 usage error, 65 bad input data, 66 cannot open input,\n"
           "69 gnuplot unavailable, 74 read or write error.  See man spotcheck-%s.\n",
           info->name);
}

/* Writes text as roff: backslashes escaped, lines that would start a request
 * protected, hyphens in options made real minus signs. */
static void roff_text(FILE *out, const char *text)
{
    bool line_start = true;
    for (const char *p = text; *p; p++) {
        if (line_start && (*p == '.' || *p == '\''))
            fputs("\\&", out);
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-')
            fputs("\\-", out);
        else
            fputc(*p, out);
        line_start = *p == '\n';
    }
}

/* Paragraphs separated by blank lines; lines starting with two spaces are
 * examples shown verbatim. */
static void roff_paragraphs(FILE *out, const char *text)
{
    const char *p = text;
    bool in_example = false;
    bool paragraph_open = false;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
        if (!line[0]) {
            if (in_example)
                fputs(".EE\n", out);
            in_example = false;
            paragraph_open = false;
        } else if (strncmp(line, "  ", 2) == 0) {
            if (!in_example)
                fputs(".PP\n.EX\n", out);
            in_example = true;
            roff_text(out, line + 2);
            fputc('\n', out);
        } else {
            if (in_example)
                fputs(".EE\n", out);
            in_example = false;
            if (!paragraph_open)
                fputs(".PP\n", out);
            paragraph_open = true;
            roff_text(out, line);
            fputc('\n', out);
        }
        p += len + (end ? 1 : 0);
    }
    if (in_example)
        fputs(".EE\n", out);
}

static void man_options(FILE *out, const char *title, const sc_opt *options)
{
    fprintf(out, ".SS %s\n", title);
    for (const sc_opt *o = options; o->name; o++) {
        fputs(".TP\n", out);
        if (strcmp(o->name, "output") == 0)
            fputs(".BR \\-o \", \" \\-\\-output \" \\fIFILE\\fR\"\n", out);
        else if (o->arg) {
            fputs(".BI \"", out);
            roff_text(out, "--");
            roff_text(out, o->name);
            fputs(" \" ", out);
            roff_text(out, o->arg);
            fputc('\n', out);
        } else {
            fputs(".B ", out);
            roff_text(out, "--");
            roff_text(out, o->name);
            fputc('\n', out);
        }
        roff_text(out, o->help);
        fputs(".\n", out);
    }
}

static void print_man(const sc_tool_info *info)
{
    char upper[64];
    snprintf(upper, sizeof upper, "SPOTCHECK-%s", info->name);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    printf(".\\\" Generated by spotcheck-%s --man from the option tables; do not edit.\n",
           info->name);
    printf(".TH %s 1 \"\" \"spotcheck %s\" \"spotcheck manual\"\n", upper, sc_version());
    printf(".SH NAME\nspotcheck\\-%s \\- ", info->name);
    roff_text(stdout, info->summary);
    printf("\n.SH SYNOPSIS\n.B spotcheck %s\n[\\fIOPTION\\fR]... [\\fIFILE\\fR]...\n", info->name);
    printf(".SH DESCRIPTION\n");
    roff_paragraphs(stdout, info->description);
    printf(".SH OPTIONS\n");
    man_options(stdout, "Input", input_options);
    char title[64];
    man_options(stdout, tool_title(info, title, sizeof title), info->options);
    man_options(stdout, "Output", output_options);
    printf(".SS Other\n.TP\n.BR \\-h \", \" \\-\\-help\nShow the help and exit.\n"
           ".TP\n.BR \\-V \", \" \\-\\-version\nShow the version and exit.\n");
    for (const sc_man_section *s = info->sections; s && s->title; s++) {
        printf(".SH %s\n", s->title);
        roff_paragraphs(stdout, s->text);
    }
    printf(".SH EXIT STATUS\n.TP\n0\nSuccess.\n.TP\n64\nUsage error (unknown option, bad option "
           "value, no such column).\n.TP\n65\nBad input data: the message names the file, line, "
           "column and value.\n.TP\n66\nAn input file cannot be opened.\n.TP\n69\ngnuplot cannot be run "
           "for \\-\\-render.\n.TP\n70\nInternal "
           "error.\n.TP\n74\nRead or write error.\n");
    printf(".SH SEE ALSO\nThe project's README.md and docs/ directory.\n");
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
    fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", program, message, program);
    exit(64);
}

static const sc_opt *find_option(const sc_tool_info *info, const char *name, size_t len,
                                 bool *tool_option)
{
    const sc_opt *tables[] = {input_options, output_options, info->options};
    for (size_t t = 0; t < 3; t++)
        for (const sc_opt *o = tables[t]; o->name; o++)
            if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
                *tool_option = t == 2;
                return o;
            }
    return NULL;
}

void sc_tool_parse(const sc_tool_info *info, int argc, char **argv, sc_common *common, void *plan)
{
    gsl_set_error_handler_off();
    static char program[64];
    snprintf(program, sizeof program, "spotcheck-%s", info->name);
    common->program = program;
    common->output.digits = -1;
    common->input.per = SC_PERIOD_NONE;
    common->files = calloc((size_t)argc + 1, sizeof *common->files);
    const sc_opt **seen = calloc((size_t)argc + 1, sizeof *seen);
    if (!common->files || !seen)
        oom();
    size_t nseen = 0;
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            common->files[common->nfiles++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_files = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_help(info);
            finish_stdout(program);
        }
        if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
            printf("spotcheck-%s (spotcheck) %s\n", info->name, sc_version());
            finish_stdout(program);
        }
        if (strcmp(arg, "--man") == 0) {
            print_man(info);
            finish_stdout(program);
        }
        const char *name = arg + 2;
        const char *value = NULL;
        size_t len;
        bool tool_option = false;
        const sc_opt *o;
        if (strcmp(arg, "-o") == 0) {
            o = find_option(info, "output", 6, &tool_option);
            name = "output";
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
            if (!o) {
                char message[256];
                snprintf(message, sizeof message, "unknown option --%.*s", (int)len, name);
                usage_error(program, message);
            }
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
    if (common->input.value && (common->input.result || common->input.n))
        usage_error(program, "--value reads a numeric series: give it without --result or --n");
    if (!common->input.value && !common->input.result == !common->input.n)
        usage_error(program, "give either --result COL (one row per batch) or --n COL with "
                             "--pass COL or --fail COL (one row per group)");
    if (common->input.result && (common->input.pass || common->input.fail))
        usage_error(program, "--pass and --fail go with --n, not with --result");
    if (common->input.n && !common->input.pass && !common->input.fail)
        usage_error(program, "--n needs --pass COL, --fail COL or both");
    if (common->input.n && (common->pass_values || common->fail_values))
        usage_error(program, "--pass-values and --fail-values go with --result, not with --n");
    if (common->nfiles == 0) {
        if (isatty(STDIN_FILENO))
            usage_error(program, "no input: give FILE, or - to read standard input");
        common->files[common->nfiles++] = "-";
    }
    if (common->input.per != SC_PERIOD_NONE && !common->input.period)
        usage_error(program, "--per goes with --period COL");
    if (!common->format_given)
        common->output.format = isatty(STDOUT_FILENO) ? SC_FORMAT_TABLE : SC_FORMAT_CSV;
}

void sc_tool_usage_error(const sc_common *common, const char *message)
{
    usage_error(common->program, message);
}

void sc_tool_add_key(sc_common *common, const char *column)
{
    char **keys = realloc(common->keys, (common->nkeys + 1) * sizeof *keys);
    if (!keys || !(keys[common->nkeys] = strdup(column)))
        oom();
    common->keys = keys;
    common->nkeys++;
}

void sc_tool_free(sc_common *common)
{
    for (size_t k = 0; k < common->nkeys; k++)
        free(common->keys[k]);
    free(common->keys);
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

int sc_tool_fail(const sc_common *common, const sc_error *err)
{
    char text[SC_ERROR_MESSAGE_MAX + 300];
    sc_error_format(err, text, sizeof text);
    fprintf(stderr, "%s: %s\n", common->program, text);
    return sc_exit_code(err->status);
}

/* Why --where left no rows, with what the data holds instead: "no rows
 * matched --where 地区=zhejiang; 地区 holds Zhejiang (another case)".
 * false when every filter held for some row. */
static bool why_empty(const sc_common *common, const sc_read_stats *stats, char *text,
                      size_t size)
{
    for (size_t w = 0; w < common->nwhere && w < SC_WHERE_TRACKED; w++) {
        const sc_where *where = &common->where[w];
        const sc_where_stats *seen = &stats->where[w];
        if (seen->matched)
            continue;
        int used = snprintf(text, size, "no rows matched --where %s%s%s", where->column,
                            where->negate ? "!=" : "=", where->value);
        size_t at = used > 0 && (size_t)used < size ? (size_t)used : size - 1;
        if (seen->other_case[0])
            snprintf(text + at, size - at, "; %s holds \"%s\" (the value in another case)",
                     where->column, seen->other_case);
        else if (seen->similar[0])
            snprintf(text + at, size - at, "; the nearest value of %s is \"%s\"", where->column,
                     seen->similar);
        else if (seen->last_period[0])
            snprintf(text + at, size - at, "; the last period in the data is %s",
                     seen->last_period);
        else if (seen->nvalues) {
            char values[SC_WHERE_SAMPLE * 66 + 8] = "";
            for (size_t i = 0; i < seen->nvalues; i++) {
                strcat(values, i ? ", " : "");
                strcat(values, seen->values[i]);
            }
            snprintf(text + at, size - at, "; values of %s include %s%s", where->column, values,
                     seen->more_values ? ", ..." : "");
        }
        return true;
    }
    if (common->nwhere == 0 || stats->rows_used || stats->rows_skipped || stats->rows_total ||
        !stats->rows_read)
        return false;
    snprintf(text, size, "no rows matched all the --where filters together");
    return true;
}

/* Contract of sc_tool_read: an empty selection is said on stderr, or is an
 * error for a tool that needs rows. */
static sc_status empty_result(const sc_common *common, const sc_read_stats *stats, sc_error *err)
{
    char text[SC_ERROR_MESSAGE_MAX];
    if (!stats->rows_read || !why_empty(common, stats, text, sizeof text))
        return SC_OK;
    if (common->need_rows && !stats->rows_used)
        return sc_error_set(err, SC_EDATA, NULL, 0, "%s", text);
    fprintf(stderr, "%s: %s\n", common->program, text);
    return SC_OK;
}

void sc_tool_note(const sc_common *common, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    fprintf(stderr, "%s: note: ", common->program);
    vfprintf(stderr, format, ap);
    fputc('\n', stderr);
    va_end(ap);
}

sc_status sc_tool_read(sc_common *common, sc_groups *groups, sc_read_stats *stats, sc_error *err)
{
    sc_input_spec *spec = &common->input;
    spec->keys = (const char *const *)common->keys;
    spec->nkeys = common->nkeys;
    spec->period_at = common->nby;
    spec->where = common->where;
    spec->nwhere = common->nwhere;
    spec->pass_values = (const char *const *)common->pass_values;
    spec->fail_values = (const char *const *)common->fail_values;
    *stats = (sc_read_stats){0};
    sc_status s = sc_records_read(spec, common->files, common->nfiles, groups, stats, err);
    if (s == SC_OK && spec->skip_bad) {
        fprintf(stderr, "%s: read %llu row%s, used %llu, skipped %llu\n", common->program,
                (unsigned long long)stats->rows_read, stats->rows_read == 1 ? "" : "s",
                (unsigned long long)stats->rows_used, (unsigned long long)stats->rows_skipped);
        if (stats->rows_skipped) {
            char text[SC_ERROR_MESSAGE_MAX + 300];
            sc_error_format(&stats->first_skipped, text, sizeof text);
            fprintf(stderr, "%s: first skipped: %s\n", common->program, text);
        }
        if (stats->rows_used == 0 && stats->rows_skipped > 0)
            s = sc_error_set(err, SC_EDATA, NULL, 0,
                             "every row was skipped as bad: check --result, --n and the columns");
    }
    if (s == SC_OK && stats->rows_total)
        fprintf(stderr,
                "%s: left out %llu total row%s (the first, \"%s\", at %s:%llu); "
                "--keep-total-rows counts them as groups\n",
                common->program, (unsigned long long)stats->rows_total,
                stats->rows_total == 1 ? "" : "s", stats->total_label, stats->total_file,
                stats->total_line);
    if (s == SC_OK)
        s = empty_result(common, stats, err);
    return s;
}

/* Names the output in a write error that came without a place. */
static sc_status name_output(sc_status s, sc_error *err, const char *name)
{
    if (s != SC_OK && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", name);
    return s;
}

/* Something that writes itself to a stream: the result tables, or a chart's
 * script.  It need not flush. */
typedef sc_status (*emit_fn)(FILE *out, const void *what, sc_error *err);

typedef struct tables_to_write {
    const sc_common *common;
    const sc_named_table *tables;
    size_t ntables;
    const sc_meta *meta;
} tables_to_write;

static sc_status emit_tables(FILE *out, const void *what, sc_error *err)
{
    const tables_to_write *t = what;
    return sc_output_write_many(out, t->tables, t->ntables, &t->common->output, t->meta, err);
}

static sc_status emit_chart(FILE *out, const void *what, sc_error *err)
{
    return sc_chart_write(what, out, err);
}

static sc_status write_stream(FILE *out, emit_fn emit, const void *what, sc_error *err)
{
    sc_status s = emit(out, what, err);
    if (s == SC_OK && (fflush(out) != 0 || ferror(out)))
        s = sc_error_set(err, SC_EIO, NULL, 0, "write error: %s", strerror(errno));
    return s;
}

/* Writes a file whole or not at all (sc_atomic_file_open: a temporary file
 * renamed into place; devices, FIFOs and /dev/stdout written in place). */
static sc_status write_file(const char *path, emit_fn emit, const void *what, sc_error *err)
{
    sc_atomic_file *file;
    sc_status s = sc_atomic_file_open(path, SC_ATOMIC_STREAM, &file, err);
    if (s != SC_OK)
        return s;
    s = write_stream(sc_atomic_file_stream(file), emit, what, err);
    if (s == SC_OK)
        return name_output(sc_atomic_file_commit(file, err), err, path);
    sc_atomic_file_abort(file);
    return name_output(s, err, path);
}

sc_status sc_tool_write(const sc_common *common, const sc_named_table *tables, size_t ntables,
                        const sc_meta *meta, sc_error *err)
{
    tables_to_write what = {common, tables, ntables, meta};
    if (common->output_path)
        return write_file(common->output_path, emit_tables, &what, err);
    return name_output(write_stream(stdout, emit_tables, &what, err), err, "<stdout>");
}

sc_meta sc_tool_meta(const sc_common *common, const char *tool, const sc_read_stats *stats,
                     const sc_kv *options, size_t noptions)
{
    return (sc_meta){
        .tool = tool,
        .version = sc_version(),
        .inputs = common->files,
        .n_inputs = common->nfiles,
        .rows_read = stats->rows_read,
        .rows_used = stats->rows_used,
        .rows_skipped = stats->rows_skipped,
        .total_rows_left_out = stats->rows_total,
        .options = options,
        .n_options = noptions,
    };
}

bool sc_tool_words_zh(const sc_common *common)
{
    const sc_output_opts *o = &common->output;
    return o->lang == SC_LANG_ZH && (o->format == SC_FORMAT_TABLE || o->format == SC_FORMAT_MD);
}

const char *sc_tool_word(const sc_common *common, const char *word)
{
    return sc_word(sc_tool_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN, word);
}

bool sc_tool_wants_chart(const sc_common *common)
{
    return common->plot_path || common->render_path;
}

sc_status sc_tool_chart(const sc_common *common, sc_chart *chart, sc_error *err)
{
    sc_status s = sc_chart_set_lang(chart, common->output.lang);
    if (s == SC_OK && common->font)
        s = sc_chart_set_font(chart, common->font, err);
    if (s == SC_OK && common->width)
        s = sc_chart_set_size(chart, common->width, common->height, err);
    /* the image: --render's, or for a script alone FILE.png beside FILE.gp,
     * so that `gnuplot FILE.gp` draws it */
    char image[4096];
    if (common->render_path)
        snprintf(image, sizeof image, "%s", common->render_path);
    else {
        size_t len = strlen(common->plot_path);
        if (len > 3 && strcmp(common->plot_path + len - 3, ".gp") == 0)
            len -= 3;
        snprintf(image, sizeof image, "%.*s.png", (int)len, common->plot_path);
    }
    sc_chart_term term = SC_CHART_TERM_PNG;
    if (s == SC_OK)
        s = sc_chart_term_from_path(image, &term, err);
    if (s == SC_OK)
        s = sc_chart_set_output(chart, term, image, err);
    if (s == SC_OK && common->plot_path)
        s = write_file(common->plot_path, emit_chart, chart, err);
    if (s == SC_OK && common->render_path)
        s = sc_chart_render(chart, NULL, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    return s;
}

sc_status sc_parse_probability(const char *option, const char *value, double *out, sc_error *err)
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
    *out = p;
    return SC_OK;
}
