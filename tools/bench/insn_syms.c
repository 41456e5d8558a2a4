/* Loading an nm-style symbol list and finding an address's function. */
#include "insn_syms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* qsort order: by address. */
static int by_addr(const void *a, const void *b)
{
	const struct insn_sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Add one symbol, growing the array as needed; -1 when out of memory. */
static int push(struct insn_syms *s, size_t *cap, uint64_t addr, const char *name)
{
	if (s->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		struct insn_sym *nv = realloc(s->v, ncap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		s->v = nv;
		*cap = ncap;
	}
	s->v[s->n].name = strdup(name);
	if (s->v[s->n].name == NULL)
		return -1;
	s->v[s->n++].addr = addr;
	return 0;
}

int insn_syms_load(struct insn_syms *s, const char *path)
{
	char line[512], type, name[400];
	unsigned long long addr;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	s->v = NULL;
	s->n = 0;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%llx %c %399s", &addr, &type, name) != 3)
			continue;
		if (strchr("TtWw", type) == NULL) /* functions only */
			continue;
		if (push(s, &cap, addr, name) != 0) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	qsort(s->v, s->n, sizeof(*s->v), by_addr);
	return 0;
}

long insn_syms_find(const struct insn_syms *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n; /* answer in [lo - 1, hi) */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}
