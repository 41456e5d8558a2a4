/* Writing DIR/core.PID for a dying guest process. */
#include "coredumper.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../inspect/guest_view.h"
#include "../inspect/mappings.h"
#include "../util.h"
#include "core_file.h"

int coredumper_open(struct coredumper *cd, const char *dir, uint64_t root_vaddr, char *err,
		    size_t errlen)
{
	memset(cd, 0, sizeof(*cd));
	cd->dir = dir;
	cd->root_vaddr = root_vaddr;
	cd->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cd->dir_fd < 0)
		return errorf(err, errlen, "--core-dir %s: %s", dir, strerror(errno));
	return 0;
}

void coredumper_close(struct coredumper *cd)
{
	if (cd->dir_fd >= 0)
		close(cd->dir_fd);
	core_files_clear(&cd->files);
	cd->dir_fd = -1;
}

int coredumper_file(struct coredumper *cd, uint32_t pid, uint64_t id, const char *path,
		    size_t path_len)
{
	char err[256];

	if (core_files_add(&cd->files, pid, id, path, path_len, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "cowvisor: pid %u: bad file report for its core dump: %s\n", pid, err);
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

/* The mappings of the process ev describes, read from the kernel's VMA
 * tables, with their files' reported paths: 0 (free *map and *path), or
 * -1 with the reason in err. */
static int read_mappings(struct coredumper *cd, const struct guest_mem *gm,
			 const struct cv_core_event *ev, struct inspect_mapping **map,
			 const char ***path, size_t *n, char *err, size_t errlen)
{
	struct guest_view view;
	char why[256];
	int rc;

	*path = NULL;
	if (introspect_open(&view, gm, cd->root_vaddr, why, sizeof(why)) != 0 ||
	    (rc = inspect_mappings(&view, ev->cr3, map, n, why, sizeof(why))) < 0)
		return errorf(err, errlen, "its mappings cannot be read: %s", why);
	if (rc > 0)
		return errorf(err, errlen, "the kernel publishes no address-space tables");
	if ((*path = calloc(*n ? *n : 1, sizeof(**path))) == NULL) {
		free(*map);
		return errorf(err, errlen, "out of memory");
	}
	for (size_t i = 0; i < *n; i++)
		if (inspect_mapping_has_file(&(*map)[i]))
			(*path)[i] = core_files_path(&cd->files, ev->pid, (*map)[i].file);
	return 0;
}

/* Write DIR/name for ev with its mappings; 0, or -1 with the reason in err. */
static int write_core(struct coredumper *cd, const struct guest_mem *gm,
		      const struct cv_core_event *ev, const char *name,
		      const struct core_mappings *maps, struct core_result *r, char *err,
		      size_t errlen)
{
	char why[256];
	int fd, rc;

	if ((fd = create_core(cd, name)) < 0)
		return errorf(err, errlen, "cannot create %s/%s: %s", cd->dir, name, strerror(errno));
	rc = core_write(fd, gm, ev, maps, r, why, sizeof(why));
	if (close(fd) != 0 && rc == 0)
		rc = errorf(why, sizeof(why), "%s", strerror(errno));
	if (rc != 0)
		return errorf(err, errlen, "writing %s/%s: %s (the file is incomplete)", cd->dir,
			      name, why);
	return 0;
}

int coredumper_dump(struct coredumper *cd, const struct guest_mem *gm,
		    const struct cv_core_event *ev)
{
	size_t files = core_files_reports(&cd->files, ev->pid), n = 0;
	struct inspect_mapping *map = NULL;
	const char **path = NULL;
	char name[32], err[512];
	struct core_result r;
	int rc = -1;

	snprintf(name, sizeof(name), "core.%u", ev->pid);
	if (files != ev->nfiles)
		errorf(err, sizeof(err), "the kernel reported %u files, %zu were usable",
		       ev->nfiles, files);
	else if (read_mappings(cd, gm, ev, &map, &path, &n, err, sizeof(err)) == 0) {
		struct core_mappings maps = { map, path, n };
		rc = write_core(cd, gm, ev, name, &maps, &r, err, sizeof(err));
		free(map);
		free(path);
	}
	core_files_clear(&cd->files);
	if (rc == 0) {
		report_written(cd, name, ev, &r);
		return CV_CORE_WRITTEN;
	}
	fprintf(stderr, "cowvisor: pid %u (%.16s): no core dump: %s\n", ev->pid, ev->comm, err);
	return 0;
}
