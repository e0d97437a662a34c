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
 *
 * A held directory (the report's temporary directory) is removed with what
 * is in it; the walk uses only openat, getdents64, unlinkat and close, since
 * opendir may allocate.
 */
#define _GNU_SOURCE /* getdents64 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "spotcheck/output.h"
#include "temps.h"

#define TEMP_SLOTS 64

#define TEMP_DIR_SLOTS 4
#define TEMP_DIR_DEPTH 32

static const char *temp_names[TEMP_SLOTS];
static pid_t temp_pids[TEMP_SLOTS];
static const char *temp_dirs[TEMP_DIR_SLOTS];

static void hold(const char **slots, size_t n, const char *path)
{
    for (size_t i = 0; path && i < n; i++) {
        const char *empty = NULL;
        if (__atomic_compare_exchange_n(&slots[i], &empty, path, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

static void release(const char **slots, size_t n, const char *path)
{
    for (size_t i = 0; path && i < n; i++) {
        const char *held = path;
        if (__atomic_compare_exchange_n(&slots[i], &held, NULL, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

void sc_temp_hold(const char *path)
{
    hold(temp_names, TEMP_SLOTS, path);
}

void sc_temp_release(const char *path)
{
    release(temp_names, TEMP_SLOTS, path);
}

void sc_temp_dir_hold(const char *path)
{
    hold(temp_dirs, TEMP_DIR_SLOTS, path);
}

void sc_temp_dir_release(const char *path)
{
    release(temp_dirs, TEMP_DIR_SLOTS, path);
}

/* Removes `name` under the directory `at` with everything in it, down to a
 * few levels.  Each pass reads a block of entries, then unlinks them; the
 * directory is read again from the start until a pass finds nothing left
 * that it can remove. */
static bool remove_tree_at(int at, const char *name, int depth)
{
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        _Alignas(struct dirent64) char buf[4096];
        for (bool removed = true; removed;) {
            removed = false;
            lseek(fd, 0, SEEK_SET);
            ssize_t len;
            while ((len = getdents64(fd, buf, sizeof buf)) > 0) {
                for (ssize_t off = 0; off < len;) {
                    const struct dirent64 *e = (const struct dirent64 *)(const void *)(buf + off);
                    off += e->d_reclen;
                    const char *n = e->d_name;
                    if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
                        continue;
                    if (unlinkat(fd, n, 0) == 0) {
                        removed = true;
                    } else if ((errno == EISDIR || errno == EPERM) && depth < TEMP_DIR_DEPTH &&
                               remove_tree_at(fd, n, depth + 1)) {
                        removed = true;
                    }
                }
            }
        }
        close(fd);
    }
    return unlinkat(at, name, AT_REMOVEDIR) == 0;
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
    for (size_t i = 0; i < TEMP_DIR_SLOTS; i++) {
        const char *dir = __atomic_load_n(&temp_dirs[i], __ATOMIC_SEQ_CST);
        if (dir)
            remove_tree_at(AT_FDCWD, dir, 0);
    }
}

void sc_temp_dir_remove(const char *path)
{
    remove_tree_at(AT_FDCWD, path, 0);
}
