/* Helpers for tests that read the kernel's address-space tables
 * (shared/introspect_mm.h): a layout of the tests' own choosing for
 * struct mm and struct vma records, written into the fixture's guest RAM
 * (test_inspect_fixture.h; include after it). */
#ifndef TEST_MM_FIXTURE_H
#define TEST_MM_FIXTURE_H

#include "../../shared/introspect_mm.h"
#include "../../vmm/inspect/mappings.h"

#define FX_MM_SIZE  64u /* a fake struct mm: pml4 at 0, users at 8, vmas at 16, nvmas at 24 */
#define FX_VMA_SIZE 40u /* a fake struct vma: start 0, end 4, prot 8, kind 12, shared 16,
                           file_whole 17, file 24, file_off 32 */

/* Publish the layout at layout_pa for nmms records at mms_pa, limit max_vmas. */
static inline void fx_mm_layout(struct fx *f, uint64_t layout_pa, uint64_t mms_pa, uint32_t nmms,
				uint32_t max_vmas)
{
	struct cv_mm_layout l = {
		.magic = CV_MM_LAYOUT_MAGIC, .version = CV_MM_LAYOUT_VERSION, .mms = mms_pa,
		.nmms = nmms, .mm_size = FX_MM_SIZE, .mm_pml4 = 0, .mm_users = 8, .mm_vmas = 16,
		.mm_nvmas = 24, .vma_size = FX_VMA_SIZE, .max_vmas = max_vmas, .vma_start = 0,
		.vma_end = 4, .vma_prot = 8, .vma_kind = 12, .vma_shared = 16, .vma_file_whole = 17,
		.vma_file = 24, .vma_file_off = 32,
	};

	fx_root(f)->mm_layout = layout_pa;
	memcpy(f->gm.base + layout_pa, &l, sizeof(l));
}

/* Fill address-space record i at mms_pa. */
static inline void fx_put_mm(struct fx *f, uint64_t mms_pa, unsigned i, uint64_t pml4,
			     int32_t users, uint64_t vmas, int32_t n)
{
	uint8_t *rec = f->gm.base + mms_pa + i * FX_MM_SIZE;

	memcpy(rec, &pml4, 8);
	memcpy(rec + 8, &users, 4);
	memcpy(rec + 16, &vmas, 8);
	memcpy(rec + 24, &n, 4);
}

/* Encode region m as a fake struct vma into rec (FX_VMA_SIZE bytes). */
static inline void fx_vma_record(uint8_t *rec, const struct inspect_mapping *m)
{
	uint32_t start = (uint32_t)m->start, end = (uint32_t)m->end, kind = m->kind;

	memset(rec, 0, FX_VMA_SIZE);
	memcpy(rec, &start, 4);
	memcpy(rec + 4, &end, 4);
	memcpy(rec + 8, &m->prot, 4);
	memcpy(rec + 12, &kind, 4);
	rec[16] = m->shared;
	rec[17] = m->file_whole;
	memcpy(rec + 24, &m->file, 8);
	memcpy(rec + 32, &m->file_off, 8);
}

#endif
