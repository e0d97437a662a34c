/* spotcheck — charts: running gnuplot on the script (sc_chart_render).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract of sc_chart_render (include/spotcheck/plot.h):
 *  1. gnuplot writes the image into a temporary file of
 *     sc_atomic_file_open(SC_ATOMIC_NAMED), committed only when gnuplot
 *     succeeded and the image is not empty, so the output file is either
 *     complete or untouched, with the permissions of any other output (the
 *     table writer's rules: symbolic links followed and kept; a device, a
 *     FIFO or /dev/stdout written in place, from an image made in /tmp).
 *  2. The script goes to a second temporary file beside the image's and is
 *     removed afterwards, whatever happened.
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
#include "quote.h"
#include "spotcheck/output.h"

extern char **environ;

/* gnuplot's standard error kept for the message. */
#define STDERR_KEEP 2048

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
    sc_atomic_file *image_file;
    sc_status status = sc_atomic_file_open(path, SC_ATOMIC_NAMED, &image_file, err);
    if (status != SC_OK)
        return status;
    const char *image = sc_atomic_file_name(image_file);
    /* the temporary name goes into the script as the output name: it must
     * be as safe as the name it stands for (links may lead anywhere) */
    if (!sc_chart_path_ok(image, err)) {
        sc_atomic_file_abort(image_file);
        return SC_EINVAL;
    }
    size_t script_size = strlen(image) + 16;
    char *script = malloc(script_size);
    if (!script) {
        sc_atomic_file_abort(image_file);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    snprintf(script, script_size, "%s.gpXXXXXX", image);
    int fd = mkstemp(script);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        status = sc_error_set(err, SC_EIO, path, 0, "cannot create the chart script %s: %s",
                              script, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(script);
        }
        free(script);
        sc_atomic_file_abort(image_file);
        return status;
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
    free(script);
    if (status == SC_OK) {
        struct stat info;
        if (stat(image, &info) != 0 || info.st_size == 0)
            status = sc_error_set(err, SC_EIO, path, 0, "gnuplot wrote an empty image");
    }
    if (status != SC_OK) {
        sc_atomic_file_abort(image_file);
        return status;
    }
    return sc_atomic_file_commit(image_file, err);
}
