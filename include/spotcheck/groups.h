/* spotcheck — hash-grouped accumulation of batch counts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *  1. A group is a tuple of `nkeys` strings (nkeys may be 0: one overall
 *     group).  Counts are 64-bit; a sum that would overflow is SC_EDATA.
 *  2. Groups keep the order in which they first appeared.
 *  3. Memory grows with the number of groups and the length of their keys,
 *     never with the number of additions.
 *  4. Tables with the same nkeys merge by adding counts (order: `into`'s
 *     groups, then new groups of `from` in their order).
 *  5. A sealed table (sc_groups_seal) keeps its groups, counts and keys but
 *     has no index: adding to it or looking a key up in it is SC_EINVAL
 *     (sc_groups_find: false).  It may still be read, merged from,
 *     projected and rolled up.
 */
#ifndef SPOTCHECK_GROUPS_H
#define SPOTCHECK_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The count ceiling: the most batches the statistics carry exactly (counts
 * become doubles in the numerics, exact up to 2^53).  The records layer
 * refuses input whose batches add up beyond it (records.h, contract 7), so
 * no group, total or sum of groups a tool forms can exceed it. */
#define SC_COUNT_MAX ((uint64_t)1 << 53)

/* The key-part limits: a groups table has at most SC_KEY_PARTS_MAX key parts
 * (arrays of key parts are sized by it), of which at most SC_BY_MAX come from
 * --by; the rest are the period and the enterprise that tools append. */
#define SC_KEY_PARTS_MAX 64
#define SC_BY_MAX 32

typedef struct sc_groups sc_groups;

/* New empty table of groups keyed by `nkeys` strings (at most
 * SC_KEY_PARTS_MAX); NULL when out of memory or nkeys is beyond the limit.
 * Caller frees with sc_groups_free. */
SC_API sc_groups *sc_groups_new(size_t nkeys);

/* Frees the table.  NULL is a no-op. */
SC_API void sc_groups_free(sc_groups *groups);

/* Frees the index by which keys are found, when no group is to be added or
 * looked up any more (contract 5): a table made from the groups then has
 * that memory (16 MB at a million groups). */
SC_API void sc_groups_seal(sc_groups *groups);

/* Adds `n` units of which `passed` passed to the group with key parts
 * keys[0..nkeys) of lengths lens[0..nkeys) (bytes; the parts need not be
 * NUL-terminated).  SC_EINVAL when passed > n; SC_EDATA on overflow. */
SC_API sc_status sc_groups_add(sc_groups *groups, const char *const *keys, const size_t *lens,
                               uint64_t n, uint64_t passed);

/* Looks up the group with the given key parts: SC_OK with *found true and
 * its index in *index when it exists, *found false when it does not; SC_ENOMEM
 * (and *found false) when a copy of a long key (beyond some 500 bytes) cannot
 * be made. */
SC_API sc_status sc_groups_locate(const sc_groups *groups, const char *const *keys,
                                  const size_t *lens, size_t *index, bool *found);

/* sc_groups_locate as a yes/no: true and the index in *index when the group
 * exists; false when it does not, and also when out of memory (a long key
 * only): where that difference matters, call sc_groups_locate. */
SC_API bool sc_groups_find(const sc_groups *groups, const char *const *keys, const size_t *lens,
                           size_t *index);

/* Adds one value (a row of a numeric series, --value) to the group: n grows
 * by 1 and the group's sum by `value`, so that sum / n is the group's mean.
 * SC_EINVAL for a value that is not finite. */
SC_API sc_status sc_groups_add_value(sc_groups *groups, const char *const *keys,
                                     const size_t *lens, double value);

/* Sum of the values added to group `index` (0 when none were). */
SC_API double sc_groups_value_sum(const sc_groups *groups, size_t index);

SC_API size_t sc_groups_count(const sc_groups *groups);
SC_API size_t sc_groups_nkeys(const sc_groups *groups);

/* Names the key parts (usually the input's column names), e.g. for table
 * headers.  The name is copied; unnamed parts read as "".  SC_EINVAL when
 * part >= nkeys. */
SC_API sc_status sc_groups_set_key_name(sc_groups *groups, size_t part, const char *name);
SC_API const char *sc_groups_key_name(const sc_groups *groups, size_t part);

/* Key part `part` of group `index`, NUL-terminated; owned by the table. */
SC_API const char *sc_groups_key(const sc_groups *groups, size_t index, size_t part);
SC_API uint64_t sc_groups_n(const sc_groups *groups, size_t index);
SC_API uint64_t sc_groups_passed(const sc_groups *groups, size_t index);

/* Adds every group of `from` into `into`, counts and value sums (same nkeys,
 * else SC_EINVAL). */
SC_API sc_status sc_groups_merge(sc_groups *into, const sc_groups *from);

/* Rolls `from` up to the key parts parts[0, nparts) (in that order; each
 * < nkeys, none twice): the counts of the groups that share those parts are
 * added, in order of first appearance, and the parts keep their names.
 * With where_part < nkeys only the groups whose part where_part equals
 * `where_value` are counted (e.g. one period).  One pass over the groups,
 * so a report can read its input once and take every table from it.
 * SC_EINVAL for a bad part; SC_ENOMEM; SC_EDATA on overflow.  Caller frees
 * *out with sc_groups_free; on error *out is NULL. */
SC_API sc_status sc_groups_project(const sc_groups *from, const size_t *parts, size_t nparts,
                                   size_t where_part, const char *where_value,
                                   sc_groups **out);

/* Units made of batches: `fine` is keyed by (k outer parts…, unit), e.g.
 * (province, enterprise).  The result is keyed by the first `keep` parts and
 * counts units: n = number of units, passed = units all of whose batches
 * passed (DESIGN.md §1: the enterprise pass rate).  keep < nkeys of `fine`.
 * Caller frees *out with sc_groups_free. */
SC_API sc_status sc_groups_rollup_units(const sc_groups *fine, size_t keep, sc_groups **out);

#ifdef __cplusplus
}
#endif
#endif
