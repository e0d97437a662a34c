/* spotcheck — tests of the control-chart module (spc.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources of expected values (none is computed with the code under test):
 *   - tests/data/spc_points.csv and spc_summary.csv, written by
 *     scripts/ref-spc.R: base R 4.2.2, the p chart (Montgomery 7.2.2) and
 *     Laney's p' chart (Laney 2002) written out from the formulas, over the
 *     SAMR national annual series (2018, 2021-2024, unqualified and passed
 *     batches), the quarterly counts of the demo data (all provinces, and
 *     甘肃省 alone), random and constructed series, at L = 3 and L = 2.
 *     Tolerance: 1e-9 relative (DESIGN.md section 7); a difference below
 *     1e-15 counts as equal when the expected value is below 1e-12 in
 *     magnitude (z-scores of points on the centre up to rounding).
 *   - The national series: the published counts, and the facts asserted by
 *     ref-spc.R as well (p chart flags 2018, 2022, 2024; p' flags none).
 *   - Invariants: lower <= centre <= upper, limits widen with L, the mirror
 *     chart of the other outcome, Laney's limits unchanged when every count
 *     is multiplied by the same factor, n = 0 points bridged (spc.c S7).
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "refcsv.h"
#include "relerr.h"

#include "spotcheck/spc.h"

static sc_spc_chart to_chart(const char *name)
{
    sc_spc_chart chart;
    assert_int_equal(sc_spc_chart_from_name(name, &chart), SC_OK);
    return chart;
}

static sc_spc_signal to_signal(const char *word)
{
    if (word[0] == '\0')
        return SC_SPC_NO_DATA;
    if (strcmp(word, "above") == 0)
        return SC_SPC_ABOVE;
    if (strcmp(word, "below") == 0)
        return SC_SPC_BELOW;
    assert_string_equal(word, "within");
    return SC_SPC_WITHIN;
}

/* ---- the R reference -------------------------------------------------------- */

/* One point row of spc_points.csv. */
typedef struct ref_point {
    char series[48];
    char chart[16];
    double width;
    size_t index;
    sc_spc_sample sample;
    double rate, sigma, z, lower, upper;
    sc_spc_signal signal;
} ref_point;

typedef struct ref_points {
    ref_point *rows;
    size_t count;
} ref_points;

static ref_points read_points(void)
{
    ref_points all = {0};
    size_t capacity = 0;
    FILE *f = open_data("spc_points.csv");
    csv_row row;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 12);
        if (all.count == capacity) {
            capacity = capacity ? 2 * capacity : 256;
            all.rows = realloc(all.rows, capacity * sizeof *all.rows);
            assert_non_null(all.rows);
        }
        ref_point *p = &all.rows[all.count++];
        snprintf(p->series, sizeof p->series, "%s", row.field[0]);
        snprintf(p->chart, sizeof p->chart, "%s", row.field[1]);
        p->width = to_double(row.field[2]);
        p->index = (size_t)to_count(row.field[3]);
        p->sample.n = to_count(row.field[4]);
        p->sample.counted = to_count(row.field[5]);
        p->rate = to_double(row.field[6]);
        p->sigma = to_double(row.field[7]);
        p->z = to_double(row.field[8]);
        p->lower = to_double(row.field[9]);
        p->upper = to_double(row.field[10]);
        p->signal = to_signal(row.field[11]);
    }
    fclose(f);
    return all;
}

static int check_value(const char *what, const char *series, const char *chart, double width,
                       long index, double got, double want, double *worst)
{
    double e = rel_error_near_zero(got, want);
    if (e > *worst)
        *worst = e;
    if (e <= REL_TOL)
        return 0;
    print_error("%s %s L=%g [%ld] %s: got %.17g want %.17g (rel %.3g)\n", series, chart, width,
                index, what, got, want, e);
    return 1;
}

/* spc.c S2-S10 against every chart of spc_summary.csv. */
static void test_reference(void **state)
{
    (void)state;
    ref_points all = read_points();
    FILE *f = open_data("spc_summary.csv");
    csv_row row;
    int charts = 0, points = 0, failures = 0, domain = 0;
    double worst = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 14);
        const char *series = row.field[0], *chart_name = row.field[1];
        double width = to_double(row.field[2]);
        size_t count = (size_t)to_count(row.field[3]);

        /* The samples of this chart: its point rows, in index order. */
        sc_spc_sample *samples = calloc(count ? count : 1, sizeof *samples);
        const ref_point **want = calloc(count ? count : 1, sizeof *want);
        assert_non_null(samples);
        assert_non_null(want);
        size_t found = 0;
        for (size_t r = 0; r < all.count; r++) {
            const ref_point *p = &all.rows[r];
            if (strcmp(p->series, series) == 0 && strcmp(p->chart, chart_name) == 0 &&
                p->width == width) {
                assert_true(p->index == found && found < count);
                samples[found] = p->sample;
                want[found++] = p;
            }
        }
        assert_true(found == count);

        sc_spc_summary s;
        sc_spc_point *got = calloc(count ? count : 1, sizeof *got);
        assert_non_null(got);
        sc_status status = sc_spc_compute(samples, count, to_chart(chart_name), width, &s, got);
        const char *want_status = row.field[13];
        if (strcmp(want_status, "ok") == 0) {
            assert_int_equal(status, SC_OK);
        } else {
            assert_string_equal(want_status, "domain");
            assert_int_equal(status, SC_EDOMAIN);
            domain++;
        }
        assert_true(s.n == to_count(row.field[4]));
        assert_true(s.counted == to_count(row.field[5]));
        assert_true(s.plotted == (size_t)to_count(row.field[7]));
        assert_true(s.moving_ranges == (size_t)to_count(row.field[8]));
        assert_true(s.above == (size_t)to_count(row.field[11]));
        assert_true(s.below == (size_t)to_count(row.field[12]));
        assert_true(s.width == width);
        failures += check_value("center", series, chart_name, width, -1, s.center,
                                to_double(row.field[6]), &worst);
        failures += check_value("mean_moving_range", series, chart_name, width, -1,
                                s.mean_moving_range, to_double(row.field[9]), &worst);
        failures += check_value("sigma_z", series, chart_name, width, -1, s.sigma_z,
                                to_double(row.field[10]), &worst);
        for (size_t i = 0; i < count; i++) {
            const ref_point *p = want[i];
            long at = (long)i;
            failures += check_value("rate", series, chart_name, width, at, got[i].rate, p->rate,
                                    &worst);
            failures += check_value("sigma", series, chart_name, width, at, got[i].sigma,
                                    p->sigma, &worst);
            failures += check_value("z", series, chart_name, width, at, got[i].z, p->z, &worst);
            failures += check_value("lcl", series, chart_name, width, at, got[i].lower,
                                    p->lower, &worst);
            failures += check_value("ucl", series, chart_name, width, at, got[i].upper,
                                    p->upper, &worst);
            if (got[i].signal != p->signal) {
                failures++;
                print_error("%s %s L=%g [%zu] signal: got %d want %d\n", series, chart_name,
                            width, i, (int)got[i].signal, (int)p->signal);
            }
            points++;
        }
        charts++;
        free(samples);
        free(want);
        free(got);
    }
    fclose(f);
    free(all.rows);
    print_message("  %d charts (%d undefined), %d points, max relative error %.2e\n", charts,
                  domain, points, worst);
    assert_true(charts >= 68);
    assert_true(points >= 900);
    assert_int_equal(failures, 0);
}

/* ---- the national annual series ----------------------------------------- */

/* SAMR national supervision sampling (国家监督抽查), shared/reference/
 * real-data/national_supervision_annual.csv: batches and unqualified batches. */
static const int national_year[] = {2018, 2021, 2022, 2023, 2024};
static const sc_spc_sample national[] = {
    {28771, 2952}, {25636, 3120}, {19440, 1827}, {28265, 3476}, {25250, 3601}};
#define NATIONAL_COUNT (sizeof national / sizeof national[0])

/* The fact the man page tells (DESIGN.md section 4): with n of about 25,000
 * batches a year the p chart flags most years and Laney's p' chart none. */
static void test_national(void **state)
{
    (void)state;
    sc_spc_summary p, laney, p2;
    sc_spc_point pp[NATIONAL_COUNT], lp[NATIONAL_COUNT], p2p[NATIONAL_COUNT];
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_P, 3, &p, pp), SC_OK);
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_LANEY, 3, &laney, lp),
                     SC_OK);
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_P, 2, &p2, p2p), SC_OK);

    /* R (ref-spc.R): pbar = 14976 / 127362, sigma_z = 9.9210734406862411. */
    assert_rel(p.center, 14976.0 / 127362.0, REL_TOL);
    assert_rel(laney.sigma_z, 9.9210734406862411, REL_TOL);
    assert_true(p.sigma_z == laney.sigma_z);

    const sc_spc_signal p_want[] = {SC_SPC_BELOW, SC_SPC_WITHIN, SC_SPC_BELOW, SC_SPC_WITHIN,
                                    SC_SPC_ABOVE};
    print_message("  year      n  unq.   rate     z       p LCL-UCL        p' LCL-UCL\n");
    for (size_t i = 0; i < NATIONAL_COUNT; i++) {
        print_message("  %d %6llu %5llu %6.3f%% %6.2f  %6.3f-%6.3f%% %-6s %6.3f-%6.3f%% %s\n",
                      national_year[i], (unsigned long long)national[i].n,
                      (unsigned long long)national[i].counted, 100 * pp[i].rate, pp[i].z,
                      100 * pp[i].lower, 100 * pp[i].upper, sc_spc_signal_name(pp[i].signal),
                      100 * lp[i].lower, 100 * lp[i].upper, sc_spc_signal_name(lp[i].signal));
        assert_int_equal(pp[i].signal, p_want[i]);  /* 2018, 2022, 2024 flagged */
        assert_int_equal(lp[i].signal, SC_SPC_WITHIN); /* no year flagged */
        assert_int_equal(p2p[i].signal == SC_SPC_WITHIN, 0); /* 2-sigma: every year */
        assert_true(fabs(pp[i].z) > 2);
        /* p chart limits are within 0.7 percentage points of the centre,
         * Laney's about 6 points (sigma_z ~ 10). */
        assert_true(pp[i].upper - p.center < 0.007);
        assert_true(lp[i].upper - laney.center > 0.05);
    }
    assert_int_equal(p.above, 1);
    assert_int_equal(p.below, 2);
    assert_int_equal(laney.above + laney.below, 0);
    assert_int_equal(p2.above + p2.below, NATIONAL_COUNT);
}

/* ---- invariants ------------------------------------------------------------- */

static void check_ordered(const sc_spc_summary *s, const sc_spc_point *points, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (points[i].signal == SC_SPC_NO_DATA)
            continue;
        assert_true(0 <= points[i].lower && points[i].lower <= s->center);
        assert_true(s->center <= points[i].upper && points[i].upper <= 1);
    }
}

/* The mirror chart: counting the other outcome (passed instead of
 * unqualified) gives centre 1 - pbar, limits 1 - UCL and 1 - LCL, above and
 * below swapped and the same sigma_z. */
static void test_mirror(void **state)
{
    (void)state;
    sc_spc_sample other[NATIONAL_COUNT];
    for (size_t i = 0; i < NATIONAL_COUNT; i++)
        other[i] = (sc_spc_sample){national[i].n, national[i].n - national[i].counted};
    for (int c = 0; c < SC_SPC_CHART_COUNT; c++) {
        sc_spc_summary a, b;
        sc_spc_point pa[NATIONAL_COUNT], pb[NATIONAL_COUNT];
        assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, (sc_spc_chart)c, 3, &a, pa),
                         SC_OK);
        assert_int_equal(sc_spc_compute(other, NATIONAL_COUNT, (sc_spc_chart)c, 3, &b, pb),
                         SC_OK);
        check_ordered(&a, pa, NATIONAL_COUNT);
        check_ordered(&b, pb, NATIONAL_COUNT);
        assert_true(fabs(a.center + b.center - 1) <= 4 * DBL_EPSILON);
        assert_true(rel_error_near_zero(a.sigma_z, b.sigma_z) <= 1e-12);
        assert_int_equal(a.above, b.below);
        assert_int_equal(a.below, b.above);
        for (size_t i = 0; i < NATIONAL_COUNT; i++) {
            assert_true(fabs(pa[i].lower + pb[i].upper - 1) <= 1e-14);
            assert_true(fabs(pa[i].upper + pb[i].lower - 1) <= 1e-14);
            assert_true(rel_error_near_zero(pa[i].z, -pb[i].z) <= 1e-12);
        }
    }
}

/* Limits widen with L; sigma_z depends on neither the chart nor L; Laney's
 * limits do not change when every count is multiplied by the same factor
 * (sigma_i shrinks by sqrt(k), sigma_z grows by sqrt(k)), while the p
 * chart's narrow by sqrt(k). */
static void test_scaling(void **state)
{
    (void)state;
    sc_spc_sample big[NATIONAL_COUNT];
    for (size_t i = 0; i < NATIONAL_COUNT; i++)
        big[i] = (sc_spc_sample){16 * national[i].n, 16 * national[i].counted};
    sc_spc_summary s3, s2, b3, p3, pb3;
    sc_spc_point l3[NATIONAL_COUNT], l2[NATIONAL_COUNT], lb[NATIONAL_COUNT];
    sc_spc_point q3[NATIONAL_COUNT], qb[NATIONAL_COUNT];
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_LANEY, 3, &s3, l3), SC_OK);
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_LANEY, 2, &s2, l2), SC_OK);
    assert_int_equal(sc_spc_compute(big, NATIONAL_COUNT, SC_SPC_LANEY, 3, &b3, lb), SC_OK);
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_P, 3, &p3, q3), SC_OK);
    assert_int_equal(sc_spc_compute(big, NATIONAL_COUNT, SC_SPC_P, 3, &pb3, qb), SC_OK);
    assert_true(s3.sigma_z == s2.sigma_z && s3.sigma_z == p3.sigma_z);
    assert_true(rel_error_near_zero(b3.sigma_z, 4 * s3.sigma_z) <= 1e-12);
    for (size_t i = 0; i < NATIONAL_COUNT; i++) {
        assert_true(l2[i].lower > l3[i].lower && l2[i].upper < l3[i].upper);
        assert_true(rel_error_near_zero(lb[i].lower, l3[i].lower) <= 1e-12);
        assert_true(rel_error_near_zero(lb[i].upper, l3[i].upper) <= 1e-12);
        assert_true(rel_error_near_zero(qb[i].upper - pb3.center,
                                        (q3[i].upper - p3.center) / 4) <= 1e-9);
        /* Laney's limits are the p chart's stretched by sigma_z (S5); none is clipped here. */
        assert_true(rel_error_near_zero(l3[i].upper - s3.center,
                                        s3.sigma_z * (q3[i].upper - p3.center)) <= 1e-12);
    }
}

/* S7: an n = 0 sample is no point, and the moving range bridges it: the
 * chart with the gaps equals the chart of the plotted samples alone. */
static void test_gaps(void **state)
{
    (void)state;
    const sc_spc_sample gappy[] = {{0, 0},    {1044, 66}, {0, 0}, {1305, 60},
                                   {1461, 103}, {0, 0},     {0, 0}, {1409, 83}};
    const sc_spc_sample dense[] = {{1044, 66}, {1305, 60}, {1461, 103}, {1409, 83}};
    const size_t map[] = {1, 3, 4, 7};
    for (int c = 0; c < SC_SPC_CHART_COUNT; c++) {
        sc_spc_summary g, d;
        sc_spc_point pg[8], pd[4];
        assert_int_equal(sc_spc_compute(gappy, 8, (sc_spc_chart)c, 3, &g, pg), SC_OK);
        assert_int_equal(sc_spc_compute(dense, 4, (sc_spc_chart)c, 3, &d, pd), SC_OK);
        assert_int_equal(g.plotted, 4);
        assert_int_equal(g.moving_ranges, 3);
        assert_true(g.sigma_z == d.sigma_z && g.center == d.center);
        for (size_t i = 0; i < 4; i++) {
            assert_true(pg[map[i]].lower == pd[i].lower && pg[map[i]].upper == pd[i].upper);
            assert_int_equal(pg[map[i]].signal, pd[i].signal);
        }
        const size_t empty[] = {0, 2, 5, 6};
        for (size_t i = 0; i < 4; i++) {
            const sc_spc_point *e = &pg[empty[i]];
            assert_true(isnan(e->rate) && isnan(e->z) && isnan(e->sigma));
            assert_true(isnan(e->lower) && isnan(e->upper));
            assert_int_equal(e->signal, SC_SPC_NO_DATA);
            assert_null(sc_spc_signal_name(e->signal));
        }
    }
}

/* S6: with sigma_z < 1 Laney's limits are narrower than the p chart's, and a
 * point within the p chart's limits is a p' signal (the 11th of 21 points,
 * 2 binomial sigmas above 20 points on the centre). */
static void test_underdispersed(void **state)
{
    (void)state;
    sc_spc_sample s[21];
    for (size_t i = 0; i < 21; i++)
        s[i] = (sc_spc_sample){1000, i == 10 ? 119 : 100};
    sc_spc_summary p, l;
    sc_spc_point pp[21], lp[21];
    assert_int_equal(sc_spc_compute(s, 21, SC_SPC_P, 3, &p, pp), SC_OK);
    assert_int_equal(sc_spc_compute(s, 21, SC_SPC_LANEY, 3, &l, lp), SC_OK);
    assert_true(l.sigma_z < 0.2);
    assert_int_equal(pp[10].signal, SC_SPC_WITHIN);
    assert_int_equal(lp[10].signal, SC_SPC_ABOVE);
    assert_int_equal(p.above + p.below, 0);
    assert_int_equal(l.above + l.below, 1);
    for (size_t i = 0; i < 21; i++)
        assert_true(lp[i].upper < pp[i].upper && lp[i].lower > pp[i].lower);
}

/* S8, S9 and the argument checks of S1. */
static void test_edges(void **state)
{
    (void)state;
    sc_spc_summary s;
    sc_spc_point pt[4];

    /* S8: pbar = 0 and pbar = 1: limits on the centre, z = 0, sigma_z = 0. */
    const sc_spc_sample zero[] = {{10, 0}, {0, 0}, {25, 0}, {40, 0}};
    const sc_spc_sample all[] = {{10, 10}, {25, 25}, {0, 0}, {40, 40}};
    for (int c = 0; c < SC_SPC_CHART_COUNT; c++) {
        assert_int_equal(sc_spc_compute(zero, 4, (sc_spc_chart)c, 3, &s, pt), SC_OK);
        assert_true(s.center == 0 && s.sigma_z == 0 && s.above + s.below == 0);
        assert_true(pt[0].lower == 0 && pt[0].upper == 0 && pt[0].z == 0);
        assert_int_equal(pt[3].signal, SC_SPC_WITHIN);
        assert_int_equal(pt[1].signal, SC_SPC_NO_DATA);
        assert_int_equal(sc_spc_compute(all, 4, (sc_spc_chart)c, 3, &s, pt), SC_OK);
        assert_true(s.center == 1 && s.sigma_z == 0 && s.above + s.below == 0);
        assert_true(pt[3].lower == 1 && pt[3].upper == 1 && pt[3].z == 0);
    }

    /* S3: rates equal to pbar as fractions give z exactly 0, so no noise
     * can make a signal when the limits collapse (sigma_z = 0). */
    const sc_spc_sample equal[] = {{10, 3}, {20, 6}, {30, 9}, {70, 21}};
    assert_int_equal(sc_spc_compute(equal, 4, SC_SPC_LANEY, 3, &s, pt), SC_OK);
    assert_true(s.sigma_z == 0 && s.above + s.below == 0);
    for (size_t i = 0; i < 4; i++)
        assert_true(pt[i].z == 0 && pt[i].lower == s.center && pt[i].upper == s.center);

    /* S9: one plotted point: the p chart is defined, the p' chart is not. */
    const sc_spc_sample one[] = {{0, 0}, {250, 31}, {0, 0}};
    assert_int_equal(sc_spc_compute(one, 3, SC_SPC_P, 3, &s, pt), SC_OK);
    assert_true(isnan(s.sigma_z) && s.plotted == 1 && s.moving_ranges == 0);
    assert_int_equal(pt[1].signal, SC_SPC_WITHIN);
    assert_int_equal(sc_spc_compute(one, 3, SC_SPC_LANEY, 3, &s, pt), SC_EDOMAIN);
    assert_true(s.center == 31.0 / 250 && s.n == 250 && s.counted == 31 && isnan(s.sigma_z));
    assert_true(pt[1].rate == 31.0 / 250 && pt[1].z == 0);
    assert_true(isnan(pt[1].sigma) && isnan(pt[1].lower) && isnan(pt[1].upper));
    assert_int_equal(pt[1].signal, SC_SPC_NO_DATA);

    /* S9: no data at all. */
    const sc_spc_sample none[] = {{0, 0}, {0, 0}};
    for (int c = 0; c < SC_SPC_CHART_COUNT; c++) {
        assert_int_equal(sc_spc_compute(none, 2, (sc_spc_chart)c, 3, &s, pt), SC_EDOMAIN);
        assert_true(isnan(s.center) && s.plotted == 0 && s.n == 0);
        assert_int_equal(pt[0].signal, SC_SPC_NO_DATA);
        assert_int_equal(sc_spc_compute(NULL, 0, (sc_spc_chart)c, 3, &s, NULL), SC_EDOMAIN);
    }

    /* points may be NULL: the summary alone. */
    assert_int_equal(sc_spc_compute(national, NATIONAL_COUNT, SC_SPC_P, 3, &s, NULL), SC_OK);
    assert_int_equal(s.above + s.below, 3);

    /* S10: strict signals; a rate on a clipped limit is within. */
    const sc_spc_sample clipped[] = {{5, 0}, {5, 5}, {5, 1}};
    assert_int_equal(sc_spc_compute(clipped, 3, SC_SPC_P, 3, &s, pt), SC_OK);
    assert_true(pt[0].lower == 0 && pt[0].rate == 0);
    assert_int_equal(pt[0].signal, SC_SPC_WITHIN);
    assert_true(pt[1].upper == 1 && pt[1].rate == 1);
    assert_int_equal(pt[1].signal, SC_SPC_WITHIN);

    /* S1: bad arguments; the summary is cleared and points untouched. */
    const sc_spc_sample bad[] = {{10, 11}};
    const sc_spc_sample huge[] = {{(1ULL << 53) + 1, 1}};
    const sc_spc_sample sum_huge[] = {{1ULL << 52, 1}, {1ULL << 52, 1}, {1, 0}};
    const sc_spc_sample max_ok[] = {{1ULL << 52, 1}, {1ULL << 52, 3}};
    sc_spc_point sentinel = {.rate = 42, .signal = SC_SPC_ABOVE};
    const double bad_width[] = {0, -3, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_width / sizeof bad_width[0]; i++) {
        pt[0] = sentinel;
        assert_int_equal(sc_spc_compute(national, 1, SC_SPC_P, bad_width[i], &s, pt), SC_EINVAL);
        assert_true(pt[0].rate == 42 && isnan(s.center) && s.n == 0);
    }
    pt[0] = sentinel;
    assert_int_equal(sc_spc_compute(bad, 1, SC_SPC_P, 3, &s, pt), SC_EINVAL);
    assert_int_equal(sc_spc_compute(huge, 1, SC_SPC_P, 3, &s, pt), SC_EINVAL);
    assert_int_equal(sc_spc_compute(sum_huge, 3, SC_SPC_LANEY, 3, &s, pt), SC_EINVAL);
    assert_true(pt[0].rate == 42 && s.n == 0 && s.plotted == 0);
    assert_int_equal(sc_spc_compute(max_ok, 2, SC_SPC_LANEY, 3, &s, pt), SC_OK);
    assert_true(s.n == 1ULL << 53);
    pt[0] = sentinel;
    assert_int_equal(sc_spc_compute(NULL, 2, SC_SPC_P, 3, &s, pt), SC_EINVAL);
    assert_int_equal(sc_spc_compute(national, 1, SC_SPC_CHART_COUNT, 3, &s, pt), SC_EINVAL);
    assert_int_equal(sc_spc_compute(national, 1, (sc_spc_chart)-1, 3, &s, pt), SC_EINVAL);
    assert_int_equal(sc_spc_compute(national, 1, SC_SPC_P, 3, NULL, pt), SC_EINVAL);
    assert_true(pt[0].rate == 42);
}

static void test_registry(void **state)
{
    (void)state;
    for (int c = 0; c < SC_SPC_CHART_COUNT; c++) {
        const sc_spc_chart_info *info = sc_spc_chart_get((sc_spc_chart)c);
        assert_non_null(info);
        assert_int_equal(info->chart, c);
        assert_non_null(info->entry.description);
        assert_non_null(info->entry.reference);
        sc_spc_chart back;
        assert_int_equal(sc_spc_chart_from_name(info->entry.name, &back), SC_OK);
        assert_int_equal(back, c);
    }
    assert_null(sc_spc_chart_get(SC_SPC_CHART_COUNT));
    const char *laney[] = {"laney", "Laney", "p'", "P-Prime", "pprime", "laney-p"};
    for (size_t i = 0; i < sizeof laney / sizeof laney[0]; i++) {
        sc_spc_chart c = SC_SPC_P;
        assert_int_equal(sc_spc_chart_from_name(laney[i], &c), SC_OK);
        assert_int_equal(c, SC_SPC_LANEY);
    }
    sc_spc_chart c = SC_SPC_LANEY;
    assert_int_equal(sc_spc_chart_from_name("P", &c), SC_OK);
    assert_int_equal(c, SC_SPC_P);
    const char *unknown[] = {"", "np", "u", "laney ", "pp", "x"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        c = SC_SPC_LANEY;
        assert_int_equal(sc_spc_chart_from_name(unknown[i], &c), SC_EINVAL);
        assert_int_equal(c, SC_SPC_LANEY);
    }
    assert_int_equal(sc_spc_chart_from_name(NULL, &c), SC_EINVAL);
    assert_int_equal(sc_spc_chart_from_name("p", NULL), SC_EINVAL);
    assert_string_equal(sc_spc_signal_name(SC_SPC_ABOVE), "above");
    assert_string_equal(sc_spc_signal_name(SC_SPC_BELOW), "below");
    assert_string_equal(sc_spc_signal_name(SC_SPC_WITHIN), "within");
    assert_null(sc_spc_signal_name(SC_SPC_NO_DATA));
    assert_null(sc_spc_signal_name((sc_spc_signal)99));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference),  cmocka_unit_test(test_national),
        cmocka_unit_test(test_mirror),     cmocka_unit_test(test_scaling),
        cmocka_unit_test(test_gaps),       cmocka_unit_test(test_underdispersed),
        cmocka_unit_test(test_edges),      cmocka_unit_test(test_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
