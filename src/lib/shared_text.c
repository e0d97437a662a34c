/* spotcheck — text held by several owners (shared_text.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "shared_text.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

sc_shared_text *sc_shared_text_grow(sc_shared_text *t, size_t used, size_t size)
{
    if (size > SIZE_MAX - sizeof *t)
        return NULL;
    if (!t || __atomic_load_n(&t->holders, __ATOMIC_ACQUIRE) == 1) {
        sc_shared_text *grown = sc_realloc(t, sizeof *t + size);
        if (grown && !t)
            grown->holders = 1;
        return grown;
    }
    sc_shared_text *copy = sc_malloc(sizeof *copy + size);
    if (!copy)
        return NULL;
    copy->holders = 1;
    memcpy(copy->text, t->text, used);
    sc_shared_text_release(t);
    return copy;
}

sc_shared_text *sc_shared_text_hold(sc_shared_text *t)
{
    __atomic_fetch_add(&t->holders, 1, __ATOMIC_RELAXED);
    return t;
}

void sc_shared_text_release(sc_shared_text *t)
{
    if (t && __atomic_sub_fetch(&t->holders, 1, __ATOMIC_ACQ_REL) == 0)
        free(t);
}
