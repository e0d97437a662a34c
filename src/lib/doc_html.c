/* spotcheck — a report document as one self-contained HTML file (doc.h
 * contracts 2 to 5).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is also well-formed XML (every element closed, attributes
 * quoted, <meta charset="utf-8"/>), so that a strict XML parser can check
 * it.  Text goes through sc_doc_clean_text and then & < > " ' become
 * entities; the only markup not written here is the figures' SVG, prepared
 * by doc.c.  Level-2 headings open a <section>; every section but the first
 * starts a new printed page (the first follows the title on page one).
 * Tables take the Chinese convention (三线表: rules above and below the
 * table and under its header, none between columns), with the caption above
 * the table and below the figure (GB/T 7713.1).
 */
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"

/* A table of more rows than this is not kept on one printed page: it breaks
 * between rows, its header repeated.  A short table moves whole to the next
 * page rather than split; a longer one (a report's 22 categories with
 * two-line names) would leave most of a page blank before it. */
#define LONG_TABLE_ROWS 15

/* A table of more columns than this is set smaller ("wide"): the quarterly
 * changes table has 11 columns. */
#define WIDE_TABLE_COLUMNS 7

static const char style[] =
    "@page { size: A4; margin: 20mm 18mm 22mm 18mm;\n"
    "  @bottom-center { content: counter(page) \" / \" counter(pages);\n"
    "    font-size: 9pt; color: #666666; } }\n"
    "html { font-family: \"Noto Sans CJK SC\", \"Noto Serif CJK SC\", sans-serif;\n"
    "  font-size: 11pt; line-height: 1.65; color: #1a1a1a; background: #ffffff; }\n"
    "body { max-width: 50em; margin: 0 auto; padding: 1.5em 1.2em 3em; }\n"
    "h1 { font-size: 1.9em; text-align: center; margin: 0.6em 0 1.2em; }\n"
    "h2 { font-size: 1.4em; color: #1f4e79; margin: 1.8em 0 0.8em; padding-bottom: 0.25em;\n"
    "  border-bottom: 2px solid #1f4e79; break-after: avoid; }\n"
    "h3 { font-size: 1.15em; color: #1f4e79; margin: 1.4em 0 0.6em; break-after: avoid; }\n"
    "p { margin: 0.6em 0; text-align: justify; }\n"
    ":lang(zh) p { text-indent: 2em; }\n"
    "ul { margin: 0.6em 0; padding-left: 2em; }\n"
    "li { margin: 0.25em 0; }\n"
    "table { border-collapse: collapse; margin: 1.2em auto; font-size: 0.92em;\n"
    "  border-top: 2px solid #222222; border-bottom: 2px solid #222222; break-inside: avoid; }\n"
    "caption { caption-side: top; font-weight: bold; padding-bottom: 0.5em; }\n"
    "thead { display: table-header-group; }\n"
    "th { font-weight: bold; background: #f2f5f8; border-bottom: 1px solid #222222; }\n"
    "th, td { padding: 0.3em 0.8em; text-align: left; vertical-align: top; }\n"
    "tbody tr:nth-child(even) { background: #f8f9fa; }\n"
    "table.long { break-inside: auto; }\n"
    "tr { break-inside: avoid; }\n"
    ".num { text-align: right; font-variant-numeric: tabular-nums; }\n"
    /* cells keep words and numbers whole (无显著变化, 95.14%): Chinese text breaks
       only at punctuation; headers may wrap */
    "td { word-break: keep-all; }\n"
    "td.num { white-space: nowrap; }\n"
    "table.wide { font-size: 0.8em; }\n"
    "table.wide th, table.wide td { padding: 0.2em 0.45em; }\n"
    "figure { margin: 1.5em 0; text-align: center; break-inside: avoid; }\n"
    "figure svg { display: block; width: 100%; height: auto; margin: 0 auto; }\n"
    "figcaption { font-weight: bold; margin-top: 0.5em; }\n"
    "section { break-before: page; }\n"
    "body > section:first-of-type { break-before: auto; }\n"
    "@media print {\n"
    "  html { font-size: 10.5pt; }\n"
    "  body { max-width: none; padding: 0; }\n"
    "  h1 { margin-top: 0; }\n"
    "  tbody tr:nth-child(even) { background: none; }\n"
    "  table { line-height: 1.35; }\n"
    "  th, td { padding: 0.15em 0.7em; }\n"
    "  figure svg { max-height: 125mm; }\n"
    "}\n";

/* Cleaned text with & < > " ' as entities (contract 2). */
static void put_text(sc_writer *w, const char *text)
{
    char *clean = sc_doc_clean_text(text);
    if (!clean) {
        sc_writer_fail(w, SC_ENOMEM, "out of memory writing the document");
        return;
    }
    const char *s = clean;
    while (*s && w->status == SC_OK) {
        size_t plain = strcspn(s, "&<>\"'");
        sc_writer_put(w, s, plain);
        s += plain;
        if (!*s)
            break;
        static const char *const entity[] = {['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
                                             ['"'] = "&quot;", ['\''] = "&#39;"};
        sc_writer_puts(w, entity[(unsigned char)*s]);
        s++;
    }
    free(clean);
}

static void put_label(sc_writer *w, const sc_doc *doc, const doc_block *block)
{
    sc_writer_puts(w, "<span class=\"label\">");
    sc_doc_put_number(w, doc, block);
    sc_writer_puts(w, "</span>");
    if (block->text[0] != '\0')
        sc_writer_puts(w, " ");
    put_text(w, block->text);
}

static void put_cell(sc_writer *w, const doc_block *block, size_t row, size_t col)
{
    bool number = sc_table_column_type(block->table, col) != SC_COL_STRING;
    const char *tag = row == SIZE_MAX ? "th" : "td";
    sc_writer_printf(w, "<%s%s>", tag, number ? " class=\"num\"" : "");
    char *text = sc_doc_cell_text(block, row, col);
    if (!text)
        sc_writer_fail(w, SC_ENOMEM, "out of memory writing the document");
    /* a header may wrap after the underscores of a column name
       (year_ago_p_value), which keeps a wide English table on the page */
    for (char *part = text; part && w->status == SC_OK;) {
        char *underscore = row == SIZE_MAX ? strchr(part, '_') : NULL;
        if (underscore)
            *underscore = '\0';
        put_text(w, part);
        if (underscore)
            sc_writer_puts(w, "_<wbr/>");
        part = underscore ? underscore + 1 : NULL;
    }
    free(text);
    sc_writer_printf(w, "</%s>", tag);
}

static void put_table(sc_writer *w, const sc_doc *doc, const doc_block *block)
{
    size_t ncols = sc_table_columns(block->table), nrows = sc_table_rows(block->table);
    bool long_table = nrows > LONG_TABLE_ROWS, wide = ncols > WIDE_TABLE_COLUMNS;
    const char *classes = long_table && wide ? " class=\"long wide\""
                          : long_table       ? " class=\"long\""
                          : wide             ? " class=\"wide\""
                                             : "";
    sc_writer_printf(w, "<table%s>\n<caption>", classes);
    put_label(w, doc, block);
    sc_writer_puts(w, "</caption>\n<thead>\n<tr>");
    for (size_t col = 0; col < ncols; col++)
        put_cell(w, block, SIZE_MAX, col);
    sc_writer_puts(w, "</tr>\n</thead>\n<tbody>\n");
    for (size_t row = 0; row < nrows && w->status == SC_OK; row++) {
        sc_writer_puts(w, "<tr>");
        for (size_t col = 0; col < ncols; col++)
            put_cell(w, block, row, col);
        sc_writer_puts(w, "</tr>\n");
    }
    sc_writer_puts(w, "</tbody>\n</table>\n");
}

static void put_block(sc_writer *w, const sc_doc *doc, const doc_block *block, bool *in_section)
{
    switch (block->kind) {
    case DOC_HEADING:
        if (block->level == 2) {
            sc_writer_puts(w, *in_section ? "</section>\n<section>\n" : "<section>\n");
            *in_section = true;
        }
        sc_writer_puts(w, block->level == 2 ? "<h2>" : "<h3>");
        put_text(w, block->text);
        sc_writer_puts(w, block->level == 2 ? "</h2>\n" : "</h3>\n");
        break;
    case DOC_PARAGRAPH:
        sc_writer_puts(w, "<p>");
        put_text(w, block->text);
        sc_writer_puts(w, "</p>\n");
        break;
    case DOC_LIST:
        for (size_t i = 0; i < block->nitems; i++) {
            sc_writer_puts(w, i == 0 ? "<ul>\n<li>" : "<li>");
            put_text(w, block->items[i]);
            sc_writer_puts(w, i + 1 < block->nitems ? "</li>\n" : "</li>\n</ul>\n");
        }
        break;
    case DOC_TABLE:
        put_table(w, doc, block);
        break;
    case DOC_FIGURE:
        sc_writer_puts(w, "<figure>\n");
        sc_writer_puts(w, block->svg);
        sc_writer_puts(w, "\n<figcaption>");
        put_label(w, doc, block);
        sc_writer_puts(w, "</figcaption>\n</figure>\n");
        break;
    }
}

sc_status sc_doc_write_html(const sc_doc *doc, FILE *out, sc_error *err)
{
    if (!doc || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "document: missing document or stream");
    for (size_t i = 0; i < doc->count; i++)
        if (doc->blocks[i].kind == DOC_FIGURE && !doc->blocks[i].svg)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "document: figure %zu has no SVG",
                                doc->blocks[i].number);
    sc_writer w;
    sc_writer_init(&w, out, err, SC_DOC_WRITE_FAILURE);
    sc_writer_printf(&w,
                     "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                     "<title>",
                     doc->lang == SC_LANG_ZH ? "zh-CN" : "en");
    put_text(&w, doc->title);
    sc_writer_puts(&w, "</title>\n<style>\n");
    sc_writer_puts(&w, style);
    sc_writer_puts(&w, "</style>\n</head>\n<body>\n<h1>");
    put_text(&w, doc->title);
    sc_writer_puts(&w, "</h1>\n");
    bool in_section = false;
    for (size_t i = 0; i < doc->count && w.status == SC_OK; i++)
        put_block(&w, doc, &doc->blocks[i], &in_section);
    sc_writer_puts(&w, in_section ? "</section>\n</body>\n</html>\n" : "</body>\n</html>\n");
    return sc_writer_finish(&w);
}
