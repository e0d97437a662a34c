/* spotcheck — a small JSON reader and string writer for the audit record of
 * spotcheck draw.  Private to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *  J1. RFC 8259 text: one value, surrounded by white space only.  Strings
 *      are UTF-8 with the escapes of the RFC (\uXXXX with surrogate pairs
 *      becomes UTF-8; a lone surrogate or a NUL is an error).  Numbers keep
 *      their text and their double.  Objects keep their keys in order; a key
 *      given twice is an error.  Nesting deeper than 64 is an error.
 *  J2. An error is SC_EDATA naming `file` and the line, with what was
 *      expected.
 */
#ifndef SPOTCHECK_JSON_H
#define SPOTCHECK_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/error.h"
#include "writer.h"

typedef enum scj_kind { SCJ_NULL, SCJ_BOOL, SCJ_NUMBER, SCJ_STRING, SCJ_ARRAY, SCJ_OBJECT } scj_kind;

typedef struct scj_value {
    scj_kind kind;
    bool boolean;
    double number;
    char *text;              /* a string's bytes (NUL-terminated), a number's text */
    size_t count;            /* elements of an array or members of an object */
    char **keys;             /* an object's keys */
    struct scj_value *items; /* elements or member values */
    unsigned long long line; /* where the value starts */
} scj_value;

/* Parses `len` bytes of `text` (J1) into *out.  SC_EDATA (J2) or SC_ENOMEM;
 * *out is then empty.  Free with scj_free. */
sc_status scj_parse(const char *text, size_t len, const char *file, scj_value *out,
                    sc_error *err);

/* Frees what *value holds (not value itself). */
void scj_free(scj_value *value);

/* The member `key` of an object; NULL if none or not an object. */
const scj_value *scj_get(const scj_value *object, const char *key);

/* Writes `text` as a JSON string, quoted and escaped. */
void scj_write_string(sc_writer *w, const char *text);

#endif
