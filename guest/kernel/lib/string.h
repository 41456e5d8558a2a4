/* Freestanding string and memory functions: the block copies are the
 * kernel's own (string.c); lengths and comparisons are shared with cvlibc. */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

#include "../../common/freestanding/cstring.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);

#endif
