/* Unit tests: inspectors for a draw (src/lib/draw_inspectors.c, contract D10 of
 * include/spotcheck/draw.h), a property test over many seeded random cases: every
 * assignment keeps the region and conflict constraints, gives each unit per_visit
 * different inspectors, counts the loads right, leaves no single move that would even
 * the loads, does not depend on the order of the inspectors, and a unit with too few
 * eligible inspectors is the error naming it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spotcheck/draw.h"

/* the cases' own generator (splitmix64), seeded: the same cases on every run */
static uint64_t state64 = 20241203;

static uint64_t next64(void)
{
    uint64_t z = (state64 += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t below(size_t n)
{
    return (size_t)(next64() % n);
}

#define MAX_IN 12
#define MAX_UNITS 40
static const char *const region_names[] = {"城关镇", "河西乡", "山南乡", "东坝镇", ""};

typedef struct random_case {
    sc_inspectors in;
    char *ids[MAX_IN], *regions[MAX_IN], **conflicts[MAX_IN];
    size_t nconflicts[MAX_IN];
    unsigned long long lines[MAX_IN];
    char unit_ids[MAX_UNITS][8];
    sc_visit_unit units[MAX_UNITS];
    size_t nunits, per_visit;
} random_case;

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void make_case(random_case *c)
{
    memset(c, 0, sizeof *c);
    size_t n = 2 + below(MAX_IN - 1);
    c->nunits = below(MAX_UNITS + 1);
    c->per_visit = 1 + below(n < 3 ? n : 3);
    for (size_t u = 0; u < c->nunits; u++) {
        snprintf(c->unit_ids[u], sizeof c->unit_ids[u], "QY%03u", (unsigned)(u + 1) % 1000);
        c->units[u] = (sc_visit_unit){.id = c->unit_ids[u],
                                      .region = region_names[below(5)],
                                      .line = u + 2};
    }
    for (size_t i = 0; i < n; i++) {
        char id[8];
        snprintf(id, sizeof id, "J%02u", (unsigned)(i + 1) % 100);
        c->ids[i] = strdup(id);
        c->regions[i] = strdup(region_names[below(5)]);
        size_t k = below(4);
        c->conflicts[i] = calloc(k + 1, sizeof(char *));
        for (size_t j = 0; j < k && c->nunits; j++) {
            char *cid = c->unit_ids[below(c->nunits)];
            bool dup = false;
            for (size_t q = 0; q < c->nconflicts[i]; q++)
                dup = dup || strcmp(c->conflicts[i][q], cid) == 0;
            if (!dup)
                c->conflicts[i][c->nconflicts[i]++] = strdup(cid);
        }
        qsort(c->conflicts[i], c->nconflicts[i], sizeof(char *), compare_strings);
        c->lines[i] = i + 2;
    }
    c->in = (sc_inspectors){.file = "inspectors.csv", .count = n, .ids = c->ids,
                            .regions = c->regions, .nconflicts = c->nconflicts,
                            .conflicts = c->conflicts, .lines = c->lines, .has_region = true};
}

static void free_case(random_case *c)
{
    for (size_t i = 0; i < c->in.count; i++) {
        free(c->ids[i]);
        free(c->regions[i]);
        for (size_t k = 0; k < c->nconflicts[i]; k++)
            free(c->conflicts[i][k]);
        free(c->conflicts[i]);
    }
}

static bool may_visit(const random_case *c, size_t i, size_t u)
{
    if (c->regions[i][0] && strcmp(c->regions[i], c->units[u].region) == 0)
        return false;
    for (size_t k = 0; k < c->nconflicts[i]; k++)
        if (strcmp(c->conflicts[i][k], c->units[u].id) == 0)
            return false;
    return true;
}

static void test_property(void **state)
{
    (void)state;
    size_t feasible = 0, infeasible = 0;
    for (int round = 0; round < 2000; round++) {
        random_case c;
        make_case(&c);
        size_t n = c.in.count, pv = c.per_visit;
        size_t assigned[MAX_UNITS * 3 + 1];
        uint64_t load[MAX_IN];
        sc_error err;
        char seed[32];
        snprintf(seed, sizeof seed, "seed-%d", round);
        /* feasible exactly when every unit has per_visit eligible inspectors */
        size_t short_unit = SIZE_MAX;
        for (size_t u = 0; u < c.nunits && short_unit == SIZE_MAX; u++) {
            size_t e = 0;
            for (size_t i = 0; i < n; i++)
                e += may_visit(&c, i, u);
            if (e < pv)
                short_unit = u;
        }
        sc_status s = sc_draw_assign(seed, strlen(seed), &c.in, c.units, c.nunits, pv,
                                     "register.csv", assigned, load, &err);
        if (short_unit != SIZE_MAX) {
            assert_int_equal(s, SC_EDATA);
            assert_non_null(strstr(err.message, "enterprise \"QY"));
            infeasible++;
            free_case(&c);
            continue;
        }
        assert_int_equal(s, SC_OK);
        feasible++;
        uint64_t count[MAX_IN] = {0}, total = 0;
        for (size_t u = 0; u < c.nunits; u++)
            for (size_t k = 0; k < pv; k++) {
                size_t i = assigned[u * pv + k];
                assert_true(i < n);
                assert_true(may_visit(&c, i, u));                       /* constraints */
                if (k > 0) /* different inspectors, in id order */
                    assert_true(strcmp(c.ids[assigned[u * pv + k - 1]], c.ids[i]) < 0);
                count[i]++;
            }
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(count[i], load[i]);
            total += load[i];
        }
        assert_int_equal(total, c.nunits * pv);
        /* no single move from an inspector to one of 2 or more fewer visits */
        for (size_t u = 0; u < c.nunits; u++)
            for (size_t k = 0; k < pv; k++) {
                size_t a = assigned[u * pv + k];
                for (size_t b = 0; b < n; b++) {
                    bool has_b = false;
                    for (size_t q = 0; q < pv; q++)
                        has_b = has_b || assigned[u * pv + q] == b;
                    if (!has_b && may_visit(&c, b, u))
                        assert_true(load[b] + 2 > load[a]);
                }
            }
        /* the same with the inspectors in reverse order: by id, the same assignment */
        random_case r = c;
        for (size_t i = 0; i < n; i++) {
            r.ids[i] = c.ids[n - 1 - i];
            r.regions[i] = c.regions[n - 1 - i];
            r.conflicts[i] = c.conflicts[n - 1 - i];
            r.nconflicts[i] = c.nconflicts[n - 1 - i];
        }
        r.in.ids = r.ids;
        r.in.regions = r.regions;
        r.in.conflicts = r.conflicts;
        r.in.nconflicts = r.nconflicts;
        size_t again[MAX_UNITS * 3 + 1];
        uint64_t load2[MAX_IN];
        assert_int_equal(sc_draw_assign(seed, strlen(seed), &r.in, c.units, c.nunits, pv,
                                        "register.csv", again, load2, &err),
                         SC_OK);
        for (size_t x = 0; x < c.nunits * pv; x++)
            assert_string_equal(r.ids[again[x]], c.ids[assigned[x]]);
        free_case(&c);
    }
    /* both kinds occurred often enough to mean something */
    assert_true(feasible > 500);
    assert_true(infeasible > 100);
}

/* three units, each of which two of the three inspectors may visit (not the one of its
 * region): for every seed the loads come out one each, and a unit with fewer eligible
 * inspectors than per_visit is the error naming it */
static void test_chain(void **state)
{
    (void)state;
    char *ids[3] = {"J1", "J2", "J3"}, *regions[3] = {"y", "x", ""};
    char *none[1] = {NULL};
    char **conflicts[3] = {none, none, none};
    size_t nconflicts[3] = {0, 0, 0};
    unsigned long long lines[3] = {2, 3, 4};
    sc_inspectors in = {.file = "i.csv", .count = 3, .ids = ids, .regions = regions,
                        .nconflicts = nconflicts, .conflicts = conflicts, .lines = lines,
                        .has_region = true};
    sc_visit_unit units[3] = {{"A", "x", 2}, {"B", "y", 3}, {"C", "x", 4}};
    size_t assigned[3];
    uint64_t load[3];
    sc_error err;
    for (int seed = 0; seed < 50; seed++) {
        char text[16];
        snprintf(text, sizeof text, "%d", seed);
        assert_int_equal(sc_draw_assign(text, strlen(text), &in, units, 3, 1, "r.csv", assigned,
                                        load, &err),
                         SC_OK);
        assert_int_equal(load[0], 1);
        assert_int_equal(load[1], 1);
        assert_int_equal(load[2], 1);
    }
    /* per_visit 3 for a unit of region x: only 2 may go */
    assert_int_equal(sc_draw_assign("1", 1, &in, units, 1, 3, "r.csv", assigned, load, &err),
                     SC_EDATA);
    assert_string_equal(err.message, "enterprise \"A\": 2 of the 3 inspectors may visit it (the "
                                     "others share its region or list it as a conflict), 3 "
                                     "needed per visit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_property),
        cmocka_unit_test(test_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
