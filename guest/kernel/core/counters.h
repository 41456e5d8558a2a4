/* The kernel's event counters (shared/introspect.h), defined in counters.c. */
#ifndef CORE_COUNTERS_H
#define CORE_COUNTERS_H

#include "../../../shared/introspect.h"

extern struct cv_counters cv_counters;

#endif
