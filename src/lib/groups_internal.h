/* spotcheck — what tests may see of the group index (not exported).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_GROUPS_INTERNAL_H
#define SPOTCHECK_GROUPS_INTERNAL_H

#include <stdint.h>

#include "spotcheck/groups.h"

/* The index slots looked at by the lookups in g so far (one per lookup when
 * nothing collides): how a test sees hash flooding without timing it. */
uint64_t sc_groups_probes(const sc_groups *g);

#endif
