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
	/* The controlling terminal: the console for the processes it
	 * controls (dev_open says ENXIO to the others, as Linux). */
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

int dev_open(struct fnode *node, uint32_t flags, struct file **out)
{
	const struct chardev *d = FS_ISCHR(node->mode) ? chardev_find(node->rdev) : 0;
	struct file *f;
	long rc;

	if (d == 0)
		return -ENXIO; /* a block device, or a number without a driver */
	if (d->rdev == DEV_TTY && (rc = console_open_ctty()) < 0)
		return rc; /* no controlling terminal */
	if ((f = file_alloc(d->type, d->ops, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK))) == 0)
		return -ENFILE;
	f->node = fs_get(node); /* fstat shows the node (its rdev); the ops' release lets go */
	f->stream = CV_CONSOLE_OUT;
	*out = f;
	return 0;
}

bool chardev_maps_anon(const struct file *f)
{
	return f->node && FS_ISCHR(f->node->mode) && f->node->rdev == DEV_ZERO;
}

/* Make name in dir with mode (rdev, target for devices and links) unless
 * dir has it already; false when that fails. */
static bool make(struct fnode *dir, const char *name, uint32_t mode, uint32_t rdev, const char *target)
{
	struct fnode *n;
	uint32_t len = (uint32_t)strlen(name);
	int rc;

	if (fs_find(dir, name, len))
		return true;
	rc = fs_create(dir, name, len, mode, rdev, target, target ? (uint32_t)strlen(target) : 0, &n);
	if (rc < 0)
		printk("cowvisor kernel: /dev/%s: error %d\n", name, -rc);
	return rc == 0;
}

void devfs_populate(void)
{
	struct fdent *e = fs_find(fs_root(), "dev", 3);
	struct fnode *dev;

	if (e == 0 && fs_create(fs_root(), "dev", 3, FS_IFDIR | 0755, 0, 0, 0, &dev) < 0)
		dev = 0;
	else if (e)
		dev = e->node;
	if (dev == 0 || !FS_ISDIR(dev->mode)) {
		printk("cowvisor kernel: /dev is not a directory: no devices\n");
		return;
	}
	for (unsigned i = 0; i < NDEVICES; i++)
		if (!make(dev, devices[i].name, FS_IFCHR | devices[i].perm, devices[i].rdev, 0))
			return;
	for (unsigned i = 0; i < NLINKS; i++)
		if (!make(dev, links[i].name, FS_IFLNK | 0777, 0, links[i].target))
			return;
}
