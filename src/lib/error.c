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

sc_status sc_error_set(sc_error *err, sc_status status, const char *file, unsigned long long line,
                       const char *format, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, format);
    vsnprintf(err->message, sizeof err->message, format, ap);
    va_end(ap);
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
