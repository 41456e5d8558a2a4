/* A process's user and group identities (Linux's struct cred, without
 * capabilities: a process with effective uid 0 may do everything). */
#ifndef PROC_CRED_H
#define PROC_CRED_H

#include <stdint.h>

#define CRED_NGROUPS 64 /* supplementary groups kept (Linux: NGROUPS_MAX 65536) */

struct cred {
	uint32_t uid, euid, suid, fsuid; /* real, effective, saved, file system */
	uint32_t gid, egid, sgid, fsgid;
	uint32_t ngroups;
	uint32_t groups[CRED_NGROUPS];
};

#endif
