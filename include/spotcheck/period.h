/* spotcheck — reporting periods: parsing, roll-up, arithmetic, formatting.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §2 `period`; used by `diff --period COL --current P
 * --baseline B` and `trend`):
 *  1. A period is a year, a half-year, a quarter, a month or a day (a date),
 *     in the Gregorian calendar, with years 1900 to 2200 (wide enough for
 *     every inspection record and any forecast; 0224 or 3024 is a typing
 *     error, not a year).  The granularities nest: year ⊃ half ⊃ quarter
 *     ⊃ month ⊃ day (Q1, Q2 lie in H1; Q3, Q4 in H2), so any finer period
 *     rolls up to any coarser one.
 *  2. Accepted text (after the normalisation of 3; letters Q and H in either
 *     case; the number after Q, H and 第 and the month and day numbers are
 *     1 or 2 digits, leading zeros allowed: 2024Q03, 2024-7-5):
 *       year      2024   2024年   2024年度
 *       half      2024H1  2024-H1  2024 H1  H1 2024  2024年H1
 *                 2024年上半年  2024年下半年  2024上半年
 *       quarter   2024Q3  2024-Q3  2024 Q3  Q3 2024  Q3-2024  2024年Q3
 *                 2024年第三季度  2024年第3季度  2024年三季度  2024年3季度
 *                 2024年第三季  (年 may be left out: 2024第三季度)
 *       month     2024-07  2024-7  2024/07  2024.07  202407 (six digits are
 *                 always YYYYMM)  2024年7月  2024年07月  2024年7月份
 *                 (so 2024.1 is January 2024, never a decimal year, and
 *                 2024.0 is "month must be 1 to 12")
 *       date      2024-07-15  2024/7/15  2024.7.15  20240715 (eight digits
 *                 are always YYYYMMDD)  2024年7月15日  2024年7月15号;
 *                 a date may carry a time of day HH:MM[:SS[.fraction]]
 *                 after spaces, or after "T" in a numeric date
 *                 (2024-07-15 08:30, 2024/7/15 0:00:00,
 *                 2024-07-15T08:30:00.000, 2024年7月15日 8:30), as
 *                 spreadsheets export date-times; it is checked and dropped.
 *     A numeric month or date uses one separator throughout (2024-07/15 is
 *     refused).  Spaces may stand between the year and Q/H, around "-" there,
 *     and between the tokens of the Chinese forms.
 *     Refused, as not a period: two-digit years (24Q3, 24-07), day-first or
 *     month-first dates (15/07/2024, 07/2024), five- and seven-digit
 *     numbers, ISO weeks (2024-W27), NBS letter quarters (2024A), Chinese
 *     month names (2024年七月), ranges (2024年1-3月), time zones, Excel
 *     serial day numbers (45488), a separator other than "-" before Q/H
 *     (2024/Q3), anything longer than 96 bytes.
 *  3. Normalisation before parsing: ASCII whitespace, U+00A0 and U+3000
 *     (ideographic space) are trimmed at both ends and count as spaces
 *     inside; full-width ASCII forms U+FF01..U+FF5E (２０２４Ｑ３, －, ／) read
 *     as their ASCII letters.  Text with a NUL byte is not a period.
 *  4. Range errors name the text and the rule, and are checked year first,
 *     then the part, then the day:
 *       "1899Q1": year must be 1900 to 2200
 *       "2024Q5": quarter must be 1 to 4
 *       "2024H3": half must be 1 or 2
 *       "2024-13": month must be 1 to 12
 *       "2023-02-29": day must be 1 to 28 in 2023-02
 *       "2024-07-15 24:00": time of day must be 00:00 to 23:59:59
 *     Anything else: "TEXT": not a period (e.g. 2024, 2024H1, 2024Q3,
 *     2024-07, 2024-07-15 or 2024年第三季度).  TEXT is the trimmed input,
 *     cut to 40 bytes on a character boundary; empty text (or spaces only)
 *     is "": empty, not a period.
 *  5. Ordinals: consecutive periods of one kind have consecutive ordinals:
 *     year Y → Y, half → 2Y + h − 1, quarter → 4Y + q − 1, month →
 *     12Y + m − 1, day → days since 1970-01-01 (negative before it).
 *  6. Time in years, for regression x: the mid-point of the period,
 *     year + (part − ½) / parts-per-year (2024 → 2024.5, 2024H1 → 2024.25,
 *     2024Q3 → 2024.625, 2024-07 → 2024 + 6.5/12).  Months are equal
 *     twelfths of a year, not weighted by their days, so that a step is
 *     exactly sc_period_years_per_step.  A day is year + (day of year − ½) /
 *     days in that year.
 *  7. Arithmetic stays within a kind: previous (环比) is the ordinal − 1
 *     (2024Q1 → 2023Q4); same period last year (同比) is the same part one
 *     year earlier (2024Q3 → 2023Q3; 2024-02-29 → 2023-02-28, the last day
 *     of that February).  A result outside 1900..2200 is SC_EDOMAIN.
 *  8. A date in a period column needs a granularity to roll up to (--per);
 *     without one it is an error, not a silent default to months, so that
 *     a tool never groups batches in a way the user did not ask for.
 *     Mixing kinds in one column is the caller's error to report
 *     (sc_period_kind_get gives the words for it).
 *  9. No function allocates.  Functions taking an sc_period check it with
 *     sc_period_valid and return SC_EINVAL for an invalid one.
 */
#ifndef SPOTCHECK_PERIOD_H
#define SPOTCHECK_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/error.h"
#include "spotcheck/export.h"
#include "spotcheck/registry.h"
#include "spotcheck/output.h" /* sc_lang */

#ifdef __cplusplus
extern "C" {
#endif

#define SC_PERIOD_YEAR_MIN 1900
#define SC_PERIOD_YEAR_MAX 2200

/* Bytes enough for any formatted period, NUL included (the longest,
 * "2024年第三季度", takes 19 bytes and the NUL). */
#define SC_PERIOD_TEXT_MAX 32

/* Granularities, coarsest first: a kind is finer than every kind with a
 * smaller value. */
typedef enum sc_period_kind {
    SC_PERIOD_NONE = -1, /* "no granularity asked for" (sc_period_parse_per) */
    SC_PERIOD_YEAR = 0,
    SC_PERIOD_HALF,
    SC_PERIOD_QUARTER,
    SC_PERIOD_MONTH,
    SC_PERIOD_DAY,
    SC_PERIOD_KIND_COUNT
} sc_period_kind;

/* A period.  `part` counts from 1 within the year: 1 for a year, 1..2 for a
 * half, 1..4 for a quarter, 1..12 for a month, and the month of a day.
 * `day` is the day of the month for SC_PERIOD_DAY and 0 otherwise.
 * Compare with sc_period_compare (not memcmp). */
typedef struct sc_period {
    sc_period_kind kind;
    int year;
    int part;
    int day;
} sc_period;

/* One registry row per kind. */
typedef struct sc_period_kind_info {
    sc_registry_entry entry; /* first (registry.h R1): name, aliases, description, reference */
    sc_period_kind kind;
    const char *noun;      /* for messages: "year", "half-year", "quarter", "month", "date" */
    const char *plural;    /* "years", "half-years", "quarters", "months", "days" */
    const char *name_zh;   /* "年", "半年", "季度", "月", "日" */
    int parts_per_year;    /* 1, 2, 4, 12; 0 for days (365 or 366) */
} sc_period_kind_info;

/* Registry row of a kind; NULL for SC_PERIOD_NONE and out-of-range values.
 * Static, do not free. */
SC_API const sc_period_kind_info *sc_period_kind_get(sc_period_kind kind);

/* Looks a kind up by name or alias (ASCII case-insensitive, whole word:
 * "quarter", "Q", "monthly", "季度", ...).  SC_EINVAL for NULL, empty or
 * unknown names (then *out is unchanged).  A tool that offers only
 * year|half|quarter|month for --per refuses SC_PERIOD_DAY itself. */
SC_API sc_status sc_period_kind_from_name(const char *name, sc_period_kind *out);

/* The registry (rows: sc_period_kind_info), for sc_registry_find and
 * sc_registry_list (registry.h). */
SC_API extern const sc_registry sc_period_kinds;

/* True when p is a period of the contract: a kind YEAR..DAY, a year in
 * 1900..2200, a part in range (1 for a year), a day valid for its month
 * (leap years as in the Gregorian calendar) and 0 for the other kinds.
 * NULL is not valid. */
SC_API bool sc_period_valid(const sc_period *p);

/* Parses text[0, len) (need not be NUL-terminated; UTF-8) as written: a
 * date gives an SC_PERIOD_DAY period.  Forms and messages: contract 2-4.
 * Returns SC_OK; SC_EDATA with the message in err for text that is not a
 * period or is out of range (a tool parsing an option value such as
 * --current reports it as a usage error); SC_EINVAL when text (with
 * len > 0) or out is NULL.  On failure *out is unchanged.  err may be
 * NULL; its file and line are left empty for the caller to fill. */
SC_API sc_status sc_period_parse(const char *text, size_t len, sc_period *out, sc_error *err);

/* Parses a period column's cell for a granularity `per` (--per):
 *  - per = SC_PERIOD_NONE (no --per): a year, half, quarter or month is
 *    kept as written; a date is SC_EDATA:
 *      "2024-07-15" is a date: give --per year, half, quarter or month
 *  - per = a kind: a period of that kind or finer is rolled up to it
 *    (2024-07-15 → 2024Q3 for quarters); a coarser one is SC_EDATA:
 *      "2024" is a year, coarser than the quarters asked for with --per
 * Other errors as sc_period_parse; SC_EINVAL for a per out of range. */
SC_API sc_status sc_period_parse_per(const char *text, size_t len, sc_period_kind per,
                                     sc_period *out, sc_error *err);

/* The last period of kind `kind` that ends by the end of `by` (2025 on
 * quarters: 2025Q4; 2025Q4 on years: 2025, the year holding it; a period
 * of kind `kind` is itself): where a target "by 2025" is checked in
 * quarterly data.  Errors as sc_period_roll_up and sc_period_add. */
SC_API sc_status sc_period_last_within(const sc_period *by, sc_period_kind kind,
                                       sc_period *out);

/* The period of kind `kind` that contains p (2024-05 → 2024Q2, 2024H1,
 * 2024; 2024Q3 → 2024H2; a period rolled up to its own kind is itself).
 * SC_EINVAL when `kind` is finer than p's (a quarter has no single month),
 * or p or out is invalid/NULL; then *out is unchanged. */
SC_API sc_status sc_period_roll_up(const sc_period *p, sc_period_kind kind, sc_period *out);

/* The period `steps` steps after p at p's granularity (negative: before):
 * 2024Q4 + 1 = 2025Q1, 2024-01 − 1 = 2023-12, 2024-02-28 + 1 = 2024-02-29.
 * SC_EDOMAIN when the result's year is outside 1900..2200, SC_EINVAL for
 * an invalid p or NULL out; on failure *out is unchanged.  out may be p. */
SC_API sc_status sc_period_add(const sc_period *p, int64_t steps, sc_period *out);

/* The previous period (环比 baseline): sc_period_add(p, -1, out).
 * 2024Q1 → 2023Q4, 2024-01 → 2023-12, 2024H1 → 2023H2, 2024 → 2023,
 * 2024-03-01 → 2024-02-29. */
SC_API sc_status sc_period_previous(const sc_period *p, sc_period *out);

/* The same period a year earlier (同比 baseline): 2024Q3 → 2023Q3,
 * 2024H1 → 2023H1, 2024-07 → 2023-07, 2024 → 2023, 2023-07-15 →
 * 2022-07-15; 29 February goes to 28 February.  Errors as sc_period_add. */
SC_API sc_status sc_period_year_ago(const sc_period *p, sc_period *out);

/* Chronological total order for sorting (qsort-style: <0, 0, >0): by the
 * first day of the period, then coarser before finer (2024 < 2024H1 <
 * 2024Q1 < 2024-01 < 2024-01-01 < 2024-01-02 < 2024-02).  0 exactly when
 * the periods are equal.  Invalid periods sort before valid ones and equal
 * to each other; NULL counts as invalid. */
SC_API int sc_period_compare(const sc_period *a, const sc_period *b);

/* Steps from `from` to `to` (to − from) at their common granularity:
 * 2023Q3 → 2024Q3 is 4, 2024-03 → 2024-01 is −2.  SC_EINVAL when the kinds
 * differ (roll one up first), when a period is invalid, or out is NULL. */
SC_API sc_status sc_period_steps_between(const sc_period *from, const sc_period *to,
                                         int64_t *out);

/* Ordinal of contract 5 (2024Q3 → 8098); INT64_MIN for an invalid period. */
SC_API int64_t sc_period_ordinal(const sc_period *p);

/* The period of kind `kind` with ordinal `ordinal` (inverse of
 * sc_period_ordinal).  SC_EDOMAIN when its year is outside 1900..2200,
 * SC_EINVAL for a kind out of range or NULL out. */
SC_API sc_status sc_period_from_ordinal(sc_period_kind kind, int64_t ordinal, sc_period *out);

/* Mid-point of the period in years (contract 6): 2024Q3 → 2024.625.
 * NaN for an invalid period. */
SC_API double sc_period_mid_year(const sc_period *p);

/* Length of one step of `kind` in years: 1, 0.5, 0.25, 1/12; for days the
 * mean Gregorian day, 1/365.2425 (mid-points of consecutive days differ by
 * 1/365 or 1/366).  NaN for a kind out of range. */
SC_API double sc_period_years_per_step(sc_period_kind kind);

/* Writes p as text into buf (size bytes; SC_PERIOD_TEXT_MAX always
 * suffices).  SC_LANG_EN: the canonical form 2024, 2024H1, 2024Q3, 2024-07,
 * 2024-07-15.  SC_LANG_ZH: 2024年, 2024年上半年, 2024年第三季度, 2024年7月,
 * 2024年7月15日.  Both read back through sc_period_parse to the same period.
 * SC_EINVAL for an invalid period or language, NULL buf, or a buffer too
 * small; then buf holds "" (when size > 0). */
SC_API sc_status sc_period_format(const sc_period *p, sc_lang lang, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
