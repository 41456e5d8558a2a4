/* Building the notes of an i386 core file. */
#include "core_notes.h"
#include "../../shared/layout.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* Linux's i386 struct elf_prstatus. */
struct prstatus32 {
	int32_t si_signo, si_code, si_errno;
	int16_t cursig;
	uint16_t pad;
	uint32_t sigpend, sighold;
	uint32_t pid, ppid, pgrp, sid;
	struct { int32_t sec, usec; } utime, stime, cutime, cstime;
	struct cv_core_regs32 reg;
	int32_t fpvalid;
};
_Static_assert(sizeof(struct prstatus32) == 144, "i386 elf_prstatus");

/* Linux's i386 struct elf_prpsinfo (16-bit uid and gid). */
struct prpsinfo32 {
	char state, sname, zomb, nice;
	uint32_t flag;
	uint16_t uid, gid;
	int32_t pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[CORE_PSARGS_LEN];
};
_Static_assert(sizeof(struct prpsinfo32) == 124, "i386 elf_prpsinfo");

#define SIGINFO32_SIZE 128 /* the i386 siginfo_t */
#define PF_DUMPCORE    0x200u /* task flags at the dump, as Linux's pr_flag shows them */
#define PF_SIGNALED    0x400u

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

/* One note named "CORE": header, name, description, each padded. */
static int note(struct core_buf *b, uint32_t type, const void *desc, size_t len)
{
	Elf32_Nhdr h = { .n_namesz = 5, .n_descsz = (uint32_t)len, .n_type = type };

	return core_buf_put(b, &h, sizeof(h)) || core_buf_put(b, "CORE", 5) || pad4(b) ||
	       core_buf_put(b, desc, len) || pad4(b) ? -1 : 0;
}

/* ns as a 32-bit struct timeval. */
static void timeval32(int32_t *sec, int32_t *usec, uint64_t ns)
{
	*sec = (int32_t)(ns / 1000000000u);
	*usec = (int32_t)(ns % 1000000000u / 1000u);
}

/* NT_PRSTATUS: the signal, ids, times and registers. */
static int note_prstatus(struct core_buf *b, const struct cv_core_event *ev)
{
	struct prstatus32 s = {
		.si_signo = ev->signo, .cursig = (int16_t)ev->signo,
		.sigpend = (uint32_t)ev->sigpend, .sighold = (uint32_t)ev->sighold,
		.pid = ev->pid, .ppid = ev->ppid, .pgrp = ev->pgid, .sid = ev->sid,
		.reg = ev->regs,
	};

	timeval32(&s.utime.sec, &s.utime.usec, ev->utime_ns);
	timeval32(&s.stime.sec, &s.stime.usec, ev->stime_ns);
	timeval32(&s.cutime.sec, &s.cutime.usec, ev->cutime_ns);
	timeval32(&s.cstime.sec, &s.cstime.usec, ev->cstime_ns);
	return note(b, NT_PRSTATUS, &s, sizeof(s));
}

/* NT_PRPSINFO: the process as ps shows it. */
static int note_prpsinfo(struct core_buf *b, const struct cv_core_event *ev, const char *psargs)
{
	struct prpsinfo32 s = {
		.state = 0, .sname = 'R', .nice = (char)ev->nice, .flag = PF_DUMPCORE | PF_SIGNALED,
		.uid = (uint16_t)ev->uid, .gid = (uint16_t)ev->gid,
		.pid = (int32_t)ev->pid, .ppid = (int32_t)ev->ppid,
		.pgrp = (int32_t)ev->pgid, .sid = (int32_t)ev->sid,
	};

	memcpy(s.fname, ev->comm, sizeof(s.fname)); /* NUL-padded, like Linux's */
	strncpy(s.psargs, psargs, sizeof(s.psargs) - 1);
	return note(b, NT_PRPSINFO, &s, sizeof(s));
}

/* NT_SIGINFO: the i386 siginfo of the killing signal. */
static int note_siginfo(struct core_buf *b, const struct cv_core_event *ev)
{
	int32_t si[SIGINFO32_SIZE / 4] = { ev->signo, 0, ev->code, (int32_t)ev->value };

	return note(b, NT_SIGINFO, si, sizeof(si));
}

/* NT_FILE: count, page size, (start, end, page offset) per file mapping,
 * then their paths, NUL-terminated. */
static int note_file(struct core_buf *b, const struct core_mappings *m)
{
	struct core_buf d = { 0 };
	uint32_t count = 0, page = CV_PAGE_SIZE;
	int rc = 0;

	for (size_t i = 0; i < m->n; i++)
		count += m->path[i] != NULL;
	if (count == 0)
		return 0;
	rc |= core_buf_put(&d, &count, 4) | core_buf_put(&d, &page, 4);
	for (size_t i = 0; i < m->n; i++) {
		uint32_t e[3] = { (uint32_t)m->map[i].start, (uint32_t)m->map[i].end,
				  (uint32_t)(m->map[i].file_off / CV_PAGE_SIZE) };
		if (m->path[i])
			rc |= core_buf_put(&d, e, sizeof(e));
	}
	for (size_t i = 0; i < m->n; i++)
		if (m->path[i])
			rc |= core_buf_put(&d, m->path[i], strlen(m->path[i]) + 1);
	rc = rc ? -1 : note(b, NT_FILE, d.p, d.len);
	core_buf_free(&d);
	return rc;
}

int core_notes_build(struct core_buf *b, const struct core_note_input *in)
{
	if (note_prstatus(b, in->ev) || note_prpsinfo(b, in->ev, in->psargs) ||
	    note_siginfo(b, in->ev) || note(b, NT_AUXV, in->auxv, in->auxv_len) ||
	    note_file(b, in->maps))
		return -1;
	return 0;
}
