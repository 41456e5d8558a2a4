/* Linux clone(2) flags (the same on i386 and x86-64): the kernel's fork
 * family and --strace read them from here. */
#ifndef SHARED_LINUX_CLONE_H
#define SHARED_LINUX_CLONE_H

#define CSIGNAL              0x000000ffu /* the low byte: the exit signal */
#define CLONE_VM             0x00000100u
#define CLONE_FS             0x00000200u
#define CLONE_FILES          0x00000400u
#define CLONE_SIGHAND        0x00000800u
#define CLONE_PIDFD          0x00001000u
#define CLONE_PTRACE         0x00002000u
#define CLONE_VFORK          0x00004000u
#define CLONE_PARENT         0x00008000u
#define CLONE_THREAD         0x00010000u
#define CLONE_NEWNS          0x00020000u
#define CLONE_SYSVSEM        0x00040000u
#define CLONE_SETTLS         0x00080000u
#define CLONE_PARENT_SETTID  0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_DETACHED       0x00400000u
#define CLONE_UNTRACED       0x00800000u
#define CLONE_CHILD_SETTID   0x01000000u
#define CLONE_NEWCGROUP      0x02000000u
#define CLONE_NEWUTS         0x04000000u
#define CLONE_NEWIPC         0x08000000u
#define CLONE_NEWUSER        0x10000000u
#define CLONE_NEWPID         0x20000000u
#define CLONE_NEWNET         0x40000000u
#define CLONE_IO             0x80000000u

#endif
