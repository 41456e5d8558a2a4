/* The notes (PT_NOTE) of an i386 ELF core file, laid out as Linux's
 * binfmt_elf writes them for a 32-bit process: NT_PRSTATUS, NT_PRPSINFO,
 * NT_SIGINFO, NT_AUXV and NT_FILE, in that order. */
#ifndef VMM_COREDUMP_CORE_NOTES_H
#define VMM_COREDUMP_CORE_NOTES_H

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

/* Append len bytes to b; 0 or -1 (out of memory). */
int core_buf_put(struct core_buf *b, const void *data, size_t len);

/* Release b's memory. */
void core_buf_free(struct core_buf *b);

#endif
