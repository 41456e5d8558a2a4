/* The VMAs (regions) of an address space: a sorted array that grows to
 * vm.max_map_count entries. It lives in the address space's own window of
 * kernel virtual memory (kpt.h), mapped page by page as it grows, and has
 * room on both sides, so an insertion or removal moves the smaller part. */
#ifndef MM_VMA_ARRAY_H
#define MM_VMA_ARRAY_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/introspect_mm.h"
#include "../fs/fs.h"
#include "uaddr.h"

/* Linux's vm.max_map_count default: more mappings give ENOMEM. */
#define VMA_COUNT_MAX 65530

/* The values the VMM reads (shared/introspect_mm.h). */
enum vma_kind {
	VMA_ANON = CV_VMA_ANON, VMA_FILE = CV_VMA_FILE, VMA_HEAP = CV_VMA_HEAP,
	VMA_STACK = CV_VMA_STACK, VMA_TRAMP = CV_VMA_TRAMP,
	VMA_VDSO = CV_VMA_VDSO,
};

struct anon_shared;

/* What madvise said of a VMA for fork (bits of its fork_advice). */
#define VMA_DONTFORK   1 /* a fork child does not get it */
#define VMA_WIPEONFORK 2 /* a fork child gets it empty (zeros) */

struct vma {
	uaddr_t start, end;      /* page aligned, end exclusive */
	uint32_t prot;           /* VM_* */
	enum vma_kind kind;
	struct fnode *file;      /* VMA_FILE: the file */
	uint64_t file_off;       /* file offset at start (VMA_TRAMP, VMA_VDSO: the frame;
	                            shared anonymous: offset into shm) */
	uint64_t file_bytes;     /* bytes from start that come from the file;
	                            the rest is zero (ELF bss); unless file_whole */
	bool file_whole;         /* mmap of a file: pages come from it up to its
	                            current end (SIGBUS beyond) */
	bool shared;             /* MAP_SHARED (anonymous or file) */
	uint8_t fork_advice;     /* VMA_DONTFORK, VMA_WIPEONFORK (madvise) */
	bool maywrite;           /* MAP_SHARED file: opened for writing (mprotect) */
	struct anon_shared *shm; /* MAP_SHARED anonymous: the pages' owner */
	uaddr_t lo, hi;          /* pages outside [lo, hi) are surely not present
	                            (hi 0: none): scans stay within it */
};

struct vma_array {
	struct vma *v;           /* entry 0; sorted by start, not overlapping */
	int n;                   /* entries */
	uint64_t base;           /* the window (kernel virtual) */
	uint32_t map_lo, map_hi; /* window offsets of the mapped pages */
	int hint;                /* the last lookup's answer: a guess, checked before use */
};

/* An empty array in window number slot (one per address-space slot). */
void vmarr_init(struct vma_array *a, int slot);

/* Open a zeroed entry at index i (0..n), moving the entries after or
 * before it; NULL at VMA_COUNT_MAX entries or when out of frames. Indices
 * keep their meaning; pointers into the array do not. */
struct vma *vmarr_insert(struct vma_array *a, int i);

/* Remove entries [i, i + k). */
void vmarr_delete(struct vma_array *a, int i, int k);

/* Make dst (empty) a copy of src; 0 or -ENOMEM. */
int vmarr_copy(struct vma_array *dst, const struct vma_array *src);

/* Remove every entry and give back the window's frames. */
void vmarr_clear(struct vma_array *a);

/* The index of the first entry whose end is above va (n if none). */
int vmarr_first_end_above(struct vma_array *a, uaddr_t va);

/* The entry of the last answer (a search's) if it holds va, else NULL:
 * no search. */
static inline struct vma *vmarr_hinted(struct vma_array *a, uaddr_t va)
{
	struct vma *v = &a->v[a->hint];

	return a->hint < a->n && v->start <= va && va < v->end ? v : 0; /* entries never overlap */
}

/* The entry holding va, trying the last answer first (faults and copies
 * come in runs in one VMA); NULL when none does. */
static inline struct vma *vmarr_holding(struct vma_array *a, uaddr_t va)
{
	struct vma *v = vmarr_hinted(a, va);
	int i;

	if (v)
		return v;
	i = vmarr_first_end_above(a, va);
	return i < a->n && a->v[i].start <= va ? &a->v[i] : 0;
}

#endif
