/* spotcheck — the one lookup of every method registry.  Contract in
 * include/spotcheck/registry.h (R1..R3).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "spotcheck/registry.h"

const sc_registry_entry *sc_registry_entry_at(const sc_registry *registry, size_t index)
{
    if (!registry || index >= registry->count)
        return NULL;
    /* R1: the entry is the first member of the row */
    const sc_registry_entry *entry =
        (const void *)((const char *)registry->rows + index * registry->stride);
    return entry->name ? entry : NULL;
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* R2: name equals the word [word, word + len). */
static bool word_is(const char *name, size_t name_len, const char *word, size_t len,
                    bool exact_case)
{
    if (name_len != len)
        return false;
    if (exact_case)
        return memcmp(name, word, len) == 0;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower((unsigned char)name[i]) != ascii_lower((unsigned char)word[i]))
            return false;
    return true;
}

static bool entry_names(const sc_registry_entry *entry, const char *name, size_t len,
                        bool exact_case)
{
    if (word_is(name, len, entry->name, strlen(entry->name), exact_case))
        return true;
    for (const char *a = entry->aliases; a && *a;) {
        size_t word = strcspn(a, ",");
        if (word_is(name, len, a, word, exact_case))
            return true;
        a += word + (a[word] == ',');
    }
    return false;
}

sc_status sc_registry_find(const sc_registry *registry, const char *name, size_t *index)
{
    if (!registry || !name || !*name || !index)
        return SC_EINVAL;
    size_t len = strlen(name);
    for (size_t i = 0; i < registry->count; i++) {
        const sc_registry_entry *entry = sc_registry_entry_at(registry, i);
        if (entry && entry_names(entry, name, len, registry->exact_case)) {
            *index = i;
            return SC_OK;
        }
    }
    return SC_EINVAL;
}

size_t sc_registry_list(const sc_registry *registry, const char *separator,
                        const char *last_separator, char *buf, size_t size)
{
    size_t total = 0, names = 0, last = 0;
    if (size > 0)
        buf[0] = '\0';
    if (!registry)
        return 0;
    for (size_t i = 0; i < registry->count; i++)
        if (sc_registry_entry_at(registry, i))
            last = i;
    for (size_t i = 0; i < registry->count; i++) {
        const sc_registry_entry *entry = sc_registry_entry_at(registry, i);
        if (!entry)
            continue;
        const char *parts[2] = {names == 0 ? "" : i == last ? last_separator : separator,
                                entry->name};
        for (int p = 0; p < 2; p++) {
            size_t len = strlen(parts[p]);
            if (total + 1 < size) {
                size_t room = size - 1 - total;
                size_t copy = len < room ? len : room;
                memcpy(buf + total, parts[p], copy);
                buf[total + copy] = '\0';
            }
            total += len;
        }
        names++;
    }
    return total;
}
