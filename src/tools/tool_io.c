/* spotcheck — the tool kit's input and output: reading the inputs into
 * groups, notes and errors on stderr, writing tables and charts whole or not
 * at all, the json meta object.  See tool.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool_internal.h"

int tk_fail(const tk_common *common, const sc_error *err)
{
    if (err->status == SC_OK) { /* a library call failed but left no error: a bug, not success */
        fprintf(stderr, "%s: internal error: a failure left no description\n", common->program);
        return 70;
    }
    char text[SC_ERROR_MESSAGE_MAX + 300];
    sc_error_format(err, text, sizeof text);
    fprintf(stderr, "%s: %s\n", common->program, text);
    return sc_exit_code(err->status);
}

/* Why --where left no rows, with what the data holds instead: "no rows
 * matched --where 地区=zhejiang; 地区 holds Zhejiang (another case)".
 * false when every filter held for some row. */
static bool why_empty(const tk_common *common, const sc_read_stats *stats, char *text,
                      size_t size)
{
    for (size_t w = 0; w < common->nwhere && w < SC_WHERE_TRACKED; w++) {
        const sc_where *where = &common->where[w];
        const sc_where_stats *seen = &stats->where[w];
        if (seen->matched)
            continue;
        int used = snprintf(text, size, "no rows matched --where %s%s%s", where->column,
                            where->negate ? "!=" : "=", where->value);
        size_t at = used > 0 && (size_t)used < size ? (size_t)used : size - 1;
        if (seen->other_case[0])
            snprintf(text + at, size - at, "; %s holds \"%s\" (the value in another case)",
                     where->column, seen->other_case);
        else if (seen->similar[0])
            snprintf(text + at, size - at, "; the nearest value of %s is \"%s\"", where->column,
                     seen->similar);
        else if (seen->last_period[0])
            snprintf(text + at, size - at, "; the last period in the data is %s",
                     seen->last_period);
        else if (seen->nvalues) {
            char values[SC_WHERE_SAMPLE * 66 + 8] = "";
            for (size_t i = 0; i < seen->nvalues; i++) {
                strcat(values, i ? ", " : "");
                strcat(values, seen->values[i]);
            }
            snprintf(text + at, size - at, "; values of %s include %s%s", where->column, values,
                     seen->more_values ? ", ..." : "");
        }
        return true;
    }
    if (common->nwhere == 0 || stats->rows_used || stats->rows_skipped || stats->rows_total ||
        !stats->rows_read)
        return false;
    snprintf(text, size, "no rows matched all the --where filters together");
    return true;
}

/* Contract of tk_read: an empty selection is said on stderr, or is an
 * error for a tool that needs rows. */
static sc_status empty_result(const tk_common *common, const sc_read_stats *stats, sc_error *err)
{
    char text[SC_ERROR_MESSAGE_MAX];
    if (!stats->rows_read || !why_empty(common, stats, text, sizeof text))
        return SC_OK;
    if (common->need_rows && !stats->rows_used)
        return sc_error_set(err, SC_EDATA, NULL, 0, "%s", text);
    tk_say(common->program, "%s", text);
    return SC_OK;
}

void tk_say(const char *program, const char *format, ...)
{
    char raw[SC_ERROR_MESSAGE_MAX + 600], text[4 * sizeof raw];
    va_list ap;
    va_start(ap, format);
    vsnprintf(raw, sizeof raw, format, ap);
    va_end(ap);
    sc_escape_text(text, sizeof text, raw, strlen(raw));
    fprintf(stderr, "%s: %s\n", program, text);
}

void tk_note(const tk_common *common, const char *format, ...)
{
    char raw[SC_ERROR_MESSAGE_MAX + 600];
    va_list ap;
    va_start(ap, format);
    vsnprintf(raw, sizeof raw, format, ap);
    va_end(ap);
    tk_say(common->program, "note: %s", raw);
}

sc_status tk_read(tk_common *common, sc_groups *groups, sc_read_stats *stats, sc_error *err)
{
    sc_input_spec *spec = &common->input;
    spec->keys = (const char *const *)common->keys;
    spec->nkeys = common->nkeys;
    spec->period_at = common->nby;
    spec->where = common->where;
    spec->nwhere = common->nwhere;
    spec->pass_values = (const char *const *)common->pass_values;
    spec->fail_values = (const char *const *)common->fail_values;
    *stats = (sc_read_stats){0};
    sc_status s = sc_records_read(spec, common->files, common->nfiles, groups, stats, err);
    if (s == SC_OK && spec->skip_bad) {
        fprintf(stderr, "%s: read %llu row%s, used %llu, skipped %llu\n", common->program,
                (unsigned long long)stats->rows_read, stats->rows_read == 1 ? "" : "s",
                (unsigned long long)stats->rows_used, (unsigned long long)stats->rows_skipped);
        if (stats->rows_skipped) {
            char text[SC_ERROR_MESSAGE_MAX + 300];
            sc_error_format(&stats->first_skipped, text, sizeof text);
            fprintf(stderr, "%s: first skipped: %s\n", common->program, text);
        }
        if (stats->rows_used == 0 && stats->rows_skipped > 0)
            s = sc_error_set(err, SC_EDATA, NULL, 0,
                             "every row was skipped as bad: check --result, --n and the columns");
    }
    if (stats->doubt_file[0])
        tk_note(common, "%s was read as UTF-8, but its text reads as Chinese in GB18030 too "
                        "(\"%s\"): if it came from Excel or WPS on Chinese Windows, give "
                        "--encoding gb18030 (--encoding utf-8 silences this note)",
                stats->doubt_file, stats->doubt_text);
    if (s == SC_OK && stats->rows_derived)
        tk_note(common, "the count%s of %llu row%s %s derived from the printed %s in column "
                        "\"%s\" (the one whole number each fits)",
                stats->rows_derived == 1 ? "" : "s", (unsigned long long)stats->rows_derived,
                stats->rows_derived == 1 ? "" : "s", stats->rows_derived == 1 ? "is" : "are",
                spec->printed_fail ? "unqualified rate" : "pass rate", spec->printed_rate);
    if (s == SC_OK && stats->rows_total)
        tk_say(common->program,
               "left out %llu total row%s (the first, \"%s\", at %s:%llu); "
               "--keep-total-rows counts them as groups",
               (unsigned long long)stats->rows_total,
                stats->rows_total == 1 ? "" : "s", stats->total_label, stats->total_file,
                stats->total_line);
    if (s == SC_OK)
        s = empty_result(common, stats, err);
    return s;
}

/* Names the output in a write error that came without a place. */
static sc_status name_output(sc_status s, sc_error *err, const char *name)
{
    if (s != SC_OK && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", name);
    return s;
}

/* Something that writes itself to a stream: the result tables, or a chart's
 * script.  It need not flush. */
typedef sc_status (*emit_fn)(FILE *out, const void *what, sc_error *err);

typedef struct tables_to_write {
    const tk_common *common;
    const sc_named_table *tables;
    size_t ntables;
    const sc_meta *meta;
} tables_to_write;

static sc_status emit_tables(FILE *out, const void *what, sc_error *err)
{
    const tables_to_write *t = what;
    return sc_output_write_many(out, t->tables, t->ntables, &t->common->output, t->meta, err);
}


static sc_status emit_chart(FILE *out, const void *what, sc_error *err)
{
    return sc_chart_write(what, out, err);
}

static sc_status flush(FILE *out, sc_status s, sc_error *err)
{
    if (s == SC_OK && (fflush(out) != 0 || ferror(out)))
        s = sc_error_set(err, SC_EIO, NULL, 0, "write error: %s", strerror(errno));
    return s;
}

static sc_status write_stream(FILE *out, emit_fn emit, const void *what, sc_error *err)
{
    return flush(out, emit(out, what, err), err);
}

/* The tables in another encoding than UTF-8: written in memory, then
 * converted (sc_output_encode). */
static sc_status write_encoded(FILE *out, sc_output_encoding encoding, emit_fn emit,
                               const void *what, sc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *memory = open_memstream(&text, &len);
    if (!memory)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = emit(memory, what, err);
    if (fclose(memory) != 0 && s == SC_OK)
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    if (s == SC_OK)
        s = sc_output_encode(out, text, len, encoding, err);
    free(text);
    return flush(out, s, err);
}

/* The tables and their encoding, to a stream. */
static sc_status put_tables(FILE *out, const void *what, sc_error *err)
{
    const tables_to_write *t = what;
    return t->common->encoding == SC_OUTPUT_UTF8
               ? write_stream(out, emit_tables, what, err)
               : write_encoded(out, t->common->encoding, emit_tables, what, err);
}

/* Writes a file whole or not at all (sc_atomic_file_open: a temporary file
 * renamed into place; devices, FIFOs and /dev/stdout written in place). */
static sc_status write_file(const char *path, emit_fn emit, const void *what, sc_error *err)
{
    sc_atomic_file *file;
    sc_status s = sc_atomic_file_open(path, SC_ATOMIC_STREAM, &file, err);
    if (s != SC_OK)
        return s;
    s = write_stream(sc_atomic_file_stream(file), emit, what, err);
    if (s == SC_OK)
        return name_output(sc_atomic_file_commit(file, err), err, path);
    sc_atomic_file_abort(file);
    return name_output(s, err, path);
}

/* An Excel workbook, whole or not at all: libxlsxwriter writes the
 * temporary file by its name. */
static sc_status write_xlsx(const tables_to_write *t, sc_error *err)
{
    const char *path = t->common->output_path;
    sc_atomic_file *file;
    sc_status s = sc_atomic_file_open(path, SC_ATOMIC_NAMED, &file, err);
    if (s != SC_OK)
        return name_output(s, err, path);
    s = sc_output_write_xlsx(sc_atomic_file_name(file), t->tables, t->ntables,
                             &t->common->output, t->meta, err);
    if (s == SC_OK)
        return name_output(sc_atomic_file_commit(file, err), err, path);
    sc_atomic_file_abort(file);
    snprintf(err->file, sizeof err->file, "%s", path); /* not the temporary name */
    return s;
}

/* The tables as --columns chooses (contract of sc_table_select), into
 * chosen[] (tables the caller frees with sc_table_free); an error names the
 * table when there are several. */
static sc_status select_columns(const tk_common *common, const sc_named_table *tables,
                                size_t ntables, sc_named_table *chosen, sc_error *err)
{
    sc_status s = SC_OK;
    for (size_t i = 0; i < ntables; i++)
        chosen[i] = (sc_named_table){tables[i].name, NULL};
    for (size_t i = 0; s == SC_OK && i < ntables; i++) {
        sc_table *t;
        s = sc_table_select(tables[i].table, (const char *const *)common->columns,
                            common->ncolumns, &t, err);
        chosen[i].table = t;
        if (s == SC_EINVAL && ntables > 1) {
            char why[SC_ERROR_MESSAGE_MAX];
            snprintf(why, sizeof why, "%s", err->message);
            sc_error_set(err, s, NULL, 0, "--columns: the table \"%s\" has %s (with several "
                         "tables, --columns applies to each: choose one with --table)",
                         tables[i].name, why);
        } else if (s == SC_EINVAL) {
            char why[SC_ERROR_MESSAGE_MAX];
            snprintf(why, sizeof why, "%s", err->message);
            sc_error_set(err, s, NULL, 0, "--columns: %s", why);
        }
    }
    return s;
}

/* Counts derived from printed rates (--printed-rate) are marked in every
 * table that shows counts (a column "passed" or "passed_…"): a column
 * "counts" saying "derived".  marked[i] is a new table, or tables[i].table
 * itself where nothing is marked. */
static sc_status mark_derived(const tk_common *common, const sc_named_table *tables,
                              size_t ntables, sc_named_table *marked, sc_error *err)
{
    sc_constant_column mark = {"counts", "计数", tk_word(common, "derived")};
    sc_status s = SC_OK;
    for (size_t i = 0; i < ntables; i++)
        marked[i] = tables[i];
    for (size_t i = 0; s == SC_OK && i < ntables; i++) {
        bool counts = false;
        for (size_t c = 0; c < sc_table_columns(tables[i].table); c++) {
            const char *name = sc_table_column_name(tables[i].table, c);
            counts |= !strcmp(name, "passed") || !strncmp(name, "passed_", 7);
        }
        sc_table *t;
        if (counts && (s = sc_table_with_constant(tables[i].table, &mark, &t, err)) == SC_OK)
            marked[i].table = t;
    }
    return s;
}

sc_status tk_write(const tk_common *common, const sc_named_table *tables, size_t ntables,
                        const sc_meta *meta, sc_error *err)
{
    const sc_named_table *given = tables;
    sc_named_table *marked = NULL, *chosen = NULL;
    sc_status s = SC_OK;
    if (common->input.printed_rate) {
        marked = calloc(ntables ? ntables : 1, sizeof *marked);
        s = marked ? mark_derived(common, tables, ntables, marked, err)
                   : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        tables = marked;
    }
    if (s == SC_OK && common->columns) {
        chosen = calloc(ntables ? ntables : 1, sizeof *chosen);
        s = chosen ? select_columns(common, tables, ntables, chosen, err)
                   : sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        tables = chosen;
    }
    tables_to_write what = {common, tables, ntables, meta};
    if (s != SC_OK)
        ; /* nothing is written */
    else if (common->output.format == SC_FORMAT_XLSX)
        s = write_xlsx(&what, err);
    else if (tk_output_file(common))
        s = write_file(common->output_path, put_tables, &what, err);
    else
        s = name_output(write_stream(stdout, put_tables, &what, err), err, "<stdout>");
    for (size_t i = 0; i < ntables; i++) {
        if (chosen)
            sc_table_free((sc_table *)chosen[i].table);
        if (marked && marked[i].table != given[i].table)
            sc_table_free((sc_table *)marked[i].table);
    }
    free(chosen);
    free(marked);
    return s;
}

sc_status tk_write_tables(const tk_common *common, const sc_named_table *tables, size_t ntables,
                          size_t chosen, const sc_meta *meta, sc_error *err)
{
    sc_format f = common->output.format;
    return f == SC_FORMAT_JSON || f == SC_FORMAT_XLSX
               ? tk_write(common, tables, ntables, meta, err)
               : tk_write(common, &tables[chosen], 1, meta, err);
}

sc_meta tk_meta(const tk_common *common, const char *tool, const sc_read_stats *stats,
                     const sc_kv *options, size_t noptions)
{
    return (sc_meta){
        .tool = tool,
        .version = sc_version(),
        .inputs = common->files,
        .n_inputs = common->nfiles,
        .rows_read = stats->rows_read,
        .rows_used = stats->rows_used,
        .rows_skipped = stats->rows_skipped,
        .total_rows_left_out = stats->rows_total,
        .derived_counts = common->input.printed_rate != NULL,
        .rows_derived = stats->rows_derived,
        .options = options,
        .n_options = noptions,
    };
}

bool tk_words_zh(const tk_common *common)
{
    const sc_output_opts *o = &common->output;
    return o->lang == SC_LANG_ZH && (o->format == SC_FORMAT_TABLE || o->format == SC_FORMAT_MD ||
                                     o->format == SC_FORMAT_XLSX);
}

const char *tk_word(const tk_common *common, const char *word)
{
    return sc_word(tk_words_zh(common) ? SC_LANG_ZH : SC_LANG_EN, word);
}

bool tk_output_file(const tk_common *common)
{
    return common->output_path && strcmp(common->output_path, "-") != 0;
}

bool tk_wants_chart(const tk_common *common)
{
    return common->plot_path || common->render_path;
}

/* The image's name as the --plot script says it: gnuplot opens `set output`
 * relative to the folder it runs in, and a script is run beside itself
 * (`cd DIR && gnuplot x.gp`), so a relative image name is made relative to
 * the script's folder: "DIR/x.png" for "DIR/x.gp" is "x.png"; an image in
 * another folder gets its absolute name.  NULL when out of memory. */
static char *image_for_script(const char *script, const char *image)
{
    const char *slash = strrchr(script, '/');
    size_t dir = slash ? (size_t)(slash - script) + 1 : 0; /* "DIR/" */
    if (image[0] == '/' || dir == 0)
        return strdup(image);
    if (strncmp(image, script, dir) == 0 && image[dir])
        return strdup(image + dir);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return strdup(image); /* no better name: as given */
    size_t size = strlen(cwd) + strlen(image) + 2;
    char *absolute = malloc(size);
    if (absolute)
        snprintf(absolute, size, "%s/%s", cwd, image);
    free(cwd);
    return absolute;
}

sc_status tk_chart(const tk_common *common, sc_chart *chart, sc_error *err)
{
    sc_status s = sc_chart_set_lang(chart, common->output.lang);
    if (s == SC_OK && common->font)
        s = sc_chart_set_font(chart, common->font, err);
    if (s == SC_OK && common->width)
        s = sc_chart_set_size(chart, common->width, common->height, err);
    /* the image: --render's, or for a script alone FILE.png beside FILE.gp,
     * so that `gnuplot FILE.gp` draws it; any length (a fixed buffer cut
     * names of 4 KiB into a wrong message) */
    char *image = NULL, *in_script = NULL;
    if (common->render_path)
        image = strdup(common->render_path);
    else {
        size_t len = strlen(common->plot_path);
        if (len > 3 && strcmp(common->plot_path + len - 3, ".gp") == 0)
            len -= 3;
        if ((image = malloc(len + 5)) != NULL)
            snprintf(image, len + 5, "%.*s.png", (int)len, common->plot_path);
    }
    if (common->plot_path && image)
        in_script = image_for_script(common->plot_path, image);
    if (s == SC_OK && (!image || (common->plot_path && !in_script)))
        s = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_chart_term term = SC_CHART_TERM_PNG;
    if (s == SC_OK)
        s = sc_chart_term_from_path(image, &term, err);
    if (s == SC_OK && common->plot_path) {
        s = sc_chart_set_output(chart, term, in_script, err);
        if (s == SC_OK)
            s = write_file(common->plot_path, emit_chart, chart, err);
    }
    if (s == SC_OK)
        s = sc_chart_set_output(chart, term, image, err);
    if (s == SC_OK && common->render_path)
        s = sc_chart_render(chart, NULL, err);
    if (s != SC_OK && !err->message[0])
        sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    free(image);
    free(in_script);
    return s;
}


/* ---- targets files ------------------------------------------------------------ */

void tk_check_targets(const tk_common *common, const char *path, double target)
{
    if (path && !isnan(target))
        tk_usage_error(common, "--target and --targets do not go together: give one target "
                               "for every group, or a file of them");
}

sc_status tk_read_targets(const tk_common *common, const char *path, sc_targets **out,
                          sc_error *err)
{
    *out = NULL;
    if (!path)
        return SC_OK;
    sc_csv_opts opts = {.encoding = common->input.csv.encoding};
    return sc_targets_read(path, &opts, out, err);
}

sc_status tk_read_population(const tk_common *common, const char *path, size_t nstrata,
                             bool strata_only, sc_population **out, sc_error *err)
{
    *out = NULL;
    if (!path)
        return SC_OK;
    sc_csv_opts opts = {.encoding = common->input.csv.encoding};
    if (strata_only)
        return sc_population_read(path, &opts,
                                  (const char *const *)common->keys + common->nkeys - nstrata,
                                  0, nstrata, out, err);
    const char *names[SC_KEY_PARTS_MAX + 1];
    size_t count = 0;
    for (size_t k = 0; k < common->nkeys && count < SC_KEY_PARTS_MAX; k++) {
        if (k == common->nby && common->input.period)
            names[count++] = common->input.period;
        names[count++] = common->keys[k];
    }
    if (common->nkeys == common->nby && common->input.period)
        names[count++] = common->input.period;
    return sc_population_read(path, &opts, names, count - nstrata, nstrata, out, err);
}

int tk_input_has_column(const tk_common *common, const char *name)
{
    /* only a regular file can be read twice: a pipe (<(...)) would lose its
     * first bytes to this look */
    struct stat st;
    if (common->nfiles == 0 || strcmp(common->files[0], "-") == 0 ||
        stat(common->files[0], &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    sc_csv *csv;
    sc_error err;
    sc_error_clear(&err);
    if (sc_csv_open(common->files[0], &common->input.csv, &csv, &err) != SC_OK)
        return -1;
    int found = 0;
    for (size_t i = 0; i < sc_csv_columns(csv) && !found; i++) {
        const char *column = sc_csv_column_name(csv, i);
        found = column && strcmp(column, name) == 0;
    }
    sc_csv_close(csv);
    return found;
}

void tk_note_no_target(const tk_common *common, const sc_targets *targets, size_t missing,
                       size_t groups, const char *columns)
{
    if (targets && missing)
        tk_note(common, "%zu of %zu group%s no target in %s: %s %s empty", missing, groups,
                groups == 1 ? " has" : "s have", sc_targets_name(targets), columns,
                strchr(columns, ' ') ? "are" : "is");
}
