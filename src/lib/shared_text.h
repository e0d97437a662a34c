/* spotcheck — text held by several owners (not exported): a group table's
 * keys, held too by the result tables made from it, whose cells then point
 * into the keys instead of copying them (a million keys took 20 ms of CPU
 * and 16 MB to copy).  A block is freed when its last holder lets it go;
 * while it has holders besides its owner it does not change, so growing it
 * gives the owner a new block.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_SHARED_TEXT_H
#define SPOTCHECK_SHARED_TEXT_H

#include <stddef.h>

typedef struct sc_shared_text {
    size_t holders; /* atomic */
    char text[];
} sc_shared_text;

/* Room for `size` bytes of text, of which the first `used` are t's (t NULL:
 * none): t grown in place when its owner is its only holder, else a new
 * block for the owner, t staying with its other holders.  NULL when out of
 * memory (t then as it was). */
sc_shared_text *sc_shared_text_grow(sc_shared_text *t, size_t used, size_t size);

/* t, with one holder more. */
sc_shared_text *sc_shared_text_hold(sc_shared_text *t);

/* One holder fewer; t is freed with its last.  NULL is ignored. */
void sc_shared_text_release(sc_shared_text *t);

#endif
