/* spotcheck — streaming CSV input over libcsv.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §3):
 *  1. Input is read in chunks and handed to the caller one row at a time;
 *     memory does not grow with the number of rows.
 *  2. libcsv runs in strict mode: a quote inside an unquoted field, text after
 *     a closing quote, or a quoted field still open at end of file is an error
 *     (SC_EDATA) naming the line.  Unquoted fields have surrounding spaces and
 *     tabs trimmed (libcsv's behaviour); quoted fields are taken verbatim.
 *  3. Line numbers are real: blank lines, lines of nothing but spaces and
 *     tabs (both of which libcsv skips) and newlines inside quoted fields
 *     are counted; a row is reported at the line where it starts.  Line endings LF and CRLF are both accepted; rows end at LF
 *     only (a lone CR is part of a field, and a CR before LF is trimmed as
 *     a trailing space of an unquoted field).  A file whose first block
 *     (256 KiB, or the whole file when shorter) holds a CR and no LF has CR
 *     line ends (old Mac OS exports): then rows and lines end at CR only,
 *     and an LF is what a CR is in other files.
 *  4. A UTF-8 byte order mark at the start is skipped (and means UTF-8).
 *     Encoding AUTO decides on the first block (256 KiB) holding a non-ASCII
 *     byte: if, from that byte to the end of the block, valid UTF-8
 *     multi-byte characters are at least twice the invalid byte sequences,
 *     the file is UTF-8, otherwise it is GB18030 (a superset of GBK / code page 936) and is
 *     converted to UTF-8 through iconv; the single byte 0x80 of code page 936
 *     becomes U+20AC (glibc's GB18030 rejects it).  Bytes that are invalid in
 *     the chosen encoding are an error naming the line and the byte; in a
 *     UTF-8 file only the wanted fields (and the header) are checked, so a
 *     column the tool does not use cannot stop it.  A byte 0 (NUL) in a
 *     wanted field or in the header is an error too, in every encoding.  A
 *     column wanted unchecked is checked field by field when the caller
 *     asks (sc_csv_check_field).
 *  4a. Mixed encodings: when the guess was GB18030, a line that is UTF-8
 *     text is an error (SC_EDATA) naming it and the line the guess was made
 *     on.  A line is UTF-8 text when its bytes are valid UTF-8 with at least
 *     one multi-byte character and either GB18030 cannot read them or, read
 *     as GB18030, they hold a character outside the GB2312 area (a two-byte
 *     code with a byte below 0xA1, or a four-byte code): UTF-8 Chinese read
 *     as GB18030 nearly always does, genuine text from GB2312/GBK exports
 *     almost never is valid UTF-8 as well.  --encoding gb18030 turns the
 *     check off.
 *  5. Every row must have as many fields as the header (or, with no header,
 *     as the first row); a ragged row is an error, or with skip_ragged it is
 *     handed to the callback with `problem` set and no fields.
 *  6. A field longer than SC_CSV_FIELD_MAX bytes is an error (not an
 *     allocation of unbounded size).  The length is checked after each block
 *     of input, so a field may exceed the limit by up to one block (256 KiB)
 *     before it is refused.
 *  7. Only the columns marked wanted are copied for the caller.
 *  8. libcsv is the reference parser and reads every row holding a quote;
 *     a whole line without a quote, met between rows, may be split by a
 *     fast path that gives the same fields, rows, line numbers and errors
 *     (reference_parser turns it off; a differential fuzz target compares).
 *  9. Parallel reading of a regular file (standard input too, when it is
 *     one): sc_csv_split cuts what is left after the header into chunks
 *     that begin at line starts outside every quoted field (a quote-parity
 *     pass over the file, lines counted on the way, so that each chunk knows
 *     its first line number); the first chunk is read by the reader itself,
 *     the others by readers from sc_csv_open_chunk, on the reading threads.  Together they hand on the
 *     same rows, with the same lines, as one reader, and a file that reads
 *     without error is read without error in chunks.  Where they may not
 *     (an error in any chunk, or a chunk that had to guess the encoding
 *     where one reader would have guessed on other bytes: sc_csv_exact is
 *     false) the caller reads the file again with one reader.
 * 10. Parallel reading of a stream (a pipe, or anything sc_csv_split does
 *     not split): sc_csv_window takes the next window of whole rows into
 *     memory and cuts it into chunks as above; once they are read,
 *     sc_csv_window_done moves the reader past them.  Where the chunks may
 *     not give one reader's rows (as in 9), the reader itself reads the
 *     window's rows (sc_csv_read_some), which one reader would have read
 *     alike: windows are taken only between rows, and only once the
 *     encoding is decided or as one reader's next block of ASCII.  Only
 *     contract 6's slack (where a field beyond the limit is refused)
 *     depends on where blocks begin, and may differ.
 */
#ifndef SPOTCHECK_CSVIN_H
#define SPOTCHECK_CSVIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SC_CSV_FIELD_MAX ((size_t)16 * 1024 * 1024)

typedef enum sc_encoding { SC_ENCODING_AUTO, SC_ENCODING_UTF8, SC_ENCODING_GB18030 } sc_encoding;

typedef struct sc_csv_opts {
    unsigned char delimiter; /* ',' when 0 */
    sc_encoding encoding;
    bool no_header;   /* the first row is data; columns are named by number */
    bool skip_ragged; /* hand rows with the wrong number of fields to the callback */
    bool reference_parser; /* every row through libcsv, none through the fast path for
                              lines without a quote (contract 8; for tests) */
    bool as_stream; /* a regular file read as a pipe is: in windows, never split
                       (contract 10; for tests) */
} sc_csv_opts;

/* A data row as handed to the row callback.  fields[i] is NULL for a column
 * that is not wanted; wanted fields are NUL-terminated UTF-8 with lengths[i]
 * bytes.  Valid only during the callback. */
typedef struct sc_csv_row {
    unsigned long long line; /* line where the row starts (1-based) */
    const char *problem;     /* NULL, or why the row is bad (skip_ragged) */
    size_t nfields;
    const char *const *fields;
    const size_t *lengths;
} sc_csv_row;

/* Called once per data row.  Returning anything but SC_OK stops reading and
 * is returned by sc_csv_read (fill `err` first). */
typedef sc_status (*sc_csv_row_fn)(void *ctx, const sc_csv_row *row, sc_error *err);

typedef struct sc_csv sc_csv;

/* Opens `path` ("-" is standard input) and reads its header row (or, with
 * no_header, learns the number of columns from the first row, which is then
 * delivered as data).  SC_ENOENT when it cannot be opened; SC_EDATA for an
 * empty file or a bad header.  Caller frees with sc_csv_close.  Standard
 * input that is a regular file can be split like a file; it then stays where
 * it is until the reader is closed, and closing moves it to its end.  A pipe
 * is given a 1 MiB buffer where the system allows. */
SC_API sc_status sc_csv_open(const char *path, const sc_csv_opts *opts, sc_csv **out,
                             sc_error *err);

/* sc_csv_open for a small table file beside the records (targets, strata,
 * a register, a list of ids): the input options of `opts` (NULL: the
 * defaults), but always a header row and never a ragged row skipped. */
SC_API sc_status sc_csv_open_table(const char *path, const sc_csv_opts *opts, sc_csv **out,
                                   sc_error *err);

/* Closes the file and frees the reader.  NULL is a no-op. */
SC_API void sc_csv_close(sc_csv *csv);

/* Name shown in messages: the path, or "<stdin>" for "-".  Owned by the reader. */
SC_API const char *sc_csv_name(const sc_csv *csv);

SC_API size_t sc_csv_columns(const sc_csv *csv);

/* Header name of column `col` (0-based), or NULL with no_header.  Owned by the reader. */
SC_API const char *sc_csv_column_name(const sc_csv *csv, size_t col);

/* Resolves a column given by header name (exact match, preferred) or by
 * 1-based number into a 0-based index.  SC_EINVAL with a message listing the
 * header when there is no such column. */
SC_API sc_status sc_csv_find_column(const sc_csv *csv, const char *spec, size_t *col,
                                    sc_error *err);

/* Marks column `col` to be copied for the row callback.  No column is wanted
 * until one is marked. */
SC_API void sc_csv_want(sc_csv *csv, size_t col);

/* Marks column `col` (unless already wanted) to be handed to the row
 * callback unchecked: a NUL byte or invalid UTF-8 in it is no error as the
 * row is read (contract 4), only when sc_csv_check_field is asked of the
 * row's field; for a column the caller uses on some rows only. */
SC_API void sc_csv_want_unchecked(sc_csv *csv, size_t col);

/* Contract 4 for the row's field of column `col`, asked in the row callback:
 * SC_OK, or SC_EDATA with the message a checked column gives, at the row's
 * line. */
SC_API sc_status sc_csv_check_field(const sc_csv *csv, const sc_csv_row *row, size_t col,
                                    sc_error *err);

/* Reads the remaining rows, calling `fn` for each. */
SC_API sc_status sc_csv_read(sc_csv *csv, sc_csv_row_fn fn, void *ctx, sc_error *err);

/* Data rows seen so far, ragged ones included. */
SC_API uint64_t sc_csv_rows_read(const sc_csv *csv);

/* The encoding that was used ("UTF-8", "GB18030", or "ASCII" when no
 * non-ASCII byte was seen).  Static string. */
SC_API const char *sc_csv_encoding_name(const sc_csv *csv);

/* When the encoding was guessed UTF-8 from text that GB18030 reads as
 * Chinese just as well (every non-ASCII character a two-byte pair in
 * GB2312's hanzi area, e.g. the bytes of 太原): what GB18030 reads in the
 * first such run, for a note naming --encoding; otherwise NULL.  Valid
 * until sc_csv_close. */
SC_API const char *sc_csv_encoding_doubt(const sc_csv *csv);

/* Contract 9. */
#define SC_CSV_CHUNKS_MAX 64

typedef struct sc_csv_chunk {
    uint64_t start, end;     /* byte offsets in the file: [start, end) */
    unsigned long long line; /* the line at start */
    const unsigned char *bytes; /* NULL, or its bytes in memory (a window, contract 10) */
} sc_csv_chunk;

/* Splits what is left to read (nothing read yet but the header) into at
 * most `max` (<= SC_CSV_CHUNKS_MAX) chunks of about `min_bytes` or more
 * each, into chunks[0, *count), counting the file on up to `threads`
 * threads (this one among them).  When it cannot or need not (a pipe,
 * standard input that is not a regular file, a file too small, max < 2),
 * *count is 1 and the reader is as it was.  Otherwise the reader reads
 * chunks[0] only from now on. */
SC_API sc_status sc_csv_split(sc_csv *csv, size_t max, uint64_t min_bytes, size_t threads,
                              sc_csv_chunk *chunks, size_t *count, sc_error *err);

/* A reader for a later chunk of the file `first` was split from, with its
 * header, wanted columns, line end and encoding; read it with sc_csv_read.
 * `first` must outlive it.  Caller frees with sc_csv_close. */
SC_API sc_status sc_csv_open_chunk(const sc_csv *first, const sc_csv_chunk *chunk, sc_csv **out,
                                   sc_error *err);

/* False when a chunk reader decided the encoding on other bytes than one
 * reader would have (contract 9): its rows may differ from one reader's. */
SC_API bool sc_csv_exact(const sc_csv *csv);

/* Contract 10: for a reader that cannot be split (a pipe), reads ahead to
 * `window` bytes and cuts the whole rows among them into at most `max`
 * chunks of about `min_bytes` or more in memory, chunks[0, *count), each
 * for sc_csv_open_chunk (valid
 * until the reader reads again).  *count is 0 where this reader must read on
 * by itself (sc_csv_read_some): where its rows would depend on where its
 * blocks begin (before its header is read, within a row, or before its
 * encoding is decided, unless the next block is ASCII: then the window is
 * that block, cut where one reader would cut it), at the end of the input,
 * or in a quoted field as long as the window. */
SC_API sc_status sc_csv_window(sc_csv *csv, size_t window, size_t max, size_t min_bytes,
                               sc_csv_chunk *chunks, size_t *count, sc_error *err);

/* The window's chunks have been read (by their own readers): the reader goes
 * on after them, at the line after their last. */
SC_API void sc_csv_window_done(sc_csv *csv);

/* sc_csv_read through the whole lines the reader holds or reads next (at
 * least a block of them, a window's after sc_csv_window), stopping between
 * rows; *more is false once the input is read to its end. */
SC_API sc_status sc_csv_read_some(sc_csv *csv, sc_csv_row_fn fn, void *ctx, bool *more,
                                  sc_error *err);

/* Parses "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312"/"cp936", ASCII
 * case-insensitively.  SC_EINVAL otherwise. */
SC_API sc_status sc_encoding_from_name(const char *name, sc_encoding *out);

/* The registry of the encodings (rows: sc_registry_entry). */
SC_API extern const sc_registry sc_encodings;

#ifdef __cplusplus
}
#endif
#endif
