/* spotcheck — the findings of spotcheck check: a published table's counts,
 * rates, totals and changes against each other (sc_check_table).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (issue 12; the checks are listed at sc_check_table in analysis.h):
 *  1. Numbers are compared as printed: a rate's decimals are those of its
 *     text ("3.0" has one), and every comparison is integer arithmetic
 *     (decimal.h: sc_printed_parse, sc_decimal_ratio), never a double.
 *  2. A printed rate p with d decimals agrees with counts x/n when p is
 *     x/n x 100 (x 1 for fractions) rounded half-up (四舍五入) to d
 *     decimals.  When it does not, the note names the usual causes that give
 *     p: truncation, round-half-even, the other rate (unqualified for pass);
 *     a rounding rule alone (truncation, half-even) is a warning.
 *  3. The counted x of a rate is the count of its own kind (passed for the
 *     pass rate, unqualified for the unqualified rate) when that column is
 *     printed and valid, else n minus the other count.
 *  4. Rates-only rows (n and a rate, no valid count): the counts x with
 *     half-up(x/n) = p form a range (x/n rises with x, so a range); it is
 *     reported as info, or, when empty, as impossible-rate with the two
 *     printable rates nearest to p.
 *  5. A row is a total row when one of its label cells is a total label.
 *     Blocks are the rows of one file with equal --within cells; in each,
 *     every total row's n, passed and failed are compared with the sums over
 *     the block's other rows (a column is summed only when every part
 *     prints a valid count), and its printed rate with the pooled parts'
 *     rate, unless its own counts are the sums (then the rate check of the
 *     row itself has said it).
 *  6. A printed change c (decimals dc) of rate r (dr) against baseline b
 *     (db) is consistent when |c - (r - b)| <= (10^-dr + 10^-db + 10^-dc) / 2:
 *     each printed number may be off by half a unit of its last digit.  The
 *     baseline is the row's --baseline-rate cell, or without that column the
 *     printed rate of the previous row of the block.
 *  7. Rates are percentages or fractions per sc_check_opts.scale (a cell with
 *     % is always a percentage); a change is in the unit of the rates
 *     (percentage points for percentages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "decimal.h"
#include "spotcheck/analysis.h"
#include "spotcheck/records.h"

__extension__ typedef __int128 i128;

const char *const sc_check_scale_names[] = {"auto", "percent", "fraction", NULL};

void sc_check_opts_init(sc_check_opts *opts)
{
    *opts = (sc_check_opts){.kind = SC_RATE_PASS, .scale = SC_CHECK_SCALE_AUTO};
}

/* ---- findings ------------------------------------------------------------------ */

typedef enum severity { SEV_ERROR, SEV_WARNING, SEV_INFO } severity;
static const char *const severity_names[] = {"error", "warning", "info"};

typedef struct finding {
    size_t row;  /* index of the row it is about */
    size_t file; /* and its place, for the order of the table */
    unsigned long long line;
    size_t seq; /* order of finding, for a stable sort */
    const char *check;
    sc_check_field field;
    char printed[64];
    char implied[96];
    severity level;
    char note[512];
} finding;

typedef struct checker {
    const sc_check_input *in;
    const sc_check_opts *opts;
    bool zh;
    bool percent; /* the column scale (contract 7) */
    finding *list;
    size_t count, capacity;
    sc_check_summary *summary;
} checker;

static finding *add(checker *c, size_t row, const char *check, sc_check_field field,
                    severity level)
{
    if (c->count == c->capacity) {
        size_t capacity = c->capacity ? 2 * c->capacity : 32;
        finding *list = sc_realloc(c->list, capacity * sizeof *list);
        if (!list)
            return NULL;
        c->list = list;
        c->capacity = capacity;
    }
    finding *f = &c->list[c->count];
    *f = (finding){.row = row,
                   .file = c->in->rows[row].file,
                   .line = c->in->rows[row].line,
                   .seq = c->count,
                   .check = check,
                   .field = field,
                   .level = level};
    c->count++;
    if (level == SEV_ERROR)
        c->summary->errors++;
    else if (level == SEV_WARNING)
        c->summary->warnings++;
    else
        c->summary->infos++;
    return f;
}

/* English or Chinese, as the cells' words go. */
static const char *say(const checker *c, const char *en, const char *zh)
{
    return c->zh ? zh : en;
}

/* snprintf with the English or the Chinese format, both checked by the compiler. */
#define SAY_PRINTF(c, buf, size, format_en, format_zh, ...)                                      \
    ((c)->zh ? snprintf(buf, size, format_zh, __VA_ARGS__)                                        \
             : snprintf(buf, size, format_en, __VA_ARGS__))

static void put_text(char *buf, size_t size, const char *text)
{
    snprintf(buf, size, "%s", text ? text : "");
}

/* ---- numbers --------------------------------------------------------------------- */

/* A count as printed: digits, optionally grouped by commas in threes
 * ("183,408"). */
typedef enum count_state { COUNT_NONE, COUNT_OK, COUNT_BAD, COUNT_NEGATIVE, COUNT_LARGE } count_state;

static count_state parse_count(const char *cell, uint64_t *out)
{
    if (!cell)
        return COUNT_NONE;
    const char *p = cell;
    if (*p == '-' || strncmp(p, "\xe2\x88\x92", 3) == 0) {
        sc_printed number;
        return sc_printed_parse(cell, strlen(cell), &number) ? COUNT_NEGATIVE : COUNT_BAD;
    }
    if (*p == '+')
        p++;
    uint64_t value = 0;
    size_t digits = 0, group = 0;
    bool grouped = false;
    for (; *p; p++) {
        if (*p == ',') {
            if ((grouped && group != 3) || (!grouped && (group == 0 || group > 3)))
                return COUNT_BAD;
            grouped = true;
            group = 0;
            continue;
        }
        if (*p < '0' || *p > '9')
            return COUNT_BAD;
        if (value > (SC_COUNT_MAX - 9) / 10)
            return COUNT_LARGE;
        value = value * 10 + (uint64_t)(*p - '0');
        digits++;
        group++;
    }
    if (digits == 0 || (grouped && group != 3))
        return COUNT_BAD;
    *out = value;
    return COUNT_OK;
}

/* A printed rate on the scale of percent (contract 7): mantissa and
 * decimals of its value in percent. */
typedef struct rate_value {
    sc_printed text;
    bool percent;
} rate_value;

static bool parse_rate(const checker *c, const char *cell, rate_value *out)
{
    if (!cell || !sc_printed_parse(cell, strlen(cell), &out->text))
        return false;
    out->percent = out->text.percent || c->percent;
    return true;
}

/* The exponent of sc_decimal_ratio for a rate with these decimals. */
static int ratio_exponent(const rate_value *rate)
{
    return rate->text.digits + (rate->percent ? 2 : 0);
}

/* The rate x/n at the decimals of `like`, half-up (or `rounding`), as text
 * with its % sign when `like` has one. */
static void rate_text(const rate_value *like, uint64_t x, uint64_t n, sc_ratio_rounding rounding,
                      char *buf, size_t size)
{
    uint64_t value = sc_decimal_ratio(x, n, ratio_exponent(like), rounding);
    size_t len = sc_decimal_scaled(false, value, like->text.digits, buf, size);
    if (like->text.percent && len + 1 < size)
        strcat(buf, "%");
}

static const char *counted_word(const checker *c, sc_rate_kind kind)
{
    return kind == SC_RATE_PASS ? say(c, "passed", "合格批次") : say(c, "unqualified", "不合格批次");
}

/* Contract 2: the note on a printed rate that the counts do not give, and
 * whether a rounding rule explains it. */
static bool explain_rate(const checker *c, const rate_value *rate, uint64_t x, uint64_t n,
                         char *note, size_t size)
{
    int e = ratio_exponent(rate);
    uint64_t printed = rate->text.mantissa;
    size_t len = (size_t)snprintf(note, size, "%llu/%llu", (unsigned long long)x,
                                  (unsigned long long)n);
    bool rounding_rule = false;
    struct {
        bool holds;
        const char *en, *zh;
        bool rule;
    } causes[] = {
        {sc_decimal_ratio(x, n, e, SC_RATIO_TRUNCATE) == printed, "truncated, not rounded",
         "截尾而非四舍五入", true},
        {sc_decimal_ratio(x, n, e, SC_RATIO_HALF_EVEN) == printed, "rounded half-even",
         "按四舍六入五成双修约", true},
        {sc_decimal_ratio(n - x, n, e, SC_RATIO_HALF_UP) == printed,
         c->opts->kind == SC_RATE_PASS ? "the unqualified rate of the counts"
                                       : "the pass rate of the counts",
         c->opts->kind == SC_RATE_PASS ? "为计数的不合格率" : "为计数的合格率", false},
    };
    for (size_t i = 0; i < sizeof causes / sizeof causes[0]; i++) {
        if (!causes[i].holds || rate->text.negative)
            continue;
        rounding_rule |= causes[i].rule;
        if (len < size)
            len += (size_t)snprintf(note + len, size - len, "%s%s", say(c, "; ", "；"),
                                    say(c, causes[i].en, causes[i].zh));
    }
    return rounding_rule;
}

/* ---- the checks of one row ---------------------------------------------------- */

typedef struct row_counts {
    count_state state[3]; /* n, passed, failed */
    uint64_t value[3];
    bool have_x;  /* contract 3 */
    uint64_t x, n;
} row_counts;

static sc_status check_counts(checker *c, size_t r, row_counts *k)
{
    const sc_check_row *row = &c->in->rows[r];
    for (int f = SC_CHECK_N; f <= SC_CHECK_FAILED; f++) {
        k->state[f] = parse_count(row->cells[f], &k->value[f]);
        if (k->state[f] == COUNT_NONE || k->state[f] == COUNT_OK)
            continue;
        finding *out = add(c, r, "count", (sc_check_field)f, SEV_ERROR);
        if (!out)
            return SC_ENOMEM;
        put_text(out->printed, sizeof out->printed, row->cells[f]);
        put_text(out->note, sizeof out->note,
                 k->state[f] == COUNT_NEGATIVE ? say(c, "negative", "为负数")
                 : k->state[f] == COUNT_LARGE  ? say(c, "too large (above 2^53)", "过大（超过2^53）")
                                               : say(c, "not a whole number", "不是整数"));
    }
    bool n_ok = k->state[SC_CHECK_N] == COUNT_OK;
    for (int f = SC_CHECK_PASSED; n_ok && f <= SC_CHECK_FAILED; f++) {
        if (k->state[f] != COUNT_OK || k->value[f] <= k->value[SC_CHECK_N])
            continue;
        finding *out = add(c, r, "count", (sc_check_field)f, SEV_ERROR);
        if (!out)
            return SC_ENOMEM;
        put_text(out->printed, sizeof out->printed, row->cells[f]);
        snprintf(out->implied, sizeof out->implied, "<= %llu",
                 (unsigned long long)k->value[SC_CHECK_N]);
        SAY_PRINTF(c, out->note, sizeof out->note, "above n (%s)", "大于批次数 (%s)",
                 row->cells[SC_CHECK_N]);
        k->state[f] = COUNT_BAD; /* not a count of this row */
    }
    if (n_ok && k->state[SC_CHECK_PASSED] == COUNT_OK && k->state[SC_CHECK_FAILED] == COUNT_OK &&
        k->value[SC_CHECK_PASSED] + k->value[SC_CHECK_FAILED] != k->value[SC_CHECK_N]) {
        finding *out = add(c, r, "counts", SC_CHECK_N, SEV_ERROR);
        if (!out)
            return SC_ENOMEM;
        uint64_t sum = k->value[SC_CHECK_PASSED] + k->value[SC_CHECK_FAILED];
        put_text(out->printed, sizeof out->printed, row->cells[SC_CHECK_N]);
        snprintf(out->implied, sizeof out->implied, "%llu", (unsigned long long)sum);
        SAY_PRINTF(c, out->note, sizeof out->note, "passed + failed = %s + %s", "合格 + 不合格 = %s + %s",
                 row->cells[SC_CHECK_PASSED], row->cells[SC_CHECK_FAILED]);
    }
    k->n = k->value[SC_CHECK_N];
    sc_check_field own = c->opts->kind == SC_RATE_PASS ? SC_CHECK_PASSED : SC_CHECK_FAILED;
    sc_check_field other = own == SC_CHECK_PASSED ? SC_CHECK_FAILED : SC_CHECK_PASSED;
    if (n_ok && k->state[own] == COUNT_OK) {
        k->have_x = true;
        k->x = k->value[own];
    } else if (n_ok && k->state[other] == COUNT_OK) {
        k->have_x = true;
        k->x = k->n - k->value[other];
    }
    return SC_OK;
}

/* Contract 2: a printed rate against counts x/n (the row's, or a block's
 * pooled parts for check "total-rate"). */
static sc_status check_rate_against(checker *c, size_t r, const char *check, const rate_value *rate,
                                    uint64_t x, uint64_t n, const char *prefix, const char *cause)
{
    if (!rate->text.negative &&
        sc_decimal_ratio(x, n, ratio_exponent(rate), SC_RATIO_HALF_UP) == rate->text.mantissa)
        return SC_OK;
    char note[256];
    bool rule = explain_rate(c, rate, x, n, note, sizeof note);
    finding *out = add(c, r, check, SC_CHECK_RATE, rule ? SEV_WARNING : SEV_ERROR);
    if (!out)
        return SC_ENOMEM;
    put_text(out->printed, sizeof out->printed, c->in->rows[r].cells[SC_CHECK_RATE]);
    rate_text(rate, x, n, SC_RATIO_HALF_UP, out->implied, sizeof out->implied);
    snprintf(out->note, sizeof out->note, "%s%s%s%s", prefix, note,
             cause ? say(c, "; ", "；") : "", cause ? cause : "");
    return SC_OK;
}

/* Contract 4: the counts of a rates-only row that give its printed rate. */
static sc_status check_range(checker *c, size_t r, const rate_value *rate, uint64_t n)
{
    uint64_t first, last;
    bool found = sc_decimal_ratio_range(n, ratio_exponent(rate), rate->text.mantissa, &first,
                                        &last);
    const char *cell = c->in->rows[r].cells[SC_CHECK_RATE];
    if (found && !rate->text.negative) {
        finding *out = add(c, r, "range", SC_CHECK_RATE, SEV_INFO);
        if (!out)
            return SC_ENOMEM;
        put_text(out->printed, sizeof out->printed, cell);
        if (first == last)
            snprintf(out->implied, sizeof out->implied, "%llu", (unsigned long long)first);
        else
            snprintf(out->implied, sizeof out->implied, "%llu\xe2\x80\x93%llu",
                     (unsigned long long)first, (unsigned long long)last);
        SAY_PRINTF(c, out->note, sizeof out->note, "%s %s of %llu", "%s %s（共 %llu 批次）",
                 counted_word(c, c->opts->kind), out->implied, (unsigned long long)n);
        return SC_OK;
    }
    finding *out = add(c, r, "impossible-rate", SC_CHECK_RATE, SEV_ERROR);
    if (!out)
        return SC_ENOMEM;
    put_text(out->printed, sizeof out->printed, cell);
    char below[48] = "", above[48] = "";
    if (first > 0 && !rate->text.negative)
        rate_text(rate, first - 1, n, SC_RATIO_HALF_UP, below, sizeof below);
    if (first <= n && !rate->text.negative)
        rate_text(rate, first, n, SC_RATIO_HALF_UP, above, sizeof above);
    snprintf(out->implied, sizeof out->implied, "%s%s%s", below,
             below[0] && above[0] ? say(c, " or ", " 或 ") : "", above);
    SAY_PRINTF(c, out->note, sizeof out->note, "no whole number of %llu batches gives %s",
               "%llu 批次中没有整数批次得到 %s", (unsigned long long)n, cell);
    return SC_OK;
}

static sc_status check_rate(checker *c, size_t r, const row_counts *k)
{
    const char *cell = c->in->rows[r].cells[SC_CHECK_RATE];
    if (!cell)
        return SC_OK;
    rate_value rate;
    bool readable = parse_rate(c, cell, &rate);
    bool inside = readable && !(rate.text.negative && rate.text.mantissa > 0);
    if (inside) {
        /* at most 100% (or 1) */
        uint64_t one = 1;
        for (int i = 0; i < ratio_exponent(&rate); i++)
            one *= 10;
        inside = rate.text.mantissa <= one;
    }
    if (!inside) {
        finding *out = add(c, r, "rate", SC_CHECK_RATE, SEV_ERROR);
        if (!out)
            return SC_ENOMEM;
        put_text(out->printed, sizeof out->printed, cell);
        put_text(out->note, sizeof out->note,
                 !readable ? say(c, "not a number", "不是数值")
                           : rate.percent ? say(c, "outside 0-100%", "超出 0-100%")
                                          : say(c, "outside 0-1", "超出 0-1"));
        return SC_OK;
    }
    if (k->state[SC_CHECK_N] != COUNT_OK || k->n == 0)
        return SC_OK;
    if (k->have_x)
        return check_rate_against(c, r, "rate", &rate, k->x, k->n, "", NULL);
    bool counts_printed = k->state[SC_CHECK_PASSED] != COUNT_NONE ||
                          k->state[SC_CHECK_FAILED] != COUNT_NONE;
    return counts_printed ? SC_OK : check_range(c, r, &rate, k->n);
}

/* ---- changes (contract 6) ---------------------------------------------------------- */

/* value x 10^digits as a signed integer on the percent scale at `digits`
 * decimals (>= the value's own, after the shift); false on overflow. */
static bool scaled_to(const rate_value *v, bool as_percent, int digits, i128 *out)
{
    int own = v->text.digits - (as_percent && !v->percent ? 2 : 0);
    if (!as_percent && v->percent)
        own += 2;
    i128 value = (i128)v->text.mantissa;
    for (int i = own; i < digits; i++)
        value *= 10;
    *out = v->text.negative ? -value : value;
    return own <= digits;
}

static int own_digits(const rate_value *v, bool as_percent)
{
    int own = v->text.digits;
    if (as_percent && !v->percent)
        own -= 2;
    if (!as_percent && v->percent)
        own += 2;
    return own < 0 ? 0 : own;
}

static i128 pow10_128(int e)
{
    i128 value = 1;
    while (e-- > 0)
        value *= 10;
    return value;
}

static sc_status check_change(checker *c, size_t r, size_t baseline_row)
{
    const sc_check_row *row = &c->in->rows[r];
    const char *change_cell = row->cells[SC_CHECK_CHANGE];
    const char *base_cell = baseline_row == r ? row->cells[SC_CHECK_BASELINE]
                                              : c->in->rows[baseline_row].cells[SC_CHECK_RATE];
    rate_value rate, base, change;
    if (!change_cell || !row->cells[SC_CHECK_RATE] || !base_cell ||
        !parse_rate(c, row->cells[SC_CHECK_RATE], &rate) || !parse_rate(c, base_cell, &base))
        return SC_OK;
    if (!parse_rate(c, change_cell, &change)) {
        finding *out = add(c, r, "change", SC_CHECK_CHANGE, SEV_ERROR);
        if (!out)
            return SC_ENOMEM;
        put_text(out->printed, sizeof out->printed, change_cell);
        put_text(out->note, sizeof out->note, say(c, "not a number", "不是数值"));
        return SC_OK;
    }
    bool percent = rate.percent || base.percent;
    change.percent = percent; /* a change is in the rates' unit (pp) */
    int dr = own_digits(&rate, percent), db = own_digits(&base, percent),
        dc = own_digits(&change, percent);
    int digits = dr > db ? dr : db;
    digits = dc > digits ? dc : digits;
    i128 R, B, C;
    scaled_to(&rate, percent, digits, &R);
    scaled_to(&base, percent, digits, &B);
    scaled_to(&change, percent, digits, &C);
    i128 diff = R - B, off = C - diff;
    if (off < 0)
        off = -off;
    i128 tolerance = pow10_128(digits - dr) + pow10_128(digits - db) + pow10_128(digits - dc);
    if (2 * off <= tolerance)
        return SC_OK;
    finding *out = add(c, r, "change", SC_CHECK_CHANGE, SEV_ERROR);
    if (!out)
        return SC_ENOMEM;
    put_text(out->printed, sizeof out->printed, change_cell);
    i128 magnitude = diff < 0 ? -diff : diff;
    char text[48];
    sc_decimal_scaled(diff < 0, (uint64_t)magnitude, digits, text, sizeof text);
    snprintf(out->implied, sizeof out->implied, "%s%s", diff > 0 ? "+" : "", text);
    int len;
    if (baseline_row == r)
        len = snprintf(out->note, sizeof out->note, "%s - %s = %s", row->cells[SC_CHECK_RATE],
                       base_cell, out->implied);
    else
        len = SAY_PRINTF(c, out->note, sizeof out->note, "%s - %s (line %llu) = %s", "%s - %s（第 %llu 行）= %s",
                       row->cells[SC_CHECK_RATE], base_cell, c->in->rows[baseline_row].line,
                       out->implied);
    if (C == -diff && diff != 0 && len > 0 && (size_t)len < sizeof out->note)
        snprintf(out->note + len, sizeof out->note - (size_t)len, "%s",
                 say(c, "; the sign is reversed", "；符号相反"));
    return SC_OK;
}

/* ---- totals and blocks (contract 5) ------------------------------------------- */

static bool label_is_total(const checker *c, const char *cell)
{
    if (!c->opts->total_labels)
        return sc_total_label(cell, strlen(cell)) != NULL;
    char squeezed[256];
    size_t len = 0;
    for (const char *p = cell; *p && len + 1 < sizeof squeezed; p++)
        if (*p != ' ' && *p != '\t')
            squeezed[len++] = *p;
    squeezed[len] = '\0';
    for (size_t i = 0; i < c->opts->ntotal_labels; i++) {
        const char *label = c->opts->total_labels[i];
        char want[256];
        size_t wlen = 0;
        for (const char *p = label; *p && wlen + 1 < sizeof want; p++)
            if (*p != ' ' && *p != '\t')
                want[wlen++] = *p;
        want[wlen] = '\0';
        if (strcasecmp(squeezed, want) == 0)
            return true;
    }
    return false;
}

static bool is_total(const checker *c, size_t r)
{
    const sc_check_row *row = &c->in->rows[r];
    for (size_t k = 0; k < c->in->nlabels; k++)
        if (label_is_total(c, row->labels[k]))
            return true;
    return false;
}

static bool same_block(const sc_check_input *in, size_t a, size_t b)
{
    const sc_check_row *x = &in->rows[a], *y = &in->rows[b];
    if (x->file != y->file)
        return false;
    for (size_t k = 0; k < in->nwithin; k++)
        if (strcmp(x->within[k], y->within[k]) != 0)
            return false;
    return true;
}

/* Whether `total` is the unweighted mean of the parts' printed rates (all of
 * them printed), rounded half-up at its decimals: the usual mistake of a
 * total rate that is not pooled. */
static bool mean_of_parts(const checker *c, size_t first, const bool *total, const bool *in_block,
                          const rate_value *rate)
{
    const sc_check_input *in = c->in;
    int digits = 0;
    size_t parts = 0;
    rate_value values[2];
    for (size_t r = first; r < in->nrows; r++) {
        if (!in_block[r] || total[r])
            continue;
        if (!parse_rate(c, in->rows[r].cells[SC_CHECK_RATE], &values[0]) ||
            values[0].text.negative)
            return false;
        int own = own_digits(&values[0], rate->percent);
        digits = own > digits ? own : digits;
        parts++;
    }
    if (parts == 0 || digits > SC_PRINTED_DIGITS_MAX)
        return false;
    i128 sum = 0, value;
    for (size_t r = first; r < in->nrows; r++) {
        if (!in_block[r] || total[r])
            continue;
        parse_rate(c, in->rows[r].cells[SC_CHECK_RATE], &values[1]);
        scaled_to(&values[1], rate->percent, digits, &value);
        sum += value;
    }
    if (sum >= (i128)SC_FRACTION_MAX)
        return false;
    int shown = own_digits(rate, rate->percent);
    uint64_t mean = shown >= digits
                        ? sc_decimal_ratio((uint64_t)sum, parts, shown - digits, SC_RATIO_HALF_UP)
                        : sc_decimal_ratio((uint64_t)sum, parts * (uint64_t)pow10_128(digits - shown),
                                           0, SC_RATIO_HALF_UP);
    return mean == rate->text.mantissa && !rate->text.negative;
}

/* The total rows of the block of row `first` (its first row) against its parts. */
static sc_status check_block(checker *c, size_t first, const bool *total, const row_counts *counts,
                             const bool *in_block)
{
    const sc_check_input *in = c->in;
    size_t parts = 0;
    bool have_sum[3] = {true, true, true};
    uint64_t sum[3] = {0, 0, 0};
    bool pooled = true;
    uint64_t pooled_x = 0, pooled_n = 0;
    for (size_t r = first; r < in->nrows; r++) {
        if (!in_block[r] || total[r])
            continue;
        parts++;
        for (int f = SC_CHECK_N; f <= SC_CHECK_FAILED; f++) {
            have_sum[f] &= counts[r].state[f] == COUNT_OK && sum[f] <= SC_COUNT_MAX - counts[r].value[f];
            if (have_sum[f])
                sum[f] += counts[r].value[f];
        }
        pooled &= counts[r].have_x && pooled_n <= SC_COUNT_MAX - counts[r].n;
        if (pooled) {
            pooled_x += counts[r].x;
            pooled_n += counts[r].n;
        }
    }
    if (parts == 0)
        return SC_OK;
    bool any_total = false;
    for (size_t r = first; r < in->nrows; r++) {
        if (!in_block[r] || !total[r])
            continue;
        any_total = true;
        const row_counts *k = &counts[r];
        bool sums_agree = true;
        for (int f = SC_CHECK_N; f <= SC_CHECK_FAILED; f++) {
            if (!in->column_names[f] || !have_sum[f] || k->state[f] != COUNT_OK) {
                sums_agree &= !in->column_names[f] || k->state[f] == COUNT_NONE;
                continue;
            }
            if (k->value[f] == sum[f])
                continue;
            sums_agree = false;
            finding *out = add(c, r, "total", (sc_check_field)f, SEV_ERROR);
            if (!out)
                return SC_ENOMEM;
            put_text(out->printed, sizeof out->printed, in->rows[r].cells[f]);
            snprintf(out->implied, sizeof out->implied, "%llu", (unsigned long long)sum[f]);
            SAY_PRINTF(c, out->note, sizeof out->note, "sum of %zu rows", "%zu 行之和", parts);
        }
        rate_value rate;
        const char *cell = in->rows[r].cells[SC_CHECK_RATE];
        bool own_rate_checked = k->have_x && sums_agree;
        if (pooled && pooled_n > 0 && !own_rate_checked && parse_rate(c, cell, &rate)) {
            char prefix[64];
            SAY_PRINTF(c, prefix, sizeof prefix, "pooled over %zu rows: ", "%zu 行合并：",
                     parts);
            const char *mean = mean_of_parts(c, first, total, in_block, &rate)
                                   ? say(c, "the mean of the rows' rates, not pooled",
                                         "为各行比率的简单平均，未按批次合并")
                                   : NULL;
            sc_status s = check_rate_against(c, r, "total-rate", &rate, pooled_x, pooled_n,
                                             prefix, mean);
            if (s != SC_OK)
                return s;
        }
    }
    if (any_total)
        c->summary->blocks++;
    return SC_OK;
}

/* ---- the table ---------------------------------------------------------------------- */

/* Contract 7: the scale of the rate and baseline columns. */
static bool rates_in_percent(const sc_check_input *in, const sc_check_opts *opts, bool *guessed)
{
    *guessed = false;
    if (opts->scale != SC_CHECK_SCALE_AUTO)
        return opts->scale == SC_CHECK_SCALE_PERCENT;
    bool seen = false;
    for (size_t r = 0; r < in->nrows; r++)
        for (int f = SC_CHECK_RATE; f <= SC_CHECK_BASELINE; f += SC_CHECK_BASELINE - SC_CHECK_RATE) {
            sc_printed v;
            const char *cell = in->rows[r].cells[f];
            if (!cell || !sc_printed_parse(cell, strlen(cell), &v))
                continue;
            seen = true;
            uint64_t one = 1;
            for (int i = 0; i < v.digits; i++)
                one *= 10;
            if (v.percent || v.mantissa > one)
                return true;
        }
    *guessed = seen;
    return false;
}

static int by_place(const void *a, const void *b)
{
    const finding *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static sc_status build_table(const checker *c, sc_table **out, sc_error *err)
{
    const sc_check_input *in = c->in;
    sc_table *t = sc_table_new();
    if (!t)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_status s = sc_table_add_column(t, "file", "文件", SC_COL_STRING);
    if (s == SC_OK)
        s = sc_table_add_column(t, "line", "行", SC_COL_COUNT);
    for (size_t k = 0; s == SC_OK && k < in->nwithin; k++)
        s = sc_table_add_column(t, in->within_names[k], NULL, SC_COL_STRING);
    for (size_t k = 0; s == SC_OK && k < in->nlabels; k++)
        s = sc_table_add_column(t, in->label_names[k], NULL, SC_COL_STRING);
    static const struct {
        const char *name, *zh;
    } columns[] = {{"check", "检查"},   {"column", "列"},       {"printed", "公布值"},
                   {"implied", "推算值"}, {"severity", "严重程度"}, {"note", "说明"}};
    for (size_t i = 0; s == SC_OK && i < sizeof columns / sizeof columns[0]; i++)
        s = sc_table_add_column(t, columns[i].name, columns[i].zh, SC_COL_STRING);
    size_t base = 2 + in->nwithin + in->nlabels;
    sc_lang words = c->opts->words;
    for (size_t i = 0; s == SC_OK && i < c->count; i++) {
        const finding *f = &c->list[i];
        const sc_check_row *row = &in->rows[f->row];
        size_t at;
        s = sc_table_add_row(t, &at);
        if (s == SC_OK)
            s = sc_table_set_string(t, at, 0, in->files[row->file]);
        if (s == SC_OK)
            s = sc_table_set_count(t, at, 1, row->line);
        for (size_t k = 0; s == SC_OK && k < in->nwithin; k++)
            s = sc_table_set_string(t, at, 2 + k, row->within[k]);
        for (size_t k = 0; s == SC_OK && k < in->nlabels; k++)
            s = sc_table_set_string(t, at, 2 + in->nwithin + k, row->labels[k]);
        const char *cells[] = {sc_word(words, f->check), in->column_names[f->field],
                               f->printed[0] ? f->printed : NULL,
                               f->implied[0] ? f->implied : NULL,
                               sc_word(words, severity_names[f->level]),
                               f->note[0] ? f->note : NULL};
        for (size_t k = 0; s == SC_OK && k < sizeof cells / sizeof cells[0]; k++)
            s = sc_table_set_string(t, at, base + k, cells[k]);
    }
    if (s != SC_OK) {
        sc_table_free(t);
        return sc_error_set(err, s, NULL, 0, "%s", sc_strerror(s));
    }
    *out = t;
    return SC_OK;
}

sc_status sc_check_table(const sc_check_input *in, const sc_check_opts *opts, sc_table **out,
                         sc_check_summary *summary, sc_error *err)
{
    *out = NULL;
    *summary = (sc_check_summary){.rows = in->nrows};
    checker c = {.in = in, .opts = opts, .zh = opts->words == SC_LANG_ZH, .summary = summary};
    c.percent = rates_in_percent(in, opts, &summary->guessed_fraction);
    summary->percent = c.percent;
    size_t nrows = in->nrows ? in->nrows : 1;
    row_counts *counts = sc_calloc(nrows, sizeof *counts);
    bool *total = sc_calloc(nrows, sizeof *total);
    bool *in_block = sc_calloc(nrows, sizeof *in_block);
    bool *block_done = sc_calloc(nrows, sizeof *block_done);
    sc_status s = counts && total && in_block && block_done ? SC_OK : SC_ENOMEM;
    for (size_t r = 0; s == SC_OK && r < in->nrows; r++) {
        total[r] = is_total(&c, r);
        summary->total_rows += total[r];
        s = check_counts(&c, r, &counts[r]);
        if (s == SC_OK)
            s = check_rate(&c, r, &counts[r]);
        if (s != SC_OK || !in->rows[r].cells[SC_CHECK_CHANGE])
            continue;
        if (in->column_names[SC_CHECK_BASELINE]) {
            s = check_change(&c, r, r);
            continue;
        }
        /* the previous row of the block (contract 6) */
        for (size_t p = r; p-- > 0;)
            if (same_block(in, p, r) && !total[p]) {
                s = check_change(&c, r, p);
                break;
            }
    }
    for (size_t r = 0; s == SC_OK && r < in->nrows; r++) {
        if (block_done[r])
            continue;
        for (size_t q = r; q < in->nrows; q++)
            block_done[q] |= in_block[q] = same_block(in, r, q);
        s = check_block(&c, r, total, counts, in_block);
        for (size_t q = r; q < in->nrows; q++)
            in_block[q] = false;
    }
    free(counts);
    free(total);
    free(in_block);
    free(block_done);
    if (s == SC_OK) {
        if (c.count)
            qsort(c.list, c.count, sizeof *c.list, by_place);
        s = build_table(&c, out, err);
    } else
        sc_error_set(err, s, NULL, 0, "out of memory");
    free(c.list);
    return s;
}
