/* Writing DIR/core.PID for a dying guest process. */
#include "coredumper.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util.h"
#include "core_file.h"

int coredumper_open(struct coredumper *cd, const char *dir, char *err, size_t errlen)
{
	memset(cd, 0, sizeof(*cd));
	cd->dir = dir;
	cd->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cd->dir_fd < 0)
		return errorf(err, errlen, "--core-dir %s: %s", dir, strerror(errno));
	return 0;
}

void coredumper_close(struct coredumper *cd)
{
	if (cd->dir_fd >= 0)
		close(cd->dir_fd);
	core_maps_clear(&cd->maps);
	cd->dir_fd = -1;
}

int coredumper_map(struct coredumper *cd, uint32_t pid, const struct cv_core_map *m,
		   const char *path, size_t path_len)
{
	char err[256];

	if (core_maps_add(&cd->maps, pid, m, path, path_len, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "cowvisor: pid %u: bad mapping report for its core dump: %s\n", pid, err);
	return -1;
}

/* A new, empty DIR/name for writing: an existing one is removed first, as
 * Linux does, and neither followed nor reused (O_EXCL | O_NOFOLLOW). */
static int create_core(struct coredumper *cd, const char *name)
{
	if (unlinkat(cd->dir_fd, name, 0) != 0 && errno != ENOENT)
		return -1;
	return openat(cd->dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
}

/* Say what a finished write left behind. */
static void report_written(const struct coredumper *cd, const char *name,
			   const struct cv_core_event *ev, const struct core_result *r)
{
	const char *sig = sigabbrev_np(ev->signo);

	fprintf(stderr, "cowvisor: pid %u (%.16s) killed by SIG%s: core written to %s/%s "
		"(%zu mappings, %llu KiB of memory)\n", ev->pid, ev->comm, sig ? sig : "?",
		cd->dir, name, r->loads, (unsigned long long)r->pages * 4);
	if (r->problems)
		fprintf(stderr, "cowvisor: pid %u: its page tables are damaged: %llu entries "
			"refused (first: %s at level %d, address 0x%llx, entry 0x%llx); the pages "
			"behind them are missing from the core\n", ev->pid,
			(unsigned long long)r->problems, pw_result_name(r->first.kind), r->first.level,
			(unsigned long long)r->first.va, (unsigned long long)r->first.entry);
}

int coredumper_dump(struct coredumper *cd, const struct guest_mem *gm,
		    const struct cv_core_event *ev)
{
	const struct core_map *maps;
	size_t n = core_mappings(&cd->maps, ev->pid, &maps);
	char name[32], err[512], why[256];
	struct core_result r;
	int fd, rc = -1;

	snprintf(name, sizeof(name), "core.%u", ev->pid);
	if (n != ev->nmaps)
		errorf(err, sizeof(err), "the kernel reported %u mappings, %zu were usable",
		       ev->nmaps, n);
	else if ((fd = create_core(cd, name)) < 0)
		errorf(err, sizeof(err), "cannot create %s/%s: %s", cd->dir, name, strerror(errno));
	else {
		rc = core_write(fd, gm, ev, maps, n, &r, why, sizeof(why));
		if (close(fd) != 0 && rc == 0)
			rc = errorf(why, sizeof(why), "%s", strerror(errno));
		if (rc != 0)
			errorf(err, sizeof(err), "writing %s/%s: %s (the file is incomplete)",
			       cd->dir, name, why);
	}
	core_maps_clear(&cd->maps);
	if (rc == 0) {
		report_written(cd, name, ev, &r);
		return CV_CORE_WRITTEN;
	}
	fprintf(stderr, "cowvisor: pid %u (%.16s): no core dump: %s\n", ev->pid, ev->comm, err);
	return 0;
}
