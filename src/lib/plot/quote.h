/* spotcheck — charts: the text quoting of the gnuplot script, the security
 * contract of DESIGN.md §6 (contract 3 of include/spotcheck/plot.h).
 * Private to the library; the fuzz target tests/fuzz/fuzz_plot_quote.c
 * checks it against its own reading of gnuplot's rules.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *  1. Every string of a script (labels from data, titles, legend entries,
 *     the font, the output file name) is written by sc_plot_put_text as one
 *     gnuplot single-quoted string: it starts and ends with ', and nothing
 *     is written outside it.  Inside single quotes gnuplot expands no
 *     backquote, no @macro and no backslash escape.
 *  2. Control characters (C0, DEL, C1; CR and LF included) become a space
 *     (a raw newline would end the command); each byte that does not start
 *     a well-formed UTF-8 sequence becomes U+FFFD.
 *  3. A single quote in text (PLOT_TEXT_PLAIN, PLOT_TEXT_TIC) becomes
 *     U+2019 (’).  gnuplot 5.4 reads a doubled quote '' as a quote only
 *     after another character of the string, so doubling would let a text
 *     that starts with a quote, or holds two in a row, end its string early.
 *     A file name (PLOT_TEXT_PATH) keeps its quotes, each written doubled;
 *     sc_chart_path_ok refuses the names for which that is unsafe.
 *  4. Explicit tic labels (PLOT_TEXT_TIC) are gprintf formats in gnuplot,
 *     so there '%' is written "%%" as well.
 *  5. max_columns > 0: a text wider than that many display columns is cut
 *     to the longest prefix of at most max_columns - 1 columns, and "…" is
 *     appended (invalid bytes and control characters count one column).
 *  6. Text elements are written `noenhanced` (sc_plot_put_set_text; the
 *     script writer does the same for the terminal, the key, tics and
 *     labels), so that ^, _, @, { and } in data are not markup.
 *  7. Labels from data are cleaned once when they are copied into the chart
 *     (sc_plot_clean_label: rules 2 and a cut to 40 columns) so that their
 *     width is known; writing them cleans again.
 */
#ifndef SPOTCHECK_PLOT_QUOTE_H
#define SPOTCHECK_PLOT_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/error.h"
#include "writer.h"

/* Contract 7 (plot.h contract 2): labels from data are cut to this many
 * display columns. */
#define PLOT_LABEL_MAX_COLUMNS 40

/* How sc_plot_put_text treats a string. */
typedef enum plot_text_kind {
    PLOT_TEXT_PLAIN, /* titles, labels, legend entries, the font */
    PLOT_TEXT_TIC,   /* explicit tic labels: gprintf formats in gnuplot */
    PLOT_TEXT_PATH   /* the output file name, checked by sc_chart_path_ok */
} plot_text_kind;

/* Writes `text` as one single-quoted string (contracts 1 to 5). */
void sc_plot_put_text(sc_writer *w, const char *text, plot_text_kind kind, size_t max_columns);

/* sc_plot_put_text(w, text, PLOT_TEXT_PLAIN, 0). */
void sc_plot_put_string(sc_writer *w, const char *text);

/* `set <what> '<text>'<extra> noenhanced` and a newline, or nothing for a
 * NULL text.  `what` and `extra` (may be NULL) are the caller's constants. */
void sc_plot_put_set_text(sc_writer *w, const char *what, const char *text, const char *extra);

/* A copy of a label from data, cleaned (contract 7): invalid bytes become
 * U+FFFD, control characters a space, and text beyond
 * PLOT_LABEL_MAX_COLUMNS display columns is cut, "…" appended.  Caller frees;
 * NULL when out of memory. */
char *sc_plot_clean_label(const char *text);

/* True when `path` may be an output name (plot.h contract 3): not empty, not
 * a pipe for gnuplot (first non-blank character '|'), not starting with a
 * single quote nor holding two in a row, no control character, valid UTF-8.
 * Otherwise explains why in err and returns false. */
bool sc_chart_path_ok(const char *path, sc_error *err);

#endif
