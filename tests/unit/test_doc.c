/* Unit tests: the report document and its Markdown and HTML writers
 * (src/lib/doc.c, doc_md.c, doc_html.c; contract in include/spotcheck/doc.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Golden files: tests/data/doc/small.md and small.html, written from the
 * contract and checked by eye (SC_UPDATE_GOLDEN=1 rewrites them; read the
 * diff).  tests/doc-check.py parses the HTML with a strict XML parser and
 * feeds hostile texts through tests/doc/doc_sample.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/doc.h"

#ifndef SC_TEST_DATA_DIR
#define SC_TEST_DATA_DIR "tests/data"
#endif

/* ---- helpers ------------------------------------------------------------------ */

static char *read_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        fail_msg("cannot open %s", path);
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (int c; (c = fgetc(in)) != EOF;) {
        if (len + 1 >= cap) {
            cap = cap ? cap * 2 : 4096;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        text[len++] = (char)c;
    }
    fclose(in);
    if (!text)
        text = calloc(1, 1);
    text[len] = '\0';
    return text;
}

typedef sc_status (*doc_writer)(const sc_doc *, FILE *, sc_error *);

static char *render(const sc_doc *doc, doc_writer write)
{
    char path[] = "/tmp/test_doc.XXXXXX";
    FILE *out = fdopen(mkstemp(path), "w+");
    assert_non_null(out);
    sc_error err;
    sc_error_clear(&err);
    sc_status status = write(doc, out, &err);
    if (status != SC_OK)
        fail_msg("writer: %s", err.message);
    assert_int_equal(fclose(out), 0);
    char *text = read_file(path);
    remove(path);
    return text;
}

static void expect_golden(const char *text, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/doc/%s", SC_TEST_DATA_DIR, name);
    if (getenv("SC_UPDATE_GOLDEN")) {
        FILE *out = fopen(path, "w");
        assert_non_null(out);
        fputs(text, out);
        assert_int_equal(fclose(out), 0);
    }
    char *want = read_file(path);
    if (strcmp(text, want) != 0)
        print_error("%s differs; got:\n%s\n", name, text);
    assert_string_equal(text, want);
    free(want);
}

static size_t add_row(sc_table *table)
{
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    return row;
}

/* category, n, passed, rate, p: the shape of the report's tables. */
static sc_table *category_table(void)
{
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "category", "产品类别", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", "批次数", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "passed", "合格批次", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "p_value", "p值", SC_COL_PVALUE), SC_OK);
    static const struct {
        const char *name;
        uint64_t n, passed;
        double p;
    } rows[] = {{"电线电缆", 412, 392, 0.38091}, {"儿童用品", 97, 85, 3.2e-12}, {"合计", 0, 0, 1}};
    for (size_t i = 0; i < 3; i++) {
        size_t row = add_row(table);
        assert_int_equal(sc_table_set_string(table, row, 0, rows[i].name), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 1, rows[i].n), SC_OK);
        assert_int_equal(sc_table_set_count(table, row, 2, rows[i].passed), SC_OK);
        sc_fraction rate = {rows[i].passed, rows[i].n, 0, 1};
        assert_int_equal(sc_table_set_fraction(table, row, 3, &rate), SC_OK);
        assert_int_equal(sc_table_set_double(table, row, 4, rows[i].p), SC_OK);
    }
    return table;
}

static sc_doc *small_doc(sc_lang lang)
{
    sc_doc *doc = sc_doc_new("2024年第三季度产品质量分析报告", lang);
    assert_non_null(doc);
    assert_int_equal(sc_doc_heading(doc, 2, "总体情况"), SC_OK);
    assert_int_equal(sc_doc_paragraph(doc, "2024年第三季度共抽查产品509批次，合格率94.70%。"),
                     SC_OK);
    const char *items[] = {"电线电缆：合格率95.15%", "儿童用品：合格率87.63%"};
    assert_int_equal(sc_doc_list(doc, items, 2), SC_OK);
    sc_table *table = category_table();
    sc_output_opts opts = {SC_FORMAT_CSV, -1, true, lang, SC_ROUND_HALF_UP, false, 0};
    size_t cols[] = {0, 1, 3, 4}; /* passed left out */
    assert_int_equal(sc_doc_table(doc, "各类别合格率", table, cols, 4, &opts), SC_OK);
    sc_table_free(table); /* the document keeps its own copy */
    assert_int_equal(sc_doc_heading(doc, 2, "分类别"), SC_OK);
    assert_int_equal(sc_doc_heading(doc, 3, "合格率排序"), SC_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/doc/small.svg", SC_TEST_DATA_DIR);
    char *svg = read_file(path);
    assert_int_equal(sc_doc_figure(doc, "各类别合格率", "charts/category.png", svg), SC_OK);
    free(svg);
    return doc;
}

/* ---- tests --------------------------------------------------------------------- */

static void test_golden_small(void **state)
{
    (void)state;
    sc_doc *doc = small_doc(SC_LANG_ZH);
    char *md = render(doc, sc_doc_write_md);
    expect_golden(md, "small.md");
    char *html = render(doc, sc_doc_write_html);
    expect_golden(html, "small.html");
    free(md);
    free(html);
    sc_doc_free(doc);
    doc = small_doc(SC_LANG_EN);
    md = render(doc, sc_doc_write_md);
    expect_golden(md, "small-en.md");
    free(md);
    sc_doc_free(doc);
}

/* Each hostile text as a paragraph: its Markdown and HTML. */
static void expect_escaped(const char *text, const char *md, const char *html)
{
    sc_doc *doc = sc_doc_new("t", SC_LANG_EN);
    assert_int_equal(sc_doc_paragraph(doc, text), SC_OK);
    char *got = render(doc, sc_doc_write_md);
    const char *body = strstr(got, "\n\n");
    assert_non_null(body);
    assert_string_equal(body + 2, md);
    free(got);
    got = render(doc, sc_doc_write_html);
    body = strstr(got, "<p>");
    assert_non_null(body);
    assert_true(strncmp(body + 3, html, strlen(html)) == 0);
    assert_string_equal(body + 3 + strlen(html), "</p>\n</body>\n</html>\n");
    free(got);
    sc_doc_free(doc);
}

static void test_escaping(void **state)
{
    (void)state;
    expect_escaped("say \"hi\" & 'bye'", "say \\\"hi\\\" \\& \\'bye\\'\n",
                   "say &quot;hi&quot; &amp; &#39;bye&#39;");
    expect_escaped("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>\n",
                   "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect_escaped("</table> | `x` *b* _i_ [l](u) #h", 
                   "\\</table\\> \\| \\`x\\` \\*b\\* \\_i\\_ \\[l\\](u) \\#h\n",
                   "&lt;/table&gt; | `x` *b* _i_ [l](u) #h");
    expect_escaped("line1\nline2\r\n- x", "line1 line2  - x\n", "line1 line2  - x");
    expect_escaped("- item", "\\- item\n", "- item");
    expect_escaped("1. first", "1\\. first\n", "1. first");
    expect_escaped("$1 ~2^ \\", "\\$1 \\~2\\^ \\\\\n", "$1 ~2^ \\");
    expect_escaped("bad \xff\xfe byte \x7f del \xc2\x85 c1", "bad \xEF\xBF\xBD\xEF\xBF\xBD byte   del   c1\n",
                   "bad \xEF\xBF\xBD\xEF\xBF\xBD byte   del   c1");
    expect_escaped("  padded\t", "padded\n", "  padded ");
    expect_escaped("合格率“95%”", "合格率“95%”\n", "合格率“95%”");
}

static void test_table_cells_and_header(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "a|b", "甲|乙", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "diff", "变化", SC_COL_POINTS), SC_OK);
    size_t row = add_row(table);
    assert_int_equal(sc_table_set_string(table, row, 0, "</td><script>|\n"), SC_OK);
    assert_int_equal(sc_table_set_fraction(table, row, 1, &(sc_fraction){23, 40, 10, 20}), SC_OK);
    sc_doc *doc = sc_doc_new("t", SC_LANG_ZH);
    sc_output_opts opts = {SC_FORMAT_JSON, 1, true, SC_LANG_ZH, SC_ROUND_HALF_UP, false, 0};
    assert_int_equal(sc_doc_table(doc, "", table, NULL, 0, &opts), SC_OK);
    sc_table_free(table);
    char *md = render(doc, sc_doc_write_md);
    assert_string_equal(md, "# t\n\n**表 1**\n\n"
                            "| 甲\\|乙              | 变化（百分点） |\n"
                            "| ------------------- | -------------: |\n"
                            "| \\</td\\>\\<script\\>\\| |            7.5 |\n");
    free(md);
    char *html = render(doc, sc_doc_write_html);
    assert_non_null(strstr(html, "<caption><span class=\"label\">表 1</span></caption>\n"
                                 "<thead>\n<tr><th>甲|乙</th><th class=\"num\">变化（百分点）</th>"
                                 "</tr>\n</thead>\n<tbody>\n"
                                 "<tr><td>&lt;/td&gt;&lt;script&gt;| </td>"
                                 "<td class=\"num\">7.5</td></tr>\n</tbody>\n</table>\n"));
    free(html);
    sc_doc_free(doc);
}

static void test_svg_prepared(void **state)
{
    (void)state;
    sc_doc *doc = sc_doc_new("t", SC_LANG_EN);
    const char *svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><g id='a'/>"
                      "<use xlink:href='#a' filter=\"url(#a)\"/><text>x &lt; y</text></svg>\n";
    assert_int_equal(sc_doc_figure(doc, "c", "c.png", svg), SC_OK);
    assert_int_equal(sc_doc_figure(doc, "d", "d.png", svg), SC_OK);
    char *html = render(doc, sc_doc_write_html);
    assert_non_null(strstr(html, "<figure>\n<svg><g id='fig1-a'/><use href='#fig1-a' "
                                 "filter=\"url(#fig1-a)\"/><text>x &lt; y</text></svg>\n"
                                 "<figcaption><span class=\"label\">Figure 1</span> c"
                                 "</figcaption>\n</figure>\n"));
    assert_non_null(strstr(html, "<g id='fig2-a'/><use href='#fig2-a'"));
    assert_null(strstr(html, "http"));
    free(html);
    char *md = render(doc, sc_doc_write_md);
    assert_string_equal(md, "# t\n\n**Figure 1 c**\n\n![](c.png)\n\n**Figure 2 d**\n\n![](d.png)\n");
    free(md);
    /* refused: not an SVG, scripts, styles, references outside, handlers */
    const char *bad[] = {
        "<html/>",
        "",
        "<svgx/>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><SCRIPT/></svg>",
        "<svg><style>@import 'x.css';</style></svg>",
        "<svg><image href='x.png'/></svg>",
        "<svg><a xlink:href='http://example.com/'>x</a></svg>",
        "<svg><use href='other.svg#a'/></svg>",
        "<svg><g fill='url(x.png)'/></svg>",
        "<svg onload='alert(1)'/>",
        "<svg><foreignObject/></svg>",
        "<svg><g id=unquoted/></svg>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (sc_doc_figure(doc, "c", "c.png", bad[i]) != SC_EINVAL)
            fail_msg("accepted: %s", bad[i]);
    }
    sc_doc_free(doc);
}

static void test_figure_path(void **state)
{
    (void)state;
    sc_doc *doc = sc_doc_new("t", SC_LANG_ZH);
    assert_int_equal(sc_doc_figure(doc, "", "charts/地区 (1)<x>.png", "<svg/>"), SC_OK);
    char *md = render(doc, sc_doc_write_md);
    assert_string_equal(md, "# t\n\n**图 1**\n\n![](<charts/地区 (1)\\<x\\>.png>)\n");
    free(md);
    sc_doc_free(doc);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    sc_doc *doc = sc_doc_new(NULL, SC_LANG_EN);
    assert_non_null(doc);
    assert_int_equal(sc_doc_heading(doc, 1, "x"), SC_EINVAL);
    assert_int_equal(sc_doc_heading(doc, 4, "x"), SC_EINVAL);
    assert_int_equal(sc_doc_heading(doc, 2, NULL), SC_EINVAL);
    assert_int_equal(sc_doc_heading(NULL, 2, "x"), SC_EINVAL);
    assert_int_equal(sc_doc_paragraph(doc, NULL), SC_EINVAL);
    assert_int_equal(sc_doc_list(doc, NULL, 1), SC_EINVAL);
    const char *items[] = {"a", NULL};
    assert_int_equal(sc_doc_list(doc, items, 2), SC_EINVAL);
    assert_int_equal(sc_doc_list(doc, NULL, 0), SC_OK); /* writes nothing */
    sc_table *table = category_table();
    size_t cols[] = {0, 5};
    assert_int_equal(sc_doc_table(doc, "c", table, cols, 2, NULL), SC_EINVAL);
    assert_int_equal(sc_doc_table(doc, "c", NULL, NULL, 0, NULL), SC_EINVAL);
    assert_int_equal(sc_doc_table(doc, "c", table, NULL, 0, NULL), SC_OK);
    sc_table_free(table);
    assert_int_equal(sc_doc_figure(doc, "c", NULL, "<svg/>"), SC_EINVAL);
    assert_int_equal(sc_doc_figure_svg(doc, 1, "<svg/>"), SC_EINVAL); /* no figure 1 */
    char *md = render(doc, sc_doc_write_md);
    /* defaults: 4 decimals, English names; the table is numbered 1 */
    assert_non_null(strstr(md, "# \n\n**Table 1 c**\n\n| category |"));
    assert_non_null(strstr(md, "| 电线电缆 | 412 |    392 | 0.9515 |    0.3809 |\n"));
    free(md);
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_doc_write_md(NULL, stdout, &err), SC_EINVAL);
    assert_int_equal(sc_doc_write_html(doc, NULL, &err), SC_EINVAL);
    sc_doc_free(doc);
    sc_doc_free(NULL);
}

/* A header may wrap after the underscores of a column name; the cells and
 * the Markdown keep the name as it is. */
static void test_header_wraps(void **state)
{
    (void)state;
    sc_doc *doc = sc_doc_new("t", SC_LANG_EN);
    sc_table *t = sc_table_new();
    assert_non_null(doc);
    assert_non_null(t);
    assert_int_equal(sc_table_add_column(t, "year_ago_p_value", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_row(t, NULL), SC_OK);
    assert_int_equal(sc_table_set_string(t, 0, 0, "a_b"), SC_OK);
    assert_int_equal(sc_doc_table(doc, "c", t, NULL, 0, NULL), SC_OK);
    char *html = render(doc, sc_doc_write_html);
    assert_non_null(strstr(html, "<th>year_<wbr/>ago_<wbr/>p_<wbr/>value</th>"));
    assert_non_null(strstr(html, "<td>a_b</td>"));
    free(html);
    char *md = render(doc, sc_doc_write_md);
    assert_non_null(strstr(md, "year\\_ago\\_p\\_value")); /* escaped */
    assert_null(strstr(md, "wbr"));
    free(md);
    sc_table_free(t);
    sc_doc_free(doc);
}

/* A figure whose SVG comes later (rendered after the document was made):
 * the Markdown needs none, the HTML refuses to start without it. */
static void test_svg_later(void **state)
{
    (void)state;
    sc_doc *doc = sc_doc_new("t", SC_LANG_EN);
    assert_non_null(doc);
    assert_int_equal(sc_doc_figure(doc, "one", "charts/one.png", "<svg width=\"1\"/>"), SC_OK);
    assert_int_equal(sc_doc_figure(doc, "two", "charts/two.png", NULL), SC_OK);
    char *md = render(doc, sc_doc_write_md);
    assert_non_null(strstr(md, "charts/two.png"));
    free(md);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_doc_write_html(doc, f, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "figure 2 has no SVG"));
    fclose(f);
    assert_int_equal(size, 0); /* nothing written */
    free(text);
    assert_int_equal(sc_doc_figure_svg(doc, 3, "<svg/>"), SC_EINVAL);
    assert_int_equal(sc_doc_figure_svg(doc, 2, "<p>not an svg</p>"), SC_EINVAL);
    assert_int_equal(sc_doc_figure_svg(doc, 2, NULL), SC_EINVAL);
    assert_int_equal(sc_doc_figure_svg(doc, 2, "<svg height=\"2\"><g id=\"a\"/></svg>"), SC_OK);
    char *html = render(doc, sc_doc_write_html);
    const char *one = strstr(html, "<svg width=\"1\"/>");
    const char *two = strstr(html, "<svg height=\"2\"><g id=\"fig2-a\"/></svg>");
    assert_non_null(one);
    assert_non_null(two);
    assert_true(one < two);
    free(html);
    sc_doc_free(doc);
}

/* A full disk: SC_EIO with the reason (contract 6). */
static void test_dev_full(void **state)
{
    (void)state;
    FILE *out = fopen("/dev/full", "w");
    if (!out)
        skip();
    sc_doc *doc = small_doc(SC_LANG_ZH);
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_doc_write_html(doc, out, &err), SC_EIO);
    assert_non_null(strstr(err.message, "cannot write the document"));
    clearerr(out);
    sc_error_clear(&err);
    assert_int_equal(sc_doc_write_md(doc, out, &err), SC_EIO);
    fclose(out);
    sc_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_small),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_table_cells_and_header),
        cmocka_unit_test(test_svg_prepared),
        cmocka_unit_test(test_figure_path),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_svg_later),
        cmocka_unit_test(test_header_wraps),
        cmocka_unit_test(test_dev_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
