/* Exit statuses of the cowvisor host program (as timeout(1) and env(1)). */
#ifndef SHARED_EXITCODES_H
#define SHARED_EXITCODES_H

#define CV_EXIT_TIMEOUT      124
#define CV_EXIT_FAILURE      125 /* cowvisor itself failed, or the guest kernel */
#define CV_EXIT_NOEXEC       126 /* PROGRAM is not a static i386 or x86-64 ELF */
#define CV_EXIT_NOTFOUND     127 /* PROGRAM not found */
#define CV_EXIT_SIGNAL_BASE  128 /* init killed by signal N: 128 + N */

#endif
