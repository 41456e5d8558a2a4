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
#define INTROSPECT_MAX_PROC_SIZE 65536u /* bytes of one kernel process record */

/* One process as the VMM reads it from the kernel's table
 * (shared/introspect_proc.h). */
struct proc_info {
	uint32_t pid, ppid;
	uint32_t state;              /* enum cv_proc_state */
	uint16_t origin;             /* enum cv_proc_origin: how it was created */
	uint16_t execs;              /* execve()s it has done (saturating) */
	uint64_t cr3;                /* physical address of its PML4; 0 when it has
	                                no address space (zombie) */
	char comm[CV_COMM_LEN];      /* NUL-padded, not necessarily terminated */
	uint32_t abi;                /* enum cv_abi of the program it runs */
};

/* A validated copy of struct cv_introspect and the memory it describes:
 * every array it names lies inside RAM; procs is its process layout. */
struct guest_view {
	const struct guest_mem *gm;
	struct cv_introspect root;
	struct cv_proc_layout procs;
};

/* Find the root's kernel virtual address: symbol CV_INTROSPECT_SYMBOL in
 * the kernel ELF file at kernel_path, checked for size. Returns 0, or -1
 * with the reason in err. */
int introspect_locate(const char *kernel_path, uint64_t *vaddr, char *err, size_t errlen);

/* Read the root at kernel virtual address symbol_vaddr (a kernel.elf
 * symbol: CV_DIRECT_MAP_BASE + physical) and validate it: magic,
 * version, sizes, counts, the process layout and that every array lies
 * in RAM.
 * Returns 0, or -1 with the reason in err. */
int introspect_open(struct guest_view *v, const struct guest_mem *gm, uint64_t symbol_vaddr,
		    char *err, size_t errlen);

/* Read process slot i (< root.nprocs) from the kernel's table; false if
 * it cannot be read (a field outside RAM, a state the layout does not
 * name). */
bool view_proc(const struct guest_view *v, uint32_t i, struct proc_info *out);

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
