/* spotcheck — reproducible random selection: keyed-hash ranks within strata
 * (contract D1-D4 of include/spotcheck/draw.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hash is nettle's HMAC-SHA-256; tests/unit/test_draw.c checks it against
 * the RFC 4231 test vectors and Python's hmac module.
 */
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>

#include "alloc.h"
#include "spotcheck/draw.h"

void sc_draw_key(const char *seed, size_t seed_len, const char *id, size_t id_len,
                 unsigned char key[SC_DRAW_KEY_SIZE])
{
    struct hmac_sha256_ctx ctx;
    hmac_sha256_set_key(&ctx, seed_len, (const uint8_t *)seed);
    hmac_sha256_update(&ctx, id_len, (const uint8_t *)id);
    hmac_sha256_digest(&ctx, SC_DRAW_KEY_SIZE, key);
}

static int compare_ids(const sc_draw_unit *a, const sc_draw_unit *b)
{
    size_t len = a->id_len < b->id_len ? a->id_len : b->id_len;
    int c = memcmp(a->id, b->id, len);
    if (c)
        return c;
    return (a->id_len > b->id_len) - (a->id_len < b->id_len);
}

static int by_id(const void *a, const void *b)
{
    return compare_ids(*(sc_draw_unit *const *)a, *(sc_draw_unit *const *)b);
}

/* D2, D4a: stratum, the included first, then key, then id */
static int by_rank(const void *a, const void *b)
{
    const sc_draw_unit *x = *(sc_draw_unit *const *)a, *y = *(sc_draw_unit *const *)b;
    if (x->stratum != y->stratum)
        return x->stratum < y->stratum ? -1 : 1;
    if (x->included != y->included)
        return x->included ? -1 : 1; /* D4a */
    int c = memcmp(x->key, y->key, SC_DRAW_KEY_SIZE);
    return c ? c : compare_ids(x, y);
}

sc_status sc_draw_rank(const char *seed, size_t seed_len, sc_draw_unit *units, size_t count,
                       size_t nstrata, const uint64_t *take, const char *source,
                       sc_error *err)
{
    if (!seed || (!units && count))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no seed or no units");
    sc_draw_unit **order = sc_malloc((count ? count : 1) * sizeof *order);
    uint64_t *size = sc_calloc(nstrata ? nstrata : 1, sizeof *size);
    if (!order || !size) {
        free(order);
        free(size);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    sc_status s = SC_OK;
    for (size_t i = 0; i < count && s == SC_OK; i++) {
        if (units[i].stratum >= nstrata)
            s = sc_error_set(err, SC_EINVAL, NULL, 0, "unit %zu: stratum out of range", i + 1);
        else
            size[units[i].stratum]++;
        order[i] = &units[i];
    }
    if (s == SC_OK) {
        /* D3: duplicates lie side by side in id order */
        qsort(order, count, sizeof *order, by_id);
        for (size_t i = 1; i < count && s == SC_OK; i++)
            if (compare_ids(order[i - 1], order[i]) == 0) {
                const sc_draw_unit *first = order[i - 1], *again = order[i];
                if (first->line > again->line) {
                    const sc_draw_unit *t = first;
                    first = again;
                    again = t;
                }
                s = sc_error_set(err, SC_EDATA, source, again->line,
                                 "id \"%.*s\" is given twice (first on line %llu): every unit of "
                                 "a register has its own id",
                                 (int)(again->id_len > 200 ? 200 : again->id_len), again->id,
                                 first->line);
            }
    }
    for (size_t h = 0; take && h < nstrata && s == SC_OK; h++)
        if (take[h] > size[h])
            s = sc_error_set(err, SC_EINVAL, NULL, 0,
                             "stratum %zu: %llu to draw from %llu units", h + 1,
                             (unsigned long long)take[h], (unsigned long long)size[h]);
    if (s == SC_OK) {
        for (size_t i = 0; i < count; i++)
            sc_draw_key(seed, seed_len, units[i].id, units[i].id_len, units[i].key);
        qsort(order, count, sizeof *order, by_rank);
        uint64_t rank = 0;
        for (size_t i = 0; i < count; i++) {
            rank = i > 0 && order[i]->stratum == order[i - 1]->stratum ? rank + 1 : 1;
            order[i]->rank = rank;
            order[i]->selected = take && rank <= take[order[i]->stratum];
        }
    }
    free(order);
    free(size);
    return s;
}
