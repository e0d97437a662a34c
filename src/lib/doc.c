/* spotcheck — the report document model: blocks copied in order, figures'
 * SVG made ready to inline.  The writers are doc_md.c and doc_html.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is the numbered list in include/spotcheck/doc.h.  Here:
 *  - contract 1: every text, table and SVG is copied when the block is added;
 *  - contract 2: sc_doc_clean_char, the one cleaning rule of both writers;
 *  - contract 4: prepare_svg.  The SVG comes from gnuplot, but it is still
 *    checked, so that no script or reference can enter the HTML through it:
 *    the prolog, DOCTYPE and comments before <svg> are dropped; the xmlns
 *    attributes are dropped (the HTML parser puts <svg> in the SVG namespace
 *    itself, and the file then holds no "http" at all); xlink:href becomes
 *    href (SVG 2); every id gets the prefix "figN-" and every reference
 *    (href="#…", url(#…)) follows, so that the point symbols gnuplot defines
 *    in each chart (id="gpPt6") stay distinct when several charts share a
 *    page; an href or src to anything but "#…", a url() to anything but
 *    "#…", an event attribute (on…), or a <script>, <style>,
 *    <foreignObject> or <image> element is refused (SC_EINVAL).
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc_internal.h"
#include "wcwidth.h"

/* ---- a growable string (doc_internal.h) ----------------------------------------- */

void sc_doc_buf_append(sc_doc_buf *tb, const char *text, size_t len)
{
    if (tb->failed)
        return;
    if (tb->cap - tb->len <= len) {
        size_t cap = tb->cap ? tb->cap : 256;
        while (cap - tb->len <= len && cap <= SIZE_MAX / 2)
            cap *= 2;
        char *bigger = cap - tb->len > len ? sc_realloc(tb->data, cap) : NULL;
        if (!bigger) {
            tb->failed = true;
            return;
        }
        tb->data = bigger;
        tb->cap = cap;
    }
    memcpy(tb->data + tb->len, text, len);
    tb->len += len;
    tb->data[tb->len] = '\0';
}

void sc_doc_buf_appends(sc_doc_buf *tb, const char *text)
{
    sc_doc_buf_append(tb, text, strlen(text));
}

/* ---- blocks ------------------------------------------------------------------- */

static char *copy_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = sc_malloc(len + 1);
    if (copy)
        memcpy(copy, text, len + 1);
    return copy;
}

static void block_free(doc_block *block)
{
    free(block->text);
    for (size_t i = 0; i < block->nitems; i++)
        free(block->items[i]);
    free(block->items);
    sc_table_free(block->table);
    free(block->png_path);
    free(block->svg);
}

/* Appends a block (taking what it owns); on failure frees it. */
static sc_status push_block(sc_doc *doc, doc_block *block)
{
    if (doc->count == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 16;
        doc_block *bigger = cap < SIZE_MAX / sizeof *bigger
                                ? sc_realloc(doc->blocks, cap * sizeof *bigger)
                                : NULL;
        if (!bigger) {
            block_free(block);
            return SC_ENOMEM;
        }
        doc->blocks = bigger;
        doc->cap = cap;
    }
    doc->blocks[doc->count++] = *block;
    return SC_OK;
}

sc_doc *sc_doc_new(const char *title, sc_lang lang)
{
    sc_doc *doc = sc_calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->lang = lang;
    doc->title = copy_text(title ? title : "");
    if (!doc->title) {
        free(doc);
        return NULL;
    }
    return doc;
}

void sc_doc_free(sc_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->count; i++)
        block_free(&doc->blocks[i]);
    free(doc->blocks);
    free(doc->title);
    free(doc);
}

static sc_status add_text_block(sc_doc *doc, doc_block_kind kind, int level, const char *text)
{
    if (!doc || !text)
        return SC_EINVAL;
    doc_block block = {.kind = kind, .level = level, .text = copy_text(text)};
    if (!block.text)
        return SC_ENOMEM;
    return push_block(doc, &block);
}

sc_status sc_doc_heading(sc_doc *doc, int level, const char *text)
{
    if (level != 2 && level != 3)
        return SC_EINVAL;
    return add_text_block(doc, DOC_HEADING, level, text);
}

sc_status sc_doc_paragraph(sc_doc *doc, const char *text)
{
    return add_text_block(doc, DOC_PARAGRAPH, 0, text);
}

sc_status sc_doc_list(sc_doc *doc, const char *const *items, size_t count)
{
    if (!doc || (count > 0 && !items))
        return SC_EINVAL;
    for (size_t i = 0; i < count; i++) {
        if (!items[i])
            return SC_EINVAL;
    }
    doc_block block = {.kind = DOC_LIST};
    if (count > 0) {
        block.items = sc_calloc(count, sizeof *block.items);
        if (!block.items)
            return SC_ENOMEM;
    }
    for (size_t i = 0; i < count; i++) {
        block.items[i] = copy_text(items[i]);
        block.nitems = i + 1;
        if (!block.items[i]) {
            block_free(&block);
            return SC_ENOMEM;
        }
    }
    return push_block(doc, &block);
}

/* A copy of the columns cols[0, ncols) of `table` (all when cols is NULL). */
static sc_status copy_columns(const sc_table *table, const size_t *cols, size_t ncols,
                              sc_table **out)
{
    size_t shown = cols ? ncols : sc_table_columns(table);
    for (size_t i = 0; cols && i < ncols; i++) {
        if (cols[i] >= sc_table_columns(table))
            return SC_EINVAL;
    }
    sc_table *copy = sc_table_new();
    sc_status status = copy ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; i < shown && status == SC_OK; i++) {
        size_t col = cols ? cols[i] : i;
        status = sc_table_add_column(copy, sc_table_column_name(table, col),
                                     sc_table_column_label_zh(table, col),
                                     sc_table_column_type(table, col));
    }
    for (size_t row = 0; row < sc_table_rows(table) && status == SC_OK; row++) {
        size_t new_row;
        status = sc_table_add_row(copy, &new_row);
        for (size_t i = 0; i < shown && status == SC_OK; i++) {
            if (!sc_table_is_missing(table, row, cols ? cols[i] : i))
                status = sc_table_copy_cell(copy, new_row, i, table, row, cols ? cols[i] : i);
        }
    }
    if (status != SC_OK) {
        sc_table_free(copy);
        return status;
    }
    *out = copy;
    return SC_OK;
}

sc_status sc_doc_table(sc_doc *doc, const char *caption, const sc_table *table,
                       const size_t *cols, size_t ncols, const sc_output_opts *opts)
{
    if (!doc || !table)
        return SC_EINVAL;
    if (!sc_table_complete(table)) /* table.c contract 5a */
        return SC_ENOMEM;
    doc_block block = {.kind = DOC_TABLE, .opts = {.format = SC_FORMAT_MD, .digits = -1}};
    if (opts)
        block.opts = *opts;
    block.opts.format = SC_FORMAT_MD;
    block.text = copy_text(caption ? caption : "");
    if (!block.text)
        return SC_ENOMEM;
    sc_status status = copy_columns(table, cols, ncols, &block.table);
    if (status != SC_OK) {
        block_free(&block);
        return status;
    }
    block.number = doc->tables + 1;
    status = push_block(doc, &block);
    if (status == SC_OK)
        doc->tables++;
    return status;
}

/* ---- figures: the SVG made ready to inline (contract 4) ------------------------ */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Skips blanks, <?…?>, <!DOCTYPE …> and <!-- … --> before the root element. */
static const char *skip_prolog(const char *s)
{
    for (;;) {
        while (is_space(*s))
            s++;
        const char *end = NULL;
        if (strncmp(s, "<?", 2) == 0)
            end = strstr(s, "?>");
        else if (strncmp(s, "<!--", 4) == 0)
            end = strstr(s, "-->");
        else if (strncmp(s, "<!", 2) == 0) { /* DOCTYPE, maybe with [an internal subset] */
            const char *open = strchr(s, '['), *close = strchr(s, '>');
            end = open && close && open < close ? strchr(open, ']') : s;
        } else
            return s;
        end = end ? strchr(end, '>') : NULL;
        if (!end)
            return s;
        s = end + 1;
    }
}

/* Case-insensitive: does the tag name at s equal `name`? */
static bool tag_is(const char *s, size_t len, const char *name)
{
    if (strlen(name) != len)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
        if (c != name[i])
            return false;
    }
    return true;
}

/* An attribute value with ids and references prefixed; SC_EINVAL for a
 * reference to anything outside the SVG. */
static sc_status put_value(sc_doc_buf *out, const char *name, size_t name_len, const char *value,
                           size_t len, const char *prefix)
{
    bool is_ref = tag_is(name, name_len, "href") || tag_is(name, name_len, "src");
    if (is_ref && (len == 0 || value[0] != '#'))
        return SC_EINVAL;
    if (is_ref) {
        sc_doc_buf_append(out, "#", 1);
        sc_doc_buf_appends(out, prefix);
        sc_doc_buf_append(out, value + 1, len - 1);
        return SC_OK;
    }
    if (tag_is(name, name_len, "id"))
        sc_doc_buf_appends(out, prefix);
    for (size_t i = 0; i < len; i++) {
        if (i + 4 <= len && tag_is(value + i, 4, "url(")) {
            if (i + 4 >= len || value[i + 4] != '#')
                return SC_EINVAL;
            sc_doc_buf_append(out, value + i, 5);
            sc_doc_buf_appends(out, prefix);
            i += 4;
            continue;
        }
        sc_doc_buf_append(out, value + i, 1);
    }
    return SC_OK;
}

/* Copies one start tag at *s (after its '<'), rewriting its attributes;
 * *s moves past its '>'. */
static sc_status put_start_tag(sc_doc_buf *out, const char **s, const char *prefix)
{
    const char *p = *s;
    size_t name_len = strcspn(p, " \t\r\n/>");
    static const char *const refused[] = {"script", "style", "foreignobject", "image"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (tag_is(p, name_len, refused[i]))
            return SC_EINVAL;
    }
    sc_doc_buf_append(out, p, name_len);
    p += name_len;
    for (;;) {
        while (is_space(*p))
            p++;
        if (*p == '>' || (p[0] == '/' && p[1] == '>'))
            break;
        const char *name = p;
        size_t len = strcspn(p, " \t\r\n=/>");
        p += len;
        while (is_space(*p))
            p++;
        if (len == 0 || *p != '=')
            return SC_EINVAL;
        p++;
        while (is_space(*p))
            p++;
        char quote = *p;
        const char *end = quote == '"' || quote == '\'' ? strchr(p + 1, quote) : NULL;
        if (!end)
            return SC_EINVAL;
        const char *value = p + 1;
        p = end + 1;
        if (len > 2 && (name[0] == 'o' || name[0] == 'O') && (name[1] == 'n' || name[1] == 'N'))
            return SC_EINVAL; /* an event handler: script */
        if (tag_is(name, len, "xmlns") || (len > 6 && strncmp(name, "xmlns:", 6) == 0))
            continue; /* the namespace comes from the HTML parser */
        if (len == 10 && strncmp(name, "xlink:href", 10) == 0)
            name += 6, len -= 6;
        sc_doc_buf_appends(out, " ");
        sc_doc_buf_append(out, name, len);
        sc_doc_buf_append(out, "=", 1);
        sc_doc_buf_append(out, &quote, 1);
        sc_status status = put_value(out, name, len, value, (size_t)(end - value), prefix);
        if (status != SC_OK)
            return status;
        sc_doc_buf_append(out, &quote, 1);
    }
    size_t close = *p == '>' ? 1 : 2;
    sc_doc_buf_append(out, p, close);
    *s = p + close;
    return SC_OK;
}

/* The SVG text ready to inline as figure `number` (see the top of the file). */
static sc_status prepare_svg(const char *svg, size_t number, char **out)
{
    const char *s = skip_prolog(svg);
    if (strncmp(s, "<svg", 4) != 0 || !(is_space(s[4]) || s[4] == '>' || s[4] == '/'))
        return SC_EINVAL;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "fig%zu-", number);
    sc_doc_buf tb = {0};
    const char *last = strrchr(s, '>');
    while (*s && s <= last) {
        if (*s != '<' || s[1] == '/' || s[1] == '!' || s[1] == '?') {
            const char *next = strchr(s + 1, '<');
            size_t len = next ? (size_t)(next - s) : strlen(s);
            if (s[0] == '<') /* an end tag, a comment or a processing instruction */
                len = (size_t)(strchr(s, '>') - s) + 1; /* there is one: `last` */
            if (s + len > last + 1)
                len = (size_t)(last + 1 - s);
            sc_doc_buf_append(&tb, s, len);
            s += len;
            continue;
        }
        sc_doc_buf_append(&tb, "<", 1);
        s++;
        sc_status status = put_start_tag(&tb, &s, prefix);
        if (status != SC_OK) {
            free(tb.data);
            return status;
        }
    }
    if (tb.failed || !tb.data) {
        free(tb.data);
        return tb.failed ? SC_ENOMEM : SC_EINVAL;
    }
    *out = tb.data;
    return SC_OK;
}

sc_status sc_doc_figure(sc_doc *doc, const char *caption, const char *png_path,
                        const char *svg_text)
{
    if (!doc || !png_path)
        return SC_EINVAL;
    doc_block block = {.kind = DOC_FIGURE, .number = doc->figures + 1};
    sc_status status = svg_text ? prepare_svg(svg_text, block.number, &block.svg) : SC_OK;
    if (status != SC_OK)
        return status;
    block.text = copy_text(caption ? caption : "");
    block.png_path = copy_text(png_path);
    if (!block.text || !block.png_path) {
        block_free(&block);
        return SC_ENOMEM;
    }
    status = push_block(doc, &block);
    if (status == SC_OK)
        doc->figures++;
    return status;
}

sc_status sc_doc_figure_svg(sc_doc *doc, size_t number, const char *svg_text)
{
    for (size_t i = 0; doc && svg_text && i < doc->count; i++) {
        doc_block *block = &doc->blocks[i];
        if (block->kind != DOC_FIGURE || block->number != number)
            continue;
        char *svg;
        sc_status status = prepare_svg(svg_text, number, &svg);
        if (status == SC_OK) {
            free(block->svg);
            block->svg = svg;
        }
        return status;
    }
    return SC_EINVAL;
}

/* ---- what both writers share ------------------------------------------------- */

char *sc_doc_clean_text(const char *text)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    sc_doc_buf tb = {0};
    size_t len = strlen(text);
    sc_doc_buf_append(&tb, "", 0);
    while (len > 0) {
        uint32_t codepoint = 0;
        size_t used = sc_utf8_decode((const unsigned char *)text, len, &codepoint);
        if (used == 0 || codepoint == 0xFFFE || codepoint == 0xFFFF)
            sc_doc_buf_append(&tb, replacement, 3);
        else if (sc_codepoint_is_control(codepoint))
            sc_doc_buf_append(&tb, " ", 1);
        else
            sc_doc_buf_append(&tb, text, used);
        used = used ? used : 1;
        text += used;
        len -= used;
    }
    if (tb.failed) {
        free(tb.data);
        return NULL;
    }
    return tb.data;
}

void sc_doc_put_number(sc_writer *w, const sc_doc *doc, const doc_block *block)
{
    bool zh = doc->lang == SC_LANG_ZH;
    const char *word = block->kind == DOC_TABLE ? (zh ? "表" : "Table") : (zh ? "图" : "Figure");
    sc_writer_printf(w, "%s %zu", word, block->number);
}

char *sc_doc_cell_text(const doc_block *block, size_t row, size_t col)
{
    char small[64];
    size_t len = row == SIZE_MAX
                     ? sc_output_header_text(block->table, col, &block->opts, small, sizeof small)
                     : sc_output_cell_text(block->table, row, col, &block->opts, small,
                                           sizeof small);
    if (len == SC_TEXT_NO_MEMORY)
        return NULL;
    char *text = sc_malloc(len + 1);
    if (!text)
        return NULL;
    if (len < sizeof small)
        memcpy(text, small, len + 1);
    else if ((row == SIZE_MAX ? sc_output_header_text(block->table, col, &block->opts, text,
                                                      len + 1)
                              : sc_output_cell_text(block->table, row, col, &block->opts, text,
                                                    len + 1)) == SC_TEXT_NO_MEMORY) {
        free(text);
        return NULL;
    }
    return text;
}
