/* cvlibc: POSIX process, file and memory calls. */
#ifndef CV_UNISTD_H
#define CV_UNISTD_H

#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

void _exit(int status) __attribute__((noreturn));
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
pid_t getpid(void);
pid_t getppid(void);
pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int fd, int newfd);
int brk(void *addr);
void *sbrk(intptr_t incr);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int sched_yield(void);
long syscall(long nr, ...);

#endif
