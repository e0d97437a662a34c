/* spotcheck — UTF-8 decoding and display width (private to the library).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_WCWIDTH_H
#define SPOTCHECK_WCWIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one UTF-8 sequence at s[0..len).  Returns the number of bytes it
 * takes (1..4) and stores the code point, or 0 when s does not start with a
 * well-formed sequence (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no truncated sequence).  len must be at least 1. */
size_t sc_utf8_decode(const unsigned char *s, size_t len, uint32_t *codepoint);

/* Terminal columns of one code point: 0, 1 or 2 (see sc_display_width). */
int sc_codepoint_width(uint32_t codepoint);

/* True for C0 controls, DEL, C1 controls (U+0080..U+009F) and the line and
 * paragraph separators U+2028, U+2029: what breaks a line of laid-out text. */
int sc_codepoint_is_control(uint32_t codepoint);

#endif
