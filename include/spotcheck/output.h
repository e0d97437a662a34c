/* spotcheck — writing a result table as an aligned terminal table, csv, tsv,
 * json or markdown.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §4, §5):
 *  1. Human formats (table, md) round half-up in decimal: the double is first
 *     turned into its shortest decimal representation that reads back to the
 *     same double (at most 17 significant digits), and that decimal string is
 *     rounded, so 0.95345 at 2 percent digits is "95.35".
 *  2. Machine formats (csv, tsv, json) carry full precision (shortest
 *     round-trip representation) unless digits >= 0 is given, then they round
 *     the same way as human formats.
 *  3. --percent multiplies SC_COL_PROPORTION cells by 100 by moving the decimal
 *     point (no binary multiplication) and, in human formats, appends "%".
 *  4. The terminal table aligns by display width: East Asian wide and
 *     fullwidth characters count two columns (wcwidth semantics, independent
 *     of the process locale).  Numbers right-aligned, text left-aligned.
 *  5. Missing cells: "" in csv/tsv, null in json, "NA" in table and md.
 *  6. csv quotes a field when it holds the delimiter, a quote, CR or LF, or
 *     leading/trailing space; quotes are doubled (RFC 4180).  tsv replaces tab,
 *     CR and LF inside fields by spaces.  md escapes '|' and replaces CR/LF by
 *     spaces.  json escapes per RFC 8259 (control bytes as \u00XX).
 */
#ifndef SPOTCHECK_OUTPUT_H
#define SPOTCHECK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_format {
    SC_FORMAT_TABLE,
    SC_FORMAT_CSV,
    SC_FORMAT_TSV,
    SC_FORMAT_JSON,
    SC_FORMAT_MD
} sc_format;

typedef enum sc_lang { SC_LANG_EN, SC_LANG_ZH } sc_lang;

typedef struct sc_output_opts {
    sc_format format;
    int digits;   /* decimals after the point (after the percent shift); -1: default */
    bool percent; /* show SC_COL_PROPORTION columns as percentages */
    sc_lang lang; /* labels of human formats */
} sc_output_opts;

/* A name/value pair for the json meta object's "options". */
typedef struct sc_kv {
    const char *key;
    const char *value;
} sc_kv;

/* What the json writer puts in its "meta" object (other formats ignore it). */
typedef struct sc_meta {
    const char *tool;           /* e.g. "rate" */
    const char *version;        /* sc_version() */
    const char *const *inputs;  /* input file names ("-" for stdin) */
    size_t n_inputs;
    uint64_t rows_read;
    uint64_t rows_used;
    uint64_t rows_skipped;
    const sc_kv *options;       /* options as given, after defaults */
    size_t n_options;
} sc_meta;

/* One named table of a json document with several tables. */
typedef struct sc_named_table {
    const char *name;
    const sc_table *table;
} sc_named_table;

/* Default digits when opts->digits < 0, for human formats:
 * proportions 4 decimals (2 with percent), reals 4, p-values 4 significant. */

/* Writes `table` to `out`.  `meta` may be NULL (json then has no meta).
 * Returns SC_EIO when a write fails (checks ferror; does not fclose). */
SC_API sc_status sc_output_write(FILE *out, const sc_table *table, const sc_output_opts *opts,
                                 const sc_meta *meta, sc_error *err);

/* Writes several tables: json puts them in one object
 * {"meta":…, "<name>": [rows…], …}; the other formats write each table
 * preceded, from the second on, by a blank line. */
SC_API sc_status sc_output_write_many(FILE *out, const sc_named_table *tables, size_t ntables,
                                      const sc_output_opts *opts, const sc_meta *meta,
                                      sc_error *err);

/* Formats `value` rounded half-up in decimal to `digits` decimals (digits <
 * 0: shortest round-trip representation), after multiplying by 100 in decimal
 * when `percent`.  NaN gives "NA", infinities "Inf"/"-Inf".  Returns the
 * length written (truncated like snprintf when `size` is too small). */
SC_API size_t sc_format_decimal(double value, int digits, bool percent, char *buf, size_t size);

/* Display width in terminal columns of a UTF-8 string (wide glyphs count 2,
 * combining marks 0, invalid bytes 1 each). */
SC_API size_t sc_display_width(const char *utf8);

/* Parses "table", "csv", "tsv", "json", "md" (also "markdown").  SC_EINVAL otherwise. */
SC_API sc_status sc_format_from_name(const char *name, sc_format *out);

#ifdef __cplusplus
}
#endif
#endif
