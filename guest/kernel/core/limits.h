/* Table sizes more than one layer sizes its tables by. */
#ifndef CORE_LIMITS_H
#define CORE_LIMITS_H

#define NPROC 128 /* processes; address spaces and kernel-map windows, one per process */

#endif
