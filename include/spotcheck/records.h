/* spotcheck — turning CSV rows into counted observations.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §3):
 *  1. Record-level input: one row per batch; the verdict column's value,
 *     trimmed of ASCII spaces and compared ASCII-case-insensitively, must be in
 *     the pass list or the fail list (defaults below); anything else is a bad
 *     row.
 *     A value in both lists (compared as the rows are) is SC_EINVAL naming it.
 *  2. Aggregated input: one row per group with a count of batches (n) and a
 *     count of passed or of failed batches, or both; counts are unsigned
 *     decimal integers (surrounding spaces allowed) read within the field's
 *     length; a count that is empty, negative, fractional, too large for 64
 *     bits, or larger than n is a bad row, and so is a row whose passed and
 *     failed do not add up to n when both are given.
 *  2b. A printed rate instead of a count (`printed_rate`, with n and neither
 *     passed nor failed): the cell is a percentage as a table prints it
 *     (95.3 or 95.3%; its decimals are those of the text), the pass rate or
 *     with `printed_fail` the unqualified rate.  The count is the one whole
 *     number x in 0..n whose rate 100 x / n, rounded half-up to the printed
 *     decimals, is the printed rate; a row where no x or more than one does
 *     is a bad row, and the message gives the range.  Rows whose count was
 *     derived so are counted in the stats (rows_derived).
 *  2a. A numeric series (--value): the cell is a decimal number (surrounding
 *     spaces allowed; empty, "NA", infinite or otherwise unreadable is a bad
 *     row); each row adds its value to the group (sc_groups_add_value).
 *     A value other than 0 must lie within SC_VALUE_MIN..SC_VALUE_MAX in
 *     magnitude: beyond, a trend's sums of squares overflow or underflow
 *     (a bad row that says so).
 *  3. Filters (--where) are applied first, all of them (AND): a row that a
 *     filter drops is read but neither used nor checked.  A filter on the
 *     period column compares periods, not text: the cell, rolled up to the
 *     filter's kind, must be the filter's period (--where 季度=2024Q3 holds
 *     for 2024年第三季度); a filter value that is not a period is SC_EINVAL.
 *     For each of the first SC_WHERE_TRACKED filters the stats say how many
 *     rows it held for and, when it held for none, what the column holds.
 *  4. A bad row is an error (SC_EDATA: file, line, column, value), or with
 *     skip_bad it is counted and skipped; the first skipped row's message is
 *     kept.  Ragged rows count as bad rows.
 *  5. Each used row adds to the group keyed by the `keys` columns, and
 *     with a `period` column by the row's period, placed at `period_at`.  The
 *     key parts are named after the first input's header (a column given by
 *     number gets its header name), or as given when there is no header.
 *  5a. Total rows: a used row whose group-key cell (a `keys` column, the
 *     period, or one of the first `text_labels` text columns; with none of
 *     them, the first column of the file when no option uses it otherwise)
 *     is a total label (sc_total_label) is left out and
 *     counted in the stats, unless keep_total_rows.  Its counts are not
 *     checked.  With text_wanted (contract 9), the text label columns are
 *     looked at on the rows whose texts are wanted, and on bad rows; on the
 *     others they are not used, and not read.
 *  6. A period cell is parsed as in spotcheck/period.h (sc_period_parse_per
 *     with `per`) and stands in the key in canonical form (2024Q3), so that
 *     "2024年第三季度" and "2024-Q3" are one period.  A cell that is not a
 *     period, or whose kind differs from the column's first period (a year
 *     among quarters), is a bad row.  The column's bytes (contract 8, NUL
 *     and invalid UTF-8) are checked once per run of equal cells, before
 *     anything else of the row: the same error as csvin's, at less cost.
 *  7. The batches of all used rows together may not exceed SC_COUNT_MAX
 *     (2^53): the row that would take them beyond it is an error (SC_EDATA
 *     with its file, line and count column) that skip_bad does not skip, so
 *     no group or total a tool forms exceeds the ceiling.
 *  8. A field holding a NUL byte is an error (csvin.h, contract 4), so no
 *     key, count or filter is read short.
 *  9. Text columns (record level only, `texts` with `on_text`): for every
 *     used row, after its batch is added to its group, on_text gets the
 *     row's group key (as sc_groups_add got it), whether the batch passed,
 *     and the row's cells of the text columns in their order (the
 *     unqualified items of spotcheck items; the items and the enterprise of
 *     spotcheck report).  A total row, a filtered row and a skipped bad row
 *     reach it not.  With text_wanted, only the rows it wants reach it, and
 *     only their text cells are checked for NUL bytes and invalid UTF-8 (an
 *     error as in any used column) and for total labels (contract 5a).
 * 10. With threads > 1 a regular file is read in chunks (up to sixteen per
 *     thread, each thread taking the next chunk left in file order, so that
 *     a slow chunk does not hold the others back; csvin.h, contract 9); each
 *     thread counts its chunks' groups in tables of its own, merged in the
 *     order of the lines where the groups first appeared,
 *     and the groups, their order, the counts, the stats and any error are
 *     those of one thread.  Chunks are used only where merging is exact:
 *     no filter that held for no row (what contract 3 notes of the column
 *     follows the rows in order: such a file is read again by one thread,
 *     as below; the other filters' counts add up), no text columns
 *     unless the spec can fork their context (text_fork, text_merge,
 *     text_free: each chunk counts into a fork, merged in file order into
 *     text_ctx once the chunks are exact), --value only while every value
 *     is a whole number and their magnitudes add up to less than 2^53 (sums
 *     of other doubles depend on their order: the first chunk to meet a
 *     fraction stops them all, and the groups given to sc_records_read must
 *     be empty); a file whose chunks
 *     met an error, periods of another kind than the first, batches
 *     beyond the ceiling or values that are not so is read again by one
 *     thread, which reports the first bad row as always.  A cell column (contract 11) reads in
 *     chunks when the spec can fork its context (cell_fork, cell_merge,
 *     cell_free): each chunk hands its cells to a fork; the forks are
 *     merged in file order into one and that into cell_ctx before anything
 *     else, and a file is read again by one thread when a chunk's on_cell
 *     refused a row (even one skipped: its message may name an earlier row
 *     of another chunk) or a merge refuses (SC_EDATA: cells that disagree
 *     across chunks or with earlier files).  A stream (a pipe, or anything
 *     csvin cannot split) is read window by window (csvin.h, contract 10):
 *     four chunks a thread of min_chunk bytes (0: 512 KiB) each, at most
 *     16 MiB a window; a window whose chunks are not exact as above (or
 *     after a fraction of --value) is read by the file's reader itself
 *     instead, so that the groups, stats and errors are one thread's.  A
 *     filter that has held for no row yet keeps the windows on one thread
 *     until it holds.
 * 11. A cell column (`cell_column` with `on_cell`, record level or
 *     aggregated): for every used row, once the row has been checked and
 *     before its counts are added to its group, on_cell gets the row's group
 *     key (as sc_groups_add gets it), the row's cell of that column and its
 *     place (file, line, the column's header name), so that the callback can
 *     report a bad cell as every bad row is reported (the population of the
 *     row's stratum, spotcheck rate --population COL).  SC_EDATA from it
 *     makes the row a bad row (contract 4: an error, or skipped with
 *     skip_bad, the callback's message kept), so the callback must leave its
 *     context as it was when it returns SC_EDATA; any other status stops
 *     reading and is returned.  A total row, a filtered row and a row that
 *     was already bad reach it not.
 */
#ifndef SPOTCHECK_RECORDS_H
#define SPOTCHECK_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/csvin.h"
#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/groups.h"
#include "spotcheck/period.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The magnitudes a --value cell may have besides 0 (contract 2a): their
 * squares, summed over a series, stay finite and normal. */
#define SC_VALUE_MIN 1e-150
#define SC_VALUE_MAX 1e150

/* The default verdict values, NULL-terminated static lists. */
SC_API extern const char *const sc_default_pass_values[];
SC_API extern const char *const sc_default_fail_values[];

/* Whether `text` (len bytes) is the label of a total row (合计 and the like):
 * after removing ASCII spaces, tabs and ideographic spaces (U+3000), also
 * between the characters ("合　计"), it is, ignoring ASCII case, one of
 * 合计 总计 小计 共计 全部 总体 total subtotal grandtotal all.  Returns the
 * label from that list (static), or NULL. */
SC_API const char *sc_total_label(const char *text, size_t len);

/* The most text columns a read hands on (contract 9). */
#define SC_TEXTS_MAX 8

/* What the text columns hand on (contract 9): the row's group key parts
 * keys[0..nkeys) of lengths lens[] (not NUL-terminated), whether the batch
 * passed, and the cells texts[i] (UTF-8, text_lens[i] bytes, NUL-terminated)
 * of the spec's text columns in their order.  Anything but SC_OK stops
 * reading and is returned by sc_records_read (fill err). */
typedef sc_status (*sc_record_text_fn)(void *ctx, const char *const *keys, const size_t *lens,
                                       size_t nkeys, bool passed, const char *const *texts,
                                       const size_t *text_lens, sc_error *err);

/* What a cell column hands on (contract 11): the row's group key parts
 * keys[0..nkeys) of lengths lens[] (not NUL-terminated), the cell (text, len
 * bytes, NUL-terminated) and its place. */
typedef struct sc_record_cell {
    const char *const *keys;
    const size_t *lens;
    size_t nkeys;
    const char *text;
    size_t len;
    const char *file;   /* the input's name as in messages */
    unsigned long long line;
    const char *column; /* the header name (or the column as the spec gives it) */
} sc_record_cell;

/* Contract 11: SC_EDATA (err filled with the place) makes the row a bad row;
 * anything else but SC_OK stops reading. */
typedef sc_status (*sc_record_cell_fn)(void *ctx, const sc_record_cell *cell, sc_error *err);

/* A row filter: column = value, or column != value when `negate`. */
typedef struct sc_where {
    char *column;
    char *value;
    bool negate;
} sc_where;

/* Parses "COL=VALUE" or "COL!=VALUE" (split at the first "!=" or "=");
 * SC_EINVAL when there is neither or the column is empty.  The strings are
 * copied; free them with sc_where_clear. */
SC_API sc_status sc_where_parse(const char *text, sc_where *out, sc_error *err);
SC_API void sc_where_clear(sc_where *where);

typedef struct sc_input_spec {
    sc_csv_opts csv;
    /* record level: the verdict column ... */
    const char *result;
    const char *const *pass_values; /* NULL-terminated; NULL: the defaults */
    const char *const *fail_values;
    /* ... or aggregated: n with passed or failed ... */
    const char *n;
    const char *pass;
    const char *fail;
    /* ... or n with a printed rate (contract 2b) ... */
    const char *printed_rate;
    bool printed_fail; /* the printed rate is the unqualified rate */
    /* ... or a numeric series: one value per row, summed per group */
    const char *value;
    /* the group key: these columns, then the period (when `period` is set) */
    const char *const *keys;
    size_t nkeys;
    const char *period;
    sc_period_kind per; /* with `period`: roll up to this; SC_PERIOD_NONE: as written */
    size_t period_at;   /* with `period`: its place in the key (0..nkeys; the key
                           columns from there on follow it) */
    const sc_where *where;
    size_t nwhere;
    bool skip_bad;
    bool keep_total_rows; /* count 合计/Total rows as groups (contract 5a) */
    /* record level: text columns handed row by row to on_text (contract 9);
       ntexts 0: none, at most SC_TEXTS_MAX */
    const char *texts[SC_TEXTS_MAX];
    size_t ntexts;
    size_t text_labels; /* the first text_labels of them are group labels
                           counted beside the groups (contract 5a) */
    sc_record_text_fn on_text;
    void *text_ctx;
    /* contract 9: asked of the text context with the row's group key before
       on_text; false: the row's texts are not used, so they are neither
       checked (csvin.h, contract 4) nor handed over.  NULL: every row's are */
    bool (*text_wanted)(const void *ctx, const char *const *keys, const size_t *lens,
                        size_t nkeys);
    /* contract 10: an empty context like text_ctx (NULL: no memory), adding
       `from` into `into`, freeing a fork; all three or none */
    void *(*text_fork)(const void *ctx);
    sc_status (*text_merge)(void *into, const void *from);
    void (*text_free)(void *ctx);
    /* a cell column handed row by row with its place to on_cell (contract 11);
       NULL: none */
    const char *cell_column;
    sc_record_cell_fn on_cell;
    void *cell_ctx;
    /* contract 11: as text_fork, text_merge and text_free for cell_ctx, but
       cell_merge may refuse (SC_EDATA, `into` as it was); all three or none */
    void *(*cell_fork)(const void *ctx);
    sc_status (*cell_merge)(void *into, const void *from);
    void (*cell_free)(void *ctx);
    /* contract 10: threads reading one file or stream (0 or 1: one), and
     * the bytes each chunk holds at least (0: SC_CHUNK_MIN of a file, 512 KiB
     * of a stream's window) */
    unsigned threads;
    uint64_t min_chunk;
    /* contract 10: the groups a thread's table takes before the thread
     * starts another at its next chunk (0: 16,384), the tables then being
     * merged while the threads read; a table whose first quarter that many
     * rows (2 at least) nearly all made new groups takes its later rows
     * unlooked, for the merge to add up; tests make it small */
    size_t segment_groups;
} sc_input_spec;

#define SC_CHUNK_MIN ((uint64_t)1 << 20)

#define SC_WHERE_TRACKED 16 /* filters whose matches the stats describe */
#define SC_WHERE_SAMPLE 5   /* values of a filter's column kept while nothing matched */

/* What one filter saw (contract 3). */
typedef struct sc_where_stats {
    uint64_t matched;    /* rows it held for */
    char other_case[64]; /* an equality filter: a cell equal to the value but for ASCII case
                            (excerpt, first seen), or "" */
    char similar[64];    /* an equality filter: a cell that contains the value or is contained
                            in it (浙江省 for 浙江; excerpt, first seen), or "" */
    char values[SC_WHERE_SAMPLE][64]; /* when matched == 0: the first distinct cells */
    size_t nvalues;
    bool more_values;                    /* the column held more than these */
    char last_period[SC_PERIOD_TEXT_MAX]; /* a filter on the period column: the latest period
                                             in the rows, canonical, or "" */
} sc_where_stats;

typedef struct sc_read_stats {
    uint64_t rows_read;    /* data rows in all inputs */
    uint64_t rows_used;    /* rows counted */
    uint64_t rows_skipped; /* bad rows skipped (skip_bad) */
    uint64_t rows_derived; /* used rows whose count came from a printed rate (contract 2b) */
    sc_error first_skipped; /* why the first skipped row was skipped */
    uint64_t rows_total;   /* total rows left out (contract 5a) */
    char total_label[64];  /* the first one's label as written (excerpt) */
    char total_file[256];  /* and where it was */
    unsigned long long total_line;
    uint64_t batches;      /* batches of the used rows, at most SC_COUNT_MAX */
    sc_where_stats where[SC_WHERE_TRACKED]; /* the first filters, in spec order */
    /* the first input guessed UTF-8 by a close call (sc_csv_encoding_doubt):
     * its name and what GB18030 would read; doubt_file[0] == 0 when none */
    char doubt_file[256];
    char doubt_text[160];
} sc_read_stats;

/* Reads every input (paths; "-" is standard input) into `groups`, which must
 * have been made with spec->nkeys keys, plus one with a period column.  Stats add up over the inputs.
 * Errors: SC_ENOENT (cannot open), SC_EINVAL (no such column, bad spec),
 * SC_EDATA (bad row), SC_EIO, SC_ENOMEM. */
SC_API sc_status sc_records_read(const sc_input_spec *spec, const char *const *paths,
                                 size_t npaths, sc_groups *groups, sc_read_stats *stats,
                                 sc_error *err);

#ifdef __cplusplus
}
#endif
#endif
