/* What the VMM reads of the guest kernel's state. The kernel exports one
 * structure, symbol CV_INTROSPECT_SYMBOL in kernel.elf, that says where
 * everything else is. Fixed-width fields only, so the host's x86-64 build
 * and the freestanding guest build agree; the VMM checks magic, version
 * and sizes before trusting anything, and reads guest memory only through
 * its checked accessor. */
#ifndef SHARED_INTROSPECT_H
#define SHARED_INTROSPECT_H

#include <stdint.h>

#include "abi.h"
#include "introspect_proc.h"

#define CV_INTROSPECT_SYMBOL  "cv_introspect"
#define CV_INTROSPECT_MAGIC   0x53495643u /* "CVIS" */
#define CV_INTROSPECT_VERSION 7 /* 7: the process table read in place (proc_layout) */
/* User space can be at most the lower canonical half, [0, 2^47): PML4
 * entries 0..255 (x86-64's user half; the rest is the kernel's). */
#define CV_USER_PML4_SLOTS_MAX 256u

/* The kernel's event counters. */
struct cv_counters {
	uint64_t forks, vforks, execs, exits;
	uint64_t cow_faults;  /* write faults on copy-on-write pages */
	uint64_t cow_copies;  /* ... that copied the frame */
	uint64_t cow_reuses;  /* ... that found it unshared and kept it */
	/* On-demand fork (fork=share): page tables shared at fork, copied
	 * when a sharer had to change one, taken back by the last sharer. */
	uint64_t pt_shares, pt_copies, pt_reclaims;
	uint64_t fork_frame_refs; /* data-frame references fork itself took */
};
_Static_assert(sizeof(struct cv_counters) == 11 * 8, "cv_counters layout");

/* Memory totals the kernel keeps. */
struct cv_frame_totals {
	uint64_t total;              /* frames of RAM */
	uint64_t free;               /* frames the allocator can hand out */
	uint64_t heap;               /* frames of the kernel's small-object heap (file-tree
	                                nodes and names): kept for reuse, never given back */
};
_Static_assert(sizeof(struct cv_frame_totals) == 24, "cv_frame_totals layout");

/* The root structure (symbol CV_INTROSPECT_SYMBOL). Addresses are guest
 * physical. */
struct cv_introspect {
	uint32_t magic;              /* CV_INTROSPECT_MAGIC */
	uint32_t version;            /* CV_INTROSPECT_VERSION */
	uint32_t proc_layout_size;   /* sizeof(struct cv_proc_layout) */
	uint32_t nprocs;             /* process slots (records at proc_layout's procs) */
	uint64_t proc_layout;        /* struct cv_proc_layout (shared/introspect_proc.h) */
	uint64_t counters;           /* struct cv_counters */
	uint64_t totals;             /* struct cv_frame_totals */
	uint64_t refcounts;          /* uint32_t per frame of RAM, frame 0 first */
	uint64_t nframes;            /* entries at refcounts */
	/* Frames the kernel holds one reference to besides the page tables
	 * (the initrd's file data, the FPU trampoline): [pinned_start,
	 * pinned_end) in frame numbers, and one more frame. */
	uint64_t pinned_start, pinned_end;
	uint64_t pinned_extra;       /* a frame number, or ~0 for none */
	uint64_t user_pml4_slots;    /* PML4 entries [0, this) are user space; at
	                                most CV_USER_PML4_SLOTS_MAX */
	/* Written by the VMM: nonzero asks the kernel for a CV_SNAP_SAMPLE
	 * snapshot at its next safe point (a timer tick); the kernel clears it. */
	uint32_t sample_request;
	uint32_t pad;
	/* Frames one of whose references a kernel object holds (the pages of
	 * shared anonymous memory): a bitmap, bit pfn % 8 of byte pfn / 8, of
	 * (nframes + 7) / 8 bytes; 0 for none. Such a reference counts like a
	 * pin in the audit. */
	uint64_t held_map;
	/* struct cv_mm_layout (shared/introspect_mm.h): the address spaces
	 * and their regions; 0 for none. */
	uint64_t mm_layout;
};
_Static_assert(sizeof(struct cv_introspect) == 112, "cv_introspect layout");

#endif
