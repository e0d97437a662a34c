/* Fuzz target for targets files (targets.h): the bytes after the first are
 * a targets file, read with the delimiter and encoding the first byte picks,
 * then matched against groups whose key columns are the file's own and a
 * few values (its first rows' cells, empty, "*", "x").  Any status is fine;
 * what is checked (abort on a difference), from contract 2 to 5:
 *   - a row's target is NaN or in (0, 1), its change NaN or in (-100, 100),
 *     its direction floor or ceiling, its by_period valid when set, its
 *     specificity at most the number of key columns;
 *   - a matched row is one of the file's rows and matches: each of its key
 *     cells is NULL or the group's value; no matching row is more specific;
 *   - sc_target_on_rate keeps a target in (0, 1) and gives the complement
 *     on the other rate kind.
 * Built like fuzz_records.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spotcheck/targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEYS_MAX 4

static void failed(const char *what)
{
    fprintf(stderr, "fuzz_targets: %s\n", what);
    abort();
}

static void check_row(const sc_targets *t, const sc_target_row *row)
{
    if (!isnan(row->target) && !(row->target > 0 && row->target < 1))
        failed("a target outside (0, 1)");
    if (!isnan(row->change) && !(row->change > -100 && row->change < 100))
        failed("a change outside (-100, 100)");
    if (row->direction != SC_TARGET_FLOOR && row->direction != SC_TARGET_CEILING)
        failed("a direction that is neither floor nor ceiling");
    if (row->has_by_period && !sc_period_valid(&row->by_period))
        failed("an invalid by_period");
    if (row->specificity > sc_targets_key_count(t))
        failed("more specific than its key columns");
    if (!row->label)
        failed("no label");
    for (int kind = SC_RATE_PASS; kind <= SC_RATE_FAIL; kind++) {
        sc_rate_target on = sc_target_on_rate(row, (sc_rate_kind)kind);
        if (!isnan(on.target) && !(on.target > 0 && on.target < 1))
            failed("a target put on a rate leaves (0, 1)");
        if (isnan(on.target) != isnan(row->target))
            failed("a target put on a rate appears or goes");
    }
}

/* The index of `row` in the file, or abort. */
static size_t index_of(const sc_targets *t, const sc_target_row *row)
{
    for (size_t i = 0; i < sc_targets_count(t); i++)
        if (sc_targets_row(t, i) == row)
            return i;
    failed("a matched row is none of the file's");
    return 0;
}

static bool matches(const sc_targets *t, size_t r, const char *const *values, size_t nkeys)
{
    for (size_t k = 0; k < nkeys; k++) {
        const char *cell = sc_targets_key_cell(t, r, k);
        if (cell && strcmp(cell, values[k]) != 0)
            return false;
    }
    return true;
}

static void check_match(const sc_targets *t, const char *const *names, const char *const *values,
                        size_t nkeys)
{
    const sc_target_row *row = NULL;
    sc_error err;
    sc_error_clear(&err);
    if (sc_targets_match(t, names, values, nkeys, &row, &err) != SC_OK || !row) {
        if (row)
            failed("an error with a row");
        return;
    }
    size_t r = index_of(t, row);
    if (!matches(t, r, values, nkeys))
        failed("the matched row does not match");
    for (size_t i = 0; i < sc_targets_count(t); i++)
        if (i != r && matches(t, i, values, nkeys) &&
            sc_targets_row(t, i)->specificity >= row->specificity)
            failed("another matching row is as specific");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const unsigned char delimiters[] = {',', ';', '\t', ','};
    sc_csv_opts opts = {.delimiter = delimiters[data[0] & 3],
                        .encoding = (sc_encoding)((data[0] >> 2) % 3)};
    char path[] = "/tmp/sc_fuzz_targets_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    sc_targets *t = NULL;
    sc_error err;
    sc_error_clear(&err);
    sc_status s = sc_targets_read(path, &opts, &t, &err);
    unlink(path);
    if (s != SC_OK) {
        if (t)
            failed("an error with targets");
        return 0;
    }
    for (size_t i = 0; i < sc_targets_count(t); i++)
        check_row(t, sc_targets_row(t, i));
    size_t nkeys = sc_targets_key_count(t);
    if (nkeys > KEYS_MAX) { /* rows are checked; matching takes groups of up to 4 keys */
        sc_targets_free(t);
        return 0;
    }
    const char *names[KEYS_MAX];
    for (size_t k = 0; k < nkeys; k++)
        names[k] = sc_targets_key_name(t, k);
    (void)sc_targets_check_keys(t, names, nkeys, &err);
    /* groups made of the first rows' cells, and of fixed words */
    static const char *const words[] = {"", "*", "x"};
    for (size_t r = 0; r < 3 + 3; r++) {
        const char *values[KEYS_MAX];
        for (size_t k = 0; k < nkeys; k++) {
            const char *cell = r < 3 && r < sc_targets_count(t) ? sc_targets_key_cell(t, r, k)
                                                                : NULL;
            values[k] = cell ? cell : words[(r + k) % 3];
        }
        check_match(t, names, values, nkeys);
    }
    const sc_target_row *all = NULL;
    if (sc_targets_match_all(t, &all, &err) == SC_OK && all) {
        size_t r = index_of(t, all);
        if (sc_targets_row(t, r)->specificity != 0)
            failed("the row for all groups has key cells");
    }
    sc_targets_free(t);
    return 0;
}

#include "replay.h"
