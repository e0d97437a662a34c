/* spotcheck — what the tool kit's files share (tool_options.c, tool_help.c,
 * tool_io.c); not for the tools themselves, which include tool.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TOOL_INTERNAL_H
#define SPOTCHECK_TOOL_INTERNAL_H

#include "tool.h"

/* The common option rows, ending with {0}: input, then output and chart. */
extern const tk_opt tk_input_options[];
extern const tk_opt tk_output_options[];

/* Whether the tool takes option row `o` of the common tables: all of them,
 * but for TK_INPUT_TABLE only the CSV options, --n, --pass, --fail and --by,
 * for a tool with no_chart none of the chart options, and none it lists
 * in not_taken. */
bool tk_offers(const tk_tool *info, const tk_opt *o);

/* --help on standard output, and --man (roff) on standard output. */
void tk_print_help(const tk_tool *info);
void tk_print_man(const tk_tool *info);

/* Hidden queries of the bash completion (scripts/spotcheck.bash), answered
 * from the option rows so that the script holds no option list of its own:
 * --complete-options prints one line per option the tool takes,
 * "--NAME" for a flag, else "--NAME KIND [WORD]...", KIND being file, dir,
 * column (a column of the input), columns (a comma-separated list), column=
 * (COL=VALUE), word (followed by the values it takes) or text;
 * --complete-columns prints the header of the first FILE, one name a line,
 * read as the tool reads it (--delimiter, --encoding, --no-header), and
 * returns 0, or 1 (printing nothing) for standard input or a file it
 * cannot read. */
void tk_print_completion(const tk_tool *info);
int tk_print_columns(const tk_common *common);

#endif
