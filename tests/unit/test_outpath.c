/* Unit tests: where an output file really goes (src/lib/outpath.c,
 * sc_output_resolve), writing it whole or not at all (sc_atomic_file_*), and
 * removing a temporary directory (sc_temp_dir_*).  Each case builds its own files in a temporary
 * directory: symbolic links, a FIFO, a link loop; the only system names used
 * are /dev/null (a device) and /proc/self/fd/1 (a descriptor link), which
 * are looked at, never written.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "spotcheck/output.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sc-outpath-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    return system(command) == 0 ? 0 : -1;
}

static const char *in_dir(const char *name)
{
    static char path[4][512];
    static int next;
    next = (next + 1) % 4;
    snprintf(path[next], sizeof path[next], "%s/%s", dir, name);
    return path[next];
}

/* Resolves `path` and checks the name and the way it is to be written. */
static void expect(const char *path, const char *resolved, bool in_place)
{
    char *got;
    bool got_in_place;
    sc_error err = {0};
    assert_int_equal(sc_output_resolve(path, &got, &got_in_place, &err), SC_OK);
    assert_string_equal(got, resolved);
    assert_int_equal(got_in_place, in_place);
    free(got);
}

static void test_regular_and_new_files(void **state)
{
    (void)state;
    FILE *f = fopen(in_dir("old.csv"), "w");
    assert_non_null(f);
    fclose(f);
    expect(in_dir("old.csv"), in_dir("old.csv"), false);
    expect(in_dir("new.csv"), in_dir("new.csv"), false);
    expect("relative.csv", "relative.csv", false);
}

static void test_links_are_followed(void **state)
{
    (void)state;
    assert_int_equal(symlink("old.csv", in_dir("one")), 0);        /* relative */
    assert_int_equal(symlink(in_dir("one"), in_dir("two")), 0);    /* absolute, to a link */
    assert_int_equal(symlink("missing.csv", in_dir("dangling")), 0);
    expect(in_dir("one"), in_dir("old.csv"), false);
    expect(in_dir("two"), in_dir("old.csv"), false);
    expect(in_dir("dangling"), in_dir("missing.csv"), false); /* created, as by `>` */
}

static void test_devices_fifos_and_descriptors_in_place(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(in_dir("fifo"), 0600), 0);
    assert_int_equal(symlink("/dev/null", in_dir("null")), 0);
    assert_int_equal(symlink("/proc/self/fd/1", in_dir("stdout")), 0);
    expect(in_dir("fifo"), in_dir("fifo"), true);
    expect("/dev/null", "/dev/null", true);
    expect(in_dir("null"), "/dev/null", true);
    expect(in_dir("stdout"), "/proc/self/fd/1", true);
    expect("/proc/self/fd/1", "/proc/self/fd/1", true);
}

static void test_link_loop_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(symlink("loop-b", in_dir("loop-a")), 0);
    assert_int_equal(symlink("loop-a", in_dir("loop-b")), 0);
    char *got = (char *)1;
    bool in_place;
    sc_error err = {0};
    assert_int_equal(sc_output_resolve(in_dir("loop-a"), &got, &in_place, &err), SC_EIO);
    assert_null(got);
    assert_string_equal(err.file, in_dir("loop-a"));
}

/* ---- sc_atomic_file ------------------------------------------------------------ */

/* Entries of the directory `name` (in the test directory), "." and ".." left out. */
static int entries(const char *name)
{
    DIR *d = opendir(in_dir(name));
    assert_non_null(d);
    int count = 0;
    for (struct dirent *e; (e = readdir(d));)
        count += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return count;
}

static char *contents(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static mode_t mode_of(const char *path)
{
    struct stat info;
    assert_int_equal(stat(path, &info), 0);
    return info.st_mode & 07777;
}

/* A new file: written into a hidden temporary file beside it, which is the
 * only entry until commit renames it; mode 0666 less the umask. */
static void test_atomic_new_file(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("new"), 0700), 0);
    mode_t mask = umask(022);
    sc_atomic_file *file;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir("new/out.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_OK);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s/.out.csv.", in_dir("new"));
    const char *name = sc_atomic_file_name(file);
    assert_int_equal(strncmp(name, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(name), strlen(prefix) + 6);
    assert_int_equal(fputs("a,b\n", sc_atomic_file_stream(file)) >= 0, 1);
    assert_int_equal(access(in_dir("new/out.csv"), F_OK), -1);
    assert_int_equal(entries("new"), 1);
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);
    assert_string_equal(contents(in_dir("new/out.csv")), "a,b\n");
    assert_int_equal(mode_of(in_dir("new/out.csv")), 0644);
    assert_int_equal(entries("new"), 1);
    umask(mask);
}

/* Abort leaves the old file as it was; commit replaces it and keeps its mode. */
static void test_atomic_replace_and_abort(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("old"), 0700), 0);
    write_text(in_dir("old/out.csv"), "old\n");
    assert_int_equal(chmod(in_dir("old/out.csv"), 0640), 0);
    sc_atomic_file *file;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir("old/out.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_OK);
    fputs("half", sc_atomic_file_stream(file));
    sc_atomic_file_abort(file);
    sc_atomic_file_abort(NULL);
    assert_string_equal(contents(in_dir("old/out.csv")), "old\n");
    assert_int_equal(entries("old"), 1);

    assert_int_equal(sc_atomic_file_open(in_dir("old/out.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_OK);
    fputs("new\n", sc_atomic_file_stream(file));
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);
    assert_string_equal(contents(in_dir("old/out.csv")), "new\n");
    assert_int_equal(mode_of(in_dir("old/out.csv")), 0640);
    assert_int_equal(entries("old"), 1);

    /* a stream with its error flag set is not committed */
    assert_int_equal(sc_atomic_file_open(in_dir("old/out.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_OK);
    fputs("broken\n", sc_atomic_file_stream(file));
    (void)fgetc(sc_atomic_file_stream(file)); /* reading a write-only stream: error flag */
    assert_true(ferror(sc_atomic_file_stream(file)));
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_EIO);
    assert_non_null(strstr(err.message, "write error"));
    assert_string_equal(err.file, in_dir("old/out.csv"));
    assert_string_equal(contents(in_dir("old/out.csv")), "new\n");
    assert_int_equal(entries("old"), 1);
}

/* Through a link: the file it leads to is replaced, the link stays. */
static void test_atomic_through_link(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("links"), 0700), 0);
    write_text(in_dir("links/real.csv"), "old\n");
    assert_int_equal(symlink("real.csv", in_dir("links/link.csv")), 0);
    sc_atomic_file *file;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir("links/link.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_OK);
    fputs("new\n", sc_atomic_file_stream(file));
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);
    struct stat info;
    assert_int_equal(lstat(in_dir("links/link.csv"), &info), 0);
    assert_true(S_ISLNK(info.st_mode));
    assert_string_equal(contents(in_dir("links/real.csv")), "new\n");
    assert_int_equal(entries("links"), 2);
}

/* SC_ATOMIC_NAMED: another program writes the temporary file by its name. */
static void test_atomic_named(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("named"), 0700), 0);
    sc_atomic_file *file;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir("named/chart.png"), SC_ATOMIC_NAMED, &file, &err),
                     SC_OK);
    assert_null(sc_atomic_file_stream(file));
    write_text(sc_atomic_file_name(file), "image");
    assert_int_equal(access(in_dir("named/chart.png"), F_OK), -1);
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);
    assert_string_equal(contents(in_dir("named/chart.png")), "image");
    assert_int_equal(entries("named"), 1);

    /* the temporary file gone before commit: rename fails, output untouched */
    assert_int_equal(sc_atomic_file_open(in_dir("named/chart.png"), SC_ATOMIC_NAMED, &file, &err),
                     SC_OK);
    assert_int_equal(unlink(sc_atomic_file_name(file)), 0);
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_EIO);
    assert_non_null(strstr(err.message, "cannot rename into place"));
    assert_string_equal(contents(in_dir("named/chart.png")), "image");
}

/* Written in place (a link to /dev/null): the stream writes the device
 * itself; a named file is made in /tmp and copied into it. */
static void test_atomic_in_place(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("dev"), 0700), 0);
    assert_int_equal(symlink("/dev/null", in_dir("dev/sink.csv")), 0);
    sc_atomic_file *file;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir("dev/sink.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_OK);
    assert_string_equal(sc_atomic_file_name(file), "/dev/null");
    fputs("rows\n", sc_atomic_file_stream(file));
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);

    assert_int_equal(sc_atomic_file_open(in_dir("dev/sink.csv"), SC_ATOMIC_NAMED, &file, &err),
                     SC_OK);
    char temp[256];
    snprintf(temp, sizeof temp, "%s", sc_atomic_file_name(file));
    assert_int_equal(strncmp(temp, "/tmp/.null.", 11), 0);
    write_text(temp, "image");
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);
    assert_int_equal(access(temp, F_OK), -1); /* removed after the copy */
    struct stat info;
    assert_int_equal(lstat(in_dir("dev/sink.csv"), &info), 0);
    assert_true(S_ISLNK(info.st_mode));
    assert_int_equal(entries("dev"), 1);
}

/* Errors name the file; nothing is left behind. */
static void test_atomic_errors(void **state)
{
    (void)state;
    sc_atomic_file *file = (sc_atomic_file *)1;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir("none/out.csv"), SC_ATOMIC_STREAM, &file, &err),
                     SC_EIO);
    assert_null(file);
    assert_string_equal(err.message, "cannot create: No such file or directory");
    assert_string_equal(err.file, in_dir("none/out.csv"));
    char expected[200];
    snprintf(expected, sizeof expected, "cannot create a file in %s: No such file or directory",
             in_dir("none"));
    assert_int_equal(sc_atomic_file_open(in_dir("none/x.png"), SC_ATOMIC_NAMED, &file, &err),
                     SC_EIO);
    assert_string_equal(err.message, expected);
    assert_int_equal(mkdir(in_dir("adir"), 0700), 0);
    assert_int_equal(sc_atomic_file_open(in_dir("adir"), SC_ATOMIC_STREAM, &file, &err), SC_EIO);
    assert_string_equal(err.message, "cannot open: Is a directory");
    assert_int_equal(sc_atomic_file_open(NULL, SC_ATOMIC_STREAM, &file, &err), SC_EINVAL);
    assert_int_equal(sc_atomic_file_commit(NULL, &err), SC_EINVAL);
    assert_int_equal(entries("adir"), 0);
}

/* A long name: the temporary name keeps at most 100 bytes of it, cut
 * between characters, so it stays below NAME_MAX (255) even when the name
 * itself nearly fills it. */
static void test_atomic_long_name(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("long"), 0700), 0);
    char name[300] = "long/";
    for (int i = 0; i < 84; i++)
        strcat(name, "质"); /* 3 bytes each: 252 bytes, ".tmpXXXXXX" would not fit */
    sc_atomic_file *file;
    sc_error err = {0};
    assert_int_equal(sc_atomic_file_open(in_dir(name), SC_ATOMIC_STREAM, &file, &err), SC_OK);
    const char *base = strrchr(sc_atomic_file_name(file), '/') + 1;
    assert_int_equal(strlen(base), 1 + 99 + 1 + 6); /* ".", 33 characters, ".", XXXXXX */
    fputs("x", sc_atomic_file_stream(file));
    assert_int_equal(sc_atomic_file_commit(file, &err), SC_OK);
    assert_string_equal(contents(in_dir(name)), "x");
    assert_int_equal(entries("long"), 1);
}

/* A tree of directories, 600 files in one (more than one read of its
 * entries), and a link to a file outside, which is removed, not followed. */
static void make_tree(const char *root)
{
    char path[600];
    assert_int_equal(mkdir(root, 0777), 0);
    for (int depth = 0, n = snprintf(path, sizeof path, "%s", root); depth < 6; depth++) {
        n += snprintf(path + n, sizeof path - (size_t)n, "/level-%d", depth);
        assert_int_equal(mkdir(path, 0777), 0);
    }
    for (int i = 0; i < 600; i++) {
        snprintf(path, sizeof path, "%s/a-file-with-a-rather-long-name-%03d.csv", root, i);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fclose(f);
    }
    FILE *f = fopen(in_dir("kept"), "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/level-0/link", root);
    assert_int_equal(symlink(in_dir("kept"), path), 0);
    snprintf(path, sizeof path, "%s/dirlink", root);
    assert_int_equal(symlink(dir, path), 0);
}

static void test_dir_remove(void **state)
{
    (void)state;
    struct stat st;
    make_tree(in_dir("tree"));
    sc_temp_dir_remove(in_dir("tree"));
    assert_int_equal(lstat(in_dir("tree"), &st), -1);
    assert_int_equal(lstat(in_dir("kept"), &st), 0);
    sc_temp_dir_remove(in_dir("tree")); /* gone already: nothing happens */
    unlink(in_dir("kept"));
}

/* A held directory goes with sc_temp_remove_all; a released one stays. */
static void test_dir_hold(void **state)
{
    (void)state;
    struct stat st;
    char held[512], released[512];
    snprintf(held, sizeof held, "%s", in_dir("held"));
    snprintf(released, sizeof released, "%s", in_dir("released"));
    make_tree(held);
    unlink(in_dir("kept"));
    make_tree(released);
    sc_temp_dir_hold(held);
    sc_temp_dir_hold(released);
    sc_temp_dir_release(released);
    sc_temp_remove_all();
    assert_int_equal(lstat(held, &st), -1);
    assert_int_equal(lstat(released, &st), 0);
    sc_temp_dir_release(held);
    sc_temp_dir_remove(released);
    assert_int_equal(lstat(released, &st), -1);
    assert_int_equal(lstat(in_dir("kept"), &st), 0);
    unlink(in_dir("kept"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_and_new_files),
        cmocka_unit_test(test_links_are_followed),
        cmocka_unit_test(test_devices_fifos_and_descriptors_in_place),
        cmocka_unit_test(test_link_loop_is_an_error),
        cmocka_unit_test(test_atomic_new_file),
        cmocka_unit_test(test_atomic_replace_and_abort),
        cmocka_unit_test(test_atomic_through_link),
        cmocka_unit_test(test_atomic_named),
        cmocka_unit_test(test_atomic_in_place),
        cmocka_unit_test(test_atomic_errors),
        cmocka_unit_test(test_atomic_long_name),
        cmocka_unit_test(test_dir_remove),
        cmocka_unit_test(test_dir_hold),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
