/* Unit tests: decimal half-up rounding (src/lib/decimal.c, sc_format_decimal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected string is written out by hand from the decimal reading of
 * the literal (四舍五入 on the shortest round-trip decimal, DESIGN.md §1 fact
 * 4); shortest representations agree with Python's repr() of the same double.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decimal.h"
#include "spotcheck/output.h"

typedef struct rounding_case {
    double value;
    int digits;
    bool percent;
    const char *expected;
} rounding_case;

static void check_cases(const rounding_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char buf[512];
        size_t len = sc_format_decimal(cases[i].value, cases[i].digits, cases[i].percent, buf,
                                       sizeof buf);
        if (strcmp(buf, cases[i].expected) != 0)
            print_error("case %zu: %.17g digits %d percent %d: got \"%s\", want \"%s\"\n", i,
                        cases[i].value, cases[i].digits, (int)cases[i].percent, buf,
                        cases[i].expected);
        assert_string_equal(buf, cases[i].expected);
        assert_int_equal(len, strlen(cases[i].expected));
    }
}

#define CHECK_CASES(cases) check_cases(cases, sizeof cases / sizeof cases[0])

/* The examples of the contract: binary round-half-even or printf would give
 * 0.12, 2.67, 9.99 (9.995 is 9.99499999999999921840299066388979554176330566406250). */
static void test_contract_examples(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {0.95345, 2, true, "95.35"}, {0.125, 2, false, "0.13"},  {2.675, 2, false, "2.68"},
        {-0.0005, 3, false, "-0.001"}, {9.995, 2, false, "10.00"}, {1.005, 2, false, "1.01"},
        {0.285, 2, false, "0.29"},   {1.115, 2, false, "1.12"},  {8.345, 2, false, "8.35"},
    };
    CHECK_CASES(cases);
}

/* A tie (…5 exactly in the shortest decimal) at each position rounds up. */
static void test_ties_at_every_position(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {0.5, 0, false, "1"},
        {1.5, 0, false, "2"},
        {2.5, 0, false, "3"},
        {3.5, 0, false, "4"},
        {4.5, 0, false, "5"},
        {99.5, 0, false, "100"},
        {12345.5, 0, false, "12346"},
        {0.05, 1, false, "0.1"},
        {0.15, 1, false, "0.2"},
        {0.25, 1, false, "0.3"},
        {0.35, 1, false, "0.4"},
        {0.45, 1, false, "0.5"},
        {1.25, 1, false, "1.3"},
        {1.45, 1, false, "1.5"},
        {0.005, 2, false, "0.01"},
        {0.015, 2, false, "0.02"},
        {0.045, 2, false, "0.05"},
        {0.0005, 3, false, "0.001"},
        {1.0005, 3, false, "1.001"},
        {0.00005, 4, false, "0.0001"},
        {1.00005, 4, false, "1.0001"},
        {0.000005, 5, false, "0.00001"},
        {0.0000005, 6, false, "0.000001"},
        {0.00000005, 7, false, "0.0000001"},
        {1.000000005, 8, false, "1.00000001"},
        {0.0000000005, 9, false, "0.000000001"},
        {1.00000000005, 10, false, "1.0000000001"},
        {123.4565, 3, false, "123.457"},
        {0.9995, 3, false, "1.000"},
        {999.9995, 3, false, "1000.000"},
        {0.99995, 4, false, "1.0000"},
    };
    CHECK_CASES(cases);
}

/* Just below a tie rounds down; just above rounds up. */
static void test_near_ties(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {0.4999999999999999, 0, false, "0"},
        {0.49999999999999994, 0, false, "0"},
        {0.5000000000000001, 0, false, "1"},
        {0.12499999999999999, 2, false, "0.12"}, /* the double 0.12499999999999999 */
        {0.1249, 2, false, "0.12"},
        {0.1251, 2, false, "0.13"},
        {0.0049, 2, false, "0.00"},
        {0.0049999, 2, false, "0.00"},
        {2.6749999, 2, false, "2.67"},
        {0.444445, 5, false, "0.44445"},
        {0.444445, 4, false, "0.4444"}, /* only the first dropped digit counts: no double rounding */
    };
    CHECK_CASES(cases);
}

/* Half away from zero for negatives; no "-0.00". */
static void test_negative(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {-0.5, 0, false, "-1"},
        {-1.5, 0, false, "-2"},
        {-2.5, 0, false, "-3"},
        {-0.125, 2, false, "-0.13"},
        {-2.675, 2, false, "-2.68"},
        {-9.995, 2, false, "-10.00"},
        {-0.0004, 3, false, "0.000"},
        {-0.004, 2, false, "0.00"},
        {-0.4, 0, false, "0"},
        {-1e-300, 2, false, "0.00"},
        {-0.0, 2, false, "0.00"},
        {-0.0, 0, false, "0"},
        {-0.0, -1, false, "0"},
        {-0.0, -1, true, "0"},
        {-1.25, 1, false, "-1.3"},
        {-0.12345, 2, true, "-12.35"},
        {-0.00004, 2, true, "0.00"},
        {-0.00005, 2, true, "-0.01"},
    };
    CHECK_CASES(cases);
}

/* --percent moves the decimal point in the string (contract 2 of decimal.c). */
static void test_percent(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {0.5, 1, true, "50.0"},
        {0.123456, 2, true, "12.35"},
        {0.0001, 2, true, "0.01"},
        {0.00005, 2, true, "0.01"},
        {0.0000499, 2, true, "0.00"},
        {1.0, 0, true, "100"},
        {1.0, 2, true, "100.00"},
        {0.99995, 2, true, "100.00"},
        {0.99994, 2, true, "99.99"},
        {0.98125, 2, true, "98.13"},  /* 98.125: printf("%.2f", 0.98125 * 100) gives 98.12 */
        {0.29, 0, true, "29"},        /* 0.29 * 100 is 28.999999999999996 in binary */
        {0.57, 1, true, "57.0"},      /* 0.57 * 100 is 56.99999999999999 */
        {0.95345, -1, true, "95.345"},
        {0.1, -1, true, "10"},
        {0.29, -1, true, "29"},
        {1.0 / 3.0, -1, true, "33.33333333333333"},
        {0.0000001, -1, true, "0.00001"},
        {1e-9, -1, true, "1e-07"},
        {0.5, 0, true, "50"},
        {0.005, 0, true, "1"},
        {0.004, 0, true, "0"},
        {2.5, 0, true, "250"},
    };
    CHECK_CASES(cases);
}

static void test_digits_zero(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {0.0, 0, false, "0"},       {0.4, 0, false, "0"},    {0.6, 0, false, "1"},
        {1.0, 0, false, "1"},       {9.5, 0, false, "10"},   {1234.49, 0, false, "1234"},
        {1e15 + 0.5, 0, false, "1000000000000001"}, /* the double 1000000000000000.5 */
        {-9.5, 0, false, "-10"},
    };
    CHECK_CASES(cases);
}

/* digits < 0: shortest round-trip text (Python repr agrees, apart from its
 * exponent form "1e-07" vs "1e-07" and "1e+21"). */
static void test_shortest(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {0.0, -1, false, "0"},
        {0.1, -1, false, "0.1"},
        {0.3, -1, false, "0.3"},
        {0.1 + 0.2, -1, false, "0.30000000000000004"},
        {1.0 / 3.0, -1, false, "0.3333333333333333"},
        {2.0 / 3.0, -1, false, "0.6666666666666666"},
        {118.0 / 120.0, -1, false, "0.9833333333333333"},
        {2.675, -1, false, "2.675"},
        {9.995, -1, false, "9.995"},
        {100.0, -1, false, "100"},
        {-2.5, -1, false, "-2.5"},
        {123.456, -1, false, "123.456"},
        {9007199254740992.0, -1, false, "9007199254740992"},
        {1e20, -1, false, "100000000000000000000"},
        {1e21, -1, false, "1e+21"},
        {1.5e21, -1, false, "1.5e+21"},
        {1e-6, -1, false, "0.000001"},
        {1.5e-6, -1, false, "0.0000015"},
        {1e-7, -1, false, "1e-07"},
        {1.25e-7, -1, false, "1.25e-07"},
        {3.2e-12, -1, false, "3.2e-12"},
        {1e-300, -1, false, "1e-300"},
        {-1e-300, -1, false, "-1e-300"},
        {DBL_MAX, -1, false, "1.7976931348623157e+308"},
        {DBL_MIN, -1, false, "2.2250738585072014e-308"},
        {5e-324, -1, false, "5e-324"},     /* smallest subnormal */
        {1.5e-323, -1, false, "1.5e-323"}, /* 3 × 5e-324 */
    };
    CHECK_CASES(cases);
}

/* digits >= 0 stays positional however large or small (contract 5). */
static void test_large_and_tiny_fixed(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {1e20, 2, false, "100000000000000000000.00"},
        {1e-300, 3, false, "0.000"},
        {1.5e-10, 10, false, "0.0000000002"},
        {1.4e-10, 10, false, "0.0000000001"},
        {123456789012345678.0, 1, false, "123456789012345680.0"}, /* shortest: 123456789012345680 */
        {0.1, 20, false, "0.10000000000000000000"},
    };
    CHECK_CASES(cases);
}

static void test_special_values(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        {NAN, 2, false, "NA"},      {NAN, -1, true, "NA"},       {INFINITY, 2, false, "Inf"},
        {INFINITY, -1, true, "Inf"}, {-INFINITY, 0, false, "-Inf"}, {-INFINITY, -1, true, "-Inf"},
    };
    CHECK_CASES(cases);
}

/* snprintf semantics: full length returned, text truncated, always terminated. */
static void test_truncation(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(sc_format_decimal(0.125, 2, false, buf, 4), 4);
    assert_string_equal(buf, "0.1");
    assert_int_equal(buf[4], 'x');
    assert_int_equal(sc_format_decimal(0.125, 2, false, NULL, 0), 4);
    assert_int_equal(sc_format_decimal(1e20, 2, false, buf, 1), 24);
    assert_string_equal(buf, "");
    assert_int_equal(sc_format_decimal(NAN, 2, false, buf, 2), 2);
    assert_string_equal(buf, "N");
}

/* The same double written many ways, each twice in turn and then in the
 * reverse order: the text of one way is never handed out for another (the
 * formatter keeps recent texts), and a short buffer still truncates. */
static void test_one_value_many_ways(void **state)
{
    (void)state;
    enum { DECIMALS, EVEN, SIGNIFICANT, SCIENTIFIC };
    static const struct {
        int how, digits;
        bool percent;
        const char *expected;
    } ways[] = {
        {DECIMALS, -1, false, "0.125"}, {DECIMALS, 2, false, "0.13"},
        {EVEN, 2, false, "0.12"},       {DECIMALS, -1, true, "12.5"},
        {DECIMALS, 0, true, "13"},      {EVEN, 0, true, "12"},
        {DECIMALS, 4, false, "0.1250"}, {SIGNIFICANT, 2, false, "0.13"},
        {SIGNIFICANT, 1, false, "0.1"}, {SCIENTIFIC, 2, false, "1.3e-01"},
        {SCIENTIFIC, 3, false, "1.25e-01"},
    };
    size_t n = sizeof ways / sizeof ways[0];
    for (size_t pass = 0; pass < 3 * n; pass++) {
        size_t i = pass < 2 * n ? pass % n : 3 * n - 1 - pass;
        char buf[64];
        size_t len;
        switch (ways[i].how) {
        case DECIMALS:
            len = sc_format_decimal(0.125, ways[i].digits, ways[i].percent, buf, sizeof buf);
            break;
        case EVEN:
            len = sc_format_decimal_rounded(0.125, ways[i].digits, ways[i].percent,
                                            SC_ROUND_HALF_EVEN, buf, sizeof buf);
            break;
        case SIGNIFICANT:
            len = sc_decimal_significant(0.125, ways[i].digits, SC_ROUND_HALF_UP, buf, sizeof buf);
            break;
        default:
            len = sc_decimal_scientific(0.125, ways[i].digits, SC_ROUND_HALF_UP, buf, sizeof buf);
            break;
        }
        assert_string_equal(buf, ways[i].expected);
        assert_int_equal(len, strlen(ways[i].expected));
    }
    char small[8];
    memset(small, 'x', sizeof small);
    assert_int_equal(sc_format_decimal(0.125, -1, false, small, 3), 5);
    assert_string_equal(small, "0.");
    assert_int_equal(small[3], 'x');
    assert_int_equal(sc_format_decimal(0.125, -1, false, NULL, 0), 5);
}

/* Invariant: the shortest text reads back to the same double (deterministic
 * pseudo-random bit patterns over the whole finite range). */
static void test_shortest_round_trips(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        double value;
        memcpy(&value, &seed, sizeof value);
        if (!isfinite(value))
            continue;
        char buf[64];
        sc_format_decimal(value, -1, false, buf, sizeof buf);
        char *end;
        double back = strtod(buf, &end);
        assert_int_equal(*end, '\0');
        if (back != value && !(value == 0 && back == 0)) /* -0 prints as "0" */
            fail_msg("%.17g printed as %s", value, buf);
        assert_true(strlen(buf) <= 25); /* "-0.0000012345678901234567" */

        /* and it is the shortest: one significant digit fewer does not round-trip */
        char digits[64];
        int significant = 0;
        for (const char *p = buf; *p && *p != 'e'; p++) {
            if (*p >= '0' && *p <= '9' && (significant > 0 || *p != '0'))
                digits[significant++] = *p;
        }
        while (significant > 1 && digits[significant - 1] == '0') /* 4277834443099750 */
            significant--;
        char shorter[64];
        if (significant > 1) {
            snprintf(shorter, sizeof shorter, "%.*e", significant - 2, value);
            if (strtod(shorter, NULL) == value)
                fail_msg("%.17g printed as %s but %s also reads back", value, buf, shorter);
        }
    }
}

static void test_significant(void **state)
{
    (void)state;
    static const struct {
        double value;
        int significant;
        const char *expected;
    } cases[] = {
        {0.045678, 4, "0.04568"}, {0.5, 4, "0.5000"},       {1.0, 4, "1.000"},
        {123456.0, 4, "123500"},  {0.00012345, 4, "0.0001235"}, {0.99995, 4, "1.000"},
        {0.099996, 4, "0.1000"},  {0.0456785, 6, "0.0456785"}, {0.04567850, 5, "0.045679"},
        {0.0, 4, "0.000"},        {-0.012345, 4, "-0.01235"},  {NAN, 4, "NA"},
        {0.25, 1, "0.3"},         {0.95, 1, "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t len = sc_decimal_significant(cases[i].value, cases[i].significant, SC_ROUND_HALF_UP, buf, sizeof buf);
        assert_string_equal(buf, cases[i].expected);
        assert_int_equal(len, strlen(cases[i].expected));
    }
}

static void test_scientific(void **state)
{
    (void)state;
    static const struct {
        double value;
        int significant;
        const char *expected;
    } cases[] = {
        {3.2e-12, 4, "3.200e-12"},   {1e20, 4, "1.000e+20"},     {0.000099996, 4, "1.000e-04"},
        {1.23456e-5, 4, "1.235e-05"}, {1.23449e-5, 4, "1.234e-05"}, {-3e-6, 4, "-3.000e-06"},
        {9.9995e-5, 4, "1.000e-04"}, {1.5e-300, 2, "1.5e-300"},   {5e-324, 4, "5.000e-324"},
        {DBL_MAX, 4, "1.798e+308"},  {2.5, 1, "3e+00"},           {-INFINITY, 4, "-Inf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t len = sc_decimal_scientific(cases[i].value, cases[i].significant, SC_ROUND_HALF_UP, buf, sizeof buf);
        assert_string_equal(buf, cases[i].expected);
        assert_int_equal(len, strlen(cases[i].expected));
    }
}

/* Half-even (GB/T 8170-2008 rule 3, 四舍六入五成双) on the shortest decimal:
 * the classic examples of the rule (12.1498 -> 12.1; 10.5002 -> 11; 1.050 ->
 * 1.0 and 0.35 -> 0.4 at one decimal; -0.0365 -> -0.036 at three), and ties at
 * an even or odd kept digit, zero included. */
static void test_half_even(void **state)
{
    (void)state;
    static const struct {
        double value;
        int digits;
        bool percent;
        const char *half_even, *half_up;
    } cases[] = {
        {12.1498, 1, false, "12.1", "12.1"},  {10.5002, 0, false, "11", "11"},
        {1.050, 1, false, "1.0", "1.1"},      {0.35, 1, false, "0.4", "0.4"},
        {-0.0365, 3, false, "-0.036", "-0.037"}, {0.125, 2, false, "0.12", "0.13"},
        {0.135, 2, false, "0.14", "0.14"},    {0.1251, 2, false, "0.13", "0.13"},
        {2.5, 0, false, "2", "3"},            {0.5, 0, false, "0", "1"},
        {0.005, 2, false, "0.00", "0.01"},    {-0.005, 2, false, "0.00", "-0.01"},
        {9.995, 2, false, "10.00", "10.00"},  {0.46875, 2, true, "46.88", "46.88"},
        {0.12345, 2, true, "12.34", "12.35"}, {2.675, 2, false, "2.68", "2.68"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        sc_format_decimal_rounded(cases[i].value, cases[i].digits, cases[i].percent,
                                  SC_ROUND_HALF_EVEN, buf, sizeof buf);
        assert_string_equal(buf, cases[i].half_even);
        sc_format_decimal_rounded(cases[i].value, cases[i].digits, cases[i].percent,
                                  SC_ROUND_HALF_UP, buf, sizeof buf);
        assert_string_equal(buf, cases[i].half_up);
    }
    /* significant digits and scientific notation follow the rule too */
    char buf[64];
    sc_decimal_significant(0.012345, 4, SC_ROUND_HALF_EVEN, buf, sizeof buf);
    assert_string_equal(buf, "0.01234");
    sc_decimal_significant(0.012345, 4, SC_ROUND_HALF_UP, buf, sizeof buf);
    assert_string_equal(buf, "0.01235");
    sc_decimal_scientific(1.2345e-7, 4, SC_ROUND_HALF_EVEN, buf, sizeof buf);
    assert_string_equal(buf, "1.234e-07");
}

/* Exact fractions a/b - c/d (contract 3a), each expected value worked out by
 * hand from the exact decimal expansion. */
static void test_fraction(void **state)
{
    (void)state;
    static const struct {
        sc_fraction value;
        int digits;
        bool percent;
        const char *half_up, *half_even;
    } cases[] = {
        /* 23/40 - 10/20 = 0.075 exactly; the doubles give 0.07499999999999996 */
        {{23, 40, 10, 20}, 2, false, "0.08", "0.08"},
        /* 15/32 - 7/25 = 0.18875 = 18.875% */
        {{15, 32, 7, 25}, 2, true, "18.88", "18.88"},
        {{1, 8, 0, 1}, 2, false, "0.13", "0.12"},
        {{0, 1, 1, 8}, 2, false, "-0.13", "-0.12"},
        {{10, 20, 23, 40}, 2, false, "-0.08", "-0.08"},
        /* 1/8 - 2^-61 is just below the tie, though its double is 0.125 */
        {{1, 8, 1, UINT64_C(1) << 61}, 2, false, "0.12", "0.12"},
        /* 0.1249999999999999995663191310057982 */
        {{1, 8, 1, UINT64_C(1) << 61}, 19, false, "0.1249999999999999996", "0.1249999999999999996"},
        {{1, 3, 0, 1}, 2, false, "0.33", "0.33"},
        {{2, 3, 0, 1}, 15, false, "0.666666666666667", "0.666666666666667"},
        {{2, 3, 0, 1}, 13, true, "66.6666666666667", "66.6666666666667"},
        {{1, 2, 1, 2}, 2, false, "0.00", "0.00"},
        {{1, 1, 0, 1}, 0, true, "100", "100"},
        {{1, 200, 0, 1}, 2, false, "0.01", "0.00"}, /* 0.005 */
        {{1, 2000, 0, 1}, 2, false, "0.00", "0.00"}, /* 0.0005 */
        {{3, 1, 0, 1}, 1, false, "3.0", "3.0"},
        {{19069, 20000, 0, 1}, 2, true, "95.35", "95.34"}, /* 95.345% */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t len = sc_decimal_fraction(&cases[i].value, cases[i].digits, cases[i].percent,
                                         SC_ROUND_HALF_UP, buf, sizeof buf);
        if (strcmp(buf, cases[i].half_up) != 0)
            print_error("case %zu half-up: got \"%s\"\n", i, buf);
        assert_string_equal(buf, cases[i].half_up);
        assert_int_equal(len, strlen(buf));
        sc_decimal_fraction(&cases[i].value, cases[i].digits, cases[i].percent,
                            SC_ROUND_HALF_EVEN, buf, sizeof buf);
        if (strcmp(buf, cases[i].half_even) != 0)
            print_error("case %zu half-even: got \"%s\"\n", i, buf);
        assert_string_equal(buf, cases[i].half_even);
    }
}

/* Printed numbers as a table prints them (contract 8): the decimals are the
 * text's, "3.0" has one. */
static void test_printed_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok, negative, percent;
        int digits;
        uint64_t mantissa;
    } cases[] = {
        {"95.3", true, false, false, 1, 953},
        {"95.3%", true, false, true, 1, 953},
        {" 0.953 ", true, false, false, 3, 953},
        {"3.0", true, false, false, 1, 30},
        {"12", true, false, false, 0, 12},
        {"+0.38", true, false, false, 2, 38},
        {"-0.13", true, true, false, 2, 13},
        {"\xe2\x88\x92" "1.2", true, true, false, 1, 12}, /* U+2212 minus */
        {"2.2\xef\xbc\x85", true, false, true, 1, 22},    /* full-width percent */
        {".5", true, false, false, 1, 5},
        {"5.", true, false, false, 0, 5},
        {"", false, false, false, 0, 0},
        {".", false, false, false, 0, 0},
        {"1.2.3", false, false, false, 0, 0},
        {"95,3", false, false, false, 0, 0},
        {"abc", false, false, false, 0, 0},
        {"1e3", false, false, false, 0, 0},
        {"0.1234567890123", false, false, false, 0, 0}, /* 13 decimals */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sc_printed number = {0};
        bool ok = sc_printed_parse(cases[i].text, strlen(cases[i].text), &number);
        if (ok != cases[i].ok)
            print_error("case %zu \"%s\"\n", i, cases[i].text);
        assert_int_equal(ok, cases[i].ok);
        if (!ok)
            continue;
        assert_int_equal(number.negative, cases[i].negative);
        assert_int_equal(number.percent, cases[i].percent);
        assert_int_equal(number.digits, cases[i].digits);
        assert_int_equal(number.mantissa, cases[i].mantissa);
    }
}

/* x/n x 10^e rounded exactly; every expected value is hand arithmetic. */
static void test_ratio(void **state)
{
    (void)state;
    static const struct {
        uint64_t x, n;
        int exponent;
        uint64_t half_up, half_even, truncated;
    } cases[] = {
        {31, 34, 4, 9118, 9118, 9117},      /* 91.176470...% at 2 decimals */
        {5, 8, 2, 63, 62, 62},              /* 62.5% at 0 decimals: a tie, 2 even */
        {7, 8, 2, 88, 88, 87},              /* 87.5%: a tie, 7 odd */
        {395, 400, 3, 988, 988, 987},       /* 98.75% at 1 decimal */
        {1, 3, 3, 333, 333, 333},           /* 33.333...% */
        {2, 3, 3, 667, 667, 666},           /* 66.666...% */
        {0, 7, 3, 0, 0, 0},
        {7, 7, 3, 1000, 1000, 1000},
        {81935, 3673579, 3, 22, 22, 22},    /* 2.2304...%: the 2019 H2 total */
        {1964, 25672, 3, 77, 77, 76},       /* 7.6503...% */
        {1963, 25672, 3, 76, 76, 76},       /* 7.6464...% */
        {1, 8, 1, 1, 1, 1},                 /* 0.125 at 1 decimal: 0.1 */
        {1, 8, 2, 13, 12, 12},              /* 0.125 at 2 decimals: a tie */
        {UINT64_C(4503599627370495), UINT64_C(9007199254740991), 14, UINT64_C(50000000000000),
         UINT64_C(50000000000000), UINT64_C(49999999999999)}, /* (2^52 - 1)/(2^53 - 1) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(sc_decimal_ratio(cases[i].x, cases[i].n, cases[i].exponent,
                                          SC_RATIO_HALF_UP), cases[i].half_up);
        assert_int_equal(sc_decimal_ratio(cases[i].x, cases[i].n, cases[i].exponent,
                                          SC_RATIO_HALF_EVEN), cases[i].half_even);
        assert_int_equal(sc_decimal_ratio(cases[i].x, cases[i].n, cases[i].exponent,
                                          SC_RATIO_TRUNCATE), cases[i].truncated);
    }
    assert_int_equal(sc_decimal_ratio(1, 0, 2, SC_RATIO_HALF_UP), 0); /* n = 0 */
    assert_int_equal(sc_decimal_ratio(1, 2, -1, SC_RATIO_HALF_UP), 0);
}

/* The counts that give a printed rate (hand arithmetic, and the 2014 range
 * that scripts/make-real-datasets derived with Python fractions). */
static void test_ratio_range(void **state)
{
    (void)state;
    uint64_t first, last;
    /* 2014: 92.3% of 25672 passed, i.e. 7.7% unqualified: 1964..1989 */
    assert_true(sc_decimal_ratio_range(25672, 3, 77, &first, &last));
    assert_int_equal(first, 1964);
    assert_int_equal(last, 1989);
    /* 50.0% of 7: 3/7 = 42.9, 4/7 = 57.1 */
    assert_false(sc_decimal_ratio_range(7, 3, 500, &first, &last));
    assert_int_equal(first, 4);
    /* 0.0% and 100.0% of 3 */
    assert_true(sc_decimal_ratio_range(3, 3, 0, &first, &last));
    assert_int_equal(first, 0);
    assert_int_equal(last, 0);
    assert_true(sc_decimal_ratio_range(3, 3, 1000, &first, &last));
    assert_int_equal(first, 3);
    assert_int_equal(last, 3);
    /* above 100% */
    assert_false(sc_decimal_ratio_range(3, 3, 1001, &first, &last));
    assert_int_equal(first, 4);
    /* 2.5% of 40: exactly 1 */
    assert_true(sc_decimal_ratio_range(40, 3, 25, &first, &last));
    assert_int_equal(first, 1);
    assert_int_equal(last, 1);
}

static void test_scaled(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(sc_decimal_scaled(false, 9118, 2, buf, sizeof buf), 5);
    assert_string_equal(buf, "91.18");
    sc_decimal_scaled(false, 0, 1, buf, sizeof buf);
    assert_string_equal(buf, "0.0");
    sc_decimal_scaled(true, 13, 2, buf, sizeof buf);
    assert_string_equal(buf, "-0.13");
    sc_decimal_scaled(true, 0, 2, buf, sizeof buf);
    assert_string_equal(buf, "0.00");
    sc_decimal_scaled(false, 63, 0, buf, sizeof buf);
    assert_string_equal(buf, "63");
    assert_int_equal(sc_decimal_scaled(false, 9118, 2, buf, 3), 5); /* truncated like snprintf */
    assert_string_equal(buf, "91");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_examples),
        cmocka_unit_test(test_ties_at_every_position),
        cmocka_unit_test(test_near_ties),
        cmocka_unit_test(test_negative),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_digits_zero),
        cmocka_unit_test(test_shortest),
        cmocka_unit_test(test_large_and_tiny_fixed),
        cmocka_unit_test(test_special_values),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_one_value_many_ways),
        cmocka_unit_test(test_shortest_round_trips),
        cmocka_unit_test(test_significant),
        cmocka_unit_test(test_scientific),
        cmocka_unit_test(test_half_even),
        cmocka_unit_test(test_fraction),
        cmocka_unit_test(test_printed_parse),
        cmocka_unit_test(test_ratio),
        cmocka_unit_test(test_ratio_range),
        cmocka_unit_test(test_scaled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
