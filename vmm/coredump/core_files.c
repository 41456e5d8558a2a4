/* The file paths a dying process's kernel reports for its core. */
#include "core_files.h"

#include <stdlib.h>
#include <string.h>

#include "../../shared/coredump.h"
#include "../util.h"

/* Forget every path. */
void core_files_clear(struct core_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* The entry of id, or NULL (few files: a program and its libraries). */
static struct core_file_path *find(const struct core_files *f, uint64_t id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].id == id)
			return &f->v[i];
	return NULL;
}

/* Record one path; see core_files.h. */
int core_files_add(struct core_files *f, uint32_t pid, uint64_t id, const char *path,
		   size_t path_len, char *err, size_t errlen)
{
	struct core_file_path *e;

	if (f->pid != pid || f->reports == 0) {
		core_files_clear(f);
		f->pid = pid;
	}
	if (id == 0 || path == NULL || path_len == 0 || path_len > CV_CORE_PATH_MAX)
		return errorf(err, errlen, "file 0x%llx: no identity, or a path of %zu bytes",
			      (unsigned long long)id, path_len);
	if (find(f, id) != NULL) {
		f->reports++; /* the same file again (mapped in several places) */
		return 0;
	}
	if (f->n >= CORE_FILES_MAX)
		return errorf(err, errlen, "more than %u files", CORE_FILES_MAX);
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct core_file_path *v = realloc(f->v, cap * sizeof(*v));
		if (v == NULL)
			return errorf(err, errlen, "out of memory");
		f->v = v;
		f->cap = cap;
	}
	e = &f->v[f->n];
	if ((e->path = strndup(path, path_len)) == NULL)
		return errorf(err, errlen, "out of memory");
	e->id = id;
	f->n++;
	f->reports++;
	return 0;
}

/* The path of id for pid, or NULL. */
const char *core_files_path(const struct core_files *f, uint32_t pid, uint64_t id)
{
	const struct core_file_path *e = f->pid == pid ? find(f, id) : NULL;

	return e ? e->path : NULL;
}

/* Accepted reports for pid. */
size_t core_files_reports(const struct core_files *f, uint32_t pid)
{
	return f->pid == pid ? f->reports : 0;
}
