/* spotcheck — the library's allocator wrapper and test hooks (not exported).
 * Every allocation of the library goes through these, and every block the CSV
 * reader reads asks sc_read_fails, so that a test build can make any one of
 * them fail and check that the failure comes back as SC_ENOMEM or SC_EIO with
 * a message, never as a crash or a partial output file (tests/oom-check.sh).
 *
 * Without SC_TEST_HOOKS they are the C library's functions, inlined, and
 * sc_read_fails is false.  With it (cmake -DSC_TEST_HOOKS=ON, test builds
 * only) alloc.c counts the allocations and the block reads of the process
 * and reads three environment variables:
 *   SC_ALLOC_FAIL=K     the K-th allocation (1-based) returns NULL, once;
 *   SC_READ_FAIL=K      the K-th block read fails (as with EIO), once;
 *   SC_ALLOC_REPORT=F   at exit, "N A R" is appended to file F: the number of
 *                       allocations made, whether the K-th was failed (1/0),
 *                       and the number of block reads.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ALLOC_H
#define SPOTCHECK_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A block of SC_HUGE_BLOCK bytes or more (a million groups' tables and
 * indexes) is offered to the kernel's transparent huge pages (madvise), where
 * the system leaves that to the program (the Debian default, "madvise"): a
 * 2 MiB page costs one page fault where 4 KiB pages cost 512, and on a
 * virtual machine the faults were most of the time of such a run (decisions.md,
 * "Huge pages for big blocks").  Harmless where the kernel has no huge pages. */
#define SC_HUGE_BLOCK ((size_t)4 << 20)
void sc_alloc_advise(void *block, size_t size);

/* `block` (NULL or of `size` bytes), advised when it is that big. */
static inline void *sc_alloc_big(void *block, size_t size)
{
    if (block && size >= SC_HUGE_BLOCK)
        sc_alloc_advise(block, size);
    return block;
}

#ifdef SC_TEST_HOOKS
void *sc_malloc(size_t size);
void *sc_calloc(size_t count, size_t size);
void *sc_realloc(void *ptr, size_t size);
char *sc_strdup(const char *text);
char *sc_strndup(const char *text, size_t len);
bool sc_read_fails(void);
#else
static inline void *sc_malloc(size_t size)
{
    return sc_alloc_big(malloc(size), size);
}
static inline void *sc_calloc(size_t count, size_t size)
{
    return sc_alloc_big(calloc(count, size), count * size); /* no overflow when it succeeds */
}
static inline void *sc_realloc(void *ptr, size_t size)
{
    return sc_alloc_big(realloc(ptr, size), size);
}
static inline char *sc_strdup(const char *text)
{
    return strdup(text);
}
static inline char *sc_strndup(const char *text, size_t len)
{
    return strndup(text, len);
}
static inline bool sc_read_fails(void)
{
    return false;
}
#endif

#endif
