/* The kernel's event counters, read by the VMM's inspector. */
#include "../../../shared/introspect.h"

struct cv_counters cv_counters __attribute__((used, visibility("default")));
