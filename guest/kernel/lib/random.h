/* Non-cryptographic random bytes for AT_RANDOM and getrandom(2): a
 * xorshift generator seeded from the TSC. */
#ifndef LIB_RANDOM_H
#define LIB_RANDOM_H

#include <stddef.h>

void random_bytes(void *buf, size_t n);

#endif
