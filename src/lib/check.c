/* spotcheck — reading published tables row by row for spotcheck check.
 * The contract is in include/spotcheck/check.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "spotcheck/check.h"

/* Contract 2: what tables print for a figure they do not have. */
static const char *const not_printed[] = {"", "NA", "N/A", "-", "--", "\xe2\x80\x94", "/",
                                          "\xef\xbc\x8d", NULL};

static char *trimmed_copy(const char *text, size_t len)
{
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    char *copy = sc_malloc(len + 1);
    if (copy) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

static bool is_not_printed(const char *cell)
{
    for (const char *const *word = not_printed; *word; word++)
        if (strcmp(cell, *word) == 0)
            return true;
    return false;
}

static void free_strings(char **list, size_t count)
{
    for (size_t i = 0; list && i < count; i++)
        free(list[i]);
    free(list);
}

void sc_check_input_free(sc_check_input *input)
{
    if (!input)
        return;
    for (size_t r = 0; r < input->nrows; r++) {
        sc_check_row *row = &input->rows[r];
        free_strings(row->labels, input->nlabels);
        free_strings(row->within, input->nwithin);
        for (int f = 0; f < SC_CHECK_FIELDS; f++)
            free(row->cells[f]);
    }
    free(input->rows);
    free_strings(input->files, input->nfiles);
    free_strings(input->label_names, input->nlabels);
    free_strings(input->within_names, input->nwithin);
    for (int f = 0; f < SC_CHECK_FIELDS; f++)
        free(input->column_names[f]);
    free(input);
}

/* One file being read: where its columns are. */
typedef struct reader {
    sc_check_input *input;
    size_t file;
    size_t field_cols[SC_CHECK_FIELDS];
    size_t *label_cols;
    size_t *within_cols;
    size_t capacity;
} reader;

static sc_status oom(sc_error *err)
{
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

static sc_status copy_cells(const sc_csv_row *row, const size_t *cols, size_t count,
                            char ***out, sc_error *err)
{
    *out = count ? sc_calloc(count, sizeof **out) : NULL;
    if (count && !*out)
        return oom(err);
    for (size_t i = 0; i < count; i++)
        if (!((*out)[i] = trimmed_copy(row->fields[cols[i]], row->lengths[cols[i]])))
            return oom(err);
    return SC_OK;
}

static sc_status on_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    sc_check_input *in = r->input;
    /* a bad row handed over with skip_ragged has no fields: a published table
       is kept whole, so it is an error here too (csvin.h contract) */
    if (row->problem)
        return sc_error_set(err, SC_EDATA, in->files[r->file], row->line, "%s", row->problem);
    if (in->nrows == r->capacity) {
        size_t capacity = r->capacity ? 2 * r->capacity : 64;
        sc_check_row *rows = sc_realloc(in->rows, capacity * sizeof *rows);
        if (!rows)
            return oom(err);
        in->rows = rows;
        r->capacity = capacity;
    }
    sc_check_row *out = &in->rows[in->nrows++];
    *out = (sc_check_row){.file = r->file, .line = row->line};
    sc_status s = copy_cells(row, r->label_cols, in->nlabels, &out->labels, err);
    if (s == SC_OK)
        s = copy_cells(row, r->within_cols, in->nwithin, &out->within, err);
    for (int f = 0; s == SC_OK && f < SC_CHECK_FIELDS; f++) {
        if (r->field_cols[f] == (size_t)-1)
            continue;
        char *cell = trimmed_copy(row->fields[r->field_cols[f]], row->lengths[r->field_cols[f]]);
        if (!cell)
            return oom(err);
        if (is_not_printed(cell)) {
            free(cell);
            cell = NULL;
        }
        out->cells[f] = cell;
    }
    return s;
}

static sc_status column_name(const sc_csv *csv, size_t col, char **out, sc_error *err)
{
    const char *name = sc_csv_column_name(csv, col);
    char number[32];
    if (!name) {
        snprintf(number, sizeof number, "%zu", col + 1);
        name = number;
    }
    if (*out)
        return SC_OK; /* named after the first file */
    return (*out = sc_strdup(name)) ? SC_OK : oom(err);
}

/* Resolves the columns of one opened file (contract 3 for the label). */
static sc_status resolve(const sc_check_spec *spec, sc_csv *csv, reader *r, sc_error *err)
{
    sc_check_input *in = r->input;
    sc_status s = SC_OK;
    for (int f = 0; f < SC_CHECK_FIELDS; f++) {
        r->field_cols[f] = (size_t)-1;
        if (!spec->columns[f])
            continue;
        s = sc_csv_find_column(csv, spec->columns[f], &r->field_cols[f], err);
        if (s == SC_OK)
            s = column_name(csv, r->field_cols[f], &in->column_names[f], err);
        if (s != SC_OK)
            return s;
        sc_csv_want(csv, r->field_cols[f]);
    }
    for (size_t k = 0; k < spec->nwithin; k++) {
        s = sc_csv_find_column(csv, spec->within[k], &r->within_cols[k], err);
        if (s == SC_OK)
            s = column_name(csv, r->within_cols[k], &in->within_names[k], err);
        if (s != SC_OK)
            return s;
        sc_csv_want(csv, r->within_cols[k]);
    }
    for (size_t k = 0; k < spec->nby; k++) {
        s = sc_csv_find_column(csv, spec->by[k], &r->label_cols[k], err);
        if (s == SC_OK)
            s = column_name(csv, r->label_cols[k], &in->label_names[k], err);
        if (s != SC_OK)
            return s;
        sc_csv_want(csv, r->label_cols[k]);
    }
    if (spec->nby == 0 && in->nlabels == 1) {
        r->label_cols[0] = 0;
        s = column_name(csv, 0, &in->label_names[0], err);
        sc_csv_want(csv, 0);
    }
    return s;
}

/* Contract 3: the first column is the label when nothing else reads it. */
static bool first_column_is_label(const sc_check_spec *spec, const sc_csv *csv)
{
    if (spec->nby > 0)
        return false;
    for (int f = 0; f < SC_CHECK_FIELDS; f++) {
        size_t col;
        sc_error ignored;
        if (spec->columns[f] && sc_csv_find_column(csv, spec->columns[f], &col, &ignored) == SC_OK &&
            col == 0)
            return false;
    }
    for (size_t k = 0; k < spec->nwithin; k++) {
        size_t col;
        sc_error ignored;
        if (sc_csv_find_column(csv, spec->within[k], &col, &ignored) == SC_OK && col == 0)
            return false;
    }
    return true;
}

sc_status sc_check_read(const sc_check_spec *spec, const char *const *paths, size_t npaths,
                        sc_check_input **out, sc_error *err)
{
    *out = NULL;
    sc_check_input *in = sc_calloc(1, sizeof *in);
    if (!in)
        return oom(err);
    reader r = {.input = in};
    size_t nlabel_cols = spec->nby ? spec->nby : 1;
    in->files = sc_calloc(npaths ? npaths : 1, sizeof *in->files);
    in->label_names = sc_calloc(nlabel_cols, sizeof *in->label_names);
    in->within_names = sc_calloc(spec->nwithin ? spec->nwithin : 1, sizeof *in->within_names);
    r.label_cols = sc_calloc(nlabel_cols, sizeof *r.label_cols);
    r.within_cols = sc_calloc(spec->nwithin ? spec->nwithin : 1, sizeof *r.within_cols);
    sc_status s = SC_OK;
    if (!in->files || !in->label_names || !in->within_names || !r.label_cols || !r.within_cols)
        s = oom(err);
    in->nwithin = spec->nwithin;
    for (size_t i = 0; s == SC_OK && i < npaths; i++) {
        sc_csv *csv = NULL;
        s = sc_csv_open(paths[i], &spec->csv, &csv, err);
        if (s == SC_OK && !(in->files[in->nfiles++] = sc_strdup(sc_csv_name(csv))))
            s = oom(err);
        if (s == SC_OK && i == 0)
            in->nlabels = spec->nby ? spec->nby : first_column_is_label(spec, csv) ? 1 : 0;
        r.file = i;
        if (s == SC_OK)
            s = resolve(spec, csv, &r, err);
        if (s == SC_OK)
            s = sc_csv_read(csv, on_row, &r, err);
        sc_csv_close(csv);
    }
    free(r.label_cols);
    free(r.within_cols);
    if (s != SC_OK) {
        sc_check_input_free(in);
        return s;
    }
    *out = in;
    return SC_OK;
}
