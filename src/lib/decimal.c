/* spotcheck — decimal half-up rounding of doubles for display.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (DESIGN.md §1 fact 4 and §4; sc_format_decimal in
 * include/spotcheck/output.h):
 *  1. A finite double is first written as its shortest round-trip decimal: the
 *     first of the correctly rounded 15-, 16- and 17-significant-digit forms
 *     that strtod reads back to the same double (for subnormals, the first of
 *     1..17 digits).  So 2.675, stored as 2.67499999999999982236431605997495353221893310546875,
 *     is the decimal 2.675, and 9.995 is 9.995.
 *  2. --percent moves the decimal point of that string two places right; no
 *     binary multiplication happens (0.95345 becomes 95.345, not 95.34499…).
 *  3. Rounding to d decimals, SC_ROUND_HALF_UP (the default), looks at the
 *     first dropped digit only: 5 or more rounds the magnitude up ("half away
 *     from zero", what 四舍五入 means for negative numbers too): 0.125 →
 *     "0.13", 2.675 → "2.68", 9.995 → "10.00", -0.0005 at 3 → "-0.001",
 *     0.5 at 0 → "1", 2.5 → "3".  SC_ROUND_HALF_EVEN is GB/T 8170-2008 rule
 *     3.3 (四舍六入五成双): a dropped part above half rounds up, below half
 *     down, and exactly half (a 5 with nothing but zeros after it) rounds to
 *     the even neighbour: 0.125 → "0.12", 0.135 → "0.14", 0.1251 → "0.13",
 *     2.5 at 0 → "2", 0.5 at 0 → "0"; negative values by their magnitude
 *     (rule 3.4).  For a double, "exactly half" refers to its shortest
 *     decimal (contract 1), the digits a reader sees.
 *  3a. Exact fractions (sc_decimal_fraction): a/b - c/d is written from its
 *     exact decimal expansion (128-bit long division), so 23/40 - 10/20 =
 *     0.075 is a tie however the difference of the doubles comes out
 *     (0.07499999999999996), and a value just beside a tie is never taken
 *     for one.
 *  4. A value that rounds to zero is written without a sign ("0.00", never
 *     "-0.00"); -0.0 is "0".
 *  5. Without rounding (digits < 0) the shortest form is written in positional
 *     notation when its decimal exponent e (value = d.ddd × 10^e) satisfies
 *     -7 < e < 21, otherwise in scientific notation ("1e-300", "1.5e+21"), the
 *     same rule as JavaScript's Number.prototype.toString, so the text is a
 *     valid JSON number and reads back with strtod.  With digits >= 0 the
 *     notation is always positional, however large or small the value.
 *  6. NaN is "NA"; infinities are "Inf" and "-Inf" (no percent shift).
 *  7. Output is truncated like snprintf and the full length returned.
 *  8. Printed numbers and count ratios (spotcheck check): sc_printed_parse
 *     keeps a number's text as an integer mantissa and its decimals, and
 *     sc_decimal_ratio rounds x/n x 10^e to an integer with 128-bit integer
 *     arithmetic only, so a printed rate is compared with the counts
 *     exactly: 31/34 = 91.176...% is 91.18 half-up and 91.17 truncated, and
 *     a tie (1/8 = 12.5% at 0 decimals) is a tie.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "spotcheck/output.h"

/* value = ±d[0].d[1]d[2]…d[ndigits-1] × 10^exponent; ndigits == 0 is zero.
 * `sticky`: nonzero digits follow the stored ones (exact fractions only). */
typedef struct decimal {
    bool negative;
    bool sticky;
    int ndigits;
    long exponent;
    char digits[64];
} decimal;

/* Receives text up to a buffer's capacity and counts all of it (snprintf semantics). */
typedef struct sink {
    char *buf;
    size_t size;
    size_t len;
} sink;

static void sink_put(sink *out, char c)
{
    if (out->len + 1 < out->size)
        out->buf[out->len] = c;
    out->len++;
}

static void sink_puts(sink *out, const char *text)
{
    while (*text)
        sink_put(out, *text++);
}

static size_t sink_finish(sink *out)
{
    if (out->size > 0)
        out->buf[out->len < out->size ? out->len : out->size - 1] = '\0';
    return out->len;
}

/* Contract 1 by printf and strtod.  `value` must be finite. */
static void shortest_digits(double value, decimal *number)
{
    double magnitude = fabs(value);
    number->negative = signbit(value) != 0;
    number->sticky = false;
    number->ndigits = 0;
    number->exponent = 0;
    if (magnitude == 0.0)
        return;

    /* 15 digits always round-trip when a form of 15 or fewer does (DBL_DIG),
     * except for subnormals, which carry fewer digits. */
    char text[40];
    int precision = magnitude < DBL_MIN ? 1 : DBL_DIG;
    for (;; precision++) {
        snprintf(text, sizeof text, "%.*e", precision - 1, magnitude);
        if (precision >= 17 || strtod(text, NULL) == magnitude)
            break;
    }

    int count = 0;
    const char *p = text;
    for (; *p && *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9')
            number->digits[count++] = *p;
    }
    number->exponent = *p == 'e' ? strtol(p + 1, NULL, 10) : 0;
    while (count > 1 && number->digits[count - 1] == '0')
        count--;
    number->ndigits = count;
}

/* The digit whose place value is 10^place, '0' outside the stored digits. */
static char decimal_digit(const decimal *number, long place)
{
    long index = number->exponent - place;
    return index >= 0 && index < number->ndigits ? number->digits[index] : '0';
}

/* Contract 3: whether dropping digits [keep, ndigits) (and the sticky ones)
 * rounds the magnitude up. */
static bool decimal_rounds_up(const decimal *number, long keep, sc_rounding rounding)
{
    char first = number->digits[keep];
    if (rounding != SC_ROUND_HALF_EVEN || first != '5')
        return first >= '5';
    bool beyond_half = number->sticky;
    for (long i = keep + 1; i < number->ndigits && !beyond_half; i++)
        beyond_half = number->digits[i] != '0';
    if (beyond_half)
        return true;
    /* exactly half: to the even neighbour (a kept part of zero is even) */
    return keep > 0 && (number->digits[keep - 1] - '0') % 2 == 1;
}

/* Contract 3: keeps `keep` significant digits, rounding the magnitude. */
static void decimal_round(decimal *number, long keep, sc_rounding rounding)
{
    if (number->ndigits == 0 || keep >= number->ndigits) {
        number->sticky = false; /* a dropped 0 followed by anything is below half */
        return;
    }
    if (keep < 0) {
        number->ndigits = 0;
        number->sticky = false;
        return;
    }
    bool up = decimal_rounds_up(number, keep, rounding);
    number->sticky = false;
    int count = (int)keep;
    if (up) {
        int i = count - 1;
        while (i >= 0 && number->digits[i] == '9')
            i--;
        if (i < 0) { /* 9.99… carries into a new leading digit */
            number->digits[0] = '1';
            number->ndigits = 1;
            number->exponent++;
            return;
        }
        number->digits[i]++;
        count = i + 1;
    }
    while (count > 0 && number->digits[count - 1] == '0')
        count--;
    number->ndigits = count;
}

/* Positional text with exactly `decimals` digits after the point; the number
 * must already be rounded to that many decimals. */
static void decimal_put_fixed(const decimal *number, long decimals, sink *out)
{
    if (number->negative && number->ndigits > 0)
        sink_put(out, '-');
    for (long place = number->exponent > 0 ? number->exponent : 0; place >= 0; place--)
        sink_put(out, decimal_digit(number, place));
    if (decimals > 0) {
        sink_put(out, '.');
        for (long place = -1; place >= -decimals; place--)
            sink_put(out, decimal_digit(number, place));
    }
}

/* d.ddd with `decimals` fraction digits, then e±XX. */
static void decimal_put_scientific(const decimal *number, long decimals, sink *out)
{
    if (number->negative && number->ndigits > 0)
        sink_put(out, '-');
    sink_put(out, number->ndigits > 0 ? number->digits[0] : '0');
    if (decimals > 0) {
        sink_put(out, '.');
        for (long i = 1; i <= decimals; i++)
            sink_put(out, i < number->ndigits ? number->digits[i] : '0');
    }
    char exponent[24];
    snprintf(exponent, sizeof exponent, "e%+03ld", number->ndigits > 0 ? number->exponent : 0L);
    sink_puts(out, exponent);
}

/* Contract 6; true when the value was written. */
static bool put_special(double value, sink *out)
{
    if (isnan(value))
        sink_puts(out, "NA");
    else if (isinf(value))
        sink_puts(out, value < 0 ? "-Inf" : "Inf");
    else
        return false;
    return true;
}

/* Writes `number` (already shifted for percent) rounded to `digits`
 * decimals, or in its shortest form when digits < 0 (contract 5). */
static void decimal_put(decimal *number, int digits, sc_rounding rounding, sink *out)
{
    if (digits >= 0) {
        decimal_round(number, number->exponent + digits + 1, rounding);
        decimal_put_fixed(number, digits, out);
    } else if (number->ndigits == 0) {
        sink_put(out, '0');
    } else if (number->exponent > -7 && number->exponent < 21) {
        long decimals = number->ndigits - 1 - number->exponent;
        decimal_put_fixed(number, decimals > 0 ? decimals : 0, out);
    } else {
        decimal_put_scientific(number, number->ndigits - 1, out);
    }
}

size_t sc_format_decimal(double value, int digits, bool percent, char *buf, size_t size)
{
    return sc_format_decimal_rounded(value, digits, percent, SC_ROUND_HALF_UP, buf, size);
}

/* How a double is written (the three kinds of text below). */
typedef enum text_style { TEXT_DECIMALS, TEXT_SIGNIFICANT, TEXT_SCIENTIFIC } text_style;

/* `value` (finite) as `style` asks: `digits` decimals (or the shortest form,
 * contract 5), or `digits` significant digits (at least 1). */
static void put_double(text_style style, double value, int digits, bool percent,
                       sc_rounding rounding, sink *out)
{
    decimal number;
    shortest_digits(value, &number);
    if (style == TEXT_DECIMALS) {
        if (percent && number.ndigits > 0)
            number.exponent += 2;
        decimal_put(&number, digits, rounding, out);
        return;
    }
    int significant = digits < 1 ? 1 : digits;
    decimal_round(&number, significant, rounding);
    if (style == TEXT_SCIENTIFIC) {
        decimal_put_scientific(&number, significant - 1, out);
        return;
    }
    long decimals = significant - 1 - (number.ndigits > 0 ? number.exponent : 0);
    decimal_put_fixed(&number, decimals > 0 ? decimals : 0, out);
}

/* A text in format_double's cache (len 0: an empty slot). */
enum { TEXT_SLOTS = 512, TEXT_MAX = 32 };
typedef struct text_slot {
    uint64_t bits;
    int digits;
    unsigned char style, percent, rounding, len;
    char text[TEXT_MAX];
} text_slot;

/* put_double into buf[0, size), snprintf-like.  A table of many small
 * groups repeats the same few rates and limits, and finding the shortest
 * digits takes up to three snprintf and strtod calls, so the text of recent
 * values is kept in a small direct-mapped cache per thread, keyed by the
 * value's bits and how it is written. */
static size_t format_double(text_style style, double value, int digits, bool percent,
                            sc_rounding rounding, char *buf, size_t size)
{
    static _Thread_local text_slot cache[TEXT_SLOTS];
    sink out = {buf, size, 0};
    if (put_special(value, &out))
        return sink_finish(&out);
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    uint64_t how = (uint64_t)(unsigned)digits << 8 | (uint64_t)style << 4 |
                   (uint64_t)percent << 2 | (uint64_t)rounding;
    text_slot *c = &cache[((bits ^ how) * UINT64_C(0x9E3779B97F4A7C15)) >> 55 & (TEXT_SLOTS - 1)];
    if (c->len && c->bits == bits && c->digits == digits && c->style == style &&
        c->percent == percent && c->rounding == rounding) {
        size_t copied = c->len < size ? c->len : size - 1;
        if (size > TEXT_MAX)
            memcpy(buf, c->text, TEXT_MAX); /* a fixed size copies fastest */
        else if (size > 0)
            memcpy(buf, c->text, copied);
        if (size > 0)
            buf[copied] = '\0';
        return c->len;
    }
    put_double(style, value, digits, percent, rounding, &out);
    size_t len = sink_finish(&out);
    if (len < TEXT_MAX && len < size) {
        *c = (text_slot){bits, digits, (unsigned char)style, percent, (unsigned char)rounding,
                         (unsigned char)len, {0}};
        memcpy(c->text, buf, len);
    }
    return len;
}

size_t sc_format_decimal_rounded(double value, int digits, bool percent, sc_rounding rounding,
                                 char *buf, size_t size)
{
    return format_double(TEXT_DECIMALS, value, digits, percent, rounding, buf, size);
}

/* ---- exact fractions (contract 3a) ------------------------------------------------ */

__extension__ typedef unsigned __int128 u128;

/* The digits of |a/b - c/d| down to the place 10^last_place (the digit
 * there included), the rest as `sticky`.  Operands are below 2^62, so the
 * products stay below 2^124 and ten times a remainder fits in 128 bits. */
static void decimal_from_fraction(const sc_fraction *f, long last_place, decimal *number)
{
    u128 left = (u128)f->a * f->d, right = (u128)f->c * f->b;
    u128 den = (u128)f->b * f->d;
    number->negative = left < right;
    u128 num = left < right ? right - left : left - right;
    number->ndigits = 0;
    number->exponent = 0;
    number->sticky = false;

    u128 whole = num / den, rest = num % den;
    char text[48];
    int len = 0;
    for (; whole > 0; whole /= 10)
        text[len++] = (char)('0' + (int)(whole % 10));
    int count = 0;
    for (int i = len - 1; i >= 0; i--)
        number->digits[count++] = text[i];
    number->exponent = len - 1;
    for (long place = -1; place >= last_place && rest > 0 && count < (int)sizeof number->digits;
         place--) {
        rest *= 10;
        char digit = (char)('0' + (int)(rest / den));
        rest %= den;
        if (count == 0 && digit == '0')
            continue; /* leading zeros are not digits */
        if (count == 0)
            number->exponent = place;
        number->digits[count++] = digit;
    }
    number->sticky = rest > 0;
    while (count > 0 && number->digits[count - 1] == '0')
        count--;
    number->ndigits = count;
}

size_t sc_decimal_fraction(const sc_fraction *fraction, int digits, bool percent,
                           sc_rounding rounding, char *buf, size_t size)
{
    sink out = {buf, size, 0};
    decimal number;
    /* the first dropped digit, before the percent shift */
    decimal_from_fraction(fraction, -(long)digits - (percent ? 2 : 0) - 1, &number);
    if (percent && number.ndigits > 0)
        number.exponent += 2;
    decimal_put(&number, digits, rounding, &out);
    return sink_finish(&out);
}

size_t sc_decimal_significant(double value, int significant, sc_rounding rounding, char *buf,
                              size_t size)
{
    return format_double(TEXT_SIGNIFICANT, value, significant, false, rounding, buf, size);
}

size_t sc_decimal_scientific(double value, int significant, sc_rounding rounding, char *buf,
                             size_t size)
{
    return format_double(TEXT_SCIENTIFIC, value, significant, false, rounding, buf, size);
}

/* ---- printed numbers, exact ratios (contract 8) ------------------------------------ */

/* Skips one UTF-8 sign character at *p: + - U+2212 ＋ －.  Returns -1 for
 * a minus, 1 for a plus, 0 for none. */
static int printed_sign(const char **p, const char *end)
{
    static const struct {
        const char *text;
        int sign;
    } signs[] = {{"+", 1}, {"-", -1}, {"\xe2\x88\x92", -1}, {"\xef\xbc\x8b", 1},
                 {"\xef\xbc\x8d", -1}};
    for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) {
        size_t len = strlen(signs[i].text);
        if ((size_t)(end - *p) >= len && memcmp(*p, signs[i].text, len) == 0) {
            *p += len;
            return signs[i].sign;
        }
    }
    return 0;
}

bool sc_printed_parse(const char *text, size_t len, sc_printed *out)
{
    const char *p = text, *end = text + len;
    while (p < end && *p == ' ')
        p++;
    while (end > p && end[-1] == ' ')
        end--;
    sc_printed number = {0};
    if (end - p >= 1 && end[-1] == '%') {
        number.percent = true;
        end--;
    } else if (end - p >= 3 && memcmp(end - 3, "\xef\xbc\x85", 3) == 0) { /* ％ */
        number.percent = true;
        end -= 3;
    }
    number.negative = printed_sign(&p, end) < 0;
    int total = 0;
    bool point = false;
    for (; p < end; p++) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        if (*p < '0' || *p > '9')
            return false;
        if (++total > 18)
            return false;
        number.mantissa = number.mantissa * 10 + (uint64_t)(*p - '0');
        if (point)
            number.digits++;
    }
    if (total == 0 || number.digits > SC_PRINTED_DIGITS_MAX)
        return false;
    *out = number;
    return true;
}

uint64_t sc_decimal_ratio(uint64_t x, uint64_t n, int exponent, sc_ratio_rounding rounding)
{
    if (n == 0 || x >= SC_FRACTION_MAX || n >= SC_FRACTION_MAX || exponent < 0 ||
        exponent > SC_PRINTED_DIGITS_MAX + 2)
        return 0;
    u128 scaled = x;
    for (int i = 0; i < exponent; i++)
        scaled *= 10;
    u128 quotient = scaled / n, rest = scaled % n;
    switch (rounding) {
    case SC_RATIO_TRUNCATE:
        break;
    case SC_RATIO_HALF_UP:
        quotient += 2 * rest >= n;
        break;
    case SC_RATIO_HALF_EVEN:
        quotient += 2 * rest > n || (2 * rest == n && quotient % 2 == 1);
        break;
    }
    return (uint64_t)quotient;
}

bool sc_decimal_ratio_range(uint64_t n, int exponent, uint64_t value, uint64_t *first,
                            uint64_t *last)
{
    /* first: the least x whose rounded ratio reaches value; end: the least above it */
    uint64_t lo = 0, hi = n + 1;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (sc_decimal_ratio(mid, n, exponent, SC_RATIO_HALF_UP) >= value)
            hi = mid;
        else
            lo = mid + 1;
    }
    *first = lo;
    hi = n + 1;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (sc_decimal_ratio(mid, n, exponent, SC_RATIO_HALF_UP) > value)
            hi = mid;
        else
            lo = mid + 1;
    }
    *last = lo - 1;
    return lo > *first;
}

size_t sc_decimal_scaled(bool negative, uint64_t mantissa, int digits, char *buf, size_t size)
{
    sink out = {buf, size, 0};
    char text[32];
    int len = snprintf(text, sizeof text, "%0*llu", digits + 1, (unsigned long long)mantissa);
    if (negative && mantissa > 0)
        sink_put(&out, '-');
    for (int i = 0; i < len; i++) {
        if (digits > 0 && i == len - digits)
            sink_put(&out, '.');
        sink_put(&out, text[i]);
    }
    return sink_finish(&out);
}
