/* procfs's nodes and the tables of entries. Internal to guest/kernel/procfs. */
#ifndef PROCFS_PNODE_H
#define PROCFS_PNODE_H

#include <stdbool.h>
#include <stdint.h>

#include "../fs/fs.h"
#include "../proc/proc.h"
#include "pbuf.h"

enum pkind {
	/* in /proc */
	PK_SELF, PK_MEMINFO, PK_UPTIME, PK_LOADAVG, PK_MOUNTS, PK_FILESYSTEMS, PK_VERSION,
	PK_CPUINFO, PK_STAT_SYS,
	/* in /proc/PID */
	PK_PID, PK_STAT, PK_STATM, PK_STATUS, PK_CMDLINE, PK_COMM, PK_EXE, PK_CWD, PK_MAPS, PK_FDDIR, PK_LIMITS,
	PK_FD,      /* fd/N: the link */
	PK_FDFILE,  /* what fd/N leads to when that has no node (pipe, console) */
};

/* A node of procfs: the tree's node, and what it stands for. */
struct pnode {
	struct fnode fn;   /* first: a struct fnode * is a struct pnode * */
	struct fdent de;   /* its name in its directory (fn.dent) */
	enum pkind kind;
	int pid;           /* per-process nodes */
	int fd;            /* PK_FD, PK_FDFILE */
};

/* Writes the text of a file of process p (NULL for system files). */
typedef void (*pgen_fn)(struct pbuf *b, struct proc *p);

/* One named entry of a procfs directory. */
struct pentry {
	const char *name;
	enum pkind kind;
	uint32_t mode;
	pgen_fn gen;       /* regular files */
};

/* The entries of /proc and of /proc/PID (nodes.c). */
const struct pentry *pentry_of(enum pkind kind);

/* Is n one of procfs's nodes (not the mount point)? */
bool pnode_is(const struct fnode *n);

/* The live process a per-process node stands for, or NULL. */
struct proc *pnode_proc(const struct pnode *pn);

/* Generators (gen_sys.c, gen_pid.c, gen_limits.c). */
void gen_meminfo(struct pbuf *b, struct proc *p);
void gen_uptime(struct pbuf *b, struct proc *p);
void gen_loadavg(struct pbuf *b, struct proc *p);
void gen_mounts(struct pbuf *b, struct proc *p);
void gen_filesystems(struct pbuf *b, struct proc *p);
void gen_version(struct pbuf *b, struct proc *p);
void gen_cpuinfo(struct pbuf *b, struct proc *p);
void gen_stat_sys(struct pbuf *b, struct proc *p);
void gen_stat(struct pbuf *b, struct proc *p);
void gen_statm(struct pbuf *b, struct proc *p);
void gen_status(struct pbuf *b, struct proc *p);
void gen_cmdline(struct pbuf *b, struct proc *p);
void gen_comm(struct pbuf *b, struct proc *p);
void gen_maps(struct pbuf *b, struct proc *p);
void gen_limits(struct pbuf *b, struct proc *p); /* gen_limits.c */

#endif
