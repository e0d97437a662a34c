/* spotcheck — hash-grouped accumulation of batch counts.  Contract in
 * spotcheck/groups.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Groups live in an array in order of first appearance; an open-addressing
 * index (linear probing, power-of-two size, at most half full) maps a key's
 * hash to its entry.  A key is stored once, in an arena, as its parts each
 * followed by a NUL byte, so that a part can be handed out as a C string and
 * the whole key compared with one memcmp.  (Parts holding NUL bytes cannot
 * occur: the CSV reader refuses a NUL in every field it hands on, so that
 * "A\0B" and "A" can never become one group.)
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sodium/crypto_shorthash.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "groups_internal.h"
#include "shared_text.h"
#include "spotcheck/groups.h"

/* A group: 32 bytes (a million groups take 32 MB besides their keys and
 * the index).  Keys are added to the arena as their groups are made, one
 * after the other, so a key's length is where the next key starts
 * (key_length), and is not kept. */
typedef struct entry {
    uint64_t hash;
    size_t key_offset; /* into the arena */
    uint64_t n;
    uint64_t passed;
} entry;

struct sc_groups {
    size_t nkeys;
    char **names; /* nkeys names of the key parts, or NULL entries */
    entry *entries;
    double *sums; /* of the values added with sc_groups_add_value, beside the entries;
                     NULL until the first (most tables never have one) */
    size_t count, capacity;
    uint64_t *index; /* slot: the hash's top bits (TAG_SHIFT) over entry number + 1;
                        0 = empty slot */
    size_t index_size; /* 2^index_bits */
    unsigned index_bits;
    sc_shared_text *keys; /* the arena: held too by tables made from g */
    char *arena;          /* keys->text (NULL with no keys) */
    size_t arena_len, arena_cap;
    char *scratch; /* the key being looked up */
    uint64_t probes; /* index slots looked at, for tests (groups_internal.h) */
    size_t scratch_cap;
};

/* The index hashes keys with SipHash-2-4 (libsodium's crypto_shorthash)
 * under a key drawn once per process from the kernel (getrandom).  An
 * unkeyed hash lets a file of crafted group names collide in the index and
 * make reading quadratic (hash flooding: 500k crafted keys took 36 s instead
 * of 0.8 s with the FNV-1a used before); with a secret per-process key nobody
 * who writes the file can know which keys collide.  Where the kernel gives
 * no random bytes the key is made from the clock, the process id and an
 * address: weaker, but never fatal (the library does not abort).  Nothing
 * the user sees depends on the key: groups keep their order of first
 * appearance. */
static unsigned char hash_key[crypto_shorthash_KEYBYTES];

/* An index slot keeps the top 32 bits of its entry's hash beside the entry
 * number (so at most 2^32 - 1 groups).  A key's home slot is given by the top
 * bits of its hash: so an index of up to 2^32 slots grows without looking at
 * the entries, and in order (the keys of a run of old slots go to a run of
 * new ones).  The keys near a slot share their top index_bits bits, so the
 * bits of the tag below those tell them apart: 11 bits at 2^21 slots (a
 * million groups), where a probe past another key's slot then looks at that
 * entry (a cache miss) once in 2048.  (With a 24-bit tag, two thirds of
 * probes at a million groups looked at the entry: 0.5 s of 1M inserts.) */
#define TAG_SHIFT 32
#define TAG_BITS (64 - TAG_SHIFT)
#define SLOT_ENTRY(v) ((size_t)((v) & ((UINT64_C(1) << TAG_SHIFT) - 1)))
#define SLOT_TAG(hash) ((hash) >> TAG_SHIFT << TAG_SHIFT)
#define HOME(hash, bits) ((size_t)((hash) >> (64 - (bits))))

static pthread_once_t hash_key_once = PTHREAD_ONCE_INIT;

static void hash_key_init(void)
{
    size_t got = 0;
    while (got < sizeof hash_key) {
        ssize_t r = getrandom(hash_key + got, sizeof hash_key - got, 0);
        if (r > 0)
            got += (size_t)r;
        else if (r < 0 && errno == EINTR)
            continue;
        else
            break;
    }
    if (got < sizeof hash_key) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        uint64_t parts[2] = {(uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec,
                             (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&now};
        memcpy(hash_key, parts, sizeof hash_key);
    }
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    unsigned char out[crypto_shorthash_BYTES];
    crypto_shorthash(out, (const unsigned char *)s, len, hash_key);
    uint64_t h;
    memcpy(&h, out, sizeof h);
    return h;
}

uint64_t sc_groups_probes(const sc_groups *g) { return g->probes; }

sc_groups *sc_groups_new(size_t nkeys)
{
    if (nkeys > SC_KEY_PARTS_MAX)
        return NULL;
    pthread_once(&hash_key_once, hash_key_init);
    sc_groups *g = sc_calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->nkeys = nkeys;
    g->index_bits = 6;
    g->index_size = (size_t)1 << g->index_bits;
    g->index = sc_calloc(g->index_size, sizeof *g->index);
    if (!g->index) {
        free(g);
        return NULL;
    }
    return g;
}

void sc_groups_free(sc_groups *g)
{
    if (!g)
        return;
    free(g->entries);
    free(g->sums);
    free(g->index);
    sc_shared_text_release(g->keys);
    free(g->scratch);
    for (size_t k = 0; g->names && k < g->nkeys; k++)
        free(g->names[k]);
    free(g->names);
    free(g);
}

void sc_groups_seal(sc_groups *g)
{
    free(g->index);
    g->index = NULL;
    g->index_size = 0;
    g->index_bits = 0;
}

sc_status sc_groups_set_key_name(sc_groups *g, size_t part, const char *name)
{
    if (part >= g->nkeys)
        return SC_EINVAL;
    if (!g->names && !(g->names = sc_calloc(g->nkeys, sizeof *g->names)))
        return SC_ENOMEM;
    char *copy = sc_strdup(name);
    if (!copy)
        return SC_ENOMEM;
    free(g->names[part]);
    g->names[part] = copy;
    return SC_OK;
}

const char *sc_groups_key_name(const sc_groups *g, size_t part)
{
    return g->names && part < g->nkeys && g->names[part] ? g->names[part] : "";
}

static int reserve(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t next = *cap ? *cap : 256;
    while (next < need)
        next *= 2;
    char *p = sc_realloc(*buf, next);
    if (!p)
        return -1;
    *buf = p;
    *cap = next;
    return 0;
}

/* Room in the arena for `need` bytes.  While a table holds the arena
 * (sc_groups_key_text) its bytes do not change: a key added then goes to
 * the owner's copy. */
static int arena_reserve(sc_groups *g, size_t need)
{
    if (need <= g->arena_cap && (!g->keys || __atomic_load_n(&g->keys->holders,
                                                             __ATOMIC_ACQUIRE) == 1))
        return 0;
    size_t next = g->arena_cap ? g->arena_cap : 256;
    while (next < need)
        next *= 2;
    sc_shared_text *keys = sc_shared_text_grow(g->keys, g->arena_len, next);
    if (!keys)
        return -1;
    g->keys = keys;
    g->arena = keys->text;
    g->arena_cap = next;
    return 0;
}

/* Moves the index to 2^bits slots (more than it has).  The new index's
 * zeros are written here, not left to calloc: calloc's fresh pages are the
 * kernel's zero page until written, so each page read before it was written
 * took a second fault that also flushed the other cores' TLBs (an IPI while
 * they read).  A million groups read 40 ms faster (wall, two threads). */
static sc_status rehash(sc_groups *g, unsigned bits)
{
    size_t size = (size_t)1 << bits;
    uint64_t *index = sc_malloc(size * sizeof *index);
    if (!index)
        return SC_ENOMEM;
    memset(index, 0, size * sizeof *index);
    for (size_t old = 0; old < g->index_size; old++) {
        uint64_t v = g->index[old];
        if (!v)
            continue;
        uint64_t hash = bits <= TAG_BITS ? v : g->entries[SLOT_ENTRY(v) - 1].hash;
        size_t slot = HOME(hash, bits);
        while (index[slot])
            slot = (slot + 1) & (size - 1);
        index[slot] = v;
    }
    free(g->index);
    g->index = index;
    g->index_size = size;
    g->index_bits = bits;
    return SC_OK;
}

/* Room for `capacity` entries (and their sums, when there are). */
static sc_status grow_entries(sc_groups *g, size_t capacity)
{
    if (g->sums) {
        double *sums = sc_realloc(g->sums, capacity * sizeof *sums);
        if (!sums)
            return SC_ENOMEM;
        g->sums = sums;
    }
    entry *entries = sc_realloc(g->entries, capacity * sizeof *entries);
    if (!entries)
        return SC_ENOMEM;
    g->entries = entries;
    g->capacity = capacity;
    return SC_OK;
}

/* The bytes of entry e's key, NULs included. */
static size_t key_length(const sc_groups *g, size_t e)
{
    size_t end = e + 1 < g->count ? g->entries[e + 1].key_offset : g->arena_len;
    return end - g->entries[e].key_offset;
}

/* The index slot of the key key[0, len) with this hash: the slot holding
 * it, or the empty slot where it would go; the slots looked at in *looked. */
static size_t find_slot(const sc_groups *g, const char *key, size_t len, uint64_t hash,
                        uint64_t *looked)
{
    size_t mask = g->index_size - 1;
    size_t slot = HOME(hash, g->index_bits);
    uint64_t probes = 1, tag = SLOT_TAG(hash);
    for (uint64_t v; (v = g->index[slot]) != 0; slot = (slot + 1) & mask, probes++) {
        if (SLOT_TAG(v) != tag)
            continue;
        size_t e = SLOT_ENTRY(v) - 1;
        if (g->entries[e].hash == hash && key_length(g, e) == len &&
            memcmp(g->arena + g->entries[e].key_offset, key, len) == 0)
            break;
    }
    *looked = probes;
    return slot;
}

/* A new entry, with no batches, at the end of the entries for the key
 * key[0, len) with this hash (key not in g's arena), not in the index. */
static entry *new_entry(sc_groups *g, const char *key, size_t len, uint64_t hash)
{
    if (g->count + 1 >= (UINT64_C(1) << TAG_SHIFT))
        return NULL; /* 2^32 groups: no slot could name another */
    if (g->count == g->capacity && grow_entries(g, g->capacity ? g->capacity * 2 : 64) != SC_OK)
        return NULL;
    if (arena_reserve(g, g->arena_len + len + 1) != 0)
        return NULL;
    memcpy(g->arena + g->arena_len, key, len);
    entry *fresh = &g->entries[g->count++];
    *fresh = (entry){.hash = hash, .key_offset = g->arena_len};
    if (g->sums)
        g->sums[g->count - 1] = 0;
    g->arena_len += len;
    return fresh;
}

/* Finds or creates the entry for the key key[0, len) with this hash (key
 * not in g's arena). */
static sc_status lookup(sc_groups *g, const char *key, size_t len, uint64_t hash, entry **out)
{
    if (!g->index)
        return SC_EINVAL; /* sealed */
    uint64_t looked;
    size_t slot = find_slot(g, key, len, hash, &looked);
    g->probes += looked;
    if (g->index[slot]) {
        *out = &g->entries[SLOT_ENTRY(g->index[slot]) - 1];
        return SC_OK;
    }
    entry *fresh = new_entry(g, key, len, hash);
    if (!fresh)
        return SC_ENOMEM;
    g->index[slot] = SLOT_TAG(hash) | g->count;
    if (2 * g->count > g->index_size) {
        sc_status s = rehash(g, g->index_bits + 1);
        if (s != SC_OK)
            return s;
    }
    *out = fresh;
    return SC_OK;
}

static sc_status add_counts(entry *e, uint64_t n, uint64_t passed)
{
    if (e->n > UINT64_MAX - n)
        return SC_EDATA;
    e->n += n;
    e->passed += passed;
    return SC_OK;
}

/* Serialises the key parts (as the file comment says) into *buf, grown as
 * needed; the length in *len. */
static sc_status serialise(const sc_groups *g, const char *const *keys, const size_t *lens,
                           char **buf, size_t *cap, size_t *len)
{
    *len = 0;
    for (size_t k = 0; k < g->nkeys; k++)
        *len += lens[k] + 1;
    if (reserve(buf, cap, *len + 1) != 0)
        return SC_ENOMEM;
    char *p = *buf;
    for (size_t k = 0; k < g->nkeys; k++) {
        memcpy(p, keys[k], lens[k]);
        p += lens[k];
        *p++ = '\0';
    }
    return SC_OK;
}

sc_status sc_groups_locate(const sc_groups *g, const char *const *keys, const size_t *lens,
                           size_t *index, bool *found)
{
    /* a key of up to a few hundred bytes, the usual, is put together on the
       stack: only a longer one needs (and can fail) an allocation */
    char small[512];
    char *key = NULL;
    size_t cap = 0, len = 0;
    for (size_t k = 0; k < g->nkeys; k++)
        len += lens[k] + 1;
    if (len < sizeof small) {
        key = small;
        cap = sizeof small;
    }
    *found = false;
    if (!g->index)
        return SC_EINVAL; /* sealed */
    if (serialise(g, keys, lens, &key, &cap, &len) != SC_OK)
        return SC_ENOMEM;
    uint64_t looked;
    size_t slot = find_slot(g, key, len, hash_bytes(key, len), &looked);
    if (key != small)
        free(key);
    if (g->index[slot]) {
        *index = SLOT_ENTRY(g->index[slot]) - 1;
        *found = true;
    }
    return SC_OK;
}

bool sc_groups_find(const sc_groups *g, const char *const *keys, const size_t *lens,
                    size_t *index)
{
    bool found;
    return sc_groups_locate(g, keys, lens, index, &found) == SC_OK && found;
}

/* Makes the value sums, all 0, beside the entries (they then grow with them). */
static bool have_sums(sc_groups *g)
{
    return g->sums || (g->sums = sc_calloc(g->capacity ? g->capacity : 1, sizeof *g->sums));
}

sc_status sc_groups_add_value(sc_groups *g, const char *const *keys, const size_t *lens,
                              double value)
{
    if (!isfinite(value))
        return SC_EINVAL;
    if (!have_sums(g))
        return SC_ENOMEM;
    size_t len;
    if (serialise(g, keys, lens, &g->scratch, &g->scratch_cap, &len) != SC_OK)
        return SC_ENOMEM;
    entry *e;
    sc_status s = lookup(g, g->scratch, len, hash_bytes(g->scratch, len), &e);
    if (s != SC_OK)
        return s;
    s = add_counts(e, 1, 0);
    if (s == SC_OK)
        g->sums[e - g->entries] += value;
    return s;
}

double sc_groups_value_sum(const sc_groups *g, size_t index)
{
    return g->sums ? g->sums[index] : 0;
}

sc_status sc_groups_add(sc_groups *g, const char *const *keys, const size_t *lens, uint64_t n,
                        uint64_t passed)
{
    if (passed > n)
        return SC_EINVAL;
    size_t len;
    if (serialise(g, keys, lens, &g->scratch, &g->scratch_cap, &len) != SC_OK)
        return SC_ENOMEM;
    entry *e;
    sc_status s = lookup(g, g->scratch, len, hash_bytes(g->scratch, len), &e);
    return s == SC_OK ? add_counts(e, n, passed) : s;
}

sc_status sc_groups_append(sc_groups *g, const char *const *keys, const size_t *lens, uint64_t n,
                           uint64_t passed)
{
    if (passed > n || g->sums || !g->index)
        return SC_EINVAL;
    size_t len;
    if (serialise(g, keys, lens, &g->scratch, &g->scratch_cap, &len) != SC_OK)
        return SC_ENOMEM;
    entry *e = new_entry(g, g->scratch, len, hash_bytes(g->scratch, len));
    if (!e)
        return SC_ENOMEM;
    e->n = n;
    e->passed = passed;
    return SC_OK;
}

size_t sc_groups_count(const sc_groups *g) { return g->count; }
size_t sc_groups_nkeys(const sc_groups *g) { return g->nkeys; }
uint64_t sc_groups_n(const sc_groups *g, size_t index) { return g->entries[index].n; }
uint64_t sc_groups_passed(const sc_groups *g, size_t index) { return g->entries[index].passed; }

const char *sc_groups_key(const sc_groups *g, size_t index, size_t part)
{
    const char *p = g->arena + g->entries[index].key_offset;
    for (size_t k = 0; k < part; k++)
        p += strlen(p) + 1;
    return p;
}

/* Adds `n`, `passed` to the group of from's entry `e`, keyed by its first
 * `keep` parts; that group in *added. */
static sc_status add_prefix(sc_groups *into, const sc_groups *from, size_t e, size_t keep,
                            uint64_t n, uint64_t passed, entry **added)
{
    const entry *source = &from->entries[e];
    const char *key = from->arena + source->key_offset;
    size_t len = key_length(from, e);
    uint64_t hash = source->hash; /* one key, one process: one hash */
    if (keep < from->nkeys) {
        len = 0;
        for (size_t k = 0; k < keep; k++)
            len += strlen(key + len) + 1;
        hash = hash_bytes(key, len);
    }
    sc_status s = lookup(into, key, len, hash, added);
    return s == SC_OK ? add_counts(*added, n, passed) : s;
}

/* How many groups ahead sc_groups_merge_range fetches the index slot of: with
 * many groups each slot is a cache miss, which the loop alone overlapped with
 * too few others. */
#define MERGE_AHEAD 8

sc_status sc_groups_merge_range(sc_groups *into, const sc_groups *from, size_t begin, size_t end)
{
    if (into->nkeys != from->nkeys)
        return SC_EINVAL;
    if (from->sums && !have_sums(into))
        return SC_ENOMEM;
    for (size_t e = begin; e < end; e++) {
        if (e + MERGE_AHEAD < end)
            __builtin_prefetch(
                &into->index[HOME(from->entries[e + MERGE_AHEAD].hash, into->index_bits)]);
        entry *target;
        sc_status s = add_prefix(into, from, e, from->nkeys, from->entries[e].n,
                                 from->entries[e].passed, &target);
        if (s != SC_OK)
            return s;
        if (from->sums)
            into->sums[target - into->entries] += from->sums[e];
    }
    return SC_OK;
}

sc_status sc_groups_merge(sc_groups *into, const sc_groups *from)
{
    return sc_groups_merge_range(into, from, 0, from->count);
}

sc_shared_text *sc_groups_key_text(const sc_groups *g) { return g->keys; }

void sc_groups_clear(sc_groups *g)
{
    g->count = 0;
    g->arena_len = 0; /* a held arena is not written again: arena_reserve */
    g->probes = 0;
    if (g->index)
        memset(g->index, 0, g->index_size * sizeof *g->index);
}

sc_status sc_groups_absorb(sc_groups *into, sc_groups *from)
{
    if (into->nkeys != from->nkeys || into->count > 0)
        return sc_groups_merge(into, from);
    sc_groups mine = *into, theirs = *from;
    *into = theirs; /* the groups change hands (from gets into's none) ... */
    *from = mine;
    into->names = mine.names; /* ... each keeps its names and scratch */
    from->names = theirs.names;
    into->scratch = mine.scratch;
    into->scratch_cap = mine.scratch_cap;
    from->scratch = theirs.scratch;
    from->scratch_cap = theirs.scratch_cap;
    return SC_OK;
}

sc_status sc_groups_project(const sc_groups *from, const size_t *parts, size_t nparts,
                            size_t where_part, const char *where_value, sc_groups **out)
{
    *out = NULL;
    const char *part_at[SC_KEY_PARTS_MAX];
    size_t part_len[SC_KEY_PARTS_MAX];
    if (nparts > SC_KEY_PARTS_MAX || (where_part < from->nkeys && !where_value))
        return SC_EINVAL;
    for (size_t i = 0; i < nparts; i++) {
        if (parts[i] >= from->nkeys)
            return SC_EINVAL;
        for (size_t j = 0; j < i; j++)
            if (parts[i] == parts[j])
                return SC_EINVAL;
    }
    sc_groups *to = sc_groups_new(nparts);
    sc_status s = to ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; s == SC_OK && i < nparts; i++)
        if (from->names && from->names[parts[i]])
            s = sc_groups_set_key_name(to, i, from->names[parts[i]]);
    for (size_t e = 0; s == SC_OK && e < from->count; e++) {
        /* the key parts of entry e, NUL-separated in the arena */
        const char *all[SC_KEY_PARTS_MAX];
        const char *p = from->arena + from->entries[e].key_offset;
        for (size_t k = 0; k < from->nkeys; k++) {
            all[k] = p;
            p += strlen(p) + 1;
        }
        if (where_part < from->nkeys && strcmp(all[where_part], where_value) != 0)
            continue;
        for (size_t i = 0; i < nparts; i++) {
            part_at[i] = all[parts[i]];
            part_len[i] = strlen(part_at[i]);
        }
        s = sc_groups_add(to, part_at, part_len, from->entries[e].n, from->entries[e].passed);
    }
    if (s != SC_OK) {
        sc_groups_free(to);
        return s;
    }
    *out = to;
    return SC_OK;
}

sc_status sc_groups_rollup_units(const sc_groups *fine, size_t keep, sc_groups **out)
{
    *out = NULL;
    if (keep >= fine->nkeys)
        return SC_EINVAL;
    sc_groups *coarse = sc_groups_new(keep);
    if (!coarse)
        return SC_ENOMEM;
    for (size_t e = 0; e < fine->count; e++) {
        const entry *unit = &fine->entries[e];
        /* a unit with no batches (an aggregated row with n = 0) is not counted */
        entry *added;
        sc_status s = add_prefix(coarse, fine, e, keep, unit->n ? 1 : 0,
                                 unit->n && unit->passed == unit->n ? 1 : 0, &added);
        if (s != SC_OK) {
            sc_groups_free(coarse);
            return s;
        }
    }
    *out = coarse;
    return SC_OK;
}
