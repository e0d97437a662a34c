/* spotcheck — the temporary files and helper processes that a signal must
 * not leave behind (contract in spotcheck/output.h, sc_temp_remove_all).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fixed table of slots, each holding a temporary file's name (owned by its
 * holder, who releases the slot before freeing the name) or a child's pid.
 * Slots are taken and released with atomic compare-and-swap, so renders
 * running side by side need no lock, and the signal handler only reads the
 * slots and calls unlink and kill, both async-signal-safe.  More holders
 * than slots are not remembered (nothing fails; such a file is only not
 * removed on a signal): a run holds a few at a time.
 */
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

#include "spotcheck/output.h"
#include "temps.h"

#define TEMP_SLOTS 64

static const char *temp_names[TEMP_SLOTS];
static pid_t temp_pids[TEMP_SLOTS];

void sc_temp_hold(const char *path)
{
    for (size_t i = 0; path && i < TEMP_SLOTS; i++) {
        const char *empty = NULL;
        if (__atomic_compare_exchange_n(&temp_names[i], &empty, path, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

void sc_temp_release(const char *path)
{
    for (size_t i = 0; path && i < TEMP_SLOTS; i++) {
        const char *held = path;
        if (__atomic_compare_exchange_n(&temp_names[i], &held, NULL, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

void sc_temp_hold_pid(pid_t pid)
{
    for (size_t i = 0; pid > 0 && i < TEMP_SLOTS; i++) {
        pid_t empty = 0;
        if (__atomic_compare_exchange_n(&temp_pids[i], &empty, pid, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

void sc_temp_release_pid(pid_t pid)
{
    for (size_t i = 0; pid > 0 && i < TEMP_SLOTS; i++) {
        pid_t held = pid;
        if (__atomic_compare_exchange_n(&temp_pids[i], &held, 0, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

void sc_temp_remove_all(void)
{
    for (size_t i = 0; i < TEMP_SLOTS; i++) {
        pid_t pid = __atomic_load_n(&temp_pids[i], __ATOMIC_SEQ_CST);
        if (pid > 0)
            kill(pid, SIGKILL);
    }
    for (size_t i = 0; i < TEMP_SLOTS; i++) {
        const char *name = __atomic_load_n(&temp_names[i], __ATOMIC_SEQ_CST);
        if (name)
            unlink(name);
    }
}
