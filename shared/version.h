/* The version of cowvisor, shared by the VMM and the kernel. */
#ifndef SHARED_VERSION_H
#define SHARED_VERSION_H

#define CV_VERSION_STRING "0.1.0"

#endif
