/* spotcheck — charts: copying a table's columns into the chart by role
 * (contract 1 of include/spotcheck/plot.h): sc_chart_data_of,
 * sc_chart_set_data and sc_chart_set_curves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "plot_internal.h"
#include "quote.h"
#include "spotcheck/output.h"

/* The grid of sc_chart_set_curves. */
static const sc_chart_kind_def curves_def = {
    .name = "funnel curves",
    .needs = ROLE_BIT(ROLE_X),
    .uses = ROLE_BIT(ROLE_X) | ROLE_BITS_INTERVAL | ROLE_BITS_OUTER | ROLE_BIT(ROLE_CENTER)};

/* Role names for messages, and where each role's column is in sc_chart_data. */
static const struct {
    const char *name;
    size_t offset;
} role_defs[ROLE_COUNT] = {
    [ROLE_LABEL] = {"label", 0}, /* a list, handled apart */
    [ROLE_SERIES] = {"series", offsetof(sc_chart_data, series)},
    [ROLE_X] = {"x", offsetof(sc_chart_data, x)},
    [ROLE_VALUE] = {"value", offsetof(sc_chart_data, value)},
    [ROLE_LOWER] = {"lower", offsetof(sc_chart_data, lower)},
    [ROLE_UPPER] = {"upper", offsetof(sc_chart_data, upper)},
    [ROLE_OUTER_LOWER] = {"outer_lower", offsetof(sc_chart_data, outer_lower)},
    [ROLE_OUTER_UPPER] = {"outer_upper", offsetof(sc_chart_data, outer_upper)},
    [ROLE_CENTER] = {"center", offsetof(sc_chart_data, center)},
    [ROLE_BASELINE] = {"baseline", offsetof(sc_chart_data, baseline)},
    [ROLE_TARGET] = {"target", offsetof(sc_chart_data, target)},
};

static size_t role_column(const sc_chart_data *data, chart_role role)
{
    if (role == ROLE_LABEL)
        return data->nlabel > 0 ? data->label[0] : SC_CHART_NONE;
    size_t column;
    memcpy(&column, (const char *)data + role_defs[role].offset, sizeof column);
    return column;
}

/* Where the point keeps each numeric role. */
static double *point_number(chart_point *point, chart_role role)
{
    switch (role) {
    case ROLE_X: return &point->x;
    case ROLE_VALUE: return &point->value;
    case ROLE_LOWER: return &point->lower;
    case ROLE_UPPER: return &point->upper;
    case ROLE_OUTER_LOWER: return &point->outer_lower;
    case ROLE_OUTER_UPPER: return &point->outer_upper;
    case ROLE_CENTER: return &point->center;
    case ROLE_BASELINE: return &point->baseline;
    case ROLE_TARGET: return &point->target;
    default: return NULL;
    }
}

sc_chart_data sc_chart_data_of(const sc_table *table)
{
    return (sc_chart_data){
        .table = table,
        .first_row = 0,
        .nrows = SC_CHART_NONE,
        .label = NULL,
        .nlabel = 0,
        .series = SC_CHART_NONE,
        .x = SC_CHART_NONE,
        .value = SC_CHART_NONE,
        .lower = SC_CHART_NONE,
        .upper = SC_CHART_NONE,
        .outer_lower = SC_CHART_NONE,
        .outer_upper = SC_CHART_NONE,
        .center = SC_CHART_NONE,
        .baseline = SC_CHART_NONE,
        .target = SC_CHART_NONE,
    };
}

void sc_plot_points_free(chart_points *points)
{
    for (size_t i = 0; i < points->count; i++) {
        free(points->items[i].label);
        free(points->items[i].series);
    }
    free(points->items);
    *points = (chart_points){0};
}

static bool is_numeric(sc_col_type type) { return type != SC_COL_STRING; }

/* Checks every role of `data` against `def` (contract 1). */
static sc_status check_roles(const sc_chart_data *data, const sc_chart_kind_def *def,
                             unsigned *bound, sc_error *err)
{
    const sc_table *table = data->table;
    if (!table)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no table", def->name);
    size_t rows = sc_table_rows(table), columns = sc_table_columns(table);
    if (data->first_row > rows ||
        (data->nrows != SC_CHART_NONE && data->nrows > rows - data->first_row))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "%s chart: rows %zu and %zu more are beyond the table's %zu rows",
                            def->name, data->first_row, data->nrows, rows);
    if (data->nlabel > 0 && !data->label)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no label columns", def->name);
    *bound = 0;
    for (int role = 0; role < ROLE_COUNT; role++) {
        size_t column = role_column(data, (chart_role)role);
        if (column == SC_CHART_NONE)
            continue;
        *bound |= ROLE_BIT(role);
        if (!(def->uses & ROLE_BIT(role)))
            return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: it has no %s role",
                                def->name, role_defs[role].name);
        if (role == ROLE_LABEL || role == ROLE_SERIES)
            continue;
        if (column >= columns)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "%s chart: %s column %zu is beyond the table's %zu columns",
                                def->name, role_defs[role].name, column, columns);
        if (!is_numeric(sc_table_column_type(table, column)))
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "%s chart: the %s column \"%s\" holds text, not numbers",
                                def->name, role_defs[role].name,
                                sc_table_column_name(table, column));
    }
    for (size_t i = 0; i < data->nlabel; i++)
        if (data->label[i] >= columns)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "%s chart: label column %zu is beyond the table's %zu columns",
                                def->name, data->label[i], columns);
    if (data->series != SC_CHART_NONE && data->series >= columns)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "%s chart: series column %zu is beyond the table's %zu columns",
                            def->name, data->series, columns);
    unsigned missing = def->needs & ~*bound;
    for (int role = 0; role < ROLE_COUNT; role++)
        if (missing & ROLE_BIT(role))
            return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no %s column given",
                                def->name, role_defs[role].name);
    if (!(*bound & ROLE_BIT(ROLE_LOWER)) != !(*bound & ROLE_BIT(ROLE_UPPER)) ||
        !(*bound & ROLE_BIT(ROLE_OUTER_LOWER)) != !(*bound & ROLE_BIT(ROLE_OUTER_UPPER)))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "%s chart: a lower limit column needs an upper one, and the reverse",
                            def->name);
    if (def == &sc_plot_kind_band &&
        !(*bound & (ROLE_BIT(ROLE_LABEL) | ROLE_BIT(ROLE_X))))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "band chart: give a label or an x column");
    return SC_OK;
}

static double cell_number(const sc_table *table, size_t row, size_t column)
{
    if (sc_table_is_missing(table, row, column))
        return NAN;
    if (sc_table_column_type(table, column) == SC_COL_COUNT)
        return (double)sc_table_get_count(table, row, column);
    return sc_table_get_double(table, row, column);
}

/* The text of a cell: strings as they are, numbers as shortest decimals,
 * missing cells "NA". */
static const char *cell_text(const sc_table *table, size_t row, size_t column, char *buf,
                             size_t size)
{
    if (sc_table_is_missing(table, row, column))
        return "NA";
    if (sc_table_column_type(table, column) == SC_COL_STRING)
        return sc_table_get_string(table, row, column);
    sc_format_decimal(cell_number(table, row, column), -1, false, buf, size);
    return buf;
}

/* Label columns joined by a space, cleaned; NULL when out of memory. */
static char *row_label(const sc_table *table, size_t row, const size_t *columns, size_t ncolumns)
{
    size_t total = 1;
    char number[64];
    for (size_t i = 0; i < ncolumns; i++)
        total += strlen(cell_text(table, row, columns[i], number, sizeof number)) + 1;
    char *joined = sc_malloc(total);
    if (!joined)
        return NULL;
    size_t len = 0;
    for (size_t i = 0; i < ncolumns; i++) {
        const char *text = cell_text(table, row, columns[i], number, sizeof number);
        size_t n = strlen(text);
        if (i > 0)
            joined[len++] = ' ';
        memcpy(joined + len, text, n);
        len += n;
    }
    joined[len] = '\0';
    char *clean = sc_plot_clean_label(joined);
    free(joined);
    return clean;
}

static sc_status copy_points(const sc_chart_data *data, unsigned bound, chart_points *out,
                             sc_error *err)
{
    const sc_table *table = data->table;
    size_t rows = sc_table_rows(table);
    size_t count = data->nrows == SC_CHART_NONE ? rows - data->first_row : data->nrows;
    chart_points points = {.items = sc_calloc(count ? count : 1, sizeof(chart_point)),
                           .count = 0, .bound = bound};
    if (!points.items)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < count; i++) {
        size_t row = data->first_row + i;
        chart_point *point = &points.items[points.count++];
        point->order = i;
        for (int role = ROLE_X; role < ROLE_COUNT; role++) {
            size_t column = role_column(data, (chart_role)role);
            *point_number(point, (chart_role)role) =
                column == SC_CHART_NONE ? NAN : cell_number(table, row, column);
        }
        if (data->nlabel > 0 && !(point->label = row_label(table, row, data->label, data->nlabel)))
            goto out_of_memory;
        if (data->series != SC_CHART_NONE &&
            !(point->series = row_label(table, row, &data->series, 1)))
            goto out_of_memory;
    }
    *out = points;
    return SC_OK;
out_of_memory:
    sc_plot_points_free(&points);
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

/* The name of a column in the chart's language, joined for several. */
static char *column_title(const sc_table *table, const size_t *columns, size_t ncolumns,
                          sc_lang lang)
{
    size_t total = 1;
    for (size_t i = 0; i < ncolumns; i++) {
        const char *name = lang == SC_LANG_ZH ? sc_table_column_label_zh(table, columns[i])
                                              : sc_table_column_name(table, columns[i]);
        total += strlen(name) + 3;
    }
    char *title = sc_malloc(total);
    if (!title)
        return NULL;
    title[0] = '\0';
    for (size_t i = 0; i < ncolumns; i++) {
        const char *name = lang == SC_LANG_ZH ? sc_table_column_label_zh(table, columns[i])
                                              : sc_table_column_name(table, columns[i]);
        if (i > 0)
            strcat(title, " / ");
        strcat(title, name);
    }
    return title;
}

sc_status sc_chart_set_data(sc_chart *chart, const sc_chart_data *data, sc_error *err)
{
    if (!chart || !data)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart or no data");
    if (data->table && !sc_table_complete(data->table)) /* table.c contract 5a */
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    const sc_chart_kind_def *def = sc_chart_kind_get(chart->kind);
    unsigned bound;
    sc_status status = check_roles(data, def, &bound, err);
    if (status != SC_OK)
        return status;
    chart_points points;
    if ((status = copy_points(data, bound, &points, err)) != SC_OK)
        return status;
    if (chart->kind == SC_CHART_PARETO) {
        for (size_t i = 0; i < points.count; i++) {
            double value = points.items[i].value;
            if (!(value >= 0) || isinf(value)) {
                sc_plot_points_free(&points);
                return sc_error_set(err, SC_EINVAL, NULL, 0,
                                    "pareto chart: row %zu: the value must be a finite number "
                                    ">= 0",
                                    data->first_row + i + 1);
            }
        }
    }
    /* Default axis titles come from the columns, in both languages. */
    const size_t *category = data->label;
    size_t ncategory = data->nlabel;
    if (chart->kind == SC_CHART_FUNNEL || (ncategory == 0 && data->x != SC_CHART_NONE)) {
        category = &data->x;
        ncategory = 1;
    }
    char *titles[4];
    bool ok = true;
    for (int lang = 0; lang < 2; lang++) {
        titles[2 * lang] = column_title(data->table, &data->value, 1, (sc_lang)lang);
        titles[2 * lang + 1] = column_title(data->table, category, ncategory, (sc_lang)lang);
        ok = ok && titles[2 * lang] && titles[2 * lang + 1];
    }
    if (!ok) {
        for (int i = 0; i < 4; i++)
            free(titles[i]);
        sc_plot_points_free(&points);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    sc_plot_points_free(&chart->points);
    chart->points = points;
    for (int lang = 0; lang < 2; lang++) {
        free(chart->column_value[lang]);
        free(chart->column_category[lang]);
        chart->column_value[lang] = titles[2 * lang];
        chart->column_category[lang] = titles[2 * lang + 1];
    }
    chart->has_data = true;
    return SC_OK;
}

sc_status sc_chart_set_curves(sc_chart *chart, const sc_chart_data *curves, sc_error *err)
{
    if (!chart || !curves)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart or no curves");
    if (chart->kind != SC_CHART_FUNNEL)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: only a funnel has curves",
                            sc_chart_kind_get(chart->kind)->name);
    unsigned bound;
    sc_status status = check_roles(curves, &curves_def, &bound, err);
    if (status != SC_OK)
        return status;
    chart_points points;
    if ((status = copy_points(curves, bound, &points, err)) != SC_OK)
        return status;
    sc_plot_points_free(&chart->curves);
    chart->curves = points;
    return SC_OK;
}
