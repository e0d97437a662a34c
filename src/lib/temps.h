/* spotcheck — temporaries that a signal must not leave behind (not
 * exported; sc_temp_remove_all in spotcheck/output.h is the public part).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TEMPS_H
#define SPOTCHECK_TEMPS_H

#include <sys/types.h>

/* Remembers the temporary file `path` (the string itself: the holder keeps
 * it alive until sc_temp_release) for sc_temp_remove_all. */
void sc_temp_hold(const char *path);
/* Forgets `path` (the same pointer); call before freeing or renaming it. */
void sc_temp_release(const char *path);
/* The same for a helper process (gnuplot), killed by sc_temp_remove_all. */
void sc_temp_hold_pid(pid_t pid);
void sc_temp_release_pid(pid_t pid);

#endif
