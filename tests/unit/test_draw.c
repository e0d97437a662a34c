/* Unit tests: reproducible random selection (src/lib/draw.c, contract D1-D4
 * of include/spotcheck/draw.h).
 * Expected values: the HMAC-SHA-256 test vectors of RFC 4231 (cases 1 and 2);
 * Python's hmac module (hmac.new(seed, id, hashlib.sha256)) for a Chinese
 * seed and for the order of ten ids under the seed "20241203", also through the
 * analysis call sc_draw_tables.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/analysis.h"
#include "spotcheck/draw.h"

static void hex(const unsigned char *key, char out[2 * SC_DRAW_KEY_SIZE + 1])
{
    for (size_t i = 0; i < SC_DRAW_KEY_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", key[i]);
}

/* D1 against RFC 4231 and Python */
static void test_key(void **state)
{
    (void)state;
    unsigned char key[SC_DRAW_KEY_SIZE];
    char text[2 * SC_DRAW_KEY_SIZE + 1];
    char seed[20];
    memset(seed, 0x0b, sizeof seed);
    sc_draw_key(seed, sizeof seed, "Hi There", 8, key);
    hex(key, text);
    assert_string_equal(text, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    const char *data = "what do ya want for nothing?";
    sc_draw_key("Jefe", 4, data, strlen(data), key);
    hex(key, text);
    assert_string_equal(text, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const char *lottery = "2024年第3期福彩3D 123";
    sc_draw_key(lottery, strlen(lottery), "CC2024440001234", 15, key);
    hex(key, text);
    assert_string_equal(text, "baf73946fbeddc28adcfb8ed4193e392212b54829cebbe6bb3a0dea8f5031d97");
}

static void fill(sc_draw_unit *units, char ids[][4], const size_t *order, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        snprintf(ids[i], 4, "E%02zu", order[i] + 1);
        units[i] = (sc_draw_unit){.id = ids[i], .id_len = 3, .line = i + 2};
    }
}

/* D2, D4: Python's order of E01..E10 under "20241203" is E08 E07 E03 E05 E09 E01 E10 E06
 * E02 E04, whatever the order of the rows */
static void test_rank_order_free(void **state)
{
    (void)state;
    static const size_t forward[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    static const size_t shuffled[10] = {6, 2, 9, 0, 4, 8, 1, 7, 3, 5};
    static const char *const expected[10] = {"E08", "E07", "E03", "E05", "E09",
                                             "E01", "E10", "E06", "E02", "E04"};
    const size_t *orders[2] = {forward, shuffled};
    for (int o = 0; o < 2; o++) {
        sc_draw_unit units[10];
        char ids[10][4];
        fill(units, ids, orders[o], 10);
        uint64_t take = 3;
        sc_error err;
        assert_int_equal(sc_draw_rank("20241203", 8, units, 10, 1, &take, "r.csv", &err), SC_OK);
        size_t selected = 0;
        for (size_t i = 0; i < 10; i++) {
            assert_string_equal(units[i].id, expected[units[i].rank - 1]);
            assert_int_equal(units[i].selected, units[i].rank <= 3);
            selected += units[i].selected;
        }
        assert_int_equal(selected, 3);
    }
}

/* ranks run within each stratum; takes per stratum */
static void test_strata(void **state)
{
    (void)state;
    static const size_t forward[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    sc_draw_unit units[10];
    char ids[10][4];
    fill(units, ids, forward, 10);
    for (size_t i = 0; i < 10; i++)
        units[i].stratum = i % 2; /* E01, E03, ... and E02, E04, ... */
    uint64_t take[2] = {2, 0};
    sc_error err;
    assert_int_equal(sc_draw_rank("20241203", 8, units, 10, 2, take, "r.csv", &err), SC_OK);
    /* stratum 0 in the order above: E07 E03 E05 E09 E01; stratum 1: E08 E10 E06 E02 E04 */
    static const char *const first[2][5] = {{"E07", "E03", "E05", "E09", "E01"},
                                            {"E08", "E10", "E06", "E02", "E04"}};
    for (size_t i = 0; i < 10; i++) {
        assert_string_equal(units[i].id, first[units[i].stratum][units[i].rank - 1]);
        assert_int_equal(units[i].selected, units[i].stratum == 0 && units[i].rank <= 2);
    }
    take[1] = 6;
    assert_int_equal(sc_draw_rank("20241203", 8, units, 10, 2, take, "r.csv", &err), SC_EINVAL);
    units[3].stratum = 2;
    assert_int_equal(sc_draw_rank("20241203", 8, units, 10, 2, NULL, "r.csv", &err), SC_EINVAL);
}

/* D3 */
static void test_duplicates(void **state)
{
    (void)state;
    static const size_t order[4] = {0, 1, 2, 1};
    sc_draw_unit units[4];
    char ids[4][4];
    fill(units, ids, order, 4);
    sc_error err;
    assert_int_equal(sc_draw_rank("s", 1, units, 4, 1, NULL, "register.csv", &err), SC_EDATA);
    assert_string_equal(err.file, "register.csv");
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.message, "\"E02\" is given twice (first on line 3)"));
}

static char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/sc-test-register-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static sc_table *draw_of(const char *text, const char *by, uint64_t total, double fraction,
                         sc_status expect)
{
    char *path = write_temp(text);
    sc_register *reg;
    sc_error err;
    assert_int_equal(sc_register_read(path, NULL, "id", &reg, &err), SC_OK);
    remove(path);
    const char *cols[1] = {by};
    sc_draw_opts o = {.seed = "20241203",
                      .by = cols,
                      .nby = by ? 1 : 0,
                      .total = total,
                      .fraction = fraction,
                      .allocation = SC_ALLOCATION_PROPORTIONAL};
    sc_draw_result r;
    assert_int_equal(sc_draw_tables(reg, &o, &r, &err), expect);
    sc_register_free(reg);
    sc_table *selection = r.selection;
    r.selection = NULL;
    sc_draw_result_free(&r);
    return selection;
}

/* the analysis call: strata in byte order, each its first ranks, whatever the row order
 * (Python's order of E01..E10 under "20241203": E08 E07 E03 E05 E09 E01 E10 E06 E02 E04) */
static void test_draw_tables(void **state)
{
    (void)state;
    const char *forward = "id,side\nE01,a\nE02,b\nE03,a\nE04,b\nE05,a\nE06,b\nE07,a\n"
                          "E08,b\nE09,a\nE10,b\n";
    const char *backward = "id,side\nE10,b\nE09,a\nE08,b\nE07,a\nE06,b\nE05,a\nE04,b\n"
                           "E03,a\nE02,b\nE01,a\n";
    static const char *const expected[4] = {"E07", "E03", "E08", "E10"};
    const char *texts[2] = {forward, backward};
    for (int t = 0; t < 2; t++) {
        sc_table *s = draw_of(texts[t], "side", 4, NAN, SC_OK);
        assert_int_equal(sc_table_rows(s), 4);
        assert_int_equal(sc_table_columns(s), 4);
        for (size_t i = 0; i < 4; i++) {
            assert_string_equal(sc_table_get_string(s, i, 0), expected[i]);
            assert_string_equal(sc_table_get_string(s, i, 2), i < 2 ? "a" : "b");
            assert_int_equal(sc_table_get_count(s, i, 3), i % 2 + 1);
        }
        sc_table_free(s);
    }
    /* a fraction of 25% of 10 is 3 (ceil 2.5): 1.5 and 1.5, the tie to the first stratum */
    sc_table *s = draw_of(forward, "side", 0, 0.25, SC_OK);
    assert_int_equal(sc_table_rows(s), 3);
    sc_table_free(s);
    /* no strata; a total and a fraction; a column named rank */
    s = draw_of(forward, NULL, 2, NAN, SC_OK);
    assert_string_equal(sc_table_get_string(s, 0, 0), "E08");
    assert_string_equal(sc_table_get_string(s, 1, 2), "all");
    sc_table_free(s);
    assert_null(draw_of(forward, NULL, 2, 0.5, SC_EINVAL));
    assert_null(draw_of("id,rank\nE01,1\n", NULL, 1, NAN, SC_EINVAL));
    assert_null(draw_of(forward, "county", 1, NAN, SC_EINVAL));
}

/* D6 and the lists in the analysis: E08 (first of b) excluded, E09 (fourth of a) included:
 * a draws E09 E07, b draws E10 E06 (Python's order above) */
static void test_lists(void **state)
{
    (void)state;
    char *path = write_temp("id,note\nE09,x\nE08,y\nE09,z\n,empty\n");
    sc_id_list *list;
    sc_error err;
    assert_int_equal(sc_id_list_read(path, NULL, "id", &list, &err), SC_OK);
    remove(path);
    assert_int_equal(list->count, 2); /* sorted, E09 once, the empty cell skipped */
    assert_string_equal(list->ids[0], "E08");
    unsigned long long line;
    assert_true(sc_id_list_has(list, "E09", &line) && line == 2);
    assert_false(sc_id_list_has(list, "E07", NULL));
    sc_id_list_free(list);
    path = write_temp("code,note\nE01,x\n");
    assert_int_equal(sc_id_list_read(path, NULL, "id", &list, &err), SC_EDATA);
    remove(path);
    sc_id_list *exclude, *include;
    path = write_temp("E08\n"); /* the header is the only column's name: its ids follow */
    assert_int_equal(sc_id_list_read(path, NULL, "id", &exclude, &err), SC_OK);
    remove(path);
    path = write_temp("id\nE09\n");
    assert_int_equal(sc_id_list_read(path, NULL, "id", &include, &err), SC_OK);
    remove(path);
    assert_int_equal(exclude->count, 0); /* "E08" was the header */
    sc_id_list_free(exclude);
    path = write_temp("id\nE08\n");
    assert_int_equal(sc_id_list_read(path, NULL, "id", &exclude, &err), SC_OK);
    remove(path);
    path = write_temp("id,side\nE01,a\nE02,b\nE03,a\nE04,b\nE05,a\nE06,b\nE07,a\n"
                      "E08,b\nE09,a\nE10,b\n");
    sc_register *reg;
    assert_int_equal(sc_register_read(path, NULL, "id", &reg, &err), SC_OK);
    remove(path);
    const char *by[1] = {"side"};
    sc_draw_opts o = {.seed = "20241203", .by = by, .nby = 1, .total = 4, .fraction = NAN,
                      .exclude = exclude, .include = include};
    sc_draw_result r;
    assert_int_equal(sc_draw_tables(reg, &o, &r, &err), SC_OK);
    static const char *const expected[4] = {"E09", "E07", "E10", "E06"};
    assert_int_equal(sc_table_rows(r.selection), 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(sc_table_get_string(r.selection, i, 0), expected[i]);
    assert_string_equal(sc_table_get_string(r.selection, 0, 4), "yes");
    assert_int_equal(r.excluded, 1);
    assert_int_equal(sc_table_get_count(r.strata, 1, 1), 4); /* b: 5 less E08 */
    sc_draw_result_free(&r);
    /* an id included and excluded */
    o.include = exclude;
    assert_int_equal(sc_draw_tables(reg, &o, &r, &err), SC_EDATA);
    sc_draw_result_free(&r);
    sc_register_free(reg);
    sc_id_list_free(exclude);
    sc_id_list_free(include);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_rank_order_free),
        cmocka_unit_test(test_strata),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_draw_tables),
        cmocka_unit_test(test_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
