/* What the kernel shows the VMM (shared/introspect.h): the root structure,
 * which says where the VMM reads the kernel's own tables (processes,
 * address spaces, counters). */
#ifndef INTROSPECT_H
#define INTROSPECT_H

#include <stdint.h>

/* Fill the root structure; call once after the frame allocator and the
 * initrd are set up. tramp_frame: the FPU trampoline frame. */
void introspect_init(uint64_t tramp_frame);

#endif
