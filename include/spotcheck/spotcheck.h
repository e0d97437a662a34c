/* spotcheck — supervision sampling inspection statistics: the whole public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_SPOTCHECK_H
#define SPOTCHECK_SPOTCHECK_H

#include "spotcheck/export.h"
#include "spotcheck/version.h"
#include "spotcheck/error.h"
#include "spotcheck/registry.h"
#include "spotcheck/csvin.h"
#include "spotcheck/records.h"
#include "spotcheck/groups.h"
#include "spotcheck/table.h"
#include "spotcheck/output.h"
#include "spotcheck/prop.h"
#include "spotcheck/twoprop.h"
#include "spotcheck/multi.h"
#include "spotcheck/spc.h"
#include "spotcheck/trend.h"
#include "spotcheck/plot.h"
#include "spotcheck/period.h"
#include "spotcheck/series.h"
#include "spotcheck/vocab.h"
#include "spotcheck/targets.h"
#include "spotcheck/items.h"
#include "spotcheck/check.h"
#include "spotcheck/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH".  Static string, do not free. */
SC_API const char *sc_version(void);

#ifdef __cplusplus
}
#endif
#endif
