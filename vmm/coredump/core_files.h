/* The paths of the files a dying guest process maps, as its kernel
 * reports them before the core is written (CV_HC_CORE_FILE), keyed by
 * the file identity the kernel's VMA records hold (inspect_mapping.file):
 * the one thing about a core's mappings the VMM cannot read itself. */
#ifndef VMM_COREDUMP_CORE_FILES_H
#define VMM_COREDUMP_CORE_FILES_H

#include <stddef.h>
#include <stdint.h>

#define CORE_FILES_MAX 65530u /* vm.max_map_count: more is a broken report */

/* One file: its identity and path. */
struct core_file_path {
	uint64_t id;
	char *path;
};

/* The paths reported so far for one process. */
struct core_files {
	uint32_t pid;
	struct core_file_path *v;
	size_t n, cap;
	size_t reports;  /* reports accepted for pid (a repeated identity counts) */
};

/* Record the path (path_len bytes, no NUL needed) of file id for pid (a
 * report for another pid starts the table afresh; a known id keeps its
 * first path). 0, or -1 with the reason in err (identity 0, an empty or
 * too long path, too many files, out of memory). */
int core_files_add(struct core_files *f, uint32_t pid, uint64_t id, const char *path,
		   size_t path_len, char *err, size_t errlen);

/* The path of file id reported for pid, or NULL. */
const char *core_files_path(const struct core_files *f, uint32_t pid, uint64_t id);

/* How many reports for pid were accepted. */
size_t core_files_reports(const struct core_files *f, uint32_t pid);

/* Forget every path. */
void core_files_clear(struct core_files *f);

#endif
