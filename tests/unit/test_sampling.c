/* Unit tests: sampling plans (src/lib/sampling.c, sampling_oc.c; contract S1-S8
 * of include/spotcheck/sampling.h) and the lot-plan analysis call.
 * Expected values:
 *  - the code letters and every cell of the normal, tightened and reduced
 *    tables: tests/data/iso2859/ (code_letters.csv and the *_resolved_long.csv
 *    files, the plans after the arrows; source in its README.md);
 *  - Pa, AOQ, ATI, the limiting quality, the AOQL and where it is reached: R
 *    (scripts/ref-sampling.R: pbinom, ppois, phyper, uniroot, optimize) in
 *    tests/data/sampling_oc.csv and sampling_summary.csv;
 *  - the sample size for a change between two periods: R's full enumeration and
 *    power.prop.test (scripts/ref-sampling.R) in tests/data/sampling_change.csv;
 *  - published: SAS PROBBNML and PROBHYPR examples, the ISO 2859-4:2002 example
 *    (tests/data/iso2859/reference_values.csv).
 * Tolerance: 1e-9 relative (DESIGN.md §7); published values to their digits.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "refcsv.h"
#include "relerr.h"
#include "spotcheck/analysis.h"

/* ISO 2859-1 Table 1, all 15 rows x 7 levels, at each range's ends and middle */
static void test_code_letters(void **state)
{
    (void)state;
    FILE *f = open_data("iso2859/code_letters.csv");
    csv_row row;
    size_t rows = 0, checked = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        uint64_t low = to_count(row.field[0]);
        uint64_t high = row.field[1][0] ? to_count(row.field[1]) : low * 100;
        uint64_t sizes[] = {low, (low + high) / 2, high};
        for (size_t level = 0; level < SC_LEVEL_COUNT; level++)
            for (size_t k = 0; k < 3; k++) {
                char letter = 0;
                assert_int_equal(sc_code_letter(sizes[k], (sc_inspection_level)level, &letter),
                                 SC_OK);
                if (letter != row.field[2 + level][0])
                    fail_msg("lot %llu level %zu: %c, want %s", (unsigned long long)sizes[k],
                             level, letter, row.field[2 + level]);
                checked++;
            }
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 15);
    assert_int_equal(checked, 15 * 7 * 3);
    char letter = 0;
    assert_int_equal(sc_code_letter(1, SC_LEVEL_III, &letter), SC_OK); /* S2 */
    assert_int_equal(letter, 'B');
    assert_int_equal(sc_code_letter(0, SC_LEVEL_II, &letter), SC_EINVAL);
    assert_int_equal(sc_code_letter(10, SC_LEVEL_COUNT, &letter), SC_EINVAL);
}

/* every (letter, AQL) cell of one master table after its arrows (S3) */
static void check_table(const char *file, sc_inspection inspection)
{
    FILE *f = open_data(file);
    csv_row row;
    size_t cells = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 7);
        size_t index;
        assert_int_equal(sc_aql_find(to_double(row.field[2]), &index, NULL), SC_OK);
        assert_string_equal(sc_aql_names[index], row.field[2]);
        sc_sampling_plan plan;
        assert_int_equal(sc_sampling_letter_plan(inspection, row.field[0][0], index, &plan),
                         SC_OK);
        if (plan.n != to_count(row.field[4]) || plan.ac != to_count(row.field[5]) ||
            plan.re != to_count(row.field[6]))
            fail_msg("%s %s/%s: n %llu %u/%u, want %s %s/%s", file, row.field[0], row.field[2],
                     (unsigned long long)plan.n, plan.ac, plan.re, row.field[4], row.field[5],
                     row.field[6]);
        assert_int_equal(plan.table_n, plan.n);
        assert_false(plan.full_inspection);
        cells++;
    }
    fclose(f);
    assert_int_equal(cells, 416);
}

static void test_normal_table(void **state)
{
    (void)state;
    check_table("iso2859/single_normal_resolved_long.csv", SC_INSPECTION_NORMAL);
}

static void test_tightened_table(void **state)
{
    (void)state;
    check_table("iso2859/single_tightened_resolved_long.csv", SC_INSPECTION_TIGHTENED);
}

static void test_reduced_table(void **state)
{
    (void)state;
    check_table("iso2859/single_reduced_ANSI_MIL105E_resolved_long.csv", SC_INSPECTION_REDUCED);
}

static void test_plan_find(void **state)
{
    (void)state;
    sc_sampling_plan plan;
    sc_error err;
    /* the example: N = 1000, level II, AQL 1.0 -> J, 80, 2/3 */
    assert_int_equal(sc_sampling_plan_find(1000, SC_LEVEL_II, 1.0, SC_INSPECTION_NORMAL, &plan,
                                           &err),
                     SC_OK);
    assert_int_equal(plan.letter, 'J');
    assert_int_equal(plan.plan_letter, 'J');
    assert_int_equal(plan.n, 80);
    assert_int_equal(plan.ac, 2);
    assert_int_equal(plan.re, 3);
    /* an arrow: N = 1000, II, AQL 0.25 -> J points up to H: 50, 0/1 */
    assert_int_equal(sc_sampling_plan_find(1000, SC_LEVEL_II, 0.25, SC_INSPECTION_NORMAL, &plan,
                                           &err),
                     SC_OK);
    assert_int_equal(plan.letter, 'J');
    assert_int_equal(plan.plan_letter, 'H');
    assert_int_equal(plan.n, 50);
    assert_int_equal(plan.ac, 0);
    /* S4: lot of 10, II -> B, AQL 1.0 points down to E (13): 100% inspection */
    assert_int_equal(sc_sampling_plan_find(10, SC_LEVEL_II, 1.0, SC_INSPECTION_NORMAL, &plan,
                                           &err),
                     SC_OK);
    assert_int_equal(plan.letter, 'B');
    assert_int_equal(plan.plan_letter, 'E');
    assert_int_equal(plan.table_n, 13);
    assert_int_equal(plan.n, 10);
    assert_true(plan.full_inspection);
    /* tightened row S: lot of 600000 at III -> R, AQL 0.025 points to 3150, 1/2 */
    assert_int_equal(sc_sampling_plan_find(600000, SC_LEVEL_III, 0.025, SC_INSPECTION_TIGHTENED,
                                           &plan, &err),
                     SC_OK);
    assert_int_equal(plan.plan_letter, 'S');
    assert_int_equal(plan.n, 3150);
    assert_int_equal(plan.re, 2);
    /* usage errors */
    assert_int_equal(sc_sampling_plan_find(0, SC_LEVEL_II, 1.0, SC_INSPECTION_NORMAL, &plan,
                                           &err),
                     SC_EINVAL);
    assert_int_equal(sc_sampling_plan_find(1000, SC_LEVEL_II, 1.2, SC_INSPECTION_NORMAL, &plan,
                                           &err),
                     SC_EINVAL);
    assert_non_null(strstr(err.message, "the nearest are 1.0 and 1.5"));
    size_t index;
    assert_int_equal(sc_aql_find(1.0 + 1e-12, &index, NULL), SC_OK);
    assert_int_equal(sc_aql_find(0.0, &index, NULL), SC_EINVAL);
    assert_int_equal(sc_aql_find(NAN, &index, NULL), SC_EINVAL);
}

static sc_oc_model model_of(const char *name)
{
    size_t index;
    assert_int_equal(sc_registry_find(&sc_oc_models, name, &index), SC_OK);
    return (sc_oc_model)index;
}

/* The binomial LQ for large n, where GSL's inverse beta gives NaN (found by
 * tests/fuzz/fuzz_tools.c): R's uniroot(function(p) pbinom(Ac, n, p) - 0.1,
 * c(0, 1e-3), tol = 1e-15); with a large Ac, where GSL's Q_beta fails too,
 * R's qbeta(0.1, Ac + 1, n - Ac, lower.tail = FALSE) (= uniroot on pbinom to
 * 1e-15). */
static void test_lq_large_n(void **state)
{
    (void)state;
    static const struct {
        uint64_t n;
        unsigned ac;
        double lq;
    } cases[] = {{80997, 2, 6.570874457e-05},
                 {8099999, 2, 6.570765313e-07},
                 {8093999, 297898, 0.036889755102924582}};
    gsl_error_handler_t *handler = gsl_set_error_handler_off(); /* as the tools run */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sc_oc_plan plan = {.model = SC_OC_BINOMIAL, .n = cases[i].n, .ac = cases[i].ac};
        sc_error err;
        double lq;
        assert_int_equal(sc_oc_quality_at(&plan, 0.10, &lq, &err), SC_OK);
        assert_rel(lq, cases[i].lq, 1e-9);
    }
    /* The AOQL where GSL's binomial tail fails (n 6047001, Ac 895678: found by
     * fuzz_tool_args): R's uniroot (tol 1e-15) of pbinom(Ac, n, p) -
     * n p dbinom(Ac, n - 1, p) on [0.145, 0.15], and p pbinom(Ac, n, p) there;
     * its LQ from qbeta(0.1, Ac + 1, n - Ac, lower.tail = FALSE). */
    sc_oc_plan big = {.model = SC_OC_BINOMIAL, .n = 6047001, .ac = 895678};
    sc_error err;
    double aoql, at, lq;
    assert_int_equal(sc_oc_aoql(&big, &aoql, &at, &err), SC_OK);
    assert_rel(at, 0.14761901748289188, 1e-9);
    assert_rel(aoql, 0.14758027892414774, 1e-9);
    assert_int_equal(sc_oc_quality_at(&big, 0.10, &lq, &err), SC_OK);
    assert_rel(lq, 0.14830466280721977, 1e-9);
    gsl_set_error_handler(handler);
}

static void test_oc_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("sampling_oc.csv");
    csv_row row;
    size_t points = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        sc_oc_plan plan = {.model = model_of(row.field[0]),
                           .n = to_count(row.field[1]),
                           .ac = (unsigned)to_count(row.field[2]),
                           .lot_size = to_count(row.field[3])};
        sc_oc_point pt;
        sc_error err;
        assert_int_equal(sc_oc_at(&plan, to_double(row.field[4]), &pt, &err), SC_OK);
        assert_rel(pt.p, to_double(row.field[5]), REL_TOL);
        assert_rel(pt.pa, to_double(row.field[6]), REL_TOL);
        assert_rel(pt.aoq, to_double(row.field[7]), REL_TOL);
        assert_rel(pt.ati, to_double(row.field[8]), REL_TOL);
        assert_true(pt.pa >= 0 && pt.pa <= 1);
        points++;
    }
    fclose(f);
    assert_true(points >= 200);
}

static void test_summary_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("sampling_summary.csv");
    csv_row row;
    size_t plans = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 7);
        sc_oc_plan plan = {.model = model_of(row.field[0]),
                           .n = to_count(row.field[1]),
                           .ac = (unsigned)to_count(row.field[2]),
                           .lot_size = to_count(row.field[3])};
        sc_error err;
        double lq, aoql, aoql_p;
        assert_int_equal(sc_oc_quality_at(&plan, 0.10, &lq, &err), SC_OK);
        assert_int_equal(sc_oc_aoql(&plan, &aoql, &aoql_p, &err), SC_OK);
        assert_rel(lq, to_double(row.field[4]), REL_TOL);
        assert_rel(aoql, to_double(row.field[5]), REL_TOL);
        /* the peak is flat: R's root of the slope is good to ~1e-13 in p */
        assert_rel(aoql_p, to_double(row.field[6]), REL_TOL);
        plans++;
    }
    fclose(f);
    assert_int_equal(plans, 22);
}

/* published values (tests/data/iso2859/reference_values.csv) */
static void test_published(void **state)
{
    (void)state;
    sc_oc_point pt;
    sc_error err;
    /* SAS PROBBNML(0.18, 20, 1) = 0.1018322793 */
    sc_oc_plan binomial = {.n = 20, .ac = 1, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_at(&binomial, 0.18, &pt, &err), SC_OK);
    assert_rel(pt.pa, 0.1018322793, 1e-9);
    /* SAS PROBHYPR(120, 22, 20, 1) = 0.0762970752: a lot of 120 with 22 nonconforming */
    sc_oc_plan hyper = {.n = 20, .ac = 1, .lot_size = 120, .model = SC_OC_HYPERGEOMETRIC};
    assert_int_equal(sc_oc_at(&hyper, 22.0 / 120, &pt, &err), SC_OK);
    assert_rel(pt.pa, 0.0762970752, 1e-9);
    /* ISO 2859-4:2002 example: n = 125, L = 2, DQL 0.65%: P(d <= 2) = 0.9513314563 (binomial),
     * 0.9507632796 (Poisson) */
    sc_oc_plan iso = {.n = 125, .ac = 2, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_at(&iso, 0.0065, &pt, &err), SC_OK);
    assert_rel(pt.pa, 0.9513314563, 1e-9);
    iso.model = SC_OC_POISSON;
    assert_int_equal(sc_oc_at(&iso, 0.0065, &pt, &err), SC_OK);
    assert_rel(pt.pa, 0.9507632796, 1e-9);
    /* Dodge-style plan n = 20, c = 1, N = 1000: AOQL 0.040553 at p = 0.0775 */
    double aoql, p_at;
    binomial.lot_size = 1000;
    assert_int_equal(sc_oc_aoql(&binomial, &aoql, &p_at, &err), SC_OK);
    assert_true(fabs(aoql - 0.040553) < 5e-7);
    assert_true(fabs(p_at - 0.0775) < 5e-5);
    /* producer points of the normal plans J/1.0 (0.9534), H/2.5 (0.9638) */
    sc_oc_plan j = {.n = 80, .ac = 2, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_at(&j, 0.01, &pt, &err), SC_OK);
    assert_true(fabs(pt.pa - 0.9534) < 5e-5);
    sc_oc_plan h = {.n = 50, .ac = 3, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_at(&h, 0.025, &pt, &err), SC_OK);
    assert_true(fabs(pt.pa - 0.9638) < 5e-5);
}

static void test_oc_invariants_and_errors(void **state)
{
    (void)state;
    sc_error err;
    sc_oc_plan plan = {.n = 80, .ac = 2, .lot_size = 1000, .model = SC_OC_BINOMIAL};
    double last = 2;
    for (int i = 0; i <= 100; i++) { /* Pa falls as p rises; ATI between n and N */
        sc_oc_point pt;
        assert_int_equal(sc_oc_at(&plan, i / 100.0, &pt, &err), SC_OK);
        assert_true(pt.pa <= last);
        assert_true(pt.ati >= 80 && pt.ati <= 1000);
        last = pt.pa;
    }
    sc_oc_point pt;
    assert_int_equal(sc_oc_at(&plan, 1.5, &pt, &err), SC_EINVAL);
    assert_int_equal(sc_oc_at(&plan, -0.1, &pt, &err), SC_EINVAL);
    plan.model = SC_OC_POISSON;
    assert_int_equal(sc_oc_at(&plan, 1.5, &pt, &err), SC_OK); /* nonconformities per item */
    plan.model = SC_OC_HYPERGEOMETRIC;
    plan.lot_size = 0;
    assert_int_equal(sc_oc_check(&plan, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "--lot-size"));
    sc_oc_plan bad = {.n = 5, .ac = 5, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_check(&bad, &err), SC_EINVAL);
    bad = (sc_oc_plan){.n = 50, .ac = 1, .lot_size = 20, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_check(&bad, &err), SC_EINVAL);
    /* 100% inspection: nothing nonconforming leaves, AOQL 0 */
    sc_oc_plan all = {.n = 20, .ac = 0, .lot_size = 20, .model = SC_OC_BINOMIAL};
    double aoql, p_at;
    assert_int_equal(sc_oc_aoql(&all, &aoql, &p_at, &err), SC_OK);
    assert_true(aoql == 0 && isnan(p_at));
    /* the default grid starts at 0, rises in one readable step, ends beyond Pa = 1% */
    double *grid;
    size_t ngrid;
    plan = (sc_oc_plan){.n = 80, .ac = 2, .model = SC_OC_BINOMIAL};
    assert_int_equal(sc_oc_grid(&plan, 21, &grid, &ngrid, &err), SC_OK);
    assert_int_equal(ngrid, 12);
    assert_true(grid[0] == 0 && fabs(grid[11] - 0.11) < 1e-15);
    free(grid);
}

static void test_lot_plan_tables(void **state)
{
    (void)state;
    sc_lot_plan_opts o;
    sc_lot_plan_opts_init(&o);
    o.lot_size = 1000;
    o.aql = 1.0;
    sc_lot_plan_result r;
    sc_error err;
    assert_int_equal(sc_lot_plan_tables(&o, &r, &err), SC_OK);
    assert_int_equal(r.plan.n, 80);
    /* producer's risk at the AQL: 1 - pbinom(2, 80, 0.01) */
    assert_rel(r.producer_risk, 1 - 0.953446814264068, 1e-9);
    assert_rel(r.aoql, 0.0157423050460919, REL_TOL);
    assert_int_equal(sc_table_rows(r.summary), 1);
    assert_int_equal(sc_table_get_count(r.summary, 0, (size_t)sc_table_find_column(r.summary, "re")),
                     3);
    assert_int_equal(sc_table_rows(r.curve), 12);
    sc_chart *chart;
    assert_int_equal(sc_lot_plan_chart(&o, &r, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_lot_plan_result_free(&r);
    /* an AQL above 10 needs the Poisson model */
    o.aql = 25;
    assert_int_equal(sc_lot_plan_tables(&o, &r, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "--model poisson"));
    sc_lot_plan_result_free(&r);
    o.model = SC_OC_POISSON;
    assert_int_equal(sc_lot_plan_tables(&o, &r, &err), SC_OK);
    sc_lot_plan_result_free(&r);
    sc_lot_plan_result_free(NULL);
}

/* ISO 2859-4 plans (S9-S10) against the brute-force search of scripts/ref-sampling.R */
static void test_dql_plans_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("sampling_dql.csv");
    csv_row row;
    size_t plans = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 9);
        double dql = to_double(row.field[1]), lq = to_double(row.field[2]);
        sc_oc_plan plan = {.model = model_of(row.field[0]), .lot_size = to_count(row.field[3])};
        sc_error err;
        assert_int_equal(sc_dql_plan_find(dql, lq, 0.05, 0.10, &plan, &err), SC_OK);
        if (plan.n != to_count(row.field[4]) || plan.ac != to_count(row.field[5]))
            fail_msg("%s DQL %s LQ %s N %s: n %llu L %u, want %s %s", row.field[0], row.field[1],
                     row.field[2], row.field[3], (unsigned long long)plan.n, plan.ac,
                     row.field[4], row.field[5]);
        sc_dql_risks risks;
        assert_int_equal(sc_dql_risks_of(&plan, dql, lq, &risks, &err), SC_OK);
        assert_rel(risks.p_dql, to_double(row.field[6]), REL_TOL);
        assert_rel(risks.beta, to_double(row.field[7]), REL_TOL);
        assert_true(risks.alpha <= 0.05 && risks.beta <= 0.10);
        plan.n--; /* n - 1 does not hold the consumer-side risk */
        assert_int_equal(sc_dql_risks_of(&plan, dql, lq, &risks, &err), SC_OK);
        assert_rel(risks.beta, to_double(row.field[8]), REL_TOL);
        assert_true(risks.beta > 0.10);
        plans++;
    }
    fclose(f);
    assert_int_equal(plans, 40);
}

/* ISO 2859-4:2002 example: DQL 0.65%, n = 125, L = 2: P(d <= 2) = 0.95133 (the standard),
 * 0.9513314563 (R pbinom); the DQL is not contradicted with probability >= 95% */
static void test_dql_iso_example(void **state)
{
    (void)state;
    sc_oc_plan plan = {.n = 125, .ac = 2, .model = SC_OC_BINOMIAL};
    sc_dql_risks risks;
    sc_error err;
    assert_int_equal(sc_dql_risks_of(&plan, 0.0065, NAN, &risks, &err), SC_OK);
    assert_rel(risks.p_dql, 0.9513314563, 1e-9);
    assert_true(fabs(risks.p_dql - 0.95133) < 5e-6);
    assert_rel(risks.alpha, 1 - 0.9513314563, 1e-8);
    assert_true(isnan(risks.beta));
    /* the quality at which P(d <= 2) = 10%: R qbeta(0.9, 3, 123) = uniroot of pbinom */
    assert_true(risks.lq10 > 0.0415 && risks.lq10 < 0.0425);
    /* bad arguments */
    sc_oc_plan find = {.model = SC_OC_BINOMIAL};
    assert_int_equal(sc_dql_plan_find(0.01, 0.005, 0.05, 0.10, &find, &err), SC_EINVAL);
    assert_int_equal(sc_dql_plan_find(0.01, 0.05, 0, 0.10, &find, &err), SC_EINVAL);
    assert_int_equal(sc_dql_plan_find(0.01, 1.5, 0.05, 0.10, &find, &err), SC_EINVAL);
    /* a population of 20 tells 2 nonconforming items (10%) from 3 (15%) by looking at
     * enough of them; a population of 10 holds 1 at both 10% and 14%: no plan */
    find = (sc_oc_plan){.model = SC_OC_HYPERGEOMETRIC, .lot_size = 20};
    assert_int_equal(sc_dql_plan_find(0.10, 0.15, 0.05, 0.10, &find, &err), SC_OK);
    assert_int_equal(sc_dql_risks_of(&find, 0.10, 0.15, &risks, &err), SC_OK);
    assert_true(find.n <= 20 && risks.alpha <= 0.05 && risks.beta <= 0.10);
    find = (sc_oc_plan){.model = SC_OC_HYPERGEOMETRIC, .lot_size = 10};
    assert_int_equal(sc_dql_plan_find(0.10, 0.14, 0.05, 0.10, &find, &err), SC_EDOMAIN);
    assert_non_null(strstr(err.message, "population"));
}

static void test_dql_table(void **state)
{
    (void)state;
    sc_dql_opts o;
    sc_dql_opts_init(&o);
    o.dql = 0.0065;
    o.lqr = 5;
    sc_dql_result r;
    sc_error err;
    assert_int_equal(sc_dql_table(&o, &r, &err), SC_OK);
    assert_int_equal(r.plan.n, 204); /* sampling_dql.csv */
    assert_int_equal(r.plan.ac, 3);
    assert_int_equal(sc_table_rows(r.table), 1);
    assert_rel(sc_table_get_double(r.table, 0, (size_t)sc_table_find_column(r.table, "beta")),
               0.0994060948457779, 1e-9);
    sc_chart *chart;
    assert_int_equal(sc_dql_chart(&o, &r, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_dql_result_free(&r);
    /* the risks of the ISO 2859-4 example plan */
    o.lqr = NAN;
    o.given_plan = true;
    o.n = 125;
    o.limit = 2;
    assert_int_equal(sc_dql_table(&o, &r, &err), SC_OK);
    assert_rel(r.risks.p_dql, 0.9513314563, 1e-9);
    assert_true(isnan(r.lq));
    sc_dql_result_free(&r);
    /* --lq with --lqr, and an LQ under the DQL */
    o.lq = 0.05;
    o.lqr = 5;
    assert_int_equal(sc_dql_table(&o, &r, &err), SC_EINVAL);
    sc_dql_result_free(&r);
    o.lqr = NAN;
    o.lq = 0.005;
    assert_int_equal(sc_dql_table(&o, &r, &err), SC_EINVAL);
    sc_dql_result_free(&r);
    sc_dql_result_free(NULL);
}

static sc_ci_method method_of(const char *name)
{
    sc_ci_method m;
    assert_int_equal(sc_ci_method_from_name(name, &m), SC_OK);
    return m;
}

/* S11 against R (prop.test, binom.test, qbeta; scripts/ref-sampling.R), n - 1 fails there */
static void test_margin_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("sampling_margin.csv");
    csv_row row;
    size_t cases = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 8);
        uint64_t n;
        sc_interval at;
        sc_error err;
        assert_int_equal(sc_size_for_margin(to_double(row.field[2]), to_double(row.field[3]),
                                            method_of(row.field[0]), to_double(row.field[1]), &n,
                                            &at, &err),
                         SC_OK);
        if (n != to_count(row.field[4]))
            fail_msg("%s %s p %s E %s: n %llu, want %s", row.field[0], row.field[1], row.field[2],
                     row.field[3], (unsigned long long)n, row.field[4]);
        assert_rel(at.lower, to_double(row.field[5]), REL_TOL);
        assert_rel(at.upper, to_double(row.field[6]), REL_TOL);
        cases++;
    }
    fclose(f);
    assert_int_equal(cases, 64);
    /* S12: Cochran's correction: 381 for a population of 1000 -> ceil(381 / 1.38 = 276.09) = 277 */
    assert_int_equal(sc_size_finite(381, 1000), 277);
    assert_int_equal(sc_size_finite(381, 0), 381);
    assert_int_equal(sc_size_finite(381, 100), 80);
    assert_int_equal(sc_size_finite(5, 3), 3);
    /* bad arguments */
    uint64_t n;
    sc_interval at;
    sc_error err;
    assert_int_equal(sc_size_for_margin(0.9, 0, SC_CI_WILSON, 0.95, &n, &at, &err), SC_EINVAL);
    assert_int_equal(sc_size_for_margin(1.2, 0.05, SC_CI_WILSON, 0.95, &n, &at, &err),
                     SC_EINVAL);
}

/* S13 against R's enumeration (binom.test, prop.test, dbinom), n - 1 short of the power */
static void test_power_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("sampling_power.csv");
    csv_row row;
    size_t cases = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 10);
        sc_target_kind kind = strcmp(row.field[2], "floor") == 0 ? SC_TARGET_FLOOR
                                                                 : SC_TARGET_CEILING;
        uint64_t n, x_crit;
        double power;
        sc_error err;
        assert_int_equal(sc_size_for_power(to_double(row.field[3]), to_double(row.field[4]),
                                           kind, method_of(row.field[0]),
                                           to_double(row.field[1]), to_double(row.field[5]), &n,
                                           &power, &x_crit, &err),
                         SC_OK);
        assert_int_equal(n, to_count(row.field[6]));
        assert_int_equal(x_crit, to_count(row.field[7]));
        assert_rel(power, to_double(row.field[8]), REL_TOL);
        assert_int_equal(sc_power_meets(n - 1, to_double(row.field[3]), to_double(row.field[4]),
                                        kind, method_of(row.field[0]), to_double(row.field[1]),
                                        &power, &x_crit, &err),
                         SC_OK);
        assert_rel(power, to_double(row.field[9]), REL_TOL);
        cases++;
    }
    fclose(f);
    assert_int_equal(cases, 8);
    uint64_t n, x_crit;
    double power;
    sc_error err;
    /* power 1 or more, a rate on the wrong side of the target */
    assert_int_equal(sc_size_for_power(0.95, 0.90, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, 1, &n,
                                       &power, &x_crit, &err),
                     SC_EINVAL);
    assert_int_equal(sc_size_for_power(0.85, 0.90, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, 0.8, &n,
                                       &power, &x_crit, &err),
                     SC_EINVAL);
    /* a sample too small to meet anything has no power */
    assert_int_equal(sc_power_meets(3, 0.95, 0.90, SC_TARGET_FLOOR, SC_CI_WILSON, 0.95, &power,
                                    &x_crit, &err),
                     SC_OK);
    assert_true(power == 0 && x_crit == 4);
}

/* S14-S15 against R: a full enumeration over both counts (sampling_change.csv), n - 1 short
 * of the power; power.prop.test for the normal approximation */
static void test_change_against_r(void **state)
{
    (void)state;
    FILE *f = open_data("sampling_change.csv");
    csv_row row;
    size_t cases = 0;
    while (csv_next(f, &row)) {
        assert_int_equal(row.count, 11);
        sc_diff_method method;
        assert_int_equal(sc_diff_method_from_name(row.field[0], &method), SC_OK);
        double level = to_double(row.field[1]), p0 = to_double(row.field[2]);
        double p1 = to_double(row.field[3]), wanted = to_double(row.field[4]);
        uint64_t n;
        double power, n_normal;
        sc_error err;
        assert_int_equal(sc_size_for_change(p0, p1, method, level, wanted, &n, &power, &err),
                         SC_OK);
        assert_int_equal(n, to_count(row.field[5]));
        assert_rel(power, to_double(row.field[6]), REL_TOL);
        assert_int_equal(sc_power_change(n - 1, p0, p1, method, level, &power, &err), SC_OK);
        assert_rel(power, to_double(row.field[7]), REL_TOL);
        assert_true(power < wanted);
        assert_int_equal(sc_size_normal_change(p0, p1, level, wanted, &n_normal, &err), SC_OK);
        assert_int_equal((uint64_t)ceil(n_normal), to_count(row.field[8]));
        assert_int_equal(sc_power_change(to_count(row.field[8]), p0, p1, method, level, &power,
                                         &err),
                         SC_OK);
        assert_rel(power, to_double(row.field[9]), REL_TOL);
        assert_int_equal(sc_power_change(100, p0, p1, method, level, &power, &err), SC_OK);
        assert_rel(power, to_double(row.field[10]), REL_TOL);
        cases++;
    }
    fclose(f);
    assert_int_equal(cases, 6);
    /* R: power.prop.test(p1 = 0.9, p2 = 0.95, power = 0.8)$n = 434.432 (printed digits) */
    double n_normal;
    sc_error err;
    assert_int_equal(sc_size_normal_change(0.90, 0.95, 0.95, 0.8, &n_normal, &err), SC_OK);
    assert_true(fabs(n_normal - 434.432) < 5e-4);
    /* a rise and the same fall with the outcome counted the other way have the same power
     * (Wilson's interval is symmetric) */
    double rise, fall;
    assert_int_equal(sc_power_change(250, 0.90, 0.95, SC_DIFF_NEWCOMBE, 0.95, &rise, &err),
                     SC_OK);
    assert_int_equal(sc_power_change(250, 0.10, 0.05, SC_DIFF_NEWCOMBE, 0.95, &fall, &err),
                     SC_OK);
    assert_rel(rise, fall, 1e-12);
    /* power grows with the level's miss rate and with the change */
    double looser, bigger;
    assert_int_equal(sc_power_change(250, 0.90, 0.95, SC_DIFF_NEWCOMBE, 0.90, &looser, &err),
                     SC_OK);
    assert_int_equal(sc_power_change(250, 0.90, 0.97, SC_DIFF_NEWCOMBE, 0.95, &bigger, &err),
                     SC_OK);
    assert_true(looser > rise && bigger > rise);
    /* errors: no change, a rate outside (0, 1), n = 0 or too large, power 1, too small a change */
    uint64_t n;
    double power;
    assert_int_equal(sc_power_change(100, 0.9, 0.9, SC_DIFF_NEWCOMBE, 0.95, &power, &err),
                     SC_EINVAL);
    assert_int_equal(sc_power_change(100, 0.9, 1.0, SC_DIFF_NEWCOMBE, 0.95, &power, &err),
                     SC_EINVAL);
    assert_int_equal(sc_power_change(0, 0.9, 0.95, SC_DIFF_NEWCOMBE, 0.95, &power, &err),
                     SC_EINVAL);
    assert_int_equal(
        sc_power_change(SC_CHANGE_N_MAX + 1, 0.9, 0.95, SC_DIFF_NEWCOMBE, 0.95, &power, &err),
        SC_EINVAL);
    assert_int_equal(sc_size_for_change(0.9, 0.95, SC_DIFF_NEWCOMBE, 0.95, 1, &n, &power, &err),
                     SC_EINVAL);
    assert_int_equal(
        sc_size_for_change(0.5, 0.505, SC_DIFF_NEWCOMBE, 0.95, 0.8, &n, &power, &err),
        SC_EDOMAIN);
}

static void test_size_table(void **state)
{
    (void)state;
    sc_size_opts o;
    sc_size_opts_init(&o);
    o.expected = 0.95;
    o.target = 0.90;
    sc_size_result r;
    sc_error err;
    /* the closing note: 179 batches (R enumeration, sampling_power.csv) */
    assert_int_equal(sc_size_table(&o, &r, &err), SC_OK);
    assert_int_equal(r.n, 179);
    assert_int_equal(r.x_needed, 168);
    assert_rel(r.power, 0.812940653347175, REL_TOL);
    sc_chart *chart;
    assert_int_equal(sc_size_chart(&o, &r, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_size_result_free(&r);
    /* a margin with a population (R prop.test: 208; Cochran for 500: 208 / 1.414 = 147.1 -> 148) */
    o.target = NAN;
    o.margin = 0.03;
    o.population = 500;
    assert_int_equal(sc_size_table(&o, &r, &err), SC_OK);
    assert_int_equal(r.n, 208);
    assert_int_equal(r.n_population, 148);
    assert_int_equal(sc_size_chart(&o, &r, &chart, &err), SC_EINVAL);
    sc_size_result_free(&r);
    /* both questions, or none */
    o.target = 0.9;
    assert_int_equal(sc_size_table(&o, &r, &err), SC_EINVAL);
    o.target = o.margin = NAN;
    assert_int_equal(sc_size_table(&o, &r, &err), SC_EINVAL);
    sc_size_result_free(&r);
    /* a change of 5 points from 90% (sampling_change.csv: 432 per period; power.prop.test
     * 434.432, so 435) */
    o.population = 0;
    o.expected = 0.90;
    o.change = 0.05;
    assert_int_equal(sc_size_table(&o, &r, &err), SC_OK);
    assert_int_equal(r.n, 432);
    assert_rel(r.power, 0.80040970626137, REL_TOL);
    assert_rel(r.power_normal, 0.803317631962692, REL_TOL);
    assert_true(fabs(r.n_normal - 434.432) < 5e-4);
    assert_int_equal(sc_size_chart(&o, &r, &chart, &err), SC_OK);
    sc_chart_free(chart);
    sc_size_result_free(&r);
    /* the change leaves (0, 1); a change beside a target */
    o.change = 0.15;
    assert_int_equal(sc_size_table(&o, &r, &err), SC_EINVAL);
    o.change = 0.05;
    o.target = 0.9;
    assert_int_equal(sc_size_table(&o, &r, &err), SC_EINVAL);
    sc_size_result_free(&r);
    sc_size_result_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_letters),
        cmocka_unit_test(test_normal_table),
        cmocka_unit_test(test_tightened_table),
        cmocka_unit_test(test_reduced_table),
        cmocka_unit_test(test_plan_find),
        cmocka_unit_test(test_oc_against_r),
        cmocka_unit_test(test_lq_large_n),
        cmocka_unit_test(test_summary_against_r),
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_oc_invariants_and_errors),
        cmocka_unit_test(test_lot_plan_tables),
        cmocka_unit_test(test_dql_plans_against_r),
        cmocka_unit_test(test_dql_iso_example),
        cmocka_unit_test(test_dql_table),
        cmocka_unit_test(test_margin_against_r),
        cmocka_unit_test(test_power_against_r),
        cmocka_unit_test(test_change_against_r),
        cmocka_unit_test(test_size_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
