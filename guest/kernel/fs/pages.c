/* The page index of a regular file (see pages.h). */
#include "pages.h"

#include <stddef.h>

/* Page numbers one entry at this level spans (level 1: one page). */
static uint64_t span(uint32_t level)
{
	return 1ull << (FS_INDEX_BITS * (level - 1));
}

/* Page numbers a tree of this height holds. */
static uint64_t capacity(uint32_t height)
{
	return 1ull << (FS_INDEX_BITS * height);
}

/* The entries of the index page at pa. */
static uint64_t *table(uint64_t pa)
{
	return fs_page_ptr(pa);
}

uint64_t fs_pages_get(const struct fs_pages *p, uint64_t index)
{
	uint64_t pa = p->root;

	if (index >= capacity(p->height))
		return 0;
	for (uint32_t level = p->height; level > 0 && pa; level--)
		pa = table(pa)[(index / span(level)) % FS_INDEX_SLOTS];
	return pa;
}

/* Put one more level on top, the old tree as its first entry. */
static int grow(struct fs_pages *p)
{
	uint64_t top = fs_page_alloc(false);

	if (top == 0)
		return -1;
	table(top)[0] = p->root;
	p->root = top;
	p->height++;
	return 0;
}

int fs_pages_set(struct fs_pages *p, uint64_t index, uint64_t pa)
{
	uint64_t *slot = &p->root;

	while (index >= capacity(p->height))
		if (grow(p) < 0)
			return -1;
	for (uint32_t level = p->height; level > 0; level--) {
		if (*slot == 0 && (*slot = fs_page_alloc(false)) == 0)
			return -1; /* the index pages made so far stay for the next try */
		slot = &table(*slot)[(index / span(level)) % FS_INDEX_SLOTS];
	}
	*slot = pa;
	p->ndata++;
	return 0;
}

/* Free what *slot holds (a subtree of this level covering the page
 * numbers from base) at page numbers >= from; *slot is 0 if all went. */
static void trim_slot(struct fs_pages *p, uint64_t *slot, uint32_t level, uint64_t base,
		      uint64_t from)
{
	uint64_t *t;
	bool empty = true;

	if (*slot == 0)
		return;
	if (level == 0) {
		if (base >= from) {
			fs_page_free(*slot, true);
			*slot = 0;
			p->ndata--;
		}
		return;
	}
	t = table(*slot);
	for (uint32_t i = 0; i < FS_INDEX_SLOTS; i++) {
		uint64_t b = base + i * span(level);
		if (b + span(level) > from) /* some of it goes */
			trim_slot(p, &t[i], level - 1, b, from);
		empty = empty && t[i] == 0;
	}
	if (empty) {
		fs_page_free(*slot, false);
		*slot = 0;
	}
}

void fs_pages_trim(struct fs_pages *p, uint64_t from)
{
	trim_slot(p, &p->root, p->height, 0, from);
	if (p->root == 0)
		p->height = 0;
}
