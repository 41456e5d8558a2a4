/* Positions in directory listings (getdents): a cursor remembers the entry
 * reached, so each call continues where the last one stopped. */
#include "fs.h"

#include <stddef.h>

struct fnode *fs_dir_entry(const struct fnode *dir, uint64_t pos, struct fs_dir_cursor *c)
{
	struct fnode *n;
	uint64_t at;

	if (dir->pseudo) /* a pseudo directory lists itself */
		return dir->pseudo->entry((struct fnode *)dir, pos);
	if (c->pos >= 2 && c->pos <= pos) {
		n = c->node;
		at = c->pos;
	} else {
		n = dir->child;
		at = 2;
	}
	for (; at < pos && n; at++)
		n = n->next;
	c->pos = pos;
	c->node = n;
	return n;
}
