/* pipe_nomem: with RAM used up to a few free frames, pipe() fails with
 * ENOMEM (its 64 KiB buffer cannot be had; ENFILE would mean the file
 * table is full); once the memory is given back, pipe() works again.
 * Run it with a small --mem: it touches almost every free page. */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "errname.h"

#define SPARE 8 /* free frames left: fewer than a pipe's 16 */

/* Free RAM in pages. */
static unsigned long free_pages(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return si.freeram * si.mem_unit / 4096;
}

int main(void)
{
	unsigned long have = free_pages(), touched = 0;
	size_t len = have * 4096;
	volatile char *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fds[2], rc, err, ok;

	if (mem == MAP_FAILED)
		return 2;
	/* Half of what is left over SPARE at a time (page tables take some). */
	for (unsigned long f; (f = free_pages()) > SPARE && touched < have;)
		for (unsigned long n = (f - SPARE + 1) / 2; n > 0 && touched < have; n--)
			mem[4096 * touched++] = 1;
	rc = pipe(fds);
	err = errno;
	printf("pipe with %lu free frames: %s\n", free_pages(), rc == 0 ? "ok" : errname(err));
	ok = rc == -1 && err == ENOMEM;
	munmap((void *)mem, len);
	rc = pipe(fds);
	printf("pipe after munmap: %s\n", rc == 0 ? "ok" : errname(errno));
	return ok && rc == 0 ? 0 : 1;
}
