/* Where the VMM finds the guest kernel's address spaces and their regions
 * (VMAs), for the mappings the statistics and the HTML report show. The
 * kernel publishes its own table of address spaces (struct mm) and the
 * offsets of the few fields the VMM reads, so its structures stay its own;
 * the widths of those fields are fixed here and asserted by the kernel.
 * The VMA arrays live in kernel virtual memory outside the direct map: the
 * VMM translates their addresses through the address space's page tables
 * and reads them through its checked guest-memory accessor. The same
 * regions are the mappings of a core dump (--core-dir): one source for
 * both, so the kernel reports with a core only what these tables cannot
 * say (its files' paths, shared/coredump.h). */
#ifndef SHARED_INTROSPECT_MM_H
#define SHARED_INTROSPECT_MM_H

#include <stdint.h>

#define CV_MM_LAYOUT_MAGIC   0x4d4d5643u /* "CVMM" */
#define CV_MM_LAYOUT_VERSION 3

/* What a region is, as the kernel's enum vma_kind (which takes these
 * values): the one list of kinds, for the statistics, the report and the
 * core dumps. */
enum cv_vma_kind {
	CV_VMA_ANON = 0,   /* anonymous mmap (private or MAP_SHARED) */
	CV_VMA_FILE = 1,   /* a file: an ELF segment exec loaded, or an mmap of one */
	CV_VMA_HEAP = 2,   /* brk */
	CV_VMA_STACK = 3,  /* the initial stack */
	CV_VMA_TRAMP = 4,  /* the kernel's FPU trampoline page (a core dumps it like a vDSO) */
	CV_VMA_VDSO = 5,   /* the vDSO: the kernel's page of its ABI, shared by every process */
	CV_VMA_NKINDS
};

/* The root of the address-space tables (cv_introspect.mm_layout). All
 * offsets are byte offsets into one record. */
struct cv_mm_layout {
	uint32_t magic;        /* CV_MM_LAYOUT_MAGIC */
	uint32_t version;      /* CV_MM_LAYOUT_VERSION */
	uint64_t mms;          /* physical: nmms records of mm_size bytes */
	uint32_t nmms, mm_size;
	uint32_t mm_pml4;      /* uint64_t: physical address of the PML4 (a process's cr3) */
	uint32_t mm_users;     /* int32_t: processes on it; 0: record unused */
	uint32_t mm_vmas;      /* uint64_t: kernel virtual address of its VMA array */
	uint32_t mm_nvmas;     /* int32_t: VMAs in that array, sorted by start */
	uint32_t vma_size;     /* bytes of one VMA record */
	uint32_t max_vmas;     /* the kernel's limit on nvmas */
	uint32_t vma_start, vma_end; /* uint64_t: [start, end), page aligned (version 3:
	                                the whole 64-bit user half) */
	uint32_t vma_prot;     /* uint32_t: PROT_READ | PROT_WRITE | PROT_EXEC bits */
	uint32_t vma_kind;     /* uint32_t: enum cv_vma_kind */
	uint32_t vma_shared;   /* uint8_t (bool): MAP_SHARED */
	uint32_t vma_file_whole; /* uint8_t (bool): an mmap of a file (not an ELF segment) */
	uint32_t vma_file;     /* uint64_t: the file's identity (the kernel address of its
	                          node; 0: none), the key of a core's file paths */
	uint32_t vma_file_off; /* uint64_t: CV_VMA_FILE: the file offset at start */
};
_Static_assert(sizeof(struct cv_mm_layout) == 80, "cv_mm_layout layout");

#endif
