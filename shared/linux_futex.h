/* Linux futex(2) operation words (linux/futex.h): the command in the low
 * bits, the private and clock flags above it. */
#ifndef SHARED_LINUX_FUTEX_H
#define SHARED_LINUX_FUTEX_H

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128 /* the word is not shared with another address space */
#define FUTEX_CLOCK_REALTIME 256 /* WAIT_BITSET's absolute timeout is CLOCK_REALTIME's */
#define FUTEX_CMD_MASK       (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu /* FUTEX_WAIT's and FUTEX_WAKE's bitset */

#endif
