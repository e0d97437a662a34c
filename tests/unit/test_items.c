/* Tests of unqualified test items (spotcheck/items.h) and their table
 * (sc_items_table, sc_items_chart in spotcheck/analysis.h).
 *
 * Sources of the expected values:
 *  - counts: tests/data/items-small.csv, counted by hand (the counts are
 *    worked out beside each test);
 *  - intervals: R 4.2, scripts/ref-items.R (prop.test(correct = FALSE) for
 *    Wilson, binom.test for Clopper-Pearson), to 1e-9 relative.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "relerr.h"

#include "spotcheck/analysis.h"
#include "spotcheck/items.h"
#include "spotcheck/records.h"

#ifndef SC_TEST_DATA_DIR
#define SC_TEST_DATA_DIR "tests/data"
#endif

/* ---- splitting ---------------------------------------------------------------- */

typedef struct collected {
    char items[16][64];
    size_t count;
} collected;

static sc_status collect(void *ctx, const char *item, size_t len)
{
    collected *c = ctx;
    assert_true(c->count < 16 && len < 64);
    memcpy(c->items[c->count], item, len);
    c->items[c->count++][len] = '\0';
    return SC_OK;
}

static collected split(const char *cell, const char *const *separators)
{
    collected c = {0};
    assert_int_equal(sc_items_split(cell, strlen(cell), separators, collect, &c), SC_OK);
    return c;
}

static void split_default_separators(void **state)
{
    (void)state;
    collected c = split("铅；镉;汞、砷|锡\n铬", NULL);
    assert_int_equal(c.count, 6);
    const char *want[] = {"铅", "镉", "汞", "砷", "锡", "铬"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(c.items[i], want[i]);
    /* the comma is no separator: item names hold it */
    c = split("2,4-滴；铝的残留量(干样品,以Al计)", NULL);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.items[0], "2,4-滴");
    assert_string_equal(c.items[1], "铝的残留量(干样品,以Al计)");
}

static void split_trims_and_drops_empty(void **state)
{
    (void)state;
    /* ASCII spaces, tabs, U+3000 and U+00A0 at both ends; inner spaces kept */
    collected c = split(" \t　菌落 总数\xC2\xA0 ；；　；  ", NULL);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.items[0], "菌落 总数");
    c = split("", NULL);
    assert_int_equal(c.count, 0);
    c = split("　；　", NULL);
    assert_int_equal(c.count, 0);
}

static void split_custom_separators(void **state)
{
    (void)state;
    char **seps;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_items_separators_parse("，/", &seps, &err), SC_OK);
    assert_string_equal(seps[0], "，");
    assert_string_equal(seps[1], "/");
    assert_null(seps[2]);
    collected c = split("铅，镉/汞；砷", (const char *const *)seps);
    assert_int_equal(c.count, 3);
    assert_string_equal(c.items[2], "汞；砷");
    sc_items_separators_free(seps);
    /* longest match first */
    const char *const longer[] = {"-", "--", NULL};
    c = split("a--b-c", longer);
    assert_int_equal(c.count, 3);
    assert_string_equal(c.items[1], "b");
    assert_int_equal(sc_items_separators_parse("", &seps, &err), SC_EINVAL);
    assert_int_equal(sc_items_separators_parse("a\xff", &seps, &err), SC_EINVAL);
    assert_string_equal(err.message, "--separators: byte 2 is not UTF-8 text");
    assert_int_equal(sc_items_separators_parse(";\t", &seps, &err), SC_EINVAL);
    assert_null(seps);
}

/* ---- aliases ---------------------------------------------------------------------- */

static sc_status add_pair(sc_item_aliases *a, const char *alias, const char *name,
                          unsigned long long line, sc_error *err)
{
    sc_item_place place = {"aliases.csv", line, "别名", "项目"};
    return sc_item_aliases_add(a, alias, strlen(alias), name, strlen(name), &place, err);
}

static void aliases_lookup_conflicts_chains(void **state)
{
    (void)state;
    sc_item_aliases *a = sc_item_aliases_new();
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(add_pair(a, " 大肠菌群(MPN)　", "大肠菌群", 2, &err), SC_OK);
    assert_int_equal(add_pair(a, "大肠菌群(MPN)", "大肠菌群", 3, &err), SC_OK); /* again */
    assert_int_equal(add_pair(a, "菌落总数", "菌落总数", 4, &err), SC_OK);     /* itself */
    assert_int_equal(sc_item_aliases_count(a), 1);
    size_t len;
    const char *name = sc_item_aliases_lookup(a, "大肠菌群(MPN)", strlen("大肠菌群(MPN)"), &len);
    assert_int_equal(len, strlen("大肠菌群"));
    assert_memory_equal(name, "大肠菌群", len);
    name = sc_item_aliases_lookup(a, "铅", strlen("铅"), &len);
    assert_int_equal(len, strlen("铅"));
    /* a conflict names both lines */
    assert_int_equal(add_pair(a, "大肠菌群(MPN)", "大肠菌群数", 5, &err), SC_EDATA);
    assert_string_equal(err.file, "aliases.csv");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.message, "column \"别名\": \"大肠菌群(MPN)\" is already an alias of "
                                     "\"大肠菌群\" (line 2): one name per alias");
    /* chains, both ways round */
    assert_int_equal(add_pair(a, "大肠菌群", "大肠杆菌", 6, &err), SC_EDATA);
    assert_string_equal(err.message, "column \"别名\": \"大肠菌群\" is the name of the alias "
                                     "\"大肠菌群(MPN)\" (line 2), so it cannot be an alias too: "
                                     "map every alias to the final name");
    assert_int_equal(add_pair(a, "MPN大肠菌群", "大肠菌群(MPN)", 7, &err), SC_EDATA);
    assert_string_equal(err.message, "column \"项目\": \"大肠菌群(MPN)\" is itself an alias of "
                                     "\"大肠菌群\" (line 2): map every alias to the final name");
    assert_int_equal(add_pair(a, "　", "铅", 8, &err), SC_EDATA);
    assert_string_equal(err.message,
                        "column \"别名\": empty: each row gives an alias and its name");
    sc_item_aliases_free(a);
    sc_item_aliases_free(NULL);
}

static void aliases_read_file(void **state)
{
    (void)state;
    sc_item_aliases *a;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_item_aliases_read(SC_TEST_DATA_DIR "/items-aliases.csv", NULL, &a, &err),
                     SC_OK);
    assert_int_equal(sc_item_aliases_count(a), 1);
    sc_item_aliases_free(a);
    /* GB18030: 别名,项目 / 大肠菌群(MPN),大肠菌群 */
    char path[] = "/tmp/sc_items_XXXXXX";
    int fd = mkstemp(path);
    const char gb[] = "\xb1\xf0\xc3\xfb,\xcf\xee\xc4\xbf\n"
                      "\xb4\xf3\xb3\xa6\xbe\xfa\xc8\xba(MPN),\xb4\xf3\xb3\xa6\xbe\xfa\xc8\xba\n";
    assert_int_equal(write(fd, gb, sizeof gb - 1), (ssize_t)(sizeof gb - 1));
    close(fd);
    assert_int_equal(sc_item_aliases_read(path, NULL, &a, &err), SC_OK);
    size_t len;
    const char *name = sc_item_aliases_lookup(a, "大肠菌群(MPN)", strlen("大肠菌群(MPN)"), &len);
    assert_memory_equal(name, "大肠菌群", len);
    sc_item_aliases_free(a);
    /* three columns */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, "a,b,c\n1,2,3\n", 12), 12);
    close(fd);
    assert_int_equal(sc_item_aliases_read(path, NULL, &a, &err), SC_EDATA);
    assert_null(a);
    assert_int_equal(err.line, 1);
    unlink(path);
    assert_int_equal(sc_item_aliases_read("/nonexistent/aliases.csv", NULL, &a, &err),
                     SC_ENOENT);
}

/* ---- counting and the table --------------------------------------------------------- */

static const char *const by_category[] = {"类别"};

/* Reads tests/data/items-small.csv by `keys` (0 or 1 of them) into groups and
 * item counts. */
static void read_small(size_t nkeys, const sc_item_aliases *aliases, sc_groups **groups,
                       sc_item_counts **counts)
{
    *groups = sc_groups_new(nkeys);
    *counts = sc_item_counts_new(nkeys, NULL, aliases);
    sc_input_spec spec = {.result = "结论", .keys = by_category, .nkeys = nkeys,
                          .texts = {"不合格项目"}, .ntexts = 1, .on_text = sc_item_counts_on_record,
                          .text_ctx = *counts};
    const char *paths[] = {SC_TEST_DATA_DIR "/items-small.csv"};
    sc_read_stats stats = {0};
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_records_read(&spec, paths, 1, *groups, &stats, &err), SC_OK);
    assert_int_equal(stats.rows_used, 12);
}

static uint64_t count_of(const sc_item_counts *c, const char *group, const char *item)
{
    const sc_groups *g = sc_item_counts_items(c);
    const char *keys[] = {group, item};
    size_t lens[] = {strlen(group), strlen(item)};
    size_t index;
    return sc_groups_find(g, keys, lens, &index) ? sc_groups_n(g, index) : 0;
}

static void counts_by_hand(void **state)
{
    (void)state;
    sc_groups *groups;
    sc_item_counts *c;
    read_small(1, NULL, &groups, &c);
    /* 食品: 菌落总数 in batches 1 and 4 (4 lists it twice: once); 大肠菌群 1;
     * 大肠菌群(MPN) 2; 苯甲酸 and 山梨酸 5 (full-width and ASCII spaces
     * trimmed); batch 6 failed without items.  电器: 标志和说明 8 and 9 (10
     * passed: not counted), 输入功率 8; batch 12 holds only a separator. */
    assert_int_equal(count_of(c, "食品", "菌落总数"), 2);
    assert_int_equal(count_of(c, "食品", "大肠菌群"), 1);
    assert_int_equal(count_of(c, "食品", "大肠菌群(MPN)"), 1);
    assert_int_equal(count_of(c, "食品", "苯甲酸"), 1);
    assert_int_equal(count_of(c, "食品", "山梨酸"), 1);
    assert_int_equal(count_of(c, "电器", "标志和说明"), 2);
    assert_int_equal(count_of(c, "电器", "输入功率"), 1);
    assert_int_equal(sc_groups_count(sc_item_counts_items(c)), 7);
    const sc_groups *none = sc_item_counts_unrecorded(c);
    assert_int_equal(sc_groups_count(none), 2);
    assert_int_equal(sc_groups_n(none, 0), 1);
    assert_int_equal(sc_groups_n(none, 1), 1);
    assert_int_equal(sc_item_counts_passed_listed(c), 1);
    sc_item_counts_free(c);
    sc_groups_free(groups);

    /* with the alias 大肠菌群(MPN) → 大肠菌群 the two spellings count together */
    sc_item_aliases *a;
    sc_error err;
    assert_int_equal(sc_item_aliases_read(SC_TEST_DATA_DIR "/items-aliases.csv", NULL, &a, &err),
                     SC_OK);
    read_small(1, a, &groups, &c);
    assert_int_equal(count_of(c, "食品", "大肠菌群"), 2);
    assert_int_equal(count_of(c, "食品", "大肠菌群(MPN)"), 0);
    /* a batch listing an item under both spellings counts once */
    const char *key = "食品";
    size_t len = strlen(key);
    const char cell[] = "大肠菌群；大肠菌群(MPN)";
    assert_int_equal(sc_item_counts_add(c, &key, &len, false, cell, strlen(cell)), SC_OK);
    assert_int_equal(count_of(c, "食品", "大肠菌群"), 3);
    sc_item_counts_free(c);
    sc_groups_free(groups);
    sc_item_aliases_free(a);
}

static void check_interval(const sc_table *t, const sc_items_columns *c, size_t row,
                           double lower, double upper)
{
    assert_true(rel_error(sc_table_get_double(t, row, c->lower), lower) < REL_TOL);
    assert_true(rel_error(sc_table_get_double(t, row, c->upper), upper) < REL_TOL);
}

static void check_fraction(const sc_table *t, size_t row, size_t col, uint64_t a, uint64_t b)
{
    sc_fraction f;
    assert_int_equal(sc_table_get_fraction(t, row, col, &f), 1);
    assert_int_equal(f.a, a);
    assert_int_equal(f.b, b);
}

static void table_overall_top(void **state)
{
    (void)state;
    sc_groups *groups;
    sc_item_counts *counts;
    read_small(0, NULL, &groups, &counts);
    sc_items_opts o;
    sc_items_opts_init(&o);
    o.top = 3;
    sc_items_result r;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_items_table(groups, counts, &o, &r, &err), SC_OK);
    const sc_table *t = r.table;
    const sc_items_columns *c = &r.cols;
    /* 12 batches, 8 unqualified; item batches 2+2+1+1+1+1+1 = 9.  Pareto
     * order: 标志和说明 2 and 菌落总数 2 (标 U+6807 before 菌 U+83CC), then
     * 大肠菌群 1 ... ; top 3 leaves 4 items (4 batches) in "other"; then the
     * 2 batches without items. */
    assert_int_equal(sc_table_rows(t), 5);
    assert_int_equal(r.failed, 8);
    assert_int_equal(r.unrecorded, 2);
    assert_string_equal(sc_table_get_string(t, 0, c->item), "标志和说明");
    assert_string_equal(sc_table_get_string(t, 1, c->item), "菌落总数");
    assert_string_equal(sc_table_get_string(t, 2, c->item), "大肠菌群");
    assert_string_equal(sc_table_get_string(t, 3, c->item), "other (4 items)");
    assert_string_equal(sc_table_get_string(t, 4, c->item), "(items not recorded)");
    uint64_t batches[] = {2, 2, 1, 4, 2};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(sc_table_get_count(t, i, c->batches), batches[i]);
        assert_int_equal(sc_table_get_count(t, i, c->n), 12);
        assert_int_equal(sc_table_get_count(t, i, c->failed), 8);
        if (i != 3)
            check_fraction(t, i, c->share, batches[i], 8);
    }
    assert_true(sc_table_is_missing(t, 3, c->share));
    check_fraction(t, 0, c->cumulative, 2, 9);
    check_fraction(t, 1, c->cumulative, 4, 9);
    check_fraction(t, 2, c->cumulative, 5, 9);
    check_fraction(t, 3, c->cumulative, 9, 9);
    assert_true(sc_table_is_missing(t, 4, c->cumulative));
    check_fraction(t, 0, c->rate, 2, 12);
    /* R: prop.test(2, 12, correct = FALSE) and (1, 12) */
    check_interval(t, c, 0, 0.046965142183853829, 0.44803086225297334);
    check_interval(t, c, 2, 0.01486509440491712, 0.35387991114111689);
    check_interval(t, c, 4, 0.046965142183853829, 0.44803086225297334);
    /* the "other" row has no rate: a batch may count in two of its items */
    assert_true(sc_table_is_missing(t, 3, c->rate));
    assert_true(sc_table_is_missing(t, 3, c->lower));
    assert_int_equal(r.chart_first, 0);
    assert_int_equal(r.chart_rows, 4);
    assert_int_equal(r.chart_joined, 4);
    sc_chart *chart;
    assert_int_equal(sc_items_chart(&r, &o, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_items_result_free(&r);
    /* 7 items, top 6: the single item left over keeps its row */
    o.top = 6;
    assert_int_equal(sc_items_table(groups, counts, &o, &r, &err), SC_OK);
    assert_int_equal(sc_table_rows(r.table), 8);
    assert_string_equal(sc_table_get_string(r.table, 6, r.cols.item), "输入功率");
    assert_int_equal(r.chart_joined, 0);
    sc_items_result_free(&r);
    sc_item_counts_free(counts);
    sc_groups_free(groups);
}

static void table_by_group_zh_exact(void **state)
{
    (void)state;
    sc_item_aliases *a;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_item_aliases_read(SC_TEST_DATA_DIR "/items-aliases.csv", NULL, &a, &err),
                     SC_OK);
    sc_groups *groups;
    sc_item_counts *counts;
    read_small(1, a, &groups, &counts);
    sc_items_opts o;
    sc_items_opts_init(&o);
    o.method = SC_CI_CLOPPER_PEARSON;
    o.level = 0.90;
    o.lang = SC_LANG_ZH;
    sc_items_result r;
    assert_int_equal(sc_items_table(groups, counts, &o, &r, &err), SC_OK);
    const sc_table *t = r.table;
    const sc_items_columns *c = &r.cols;
    /* 食品 (7 batches, 5 unqualified, item batches 6): 大肠菌群 2, 菌落总数 2
     * (大 U+5927 before 菌), 山梨酸 1, 苯甲酸 1, 未记录 1; 电器 (5, 3, 3):
     * 标志和说明 2, 输入功率 1, 未记录 1. */
    assert_int_equal(sc_table_rows(t), 8);
    assert_int_equal(r.groups, 2);
    const char *want[] = {"大肠菌群", "菌落总数", "山梨酸", "苯甲酸", "（未记录项目）",
                          "标志和说明", "输入功率", "（未记录项目）"};
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(sc_table_get_string(t, i, c->item), want[i]);
    assert_string_equal(sc_table_get_string(t, 0, 0), "食品");
    assert_string_equal(sc_table_get_string(t, 5, 0), "电器");
    check_fraction(t, 1, c->cumulative, 4, 6);
    check_fraction(t, 6, c->cumulative, 3, 3);
    check_fraction(t, 5, c->share, 2, 3);
    check_fraction(t, 5, c->rate, 2, 5);
    assert_true(r.chart_rows == 4 && r.chart_joined == 0);
    sc_chart *chart;
    assert_int_equal(sc_items_chart(&r, &o, &chart, &err), SC_EINVAL);
    assert_string_equal(err.message,
                        "a Pareto chart draws the items of one group; there are 2: choose one "
                        "with --where");
    sc_items_result_free(&r);
    sc_item_counts_free(counts);
    sc_groups_free(groups);
    sc_item_aliases_free(a);

    /* Clopper-Pearson at 0.90 against R's binom.test on the overall table */
    read_small(0, NULL, &groups, &counts);
    assert_int_equal(sc_items_table(groups, counts, &o, &r, &err), SC_OK);
    check_interval(r.table, &r.cols, 0, 0.030460165659137173, 0.4381054351153113);
    check_interval(r.table, &r.cols, 2, 0.0042653187775606649, 0.33868066843403255);
    sc_items_result_free(&r);
    sc_item_counts_free(counts);
    sc_groups_free(groups);
}

static void table_clean_groups_and_errors(void **state)
{
    (void)state;
    sc_groups *groups = sc_groups_new(1);
    sc_item_counts *counts = sc_item_counts_new(1, NULL, NULL);
    const char *keys[] = {"水泥", "钢筋"};
    size_t lens[] = {strlen(keys[0]), strlen(keys[1])};
    assert_int_equal(sc_groups_add(groups, &keys[0], &lens[0], 10, 10), SC_OK);
    assert_int_equal(sc_groups_add(groups, &keys[1], &lens[1], 4, 3), SC_OK);
    assert_int_equal(sc_item_counts_add(counts, &keys[1], &lens[1], false, "屈服强度", 12),
                     SC_OK);
    sc_items_opts o;
    sc_items_opts_init(&o);
    sc_items_result r;
    sc_error err;
    sc_error_clear(&err);
    assert_int_equal(sc_items_table(groups, counts, &o, &r, &err), SC_OK);
    assert_int_equal(sc_table_rows(r.table), 1);
    assert_int_equal(r.groups_clean, 1);
    assert_string_equal(r.clean_names, "水泥");
    sc_items_result_free(&r);
    /* counts keyed otherwise than the groups */
    sc_item_counts *other = sc_item_counts_new(0, NULL, NULL);
    assert_int_equal(sc_items_table(groups, other, &o, &r, &err), SC_EINVAL);
    sc_items_result_free(&r);
    sc_item_counts_free(other);
    sc_item_counts_free(counts);
    sc_groups_free(groups);
    /* a text column needs record-level input */
    sc_input_spec spec = {.n = "n", .fail = "f", .texts = {"不合格项目"}, .ntexts = 1,
                          .on_text = sc_item_counts_on_record};
    sc_groups *g = sc_groups_new(0);
    sc_read_stats st = {0};
    const char *paths[] = {SC_TEST_DATA_DIR "/items-small.csv"};
    assert_int_equal(sc_records_read(&spec, paths, 1, g, &st, &err), SC_EINVAL);
    sc_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_default_separators),
        cmocka_unit_test(split_trims_and_drops_empty),
        cmocka_unit_test(split_custom_separators),
        cmocka_unit_test(aliases_lookup_conflicts_chains),
        cmocka_unit_test(aliases_read_file),
        cmocka_unit_test(counts_by_hand),
        cmocka_unit_test(table_overall_top),
        cmocka_unit_test(table_by_group_zh_exact),
        cmocka_unit_test(table_clean_groups_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
