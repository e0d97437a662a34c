/* spotcheck — reporting periods.  Contract in spotcheck/period.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsing runs in two passes over a normalised copy of the text (contract
 * 3): a structural pass that recognises one of the forms of contract 2 and
 * collects its raw numbers, then a range pass that checks them in the order
 * of contract 4.  Keeping the passes apart lets "2024Q5" say "quarter must
 * be 1 to 4" rather than "not a period".
 *
 * Days are counted with the proleptic Gregorian day-number algorithm of
 * H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (days_from_civil / civil_from_days), shifted so that 1970-01-01 is 0.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spotcheck/period.h"
#include "text.h"

/* Longest normalised text that is tried (contract 2); the longest accepted
 * form, a Chinese date with a time and a fraction of a second, is far
 * shorter. */
#define MAX_TEXT 96

static const sc_period_kind_info kind_table[SC_PERIOD_KIND_COUNT] = {
    [SC_PERIOD_YEAR] = {.entry = {.name = "year",
                                  .aliases = "y,yearly,annual,annually,年,年度",
                                  .description = "calendar years: 2024, 2024年"},
                        .kind = SC_PERIOD_YEAR,
                        .noun = "year",
                        .plural = "years",
                        .name_zh = "年",
                        .parts_per_year = 1},
    [SC_PERIOD_HALF] = {.entry = {.name = "half",
                                  .aliases = "h,halfyear,half-year,semiannual,半年,半年度",
                                  .description = "half-years: 2024H1, 2024年上半年"},
                        .kind = SC_PERIOD_HALF,
                        .noun = "half-year",
                        .plural = "half-years",
                        .name_zh = "半年",
                        .parts_per_year = 2},
    [SC_PERIOD_QUARTER] = {.entry = {.name = "quarter",
                                     .aliases = "q,quarterly,季,季度",
                                     .description = "quarters: 2024Q3, 2024年第三季度"},
                           .kind = SC_PERIOD_QUARTER,
                           .noun = "quarter",
                           .plural = "quarters",
                           .name_zh = "季度",
                           .parts_per_year = 4},
    [SC_PERIOD_MONTH] = {.entry = {.name = "month",
                                   .aliases = "m,monthly,月,月度",
                                   .description = "months: 2024-07, 2024年7月"},
                         .kind = SC_PERIOD_MONTH,
                         .noun = "month",
                         .plural = "months",
                         .name_zh = "月",
                         .parts_per_year = 12},
    [SC_PERIOD_DAY] = {.entry = {.name = "day",
                                 .aliases = "d,daily,date,日",
                                 .description = "dates: 2024-07-15, 2024年7月15日"},
                       .kind = SC_PERIOD_DAY,
                       .noun = "date",
                       .plural = "days",
                       .name_zh = "日",
                       .parts_per_year = 0},
};

static const char *const zh_numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* ---- calendar ----------------------------------------------------------- */

static bool kind_in_range(sc_period_kind kind)
{
    return kind >= SC_PERIOD_YEAR && kind < SC_PERIOD_KIND_COUNT;
}

static bool is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Days from 1970-01-01 to year-month-day (Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* Inverse of days_from_civil (Hinnant's civil_from_days). */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = year_of_era + era * 400 + (*month <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool year_in_range(int64_t year)
{
    return year >= SC_PERIOD_YEAR_MIN && year <= SC_PERIOD_YEAR_MAX;
}

/* ---- registry ------------------------------------------------------------ */

const sc_period_kind_info *sc_period_kind_get(sc_period_kind kind)
{
    return kind_in_range(kind) ? &kind_table[kind] : NULL;
}

const sc_registry sc_period_kinds = {.what = "period kind",
                                     .rows = kind_table,
                                     .count = SC_PERIOD_KIND_COUNT,
                                     .stride = sizeof kind_table[0]};

sc_status sc_period_kind_from_name(const char *name, sc_period_kind *out)
{
    size_t index;
    sc_status status = out ? sc_registry_find(&sc_period_kinds, name, &index) : SC_EINVAL;
    if (status == SC_OK)
        *out = (sc_period_kind)index;
    return status;
}

/* ---- validity, ordinals ---------------------------------------------------- */

bool sc_period_valid(const sc_period *p)
{
    if (!p || !kind_in_range(p->kind) || !year_in_range(p->year))
        return false;
    if (p->kind == SC_PERIOD_DAY)
        return p->part >= 1 && p->part <= 12 && p->day >= 1 &&
               p->day <= days_in_month(p->year, p->part);
    return p->part >= 1 && p->part <= kind_table[p->kind].parts_per_year && p->day == 0;
}

int64_t sc_period_ordinal(const sc_period *p)
{
    if (!sc_period_valid(p))
        return INT64_MIN;
    if (p->kind == SC_PERIOD_DAY)
        return days_from_civil(p->year, p->part, p->day);
    return (int64_t)p->year * kind_table[p->kind].parts_per_year + p->part - 1;
}

sc_status sc_period_from_ordinal(sc_period_kind kind, int64_t ordinal, sc_period *out)
{
    if (!kind_in_range(kind) || !out)
        return SC_EINVAL;
    sc_period p = {.kind = kind};
    if (kind == SC_PERIOD_DAY) {
        /* bound first, so that civil_from_days cannot overflow */
        if (ordinal < days_from_civil(SC_PERIOD_YEAR_MIN, 1, 1) ||
            ordinal > days_from_civil(SC_PERIOD_YEAR_MAX, 12, 31))
            return SC_EDOMAIN;
        int64_t year;
        civil_from_days(ordinal, &year, &p.part, &p.day);
        p.year = (int)year;
    } else {
        int64_t parts = kind_table[kind].parts_per_year;
        int64_t year = floor_div(ordinal, parts);
        if (!year_in_range(year))
            return SC_EDOMAIN;
        p.year = (int)year;
        p.part = (int)(ordinal - year * parts + 1);
    }
    *out = p;
    return SC_OK;
}

/* ---- roll-up, arithmetic, order ------------------------------------------- */

/* Month (1..12) in which a valid period starts. */
static int start_month(const sc_period *p)
{
    if (p->kind == SC_PERIOD_MONTH || p->kind == SC_PERIOD_DAY)
        return p->part;
    return (p->part - 1) * (12 / kind_table[p->kind].parts_per_year) + 1;
}

sc_status sc_period_roll_up(const sc_period *p, sc_period_kind kind, sc_period *out)
{
    if (!sc_period_valid(p) || !kind_in_range(kind) || kind > p->kind || !out)
        return SC_EINVAL;
    if (kind == p->kind) {
        *out = *p;
        return SC_OK;
    }
    /* kind is YEAR, HALF, QUARTER or MONTH here, coarser than p: the part
     * holding p's first month holds all of p (the granularities nest) */
    int months_per_part = 12 / kind_table[kind].parts_per_year;
    *out = (sc_period){.kind = kind, .year = p->year,
                       .part = (start_month(p) - 1) / months_per_part + 1, .day = 0};
    return SC_OK;
}

sc_status sc_period_last_within(const sc_period *by, sc_period_kind kind, sc_period *out)
{
    if (by->kind >= kind)
        return sc_period_roll_up(by, kind, out);
    sc_period next, first;
    sc_status s = sc_period_add(by, 1, &next);
    if (s != SC_OK)
        return s;
    static const int months_per_part[] = {[SC_PERIOD_YEAR] = 12, [SC_PERIOD_HALF] = 6,
                                          [SC_PERIOD_QUARTER] = 3, [SC_PERIOD_MONTH] = 1};
    sc_period day = {.kind = SC_PERIOD_DAY, .year = next.year,
                     .part = (next.part - 1) * months_per_part[next.kind] + 1, .day = 1};
    s = sc_period_roll_up(&day, kind, &first);
    return s == SC_OK ? sc_period_add(&first, -1, out) : s;
}

sc_status sc_period_add(const sc_period *p, int64_t steps, sc_period *out)
{
    if (!sc_period_valid(p) || !out)
        return SC_EINVAL;
    int64_t ordinal = sc_period_ordinal(p);
    /* ordinals are small (|ordinal| < 2^20), so only steps can overflow */
    if ((steps > 0 && ordinal > INT64_MAX - steps) || (steps < 0 && ordinal < INT64_MIN - steps))
        return SC_EDOMAIN;
    return sc_period_from_ordinal(p->kind, ordinal + steps, out);
}

sc_status sc_period_previous(const sc_period *p, sc_period *out)
{
    return sc_period_add(p, -1, out);
}

sc_status sc_period_year_ago(const sc_period *p, sc_period *out)
{
    if (!sc_period_valid(p) || !out)
        return SC_EINVAL;
    if (!year_in_range((int64_t)p->year - 1))
        return SC_EDOMAIN;
    sc_period r = *p;
    r.year--;
    if (r.kind == SC_PERIOD_DAY && r.day > days_in_month(r.year, r.part))
        r.day = days_in_month(r.year, r.part); /* 29 February → 28 February */
    *out = r;
    return SC_OK;
}

/* First day of a valid period, as a day number. */
static int64_t first_day(const sc_period *p)
{
    return days_from_civil(p->year, start_month(p), p->kind == SC_PERIOD_DAY ? p->day : 1);
}

int sc_period_compare(const sc_period *a, const sc_period *b)
{
    bool a_valid = sc_period_valid(a), b_valid = sc_period_valid(b);
    if (!a_valid || !b_valid)
        return (int)a_valid - (int)b_valid;
    int64_t a_start = first_day(a), b_start = first_day(b);
    if (a_start != b_start)
        return a_start < b_start ? -1 : 1;
    return (a->kind > b->kind) - (a->kind < b->kind);
}

sc_status sc_period_steps_between(const sc_period *from, const sc_period *to, int64_t *out)
{
    if (!sc_period_valid(from) || !sc_period_valid(to) || from->kind != to->kind || !out)
        return SC_EINVAL;
    *out = sc_period_ordinal(to) - sc_period_ordinal(from);
    return SC_OK;
}

double sc_period_mid_year(const sc_period *p)
{
    if (!sc_period_valid(p))
        return NAN;
    if (p->kind == SC_PERIOD_DAY) {
        int64_t day_of_year = days_from_civil(p->year, p->part, p->day) -
                              days_from_civil(p->year, 1, 1) + 1;
        double days = is_leap(p->year) ? 366.0 : 365.0;
        return p->year + ((double)day_of_year - 0.5) / days;
    }
    return p->year + (p->part - 0.5) / kind_table[p->kind].parts_per_year;
}

double sc_period_years_per_step(sc_period_kind kind)
{
    if (!kind_in_range(kind))
        return NAN;
    if (kind == SC_PERIOD_DAY)
        return 1.0 / 365.2425;
    return 1.0 / kind_table[kind].parts_per_year;
}

/* ---- formatting --------------------------------------------------------------- */

sc_status sc_period_format(const sc_period *p, sc_lang lang, char *buf, size_t size)
{
    if (!buf || size == 0)
        return SC_EINVAL;
    buf[0] = '\0';
    if (!sc_period_valid(p) || (lang != SC_LANG_EN && lang != SC_LANG_ZH))
        return SC_EINVAL;
    bool zh = lang == SC_LANG_ZH;
    int n;
    switch (p->kind) {
    case SC_PERIOD_YEAR:
        n = snprintf(buf, size, zh ? "%d年" : "%d", p->year);
        break;
    case SC_PERIOD_HALF:
        n = zh ? snprintf(buf, size, "%d年%s半年", p->year, p->part == 1 ? "上" : "下")
               : snprintf(buf, size, "%dH%d", p->year, p->part);
        break;
    case SC_PERIOD_QUARTER:
        n = zh ? snprintf(buf, size, "%d年第%s季度", p->year, zh_numerals[p->part - 1])
               : snprintf(buf, size, "%dQ%d", p->year, p->part);
        break;
    case SC_PERIOD_MONTH:
        n = snprintf(buf, size, zh ? "%d年%d月" : "%d-%02d", p->year, p->part);
        break;
    default:
        n = snprintf(buf, size, zh ? "%d年%d月%d日" : "%d-%02d-%02d", p->year, p->part, p->day);
        break;
    }
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return SC_EINVAL;
    }
    return SC_OK;
}

/* ---- parsing: normalisation (contract 3) ------------------------------------ */

/* Length of the space at text[i, len) (ASCII whitespace, U+00A0, U+3000),
 * 0 when there is none. */
static size_t space_at(const char *text, size_t i, size_t len)
{
    unsigned char c = (unsigned char)text[i];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] == 0xA0)
        return 2;
    if (c == 0xE3 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
        (unsigned char)text[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Space just before text[end]: its length, 0 when there is none. */
static size_t space_before(const char *text, size_t end)
{
    unsigned char c = (unsigned char)text[end - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (end >= 2 && c == 0xA0 && (unsigned char)text[end - 2] == 0xC2)
        return 2;
    if (end >= 3 && c == 0x80 && (unsigned char)text[end - 2] == 0x80 &&
        (unsigned char)text[end - 3] == 0xE3)
        return 3;
    return 0;
}

static void trim(const char **text, size_t *len)
{
    size_t k;
    while (*len > 0 && (k = space_at(*text, 0, *len)) > 0)
        *text += k, *len -= k;
    while (*len > 0 && (k = space_before(*text, *len)) > 0)
        *len -= k;
}

/* Copies trimmed text into out with every run of spaces made one ' ' and
 * full-width forms U+FF01..U+FF5E made ASCII.  False when the text holds a
 * NUL byte or is longer than MAX_TEXT bytes after this. */
static bool normalise(const char *text, size_t len, char out[MAX_TEXT + 1], size_t *out_len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t k = space_at(text, i, len);
        char c;
        if (k > 0) {
            while (i < len && (k = space_at(text, i, len)) > 0)
                i += k;
            c = ' ';
        } else if ((unsigned char)text[i] == 0xEF && i + 2 < len &&
                   ((unsigned char)text[i + 1] == 0xBC || (unsigned char)text[i + 1] == 0xBD) &&
                   ((unsigned char)text[i + 2] & 0xC0) == 0x80) {
            unsigned code = 0xF000u | ((unsigned char)text[i + 1] & 0x3Fu) << 6 |
                            ((unsigned char)text[i + 2] & 0x3Fu);
            if (code < 0xFF01 || code > 0xFF5E) {
                c = text[i++]; /* U+FF00, U+FF5F..: copied byte by byte */
            } else {
                c = (char)(code - 0xFEE0);
                i += 3;
            }
        } else {
            c = text[i++];
            if (c == '\0')
                return false;
        }
        if (n == MAX_TEXT)
            return false;
        out[n++] = c;
    }
    out[n] = '\0';
    *out_len = n;
    return true;
}

/* ---- parsing: structure (contract 2) ------------------------------------------ */

typedef struct cursor {
    const char *s;
    size_t n, i;
} cursor;

/* What the structural pass found: numbers not yet checked. */
typedef struct raw_period {
    sc_period_kind kind;
    int year, part, day;
    bool has_time;
    int hour, minute, second;
} raw_period;

static bool at_end(const cursor *c) { return c->i >= c->n; }

static bool skip_spaces(cursor *c)
{
    size_t start = c->i;
    while (!at_end(c) && c->s[c->i] == ' ')
        c->i++;
    return c->i > start;
}

static bool eat(cursor *c, const char *literal)
{
    size_t k = strlen(literal);
    if (c->n - c->i < k || memcmp(c->s + c->i, literal, k) != 0)
        return false;
    c->i += k;
    return true;
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Reads a run of ASCII digits; returns its length.  *value is exact for
 * runs of up to 9 digits (longer runs are refused by every caller). */
static size_t digit_run(cursor *c, int *value)
{
    size_t start = c->i;
    int v = 0;
    while (!at_end(c) && is_digit(c->s[c->i])) {
        if (c->i - start < 9)
            v = v * 10 + (c->s[c->i] - '0');
        c->i++;
    }
    *value = v;
    return c->i - start;
}

static bool short_number(cursor *c, int *value)
{
    size_t len = digit_run(c, value);
    return len >= 1 && len <= 2;
}

/* "Q3" or "H1" (either case): sets kind and part.  On failure neither the
 * cursor nor r moves. */
static bool letter_part(cursor *c, raw_period *r)
{
    if (at_end(c))
        return false;
    char letter = c->s[c->i];
    sc_period_kind kind;
    if (letter == 'Q' || letter == 'q')
        kind = SC_PERIOD_QUARTER;
    else if (letter == 'H' || letter == 'h')
        kind = SC_PERIOD_HALF;
    else
        return false;
    size_t start = c->i++;
    int part;
    if (!short_number(c, &part)) {
        c->i = start;
        return false;
    }
    r->kind = kind;
    r->part = part;
    return true;
}

/* A quarter's number in a Chinese form: 1-2 digits or 一..九. */
static bool quarter_number(cursor *c, int *value)
{
    if (!at_end(c) && is_digit(c->s[c->i]))
        return short_number(c, value);
    for (int k = 0; k < 9; k++)
        if (eat(c, zh_numerals[k])) {
            *value = k + 1;
            return true;
        }
    return false;
}

/* After 季: an optional 度, then the end. */
static bool quarter_tail(cursor *c, raw_period *r)
{
    r->kind = SC_PERIOD_QUARTER;
    skip_spaces(c);
    eat(c, "度");
    return at_end(c);
}

/* An optional time of day, then the end.  `allow_t`: "T" may separate it. */
static bool time_then_end(cursor *c, raw_period *r, bool allow_t)
{
    if (at_end(c))
        return true;
    if (!skip_spaces(c) && !(allow_t && (eat(c, "T") || eat(c, "t"))))
        return false;
    r->has_time = true;
    if (!short_number(c, &r->hour) || !eat(c, ":") || digit_run(c, &r->minute) != 2)
        return false;
    if (eat(c, ":")) {
        if (digit_run(c, &r->second) != 2)
            return false;
        int fraction;
        if (eat(c, ".")) {
            size_t len = digit_run(c, &fraction);
            if (len < 1 || len > 9)
                return false;
        }
    }
    return at_end(c);
}

/* The Chinese suffixes after the year (and 年 when `nian`). */
static bool chinese_suffix(cursor *c, raw_period *r, bool nian)
{
    int half = eat(c, "上半年") ? 1 : eat(c, "下半年") ? 2 : 0;
    if (half) {
        r->kind = SC_PERIOD_HALF;
        r->part = half;
        skip_spaces(c);
        return at_end(c);
    }
    if (eat(c, "第")) {
        skip_spaces(c);
        if (!quarter_number(c, &r->part))
            return false;
        skip_spaces(c);
        return eat(c, "季") && quarter_tail(c, r);
    }
    if (!at_end(c) && !is_digit(c->s[c->i])) {
        if (!quarter_number(c, &r->part))
            return false;
        skip_spaces(c);
        return eat(c, "季") && quarter_tail(c, r);
    }
    if (!nian || !short_number(c, &r->part))
        return false;
    skip_spaces(c);
    if (eat(c, "季"))
        return quarter_tail(c, r);
    if (!eat(c, "月"))
        return false;
    r->kind = SC_PERIOD_MONTH;
    skip_spaces(c);
    if (eat(c, "份")) {
        skip_spaces(c);
        return at_end(c);
    }
    if (at_end(c))
        return true;
    if (!short_number(c, &r->day))
        return false;
    r->kind = SC_PERIOD_DAY;
    skip_spaces(c);
    if (!eat(c, "日") && !eat(c, "号"))
        return false;
    return time_then_end(c, r, false);
}

static bool parse_structure(cursor *c, raw_period *r)
{
    /* letter first: Q3 2024, H1-2024 */
    if (letter_part(c, r)) {
        bool spaced = skip_spaces(c);
        if (eat(c, "-"))
            skip_spaces(c);
        else if (!spaced)
            return false;
        return digit_run(c, &r->year) == 4 && at_end(c);
    }
    if (at_end(c) || !is_digit(c->s[c->i]))
        return false;
    int value;
    size_t len = digit_run(c, &value);
    if (len == 8) { /* YYYYMMDD */
        r->kind = SC_PERIOD_DAY;
        r->year = value / 10000;
        r->part = value / 100 % 100;
        r->day = value % 100;
        return time_then_end(c, r, true);
    }
    if (len == 6) { /* YYYYMM */
        r->kind = SC_PERIOD_MONTH;
        r->year = value / 100;
        r->part = value % 100;
        return at_end(c);
    }
    if (len != 4)
        return false;
    r->year = value;
    r->kind = SC_PERIOD_YEAR;
    r->part = 1;
    if (at_end(c))
        return true;

    /* numeric month or date: 2024-07, 2024/7/15, 2024.07.15 08:30 */
    char sep = c->s[c->i];
    if ((sep == '-' || sep == '/' || sep == '.') && c->i + 1 < c->n && is_digit(c->s[c->i + 1])) {
        c->i++;
        r->kind = SC_PERIOD_MONTH;
        if (!short_number(c, &r->part))
            return false;
        if (at_end(c))
            return true;
        if (c->s[c->i] != sep)
            return false;
        c->i++;
        r->kind = SC_PERIOD_DAY;
        return short_number(c, &r->day) && time_then_end(c, r, true);
    }

    skip_spaces(c);
    if (eat(c, "-")) { /* 2024-Q3, 2024 - H1 */
        skip_spaces(c);
        return letter_part(c, r) && at_end(c);
    }
    if (letter_part(c, r)) /* 2024Q3, 2024 Q3 */
        return at_end(c);
    bool nian = eat(c, "年");
    skip_spaces(c);
    if (nian) {
        if (at_end(c))
            return true;
        if (eat(c, "度")) /* 2024年度 */
            return at_end(c);
        if (letter_part(c, r)) /* 2024年Q3 */
            return at_end(c);
    }
    return chinese_suffix(c, r, nian);
}

/* ---- parsing: ranges (contract 4) and messages ---------------------------------- */

static sc_status fail(sc_error *err, const char *shown, const char *what)
{
    return sc_error_set(err, SC_EDATA, NULL, 0, "\"%s\": %s", shown, what);
}

static sc_status check_ranges(const raw_period *r, const char *shown, sc_error *err)
{
    if (!year_in_range(r->year))
        return fail(err, shown, "year must be 1900 to 2200");
    switch (r->kind) {
    case SC_PERIOD_HALF:
        if (r->part < 1 || r->part > 2)
            return fail(err, shown, "half must be 1 or 2");
        break;
    case SC_PERIOD_QUARTER:
        if (r->part < 1 || r->part > 4)
            return fail(err, shown, "quarter must be 1 to 4");
        break;
    case SC_PERIOD_MONTH:
    case SC_PERIOD_DAY:
        if (r->part < 1 || r->part > 12)
            return fail(err, shown, "month must be 1 to 12");
        break;
    default:
        break;
    }
    if (r->kind == SC_PERIOD_DAY) {
        int last = days_in_month(r->year, r->part);
        if (r->day < 1 || r->day > last)
            return sc_error_set(err, SC_EDATA, NULL, 0, "\"%s\": day must be 1 to %d in %d-%02d",
                                shown, last, r->year, r->part);
    }
    if (r->has_time && (r->hour > 23 || r->minute > 59 || r->second > 59))
        return fail(err, shown, "time of day must be 00:00 to 23:59:59");
    return SC_OK;
}

/* Parses as written; `shown` receives the excerpt used in messages. */
static sc_status parse(const char *text, size_t len, sc_period *out, char shown[64],
                       sc_error *err)
{
    trim(&text, &len);
    sc_text_excerpt(text, len, shown, 64);
    if (len == 0)
        return fail(err, shown, "empty, not a period");
    char buf[MAX_TEXT + 1];
    size_t n;
    raw_period r = {.kind = SC_PERIOD_NONE};
    cursor c = {.s = buf, .n = 0, .i = 0};
    if (normalise(text, len, buf, &n)) {
        c.n = n;
        if (parse_structure(&c, &r)) {
            sc_status s = check_ranges(&r, shown, err);
            if (s != SC_OK)
                return s;
            *out = (sc_period){.kind = r.kind, .year = r.year, .part = r.part,
                               .day = r.kind == SC_PERIOD_DAY ? r.day : 0};
            return SC_OK;
        }
    }
    return fail(err, shown,
                "not a period (e.g. 2024, 2024H1, 2024Q3, 2024-07, 2024-07-15 or "
                "2024年第三季度)");
}

sc_status sc_period_parse(const char *text, size_t len, sc_period *out, sc_error *err)
{
    if ((!text && len > 0) || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "sc_period_parse: NULL argument");
    char shown[64];
    return parse(text ? text : "", len, out, shown, err);
}

sc_status sc_period_parse_per(const char *text, size_t len, sc_period_kind per, sc_period *out,
                              sc_error *err)
{
    if ((!text && len > 0) || !out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "sc_period_parse_per: NULL argument");
    if (per != SC_PERIOD_NONE && !kind_in_range(per))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "sc_period_parse_per: bad granularity");
    char shown[64];
    sc_period p;
    sc_status s = parse(text ? text : "", len, &p, shown, err);
    if (s != SC_OK)
        return s;
    if (per == SC_PERIOD_NONE) {
        if (p.kind == SC_PERIOD_DAY)
            return sc_error_set(err, SC_EDATA, NULL, 0,
                                "\"%s\" is a date: give --per year, half, quarter or month",
                                shown);
        *out = p;
        return SC_OK;
    }
    if (p.kind < per)
        return sc_error_set(err, SC_EDATA, NULL, 0,
                            "\"%s\" is a %s, coarser than the %s asked for with --per", shown,
                            kind_table[p.kind].noun, kind_table[per].plural);
    return sc_period_roll_up(&p, per, out);
}
