/* The name index of the file tree (see index.h). */
#include "index.h"

#include <stddef.h>

#include "../lib/string.h"

#define INDEX_MAX_BUCKETS (INDEX_LEAF_SLOTS * INDEX_LEAVES)

/* FNV-1a of the name, started from the directory's inode number (stable
 * when the staged root is installed as the root). */
static uint32_t name_hash(const struct fnode *dir, const char *name, uint64_t len)
{
	uint32_t h = 2166136261u ^ dir->ino * 0x9e3779b1u;

	for (uint64_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

/* The head of the chain for hash h. */
static struct fdent **bucket(const struct fs_index *ix, uint32_t h)
{
	uint32_t b = h & (ix->nbuckets - 1);

	return &ix->leaf[b / INDEX_LEAF_SLOTS][b % INDEX_LEAF_SLOTS];
}

int fs_index_init(struct fs_index *ix)
{
	ix->leaf = fs_alloc(INDEX_LEAVES * sizeof(*ix->leaf));
	if (!ix->leaf)
		return -1;
	ix->leaf[0] = fs_alloc(INDEX_LEAF_SLOTS * sizeof(**ix->leaf));
	if (!ix->leaf[0])
		return -1;
	ix->nbuckets = INDEX_LEAF_SLOTS;
	ix->count = 0;
	return 0;
}

/* Double the buckets: allocate the leaves of the upper half, then move the
 * nodes whose next hash bit is set from bucket b to bucket b + old. */
static void grow(struct fs_index *ix)
{
	uint32_t old = ix->nbuckets;

	if (old >= INDEX_MAX_BUCKETS)
		return;
	for (uint32_t l = old / INDEX_LEAF_SLOTS; l < 2 * old / INDEX_LEAF_SLOTS; l++) {
		if (!ix->leaf[l])
			ix->leaf[l] = fs_alloc(INDEX_LEAF_SLOTS * sizeof(**ix->leaf));
		if (!ix->leaf[l])
			return; /* the leaves allocated so far serve the next try */
	}
	ix->nbuckets = 2 * old;
	for (uint32_t b = 0; b < old; b++) {
		struct fdent **link = &ix->leaf[b / INDEX_LEAF_SLOTS][b % INDEX_LEAF_SLOTS];
		struct fdent **high = &ix->leaf[(b + old) / INDEX_LEAF_SLOTS][(b + old) % INDEX_LEAF_SLOTS];

		while (*link) {
			struct fdent *n = *link;
			if (n->hash & old) { /* the bit that now tells the halves apart */
				*link = n->hnext;
				n->hnext = *high;
				*high = n;
			} else {
				link = &n->hnext;
			}
		}
	}
}

void fs_index_add(struct fs_index *ix, struct fdent *e)
{
	struct fdent **head;

	if (ix->count >= ix->nbuckets)
		grow(ix);
	e->hash = name_hash(e->dir, e->name, e->namelen);
	head = bucket(ix, e->hash);
	e->hnext = *head;
	*head = e;
	ix->count++;
}

void fs_index_remove(struct fs_index *ix, struct fdent *e)
{
	struct fdent **link = bucket(ix, e->hash);

	while (*link && *link != e)
		link = &(*link)->hnext;
	if (*link) {
		*link = e->hnext;
		e->hnext = NULL;
		ix->count--;
	}
}

struct fdent *fs_index_find(const struct fs_index *ix, const struct fnode *dir, const char *name,
			    uint64_t len)
{
	uint32_t h;

	if (ix->nbuckets == 0)
		return NULL;
	h = name_hash(dir, name, len);
	for (struct fdent *n = *bucket(ix, h); n; n = n->hnext)
		if (n->hash == h && n->dir == dir && n->namelen == len &&
		    memcmp(n->name, name, len) == 0)
			return n;
	return NULL;
}
