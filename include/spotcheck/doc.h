/* spotcheck — a report document: headings, paragraphs, lists, result tables
 * and figures, written as Markdown or as one self-contained HTML file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `spotcheck report` builds one sc_doc and writes it twice (report.md,
 * report.html); pandoc turns the Markdown into report.docx.
 *
 * Contract:
 *  1. A document is a title and a list of blocks in order.  Every text is
 *     copied; tables are copied (sc_doc keeps its own), so the caller may
 *     free what it passed.
 *  2. Text is plain UTF-8, never markup: the writers escape it.  First,
 *     in both writers, control characters (C0, DEL, C1; CR and LF included)
 *     become a space, and each byte of invalid UTF-8 (and the noncharacters
 *     U+FFFE, U+FFFF, which XML cannot hold) U+FFFD, so no text can end a
 *     line, a table row or a heading.  Markdown: the characters
 *     \ ` * _ [ ] < > # | & $ ~ ^ { " ', "--" and "...", ':' before
 *     a name, and at the start of a paragraph or list item what would open a
 *     block there ("1.", "a)", "-", "+", ":", "(") are backslash-escaped, so
 *     that the text reads back as itself on GitHub and in pandoc
 *     (src/lib/doc_md.c says why each); leading and trailing blanks are
 *     trimmed (Markdown drops them).  HTML: & < > " ' become entities;
 *     nothing from the data is ever written unescaped.
 *  3. Tables are written with the output layer's human formatting
 *     (output.h: the same rounding, percent and labels as --format md), so
 *     every number reads as the tools print it.  Markdown tables are GitHub
 *     pipe tables; HTML tables have a <thead>, numbers right-aligned, and a
 *     caption.
 *  4. Figures: the Markdown links the PNG by its relative path; the HTML
 *     inlines the SVG text (its <?xml?> prolog and DOCTYPE dropped), so the
 *     file needs nothing beside it.  An SVG that is not well-formed enough to
 *     start with "<svg" after its prolog is refused (SC_EINVAL).  The SVG
 *     comes from gnuplot, which escapes the texts it draws; it is still
 *     checked: a script, style, foreignObject or image element, an event
 *     attribute, or an href, src or url() to anything but "#id" is refused
 *     (SC_EINVAL).  Its xmlns attributes are dropped, xlink:href becomes
 *     href, and its ids (and the references to them) get the prefix
 *     "figN-", so that the charts of one page keep their own symbols.  The
 *     Markdown has the caption in bold above the image, whose alt text is
 *     empty (pandoc would repeat a non-empty one as a second caption).
 *  5. The HTML is one file: UTF-8, <!DOCTYPE html>, lang from the document,
 *     CSS in one <style> element, no script, no external reference of any
 *     kind (no http, no src= or href= to another file, no @import or url()).
 *     The only references are those inside a figure to its own "#figN-…"
 *     ids.  The file is also well-formed XML (polyglot), so that a strict
 *     XML parser can check it.  It reads on screen and prints on A4: each
 *     level-2 section after the first starts on a new page (the first
 *     follows the title), tables and figures avoid breaking across pages
 *     (break-inside: avoid), and table headers repeat on each page.
 *     Captions: above a table, below a figure (GB/T 7713.1).
 *  6. Writers check every write and flush at the end: SC_EIO with the
 *     reason; SC_ENOMEM.  Nothing here prints or exits.
 */
#ifndef SPOTCHECK_DOC_H
#define SPOTCHECK_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/output.h"
#include "spotcheck/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_doc sc_doc;

/* A new empty document titled `title`, in `lang` (the HTML lang attribute,
 * and the words the writers add themselves: "Table"/"表", "Figure"/"图").
 * NULL when out of memory. */
SC_API sc_doc *sc_doc_new(const char *title, sc_lang lang);

/* Frees the document and all it copied.  NULL is a no-op. */
SC_API void sc_doc_free(sc_doc *doc);

/* A heading: level 2 (a section: a new page when printed) or 3. */
SC_API sc_status sc_doc_heading(sc_doc *doc, int level, const char *text);

/* A paragraph of plain text. */
SC_API sc_status sc_doc_paragraph(sc_doc *doc, const char *text);

/* A bulleted list of `count` plain-text items. */
SC_API sc_status sc_doc_list(sc_doc *doc, const char *const *items, size_t count);

/* A table, written with `opts` (its format is ignored: human formatting as
 * --format md; digits, percent, rounding and lang apply), numbered and
 * captioned ("表 3 各类别合格率" / "Table 3 Pass rate by category").  Only
 * the columns cols[0, ncols) are shown, in that order (cols NULL: all).
 * The table is copied. */
SC_API sc_status sc_doc_table(sc_doc *doc, const char *caption, const sc_table *table,
                              const size_t *cols, size_t ncols, const sc_output_opts *opts);

/* A figure, numbered and captioned: `png_path` as the Markdown links it
 * (relative to report.md, e.g. "charts/category.png") and the SVG text the
 * HTML inlines (contract 4), or NULL when it is not rendered yet:
 * sc_doc_figure_svg gives it to figure `number` (1, 2, … in the order of
 * the sc_doc_figure calls) later, before the HTML is written (which
 * refuses a figure without one, SC_EINVAL).  SC_EINVAL for text that is
 * not an SVG, or no such figure. */
SC_API sc_status sc_doc_figure(sc_doc *doc, const char *caption, const char *png_path,
                               const char *svg_text);
SC_API sc_status sc_doc_figure_svg(sc_doc *doc, size_t number, const char *svg_text);

/* Writes the document as Markdown (contract 2, 3, 4): "# title", then
 * "## heading", paragraphs, "- item" lists, captions in bold before their
 * table or figure.  SC_EIO, SC_ENOMEM. */
SC_API sc_status sc_doc_write_md(const sc_doc *doc, FILE *out, sc_error *err);

/* Writes the document as one self-contained HTML file (contract 2 to 5). */
SC_API sc_status sc_doc_write_html(const sc_doc *doc, FILE *out, sc_error *err);

/* The text of a table cell as the human formats show it ("95.14%", "NA",
 * "0.3809"), with `opts` (its format ignored; NULL: the defaults), into buf
 * (cut to size - 1 bytes at a character boundary, like snprintf; buf may be
 * NULL when size is 0); returns the length it needed.  For the sentences of
 * a report, so that they show each number as its table does.  A text cell
 * is returned as stored, unescaped (the doc writers escape it); a cell out
 * of range is "NA"; a NULL table gives 0 and ""; no memory to build the
 * text gives SC_TEXT_NO_MEMORY and "" (never a length). */
#define SC_TEXT_NO_MEMORY SIZE_MAX

SC_API size_t sc_output_cell_text(const sc_table *table, size_t row, size_t col,
                                  const sc_output_opts *opts, char *buf, size_t size);

/* The header of a column as the human formats show it (the Chinese label
 * with SC_LANG_ZH, " (pp)" / "（百分点）" on percentage points with
 * percent); same buffer rules (SC_TEXT_NO_MEMORY too); a column out of
 * range gives "". */
SC_API size_t sc_output_header_text(const sc_table *table, size_t col,
                                    const sc_output_opts *opts, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
