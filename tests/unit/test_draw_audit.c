/* Unit tests: the audit record of a draw and its verification
 * (src/lib/analysis_draw_audit.c), the JSON reader it uses (src/lib/json.c,
 * contract J1-J2), the register's SHA-256 (draw.h D8) and Neyman allocation
 * in the draw with a rates file (D7).
 * Expected values: the SHA-256 of the normal form computed by Python's hashlib
 * (struct.pack(">Q", len) + bytes for every text); the Neyman quotas by hand
 * (6 w_h / sum w, w = 7 x 0.3, 3 x 0.5, 5 x 0.14) and in R.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "json.h"
#include "relerr.h"
#include "spotcheck/analysis.h"
#include "spotcheck/draw.h"

static char *write_temp(const char *text, char *path, size_t size)
{
    snprintf(path, size, "/tmp/sc-test-audit-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_json(void **state)
{
    (void)state;
    scj_value v;
    sc_error err;
    const char *text = "{\"a\": [1, -2.5e3, true, false, null],\n \"s\": \"\\u00e9\\ud83d\\ude00\\n\\\"\", "
                       "\"o\": {}}";
    assert_int_equal(scj_parse(text, strlen(text), "t.json", &v, &err), SC_OK);
    const scj_value *a = scj_get(&v, "a"), *s = scj_get(&v, "s");
    assert_int_equal(a->count, 5);
    assert_true(a->items[1].number == -2500);
    assert_string_equal(a->items[1].text, "-2.5e3");
    assert_true(a->items[2].boolean);
    assert_int_equal(a->items[4].kind, SCJ_NULL);
    assert_string_equal(s->text, "\xc3\xa9\xf0\x9f\x98\x80\n\"");
    assert_int_equal(s->line, 2);
    assert_int_equal(scj_get(&v, "o")->kind, SCJ_OBJECT);
    scj_free(&v);
    static const struct {
        const char *text, *message;
        unsigned long long line;
    } bad[] = {
        {"{\"a\": 1, \"a\": 2}", "a member name given twice in an object", 1},
        {"[1,\n2,\n]", "expected a value (a string, number, object, array, true, false or null)", 3},
        {"[1] x", "more after the value: a JSON file holds one value", 1},
        {"\"\\ud800\"", "a lone surrogate in a string", 1},
        {"\"\\u0000\"", "a NUL in a string", 1},
        {"01", "more after the value: a JSON file holds one value", 1},
        {"\"tab\there\"", "a control character in a string: write it as an escape", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(scj_parse(bad[i].text, strlen(bad[i].text), "t.json", &v, &err),
                         SC_EDATA);
        assert_string_equal(err.message, bad[i].message);
        assert_int_equal(err.line, bad[i].line);
    }
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    assert_int_equal(scj_parse(deep, sizeof deep, "t.json", &v, &err), SC_EDATA);
    assert_string_equal(err.message, "nested more than 64 deep");
}

static void test_sha256(void **state)
{
    (void)state;
    char path[64], hex[65];
    sc_register *reg;
    sc_error err;
    /* the same rows in another order: the same hash */
    const char *texts[2] = {"id,side\nE02,b\nE01,a\nE03,a\n", "id,side\nE03,a\nE01,a\nE02,b\n"};
    for (int t = 0; t < 2; t++) {
        write_temp(texts[t], path, sizeof path);
        assert_int_equal(sc_register_read(path, NULL, "id", &reg, &err), SC_OK);
        remove(path);
        sc_register_sha256(reg, hex);
        assert_string_equal(hex, "3a86721063e744bee34319f88531aaa38c8460f3396020eb89d39e6a3514c3aa");
        sc_register_free(reg);
    }
}

static const char *const towns =
    "企业编号,乡镇\nQY001,城关镇\nQY002,城关镇\nQY003,城关镇\nQY004,城关镇\nQY005,城关镇\n"
    "QY006,城关镇\nQY007,城关镇\nQY008,河西乡\nQY009,河西乡\nQY010,河西乡\nQY011,河西乡\n"
    "QY012,河西乡\nQY013,山南乡\nQY014,山南乡\nQY015,山南乡\n";

static void test_neyman_rates(void **state)
{
    (void)state;
    char rpath[64], fpath[64];
    sc_register *reg;
    sc_draw_rates *rates;
    sc_error err;
    write_temp(towns, rpath, sizeof rpath);
    write_temp("乡镇,rate\n河西乡,98%\n城关镇,0.9\n山南乡,50%\n合计,0.9\n", fpath, sizeof fpath);
    assert_int_equal(sc_register_read(rpath, NULL, "企业编号", &reg, &err), SC_OK);
    const char *by[1] = {"乡镇"};
    assert_int_equal(sc_draw_rates_read(fpath, NULL, by, 1, &rates, &err), SC_OK);
    remove(rpath);
    remove(fpath);
    sc_draw_opts o = {.seed = "2024年第153期", .by = by, .nby = 1, .total = 6, .fraction = NAN,
                      .allocation = SC_ALLOCATION_NEYMAN, .rates = rates};
    sc_draw_result r;
    assert_int_equal(sc_draw_tables(reg, &o, &r, &err), SC_OK);
    /* strata 城关镇, 山南乡, 河西乡: quotas 2.930233, 2.093023, 0.976744; n 3, 2, 1 */
    static const double quota[3] = {2.930232558139535, 2.093023255813953, 0.976744186046511};
    static const uint64_t n[3] = {3, 2, 1};
    long q = sc_table_find_column(r.strata, "quota"), nn = sc_table_find_column(r.strata, "n");
    for (size_t h = 0; h < 3; h++) {
        assert_true(rel_error(sc_table_get_double(r.strata, h, (size_t)q), quota[h]) < 1e-12);
        assert_int_equal(sc_table_get_count(r.strata, h, (size_t)nn), n[h]);
    }
    sc_draw_result_free(&r);
    /* no rate for a stratum */
    sc_draw_rates_free(rates);
    write_temp("乡镇,rate\n河西乡,98%\n城关镇,0.9\n", fpath, sizeof fpath);
    assert_int_equal(sc_draw_rates_read(fpath, NULL, by, 1, &rates, &err), SC_OK);
    remove(fpath);
    o.rates = rates;
    assert_int_equal(sc_draw_tables(reg, &o, &r, &err), SC_EDATA);
    assert_non_null(strstr(err.message, "no rate for the stratum \"山南乡\""));
    sc_draw_result_free(&r);
    sc_draw_rates_free(rates);
    sc_register_free(reg);
}

static void test_audit_verify(void **state)
{
    (void)state;
    char rpath[64], apath[64], bpath[64];
    sc_register *reg;
    sc_error err;
    write_temp(towns, rpath, sizeof rpath);
    assert_int_equal(sc_register_read(rpath, NULL, "企业编号", &reg, &err), SC_OK);
    const char *by[1] = {"乡镇"};
    sc_draw_opts o = {.seed = "2024年第153期", .by = by, .nby = 1, .total = 6, .fraction = NAN,
                      .allocation = SC_ALLOCATION_PROPORTIONAL};
    sc_draw_result r;
    assert_int_equal(sc_draw_tables(reg, &o, &r, &err), SC_OK);
    write_temp("", apath, sizeof apath);
    FILE *f = fopen(apath, "w");
    assert_int_equal(sc_draw_audit_write(f, reg, &o, &r, &err), SC_OK);
    fclose(f);
    sc_draw_result_free(&r);
    sc_register_free(reg);
    sc_draw_check check;
    assert_int_equal(sc_draw_verify(apath, rpath, NULL, &check, &err), SC_OK);
    assert_true(check.match);
    assert_int_equal(check.drawn, 6);
    assert_int_equal(check.units, 15);
    /* a tampered selection: QY006 (rank 2 of 城关镇) replaced by QY007 */
    char cmd[256];
    write_temp("", bpath, sizeof bpath);
    snprintf(cmd, sizeof cmd, "sed 's/\"QY006\"/\"QY007\"/' %s > %s", apath, bpath);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(sc_draw_verify(bpath, rpath, NULL, &check, &err), SC_OK);
    assert_false(check.match);
    assert_string_equal(check.difference,
                        "strata[\"城关镇\"].selected[1].id: recorded \"QY007\", re-derived \"QY006\"");
    /* a total the register cannot give: a difference, not an error */
    snprintf(cmd, sizeof cmd, "sed 's/\"n\": 6,/\"n\": 60,/' %s > %s", apath, bpath);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(sc_draw_verify(bpath, rpath, NULL, &check, &err), SC_OK);
    assert_false(check.match);
    assert_non_null(strstr(check.difference, "a total of 60 is more than the 15 units"));
    remove(rpath);
    remove(apath);
    remove(bpath);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_neyman_rates),
        cmocka_unit_test(test_audit_verify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
