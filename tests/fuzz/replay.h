/* spotcheck — the corpus replay that every fuzz target has when it is not
 * built for libFuzzer: each file named on the command line (up to 1 MiB) is
 * passed to LLVMFuzzerTestOneInput, so CTest runs the seed corpus under the
 * plain and the sanitizer builds.  Include it once, at the end of a target.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_FUZZ_REPLAY_H
#define SPOTCHECK_FUZZ_REPLAY_H
#ifndef SC_LIBFUZZER
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static uint8_t buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("replayed %d input%s\n", argc - 1, argc == 2 ? "" : "s");
    return 0;
}
#endif
#endif
