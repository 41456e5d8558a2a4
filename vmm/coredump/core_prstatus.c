/* NT_PRSTATUS and NT_PRPSINFO in the layout of the dying process's ABI:
 * Linux's struct elf_prstatus and elf_prpsinfo for i386 and for x86-64. */
#include "core_notes.h"

#include <elf.h>
#include <stddef.h>
#include <string.h>

/* Linux's i386 struct elf_prstatus. */
struct prstatus32 {
	int32_t si_signo, si_code, si_errno;
	int16_t cursig;
	uint16_t pad;
	uint32_t sigpend, sighold;
	uint32_t pid, ppid, pgrp, sid;
	struct { int32_t sec, usec; } time[4]; /* utime, stime, cutime, cstime */
	struct cv_core_regs32 reg;
	int32_t fpvalid;
};
_Static_assert(sizeof(struct prstatus32) == 144, "i386 elf_prstatus");

/* Linux's x86-64 struct elf_prstatus (8-byte longs). */
struct prstatus64 {
	int32_t si_signo, si_code, si_errno;
	int16_t cursig;
	uint16_t pad;
	uint64_t sigpend, sighold;
	uint32_t pid, ppid, pgrp, sid;
	struct { int64_t sec, usec; } time[4]; /* utime, stime, cutime, cstime */
	struct cv_core_regs64 reg;
	int32_t fpvalid;
	int32_t pad2;
};
_Static_assert(sizeof(struct prstatus64) == 336, "x86-64 elf_prstatus");
_Static_assert(offsetof(struct prstatus64, reg) == 112, "x86-64 elf_prstatus pr_reg");

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

/* Linux's x86-64 struct elf_prpsinfo (an 8-byte pr_flag, 32-bit ids). */
struct prpsinfo64 {
	char state, sname, zomb, nice;
	uint32_t pad;
	uint64_t flag;
	uint32_t uid, gid;
	int32_t pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[CORE_PSARGS_LEN];
};
_Static_assert(sizeof(struct prpsinfo64) == 136, "x86-64 elf_prpsinfo");

#define PF_DUMPCORE 0x200u /* task flags at the dump, as Linux's pr_flag shows them */
#define PF_SIGNALED 0x400u

/* Fill the fields both prstatus layouts name alike: the signal, ids and
 * the four CPU times (user, system, children's user and system) as
 * struct timeval seconds and microseconds. */
#define FILL_PRSTATUS(s, ev)                                                              \
	do {                                                                              \
		const uint64_t ns_[4] = { (ev)->utime_ns, (ev)->stime_ns, (ev)->cutime_ns,   \
					  (ev)->cstime_ns };                                 \
		(s).si_signo = (ev)->signo;                                               \
		(s).cursig = (int16_t)(ev)->signo;                                        \
		(s).pid = (ev)->pid;                                                      \
		(s).ppid = (ev)->ppid;                                                    \
		(s).pgrp = (ev)->pgid;                                                    \
		(s).sid = (ev)->sid;                                                      \
		for (int i_ = 0; i_ < 4; i_++) {                                          \
			(s).time[i_].sec = ns_[i_] / 1000000000u;                         \
			(s).time[i_].usec = ns_[i_] % 1000000000u / 1000u;                \
		}                                                                         \
	} while (0)

int core_note_prstatus(struct core_buf *b, const struct cv_core_event *ev)
{
	if (core_event_wide(ev)) {
		struct prstatus64 s = { .sigpend = ev->sigpend, .sighold = ev->sighold,
					.reg = ev->regs.r64 };
		FILL_PRSTATUS(s, ev);
		return core_note_add(b, NT_PRSTATUS, &s, sizeof(s));
	} else {
		struct prstatus32 s = { .sigpend = (uint32_t)ev->sigpend,
					.sighold = (uint32_t)ev->sighold, .reg = ev->regs.r32 };
		FILL_PRSTATUS(s, ev);
		return core_note_add(b, NT_PRSTATUS, &s, sizeof(s));
	}
}

/* Fill the fields both prpsinfo layouts name alike: state, ids, names. */
#define FILL_PRPSINFO(s, ev, psargs)                                                     \
	do {                                                                             \
		(s).sname = 'R';                                                         \
		(s).nice = (char)(ev)->nice;                                             \
		(s).flag = PF_DUMPCORE | PF_SIGNALED;                                    \
		(s).pid = (int32_t)(ev)->pid;                                            \
		(s).ppid = (int32_t)(ev)->ppid;                                          \
		(s).pgrp = (int32_t)(ev)->pgid;                                          \
		(s).sid = (int32_t)(ev)->sid;                                            \
		memcpy((s).fname, (ev)->comm, sizeof((s).fname)); /* NUL-padded */       \
		strncpy((s).psargs, (psargs), sizeof((s).psargs) - 1);                   \
	} while (0)

int core_note_prpsinfo(struct core_buf *b, const struct cv_core_event *ev, const char *psargs)
{
	if (core_event_wide(ev)) {
		struct prpsinfo64 s = { .uid = ev->uid, .gid = ev->gid };
		FILL_PRPSINFO(s, ev, psargs);
		return core_note_add(b, NT_PRPSINFO, &s, sizeof(s));
	} else {
		struct prpsinfo32 s = { .uid = (uint16_t)ev->uid, .gid = (uint16_t)ev->gid };
		FILL_PRPSINFO(s, ev, psargs);
		return core_note_add(b, NT_PRPSINFO, &s, sizeof(s));
	}
}
