/* The file tree's name index: (directory, name) -> entry in O(1), a hash
 * table chained through the entries. Its bucket array is made of 4 KiB
 * leaves (the kernel allocates nothing larger) under one 4 KiB top array,
 * and doubles by splitting each chain in place, so building it is linear
 * and no memory is thrown away. Internal to guest/kernel/fs. */
#ifndef FS_INDEX_H
#define FS_INDEX_H

#include <stdint.h>

#include "fs.h"

#define INDEX_LEAF_SLOTS 512u  /* bucket heads in one leaf (4 KiB) */
#define INDEX_LEAVES     512u  /* leaves under the top array (4 KiB) */

struct fs_index {
	struct fdent ***leaf;  /* INDEX_LEAVES leaves, the first nbuckets / 512 allocated */
	uint32_t nbuckets;     /* a power of two; 0 before fs_index_init */
	uint32_t count;        /* entries indexed */
};

/* Make ix an empty index with one leaf; -1 when out of memory. */
int fs_index_init(struct fs_index *ix);

/* Index entry e under its directory and name (e->dir set); grows the
 * table when it is full and memory allows (a failed growth only lengthens
 * chains). */
void fs_index_add(struct fs_index *ix, struct fdent *e);

/* Take the indexed entry e out of the index. */
void fs_index_remove(struct fs_index *ix, struct fdent *e);

/* The entry called name[0..len) in directory dir, or NULL. */
struct fdent *fs_index_find(const struct fs_index *ix, const struct fnode *dir, const char *name,
			    uint64_t len);

/* The index of the installed tree (lookup.c). */
struct fs_index *fs_tree_index(void);

#endif
