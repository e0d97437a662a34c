/* spotcheck — what tests may see of the group index (not exported).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_GROUPS_INTERNAL_H
#define SPOTCHECK_GROUPS_INTERNAL_H

#include <stdint.h>

#include "shared_text.h"
#include "spotcheck/groups.h"

/* The index slots looked at by the lookups in g so far (one per lookup when
 * nothing collides): how a test sees hash flooding without timing it. */
uint64_t sc_groups_probes(const sc_groups *g);

/* Adds groups [begin, end) of `from` (their counts and value sums) to
 * `into`, as sc_groups_merge does for every group. */
sc_status sc_groups_merge_range(sc_groups *into, const sc_groups *from, size_t begin, size_t end);

/* The text of g's keys, where sc_groups_key points, for a table to hold
 * (sc_table_hold_text) and point into; NULL when g has no key text.  Keys
 * added to g later go to a copy of its own. */
sc_shared_text *sc_groups_key_text(const sc_groups *g);

/* Adds n batches of which `passed` passed to g as a new entry under the key
 * keys/lens, unlooked: g is then a log, whose entries may repeat a key, for
 * sc_groups_merge_range (which adds an entry to the group of its key) and
 * sc_groups_clear alone.  Reading in chunks appends where nearly every row
 * makes a group (records.c).  SC_EINVAL where passed > n, g has value
 * sums (sc_groups_add_value) or g is sealed. */
sc_status sc_groups_append(sc_groups *g, const char *const *keys, const size_t *lens, uint64_t n,
                           uint64_t passed);

/* Empties g of groups, keeping its key names and the room it has made. */
void sc_groups_clear(sc_groups *g);

/* sc_groups_merge(into, from), by taking from's groups (from is left
 * empty) when into has none. */
sc_status sc_groups_absorb(sc_groups *into, sc_groups *from);

#endif
