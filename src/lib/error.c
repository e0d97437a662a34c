/* spotcheck — status codes and located error messages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "spotcheck/error.h"
#include "spotcheck/spotcheck.h"

static const char *const status_text[] = {
    [SC_OK] = "success",
    [SC_EINVAL] = "invalid argument",
    [SC_EDATA] = "bad input data",
    [SC_ENOMEM] = "out of memory",
    [SC_EIO] = "input/output error",
    [SC_ENOENT] = "cannot open input",
    [SC_EDOMAIN] = "statistic undefined for these data",
    [SC_ENOCONV] = "numerical method did not converge",
    [SC_EINTERNAL] = "internal error",
    [SC_EUNAVAILABLE] = "required program unavailable",
};

/* sysexits.h values, spelled out so that the library does not depend on it. */
static const int status_exit[] = {
    [SC_OK] = 0,        [SC_EINVAL] = 64, [SC_EDATA] = 65,   [SC_ENOMEM] = 71,
    [SC_EIO] = 74,      [SC_ENOENT] = 66, [SC_EDOMAIN] = 65, [SC_ENOCONV] = 70,
    [SC_EINTERNAL] = 70, [SC_EUNAVAILABLE] = 69,
};

const char *sc_version(void) { return SC_VERSION_STRING; }

const char *sc_strerror(sc_status status)
{
    if ((size_t)status < sizeof status_text / sizeof status_text[0] && status_text[status])
        return status_text[status];
    return "unknown status";
}

int sc_exit_code(sc_status status)
{
    if ((size_t)status < sizeof status_exit / sizeof status_exit[0])
        return status_exit[status];
    return 70;
}

void sc_error_clear(sc_error *err)
{
    if (!err)
        return;
    err->status = SC_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->message[0] = '\0';
}

/* The length of the valid UTF-8 character at s[0, len), or 0 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_char(const unsigned char *s, size_t len, unsigned long *code)
{
    size_t need;
    unsigned long c;
    if (s[0] < 0x80) {
        *code = s[0];
        return 1;
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 2;
        c = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        need = 3;
        c = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 4;
        c = s[0] & 0x07u;
    } else
        return 0;
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[need] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *code = c;
    return need;
}

size_t sc_escape_text(char *out, size_t size, const char *text, size_t len)
{
    if (size == 0)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t at = 0;
    for (size_t i = 0; i < len;) {
        char piece[16];
        unsigned long code = 0;
        size_t step = utf8_char(s + i, len - i, &code);
        if (step == 0) {
            snprintf(piece, sizeof piece, "\\x%02X", s[i]);
            step = 1;
        } else if (code == '\t')
            strcpy(piece, "\\t");
        else if (code == '\n')
            strcpy(piece, "\\n");
        else if (code == '\r')
            strcpy(piece, "\\r");
        else if (code == 0)
            strcpy(piece, "\\0");
        else if (code < 0x20 || code == 0x7F)
            snprintf(piece, sizeof piece, "\\x%02lX", code);
        else if (code == 0x85 || code == 0xFEFF || code == 0x200B || code == 0x2028 ||
                 code == 0x2029)
            snprintf(piece, sizeof piece, "<U+%04lX>", code);
        else {
            memcpy(piece, s + i, step);
            piece[step] = '\0';
        }
        size_t plen = strlen(piece);
        if (at + plen >= size)
            break;
        memcpy(out + at, piece, plen);
        at += plen;
        i += step;
    }
    out[at] = '\0';
    return at;
}

sc_status sc_error_set(sc_error *err, sc_status status, const char *file, unsigned long long line,
                       const char *format, ...)
{
    if (!err)
        return status;
    err->status = status;
    const char *name = file ? file : "";
    sc_escape_text(err->file, sizeof err->file, name, strlen(name));
    err->line = line;
    char raw[SC_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, format);
    vsnprintf(raw, sizeof raw, format, ap);
    va_end(ap);
    sc_escape_text(err->message, sizeof err->message, raw, strlen(raw));
    return status;
}

void sc_error_format(const sc_error *err, char *buf, size_t size)
{
    if (!err || size == 0)
        return;
    const char *message = err->message[0] ? err->message : sc_strerror(err->status);
    if (err->file[0] && err->line)
        snprintf(buf, size, "%s:%llu: %s", err->file, err->line, message);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, message);
    else
        snprintf(buf, size, "%s", message);
}
