/* spotcheck-plan — sampling plans and sample sizes: the single sampling plan of
 * GB/T 2828.1 / ISO 2859-1 for a lot, or any plan (n, Ac), with its operating
 * characteristic.  A calculator: it reads no input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "tool.h"

typedef enum { TABLE_PLAN, TABLE_OC } which_table;
static const char *const table_names[] = {"plan", "oc", NULL};

typedef struct plan_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    sc_lot_plan_opts lot;
    sc_dql_opts dql;
    sc_size_opts size;
    sc_allocation_opts alloc;
    const char *strata_path; /* --strata FILE */
    bool total_given;
    bool confidence_given, margin_given, expected_given, population_given;
    bool lot_given, level_given, inspection_given, aql_given, n_given, ac_given;
    bool dql_given, limit_given, change_given;
    double *p; /* --p LIST */
    size_t np;
    which_table table;
} plan_plan;

/* a decimal number with its end checked; a trailing % is allowed when percent */
static bool parse_number(const char *value, bool percent, double *out)
{
    char *end;
    errno = 0;
    if (value[strspn(value, "0123456789.eE+-%")] != '\0') /* no hex, inf or nan */
        return false;
    double x = strtod(value, &end);
    if (end == value || errno)
        return false;
    if (percent && *end == '%')
        end++;
    *out = x;
    return *end == '\0' && isfinite(x);
}

static bool parse_whole(const char *value, uint64_t *out)
{
    char *end;
    errno = 0;
    if (value[0] < '0' || value[0] > '9')
        return false;
    unsigned long long x = strtoull(value, &end, 10);
    if (*end || errno)
        return false;
    *out = x;
    return true;
}

static sc_status opt_lot_size(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    if (!parse_whole(value, &p->lot.lot_size))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--lot-size \"%s\": give the number of items in the lot", value);
    if (p->lot.lot_size == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--lot-size 0: a lot holds at least one item");
    p->lot_given = true;
    return SC_OK;
}

/* --level names an inspection level (I, II, S-1, ...) for lot acceptance, or
 * is a confidence level (0.95, 95%) for a sample size */
static sc_status opt_level(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    size_t index;
    if (sc_registry_find(&sc_inspection_levels, value, &index) == SC_OK) {
        p->lot.level = (sc_inspection_level)index;
        p->level_given = true;
        return SC_OK;
    }
    if (value[strspn(value, "0123456789.%")] == '\0' && strpbrk(value, ".%")) {
        /* a number: a confidence level, in range or refused as one */
        sc_status s = tk_parse_probability("level", value, &p->size.level, err);
        p->confidence_given = s == SC_OK;
        return s;
    }
    return sc_error_set(err, SC_EINVAL, NULL, 0,
                        "--level \"%s\": use an inspection level of GB/T 2828.1: I, II, III "
                        "(general) or S-1, S-2, S-3, S-4 (special); or, with --margin or "
                        "--target, a confidence level such as 0.95",
                        value);
}

static sc_status opt_aql(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    double aql;
    if (!parse_number(value, true, &aql))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--aql \"%s\": give an AQL of the series, in percent (e.g. 1.0)",
                            value);
    size_t index;
    sc_status s = sc_aql_find(aql, &index, err);
    if (s != SC_OK)
        return s;
    p->lot.aql = sc_aql_series[index];
    p->aql_given = true;
    return SC_OK;
}

static sc_status opt_n(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    if (!parse_whole(value, &p->lot.n) || p->lot.n == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--n \"%s\": give the sample size, a whole number of at least 1",
                            value);
    p->n_given = true;
    return SC_OK;
}

static sc_status opt_ac(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    uint64_t ac;
    if (!parse_whole(value, &ac) || ac > 1000000)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--ac \"%s\": give the acceptance number, a whole number 0 or more",
                            value);
    p->lot.ac = (unsigned)ac;
    p->ac_given = true;
    return SC_OK;
}

/* a quality in percent, as the standards print it (0.65 = 0.65%); "0.65%" too */
static sc_status parse_percent(const char *option, const char *value, double *out,
                               sc_error *err)
{
    double x;
    char shifted[80];
    /* divided by 100 in decimal, so that 0.65 becomes the double nearest 0.0065 */
    int len = (int)strcspn(value, "%");
    if (!parse_number(value, true, &x) || !(x > 0 && x < 100) || len > 60 ||
        strpbrk(value, "eE"))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--%s \"%s\": give a percentage above 0 and below 100 (0.65 for "
                            "0.65%%)",
                            option, value);
    snprintf(shifted, sizeof shifted, "%.*se-2", len, value);
    *out = strtod(shifted, NULL);
    return SC_OK;
}

static sc_status opt_dql(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    p->dql_given = true;
    return parse_percent("dql", value, &p->dql.dql, err);
}

static sc_status opt_lq(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    return parse_percent("lq", value, &((plan_plan *)plan)->dql.lq, err);
}

static sc_status opt_lqr(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    double ratio;
    if (!parse_number(value, false, &ratio) || !(ratio > 1))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--lqr \"%s\": give the limiting quality ratio, a number above 1",
                            value);
    ((plan_plan *)plan)->dql.lqr = ratio;
    return SC_OK;
}

static sc_status opt_limit(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    uint64_t limit;
    if (!parse_whole(value, &limit) || limit > 1000000)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--limit \"%s\": give the limiting number L, a whole number 0 or "
                            "more",
                            value);
    p->dql.limit = (unsigned)limit;
    p->limit_given = true;
    return SC_OK;
}

static sc_status opt_expected(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    p->expected_given = true;
    return tk_parse_probability("expected", value, &p->size.expected, err);
}

static sc_status opt_margin(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    double margin;
    if (!parse_number(value, true, &margin))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--margin \"%s\": give the half-width as a proportion (0.03) or "
                            "in percent (3%%)",
                            value);
    if (strchr(value, '%'))
        margin /= 100;
    if (!(margin > 0 && margin <= 0.5))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--margin \"%s\": the half-width must be above 0 and at most 0.5",
                            value);
    p->size.margin = margin;
    p->margin_given = true;
    return SC_OK;
}

static sc_status opt_power(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    double x;
    if (parse_number(value, true, &x) && (strchr(value, '%') ? x >= 100 : x >= 1) &&
        !(x > 1 && x < 100 && !strchr(value, '%')))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--power \"%s\": a power of 1 (100%%) or more cannot be had; give "
                            "a probability below 1, such as 0.8",
                            value);
    return tk_parse_probability("power", value, &p->size.power, err);
}

/* --change D: percentage points, signed (5 or +5 a rise, -3 a fall), as the
 * change column of a targets file */
static sc_status opt_change(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    double points;
    if (!parse_number(value, false, &points) || !(points > -100 && points < 100) ||
        points == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--change \"%s\": give the change to detect in percentage points, "
                            "not 0, between -100 and 100 (5 or +5 a rise of 5 points, -3 a fall)",
                            value);
    p->size.change = points / 100;
    p->change_given = true;
    return SC_OK;
}

static sc_status opt_total(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    if (!parse_whole(value, &p->alloc.total) || p->alloc.total == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--total \"%s\": give the total sample to allocate, a whole number "
                            "of at least 1",
                            value);
    p->total_given = true;
    return SC_OK;
}

static sc_status opt_population(void *plan, const tk_opt *opt, const char *value,
                                sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    if (!parse_whole(value, &p->size.population) || p->size.population == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--population \"%s\": give the number of batches (or items) "
                            "sampled from, at least 1",
                            value);
    p->population_given = true;
    return SC_OK;
}

static sc_status opt_p(void *plan, const tk_opt *opt, const char *value, sc_error *err)
{
    (void)opt;
    plan_plan *p = plan;
    size_t count = 1;
    for (const char *c = value; *c; c++)
        count += *c == ',';
    p->p = calloc(count, sizeof *p->p);
    if (!p->p)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    const char *start = value;
    for (size_t i = 0; i < count; i++) {
        size_t len = strcspn(start, ",");
        char item[64];
        double x;
        bool ok = len > 0 && len < sizeof item;
        if (ok) {
            memcpy(item, start, len);
            item[len] = '\0';
            ok = parse_number(item, true, &x);
            if (ok && strchr(item, '%'))
                x /= 100;
        }
        if (!ok)
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--p \"%s\": give qualities as proportions (0.01) or "
                                "percentages (1%%), separated by commas",
                                value);
        p->p[p->np++] = x;
        start += len + 1;
    }
    return SC_OK;
}

#define PLAN(member) offsetof(plan_plan, member)

static const tk_opt plan_options[] = {
    {.name = "lot-size", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_lot_size,
     .help = "items in the lot (批量): gives the code letter, and the AOQ and ATI of "
             "rectifying inspection"},
    {.name = "level", .arg = "LEVEL", .kind = TK_OPT_CUSTOM, .apply = opt_level,
     .help = "inspection level (检验水平): I, II (default), III, S-1, S-2, S-3 or S-4; with "
             "--margin or --target the confidence level (default 0.95)"},
    {.name = "aql", .arg = "A", .kind = TK_OPT_CUSTOM, .apply = opt_aql,
     .help = "acceptance quality limit (接收质量限) in percent, from the series 0.010, "
             "0.015, 0.025, ... 1.0, 1.5, 2.5, 4.0, 6.5, 10, ... 1000"},
    {.name = "inspection", .arg = "SEVERITY", .kind = TK_OPT_NAME, .registry = &sc_inspections,
     .offset = PLAN(lot.inspection),
     .help = "normal (default), tightened or reduced (the MIL-STD-105E / ANSI Z1.4 table)"},
    {.name = "n", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_n,
     .help = "the sample size of an explicit plan (with --ac) instead of the tables, or of a "
             "plan to assess a DQL (with --limit)"},
    {.name = "ac", .arg = "C", .kind = TK_OPT_CUSTOM, .apply = opt_ac,
     .help = "an explicit plan's acceptance number (with --n); Re = C + 1"},
    {.name = "model", .arg = "MODEL", .kind = TK_OPT_NAME, .registry = &sc_oc_models,
     .offset = PLAN(lot.model),
     .help = "the OC's distribution: binomial (default), poisson (nonconformities per 100 "
             "items) or hypergeometric (a finite lot; needs --lot-size)"},
    {.name = "p", .arg = "LIST", .kind = TK_OPT_CUSTOM, .apply = opt_p,
     .help = "qualities of the OC table, comma-separated proportions (0.01) or percentages "
             "(1%) (default: from 0 in a round step to where Pa falls to 1%, at most 21 points)"},
    {.name = "dql", .arg = "P", .kind = TK_OPT_CUSTOM, .apply = opt_dql,
     .help = "declared quality level (声称质量水平) in percent: assess it by GB/T 2828.4 / "
             "ISO 2859-4"},
    {.name = "lqr", .arg = "R", .kind = TK_OPT_CUSTOM, .apply = opt_lqr,
     .help = "limiting quality ratio (极限质量比) LQ / DQL, above 1 (with --dql)"},
    {.name = "lq", .arg = "P", .kind = TK_OPT_CUSTOM, .apply = opt_lq,
     .help = "limiting quality (极限质量) in percent, instead of --lqr (with --dql)"},
    {.name = "limit", .arg = "L", .kind = TK_OPT_CUSTOM, .apply = opt_limit,
     .help = "the limiting number (不合格品限定数) of a given plan, with --n and --dql: the "
             "DQL is not contradicted when at most L items are nonconforming"},
    {.name = "expected", .arg = "P", .kind = TK_OPT_CUSTOM, .apply = opt_expected,
     .help = "the anticipated rate (of --rate) for a sample size: 0.95 or 95%"},
    {.name = "margin", .arg = "E", .kind = TK_OPT_CUSTOM, .apply = opt_margin,
     .help = "sample size for an interval of half-width at most E (0.03 or 3%: 3 "
             "percentage points)"},
    TK_OPT_TARGET(PLAN(size.target), "sample size to show that the rate meets the target P (with "
                     "--expected and --power)"),
    {.name = "change", .arg = "D", .kind = TK_OPT_CUSTOM, .apply = opt_change,
     .help = "sample size per period to detect a change of D percentage points (5 a rise, -5 "
             "a fall) from the --expected rate, as spotcheck diff's verdict (with --power)"},
    {.name = "power", .arg = "P", .kind = TK_OPT_CUSTOM, .apply = opt_power,
     .help = "the probability wanted of the verdict meets, or of improved or worse with "
             "--change (default 0.8)"},
    {.name = "diff-method", .arg = "METHOD", .kind = TK_OPT_NAME, .registry = &sc_diff_methods,
     .offset = PLAN(size.diff_method),
     .help = "interval of the change with --change, as spotcheck diff --method: newcombe "
             "(default), newcombe-cc, wald, wald-cc, agresti-caffo, miettinen-nurminen"},
    TK_OPT_METHOD(PLAN(size.method), &sc_ci_methods,
                  "interval method of the margin and of the verdict (default wilson), as in "
                  "spotcheck rate"),
    TK_OPT_RATE(PLAN(size.kind)),
    {.name = "population", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_population,
     .help = "finite population for the margin's sample size (Cochran's correction)"},
    {.name = "strata", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(strata_path),
     .help = "allocate --total over strata: a CSV file with the columns stratum, population "
             "and optionally rate (the anticipated rate, for --allocation neyman)"},
    {.name = "total", .arg = "N", .kind = TK_OPT_CUSTOM, .apply = opt_total,
     .help = "the total sample to allocate over the --strata"},
    {.name = "allocation", .arg = "HOW", .kind = TK_OPT_NAME, .registry = &sc_allocations,
     .offset = PLAN(alloc.allocation),
     .help = "proportional (to the populations, default), equal or neyman (to N sqrt(p (1 - "
             "p)) with the anticipated rates)"},
    {.name = "min-per-stratum", .arg = "K", .kind = TK_OPT_COUNT,
     .offset = PLAN(alloc.min_per_stratum),
     .help = "at least K in every stratum (a smaller stratum is taken whole; default 0)"},
    {.name = "table", .arg = "WHICH", .kind = TK_OPT_CHOICE, .offset = PLAN(table),
     .choices = table_names,
     .help = "which table to write: plan (default) or oc (json and xlsx have both)"},
    {0},
};

static const tk_man_section plan_sections[] = {
    {"LOT ACCEPTANCE (GB/T 2828.1 = ISO 2859-1)",
     "With --lot-size, --level and --aql the plan is the single sampling plan of GB/T "
     "2828.1-2012 (ISO 2859-1:1999): the sample-size code letter from Table 1 (15 lot-size "
     "ranges by the levels S-1 to S-4, I, II, III), then the cell of the master table for "
     "the letter and the AQL: Table 2-A (normal), 2-B (tightened; with its row S, n = 3150) "
     "or the reduced table.  An arrow is followed to the first cell holding a plan below or "
     "above it, and that cell's letter gives n: so n may differ from the letter's own "
     "sample size.  When n is the lot size or more, every item is inspected (100% "
     "inspection): n becomes N and full_inspection says yes.\n"
     "\n"
     "Reduced inspection: the reduced table held here is the one of MIL-STD-105E and "
     "ANSI/ASQ Z1.4 (Table II-C), whose rejection number may exceed the acceptance number "
     "by more than one: a lot with more than Ac and fewer than Re nonconforming items is "
     "accepted, and normal inspection is reinstated.  ISO 2859-1:1999, and so GB/T "
     "2828.1-2012, changed Table 2-C to close that gap; its values are not in spotcheck.  "
     "The table column of the output names the table used, and a note on standard error "
     "says so for every reduced plan.  The normal and tightened tables are the same in all "
     "these standards.\n"
     "\n"
     "AQLs above 10 exist only for nonconformities per 100 items: give --model poisson.  "
     "The tables were taken from the R package AQLSchemes (Lawson; MIL-STD-105E) and "
     "checked against the construction rule of Table 2-A and a reproduction of Table 1 "
     "(tests/data/iso2859/README.md)."},
    {"OPERATING CHARACTERISTIC",
     "For the plan (from the tables, or --n and --ac), Pa(p) = P(d <= Ac), the probability "
     "of accepting a lot of quality p: d ~ Bin(n, p) (binomial, the default; a lot much "
     "larger than the sample), d ~ Poisson(n p) (poisson; p in nonconformities per item) "
     "or d hypergeometric with D = round(p N) nonconforming items in the lot of N "
     "(hypergeometric, GB/T 2828.11; the table then shows p = D / N).  Probabilities are "
     "GSL's (gsl_cdf_binomial_P, gsl_cdf_poisson_P, gsl_cdf_hypergeometric_P).\n"
     "\n"
     "With a lot size, rectifying inspection: rejected lots are sorted 100% and their "
     "nonconforming items replaced, so AOQ(p) = p Pa (N - n) / N (average outgoing "
     "quality) and ATI(p) = n + (1 - Pa)(N - n) (average total inspection).  Without a "
     "lot size, AOQ = p Pa and ATI is empty.  AOQL is the largest AOQ over p, and aoql_p "
     "the p where it is reached (the root of the derivative of p Pa(p); hypergeometric: "
     "the largest over D).  producer_risk is 1 - Pa at the AQL (with --aql); lq is the "
     "quality at which Pa = 10% (the consumer's risk quality, or limiting quality).  Under "
     "100% inspection the AOQL is 0."},
    {"DECLARED QUALITY LEVEL (GB/T 2828.4 = ISO 2859-4)",
     "With --dql the tool assesses a declared quality level (DQL, in percent nonconforming): "
     "a sample of n is drawn and the DQL is not contradicted when at most L items (the "
     "limiting number) are nonconforming.  The risks of a plan are alpha = P(d > L) when the "
     "quality is the DQL (contradicting a correct declaration) and beta = P(d <= L) when it "
     "is the limiting quality LQ = LQR x DQL (not contradicting a wrong one).\n"
     "\n"
     "With --lqr R (or --lq P, the limiting quality itself) the tool finds the smallest plan "
     "with alpha <= 5% and beta <= 10%: for L = 0, 1, 2, ... the smallest n with beta <= "
     "10% (it grows with L), the first L where that n also keeps alpha <= 5%.  With --n and "
     "--limit it gives the risks of that plan (beta with --lqr or --lq).  lq10 is the "
     "quality at which P(d <= L) = 10%, so lq10 / DQL is the ratio the plan tells apart.  "
     "The models are those of lot acceptance; a small population takes --model "
     "hypergeometric with --lot-size N (GB/T 2828.11), where a quality p means round(p N) "
     "nonconforming items.\n"
     "\n"
     "The example of ISO 2859-4:2002: DQL 0.65%, n = 125, L = 2; the DQL is not "
     "contradicted with probability P(d <= 2) = 0.95133."},
    {"SAMPLE SIZE FOR A PASS RATE",
     "With --expected P and --margin E: the smallest number of batches n for which the "
     "interval of --method (default wilson, any method of spotcheck rate) at --level "
     "(default 0.95) around the anticipated rate has half-width (upper - lower) / 2 at most "
     "E, computed at x = round(n P) passed batches (the n with x = 0 or x = n are skipped: "
     "Wald's [0, 0] would say nothing).  With --population N the sample is corrected for "
     "a finite population (Cochran 1977, 4.4): n_N = ceil(n / (1 + (n - 1) / N)).\n"
     "\n"
     "With --expected P1 and --target P0: the smallest n for which the verdict of "
     "spotcheck rate --target P0 (the one-sided bound of --method at --level and the exact "
     "binomial p-value, DESIGN.md section 4) says meets with probability at least --power "
     "(default 0.8) when the true rate is P1.  The power is exact: for each n the verdict is "
     "computed for every count of passed batches (the critical count x_needed is found by "
     "bisection), and the power is the binomial probability of those counts; the normal "
     "formula only tells where to start counting.  With --rate fail the rates are "
     "unqualified rates and the target is a ceiling: x_needed is the most unqualified "
     "batches that still meet it.\n"
     "\n"
     "Exact intervals and tests saw-tooth in n: a larger n can have a wider interval or less "
     "power than the one printed (the chart of the power question shows it).  The n printed "
     "is the first that reaches the margin or the power, as sample-size programs give it; "
     "adding a few batches keeps it safe.\n"
     "\n"
     "With --expected P0 and --change D: the smallest number of batches n per period (the "
     "same in both) for which spotcheck diff, comparing the two periods, says improved or "
     "worse with probability at least --power when the rate moves from P0 to P0 + D/100 (D "
     "in percentage points: 5 or +5 a rise, -5 a fall).  That verdict is the one diff "
     "prints: the two-sided interval of the change (--diff-method, default newcombe, as "
     "diff's --method) at --level lies entirely above or below 0.  Its power is exact (the "
     "n column): the probability, over both binomial counts, that the interval lies on the "
     "side of the true change, summed over every baseline count that has probability above "
     "1e-18.  Beside it, n_normal is the normal approximation of R's power.prop.test "
     "(two-sided, pooled variance under no change), rounded up, and power_at_n_normal the "
     "exact power at that n, so the two can be compared; the approximation is not the plan.  "
     "A change needing more than 50000 batches per period (under 1 point near 50%) is "
     "refused."},
    {"ALLOCATION OVER STRATA",
     "With --strata FILE and --total N: N units (batches, enterprises) shared out over the "
     "strata of FILE, a CSV file with a header and the columns stratum (a name), population "
     "(the units in the stratum, at least 1) and optionally rate (the anticipated pass or "
     "unqualified rate, 0.95 or 95%; needed by Neyman allocation).  --allocation "
     "proportional (default) shares in proportion to the populations N_h, equal gives every "
     "stratum the same, and neyman shares in proportion to N_h sqrt(p_h (1 - p_h)), the "
     "allocation with the smallest variance of the stratified rate (Cochran 1977, 5.5).  "
     "--min-per-stratum K gives every stratum at least K (a stratum of fewer units is "
     "taken whole), and no stratum gets more than its population: the exact shares (quota) "
     "are clamp(lambda w_h, K, N_h) for the lambda at which they sum to N, so a stratum the "
     "share would push past its population is taken whole and the rest shared again.  The "
     "quotas are rounded by the largest remainder: every stratum gets the whole part of its "
     "quota, and the units still missing go one each to the largest fractional parts (ties "
     "in file order), so the n add up to N exactly.  Neyman strata with a rate of 0 or 1 "
     "have no variance and get only the minimum, unless the others cannot take the rest.  "
     "A total above the population, or minimums above the total, are usage errors."},
    {"OUTPUT",
     "--table plan (default): lot_size, inspection_level, aql, inspection, table, "
     "code_letter, plan_letter, n, ac, re, full_inspection, model, producer_risk, lq, aoql, "
     "aoql_p.  --table oc: p, pa, aoq, ati.  json carries both tables (plan and oc).  The "
     "chart (--plot, --render) is the OC curve with the AQL and the limiting quality "
     "marked and the line Pa = 10%; its axis is in percent nonconforming (per 100 items "
     "for the Poisson model).\n"
     "\n"
     "With --dql: one table (assessment): dql, lq, lqr, population, model, plan (found or "
     "given), n, limit, p_not_contradicted (P(d <= L) at the DQL), alpha, beta, lq10; the "
     "chart is the curve of P(d <= L) with the DQL and the LQ marked.\n"
     "\n"
     "With --margin: one table (size): rate, expected, margin, method, level, population, n, "
     "n_population, lower, upper, half_width (the interval at n).  With --target: rate, "
     "expected, target, method, level, power_wanted, n, x_needed, power; the chart is the "
     "power against n with n marked.  With --change: rate, baseline, change (a points "
     "column: 0.05 for 5 points), current, method, level, power_wanted, n (per period, "
     "exact power of diff's verdict), power, n_normal (the normal approximation of "
     "power.prop.test), power_at_n_normal (the exact power at n_normal); the chart is the "
     "exact power against n per period.\n"
     "\n"
     "With --strata: one table (allocation): stratum, population, rate (when the file has "
     "it), quota (the exact share), n, fraction (n / population)."},
    {"EXAMPLES",
     "The normal plan for a lot of 1000 at level II and AQL 1.0 (code letter J: n = 80, "
     "Ac = 2, Re = 3), then its OC at three qualities, and its OC curve:\n"
     "\n"
     "  spotcheck plan --lot-size 1000 --level II --aql 1.0 --format table\n"
     "  spotcheck plan --lot-size 1000 --aql 1.0 --table oc --p 1%,5%,10% --format table\n"
     "  spotcheck plan --lot-size 1000 --aql 1.0 --render oc.png\n"
     "\n"
     "An explicit plan of 20 with Ac = 1 on lots of 1000:\n"
     "\n"
     "  spotcheck plan --n 20 --ac 1 --lot-size 1000 --table oc --p 0.01,0.05,0.1\n"
     "\n"
     "The ISO 2859-4 example (DQL 0.65%, n = 125, L = 2), and the smallest plan for DQL "
     "0.65% at a limiting quality ratio of 5 (n = 204, L = 3):\n"
     "\n"
     "  spotcheck plan --dql 0.65 --n 125 --limit 2 --format table\n"
     "  spotcheck plan --dql 0.65 --lqr 5 --format table --percent\n"
     "\n"
     "Batches per district to show that a district at 95% meets a 90% target with 80% "
     "power (179), and the batches for a margin of 3 points around 95% in a population of "
     "500:\n"
     "\n"
     "  spotcheck plan --expected 0.95 --target 0.90 --power 0.8 --format table\n"
     "  spotcheck plan --expected 95% --margin 3% --population 500 --format table\n"
     "\n"
     "Batches per period for spotcheck diff to show a rise of 5 points from 90% with 80% "
     "power (432 per period; the normal approximation says 435):\n"
     "\n"
     "  spotcheck plan --expected 0.90 --change 5 --format table\n"
     "\n"
     "400 inspections shared over the enterprises of the demo data by size class, Neyman "
     "allocation with last year's pass rates and at least 20 per class:\n"
     "\n"
     "  spotcheck plan --strata datasets/demo/strata.csv --total 400 --allocation neyman "
     "--min-per-stratum 20 --format table"},
    {0},
};

static const tk_tool plan_info = {
    .name = "plan",
    .summary = "sampling plans (GB/T 2828.1, GB/T 2828.4) and sample sizes for a pass rate",
    .description =
        "spotcheck plan is a calculator for planning inspections: the single sampling plan "
        "of GB/T 2828.1 (ISO 2859-1) for a lot size, inspection level and AQL, or any plan "
        "(n, Ac), with its operating characteristic: the probability of accepting lots of "
        "each quality, the average outgoing quality and its limit (AOQL), the average total "
        "inspection, the producer's risk and the limiting quality; and the plans of GB/T "
        "2828.4 (ISO 2859-4) that assess a declared quality level, with their risks; and the "
        "number of batches to sample for a pass rate: for an interval's margin, to show "
        "with a given power that a rate meets its target, or per period to detect a change "
        "between two periods; and the allocation of a total sample over strata (equal, "
        "proportional or Neyman).  It reads no input but a small strata file.",
    .options = plan_options,
    .sections = plan_sections,
    .input = TK_INPUT_NONE,
};

static sc_status run(plan_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_lot_plan_opts *o = &p->lot;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    o->p = p->p;
    o->np = p->np;
    sc_lot_plan_result r;
    sc_status s = sc_lot_plan_tables(o, &r, err);
    if (s == SC_OK && o->from_table && o->inspection == SC_INSPECTION_REDUCED)
        tk_note(common, "reduced inspection uses the MIL-STD-105E / ANSI Z1.4 table; "
                        "GB/T 2828.1-2012 (ISO 2859-1:1999) Table 2-C differs%s",
                r.plan.re > r.plan.ac + 1
                    ? " (here: between Ac and Re nonconforming, accept the lot and return to "
                      "normal inspection)"
                    : "");
    if (s == SC_OK && r.plan.full_inspection)
        tk_note(common, "the plan's sample (%llu) is not smaller than the lot (%llu): "
                        "inspect every item (100%% inspection)",
                (unsigned long long)r.plan.table_n, (unsigned long long)o->lot_size);
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_lot_plan_chart(o, &r, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        sc_kv options[2];
        size_t noptions = 0;
        options[noptions++] = (sc_kv){"mode", o->from_table ? "gb2828.1" : "explicit"};
        options[noptions++] = (sc_kv){"model", sc_registry_entry_at(&sc_oc_models, o->model)->name};
        sc_read_stats stats = {0};
        sc_meta meta = tk_meta(common, "plan", &stats, options, noptions);
        sc_named_table all[] = {{"plan", r.summary}, {"oc", r.curve}};
        s = tk_write_tables(common, all, 2, p->table, &meta, err);
    }
    sc_lot_plan_result_free(&r);
    return s;
}

static sc_status run_dql(plan_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_dql_opts *o = &p->dql;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_dql_result r;
    sc_status s = sc_dql_table(o, &r, err);
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_dql_chart(o, &r, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        sc_kv options[] = {{"mode", "gb2828.4"},
                           {"model", sc_registry_entry_at(&sc_oc_models, o->model)->name}};
        sc_read_stats stats = {0};
        sc_meta meta = tk_meta(common, "plan", &stats, options, 2);
        sc_named_table table = {"assessment", r.table};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_dql_result_free(&r);
    return s;
}

static sc_status run_size(plan_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_size_opts *o = &p->size;
    o->lang = common->output.lang;
    o->words = tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN;
    sc_size_result r;
    sc_status s = sc_size_table(o, &r, err);
    if (s == SC_OK && tk_wants_chart(common)) {
        sc_chart *chart;
        s = sc_size_chart(o, &r, &chart, err);
        if (s == SC_OK)
            s = tk_chart(common, chart, err);
        sc_chart_free(chart);
    }
    if (s == SC_OK) {
        sc_kv options[] = {{"mode", !isnan(o->change)   ? "change"
                                    : isnan(o->margin) ? "power"
                                                       : "margin"},
                           {"rate", sc_rate_kind_names[o->kind]}};
        sc_read_stats stats = {0};
        sc_meta meta = tk_meta(common, "plan", &stats, options, 2);
        sc_named_table table = {"size", r.table};
        s = tk_write(common, &table, 1, &meta, err);
    }
    sc_size_result_free(&r);
    return s;
}

static sc_status run_alloc(plan_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_strata *strata = NULL;
    sc_table *table = NULL;
    sc_status s = sc_strata_read(p->strata_path, NULL, &strata, err);
    if (s == SC_OK)
        s = sc_allocation_table(strata, &p->alloc, &table, err);
    if (s == SC_OK) {
        char total[32], minimum[32];
        snprintf(total, sizeof total, "%llu", (unsigned long long)p->alloc.total);
        snprintf(minimum, sizeof minimum, "%llu", (unsigned long long)p->alloc.min_per_stratum);
        sc_kv options[] = {
            {"mode", "allocation"},
            {"allocation", sc_registry_entry_at(&sc_allocations, p->alloc.allocation)->name},
            {"total", total},
            {"min_per_stratum", minimum},
            {"strata", p->strata_path}};
        sc_read_stats stats = {0};
        sc_meta meta = tk_meta(common, "plan", &stats, options, 5);
        sc_named_table named = {"allocation", table};
        s = tk_write(common, &named, 1, &meta, err);
    }
    sc_table_free(table);
    sc_strata_free(strata);
    return s;
}

/* --strata and its options: nothing of the other modes goes with them. */
static void check_strata_mode(plan_plan *p)
{
    tk_common *c = &p->common;
    bool alloc_options = p->total_given || p->alloc.allocation != SC_ALLOCATION_PROPORTIONAL ||
                         p->alloc.min_per_stratum != 0;
    if (!p->strata_path) {
        if (alloc_options)
            tk_usage_error(c, "--total, --allocation and --min-per-stratum go with --strata FILE");
        return;
    }
    if (p->lot_given || p->aql_given || p->level_given || p->confidence_given ||
        p->lot.inspection != SC_INSPECTION_NORMAL || p->n_given || p->ac_given ||
        p->dql_given || p->limit_given || p->p || p->lot.model != SC_OC_BINOMIAL ||
        p->margin_given || !isnan(p->size.target) || p->change_given || p->expected_given ||
        p->population_given || p->size.method != SC_CI_WILSON ||
        p->size.diff_method != SC_DIFF_NEWCOMBE || p->size.kind != SC_RATE_PASS ||
        p->size.power != 0.80 || !isnan(p->dql.lq) || !isnan(p->dql.lqr))
        tk_usage_error(c, "--strata allocates a total over strata: it takes --total, "
                          "--allocation and --min-per-stratum, and no option of the other "
                          "questions");
    if (p->table == TABLE_OC)
        tk_usage_error(c, "--table oc goes with lot acceptance (--aql), not with --strata");
    if (!p->total_given)
        tk_usage_error(c, "give --total N: the sample to allocate over the --strata");
}

/* Which options go with which mode: usage errors before anything runs. */
static void check_modes(plan_plan *p)
{
    tk_common *c = &p->common;
    p->inspection_given = p->lot.inspection != SC_INSPECTION_NORMAL;
    bool size_mode = p->margin_given || !isnan(p->size.target) || p->change_given;
    bool size_options = p->expected_given || p->population_given || p->confidence_given ||
                        p->size.method != SC_CI_WILSON || p->size.kind != SC_RATE_PASS ||
                        p->size.power != 0.80 || p->size.diff_method != SC_DIFF_NEWCOMBE;
    if (size_mode && p->level_given)
        tk_usage_error(c, "--level names an inspection level here: a sample size takes a "
                          "confidence level such as --level 0.95");
    if (!size_mode && p->confidence_given)
        tk_usage_error(c, "--level: a confidence level goes with --margin, --target or "
                          "--change; lot acceptance takes an inspection level (I, II, III, "
                          "S-1 .. S-4)");
    if (size_mode) {
        if (p->lot_given || p->aql_given || p->level_given || p->inspection_given ||
            p->n_given || p->ac_given || p->dql_given || p->limit_given || p->p ||
            p->lot.model != SC_OC_BINOMIAL)
            tk_usage_error(c, "--margin, --target and --change ask for a sample size: the "
                              "options of lot acceptance (--lot-size, --aql, --n, --model, ...) "
                              "and of --dql do not go with them");
        if (p->margin_given + !isnan(p->size.target) + p->change_given > 1)
            tk_usage_error(c, "give --margin E, --target P or --change D, one question at a "
                              "time");
        if (!p->expected_given)
            tk_usage_error(c, "give --expected P: the rate you anticipate");
        if (p->table == TABLE_OC)
            tk_usage_error(c, "--table oc goes with lot acceptance (--aql)");
        if (p->population_given && !p->margin_given)
            tk_usage_error(c, "--population corrects the margin's sample size: it goes with "
                              "--margin");
        if (p->change_given && p->size.method != SC_CI_WILSON)
            tk_usage_error(c, "--method is the interval of one rate: the interval of a change "
                              "is --diff-method (as spotcheck diff's --method)");
        if (!p->change_given && p->size.diff_method != SC_DIFF_NEWCOMBE)
            tk_usage_error(c, "--diff-method goes with --change");
        if (p->margin_given && p->size.power != 0.80)
            tk_usage_error(c, "--power goes with --target");
        return;
    }
    if (size_options)
        tk_usage_error(c, "--expected, --power, --method, --diff-method, --rate, --population "
                          "and a confidence --level go with --margin, --target or --change");
    if (p->dql_given) {
        if (p->aql_given || p->level_given || p->inspection_given || p->ac_given || p->p)
            tk_usage_error(c, "--dql assesses a declared quality level (GB/T 2828.4): --aql, "
                              "--level, --inspection, --ac and --p go with lot acceptance");
        if (p->table == TABLE_OC)
            tk_usage_error(c, "--table oc goes with lot acceptance (--aql), not with --dql");
        if (p->n_given != p->limit_given)
            tk_usage_error(c, "a given plan needs both --n N and --limit L");
        if (!p->n_given && isnan(p->dql.lq) && isnan(p->dql.lqr))
            tk_usage_error(c, "give --lqr R or --lq P to find a plan for --dql, or --n N and "
                              "--limit L for the risks of a plan");
        p->dql.given_plan = p->n_given;
        p->dql.n = p->lot.n;
        p->dql.lot_size = p->lot.lot_size;
        p->dql.model = p->lot.model;
        return;
    }
    if (p->limit_given || !isnan(p->dql.lq) || !isnan(p->dql.lqr))
        tk_usage_error(c, "--limit, --lq and --lqr go with --dql");
    if (p->n_given != p->ac_given)
        tk_usage_error(c, "an explicit plan needs both --n N and --ac C");
    if (p->n_given) {
        if (p->level_given || p->inspection_given)
            tk_usage_error(c, "--n and --ac give the plan: --level and --inspection go with the "
                              "tables (--lot-size and --aql without --n)");
        p->lot.from_table = false;
        return;
    }
    if (!p->lot_given)
        tk_usage_error(c, "give --lot-size N and --aql A (a plan of GB/T 2828.1), --n N and "
                          "--ac C (an explicit plan), --dql P (GB/T 2828.4), --expected P with "
                          "--margin, --target or --change (a sample size), or --strata FILE "
                          "with --total N (an allocation)");
    if (!p->aql_given)
        tk_usage_error(c, "give --aql A: the acceptance quality limit in percent");
}

int main(int argc, char **argv)
{
    plan_plan plan = {0};
    sc_lot_plan_opts_init(&plan.lot);
    sc_dql_opts_init(&plan.dql);
    sc_size_opts_init(&plan.size);
    plan.alloc = (sc_allocation_opts){.allocation = SC_ALLOCATION_PROPORTIONAL};
    tk_parse(&plan_info, argc, argv, &plan.common, &plan);
    check_strata_mode(&plan);
    if (!plan.strata_path)
        check_modes(&plan);
    sc_error err;
    sc_error_clear(&err);
    bool size_mode = plan.margin_given || !isnan(plan.size.target) || plan.change_given;
    sc_status s = plan.strata_path ? run_alloc(&plan, &err)
                  : size_mode      ? run_size(&plan, &err)
                  : plan.dql_given ? run_dql(&plan, &err)
                                   : run(&plan, &err);
    if (s == SC_EINVAL || s == SC_EDOMAIN) /* options the library refused (an AQL above 10,
                                                a p beyond 1) or asking for what cannot be */
        tk_usage_error(&plan.common, err.message);
    int code = s == SC_OK ? 0 : tk_fail(&plan.common, &err);
    free(plan.p);
    tk_free(&plan.common);
    return code;
}
