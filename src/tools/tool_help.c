/* spotcheck — the tool kit's --help and --man: both generated from the
 * option rows and the tool's man sections.  See tool.h.
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

#include "tool_internal.h"

/* ---- help and man page ----------------------------------------------------- */

/* The rows of `options` the tool takes (tk_offers; info NULL: all, the tool's own). */
static void help_options(FILE *out, const char *title, const tk_opt *options,
                         const tk_tool *info)
{
    fprintf(out, "\n%s:\n", title);
    for (const tk_opt *o = options; o->name; o++) {
        if (info && !tk_offers(info, o))
            continue;
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        if (strcmp(o->name, "output") == 0)
            snprintf(left, sizeof left, "-o, --output FILE");
        size_t width = strlen(left);
        fprintf(out, "  %s%*s%s\n", left, width < 24 ? (int)(24 - width) : 1, "", o->help);
    }
}

/* The heading of a tool's own options: its name, capitalised ("Rate"). */
static const char *tool_title(const tk_tool *info, char *buf, size_t size)
{
    snprintf(buf, size, "%s", info->name);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

void tk_print_help(const tk_tool *info)
{
    bool records = info->input != TK_INPUT_NONE;
    printf("Usage: spotcheck %s [OPTION]...%s\n%s\n", info->name, records ? " [FILE]..." : "",
           info->summary);
    if (records) {
        printf("FILE may be - for standard input; with no FILE, standard input is read.\n");
        help_options(stdout, "Input", tk_input_options, info);
    }
    char title[64];
    help_options(stdout, tool_title(info, title, sizeof title), info->options, NULL);
    help_options(stdout, "Output", tk_output_options, info);
    printf("\n  -h, --help              show this help and exit\n"
           "  -V, --version           show the version and exit\n"
           "\nExit status: 0 ok, %s%s%s64 usage error, 65 bad input data, 66 cannot open input,\n"
           "%s74 read or write error.  See man spotcheck-%s.\n",
           info->exit_one ? "1 " : "", info->exit_one ? info->exit_one : "",
           info->exit_one ? ",\n" : "", info->no_chart ? "" : "69 gnuplot unavailable, ",
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

static void man_options(FILE *out, const char *title, const tk_opt *options,
                        const tk_tool *info)
{
    fprintf(out, ".SS %s\n", title);
    for (const tk_opt *o = options; o->name; o++) {
        if (info && !tk_offers(info, o))
            continue;
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

void tk_print_man(const tk_tool *info)
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
    bool records = info->input != TK_INPUT_NONE;
    printf("\n.SH SYNOPSIS\n.B spotcheck %s\n[\\fIOPTION\\fR]...%s\n", info->name,
           records ? " [\\fIFILE\\fR]..." : "");
    printf(".SH DESCRIPTION\n");
    roff_paragraphs(stdout, info->description);
    printf(".SH OPTIONS\n");
    if (records)
        man_options(stdout, "Input", tk_input_options, info);
    char title[64];
    man_options(stdout, tool_title(info, title, sizeof title), info->options, NULL);
    man_options(stdout, "Output", tk_output_options, info);
    printf(".SS Other\n.TP\n.BR \\-h \", \" \\-\\-help\nShow the help and exit.\n"
           ".TP\n.BR \\-V \", \" \\-\\-version\nShow the version and exit.\n");
    for (const tk_man_section *s = info->sections; s && s->title; s++) {
        printf(".SH %s\n", s->title);
        roff_paragraphs(stdout, s->text);
    }
    printf(".SH EXIT STATUS\n.TP\n0\nSuccess.\n");
    if (info->exit_one) {
        printf(".TP\n1\n");
        roff_text(stdout, info->exit_one);
        printf(".\n");
    }
    printf(".TP\n64\nUsage error (unknown option, bad option "
           "value, no such column).\n.TP\n65\nBad input data: the message names the file, line, "
           "column and value.\n.TP\n66\nAn input file cannot be opened.\n");
    if (!info->no_chart)
        printf(".TP\n69\ngnuplot cannot be run for \\-\\-render.\n");
    printf(".TP\n70\nInternal error.\n.TP\n74\nRead or write error.\n");
    printf(".SH SEE ALSO\nThe project's README.md and docs/ directory.\n");
}


/* ---- shell completion -------------------------------------------------------- */

/* What an option's value is, for the completion script: a path, a path or a
 * column of the input (FILE|COL), one column of the input (COL), a
 * comma-separated list of them (COLS), a column and a value (COL=VALUE), one
 * of a list of words, or free text. */
static const char *value_kind(const tk_opt *o)
{
    if (strcmp(o->arg, "FILE|COL") == 0)
        return "file-or-column";
    if (o->kind == TK_OPT_FILE || strstr(o->arg, "FILE"))
        return "file";
    if (strcmp(o->arg, "DIR") == 0)
        return "dir";
    if (strcmp(o->arg, "COL") == 0)
        return "column";
    if (strcmp(o->arg, "COLS") == 0)
        return "columns";
    if (strcmp(o->arg, "COL=VALUE") == 0)
        return "column=";
    if (o->choices || o->registry)
        return "word";
    return "text";
}

static void complete_options(const tk_opt *options, const tk_tool *info)
{
    for (const tk_opt *o = options; o->name; o++) {
        if (info && !tk_offers(info, o))
            continue;
        printf("--%s", o->name);
        if (o->arg) {
            printf(" %s", value_kind(o));
            for (size_t i = 0; o->choices && o->choices[i]; i++)
                printf(" %s", o->choices[i]);
            const sc_registry_entry *row;
            for (size_t i = 0; o->registry && i < o->registry->count; i++)
                if ((row = sc_registry_entry_at(o->registry, i)))
                    printf(" %s", row->name);
        }
        putchar('\n');
    }
}

void tk_print_completion(const tk_tool *info)
{
    if (info->input != TK_INPUT_NONE)
        complete_options(tk_input_options, info);
    complete_options(info->options, NULL);
    complete_options(tk_output_options, info);
    printf("--help\n--version\n");
}

int tk_print_columns(const tk_common *common)
{
    if (common->nfiles == 0 || strcmp(common->files[0], "-") == 0)
        return 1;
    sc_csv *csv;
    sc_error err;
    sc_error_clear(&err);
    if (sc_csv_open(common->files[0], &common->input.csv, &csv, &err) != SC_OK)
        return 1;
    for (size_t i = 0; i < sc_csv_columns(csv); i++)
        printf("%s\n", sc_csv_column_name(csv, i));
    sc_csv_close(csv);
    return 0;
}
