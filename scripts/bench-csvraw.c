/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-csvraw: libcsv's raw parsing speed, the floor for any CSV tool built
 * on it.  Reads FILE in 64 KiB chunks, parses in strict mode with trivial
 * callbacks that only count fields and rows, and prints
 *
 *     rows=N fields=N bytes=N seconds=S MB/s=R
 *
 * Built by scripts/bench-rate:  cc -O2 -o bench-csvraw bench-csvraw.c -lcsv
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct counts {
    unsigned long long fields;
    unsigned long long rows;
};

static void on_field(void *data, size_t len, void *ctx)
{
    (void)data;
    (void)len;
    ((struct counts *)ctx)->fields++;
}

static void on_row(int term, void *ctx)
{
    (void)term;
    ((struct counts *)ctx)->rows++;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "bench-csvraw: %s: %s\n", argv[1], strerror(errno));
        return 66;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fprintf(stderr, "bench-csvraw: csv_init failed\n");
        return 70;
    }
    static char buf[64 * 1024];
    struct counts c = { 0, 0 };
    unsigned long long bytes = 0;
    double t0 = now();
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        bytes += n;
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "bench-csvraw: %s: %s near byte %llu\n", argv[1],
                    csv_strerror(csv_error(&p)), bytes);
            return 65;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "bench-csvraw: %s: read error\n", argv[1]);
        return 74;
    }
    if (csv_fini(&p, on_field, on_row, &c) != 0) {
        fprintf(stderr, "bench-csvraw: %s: %s at end of file\n", argv[1],
                csv_strerror(csv_error(&p)));
        return 65;
    }
    double t = now() - t0;
    csv_free(&p);
    fclose(f);
    printf("rows=%llu fields=%llu bytes=%llu seconds=%.3f MB/s=%.1f\n", c.rows, c.fields,
           bytes, t, t > 0 ? (double)bytes / 1e6 / t : 0.0);
    return 0;
}
