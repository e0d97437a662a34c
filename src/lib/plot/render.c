/* spotcheck — charts: running gnuplot on the script (sc_chart_render).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract of sc_chart_render, and of sc_chart_render_start, the batches
 * (sc_chart_batch_*, one gnuplot for several charts) and _finish:
 * which it is made of (include/spotcheck/plot.h):
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
 *  4. Renders may run side by side: each pipe is close-on-exec, so no
 *     gnuplot holds another's.
 *  5. gnuplot missing (spawn fails with ENOENT or EACCES, or the child exits
 *     127 without output, as shells do): SC_EUNAVAILABLE.
 *  6. gnuplot gets RENDER_TIMEOUT seconds from its start (the environment
 *     variable SPOTCHECK_GNUPLOT_TIMEOUT, seconds, replaces it): then it is
 *     killed and the render fails with SC_EIO, its temporaries removed.
 *  7. The script, the image's temporary file and gnuplot's pid are held for
 *     sc_temp_remove_all, which a tool's signal handler calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "plot_internal.h"
#include "quote.h"
#include "spotcheck/output.h"
#include "temps.h"

extern char **environ;

/* gnuplot's standard error kept for the message. */
#define STDERR_KEEP 2048

/* Contract 6: seconds a gnuplot may run (a chart takes well under one). */
#define RENDER_TIMEOUT 120.0

static double render_timeout(void)
{
    const char *text = getenv("SPOTCHECK_GNUPLOT_TIMEOUT");
    char *end;
    double seconds = text ? strtod(text, &end) : 0;
    return text && end != text && !*end && seconds > 0 && seconds <= 86400 ? seconds
                                                                           : RENDER_TIMEOUT;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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

/* A render under way: the script of one or more charts (a batch), then
 * gnuplot started on it with its standard error in a pipe, each image going
 * to the temporary file of images[i]. */
struct sc_chart_render_job {
    char *program;
    char *script;              /* beside the first image (contract 2) */
    FILE *script_out;          /* open while charts are added */
    sc_atomic_file **images;   /* NULL once committed */
    char **paths;              /* the output files, for messages */
    size_t n, cap;
    pid_t pid;                 /* 0 until started */
    int stderr_fd;
    double deadline; /* CLOCK_MONOTONIC seconds (contract 6) */
    double timeout;
};

/* Frees the job, removing its script and the images not committed. */
static void job_free(sc_chart_render_job *job)
{
    if (job->script_out)
        fclose(job->script_out);
    if (job->script) {
        unlink(job->script);
        sc_temp_release(job->script);
        free(job->script);
    }
    for (size_t i = 0; i < job->n; i++) {
        if (job->images[i])
            sc_atomic_file_abort(job->images[i]);
        free(job->paths[i]);
    }
    free(job->images);
    free(job->paths);
    if (job->stderr_fd >= 0)
        close(job->stderr_fd);
    free(job->program);
    free(job);
}

/* gnuplot cannot be run for `why` (ENOENT, EACCES, ENOTDIR: not installed)
 * or another errno. */
static sc_status cannot_run(const char *program, int why, sc_error *err)
{
    if (why == ENOENT || why == EACCES || why == ENOTDIR)
        return sc_error_set(err, SC_EUNAVAILABLE, NULL, 0,
                            "cannot render the chart: %s was not found (%s); install "
                            "gnuplot (e.g. apt install gnuplot-nox), or write the script "
                            "with --plot and render it elsewhere",
                            program, strerror(why));
    return sc_error_set(err, SC_EIO, NULL, 0, "cannot run %s: %s", program, strerror(why));
}

/* Why `program` cannot be run, looked for as posix_spawnp does (in PATH
 * unless it holds a slash): 0 when an executable file of that name is
 * there.  For a child that exited 127 at once, where posix_spawnp could
 * not report why (valgrind runs the child as a fork of its own). */
static int why_not_found(const char *program)
{
    if (strchr(program, '/'))
        return access(program, X_OK) == 0 ? 0 : errno;
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/usr/bin";
    int why = ENOENT;
    for (const char *dir = path;; dir++) {
        const char *end = strchr(dir, ':');
        size_t n = end ? (size_t)(end - dir) : strlen(dir);
        char file[4096];
        if (snprintf(file, sizeof file, "%.*s%s%s", (int)n, dir, n ? "/" : "", program) <
                (int)sizeof file &&
            access(file, X_OK) == 0)
            return 0;
        if (errno == EACCES)
            why = EACCES;
        if (!end)
            return why;
        dir = end;
    }
}

/* Starts `program script` with standard error in a pipe (job->pid,
 * job->stderr_fd). */
static sc_status spawn_gnuplot(sc_chart_render_job *job, sc_error *err)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        return sc_error_set(err, SC_EIO, NULL, 0, "cannot run gnuplot: pipe: %s",
                            strerror(errno));
    /* contract 4 */
    fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_t actions;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    char *argv[] = {job->program, job->script, NULL};
    if (rc == 0)
        rc = posix_spawnp(&job->pid, job->program, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (rc != 0) {
        close(pipe_fds[0]);
        return cannot_run(job->program, rc, err);
    }
    job->stderr_fd = pipe_fds[0];
    sc_temp_hold_pid(job->pid);
    job->timeout = render_timeout();
    job->deadline = now_seconds() + job->timeout;
    return SC_OK;
}

/* Waits for gnuplot: fills `message` with its standard error and
 * *exit_status with its exit status (-1 when killed by a signal). */
static sc_status wait_gnuplot(sc_chart_render_job *job, int *exit_status, char *message,
                              size_t message_size, sc_error *err)
{
    size_t kept = 0;
    char chunk[4096], raw[STDERR_KEEP];
    bool timed_out = false;
    for (;;) {
        /* contract 6: wait for output or the end no longer than the deadline */
        double left = job->deadline - now_seconds();
        struct pollfd ready = {.fd = job->stderr_fd, .events = POLLIN};
        int polled = left > 0 ? poll(&ready, 1, (int)(left * 1000) + 1) : 0;
        if (polled < 0 && errno == EINTR)
            continue;
        if (polled == 0) {
            timed_out = true;
            kill(job->pid, SIGKILL);
            break;
        }
        ssize_t got = read(job->stderr_fd, chunk, sizeof chunk);
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
    close(job->stderr_fd);
    job->stderr_fd = -1;
    int status;
    while (waitpid(job->pid, &status, 0) < 0) {
        if (errno != EINTR)
            return sc_error_set(err, SC_EIO, NULL, 0, "cannot wait for %s: %s", job->program,
                                strerror(errno));
    }
    sc_temp_release_pid(job->pid);
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    clean_message(raw, message, message_size);
    if (timed_out)
        return sc_error_set(err, SC_EIO, job->paths[0], 0,
                            "gnuplot did not finish within %g s and was stopped "
                            "(SPOTCHECK_GNUPLOT_TIMEOUT sets the limit in seconds)",
                            job->timeout);
    return SC_OK;
}

sc_status sc_chart_batch_new(const char *gnuplot, sc_chart_render_job **out, sc_error *err)
{
    *out = NULL;
    sc_chart_render_job *job = sc_calloc(1, sizeof *job);
    if (job) {
        job->stderr_fd = -1;
        job->program = sc_strdup(gnuplot ? gnuplot : "gnuplot");
    }
    if (!job || !job->program) {
        if (job)
            job_free(job);
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    }
    *out = job;
    return SC_OK;
}

/* Creates the script file beside `image` (contract 2). */
static sc_status open_script(sc_chart_render_job *job, const char *image, const char *path,
                             sc_error *err)
{
    size_t script_size = strlen(image) + 16;
    job->script = sc_malloc(script_size);
    if (!job->script)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    snprintf(job->script, script_size, "%s.gpXXXXXX", image);
    int fd = mkstemp(job->script);
    if (fd >= 0)
        sc_temp_hold(job->script);
    job->script_out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (job->script_out)
        return SC_OK;
    sc_status status = sc_error_set(err, SC_EIO, path, 0,
                                    "cannot create the chart script %s: %s", job->script,
                                    strerror(errno));
    if (fd >= 0)
        close(fd);
    else {
        free(job->script); /* nothing was made under that name */
        job->script = NULL;
    }
    return status;
}

sc_status sc_chart_batch_add(sc_chart_render_job *job, const sc_chart *chart, sc_error *err)
{
    if (!chart)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart");
    if (!job || job->pid || (job->n > 0 && !job->script_out))
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the render has started");
    if (chart->term == SC_CHART_TERM_NONE || !chart->output)
        return sc_error_set(err, SC_EINVAL, NULL, 0,
                            "cannot render the chart: no output file and terminal were set");
    if (!chart->has_data)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "%s chart: no data were set",
                            sc_chart_kind_get(chart->kind)->name);
    if (job->n == job->cap) {
        size_t cap = job->cap ? 2 * job->cap : 4;
        sc_atomic_file **images = sc_realloc(job->images, cap * sizeof *images);
        if (images)
            job->images = images;
        char **paths = images ? sc_realloc(job->paths, cap * sizeof *paths) : NULL;
        if (paths)
            job->paths = paths;
        if (!images || !paths)
            return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
        job->cap = cap;
    }
    char *path = sc_strdup(chart->output);
    if (!path)
        return sc_error_set(err, SC_ENOMEM, NULL, 0, "out of memory");
    sc_atomic_file *image_file;
    sc_status status = sc_atomic_file_open(path, SC_ATOMIC_NAMED, &image_file, err);
    if (status != SC_OK) {
        free(path);
        return status;
    }
    job->images[job->n] = image_file;
    job->paths[job->n++] = path;
    const char *image = sc_atomic_file_name(image_file);
    /* the temporary name goes into the script as the output name: it must
     * be as safe as the name it stands for (links may lead anywhere) */
    if (!sc_chart_path_ok(image, err))
        return SC_EINVAL;
    if (!job->script && (status = open_script(job, image, path, err)) != SC_OK)
        return status;
    status = sc_chart_write_script(chart, job->script_out, image, err);
    /* the next chart starts afresh: this image closed, nothing of it kept */
    if (status == SC_OK && fputs("unset output\nreset session\n", job->script_out) < 0)
        status = sc_error_set(err, SC_EIO, path, 0, "cannot write the chart script: %s",
                              strerror(errno));
    return status;
}

sc_status sc_chart_batch_start(sc_chart_render_job *job, sc_error *err)
{
    if (!job || job->pid || !job->script_out)
        return sc_error_set(err, SC_EINVAL, NULL, 0, "no chart to render");
    int closed = fclose(job->script_out);
    job->script_out = NULL;
    if (closed != 0)
        return sc_error_set(err, SC_EIO, job->paths[0], 0, "cannot write the chart script: %s",
                            strerror(errno));
    return spawn_gnuplot(job, err);
}

void sc_chart_render_cancel(sc_chart_render_job *job)
{
    if (!job)
        return;
    if (job->pid) {
        kill(job->pid, SIGKILL);
        while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        sc_temp_release_pid(job->pid);
    }
    job_free(job);
}

sc_status sc_chart_render_start(const sc_chart *chart, const char *gnuplot,
                                sc_chart_render_job **out, sc_error *err)
{
    sc_chart_render_job *job;
    sc_status status = sc_chart_batch_new(gnuplot, &job, err);
    if (status == SC_OK)
        status = sc_chart_batch_add(job, chart, err);
    if (status == SC_OK)
        status = sc_chart_batch_start(job, err);
    if (status != SC_OK) {
        sc_chart_render_cancel(job);
        job = NULL;
    }
    *out = job;
    return status;
}

sc_status sc_chart_render_finish(sc_chart_render_job *job, sc_error *err)
{
    if (!job)
        return SC_OK;
    if (!job->pid) {
        sc_chart_render_cancel(job);
        return sc_error_set(err, SC_EINVAL, NULL, 0, "the render was not started");
    }
    char message[STDERR_KEEP];
    int exit_status = 0;
    sc_status status = wait_gnuplot(job, &exit_status, message, sizeof message, err);
    int why = status == SC_OK && exit_status == 127 && !message[0] ? why_not_found(job->program) : 0;
    if (why)
        status = cannot_run(job->program, why, err);
    else if (status == SC_OK && exit_status == 127 && !message[0])
        status = sc_error_set(err, SC_EUNAVAILABLE, NULL, 0,
                              "cannot render the chart: %s could not be run", job->program);
    else if (status == SC_OK && exit_status != 0)
        status = sc_error_set(err, SC_EIO, job->paths[0], 0, "gnuplot failed (%s %d): %s",
                              exit_status < 0 ? "killed, status" : "exit status", exit_status,
                              message[0] ? message : "no message");
    for (size_t i = 0; status == SC_OK && i < job->n; i++) {
        struct stat info;
        const char *image = sc_atomic_file_name(job->images[i]);
        if (stat(image, &info) != 0 || info.st_size == 0)
            status = sc_error_set(err, SC_EIO, job->paths[i], 0, "gnuplot wrote an empty image");
    }
    for (size_t i = 0; status == SC_OK && i < job->n; i++) {
        status = sc_atomic_file_commit(job->images[i], err);
        job->images[i] = NULL; /* committed or aborted by the commit */
    }
    job_free(job);
    return status;
}

sc_status sc_chart_render(const sc_chart *chart, const char *gnuplot, sc_error *err)
{
    sc_chart_render_job *job;
    sc_status status = sc_chart_render_start(chart, gnuplot, &job, err);
    return status == SC_OK ? sc_chart_render_finish(job, err) : status;
}
