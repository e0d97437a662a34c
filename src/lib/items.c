/* spotcheck — unqualified test items: splitting, aliases, counting.
 * Contract in spotcheck/items.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "spotcheck/items.h"
#include "text.h"

const char *const sc_items_default_separators[] = {"；", ";", "、", "|", "\n", NULL};

/* ---- splitting ------------------------------------------------------------------ */

/* Length of the white space of contract 1 that starts at text[0], or 0. */
static size_t space_at_start(const char *text, size_t len)
{
    if (len >= 1 && strchr(" \t\r\n\v\f", text[0]) && text[0] != '\0')
        return 1;
    if (len >= 3 && memcmp(text, "\xE3\x80\x80", 3) == 0) /* U+3000 */
        return 3;
    if (len >= 2 && memcmp(text, "\xC2\xA0", 2) == 0) /* U+00A0 */
        return 2;
    return 0;
}

/* Length of the white space that ends text[len - 1], or 0.  E3 and C2 are
 * lead bytes, so a match is a whole character. */
static size_t space_at_end(const char *text, size_t len)
{
    if (len >= 1 && text[len - 1] != '\0' && strchr(" \t\r\n\v\f", text[len - 1]))
        return 1;
    if (len >= 3 && memcmp(text + len - 3, "\xE3\x80\x80", 3) == 0)
        return 3;
    if (len >= 2 && memcmp(text + len - 2, "\xC2\xA0", 2) == 0)
        return 2;
    return 0;
}

void sc_items_trim(const char **text, size_t *len)
{
    size_t n;
    while ((n = space_at_start(*text, *len)) > 0)
        *text += n, *len -= n;
    while ((n = space_at_end(*text, *len)) > 0)
        *len -= n;
}

/* The longest separator that matches at text[0], or 0. */
static size_t separator_at(const char *text, size_t len, const char *const *separators)
{
    size_t best = 0;
    for (const char *const *sep = separators; *sep; sep++) {
        size_t n = strlen(*sep);
        if (n > best && n <= len && memcmp(text, *sep, n) == 0)
            best = n;
    }
    return best;
}

sc_status sc_items_split(const char *cell, size_t len, const char *const *separators,
                         sc_item_fn fn, void *ctx)
{
    if (!separators)
        separators = sc_items_default_separators;
    size_t start = 0, i = 0;
    while (i <= len) {
        size_t sep = i < len ? separator_at(cell + i, len - i, separators) : 0;
        if (i < len && sep == 0) {
            i++;
            continue;
        }
        const char *entry = cell + start;
        size_t entry_len = i - start;
        sc_items_trim(&entry, &entry_len);
        if (entry_len > 0) {
            sc_status s = fn(ctx, entry, entry_len);
            if (s != SC_OK)
                return s;
        }
        if (i == len)
            break;
        i += sep;
        start = i;
    }
    return SC_OK;
}

/* Bytes of the UTF-8 character at text[0] (valid, shortest form, no
 * surrogate), or 0. */
static size_t utf8_char(const unsigned char *text)
{
    unsigned char c = text[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((text[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xE0 && text[1] < 0xA0) || (c == 0xED && text[1] >= 0xA0)))
        return 0;
    if (n == 4 && ((c == 0xF0 && text[1] < 0x90) || (c == 0xF4 && text[1] >= 0x90)))
        return 0;
    return n;
}

void sc_items_separators_free(char **separators)
{
    for (char **s = separators; s && *s; s++)
        free(*s);
    free(separators);
}

sc_status sc_items_separators_parse(const char *text, char ***out, sc_error *err)
{
    *out = NULL;
    if (!text || !*text)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--separators: the list is empty");
    size_t len = strlen(text);
    char **list = sc_calloc(len + 1, sizeof *list);
    if (!list)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    size_t count = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_char((const unsigned char *)text + i);
        if (n == 0) {
            sc_items_separators_free(list);
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--separators: byte %zu is not UTF-8 text", i + 1);
        }
        if (n == 1 && ((unsigned char)text[i] < 0x20 || text[i] == 0x7F)) {
            sc_items_separators_free(list);
            return sc_error_set(err, SC_EINVAL, NULL, 0,
                                "--separators: a control character (byte %zu) cannot separate "
                                "items",
                                i + 1);
        }
        if (!(list[count++] = sc_strndup(text + i, n))) {
            sc_items_separators_free(list);
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        }
        i += n;
    }
    *out = list;
    return SC_OK;
}

/* ---- aliases -------------------------------------------------------------------- */

#define NO_NAME ((size_t)-1)

/* What the list knows of one name (indexed as the names table). */
typedef struct alias_name {
    size_t canonical;             /* an alias: the index of its name; else NO_NAME */
    unsigned long long line;      /* an alias: where it was given */
    size_t first_alias;           /* a canonical name: its first alias, else NO_NAME */
    unsigned long long name_line; /* ... and where that was given */
} alias_name;

struct sc_item_aliases {
    sc_groups *names; /* every name seen, as a one-part key */
    alias_name *info;
    size_t capacity;
    size_t count; /* aliases */
};

sc_item_aliases *sc_item_aliases_new(void)
{
    sc_item_aliases *a = sc_calloc(1, sizeof *a);
    if (a && !(a->names = sc_groups_new(1))) {
        free(a);
        return NULL;
    }
    return a;
}

void sc_item_aliases_free(sc_item_aliases *aliases)
{
    if (!aliases)
        return;
    sc_groups_free(aliases->names);
    free(aliases->info);
    free(aliases);
}

/* The index of `name`, added when new. */
static sc_status intern(sc_item_aliases *a, const char *name, size_t len, size_t *index)
{
    bool found;
    sc_status s = sc_groups_locate(a->names, &name, &len, index, &found);
    if (s != SC_OK || found)
        return s;
    *index = sc_groups_count(a->names);
    if (*index == a->capacity) {
        size_t capacity = a->capacity ? 2 * a->capacity : 16;
        alias_name *info = sc_realloc(a->info, capacity * sizeof *info);
        if (!info)
            return SC_ENOMEM;
        a->info = info;
        a->capacity = capacity;
    }
    s = sc_groups_add(a->names, &name, &len, 0, 0);
    if (s == SC_OK)
        a->info[*index] = (alias_name){.canonical = NO_NAME, .first_alias = NO_NAME};
    return s;
}

static const char *name_of(const sc_item_aliases *a, size_t index)
{
    return sc_groups_key(a->names, index, 0);
}

/* An error at `place`, in the column `column` (may be NULL). */
__attribute__((format(printf, 4, 5))) static sc_status
place_error(const sc_item_place *place, const char *column, sc_error *err, const char *format,
            ...)
{
    char what[SC_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, format);
    vsnprintf(what, sizeof what, format, ap);
    va_end(ap);
    if (column)
        return sc_error_set(err, SC_EDATA, place->file, place->line, "column \"%s\": %s", column,
                            what);
    return sc_error_set(err, SC_EDATA, place->file, place->line, "%s", what);
}

sc_status sc_item_aliases_add(sc_item_aliases *a, const char *alias, size_t alias_len,
                              const char *name, size_t name_len, const sc_item_place *place,
                              sc_error *err)
{
    sc_item_place none = {0};
    if (!place)
        place = &none;
    sc_items_trim(&alias, &alias_len);
    sc_items_trim(&name, &name_len);
    if (alias_len == 0 || name_len == 0)
        return place_error(place, alias_len == 0 ? place->alias_column : place->name_column,
                           err, "empty: each row gives an alias and its name");
    if (alias_len == name_len && memcmp(alias, name, alias_len) == 0)
        return SC_OK; /* contract 2: a name that is its own alias changes nothing */
    size_t ia, in;
    sc_status s = intern(a, alias, alias_len, &ia);
    if (s == SC_OK)
        s = intern(a, name, name_len, &in);
    if (s != SC_OK)
        return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    alias_name *ai = &a->info[ia], *ni = &a->info[in];
    if (ai->canonical == in)
        return SC_OK; /* the same pair again */
    if (ai->canonical != NO_NAME)
        return place_error(place, place->alias_column, err,
                           "\"%s\" is already an alias of \"%s\" (line %llu): one name per alias",
                           name_of(a, ia), name_of(a, ai->canonical), ai->line);
    if (ai->first_alias != NO_NAME)
        return place_error(place, place->alias_column, err,
                           "\"%s\" is the name of the alias \"%s\" (line %llu), so it cannot be "
                           "an alias too: map every alias to the final name",
                           name_of(a, ia), name_of(a, ai->first_alias), ai->name_line);
    if (ni->canonical != NO_NAME)
        return place_error(place, place->name_column, err,
                           "\"%s\" is itself an alias of \"%s\" (line %llu): map every alias to "
                           "the final name",
                           name_of(a, in), name_of(a, ni->canonical), ni->line);
    ai->canonical = in;
    ai->line = place->line;
    if (ni->first_alias == NO_NAME) {
        ni->first_alias = ia;
        ni->name_line = place->line;
    }
    a->count++;
    return SC_OK;
}

/* sc_item_aliases_lookup, with the failure to look a long name up
 * (SC_ENOMEM) told apart from a name that is no alias. */
static sc_status canonical_of(const sc_item_aliases *a, const char *item, size_t len,
                              const char **out, size_t *out_len)
{
    size_t index;
    bool found = false;
    sc_status s = a ? sc_groups_locate(a->names, &item, &len, &index, &found) : SC_OK;
    if (found && a->info[index].canonical != NO_NAME) {
        const char *name = name_of(a, a->info[index].canonical);
        *out = name;
        *out_len = strlen(name);
        return SC_OK;
    }
    *out = item;
    *out_len = len;
    return s;
}

const char *sc_item_aliases_lookup(const sc_item_aliases *a, const char *item, size_t len,
                                   size_t *out_len)
{
    const char *name;
    canonical_of(a, item, len, &name, out_len);
    return name;
}

size_t sc_item_aliases_count(const sc_item_aliases *a)
{
    return a ? a->count : 0;
}

typedef struct alias_reader {
    sc_item_aliases *aliases;
    sc_csv *csv;
} alias_reader;

static sc_status on_alias_row(void *ctx, const sc_csv_row *row, sc_error *err)
{
    alias_reader *r = ctx;
    sc_item_place place = {sc_csv_name(r->csv), row->line, sc_csv_column_name(r->csv, 0),
                           sc_csv_column_name(r->csv, 1)};
    return sc_item_aliases_add(r->aliases, row->fields[0], row->lengths[0], row->fields[1],
                               row->lengths[1], &place, err);
}

sc_status sc_item_aliases_read(const char *path, const sc_csv_opts *csv, sc_item_aliases **out,
                               sc_error *err)
{
    *out = NULL;
    sc_csv_opts opts = csv ? *csv : (sc_csv_opts){0};
    opts.skip_ragged = false; /* a ragged alias row is an error, never skipped */
    alias_reader r = {.aliases = sc_item_aliases_new()};
    if (!r.aliases)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = sc_csv_open(path, &opts, &r.csv, err);
    if (s == SC_OK && sc_csv_columns(r.csv) != 2)
        s = sc_error_set(err, SC_EDATA, sc_csv_name(r.csv), 1,
                         "an alias list has two columns, the alias and its name; this one has "
                         "%zu",
                         sc_csv_columns(r.csv));
    if (s == SC_OK) {
        sc_csv_want(r.csv, 0);
        sc_csv_want(r.csv, 1);
        s = sc_csv_read(r.csv, on_alias_row, &r, err);
    }
    sc_csv_close(r.csv);
    if (s != SC_OK) {
        sc_item_aliases_free(r.aliases);
        return s;
    }
    *out = r.aliases;
    return SC_OK;
}

/* ---- counting ------------------------------------------------------------------- */

typedef struct entry {
    const char *text;
    size_t len;
} entry;

struct sc_item_counts {
    size_t nkeys;
    const char *const *separators;
    const sc_item_aliases *aliases;
    sc_groups *items;      /* (group parts..., item): n = batches */
    sc_groups *unrecorded; /* (group parts...): n = failed batches without items */
    uint64_t passed_listed;
    entry *entries; /* the distinct items of the cell being counted */
    size_t nentries, capacity;
    const char *parts[SC_KEY_PARTS_MAX];
    size_t lens[SC_KEY_PARTS_MAX];
};

sc_item_counts *sc_item_counts_new(size_t nkeys, const char *const *separators,
                                   const sc_item_aliases *aliases)
{
    if (nkeys + 1 > SC_KEY_PARTS_MAX)
        return NULL;
    sc_item_counts *c = sc_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->nkeys = nkeys;
    c->separators = separators ? separators : sc_items_default_separators;
    c->aliases = aliases;
    c->items = sc_groups_new(nkeys + 1);
    c->unrecorded = sc_groups_new(nkeys);
    if (!c->items || !c->unrecorded) {
        sc_item_counts_free(c);
        return NULL;
    }
    return c;
}

void sc_item_counts_free(sc_item_counts *c)
{
    if (!c)
        return;
    sc_groups_free(c->items);
    sc_groups_free(c->unrecorded);
    free(c->entries);
    free(c);
}

/* Keeps an entry, by its canonical name, unless the cell named it already. */
static sc_status keep_entry(void *ctx, const char *item, size_t len)
{
    sc_item_counts *c = ctx;
    sc_status s = canonical_of(c->aliases, item, len, &item, &len);
    if (s != SC_OK)
        return s;
    for (size_t i = 0; i < c->nentries; i++)
        if (c->entries[i].len == len && memcmp(c->entries[i].text, item, len) == 0)
            return SC_OK;
    if (c->nentries == c->capacity) {
        size_t capacity = c->capacity ? 2 * c->capacity : 16;
        entry *entries = sc_realloc(c->entries, capacity * sizeof *entries);
        if (!entries)
            return SC_ENOMEM;
        c->entries = entries;
        c->capacity = capacity;
    }
    c->entries[c->nentries++] = (entry){item, len};
    return SC_OK;
}

sc_status sc_item_counts_add(sc_item_counts *c, const char *const *keys, const size_t *lens,
                             bool passed, const char *cell, size_t len)
{
    c->nentries = 0;
    sc_status s = sc_items_split(cell, len, c->separators, keep_entry, c);
    if (s != SC_OK)
        return s;
    if (passed) {
        c->passed_listed += c->nentries > 0;
        return SC_OK;
    }
    if (c->nentries == 0)
        return sc_groups_add(c->unrecorded, keys, lens, 1, 0);
    for (size_t k = 0; k < c->nkeys; k++) {
        c->parts[k] = keys[k];
        c->lens[k] = lens[k];
    }
    for (size_t i = 0; s == SC_OK && i < c->nentries; i++) {
        c->parts[c->nkeys] = c->entries[i].text;
        c->lens[c->nkeys] = c->entries[i].len;
        s = sc_groups_add(c->items, c->parts, c->lens, 1, 0);
    }
    return s;
}

sc_status sc_item_counts_on_record(void *ctx, const char *const *keys, const size_t *lens,
                                   size_t nkeys, bool passed, const char *const *texts,
                                   const size_t *text_lens, sc_error *err)
{
    sc_item_counts *c = ctx;
    if (nkeys != c->nkeys)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "items: group key does not match");
    sc_status s = sc_item_counts_add(c, keys, lens, passed, texts[0], text_lens[0]);
    if (s != SC_OK)
        sc_error_set(err, s, NULL, 0, "items: %s", sc_strerror(s));
    return s;
}

void *sc_item_counts_fork(const void *ctx)
{
    const sc_item_counts *c = ctx;
    return sc_item_counts_new(c->nkeys, c->separators, c->aliases);
}

sc_status sc_item_counts_merge(void *into, const void *from)
{
    sc_item_counts *to = into;
    const sc_item_counts *c = from;
    sc_status s = sc_groups_merge(to->items, c->items);
    if (s == SC_OK)
        s = sc_groups_merge(to->unrecorded, c->unrecorded);
    if (s == SC_OK)
        to->passed_listed += c->passed_listed;
    return s;
}

void sc_item_counts_free_ctx(void *ctx)
{
    sc_item_counts_free(ctx);
}

const sc_groups *sc_item_counts_items(const sc_item_counts *c)
{
    return c->items;
}

const sc_groups *sc_item_counts_unrecorded(const sc_item_counts *c)
{
    return c->unrecorded;
}

uint64_t sc_item_counts_passed_listed(const sc_item_counts *c)
{
    return c->passed_listed;
}
