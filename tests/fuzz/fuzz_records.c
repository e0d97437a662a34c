/* Fuzz target for the whole input path: bytes → csvin (encoding guess,
 * libcsv, line counting) → records (verdicts, counts, filters) → groups.
 * It must never crash, hang or leak, whatever the bytes; any status is fine.
 *
 * Built two ways (CMakeLists.txt): with clang and -DSC_FUZZ=ON as a libFuzzer
 * target; otherwise with the small driver at the bottom, which runs the
 * files named on its command line (the corpus in tests/fuzz/corpus/) so that
 * CTest replays them on every build, under the sanitizers in CI.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spotcheck/analysis.h"
#include "spotcheck/check.h"
#include "spotcheck/items.h"
#include "spotcheck/records.h"
#include "spotcheck/stratify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* spotcheck check: the table kept as printed, then every check on it */
static void run_check(const char *path, const sc_csv_opts *csv, unsigned char knobs)
{
    static const char *const by[] = {"1"};
    static const char *const within[] = {"7"};
    sc_check_spec spec = {.csv = *csv,
                          .columns = {"2", "3", (knobs & 32) ? "4" : NULL, "5",
                                      (knobs & 64) ? "6" : NULL, (knobs & 128) ? "7" : NULL},
                          .by = by,
                          .nby = (knobs & 4) ? 1 : 0,
                          .within = within,
                          .nwithin = (knobs & 128) ? 0 : (knobs & 2) ? 1 : 0};
    const char *paths[] = {path};
    sc_check_input *input = NULL;
    sc_error err;
    sc_error_clear(&err);
    if (sc_check_read(&spec, paths, 1, &input, &err) == SC_OK) {
        sc_check_opts opts;
        sc_check_opts_init(&opts);
        opts.kind = (knobs & 1) ? SC_RATE_FAIL : SC_RATE_PASS;
        opts.scale = (sc_check_scale)((knobs >> 3) % 3);
        sc_table *table = NULL;
        sc_check_summary summary;
        (void)sc_check_table(input, &opts, &table, &summary, &err);
        sc_table_free(table);
    }
    sc_check_input_free(input);
}

static void run(const char *path, const sc_input_spec *spec)
{
    sc_groups *groups = sc_groups_new(spec->nkeys + (spec->period ? 1 : 0));
    if (!groups)
        return;
    sc_read_stats stats = {0};
    sc_error err;
    sc_error_clear(&err);
    const char *paths[] = {path};
    (void)sc_records_read(spec, paths, 1, groups, &stats, &err);
    for (size_t i = 0; i < sc_groups_count(groups); i++)
        for (size_t k = 0; k < spec->nkeys; k++)
            (void)strlen(sc_groups_key(groups, i, k));
    sc_groups_free(groups);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/sc_fuzz_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    /* the first byte picks the options, so the fuzzer explores them too */
    unsigned char knobs = size ? data[0] : 0;
    sc_csv_opts csv = {
        .delimiter = (knobs & 1) ? ';' : ',',
        .encoding = (sc_encoding)((knobs >> 1) % 3),
        .no_header = (knobs & 8) != 0,
        .skip_ragged = (knobs & 16) != 0,
    };
    static const char *const keys[] = {"1", "2"};
    sc_where where = {.column = "2", .value = "x", .negate = (knobs & 32) != 0};
    sc_input_spec record_level = {.csv = csv, .result = "1", .keys = keys + 1, .nkeys = 1,
                                  .skip_bad = (knobs & 16) != 0};
    sc_input_spec aggregated = {.csv = csv, .n = "1", .pass = "2", .keys = keys, .nkeys = 2,
                                .where = &where, .nwhere = (knobs & 64) ? 1 : 0,
                                .skip_bad = (knobs & 16) != 0};
    /* both count columns, total rows kept or not, and a filter on the period
     * column (compared as periods) */
    sc_where on_period = {.column = "1", .value = "2024Q3", .negate = (knobs & 32) != 0};
    sc_input_spec both_counts = {.csv = csv, .n = "2", .pass = "3", .fail = "4", .keys = keys,
                                 .nkeys = 0, .period = "1", .per = SC_PERIOD_NONE,
                                 .where = &on_period, .nwhere = (knobs & 64) ? 1 : 0,
                                 .skip_bad = (knobs & 16) != 0,
                                 .keep_total_rows = (knobs & 128) != 0};
    run(path, &record_level);
    /* the third column as an items cell (spotcheck items) */
    sc_item_counts *counts = sc_item_counts_new(1, NULL, NULL);
    if (counts) {
        sc_input_spec with_items = record_level;
        with_items.texts[0] = "3";
        with_items.ntexts = 1;
        with_items.on_text = sc_item_counts_on_record;
        with_items.text_ctx = counts;
        run(path, &with_items);
        sc_item_counts_free(counts);
    }
    /* the third column as the population of the row's stratum (rate
     * --population COL), keyed by the second */
    sc_population *population = NULL;
    if (sc_population_new_column("3", 0, 1, &population, NULL) == SC_OK) {
        sc_input_spec with_population = record_level;
        with_population.cell_column = "3";
        with_population.on_cell = sc_population_on_cell;
        with_population.cell_ctx = population;
        run(path, &with_population);
        sc_population_free(population);
    }
    run(path, &aggregated);
    run(path, &both_counts);
    /* n with a printed rate instead of a count */
    sc_input_spec printed = {.csv = csv, .n = "1", .printed_rate = "2", .printed_fail = knobs & 32,
                             .keys = keys + 1, .nkeys = 1, .skip_bad = (knobs & 16) != 0};
    run(path, &printed);
    run_check(path, &csv, knobs);
    unlink(path);
    return 0;
}

#include "replay.h"
