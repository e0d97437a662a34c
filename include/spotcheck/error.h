/* spotcheck — status codes and located error messages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_ERROR_H
#define SPOTCHECK_ERROR_H

#include <stddef.h>

#include "spotcheck/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every library function that can fail returns one of these. */
typedef enum sc_status {
    SC_OK = 0,
    SC_EINVAL,   /* bad argument or option value (a usage error) */
    SC_EDATA,    /* bad input data: located in sc_error */
    SC_ENOMEM,   /* out of memory */
    SC_EIO,      /* read or write failed */
    SC_ENOENT,   /* input file cannot be opened */
    SC_EDOMAIN,  /* a statistic is undefined for these inputs */
    SC_ENOCONV,  /* a numerical method did not converge */
    SC_EINTERNAL, /* a bug: an invariant does not hold */
    SC_EUNAVAILABLE /* a program the library needs (gnuplot) cannot be run */
} sc_status;

#define SC_ERROR_MESSAGE_MAX 1024

/* A failure with its place.  `file` and `line` are 0/NULL-free when unknown:
 * file[0] == '\0' means no file, line == 0 means no line.  The message is
 * complete and ready to print after "program: ". */
typedef struct sc_error {
    sc_status status;
    char file[256];
    unsigned long long line;
    char message[SC_ERROR_MESSAGE_MAX];
} sc_error;

/* Static English description of a status; never NULL, do not free. */
SC_API const char *sc_strerror(sc_status status);

/* Clears an error record to SC_OK with empty text.  NULL is a no-op. */
SC_API void sc_error_clear(sc_error *err);

/* Records a failure and returns `status`, so that callers can write
 *     return sc_error_set(err, SC_EDATA, file, line, "column \"%s\": ...", ...);
 * `err` may be NULL (then only the status is returned).  `file` may be NULL.
 * The message and the file name are stored escaped by sc_escape_text, so
 * that a value quoted from the data can neither break the message over lines
 * nor hide in it. */
SC_API sc_status sc_error_set(sc_error *err, sc_status status, const char *file,
                              unsigned long long line, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

/* Copies text[0, len) into out (NUL-terminated, cut on a character
 * boundary when out is too small) with what a reader could not see or that
 * would break a one-line message made visible: TAB, LF, CR as \t, \n, \r, a
 * NUL byte as \0, other C0 controls and DEL as \xNN, a byte that is not part
 * of valid UTF-8 as \xNN, and the invisible or line-breaking characters
 * U+FEFF, U+200B, U+2028, U+2029, U+0085 as <U+FEFF> and so on.  The one
 * place where spotcheck escapes the text of a message (sc_error_set, and the
 * tools' notes).  Returns the bytes written, without the NUL; size 0 writes
 * nothing. */
SC_API size_t sc_escape_text(char *out, size_t size, const char *text, size_t len);

/* Writes "file:line: message" (or the parts that are known) into `buf`. */
SC_API void sc_error_format(const sc_error *err, char *buf, size_t size);

/* sysexits-style exit code for a status: 0, 64 usage, 65 data, 66 no input,
 * 69 unavailable, 70 internal, 71 OS error (ENOMEM), 74 I/O. */
SC_API int sc_exit_code(sc_status status);

#ifdef __cplusplus
}
#endif
#endif
