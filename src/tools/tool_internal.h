/* spotcheck — what the tool kit's files share (tool_options.c, tool_help.c,
 * tool_io.c); not for the tools themselves, which include tool.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_TOOL_INTERNAL_H
#define SPOTCHECK_TOOL_INTERNAL_H

#include "tool.h"

/* The common option rows, ending with {0}: input, then output and chart. */
extern const sc_opt sc_tool_input_options[];
extern const sc_opt sc_tool_output_options[];

/* --help on standard output, and --man (roff) on standard output. */
void sc_tool_print_help(const sc_tool_info *info);
void sc_tool_print_man(const sc_tool_info *info);

#endif
