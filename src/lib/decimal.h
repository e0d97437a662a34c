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

#endif
