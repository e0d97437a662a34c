/* doc_sample: writes a report document as HTML and Markdown for the checks
 * in tests/doc-check.py and tests/doc-browser.sh.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   doc_sample sample zh|en SVGFILE OUT.html OUT.md
 *       a report of three sections in the shape `spotcheck report` writes:
 *       sentences, a list, a 31-row table and the chart SVGFILE;
 *   doc_sample hostile HEXFILE OUT.html OUT.md
 *       each text of HEXFILE (one per line, its bytes in hex) as a level-2
 *       and a level-3 heading, a paragraph, a list item, a table caption,
 *       column name and cell, and a figure caption, in that order; the first
 *       text is also the title.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/doc.h"

static int fail(const char *what)
{
    fprintf(stderr, "doc_sample: %s\n", what);
    return 1;
}

static char *read_all(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    for (int c; text && (c = fgetc(in)) != EOF;) {
        if (len + 1 >= cap)
            text = realloc(text, cap *= 2);
        if (text)
            text[len++] = (char)c;
    }
    fclose(in);
    if (text)
        text[len] = '\0';
    return text;
}

static int write_both(const sc_doc *doc, const char *html_path, const char *md_path)
{
    sc_error err;
    sc_error_clear(&err);
    FILE *html = fopen(html_path, "w"), *md = fopen(md_path, "w");
    if (!html || !md)
        return fail("cannot open an output file");
    if (sc_doc_write_html(doc, html, &err) != SC_OK || sc_doc_write_md(doc, md, &err) != SC_OK)
        return fail(err.message);
    return fclose(html) == 0 && fclose(md) == 0 ? 0 : fail("cannot close an output file");
}

/* ---- the sample report ----------------------------------------------------------- */

static sc_table *region_table(void)
{
    static const char *const regions[] = {
        "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
        "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
        "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆维吾尔自治区"};
    sc_table *table = sc_table_new();
    sc_table_add_column(table, "region", "地区", SC_COL_STRING);
    sc_table_add_column(table, "n", "批次数", SC_COL_COUNT);
    sc_table_add_column(table, "passed", "合格批次", SC_COL_COUNT);
    sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION);
    sc_table_add_column(table, "change", "同比变化", SC_COL_POINTS);
    sc_table_add_column(table, "p_value", "p值", SC_COL_PVALUE);
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        size_t row;
        uint64_t n = 40 + (i * 37) % 160, passed = n - (i * 7) % 13;
        sc_table_add_row(table, &row);
        sc_table_set_string(table, row, 0, regions[i]);
        sc_table_set_count(table, row, 1, n);
        sc_table_set_count(table, row, 2, passed);
        sc_table_set_fraction(table, row, 3, &(sc_fraction){passed, n, 0, 1});
        sc_table_set_fraction(table, row, 4, &(sc_fraction){passed, n, n - 3 - i % 5, n});
        sc_table_set_double(table, row, 5, 0.9 / (double)(i + 1));
    }
    return table;
}

static int sample(const char *lang_name, const char *svg_path, const char *html, const char *md)
{
    int zh = strcmp(lang_name, "zh") == 0;
    char *svg = read_all(svg_path);
    if (!svg)
        return fail("cannot read the SVG file");
    sc_doc *doc = sc_doc_new(zh ? "2024年第三季度产品质量分析报告" : "Product quality, 2024Q3",
                             zh ? SC_LANG_ZH : SC_LANG_EN);
    sc_doc_heading(doc, 2, zh ? "一、总体情况" : "1 Overview");
    sc_doc_paragraph(doc, zh ? "2024年第三季度共抽查产品1,933批次，合格率95.14%（95%置信区间"
                               "94.10%–96.04%），同比提高0.63个百分点，变化不显著（p=0.38）。"
                             : "In 2024Q3, 1,933 batches were tested; 95.14% passed (95% CI "
                               "94.10%–96.04%), 0.63 points more than a year before, a change "
                               "that is not significant (p=0.38).");
    const char *zh_items[] = {"儿童用品合格率低于目标（p<0.001）。", "电线电缆合格率同比下降，变化显著。"};
    const char *en_items[] = {"Children's products are credibly below target (p<0.001).",
                              "Cables fell against a year before, significantly."};
    sc_doc_list(doc, zh ? zh_items : en_items, 2);
    sc_doc_heading(doc, 2, zh ? "二、分地区" : "2 By region");
    sc_doc_paragraph(doc, zh ? "各地区合格率见表1；新疆维吾尔自治区批次最少。"
                             : "Table 1 gives each region's pass rate.");
    sc_table *table = region_table();
    sc_output_opts opts = {SC_FORMAT_MD, -1, true, zh ? SC_LANG_ZH : SC_LANG_EN,
                           SC_ROUND_HALF_UP, false, 0};
    sc_status status = sc_doc_table(doc, zh ? "各地区合格率" : "Pass rate by region", table, NULL,
                                    0, &opts);
    sc_table_free(table);
    sc_doc_heading(doc, 2, zh ? "三、分类别" : "3 By category");
    sc_doc_heading(doc, 3, zh ? "合格率排序" : "Ranked pass rates");
    if (status == SC_OK)
        status = sc_doc_figure(doc, zh ? "各类别合格率及95%置信区间" : "Pass rate by category",
                               "charts/category.png", svg);
    free(svg);
    int rc = status == SC_OK ? write_both(doc, html, md) : fail("cannot build the document");
    sc_doc_free(doc);
    return rc;
}

/* ---- hostile texts ----------------------------------------------------------------- */

/* The bytes of one hex line ("3c73...") as a string; NULL at the end. */
static char *next_text(char **cursor)
{
    char *line = *cursor;
    if (!*line)
        return NULL;
    size_t len = strcspn(line, "\n");
    *cursor = line + len + (line[len] == '\n');
    char *text = calloc(len / 2 + 1, 1);
    for (size_t i = 0; text && i + 1 < len; i += 2) {
        unsigned byte;
        sscanf(line + i, "%2x", &byte);
        text[i / 2] = (char)byte;
    }
    return text;
}

static int hostile(const char *hex_path, const char *html, const char *md)
{
    char *hex = read_all(hex_path);
    if (!hex)
        return fail("cannot read the text file");
    char *cursor = hex, *text;
    sc_doc *doc = NULL;
    sc_status status = SC_OK;
    while (status == SC_OK && (text = next_text(&cursor))) {
        if (!doc)
            doc = sc_doc_new(text, SC_LANG_EN);
        sc_table *table = sc_table_new();
        size_t row;
        sc_table_add_column(table, text, NULL, SC_COL_STRING);
        sc_table_add_row(table, &row);
        sc_table_set_string(table, row, 0, text);
        const char *items[] = {text};
        status = sc_doc_heading(doc, 2, text);
        status = status ? status : sc_doc_heading(doc, 3, text);
        status = status ? status : sc_doc_paragraph(doc, text);
        status = status ? status : sc_doc_list(doc, items, 1);
        status = status ? status : sc_doc_table(doc, text, table, NULL, 0, NULL);
        status = status ? status : sc_doc_figure(doc, text, "f.png", "<svg/>");
        sc_table_free(table);
        free(text);
    }
    free(hex);
    int rc = doc && status == SC_OK ? write_both(doc, html, md) : fail("cannot build the document");
    sc_doc_free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "sample") == 0)
        return sample(argv[2], argv[3], argv[4], argv[5]);
    if (argc == 5 && strcmp(argv[1], "hostile") == 0)
        return hostile(argv[2], argv[3], argv[4]);
    return fail("usage: doc_sample sample zh|en SVG OUT.html OUT.md | hostile HEX OUT.html OUT.md");
}
