/* spotcheck — the sticky-error stream writer (contract in writer.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "writer.h"

void sc_writer_init(sc_writer *w, FILE *out, sc_error *err, const char *failure)
{
    *w = (sc_writer){.out = out, .err = err, .failure = failure, .status = SC_OK};
    if (ferror(out))
        sc_writer_fail_io(w, 0);
}

void sc_writer_fail_io(sc_writer *w, int error_number)
{
    if (w->status != SC_OK)
        return;
    if (error_number)
        w->status = sc_error_set(w->err, SC_EIO, NULL, 0, "%s: %s", w->failure,
                                 strerror(error_number));
    else
        w->status = sc_error_set(w->err, SC_EIO, NULL, 0, "%s", w->failure);
}

void sc_writer_fail(sc_writer *w, sc_status status, const char *message)
{
    if (w->status == SC_OK)
        w->status = sc_error_set(w->err, status, NULL, 0, "%s", message);
}

void sc_writer_put(sc_writer *w, const char *text, size_t len)
{
    if (w->status != SC_OK || len == 0)
        return;
    errno = 0;
    if (fwrite(text, 1, len, w->out) != len || ferror(w->out))
        sc_writer_fail_io(w, errno);
}

void sc_writer_puts(sc_writer *w, const char *text) { sc_writer_put(w, text, strlen(text)); }

void sc_writer_printf(sc_writer *w, const char *format, ...)
{
    if (w->status != SC_OK)
        return;
    va_list ap;
    va_start(ap, format);
    errno = 0;
    if (vfprintf(w->out, format, ap) < 0 || ferror(w->out))
        sc_writer_fail_io(w, errno);
    va_end(ap);
}

sc_status sc_writer_finish(sc_writer *w)
{
    if (w->status == SC_OK) {
        errno = 0;
        if (fflush(w->out) != 0 || ferror(w->out))
            sc_writer_fail_io(w, errno);
    }
    return w->status;
}
