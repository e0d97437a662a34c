/* spotcheck — the huge-page advice for big blocks, and the allocation- and
 * read-failure hooks of test builds (alloc.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "alloc.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* The advice covers every page the block touches, not only its aligned 2 MiB
 * runs: advice on part of a mapping splits it, and glibc's realloc of a
 * block in a mapping of its own (mremap) then fails and copies instead. */
void sc_alloc_advise(void *block, size_t size)
{
#ifdef MADV_HUGEPAGE
    static uintptr_t page;
    if (!page) {
        long p = sysconf(_SC_PAGESIZE);
        page = p > 0 ? (uintptr_t)p : 4096;
    }
    uintptr_t start = (uintptr_t)block & ~(page - 1);
    uintptr_t end = ((uintptr_t)block + size + page - 1) & ~(page - 1);
    (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)block;
    (void)size;
#endif
}

#ifdef SC_TEST_HOOKS
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

static atomic_ullong made;        /* allocations asked for so far */
static atomic_bool failed;        /* the K-th was made to fail */
static unsigned long long fail_at; /* K; 0: none */
static atomic_bool read_env;
static atomic_ullong reads;        /* block reads so far */
static unsigned long long read_fail_at;

static void read_environment(void)
{
    if (!atomic_load(&read_env)) {
        const char *k = getenv("SC_ALLOC_FAIL");
        fail_at = k ? strtoull(k, NULL, 10) : 0;
        const char *r = getenv("SC_READ_FAIL");
        read_fail_at = r ? strtoull(r, NULL, 10) : 0;
        atomic_store(&read_env, true);
    }
}

/* Whether this allocation is the one to fail.  The environment is read on
 * the first call (a race between two first calls reads it twice, alike). */
static bool fail_now(void)
{
    read_environment();
    unsigned long long n = atomic_fetch_add(&made, 1) + 1;
    if (n == fail_at) {
        atomic_store(&failed, true);
        return true;
    }
    return false;
}

bool sc_read_fails(void)
{
    read_environment();
    return atomic_fetch_add(&reads, 1) + 1 == read_fail_at;
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("SC_ALLOC_REPORT");
    FILE *f = path ? fopen(path, "a") : NULL;
    if (f) {
        fprintf(f, "%llu %d %llu\n", (unsigned long long)atomic_load(&made),
                (int)atomic_load(&failed), (unsigned long long)atomic_load(&reads));
        fclose(f);
    }
}

void *sc_malloc(size_t size)
{
    return fail_now() ? NULL : sc_alloc_big(malloc(size), size);
}

void *sc_calloc(size_t count, size_t size)
{
    return fail_now() ? NULL : sc_alloc_big(calloc(count, size), count * size);
}

void *sc_realloc(void *ptr, size_t size)
{
    return fail_now() ? NULL : sc_alloc_big(realloc(ptr, size), size);
}

char *sc_strdup(const char *text)
{
    return fail_now() ? NULL : strdup(text);
}

char *sc_strndup(const char *text, size_t len)
{
    return fail_now() ? NULL : strndup(text, len);
}
#endif
