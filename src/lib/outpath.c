/* spotcheck — where an output file really goes (sc_output_resolve).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract (include/spotcheck/output.h):
 *  1. Whole-or-nothing writing (a temporary file renamed into place) applies
 *     only to regular files and to names that do not exist yet.  Renaming over
 *     anything else would replace it: a symbolic link, a device, a FIFO.
 *  2. A symbolic link is followed, hop by hop (at most SYMLINK_HOPS), to the
 *     name it finally stands for; the file is written there and the link is
 *     kept.  A link to a name that does not exist creates that name, as a
 *     shell redirection does.
 *  3. Written in place (opened and truncated, like a shell's `>`): a name
 *     that is, or whose links lead to, something other than a regular file (a
 *     device, a FIFO, a socket), and any name reached through /proc, such as
 *     /dev/stdout, /dev/fd/1 and /proc/self/fd/1, which stand for a descriptor
 *     the process already has open.  Renaming at the path such a link shows
 *     would detach the descriptor from the file and lose the output.
 */
/* realpath is an XSI function */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spotcheck/output.h"

/* Links followed before giving up, as the kernel's limit for path lookup. */
#define SYMLINK_HOPS 40

/* Whether the directory holding `path` is under /proc (the descriptor links). */
static bool in_proc(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    if (!slash)
        dir = realpath(".", NULL);
    else if (slash == path)
        return false; /* "/x": the root directory */
    else {
        char *copy = strndup(path, (size_t)(slash - path));
        if (!copy)
            return false;
        dir = realpath(copy, NULL);
        free(copy);
    }
    bool proc = dir && (strcmp(dir, "/proc") == 0 || strncmp(dir, "/proc/", 6) == 0);
    free(dir);
    return proc;
}

/* `target` read from the link `link`, made relative to the link's directory
 * when it is not absolute.  Caller frees. */
static char *join_link(const char *link, const char *target)
{
    const char *slash = strrchr(link, '/');
    if (target[0] == '/' || !slash)
        return strdup(target);
    size_t dir_len = (size_t)(slash - link) + 1, len = strlen(target);
    char *joined = malloc(dir_len + len + 1);
    if (joined) {
        memcpy(joined, link, dir_len);
        memcpy(joined + dir_len, target, len + 1);
    }
    return joined;
}

sc_status sc_output_resolve(const char *path, char **resolved, bool *in_place, sc_error *err)
{
    *resolved = NULL;
    *in_place = false;
    char *name = strdup(path);
    if (!name)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    for (int hop = 0;; hop++) {
        if (in_proc(name)) {
            *in_place = true;
            break;
        }
        struct stat info;
        if (lstat(name, &info) != 0) {
            if (errno == ENOENT)
                break; /* a new file */
            sc_status s = sc_error_set(err, SC_EIO, path, 0, "cannot open: %s", strerror(errno));
            free(name);
            return s;
        }
        if (!S_ISLNK(info.st_mode)) {
            *in_place = !S_ISREG(info.st_mode);
            break;
        }
        if (hop == SYMLINK_HOPS) {
            free(name);
            return sc_error_set(err, SC_EIO, path, 0, "cannot open: %s", strerror(ELOOP));
        }
        char target[PATH_MAX];
        ssize_t len = readlink(name, target, sizeof target - 1);
        if (len < 0) {
            sc_status s = sc_error_set(err, SC_EIO, path, 0, "cannot read the link: %s",
                                       strerror(errno));
            free(name);
            return s;
        }
        target[len] = '\0';
        char *next = join_link(name, target);
        free(name);
        if (!next)
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        name = next;
    }
    *resolved = name;
    return SC_OK;
}
