/* spotcheck — small text helpers shared inside the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "text.h"

void sc_text_excerpt(const char *text, size_t len, char *out, size_t size)
{
    size_t n = len < 40 ? len : 40;
    while (n > 0 && n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    if (n + 4 > size)
        n = size - 4;
    memcpy(out, text, n);
    strcpy(out + n, n < len ? "..." : "");
}
