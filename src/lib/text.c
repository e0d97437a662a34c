/* spotcheck — small text helpers shared inside the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "spotcheck/error.h"
#include "text.h"

void sc_text_excerpt(const char *text, size_t len, char *out, size_t size)
{
    size_t n = len < 40 ? len : 40;
    while (n > 0 && n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    /* escaped here already, as sc_error_set would, so that a NUL byte shows
     * as \0 instead of ending the excerpt */
    size_t at = sc_escape_text(out, size - 3, text, n);
    strcpy(out + at, at < n || n < len ? "..." : "");
}
