/* Unit tests: where an output file really goes (src/lib/outpath.c,
 * sc_output_resolve).  Each case builds its own files in a temporary
 * directory: symbolic links, a FIFO, a link loop; the only system names used
 * are /dev/null (a device) and /proc/self/fd/1 (a descriptor link), which
 * are looked at, never written.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
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
    static char path[4][128];
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_and_new_files),
        cmocka_unit_test(test_links_are_followed),
        cmocka_unit_test(test_devices_fifos_and_descriptors_in_place),
        cmocka_unit_test(test_link_loop_is_an_error),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
