/* The notes (PT_NOTE) of an ELF core file, laid out as Linux's binfmt_elf
 * writes them for a process of the event's ABI (i386: ELFCLASS32 layouts,
 * x86-64: ELFCLASS64 ones): NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV,
 * NT_FILE and the FPU's notes, in that order. */
#ifndef VMM_COREDUMP_CORE_NOTES_H
#define VMM_COREDUMP_CORE_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../shared/coredump.h"
#include "core_mappings.h"

#define CORE_PSARGS_LEN 80 /* ELF_PRARGSZ */

/* A growing byte buffer. */
struct core_buf {
	uint8_t *p;
	size_t len, cap;
};

/* What the notes say besides the event. */
struct core_note_input {
	const struct cv_core_event *ev;
	const struct core_mappings *maps; /* NT_FILE: those with a path */
	const void *auxv;            /* the auxiliary vector as read, may be empty */
	size_t auxv_len;
	const char *psargs;          /* the command line, spaces between words */
};

/* Append the notes to b; 0, or -1 when memory runs out. */
int core_notes_build(struct core_buf *b, const struct core_note_input *in);

/* Is ev an x86-64 process (64-bit core layouts), not an i386 one? */
static inline bool core_event_wide(const struct cv_core_event *ev)
{
	return ev->abi == CV_ABI_X86_64;
}

/* Append one note named "CORE" (header, name, description, each padded
 * to 4 bytes as Linux pads them in both classes); 0 or -1 (out of memory). */
int core_note_add(struct core_buf *b, uint32_t type, const void *desc, size_t len);

/* core_note_add with another name: "LINUX" for the register sets Linux
 * adds beyond the classic ones (NT_PRXFPREG, NT_X86_XSTATE). */
int core_note_add_named(struct core_buf *b, const char *name, uint32_t type, const void *desc, size_t len);

/* Append NT_PRSTATUS (signal, ids, times, registers) / NT_PRPSINFO (the
 * process as ps shows it) in the event's ABI's layout; 0 or -1. */
int core_note_prstatus(struct core_buf *b, const struct cv_core_event *ev);
int core_note_prpsinfo(struct core_buf *b, const struct cv_core_event *ev, const char *psargs);

/* Append the FPU's notes from the event's FXSAVE image: NT_PRFPREG (and
 * i386's NT_PRXFPREG) in the ABI's layouts (core_fpregs.c); 0 or -1. */
int core_note_fpregs(struct core_buf *b, const struct cv_core_event *ev);

/* Append len bytes to b; 0 or -1 (out of memory). */
int core_buf_put(struct core_buf *b, const void *data, size_t len);

/* Release b's memory. */
void core_buf_free(struct core_buf *b);

#endif
