/* Differential fuzz target for the CSV reader's two paths (csvin.h,
 * contract 8): the same bytes are read once with libcsv for every row
 * (reference_parser) and once with the fast path for lines without a quote,
 * and everything the reader hands out must be the same: the header, every
 * row (line, problem, number of fields, each wanted field's bytes), the
 * rows read, the encoding, and the final status with its error (file, line,
 * message).  A difference aborts.
 *
 * The first two bytes pick the options (delimiter, encoding, header,
 * ragged rows, which columns are wanted, a row after which the callback
 * stops), so the fuzzer explores them too.
 *
 * Built two ways (CMakeLists.txt): with clang and -DSC_FUZZ=ON as a libFuzzer
 * target; otherwise its own driver replays the files named on the command
 * line and then runs a bounded number of seeded random mutations of them
 * (SC_FUZZ_ITERATIONS, default 2000), so that CTest compares the two paths
 * on every build, under the sanitizers in CI.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spotcheck/csvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct log {
    char *text;
    size_t len, cap;
    unsigned long long stop_after; /* 0: never */
    unsigned long long rows;
} log;

static void put(log *l, const void *bytes, size_t n)
{
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + n + 1)
            cap *= 2;
        char *p = realloc(l->text, cap);
        if (!p)
            abort();
        l->text = p;
        l->cap = cap;
    }
    memcpy(l->text + l->len, bytes, n);
    l->len += n;
    l->text[l->len] = '\0';
}

static void putf(log *l, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void putf(log *l, const char *format, ...)
{
    char buf[96];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(buf, sizeof buf, format, ap);
    va_end(ap);
    put(l, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static sc_status on_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    log *l = ctx;
    putf(l, "row line %llu, %zu fields", row->line, row->nfields);
    if (row->problem) {
        put(l, " problem ", 9);
        put(l, row->problem, strlen(row->problem));
    }
    for (size_t i = 0; i < row->nfields; i++)
        if (row->fields[i]) {
            if (strlen(row->fields[i]) != row->lengths[i])
                abort(); /* a wanted field is NUL-terminated at its length */
            putf(l, " [%zu:%zu]", i, row->lengths[i]);
            put(l, row->fields[i], row->lengths[i]);
        }
    put(l, "\n", 1);
    if (l->stop_after && ++l->rows == l->stop_after)
        return sc_error_set(err, SC_EDATA, "callback", row->line, "stopped");
    return SC_OK;
}

static void read_all(const char *path, const sc_csv_opts *opts, unsigned wanted,
                     unsigned long long stop_after, log *l)
{
    sc_csv *csv;
    sc_error err;
    sc_error_clear(&err);
    l->stop_after = stop_after;
    sc_status s = sc_csv_open(path, opts, &csv, &err);
    if (s == SC_OK) {
        putf(l, "open: %zu columns\n", sc_csv_columns(csv));
        for (size_t i = 0; i < sc_csv_columns(csv); i++) {
            const char *name = sc_csv_column_name(csv, i);
            if (name)
                put(l, name, strlen(name));
            put(l, "\n", 1);
            if (wanted & (1u << (i % 8)))
                sc_csv_want(csv, i);
        }
        s = sc_csv_read(csv, on_row, l, &err);
        putf(l, "rows read %llu\n", (unsigned long long)sc_csv_rows_read(csv));
        const char *enc = sc_csv_encoding_name(csv);
        put(l, enc, strlen(enc));
        sc_csv_close(csv);
    }
    putf(l, "\nstatus %d, line %llu: ", (int)s, err.line);
    put(l, err.file, strlen(err.file));
    put(l, ": ", 2);
    put(l, err.message, strlen(err.message));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const unsigned char delimiters[] = {',', ';', '\t', ' ', '|', ',', ',', 'a'};
    unsigned char knobs = data[0], more = data[1];
    sc_csv_opts opts = {
        .delimiter = delimiters[knobs & 7],
        .encoding = (sc_encoding)((knobs >> 3) % 3),
        .no_header = (knobs & 32) != 0,
        .skip_ragged = (knobs & 64) != 0,
    };
    /* the columns wanted: a mask over column numbers modulo 8 (never none:
     * without a wanted column rows are still counted and checked) */
    unsigned wanted = (more & 0x7F) ? (more & 0x7F) : 1;
    unsigned long long stop_after = (knobs & 128) ? 1 + (more >> 5) : 0;

    char path[] = "/tmp/sc_fuzz_paths_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data + 2, size - 2) != (ssize_t)(size - 2)) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    log fast = {0}, reference = {0};
    read_all(path, &opts, wanted, stop_after, &fast);
    opts.reference_parser = true;
    read_all(path, &opts, wanted, stop_after, &reference);
    unlink(path);
    if (fast.len != reference.len || memcmp(fast.text, reference.text, fast.len) != 0) {
        fprintf(stderr, "fuzz_csv_paths: the fast path differs from libcsv\n"
                        "--- libcsv:\n%s\n--- fast path:\n%s\n",
                reference.text, fast.text);
        abort();
    }
    free(fast.text);
    free(reference.text);
    return 0;
}

#include "mutate.h"
