/* The introspection root (see introspect_root.h). */
#include "introspect_root.h"

#include <stdint.h>

struct cv_introspect cv_introspect __attribute__((used, visibility("default")));

bool introspect_sample_requested(void)
{
	volatile uint32_t *request = &cv_introspect.sample_request; /* the VMM writes it */

	if (*request == 0)
		return false;
	*request = 0;
	return true;
}
