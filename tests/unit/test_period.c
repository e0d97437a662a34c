/* Tests of reporting periods (spotcheck/period.h).  The expected values are
 * facts of the Gregorian calendar, worked out by hand (day numbers: Unix
 * time / 86400, e.g. 2024-01-01 is 1704067200 s = day 19723); contract
 * numbers refer to the header. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "relerr.h"

#include "spotcheck/period.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static sc_period P(sc_period_kind kind, int year, int part, int day)
{
    return (sc_period){.kind = kind, .year = year, .part = part, .day = day};
}
#define YEAR(y) P(SC_PERIOD_YEAR, y, 1, 0)
#define HALF(y, h) P(SC_PERIOD_HALF, y, h, 0)
#define QUARTER(y, q) P(SC_PERIOD_QUARTER, y, q, 0)
#define MONTH(y, m) P(SC_PERIOD_MONTH, y, m, 0)
#define DAY(y, m, d) P(SC_PERIOD_DAY, y, m, d)

static void assert_period(sc_period got, sc_period want, const char *what)
{
    if (got.kind != want.kind || got.year != want.year || got.part != want.part ||
        got.day != want.day)
        fail_msg("%s: got kind %d %d/%d/%d, want kind %d %d/%d/%d", what, (int)got.kind, got.year,
                 got.part, got.day, (int)want.kind, want.year, want.part, want.day);
}

typedef struct accepted {
    const char *text;
    sc_period want;
} accepted;

static void check_accepted(const accepted *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sc_period got = P(SC_PERIOD_NONE, 0, 0, 0);
        sc_error err;
        sc_error_clear(&err);
        sc_status s = sc_period_parse(cases[i].text, strlen(cases[i].text), &got, &err);
        if (s != SC_OK)
            fail_msg("\"%s\" refused: %s", cases[i].text, err.message);
        assert_period(got, cases[i].want, cases[i].text);
        assert_true(sc_period_valid(&got));
    }
}

typedef struct refused {
    const char *text;
    const char *message;
} refused;

static void check_refused(const refused *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sc_period got = YEAR(1999);
        sc_error err;
        sc_error_clear(&err);
        sc_status s = sc_period_parse(cases[i].text, strlen(cases[i].text), &got, &err);
        if (s != SC_EDATA)
            fail_msg("\"%s\": status %d, want SC_EDATA", cases[i].text, (int)s);
        if (strcmp(err.message, cases[i].message) != 0)
            fail_msg("\"%s\": message\n  got  %s\n  want %s", cases[i].text, err.message,
                     cases[i].message);
        assert_int_equal(err.status, SC_EDATA);
        assert_string_equal(err.file, "");
        assert_int_equal(err.line, 0);
        assert_period(got, YEAR(1999), "unchanged on failure");
    }
}

#define NOT_A_PERIOD(text)                                                                      \
    {text, "\"" text "\": not a period (e.g. 2024, 2024H1, 2024Q3, 2024-07, 2024-07-15 or "     \
           "2024年第三季度)"}

/* ---- accepted forms (contract 2) --------------------------------------------- */

static void test_years(void **state)
{
    (void)state;
    const accepted cases[] = {
        {"2024", YEAR(2024)},   {"2024年", YEAR(2024)},  {"2024年度", YEAR(2024)},
        {"1900", YEAR(1900)},   {"2200", YEAR(2200)},    {"2024 年", YEAR(2024)},
        {" 2024 ", YEAR(2024)}, {"\t2024\r\n", YEAR(2024)},
    };
    check_accepted(cases, COUNT(cases));
}

static void test_halves(void **state)
{
    (void)state;
    const accepted cases[] = {
        {"2024H1", HALF(2024, 1)},        {"2024H2", HALF(2024, 2)},
        {"2024-H2", HALF(2024, 2)},       {"2024h1", HALF(2024, 1)},
        {"2024 H1", HALF(2024, 1)},       {"2024 - h2", HALF(2024, 2)},
        {"H1 2024", HALF(2024, 1)},       {"h2-2024", HALF(2024, 2)},
        {"2024年H1", HALF(2024, 1)},      {"2024年上半年", HALF(2024, 1)},
        {"2024年下半年", HALF(2024, 2)},  {"2024上半年", HALF(2024, 1)},
        {"2024下半年", HALF(2024, 2)},    {"2024 年 下半年", HALF(2024, 2)},
        {"2024H01", HALF(2024, 1)},
    };
    check_accepted(cases, COUNT(cases));
}

static void test_quarters(void **state)
{
    (void)state;
    const accepted cases[] = {
        {"2024Q3", QUARTER(2024, 3)},          {"2024-Q3", QUARTER(2024, 3)},
        {"2024q3", QUARTER(2024, 3)},          {"2024 Q3", QUARTER(2024, 3)},
        {"2024-q1", QUARTER(2024, 1)},         {"2024  -  Q4", QUARTER(2024, 4)},
        {"Q3 2024", QUARTER(2024, 3)},         {"Q3-2024", QUARTER(2024, 3)},
        {"q4 - 2024", QUARTER(2024, 4)},       {"2024Q03", QUARTER(2024, 3)},
        {"2024年Q3", QUARTER(2024, 3)},        {"2024年q2", QUARTER(2024, 2)},
        {"2024年第三季度", QUARTER(2024, 3)},  {"2024年第一季度", QUARTER(2024, 1)},
        {"2024年第二季度", QUARTER(2024, 2)},  {"2024年第四季度", QUARTER(2024, 4)},
        {"2024年第3季度", QUARTER(2024, 3)},   {"2024年三季度", QUARTER(2024, 3)},
        {"2024年3季度", QUARTER(2024, 3)},     {"2024年第三季", QUARTER(2024, 3)},
        {"2024年一季", QUARTER(2024, 1)},      {"2024第三季度", QUARTER(2024, 3)},
        {"2024四季度", QUARTER(2024, 4)},      {"2024 年 第 3 季度", QUARTER(2024, 3)},
        {"2024年第03季度", QUARTER(2024, 3)},
    };
    check_accepted(cases, COUNT(cases));
}

static void test_months(void **state)
{
    (void)state;
    const accepted cases[] = {
        {"2024-07", MONTH(2024, 7)},     {"2024-7", MONTH(2024, 7)},
        {"2024/07", MONTH(2024, 7)},     {"2024/7", MONTH(2024, 7)},
        {"2024.07", MONTH(2024, 7)},     {"2024.12", MONTH(2024, 12)},
        {"202407", MONTH(2024, 7)},      {"202412", MONTH(2024, 12)},
        {"190001", MONTH(1900, 1)},      {"2024年7月", MONTH(2024, 7)},
        {"2024年07月", MONTH(2024, 7)},  {"2024年12月", MONTH(2024, 12)},
        {"2024年7月份", MONTH(2024, 7)}, {"2024 年 7 月", MONTH(2024, 7)},
        {"2024-01", MONTH(2024, 1)},
    };
    check_accepted(cases, COUNT(cases));
}

static void test_dates(void **state)
{
    (void)state;
    const accepted cases[] = {
        {"2024-07-15", DAY(2024, 7, 15)},
        {"2024/7/15", DAY(2024, 7, 15)},
        {"2024/07/05", DAY(2024, 7, 5)},
        {"2024.7.15", DAY(2024, 7, 15)},
        {"2024-7-5", DAY(2024, 7, 5)},
        {"20240715", DAY(2024, 7, 15)},
        {"2024年7月15日", DAY(2024, 7, 15)},
        {"2024年07月05日", DAY(2024, 7, 5)},
        {"2024年7月15号", DAY(2024, 7, 15)},
        {"2024 年 7 月 15 日", DAY(2024, 7, 15)},
        /* times of day are checked and dropped */
        {"2024-07-15 08:30", DAY(2024, 7, 15)},
        {"2024/7/15 0:00", DAY(2024, 7, 15)},
        {"2024/7/15 0:00:00", DAY(2024, 7, 15)},
        {"2024-07-15T08:30:00", DAY(2024, 7, 15)},
        {"2024-07-15t23:59:59.999", DAY(2024, 7, 15)},
        {"2024-07-15  23:59:59.123456789", DAY(2024, 7, 15)},
        {"20240715 12:00", DAY(2024, 7, 15)},
        {"20240715T12:00", DAY(2024, 7, 15)},
        {"2024年7月15日 8:30", DAY(2024, 7, 15)},
        {"1900-01-01", DAY(1900, 1, 1)},
        {"2200-12-31", DAY(2200, 12, 31)},
    };
    check_accepted(cases, COUNT(cases));
}

/* Contract 3: spaces and full-width forms. */
static void test_normalisation(void **state)
{
    (void)state;
    const accepted cases[] = {
        {"\xe3\x80\x80" "2024Q3\xe3\x80\x80", QUARTER(2024, 3)}, /* U+3000 around */
        {"\xc2\xa0" "2024Q3\xc2\xa0", QUARTER(2024, 3)},         /* U+00A0 around */
        {"２０２４Ｑ３", QUARTER(2024, 3)},                       /* full-width */
        {"２０２４－Ｑ３", QUARTER(2024, 3)},
        {"２０２４ｑ３", QUARTER(2024, 3)},
        {"２０２４年第３季度", QUARTER(2024, 3)},
        {"２０２４年７月", MONTH(2024, 7)},
        {"２０２４／０７／１５", DAY(2024, 7, 15)},
        {"2024\xe3\x80\x80Q3", QUARTER(2024, 3)}, /* U+3000 inside */
        {"2024 \t Q3", QUARTER(2024, 3)},
        {"2024年\xe3\x80\x80上半年", HALF(2024, 1)},
    };
    check_accepted(cases, COUNT(cases));

    /* the length is honoured: the text need not be NUL-terminated */
    sc_period p;
    assert_int_equal(sc_period_parse("2024Q3xyz", 6, &p, NULL), SC_OK);
    assert_period(p, QUARTER(2024, 3), "length-limited");
    assert_int_equal(sc_period_parse("2024-07-15", 7, &p, NULL), SC_OK);
    assert_period(p, MONTH(2024, 7), "length-limited month");
}

/* ---- refused forms (contracts 2 and 4) --------------------------------------- */

static void test_not_a_period(void **state)
{
    (void)state;
    static const refused cases[] = {
        NOT_A_PERIOD("24Q3"),       NOT_A_PERIOD("24-07"),       NOT_A_PERIOD("15/07/2024"),
        NOT_A_PERIOD("07/2024"),    NOT_A_PERIOD("20247"),       NOT_A_PERIOD("2024071"),
        NOT_A_PERIOD("202407150"),  NOT_A_PERIOD("2024-W27"),    NOT_A_PERIOD("2024A"),
        NOT_A_PERIOD("2024年七月"), NOT_A_PERIOD("2024年1-3月"), NOT_A_PERIOD("2024-07/15"),
        NOT_A_PERIOD("2024/07-15"), NOT_A_PERIOD("2024-007"),    NOT_A_PERIOD("2024-07-015"),
        NOT_A_PERIOD("2024Q"),      NOT_A_PERIOD("2024Q123"),    NOT_A_PERIOD("Q32024"),
        NOT_A_PERIOD("Q3 24"),      NOT_A_PERIOD("2024-"),       NOT_A_PERIOD("2024-Q"),
        NOT_A_PERIOD("2024/Q3"),    NOT_A_PERIOD("2024.Q3"),     NOT_A_PERIOD("2024 07"),
        NOT_A_PERIOD("2024 7月"),   NOT_A_PERIOD("2024年7"),     NOT_A_PERIOD("2024年7月15"),
        NOT_A_PERIOD("2024年季度"), NOT_A_PERIOD("2024年第季度"), NOT_A_PERIOD("2024年第三"),
        NOT_A_PERIOD("2024年度Q3"), NOT_A_PERIOD("2024年年"),    NOT_A_PERIOD("2024Q3Q4"),
        NOT_A_PERIOD("2024Q3 extra"), NOT_A_PERIOD("2024-07-15Z"),
        NOT_A_PERIOD("2024-07-15 08:30+08:00"), NOT_A_PERIOD("2024-07-15 8"),
        NOT_A_PERIOD("2024-07-15 08:3"),   NOT_A_PERIOD("2024-07-15 08:30:5"),
        NOT_A_PERIOD("2024-07-15 08:30:00."), NOT_A_PERIOD("2024-07 08:30"),
        NOT_A_PERIOD("2024-07-15T"), NOT_A_PERIOD("20240715T120000"),
        NOT_A_PERIOD("45488"),      NOT_A_PERIOD("2024—Q3"),
        NOT_A_PERIOD("-2024"),      NOT_A_PERIOD("+2024"),       NOT_A_PERIOD("２０２４ Ｑ３ 季度"),
        NOT_A_PERIOD("Q3"),         NOT_A_PERIOD("H1"),          NOT_A_PERIOD("abc"),
        NOT_A_PERIOD("2024年上半"), NOT_A_PERIOD("上半年"),      NOT_A_PERIOD("2024年7月份15日"),
    };
    check_refused(cases, COUNT(cases));
}

static void test_range_errors(void **state)
{
    (void)state;
    static const refused cases[] = {
        {"1899", "\"1899\": year must be 1900 to 2200"},
        {"2201", "\"2201\": year must be 1900 to 2200"},
        {"1899Q1", "\"1899Q1\": year must be 1900 to 2200"},
        {"0224-07", "\"0224-07\": year must be 1900 to 2200"},
        {"123456", "\"123456\": year must be 1900 to 2200"},
        {"1850Q5", "\"1850Q5\": year must be 1900 to 2200"}, /* the year first */
        {"2024Q5", "\"2024Q5\": quarter must be 1 to 4"},
        {"2024Q0", "\"2024Q0\": quarter must be 1 to 4"},
        {"2024-Q12", "\"2024-Q12\": quarter must be 1 to 4"},
        {"Q5 2024", "\"Q5 2024\": quarter must be 1 to 4"},
        {"2024年第五季度", "\"2024年第五季度\": quarter must be 1 to 4"},
        {"2024年5季度", "\"2024年5季度\": quarter must be 1 to 4"},
        {"2024H3", "\"2024H3\": half must be 1 or 2"},
        {"2024H0", "\"2024H0\": half must be 1 or 2"},
        {"2024-13", "\"2024-13\": month must be 1 to 12"},
        {"2024-0", "\"2024-0\": month must be 1 to 12"},
        {"2024-00", "\"2024-00\": month must be 1 to 12"},
        {"202413", "\"202413\": month must be 1 to 12"},
        {"202400", "\"202400\": month must be 1 to 12"},
        {"2024.0", "\"2024.0\": month must be 1 to 12"}, /* not a decimal year */
        {"2024年13月", "\"2024年13月\": month must be 1 to 12"},
        {"2024-13-01", "\"2024-13-01\": month must be 1 to 12"},
        {"2024-04-31", "\"2024-04-31\": day must be 1 to 30 in 2024-04"},
        {"2024-07-00", "\"2024-07-00\": day must be 1 to 31 in 2024-07"},
        {"2024-07-32", "\"2024-07-32\": day must be 1 to 31 in 2024-07"},
        {"20240732", "\"20240732\": day must be 1 to 31 in 2024-07"},
        {"2024年6月31日", "\"2024年6月31日\": day must be 1 to 30 in 2024-06"},
        {"2024-07-15 24:00", "\"2024-07-15 24:00\": time of day must be 00:00 to 23:59:59"},
        {"2024-07-15 23:60", "\"2024-07-15 23:60\": time of day must be 00:00 to 23:59:59"},
        {"2024-07-15 23:59:60", "\"2024-07-15 23:59:60\": time of day must be 00:00 to 23:59:59"},
        {"２０２４Ｑ５", "\"２０２４Ｑ５\": quarter must be 1 to 4"}, /* shown as written */
        {" 2024Q5\xe3\x80\x80", "\"2024Q5\": quarter must be 1 to 4"},   /* shown trimmed */
    };
    check_refused(cases, COUNT(cases));
}

static void test_leap_days(void **state)
{
    (void)state;
    const accepted ok[] = {
        {"2024-02-29", DAY(2024, 2, 29)}, /* divisible by 4 */
        {"2000-02-29", DAY(2000, 2, 29)}, /* divisible by 400 */
        {"20240229", DAY(2024, 2, 29)},
        {"2024年2月29日", DAY(2024, 2, 29)},
        {"2023-02-28", DAY(2023, 2, 28)},
    };
    check_accepted(ok, COUNT(ok));
    static const refused bad[] = {
        {"2023-02-29", "\"2023-02-29\": day must be 1 to 28 in 2023-02"},
        {"1900-02-29", "\"1900-02-29\": day must be 1 to 28 in 1900-02"}, /* by 100, not 400 */
        {"2100-02-29", "\"2100-02-29\": day must be 1 to 28 in 2100-02"},
        {"2024-02-30", "\"2024-02-30\": day must be 1 to 29 in 2024-02"},
        {"2023年2月29日", "\"2023年2月29日\": day must be 1 to 28 in 2023-02"},
    };
    check_refused(bad, COUNT(bad));
}

static void test_odd_text(void **state)
{
    (void)state;
    sc_period p = YEAR(1999);
    sc_error err;
    /* empty, and spaces only */
    assert_int_equal(sc_period_parse("", 0, &p, &err), SC_EDATA);
    assert_string_equal(err.message, "\"\": empty, not a period");
    assert_int_equal(sc_period_parse(" \t\xe3\x80\x80 ", 6, &p, &err), SC_EDATA);
    assert_string_equal(err.message, "\"\": empty, not a period");
    assert_int_equal(sc_period_parse(NULL, 0, &p, &err), SC_EDATA);
    /* a NUL byte inside */
    assert_int_equal(sc_period_parse("2024\0Q3", 7, &p, &err), SC_EDATA);
    /* long text is cut in the message on a character boundary */
    char long_text[400];
    memset(long_text, 0, sizeof long_text);
    for (int i = 0; i < 100; i++)
        memcpy(long_text + 3 * i, "年", 3);
    assert_int_equal(sc_period_parse(long_text, strlen(long_text), &p, &err), SC_EDATA);
    assert_string_equal(err.message, "\"年年年年年年年年年年年年年...\": not a period (e.g. 2024, "
                                     "2024H1, 2024Q3, 2024-07, 2024-07-15 or 2024年第三季度)");
    /* many spaces collapse, so a padded period is still read */
    char padded[300];
    memset(padded, ' ', sizeof padded);
    memcpy(padded + 100, "2024", 4);
    memcpy(padded + 200, "Q3", 2);
    assert_int_equal(sc_period_parse(padded, sizeof padded, &p, &err), SC_OK);
    assert_period(p, QUARTER(2024, 3), "padded");
    /* over 96 bytes after normalisation */
    char longer[120];
    memset(longer, '0', sizeof longer);
    memcpy(longer, "2024Q3", 6);
    assert_int_equal(sc_period_parse(longer, sizeof longer, &p, NULL), SC_EDATA);
    /* a lone lead byte of a full-width form, and U+FF5F (not ASCII) */
    assert_int_equal(sc_period_parse("2024\xef\xbc", 6, &p, NULL), SC_EDATA);
    assert_int_equal(sc_period_parse("2024\xef\xbd\x9f", 7, &p, NULL), SC_EDATA);
    assert_period(p, QUARTER(2024, 3), "unchanged");
}

/* ---- --per (contract 8) ------------------------------------------------------ */

static void test_parse_per(void **state)
{
    (void)state;
    sc_period p;
    sc_error err;
    /* no --per: kept as written; a date is an error */
    assert_int_equal(sc_period_parse_per("2024Q3", 6, SC_PERIOD_NONE, &p, &err), SC_OK);
    assert_period(p, QUARTER(2024, 3), "as written");
    assert_int_equal(sc_period_parse_per("202407", 6, SC_PERIOD_NONE, &p, &err), SC_OK);
    assert_period(p, MONTH(2024, 7), "as written month");
    assert_int_equal(sc_period_parse_per("2024-07-15", 10, SC_PERIOD_NONE, &p, &err), SC_EDATA);
    assert_string_equal(err.message,
                        "\"2024-07-15\" is a date: give --per year, half, quarter or month");
    /* --per: rolled up */
    const struct {
        const char *text;
        sc_period_kind per;
        sc_period want;
    } rolled[] = {
        {"2024-07-15", SC_PERIOD_QUARTER, QUARTER(2024, 3)},
        {"2024-07-15", SC_PERIOD_HALF, HALF(2024, 2)},
        {"2024-07-15", SC_PERIOD_YEAR, YEAR(2024)},
        {"2024-07-15", SC_PERIOD_MONTH, MONTH(2024, 7)},
        {"2024-07-15", SC_PERIOD_DAY, DAY(2024, 7, 15)},
        {"2024年3月31日", SC_PERIOD_QUARTER, QUARTER(2024, 1)},
        {"2024-04-01 00:00", SC_PERIOD_QUARTER, QUARTER(2024, 2)},
        {"2024-06", SC_PERIOD_HALF, HALF(2024, 1)},
        {"2024Q3", SC_PERIOD_QUARTER, QUARTER(2024, 3)},
        {"2024Q2", SC_PERIOD_HALF, HALF(2024, 1)},
        {"2024年第三季度", SC_PERIOD_YEAR, YEAR(2024)},
        {"2024H2", SC_PERIOD_YEAR, YEAR(2024)},
    };
    for (size_t i = 0; i < COUNT(rolled); i++) {
        sc_error_clear(&err);
        sc_status s = sc_period_parse_per(rolled[i].text, strlen(rolled[i].text), rolled[i].per,
                                          &p, &err);
        if (s != SC_OK)
            fail_msg("%s: %s", rolled[i].text, err.message);
        assert_period(p, rolled[i].want, rolled[i].text);
    }
    /* coarser than asked */
    static const refused coarser[] = {
        {"2024", "\"2024\" is a year, coarser than the quarters asked for with --per"},
        {"2024H1", "\"2024H1\" is a half-year, coarser than the quarters asked for with --per"},
    };
    for (size_t i = 0; i < COUNT(coarser); i++) {
        assert_int_equal(sc_period_parse_per(coarser[i].text, strlen(coarser[i].text),
                                             SC_PERIOD_QUARTER, &p, &err),
                         SC_EDATA);
        assert_string_equal(err.message, coarser[i].message);
    }
    assert_int_equal(sc_period_parse_per("2024Q3", 6, SC_PERIOD_MONTH, &p, &err), SC_EDATA);
    assert_string_equal(err.message,
                        "\"2024Q3\" is a quarter, coarser than the months asked for with --per");
    assert_int_equal(sc_period_parse_per("2024-07", 7, SC_PERIOD_DAY, &p, &err), SC_EDATA);
    assert_string_equal(err.message,
                        "\"2024-07\" is a month, coarser than the days asked for with --per");
    /* parse errors pass through; bad per */
    assert_int_equal(sc_period_parse_per("2024Q5", 6, SC_PERIOD_YEAR, &p, &err), SC_EDATA);
    assert_string_equal(err.message, "\"2024Q5\": quarter must be 1 to 4");
    assert_int_equal(sc_period_parse_per("2024Q3", 6, SC_PERIOD_KIND_COUNT, &p, &err), SC_EINVAL);
    assert_int_equal(sc_period_parse_per("2024Q3", 6, (sc_period_kind)-2, &p, NULL), SC_EINVAL);
}

/* ---- roll-up, arithmetic, order ------------------------------------------------- */

static void test_roll_up(void **state)
{
    (void)state;
    const struct {
        sc_period from;
        sc_period_kind kind;
        sc_period want;
    } cases[] = {
        {MONTH(2024, 1), SC_PERIOD_QUARTER, QUARTER(2024, 1)},
        {MONTH(2024, 3), SC_PERIOD_QUARTER, QUARTER(2024, 1)},
        {MONTH(2024, 4), SC_PERIOD_QUARTER, QUARTER(2024, 2)},
        {MONTH(2024, 9), SC_PERIOD_QUARTER, QUARTER(2024, 3)},
        {MONTH(2024, 10), SC_PERIOD_QUARTER, QUARTER(2024, 4)},
        {MONTH(2024, 12), SC_PERIOD_QUARTER, QUARTER(2024, 4)},
        {MONTH(2024, 6), SC_PERIOD_HALF, HALF(2024, 1)},
        {MONTH(2024, 7), SC_PERIOD_HALF, HALF(2024, 2)},
        {MONTH(2024, 5), SC_PERIOD_YEAR, YEAR(2024)},
        {MONTH(2024, 5), SC_PERIOD_MONTH, MONTH(2024, 5)},
        {QUARTER(2024, 1), SC_PERIOD_HALF, HALF(2024, 1)},
        {QUARTER(2024, 2), SC_PERIOD_HALF, HALF(2024, 1)},
        {QUARTER(2024, 3), SC_PERIOD_HALF, HALF(2024, 2)},
        {QUARTER(2024, 4), SC_PERIOD_HALF, HALF(2024, 2)},
        {QUARTER(2024, 4), SC_PERIOD_YEAR, YEAR(2024)},
        {HALF(2024, 2), SC_PERIOD_YEAR, YEAR(2024)},
        {YEAR(2024), SC_PERIOD_YEAR, YEAR(2024)},
        {DAY(2024, 12, 31), SC_PERIOD_MONTH, MONTH(2024, 12)},
        {DAY(2024, 12, 31), SC_PERIOD_QUARTER, QUARTER(2024, 4)},
        {DAY(2024, 1, 1), SC_PERIOD_HALF, HALF(2024, 1)},
        {DAY(2024, 2, 29), SC_PERIOD_YEAR, YEAR(2024)},
        {DAY(2024, 2, 29), SC_PERIOD_DAY, DAY(2024, 2, 29)},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        sc_period out;
        assert_int_equal(sc_period_roll_up(&cases[i].from, cases[i].kind, &out), SC_OK);
        assert_period(out, cases[i].want, "roll-up");
    }
    /* every month of a year lands in the quarter and half that contain it */
    for (int m = 1; m <= 12; m++) {
        sc_period month = MONTH(2023, m), quarter, half, half_of_quarter;
        assert_int_equal(sc_period_roll_up(&month, SC_PERIOD_QUARTER, &quarter), SC_OK);
        assert_int_equal(sc_period_roll_up(&month, SC_PERIOD_HALF, &half), SC_OK);
        assert_int_equal(sc_period_roll_up(&quarter, SC_PERIOD_HALF, &half_of_quarter), SC_OK);
        assert_int_equal(quarter.part, (m + 2) / 3);
        assert_int_equal(half.part, m <= 6 ? 1 : 2);
        assert_period(half_of_quarter, half, "month → quarter → half = month → half");
    }
    /* finer from coarser fails and leaves out alone */
    sc_period out = YEAR(1999);
    sc_period quarter = QUARTER(2024, 3), year = YEAR(2024), half = HALF(2024, 1);
    sc_period month = MONTH(2024, 7);
    assert_int_equal(sc_period_roll_up(&quarter, SC_PERIOD_MONTH, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&year, SC_PERIOD_HALF, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&half, SC_PERIOD_QUARTER, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&month, SC_PERIOD_DAY, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&month, SC_PERIOD_NONE, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&month, SC_PERIOD_KIND_COUNT, &out), SC_EINVAL);
    assert_period(out, YEAR(1999), "unchanged");
}

typedef struct step_case {
    sc_period from;
    sc_period want;
} step_case;

static void test_previous(void **state)
{
    (void)state;
    const step_case cases[] = {
        {QUARTER(2024, 1), QUARTER(2023, 4)}, {QUARTER(2024, 3), QUARTER(2024, 2)},
        {MONTH(2024, 1), MONTH(2023, 12)},    {MONTH(2024, 7), MONTH(2024, 6)},
        {HALF(2024, 1), HALF(2023, 2)},       {HALF(2024, 2), HALF(2024, 1)},
        {YEAR(2024), YEAR(2023)},             {DAY(2024, 3, 1), DAY(2024, 2, 29)},
        {DAY(2023, 3, 1), DAY(2023, 2, 28)},  {DAY(2024, 1, 1), DAY(2023, 12, 31)},
        {DAY(2024, 5, 1), DAY(2024, 4, 30)},  {YEAR(1901), YEAR(1900)},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        sc_period out;
        assert_int_equal(sc_period_previous(&cases[i].from, &out), SC_OK);
        assert_period(out, cases[i].want, "previous");
    }
}

static void test_year_ago(void **state)
{
    (void)state;
    const step_case cases[] = {
        {QUARTER(2024, 3), QUARTER(2023, 3)}, {QUARTER(2024, 1), QUARTER(2023, 1)},
        {HALF(2024, 1), HALF(2023, 1)},       {MONTH(2024, 7), MONTH(2023, 7)},
        {MONTH(2024, 1), MONTH(2023, 1)},     {YEAR(2024), YEAR(2023)},
        {DAY(2023, 7, 15), DAY(2022, 7, 15)}, {DAY(2024, 2, 29), DAY(2023, 2, 28)},
        {DAY(2025, 2, 28), DAY(2024, 2, 28)}, {DAY(2024, 12, 31), DAY(2023, 12, 31)},
        {DAY(2001, 2, 28), DAY(2000, 2, 28)}, {QUARTER(1901, 1), QUARTER(1900, 1)},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        sc_period out;
        assert_int_equal(sc_period_year_ago(&cases[i].from, &out), SC_OK);
        assert_period(out, cases[i].want, "year ago");
    }
    /* for years, halves, quarters and months it is parts-per-year steps back */
    for (int k = SC_PERIOD_YEAR; k < SC_PERIOD_DAY; k++) {
        int parts = sc_period_kind_get((sc_period_kind)k)->parts_per_year;
        for (int part = 1; part <= parts; part++) {
            sc_period p = P((sc_period_kind)k, 2024, part, 0), a, b;
            assert_int_equal(sc_period_year_ago(&p, &a), SC_OK);
            assert_int_equal(sc_period_add(&p, -parts, &b), SC_OK);
            assert_period(a, b, "year ago = add(-parts)");
        }
    }
}

static void test_add_and_steps(void **state)
{
    (void)state;
    const struct {
        sc_period from;
        int64_t steps;
        sc_period want;
    } cases[] = {
        {QUARTER(2024, 4), 1, QUARTER(2025, 1)},   {QUARTER(2024, 3), 0, QUARTER(2024, 3)},
        {QUARTER(2024, 3), -11, QUARTER(2021, 4)}, {QUARTER(2024, 3), 6, QUARTER(2026, 1)},
        {MONTH(2024, 1), -1, MONTH(2023, 12)},     {MONTH(2024, 11), 14, MONTH(2026, 1)},
        {MONTH(2024, 1), -25, MONTH(2021, 12)},    {HALF(2024, 2), 3, HALF(2026, 1)},
        {YEAR(2024), -124, YEAR(1900)},            {YEAR(2024), 176, YEAR(2200)},
        {DAY(2024, 2, 28), 1, DAY(2024, 2, 29)},   {DAY(2024, 2, 28), 2, DAY(2024, 3, 1)},
        {DAY(2024, 1, 1), 366, DAY(2025, 1, 1)},   {DAY(2023, 1, 1), 365, DAY(2024, 1, 1)},
        {DAY(1970, 1, 1), 19723, DAY(2024, 1, 1)}, {DAY(2000, 3, 1), -1, DAY(2000, 2, 29)},
        {DAY(1900, 3, 1), -1, DAY(1900, 2, 28)},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        sc_period out;
        assert_int_equal(sc_period_add(&cases[i].from, cases[i].steps, &out), SC_OK);
        assert_period(out, cases[i].want, "add");
        int64_t steps;
        assert_int_equal(sc_period_steps_between(&cases[i].from, &out, &steps), SC_OK);
        assert_true(steps == cases[i].steps);
    }
    /* out may be p */
    sc_period p = QUARTER(2024, 4);
    assert_int_equal(sc_period_add(&p, 1, &p), SC_OK);
    assert_period(p, QUARTER(2025, 1), "in place");

    int64_t steps;
    sc_period a = QUARTER(2023, 3), b = QUARTER(2024, 3), c = MONTH(2024, 3), d = MONTH(2024, 1);
    assert_int_equal(sc_period_steps_between(&a, &b, &steps), SC_OK);
    assert_true(steps == 4);
    assert_int_equal(sc_period_steps_between(&c, &d, &steps), SC_OK);
    assert_true(steps == -2);
    assert_int_equal(sc_period_steps_between(&b, &c, &steps), SC_EINVAL); /* kinds differ */
}

static void test_ordinals(void **state)
{
    (void)state;
    const struct {
        sc_period p;
        int64_t ordinal;
    } cases[] = {
        {YEAR(2024), 2024},
        {HALF(2024, 1), 4048},
        {HALF(2024, 2), 4049},
        {QUARTER(2024, 3), 8098},
        {MONTH(2024, 7), 24294},
        {MONTH(1900, 1), 22800},
        {DAY(1970, 1, 1), 0},
        {DAY(2000, 1, 1), 10957},
        {DAY(2024, 1, 1), 19723},
        {DAY(2024, 7, 15), 19919},
        {DAY(1900, 1, 1), -25567},
        {DAY(1969, 12, 31), -1},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_true(sc_period_ordinal(&cases[i].p) == cases[i].ordinal);
        sc_period back;
        assert_int_equal(sc_period_from_ordinal(cases[i].p.kind, cases[i].ordinal, &back), SC_OK);
        assert_period(back, cases[i].p, "from ordinal");
    }
    /* every day 1900-01-01 .. 2200-12-31 round-trips and follows the last */
    sc_period prev = DAY(1899, 12, 31); /* invalid, only for the first comparison */
    int64_t first = sc_period_ordinal(&(sc_period){SC_PERIOD_DAY, 1900, 1, 1});
    int64_t last = sc_period_ordinal(&(sc_period){SC_PERIOD_DAY, 2200, 12, 31});
    /* 301 years with 73 leap years: 76 divisible by 4, less 1900, 2100, 2200 */
    assert_true(last - first + 1 == 301 * 365 + 73);
    for (int64_t o = first; o <= last; o++) {
        sc_period day;
        assert_int_equal(sc_period_from_ordinal(SC_PERIOD_DAY, o, &day), SC_OK);
        assert_true(sc_period_valid(&day));
        assert_true(sc_period_ordinal(&day) == o);
        if (o > first)
            assert_true(sc_period_compare(&prev, &day) < 0);
        prev = day;
    }
    sc_period out = YEAR(1999);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_DAY, first - 1, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_DAY, last + 1, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_MONTH, 1900 * 12 - 1, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_MONTH, 2201 * 12, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_QUARTER, INT64_MIN, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_DAY, INT64_MAX, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_NONE, 0, &out), SC_EINVAL);
    assert_int_equal(sc_period_from_ordinal(SC_PERIOD_YEAR, 2024, NULL), SC_EINVAL);
    assert_period(out, YEAR(1999), "unchanged");
    assert_true(sc_period_ordinal(NULL) == INT64_MIN);
    assert_true(sc_period_ordinal(&(sc_period){SC_PERIOD_QUARTER, 2024, 5, 0}) == INT64_MIN);
}

static void test_range_edges(void **state)
{
    (void)state;
    sc_period out = YEAR(1999);
    sc_period first_q = QUARTER(1900, 1), last_m = MONTH(2200, 12), first_y = YEAR(1900);
    sc_period last_d = DAY(2200, 12, 31), first_d = DAY(1900, 1, 1), q = QUARTER(2024, 3);
    assert_int_equal(sc_period_previous(&first_q, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_year_ago(&first_q, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_year_ago(&first_y, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_previous(&first_d, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_add(&last_m, 1, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_add(&last_d, 1, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_add(&q, INT64_MAX, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_add(&q, INT64_MIN, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_add(&first_d, INT64_MIN, &out), SC_EDOMAIN);
    assert_int_equal(sc_period_add(&last_d, INT64_MAX, &out), SC_EDOMAIN);
    assert_period(out, YEAR(1999), "unchanged");
}

static int compare_void(const void *a, const void *b) { return sc_period_compare(a, b); }

static void test_compare(void **state)
{
    (void)state;
    /* chronological by first day, coarser first on a tie (contract) */
    const sc_period sorted[] = {
        YEAR(2023),        QUARTER(2023, 4), MONTH(2023, 12),  DAY(2023, 12, 31),
        YEAR(2024),        HALF(2024, 1),    QUARTER(2024, 1), MONTH(2024, 1),
        DAY(2024, 1, 1),   DAY(2024, 1, 2),  MONTH(2024, 2),   DAY(2024, 2, 29),
        QUARTER(2024, 2),  MONTH(2024, 4),   HALF(2024, 2),    QUARTER(2024, 3),
        MONTH(2024, 7),    MONTH(2024, 12),  YEAR(2025),
    };
    for (size_t i = 0; i < COUNT(sorted); i++)
        for (size_t j = 0; j < COUNT(sorted); j++) {
            int c = sc_period_compare(&sorted[i], &sorted[j]);
            int want = (i > j) - (i < j);
            if ((c > 0) - (c < 0) != want)
                fail_msg("compare(%zu, %zu) = %d", i, j, c);
        }
    /* qsort a shuffled copy back into order */
    sc_period shuffled[COUNT(sorted)];
    for (size_t i = 0; i < COUNT(sorted); i++)
        shuffled[i] = sorted[(i * 7) % COUNT(sorted)]; /* 7 is prime to 19 */
    qsort(shuffled, COUNT(shuffled), sizeof shuffled[0], compare_void);
    for (size_t i = 0; i < COUNT(sorted); i++)
        assert_period(shuffled[i], sorted[i], "sorted");
    /* invalid periods sort first, equal to each other */
    sc_period bad = QUARTER(2024, 5), bad2 = YEAR(1800), good = YEAR(1900);
    assert_true(sc_period_compare(&bad, &good) < 0);
    assert_true(sc_period_compare(&good, &bad) > 0);
    assert_int_equal(sc_period_compare(&bad, &bad2), 0);
    assert_int_equal(sc_period_compare(NULL, &bad), 0);
    assert_true(sc_period_compare(NULL, &good) < 0);
}

static void test_mid_year(void **state)
{
    (void)state;
    /* exact binary fractions compare exactly; the others to 4 ulp */
    const struct {
        sc_period p;
        double want;
    } cases[] = {
        {YEAR(2024), 2024.5},
        {HALF(2024, 1), 2024.25},
        {HALF(2024, 2), 2024.75},
        {QUARTER(2024, 1), 2024.125},
        {QUARTER(2024, 3), 2024.625},
        {QUARTER(2024, 4), 2024.875},
        {MONTH(2024, 1), 2024 + 0.5 / 12},
        {MONTH(2024, 7), 2024 + 6.5 / 12},
        {MONTH(2024, 12), 2024 + 11.5 / 12},
        {DAY(2024, 1, 1), 2024 + 0.5 / 366},
        {DAY(2024, 7, 15), 2024 + 196.5 / 366}, /* day 197 of a leap year */
        {DAY(2023, 12, 31), 2023 + 364.5 / 365},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        double got = sc_period_mid_year(&cases[i].p);
        assert_rel(got, cases[i].want, EPS_TOL(4));
    }
    assert_true(sc_period_mid_year(&(sc_period){SC_PERIOD_QUARTER, 2024, 3, 0}) == 2024.625);
    assert_true(isnan(sc_period_mid_year(NULL)));
    assert_true(isnan(sc_period_mid_year(&(sc_period){SC_PERIOD_MONTH, 2024, 13, 0})));

    assert_true(sc_period_years_per_step(SC_PERIOD_YEAR) == 1.0);
    assert_true(sc_period_years_per_step(SC_PERIOD_HALF) == 0.5);
    assert_true(sc_period_years_per_step(SC_PERIOD_QUARTER) == 0.25);
    assert_true(sc_period_years_per_step(SC_PERIOD_MONTH) == 1.0 / 12);
    assert_true(sc_period_years_per_step(SC_PERIOD_DAY) == 1.0 / 365.2425);
    assert_true(isnan(sc_period_years_per_step(SC_PERIOD_NONE)));
    assert_true(isnan(sc_period_years_per_step(SC_PERIOD_KIND_COUNT)));

    /* consecutive mid-points differ by one step, across year ends too */
    for (int k = SC_PERIOD_YEAR; k < SC_PERIOD_DAY; k++) {
        sc_period p = P((sc_period_kind)k, 2023, 1, 0), next;
        double step = sc_period_years_per_step((sc_period_kind)k);
        for (int i = 0; i < 30; i++, p = next) {
            assert_int_equal(sc_period_add(&p, 1, &next), SC_OK);
            double diff = sc_period_mid_year(&next) - sc_period_mid_year(&p);
            assert_true(fabs(diff - step) <= 1e-9);
        }
    }
}

/* ---- formatting -------------------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    const struct {
        sc_period p;
        const char *en, *zh;
    } cases[] = {
        {YEAR(2024), "2024", "2024年"},
        {HALF(2024, 1), "2024H1", "2024年上半年"},
        {HALF(2024, 2), "2024H2", "2024年下半年"},
        {QUARTER(2024, 1), "2024Q1", "2024年第一季度"},
        {QUARTER(2024, 2), "2024Q2", "2024年第二季度"},
        {QUARTER(2024, 3), "2024Q3", "2024年第三季度"},
        {QUARTER(2024, 4), "2024Q4", "2024年第四季度"},
        {MONTH(2024, 7), "2024-07", "2024年7月"},
        {MONTH(2024, 12), "2024-12", "2024年12月"},
        {DAY(2024, 7, 5), "2024-07-05", "2024年7月5日"},
        {DAY(2024, 12, 31), "2024-12-31", "2024年12月31日"},
        {DAY(1900, 1, 1), "1900-01-01", "1900年1月1日"},
    };
    char buf[SC_PERIOD_TEXT_MAX];
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(sc_period_format(&cases[i].p, SC_LANG_EN, buf, sizeof buf), SC_OK);
        assert_string_equal(buf, cases[i].en);
        assert_int_equal(sc_period_format(&cases[i].p, SC_LANG_ZH, buf, sizeof buf), SC_OK);
        assert_string_equal(buf, cases[i].zh);
    }
    /* exactly large enough, one byte short */
    sc_period q = QUARTER(2024, 3);
    assert_int_equal(sc_period_format(&q, SC_LANG_EN, buf, 7), SC_OK);
    assert_string_equal(buf, "2024Q3");
    assert_int_equal(sc_period_format(&q, SC_LANG_EN, buf, 6), SC_EINVAL);
    assert_string_equal(buf, "");
    assert_int_equal(sc_period_format(&q, SC_LANG_ZH, buf, 20), SC_OK); /* 19 bytes + NUL */
    assert_int_equal(sc_period_format(&q, SC_LANG_ZH, buf, 19), SC_EINVAL);
    assert_string_equal(buf, "");
    /* bad arguments */
    sc_period bad = MONTH(2024, 0);
    strcpy(buf, "x");
    assert_int_equal(sc_period_format(&bad, SC_LANG_EN, buf, sizeof buf), SC_EINVAL);
    assert_string_equal(buf, "");
    assert_int_equal(sc_period_format(NULL, SC_LANG_EN, buf, sizeof buf), SC_EINVAL);
    assert_int_equal(sc_period_format(&q, (sc_lang)7, buf, sizeof buf), SC_EINVAL);
    assert_int_equal(sc_period_format(&q, SC_LANG_EN, NULL, 10), SC_EINVAL);
    assert_int_equal(sc_period_format(&q, SC_LANG_EN, buf, 0), SC_EINVAL);
}

/* Every period of every kind, 1900..2200, formats in both languages within
 * SC_PERIOD_TEXT_MAX and reads back to itself. */
static void test_format_round_trip(void **state)
{
    (void)state;
    char buf[SC_PERIOD_TEXT_MAX];
    size_t longest = 0;
    for (int k = SC_PERIOD_YEAR; k < SC_PERIOD_KIND_COUNT; k++) {
        sc_period p = P((sc_period_kind)k, 1900, 1, k == SC_PERIOD_DAY ? 1 : 0), next;
        for (;;) {
            for (int lang = SC_LANG_EN; lang <= SC_LANG_ZH; lang++) {
                assert_int_equal(sc_period_format(&p, (sc_lang)lang, buf, sizeof buf), SC_OK);
                if (strlen(buf) > longest)
                    longest = strlen(buf);
                sc_period back;
                sc_error err;
                if (sc_period_parse(buf, strlen(buf), &back, &err) != SC_OK)
                    fail_msg("%s: %s", buf, err.message);
                assert_period(back, p, buf);
            }
            if (sc_period_add(&p, 1, &next) != SC_OK)
                break;
            p = next;
        }
        /* the loop ended at the last period of 2200 */
        assert_int_equal(p.year, 2200);
        int last_part =
            k == SC_PERIOD_DAY ? 12 : sc_period_kind_get((sc_period_kind)k)->parts_per_year;
        assert_int_equal(p.part, last_part);
    }
    assert_int_equal(longest, 19); /* "2024年第三季度" (the longest) is 19 bytes */
}

/* ---- registry, validity, bad arguments ------------------------------------------------ */

static void test_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        sc_period_kind kind;
    } names[] = {
        {"year", SC_PERIOD_YEAR},        {"Year", SC_PERIOD_YEAR},
        {"y", SC_PERIOD_YEAR},           {"annual", SC_PERIOD_YEAR},
        {"年", SC_PERIOD_YEAR},          {"年度", SC_PERIOD_YEAR},
        {"half", SC_PERIOD_HALF},        {"H", SC_PERIOD_HALF},
        {"half-year", SC_PERIOD_HALF},   {"半年", SC_PERIOD_HALF},
        {"quarter", SC_PERIOD_QUARTER},  {"QUARTERLY", SC_PERIOD_QUARTER},
        {"q", SC_PERIOD_QUARTER},        {"季度", SC_PERIOD_QUARTER},
        {"季", SC_PERIOD_QUARTER},       {"month", SC_PERIOD_MONTH},
        {"monthly", SC_PERIOD_MONTH},    {"月", SC_PERIOD_MONTH},
        {"day", SC_PERIOD_DAY},          {"date", SC_PERIOD_DAY},
        {"日", SC_PERIOD_DAY},
    };
    for (size_t i = 0; i < COUNT(names); i++) {
        sc_period_kind kind = SC_PERIOD_NONE;
        assert_int_equal(sc_period_kind_from_name(names[i].name, &kind), SC_OK);
        assert_int_equal(kind, names[i].kind);
    }
    static const char *const unknown[] = {"", "quarters", "qu", "week", "y,q", ",", "季度 "};
    for (size_t i = 0; i < COUNT(unknown); i++) {
        sc_period_kind kind = SC_PERIOD_NONE;
        assert_int_equal(sc_period_kind_from_name(unknown[i], &kind), SC_EINVAL);
        assert_int_equal(kind, SC_PERIOD_NONE);
    }
    sc_period_kind kind;
    assert_int_equal(sc_period_kind_from_name(NULL, &kind), SC_EINVAL);
    assert_int_equal(sc_period_kind_from_name("year", NULL), SC_EINVAL);

    static const int parts[] = {1, 2, 4, 12, 0};
    static const char *const nouns[] = {"year", "half-year", "quarter", "month", "date"};
    for (int k = 0; k < SC_PERIOD_KIND_COUNT; k++) {
        const sc_period_kind_info *info = sc_period_kind_get((sc_period_kind)k);
        assert_non_null(info);
        assert_int_equal(info->kind, k);
        assert_int_equal(info->parts_per_year, parts[k]);
        assert_string_equal(info->noun, nouns[k]);
        assert_int_equal(sc_period_kind_from_name(info->entry.name, &kind), SC_OK);
        assert_int_equal(kind, k);
    }
    assert_null(sc_period_kind_get(SC_PERIOD_NONE));
    assert_null(sc_period_kind_get(SC_PERIOD_KIND_COUNT));
}

static void test_valid(void **state)
{
    (void)state;
    const sc_period good[] = {YEAR(1900), YEAR(2200), HALF(2024, 2), QUARTER(2024, 4),
                              MONTH(2024, 12), DAY(2024, 2, 29), DAY(2200, 12, 31)};
    for (size_t i = 0; i < COUNT(good); i++)
        assert_true(sc_period_valid(&good[i]));
    const sc_period bad[] = {
        YEAR(1899),          YEAR(2201),          P(SC_PERIOD_YEAR, 2024, 0, 0),
        P(SC_PERIOD_YEAR, 2024, 2, 0),            P(SC_PERIOD_YEAR, 2024, 1, 1),
        HALF(2024, 3),       HALF(2024, 0),       QUARTER(2024, 5),
        P(SC_PERIOD_QUARTER, 2024, 3, 15),        MONTH(2024, 13),
        MONTH(2024, 0),      DAY(2023, 2, 29),    DAY(2024, 4, 31),
        DAY(2024, 1, 0),     DAY(2024, 13, 1),    P(SC_PERIOD_NONE, 2024, 1, 0),
        P(SC_PERIOD_KIND_COUNT, 2024, 1, 0),
    };
    for (size_t i = 0; i < COUNT(bad); i++)
        if (sc_period_valid(&bad[i]))
            fail_msg("bad period %zu counted as valid", i);
    assert_false(sc_period_valid(NULL));
}

static void test_bad_arguments(void **state)
{
    (void)state;
    sc_period p = QUARTER(2024, 3), bad = QUARTER(2024, 5), out = YEAR(1999);
    int64_t steps = 42;
    sc_error err;
    assert_int_equal(sc_period_parse("2024", 4, NULL, &err), SC_EINVAL);
    assert_int_equal(err.status, SC_EINVAL);
    assert_int_equal(sc_period_parse(NULL, 4, &out, NULL), SC_EINVAL);
    assert_int_equal(sc_period_parse_per(NULL, 4, SC_PERIOD_YEAR, &out, NULL), SC_EINVAL);
    assert_int_equal(sc_period_parse_per("2024", 4, SC_PERIOD_YEAR, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&bad, SC_PERIOD_YEAR, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(NULL, SC_PERIOD_YEAR, &out), SC_EINVAL);
    assert_int_equal(sc_period_roll_up(&p, SC_PERIOD_YEAR, NULL), SC_EINVAL);
    assert_int_equal(sc_period_add(&bad, 1, &out), SC_EINVAL);
    assert_int_equal(sc_period_add(NULL, 1, &out), SC_EINVAL);
    assert_int_equal(sc_period_add(&p, 1, NULL), SC_EINVAL);
    assert_int_equal(sc_period_previous(&bad, &out), SC_EINVAL);
    assert_int_equal(sc_period_year_ago(&bad, &out), SC_EINVAL);
    assert_int_equal(sc_period_year_ago(&p, NULL), SC_EINVAL);
    assert_int_equal(sc_period_steps_between(&bad, &p, &steps), SC_EINVAL);
    assert_int_equal(sc_period_steps_between(&p, NULL, &steps), SC_EINVAL);
    assert_int_equal(sc_period_steps_between(&p, &p, NULL), SC_EINVAL);
    assert_period(out, YEAR(1999), "unchanged");
    assert_true(steps == 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_halves),
        cmocka_unit_test(test_quarters),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_not_a_period),
        cmocka_unit_test(test_range_errors),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_odd_text),
        cmocka_unit_test(test_parse_per),
        cmocka_unit_test(test_roll_up),
        cmocka_unit_test(test_previous),
        cmocka_unit_test(test_year_ago),
        cmocka_unit_test(test_add_and_steps),
        cmocka_unit_test(test_ordinals),
        cmocka_unit_test(test_range_edges),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_mid_year),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
