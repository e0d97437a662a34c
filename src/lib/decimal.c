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
 *  3. Rounding to d decimals looks at the first dropped digit only: 5 or more
 *     rounds the magnitude up ("half away from zero", what 四舍五入 means
 *     for negative numbers too): 0.125 → "0.13", 2.675 → "2.68",
 *     9.995 → "10.00", -0.0005 at 3 → "-0.001", 0.5 at 0 → "1", 2.5 → "3".
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
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "spotcheck/output.h"

/* value = ±d[0].d[1]d[2]…d[ndigits-1] × 10^exponent; ndigits == 0 is zero. */
typedef struct decimal {
    bool negative;
    int ndigits;
    long exponent;
    char digits[24];
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

/* Contract 1.  `value` must be finite. */
static void decimal_from_double(double value, decimal *number)
{
    double magnitude = fabs(value);
    number->negative = signbit(value) != 0;
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

/* Contract 3: keeps `keep` significant digits, rounding the magnitude half up. */
static void decimal_round(decimal *number, long keep)
{
    if (number->ndigits == 0 || keep >= number->ndigits)
        return;
    if (keep < 0) {
        number->ndigits = 0;
        return;
    }
    bool up = number->digits[keep] >= '5';
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

size_t sc_format_decimal(double value, int digits, bool percent, char *buf, size_t size)
{
    sink out = {buf, size, 0};
    if (put_special(value, &out))
        return sink_finish(&out);

    decimal number;
    decimal_from_double(value, &number);
    if (percent && number.ndigits > 0)
        number.exponent += 2;

    if (digits >= 0) {
        decimal_round(&number, number.exponent + digits + 1);
        decimal_put_fixed(&number, digits, &out);
    } else if (number.ndigits == 0) {
        sink_put(&out, '0');
    } else if (number.exponent > -7 && number.exponent < 21) {
        long decimals = number.ndigits - 1 - number.exponent;
        decimal_put_fixed(&number, decimals > 0 ? decimals : 0, &out);
    } else {
        decimal_put_scientific(&number, number.ndigits - 1, &out);
    }
    return sink_finish(&out);
}

size_t sc_decimal_significant(double value, int significant, char *buf, size_t size)
{
    sink out = {buf, size, 0};
    if (put_special(value, &out))
        return sink_finish(&out);
    if (significant < 1)
        significant = 1;

    decimal number;
    decimal_from_double(value, &number);
    decimal_round(&number, significant);
    long decimals = significant - 1 - (number.ndigits > 0 ? number.exponent : 0);
    decimal_put_fixed(&number, decimals > 0 ? decimals : 0, &out);
    return sink_finish(&out);
}

size_t sc_decimal_scientific(double value, int significant, char *buf, size_t size)
{
    sink out = {buf, size, 0};
    if (put_special(value, &out))
        return sink_finish(&out);
    if (significant < 1)
        significant = 1;

    decimal number;
    decimal_from_double(value, &number);
    decimal_round(&number, significant);
    decimal_put_scientific(&number, significant - 1, &out);
    return sink_finish(&out);
}
