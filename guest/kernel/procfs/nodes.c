/* procfs's nodes: the entries of /proc and /proc/PID, lookup and listing
 * in them, and the magic links. Nothing is allocated: the nodes of
 * /proc/PID live in one static set per process slot (renamed when the slot
 * gets a new pid), since a working directory or an open file may hold
 * them. The nodes of fd/N are made anew at each lookup in one static pair:
 * nothing keeps them past the system call that looked them up (opening
 * fd/N follows it, and no directory is reached through one). */
#include "procfs.h"

#include "../file/file.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "../dev/chardev.h"
#include "pnode.h"

#define INO_SYS  0x40000000u /* + kind: /proc's own entries */
#define INO_PID  0x50000000u /* + pid << 8 + 1 + entry (fd/N: + 64 + N) */
#define INO_FD   64u
#define PID_NAME 12

static const struct pentry sys_entries[] = {
	{ "self",        PK_SELF,        FS_IFLNK | 0777, 0 },
	{ "meminfo",     PK_MEMINFO,     FS_IFREG | 0444, gen_meminfo },
	{ "uptime",      PK_UPTIME,      FS_IFREG | 0444, gen_uptime },
	{ "loadavg",     PK_LOADAVG,     FS_IFREG | 0444, gen_loadavg },
	{ "mounts",      PK_MOUNTS,      FS_IFREG | 0444, gen_mounts },
	{ "filesystems", PK_FILESYSTEMS, FS_IFREG | 0444, gen_filesystems },
	{ "version",     PK_VERSION,     FS_IFREG | 0444, gen_version },
	{ "cpuinfo",     PK_CPUINFO,     FS_IFREG | 0444, gen_cpuinfo },
	{ "stat",        PK_STAT_SYS,    FS_IFREG | 0444, gen_stat_sys },
};
#define NSYS (sizeof(sys_entries) / sizeof(sys_entries[0]))

static const struct pentry pid_entries[] = {
	{ "cmdline", PK_CMDLINE, FS_IFREG | 0444, gen_cmdline },
	{ "comm",    PK_COMM,    FS_IFREG | 0644, gen_comm },
	{ "cwd",     PK_CWD,     FS_IFLNK | 0777, 0 },
	{ "exe",     PK_EXE,     FS_IFLNK | 0777, 0 },
	{ "fd",      PK_FDDIR,   FS_IFDIR | 0500, 0 },
	{ "limits",  PK_LIMITS,  FS_IFREG | 0444, gen_limits },
	{ "maps",    PK_MAPS,    FS_IFREG | 0444, gen_maps },
	{ "stat",    PK_STAT,    FS_IFREG | 0444, gen_stat },
	{ "statm",   PK_STATM,   FS_IFREG | 0444, gen_statm },
	{ "status",  PK_STATUS,  FS_IFREG | 0444, gen_status },
};
#define NPID (sizeof(pid_entries) / sizeof(pid_entries[0]))

/* The nodes of one process slot. */
struct pslot {
	int pid;
	char pidname[PID_NAME];
	struct pnode dir, ent[NPID];
};

static struct pslot slots[NPROC];
static struct pnode fd_link;    /* the fd/N looked up last */
static struct pnode fd_object;  /* what it leads to, when that has no node */
static struct pnode sys_nodes[NSYS];
static struct fnode *proc_root; /* the mount point */
static char fd_names[NOFILE][3]; /* "0" .. "63" */
_Static_assert(NOFILE <= 100, "fd names have at most two digits");

/* fd in decimal into out (two digits at most): snprintf costs ~300 µs a
 * call where the kernel is emulated, this a few instructions. */
static void fd_name(char out[3], unsigned fd)
{
	if (fd >= 10)
		*out++ = (char)('0' + fd / 10);
	*out++ = (char)('0' + fd % 10);
	*out = '\0';
}

static struct fdent *pfs_lookup(struct fnode *dir, const char *name, uint64_t len);
static struct fdent *pfs_entry(struct fnode *dir, uint64_t pos);
static int pfs_follow(struct fnode *link, struct fnode **out);

static const struct fs_pseudo procfs_ops = { pfs_lookup, pfs_entry, pfs_follow };

const struct pentry *pentry_of(enum pkind kind)
{
	for (unsigned i = 0; i < NSYS; i++)
		if (sys_entries[i].kind == kind)
			return &sys_entries[i];
	for (unsigned i = 0; i < NPID; i++)
		if (pid_entries[i].kind == kind)
			return &pid_entries[i];
	return 0;
}

bool pnode_is(const struct fnode *n)
{
	return n->pseudo == &procfs_ops && n != proc_root;
}

struct proc *pnode_proc(const struct pnode *pn)
{
	return proc_find(pn->pid);
}

/* Make n a node called name in parent with mode and inode number ino. */
static void pnode_init(struct pnode *n, struct fnode *parent, const char *name, uint32_t mode,
		       uint32_t ino, enum pkind kind, int pid)
{
	n->fn = (struct fnode){ .mode = mode, .ino = ino, .nlink = FS_ISDIR(mode) ? 2 : 1,
				.dent = &n->de, .pseudo = &procfs_ops, .pseudo_node = true };
	n->de = (struct fdent){ .name = name, .namelen = (uint32_t)strlen(name), .dir = parent,
				.node = &n->fn };
	n->kind = kind;
	n->pid = pid;
	fs_now(&n->fn.mtime); /* Linux: its inode's times are when it was made */
	n->fn.atime = n->fn.ctime = n->fn.mtime;
}

/* The node of entry kind in process p's directory. */
static struct pnode *pid_node(struct pslot *s, enum pkind kind)
{
	for (unsigned k = 0; k < NPID; k++)
		if (s->ent[k].kind == kind)
			return &s->ent[k];
	return 0;
}

/* How many descriptors p has open. */
static uint64_t open_fds(const struct proc *p)
{
	uint64_t n = 0;

	for (uint64_t open = p->g->fd_open; open; open &= open - 1)
		n++;
	return n;
}

/* The node set of process p's slot, named for p's pid: its fd directory's
 * size is the number of open descriptors (Linux since 6.2). */
static struct pslot *pslot_of(struct proc *p)
{
	struct pslot *s = &slots[proc_index(p)];

	if (s->pid == p->pid && s->dir.de.name) {
		pid_node(s, PK_FDDIR)->fn.size = open_fds(p);
		return s;
	}
	s->pid = p->pid;
	snprintf(s->pidname, sizeof(s->pidname), "%d", p->pid);
	pnode_init(&s->dir, proc_root, s->pidname, FS_IFDIR | 0555, INO_PID + ((uint32_t)p->pid << 8),
		   PK_PID, p->pid);
	for (unsigned k = 0; k < NPID; k++) {
		const struct pentry *e = &pid_entries[k];
		struct fnode *parent = &s->dir.fn;
		pnode_init(&s->ent[k], parent, e->name, e->mode, s->dir.fn.ino + 1 + k, e->kind, p->pid);
	}
	pid_node(s, PK_FDDIR)->fn.size = open_fds(p);
	return s;
}

/* A pid written in decimal without a leading zero, or -1. */
static int parse_num(const char *name, uint64_t len, int max)
{
	int v = 0;

	if (len == 0 || len > 5 || (name[0] == '0' && len > 1))
		return -1;
	for (uint64_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v <= max ? v : -1;
}

/* The permission bits of an fd link: the open file's access mode (as Linux's lr-x, l-wx, lrwx). */
static uint32_t fd_link_mode(const struct file *f)
{
	uint32_t acc = f->flags & O_ACCMODE;

	return FS_IFLNK | (acc != O_WRONLY ? 0500 : 0100) | (acc != O_RDONLY ? 0200 : 0);
}

/* The node of fd/N of process p (s its slot); NULL when fd is not open. */
static struct pnode *fd_node(struct pslot *s, struct proc *p, int fd)
{
	if (fd < 0 || fd >= NOFILE || p->g->files[fd] == 0)
		return 0;
	pnode_init(&fd_link, &pid_node(s, PK_FDDIR)->fn, fd_names[fd], fd_link_mode(p->g->files[fd]),
		   s->dir.fn.ino + INO_FD + (uint32_t)fd, PK_FD, p->pid);
	fd_link.fd = fd;
	fd_link.fn.size = 64; /* Linux's proc_fd_instantiate: lstat says 64 */
	return &fd_link;
}

/* The entry name[0..len) of names[0..n), or -1. */
static int name_index(const struct pentry *names, unsigned n, const char *name, uint64_t len)
{
	for (unsigned i = 0; i < n; i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* /proc, /proc/PID and /proc/PID/fd: the node called name, or NULL. */
static struct pnode *find_node(struct fnode *dir, const char *name, uint64_t len)
{
	struct pnode *pd = (struct pnode *)dir;
	struct pslot *s;
	struct proc *p;
	int pid, k;

	if (dir == proc_root) {
		if ((k = name_index(sys_entries, NSYS, name, len)) >= 0)
			return &sys_nodes[k];
		if ((pid = parse_num(name, len, 0x7fffffff)) < 0 || (p = proc_find(pid)) == 0)
			return 0;
		return &pslot_of(p)->dir;
	}
	if ((p = pnode_proc(pd)) == 0)
		return 0;
	s = pslot_of(p);
	if (pd->kind == PK_FDDIR)
		return fd_node(s, p, parse_num(name, len, NOFILE - 1));
	if (pd->kind != PK_PID || (k = name_index(pid_entries, NPID, name, len)) < 0)
		return 0;
	return &s->ent[k];
}

/* fs_pseudo.lookup: the entry of the node called name. */
static struct fdent *pfs_lookup(struct fnode *dir, const char *name, uint64_t len)
{
	struct pnode *n = find_node(dir, name, len);

	return n ? &n->de : 0;
}

/* The k-th (from 0) process in the table, or NULL: threads other than a
 * group's leader are not listed (their /proc/TID is found by name), as on
 * Linux. */
static struct proc *nth_proc(uint64_t k)
{
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->state != P_FREE && proc_is_leader(p) && k-- == 0)
			return p;
	return 0;
}

/* Listings: /proc's entries then the pids; a process's entries; its open fds. */
static struct pnode *nth_node(struct fnode *dir, uint64_t k)
{
	struct pnode *pd = (struct pnode *)dir;
	struct pslot *s;
	struct proc *p;

	if (dir == proc_root) {
		if (k < NSYS)
			return &sys_nodes[k];
		return (p = nth_proc(k - NSYS)) ? &pslot_of(p)->dir : 0;
	}
	if ((p = pnode_proc(pd)) == 0)
		return 0;
	s = pslot_of(p);
	if (pd->kind == PK_PID)
		return k < NPID ? &s->ent[k] : 0;
	if (pd->kind != PK_FDDIR)
		return 0;
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->g->files[fd] && k-- == 0)
			return fd_node(s, p, fd);
	return 0;
}

/* fs_pseudo.entry: positions are contiguous from 2, the entry's cookie is its position. */
static struct fdent *pfs_entry(struct fnode *dir, uint64_t pos)
{
	struct pnode *n = nth_node(dir, pos - 2);

	if (n == 0)
		return 0;
	n->de.cookie = pos;
	return &n->de;
}

/* The stand-in node for fd's open file, which has no node of its own. */
static struct fnode *fdfile_node(struct pslot *s, struct proc *p, int fd)
{
	struct file *f = p->g->files[fd];

	uint32_t mode = f->type == FT_PIPE     ? FS_IFIFO | 0600
			: f->type == FT_SOCKET ? FS_IFSOCK | 0777
			: f->type == FT_ANON   ? 0600 /* an anon inode: no type bits */
					       : FS_IFCHR | 0620;

	pnode_init(&fd_object, &pid_node(s, PK_FDDIR)->fn, fd_names[fd], mode, procfs_file_ino(f),
		   PK_FDFILE, p->pid);
	fd_object.fn.rdev = f->type == FT_CONSOLE ? DEV_CONSOLE : 0;
	fd_object.fd = fd;
	return &fd_object.fn;
}

/* Magic links: self to the caller's directory, exe and cwd to their
 * nodes, fd/N to its file's node or a stand-in. */
static int pfs_follow(struct fnode *link, struct fnode **out)
{
	struct pnode *pn = (struct pnode *)link;
	struct proc *p = pn->kind == PK_SELF ? cur : pnode_proc(pn);
	struct pslot *s;
	struct file *f;

	if (p == 0)
		return -ENOENT;
	s = pslot_of(p);
	switch (pn->kind) {
	case PK_SELF:
		*out = &s->dir.fn;
		return 0;
	case PK_EXE:
		*out = p->exe;
		return p->exe ? 0 : -ENOENT;
	case PK_CWD:
		*out = p->g->cwd ? p->g->cwd : fs_root();
		return 0;
	case PK_FD:
		if ((f = p->g->files[pn->fd]) == 0)
			return -ENOENT;
		*out = f->node ? f->node : fdfile_node(s, p, pn->fd);
		return 0;
	default:
		return -EINVAL;
	}
}

long procfs_readlink(struct fnode *node, char *buf, uint32_t size)
{
	struct pnode *pn = (struct pnode *)node;
	struct proc *p = pn->kind == PK_SELF ? cur : pnode_proc(pn);
	struct file *f;
	int n;

	if (p == 0)
		return -ENOENT;
	switch (pn->kind) {
	case PK_SELF:
		n = snprintf(buf, size, "%d", p->tgid); /* the process, from any thread */
		break;
	case PK_EXE:
		n = p->exe ? fs_path(p->exe, buf, size) : -ENOENT;
		break;
	case PK_CWD:
		n = fs_path(p->g->cwd ? p->g->cwd : fs_root(), buf, size);
		break;
	case PK_FD:
		if ((f = p->g->files[pn->fd]) == 0)
			return -ENOENT;
		if (f->node)
			n = fs_path(f->node, buf, size);
		else if (f->type == FT_PIPE)
			n = snprintf(buf, size, "pipe:[%u]", procfs_file_ino(f));
		else if (f->type == FT_SOCKET)
			n = snprintf(buf, size, "socket:[%u]", procfs_file_ino(f));
		else if (f->type == FT_ANON)
			n = snprintf(buf, size, "anon_inode:%s", f->ops->anon_name);
		else
			n = snprintf(buf, size, "/dev/console");
		break;
	default:
		return -EINVAL;
	}
	return n < 0 ? n : n >= (int)size ? (long)size - 1 : n;
}

uint32_t procfs_file_ino(const struct file *f)
{
	/* A pipe's two ends show one inode, a socket its own, as on Linux. */
	const void *obj = f->type == FT_PIPE ? (const void *)f->pipe
			: f->type == FT_SOCKET ? (const void *)f->priv : (const void *)f;

	return (uint32_t)(((uintptr_t)obj >> 4) & 0xffffffu);
}

void procfs_mount(void)
{
	struct fdent *e = fs_find(fs_root(), "proc", 4);
	struct fnode *root = e ? e->node : 0;

	for (int fd = 0; fd < NOFILE; fd++)
		fd_name(fd_names[fd], (unsigned)fd);
	if (e == 0 && fs_create(fs_root(), "proc", 4, FS_IFDIR | 0555, 0, 0, 0, &root) < 0)
		root = 0;
	if (root == 0 || !FS_ISDIR(root->mode)) {
		printk("cowvisor kernel: /proc is not a directory: no /proc\n");
		return;
	}
	proc_root = root;
	for (unsigned i = 0; i < NSYS; i++)
		pnode_init(&sys_nodes[i], root, sys_entries[i].name, sys_entries[i].mode, INO_SYS + i,
			   sys_entries[i].kind, 0);
	root->pseudo = &procfs_ops;
}
