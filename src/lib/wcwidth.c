/* spotcheck — locale-independent display width of UTF-8 text.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (sc_display_width in include/spotcheck/output.h):
 *  1. East_Asian_Width W and F count 2 columns: 合格率 is 6 columns.
 *  2. Combining and format characters (general category Mn, Me, Cf, except
 *     U+00AD SOFT HYPHEN) and the conjoining Hangul jamo U+1160..U+11FF count 0.
 *  3. Everything else counts 1, including control characters: the human
 *     writers show each control character as one space.
 *  4. Each byte that does not begin a well-formed UTF-8 sequence counts 1: the
 *     human writers show it as '?'.
 *  5. The process locale is never consulted (wcwidth(3) depends on LC_CTYPE
 *     and returns -1 in the C locale); the tables come from the Unicode
 *     Character Database through scripts/gen-wcwidth.
 */
#include <string.h>

#include "spotcheck/output.h"
#include "wcwidth.h"
#include "wcwidth_table.h"

size_t sc_utf8_decode(const unsigned char *s, size_t len, uint32_t *codepoint)
{
    unsigned char lead = s[0];
    size_t need;
    uint32_t value, min;
    if (lead < 0x80) {
        *codepoint = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2, value = lead & 0x1Fu, min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3, value = lead & 0x0Fu, min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4, value = lead & 0x07u, min = 0x10000;
    } else {
        return 0; /* continuation byte, C0/C1 (overlong) or F5..FF */
    }
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (s[i] & 0x3Fu);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *codepoint = value;
    return need;
}

static int in_ranges(const sc_width_range *ranges, size_t count, uint32_t codepoint)
{
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (codepoint < ranges[mid].first)
            high = mid;
        else if (codepoint > ranges[mid].last)
            low = mid + 1;
        else
            return 1;
    }
    return 0;
}

int sc_codepoint_is_control(uint32_t codepoint)
{
    /* C0, DEL, C1, and the line and paragraph separators U+2028 and U+2029,
     * which break a line wherever text is laid out (pango in gnuplot's
     * cairo terminals, browsers, JavaScript string literals) */
    return codepoint < 0x20 || (codepoint >= 0x7F && codepoint <= 0x9F) || codepoint == 0x2028 ||
           codepoint == 0x2029;
}

int sc_codepoint_width(uint32_t codepoint)
{
    if (codepoint < 0x300)
        return 1; /* fast path: nothing below U+0300 is zero-width or wide */
    if (in_ranges(sc_width_zero, sizeof sc_width_zero / sizeof sc_width_zero[0], codepoint))
        return 0;
    if (in_ranges(sc_width_wide, sizeof sc_width_wide / sizeof sc_width_wide[0], codepoint))
        return 2;
    return 1;
}

size_t sc_display_width(const char *utf8)
{
    if (!utf8)
        return 0;
    const unsigned char *s = (const unsigned char *)utf8;
    size_t len = strlen(utf8), width = 0;
    while (len > 0) {
        uint32_t codepoint;
        size_t used = sc_utf8_decode(s, len, &codepoint);
        if (used == 0) {
            width += 1;
            used = 1;
        } else {
            width += (size_t)sc_codepoint_width(codepoint);
        }
        s += used;
        len -= used;
    }
    return width;
}
