/* The introspection root (shared/introspect.h): the structure the VMM
 * finds by symbol and reads the kernel's tables from (introspect.c fills
 * it), and the requests the VMM writes into it. */
#ifndef CORE_INTROSPECT_ROOT_H
#define CORE_INTROSPECT_ROOT_H

#include <stdbool.h>

#include "../../../shared/introspect.h"

/* The VMM finds everything from here (symbol CV_INTROSPECT_SYMBOL). */
extern struct cv_introspect cv_introspect;

/* Has the VMM asked for a sample snapshot (cv_introspect.sample_request,
 * which it writes)? Clears the request. */
bool introspect_sample_requested(void);

#endif
