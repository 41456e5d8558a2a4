/* /dev: the table of devices this kernel has, their nodes in the tree,
 * and opening them. */
#include "chardev.h"

#include "../../../shared/hypercall.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"

#define DEVFS_PERM_ALL     0666u
#define DEVFS_PERM_CONSOLE 0600u

/* A device: its node's name, number and permissions, and its file kind. */
struct chardev {
	const char *name;
	uint32_t rdev, perm;
	enum file_type type;
	const struct file_ops *ops;
};

static const struct chardev devices[] = {
	{ "null",    DEV_NULL,    DEVFS_PERM_ALL,     FT_NODE,    &null_fops },
	{ "zero",    DEV_ZERO,    DEVFS_PERM_ALL,     FT_NODE,    &zero_fops },
	{ "full",    DEV_FULL,    DEVFS_PERM_ALL,     FT_NODE,    &full_fops },
	{ "random",  DEV_RANDOM,  DEVFS_PERM_ALL,     FT_NODE,    &random_fops },
	{ "urandom", DEV_URANDOM, DEVFS_PERM_ALL,     FT_NODE,    &random_fops },
	/* The controlling terminal: the console for every process until
	 * sessions give processes one (then ENXIO without one, as Linux). */
	{ "tty",     DEV_TTY,     DEVFS_PERM_ALL,     FT_CONSOLE, &console_fops },
	{ "console", DEV_CONSOLE, DEVFS_PERM_CONSOLE, FT_CONSOLE, &console_fops },
};
#define NDEVICES (sizeof(devices) / sizeof(devices[0]))

/* The links of /dev into the process's own descriptors, as udev makes them. */
static const struct { const char *name, *target; } links[] = {
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};
#define NLINKS (sizeof(links) / sizeof(links[0]))

/* The device with number rdev, or NULL. */
static const struct chardev *chardev_find(uint32_t rdev)
{
	for (unsigned i = 0; i < NDEVICES; i++)
		if (devices[i].rdev == rdev)
			return &devices[i];
	return 0;
}

long chardev_open(struct fnode *node, uint32_t flags, struct file **out)
{
	const struct chardev *d = chardev_find(node->rdev);
	struct file *f;

	if (d == 0)
		return -ENXIO;
	if ((f = file_alloc(d->type, d->ops, flags)) == 0)
		return -ENFILE;
	f->node = node; /* fstat shows the node (its rdev) */
	f->stream = CV_CONSOLE_OUT;
	*out = f;
	return 0;
}

bool chardev_maps_anon(const struct file *f)
{
	return f->node && FS_ISCHR(f->node->mode) && f->node->rdev == DEV_ZERO;
}

/* The entry name of dir, or NULL. */
static struct fnode *child(struct fnode *dir, const char *name)
{
	struct fnode *n;

	return fs_lookup(dir, name, false, &n) == 0 ? n : 0;
}

void devfs_populate(void)
{
	struct fnode *dev = child(fs_root(), "dev"), *n;

	if (dev == 0)
		dev = fs_attach(fs_root(), "dev", FS_IFDIR | 0755);
	if (dev == 0 || !FS_ISDIR(dev->mode)) {
		printk("cowvisor kernel: /dev is not a directory: no devices\n");
		return;
	}
	for (unsigned i = 0; i < NDEVICES; i++) {
		if (child(dev, devices[i].name))
			continue;
		if ((n = fs_attach(dev, devices[i].name, FS_IFCHR | devices[i].perm)) == 0)
			return;
		n->rdev = devices[i].rdev;
	}
	for (unsigned i = 0; i < NLINKS; i++) {
		if (child(dev, links[i].name))
			continue;
		if ((n = fs_attach(dev, links[i].name, FS_IFLNK | 0777)) == 0)
			return;
		n->data = (const uint8_t *)links[i].target;
		n->size = strlen(links[i].target);
	}
}
