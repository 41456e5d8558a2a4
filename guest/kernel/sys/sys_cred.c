/* User and group identities: get/set uid, gid, their real, effective and
 * saved forms, groups; the 16-bit calls of old i386 binaries too. As
 * Linux: a process whose effective uid is 0 may set any id; others only
 * to ids they already hold. The ids decide nothing else here yet (no file
 * permissions are checked). */
#include "handlers.h"

#include "../lib/errno.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define NOID        0xffffffffu /* -1: leave unchanged */
#define OVERFLOW_ID 65534u      /* what 16-bit calls report for ids above 0xffff */

/* The ids a set* call changes: the uid or the gid side of cred. */
struct ids {
	uint32_t *r, *e, *s, *fs;
};

/* The uid side (gid false) or gid side of the current process. */
static struct ids ids_of(bool gid)
{
	struct cred *c = &cur->cred;

	if (gid)
		return (struct ids){ &c->gid, &c->egid, &c->sgid, &c->fsgid };
	return (struct ids){ &c->uid, &c->euid, &c->suid, &c->fsuid };
}

/* May the current process take id (it holds it, or it is root)? */
static bool may_take(struct ids d, uint32_t id)
{
	return cur->cred.euid == 0 || id == *d.r || id == *d.e || id == *d.s;
}

/* A 16-bit id argument widened (0xffff: -1). */
static uint32_t from16(uint32_t id)
{
	id &= 0xffff;
	return id == 0xffff ? NOID : id;
}

/* An id as 16-bit calls return it. */
static uint32_t to16(uint32_t id)
{
	return id > 0xffff ? OVERFLOW_ID : id;
}

/* setuid/setgid: root sets all four, others only the effective one to an
 * id they hold. */
static long set_id(bool gid, uint32_t id)
{
	struct ids d = ids_of(gid);

	if (id == NOID)
		return -EINVAL;
	if (cur->cred.euid == 0) {
		*d.r = *d.e = *d.s = *d.fs = id;
		return 0;
	}
	if (id != *d.r && id != *d.s)
		return -EPERM;
	*d.e = *d.fs = id;
	return 0;
}

/* setreuid/setregid: the saved id follows the effective one when the real
 * one is set or the effective one moves away from the real one. */
static long set_re(bool gid, uint32_t r, uint32_t e)
{
	struct ids d = ids_of(gid);
	uint32_t old_r = *d.r;

	if (r != NOID && cur->cred.euid != 0 && r != *d.r && r != *d.e)
		return -EPERM;
	if (e != NOID && !may_take(d, e))
		return -EPERM;
	if (r != NOID)
		*d.r = r;
	if (e != NOID)
		*d.e = e;
	if (r != NOID || (e != NOID && e != old_r))
		*d.s = *d.e;
	*d.fs = *d.e;
	return 0;
}

/* setresuid/setresgid: each id given must be one held (or root). */
static long set_res(bool gid, uint32_t r, uint32_t e, uint32_t s)
{
	struct ids d = ids_of(gid);

	if ((r != NOID && !may_take(d, r)) || (e != NOID && !may_take(d, e)) ||
	    (s != NOID && !may_take(d, s)))
		return -EPERM;
	if (r != NOID)
		*d.r = r;
	if (e != NOID)
		*d.e = e;
	if (s != NOID)
		*d.s = s;
	*d.fs = *d.e;
	return 0;
}

/* getresuid/getresgid: three ids to user memory, 32- or 16-bit (narrow). */
static long get_res(bool gid, const uint64_t *arg, bool narrow)
{
	struct ids d = ids_of(gid);
	uint32_t v[3] = { *d.r, *d.e, *d.s };

	for (int i = 0; i < 3; i++) {
		uint16_t v16 = (uint16_t)to16(v[i]);
		int rc = narrow ? copy_to_user(cur->mm, arg[i], &v16, 2)
				: copy_to_user(cur->mm, arg[i], &v[i], 4);
		if (rc)
			return -EFAULT;
	}
	return 0;
}

/* setfsuid/setfsgid: the old value, changed when the new one is held. */
static long set_fs(bool gid, uint32_t id)
{
	struct ids d = ids_of(gid);
	uint32_t old = *d.fs;

	if (id != NOID && (may_take(d, id) || id == *d.fs))
		*d.fs = id;
	return old;
}

/* getgroups(size, list): the count, or the groups when size holds them. */
static long get_groups(int32_t size, uaddr_t ulist, bool narrow)
{
	const struct cred *c = &cur->cred;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if ((uint32_t)size < c->ngroups)
		return -EINVAL;
	for (uint32_t i = 0; i < c->ngroups; i++) {
		uint16_t g16 = (uint16_t)to16(c->groups[i]);
		int rc = narrow ? copy_to_user(cur->mm, ulist + 2 * i, &g16, 2)
				: copy_to_user(cur->mm, ulist + 4 * i, &c->groups[i], 4);
		if (rc)
			return -EFAULT;
	}
	return c->ngroups;
}

/* setgroups(size, list): root only. */
static long set_groups(int32_t size, uaddr_t ulist, bool narrow)
{
	uint32_t g[CRED_NGROUPS];

	if (cur->cred.euid != 0)
		return -EPERM;
	if (size < 0 || size > CRED_NGROUPS)
		return -EINVAL;
	for (int32_t i = 0; i < size; i++) {
		uint16_t g16;
		int rc = narrow ? copy_from_user(cur->mm, &g16, ulist + 2 * (uint32_t)i, 2)
				: copy_from_user(cur->mm, &g[i], ulist + 4 * (uint32_t)i, 4);
		if (rc)
			return -EFAULT;
		if (narrow)
			g[i] = from16(g16);
	}
	cur->cred.ngroups = (uint32_t)size;
	for (int32_t i = 0; i < size; i++)
		cur->cred.groups[i] = g[i];
	return 0;
}

/* The system calls: each one of the operations above on the uid or gid
 * side, 16-bit forms converting ids on the way in and out. */
long sys_getuid16(const uint64_t *arg) { (void)arg; return to16(cur->cred.uid); }
long sys_geteuid16(const uint64_t *arg) { (void)arg; return to16(cur->cred.euid); }
long sys_getgid16(const uint64_t *arg) { (void)arg; return to16(cur->cred.gid); }
long sys_getegid16(const uint64_t *arg) { (void)arg; return to16(cur->cred.egid); }
long sys_getuid(const uint64_t *arg) { (void)arg; return cur->cred.uid; }
long sys_geteuid(const uint64_t *arg) { (void)arg; return cur->cred.euid; }
long sys_getgid(const uint64_t *arg) { (void)arg; return cur->cred.gid; }
long sys_getegid(const uint64_t *arg) { (void)arg; return cur->cred.egid; }
long sys_setuid16(const uint64_t *arg) { return set_id(false, from16(arg[0])); }
long sys_setgid16(const uint64_t *arg) { return set_id(true, from16(arg[0])); }
long sys_setuid(const uint64_t *arg) { return set_id(false, arg[0]); }
long sys_setgid(const uint64_t *arg) { return set_id(true, arg[0]); }
long sys_setreuid16(const uint64_t *arg) { return set_re(false, from16(arg[0]), from16(arg[1])); }
long sys_setregid16(const uint64_t *arg) { return set_re(true, from16(arg[0]), from16(arg[1])); }
long sys_setreuid(const uint64_t *arg) { return set_re(false, arg[0], arg[1]); }
long sys_setregid(const uint64_t *arg) { return set_re(true, arg[0], arg[1]); }
long sys_setresuid16(const uint64_t *arg) { return set_res(false, from16(arg[0]), from16(arg[1]), from16(arg[2])); }
long sys_setresgid16(const uint64_t *arg) { return set_res(true, from16(arg[0]), from16(arg[1]), from16(arg[2])); }
long sys_setresuid(const uint64_t *arg) { return set_res(false, arg[0], arg[1], arg[2]); }
long sys_setresgid(const uint64_t *arg) { return set_res(true, arg[0], arg[1], arg[2]); }
long sys_getresuid16(const uint64_t *arg) { return get_res(false, arg, true); }
long sys_getresgid16(const uint64_t *arg) { return get_res(true, arg, true); }
long sys_getresuid(const uint64_t *arg) { return get_res(false, arg, false); }
long sys_getresgid(const uint64_t *arg) { return get_res(true, arg, false); }
long sys_setfsuid16(const uint64_t *arg) { return to16((uint32_t)set_fs(false, from16(arg[0]))); }
long sys_setfsgid16(const uint64_t *arg) { return to16((uint32_t)set_fs(true, from16(arg[0]))); }
long sys_setfsuid(const uint64_t *arg) { return set_fs(false, arg[0]); }
long sys_setfsgid(const uint64_t *arg) { return set_fs(true, arg[0]); }
long sys_getgroups16(const uint64_t *arg) { return get_groups((int32_t)arg[0], arg[1], true); }
long sys_setgroups16(const uint64_t *arg) { return set_groups((int32_t)arg[0], arg[1], true); }
long sys_getgroups(const uint64_t *arg) { return get_groups((int32_t)arg[0], arg[1], false); }
long sys_setgroups(const uint64_t *arg) { return set_groups((int32_t)arg[0], arg[1], false); }
