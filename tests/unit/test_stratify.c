/* Unit tests: stratified rates and the Mantel-Haenszel statistics
 * (src/lib/stratify.c, contract T1-T4 and M1-M6 of
 * include/spotcheck/stratify.h), the population file (P1-P3), the
 * population column (P4) and the
 * analysis calls built on them (src/lib/analysis_stratify.c).
 * Expected values: R 4.2 with the survey package and mantelhaen.test, from
 * scripts/ref-strata.R (printed to 17 digits).  Tolerance: 1e-9 relative
 * (REL_TOL); counts exact.
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

#include "relerr.h"
#include "spotcheck/analysis.h"
#include "spotcheck/stratify.h"

/* ref-strata.R "T1 sizes": N 318 918 5310 3002, n 40 60 120 80, x 39 57 112 73 */
static const sc_stratum_sample sizes[] = {
    {318, 40, 39}, {918, 60, 57}, {5310, 120, 112}, {3002, 80, 73}};

static void test_stratified_rate_survey(void **state)
{
    (void)state;
    sc_stratified_rate r;
    sc_error err;
    assert_int_equal(sc_stratified_rate_compute(sizes, 4, 0.95, &r, &err), SC_OK);
    /* svymean, svyciprop(method = "logit"), degf, deff */
    assert_rel(r.rate, 0.929773250942605767, REL_TOL);
    assert_rel(r.se, 0.016213409959511774, REL_TOL);
    assert_rel(r.lower, 0.890370786783663215, REL_TOL);
    assert_rel(r.upper, 0.955718177673494651, REL_TOL);
    assert_rel(r.df, 296, 0);
    assert_rel(r.deff, 1.242810442315176678, REL_TOL);
    assert_true(r.n == 300 && r.x == 281 && r.population == 9548);
}

static void test_stratified_rate_unqualified_level(void **state)
{
    (void)state;
    sc_stratum_sample fail[4];
    for (size_t h = 0; h < 4; h++)
        fail[h] = (sc_stratum_sample){sizes[h].population, sizes[h].n, sizes[h].n - sizes[h].x};
    sc_stratified_rate r;
    sc_error err;
    assert_int_equal(sc_stratified_rate_compute(fail, 4, 0.9, &r, &err), SC_OK);
    assert_rel(r.rate, 0.070226749057394219, REL_TOL);
    assert_rel(r.se, 0.016213409959511770, REL_TOL);
    assert_rel(r.lower, 0.047746392554291944, REL_TOL);
    assert_rel(r.upper, 0.102156021391432011, REL_TOL);
    assert_rel(r.deff, 1.242810442315176234, REL_TOL);
}

static void test_stratified_rate_census_stratum(void **state)
{
    (void)state;
    /* T1: a stratum taken whole (n = N = 12) adds no variance */
    const sc_stratum_sample s[] = {{12, 12, 11}, {400, 30, 27}, {900, 45, 40}};
    sc_stratified_rate r;
    sc_error err;
    assert_int_equal(sc_stratified_rate_compute(s, 3, 0.95, &r, &err), SC_OK);
    assert_rel(r.rate, 0.892530487804877981, REL_TOL);
    assert_rel(r.se, 0.035640940499758064, REL_TOL);
    assert_rel(r.lower, 0.798660832675838650, REL_TOL);
    assert_rel(r.upper, 0.945615737284888347, REL_TOL);
    assert_rel(r.df, 84, 0);
    assert_rel(r.deff, 1.219793097463425680, REL_TOL);
}

static void test_stratified_rate_edges(void **state)
{
    (void)state;
    sc_stratified_rate r;
    sc_error err;
    /* T2: all passed: no logit interval */
    const sc_stratum_sample all[] = {{100, 10, 10}, {200, 20, 20}};
    assert_int_equal(sc_stratified_rate_compute(all, 2, 0.95, &r, &err), SC_OK);
    assert_rel(r.rate, 1, 0);
    assert_true(isnan(r.lower) && isnan(r.upper));
    /* T4 */
    const sc_stratum_sample none[] = {{100, 0, 0}};
    assert_int_equal(sc_stratified_rate_compute(none, 1, 0.95, &r, &err), SC_EINVAL);
    const sc_stratum_sample one[] = {{100, 1, 1}, {100, 10, 9}};
    assert_int_equal(sc_stratified_rate_compute(one, 2, 0.95, &r, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "sample of 1"));
    const sc_stratum_sample small[] = {{5, 10, 9}};
    assert_int_equal(sc_stratified_rate_compute(small, 1, 0.95, &r, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "smaller"));
    assert_int_equal(sc_stratified_rate_compute(sizes, 0, 0.95, &r, &err), SC_EINVAL);
    /* invariants: nested intervals as the level rises */
    sc_stratified_rate r90, r99;
    assert_int_equal(sc_stratified_rate_compute(sizes, 4, 0.90, &r90, &err), SC_OK);
    assert_int_equal(sc_stratified_rate_compute(sizes, 4, 0.99, &r99, &err), SC_OK);
    assert_true(r99.lower < r90.lower && r90.lower < r90.rate && r90.rate < r90.upper &&
                r90.upper < r99.upper);
}

/* ref-strata.R "M": a 45/50 30/40 80/100, c 40/50 33/50 70/90 */
static sc_stratum_pair pairs[] = {
    {45, 50, 40, 50, NAN}, {30, 40, 33, 50, NAN}, {80, 100, 70, 90, NAN}};

static void test_mh_against_mantelhaen(void **state)
{
    (void)state;
    sc_mh_result r;
    sc_error err;
    assert_int_equal(sc_mh_compute(pairs, 3, 0.95, false, &r, &err), SC_OK);
    assert_int_equal(r.strata_used, 3);
    /* M2: mantelhaen.test(correct = FALSE)$estimate, $conf.int */
    assert_rel(r.odds_ratio, 1.42597577388963659, REL_TOL);
    assert_rel(r.or_lower, 0.86658037823048251, REL_TOL);
    assert_rel(r.or_upper, 2.34647236286641014, REL_TOL);
    /* M4 */
    assert_rel(r.cmh_statistic, 1.94481124670370975, REL_TOL);
    assert_rel(r.cmh_p_value, 0.16314708730786601, REL_TOL);
    /* M3: Sato's variance written out in R */
    assert_rel(r.diff, 0.058701700154559514, REL_TOL);
    assert_rel(r.diff_se, 0.041837091386090534, REL_TOL);
    assert_rel(r.diff_lower, -0.023297492180088850, REL_TOL);
    assert_rel(r.diff_upper, 0.140700892489207863, REL_TOL);
    /* M5: Breslow-Day with Tarone's correction, expected counts by uniroot */
    assert_rel(r.bd_statistic, 1.02207652573159224, 1e-9);
    assert_rel(r.bd_df, 2, 0);
    assert_rel(r.bd_p_value, 0.59987243010377134, REL_TOL);
    /* M6: the pooled mix */
    assert_rel(r.std_rate1, 0.814473684210526350, REL_TOL);
    assert_rel(r.std_lower1, 0.759469006126045176, REL_TOL);
    assert_rel(r.std_upper1, 0.869478362295007523, REL_TOL);
    assert_rel(r.std_rate2, 0.755730994152046698, REL_TOL);
    assert_rel(r.std_lower2, 0.695210712220695748, REL_TOL);
    assert_rel(r.std_upper2, 0.816251276083397648, REL_TOL);
    assert_rel(r.std_diff, 0.058742690058479652, REL_TOL);
    assert_rel(r.std_diff_lower, -0.023038842919495317, REL_TOL);
    assert_rel(r.std_diff_upper, 0.140524223036454621, REL_TOL);
}

static void test_mh_correct_and_standard(void **state)
{
    (void)state;
    sc_stratum_pair s[3];
    memcpy(s, pairs, sizeof s);
    s[0].standard = 1000, s[1].standard = 3000, s[2].standard = 6000;
    sc_mh_result r;
    sc_error err;
    assert_int_equal(sc_mh_compute(s, 3, 0.95, true, &r, &err), SC_OK);
    /* M4: mantelhaen.test(correct = TRUE) */
    assert_rel(r.cmh_statistic, 1.61033044627222122, REL_TOL);
    assert_rel(r.cmh_p_value, 0.20444535776472805, REL_TOL);
    /* M6 with the standard 1000, 3000, 6000 */
    assert_rel(r.std_rate1, 0.794999999999999929, REL_TOL);
    assert_rel(r.std_lower1, 0.732530471592362287, REL_TOL);
    assert_rel(r.std_rate2, 0.744666666666666699, REL_TOL);
    assert_rel(r.std_upper2, 0.810472381550142229, REL_TOL);
    assert_rel(r.std_diff, 0.050333333333333230, 1e-9);
    assert_rel(r.std_diff_lower, -0.040401632863816511, REL_TOL);
    assert_rel(r.std_diff_upper, 0.141068299530482971, REL_TOL);
    /* the MH figures do not depend on the standard */
    assert_rel(r.odds_ratio, 1.42597577388963659, REL_TOL);
}

static void test_mh_edges(void **state)
{
    (void)state;
    sc_mh_result r;
    sc_error err;
    /* M1: a stratum with one group only is left out */
    sc_stratum_pair s[4];
    memcpy(s, pairs, sizeof pairs);
    s[3] = (sc_stratum_pair){5, 9, 0, 0, NAN};
    assert_int_equal(sc_mh_compute(s, 4, 0.95, false, &r, &err), SC_OK);
    assert_int_equal(r.strata_used, 3);
    assert_rel(r.odds_ratio, 1.42597577388963659, REL_TOL);
    /* no stratum with both groups */
    sc_stratum_pair lone[] = {{5, 9, 0, 0, NAN}, {0, 0, 3, 4, NAN}};
    assert_int_equal(sc_mh_compute(lone, 2, 0.95, false, &r, &err), SC_EDATA);
    /* every unit counted in group 2: OR 0, no interval, no Breslow-Day */
    sc_stratum_pair zero[] = {{0, 10, 10, 10, NAN}, {0, 8, 9, 9, NAN}};
    assert_int_equal(sc_mh_compute(zero, 2, 0.95, false, &r, &err), SC_OK);
    assert_rel(r.odds_ratio, 0, 0);
    assert_true(isnan(r.or_lower) && isnan(r.bd_statistic));
}

static void test_cmh_general(void **state)
{
    (void)state;
    /* three groups over the three strata; mantelhaen.test on 3 x 2 x 3 */
    const uint64_t x[] = {45, 30, 80, 40, 33, 70, 20, 25, 60};
    const uint64_t n[] = {50, 40, 100, 50, 50, 90, 25, 30, 70};
    double stat, df, p;
    sc_error err;
    assert_int_equal(sc_cmh_general(x, n, 3, 3, &stat, &df, &p, &err), SC_OK);
    assert_rel(stat, 4.05013152167956925, REL_TOL);
    assert_rel(df, 2, 0);
    assert_rel(p, 0.13198516344725242, REL_TOL);
    /* two groups: the uncorrected CMH test */
    assert_int_equal(sc_cmh_general(x, n, 2, 3, &stat, &df, &p, &err), SC_OK);
    assert_rel(stat, 1.94481124670370975, REL_TOL);
    /* a group without units: singular */
    const uint64_t n0[] = {50, 40, 100, 0, 0, 0};
    const uint64_t x0[] = {45, 30, 80, 0, 0, 0};
    assert_int_equal(sc_cmh_general(x0, n0, 2, 3, &stat, &df, &p, &err), SC_EDOMAIN);
}

static void add(sc_groups *g, const char *a, const char *b, uint64_t n, uint64_t passed)
{
    const char *keys[] = {a, b};
    size_t lens[] = {strlen(a), strlen(b)};
    assert_int_equal(sc_groups_add(g, keys, lens, n, passed), SC_OK);
}

static void test_adjusted_compare_group_against_rest(void **state)
{
    (void)state;
    sc_groups *g = sc_groups_new(2);
    const char *groups[] = {"A", "B", "C"}, *strata[] = {"甲", "乙", "丙"};
    const uint64_t x[] = {45, 30, 80, 40, 33, 70, 20, 25, 60};
    const uint64_t n[] = {50, 40, 100, 50, 50, 90, 25, 30, 70};
    for (size_t i = 0; i < 9; i++)
        add(g, groups[i / 3], strata[i % 3], n[i], x[i]);
    sc_adjust_opts o;
    sc_adjust_opts_init(&o);
    o.nstrata = 1;
    sc_adjusted_compare_result r;
    sc_error err;
    assert_int_equal(sc_adjusted_compare_tables(g, &o, &r, &err), SC_OK);
    assert_int_equal(sc_table_rows(r.groups), 3);
    /* group C against A and B together: mantelhaen.test(correct = FALSE) */
    assert_rel(sc_table_get_double(r.groups, 2, r.cols.mh_odds_ratio), 1.46306864503505607,
               REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 2, r.cols.mh_or_lower), 0.85626681783543745,
               REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 2, r.cols.mh_or_upper), 2.49988650207872753,
               REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 2, r.cols.cmh_statistic), 1.97240958852410975,
               REL_TOL);
    assert_rel(sc_table_get_double(r.groups, 2, r.cols.cmh_p_value), 0.16019232986172785,
               REL_TOL);
    assert_rel(sc_table_get_double(r.tests, 0, 1), 4.05013152167956925, REL_TOL);
    sc_adjusted_compare_result_free(&r);
    sc_groups_free(g);
}

/* Writes `text` to a temporary file; returns its path (static). */
static const char *temp_file(const char *text)
{
    static char path[] = "/tmp/sc-stratify-XXXXXX";
    strcpy(path, "/tmp/sc-stratify-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_strata_rate_table(void **state)
{
    (void)state;
    const char *path = temp_file("stratum,population,rate\n大型,318,98%\n中型,918,\n"
                                 "小型,5310,\n微型,3002,\n");
    const char *names[] = {"规模"};
    sc_population *pop;
    sc_error err;
    sc_csv_opts csv = {0};
    assert_int_equal(sc_population_read(path, &csv, names, 0, 1, &pop, &err), SC_OK);
    sc_groups *g = sc_groups_new(1);
    const char *strata[] = {"大型", "中型", "小型", "微型"};
    for (size_t h = 0; h < 4; h++) {
        size_t len = strlen(strata[h]);
        assert_int_equal(sc_groups_add(g, &strata[h], &len, sizes[h].n, sizes[h].x), SC_OK);
    }
    sc_strata_rate_opts o;
    sc_strata_rate_opts_init(&o);
    o.nstrata = 1;
    o.population = pop;
    sc_table *t;
    sc_strata_rate_columns c;
    assert_int_equal(sc_strata_rate_table(g, &o, &t, &c, &err), SC_OK);
    assert_int_equal(sc_table_rows(t), 1);
    assert_rel(sc_table_get_double(t, 0, c.rate), 0.929773250942605767, REL_TOL);
    assert_rel(sc_table_get_double(t, 0, c.lower), 0.890370786783663215, REL_TOL);
    assert_int_equal(sc_table_get_count(t, 0, c.population), 9548);
    sc_table_free(t);
    /* contract 2: a population below the sample names the file's line */
    sc_population_free(pop);
    unlink(path);
    path = temp_file("规模,population\n大型,30\n中型,918\n小型,5310\n微型,3002\n");
    assert_int_equal(sc_population_read(path, &csv, names, 0, 1, &pop, &err), SC_OK);
    o.population = pop;
    assert_int_equal(sc_strata_rate_table(g, &o, &t, &c, &err), SC_EDATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "smaller than the 40 batches"));
    sc_population_free(pop);
    unlink(path);
    /* P1: an unknown column; P2: a bad population, a stratum twice */
    path = temp_file("stratum,populaton\n大型,30\n");
    assert_int_equal(sc_population_read(path, &csv, names, 0, 1, &pop, &err), SC_EDATA);
    assert_non_null(strstr(err.message, "populaton"));
    unlink(path);
    path = temp_file("stratum,population\n大型,3x\n");
    assert_int_equal(sc_population_read(path, &csv, names, 0, 1, &pop, &err), SC_EDATA);
    assert_int_equal(err.line, 2);
    unlink(path);
    path = temp_file("stratum,population\n大型,3\n大型,4\n");
    assert_int_equal(sc_population_read(path, &csv, names, 0, 1, &pop, &err), SC_EDATA);
    assert_non_null(strstr(err.message, "line 2"));
    unlink(path);
    sc_groups_free(g);
}

/* One record's cell for sc_population_on_cell: key (区, 规模), the cell,
 * at file:line. */
static sc_status give_cell(sc_population *pop, const char *area, const char *size,
                           const char *text, const char *file, unsigned long long line,
                           sc_error *err)
{
    const char *keys[] = {area, size};
    size_t lens[] = {strlen(area), strlen(size)};
    sc_record_cell cell = {.keys = keys, .lens = lens, .nkeys = 2, .text = text,
                           .len = strlen(text), .file = file, .line = line, .column = "总数"};
    sc_error_clear(err);
    return sc_population_on_cell(pop, &cell, err);
}

/* P4: the column form makes the population that a file keyed by every part
 * makes (P1-P3), and refuses a bad or differing cell at its place. */
static void test_population_column(void **state)
{
    (void)state;
    sc_population *pop, *file;
    sc_error err;
    assert_int_equal(sc_population_new_column("总数", 1, 1, &pop, &err), SC_OK);
    assert_int_equal(give_cell(pop, "东区", "大", "318", "a.csv", 2, &err), SC_OK);
    assert_int_equal(give_cell(pop, "东区", "小", "918", "a.csv", 3, &err), SC_OK);
    assert_int_equal(give_cell(pop, "东区", "大", "318", "a.csv", 4, &err), SC_OK);
    assert_int_equal(give_cell(pop, "西区", "大", "5310", "b.csv", 2, &err), SC_OK);
    /* a differing value names the earlier one and its line (in another file
     * with that file's name); the population is left as it was */
    assert_int_equal(give_cell(pop, "东区", "大", "319", "a.csv", 7, &err), SC_EDATA);
    assert_string_equal(err.file, "a.csv");
    assert_int_equal(err.line, 7);
    assert_string_equal(err.message, "column \"总数\": \"319\" differs from the population 318 "
                                     "given for stratum \"大\" of group \"东区\" on line 2: "
                                     "every row of a stratum gives the same population");
    assert_int_equal(give_cell(pop, "东区", "大", "319", "b.csv", 9, &err), SC_EDATA);
    assert_non_null(strstr(err.message, "on a.csv:2:"));
    /* not whole numbers from 1 */
    const char *bad[] = {"", "0", "-3", "3.5", "1e3", "12 ", "9007199254740993"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(give_cell(pop, "西区", "小", bad[i], "b.csv", 5, &err), SC_EDATA);
        assert_int_equal(err.line, 5);
        assert_non_null(strstr(err.message, "is not a population"));
    }
    assert_int_equal(sc_population_rows(pop), 3);
    assert_int_equal(sc_population_value(pop, 2), 5310);
    assert_int_equal(sc_population_line(pop, 2), 2);
    assert_string_equal(sc_population_file(pop, 2), "b.csv");
    assert_string_equal(sc_population_name(pop), "总数");
    assert_string_equal(sc_population_column(pop), "总数");
    /* the same rows as a file keyed by both parts, and found the same way */
    const char *path = temp_file("区,规模,population\n东区,大,318\n东区,小,918\n西区,大,5310\n");
    const char *names[] = {"区", "规模"};
    sc_csv_opts csv = {0};
    assert_int_equal(sc_population_read(path, &csv, names, 1, 1, &file, &err), SC_OK);
    assert_int_equal(sc_population_rows(file), sc_population_rows(pop));
    for (size_t row = 0; row < sc_population_rows(pop); row++) {
        assert_int_equal(sc_population_value(file, row), sc_population_value(pop, row));
        for (size_t k = 0; k < 2; k++)
            assert_string_equal(sc_population_key(file, row, k), sc_population_key(pop, row, k));
    }
    sc_groups *g = sc_groups_new(2);
    const char *keys[] = {"西区", "大"};
    size_t lens[] = {strlen(keys[0]), strlen(keys[1])};
    assert_int_equal(sc_groups_add(g, keys, lens, 1, 1), SC_OK);
    size_t a, b;
    assert_true(sc_population_find(pop, g, 0, &a));
    assert_true(sc_population_find(file, g, 0, &b));
    assert_int_equal(a, b);
    sc_groups_free(g);
    sc_population_free(file);
    sc_population_free(pop);
    unlink(path);
    /* a key of another length; no strata */
    assert_int_equal(sc_population_new_column("总数", 0, 1, &pop, &err), SC_OK);
    assert_int_equal(give_cell(pop, "东区", "大", "3", "a.csv", 2, &err), SC_EINVAL);
    sc_population_free(pop);
    assert_int_equal(sc_population_new_column("总数", 1, 0, &pop, &err), SC_EINVAL);
    assert_null(pop);
}

/* Reading in chunks: forks start empty; a merge adds the rows new to `into`
 * in their order with their places, and a stratum given another population
 * refuses the whole merge, leaving `into` as it was. */
static void test_population_fork_merge(void **state)
{
    (void)state;
    sc_population *pop;
    sc_error err;
    assert_int_equal(sc_population_new_column("总数", 1, 1, &pop, &err), SC_OK);
    assert_int_equal(give_cell(pop, "东区", "大", "318", "a.csv", 2, &err), SC_OK);
    sc_population *one = sc_population_fork(pop), *two = sc_population_fork(pop);
    assert_non_null(one);
    assert_non_null(two);
    assert_int_equal(sc_population_rows(one), 0);
    assert_string_equal(sc_population_column(one), "总数");
    assert_int_equal(give_cell(one, "东区", "大", "318", "b.csv", 10, &err), SC_OK);
    assert_int_equal(give_cell(one, "西区", "小", "40", "b.csv", 11, &err), SC_OK);
    assert_int_equal(give_cell(two, "东区", "小", "918", "b.csv", 20, &err), SC_OK);
    assert_int_equal(give_cell(two, "西区", "小", "41", "b.csv", 21, &err), SC_OK);
    assert_int_equal(sc_population_merge(pop, one), SC_OK);
    assert_int_equal(sc_population_rows(pop), 2);
    assert_string_equal(sc_population_key(pop, 1, 0), "西区");
    assert_int_equal(sc_population_value(pop, 1), 40);
    assert_int_equal(sc_population_line(pop, 1), 11);
    assert_string_equal(sc_population_file(pop, 1), "b.csv");
    assert_int_equal(sc_population_line(pop, 0), 2); /* the earlier place stays */
    /* 西区/小 is 40 in pop, 41 in two: nothing of two is taken, not even 东区/小 */
    assert_int_equal(sc_population_merge(pop, two), SC_EDATA);
    assert_int_equal(sc_population_rows(pop), 2);
    sc_population *other;
    assert_int_equal(sc_population_new_column("总数", 0, 1, &other, &err), SC_OK);
    assert_int_equal(sc_population_merge(pop, other), SC_EINVAL);
    sc_population_free(other);
    sc_population_free_ctx(one);
    sc_population_free_ctx(two);
    sc_population_free(pop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stratified_rate_survey),
        cmocka_unit_test(test_stratified_rate_unqualified_level),
        cmocka_unit_test(test_stratified_rate_census_stratum),
        cmocka_unit_test(test_stratified_rate_edges),
        cmocka_unit_test(test_mh_against_mantelhaen),
        cmocka_unit_test(test_mh_correct_and_standard),
        cmocka_unit_test(test_mh_edges),
        cmocka_unit_test(test_cmh_general),
        cmocka_unit_test(test_adjusted_compare_group_against_rest),
        cmocka_unit_test(test_strata_rate_table),
        cmocka_unit_test(test_population_column),
        cmocka_unit_test(test_population_fork_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
