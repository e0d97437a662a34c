/* spotcheck — inspectors for a draw: the inspectors file (contract D9 of
 * include/spotcheck/draw.h) and the assignment of inspectors to the drawn
 * units under region and conflict constraints with even loads (D10).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "spotcheck/draw.h"
#include "text.h"

static sc_status no_memory(sc_error *err)
{
    return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
}

static char *copy_bytes(const char *text, size_t len)
{
    char *copy = sc_malloc(len + 1);
    if (copy) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

/* ---- the file (D9) -------------------------------------------------------------- */

#define NO_COLUMN ((size_t)-1)

typedef struct reader {
    sc_inspectors *in;
    size_t cap;
    size_t id, region, conflicts;
    char id_name[256];
} reader;

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The separators of a conflicts cell: ASCII ; , and white space, and the
 * Chinese 、，； (UTF-8). */
static size_t separator_at(const char *text)
{
    if (*text == ';' || *text == ',' || *text == ' ' || *text == '\t')
        return 1;
    static const char *const wide[] = {"\xe3\x80\x81", "\xef\xbc\x8c", "\xef\xbc\x9b"};
    for (size_t i = 0; i < 3; i++)
        if (strncmp(text, wide[i], 3) == 0)
            return 3;
    return 0;
}

static sc_status split_conflicts(const char *cell, char ***out, size_t *count, sc_error *err)
{
    size_t cap = 1;
    for (const char *c = cell; *c; c++)
        cap += separator_at(c) > 0;
    char **list = sc_calloc(cap, sizeof *list);
    if (!list)
        return no_memory(err);
    size_t n = 0;
    const char *c = cell;
    while (*c) {
        size_t skip;
        while ((skip = separator_at(c)) > 0)
            c += skip;
        if (!*c)
            break;
        const char *start = c;
        while (*c && !separator_at(c))
            c++;
        if (!(list[n] = copy_bytes(start, (size_t)(c - start)))) {
            for (size_t i = 0; i < n; i++)
                free(list[i]);
            free(list);
            return no_memory(err);
        }
        n++;
    }
    qsort(list, n, sizeof *list, compare_strings);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && strcmp(list[kept - 1], list[i]) == 0)
            free(list[i]);
        else
            list[kept++] = list[i];
    }
    *out = list;
    *count = kept;
    return SC_OK;
}

static sc_status add_inspector(void *ctx, const sc_csv_row *row, sc_error *err)
{
    reader *r = ctx;
    sc_inspectors *in = r->in;
    if (row->lengths[r->id] == 0)
        return sc_error_set(err, SC_EDATA, in->file, row->line,
                            "column \"%s\": the inspector's id is empty", r->id_name);
    if (in->count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16, n = in->count;
        void *p[6] = {sc_realloc(in->ids, cap * sizeof *in->ids),
                      sc_realloc(in->regions, cap * sizeof *in->regions),
                      sc_realloc(in->nconflicts, cap * sizeof *in->nconflicts),
                      sc_realloc(in->conflicts, cap * sizeof *in->conflicts),
                      sc_realloc(in->lines, cap * sizeof *in->lines), NULL};
        if (p[0])
            in->ids = p[0];
        if (p[1])
            in->regions = p[1];
        if (p[2])
            in->nconflicts = p[2];
        if (p[3])
            in->conflicts = p[3];
        if (p[4])
            in->lines = p[4];
        if (!p[0] || !p[1] || !p[2] || !p[3] || !p[4])
            return no_memory(err);
        (void)n;
        r->cap = cap;
    }
    size_t i = in->count;
    in->ids[i] = copy_bytes(row->fields[r->id], row->lengths[r->id]);
    in->regions[i] = r->region == NO_COLUMN
                         ? copy_bytes("", 0)
                         : copy_bytes(row->fields[r->region], row->lengths[r->region]);
    in->conflicts[i] = NULL;
    in->nconflicts[i] = 0;
    in->lines[i] = row->line;
    in->count++;
    if (!in->ids[i] || !in->regions[i])
        return no_memory(err);
    if (r->conflicts != NO_COLUMN)
        return split_conflicts(row->fields[r->conflicts], &in->conflicts[i], &in->nconflicts[i],
                               err);
    in->conflicts[i] = sc_calloc(1, sizeof(char *));
    return in->conflicts[i] ? SC_OK : no_memory(err);
}

static size_t find_header(sc_csv *csv, const char *a, const char *b)
{
    for (size_t c = 0; c < sc_csv_columns(csv); c++)
        if (strcasecmp(sc_csv_column_name(csv, c), a) == 0 ||
            (b && strcasecmp(sc_csv_column_name(csv, c), b) == 0))
            return c;
    return NO_COLUMN;
}

typedef struct id_at {
    const char *id;
    unsigned long long line;
} id_at;

static int by_id_line(const void *a, const void *b)
{
    const id_at *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

sc_status sc_inspectors_read(const char *path, const sc_csv_opts *opts, sc_inspectors **out,
                             sc_error *err)
{
    if (!path || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no inspectors file");
    *out = NULL;
    sc_csv *csv = NULL;
    sc_status s = sc_csv_open_table(path, opts, &csv, err);
    if (s != SC_OK)
        return s;
    sc_inspectors *in = sc_calloc(1, sizeof *in);
    reader r = {.in = in};
    if (!in || !(in->file = copy_bytes(sc_csv_name(csv), strlen(sc_csv_name(csv)))))
        s = no_memory(err);
    if (s == SC_OK) {
        r.id = find_header(csv, "inspector", "id");
        if (r.id == NO_COLUMN)
            r.id = 0;
        snprintf(r.id_name, sizeof r.id_name, "%s", sc_csv_column_name(csv, r.id));
        r.region = find_header(csv, "region", "unit");
        r.conflicts = find_header(csv, "conflicts", NULL);
        if (r.region == r.id)
            r.region = NO_COLUMN;
        if (r.conflicts == r.id)
            r.conflicts = NO_COLUMN;
        in->has_region = r.region != NO_COLUMN;
        sc_csv_want(csv, r.id);
        if (r.region != NO_COLUMN)
            sc_csv_want(csv, r.region);
        if (r.conflicts != NO_COLUMN)
            sc_csv_want(csv, r.conflicts);
        s = sc_csv_read(csv, add_inspector, &r, err);
    }
    sc_csv_close(csv);
    if (s == SC_OK && in->count == 0)
        s = sc_error_set(err, SC_EDATA, in->file, 1, "no inspectors in the file");
    if (s == SC_OK) {
        id_at *ids = sc_malloc(in->count * sizeof *ids);
        if (!ids)
            s = no_memory(err);
        for (size_t i = 0; ids && i < in->count; i++)
            ids[i] = (id_at){in->ids[i], in->lines[i]};
        if (ids)
            qsort(ids, in->count, sizeof *ids, by_id_line);
        for (size_t i = 1; s == SC_OK && i < in->count; i++)
            if (strcmp(ids[i - 1].id, ids[i].id) == 0)
                s = sc_error_set(err, SC_EDATA, in->file, ids[i].line,
                                 "column \"%s\": inspector \"%.200s\" is given twice (first on "
                                 "line %llu)",
                                 r.id_name, ids[i].id, ids[i - 1].line);
        free(ids);
    }
    if (s != SC_OK) {
        sc_inspectors_free(in);
        return s;
    }
    *out = in;
    return SC_OK;
}

void sc_inspectors_free(sc_inspectors *in)
{
    if (!in)
        return;
    for (size_t i = 0; i < in->count; i++) {
        free(in->ids ? in->ids[i] : NULL);
        free(in->regions ? in->regions[i] : NULL);
        for (size_t k = 0; in->conflicts && in->conflicts[i] && k < in->nconflicts[i]; k++)
            free(in->conflicts[i][k]);
        free(in->conflicts ? in->conflicts[i] : NULL);
    }
    free(in->ids);
    free(in->regions);
    free(in->nconflicts);
    free(in->conflicts);
    free(in->lines);
    free(in->file);
    free(in);
}

/* ---- the assignment (D10) ---------------------------------------------------------- */

static bool eligible(const sc_inspectors *in, size_t i, const sc_visit_unit *u)
{
    if (in->regions[i][0] && u->region && strcmp(in->regions[i], u->region) == 0)
        return false;
    size_t lo = 0, hi = in->nconflicts[i];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(in->conflicts[i][mid], u->id);
        if (c == 0)
            return false;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return true;
}

/* HMAC(seed, a 0x1f b [0x1f c]) */
static sc_status tagged_key(const char *seed, size_t seed_len, const char *a, const char *b,
                            const char *c, unsigned char key[SC_DRAW_KEY_SIZE])
{
    size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
    char *msg = sc_malloc(la + lb + lc + 3);
    if (!msg)
        return SC_ENOMEM;
    memcpy(msg, a, la);
    msg[la] = 0x1f;
    memcpy(msg + la + 1, b, lb);
    size_t len = la + 1 + lb;
    if (c) {
        msg[len++] = 0x1f;
        memcpy(msg + len, c, lc);
        len += lc;
    }
    sc_draw_key(seed, seed_len, msg, len, key);
    free(msg);
    return SC_OK;
}

typedef struct unit_order {
    size_t unit;
    size_t neligible;
    unsigned char key[SC_DRAW_KEY_SIZE];
} unit_order;

static int by_constraint(const void *a, const void *b)
{
    const unit_order *x = a, *y = b;
    if (x->neligible != y->neligible)
        return x->neligible < y->neligible ? -1 : 1;
    return memcmp(x->key, y->key, SC_DRAW_KEY_SIZE);
}

typedef struct job {
    const sc_inspectors *in;
    const sc_visit_unit *units;
    size_t count, per_visit;
    size_t *assigned;
    uint64_t *load;
    size_t *by_id; /* inspector indices in the byte order of their ids */
} job;

static bool has(const job *j, size_t u, size_t i)
{
    for (size_t k = 0; k < j->per_visit; k++)
        if (j->assigned[u * j->per_visit + k] == i)
            return true;
    return false;
}

/* One chain of D10 b from `source`; true when one was made.  `from`, `via`,
 * `queue` have in->count slots. */
static bool even_once(job *j, size_t source, size_t *from, size_t *via, size_t *queue,
                      bool *seen)
{
    size_t n = j->in->count, head = 0, tail = 0;
    memset(seen, 0, n * sizeof *seen);
    seen[source] = true;
    queue[tail++] = source;
    while (head < tail) {
        size_t a = queue[head++];
        for (size_t bi = 0; bi < n; bi++) {
            size_t b = j->by_id[bi];
            if (seen[b])
                continue;
            for (size_t u = 0; u < j->count; u++) {
                if (!has(j, u, a) || has(j, u, b) || !eligible(j->in, b, &j->units[u]))
                    continue;
                seen[b] = true;
                from[b] = a;
                via[b] = u;
                if (j->load[b] + 2 <= j->load[source]) {
                    /* make the chain: each unit on it moves one step down */
                    for (size_t t = b; t != source; t = from[t]) {
                        size_t *slot = j->assigned + via[t] * j->per_visit;
                        for (size_t k = 0; k < j->per_visit; k++)
                            if (slot[k] == from[t])
                                slot[k] = t;
                    }
                    j->load[source]--;
                    j->load[b]++;
                    return true;
                }
                queue[tail++] = b;
                break;
            }
        }
    }
    return false;
}

typedef struct id_ref {
    const sc_inspectors *in;
    size_t index;
} id_ref;

static int by_inspector_id(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    return strcmp(x->in->ids[x->index], y->in->ids[y->index]);
}

sc_status sc_draw_assign(const char *seed, size_t seed_len, const sc_inspectors *in,
                         const sc_visit_unit *units, size_t count, size_t per_visit,
                         const char *file, size_t *assigned, uint64_t *load, sc_error *err)
{
    if (!seed || !in || in->count == 0 || (count && (!units || !assigned)) || !load)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no seed, inspectors or units");
    if (per_visit == 0)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "--per-visit: give at least 1");
    size_t n = in->count;
    memset(load, 0, n * sizeof *load);
    unit_order *order = sc_calloc(count ? count : 1, sizeof *order);
    size_t *by_id = sc_malloc(n * sizeof *by_id), *scratch = sc_malloc(3 * n * sizeof *scratch);
    unsigned char(*keys)[SC_DRAW_KEY_SIZE] = sc_malloc(n * SC_DRAW_KEY_SIZE);
    bool *seen = sc_malloc(n * sizeof *seen), *chosen = sc_malloc(n * sizeof *chosen);
    id_ref *refs = sc_malloc(n * sizeof *refs);
    sc_status s = order && by_id && scratch && keys && seen && chosen && refs ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; s == SC_OK && i < n; i++)
        refs[i] = (id_ref){in, i};
    if (s == SC_OK) {
        qsort(refs, n, sizeof *refs, by_inspector_id);
        for (size_t i = 0; i < n; i++)
            by_id[i] = refs[i].index;
    }
    /* a: the most constrained units first */
    for (size_t u = 0; s == SC_OK && u < count; u++) {
        order[u].unit = u;
        for (size_t i = 0; i < n; i++)
            order[u].neligible += eligible(in, i, &units[u]);
        if (order[u].neligible < per_visit) {
            s = sc_error_set(err, SC_EDATA, file, units[u].line,
                             "enterprise \"%.200s\": %zu of the %zu inspectors may visit it "
                             "(the others share its region or list it as a conflict), %zu "
                             "needed per visit",
                             units[u].id, order[u].neligible, n, per_visit);
            break;
        }
        s = tagged_key(seed, seed_len, "visit", units[u].id, NULL, order[u].key);
    }
    if (s == SC_OK)
        qsort(order, count, sizeof *order, by_constraint);
    for (size_t o = 0; s == SC_OK && o < count; o++) {
        size_t u = order[o].unit;
        for (size_t i = 0; s == SC_OK && i < n; i++)
            s = tagged_key(seed, seed_len, "inspector", units[u].id, in->ids[i], keys[i]);
        memset(chosen, 0, n * sizeof *chosen);
        for (size_t k = 0; s == SC_OK && k < per_visit; k++) {
            size_t best = n;
            for (size_t i = 0; i < n; i++) {
                if (chosen[i] || !eligible(in, i, &units[u]))
                    continue;
                if (best == n || load[i] < load[best] ||
                    (load[i] == load[best] && memcmp(keys[i], keys[best], SC_DRAW_KEY_SIZE) < 0))
                    best = i;
            }
            chosen[best] = true;
            load[best]++;
            assigned[u * per_visit + k] = best;
        }
    }
    /* b: chains that even the loads, tried from the most loaded inspector down
     * (ids in byte order among equals) */
    job j = {in, units, count, per_visit, assigned, load, by_id};
    size_t *src = scratch, *from = scratch + n, *via = scratch + 2 * n;
    size_t *queue = sc_malloc(n * sizeof *queue);
    if (s == SC_OK && !queue)
        s = SC_ENOMEM;
    bool moved = s == SC_OK;
    while (moved) {
        moved = false;
        memcpy(src, by_id, n * sizeof *src);
        for (size_t a = 1; a < n; a++) /* insertion sort, stable: ids stay in order */
            for (size_t b = a; b > 0 && load[src[b]] > load[src[b - 1]]; b--) {
                size_t t = src[b];
                src[b] = src[b - 1];
                src[b - 1] = t;
            }
        for (size_t k = 0; k < n && !moved; k++)
            moved = even_once(&j, src[k], from, via, queue, seen);
    }
    free(queue);
    /* each unit's inspectors in the byte order of their ids */
    for (size_t u = 0; s == SC_OK && u < count; u++) {
        size_t *slot = assigned + u * per_visit;
        memset(chosen, 0, n * sizeof *chosen);
        for (size_t k = 0; k < per_visit; k++)
            chosen[slot[k]] = true;
        size_t fill = 0;
        for (size_t bi = 0; bi < n; bi++)
            if (chosen[by_id[bi]])
                slot[fill++] = by_id[bi];
    }
    free(order);
    free(by_id);
    free(scratch);
    free(keys);
    free(seen);
    free(chosen);
    free(refs);
    if (s == SC_ENOMEM)
        return no_memory(err);
    return s;
}
