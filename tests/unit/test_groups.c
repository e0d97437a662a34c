/* Tests of hash-grouped counting (spotcheck/groups.h).  Expected counts are
 * worked out by hand from the additions made in each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "groups_internal.h"
#include "spotcheck/groups.h"
#include "table_internal.h"

static sc_status add2(sc_groups *g, const char *a, const char *b, uint64_t n, uint64_t passed)
{
    const char *keys[] = {a, b};
    size_t lens[] = {strlen(a), strlen(b)};
    return sc_groups_add(g, keys, lens, n, passed);
}

static void counts_in_order_of_first_appearance(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_int_equal(add2(g, "浙江", "乳制品", 1, 1), SC_OK);
    assert_int_equal(add2(g, "江苏", "乳制品", 1, 0), SC_OK);
    assert_int_equal(add2(g, "浙江", "乳制品", 1, 1), SC_OK);
    assert_int_equal(add2(g, "浙江", "饮料", 10, 7), SC_OK);
    assert_int_equal(sc_groups_count(g), 3);
    assert_string_equal(sc_groups_key(g, 0, 0), "浙江");
    assert_string_equal(sc_groups_key(g, 0, 1), "乳制品");
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_int_equal(sc_groups_passed(g, 0), 2);
    assert_string_equal(sc_groups_key(g, 1, 0), "江苏");
    assert_int_equal(sc_groups_passed(g, 1), 0);
    assert_string_equal(sc_groups_key(g, 2, 1), "饮料");
    assert_int_equal(sc_groups_n(g, 2), 10);
    const char *keys[] = {"江苏", "乳制品"};
    size_t lens[] = {strlen(keys[0]), strlen(keys[1])};
    size_t index = 99;
    assert_true(sc_groups_find(g, keys, lens, &index));
    assert_int_equal(index, 1);
    keys[1] = "饮料";
    lens[1] = strlen(keys[1]);
    assert_false(sc_groups_find(g, keys, lens, &index));
    assert_int_equal(sc_groups_count(g), 3);
    sc_groups_free(g);
}

/* sc_groups_locate: found and not found told apart by *found, with keys
 * short (put together on the stack) and long (on the heap). */
static void locate_short_and_long_keys(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    char longer[2000];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(add2(g, "浙江", "乳制品", 3, 1), SC_OK);
    assert_int_equal(add2(g, "浙江", longer, 5, 4), SC_OK);
    const char *keys[] = {"浙江", longer};
    size_t lens[] = {strlen(keys[0]), strlen(keys[1])};
    size_t index = 99;
    bool found = false;
    assert_int_equal(sc_groups_locate(g, keys, lens, &index, &found), SC_OK);
    assert_true(found);
    assert_int_equal(index, 1);
    lens[1]--; /* a prefix of the long key is another key */
    assert_int_equal(sc_groups_locate(g, keys, lens, &index, &found), SC_OK);
    assert_false(found);
    keys[1] = "乳制品";
    lens[1] = strlen(keys[1]);
    assert_int_equal(sc_groups_locate(g, keys, lens, &index, &found), SC_OK);
    assert_true(found);
    assert_int_equal(index, 0);
    sc_groups_free(g);
}

static void key_parts_do_not_run_together(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    add2(g, "ab", "c", 1, 1);
    add2(g, "a", "bc", 1, 1);
    add2(g, "", "", 1, 0);
    assert_int_equal(sc_groups_count(g), 3);
    sc_groups_free(g);
}

static void many_groups_survive_rehashing(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(1);
    char key[32];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 100000; i++) {
            snprintf(key, sizeof key, "enterprise-%d", i);
            const char *keys[] = {key};
            size_t lens[] = {strlen(key)};
            assert_int_equal(sc_groups_add(g, keys, lens, 2, (uint64_t)(i % 3 == 0) * 2), SC_OK);
        }
    assert_int_equal(sc_groups_count(g), 100000);
    assert_string_equal(sc_groups_key(g, 12345, 0), "enterprise-12345");
    assert_int_equal(sc_groups_n(g, 12345), 6);
    assert_int_equal(sc_groups_passed(g, 12345), 6);  /* 12345 = 3 * 4115 */
    assert_int_equal(sc_groups_passed(g, 12346), 0);
    sc_groups_free(g);
}

/* sc_groups_absorb: a table with no groups takes another's whole (its own
 * key names stay, the other is left empty and usable); one with groups adds
 * the other's as sc_groups_merge does. */
static void absorb_takes_or_merges(void **state)
{
    (void)state;
    sc_groups *into = sc_groups_new(1), *from = sc_groups_new(1);
    assert_int_equal(sc_groups_set_key_name(into, 0, "企业"), SC_OK);
    char key[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(key, sizeof key, "k-%d", i % 2000);
        const char *keys[] = {key};
        size_t lens[] = {strlen(key)};
        assert_int_equal(sc_groups_add(from, keys, lens, 1, i % 2 == 0), SC_OK);
    }
    assert_int_equal(sc_groups_absorb(into, from), SC_OK);
    assert_int_equal(sc_groups_count(from), 0);
    assert_int_equal(sc_groups_count(into), 2000);
    assert_string_equal(sc_groups_key_name(into, 0), "企业");
    assert_string_equal(sc_groups_key(into, 1999, 0), "k-1999");
    assert_int_equal(sc_groups_n(into, 0), 2);      /* rows 0 and 2000 */
    assert_int_equal(sc_groups_passed(into, 0), 2);
    assert_int_equal(sc_groups_n(into, 1), 2);      /* rows 1 and 2001 */
    assert_int_equal(sc_groups_passed(into, 1), 0);
    size_t index;
    const char *k1[] = {"k-1500"};
    size_t l1[] = {6};
    assert_true(sc_groups_find(into, k1, l1, &index));
    assert_int_equal(index, 1500);
    /* the emptied table takes groups again, and is added to the other */
    const char *k2[] = {"k-7"}, *k3[] = {"new"};
    size_t l2[] = {3}, l3[] = {3};
    assert_int_equal(sc_groups_add(from, k3, l3, 5, 5), SC_OK);
    assert_int_equal(sc_groups_add(from, k2, l2, 1, 0), SC_OK);
    assert_false(sc_groups_find(from, k1, l1, &index));
    assert_int_equal(sc_groups_absorb(into, from), SC_OK);
    assert_int_equal(sc_groups_count(into), 2001);
    assert_string_equal(sc_groups_key(into, 2000, 0), "new");
    assert_int_equal(sc_groups_n(into, 2000), 5);
    assert_int_equal(sc_groups_n(into, 7), 3);
    sc_groups *other = sc_groups_new(2);
    assert_int_equal(sc_groups_absorb(other, from), SC_EINVAL); /* two key parts, not one */
    sc_groups_free(other);
    sc_groups_free(from);
    sc_groups_free(into);
}

/* Contract 5: a sealed table keeps its groups, counts and keys, refuses
 * additions and lookups, and may be merged from and projected. */
static void sealed_groups_read_but_take_nothing(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_int_equal(sc_groups_set_key_name(g, 0, "省份"), SC_OK);
    add2(g, "浙江", "食品", 3, 2);
    add2(g, "江苏", "食品", 1, 1);
    add2(g, "浙江", "食品", 1, 0);
    sc_groups_seal(g);
    assert_int_equal(sc_groups_count(g), 2);
    assert_string_equal(sc_groups_key(g, 1, 0), "江苏");
    assert_string_equal(sc_groups_key(g, 0, 1), "食品");
    assert_string_equal(sc_groups_key_name(g, 0), "省份");
    assert_int_equal(sc_groups_n(g, 0), 4);
    assert_int_equal(sc_groups_passed(g, 0), 2);
    assert_int_equal(add2(g, "浙江", "食品", 1, 1), SC_EINVAL);
    assert_int_equal(add2(g, "安徽", "食品", 1, 1), SC_EINVAL);
    const char *keys[] = {"浙江", "食品"};
    size_t lens[] = {strlen(keys[0]), strlen(keys[1])}, index;
    bool found = true;
    assert_int_equal(sc_groups_locate(g, keys, lens, &index, &found), SC_EINVAL);
    assert_false(found);
    assert_false(sc_groups_find(g, keys, lens, &index));
    assert_int_equal(sc_groups_append(g, keys, lens, 1, 1), SC_EINVAL);
    assert_int_equal(sc_groups_add_value(g, keys, lens, 2.5), SC_EINVAL);
    assert_int_equal(sc_groups_count(g), 2);
    assert_int_equal(sc_groups_n(g, 0), 4);
    /* merged from, and projected (new tables, with indexes) */
    sc_groups *into = sc_groups_new(2), *by_province;
    add2(into, "江苏", "食品", 2, 0);
    assert_int_equal(sc_groups_merge(into, g), SC_OK);
    assert_int_equal(sc_groups_n(into, 0), 3); /* 江苏: 2 + 1 */
    assert_int_equal(sc_groups_n(into, 1), 4);
    assert_int_equal(sc_groups_merge(g, into), SC_EINVAL); /* into a sealed one */
    size_t part = 0;
    assert_int_equal(sc_groups_project(g, &part, 1, SIZE_MAX, NULL, &by_province), SC_OK);
    assert_int_equal(sc_groups_count(by_province), 2);
    assert_true(sc_groups_find(by_province, keys, lens, &index));
    sc_groups_clear(g); /* emptied, still sealed */
    assert_int_equal(sc_groups_count(g), 0);
    assert_int_equal(add2(g, "浙江", "食品", 1, 1), SC_EINVAL);
    sc_groups_free(by_province);
    sc_groups_free(into);
    sc_groups_free(g);
}

/* An emptied table (sc_groups_clear) has no groups, finds none of the old
 * keys, keeps its key names, and takes groups (and value sums) afresh, in
 * their order of first appearance. */
static void clear_empties_and_keeps_names(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    assert_int_equal(sc_groups_set_key_name(g, 1, "省份"), SC_OK);
    char a[32], b[32];
    for (int i = 0; i < 5000; i++) { /* 4000 groups: an index of 8192 slots, half full */
        snprintf(a, sizeof a, "a%d", i % 4000);
        snprintf(b, sizeof b, "b%d", i % 4000 % 7);
        const char *keys[] = {a, b};
        size_t lens[] = {strlen(a), strlen(b)};
        assert_int_equal(sc_groups_add_value(g, keys, lens, 2.5), SC_OK);
    }
    sc_groups_clear(g);
    assert_int_equal(sc_groups_count(g), 0);
    const char *old[] = {"a1", "b1"}, *fresh[] = {"x", "a1"};
    size_t old_lens[] = {2, 2}, fresh_lens[] = {1, 2}, index;
    assert_false(sc_groups_find(g, old, old_lens, &index));
    assert_int_equal(sc_groups_add_value(g, fresh, fresh_lens, 4), SC_OK);
    assert_int_equal(sc_groups_add_value(g, old, old_lens, 1), SC_OK);
    assert_int_equal(sc_groups_add_value(g, fresh, fresh_lens, 4), SC_OK);
    assert_int_equal(sc_groups_count(g), 2);
    assert_string_equal(sc_groups_key(g, 0, 0), "x");
    assert_string_equal(sc_groups_key(g, 0, 1), "a1");
    assert_string_equal(sc_groups_key(g, 1, 0), "a1");
    assert_string_equal(sc_groups_key(g, 1, 1), "b1");
    assert_int_equal(sc_groups_n(g, 0), 2);
    assert_true(sc_groups_value_sum(g, 0) == 8);
    assert_true(sc_groups_value_sum(g, 1) == 1);
    assert_true(sc_groups_find(g, old, old_lens, &index));
    assert_int_equal(index, 1);
    assert_string_equal(sc_groups_key_name(g, 1), "省份");
    /* refilled with as many other keys, the index holds none of the old
       ones: each new key looks at a slot or two, not past the old keys */
    sc_groups_clear(g);
    for (int i = 0; i < 4000; i++) {
        snprintf(a, sizeof a, "c%d", i);
        const char *keys[] = {a, "b"};
        size_t lens[] = {strlen(a), 1};
        assert_int_equal(sc_groups_add(g, keys, lens, 1, 1), SC_OK);
    }
    assert_true(sc_groups_probes(g) < 2 * 4000);
    sc_groups_free(g);
}

/* A table that holds a group table's keys (sc_table_hold_text) points its
 * cells into them, uncopied; the cells keep their text when the groups are
 * emptied and refilled (over the same bytes, were they not held), add keys
 * (their arena then grows), and are freed before the table. */
static void held_keys_outlive_groups(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    char a[32], b[32];
    for (int i = 0; i < 100; i++) {
        snprintf(a, sizeof a, "省%d", i);
        snprintf(b, sizeof b, "类%d", i % 9);
        assert_int_equal(add2(g, a, b, 1, 1), SC_OK);
    }
    sc_table *t = sc_table_new();
    assert_int_equal(sc_table_add_column(t, "省份", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_add_column(t, "类别", NULL, SC_COL_STRING), SC_OK);
    assert_int_equal(sc_table_hold_text(t, sc_groups_key_text(g)), SC_OK);
    assert_int_equal(sc_table_hold_text(t, sc_groups_key_text(g)), SC_OK); /* once is kept */
    assert_int_equal(sc_table_hold_text(t, NULL), SC_OK);
    for (size_t i = 0; i < 100; i++) {
        assert_int_equal(sc_table_add_row(t, NULL), SC_OK);
        for (size_t k = 0; k < 2; k++)
            assert_int_equal(sc_table_set_held_string(t, i, k, sc_groups_key(g, i, k)), SC_OK);
        assert_ptr_equal(sc_table_get_string(t, i, 0), sc_groups_key(g, i, 0));
    }
    for (int round = 0; round < 3; round++) {
        if (round == 1) /* more keys: the arena grows */
            for (int i = 0; i < 5000; i++) {
                snprintf(a, sizeof a, "新%d", i);
                assert_int_equal(add2(g, a, "x", 1, 0), SC_OK);
            }
        if (round == 0) { /* emptied and refilled over the same bytes */
            sc_groups_clear(g);
            for (int i = 0; i < 100; i++) {
                snprintf(a, sizeof a, "空%d", i);
                assert_int_equal(add2(g, a, "y", 1, 0), SC_OK);
            }
            assert_string_equal(sc_groups_key(g, 99, 0), "空99");
        }
        if (round == 2)
            sc_groups_free(g);
        for (size_t i = 0; i < 100; i++) {
            snprintf(a, sizeof a, "省%zu", i);
            snprintf(b, sizeof b, "类%zu", i % 9);
            assert_string_equal(sc_table_get_string(t, i, 0), a);
            assert_string_equal(sc_table_get_string(t, i, 1), b);
        }
    }
    assert_int_equal(sc_table_set_held_string(t, 0, 1, NULL), SC_OK);
    assert_true(sc_table_is_missing(t, 0, 1));
    assert_int_equal(sc_table_set_held_string(t, 100, 0, "x"), SC_EINVAL); /* no row 100 */
    sc_table_free(t);
}

static void zero_keys_is_one_group(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(0);
    assert_int_equal(sc_groups_add(g, NULL, NULL, 5, 4), SC_OK);
    assert_int_equal(sc_groups_add(g, NULL, NULL, 3, 3), SC_OK);
    assert_int_equal(sc_groups_count(g), 1);
    assert_int_equal(sc_groups_n(g, 0), 8);
    assert_int_equal(sc_groups_passed(g, 0), 7);
    sc_groups_free(g);
}

static void bad_counts(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(0);
    assert_int_equal(sc_groups_add(g, NULL, NULL, 1, 2), SC_EINVAL);
    assert_int_equal(sc_groups_add(g, NULL, NULL, UINT64_MAX, 0), SC_OK);
    assert_int_equal(sc_groups_add(g, NULL, NULL, 1, 0), SC_EDATA);
    assert_int_equal(sc_groups_n(g, 0), UINT64_MAX);
    sc_groups_free(g);
}

static sc_status add1(sc_groups *g, const char *a, uint64_t n, uint64_t passed)
{
    size_t len = strlen(a);
    return sc_groups_add(g, &a, &len, n, passed);
}

static void merge_adds_counts(void **state)
{
    (void)state;
    sc_groups *a = sc_groups_new(2), *b = sc_groups_new(2), *c = sc_groups_new(1);
    add2(a, "x", "1", 4, 3);
    add2(b, "y", "1", 2, 2);
    add2(b, "x", "1", 6, 5);
    assert_int_equal(sc_groups_merge(a, b), SC_OK);
    assert_int_equal(sc_groups_count(a), 2);
    assert_int_equal(sc_groups_n(a, 0), 10);
    assert_int_equal(sc_groups_passed(a, 0), 8);
    assert_string_equal(sc_groups_key(a, 1, 0), "y");
    assert_int_equal(sc_groups_merge(a, c), SC_EINVAL);
    sc_groups_free(a);
    sc_groups_free(b);
    sc_groups_free(c);
}

/* Appended rows make a log: an entry each, a key repeated as often as it
 * came, which a merge adds up by key, in the order the keys first came. */
static void appended_rows_merge_by_key(void **state)
{
    (void)state;
    sc_groups *log = sc_groups_new(1), *into = sc_groups_new(1);
    const char *rows[] = {"b", "a", "b", "c", "a"};
    const uint64_t passed[] = {1, 0, 1, 1, 1};
    for (size_t i = 0; i < 5; i++) {
        size_t len = strlen(rows[i]);
        assert_int_equal(sc_groups_append(log, &rows[i], &len, 1, passed[i]), SC_OK);
    }
    assert_int_equal(sc_groups_count(log), 5);
    assert_string_equal(sc_groups_key(log, 2, 0), "b");
    add1(into, "c", 2, 0); /* a group into has already */
    assert_int_equal(sc_groups_merge(into, log), SC_OK);
    assert_int_equal(sc_groups_count(into), 3);
    assert_string_equal(sc_groups_key(into, 1, 0), "b");
    assert_string_equal(sc_groups_key(into, 2, 0), "a");
    assert_int_equal(sc_groups_n(into, 0), 3); /* c: 2 + 1 */
    assert_int_equal(sc_groups_passed(into, 0), 1);
    assert_int_equal(sc_groups_n(into, 1), 2); /* b, b */
    assert_int_equal(sc_groups_passed(into, 1), 2);
    assert_int_equal(sc_groups_n(into, 2), 2); /* a, a */
    assert_int_equal(sc_groups_passed(into, 2), 1);
    /* refused: more passed than batches, and groups with value sums */
    const char *x = "x";
    size_t one = 1;
    assert_int_equal(sc_groups_append(log, &x, &one, 1, 2), SC_EINVAL);
    assert_int_equal(sc_groups_add_value(into, &x, &one, 5), SC_OK);
    assert_int_equal(sc_groups_append(into, &x, &one, 1, 1), SC_EINVAL);
    assert_int_equal(sc_groups_count(log), 5);
    sc_groups_free(log);
    sc_groups_free(into);
}

/* Merging adds the value sums too: into groups that had none (a fresh table),
 * and groups of `from` new to `into` keep theirs. */
static void merge_adds_value_sums(void **state)
{
    (void)state;
    sc_groups *a = sc_groups_new(1), *b = sc_groups_new(1);
    const char *x = "x", *y = "y";
    size_t one = 1;
    assert_int_equal(sc_groups_add(a, &x, &one, 1, 1), SC_OK); /* no sums yet */
    assert_int_equal(sc_groups_add_value(b, &y, &one, 7), SC_OK);
    assert_int_equal(sc_groups_add_value(b, &x, &one, -3), SC_OK);
    assert_int_equal(sc_groups_add_value(b, &x, &one, 10), SC_OK);
    assert_int_equal(sc_groups_merge(a, b), SC_OK);
    assert_int_equal(sc_groups_count(a), 2);
    assert_int_equal(sc_groups_n(a, 0), 3);
    assert_true(sc_groups_value_sum(a, 0) == 7); /* 0 + (-3) + 10 */
    assert_true(sc_groups_value_sum(a, 1) == 7); /* y */
    assert_int_equal(sc_groups_merge(a, b), SC_OK); /* into sums that exist */
    assert_true(sc_groups_value_sum(a, 0) == 14);
    assert_true(sc_groups_value_sum(a, 1) == 14);
    sc_groups_free(a);
    sc_groups_free(b);
}

/* Value sums are kept beside the entries from the first sc_groups_add_value:
 * groups added before it sum to 0, and the sums grow with the groups. */
static void value_sums_start_late_and_grow(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(1);
    char name[16];
    for (int i = 0; i < 100; i++) { /* past the first 64 entries */
        snprintf(name, sizeof name, "g%d", i);
        const char *key = name;
        size_t len = strlen(name);
        assert_int_equal(sc_groups_add(g, &key, &len, 2, 1), SC_OK);
    }
    assert_true(sc_groups_value_sum(g, 7) == 0);
    for (int i = 0; i < 300; i += 3) { /* 34 old groups and 66 new ones */
        snprintf(name, sizeof name, "g%d", i);
        const char *key = name;
        size_t len = strlen(name);
        assert_int_equal(sc_groups_add_value(g, &key, &len, 0.25 * i), SC_OK);
        assert_int_equal(sc_groups_add_value(g, &key, &len, 1.5), SC_OK);
    }
    assert_int_equal(sc_groups_count(g), 100 + 66); /* g102, g105, ..., g297 */
    assert_true(sc_groups_value_sum(g, 3) == 0.75 + 1.5);
    assert_int_equal(sc_groups_n(g, 3), 4);
    assert_true(sc_groups_value_sum(g, 4) == 0);
    assert_int_equal(sc_groups_n(g, 4), 2);
    assert_true(sc_groups_value_sum(g, 100) == 0.25 * 102 + 1.5); /* "g102", the first new one */
    assert_string_equal(sc_groups_key(g, 100, 0), "g102");
    assert_int_equal(sc_groups_n(g, 100), 2);
    assert_true(sc_groups_value_sum(g, sc_groups_count(g) - 1) == 0.25 * 297 + 1.5);
    sc_groups_free(g);
}

static void enterprises_pass_when_all_batches_pass(void **state)
{
    (void)state;
    sc_groups *fine = sc_groups_new(2);
    /* 浙江: A passes 2 of 2, B passes 1 of 2, C passes 1 of 1 -> 2 of 3 enterprises
     * 江苏: D passes 0 of 1 -> 0 of 1; E has an aggregated row with n = 0 */
    add2(fine, "浙江", "A", 1, 1);
    add2(fine, "浙江", "B", 1, 1);
    add2(fine, "江苏", "D", 1, 0);
    add2(fine, "浙江", "A", 1, 1);
    add2(fine, "浙江", "B", 1, 0);
    add2(fine, "浙江", "C", 1, 1);
    add2(fine, "江苏", "E", 0, 0);
    sc_groups *units;
    assert_int_equal(sc_groups_rollup_units(fine, 1, &units), SC_OK);
    assert_int_equal(sc_groups_count(units), 2);
    assert_string_equal(sc_groups_key(units, 0, 0), "浙江");
    assert_int_equal(sc_groups_n(units, 0), 3);
    assert_int_equal(sc_groups_passed(units, 0), 2);
    assert_int_equal(sc_groups_n(units, 1), 1);
    assert_int_equal(sc_groups_passed(units, 1), 0);
    sc_groups_free(units);
    assert_int_equal(sc_groups_rollup_units(fine, 0, &units), SC_OK);
    assert_int_equal(sc_groups_n(units, 0), 4);
    assert_int_equal(sc_groups_passed(units, 0), 2);
    sc_groups_free(units);
    assert_int_equal(sc_groups_rollup_units(fine, 2, &units), SC_EINVAL);
    sc_groups_free(fine);
    sc_groups_free(NULL);
}

/* Rolled up by hand: (region, quarter, size) -> (quarter, region) and one quarter. */
static void project_sums_and_filters(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(3);
    assert_non_null(g);
    assert_int_equal(sc_groups_set_key_name(g, 0, "地区"), SC_OK);
    assert_int_equal(sc_groups_set_key_name(g, 1, "季度"), SC_OK);
    const char *rows[][3] = {{"甲", "2024Q3", "大"}, {"乙", "2024Q3", "大"}, {"甲", "2024Q3", "小"},
                             {"甲", "2024Q2", "大"}, {"乙", "2024Q3", "小"}};
    const uint64_t n[] = {10, 20, 30, 40, 50}, passed[] = {9, 18, 27, 36, 45};
    for (size_t i = 0; i < 5; i++) {
        size_t lens[3] = {strlen(rows[i][0]), strlen(rows[i][1]), strlen(rows[i][2])};
        assert_int_equal(sc_groups_add(g, rows[i], lens, n[i], passed[i]), SC_OK);
    }
    sc_groups *p;
    const size_t parts[] = {1, 0};
    assert_int_equal(sc_groups_project(g, parts, 2, SC_KEY_PARTS_MAX, NULL, &p), SC_OK);
    assert_int_equal(sc_groups_count(p), 3);
    assert_string_equal(sc_groups_key_name(p, 0), "季度");
    assert_string_equal(sc_groups_key(p, 0, 0), "2024Q3");
    assert_string_equal(sc_groups_key(p, 0, 1), "甲");
    assert_int_equal(sc_groups_n(p, 0), 40); /* 10 + 30 */
    assert_int_equal(sc_groups_passed(p, 0), 36);
    assert_int_equal(sc_groups_n(p, 1), 70); /* 乙: 20 + 50 */
    assert_int_equal(sc_groups_n(p, 2), 40); /* 甲 in 2024Q2 */
    sc_groups_free(p);
    /* one quarter, no key parts: the total */
    assert_int_equal(sc_groups_project(g, NULL, 0, 1, "2024Q3", &p), SC_OK);
    assert_int_equal(sc_groups_count(p), 1);
    assert_int_equal(sc_groups_n(p, 0), 110);
    assert_int_equal(sc_groups_passed(p, 0), 99);
    sc_groups_free(p);
    const size_t twice[] = {0, 0}, beyond[] = {3};
    assert_int_equal(sc_groups_project(g, twice, 2, SC_KEY_PARTS_MAX, NULL, &p), SC_EINVAL);
    assert_null(p);
    assert_int_equal(sc_groups_project(g, beyond, 1, SC_KEY_PARTS_MAX, NULL, &p), SC_EINVAL);
    assert_int_equal(sc_groups_project(g, parts, 2, 1, NULL, &p), SC_EINVAL);
    sc_groups_free(g);
}

/* The hash the index used before it was keyed (64-bit FNV-1a with
 * splitmix64's finaliser): the attacker's model, to craft colliding keys. */
static uint64_t unkeyed_hash(const char *s, size_t len)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    h ^= h >> 30;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 27;
    h *= UINT64_C(0x94d049bb133111eb);
    h ^= h >> 31;
    return h;
}

/* Hash flooding: 1500 group names whose unkeyed hash has its low 12 bits zero
 * all land in slot 0 of every index up to 4096 slots, so under that hash the
 * i-th new key looked at about i slots (about 1.1 million in all).  Under the
 * keyed hash they are ordinary keys: at most half full, linear probing looks
 * at about 1.5 slots per new key on average (Knuth, TAOCP 6.4); 4 per key is
 * a generous bound that the quadratic behaviour exceeds 180 times. */
static void crafted_colliding_keys_stay_linear(void **state)
{
    (void)state;
    enum { KEYS = 1500 };
    static char names[KEYS][24];
    size_t found = 0;
    for (unsigned long long candidate = 0; found < KEYS; candidate++) {
        char key[24];
        int len = snprintf(key, sizeof key, "企%llx", candidate);
        /* the key as the index sees it: one part followed by its NUL */
        if ((unkeyed_hash(key, (size_t)len + 1) & 0xFFF) == 0)
            memcpy(names[found++], key, (size_t)len + 1);
    }
    sc_groups *g = sc_groups_new(1);
    for (size_t i = 0; i < KEYS; i++) {
        const char *keys[] = {names[i]};
        size_t lens[] = {strlen(names[i])};
        assert_int_equal(sc_groups_add(g, keys, lens, 1, 1), SC_OK);
    }
    assert_int_equal(sc_groups_count(g), KEYS);
    assert_true(sc_groups_probes(g) < 4 * KEYS);
    /* and every key is still found */
    for (size_t i = 0; i < KEYS; i++) {
        const char *keys[] = {names[i]};
        size_t lens[] = {strlen(names[i])}, at;
        assert_true(sc_groups_find(g, keys, lens, &at));
        assert_int_equal(at, i);
    }
    sc_groups_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_in_order_of_first_appearance),
        cmocka_unit_test(project_sums_and_filters),
        cmocka_unit_test(locate_short_and_long_keys),
        cmocka_unit_test(key_parts_do_not_run_together),
        cmocka_unit_test(many_groups_survive_rehashing),
        cmocka_unit_test(absorb_takes_or_merges),
        cmocka_unit_test(sealed_groups_read_but_take_nothing),
        cmocka_unit_test(clear_empties_and_keeps_names),
        cmocka_unit_test(held_keys_outlive_groups),
        cmocka_unit_test(zero_keys_is_one_group),
        cmocka_unit_test(bad_counts),
        cmocka_unit_test(merge_adds_counts),
        cmocka_unit_test(appended_rows_merge_by_key),
        cmocka_unit_test(merge_adds_value_sums),
        cmocka_unit_test(value_sums_start_late_and_grow),
        cmocka_unit_test(enterprises_pass_when_all_batches_pass),
        cmocka_unit_test(crafted_colliding_keys_stay_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
