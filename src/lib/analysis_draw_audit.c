/* spotcheck — the audit record of a draw (JSON) and its verification: the
 * record re-derived from the register and compared with the one kept.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "alloc.h"
#include "analysis_internal.h"
#include "json.h"
#include "spotcheck/spotcheck.h"
#include "writer.h"

/* ---- the register's SHA-256 (draw.h D8) ---------------------------------------- */

static void hash_number(struct sha256_ctx *ctx, uint64_t n)
{
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(n >> (56 - 8 * i));
    sha256_update(ctx, sizeof bytes, bytes);
}

static void hash_text(struct sha256_ctx *ctx, const char *text)
{
    size_t len = strlen(text);
    hash_number(ctx, len);
    sha256_update(ctx, len, (const uint8_t *)text);
}

typedef struct row_ref {
    const sc_register *reg;
    size_t row;
} row_ref;

static int by_row_id(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    const sc_register *reg = x->reg;
    int c = strcmp(reg->cells[x->row * reg->ncolumns + reg->id_column],
                   reg->cells[y->row * reg->ncolumns + reg->id_column]);
    if (c)
        return c;
    return (reg->lines[x->row] > reg->lines[y->row]) - (reg->lines[x->row] < reg->lines[y->row]);
}

void sc_register_sha256(const sc_register *reg, char hex[65])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    static const char tag[] = "spotcheck-register-1\n";
    sha256_update(&ctx, sizeof tag - 1, (const uint8_t *)tag);
    hash_number(&ctx, reg->ncolumns);
    for (size_t c = 0; c < reg->ncolumns; c++)
        hash_text(&ctx, reg->columns[c]);
    hash_number(&ctx, reg->nrows);
    row_ref *rows = sc_malloc((reg->nrows ? reg->nrows : 1) * sizeof *rows);
    if (rows) {
        for (size_t i = 0; i < reg->nrows; i++)
            rows[i] = (row_ref){reg, i};
        qsort(rows, reg->nrows, sizeof *rows, by_row_id);
    }
    for (size_t i = 0; i < reg->nrows; i++) {
        size_t row = rows ? rows[i].row : i; /* out of memory: no hash is right; see below */
        for (size_t c = 0; c < reg->ncolumns; c++)
            hash_text(&ctx, reg->cells[row * reg->ncolumns + c]);
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    if (!rows) /* a hash of the unsorted rows would not verify: say so in it */
        memcpy(hex, "out-of-memory", 14);
    free(rows);
}

/* ---- writing -------------------------------------------------------------------- */

static void write_number(sc_writer *w, double value)
{
    if (isnan(value) || isinf(value))
        sc_writer_puts(w, "null");
    else
        sc_writer_printf(w, "%.17g", value);
}

static void write_string_or_null(sc_writer *w, const char *text)
{
    if (text)
        scj_write_string(w, text);
    else
        sc_writer_puts(w, "null");
}

static void write_id_list(sc_writer *w, const sc_id_list *list)
{
    sc_writer_puts(w, "[");
    for (size_t i = 0; list && i < list->count; i++) {
        sc_writer_puts(w, i ? ", " : "");
        scj_write_string(w, list->ids[i]);
    }
    sc_writer_puts(w, "]");
}

static void write_inspectors(sc_writer *w, const sc_draw_opts *o, const sc_draw_result *r)
{
    const sc_inspectors *in = o->inspectors;
    sc_writer_printf(w, "  \"inspectors\": {\n    \"per_visit\": %zu,\n    \"region_column\": ",
                     o->per_visit ? o->per_visit : 2);
    write_string_or_null(w, o->region_column);
    sc_writer_printf(w, ",\n    \"load_min\": %" PRIu64 ",\n    \"load_max\": %" PRIu64
                        ",\n    \"list\": [",
                     r->load_min, r->load_max);
    for (size_t i = 0; i < in->count; i++) {
        sc_writer_puts(w, i ? ",\n      {\"id\": " : "\n      {\"id\": ");
        scj_write_string(w, in->ids[i]);
        sc_writer_puts(w, ", \"region\": ");
        write_string_or_null(w, in->has_region ? in->regions[i] : NULL);
        sc_writer_puts(w, ", \"conflicts\": [");
        for (size_t k = 0; k < in->nconflicts[i]; k++) {
            sc_writer_puts(w, k ? ", " : "");
            scj_write_string(w, in->conflicts[i][k]);
        }
        sc_writer_puts(w, "]}");
    }
    sc_writer_puts(w, in->count ? "\n    ]\n  },\n" : "]\n  },\n");
}

static void write_selected(sc_writer *w, const sc_register *reg, const sc_table *sel,
                           const char *label, size_t *next, size_t per_visit)
{
    long stratum = sc_table_find_column(sel, "stratum"), rank = sc_table_find_column(sel, "rank");
    long first_inspector = sc_table_find_column(sel, "inspector_1");
    bool any = false;
    sc_writer_puts(w, "\"selected\": [");
    while (*next < sc_table_rows(sel) &&
           strcmp(sc_table_get_string(sel, *next, (size_t)stratum), label) == 0) {
        size_t row = (*next)++;
        sc_writer_puts(w, any ? ",\n        {\"id\": " : "\n        {\"id\": ");
        any = true;
        scj_write_string(w, sc_table_get_string(sel, row, reg->id_column));
        sc_writer_printf(w, ", \"rank\": %" PRIu64, sc_table_get_count(sel, row, (size_t)rank));
        if (first_inspector >= 0) {
            sc_writer_puts(w, ", \"inspectors\": [");
            for (size_t k = 0; k < per_visit; k++) {
                sc_writer_puts(w, k ? ", " : "");
                scj_write_string(w, sc_table_get_string(sel, row, (size_t)first_inspector + k));
            }
            sc_writer_puts(w, "]");
        }
        sc_writer_puts(w, "}");
    }
    sc_writer_puts(w, any ? "\n      ]" : "]");
}

sc_status sc_draw_audit_write(FILE *out, const sc_register *reg, const sc_draw_opts *o,
                              const sc_draw_result *r, sc_error *err)
{
    if (!out || !reg || !o || !r || !r->strata || !r->selection)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no draw to write an audit record of");
    sc_writer w;
    sc_writer_init(&w, out, err, "cannot write the audit record");
    char sha[65];
    sc_register_sha256(reg, sha);
    sc_writer_puts(&w, "{\n  \"audit\": \"spotcheck draw\",\n  \"version\": ");
    scj_write_string(&w, sc_version());
    sc_writer_puts(&w, ",\n  \"algorithm\": \"hmac-sha256\",\n  \"seed\": ");
    scj_write_string(&w, o->seed);
    sc_writer_puts(&w, ",\n  \"register\": {\"file\": ");
    scj_write_string(&w, reg->file);
    sc_writer_puts(&w, ", \"id\": ");
    scj_write_string(&w, reg->columns[reg->id_column]);
    sc_writer_printf(&w, ", \"sha256\": \"%s\", \"units\": %zu},\n  \"options\": {\"by\": [",
                     sha, reg->nrows);
    for (size_t k = 0; k < o->nby; k++) {
        size_t col = 0;
        sc_error ignored;
        sc_writer_puts(&w, k ? ", " : "");
        if (sc_register_column(reg, o->by[k], &col, &ignored) == SC_OK)
            scj_write_string(&w, reg->columns[col]);
        else
            scj_write_string(&w, o->by[k]);
    }
    sc_writer_puts(&w, "], \"n\": ");
    bool by_fraction = !isnan(o->fraction);
    if (by_fraction)
        sc_writer_puts(&w, "null");
    else
        sc_writer_printf(&w, "%" PRIu64, o->total);
    sc_writer_puts(&w, ", \"fraction\": ");
    write_number(&w, o->fraction);
    sc_writer_puts(&w, ", \"allocation\": ");
    const sc_registry_entry *how = sc_registry_entry_at(&sc_allocations, o->allocation);
    scj_write_string(&w, by_fraction || !how ? "proportional" : how->name);
    sc_writer_puts(&w, ", \"rate_column\": ");
    write_string_or_null(&w, o->rate_column);
    sc_writer_printf(&w, ", \"min_per_stratum\": %" PRIu64 ",\n    \"exclude\": ",
                     o->min_per_stratum);
    write_id_list(&w, o->exclude);
    sc_writer_puts(&w, ",\n    \"include\": ");
    write_id_list(&w, o->include);
    sc_writer_puts(&w, "},\n");
    if (o->inspectors)
        write_inspectors(&w, o, r);
    sc_writer_puts(&w, "  \"strata\": [");
    const sc_table *st = r->strata;
    long c_stratum = sc_table_find_column(st, "stratum"),
         c_population = sc_table_find_column(st, "population"),
         c_excluded = sc_table_find_column(st, "excluded"),
         c_included = sc_table_find_column(st, "included"), c_rate = sc_table_find_column(st, "rate"),
         c_quota = sc_table_find_column(st, "quota"), c_n = sc_table_find_column(st, "n");
    size_t next = 0, per_visit = o->per_visit ? o->per_visit : 2;
    for (size_t h = 0; h < sc_table_rows(st); h++) {
        const char *label = sc_table_get_string(st, h, (size_t)c_stratum);
        sc_writer_puts(&w, h ? ",\n    {\"stratum\": " : "\n    {\"stratum\": ");
        scj_write_string(&w, label);
        sc_writer_printf(&w,
                         ", \"population\": %" PRIu64 ", \"excluded\": %" PRIu64
                         ", \"included\": %" PRIu64 ", \"rate\": ",
                         sc_table_get_count(st, h, (size_t)c_population),
                         sc_table_get_count(st, h, (size_t)c_excluded),
                         sc_table_get_count(st, h, (size_t)c_included));
        if (c_rate >= 0 && !sc_table_is_missing(st, h, (size_t)c_rate))
            write_number(&w, sc_table_get_double(st, h, (size_t)c_rate));
        else
            sc_writer_puts(&w, "null");
        sc_writer_puts(&w, ", \"quota\": ");
        write_number(&w, sc_table_get_double(st, h, (size_t)c_quota));
        sc_writer_printf(&w, ", \"n\": %" PRIu64 ",\n      ",
                         sc_table_get_count(st, h, (size_t)c_n));
        write_selected(&w, reg, r->selection, label, &next, o->inspectors ? per_visit : 0);
        sc_writer_puts(&w, "}");
    }
    sc_writer_puts(&w, "\n  ]\n}\n");
    return sc_writer_finish(&w);
}

/* ---- reading the record back ------------------------------------------------------ */

typedef struct record {
    const char *file;
    sc_error *err;
} record;

static sc_status bad_member(const record *rec, const scj_value *where, const char *member,
                            const char *expected)
{
    return sc_error_set(rec->err, SC_EDATA, rec->file, where ? where->line : 1,
                        "member \"%s\": %s: not an audit record of spotcheck draw as written "
                        "by --audit",
                        member, expected);
}

static sc_status get_string(const record *rec, const scj_value *object, const char *key,
                            bool null_ok, const char **out)
{
    const scj_value *v = scj_get(object, key);
    *out = NULL;
    if (v && v->kind == SCJ_STRING) {
        *out = v->text;
        return SC_OK;
    }
    if (v && null_ok && v->kind == SCJ_NULL)
        return SC_OK;
    return bad_member(rec, v ? v : object, key,
                      null_ok ? "expected a string or null" : "expected a string");
}

static sc_status get_count(const record *rec, const scj_value *object, const char *key,
                           bool null_ok, uint64_t *out, bool *is_null)
{
    const scj_value *v = scj_get(object, key);
    if (is_null)
        *is_null = v && v->kind == SCJ_NULL;
    if (v && null_ok && v->kind == SCJ_NULL)
        return SC_OK;
    if (!v || v->kind != SCJ_NUMBER || strspn(v->text, "0123456789") != strlen(v->text) ||
        strlen(v->text) > 15)
        return bad_member(rec, v ? v : object, key, "expected a whole number");
    *out = strtoull(v->text, NULL, 10);
    return SC_OK;
}

static char *copy_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = sc_malloc(len + 1);
    if (copy)
        memcpy(copy, text, len + 1);
    return copy;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An id list (D6) from an array of strings. */
static sc_status id_list_from(const record *rec, const scj_value *options, const char *key,
                              sc_id_list **out)
{
    const scj_value *v = scj_get(options, key);
    *out = NULL;
    if (!v || v->kind != SCJ_ARRAY)
        return bad_member(rec, v ? v : options, key, "expected an array of ids");
    if (v->count == 0)
        return SC_OK;
    sc_id_list *l = sc_calloc(1, sizeof *l);
    if (l) {
        l->file = copy_text(rec->file);
        l->ids = sc_calloc(v->count, sizeof *l->ids);
        l->lines = sc_calloc(v->count, sizeof *l->lines);
    }
    if (!l || !l->file || !l->ids || !l->lines) {
        sc_id_list_free(l);
        return sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < v->count; i++) {
        if (v->items[i].kind != SCJ_STRING || !v->items[i].text[0]) {
            sc_id_list_free(l);
            return bad_member(rec, &v->items[i], key, "expected an array of ids");
        }
        if (!(l->ids[l->count] = copy_text(v->items[i].text))) {
            sc_id_list_free(l);
            return sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
        }
        l->lines[l->count++] = v->items[i].line;
    }
    qsort(l->ids, l->count, sizeof *l->ids, compare_strings);
    for (size_t i = 1; i < l->count; i++)
        if (strcmp(l->ids[i - 1], l->ids[i]) == 0) {
            sc_id_list_free(l);
            return bad_member(rec, v, key, "an id listed twice");
        }
    *out = l;
    return SC_OK;
}

/* The recorded rates of the strata (D7), for Neyman without a rate column. */
static sc_status rates_from(const record *rec, const scj_value *strata, sc_draw_rates **out)
{
    sc_draw_rates *t = sc_calloc(1, sizeof *t);
    size_t n = strata->count ? strata->count : 1;
    if (t) {
        t->file = copy_text(rec->file);
        t->labels = sc_calloc(n, sizeof *t->labels);
        t->rates = sc_calloc(n, sizeof *t->rates);
        t->lines = sc_calloc(n, sizeof *t->lines);
    }
    if (!t || !t->file || !t->labels || !t->rates || !t->lines) {
        sc_draw_rates_free(t);
        return sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    /* the recorded strata are in byte order of their labels, as the draw makes them */
    for (size_t h = 0; h < strata->count; h++) {
        const scj_value *row = &strata->items[h], *rate = scj_get(row, "rate");
        const char *label;
        sc_status s = get_string(rec, row, "stratum", false, &label);
        if (s == SC_OK && (!rate || (rate->kind != SCJ_NUMBER && rate->kind != SCJ_NULL)))
            s = bad_member(rec, rate ? rate : row, "rate", "expected a number or null");
        if (s == SC_OK && h > 0 && strcmp(t->labels[t->count - 1], label) >= 0)
            s = bad_member(rec, row, "stratum", "strata out of order");
        if (s != SC_OK) {
            sc_draw_rates_free(t);
            return s;
        }
        if (rate->kind == SCJ_NULL)
            continue;
        if (!(t->labels[t->count] = copy_text(label))) {
            sc_draw_rates_free(t);
            return sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
        }
        t->rates[t->count] = rate->number;
        t->lines[t->count++] = row->line;
    }
    *out = t;
    return SC_OK;
}

/* The recorded inspectors (D9). */
static sc_status inspectors_from(const record *rec, const scj_value *block, sc_inspectors **out)
{
    const scj_value *list = scj_get(block, "list");
    if (!list || list->kind != SCJ_ARRAY || list->count == 0)
        return bad_member(rec, list ? list : block, "list", "expected an array of inspectors");
    size_t n = list->count;
    sc_inspectors *in = sc_calloc(1, sizeof *in);
    if (in) {
        in->file = copy_text(rec->file);
        in->ids = sc_calloc(n, sizeof *in->ids);
        in->regions = sc_calloc(n, sizeof *in->regions);
        in->nconflicts = sc_calloc(n, sizeof *in->nconflicts);
        in->conflicts = sc_calloc(n, sizeof *in->conflicts);
        in->lines = sc_calloc(n, sizeof *in->lines);
    }
    if (!in || !in->file || !in->ids || !in->regions || !in->nconflicts || !in->conflicts ||
        !in->lines) {
        sc_inspectors_free(in);
        return sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    sc_status s = SC_OK;
    for (size_t i = 0; s == SC_OK && i < n; i++) {
        const scj_value *row = &list->items[i], *conflicts = scj_get(row, "conflicts");
        const char *id, *region;
        s = get_string(rec, row, "id", false, &id);
        if (s == SC_OK)
            s = get_string(rec, row, "region", true, &region);
        if (s == SC_OK && (!conflicts || conflicts->kind != SCJ_ARRAY))
            s = bad_member(rec, conflicts ? conflicts : row, "conflicts",
                           "expected an array of ids");
        if (s != SC_OK)
            break;
        in->count++;
        in->lines[i] = row->line;
        in->has_region = in->has_region || region;
        in->ids[i] = copy_text(id);
        in->regions[i] = copy_text(region ? region : "");
        in->conflicts[i] = sc_calloc(conflicts->count ? conflicts->count : 1, sizeof(char *));
        if (!in->ids[i] || !in->regions[i] || !in->conflicts[i]) {
            s = sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        for (size_t k = 0; s == SC_OK && k < conflicts->count; k++) {
            if (conflicts->items[k].kind != SCJ_STRING)
                s = bad_member(rec, &conflicts->items[k], "conflicts", "expected an array of ids");
            else if (!(in->conflicts[i][in->nconflicts[i]++] =
                           copy_text(conflicts->items[k].text)))
                s = sc_error_set(rec->err, SC_ENOMEM, NULL, 0, "out of memory");
        }
        if (s == SC_OK)
            qsort(in->conflicts[i], in->nconflicts[i], sizeof(char *), compare_strings);
    }
    if (s != SC_OK) {
        sc_inspectors_free(in);
        return s;
    }
    *out = in;
    return SC_OK;
}

/* ---- comparing ---------------------------------------------------------------------- */

static void excerpt(const scj_value *v, char *out, size_t size)
{
    switch (v->kind) {
    case SCJ_NULL:
        snprintf(out, size, "null");
        break;
    case SCJ_BOOL:
        snprintf(out, size, v->boolean ? "true" : "false");
        break;
    case SCJ_NUMBER:
        snprintf(out, size, "%.60s", v->text);
        break;
    case SCJ_STRING:
        snprintf(out, size, "\"%.100s%s\"", v->text, strlen(v->text) > 100 ? "…" : "");
        break;
    case SCJ_ARRAY:
        snprintf(out, size, "%zu element%s", v->count, v->count == 1 ? "" : "s");
        break;
    case SCJ_OBJECT:
        snprintf(out, size, "an object");
        break;
    }
}

/* How an element of an array is named in a path: by its stratum or id when it
 * has one, else by its index. */
static void element_path(const char *path, const scj_value *v, size_t i, char *out, size_t size)
{
    const scj_value *name = scj_get(v, "stratum");
    if (name && name->kind == SCJ_STRING)
        snprintf(out, size, "%s[\"%.100s\"]", path, name->text);
    else
        snprintf(out, size, "%s[%zu]", path, i);
}

/* The first difference between the recorded value `a` and the re-derived `b`
 * under `path`, into `out`; false when they are equal.  The version and the
 * register's file name are not compared. */
static bool differ(const scj_value *a, const scj_value *b, const char *path, char *out,
                   size_t size)
{
    char x[160], y[160], sub[400];
    bool same = a->kind == b->kind;
    if (same && a->kind == SCJ_NUMBER)
        same = a->number == b->number;
    else if (same && a->kind == SCJ_STRING)
        same = strcmp(a->text, b->text) == 0;
    else if (same && a->kind == SCJ_BOOL)
        same = a->boolean == b->boolean;
    if (same && a->kind == SCJ_ARRAY) {
        for (size_t i = 0; i < a->count && i < b->count; i++) {
            element_path(path, &a->items[i], i, sub, sizeof sub);
            if (differ(&a->items[i], &b->items[i], sub, out, size))
                return true;
        }
        same = a->count == b->count;
    }
    if (same && a->kind == SCJ_OBJECT) {
        for (size_t i = 0; i < a->count; i++) {
            if (!*path && strcmp(a->keys[i], "version") == 0)
                continue;
            if (strcmp(path, "register") == 0 && strcmp(a->keys[i], "file") == 0)
                continue;
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", a->keys[i]);
            const scj_value *other = scj_get(b, a->keys[i]);
            if (!other) {
                snprintf(out, size, "%s: recorded, not re-derived", sub);
                return true;
            }
            if (differ(&a->items[i], other, sub, out, size))
                return true;
        }
        for (size_t i = 0; i < b->count; i++)
            if (!scj_get(a, b->keys[i])) {
                snprintf(out, size, "%s%s%s: re-derived, not recorded", path, *path ? "." : "",
                         b->keys[i]);
                return true;
            }
    }
    if (same)
        return false;
    excerpt(a, x, sizeof x);
    excerpt(b, y, sizeof y);
    snprintf(out, size, "%s: recorded %s, re-derived %s", *path ? path : "the record", x, y);
    return true;
}

/* ---- verifying -------------------------------------------------------------------------- */

static sc_status read_whole(const char *path, char **text, size_t *len, sc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sc_error_set(err, SC_ENOENT, path, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = sc_malloc(cap);
    sc_status s = buf ? SC_OK : SC_ENOMEM;
    while (s == SC_OK) {
        if (n == cap) {
            char *bigger = cap > ((size_t)1 << 30) ? NULL : sc_realloc(buf, cap * 2);
            if (!bigger) {
                s = SC_ENOMEM;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (s == SC_OK && ferror(f))
        s = sc_error_set(err, SC_EIO, path, 0, "cannot read: %s", strerror(errno));
    else if (s == SC_ENOMEM)
        sc_error_set(err, s, path, 0, "out of memory (an audit record above 1 GiB?)");
    fclose(f);
    if (s != SC_OK) {
        free(buf);
        return s;
    }
    *text = buf;
    *len = n;
    return SC_OK;
}

typedef struct verify_job {
    scj_value recorded, derived;
    sc_register *reg;
    sc_id_list *exclude, *include;
    sc_draw_rates *rates;
    sc_inspectors *inspectors;
    const char **by;
    sc_draw_result result;
    char *text;
    size_t len;
} verify_job;

static void job_free(verify_job *j)
{
    scj_free(&j->recorded);
    scj_free(&j->derived);
    sc_register_free(j->reg);
    sc_id_list_free(j->exclude);
    sc_id_list_free(j->include);
    sc_draw_rates_free(j->rates);
    sc_inspectors_free(j->inspectors);
    free(j->by);
    sc_draw_result_free(&j->result);
    free(j->text);
}

sc_status sc_draw_verify(const char *audit_path, const char *register_path,
                         const sc_csv_opts *csv, sc_draw_check *out, sc_error *err)
{
    if (!audit_path || !register_path || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no audit record or no register");
    *out = (sc_draw_check){0};
    verify_job j = {0};
    record rec = {.file = audit_path, .err = err};
    sc_status s = read_whole(audit_path, &j.text, &j.len, err);
    if (s == SC_OK)
        s = scj_parse(j.text, j.len, audit_path, &j.recorded, err);
    const scj_value *top = &j.recorded, *options = NULL, *strata = NULL, *block = NULL;
    const char *kind = NULL, *algorithm = NULL, *seed = NULL, *id = NULL, *allocation = NULL,
               *rate_column = NULL, *region_column = NULL;
    if (s == SC_OK && top->kind != SCJ_OBJECT)
        s = bad_member(&rec, top, "audit", "expected an object");
    if (s == SC_OK)
        s = get_string(&rec, top, "audit", false, &kind);
    if (s == SC_OK && strcmp(kind, "spotcheck draw") != 0)
        s = bad_member(&rec, scj_get(top, "audit"), "audit", "expected \"spotcheck draw\"");
    if (s == SC_OK)
        s = get_string(&rec, top, "algorithm", false, &algorithm);
    if (s == SC_OK && strcmp(algorithm, "hmac-sha256") != 0)
        s = bad_member(&rec, scj_get(top, "algorithm"), "algorithm", "expected \"hmac-sha256\"");
    if (s == SC_OK)
        s = get_string(&rec, top, "seed", false, &seed);
    if (s == SC_OK)
        s = get_string(&rec, scj_get(top, "register"), "id", false, &id);
    if (s == SC_OK) {
        options = scj_get(top, "options");
        strata = scj_get(top, "strata");
        if (!options || options->kind != SCJ_OBJECT)
            s = bad_member(&rec, options ? options : top, "options", "expected an object");
        else if (!strata || strata->kind != SCJ_ARRAY)
            s = bad_member(&rec, strata ? strata : top, "strata", "expected an array");
    }
    sc_draw_opts o = {.seed = seed, .fraction = NAN};
    const scj_value *by = options ? scj_get(options, "by") : NULL;
    if (s == SC_OK && (!by || by->kind != SCJ_ARRAY || by->count > 64))
        s = bad_member(&rec, by ? by : options, "by", "expected an array of column names");
    if (s == SC_OK && !(j.by = sc_calloc(by->count ? by->count : 1, sizeof *j.by)))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; s == SC_OK && k < by->count; k++) {
        if (by->items[k].kind != SCJ_STRING)
            s = bad_member(&rec, &by->items[k], "by", "expected an array of column names");
        else
            j.by[k] = by->items[k].text;
    }
    bool no_total = false;
    if (s == SC_OK) {
        o.by = j.by;
        o.nby = by->count;
        s = get_count(&rec, options, "n", true, &o.total, &no_total);
    }
    if (s == SC_OK) {
        const scj_value *f = scj_get(options, "fraction");
        if (f && f->kind == SCJ_NUMBER && no_total)
            o.fraction = f->number;
        else if (!f || f->kind != SCJ_NULL || no_total)
            s = bad_member(&rec, f ? f : options, "fraction",
                           "expected a number with \"n\" null, or null");
    }
    if (s == SC_OK)
        s = get_string(&rec, options, "allocation", false, &allocation);
    if (s == SC_OK) {
        size_t index = 0;
        if (sc_registry_find(&sc_allocations, allocation, &index) != SC_OK)
            s = bad_member(&rec, scj_get(options, "allocation"), "allocation",
                           "expected proportional, equal or neyman");
        else
            o.allocation = (sc_allocation)index;
    }
    if (s == SC_OK)
        s = get_string(&rec, options, "rate_column", true, &rate_column);
    if (s == SC_OK)
        s = get_count(&rec, options, "min_per_stratum", false, &o.min_per_stratum, NULL);
    if (s == SC_OK)
        s = id_list_from(&rec, options, "exclude", &j.exclude);
    if (s == SC_OK)
        s = id_list_from(&rec, options, "include", &j.include);
    if (s == SC_OK && o.allocation == SC_ALLOCATION_NEYMAN && !rate_column && no_total == false)
        s = rates_from(&rec, strata, &j.rates);
    if (s == SC_OK && (block = scj_get(top, "inspectors")) != NULL) {
        uint64_t per_visit = 0;
        if (block->kind != SCJ_OBJECT)
            s = bad_member(&rec, block, "inspectors", "expected an object");
        if (s == SC_OK)
            s = get_count(&rec, block, "per_visit", false, &per_visit, NULL);
        if (s == SC_OK && (per_visit == 0 || per_visit > 64))
            s = bad_member(&rec, block, "per_visit", "expected 1 to 64");
        if (s == SC_OK)
            s = get_string(&rec, block, "region_column", true, &region_column);
        if (s == SC_OK)
            s = inspectors_from(&rec, block, &j.inspectors);
        o.per_visit = (size_t)per_visit;
    }
    if (s == SC_OK) {
        o.rate_column = rate_column;
        o.rates = j.rates;
        o.exclude = j.exclude;
        o.include = j.include;
        o.inspectors = j.inspectors;
        o.region_column = region_column;
        s = sc_register_read(register_path, csv, id, &j.reg, err);
        if (s == SC_EINVAL) { /* the recorded id column is not in this register */
            snprintf(out->difference, sizeof out->difference, "register.id: recorded \"%.200s\", "
                     "not a column of %s", id, register_path);
            s = SC_OK;
            goto done;
        }
    }
    if (s == SC_OK) {
        sc_register_sha256(j.reg, out->sha256);
        out->units = j.reg->nrows;
        sc_error why;
        sc_error_clear(&why);
        s = sc_draw_tables(j.reg, &o, &j.result, &why);
        if (s == SC_EINVAL) { /* the register cannot give the recorded draw */
            const char *recorded = NULL;
            get_string(&rec, scj_get(top, "register"), "sha256", false, &recorded);
            if (recorded && strcmp(recorded, out->sha256) != 0)
                snprintf(out->difference, sizeof out->difference,
                         "register.sha256: recorded \"%.64s\", re-derived \"%s\" (%.700s)", recorded,
                         out->sha256, why.message);
            else
                snprintf(out->difference, sizeof out->difference, "%.900s", why.message);
            s = SC_OK;
            goto done;
        }
        if (s != SC_OK)
            *err = why;
    }
    if (s == SC_OK) {
        out->drawn = sc_table_rows(j.result.selection);
        char *text = NULL;
        size_t len = 0;
        FILE *memory = open_memstream(&text, &len);
        if (!memory)
            s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        else {
            s = sc_draw_audit_write(memory, j.reg, &o, &j.result, err);
            if (fclose(memory) != 0 && s == SC_OK)
                s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        }
        if (s == SC_OK)
            s = scj_parse(text, len, "<re-derived>", &j.derived, err);
        free(text);
    }
    if (s == SC_OK)
        out->match = !differ(&j.recorded, &j.derived, "", out->difference, sizeof out->difference);
done:
    job_free(&j);
    return s;
}
