/* Differential fuzz target for reading in chunks (records.h, contract 10;
 * csvin.h, contract 9): the same bytes are read by one thread and by
 * several, with chunks of a few bytes so that every input is split many
 * times, and the groups (keys, order, counts), the stats and the status
 * with its error must be the same.  A difference aborts.
 *
 * The first two bytes pick the options (delimiter, encoding, header, bad
 * rows skipped, total rows kept, record-level, count or --value input, a
 * period column, threads, chunk size); the input's length a filter, a
 * population column (column 5, the last key part its stratum) and the
 * groups of a thread's table (records.h, segment_groups).  Built like
 * fuzz_csv_paths.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spotcheck/records.h"
#include "spotcheck/stratify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(char **text, size_t *len, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void put(char **text, size_t *len, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(NULL, 0, format, ap);
    va_end(ap);
    char *p = realloc(*text, *len + (size_t)n + 1);
    if (!p)
        abort();
    *text = p;
    va_start(ap, format);
    vsnprintf(p + *len, (size_t)n + 1, format, ap);
    va_end(ap);
    *len += (size_t)n;
}

static char *read_all(const char *path, const sc_input_spec *spec)
{
    char *text = NULL;
    size_t len = 0;
    size_t nkeys = spec->nkeys + (spec->period ? 1 : 0);
    sc_groups *groups = sc_groups_new(nkeys);
    if (!groups)
        abort();
    sc_read_stats stats = {0};
    sc_error err;
    sc_error_clear(&err);
    /* a population column (contract 11): the last key part is the stratum */
    sc_input_spec read = *spec;
    sc_population *population = NULL;
    if (spec->cell_column) {
        if (sc_population_new_column(spec->cell_column, nkeys - 1, 1, &population, &err) != SC_OK)
            abort();
        read.cell_ctx = population;
    }
    const char *paths[] = {path, path};
    sc_status s = sc_records_read(&read, paths, 2, groups, &stats, &err);
    put(&text, &len, "status %d %s:%llu: %s\n", (int)s, err.file, err.line, err.message);
    for (size_t i = 0; i < sc_groups_count(groups); i++) {
        for (size_t k = 0; k < nkeys; k++)
            put(&text, &len, "[%s]", sc_groups_key(groups, i, k));
        put(&text, &len, " %llu %llu %a\n", (unsigned long long)sc_groups_n(groups, i),
            (unsigned long long)sc_groups_passed(groups, i), sc_groups_value_sum(groups, i));
    }
    put(&text, &len, "read %llu used %llu derived %llu skipped %llu total %llu batches %llu\n",
        (unsigned long long)stats.rows_read, (unsigned long long)stats.rows_used,
        (unsigned long long)stats.rows_derived,
        (unsigned long long)stats.rows_skipped, (unsigned long long)stats.rows_total,
        (unsigned long long)stats.batches);
    put(&text, &len, "first skipped %d %s:%llu: %s\n", (int)stats.first_skipped.status,
        stats.first_skipped.file, stats.first_skipped.line, stats.first_skipped.message);
    put(&text, &len, "first total %s at %s:%llu\n", stats.total_label, stats.total_file,
        stats.total_line);
    for (size_t w = 0; w < spec->nwhere; w++) {
        const sc_where_stats *seen = &stats.where[w];
        put(&text, &len, "where %zu: %llu [%s] [%s] [%s]%s", w,
            (unsigned long long)seen->matched, seen->other_case, seen->similar,
            seen->last_period, seen->more_values ? " more" : "");
        for (size_t i = 0; i < seen->nvalues; i++)
            put(&text, &len, " [%s]", seen->values[i]);
        put(&text, &len, "\n");
    }
    for (size_t i = 0; population && i < sc_population_rows(population); i++) {
        for (size_t k = 0; k < nkeys; k++)
            put(&text, &len, "[%s]", sc_population_key(population, i, k));
        put(&text, &len, " population %llu at %s:%llu\n",
            (unsigned long long)sc_population_value(population, i),
            sc_population_file(population, i), sc_population_line(population, i));
    }
    sc_population_free(population);
    sc_groups_free(groups);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned char knobs = data[0], more = data[1];
    sc_csv_opts csv = {
        .delimiter = (knobs & 1) ? ';' : ',',
        .encoding = (sc_encoding)((knobs >> 1) % 3),
        .no_header = (knobs & 8) != 0,
        .skip_ragged = (knobs & 16) != 0,
    };
    static const char *const keys[] = {"2", "3"};
    sc_input_spec spec = {.csv = csv, .keys = keys, .nkeys = 1 + (more & 1),
                          .skip_bad = (knobs & 16) != 0,
                          .keep_total_rows = (knobs & 32) != 0};
    switch ((knobs >> 6) & 3) {
    case 0:
        spec.result = "1";
        break;
    case 1:
        spec.value = "1"; /* a numeric series: chunks while every value is whole */
        break;
    case 2:
        spec.n = "1";
        if (more & 2)
            spec.printed_rate = "4"; /* a printed pass rate (contract 2b) */
        else
            spec.pass = "4";
        break;
    default:
        spec.result = "1";
        spec.period = "4";
        spec.period_at = more & 2 ? 0 : spec.nkeys;
        break;
    }
    /* a filter from the input's length: none, or one that holds for some
       rows or none (contract 3 notes what the column holds then) */
    static char two[] = "2", three[] = "3", a[] = "a", b[] = "b";
    static const sc_where filters[] = {{.column = two, .value = a},
                                       {.column = three, .value = b, .negate = true}};
    if (size % 3) {
        spec.where = &filters[size % 3 - 1];
        spec.nwhere = 1;
    }
    /* a population column, from the input's length too (not with --value) */
    if (!spec.value && (size / 3) % 2) {
        spec.cell_column = "5";
        spec.on_cell = sc_population_on_cell;
        spec.cell_fork = sc_population_fork;
        spec.cell_merge = sc_population_merge;
        spec.cell_free = sc_population_free_ctx;
    }
    char path[] = "/tmp/sc_fuzz_chunks_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data + 2, size - 2) != (ssize_t)(size - 2)) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    spec.threads = 1;
    char *one = read_all(path, &spec);
    spec.threads = 2 + ((more >> 2) & 7);
    spec.min_chunk = 1 + (uint64_t)(more >> 5) * 23;
    /* tables of a few groups, so that the threads' tables are merged while
       they read (from the input's length: 0 is the default) */
    spec.segment_groups = (size / 6) % 4;
    char *several = read_all(path, &spec);
    spec.csv.as_stream = true; /* read as a pipe is, in windows (contract 10) */
    char *stream = read_all(path, &spec);
    unlink(path);
    if (strcmp(one, several) != 0 || strcmp(one, stream) != 0) {
        fprintf(stderr, "fuzz_chunks: %u threads differ from one\n--- one:\n%s--- %u:\n%s"
                        "--- %u, as a stream:\n%s",
                spec.threads, one, spec.threads, several, spec.threads, stream);
        abort();
    }
    free(one);
    free(several);
    free(stream);
    return 0;
}

#include "mutate.h"
