/* Positions in directory listings (getdents): entries keep the cookie they
 * got when made, rising along the directory's list, so a listing goes on
 * from the first entry at or after its position, whatever was added or
 * removed meanwhile (every entry that stays is listed once). A cursor
 * remembers the entry reached, so each call continues in O(1) while
 * nothing is removed; after a removal it finds its place from the start. */
#include "fs.h"

#include <stddef.h>

struct fdent *fs_dir_entry(const struct fnode *dir, uint64_t pos, struct fs_dir_cursor *c)
{
	struct fdent *e;

	if (dir->pseudo) /* a pseudo directory lists itself */
		return dir->pseudo->entry((struct fnode *)dir, pos);
	if (c->pos >= 2 && c->pos <= pos && c->removals == fs_removals() && c->ent)
		e = c->ent;
	else
		e = dir->child;
	while (e && e->cookie < pos)
		e = e->next;
	c->pos = e ? e->cookie : pos;
	c->ent = e;
	c->removals = fs_removals();
	return e;
}
