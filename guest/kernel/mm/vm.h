/* User address spaces: page tables (the lower half, PML4 slots 0..255)
 * and the regions (VMAs) that say what may be mapped where. Pages are
 * filled on demand by vm_fault(). Each address space has its ABI's limits
 * (an i386 one ends below 4 GiB, an x86-64 one at Linux's TASK_SIZE_MAX). */
#ifndef MM_VM_H
#define MM_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "pt_map.h"
#include "../../../shared/abi.h"
#include "../../../shared/pte.h"
#include "../fs/fs.h"
#include "vma_array.h"

/* The i386 layout (Linux's IA32 TASK_SIZE). */
#define USER32_END       0xFFFFE000u  /* first address above user space */
#define USER32_STACK_TOP 0xFFFFE000u
#define USER32_MMAP_TOP  0xF7000000u  /* mmap searches downward from here */
/* The x86-64 layout without randomization (Linux's TASK_SIZE_MAX; mmap
 * below the stack's 128 MiB minimum gap). */
#define USER64_END       0x00007ffffffff000ull
#define USER64_STACK_TOP 0x00007ffffffff000ull
#define USER64_MMAP_TOP  (USER64_STACK_TOP - (128ull << 20))
#define USER_STACK_MAX  (8u << 20)   /* RLIMIT_STACK's soft default; programs load below it */
#define STACK_GUARD     (1u << 20)   /* at least this between the stack and the mmap area */
#define USER_MIN_ADDR   0x00010000u  /* mmap_min_addr: page 0.. unmappable */
#define USER_PML4_SLOTS 256          /* the lower half: user space */
#define USER_PT_SLOTS   2048         /* 2 MiB slots below 4 GiB (pt_map) */

#define VM_READ   0x1  /* = PROT_READ */
#define VM_WRITE  0x2  /* = PROT_WRITE */
#define VM_EXEC   0x4  /* = PROT_EXEC */

/* The compat-FPU trampoline page (see proc/compat_fp.h): the first page
 * above 4 GiB, which 32-bit code cannot address (at USER32_END it was
 * readable and executable from 32-bit code, where Linux has nothing). */
#define USER_TRAMP_VA   0x100000000ull

struct mm {
	uint64_t pml4;           /* physical address of the PML4 */
	int users;               /* processes running on it (vfork shares) */
	struct vma_array vmas;   /* its regions */
	uaddr_t user_end;        /* first address above its user space (by ABI) */
	uaddr_t mmap_top;        /* mmap searches downward from here */
	uaddr_t stack_top;       /* exec's stack ends here */
	uaddr_t brk_start, brk;  /* the heap: [brk_start, brk) */
	uaddr_t start_stack;     /* exec's initial stack pointer (argc) */
	uaddr_t arg_start, arg_end, env_start, env_end; /* exec's strings (/proc/PID/cmdline) */
	uaddr_t vdso;            /* where exec mapped the vDSO (kept after munmap, as Linux); 0: none */
	uaddr_t auxv;            /* exec's auxiliary vector on the stack (core dumps); 0: none */
	uint32_t auxv_bytes;
	/* mmap placement hint (vm_find_free): every free gap between
	 * free_top and mmap_top is at most free_hole bytes long. */
	uaddr_t free_top, free_hole;
	uint32_t pt_pages;       /* frames used by user page tables */
	bool fork_advised;       /* a VMA has (or had) fork advice: fork looks for it */
	uint64_t *low_pd[4];     /* the page directories of the low 4 GiB, once
	                            there (walks below 4 GiB skip two levels) */
	struct pt_high high;     /* the page directories above 4 GiB and their
	                            tables (freed from here at the end) */
	uint64_t pt_map[USER_PT_SLOTS / 64]; /* bit n: a page table maps the
	                            2 MiB at n << 21 (freed from here at the end) */
};

/* The end of the active address space's user space (access_ok's limit). */
extern uaddr_t vm_active_end;

/* A new, empty address space (kernel half shared) with the limits of abi;
 * NULL when out of memory. */
struct mm *vm_create(enum cv_abi abi);

/* How vm_fork copies an address space. */
enum vm_fork_mode {
	VM_FORK_EAGER,        /* cow=off: writable pages are copied now */
	VM_FORK_COW,          /* fork=copy: page-table entries are copied, writable
	                         pages become read-only copy-on-write in both */
	VM_FORK_SHARE_TABLES, /* on-demand fork: the last-level page tables are
	                         shared, read-only through their PDEs (pt_own) */
};

/* A copy of parent for a forked child, made as mode says. Read-only
 * pages are shared. NULL when out of memory (nothing leaks). */
struct mm *vm_fork(struct mm *parent, enum vm_fork_mode mode);

/* Drop one user; the last one frees every user page and table. */
void vm_release(struct mm *mm);

/* The table of address spaces (NPROC entries; users 0: unused), which
 * the VMM reads (introspect.c). */
const struct mm *vm_mm_table(void);

/* Switch the CPU to mm's page tables. */
void vm_activate(struct mm *mm);

/* The VMA containing va, or NULL. */
struct vma *vm_find(struct mm *mm, uaddr_t va);

/* Does every page of [start, end) lie in some VMA? */
bool vm_mapped(struct mm *mm, uaddr_t start, uaddr_t end);

/* Add a region [start, end) (page aligned, free of other VMAs); returns it
 * or NULL at the mapping limit (VMA_COUNT_MAX) or out of memory. The
 * pointer is valid until the next change of mm's VMAs. */
struct vma *vm_add(struct mm *mm, uaddr_t start, uaddr_t end, uint32_t prot,
		   enum vma_kind kind);

/* Merge the anonymous VMA v with neighbours it touches that are alike
 * (anonymous, same protection, private or the same shared object at
 * contiguous offsets), as Linux merges mappings. */
void vm_merge(struct mm *mm, struct vma *v);

/* Remove [start, end) from all VMAs (splitting them) and unmap its pages.
 * Returns 0 or -ENOMEM when a split finds no room (the mapping limit). */
int vm_remove(struct mm *mm, uaddr_t start, uaddr_t end);

/* Change the protection of [start, end), which must be fully covered by
 * VMAs. Returns 0, -ENOMEM (not covered, or no room for a split) or
 * -EACCES (write asked of a shared file mapping: the file is read-only). */
int vm_protect(struct mm *mm, uaddr_t start, uaddr_t end, uint32_t prot);

/* mincore's answer for the n pages from start (page aligned): out[i] 1
 * where the page is resident (mapped, or in its file or shared object),
 * else 0. Returns the pages answered: fewer than n at the first one no VMA
 * holds. */
uint32_t vm_mincore(struct mm *mm, uaddr_t start, uint32_t n, uint8_t *out);

/* What madvise says of fork for a range. */
enum vm_fork_advice { VM_DONTFORK, VM_DOFORK, VM_WIPEONFORK, VM_KEEPONFORK };

/* Mark the VMAs in [start, end) (split at its edges) as advice says:
 * a fork child does not get them (DONTFORK, undone by DOFORK) or gets them
 * empty (WIPEONFORK, private anonymous memory only: -EINVAL; undone by
 * KEEPONFORK). 0, -EINVAL, -ENOMEM for a hole (the mapped parts changed,
 * as Linux) or at the mapping limit. */
int vm_fork_advise(struct mm *mm, uaddr_t start, uaddr_t end, enum vm_fork_advice advice);

/* Drop the pages of [start, end) (MADV_DONTNEED): private pages are freed
 * (they read as zeros, or the file, again); shared ones keep their
 * content in their object. 0, or -ENOMEM when part of the range is not
 * mapped (the mapped parts are still dropped). */
int vm_drop_pages(struct mm *mm, uaddr_t start, uaddr_t end);

/* Is [start, end) free of VMAs? */
bool vm_range_free(struct mm *mm, uaddr_t start, uaddr_t end);

/* Bytes of mm's mappings outside [skip, skip_end) (an empty range: all):
 * *total of all the program's, *data of its private writable ones but the
 * stack (Linux's total_vm and data_vm, for RLIMIT_AS and RLIMIT_DATA). */
void vm_usage(struct mm *mm, uaddr_t skip, uaddr_t skip_end, uint64_t *total, uint64_t *data);

/* A free range of len bytes (page multiple) below mm->mmap_top, highest
 * first; 0 when there is none. */
uaddr_t vm_find_free(struct mm *mm, uaddr_t len);

/* Resolve a fault at va for an access (VM_READ, VM_WRITE or VM_EXEC; as
 * on x86, write or execute permission implies read).
 * Fills a missing page, breaks copy-on-write. Returns 0 (retry the
 * access), -EFAULT (no VMA or not permitted), -EIO (a file mapping's
 * page past the end of the file: SIGBUS) or -ENOMEM (no frame). */
int vm_fault(struct mm *mm, uaddr_t va, uint32_t access);

/* The physical address backing va, after resolving as vm_fault() would
 * for an access of that kind; negative errno on failure. */
int64_t vm_resolve(struct mm *mm, uaddr_t va, bool write);

/* Move the end of the VMA that ends at old_end to new_end (heap growth
 * and shrinking); unmaps what is given up. 0 or -ENOMEM. */
int vm_move_end(struct mm *mm, uaddr_t old_end, uaddr_t new_end);

/* mremap's move: the private anonymous pages of [old, old + len), all in
 * one VMA, to a new VMA [to, to + new_len) (free, new_len >= len), the
 * frames moving with their entries; the old range is unmapped, or with
 * keep_old stays mapped without pages (MREMAP_DONTUNMAP). 0, or -ENOMEM
 * with nothing moved. */
int vm_move(struct mm *mm, uaddr_t old, uaddr_t len, uaddr_t to, uaddr_t new_len, bool keep_old);

/* Map the trampoline frame (read and execute) at USER_TRAMP_VA in mm if it
 * is not there yet. 0 or -ENOMEM. */
int vm_map_trampoline(struct mm *mm, uint64_t frame);

/* Describe the kernel's one-page frame as a read+execute VMA of kind
 * (VMA_VDSO) at va, filled on first touch; 0 or -ENOMEM. */
int vm_add_kernel_page(struct mm *mm, uaddr_t va, uint64_t frame, enum vma_kind kind);

/* Make regular file n the file of VMA v (a new one, or one being copied
 * whose reference this takes): one reference and one mapper of n, and
 * for a writable shared mapping write access (so n cannot run: ETXTBSY). */
void vm_hold_file(struct vma *v, struct fnode *n);

/* Regular file n is being cut to size bytes: unmap the pages of every
 * mapping of it that lie past the new end (their next touch is SIGBUS). */
void vm_file_truncated(struct fnode *n, uint64_t size);

/* The PTE of va, or NULL when its page table does not exist. */
uint64_t *vm_pte(struct mm *mm, uaddr_t va);

#endif
