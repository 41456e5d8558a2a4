/* The kernel's event counters (shared/introspect.h), defined in counters.c. */
#ifndef COUNTERS_H
#define COUNTERS_H

#include "../../shared/introspect.h"

extern struct cv_counters cv_counters;

#endif
