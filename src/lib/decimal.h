/* spotcheck — decimal formatting helpers for the writers (private to the library).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All of these follow the rules of sc_format_decimal (include/spotcheck/output.h):
 * the double is first turned into its shortest round-trip decimal string and
 * that string is rounded by `rounding` (half-up on the magnitude, or
 * half-even).
 * Each returns the length of the full text and writes at most size - 1 bytes
 * and a NUL, like snprintf.  NaN gives "NA", infinities "Inf" and "-Inf".
 */
#ifndef SPOTCHECK_DECIMAL_H
#define SPOTCHECK_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spotcheck/output.h"

/* `significant` (>= 1) significant digits in positional notation, trailing
 * zeros kept: 0.045678 at 4 gives "0.04568", 0.5 gives "0.5000", 1 gives
 * "1.000", 123456 gives "123500".  Zero gives "0" followed by
 * significant - 1 decimals. */
size_t sc_decimal_significant(double value, int significant, sc_rounding rounding, char *buf,
                              size_t size);

/* `significant` (>= 1) significant digits in scientific notation with a signed
 * exponent of at least two digits: 3.2e-12 at 4 gives "3.200e-12",
 * 1e20 gives "1.000e+20", 0.000099996 gives "1.000e-04". */
size_t sc_decimal_scientific(double value, int significant, sc_rounding rounding, char *buf,
                             size_t size);

/* The exact value a/b - c/d of `fraction` (b, d > 0, all below
 * SC_FRACTION_MAX) rounded to `digits` >= 0 decimals after the percent shift,
 * by `rounding`, in positional notation; no "%" is appended. */
size_t sc_decimal_fraction(const sc_fraction *fraction, int digits, bool percent,
                           sc_rounding rounding, char *buf, size_t size);

/* ---- printed numbers and exact rounding of count ratios (spotcheck check) ----------- */

/* The most decimals a printed number may have (sc_printed_parse); with the
 * percent shift the exponent of sc_decimal_ratio stays within 10^20, so
 * that 2 x 10^20 x 2^53 fits in 128 bits. */
#define SC_PRINTED_DIGITS_MAX 12

/* A decimal number as a table prints it: ±mantissa / 10^digits, with the
 * number of decimals as written ("3.0" has 1, "12" has 0) and whether a
 * percent sign followed it. */
typedef struct sc_printed {
    bool negative;
    bool percent;
    int digits;
    uint64_t mantissa;
} sc_printed;

/* Parses a printed number: surrounding ASCII spaces, an optional sign (+, -,
 * or U+2212 and the full-width ＋ －), digits with at most one point (at
 * least one digit before or after it), then optionally % or ％.  false
 * for anything else, for more than SC_PRINTED_DIGITS_MAX decimals or more
 * than 18 digits in all.  "-0.0" is negative with mantissa 0. */
bool sc_printed_parse(const char *text, size_t len, sc_printed *out);

/* How sc_decimal_ratio rounds: half-up (四舍五入), half-even (GB/T 8170
 * 四舍六入五成双), or truncation (dropping the digits, toward zero). */
typedef enum sc_ratio_rounding {
    SC_RATIO_HALF_UP,
    SC_RATIO_HALF_EVEN,
    SC_RATIO_TRUNCATE
} sc_ratio_rounding;

/* x / n x 10^exponent rounded to an integer, exactly (128-bit integers, no
 * floating point): 31/34 at exponent 4 (percent with 2 decimals) is 9118
 * half-up, 9117 truncated.  Needs n > 0, x and n below 2^62, 0 <= exponent
 * <= SC_PRINTED_DIGITS_MAX + 2 (callers keep to it; 0 otherwise). */
uint64_t sc_decimal_ratio(uint64_t x, uint64_t n, int exponent, sc_ratio_rounding rounding);

/* The counts x of 0..n whose x / n x 10^exponent rounds half-up to
 * `value` (a printed rate's mantissa): [*first, *last], found by bisection
 * (the rounded ratio rises with x).  false when no count gives it; then
 * *first is the least count that rounds above it (n + 1 when none does).
 * Needs 0 < n < 2^62 and the exponent of sc_decimal_ratio. */
bool sc_decimal_ratio_range(uint64_t n, int exponent, uint64_t value, uint64_t *first,
                            uint64_t *last);

/* Writes ±mantissa / 10^digits in positional notation with exactly
 * `digits` decimals ("91.18", "0.0", "-0.13"; no sign for zero), like
 * snprintf. */
size_t sc_decimal_scaled(bool negative, uint64_t mantissa, int digits, char *buf, size_t size);

#endif
