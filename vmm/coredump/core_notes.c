/* Building the notes of a core file (i386 or x86-64). */
#include "core_notes.h"
#include "../../shared/layout.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#define SIGINFO_SIZE 128 /* siginfo_t, both ABIs */

int core_buf_put(struct core_buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		uint8_t *p;
		while (cap < b->len + len)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

void core_buf_free(struct core_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Append zero bytes up to a multiple of 4 (note fields are 4-aligned). */
static int pad4(struct core_buf *b)
{
	static const uint8_t zeros[4];

	return core_buf_put(b, zeros, (4 - (b->len & 3)) & 3);
}

int core_note_add_named(struct core_buf *b, const char *name, uint32_t type, const void *desc, size_t len)
{
	Elf32_Nhdr h = { .n_namesz = (uint32_t)strlen(name) + 1, .n_descsz = (uint32_t)len, .n_type = type };

	return core_buf_put(b, &h, sizeof(h)) || core_buf_put(b, name, h.n_namesz) || pad4(b) ||
	       core_buf_put(b, desc, len) || pad4(b) ? -1 : 0;
}

int core_note_add(struct core_buf *b, uint32_t type, const void *desc, size_t len)
{
	return core_note_add_named(b, "CORE", type, desc, len);
}

/* NT_SIGINFO: the siginfo of the killing signal in the ABI's layout: the
 * union (si_addr, or si_pid) follows the three ints, 8-aligned on x86-64. */
static int note_siginfo(struct core_buf *b, const struct cv_core_event *ev)
{
	uint8_t si[SIGINFO_SIZE] = { 0 };
	int32_t head[3] = { ev->signo, 0, ev->code };
	bool wide = core_event_wide(ev);

	memcpy(si, head, sizeof(head));
	memcpy(si + (wide ? 16 : 12), &ev->value, wide ? 8 : 4); /* little-endian: the low half */
	return core_note_add(b, NT_SIGINFO, si, sizeof(si));
}

/* NT_FILE: count, page size, (start, end, page offset) per file mapping,
 * in the ABI's longs (ws bytes), then their paths, NUL-terminated. */
static int note_file(struct core_buf *b, const struct core_mappings *m, size_t ws)
{
	struct core_buf d = { 0 };
	uint64_t count = 0, page = CV_PAGE_SIZE;
	int rc = 0;

	for (size_t i = 0; i < m->n; i++)
		count += m->path[i] != NULL;
	if (count == 0)
		return 0;
	rc |= core_buf_put(&d, &count, ws) | core_buf_put(&d, &page, ws); /* little-endian */
	for (size_t i = 0; i < m->n; i++) {
		uint64_t e[3] = { m->map[i].start, m->map[i].end, m->map[i].file_off / CV_PAGE_SIZE };
		for (int k = 0; k < 3 && m->path[i]; k++)
			rc |= core_buf_put(&d, &e[k], ws);
	}
	for (size_t i = 0; i < m->n; i++)
		if (m->path[i])
			rc |= core_buf_put(&d, m->path[i], strlen(m->path[i]) + 1);
	rc = rc ? -1 : core_note_add(b, NT_FILE, d.p, d.len);
	core_buf_free(&d);
	return rc;
}

int core_notes_build(struct core_buf *b, const struct core_note_input *in)
{
	if (core_note_prstatus(b, in->ev) || core_note_prpsinfo(b, in->ev, in->psargs) ||
	    note_siginfo(b, in->ev) || core_note_add(b, NT_AUXV, in->auxv, in->auxv_len) ||
	    note_file(b, in->maps, core_event_wide(in->ev) ? 8 : 4) || core_note_fpregs(b, in->ev))
		return -1;
	return 0;
}
