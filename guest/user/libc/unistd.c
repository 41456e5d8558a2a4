/* cvlibc: process and file-descriptor calls. */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "internal.h"

/* _exit(2): ends every thread of the process (exit_group). */
void _exit(int status)
{
	for (;;)
		__cv_syscall6(SYS_exit_group, status, 0, 0, 0, 0, 0);
}

/* exit(3): nothing is buffered, so this is _exit. */
void exit(int status)
{
	_exit(status);
}

/* abort(3): SIGABRT, or exit 127 if that does not end the process. */
void abort(void)
{
	kill(getpid(), SIGABRT);
	_exit(127);
}

/* read(2). */
ssize_t read(int fd, void *buf, size_t n)
{
	return SYSCALL3(SYS_read, fd, buf, n);
}

/* write(2). */
ssize_t write(int fd, const void *buf, size_t n)
{
	return SYSCALL3(SYS_write, fd, buf, n);
}

/* open(2): MODE is read only with O_CREAT; O_LARGEFILE is always set. */
int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return SYSCALL3(SYS_open, path, flags | O_LARGEFILE, mode);
}

/* close(2). */
int close(int fd)
{
	return SYSCALL1(SYS_close, fd);
}

/* lseek(2) with a 32-bit offset. */
off_t lseek(int fd, off_t off, int whence)
{
	return SYSCALL3(SYS_lseek, fd, off, whence);
}

/* unlink(2). */
int unlink(const char *path)
{
	return SYSCALL1(SYS_unlink, path);
}

/* getpid(2). */
pid_t getpid(void)
{
	return SYSCALL0(SYS_getpid);
}

/* getppid(2). */
pid_t getppid(void)
{
	return SYSCALL0(SYS_getppid);
}

/* fork(2). */
pid_t fork(void)
{
	return SYSCALL0(SYS_fork);
}

/* execve(2). */
int execve(const char *path, char *const argv[], char *const envp[])
{
	return SYSCALL3(SYS_execve, path, argv, envp);
}

/* wait4(2). */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	return SYSCALL4(SYS_wait4, pid, status, options, ru);
}

/* waitpid(2), through wait4. */
pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

/* wait(2): any child. */
pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

/* pipe(2). */
int pipe(int fds[2])
{
	return SYSCALL1(SYS_pipe, fds);
}

/* pipe2(2). */
int pipe2(int fds[2], int flags)
{
	return SYSCALL2(SYS_pipe2, fds, flags);
}

/* dup(2). */
int dup(int fd)
{
	return SYSCALL1(SYS_dup, fd);
}

/* dup2(2). */
int dup2(int fd, int newfd)
{
	return SYSCALL2(SYS_dup2, fd, newfd);
}

/* kill(2). */
int kill(pid_t pid, int sig)
{
	return SYSCALL2(SYS_kill, pid, sig);
}

/* raise(3): the signal to this process. */
int raise(int sig)
{
	return kill(getpid(), sig);
}

/* sched_yield(2). */
int sched_yield(void)
{
	return SYSCALL0(SYS_sched_yield);
}
