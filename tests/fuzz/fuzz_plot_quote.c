/* Fuzz target for the text quoting of the chart scripts (src/lib/plot/quote.h,
 * the security contract of DESIGN.md §6), with an oracle.
 *
 * Input: the first byte picks the kind of text (plain, tic label, file name)
 * and a width limit; the bytes after it, up to the first NUL, are the text;
 * the bytes after that NUL (if any) are a second text, used as a chart title.
 * For every input the target checks, and aborts when one fails:
 *  1. The quoted text is one gnuplot single-quoted string and nothing else:
 *     read back as gnuplot 5.4's scanner reads it (a '' is a quote only
 *     right after a character that is not a quote; the string ends at any
 *     other '), it ends exactly at the last byte; it holds no control byte
 *     and is valid UTF-8.
 *  2. The string read back (each '' one ') equals the text after the
 *     documented replacements, computed here by a model of our own, with its
 *     own UTF-8 decoder: invalid byte → U+FFFD, control character (C0, DEL,
 *     C1, U+2028, U+2029) → space, ' → ’ (plain and tic) or ' (file name), % → %% (tic);
 *     wider than the limit: the longest prefix of at most limit - 1 columns
 *     and "…".  Only display widths of single characters come from the
 *     library (sc_display_width, tested against the Unicode tables).
 *  3. A file name that sc_chart_path_ok accepts reads back unchanged, and
 *     is no pipe for gnuplot (its first non-blank character is not '|').
 *  4. sc_plot_clean_label gives the model's text at 40 columns, quotes kept.
 *  5. A chart whose label and texts are the inputs gives a script in which,
 *     outside quoted strings, data blocks and comments, there is no double
 *     quote, backquote, '@' or non-ASCII byte, and no line starts with '!'.
 *
 * Built like fuzz_records.c: with clang and -DSC_FUZZ=ON as a libFuzzer
 * target, otherwise with a driver that replays the files named on its
 * command line (tests/fuzz/corpus-plot-quote/, a CTest test).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/quote.h"
#include "spotcheck/output.h"
#include "spotcheck/plot.h"
#include "spotcheck/table.h"
#include "writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT_MAX 4096

static void failed(const char *what, const char *text, const char *got, const char *expected)
{
    fprintf(stderr, "fuzz_plot_quote: %s\n  text:     \"%s\"\n  got:      \"%s\"\n"
                    "  expected: \"%s\"\n",
            what, text, got ? got : "", expected ? expected : "");
    abort();
}

/* ---- the model (contract 2), independent of the library's decoder ------------ */

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 table 3-7), 0 when
 * there is none; *cp gets the code point. */
static size_t utf8_sequence(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t n;
    unsigned char low = 0x80, high = 0xBF; /* allowed range of the second byte */
    if (b >= 0xC2 && b <= 0xDF)
        n = 2;
    else if (b == 0xE0)
        n = 3, low = 0xA0;
    else if (b == 0xED)
        n = 3, high = 0x9F; /* no surrogates */
    else if (b >= 0xE1 && b <= 0xEF)
        n = 3;
    else if (b == 0xF0)
        n = 4, low = 0x90;
    else if (b == 0xF4)
        n = 4, high = 0x8F; /* nothing above U+10FFFF */
    else if (b >= 0xF1 && b <= 0xF3)
        n = 4;
    else
        return 0;
    if (len < n || s[1] < low || s[1] > high)
        return 0;
    uint32_t value = b & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
    for (size_t i = 1; i < n; i++) {
        if (i > 1 && (s[i] < 0x80 || s[i] > 0xBF))
            return 0;
        value = (value << 6) | (s[i] & 0x3Fu);
    }
    *cp = value;
    return n;
}

static bool is_control(uint32_t cp)
{
    /* and the line and paragraph separators, which break a chart's line */
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

typedef struct model_opts {
    bool turn_quotes; /* ' → ’ */
    bool double_percent;
    size_t max_columns; /* 0: no limit */
} model_opts;

static void append(char *out, size_t *len, const char *bytes, size_t n)
{
    if (*len + n >= TEXT_MAX * 4)
        abort(); /* cannot happen: inputs are shorter */
    memcpy(out + *len, bytes, n);
    *len += n;
    out[*len] = '\0';
}

/* The text after the replacements of contract 2. */
static void model(const char *text, const model_opts *opts, char *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    /* width of each unit: a sequence, or one invalid byte (1 column) */
    size_t total = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_sequence(s + i, len - i, &cp);
        char unit[5] = {0};
        if (n)
            memcpy(unit, s + i, n);
        total += n ? sc_display_width(unit) : 1;
        i += n ? n : 1;
    }
    bool cut = opts->max_columns > 0 && total > opts->max_columns;
    size_t budget = cut ? opts->max_columns - 1 : (size_t)-1, used = 0, out_len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = utf8_sequence(s + i, len - i, &cp);
        char unit[5] = {0};
        if (n)
            memcpy(unit, s + i, n);
        size_t width = n ? sc_display_width(unit) : 1;
        if (used + width > budget)
            break;
        used += width;
        if (n == 0)
            append(out, &out_len, "\xEF\xBF\xBD", 3);
        else if (is_control(cp))
            append(out, &out_len, " ", 1);
        else if (cp == '\'' && opts->turn_quotes)
            append(out, &out_len, "\xE2\x80\x99", 3);
        else if (cp == '%' && opts->double_percent)
            append(out, &out_len, "%%", 2);
        else
            append(out, &out_len, unit, n);
        i += n ? n : 1;
    }
    if (cut)
        append(out, &out_len, "\xE2\x80\xA6", 3);
}

/* ---- reading back (contract 1) --------------------------------------------- */

/* Reads `quoted` as gnuplot 5.4 scans a single-quoted string and collapses
 * each '' to ' (as its parse_sq does) into `out`.  False when it is not
 * exactly one string. */
static bool read_back(const char *quoted, char *out, const char **why)
{
    size_t len = strlen(quoted), o = 0;
    if (len < 2 || quoted[0] != '\'') {
        *why = "does not start with a quote";
        return false;
    }
    size_t i = 1;
    for (;;) {
        if (i >= len) {
            *why = "the string is not closed";
            return false;
        }
        char c = quoted[i];
        if (c == '\'')
            break; /* the end of the string */
        if ((unsigned char)c < 0x20 || c == 0x7F) {
            *why = "a control byte inside the string";
            return false;
        }
        out[o++] = c;
        if (quoted[i + 1] == '\'' && quoted[i + 2] == '\'') {
            out[o++] = '\''; /* a non-quote followed by '': one quote */
            i += 3;
        } else {
            i += 1;
        }
    }
    out[o] = '\0';
    if (i + 1 != len) {
        *why = "something follows the string";
        return false;
    }
    const unsigned char *s = (const unsigned char *)out;
    for (size_t k = 0, n = strlen(out); k < n;) {
        uint32_t cp;
        size_t used = utf8_sequence(s + k, n - k, &cp);
        if (used == 0 || is_control(cp)) {
            *why = used == 0 ? "invalid UTF-8 inside the string" : "a control character";
            return false;
        }
        k += used;
    }
    return true;
}

/* sc_plot_put_text into a string.  Caller frees. */
static char *quote(const char *text, plot_text_kind kind, size_t max_columns)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (!out)
        abort();
    sc_writer w;
    sc_writer_init(&w, out, NULL, "cannot write");
    sc_plot_put_text(&w, text, kind, max_columns);
    if (sc_writer_finish(&w) != SC_OK)
        abort();
    fclose(out);
    return buf;
}

static void check_quoting(const char *text, plot_text_kind kind, size_t max_columns)
{
    static char expected[TEXT_MAX * 4], got[TEXT_MAX * 8];
    char *quoted = quote(text, kind, max_columns);
    const char *why = NULL;
    if (!read_back(quoted, got, &why))
        failed(why, text, quoted, NULL);
    model_opts opts = {.turn_quotes = kind != PLOT_TEXT_PATH,
                       .double_percent = kind == PLOT_TEXT_TIC,
                       .max_columns = max_columns};
    model(text, &opts, expected);
    if (strcmp(got, expected) != 0)
        failed("the string read back is not the text after the replacements", text, got,
               expected);
    free(quoted);
}

/* ---- the whole script (contract 5) ------------------------------------------ */

static void check_script(const char *script)
{
    bool in_block = false;
    for (const char *line = script; *line;) {
        size_t len = strcspn(line, "\n");
        if (in_block) {
            if (len == 14 && !strncmp(line, "SC_END_OF_DATA", 14))
                in_block = false;
            else if (line[0] != '#') /* the block's column names */
                for (size_t i = 0; i < len; i++)
                    if (!strchr("0123456789.eE+-NaN #", line[i]))
                        failed("a data line holds more than numbers", "", line, NULL);
        } else if (line[0] != '#') {
            if (line[0] == '!')
                failed("a line starts with '!'", "", line, NULL);
            bool quoted = false;
            for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)line[i];
                if (c == '\'') {
                    quoted = !quoted;
                    continue;
                }
                if (!quoted && (c == '"' || c == '`' || c == '@' || c >= 0x80))
                    failed("a character outside a string", "", line, NULL);
            }
            if (len > 18 && line[0] == '$' && strstr(line, " << SC_END_OF_DATA"))
                in_block = true;
        }
        line += len + (line[len] == '\n');
    }
}

static void check_chart(const char *label, const char *title)
{
    sc_table *table = sc_table_new();
    if (!table)
        return;
    size_t row = 0;
    if (sc_table_add_column(table, "label", NULL, SC_COL_STRING) != SC_OK ||
        sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION) != SC_OK ||
        sc_table_add_row(table, &row) != SC_OK) {
        sc_table_free(table);
        return;
    }
    sc_table_set_string(table, row, 0, label);
    sc_table_set_double(table, row, 1, 0.5);
    for (int kind = 0; kind < SC_CHART_KIND_COUNT; kind++) {
        sc_chart *chart = sc_chart_new((sc_chart_kind)kind);
        if (!chart)
            break;
        sc_chart_data data = sc_chart_data_of(table);
        static const size_t label_column[] = {0};
        data.label = label_column;
        data.nlabel = 1;
        data.value = 1;
        if (kind == SC_CHART_FUNNEL || kind == SC_CHART_BAND)
            data.x = 1;
        if (kind == SC_CHART_CONTROL)
            data.lower = data.upper = 1;
        sc_error err;
        char *script = NULL;
        size_t size = 0;
        FILE *out = open_memstream(&script, &size);
        if (out && sc_chart_set_data(chart, &data, &err) == SC_OK) {
            for (int which = 0; which < SC_CHART_TEXT_COUNT; which++)
                sc_chart_set_text(chart, (sc_chart_text)which, which % 2 ? title : label);
            sc_chart_set_target(chart, 0.4);
            sc_chart_set_font(chart, title, &err); /* refused when it is no font: fine */
            if (sc_chart_set_output(chart, SC_CHART_TERM_PNG, label, &err) != SC_OK)
                sc_chart_set_output(chart, SC_CHART_TERM_SVG, "chart.svg", &err);
            if (sc_chart_write(chart, out, &err) != SC_OK)
                abort();
        }
        if (out) {
            fclose(out);
            check_script(script ? script : "");
        }
        free(script);
        sc_chart_free(chart);
    }
    sc_table_free(table);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static char text[TEXT_MAX + 1], title[TEXT_MAX + 1];
    unsigned char knobs = data[0];
    size_t len = strnlen((const char *)data + 1, size - 1);
    if (len > TEXT_MAX)
        len = TEXT_MAX;
    memcpy(text, data + 1, len);
    text[len] = '\0';
    size_t rest = 1 + len + 1 < size ? size - (1 + len + 1) : 0;
    size_t title_len = rest ? strnlen((const char *)data + 2 + len, rest) : 0;
    if (title_len > TEXT_MAX)
        title_len = TEXT_MAX;
    if (title_len)
        memcpy(title, data + 2 + len, title_len);
    title[title_len] = '\0';

    static const plot_text_kind kinds[] = {PLOT_TEXT_PLAIN, PLOT_TEXT_TIC, PLOT_TEXT_PATH,
                                           PLOT_TEXT_PLAIN};
    plot_text_kind kind = kinds[knobs & 3];
    size_t max_columns = knobs >> 2; /* 0..63; 1 leaves room for "…" only */
    if (kind != PLOT_TEXT_PATH || sc_chart_path_ok(text, NULL)) {
        check_quoting(text, kind, max_columns);
        check_quoting(text, kind, 0);
    }
    if (sc_chart_path_ok(text, NULL)) { /* contract 3: a name reads back unchanged */
        char *quoted = quote(text, PLOT_TEXT_PATH, 0);
        static char got[TEXT_MAX * 2 + 1];
        const char *why = NULL;
        if (!read_back(quoted, got, &why))
            failed(why, text, quoted, NULL);
        if (strcmp(got, text) != 0)
            failed("an accepted file name does not read back unchanged", text, got, text);
        if (text[strspn(text, " \t")] == '|')
            failed("an accepted file name is a pipe for gnuplot", text, got, NULL);
        free(quoted);
    }
    /* contract 4 */
    static char expected[TEXT_MAX * 4];
    model_opts label_opts = {.max_columns = PLOT_LABEL_MAX_COLUMNS};
    model(text, &label_opts, expected);
    char *clean = sc_plot_clean_label(text);
    if (!clean)
        abort();
    if (strcmp(clean, expected) != 0)
        failed("sc_plot_clean_label differs from the model", text, clean, expected);
    free(clean);
    check_chart(text, title);
    return 0;
}

#include "replay.h"
