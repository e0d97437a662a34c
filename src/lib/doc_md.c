/* spotcheck — a report document as Markdown (doc.h contracts 2 to 4).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown is read by three readers: GitHub (CommonMark with pipe
 * tables), pandoc (which makes report.docx) and people.  Text must read back
 * as itself in all of them, so besides contract 2's characters the writer
 * escapes those that pandoc's default extensions or GitHub treat as markup:
 * & (entity references), $ (TeX math), ~ and ^ (sub- and superscript), {
 * (attributes), the quotes " and ' (smart quotes would turn them curly),
 * "--" and "..." (dashes and ellipses), and ':' before a letter, digit or
 * "_+-" (emoji names such as :smile:).  At the start of a paragraph or list
 * item it also escapes what would open a block there: "-", "+", "=", ":"
 * (a definition), "(", the "." or ")" after a leading run of letters or
 * digits ("1.", "a)", "iv." are list markers in pandoc), and the ':' of
 * "Table:" (a table caption).  Markdown drops leading and trailing blanks, so the writer trims
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc_internal.h"

static bool is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends cleaned, trimmed, escaped `text`; `block_start` for the text that
 * opens a paragraph or a list item. */
static void md_escape(sc_doc_buf *out, const char *text, bool block_start)
{
    char *clean = sc_doc_clean_text(text);
    if (!clean) {
        out->failed = true;
        return;
    }
    const char *s = clean, *end = clean + strlen(clean);
    while (*s == ' ')
        s++;
    while (end > s && end[-1] == ' ')
        end--;
    size_t marker = SIZE_MAX; /* the '.' or ')' of a leading list marker */
    if (block_start) {
        size_t run = 0;
        while (s + run < end && is_ascii_alnum(s[run]))
            run++;
        bool table_caption = run == 5 && (strncmp(s, "Table", 5) == 0 || strncmp(s, "table", 5) == 0);
        if (run > 0 && s + run < end && (strchr(".)", s[run]) || (table_caption && s[run] == ':')))
            marker = run;
        else if (s < end && strchr("-+=:(", *s))
            marker = 0;
    }
    for (const char *p = s; p < end; p++) {
        char next = p + 1 < end ? p[1] : '\0';
        bool escape = strchr("\\`*_[]<>#|&$~^{\"'", *p) || (size_t)(p - s) == marker ||
                      (*p == '-' && next == '-') || (*p == '.' && next == '.' && p + 2 < end && p[2] == '.') ||
                      (*p == ':' && next && (is_ascii_alnum(next) || strchr("_+-", next)));
        if (escape)
            sc_doc_buf_append(out, "\\", 1);
        sc_doc_buf_append(out, p, 1);
    }
    free(clean);
}

static void put_escaped(sc_writer *w, const char *text, bool block_start)
{
    sc_doc_buf buf = {0};
    md_escape(&buf, text, block_start);
    if (buf.failed)
        sc_writer_fail(w, SC_ENOMEM, "out of memory writing the document");
    else if (buf.data)
        sc_writer_puts(w, buf.data);
    free(buf.data);
}

/* "**表 3 各类别合格率**" */
static void put_caption(sc_writer *w, const sc_doc *doc, const doc_block *block)
{
    sc_writer_puts(w, "**");
    sc_doc_put_number(w, doc, block);
    sc_doc_buf caption = {0};
    md_escape(&caption, block->text, false);
    if (caption.failed)
        sc_writer_fail(w, SC_ENOMEM, "out of memory writing the document");
    else if (caption.len > 0)
        sc_writer_printf(w, " %s", caption.data);
    free(caption.data);
    sc_writer_puts(w, "**\n\n");
}

static void put_spaces(sc_writer *w, size_t count)
{
    for (size_t i = 0; i < count; i++)
        sc_writer_puts(w, " ");
}

/* A GitHub pipe table: cells padded by display width (at least 3), "---"
 * under text and "---:" under numbers, as output.c writes --format md. */
static void put_table(sc_writer *w, const doc_block *block)
{
    const sc_table *table = block->table;
    size_t ncols = sc_table_columns(table), nrows = sc_table_rows(table) + 1;
    if (ncols == 0)
        return;
    char **cells = nrows <= SIZE_MAX / ncols / sizeof *cells ? sc_calloc(nrows * ncols, sizeof *cells)
                                                              : NULL;
    size_t *width = sc_calloc(ncols, sizeof *width);
    bool failed = !cells || !width;
    for (size_t i = 0; i < nrows * ncols && !failed; i++) {
        size_t row = i / ncols, col = i % ncols;
        char *raw = sc_doc_cell_text(block, row == 0 ? SIZE_MAX : row - 1, col);
        sc_doc_buf buf = {0};
        if (raw)
            md_escape(&buf, raw, false);
        sc_doc_buf_append(&buf, "", 0);
        free(raw);
        failed = !raw || buf.failed;
        cells[i] = buf.data;
        size_t shown = failed ? 0 : sc_display_width(buf.data);
        if (shown < 3)
            shown = 3;
        if (shown > width[col])
            width[col] = shown;
    }
    for (size_t row = 0; row < nrows && !failed && w->status == SC_OK; row++) {
        for (size_t col = 0; col < ncols; col++) {
            const char *text = cells[row * ncols + col];
            size_t pad = width[col] - sc_display_width(text);
            bool right = sc_table_column_type(table, col) != SC_COL_STRING;
            sc_writer_puts(w, col == 0 ? "| " : " | ");
            put_spaces(w, right ? pad : 0);
            sc_writer_puts(w, text);
            put_spaces(w, right ? 0 : pad);
        }
        sc_writer_puts(w, " |\n");
        for (size_t col = 0; row == 0 && col < ncols; col++) {
            bool right = sc_table_column_type(table, col) != SC_COL_STRING;
            sc_writer_puts(w, col == 0 ? "| " : " | ");
            for (size_t i = right ? 1 : 0; i < width[col]; i++)
                sc_writer_puts(w, "-");
            sc_writer_puts(w, right ? ":" : "");
        }
        if (row == 0)
            sc_writer_puts(w, " |\n");
    }
    if (failed)
        sc_writer_fail(w, SC_ENOMEM, "out of memory writing the document");
    for (size_t i = 0; cells && i < nrows * ncols; i++)
        free(cells[i]);
    free(cells);
    free(width);
}

/* True when the path needs no <…> around it: letters, digits, "._/-". */
static bool plain_path(const char *path)
{
    for (const char *p = path; *p; p++) {
        if (!is_ascii_alnum(*p) && !strchr("._/-", *p))
            return false;
    }
    return *path != '\0';
}

/* "![](charts/category.png)": the caption is the bold line above, so the
 * alt text stays empty (pandoc would print a non-empty one again as the
 * figure's caption in the docx). */
static void put_figure(sc_writer *w, const doc_block *block)
{
    sc_writer_puts(w, "![](");
    if (plain_path(block->png_path)) {
        sc_writer_puts(w, block->png_path);
    } else {
        char *clean = sc_doc_clean_text(block->png_path);
        if (!clean) {
            sc_writer_fail(w, SC_ENOMEM, "out of memory writing the document");
            return;
        }
        sc_writer_puts(w, "<");
        for (const char *p = clean; *p; p++) {
            if (*p == '<' || *p == '>' || *p == '\\')
                sc_writer_puts(w, "\\");
            sc_writer_put(w, p, 1);
        }
        sc_writer_puts(w, ">");
        free(clean);
    }
    sc_writer_puts(w, ")\n");
}

static void put_block(sc_writer *w, const sc_doc *doc, const doc_block *block)
{
    switch (block->kind) {
    case DOC_HEADING:
        sc_writer_puts(w, block->level == 2 ? "\n## " : "\n### ");
        put_escaped(w, block->text, false);
        sc_writer_puts(w, "\n");
        break;
    case DOC_PARAGRAPH:
        sc_writer_puts(w, "\n");
        put_escaped(w, block->text, true);
        sc_writer_puts(w, "\n");
        break;
    case DOC_LIST:
        for (size_t i = 0; i < block->nitems; i++) {
            sc_writer_puts(w, i == 0 ? "\n- " : "- ");
            put_escaped(w, block->items[i], true);
            sc_writer_puts(w, "\n");
        }
        break;
    case DOC_TABLE:
        sc_writer_puts(w, "\n");
        put_caption(w, doc, block);
        put_table(w, block);
        break;
    case DOC_FIGURE:
        sc_writer_puts(w, "\n");
        put_caption(w, doc, block);
        put_figure(w, block);
        break;
    }
}

sc_status sc_doc_write_md(const sc_doc *doc, FILE *out, sc_error *err)
{
    if (!doc || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "document: missing document or stream");
    sc_writer w;
    sc_writer_init(&w, out, err, SC_DOC_WRITE_FAILURE);
    sc_writer_puts(&w, "# ");
    put_escaped(&w, doc->title, false);
    sc_writer_puts(&w, "\n");
    for (size_t i = 0; i < doc->count && w.status == SC_OK; i++)
        put_block(&w, doc, &doc->blocks[i]);
    return sc_writer_finish(&w);
}
