/* spotcheck — what every tool shares: the option parser (input, output and
 * tool options from one table each), --help and the man page generated from
 * those tables, error reporting, exit codes and writing the result.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TOOL_H
#define SPOTCHECK_TOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "spotcheck/spotcheck.h"
#include "spotcheck/records.h"
#include "spotcheck/multi.h"
#include "spotcheck/twoprop.h"
#include "spotcheck/spc.h"
#include "spotcheck/series.h"
#include "spotcheck/vocab.h"
#include "spotcheck/targets.h"
#include "spotcheck/stratify.h"

/* Applies one option's value to the plan; returns SC_EINVAL with a message
 * for a bad value.  `value` is NULL for flags. */
typedef struct tk_opt tk_opt;
typedef sc_status (*tk_opt_apply)(void *plan, const tk_opt *opt, const char *value,
                                  sc_error *err);

/* How an option's value reaches the plan.  The first three need no code:
 * they store at `offset` in the plan (tool options) or in tk_common (the
 * input and output options). */
typedef enum tk_opt_kind {
    TK_OPT_FLAG,   /* sets a bool to true */
    TK_OPT_STRING, /* stores the (non-empty) argument in a const char * */
    TK_OPT_CHOICE, /* stores the index of the argument in `choices` in an int (or an enum
                      whose values are those indexes) */
    TK_OPT_PROBABILITY, /* stores a number in (0, 1), or a percentage, in a double */
    TK_OPT_COUNT,       /* stores a whole number >= 0 in a uint64_t */
    TK_OPT_NAME,   /* looks the argument up in `registry` (a name or an alias, registry.h) and
                      stores its row's index, the library's enum value, in that enum; a
                      value that names no row is refused with the registry's names */
    TK_OPT_FILE,   /* stores the path of a further input file (a targets file, an alias
                      list) in a const char *; "-" is standard input, which only one input
                      of a run may read */
    TK_OPT_OUT_FILE, /* stores the path of a file the tool writes beside its table (a chart,
                        an audit record) in a const char *; "-" is refused: standard output
                        holds the table */
    TK_OPT_CUSTOM  /* calls `apply` */
} tk_opt_kind;

/* One row per option. */
struct tk_opt {
    const char *name; /* long name without "--" */
    const char *arg;  /* placeholder such as "COL", or NULL for a flag */
    const char *help; /* one sentence; may mention the default */
    tk_opt_kind kind;
    size_t offset;
    const char *const *choices; /* TK_OPT_CHOICE: NULL-terminated */
    const sc_registry *registry; /* TK_OPT_NAME; on a TK_OPT_CUSTOM row, the names its
                                    `apply` takes, for shell completion */
    tk_opt_apply apply;         /* TK_OPT_CUSTOM */
    bool repeatable;            /* may be given more than once */
};

/* Option rows that several tools share, defined once here.  A tool opts in by
 * listing one in its table with the plan member the value goes to (and,
 * where the tools word it differently, its help sentence). */
#define TK_OPT_RATE(member)                                                                   \
    {.name = "rate", .arg = "WHICH", .kind = TK_OPT_CHOICE, .offset = (member),              \
     .choices = sc_rate_kind_names, .help = "pass (合格率, default) or fail (不合格率)"}
#define TK_OPT_LEVEL(member, text)                                                            \
    {.name = "level", .arg = "P", .kind = TK_OPT_PROBABILITY, .offset = (member), .help = (text)}
#define TK_HELP_LEVEL "confidence level of every interval (default 0.95)"
#define TK_OPT_METHOD(member, methods, text)                                                  \
    {.name = "method", .arg = "METHOD", .kind = TK_OPT_NAME, .registry = (methods),           \
     .offset = (member), .help = (text)}
#define TK_OPT_TARGET(member, text)                                                           \
    {.name = "target", .arg = "P", .kind = TK_OPT_PROBABILITY, .offset = (member),            \
     .help = (text)}
#define TK_OPT_TARGETS(member)                                                                \
    {.name = "targets", .arg = "FILE", .kind = TK_OPT_FILE, .offset = (member),               \
     .help = "a target per group from a CSV file: key columns named like the group columns "  \
             "(empty or * for any value; the most specific row wins), target, and optional "  \
             "direction (floor or ceiling), by_period, change, label"}
#define TK_OPT_SORT(member, orders, text)                                                     \
    {.name = "sort", .arg = "ORDER", .kind = TK_OPT_CHOICE, .offset = (member),              \
     .choices = (orders), .help = (text)}
#define TK_HELP_SORT "order groups by key, rate or n, ascending (default none: first appearance)"
#define TK_OPT_CURRENT(member)                                                                \
    {.name = "current", .arg = "PERIOD", .kind = TK_OPT_STRING, .offset = (member),          \
     .help = "the period to report on, e.g. 2024Q3 or 2024年第三季度 (required)"}
#define TK_OPT_REVERSE(member)                                                                \
    {.name = "reverse", .kind = TK_OPT_FLAG, .offset = (member),                              \
     .help = "reverse the --sort order"}

#define TK_OPT_ADJUST_FOR(member)                                                             \
    {.name = "adjust-for", .arg = "COLS", .kind = TK_OPT_STRING, .offset = (member),          \
     .help = "compare within strata of these columns (e.g. 产品类别): Mantel-Haenszel "        \
             "difference and odds ratio, CMH and Breslow-Day tests, standardised rates"}
#define TK_OPT_STANDARD(member)                                                               \
    {.name = "standard", .arg = "FILE", .kind = TK_OPT_FILE, .offset = (member),              \
     .help = "standard population of the standardised rates (with --adjust-for): a CSV with "  \
             "the --adjust-for columns and population (default: the pooled mix)"}

/* What a tool reads. */
typedef enum tk_input_kind {
    TK_INPUT_RECORDS, /* record or count files (FILE..., or standard input), with the input
                         options; the default */
    TK_INPUT_NONE,    /* nothing: a calculator; no FILE and no input options */
    TK_INPUT_TABLE    /* published tables read as printed (FILE..., or standard input): the
                         CSV options, --n, --pass, --fail and --by only (tk_table_option) */
} tk_input_kind;

/* A titled paragraph of the man page, after OPTIONS. */
typedef struct tk_man_section {
    const char *title;
    const char *text; /* paragraphs separated by blank lines; lines starting
                         with two spaces are shown verbatim */
} tk_man_section;

typedef struct tk_tool {
    const char *name;        /* "rate" */
    const char *summary;     /* one line for `spotcheck help` and NAME */
    const char *description; /* DESCRIPTION paragraphs */
    const tk_opt *options;   /* the tool's own options, ending with {0} */
    const tk_man_section *sections; /* ending with {0} */
    tk_input_kind input;     /* TK_INPUT_RECORDS unless set */
    bool no_chart;           /* draws no chart: no --plot, --render, --size, --font */
    const char *const *not_taken; /* further common options the tool does not take (a table
                                     of text: --digits), NULL-terminated, or NULL */
    const char *not_taken_why; /* said after "--X is not an option of TOOL" when one of
                                  those is given, or NULL */
    const char *exit_one;    /* what exit status 1 means for a tool that uses it, like
                                cmp(1) ("findings"), or NULL */
} tk_tool;

/* What every tool's plan starts with. */
typedef struct tk_common {
    sc_input_spec input;
    char **keys; /* --by, then any key parts the tool appends */
    size_t nkeys;
    size_t nby;  /* how many of keys came from --by; the period goes after them */
    sc_where *where;
    size_t nwhere;
    char **pass_values; /* NULL-terminated, or NULL */
    char **fail_values;
    const char **files;
    size_t nfiles;
    sc_output_opts output;
    bool format_given;
    const char *output_path; /* -o/--output, or NULL (or "-") for standard output */
    sc_output_encoding encoding; /* --output-encoding */
    char **columns;          /* --columns, NULL-terminated, or NULL: all */
    size_t ncolumns;
    const char *plot_path;   /* --plot FILE.gp, or NULL */
    const char *render_path; /* --render FILE.png|svg|pdf, or NULL */
    unsigned width, height;  /* --size, or 0 for the chart's default */
    const char *font;        /* --font, or NULL for the chart's default */
    const char *program;     /* "spotcheck-rate" */
    bool need_rows; /* set by the tool: no rows left by --where is an error, not a note */
} tk_common;

/* Parses argv into `common` and the tool's `plan` (which starts with an
 * tk_common, so both pointers may be the same object).  Handles --help,
 * --version and --man itself by printing and exiting with 0.  On a usage
 * error prints the message and exits with 64. */
void tk_parse(const tk_tool *info, int argc, char **argv, tk_common *common,
                   void *plan);

/* Prints a usage error with the hint to --help and exits with 64. */
_Noreturn void tk_usage_error(const tk_common *common, const char *message);

/* The --current period (rolled up to --per), or a usage error (exit 64)
 * naming the option for one that does not parse. */
sc_period tk_current(const tk_common *common, const char *text);

/* Adds a key column after the --by columns (e.g. the enterprise column). */
void tk_add_key(tk_common *common, const char *column);

/* Adds the columns of a comma-separated list as key columns (tk_add_key),
 * e.g. --strata or --adjust-for; returns how many.  An empty name is a
 * usage error (exit 64). */
size_t tk_add_key_list(tk_common *common, const char *list);

/* Reads a population file (stratify.h P1-P3; NULL path: *out = NULL) for
 * the key: the --by columns, the period, then the other key columns, of
 * which the last `nstrata` are the strata; the outer columns are the rest,
 * or none with strata_only (a standard population, --standard).  Errors as
 * sc_population_read (exit 65 with the place).  Caller frees *out. */
sc_status tk_read_population(const tk_common *common, const char *path, size_t nstrata,
                             bool strata_only, sc_population **out, sc_error *err);

/* Whether the header of the first input FILE (read as the tool reads it)
 * has a column named `name`: 1 yes, 0 no (also without a header), -1 not
 * known (standard input, which cannot be read twice, or no input that
 * opens; the read reports that). */
int tk_input_has_column(const tk_common *common, const char *name);

/* Prints "program: message" (with file:line when known) to stderr and
 * returns the exit code for the error's status; an error still SC_OK (a call
 * that failed without saying why) is an internal error, 70. */
int tk_fail(const tk_common *common, const sc_error *err);

/* Prints "program: TEXT" and a newline on stderr, TEXT made from format
 * and escaped by sc_escape_text (the one way a tool prints a message that
 * may quote data or option values). */
void tk_say(const char *program, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Prints "program: note: MESSAGE" on stderr: something a reader of the result
 * should know that the table cannot say (groups left out of a total, a fit
 * that cannot estimate its over-dispersion). */
void tk_note(const tk_common *common, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads the inputs into `groups` with the common input options; on
 * --skip-bad reports rows read, used and skipped on stderr.  Says on stderr
 * how many total rows (合计, Total) it left out, and a --where that matched
 * no row, with the values the column holds (a value in another case, the
 * last period): a note, or with need_rows an SC_EDATA error when no row
 * was used. */
sc_status tk_read(tk_common *common, sc_groups *groups, sc_read_stats *stats,
                       sc_error *err);

/* Writes the tables to standard output or, with --output, to a temporary
 * file renamed into place once complete. */
sc_status tk_write(const tk_common *common, const sc_named_table *tables, size_t ntables,
                        const sc_meta *meta, sc_error *err);

/* A tool with several tables and --table: json and xlsx write them all
 * (json one object, xlsx a sheet each), the other formats tables[chosen]. */
sc_status tk_write_tables(const tk_common *common, const sc_named_table *tables, size_t ntables,
                          size_t chosen, const sc_meta *meta, sc_error *err);

/* Whether words written into cells (verdicts, signals, periods) should be
 * Chinese: --lang zh with a human format (table, md); csv, tsv and json keep
 * the stable English words. */
bool tk_words_zh(const tk_common *common);

/* The word to write in a cell for one of the stable English words of the
 * tools (funnel places, test, method, model and condition names, yes/no):
 * its Chinese when tk_words_zh, else `word` itself, as it is also for
 * a word without a translation.  Static strings. */
const char *tk_word(const tk_common *common, const char *word);

/* Whether -o names a file: not given, or "-" (as a FILE "-" is standard
 * input), it is standard output. */
bool tk_output_file(const tk_common *common);

/* Whether --plot or --render asks for a chart. */
bool tk_wants_chart(const tk_common *common);

/* Applies the chart options (--lang, --font, --size) to `chart`, which holds
 * its data and texts, then writes its script to --plot and renders it to
 * --render.  The script draws the --render file, or without --render
 * FILE.png beside FILE.gp.  Both files are written whole or not at all.  SC_EUNAVAILABLE
 * (exit 69) when gnuplot cannot be run for --render. */
sc_status tk_chart(const tk_common *common, sc_chart *chart, sc_error *err);

/* The json meta object of a tool's run. */
sc_meta tk_meta(const tk_common *common, const char *tool, const sc_read_stats *stats,
                     const sc_kv *options, size_t noptions);

/* --targets FILE: a usage error (exit 64) beside a single --target T (not
 * NaN).  Call after tk_parse. */
void tk_check_targets(const tk_common *common, const char *path, double target);

/* Reads the --targets file `path` (NULL: *out = NULL, nothing to read) with
 * the input's --encoding; errors as sc_targets_read (exit 65 with the
 * place).  Caller frees *out with sc_targets_free. */
sc_status tk_read_targets(const tk_common *common, const char *path, sc_targets **out,
                          sc_error *err);

/* The note for `missing` groups of `groups` without a target in the file
 * (nothing when none is missing), naming the empty `columns` ("target and
 * verdict"). */
void tk_note_no_target(const tk_common *common, const sc_targets *targets, size_t missing,
                       size_t groups, const char *columns);

/* Frees what tk_parse allocated. */
void tk_free(tk_common *common);

/* Helpers for option handlers. */
sc_status tk_parse_probability(const char *option, const char *value, double *out, sc_error *err);

#endif
