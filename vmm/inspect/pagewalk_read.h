/* Reading a process's virtual memory from the host through its page
 * tables (the checked accessor underneath). */
#ifndef VMM_INSPECT_PAGEWALK_READ_H
#define VMM_INSPECT_PAGEWALK_READ_H

#include <stddef.h>
#include <stdint.h>

#include "pagewalk.h"

/* Copy up to len bytes at virtual address va under cr3 (mode) into dst,
 * page by page; returns how many bytes were copied before the first page
 * that is not mapped or not in RAM. */
size_t pw_read_virt(const struct guest_mem *gm, enum pw_mode mode, uint64_t cr3, uint64_t va,
		    void *dst, size_t len);

#endif
