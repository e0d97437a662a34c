/* spotcheck — charts: building the chart model from a result table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is the numbered list in include/spotcheck/plot.h.  This file
 * holds the public setters, the kind registry, the default texts and the
 * copying of table data (contract 1, and the label cleaning of contracts 2
 * and 3).  The script is written by plot_script.c, gnuplot is run by
 * plot_render.c.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot_internal.h"
#include "wcwidth.h"

/* Contract 2: labels from data are cut to this many display columns. */
#define LABEL_MAX_COLUMNS 40

#define DEFAULT_FONT_FAMILY "Noto Sans CJK SC"
#define DEFAULT_FONT_SIZE 12.0
#define DEFAULT_WIDTH 1200u
#define DEFAULT_HEIGHT 800u
#define SIZE_MIN 16u
#define SIZE_MAX_PIXELS 20000u

/* ---- the kind registry (contract 1) ------------------------------------------- */

#define R(role) ROLE_BIT(ROLE_##role)
#define INTERVAL (R(LOWER) | R(UPPER))
#define OUTER (R(OUTER_LOWER) | R(OUTER_UPPER))

static const sc_chart_kind_def kind_defs[SC_CHART_KIND_COUNT] = {
    [SC_CHART_CATERPILLAR] = {.name = "caterpillar", .needs = R(LABEL) | R(VALUE),
                              .uses = R(LABEL) | R(VALUE) | INTERVAL},
    [SC_CHART_BARS] = {.name = "bars", .needs = R(LABEL) | R(VALUE),
                       .uses = R(LABEL) | R(VALUE) | INTERVAL},
    /* BAND needs label or x: checked in check_roles. */
    [SC_CHART_BAND] = {.name = "band", .needs = R(VALUE),
                       .uses = R(LABEL) | R(X) | R(VALUE) | INTERVAL | R(CENTER) | R(SERIES)},
    [SC_CHART_FUNNEL] = {.name = "funnel", .needs = R(X) | R(VALUE),
                         .uses = R(LABEL) | R(X) | R(VALUE) | INTERVAL | OUTER | R(CENTER)},
    [SC_CHART_PARETO] = {.name = "pareto", .needs = R(LABEL) | R(VALUE),
                         .uses = R(LABEL) | R(VALUE)},
    [SC_CHART_CONTROL] = {.name = "control", .needs = R(LABEL) | R(VALUE) | INTERVAL,
                          .uses = R(LABEL) | R(VALUE) | INTERVAL | R(CENTER)},
};

/* The grid of sc_chart_set_curves. */
static const sc_chart_kind_def curves_def = {
    .name = "funnel curves", .needs = R(X), .uses = R(X) | INTERVAL | OUTER | R(CENTER)};

const sc_chart_kind_def *sc_chart_kind_get(sc_chart_kind kind)
{
    if ((unsigned)kind >= SC_CHART_KIND_COUNT)
        return NULL;
    return &kind_defs[kind];
}

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
    default: return NULL;
    }
}

/* ---- default texts --------------------------------------------------------------- */

typedef struct text_pair {
    const char *en, *zh;
} text_pair;

/* Legend entries that depend on the kind; the others come from the columns
 * (value axis, category axis, value key) or are built (target). */
static const text_pair default_keys[SC_CHART_KIND_COUNT][SC_CHART_TEXT_COUNT] = {
    [SC_CHART_CATERPILLAR] = {[SC_CHART_KEY_INTERVAL] = {"interval", "置信区间"}},
    [SC_CHART_BARS] = {[SC_CHART_KEY_INTERVAL] = {"interval", "置信区间"}},
    [SC_CHART_BAND] = {[SC_CHART_KEY_INTERVAL] = {"interval", "置信区间"},
                       [SC_CHART_KEY_CENTER] = {"fitted", "拟合值"},
                       [SC_CHART_KEY_FORECAST] = {"forecast", "预测值"}},
    [SC_CHART_FUNNEL] = {[SC_CHART_KEY_INTERVAL] = {"inner limits", "内控制限"},
                         [SC_CHART_KEY_OUTER] = {"outer limits", "外控制限"},
                         [SC_CHART_KEY_CENTER] = {"centre line", "中心线"}},
    [SC_CHART_PARETO] = {[SC_CHART_KEY_CUMULATIVE] = {"cumulative %", "累计百分比"}},
    [SC_CHART_CONTROL] = {[SC_CHART_KEY_INTERVAL] = {"control limits", "控制限"},
                          [SC_CHART_KEY_CENTER] = {"centre line", "中心线"},
                          [SC_CHART_KEY_SIGNAL] = {"beyond limits", "超出控制限"}},
};

const char *sc_chart_text_get(const sc_chart *chart, sc_chart_text which, char *buf, size_t size)
{
    if (chart->text[which])
        return chart->text[which][0] ? chart->text[which] : NULL;
    bool zh = chart->lang == SC_LANG_ZH;
    switch (which) {
    case SC_CHART_KEY_VALUE: {
        /* as the value axis, or the column when the axis title is removed */
        const char *axis = sc_chart_text_get(chart, SC_CHART_VALUE_AXIS, buf, size);
        return axis ? axis : chart->column_value[chart->lang];
    }
    case SC_CHART_VALUE_AXIS:
        return chart->column_value[chart->lang];
    case SC_CHART_CATEGORY_AXIS:
        return chart->column_category[chart->lang];
    case SC_CHART_KEY_TARGET: {
        if (!chart->has_target)
            return NULL;
        char number[64];
        sc_format_decimal(chart->target, -1, chart->percent, number, sizeof number);
        snprintf(buf, size, "%s %s%s", zh ? "目标" : "target", number,
                 chart->percent && !chart->percent_points ? "%" : "");
        return buf;
    }
    default: {
        const text_pair *pair = &default_keys[chart->kind][which];
        return zh ? pair->zh : pair->en;
    }
    }
}

/* ---- text ------------------------------------------------------------------------ */

static char *copy_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, text, len + 1);
    return copy;
}

/* A label from data, cleaned for the chart (contracts 2 and 3): invalid
 * bytes become U+FFFD, control characters a space, and text beyond
 * LABEL_MAX_COLUMNS display columns is replaced by "…".  The script writer
 * cleans again; doing it here makes the width known.  NULL when out of
 * memory. */
static char *clean_label(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    /* Each input byte gives at most 3 output bytes (U+FFFD), plus "…". */
    if (len > (SIZE_MAX - 4) / 3)
        return NULL;
    char *out = malloc(3 * len + 4);
    if (!out)
        return NULL;
    size_t used_len = 0, columns = 0;
    size_t cut_len = 0; /* output length while the text still fits with "…" */
    bool cut = false;
    while (len > 0) {
        uint32_t codepoint = 0xFFFD;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        const char *bytes = (const char *)s;
        size_t nbytes = used;
        if (used == 0) {
            bytes = "\xEF\xBF\xBD";
            nbytes = 3;
            used = 1;
        } else if (sc_codepoint_is_control(codepoint)) {
            codepoint = ' ';
            bytes = " ";
            nbytes = 1;
        }
        size_t width = (size_t)sc_codepoint_width(codepoint);
        if (columns + width > LABEL_MAX_COLUMNS) {
            cut = true;
            break;
        }
        if (columns + width <= LABEL_MAX_COLUMNS - 1)
            cut_len = used_len + nbytes;
        memcpy(out + used_len, bytes, nbytes);
        used_len += nbytes;
        columns += width;
        s += used;
        len -= used;
    }
    if (cut) {
        memcpy(out + cut_len, "\xE2\x80\xA6", 3); /* … */
        used_len = cut_len + 3;
    }
    out[used_len] = '\0';
    return out;
}

/* ---- the chart ------------------------------------------------------------------- */

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
    };
}

sc_chart *sc_chart_new(sc_chart_kind kind)
{
    if (!sc_chart_kind_get(kind))
        return NULL;
    sc_chart *chart = calloc(1, sizeof *chart);
    if (!chart)
        return NULL;
    chart->kind = kind;
    chart->lang = SC_LANG_EN;
    chart->font_size = DEFAULT_FONT_SIZE;
    chart->width = DEFAULT_WIDTH;
    chart->height = DEFAULT_HEIGHT;
    chart->term = SC_CHART_TERM_NONE;
    chart->target = NAN;
    chart->forecast_x = NAN;
    chart->x_step = NAN;
    chart->limit_low = NAN;
    chart->limit_high = NAN;
    chart->font_family = copy_text(DEFAULT_FONT_FAMILY);
    if (!chart->font_family) {
        free(chart);
        return NULL;
    }
    return chart;
}

static void points_free(chart_points *points)
{
    for (size_t i = 0; i < points->count; i++) {
        free(points->items[i].label);
        free(points->items[i].series);
    }
    free(points->items);
    *points = (chart_points){0};
}

void sc_chart_free(sc_chart *chart)
{
    if (!chart)
        return;
    for (size_t i = 0; i < SC_CHART_TEXT_COUNT; i++)
        free(chart->text[i]);
    for (size_t lang = 0; lang < 2; lang++) {
        free(chart->column_value[lang]);
        free(chart->column_category[lang]);
    }
    free(chart->font_family);
    free(chart->output);
    points_free(&chart->points);
    points_free(&chart->curves);
    free(chart);
}

sc_status sc_chart_set_text(sc_chart *chart, sc_chart_text which, const char *text)
{
    if (!chart || (unsigned)which >= SC_CHART_TEXT_COUNT)
        return SC_EINVAL;
    char *copy = NULL;
    if (text && !(copy = copy_text(text)))
        return SC_ENOMEM;
    free(chart->text[which]);
    chart->text[which] = copy;
    return SC_OK;
}

sc_status sc_chart_set_lang(sc_chart *chart, sc_lang lang)
{
    if (!chart || (lang != SC_LANG_EN && lang != SC_LANG_ZH))
        return SC_EINVAL;
    chart->lang = lang;
    return SC_OK;
}

sc_status sc_chart_set_percent(sc_chart *chart, bool percent)
{
    if (!chart)
        return SC_EINVAL;
    chart->percent = percent;
    chart->percent_points = false;
    return SC_OK;
}

sc_status sc_chart_set_points(sc_chart *chart, bool points)
{
    if (!chart)
        return SC_EINVAL;
    chart->percent = points;
    chart->percent_points = points;
    return SC_OK;
}

sc_status sc_chart_set_value_limits(sc_chart *chart, double low, double high)
{
    if (!chart || isinf(low) || isinf(high) || (!isnan(low) && !isnan(high) && low >= high))
        return SC_EINVAL;
    chart->limit_low = low;
    chart->limit_high = high;
    return SC_OK;
}

sc_status sc_chart_set_target(sc_chart *chart, double value)
{
    if (!chart || isinf(value))
        return SC_EINVAL;
    chart->has_target = !isnan(value);
    chart->target = value;
    return SC_OK;
}

sc_status sc_chart_set_forecast(sc_chart *chart, double x, double estimate, double lower,
                                double upper)
{
    if (!chart || isinf(x) || isinf(estimate) || isinf(lower) || isinf(upper))
        return SC_EINVAL;
    chart->forecast_x = x;
    chart->forecast_value = estimate;
    chart->forecast_lower = lower;
    chart->forecast_upper = upper;
    return SC_OK;
}

sc_status sc_chart_set_x_step(sc_chart *chart, double step)
{
    if (!chart || isinf(step) || step < 0)
        return SC_EINVAL;
    chart->x_step = step > 0 ? step : NAN;
    return SC_OK;
}

sc_status sc_chart_set_font(sc_chart *chart, const char *spec, sc_error *err)
{
    if (!chart)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart");
    if (!spec || !spec[0])
        spec = DEFAULT_FONT_FAMILY;
    const char *comma = strrchr(spec, ',');
    size_t family_len = comma ? (size_t)(comma - spec) : strlen(spec);
    double size = DEFAULT_FONT_SIZE;
    if (comma) {
        char *end;
        errno = 0;
        size = strtod(comma + 1, &end);
        if (end == comma + 1 || *end || errno || !(size > 0 && size <= 100))
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--font \"%s\": the size after the comma must be a number of "
                                "points above 0 and at most 100",
                                spec);
    }
    if (strspn(spec, " \t") >= family_len)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--font \"%s\": give a font family, e.g. \"Noto Sans CJK SC,12\"",
                            spec);
    char *family = malloc(family_len + 1);
    if (!family)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    memcpy(family, spec, family_len);
    family[family_len] = '\0';
    free(chart->font_family);
    chart->font_family = family;
    chart->font_size = size;
    return SC_OK;
}

static sc_status check_size(unsigned width, unsigned height, sc_error *err)
{
    if (width < SIZE_MIN || height < SIZE_MIN || width > SIZE_MAX_PIXELS ||
        height > SIZE_MAX_PIXELS)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "chart size %ux%u: width and height must be %u to %u pixels", width,
                            height, SIZE_MIN, SIZE_MAX_PIXELS);
    return SC_OK;
}

sc_status sc_chart_set_size(sc_chart *chart, unsigned width, unsigned height, sc_error *err)
{
    if (!chart)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart");
    sc_status status = check_size(width, height, err);
    if (status != SC_OK)
        return status;
    chart->width = width;
    chart->height = height;
    return SC_OK;
}

/* One decimal dimension of --size: digits only, no sign, no spaces. */
static bool parse_dimension(const char *text, size_t len, unsigned *out)
{
    if (len == 0 || len > 9)
        return false;
    unsigned value = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (unsigned)(text[i] - '0');
    }
    *out = value;
    return true;
}

sc_status sc_chart_parse_size(const char *text, unsigned *width, unsigned *height, sc_error *err)
{
    if (!text || !width || !height)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--size: no value");
    size_t split = strcspn(text, "xX*");
    unsigned w = 0, h = 0;
    if (!text[split] || !parse_dimension(text, split, &w) ||
        !parse_dimension(text + split + 1, strlen(text + split + 1), &h))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--size \"%s\": use WIDTHxHEIGHT in pixels, e.g. 1200x800", text);
    sc_status status = check_size(w, h, err);
    if (status != SC_OK)
        return status;
    *width = w;
    *height = h;
    return SC_OK;
}

static bool ascii_equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        if (ca != *b)
            return false;
    }
    return *a == *b;
}

sc_status sc_chart_term_from_path(const char *path, sc_chart_term *term, sc_error *err)
{
    static const struct {
        const char *extension;
        sc_chart_term term;
    } by_extension[] = {
        {"png", SC_CHART_TERM_PNG}, {"svg", SC_CHART_TERM_SVG}, {"pdf", SC_CHART_TERM_PDF}};
    if (!path || !term)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--render: no file name");
    const char *base = strrchr(path, '/');
    const char *dot = strrchr(base ? base + 1 : path, '.');
    for (size_t i = 0; dot && i < sizeof by_extension / sizeof by_extension[0]; i++) {
        if (ascii_equal_nocase(dot + 1, by_extension[i].extension)) {
            *term = by_extension[i].term;
            return SC_OK;
        }
    }
    return sc_error_set(err, SC_EINVAL, NULL, 0,
                        "--render \"%s\": the file name must end in .png, .svg or .pdf", path);
}

bool sc_chart_path_ok(const char *path, sc_error *err)
{
    if (!path[0]) {
        sc_error_set(err, SC_EINVAL, NULL, 0, "chart output: empty file name");
        return false;
    }
    /* gnuplot opens `set output '|command'` as a pipe to the command. */
    if (path[strspn(path, " \t")] == '|') {
        sc_error_set(err, SC_EINVAL, NULL, 0,
                     "chart output \"%s\": a file name starting with '|' would run a command "
                     "in gnuplot; use ./%s if you mean a file",
                     path, path);
        return false;
    }
    /* The name is written with each quote doubled, which gnuplot 5.4 reads
     * back only when the quote follows another character of the name
     * (plot_script.c, put_text). */
    if (path[0] == '\'' || strstr(path, "''")) {
        sc_error_set(err, SC_EINVAL, NULL, 0,
                     "chart output \"%s\": gnuplot cannot take a file name that starts with "
                     "a single quote or holds two in a row; choose another name",
                     path);
        return false;
    }
    const unsigned char *s = (const unsigned char *)path;
    size_t len = strlen(path);
    while (len > 0) {
        uint32_t codepoint;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        if (used == 0 || sc_codepoint_is_control(codepoint)) {
            sc_error_set(err, SC_EINVAL, NULL, 0,
                         "chart output: the file name holds %s (byte 0x%02X at offset %zu); "
                         "choose a name without it",
                         used == 0 ? "invalid UTF-8" : "a control character", *s,
                         (size_t)(s - (const unsigned char *)path));
            return false;
        }
        s += used;
        len -= used;
    }
    return true;
}

sc_status sc_chart_set_output(sc_chart *chart, sc_chart_term term, const char *path,
                              sc_error *err)
{
    if (!chart)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart");
    if (term != SC_CHART_TERM_NONE && term != SC_CHART_TERM_PNG && term != SC_CHART_TERM_SVG &&
        term != SC_CHART_TERM_PDF)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "chart output: unknown terminal %d",
                            (int)term);
    if (term == SC_CHART_TERM_NONE && path)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "chart output \"%s\": an output file needs a terminal", path);
    char *copy = NULL;
    if (path) {
        if (!sc_chart_path_ok(path, err))
            return SC_EINVAL;
        if (!(copy = copy_text(path)))
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    free(chart->output);
    chart->output = copy;
    chart->term = term;
    return SC_OK;
}

/* ---- data -------------------------------------------------------------------------- */

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
    if (def == &kind_defs[SC_CHART_BAND] && !(*bound & (R(LABEL) | R(X))))
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
    char *joined = malloc(total);
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
    char *clean = clean_label(joined);
    free(joined);
    return clean;
}

static sc_status copy_points(const sc_chart_data *data, unsigned bound, chart_points *out,
                             sc_error *err)
{
    const sc_table *table = data->table;
    size_t rows = sc_table_rows(table);
    size_t count = data->nrows == SC_CHART_NONE ? rows - data->first_row : data->nrows;
    chart_points points = {.items = calloc(count ? count : 1, sizeof(chart_point)),
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
    points_free(&points);
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
    char *title = malloc(total);
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
                points_free(&points);
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
        points_free(&points);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    points_free(&chart->points);
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
    points_free(&chart->curves);
    chart->curves = points;
    return SC_OK;
}
