/* Fuzz target for the escaping of the report document (doc.h contract 2),
 * with an oracle: no text can become markup.
 *
 * Input: the first byte picks the language; the bytes after it, up to a
 * NUL, are text A, the bytes after that NUL text B.  One document holds
 * them in every place a text goes: A as the title, a level-2 heading, a
 * paragraph, a list item and a table cell; B as a level-3 heading, a list
 * item, a table caption and a column name.  The same document is written a
 * second time with a distinct plain marker (QZXn) in each place, and the two
 * outputs are compared:
 *  HTML  1. the tags (everything from '<' to '>') are the same, in the same
 *           order, and every text between them that holds no marker is the
 *           same: the texts added no element, attribute or comment;
 *        2. every '&' starts one of the entities &amp; &lt; &gt; &quot; &#39;;
 *        3. where a marker stood in a heading, paragraph or list item, the
 *           text with entities decoded is the model's cleaning of A or B:
 *           control characters (C0, DEL, C1) and the line and paragraph
 *           separators U+2028, U+2029 a space, each byte of invalid
 *           UTF-8 and U+FFFE, U+FFFF a U+FFFD.
 *  Markdown  4. the lines are as many, a line with no marker is the same
 *           (a table's rule line but for its width),
 *           and each line holds as many unescaped \ ` * _ [ ] < > # | & $ ~
 *           ^ { " ' (a backslash escapes the character after it) as the
 *           marker's line: no emphasis, link, code, HTML, heading or table
 *           cell came from a text;
 *        5. where a marker stood in a heading, paragraph or list item, the
 *           text with its backslash escapes removed is the model's cleaning
 *           with leading and trailing spaces trimmed.
 * Built like fuzz_records.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/doc.h"
#include "spotcheck/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT_MAX 1024

/* The places of the document, in the order they are filled. */
enum { TITLE, H2, PARA, ITEM_A, ITEM_B, H3, CAPTION, COLUMN, CELL, PLACES };
static const bool place_is_a[PLACES] = {
    [TITLE] = true, [H2] = true, [PARA] = true, [ITEM_A] = true, [CELL] = true};
/* places whose text is compared whole (3, 5); the table's are formatted */
static const bool compared[PLACES] = {[TITLE] = true, [H2] = true, [PARA] = true,
                                      [ITEM_A] = true, [ITEM_B] = true, [H3] = true};
static const char *const markers[PLACES] = {"QZX0", "QZX1", "QZX2", "QZX3", "QZX4",
                                            "QZX5", "QZX6", "QZX7", "QZX8"};

static void failed(const char *what, const char *got, const char *expected)
{
    fprintf(stderr, "fuzz_doc: %s\n  got:      \"%s\"\n  expected: \"%s\"\n", what,
            got ? got : "", expected ? expected : "");
    abort();
}

/* ---- the model of the cleaning --------------------------------------------- */

static size_t utf8_sequence(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (n == 0 || len < n)
        return 0;
    uint32_t value = b & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && value < 0x800) || (n == 4 && value < 0x10000) || value > 0x10FFFF ||
        (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *cp = value;
    return n;
}

static void model_clean(const char *text, char *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_sequence(s + i, len - i, &cp);
        if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += n ? n : 1;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
                   cp == 0x2029) {
            out[o++] = ' ';
            i += n;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
}

/* ---- the documents ------------------------------------------------------------ */

static char *write_doc(const char *const *texts, sc_lang lang, bool html)
{
    sc_doc *doc = sc_doc_new(texts[TITLE], lang);
    sc_table *table = sc_table_new();
    size_t row = 0;
    const char *items[] = {texts[ITEM_A], texts[ITEM_B]};
    sc_output_opts opts = {.lang = lang, .digits = -1};
    if (!doc || !table || sc_doc_heading(doc, 2, texts[H2]) != SC_OK ||
        sc_doc_paragraph(doc, texts[PARA]) != SC_OK || sc_doc_list(doc, items, 2) != SC_OK ||
        sc_doc_heading(doc, 3, texts[H3]) != SC_OK ||
        sc_table_add_column(table, texts[COLUMN], NULL, SC_COL_STRING) != SC_OK ||
        sc_table_add_row(table, &row) != SC_OK ||
        sc_table_set_string(table, row, 0, texts[CELL]) != SC_OK ||
        sc_doc_table(doc, texts[CAPTION], table, NULL, 0, &opts) != SC_OK)
        abort(); /* no memory, or a text refused: neither is expected */
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    sc_error err;
    sc_error_clear(&err);
    if (!f || (html ? sc_doc_write_html(doc, f, &err) : sc_doc_write_md(doc, f, &err)) != SC_OK)
        abort();
    fclose(f);
    sc_doc_free(doc);
    sc_table_free(table);
    return out;
}

/* The place whose marker `segment` holds, with where it starts; -1: none. */
static int marker_in(const char *segment, size_t len, size_t *at)
{
    for (size_t i = 0; i + 4 <= len; i++)
        for (int p = 0; p < PLACES; p++)
            if (memcmp(segment + i, markers[p], 4) == 0) {
                *at = i;
                return p;
            }
    return -1;
}

/* Parts of an output: for HTML text, tag, text, ..., text (a text may be
 * empty, so that the same tags give the same parts); for Markdown lines. */
typedef struct segments {
    size_t count;
    const char **start;
    size_t *len;
    bool *tag;
} segments;

static void add_segment(segments *g, const char *start, size_t len, bool tag)
{
    const char **s = realloc(g->start, (g->count + 1) * sizeof *s);
    size_t *l = realloc(g->len, (g->count + 1) * sizeof *l);
    bool *t = realloc(g->tag, (g->count + 1) * sizeof *t);
    if (!s || !l || !t)
        abort();
    g->start = s, g->len = l, g->tag = t;
    s[g->count] = start, l[g->count] = len, t[g->count] = tag;
    g->count++;
}

static segments split_html(const char *html)
{
    segments g = {0};
    const char *p = html;
    for (;;) { /* a text (empty, too), then a tag, ..., then the last text */
        size_t len = strcspn(p, "<");
        add_segment(&g, p, len, false);
        p += len;
        if (!*p)
            break;
        const char *close = strchr(p, '>');
        len = close ? (size_t)(close - p) + 1 : strlen(p);
        add_segment(&g, p, len, true);
        p += len;
    }
    return g;
}

static segments split_lines(const char *md)
{
    segments g = {0};
    for (const char *p = md; *p;) {
        size_t len = strcspn(p, "\n");
        add_segment(&g, p, len, false);
        p += len + (p[len] == '\n');
    }
    return g;
}

static void free_segments(segments *g)
{
    free(g->start);
    free(g->len);
    free(g->tag);
}

static char *copy(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (!c)
        abort();
    memcpy(c, s, len);
    c[len] = '\0';
    return c;
}

/* Entities decoded (contract 2); false for an '&' that starts none. */
static bool decode_html(const char *s, size_t len, char *out)
{
    static const char *const names[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                           {"&quot;", "\""}, {"&#39;", "'"}};
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '&') {
            out[o++] = s[i++];
            continue;
        }
        size_t k = 0;
        while (k < 5 && strncmp(s + i, names[k][0], strlen(names[k][0])) != 0)
            k++;
        if (k == 5 || i + strlen(names[k][0]) > len)
            return false;
        out[o++] = names[k][1][0];
        i += strlen(names[k][0]);
    }
    out[o] = '\0';
    return true;
}

/* `html` without the <wbr/> that a table header gets after each underscore
 * (doc_html.c: a column name may wrap there); a text's own "<wbr/>" is
 * escaped, so a raw one can only be the writer's.  Freed by the caller. */
static char *without_wbr(const char *html)
{
    size_t len = strlen(html), o = 0;
    char *out = copy(html, len);
    for (size_t i = 0; i < len;) {
        if (i > 0 && html[i - 1] == '_' && strncmp(html + i, "<wbr/>", 6) == 0) {
            i += 6;
            continue;
        }
        out[o++] = html[i++];
    }
    out[o] = '\0';
    return out;
}

static void check_html(const char *html, const char *model, const char *const *texts)
{
    char *got = without_wbr(html);
    segments f = split_html(got), m = split_html(model);
    if (f.count != m.count)
        failed("HTML: the texts changed the elements", got, model);
    static char decoded[TEXT_MAX * 8], expected[TEXT_MAX * 4];
    for (size_t i = 0; i < f.count; i++) {
        char *fs = copy(f.start[i], f.len[i]), *ms = copy(m.start[i], m.len[i]);
        if (f.tag[i] != m.tag[i] || (f.tag[i] && strcmp(fs, ms) != 0))
            failed("HTML: a tag differs", fs, ms);
        if (!f.tag[i] && !decode_html(fs, f.len[i], decoded))
            failed("HTML: an '&' that starts no entity", fs, NULL);
        size_t at = 0;
        int place = f.tag[i] ? -1 : marker_in(ms, m.len[i], &at);
        if (!f.tag[i] && place < 0 && strcmp(fs, ms) != 0)
            failed("HTML: a text outside the places changed", fs, ms);
        if (place >= 0 && compared[place]) {
            size_t after = m.len[i] - at - 4;
            if (f.len[i] < at + after || strncmp(fs, ms, at) != 0 ||
                strcmp(fs + f.len[i] - after, ms + at + 4) != 0)
                failed("HTML: the words around a text changed", fs, ms);
            if (!decode_html(fs + at, f.len[i] - at - after, decoded))
                failed("HTML: an '&' that starts no entity", fs, NULL);
            model_clean(texts[place], expected);
            if (strcmp(decoded, expected) != 0)
                failed("HTML: a text does not read back as itself", decoded, expected);
        }
        free(fs);
        free(ms);
    }
    free_segments(&f);
    free_segments(&m);
    free(got);
}

/* Unescaped markup characters of a Markdown line, counted per character. */
static void count_markup(const char *s, size_t len, size_t counts[256])
{
    memset(counts, 0, 256 * sizeof *counts);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len) {
            i++; /* escaped */
            continue;
        }
        if (strchr("\\`*_[]<>#|&$~^{\"'", s[i]) && s[i])
            counts[(unsigned char)s[i]]++;
    }
}

static void md_unescape(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1]))
            i++;
        out[o++] = s[i];
    }
    out[o] = '\0';
}

static void check_md(const char *got, const char *model, const char *const *texts)
{
    segments f = split_lines(got), m = split_lines(model);
    if (f.count != m.count)
        failed("Markdown: the texts changed the lines", got, model);
    static char unescaped[TEXT_MAX * 8], expected[TEXT_MAX * 4];
    size_t fc[256], mc[256];
    for (size_t i = 0; i < f.count; i++) {
        char *fs = copy(f.start[i], f.len[i]), *ms = copy(m.start[i], m.len[i]);
        size_t at = 0;
        int place = marker_in(ms, m.len[i], &at);
        /* a table's rule line is as wide as its column */
        bool rule = strspn(fs, "|-: ") == f.len[i] && strspn(ms, "|-: ") == m.len[i];
        if (place < 0 && !rule && strcmp(fs, ms) != 0)
            failed("Markdown: a line outside the places changed", fs, ms);
        count_markup(fs, f.len[i], fc);
        count_markup(ms, m.len[i], mc);
        if (memcmp(fc, mc, sizeof fc) != 0)
            failed("Markdown: a text added markup", fs, ms);
        if (place >= 0 && compared[place]) {
            size_t after = m.len[i] - at - 4;
            if (f.len[i] < at + after || strncmp(fs, ms, at) != 0 ||
                strcmp(fs + f.len[i] - after, ms + at + 4) != 0)
                failed("Markdown: the words around a text changed", fs, ms);
            md_unescape(fs + at, f.len[i] - at - after, unescaped);
            model_clean(texts[place], expected);
            const char *s = expected;
            while (*s == ' ')
                s++;
            size_t n = strlen(s);
            while (n > 0 && s[n - 1] == ' ')
                n--;
            if (strlen(unescaped) != n || strncmp(unescaped, s, n) != 0)
                failed("Markdown: a text does not read back as itself", unescaped, s);
        }
        free(fs);
        free(ms);
    }
    free_segments(&f);
    free_segments(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static char a[TEXT_MAX + 1], b[TEXT_MAX + 1];
    size_t len = strnlen((const char *)data + 1, size - 1);
    if (len > TEXT_MAX)
        len = TEXT_MAX;
    memcpy(a, data + 1, len);
    a[len] = '\0';
    size_t rest = 1 + len + 1 < size ? size - (1 + len + 1) : 0;
    size_t blen = rest ? strnlen((const char *)data + 2 + len, rest) : 0;
    if (blen > TEXT_MAX)
        blen = TEXT_MAX;
    memcpy(b, data + 2 + len, blen);
    b[blen] = '\0';
    const char *texts[PLACES];
    for (int p = 0; p < PLACES; p++)
        texts[p] = place_is_a[p] ? a : b;
    sc_lang lang = data[0] & 1 ? SC_LANG_ZH : SC_LANG_EN;
    for (int html = 0; html <= 1; html++) {
        char *got = write_doc(texts, lang, html);
        char *model = write_doc(markers, lang, html);
        if (html)
            check_html(got, model, texts);
        else
            check_md(got, model, texts);
        free(got);
        free(model);
    }
    return 0;
}

#include "replay.h"
