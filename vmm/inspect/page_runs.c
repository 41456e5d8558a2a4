/* Growing lists of page runs. */
#include "page_runs.h"
#include "../../shared/layout.h"

#include <stdlib.h>
#include <string.h>

/* Does the page (va, pfn, mapcount, flags) continue run r? */
static int continues(const struct page_run *r, uint64_t va, uint64_t pfn, uint16_t mapcount,
		     uint8_t flags)
{
	return r->va + (uint64_t)r->n * CV_PAGE_SIZE == va && r->pfn + r->n == pfn &&
	       r->mapcount == mapcount && r->flags == flags && r->n < UINT32_MAX;
}

/* Add a page; see page_runs.h. */
int page_runs_add(struct page_runs *l, uint64_t va, uint64_t pfn, uint16_t mapcount,
		  uint8_t flags)
{
	if (l->n > 0 && continues(&l->r[l->n - 1], va, pfn, mapcount, flags)) {
		l->r[l->n - 1].n++;
		l->pages++;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct page_run *r = realloc(l->r, cap * sizeof(*r));

		if (r == NULL)
			return -1;
		l->r = r;
		l->cap = cap;
	}
	l->r[l->n++] = (struct page_run){ .va = va, .pfn = pfn, .n = 1, .mapcount = mapcount,
					  .flags = flags };
	l->pages++;
	return 0;
}

/* Copy src into the empty dst. */
int page_runs_copy(struct page_runs *dst, const struct page_runs *src)
{
	*dst = (struct page_runs){ 0 };
	if (src->n == 0)
		return 0;
	if ((dst->r = malloc(src->n * sizeof(*dst->r))) == NULL)
		return -1;
	memcpy(dst->r, src->r, src->n * sizeof(*dst->r));
	dst->n = dst->cap = src->n;
	dst->pages = src->pages;
	return 0;
}

/* Free the runs. */
void page_runs_free(struct page_runs *l)
{
	free(l->r);
	*l = (struct page_runs){ 0 };
}
