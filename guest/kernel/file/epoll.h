/* epoll instances (Linux's eventpoll): open files holding an interest
 * list of (file, fd) registrations, each with the events it asks for and
 * the caller's 64-bit data. A registration does not hold its file: it goes
 * when the file's last reference does (file_put calls epoll_file_gone). */
#ifndef FILE_EPOLL_H
#define FILE_EPOLL_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../shared/linux_epoll.h"
#include "../mm/uaddr.h"
#include "file.h"

extern const struct file_ops epoll_fops;

/* Is f an epoll instance? */
bool file_is_epoll(const struct file *f);

/* A new, empty epoll instance with one reference in *out: 0, -ENOMEM
 * or -ENFILE. */
long epoll_new(struct file **out);

/* epoll_ctl's op (ADD, MOD, DEL) on instance ep for file tf open at fd,
 * with ev (ADD, MOD) already read from the caller: 0 or -errno (EINVAL,
 * EEXIST, ENOENT, ELOOP, ENOSPC, ENOMEM). The caller checked the
 * descriptors and that tf can be polled. */
long epoll_ctl_file(struct file *ep, int op, struct file *tf, int fd,
		    const struct linux_epoll_event *ev);

/* Report up to max ready registrations of ep into the caller's array at
 * uevents, as epoll_wait does: how many (0: none ready), or -EFAULT when
 * none could be written. *recheck set as file_poll's POLL_RECHECK says. */
long epoll_collect(struct file *ep, uaddr_t uevents, uint32_t max, bool *recheck);

/* f's last reference is going: drop its registrations everywhere. */
void epoll_file_gone(struct file *f);

#endif
