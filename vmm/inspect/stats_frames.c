/* Frame-wide results of a snapshot: sharing totals, the mapcount
 * histogram, and the audit of the kernel's reference counts. */
#include "stats_frames.h"
#include "../../shared/layout.h"

#include <stdlib.h>

/* Shared frames, saved bytes and the histogram from the mapcounts. */
int frames_sharing(struct stats_snapshot *s, const struct sharing *sh)
{
	uint64_t *count = calloc(sh->nspaces + 1, sizeof(*count));

	if (count == NULL)
		return -1;
	for (uint64_t pfn = 0; pfn < sh->nframes; pfn++) {
		unsigned mc = sh->mapcount[pfn];

		count[mc]++;
		s->page_tables_shared += sh->holders[pfn] >= 2;
		if (mc >= 2) {
			s->shared_frames++;
			s->saved_bytes += (uint64_t)(mc - 1) * CV_PAGE_SIZE;
		}
	}
	for (size_t mc = 1; mc <= sh->nspaces; mc++)
		s->nhistogram += count[mc] != 0;
	s->histogram = calloc(s->nhistogram ? s->nhistogram : 1, sizeof(*s->histogram));
	if (s->histogram == NULL) {
		free(count);
		return -1;
	}
	s->nhistogram = 0;
	for (size_t mc = 1; mc <= sh->nspaces; mc++)
		if (count[mc])
			s->histogram[s->nhistogram++] = (struct stats_hist){ (uint32_t)mc, count[mc] };
	free(count);
	return 0;
}

/* Record one mismatch, or count it once the list is full. */
static void add_mismatch(struct stats_snapshot *s, uint64_t pfn, uint32_t guest, uint64_t walked)
{
	if (s->nmismatches == STATS_MAX_MISMATCHES) {
		s->mismatches_omitted++;
		return;
	}
	s->mismatches[s->nmismatches++] = (struct stats_mismatch){ pfn, guest, walked };
}

/* Compare the kernel's count of every referenced frame with the walk's. */
void frames_audit(struct stats_snapshot *s, const struct sharing *sh)
{
	for (uint64_t pfn = 0; pfn < sh->nframes; pfn++) {
		uint64_t walked = sh->refs[pfn] + (uint64_t)view_pinned(sh->v, pfn);
		uint32_t guest;

		if (walked == 0)
			continue;
		walked += view_held(sh->v, pfn); /* a kernel object's reference */
		guest = view_refcount(sh->v, pfn);
		if (guest != walked)
			add_mismatch(s, pfn, guest, walked);
	}
}
