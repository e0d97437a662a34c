/* Unit tests: the gnuplot script emitter (src/lib/plot*.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three kinds of test, after the contract in include/spotcheck/plot.h:
 *  - golden scripts, one per chart kind (tests/data/plot/KIND.gp), compared
 *    byte for byte (contract 5) and rendered with gnuplot;
 *    SC_UPDATE_GOLDEN=1 rewrites them (review the diff, then render it);
 *  - injection tests (contract 3): hostile labels, titles, legend entries,
 *    series names and fonts go through every kind; the script must keep its
 *    shape (every string closed on its line, data blocks numeric), gnuplot
 *    must render it, and no marker file may appear;
 *  - argument checks, layout rules (contract 2) and rendering to png, svg
 *    and pdf, with the failure paths of sc_chart_render.
 * Rendering tests are skipped when gnuplot is not installed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "spotcheck/plot.h"
#include "spotcheck/table.h"

#ifndef SC_TEST_DATA_DIR
#define SC_TEST_DATA_DIR "tests/data"
#endif

/* ---- helpers ---------------------------------------------------------------------- */

static size_t add_row(sc_table *table)
{
    size_t row;
    assert_int_equal(sc_table_add_row(table, &row), SC_OK);
    return row;
}

static char *script_of(const sc_chart *chart)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    sc_error err;
    sc_error_clear(&err);
    sc_status status = sc_chart_write(chart, out, &err);
    if (status != SC_OK)
        fail_msg("sc_chart_write: %s", err.message);
    assert_int_equal(fclose(out), 0);
    return text;
}

static char *read_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0;
    int c;
    while ((c = fgetc(in)) != EOF) {
        if (len + 2 > cap) {
            cap = cap ? 2 * cap : 4096;
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

/* Contract 3, checked on the script text:
 *  - no control character but LF, and valid UTF-8 (checked by gnuplot too);
 *  - outside data blocks and comments, single quotes balance on every line,
 *    and outside quotes there is no backquote, double quote, "system" or a
 *    line starting with '!' (gnuplot's shell escape);
 *  - data block lines hold only numbers ("NaN" included) and spaces, and
 *    every block ends with SC_END_OF_DATA. */
static void check_script_shape(const char *script)
{
    bool in_block = false;
    const char *line = script;
    size_t line_number = 0;
    while (*line) {
        line_number++;
        size_t len = strcspn(line, "\n");
        char *text = strndup(line, len);
        assert_non_null(text);
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)text[i];
            if (c < 0x20 || c == 0x7F)
                fail_msg("line %zu: control byte 0x%02X", line_number, c);
        }
        if (in_block) {
            if (!strcmp(text, "SC_END_OF_DATA")) {
                in_block = false;
            } else if (text[0] != '#') {
                for (const char *p = text; *p; p++) {
                    if (!strncmp(p, "NaN", 3)) {
                        p += 2;
                        continue;
                    }
                    if (!strchr("0123456789.eE+- ", *p))
                        fail_msg("line %zu: data line \"%s\" is not numeric", line_number, text);
                }
            }
        } else if (text[0] != '#') {
            assert_true(text[0] != '!');
            bool quoted = false;
            for (size_t i = 0; i < len; i++) {
                if (text[i] == '\'') {
                    quoted = !quoted; /* '' inside a string toggles twice */
                    continue;
                }
                if (quoted)
                    continue;
                if (text[i] == '`' || text[i] == '"' || !strncmp(text + i, "system", 6))
                    fail_msg("line %zu: \"%s\" outside a string in: %s", line_number,
                             text[i] == '`' ? "`" : text[i] == '"' ? "\"" : "system", text);
            }
            if (quoted)
                fail_msg("line %zu: a string is not closed: %s", line_number, text);
            if (text[0] == '$' && strstr(text, " << SC_END_OF_DATA"))
                in_block = true;
        }
        free(text);
        line += len + (line[len] == '\n');
    }
    assert_false(in_block);
}

static void check_golden(const char *name, const char *script)
{
    char path[512];
    snprintf(path, sizeof path, "%s/plot/%s", SC_TEST_DATA_DIR, name);
    if (getenv("SC_UPDATE_GOLDEN")) {
        FILE *out = fopen(path, "wb");
        assert_non_null(out);
        fputs(script, out);
        assert_int_equal(fclose(out), 0);
    }
    char *expected = read_file(path);
    if (!expected)
        fail_msg("cannot read %s (SC_UPDATE_GOLDEN=1 writes it)", path);
    assert_string_equal(script, expected);
    free(expected);
}

/* A fresh directory for rendering; removed by remove_dir. */
static char *make_dir(void)
{
    char *dir = strdup("/tmp/sc_test_plot_XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(d)))
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
            count++;
    closedir(d);
    return count;
}

static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *entry;
    char path[1024];
    while ((entry = readdir(d))) {
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
    free(dir);
}

static bool file_exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

static long file_size(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 ? (long)info.st_size : -1;
}

static bool gnuplot_checked, gnuplot_present;

/* Renders `chart` to dir/name; skips the test when gnuplot is missing. */
static void render_to(sc_chart *chart, const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sc_error err;
    sc_error_clear(&err);
    sc_chart_term term;
    assert_int_equal(sc_chart_term_from_path(path, &term, &err), SC_OK);
    assert_int_equal(sc_chart_set_output(chart, term, path, &err), SC_OK);
    sc_status status = sc_chart_render(chart, NULL, &err);
    if (status == SC_EUNAVAILABLE) {
        gnuplot_checked = true;
        gnuplot_present = false;
        skip();
    }
    if (status != SC_OK)
        fail_msg("render %s: %s", name, err.message);
    assert_true(file_size(path) > 0);
}

static bool have_gnuplot(void)
{
    if (!gnuplot_checked) {
        gnuplot_checked = true;
        gnuplot_present = system("gnuplot --version >/dev/null 2>&1") == 0;
    }
    return gnuplot_present;
}

#define REQUIRE_GNUPLOT()                                                                   \
    do {                                                                                    \
        if (!have_gnuplot())                                                                \
            skip();                                                                         \
    } while (0)

/* ---- fixtures ------------------------------------------------------------------------- */

enum { RATE_REGION, RATE_N, RATE_RATE, RATE_LOWER, RATE_UPPER };

/* The shape of spotcheck-rate output. */
static sc_table *rate_table(void)
{
    static const struct {
        const char *region;
        uint64_t n;
        double rate, lower, upper;
    } rows[] = {
        {"上海市", 95, 0.9474, 0.8826, 0.9773},
        {"北京市", 120, 0.98, 0.9413, 0.9932},
        {"it's 广州 100%", 60, 0.9, 0.7993, 0.9534},
        {"深圳市", 0, NAN, NAN, NAN},
        {"成都市", 200, 0.955, 0.9168, 0.9762},
    };
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "region", "地区", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", "批次数", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "lower", "下限", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "upper", "上限", SC_COL_PROPORTION), SC_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t row = add_row(table);
        sc_table_set_string(table, row, RATE_REGION, rows[i].region);
        sc_table_set_count(table, row, RATE_N, rows[i].n);
        sc_table_set_double(table, row, RATE_RATE, rows[i].rate);
        sc_table_set_double(table, row, RATE_LOWER, rows[i].lower);
        sc_table_set_double(table, row, RATE_UPPER, rows[i].upper);
    }
    return table;
}

static const size_t region_label[] = {RATE_REGION};

static sc_chart_data rate_data(const sc_table *table)
{
    sc_chart_data data = sc_chart_data_of(table);
    data.label = region_label;
    data.nlabel = 1;
    data.value = RATE_RATE;
    data.lower = RATE_LOWER;
    data.upper = RATE_UPPER;
    return data;
}

enum { PERIOD_NAME, PERIOD_SERIES, PERIOD_YEAR, PERIOD_RATE, PERIOD_LOWER, PERIOD_UPPER,
       PERIOD_FITTED, PERIOD_CENTER, PERIOD_LCL, PERIOD_UCL };

/* Periods: 8 quarters of one series, or 4 years of two series. */
static sc_table *period_table(bool two_series)
{
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "period", "时期", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "size", "企业规模", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "year", "年度", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "lower", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "upper", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "fitted", "拟合值", SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "center", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "lcl", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "ucl", NULL, SC_COL_PROPORTION), SC_OK);
    static const double rates[] = {0.93, 0.925, 0.94, 0.915, 0.95, 0.945, 0.96, 0.978};
    for (size_t i = 0; i < 8; i++) {
        size_t row = add_row(table);
        char name[16];
        snprintf(name, sizeof name, "%zuQ%zu", 2023 + i / 4, i % 4 + 1);
        sc_table_set_string(table, row, PERIOD_NAME, two_series ? NULL : name);
        sc_table_set_string(table, row, PERIOD_SERIES, two_series ? (i % 2 ? "小型" : "大型") : NULL);
        sc_table_set_count(table, row, PERIOD_YEAR, 2020 + i / 2);
        sc_table_set_double(table, row, PERIOD_RATE, rates[i]);
        sc_table_set_double(table, row, PERIOD_LOWER, rates[i] - 0.02);
        sc_table_set_double(table, row, PERIOD_UPPER, rates[i] + 0.015);
        sc_table_set_double(table, row, PERIOD_FITTED, 0.92 + 0.005 * (double)i);
        sc_table_set_double(table, row, PERIOD_CENTER, 0.94);
        /* p-chart-like limits that vary with n: 2023Q4 is below, 2024Q4 above */
        sc_table_set_double(table, row, PERIOD_LCL, i % 2 ? 0.917 : 0.918);
        sc_table_set_double(table, row, PERIOD_UCL, i % 2 ? 0.966 : 0.965);
    }
    return table;
}

enum { FUN_CITY, FUN_N, FUN_RATE, FUN_L95, FUN_U95, FUN_L998, FUN_U998, FUN_CENTER };

/* Funnel limits here are made-up numbers around 0.94: the emitter plots
 * what it is given and computes nothing. */
static sc_table *funnel_table(void)
{
    static const struct {
        const char *city;
        uint64_t n;
        double rate, half95, half998;
    } rows[] = {
        {"南通市", 800, 0.975, 0.016, 0.026},   /* above the outer limit */
        {"金华市", 1800, 0.958, 0.011, 0.02}, /* above the inner limit only */
        {"西安市", 900, 0.915, 0.015, 0.024},   /* below the outer limit */
        {"兰州市", 400, 0.93, 0.023, 0.037},
        {"成都市", 2400, 0.945, 0.0095, 0.015},
    };
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "city", "地市", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", "批次数", SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", "合格率", SC_COL_PROPORTION), SC_OK);
    const char *limits[] = {"funnel_lower95", "funnel_upper95", "funnel_lower998",
                            "funnel_upper998", "center"};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(sc_table_add_column(table, limits[i], NULL, SC_COL_PROPORTION), SC_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t row = add_row(table);
        sc_table_set_string(table, row, FUN_CITY, rows[i].city);
        sc_table_set_count(table, row, FUN_N, rows[i].n);
        sc_table_set_double(table, row, FUN_RATE, rows[i].rate);
        sc_table_set_double(table, row, FUN_L95, 0.94 - rows[i].half95);
        sc_table_set_double(table, row, FUN_U95, 0.94 + rows[i].half95);
        sc_table_set_double(table, row, FUN_L998, 0.94 - rows[i].half998);
        sc_table_set_double(table, row, FUN_U998, 0.94 + rows[i].half998);
        sc_table_set_double(table, row, FUN_CENTER, 0.94);
    }
    return table;
}

static const size_t city_label[] = {FUN_CITY};

static sc_chart_data funnel_data(const sc_table *table)
{
    sc_chart_data data = sc_chart_data_of(table);
    data.label = city_label;
    data.nlabel = 1;
    data.x = FUN_N;
    data.value = FUN_RATE;
    data.lower = FUN_L95;
    data.upper = FUN_U95;
    data.outer_lower = FUN_L998;
    data.outer_upper = FUN_U998;
    data.center = FUN_CENTER;
    return data;
}

enum { ITEM_NAME, ITEM_COUNT };

static sc_table *items_table(size_t count)
{
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "item", "不合格项目", SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "batches", "批次", SC_COL_COUNT), SC_OK);
    static const char *const names[] = {"菌落总数", "大肠菌群", "酸价(以脂肪计)(KOH)",
                                        "过氧化值", "铅(以Pb计)", "二氧化硫残留量"};
    for (size_t i = 0; i < count; i++) {
        size_t row = add_row(table);
        char name[64];
        if (i < 6)
            snprintf(name, sizeof name, "%s", names[i]);
        else
            snprintf(name, sizeof name, "项目%02zu", i + 1);
        sc_table_set_string(table, row, ITEM_NAME, name);
        /* not in order: the chart sorts */
        sc_table_set_count(table, row, ITEM_COUNT, (uint64_t)((i * 7919) % 97 + 1));
    }
    return table;
}

static const size_t item_label[] = {ITEM_NAME};

static sc_chart_data items_data(const sc_table *table)
{
    sc_chart_data data = sc_chart_data_of(table);
    data.label = item_label;
    data.nlabel = 1;
    data.value = ITEM_COUNT;
    return data;
}

static void set_data_ok(sc_chart *chart, const sc_chart_data *data)
{
    sc_error err;
    sc_error_clear(&err);
    sc_status status = sc_chart_set_data(chart, data, &err);
    if (status != SC_OK)
        fail_msg("sc_chart_set_data: %s", err.message);
}

static void set_output_ok(sc_chart *chart, sc_chart_term term, const char *path)
{
    sc_error err;
    sc_error_clear(&err);
    sc_status status = sc_chart_set_output(chart, term, path, &err);
    if (status != SC_OK)
        fail_msg("sc_chart_set_output: %s", err.message);
}

/* One chart of each kind from the fixtures; caller frees chart and table. */
static sc_chart *sample_chart(sc_chart_kind kind, sc_table **table)
{
    sc_chart *chart = sc_chart_new(kind);
    assert_non_null(chart);
    sc_chart_data data;
    switch (kind) {
    case SC_CHART_CATERPILLAR:
    case SC_CHART_BARS:
        *table = rate_table();
        data = rate_data(*table);
        break;
    case SC_CHART_BAND:
        *table = period_table(false);
        data = sc_chart_data_of(*table);
        static const size_t period_label[] = {PERIOD_NAME};
        data.label = period_label;
        data.nlabel = 1;
        data.value = PERIOD_RATE;
        data.lower = PERIOD_LOWER;
        data.upper = PERIOD_UPPER;
        data.center = PERIOD_FITTED;
        break;
    case SC_CHART_FUNNEL:
        *table = funnel_table();
        data = funnel_data(*table);
        break;
    case SC_CHART_PARETO:
        *table = items_table(12);
        data = items_data(*table);
        break;
    case SC_CHART_CONTROL:
    default:
        *table = period_table(false);
        data = sc_chart_data_of(*table);
        static const size_t control_label[] = {PERIOD_NAME};
        data.label = control_label;
        data.nlabel = 1;
        data.value = PERIOD_RATE;
        data.lower = PERIOD_LCL;
        data.upper = PERIOD_UCL;
        data.center = PERIOD_CENTER;
        break;
    }
    set_data_ok(chart, &data);
    return chart;
}

/* ---- arguments ----------------------------------------------------------------------- */

static void new_and_free(void **state)
{
    (void)state;
    sc_chart_free(NULL);
    for (int kind = 0; kind < SC_CHART_KIND_COUNT; kind++) {
        sc_chart *chart = sc_chart_new((sc_chart_kind)kind);
        assert_non_null(chart);
        sc_chart_free(chart);
    }
    assert_null(sc_chart_new(SC_CHART_KIND_COUNT));
    assert_null(sc_chart_new((sc_chart_kind)-1));
}

static void parse_size(void **state)
{
    (void)state;
    unsigned w = 0, h = 0;
    sc_error err;
    assert_int_equal(sc_chart_parse_size("1200x800", &w, &h, &err), SC_OK);
    assert_int_equal(w, 1200);
    assert_int_equal(h, 800);
    assert_int_equal(sc_chart_parse_size("640X480", &w, &h, &err), SC_OK);
    assert_int_equal(w, 640);
    assert_int_equal(sc_chart_parse_size("16*20000", &w, &h, &err), SC_OK);
    assert_int_equal(h, 20000);
    static const char *const bad[] = {"", "x", "1200", "1200x", "x800", "-5x10", "+5x10",
                                      " 1200x800", "1200x800 ", "1200x800x2", "15x800",
                                      "1200x20001", "99999999999x1", "1e3x800", "1200,800"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_error_clear(&err);
        w = h = 7;
        assert_int_equal(sc_chart_parse_size(bad[i], &w, &h, &err), SC_EINVAL);
        assert_int_equal(w, 7); /* unchanged */
        assert_true(err.message[0] != '\0');
    }
    assert_non_null(strstr(err.message, "1200,800"));
    assert_int_equal(sc_chart_parse_size(NULL, &w, &h, NULL), SC_EINVAL);

    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    assert_int_equal(sc_chart_set_size(chart, 10, 800, &err), SC_EINVAL);
    assert_int_equal(sc_chart_set_size(chart, 800, 30000, &err), SC_EINVAL);
    assert_int_equal(sc_chart_set_size(chart, 640, 480, &err), SC_OK);
    assert_int_equal(sc_chart_set_size(NULL, 640, 480, &err), SC_EINVAL);
    sc_chart_free(chart);
}

static void font_spec(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_PARETO, &table);
    set_output_ok(chart, SC_CHART_TERM_PNG, "a.png");
    sc_error err;
    char *script = script_of(chart);
    assert_non_null(strstr(script, "font 'Noto Sans CJK SC,12'\n")); /* the default */
    free(script);
    assert_int_equal(sc_chart_set_font(chart, "WenQuanYi Zen Hei,14.5", &err), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "font 'WenQuanYi Zen Hei,14.5'\n"));
    free(script);
    assert_int_equal(sc_chart_set_font(chart, "DejaVu Sans", &err), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "font 'DejaVu Sans,12'\n"));
    free(script);
    static const char *const bad[] = {"Foo,abc", ",12", "  ,12", "Foo,0", "Foo,-3", "Foo,101",
                                      "Foo,", "Foo,12pt", "Foo,nan", "Foo,inf"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_error_clear(&err);
        assert_int_equal(sc_chart_set_font(chart, bad[i], &err), SC_EINVAL);
        assert_non_null(strstr(err.message, "--font"));
    }
    script = script_of(chart); /* unchanged by the failures */
    assert_non_null(strstr(script, "font 'DejaVu Sans,12'\n"));
    free(script);
    /* A hostile family is only text. */
    assert_int_equal(sc_chart_set_font(chart, "x'; system('touch pwned') #,12", &err), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "font 'x’; system(’touch pwned’) #,12'\n"));
    check_script_shape(script);
    free(script);
    assert_int_equal(sc_chart_set_font(chart, NULL, &err), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "font 'Noto Sans CJK SC,12'\n"));
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

static void terminal_from_path(void **state)
{
    (void)state;
    sc_chart_term term = SC_CHART_TERM_NONE;
    sc_error err;
    assert_int_equal(sc_chart_term_from_path("out/a.png", &term, &err), SC_OK);
    assert_int_equal(term, SC_CHART_TERM_PNG);
    assert_int_equal(sc_chart_term_from_path("图表.SVG", &term, &err), SC_OK);
    assert_int_equal(term, SC_CHART_TERM_SVG);
    assert_int_equal(sc_chart_term_from_path("a.b.Pdf", &term, &err), SC_OK);
    assert_int_equal(term, SC_CHART_TERM_PDF);
    static const char *const bad[] = {"a.jpg", "png", "a.png/b", "a.pngx", "a.", "", ".png.gz"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_error_clear(&err);
        assert_int_equal(sc_chart_term_from_path(bad[i], &term, &err), SC_EINVAL);
        assert_non_null(strstr(err.message, ".png, .svg or .pdf"));
    }
}

/* Contract 3: names that gnuplot would run or that could break the script. */
static void output_paths(void **state)
{
    (void)state;
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    sc_error err;
    static const char *const bad[] = {"|touch pwned", " |touch pwned", "\t|x", "", "'x.png",
                                      "a''b.png", "a'''.png",
                                      "a\nb.png", "a\rb.png", "a\x01.png", "a\x7f.png",
                                      "a\xc2\x85.png", "\xff.png", "a\xe4\xb8.png"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_error_clear(&err);
        assert_int_equal(sc_chart_set_output(chart, SC_CHART_TERM_PNG, bad[i], &err),
                         SC_EINVAL);
        assert_true(err.message[0] != '\0');
    }
    sc_error_clear(&err);
    assert_int_equal(sc_chart_set_output(chart, SC_CHART_TERM_PNG, "|lpr", &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "would run a command"));
    assert_int_equal(sc_chart_set_output(chart, SC_CHART_TERM_NONE, "a.png", &err), SC_EINVAL);
    assert_int_equal(sc_chart_set_output(chart, (sc_chart_term)9, "a.png", &err), SC_EINVAL);
    /* Quotes, pipes later in the name, spaces and Chinese are fine. */
    assert_int_equal(sc_chart_set_output(chart, SC_CHART_TERM_PNG, "./|it's 图.png", &err),
                     SC_OK);
    assert_int_equal(sc_chart_set_output(chart, SC_CHART_TERM_NONE, NULL, &err), SC_OK);
    assert_int_equal(sc_chart_set_output(chart, SC_CHART_TERM_SVG, NULL, &err), SC_OK);
    sc_chart_free(chart);
}

static void data_errors(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    sc_error err;
    sc_chart_data data = rate_data(table);

    sc_chart_data bad = data;
    bad.table = NULL;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_int_equal(sc_chart_set_data(chart, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_chart_set_data(NULL, &data, &err), SC_EINVAL);

    bad = data;
    bad.value = SC_CHART_NONE;
    sc_error_clear(&err);
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message, "caterpillar chart: no value column given");

    bad = data;
    bad.nlabel = 0;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message, "caterpillar chart: no label column given");

    bad = data;
    bad.value = RATE_REGION;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message,
                        "caterpillar chart: the value column \"region\" holds text, not numbers");

    bad = data;
    bad.upper = 42;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message,
                        "caterpillar chart: upper column 42 is beyond the table's 5 columns");

    static const size_t far_label[] = {RATE_REGION, 17};
    bad = data;
    bad.label = far_label;
    bad.nlabel = 2;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);

    bad = data;
    bad.upper = SC_CHART_NONE;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "needs an upper one"));

    bad = data;
    bad.x = RATE_N; /* caterpillar has no x */
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message, "caterpillar chart: it has no x role");

    bad = data;
    bad.first_row = 6;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    bad = data;
    bad.first_row = 2;
    bad.nrows = 4;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);

    /* Curves belong to funnels only. */
    assert_int_equal(sc_chart_set_curves(chart, &data, &err), SC_EINVAL);
    assert_string_equal(err.message, "caterpillar chart: only a funnel has curves");

    /* No data yet: nothing to write or render. */
    FILE *out = fopen("/dev/null", "w");
    assert_int_equal(sc_chart_write(chart, out, &err), SC_EINVAL);
    assert_string_equal(err.message, "caterpillar chart: no data were set");
    fclose(out);

    /* A row range: rows 1..3 only. */
    sc_chart_data some = data;
    some.first_row = 1;
    some.nrows = 3;
    assert_int_equal(sc_chart_set_data(chart, &some, &err), SC_OK);
    char *script = script_of(chart);
    assert_null(strstr(script, "上海市"));
    assert_non_null(strstr(script, "北京市"));
    assert_null(strstr(script, "成都市"));
    free(script);
    sc_chart_free(chart);

    /* BAND needs a label or x. */
    chart = sc_chart_new(SC_CHART_BAND);
    bad = sc_chart_data_of(table);
    bad.value = RATE_RATE;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message, "band chart: give a label or an x column");
    bad.x = RATE_N;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_OK);
    sc_chart_free(chart);

    /* CONTROL needs its limits. */
    chart = sc_chart_new(SC_CHART_CONTROL);
    bad = rate_data(table);
    bad.lower = bad.upper = SC_CHART_NONE;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    assert_string_equal(err.message, "control chart: no lower column given");
    sc_chart_free(chart);

    /* PARETO counts cannot be missing or negative. */
    chart = sc_chart_new(SC_CHART_PARETO);
    bad = rate_data(table);
    bad.lower = bad.upper = SC_CHART_NONE;
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL); /* row 4 is NA */
    assert_string_equal(err.message, "pareto chart: row 4: the value must be a finite number >= 0");
    sc_table_set_double(table, 3, RATE_RATE, -0.5);
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_EINVAL);
    sc_table_set_double(table, 3, RATE_RATE, 0.5);
    assert_int_equal(sc_chart_set_data(chart, &bad, &err), SC_OK);
    sc_chart_free(chart);

    /* Setters refuse bad values. */
    chart = sc_chart_new(SC_CHART_BAND);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_TEXT_COUNT, "x"), SC_EINVAL);
    assert_int_equal(sc_chart_set_text(NULL, SC_CHART_TITLE, "x"), SC_EINVAL);
    assert_int_equal(sc_chart_set_lang(chart, (sc_lang)7), SC_EINVAL);
    assert_int_equal(sc_chart_set_target(chart, INFINITY), SC_EINVAL);
    assert_int_equal(sc_chart_set_percent(NULL, true), SC_EINVAL);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* ---- goldens ------------------------------------------------------------------------- */

/* Compares the script with its golden file and renders it. */
static void golden_and_render(sc_chart *chart, const char *name)
{
    char *script = script_of(chart);
    check_script_shape(script);
    check_golden(name, script);
    free(script);
    if (!have_gnuplot())
        return;
    char *dir = make_dir();
    render_to(chart, dir, "golden.png");
    remove_dir(dir);
}

static void value_limits(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    assert_int_equal(sc_chart_set_value_limits(chart, 0, 1), SC_OK);
    char *script = script_of(chart);
    /* a rate axis autoscales but stops at 0% and 100% */
    assert_non_null(strstr(script, "\nset xrange [0 < * : * < 100]\n"));
    free(script);
    assert_int_equal(sc_chart_set_value_limits(chart, NAN, 0.5), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "\nset xrange [* : * < 50]\n"));
    free(script);
    assert_int_equal(sc_chart_set_value_limits(chart, NAN, NAN), SC_OK);
    script = script_of(chart);
    assert_null(strstr(script, "set xrange"));
    free(script);
    assert_int_equal(sc_chart_set_value_limits(chart, 1, 0), SC_EINVAL);
    assert_int_equal(sc_chart_set_value_limits(chart, 0, INFINITY), SC_EINVAL);
    sc_chart_free(chart);
    sc_table_free(table);
}

static void golden_caterpillar(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    assert_int_equal(sc_chart_set_lang(chart, SC_LANG_ZH), SC_OK);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    assert_int_equal(sc_chart_set_target(chart, 0.95), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_TITLE, "各地区合格率"), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_KEY_INTERVAL, "95% 置信区间"), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_PNG, "rate.png");
    golden_and_render(chart, "caterpillar.gp");
    sc_chart_free(chart);
    sc_table_free(table);
}

/* CATERPILLAR's optional roles: an arrow from each row's baseline (同比), a
 * mark at each row's own target; a row without either has NaN there. */
static void golden_caterpillar_baseline_targets(void **state)
{
    (void)state;
    static const struct {
        const char *region;
        double rate, lower, upper, baseline, target;
    } rows[] = {
        {"食品", 0.97, 0.95, 0.98, 0.96, 0.97},
        {"工业产品", 0.91, 0.88, 0.93, 0.93, 0.90},
        {"农产品", 0.99, 0.98, 0.995, NAN, NAN},
    };
    sc_table *table = sc_table_new();
    assert_non_null(table);
    const char *names[] = {"category", "rate", "lower", "upper", "year_ago_rate", "target"};
    for (size_t c = 0; c < 6; c++)
        assert_int_equal(sc_table_add_column(table, names[c], NULL,
                                             c ? SC_COL_PROPORTION : SC_COL_STRING), SC_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t row = add_row(table);
        sc_table_set_string(table, row, 0, rows[i].region);
        const double values[] = {rows[i].rate, rows[i].lower, rows[i].upper, rows[i].baseline,
                                 rows[i].target};
        for (size_t c = 0; c < 5; c++)
            sc_table_set_double(table, row, c + 1, values[c]);
    }
    static const size_t label[] = {0};
    sc_chart_data data = sc_chart_data_of(table);
    data.label = label;
    data.nlabel = 1;
    data.value = 1;
    data.lower = 2;
    data.upper = 3;
    data.baseline = 4;
    data.target = 5;
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    assert_non_null(chart);
    set_data_ok(chart, &data);
    assert_int_equal(sc_chart_set_lang(chart, SC_LANG_ZH), SC_OK);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_PNG, "summary.png");
    golden_and_render(chart, "caterpillar_baseline_targets.gp");
    char *script = script_of(chart);
    /* the default legend entries of the two roles */
    assert_non_null(strstr(script, "title '较基期变化'"));
    assert_non_null(strstr(script, "using 6:($1-0.3):(0):(0.6) with vectors nohead"));
    assert_non_null(strstr(script, "title '目标'"));
    free(script);
    /* BARS take a target role, not a baseline */
    sc_chart *bars = sc_chart_new(SC_CHART_BARS);
    assert_non_null(bars);
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_chart_set_data(bars, &data, &err), SC_EINVAL);
    data.baseline = SC_CHART_NONE;
    set_data_ok(bars, &data);
    script = script_of(bars);
    assert_non_null(strstr(script, "using 5:($1-0.3):(0):(0.6) with vectors nohead"));
    free(script);
    sc_chart_free(bars);
    sc_chart_free(chart);
    sc_table_free(table);
}

static void golden_bars(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_BARS, &table);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_TITLE, "Pass rate by region"), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS, ""), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_SVG, "rate.svg");
    golden_and_render(chart, "bars.gp");
    sc_chart_free(chart);
    sc_table_free(table);
}

static void golden_band(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_BAND, &table);
    assert_int_equal(sc_chart_set_lang(chart, SC_LANG_ZH), SC_OK);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    assert_int_equal(sc_chart_set_target(chart, 0.95), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_TITLE, "季度合格率"), SC_OK);
    sc_error err;
    assert_int_equal(sc_chart_set_size(chart, 800, 500, &err), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_PDF, "trend.pdf");
    golden_and_render(chart, "band.gp");
    sc_chart_free(chart);
    sc_table_free(table);
}

static void golden_band_series(void **state)
{
    (void)state;
    sc_table *table = period_table(true);
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    sc_chart_data data = sc_chart_data_of(table);
    data.x = PERIOD_YEAR;
    data.series = PERIOD_SERIES;
    data.value = PERIOD_RATE;
    data.lower = PERIOD_LOWER;
    data.upper = PERIOD_UPPER;
    data.center = PERIOD_FITTED;
    set_data_ok(chart, &data);
    /* No terminal: the script leaves it to the user. */
    golden_and_render(chart, "band_series.gp");
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Years with a gap (2019 and 2020 missing, as in the national series) and a
 * forecast: the line and band break at the gap, which is marked "no data";
 * 2018, alone, gets a bar for its interval; the forecast has its own
 * interval bar and legend entry, apart from the band. */
static void golden_band_gap_forecast(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_non_null(table);
    assert_int_equal(sc_table_add_column(table, "period", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "x", NULL, SC_COL_REAL), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "lower", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "upper", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "fitted", NULL, SC_COL_PROPORTION), SC_OK);
    static const struct {
        const char *period;
        double x, rate, fitted;
    } rows[] = {{"2018", 2018.5, 0.103, 0.10},
                {"2021", 2021.5, 0.122, 0.114},
                {"2022", 2022.5, 0.094, 0.12},
                {"2023", 2023.5, 0.123, 0.125},
                {"2026", 2026.5, NAN, 0.143}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t row = add_row(table);
        sc_table_set_string(table, row, 0, rows[i].period);
        sc_table_set_double(table, row, 1, rows[i].x);
        sc_table_set_double(table, row, 2, rows[i].rate);
        sc_table_set_double(table, row, 3, rows[i].rate - 0.004);
        sc_table_set_double(table, row, 4, rows[i].rate + 0.004);
        sc_table_set_double(table, row, 5, rows[i].fitted);
    }
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    assert_non_null(chart);
    sc_chart_data data = sc_chart_data_of(table);
    size_t label = 0;
    data.label = &label;
    data.nlabel = 1;
    data.x = 1;
    data.value = 2;
    data.lower = 3;
    data.upper = 4;
    data.center = 5;
    set_data_ok(chart, &data);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    assert_int_equal(sc_chart_set_x_step(chart, 1.0), SC_OK);
    assert_int_equal(sc_chart_set_forecast(chart, 2026.5, 0.143, 0.094, 0.212), SC_OK);
    assert_int_equal(sc_chart_set_x_step(chart, -1), SC_EINVAL);
    assert_int_equal(sc_chart_set_forecast(chart, INFINITY, 0, 0, 0), SC_EINVAL);
    set_output_ok(chart, SC_CHART_TERM_PNG, "trend.png");
    golden_and_render(chart, "band_gap_forecast.gp");
    sc_chart_free(chart);
    sc_table_free(table);
}

static void golden_funnel(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_FUNNEL, &table);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_KEY_INTERVAL, "95% limits"), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_KEY_OUTER, "99.8% limits"), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_PNG, "funnel.png");
    golden_and_render(chart, "funnel.gp");

    /* The same points with limit curves on a grid of n. */
    sc_table *grid = sc_table_new();
    assert_int_equal(sc_table_add_column(grid, "n", NULL, SC_COL_REAL), SC_OK);
    assert_int_equal(sc_table_add_column(grid, "lower", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(grid, "upper", NULL, SC_COL_PROPORTION), SC_OK);
    for (size_t i = 0; i < 6; i++) {
        size_t row = add_row(grid);
        double n = 300.0 * (double)(i + 1) * (double)(i + 1) / 2.0;
        sc_table_set_double(grid, row, 0, n);
        sc_table_set_double(grid, row, 1, 0.94 - 0.5 / sqrt(n));
        sc_table_set_double(grid, row, 2, 0.94 + 0.5 / sqrt(n));
    }
    sc_chart_data curves = sc_chart_data_of(grid);
    curves.x = 0;
    curves.lower = 1;
    curves.upper = 2;
    sc_error err;
    assert_int_equal(sc_chart_set_curves(chart, &curves, &err), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_PNG, "funnel.png");
    curves.value = 1; /* curves have no value role */
    assert_int_equal(sc_chart_set_curves(chart, &curves, &err), SC_EINVAL);
    golden_and_render(chart, "funnel_curves.gp");
    sc_chart_free(chart);
    sc_table_free(table);
    sc_table_free(grid);
}

static void golden_pareto(void **state)
{
    (void)state;
    sc_table *table = items_table(35);
    sc_chart *chart = sc_chart_new(SC_CHART_PARETO);
    sc_chart_data data = items_data(table);
    set_data_ok(chart, &data);
    assert_int_equal(sc_chart_set_lang(chart, SC_LANG_ZH), SC_OK);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK); /* ignored: counts */
    assert_int_equal(sc_chart_set_target(chart, 0.5), SC_OK);  /* ignored */
    set_output_ok(chart, SC_CHART_TERM_PNG, "items.png");
    golden_and_render(chart, "pareto.gp");
    char *script = script_of(chart);
    /* 29 items and the other 6 in one bar that ends at 100%. */
    assert_non_null(strstr(script, "'其他（6 项）' 30)"));
    assert_non_null(strstr(script, "\n30 "));
    assert_non_null(strstr(script, " 100 1\nSC_END_OF_DATA"));
    assert_null(strstr(script, "\n31 "));
    assert_null(strstr(script, "目标"));
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* PARETO with a joined last row (sc_chart_set_joined): a table cut to its
 * top items ends with an "other" row; it stays the last bar, in grey, with
 * the number of items it joins, whatever its value. */
static void pareto_joined_last_row(void **state)
{
    (void)state;
    sc_table *table = items_table(4);
    size_t row = add_row(table);
    sc_table_set_string(table, row, ITEM_NAME, "other (7 items)");
    sc_table_set_count(table, row, ITEM_COUNT, 500); /* larger than every item */
    sc_chart *chart = sc_chart_new(SC_CHART_PARETO);
    sc_chart_data data = items_data(table);
    set_data_ok(chart, &data);
    assert_int_equal(sc_chart_set_joined(chart, 7), SC_OK);
    char *script = script_of(chart);
    assert_non_null(strstr(script, "'other (7 items)' 5)"));
    assert_non_null(strstr(script, "\n5 500 100 1\nSC_END_OF_DATA"));
    assert_null(strstr(script, "\n6 "));
    free(script);
    /* 35 items and a joined row: 29 bars and one of 6 + 7 items */
    sc_table_free(table);
    table = items_table(35);
    row = add_row(table);
    sc_table_set_string(table, row, ITEM_NAME, "other");
    sc_table_set_count(table, row, ITEM_COUNT, 1);
    data = items_data(table);
    set_data_ok(chart, &data);
    script = script_of(chart);
    assert_non_null(strstr(script, "'other (13 items)' 30)"));
    assert_null(strstr(script, "\n31 "));
    free(script);
    assert_int_equal(sc_chart_set_joined(NULL, 1), SC_EINVAL);
    sc_chart_free(chart);
    sc_table_free(table);
}

static void golden_control(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CONTROL, &table);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    set_output_ok(chart, SC_CHART_TERM_PNG, "p.png");
    golden_and_render(chart, "control.gp");
    char *script = script_of(chart);
    assert_non_null(strstr(script, "'beyond limits'"));
    assert_non_null(strstr(script, "\n4 91.5 91.5\n"));  /* below 91.7% */
    assert_non_null(strstr(script, "\n8 97.8 97.8\n"));  /* above 96.6% */
    assert_non_null(strstr(script, "\n5 95 NaN\n"));
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* ---- text, numbers, layout ---------------------------------------------------------- */

static void texts_and_defaults(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    char *script = script_of(chart);
    /* English defaults from the column names; no title. */
    assert_non_null(strstr(script, "set xlabel 'rate' noenhanced\n"));
    assert_non_null(strstr(script, "set ylabel 'region' noenhanced\n"));
    assert_non_null(strstr(script, " title 'interval'"));
    assert_null(strstr(script, "set title"));
    assert_null(strstr(script, "\nset terminal"));
    assert_null(strstr(script, "\nset output"));
    free(script);

    assert_int_equal(sc_chart_set_lang(chart, SC_LANG_ZH), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_TITLE, "it's \"100%\" `date` \\"), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS, ""), SC_OK);
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_KEY_VALUE, ""), SC_OK);
    assert_int_equal(sc_chart_set_target(chart, 0.9), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "set xlabel '合格率' noenhanced\n"));
    assert_null(strstr(script, "set ylabel"));
    assert_non_null(strstr(script, " title '置信区间'"));
    assert_non_null(strstr(script, "with points pt 7 ps 1.2 lc rgb '#1f4e79' notitle"));
    assert_non_null(strstr(script, " title '目标 0.9'"));
    /* Contract 3: the title keeps its text but for the quote (U+2019). */
    assert_non_null(strstr(script, "set title 'it’s \"100%\" `date` \\' font"));
    /* Tic labels double '%'. */
    assert_non_null(strstr(script, "'it’s 广州 100%%' "));
    free(script);

    /* NULL restores a default. */
    assert_int_equal(sc_chart_set_text(chart, SC_CHART_CATEGORY_AXIS, NULL), SC_OK);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, "set ylabel '地区' noenhanced\n"));
    assert_non_null(strstr(script, " title '目标 90%'"));
    assert_non_null(strstr(script, "set format x '%g%%'\n"));
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Contract 4: shortest decimals, the percent shift in decimal, NaN for
 * missing and infinite values. */
static void numbers(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    sc_table_set_double(table, 0, RATE_UPPER, INFINITY);
    sc_table_set_double(table, 1, RATE_RATE, 0.1 + 0.2); /* 0.30000000000000004 */
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    sc_chart_data data = rate_data(table);
    set_data_ok(chart, &data);
    char *script = script_of(chart);
    assert_non_null(strstr(script, "0.30000000000000004 0.9413 0.9932\n"));
    assert_non_null(strstr(script, " 0.9474 0.8826 NaN\n"));
    assert_non_null(strstr(script, "1 NaN NaN NaN\n")); /* 深圳市, missing, last row */
    free(script);
    assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
    script = script_of(chart);
    assert_non_null(strstr(script, " 30.000000000000004 94.13 99.32\n"));
    assert_non_null(strstr(script, " 94.74 88.26 NaN\n"));
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Contract 1: ranked highest first; missing values last, named but without
 * a dot. */
static void ranking(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    char *script = script_of(chart);
    assert_non_null(strstr(script, "set ytics ('北京市' 5, '成都市' 4, '上海市' 3, "
                                   "'it’s 广州 100%%' 2, '深圳市' 1)\n"));
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Contract 2: labels cut to 40 columns; long rows make the image taller. */
static void long_labels_and_many_groups(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "group", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    char label[512];
    for (size_t i = 0; i < 200; i++) {
        size_t row = add_row(table);
        if (i == 0) {
            strcpy(label, "");
            for (int k = 0; k < 30; k++)
                strcat(label, "监督"); /* 60 columns */
        } else {
            snprintf(label, sizeof label, "g%03zu", i);
        }
        sc_table_set_string(table, row, 0, label);
        sc_table_set_double(table, row, 1, i == 0 ? 1.0 : 0.5 + (double)i / 1000.0);
    }
    sc_chart *chart = sc_chart_new(SC_CHART_CATERPILLAR);
    static const size_t group_label[] = {0};
    sc_chart_data data = sc_chart_data_of(table);
    data.label = group_label;
    data.nlabel = 1;
    data.value = 1;
    set_data_ok(chart, &data);
    set_output_ok(chart, SC_CHART_TERM_PNG, "tall.png");
    char *script = script_of(chart);
    /* 19 glyphs are 38 columns; a 20th would leave no room for "…" in 40. */
    char expected[512] = "set ytics ('";
    for (int k = 0; k < 9; k++)
        strcat(expected, "监督");
    strcat(expected, "监…' 200, 'g199' 199");
    assert_non_null(strstr(script, expected));
    unsigned width = 0, height = 0;
    const char *size = strstr(script, "set terminal pngcairo size ");
    assert_non_null(size);
    assert_int_equal(sscanf(size, "set terminal pngcairo size %u,%u", &width, &height), 2);
    assert_int_equal(width, 1200);
    assert_true(height >= 200 * 24); /* two font heights per row */
    assert_non_null(strstr(script, "set x2tics")); /* scale repeated at the top */
    check_script_shape(script);
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Contract 2: many periods are turned, then thinned. */
static void many_periods(void **state)
{
    (void)state;
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "month", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    for (size_t i = 0; i < 12; i++) {
        size_t row = add_row(table);
        char month[16];
        snprintf(month, sizeof month, "2024-%02zu", i + 1);
        sc_table_set_string(table, row, 0, month);
        sc_table_set_double(table, row, 1, 0.9 + (double)i / 200.0);
    }
    static const size_t month_label[] = {0};
    sc_chart_data data = sc_chart_data_of(table);
    data.label = month_label;
    data.nlabel = 1;
    data.value = 1;
    sc_chart *chart = sc_chart_new(SC_CHART_BAND);
    set_data_ok(chart, &data);
    char *script = script_of(chart);
    assert_null(strstr(script, "rotate")); /* 12 fit side by side */
    free(script);
    for (size_t i = 12; i < 240; i++) {
        size_t row = add_row(table);
        char month[16];
        snprintf(month, sizeof month, "%zu-%02zu", 2024 + i / 12, i % 12 + 1);
        sc_table_set_string(table, row, 0, month);
        sc_table_set_double(table, row, 1, 0.9);
    }
    set_data_ok(chart, &data);
    script = script_of(chart);
    assert_non_null(strstr(script, "set xtics rotate by 45 right\n"));
    assert_non_null(strstr(script, "'2024-01' 1, "));
    assert_null(strstr(script, "'2024-02' 2")); /* thinned */
    free(script);
    sc_chart_free(chart);
    sc_table_free(table);
}

static void write_failures(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_FUNNEL, &table);
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        sc_error err;
        sc_error_clear(&err);
        assert_int_equal(sc_chart_write(chart, full, &err), SC_EIO);
        assert_non_null(strstr(err.message, "cannot write the chart script"));
        fclose(full);
    }
    sc_error err;
    assert_int_equal(sc_chart_write(chart, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_chart_write(NULL, stdout, &err), SC_EINVAL);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* An empty table still gives a valid script and image (empty axes). */
static void empty_charts(void **state)
{
    (void)state;
    sc_table *table = rate_table();
    sc_table *empty = sc_table_new();
    for (size_t c = 0; c < sc_table_columns(table); c++)
        assert_int_equal(sc_table_add_column(empty, sc_table_column_name(table, c), NULL,
                                             sc_table_column_type(table, c)),
                         SC_OK);
    char *dir = have_gnuplot() ? make_dir() : NULL;
    for (int kind = 0; kind < SC_CHART_KIND_COUNT; kind++) {
        sc_chart *chart = sc_chart_new((sc_chart_kind)kind);
        sc_chart_data data = rate_data(empty);
        if (kind == SC_CHART_FUNNEL)
            data.x = RATE_N;
        if (kind == SC_CHART_PARETO)
            data.lower = data.upper = SC_CHART_NONE;
        set_data_ok(chart, &data);
        assert_int_equal(sc_chart_set_percent(chart, true), SC_OK);
        char *script = script_of(chart);
        check_script_shape(script);
        if (kind == SC_CHART_CATERPILLAR)
            check_golden("empty.gp", script);
        free(script);
        if (dir) {
            char name[32];
            snprintf(name, sizeof name, "empty%d.png", kind);
            render_to(chart, dir, name);
        }
        sc_chart_free(chart);
    }
    if (dir)
        remove_dir(dir);
    sc_table_free(table);
    sc_table_free(empty);
}

/* ---- rendering ---------------------------------------------------------------------- */

static void render_formats(void **state)
{
    (void)state;
    REQUIRE_GNUPLOT();
    static const struct {
        const char *name;
        const char *magic;
        size_t magic_len;
    } formats[] = {{"chart.png", "\x89PNG\r\n\x1a\n", 8},
                   {"chart.svg", "<?xml", 5},
                   {"chart.pdf", "%PDF-", 5}};
    char *dir = make_dir();
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        for (int kind = 0; kind < SC_CHART_KIND_COUNT; kind++) {
            sc_table *table;
            sc_chart *chart = sample_chart((sc_chart_kind)kind, &table);
            assert_int_equal(sc_chart_set_lang(chart, SC_LANG_ZH), SC_OK);
            assert_int_equal(sc_chart_set_text(chart, SC_CHART_TITLE, "抽查合格率"), SC_OK);
            render_to(chart, dir, formats[f].name);
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, formats[f].name);
            char *bytes = read_file(path);
            assert_non_null(bytes);
            assert_memory_equal(bytes, formats[f].magic, formats[f].magic_len);
            free(bytes);
            assert_int_equal(count_entries(dir), f + 1); /* no temporary file left */
            sc_chart_free(chart);
            sc_table_free(table);
        }
    }
    /* The image has the permissions of an ordinary new file. */
    mode_t mask = umask(022);
    umask(mask);
    struct stat info;
    char path[1024];
    snprintf(path, sizeof path, "%s/chart.png", dir);
    assert_int_equal(stat(path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0666 & ~mask);
    remove_dir(dir);
}

static void render_failures(void **state)
{
    (void)state;
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    sc_error err;
    sc_error_clear(&err);
    /* No output set. */
    assert_int_equal(sc_chart_render(chart, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_chart_render(NULL, NULL, &err), SC_EINVAL);

    char *dir = make_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/keep.png", dir);
    FILE *old = fopen(path, "w");
    fputs("old image", old);
    fclose(old);
    set_output_ok(chart, SC_CHART_TERM_PNG, path);

    /* gnuplot missing: SC_EUNAVAILABLE, exit 69, output untouched. */
    static const char *const missing[] = {"/nonexistent/gnuplot", "sc-no-such-gnuplot-here"};
    for (size_t i = 0; i < 2; i++) {
        sc_error_clear(&err);
        assert_int_equal(sc_chart_render(chart, missing[i], &err), SC_EUNAVAILABLE);
        assert_int_equal(sc_exit_code(err.status), 69);
        assert_non_null(strstr(err.message, "was not found"));
        assert_non_null(strstr(err.message, "--plot"));
    }
    /* gnuplot failing (here: a program that exits 1): SC_EIO. */
    sc_error_clear(&err);
    assert_int_equal(sc_chart_render(chart, "false", &err), SC_EIO);
    assert_non_null(strstr(err.message, "gnuplot failed (exit status 1)"));
    /* a program that succeeds without writing: empty image. */
    assert_int_equal(sc_chart_render(chart, "true", &err), SC_EIO);
    assert_non_null(strstr(err.message, "empty image"));
    char *kept = read_file(path);
    assert_string_equal(kept, "old image");
    free(kept);
    assert_int_equal(count_entries(dir), 1); /* no temporary file left */

    /* A directory that does not exist. */
    char missing_dir[1100];
    snprintf(missing_dir, sizeof missing_dir, "%s/no/such/dir/x.png", dir);
    set_output_ok(chart, SC_CHART_TERM_PNG, missing_dir);
    sc_error_clear(&err);
    assert_int_equal(sc_chart_render(chart, NULL, &err), SC_EIO);
    assert_non_null(strstr(err.message, "cannot create a file"));

    if (have_gnuplot()) {
        /* gnuplot's own message comes back on one line. */
        snprintf(path, sizeof path, "%s/ok.png", dir);
        set_output_ok(chart, SC_CHART_TERM_PNG, path);
        assert_int_equal(sc_chart_set_font(chart, "Noto Sans CJK SC,11", &err), SC_OK);
        assert_int_equal(sc_chart_render(chart, NULL, &err), SC_OK);
        assert_true(file_size(path) > 0);
    }
    remove_dir(dir);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Renders side by side (contract 4 of render.c): three charts started
 * before any is finished all come out whole; a job that fails (a program
 * exiting 1) keeps its output untouched and does not disturb the others. */
static void render_side_by_side(void **state)
{
    (void)state;
    REQUIRE_GNUPLOT();
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    char *dir = make_dir();
    sc_error err;
    sc_error_clear(&err);
    static const char *const names[] = {"a.png", "b.svg", "c.png"};
    sc_chart_render_job *jobs[3];
    char path[1024];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        sc_chart_term term;
        assert_int_equal(sc_chart_term_from_path(path, &term, &err), SC_OK);
        set_output_ok(chart, term, path);
        assert_int_equal(sc_chart_render_start(chart, NULL, &jobs[i], &err), SC_OK);
        assert_non_null(jobs[i]);
    }
    snprintf(path, sizeof path, "%s/failed.png", dir);
    set_output_ok(chart, SC_CHART_TERM_PNG, path);
    sc_chart_render_job *failing;
    assert_int_equal(sc_chart_render_start(chart, "false", &failing, &err), SC_OK);
    for (size_t i = 3; i-- > 0;) /* finished in another order than started */
        assert_int_equal(sc_chart_render_finish(jobs[i], &err), SC_OK);
    assert_int_equal(sc_chart_render_finish(failing, &err), SC_EIO);
    assert_non_null(strstr(err.message, "gnuplot failed (exit status 1)"));
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_true(file_size(path) > 0);
    }
    snprintf(path, sizeof path, "%s/b.svg", dir);
    char *svg = read_file(path);
    assert_non_null(strstr(svg, "</svg>"));
    free(svg);
    assert_int_equal(count_entries(dir), 3); /* no script or temporary image left */
    /* a start that fails leaves no job */
    sc_chart_render_job *none = (sc_chart_render_job *)&err;
    assert_int_equal(sc_chart_render_start(chart, "sc-no-such-gnuplot-here", &none, &err),
                     SC_EUNAVAILABLE);
    assert_null(none);
    assert_int_equal(count_entries(dir), 3);
    assert_int_equal(sc_chart_render_finish(NULL, &err), SC_OK);
    remove_dir(dir);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* Whether two files hold the same bytes. */
static bool same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    for (int ca = 0, cb = 0; same && ca != EOF; same = ca == cb) {
        ca = getc(fa);
        cb = getc(fb);
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* One gnuplot for several charts (sc_chart_batch_*): every image comes out
 * whole, the same bytes as a render of its own; a batch that fails leaves
 * none of its outputs; a cancelled batch leaves nothing; nothing is added
 * once started. */
static void render_batch(void **state)
{
    (void)state;
    REQUIRE_GNUPLOT();
    sc_table *table;
    sc_chart *chart = sample_chart(SC_CHART_CATERPILLAR, &table);
    char *dir = make_dir();
    sc_error err;
    sc_error_clear(&err);
    static const char *const names[] = {"a.png", "b.svg", "c.png"};
    char path[1024];
    sc_chart_render_job *batch, *failing, *cancelled;
    assert_int_equal(sc_chart_batch_new(NULL, &batch, &err), SC_OK);
    assert_int_equal(sc_chart_batch_start(batch, &err), SC_EINVAL); /* no chart yet */
    sc_chart_render_cancel(batch);
    assert_int_equal(sc_chart_batch_new(NULL, &batch, &err), SC_OK);
    assert_int_equal(sc_chart_batch_new("false", &failing, &err), SC_OK);
    assert_int_equal(sc_chart_batch_new(NULL, &cancelled, &err), SC_OK);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        sc_chart_term term;
        assert_int_equal(sc_chart_term_from_path(path, &term, &err), SC_OK);
        assert_int_equal(sc_chart_set_font(chart, i == 2 ? "DejaVu Sans,9" : NULL, &err), SC_OK);
        set_output_ok(chart, term, path);
        assert_int_equal(sc_chart_batch_add(batch, chart, &err), SC_OK);
        snprintf(path, sizeof path, "%s/failed-%s", dir, names[i]);
        set_output_ok(chart, term, path);
        assert_int_equal(sc_chart_batch_add(failing, chart, &err), SC_OK);
        snprintf(path, sizeof path, "%s/cancelled-%s", dir, names[i]);
        set_output_ok(chart, term, path);
        assert_int_equal(sc_chart_batch_add(cancelled, chart, &err), SC_OK);
    }
    assert_int_equal(sc_chart_batch_start(batch, &err), SC_OK);
    assert_int_equal(sc_chart_batch_add(batch, chart, &err), SC_EINVAL);
    assert_int_equal(sc_chart_batch_start(failing, &err), SC_OK);
    sc_chart_render_cancel(cancelled);
    assert_int_equal(sc_chart_render_finish(batch, &err), SC_OK);
    assert_int_equal(sc_chart_render_finish(failing, &err), SC_EIO);
    assert_int_equal(count_entries(dir), 3); /* only the batch's images */
    /* each image as a render of its own gives it, byte for byte */
    for (size_t i = 0; i < 3; i++) {
        char batched[1024];
        snprintf(batched, sizeof batched, "%s/%s", dir, names[i]);
        snprintf(path, sizeof path, "%s/alone-%s", dir, names[i]);
        sc_chart_term term;
        assert_int_equal(sc_chart_term_from_path(path, &term, &err), SC_OK);
        assert_int_equal(sc_chart_set_font(chart, i == 2 ? "DejaVu Sans,9" : NULL, &err), SC_OK);
        set_output_ok(chart, term, path);
        assert_int_equal(sc_chart_render(chart, NULL, &err), SC_OK);
        assert_true(file_size(batched) > 0);
        assert_true(same_bytes(batched, path));
    }
    remove_dir(dir);
    sc_chart_free(chart);
    sc_table_free(table);
}

/* ---- injection (contract 3, DESIGN.md §6) ------------------------------------------- */

/* Labels that would run `touch MARKER` or break the script if the emitter
 * let them through; "@M" stands for the marker's path. */
static const char *const hostile_patterns[] = {
    "`touch @M`",
    "system(\"touch @M\")",
    "'; system(\"touch @M\"); '",
    "x'\nsystem(\"touch @M\")\n'",
    "x\nsystem(\"touch @M\")",
    "\"; system(\"touch @M\"); \"",
    "x\\\nsystem(\"touch @M\")",
    "x\r\n!touch @M\n",
    "EOD\nSC_END_OF_DATA\nsystem(\"touch @M\")\n$x << EOD",
    "@GPVAL_TERM `touch @M` @x",
    "%s%n%999999999f %d @M",
    "\x01\x02\x1b[31m\x7f\xc2\x85 touch @M",
    "\xff\xfe\xc3( \xe4\xb8 touch @M \xed\xa0\x80",
    "'''''' ` ` ' # touch @M",
    "\\' ; system(\"touch @M\") #",
    "print system('touch @M')",
};
#define NHOSTILE (sizeof hostile_patterns / sizeof hostile_patterns[0])

/* `pattern` with each "@M" replaced by `marker`. */
static void fill(char *out, size_t size, const char *pattern, const char *marker)
{
    size_t len = 0;
    for (const char *p = pattern; *p && len + 1 < size; p++) {
        if (p[0] == '@' && p[1] == 'M') {
            size_t n = strlen(marker);
            assert_true(len + n < size);
            memcpy(out + len, marker, n);
            len += n;
            p++;
        } else {
            out[len++] = *p;
        }
    }
    out[len] = '\0';
}

static sc_table *hostile_table(const char *marker)
{
    sc_table *table = sc_table_new();
    assert_int_equal(sc_table_add_column(table, "label", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "series", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(table, "n", NULL, SC_COL_COUNT), SC_OK);
    assert_int_equal(sc_table_add_column(table, "rate", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "lower", NULL, SC_COL_PROPORTION), SC_OK);
    assert_int_equal(sc_table_add_column(table, "upper", NULL, SC_COL_PROPORTION), SC_OK);
    char label[2048];
    for (size_t i = 0; i < NHOSTILE; i++) {
        size_t row = add_row(table);
        fill(label, sizeof label, hostile_patterns[i], marker);
        sc_table_set_string(table, row, 0, label);
        sc_table_set_string(table, row, 1, hostile_patterns[(i + 3) % NHOSTILE]);
        sc_table_set_count(table, row, 2, 100 + 37 * i);
        /* every third point outside its limits: funnel labels and control signals */
        double rate = 0.9 + 0.004 * (double)i;
        sc_table_set_double(table, row, 3, rate);
        sc_table_set_double(table, row, 4, i % 3 ? rate - 0.02 : rate + 0.01);
        sc_table_set_double(table, row, 5, rate + 0.02);
    }
    return table;
}

static void injection(void **state)
{
    (void)state;
    char *dir = make_dir();
    char marker[256];
    snprintf(marker, sizeof marker, "%s/pwned", dir);
    sc_table *table = hostile_table(marker);
    static const size_t hostile_label[] = {0};
    char text[2048];
    for (int kind = 0; kind < SC_CHART_KIND_COUNT; kind++) {
        sc_chart *chart = sc_chart_new((sc_chart_kind)kind);
        sc_chart_data data = sc_chart_data_of(table);
        data.label = hostile_label;
        data.nlabel = 1;
        data.value = 3;
        if (kind != SC_CHART_PARETO) {
            data.lower = 4;
            data.upper = 5;
        }
        if (kind == SC_CHART_FUNNEL)
            data.x = 2;
        if (kind == SC_CHART_BAND)
            data.series = 1;
        set_data_ok(chart, &data);
        /* Every text of the chart is hostile too. */
        for (int which = 0; which < SC_CHART_TEXT_COUNT; which++) {
            fill(text, sizeof text, hostile_patterns[(size_t)which % NHOSTILE], marker);
            assert_int_equal(sc_chart_set_text(chart, (sc_chart_text)which, text), SC_OK);
        }
        fill(text, sizeof text, "Noto Sans CJK SC'; system(\"touch @M\") #,12", marker);
        sc_error err;
        assert_int_equal(sc_chart_set_font(chart, text, &err), SC_OK);
        assert_int_equal(sc_chart_set_target(chart, 0.93), SC_OK);
        assert_int_equal(sc_chart_set_percent(chart, kind % 2 == 0), SC_OK);
        set_output_ok(chart, SC_CHART_TERM_PNG, "hostile.png");
        char *script = script_of(chart);
        check_script_shape(script);
        /* The texts are there, harmless: quotes turned, newlines gone. */
        assert_non_null(strstr(script, "'’; system(\"touch "));
        assert_null(strstr(script, "''"));
        assert_null(strstr(script, "\nsystem("));
        assert_null(strstr(script, "\nEOD"));
        assert_null(strstr(script, "\n!"));
        assert_null(strstr(script, "\xff"));
        free(script);
        if (have_gnuplot()) {
            char name[32];
            snprintf(name, sizeof name, "hostile%d.png", kind);
            render_to(chart, dir, name);
            if (file_exists(marker))
                fail_msg("kind %d: a label ran a command", kind);
        }
        sc_chart_free(chart);
    }
    assert_false(file_exists(marker));
    sc_table_free(table);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_and_free),
        cmocka_unit_test(parse_size),
        cmocka_unit_test(font_spec),
        cmocka_unit_test(terminal_from_path),
        cmocka_unit_test(output_paths),
        cmocka_unit_test(data_errors),
        cmocka_unit_test(golden_caterpillar),
        cmocka_unit_test(golden_caterpillar_baseline_targets),
        cmocka_unit_test(golden_bars),
        cmocka_unit_test(golden_band),
        cmocka_unit_test(golden_band_series),
        cmocka_unit_test(golden_band_gap_forecast),
        cmocka_unit_test(golden_funnel),
        cmocka_unit_test(golden_pareto),
        cmocka_unit_test(pareto_joined_last_row),
        cmocka_unit_test(golden_control),
        cmocka_unit_test(texts_and_defaults),
        cmocka_unit_test(numbers),
        cmocka_unit_test(ranking),
        cmocka_unit_test(long_labels_and_many_groups),
        cmocka_unit_test(many_periods),
        cmocka_unit_test(write_failures),
        cmocka_unit_test(empty_charts),
        cmocka_unit_test(value_limits),
        cmocka_unit_test(render_formats),
        cmocka_unit_test(render_failures),
        cmocka_unit_test(render_side_by_side),
        cmocka_unit_test(render_batch),
        cmocka_unit_test(injection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
