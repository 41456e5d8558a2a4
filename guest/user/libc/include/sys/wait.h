/* cvlibc: waiting for children and decoding their status. */
#ifndef CV_SYS_WAIT_H
#define CV_SYS_WAIT_H

#include <sys/types.h>

#include "../../../../../shared/linux_wait.h"

#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s) & 0x7f)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WIFSTOPPED(s)  (((s) & 0xff) == 0x7f)
#define WCOREDUMP(s)   ((s) & 0x80)

struct rusage;

pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
pid_t wait(int *status);

#endif
