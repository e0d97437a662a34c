/* spotcheck — ISO 2859-1 / GB/T 2828.1 single sampling: the AQL series, the
 * code letters (Table 1) and the plan of a master table after its arrows.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract S1-S4 is in include/spotcheck/sampling.h; the tables are data
 * in sampling_tables.c (scripts/gen-iso2859-tables).  tests/unit/test_sampling.c
 * checks every cell of the three tables and all of Table 1 against the
 * reference CSVs in tests/data/iso2859.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sampling_internal.h"

const double sc_aql_series[SC_AQL_COUNT] = {
    0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5,
    4.0,   6.5,   10,    15,    25,    40,   65,   100,  150,  250,  400,  650, 1000};

const char *const sc_aql_names[SC_AQL_COUNT] = {
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40",
    "0.65",  "1.0",   "1.5",   "2.5",   "4.0",   "6.5",  "10",   "15",   "25",
    "40",    "65",    "100",   "150",   "250",   "400",  "650",  "1000"};

sc_status sc_aql_find(double aql, size_t *index, sc_error *err)
{
    if (!index)
        return SC_EINVAL;
    for (size_t i = 0; i < SC_AQL_COUNT; i++)
        if (fabs(aql - sc_aql_series[i]) <= 1e-9 * sc_aql_series[i]) {
            *index = i;
            return SC_OK;
        }
    if (!err)
        return SC_EINVAL;
    if (!(aql > 0) || !isfinite(aql))
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--aql %g: give a value of the AQL series 0.010 .. 1000 (percent)",
                            aql);
    size_t above = 0;
    while (above < SC_AQL_COUNT && sc_aql_series[above] < aql)
        above++;
    if (above == SC_AQL_COUNT)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--aql %g is not in the AQL series of ISO 2859-1 / GB/T 2828.1 "
                            "(0.010 .. 1000 percent); the largest is 1000", aql);
    if (above == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--aql %g is not in the AQL series of ISO 2859-1 / GB/T 2828.1 "
                            "(0.010 .. 1000 percent); the smallest is 0.010", aql);
    return sc_error_set(err, SC_EINVAL, NULL, 0,
                        "--aql %g is not in the AQL series of ISO 2859-1 / GB/T 2828.1 "
                        "(0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, "
                        "1.0, 1.5, 2.5, 4.0, 6.5, 10, 15, 25, ... 1000 percent); the nearest "
                        "are %s and %s",
                        aql, sc_aql_names[above - 1], sc_aql_names[above]);
}

static const sc_inspection_info inspections[SC_INSPECTION_COUNT] = {
    [SC_INSPECTION_NORMAL] = {.entry.name = "normal",
                              .entry.description = "normal inspection",
                              .entry.reference = "ISO 2859-1:1999 Table 2-A",
                              .inspection = SC_INSPECTION_NORMAL,
                              .table = "ISO 2859-1 Table 2-A"},
    [SC_INSPECTION_TIGHTENED] = {.entry.name = "tightened",
                                 .entry.description = "tightened inspection",
                                 .entry.reference = "ISO 2859-1:1999 Table 2-B",
                                 .inspection = SC_INSPECTION_TIGHTENED,
                                 .table = "ISO 2859-1 Table 2-B"},
    [SC_INSPECTION_REDUCED] = {.entry.name = "reduced",
                               .entry.description = "reduced inspection (the MIL-STD-105E / "
                                                    "ANSI Z1.4 table)",
                               .entry.reference = "MIL-STD-105E Table II-C",
                               .inspection = SC_INSPECTION_REDUCED,
                               .table = "MIL-STD-105E / ANSI Z1.4 Table II-C"},
};

const sc_registry sc_inspections = {.what = "inspection",
                                    .rows = inspections,
                                    .count = SC_INSPECTION_COUNT,
                                    .stride = sizeof inspections[0]};

static const sc_registry_entry levels[SC_LEVEL_COUNT] = {
    [SC_LEVEL_S1] = {.name = "S-1", .aliases = "S1", .description = "special level S-1"},
    [SC_LEVEL_S2] = {.name = "S-2", .aliases = "S2", .description = "special level S-2"},
    [SC_LEVEL_S3] = {.name = "S-3", .aliases = "S3", .description = "special level S-3"},
    [SC_LEVEL_S4] = {.name = "S-4", .aliases = "S4", .description = "special level S-4"},
    [SC_LEVEL_I] = {.name = "I", .aliases = "1", .description = "general level I"},
    [SC_LEVEL_II] = {.name = "II", .aliases = "2", .description = "general level II (usual)"},
    [SC_LEVEL_III] = {.name = "III", .aliases = "3", .description = "general level III"},
};

const sc_registry sc_inspection_levels = {.what = "inspection level",
                                          .rows = levels,
                                          .count = SC_LEVEL_COUNT,
                                          .stride = sizeof levels[0]};

sc_status sc_code_letter(uint64_t lot_size, sc_inspection_level level, char *letter)
{
    if (!letter || lot_size == 0 || (unsigned)level >= SC_LEVEL_COUNT)
        return SC_EINVAL;
    size_t row = 0; /* S2: a lot of 1 falls in the first range */
    while (row + 1 < SCS_LOT_RANGES && lot_size > scs_code_letters[row].lot_max)
        row++;
    *letter = scs_code_letters[row].letters[level];
    return SC_OK;
}

static int letter_index(char letter)
{
    const char *at = letter ? strchr(SCS_LETTER_NAMES, letter) : NULL;
    return at ? (int)(at - SCS_LETTER_NAMES) : -1;
}

sc_status sc_sampling_letter_plan(sc_inspection inspection, char letter, size_t aql_index,
                                  sc_sampling_plan *plan)
{
    int row = letter_index(letter);
    if (!plan || (unsigned)inspection >= SC_INSPECTION_COUNT || aql_index >= SC_AQL_COUNT ||
        row < 0 || row >= SCS_LETTERS - 1)
        return SC_EINVAL;
    /* S3: follow the arrows to the first cell holding a plan */
    for (int steps = 0; steps < SCS_LETTERS; steps++) {
        const scs_cell *cell = &scs_master[inspection][row][aql_index];
        if (cell->kind == SCS_PLAN) {
            unsigned n = scs_letter_n[inspection][row];
            if (n == 0)
                return SC_EINTERNAL;
            *plan = (sc_sampling_plan){.letter = letter,
                                       .plan_letter = SCS_LETTER_NAMES[row],
                                       .table_n = n,
                                       .n = n,
                                       .ac = cell->ac,
                                       .re = cell->re};
            return SC_OK;
        }
        row += cell->kind == SCS_DOWN ? 1 : -1;
        if (row < 0 || row >= SCS_LETTERS)
            return SC_EINTERNAL; /* an arrow off the table: the data are wrong */
    }
    return SC_EINTERNAL;
}

sc_status sc_sampling_plan_find(uint64_t lot_size, sc_inspection_level level, double aql,
                                sc_inspection inspection, sc_sampling_plan *plan, sc_error *err)
{
    if (!plan)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no plan to fill");
    if (lot_size == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "--lot-size 0: a lot holds at least one item");
    if ((unsigned)level >= SC_LEVEL_COUNT || (unsigned)inspection >= SC_INSPECTION_COUNT)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "unknown inspection level or inspection");
    size_t index;
    sc_status s = sc_aql_find(aql, &index, err);
    if (s != SC_OK)
        return s;
    char letter;
    s = sc_code_letter(lot_size, level, &letter);
    if (s == SC_OK)
        s = sc_sampling_letter_plan(inspection, letter, index, plan);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "the sampling table has no plan for %c at AQL %s",
                            letter, sc_aql_names[index]);
    if (plan->n >= lot_size) { /* S4 */
        plan->n = lot_size;
        plan->full_inspection = true;
    }
    return SC_OK;
}
