/* Helpers for tests that read the kernel's address-space tables
 * (shared/introspect_mm.h): a layout of the tests' own choosing for
 * struct mm and struct vma records, written into the fixture's guest RAM
 * (test_inspect_fixture.h; include after it). */
#ifndef TEST_MM_FIXTURE_H
#define TEST_MM_FIXTURE_H

#include "../../shared/introspect_mm.h"
#include "../../vmm/inspect/mappings.h"

#define FX_MM_SIZE  64u /* a fake struct mm: pml4 at 0, users at 8, vmas at 16, nvmas at 24 */
#define FX_VMA_SIZE 48u /* a fake struct vma: start 0, end 8, prot 16, kind 20, shared 24,
                           file_whole 25, file 32, file_off 40 */

/* Publish the layout at layout_pa for nmms records at mms_pa, limit max_vmas. */
static inline void fx_mm_layout(struct fx *f, uint64_t layout_pa, uint64_t mms_pa, uint32_t nmms,
				uint32_t max_vmas)
{
	struct cv_mm_layout l = {
		.magic = CV_MM_LAYOUT_MAGIC, .version = CV_MM_LAYOUT_VERSION, .mms = mms_pa,
		.nmms = nmms, .mm_size = FX_MM_SIZE, .mm_pml4 = 0, .mm_users = 8, .mm_vmas = 16,
		.mm_nvmas = 24, .vma_size = FX_VMA_SIZE, .max_vmas = max_vmas, .vma_start = 0,
		.vma_end = 8, .vma_prot = 16, .vma_kind = 20, .vma_shared = 24, .vma_file_whole = 25,
		.vma_file = 32, .vma_file_off = 40,
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
	uint64_t start = m->start, end = m->end;
	uint32_t kind = m->kind;

	memset(rec, 0, FX_VMA_SIZE);
	memcpy(rec, &start, 8);
	memcpy(rec + 8, &end, 8);
	memcpy(rec + 16, &m->prot, 4);
	memcpy(rec + 20, &kind, 4);
	rec[24] = m->shared;
	rec[25] = m->file_whole;
	memcpy(rec + 32, &m->file, 8);
	memcpy(rec + 40, &m->file_off, 8);
}

#endif
