/* Write access against running programs: a file open for writing cannot
 * be executed and a running program cannot be opened for writing or
 * truncated (ETXTBSY), as Linux keeps them apart with i_writecount. */
#include "fs.h"

#include "../lib/errno.h"

int fs_get_write(struct fnode *n)
{
	if (n->writecount < 0)
		return -ETXTBSY;
	n->writecount++;
	return 0;
}

void fs_put_write(struct fnode *n)
{
	n->writecount--;
}

int fs_deny_write(struct fnode *n)
{
	if (n->writecount > 0)
		return -ETXTBSY;
	n->writecount--;
	return 0;
}

void fs_allow_write(struct fnode *n)
{
	n->writecount++;
}
