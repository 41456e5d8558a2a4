/* Collecting the mappings the guest kernel reports for a core dump. */
#include "core_maps.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

void core_maps_clear(struct core_maps *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Is cm a well-formed mapping that may follow the list's last one? */
static const char *check_map(const struct core_maps *m, const struct cv_core_map *cm)
{
	if ((cm->start | cm->end) & 4095)
		return "not page aligned";
	if (cm->end <= cm->start)
		return "empty or wrapping";
	if (m->n && cm->start < m->v[m->n - 1].end)
		return "out of order or overlapping";
	if (m->n >= CORE_MAPS_MAX)
		return "too many mappings";
	return NULL;
}

int core_maps_add(struct core_maps *m, uint32_t pid, const struct cv_core_map *cm,
		  const char *path, size_t path_len, char *err, size_t errlen)
{
	struct core_map *e;
	const char *bad;

	if (m->pid != pid || m->n == 0) {
		core_maps_clear(m);
		m->pid = pid;
	}
	if ((bad = check_map(m, cm)) != NULL)
		return errorf(err, errlen, "mapping 0x%x-0x%x: %s", cm->start, cm->end, bad);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		struct core_map *v = realloc(m->v, cap * sizeof(*v));
		if (v == NULL)
			return errorf(err, errlen, "out of memory");
		m->v = v;
		m->cap = cap;
	}
	e = &m->v[m->n];
	*e = (struct core_map){ cm->start, cm->end, cm->prot, cm->kind, cm->flags, cm->file_off, NULL };
	if (path && path_len && (e->path = strndup(path, path_len)) == NULL)
		return errorf(err, errlen, "out of memory");
	m->n++;
	return 0;
}

size_t core_mappings(const struct core_maps *m, uint32_t pid, const struct core_map **out)
{
	*out = m->pid == pid ? m->v : NULL;
	return m->pid == pid ? m->n : 0;
}
