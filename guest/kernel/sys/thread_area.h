/* i386 TLS descriptors from a struct user_desc (set_thread_area, clone's
 * CLONE_SETTLS). */
#ifndef SYS_THREAD_AREA_H
#define SYS_THREAD_AREA_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

/* Read and check the user_desc at uinfo: its TLS slot (0 ..
 * GDT_TLS_COUNT-1) and GDT descriptor. Entry -1 picks the current
 * thread's first free slot when can_allocate (and tells the user where),
 * else is EINVAL. 0, -EFAULT, -EINVAL or -ESRCH (no free slot). */
long thread_area_read(uaddr_t uinfo, bool can_allocate, int *slot, uint64_t *desc);

#endif
