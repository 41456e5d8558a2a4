/* Default kernel lookup. */
#include "kernel_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kernel_default_path(char *buf, size_t len)
{
	const char *env = getenv(CV_KERNEL_ENV);
	char exe[4096];
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(buf, len, "kernel.elf");
		return -1;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(buf, len, "%s/kernel.elf", exe);
	if (access(buf, F_OK) == 0)
		return 0;
	snprintf(buf, len, "%s/../lib/cowvisor/kernel.elf", exe);
	return access(buf, F_OK) == 0 ? 0 : -1;
}
