/* spotcheck — writing a result table as an aligned terminal table, csv, tsv,
 * json or markdown.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract is the numbered list in include/spotcheck/output.h; the
 * comments below cite it as "contract N".  Rounding lives in decimal.c,
 * display width in wcwidth.c.
 */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "decimal.h"
#include "spotcheck/doc.h"
#include "spotcheck/output.h"
#include "table_internal.h"
#include "wcwidth.h"
#include "writer.h"

/* ---- growable text ---------------------------------------------------------- */

typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; the text is incomplete */
} strbuf;

/* Grows sb to take `extra` bytes more and a NUL (sb_reserve's slow path). */
static bool sb_grow(strbuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    size_t wanted = sb->cap ? sb->cap : 64;
    while (wanted - sb->len <= extra) {
        if (wanted > SIZE_MAX / 2) {
            sb->failed = true;
            return false;
        }
        wanted *= 2;
    }
    char *bigger = sc_realloc(sb->data, wanted);
    if (!bigger) {
        sb->failed = true;
        return false;
    }
    sb->data = bigger;
    sb->cap = wanted;
    return true;
}

static inline bool sb_reserve(strbuf *sb, size_t extra)
{
    return (!sb->failed && extra < sb->cap - sb->len) || sb_grow(sb, extra);
}

static inline void sb_append(strbuf *sb, const char *text, size_t len)
{
    if (!sb_reserve(sb, len))
        return;
    memcpy(sb->data + sb->len, text, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

static void sb_appends(strbuf *sb, const char *text) { sb_append(sb, text, strlen(text)); }

static inline void sb_appendc(strbuf *sb, char c)
{
    if (!sb_reserve(sb, 1))
        return;
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

/* The decimal digits of a count (what "%" PRIu64 writes, without printf's
 * cost: a million-row table has millions of them). */
static void sb_append_count(strbuf *sb, uint64_t value)
{
    char text[20];
    size_t at = sizeof text;
    do {
        text[--at] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    sb_append(sb, text + at, sizeof text - at);
}

static void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

/* A copy of the text (never NULL unless out of memory). */
static char *sb_take(strbuf *sb)
{
    if (sb->failed)
        return NULL;
    if (!sb->data && !sb_reserve(sb, 0))
        return NULL;
    sb->data[sb->len] = '\0';
    char *text = sb->data;
    *sb = (strbuf){0};
    return text;
}

/* ---- numbers ------------------------------------------------------------------ */

typedef enum number_style {
    STYLE_DECIMALS,    /* sc_format_decimal: fixed decimals, or shortest when digits < 0 */
    STYLE_SIGNIFICANT, /* sc_decimal_significant */
    STYLE_SCIENTIFIC   /* sc_decimal_scientific */
} number_style;

/* How one number is written: `exact` (may be NULL) is the cell's exact
 * fraction, used instead of the double when rounding to fixed decimals. */
typedef struct number_spec {
    number_style style;
    int digits;
    bool percent;
    sc_rounding rounding;
    const sc_fraction *exact;
} number_spec;

static size_t format_number(const number_spec *spec, double value, char *buf, size_t size)
{
    switch (spec->style) {
    case STYLE_SIGNIFICANT:
        return sc_decimal_significant(value, spec->digits, spec->rounding, buf, size);
    case STYLE_SCIENTIFIC:
        return sc_decimal_scientific(value, spec->digits, spec->rounding, buf, size);
    case STYLE_DECIMALS:
        break;
    }
    if (spec->exact && spec->digits >= 0)
        return sc_decimal_fraction(spec->exact, spec->digits, spec->percent, spec->rounding, buf,
                                   size);
    return sc_format_decimal_rounded(value, spec->digits, spec->percent, spec->rounding, buf,
                                     size);
}

static void sb_append_spec(strbuf *sb, const number_spec *spec, double value)
{
    if (!sb_reserve(sb, 63))
        return;
    size_t room = sb->cap - sb->len;
    size_t len = format_number(spec, value, sb->data + sb->len, room);
    if (len >= room) { /* only with very large digits or magnitudes */
        if (!sb_reserve(sb, len))
            return;
        room = sb->cap - sb->len;
        format_number(spec, value, sb->data + sb->len, room);
    }
    sb->len += len;
}

static void sb_append_number(strbuf *sb, number_style style, double value, int digits,
                             bool percent, sc_rounding rounding)
{
    number_spec spec = {style, digits, percent, rounding, NULL};
    sb_append_spec(sb, &spec, value);
}

/* True when the number text has no nonzero digit ("0.00", "-0"). */
static bool text_is_zero(const char *text)
{
    for (; *text; text++) {
        if (*text >= '1' && *text <= '9')
            return false;
    }
    return true;
}

static bool is_number_column(sc_col_type type) { return type != SC_COL_STRING; }

/* Contract 3: the columns that --percent multiplies by 100. */
static bool is_percent_column(sc_col_type type)
{
    return type == SC_COL_PROPORTION || type == SC_COL_POINTS || type == SC_COL_SETTING;
}

/* Human formats (contract 1, 3 and the default-digits rules in output.h). */
static void human_double(strbuf *sb, sc_col_type type, double value, const sc_fraction *exact,
                         const sc_output_opts *opts)
{
    int digits = opts->digits;
    bool percent = opts->percent && is_percent_column(type);
    sc_rounding rounding = opts->rounding;
    if (!isfinite(value)) {
        sb_append_number(sb, STYLE_DECIMALS, value, -1, false, rounding);
        return;
    }
    switch (type) {
    case SC_COL_PROPORTION:
    case SC_COL_POINTS: {
        number_spec spec = {STYLE_DECIMALS, digits >= 0 ? digits : percent ? 2 : 4, percent,
                            rounding, exact};
        sb_append_spec(sb, &spec, value);
        if (percent && type == SC_COL_PROPORTION)
            sb_appendc(sb, '%');
        return;
    }
    case SC_COL_SETTING:
        sb_append_number(sb, STYLE_DECIMALS, value, -1, percent, rounding);
        if (percent)
            sb_appendc(sb, '%');
        return;
    case SC_COL_PVALUE:
        if (digits >= 0) {
            size_t start = sb->len;
            sb_append_number(sb, STYLE_DECIMALS, value, digits, false, rounding);
            if (value >= 0 && !sb->failed && text_is_zero(sb->data + start)) {
                sb->len = start; /* "<0.01": smaller than the last shown digit */
                sb_appends(sb, digits == 0 ? "<1" : "<0.");
                for (int i = 1; i < digits; i++)
                    sb_appendc(sb, '0');
                if (digits > 0)
                    sb_appendc(sb, '1');
            }
        } else if (value == 0) {
            sb_appends(sb, "<1e-300"); /* the double underflowed */
        } else if (fabs(value) < 1e-4) {
            sb_append_number(sb, STYLE_SCIENTIFIC, value, 4, false, rounding);
        } else {
            sb_append_number(sb, STYLE_SIGNIFICANT, value, 4, false, rounding);
        }
        return;
    case SC_COL_REAL:
    default:
        if (fabs(value) >= 1e15) /* decimals mean nothing here; keep the column narrow */
            sb_append_number(sb, STYLE_SCIENTIFIC, value, 4, false, rounding);
        else if (digits >= 0)
            sb_append_number(sb, STYLE_DECIMALS, value, digits, false, rounding);
        else if (value != 0 && fabs(value) < 0.00005)
            sb_append_number(sb, STYLE_SCIENTIFIC, value, 4, false, rounding);
        else
            sb_append_number(sb, STYLE_DECIMALS, value, 4, false, rounding);
        return;
    }
}

/* How machine formats write the doubles of a column of this type (contract
 * 2): full precision, or `digits` decimals; settings are never rounded. */
static number_spec machine_spec(sc_col_type type, const sc_output_opts *opts)
{
    return (number_spec){STYLE_DECIMALS, type == SC_COL_SETTING ? -1 : opts->digits,
                         opts->percent && is_percent_column(type), opts->rounding, NULL};
}

/* A double cell written as `spec` says, from its exact fraction when it is
 * rounded and has one. */
static void append_machine_double(strbuf *sb, const sc_table *table, size_t row, size_t col,
                                  number_spec spec)
{
    sc_fraction exact;
    if (spec.digits >= 0 && sc_table_get_fraction(table, row, col, &exact))
        spec.exact = &exact;
    sb_append_spec(sb, &spec, sc_table_get_double(table, row, col));
}

static void machine_double(strbuf *sb, const sc_table *table, size_t row, size_t col,
                           const sc_output_opts *opts)
{
    append_machine_double(sb, table, row, col,
                          machine_spec(sc_table_column_type(table, col), opts));
}

/* The text of one non-string cell; human or machine (contract 2).  Missing
 * cells give "NA" in human formats and "" in machine formats. */
static void format_cell(strbuf *sb, const sc_table *table, size_t row, size_t col,
                        const sc_output_opts *opts, bool human)
{
    sc_col_type type = sc_table_column_type(table, col);
    if (sc_table_is_missing(table, row, col)) {
        if (human)
            sb_appends(sb, "NA");
        return;
    }
    if (type == SC_COL_STRING) {
        sb_appends(sb, sc_table_get_string(table, row, col));
    } else if (type == SC_COL_COUNT) {
        sb_append_count(sb, sc_table_get_count(table, row, col));
    } else if (human) {
        sc_fraction exact;
        bool has_exact = sc_table_get_fraction(table, row, col, &exact);
        human_double(sb, type, sc_table_get_double(table, row, col), has_exact ? &exact : NULL,
                     opts);
    } else {
        machine_double(sb, table, row, col, opts);
    }
}

/* The header of a column in human formats: its name, or its Chinese label
 * with SC_LANG_ZH, and the unit of a difference in percent (contract 3). */
static void header_label(strbuf *sb, const sc_table *table, size_t col,
                         const sc_output_opts *opts)
{
    bool zh = opts->lang == SC_LANG_ZH;
    const char *label = zh ? sc_table_column_label_zh(table, col)
                           : sc_table_column_name(table, col);
    sb_appends(sb, label ? label : "");
    if (opts->percent && sc_table_column_type(table, col) == SC_COL_POINTS)
        sb_appends(sb, zh ? "（百分点）" : " (pp)");
}

/* ---- checked writing (writer.h: the first failure sticks) ---------------- */

#define WRITE_FAILURE "cannot write output"

static void writer_fail_memory(sc_writer *w)
{
    sc_writer_fail(w, SC_ENOMEM, "out of memory formatting output");
}

static void put_repeat(sc_writer *w, const char *unit, size_t times)
{
    for (size_t i = 0; i < times && w->status == SC_OK; i++)
        sc_writer_puts(w, unit);
}

/* Writes the buffer and clears it; an allocation failure inside it is reported. */
static void put_sb(sc_writer *w, strbuf *sb)
{
    if (sb->failed)
        writer_fail_memory(w);
    else
        sc_writer_put(w, sb->data, sb->len);
    sb_reset(sb);
}

/* ---- text sanitising ------------------------------------------------------ */

typedef enum text_target {
    TARGET_TERMINAL, /* controls → ' ', invalid UTF-8 bytes → '?' */
    TARGET_MD,       /* as terminal, plus '|', '\' and '`' escaped */
    TARGET_TSV,      /* tab, CR, LF → ' ' */
    TARGET_JSON      /* RFC 8259 string body */
} text_target;

static void sb_append_text(strbuf *sb, const char *text, text_target target)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    while (len > 0) {
        uint32_t codepoint = 0;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        if (target == TARGET_TSV) {
            sb_appendc(sb, (*s == '\t' || *s == '\r' || *s == '\n') ? ' ' : (char)*s);
            s++, len--;
            continue;
        }
        if (used == 0) { /* an invalid byte */
            if (target == TARGET_JSON)
                sb_appends(sb, "\\ufffd");
            else
                sb_appendc(sb, '?');
            s++, len--;
            continue;
        }
        if (target == TARGET_JSON) {
            static const char short_escape[] = {['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n',
                                                ['\r'] = 'r', ['\t'] = 't'};
            if (codepoint == '"' || codepoint == '\\') {
                sb_appendc(sb, '\\');
                sb_appendc(sb, (char)codepoint);
            } else if (codepoint < sizeof short_escape && short_escape[codepoint]) {
                sb_appendc(sb, '\\');
                sb_appendc(sb, short_escape[codepoint]);
            } else if (sc_codepoint_is_control(codepoint)) {
                char escape[8];
                snprintf(escape, sizeof escape, "\\u%04x", (unsigned)codepoint);
                sb_appends(sb, escape);
            } else {
                sb_append(sb, (const char *)s, used);
            }
        } else if (sc_codepoint_is_control(codepoint)) {
            sb_appendc(sb, ' ');
        } else if (target == TARGET_MD && (codepoint == '|' || codepoint == '\\' || codepoint == '`')) {
            sb_appendc(sb, '\\');
            sb_appendc(sb, (char)codepoint);
        } else {
            sb_append(sb, (const char *)s, used);
        }
        s += used;
        len -= used;
    }
}

/* Contract 6: RFC 4180 quoting. */
static void sb_append_csv_field(strbuf *sb, const char *text)
{
    size_t len = strlen(text);
    bool quote = len > 0 && (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' ||
                             text[len - 1] == '\t');
    quote = quote || strpbrk(text, ",\"\r\n") != NULL;
    if (!quote) {
        sb_append(sb, text, len);
        return;
    }
    sb_appendc(sb, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            sb_appendc(sb, '"');
        sb_appendc(sb, *p);
    }
    sb_appendc(sb, '"');
}

/* ---- csv and tsv --------------------------------------------------------------- */

/* sc_output_opts.excel_safe: the text as Excel and WPS would take a formula */
static bool formula_like(const char *text)
{
    return text[0] && strchr("=+-@\t\r", text[0]) != NULL;
}

/* One delimited field: `text`, with a ' before it when excel_safe asks. */
static void append_delimited(strbuf *line, const char *text, bool tsv, bool guard)
{
    strbuf guarded = {0};
    if (guard && formula_like(text)) {
        /* the quote goes inside the field, before any CSV quoting */
        sb_appendc(&guarded, '\'');
        sb_appends(&guarded, text);
        if (guarded.failed) {
            line->failed = true;
            free(guarded.data);
            return;
        }
        text = guarded.data;
    }
    if (tsv)
        sb_append_text(line, text, TARGET_TSV);
    else
        sb_append_csv_field(line, text);
    free(guarded.data);
}

/* How delimited rows are written: each column's cells and number format,
 * looked up once. */
typedef struct row_plan {
    const sc_table *table;
    const sc_output_opts *opts;
    bool tsv;
    sc_column_cells *cells;
    number_spec *specs;
} row_plan;

/* The text of a column's cell in the row last written, and what the cell
 * held: a column of a big table mostly repeats the cell above (a method, a
 * level, n = 1, a rate of 1), whose text is then copied, not made again. */
typedef struct cell_memo {
    bool valid;
    uint8_t state;
    sc_cell_value value;
    size_t start, len; /* of the text in the buffer */
    size_t until;      /* the first row from which the cells differ from it (0: none hold) */
} cell_memo;

static inline uint64_t value_bits(sc_cell_value value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/* The first row after `row`, below `last`, whose cell of column `cells` is
 * not what memo m holds, or `last`.  The column's cells are scanned in a run,
 * one array after the other, not row by row across the columns: with a
 * million rows of seven columns the cells' loads then stream (the rows of a
 * million groups took 36 ms of CPU less). */
static size_t run_end(const cell_memo *m, const sc_column_cells *cells, size_t row, size_t last)
{
    if (!m->valid)
        return row + 1;
    if (cells->mask == 0) /* a constant column */
        return last;
    uint64_t bits = value_bits(m->value);
    size_t r = row + 1;
    while (r < last && cells->state[r] == m->state && value_bits(cells->values[r]) == bits)
        r++;
    return r;
}

/* Cell (row, col) of a delimited line. */
static void delimited_cell(strbuf *out, const row_plan *plan, size_t row, size_t col)
{
    const sc_column_cells *cells = &plan->cells[col];
    const sc_cell_value *value = &cells->values[row & cells->mask];
    uint8_t state = cells->state[row & cells->mask];
    switch (state == SC_CELL_MISSING ? SC_COL_STRING : cells->type) {
    case SC_COL_STRING: /* a missing cell is an empty field */
        if (state != SC_CELL_MISSING)
            append_delimited(out, value->string, plan->tsv, plan->opts->excel_safe);
        return;
    case SC_COL_COUNT:
        sb_append_count(out, value->count); /* a number needs no quoting */
        return;
    default:
        append_machine_double(out, plan->table, row, col, plan->specs[col]);
        return;
    }
}

/* Appends a copy of sb's own text [start, start + len). */
static inline void sb_repeat(strbuf *sb, size_t start, size_t len)
{
    if (!sb_reserve(sb, len))
        return;
    memcpy(sb->data + sb->len, sb->data + start, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

/* Rows [first, last) of the table as delimited lines, after what *out holds;
 * memo[ncols] is made here.  The columns at the end of a row that hold what
 * they held in the row above (all but the key in a table of a million
 * groups) are copied from that row in one piece. */
static void delimited_rows(strbuf *out, const row_plan *plan, cell_memo *memo, size_t first,
                           size_t last)
{
    size_t ncols = sc_table_columns(plan->table);
    char separator = plan->tsv ? '\t' : ',';
    memset(memo, 0, ncols * sizeof *memo);
    for (size_t row = first; row < last && !out->failed; row++) {
        size_t same = ncols; /* columns [same, ncols) repeat the row above */
        while (same > 0 && row < memo[same - 1].until)
            same--;
        for (size_t col = 0; col < same; col++) {
            if (col > 0)
                sb_appendc(out, separator);
            const sc_column_cells *cells = &plan->cells[col];
            cell_memo *m = &memo[col];
            size_t start = out->len;
            if (row < m->until) {
                sb_repeat(out, m->start, m->len);
                m->start = start;
                continue;
            }
            delimited_cell(out, plan, row, col);
            uint8_t state = cells->state[row & cells->mask];
            /* a rounded exact cell's text is its fraction's, not its double's
               (a fraction held in the cell is its value: contract 4a of table.c) */
            bool by_value = !(state == SC_CELL_EXACT && plan->specs[col].digits >= 0);
            *m = (cell_memo){by_value, state, cells->values[row & cells->mask], start,
                             out->len - start, 0};
            m->until = run_end(m, cells, row, last);
        }
        if (same < ncols) {
            if (same > 0)
                sb_appendc(out, separator);
            size_t from = memo[same].start, at = out->len;
            sb_repeat(out, from, memo[ncols - 1].start + memo[ncols - 1].len - from);
            for (size_t col = same; col < ncols; col++)
                memo[col].start += at - from;
        }
        sb_appendc(out, '\n');
    }
}

/* Rows a thread formats in one round (some 1 MB of text), and the most
 * threads that format them. */
#define ROUND_ROWS 16384
#define OUTPUT_THREADS_MAX 16

/* One thread's rows of a round. */
typedef struct rows_job {
    strbuf text;
    cell_memo *memo;
    const row_plan *plan;
    size_t first, last;
} rows_job;

static void *format_rows(void *arg)
{
    rows_job *j = arg;
    /* the text on this thread's stack while it grows: the jobs of a round
       share cache lines, and the formatting threads wrote each other's (two
       threads took as long as one) */
    strbuf text = j->text;
    delimited_rows(&text, j->plan, j->memo, j->first, j->last);
    j->text = text;
    return NULL;
}

/* A round's buffers, written in order. */
typedef struct round_out {
    sc_writer *w;
    rows_job *jobs;
    size_t n;
} round_out;

static void *put_round(void *arg)
{
    round_out *o = arg;
    for (size_t k = 0; k < o->n; k++)
        put_sb(o->w, &o->jobs[k].text);
    return NULL;
}

/* The rows in rounds: in each, up to opts->threads threads format ROUND_ROWS
 * rows each, which a thread of their own then writes in order while the next
 * round is formatted (into the other of two sets of buffers).  On one thread
 * the rows of a million groups took a quarter of the run; written by the
 * threads that format, a file of them took 20 ms more than /dev/null. */
static void write_rows(sc_writer *w, const sc_table *table, const sc_output_opts *opts, bool tsv)
{
    size_t nrows = sc_table_rows(table), ncols = sc_table_columns(table);
    size_t nthreads = opts->threads > 1 ? opts->threads : 1;
    if (nthreads > OUTPUT_THREADS_MAX)
        nthreads = OUTPUT_THREADS_MAX;
    if (nrows < 2 * ROUND_ROWS)
        nthreads = 1;
    row_plan plan = {table, opts, tsv, sc_calloc(ncols, sizeof *plan.cells),
                     sc_calloc(ncols, sizeof *plan.specs)};
    rows_job jobs[2][OUTPUT_THREADS_MAX]; /* two sets: one formatted, one written */
    memset(jobs, 0, sizeof jobs);
    bool ready = plan.cells && plan.specs;
    /* a memo a thread, for either set; two more than the columns, so that no
       cache line holds the memos of two threads */
    for (size_t k = 0; ready && k < nthreads; k++)
        ready = (jobs[0][k].memo = jobs[1][k].memo =
                     sc_calloc(ncols + 2, sizeof *jobs[0][k].memo)) != NULL;
    if (!ready)
        writer_fail_memory(w);
    ready = ready && w->status == SC_OK; /* read here, while no thread writes */
    for (size_t col = 0; ready && col < ncols; col++) {
        sc_table_column_cells(table, col, &plan.cells[col]);
        plan.specs[col] = machine_spec(plan.cells[col].type, opts);
    }
    pthread_t helpers[OUTPUT_THREADS_MAX], writer;
    bool writing = false;
    round_out out[2];
    for (size_t row = 0, set = 0; row < nrows && ready;) {
        rows_job *j = jobs[set];
        size_t n = 0, started = 0;
        for (; n < nthreads && row < nrows; n++, row = j[n - 1].last)
            j[n] = (rows_job){j[n].text, j[n].memo, &plan, row,
                              nrows - row > ROUND_ROWS ? row + ROUND_ROWS : nrows};
        while (started + 1 < n &&
               pthread_create(&helpers[started], NULL, format_rows, &j[started + 1]) == 0)
            started++;
        format_rows(&j[0]);
        for (size_t k = started + 1; k < n; k++) /* no thread for them: here */
            format_rows(&j[k]);
        for (size_t t = 0; t < started; t++)
            pthread_join(helpers[t], NULL);
        if (writing) /* the round before, from the other set */
            pthread_join(writer, NULL);
        if (w->status != SC_OK)
            break;
        out[set] = (round_out){w, j, n};
        writing = nthreads > 1 && pthread_create(&writer, NULL, put_round, &out[set]) == 0;
        if (!writing)
            put_round(&out[set]);
        set ^= 1;
    }
    if (writing)
        pthread_join(writer, NULL);
    for (size_t k = 0; k < nthreads; k++) {
        free(jobs[0][k].text.data);
        free(jobs[1][k].text.data);
        free(jobs[0][k].memo);
    }
    free(plan.cells);
    free(plan.specs);
}

static void write_delimited(sc_writer *w, const sc_table *table, const sc_output_opts *opts,
                            bool tsv)
{
    size_t ncols = sc_table_columns(table);
    if (ncols == 0)
        return;
    strbuf line = {0};
    for (size_t col = 0; col < ncols; col++) {
        if (col > 0)
            sb_appendc(&line, tsv ? '\t' : ',');
        append_delimited(&line, sc_table_column_name(table, col), tsv, opts->excel_safe);
    }
    sb_appendc(&line, '\n');
    put_sb(w, &line);
    free(line.data);
    write_rows(w, table, opts, tsv);
}

/* ---- aligned table and markdown --------------------------------------------- */

/* Every cell of the table formatted for a human format, header first. */
typedef struct grid {
    size_t nrows; /* including the header */
    size_t ncols;
    char **text;  /* nrows × ncols */
    size_t *width; /* display width of each column */
} grid;

static void grid_free(grid *g)
{
    if (g->text) {
        for (size_t i = 0; i < g->nrows * g->ncols; i++)
            free(g->text[i]);
    }
    free(g->text);
    free(g->width);
}

static sc_status grid_build(grid *g, const sc_table *table, const sc_output_opts *opts,
                            text_target target, size_t min_width)
{
    *g = (grid){0};
    g->ncols = sc_table_columns(table);
    g->nrows = sc_table_rows(table) + 1;
    if (g->ncols == 0)
        return SC_OK;
    if (g->nrows > SIZE_MAX / g->ncols / sizeof(char *))
        return SC_ENOMEM;
    g->text = sc_calloc(g->nrows * g->ncols, sizeof(char *));
    g->width = sc_calloc(g->ncols, sizeof(size_t));
    if (!g->text || !g->width)
        return SC_ENOMEM;

    strbuf raw = {0}, shown = {0};
    sc_status status = SC_OK;
    for (size_t row = 0; row < g->nrows && status == SC_OK; row++) {
        for (size_t col = 0; col < g->ncols; col++) {
            sb_reset(&raw);
            if (row == 0)
                header_label(&raw, table, col, opts);
            else
                format_cell(&raw, table, row - 1, col, opts, true);
            sb_append_text(&shown, raw.data ? raw.data : "", target);
            char *text = raw.failed ? NULL : sb_take(&shown);
            if (!text) {
                status = SC_ENOMEM;
                break;
            }
            g->text[row * g->ncols + col] = text;
            size_t width = sc_display_width(text);
            if (width < min_width)
                width = min_width;
            if (width > g->width[col])
                g->width[col] = width;
        }
    }
    free(raw.data);
    free(shown.data);
    return status;
}

/* One cell padded to its column's width; `pad_last` pads left-aligned text too. */
static void put_padded(sc_writer *w, const grid *g, const char *text, size_t col, bool right,
                       bool pad_last)
{
    size_t pad = g->width[col] - sc_display_width(text);
    if (right)
        put_repeat(w, " ", pad);
    sc_writer_puts(w, text);
    if (!right && pad_last)
        put_repeat(w, " ", pad);
}

/* Contract 4: header, a rule of '-', rows; two spaces between columns; numbers
 * right-aligned, text left-aligned; no trailing blanks. */
static void write_aligned(sc_writer *w, const sc_table *table, const sc_output_opts *opts)
{
    grid g;
    if (grid_build(&g, table, opts, TARGET_TERMINAL, 0) != SC_OK) {
        writer_fail_memory(w);
        grid_free(&g);
        return;
    }
    for (size_t row = 0; row < g.nrows && w->status == SC_OK; row++) {
        for (size_t col = 0; col < g.ncols; col++) {
            bool right = is_number_column(sc_table_column_type(table, col));
            if (col > 0)
                sc_writer_puts(w, "  ");
            put_padded(w, &g, g.text[row * g.ncols + col], col, right, col + 1 < g.ncols);
        }
        if (g.ncols > 0)
            sc_writer_puts(w, "\n");
        if (row == 0) {
            for (size_t col = 0; col < g.ncols; col++) {
                if (col > 0)
                    sc_writer_puts(w, "  ");
                put_repeat(w, "-", g.width[col]);
            }
            if (g.ncols > 0)
                sc_writer_puts(w, "\n");
        }
    }
    grid_free(&g);
}

/* GitHub pipe table: cells padded to the column width (at least 3), the
 * delimiter row "---" for text and "---:" for numbers. */
static void write_markdown(sc_writer *w, const sc_table *table, const sc_output_opts *opts)
{
    grid g;
    if (grid_build(&g, table, opts, TARGET_MD, 3) != SC_OK) {
        writer_fail_memory(w);
        grid_free(&g);
        return;
    }
    for (size_t row = 0; row < g.nrows && w->status == SC_OK && g.ncols > 0; row++) {
        for (size_t col = 0; col < g.ncols; col++) {
            bool right = is_number_column(sc_table_column_type(table, col));
            sc_writer_puts(w, col == 0 ? "| " : " | ");
            put_padded(w, &g, g.text[row * g.ncols + col], col, right, true);
        }
        sc_writer_puts(w, " |\n");
        if (row == 0) {
            for (size_t col = 0; col < g.ncols; col++) {
                bool right = is_number_column(sc_table_column_type(table, col));
                sc_writer_puts(w, col == 0 ? "| " : " | ");
                put_repeat(w, "-", g.width[col] - (right ? 1 : 0));
                if (right)
                    sc_writer_puts(w, ":");
            }
            sc_writer_puts(w, " |\n");
        }
    }
    grid_free(&g);
}

/* ---- json ------------------------------------------------------------------ */

static void sb_append_json_string(strbuf *sb, const char *text)
{
    if (!text) {
        sb_appends(sb, "null");
        return;
    }
    sb_appendc(sb, '"');
    sb_append_text(sb, text, TARGET_JSON);
    sb_appendc(sb, '"');
}

/* null for missing; counts as integers; doubles as numbers, except
 * infinities, which JSON cannot express, as the strings "Inf" and "-Inf". */
static void sb_append_json_cell(strbuf *sb, const sc_table *table, size_t row, size_t col,
                                const sc_output_opts *opts)
{
    sc_col_type type = sc_table_column_type(table, col);
    if (sc_table_is_missing(table, row, col)) {
        sb_appends(sb, "null");
    } else if (type == SC_COL_STRING) {
        sb_append_json_string(sb, sc_table_get_string(table, row, col));
    } else if (type == SC_COL_COUNT) {
        sb_append_count(sb, sc_table_get_count(table, row, col));
    } else {
        double value = sc_table_get_double(table, row, col);
        if (isinf(value))
            sb_appends(sb, value < 0 ? "\"-Inf\"" : "\"Inf\"");
        else
            machine_double(sb, table, row, col, opts);
    }
}

static void write_json_meta(sc_writer *w, strbuf *sb, const sc_meta *meta)
{
    sb_appends(sb, "  \"meta\": {\"tool\": ");
    sb_append_json_string(sb, meta->tool);
    sb_appends(sb, ", \"version\": ");
    sb_append_json_string(sb, meta->version);
    sb_appends(sb, ", \"inputs\": [");
    for (size_t i = 0; meta->inputs && i < meta->n_inputs; i++) {
        if (i > 0)
            sb_appends(sb, ", ");
        sb_append_json_string(sb, meta->inputs[i]);
    }
    sb_appends(sb, "], \"rows_read\": ");
    sb_append_count(sb, meta->rows_read);
    sb_appends(sb, ", \"rows_used\": ");
    sb_append_count(sb, meta->rows_used);
    sb_appends(sb, ", \"rows_skipped\": ");
    sb_append_count(sb, meta->rows_skipped);
    sb_appends(sb, ", \"total_rows_left_out\": ");
    sb_append_count(sb, meta->total_rows_left_out);
    if (meta->derived_counts) {
        sb_appends(sb, ", \"rows_derived\": ");
        sb_append_count(sb, meta->rows_derived);
    }
    for (size_t i = 0; meta->counts && i < meta->n_counts; i++) {
        sb_appends(sb, ", ");
        sb_append_json_string(sb, meta->counts[i].key ? meta->counts[i].key : "");
        sb_appends(sb, ": ");
        sb_append_count(sb, meta->counts[i].value);
    }
    sb_appends(sb, ", \"options\": {");
    for (size_t i = 0; meta->options && i < meta->n_options; i++) {
        if (i > 0)
            sb_appends(sb, ", ");
        sb_append_json_string(sb, meta->options[i].key ? meta->options[i].key : "");
        sb_appends(sb, ": ");
        sb_append_json_string(sb, meta->options[i].value);
    }
    sb_appends(sb, "}}");
    put_sb(w, sb);
}

/* "name": [ {row}, … ] with one row per line. */
static void write_json_rows(sc_writer *w, strbuf *sb, const char *name, const sc_table *table,
                            const sc_output_opts *opts)
{
    size_t nrows = sc_table_rows(table), ncols = sc_table_columns(table);
    sb_appends(sb, "  ");
    sb_append_json_string(sb, name ? name : "");
    sb_appends(sb, nrows > 0 ? ": [\n" : ": []");
    put_sb(w, sb);
    for (size_t row = 0; row < nrows && w->status == SC_OK; row++) {
        sb_appends(sb, "    {");
        for (size_t col = 0; col < ncols; col++) {
            if (col > 0)
                sb_appends(sb, ", ");
            sb_append_json_string(sb, sc_table_column_name(table, col));
            sb_appends(sb, ": ");
            sb_append_json_cell(sb, table, row, col, opts);
        }
        sb_appends(sb, row + 1 < nrows ? "},\n" : "}\n  ]");
        put_sb(w, sb);
    }
}

static void write_json(sc_writer *w, const sc_named_table *tables, size_t ntables,
                       const sc_output_opts *opts, const sc_meta *meta)
{
    strbuf sb = {0};
    sc_writer_puts(w, "{\n");
    if (meta) {
        write_json_meta(w, &sb, meta);
        sc_writer_puts(w, ntables > 0 ? ",\n" : "\n");
    }
    for (size_t i = 0; i < ntables && w->status == SC_OK; i++) {
        write_json_rows(w, &sb, tables[i].name, tables[i].table, opts);
        sc_writer_puts(w, i + 1 < ntables ? ",\n" : "\n");
    }
    sc_writer_puts(w, "}\n");
    free(sb.data);
}

/* ---- entry points -------------------------------------------------------------- */

static sc_status check_arguments(FILE *out, const sc_named_table *tables, size_t ntables,
                                 const sc_output_opts *opts, sc_error *err)
{
    if (!out || !opts || (ntables > 0 && !tables))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "output: missing stream, options or tables");
    if (opts->format == SC_FORMAT_XLSX)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "output: xlsx is written to a file (sc_output_write_xlsx)");
    if ((unsigned)opts->format > (unsigned)SC_FORMAT_MD)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "output: unknown format %d",
                            (int)opts->format);
    for (size_t i = 0; i < ntables; i++) {
        if (!tables[i].table)
            return sc_error_set(err, SC_EINVAL, NULL, 0, "output: table %zu is missing", i + 1);
        if (!sc_table_complete(tables[i].table)) /* table.c contract 5a */
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    return SC_OK;
}

sc_status sc_output_write_many(FILE *out, const sc_named_table *tables, size_t ntables,
                               const sc_output_opts *opts, const sc_meta *meta, sc_error *err)
{
    sc_status status = check_arguments(out, tables, ntables, opts, err);
    if (status != SC_OK)
        return status;
    sc_writer w;
    sc_writer_init(&w, out, err, WRITE_FAILURE);
    if (opts->format == SC_FORMAT_JSON) {
        write_json(&w, tables, ntables, opts, meta);
    } else {
        for (size_t i = 0; i < ntables && w.status == SC_OK; i++) {
            if (i > 0)
                sc_writer_puts(&w, "\n");
            switch (opts->format) {
            case SC_FORMAT_TABLE:
                write_aligned(&w, tables[i].table, opts);
                break;
            case SC_FORMAT_CSV:
                write_delimited(&w, tables[i].table, opts, false);
                break;
            case SC_FORMAT_TSV:
                write_delimited(&w, tables[i].table, opts, true);
                break;
            case SC_FORMAT_MD:
                write_markdown(&w, tables[i].table, opts);
                break;
            case SC_FORMAT_JSON:
            case SC_FORMAT_XLSX:
                break;
            }
        }
    }
    return sc_writer_finish(&w);
}

sc_status sc_output_write(FILE *out, const sc_table *table, const sc_output_opts *opts,
                          const sc_meta *meta, sc_error *err)
{
    if (!table)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "output: missing table");
    sc_named_table named = {"rows", table};
    return sc_output_write_many(out, &named, 1, opts, meta, err);
}

/* ---- one cell's text (doc.h) ------------------------------------------------ */

/* Copies the text into buf like snprintf, but cut at a UTF-8 character
 * boundary; returns the full length (SC_TEXT_NO_MEMORY, and "" in buf, when
 * the text could not be built). */
static size_t copy_cut(strbuf *sb, char *buf, size_t size)
{
    size_t len = sb->failed || !sb->data ? 0 : sb->len;
    if (sb->failed) {
        if (buf && size > 0)
            buf[0] = '\0';
        free(sb->data);
        return SC_TEXT_NO_MEMORY;
    }
    if (buf && size > 0) {
        size_t n = len < size ? len : size - 1;
        while (n > 0 && n < len && ((unsigned char)sb->data[n] & 0xC0) == 0x80)
            n--;
        if (n > 0)
            memcpy(buf, sb->data, n);
        buf[n] = '\0';
    }
    free(sb->data);
    return len;
}

static const sc_output_opts default_human_opts = {.format = SC_FORMAT_MD, .digits = -1};

size_t sc_output_cell_text(const sc_table *table, size_t row, size_t col,
                           const sc_output_opts *opts, char *buf, size_t size)
{
    strbuf sb = {0};
    if (table)
        format_cell(&sb, table, row, col, opts ? opts : &default_human_opts, true);
    return copy_cut(&sb, buf, size);
}

size_t sc_output_header_text(const sc_table *table, size_t col, const sc_output_opts *opts,
                             char *buf, size_t size)
{
    strbuf sb = {0};
    if (table)
        header_label(&sb, table, col, opts ? opts : &default_human_opts);
    return copy_cut(&sb, buf, size);
}

/* One registry row per format (rows: sc_registry_entry), names matched byte
 * for byte: --format CSV is refused, as it always was. */
static const sc_registry_entry formats[] = {
    [SC_FORMAT_TABLE] = {.name = "table", .description = "aligned terminal table"},
    [SC_FORMAT_CSV] = {.name = "csv", .description = "comma-separated values (RFC 4180)"},
    [SC_FORMAT_TSV] = {.name = "tsv", .description = "tab-separated values"},
    [SC_FORMAT_JSON] = {.name = "json", .description = "JSON: the tables and a meta object"},
    [SC_FORMAT_MD] = {.name = "md", .aliases = "markdown", .description = "Markdown table"},
    [SC_FORMAT_XLSX] = {.name = "xlsx",
                        .description = "Excel workbook (needs -o FILE): a sheet per table and "
                                       "the meta"},
};

const sc_registry sc_formats = {.what = "output format", .rows = formats,
                                .count = sizeof formats / sizeof formats[0],
                                .stride = sizeof formats[0], .exact_case = true};

sc_status sc_format_from_name(const char *name, sc_format *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_formats, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_format)index;
    return status;
}
