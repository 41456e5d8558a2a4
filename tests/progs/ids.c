/* ids: user and group identities as on Linux. init starts as root in
 * group root with no supplementary groups (Linux's init_groups); setgroups
 * and getgroups agree (EINVAL for a short list, EPERM for non-root);
 * setuid as root changes all uids, after which root is gone; seteuid keeps
 * the way back; the 16-bit calls of old binaries narrow ids to 65534 (i386
 * only: x86-64 has no 16-bit calls); a child inherits them. One line per
 * case; exit status 0 when all pass. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cases.h"

#ifdef __i386__
/* i386's getuid, setuid and getgroups are the 16-bit calls (glibc's
 * functions use the *32 ones). */
#define NR_getuid16    SYS_getuid
#define NR_setuid16    SYS_setuid
#define NR_getgroups16 SYS_getgroups
#endif

static int starts_as_root(void)
{
	gid_t g[4] = { 99, 99, 99, 99 };
	uid_t r = 9, e = 9, s = 9;

	if (getuid() || geteuid() || getgid() || getegid())
		return 0;
	if (getresuid(&r, &e, &s) != 0 || r || e || s)
		return 0;
	return getgroups(0, NULL) == 0 && getgroups(4, g) == 0 && g[0] == 99;
}

static int groups_set_and_got(void)
{
	gid_t set[3] = { 0, 5, 70000 }, got[3] = { 0 };

	if (setgroups(3, set) != 0 || getgroups(3, got) != 3)
		return 0;
	if (memcmp(set, got, sizeof(set)) != 0)
		return 0;
	return getgroups(2, got) == -1 && errno == EINVAL;
}

#ifdef __i386__
static int groups16_narrow(void)
{
	gid_t set[2] = { 7, 70000 };
	uint16_t got[2] = { 0, 0 };

	if (setgroups(2, set) != 0)
		return 0;
	return syscall(NR_getgroups16, 2, got) == 2 && got[0] == 7 && got[1] == 65534;
}
#endif

static int setuid_drops_root(void)
{
	uid_t r, e, s;

	if (setgid(100) != 0 || setuid(1000) != 0)
		return 0;
	if (getresuid(&r, &e, &s) != 0 || r != 1000 || e != 1000 || s != 1000 || getgid() != 100)
		return 0;
	if (setuid(0) != -1 || errno != EPERM)
		return 0;
	return setgroups(0, NULL) == -1 && errno == EPERM;
}

static int seteuid_keeps_the_way_back(void)
{
	uid_t r, e, s;

	if (seteuid(1000) != 0 || geteuid() != 1000 || getuid() != 0)
		return 0;
	if (getresuid(&r, &e, &s) != 0 || s != 0)
		return 0;
	return seteuid(0) == 0 && geteuid() == 0;
}

static int setresuid_rules(void)
{
	if (setresuid(1, 2, 3) != 0 || getuid() != 1 || geteuid() != 2)
		return 0;
	if (setresuid(-1, 3, -1) != 0 || geteuid() != 3) /* the saved one */
		return 0;
	return setresuid(4, -1, -1) == -1 && errno == EPERM;
}

#ifdef __i386__
static int uid16_calls(void)
{
	if (syscall(NR_setuid16, 0xffff) != -1 || errno != EINVAL) /* 16-bit -1 */
		return 0;
	if (setuid(70000) != 0)
		return 0;
	return syscall(NR_getuid16) == 65534 && getuid() == 70000;
}
#endif

static int child_inherits(void)
{
	int status = -1;

	if (setgid(42) != 0)
		return 0;
	if (fork() == 0)
		_exit(getgid() == 42 && getegid() == 42 ? 0 : 1);
	return wait(&status) > 0 && status == 0;
}

static const struct prog_case cases[] = {
	{ "starts as root, no supplementary groups", starts_as_root, 0 },
	{ "setgroups then getgroups; short list: EINVAL", groups_set_and_got, 0 },
#ifdef __i386__
	{ "16-bit getgroups: 65534 for large ids", groups16_narrow, 0 },
#endif
	{ "setuid as root drops root for good", setuid_drops_root, 0 },
	{ "seteuid keeps the saved uid: back to root", seteuid_keeps_the_way_back, 0 },
	{ "setresuid: any as root, then only held ids", setresuid_rules, 0 },
#ifdef __i386__
	{ "16-bit setuid/getuid", uid16_calls, 0 },
#endif
	{ "a child inherits the ids", child_inherits, 0 },
};

int main(void)
{
	int good = 0;
	size_t n = sizeof(cases) / sizeof(cases[0]);

	for (size_t i = 0; i < n; i++)
		good += case_run(&cases[i]);
	printf("ids: %d of %zu as expected\n", good, n);
	return good == (int)n ? 0 : 1;
}
