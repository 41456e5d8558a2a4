/* A synthetic kernel process record for the inspector's tests and fuzz
 * targets: what the VMM reads in place through a cv_proc_layout
 * (shared/introspect_proc.h). Its address space is the record itself
 * (pml4 is the field cr3 comes from); its parent is any record whose pid
 * is the parent's. */
#ifndef TEST_KPROC_H
#define TEST_KPROC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../shared/introspect.h"
#include "../../shared/layout.h"

struct fx_kproc {
	int32_t pid;
	uint32_t state;          /* enum cv_proc_state: the layout maps each to itself */
	uint64_t parent, mm;     /* kernel virtual addresses */
	uint64_t pml4;
	char comm[CV_COMM_LEN];
	uint32_t abi, origin;
	uint16_t execs;
};
_Static_assert(sizeof(struct fx_kproc) == 64, "64 records to a page");

/* The layout of a table of fx_kproc records at physical procs. */
static inline struct cv_proc_layout fx_kproc_layout(uint64_t procs)
{
	return (struct cv_proc_layout){
		.magic = CV_PROC_LAYOUT_MAGIC, .version = CV_PROC_LAYOUT_VERSION,
		.procs = procs, .proc_size = sizeof(struct fx_kproc),
		.pid = offsetof(struct fx_kproc, pid), .parent = offsetof(struct fx_kproc, parent),
		.state = offsetof(struct fx_kproc, state), .mm = offsetof(struct fx_kproc, mm),
		.mm_pml4 = offsetof(struct fx_kproc, pml4), .comm = offsetof(struct fx_kproc, comm),
		.abi = offsetof(struct fx_kproc, abi), .origin = offsetof(struct fx_kproc, origin),
		.execs = offsetof(struct fx_kproc, execs),
		.states = { 0, 1, 2, 3, 4, 5, 6, 7 },
	};
}

/* The record at physical self_pa of process pid in state with PML4 cr3
 * (0: no address space), its parent the record at parent_pa (0: none). */
static inline struct fx_kproc fx_kproc_make(uint32_t pid, uint32_t state, uint64_t cr3,
					    const char *comm, uint64_t self_pa, uint64_t parent_pa)
{
	struct fx_kproc p = {
		.pid = (int32_t)pid, .state = state, .pml4 = cr3,
		.parent = parent_pa ? CV_DIRECT_MAP_BASE + parent_pa : 0,
		.mm = cr3 ? CV_DIRECT_MAP_BASE + self_pa : 0,
	};

	memcpy(p.comm, comm, strnlen(comm, CV_COMM_LEN));
	return p;
}

#endif
