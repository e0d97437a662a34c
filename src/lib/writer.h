/* spotcheck — the checked, sticky-error stream writer shared by the table
 * writer (output.c) and the chart script writer (plot/script.c).  Private
 * to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract:
 *  1. The first failure sticks: it is recorded in `err` (through
 *     sc_error_set) and in `status`, and every later call does nothing, so
 *     that a writer can run to its end and look at the status once.
 *  2. A write fails when fwrite or vfprintf writes less than asked or the
 *     stream's error flag is set; the message is "<failure>: <strerror>",
 *     or "<failure>" alone when the C library gave no errno.
 *  3. sc_writer_finish flushes the stream (never closes it) and checks its
 *     error flag, so that a full disk shows up even when every fwrite only
 *     filled the buffer.
 */
#ifndef SPOTCHECK_WRITER_H
#define SPOTCHECK_WRITER_H

#include <stddef.h>
#include <stdio.h>

#include "spotcheck/error.h"

typedef struct sc_writer {
    FILE *out;
    sc_error *err;       /* may be NULL */
    const char *failure; /* start of the message of a failed write, e.g. "cannot write output" */
    sc_status status;    /* SC_OK until the first failure */
} sc_writer;

/* A writer on `out` (a stream whose error flag is already set fails at
 * once).  `failure` is a static string. */
void sc_writer_init(sc_writer *w, FILE *out, sc_error *err, const char *failure);

void sc_writer_put(sc_writer *w, const char *text, size_t len);
void sc_writer_puts(sc_writer *w, const char *text);
void sc_writer_printf(sc_writer *w, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Records a failed write with its errno (0: none known), unless a failure
 * is already recorded. */
void sc_writer_fail_io(sc_writer *w, int error_number);

/* Records another failure (SC_ENOMEM from formatting) with its message,
 * unless a failure is already recorded. */
void sc_writer_fail(sc_writer *w, sc_status status, const char *message);

/* Flushes the stream and checks it (contract 3); returns the status. */
sc_status sc_writer_finish(sc_writer *w);

#endif
