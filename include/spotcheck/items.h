/* spotcheck — unqualified test items (不合格项目): splitting a batch's items
 * cell into items, alias lists that join spellings of one item, and counting
 * per group the batches in which each item failed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (docs/decisions.md, "Unqualified items"):
 *  1. Splitting: a cell is cut at every occurrence of any separator (the
 *     longest separator that matches at a place wins); each entry is trimmed
 *     at both ends of ASCII white space (space, tab, CR, LF, VT, FF),
 *     U+3000 (ideographic space) and U+00A0 (no-break space); empty entries
 *     are dropped.  The default separators are ； ; 、 | and the line break:
 *     not the comma, which item names hold (2,4-滴, 铝的残留量(干样品,以Al计)).
 *  2. Aliases: a list of (alias, canonical name) pairs; an item that is an
 *     alias counts as its canonical name.  An alias given twice with the same
 *     name is harmless, with two different names it is a conflict; a name
 *     that is both an alias and a canonical name is a chain (A → B, B → C);
 *     both are errors naming the two lines.  An alias equal to its name is
 *     ignored.  Names are compared byte for byte after trimming (contract 1).
 *  3. Counting: a batch that failed adds 1, in its group, to each distinct
 *     item of its cell after aliases (an item listed twice counts once).  A
 *     failed batch whose cell has no entry counts as "items not recorded" in
 *     its group.  A passed batch's items are not counted; batches that passed
 *     with a non-empty cell are counted apart, for a note.
 *  4. Memory grows with the number of distinct (group, item) pairs, never
 *     with the number of batches.
 */
#ifndef SPOTCHECK_ITEMS_H
#define SPOTCHECK_ITEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- splitting (contract 1) --------------------------------------------------- */

/* "；", ";", "、", "|", "\n", NULL: the default separators. */
SC_API extern const char *const sc_items_default_separators[];

/* Called for each entry of a cell: `item` (not NUL-terminated), `len` > 0
 * bytes, trimmed.  Anything but SC_OK stops the splitting and is returned. */
typedef sc_status (*sc_item_fn)(void *ctx, const char *item, size_t len);

/* Splits `cell` (len bytes) at `separators` (NULL-terminated list of
 * non-empty strings; NULL: the defaults) and calls fn for each non-empty
 * trimmed entry, in order.  Returns SC_OK or fn's status. */
SC_API sc_status sc_items_split(const char *cell, size_t len, const char *const *separators,
                                sc_item_fn fn, void *ctx);

/* Trims `*text` (`*len` bytes) as contract 1 trims entries. */
SC_API void sc_items_trim(const char **text, size_t *len);

/* The separators of a --separators argument: each UTF-8 character of `text`
 * is one separator ("；;，" gives three).  SC_EINVAL with a message for an
 * empty text, invalid UTF-8 or a control character.  On success *out is a
 * NULL-terminated list; the caller frees it with sc_items_separators_free. */
SC_API sc_status sc_items_separators_parse(const char *text, char ***out, sc_error *err);
SC_API void sc_items_separators_free(char **separators);

/* ---- aliases (contract 2) -------------------------------------------------------- */

typedef struct sc_item_aliases sc_item_aliases;

/* A new empty alias list; NULL when out of memory.  Caller frees with
 * sc_item_aliases_free. */
SC_API sc_item_aliases *sc_item_aliases_new(void);

/* Frees the list.  NULL is a no-op. */
SC_API void sc_item_aliases_free(sc_item_aliases *aliases);

/* Where a pair was given, for messages: file (may be NULL), line, and the
 * names of the alias and name columns (may be NULL). */
typedef struct sc_item_place {
    const char *file;
    unsigned long long line;
    const char *alias_column, *name_column;
} sc_item_place;

/* Adds `alias` → `name` (lengths in bytes; trimmed here) given at `place`.
 * SC_EDATA with the place and both lines for a conflict or a chain, and for
 * an empty alias or name; SC_ENOMEM. */
SC_API sc_status sc_item_aliases_add(sc_item_aliases *aliases, const char *alias,
                                     size_t alias_len, const char *name, size_t name_len,
                                     const sc_item_place *place, sc_error *err);

/* Reads an alias file: CSV (csvin.h: encodings, places) with a header row
 * and two columns, the alias and its canonical name (the header's names are
 * free).  Bad rows are errors with file, line and column (SC_EDATA), as are
 * a file of another width, conflicts and chains; SC_ENOENT when it cannot be
 * opened.  Caller frees *out with sc_item_aliases_free; NULL on error. */
SC_API sc_status sc_item_aliases_read(const char *path, const sc_csv_opts *csv,
                                      sc_item_aliases **out, sc_error *err);

/* The canonical name of `item` (len bytes) and its length, or `item` itself
 * when it is no alias, or when out of memory to look a long name up (beyond
 * some 500 bytes; sc_item_counts_add tells that apart and fails).  aliases
 * may be NULL.  Owned by the list. */
SC_API const char *sc_item_aliases_lookup(const sc_item_aliases *aliases, const char *item,
                                          size_t len, size_t *out_len);

/* How many aliases the list holds (pairs that map a name to itself excluded). */
SC_API size_t sc_item_aliases_count(const sc_item_aliases *aliases);

/* ---- counting (contract 3) ------------------------------------------------------- */

typedef struct sc_item_counts sc_item_counts;

/* A new count of items for groups keyed by `nkeys` parts, splitting at
 * `separators` (NULL: the defaults) and joining `aliases` (NULL: none); both
 * must outlive the counts.  NULL when out of memory or nkeys is beyond
 * SC_KEY_PARTS_MAX - 1.  Caller frees with sc_item_counts_free. */
SC_API sc_item_counts *sc_item_counts_new(size_t nkeys, const char *const *separators,
                                          const sc_item_aliases *aliases);
SC_API void sc_item_counts_free(sc_item_counts *counts);

/* Counts one batch of the group keys[0..nkeys) (lengths lens) that passed or
 * failed, with its items cell.  SC_EDATA on overflow, SC_ENOMEM. */
SC_API sc_status sc_item_counts_add(sc_item_counts *counts, const char *const *keys,
                                    const size_t *lens, bool passed, const char *cell,
                                    size_t len);

/* sc_item_counts_add of the first text column as a record callback
 * (records.h, sc_record_text_fn): ctx is the sc_item_counts.  Fills err on
 * failure. */
SC_API sc_status sc_item_counts_on_record(void *ctx, const char *const *keys, const size_t *lens,
                                          size_t nkeys, bool passed, const char *const *texts,
                                          const size_t *text_lens, sc_error *err);

/* For reading in chunks (records.h, contract 10), on a ctx that is an
 * sc_item_counts: an empty one counting the same way (NULL: no memory), the
 * counts of `from` added into `into` (groups in order of first appearance,
 * as one reader would have met them), and freeing. */
SC_API void *sc_item_counts_fork(const void *ctx);
SC_API sc_status sc_item_counts_merge(void *into, const void *from);
SC_API void sc_item_counts_free_ctx(void *ctx);

/* The counts: keyed by the group's parts then the item (canonical), in
 * order of first appearance; n is the batches in which the item failed. */
SC_API const sc_groups *sc_item_counts_items(const sc_item_counts *counts);

/* The failed batches with no item recorded: keyed by the group's parts;
 * groups with none are absent. */
SC_API const sc_groups *sc_item_counts_unrecorded(const sc_item_counts *counts);

/* Passed batches whose cell held an item (not counted: contract 3). */
SC_API uint64_t sc_item_counts_passed_listed(const sc_item_counts *counts);

#ifdef __cplusplus
}
#endif
#endif
