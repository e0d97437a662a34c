/* spotcheck — the report document model shared by its writers (doc.c,
 * doc_md.c, doc_html.c).  Private to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_DOC_INTERNAL_H
#define SPOTCHECK_DOC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/doc.h"
#include "writer.h"

typedef enum doc_block_kind {
    DOC_HEADING,
    DOC_PARAGRAPH,
    DOC_LIST,
    DOC_TABLE,
    DOC_FIGURE
} doc_block_kind;

typedef struct doc_block {
    doc_block_kind kind;
    int level;            /* DOC_HEADING: 2 or 3 */
    char *text;           /* heading, paragraph; the caption of a table or figure */
    char **items;         /* DOC_LIST */
    size_t nitems;
    size_t number;        /* DOC_TABLE, DOC_FIGURE: "表 3", "Figure 2" */
    sc_table *table;      /* DOC_TABLE: the shown columns only, in order */
    sc_output_opts opts;  /* DOC_TABLE */
    char *png_path;       /* DOC_FIGURE */
    char *svg;            /* DOC_FIGURE: the <svg> element, ready to inline (doc.c) */
} doc_block;

struct sc_doc {
    char *title;
    sc_lang lang;
    doc_block *blocks;
    size_t count;
    size_t cap;
    size_t tables;  /* numbered so far */
    size_t figures;
};

/* A growable string; the first failed allocation sticks in `failed`. */
typedef struct sc_doc_buf {
    char *data; /* NUL-terminated once anything was appended */
    size_t len, cap;
    bool failed;
} sc_doc_buf;

void sc_doc_buf_append(sc_doc_buf *buf, const char *text, size_t len);
void sc_doc_buf_appends(sc_doc_buf *buf, const char *text);

/* A copy of `text` after contract 2's cleaning, the one rule of both
 * writers: control characters become a space; bytes of invalid UTF-8 and the
 * noncharacters U+FFFE and U+FFFF (which XML cannot hold) become U+FFFD.
 * Caller frees; NULL when out of memory. */
char *sc_doc_clean_text(const char *text);

/* "表 3" / "Table 3" / "图 3" / "Figure 3" for a table or figure block. */
void sc_doc_put_number(sc_writer *w, const sc_doc *doc, const doc_block *block);

/* The text of a header (row SIZE_MAX) or a cell of a table block, as
 * sc_output_header_text / sc_output_cell_text give it; caller frees; NULL
 * when out of memory. */
char *sc_doc_cell_text(const doc_block *block, size_t row, size_t col);

#define SC_DOC_WRITE_FAILURE "cannot write the document"

#endif
