/* spotcheck — the driver of the differential fuzz targets when they are not
 * built for libFuzzer: it replays the files named on the command line, then
 * inputs of some 600 KiB joined from them (longer than the CSV reader's
 * 256 KiB blocks and than a 64 KiB chunk), then a bounded number of seeded
 * random mutations of them (SC_FUZZ_ITERATIONS, default 2000).  Include it
 * once, at the end of a target.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_FUZZ_MUTATE_H
#define SPOTCHECK_FUZZ_MUTATE_H
#ifndef SC_LIBFUZZER
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#endif
