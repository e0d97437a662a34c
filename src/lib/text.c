/* spotcheck — small text helpers shared inside the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <strings.h>

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

bool sc_text_names(const char *name, const char *canonical, const char *aliases)
{
    if (strcasecmp(name, canonical) == 0)
        return true;
    size_t len = strlen(name);
    for (const char *a = aliases; a && *a;) {
        size_t word = strcspn(a, ",");
        if (word == len && strncasecmp(a, name, len) == 0)
            return true;
        a += word + (a[word] == ',');
    }
    return false;
}
