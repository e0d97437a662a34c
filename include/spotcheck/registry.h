/* spotcheck — the registry base: one row per method (interval methods,
 * difference methods, p-value adjustments, funnel and trend dispersion
 * rules, trend models, control charts, period kinds, output formats, input
 * encodings), one lookup by name or alias and one listing of valid names.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *   R1. Every registry row begins with an sc_registry_entry (its first
 *       member, or the first member of its first member), so one lookup
 *       serves every registry.  Row i describes the enum value i; a row whose
 *       name is NULL (an enum value with no name) is skipped by the lookup
 *       and the listing.
 *   R2. A name matches its row's canonical name or one of its comma-separated
 *       aliases as a whole word: ASCII case-insensitively ("Wilson", "bh",
 *       "Q"), or byte for byte in a registry marked exact_case (--format).
 *       Bytes above 0x7F match only themselves ("季度").
 *   R3. The registries are static and constant: nothing here allocates, and
 *       nothing is freed.
 */
#ifndef SPOTCHECK_REGISTRY_H
#define SPOTCHECK_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What every registry row starts with. */
typedef struct sc_registry_entry {
    const char *name;        /* canonical name: the option value, and the word written in
                                output (e.g. "clopper-pearson") */
    const char *aliases;     /* comma-separated other accepted names ("exact,cp"); NULL or ""
                                for none */
    const char *description; /* one line */
    const char *reference;   /* paper, book, standard or R call that defines it; NULL when
                                there is nothing to cite */
} sc_registry_entry;

/* A registry: `count` rows of `stride` bytes from `rows`, each beginning
 * with an sc_registry_entry (R1). */
typedef struct sc_registry {
    const char *what; /* what a row is, for messages: "interval method" */
    const void *rows;
    size_t count;
    size_t stride;
    bool exact_case; /* R2: names match byte for byte */
} sc_registry;

/* The entry of row `index`; NULL for NULL, an index out of range or a hole.
 * Static, do not free. */
SC_API const sc_registry_entry *sc_registry_entry_at(const sc_registry *registry,
                                                     size_t index);

/* Looks `name` up (R2) and writes its row's index (the enum value) to
 * *index.  SC_EINVAL for a NULL argument, an empty or unknown name (then
 * *index is unchanged). */
SC_API sc_status sc_registry_find(const sc_registry *registry, const char *name,
                                  size_t *index);

/* Writes the canonical names in row order into buf (size > 0), NUL
 * terminated, `separator` between two names and `last_separator` before the
 * last one: (", ", ", ") gives "a, b, c", (", ", " or ") "a, b or c".
 * Truncates to fit.  Returns the length the whole list needs (as snprintf),
 * 0 for an empty registry. */
SC_API size_t sc_registry_list(const sc_registry *registry, const char *separator,
                               const char *last_separator, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
