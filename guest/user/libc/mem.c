/* cvlibc: the program break and memory mappings. */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include "internal.h"

/* The kernel's brk: returns the new break, or the old one on failure. */
static uintptr_t raw_brk(uintptr_t addr)
{
	return (uintptr_t)__cv_syscall6(SYS_brk, (long)addr, 0, 0, 0, 0, 0);
}

/* brk(2): 0, or -1 with ENOMEM when the kernel would not move the break. */
int brk(void *addr)
{
	if (raw_brk((uintptr_t)addr) < (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* sbrk(2): moves the break by INCR; returns the old break or (void *)-1. */
void *sbrk(intptr_t incr)
{
	uintptr_t cur = raw_brk(0), want = cur + (uintptr_t)incr;

	if (incr == 0)
		return (void *)cur;
	if ((incr > 0 && want < cur) || (incr < 0 && want > cur) ||
	    raw_brk(want) != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)cur;
}

/* mmap(2) through mmap2 (192), whose offset counts 4 KiB pages. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r;

	if (off & 4095) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	r = __cv_syscall6(SYS_mmap2, (long)addr, (long)len, prot, flags, fd,
			  (long)((unsigned long)off >> 12));
	if (__CV_IS_ERR(r)) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

/* munmap(2). */
int munmap(void *addr, size_t len)
{
	return SYSCALL2(SYS_munmap, addr, len);
}

/* mprotect(2). */
int mprotect(void *addr, size_t len, int prot)
{
	return SYSCALL3(SYS_mprotect, addr, len, prot);
}
