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

#ifndef SC_LIBFUZZER
/* A bounded, seeded random search after the replay: each iteration takes a
 * corpus file and changes a few bytes (to bytes that matter to a CSV reader
 * more often than not), inserts or deletes some, or joins two files. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static unsigned char interesting(void)
{
    static const unsigned char bytes[] = {',', ';', '\t', ' ', '"', '\n', '\r', '\0', 'a',
                                          '1', 0xE5, 0x90, 0x88, 0xB8, 0x80, 0xFF, '|', 'x'};
    return bytes[rng() % sizeof bytes];
}

int main(int argc, char **argv)
{
    enum { MAX = 1 << 16 };
    static uint8_t inputs[64][MAX];
    static size_t lens[64];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        if (n < 64 && len <= MAX) {
            memcpy(inputs[n], buf, len);
            lens[n++] = len;
        }
    }
    /* inputs longer than the reader's 256 KiB blocks: the corpus, joined
     * and repeated to some 600 KiB, so that lines and characters straddle
     * block ends, under a few options */
    static uint8_t big[640 * 1024];
    for (int round = 0; n > 0 && round < 6; round++) {
        size_t len = 2;
        big[0] = (uint8_t)(round * 37 & 0x5F); /* never the stop knob */
        big[1] = (uint8_t)(0x7F >> round);
        for (int k = 0; len < sizeof big - MAX; k = (k + 1) % n)
            if (lens[k] > 2) {
                memcpy(big + len, inputs[k] + 2, lens[k] - 2);
                len += lens[k] - 2;
            }
        LLVMFuzzerTestOneInput(big, len);
    }
    const char *env = getenv("SC_FUZZ_ITERATIONS");
    long iterations = env ? atol(env) : 2000;
    static uint8_t work[2 * MAX + 64];
    for (long it = 0; n > 0 && it < iterations; it++) {
        int pick = (int)(rng() % (uint64_t)n);
        size_t len = lens[pick];
        memcpy(work, inputs[pick], len);
        int edits = 1 + (int)(rng() % 8);
        for (int e = 0; e < edits; e++) {
            size_t at = len ? (size_t)(rng() % len) : 0;
            switch (rng() % 5) {
            case 0:
            case 1:
                if (len)
                    work[at] = interesting();
                break;
            case 2:
                if (len < MAX) {
                    memmove(work + at + 1, work + at, len - at);
                    work[at] = interesting();
                    len++;
                }
                break;
            case 3:
                if (len > 2) {
                    memmove(work + at, work + at + 1, len - at - 1);
                    len--;
                }
                break;
            default: {
                int other = (int)(rng() % (uint64_t)n);
                size_t add = lens[other] < MAX - len ? lens[other] : MAX - len;
                memcpy(work + len, inputs[other], add);
                len += add;
            }
            }
        }
        if (len && rng() % 4 == 0)
            work[0] = (uint8_t)rng(); /* other options */
        if (len > 1 && rng() % 4 == 0)
            work[1] = (uint8_t)rng();
        LLVMFuzzerTestOneInput(work, len);
    }
    printf("replayed %d input%s, compared %ld mutation%s\n", argc - 1, argc == 2 ? "" : "s",
           iterations, iterations == 1 ? "" : "s");
    return 0;
}
#endif
