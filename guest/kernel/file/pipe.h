/* Pipes: a 64 KiB ring buffer (Linux's default capacity) between a read
 * end and a write end. */
#ifndef FILE_PIPE_H
#define FILE_PIPE_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#define PIPE_BUF      4096  /* writes up to this size are atomic */
#include "ring.h"

#define PIPE_CAPACITY RING_CAPACITY

struct pipe;

/* A new pipe with one reader and one writer in *out: 0, -ENFILE when all
 * pipes are in use, -ENOMEM when no frame is left for its buffer. */
int pipe_create(struct pipe **out);

/* Read up to len bytes into user memory; blocks while empty and a writer
 * exists. Returns bytes, 0 at EOF, -EAGAIN, -EINTR or -EFAULT. */
long pipe_read(struct pipe *p, uaddr_t ubuf, uint32_t len, bool nonblock);

/* Write len bytes from user memory; blocks while full. With no reader:
 * SIGPIPE to the writer and -EPIPE. Returns bytes written or -errno. */
long pipe_write(struct pipe *p, uaddr_t ubuf, uint32_t len, bool nonblock);

/* One more end of a pipe opened (FIFOs, a pipe reopened through
 * /proc/PID/fd); wakes those waiting for it. */
void pipe_open(struct pipe *p, bool writer);

/* How many ends of one kind are open. */
int pipe_ends(const struct pipe *p, bool writer);

struct file;

/* The poll events and FIONREAD count of an open end of a pipe or FIFO
 * (file_ops.poll and .nread; f->pipe_writer tells which end). */
uint32_t pipe_poll(struct file *f);
long pipe_nread(struct file *f);

/* One end closed (writer: the write end). The pipe is freed with its last end. */
void pipe_close(struct pipe *p, bool writer);

#endif
