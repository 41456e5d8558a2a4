/* The guest kernel's introspection root (shared/introspect.h), read from
 * outside and checked before anything in it is trusted. */
#ifndef VMM_INSPECT_GUEST_VIEW_H
#define VMM_INSPECT_GUEST_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/introspect.h"
#include "../guestmem.h"

#define INTROSPECT_MAX_PROCS 4096u

/* A validated copy of struct cv_introspect and the memory it describes:
 * every array it names lies inside RAM. */
struct guest_view {
	const struct guest_mem *gm;
	struct cv_introspect root;
};

/* Find the root's kernel virtual address: symbol CV_INTROSPECT_SYMBOL in
 * the kernel ELF file at kernel_path, checked for size. Returns 0, or -1
 * with the reason in err. */
int introspect_locate(const char *kernel_path, uint64_t *vaddr, char *err, size_t errlen);

/* Read the root at kernel virtual address symbol_vaddr (a kernel.elf
 * symbol: CV_DIRECT_MAP_BASE + physical) and validate it: magic,
 * version, record size, counts and that every array lies in RAM.
 * Returns 0, or -1 with the reason in err. */
int introspect_open(struct guest_view *v, const struct guest_mem *gm, uint64_t symbol_vaddr,
		    char *err, size_t errlen);

/* Copy process record i (< root.nprocs); false if it cannot be read. */
bool view_proc(const struct guest_view *v, uint32_t i, struct cv_proc_info *out);

/* The kernel's event counters; false if they cannot be read. */
bool view_counters(const struct guest_view *v, struct cv_counters *out);

/* The kernel's frame totals; false if they cannot be read. */
bool view_totals(const struct guest_view *v, struct cv_frame_totals *out);

/* The kernel's reference count of frame pfn (< root.nframes); 0 if
 * unreadable. */
uint32_t view_refcount(const struct guest_view *v, uint64_t pfn);

/* Does the kernel hold a permanent reference to frame pfn? */
bool view_pinned(const struct guest_view *v, uint64_t pfn);

/* Does a kernel object hold one reference to frame pfn (held_map)? */
bool view_held(const struct guest_view *v, uint64_t pfn);

#endif
