/* The version of cowvisor, shared by the VMM and the kernel. */
#ifndef SHARED_VERSION_H
#define SHARED_VERSION_H

#define CV_VERSION_STRING "0.1.0"

/* What the guest kernel says it is (uname, /proc/version): Linux's
 * interface, cowvisor's kernel. */
#define CV_UTS_SYSNAME "Linux"
#define CV_UTS_RELEASE "6.1.0-cowvisor"
#define CV_UTS_VERSION "#1 " CV_VERSION_STRING
#define CV_UTS_MACHINE "i686"       /* what i386 programs see (as under linux32) */
#define CV_UTS_MACHINE64 "x86_64"   /* what x86-64 programs see */

#endif
