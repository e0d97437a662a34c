/* spotcheck — result tables as an Excel workbook (--format xlsx), written
 * with libxlsxwriter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract of sc_output_write_xlsx (include/spotcheck/output.h):
 *  1. One sheet per table, named after it (a tool's single table "rows" is
 *     named after the tool), then a sheet "meta" with the meta object's
 *     fields, one per row (key, value; counts as numbers).
 *  2. The first row holds the headers as the human formats write them
 *     (Chinese labels with SC_LANG_ZH, "(pp)" on percentage points with
 *     percent), bold, frozen.  Column widths fit the display width of the
 *     header and of the first XLSX_WIDTH_ROWS rows (Chinese characters count
 *     two), between 6 and 60.
 *  3. Numbers are numbers, never text: counts as integers; doubles with 16
 *     significant digits (libxlsxwriter writes "%.16G"; Excel keeps 15) and
 *     a cell format that shows them as the human formats do
 *     (the decimals of their text, a percent format for proportions with
 *     percent, scientific where the text is); percentage points with percent
 *     are stored times 100 (moved in decimal, as contract 3 of the writers
 *     does) with a fixed format.  A p-value shown as "<0.01" keeps that text
 *     through a conditional format.  Missing cells are empty; infinities are
 *     the strings "Inf" and "-Inf".
 *  4. A sheet holds at most 1,048,576 rows (Excel's limit): a longer table is
 *     refused (SC_EINVAL), before anything is written.
 *  5. The file is written by libxlsxwriter at `path`; the caller makes it
 *     whole or not at all (sc_atomic_file_open with SC_ATOMIC_NAMED).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "spotcheck/doc.h"
#include "spotcheck/output.h"

#define XLSX_MAX_ROWS 1048576
#define XLSX_WIDTH_ROWS 2000
#define XLSX_CELL_TEXT 128
#define XLSX_MAX_DECIMALS 20

/* The cell formats made so far: fixed, percent and scientific by decimals,
 * and the conditional "<x" formats by their text. */
typedef struct formats {
    lxw_workbook *book;
    lxw_format *header, *integer;
    lxw_format *shapes[3][XLSX_MAX_DECIMALS + 1];
    struct {
        char text[32];
        lxw_format *format;
    } below[8];
    size_t nbelow;
} formats;

enum { SHAPE_FIXED, SHAPE_PERCENT, SHAPE_SCIENTIFIC };

static lxw_format *number_format(formats *f, const char *code)
{
    lxw_format *format = workbook_add_format(f->book);
    if (format)
        format_set_num_format(format, code);
    return format;
}

/* The format that shows a number as its human text `text` does. */
static lxw_format *format_like(formats *f, const char *text)
{
    if (text[0] == '<') { /* a p-value below the shown digits: keep "<0.01" */
        for (size_t i = 0; i < f->nbelow; i++)
            if (!strcmp(f->below[i].text, text))
                return f->below[i].format;
        if (f->nbelow == sizeof f->below / sizeof f->below[0] || strlen(text) >= 32)
            return NULL;
        char code[2 * XLSX_CELL_TEXT + 32];
        snprintf(code, sizeof code, "[<%s]\"%s\";General", text + 1, text);
        snprintf(f->below[f->nbelow].text, sizeof f->below[0].text, "%s", text);
        return f->below[f->nbelow++].format = number_format(f, code);
    }
    size_t len = strlen(text);
    int shape = len > 0 && text[len - 1] == '%' ? SHAPE_PERCENT
                : strchr(text, 'e')                ? SHAPE_SCIENTIFIC
                                                   : SHAPE_FIXED;
    const char *point = strchr(text, '.');
    size_t decimals = 0;
    while (point && point[1 + decimals] >= '0' && point[1 + decimals] <= '9')
        decimals++;
    if (decimals > XLSX_MAX_DECIMALS)
        decimals = XLSX_MAX_DECIMALS;
    if (!f->shapes[shape][decimals]) {
        char code[64] = "0";
        if (decimals > 0) {
            strcat(code, ".");
            memset(code + 2, '0', decimals);
            code[2 + decimals] = '\0';
        }
        strcat(code, shape == SHAPE_PERCENT ? "%" : shape == SHAPE_SCIENTIFIC ? "E+00" : "");
        f->shapes[shape][decimals] = number_format(f, code);
    }
    return f->shapes[shape][decimals];
}

static sc_status lxw_failed(lxw_error e, const char *path, sc_error *err)
{
    return sc_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SC_ENOMEM : SC_EIO, path, 0,
                        "cannot write the workbook: %s", lxw_strerror(e));
}

/* Writes one cell (contract 3). */
static lxw_error put_cell(lxw_worksheet *sheet, formats *f, const sc_table *t, size_t row,
                          size_t col, const sc_output_opts *opts)
{
    lxw_row_t r = (lxw_row_t)(row + 1);
    lxw_col_t c = (lxw_col_t)col;
    if (sc_table_is_missing(t, row, col))
        return LXW_NO_ERROR;
    sc_col_type type = sc_table_column_type(t, col);
    if (type == SC_COL_STRING)
        return worksheet_write_string(sheet, r, c, sc_table_get_string(t, row, col), NULL);
    if (type == SC_COL_COUNT)
        return worksheet_write_number(sheet, r, c, (double)sc_table_get_count(t, row, col),
                                      f->integer);
    double value = sc_table_get_double(t, row, col);
    if (isinf(value))
        return worksheet_write_string(sheet, r, c, value > 0 ? "Inf" : "-Inf", NULL);
    char text[XLSX_CELL_TEXT];
    if (sc_output_cell_text(t, row, col, opts, text, sizeof text) == SC_TEXT_NO_MEMORY)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (type == SC_COL_POINTS && opts->percent) {
        char shifted[64];
        sc_format_decimal(value, -1, true, shifted, sizeof shifted);
        value = strtod(shifted, NULL);
    }
    return worksheet_write_number(sheet, r, c, value, format_like(f, text));
}

static sc_status put_table(lxw_workbook *book, formats *f, const char *name, const sc_table *t,
                           const sc_output_opts *opts, const char *path, sc_error *err)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, name);
    if (!sheet)
        return sc_error_set(err, SC_EINVAL, path, 0, "cannot add the sheet \"%s\"", name);
    size_t ncols = sc_table_columns(t), nrows = sc_table_rows(t);
    char text[XLSX_CELL_TEXT];
    for (size_t col = 0; col < ncols; col++) {
        bool failed = sc_output_header_text(t, col, opts, text, sizeof text) == SC_TEXT_NO_MEMORY;
        size_t width = sc_display_width(text);
        for (size_t row = 0; row < nrows && row < XLSX_WIDTH_ROWS; row++) {
            failed |= sc_output_cell_text(t, row, col, opts, text, sizeof text) ==
                      SC_TEXT_NO_MEMORY;
            size_t w = sc_display_width(text);
            width = w > width ? w : width;
        }
        width = width < 4 ? 4 : width > 58 ? 58 : width;
        lxw_error e = worksheet_set_column(sheet, (lxw_col_t)col, (lxw_col_t)col,
                                           (double)width + 2, NULL);
        failed |= sc_output_header_text(t, col, opts, text, sizeof text) == SC_TEXT_NO_MEMORY;
        if (e == LXW_NO_ERROR && failed)
            e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(sheet, 0, (lxw_col_t)col, text, f->header);
        if (e != LXW_NO_ERROR)
            return lxw_failed(e, path, err);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    for (size_t row = 0; row < nrows; row++)
        for (size_t col = 0; col < ncols; col++) {
            lxw_error e = put_cell(sheet, f, t, row, col, opts);
            if (e != LXW_NO_ERROR)
                return lxw_failed(e, path, err);
        }
    return SC_OK;
}

/* The meta sheet (contract 1). */
static sc_status put_meta(lxw_workbook *book, formats *f, const sc_meta *m, const char *path,
                          sc_error *err)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, "meta");
    if (!sheet)
        return sc_error_set(err, SC_ENOMEM, path, 0, "cannot add the sheet \"meta\"");
    lxw_row_t row = 0;
    lxw_error e = worksheet_set_column(sheet, 0, 0, 22, NULL);
    if (e == LXW_NO_ERROR)
        e = worksheet_set_column(sheet, 1, 1, 40, NULL);
    if (e == LXW_NO_ERROR)
        e = worksheet_write_string(sheet, row, 0, "key", f->header);
    if (e == LXW_NO_ERROR)
        e = worksheet_write_string(sheet, row++, 1, "value", f->header);
    const char *strings[][2] = {{"tool", m->tool}, {"version", m->version}};
    for (size_t i = 0; e == LXW_NO_ERROR && i < 2; i++)
        if (strings[i][1] && (e = worksheet_write_string(sheet, row, 0, strings[i][0], NULL)) ==
                                 LXW_NO_ERROR)
            e = worksheet_write_string(sheet, row++, 1, strings[i][1], NULL);
    for (size_t i = 0; e == LXW_NO_ERROR && i < m->n_inputs; i++)
        if ((e = worksheet_write_string(sheet, row, 0, "input", NULL)) == LXW_NO_ERROR)
            e = worksheet_write_string(sheet, row++, 1, m->inputs[i], NULL);
    const sc_meta_count counts[] = {{"rows_read", m->rows_read},
                                    {"rows_used", m->rows_used},
                                    {"rows_skipped", m->rows_skipped},
                                    {"total_rows_left_out", m->total_rows_left_out}};
    for (size_t i = 0; e == LXW_NO_ERROR && i < 4 + m->n_counts; i++) {
        const sc_meta_count *c = i < 4 ? &counts[i] : &m->counts[i - 4];
        if ((e = worksheet_write_string(sheet, row, 0, c->key, NULL)) == LXW_NO_ERROR)
            e = worksheet_write_number(sheet, row++, 1, (double)c->value, f->integer);
    }
    for (size_t i = 0; e == LXW_NO_ERROR && i < m->n_options; i++) {
        char key[128];
        snprintf(key, sizeof key, "option %s", m->options[i].key);
        if ((e = worksheet_write_string(sheet, row, 0, key, NULL)) == LXW_NO_ERROR)
            e = worksheet_write_string(sheet, row++, 1,
                                       m->options[i].value ? m->options[i].value : "", NULL);
    }
    return e == LXW_NO_ERROR ? SC_OK : lxw_failed(e, path, err);
}

sc_status sc_output_write_xlsx(const char *path, const sc_named_table *tables, size_t ntables,
                               const sc_output_opts *opts, const sc_meta *meta, sc_error *err)
{
    if (!path || !opts || (ntables > 0 && !tables))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "xlsx: no file or tables");
    for (size_t i = 0; i < ntables; i++)
        if (tables[i].table && !sc_table_complete(tables[i].table)) /* table.c contract 5a */
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ntables; i++)
        if (!tables[i].table || sc_table_rows(tables[i].table) + 1 > XLSX_MAX_ROWS)
            return sc_error_set(err, SC_EINVAL, path, 0,
                                "the table \"%s\" has %zu rows, more than an Excel sheet holds "
                                "(1,048,575 below its header): write csv instead",
                                tables[i].name ? tables[i].name : "rows",
                                tables[i].table ? sc_table_rows(tables[i].table) : 0);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE};
    lxw_workbook *book = workbook_new_opt(path, &options);
    if (!book)
        return sc_error_set(err, SC_EIO, path, 0, "cannot create the workbook");
    formats f = {.book = book};
    f.header = workbook_add_format(book);
    if (f.header)
        format_set_bold(f.header);
    f.integer = number_format(&f, "0");
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < ntables; i++) {
        const char *name = tables[i].name ? tables[i].name : "rows";
        if (!strcmp(name, "rows") && meta && meta->tool)
            name = meta->tool;
        s = put_table(book, &f, name, tables[i].table, opts, path, err);
    }
    if (s == SC_OK && meta)
        s = put_meta(book, &f, meta, path, err);
    lxw_error e = workbook_close(book); /* frees the workbook whatever happened */
    if (s == SC_OK && e != LXW_NO_ERROR)
        s = lxw_failed(e, path, err);
    return s;
}
