/* spotcheck — charts: the chart model (struct sc_chart in plot_internal.h):
 * its creation, its setters, the registry of kinds and the default texts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is the numbered list in include/spotcheck/plot.h.  Table data
 * are copied by data.c, the script is written by script.c and the kind
 * files, gnuplot is run by render.c (plot_internal.h lists the files).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "plot_internal.h"
#include "quote.h"

#define DEFAULT_FONT_FAMILY "Noto Sans CJK SC"
#define DEFAULT_FONT_SIZE 12.0
#define DEFAULT_WIDTH 1200u
#define DEFAULT_HEIGHT 800u
#define SIZE_MIN 16u
#define SIZE_MAX_PIXELS 20000u

/* ---- the kind registry (contract 1) ------------------------------------------- */

/* Each row is defined in the kind's own file, with its writer. */
static const sc_chart_kind_def *const kinds[SC_CHART_KIND_COUNT] = {
    [SC_CHART_CATERPILLAR] = &sc_plot_kind_caterpillar,
    [SC_CHART_BARS] = &sc_plot_kind_bars,
    [SC_CHART_BAND] = &sc_plot_kind_band,
    [SC_CHART_FUNNEL] = &sc_plot_kind_funnel,
    [SC_CHART_PARETO] = &sc_plot_kind_pareto,
    [SC_CHART_CONTROL] = &sc_plot_kind_control,
};

const sc_chart_kind_def *sc_chart_kind_get(sc_chart_kind kind)
{
    if ((unsigned)kind >= SC_CHART_KIND_COUNT)
        return NULL;
    return kinds[kind];
}

/* ---- default texts --------------------------------------------------------------- */

/* Legend entries that depend on the kind are in its registry row (keys);
 * the others come from the columns (value axis, category axis, value key)
 * or are built (target). */
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
        if (!chart->has_target) /* each row's own target, or none */
            return chart->points.bound & ROLE_BIT(ROLE_TARGET) ? zh ? "目标" : "target" : NULL;
        char number[64];
        sc_format_decimal(chart->target, -1, chart->percent, number, sizeof number);
        snprintf(buf, size, "%s %s%s", zh ? "目标" : "target", number,
                 chart->percent && !chart->percent_points ? "%" : "");
        return buf;
    }
    default: {
        const plot_text_pair *pair = &sc_chart_kind_get(chart->kind)->keys[which];
        return zh ? pair->zh : pair->en;
    }
    }
}

/* ---- the chart ------------------------------------------------------------------- */

static char *copy_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = sc_malloc(len + 1);
    if (copy)
        memcpy(copy, text, len + 1);
    return copy;
}


sc_chart *sc_chart_new(sc_chart_kind kind)
{
    if (!sc_chart_kind_get(kind))
        return NULL;
    sc_chart *chart = sc_calloc(1, sizeof *chart);
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
    for (size_t i = 0; i < chart->nmarks; i++)
        free(chart->mark_text[i]);
    free(chart->font_family);
    free(chart->output);
    sc_plot_points_free(&chart->points);
    sc_plot_points_free(&chart->curves);
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

sc_status sc_chart_add_x_mark(sc_chart *chart, double x, const char *text)
{
    if (!chart || !isfinite(x) || !text || chart->nmarks == SC_CHART_MARKS_MAX)
        return SC_EINVAL;
    char *copy = sc_strdup(text);
    if (!copy)
        return SC_ENOMEM;
    chart->mark_x[chart->nmarks] = x;
    chart->mark_text[chart->nmarks++] = copy;
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

sc_status sc_chart_set_joined(sc_chart *chart, size_t items)
{
    if (!chart)
        return SC_EINVAL;
    chart->joined_last = items;
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
    char *family = sc_malloc(family_len + 1);
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
