/* spotcheck — a small JSON reader and string writer (contract J1-J2 of
 * src/lib/json.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "json.h"

#define MAX_DEPTH 64

typedef struct parser {
    const char *at, *end;
    const char *file;
    unsigned long long line;
    sc_error *err;
} parser;

static sc_status fail(parser *p, const char *what)
{
    return sc_error_set(p->err, SC_EDATA, p->file, p->line, "%s", what);
}

static sc_status no_memory(parser *p)
{
    return sc_error_set(p->err, SC_ENOMEM, NULL, 0, "out of memory");
}

static void skip_space(parser *p)
{
    while (p->at < p->end &&
           (*p->at == ' ' || *p->at == '\t' || *p->at == '\n' || *p->at == '\r')) {
        if (*p->at == '\n')
            p->line++;
        p->at++;
    }
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static bool read_hex4(parser *p, unsigned *code)
{
    if (p->end - p->at < 4)
        return false;
    *code = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(p->at[i]);
        if (d < 0)
            return false;
        *code = *code * 16 + (unsigned)d;
    }
    p->at += 4;
    return true;
}

static size_t put_utf8(char *out, unsigned code)
{
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (code >> 18));
    out[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

/* A string at p->at (past the opening quote) into a new NUL-terminated copy. */
static sc_status read_string(parser *p, char **out)
{
    const char *start = p->at;
    size_t cap = 0;
    while (start + cap < p->end && start[cap] != '"')
        cap += start[cap] == '\\' && start + cap + 1 < p->end ? 2 : 1;
    char *text = sc_malloc(cap + 1), *put = text; /* escapes never grow */
    if (!text)
        return no_memory(p);
    for (;;) {
        if (p->at >= p->end) {
            free(text);
            return fail(p, "a string is not closed: expected '\"'");
        }
        unsigned char c = (unsigned char)*p->at++;
        if (c == '"')
            break;
        if (c < 0x20) {
            free(text);
            return fail(p, "a control character in a string: write it as an escape");
        }
        if (c != '\\') {
            *put++ = (char)c;
            continue;
        }
        char e = p->at < p->end ? *p->at++ : '\0';
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            *put++ = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
            continue;
        }
        unsigned code, low;
        if (e != 'u' || !read_hex4(p, &code)) {
            free(text);
            return fail(p, "a bad escape in a string: expected \\\", \\\\, \\/, \\b, \\f, \\n, "
                           "\\r, \\t or \\uXXXX");
        }
        if (code >= 0xD800 && code < 0xDC00) {
            if (p->end - p->at < 6 || p->at[0] != '\\' || p->at[1] != 'u' ||
                (p->at += 2, !read_hex4(p, &low)) || low < 0xDC00 || low >= 0xE000) {
                free(text);
                return fail(p, "a lone surrogate in a string");
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if ((code >= 0xDC00 && code < 0xE000) || code == 0) {
            free(text);
            return fail(p, code ? "a lone surrogate in a string" : "a NUL in a string");
        }
        put += put_utf8(put, code);
    }
    *put = '\0';
    *out = text;
    return SC_OK;
}

static sc_status read_value(parser *p, scj_value *v, int depth);

static sc_status grow(parser *p, scj_value *v, size_t *cap, bool keys)
{
    if (v->count < *cap)
        return SC_OK;
    size_t n = *cap ? 2 * *cap : 4;
    scj_value *items = sc_realloc(v->items, n * sizeof *items);
    if (!items)
        return no_memory(p);
    v->items = items;
    if (keys) {
        char **k = sc_realloc(v->keys, n * sizeof *k);
        if (!k)
            return no_memory(p);
        v->keys = k;
    }
    *cap = n;
    return SC_OK;
}

static sc_status read_container(parser *p, scj_value *v, int depth, bool object)
{
    char close = object ? '}' : ']';
    size_t cap = 0;
    skip_space(p);
    if (p->at < p->end && *p->at == close) {
        p->at++;
        return SC_OK;
    }
    for (;;) {
        skip_space(p);
        sc_status s = grow(p, v, &cap, object);
        if (s != SC_OK)
            return s;
        char *key = NULL;
        if (object) {
            if (p->at >= p->end || *p->at != '"')
                return fail(p, "expected a member name in quotes");
            p->at++;
            if ((s = read_string(p, &key)) != SC_OK)
                return s;
            for (size_t i = 0; i < v->count; i++)
                if (strcmp(v->keys[i], key) == 0) {
                    free(key);
                    return fail(p, "a member name given twice in an object");
                }
            skip_space(p);
            if (p->at >= p->end || *p->at != ':') {
                free(key);
                return fail(p, "expected ':' after a member name");
            }
            p->at++;
        }
        s = read_value(p, &v->items[v->count], depth + 1);
        if (s != SC_OK) {
            scj_free(&v->items[v->count]);
            free(key);
            return s;
        }
        if (object)
            v->keys[v->count] = key;
        v->count++;
        skip_space(p);
        if (p->at < p->end && *p->at == ',') {
            p->at++;
            continue;
        }
        if (p->at < p->end && *p->at == close) {
            p->at++;
            return SC_OK;
        }
        return fail(p, object ? "expected ',' or '}' in an object"
                              : "expected ',' or ']' in an array");
    }
}

static sc_status read_number(parser *p, scj_value *v)
{
    const char *start = p->at, *q = p->at;
    if (q < p->end && *q == '-')
        q++;
    if (q < p->end && *q == '0')
        q++;
    else if (q < p->end && *q >= '1' && *q <= '9')
        while (q < p->end && *q >= '0' && *q <= '9')
            q++;
    else
        return fail(p, "expected a value (a string, number, object, array, true, false or null)");
    if (q < p->end && *q == '.') {
        q++;
        if (q >= p->end || *q < '0' || *q > '9')
            return fail(p, "expected a digit after '.' in a number");
        while (q < p->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < p->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < p->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= p->end || *q < '0' || *q > '9')
            return fail(p, "expected a digit in a number's exponent");
        while (q < p->end && *q >= '0' && *q <= '9')
            q++;
    }
    size_t len = (size_t)(q - start);
    v->text = sc_malloc(len + 1);
    if (!v->text)
        return no_memory(p);
    memcpy(v->text, start, len);
    v->text[len] = '\0';
    v->kind = SCJ_NUMBER;
    v->number = strtod(v->text, NULL);
    p->at = q;
    return SC_OK;
}

static sc_status read_value(parser *p, scj_value *v, int depth)
{
    *v = (scj_value){.kind = SCJ_NULL};
    if (depth > MAX_DEPTH)
        return fail(p, "nested more than 64 deep");
    skip_space(p);
    v->line = p->line;
    if (p->at >= p->end)
        return fail(p, "expected a value, found the end");
    static const struct {
        const char *word;
        scj_kind kind;
        bool value;
    } words[] = {{"true", SCJ_BOOL, true}, {"false", SCJ_BOOL, false}, {"null", SCJ_NULL, false}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(p->end - p->at) >= n && memcmp(p->at, words[i].word, n) == 0) {
            p->at += n;
            v->kind = words[i].kind;
            v->boolean = words[i].value;
            return SC_OK;
        }
    }
    char c = *p->at;
    if (c == '"') {
        p->at++;
        v->kind = SCJ_STRING;
        return read_string(p, &v->text);
    }
    if (c == '[' || c == '{') {
        p->at++;
        v->kind = c == '[' ? SCJ_ARRAY : SCJ_OBJECT;
        return read_container(p, v, depth, c == '{');
    }
    return read_number(p, v);
}

sc_status scj_parse(const char *text, size_t len, const char *file, scj_value *out,
                    sc_error *err)
{
    parser p = {.at = text, .end = text + len, .file = file, .line = 1, .err = err};
    sc_status s = read_value(&p, out, 0);
    if (s == SC_OK) {
        skip_space(&p);
        if (p.at != p.end)
            s = fail(&p, "more after the value: a JSON file holds one value");
    }
    if (s != SC_OK) {
        scj_free(out);
        *out = (scj_value){.kind = SCJ_NULL};
    }
    return s;
}

void scj_free(scj_value *value)
{
    if (!value)
        return;
    for (size_t i = 0; i < value->count; i++) {
        scj_free(&value->items[i]);
        if (value->keys)
            free(value->keys[i]);
    }
    free(value->items);
    free(value->keys);
    free(value->text);
    *value = (scj_value){.kind = SCJ_NULL};
}

const scj_value *scj_get(const scj_value *object, const char *key)
{
    if (!object || object->kind != SCJ_OBJECT)
        return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (strcmp(object->keys[i], key) == 0)
            return &object->items[i];
    return NULL;
}

void scj_write_string(sc_writer *w, const char *text)
{
    sc_writer_put(w, "\"", 1);
    const char *run = text;
    for (const char *c = text; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        sc_writer_put(w, run, (size_t)(c - run));
        if (u == '"' || u == '\\')
            sc_writer_printf(w, "\\%c", u);
        else if (u == '\n')
            sc_writer_puts(w, "\\n");
        else if (u == '\t')
            sc_writer_puts(w, "\\t");
        else if (u == '\r')
            sc_writer_puts(w, "\\r");
        else
            sc_writer_printf(w, "\\u%04x", u);
        run = c + 1;
    }
    sc_writer_puts(w, run);
    sc_writer_put(w, "\"", 1);
}
