/* User address spaces: page tables (PML4 slot 0, below 4 GiB) and the
 * regions (VMAs) that say what may be mapped where. Pages are filled on
 * demand by vm_fault(). */
#ifndef MM_VM_H
#define MM_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/pte.h"
#include "../fs/fs.h"

#define USER_END        0xFFFFE000u  /* first address above user space */
#define USER_STACK_TOP  0xFFFFE000u
#define USER_STACK_MAX  (8u << 20)   /* RLIMIT_STACK */
#define USER_MMAP_TOP   0xF7000000u  /* mmap searches downward from here */
#define USER_MIN_ADDR   0x00010000u  /* mmap_min_addr: page 0.. unmappable */
#define VMA_MAX         128
#define USER_PT_SLOTS   2048         /* 2 MiB slots below 4 GiB */

#define VM_READ   0x1  /* = PROT_READ */
#define VM_WRITE  0x2  /* = PROT_WRITE */
#define VM_EXEC   0x4  /* = PROT_EXEC */

enum vma_kind { VMA_ANON, VMA_FILE, VMA_HEAP, VMA_STACK, VMA_TRAMP };

/* The compat-FPU trampoline page (see arch/compat_fp.h), above the stack. */
#define USER_TRAMP_VA   USER_END

struct vma {
	uint32_t start, end;     /* page aligned, end exclusive */
	uint32_t prot;           /* VM_* */
	enum vma_kind kind;
	struct fnode *file;      /* VMA_FILE: the file */
	uint64_t file_off;       /* file offset at start (VMA_TRAMP: the frame) */
	uint32_t file_bytes;     /* bytes from start that come from the file;
	                            the rest is zero (ELF bss) */
	bool shared;             /* MAP_SHARED anonymous: fork shares, no COW */
	uint32_t lo, hi;         /* pages outside [lo, hi) are surely not present
	                            (hi 0: none): scans stay within it */
};

struct mm {
	uint64_t pml4;           /* physical address of the PML4 */
	int users;               /* processes running on it (vfork shares) */
	int nvma;
	struct vma vma[VMA_MAX]; /* sorted by start, not overlapping */
	uint32_t brk_start, brk; /* the heap: [brk_start, brk) */
	uint32_t pt_pages;       /* frames used by user page tables */
	uint64_t pt_map[USER_PT_SLOTS / 64]; /* bit n: a page table maps the
	                            2 MiB at n << 21 (freed from here at the end) */
};

/* A new, empty address space (kernel half shared); NULL when out of memory. */
struct mm *vm_create(void);

/* A copy of parent for a forked child: with cow, writable pages become
 * read-only copy-on-write in both; without, they are copied now. Read-only
 * pages are shared. NULL when out of memory (nothing leaks). */
struct mm *vm_fork(struct mm *parent, bool cow);

/* Drop one user; the last one frees every user page and table. */
void vm_release(struct mm *mm);

/* Switch the CPU to mm's page tables. */
void vm_activate(struct mm *mm);

/* The VMA containing va, or NULL. */
struct vma *vm_find(struct mm *mm, uint32_t va);

/* Add a region [start, end) (page aligned, free of other VMAs); returns it
 * or NULL when the table is full. */
struct vma *vm_add(struct mm *mm, uint32_t start, uint32_t end, uint32_t prot,
		   enum vma_kind kind);

/* Merge the anonymous VMA v with neighbours it touches that are alike
 * (anonymous, same protection and sharing), as Linux merges mappings. */
void vm_merge(struct mm *mm, struct vma *v);

/* Remove [start, end) from all VMAs (splitting them) and unmap its pages.
 * Returns 0 or -ENOMEM when a split needs a VMA slot there is not. */
int vm_remove(struct mm *mm, uint32_t start, uint32_t end);

/* Change the protection of [start, end), which must be fully covered by
 * VMAs. Returns 0, -ENOMEM (not covered, or no VMA slot for a split). */
int vm_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t prot);

/* Is [start, end) free of VMAs? */
bool vm_range_free(struct mm *mm, uint32_t start, uint32_t end);

/* A free range of len bytes (page multiple) below USER_MMAP_TOP, highest
 * first; 0 when there is none. */
uint32_t vm_find_free(struct mm *mm, uint32_t len);

/* Resolve a fault at va for an access (VM_READ, VM_WRITE or VM_EXEC).
 * Fills a missing page, breaks copy-on-write. Returns 0 (retry the
 * access), -EFAULT (no VMA or not permitted) or -ENOMEM (no frame). */
int vm_fault(struct mm *mm, uint32_t va, uint32_t access);

/* The physical address backing va, after resolving as vm_fault() would
 * for an access of that kind; negative errno on failure. */
int64_t vm_resolve(struct mm *mm, uint32_t va, bool write);

/* Move the end of the VMA that ends at old_end to new_end (heap growth
 * and shrinking); unmaps what is given up. 0 or -ENOMEM. */
int vm_move_end(struct mm *mm, uint32_t old_end, uint32_t new_end);

/* Map the trampoline frame (read and execute) at USER_TRAMP_VA in mm if it
 * is not there yet. 0 or -ENOMEM. */
int vm_map_trampoline(struct mm *mm, uint64_t frame);

/* The PTE of va, or NULL when its page table does not exist. */
uint64_t *vm_pte(struct mm *mm, uint32_t va);

#endif
