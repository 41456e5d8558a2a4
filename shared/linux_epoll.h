/* Linux epoll(7): event bits, epoll_ctl operations, flags and limits
 * (uapi/linux/eventpoll.h, fs/eventpoll.c), and struct epoll_event. */
#ifndef SHARED_LINUX_EPOLL_H
#define SHARED_LINUX_EPOLL_H

#include <stdint.h>

#include "linux_fcntl.h"
#include "linux_poll.h"

/* The readiness bits are poll's (EPOLLIN == POLLIN ...); these are epoll's own. */
#define EPOLLEXCLUSIVE (1u << 28) /* wake one of several waiters (ADD only) */
#define EPOLLWAKEUP    (1u << 29) /* keep the system awake: needs CAP_BLOCK_SUSPEND */
#define EPOLLONESHOT   (1u << 30) /* disabled after one report until EPOLL_CTL_MOD */
#define EPOLLET        (1u << 31) /* edge-triggered */

/* The bits that are not readiness (Linux's EP_PRIVATE_BITS). */
#define EPOLL_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

/* What may come with EPOLLEXCLUSIVE (Linux's EPOLLEXCLUSIVE_OK_BITS). */
#define EPOLLEXCLUSIVE_OK_BITS (POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | \
				EPOLLET | EPOLLEXCLUSIVE)

/* epoll_ctl's operations. */
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

#define EPOLL_CLOEXEC O_CLOEXEC /* epoll_create1's only flag */

#define EPOLL_MAX_NESTS 4 /* epoll instances inside one another, at most */

/* struct epoll_event: 12 bytes in both ABIs (x86-64 packs it, i386's
 * alignment of a u64 is 4). */
struct linux_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));
_Static_assert(sizeof(struct linux_epoll_event) == 12, "struct epoll_event");

/* The most events one epoll_wait may ask for (Linux's EP_MAX_EVENTS). */
#define EPOLL_MAX_EVENTS (0x7fffffff / (int)sizeof(struct linux_epoll_event))

#endif
