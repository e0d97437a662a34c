/* spotcheck — charts: the text quoting of the gnuplot script (the security
 * contract of DESIGN.md §6; the numbered contract is in quote.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "quote.h"
#include "spotcheck/output.h"
#include "wcwidth.h"

/* Byte length of the longest prefix of `text` that is at most `columns`
 * display columns wide (invalid bytes count one column). */
static size_t prefix_fitting(const char *text, size_t columns)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), used_columns = 0, prefix = 0;
    while (prefix < len) {
        uint32_t codepoint = 0;
        size_t used = sc_utf8_decode(s + prefix, len - prefix, &codepoint);
        size_t width = used ? (size_t)sc_codepoint_width(codepoint) : 1;
        if (used_columns + width > columns)
            break;
        used_columns += width;
        prefix += used ? used : 1;
    }
    return prefix;
}

/* Contracts 1 to 5: the one function through which any text enters the
 * script.  Inside single quotes gnuplot expands neither backquotes nor
 * @macros nor backslash escapes; a control character (a newline would end
 * the command) becomes a space, an invalid byte U+FFFD; a quote in text
 * becomes ’ (quote.h contract 3 says why doubling is not enough), in a file
 * name it is doubled; '%' in a tic label is doubled ("%s" would read a
 * missing argument). */
void sc_plot_put_text(sc_writer *w, const char *text, plot_text_kind kind, size_t max_columns)
{
    sc_writer_puts(w, "'");
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    bool cut = false;
    if (max_columns > 0 && sc_display_width(text) > max_columns) {
        len = prefix_fitting(text, max_columns - 1);
        cut = true;
    }
    char chunk[8];
    while (len > 0) {
        uint32_t codepoint;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        if (used == 0) {
            sc_writer_puts(w, "\xEF\xBF\xBD");
            used = 1;
        } else if (sc_codepoint_is_control(codepoint)) {
            sc_writer_puts(w, " ");
        } else if (codepoint == '\'') {
            sc_writer_puts(w, kind == PLOT_TEXT_PATH ? "''" : "\xE2\x80\x99"); /* ’ */
        } else if (codepoint == '%' && kind == PLOT_TEXT_TIC) {
            sc_writer_puts(w, "%%");
        } else {
            memcpy(chunk, s, used);
            chunk[used] = '\0';
            sc_writer_puts(w, chunk);
        }
        s += used;
        len -= used;
    }
    if (cut)
        sc_writer_puts(w, "\xE2\x80\xA6"); /* … */
    sc_writer_puts(w, "'");
}

void sc_plot_put_string(sc_writer *w, const char *text)
{
    sc_plot_put_text(w, text, PLOT_TEXT_PLAIN, 0);
}

void sc_plot_put_set_text(sc_writer *w, const char *what, const char *text, const char *extra)
{
    if (!text)
        return;
    sc_writer_printf(w, "set %s ", what);
    sc_plot_put_string(w, text);
    sc_writer_printf(w, "%s noenhanced\n", extra ? extra : "");
}

/* Contract 7: invalid bytes become U+FFFD, control characters a space, and
 * text beyond PLOT_LABEL_MAX_COLUMNS display columns is replaced by "…".
 * The script writer cleans again; doing it here makes the width known. */
char *sc_plot_clean_label(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    /* Each input byte gives at most 3 output bytes (U+FFFD), plus "…". */
    if (len > (SIZE_MAX - 4) / 3)
        return NULL;
    char *out = sc_malloc(3 * len + 4);
    if (!out)
        return NULL;
    size_t used_len = 0, columns = 0;
    size_t cut_len = 0; /* output length while the text still fits with "…" */
    bool cut = false;
    while (len > 0) {
        uint32_t codepoint = 0xFFFD;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        const char *bytes = (const char *)s;
        size_t nbytes = used;
        if (used == 0) {
            bytes = "\xEF\xBF\xBD";
            nbytes = 3;
            used = 1;
        } else if (sc_codepoint_is_control(codepoint)) {
            codepoint = ' ';
            bytes = " ";
            nbytes = 1;
        }
        size_t width = (size_t)sc_codepoint_width(codepoint);
        if (columns + width > PLOT_LABEL_MAX_COLUMNS) {
            cut = true;
            break;
        }
        if (columns + width <= PLOT_LABEL_MAX_COLUMNS - 1)
            cut_len = used_len + nbytes;
        memcpy(out + used_len, bytes, nbytes);
        used_len += nbytes;
        columns += width;
        s += used;
        len -= used;
    }
    if (cut) {
        memcpy(out + cut_len, "\xE2\x80\xA6", 3); /* … */
        used_len = cut_len + 3;
    }
    out[used_len] = '\0';
    return out;
}

bool sc_chart_path_ok(const char *path, sc_error *err)
{
    if (!path[0]) {
        sc_error_set(err, SC_EINVAL, NULL, 0, "chart output: empty file name");
        return false;
    }
    /* gnuplot opens `set output '|command'` as a pipe to the command. */
    if (path[strspn(path, " \t")] == '|') {
        sc_error_set(err, SC_EINVAL, NULL, 0,
                     "chart output \"%s\": a file name starting with '|' would run a command "
                     "in gnuplot; use ./%s if you mean a file",
                     path, path);
        return false;
    }
    /* The name is written with each quote doubled, which gnuplot 5.4 reads
     * back only when the quote follows another character of the name
     * (contract 3). */
    if (path[0] == '\'' || strstr(path, "''")) {
        sc_error_set(err, SC_EINVAL, NULL, 0,
                     "chart output \"%s\": gnuplot cannot take a file name that starts with "
                     "a single quote or holds two in a row; choose another name",
                     path);
        return false;
    }
    const unsigned char *s = (const unsigned char *)path;
    size_t len = strlen(path);
    while (len > 0) {
        uint32_t codepoint;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        if (used == 0 || sc_codepoint_is_control(codepoint)) {
            sc_error_set(err, SC_EINVAL, NULL, 0,
                         "chart output: the file name holds %s (byte 0x%02X at offset %zu); "
                         "choose a name without it",
                         used == 0 ? "invalid UTF-8" : "a control character", *s,
                         (size_t)(s - (const unsigned char *)path));
            return false;
        }
        s += used;
        len -= used;
    }
    return true;
}
