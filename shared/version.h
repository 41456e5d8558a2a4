/* The version of cowvisor, shared by the VMM and the kernel. */
#ifndef SHARED_VERSION_H
#define SHARED_VERSION_H

#define CV_VERSION_STRING "0.1.0"

/* What the guest kernel says it is (uname, /proc/version): Linux's
 * interface, cowvisor's kernel. */
#define CV_UTS_SYSNAME "Linux"
#define CV_LINUX_MAJOR 6            /* the Linux release whose interface it offers */
#define CV_LINUX_MINOR 1
#define CV_STR_(x) #x
#define CV_STR(x) CV_STR_(x)
#define CV_UTS_RELEASE CV_STR(CV_LINUX_MAJOR) "." CV_STR(CV_LINUX_MINOR) ".0-cowvisor"
/* That release as Linux's LINUX_VERSION_CODE (the vDSO's "Linux" note). */
#define CV_LINUX_VERSION_CODE ((CV_LINUX_MAJOR << 16) | (CV_LINUX_MINOR << 8))
#define CV_UTS_VERSION "#1 " CV_VERSION_STRING
#define CV_UTS_MACHINE "i686"       /* what i386 programs see (as under linux32) */
#define CV_UTS_MACHINE64 "x86_64"   /* what x86-64 programs see */

#endif
