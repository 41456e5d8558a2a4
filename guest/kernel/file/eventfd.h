/* eventfd objects: an open file holding a 64-bit counter that write adds
 * to and read takes (all of it, or one with EFD_SEMAPHORE), blocking at 0
 * and at the top, as Linux's fs/eventfd.c behaves. */
#ifndef FILE_EVENTFD_H
#define FILE_EVENTFD_H

#include <stdbool.h>
#include <stdint.h>

#include "file.h"

/* A new eventfd counting from initval with one reference in *out
 * (semaphore: EFD_SEMAPHORE's reads); flags O_NONBLOCK or 0. 0, -ENOMEM
 * or -ENFILE. */
long eventfd_new(uint64_t initval, bool semaphore, uint32_t flags, struct file **out);

#endif
