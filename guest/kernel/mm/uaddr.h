/* The type of a user virtual address. */
#ifndef MM_UADDR_H
#define MM_UADDR_H

#include <stdint.h>

/* A user virtual address (any ABI's; an i386 program's are zero-extended). */
typedef uint64_t uaddr_t;

#endif
