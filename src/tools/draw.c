/* spotcheck-draw — reproducible random selection (双随机): the units to
 * inspect drawn from a register, per stratum, by a keyed hash of the seed and
 * each id, so that anyone with the seed and the register gets the same draw.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spotcheck/analysis.h"
#include "tool.h"

typedef enum { TABLE_SELECTION, TABLE_STRATA, TABLE_INSPECTORS } which_table;
static const char *const table_names[] = {"selection", "strata", "inspectors", NULL};
/* in the order of sc_allocation */
static const char *const allocation_names[] = {"proportional", "equal", "neyman", NULL};

typedef struct draw_plan {
    tk_common common; /* first, so that common options can be applied to the plan */
    const char *id;
    const char *seed;
    uint64_t total;
    double fraction;
    int allocation; /* index in allocation_names: the sc_allocation of the same name */
    const char *rates;       /* --rates FILE */
    const char *rate_column; /* --rate-column COL */
    uint64_t min_per_stratum;
    const char *exclude; /* --exclude FILE */
    const char *include; /* --include FILE */
    const char *inspectors; /* --inspectors FILE */
    const char *region;     /* --region COL */
    uint64_t per_visit;     /* --per-visit N */
    const char *audit;      /* --audit FILE */
    const char *verify;     /* --verify FILE */
    which_table table;
} draw_plan;

#define PLAN(member) offsetof(draw_plan, member)

static const tk_opt draw_options[] = {
    {.name = "id", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(id),
     .help = "the column holding each unit's id (required; ids must be unique)"},
    {.name = "seed", .arg = "TEXT", .kind = TK_OPT_STRING, .offset = PLAN(seed),
     .help = "the seed of the draw, any text, e.g. a published lottery number (required)"},
    {.name = "n", .arg = "N", .kind = TK_OPT_COUNT, .offset = PLAN(total),
     .help = "the total number of units to draw, allocated over the --by strata"},
    {.name = "fraction", .arg = "F", .kind = TK_OPT_PROBABILITY, .offset = PLAN(fraction),
     .help = "draw this fraction of the register instead (0.05 or 5%: 抽查比例), in "
             "proportion to the strata"},
    {.name = "allocation", .arg = "HOW", .kind = TK_OPT_CHOICE, .offset = PLAN(allocation),
     .choices = allocation_names,
     .help = "how --n is shared over the strata: proportional (to their sizes, default), "
             "equal, or neyman (to N_h sqrt(p_h (1 - p_h)) with anticipated rates p_h)"},
    {.name = "rates", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(rates),
     .help = "neyman: each stratum's anticipated rate, a CSV file with the --by columns (or "
             "a stratum column) and a rate column, e.g. spotcheck rate's output"},
    {.name = "rate-column", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(rate_column),
     .help = "neyman: or the register's column of anticipated rates (0.95 or 95%), averaged "
             "over each stratum's rows"},
    {.name = "min-per-stratum", .arg = "K", .kind = TK_OPT_COUNT,
     .offset = PLAN(min_per_stratum),
     .help = "at least K units from every stratum (a smaller stratum is taken whole)"},
    {.name = "exclude", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(exclude),
     .help = "leave out the ids listed in FILE (e.g. inspected in the last periods): a CSV "
             "file with the ids in a column named like --id, or in its only column"},
    {.name = "include", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(include),
     .help = "draw the ids listed in FILE in any case (complaints, previous failures), first "
             "in their stratum; same form as --exclude"},
    {.name = "inspectors", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(inspectors),
     .help = "assign inspectors to the drawn units at random: a CSV file with the columns "
             "inspector, region (optional) and conflicts (optional: ids they must not visit)"},
    {.name = "region", .arg = "COL", .kind = TK_OPT_STRING, .offset = PLAN(region),
     .help = "with --inspectors: the register's column of each unit's region; no inspector "
             "visits a unit of their own region"},
    {.name = "per-visit", .arg = "N", .kind = TK_OPT_COUNT, .offset = PLAN(per_visit),
     .help = "with --inspectors: inspectors sent to each unit (default 2)"},
    {.name = "audit", .arg = "FILE", .kind = TK_OPT_OUT_FILE, .offset = PLAN(audit),
     .help = "write the draw's audit record (JSON) to FILE, whole or not at all"},
    {.name = "verify", .arg = "FILE", .kind = TK_OPT_FILE, .offset = PLAN(verify),
     .help = "re-derive the draw of the audit record FILE from the register given and say "
             "whether it matches (exit 0) or not (exit 1, with the first difference)"},
    {.name = "table", .arg = "WHICH", .kind = TK_OPT_CHOICE, .offset = PLAN(table),
     .choices = table_names,
     .help = "selection (default: the drawn rows), strata (population, quota and n per "
             "stratum) or inspectors (their loads); json has them all"},
    {0},
};

static const char *const not_taken[] = {"n", "pass", "fail", "no-header", NULL};

static const tk_man_section draw_sections[] = {
    {"HOW THE DRAW IS MADE",
     "Each unit's key is HMAC-SHA-256 (computed by nettle) with the --seed's bytes as the key "
     "and the id's bytes as the message.  Within each stratum (the distinct values of the "
     "--by columns; one stratum without --by) the units are ranked by their key, smallest "
     "first, and the first n_h are drawn.  The draw depends only on the seed, the set of ids "
     "with their strata and the options: not on the order of the rows, so a sorted or "
     "re-exported register gives the same draw, and anyone holding the seed and the register "
     "can check it.  Publish the seed only after the register is fixed (a lottery number "
     "drawn later is a good seed).  The same id twice in the register is an error (exit 65).\n"
     "\n"
     "The n_h come from --n N shared over the strata (--allocation proportional to their "
     "sizes, equal, or neyman: in proportion to N_h sqrt(p_h (1 - p_h)) with each stratum's "
     "anticipated rate p_h from --rates FILE or the mean of --rate-column COL over its rows; "
     "a stratum with p_h 0 or 1 gets only --min-per-stratum, and a note says so), or from --fraction F: ceil(F x the register's size) in proportion to "
     "the strata.  --min-per-stratum K raises every stratum to at least K (a smaller one is "
     "taken whole) and no stratum gives more than it holds; the exact shares are rounded by "
     "the largest remainder, so the n_h add up to the total (as spotcheck plan --strata "
     "does).  Strata are ordered by the bytes of their --by values, and ties of the rounding "
     "go to the first.\n"
     "\n"
     "--exclude FILE leaves the listed units out before anything is counted: the strata's "
     "populations, the fraction and the allocation are those of the units left (a stratum "
     "left empty draws nothing).  --include FILE lists units that must be inspected: they "
     "rank first in their stratum (by their keys among themselves) and count towards its "
     "n_h; a stratum with more of them than its n_h draws them all, and a note says how many "
     "units that adds to the total.  An included id that is not in the register, or that is "
     "also excluded, is an error (exit 65).  Both files are CSV with a header; ids listed "
     "twice count once; ids of --exclude that are not in the register are counted in a "
     "note."},
    {"INSPECTORS",
     "--inspectors FILE assigns --per-visit N (default 2) different inspectors to every "
     "drawn unit.  FILE is a CSV file with a header: the inspector's id (column inspector, "
     "or id, or the first column), optionally region (or unit) and conflicts (ids of units "
     "the inspector must not visit, separated by ; , 、 or spaces).  No inspector visits a "
     "unit whose --region column equals their region, nor a unit they list; a file with a "
     "region column needs --region.  The assignment is random from the same seed: the units "
     "with the fewest eligible inspectors go first, each taking the least-loaded eligible "
     "inspectors (ties by HMAC-SHA-256 of the seed, the unit and the inspector), then "
     "chains of moves even the loads until no inspector can pass a visit down to one with 2 "
     "fewer.  A note gives the fewest and most visits (max - min).  A unit with fewer "
     "eligible inspectors than N is an error naming it (exit 65).  The drawn rows get the "
     "columns inspector_1 .. inspector_N; --table inspectors gives each inspector's load."},
    {"AUDIT RECORD",
     "--audit FILE writes the draw's audit record, a JSON file written whole or not at all: "
     "the version, the algorithm, the seed, the register's id column, size and SHA-256 "
     "(over its header and its rows sorted by id, every text as an 8-byte big-endian length "
     "and its UTF-8 bytes, so that a reordered or re-encoded copy gives the same hash), the "
     "options (with the --exclude and --include ids and the inspectors written out), and "
     "per stratum its population, exclusions, inclusions, rate, quota, n and the selected "
     "ids with their ranks and inspectors.\n"
     "\n"
     "spotcheck draw --verify FILE REGISTER re-derives the draw from the record's options and "
     "REGISTER and compares it with the record (all but the version and the register's file "
     "name): exit 0 and a line on stdout when they match, exit 1 and the first difference "
     "on stderr when not (a changed seed, register or selection).  No other draw option goes "
     "with --verify; the input options (--encoding, --delimiter) do."},
    {"OUTPUT",
     "--table selection (default): the drawn rows with all their columns, then stratum (the "
     "--by values joined by \" / \", or all) and rank (1 is the first drawn in its stratum), "
     "and with --include included (yes or no), by stratum and rank.  --table strata: "
     "stratum, population (after --exclude), excluded, included, rate (with neyman), quota "
     "(the exact share), n, fraction.  json carries both."},
    {"EXAMPLES",
     "20 batches of the demo data drawn in proportion to the provinces, at least 1 from "
     "each, with a lottery number as the seed:\n"
     "\n"
     "  spotcheck draw datasets/demo/records.csv --id 批次编号 --by 省份 --n 20 "
     "--min-per-stratum 1 --seed 2024-153 --format table\n"
     "\n"
     "5% of the batches of 2024, and the table per stratum:\n"
     "\n"
     "  spotcheck draw datasets/demo/records.csv --id 批次编号 --by 企业规模 --fraction 5% "
     "--seed 2024-153 --table strata --format table\n"
     "\n"
     "20 enterprises of the demo register in Neyman allocation over district and size, two "
     "inspectors each, with the audit record, then the record verified:\n"
     "\n"
     "  spotcheck draw datasets/demo/register.csv --id 企业编号 --by 区县,企业规模 --n 20 "
     "--allocation neyman --rate-column 以往合格率 --min-per-stratum 1 --seed 2024-153 "
     "--inspectors datasets/demo/inspectors.csv --region 区县 --audit draw.json\n"
     "\n"
     "  spotcheck draw --verify draw.json datasets/demo/register.csv"},
    {0},
};

static const tk_tool draw_info = {
    .name = "draw",
    .summary = "reproducible random selection from a register (双随机), by strata",
    .description =
        "spotcheck draw draws the units to inspect (enterprises, batches) at random from a "
        "register, a CSV file with one row per unit and an id column: a total or a fraction, "
        "shared over strata, each unit ranked within its stratum by a keyed cryptographic "
        "hash of the seed and its id.  The same seed and register give the same draw on any "
        "machine, whatever the order of the rows.",
    .options = draw_options,
    .sections = draw_sections,
    .input = TK_INPUT_TABLE,
    .no_chart = true,
    .not_taken = not_taken,
    .exit_one = "with --verify: the audit record does not match the register (the first "
                "difference is on standard error)",
};

/* --audit FILE: the record written whole or not at all. */
static sc_status write_audit(const char *path, const sc_register *reg, const sc_draw_opts *o,
                             const sc_draw_result *r, sc_error *err)
{
    sc_atomic_file *file = NULL;
    sc_status s = sc_atomic_file_open(path, SC_ATOMIC_STREAM, &file, err);
    if (s != SC_OK)
        return s;
    s = sc_draw_audit_write(sc_atomic_file_stream(file), reg, o, r, err);
    if (s != SC_OK) {
        sc_atomic_file_abort(file);
        return s;
    }
    return sc_atomic_file_commit(file, err);
}

/* The strata table on stderr, as a table for people. */
static sc_status strata_on_stderr(const tk_common *common, const sc_table *strata,
                                  sc_error *err)
{
    sc_output_opts o = common->output;
    o.format = SC_FORMAT_TABLE;
    if (common->output.format != SC_FORMAT_TABLE && common->output.format != SC_FORMAT_MD)
        o.digits = -1;
    return sc_output_write(stderr, strata, &o, NULL, err);
}

/* --verify FILE REGISTER */
static int verify(draw_plan *p)
{
    tk_common *common = &p->common;
    sc_error err;
    sc_error_clear(&err);
    sc_draw_check check;
    sc_csv_opts csv = common->input.csv;
    sc_status s = sc_draw_verify(p->verify, common->files[0], &csv, &check, &err);
    if (s != SC_OK)
        return tk_fail(common, &err);
    if (!check.match) {
        fprintf(stderr, "%s: %s does not match %s: %s\n", common->program, p->verify,
                common->files[0], check.difference);
        return 1;
    }
    printf("%s: verified: the register %s (%llu units, sha256 %s) gives the recorded draw "
           "(%llu units)\n",
           p->verify, common->files[0], (unsigned long long)check.units, check.sha256,
           (unsigned long long)check.drawn);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 74;
}

static sc_status run(draw_plan *p, sc_error *err)
{
    tk_common *common = &p->common;
    sc_register *reg = NULL;
    sc_csv_opts csv = common->input.csv;
    sc_status s = sc_register_read(common->files[0], &csv, p->id, &reg, err);
    sc_draw_result r = {0};
    sc_id_list *exclude = NULL, *include = NULL;
    sc_draw_rates *rates = NULL;
    sc_inspectors *inspectors = NULL;
    /* the lists name their column like the register's id column */
    const char *id_name = s == SC_OK ? reg->columns[reg->id_column] : NULL;
    if (s == SC_OK && p->exclude)
        s = sc_id_list_read(p->exclude, &csv, id_name, &exclude, err);
    if (s == SC_OK && p->include)
        s = sc_id_list_read(p->include, &csv, id_name, &include, err);
    if (s == SC_OK && p->inspectors)
        s = sc_inspectors_read(p->inspectors, &csv, &inspectors, err);
    if (s == SC_OK && inspectors && inspectors->has_region && !p->region)
        s = sc_error_set(err, SC_EINVAL, NULL, 0,
                         "%s has a region column: give --region COL, the register's column "
                         "of each unit's region",
                         inspectors->file);
    if (s == SC_OK && p->rates)
        s = sc_draw_rates_read(p->rates, &csv, (const char *const *)common->keys, common->nby,
                               &rates, err);
    if (s == SC_OK) {
        sc_draw_opts o = {.seed = p->seed,
                          .by = (const char *const *)common->keys,
                          .nby = common->nby,
                          .total = p->total,
                          .fraction = p->fraction,
                          .allocation = (sc_allocation)p->allocation,
                          .rates = rates,
                          .rate_column = p->rate_column,
                          .min_per_stratum = p->min_per_stratum,
                          .exclude = exclude,
                          .include = include,
                          .inspectors = inspectors,
                          .region_column = p->region,
                          .per_visit = (size_t)p->per_visit};
        s = sc_draw_tables(reg, &o, &r, err);
        if (s == SC_OK && p->audit)
            s = write_audit(p->audit, reg, &o, &r, err);
    }
    if (s == SC_OK && exclude)
        tk_note(common, "%llu unit%s of the register left out (%s)",
                (unsigned long long)r.excluded, r.excluded == 1 ? "" : "s", exclude->file);
    if (s == SC_OK && r.exclude_unknown)
        tk_note(common, "%llu id%s of %s %s not in the register",
                (unsigned long long)r.exclude_unknown, r.exclude_unknown == 1 ? "" : "s",
                exclude->file, r.exclude_unknown == 1 ? "is" : "are");
    if (s == SC_OK && r.no_variance)
        tk_note(common, "%zu strat%s with an anticipated rate of 0 or 1 (no variance): Neyman "
                        "gives %s only the --min-per-stratum (%llu)",
                r.no_variance, r.no_variance == 1 ? "um" : "a",
                r.no_variance == 1 ? "it" : "them", (unsigned long long)p->min_per_stratum);
    if (s == SC_OK && inspectors)
        tk_note(common, "inspectors' loads: %llu to %llu visits (max - min %llu)",
                (unsigned long long)r.load_min, (unsigned long long)r.load_max,
                (unsigned long long)(r.load_max - r.load_min));
    if (s == SC_OK && r.raised)
        tk_note(common, "%llu more unit%s than the total drawn: strata with more included "
                        "units than their share draw them all",
                (unsigned long long)r.raised, r.raised == 1 ? "" : "s");
    if (s == SC_OK) {
        char total[32];
        snprintf(total, sizeof total, "%llu",
                 (unsigned long long)sc_table_rows(r.selection));
        sc_kv options[] = {{"seed", p->seed}, {"id", p->id}, {"algorithm", "hmac-sha256"},
                           {"drawn", total}};
        sc_read_stats stats = {.rows_read = reg->nrows, .rows_used = reg->nrows};
        sc_meta meta = tk_meta(common, "draw", &stats, options, 4);
        sc_named_table all[] = {{"selection", r.selection}, {"strata", r.strata},
                                {"inspectors", r.loads}};
        bool json = common->output.format == SC_FORMAT_JSON;
        if (!json && p->table != TABLE_STRATA) /* the strata on stderr beside the rows */
            s = strata_on_stderr(common, r.strata, err);
        if (s == SC_OK)
            s = json ? tk_write(common, all, r.loads ? 3 : 2, &meta, err)
                     : tk_write(common, &all[p->table], 1, &meta, err);
    }
    sc_draw_result_free(&r);
    sc_id_list_free(exclude);
    sc_id_list_free(include);
    sc_draw_rates_free(rates);
    sc_inspectors_free(inspectors);
    sc_register_free(reg);
    return s;
}

int main(int argc, char **argv)
{
    draw_plan plan = {.fraction = NAN, .per_visit = UINT64_MAX}; /* UINT64_MAX: not given */
    tk_parse(&draw_info, argc, argv, &plan.common, &plan);
    tk_common *c = &plan.common;
    if (plan.verify) {
        if (plan.id || plan.seed || plan.total || !isnan(plan.fraction) || plan.allocation ||
            plan.rates || plan.rate_column || plan.min_per_stratum || plan.exclude ||
            plan.include || plan.inspectors || plan.region || plan.per_visit != UINT64_MAX ||
            plan.audit ||
            c->nby)
            tk_usage_error(c, "--verify takes the draw's options from the audit record: give "
                              "it with the register alone");
        if (c->nfiles != 1)
            tk_usage_error(c, "give one register FILE to verify against");
        int code = verify(&plan);
        tk_free(c);
        return code;
    }
    if (!plan.id)
        tk_usage_error(c, "give --id COL: the column holding each unit's id");
    if (!plan.seed)
        tk_usage_error(c, "give --seed TEXT: the seed of the draw (e.g. a lottery number)");
    if ((plan.total > 0) == !isnan(plan.fraction))
        tk_usage_error(c, "give --n N (the number to draw) or --fraction F (the fraction of "
                          "the register), one of them");
    if (!isnan(plan.fraction) && plan.allocation != 0)
        tk_usage_error(c, "--fraction draws the same fraction of every stratum: --allocation "
                          "goes with --n");
    if ((plan.rates || plan.rate_column) && plan.allocation != SC_ALLOCATION_NEYMAN)
        tk_usage_error(c, "--rates and --rate-column give anticipated rates for --allocation "
                          "neyman");
    if (plan.allocation == SC_ALLOCATION_NEYMAN && !plan.rates == !plan.rate_column)
        tk_usage_error(c, "--allocation neyman needs each stratum's anticipated rate: give "
                          "--rates FILE or --rate-column COL, one of them");
    if (c->nfiles != 1)
        tk_usage_error(c, "give one register FILE");
    if ((plan.region || plan.per_visit != UINT64_MAX) && !plan.inspectors)
        tk_usage_error(c, "--region and --per-visit go with --inspectors FILE");
    if (plan.per_visit == UINT64_MAX)
        plan.per_visit = 2;
    if (plan.per_visit == 0 || plan.per_visit > 64)
        tk_usage_error(c, "--per-visit: give 1 to 64 inspectors per unit");
    if (plan.table == TABLE_INSPECTORS && !plan.inspectors)
        tk_usage_error(c, "--table inspectors needs --inspectors FILE");
    sc_error err;
    sc_error_clear(&err);
    sc_status s = run(&plan, &err);
    if (s == SC_EINVAL) /* options the register cannot meet: a column it lacks, a total
                           above its size */
        tk_usage_error(c, err.message);
    int code = s == SC_OK ? 0 : tk_fail(c, &err);
    tk_free(c);
    return code;
}
