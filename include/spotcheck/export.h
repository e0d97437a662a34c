/* spotcheck — symbol visibility.  Only what is marked SC_API is exported.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SPOTCHECK_EXPORT_H
#define SPOTCHECK_EXPORT_H

#if defined(SC_STATIC_DEFINE)
#define SC_API
#else
#define SC_API __attribute__((visibility("default")))
#endif

#endif
