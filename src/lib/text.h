/* spotcheck — small text helpers shared inside the library (not exported).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TEXT_H
#define SPOTCHECK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Copies at most 40 bytes of text[0, len) into out (size >= 8), cut on a
 * UTF-8 character boundary, escaped by sc_escape_text (a NUL byte as \0),
 * with "..." appended when something was cut: a value short enough to quote
 * in an error message. */
void sc_text_excerpt(const char *text, size_t len, char *out, size_t size);

#endif
