/* spotcheck — where an output file really goes (sc_output_resolve), and
 * writing it whole or not at all (sc_atomic_file_*), for the table writer of
 * the tools and for the chart renderer alike.
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
 *  4. sc_atomic_file_open writes everything else into a temporary file
 *     ".NAME.XXXXXX" in the directory of the name the links lead to (NAME
 *     cut to TEMP_BASE_MAX bytes on a character boundary, so that the
 *     temporary name stays below NAME_MAX; XXXXXX random), created with
 *     O_EXCL; commit renames it over the name, so that the file is either
 *     complete or untouched.  The new file gets the mode a shell
 *     redirection would give (0666 less the umask, applied by open()), or
 *     the mode of the regular file it replaces.
 *  5. Written in place (3): SC_ATOMIC_STREAM opens the name itself, as a
 *     shell's `>` would; SC_ATOMIC_NAMED (another program writes the file)
 *     makes the temporary file in /tmp and copies it into the name at
 *     commit.
 *  6. Whatever fails, the temporary file is removed: by commit on its own
 *     failure, by abort otherwise.
 */
/* realpath is an XSI function */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "spotcheck/output.h"
#include "temps.h"

/* Links followed before giving up, as the kernel's limit for path lookup. */
#define SYMLINK_HOPS 40

/* Contract 4: longest part of the output's name kept in temporary names. */
#define TEMP_BASE_MAX 100

/* Contract 5: where the temporary file of a name written in place goes. */
#define IN_PLACE_TEMP_DIR "/tmp"

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
        char *copy = sc_strndup(path, (size_t)(slash - path));
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
        return sc_strdup(target);
    size_t dir_len = (size_t)(slash - link) + 1, len = strlen(target);
    char *joined = sc_malloc(dir_len + len + 1);
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
    char *name = sc_strdup(path);
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

/* ---- whole or nothing (contracts 4 to 6) ------------------------------------ */

struct sc_atomic_file {
    char *path;   /* the name the caller gave, for messages */
    char *target; /* where the links lead */
    char *temp;   /* the temporary file; NULL when the stream writes the target */
    FILE *stream; /* SC_ATOMIC_STREAM: open until commit or abort */
    bool in_place;
};

static void atomic_free(sc_atomic_file *file)
{
    sc_temp_release(file->temp);
    free(file->path);
    free(file->target);
    free(file->temp);
    free(file);
}

/* The directory of `target` ("." when it has none, so that no name starts
 * with '-') and its last component cut to TEMP_BASE_MAX bytes on a UTF-8
 * character boundary.  Caller frees both; false when out of memory. */
static bool split_target(const char *target, char **dir, char **base)
{
    const char *slash = strrchr(target, '/');
    const char *name = slash ? slash + 1 : target;
    if (!slash)
        *dir = sc_strdup(".");
    else if (slash == target)
        *dir = sc_strdup("/"); /* "/x.png" */
    else
        *dir = sc_strndup(target, (size_t)(slash - target));
    size_t len = strlen(name);
    if (len > TEMP_BASE_MAX) {
        len = TEMP_BASE_MAX;
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
            len--; /* do not cut inside a character */
    }
    *base = sc_strndup(name, len);
    if (*dir && *base)
        return true;
    free(*dir);
    free(*base);
    *dir = *base = NULL;
    return false;
}

/* Creates "<dir>/.<base>.XXXXXX" with O_EXCL and mode 0666 (less the umask),
 * XXXXXX letters and digits that change with every attempt.  Returns the
 * descriptor and the name in *name (caller frees), or -1 with errno set. */
static int create_temp(const char *dir, const char *base, char **name)
{
    static const char letters[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t size = strlen(dir) + strlen(base) + 16;
    char *temp = sc_malloc(size);
    if (!temp) {
        errno = ENOMEM;
        return -1;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t state = (uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 30) ^
                     ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)temp;
    for (int attempt = 0; attempt < 100; attempt++) {
        /* splitmix64: every attempt another name */
        uint64_t z = (state += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        z ^= z >> 31;
        char suffix[7];
        for (int i = 0; i < 6; i++, z /= 62)
            suffix[i] = letters[z % 62];
        suffix[6] = '\0';
        snprintf(temp, size, "%s/.%s.%s", dir, base, suffix);
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *name = temp;
            return fd;
        }
        if (errno != EEXIST)
            break;
    }
    int saved = errno;
    free(temp);
    errno = saved;
    return -1;
}

sc_status sc_atomic_file_open(const char *path, sc_atomic_mode mode, sc_atomic_file **out,
                              sc_error *err)
{
    *out = NULL;
    if (!path || (mode != SC_ATOMIC_STREAM && mode != SC_ATOMIC_NAMED))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "output: no file name or unknown mode");
    sc_atomic_file *file = sc_calloc(1, sizeof *file);
    if (!file || !(file->path = sc_strdup(path))) {
        free(file);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    sc_status status = sc_output_resolve(path, &file->target, &file->in_place, err);
    if (status != SC_OK) {
        atomic_free(file);
        return status;
    }
    if (file->in_place && mode == SC_ATOMIC_STREAM) {
        if (!(file->stream = fopen(file->target, "w"))) {
            status = sc_error_set(err, SC_EIO, path, 0, "cannot open: %s", strerror(errno));
            atomic_free(file);
            return status;
        }
        *out = file;
        return SC_OK;
    }
    /* the mode of the file replaced; a new one keeps what open() gave */
    struct stat info;
    bool replaces = !file->in_place && stat(file->target, &info) == 0;
    char *dir, *base;
    bool named = split_target(file->target, &dir, &base);
    if (named && file->in_place) { /* contract 5 */
        free(dir);
        named = (dir = sc_strdup(IN_PLACE_TEMP_DIR)) != NULL;
    }
    if (!named) {
        free(dir);
        free(base);
        atomic_free(file);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    int fd = create_temp(dir, base, &file->temp);
    if (fd >= 0)
        sc_temp_hold(file->temp); /* removed by sc_temp_remove_all on a signal */
    if (fd < 0) {
        /* a name written by another program may be in /tmp: say where */
        if (mode == SC_ATOMIC_NAMED)
            status = sc_error_set(err, SC_EIO, path, 0, "cannot create a file in %s: %s", dir,
                                  strerror(errno));
        else
            status = sc_error_set(err, SC_EIO, path, 0, "cannot create: %s", strerror(errno));
    } else if (mode == SC_ATOMIC_STREAM && !(file->stream = fdopen(fd, "w"))) {
        status = sc_error_set(err, SC_EIO, path, 0, "cannot create: %s", strerror(errno));
    } else if (replaces && fchmod(fd, info.st_mode & 07777) != 0) {
        status = sc_error_set(err, SC_EIO, path, 0, "cannot set mode: %s", strerror(errno));
    }
    if (fd >= 0 && !file->stream)
        close(fd);
    free(dir);
    free(base);
    if (status != SC_OK) {
        sc_atomic_file_abort(file);
        return status;
    }
    *out = file;
    return SC_OK;
}

FILE *sc_atomic_file_stream(const sc_atomic_file *file)
{
    return file ? file->stream : NULL;
}

const char *sc_atomic_file_name(const sc_atomic_file *file)
{
    if (!file)
        return NULL;
    return file->temp ? file->temp : file->target;
}

/* Contract 5: copies the finished temporary file into the name written in
 * place (a device, a FIFO, /dev/stdout). */
static sc_status copy_into(const sc_atomic_file *file, sc_error *err)
{
    FILE *in = fopen(file->temp, "rb");
    if (!in)
        return sc_error_set(err, SC_EIO, file->path, 0, "cannot read %s: %s", file->temp,
                            strerror(errno));
    FILE *out = fopen(file->target, "wb");
    if (!out) {
        sc_status s = sc_error_set(err, SC_EIO, file->path, 0, "cannot open: %s",
                                   strerror(errno));
        fclose(in);
        return s;
    }
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0 && fwrite(buf, 1, got, out) == got)
        ;
    bool failed = ferror(in) || ferror(out);
    fclose(in);
    if (fclose(out) != 0)
        failed = true;
    return failed ? sc_error_set(err, SC_EIO, file->path, 0, "write error: %s", strerror(errno))
                  : SC_OK;
}

sc_status sc_atomic_file_commit(sc_atomic_file *file, sc_error *err)
{
    if (!file)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "output: no file to commit");
    sc_status status = SC_OK;
    if (file->stream) {
        /* a stream with its error flag set is never committed */
        int error_number = ferror(file->stream) ? EIO : 0;
        if (fclose(file->stream) != 0 && !error_number)
            error_number = errno ? errno : EIO;
        file->stream = NULL;
        if (error_number)
            status = sc_error_set(err, SC_EIO, file->path, 0, "write error: %s",
                                  strerror(error_number));
    }
    if (status == SC_OK && file->temp) {
        if (file->in_place)
            status = copy_into(file, err);
        else if (rename(file->temp, file->target) != 0)
            status = sc_error_set(err, SC_EIO, file->path, 0, "cannot rename into place: %s",
                                  strerror(errno));
        else {
            sc_temp_release(file->temp);
            free(file->temp); /* renamed: nothing to remove */
            file->temp = NULL;
        }
    }
    sc_atomic_file_abort(file);
    return status;
}

void sc_atomic_file_abort(sc_atomic_file *file)
{
    if (!file)
        return;
    if (file->stream)
        fclose(file->stream);
    if (file->temp)
        unlink(file->temp);
    atomic_free(file);
}
