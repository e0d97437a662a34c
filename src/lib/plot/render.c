/* spotcheck — charts: running gnuplot on the script (sc_chart_render).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract of sc_chart_render (include/spotcheck/plot.h):
 *  1. The image is written under a temporary name in the output's directory
 *     and renamed into place only when gnuplot succeeded and the image is not
 *     empty, so the output file is either complete or untouched.  The
 *     temporary image is created with O_EXCL and mode 0666 (less the umask),
 *     so the final file has the permissions of any other output.
 *  2. The script goes to a second temporary file in the same directory and
 *     is removed afterwards, whatever happened.  Symbolic links are followed
 *     and kept; an output that is not a regular file (a device, a FIFO,
 *     /dev/stdout) is never renamed over: the image is made in /tmp and
 *     copied into it (sc_output_resolve).
 *  3. gnuplot runs with posix_spawnp, standard input and output on
 *     /dev/null (it never waits for input), standard error in a pipe whose
 *     text, cleaned of control characters, becomes the error message.  The
 *     library prints nothing.
 *  4. gnuplot missing (spawn fails with ENOENT or EACCES, or the child exits
 *     127 without output, as shells do): SC_EUNAVAILABLE.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_internal.h"
#include "spotcheck/output.h"

extern char **environ;

/* Longest part of the output's name kept in temporary names, so that they
 * stay below NAME_MAX. */
#define TEMP_BASE_MAX 100
/* gnuplot's standard error kept for the message. */
#define STDERR_KEEP 2048

/* The directory of `path` ("." when it has none) and its last component,
 * cut at a UTF-8 boundary to TEMP_BASE_MAX bytes.  Caller frees *dir. */
static bool split_path(const char *path, char **dir, char *base, size_t base_size)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) : 1;
    const char *name = slash ? slash + 1 : path;
    *dir = malloc(dir_len + 2);
    if (!*dir)
        return false;
    if (!slash)
        memcpy(*dir, ".", 2);
    else if (dir_len == 0)
        memcpy(*dir, "/", 2); /* "/x.png" */
    else {
        memcpy(*dir, path, dir_len);
        (*dir)[dir_len] = '\0';
    }
    size_t len = strlen(name);
    if (len > TEMP_BASE_MAX) {
        len = TEMP_BASE_MAX;
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
            len--; /* do not cut inside a character */
    }
    if (len >= base_size)
        len = base_size - 1;
    memcpy(base, name, len);
    base[len] = '\0';
    return true;
}

/* Creates "<dir>/.<base>.<pid>.<n>.tmp" exclusively (contract 1); the name
 * goes to `name`.  Returns false with errno set. */
static bool create_temp_image(const char *dir, const char *base, char *name, size_t size)
{
    for (unsigned attempt = 0; attempt < 1000; attempt++) {
        snprintf(name, size, "%s/.%s.%ld.%u.tmp", dir, base, (long)getpid(), attempt);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            close(fd);
            return true;
        }
        if (errno != EEXIST)
            return false;
    }
    errno = EEXIST;
    return false;
}

/* Copies gnuplot's message `text` into out[size] on one printable line:
 * line ends become " / ", other control characters a space; blank lines
 * and trailing blanks go.  Truncated to fit. */
static void clean_message(const char *text, char *out, size_t size)
{
    size_t len = 0;
    bool pending_break = false;
    for (const char *in = text; *in && len + 1 < size; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == '\n' || c == '\r') {
            while (len > 0 && out[len - 1] == ' ')
                len--;
            pending_break = len > 0;
            continue;
        }
        if (pending_break) {
            if (len + 4 >= size)
                break;
            memcpy(out + len, " / ", 3);
            len += 3;
            pending_break = false;
        }
        out[len++] = (c < 0x20 || c == 0x7F) ? ' ' : (char)c;
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
}

/* Runs `program script`; fills `message` with its standard error and
 * *exit_status with its exit status (-1 when killed by a signal). */
static sc_status run_gnuplot(const char *program, const char *script, int *exit_status,
                             char *message, size_t message_size, sc_error *err)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        return sc_error_set(err, SC_EIO, NULL, 0, "cannot run gnuplot: pipe: %s",
                            strerror(errno));
    posix_spawn_file_actions_t actions;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    if (rc == 0)
        rc = posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    if (rc == 0)
        rc = posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    pid_t pid = 0;
    char *argv[] = {(char *)program, (char *)script, NULL};
    if (rc == 0)
        rc = posix_spawnp(&pid, program, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (rc != 0) {
        close(pipe_fds[0]);
        if (rc == ENOENT || rc == EACCES || rc == ENOTDIR)
            return sc_error_set(err, SC_EUNAVAILABLE, NULL, 0,
                                "cannot render the chart: %s was not found (%s); install "
                                "gnuplot (e.g. apt install gnuplot-nox), or write the script "
                                "with --plot and render it elsewhere",
                                program, strerror(rc));
        return sc_error_set(err, SC_EIO, NULL, 0, "cannot run %s: %s", program, strerror(rc));
    }
    size_t kept = 0;
    char chunk[4096], raw[STDERR_KEEP];
    for (;;) {
        ssize_t got = read(pipe_fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t take = (size_t)got;
        if (take > sizeof raw - 1 - kept)
            take = sizeof raw - 1 - kept;
        memcpy(raw + kept, chunk, take);
        kept += take;
    }
    raw[kept] = '\0';
    close(pipe_fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return sc_error_set(err, SC_EIO, NULL, 0, "cannot wait for %s: %s", program,
                                strerror(errno));
    }
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    clean_message(raw, message, message_size);
    return SC_OK;
}

/* Copies the finished image `from` into `to`, which is written in place (a
 * device, a FIFO, /dev/stdout); `path` is the name the user gave. */
static sc_status copy_file(const char *from, const char *to, const char *path, sc_error *err)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return sc_error_set(err, SC_EIO, path, 0, "cannot read the image: %s", strerror(errno));
    FILE *out = fopen(to, "wb");
    if (!out) {
        sc_status s = sc_error_set(err, SC_EIO, path, 0, "cannot open: %s", strerror(errno));
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
    return failed ? sc_error_set(err, SC_EIO, path, 0, "write error: %s", strerror(errno))
                  : SC_OK;
}

sc_status sc_chart_render(const sc_chart *chart, const char *gnuplot, sc_error *err)
{
    if (!chart)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart");
    if (chart->term == SC_CHART_TERM_NONE || !chart->output)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "cannot render the chart: no output file and terminal were set");
    if (!chart->has_data)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no data were set",
                            sc_chart_kind_get(chart->kind)->name);
    const char *program = gnuplot ? gnuplot : "gnuplot";
    const char *path = chart->output;
    char *target;
    bool in_place;
    sc_status resolved = sc_output_resolve(path, &target, &in_place, err);
    if (resolved != SC_OK)
        return resolved;
    char *dir;
    char base[TEMP_BASE_MAX + 1];
    /* the temporary files go beside the image, or for an image written in
     * place (a device, a FIFO, /dev/stdout) into /tmp */
    if (!split_path(in_place ? "/tmp/image" : target, &dir, base, sizeof base)) {
        free(target);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    size_t name_size = strlen(dir) + strlen(base) + 64;
    char *image = malloc(name_size), *script = malloc(name_size);
    sc_status status = SC_OK;
    if (!image || !script) {
        status = sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        goto done_names;
    }
    if (!create_temp_image(dir, base, image, name_size)) {
        status = sc_error_set(err, SC_EIO, path, 0, "cannot create a file in %s: %s", dir,
                              strerror(errno));
        goto done_names;
    }
    snprintf(script, name_size, "%s/.%s.XXXXXX", dir, base);
    int fd = mkstemp(script);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        status = sc_error_set(err, SC_EIO, path, 0, "cannot create the chart script in %s: %s",
                              dir, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(script);
        }
        goto done_image;
    }
    status = sc_chart_write_script(chart, out, image, err);
    if (fclose(out) != 0 && status == SC_OK)
        status = sc_error_set(err, SC_EIO, path, 0, "cannot write the chart script: %s",
                              strerror(errno));
    if (status == SC_OK) {
        char message[STDERR_KEEP];
        int exit_status = 0;
        status = run_gnuplot(program, script, &exit_status, message, sizeof message, err);
        if (status == SC_OK && exit_status == 127 && !message[0])
            status = sc_error_set(err, SC_EUNAVAILABLE, NULL, 0,
                                  "cannot render the chart: %s could not be run", program);
        else if (status == SC_OK && exit_status != 0)
            status = sc_error_set(err, SC_EIO, path, 0, "gnuplot failed (%s %d): %s",
                                  exit_status < 0 ? "killed, status" : "exit status",
                                  exit_status, message[0] ? message : "no message");
    }
    unlink(script);
    if (status == SC_OK) {
        struct stat info;
        if (stat(image, &info) != 0 || info.st_size == 0)
            status = sc_error_set(err, SC_EIO, path, 0, "gnuplot wrote an empty image");
        else if (in_place)
            status = copy_file(image, target, path, err);
        else if (rename(image, target) != 0)
            status = sc_error_set(err, SC_EIO, path, 0, "cannot rename the image into place: %s",
                                  strerror(errno));
    }
done_image:
    if (status != SC_OK || in_place)
        unlink(image);
done_names:
    free(image);
    free(script);
    free(dir);
    free(target);
    return status;
}
