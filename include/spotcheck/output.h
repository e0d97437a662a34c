/* spotcheck — writing a result table as an aligned terminal table, csv, tsv,
 * json or markdown.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §4, §5):
 *  1. Human formats (table, md) round half-up in decimal: the double is first
 *     turned into its shortest decimal representation that reads back to the
 *     same double (at most 17 significant digits), and that decimal string is
 *     rounded, so 0.95345 at 2 percent digits is "95.35", 2.675 at 2 is "2.68"
 *     and 9.995 at 2 is "10.00".  Negative values round half away from zero
 *     (-0.0005 at 3 is "-0.001"); a value that rounds to zero has no sign.
 *  2. Machine formats (csv, tsv, json) carry full precision (shortest
 *     round-trip representation) unless digits >= 0 is given, then they round
 *     the same way as human formats.  The shortest form is positional when its
 *     decimal exponent e (value = d.ddd × 10^e) has -7 < e < 21 and scientific
 *     otherwise ("1e-300", "1.5e+21"): JavaScript's rule, valid JSON, read by
 *     strtod.  With digits >= 0 every format is positional.
 *  1a. The rounding rule is opts->rounding: SC_ROUND_HALF_UP (四舍五入, the
 *     default) or SC_ROUND_HALF_EVEN (GB/T 8170 数值修约, 四舍六入五成双:
 *     an exact half goes to the even digit, 0.125 → "0.12").  It applies to
 *     every rounded number, p-values and significant digits included.  A
 *     cell set with sc_table_set_fraction is rounded from its exact value
 *     (23/40 - 10/20 = 0.075 → "0.08" at 2 decimals), not from the double.
 *  3. --percent multiplies SC_COL_PROPORTION, SC_COL_POINTS and
 *     SC_COL_SETTING cells by 100 by moving the decimal point (no binary
 *     multiplication).  Human formats append "%" to proportions and
 *     settings; SC_COL_POINTS are percentage points: no "%", and the header
 *     says " (pp)" (zh: "（百分点）").  Machine formats keep names and labels.
 *  3a. SC_COL_SETTING (a level, a target) is never rounded: its shortest
 *     decimal in every format, whatever --digits ("0.95", "95%", "98.5%").
 *  4. The terminal table aligns by display width: East Asian wide and
 *     fullwidth characters count two columns (wcwidth semantics, independent
 *     of the process locale).  Numbers right-aligned, text left-aligned.
 *     Layout: a header line (names, or Chinese labels with SC_LANG_ZH), a rule
 *     of ASCII '-' as wide as each column (not U+2500, which is East Asian
 *     ambiguous and two columns wide in many CJK terminals), then the rows;
 *     columns are separated by two spaces; lines have no trailing blanks.
 *  5. Missing cells: "" in csv/tsv, null in json, "NA" in table and md.
 *     Infinities: "Inf"/"-Inf" in every format; in json they are the strings
 *     "Inf" and "-Inf" because JSON numbers cannot be infinite.
 *  6. csv quotes a field when it holds the delimiter, a quote, CR or LF, or
 *     leading/trailing space or tab; quotes are doubled (RFC 4180); lines end
 *     in "\n".  tsv replaces tab, CR and LF inside fields by spaces.  md
 *     escapes '|', '\\' and '`' with a backslash.  table and md show each control
 *     character (C0, DEL, C1; CR and LF included) as a space and each byte of
 *     invalid UTF-8 as '?', so data cannot move the cursor or break a row.
 *     json escapes per RFC 8259: '"', '\\', \b \f \n \r \t, other control
 *     characters as \u00XX; invalid UTF-8 bytes become \ufffd; other text,
 *     Chinese included, is written as UTF-8.
 *  7. md is a GitHub pipe table: cells padded by display width to the column
 *     width (at least 3), delimiter row "---" for text and "---:" for numbers.
 *  8. json (SC_FORMAT_JSON) is one object, one row per line:
 *         {
 *           "meta": {"tool": "rate", "version": "0.1.0", "inputs": ["q3.csv"],
 *                    "rows_read": 3, "rows_used": 3, "rows_skipped": 0,
 *                    "total_rows_left_out": 0,
 *                    "options": {"method": "wilson"}},
 *           "rows": [
 *             {"region": "北京", "n": 120, "rate": 0.9833333333333333},
 *             {"region": "上海", "n": 0, "rate": null}
 *           ]
 *         }
 *     (meta on one line in the output).  Keys are the English column names;
 *     counts are JSON integers, doubles JSON numbers, strings JSON strings.
 *  9. Every write is checked; the stream is flushed at the end (not closed).
 *     A failed write or flush returns SC_EIO with the reason in `err`.
 */
#ifndef SPOTCHECK_OUTPUT_H
#define SPOTCHECK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"
#include "spotcheck/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_format {
    SC_FORMAT_TABLE,
    SC_FORMAT_CSV,
    SC_FORMAT_TSV,
    SC_FORMAT_JSON,
    SC_FORMAT_MD,
    SC_FORMAT_XLSX /* a file only: sc_output_write_xlsx */
} sc_format;

typedef enum sc_lang { SC_LANG_EN, SC_LANG_ZH } sc_lang;

/* How a number is rounded to its shown digits (contract 1a). */
typedef enum sc_rounding {
    SC_ROUND_HALF_UP,  /* 四舍五入: an exact half rounds the magnitude up (the default) */
    SC_ROUND_HALF_EVEN /* GB/T 8170-2008 数值修约 (四舍六入五成双): an exact half to even */
} sc_rounding;

typedef struct sc_output_opts {
    sc_format format;
    int digits;   /* decimals after the point (after the percent shift); -1: default */
    bool percent; /* show SC_COL_PROPORTION columns as percentages */
    sc_lang lang; /* labels of human formats */
    sc_rounding rounding; /* 0, SC_ROUND_HALF_UP, when left out of an initializer */
    /* csv, tsv: a text cell or column name starting with =, +, -, @, TAB or CR
     * is written with a ' before it, so that Excel and WPS show it as text
     * instead of running it as a formula (CSV injection); numbers are never
     * touched.  xlsx writes every text as a string cell anyway. */
    bool excel_safe;
    /* csv, tsv: a table of many rows is formatted on up to this many threads
     * at once, in rounds of rows written in order (the bytes are the same);
     * 0 or 1: one thread. */
    unsigned threads;
} sc_output_opts;

/* A name/value pair for the json meta object's "options". */
typedef struct sc_kv {
    const char *key;
    const char *value;
} sc_kv;

/* A named count of the json meta object, written as a number after
 * "rows_skipped" (e.g. {"groups_left_out", 2}). */
typedef struct sc_meta_count {
    const char *key;
    uint64_t value;
} sc_meta_count;

/* What the json writer puts in its "meta" object (other formats ignore it). */
typedef struct sc_meta {
    const char *tool;           /* e.g. "rate" */
    const char *version;        /* sc_version() */
    const char *const *inputs;  /* input file names ("-" for stdin) */
    size_t n_inputs;
    uint64_t rows_read;
    uint64_t rows_used;
    uint64_t rows_skipped;
    uint64_t total_rows_left_out; /* 合计/Total rows not counted as groups */
    const sc_kv *options;       /* options as given, after defaults */
    size_t n_options;
    const sc_meta_count *counts; /* further counts of the run, or NULL */
    size_t n_counts;
    bool derived_counts;        /* counts came from printed rates: "rows_derived" is written
                                   after "total_rows_left_out" */
    uint64_t rows_derived;      /* rows whose count was derived so */
} sc_meta;

/* One named table of a json document with several tables. */
typedef struct sc_named_table {
    const char *name;
    const sc_table *table;
} sc_named_table;

/* Numbers in human formats (table, md):
 *  - SC_COL_COUNT: the integer.
 *  - SC_COL_PROPORTION: `digits` decimals; default 4, or 2 with percent
 *    ("95.35%").
 *  - SC_COL_REAL: `digits` decimals; default 4, except that with the default
 *    a nonzero value that would show as 0.0000 (|x| < 0.00005), and with any
 *    digits a value with |x| >= 1e15, is shown with 4 significant digits in
 *    scientific notation ("3.000e-06", "1.000e+20").
 *  - SC_COL_PVALUE: default 4 significant digits, positional from 1e-4 up
 *    ("0.04570", "0.5000", "1.000"), scientific below ("3.200e-12"), and
 *    "<1e-300" for a p-value of exactly 0 (the double underflowed).  With
 *    digits >= 0: that many decimals, and a p-value >= 0 that would show as
 *    zero is written "<0.01" (digits 2), "<1" (digits 0).
 * Machine formats ignore these defaults (contract 2).
 * opts->digits: -1 (any negative) for the defaults. */

/* Writes `table` to `out`; in json its rows are under the key "rows".
 * `meta` may be NULL (json then has no meta).  Returns SC_EINVAL for a NULL
 * stream, table or options or an unknown format, SC_ENOMEM, or SC_EIO when a
 * write or the final fflush fails (checks ferror; does not fclose).  On
 * failure part of the output may have been written. */
SC_API sc_status sc_output_write(FILE *out, const sc_table *table, const sc_output_opts *opts,
                                 const sc_meta *meta, sc_error *err);

/* Writes the tables as an Excel workbook at `path` (src/lib/output_xlsx.c
 * has the contract): a sheet per table, numbers as numbers with the human
 * formats' look, a bold frozen header, then the meta on a sheet of its own.
 * The file is written in place; make it whole or not at all with
 * sc_atomic_file_open (SC_ATOMIC_NAMED).  SC_EINVAL for a table longer than
 * a sheet, SC_EIO, SC_ENOMEM. */
SC_API sc_status sc_output_write_xlsx(const char *path, const sc_named_table *tables,
                                      size_t ntables, const sc_output_opts *opts,
                                      const sc_meta *meta, sc_error *err);

/* The encodings of text output (src/lib/output_encode.c). */
typedef enum sc_output_encoding {
    SC_OUTPUT_UTF8,     /* as written */
    SC_OUTPUT_UTF8_BOM, /* a byte order mark first: Excel then reads a CSV as UTF-8 */
    SC_OUTPUT_GB18030   /* through iconv: every Unicode character has a GB18030 form */
} sc_output_encoding;

/* utf-8 (utf8), utf-8-bom, gb18030 (gbk). */
SC_API extern const sc_registry sc_output_encodings;

/* Writes the UTF-8 `text` (len bytes) to `out` in `encoding`.  SC_EIO on a
 * failed write, SC_EDATA for bytes that are not UTF-8 (GB18030 only), after
 * which part of the text may have been written. */
SC_API sc_status sc_output_encode(FILE *out, const char *text, size_t len,
                                  sc_output_encoding encoding, sc_error *err);

/* Writes several tables: json puts them in one object
 * {"meta":…, "<name>": [rows…], …}; the other formats write each table
 * preceded, from the second on, by a blank line. */
SC_API sc_status sc_output_write_many(FILE *out, const sc_named_table *tables, size_t ntables,
                                      const sc_output_opts *opts, const sc_meta *meta,
                                      sc_error *err);

/* Formats `value` rounded half-up in decimal to `digits` decimals (digits <
 * 0: shortest round-trip representation, contract 2), after multiplying by
 * 100 in decimal when `percent` (contracts 1 and 3).  No "%" is appended.
 * NaN gives "NA", infinities "Inf"/"-Inf".  Returns the length of the full
 * text; writes at most size - 1 bytes and a NUL, like snprintf (buf may be
 * NULL when size is 0). */
SC_API size_t sc_format_decimal(double value, int digits, bool percent, char *buf, size_t size);

/* sc_format_decimal with the rounding rule given: SC_ROUND_HALF_EVEN rounds
 * an exact half (of the shortest decimal) to the even digit. */
SC_API size_t sc_format_decimal_rounded(double value, int digits, bool percent,
                                        sc_rounding rounding, char *buf, size_t size);

/* Display width in terminal columns of a UTF-8 string: East_Asian_Width W
 * and F count 2 ("合格率" is 6), general categories Mn, Me, Cf count 0 (except
 * U+00AD SOFT HYPHEN, 1), as do the Hangul jamo U+1160..U+11FF; everything
 * else counts 1, control characters included (human writers show them as a
 * space), and so does each byte of invalid UTF-8.  Independent of the locale;
 * tables from Unicode 15.0 (scripts/gen-wcwidth).  NULL gives 0. */
SC_API size_t sc_display_width(const char *utf8);

/* Where an output file named `path` is written (src/lib/outpath.c).  Symbolic
 * links are followed to the name they stand for, which goes to *resolved
 * (caller frees with free()).  *in_place is true when that name must be
 * opened and written where it is, like a shell redirection: a device, a
 * FIFO, a socket, or a descriptor link under /proc such as /dev/stdout.
 * Otherwise (a regular file, or a name that does not exist yet) the caller
 * writes a temporary file beside *resolved and renames it into place
 * (sc_atomic_file_open does all of this).
 * SC_EIO with the path for a name that cannot be looked up (a link loop). */
SC_API sc_status sc_output_resolve(const char *path, char **resolved, bool *in_place,
                                   sc_error *err);

/* A file written whole or not at all (src/lib/outpath.c): the table writer
 * of the tools and the chart renderer both write through it.  Open it, write
 * (the stream, or through the name by another program), then commit or
 * abort:
 *
 *     sc_atomic_file *file;
 *     if (sc_atomic_file_open("q3.csv", SC_ATOMIC_STREAM, &file, &err) != SC_OK)
 *         return err.status;
 *     if (write_everything(sc_atomic_file_stream(file)) != SC_OK) {
 *         sc_atomic_file_abort(file);       // q3.csv untouched
 *         return ...;
 *     }
 *     return sc_atomic_file_commit(file, &err); // q3.csv replaced whole
 *
 * What is renamed and what is written in place is sc_output_resolve's rule:
 * a regular file or a new name gets a temporary file ".NAME.XXXXXX" beside
 * the name the links lead to, renamed over it at commit; a device, a FIFO,
 * a socket or a descriptor link such as /dev/stdout is written in place.
 * The new file has the mode a shell redirection gives (0666 less the umask)
 * or the mode of the regular file it replaces.  Not safe to share between
 * threads; different files may be written from different threads. */
typedef struct sc_atomic_file sc_atomic_file;

typedef enum sc_atomic_mode {
    SC_ATOMIC_STREAM, /* the caller writes sc_atomic_file_stream() */
    SC_ATOMIC_NAMED   /* another program (gnuplot) writes the file by its name,
                         sc_atomic_file_name(); a name written in place then gets
                         its temporary file in /tmp, copied into it at commit */
} sc_atomic_mode;

/* Opens `path` for writing whole (above); *file is the handle, NULL on
 * error.  SC_EIO with the path and one of "cannot open: REASON" (written in
 * place), "cannot create: REASON" (the temporary file; with SC_ATOMIC_NAMED
 * "cannot create a file in DIR: REASON", since DIR may be /tmp), "cannot set
 * mode: REASON", or sc_output_resolve's errors; SC_EINVAL for a NULL path;
 * SC_ENOMEM.  Nothing is left behind on error. */
SC_API sc_status sc_atomic_file_open(const char *path, sc_atomic_mode mode,
                                     sc_atomic_file **file, sc_error *err);

/* The stream to write (SC_ATOMIC_STREAM); NULL with SC_ATOMIC_NAMED.  Owned
 * by the handle: do not close it. */
SC_API FILE *sc_atomic_file_stream(const sc_atomic_file *file);

/* The name being written: the temporary file, or the output itself when it
 * is written in place (SC_ATOMIC_STREAM).  Owned by the handle. */
SC_API const char *sc_atomic_file_name(const sc_atomic_file *file);

/* Finishes the file: closes the stream (a stream whose error flag is set is
 * an error), then renames the temporary file into place, or copies it into
 * a name written in place.  Frees the handle whatever happens; on failure
 * the temporary file is removed and the output is untouched (in place: as
 * far as it was written).  SC_EIO with the path and "write error: REASON",
 * "cannot rename into place: REASON" or "cannot open: REASON". */
SC_API sc_status sc_atomic_file_commit(sc_atomic_file *file, sc_error *err);

/* Gives up: closes the stream, removes the temporary file, frees the
 * handle; the output is untouched (in place: as far as it was written).
 * NULL is a no-op. */
SC_API void sc_atomic_file_abort(sc_atomic_file *file);

/* Removes every temporary file the library holds open at this moment (the
 * unfinished outputs of sc_atomic_file_open, chart scripts and images) and
 * kills the gnuplot processes it has started: for a SIGINT or SIGTERM
 * handler, which then ends the process.  Async-signal-safe (only unlink
 * and kill); the library keeps no other state about them, so the process
 * must not go on using the files afterwards. */
SC_API void sc_temp_remove_all(void);

/* Remembers the temporary directory `path` (the string itself, kept alive by
 * the caller until sc_temp_dir_release) so that sc_temp_remove_all removes
 * it with what it holds; sc_temp_dir_release forgets it (the same pointer),
 * before it is renamed into place or removed.  A few at a time. */
SC_API void sc_temp_dir_hold(const char *path);
SC_API void sc_temp_dir_release(const char *path);
/* Removes the directory `path` with everything in it (symbolic links are
 * removed, not followed), as far as it can. */
SC_API void sc_temp_dir_remove(const char *path);

/* Parses "table", "csv", "tsv", "json", "md" (also "markdown"), case
 * sensitively.  SC_EINVAL otherwise. */
SC_API sc_status sc_format_from_name(const char *name, sc_format *out);

/* The registry of the formats (rows: sc_registry_entry; exact_case). */
SC_API extern const sc_registry sc_formats;

#ifdef __cplusplus
}
#endif
#endif
