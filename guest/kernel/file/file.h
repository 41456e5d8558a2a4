/* Open files: the objects file descriptors refer to (console, file-tree
 * nodes, pipes), shared by dup and fork, and the per-process fd table. */
#ifndef FILE_FILE_H
#define FILE_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "../fs/fs.h"

#include "../../../shared/linux_fcntl.h"

enum file_type { FT_CONSOLE, FT_NODE, FT_PIPE };

struct pipe;

struct file {
	enum file_type type;
	int refs;
	uint32_t flags;        /* O_ACCMODE, O_APPEND, O_NONBLOCK */
	uint64_t off;          /* FT_NODE: position (directories: entry index) */
	struct fnode *node;    /* FT_NODE */
	struct fs_dir_cursor dir; /* FT_NODE directories: where getdents stopped */
	struct pipe *pipe;     /* FT_PIPE */
	bool pipe_writer;      /* FT_PIPE: the write end */
	int stream;            /* FT_CONSOLE: enum cv_console_stream for writes */
};

/* A new open file with one reference; NULL when the table is full. */
struct file *file_alloc(enum file_type type, uint32_t flags);

/* Take or drop a reference; the last drop closes the file. */
struct file *file_get(struct file *f);
void file_put(struct file *f);

/* read/write on an open file from/to user memory of the current process.
 * Return bytes transferred or -errno. */
long file_read(struct file *f, uint32_t ubuf, uint32_t len);
long file_write(struct file *f, uint32_t ubuf, uint32_t len);

/* The open file behind fd of the current process, or NULL. */
struct file *fd_file(int fd);

/* Install f at the lowest free fd >= min; the fd or -EMFILE. */
int fd_install(struct file *f, int min, bool cloexec);

/* Close fd of the current process; 0 or -EBADF. */
int fd_close(int fd);

/* Console I/O used by file_read/file_write and the kernel. */
long console_read(uint32_t ubuf, uint32_t len, bool nonblock);
long console_write_user(int stream, uint32_t ubuf, uint32_t len);

/* The console as a terminal (console_tty.c): its ioctls (termios, window
 * size, job control) and the job-control checks before a read (SIGTTIN
 * for a background group) and a write (SIGTTOU with TOSTOP): 0 to go on,
 * or -errno to return (-EINTR: the caller's group was sent the signal). */
long console_ioctl(uint32_t cmd, uint32_t uarg);
long console_check_read(void);
long console_check_write(void);

#endif
