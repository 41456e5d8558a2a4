/* Device nodes before the device layer exists: no device opens. (The
 * device layer replaces this file with its own dev_open.) */
#include "file.h"

#include "../lib/errno.h"

int dev_open(struct fnode *node, uint32_t flags, struct file **out)
{
	(void)node, (void)flags, (void)out;
	return -ENXIO;
}
