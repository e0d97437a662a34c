/* Reading the reference-value CSV files that the R scripts in scripts/ write
 * into tests/data: one reader for every unit test that compares with them.
 * Include after <cmocka.h>.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TEST_REFCSV_H
#define SPOTCHECK_TEST_REFCSV_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 32

typedef struct csv_row {
    char line[32768]; /* multi_many.csv has lines of 17,343 bytes */
    char *field[MAX_FIELDS];
    int count;
} csv_row;

/* Splits the next line at commas; a field may be double-quoted (without
 * quotes inside).  Returns 0 at end of file. */
static int csv_next(FILE *f, csv_row *row)
{
    if (!fgets(row->line, sizeof row->line, f))
        return 0;
    if (!strchr(row->line, '\n') && !feof(f))
        fail_msg("a line longer than %zu bytes", sizeof row->line - 1);
    row->line[strcspn(row->line, "\r\n")] = '\0';
    row->count = 0;
    char *s = row->line;
    while (row->count < MAX_FIELDS) {
        if (*s == '"') {
            row->field[row->count++] = ++s;
            s = strchr(s, '"');
            assert_non_null(s);
            *s++ = '\0';
        } else {
            row->field[row->count++] = s;
            s += strcspn(s, ",");
        }
        if (*s != ',')
            break;
        *s++ = '\0';
    }
    return 1;
}

/* Opens tests/data/NAME and skips its header line. */
static FILE *open_data(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SC_TEST_DATA_DIR, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    csv_row header;
    assert_true(csv_next(f, &header));
    return f;
}

/* A number field: "NA" (R's missing value) and "NaN" are NaN; anything
 * strtod does not take whole fails the test. */
static inline double to_double(const char *s)
{
    if (strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    assert_true(end != s && *end == '\0');
    return v;
}

/* A count field: R writes counts as %.17g, e.g. "10000000", integral
 * doubles up to the 2^53 count ceiling. */
static inline uint64_t to_count(const char *s)
{
    double v = to_double(s);
    assert_true(v >= 0 && v == floor(v) && v <= 9007199254740992.0);
    return (uint64_t)v;
}

#endif
