/* Reading the kernel's VMA arrays from outside. */
#include "mappings.h"

#include <stdlib.h>
#include <string.h>

#include "../../shared/layout.h"
#include "../../shared/pte.h"
#include "../util.h"
#include "pagewalk.h"

/* Read the layout record and check it describes fields inside records. */
static int read_layout(const struct guest_view *v, struct cv_mm_layout *l, char *err,
		       size_t errlen)
{
	if (!gm_read(v->gm, v->root.mm_layout, l, sizeof(*l)))
		return errorf(err, errlen, "address-space layout at 0x%llx lies outside guest RAM",
			      (unsigned long long)v->root.mm_layout);
	if (l->magic != CV_MM_LAYOUT_MAGIC || l->version != CV_MM_LAYOUT_VERSION)
		return errorf(err, errlen, "address-space layout has magic 0x%08x version %u, "
			      "expected 0x%08x version %u", (unsigned)l->magic, (unsigned)l->version,
			      (unsigned)CV_MM_LAYOUT_MAGIC, (unsigned)CV_MM_LAYOUT_VERSION);
	if (l->nmms > INTROSPECT_MAX_PROCS || l->mm_size == 0 || l->mm_size > CV_PAGE_SIZE ||
	    l->mm_pml4 > l->mm_size - 8 || l->mm_users > l->mm_size - 4 ||
	    l->mm_vmas > l->mm_size - 8 || l->mm_nvmas > l->mm_size - 4 || l->mm_size < 8)
		return errorf(err, errlen, "address-space records (%u of %u bytes) are inconsistent",
			      (unsigned)l->nmms, (unsigned)l->mm_size);
	if (l->vma_size < 8 || l->vma_size > MAPPINGS_MAX_VMA_SIZE ||
	    l->vma_start > l->vma_size - 8 || l->vma_end > l->vma_size - 8 ||
	    l->vma_prot > l->vma_size - 4 || l->vma_kind > l->vma_size - 4 ||
	    l->vma_shared >= l->vma_size || l->vma_file_whole >= l->vma_size ||
	    l->vma_file > l->vma_size - 8 || l->vma_file_off > l->vma_size - 8)
		return errorf(err, errlen, "VMA records of %u bytes are inconsistent",
			      (unsigned)l->vma_size);
	if (gm_ptr(v->gm, l->mms, (uint64_t)l->nmms * l->mm_size) == NULL)
		return errorf(err, errlen, "address-space table at 0x%llx lies outside guest RAM",
			      (unsigned long long)l->mms);
	return 0;
}

/* The record index of the address space with PML4 root, or -1. */
static long find_mm(const struct guest_view *v, const struct cv_mm_layout *l, uint64_t root)
{
	for (uint32_t i = 0; i < l->nmms; i++) {
		uint64_t rec = l->mms + (uint64_t)i * l->mm_size, pml4 = 0;
		int32_t users = 0;

		if (gm_read(v->gm, rec + l->mm_users, &users, 4) && users > 0 &&
		    gm_read(v->gm, rec + l->mm_pml4, &pml4, 8) && (pml4 & PTE_ADDR) == root)
			return (long)i;
	}
	return -1;
}

/* Copy len bytes at kernel virtual address va, translated through root,
 * page by page; false when any page is unmapped or outside RAM. */
static bool read_kva(const struct guest_view *v, uint64_t root, uint64_t va, void *dst,
		     size_t len)
{
	uint8_t *d = dst;

	while (len > 0) {
		uint64_t pa, in_page = CV_PAGE_SIZE - (va & (CV_PAGE_SIZE - 1));
		size_t part = len < in_page ? len : (size_t)in_page;

		if (pw_translate(v->gm, PW_LONG4, root, va, &pa) != PW_OK ||
		    !gm_read(v->gm, pa, d, part))
			return false;
		d += part;
		va += part;
		len -= part;
	}
	return true;
}

/* Decode VMA record rec into m; -1 with err when it makes no sense after
 * prev_end (the previous region's end: sorted, not overlapping). */
static int decode_vma(const struct cv_mm_layout *l, const uint8_t *rec, uint64_t prev_end,
		      uint64_t user_top, struct inspect_mapping *m, char *err, size_t errlen)
{
	uint64_t start, end;
	uint32_t kind;

	memcpy(&start, rec + l->vma_start, 8);
	memcpy(&end, rec + l->vma_end, 8);
	memcpy(&m->prot, rec + l->vma_prot, 4);
	memcpy(&kind, rec + l->vma_kind, 4);
	m->start = start;
	m->end = end;
	m->kind = (enum cv_vma_kind)kind;
	m->shared = rec[l->vma_shared] != 0;
	m->file_whole = rec[l->vma_file_whole] != 0;
	memcpy(&m->file, rec + l->vma_file, 8);
	memcpy(&m->file_off, rec + l->vma_file_off, 8);
	if (!inspect_mapping_has_file(m))
		m->file_off = 0; /* the field means other things for other kinds */
	if (start >= end || (start | end) % CV_PAGE_SIZE || start < prev_end || end > user_top)
		return errorf(err, errlen, "region [0x%llx, 0x%llx) is empty, unaligned, unsorted "
			      "or beyond user space", (unsigned long long)start, (unsigned long long)end);
	if (kind >= CV_VMA_NKINDS || m->prot > 7)
		return errorf(err, errlen, "region [0x%llx, 0x%llx) has kind %u, protection 0x%x",
			      (unsigned long long)m->start, (unsigned long long)m->end,
			      (unsigned)kind, (unsigned)m->prot);
	return 0;
}

/* Read n VMA records from the array at kernel virtual address arr. */
static int read_vmas(const struct guest_view *v, const struct cv_mm_layout *l, uint64_t root,
		     uint64_t arr, struct inspect_mapping *maps, size_t n, char *err, size_t errlen)
{
	uint64_t user_top = v->root.user_pml4_slots << 39, prev_end = 0;
	uint8_t rec[MAPPINGS_MAX_VMA_SIZE];

	for (size_t i = 0; i < n; i++) {
		if (!read_kva(v, root, arr + i * l->vma_size, rec, l->vma_size))
			return errorf(err, errlen, "region %zu at 0x%llx is not mapped in the kernel",
				      i, (unsigned long long)(arr + i * l->vma_size));
		if (decode_vma(l, rec, prev_end, user_top, &maps[i], err, errlen) != 0)
			return -1;
		prev_end = maps[i].end;
	}
	return 0;
}

/* The regions of one address space; see mappings.h. */
int inspect_mappings(const struct guest_view *v, uint64_t cr3, struct inspect_mapping **out,
		     size_t *n, char *err, size_t errlen)
{
	uint64_t root = cr3 & PTE_ADDR, rec, arr = 0;
	struct cv_mm_layout l;
	int32_t count = 0;
	long i;

	*out = NULL;
	*n = 0;
	if (v->root.mm_layout == 0)
		return 1;
	if (read_layout(v, &l, err, errlen) != 0)
		return -1;
	if ((i = find_mm(v, &l, root)) < 0)
		return errorf(err, errlen, "no address space with PML4 0x%llx in the kernel's table",
			      (unsigned long long)root);
	rec = l.mms + (uint64_t)i * l.mm_size;
	if (!gm_read(v->gm, rec + l.mm_nvmas, &count, 4) || !gm_read(v->gm, rec + l.mm_vmas, &arr, 8) ||
	    count < 0 || (uint32_t)count > l.max_vmas)
		return errorf(err, errlen, "address space 0x%llx claims %d regions (at most %u)",
			      (unsigned long long)root, (int)count, (unsigned)l.max_vmas);
	if (count == 0)
		return 0;
	if ((*out = calloc((size_t)count, sizeof(**out))) == NULL)
		return errorf(err, errlen, "out of memory for %d regions", (int)count);
	if (read_vmas(v, &l, root, arr, *out, (size_t)count, err, errlen) != 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*n = (size_t)count;
	return 0;
}

/* The report's name of a region's kind. */
const char *inspect_mapping_kind(const struct inspect_mapping *m)
{
	switch (m->kind) {
	case CV_VMA_FILE:
		if (m->file_whole)
			return "file";
		if (m->prot & 4)
			return "text";
		return (m->prot & 2) ? "data" : "rodata";
	case CV_VMA_ANON: return m->shared ? "shm" : "mmap";
	case CV_VMA_HEAP: return "heap";
	case CV_VMA_STACK: return "stack";
	case CV_VMA_TRAMP: return "trampoline";
	case CV_VMA_VDSO: return "vdso";
	case CV_VMA_NKINDS: break;
	}
	return "unknown";
}

/* A file's mapping: the kind says so and it names its file. */
bool inspect_mapping_has_file(const struct inspect_mapping *m)
{
	return m->kind == CV_VMA_FILE && m->file != 0;
}

/* "rwx" with dashes. */
const char *inspect_prot_string(uint32_t prot, char buf[4])
{
	buf[0] = (prot & 1) ? 'r' : '-';
	buf[1] = (prot & 2) ? 'w' : '-';
	buf[2] = (prot & 4) ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}
