/* spotcheck — the library's allocator wrapper (not exported).  Every
 * allocation of the library goes through these, so that a test build can
 * make any one of them fail (SC_ALLOC_HOOK, below) and check that the
 * failure comes back as SC_ENOMEM, never as a crash or a partial file.
 *
 * Without SC_ALLOC_HOOK they are the C library's functions, inlined.
 * With it (cmake -DSC_ALLOC_HOOK=ON, test builds only) alloc.c counts the
 * allocations of the process and reads two environment variables:
 *   SC_ALLOC_FAIL=K     the K-th allocation (1-based) returns NULL, once;
 *   SC_ALLOC_REPORT=F   at exit, "N K" is appended to file F: the number of
 *                       allocations made and whether the K-th was failed (1/0).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ALLOC_H
#define SPOTCHECK_ALLOC_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifdef SC_ALLOC_HOOK
void *sc_malloc(size_t size);
void *sc_calloc(size_t count, size_t size);
void *sc_realloc(void *ptr, size_t size);
char *sc_strdup(const char *text);
char *sc_strndup(const char *text, size_t len);
#else
static inline void *sc_malloc(size_t size)
{
    return malloc(size);
}
static inline void *sc_calloc(size_t count, size_t size)
{
    return calloc(count, size);
}
static inline void *sc_realloc(void *ptr, size_t size)
{
    return realloc(ptr, size);
}
static inline char *sc_strdup(const char *text)
{
    return strdup(text);
}
static inline char *sc_strndup(const char *text, size_t len)
{
    return strndup(text, len);
}
#endif

#endif
