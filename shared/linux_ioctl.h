/* Linux i386 ioctl request numbers (asm-generic/ioctls.h), for the guest
 * kernel. */
#ifndef SHARED_LINUX_IOCTL_H
#define SHARED_LINUX_IOCTL_H

#define FIONREAD  0x541B /* also TIOCINQ: bytes readable now (int) */
#define FIONBIO   0x5421 /* int: non-zero sets O_NONBLOCK */
#define FIONCLEX  0x5450 /* clear close-on-exec */
#define FIOCLEX   0x5451 /* set close-on-exec */

#endif
