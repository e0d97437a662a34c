/* spotcheck — the front end: `spotcheck TOOL ARGS...` runs spotcheck-TOOL.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tool is looked for first beside this program (so that a build tree or
 * an unusual prefix works without PATH), then on PATH. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spotcheck/spotcheck.h"

/* tools[]: name and summary of each tool (made from the tools by CMake) */
#include "tool_list.h"

static void list_tools(FILE *out)
{
    fprintf(out, "Usage: spotcheck TOOL [OPTION]... [FILE]...\n"
                 "Supervision sampling inspection statistics (监督抽查).\n\nTools:\n");
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        fprintf(out, "  %-10s %s\n", tools[i].name, tools[i].summary);
    fprintf(out, "\n'spotcheck help TOOL' or 'spotcheck TOOL --help' shows a tool's options;\n"
                 "'man spotcheck-TOOL' its manual.\n");
}

static int known(const char *name)
{
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        if (strcmp(tools[i].name, name) == 0)
            return 1;
    return 0;
}

static int run_tool(const char *self, const char *name, char **argv)
{
    char program[64];
    snprintf(program, sizeof program, "spotcheck-%s", name);
    argv[0] = program;
    char path[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
    if (len <= 0 && strchr(self, '/')) {
        snprintf(path, sizeof path, "%s", self);
        len = (ssize_t)strlen(path);
    }
    if (len > 0) {
        path[len] = '\0';
        char *slash = strrchr(path, '/');
        if (slash && (size_t)(slash - path) + 1 + strlen(program) < sizeof path) {
            strcpy(slash + 1, program);
            if (access(path, X_OK) == 0)
                execv(path, argv);
        }
    }
    execvp(program, argv);
    fprintf(stderr, "spotcheck: cannot run %s: %s\n", program, strerror(errno));
    return errno == ENOENT ? 127 : 126;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        list_tools(stderr);
        return 64;
    }
    const char *first = argv[1];
    if (strcmp(first, "help") == 0 || strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        if (argc > 2 && known(argv[2])) {
            char *help_argv[] = {NULL, "--help", NULL};
            return run_tool(argv[0], argv[2], help_argv);
        }
        if (argc > 2) {
            fprintf(stderr, "spotcheck: no tool \"%s\"\n", argv[2]);
            list_tools(stderr);
            return 64;
        }
        list_tools(stdout);
        return fflush(stdout) == 0 ? 0 : 74;
    }
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
        printf("spotcheck %s\n", sc_version());
        return fflush(stdout) == 0 ? 0 : 74;
    }
    if (!known(first)) {
        fprintf(stderr, "spotcheck: no tool \"%s\"\n", first);
        list_tools(stderr);
        return 64;
    }
    return run_tool(argv[0], first, argv + 1);
}
